"""PO files of the translation memory: strict reading, atomic writing, plain rows by stat.

polib reads and writes every file the memory changes. To list a file's rows, a lean reader
takes the subset of PO that site-builder and PO editors write (comments, flags, msgid/msgstr,
obsolete entries) in one pass, about five times faster; any other line, and any damage, sends
the file to polib and the strict checks, so rows and error messages are polib's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import polib

from site_builder.errors import UserError
from site_builder.files import write_atomic as replace_text

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+(".*)$')
_UNESCAPED_QUOTE = re.compile(r'([^\\]|^)"')  # what polib rejects inside a string


class MemoryFileError(UserError):
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
    return _parse_po(path, read_po_text(path))


def read_rows(path: Path) -> tuple[Row, ...]:
    """Return one PO file's entries as rows (the lean reader, else polib); damage raises."""
    return file_rows(read_po_text(path), path)


def file_rows(text: str, path: Path) -> tuple[Row, ...]:
    """Return the rows of a PO file's text (the lean reader, else polib); damage raises."""
    rows = lean_rows(text)
    return rows if rows is not None else rows_of(_parse_po(path, text))


def text_rows(text: str) -> tuple[Row, ...]:
    """Return the rows of a PO text the memory has just written (the lean reader, else polib)."""
    rows = lean_rows(text)
    return rows if rows is not None else rows_of(polib.pofile(text, wrapwidth=78))


def read_po_text(path: Path) -> str:
    """Read a PO file as UTF-8, naming the file and line of a bad byte."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise MemoryFileError(f"{path}:{line}: not valid UTF-8") from None
    except OSError as exc:
        raise MemoryFileError(f"{path}: cannot read: {exc.strerror}") from None


def _parse_po(path: Path, text: str) -> polib.POFile:
    """Check and parse a PO file's text with polib."""
    check_syntax(path, text)
    try:
        return polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as exc:
        found = re.search(r"\(line (\d+)\)", str(exc))
        where = f":{found.group(1)}" if found else ""
        raise MemoryFileError(f"{path}{where}: invalid PO file: {exc}") from None


def lean_rows(text: str) -> tuple[Row, ...] | None:
    """Read the PO subset the memory writes exactly as polib would; None for anything else.

    polib's state machine (states st, he, tc, gc, fl, mi, ms) inlined in one loop: a call
    per line would cost as much as the parsing it saves.
    """
    rows: list[Row] = []
    msgid = msgstr = comment = tcomment = ""
    flags: list[str] = []
    state, obsolete, is_comment = "st", False, True
    for raw in text.splitlines():  # a BOM makes the first line unknown: polib decides
        line = raw.strip()
        if not line:
            continue
        is_comment = line[0] == "#" and not line.startswith("#~ ")
        if is_comment:
            if line in ("#.", "#,"):
                continue  # polib skips them
            if state == "mi":
                return None  # polib would join it to the open msgid, or fail
            if state == "ms":
                rows.append(_row(msgid, msgstr, flags, comment, tcomment, obsolete))
                msgid = msgstr = comment = tcomment = ""
                flags = []
            if line.startswith("#. "):
                comment, state = f"{comment}\n{line[3:]}" if comment else line[3:], "gc"
            elif line.startswith("#, "):
                flags, state = flags + [flag.strip() for flag in line[3:].split(",")], "fl"
            elif line == "#" or line.startswith("# "):
                if state in ("st", "he"):
                    state = "he"  # the file's header comment
                    continue
                text = line[2:]
                tcomment, state = f"{tcomment}\n{text}" if tcomment else text, "tc"
            else:
                return None
            continue
        line_obsolete = line[0] == "#"
        keyword, value = _lean_string(line[3:].lstrip() if line_obsolete else line)
        if value is None:
            return None
        if keyword == "msgid" and state != "mi":
            if state == "ms":
                rows.append(_row(msgid, msgstr, flags, comment, tcomment, obsolete))
                comment = tcomment = ""
                flags = []
            msgid, obsolete, state = value, line_obsolete, "mi"
        elif keyword == "msgstr" and state == "mi" and line_obsolete == obsolete:
            msgstr, state = value, "ms"
        elif keyword == "" and state == "mi":
            msgid += value
        elif keyword == "" and state == "ms":
            msgstr += value
        else:
            return None
    if state == "mi":
        return None  # a msgid without msgstr: the strict checks say where
    if state == "ms" and not is_comment:  # polib drops an entry followed by `#.` or `#,` only
        rows.append(_row(msgid, msgstr, flags, comment, tcomment, obsolete))
    return _without_header(rows)


def _row(msgid: str, msgstr: str, flags: list[str], comment: str, tcomment: str,
         obsolete: bool) -> Row:
    if not flags or flags == ["fuzzy"]:
        return Row(msgid, msgstr, bool(flags), comment, tcomment, obsolete, False)
    extra = any(flag != "fuzzy" for flag in flags)
    return Row(msgid, msgstr, "fuzzy" in flags, comment, tcomment, obsolete, extra)


def _lean_string(line: str) -> tuple[str, str | None]:
    """Split `msgid "…"`, `msgstr "…"` or a continuation `"…"` into (keyword, unescaped value)."""
    if line[:1] == '"':
        keyword, string = "", line
    elif line.startswith('msgid "'):
        keyword, string = "msgid", line[6:]
    elif line.startswith('msgstr "'):
        keyword, string = "msgstr", line[7:]
    else:
        return "", None
    closed = len(string) > 1 and string[-1] == '"'  # and not escaped:
    if not closed or (string[-2] == "\\" and not _is_closed_string(string)):
        return keyword, None  # unterminated: the strict checks say where
    inner = string[1:-1]
    if '"' in inner and _UNESCAPED_QUOTE.search(inner):
        return keyword, None
    return keyword, polib.unescape(inner) if "\\" in inner else inner


def _without_header(rows: list[Row]) -> tuple[Row, ...] | None:
    """Drop the metadata entry (the live msgid ""), as polib does; None if there are several."""
    headers = [number for number, row in enumerate(rows) if row.msgid == "" and not row.obsolete]
    if len(headers) > 1:
        return None  # polib's choice among them is its own business
    if headers:
        del rows[headers[0]]
    return tuple(rows)


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
