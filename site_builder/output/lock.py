"""One build at a time per site: an advisory lock file beside site.toml."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

from site_builder.errors import UserError

log = logging.getLogger(__name__)
LOCK_NAME = ".site-builder.lock"
# POSIX record locks (lockf) belong to a process, so they do not exclude threads of one
# process: a lock per site folder does that.
_THREAD_LOCKS: dict[Path, threading.Lock] = {}
_GUARD = threading.Lock()


class LockError(UserError):
    """The site folder cannot hold the lock file (read-only or missing); names the file."""


@contextlib.contextmanager
def site_lock(root: Path) -> Iterator[None]:
    """Hold the site's lock; a second build waits for the first instead of interleaving writes."""
    path = Path(root).resolve() / LOCK_NAME
    with _GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(path, threading.Lock())
    with thread_lock:
        try:
            handle = open(path, "a+b")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            message = f"{path}: cannot create the build lock: {exc.strerror or exc}"
            raise LockError(message) from None
        with handle:
            _acquire(handle)
            try:
                yield
            finally:
                fcntl.lockf(handle, fcntl.LOCK_UN)


def _acquire(handle) -> None:
    """Take the process lock, waiting (with a warning) while another build holds it."""
    # lockf, not flock: a flock is shared with forked render workers, and a worker orphaned
    # by a killed build would then hold the site's lock for ever. The kernel drops a lockf
    # lock when its process dies, and children never inherit it.
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log.warning("another build of this site is running; waiting for it to finish")
        fcntl.lockf(handle, fcntl.LOCK_EX)
