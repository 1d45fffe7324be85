"""Clean up one line of newspaper text: widths, whitespace and ASCII punctuation in Chinese."""

from __future__ import annotations

import re

# CJK ideographs (basic, extension A, compatibility, extensions B and up).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{HAN}]")
# Characters that make an ASCII mark "Chinese punctuation": ideographs, CJK symbols and
# full-width forms, and the curly quotes Chinese text is printed with.
_CHINESE_CONTEXT = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef“”‘’…—]")

SENTENCE_FINAL = "。！？…!?"
# A paragraph may also end a list item (；) or introduce a list (：) and still be complete.
PARAGRAPH_FINAL = SENTENCE_FINAL + "；："
# An editor's code printed after a story's last sentence ("…服务。②16"): kept in the text,
# but it does not leave the sentence before it unfinished.
EDITOR_CODE = re.compile(r"\s*[（(]?[①-⑳][\d\-－]{1,6}[）)]?$")
SIGNATURE_MAX = 12  # characters of a signature line, "——编  者"
CLOSERS = "”’」』）)】》〉\""

_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@$&'*+=%]+|[\w.+-]+@[\w-]+\.[\w.-]+",
                  re.ASCII)
# Invisible characters, bidi marks, embeddings and overrides included: printed Chinese needs
# none, and an override cut off with a long title would reverse the text after it on a page.
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")  # str patterns: \s covers U+3000 and no-break spaces too
# A wide space (an ideographic space, or two spaces) between words sets the halves of a
# couplet headline apart ("搭起连心桥  办好微实事") and pads names ("贺  勇"): kept as two.
_WIDE = re.compile(r"(?<=\S)(?:\s*\u3000\s*|\s{2,})(?=\S)")
# Spaces next to Chinese punctuation are layout residue, never meaningful.
_SPACE_AFTER = re.compile(r"(?<=[，。！？；：、（《「『【])\s+")
_SPACE_BEFORE = re.compile(r"\s+(?=[，。！？；：、）》」』】])")
# Full-width digits and Latin letters read better, and match searches, as ASCII.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in (
    *range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}


def normalise_text(text: str) -> str:
    """Return text with ASCII digits/letters, single spaces and full-width Chinese punctuation."""
    text = _ZERO_WIDTH.sub("", text).translate(_WIDTH_TABLE)
    text = _WIDE.sub("\u3000", text.strip())
    text = _SPACES.sub(lambda space: "  " if space.group() == "\u3000" else " ", text)
    text = _outside_urls(text, _full_width_punctuation)
    text = _SPACE_AFTER.sub("", text)
    return _SPACE_BEFORE.sub("", text)


def has_han(text: str) -> bool:
    """True when text contains at least one Chinese character."""
    return _HAN_CHAR.search(text) is not None


def is_finished(text: str) -> bool:
    """True when a paragraph ends with sentence-final punctuation (closing quotes ignored).

    A note wholly in brackets ("（作者为…）") and a paragraph that hands over to the next
    with a dash ("…电话铃声不断——") are finished too.
    """
    text = EDITOR_CODE.sub("", text.rstrip()) or text
    if text.startswith(("（", "(")) and text.endswith(("）", ")")) or text.endswith("——"):
        return True
    if text.startswith("——") and len(text) <= SIGNATURE_MAX:
        return True  # an editor's signature under a note: "——编  者"
    core = text.rstrip(CLOSERS)
    return bool(core) and core[-1] in PARAGRAPH_FINAL


def join_fragments(head: str, tail: str) -> str:
    """Join two pieces of a paragraph split by the page layout."""
    # Chinese runs on without a space; only two Latin words need one between them.
    if head[-1:].isascii() and head[-1:].isalpha() and tail[:1].isascii() and tail[:1].isalpha():
        return f"{head} {tail}"
    return head + tail


def _outside_urls(text: str, fix) -> str:
    """Apply fix to the parts of text that are not URLs or e-mail addresses."""
    if "@" not in text and "www." not in text and "://" not in text:
        return fix(text)  # the common case, without slicing
    pieces, start = [], 0
    for match in _URL.finditer(text):
        pieces.extend((fix(text[start:match.start()]), match.group()))
        start = match.end()
    pieces.append(fix(text[start:]))
    return "".join(pieces)


def _full_width_punctuation(text: str) -> str:
    """Turn ASCII , : ; ? ! and ( ) touching Chinese text into their full-width forms."""
    if not any(mark in text for mark in _FULL_WIDTH):
        return text
    chars = list(text)
    for match in re.finditer(r"[,:;?!]", text):
        if _is_chinese_mark(text, match.start()):
            chars[match.start()] = _FULL_WIDTH[match.group()]
    for left, right in _paren_pairs(text):
        if _is_chinese_mark(text, left) or _is_chinese_mark(text, right):
            chars[left], chars[right] = _FULL_WIDTH[text[left]], _FULL_WIDTH[text[right]]
    return "".join(chars)


def _is_chinese_mark(text: str, index: int) -> bool:
    """True when the mark at index sits next to Chinese text (spaces looked through)."""
    before = text[max(0, index - 8):index].rstrip()[-1:]  # a window: no quadratic slicing
    after = text[index + 1:index + 8].lstrip()[:1]
    mark = text[index]
    if mark in ",:" and before.isdigit() and after.isdigit():
        return False  # 5,000 and 10:30 stay ASCII
    return bool(_CHINESE_CONTEXT.match(before) or _CHINESE_CONTEXT.match(after))


def _paren_pairs(text: str) -> list[tuple[int, int]]:
    """Return the index pairs of matching ASCII parentheses; unmatched ones pair with themselves."""
    pairs, stack = [], []
    for match in re.finditer(r"[()]", text):
        if match.group() == "(":
            stack.append(match.start())
        elif stack:
            pairs.append((stack.pop(), match.start()))
        else:
            pairs.append((match.start(), match.start()))
    pairs.extend((index, index) for index in stack)
    return pairs
