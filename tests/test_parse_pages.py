"""parse_page on made-up pages, one layout rule per test (pages in tests/pages/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from site_builder.models import Article, Block
from site_builder.parse.page import parse_page
from site_builder.parse.sources import read_source

PAGES = Path(__file__).parent / "pages"


def parse(name: str, default_date: dt.date | None = None) -> tuple[Article, ...]:
    return parse_page(read_source(PAGES / name, PAGES), default_date)


def test_kicker_headline_dash_deck_and_bracketed_column():
    first = parse("headlines.txt")[0]
    assert first.column == "新春走基层"
    assert first.kicker == "年味浓了 人气旺了"
    assert first.title == "小商品城迎来采购高峰"
    assert first.subtitle == "——记义乌国际商贸城的一个春节前夜"  # printed with its dashes
    assert first.reporters == ("张小明",)


def test_one_line_headline_with_a_comma_deck():
    second = parse("headlines.txt")[1]
    assert second.title == "社区食堂开张 老人吃饭不再愁"
    assert second.subtitle == "每天供应三餐，价格实惠"
    assert second.kicker is None and second.column is None


def test_kicker_above_headline_and_slogan_banner_below():
    third = parse("headlines.txt")[2]
    assert third.kicker == "聚焦优化营商环境"
    assert third.title == "义乌推出二十条新举措助企纾困"
    assert third.column == "奋战开门红 实干开新局"
    assert third.reporters == ("王小红", "赵六")  # the byline line and the dateline's brackets
    assert third.paragraphs[0].startswith("记者从市发改局获悉")


def test_masthead_date_is_used_and_not_an_article():
    articles = parse("headlines.txt")
    assert len(articles) == 3
    assert all(a.date == dt.date(2026, 3, 5) and a.date_inferred for a in articles)
    assert all("星期四" not in a.title for a in articles)


def test_subheadings_stay_inside_the_article():
    (article,) = parse("subheadings.txt")
    assert [block.kind for block in article.body] == ["p", "h2", "p", "h2", "p", "p"]
    assert article.body[1] == Block("h2", "多式联运提速")
    assert article.body[3] == Block("h2", "数字口岸赋能")


def test_paragraph_cut_by_the_layout_is_joined_even_around_a_short_fragment():
    (article,) = parse("subheadings.txt")
    assert article.body[4].text == ("通过“单一窗口”平台，企业报关时间缩短一半。与此同时，"
                                    "口岸部门积极推动乡村振兴与物流产业融合发展，取得了明显成效。")


def test_front_matter_date_is_not_inferred():
    (article,) = parse("subheadings.txt")
    assert article.date == dt.date(2026, 3, 8) and not article.date_inferred
    assert article.source == "subheadings.txt:4-22"  # file lines, front matter counted


@pytest.mark.parametrize(("number", "title", "reporters", "dateline"), [
    (0, "多人署名的稿件", ("张三", "李四"), "本报讯"),
    (1, "方框记者署名", ("王五",), None),
    (2, "外地电头稿件", ("赵六",), "本报北京1月9日电"),
    (3, "记者和通讯员", ("钱七", "孙八"), "本报讯"),
    (4, "通讯员来稿", ("周九",), None),
])
def test_byline_forms(number, title, reporters, dateline):
    article = parse("bylines.txt")[number]
    assert (article.title, article.reporters, article.dateline) == (title, reporters, dateline)
    assert "记者" not in article.paragraphs[0][:8] and "本报" not in article.paragraphs[0]


def test_caption_with_photo_credit():
    article = parse("bylines.txt")[4]
    assert article.captions == ("图为志愿者在社区服务。",)
    assert article.photographers == ("周九",)
    assert len(article.paragraphs) == 1


def test_credits_data_sources_and_captions_are_not_body_text():
    (article,) = parse("credits.txt")
    assert article.reporters == ("吴一",)
    assert article.photographers == ("冯三",)
    assert article.credits == ("制图：郑二", "数据来源：义乌海关", "受访者供图")
    assert article.captions == ("市民在公园赏花。", "游客在佛堂古镇游玩。")
    assert len(article.paragraphs) == 2 and article.paragraphs[-1].endswith("进一步提高。")


def test_continued_from_fragment_gets_an_inferred_title_and_the_photo_credit():
    fragment = parse("continued.txt")[0]
    assert fragment.continued_from == "第一版" and fragment.title_inferred
    assert fragment.title == "活动期间，各村社还组织了形式多样的文化活动，受到群众欢迎"
    assert fragment.photographers == ("陈七",)
    assert fragment.paragraphs == ("活动期间，各村社还组织了形式多样的文化活动，受到群众欢迎。",)


def test_continued_on_marker_flags_the_article_and_keeps_its_text():
    articles = parse("continued.txt")
    assert len(articles) == 3
    cut = articles[1]
    assert cut.continued_on == "第二版" and cut.dateline == "本报讯"
    assert cut.paragraphs == ("近日，城西街道启动新一轮“美丽庭院”创建活动，全面推进人居环境",)
    assert articles[2].title == "佛堂古镇迎来旅游旺季"  # the cut sentence does not swallow it


def test_a_page_starting_mid_story_without_marker():
    (article,) = parse("fragment.txt")
    assert article.title_inferred and article.continued_from is None
    assert article.title.startswith("会议指出，") and article.title.endswith("…")
    assert len(article.title) <= 41
    assert len(article.paragraphs) == 2


def test_a_date_in_the_page_text_comes_before_the_site_date():
    articles = parse("headlines.txt", default_date=dt.date(2026, 3, 6))
    assert {(a.date, a.date_inferred) for a in articles} == {(dt.date(2026, 3, 5), True)}


def test_default_date_is_used_when_the_seed_has_none():
    articles = parse("fragment_undated.txt", default_date=dt.date(2026, 3, 6))
    assert {(a.date, a.date_inferred) for a in articles} == {(dt.date(2026, 3, 6), False)}


def test_seed_front_matter_wins_over_default_date():
    (article,) = parse("subheadings.txt", default_date=dt.date(2000, 1, 1))
    assert article.date == dt.date(2026, 3, 8)


def test_encoded_pages_parse_alike():
    plain = parse("encodings/utf8.txt")
    for name in ("gbk.txt", "utf16-bom.txt", "utf8-bom-crlf.txt", "utf8-cr.txt"):
        other = parse(f"encodings/{name}")
        assert [(a.title, a.body, a.reporters, a.source.split(":")[1]) for a in other] == [
            (a.title, a.body, a.reporters, a.source.split(":")[1]) for a in plain]


def test_other_paper_masthead_and_source_line_are_page_furniture():
    articles = parse("other_masthead.txt")
    titles = ["在新时代新征程上奋勇前进", "全国铁路春运首日发送旅客超千万人次"]
    assert [a.title for a in articles] == titles
    assert articles[0].subtitle == "——写在2026年春节到来之际"
    assert articles[0].credits == ("本报评论员",) and articles[0].reporters == ()
    assert articles[1].reporters == ("张三", "李四") and articles[1].continued_on == "第四版"
    assert all(a.date == dt.date(2026, 2, 3) for a in articles)


def test_other_paper_with_indented_paragraphs_and_no_blank_lines():
    first, second = parse("other_indented.txt")
    assert first.title == "杭州湾跨海铁路大桥合龙" and first.kicker is None  # 浙江日报 is furniture
    assert first.paragraphs[0].startswith("2月2日，杭州湾")
    assert first.captions == ("图为合龙现场。",) and first.photographers == ("王五",)
    assert [b.kind for b in second.body] == ["p", "p", "h2", "p", "h2", "p"]
    assert second.paragraphs[1] == "措施明确，要加大出口信用保险支持力度。"
