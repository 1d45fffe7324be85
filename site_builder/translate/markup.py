"""Translation that keeps inline Markdown: segments with placeholders, only text to the model.

A segment (one PO msgid) keeps its inline markup as mdpo does, each link target, picture file
and bare URL replaced by a numbered placeholder: `详情见[市体育局网站](1)。`, `见<2>。`. The
targets are restored from the Chinese source when the English is put together, so URLs and
file names never reach the memory or the model. The model sees only the text runs between
markup ("详情见", "市体育局网站", "。"), each once; the English runs are put back between the
same markup. An editor's correction is checked: a lost or invented placeholder or unbalanced
markup makes the segment fall back to its plain words (see restore).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from site_builder.content.inline import Piece, escape, may_mark, tokenize, unescape
from site_builder.translate.segment import CLOSERS, COMMAS, SENTENCE_ENDS, split_sentences

_SENTENCE = re.compile(rf"[^{SENTENCE_ENDS}\n]*(?:[{SENTENCE_ENDS}]+[{CLOSERS}]*|\n|$)")
_CLAUSE = re.compile(rf"[^{COMMAS}]*(?:[{COMMAS}]+[{CLOSERS}]*|$)")
_WORDS = re.compile(r"\w")
_PUNCTUATION = str.maketrans("。，、：；！？（）“”‘’", ".,,:;!?()\"\"''")
_OPENS = ("[", "![")


class Segment(NamedTuple):
    """One translation unit: its msgid (placeholders for targets) and the targets' source."""

    msgid: str
    targets: tuple[str, ...] = ()  # what placeholder n stands for, n = 1, 2, …
    angles: tuple[bool, ...] = ()  # placeholder n is "<n>" (a bare URL), else "(n)"


def split_marked(source: str, max_chars: int) -> list[Segment]:
    """Cut inline Markdown into sentence segments, never inside markup."""
    pieces = tokenize(source)
    if all(piece.kind == "text" for piece in pieces):
        return [Segment(s) for s in split_sentences(source, max_chars)]
    masked = _mask(pieces)
    segments = []
    for match in _SENTENCE.finditer(masked):
        for start, end in _clauses(masked, match.start(), match.end(), max_chars):
            text = source[start:end].strip()
            if text:
                segments.append(_segment(text))
    return segments


def _mask(pieces: list[Piece]) -> str:
    """Return the source with everything but top-level text blanked out (same length)."""
    out, depth, emphasis = [], 0, []
    for piece in pieces:
        if piece.kind == "mark" and piece.source in _OPENS:
            depth += 1
        elif piece.kind == "mark" and piece.source[0] == "]" and piece.source != "](":
            depth = max(depth - 1, 0)  # "][ref]"
        elif piece.kind == "mark" and piece.source == ")":
            depth = max(depth - 1, 0)
        elif piece.kind == "mark" and piece.source[0] in "*_":
            if emphasis and emphasis[-1] == piece.source:
                emphasis.pop()
            else:
                emphasis.append(piece.source)
        top = piece.kind == "text" and depth == 0 and not emphasis
        out.append(piece.source if top else "x" * len(piece.source))
    return "".join(out)


