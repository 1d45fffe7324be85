"""Chinese person names in pinyin, surname first, the way English-language papers print them.

Names already romanised are remembered (and kept between builds by the English cache), so an
edit whose names are all known does not import pypinyin (half a second or more).
"""

from __future__ import annotations

from collections.abc import Mapping

# name -> pinyin, filled as names are romanised or from the cache (a pure function's memo).
_KNOWN: dict[str, str] = {}

# Two-character surnames: "欧阳娜娜" is Ouyang Nana, not Ou Yangnana.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙",
    "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木",
    "西门", "南宫", "独孤", "百里", "呼延", "万俟", "单于", "申屠",
    "太史", "闻人", "东郭", "公羊", "澹台", "钟离", "仲孙", "濮阳",
})

# Surnames read differently from the same character in ordinary words (单 is dan in
# 单位 but Shan as a surname; 曾 is ceng in 曾经 but Zeng as a surname).
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "区": "ou", "仇": "qiu", "查": "zha", "朴": "piao",
    "解": "xie", "盖": "ge", "乐": "yue", "秘": "bi", "繁": "po", "种": "chong",
    "员": "yun", "缪": "miao", "覃": "qin", "翟": "zhai", "柏": "bai", "薄": "bo",
    "燕": "yan", "任": "ren", "华": "hua", "纪": "ji", "沈": "shen", "尉迟": "yuchi",
    "长孙": "zhangsun", "万俟": "moqi", "单于": "chanyu", "令狐": "linghu",
}


def name_to_pinyin(name: str) -> str:
    """Romanise a Chinese person name: 魏佳佳 -> Wei Jiajia, 欧阳娜娜 -> Ouyang Nana."""
    known = _KNOWN.get(name)
    if known is None:
        known = _KNOWN[name] = _romanise(name.strip())
    return known


def known_names() -> dict[str, str]:
    """Return the names romanised so far (to keep them for the next process)."""
    return dict(_KNOWN)


def remember_names(names: Mapping[str, str]) -> None:
    """Take names romanised by an earlier process (by this same code: the caller checks)."""
    _KNOWN.update(names)


def _romanise(name: str) -> str:
    """Romanise a stripped name."""
    if not _is_han(name):
        return name  # already Latin, or mixed: leave it as printed
    if "·" in name or "•" in name:  # transcribed foreign names: 阿卜杜拉·买买提
        parts = name.replace("•", "·").split("·")
        return " ".join(_syllables(part).capitalize() for part in parts if part)
    surname_len = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    surname, given = name[:surname_len], name[surname_len:]
    family = SURNAME_READINGS.get(surname) or _syllables(surname)
    if not given:
        return family.capitalize()
    return f"{family.capitalize()} {_syllables(given).capitalize()}"


def _syllables(text: str) -> str:
    """Join the toneless pinyin of text, with an apostrophe where syllables would run on."""
    from pypinyin import Style, lazy_pinyin

    joined = ""
    for syllable in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True):
        if joined and syllable[:1] in "aoe":  # Xi'an, not Xian
            joined += "'"
        joined += syllable
    return joined


def _is_han(text: str) -> bool:
    """True when text is made of CJK ideographs and name separators only."""
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" or ch in "·•" for ch in text)
