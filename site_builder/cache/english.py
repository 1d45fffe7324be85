"""English twins kept between builds: reused while the zh article and its memory entries match.

Listing an article's segments and mapping it to English both walk every sentence (and romanise
names); for thousands of unchanged articles that is most of an edit's rebuild. A twin is kept
per slug with the key of its zh Article (a hash of the article and of the code that maps it),
its segments and a hash of the memory entries it used. A warm process (serve) keeps the cache
object itself from one build to the next, with an index of which articles use which segment,
so an edit costs the articles it touches, not the site.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from site_builder.cache.identity import replaced
from site_builder.cache.store import LOAD_ERRORS, Store
from site_builder.cache.version import code_version
from site_builder.models import Article
from site_builder.tags.terms import known_people, remember_people
from site_builder.translate.entries import Entry
from site_builder.translate.names import known_names, remember_names

log = logging.getLogger(__name__)
# Memos of pure functions the twins were made with, kept beside them under these names:
# romanised names (pypinyin) and which tags are people's names (jieba).
MEMOS = {"names": (known_names, remember_names), "people": (known_people, remember_people)}


class Twin(NamedTuple):
    """What one article's English was made from, and the English."""

    key: bytes  # hash of the zh article, max_chars and the code
    segments: list[str]
    used: bytes  # hash of the memory entries of the segments
    english: Article


