"""Map a zh Article field by field to its English twin, given a segment translator.

Free text goes through `translate` sentence by sentence; person names become pinyin and the
fixed newspaper formulas (datelines, page references, credit labels) come from a glossary,
never from the model. The body is Markdown: its blocks keep their structure and its inline
markup (translate/markup.py); code, link targets and picture files are never translated.
`segments_of` replays the same mapping to list what needs translating, so the two can never
disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from site_builder.content.inline import escape, unescape
from site_builder.models import Article, Block, Picture
from site_builder.translate.markup import Segment, plain_words, restore, split_marked
from site_builder.translate.names import name_to_pinyin

Translate = Callable[[str], str]
Broken = Callable[[str], None]  # told the msgid of a translation whose markup is broken

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


def english_article(article: Article, translate: Translate, max_chars: int,
                    broken: Broken | None = None) -> Article:
    """Return the en twin of a zh article; free text goes through translate()."""
    markdown = _Markdown(translate, max_chars, broken)
    text = markdown.plain

    def optional(value: str | None) -> str | None:
        return text(value) if value else value

    return replace(
        article,
        lang="en",
        title=text(article.title),
        subtitle=optional(article.subtitle),
        kicker=optional(article.kicker),
        column=optional(article.column),
        print_section=optional(article.print_section),  # 要闻: the English edition's page names
        body=tuple(markdown.block(block) for block in article.body),
        reporters=tuple(name_to_pinyin(name) for name in article.reporters),
        photographers=tuple(name_to_pinyin(name) for name in article.photographers),
        credits=tuple(credit_to_english(credit, text) for credit in article.credits),
        dateline=dateline_to_english(article.dateline, text) if article.dateline else None,
        continued_from=page_to_english(article.continued_from, text),
        continued_on=page_to_english(article.continued_on, text),
        captions=tuple(text(caption) for caption in article.captions),
        tags=tuple(tag_to_english(tag, text) for tag in article.tags),
        image=markdown.picture(article.image) if article.image else None,
        images=tuple(markdown.picture(picture) for picture in article.images),
        review=(),
        translation=None,
    )


_HAN = re.compile(r"[\u3400-\u9fff]")
# What opens a line of a quote, list or footnote: kept, never translated.
_PREFIX = re.compile(r"^(\s*(?:>\s?)*\s*(?:[-*+]\s+|\d+\.\s+)?(?:\[\^[^\]]+\]:\s*)?"
                     r"(?:#{1,6}\s+)?)")
_CELL = re.compile(r"(?<!\\)\|")
_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_IMAGE = re.compile(r'^!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<file>\S+)(?:\s+"(?P<title>.*)")?\)$')


class _Markdown:
    """Translate Markdown text: blocks keep their structure, inline markup its place."""

    def __init__(self, translate: Translate, max_chars: int, broken: Broken | None) -> None:
        self.translate, self.max_chars, self.broken = translate, max_chars, broken

    def inline(self, source: str) -> str:
        """Translate inline Markdown sentence by sentence, markup and targets restored."""
        return " ".join(filter(None, (self._segment(s) for s in
                                      split_marked(source, self.max_chars))))

    def plain(self, value: str) -> str:
        """Translate plain text (a title, a caption): as Markdown without markup."""
        return unescape(self.inline(escape(value)))

    def _segment(self, segment: Segment) -> str:
        if not _HAN.search(segment.msgid):  # numbers, Latin names: nothing to translate
            return restore(segment, segment.msgid) or segment.msgid
        msgstr = self.translate(segment.msgid)
        if not msgstr:  # not translated yet (or listing the segments)
            return ""
        restored = restore(segment, msgstr)
        if restored is None:  # an editor's correction broke the markup: the plain words
            if self.broken is not None:
                self.broken(segment.msgid)
            return plain_words(msgstr)
        return restored

    def block(self, block: Block) -> Block:
        """Translate one body block: its text lines, cells or picture caption and credit."""
        if block.kind in ("p", "h2", "h3"):
            return Block(block.kind, self.inline(block.text))
        if block.kind in ("quote", "list", "footnote"):
            return Block(block.kind, "\n".join(self._line(line) for line in
                                               block.text.split("\n")))
        if block.kind == "table":
            return Block(block.kind, "\n".join(self._row(row) for row in
                                               block.text.split("\n")))
        if block.kind == "image":
            return Block(block.kind, self._image(block.text))
        return block  # code, references, rules: not words to translate

    def _line(self, line: str) -> str:
        prefix = _PREFIX.match(line).group(1)  # type: ignore[union-attr]
        rest = line[len(prefix):]
        return prefix + self.inline(rest) if rest.strip() else line

    def _row(self, row: str) -> str:
        if _TABLE_RULE.match(row):
            return row
        return "|".join(f" {self.inline(cell.strip())} " if cell.strip() else cell
                        for cell in _CELL.split(row))

    def _image(self, text: str) -> str:
        match = _IMAGE.match(text)
        if match is None:
            return self.inline(text)
        title = match["title"]
        credit = f' "{picture_credit(title, self.plain)}"' if title else ""
        return f"![{self.inline(match['alt'])}]({match['file']}{credit})"

    def picture(self, picture: Picture) -> Picture:
        """Translate a picture's caption; its credit is a name (pinyin) or a credit line."""
        caption = self.plain(picture.caption) if picture.caption else ""
        credit = picture_credit(picture.credit, self.plain) if picture.credit else ""
        return Picture(picture.file, caption, credit)


def picture_credit(credit: str, text: Translate) -> str:
    """谭礼潇 -> Tan Lixiao; 谭礼潇 摄 -> Photo: Tan Lixiao; others as credit_to_english."""
    value = credit.strip()
    taken = re.match(r"^(?P<names>[\u4e00-\u9fff、\s]+?)\s*[/／]?\s*摄$", value)
    if taken:
        return credit_to_english(f"摄：{taken['names']}", text)
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", value):
        return name_to_pinyin(value)
    return credit_to_english(value, text)


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
