"""Every key site.toml may hold: its table, the form of its value, its default, what it is for.

`load_config` checks site.toml against this schema, so a key it does not list is a typo (and
the message says which known key is nearest); `site-builder init` writes the schema out as the
commented site.toml a new paper starts from, so the file, the reader and the README agree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

LANGUAGES = ("zh", "en")
COMPUTE_TYPES = ("int8", "int8_float32", "int16", "float32", "float16", "auto")


@dataclass(frozen=True)
class Kind:
    """A form of value: how to check and convert it, and how an error describes it."""

    form: str  # what an error says was expected, e.g. "a whole number, 1 or more"
    read: Callable[[Any], Any]  # the TOML value -> the Python value; ValueError if wrong


@dataclass(frozen=True)
class Key:
    """One key of a table: its form, default (as TOML would give it) and one-line purpose."""

    name: str
    kind: Kind
    default: Any  # None: unset unless the file sets it
    doc: str
    sample: str | None = None  # TOML that `init` shows instead of the default


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError
    return value


def _per_language(value: Any) -> dict[str, str]:
    """Accept `"x"` or `{ zh = "…", en = "…" }`; a missing English falls back to the Chinese."""
    if isinstance(value, str):
        return dict.fromkeys(LANGUAGES, value)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language {unknown[0]!r}")
    return {lang: value.get(lang, value.get("zh", "")) for lang in LANGUAGES}


def _positive(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError
    return value


def _url(value: Any) -> str:
    """An absolute http(s) URL."""
    if not isinstance(value, str):
        raise ValueError
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError
    return value


def _base_url(value: Any) -> str:
    """An absolute http(s) URL that ends with "/", so page paths can be appended to it."""
    value = _url(value)
    if "?" in value or "#" in value:
        raise ValueError("no ? or #")
    return value if value.endswith("/") else value + "/"


def _languages(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or tuple(value) not in (("zh",), ("zh", "en")):
        raise ValueError
    return tuple(value)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)  # ValueError when it is not a date
    raise ValueError


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError
    return tuple(value)


def _timezone(value: Any) -> str:
    import zoneinfo

    value = _string(value)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if zoneinfo.available_timezones():  # else this system has no zone database to ask
            raise ValueError from None
    return value


def _compute_type(value: Any) -> str:
    if value not in COMPUTE_TYPES:
        raise ValueError
    return value


STRING = Kind("a string", _string)
TEXT = Kind('a string or { zh = "…", en = "…" }', _per_language)
OPTIONAL_TEXT = Kind("a string", _text)
POSITIVE = Kind("a whole number, 1 or more", _positive)
URL = Kind('an absolute URL such as "https://example.cn/"', _url)
BASE_URL = Kind('an absolute URL such as "https://news.example.cn/" or ".../news/"', _base_url)
LANGUAGE_LIST = Kind('["zh", "en"] or ["zh"]', _languages)
DATE = Kind("a date such as 2026-02-03", _date)
NAMES = Kind('a list of names such as ["要闻", "经济"]', _names)
TIMEZONE = Kind('a time zone name such as "Asia/Shanghai"', _timezone)
FOLDER = Kind("a folder name, relative to site.toml", _string)
FILE = Kind("a file name, relative to site.toml", _string)
COMPUTE = Kind("one of " + ", ".join(f'"{name}"' for name in COMPUTE_TYPES), _compute_type)

TABLES: dict[str, tuple[Key, ...]] = {
    "site": (
        Key("title", TEXT, "Site", "the paper's name, on every page",
            '{ zh = "报纸名称", en = "Paper Name" }'),
        Key("description", TEXT, "", "one sentence on the front page and in search results",
            '{ zh = "本地新闻，中英双语", en = "Local news in Chinese and English" }'),
        Key("base_url", BASE_URL, "http://127.0.0.1:8000/",
            "where the site is published; a sub-path such as https://example.cn/news/ works",
            '"https://news.example.cn/"'),
        Key("languages", LANGUAGE_LIST, ["zh", "en"], 'the languages of the site; ["zh"]: '
            "Chinese only"),
        Key("date", DATE, None, "publication date of seeds that name none (else read off "
            "the page text)", "2026-02-03"),
        Key("per_page", POSITIVE, 20, "articles on each page of the archive and of lists"),
        Key("timezone", TIMEZONE, "Asia/Shanghai", "the time zone of embargo times that name none"),
        Key("logo", FILE, None, "the paper's logo: favicon, icons, publisher in search results",
            '"logo.png"'),
        Key("sections", NAMES, [], "the section menu: column or tag names, in the paper's order",
            '["要闻", "经济", "社会"]'),
        Key("min_tag_articles", POSITIVE, 2, "a tag gets a page only when this many articles "
            "share it"),
    ),
    "site.footer": (
        Key("icp", STRING, None, "ICP 备案号, linked to icp_url", '"浙ICP备12345678号-1"'),
        Key("icp_url", URL, "https://beian.miit.gov.cn/", "where icp links to: the ICP registry"),
        Key("police", STRING, None, "公安备案号, linked to police_url",
            '"浙公网安备 33078202000000号"'),
        Key("police_url", URL, None,
            "where police links to, if not to the 公安 registry's page for the number",
            '"https://beian.mps.gov.cn/#/query/webSearch?code=33078202000000"'),
        Key("copyright", TEXT, "", "the copyright line, one or one per language",
            '{ zh = "© 2026 报纸名称 版权所有", en = "© 2026 Paper Name" }'),
        Key("contact", TEXT, "", "how to reach the newsroom, one or one per language",
            '"0579-00000000 news@example.cn"'),
    ),
    "paths": (
        Key("seeds", FOLDER, "seeds", "the print system's page text, one file per page"),
        Key("content", FOLDER, "content", "articles as Markdown (content/zh, content/en)"),
        Key("translations", FOLDER, "translations", "the translation memory (PO files)"),
        Key("output", FOLDER, "public", "the built site (`serve` builds elsewhere)"),
        Key("media", FOLDER, "media", "pictures that articles name"),
        Key("theme", FOLDER, None, "templates, static files and labels here override the "
            "defaults", '"theme"'),
        Key("templates", FOLDER, None, "a folder that replaces the package's templates as a "
            "whole", '"templates"'),
    ),
    "translation": (
        Key("beam_size", POSITIVE, 4, "beam search width: higher is slower, sometimes better"),
        Key("inter_threads", POSITIVE, 2, "batches translated in parallel"),
        Key("intra_threads", POSITIVE, 1, "threads per batch"),
        Key("compute_type", COMPUTE, "int8", "the model's arithmetic: int8 is fastest on a CPU"),
        Key("max_batch_tokens", POSITIVE, 2048, "tokens in one batch"),
        Key("max_decoding_length", POSITIVE, 256, "longest output of one segment, in tokens"),
        Key("max_segment_chars", POSITIVE, 150, "longer sentences are split at commas first"),
    ),
}


def toml_value(value: Any) -> str:
    """Write a value as TOML."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string
