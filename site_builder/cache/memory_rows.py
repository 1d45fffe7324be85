"""The memory's rows by PO file, kept between builds and valid while a file's stat holds."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from site_builder.cache.stamps import StatCache
from site_builder.cache.store import Store
from site_builder.files import Stamp, stamp_of, trusted
from site_builder.translate import po as memory_po
from site_builder.translate.po import Row


class RowCache:
    """The rows of every PO file by stat, kept in SHARDS pickles: a change rewrites one.

    Rows are pickled as plain tuples: three times faster to write and read than named ones.
    """

    SHARDS = 16

    def __init__(self, path: Path | None, store: Store | None = None) -> None:
        self.path = path
        self._shards: list[StatCache[tuple[tuple, ...]]] = [
            StatCache(path.with_name(f"{path.stem}-{i:x}{path.suffix}"), "memory-rows", store)
            for i in range(self.SHARDS)] if path is not None else []
        # Shards given new rows since the last save; None until the first save, which lets
        # every shard decide (a file gone since the cache was written changes one too).
        self._dirty: set[int] | None = None

    def get(self, path: Path) -> tuple[Row, ...]:
        """Return a file's rows, parsed only if its stat changed since they were kept."""
        if not self._shards:
            return memory_po.read_rows(path)
        number = self._number(path)

        def parse(text: str, path: Path) -> tuple[tuple, ...]:
            if self._dirty is not None:
                self._dirty.add(number)
            return tuple(map(tuple, memory_po.file_rows(text, path)))

        # a file just written (by the last build) is read back, not parsed, if it is the same
        shard = self._shards[number]
        return tuple(map(Row._make, shard.get_text(path, memory_po.read_po_text, parse)))

    def put(self, path: Path, rows: tuple[Row, ...], text: str | None = None) -> None:
        """Keep the rows of a file just written (with its text: see StatCache.put)."""
        if self._shards:
            number = self._number(path)
            self._shards[number].put(path, tuple(map(tuple, rows)), text=text)
            if self._dirty is not None:
                self._dirty.add(number)

    def save(self) -> None:
        """Write the shards that changed."""
        for number, shard in enumerate(self._shards):
            if self._dirty is None or number in self._dirty:
                shard.save()
        self._dirty = set()
        if self.path is not None:
            self.path.unlink(missing_ok=True)  # the one-file cache of earlier versions

    def _number(self, path: Path) -> int:
        return zlib.crc32(path.name.encode("utf-8")) % self.SHARDS


def po_files(directory: Path) -> dict[str, os.stat_result]:
    """Return the memory's files as slug -> stat (the folder may not exist yet)."""
    try:
        with os.scandir(directory) as found:  # a tenth of glob + stat for thousands of files
            return {f.name[:-3]: f.stat() for f in found
                    if f.name.endswith(".po") and not f.name.startswith(".")}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def trusted_key(st: os.stat_result) -> Stamp | None:
    """Return a file's stamp, or None when it is too new for its stamp to show a change."""
    key = stamp_of(st)
    return key if trusted(key) else None
