"""What a warm process (serve) reuses between renders: article routes and their fingerprints.

Stat-keyed caches keep an unchanged article as the same object from one build to the next, so
the routes planned for it can be kept by object identity, and a page's fingerprint by its path
while its route compares equal (fast: unchanged articles are the same objects). Each memo holds
only the latest render's entries and is checked against everything else the value depends on
(config, languages, twins, the site digest, the digests of the articles shown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .config import Config
from .models import Article
from .render_catalog import Edition
from .render_digest import ArticleDigests, digest, stable

_Fingerprint = tuple[Any, str, tuple[tuple[Article, str], ...], str]
_LAST_ROUTES: dict[str, Any] = {"key": None, "routes": {}}
_LAST_FINGERPRINTS: dict[str, _Fingerprint] = {}  # by page path


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
        twins = tuple(self.edition.twin(article, lang) for lang in self.edition.langs)
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
    return len(old) == len(new) and all(
        a is b or (type(a) is not Article and a == b) for a, b in zip(old, new, strict=True))


class RouteFingerprints:
    """Fingerprint routes, reusing a page's key while its route and articles' digests hold."""

    def __init__(self, site: str, article_digest: ArticleDigests) -> None:
        global _LAST_FINGERPRINTS
        self.site, self.article_digest = site, article_digest
        self._previous, self._current = _LAST_FINGERPRINTS, {}
        _LAST_FINGERPRINTS = self._current

    def __call__(self, route: Any) -> str:
        """Return the fingerprint of a page: site, template, meta, context and the articles."""
        known = self._previous.get(route.meta.path)
        if (known is not None and known[1] == self.site and _same(known[0], route)
                and self._same_articles(known[2])):
            # kept with this route: replanned but equal, it is the one the next build compares
            self._current[route.meta.path] = known if known[0] is route else (route, *known[1:])
            return known[3]
        members: list[tuple[Article, str]] = []

        def article_digest(article: Article) -> str:
            members.append((article, self.article_digest(article)))
            return members[-1][1]

        key = digest(self.site, route.template, stable(route.meta, article_digest),
                     stable(route.context, article_digest), route.lastmod)
        self._current[route.meta.path] = (route, self.site, tuple(members), key)
        return key

    def _same_articles(self, members: tuple[tuple[Article, str], ...]) -> bool:
        """Tell whether the articles a page showed last time still have the same digests."""
        if self.article_digest.unchanged.issuperset([id(a) for a, _ in members]):
            return True  # the same objects, digests reused: no need to ask for each one
        return all(self.article_digest(a) == d for a, d in members)


def _same(old: Any, new: Any) -> bool:
    """Tell whether a page is planned as before; unchanged articles compare by identity, fast."""
    return old is new or (old.template == new.template and old.lastmod == new.lastmod
                          and old.meta == new.meta and old.context == new.context)
