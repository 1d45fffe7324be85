"""Plan every HTML page of the site: its path, template, context and language alternates."""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat, zip_longest
from typing import Any

from site_builder.cache.render import PlannedRoutes
from site_builder.config import Config
from site_builder.models import Article
from site_builder.render import urls
from site_builder.render.catalog import Edit, Edition, Term, find_term, names_of
from site_builder.render.text import LABELS, excerpt


@dataclass(frozen=True)
class PageMeta:
    """What the base layout needs to know about any page."""

    lang: str
    path: str  # site path, e.g. "zh/articles/x/"
    title: str
    description: str
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, path), with x-default
    switch: str | None = None  # the same page in the other language, else its front page
    og_type: str = "website"
    indexed: bool = True  # listed in the sitemap and open to search engines


@dataclass(frozen=True)
class Route:
    """One HTML page to render."""

    template: str
    meta: PageMeta
    context: dict[str, Any] = field(default_factory=dict)
    lastmod: dt.date | None = None


def other(lang: str) -> str:
    """Return the other language of the site."""
    return "en" if lang == "zh" else "zh"


def alternates(paths: dict[str, str], default: str | None = None) -> tuple[tuple[str, str], ...]:
    """Return hreflang alternates for a page that exists in both languages, else none."""
    if len(paths) < 2:
        return ()
    return (*sorted(paths.items()), ("x-default", default if default is not None else paths["zh"]))


def meta(edition: Edition, lang: str, paths: dict[str, str], **fields: Any) -> PageMeta:
    """Build a PageMeta for the `lang` version of a page that exists under `paths`."""
    default = fields.pop("default", None)
    switch = paths.get(other(lang))
    if switch is None and other(lang) in edition.langs:
        switch = urls.front(other(lang))
    return PageMeta(lang, paths[lang], alternates=alternates(paths, default), switch=switch,
                    **fields)


def plan_groups(config: Config, edition: Edition) -> Iterator[list[Route]]:
    """Yield every HTML page of the site, in a stable order, in groups planned together."""
    from site_builder.render.static import static_routes  # which plans with this module's meta

    yield [_chooser(config, edition)]
    known = PlannedRoutes(config, edition)  # a warm process (serve) plans what changed
    for lang in edition.langs:
        yield list(_fronts(config, edition, lang))
        yield from _archives(config, edition, lang, known)
        for article in edition.articles[lang]:
            yield known.article(article, partial(_article_routes, config, edition, article))
        for kind in urls.KINDS:
            for term in edition.terms[kind]:
                items = tuple(a for s in term.slugs if (a := edition.by_slug[lang].get(s)))
                if items:
                    yield known.term(term, lang, partial(
                        _term_routes, config, edition, term, items))
        yield [_search(config, edition, lang),
               _not_found(config, edition, lang, f"{lang}/404.html")]
        yield from ([route] for route in static_routes(config, edition, lang))
    yield [_not_found(config, edition, "zh", "404.html")]