def _clauses(masked: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split a long sentence at top-level commas; never cut markup."""
    if end - start <= max_chars:
        return [(start, end)]
    spans, current = [], start
    for match in _CLAUSE.finditer(masked, start, end):
        if match.start() > current and match.end() - current > max_chars:
            spans.append((current, match.start()))
            current = match.start()
    spans.append((current, end))
    return spans


def _segment(text: str) -> Segment:
    """Replace the targets of one segment by numbers: "(1)" in a link, "<2>" for a URL."""
    out, targets, angles = [], [], []
    for piece in tokenize(text):
        if piece.kind == "target":
            targets.append(piece.source)
            angles.append(piece.angle)
            out.append(f"<{len(targets)}>" if piece.angle else str(len(targets)))
        else:
            out.append(piece.source)
    return Segment("".join(out), tuple(targets), tuple(angles))


def restore(segment: Segment, msgstr: str) -> str | None:
    """Put the segment's targets back into a translation; None if its markup is broken."""
    if not segment.targets and not may_mark(msgstr):  # most sentences: nothing to put back
        return msgstr
    return restore_plain(segment, msgstr)


def restore_plain(segment: Segment, msgstr: str) -> str | None:
    """restore() without its shortcut for text without markup (the test oracle)."""
    pieces = tokenize(msgstr, placeholders=True)
    expected = sorted((str(n), angle) for n, angle in enumerate(segment.angles, start=1))
    found = sorted((p.source.strip("<>"), p.angle) for p in pieces if p.kind == "target")
    if found != expected or not _balanced(pieces):
        return None  # lost, doubled or invented a placeholder; a span left open
    out = []
    for piece in pieces:
        if piece.kind == "target":
            out.append(segment.targets[int(piece.source.strip("<>")) - 1])
        else:
            out.append(piece.source)
    return "".join(out)


def _balanced(pieces: list[Piece]) -> bool:
    """True when links open and close in pairs and each emphasis marker closes."""
    depth, emphasis = 0, []
    for piece in pieces:
        if piece.kind == "text" and "`" in piece.source.replace("\\`", ""):
            return False  # a code span lost a backtick
        if piece.kind != "mark":
            continue
        if piece.source in _OPENS:
            depth += 1
        elif piece.source == "](" or piece.source.startswith("]["):
            depth -= 1
            if depth < 0:
                return False
        elif piece.source[0] in "*_":
            if emphasis and emphasis[-1] == piece.source:
                emphasis.pop()
            else:
                emphasis.append(piece.source)
    return depth == 0 and not emphasis


def plain_words(msgstr: str) -> str:
    """Return a translation's words as Markdown text without markup (the safe fallback)."""
    words = []
    for piece in tokenize(msgstr, placeholders=True):
        if piece.kind == "text":
            words.append(unescape(piece.source))
        elif piece.kind == "mark" and piece.source.startswith("`"):
            words.append(piece.source.strip("`"))
    return escape(re.sub(r"\s+", " ", "".join(words)).strip())


def translate_marked(translate: Callable[[list[str]], list[str]],
                     msgids: Sequence[str]) -> list[str]:
    """Translate msgids through a model that sees only their text runs, each once."""
    split = [tokenize(msgid, placeholders=True) for msgid in msgids]
    runs = list(dict.fromkeys(
        unescape(p.source).strip() for pieces in split for p in pieces
        if p.kind == "text" and _WORDS.search(p.source)))
    english = dict(zip(runs, translate(runs), strict=True)) if runs else {}
    return [_assemble(pieces, english) for pieces in split]


def _assemble(pieces: list[Piece], english: dict[str, str]) -> str:
    """Put English runs between the segment's markup, spaced as English is."""
    out: list[str] = []
    pending: list[tuple[str, bool]] = []  # markup since the last words: (source, opens)
    last, emphasis = "", []
    for piece in pieces:
        if _is_markup(piece):
            pending.append((piece.source, _opens(piece.source, emphasis)))
            continue
        words = _english_of(piece, english)
        if not words:
            continue
        if last and _needs_space(last, words):  # before the first opener, else right here
            at = next((i for i, (_, opens) in enumerate(pending) if opens), len(pending))
            pending.insert(at, (" ", False))
        out += [source for source, _ in pending] + [words]
        pending, last = [], words
    return ("".join(out) + "".join(source for source, _ in pending)).strip()


def _is_markup(piece: Piece) -> bool:
    """Brackets, emphasis and link targets; text, code spans and bare URLs read as words."""
    if piece.kind == "target":
        return not piece.angle
    return piece.kind == "mark" and not piece.source.startswith("`") and \
        not piece.source.startswith("[^")


def _opens(source: str, emphasis: list[str]) -> bool:
    """Tell whether a markup piece opens a span (tracking emphasis markers as they pair)."""
    if source in _OPENS:
        return True
    if source[0] not in "*_":
        return False
    if emphasis and emphasis[-1] == source:
        emphasis.pop()
        return False
    emphasis.append(source)
    return True


def _english_of(piece: Piece, english: dict[str, str]) -> str:
    """Return the English of a text run (escaped Markdown); other word pieces as they are."""
    if piece.kind != "text":
        return piece.source
    run = unescape(piece.source).strip()
    if not _WORDS.search(run):
        return escape(run.translate(_PUNCTUATION)) if run else ""
    return escape(english.get(run, "").strip())


def _needs_space(before: str, words: str) -> bool:
    """True when English words after `before` want a space between (not before a comma)."""
    return before[-1] not in "([“‘\"'" and (words[0].isalnum() or words[0] in "([“\"`<\\")
