"""Where a story's head starts and ends: the heading lines over a byline, a dateline or pictures."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from site_builder.parse.bylines import has_dateline
from site_builder.parse.layout import Line
from site_builder.parse.names import bare_names

if TYPE_CHECKING:
    from site_builder.parse.draft import Draft

HEAD_LINES_MAX = 5  # kicker lines, headline, deck, banner and a name: more is no head
ITEM_BULLETS = "■◆●"  # a bulleted headline starts the next item of a list of briefs
BRACKETED = re.compile(r"^[【〖\[［]([^】〗\]］]{1,20})[】〗\]］]$|^[■◆●]\s*(\S.{0,15})$")
# Standing column names printed over a piece, whatever it is about.
COLUMN_LABEL = re.compile("记者手记|采访手记|编辑手记|编后|编后语|短评|快评|时评|评论|一家之言"
                           "|记者观察|新闻观察|新闻分析|新闻特写|人物|特写|对话|访谈")
# The label of a summary box printed between a story's pictures and its text.
BOX_LABEL = re.compile("核心阅读|阅读提示|内容提要|提要|导读|编者按|链接|相关链接|延伸阅读"
                       "|背景|小资料")
# A column or series named in brackets after a headline: "（今日谈）", "（干部状态新观察·…）".
_MARKER = re.compile(r"（([^（）]{2,24})）$")
# Brackets that end a title but name no column: a document's status, a part, a figure.
_NOT_A_COLUMN = re.compile(r"^(?:草案|试行|修订|修正|修订草案|征求意见稿|全文|摘要|节选"
                           r"|上|中|下|续|完|之?[一二三四五六七八九十]+|.*\d.*)$")


def column_marker(text: str) -> str | None:
    """Return the column a headline names in brackets at its end ("…（今日谈）" → 今日谈)."""
    match = _MARKER.search(text)
    if not match or match.start() == 0 or _NOT_A_COLUMN.match(match.group(1)):
        return None
    return match.group(1).strip()


def head_end(lines: list[Line], index: int, draft: Draft | None,
             section: str | None) -> int | None:
    """Return where the head of a new story starting at lines[index] ends, or None.

    A run of heading lines heads a new story when a byline, a dateline or a line of names
    follows it, or a line of it names its column in brackets; after a finished story
    (closing credit, wide gap, "下转" marker) any run does. Otherwise the lines are
    subheadings or text of the story being read.
    """
    if lines[index].kind != "heading":
        return None
    end = _run_end(lines, index)
    below = lines[end] if end < len(lines) else None
    if _anchored(lines, index, end, below):
        return end
    if draft is None or draft.closed:
        return end
    if below is None or draft.unfinished:
        return None  # a closing line, or the rest of a sentence cut by the layout
    if draft.ended and (draft.has_body or not BOX_LABEL.fullmatch(lines[index].text)):
        return end  # after the pictures or closing byline of one story comes the next
    if (section or lines[index].text.startswith(ITEM_BULLETS)) and draft.has_body:
        return end  # briefs are too short for subheadings: each heading is the next item
    return end if lines[index].gap >= 2 and draft.has_body else None


def _run_end(lines: list[Line], index: int) -> int:
    """Return the end of the run of heading lines from index; a line of names closes it."""
    end = index
    while end < len(lines) and lines[end].kind == "heading" and end - index < HEAD_LINES_MAX:
        end += 1
        if end - index > 1 and bare_names(lines[end - 1].text):
            break
    return end


def _anchored(lines: list[Line], index: int, end: int, below: Line | None) -> bool:
    """True when the run lines[index:end] is a head by what follows it or what it prints."""
    if end - index > 1 and bare_names(lines[end - 1].text) and below is not None:
        return below.kind in ("text", "caption", "credit", "heading")
    if any(column_marker(line.text) for line in lines[index:end]):
        return True
    if end - index > 1 and COLUMN_LABEL.fullmatch(lines[index].text):
        return True  # "记者手记" over a headline: a piece of its own under a standing label
    if below is None:
        return False
    if below.kind in ("byline", "from") or below.kind == "text" and has_dateline(below.text):
        return True
    return below.kind == "credit" and below.text.endswith("评论员")  # "本报评论员"
