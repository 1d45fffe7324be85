"""The print edition (版面): a day's paper page by page, and a calendar of the days printed."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from site_builder.config import Config
from site_builder.models import Article
from site_builder.render import pages, urls
from site_builder.render.catalog import Edition
from site_builder.render.text import LABELS, format_date


@dataclass(frozen=True)
class PrintPage:
    """One printed page of a day's paper: its number (版次), its name (版名), its articles."""

    number: int
    section: str | None
    section_lang: str  # the language of the name: Chinese until someone translates it
    articles: tuple[Article, ...]  # in print order; the page's language where translated


@dataclass(frozen=True)
class PrintDay:
    """A day's printed paper: its pages in order."""

    date: dt.date
    pages: tuple[PrintPage, ...]


@dataclass(frozen=True)
class MonthGrid:
    """A month of the calendar of editions: weeks of (day, its date if it has an edition)."""

    year: int
    month: int
    weeks: tuple[tuple[tuple[int, dt.date | None], ...], ...]  # day 0: a blank cell


def printed_dates(edition: Edition, lang: str) -> tuple[dt.date, ...]:
    """Return the days that have a print edition in `lang` (see print_days), oldest first."""
    twins = edition.by_slug.get(lang, {})
    return tuple(sorted({a.date for a in edition.articles["zh"] if a.print_page is not None
                         and (lang == "zh" or a.slug in twins)}))


def _has(dates: tuple[dt.date, ...], date: dt.date) -> bool:
    """Tell whether a sorted tuple of dates holds a date."""
    i = bisect.bisect_left(dates, date)
    return i < len(dates) and dates[i] == date


def print_days(edition: Edition, lang: str, only: dt.date | None = None,
               ) -> tuple[PrintDay, ...]:
    """Return the printed days in `lang` (or the one day `only`), newest first.

    The Chinese articles say where they were printed (web-only ones are in no edition); pages
    come in order, each with its articles in print order. An English day shows each article's
    twin, or the Chinese article where there is none, and exists only when one is translated.
    """
    found: dict[dt.date, dict[int, list[Article]]] = {}
    for article in edition.articles["zh"]:  # newest first, then in page order
        if article.print_page is not None and only in (None, article.date):
            found.setdefault(article.date, {}).setdefault(article.print_page, []).append(article)
    twins = edition.by_slug.get(lang, {})
    return tuple(
        PrintDay(date, tuple(_print_page(edition, lang, n, pages[n]) for n in sorted(pages)))
        for date, pages in found.items()
        if lang == "zh" or any(a.slug in twins for items in pages.values() for a in items))


def _print_page(edition: Edition, lang: str, number: int, items: list[Article]) -> PrintPage:
    """Return a printed page with its articles in `lang` where they are translated."""
    shown = tuple(edition.twin(a, lang) or a for a in items)
    section = next((a.print_section for a in items if a.print_section), None)
    translated = next((a.print_section for a in shown
                       if a.lang == lang and a.print_section and a.print_section != section), None)
    if translated:
        return PrintPage(number, translated, lang, shown)
    return PrintPage(number, section, "zh", shown)


def plan_editions(config: Config, edition: Edition, lang: str) -> Iterator[list[pages.Route]]:
    """Yield each printed day's page, then the calendar of editions, in one language."""
    days = print_days(edition, lang)
    dates = {code: printed_dates(edition, code) for code in edition.langs}
    for day in days:
        yield [_day_route(config, edition, lang, day, dates)]
    if days:
        yield _calendar_routes(config, edition, lang, days, dates)


def plan_edition_showing(config: Config, edition: Edition, slug: str,
                         ) -> Iterator[list[pages.Route]]:
    """Yield the page of the printed day that shows an article, in each language.

    For an edit that kept every article's place, its print place included (see catalog).
    """
    zh = edition.by_slug["zh"].get(slug)
    if zh is None or zh.print_page is None:
        return
    dates = {code: printed_dates(edition, code) for code in edition.langs}
    for lang in edition.langs:
        for day in print_days(edition, lang, only=zh.date):
            yield [_day_route(config, edition, lang, day, dates)]


def _day_route(config: Config, edition: Edition, lang: str, day: PrintDay,
               dates: dict[str, tuple[dt.date, ...]]) -> pages.Route:
    """Plan the page of a printed day: its pages (版面) and their articles."""
    t = LABELS[lang]
    order, i = dates[lang], bisect.bisect_left(dates[lang], day.date)
    earlier = order[i - 1] if i > 0 else None
    later = order[i + 1] if i + 1 < len(order) else None
    paths = {code: urls.print_edition(code, day.date) for code in edition.langs
             if _has(dates[code], day.date)}
    title = t["edition_of"] % format_date(day.date, lang)
    listed = t["comma"].join(
        t["print_page"] % p.number + (f" {p.section}" if p.section else "") for p in day.pages)
    page = pages.meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                      description=f"{title}{t['colon']}{listed}")
    return pages.Route("edition.html", page, {
        "day": day, "title": title, "earlier": earlier, "later": later,
        "calendar": urls.editions(lang, _year_key(day.date.year, dates[lang])),
    }, day.date)


def _year_key(year: int, dates: tuple[dt.date, ...]) -> int | None:
    """Return the year's calendar key: None for the newest year (at editions/), else the year."""
    return None if year == dates[-1].year else year


def _calendar_routes(config: Config, edition: Edition, lang: str, days: tuple[PrintDay, ...],
                     dates: dict[str, tuple[dt.date, ...]]) -> list[pages.Route]:
    """Plan the calendar of editions: a page per year, the newest at editions/."""
    t = LABELS[lang]
    years = sorted({d.date.year for d in days}, reverse=True)
    links = tuple((year, urls.editions(lang, _year_key(year, dates[lang]))) for year in years)
    routes = []
    for year in years:
        paths = {code: urls.editions(code, _year_key(year, dates[code])) for code in edition.langs
                 if any(d.year == year for d in dates[code])}
        title = t["all_editions"] if year == years[0] else f"{t['all_editions']} · {year}"
        page = pages.meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                          description=f"{t['calendar']} · {config.title[lang]}")
        months = _months(year, dates[lang])
        routes.append(pages.Route("editions.html", page, {
            "year": year, "years": links, "months": months, "title": title,
        }))
    return routes


def _months(year: int, dates: tuple[dt.date, ...]) -> tuple[MonthGrid, ...]:
    """Return the months of a year that have editions, newest first, as calendar grids."""
    grids = []
    for month in sorted({d.month for d in dates if d.year == year}, reverse=True):
        weeks = calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
        grids.append(MonthGrid(year, month, tuple(
            tuple((day, _printed(year, month, day, dates)) for day in week) for week in weeks)))
    return tuple(grids)


def _printed(year: int, month: int, day: int, dates: tuple[dt.date, ...]) -> dt.date | None:
    """Return the date of a calendar cell if the paper was printed that day."""
    date = dt.date(year, month, day) if day else None
    return date if date is not None and _has(dates, date) else None
