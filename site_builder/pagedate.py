"""Infer a page's publication date from its text when nobody stated it."""

from __future__ import annotations

import datetime as dt
import re

# A masthead line: "2026年2月3日 星期二", "人民日报 2026年02月03日 第01版", "农历…" after it.
_SP = r"[ \t\u3000]*"  # spaces within one line only
MASTHEAD = re.compile(
    rf"^{_SP}(?:[\u4e00-\u9fff]{{2,8}}报{_SP})?((?:19|20)\d{{2}})年(\d{{1,2}})月(\d{{1,2}})日{_SP}"
    rf"(?:(?:星期|周)[一二三四五六日天])?{_SP}(?:第?{_SP}[A-Z]?\d{{1,3}}{_SP}版)?{_SP}"
    rf"(?:农历\S*)?{_SP}$", re.MULTILINE)
# "2026年" not part of a longer number; "到2030年" and "2030年前" are targets, not the present.
_YEAR = re.compile(r"(?<!\d)(?<![到至])((?:19|20)\d{2})年(?!代|前)")
# A month and day; "去年12月30日" and "2025年1月9日" are excluded by the look-behind (…年).
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")


def infer_date(text: str) -> dt.date | None:
    """Return the page's date: a masthead date, else the latest month-day in the latest year."""
    masthead = MASTHEAD.search(text)
    if masthead:
        found = _date(*map(int, masthead.groups()))
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
