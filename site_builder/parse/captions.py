"""Pictures printed between a story's head and its text: which lines are their captions."""

from __future__ import annotations

from site_builder.parse.bylines import ALL_PICTURES, parse_byline
from site_builder.parse.heads import BOX_LABEL
from site_builder.parse.layout import Line

CAPTION_MAX = 60  # characters of a photo caption printed as a line of its own


def over_picture_credit(lines: list[Line], index: int) -> bool:
    """True for a line above a picture's credit before the story begins: its caption.

    A caption is a sentence or two under a picture; longer text is the story itself.
    """
    end = index
    while end < len(lines) and lines[end].kind in ("text", "caption") and end - index < 8:
        if len(lines[end].text) > CAPTION_MAX or lines[end].text.count("。") > 2:
            return False
        end += 1
    if end == len(lines) or lines[end].kind not in ("credit", "caption"):
        return False
    if not ALL_PICTURES.match(lines[end].text) and not _story_goes_on(lines, end + 1):
        return False  # "X 摄" closing a story credits its pictures, not the text above
    byline = parse_byline(lines[end].text)
    return byline is not None and (bool(byline.photographers) or any(
        credit.endswith(("供图", "提供", "发")) for credit in byline.credits))


def _story_goes_on(lines: list[Line], index: int) -> bool:
    """True when text of the same story follows the credits from lines[index] on."""
    while index < len(lines) and lines[index].kind in ("credit", "caption"):
        index += 1
    if index == len(lines) or lines[index].kind not in ("text", "heading"):
        return False
    return lines[index].kind == "text" or BOX_LABEL.fullmatch(lines[index].text) is not None
