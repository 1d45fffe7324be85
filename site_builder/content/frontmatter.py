"""YAML front matter: PyYAML's safe loader reading text first, and a dump any reader agrees with.

Every value is read as the field needs it, never as YAML guesses: `title: yes` is the text
"yes", `tags: [2026]` the tag "2026", `kicker: 10:30` the text "10:30" (only null is guessed).
What dump_front_matter writes is plain YAML that any reader loads to the same values (strings
that YAML would read as something else are quoted).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from site_builder.content.fields import field_value, plain_value
from site_builder.errors import UserError
from site_builder.models import Article

ORDER = [f.name for f in fields(Article) if f.name != "body"]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
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


def dump_front_matter(article: Article) -> str:
    """Write an article's fields as YAML, one top-level key a line, in field order."""
    data = {name: plain_value(getattr(article, name)) for name in ORDER}
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False,
                     default_flow_style=None, width=1_000_000)


def read_front_matter(lines: list[str], path: Path) -> dict[str, Any]:
    """Read the front matter lines (file lines 2…) into Article field values."""
    try:
        text = "\n".join(lines)
        try:
            data = _value(yaml.compose(text, Loader=_Loader))
        except (_Unusual, TypeError):
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = min(mark.line + 2, len(lines) + 1) if mark is not None else 1  # not the ---
        what = f"{exc.context}: {exc.problem}" if exc.context else exc.problem
        raise ContentError(f"{path}:{line}: invalid front matter ({what})") from None
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
            values[key] = field_value(key, raw)
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
        if key not in ORDER:
            near = difflib.get_close_matches(str(key), ORDER, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ContentError(f"{path}:{_line_of(lines, key)}: unknown front matter key "
                               f"{str(key)!r}{hint}")
    seen: set[str] = set()
    for number, line in enumerate(lines, start=2):
        key = line.split(":", 1)[0].strip() if ":" in line and not line[:1].isspace() else ""
        if key in seen and key in ORDER:
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
