"""The edition being rendered: articles in order, twins by slug, columns/tags/reporters paired."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from site_builder.cache.identity import replaced
from site_builder.models import Article
from site_builder.render.urls import KINDS, make_keys


@dataclass(frozen=True)
class Term:
    """A column, tag or reporter: one key, a display name per language, its articles."""

    kind: str  # "columns", "tags" or "reporters"
    key: str
    names: dict[str, str]  # lang -> display name
    slugs: tuple[str, ...]  # its articles, newest first


@dataclass(frozen=True)
class Edition:
    """Everything the page builders look up: built once per render."""

    langs: tuple[str, ...]  # ("zh",) or ("zh", "en")
    articles: dict[str, tuple[Article, ...]]  # lang -> articles, newest first
    by_slug: dict[str, dict[str, Article]]  # lang -> slug -> article
    terms: dict[str, tuple[Term, ...]]  # kind -> terms, by key
    keys: dict[str, dict[str, str]]  # kind -> zh name -> key
    # lang -> the articles as the build gave them: the next build finds its edits against these
    given: dict[str, tuple[Article, ...]] = field(default_factory=dict, compare=False, repr=False)
    # lang -> slug -> place in articles[lang] (patching keeps every place)
    place: dict[str, dict[str, int]] = field(default_factory=dict, compare=False, repr=False)
    pages: dict[str, tuple[Article, ...]] = field(default_factory=dict)  # lang -> static pages

    def twin(self, article: Article, lang: str) -> Article | None:
        """Return the article's counterpart in `lang`, if there is one."""
        return self.by_slug.get(lang, {}).get(article.slug)

    def newest(self) -> Article | None:
        """Return the most recent article of the edition."""
        return self.articles["zh"][0] if self.articles["zh"] else None


def sort_key(article: Article) -> tuple:
    """Order newest first, then in page order (seed file, first line), then by slug."""
    name, colon, lines = article.source.rpartition(":")  # "seed.txt:12-30"
    first, dash, last = lines.partition("-")
    if not (colon and first.isdecimal() and (not dash or last.isdecimal())):
        name, first = article.source, "0"
    return (-article.date.toordinal(), name, int(first), article.slug)


def names_of(article: Article, kind: str) -> tuple[str, ...]:
    """Return the article's names of one kind: its column, its tags or its people."""
    if kind == "columns":
        return (article.column,) if article.column else ()
    if kind == "tags":
        return article.tags
    return article.reporters + article.photographers


@dataclass(frozen=True)
class Edit:
    """How an edition differs from the one it was patched from: articles replaced in place."""

    places: dict[str, tuple[int, ...]]  # lang -> positions of the replaced articles
    slugs: frozenset[str]  # their slugs


def build_edition(zh: Sequence[Article], en: Sequence[Article], previous: Edition | None = None,
                  pages: Sequence[Article] = ()) -> tuple[Edition, Edit | None]:
    """Sort the articles, pair the twins and collect the listing terms.

    A warm process (serve) passes its previous edition: when an edit left every article in its
    place with its names (an edited paragraph or title, a corrected translation), that edition
    is patched, and the Edit says where. Else the Edit is None. pages: the static pages.
    """
    if previous is not None and previous.pages == _pages(pages, en) and (
            patched := _patched(previous, zh, en)) is not None:
        return patched
    return _new_edition(zh, en, pages), None


def _patched(previous: Edition, zh: Sequence[Article], en: Sequence[Article],
             ) -> tuple[Edition, Edit] | None:
    """Return the previous edition with some articles swapped, if nothing else changed."""
    given = _given(zh, en)
    if tuple(given) != tuple(previous.given):
        return None
    swapped: dict[int, Article] = {}  # id of the article replaced -> its replacement
    for lang, items in given.items():
        differing = replaced(previous.given[lang], items)
        if differing is None:
            return None  # articles added or removed
        for article in (items[i] for i in differing):
            before = previous.by_slug[lang].get(article.slug)
            if before is article:
                continue  # given in another order: the edition has its own
            if before is None or id(before) in swapped or not _same_place(before, article):
                return None
            swapped[id(before)] = article
    places = {lang: tuple(sorted(previous.place[lang][a.slug] for a in swapped.values()
                                 if a.lang == lang)) for lang in previous.langs}
    articles, by_slug = {}, {}
    for lang, items in previous.articles.items():
        patched = list(items)
        for place in places[lang]:
            patched[place] = swapped[id(items[place])]
        articles[lang] = tuple(patched)
        by_slug[lang] = {**previous.by_slug[lang], **{
            a.slug: a for a in (patched[place] for place in places[lang])}}
    edit = Edit(places, frozenset(a.slug for a in swapped.values()))
    return Edition(previous.langs, articles, by_slug, previous.terms, previous.keys, given,
                   previous.place, previous.pages), edit


