"""Chinese text into translation segments (sentences) and jieba keywords for tags."""

from __future__ import annotations

import functools
import logging
import re
from types import ModuleType

SENTENCE_ENDS = "。！？；!?;…"
CLOSERS = "”’」』）)】》〉\""
COMMAS = "，,"
# A sentence: anything up to a run of sentence-final marks and the closing quotes or
# brackets printed after them ("……。”" stays with its sentence), or the end of the text.
_SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}\n]*(?:[{SENTENCE_ENDS}]+[{CLOSERS}]*|\n|$)")
_CLAUSE = re.compile(rf"[^{COMMAS}]*(?:[{COMMAS}]+[{CLOSERS}]*|$)")

# Nouns, place names, organisations and other proper nouns make good tags; person names
# (nr) do not: the reporter pages already cover people and MT mangles names.
TAG_POS = ("ns", "nt", "nz", "n", "vn")


def split_sentences(text: str, max_chars: int = 150) -> list[str]:
    """Split a paragraph into sentences, none longer than max_chars."""
    segments: list[str] = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence:
            segments.extend(split_long(sentence, max_chars))
    return segments


def split_long(sentence: str, max_chars: int) -> list[str]:
    """Split a sentence longer than max_chars at commas, then hard at max_chars."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in (m.group() for m in _CLAUSE.finditer(sentence) if m.group()):
        if current and len(current) + len(clause) > max_chars:
            pieces.append(current)
            current = ""
        current += clause
        while len(current) > max_chars:  # a clause with no comma in reach: cut it
            pieces.append(current[:max_chars])
            current = current[max_chars:]
    if current:
        pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


@functools.cache
def _jieba_analyse() -> ModuleType:
    """Import and initialise jieba once, without its start-up chatter on stderr."""
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.analyse


def extract_tags(text: str, count: int) -> tuple[str, ...]:
    """Return up to count keywords of text, nouns and place names first (deterministic)."""
    analyse = _jieba_analyse()
    preferred = analyse.extract_tags(text, topK=count * 2, allowPOS=TAG_POS)
    tags = [word for word in preferred if _good_tag(word)][:count]
    if len(tags) < count:  # short texts: top up with keywords of any kind
        extra = analyse.extract_tags(text, topK=count * 3)
        tags += [w for w in extra if _good_tag(w) and w not in tags][: count - len(tags)]
    return tuple(tags)


def _good_tag(word: str) -> bool:
    """Keep words of two or more characters that contain a Chinese character."""
    return len(word) >= 2 and any("\u4e00" <= ch <= "\u9fff" for ch in word)
