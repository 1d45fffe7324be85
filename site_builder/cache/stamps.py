"""A cache of parsed files kept between builds, valid per file while its stat is unchanged.

A file is identified by (size, mtime, ctime, inode); ctime cannot be set back by any tool.
Like git's index, an entry is only kept when the file is older than the clock's granularity
could hide: a file rewritten within that window might keep its stat, so it is parsed again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from site_builder.cache.store import LOAD_ERRORS, Store
from site_builder.files import digest, stamp_of, trusted

FORMAT = 1  # bump when what is cached changes shape
T = TypeVar("T")


def cache_root(root: Path) -> Path:
    """Return the project's cache folder (git-ignored, safe to delete)."""
    return root / ".site-builder" / "cache"


class StatCache(Generic[T]):
    """Parsed values by file name (or path under relative_to); `get` parses changed files only."""

    def __init__(self, path: Path | None, version: str, store: Store | None = None,
                 relative_to: Path | None = None) -> None:
        self.path, self.version = path, f"{FORMAT}:{version}"
        self.store = store if store is not None else Store()
        self.relative_to = relative_to  # files in subfolders: keyed by their path under it
        # name -> (stamp, value), or (stamp, value, text digest) for a file too new to trust
        self._old: dict[str, tuple[Any, ...]] = self._load() if path else {}
        self._new: dict[str, tuple[Any, ...]] = {}
        self._dirty = False

    def get(self, path: Path, parse: Callable[[Path], T]) -> T:
        """Return path's parsed value, from the cache when the file did not change."""
        st, known = self._entry(path)
        if known is not None and len(known) == 2:  # a stat to trust
            self._new[self._name(path)] = known
            return known[1]
        value = parse(path)
        self.put(path, value, st)
        return value

    def get_text(self, path: Path, read: Callable[[Path], str],
                 parse: Callable[[str, Path], T]) -> T:
        """Return the value parsed from path's text, from the cache when the file did not change.

        A file too new for its stat to be trusted (just written: by the build before, or by
        whoever made the site) is kept with its text's digest, and its value reused while the
        text it holds is the same: reading a file back costs a fraction of parsing it.
        """
        st, known = self._entry(path)
        if known is not None and len(known) == 2:
            self._new[self._name(path)] = known
            return known[1]
        text = read(path)
        check = digest(text)  # of the very text parsed, so it can never vouch for another
        value = known[1] if known is not None and known[2] == check else parse(text, path)
        self._keep(path, stamp_of(st), value, check)
        return value

    def put(self, path: Path, value: T, st: os.stat_result | None = None,
            text: str | None = None) -> None:
        """Remember a value just parsed or written.

        text: what the file was written with; if the file is too new for its stat to be
        trusted, the value is kept with the text's digest (see get_text), else not at all.
        """
        key = stamp_of(st or os.stat(path))
        self._keep(path, key, value, digest(text) if text is not None and not trusted(key)
                   else None)

    def _entry(self, path: Path) -> tuple[os.stat_result, tuple[Any, ...] | None]:
        """Stat path; return the stat and the cache's entry for that very stat (else None)."""
        st = os.stat(path)
        known = self._old.get(self._name(path))
        return st, known if known is not None and known[0] == stamp_of(st) else None

    def _keep(self, path: Path, key: tuple[int, ...], value: T, check: str | None) -> None:
        """Keep a value by its file's stamp; a stamp too new to trust only with its text's
        digest (check), else not at all."""
        self._dirty = True
        if trusted(key):
            self._new[self._name(path)] = (key, value)
        elif check is not None:
            self._new[self._name(path)] = (key, value, check)
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
        self.store.save(self.path, (self.version, dict(self._new)))

    def _load(self) -> dict[str, tuple[tuple[int, ...], Any]]:
        """Read the cache; a missing, damaged or other-version one is empty."""
        try:
            version, entries = self.store.load(self.path)  # type: ignore[arg-type]
        except LOAD_ERRORS:
            return {}
        return entries if version == self.version and isinstance(entries, dict) else {}


def hinted_names(folder: Path, suffix: str, changed: frozenset[str]) -> set[str]:
    """Return the names of folder's `suffix` files (not hidden) among the paths a watcher saw."""
    prefix = f"{folder}{os.sep}"
    names = (path[len(prefix):] for path in changed if path.startswith(prefix))
    return {name for name in names if name.endswith(suffix) and os.sep not in name
            and not name.startswith(".")}
