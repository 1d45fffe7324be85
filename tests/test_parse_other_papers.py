"""Pages laid out by other papers parse into what a careful editor reads off them.

Each tests/pages/other_*.txt has an .expected.json written by reading the page, not by
running the parser; see its "_about" for what every field means.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from site_builder.models import Article, Block, Source
from site_builder.parse.page import parse_page
from site_builder.parse.pagedate import infer_date, is_masthead, masthead_date
from site_builder.parse.sources import read_source

PAGES = Path(__file__).parent / "pages"
EXPECTED = sorted(PAGES.glob("other_*.expected.json"))


def editor_view(article: Article) -> dict:
    """Describe an article with the fields of an .expected.json entry."""
    paragraphs = article.paragraphs
    return {
        "title": None if article.title_inferred else article.title,
        "subtitle": article.subtitle,
        "kicker": article.kicker,
        "column": article.column,
        "reporters": list(article.reporters),
        "photographers": list(article.photographers),
        "credits": list(article.credits),
        "dateline": article.dateline,
        "continued_from": article.continued_from,
        "continued_on": article.continued_on,
        "paragraphs": len(paragraphs),
        "first": paragraphs[0] if paragraphs else None,
        "last_ends": paragraphs[-1] if paragraphs else None,
        "captions": list(article.captions),
    }


def trimmed(view: dict, want: dict) -> dict:
    """Cut first/last_ends of a view to the length the editor wrote down."""
    for key, cut in (("first", lambda text, n: text[:n]), ("last_ends", lambda text, n: text[-n:])):
        if view[key] is not None and want[key] is not None:
            view[key] = cut(view[key], len(want[key]))
    return view


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda path: path.name.split(".")[0])
def test_other_paper_page_reads_as_an_editor_reads_it(expected: Path):
    want = json.loads(expected.read_text(encoding="utf-8"))
    page = expected.with_name(expected.name.replace(".expected.json", ".txt"))
    articles = parse_page(read_source(page, PAGES))
    pairs = zip(articles, want["articles"], strict=False)  # a missing article shows below
    assert [trimmed(editor_view(article), entry) for article, entry in pairs] == want["articles"]
    assert len(articles) == len(want["articles"])
    assert {article.date for article in articles} == {dt.date.fromisoformat(want["date"])}
    assert all(article.title for article in articles)  # inferred when none is printed


@pytest.mark.parametrize(("line", "date"), [
    ("人民日报 2026年1月10日 星期六 第4版 要闻", dt.date(2026, 1, 10)),
    ("2026年1月10日 星期六 第4版 要闻 人民日报", dt.date(2026, 1, 10)),
    ("A3 本地新闻 2026.2.3", dt.date(2026, 2, 3)),
    ("义乌商报 | 2026年2月3日 | 第2版", dt.date(2026, 2, 3)),
    ("第8版 图片新闻", None),
])
def test_page_headers_in_any_order_are_furniture_and_date_the_page(line, date):
    assert is_masthead(line) and masthead_date(line) == date
    page = f"{line}\n\n标题\n\n2026年1月5日，活动举行。\n"
    assert infer_date(page) == (date or dt.date(2026, 1, 5))


@pytest.mark.parametrize("line", [
    "推动高质量发展 谱写新篇章", "2026年2月3日 我市召开大会", "春节假期前 我市开展安全生产大检查",
    "要闻 综合", "第4版要闻" * 20,
])
def test_headlines_are_not_page_headers(line):
    assert not is_masthead(line)


def parse_text(text: str) -> tuple[Article, ...]:
    source = Source(Path("seeds/page.txt"), "page.txt", text, 1, "0" * 64, dt.date(2026, 2, 3))
    return parse_page(source)


def test_a_run_of_briefs_ends_at_a_story_with_its_own_byline():
    brief, story = parse_text("简讯\n\n菜市场完成改造\n菜市场昨天重新开业。\n\n"
                              "地铁新线开通\n\n记者 陈晨\n\n今天上午，地铁新线开通。\n")
    assert (brief.title, brief.column) == ("菜市场完成改造", "简讯")
    assert (story.title, story.column, story.reporters) == ("地铁新线开通", None, ("陈晨",))


def test_table_rows_stay_whole_and_a_closing_byline_comes_off_the_paragraph():
    (article,) = parse_text("经济数据发布\n\n本报讯 1月份经济平稳。\n\n主要指标\n"
                            "指标 数值 增长\n工业 85.6 7.2\n消费 120.3 5.1\n\n"
                            "分析认为，外贸发力。（记者 吴一 文/摄）\n")
    assert article.body[1] == Block("h2", "主要指标")
    assert article.paragraphs[1:4] == ("指标 数值 增长", "工业 85.6 7.2", "消费 120.3 5.1")
    assert article.paragraphs[-1] == "分析认为，外贸发力。"
    assert article.reporters == article.photographers == ("吴一",)
