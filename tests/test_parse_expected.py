"""Acceptance: the example page parses into what a careful editor reads off it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from site_builder.models import Article
from site_builder.parse.page import parse_page
from site_builder.parse.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_4b71105106d275e4.txt"
EXPECTED = Path(__file__).parent / "fixtures" / "expected" / "000_4b71105106d275e4.expected.json"


@pytest.fixture(scope="module")
def articles() -> tuple[Article, ...]:
    return parse_page(read_source(SEED, SEEDS))


def expected_articles() -> list[dict]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["articles"]


def test_the_page_has_nine_articles_in_page_order(articles):
    assert len(articles) == len(expected_articles()) == 9


@pytest.mark.parametrize("number", range(9))
def test_every_field_matches_the_editor(articles, number):
    article, want = articles[number], expected_articles()[number]
    if want["title"] is None:
        assert article.title_inferred and article.title
    else:
        assert not article.title_inferred
        assert article.title == want["title"]
    assert article.subtitle == want["subtitle"]
    assert article.column == want["column"]
    assert list(article.reporters) == want["reporters"]
    assert list(article.photographers) == want["photographers"]
    assert (article.dateline is not None) == want["dateline"]
    assert article.continued_from == want["continued_from"]
    assert len(article.paragraphs) == want["paragraphs"]
    assert article.paragraphs[0].startswith(want["first"])
    assert article.paragraphs[-1].endswith(want["last_ends"])
    assert list(article.captions) == want["captions"]


def test_articles_carry_page_metadata(articles):
    for article in articles:
        assert article.lang == "zh"
        assert article.date == dt.date(2026, 2, 2) and article.date_inferred
        assert article.source_sha256 and len(article.source_sha256) == 64
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", article.slug)
        assert not article.tags and article.translation is None
    assert len({article.slug for article in articles}) == 9


def test_source_ranges_are_file_line_numbers(articles):
    assert articles[0].source == "000_4b71105106d275e4.txt:3-21"
    assert articles[1].source == "000_4b71105106d275e4.txt:23-31"
    assert articles[2].source == "000_4b71105106d275e4.txt:33-52"  # the QR box included
    assert articles[-1].source == "000_4b71105106d275e4.txt:130-142"


def test_the_continued_fragment_gets_a_display_title(articles):
    fragment = articles[1]
    assert fragment.title.startswith("对贺传来说")
    assert len(fragment.title) <= 41


def test_no_text_of_the_page_is_lost(articles):
    page = re.sub(r"\s", "", SEED.read_text(encoding="utf-8"))
    kept = "".join(
        "".join((a.title if not a.title_inferred else "", a.subtitle or "", a.column or "",
                 *a.paragraphs, *a.captions, *a.reporters, *a.photographers))
        for a in articles
    )
    # Every Chinese character of the page is somewhere in the articles (bylines' role words
    # "全媒体记者", the dateline "本报讯" and the markers are metadata).
    missing = set(page) - set(kept) - set("全媒体记者本报讯上接第一版图") - set(",:;()（）")
    assert not {ch for ch in missing if "\u4e00" <= ch <= "\u9fff"}
    assert sum(len(p) for a in articles for p in a.paragraphs) > 0.9 * len(page)


def test_punctuation_is_normalised(articles):
    text = "".join(p for a in articles for p in a.paragraphs)
    assert "," not in text and "(" not in text
    assert "“7+4+4”" in text and "6.74亿元" in text and "（义新欧）" in text


def test_slugs_are_stable(articles):
    again = parse_page(read_source(SEED, SEEDS))
    assert [a.slug for a in again] == [a.slug for a in articles]
    assert articles[0].slug.startswith("yiwu-guoji-pengyouquan")
