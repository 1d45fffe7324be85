"""One build at a time per site: an advisory lock file beside site.toml."""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)
LOCK_NAME = ".site-builder.lock"


@contextlib.contextmanager
def site_lock(root: Path) -> Iterator[None]:
    """Hold the site's lock; a second build waits for the first instead of interleaving writes."""
    path = root / LOCK_NAME
    with open(path, "a+b") as handle:  # the kernel drops the lock when the process dies
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another build of this site is running; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
