"""Map a zh Article field by field to its English twin, given a segment translator.

Free text goes through `translate` sentence by sentence; person names become pinyin and the
fixed newspaper formulas (datelines, page references, credit labels) come from a glossary,
never from the model. `segments_of` replays the same mapping to list what needs translating,
so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from site_builder.models import Article, Block
from site_builder.translate.names import name_to_pinyin
from site_builder.translate.segment import split_sentences

Translate = Callable[[str], str]

DATELINES = {
    "本报讯": "Staff report",
    "本报综合": "Compiled by staff",
    "本报消息": "Staff report",
    "据新华社": "Xinhua",
    "新华社": "Xinhua",
}
MONTHS = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)
_DATELINE = re.compile(r"^本报(?P<place>[\u4e00-\u9fff]{0,6}?)(?P<m>\d{1,2})月(?P<d>\d{1,2})日电$")
_PAGE = re.compile(r"^第?(?P<n>[一二三四五六七八九十\d]+)版$")
NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}

# Labels whose value is a person (romanised) or an organisation/source (translated).
PERSON_LABELS = {"制图": "Graphic", "摄影": "Photo", "图": "Photo", "编辑": "Editor",
                 "通讯员": "Correspondent", "记者": "Reporter", "摄": "Photo"}
SOURCE_LABELS = {"数据来源": "Source", "来源": "Source", "资料来源": "Source",
                 "供图": "Photo courtesy of"}
_CREDIT = re.compile(r"^(?P<label>[\u4e00-\u9fff]{1,4})\s*[:：]\s*(?P<value>.+)$")


def english_article(article: Article, translate: Translate, max_chars: int) -> Article:
    """Return the en twin of a zh article; free text goes through translate()."""

    def text(value: str) -> str:
        return " ".join(translate(s) for s in split_sentences(value, max_chars))

    def optional(value: str | None) -> str | None:
        return text(value) if value else value

    return replace(
        article,
        lang="en",
        title=text(article.title),
        subtitle=optional(article.subtitle),
        kicker=optional(article.kicker),
        column=optional(article.column),
        body=tuple(Block(block.kind, text(block.text)) for block in article.body),
        reporters=tuple(name_to_pinyin(name) for name in article.reporters),
        photographers=tuple(name_to_pinyin(name) for name in article.photographers),
        credits=tuple(credit_to_english(credit, text) for credit in article.credits),
        dateline=dateline_to_english(article.dateline, text) if article.dateline else None,
        continued_from=page_to_english(article.continued_from, text),
        continued_on=page_to_english(article.continued_on, text),
        captions=tuple(text(caption) for caption in article.captions),
        tags=tuple(tag_to_english(tag, text) for tag in article.tags),
        translation=None,
    )


def segments_of(article: Article, max_chars: int) -> list[str]:
    """List, in order, every segment english_article() will ask to translate."""
    seen: list[str] = []

    def record(segment: str) -> str:
        seen.append(segment)
        return ""

    english_article(article, record, max_chars)
    return list(dict.fromkeys(seen))


def tag_to_english(tag: str, text: Translate) -> str:
    """A person's name in pinyin (贺传 -> He Chuan); any other tag translated."""
    from site_builder.tags.terms import is_person  # jieba: only for articles that have tags

    return name_to_pinyin(tag) if is_person(tag) else text(tag)


def dateline_to_english(dateline: str, text: Translate) -> str:
    """本报讯 -> Staff report; 本报北京1月9日电 -> Beijing, Jan. 9 (Staff report)."""
    key = dateline.strip()
    if key in DATELINES:
        return DATELINES[key]
    match = _DATELINE.match(key)
    if match and 1 <= int(match["m"]) <= 12:
        place = name_to_pinyin(match["place"]).replace(" ", "") if match["place"] else ""
        when = f"{MONTHS[int(match['m']) - 1]} {int(match['d'])}"
        return f"{place}, {when} (Staff report)" if place else f"{when} (Staff report)"
    return text(key)


def page_to_english(page: str | None, text: Translate) -> str | None:
    """第一版 -> page 1 (used by "continued from/on")."""
    if not page:
        return page
    match = _PAGE.match(page.strip())
    if not match:
        return text(page)
    number = match["n"]
    if number.isdigit():
        return f"page {int(number)}"
    if len(number) == 1:
        return f"page {NUMERALS[number]}"
    tens, _, units = number.partition("十")  # 十二 -> 12, 二十 -> 20
    return f"page {NUMERALS.get(tens, 1) * 10 + NUMERALS.get(units, 0)}"


def credit_to_english(credit: str, text: Translate) -> str:
    """制图：王明 -> Graphic: Wang Ming; 数据来源：市统计局 -> Source: <translated>."""
    match = _CREDIT.match(credit.strip())
    if match is None:
        for label, english in SOURCE_LABELS.items():  # "市应急管理局供图"
            if credit.endswith(label) and len(credit) > len(label):
                return f"{english} {text(credit[: -len(label)].strip())}"
        return text(credit)
    label, value = match["label"], match["value"].strip()
    if label in PERSON_LABELS:
        names = re.split(r"[\s、,，]+", value)
        return f"{PERSON_LABELS[label]}: " + ", ".join(name_to_pinyin(n) for n in names if n)
    if label in SOURCE_LABELS:
        return f"{SOURCE_LABELS[label].removesuffix(' of')}: {text(value)}"
    return text(credit)
