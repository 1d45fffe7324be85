"""Render the site: every file's job (pages, feeds, sitemaps, search indexes, assets).

A warm process (serve) patches its last render after an edit that kept every article's place;
otherwise the whole site is planned, with the jobs of unchanged pages reused (render_reuse.py).
The Jinja2 environment and the running of a page's template are in render_env.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

import jinja2

from site_builder.cache import render as render_reuse
from site_builder.cache.fingerprints import ArticleDigests, digest, site_digest
from site_builder.cache.render import (
    GroupJobs,
    Rendered,
    SearchFiles,
    route_fingerprint,
    sitemap_fingerprint,
)
from site_builder.config import Config
from site_builder.models import Article, Page
from site_builder.output.write import Job, SiteJobs, collect_jobs
from site_builder.render import urls
from site_builder.render.catalog import Edit, Edition, build_edition
from site_builder.render.env import (  # noqa: F401 - TemplateError: what callers of render catch
    TemplateError,
    load_assets,
    make_environment,
    preload,
    render_route,
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
from site_builder.render.pages import Route, plan_edited, plan_groups
from site_builder.render.search import TokensOf, render_search_index
from site_builder.render.static import page_links

log = logging.getLogger(__name__)


def render_site(config: Config, zh: Sequence[Article], en: Sequence[Article]) -> Iterator[Page]:
    """Yield every file of the site, one Page at a time."""
    for job in site_jobs(config, zh, en).jobs.values():
        yield Page(job.path, job.make())


def site_jobs(
    config: Config, zh: Sequence[Article], en: Sequence[Article],
    tokens_of: TokensOf | None = None, pages: Sequence[Article] = (),
) -> SiteJobs:
    """Return every file of the site as a Job by path: fingerprint, and how to render it."""
    last = render_reuse.last_render(config)
    edition, edit = build_edition(zh, en if "en" in config.languages else (),
                                  last.edition if last else None, pages)
    assets = load_assets(template_dirs(config))
    env = make_environment(config, edition, assets)
    preload(env)
    # every page's footer lists the static pages
    site = digest(site_digest(config, template_dirs(config), edition.langs), page_links(edition))
    if last is not None and edit is not None and last.site == site and last.maker is env:
        rendered = _edited_site(last, edition, edit, tokens_of)  # a warm process's usual edit
    else:
        rendered = _whole_site(config, edition, assets, env, site, tokens_of)
    render_reuse.remember(rendered)
    return rendered.jobs


def _whole_site(config: Config, edition: Edition, assets: dict[str, bytes],
                env: jinja2.Environment, site: str, tokens_of: TokensOf | None) -> Rendered:
    """Plan every page of the site and make its jobs (reusing a warm process's unchanged ones)."""
    groups = list(plan_groups(config, edition))
    routes = [route for group in groups for route in group]
    art = ArticleDigests(edition)
    search: dict[str, SearchFiles] = {}

    def jobs() -> Iterator[Job]:
        group_jobs = GroupJobs(site, art, partial(_page_job, env), env)  # warm: changed groups
        for group in groups:
            yield from group_jobs(group)
        for lang in edition.langs:
            items = edition.articles[lang]
            yield _feed_job(config, edition, lang, site, art)
            inputs = digest(site, "search", lang, [art(a) for a in items])
            files = render_search_index(items, lang, inputs, tokens_of)  # head and shards
            search[lang] = SearchFiles(inputs, frozenset(job.path for job in files))
            yield from files
        yield Job("sitemap.xml", sitemap_fingerprint(site, routes, _sitemap_entry),
                  partial(render_sitemap, config, routes))
        yield _news_job(config, edition, site, art)
        yield Job("robots.txt", digest(site, "robots"), partial(render_robots, config))
        for name, content in sorted(assets.items()):
            yield Job(f"assets/{name}", digest(site, name), partial(bytes, content))

    return Rendered(config, edition, site, env, collect_jobs(jobs()), search)


def _edited_site(last: Rendered, edition: Edition, edit: Edit,
                 tokens_of: TokensOf | None) -> Rendered:
    """Patch the last render's jobs after an edit that kept every article's place and names.

    Only the pages, feeds and search files that show a replaced article are made again; the
    rest (and the sitemap: no page moved, none was added) keep their jobs.
    """
    config, site, env = last.config, last.site, last.maker
    art = ArticleDigests(edition, every=False)
    search = dict(last.search)
    remade: dict[str, Job] = {}
    dropped: set[str] = set()
    for group in plan_edited(config, edition, edit):
        for route in group:
            job = _page_job(env, route, route_fingerprint(site, route, art))
            remade[job.path] = job
    news = news_articles(edition)
    for lang, places in edit.places.items():
        if not places:
            continue
        items = edition.articles[lang]
        if places[0] < FEED_SIZE:
            remade[urls.feed(lang)] = _feed_job(config, edition, lang, site, art)
        if places[0] < len(news[lang]):
            remade["news-sitemap.xml"] = _news_job(config, edition, site, art)
        # names this edit of the inputs, as a digest of every article's digest would
        inputs = digest(search[lang].inputs, [(place, art(items[place])) for place in places])
        files = render_search_index(items, lang, inputs, tokens_of)
        search[lang] = SearchFiles(inputs, frozenset(job.path for job in files))
        dropped |= last.search[lang].paths - search[lang].paths  # the edit changed the shards
        remade.update((job.path, job) for job in files if job is not last.jobs.jobs.get(job.path))
    return Rendered(config, edition, site, env, last.jobs.patched(remade, dropped), search)


def _feed_job(config: Config, edition: Edition, lang: str, site: str,
              art: ArticleDigests) -> Job:
    items = edition.articles[lang][:FEED_SIZE]
    return Job(urls.feed(lang), digest(site, "feed", lang, [art(a) for a in items]),
               partial(render_feed, config, edition, lang))


def _news_job(config: Config, edition: Edition, site: str, art: ArticleDigests) -> Job:
    news = [art(a) for items in news_articles(edition).values() for a in items]
    return Job("news-sitemap.xml", digest(site, "news", news),
               partial(render_news_sitemap, config, edition))


def _page_job(env: jinja2.Environment, route: Route, fingerprint: str) -> Job:
    return Job(urls.file_of(route.meta.path), fingerprint, partial(render_route, env, route))


def _sitemap_entry(route: Route) -> tuple[Any, ...]:
    """Return what the sitemap shows of a page."""
    return (route.meta.path, route.meta.indexed, route.meta.alternates, route.lastmod)
