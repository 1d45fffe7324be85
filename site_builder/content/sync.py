"""content/zh: write the articles parsed from the seeds, and keep the ones editors changed.

Reading the folders back and writing content/en is content_folders.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache.session import Session
from site_builder.cache.stamps import hinted_names
from site_builder.content.markdown import (
    ContentError,
    dump_article,
    load_article,
    read_article,
    remove_content,
    write_content,
)
from site_builder.files import Stamp, digest, read_text, stamp, trusted
from site_builder.models import Article

log = logging.getLogger(__name__)

# The hash of every file the tool wrote: a file that differs from it was edited by hand.
MANIFEST = ".generated.json"


@dataclass(frozen=True)
class SyncReport:
    """What syncing parsed articles into content/zh did."""

    written: tuple[str, ...]
    kept_hand_edited: tuple[str, ...]
    removed: tuple[str, ...]
    withdrawn: tuple[str, ...] = ()  # files an editor withdrew: kept, never regenerated


@dataclass(frozen=True)
class _Synced:
    """What the last sync of a folder found: never changed once made."""

    articles: Sequence[Article]  # the parsed articles it was given (the seed stage's list)
    files: dict[str, tuple[Article, tuple[int, ...]]]  # written or found right: article, stat
    unsettled: frozenset[str]  # kept hand edits, and files too new to trust: checked every time


def sync_generated(articles: Sequence[Article], folder: Path, parsed_seeds: set[str],
                   session: Session | None = None) -> SyncReport:
    """Write parsed articles to folder unless an editor changed the file since the tool wrote it.

    A warm process (serve) skips the files untouched since its last sync, and, given the same
    parsed articles and told what changed, does not even stat the others.
    """
    session = session if session is not None else Session()
    memo, changed = session.memo("sync"), session.changed
    known = memo.pop(str(folder), None)  # popped: a failed run leaves no stale state
    manifests = session.memo("sync-manifests")
    if known is not None and known.articles is articles and changed is not None:
        names = known.unsettled | hinted_names(folder, ".md", changed)
        todo = [a for a in articles if f"{a.slug}.md" in names] if names else []
        files, unsettled, report = _sync(todo, folder, known.files, None, manifests)
        unsettled |= known.unsettled - names
    else:
        files, unsettled, report = _sync(articles, folder, known.files if known else {},
                                         parsed_seeds, manifests)
    memo[str(folder)] = _Synced(articles, files, frozenset(unsettled))
    if changed is not None:  # what this sync wrote is a change the next stages must see
        session.changed = changed | {str(folder / name) for name in report.written + report.removed}
    return report


def _sync(articles: Sequence[Article], folder: Path,
          known: dict[str, tuple[Article, tuple[int, ...]]], parsed_seeds: set[str] | None,
          manifests: dict[str, tuple[Stamp | None, dict[str, str]]],
          ) -> tuple[dict[str, tuple[Article, tuple[int, ...]]], set[str], SyncReport]:
    """Sync these articles; with parsed_seeds they are all of them, and stale files go."""
    if not articles and parsed_seeds is None:
        return known, set(), SyncReport((), (), (), ())
    manifest = _read_manifest(folder, manifests)
    recorded = dict(manifest)
    written, kept, withdrawn, unsettled = [], [], [], set()
    synced = dict(known) if parsed_seeds is None else {}  # some of them: the others stand
    for article in articles:
        path = folder / f"{article.slug}.md"
        before = known.get(path.name)
        if before is not None and before[0] is article and before[1] == stamp(path):
            synced[path.name] = before  # as this process left it: the same article, untouched
            continue
        synced.pop(path.name, None)
        text = dump_article(article)
        current = read_text(path)
        if current == text:
            manifest[path.name] = digest(text)
        elif current is None or manifest.get(path.name) == digest(current):
            write_content(path, text)
            manifest[path.name] = digest(text)
            written.append(path.name)
        else:
            if _is_withdrawn(current, path):  # the withdrawal is the file: it stays
                log.info("%s: withdrawn, kept off the site", path)
                withdrawn.append(path.name)
            else:
                log.warning("%s: edited by hand, kept (delete it to regenerate from the seed)",
                            path)
                kept.append(path.name)
            unsettled.add(path.name)
            continue
        key = stamp(path)
        if trusted(key):
            synced[path.name] = (article, key)
        else:
            unsettled.add(path.name)
    removed = []
    if parsed_seeds is not None:
        fresh = {f"{a.slug}.md" for a in articles}
        removed = _remove_stale(folder, manifest, fresh, parsed_seeds)
    if manifest != recorded or parsed_seeds is not None:  # a full sync also repairs the file
        _write_manifest(folder, manifest)
    return synced, unsettled, SyncReport(tuple(written), tuple(kept), tuple(removed),
                                         tuple(withdrawn))


def _remove_stale(folder: Path, manifest: dict[str, str], fresh: set[str], seeds: set[str]) -> list:
    """Delete generated files a re-parsed seed no longer produces, if nobody edited them."""
    removed = []
    for name in sorted(set(manifest) - fresh):
        path = folder / name
        text = read_text(path)
        if text is None:
            del manifest[name]
        elif digest(text) == manifest[name] and _seed_of(path) in seeds:
            remove_content(path)
            del manifest[name]
            removed.append(name)
    return removed


def _is_withdrawn(text: str, path: Path) -> bool:
    """Tell whether an article file says `status: withdrawn` (a broken file does not)."""
    if "withdrawn" not in text:
        return False
    try:
        return load_article(text, path).status == "withdrawn"
    except ContentError:
        return False


def _seed_of(path: Path) -> str | None:
    try:
        return read_article(path).source.rsplit(":", 1)[0]
    except ContentError:
        return None


def _read_manifest(folder: Path, manifests: dict[str, tuple[Stamp | None, dict[str, str]]],
                   ) -> dict[str, str]:
    """Return the manifest (a copy: callers change it), parsed again only when its file changed."""
    path = folder / MANIFEST
    known = manifests.get(str(path))
    if known is not None and known[0] is not None and known[0] == stamp(path):
        return dict(known[1])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}  # without it every differing file counts as hand-edited: safe, nothing lost
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if not isinstance(data, dict):  # damaged: forgotten, and written anew by this sync
        log.warning("%s: damaged, ignored (files it listed count as edited by hand)", path)
        return {}
    manifest = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
    manifests[str(path)] = (stamp(path), manifest)
    return dict(manifest)


def _write_manifest(folder: Path, manifest: dict[str, str]) -> None:
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    if (
        read_text(folder / MANIFEST) != text
    ):  # an unchanged file must not wake the preview's watcher
        write_content(folder / MANIFEST, text)
