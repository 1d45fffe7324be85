"""Article <-> Markdown file: YAML front matter (PyYAML) and a Markdown body (content/body.py).

Every value is read as the field needs it, never as YAML guesses: `title: yes` is the text
"yes", `tags: [2026]` the tag "2026", `kicker: 10:30` the text "10:30". What dump_article
writes is plain YAML that any reader loads to the same values (strings that YAML would read
as something else are quoted), and load_article(dump_article(a)) == a.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from site_builder.content.body import dump_body, parse_body
from site_builder.errors import UserError
from site_builder.models import Article, Picture, Provenance

FENCE = "---"
_LIST_FIELDS = {"reporters", "photographers", "credits", "captions", "tags", "review"}
_BOOL_FIELDS = {"title_inferred", "date_inferred", "draft"}
_OPTIONAL_TEXT = {"subtitle", "kicker", "column", "dateline", "continued_from", "continued_on",
                  "print_section"}
_ORDER = [f.name for f in fields(Article) if f.name != "body"]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_TRUE, _FALSE = {"true", "yes", "on"}, {"false", "no", "off"}
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: see bench/
_NULL, _STR = "tag:yaml.org,2002:null", "tag:yaml.org,2002:str"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class ContentError(UserError):
    """A Markdown file under content/ cannot be read; the message names file and line."""


class _Loader(_FAST):  # type: ignore[misc,valid-type]
    """Safe YAML whose plain scalars stay text (only null is guessed): fields decide types."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def dump_article(article: Article, header: str | None = None) -> str:
    """Render an article as YAML front matter and a Markdown body."""
    data = {name: _plain(getattr(article, name)) for name in _ORDER}
    front = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                      default_flow_style=None, width=1_000_000)
    comment = f"# {header}\n" if header else ""
    body = dump_body(article.body)
    return f"{FENCE}\n{comment}{front}{FENCE}\n" + (f"\n{body}\n" if body else "")


