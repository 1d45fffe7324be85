"""What a warm process (serve) reuses between renders: article routes and their fingerprints.

Stat-keyed caches keep an unchanged article as the same object from one build to the next, so
the routes planned for it, and their fingerprints, can be kept by object identity. Each memo
holds only the latest render's entries and is checked against everything else the value
depends on (config, languages, twins, the site digest, the digests of the articles shown).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .config import Config
from .models import Article
from .render_catalog import Edition
from .render_digest import digest, stable

_Routes = tuple[Article, tuple[Article | None, ...], list[Any]]
_Fingerprint = tuple[Any, str, tuple[tuple[Article, str], ...], str]
_LAST_ROUTES: dict[str, Any] = {"key": None, "routes": {}}
_LAST_FINGERPRINTS: dict[int, _Fingerprint] = {}


class ArticleRoutes:
    """Plan an article's pages, or return the ones planned last time for the same inputs."""

    def __init__(self, config: Config, edition: Edition) -> None:
        self.edition = edition
        key = (config, edition.langs)
        same = _LAST_ROUTES["key"] == key
        self._previous: dict[int, _Routes] = _LAST_ROUTES["routes"] if same else {}
        self._current: dict[int, _Routes] = {}
        _LAST_ROUTES.update(key=key, routes=self._current)

    def get(self, article: Article, plan: Callable[[], list[Any]]) -> list[Any]:
        """Return the article's routes: the previous ones if the article and its twins are."""
        twins = tuple(self.edition.twin(article, lang) for lang in self.edition.langs)
        known = self._previous.get(id(article))
        if (known is not None and known[0] is article
                and all(a is b for a, b in zip(known[1], twins, strict=True))):
            routes = known[2]
        else:
            routes = plan()
        self._current[id(article)] = (article, twins, routes)
        return routes


class RouteFingerprints:
    """Fingerprint routes, reusing a route object's key while its articles' digests hold."""

    def __init__(self, site: str, article_digest: Callable[[Article], str]) -> None:
        global _LAST_FINGERPRINTS
        self.site, self.article_digest = site, article_digest
        self._previous, self._current = _LAST_FINGERPRINTS, {}
        _LAST_FINGERPRINTS = self._current

    def __call__(self, route: Any) -> str:
        """Return the fingerprint of a page: site, template, meta, context and the articles."""
        known = self._previous.get(id(route))
        if (known is not None and known[0] is route and known[1] == self.site
                and all(self.article_digest(a) == d for a, d in known[2])):
            self._current[id(route)] = known
            return known[3]
        members: list[tuple[Article, str]] = []

        def article_digest(article: Article) -> str:
            members.append((article, self.article_digest(article)))
            return members[-1][1]

        key = digest(self.site, route.template, stable(route.meta, article_digest),
                     stable(route.context, article_digest), route.lastmod)
        self._current[id(route)] = (route, self.site, tuple(members), key)
        return key
