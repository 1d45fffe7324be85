"""Infer a page's publication date from its text when nobody stated it."""

from __future__ import annotations

import datetime as dt
import re

from site_builder.parse.normalise import HAN

MASTHEAD_MAX = 60  # characters; a longer line is text, never a page header
# A masthead or page header is a row of tokens in any order: paper name, date, weekday,
# page number, page name, lunar date ("人民日报 2026年1月10日 星期六 第4版 要闻",
# "A3 本地新闻 2026.2.3", "义乌商报 | 2026年2月3日 | 第2版").
_MASTHEAD_TOKEN = re.compile(
    r"(?P<date>((?:19|20)\d{2})(?:年(\d{1,2})月(\d{1,2})日|[.\-/](\d{1,2})[.\-/](\d{1,2})(?!\d)))"
    r"|(?P<page>第\s*[A-Z]?\d{1,3}\s*版|第[一二三四五六七八九十]{1,3}版|[A-Z]?\d{1,3}\s*版|[A-Z]\d{1,2}(?!\d))"
    r"|(?P<weekday>(?:星期|礼拜|周)[一二三四五六日天])"
    r"|(?P<lunar>农历[^\s|｜]{0,12})"
    rf"|(?P<paper>[{HAN}]{{2,8}}?(?:日报|晚报|商报|时报|早报|晨报|都市报))"
    rf"|(?P<name>[{HAN}]{{2,5}}(?![{HAN}]))"
)
_MASTHEAD_SEPARATOR = re.compile(r"[\s|｜/／·•]+")
# "2026年" not part of a longer number; "到2030年" and "2030年前" are targets, not the present.
_YEAR = re.compile(r"(?<!\d)(?<![到至])((?:19|20)\d{2})年(?!代|前)")
# A month and day; "去年12月30日" and "2025年1月9日" are excluded by the look-behind (…年).
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")


# A date in a file name: "2025-01-10", "20250110", "rmrb20250110_02", "page_2025_01_06_10".
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([-_.]?)(\d{2})\2(\d{2})(?!\d)")
# The page number printed after that date: "_02", "-3", "_第3版", "_A3".
_NAME_PAGE = re.compile(r"[-_.\s]*(?:第|page|p|[A-Z])?\s*0*(\d{1,3})(?!\d)", re.IGNORECASE)


def name_date(name: str) -> dt.date | None:
    """Return the date a seed's file name carries ("20250110_02.txt" → 2025-01-10), or None."""
    for match in _NAME_DATE.finditer(name):
        found = _date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        if found:
            return found
    return None


def name_page(name: str) -> int | None:
    """Return the page number after the date in a file name ("20250110_02.txt" → 2), or None."""
    for match in _NAME_DATE.finditer(name):
        if _date(int(match.group(1)), int(match.group(3)), int(match.group(4))):
            page = _NAME_PAGE.match(name, match.end())
            return int(page.group(1)) if page and int(page.group(1)) else None
    return None


def is_masthead(line: str) -> bool:
    """True for a page header line: paper name, date, weekday, page number or name, in any order."""
    return _masthead_tokens(line) is not None


def masthead_date(line: str) -> dt.date | None:
    """Return the date printed in a page header line, or None."""
    for token in _masthead_tokens(line) or ():
        if token.group("date"):
            year, *rest = (int(part) for part in token.group(2, 3, 4, 5, 6) if part)
            return _date(year, *rest)
    return None


def _masthead_tokens(line: str) -> list[re.Match[str]] | None:
    """Split a page header into its tokens; None when the line is anything else."""
    line = line.strip()
    if not line or len(line) > MASTHEAD_MAX:
        return None
    tokens, position = [], 0
    while position < len(line):
        separator = _MASTHEAD_SEPARATOR.match(line, position)
        if separator:
            position = separator.end()
            continue
        token = _MASTHEAD_TOKEN.match(line, position)
        if not token:
            return None
        tokens.append(token)
        position = token.end()
    kinds = [token.lastgroup for token in tokens]
    # A page name ("要闻") only goes with a page number; a date alone is a dateline of a header.
    if "page" not in kinds and ("date" not in kinds or "name" in kinds):
        return None
    return tokens if kinds.count("name") <= 2 else None


def infer_date(text: str) -> dt.date | None:
    """Return the page's date: a masthead date, else the latest month-day in the latest year."""
    for line in text.split("\n"):
        found = masthead_date(line) if len(line) <= MASTHEAD_MAX * 2 else None
        if found:
            return found
    years = [int(match.group(1)) for match in _YEAR.finditer(text)]
    if not years:
        return None
    year = max(years)  # a page mentions past years ("2025年以来") more than its own
    days = [_date(year, int(m.group(1)), int(m.group(2))) for m in _MONTH_DAY.finditer(text)]
    days += [_date(*map(int, m.groups())) for m in _FULL_DATE.finditer(text)
             if int(m.group(1)) == year]
    valid = [day for day in days if day]
    return max(valid) if valid else None


def _date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date, or None for impossible ones such as 2月30日."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
