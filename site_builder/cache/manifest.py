"""Manifests: what a tree of the site holds (path -> fingerprint), tied to the tree's identity.

A manifest names the tree it describes (device, inode and mtime of its folder): a swap that
never happened, or a folder replaced by hand, makes it void, and all is rendered again. Kept
in a folder beside the output, with the other caches of the site's files.
"""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.cache.store import LOAD_ERRORS, Store


def cache_dir(out_dir: Path) -> Path:
    """Return the folder beside the output that keeps the manifests and the token cache."""
    return out_dir.parent / f".{out_dir.name}.cache"


def load_manifest(out_dir: Path, store: Store | None = None) -> dict[str, str]:
    """Return the manifest of the current output tree, or {} when it does not describe it."""
    store = store if store is not None else Store()
    return read_manifest(cache_dir(out_dir) / "manifest.json", out_dir, store)


def save_manifest(out_dir: Path, fresh: Path, entries: dict[str, str], store: Store) -> None:
    """Record the new tree's fingerprints, tied to its identity (kept when it is renamed in)."""
    write_manifest(cache_dir(out_dir) / "manifest.json", fresh, entries, store)


def read_manifest(path: Path, tree: Path, store: Store) -> dict[str, str]:
    """Return a manifest's files if it describes tree as it is now, else {} (do not change it).

    A manifest names the tree it describes: one kept only in a preview's memory and lost with a
    killed server is harmless, the trees it leaves match no manifest and all is rendered.
    """
    try:
        data = store.load(path)
        identity = tree.stat()
    except LOAD_ERRORS:
        return {}
    if not isinstance(data, dict) or data.get("tree") != _identity(identity) or not isinstance(
            data.get("files"), dict):
        return {}
    return data["files"]


def write_manifest(path: Path, tree: Path, files: dict[str, str], store: Store) -> None:
    """Record a tree's fingerprints, tied to its identity (kept when it is renamed)."""
    store.save(path, {"tree": _identity(tree.stat()), "files": files})


def _identity(tree: os.stat_result) -> list[int]:
    """Name a folder: inodes are reused at once, but the mtime moves with any top-level entry."""
    return [tree.st_dev, tree.st_ino, tree.st_mtime_ns]
