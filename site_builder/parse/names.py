"""Person names as bylines print them: padded two-character names, names without a role word."""

from __future__ import annotations

import re

from site_builder.parse.normalise import HAN

# A name: two to four characters ("欧阳娜娜" is one name), or a transcribed minority or foreign
# name joined by a middle dot ("阿依·买买提").
NAME = re.compile(f"[{HAN}]{{2,4}}|[{HAN}]{{1,8}}·[{HAN}·]{{1,12}}")
NAMES_MAX = 4  # names on one byline line without a role word
# Common surnames (single and compound). Only a line of names without any role word needs
# them: "杨清越" under a headline is a byline, "曼谷" under a subheading is not.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲"
    "房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟"
    "应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐"
    "冀郁胥南班储原栗郜粟揭浦宿练都訾逯"
)
_COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延", "澹台", "申屠", "钟离", "赫连",
))


def close_up(words: list[str]) -> list[str] | None:
    """Join the padded halves of two-character names ("贺", "勇" → "贺勇"); None if one is left."""
    names: list[str] = []
    single: str | None = None
    for word in words:
        if len(word) == 1:
            if single is None:
                single = word
                continue
            word, single = single + word, None
        elif single is not None:
            return None
        names.append(word)
    return None if single is not None else names


def bare_names(line: str) -> tuple[str, ...] | None:
    """Read a line that is only names ("魏常年", "王  观", "张闻捷  宫希成"); None otherwise.

    Such a line has no role word, so each name must start with a common surname, unless it
    is printed padded ("有  鱼"), the way papers set a two-character name: a pen name.
    """
    words = line.split()
    names = close_up(words)
    if not names or len(names) > NAMES_MAX or not all(NAME.fullmatch(n) for n in names):
        return None
    padded = {a + b for a, b in zip(words, words[1:], strict=False) if len(a) == len(b) == 1}
    if all(name in padded or has_surname(name) for name in names):
        return tuple(names)
    return None


def has_surname(name: str) -> bool:
    """True when a name starts with a common Chinese surname (or is a transcribed name)."""
    return "·" in name or name[:2] in _COMPOUND_SURNAMES or name[0] in _SURNAMES
