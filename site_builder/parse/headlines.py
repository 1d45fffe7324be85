"""Tell apart the lines printed above an article: kicker, headline, deck and column banner."""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.parse.heads import BRACKETED as _BRACKETED
from site_builder.parse.heads import COLUMN_LABEL as _COLUMN_LABEL
from site_builder.parse.heads import column_marker
from site_builder.parse.layout import KICKER_ENDS
from site_builder.parse.normalise import HAN

# A slogan banner: two to four short, purely Chinese phrases of about the same length
# ("实干论英雄 奋战第一线"). Headlines carry names, numbers, quotes or Latin words.
_SLOGAN_PART = re.compile(f"[{HAN}]{{3,8}}")
_DECK_DASHES = re.compile(r"^[—－-]{1,2}\s*")
_BULLETS = "■◆●"
_COMMA = re.compile("[，,]")
_SPEECH_END = re.compile("(?:强调|指出|表示|要求|宣布|称|说)$")  # "陈文清在…会议上强调"
_DECK_OPENERS = ("已", "将", "并", "均", "还", "再", "又", "仍", "也")  # continuing the line above
TITLE_MAX = 40  # characters in a display title made from body text


@dataclass(frozen=True)
class Heads:
    """What the lines above (or just below) a headline turned out to be."""

    title: str
    subtitle: str | None = None
    kicker: str | None = None
    column: str | None = None
    review: tuple[str, ...] = ()  # how print left it open, for an editor to check


def resolve_heads(lines: list[str], gaps: list[int] | None = None, *,
                  feature: bool = False) -> Heads:
    """Sort a group of heading lines into title, deck, kicker and column banner.

    gaps[i] counts the blank lines above lines[i]: a kicker is printed tight above its
    headline, a banner or column name stands apart from it. Without gaps, every line may be
    a banner but none is a column name by position alone. feature: a byline is printed
    under the head (a report or feature, not a news item opening with its dateline).
    """
    apart = [gaps is None or index + 1 == len(lines) or gaps[index + 1] > 0
             for index in range(len(lines))]
    column, subtitle, rest = None, None, []
    for index, line in enumerate(lines):
        label = _column_label(line, len(lines))
        if label and column is None:
            column = label
        elif _DECK_DASHES.match(line) and rest and subtitle is None:
            subtitle = line  # "——记义乌的一位老匠人", printed with its dashes
        else:
            rest.append((line.lstrip(_BULLETS).strip(), apart[index]))
    slogans = [line for line, alone in rest if alone and is_slogan(line)]
    if len(rest) > 1 and slogans and column is None:
        # A banner printed with a headline; when every line looks like one, the last is the title.
        column = slogans[0] if len(slogans) < len(rest) else rest[0][0]
        rest = [item for item in rest if item[0] != column]
    elif len(rest) > 1 and column is None and gaps is not None and rest[0][1]:
        column = rest.pop(0)[0]  # a column name set apart above the headline: "乡村振兴见闻"
    return _title_parts([line for line, _ in rest], subtitle, column, feature)


def _column_label(line: str, lines: int) -> str | None:
    """Return the column name a head line prints ("【新春走基层】", "记者手记"), or None."""
    bracketed = _BRACKETED.match(line)
    if bracketed and (lines > 1 or line[0] not in _BULLETS):
        return (bracketed.group(1) or bracketed.group(2)).strip()  # "■ 标题" alone is a title
    if lines > 1 and _COLUMN_LABEL.fullmatch(line):
        return line
    return None


