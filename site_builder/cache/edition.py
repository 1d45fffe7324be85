"""Patch the last edition after an edit that kept every article in its place with its names.

A warm process (serve) keeps unchanged articles as the very objects of the build before, so
the articles an edit replaced are found by comparing pointers. When each of them keeps its
place in the lists (date, page order) and its names (column, tags, people), the edition is the
last one with those articles swapped: no sorting, no collecting of terms. The plain
`render.catalog.build_edition` is the oracle (a test compares the two).
"""

from __future__ import annotations

from collections.abc import Sequence

from site_builder.cache.identity import replaced
from site_builder.models import Article
from site_builder.render.catalog import Edition, names_of, sort_key
from site_builder.render.urls import KINDS

Given = tuple[tuple[Article, ...], tuple[Article, ...]]  # zh and en, as a build gave them


def patch_edition(previous: Edition, given: Given, zh: Sequence[Article],
                  en: Sequence[Article]) -> tuple[Edition, frozenset[str]] | None:
    """Return the previous edition with some articles swapped and their slugs, or None."""
    if bool(en) != bool(given[1]):
        return None
    swapped: dict[int, Article] = {}  # id of the article replaced -> its replacement
    for lang, old, new in (("zh", given[0], zh), ("en", given[1], en)):
        places = replaced(old, new)
        if places is None:
            return None  # articles added or removed
        for article in (new[i] for i in places):
            before = previous.by_slug[lang].get(article.slug)
            if before is article:
                continue  # given in another order: the edition has its own
            if before is None or id(before) in swapped or not _same_place(before, article):
                return None
            swapped[id(before)] = article
    articles = {lang: tuple(swapped.get(id(a), a) for a in items) if swapped else items
                for lang, items in previous.articles.items()}
    by_slug = {lang: {**previous.by_slug[lang], **{a.slug: a for a in swapped.values()
                                                  if a.lang == lang}}
               for lang in previous.langs}
    edition = Edition(previous.langs, articles, by_slug, previous.terms, previous.keys,
                      previous.pages)
    return edition, frozenset(a.slug for a in swapped.values())


def _same_place(before: Article, after: Article) -> bool:
    """Tell whether an article keeps its place in the lists, in print and its names (terms)."""
    return sort_key(before) == sort_key(after) and all(
        names_of(before, kind) == names_of(after, kind) for kind in KINDS) and (
        before.print_page, before.print_section) == (after.print_page, after.print_section)
