"""Tags, quickly: each article's jieba terms kept by its text's hash, and a warm re-choice.

Cutting a text with jieba costs some 5 ms a thousand characters, so an article's terms are
kept (in the cache folder) by a hash of its text and the code version: a new process cuts only
new or edited texts. A warm process (serve) also keeps, in its Session, the archive index and
each article's chosen tags, and after an edit chooses again only for the articles the edit can
change (see `_affected`). tags/choose.py's tag_articles is the plain computation both equal.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache.identity import replaced
from site_builder.cache.store import LOAD_ERRORS, Store
from site_builder.cache.version import code_version
from site_builder.models import Article
from site_builder.tags.choose import (
    Archive,
    analysis_text,
    chosen_tags,
    published,
    scored,
    with_tags,
)
from site_builder.tags.terms import Terms, analyse, warm_up

WORKERS = min(2, os.cpu_count() or 1)
PARALLEL_MIN = 64  # fewer texts than this are cut faster than workers fork


class TermCache:
    """Articles' candidate terms by a hash of their text, as the cache file or a last run knew."""

    def __init__(self, path: Path | None, store: Store | None = None) -> None:
        self.path, self.store = path, store if store is not None else Store()
        self._known: dict[str, Terms] | None = None  # read when first asked for (a warm run
        self._saved: dict[str, Terms] | None = None  # asks only for an edited text's)

    def known(self) -> dict[str, Terms]:
        """Return the terms the cache file holds, read once."""
        if self._known is None:
            try:
                known = self.store.load(self.path) if self.path is not None else {}
            except LOAD_ERRORS:
                known = {}
            self._known = dict(known) if isinstance(known, dict) else {}
            self._saved = known if isinstance(known, dict) else {}
        return self._known

    def get(self, article: Article) -> tuple[str, Terms]:
        """Return the key of an article's text and its terms, cutting the text only if new."""
        title, body = analysis_text(article)
        key = _key(title, body)
        terms = self.known().get(key)
        if terms is None:
            terms = self._known[key] = analyse(title, body)  # type: ignore[index]
        return key, terms

    def fill(self, articles: Sequence[Article], workers: int = WORKERS) -> None:
        """Cut the texts no build has cut yet: on forked workers when there are many."""
        missing = {}
        for article in articles:
            title, body = analysis_text(article)
            if (key := _key(title, body)) not in self.known():
                missing[key] = (title, body)
        if workers < 2 or len(missing) < PARALLEL_MIN:
            return  # get() cuts them one by one
        from site_builder.processes import pool

        warm_up()  # jieba's dictionaries, loaded once here: the workers inherit them
        with pool(workers) as workers_pool:
            cut = list(workers_pool.map(_analyse, missing.values(), chunksize=16))
        self.known().update(zip(missing, cut, strict=True))

    def save(self, keys: Sequence[str], terms: Sequence[Terms],
             last_keys: Sequence[str] | None = None) -> None:
        """Write the entries of these texts (the cache never outgrows the site), if new.

        last_keys: the texts of a warm process's last run, which it saved: the same, no write.
        """
        if self.path is None or (last_keys is not None and list(keys) == list(last_keys)):
            return
        used = dict(zip(keys, terms, strict=True))
        self.known()
        if used != self._saved:
            self.store.save(self.path, used)


def _key(title: str, body: str) -> str:
    return hashlib.sha256(f"{code_version()}\0{title}\0{body}".encode()).hexdigest()[:32]


def _analyse(text: tuple[str, str]) -> Terms:
    return analyse(*text)


@dataclass
class Chosen:
    """A tagging run's state, for the next run in the same process to patch."""

    min_articles: int
    given: tuple[Article, ...]  # the articles as given
    keys: list[str]  # the key of each one's text
    terms: list[Terms]
    scoring: list[frozenset[str]]  # the words that may become each one's tags
    archive: Archive
    chosen: list[tuple[str, ...]]  # before publication
    result: tuple[Article, ...] = ()


