"""One build at a time per site: a lock file beside site.toml, on every platform."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import filelock

from site_builder.errors import UserError

log = logging.getLogger(__name__)
LOCK_NAME = ".site-builder.lock"


class LockError(UserError):
    """The site folder cannot hold the lock file (read-only or missing); names the file."""


@contextlib.contextmanager
def site_lock(root: Path) -> Iterator[None]:
    """Hold the site's lock; a second build waits for the first instead of interleaving writes."""
    # filelock takes an OS lock on an open file (flock; LockFileEx on Windows): it excludes
    # other processes and other threads alike (one open file each), the OS drops it when its
    # process dies, and filelock closes the file in forked children, so a render worker that
    # outlives a killed build cannot keep the site locked.
    path = Path(root).resolve() / LOCK_NAME
    lock = filelock.FileLock(path)
    try:
        _acquire(lock)
    except OSError as exc:
        message = f"{path}: cannot create the build lock: {exc.strerror or exc}"
        raise LockError(message) from None
    try:
        yield
    finally:
        lock.release()


def _acquire(lock: filelock.BaseFileLock) -> None:
    """Take the lock, waiting (with one warning) while another build holds it."""
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        log.warning("another build of this site is running; waiting for it to finish")
        lock.acquire()
