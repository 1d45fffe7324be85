"""Read a content folder's articles and write content/en, looking again only at what changed.

A warm process (serve) keeps what the last build found in each folder. Told which files a
watcher saw change (`changed`), it then stats only those, the files too new to trust, and the
articles that are not the same objects as last time; without that, it stats every file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from site_builder.cache.identity import replaced
from site_builder.cache.session import Session
from site_builder.cache.stamps import StatCache, hinted_names
from site_builder.cache.store import Store
from site_builder.cache.version import code_version
from site_builder.content.markdown import (
    checked_article,
    dump_article,
    read_article,
    read_content,
    remove_content,
    write_content,
)
from site_builder.files import (
    Stamp,
    digest,
    read_text,
    stamp,
    stamp_of,
    trusted,
)
from site_builder.models import Article

EN_HEADER = "Generated from translations/en/{slug}.po: correct the English there, not here."


@dataclass(frozen=True)
class Folder:
    """What a build found in a content folder: never changed once made."""

    files: dict[str, tuple[Stamp | None, Article]]  # name -> (its stat, None if too new; article)
    untrusted: frozenset[str]  # the names whose stat is None: looked at again by every build
    articles: tuple[Article, ...]  # as read (newest first) or as written (in the order given)


def read_articles(folder: Path, cache_path: Path | None = None,
                  session: Session | None = None) -> tuple[Article, ...]:
    """Load every article in a language folder, newest first; unchanged files from the cache.

    The session keeps what the last build found (a Folder); a build takes it out while it
    runs, so a failed one leaves none.
    """
    session = session if session is not None else Session()
    memo, changed = session.memo("read"), session.changed
    known = memo.pop(str(folder), None)
    if known is not None and changed is not None:
        found = _read_again(folder, known, known.untrusted | hinted_names(folder, ".md", changed))
    else:
        found = _read_all(folder, known, cache_path, session.store)
    memo[str(folder)] = found
    return found.articles


def _read_all(folder: Path, known: Folder | None, cache_path: Path | None,
              store: Store) -> Folder:
    """Stat every file; parse those this process has not seen so (a new one: the cache file)."""
    cache: StatCache[Article] | None = (
        StatCache(cache_path, code_version(), store) if known is None else None)
    files: dict[str, tuple[Stamp | None, Article]] = {}
    for name, key in _markdown_stats(folder).items():
        before = known.files.get(name) if known is not None else None
        if before is not None and before[0] == key:
            files[name] = before
            continue
        path = folder / name
        article = (cache.get_text(path, read_content, checked_article) if cache is not None
                   else read_article(path))
        files[name] = (key if trusted(key) else None, article)
    if cache is not None:
        cache.save()
    return _folder(files, _newest_first(article for _, article in files.values()))


def _read_again(folder: Path, known: Folder, names: Iterable[str]) -> Folder:
    """Read the named files again where their stat changed; the rest is as last time."""
    files, swapped, moved = dict(known.files), {}, False
    for name in sorted(names):
        key, before = stamp(folder / name), files.get(name)
        if key is None:  # deleted
            moved |= files.pop(name, None) is not None
        elif before is None or before[0] != key:
            article = read_article(folder / name)
            files[name] = (key if trusted(key) else None, article)
            moved |= before is None or _order(before[1]) != _order(article)
            if before is not None:
                swapped[id(before[1])] = article
    if moved:
        articles = _newest_first(article for _, article in files.values())
    else:  # each in its place
        articles = tuple(swapped.get(id(a), a) for a in known.articles) if swapped else (
            known.articles)
    return _folder(files, articles, known.untrusted | set(names))


def write_translated(articles: Sequence[Article], folder: Path, cache_path: Path | None = None,
                     session: Session | None = None) -> int:
    """Write the English articles (derived from the memory) and delete ones without a twin."""
    session = session if session is not None else Session()
    memo, changed = session.memo("written"), session.changed
    known = memo.pop(str(folder), None)
    places = replaced(known.articles, articles) if known is not None else None
    if places is not None and changed is not None and all(
            articles[i].slug == known.articles[i].slug for i in places):
        names = {f"{articles[i].slug}.md" for i in places} | known.untrusted
        names |= hinted_names(folder, ".md", changed)  # an editor's save, or a deletion
        found, count = _write_again(folder, known, articles, places, names)
    else:
        found, count = _write_all(folder, known, articles, cache_path, session.store)
    memo[str(folder)] = found
    return count


def _write_all(folder: Path, known: Folder | None, articles: Sequence[Article],
               cache_path: Path | None, store: Store) -> tuple[Folder, int]:
    """Write every article whose file is not as this process left it; delete the rest."""
    # Only a cold process needs the digests kept on disk; a warm one knows what it wrote.
    # Keyed by the code version too: what an article's file holds is what this code writes.
    digests: StatCache[Written] | None = (
        StatCache(cache_path, f"written:{code_version()}", store) if known is None else None)
    on_disk = _markdown_stats(folder)
    files: dict[str, tuple[Stamp | None, Article]] = {}
    count = 0
    for article in articles:
        name = f"{article.slug}.md"
        key, before = on_disk.pop(name, None), known.files.get(name) if known else None
        if before is not None and before[1] is article and key is not None and before[0] == key:
            files[name] = before  # what this process wrote, untouched since
            continue
        count += _write_if_changed(folder / name, article, digests)
        files[name] = _trusted_stat(folder / name), article
    if digests is not None:
        digests.save()
    for name in on_disk:  # no twin any more
        remove_content(folder / name)
    return _folder(files, tuple(articles)), count


def _write_again(folder: Path, known: Folder, articles: Sequence[Article], places: list[int],
                 names: set[str]) -> tuple[Folder, int]:
    """Write the named files where they are not as this process left them."""
    files, count = dict(known.files), 0
    new = {f"{articles[i].slug}.md": articles[i] for i in places}
    for name in sorted(names):
        article = new.get(name) or (files[name][1] if name in files else None)
        if article is None:  # not a twin: a file someone put there
            remove_content(folder / name)
            continue
        key, before = stamp(folder / name), files.get(name)
        if before is not None and before[1] is article and key is not None and before[0] == key:
            continue
        count += _write_if_changed(folder / name, article, None)
        files[name] = _trusted_stat(folder / name), article
    return _folder(files, tuple(articles), known.untrusted | names), count


def _write_if_changed(path: Path, article: Article, digests: StatCache[Written] | None,
                      ) -> bool:
    """Write an article's file unless it holds its text already; return True if it was written."""
    held, source = None, None
    if digests is not None:  # the digest of a file unchanged since the last build is not read
        source = digest(repr(article))
        with contextlib.suppress(OSError):
            held = digests.get_text(path, _read, lambda text, _: Written(None, digest(text)))
        if held is not None and held.source == source:  # written from this article, untouched:
            return False  # not dumped again (YAML costs a second at 5,000 articles)
    text = dump_article(article, EN_HEADER.format(slug=article.slug))
    if digests is None:
        with contextlib.suppress(OSError):
            if read_text(path) == text:
                return False
        write_content(path, text, durable=False)  # derived: its stamp tells a torn write
        return True
    written = Written(source, digest(text))
    same = held is not None and held.digest == written.digest
    if not same:
        write_content(path, text, durable=False)
    digests.put(path, written, text=text)  # the article it holds known from now
    return not same