def plan_edited(config: Config, edition: Edition, edit: Edit) -> Iterator[list[Route]]:
    """Yield the pages an edit that kept every article's place and names may have changed.

    Every other page shows none of the replaced articles (nor their twins), so its plan stands.
    """
    for lang in edition.langs:
        yield list(_fronts(config, edition, lang))
        items, count = edition.articles[lang], _page_count(len(edition.articles[lang]), config)
        for number in sorted({place // config.per_page + 1 for place in edit.places[lang]}):
            yield _archive_page(config, edition, lang, number, count, _chunk(items, number, config))
    for slug in sorted(edit.slugs):
        for lang in edition.langs:
            if (article := edition.by_slug[lang].get(slug)) is not None:
                yield _article_routes(config, edition, article)
        yield from _term_pages_showing(config, edition, slug)


def _term_pages_showing(config: Config, edition: Edition, slug: str) -> Iterator[list[Route]]:
    """Yield, for each term of an article, the page of its list that shows it, per language."""
    zh = edition.by_slug["zh"].get(slug)  # terms are named by the Chinese articles
    for kind in urls.KINDS if zh is not None else ():
        for name in names_of(zh, kind):
            term = find_term(edition, kind, edition.keys[kind][name])
            for lang in edition.langs:
                article = edition.by_slug[lang].get(slug)
                if article is None:
                    continue
                # in C: a big tag lists thousands of articles
                items = tuple(filter(None, map(edition.by_slug[lang].get, term.slugs)))
                place = list(map(operator.is_, items, repeat(article))).index(True)
                yield _term_routes(config, edition, term, items, only=place // config.per_page + 1)


def _page_count(items: int, config: Config) -> int:
    return max(1, math.ceil(items / config.per_page))


def _chunk(items: tuple[Article, ...], number: int, config: Config) -> tuple[Article, ...]:
    """Return the articles on page `number` of a paged list."""
    return items[(number - 1) * config.per_page : number * config.per_page]


def _chooser(config: Config, edition: Edition) -> Route:
    paths = {lang: urls.front(lang) for lang in edition.langs}
    title = " · ".join(config.title[lang] for lang in edition.langs)
    page = PageMeta("zh", "", title, config.description["zh"], alternates(paths, ""))
    return Route("choose.html", page, {"langs": edition.langs})


def _fronts(config: Config, edition: Edition, lang: str) -> Iterator[Route]:
    paths = {code: urls.front(code) for code in edition.langs}
    page = meta(edition, lang, paths, title=config.title[lang],
                description=config.description[lang], default="")
    items = edition.articles[lang][: config.per_page]
    more = len(edition.articles[lang]) > len(items)
    yield Route("front.html", page, {"articles": items, "more": more})


def _archives(config: Config, edition: Edition, lang: str, known: PlannedRoutes,
              ) -> Iterator[list[Route]]:
    items = edition.articles[lang]
    count = _page_count(len(items), config)
    sizes = tuple(len(edition.articles[code]) for code in edition.langs)
    for number in range(1, count + 1):
        chunk = _chunk(items, number, config)
        yield known.get(("archive", lang, number), (count, sizes, *chunk), partial(
            _archive_page, config, edition, lang, number, count, chunk))


def _archive_page(config: Config, edition: Edition, lang: str, number: int, count: int,
                  chunk: tuple[Article, ...]) -> list[Route]:
    paths = {
        code: urls.archive(code, number)
        for code in edition.langs
        if code == lang or len(edition.articles[code]) > (number - 1) * config.per_page
    }
    title = LABELS[lang]["archive"]
    if number > 1:
        title += " · " + LABELS[lang]["page"] % number
    page = meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                description=config.description[lang])
    return [Route("archive.html", page, {
        "groups": _by_date(chunk), "number": number, "count": count,
        "pages": [urls.archive(lang, n) for n in range(1, count + 1)],
    })]


def _by_date(articles: tuple[Article, ...]) -> list[tuple[dt.date, list[Article]]]:
    """Group articles (already newest first) under their dates."""
    groups: list[tuple[dt.date, list[Article]]] = []
    for article in articles:
        if not groups or groups[-1][0] != article.date:
            groups.append((article.date, []))
        groups[-1][1].append(article)
    return groups


def _article_pages(config: Config, edition: Edition, article: Article) -> Iterator[Route]:
    """Yield the article page and, when it has a twin, the bilingual reading view."""
    lang, slug = article.lang, article.slug
    paths = {c: urls.article(c, slug) for c in edition.langs if edition.twin(article, c)}
    description = article.subtitle or excerpt(article) or config.description[lang]
    page = meta(edition, lang, paths, title=f"{article.title} · {config.title[lang]}",
                description=description, og_type="article")
    twin = edition.twin(article, other(lang))
    yield Route("article.html", page, {"article": article, "twin": twin}, article.date)
    if twin is None:
        return
    zh, en = (article, twin) if lang == "zh" else (twin, article)
    paths = {code: urls.bilingual(code, slug) for code in edition.langs}
    page = meta(edition, lang, paths, title=f"{zh.title} · {en.title}", description=description,
                og_type="article", indexed=False)
    rows = _pair_blocks(zh, en)
    yield Route("bilingual.html", page, {"zh": zh, "en": en, "rows": rows}, article.date)


def _article_routes(config: Config, edition: Edition, article: Article) -> list[Route]:
    return list(_article_pages(config, edition, article))


def _pair_blocks(zh: Article, en: Article) -> list[tuple[Any, Any]]:
    """Pair body block i of the original with block i of its translation."""
    return list(zip_longest(zh.body, en.body))


def _term_routes(config: Config, edition: Edition, term: Term, items: tuple[Article, ...],
                 only: int | None = None) -> list[Route]:
    """Return the pages of a column, tag or reporter in the language of its articles (or one)."""
    lang = items[0].lang
    # Paged like the archive: an edit re-renders the one page of a long list that shows it.
    counts = {c: len(edition.by_slug[c].keys() & term.slugs) for c in edition.langs}
    name = term.names.get(lang, term.names["zh"])
    label = LABELS[lang][{"columns": "column", "tags": "tag", "reporters": "reporter"}[term.kind]]
    heading = f"{label}{LABELS[lang]['colon']}{name}"
    count = math.ceil(len(items) / config.per_page)
    pages = [urls.term(lang, term.kind, term.key, n) for n in range(1, count + 1)]
    routes = []
    for number in range(1, count + 1) if only is None else (only,):
        paths = {code: urls.term(code, term.kind, term.key, number) for code in edition.langs
                 if counts[code] > (number - 1) * config.per_page}
        title = heading if number == 1 else f"{heading} · {LABELS[lang]['page'] % number}"
        page = meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                    description=heading)
        chunk = _chunk(items, number, config)
        routes.append(Route("term.html", page, {
            "term": term, "name": name, "label": label, "articles": chunk, "total": len(items),
            "number": number, "count": count, "pages": pages,
        }))
    return routes


def _search(config: Config, edition: Edition, lang: str) -> Route:
    paths = {code: urls.search(code) for code in edition.langs}
    title = f"{LABELS[lang]['search']} · {config.title[lang]}"
    page = meta(edition, lang, paths, title=title, description=config.description[lang],
                indexed=False)
    return Route("search.html", page, {"index": urls.search_index(lang)})


def _not_found(config: Config, edition: Edition, lang: str, path: str) -> Route:
    page = PageMeta(lang, path, f"{LABELS[lang]['not_found']} · {config.title[lang]}",
                    LABELS[lang]["not_found_text"], indexed=False,
                    switch=None if path == "404.html" else urls.front(other(lang)))
    if page.switch and other(lang) not in edition.langs:
        page = PageMeta(page.lang, path, page.title, page.description, indexed=False)
    return Route("404.html", page, {"langs": edition.langs})
