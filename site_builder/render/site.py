"""Render the site: every file, in named groups planned from the edition.

`render_site` is the plain path: it plans every group and renders every file. It is the oracle
of the incremental render (cache/render.py), which fingerprints each file from what it shows,
keeps the groups whose inputs did not change and patches the last render after an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import jinja2

from site_builder.config import Config
from site_builder.models import Article, Page
from site_builder.render import urls
from site_builder.render.catalog import Edition, build_edition
from site_builder.render.env import (
    load_assets,
    make_environment,
    preload,
    render_route,
    set_globals,
    template_dirs,
)
from site_builder.render.feeds import (
    FEED_SIZE,
    news_articles,
    render_feed,
    render_news_sitemap,
    render_robots,
    render_sitemap,
)
from site_builder.render.icons import make_icons
from site_builder.render.media import media_files
from site_builder.render.pages import page_groups, plan_pages
from site_builder.render.routes import Key, Route

MEDIA: Key = ("media",)  # the pictures' copies: which there are depends on every article


@dataclass(frozen=True)
class Setup:
    """What every file of one render shares."""

    config: Config
    edition: Edition
    env: jinja2.Environment
    assets: dict[str, bytes]


@dataclass(frozen=True)
class Output:
    """One file of the site, not yet rendered: where it goes, how to make it, what it shows.

    `shows` is everything its bytes depend on besides the site as a whole (config, templates,
    code): plain values and Articles. `route` is the page an HTML file renders.
    """

    path: str
    make: Callable[[], bytes]
    shows: tuple[Any, ...]
    route: Route | None = None


@dataclass(frozen=True)
class Group:
    """Files planned together, named by a key; `shows` is what all of them are made from."""

    key: Key
    shows: tuple[Any, ...]  # articles (compared by identity) and plain values
    plan: Callable[[], list[Output]]


def render_site(config: Config, zh: Sequence[Article], en: Sequence[Article],
                pages: Sequence[Article] = ()) -> Iterator[Page]:
    """Yield every file of the site, one Page at a time (the plain path); pages: static ones."""
    setup = make_setup(config, build_edition(zh, en, pages), make_environment(config))
    routes: list[Route] = []
    for group in site_groups(setup):
        for output in group.plan():
            routes += [output.route] if output.route is not None else []
            yield Page(output.path, output.make())
    for lang in setup.edition.langs:
        from site_builder.render.search import render_search_index

        for job in render_search_index(setup.edition.articles[lang], lang, ""):
            yield Page(job.path, job.make())
    yield Page("sitemap.xml", render_sitemap(config, routes))


def plan_site(config: Config, zh: Sequence[Article], en: Sequence[Article],
              pages: Sequence[Article] = ()) -> Setup:
    """Plan the site from its articles, with a new environment (as a spawned worker does)."""
    return make_setup(config, build_edition(zh, en, pages), make_environment(config))


def make_setup(config: Config, edition: Edition, env: jinja2.Environment) -> Setup:
    """Read the assets and give the templates this render's globals."""
    assets = {**make_icons(config), **load_assets(template_dirs(config))}  # a theme's icons win
    set_globals(env, config, edition, assets)
    preload(env)
    return Setup(config, edition, env, assets)


def site_groups(setup: Setup) -> Iterator[Group]:
    """Name every group of files but the search index and the sitemap, in a stable order."""
    config, edition = setup.config, setup.edition
    for key, shows in page_groups(config, edition):
        yield Group(key, shows, partial(_pages, setup, key))
    for lang in edition.langs:
        key = ("feed", lang)
        yield Group(key, edition.articles[lang][:FEED_SIZE], partial(site_outputs, setup, key))
    news = tuple(a for items in news_articles(edition).values() for a in items)
    yield Group(("news",), news, partial(site_outputs, setup, ("news",)))
    yield Group(("robots",), (), partial(site_outputs, setup, ("robots",)))
    yield Group(("assets",), (), partial(site_outputs, setup, ("assets",)))
    everyone = tuple(a for lang in edition.langs for a in edition.articles[lang])
    yield Group(MEDIA, everyone, partial(site_outputs, setup, MEDIA))


def site_outputs(setup: Setup, key: Key) -> list[Output]:
    """Plan the files of one group named by site_groups."""
    config, edition = setup.config, setup.edition
    if key[0] == "feed":
        lang = key[1]
        items = edition.articles[lang][:FEED_SIZE]
        return [Output(urls.feed(lang), partial(render_feed, config, edition, lang),
                       ("feed", lang, items))]
    if key[0] == "news":
        news = news_articles(edition)
        return [Output("news-sitemap.xml", partial(render_news_sitemap, config, edition),
                       ("news", tuple(news.items())))]
    if key[0] == "robots":
        return [Output("robots.txt", partial(render_robots, config), ("robots",))]
    if key[0] == "assets":
        return [Output(f"assets/{name}", partial(bytes, data), ("asset", name))
                for name, data in sorted(setup.assets.items())]
    if key == MEDIA:  # a copy's name holds its content's hash: its fingerprint
        articles = (a for lang in edition.langs for a in edition.articles[lang])
        return [Output(job.path, job.make, ("media", job.fingerprint))
                for job in media_files(config, articles)]
    return _pages(setup, key)


def sitemap_output(config: Config, routes: Sequence[Route]) -> Output:
    """Plan sitemap.xml: it lists every indexed page with its alternates and date."""
    entries = tuple(_sitemap_entry(route) for route in routes)
    return Output("sitemap.xml", partial(render_sitemap, config, routes), ("sitemap", entries))


def _pages(setup: Setup, key: Key) -> list[Output]:
    """Plan a group of HTML pages."""
    routes = plan_pages(setup.config, setup.edition, key)
    return [Output(urls.file_of(route.meta.path), partial(render_route, setup.env, route),
                   ("page", route.template, route.meta, route.context, route.lastmod), route)
            for route in routes]


def _sitemap_entry(route: Route) -> tuple[Any, ...]:
    """Return what the sitemap shows of a page."""
    return (route.meta.path, route.meta.indexed, route.meta.alternates, route.lastmod)
