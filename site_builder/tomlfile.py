"""TOML files people write (site.toml, a theme's labels): reading them, and errors that point.

A message names the file and, when the key can be found in the text, its line; an unknown
key comes with the nearest known one, because most unknown keys are typos.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from site_builder.errors import UsageError

_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


class ConfigError(UsageError):
    """A settings file is missing, unreadable or invalid; the message names file and line."""


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return its tables and its text (to find lines in)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def line_of(text: str, table: str | None, key: str | None = None) -> int | None:
    """Return the 1-based line that sets `key` in `[table]` (or the table's header), if found."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1).replace('"', "").replace(" ", "")
            if key is None and current == table:
                return number
        elif key is not None and current == table and _sets(line, key):
            return number
    return None


def _sets(line: str, key: str) -> bool:
    """Tell whether a line assigns key (bare or quoted, or as the first part of a dotted key)."""
    match = re.match(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[.=]""", line)
    return bool(match) and key in match.groups()


def where(path: Path, text: str, table: str | None, key: str | None = None) -> str:
    """Return "path:line" for a key or table, or just the path when its line is unknown."""
    line = line_of(text, table, key)
    if line is None and table and "." in table:  # e.g. `footer = { icp = "…" }` under [site]
        parent, _, name = table.rpartition(".")
        line = line_of(text, parent, name)
    return f"{path}:{line}" if line else str(path)


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """Return the known word a typo most likely meant, if any is close enough."""
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else None
