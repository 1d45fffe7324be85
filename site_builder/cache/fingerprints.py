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
    """Hash what every page depends on: templates, static files, logo, config, rendering code."""
    hasher = hashlib.sha256(repr((config, langs, code_version())).encode("utf-8"))
    files = []
    for index, folder in enumerate(template_dirs):
        files += [(f"{index}:{p.relative_to(folder).as_posix()}", p)
                  for p in sorted(folder.rglob("*")) if p.is_file()]
    for name, path in files:
        hasher.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    if config.logo is not None and config.logo.is_file():  # every page shows its icons
        hasher.update(b"logo\0" + config.logo.read_bytes())
    return hasher.hexdigest()[:32]


Digested = dict[int, tuple[Article, Article | None, str]]  # id -> (article, zh twin, digest)


class ArticleDigests:
    """Fingerprint articles once each: their fields and the term links templates derive.

    `previous` holds the digests of the last render in this process (serve), by article id:
    an unchanged article is the very same object there, and its digest can only change with
    its Chinese twin or with the keys of names (`previous_keys`).
    """

    def __init__(self, edition: Edition, previous: Digested | None = None,
                 previous_keys: dict[str, dict[str, str]] | None = None,
                 patching: bool = False) -> None:
        self.edition = edition
        self.same_keys = previous_keys == edition.keys
        self._previous = previous if previous is not None and self.same_keys else {}
        # this render's, for the next one; a patch asks for a few and keeps the others
        self.current: Digested = dict(self._previous) if patching else {}

    def __call__(self, article: Article) -> str:
        """Return the fingerprint of one article as the templates see it."""
        key = id(article)  # articles live for the whole render, so ids are stable
        found = self.current.get(key)
        if found is not None:
            return found[2]
        twin = self.edition.twin(article, "zh")
        known = self._previous.get(key)
        if known is not None and known[0] is article and known[1] is twin:
            value = known[2]
        else:
            links = tuple(tuple(term_links(self.edition, article, k)) for k in KINDS)
            value = digest(article, links)
        self.current[key] = (article, twin, value)
        return value


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
        if _PLAIN.issuperset(map(type, value)):  # a page's list of page links: in C
            return tuple(value)
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
