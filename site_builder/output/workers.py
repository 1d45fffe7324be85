"""Render the changed files of a site on every core: forked workers, or spawned ones.

Where the system can fork (Linux), the workers are forked: they inherit the compiled templates
and the jobs, closures included. Where it cannot (Windows; macOS, where forking a process that
has threads is unsafe), workers are spawned: each is handed the render's inputs (a Recipe) once,
plans the site from them as the build did, and renders the groups of files it is given by key.
Files that belong to no group (the search index) are rendered by the build itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from site_builder.output.write import Job, WriteError
from site_builder.processes import pool, start_method

PARALLEL_MIN = 64  # fewer files than this render faster than starting workers costs
# Each worker takes a share at a time until none is left: a worker whose pages cost more (the
# Chinese ones, the search shards) takes fewer shares, so no core idles at the end.
SHARES_PER_WORKER = 8
Pending = list[tuple[PurePosixPath, Job]]
# The worker process's share of the work: set by its initializer, read by its tasks.
_WORK: dict[str, Any] = {}


@dataclass(frozen=True)
class Recipe:
    """How a spawned worker plans the site as the build did, and makes a group's files.

    plan(*inputs) returns what every file shares; files(shared, group) the group's files, each
    with .path and .make(). Both are module-level functions (picklable by name), so this
    module needs to know nothing of templates.
    """

    plan: Callable[..., Any]
    files: Callable[[Any, Any], list[Any]]
    inputs: tuple[Any, ...]


def render_pending(pending: Pending, fresh: Path, workers: int, recipe: Recipe | None) -> None:
    """Render the changed files into fresh, on several workers when there are many."""
    for prepare in dict.fromkeys(job.prepare for _, job in pending if job.prepare):
        prepare()
    if workers < 2 or len(pending) < PARALLEL_MIN:
        write_files(fresh, pending)
    elif start_method() == "fork":
        shares = workers * SHARES_PER_WORKER
        with pool(workers, _keep, (pending,), "fork") as forked:  # the children inherit it
            list(forked.map(_write_share, [fresh] * shares, range(shares), [shares] * shares))
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
    _WORK["recipe"], _WORK["shared"] = recipe, recipe.plan(*recipe.inputs)


def _render_groups(fresh: Path, share: Sequence[tuple[Any, list[str]]]) -> int:
    """Render the named files of these groups (a spawned worker)."""
    folders: set[Path] = set()
    count = 0
    for group, paths in share:
        wanted = set(paths)
        for output in _WORK["recipe"].files(_WORK["shared"], group):
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
