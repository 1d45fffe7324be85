"""Plan every HTML page of the site: its path, template, context and language alternates."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from itertools import zip_longest
from typing import Any

from site_builder.config import Config
from site_builder.models import Article
from site_builder.render import editions, indexes, urls
from site_builder.render.catalog import Edition, Term, find_term
from site_builder.render.routes import Key, PageMeta, Route, alternates, meta, other
from site_builder.render.text import excerpt


def page_groups(config: Config, edition: Edition) -> Iterator[tuple[Key, tuple[Any, ...]]]:
    """Name every group of HTML pages, in a stable order, with what its pages show.

    What a group shows (its articles, by identity, and plain values) is all its pages depend
    on besides the site itself: a cache may keep a group's pages while that is unchanged.
    """
    yield ("chooser",), ()
    for lang in edition.langs:
        items = edition.articles[lang]
        yield ("front", lang), (len(items) > config.per_page, *items[: config.per_page])
        count = _page_count(len(items), config)
        sizes = tuple(len(edition.articles[code]) for code in edition.langs)
        for number in range(1, count + 1):
            yield ("archive", lang, number), (count, sizes, *_chunk(items, number, config))
        for article in items:
            twins = tuple(edition.by_slug[code].get(article.slug) for code in edition.langs)
            yield ("article", lang, article.slug), twins
        for kind in urls.KINDS:
            for term in edition.terms[kind]:
                yield from _term_groups(config, edition, term, lang)
        yield from editions.edition_groups(edition, lang)
        yield from indexes.index_groups(edition, lang)
        yield ("search", lang), ()
        yield ("404", lang), ()
        for page in edition.pages.get(lang, ()):
            yield ("static", lang, page.slug), (page, _static_original(edition, page))
    yield ("404",), ()


def plan_pages(config: Config, edition: Edition, key: Key) -> list[Route]:
    """Plan the pages of one group named by page_groups."""
    kind, args = key[0], key[1:]
    if kind == "chooser":
        return [_chooser(config, edition)]
    if kind == "front":
        return list(_fronts(config, edition, *args))
    if kind == "archive":
        lang, number = args
        items = edition.articles[lang]
        count = _page_count(len(items), config)
        return _archive_page(config, edition, lang, number, count, _chunk(items, number, config))
    if kind == "article":
        lang, slug = args
        return list(_article_pages(config, edition, edition.by_slug[lang][slug]))
    if kind == "term":
        lang, term_kind, term_key, number = args
        term = find_term(edition, term_kind, term_key)
        return [_term_page(config, edition, term, lang, number)]
    if kind in ("edition", "editions"):
        return editions.plan_edition_pages(config, edition, key)
    if kind == "indexes":
        return indexes.plan_index_pages(config, edition, *args)
    if kind == "search":
        return [_search(config, edition, *args)]
    if kind == "static":
        return [_static_page(config, edition, *args)]
    if kind == "404":
        lang = args[0] if args else "zh"
        return [_not_found(config, edition, lang, f"{lang}/404.html" if args else "404.html")]
    raise KeyError(f"no pages named {key!r}")


def _page_count(items: int, config: Config) -> int:
    return max(1, math.ceil(items / config.per_page))


def _chunk(items: tuple[Any, ...], number: int, config: Config) -> tuple[Any, ...]:
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


def _archive_page(config: Config, edition: Edition, lang: str, number: int, count: int,
                  chunk: tuple[Article, ...]) -> list[Route]:
    paths = {
        code: urls.archive(code, number)
        for code in edition.langs
        if code == lang or len(edition.articles[code]) > (number - 1) * config.per_page
    }
    title = config.labels[lang]["archive"]
    if number > 1:
        title += " · " + config.labels[lang]["page"] % number
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


def _pair_blocks(zh: Article, en: Article) -> list[tuple[Any, Any]]:
    """Pair body block i of the original with block i of its translation."""
    return list(zip_longest(zh.body, en.body))


def _term_items(edition: Edition, term: Term, lang: str) -> tuple[Article, ...]:
    """Return a term's articles in one language, newest first."""
    return tuple(a for s in term.slugs if (a := edition.by_slug[lang].get(s)))


