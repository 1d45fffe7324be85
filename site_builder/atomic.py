"""Replace a file whole: a temp file in the same folder, flushed to disk, then renamed over it.

Also where the preview learns which input files a build wrote itself (see recording()).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

Stamp = tuple[int, int, int] | None  # (mtime_ns, size, inode); None: no such file
# While recording: path -> its stamp just after this process wrote or deleted it.
_RECORDED: dict[str, Stamp] | None = None


@contextlib.contextmanager
def recording() -> Iterator[dict[str, Stamp]]:
    """Collect the files written or deleted inside the block, with their stamps just after."""
    global _RECORDED
    _RECORDED = recorded = {}
    try:
        yield recorded
    finally:
        _RECORDED = None


def note_written(path: Path) -> None:
    """Remember a file this process has just written or deleted, if recording."""
    if _RECORDED is not None:
        _RECORDED[str(path)] = stamp(path)


def stamp(path: Path) -> Stamp:
    """Return what tells one version of a file from another, or None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def replace_text(path: Path, text: str) -> None:
    """Write text to path so a kill or a full disk leaves the old file whole; OSError on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _mode_of(path))  # mkstemp's 0600 would lock other editors out
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())  # the rename must not land before the data (power loss)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    note_written(path)


def _mode_of(path: Path) -> int:
    """Return the permissions to give a rewritten file: its current ones, else rw-r--r--."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644
