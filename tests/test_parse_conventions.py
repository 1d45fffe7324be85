"""The conventions of Chinese newspaper print, one small made-up page each (issue 15).

Pages are laid out the way print systems drop them: every line followed by one blank line,
so a gap says nothing and only what a line is, and what follows it, tells the parts apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from site_builder.models import Article, Source
from site_builder.parse import names
from site_builder.parse.bylines import parse_byline
from site_builder.parse.page import parse_page

BODY = "记者日前走访了解到，这项工作取得了明显成效，受到群众普遍欢迎。"
MORE = "下一步，当地将继续完善相关机制，推动各项措施落地见效。"


def page(*lines: str) -> tuple[Article, ...]:
    """Parse a page whose lines are set one blank line apart, as print systems drop them."""
    text = "\n".join(f"\n{line}" for line in lines) + "\n"
    source = Source(path=Path("seeds/p.txt"), name="p.txt", text=text, first_line=1,
                    sha256=hashlib.sha256(text.encode()).hexdigest())
    return parse_page(source, dt.date(2025, 4, 15))


def story(*head: str) -> tuple[str, ...]:
    """Head lines, then a two-paragraph body."""
    return (*head, BODY, MORE)


# 引题 / 主题 / 副题 ---------------------------------------------------------------------

def test_a_kicker_ending_in_dashes_a_headline_and_a_subtitle_starting_with_them():
    (article,) = page(*story("福建宁德持续推进海上养殖综合整治——", "海上田园展新颜",
                             "——记霞浦县的渔民们", "本报记者  张  三"))
    assert article.kicker == "福建宁德持续推进海上养殖综合整治——"
    assert article.title == "海上田园展新颜"
    assert article.subtitle == "——记霞浦县的渔民们"  # printed with its dashes
    assert article.reporters == ("张三",) and len(article.paragraphs) == 2


@pytest.mark.parametrize("marker", ["今日谈", "权威发布", "话说新农村"])
def test_a_column_in_brackets_after_the_headline_stays_in_it(marker):
    (article,) = page(*story(f"让老字号焕发新活力（{marker}）", "王  浩"))
    assert article.title == f"让老字号焕发新活力（{marker}）"
    assert article.column == marker and article.reporters == ("王浩",)


def test_lines_above_a_headline_naming_its_column_are_the_kicker_below_it_the_subtitle():
    (article,) = page(*story("江苏徐州85后店主免费为老人修理手机、解决网上办事难题",
                             "大爷大妈爱来这家手机店（我的家乡我建设）", "一家小店的十年坚守",
                             "本报记者  白光迪"))
    assert article.kicker == "江苏徐州85后店主免费为老人修理手机、解决网上办事难题"
    assert article.title == "大爷大妈爱来这家手机店（我的家乡我建设）"
    assert article.subtitle == "一家小店的十年坚守"


def test_a_kicker_running_on_into_its_headline_with_a_comma():
    (article,) = page(*story("慕课数量超过9.7万门，学习人次达13.9亿，",
                             "数字化“刷新”学习场景（大数据观察）", "本报记者  丁雅诵"))
    assert article.kicker == "慕课数量超过9.7万门，学习人次达13.9亿，"
    assert article.title == "数字化“刷新”学习场景（大数据观察）"


def test_a_couplet_under_a_line_is_the_headline():
    (article,) = page(*story("河北衡水安平县加快丝网产业转型升级", "小丝网  大能量",
                             "本报记者  史自强"))
    assert article.kicker == "河北衡水安平县加快丝网产业转型升级"
    assert article.title == "小丝网  大能量"
    assert article.column is None and article.review == ()


def test_two_head_lines_set_alike_are_decided_and_flagged_for_review():
    (feature,) = page(*story("福建农行创新金融产品", "服务海洋渔业全链条", "本报记者  郁静娴"))
    assert (feature.kicker, feature.title) == ("福建农行创新金融产品", "服务海洋渔业全链条")
    assert feature.review == ("kicker or headline?",)
    (news,) = page("山东全面应用数字化电子营业执照", "提高经营主体办事便利度",
                   f"本报济南4月14日电  （记者肖家鑫）{BODY}")
    assert news.title == "山东全面应用数字化电子营业执照"
    assert news.subtitle == "提高经营主体办事便利度"
    assert news.review == ("headline or subtitle?",)


def test_a_speech_kicker_and_a_continuing_subtitle_are_not_ambiguous():
    (speech,) = page("李明在全省工作会议上强调", "推动高质量发展取得新成效",
                     f"本报杭州4月14日电  （记者王五）{BODY}")
    assert (speech.kicker, speech.title, speech.review) == (
        "李明在全省工作会议上强调", "推动高质量发展取得新成效", ())
    (deck,) = page("公安交管改革服务群众出行", "已为1亿多名车主核发电子行驶证",
                   f"本报北京4月14日电  （记者张天培）{BODY}")
    assert (deck.title, deck.subtitle, deck.review) == (
        "公安交管改革服务群众出行", "已为1亿多名车主核发电子行驶证", ())


# Bylines ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("byline", "reporters"), [
    ("本报记者  丁怡婷  张文豪", ("丁怡婷", "张文豪")),
    ("本报记者  程  焕  龚相娟  吴  君", ("程焕", "龚相娟", "吴君")),  # padded names: one each
    ("本报通讯员  李  四", ("李四",)),
    ("记者 王小明", ("王小明",)),
    ("全媒体记者 魏佳佳", ("魏佳佳",)),
    ("□记者 陈晨", ("陈晨",)),
    ("本报驻福建记者  钟自炜", ("钟自炜",)),
    ("王  浩", ("王浩",)),  # a columnist's bare, padded name
    ("张闻捷  宫希成", ("张闻捷", "宫希成")),  # authors named without a role word
])
def test_byline_lines(byline, reporters):
    (article,) = page(*story("让老字号焕发新活力", byline))
    assert article.title == "让老字号焕发新活力" and article.reporters == reporters
    assert article.paragraphs == (BODY, MORE)


@pytest.mark.parametrize(("opening", "dateline", "reporters"), [
    ("本报福州4月14日电  （记者 钟自炜）", "本报福州4月14日电", ("钟自炜",)),
    ("本报讯（记者 张三 李四 王五）", "本报讯", ("张三", "李四", "王五")),
    ("本报南宁4月14日电  （记者赵益普、李晨）", "本报南宁4月14日电", ("赵益普", "李晨")),
    ("新华社北京4月14日电  ", "新华社北京4月14日电", ()),
    ("新华社北京4月14日电（记者 欧阳娜娜）", "新华社北京4月14日电", ("欧阳娜娜",)),
])
def test_names_inside_a_dateline(opening, dateline, reporters):
    (article,) = page("广西出台措施推动文旅产业发展", opening + BODY, MORE)
    assert (article.dateline, article.reporters) == (dateline, reporters)
    assert article.paragraphs == (BODY, MORE)


@pytest.mark.parametrize("line", ["记者 欧阳娜娜", "欧阳娜娜 摄", "（记者 欧阳娜娜）"])
def test_a_four_character_name_is_one_name(line):
    byline = parse_byline(line)
    assert byline is not None and "欧阳娜娜" in byline.reporters + byline.photographers


def test_a_four_character_name_is_kept_whole_in_a_byline_under_a_headline():
    (article,) = page(*story("让老字号焕发新活力", "本报记者  欧阳娜娜  司马光明"))
    assert article.reporters == ("欧阳娜娜", "司马光明")
    assert names.bare_names("欧阳娜娜") == ("欧阳娜娜",)


# Credits and captions ---------------------------------------------------------------------

@pytest.mark.parametrize(("credit", "photographers", "credits"), [
    ("李双江摄", ("李双江",), ()),
    ("黄  海摄（人民视觉）", ("黄海",), ()),
    ("本报记者  方  敏摄", ("方敏",), ()),
    ("新华社记者  毛思倩摄", ("毛思倩",), ()),
    ("以上图片均为新华社记者刘续摄", ("刘续",), ()),
    ("图/张三", ("张三",), ()),
    ("国家文物局供图", (), ("国家文物局供图",)),
    ("以上图片均为受访者提供", (), ("以上图片均为受访者提供",)),
    ("制图：蔡华伟", (), ("制图：蔡华伟",)),
    ("数据来源：中国人民银行", (), ("数据来源：中国人民银行",)),
    ("朱慧卿绘（新华社发）", (), ("朱慧卿绘（新华社发）",)),
])
def test_credit_lines_under_the_byline(credit, photographers, credits):
    (article,) = page(*story("让老字号焕发新活力", "本报记者  白光迪", "图①：店主为老人维修手机。",
                             credit))
    assert article.reporters == ("白光迪",) and article.photographers == photographers
    assert article.credits == credits and article.captions == ("图①：店主为老人维修手机。",)
    assert article.paragraphs == (BODY, MORE)


def test_a_caption_is_the_line_over_a_photo_credit_and_图为_opens_one():
    (article,) = page(*story("让老字号焕发新活力", "本报记者  白光迪", "店主为老人维修手机。",
                             "余  乐摄", "图为店里的老顾客。", "许  晨摄"))
    assert article.captions == ("店主为老人维修手机。", "图为店里的老顾客。")
    assert article.photographers == ("余乐", "许晨") and article.paragraphs == (BODY, MORE)


def test_a_photo_news_item_of_captions_and_credits_is_an_article():
    first, photos = page(*story("让老字号焕发新活力", "本报记者  白光迪"),
                         "绝壁之上护天渠（新时代·面孔）", "志愿服务队沿着绝壁天渠巡护。",
                         "队员在清理滚入渠内的石块。", "以上图片均为刘帅冶摄（人民视觉）")
    assert first.paragraphs == (BODY, MORE)
    assert photos.title == "绝壁之上护天渠（新时代·面孔）" and photos.paragraphs == ()
    assert photos.captions == ("志愿服务队沿着绝壁天渠巡护。", "队员在清理滚入渠内的石块。")
    assert photos.photographers == ("刘帅冶",)


# Body: subheadings, editor codes, layout breaks ---------------------------------------

def test_short_unpunctuated_lines_between_paragraphs_are_subheadings():
    (article,) = page("让老字号焕发新活力", "本报记者  白光迪", BODY,
                      "创新信贷产品，便利养殖户融资", MORE, "链接", "治理城乡水污染", BODY)
    assert [(b.kind, b.text) for b in article.body] == [
        ("p", BODY), ("h2", "创新信贷产品，便利养殖户融资"), ("p", MORE),
        ("h2", "链接"), ("h2", "治理城乡水污染"), ("p", BODY)]


def test_a_question_over_its_deck_is_two_subheadings_a_question_in_the_story_is_not():
    (article,) = page("让老字号焕发新活力", "本报记者  白光迪", BODY, "以旧换新方不方便？",
                      "打造“一站式”办理服务平台，一小时内办结各项业务", MORE,
                      "果真如此吗？", BODY)
    assert [b.kind for b in article.body] == ["p", "h2", "h2", "p", "p", "p"]


def test_editor_codes_stay_in_the_text():
    (article,) = page("让老字号焕发新活力", "本报记者  白光迪", BODY, MORE + "②16")
    assert article.paragraphs == (BODY, MORE + "②16")


def test_a_paragraph_cut_mid_word_by_the_layout_is_joined():
    (article,) = page("让老字号焕发新活力", "本报记者  白光迪", BODY,
                      "据统计，电影热映期间，越界影", "城周边酒店的搜索量同比增长超3倍。",
                      "据悉，下一步，航务管理处将稳步", "提升运河基础设施建设水平。")
    assert article.paragraphs == (BODY,
                                  "据统计，电影热映期间，越界影城周边酒店的搜索量同比增长超3倍。",
                                  "据悉，下一步，航务管理处将稳步提升运河基础设施建设水平。")
    assert all(block.kind == "p" for block in article.body)


def test_notes_signatures_and_closing_lines_end_a_story_not_start_one():
    first, second = page("让老字号焕发新活力", "王  浩", BODY, "——编  者", MORE,
                         "（作者为某大学教授）", "古戏台拥抱年轻人（快评）", "曹雪盟", BODY)
    assert first.paragraphs == (BODY, "——编  者", MORE, "（作者为某大学教授）")
    assert (second.title, second.reporters) == ("古戏台拥抱年轻人（快评）", ("曹雪盟",))
