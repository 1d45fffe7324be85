"""Shortcuts equal the plain ways they skip: text without markup, a list of plain values."""

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


def _stable_reference(value, article_digest):
    """What a page context's plain form is: nested tuples, each article its digest."""
    from site_builder.models import Article

    if isinstance(value, Article):
        return ("article", article_digest(value))
    if isinstance(value, (list, tuple)):
        return tuple(_stable_reference(item, article_digest) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _stable_reference(v, article_digest))
                            for k, v in value.items()))
    return value


@given(st.recursive(st.one_of(st.text(max_size=3), st.integers(), st.none(), st.booleans(),
                              st.dates(), st.just("ARTICLE")),
                    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(
                        tuple) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
                    max_leaves=20))
@settings(max_examples=300, deadline=None)
def test_a_page_contexts_plain_form_with_lists_taken_whole_is_the_walked_one(value) -> None:
    import datetime as dt
    import json

    from site_builder.cache.fingerprints import stable
    from site_builder.models import Article

    article = Article("a", "zh", "标题", dt.date(2026, 2, 2), ())

    def put(v):  # "ARTICLE" stands for an article anywhere in the context
        if v == "ARTICLE":
            return article
        if isinstance(v, list | tuple):
            return type(v)(put(i) for i in v)
        return {k: put(i) for k, i in v.items()} if isinstance(v, dict) else v

    value = put(value)
    digest_of = lambda a: json.dumps(a.slug)  # noqa: E731
    assert stable(value, digest_of) == _stable_reference(value, digest_of)


@given(st.text(max_size=40))
@example("义乌，  国际。\n朋友圈——51城！")
@example("𠀀𝄀\u3000a")  # beyond the table: an ideograph, a separator of the Aegean numbers
@settings(max_examples=400, deadline=None)
def test_counting_read_characters_by_the_table_counts_as_the_plain_way(text: str) -> None:
    from site_builder.render.text import text_units, units_counted

    assert text_units(text, "zh") == units_counted(text)


def test_the_read_characters_are_what_a_reader_reads() -> None:
    from site_builder.render.text import text_units

    assert text_units("义乌， 国际。\n“朋友”——51城！", "zh") == 9


@given(st.lists(PARTS, max_size=12).map("".join))
@example("见 https://example.org 。")
@settings(max_examples=400, deadline=None)
def test_plain_text_of_text_without_markup_is_what_cutting_it_gives(source: str) -> None:
    from site_builder.content.inline import plain_text, plain_text_scanned

    assert plain_text(source) == plain_text_scanned(source)
