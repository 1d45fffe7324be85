"""Fingerprints of output files: a hash of everything a page's bytes depend on.

Two builds that give a page the same fingerprint write the same bytes, so an incremental build
may keep the previous file. A fingerprint covers the templates and static files, the config,
the rendering code itself, and the page's own inputs (its route, the articles it shows).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from site_builder.cache.version import code_version
from site_builder.config import Config
from site_builder.models import Article, Block
from site_builder.render.catalog import Edition, term_links
from site_builder.render.urls import KINDS


def digest(*parts: Any) -> str:
    """Hash the repr of some plain values (str, int, date, tuples of them)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def site_digest(config: Config, template_dirs: Sequence[Path], langs: tuple[str, ...]) -> str:
    """Hash what every page depends on: templates, static files, config and rendering code."""
    from site_builder.render.media import logo_picture  # every article page shows the logo

    hasher = hashlib.sha256(repr((config, langs, code_version(), logo_picture(config)))
                            .encode("utf-8"))
    files = []
    for index, folder in enumerate(template_dirs):
        files += [(f"{index}:{p.relative_to(folder).as_posix()}", p)
                  for p in sorted(folder.rglob("*")) if p.is_file()]
    for name, path in files:
        hasher.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()[:32]


# The latest render's digests by article object, and the name keys its term links came from.
_LAST: dict[int, tuple[Article, Article | None, str]] = {}
_LAST_KEYS: list[dict[str, dict[str, str]]] = []


class ArticleDigests:
    """Fingerprint articles once each: their fields and the term links templates derive."""

    def __init__(self, edition: Edition, every: bool = True) -> None:
        """Start a render's digests; every=False: a patched edition, only some are asked for."""
        global _LAST
        self.edition = edition
        self._cache: dict[int, str] = {}
        # A warm process (serve) keeps unchanged articles as the same objects between builds.
        # Their term links can only change with their Chinese twin or with the keys of names.
        same_keys = bool(_LAST_KEYS) and _LAST_KEYS[0] == edition.keys
        self._previous = _LAST if same_keys else {}
        # ids of the articles whose digest is the previous build's: pages showing only these
        # keep their fingerprints without asking for any digest (see GroupJobs)
        self.unchanged: set[int] = set()
        if not every:  # the previous entries stay (kept alive with their articles) for later
            self._current = self._previous
            return
        self._current = {}
        _LAST, _LAST_KEYS[:] = self._current, [edition.keys]
        for article in (a for lang in edition.langs for a in edition.articles[lang]):
            if (found := self._reusable(article)) is not None:
                self.unchanged.add(id(article))
                self._cache[id(article)] = found
                self._current[id(article)] = self._previous[id(article)]

    def _reusable(self, article: Article) -> str | None:
        """Return the previous build's digest of the same article object, if still right."""
        known = self._previous.get(id(article))
        if known is not None and known[0] is article and known[1] is self.edition.twin(
                article, "zh"):
            return known[2]
        return None

    def __call__(self, article: Article) -> str:
        """Return the fingerprint of one article as the templates see it."""
        key = id(article)  # articles live for the whole render, so ids are stable
        found = self._cache.get(key)
        if found is None:
            found = self._reusable(article)
            if found is None:
                links = tuple(tuple(term_links(self.edition, article, k)) for k in KINDS)
                found = digest(article, links)
            self._cache[key] = found
            self._current[key] = (article, self.edition.twin(article, "zh"), found)
        return found


def stable(value: Any, article_digest: Callable[[Article], str]) -> Any:
    """Turn a page context into plain nested tuples, each article replaced by its digest."""
    kind = type(value)  # exact types first: this runs for every value of every page
    if kind in _PLAIN:
        return value
    if kind is Article:
        return ("article", article_digest(value))
    if kind is Block:  # what the generic dataclass case gives, without its walk
        return ("Block", value.kind, value.text)
    if kind is list or kind is tuple:
        return tuple([stable(item, article_digest) for item in value])
    if kind is dict:
        return tuple(sorted((str(k), stable(v, article_digest)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (kind.__name__, *(
            stable(getattr(value, f.name), article_digest) for f in dataclasses.fields(value)
        ))
    if isinstance(value, (str, int, float, dt.date)):  # subclasses, e.g. Markup
        return value
    raise TypeError(f"cannot fingerprint a {kind.__name__} in a page context")


_PLAIN = frozenset((str, int, float, bool, type(None), dt.date))
