"""Sentence splitting, long-sentence splitting, keywords, pinyin names."""

from pathlib import Path

import pytest

from site_builder.translate.names import name_to_pinyin
from site_builder.translate.segment import split_long, split_sentences

SAMPLES = Path(__file__).parent / "segment"


def test_golden_paragraphs_split_into_the_expected_sentences():
    paragraphs = (SAMPLES / "paragraphs.txt").read_text(encoding="utf-8").splitlines()
    expected = (SAMPLES / "sentences.txt").read_text(encoding="utf-8").strip().split("\n\n")
    assert [split_sentences(p, 150) for p in paragraphs] == [e.split("\n") for e in expected]


def test_closing_quote_after_ellipsis_stays_with_its_sentence():
    assert split_sentences("他说：“来了……。”大家笑了。", 150) == ["他说：“来了……。”", "大家笑了。"]


def test_decimal_points_and_latin_words_do_not_end_a_sentence():
    assert split_sentences("增长6.74%,达到7+4+4的目标。AI.com上线。", 150) == [
        "增长6.74%,达到7+4+4的目标。",
        "AI.com上线。",
    ]


def test_blank_and_whitespace_only_text_gives_no_segments():
    assert split_sentences("", 150) == []
    assert split_sentences("  \n ", 150) == []


def test_long_sentence_splits_at_commas_within_the_limit():
    sentence = "一二三四五，六七八九十，一二三四五六七八九十，短。"
    assert split_long(sentence, 12) == [
        "一二三四五，六七八九十，", "一二三四五六七八九十，", "短。"
    ]
    assert split_long(sentence, 13) == ["一二三四五，六七八九十，", "一二三四五六七八九十，短。"]


def test_clause_without_commas_is_cut_hard_at_the_limit():
    pieces = split_sentences("甲" * 25 + "。", 10)
    assert pieces == ["甲" * 10, "甲" * 10, "甲" * 5 + "。"]


@pytest.mark.parametrize("limit", [5, 20, 60])
def test_no_segment_exceeds_the_limit_and_no_text_is_lost(limit):
    text = (SAMPLES / "paragraphs.txt").read_text(encoding="utf-8").replace("\n", "")
    segments = split_sentences(text, limit)
    assert max(len(s) for s in segments) <= limit
    assert "".join(segments) == text


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("魏佳佳", "Wei Jiajia"),
        ("谭礼潇", "Tan Lixiao"),
        ("欧阳娜娜", "Ouyang Nana"),
        ("司马光", "Sima Guang"),
        ("单雄信", "Shan Xiongxin"),
        ("曾国藩", "Zeng Guofan"),
        ("吕佳", "Lü Jia"),
        ("王嘉安", "Wang Jia'an"),
        ("买买提·艾力", "Maimaiti Aili"),
        ("John Smith", "John Smith"),
    ],
)
def test_person_names_become_pinyin_surname_first(name, pinyin):
    assert name_to_pinyin(name) == pinyin
