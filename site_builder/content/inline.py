"""Inline Markdown as pieces: text, markup kept verbatim, and link targets (URLs, files).

Not a renderer (that is Python-Markdown, in render/markdown.py): this finds where text is,
where markup is and where link targets are, so text can be escaped, shown plain, cut into
sentences outside markup, and translated while URLs and file names stay out of its way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# What a backslash escapes in Python-Markdown (with tables: "|").
ESCAPABLE = "\\`*_{}[]()>#+-.!|"
# Escaped in text given as plain (a seed line, a model's output): what could start markup.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_BLOCK_START = re.compile(r"^(?:#|>|[-+*](?:\s|$)|\d+\.(?:\s|$)|={3,}\s*$|-{3,}\s*$)")
_ORDERED = re.compile(r"^(\d+)\.")
_TOKEN = re.compile(
    r"(?P<escape>\\[" + re.escape(ESCAPABLE) + r"])"
    r"|(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<footref>\[\^[^\]\s]+\])"
    r"|(?P<autolink><(?:(?:https?|ftp)://[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>)"
    r"|(?P<placeholder><\d+>)"
    r"|(?P<url>(?:https?|ftp)://[^\s<>\[\]()（）\u3000-\u303f\uff00-\uffef\"']+)"
    r"|(?P<image>!\[)|(?P<open>\[)"
    r"|(?P<close>\](?:\(|\[[^\]]*\]))"
    r"|(?P<emphasis>\*+|(?<![^\W_])_+|_+(?![^\W_]))"
)
# What every _TOKEN match that is not text contains ("![" a "[", an escape reads as text):
# a text without any of these is one text piece.
_MAY_MARK = re.compile(r"[`\[\]<*_]|(?:https?|ftp)://")


class Piece(NamedTuple):
    """One piece of inline Markdown: text, markup kept as is, or a link target."""

    kind: str  # "text", "mark" (markup, code spans) or "target"
    source: str  # exactly as in the Markdown source
    angle: bool = False  # a target written <…> (autolink) or bare, not inside (…)


def tokenize(source: str, placeholders: bool = False) -> list[Piece]:
    """Cut inline Markdown into pieces; placeholders: read "<1>" and "](1)" as targets."""
    if not may_mark(source):  # most printed text: the alternation is costly to try
        return [Piece("text", source)] if source else []
    return tokenize_plain(source, placeholders)


def may_mark(text: str) -> bool:
    """Tell whether a text may hold markup or a link target (else it is one text piece)."""
    return _MAY_MARK.search(text) is not None


def tokenize_plain(source: str, placeholders: bool = False) -> list[Piece]:
    """tokenize() without its shortcut for text that has no markup (the test oracle)."""
    pieces: list[Piece] = []
    position = 0
    for match in _TOKEN.finditer(source):
        if match.start() < position:
            continue  # inside a link target already taken
        _text(pieces, source[position:match.start()])
        kind = match.lastgroup if match.lastgroup != "ticks" else "code"
        position = match.end()
        if kind == "close" and match.group().endswith("("):
            end = _target_end(source, position)
            if end is None:  # "](" without its ")": text
                _text(pieces, match.group())
                continue
            pieces += [Piece("mark", "]("), Piece("target", source[position:end]),
                       Piece("mark", ")")]
            position = end + 1
        elif kind in ("autolink", "url") or (kind == "placeholder" and placeholders):
            pieces.append(Piece("target", match.group(), angle=True))
        elif kind == "escape" or kind == "placeholder":
            _text(pieces, match.group())
        else:
            pieces.append(Piece("mark", match.group()))
    _text(pieces, source[position:])
    return pieces


def _text(pieces: list[Piece], text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == "text":
        pieces[-1] = Piece("text", pieces[-1].source + text)
    else:
        pieces.append(Piece("text", text))


def _target_end(source: str, start: int) -> int | None:
    """Return the index of the ")" closing a link target that starts at start."""
    depth = 0
    index = start
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return None


def escape(text: str) -> str:
    """Turn plain text into Markdown that shows exactly it (one line, no markup)."""
    text = " ".join(text.split("\n"))
    return escape_block_start(_INLINE_SPECIAL.sub(r"\\\1", text))


def escape_block_start(text: str) -> str:
    """Escape what would make a paragraph's first line a heading, quote, list or rule."""
    if not _BLOCK_START.match(text):
        return text
    ordered = _ORDERED.match(text)
    if ordered:
        return f"{ordered.group(1)}\\.{text[ordered.end():]}"
    return "\\" + text


def unescape(text: str) -> str:
    """Remove Markdown backslash escapes from text."""
    if "\\" not in text:
        return text
    return re.sub(r"\\([" + re.escape(ESCAPABLE) + "])", r"\1", text)


def plain_text(source: str) -> str:
    """Return what a reader sees of inline Markdown: text, code, image alt, bare URLs."""
    if not _MAYBE_MARKUP.search(source) and "://" not in source:  # two scans beat one pattern
        return source
    return plain_text_scanned(source)


def plain_text_scanned(source: str) -> str:
    """Return what a reader sees of inline Markdown, always cutting it (plain_text's oracle)."""
    out = []
    for piece in tokenize(source):
        if piece.kind == "text":
            out.append(unescape(piece.source))
        elif piece.kind == "target" and piece.angle:
            out.append(piece.source.strip("<>"))
        elif piece.kind == "mark" and piece.source.startswith("`"):
            out.append(piece.source.strip("`").strip())
    return "".join(out)


_MAYBE_MARKUP = re.compile(r"[\\`*_\[\]<]")  # or "://"
