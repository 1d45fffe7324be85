"""Notice changed input files as the OS reports them, one set of paths per burst of saves.

watchfiles (inotify on Linux, FSEvents on macOS, polling where neither works) tells of a save
within milliseconds, and its cost does not grow with the number of files as polling did. Single
files (site.toml) are checked by their stat whenever the watcher wakes: an editor that saves by
renaming a new file into place would leave an OS watch on the file itself watching nothing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from site_builder.files import stamp

log = logging.getLogger(__name__)
QUIET_MS = 50  # saves less than this apart (an editor writing several files) are one burst
LONGEST_BURST_MS = 1600  # a longer stream of saves is reported in parts, not held back for ever
WAKE_MS = 500  # how often the watcher wakes to check the single files and the folders watched


def watch_inputs(paths: Callable[[], list[Path]]) -> Iterator[set[str]]:
    """Yield the input files changed, once per burst of saves, for as long as it is iterated."""
    polling = None  # watchfiles' choice: the OS's notifications where they work
    while True:
        try:
            yield from _watch_folders(paths, polling)
        except OSError as exc:  # e.g. the OS's limit of watched folders is reached
            if polling:
                raise
            log.warning("cannot watch files through the OS (%s): polling them instead", exc)
            polling = True


def _watch_folders(paths: Callable[[], list[Path]], polling: bool | None) -> Iterator[set[str]]:
    """Yield bursts of changes until the set of watched folders changes."""
    import watchfiles  # only the preview server watches files

    folders = _folders(paths())
    files = {str(p): stamp(p) for p in paths() if str(p) not in folders}
    for batch in watchfiles.watch(
        *folders, watch_filter=_InputFilter(folders), step=QUIET_MS, force_polling=polling,
        debounce=LONGEST_BURST_MS, rust_timeout=WAKE_MS, yield_on_timeout=True,
    ):
        changed = {path for _, path in batch}
        for name, before in files.items():
            if stamp(Path(name)) != before:
                files[name] = stamp(Path(name))
                changed.add(name)
        now = _folders(paths())
        changed |= set(folders) ^ set(now)  # a folder came or went: that is a change too
        if changed:
            yield changed
        if now != folders:
            return  # to be watched anew, with the folders there are now


def _folders(paths: list[Path]) -> list[str]:
    """Return the watched paths that are folders now (a missing one is watched once made)."""
    return [str(p) for p in paths if p.is_dir()]


class _InputFilter:
    """Skip what is not an input: hidden files and folders (the build's temp files), backups."""

    def __init__(self, folders: list[str]) -> None:
        self.roots = {folder.rstrip(os.sep) for folder in folders}
        self.folders = [root + os.sep for root in self.roots]

    def __call__(self, _change: object, path: str) -> bool:
        if path.rstrip(os.sep) in self.roots:
            return False  # a watched folder's own time (polling sees it): its files tell more
        inside = next((path[len(f):] for f in self.folders if path.startswith(f)), path)
        return not any(part.startswith(".") or part.endswith("~")
                       for part in inside.split(os.sep) if part)
