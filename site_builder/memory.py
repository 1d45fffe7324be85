"""Translation memory: one gettext PO file per article, msgid = zh segment, msgstr = English.

Machine output is stored `#, fuzzy` with a `#. machine: <model>` comment. An editor corrects or
confirms an entry by removing the fuzzy flag; such an entry is never changed by the tool, and it
wins over machine entries for the same segment in any other file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

MACHINE_NOTE = "machine: "
HEADER = {
    "Project-Id-Version": "site-builder",
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
GUIDE = (
    "Translation memory of one article (msgid: Chinese segment, msgstr: English).\n"
    "Machine output is marked fuzzy. Correct an entry and delete its fuzzy flag (or just\n"
    "delete the flag to confirm it): site-builder never changes such an entry again."
)
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+(".*)$')


class MemoryFileError(Exception):
    """A PO file of the translation memory is unreadable; the message names file and line."""


@dataclass(frozen=True)
class Entry:
    """One remembered translation."""

    text: str
    reviewed: bool  # an editor corrected or confirmed it (not fuzzy)
    note: str = ""  # "machine: translate-zh_en 1.9" for model output

    @property
    def model(self) -> str | None:
        """The model that produced this translation, if the note records one."""
        return self.note.removeprefix(MACHINE_NOTE) if self.note.startswith(MACHINE_NOTE) else None


class Memory:
    """All PO files of one target language, loaded once, written back per article."""

    def __init__(self, directory: Path, files: Mapping[str, polib.POFile]) -> None:
        self.directory = directory
        self._files = dict(files)
        self._best: dict[str, tuple[int, Entry]] = {}
        for slug in sorted(self._files):
            for po_entry in self._files[slug]:
                self._offer(po_entry.msgid, _entry(po_entry), po_entry.obsolete)

    @classmethod
    def load(cls, directory: Path) -> Memory:
        """Read every `<slug>.po` in directory (which may not exist yet)."""
        paths = sorted(directory.glob("*.po")) if directory.is_dir() else []
        return cls(directory, {path.stem: read_po(path) for path in paths})

    def lookup(self, segment: str, slug: str | None = None) -> Entry | None:
        """Return the translation to use: the article's own editor entry, else the best anywhere."""
        own = self._own(slug, segment)
        if own is not None and own.reviewed:
            return own
        ranked = self._best.get(segment)
        return ranked[1] if ranked else None

    def add_machine(self, translations: Mapping[str, str], model: str) -> None:
        """Remember model output; it never displaces an editor's entry."""
        for segment, text in translations.items():
            self._offer(segment, Entry(text, False, MACHINE_NOTE + model), obsolete=False, new=True)

    def save_article(self, slug: str, segments: Sequence[str]) -> bool:
        """Write `<slug>.po` for the article's current segments; return True if it changed."""
        old = self._files.get(slug)
        po = polib.POFile(wrapwidth=78)
        po.metadata = dict(old.metadata) if old is not None else dict(HEADER)
        po.header = old.header if old is not None else GUIDE
        wanted = unique(segments)
        for segment in wanted:
            po_entry = self._entry_to_write(slug, segment)
            if po_entry is not None:
                po.append(po_entry)
        kept = set(wanted)
        for po_entry in old or ():
            if po_entry.msgid not in kept:  # changed source text: keep it, marked #~
                po_entry.obsolete = True
                po.append(po_entry)
        self._files[slug] = po
        if old is None and not len(po):
            return False
        return write_atomic(self.directory / f"{slug}.po", str(po))

    def _entry_to_write(self, slug: str, segment: str) -> polib.POEntry | None:
        """Return the PO entry for one segment: the editor's untouched, else the best known."""
        old = self._files.get(slug)
        own = old.find(segment, include_obsolete_entries=True) if old is not None else None
        if own is not None and "fuzzy" not in own.flags and own.msgstr:
            own.obsolete = False  # a sentence that came back keeps its correction
            return own
        best = self.lookup(segment, slug)
        if best is None:
            return None
        note = best.note if not best.reviewed else "copied from an editor's entry in another file"
        return polib.POEntry(
            msgid=segment,
            msgstr=best.text,
            flags=["fuzzy"],
            comment=note,
            tcomment=own.tcomment if own is not None else "",
        )

    def _own(self, slug: str | None, segment: str) -> Entry | None:
        po = self._files.get(slug) if slug is not None else None
        found = po.find(segment) if po is not None else None
        return _entry(found) if found is not None else None

    def _offer(self, segment: str, entry: Entry | None, obsolete: bool, new: bool = False) -> None:
        """Keep the best entry per segment: editor before machine, live before obsolete."""
        if entry is None:
            return
        rank = (0 if entry.reviewed else 2) + (1 if obsolete else 0)
        current = self._best.get(segment)
        if current is None or rank < current[0] or (new and rank <= current[0]):
            self._best[segment] = (rank, entry)


def _entry(po_entry: polib.POEntry) -> Entry | None:
    """Convert a PO entry, or None when it holds no translation."""
    if not po_entry.msgid or not po_entry.msgstr:
        return None
    return Entry(po_entry.msgstr, "fuzzy" not in po_entry.flags, po_entry.comment or "")


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
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise MemoryFileError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, _mode_of(path))  # mkstemp's 0600 would lock editors out
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # a full disk or a read-only folder: the old file stays whole
        Path(tmp).unlink(missing_ok=True)
        raise MemoryFileError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def unique(segments: Iterable[str]) -> list[str]:
    """Return segments without duplicates, first occurrence order."""
    return list(dict.fromkeys(segments))


def _mode_of(path: Path) -> int:
    """Return the permissions to give a rewritten file: its current ones, else rw-r--r--."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644
