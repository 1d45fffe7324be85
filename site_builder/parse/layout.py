"""Classify the lines of a page dump: headline, byline, credit, marker, caption or body text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from site_builder.parse.bylines import has_dateline, parse_byline, split_photo_credit
from site_builder.parse.normalise import EDITOR_CODE, SENTENCE_FINAL, normalise_text
from site_builder.parse.pagedate import is_masthead

Kind = Literal["heading", "text", "byline", "credit", "caption", "qr", "from", "on", "furniture",
               "section", "row"]

HEADING_MAX = 64  # characters; a longer line without a full stop is a broken paragraph
HEADING_PART_MAX = 48  # characters between the spaces of a multi-part headline
SHORT_HEADLINE = 30  # a headline ending in ！ or ？ is only believed this short, above a byline
MAX_LINE = 100_000  # characters; see LineTooLong
FURNITURE_MAX = 60  # page labels and mastheads are short; longer lines are never furniture

_FROM = re.compile(r"[（(]\s*(?:上接|紧接|接)\s*(第?[^（）()\s]{1,6}版)\s*[）)]")
_ON = re.compile(r"[（(]\s*(?:下转|转|转至)\s*(第?[^（）()\s]{1,6}版)\s*[）)]$")
_QR = re.compile(r"^(?:扫一扫|扫码|扫描|长按|微信扫)")
# A byline printed after the last sentence: "…等内容。（记者 王五）".
_END_BYLINE = re.compile(r"(?<=[。！？!?”])\s*（([^（）]{2,40})）$")
# A label over a run of short news items; every item under it is an article of that column.
_SECTION = re.compile(r"^[【\[［■●]?\s*(简讯|短讯|快讯|新闻速递|速读|一句话新闻|新闻简报"
                      r"|本地快讯|要闻速览)\s*[】\]］]?$")
# A turn of an interview: always a paragraph of its own, never a heading.
_SPEAKER = re.compile(r"^(?:问|答|记者|主持人|Q|A)：")
# A table cell holding a number: "85.6", "-3.1", "+15.2", "12%".
_NUMBER_CELL = re.compile(r"[+\-−]?\d[\d,.]*%?")
_CAPTION = re.compile(r"^(?:图为|▲|△|↑|↓|←|→|[上下左右]图[：:]|图[①-⑩\d]|图片说明)")
# Page furniture: not part of any article. Paper name, page label, editors, the
# "《人民日报》（2026年02月03日 01 版）" source line; masthead dates come from pagedate.
_FURNITURE = re.compile(
    r"^(?:(?:责任编辑|本版责编|本版编辑|编辑|美编|校对|版式|版式设计|组版|审校|值班主任)"
    r"\s*[：:/]?\s*\S{2,12}\s*)+$"
    r"|^第\s*[A-Z]?[一二三四五六七八九十\d]{1,3}\s*版(?:[：:\s]+\S{1,10})?$"
    r"|^[\u4e00-\u9fff]{2,8}(?:日报|晚报|商报|时报|早报|晨报|都市报)$"
    r"|^《\s*[^》]{1,12}\s*》\s*[（(][^）)]{0,40}版\s*[）)]$"
)


# A note in brackets closing a story ("（作者为…）", "（赵英迪参与采写）") and an editor's
# signature ("——编  者"): text, never a heading.
_NOTE = re.compile(r"^（[^（）]*(?:（[^（）]*）[^（）]*)*）$")
_SIGNATURE = re.compile(r"^[—－-]{1,2}\s*[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3}$")
KICKER_ENDS = ("——", "，")  # a kicker may run on into its headline
_MARKED = re.compile(r"（[^（）]{2,24}）$")  # a headline naming its column: "…（今日谈）"


class LineTooLong(ValueError):
    """A line is far longer than any paragraph a page can hold (a binary or a one-line dump)."""

    def __init__(self, number: int, length: int) -> None:
        super().__init__(f"line is {length:,} characters long (more than {MAX_LINE:,}): "
                         "not a page of text; split it into paragraphs")
        self.number = number


@dataclass(frozen=True)
class Line:
    """One non-blank line of the page, normalised, with what it looks like."""

    number: int  # 1-based, in the seed file
    text: str
    kind: Kind
    gap: int = 0  # blank lines before it
    marker: str | None = None  # "第一版" on continuation markers


def classify_lines(text: str, first_line: int = 1) -> list[Line]:
    """Split page text into classified, normalised lines; blank lines become gaps."""
    lines: list[Line] = []
    gap = 0
    for offset, raw in enumerate(text.split("\n")):
        if len(raw) > MAX_LINE:
            raise LineTooLong(first_line + offset, len(raw))
        clean = normalise_text(raw)
        if not clean:
            gap += 1
            continue
        lines.extend(_split_markers(clean, first_line + offset, gap))
        gap = 0
    return _mark_tables(_promote_headlines(lines))


def _split_markers(text: str, number: int, gap: int) -> list[Line]:
    """Classify a line, taking a "(上接第一版)" off its start and a "（下转第二版）" off its end."""
    lines: list[Line] = []
    start = _FROM.match(text)
    if start:
        lines.append(Line(number, start.group(), "from", gap, start.group(1)))
        text = text[start.end():].strip()
    tail = len(text) - 24  # markers are short: search only the end of a long paragraph
    end = _ON.search(text, max(tail, 0))
    body = text[:end.start()].strip() if end else text
    body, byline_text = _split_end_byline(body)
    if body:
        lines.append(Line(number, body, classify(body), 0 if lines else gap))
    if byline_text:
        lines.append(Line(number, byline_text, "byline", 0))
    if end:
        lines.append(Line(number, end.group(), "on", 0, end.group(1)))
    return lines


def _split_end_byline(text: str) -> tuple[str, str | None]:
    """Take a closing "（记者 王五）" off the end of a paragraph: (paragraph, byline)."""
    match = _END_BYLINE.search(text, max(len(text) - 44, 0))  # a byline is short: look at the end
    if not match or match.start() == 0:
        return text, None
    byline = f"（{match.group(1)}）"
    return (text[:match.start()], byline) if parse_byline(byline) else (text, None)


def classify(text: str) -> Kind:
    """Say what a normalised, non-blank line looks like on its own."""
    if len(text) <= FURNITURE_MAX and (_FURNITURE.match(text) or is_masthead(text)):
        return "furniture"
    if _SECTION.match(text):
        return "section"
    if _QR.match(text):
        return "qr"
    byline = parse_byline(text)
    if byline:
        return "byline" if byline.has_reporters else "credit"
    if _CAPTION.match(text) or split_photo_credit(text):
        return "caption"
    if looks_like_row(text) and len(text.split()) >= 3:
        return "row"
    return "heading" if looks_like_heading(text) else "text"


def looks_like_row(text: str) -> bool:
    """True for a table row printed as a line: cells split by spaces, at least one a number."""
    if len(text) > HEADING_MAX or "。" in text or "，" in text:
        return False
    cells = text.split()
    return len(cells) >= 2 and any(_NUMBER_CELL.fullmatch(cell) for cell in cells)


def section_label(text: str) -> str:
    """Return the label of a section line ("【简讯】" → "简讯")."""
    match = _SECTION.match(text)
    return match.group(1) if match else text


def starts_turn(text: str) -> bool:
    """True for a line that opens an interview turn ("问：", "答：")."""
    return _SPEAKER.match(text) is not None


def looks_like_heading(text: str) -> bool:
    """True for a short line without a full stop that does not end mid-clause."""
    if len(text) > HEADING_MAX or "。" in text or text.count("“") != text.count("”"):
        return False  # an open quote means a sentence cut by the layout
    if _NOTE.match(text) or _SIGNATURE.match(text) or "@" in text or "://" in text or (
            EDITOR_CODE.fullmatch(text)):
        return False  # "（作者为…）", "——编  者", an address: the end of a story
    if text.count("，") > 1 or has_dateline(text) or starts_turn(text):
        return False  # clauses: a sentence cut by the layout, not a headline
    if max(len(part) for part in text.split()) > HEADING_PART_MAX:
        return False
    core = text.rstrip("”’」』")  # a quoted question, "“…过来了啊？”", is a sentence
    return bool(core) and core[-1] not in f"{SENTENCE_FINAL}，、；：,;:—"


def _promote_headlines(lines: list[Line]) -> list[Line]:
    """Treat a short sentence directly above a byline ("你准备好了吗？") as a headline, and a
    kicker that runs on into the line below ("…奈曼旗——", "…13.9亿，") as a heading line."""
    result = list(lines)
    for index in range(len(lines) - 2, -1, -1):  # bottom up: a kicker may sit on a kicker
        line, below = lines[index], result[index + 1]
        above_head = below.kind == "byline" or below.kind == "heading" and (
            _MARKED.search(below.text) is not None)
        question = (len(line.text) <= SHORT_HEADLINE and above_head
                    and line.text[-1] in "！？!?")
        kicker = below.kind == "heading" and len(line.text) <= HEADING_MAX and (
            line.text.endswith("——") or line.text.endswith("，")
            and looks_like_heading(line.text.rstrip("，"))
            or _MARKED.search(below.text) is not None and line.text[-1] not in SENTENCE_FINAL
            and not _NOTE.match(line.text) and "@" not in line.text)
        if line.kind == "text" and "。" not in line.text and (question or kicker):
            result[index] = Line(line.number, line.text, "heading", line.gap)
    return result


def _mark_tables(lines: list[Line]) -> list[Line]:
    """Treat a table's header and short rows next to a row as rows too (they read as headings)."""
    result = list(lines)
    for index in range(len(lines) - 1, -1, -1):  # bottom up: a header sits above rows
        line, below = result[index], result[index + 1] if index + 1 < len(result) else None
        above = result[index - 1] if index else None
        next_to_row = (below is not None and below.kind == "row" and below.gap == 0
                       or above is not None and above.kind == "row" and line.gap == 0)
        header = line.kind == "heading" and " " in line.text and below is not None
        header = header and below.kind == "row" and below.gap == 0
        row = header or next_to_row and looks_like_row(line.text)
        if line.kind in ("heading", "text") and row:
            result[index] = Line(line.number, line.text, "row", line.gap)
    return result
