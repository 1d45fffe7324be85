"""Interface words ("labels"): one TOML file per language, overridable key by key by a theme.

The package's files (templates/labels/zh.toml, en.toml) define every label; a templates or
theme folder may hold its own labels/<lang>.toml with the keys it changes. A key the package
does not define is a typo, reported with the nearest known key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from site_builder.tomlfile import ConfigError, nearest, read_toml, where

LANGUAGES = ("zh", "en")
FOLDER = "labels"
Labels = dict[str, dict[str, str]]  # language -> key -> text
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?s")


def load_labels(default_dir: Path, folders: Sequence[Path]) -> Labels:
    """Read the package's labels, then each folder's overrides in order (the last one wins)."""
    labels = {lang: _read(default_dir / FOLDER / f"{lang}.toml", None) for lang in LANGUAGES}
    for folder in folders:
        if folder.resolve() == default_dir.resolve() or not (folder / FOLDER).is_dir():
            continue
        _check_names(folder / FOLDER)
        for lang in LANGUAGES:
            path = folder / FOLDER / f"{lang}.toml"
            if path.is_file():
                labels[lang] = {**labels[lang], **_read(path, labels[lang])}
    return labels


def label_files(folders: Sequence[Path]) -> set[str]:
    """Return the label files that folders may hold (whether they exist or not)."""
    return {str(folder / FOLDER / f"{lang}.toml") for folder in folders for lang in LANGUAGES}


def _read(path: Path, defaults: dict[str, str] | None) -> dict[str, str]:
    """Read one labels file; with defaults, check it only changes labels that exist."""
    data, text = read_toml(path)
    for key, value in data.items():
        if defaults is not None and key not in defaults:
            hint = nearest(key, defaults)
            raise ConfigError(f"{where(path, text, None, key)}: unknown label {key!r}" + (
                f"; did you mean {hint!r}?" if hint else " (a theme can only change labels "
                "that the default templates use)"))
        if not isinstance(value, str):
            raise ConfigError(f"{where(path, text, None, key)}: label {key!r}: expected a "
                              "string")
        if defaults is not None and _slots(value) != _slots(defaults[key]):
            raise ConfigError(f"{where(path, text, None, key)}: label {key!r}: expected "
                              f"{_slots(defaults[key])} %s, as in the default {defaults[key]!r}")
    return data


def _slots(text: str) -> int:
    """Count the values a template fills into a label (%s; %% is a plain percent sign)."""
    return len(_PLACEHOLDER.findall(text.replace("%%", "")))


def _check_names(folder: Path) -> None:
    """Refuse a file in labels/ that is not a language's (e.g. zh-cn.toml, en.tml)."""
    names = {f"{lang}.toml" for lang in LANGUAGES}
    for path in sorted(folder.iterdir()):
        if path.name not in names and not path.name.startswith("."):
            hint = nearest(path.name, names)
            raise ConfigError(f"{path}: not a labels file; " + (
                f"did you mean {hint}?" if hint else f"use {' or '.join(sorted(names))}"))
