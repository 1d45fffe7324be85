"""content/zh: write the articles parsed from the seeds, and keep the ones editors changed.

Reading the folders back and writing content/en is content_folders.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .articles import ContentError, dump_article, read_article
from .atomic import replace_text
from .files import digest, file_stat, read_text, trusted, unlink
from .models import Article

log = logging.getLogger(__name__)

# The hash of every file the tool wrote: a file that differs from it was edited by hand.
MANIFEST = ".generated.json"
# Per content/zh folder, the generated files the last sync wrote or found right: file name ->
# (the parsed article, the file's stat then); a warm process (serve) skips those untouched since.
_SYNCED: dict[str, dict[str, tuple[Article, tuple[int, ...]]]] = {}


@dataclass(frozen=True)
class SyncReport:
    """What syncing parsed articles into content/zh did."""

    written: tuple[str, ...]
    kept_hand_edited: tuple[str, ...]
    removed: tuple[str, ...]


def sync_generated(articles: Sequence[Article], folder: Path, parsed_seeds: set[str]) -> SyncReport:
    """Write parsed articles to folder unless an editor changed the file since the tool wrote it."""
    known = _SYNCED.pop(str(folder), {})  # popped: a failed run leaves no stale state
    manifest = _read_manifest(folder)
    written, kept, synced = [], [], {}
    for article in articles:
        path = folder / f"{article.slug}.md"
        before = known.get(path.name)
        if before is not None and before[0] is article and before[1] == file_stat(path):
            synced[path.name] = before  # as this process left it: the same article, untouched
            continue
        text = dump_article(article)
        current = read_text(path)
        if current == text:
            manifest[path.name] = digest(text)
        elif current is None or manifest.get(path.name) == digest(current):
            _write_atomic(path, text)
            manifest[path.name] = digest(text)
            written.append(path.name)
        else:
            log.warning("%s: edited by hand, kept (delete it to regenerate from the seed)", path)
            kept.append(path.name)
            continue
        key = file_stat(path)
        if key is not None and trusted(key):
            synced[path.name] = (article, key)
    fresh = {f"{a.slug}.md" for a in articles}
    removed = _remove_stale(folder, manifest, fresh, parsed_seeds)
    _write_manifest(folder, manifest)
    _SYNCED[str(folder)] = synced
    return SyncReport(tuple(written), tuple(kept), tuple(removed))


def _remove_stale(folder: Path, manifest: dict[str, str], fresh: set[str], seeds: set[str]) -> list:
    """Delete generated files a re-parsed seed no longer produces, if nobody edited them."""
    removed = []
    for name in sorted(set(manifest) - fresh):
        path = folder / name
        text = read_text(path)
        if text is None:
            del manifest[name]
        elif digest(text) == manifest[name] and _seed_of(path) in seeds:
            unlink(path)
            del manifest[name]
            removed.append(name)
    return removed


def _seed_of(path: Path) -> str | None:
    try:
        return read_article(path).source.rsplit(":", 1)[0]
    except ContentError:
        return None


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}  # without it every differing file counts as hand-edited: safe, nothing lost
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def _write_manifest(folder: Path, manifest: dict[str, str]) -> None:
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    if (
        read_text(folder / MANIFEST) != text
    ):  # an unchanged file must not wake the preview's watcher
        _write_atomic(folder / MANIFEST, text)


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temp file and rename, so a killed run never leaves half a file."""
    try:
        replace_text(path, text)
    except OSError as exc:  # a full disk or a read-only folder: the old file stays whole
        raise ContentError(f"{path}: cannot write: {exc.strerror or exc}") from None