def tag_site(articles: Sequence[Article], min_articles: int, path: Path | None,
             last: Chosen | None = None, store: Store | None = None,
             ) -> tuple[tuple[Article, ...], Chosen]:
    """Return the articles with their published tags, as tag_articles would, reusing work.

    last: the state this returned for the last build of a warm process; it is changed in place
    (pass it once: a run that fails midway leaves it unusable).
    """
    cache = TermCache(path, store)
    given = tuple(articles)
    places = replaced(last.given, given) if last is not None else None
    if last is None or places is None or last.min_articles != min_articles:
        run = _fresh(given, min_articles, cache)
    else:
        run = _patched(last, given, places, cache)
    run.result = _reused(last, run)
    cache.save(run.keys, run.terms, last.keys if last is not None else None)
    return run.result, run


def _fresh(given: tuple[Article, ...], min_articles: int, cache: TermCache) -> Chosen:
    """Choose every article's tags."""
    cache.fill(given)
    keys, terms = [], []
    for article in given:
        key, own = cache.get(article)
        keys.append(key)
        terms.append(own)
    archive = Archive.of((a.date.toordinal(), t) for a, t in zip(given, terms, strict=True))
    chosen = [chosen_tags(a, t, archive) for a, t in zip(given, terms, strict=True)]
    scoring = [frozenset(scored(t)) for t in terms]
    return Chosen(min_articles, given, keys, terms, scoring, archive, chosen)


def _patched(last: Chosen, given: tuple[Article, ...], places: list[int],
             cache: TermCache) -> Chosen:
    """Take the last run, choosing again only where the replaced articles can change tags."""
    keys, terms, archive = list(last.keys), list(last.terms), last.archive
    scoring = list(last.scoring)
    words: set[str] = set()  # terms whose document frequency changed ...
    words_since: int | None = None  # ... from this day on
    sizes_since: int | None = None  # from this day on, the archive's size changed
    for place in places:
        day, new_day = last.given[place].date.toordinal(), given[place].date.toordinal()
        before = terms[place]
        keys[place], after = cache.get(given[place])
        terms[place] = after
        if before is not after:
            scoring[place] = frozenset(scored(after))
        if before is after and day == new_day:
            continue
        archive.remove(day, before)
        archive.add(new_day, after)
        words |= set(before.words) ^ set(after.words)
        words_since = _earliest(words_since, min(day, new_day))
        if day != new_day:  # the archive as of each day in between lost or gained one
            sizes_since = _earliest(sizes_since, min(day, new_day))
    chosen = list(last.chosen)
    for place in _affected(given, scoring, words, words_since, sizes_since) | set(places):
        chosen[place] = chosen_tags(given[place], terms[place], archive)
    return Chosen(last.min_articles, given, keys, terms, scoring, archive, chosen)


def _earliest(day: int | None, other: int) -> int:
    return other if day is None else min(day, other)


def _affected(given: tuple[Article, ...], scoring: list[frozenset[str]], words: set[str],
              words_since: int | None, sizes_since: int | None) -> set[int]:
    """Return the places whose automatic tags may differ after the archive changed."""
    if sizes_since is None and not words:
        return set()  # an edit that kept its words: only its own tags may change
    affected = set()
    for place, article in enumerate(given):
        if article.tags:  # an editor's: the archive does not change them
            continue
        day = article.date.toordinal()
        if sizes_since is not None and day >= sizes_since or (
                words_since is not None and day >= words_since
                and not words.isdisjoint(scoring[place])):
            affected.add(place)
    return affected


def _reused(last: Chosen | None, run: Chosen) -> tuple[Article, ...]:
    """Publish the tags; keep the last run's tagged article where input and tags are the same."""
    tags = published(run.chosen, run.min_articles)
    # the last run holds its articles: no other live object has one of their ids
    previous = {id(a): r for a, r in zip(last.given, last.result, strict=True)} if last else {}
    result = []
    for article, own in zip(run.given, tags, strict=True):
        before = previous.get(id(article))
        result.append(before if before is not None and before.tags == own
                      else with_tags(article, own))
    return tuple(result)
