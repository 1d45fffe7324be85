"""One article's candidate tag terms, cut by jieba: the costly step, cached by the text's hash.

jieba's dictionary cuts names it does not know into pieces (月白塘 -> 月白 + 塘, 稠江街道 ->
稠江 + 街道), so neighbouring pieces that always occur together in the text, at least twice,
are joined back into one term: the text's own whole word. jieba's part-of-speech marks are
trusted where they are reliable: person names (nr) only for words its HMM found outside the
dictionary (its dictionary marks 许可, 弘扬 and 幼儿园 as names), places, organisations and
other proper nouns (ns, nt, nz) from the dictionary.
"""

from __future__ import annotations

import functools
import logging
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType

# What a candidate is, and how much its kind counts when tags are scored (choose.py).
PERSON, PROPER, NOUN = "person", "proper", "noun"
MAX_CHARS = 8  # longer runs are phrases, not tags
PROPER_FLAGS = ("ns", "nt", "nz", "nrt")
NOUN_FLAGS = ("n", "nr", "nrfg", "ng", "nw")  # the dictionary's nr is noise: a plain noun
# What may follow a piece to make a name: a one-character suffix (塘, 村, 镇) after a word, or
# a noun after a piece jieba does not know (稠江 + 街道, 恰缝 + 科技).
SUFFIX_FLAGS = frozenset(("n", "j", "zg", "ns", "ng"))
HEAD_FLAGS = frozenset(("n", "ns", "nt", "nz", "ng"))
# Words every local news story uses: they name no subject a reader would follow.
_STOP_TEXT = """
记者 通讯员 本报 我市 全市 市民 群众 工作 工作人员 负责人 人员 活动 现场 时间 时刻 目前 今年
去年 明年 日前 近日 下一步 方面 问题 情况 形式 意义 氛围 特质 方式 模式 水平 能力 体系 机制
效率 质量 作用 力量 内容 平台 资源 领域 空间 精神 生活 服务 管理 单位 部门 城市 社会 国家
全国 全省 地区 区域 基础 关键 核心 重点 特色 全面 精准 统一 传统 动力 路径 方向 环节 措施
成果 效果 价值 主题 形象 关系 条件 品质 优势 潜力 契机 进程 起点 桥梁 纽带 引擎 样本 缩影
经验 做法 举措 目标 任务 要求 标准 规定 政策 制度 责任 主体 大家 公众 居民 村民 百姓 全民
一批 一系列 系列 数量 规模 总量 比例 部分 同时 期间 过程 阶段 之际 当天 上午 下午 晚上
"""
STOPWORDS = frozenset(_STOP_TEXT.split())
# tag -> whether it is a person's name: a pure function's memo, kept between builds by the
# English cache, so an edit whose tags are all known does not load jieba (a second or more).
_PEOPLE: dict[str, bool] = {}


@dataclass(frozen=True)
class Terms:
    """The candidate tags of one text, in order of first occurrence (ties go to the earlier).

    Kept column by column: thousands of these are pickled into the cache and back.
    """

    words: tuple[str, ...]
    counts: tuple[int, ...]  # occurrences, the title's counted twice
    kinds: tuple[str, ...]  # PERSON, PROPER or NOUN
    priors: tuple[float, ...]  # share of documents with the word in jieba's corpus: exp(-idf)


@functools.cache
def _jieba() -> tuple[ModuleType, dict[str, float], float]:
    """Import and initialise jieba and its keyword tables once; return it, IDF table, median."""
    import jieba
    import jieba.analyse

    _tagger()
    jieba.initialize()
    idf = jieba.analyse.default_tfidf
    return jieba, idf.idf_freq, idf.median_idf


@functools.cache
def _tagger() -> tuple[ModuleType, dict[str, str]]:
    """Import jieba's part-of-speech tagger once; return it and its table (word -> flag).

    All that telling a tag's kind needs: jieba's keyword tables are not loaded, and its
    dictionary only when a word outside the table must be cut.
    """
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg, jieba.posseg.dt.word_tag_tab


def warm_up() -> None:
    """Load jieba's dictionaries now (before forking workers that then share them)."""
    _jieba()


