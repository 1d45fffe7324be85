"""A cache of parsed files kept between builds, valid per file while its stat is unchanged.

A file is identified by (size, mtime, ctime, inode); ctime cannot be set back by any tool.
Like git's index, an entry is only kept when the file is older than the clock's granularity
could hide: a file rewritten within that window might keep its stat, so it is parsed again.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)
FORMAT = 1  # bump when what is cached changes shape
RACY_NS = 2_000_000_000  # files younger than this are not trusted to change their stat
T = TypeVar("T")


def cache_root(root: Path) -> Path:
    """Return the project's cache folder (git-ignored, safe to delete)."""
    return root / ".site-builder" / "cache"


def stat_key(st: os.stat_result) -> tuple[int, ...]:
    """Return what identifies one version of a file."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class StatCache(Generic[T]):
    """Parsed values by file name; `get` parses only files whose stat changed."""

    def __init__(self, path: Path | None, version: str) -> None:
        self.path, self.version = path, f"{FORMAT}:{version}"
        self._old: dict[str, tuple[tuple[int, ...], T]] = self._load() if path else {}
        self._new: dict[str, tuple[tuple[int, ...], T]] = {}
        self._dirty = False

    def get(self, path: Path, parse: Callable[[Path], T]) -> T:
        """Return path's parsed value, from the cache when the file did not change."""
        st = os.stat(path)
        key = stat_key(st)
        known = self._old.get(path.name)
        if known is not None and known[0] == key:
            self._new[path.name] = known
            return known[1]
        value = parse(path)
        self.put(path, value, st)
        return value

    def put(self, path: Path, value: T, st: os.stat_result | None = None) -> None:
        """Remember a value just parsed or written (unless the file is too new to trust)."""
        st = st or os.stat(path)
        self._dirty = True
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            self._new[path.name] = (stat_key(st), value)
        else:
            self._new.pop(path.name, None)

    def save(self) -> None:
        """Write back the entries of the files seen this build, if any changed."""
        if self.path is None or (not self._dirty and self._new.keys() == self._old.keys()):
            return
        data = pickle.dumps((self.version, self._new), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, self.path)
        except OSError as exc:  # only a cache: the next build parses again
            log.warning("%s: cannot write cache: %s", self.path, exc.strerror or exc)

    def _load(self) -> dict[str, tuple[tuple[int, ...], Any]]:
        """Read the cache; a missing, damaged or other-version one is empty."""
        try:
            version, entries = pickle.loads(self.path.read_bytes())  # type: ignore[union-attr]
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError,
                AttributeError, ImportError, IndexError):
            return {}
        return entries if version == self.version and isinstance(entries, dict) else {}
