"""The edition being rendered: articles in order, twins by slug, columns/tags/reporters paired."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from site_builder.models import Article
from site_builder.render.urls import KINDS, make_keys, static_page


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


def build_edition(zh: Sequence[Article], en: Sequence[Article],
                  pages: Sequence[Article] = ()) -> Edition:
    """Sort the articles, pair the twins and collect the listing terms; pages: static pages."""
    articles = {"zh": tuple(sorted(zh, key=sort_key))}
    if en:
        articles["en"] = tuple(sorted(en, key=sort_key))
    by_slug = {lang: {a.slug: a for a in items} for lang, items in articles.items()}
    keys = {kind: make_keys(n for a in articles["zh"] for n in names_of(a, kind)) for kind in KINDS}
    terms = {kind: _collect_terms(kind, keys[kind], articles, by_slug) for kind in KINDS}
    return Edition(tuple(articles), articles, by_slug, terms, keys, pages_by_lang(pages, en))


def pages_by_lang(pages: Sequence[Article], en: Sequence[Article],
                  ) -> dict[str, tuple[Article, ...]]:
    """Return the static pages by language, by slug; English ones only on a bilingual site."""
    return {lang: tuple(sorted((p for p in pages if p.lang == lang), key=attrgetter("slug")))
            for lang in ("zh", "en") if lang == "zh" or en}


def page_links(edition: Edition) -> dict[str, list[tuple[str, str]]]:
    """Return per language the static pages' (title, path), in file-name order: footers."""
    return {lang: [(page.title, static_page(lang, page.slug)) for page in pages]
            for lang, pages in edition.pages.items()}


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
