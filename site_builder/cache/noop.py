"""Skip a build whose inputs did not change since the last complete one.

The state of a build is the stamp (size, mtime, ctime, inode) of every file it reads: seeds,
content, translation memory, templates, theme, media, logo; plus the config, the options, the
output tree's identity and the installed code (an upgrade alone is a change). Stamps are
cheap; reading thousands of articles and PO files is not, and ctime moves with any change,
whatever a tool does to the mtime.

A build writes some of its own inputs (content/zh from the seeds, content/en and the memory).
Its state is recorded as it left the files when every input that changed during it is one it
wrote itself, with the stamp it left: so the build after a cold one is a no-op, and a file an
editor saved during a build is never mistaken for one already built.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from site_builder.cache.manifest import cache_dir
from site_builder.cache.version import code_stamps
from site_builder.config import Config
from site_builder.files import Stamp, recording, stamp, write_atomic

log = logging.getLogger(__name__)
RECORD = "last-build.pickle"  # (state, the build's result)
T = TypeVar("T")
Stamps = dict[str, Stamp | None]


def skip_or_run(config: Config, options: tuple[Any, ...], out_dir: Path,
                run: Callable[[], T]) -> tuple[T, bool]:
    """Return the last build's result and True if nothing changed since; else run the build."""
    stamps = input_stamps(config)
    before = _state(config, options, stamps, out_dir)
    path = cache_dir(out_dir) / RECORD
    try:
        state, result = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        state, result = None, None
    if state == before:
        log.info("nothing changed since the last build: nothing to do")
        return result, True
    path.unlink(missing_ok=True)
    with recording() as written:
        result = run()
    after = input_stamps(config)
    if settled(stamps, after, written):
        write_atomic(path, pickle.dumps((_state(config, options, after, out_dir), result)),
                     durable=False)
    return result, False


def settled(before: Stamps, after: Stamps, written: Stamps) -> bool:
    """Tell whether every input that changed during a build is one it wrote, as it left it."""
    for path in before.keys() | after.keys():
        now = after.get(path)
        if before.get(path) != now and (path not in written or written[path] != now):
            return False  # an editor's save (or a deletion) during the build
    return True


def forget(out_dir: Path) -> None:
    """Forget the last build's state: the next one runs (an embargo lifted since)."""
    (cache_dir(out_dir) / RECORD).unlink(missing_ok=True)


def input_stamps(config: Config) -> Stamps:
    """Return the stamp of every file a build reads, by path."""
    stamps: Stamps = {}
    folders = [config.seeds_dir, config.content_dir, config.translations_dir,
               config.templates_dir, config.theme_dir, config.media_dir]
    for folder in folders:
        if folder is not None and folder.is_dir():
            for top, _dirs, files in os.walk(folder):
                for name in files:
                    where = os.path.join(top, name)
                    stamps[where] = stamp(where)  # None: gone since the folder was listed
    if config.logo is not None:
        stamps[str(config.logo)] = stamp(config.logo)  # every article's JSON-LD names it
    return stamps


def _state(config: Config, options: tuple[Any, ...], stamps: Stamps, out_dir: Path) -> str:
    """Hash the code, the config, the options, the input files' stamps and the output's identity."""
    hasher = hashlib.sha256(repr((code_stamps(), config, options)).encode("utf-8"))
    for path in sorted(stamps):
        hasher.update(f"{path}\0{stamps[path]}\n".encode("utf-8", "surrogateescape"))
    # The output tree and its manifest as the last build left them (whether the manifest
    # describes the tree follows from the two: it is not read, thousands of entries at 5,000).
    manifest = cache_dir(out_dir) / "manifest.json"
    hasher.update(repr((stamp(out_dir), stamp(manifest))).encode())
    return hasher.hexdigest()
