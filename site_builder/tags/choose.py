"""Choose each article's tags against the whole archive: the plain computation (the oracle).

An automatic tag is a word of the article's own text, scored by TF-IDF with the IDF taken from
our archive as it stood on the article's day (the articles dated on or before it), jieba's
general corpus counting as PRIOR_DOCUMENTS more articles so that a young archive still knows
时刻 from 月白塘. Names of people, places and organisations weigh more; a tag must be
mentioned at least twice (the title counts twice); the bylines' names are left to the reporter
pages. An editor's `tags:` in front matter replace the automatic ones. A tag is published (kept
on its articles and given a page) only when at least min_tag_articles articles have it.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from site_builder.models import Article
from site_builder.tags.terms import NOUN, PERSON, PROPER, Terms, analyse

TAGS_PER_ARTICLE = 3
MIN_MENTIONS = 2
PRIOR_DOCUMENTS = 1000
WEIGHT = {PERSON: 1.5, PROPER: 1.5, NOUN: 1.0}

TermsOf = Callable[[Article], Terms]


def analysis_text(article: Article) -> tuple[str, str]:
    """Return the title and body text an article's tags are chosen from."""
    # An inferred title is the lead sentence again: it would count each of its words twice more.
    title = "" if article.title_inferred else article.title
    body = "\n".join([article.subtitle or "", *(block.text for block in article.body)])
    return title, body


def article_terms(article: Article) -> Terms:
    """Cut an article's text with jieba into its candidate terms (the costly step)."""
    return analyse(*analysis_text(article))


@dataclass
class Archive:
    """Which articles, by day, hold each candidate term: document frequencies as of any day."""

    days: list[int]  # the date (ordinal) of every article, sorted
    holders: dict[str, list[int]]  # term -> the dates of the articles that hold it, sorted

    @classmethod
    def of(cls, dated: Iterable[tuple[int, Terms]]) -> Archive:
        """Index the terms of articles given with their dates."""
        archive = cls([], {})
        for day, terms in sorted(dated, key=lambda pair: pair[0]):
            archive.days.append(day)
            for word in terms.words:
                archive.holders.setdefault(word, []).append(day)
        return archive

    def add(self, day: int, terms: Terms) -> None:
        """Count one more article."""
        bisect.insort(self.days, day)
        for word in terms.words:
            bisect.insort(self.holders.setdefault(word, []), day)

    def remove(self, day: int, terms: Terms) -> None:
        """Count one article less."""
        self.days.pop(bisect.bisect_left(self.days, day))
        for word in terms.words:
            holders = self.holders[word]
            holders.pop(bisect.bisect_left(holders, day))
            if not holders:
                del self.holders[word]

    def size(self, day: int) -> int:
        """Return how many articles are dated on or before day."""
        return bisect.bisect_right(self.days, day)

    def frequency(self, word: str, day: int) -> int:
        """Return how many articles dated on or before day hold word."""
        return bisect.bisect_right(self.holders.get(word, ()), day)


def scored(terms: Terms) -> list[str]:
    """Return the words of an article that may become its tags: those mentioned often enough."""
    return [word for word, count in zip(terms.words, terms.counts, strict=True)
            if count >= MIN_MENTIONS]


def auto_tags(article: Article, terms: Terms, archive: Archive) -> tuple[str, ...]:
    """Return the best-scoring words of an article as of its day, at most TAGS_PER_ARTICLE."""
    day = article.date.toordinal()
    size = archive.size(day) + PRIOR_DOCUMENTS
    names = {article.column, *article.reporters, *article.photographers}
    ranked = []
    for first, (word, count, kind, prior) in enumerate(
            zip(terms.words, terms.counts, terms.kinds, terms.priors, strict=True)):
        if count < MIN_MENTIONS or word in names:
            continue
        idf = math.log(size / (archive.frequency(word, day) + PRIOR_DOCUMENTS * prior))
        ranked.append((-count * idf * WEIGHT[kind], first, word))
    chosen: list[str] = []
    for _, _, word in sorted(ranked):
        if not any(word in other or other in word for other in chosen):  # 街道 in 稠江街道
            chosen.append(word)
            if len(chosen) == TAGS_PER_ARTICLE:
                break
    return tuple(chosen)


def chosen_tags(article: Article, terms: Terms, archive: Archive) -> tuple[str, ...]:
    """Return an article's tags before publication: an editor's, else the automatic ones."""
    return article.tags if article.tags else auto_tags(article, terms, archive)


def published(chosen: Sequence[tuple[str, ...]], min_articles: int) -> list[tuple[str, ...]]:
    """Keep of each article's tags those that at least min_articles articles have."""
    counts = Counter(tag for tags in chosen for tag in set(tags))
    return [tuple(tag for tag in tags if counts[tag] >= min_articles) for tags in chosen]


def with_tags(article: Article, tags: tuple[str, ...]) -> Article:
    """Return the article with these tags (itself if it has them already)."""
    return article if article.tags == tags else replace(article, tags=tags)


def tag_articles(articles: Sequence[Article], min_articles: int,
                 terms_of: TermsOf = article_terms) -> tuple[Article, ...]:
    """Return the articles with their published tags, worked out from scratch."""
    terms = [terms_of(article) for article in articles]
    archive = Archive.of((a.date.toordinal(), t) for a, t in zip(articles, terms, strict=True))
    chosen = [chosen_tags(a, t, archive) for a, t in zip(articles, terms, strict=True)]
    return tuple(map(with_tags, articles, published(chosen, min_articles)))
