"""Text shown around articles: dates, excerpts, reading time, safe JSON (labels: labels.py)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from markupsafe import Markup

from site_builder.content.body import block_plain
from site_builder.models import Article

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
WEEKDAYS = {
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# Column heads of a calendar, Monday first as Chinese calendars print them.
WEEKDAY_HEADS = {"zh": tuple("一二三四五六日"), "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")}
# Reading speeds: Chinese is read by the character, English by the word.
RATE = {"zh": 400, "en": 200}
EXCERPT = {"zh": 100, "en": 200}  # characters
_SENTENCE_END = {"zh": "。！？…", "en": ".!?"}
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
PER_ARTICLE_MEMO = 65536  # articles whose excerpt and reading time are kept: a site's, twice
T = TypeVar("T")

def format_date(date: dt.date, lang: str) -> str:
    """Write a date the way readers of `lang` expect."""
    if lang == "zh":
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def format_day(date: dt.date, lang: str) -> str:
    """Write a date with its weekday, as a masthead does: 2026年2月2日 星期一."""
    weekday = WEEKDAYS[lang][date.weekday()]
    if lang == "zh":
        return f"{format_date(date, lang)} {weekday}"
    return f"{weekday}, {format_date(date, lang)}"


def format_month(year: int, month: int, lang: str) -> str:
    """Write a month of a year: 2026年2月, February 2026."""
    return f"{year}年{month}月" if lang == "zh" else f"{MONTHS[month - 1]} {year}"


def text_units(text: str, lang: str) -> int:
    """Count what a reader reads: characters in Chinese, words in English."""
    if lang == "en":
        return len(_EN_WORD.findall(text))
    if text and max(text) > "\uffff":  # beyond the table _not_read() is made of
        return units_counted(text)
    return len(_not_read().sub("", text))  # a quarter of the time of counting (every listing)


def units_counted(text: str) -> int:
    """Count the characters read, one distinct character at a time (text_units' plain way)."""
    # Count each distinct character once: a story repeats a few hundred characters many times.
    return sum(n for ch, n in Counter(text).items() if _is_unit(ch))


@functools.cache
def _is_unit(ch: str) -> bool:
    """Tell whether a character is read (not space, punctuation or a separator)."""
    return not ch.isspace() and unicodedata.category(ch)[0] not in "PZ"


@functools.cache
def _not_read() -> re.Pattern[str]:
    """Return a pattern of the characters of the Basic Multilingual Plane that are not read."""
    ranges: list[tuple[int, int]] = []
    for point in range(0x10000):
        if 0xD800 <= point <= 0xDFFF or _is_unit.__wrapped__(chr(point)):  # (not its memo)
            continue
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                                    for a, b in ranges) + "]+")


def per_article(function: Callable[[Article], T]) -> Callable[[Article], T]:
    """Memoise a function of an article by the article object (lists show one many times)."""
    # Not functools.lru_cache: hashing a whole article (its body) for every lookup costs about
    # what counting its text does, and 4,096 entries thrashed on a site of 5,000 in two languages.
    memo: dict[int, tuple[Article, T]] = {}  # id -> the article (kept, so its id stays its own)

    @functools.wraps(function)
    def memoised(article: Article) -> T:
        found = memo.get(id(article))
        if found is not None and found[0] is article:
            return found[1]
        if len(memo) >= PER_ARTICLE_MEMO:
            memo.clear()
        value = function(article)
        memo[id(article)] = (article, value)
        return value

    return memoised


@per_article
def reading_minutes(article: Article) -> int:
    """Estimate the reading time of an article in whole minutes, at least one."""
    text = "\n".join(block_plain(block) for block in article.body)
    return max(1, math.ceil(text_units(text, article.lang) / RATE[article.lang]))


@per_article
def excerpt(article: Article) -> str:
    """Return the opening of the article, cut at a sentence or word end, for lists and meta."""
    paragraphs = (block_plain(b) for b in article.body if b.kind == "p")
    text = next((p for p in paragraphs if p.strip()), article.subtitle or "").strip()
    if article.title_inferred and text.startswith(article.title):
        # a headline the editors made of the opening sentence: a list shows what follows it
        text = text[len(article.title):].lstrip("。！？…，,.!? ") or text
    limit = EXCERPT[article.lang]
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(mark) for mark in _SENTENCE_END[article.lang])
    if end >= limit // 2:
        return head[: end + 1]
    if article.lang == "en" and " " in head:
        head = head[: head.rfind(" ")]
    return head.rstrip("，、,;； ") + "…"


def json_script(data: Any) -> Markup:
    """Serialise data for a <script> element: no '<', '>' or '&' can end the element early."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    # Line and paragraph separators are valid JSON but not valid in older JavaScript.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
