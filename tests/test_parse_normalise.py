"""normalise.py: punctuation and whitespace clean-up, paragraph ends and joins."""

from __future__ import annotations

import time

import pytest

from site_builder.parse.normalise import has_han, is_finished, join_fragments, normalise_text


@pytest.mark.parametrize(("raw", "clean"), [
    ("前段时间,又一批青年创客", "前段时间，又一批青年创客"),
    ("四大契机,系统推动结对进程:以团组互访为驱动", "四大契机，系统推动结对进程：以团组互访为驱动"),
    ("浙江中欧班列(义新欧)沿线", "浙江中欧班列（义新欧）沿线"),
    ("统一进货渠道;统一证照", "统一进货渠道；统一证照"),
    ("真的吗?太好了!", "真的吗？太好了！"),
    ("通过使用AI,实现定制化", "通过使用AI，实现定制化"),  # Latin before, Chinese after
    ("恰缝科技(Qiafeng Tech)发布", "恰缝科技（Qiafeng Tech）发布"),  # the pair stays a pair
    ("近日 , 我市公布", "近日，我市公布"),  # spaces around the mark are layout residue
    ("“朋友圈”,扩至51城", "“朋友圈”，扩至51城"),
])
def test_ascii_punctuation_in_chinese_becomes_full_width(raw, clean):
    assert normalise_text(raw) == clean


@pytest.mark.parametrize("text", [
    "“7+4+4”国际友城工作体系",
    "带动有效投资6.74亿元",
    "增长约31.42%,其中",  # the comma changes, the decimal does not
    "Hello, world (ok): fine; right? yes!",
    "共5,000人",
    "上午10:30开始",
])
def test_numbers_and_latin_stay_ascii(text):
    clean = normalise_text(text)
    for keep in ("7+4+4", "6.74", "31.42%", "Hello, world (ok): fine; right? yes!", "5,000",
                 "10:30"):
        if keep in text:
            assert keep in clean


def test_urls_and_emails_are_untouched():
    raw = "详见http://www.yiwu.gov.cn/a?b=1,c=2,或发邮件至news@yiwu.cn,谢谢"
    assert normalise_text(raw) == "详见http://www.yiwu.gov.cn/a?b=1,c=2，或发邮件至news@yiwu.cn，谢谢"


def test_curly_quotes_are_kept():
    assert normalise_text("“义路同行”‘智能裤厂’") == "“义路同行”‘智能裤厂’"


def test_whitespace_and_widths():
    assert normalise_text("  全媒体记者 魏佳佳\t ") == "全媒体记者 魏佳佳"
    assert normalise_text("２０２６年ＡＩ") == "2026年AI"
    assert normalise_text("义\u200b乌\ufeff") == "义乌"
    assert normalise_text("\u3000\u3000新春佳节 即将到来") == "新春佳节 即将到来"  # an indent goes


def test_a_wide_space_stays_wide():
    # An ideographic space or two spaces pad a name ("贺  勇") and set a couplet headline's
    # halves apart ("小丝网  大能量"); a single space is only a space.
    assert normalise_text("贺  勇") == "贺  勇"
    assert normalise_text("小丝网\u3000大能量") == "小丝网  大能量"
    assert normalise_text("本报记者 \u3000 贺勇") == "本报记者  贺勇"


def test_unmatched_parentheses():
    assert normalise_text("如图(一所示") == "如图（一所示"
    assert normalise_text("见上文)所述") == "见上文）所述"


@pytest.mark.parametrize(("text", "finished"), [
    ("注意安全。", True), ("他说：“好。”", True), ("真的吗？", True), ("……", True),
    ("统一进货渠道；", True), ("要求如下：", True),
    ("服务国", False), ("西山下、", False), ("两三天都逛不完，商品也真正", False), ("", False),
])
def test_paragraph_ends(text, finished):
    assert is_finished(text) is finished


def test_join_fragments():
    assert join_fragments("服务国", "家战略") == "服务国家战略"
    assert join_fragments("增长6.", "74亿元") == "增长6.74亿元"
    assert join_fragments("the new", "system") == "the new system"


def test_has_han():
    assert has_han("abc义") and not has_han("abc 123")


def test_a_long_line_normalises_in_linear_time():
    line = "义乌,市场(繁荣):" * 12_000  # about 100,000 characters full of marks
    start = time.perf_counter()
    clean = normalise_text(line)
    assert time.perf_counter() - start < 1
    assert "," not in clean and "（繁荣）" in clean
