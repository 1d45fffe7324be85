"""Index pages: every column, tag and reporter of a language, each with its number of articles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from site_builder.config import Config
from site_builder.render import urls
from site_builder.render.catalog import Edition, Term
from site_builder.render.routes import Key, Route, meta

TITLES = {"columns": "columns", "tags": "tags_index", "reporters": "reporters_index"}  # labels


@dataclass(frozen=True)
class IndexEntry:
    """One line of an index page: a name, the key of its page, its articles in the language."""

    name: str
    key: str
    count: int
    name_lang: str  # the language the name is written in


def index_entries(edition: Edition, kind: str, lang: str) -> tuple[IndexEntry, ...]:
    """Return the terms of a kind that have articles in `lang`, in reading order.

    Chinese names are in pinyin order (terms are sorted by their pinyin key); English ones
    alphabetically.
    """
    articles = edition.by_slug.get(lang, {})
    entries = []
    for term in edition.terms[kind]:
        count = sum(1 for slug in term.slugs if slug in articles)
        if count:
            entries.append(_entry(term, lang, count))
    if lang != "zh":
        entries.sort(key=lambda e: (e.name.casefold(), e.key))
    return tuple(entries)


def has_index(edition: Edition, kind: str, lang: str) -> bool:
    """Tell whether a language has an index page of a kind: one term with an article in it."""
    articles = edition.by_slug.get(lang, {})
    return any(slug in articles for term in edition.terms[kind] for slug in term.slugs)


def _entry(term: Term, lang: str, count: int) -> IndexEntry:
    name = term.names.get(lang)
    if name is None:  # no twin gave the name in this language: show the Chinese one
        return IndexEntry(term.names["zh"], term.key, count, "zh")
    return IndexEntry(name, term.key, count, lang)


def index_groups(edition: Edition, lang: str) -> Iterator[tuple[Key, tuple[Any, ...]]]:
    """Name the index pages of a language (one group), with what they show."""
    shows = tuple((kind, index_entries(edition, kind, lang),
                   tuple(code for code in edition.langs if has_index(edition, kind, code)))
                  for kind in urls.KINDS)
    if any(entries for _, entries, _ in shows):
        yield ("indexes", lang), shows


def plan_index_pages(config: Config, edition: Edition, lang: str) -> list[Route]:
    """Plan the index pages of columns, tags and reporters in one language."""
    routes = []
    for kind in urls.KINDS:
        entries = index_entries(edition, kind, lang)
        if not entries:
            continue
        paths = {code: urls.index(code, kind) for code in edition.langs
                 if code == lang or has_index(edition, kind, code)}
        title = config.labels[lang][TITLES[kind]]
        listed = config.labels[lang]["comma"].join(e.name for e in entries[:12])
        page = meta(edition, lang, paths, title=f"{title} · {config.title[lang]}",
                          description=f"{title}{config.labels[lang]['colon']}{listed}")
        routes.append(Route("index.html", page, {
            "kind": kind, "title": title, "entries": entries}))
    return routes
