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

from .config import Config
from .models import Article, Block
from .render_catalog import Edition, term_links
from .render_urls import KINDS

CODE_DIR = Path(__file__).resolve().parent


def digest(*parts: Any) -> str:
    """Hash the repr of some plain values (str, int, date, tuples of them)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def site_digest(config: Config, template_dirs: Sequence[Path], langs: tuple[str, ...]) -> str:
    """Hash what every page depends on: templates, static files, config and rendering code."""
    hasher = hashlib.sha256(repr((config, langs)).encode("utf-8"))
    code = sorted(CODE_DIR.glob("render*.py"))
    files = [(f"code:{p.name}", p) for p in code]
    for index, folder in enumerate(template_dirs):
        files += [(f"{index}:{p.relative_to(folder).as_posix()}", p)
                  for p in sorted(folder.rglob("*")) if p.is_file()]
    for name, path in files:
        hasher.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()[:32]


_LinksDigest = tuple[Article, tuple[Any, ...], str]
_LAST: dict[int, _LinksDigest] = {}  # the latest render's digests, by article object


class ArticleDigests:
    """Fingerprint articles once each: their fields and the term links templates derive."""

    def __init__(self, edition: Edition) -> None:
        global _LAST
        self.edition = edition
        self._cache: dict[int, str] = {}
        # A warm process (serve) keeps unchanged articles as the same objects between builds:
        # their digests are reused, only their term links (cheap) are derived again.
        self._previous, self._current = _LAST, {}
        _LAST = self._current

    def __call__(self, article: Article) -> str:
        """Return the fingerprint of one article as the templates see it."""
        key = id(article)  # articles live for the whole render, so ids are stable
        if key not in self._cache:
            links = tuple(tuple(term_links(self.edition, article, k)) for k in KINDS)
            known = self._previous.get(key)
            if known is not None and known[0] is article and known[1] == links:
                self._cache[key] = known[2]
            else:
                self._cache[key] = digest(article, links)
            self._current[key] = (article, links, self._cache[key])
        return self._cache[key]


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
