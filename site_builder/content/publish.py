"""What goes on the site: withdrawn articles never; drafts and embargoed ones in the preview.

`build` publishes an article unless it is withdrawn (`status: withdrawn`), a draft
(`draft: true`) or embargoed: its `publish_at` time, or else its `date`, is still to come in
the site's timezone. `serve` (drafts=True) shows drafts and embargoed articles, marked as
drafts. The clock is an argument: nothing here reads the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from site_builder.models import Article


@dataclass(frozen=True)
class Publishable:
    """The articles to render, and what was held back from them."""

    zh: tuple[Article, ...]
    en: tuple[Article, ...]
    drafts: int  # zh articles held as drafts (shown, marked, in the preview)
    embargoed: int  # zh articles whose time has not come (shown, marked, in the preview)
    next_release: dt.datetime | None  # when the first embargo lifts (UTC): a build is due then


def without_withdrawn(articles: Sequence[Article]) -> Sequence[Article]:
    """Drop withdrawn articles (the same sequence when there are none, as most times)."""
    if not any(article.status == "withdrawn" for article in articles):
        return articles
    return tuple(article for article in articles if article.status != "withdrawn")


def release_time(article: Article, zone: dt.tzinfo) -> dt.datetime:
    """Return when an article may appear: publish_at, else the start of its date (aware)."""
    when = article.publish_at or dt.datetime.combine(article.date, dt.time())
    return when if when.tzinfo is not None else when.replace(tzinfo=zone)


def publishable(zh: Sequence[Article], en: Sequence[Article], now: dt.datetime,
                timezone: str, drafts: bool = False) -> Publishable:
    """Hold back drafts and embargoed articles (with their twins) unless drafts is True."""
    zone = site_zone(timezone)
    held: dict[str, str] = {}  # slug -> "draft" or "embargo"
    releases = []
    for article in zh:
        when = release_time(article, zone)
        if when > now:
            held[article.slug] = "embargo"
            releases.append(when)
        elif article.draft:
            held[article.slug] = "draft"
    next_release = min(releases).astimezone(dt.UTC) if releases else None
    counts = list(held.values())
    if not held:
        return Publishable(tuple(zh), tuple(en), 0, 0, None)
    return Publishable(_kept(zh, held, drafts), _kept(en, held, drafts), counts.count("draft"),
                       counts.count("embargo"), next_release)


def _kept(articles: Sequence[Article], held: dict[str, str], drafts: bool) -> tuple[Article, ...]:
    """Leave out the held articles, or (in the preview) keep them marked as drafts."""
    if not drafts:
        return tuple(article for article in articles if article.slug not in held)
    return tuple(replace(article, draft=True) if article.slug in held and not article.draft
                 else article for article in articles)


def site_zone(name: str) -> dt.tzinfo:
    """Return the site's timezone ("Asia/Shanghai"), or raise ValueError naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r} (use a name like Asia/Shanghai)") from None