def _same_place(before: Article, after: Article) -> bool:
    """Tell whether an article keeps its place in the lists and its names (terms unchanged)."""
    return sort_key(before) == sort_key(after) and all(
        names_of(before, kind) == names_of(after, kind) for kind in KINDS)


def _pages(pages: Sequence[Article], en: Sequence[Article]) -> dict[str, tuple[Article, ...]]:
    """Return the static pages by language, by slug; English ones only on a bilingual site."""
    return {lang: tuple(sorted((p for p in pages if p.lang == lang), key=attrgetter("slug")))
            for lang in ("zh", "en") if lang == "zh" or en}


def _new_edition(zh: Sequence[Article], en: Sequence[Article],
                 pages: Sequence[Article] = ()) -> Edition:
    """Sort the articles, pair the twins and collect the listing terms, from scratch."""
    articles = {"zh": tuple(sorted(zh, key=sort_key))}
    if en:
        articles["en"] = tuple(sorted(en, key=sort_key))
    by_slug = {lang: {a.slug: a for a in items} for lang, items in articles.items()}
    keys = {kind: make_keys(n for a in articles["zh"] for n in names_of(a, kind)) for kind in KINDS}
    terms = {kind: _collect_terms(kind, keys[kind], articles, by_slug) for kind in KINDS}
    place = {lang: {a.slug: i for i, a in enumerate(items)} for lang, items in articles.items()}
    return Edition(tuple(articles), articles, by_slug, terms, keys, _given(zh, en), place,
                   _pages(pages, en))


def _given(zh: Sequence[Article], en: Sequence[Article]) -> dict[str, tuple[Article, ...]]:
    return {"zh": tuple(zh), "en": tuple(en)} if en else {"zh": tuple(zh)}


def _collect_terms(
    kind: str,
    keys: dict[str, str],
    articles: dict[str, tuple[Article, ...]],
    by_slug: dict[str, dict[str, Article]],
) -> tuple[Term, ...]:
    """Group zh articles under each name; the en name is the twin's name at the same position."""
    names: dict[str, dict[str, str]] = {}
    slugs: dict[str, dict[str, None]] = {}  # key -> its articles' slugs, in order, once each
    for article in articles["zh"]:
        twin = by_slug.get("en", {}).get(article.slug)
        twin_names = names_of(twin, kind) if twin else ()
        for i, name in enumerate(names_of(article, kind)):
            key = keys[name]
            entry = names.setdefault(key, {"zh": name})
            if i < len(twin_names):
                entry.setdefault("en", twin_names[i])
            slugs.setdefault(key, {})[article.slug] = None
    return tuple(
        Term(kind, key, names[key], tuple(slugs[key])) for key in sorted(names)
    )


def find_term(edition: Edition, kind: str, key: str) -> Term:
    """Return the term of a kind with a key (terms are sorted by key)."""
    terms = edition.terms[kind]
    return terms[bisect.bisect_left(terms, key, key=attrgetter("key"))]


def term_links(edition: Edition, article: Article, kind: str) -> list[tuple[str, str | None]]:
    """Return (display name, key or None) for each of an article's names, keyed by its zh twin."""
    zh = edition.twin(article, "zh") or article
    zh_names = names_of(zh, kind)
    keys = edition.keys[kind]
    return [
        (name, keys.get(zh_names[i]) if i < len(zh_names) else None)
        for i, name in enumerate(names_of(article, kind))
    ]
