"""Chinese text into translation segments (sentences)."""

from __future__ import annotations

import re

SENTENCE_ENDS = "。！？；!?;…"
CLOSERS = "”’」』）)】》〉\""
COMMAS = "，,"
# A sentence: anything up to a run of sentence-final marks and the closing quotes or
# brackets printed after them ("……。”" stays with its sentence), or the end of the text.
_SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}\n]*(?:[{SENTENCE_ENDS}]+[{CLOSERS}]*|\n|$)")
_CLAUSE = re.compile(rf"[^{COMMAS}]*(?:[{COMMAS}]+[{CLOSERS}]*|$)")


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
