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
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache import standby
from site_builder.cache.session import Session
from site_builder.cache.store import LOAD_ERRORS, Store
from site_builder.cache.tokens import TokenCache
from site_builder.config import Config
from site_builder.models import Article
from site_builder.output import write
from site_builder.output.guard import mark
from site_builder.output.workers import Recipe, render_pending
from site_builder.output.write import Job, SiteJobs, WriteError, collect_jobs
from site_builder.render import urls as render_urls

__all__ = ["build_site", "cache_dir", "load_manifest", "write_changed"]
log = logging.getLogger(__name__)
WORKERS = min(2, os.cpu_count() or 1)
cache_dir = standby.cache_dir


@dataclass(frozen=True)
class Written:
    """What writing the site did: its files, those rendered anew, those of the last one gone."""

    files: int
    rendered: int
    removed: int


def build_site(config: Config, zh: Sequence[Article], en: Sequence[Article], out_dir: Path,
               session: Session | None = None, pages: Sequence[Article] = (),
               workers: int = WORKERS) -> Written:
    """Render and write the site, re-rendering only what changed.

    pages: the static pages (About, Contact) in both languages.
    """
    # not needed (nor its imports paid for) when nothing changed
    from site_builder.cache.render import RenderMemo, site_jobs

    session = session if session is not None else Session()
    cache = TokenCache.load(cache_dir(out_dir) / "tokens.pickle", session.store)
    session.tokens = cache.fill({"zh": zh, "en": en}, session.tokens)
    with _kept_pinyin_keys(cache_dir(out_dir) / "keys.pickle", session.store):
        session.render = session.render if session.render is not None else RenderMemo()
        jobs = site_jobs(config, zh, en, session.render, cache, pages)
        recipe = Recipe(config, tuple(zh), tuple(en), tuple(pages))  # what spawned workers plan
        written = write_changed(jobs, out_dir, workers, session.store, recipe)
    cache.save()
    return written


@contextlib.contextmanager
def _kept_pinyin_keys(path: Path, store: Store) -> Iterator[None]:
    """Reuse the URL keys of names earlier builds saw; save them when this build saw new ones."""
    try:
        known = store.load(path)
    except LOAD_ERRORS:
        known = {}
    render_urls.remember_keys(known if isinstance(known, dict) else {})
    yield
    if render_urls.known_keys() != known:
        store.save(path, render_urls.known_keys())


def write_changed(jobs: SiteJobs | Iterable[Job], out_dir: Path, workers: int = WORKERS,
                  store: Store | None = None, recipe: Recipe | None = None) -> Written:
    """Bring a standby tree up to date (unchanged files linked) and swap it in at once."""
    out_dir, store = Path(out_dir), store if store is not None else Store()
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir}: exists and is not a folder")
    site = jobs if isinstance(jobs, SiteJobs) else collect_jobs(jobs)
    old = load_manifest(out_dir, store)
    write._remove_stale(out_dir)
    fresh, held = standby.take(out_dir, bool(old), store)
    try:
        pending = standby.update(fresh, out_dir, held, old, site)
        render_pending(pending, fresh, workers, recipe)
        mark(fresh)  # output safety (guard.py): before the manifest names the tree's mtime
        save_manifest(out_dir, fresh, site.fingerprints, store)
        standby.swap(fresh, out_dir, old, store)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)  # the previous site stays as it was
        raise
    log.info("wrote %d files to %s (%d rendered)", len(site.jobs), out_dir, len(pending))
    return Written(len(site.jobs), len(pending), len(old.keys() - site.fingerprints.keys()))


def load_manifest(out_dir: Path, store: Store | None = None) -> dict[str, str]:
    """Return the manifest of the current output tree, or {} when it does not describe it."""
    store = store if store is not None else Store()
    return standby.read_manifest(cache_dir(out_dir) / "manifest.json", out_dir, store)


def save_manifest(out_dir: Path, fresh: Path, entries: dict[str, str], store: Store) -> None:
    """Record the new tree's fingerprints, tied to its identity (kept when it is renamed in)."""
    standby.write_manifest(cache_dir(out_dir) / "manifest.json", fresh, entries, store)