def analyse(title: str, body: str) -> Terms:
    """Return the candidate tag terms of an article's title and body text."""
    jieba, idf, median = _jieba()
    words, joined = _joined(jieba.lcut(f"{title}\n{body}"))
    title_end = words.index("\n")  # joining never crosses it: it is not a Han character
    counts = Counter(words)  # in order of first occurrence
    counts.update(words[:title_end])  # the title's words count twice
    kept = [(word, count, kind) for word, count in counts.items()
            if (kind := _joined_kind(word) if word in joined else word_kind(word)) is not None]
    return Terms(tuple(w for w, _, _ in kept), tuple(c for _, c, _ in kept),
                 tuple(k for _, _, k in kept),
                 tuple(math.exp(-idf.get(w, median)) for w, _, _ in kept))


def word_kind(word: str) -> str | None:
    """Return what kind of candidate tag a word (or joined word) is, None if it is none."""
    if not 2 <= len(word) <= MAX_CHARS or not _is_han(word) or word in STOPWORDS:
        return None
    posseg, table = _tagger()
    flag = table.get(word)
    if flag is None:  # outside the dictionary: a name jieba's HMM found, or pieces joined
        return _unknown_kind(word, posseg)
    if flag.startswith(PROPER_FLAGS):
        return PROPER
    return NOUN if flag in NOUN_FLAGS else None


@functools.lru_cache(maxsize=65536)
def _unknown_kind(word: str, posseg: ModuleType) -> str | None:
    """Tell the kind of a word jieba's dictionary lacks by tagging it alone."""
    pieces = posseg.lcut(word)
    if len(pieces) > 1:  # glued by jieba's HMM but not nameable: a coined name if long enough
        return PROPER if len(word) >= 3 else None  # 浙智巡, 义新欧; not 这一, 而成
    flag = pieces[0].flag
    if flag in ("nr", "nrfg"):
        return PERSON
    if flag.startswith(PROPER_FLAGS):
        return PROPER
    return NOUN if flag.startswith("n") else None


def is_person(word: str) -> bool:
    """Tell whether a tag is a person's name as jieba reads it (romanised, not translated)."""
    known = _PEOPLE.get(word)
    if known is None:
        known = _PEOPLE[word] = _is_han(word) and word_kind(word) == PERSON
    return known


def known_people() -> dict[str, bool]:
    """Return the tags told apart so far (to keep them for the next process)."""
    return dict(_PEOPLE)


def remember_people(people: Mapping[str, bool]) -> None:
    """Take tags told apart by an earlier process (by this same code: the caller checks)."""
    _PEOPLE.update(people)


def _joined_kind(word: str) -> str | None:
    """Return the kind of pieces the text always prints together: a name (月白塘), if short."""
    ok = len(word) <= MAX_CHARS and word not in STOPWORDS
    return PROPER if ok else None


def _joined(words: list[str]) -> tuple[list[str], set[str]]:
    """Join neighbours that the text always prints together (twice or more) into one word.

    Return the words and the set of joined ones.
    """
    joined: set[str] = set()
    for _ in range(3):  # 稠江 + 街道, then maybe that + another piece
        pairs = _pairs(words)
        if not pairs:
            break
        words = _merge(words, pairs)
        joined |= {word + after for word, after in pairs.items()}
    return words, joined


def _pairs(words: list[str]) -> dict[str, str]:
    """Return the words always followed by the same word, twice or more, that may join it."""
    follower: dict[str, str | None] = {}
    for word, after in zip(words, [*words[1:], None], strict=True):
        if follower.setdefault(word, after) != after:
            follower[word] = None  # followed by different words
    seen = Counter(words)
    return {word: after for word, after in follower.items()
            if after is not None and seen[word] >= 2 and _joins(word, after)}


def _merge(words: list[str], pairs: dict[str, str]) -> list[str]:
    """Replace each word of pairs and its follower by the two joined."""
    merged: list[str] = []
    skip = False
    for word, after in zip(words, [*words[1:], None], strict=True):
        if skip:
            skip = False
            continue
        if after is not None and pairs.get(word) == after:
            merged.append(word + after)
            skip = True
        else:
            merged.append(word)
    return merged


def _joins(word: str, after: str | None) -> bool:
    """Tell whether two neighbours may be one name: a word and a suffix, or unknown and noun."""
    if after is None or len(word) + len(after) > MAX_CHARS or not (
            _is_han(word) and _is_han(after)) or word in STOPWORDS or after in STOPWORDS:
        return False
    table = _tagger()[1]
    if len(after) == 1:
        return len(word) >= 2 and table.get(after) in SUFFIX_FLAGS
    return word not in table and table.get(after) in HEAD_FLAGS


def _is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)
