"""The content/ folder: write generated articles, keep editors' hand edits, read them back."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import stat_cache
from .articles import ContentError, dump_article, read_article
from .atomic import note_written, replace_text
from .models import Article
from .stat_cache import StatCache, hinted_stats, stat_key

log = logging.getLogger(__name__)

# The hash of every file the tool wrote: a file that differs from it was edited by hand.
MANIFEST = ".generated.json"
# Per content/en folder, the English files the last build wrote or found right: file name ->
# (its article, the file's stat then). A warm process (serve) keeps unchanged articles as the
# same objects, so their Markdown need not be made, nor the file read, again.
_WRITTEN: dict[str, dict[str, tuple[Article, tuple[int, ...] | None]]] = {}
# Per content folder, the articles the last build read: file name -> (its stat, the article),
# so a warm process parses only the files whose stat changed (None: too new to trust).
_READ: dict[str, dict[str, tuple[tuple[int, ...] | None, Article]]] = {}
# Per content/zh folder, the generated files the last sync wrote or found right: file name ->
# (the parsed article, the file's stat then); a warm process (serve) skips those untouched since.
_SYNCED: dict[str, dict[str, tuple[Article, tuple[int, ...]]]] = {}
EN_HEADER = "Generated from translations/en/{slug}.po: correct the English there, not here."


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
        if before is not None and before[0] is article and before[1] == _stat_key(path):
            synced[path.name] = before  # as this process left it: the same article, untouched
            continue
        text = dump_article(article)
        current = _read_text(path)
        if current == text:
            manifest[path.name] = _digest(text)
        elif current is None or manifest.get(path.name) == _digest(current):
            _write_atomic(path, text)
            manifest[path.name] = _digest(text)
            written.append(path.name)
        else:
            log.warning("%s: edited by hand, kept (delete it to regenerate from the seed)", path)
            kept.append(path.name)
            continue
        key = _stat_key(path)
        if key is not None and _trusted(key):
            synced[path.name] = (article, key)
    fresh = {f"{a.slug}.md" for a in articles}
    removed = _remove_stale(folder, manifest, fresh, parsed_seeds)
    _write_manifest(folder, manifest)
    _SYNCED[str(folder)] = synced
    return SyncReport(tuple(written), tuple(kept), tuple(removed))


def write_translated(articles: Sequence[Article], folder: Path, cache_path: Path | None = None,
                     changed: frozenset[str] | None = None) -> int:
    """Write the English articles (derived from the memory) and delete ones without a twin."""
    known = _WRITTEN.pop(str(folder), None)  # popped: a failed run leaves no stale state
    # Only a cold process needs the digests kept on disk; a warm one knows what it wrote.
    digests: StatCache[str | None] | None = (
        StatCache(cache_path, "digest") if known is None else None)
    on_disk = (_markdown_stats(folder) if known is None or changed is None else
               hinted_stats(folder, ".md", {n: k for n, (_, k) in known.items()}, changed))
    written: dict[str, tuple[Article, tuple[int, ...] | None]] = {}
    changed = 0
    for article in articles:
        name = f"{article.slug}.md"
        before, key = (known or {}).get(name), on_disk.pop(name, None)
        if before is not None and before[0] is article and key is not None and before[1] == key:
            written[name] = before  # what this process wrote, untouched since
            continue
        text = dump_article(article, EN_HEADER.format(slug=article.slug))
        changed += _write_if_changed(folder / name, text, digests)
        key = _stat_key(folder / name)
        written[name] = (article, key if key is not None and _trusted(key) else None)
    if digests is not None:
        digests.save()
    for name in on_disk:  # no twin any more
        _unlink(folder / name)
    _WRITTEN[str(folder)] = written
    return changed


def _write_if_changed(path: Path, text: str, digests: StatCache[str | None] | None) -> bool:
    """Write a derived file unless it holds text already; return True if it was written."""
    try:  # the digest of a file unchanged since the last build is not even read
        same = (digests.get(path, _file_digest) == _digest(text) if digests is not None
                else _read_text(path) == text)
    except OSError:
        same = False
    if same:
        return False
    _write_derived(path, text)
    if digests is not None:
        digests.put(path, _digest(text))
    return True


def read_articles(folder: Path, cache_path: Path | None = None,
                  changed: frozenset[str] | None = None) -> tuple[Article, ...]:
    """Load every article in a language folder, newest first; unchanged files from the cache.

    changed: the files changed since this process last read the folder, when a watcher knows
    (serve); only those are looked at again, not every file's stat.
    """
    known = _READ.pop(str(folder), None)  # popped: a failed run leaves no stale state
    # A warm process parses only files whose stat changed, and needs no cache file for that.
    cache: StatCache[Article] | None = (
        StatCache(cache_path, _parser_version()) if known is None else None)
    read: dict[str, tuple[tuple[int, ...] | None, Article]] = {}
    stats = (_markdown_stats(folder) if known is None or changed is None else
             hinted_stats(folder, ".md", {n: k for n, (k, _) in known.items()}, changed))
    for name, key in stats.items():
        before = (known or {}).get(name)
        if before is not None and before[0] == key:
            read[name] = before
            continue
        path = folder / name
        article = cache.get(path, read_article) if cache is not None else read_article(path)
        read[name] = (key if _trusted(key) else None, article)
    if cache is not None:
        cache.save()
    _READ[str(folder)] = read
    return tuple(sorted((article for _, article in read.values()),
                        key=lambda a: (-a.date.toordinal(), a.source, a.slug)))


def _remove_stale(folder: Path, manifest: dict[str, str], fresh: set[str], seeds: set[str]) -> list:
    """Delete generated files a re-parsed seed no longer produces, if nobody edited them."""
    removed = []
    for name in sorted(set(manifest) - fresh):
        path = folder / name
        text = _read_text(path)
        if text is None:
            del manifest[name]
        elif _digest(text) == manifest[name] and _seed_of(path) in seeds:
            _unlink(path)
            del manifest[name]
            removed.append(name)
    return removed


def _seed_of(path: Path) -> str | None:
    try:
        return read_article(path).source.rsplit(":", 1)[0]
    except ContentError:
        return None


@functools.cache
def _parser_version() -> str:
    """Hash the code that parses articles, so a change to it empties the cache."""
    code = [Path(__file__).with_name(name).read_bytes() for name in ("articles.py", "models.py")]
    return hashlib.sha256(b"\0".join(code)).hexdigest()[:16]


def _file_digest(path: Path) -> str | None:
    text = _read_text(path)
    return None if text is None else _digest(text)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
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
        _read_text(folder / MANIFEST) != text
    ):  # an unchanged file must not wake the preview's watcher
        _write_atomic(folder / MANIFEST, text)


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
        note_written(path)
    except OSError as exc:
        raise ContentError(f"{path}: cannot delete: {exc.strerror or exc}") from None


def _markdown_stats(folder: Path) -> dict[str, tuple[int, ...]]:
    """Return the stat of every Markdown file in folder by name (one pass, no Path objects)."""
    try:
        with os.scandir(folder) as found:
            return {f.name: stat_key(f.stat()) for f in found
                    if f.name.endswith(".md") and not f.name.startswith(".")}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def _stat_key(path: Path) -> tuple[int, ...] | None:
    try:
        return stat_key(os.stat(path))
    except OSError:
        return None


def _trusted(key: tuple[int, ...]) -> bool:
    """True when a file is old enough for a later change to show in its stat (see stat_cache)."""
    return time.time_ns() - max(key[1], key[2]) > stat_cache.RACY_NS  # mtime, ctime


def _write_derived(path: Path, text: str) -> None:
    """Replace a file derived from other files: atomic, but not flushed to disk.

    A power cut may leave it empty or old, never half-written by a killed run: its stat then
    differs from the one recorded and the next build writes it again. Not flushing saves a
    disk round trip per article on a cold build.
    """
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            os.fchmod(handle.fileno(), 0o644)  # mkstemp's 0600 would lock other users out
            handle.write(text)
        os.replace(tmp, path)
        note_written(path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # a full disk or a read-only folder: the old file stays
            raise ContentError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temp file and rename, so a killed run never leaves half a file."""
    try:
        replace_text(path, text)
    except OSError as exc:  # a full disk or a read-only folder: the old file stays whole
        raise ContentError(f"{path}: cannot write: {exc.strerror or exc}") from None
