"""The shortcuts for text without markup equal the full scans (their oracles)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from site_builder.content.inline import Piece, tokenize, tokenize_plain
from site_builder.translate.markup import Segment, restore, restore_plain

# Markup characters, URL starts, placeholders, Chinese and Latin text and punctuation.
PARTS = st.sampled_from(["\\", "`", "*", "_", "[", "]", "(", ")", "<", ">", "!", "^", "1", "<2>",
                         "http://a.cn", "https://b.org/x", "ftp://c", "htt", "ftp:/", "义乌",
                         "，", "。", "a", " ", "x_y", "——", "“", "”"])


@given(st.lists(PARTS, max_size=12).map("".join), st.booleans())
@example("见](b)", False)  # each character that may start markup, alone in plain text
@example("a_b", False)
@example("<1>", True)
@settings(max_examples=400, deadline=None)
def test_the_shortcut_cuts_every_text_as_the_full_scan_does(source: str,
                                                            placeholders: bool) -> None:
    assert tokenize(source, placeholders) == tokenize_plain(source, placeholders)


def test_text_without_markup_is_one_text_piece_and_markup_is_not() -> None:
    assert tokenize("义乌国际朋友圈扩至51城，") == [Piece("text", "义乌国际朋友圈扩至51城，")]
    assert tokenize("") == []
    assert [p.kind for p in tokenize("见**这里**")] == ["text", "mark", "text", "mark"]
    assert [p.kind for p in tokenize("见 https://example.org 。")] == ["text", "target", "text"]


@given(st.lists(PARTS, max_size=12).map("".join),
       st.sampled_from([(), ("https://example.org",), ("a.jpg", "https://b.cn")]),
       st.lists(st.booleans(), min_size=2, max_size=2))
@example("Yiwu grew.", (), [False, False])
@example("see (1).", ("https://example.org",), [False, False])
@settings(max_examples=400, deadline=None)
def test_restoring_a_translation_with_the_shortcut_gives_what_the_full_scan_does(
        msgstr: str, targets: tuple[str, ...], angles: list[bool]) -> None:
    segment = Segment("见。", targets, tuple(angles[:len(targets)]))
    assert restore(segment, msgstr) == restore_plain(segment, msgstr)
