"""Front matter values into Article fields and back: each field reads the type it needs.

The YAML loader (content/frontmatter.py) gives text, lists and mappings only; here "true",
"2026-02-02" or "3" become a bool, a date or a number where the field wants one, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from site_builder.models import Picture, Provenance

_LIST_FIELDS = {"reporters", "photographers", "credits", "captions", "tags", "review"}
_BOOL_FIELDS = {"title_inferred", "date_inferred", "draft"}
_OPTIONAL_TEXT = {"subtitle", "kicker", "column", "dateline", "continued_from", "continued_on",
                  "print_section"}
_TRUE, _FALSE = {"true", "yes", "on"}, {"false", "no", "off"}


def plain_value(value: Any) -> Any:
    """Turn a field's value into what YAML writes: lists, dicts, text, numbers, dates."""
    if isinstance(value, Provenance):
        return {"model": value.model, "segments": value.segments, "reviewed": value.reviewed}
    if isinstance(value, Picture):
        return value.file if not (value.caption or value.credit) else {
            "file": value.file, "caption": value.caption, "credit": value.credit}
    if isinstance(value, tuple):
        return [plain_value(item) for item in value]
    return value


def field_value(key: str, raw: Any) -> Any:
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
