"""The content/ folder: write generated articles, keep editors' hand edits, read them back."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .articles import ContentError, article_files, dump_article, read_article
from .atomic import replace_text
from .models import Article
from .stat_cache import StatCache

log = logging.getLogger(__name__)

# The hash of every file the tool wrote: a file that differs from it was edited by hand.
MANIFEST = ".generated.json"
# The latest English files by article object: a warm process (serve) keeps unchanged articles as
# the same objects, so their Markdown need not be made again.
_DUMPED: dict[int, tuple[Article, str]] = {}
EN_HEADER = "Generated from translations/en/{slug}.po: correct the English there, not here."


@dataclass(frozen=True)
class SyncReport:
    """What syncing parsed articles into content/zh did."""

    written: tuple[str, ...]
    kept_hand_edited: tuple[str, ...]
    removed: tuple[str, ...]


def sync_generated(articles: Sequence[Article], folder: Path, parsed_seeds: set[str]) -> SyncReport:
    """Write parsed articles to folder unless an editor changed the file since the tool wrote it."""
    manifest = _read_manifest(folder)
    written, kept = [], []
    for article in articles:
        path = folder / f"{article.slug}.md"
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
    fresh = {f"{a.slug}.md" for a in articles}
    removed = _remove_stale(folder, manifest, fresh, parsed_seeds)
    _write_manifest(folder, manifest)
    return SyncReport(tuple(written), tuple(kept), tuple(removed))


def write_translated(articles: Sequence[Article], folder: Path,
                     cache_path: Path | None = None) -> int:
    """Write the English articles (derived from the memory) and delete ones without a twin."""
    global _DUMPED
    wanted, dumped = {}, {}
    for article in articles:
        known = _DUMPED.get(id(article))
        text = known[1] if known is not None and known[0] is article else dump_article(
            article, EN_HEADER.format(slug=article.slug))
        wanted[f"{article.slug}.md"] = text
        dumped[id(article)] = (article, text)
    _DUMPED = dumped
    digests: StatCache[str | None] = StatCache(cache_path, "digest")
    changed = 0
    for name, text in wanted.items():
        path = folder / name
        try:  # the digest of a file unchanged since the last build is not even read
            same = digests.get(path, _file_digest) == _digest(text)
        except OSError:
            same = False
        if not same:
            _write_atomic(path, text)
            digests.put(path, _digest(text))
            changed += 1
    digests.save()
    for path in article_files(folder):
        if path.name not in wanted:
            _unlink(path)
    return changed


def read_articles(folder: Path, cache_path: Path | None = None) -> tuple[Article, ...]:
    """Load every article in a language folder, newest first; unchanged files from the cache."""
    cache: StatCache[Article] = StatCache(cache_path, _parser_version())
    articles = [cache.get(path, read_article) for path in article_files(folder)]
    cache.save()
    return tuple(sorted(articles, key=lambda a: (-a.date.toordinal(), a.source, a.slug)))


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
    except OSError as exc:
        raise ContentError(f"{path}: cannot delete: {exc.strerror or exc}") from None


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temp file and rename, so a killed run never leaves half a file."""
    try:
        replace_text(path, text)
    except OSError as exc:  # a full disk or a read-only folder: the old file stays whole
        raise ContentError(f"{path}: cannot write: {exc.strerror or exc}") from None
