"""How lines group into articles: cut paragraphs, headlines, subheadings, captions."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from site_builder.models import Article, Source
from site_builder.parse.headlines import Heads, infer_title, is_slogan, resolve_heads
from site_builder.parse.page import parse_page


def parse_text(text: str) -> tuple[Article, ...]:
    source = Source(path=Path("seeds/p.txt"), name="p.txt", text=text, first_line=1,
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    return parse_page(source, dt.date(2026, 2, 3))


def test_a_cut_paragraph_followed_by_a_headline_and_byline_ends_there():
    first, second = parse_text("甲标题\n\n记者 张三\n\n本报讯 市场繁荣，商品琳琅\n\n"
                               "乙标题\n\n记者 李四\n\n本报讯 活动举行。\n")
    assert first.paragraphs == ("市场繁荣，商品琳琅",)
    assert (second.title, second.reporters) == ("乙标题", ("李四",))


def test_a_short_fragment_after_a_cut_paragraph_is_joined_not_a_subheading():
    (article,) = parse_text("标题\n\n记者 张三\n\n本报讯 我市着力构建\n\n四种融合模式\n\n"
                            "推动高质量发展。\n")
    assert article.paragraphs == ("我市着力构建四种融合模式推动高质量发展。",)
    assert all(block.kind == "p" for block in article.body)


def test_a_lone_short_line_after_a_finished_paragraph_is_a_subheading():
    (article,) = parse_text("标题\n\n记者 张三\n\n本报讯 活动举行。\n\n亮点纷呈\n\n"
                            "现场气氛热烈。\n")
    assert [(b.kind, b.text) for b in article.body] == [
        ("p", "活动举行。"), ("h2", "亮点纷呈"), ("p", "现场气氛热烈。")]


def test_a_headline_after_a_wide_gap_starts_an_article_even_without_byline():
    first, second = parse_text("甲标题\n\n记者 张三\n\n活动举行。\n\n\n\n乙标题\n\n新春将至。\n")
    assert second.title == "乙标题" and second.paragraphs == ("新春将至。",)


def test_a_headline_above_a_dateline_starts_an_article_without_byline():
    _, second = parse_text("甲标题\n\n记者 张三\n\n活动举行。\n\n乙标题\n\n本报讯 新春将至。\n")
    assert (second.title, second.dateline) == ("乙标题", "本报讯")


def test_qr_prompt_and_the_line_under_it_are_one_caption_of_the_article_above():
    first, second = parse_text("甲标题\n\n记者 张三\n\n活动举行。\n\n\n"
                               "扫一扫二维码\n查看活动详情\n\n乙标题\n\n记者 李四\n\n新春将至。\n")
    assert first.captions == ("扫一扫二维码 查看活动详情",)
    assert second.captions == () and second.title == "乙标题"


def test_a_sentence_headline_with_a_question_mark_above_a_byline():
    _, second = parse_text("甲标题\n\n记者 张三\n\n活动举行。\n\n年货备好了吗？\n\n记者 李四\n\n"
                           "新春将至。\n")
    assert second.title == "年货备好了吗？" and second.reporters == ("李四",)


def test_an_end_of_article_byline_in_brackets():
    (article,) = parse_text("标题\n\n活动举行，现场气氛热烈。\n\n（记者 张三）\n")
    assert article.reporters == ("张三",) and article.paragraphs == ("活动举行，现场气氛热烈。",)


def test_resolve_heads():
    assert resolve_heads(["实干论英雄 奋战第一线", "我市公布零售点"]) == Heads(
        title="我市公布零售点", column="实干论英雄 奋战第一线")
    # Two head lines set alike: decided by the conventions, and left for an editor to check.
    assert resolve_heads(["聚焦营商环境", "义乌推出二十条新举措"]) == Heads(
        title="义乌推出二十条新举措", kicker="聚焦营商环境", review=("kicker or headline?",))
    assert resolve_heads(["义乌港年吞吐量创新高", "同比增长一成"]) == Heads(
        title="义乌港年吞吐量创新高", subtitle="同比增长一成", review=("headline or subtitle?",))
    assert resolve_heads(["义乌港创新高", "——记港口建设者"]) == Heads(
        title="义乌港创新高", subtitle="——记港口建设者")
    # A slogan-shaped line alone is the title.
    assert resolve_heads(["迎春纳福 情系村社"]) == Heads(title="迎春纳福 情系村社")


def test_slogans():
    assert is_slogan("实干论英雄 奋战第一线") and is_slogan("打造平安义乌 构建和谐社会")
    assert not is_slogan("2026年迎新春 军民跳绳比赛共叙鱼水情")
    assert not is_slogan("“浙智巡”智能巡检系统 助企安全管理升级")
    assert not is_slogan("我市公布一批经许可烟花爆竹经营零售点")


def test_infer_title():
    assert infer_title("新春将至，年味渐浓。近日活动举行。") == "新春将至，年味渐浓"
    long = "会议指出，" + "今年全市上下要聚焦重点任务" * 2 + "，全力以赴推动发展，确保完成。"
    assert infer_title(long) == "会议指出，今年全市上下要聚焦重点任务今年全市上下要聚焦重点任务…"
    assert infer_title("一" * 60 + "。") == "一" * 39 + "…"