def _title_parts(rest: list[str], subtitle: str | None, column: str | None,
                 feature: bool) -> Heads:
    """Pick kicker, title and deck from the remaining lines, top to bottom."""
    marked = [i for i, line in enumerate(rest) if column_marker(line)]
    if marked:  # the headline names its column: above it the kicker, below it the deck
        at = marked[-1]
        below = rest[at + 1:] + ([subtitle] if subtitle else [])
        return Heads(title=rest[at], subtitle=_joined(below), kicker=_joined(rest[:at]),
                     column=column or column_marker(rest[at]))
    kickers = []
    while len(rest) > 1 and rest[0].endswith(KICKER_ENDS):
        kickers.append(rest.pop(0))  # "内蒙古自治区通辽市奈曼旗——"
    review: tuple[str, ...] = ()
    if not kickers and subtitle is None and len(rest) == 2:
        top, title, review = _pair(rest, feature)
        rest = [title] if top else rest
        kickers = [top] if top else []
    elif not kickers and len(rest) > 1:
        kickers.append(rest.pop(0))
    title = rest[0] if rest else ""
    subtitle = _joined(rest[1:] + ([subtitle] if subtitle else []))
    if subtitle is None and not kickers:
        title, subtitle = split_deck(title)
    return Heads(title=title, subtitle=subtitle, kicker=_joined(kickers), column=column,
                 review=review)


def _pair(lines: list[str], feature: bool) -> tuple[str | None, str, tuple[str, ...]]:
    """Read two head lines as kicker and headline, or headline and deck: (kicker, title, review).

    Print sets both alike. By the conventions: a line that reports a speech ("…强调") is the
    kicker over what was said; a line opening on "已", "将"… continues the one above (a deck);
    of a line with clauses and one without, the plain one is the headline; a couplet
    ("小丝网  大能量") under a line is the headline. Otherwise a report or feature (a byline
    under the head) sets its news peg as the kicker over the headline, and a news item puts
    its news in the fuller line.
    """
    first, second = lines
    if _SPEECH_END.search(first):
        return first, second, ()
    if second.startswith(_DECK_OPENERS):
        return None, first, ()
    if bool(_COMMA.search(first)) != bool(_COMMA.search(second)):
        return (first, second, ()) if _COMMA.search(first) else (None, first, ())
    if _couplet(second) != _couplet(first):
        # A couplet ("小丝网  大能量") is the headline; a feature may set one as its kicker.
        return (first, second, ()) if _couplet(second) or feature else (None, first, ())
    question = ("kicker or headline?",)
    if feature or _letters(second) > _letters(first):
        return first, second, question
    return None, first, ("headline or subtitle?",)


def _couplet(line: str) -> bool:
    """True for a headline of two or more balanced parts split by a space ("小丝网  大能量")."""
    parts = line.split()
    return len(parts) >= 2 and all(2 <= len(part) <= 12 for part in parts)


def _joined(lines: list[str]) -> str | None:
    """Join several kicker or deck lines with one space (None when there are none)."""
    return " ".join(lines) if lines else None


def _letters(line: str) -> int:
    """Count the printed characters of a head line, spaces left out."""
    return len(line) - line.count(" ")


def split_deck(title: str) -> tuple[str, str | None]:
    """Split a one-line headline whose last space-separated part has a comma into (title, deck)."""
    head, space, deck = title.rpartition(" ")
    if space and _COMMA.search(deck) and not _COMMA.search(head) and not column_marker(title):
        return head.rstrip(), deck
    return title, None


def is_slogan(line: str) -> bool:
    """True for a column banner: 2-4 short Chinese phrases of near-equal length."""
    parts = line.split(" ")
    if not 2 <= len(parts) <= 4 or not all(_SLOGAN_PART.fullmatch(part) for part in parts):
        return False
    lengths = [len(part) for part in parts]
    return max(lengths) - min(lengths) <= 2


def infer_title(paragraph: str) -> str:
    """Make a display title from an article's first sentence, cut at a clause if it is long."""
    sentence = re.split("[。！？!?]", paragraph, maxsplit=1)[0].strip("“”‘’ ")
    if len(sentence) <= TITLE_MAX:
        return sentence
    title = ""
    for clause in re.findall("[^，、；：]+[，、；：]?", sentence):
        if len(title) + len(clause) > TITLE_MAX:
            break
        title += clause
    title = title.rstrip("，、；：")
    return (title if title else sentence[:TITLE_MAX - 1]) + "…"
