"""Incremental builds: render only the files whose fingerprint changed, on every core.

A manifest (output path -> fingerprint of everything its bytes depend on) is kept beside the
output folder. A rebuild still makes a complete tree and swaps it in at once, so the site is
always wholly old or wholly new. The tree it makes is the standby one (standby.py): the site of
the build before, brought up to date by deleting, hard-linking from the live site, or rendering
only the files that differ. The manifest names the tree it describes (inode and mtime): a swap
that never happened, or an output folder replaced by hand, makes it void and all is rendered.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from site_builder.cache import standby
from site_builder.cache.session import Session
from site_builder.cache.stamps import LOAD_ERRORS, load_pickle, save_pickle
from site_builder.cache.tokens import TokenCache
from site_builder.config import Config
from site_builder.models import Article
from site_builder.output import write
from site_builder.output.guard import mark
from site_builder.output.write import Job, SiteJobs, WriteError, collect_jobs
from site_builder.render import urls as render_urls

__all__ = ["build_site", "cache_dir", "load_manifest", "write_changed"]
log = logging.getLogger(__name__)
WORKERS = min(2, os.cpu_count() or 1)
PARALLEL_MIN = 64  # fewer files than this render faster than a fork costs
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_PENDING: list[tuple[PurePosixPath, Job]] = []  # set just before forking: children inherit it
cache_dir = standby.cache_dir


def build_site(config: Config, zh: Sequence[Article], en: Sequence[Article], out_dir: Path,
               session: Session | None = None, pages: Sequence[Article] = (),
               workers: int = WORKERS) -> int:
    """Render and write the site, re-rendering only what changed; return the number of files.

    pages: the static pages (About, Contact) in both languages.
    """
    # not needed (nor its imports paid for) when nothing changed
    from site_builder.cache.render import site_jobs

    session = session if session is not None else Session()
    cache = TokenCache.load(cache_dir(out_dir) / "tokens.pickle")
    session.tokens = cache.fill({"zh": zh, "en": en}, session.tokens)
    with _kept_pinyin_keys(cache_dir(out_dir) / "keys.pickle"):
        jobs = site_jobs(config, zh, en, session.render, cache, pages)
        count = write_changed(jobs, out_dir, workers)
    cache.save()
    return count


@contextlib.contextmanager
def _kept_pinyin_keys(path: Path) -> Iterator[None]:
    """Reuse the URL keys of names earlier builds saw; save them when this build saw new ones."""
    try:
        known = load_pickle(path)
    except LOAD_ERRORS:
        known = {}
    render_urls.remember_keys(known if isinstance(known, dict) else {})
    yield
    if render_urls.known_keys() != known:
        try:
            save_pickle(path, render_urls.known_keys())
        except OSError as exc:  # only a cache: the next build works the keys out again
            log.warning("%s: cannot write cache: %s", path, exc.strerror or exc)


def write_changed(jobs: SiteJobs | Iterable[Job], out_dir: Path, workers: int = WORKERS) -> int:
    """Bring a standby tree up to date (unchanged files linked) and swap it in at once."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir}: exists and is not a folder")
    site = jobs if isinstance(jobs, SiteJobs) else collect_jobs(jobs)
    old = load_manifest(out_dir)
    write._remove_stale(out_dir)
    fresh, held = standby.take(out_dir, bool(old))
    try:
        pending = standby.update(fresh, out_dir, held, old, site)
        _render_pending(pending, fresh, workers)
        mark(fresh)  # output safety (guard.py): before the manifest names the tree's mtime
        save_manifest(out_dir, fresh, site.fingerprints)
        standby.swap(fresh, out_dir, old)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)  # the previous site stays as it was
        raise
    log.info("wrote %d files to %s (%d rendered)", len(site.jobs), out_dir, len(pending))
    return len(site.jobs)


def _render_pending(pending: list[tuple[PurePosixPath, Job]], fresh: Path, workers: int) -> None:
    """Render the changed files, split across forked workers when there are many."""
    global _PENDING
    for prepare in dict.fromkeys(job.prepare for _, job in pending if job.prepare):
        prepare()
    if workers < 2 or len(pending) < PARALLEL_MIN:
        _write_share(fresh, 0, 1, pending)
        return
    _PENDING = pending  # forked children read it: jobs hold closures that cannot be pickled
    try:
        with pool(workers) as workers_pool:
            list(workers_pool.map(_write_share, [fresh] * workers, range(workers),
                                  [workers] * workers))
    finally:
        _PENDING = []


def _write_share(fresh: Path, index: int, every: int,
                 pending: list[tuple[PurePosixPath, Job]] | None = None) -> int:
    """Render and write every `every`-th pending file, starting at `index`."""
    share = (pending if pending is not None else _PENDING)[index::every]
    folders: set[Path] = set()  # made already: a site has about one folder per page
    for relative, job in share:
        target = fresh.joinpath(*relative.parts)
        content = job.make()
        try:
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            standby.replace_file(target, content)
        except OSError as exc:
            raise WriteError(f"{target}: cannot write page {job.path!r}: {exc.strerror}") from None
    return len(share)


def load_manifest(out_dir: Path) -> dict[str, str]:
    """Return the manifest of the current output tree, or {} when it does not describe it."""
    return standby.read_manifest(cache_dir(out_dir) / "manifest.json", out_dir)


def save_manifest(out_dir: Path, fresh: Path, entries: dict[str, str]) -> None:
    """Record the new tree's fingerprints, tied to its identity (kept when it is renamed in)."""
    standby.write_manifest(cache_dir(out_dir) / "manifest.json", fresh, entries)


def pool(workers: int) -> Any:
    """Return a pool of forked workers: they inherit the compiled templates and the jobs."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    return ProcessPoolExecutor(workers, mp_context=get_context("fork"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))


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

