"""Notice changed input files by polling, and wait out a burst of saves before reporting them."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[str, tuple[int, int, int]]  # path -> (mtime_ns, size, inode)
POLL_SECONDS = 0.2
IDLE_FACTOR = 10
DEBOUNCE_SECONDS = 0.3  # a burst of saves (an editor writing several files) is one rebuild


def take_snapshot(paths: Iterable[Path]) -> Snapshot:
    """Stat every visible file under the given folders (and the given files)."""
    snapshot: Snapshot = {}
    for path in paths:
        if path.is_dir():
            _add_folder(snapshot, str(path))
        elif path.is_file():
            info = path.stat()
            snapshot[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return snapshot


def _add_folder(snapshot: Snapshot, folder: str) -> None:
    """Add the files under folder; scandir's entries spare a syscall per file on big sites."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # removed while we looked: its files show up as removed
    for entry in entries:
        # Editors' swap files and the build's own temp files are not inputs.
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        try:
            if entry.is_dir():
                _add_folder(snapshot, entry.path)
            else:
                info = entry.stat()
                snapshot[entry.path] = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            continue


def changed_paths(before: Snapshot, after: Snapshot) -> set[str]:
    """Return the files added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def wait_for_changes(
    paths: Callable[[], list[Path]],
    since: Snapshot,
    *,
    poll: float = POLL_SECONDS,
    quiet: float = DEBOUNCE_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[set[str], Snapshot]:
    """Block until files change, then until they stop changing for `quiet` seconds."""
    current, interval = since, poll
    while not changed_paths(since, current):
        sleep(interval)
        started = time.perf_counter()
        current = take_snapshot(paths())
        # Polling is a stat per file: on a big site, poll less often to stay under ~10% CPU.
        interval = max(poll, IDLE_FACTOR * (time.perf_counter() - started))
    settled = current
    while True:
        sleep(quiet)
        current = take_snapshot(paths())
        if current == settled:
            return changed_paths(since, current), current
        settled = current
