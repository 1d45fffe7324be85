"""Which remembered translation wins: an editor's over the machine's, live over obsolete."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from site_builder.translate.po import Row

MACHINE_NOTE = "machine: "
MACHINE_RANK = 2  # ranks: editor's live 0, editor's obsolete 1, machine live 2, obsolete 3
Candidate = tuple[int, Row]  # a file's best (rank, row) for one segment
Ranked = tuple[int, str, "Entry"]  # the best (rank, slug, entry) over all files


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


def file_candidates(rows: Iterable[Row]) -> dict[str, Candidate]:
    """Return one file's best row per segment: editor before machine, live before obsolete."""
    best: dict[str, Candidate] = {}
    for row in rows:
        if not row.msgid or not row.msgstr:
            continue  # no translation
        rank = (MACHINE_RANK if row.fuzzy else 0) + (1 if row.obsolete else 0)
        current = best.get(row.msgid)
        if current is None or rank < current[0]:
            best[row.msgid] = (rank, row)
    return best


def winner(candidates: Mapping[str, Candidate]) -> Ranked:
    """Return the best of the files' candidates: lowest rank, then first file by name."""
    slug = min(candidates, key=lambda s: (candidates[s][0], s))
    rank, row = candidates[slug]
    return rank, slug, Entry(row.msgstr, not row.fuzzy, row.comment)
