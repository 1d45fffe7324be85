"""Small file operations the content stages share: stat, trust, read, digest, delete."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from site_builder.atomic import note_written
from site_builder.cache import stamps as stat_cache
from site_builder.content.markdown import ContentError


def file_stat(path: Path) -> tuple[int, ...] | None:
    """Return a file's stat key, None if it cannot be statted (e.g. deleted)."""
    try:
        return stat_cache.stat_key(os.stat(path))
    except OSError:
        return None


def trusted(key: tuple[int, ...]) -> bool:
    """True when a file is old enough for a later change to show in its stat (see stat_cache)."""
    return time.time_ns() - max(key[1], key[2]) > stat_cache.RACY_NS  # mtime, ctime


def read_text(path: Path) -> str | None:
    """Return a file's text, None if there is no such file."""
    try:  # bytes that are not UTF-8 become U+FFFD: such a file never equals one the tool wrote
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None


def digest(text: str) -> str:
    """Return the hash by which a generated file's text is recognised."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unlink(path: Path) -> None:
    """Delete a file the build made (recorded as its own write); a failure names the file."""
    try:
        path.unlink(missing_ok=True)
        note_written(path)
    except OSError as exc:
        raise ContentError(f"{path}: cannot delete: {exc.strerror or exc}") from None
