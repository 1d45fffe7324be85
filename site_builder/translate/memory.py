"""Translation memory: one gettext PO file per article, msgid = zh segment, msgstr = English.

Machine output is stored `#, fuzzy` with a `#. machine: <model>` comment. An editor corrects or
confirms an entry by removing the fuzzy flag; such an entry is never changed by the tool, and it
wins over machine entries for the same segment in any other file.

The memory keeps plain rows, not polib objects: with a cache folder, files whose stat did not
change since the last build are not parsed at all, and a file is parsed with polib (and
rewritten) only when the rows it should hold differ from the ones it holds. A warm process
(serve) hands one build's memory to the next: only files whose stat changed are read again,
and the segments whose entry changed are reported, so only articles using them are redone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from site_builder.cache.memory_rows import RowCache, po_files, trusted_key
from site_builder.cache.stamps import hinted_names
from site_builder.cache.store import Store
from site_builder.files import stamp_of
from site_builder.translate.entries import (
    MACHINE_NOTE,
    MACHINE_RANK,
    Candidate,
    Entry,
    Ranked,
    file_candidates,
    winner,
)
from site_builder.translate.po import (
    MemoryFileError,
    Row,
    check_syntax,
    read_po,
    read_rows,
    text_rows,
    write_atomic,
)
from site_builder.translate.po_file import compose

__all__ = ["Memory", "MemoryFileError", "check_syntax", "read_po", "unique",
           "write_atomic"]
COPIED_NOTE = "copied from an editor's entry in another file"


class Memory:
    """All PO files of one target language, loaded once, written back per article."""

    def __init__(self, directory: Path, files: Mapping[str, Sequence[Row]],
                 cache: RowCache | None = None,
                 keys: Mapping[str, tuple[int, ...] | None] | None = None) -> None:
        self.directory, self._cache = directory, cache
        self._keys = dict(keys or {})  # each file's stat as last read or written; None: unsure
        self._unsure = {slug for slug, key in self._keys.items() if key is None}
        self._rows: dict[str, tuple[Row, ...]] = {}
        self._index: dict[str, dict[tuple[str, bool], Row]] = {}  # built per file on demand
        self._candidates: dict[str, dict[str, Candidate]] = {}  # segment -> slug -> its best
        self._best: dict[str, Ranked] = {}  # from the files as they were when loaded
        self._new: dict[str, Entry] = {}  # model output of this run
        self._touched: set[str] = set()  # segments whose candidates this run's writes changed
        self._changed: set[str] = set()  # segments whose entry changed since the last build
        self._files_changed: set[str] = set(files)
        for slug in sorted(files):
            self._set_rows(slug, tuple(files[slug]))
        self._best = {s: winner(c) for s, c in self._candidates.items()}

    @classmethod
    def load(cls, directory: Path, cache_path: Path | None = None,
             previous: Memory | None = None, changed: frozenset[str] | None = None,
             store: Store | None = None) -> Memory:
        """Read every `<slug>.po` in directory (which may not exist yet), cached by stat.

        previous: the memory of this process's last complete build of the same folder; it is
        brought up to date (only changed files are read) and returned. changed: the files
        changed since, when a watcher knows; only those are looked at, not every file's stat.
        """
        if previous is not None and previous.directory == directory:
            previous._refresh(changed)
            return previous
        cache = RowCache(cache_path, store)
        files, keys = {}, {}
        for slug, st in po_files(directory).items():
            keys[slug] = trusted_key(st)  # taken before reading: a later change shows
            files[slug] = cache.get(directory / f"{slug}.po")
        return cls(directory, files, cache, keys)

    def save_cache(self) -> None:
        """Persist the parsed rows for the next build."""
        if self._cache is not None:
            self._cache.save()

    def changed_segments(self) -> set[str]:
        """Segments whose entry may differ from the one the previous build used."""
        return self._changed

    def changed_files(self) -> set[str]:
        """Slugs whose file was read anew (all of them on a cold load)."""
        return self._files_changed

    def lookup(self, segment: str, slug: str | None = None) -> Entry | None:
        """Return the translation to use: the article's own editor entry, else the best anywhere."""
        own = self._own(slug, segment, include_obsolete=False) if slug is not None else None
        if own is not None and not own.fuzzy and own.msgid and own.msgstr:
            return Entry(own.msgstr, True, own.comment)
        return self._effective(segment)

    def where(self, segment: str, slug: str) -> str:
        """Return "file:line" of the entry lookup() gives for a segment (for messages)."""
        own = self._own(slug, segment, include_obsolete=False)
        ranked = self._best.get(segment)
        source = slug if own is not None and not own.fuzzy or ranked is None else ranked[1]
        path = self.directory / f"{source}.po"
        try:
            entry = read_po(path).find(segment)
        except MemoryFileError:
            entry = None
        return f"{path}:{entry.linenum}" if entry is not None else str(path)

    def add_machine(self, translations: Mapping[str, str], model: str) -> None:
        """Remember model output; it never displaces an editor's entry."""
        for segment, text in translations.items():
            self._new[segment] = Entry(text, False, MACHINE_NOTE + model)

    def save_article(self, slug: str, segments: Sequence[str]) -> bool:
        """Write `<slug>.po` for the article's current segments; return True if it changed."""
        old = self._rows.get(slug)
        plan = self._plan(slug, unique(segments))
        if plan == list(old or ()):
            return False  # holds exactly these entries already: not even parsed
        path = self.directory / f"{slug}.po"
        po = compose(plan, read_po(path) if old is not None else None)
        text = str(po)
        written = write_atomic(path, text)
        rows = text_rows(text)  # as the file holds them: polib drops obsolete entries' notes
        self._touched |= self._set_rows(slug, rows)
        self._set_key(slug, trusted_key(os.stat(path)))
        if self._cache is not None:
            self._cache.put(path, rows, text)
        return written or rows != old

    def settle(self) -> None:
        """End a run: take its writes into the best entries, note which ones changed."""
        self._changed = set()
        self._files_changed = set()
        used = {segment: self._effective(segment) for segment in self._touched | self._new.keys()}
        self._new.clear()
        self._touched.clear()
        for segment, before in used.items():
            self._update_best(segment)
            if self._effective(segment) != before:
                self._changed.add(segment)

    def _refresh(self, changed: frozenset[str] | None = None) -> None:
        """Read again the files whose stat changed since this memory last saw them."""
        touched: set[str] = set()
        if changed is None:
            seen = po_files(self.directory)
            gone = self._rows.keys() - seen
        else:
            seen, gone = self._hinted(changed)
        for slug, st in seen.items():
            if stamp_of(st) == self._keys.get(slug):  # only trusted keys are kept
                continue
            path = self.directory / f"{slug}.po"
            rows = self._cache.get(path) if self._cache is not None else read_rows(path)
            self._set_key(slug, trusted_key(st))
            if rows != self._rows.get(slug):
                touched |= self._set_rows(slug, rows)
                self._files_changed.add(slug)
        for slug in gone:  # deleted: its entries are gone
            touched |= self._set_rows(slug, None)
            self._keys.pop(slug, None)
            self._unsure.discard(slug)
            self._files_changed.add(slug)
        for segment in touched:
            before = self._effective(segment)
            self._update_best(segment)
            if self._effective(segment) != before:
                self._changed.add(segment)

    def _hinted(self, changed: frozenset[str]) -> tuple[dict[str, os.stat_result], set[str]]:
        """Stat the files a watcher reported and the untrusted ones; return them and the gone."""
        slugs = self._unsure | {name[:-3] for name in hinted_names(self.directory, ".po", changed)}
        seen, gone = {}, set()
        for slug in slugs:
            try:
                seen[slug] = os.stat(self.directory / f"{slug}.po")
            except FileNotFoundError:
                if slug in self._rows:
                    gone.add(slug)
        return seen, gone

    def _set_key(self, slug: str, key: tuple[int, ...] | None) -> None:
        """Record a file's stat as read or written (None: too new to trust, look again)."""
        self._keys[slug] = key
        if key is None:
            self._unsure.add(slug)
        else:
            self._unsure.discard(slug)

    def _set_rows(self, slug: str, rows: tuple[Row, ...] | None) -> set[str]:
        """Replace one file's rows; return the segments whose candidate from it changed."""
        before = file_candidates(self._rows.get(slug, ()))
        after = file_candidates(rows or ())
        if rows is None:
            self._rows.pop(slug, None)
        else:
            self._rows[slug] = rows
        self._index.pop(slug, None)
        touched = set()
        for segment in before.keys() - after.keys():
            candidates = self._candidates[segment]
            del candidates[slug]
            if not candidates:
                del self._candidates[segment]
            touched.add(segment)
        for segment, candidate in after.items():
            if before.get(segment) != candidate:
                self._candidates.setdefault(segment, {})[slug] = candidate
                touched.add(segment)
        return touched

    def _update_best(self, segment: str) -> None:
        """Recompute the best entry of a segment from the files' candidates."""
        candidates = self._candidates.get(segment)
        if candidates:
            self._best[segment] = winner(candidates)
        else:
            self._best.pop(segment, None)

    def _effective(self, segment: str) -> Entry | None:
        """Return the best entry anywhere: model output of this run beats other machine ones."""
        ranked = self._best.get(segment)
        new = self._new.get(segment)
        if new is not None and (ranked is None or ranked[0] >= MACHINE_RANK):
            return new
        return ranked[2] if ranked else None

    def _plan(self, slug: str, wanted: list[str]) -> list[Row]:
        """Return the rows the article's file should hold, in file order: the one definition
        of what an article's PO file holds (its editor's entries, the best known, #~ the rest)."""
        rows = [row for row in map(lambda s: self._row_to_write(slug, s), wanted) if row]
        kept = set(wanted)
        rows += [r._replace(obsolete=True) for r in self._rows.get(slug, ()) if r.msgid not in kept]
        return rows

    def _row_to_write(self, slug: str, segment: str) -> Row | None:
        """Return the row for one segment: the editor's untouched, else the best known."""
        own = self._own(slug, segment, include_obsolete=True)
        if own is not None and not own.fuzzy and own.msgstr:  # a sentence that came back
            return own._replace(obsolete=False) if own.obsolete else own  # keeps its correction
        best = self.lookup(segment, slug)
        if best is None:
            return None
        note = best.note if not best.reviewed else COPIED_NOTE
        return Row(segment, best.text, True, note, own.tcomment if own else "", False, False)

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


def unique(segments: Iterable[str]) -> list[str]:
    """Return segments without duplicates, first occurrence order."""
    return list(dict.fromkeys(segments))
