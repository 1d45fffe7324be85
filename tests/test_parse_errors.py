"""parse_page on bad pages, and where the page date comes from."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from pathlib import Path

import pytest

from site_builder.models import Source
from site_builder.parse.page import ParseError, parse_page
from site_builder.parse.pagedate import infer_date
from site_builder.parse.slugs import make_slug
from site_builder.parse.sources import read_source

BODY = "义乌新闻\n\n全媒体记者 张三\n\n本报讯 近日，我市举办活动。\n"


def source(text: str, date: dt.date | None = None, first_line: int = 1) -> Source:
    return Source(path=Path("/site/seeds/p.txt"), name="p.txt", text=text, first_line=first_line,
                  sha256=hashlib.sha256(text.encode()).hexdigest(), date=date)


def error(text: str, **kwargs) -> str:
    with pytest.raises(ParseError) as caught:
        parse_page(source(text, **kwargs), dt.date(2026, 1, 1))
    return str(caught.value)


@pytest.fixture(autouse=True, scope="module")
def loaded_word_list():
    """Load jieba (used for slugs, about a second) before any test times the parser."""
    make_slug("义乌", "warm-up.txt")


def test_whitespace_only_page():
    assert error("\n \n\u3000\n").startswith("seeds/p.txt: no Chinese text")


def test_page_without_chinese():
    assert "no Chinese text" in error("Lorem ipsum dolor sit amet.\n")


def test_page_with_headlines_but_no_article():
    assert error("义乌新闻\n\n本地要闻\n").startswith("seeds/p.txt: no article found")


def test_a_five_megabyte_line_is_refused_quickly_with_its_line_number():
    text = "标题\n" + "义乌" * 2_600_000 + "\n"
    start = time.perf_counter()
    message = error(text, first_line=4)
    assert time.perf_counter() - start < 2
    assert message.startswith("seeds/p.txt:5: line is 5,200,000 characters long")


def test_a_five_megabyte_one_line_file_end_to_end(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "one.txt").write_bytes(("义乌市场繁荣，" * 750_000).encode())  # 5.25 MB, no newline
    start = time.perf_counter()
    with pytest.raises(ParseError, match=r"^seeds/one.txt:1: line is 5,250,000 characters"):
        parse_page(read_source(seeds / "one.txt", seeds))
    assert time.perf_counter() - start < 2


def test_a_long_but_plausible_paragraph_is_parsed():
    text = "义乌新闻\n\n" + "义乌市场繁荣，商品琳琅满目。" * 3000 + "\n"  # 42,000 characters
    start = time.perf_counter()
    (article,) = parse_page(source(text), dt.date(2026, 1, 1))
    assert time.perf_counter() - start < 2
    assert len(article.paragraphs[0]) == 42_000


def test_no_date_anywhere_names_the_fixes():
    with pytest.raises(ParseError) as caught:
        parse_page(source(BODY))
    message = str(caught.value)
    assert message.startswith("seeds/p.txt: no publication date")
    assert "date:" in message and "[site]" in message


def test_inferred_date_is_flagged_and_logged(caplog):
    text = BODY.replace("近日", "2026年2月1日") + "\n2月2日上午，活动继续。\n"
    with caplog.at_level(logging.WARNING):
        articles = parse_page(source(text))
    assert {(a.date, a.date_inferred) for a in articles} == {(dt.date(2026, 2, 2), True)}
    assert "seeds/p.txt" in caplog.text and "2026-02-02" in caplog.text


def test_source_date_wins():
    (article,) = parse_page(source(BODY, date=dt.date(2026, 5, 1)), dt.date(2026, 1, 1))
    assert (article.date, article.date_inferred) == (dt.date(2026, 5, 1), False)


@pytest.mark.parametrize(("text", "date"), [
    ("2025年以来……2026年迎新春……2月1日上午……2月2日是湿地日", dt.date(2026, 2, 2)),
    ("2026年2月3日 星期二\n农历腊月十六\n2月10日将举行", dt.date(2026, 2, 3)),  # masthead
    ("到2030年建成……2026年……3月1日", dt.date(2026, 3, 1)),  # a target year is not the present
    ("去年12月30日……2026年……1月5日", dt.date(2026, 1, 5)),  # "去年" dates are last year's
    ("2026年……2月30日……2月3日", dt.date(2026, 2, 3)),  # impossible dates are skipped
    ("2026年……没有日子", None),
    ("3月1日……没有年份", None),
])
def test_infer_date(text, date):
    assert infer_date(text) == date


@pytest.mark.parametrize("text", [
    "标题\n\n" + "活动现场。 " * 16_000 + "张三 摄\n\n正文。\n",  # a caption-like line
    "编辑" * 49_000 + "。\n\n正文。\n",  # furniture-like start
    "标题\n\n" + "义 " * 49_000 + "\n",  # single characters like a padded name
    "标题\n\n" + "义乌,市场(繁荣):" * 9_000 + "\n",  # ASCII marks everywhere
])
def test_long_odd_lines_stay_fast(text):
    start = time.perf_counter()
    assert parse_page(source(text), dt.date(2026, 1, 1))
    assert time.perf_counter() - start < 1


def test_many_articles_with_the_same_title_get_distinct_slugs_quickly():
    text = "标题\n\n记者 张三\n\n本报讯 活动举行。\n\n" * 2000
    start = time.perf_counter()
    articles = parse_page(source(text), dt.date(2026, 1, 1))
    assert time.perf_counter() - start < 2
    assert len({a.slug for a in articles}) == len(articles) == 2000


@pytest.mark.parametrize("name", ["2025-01-10 要闻.txt", "20250110_02.txt", "rmrb20250110_02.txt",
                                  "page_20250110_10.txt"])
def test_the_file_name_dates_a_page_before_its_text(tmp_path, name):
    (tmp_path / name).write_text(BODY.replace("近日", "2026年2月1日"), encoding="utf-8")
    articles = parse_page(read_source(tmp_path / name, tmp_path), dt.date(2030, 1, 1))
    assert {(a.date, a.date_inferred) for a in articles} == {(dt.date(2025, 1, 10), False)}


def test_the_site_date_comes_after_the_page_text_and_print_page_reaches_the_articles(tmp_path):
    (tmp_path / "x_20250110_07.txt").write_text("---\nsection: 经济\n---\n" + BODY,
                                                encoding="utf-8")
    (article,) = parse_page(read_source(tmp_path / "x_20250110_07.txt", tmp_path))
    assert (article.print_page, article.print_section) == (7, "经济")
    (undated,) = parse_page(source(BODY), dt.date(2030, 1, 1))
    assert (undated.date, undated.date_inferred) == (dt.date(2030, 1, 1), False)


def test_a_page_without_any_date_can_still_be_shown(caplog):
    (article,) = parse_page(source(BODY), undated=dt.date.min)
    assert article.date == dt.date.min and article.date_inferred
    assert "seeds/p.txt: no publication date found" in caplog.text
