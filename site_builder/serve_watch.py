"""Notice changed input files as the OS reports them, one set of paths per burst of saves.

watchfiles (inotify on Linux, FSEvents on macOS, polling where neither works) tells of a save
within milliseconds, and its cost does not grow with the number of files as polling did. Single
files (site.toml) are checked by their stat whenever the watcher wakes: an editor that saves by
renaming a new file into place would leave an OS watch on the file itself watching nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .atomic import stamp

QUIET_MS = 50  # saves less than this apart (an editor writing several files) are one burst
LONGEST_BURST_MS = 1600  # a longer stream of saves is reported in parts, not held back for ever
WAKE_MS = 500  # how often the watcher wakes to check the single files and the folders watched


def watch_inputs(paths: Callable[[], list[Path]]) -> Iterator[set[str]]:
    """Yield the input files changed, once per burst of saves, for as long as it is iterated."""
    import watchfiles  # only the preview server watches files

    while True:
        folders = _folders(paths())
        files = {str(p): stamp(p) for p in paths() if str(p) not in folders}
        for batch in watchfiles.watch(
            *folders, watch_filter=_InputFilter(folders), step=QUIET_MS,
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
                break  # watch the folders there are now


def _folders(paths: list[Path]) -> list[str]:
    """Return the watched paths that are folders now (a missing one is watched once made)."""
    return [str(p) for p in paths if p.is_dir()]


class _InputFilter:
    """Skip what is not an input: hidden files and folders (the build's temp files), backups."""

    def __init__(self, folders: list[str]) -> None:
        self.folders = [folder.rstrip(os.sep) + os.sep for folder in folders]

    def __call__(self, _change: object, path: str) -> bool:
        inside = next((path[len(f):] for f in self.folders if path.startswith(f)), path)
        return not any(part.startswith(".") or part.endswith("~")
                       for part in inside.split(os.sep) if part)
