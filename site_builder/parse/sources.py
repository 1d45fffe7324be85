"""Read seed files: detect the encoding, unify line endings, take off the front matter."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import UserError
from site_builder.models import Source
from site_builder.parse.pagedate import name_page

logger = logging.getLogger(__name__)

# BOMs first, longest first: a UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters never found in text; tab, line feed, vertical tab (Word's line break),
# form feed and carriage return are fine.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_NON_ASCII = re.compile("[\x00-\x7f]+")
MOJIBAKE_RATE = 0.1  # max share of non-ASCII characters outside GB2312's common set
FRONT_MATTER_LINES = 50


class SeedError(UserError):
    """A seed file cannot be read as text; the message starts with the file's name."""


def list_seeds(seeds_dir: Path) -> list[Path]:
    """Return the seed pages (*.txt, hidden files skipped) under seeds_dir, sorted by name."""
    if not seeds_dir.is_dir():
        raise SeedError(f"{seeds_dir}: no such folder (create it and put page .txt files in it)")
    paths = (path for path in seeds_dir.rglob("*.txt") if path.is_file())
    visible = (path for path in paths
               if not any(part.startswith(".") for part in path.relative_to(seeds_dir).parts))
    return sorted(visible, key=lambda path: path.relative_to(seeds_dir).as_posix())


def read_source(path: Path, seeds_dir: Path) -> Source:
    """Read one seed file into a Source: decoded text, LF endings, front matter taken off."""
    try:
        name = path.relative_to(seeds_dir).as_posix()
    except ValueError:
        name = path.name
    label = f"{seeds_dir.name}/{name}" if seeds_dir.name else name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"{label}: cannot read: {exc.strerror or exc}") from None
    text = decode(raw, label)
    text = _LINE_BREAKS.sub("\n", text)
    if not text.strip():
        raise SeedError(f"{label}: the file is empty: nothing to parse")
    matter, body, first_line = split_front_matter(text, label)
    if not body.strip():
        raise SeedError(f"{label}: no page text after the front matter")
    page = matter.page if matter.page is not None else name_page(path.name)
    return Source(path=path, name=name, text=body, first_line=first_line,
                  sha256=hashlib.sha256(raw).hexdigest(), date=matter.date, page=page,
                  section=matter.section)


def decode(raw: bytes, label: str) -> str:
    """Decode seed bytes: a BOM's encoding, else UTF-8, else GB18030 if it reads as Chinese."""
    if not raw:
        raise SeedError(f"{label}: the file is empty: nothing to parse")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _checked(raw.decode(encoding), label)
            except UnicodeDecodeError as exc:
                raise SeedError(f"{label}: has a {encoding} byte-order mark but is not "
                                f"valid {encoding} (byte {exc.start})") from None
    if b"\x00" in raw:
        raise SeedError(f"{label}: binary file (contains NUL bytes), not page text")
    try:
        return _checked(raw.decode("utf-8"), label)
    except UnicodeDecodeError as exc:
        # Name the line where UTF-8 broke: in a mixed-encoding file that is where to look.
        line = raw.count(b"\n", 0, exc.start) + 1
        where = f"{label}:{line}"
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{where}: cannot decode: not UTF-8, UTF-16 or GB18030/GBK text "
                        f"(bad byte at offset {exc.start}); save the file as UTF-8") from None
    if _looks_like_mojibake(text):
        raise SeedError(f"{where}: cannot decode: not UTF-8, and as GB18030 it is not "
                        "readable Chinese; save the file as UTF-8")
    return _checked(text, label)


def _checked(text: str, label: str) -> str:
    """Refuse text full of control characters: a binary file that happened to decode."""
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise SeedError(f"{label}:{line}: binary data (control character "
                        f"U+{ord(control.group()):04X}), not page text")
    return text.lstrip("\ufeff")


def _looks_like_mojibake(text: str) -> bool:
    """True when many characters fall outside GB2312, as bytes of another encoding would."""
    non_ascii = _NON_ASCII.sub("", text)  # C speed, also on a 5 MB line
    if not non_ascii:
        return False
    rare = non_ascii.encode("gb2312", errors="replace").count(b"?") - non_ascii.count("?")
    return rare > MOJIBAKE_RATE * len(non_ascii)


@dataclass(frozen=True)
class FrontMatter:
    """What a seed's front matter says about its page."""

    date: dt.date | None = None
    page: int | None = None  # 版次
    section: str | None = None  # 版名


def split_front_matter(text: str, label: str) -> tuple[FrontMatter, str, int]:
    """Take a "---" front matter block off the top: (its values, the rest, its first line)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return FrontMatter(), text, 1
    try:
        end = next(i for i in range(1, min(len(lines), FRONT_MATTER_LINES))
                   if lines[i].strip() == "---")
    except StopIteration:
        raise SeedError(f"{label}:1: front matter '---' is never closed by a '---' line") from None
    values: dict[str, object] = {}
    for number, line in enumerate(lines[1:end], start=2):
        key, sep, value = line.partition(":")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not sep:
            raise SeedError(f"{label}:{number}: front matter line is not 'key: value': {line!r}")
        key, value = key.strip(), value.strip().strip("\"'")
        if key == "date":
            values[key] = _front_matter_date(value, f"{label}:{number}")
        elif key in _PRINT_READERS:  # only the print edition needs them: a bad one is skipped
            values[key] = _PRINT_READERS[key](value)
            if values[key] is None:
                logger.warning("%s:%d: %s %r ignored: %s", label, number, key, value,
                               _PRINT_HINTS[key])
        else:
            logger.warning("%s:%d: unknown front matter key %r ignored", label, number, key)
    return FrontMatter(**values), "\n".join(lines[end + 1:]), end + 2


def _front_matter_date(value: str, where: str) -> dt.date:
    """Read the front matter date, YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SeedError(f"{where}: date {value!r} is not a date like 2026-02-03") from None


def _front_matter_page(value: str) -> int | None:
    """Read the print page number (版次): "3", "03" or "第3版"; None if it is none."""
    match = re.fullmatch(r"第?\s*0*(\d{1,3})\s*版?", value)
    return int(match.group(1)) if match and int(match.group(1)) else None


def _front_matter_section(value: str) -> str | None:
    """Read the page's name (版名), e.g. 要闻; None if it is empty."""
    return value or None


_PRINT_READERS = {"page": _front_matter_page, "section": _front_matter_section}
_PRINT_HINTS = {"page": "not a page number like 3", "section": "write the page's name, e.g. 要闻"}
