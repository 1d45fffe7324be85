"""Text shown around articles: dates, excerpts, reading time, interface labels, safe JSON."""

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

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "home": "首页", "archive": "往期", "search": "搜索", "language": "语言",
        "switch": "English", "switch_lang": "en", "page": "第 %s 页", "older": "更早",
        "newer": "较新", "reporters": "记者", "photographers": "摄影", "minutes": "约 %s 分钟读完",
        "continued_from": "（上接%s）", "continued_on": "（下转%s）", "more": "更多往期报道",
        "bilingual": "中英对照阅读", "tags": "标签", "column": "栏目", "reporter": "记者",
        "tag": "标签", "inferred": "编者所拟标题", "skip": "跳到正文", "search_label": "搜索文章",
        "search_button": "搜索", "no_results": "没有找到相关文章。", "results": "找到 %s 篇文章",
        "result_one": "找到 1 篇文章",
        "need_js": "站内搜索需要启用 JavaScript。", "not_found": "找不到这个页面",
        "not_found_text": "您要找的页面不存在或已移动。", "original": "中文原文",
        "translation": "英文译文", "read_original": "阅读中文原文", "feed": "订阅",
        "choose": "选择语言", "articles": "篇文章", "latest": "最新报道",
        "colon": "：", "comma": "、",
    },
    "en": {
        "home": "Home", "archive": "Archive", "search": "Search", "language": "Language",
        "switch": "中文", "switch_lang": "zh", "page": "Page %s", "older": "Older",
        "newer": "Newer", "reporters": "Reporters", "photographers": "Photos",
        "minutes": "%s min read", "continued_from": "(Continued from %s)",
        "continued_on": "(Continued on %s)", "more": "More in the archive",
        "bilingual": "Read side by side with the Chinese", "tags": "Tags", "column": "Column",
        "reporter": "Reporter", "tag": "Tag", "inferred": "Headline added by the editors",
        "skip": "Skip to content", "search_label": "Search articles", "search_button": "Search",
        "no_results": "No articles found.", "results": "%s articles found",
        "result_one": "1 article found",
        "need_js": "Site search needs JavaScript.", "not_found": "Page not found",
        "not_found_text": "The page you are looking for does not exist or has moved.",
        "original": "Chinese original", "translation": "English translation",
        "read_original": "Read the Chinese original", "feed": "Feed",
        "choose": "Choose a language", "articles": "articles", "latest": "Latest news",
        "colon": ": ", "comma": ", ",
        "machine": "Machine-translated from Chinese by %s.",
        "reviewed": "An editor has reviewed %s of %s segments.",
        "fully_reviewed": "An editor has reviewed the whole translation.",
    },
}


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
    text = "\n".join(block.text for block in article.body)
    return max(1, math.ceil(text_units(text, article.lang) / RATE[article.lang]))


@functools.lru_cache(maxsize=4096)
def excerpt(article: Article) -> str:
    """Return the opening of the article, cut at a sentence or word end, for lists and meta."""
    text = next((p for p in article.paragraphs if p.strip()), article.subtitle or "").strip()
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
