"""The Session: what a long-lived process (serve) keeps from one build to the next.

Each stage's warm state lives here, passed down by build(), instead of in module globals: a
build given a fresh Session (the command line) behaves as a new process, reading the caches on
disk; `serve` owns one Session for its lifetime, so an edit costs what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.cache.media import ShownMemo
from site_builder.cache.render import RenderMemo
from site_builder.cache.terms import Chosen
from site_builder.cache.tokens import Filled


@dataclass
class Session:
    """The warm state of every stage, and what the watcher saw change since the last build."""

    render: RenderMemo = field(default_factory=RenderMemo)
    pictures: ShownMemo = field(default_factory=ShownMemo)  # articles given their pictures
    tokens: Filled | None = None  # the search tokens of the last build's articles
    tags: Chosen | None = None  # the last build's tags, each article's terms, the archive index
    # Input files changed since the last build, when a watcher knows (serve); None: unknown,
    # so every file is looked at.
    changed: frozenset[str] | None = None