def _folder(files: dict[str, tuple[Stamp | None, Article]], articles: tuple[Article, ...],
            names: Iterable[str] | None = None) -> Folder:
    """Make a Folder; names: the only ones whose trust may have changed (else all are looked at)."""
    candidates = files if names is None else (n for n in names if n in files)
    return Folder(files, frozenset(n for n in candidates if files[n][0] is None), articles)


def _order(article: Article) -> tuple:
    return (-article.date.toordinal(), article.source, article.slug)


def _newest_first(articles: Iterable[Article]) -> tuple[Article, ...]:
    return tuple(sorted(articles, key=_order))


def _trusted_stat(path: Path) -> Stamp | None:
    key = stamp(path)
    return key if trusted(key) else None


def _markdown_stats(folder: Path) -> dict[str, Stamp]:
    """Return the stat of every Markdown file in folder by name (one pass, no Path objects)."""
    try:
        with os.scandir(folder) as found:
            return {f.name: stamp_of(f.stat()) for f in found
                    if f.name.endswith(".md") and not f.name.startswith(".")}
    except (FileNotFoundError, NotADirectoryError):
        return {}


class Written(NamedTuple):
    """What an English file holds, by its stat: the article it was written from, its digest."""

    source: str | None  # the digest of the article's repr (None: a file found, not written)
    digest: str


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")  # as read_text(), but no None
