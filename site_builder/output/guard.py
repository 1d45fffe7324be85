"""Output safety: a build replaces only a folder that is missing, empty or marked as its own.

Every tree a build puts in place holds MARKER (see mark), so the next build knows the folder
is a site it made and may replace it whole. Anything else (a folder holding a user's files,
an input folder, the site itself) is refused before anything in or beside it is touched.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from site_builder.config import Config
from site_builder.errors import UsageError

log = logging.getLogger(__name__)
MARKER = ".site-builder-output"
_NOTE = ("This folder is written by site-builder: every build replaces all of it. "
         "Keep your own files elsewhere.\n")
# What file managers drop into any folder they show: not a user's work.
_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


class OutputError(UsageError):
    """The output folder is one a build may not replace (a usage error); names it and a file."""


def mark(tree: Path) -> None:
    """Write the marker that tells later builds this tree is site-builder's own output."""
    marker = Path(tree) / MARKER
    try:
        if marker.read_text(encoding="utf-8") == _NOTE:
            return  # left alone: rewriting it would move the folder's mtime (its identity)
    except (OSError, UnicodeDecodeError):
        pass
    marker.write_text(_NOTE, encoding="utf-8")


def check_output(config: Config, out_dir: Path) -> None:
    """Refuse an output that is, holds or lies in an input, or a folder no build made."""
    out_dir = Path(out_dir)
    _refuse_inputs(config, out_dir)
    recover_swap(out_dir)  # a build that died between the two renames of a swap
    _refuse_foreign(out_dir)


def aside_dir(out_dir: Path) -> Path:
    """Return where a two-rename swap keeps the previous site until the new one is in."""
    return out_dir.parent / f".{out_dir.name}.old"


def recover_swap(out_dir: Path) -> None:
    """Finish a swap a crash cut short: put the previous site back, or delete it if replaced."""
    aside = aside_dir(out_dir)
    if not aside.is_dir() or aside.is_symlink():
        return
    if os.path.lexists(out_dir):  # the new site went in: the aside is the site it replaced
        if not _is_ours(aside):  # a folder of the same name that no build made
            log.warning("%s: not a site a build moved aside; left alone", aside)
            return
        log.info("removing %s, the site an interrupted build replaced", aside)
        remove_site(aside)
        return
    log.warning("%s: putting back the site an interrupted build had moved aside", out_dir)
    try:
        os.rename(aside, out_dir)
    except OSError as exc:
        raise OutputError(f"{out_dir}: missing, and the previous site in {aside} cannot be "
                          f"put back: {exc.strerror or exc}") from None


def remove_site(folder: Path) -> None:
    """Delete a site a build replaced, its marker last: what is left stays known as a build's."""
    # On Windows a file a web server or virus scanner holds open cannot be deleted yet.
    try:
        for entry in Path(folder).iterdir():
            if entry.name == MARKER:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        (folder / MARKER).unlink(missing_ok=True)
        folder.rmdir()
    except OSError as exc:
        log.warning("%s: cannot delete the replaced site yet: %s", folder, exc.strerror or exc)


def _refuse_inputs(config: Config, out_dir: Path) -> None:
    """Refuse an output equal to, above or inside a folder the build reads."""
    out = out_dir.resolve()  # symbolic links and ".." compared as the folders they are
    for name, place in _inputs(config):
        real = place.resolve()
        if out == real:
            raise OutputError(f"{out_dir}: refusing to build into {name} {place}")
        if out in real.parents:
            raise OutputError(f"{out_dir}: refusing to build here: a build replaces the whole "
                              f"output folder, and this one holds {name} {place}")
        if real in out.parents and name != "the site folder":
            raise OutputError(f"{out_dir}: refusing to build inside {name} {place}")


def _inputs(config: Config) -> Iterable[tuple[str, Path]]:
    """Name every folder and file a build reads, and the site folder itself."""
    yield "the site folder", config.root
    yield "the seeds folder", config.seeds_dir
    yield "the content folder", config.content_dir
    yield "the translations folder", config.translations_dir
    yield "the templates folder", config.templates_dir
    yield "the media folder", config.media_dir
    if config.theme_dir is not None:
        yield "the theme folder", config.theme_dir
    if config.logo is not None:
        yield "the logo", config.logo


def _refuse_foreign(out_dir: Path) -> None:
    """Refuse an existing output that is not a folder, or holds files and no marker."""
    if out_dir.is_symlink():
        raise OutputError(f"{out_dir}: is a symbolic link; give the folder it points to")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir}: exists and is not a folder")
    try:
        names = _foreign_names(out_dir)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot read the output folder: {exc.strerror}") from None
    if names:
        raise OutputError(
            f"{out_dir}: not empty and not written by site-builder (it holds {names[0]}); "
            "empty it or choose another output folder")


def _is_ours(folder: Path) -> bool:
    """Tell whether a folder holds the marker, or nothing (file managers' litter aside)."""
    try:
        return not _foreign_names(folder)
    except OSError:
        return False


def _foreign_names(folder: Path) -> list[str]:
    """Return what a folder without the marker holds, sorted; [] if it is marked or empty."""
    if (folder / MARKER).is_file():
        return []
    return sorted(set(os.listdir(folder)) - _LITTER)
