"""Raw newspaper page text into articles: classify lines, group them, freeze the result."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import PurePosixPath

from site_builder.content.inline import escape
from site_builder.errors import UserError
from site_builder.models import Article, Block, Source
from site_builder.parse.draft import Draft
from site_builder.parse.grouping import group_lines
from site_builder.parse.headlines import infer_title, resolve_heads
from site_builder.parse.layout import LineTooLong, classify_lines
from site_builder.parse.normalise import has_han
from site_builder.parse.pagedate import infer_date, name_date
from site_builder.parse.slugs import make_slug

logger = logging.getLogger(__name__)


class ParseError(UserError):
    """A seed page cannot be read as articles; the message names the file (and line)."""


def parse_page(source: Source, default_date: dt.date | None = None, *,
               undated: dt.date | None = None) -> tuple[Article, ...]:
    """Split one page into Chinese articles, in page order.

    default_date is [site] date of site.toml. undated: the date to give the articles of a
    page whose date cannot be found anywhere (the parse command shows such a page); without
    it that page is refused. A line longer than layout.MAX_LINE characters is refused with a
    ParseError rather than parsed: no printed paragraph is that long, so the file is a
    binary or a broken dump.
    """
    label = seed_label(source)
    try:
        lines = classify_lines(source.text, source.first_line)
    except LineTooLong as exc:
        raise ParseError(f"{label}:{exc.number}: {exc}") from None
    if not any(has_han(line.text) for line in lines):
        raise ParseError(f"{label}: no Chinese text: not a newspaper page")
    drafts = [draft for draft in group_lines(lines) if draft.heads or draft.body or draft.captions]
    if not any(draft.has_body or draft.captions for draft in drafts):
        raise ParseError(f"{label}: no article found (no paragraph of body text on the page)")
    date, inferred = page_date(source, default_date, undated)
    seen: dict[str, int] = {}
    # On a page that puts a blank line after every line, a gap above a head line says nothing.
    spaced = all(line.gap for line in lines[1:])
    return tuple(_freeze(draft, source, date, inferred, seen, spaced) for draft in drafts)


def page_date(source: Source, default_date: dt.date | None,
              undated: dt.date | None = None) -> tuple[dt.date, bool]:
    """Return the page's date and whether it was inferred from the text.

    In order: the seed's front matter, its file name ("20250110_02.txt"), the page text (a
    masthead, else the latest day it mentions), [site] date, else undated, else an error.
    """
    stated = source.date or name_date(source.path.name)
    if stated is not None:
        return stated, False
    label = seed_label(source)
    inferred = infer_date(source.text)
    if inferred is not None:
        logger.warning("%s: no date given, inferred %s from the page text", label, inferred)
        return inferred, True
    if default_date is not None:
        return default_date, False
    message = (f"{label}: no publication date found: add front matter with a "
               "'date: YYYY-MM-DD' line to the seed, name the file by its date "
               "(20250110_02.txt), or set date in [site] of site.toml")
    if undated is None:
        raise ParseError(message)
    logger.warning("%s", message)
    return undated, True


def seed_label(source: Source) -> str:
    """Name a seed the way messages do: its folder and name, "seeds/000_x.txt"."""
    depth = len(PurePosixPath(source.name).parts) + 1
    return "/".join(source.path.parts[-depth:])


def _freeze(draft: Draft, source: Source, date: dt.date, inferred: bool,
            seen: dict[str, int], spaced: bool = False) -> Article:
    """Turn a finished draft into an Article with its display title and slug."""
    gaps = None if spaced else draft.head_gaps
    heads = resolve_heads(draft.heads, gaps, feature=draft.byline_line) if draft.heads else None
    title = heads.title if heads else ""
    if not title:
        paragraphs = [text for kind, text in draft.body if kind == "p"] + draft.captions
        title = infer_title(paragraphs[0]) if paragraphs else draft.heads[0]
    return Article(
        slug=make_slug(title, source.name, seen),
        lang="zh",
        title=title,
        date=date,
        # Block text is Markdown: a line that looks like markup shows as printed
        body=tuple(Block(kind, escape(text)) for kind, text in draft.body),
        title_inferred=not (heads and heads.title),
        subtitle=heads.subtitle if heads else None,
        kicker=heads.kicker if heads else None,
        column=heads.column if heads and heads.column else draft.section,
        reporters=tuple(draft.reporters),
        photographers=tuple(draft.photographers),
        credits=tuple(draft.credits),
        dateline=draft.dateline,
        continued_from=draft.continued_from,
        continued_on=draft.continued_on,
        captions=tuple(draft.captions),
        date_inferred=inferred,
        source=f"{source.name}:{draft.first}-{draft.last}",
        source_sha256=source.sha256,
        review=tuple(dict.fromkeys((*(heads.review if heads else ()), *draft.review))),
        print_page=source.page,
        print_section=source.section,
    )
