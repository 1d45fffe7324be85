"""What every page shows around its content: the masthead's date and menus, the footer.

The values are worked out once per render from the config and the edition. Every page shows
them, so they are a site-wide input of every page, like the templates.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from site_builder.config import Config
from site_builder.render import urls
from site_builder.render.catalog import Edition, Term
from site_builder.render.editions import printed_dates
from site_builder.render.indexes import TITLES, has_index

log = logging.getLogger(__name__)

# The BCP 47 tag of each language in HTML: the script is known, so say it.
LANG_TAGS = {"zh": "zh-Hans", "en": "en"}
POLICE_QUERY = "https://beian.mps.gov.cn/#/query/webSearch?code="


@dataclass(frozen=True)
class Link:
    """A link of a menu: its text, its site path, the language of its text."""

    label: str
    path: str
    lang: str


@dataclass(frozen=True)
class Chrome:
    """The masthead and footer of one language's pages."""

    date: dt.date | None  # of the newest articles: the masthead shows it
    date_path: str  # where the date leads: that day's print edition, else the archive
    sections: tuple[Link, ...]  # the section menu, in the paper's order
    editions: str | None  # the calendar of print editions, if anything was printed
    indexes: tuple[Link, ...]  # the index pages of columns, tags and reporters
    copyright: str
    police_url: str | None


def html_lang(code: str) -> str:
    """Return the HTML lang value of a language: zh-Hans for Chinese (simplified script)."""
    return LANG_TAGS.get(code, code)


def make_chrome(config: Config, edition: Edition) -> dict[str, Chrome]:
    """Return each language's masthead and footer."""
    newest = edition.newest()
    date = newest.date if newest is not None else config.date
    found = {(kind, term.names["zh"]): term for kind in ("columns", "tags")
             for term in edition.terms[kind]}
    chrome = {}
    for lang in edition.langs:
        printed = printed_dates(edition, lang)
        chrome[lang] = Chrome(
            date=date,
            date_path=urls.print_edition(lang, date) if date in printed else urls.archive(lang),
            sections=tuple(_sections(config, edition, found, lang)),
            editions=urls.editions(lang) if printed else None,
            indexes=tuple(Link(config.labels[lang][TITLES[kind]], urls.index(lang, kind), lang)
                          for kind in urls.KINDS if has_index(edition, kind, lang)),
            copyright=config.footer.copyright.get(lang) or _copyright(config, date, lang),
            police_url=_police_url(config.footer.police, config.footer.police_url),
        )
    return chrome


def _sections(config: Config, edition: Edition, found: dict[tuple[str, str], Term],
              lang: str) -> list[Link]:
    """Return the section menu of a language: each [site] sections name that has a page."""
    links = []
    for name in config.sections:
        term = found.get(("columns", name)) or found.get(("tags", name))
        if term is None:
            if lang == "zh":
                log.warning("[site] sections: %r is no column or tag of any article", name)
            continue
        if any(slug in edition.by_slug[lang] for slug in term.slugs):
            label = term.names.get(lang)
            links.append(Link(label or name, urls.term(lang, term.kind, term.key),
                              lang if label else "zh"))
    return links


def _copyright(config: Config, date: dt.date | None, lang: str) -> str:
    """Return the default copyright line: the year of the newest articles and the paper."""
    return f"© {date.year} {config.title[lang]}" if date else f"© {config.title[lang]}"


def _police_url(number: str | None, url: str | None) -> str | None:
    """Return the link of a 公安备案号: as configured, else its query page on the registry."""
    if number is None:
        return None
    return url or POLICE_QUERY + re.sub(r"\D", "", number)
