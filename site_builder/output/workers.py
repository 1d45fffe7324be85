"""Render the changed files of a site on every core: forked workers, or spawned ones.

Where the system can fork (Linux), the workers are forked: they inherit the compiled templates
and the jobs, closures included. Where it cannot (Windows; macOS, where forking a process that
has threads is unsafe), workers are spawned: each is handed the render's inputs (a Recipe) once,
plans the site from them as the build did, and renders the groups of files it is given by key.
Files that belong to no group (the search index) are rendered by the build itself.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from site_builder.config import Config
from site_builder.models import Article
from site_builder.output.write import Job, WriteError

PARALLEL_MIN = 64  # fewer files than this render faster than starting workers costs
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
Pending = list[tuple[PurePosixPath, Job]]
# The worker process's share of the work: set by its initializer, read by its tasks.
_WORK: dict[str, Any] = {}


@dataclass(frozen=True)
class Recipe:
    """What a spawned worker plans the site from: the render's inputs, as the build gave them."""

    config: Config
    zh: tuple[Article, ...]
    en: tuple[Article, ...]
    pages: tuple[Article, ...]


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


def render_pending(pending: Pending, fresh: Path, workers: int, recipe: Recipe | None) -> None:
    """Render the changed files into fresh, on several workers when there are many."""
    for prepare in dict.fromkeys(job.prepare for _, job in pending if job.prepare):
        prepare()
    if workers < 2 or len(pending) < PARALLEL_MIN:
        write_files(fresh, pending)
    elif start_method() == "fork":
        with pool(workers, _keep, (pending,), "fork") as forked:  # the children inherit it
            list(forked.map(_write_share, [fresh] * workers, range(workers), [workers] * workers))
    else:
        _render_spawned(pending, fresh, workers, recipe)


def write_files(fresh: Path, share: Pending) -> int:
    """Render and write these files into fresh."""
    folders: set[Path] = set()  # made already: a site has about one folder per page
    for relative, job in share:
        _write(fresh, relative, job.path, job.make(), folders)
    return len(share)


def _render_spawned(pending: Pending, fresh: Path, workers: int, recipe: Recipe | None) -> None:
    """Hand the groups of files to spawned workers; render the rest here."""
    by_group: dict[Any, list[str]] = {}
    here: Pending = []
    for relative, job in pending:
        if recipe is not None and job.group is not None:
            by_group.setdefault(job.group, []).append(job.path)
        else:
            here.append((relative, job))
    shares = [list(by_group.items())[index::workers] for index in range(workers)]
    with pool(workers, _plan, (recipe,), "spawn") as spawned:
        results = [spawned.submit(_render_groups, fresh, share) for share in shares if share]
        write_files(fresh, here)
        for result in results:
            result.result()


def _keep(pending: Pending) -> None:
    _WORK["pending"] = pending


def _write_share(fresh: Path, index: int, every: int) -> int:
    """Render and write every `every`-th pending file, starting at `index` (a forked worker)."""
    return write_files(fresh, _WORK["pending"][index::every])


def _plan(recipe: Recipe) -> None:
    """Plan the site in a spawned worker, as the build did (templates compiled here once)."""
    from site_builder.render.catalog import build_edition
    from site_builder.render.env import make_environment
    from site_builder.render.site import make_setup

    edition = build_edition(recipe.zh, recipe.en, recipe.pages)
    _WORK["setup"] = make_setup(recipe.config, edition, make_environment(recipe.config))


def _render_groups(fresh: Path, share: Sequence[tuple[Any, list[str]]]) -> int:
    """Render the named files of these groups (a spawned worker)."""
    from site_builder.render.site import site_outputs

    folders: set[Path] = set()
    count = 0
    for group, paths in share:
        wanted = set(paths)
        for output in site_outputs(_WORK["setup"], group):
            if output.path in wanted:
                relative = PurePosixPath(output.path)
                _write(fresh, relative, output.path, output.make(), folders)
                count += 1
    return count


def _write(fresh: Path, relative: PurePosixPath, path: str, content: bytes,
           folders: set[Path]) -> None:
    """Write one rendered file into the tree being made."""
    target = fresh.joinpath(*relative.parts)
    try:
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        _replace(target, content)
    except OSError as exc:
        raise WriteError(f"{target}: cannot write page {path!r}: {exc.strerror}") from None


def _replace(target: Path, content: bytes) -> None:
    """Write a file; an existing one via a temp name, as its inode may be the live site's too."""
    try:
        with open(target, "xb") as new:  # a new file shares nothing: written in place
            new.write(content)
        return
    except FileExistsError:
        pass
    tmp = target.with_name(f".{target.name}.new")
    tmp.write_bytes(content)
    os.replace(tmp, target)


def _start(parent: int, initializer: Callable[..., None] | None,
           initargs: tuple[Any, ...]) -> None:
    """Start a worker: die with the build, then take its share of the work."""
    _die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent(parent: int) -> None:
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
