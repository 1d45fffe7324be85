"""Incremental builds: render only the files whose fingerprint changed, on every core.

A manifest (output path -> fingerprint of everything its bytes depend on) is kept beside the
output folder. A rebuild still makes a complete tree and swaps it in at once, so the site is
always wholly old or wholly new. The tree it makes is the standby one (standby.py): the site of
the build before, brought up to date by deleting, hard-linking from the live site, or rendering
only the files that differ. The manifest names the tree it describes (inode and mtime): a swap
that never happened, or an output folder replaced by hand, makes it void and all is rendered.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from site_builder.cache import standby
from site_builder.cache.store import Store
from site_builder.output import write
from site_builder.output.guard import mark
from site_builder.output.workers import Recipe, render_pending
from site_builder.output.write import Job, SiteJobs, WriteError, Written, collect_jobs

log = logging.getLogger(__name__)
WORKERS = min(2, os.cpu_count() or 1)
cache_dir = standby.cache_dir


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
