"""bylines.py: reporters, photographers, credits and datelines in their printed forms."""

from __future__ import annotations

import pytest

from site_builder.parse.bylines import Byline, parse_byline, split_dateline, split_photo_credit


@pytest.mark.parametrize(("line", "reporters", "photographers"), [
    ("全媒体记者 魏佳佳", ("魏佳佳",), ()),
    ("本报记者 张三 李四", ("张三", "李四"), ()),
    ("本报记者 贺  勇", ("贺勇",), ()),
    ("本报记者 贺 勇 李四", ("贺勇", "李四"), ()),
    ("记者 王小明", ("王小明",), ()),
    ("□记者 王小明", ("王小明",), ()),
    ("通讯员 王五", ("王五",), ()),
    ("本报记者 张三 通讯员 李四 王五", ("张三", "李四", "王五"), ()),
    ("（记者 张三）", ("张三",), ()),
    ("（记者张三 通讯员李四）", ("张三", "李四"), ()),
    ("全媒体记者 谭礼潇 图", (), ("谭礼潇",)),
    ("张三 摄", (), ("张三",)),
    ("张三 李四 摄", (), ("张三", "李四")),
    ("新华社记者 张三 摄", (), ("张三",)),
    ("文/张三 图/李四", ("张三",), ("李四",)),
    ("阿依·买买提 摄", (), ("阿依·买买提",)),
])
def test_bylines(line, reporters, photographers):
    assert parse_byline(line) == Byline(reporters, photographers)


@pytest.mark.parametrize("line", ["制图：王五", "数据来源：市统计局", "受访者供图", "新华社发",
                                  "本报资料图片"])
def test_credit_lines_are_kept_whole(line):
    assert parse_byline(line) == Byline(credits=(line,))


@pytest.mark.parametrize("line", [
    "我市公布一批经许可烟花爆竹经营零售点", "实干论英雄 奋战第一线", "谢谢 大家", "记者和通讯员",
    "记者 X", "乘势而上再出发", "记者从市发改局获悉，我市近日出台二十条新举措",
])
def test_other_lines_are_not_bylines(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize(("paragraph", "dateline", "reporters", "rest"), [
    ("本报讯 近日，我市公布", "本报讯", (), "近日，我市公布"),
    ("本报讯近日，我市公布", "本报讯", (), "近日，我市公布"),
    ("本报北京1月9日电（记者 张三）今天", "本报北京1月9日电", ("张三",), "今天"),
    ("本报讯（记者 张三 通讯员 李四）近日", "本报讯", ("张三", "李四"), "近日"),
    ("新华社杭州2月1日电 全省", "新华社杭州2月1日电", (), "全省"),
    ("义乌商报讯 近日", "义乌商报讯", (), "近日"),
    ("本报讯（本报综合）近日", "本报讯", (), "（本报综合）近日"),  # not a byline: kept as text
    ("本报记者近日走访", None, (), "本报记者近日走访"),
])
def test_datelines(paragraph, dateline, reporters, rest):
    found, byline, text = split_dateline(paragraph)
    assert (found, byline.reporters if byline else (), text) == (dateline, reporters, rest)


def test_photo_credit_after_a_caption():
    shot = Byline(photographers=("张三",))
    assert split_photo_credit("活动现场。 全媒体记者 张三 摄") == ("活动现场。", shot)
    supplied = Byline(credits=("受访者供图",))
    assert split_photo_credit("游客游玩。 受访者供图") == ("游客游玩。", supplied)
    assert split_photo_credit("活动现场。") is None


@pytest.mark.parametrize(("line", "reporters", "photographers"), [
    ("□ 钱江", ("钱江",), ()),  # a commentator's name under a headline, marked, no role word
    ("◎ 钱江 李四", ("钱江", "李四"), ()),
    ("□ 钱江 李四 王五", ("钱江", "李四", "王五"), ()),
    ("文/摄 张三", ("张三",), ("张三",)),  # words and pictures by one person
    ("文图 张三", ("张三",), ("张三",)),
    ("本报记者 张三 文/摄 李四", ("张三", "李四"), ("李四",)),
    ("张三摄", (), ("张三",)),
    ("新华社记者 刘续摄（人民视觉）", (), ("刘续",)),
    ("记者" + " 张三" * 18 + " 王小明", ("张三",) * 18 + ("王小明",), ()),  # 60: the longest
    ("张三 摄（人民视觉）", (), ("张三",)),  # an agency after a spaced credit
    ("黄  海摄（人民视觉）", (), ("黄海",)),
    ("（记者张三 摄影李四）", ("张三",), ("李四",)),  # in brackets, roles and names run together
])
def test_marked_names_words_and_pictures_and_the_longest_byline(line, reporters, photographers):
    assert parse_byline(line) == Byline(reporters, photographers)


@pytest.mark.parametrize("line", ["□ 钱江 李四 王五 赵六", "钱江", "王摄",
                                  "记者" + " 张三" * 18 + " 王小明明", "张" * 61])
def test_lines_that_only_look_like_bylines(line):
    assert parse_byline(line) is None
