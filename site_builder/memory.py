"""Translation memory: one gettext PO file per article, msgid = zh segment, msgstr = English.

Machine output is stored `#, fuzzy` with a `#. machine: <model>` comment. An editor corrects or
confirms an entry by removing the fuzzy flag; such an entry is never changed by the tool, and it
wins over machine entries for the same segment in any other file.

The memory keeps plain rows, not polib objects: with a cache folder, files whose stat did not
change since the last build are not parsed at all, and a file is parsed with polib (and
rewritten) only when the rows it should hold differ from the ones it holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from .memory_po import MemoryFileError, Row, check_syntax, read_po, row_of, rows_of, write_atomic
from .stat_cache import StatCache

__all__ = ["Entry", "Memory", "MemoryFileError", "check_syntax", "read_po", "unique",
           "write_atomic"]
MACHINE_NOTE = "machine: "
COPIED_NOTE = "copied from an editor's entry in another file"
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

# Per memory folder, slug -> (its rows, its segments and their best entries) when its file was
# last found to hold what it should: a warm process (serve) keeps unchanged files' rows as the
# same objects, so an article whose inputs are all the same needs no plan.
_SETTLED: dict[str, dict[str, tuple[object, tuple[object, ...]]]] = {}


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

    def __init__(self, directory: Path, files: Mapping[str, Sequence[Row]],
                 cache: StatCache[tuple[Row, ...]] | None = None) -> None:
        self.directory, self._cache = directory, cache
        self._rows = {slug: tuple(rows) for slug, rows in files.items()}
        self._index: dict[str, dict[tuple[str, bool], Row]] = {}  # built per file on demand
        self._best: dict[str, tuple[int, Entry]] = {}
        for slug in sorted(self._rows):
            for row in self._rows[slug]:
                self._offer(row.msgid, _entry(row), row.obsolete)

    @classmethod
    def load(cls, directory: Path, cache_path: Path | None = None) -> Memory:
        """Read every `<slug>.po` in directory (which may not exist yet), cached by stat."""
        cache: StatCache[tuple[Row, ...]] = StatCache(cache_path, "memory")
        paths = sorted(directory.glob("*.po")) if directory.is_dir() else []
        return cls(directory, {p.stem: cache.get(p, _parse_rows) for p in paths}, cache)

    def save_cache(self) -> None:
        """Persist the parsed rows for the next build."""
        if self._cache is not None:
            self._cache.save()

    def lookup(self, segment: str, slug: str | None = None) -> Entry | None:
        """Return the translation to use: the article's own editor entry, else the best anywhere."""
        own = self._own(slug, segment, include_obsolete=False) if slug is not None else None
        if own is not None and (entry := _entry(own)) is not None and entry.reviewed:
            return entry
        ranked = self._best.get(segment)
        return ranked[1] if ranked else None

    def add_machine(self, translations: Mapping[str, str], model: str) -> None:
        """Remember model output; it never displaces an editor's entry."""
        for segment, text in translations.items():
            self._offer(segment, Entry(text, False, MACHINE_NOTE + model), obsolete=False, new=True)

    def save_article(self, slug: str, segments: Sequence[str]) -> bool:
        """Write `<slug>.po` for the article's current segments; return True if it changed."""
        old = self._rows.get(slug)
        wanted = unique(segments)
        inputs = (*wanted, None, *(self._best.get(s) for s in wanted))
        settled = _SETTLED.setdefault(str(self.directory), {})
        known = settled.get(slug)
        if known is not None and known[0] is old and known[1] == inputs:
            return False  # same rows, segments and best entries as when it was last right
        plan = self._plan(slug, wanted)
        if plan == list(old or ()):
            settled[slug] = (old, inputs)
            return False  # holds exactly these entries already: not even parsed
        path = self.directory / f"{slug}.po"
        old_po = read_po(path) if old is not None else None
        po = self._compose(slug, wanted, old_po)
        changed = write_atomic(path, str(po))
        self._rows[slug] = rows_of(po)
        self._index.pop(slug, None)
        if self._cache is not None:
            self._cache.put(path, self._rows[slug])
        return changed

    def _plan(self, slug: str, wanted: list[str]) -> list[Row]:
        """Return the rows the article's file should hold, in file order."""
        rows = [row for row in map(lambda s: self._row_to_write(slug, s), wanted) if row]
        kept = set(wanted)
        rows += [r._replace(obsolete=True) for r in self._rows.get(slug, ()) if r.msgid not in kept]
        return rows

    def _row_to_write(self, slug: str, segment: str) -> Row | None:
        """Return the row for one segment: the editor's untouched, else the best known."""
        own = self._own(slug, segment, include_obsolete=True)
        if own is not None and not own.fuzzy and own.msgstr:
            return own._replace(obsolete=False)  # a sentence that came back keeps its correction
        best = self.lookup(segment, slug)
        if best is None:
            return None
        note = best.note if not best.reviewed else COPIED_NOTE
        return Row(segment, best.text, True, note, own.tcomment if own else "", False, False)

    def _compose(self, slug: str, wanted: list[str], old: polib.POFile | None) -> polib.POFile:
        """Build the article's PO file, keeping the old file's header and editor entries."""
        po = polib.POFile(wrapwidth=78)
        po.metadata = dict(old.metadata) if old is not None else dict(HEADER)
        po.header = old.header if old is not None else GUIDE
        for segment in wanted:
            row = self._row_to_write(slug, segment)
            own = old.find(segment, include_obsolete_entries=True) if old is not None else None
            if row is not None and own is not None and row == row_of(own)._replace(obsolete=False):
                own.obsolete = False
                po.append(own)
            elif row is not None:
                po.append(polib.POEntry(msgid=segment, msgstr=row.msgstr, flags=["fuzzy"],
                                        comment=row.comment, tcomment=row.tcomment))
        kept = set(wanted)
        for po_entry in old or ():
            if po_entry.msgid not in kept:  # changed source text: keep it, marked #~
                po_entry.obsolete = True
                po.append(po_entry)
        return po

    def _own(self, slug: str, segment: str, include_obsolete: bool) -> Row | None:
        """Return the first row of the article's file for a segment."""
        index = self._index.get(slug)
        if index is None:
            index = self._index[slug] = {}
            for row in self._rows.get(slug, ()):
                index.setdefault((row.msgid, True), row)
                if not row.obsolete:
                    index.setdefault((row.msgid, False), row)
        return index.get((segment, include_obsolete))

    def _offer(self, segment: str, entry: Entry | None, obsolete: bool, new: bool = False) -> None:
        """Keep the best entry per segment: editor before machine, live before obsolete."""
        if entry is None:
            return
        rank = (0 if entry.reviewed else 2) + (1 if obsolete else 0)
        current = self._best.get(segment)
        if current is None or rank < current[0] or (new and rank <= current[0]):
            self._best[segment] = (rank, entry)


def _parse_rows(path: Path) -> tuple[Row, ...]:
    return rows_of(read_po(path))


def _entry(row: Row) -> Entry | None:
    """Convert a row, or None when it holds no translation."""
    if not row.msgid or not row.msgstr:
        return None
    return Entry(row.msgstr, not row.fuzzy, row.comment)


def unique(segments: Iterable[str]) -> list[str]:
    """Return segments without duplicates, first occurrence order."""
    return list(dict.fromkeys(segments))
