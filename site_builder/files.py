"""The file operations every stage shares: one stat stamp, one atomic writer, one remover.

A Stamp tells one version of a file from another: (size, mtime, ctime, inode, device). ctime
cannot be set back by any tool, so an edit that keeps the size and restores the mtime (`cp -p`,
`rsync -t`, some editors' safe-save) still changes it. As in git's index, a stamp is only
trusted when the file is older than the clock's granularity could hide (see `trusted`).

Every input file a build writes (content/, translations/, caches) goes through `write_atomic`
or `remove`, which tell the recorder of the running build (`recording`): the preview ignores
the watcher's reports of the build's own writes, and the no-op check knows them from edits.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

Stamp = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device
RACY_NS = 2_000_000_000  # a file younger than this may change without its stamp changing
# The recorders of the running build (nested: the preview's around the build's own), each
# path -> its stamp just after this build wrote or deleted it (None: deleted).
_RECORDERS: contextvars.ContextVar[tuple[dict[str, Stamp | None], ...]] = contextvars.ContextVar(
    "recorders", default=())


def stamp_of(st: os.stat_result) -> Stamp:
    """Return the stamp of a file's stat."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def stamp(path: Path | str) -> Stamp | None:
    """Return a file's stamp, None when there is no such file (or it cannot be statted)."""
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


def trusted(value: Stamp | None) -> bool:
    """True when a file is old enough for any later change to show in its stamp."""
    return value is not None and time.time_ns() - max(value[1], value[2]) > RACY_NS


@contextlib.contextmanager
def recording() -> Iterator[dict[str, Stamp | None]]:
    """Collect the files written or removed inside the block, with their stamps just after."""
    recorded: dict[str, Stamp | None] = {}
    token = _RECORDERS.set((*_RECORDERS.get(), recorded))
    try:
        yield recorded
    finally:
        _RECORDERS.reset(token)


def _note(path: Path) -> None:
    recorders = _RECORDERS.get()
    if recorders:
        now = stamp(path)
        for recorded in recorders:
            recorded[str(path)] = now


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace a file whole: a kill or a full disk leaves the old file; OSError on failure.

    durable=False skips the flush to disk, for files derived from others (a power cut may then
    leave the old file or an empty one, never half of the new one; its stamp tells).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode_of(path))  # mkstemp's 0600 locks other users out
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())  # the rename must not land before the data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _note(path)


def remove(path: Path) -> None:
    """Delete a file the build made; OSError on failure (a missing file is fine)."""
    path.unlink(missing_ok=True)
    _note(path)


def read_text(path: Path) -> str | None:
    """Return a file's text, None if there is no such file."""
    try:  # bytes that are not UTF-8 become U+FFFD: such a file never equals one the tool wrote
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None


def digest(text: str) -> str:
    """Return the hash by which a generated file's text is recognised."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _mode_of(path: Path) -> int:
    """Return the permissions to give a rewritten file: its current ones, else rw-r--r--."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644
