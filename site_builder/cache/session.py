"""The Session: what a long-lived process (serve) keeps from one build to the next.

Each stage's warm state lives here, passed down by build(), instead of in module globals: a
build given a fresh Session (the command line) behaves as a new process, reading the caches on
disk; `serve` owns one Session for its lifetime, so an edit costs what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from site_builder.cache.store import Store

if TYPE_CHECKING:  # the stages' own memories; a build that finds nothing changed imports none
    from site_builder.cache.ahead import Ahead
    from site_builder.cache.media import ShownMemo
    from site_builder.cache.render import RenderMemo
    from site_builder.cache.terms import Chosen
    from site_builder.cache.tokens import Filled


@dataclass
class Session:
    """The warm state of every stage, and what the watcher saw change since the last build."""

    store: Store = field(default_factory=Store)  # the cache files, read once and written
    render: RenderMemo | None = None  # the last render: its groups of files and what they show
    pictures: ShownMemo | None = None  # articles given their pictures
    tokens: Filled | None = None  # the search tokens of the last build's articles
    tags: Chosen | None = None  # the last build's tags, each article's terms, the archive index
    # Input files changed since the last build, when a watcher knows (serve); None: unknown,
    # so every file is looked at.
    changed: frozenset[str] | None = None
    ahead: Ahead | None = None  # this build's work started on the other core (a new process)
    # Each stage's memory of its last run (seeds, content folders, the memory), by stage and
    # folder; a stage takes its entry out while it runs, so a failed run leaves none.
    memos: dict[str, dict[str, Any]] = field(default_factory=dict)

    def memo(self, stage: str) -> dict[str, Any]:
        """Return the memory a stage keeps, by folder (empty in a new session)."""
        return self.memos.setdefault(stage, {})
