"""Text shown around articles: dates, excerpts, reading time, safe JSON (labels: labels.py)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import unicodedata
from collections import Counter
from typing import Any

from markupsafe import Markup

from site_builder.content.body import block_plain
from site_builder.models import Article

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Reading speeds: Chinese is read by the character, English by the word.
RATE = {"zh": 400, "en": 200}
EXCERPT = {"zh": 100, "en": 200}  # characters
_SENTENCE_END = {"zh": "。！？…", "en": ".!?"}
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")

def format_date(date: dt.date, lang: str) -> str:
    """Write a date the way readers of `lang` expect."""
    if lang == "zh":
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def text_units(text: str, lang: str) -> int:
    """Count what a reader reads: characters in Chinese, words in English."""
    if lang == "en":
        return len(_EN_WORD.findall(text))
    # Count each distinct character once: a story repeats a few hundred characters many times.
    return sum(n for ch, n in Counter(text).items() if _is_unit(ch))


@functools.cache
def _is_unit(ch: str) -> bool:
    """Tell whether a character is read (not space, punctuation or a separator)."""
    return not ch.isspace() and unicodedata.category(ch)[0] not in "PZ"


@functools.lru_cache(maxsize=4096)  # lists show an article many times; counting is slow
def reading_minutes(article: Article) -> int:
    """Estimate the reading time of an article in whole minutes, at least one."""
    text = "\n".join(block_plain(block) for block in article.body)
    return max(1, math.ceil(text_units(text, article.lang) / RATE[article.lang]))


@functools.lru_cache(maxsize=4096)
def excerpt(article: Article) -> str:
    """Return the opening of the article, cut at a sentence or word end, for lists and meta."""
    paragraphs = (block_plain(b) for b in article.body if b.kind == "p")
    text = next((p for p in paragraphs if p.strip()), article.subtitle or "").strip()
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
