"""An article while the page's lines are being grouped: what grouping fills in, page.py freezes."""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.parse.bylines import Byline
from site_builder.parse.normalise import is_finished


@dataclass
class Draft:
    """An article while its lines are being collected (mutable; page.py freezes it)."""

    first: int
    last: int
    heads: list[str] = field(default_factory=list)
    head_gaps: list[int] = field(default_factory=list)  # blank lines above each head line
    body: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h2", text)
    reporters: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    dateline: str | None = None
    continued_from: str | None = None
    continued_on: str | None = None
    closed: bool = False  # a "下转" marker ended it: what follows is another article
    ended: bool = False  # the last line read was end matter: a caption, credit or closing byline
    section: str | None = None  # the label ("简讯") over the run of briefs it belongs to
    row_last: bool = False  # the last paragraph is a table row: complete without a full stop
    byline_line: bool = False  # a byline was printed under the headline (a report, a feature)
    review: list[str] = field(default_factory=list)  # what an editor should check

    @property
    def has_body(self) -> bool:
        """True once a body paragraph has been read."""
        return any(kind == "p" for kind, _ in self.body)

    @property
    def unfinished(self) -> bool:
        """True when the last paragraph stops mid-sentence (the layout cut it)."""
        last = self.body[-1] if self.body else ("", "")
        return last[0] == "p" and not self.row_last and not is_finished(last[1])

    def add_byline(self, byline: Byline) -> None:
        """Record the people and credits of a byline, each once."""
        for names, new in ((self.reporters, byline.reporters),
                           (self.photographers, byline.photographers),
                           (self.credits, byline.credits)):
            names.extend(name for name in new if name not in names)
