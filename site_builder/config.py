"""Load `site.toml` once into a typed, validated, frozen Config."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.errors import UsageError

LANGUAGES = ("zh", "en")
DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "templates"  # the default theme


class ConfigError(UsageError):
    """site.toml is missing, unreadable or invalid; the message names the file."""


@dataclass(frozen=True)
class TranslationConfig:
    """How the CTranslate2 model is run; defaults suit a 2-core machine."""

    beam_size: int = 4
    inter_threads: int = 2  # two batches in parallel beat two threads per batch on 2 cores
    intra_threads: int = 1
    compute_type: str = "int8"
    max_batch_tokens: int = 2048
    max_decoding_length: int = 256
    max_segment_chars: int = 150  # longer sentences are split at commas before translation


@dataclass(frozen=True)
class Footer:
    """What the footer of every page shows: registry numbers, copyright, contact."""

    icp: str | None = None  # ICP 备案号, e.g. "浙ICP备12345678号-1"
    icp_url: str = "https://beian.miit.gov.cn/"
    police: str | None = None  # 公安备案号, e.g. "浙公网安备 33078202000000号"
    police_url: str | None = None  # default: the registry's query page for its number
    copyright: dict[str, str] = field(default_factory=dict)  # lang -> text
    contact: dict[str, str] = field(default_factory=dict)  # lang -> text


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know, with paths resolved against the site folder."""

    root: Path
    title: dict[str, str]
    description: dict[str, str]
    base_url: str  # always ends with "/"
    languages: tuple[str, ...] = LANGUAGES
    date: dt.date | None = None  # publication date for seeds that carry none
    seeds_dir: Path = Path("seeds")
    content_dir: Path = Path("content")
    translations_dir: Path = Path("translations")
    output_dir: Path = Path("public")
    templates_dir: Path = DEFAULT_TEMPLATES
    theme_dir: Path | None = None  # templates here override templates_dir
    per_page: int = 20
    translation: TranslationConfig = field(default_factory=TranslationConfig)
    media_dir: Path = Path("media")  # pictures articles name in front matter or the body
    timezone: str = "Asia/Shanghai"  # of embargo times (publish_at) without one
    logo: Path | None = None  # the paper's logo: favicon, icons, JSON-LD publisher
    sections: tuple[str, ...] = ()  # the section menu: column or tag names, in the paper's order
    min_tag_articles: int = 2  # a tag gets a page only when this many articles share it
    footer: Footer = field(default_factory=Footer)

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. "/" or "/news/"."""
        rest = self.base_url.split("://", 1)[-1]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"


def load_config(path: Path) -> Config:
    """Read and validate site.toml; raise ConfigError naming the file on any problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (create one, see README)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    try:
        return _build_config(path.parent.resolve(), data)
    except (TypeError, ValueError, KeyError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _build_config(root: Path, data: dict[str, Any]) -> Config:
    """Turn the parsed TOML tables into a Config, checking every value's type."""
    site = _table(data, "site")
    paths = _table(data, "paths")
    unknown = set(data) - {"site", "paths", "translation"}
    if unknown:
        raise ValueError(f"unknown table(s): {', '.join(sorted(unknown))}")
    languages = tuple(site.get("languages", LANGUAGES))
    if not languages or not set(languages) <= set(LANGUAGES) or languages[0] != "zh":
        raise ValueError('[site] languages must be ["zh"] or ["zh", "en"]')
    theme = paths.get("theme")
    return Config(
        root=root,
        title=_per_language(site, "title", "Site"),
        description=_per_language(site, "description", ""),
        base_url=_base_url(site.get("base_url", "http://127.0.0.1:8000/")),
        languages=languages,
        date=_date(site.get("date")),
        seeds_dir=root / _str(paths, "seeds", "seeds"),
        content_dir=root / _str(paths, "content", "content"),
        translations_dir=root / _str(paths, "translations", "translations"),
        output_dir=root / _str(paths, "output", "public"),
        templates_dir=root / paths["templates"] if "templates" in paths else DEFAULT_TEMPLATES,
        theme_dir=root / theme if theme else None,
        per_page=_positive(site.get("per_page", 20), "[site] per_page"),
        translation=_translation(_table(data, "translation")),
        media_dir=root / _str(paths, "media", "media"),
        timezone=_str(site, "timezone", "Asia/Shanghai"),
        logo=root / site["logo"] if isinstance(site.get("logo"), str) else None,
        sections=tuple(site.get("sections", ())),
        min_tag_articles=_positive(site.get("min_tag_articles", 2), "[site] min_tag_articles"),
        footer=_footer(site.get("footer", {})),
    )


def _footer(value: Any) -> Footer:
    """Read [site.footer]: icp, icp_url, police, police_url, copyright, contact."""
    if not isinstance(value, dict):
        raise ValueError("[site.footer] must be a table")
    text = {key: value[key] for key in ("icp", "icp_url", "police", "police_url") if key in value}
    for key, item in text.items():
        if not isinstance(item, str):
            raise ValueError(f"[site.footer] {key} must be a string")
    return Footer(**text, copyright=_per_language(value, "copyright", "", "[site.footer]"),
                  contact=_per_language(value, "contact", "", "[site.footer]"))


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ValueError(f"[{name}] must be a table")
    return value


def _str(table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string")
    return value


def _positive(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer")
    return value


def _per_language(site: dict[str, Any], key: str, default: str,
                  table: str = "[site]") -> dict[str, str]:
    """Accept `key = "x"` or `key = {zh = "…", en = "…"}`."""
    value = site.get(key, default)
    if isinstance(value, str):
        return {lang: value for lang in LANGUAGES}
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {lang: value.get(lang, value.get("zh", default)) for lang in LANGUAGES}
    raise ValueError(f"{table} {key} must be a string or a table of zh/en strings")


def _base_url(value: Any) -> str:
    if not isinstance(value, str) or "://" not in value:
        raise ValueError('[site] base_url must be an absolute URL like "https://example.org/news/"')
    return value if value.endswith("/") else value + "/"


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError("[site] date must be a date like 2026-02-03")


def _translation(table: dict[str, Any]) -> TranslationConfig:
    defaults = TranslationConfig()
    unknown = set(table) - set(defaults.__dataclass_fields__)
    if unknown:
        raise ValueError(f"[translation] unknown key(s): {', '.join(sorted(unknown))}")
    values = {k: table.get(k, getattr(defaults, k)) for k in defaults.__dataclass_fields__}
    for key, value in values.items():
        if key == "compute_type":
            if value not in ("int8", "int8_float32", "int16", "float32", "float16", "auto"):
                raise ValueError(f"[translation] compute_type {value!r} is not supported")
        else:
            _positive(value, f"[translation] {key}")
    return TranslationConfig(**values)
