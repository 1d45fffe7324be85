"""Recognise bylines, photo credits and datelines in normalised page lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from site_builder.parse.names import NAME, close_up
from site_builder.parse.normalise import HAN

# Who wrote or shot it: role words, optionally with their prefixes ("全媒体记者", "本报驻福建记者").
_PREFIXES = (rf"本报驻[{HAN}]{{1,6}}?(?=记者)|本报|全媒体|融媒体|新媒体|见习|特约|首席|实习|驻站"
             r"|新华社|中新社|人民日报|本台|本刊")
_WRITER = rf"(?:{_PREFIXES})*(?:记者|通讯员|实习生)|撰文|撰稿|文字|文"
_PHOTO = rf"(?:{_PREFIXES})*摄影记者|摄影|摄|图片|图"
_PHOTO_ROLE = re.compile(_PHOTO)
_ROLE = re.compile(f"文摄|{_PHOTO}|{_WRITER}")  # 文摄: "文/摄", words and pictures by one person
_WORDS_AND_PICTURES = re.compile(r"(?:文|图)\s*[/／]\s*(?:摄|图|文)|文图")
_NAME = NAME
# "记者张三" and "张三摄" are printed without a space too.
_ROLE_THEN_NAME = re.compile(
    rf"((?:{_PREFIXES})*(?:记者|通讯员|实习生|摄影记者|摄影))({_NAME.pattern})")
_TOKEN_SEPARATORS = re.compile(r"[\s、，,：:/／|]+")
_MAX_BYLINE = 60

# Credit lines kept whole: map makers, page designers, data sources, pictures supplied by
# someone, drawings ("朱慧卿绘（新华社发）").
_CREDIT = re.compile(rf"^(?:(?:制图|设计|版式设计|版式|美编|漫画|插画|视频|统筹|本期统筹|策划"
                     rf"|资料图片|图片来源|数据来源|来源)[：:].{{1,40}}"
                     rf"|[{HAN}\w]{{0,20}}(?:供图|资料图片|资料图|提供)|图片由.{{1,30}}提供"
                     rf"|[{HAN}\s]{{2,12}}绘|[{HAN}]{{1,8}}社发|(?:本报|本刊|人民日报)?(?:特约)?评论员)$")
# The agency of a picture, printed after its credit: "黄  海摄（人民视觉）".
_AGENCY = re.compile(r"(?<=[摄绘图供提发])\s*（[^（）]{1,12}）$")
# "以上图片均为刘帅冶摄", "图片均由受访者提供": one credit for the pictures above it.
ALL_PICTURES = re.compile(r"^(?:以上|上)?(?:图片|照片|组图)(?:均|皆|都)?(?:为|由|系)\s*")
# "本报讯", "本报北京1月9日电", "新华社杭州2月1日电", "义乌商报讯", "本报电", with an optional
# byline in brackets right after it: "本报讯（记者 张三 通讯员 李四）".
_DATELINE = re.compile(
    rf"^((?:[{HAN}]{{0,6}}(?:报|网|台)|新华社|中新社)"
    rf"(?:[{HAN}]{{0,8}}\d{{1,2}}月\d{{1,2}}日电|电(?=[\s（])|综合讯|讯))"
    r"\s*(?:（([^（）]{1,40})）)?\s*"
)


@dataclass(frozen=True)
class Byline:
    """People and credits named on one line."""

    reporters: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()

    @property
    def has_reporters(self) -> bool:
        """True when the line names a writer (it opens an article), not only pictures."""
        return bool(self.reporters)


@dataclass
class _Group:
    """A role word and the names it applies to, while a byline is being read."""

    role: bool
    photo: bool = False
    both: bool = False  # "文/摄": the names wrote and shot it
    closed: bool = False  # a trailing "摄" ended it
    names: list[str] = field(default_factory=list)


def parse_byline(line: str) -> Byline | None:
    """Read a byline or credit line ("本报记者 张三 李四", "张三 摄"); None if it is not one."""
    text = line.strip()
    marked = text[:1] in "□◎"  # "□ 钱江": a commentator's name under a headline, no role word
    text = _WORDS_AND_PICTURES.sub("文摄", text.lstrip("□■●◎▲").strip())
    bracketed = text.startswith("（") and text.endswith("）")
    if bracketed:
        text = text[1:-1].strip()  # an end-of-article byline: "（记者 张三）"
    if not text or len(text) > _MAX_BYLINE:
        return None
    if _CREDIT.match(text):
        return Byline(credits=(text,))
    shot = _picture_credit(text)
    if shot is not None:
        return shot
    # "记者张三" run together is only believed in brackets: as a line it may be a headline.
    return _parse_roles(text, attached=bracketed, marked=marked)


def _picture_credit(text: str) -> Byline | None:
    """Read "X摄", "以上图片均为新华社记者刘续摄（人民视觉）", "受访者提供"; None otherwise."""
    core = _AGENCY.sub("", text)
    whole = ALL_PICTURES.match(core)
    core = core[whole.end():] if whole else core
    if core != text and _CREDIT.match(core):
        return Byline(credits=(text,))
    if len(core) < 3 or not core.endswith("摄") or core.endswith(" 摄"):
        return None if core == text else _parse_roles(core, attached=True)
    # "宋家儒摄", "本报记者  方  敏摄": the role word is printed against the last name.
    return _parse_roles(f"{core[:-1].rstrip()} 摄", attached=True)


def _parse_roles(text: str, attached: bool, marked: bool = False) -> Byline | None:
    """Read role words and the names they introduce; a trailing "摄"/"图" marks photographers."""
    tokens = _tokens(text, attached)
    if not tokens:
        return None
    if marked and len(tokens) <= 3 and all(kind == "name" for kind, _ in tokens):
        return Byline(reporters=tuple(word for _, word in tokens))
    groups: list[_Group] = []
    for index, (kind, word) in enumerate(tokens):
        if kind == "name":
            if not groups or groups[-1].closed:
                groups.append(_Group(role=False))  # names before their role: "张三 摄"
            groups[-1].names.append(word)
            continue
        both = word == "文摄"
        photo = not both and bool(_PHOTO_ROLE.fullmatch(word))
        followed_by_name = index + 1 < len(tokens) and tokens[index + 1][0] == "name"
        if (photo or both) and not followed_by_name and groups and groups[-1].names:
            groups[-1].role = groups[-1].closed = True  # "记者 谭礼潇 图", "记者 赵六 文/摄"
            groups[-1].photo, groups[-1].both = groups[-1].photo or photo, both
        else:
            groups.append(_Group(role=True, photo=photo, both=both))
    if any(not group.names or not group.role for group in groups):
        return None
    reporters = [name for group in groups if not group.photo for name in group.names]
    photographers = [name for group in groups if group.photo or group.both for name in group.names]
    return Byline(tuple(reporters), tuple(photographers))


def _tokens(text: str, attached: bool) -> list[tuple[str, str]] | None:
    """Split a byline into ("role", word) and ("name", name) tokens; None on any other word."""
    tokens: list[tuple[str, str]] = []
    names: list[str] = []  # the words since the last role word, closed up into names
    for word in (w for w in _TOKEN_SEPARATORS.split(text) if w):
        match = _ROLE_THEN_NAME.fullmatch(word) if attached else None
        if _ROLE.fullmatch(word) or match:
            if not _flush(names, tokens):
                return None
            tokens.append(("role", match.group(1) if match else word))
            if match:
                names.append(match.group(2))
        else:
            names.append(word)
    return tokens if _flush(names, tokens) else None


def _flush(words: list[str], tokens: list[tuple[str, str]]) -> bool:
    """Move the words read since the last role word into tokens as names; False if one is none."""
    names = close_up(words)
    if names is None or not all(_NAME.fullmatch(name) for name in names):
        return False
    tokens.extend(("name", name) for name in names)
    words.clear()
    return True


def split_dateline(paragraph: str) -> tuple[str | None, Byline | None, str]:
    """Take "本报讯（记者 X）" off the start of a paragraph: (dateline, byline, rest of text)."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, None, paragraph
    byline = parse_byline(f"（{match.group(2)}）") if match.group(2) else None
    if match.group(2) and byline is None:
        return match.group(1), None, paragraph[len(match.group(1)):].strip()
    return match.group(1), byline, paragraph[match.end():]


def has_dateline(paragraph: str) -> bool:
    """True when a paragraph opens with a dateline."""
    return _DATELINE.match(paragraph) is not None


def split_photo_credit(line: str) -> tuple[str, Byline] | None:
    """Split "活动现场。 全媒体记者 张三 摄" into the caption and its photo credit."""
    if not line.endswith(("摄", "图")):
        return None
    tail = max(0, len(line) - _MAX_BYLINE - 2)  # a credit is short: look at the end only
    for match in re.compile(r"[。！？”）]\s*|\s+").finditer(line, tail):
        byline = parse_byline(line[match.end():])
        if byline and not byline.reporters:
            return line[:match.end()].strip(), byline
    return None
