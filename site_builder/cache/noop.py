"""Skip a build whose inputs did not change since the last complete one.

The state of a build ("inputs+output") is the stat (size, mtime, inode) of every file it reads
or writes: seeds, content, translation memory, templates; plus the config, the options and the
output tree's identity. Stats are cheap; reading thousands of articles and PO files is not.
A state is only remembered when the build left it exactly as it found it, so a file edited
during a build is never mistaken for one already built.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from site_builder.config import Config
from site_builder.files import Stamp, stamp, stamp_of, write_atomic
from site_builder.output.incremental import cache_dir, load_manifest

log = logging.getLogger(__name__)
RECORD = "last-build.pickle"  # (state, the build's report)
T = TypeVar("T")


def input_state(config: Config, options: tuple[Any, ...]) -> str:
    """Hash the config, the options and the stat of every file the build reads."""
    hasher = hashlib.sha256(repr((config, options)).encode("utf-8"))
    folders = [config.seeds_dir, config.content_dir, config.translations_dir,
               config.templates_dir, config.theme_dir, config.media_dir]
    for folder in folders:
        for line in _stats(folder):
            hasher.update(line.encode("utf-8", "surrogateescape"))
    hasher.update(repr(_stat(config.logo) if config.logo else None).encode())  # JSON-LD
    return hasher.hexdigest()


def output_state(out_dir: Path) -> str:
    """Hash the identity of the output tree and its manifest: gone or replaced, it rebuilds."""
    manifest = cache_dir(out_dir) / "manifest.json"
    parts = (_stat(out_dir), _stat(manifest), bool(load_manifest(out_dir)))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def skip_or_run(config: Config, options: tuple[Any, ...], out_dir: Path, run: Callable[[], T]) -> T:
    """Return the last build's result if nothing changed since; else run the build."""
    before = f"{input_state(config, options)}+{output_state(out_dir)}"
    path = cache_dir(out_dir) / RECORD
    try:
        state, result = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        state, result = None, None
    if state == before:
        log.info("nothing changed since the last build: nothing to do")
        return result
    path.unlink(missing_ok=True)
    result = run()
    if input_state(config, options) == before.split("+")[0]:
        after = f"{before.split('+')[0]}+{output_state(out_dir)}"
        write_atomic(path, pickle.dumps((after, result)), durable=False)
    # else the build wrote inputs (content sync, memory) or an editor saved a file meanwhile:
    # the next build finds everything settled and records its state.
    return result


def forget(out_dir: Path) -> None:
    """Forget the last build's state: the next one runs (an embargo lifted since)."""
    (cache_dir(out_dir) / RECORD).unlink(missing_ok=True)


def _stats(folder: Path | None) -> Iterable[str]:
    """Yield one line per file under folder: path, size, mtime, inode; sorted, fast."""
    if folder is None or not folder.is_dir():
        yield f"{folder}: none\n"
        return
    lines = []
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            st = os.stat(os.path.join(top, name))
            lines.append(f"{top}/{name}\0{stamp_of(st)}\n")
    yield from sorted(lines)


def _stat(path: Path) -> Stamp | None:
    return stamp(path)
