"""An article body: Markdown text <-> Blocks (paragraphs, subheadings, quotes, lists, …).

Block.text is the Markdown source of the block's content without its block prefix ("## ",
"> "); dump_body(parse_body(text)) is the text with wrapped lines joined. Rendering is
Python-Markdown's business (render/markdown.py), from dump_body of the blocks.
"""

from __future__ import annotations

import re

from site_builder.content.inline import escape_block_start, plain_text, tokenize
from site_builder.models import Block

_FENCE = re.compile(r"^(`{3,}|~{3,})")
_ATX = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:")
_REFERENCE = re.compile(r"^\[[^\]^][^\]]*\]:\s*\S")
_INDENTED = re.compile(r"^(?: {4}|\t)")


def parse_body(lines: list[str]) -> tuple[Block, ...]:
    """Read a Markdown body into blocks; blank lines separate them (except in code)."""
    blocks: list[Block] = []
    chunk: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        fence = _FENCE.match(line.lstrip()) if not chunk else None
        if fence:
            end = _fence_end(lines, index, fence.group(1))
            blocks.append(Block("code", "\n".join(lines[index:end]).rstrip()))
            index = end
            continue
        if line.strip():
            chunk.append(line)
        elif chunk:
            blocks += _blocks(chunk)
            chunk = []
        index += 1
    if chunk:
        blocks += _blocks(chunk)
    return tuple(blocks)


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    """Return the index after the line closing the fence opened at start (or the end)."""
    for index in range(start + 1, len(lines)):
        if lines[index].strip().startswith(fence[0] * len(fence)) and \
                not lines[index].strip().strip(fence[0]):
            return index + 1
    return len(lines)


def _blocks(chunk: list[str]) -> list[Block]:
    """Classify one run of non-blank lines (usually one block; a heading ends its line)."""
    first = chunk[0].strip()
    if _INDENTED.match(chunk[0]):
        return [Block("code", "\n".join(chunk))]
    heading = _ATX.match(first)
    if heading:
        kind = "h2" if len(heading.group(1)) <= 2 else "h3"
        return [Block(kind, heading.group(2))] + (_blocks(chunk[1:]) if chunk[1:] else [])
    if len(chunk) == 2 and _SETEXT.match(chunk[1].strip()) and not _RULE.match(first) \
            and not _ITEM.match(first):
        return [Block("h2", first)]
    if _RULE.match(first) and len(chunk) == 1:
        return [Block("hr", first)]
    if first.startswith(">"):
        return [Block("quote", _nested([re.sub(r"^\s*>\s?", "", line) for line in chunk]))]
    if _ITEM.match(chunk[0]):
        return [Block("list", _nested(chunk))]
    if len(chunk) > 1 and "|" in first and _TABLE_RULE.match(chunk[1].strip()):
        return [Block("table", "\n".join(line.strip() for line in chunk))]
    if _FOOTNOTE.match(first):
        return [Block("footnote", join_wrapped([line.strip() for line in chunk]))]
    if _REFERENCE.match(first):
        count = next((n for n, line in enumerate(chunk) if not _REFERENCE.match(line.strip())),
                     len(chunk))
        rest = _blocks(chunk[count:]) if count < len(chunk) else []
        return [Block("ref", "\n".join(line.strip() for line in chunk[:count]))] + rest
    text = join_wrapped([line.strip() for line in chunk])
    return [Block("image" if _is_image(text) else "p", text)]


def _is_image(text: str) -> bool:
    """True for a paragraph that holds one image and nothing else."""
    if not (text.startswith("![") and text.endswith(")")):
        return False
    pieces = tokenize(text)
    return [p.source for p in pieces if p.kind == "mark"] == ["![", "](", ")"] and \
        pieces[0].source == "![" and pieces[-1].source == ")"


def _nested(lines: list[str]) -> str:
    """Join wrapped lines of list items or quoted paragraphs; keep items and blank lines."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        starts = not out or not out[-1] or not stripped or _ITEM.match(line) or \
            _ATX.match(stripped) or stripped.startswith(">")
        if starts:
            out.append(line.rstrip() if stripped else "")
        else:
            out[-1] = join_wrapped([out[-1], stripped])
    return "\n".join(out).strip("\n")


def block_plain(block: Block) -> str:
    """Return what a reader sees of a block, as plain text (for excerpts and search)."""
    if block.kind in ("ref", "hr"):
        return ""
    if block.kind == "code":
        return "\n".join(line for line in block.text.split("\n") if not _FENCE.match(line))
    lines = block.text.split("\n")
    if block.kind == "table":
        lines = [" ".join(cell.strip() for cell in line.strip("|").split("|"))
                 for line in lines if not _TABLE_RULE.match(line)]
    elif block.kind in ("list", "quote"):
        lines = [_ITEM.sub("", line).lstrip("> ") for line in lines]
    elif block.kind == "footnote":
        lines = [_FOOTNOTE.sub("", block.text).strip()]
    return "\n".join(plain_text(line) for line in lines)


def dump_body(blocks: tuple[Block, ...]) -> str:
    """Write blocks as Markdown, one blank line between them."""
    return "\n\n".join(dump_block(block) for block in blocks)


def dump_block(block: Block) -> str:
    """Write one block as Markdown: its prefix and its text."""
    if block.kind == "h2":
        return f"## {block.text}"
    if block.kind == "h3":
        return f"### {block.text}"
    if block.kind == "quote":
        return "\n".join(f"> {line}" if line else ">" for line in block.text.split("\n"))
    if block.kind in ("p", "image"):
        # a paragraph that starts like a heading or a list would not load back as one
        return escape_block_start(block.text)
    return block.text


def join_wrapped(lines: list[str]) -> str:
    """Join lines an editor wrapped: no space between CJK characters, one space otherwise."""
    text = lines[0]
    for line in lines[1:]:
        if not text or not line:
            text += line
            continue
        cjk = _is_cjk(text[-1]) and _is_cjk(line[0])
        text += line if cjk else " " + line
    return text


def _is_cjk(char: str) -> bool:
    return (
        "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"
    )
