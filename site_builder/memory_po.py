"""PO files of the translation memory: strict reading, atomic writing, plain rows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import polib

from .atomic import replace_text

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+(".*)$')


class MemoryFileError(Exception):
    """A PO file of the translation memory is unreadable; the message names file and line."""


class Row(NamedTuple):
    """One PO entry as plain values: all the memory needs to look up and to compare."""

    msgid: str
    msgstr: str
    fuzzy: bool
    comment: str  # the extracted comment, "machine: <model>" for model output
    tcomment: str  # the translator's comment
    obsolete: bool
    extra: bool  # it holds more (context, references, other flags) that a rewrite keeps


def row_of(entry: polib.POEntry) -> Row:
    """Convert a polib entry to a plain row."""
    extra = bool(entry.msgctxt or entry.occurrences or entry.previous_msgid
                 or entry.msgid_plural or set(entry.flags) - {"fuzzy"})
    return Row(entry.msgid, entry.msgstr, "fuzzy" in entry.flags, entry.comment or "",
               entry.tcomment or "", bool(entry.obsolete), extra)


def rows_of(po: polib.POFile) -> tuple[Row, ...]:
    """Return a parsed file's entries as rows, in file order."""
    return tuple(row_of(entry) for entry in po)


def read_po(path: Path) -> polib.POFile:
    """Parse one PO file, raising MemoryFileError naming the file and line on any damage."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise MemoryFileError(f"{path}:{line}: not valid UTF-8") from None
    except OSError as exc:
        raise MemoryFileError(f"{path}: cannot read: {exc.strerror}") from None
    check_syntax(path, text)
    try:
        return polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as exc:
        found = re.search(r"\(line (\d+)\)", str(exc))
        where = f":{found.group(1)}" if found else ""
        raise MemoryFileError(f"{path}{where}: invalid PO file: {exc}") from None


def check_syntax(path: Path, text: str) -> None:
    """Catch what polib silently accepts: unterminated strings and msgids without msgstr."""
    pending_msgid = 0  # line of a msgid still waiting for its msgstr
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        string = match.group(3) if match else line
        if not _is_closed_string(string):
            raise MemoryFileError(f"{path}:{number}: unterminated or missing quoted string")
        if match and match.group(1) == "msgid":
            if pending_msgid:
                raise MemoryFileError(f"{path}:{pending_msgid}: msgid without msgstr")
            pending_msgid = number
        elif match and match.group(1).startswith("msgstr"):
            pending_msgid = 0
    if pending_msgid:
        raise MemoryFileError(f"{path}:{pending_msgid}: msgid without msgstr (file truncated?)")


def _is_closed_string(string: str) -> bool:
    """True for a double-quoted string whose closing quote is not escaped."""
    if len(string) < 2 or string[0] != '"' or string[-1] != '"':
        return False
    backslashes = len(string[1:-1]) - len(string[1:-1].rstrip("\\"))
    return backslashes % 2 == 0


def write_atomic(path: Path, text: str) -> bool:
    """Replace path with text via a temp file in the same folder; skip if unchanged."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False  # untouched files keep their mtime, so `serve` does not loop
    except (OSError, UnicodeDecodeError):
        pass
    try:
        replace_text(path, text)
    except OSError as exc:  # a full disk or a read-only folder: the old file stays whole
        raise MemoryFileError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return True
