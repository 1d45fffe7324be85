"""Worker processes that die with the build: forked where the system can, else spawned."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def start_method() -> str:
    """Return how workers start: fork where the system can, else spawn (SITE_BUILDER_SPAWN=1
    forces spawn, to test it on Linux)."""
    if os.environ.get("SITE_BUILDER_SPAWN") == "1":
        return "spawn"
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def pool(workers: int, initializer: Callable[..., None] | None = None,
         initargs: tuple[Any, ...] = (), method: str | None = None) -> ProcessPoolExecutor:
    """Return a pool of workers that die with the build (a killed build leaves no orphans)."""
    context = multiprocessing.get_context(method or start_method())
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                               initargs=(os.getpid(), initializer, initargs))


def _start(parent: int, initializer: Callable[..., None] | None,
           initargs: tuple[Any, ...]) -> None:
    """Start a worker: die with the build, then take its share of the work."""
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when the build dies: a killed build leaves no orphans."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError, TypeError):  # not Linux: at least the check below
        pass
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
