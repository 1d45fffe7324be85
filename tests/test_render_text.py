"""Small text helpers: dates, reading time, excerpts, safe JSON, URL keys, search tokens."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from site_builder.models import Article, Block
from site_builder.render.search import tokens
from site_builder.render.text import excerpt, format_date, json_script, reading_minutes
from site_builder.render.urls import base_key, file_of, make_keys


def _article(lang: str, *paragraphs: str) -> Article:
    return Article(slug="s", lang=lang, title="t", date=dt.date(2026, 2, 3),
                   body=tuple(Block("p", p) for p in paragraphs))


def test_format_date_per_language():
    assert format_date(dt.date(2026, 2, 3), "zh") == "2026年2月3日"
    assert format_date(dt.date(2026, 2, 3), "en") == "3 February 2026"


def test_reading_time_counts_chinese_characters_not_punctuation():
    assert reading_minutes(_article("zh", "字" * 400)) == 1
    assert reading_minutes(_article("zh", "字" * 401)) == 2
    assert reading_minutes(_article("zh", "，。“”" * 400 + "字" * 10)) == 1
    assert reading_minutes(_article("zh", "字" * 1200, "字" * 400)) == 4


def test_reading_time_counts_english_words():
    assert reading_minutes(_article("en", "word " * 200)) == 1
    assert reading_minutes(_article("en", "word " * 601)) == 4
    assert reading_minutes(_article("en", "")) == 1


def test_excerpt_cuts_chinese_at_a_sentence_end():
    text = "第一句话写得比较长一些，" * 5 + "到这里结束。" + "后面还有很多很多内容" * 10
    cut = excerpt(_article("zh", text))
    assert cut.endswith("到这里结束。") and len(cut) <= 100
    assert excerpt(_article("zh", "短。")) == "短。"
    long = excerpt(_article("zh", "没有句号的长段落" * 30))
    assert long.endswith("…") and len(long) == 101


def test_excerpt_cuts_english_at_a_word():
    cut = excerpt(_article("en", "lorem ipsum " * 40))
    assert cut.endswith("ipsum…") or cut.endswith("lorem…")
    assert len(cut) <= 201


def test_excerpt_of_an_editors_headline_made_of_the_first_sentence_goes_on_from_there():
    opening = "对贺传来说，能够主持这一历史性时刻，意义非凡"
    article = _article("zh", opening + "。作为义乌常客，他赞不绝口。")
    made_up = replace(article, title=opening, title_inferred=True)
    assert excerpt(made_up) == "作为义乌常客，他赞不绝口。"
    printed = replace(article, title=opening)  # a printed headline: the excerpt as it was
    assert excerpt(printed).startswith(opening)


def test_json_script_cannot_close_the_script_element():
    data = {"t": "</script><script>alert(1)</script> & <!-- \u2028"}
    text = str(json_script(data))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                    max_leaves=8))
@settings(max_examples=200, deadline=None)
def test_json_script_round_trips_anything_and_never_holds_markup(data):
    text = json_script(data)
    assert isinstance(text, Markup)  # Jinja must not escape it a second time
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == data


def test_json_script_is_compact_and_keeps_chinese_as_it_is():
    text = json_script({"headline": "义乌 <b>", "tags": ["a", "b"], "n": 1})
    assert text == '{"headline":"义乌 \\u003cb\\u003e","tags":["a","b"],"n":1}'
    assert json_script("\u2028\u2029&") == '"\\u2028\\u2029\\u0026"'


def test_keys_are_pinyin_ascii_and_unique():
    assert base_key("魏佳佳") == "wei-jia-jia"
    assert base_key("7+4+4 体系") == "7-4-4-ti-xi"
    keys = make_keys(["义乌", "异物", "友城", "！！"])
    assert keys["友城"] == "you-cheng"
    assert keys["义乌"] != keys["异物"] and keys["义乌"].startswith("yi-wu-")
    assert keys["！！"] and keys["！！"].isascii()
    assert make_keys(["义乌", "异物"]) == make_keys(["异物", "义乌"])


def test_file_of_serves_folders_from_index_html():
    assert file_of("") == "index.html"
    assert file_of("zh/articles/x/") == "zh/articles/x/index.html"
    assert file_of("zh/feed.xml") == "zh/feed.xml"


def test_search_tokens():
    zh = tokens("友城增至51城，Expo义乌\n国际", "zh")
    # Every CJK character and every pair inside a run; digits, punctuation and lines end a run.
    assert zh == {"友", "城", "增", "至", "友城", "城增", "增至", "51", "expo", "义", "乌", "义乌",
                  "国", "际", "国际"}
    en = tokens("The sister cities of Yiwu, 51 of them", "en")
    assert en == {"sister", "cities", "yiwu", "51", "them"}


def test_search_tokens_hold_every_pair_of_a_phrase_but_not_of_scattered_characters():
    zh = tokens("目前我市友城数量从24国38城增至31国51城", "zh")
    # jieba cuts 我市|友城|数量: a query across its words (市友城数) still has all its pairs here.
    assert {"市友", "友城", "城数"} <= zh
    # 目 and 量 both occur, but never side by side: the query 目量 must find nothing.
    assert {"目", "量"} <= zh and "目量" not in zh


@pytest.mark.parametrize("limit", [65536, 2])
def test_a_per_article_memo_works_each_article_out_once_and_never_mixes_them(monkeypatch, limit):
    from site_fixtures import make_articles

    from site_builder.render import text
    from site_builder.render.text import per_article

    monkeypatch.setattr(text, "PER_ARTICLE_MEMO", limit)
    calls = []
    slug = per_article(lambda article: calls.append(article.slug) or article.slug)
    zh, en = make_articles()
    equal = [replace(article) for article in zh]  # equal values, other objects
    assert [slug(a) for a in [*zh, *en, *zh, *equal]] == [a.slug for a in [*zh, *en, *zh, *zh]]
    if limit > len(zh) * 3:
        assert calls == [a.slug for a in [*zh, *en, *equal]]  # each object worked out once


def test_a_month_is_written_as_each_language_writes_it():
    from site_builder.render.text import format_month

    assert [format_month(2026, m, "zh") for m in (1, 2, 12)] == [
        "2026年1月", "2026年2月", "2026年12月"]
    assert [format_month(2026, m, "en") for m in (1, 2, 12)] == [
        "January 2026", "February 2026", "December 2026"]
