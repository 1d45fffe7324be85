"""Article ⇄ Markdown with front matter, and the files under content/."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from site_builder.errors import UserError
from site_builder.models import Article, Block, Provenance

FENCE = "---"
_LIST_FIELDS = {"reporters", "photographers", "credits", "captions", "tags"}
_BOOL_FIELDS = {"title_inferred", "date_inferred"}
_OPTIONAL_TEXT = {"subtitle", "kicker", "column", "dateline", "continued_from", "continued_on"}
_TEXT_FIELDS = {"slug", "lang", "title", "source", "source_sha256"}
_REQUIRED = ("slug", "lang", "title", "date")
# Fields not yet written to or read from front matter (the YAML front matter will carry them).
_NOT_YET = {"image", "images", "draft", "status", "publish_at", "review", "print_page",
            "print_section"}
_ORDER = [f.name for f in fields(Article) if f.name != "body" and f.name not in _NOT_YET]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


class ContentError(UserError):
    """A Markdown file under content/ cannot be read; the message names file and line."""


def dump_article(article: Article, header: str | None = None) -> str:
    """Render an article as front matter (YAML-compatible JSON scalars) and a Markdown body."""
    lines = [FENCE] + ([f"# {header}"] if header else [])
    for name in _ORDER:
        lines.append(f"{name}: {_dump_value(getattr(article, name))}")
    lines += [FENCE, ""]
    for block in article.body:
        lines += [_dump_block(block), ""]
    return "\n".join(lines)


def load_article(text: str, path: Path) -> Article:
    """Parse a Markdown file written by dump_article (or by an editor in the same form)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(f"{path}:1: missing front matter (the file must start with ---)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise ContentError(f"{path}:1: front matter is not closed by a --- line") from None
    values = _parse_front_matter(lines[1:end], path)
    values["body"] = _parse_body(lines[end + 1 :])
    return Article(**values)


def read_article(path: Path) -> Article:
    """Load one Markdown article file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read: {exc.strerror}") from None
    article = load_article(text, path)
    if article.slug != path.stem:
        raise ContentError(f"{path}: slug {article.slug!r} does not match the file name")
    return article


def article_files(folder: Path) -> list[Path]:
    """The Markdown files of one language folder, in a stable order."""
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def _dump_value(value: Any) -> str:
    if isinstance(value, Provenance):
        value = {"model": value.model, "segments": value.segments, "reviewed": value.reviewed}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


def _dump_block(block: Block) -> str:
    if block.kind == "h2":
        return f"## {block.text}"
    # A paragraph that starts like Markdown syntax would not load back as a paragraph.
    return "\\" + block.text if block.text.startswith(("#", "\\")) else block.text


def _parse_front_matter(lines: list[str], path: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for number, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, raw = line.partition(":")
        key = key.strip()
        if not sep or key not in _ORDER:
            raise ContentError(f"{path}:{number}: unknown front matter line {line.strip()[:40]!r}")
        try:
            values[key] = _convert(key, raw.strip())
        except ValueError as exc:
            raise ContentError(f"{path}:{number}: {key}: {exc}") from None
    missing = [key for key in _REQUIRED if key not in values]
    if missing:
        raise ContentError(f"{path}: front matter lacks {', '.join(missing)}")
    if values["lang"] not in ("zh", "en"):
        raise ContentError(f"{path}: lang must be zh or en")
    if not _SLUG.match(values["slug"]):
        raise ContentError(f"{path}: slug must be lower-case ASCII letters, digits and dashes")
    return values


def _convert(key: str, raw: str) -> Any:
    """Turn one front matter value into the type the Article field needs."""
    if key == "date":
        return dt.date.fromisoformat(raw.strip("\"'"))
    value = _scalar(raw)
    if key in _LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError('must be a list of strings, like ["a", "b"]')
        return tuple(value)
    if key in _BOOL_FIELDS:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if key == "translation":
        return None if value is None else _provenance(value)
    if value is None and key in _OPTIONAL_TEXT:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError("must be text")
    return str(value)


def _scalar(raw: str) -> Any:
    """Read a JSON value; an editor's unquoted text is taken as a plain string."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        if raw.startswith(("[", "{", '"')):
            raise ValueError(f"malformed value {raw[:40]!r}") from None
        return raw


def _provenance(value: Any) -> Provenance:
    try:
        return Provenance(str(value["model"]), int(value["segments"]), int(value["reviewed"]))
    except (TypeError, KeyError, ValueError):
        raise ValueError('must be {"model": …, "segments": N, "reviewed": N}') from None


def _parse_body(lines: list[str]) -> tuple[Block, ...]:
    """Blank lines separate blocks; "## " starts a subheading; wrapped lines are joined."""
    blocks: list[Block] = []
    chunk: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            chunk.append(line.strip())
            continue
        if chunk:
            blocks.append(_block(chunk))
            chunk = []
    return tuple(blocks)


def _block(lines: list[str]) -> Block:
    text = _join_wrapped(lines)
    if text.startswith("## "):
        return Block("h2", text[3:].strip())
    return Block("p", text[1:] if text.startswith("\\") else text)


def _join_wrapped(lines: list[str]) -> str:
    """Join lines an editor wrapped: no space between CJK characters, one space otherwise."""
    text = lines[0]
    for line in lines[1:]:
        cjk = _is_cjk(text[-1]) and _is_cjk(line[0])
        text += line if cjk else " " + line
    return text


def _is_cjk(char: str) -> bool:
    return (
        "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" or "\u3000" <= char <= "\u303f"
    )
