"""An article's PO file as the memory writes it: its header, a guide for editors, its entries."""

from __future__ import annotations

from collections.abc import Sequence

import polib

from site_builder.translate.po import Row, row_of

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


def compose(plan: Sequence[Row], old: polib.POFile | None) -> polib.POFile:
    """Write a plan as a PO file, keeping the old file's header and its entries as they are
    (with what a PO editor added to them) wherever the plan keeps their row."""
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(old.metadata) if old is not None else dict(HEADER)
    po.header = old.header if old is not None else GUIDE
    for row in plan:
        own = old.find(row.msgid, include_obsolete_entries=True) if old is not None else None
        if own is not None and row_of(own)._replace(obsolete=row.obsolete) == row:
            own.obsolete = row.obsolete
            po.append(own)
        else:
            po.append(polib.POEntry(msgid=row.msgid, msgstr=row.msgstr, flags=["fuzzy"],
                                    comment=row.comment, tcomment=row.tcomment,
                                    obsolete=row.obsolete))
    return po
