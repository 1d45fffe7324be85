"""Tell apart the lines printed above an article: kicker, headline, deck and column banner."""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.parse.normalise import HAN

# A slogan banner: two to four short, purely Chinese phrases of about the same length
# ("实干论英雄 奋战第一线"). Headlines carry names, numbers, quotes or Latin words.
_SLOGAN_PART = re.compile(f"[{HAN}]{{3,8}}")
_BRACKETED = re.compile(r"^[【〖\[［]([^】〗\]］]{1,20})[】〗\]］]$|^[■◆●]\s*(\S.{0,15})$")
_DECK_DASHES = re.compile(r"^[—－-]{1,2}\s*")
# Standing column names printed over a piece, whatever it is about.
_COLUMN_LABEL = re.compile("记者手记|采访手记|编辑手记|编后|编后语|短评|快评|时评|评论|一家之言"
                           "|记者观察|新闻观察|新闻分析|新闻特写|人物|特写|对话|访谈")
_BULLETS = "■◆●"
KICKER_RATIO = 0.8  # a first line this much shorter than the second is a kicker, else the title
_COMMA = re.compile("[，,]")
TITLE_MAX = 40  # characters in a display title made from body text


@dataclass(frozen=True)
class Heads:
    """What the lines above (or just below) a headline turned out to be."""

    title: str
    subtitle: str | None = None
    kicker: str | None = None
    column: str | None = None


def resolve_heads(lines: list[str], gaps: list[int] | None = None) -> Heads:
    """Sort a group of heading lines into title, deck, kicker and column banner.

    gaps[i] counts the blank lines above lines[i]: a kicker is printed tight above its
    headline, a banner or column name stands apart from it. Without gaps, every line may be
    a banner but none is a column name by position alone.
    """
    apart = [gaps is None or index + 1 == len(lines) or gaps[index + 1] > 0
             for index in range(len(lines))]
    column, subtitle, rest = None, None, []
    for index, line in enumerate(lines):
        label = _column_label(line, len(lines))
        if label and column is None:
            column = label
        elif _DECK_DASHES.match(line) and rest and subtitle is None:
            subtitle = _DECK_DASHES.sub("", line)  # "——记义乌的一位老匠人"
        else:
            rest.append((line.lstrip(_BULLETS).strip(), apart[index]))
    slogans = [line for line, alone in rest if alone and is_slogan(line)]
    if len(rest) > 1 and slogans and column is None:
        # A banner printed with a headline; when every line looks like one, the last is the title.
        column = slogans[0] if len(slogans) < len(rest) else rest[0][0]
        rest = [item for item in rest if item[0] != column]
    elif len(rest) > 1 and column is None and gaps is not None and rest[0][1]:
        column = rest.pop(0)[0]  # a column name set apart above the headline: "乡村振兴见闻"
    return _title_parts([line for line, _ in rest], subtitle, column)


def _column_label(line: str, lines: int) -> str | None:
    """Return the column name a head line prints ("【新春走基层】", "记者手记"), or None."""
    bracketed = _BRACKETED.match(line)
    if bracketed and (lines > 1 or line[0] not in _BULLETS):
        return (bracketed.group(1) or bracketed.group(2)).strip()  # "■ 标题" alone is a title
    if lines > 1 and _COLUMN_LABEL.fullmatch(line):
        return line
    return None


def _title_parts(rest: list[str], subtitle: str | None, column: str | None) -> Heads:
    """Pick kicker, title and deck from the remaining lines, top to bottom."""
    if subtitle is None and len(rest) > 1 and _COMMA.search(rest[-1]):
        subtitle = rest.pop()
    kicker = None
    short_first = len(rest) == 2 and _letters(rest[0]) < KICKER_RATIO * _letters(rest[1])
    if len(rest) == 2 and subtitle is None and not short_first:
        # Plain text has no type sizes: a second line reads as the deck, unless the first
        # is clearly shorter: then it is the kicker printed above the main title.
        subtitle = rest.pop()
    elif len(rest) > 1:
        kicker = rest.pop(0)
    title = rest[0] if rest else ""
    if len(rest) > 1:
        extra = " ".join(rest[1:])
        subtitle = f"{extra} {subtitle}" if subtitle else extra
    if subtitle is None:
        title, subtitle = split_deck(title)
    return Heads(title=title, subtitle=subtitle, kicker=kicker, column=column)


def _letters(line: str) -> int:
    """Count the printed characters of a head line, spaces left out."""
    return len(line) - line.count(" ")


def split_deck(title: str) -> tuple[str, str | None]:
    """Split a one-line headline whose last space-separated part has a comma into (title, deck)."""
    parts = title.split(" ")
    head_has_comma = any(_COMMA.search(part) for part in parts[:-1])
    if len(parts) > 1 and _COMMA.search(parts[-1]) and not head_has_comma:
        return " ".join(parts[:-1]), parts[-1]
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
