"""A cache of parsed files kept between builds, valid per file while its stat is unchanged.

A file is identified by (size, mtime, ctime, inode); ctime cannot be set back by any tool.
Like git's index, an entry is only kept when the file is older than the clock's granularity
could hide: a file rewritten within that window might keep its stat, so it is parsed again.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from site_builder.files import Stamp, stamp, stamp_of, trusted, write_atomic

log = logging.getLogger(__name__)
FORMAT = 1  # bump when what is cached changes shape
T = TypeVar("T")
# Cache files this process last read or wrote, by path: a warm process (serve) skips unpickling
# them again while their stat is the one it saw. Values are shared: callers must not mutate them.
_MEMO: dict[str, tuple[tuple[int, ...] | None, Any]] = {}
# Cache files whose newest value is only in _MEMO, when writes are deferred (serve): a cache on
# disk older than its files is still right, every entry being checked, only slower to use.
_DEFERRED: set[str] | None = None


def cache_root(root: Path) -> Path:
    """Return the project's cache folder (git-ignored, safe to delete)."""
    return root / ".site-builder" / "cache"


class StatCache(Generic[T]):
    """Parsed values by file name (or path under relative_to); `get` parses changed files only."""

    def __init__(self, path: Path | None, version: str, relative_to: Path | None = None) -> None:
        self.path, self.version = path, f"{FORMAT}:{version}"
        self.relative_to = relative_to  # files in subfolders: keyed by their path under it
        self._old: dict[str, tuple[tuple[int, ...], T]] = self._load() if path else {}
        self._new: dict[str, tuple[tuple[int, ...], T]] = {}
        self._dirty = False

    def get(self, path: Path, parse: Callable[[Path], T]) -> T:
        """Return path's parsed value, from the cache when the file did not change."""
        st = os.stat(path)
        key = stamp_of(st)
        name = self._name(path)
        known = self._old.get(name)
        if known is not None and known[0] == key:
            self._new[name] = known
            return known[1]
        value = parse(path)
        self.put(path, value, st)
        return value

    def put(self, path: Path, value: T, st: os.stat_result | None = None) -> None:
        """Remember a value just parsed or written (unless the file is too new to trust)."""
        st = st or os.stat(path)
        self._dirty = True
        if trusted(stamp_of(st)):
            self._new[self._name(path)] = (stamp_of(st), value)
        else:
            self._new.pop(self._name(path), None)

    def _name(self, path: Path) -> str:
        if self.relative_to is None:
            return path.name
        return path.relative_to(self.relative_to).as_posix()

    def save(self) -> None:
        """Write back the entries of the files seen this build, if any changed."""
        if self.path is None or (not self._dirty and self._new.keys() == self._old.keys()):
            return
        try:
            save_pickle(self.path, (self.version, dict(self._new)))
        except OSError as exc:  # only a cache: the next build parses again
            log.warning("%s: cannot write cache: %s", self.path, exc.strerror or exc)

    def _load(self) -> dict[str, tuple[tuple[int, ...], Any]]:
        """Read the cache; a missing, damaged or other-version one is empty."""
        try:
            version, entries = load_pickle(self.path)  # type: ignore[arg-type]
        except LOAD_ERRORS:
            return {}
        return entries if version == self.version and isinstance(entries, dict) else {}


LOAD_ERRORS = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
               ImportError, IndexError)


def defer_writes() -> None:
    """Keep cache files' new values in memory until flush_writes (for a long-lived process)."""
    global _DEFERRED
    if _DEFERRED is None:
        _DEFERRED = set()


def writes_deferred() -> bool:
    """Tell whether cache writes are held in memory (a long-lived process, see defer_writes)."""
    return _DEFERRED is not None


def flush_writes() -> None:
    """Write the cache files whose writes were deferred, and stop deferring."""
    global _DEFERRED
    pending, _DEFERRED = _DEFERRED or set(), None
    for name in sorted(pending):
        try:
            save_pickle(Path(name), _MEMO[name][1])
        except OSError as exc:  # only a cache: the next process parses again
            log.warning("%s: cannot write cache: %s", name, exc.strerror or exc)


def load_pickle(path: Path) -> Any:
    """Return a pickled cache file's value, from memory when this process saw this version."""
    key = _stat_or_none(path)
    known = _MEMO.get(str(path))
    if known is not None and known[0] == key:
        return known[1]
    value = pickle.loads(path.read_bytes())
    _MEMO[str(path)] = (key, value)
    return value


def save_pickle(path: Path, value: Any) -> None:
    """Write a cache file atomically and remember its value for this process's next load."""
    if _DEFERRED is not None:
        _MEMO[str(path)] = (_stat_or_none(path), value)
        _DEFERRED.add(str(path))
        return
    write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    _MEMO[str(path)] = (stamp(path), value)


def _stat_or_none(path: Path) -> Stamp | None:
    return stamp(path)


def hinted_names(folder: Path, suffix: str, changed: frozenset[str]) -> set[str]:
    """Return the names of folder's `suffix` files (not hidden) among the paths a watcher saw."""
    prefix = f"{folder}{os.sep}"
    names = (path[len(prefix):] for path in changed if path.startswith(prefix))
    return {name for name in names if name.endswith(suffix) and os.sep not in name
            and not name.startswith(".")}
