"""Group classified page lines into article drafts, joining paragraphs split by the layout."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from site_builder.parse.bylines import (
    Byline,
    has_dateline,
    parse_byline,
    split_dateline,
    split_photo_credit,
)
from site_builder.parse.layout import Line, looks_like_subheading, section_label, starts_turn
from site_builder.parse.normalise import is_finished, join_fragments

logger = logging.getLogger(__name__)

HEAD_LINES_MAX = 4  # kicker, column, headline, deck: more is not one headline group
CAPTION_LINES_MAX = 3  # a QR prompt and the lines printed right under it
CAPTION_MARKS = "▲△↑↓←→"  # arrows pointing at the photo: layout, not caption text
ITEM_BULLETS = "■◆●"  # a bulleted headline starts the next item of a list of briefs
NOTE_OPENERS = ("编者按", "编者的话", "编前")  # an editor's note belongs to the piece below it


@dataclass
class Draft:
    """An article while its lines are being collected (mutable; parse.py freezes it)."""

    first: int
    last: int
    heads: list[str] = field(default_factory=list)
    head_gaps: list[int] = field(default_factory=list)  # blank lines above each head line
    body: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h2", text)
    reporters: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    dateline: str | None = None
    continued_from: str | None = None
    continued_on: str | None = None
    closed: bool = False  # a "下转" marker ended it: what follows is another article
    ended: bool = False  # the last line read was end matter: a caption, credit or closing byline
    section: str | None = None  # the label ("简讯") over the run of briefs it belongs to
    row_last: bool = False  # the last paragraph is a table row: complete without a full stop

    @property
    def has_body(self) -> bool:
        """True once a body paragraph has been read."""
        return any(kind == "p" for kind, _ in self.body)

    @property
    def unfinished(self) -> bool:
        """True when the last paragraph stops mid-sentence (the layout cut it)."""
        last = self.body[-1] if self.body else ("", "")
        return last[0] == "p" and not self.row_last and not is_finished(last[1])

    def add_byline(self, byline: Byline) -> None:
        """Record the people and credits of a byline, each once."""
        for names, new in ((self.reporters, byline.reporters),
                           (self.photographers, byline.photographers),
                           (self.credits, byline.credits)):
            names.extend(name for name in new if name not in names)


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
        if _opens_article(lines, index, drafts[-1] if drafts else None):
            if section and _under_byline(lines, index):
                section = None  # a full story with its own byline: the run of briefs is over
            drafts.append(Draft(first=line.number, last=line.number, section=section))
        index = _add_line(drafts[-1], lines, index)
    return _attach_notes(drafts)


def _under_byline(lines: list[Line], index: int) -> bool:
    """True when the heading lines from lines[index] on stand above a byline line."""
    end = index
    while end < len(lines) and lines[end].kind == "heading" and end - index < HEAD_LINES_MAX:
        end += 1
    return end > index and end < len(lines) and lines[end].kind == "byline"


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
    """Decide whether lines[index] starts a new article."""
    kind = lines[index].kind
    if draft is None:
        return True
    if draft.closed:
        return kind in ("heading", "text", "from", "byline")
    if kind == "from":
        return draft.has_body or draft.continued_from is not None
    if kind == "heading" and draft.ended:
        return True  # after the pictures or closing byline of one story comes the next
    if kind == "heading" and draft.has_body:
        return _headline_here(lines, index, draft)
    return False


def _headline_here(lines: list[Line], index: int, draft: Draft) -> bool:
    """True when a heading line after body text heads a new article, not a section."""
    end = index
    while end < len(lines) and lines[end].kind == "heading" and end - index < HEAD_LINES_MAX:
        end += 1
    if end == len(lines):
        return False  # nothing follows: a closing line of this article
    below = lines[end]
    if below.kind in ("byline", "from") or below.kind == "text" and has_dateline(below.text):
        return True
    if below.kind == "credit" and below.text.endswith("评论员"):
        return True  # "本报评论员" under a commentary's headline
    if draft.unfinished:
        return False  # the heading-like line is the rest of a cut sentence
    if draft.section or lines[index].text.startswith(ITEM_BULLETS):
        return True  # briefs are too short for subheadings: each heading is the next item
    # A wider gap, or a stack of heading lines, marks a new story; one line is a subheading.
    return lines[index].gap >= 2 or end - index >= 2


def _add_line(draft: Draft, lines: list[Line], index: int) -> int:
    """Put lines[index] into the draft; return the index of the next unread line."""
    line = lines[index]
    draft.last = max(draft.last, line.number)
    draft.ended = line.kind in ("qr", "caption") or line.kind in ("byline", "credit") and (
        draft.has_body or bool(draft.captions))
    if line.kind == "qr":
        return _add_qr_caption(draft, lines, index)
    if line.kind == "heading" and not draft.has_body:
        draft.heads.append(line.text)
        draft.head_gaps.append(line.gap)
    elif line.kind in ("heading", "text"):
        _add_text(draft, line)
        draft.row_last = False
    elif line.kind == "row":
        draft.body.append(("p", line.text))
        draft.row_last = True
    elif line.kind in ("byline", "credit"):
        draft.add_byline(parse_byline(line.text) or Byline(credits=(line.text,)))
    elif line.kind == "caption":
        _add_caption(draft, line.text)
    elif line.kind == "from":
        draft.continued_from = line.marker
    elif line.kind == "on":
        draft.continued_on, draft.closed = line.marker, True
    return index + 1


def _add_text(draft: Draft, line: Line) -> None:
    """Add body text: continue a cut paragraph, start a new one, or add a subheading."""
    if draft.unfinished and not starts_turn(line.text):
        draft.body[-1] = ("p", join_fragments(draft.body[-1][1], line.text))
    elif line.kind == "heading" and looks_like_subheading(line.text):
        draft.body.append(("h2", line.text))
    elif not draft.has_body and not draft.dateline:
        dateline, byline, text = split_dateline(line.text)
        draft.dateline = dateline
        if byline:
            draft.add_byline(byline)
        if text:
            draft.body.append(("p", text))
    else:
        draft.body.append(("p", line.text))


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
