"""What a planned page is: its route (template, context) and what every layout needs of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from site_builder.render import urls
from site_builder.render.catalog import Edition


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


Key = tuple[Any, ...]  # names a group of pages: ("article", "zh", slug), ("archive", "en", 2), …