class EnglishCache:
    """Segments and English twin per slug, from the last build."""

    SHARDS = 16  # pickles the twins are kept in: an edit rewrites one

    def __init__(self, path: Path | None, max_chars: int, store: Store | None = None) -> None:
        self.path, self.max_chars = path, max_chars
        self.store = store if store is not None else Store()
        self._twins: dict[str, Twin] = self._load()
        self._articles: dict[str, tuple[Article, bytes]] = {}  # the zh article of each key
        self._wanting: dict[str, set[str]] | None = None  # segment -> slugs, built on demand
        self._sizes = {name: len(known()) for name, (known, _) in MEMOS.items()}
        self._dirty: set[int] = set()  # shards changed since read or written
        self._members: dict[int, set[str]] | None = None  # shard -> its slugs, made if needed
        # This run's articles and each one's place; the last complete run's, and their twins
        # (set by twins_of): a warm run looks only at the articles that are other objects.
        self._current: tuple[Article, ...] = ()
        self._place: dict[str, int] = {}
        self._given: tuple[Article, ...] | None = None
        self._english: tuple[Article, ...] = ()
        self._remade: set[str] = set()  # slugs whose twin this run put

    def start(self, articles: Sequence[Article]) -> set[str]:
        """Take this build's articles; return the slugs whose zh article is new or changed."""
        self._current, self._remade = tuple(articles), set()
        places = replaced(self._given, self._current) if self._given is not None else None
        if places is None or any(articles[i].slug != self._given[i].slug for i in places):
            self._given = None  # not the same places: twins_of walks them all
            self._place = {article.slug: i for i, article in enumerate(self._current)}
            return self._check(articles, prune=True)
        return self._check([articles[i] for i in places], prune=False)

    def articles_of(self, slugs: Iterable[str]) -> list[Article]:
        """Return this run's articles with these slugs, in their order."""
        return [self._current[i] for i in sorted(self._place[s] for s in slugs if s in self._place)]

    def _check(self, articles: Sequence[Article], prune: bool) -> set[str]:
        """Return the slugs of these articles whose zh article is new or changed."""
        changed, seen, twins = set(), self._articles, self._twins
        for article in articles:
            known = seen.get(article.slug)
            if known is None or known[0] is not article:  # else the same object as last time
                key = _digest(pickle.dumps((article, self.max_chars, code_version()), 4))
                known = seen[article.slug] = (article, key)
            twin = twins.get(article.slug)
            if twin is None or twin.key != known[1]:
                changed.add(article.slug)
        if prune and (len(seen) > len(articles) or len(twins) > len(articles)):
            slugs = {article.slug for article in articles}
            for slug in [s for s in twins if s not in slugs]:
                self._forget(slug)
            for slug in [s for s in seen if s not in slugs]:
                del seen[slug]
        return changed

    def segments(self, slug: str) -> list[str] | None:
        """Return the article's segments, None when its zh article changed."""
        twin = self._twins.get(slug)
        return twin.segments if twin and twin.key == self._articles[slug][1] else None

    def english(self, slug: str, entries: Sequence[Entry | None]) -> Article | None:
        """Return the twin of the current article if it was made from these memory entries."""
        twin = self._twins.get(slug)
        if twin is None or twin.key != self._articles[slug][1] or twin.used != _used(entries):
            return None
        return twin.english

    def twins_of(self, articles: Sequence[Article]) -> tuple[Article, ...]:
        """Return the English twins of this run's articles (all put or kept by now)."""
        if self._given is not None:  # the last run's, with the twins put since
            patched = list(self._english)
            for slug in self._remade:
                patched[self._place[slug]] = self._twin(slug).english
            english = tuple(patched)
        else:
            english = tuple(self._twin(article.slug).english for article in articles)
        self._given, self._english = tuple(articles), english
        return english

    def _twin(self, slug: str) -> Twin:
        twin = self._twins[slug]
        if twin.key != self._articles[slug][1]:
            raise KeyError(f"no English twin of {slug}")
        return twin

    def put(self, slug: str, segments: list[str], entries: Sequence[Entry | None],
            english: Article) -> None:
        """Remember an article's segments and English twin."""
        twin = Twin(self._articles[slug][1], segments, _used(entries), english)
        old = self._twins.get(slug)
        if old == twin:
            return
        if self._wanting is not None:
            self._index(slug, old.segments if old else (), segments)
        self._twins[slug] = twin
        self._remade.add(slug)
        self._mark(slug, present=True)

    def wanting(self, segments: Iterable[str]) -> set[str]:
        """Return the slugs of the articles that use any of these segments."""
        index = self._index_all()
        return {slug for segment in segments for slug in index.get(segment, ())}

    def distinct(self) -> int:
        """Return how many different segments the articles use."""
        return len(self._index_all())

    def save(self) -> None:
        """Write the shards of twins (and the memos) that changed since read."""
        if self.path is None:
            return
        memos = {name: known() for name, (known, _) in MEMOS.items()}
        members = self._shard_members() if self._dirty else {}
        try:
            for number in sorted(self._dirty):
                shard = {slug: self._twins[slug] for slug in members[number]}
                self.store.save(self._shard_path(number), (code_version(), shard))
            for name, memo in memos.items():
                if len(memo) != self._sizes[name]:
                    self.store.save(self._shard_path(name), (code_version(), memo))
            self.path.unlink(missing_ok=True)  # the one-file cache of earlier versions
        except OSError as exc:  # only a cache
            log.warning("%s: cannot write cache: %s", self.path, exc.strerror or exc)
        self._dirty = set()
        self._sizes = {name: len(memo) for name, memo in memos.items()}

    def _forget(self, slug: str) -> None:
        twin = self._twins.pop(slug)
        if self._wanting is not None:
            self._index(slug, twin.segments, ())
        self._mark(slug, present=False)

    def _index(self, slug: str, old: Iterable[str], new: Iterable[str]) -> None:
        """Move one article in the segment index from its old segments to its new ones."""
        assert self._wanting is not None
        for segment in old:
            slugs = self._wanting[segment]
            slugs.discard(slug)
            if not slugs:
                del self._wanting[segment]
        for segment in new:
            self._wanting.setdefault(segment, set()).add(slug)

    def _index_all(self) -> dict[str, set[str]]:
        if self._wanting is None:
            self._wanting = {}
            for slug, twin in self._twins.items():
                self._index(slug, (), twin.segments)
        return self._wanting

    def _mark(self, slug: str, present: bool) -> None:
        """Note that a slug's twin was put or forgotten: its shard is to be written."""
        number = _shard(slug, self.SHARDS)
        self._dirty.add(number)
        if self._members is not None:
            (self._members[number].add if present else self._members[number].discard)(slug)

    def _shard_members(self) -> dict[int, set[str]]:
        """Return the slugs of each shard (worked out once, then kept up to date)."""
        if self._members is None:
            self._members = {number: set() for number in range(self.SHARDS)}
            for slug in self._twins:
                self._members[_shard(slug, self.SHARDS)].add(slug)
        return self._members

    def _load(self) -> dict[str, Twin]:
        """Read the shards; a missing, damaged or other-version one counts as empty."""
        twins: dict[str, Twin] = {}
        if self.path is None:
            return twins
        for number in (*MEMOS, *range(self.SHARDS)):
            try:
                version, value = self.store.load(self._shard_path(number))
            except LOAD_ERRORS:
                continue
            if version != code_version() or not isinstance(value, dict):
                continue
            if isinstance(number, str):
                MEMOS[number][1](value)
            else:
                twins.update(value)
        return twins

    def _shard_path(self, number: int | str) -> Path:
        assert self.path is not None
        suffix = number if isinstance(number, str) else f"{number:x}"
        return self.path.with_name(f"{self.path.stem}-{suffix}{self.path.suffix}")


def _shard(slug: str, shards: int) -> int:
    return zlib.crc32(slug.encode("utf-8")) % shards


def _used(entries: Sequence[Entry | None]) -> bytes:
    """Hash the memory entries an English twin was made from."""
    return _digest("\0".join(
        f"{e.text}\1{e.reviewed}\1{e.note}" if e else "\2" for e in entries).encode("utf-8"))


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
