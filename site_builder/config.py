"""Load `site.toml` once into a typed, validated, frozen Config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder.config_schema import BASE_URL, LANGUAGES, TABLES, toml_value
from site_builder.labels import Labels, load_labels
from site_builder.tomlfile import ConfigError, nearest, read_toml, where

__all__ = ["DEFAULT_TEMPLATES", "LANGUAGES", "Config", "ConfigError", "Footer",
           "TranslationConfig", "load_config", "with_base_url"]
DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "templates"  # the default theme


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
    # The interface words: the package's, overridden key by key by the templates and theme
    # folders. Read here, with the rest of the settings, so every cache keyed by the config
    # (planned pages, fingerprints) sees an edit to them; replace() reads them again.
    labels: Labels = field(init=False)

    def __post_init__(self) -> None:
        folders = [d for d in (self.templates_dir, self.theme_dir) if d is not None]
        object.__setattr__(self, "labels", load_labels(DEFAULT_TEMPLATES, folders))

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. "/" or "/news/"."""
        rest = self.base_url.split("://", 1)[-1]
        slash = rest.find("/")
        return rest[slash:] if slash >= 0 else "/"


def load_config(path: Path) -> Config:
    """Read and check site.toml; raise ConfigError naming the file and line of any problem."""
    if not path.exists():
        raise ConfigError(f"{path}: no such file (`site-builder init DIR` starts a site)")
    data, text = read_toml(path)
    root = path.parent.resolve()
    try:
        return _build_config(root, read_tables(data))
    except KeyProblem as exc:
        raise ConfigError(f"{where(path, text, exc.table, exc.key)}: {exc}") from None


def with_base_url(config: Config, base_url: str) -> Config:
    """Return the config with another base URL (checked as site.toml's base_url is)."""
    try:
        return replace(config, base_url=BASE_URL.read(base_url))
    except ValueError:
        raise ConfigError(f"--base-url {base_url}: expected {BASE_URL.form}") from None


def _build_config(root: Path, tables: dict[str, dict[str, Any]]) -> Config:
    """Turn the checked tables into a Config, with paths resolved against the site folder."""
    site, paths, footer = tables["site"], tables["paths"], tables["site.footer"]
    return Config(
        root=root,
        title=site["title"],
        description=site["description"],
        base_url=site["base_url"],
        languages=site["languages"],
        date=site["date"],
        seeds_dir=root / paths["seeds"],
        content_dir=root / paths["content"],
        translations_dir=root / paths["translations"],
        output_dir=root / paths["output"],
        templates_dir=_existing(root, paths, "templates", "folder") or DEFAULT_TEMPLATES,
        theme_dir=_existing(root, paths, "theme", "folder"),
        per_page=site["per_page"],
        translation=TranslationConfig(**tables["translation"]),
        media_dir=root / paths["media"],
        timezone=site["timezone"],
        logo=_existing(root, site, "logo", "file", "site"),
        sections=site["sections"],
        min_tag_articles=site["min_tag_articles"],
        footer=Footer(**{k: v for k, v in footer.items() if v is not None}),
    )


def _existing(root: Path, table: dict[str, Any], key: str, kind: str,
              name: str = "paths") -> Path | None:
    """Resolve a path the config names; it must exist, as a folder or a file."""
    if table[key] is None:
        return None
    path = root / table[key]
    if not (path.is_dir() if kind == "folder" else path.is_file()):
        raise KeyProblem(name, key, f"[{name}] {key}: no such {kind}: {path}")
    return path


class KeyProblem(ValueError):
    """A key or table of site.toml is wrong: which, and why (the caller adds file and line)."""

    def __init__(self, table: str | None, key: str | None, message: str) -> None:
        super().__init__(message)
        self.table, self.key = table, key


def read_tables(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Check every table and key of a parsed site.toml; return each table's values, defaults in."""
    for name, value in data.items():
        if name in TABLES and "." not in name:
            continue
        if isinstance(value, dict):
            hint = nearest(name, TABLES)
            raise KeyProblem(name, None, f"[{name}]: unknown table" + (
                f"; did you mean [{hint}]?" if hint else f"; known: {_known_tables()}"))
        home = next((t for t, keys in TABLES.items() if name in {k.name for k in keys}), None)
        raise KeyProblem(None, name, f"{name}: outside any table" + (
            f"; put it under [{home}]" if home else f"; known tables: {_known_tables()}"))
    return {name: read_table(name, _subtable(data, name)) for name in TABLES}


def read_table(name: str, table: Mapping[str, Any]) -> dict[str, Any]:
    """Check one table's keys and values; return every key's value, defaults filled in."""
    keys = {key.name: key for key in TABLES[name]}
    children = {child.rpartition(".")[2] for child in TABLES if child.startswith(name + ".")}
    for key, value in table.items():
        if key not in keys and key not in children:
            _unknown(name, key, value, [*keys, *children])
    values = {}
    for key in keys.values():
        raw = table.get(key.name, key.default)
        try:
            values[key.name] = None if raw is None else key.kind.read(raw)
        except ValueError as exc:
            detail = f" ({exc})" if str(exc) else ""
            raise KeyProblem(name, key.name, f"[{name}] {key.name}: expected "
                             f"{key.kind.form}{detail}, not {_show(raw)}") from None
    return values


def _unknown(table: str, key: str, value: Any, known: list[str]) -> None:
    """Raise the error for an unknown key: the nearest known one, or the table it belongs in."""
    if isinstance(value, dict) and key not in known:
        name = f"{table}.{key}"
        hint = nearest(name, TABLES)
        raise KeyProblem(name, None, f"[{name}]: unknown table" + (
            f"; did you mean [{hint}]?" if hint else f"; known: {_known_tables()}"))
    home = next((t for t, keys in TABLES.items() if key in {k.name for k in keys}), None)
    hint = nearest(key, known)
    message = f"[{table}] {key}: unknown key"
    if home is not None:
        message += f"; it belongs in [{home}]"
    elif hint is not None:
        message += f"; did you mean {hint}?"
    else:
        message += f"; known keys: {', '.join(known)}"
    raise KeyProblem(table, key, message)


def _subtable(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """Return the table at a dotted name (empty when absent); a non-table there is an error."""
    value: Any = data
    for part in name.split("."):
        value = value.get(part, {})
        if not isinstance(value, dict):
            parent = name.rpartition(".")[0] or None
            raise KeyProblem(parent, part, f"{part}: expected a table [{name}], not {_show(value)}")
    return value


def _known_tables() -> str:
    return ", ".join(f"[{name}]" for name in TABLES)


def _show(value: Any) -> str:
    """Show a value as the TOML file wrote it, shortened."""
    text = toml_value(value)
    return text if len(text) <= 40 else text[:39] + "…"
