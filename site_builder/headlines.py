"""Tell apart the lines printed above an article: kicker, headline, deck and column banner."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import HAN

# A slogan banner: two to four short, purely Chinese phrases of about the same length
# ("实干论英雄 奋战第一线"). Headlines carry names, numbers, quotes or Latin words.
_SLOGAN_PART = re.compile(f"[{HAN}]{{3,8}}")
_BRACKETED = re.compile(r"^[【〖\[［]([^】〗\]］]{1,20})[】〗\]］]$|^[■◆●]\s*(\S.{0,15})$")
_DECK_DASHES = re.compile(r"^[—－-]{1,2}\s*")
_COMMA = re.compile("[，,]")
TITLE_MAX = 40  # characters in a display title made from body text


@dataclass(frozen=True)
class Heads:
    """What the lines above (or just below) a headline turned out to be."""

    title: str
    subtitle: str | None = None
    kicker: str | None = None
    column: str | None = None


def resolve_heads(lines: list[str]) -> Heads:
    """Sort a group of heading lines into title, deck, kicker and column banner."""
    column, subtitle, rest = None, None, []
    for line in lines:
        bracketed = _BRACKETED.match(line)
        if bracketed and column is None:
            column = (bracketed.group(1) or bracketed.group(2)).strip()
        elif _DECK_DASHES.match(line) and rest and subtitle is None:
            subtitle = _DECK_DASHES.sub("", line)  # "——记义乌的一位老匠人"
        else:
            rest.append(line)
    slogans = [line for line in rest if is_slogan(line)]
    if len(rest) > 1 and slogans and column is None:
        # A banner printed with a headline; when every line looks like one, the last is the title.
        banner = slogans[0] if len(slogans) < len(rest) else rest[0]
        column = banner
        rest.remove(banner)
    return _title_parts(rest, subtitle, column)


def _title_parts(rest: list[str], subtitle: str | None, column: str | None) -> Heads:
    """Pick kicker, title and deck from the remaining lines, top to bottom."""
    if subtitle is None and len(rest) > 1 and _COMMA.search(rest[-1]):
        subtitle = rest.pop()
    kicker = None
    if len(rest) == 2 and subtitle is None and len(rest[0]) > len(rest[1]):
        # Plain text has no type sizes: a shorter second line reads as the deck, a
        # shorter first line as the kicker printed above the main title.
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