def term_chunk(edition: Edition, term: Term, lang: str, number: int, config: Config,
               size: int) -> tuple[Article, ...]:
    """Return the articles on page `number` of a term's list in one language (size: how many
    of the term's articles it has, as _term_sizes counts them)."""
    by_slug = edition.by_slug[lang]
    if lang == "zh" or size == len(term.slugs):
        # every article has its twin here: the page is a slice (a tag may have thousands)
        return tuple(by_slug[s] for s in _chunk(term.slugs, number, config))
    return _chunk(_term_items(edition, term, lang), number, config)


def _term_sizes(edition: Edition, term: Term) -> tuple[int, ...]:
    """Return how many articles a term has in each language (in C: a term may have thousands)."""
    return tuple(len(edition.by_slug[code].keys() & term.slugs) for code in edition.langs)


def _term_groups(config: Config, edition: Edition, term: Term, lang: str,
                 ) -> Iterator[tuple[Key, tuple[Any, ...]]]:
    """Name the pages of a column, tag or reporter in one language, each with what it shows."""
    items = _term_items(edition, term, lang)
    sizes = _term_sizes(edition, term)
    count = _page_count(len(items), config) if items else 0
    for number in range(1, count + 1):
        shown = (term.names, sizes, *_chunk(items, number, config))
        yield ("term", lang, term.kind, term.key, number), shown


def _term_page(config: Config, edition: Edition, term: Term, lang: str, number: int) -> Route:
    """Plan page `number` of a column, tag or reporter, paged like the archive."""
    name = term.names.get(lang, term.names["zh"])
    words = config.labels[lang]
    label = words[{"columns": "column", "tags": "tag", "reporters": "reporter"}[term.kind]]
    heading = f"{label}{words['colon']}{name}"
    sizes = dict(zip(edition.langs, _term_sizes(edition, term), strict=True))
    count = _page_count(sizes[lang], config)
    pages = [urls.term(lang, term.kind, term.key, n) for n in range(1, count + 1)]
    paths = {code: urls.term(code, term.kind, term.key, number) for code in edition.langs
             if sizes[code] > (number - 1) * config.per_page}
    title = heading if number == 1 else f"{heading} · {words['page'] % number}"
    page = meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                description=heading)
    return Route("term.html", page, {
        "kind": term.kind, "name": name, "label": label, "total": sizes[lang],
        "articles": term_chunk(edition, term, lang, number, config, sizes[lang]),
        "number": number, "count": count, "pages": pages,
    })


def _search(config: Config, edition: Edition, lang: str) -> Route:
    paths = {code: urls.search(code) for code in edition.langs}
    title = f"{config.labels[lang]['search']} · {config.title[lang]}"
    page = meta(edition, lang, paths, title=title, description=config.description[lang],
                indexed=False)
    return Route("search.html", page, {"index": urls.search_index(lang)})


def _static_original(edition: Edition, page: Article) -> Article | None:
    """Return the Chinese original of an English static page (None for a Chinese one)."""
    zh = edition.pages.get("zh", ()) if page.lang == "en" else ()
    return next((p for p in zh if p.slug == page.slug), None)


def _static_page(config: Config, edition: Edition, lang: str, slug: str) -> Route:
    """Plan a static page of content/pages/ (About, Contact), paired with its translation."""
    page = next(p for p in edition.pages[lang] if p.slug == slug)
    paths = {code: urls.static_page(code, slug) for code in edition.langs
             if any(p.slug == slug for p in edition.pages.get(code, ()))}
    plan = meta(edition, lang, paths, title=f"{page.title} · {config.title[lang]}",
                description=excerpt(page) or config.description[lang])
    return Route("page.html", plan, {"doc": page, "original": _static_original(edition, page)})


def _not_found(config: Config, edition: Edition, lang: str, path: str) -> Route:
    words = config.labels[lang]
    page = PageMeta(lang, path, f"{words['not_found']} · {config.title[lang]}",
                    words["not_found_text"], indexed=False,
                    switch=None if path == "404.html" else urls.front(other(lang)))
    if page.switch and other(lang) not in edition.langs:
        page = PageMeta(page.lang, path, page.title, page.description, indexed=False)
    return Route("404.html", page, {"langs": edition.langs})
