"""The standby tree: the site of the build before last, kept beside the output to be reused.

A rebuild takes the standby tree (renamed to a temp folder, so a killed build's half-updated
tree is removed like any other), brings it up to date file by file, swaps it with the live site
in one rename, and keeps the site it replaced as the next standby. Every file is replaced by
rename, never rewritten in place: the two trees share the inodes of unchanged files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from site_builder.cache.manifest import cache_dir, read_manifest, write_manifest
from site_builder.cache.store import Store
from site_builder.output import write
from site_builder.output.write import Job, SiteJobs, WriteError, safe_path

MANIFEST = "standby.json"


def standby_dir(out_dir: Path) -> Path:
    """Return where the previous site waits to be reused."""
    return out_dir.parent / f".{out_dir.name}.standby"


def take(out_dir: Path, live_known: bool, store: Store) -> tuple[Path, dict[str, str]]:
    """Return a temp tree to build in and what it holds: the standby tree, else an empty one."""
    spare, manifest = standby_dir(out_dir), cache_dir(out_dir) / MANIFEST
    held = read_manifest(manifest, spare, store) if live_known else {}
    store.forget(manifest)
    fresh = write._make_fresh(out_dir)
    if held:
        try:
            fresh.rmdir()
            spare.rename(fresh)
            return fresh, held
        except OSError:
            fresh.mkdir(exist_ok=True)
            held = {}
    shutil.rmtree(spare, ignore_errors=True)  # unknown contents: not worth trusting
    return fresh, {}


def update(fresh: Path, out_dir: Path, held: dict[str, str], live: dict[str, str],
           site: SiteJobs) -> list[tuple[PurePosixPath, Job]]:
    """Delete what fresh should not hold, link unchanged files from the live site; return rest."""
    wanted, differing = site.fingerprints, site.differing(held)
    stale = held.keys() - wanted.keys() if differing is None else [
        path for path in sorted(differing) if path in held and path not in wanted]
    for path in stale:
        _remove(fresh, safe_path(path))
    pending = []
    folders: set[Path] = {fresh}  # made already (a site has about one folder per page)
    for path in wanted if differing is None else [p for p in sorted(differing) if p in wanted]:
        fingerprint = wanted[path]
        if held.get(path) == fingerprint:
            continue  # already right in the standby tree
        relative = safe_path(path)
        if live.get(path) != fingerprint or not _link(out_dir, fresh, relative, folders,
                                                      path in held):
            pending.append((relative, site.jobs[path]))
    return pending


def swap(fresh: Path, out_dir: Path, live: dict[str, str], store: Store) -> None:
    """Put fresh in out_dir's place; keep the replaced site as standby when it is known."""
    try:
        if not out_dir.exists():
            fresh.rename(out_dir)
            return
        if not write._exchange(fresh, out_dir):
            write._swap(fresh, out_dir)  # no atomic exchange here: the plain two-step swap
            return
    except OSError as exc:
        raise WriteError(f"{out_dir}: cannot replace the output folder: {exc.strerror}") from None
    if not live:
        shutil.rmtree(fresh, ignore_errors=True)  # now holds the previous site
        return
    spare = standby_dir(out_dir)
    shutil.rmtree(spare, ignore_errors=True)
    fresh.rename(spare)
    write_manifest(cache_dir(out_dir) / MANIFEST, spare, live, store)


def _link(out_dir: Path, fresh: Path, relative: PurePosixPath, folders: set[Path],
          held: bool) -> bool:
    """Hard-link one file of the live tree into fresh; False if that fails.

    held: fresh has a file there (another version), replaced through a temp name; else the
    link is made in place (the first rebuild after a cold build links every file so).
    """
    target = fresh.joinpath(*relative.parts)
    try:
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        source = out_dir.joinpath(*relative.parts)
        if not held:
            os.link(source, target)
            return True
        tmp = target.with_name(f".{target.name}.new")
        os.link(source, tmp)
        os.replace(tmp, target)
    except OSError:
        return False  # gone, or links unsupported here: render it instead
    return True


def _remove(fresh: Path, relative: PurePosixPath) -> None:
    """Delete a file no longer in the site, and the folders it leaves empty."""
    target = fresh.joinpath(*relative.parts)
    target.unlink(missing_ok=True)
    for parent in target.parents:
        if parent == fresh:
            return
        try:
            parent.rmdir()
        except OSError:
            return  # not empty
