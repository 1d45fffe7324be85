"""What a warm process (serve) reuses between renders: planned pages and their jobs.

Stat-keyed caches keep an unchanged article as the same object from one build to the next, so
the routes planned for it can be kept by object identity, and the jobs of those pages while
they are the same objects and their articles' digests hold. Each memo holds
only the latest render's entries and is checked against everything else the value depends on
(config, languages, twins, the site digest, the digests of the articles shown).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from site_builder.cache.fingerprints import ArticleDigests, digest, stable
from site_builder.config import Config
from site_builder.models import Article
from site_builder.output.write import Job, SiteJobs
from site_builder.render.catalog import Edition


@dataclass(frozen=True)
class Rendered:
    """A render's jobs and what they were made from, for the next render to patch."""

    config: Config
    edition: Edition
    site: str  # the site digest
    maker: object  # the Jinja environment the jobs render with
    jobs: SiteJobs
    search: dict[str, SearchFiles]  # by language


@dataclass(frozen=True)
class SearchFiles:
    """A language's search files: what their postings were made from, and their paths."""

    inputs: str
    paths: frozenset[str]


_LAST_RENDER: list[Rendered] = []
_LAST_ROUTES: dict[str, Any] = {"key": None, "routes": {}}
_LAST_GROUPS: dict[int, _Group] = {}  # the latest build's groups of pages, by id of the list
_LAST_SITEMAP: list[tuple[str, list[Any], str]] = []  # (site digest, routes, sitemap's key)


def last_render(config: Config) -> Rendered | None:
    """Return this process's latest render with this config, if any."""
    return _LAST_RENDER[0] if _LAST_RENDER and _LAST_RENDER[0].config == config else None


def remember(rendered: Rendered) -> None:
    """Keep a render for the next one to patch."""
    _LAST_RENDER[:] = [rendered]


class PlannedRoutes:
    """Plan a group of pages, or return the ones planned last time from the same inputs."""

    def __init__(self, config: Config, edition: Edition) -> None:
        self.edition = edition
        key = (config, edition.langs)
        same = _LAST_ROUTES["key"] == key
        self._previous: dict[Any, tuple[tuple[Any, ...], list[Any]]] = (
            _LAST_ROUTES["routes"] if same else {})
        self._current: dict[Any, tuple[tuple[Any, ...], list[Any]]] = {}
        _LAST_ROUTES.update(key=key, routes=self._current)

    def article(self, article: Article, plan: Callable[[], list[Any]]) -> list[Any]:
        """Return an article's pages: they depend on it and its twins."""
        by_slug = self.edition.by_slug
        twins = [by_slug[lang].get(article.slug) for lang in self.edition.langs]
        return self.get(id(article), (article, *twins), plan)

    def term(self, term: Any, lang: str, plan: Callable[[], list[Any]]) -> list[Any]:
        """Return a term's pages: they depend on the term and its articles in each language."""
        inputs = (term, *(self.edition.by_slug[code].get(s) for code in self.edition.langs
                          for s in term.slugs))
        return self.get((term.kind, term.key, lang), inputs, plan)

    def get(self, key: Any, inputs: tuple[Any, ...], plan: Callable[[], list[Any]],
            ) -> list[Any]:
        """Return the pages planned under key, planned again unless made from the same inputs."""
        known = self._previous.get(key)
        routes = known[1] if known is not None and _same_inputs(known[0], inputs) else plan()
        self._current[key] = (inputs, routes)
        return routes


def _same_inputs(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Tell whether inputs are the same: articles the same objects, anything else equal."""
    if len(old) != len(new):
        return False
    if all(map(operator.is_, old, new)):
        return True  # the usual case in a warm process, at C speed
    return all(a is b or (type(a) is not Article and a == b) for a, b in zip(old, new, strict=True))


class GroupJobs:
    """Make the jobs of a group of pages, or take the last build's while nothing they show changed.

    A group is what PlannedRoutes plans at once (an article's pages, a term's, an archive page):
    the very list planned last time holds the same articles, so its jobs stand unless the site
    digest, the Jinja environment or one of those articles' digests changed.
    """

    def __init__(self, site: str, article_digest: ArticleDigests,
                 make_job: Callable[[Any, str], Job], maker: object) -> None:
        global _LAST_GROUPS
        self.site, self.article_digest, self.make_job = site, article_digest, make_job
        self.maker = maker  # what the jobs render with (the Jinja environment)
        self._previous, self._current = _LAST_GROUPS, {}
        _LAST_GROUPS = self._current

    def __call__(self, group: list[Any]) -> list[Job]:
        """Return a job per page of the group: path, fingerprint and how to render it."""
        known = self._previous.get(id(group))
        if (known is not None and known.group is group and known.site == self.site
                and known.maker is self.maker and self._same_articles(known)):
            self._current[id(group)] = known
            return known.jobs
        members: dict[int, tuple[Article, str]] = {}

        def article_digest(article: Article) -> str:
            found = members[id(article)] = (article, self.article_digest(article))
            return found[1]

        jobs = [self.make_job(route, route_fingerprint(self.site, route, article_digest))
                for route in group]
        self._current[id(group)] = _Group(group, self.site, self.maker,
                                          tuple(members.values()), frozenset(members), jobs)
        return jobs

    def _same_articles(self, known: _Group) -> bool:
        """Tell whether the articles the group showed last time still have the same digests."""
        if known.ids <= self.article_digest.unchanged:
            return True  # the same objects, digests reused: no need to ask for each one
        return all(self.article_digest(a) == d for a, d in known.members)


def route_fingerprint(site: str, route: Any, article_digest: Callable[[Article], str]) -> str:
    """Return the fingerprint of a page: the site's, its template, what it shows, its date."""
    return digest(site, route.template, stable(route.meta, article_digest),
                  stable(route.context, article_digest), route.lastmod)


@dataclass(frozen=True)
class _Group:
    """What a group of pages was made from, and its jobs."""

    group: list[Any]  # kept, so that its id names it until the next build
    site: str
    maker: object
    members: tuple[tuple[Article, str], ...]  # the articles shown, with their digests
    ids: frozenset[int]
    jobs: list[Job]


def sitemap_fingerprint(site: str, routes: list[Any], entry: Callable[[Any], Any]) -> str:
    """Return the sitemap's fingerprint, made again only when some page's entry changed."""
    if _LAST_SITEMAP:
        old_site, old, key = _LAST_SITEMAP[0]
        if old_site == site and len(old) == len(routes) and all(
                a is b or entry(a) == entry(b) for a, b in zip(old, routes, strict=True)):
            _LAST_SITEMAP[:] = [(site, routes, key)]
            return key  # the same pages (an edit replans its article's, with the same entries)
    key = digest(site, "sitemap", [entry(route) for route in routes])
    _LAST_SITEMAP[:] = [(site, routes, key)]
    return key
