"""Group classified page lines into article drafts: where a story starts, what its body holds."""

from __future__ import annotations

import logging
import re

from site_builder.parse.body import balanced, continues, is_label, subheading_here
from site_builder.parse.bylines import (
    Byline,
    parse_byline,
    split_dateline,
    split_photo_credit,
)
from site_builder.parse.captions import over_picture_credit
from site_builder.parse.draft import Draft
from site_builder.parse.heads import head_end
from site_builder.parse.layout import Line, section_label, starts_turn
from site_builder.parse.names import bare_names
from site_builder.parse.normalise import EDITOR_CODE, join_fragments

logger = logging.getLogger(__name__)

CAPTION_LINES_MAX = 3  # a QR prompt and the lines printed right under it
DECK_MAX = 100  # characters of a summary (提要) printed over a commentary
CAPTION_MARKS = "▲△↑↓←→"  # arrows pointing at the photo: layout, not caption text
# How a story's first paragraph opens: a quote, or when ("1月7日，", "近日，", "前段时间，").
_OPENER = re.compile(r"^(?:“|\d{1,4}[年月日]|近日|日前|近年来|近期|最近|前段时间|前不久|今年|去年"
                     r"|当前|如今|目前)")
NOTE_OPENERS = ("编者按", "编者的话", "编前")  # an editor's note belongs to the piece below it


def group_lines(lines: list[Line]) -> list[Draft]:
    """Walk the page top to bottom and return one draft per article, in page order."""
    drafts: list[Draft] = []
    index, section = 0, None
    while index < len(lines):
        line = lines[index]
        if line.kind in ("furniture", "section"):
            logger.debug("line %d: page furniture skipped: %s", line.number, line.text)
            if line.kind == "section":
                section = section_label(line.text)
                if drafts:
                    drafts[-1].ended = True
            index += 1
            continue
        draft = drafts[-1] if drafts else None
        end = head_end(lines, index, draft, section)
        if end is not None:
            if section and end < len(lines) and lines[end].kind == "byline":
                section = None  # a full story with its own byline: the run of briefs is over
            drafts.append(_headed(lines, index, end, section))
            index = end
            continue
        if _opens_article(lines, index, draft):
            drafts.append(Draft(first=line.number, last=line.number, section=section))
        index = _add_line(drafts[-1], lines, index)
    return _attach_notes(drafts)


def _headed(lines: list[Line], start: int, end: int, section: str | None) -> Draft:
    """Start a draft with the head lines lines[start:end]; a name line closing them is a byline."""
    draft = Draft(first=lines[start].number, last=lines[end - 1].number, section=section)
    names = bare_names(lines[end - 1].text) if end - start > 1 else None
    if names:
        draft.reporters.extend(names)
        draft.byline_line = True
        end -= 1
    for line in lines[start:end]:
        draft.heads.append(line.text)
        draft.head_gaps.append(line.gap)
    return draft


def _attach_notes(drafts: list[Draft]) -> list[Draft]:
    """Move an editor's note printed above a headline into the article under it."""
    result: list[Draft] = []
    for draft in drafts:
        previous = result[-1] if result else None
        if previous and _is_note(previous) and (draft.heads or draft.continued_from is None):
            draft.body[:0], draft.first = previous.body, previous.first
            result.pop()
        result.append(draft)
    return result


def _is_note(draft: Draft) -> bool:
    """True for a headless draft made of nothing but an editor's note."""
    people = draft.reporters or draft.photographers or draft.credits or draft.captions
    return (not draft.heads and not people and draft.continued_from is None and bool(draft.body)
            and draft.body[0][1].startswith(NOTE_OPENERS) and not draft.dateline)


def _opens_article(lines: list[Line], index: int, draft: Draft | None) -> bool:
    """Decide whether lines[index], not a headline, starts a new article anyway."""
    kind = lines[index].kind
    if draft is None:
        return True
    if draft.closed:
        return kind in ("heading", "text", "from", "byline")
    if kind == "from":
        return draft.has_body or draft.continued_from is not None
    return False


