"""Inside an article's body: in-body subheadings, and paragraphs cut by the page layout."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable

from site_builder.parse.layout import Line, looks_like_heading

SUBHEADING_MAX = 30  # characters; a longer line without a full stop is a cut paragraph
QUESTION_MAX = 12  # a question standing alone as a subheading is terse: "即时配送，市场多大？"
DECK_MAX = 40  # the line under a question subheading that answers it
LABEL_MAX = 6  # a box label such as 核心阅读, 链接
# Labels over a box or a part of a story: "【点评】", "■链接", "核心阅读".
_LABEL = re.compile(r"^(?:[【〖\[［][^】〗\]］]{1,8}[】〗\]］]|[■◆●▲]\s*\S{1,12})$")
# A phrase never ends on these: a line that does was cut by the layout mid-sentence.
_OPEN_ENDS = set("的了着过和与及或跟同在对把被将从向往为以于由等是有而并就都也还又很更最所之其"
                 "让使给比如若因且则但且即乃")
_SENTENCE_TALK = set("吗呢吧啊了")  # a spoken question in the body, not a subheading
# Running text opens on a preposition or a time ("在位于叶县的…", "2024年10月，…"); a
# subheading on a noun or a verb.
_RUNNING_TEXT = re.compile(r"^(?:在|据|当|随着|由于|因为|如果|虽然|但是?|而|对于|截至|截止"
                           r"|近年来|目前|此外|同时|其中|回顾"
                           r"|(?:\d{2,4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:[上下]午)?，)")
_QUOTES = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"))


def is_label(text: str) -> bool:
    """True for a box or part label printed alone: "【点评】", "■链接", "核心阅读"."""
    return bool(_LABEL.match(text)) or (
        len(text) <= LABEL_MAX and looks_like_heading(text) and " " not in text
        and "，" not in text and balanced(text))


def balanced(text: str) -> bool:
    """True when every quote and bracket opened in text is closed in it."""
    return all(text.count(left) == text.count(right) for left, right in _QUOTES)


def continues(head: str, tail: str) -> bool:
    """True when tail reads as the rest of head, a paragraph the layout cut mid-sentence.

    A printed phrase does not end on a particle or preposition, nor in the middle of a word
    (jieba finds a word across the cut), nor with a quote or bracket still open.
    """
    if not head or not tail:
        return False
    if head[-1] in _OPEN_ENDS or not balanced(head):
        return True
    return _splits_word(head, tail)


def _splits_word(head: str, tail: str) -> bool:
    """True when the dictionary has a word running across the end of head into tail."""
    left, right = head[-4:], tail[:4]
    position = 0
    for word in _cut()(left + right):
        if position < len(left) < position + len(word):
            return True
        position += len(word)
    return False


def subheading_here(lines: list[Line], index: int, previous: tuple[str, str]) -> bool:
    """Decide whether lines[index], after body text, is an in-body subheading.

    previous is the block before it, (kind, text): a line under a question or a label may
    be its deck ("以旧换新方不方便？" over "打造“一站式”办理服务平台，…").
    """
    text = lines[index].text
    below = lines[index + 1].text if index + 1 < len(lines) else ""
    if not below or lines[index + 1].kind not in ("text", "heading", "row"):
        return False  # a subheading heads text; the last line of a story heads nothing
    if _LABEL.match(text):
        return True
    if _over_deck(previous) and _deck(text) and not continues(text, below):
        return True
    if _RUNNING_TEXT.match(text):
        return False
    if text.endswith(("？", "?")):
        return _question(text, lines, index)
    if len(text) > SUBHEADING_MAX or lines[index].kind != "heading" or not balanced(text):
        return False
    if "…" in text or "！" in text or "；" in text:
        return False  # a sentence inside: the start of a paragraph the layout cut
    return not continues(text, below)


def _over_deck(block: tuple[str, str]) -> bool:
    """True for a subheading that a second line may follow: a question, a label, a "X——"."""
    kind, text = block
    return kind == "h2" and (text.endswith(("？", "?", "——")) or is_label(text)
                             or len(text.replace(" ", "")) <= LABEL_MAX)


def _deck(text: str) -> bool:
    """True for a line that can stand under a subheading: short, no full stop."""
    core = text.rstrip("”’」』")
    return (len(text) <= DECK_MAX and "。" not in text and balanced(text)
            and core[-1:] not in set("，、；：？！?!…"))


def _question(text: str, lines: list[Line], index: int) -> bool:
    """True for a question subheading: over a deck, or terse and standing alone."""
    if len(text) > DECK_MAX or "。" in text or not balanced(text):
        return False
    below = lines[index + 1]
    after = lines[index + 2] if index + 2 < len(lines) else None
    if (_deck(below.text) and not below.text.endswith(("？", "?")) and after is not None
            and after.kind == "text" and not continues(below.text, after.text)):
        return True
    core = text.rstrip("？?")
    return len(text) <= QUESTION_MAX and not set(core) & _SENTENCE_TALK


@functools.cache
def _cut() -> Callable[[str], list[str]]:
    """Load jieba once; dictionary words only, so the test does not change between runs."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return functools.partial(jieba.lcut, HMM=False)