def load_article(text: str, path: Path) -> Article:
    """Parse a Markdown file: front matter between --- lines, then the Markdown body."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(f"{path}:1: missing front matter (the file must start with ---)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE)
    except StopIteration:
        raise ContentError(f"{path}:1: front matter is not closed by a --- line") from None
    values = _front_matter(lines[1:end], path)
    values["body"] = parse_body(lines[end + 1 :])
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


def _plain(value: Any) -> Any:
    """Turn a field's value into what YAML writes: lists, dicts, text, numbers, dates."""
    if isinstance(value, Provenance):
        return {"model": value.model, "segments": value.segments, "reviewed": value.reviewed}
    if isinstance(value, Picture):
        return value.file if not (value.caption or value.credit) else {
            "file": value.file, "caption": value.caption, "credit": value.credit}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _front_matter(lines: list[str], path: Path) -> dict[str, Any]:
    """Read the front matter lines (file lines 2…) into Article field values."""
    try:
        text = "\n".join(lines)
        try:
            data = _value(yaml.compose(text, Loader=_Loader))
        except (_Unusual, TypeError):
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        raise ContentError(f"{path}:{line}: invalid front matter: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}:1: invalid front matter: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(f"{path}:2: front matter must be 'key: value' lines")
    _check_keys(data, lines, path)
    values: dict[str, Any] = {}
    for key, raw in data.items():
        try:
            values[key] = _convert(key, raw)
        except (ValueError, TypeError) as exc:
            raise ContentError(f"{path}:{_line_of(lines, key)}: {key}: {exc}") from None
    return _defaults(values, lines, path)


def _value(node: yaml.Node | None) -> Any:
    """Turn composed YAML into plain values, as SafeLoader would, in a third of its time."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in (_NULL, _STR):
            raise _Unusual  # an explicit tag (!!int, !!binary…): the full constructor decides
        return None if node.tag == _NULL else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    return {_value(key): _value(value) for key, value in node.value}


class _Unusual(Exception):
    """Front matter that needs PyYAML's constructor (explicit tags, odd keys)."""


def _check_keys(data: dict, lines: list[str], path: Path) -> None:
    """Refuse unknown and repeated keys, naming the line and the nearest known key."""
    for key in data:
        if key not in _ORDER:
            near = difflib.get_close_matches(str(key), _ORDER, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ContentError(f"{path}:{_line_of(lines, key)}: unknown front matter key "
                               f"{str(key)!r}{hint}")
    seen: set[str] = set()
    for number, line in enumerate(lines, start=2):
        key = line.split(":", 1)[0].strip() if ":" in line and not line[:1].isspace() else ""
        if key in seen and key in _ORDER:
            raise ContentError(f"{path}:{number}: {key} is given twice")
        seen.add(key)


def _line_of(lines: list[str], key: object) -> int:
    """Return the file line of a top-level key (2 is the first front matter line)."""
    pattern = re.compile(rf"^['\"]?{re.escape(str(key))}['\"]?\s*:")
    return next((n for n, line in enumerate(lines, start=2) if pattern.match(line)), 2)


def _defaults(values: dict[str, Any], lines: list[str], path: Path) -> dict[str, Any]:
    """Fill slug (file name) and lang (folder); check what is required."""
    missing = [key for key in ("title", "date") if values.get(key) in (None, "")]
    if missing:
        raise ContentError(f"{path}:1: front matter lacks {' and '.join(missing)}")
    values.setdefault("slug", path.stem)
    if "lang" not in values and path.parent.name in ("zh", "en"):
        values["lang"] = path.parent.name
    if values.get("lang") not in ("zh", "en"):
        raise ContentError(f"{path}:{_line_of(lines, 'lang')}: lang must be zh or en "
                           "(or the file in a zh/ or en/ folder)")
    if not _SLUG.match(values["slug"] or ""):
        raise ContentError(f"{path}:{_line_of(lines, 'slug')}: slug must be lower-case ASCII "
                           "letters, digits and dashes")
    if values.get("publish_at") and isinstance(values["date"], dt.datetime):
        values["date"] = values["date"].date()
    elif isinstance(values["date"], dt.datetime):  # "date: 2026-03-01 08:00": an embargo time
        values["publish_at"], values["date"] = values["date"], values["date"].date()
    return values


def _convert(key: str, raw: Any) -> Any:
    """Turn one front matter value into the type the Article field needs."""
    if key in ("date", "publish_at"):
        return _when(raw, key)
    if key in _LIST_FIELDS:
        return _texts(raw)
    if key in _BOOL_FIELDS:
        return _bool(raw)
    if key == "translation":
        return None if raw is None else _provenance(raw)
    if key == "image":
        return None if raw is None else _picture(raw)
    if key == "images":
        return tuple(_picture(item) for item in _list(raw))
    if key == "status":
        if raw not in ("published", "withdrawn"):
            raise ValueError("must be published or withdrawn")
        return raw
    if key == "print_page":
        return None if raw is None else _number(raw)
    if raw is None and key in _OPTIONAL_TEXT:
        return None
    return _text(raw)


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError("must be text")
    return raw


def _list(raw: Any) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValueError('must be a list, like [a, b] or "- a" lines')
    return raw


def _texts(raw: Any) -> tuple[str, ...]:
    items = _list(raw)
    if not all(isinstance(item, str) for item in items):
        raise ValueError('must be a list of text, like [a, b] or "- a" lines')
    return tuple(items)


def _bool(raw: Any) -> bool:
    word = raw.lower() if isinstance(raw, str) else raw
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError("must be true or false")


def _number(raw: Any) -> int:
    if not isinstance(raw, str) or not raw.isdecimal():
        raise ValueError("must be a whole number")
    return int(raw)


def _when(raw: Any, key: str) -> dt.date | dt.datetime | None:
    """Read a date (2026-02-02) or a time (2026-02-02 08:00, with or without +08:00)."""
    if raw is None and key == "publish_at":
        return None
    text = _text(raw).strip()
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("must be a date like 2026-02-02 or a time like 2026-02-02 08:00") from None
    if key == "publish_at" or len(text) > 10:
        return when
    return when.date()


def _provenance(raw: Any) -> Provenance:
    try:
        return Provenance(_text(raw["model"]), _number(raw["segments"]), _number(raw["reviewed"]))
    except (TypeError, KeyError, ValueError):
        raise ValueError("must be {model: …, segments: N, reviewed: N}") from None


def _picture(raw: Any) -> Picture:
    """Read a picture: a file name, or {file, caption, credit}."""
    if isinstance(raw, str):
        return Picture(raw)
    if not isinstance(raw, dict) or not isinstance(raw.get("file"), str) or \
            set(raw) - {"file", "caption", "credit"}:
        raise ValueError("a picture is a file name or {file: …, caption: …, credit: …}")
    return Picture(raw["file"], _text(raw.get("caption") or ""), _text(raw.get("credit") or ""))
