"""The print edition (版面): a day's paper page by page, and a calendar of the days printed."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from site_builder.config import Config
from site_builder.models import Article
from site_builder.render import urls
from site_builder.render.catalog import Edition
from site_builder.render.routes import Key, Route, meta
from site_builder.render.text import format_date


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
    return tuple(reversed(_printed_by_day(edition, lang)))


def print_days(edition: Edition, lang: str) -> tuple[PrintDay, ...]:
    """Return the printed days in `lang`, newest first, each with its pages in order.

    The Chinese articles say where they were printed (web-only ones are in no edition); each
    page lists its articles in print order. An English day shows each article's twin, or the
    Chinese article where there is none, and exists only when one of them is translated.
    """
    return tuple(_print_day(edition, lang, date, items)
                 for date, items in _printed_by_day(edition, lang).items())


def _printed_by_day(edition: Edition, lang: str) -> dict[dt.date, list[Article]]:
    """Return the Chinese articles printed each day, newest day first, in page order."""
    found: dict[dt.date, list[Article]] = {}
    for article in edition.articles["zh"]:  # newest first, then in page order
        if article.print_page is not None:
            found.setdefault(article.date, []).append(article)
    if lang == "zh":
        return found
    twins = edition.by_slug.get(lang, {})
    return {date: items for date, items in found.items() if any(a.slug in twins for a in items)}


def _print_day(edition: Edition, lang: str, date: dt.date, items: list[Article]) -> PrintDay:
    """Return a day's printed pages in order, from its printed articles in page order."""
    by_page: dict[int, list[Article]] = {}
    for article in items:
        by_page.setdefault(article.print_page or 0, []).append(article)
    return PrintDay(date, tuple(_print_page(edition, lang, number, by_page[number])
                                for number in sorted(by_page)))


def _print_page(edition: Edition, lang: str, number: int, items: list[Article]) -> PrintPage:
    """Return a printed page with its articles in `lang` where they are translated."""
    shown = tuple(edition.twin(a, lang) or a for a in items)
    section = next((a.print_section for a in items if a.print_section), None)
    translated = next((a.print_section for a in shown
                       if a.lang == lang and a.print_section and a.print_section != section), None)
    if translated:
        return PrintPage(number, translated, lang, shown)
    return PrintPage(number, section, "zh", shown)


def edition_groups(edition: Edition, lang: str) -> Iterator[tuple[Key, tuple[Any, ...]]]:
    """Name the print edition's pages in one language, with what each group shows."""
    days = _printed_by_day(edition, lang)
    dates = list(days)  # newest first
    for i, date in enumerate(dates):
        items = days[date]
        twins = tuple(edition.by_slug[code].get(a.slug) for code in edition.langs for a in items)
        around = (dates[i + 1] if i + 1 < len(dates) else None, dates[i - 1] if i else None)
        yield ("edition", lang, date), (*around, dates[0].year, *items, *twins)
    if dates:
        yield ("editions", lang), tuple(printed_dates(edition, code) for code in edition.langs)


def plan_edition_pages(config: Config, edition: Edition, key: Key) -> list[Route]:
    """Plan the page of a printed day ("edition", lang, date) or the calendar ("editions", lang)."""
    if key[0] == "editions":
        return _calendar_routes(config, edition, key[1])
    _, lang, date = key
    lo, hi = _day_bounds(edition, date)
    items = [a for a in edition.articles["zh"][lo:hi] if a.print_page is not None]
    return [_day_route(config, edition, lang, _print_day(edition, lang, date, items), (lo, hi))]


def _day_bounds(edition: Edition, date: dt.date) -> tuple[int, int]:
    """Return where a day's Chinese articles start and end (articles are newest first)."""
    zh, day = edition.articles["zh"], -date.toordinal()
    return bisect.bisect_left(zh, day, key=_newest_first), bisect.bisect_right(
        zh, day, key=_newest_first)


def _newest_first(article: Article) -> int:
    return -article.date.toordinal()


def _printed_from(edition: Edition, lang: str, places: range) -> dt.date | None:
    """Return the date of the first article at these places printed in `lang`'s edition."""
    zh, twins = edition.articles["zh"], edition.by_slug.get(lang, {})
    for place in places:  # the next printed day is rarely far off
        article = zh[place]
        if article.print_page is not None and (lang == "zh" or article.slug in twins):
            return article.date
    return None


def _day_route(config: Config, edition: Edition, lang: str, day: PrintDay,
               bounds: tuple[int, int]) -> Route:
    """Plan the page of a printed day: its pages (版面) and their articles."""
    t, (lo, hi) = config.labels[lang], bounds
    later = _printed_from(edition, lang, range(lo - 1, -1, -1))
    earlier = _printed_from(edition, lang, range(hi, len(edition.articles["zh"])))
    newest = _printed_from(edition, lang, range(lo + 1)) or day.date
    paths = {code: urls.print_edition(code, day.date) for code in edition.langs
             if any(a.slug in edition.by_slug[code] for p in day.pages for a in p.articles)}
    title = t["edition_of"] % format_date(day.date, lang)
    listed = t["comma"].join(
        t["print_page"] % p.number + (f" {p.section}" if p.section else "") for p in day.pages)
    page = meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                      description=f"{title}{t['colon']}{listed}")
    year = None if day.date.year == newest.year else day.date.year
    return Route("edition.html", page, {
        "day": day, "title": title, "earlier": earlier, "later": later,
        "calendar": urls.editions(lang, year),
    }, day.date)


def _year_key(year: int, dates: tuple[dt.date, ...]) -> int | None:
    """Return the year's calendar key: None for the newest year (at editions/), else the year."""
    return None if year == dates[-1].year else year


def _calendar_routes(config: Config, edition: Edition, lang: str) -> list[Route]:
    """Plan the calendar of editions: a page per year, the newest at editions/."""
    t = config.labels[lang]
    dates = {code: printed_dates(edition, code) for code in edition.langs}
    years = sorted({d.year for d in dates[lang]}, reverse=True)
    links = tuple((year, urls.editions(lang, _year_key(year, dates[lang]))) for year in years)
    routes = []
    for year in years:
        paths = {code: urls.editions(code, _year_key(year, dates[code])) for code in edition.langs
                 if any(d.year == year for d in dates[code])}
        title = t["all_editions"] if year == years[0] else f"{t['all_editions']} · {year}"
        page = meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                          description=f"{t['calendar']} · {config.title[lang]}")
        routes.append(Route("editions.html", page, {
            "year": year, "years": links, "months": _months(year, dates[lang]), "title": title,
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


def _has(dates: tuple[dt.date, ...], date: dt.date) -> bool:
    """Tell whether a sorted tuple of dates holds a date."""
    i = bisect.bisect_left(dates, date)
    return i < len(dates) and dates[i] == date


def _printed(year: int, month: int, day: int, dates: tuple[dt.date, ...]) -> dt.date | None:
    """Return the date of a calendar cell if the paper was printed that day."""
    date = dt.date(year, month, day) if day else None
    return date if date is not None and _has(dates, date) else None
