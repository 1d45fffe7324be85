"""Work started ahead on the other core: while a cold build translates, a forked process works
out what later stages will ask for (which tags are people's names, the zh search tokens).

Its answers are what the plain functions give on the same inputs (tags/terms.is_person,
render/search.tokens by the token cache's key): a stage takes an answer where it would otherwise
work it out itself, and works it out itself when there is none (the process failed or was never
started). Only a cold build starts it (no token cache beside the output): a later one finds
both answers in its caches. Only where processes fork: spawning one would pickle every article
over, which costs about what it saves.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.models import Article
from site_builder.processes import die_with_parent, start_method

if TYPE_CHECKING:
    from site_builder.cache.session import Session

log = logging.getLogger(__name__)
PEOPLE, TOKENS = 0, 1  # the answers, in the order the process sends them


class Ahead:
    """The forked process, and the answers it has sent so far."""

    def __init__(self, process: multiprocessing.process.BaseProcess, answers: Connection) -> None:
        self._process, self._connection = process, answers
        self._answers: list[dict[str, Any]] = []

    def people(self) -> dict[str, bool]:
        """Return, for each tag of the zh articles, whether it is a person's name."""
        return self._answer(PEOPLE)

    def tokens(self) -> dict[str, str]:
        """Return the search tokens (joined by newlines) of the zh texts the token cache lacks,
        by the cache's key of each text."""
        return self._answer(TOKENS)

    def close(self) -> None:
        """End the process, done or not (a build that failed does not wait for it)."""
        self._connection.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()

    def _answer(self, number: int) -> dict[str, Any]:
        """Wait for an answer; none ({}) if the process ended without sending it."""
        while len(self._answers) <= number:
            try:
                self._answers.append(self._connection.recv())
            except (EOFError, OSError):  # it failed: the stages work it out themselves
                log.debug("the work started ahead ended without answer %d", number)
                return {}
        return self._answers[number]


@contextlib.contextmanager
def work_ahead(zh: Sequence[Article], token_path: Path, session: Session) -> Iterator[None]:
    """Start the work ahead for a cold build (session.ahead) and end it with the build."""
    if session.render is not None or token_path.exists() or start_method() != "fork" or not zh:
        yield
        return
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=_work, args=(os.getpid(), send, tuple(zh), token_path), daemon=True)
    process.start()
    send.close()  # the child's end: the parent's copy would keep recv() from ever seeing EOF
    session.ahead = Ahead(process, receive)
    try:
        yield
    finally:
        session.ahead.close()
        session.ahead = None


def _work(parent: int, answers: Connection, zh: tuple[Article, ...], token_path: Path) -> None:
    """The forked process: send which tags are people, then the missing zh search tokens."""
    from site_builder.cache.tokens import TokenCache
    from site_builder.tags.terms import is_person

    die_with_parent(parent)
    answers.send({tag: is_person(tag) for tag in sorted({t for a in zh for t in a.tags})})
    answers.send(TokenCache.load(token_path).lacking(zh, "zh"))
    answers.close()