def _add_line(draft: Draft, lines: list[Line], index: int) -> int:
    """Put lines[index] into the draft; return the index of the next unread line."""
    line = lines[index]
    draft.last = max(draft.last, line.number)
    draft.ended = line.kind in ("qr", "caption") or line.kind in ("byline", "credit") and (
        draft.has_body or bool(draft.captions))
    if line.kind == "qr":
        return _add_qr_caption(draft, lines, index)
    if line.kind == "text" and not draft.has_body and over_picture_credit(lines, index):
        line = Line(line.number, line.text, "caption", line.gap)
    if line.kind in ("heading", "text"):
        _add_text(draft, lines, index)
        draft.row_last = False
    elif line.kind == "row":
        draft.body.append(("p", line.text))
        draft.row_last = True
    elif line.kind in ("byline", "credit"):
        draft.byline_line = draft.byline_line or not draft.has_body
        draft.add_byline(parse_byline(line.text) or Byline(credits=(line.text,)))
    elif line.kind == "caption":
        _add_caption(draft, line.text)
    elif line.kind == "from":
        draft.continued_from = line.marker
    elif line.kind == "on":
        draft.continued_on, draft.closed = line.marker, True
    return index + 1


def _add_text(draft: Draft, lines: list[Line], index: int) -> None:
    """Add body text: continue a cut paragraph, start a new one, or add a subheading."""
    line = lines[index]
    previous = draft.body[-1] if draft.body else None
    if previous and previous[0] == "p" and EDITOR_CODE.fullmatch(line.text):
        draft.body[-1] = ("p", f"{previous[1]}{line.text}")  # "②16" under the last sentence
    elif draft.unfinished and not starts_turn(line.text) and not _fresh_start(draft, line):
        draft.body[-1] = ("p", join_fragments(draft.body[-1][1], line.text))
    elif draft.has_body and subheading_here(lines, index, previous or ("p", "")):
        draft.body.append(("h2", line.text))
    elif line.kind == "heading" and is_label(line.text) and index + 1 < len(lines) and (
            lines[index + 1].kind == "text"):
        draft.body.append(("h2", line.text))  # "核心阅读", "【点评】": the label of a box
    elif not draft.has_body and not draft.dateline:
        dateline, byline, text = split_dateline(line.text)
        draft.dateline = dateline
        if byline:
            draft.add_byline(byline)
        if text:
            draft.body.append(("p", text))
    else:
        draft.body.append(("p", line.text))


def _fresh_start(draft: Draft, line: Line) -> bool:
    """True when an unfinished first paragraph is a deck (提要) and line starts the story."""
    paragraphs = [text for kind, text in draft.body if kind == "p"]
    return (len(paragraphs) == 1 and draft.body[-1][0] == "p" and _is_deck(paragraphs[0])
            and _OPENER.match(line.text) is not None and not continues(paragraphs[0], line.text))


def _is_deck(text: str) -> bool:
    """True for a summary printed above the first paragraph: clauses, no full stop."""
    return ("，" in text and not set(text) & set("。：《") and len(text) <= DECK_MAX
            and balanced(text))


def _add_caption(draft: Draft, text: str) -> None:
    """Add a photo caption, taking a trailing "X 摄" credit off it."""
    split = split_photo_credit(text)
    if split:
        text, byline = split
        draft.add_byline(byline)
    draft.captions.append(text.lstrip(CAPTION_MARKS).strip())


def _add_qr_caption(draft: Draft, lines: list[Line], index: int) -> int:
    """Add a QR prompt and the lines printed right under it as one caption."""
    end = index + 1
    while (end < len(lines) and end - index < CAPTION_LINES_MAX and lines[end].gap == 0
           and lines[end].kind in ("heading", "text", "caption")):
        end += 1
    draft.captions.append(" ".join(line.text for line in lines[index:end]))
    draft.last = max(draft.last, lines[end - 1].number)
    return end
