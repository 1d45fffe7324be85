"""Work started ahead on the other core: while a new process translates, forked processes work
out what later stages will ask for (which tags are people's names, the search tokens, the
Chinese search shards).

Their answers are what the plain functions give on the same inputs (tags/terms.is_person,
render/search.tokens by the token cache's key, render_search_index's shards): a stage takes an
answer where it would otherwise work it out itself, and works it out itself when there is none
(a process failed or was never started) or when it was worked out from other inputs (the
shards: other articles, in another order, or with other texts). A warm process (serve) starts
none: it has the answers. Only where processes fork: spawning one would pickle every article
over, which costs about what it saves.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.cache.store import Store
from site_builder.models import Article
from site_builder.output.write import Job
from site_builder.processes import die_with_parent, start_method

if TYPE_CHECKING:
    from site_builder.cache.session import Session

log = logging.getLogger(__name__)
Work = dict[str, tuple[Callable[..., dict[str, Any]], tuple[Any, ...]]]  # name -> (job, args)


class Ahead:
    """The processes forked to work ahead, and the answers they have sent so far."""

    def __init__(self) -> None:
        self._started: list[tuple[multiprocessing.process.BaseProcess, threading.Thread]] = []
        self._ready: dict[str, threading.Event] = {}  # set once an answer is in, or never will be
        self._answers: dict[str, dict[str, Any]] = {}

    def start(self, work: Work) -> None:
        """Fork a process that works out each answer in turn and sends it."""
        receive, send = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(
            target=_work, args=(os.getpid(), send, work), daemon=True)
        process.start()
        send.close()  # the child's end: the parent's copy would keep recv() from seeing EOF
        ready = {name: threading.Event() for name in work}
        self._ready |= ready
        # Taken as soon as sent, so the process ends then: while it lives, every page of this
        # one's memory that the build writes to is copied (the two share them since the fork).
        receiver = threading.Thread(target=self._receive, args=(receive, ready), daemon=True)
        receiver.start()
        self._started.append((process, receiver))

    def people(self) -> dict[str, bool]:
        """Return, for each tag of the zh articles, whether it is a person's name."""
        return self._answer("people")

    def tokens(self) -> dict[str, str]:
        """Return the search tokens (joined by newlines) of the zh texts the token cache
        lacks, by the cache's key of each text."""
        return self._answer("tokens zh")

    def shards(self, lang: str) -> dict[str, Any]:
        """Return a language's search shards rendered ahead (only Chinese ones are), and what
        they were rendered from."""
        return self._answer(f"shards {lang}")

    def settle(self) -> None:
        """Wait for every answer (before workers are forked from this process)."""
        for _, receiver in self._started:
            receiver.join()

    def close(self) -> None:
        """End the processes, done or not (a build that failed does not wait for them)."""
        for process, receiver in self._started:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.join()

    def _answer(self, name: str) -> dict[str, Any]:
        """Wait for an answer; none ({}) if it was never asked or its process ended without."""
        ready = self._ready.get(name)
        if ready is not None:
            ready.wait()
        return self._answers.get(name, {})

    def _receive(self, connection: Connection, ready: dict[str, threading.Event]) -> None:
        """Take the answers of one process as they come (a thread of the build's)."""
        try:
            for _ in ready:
                name, value = connection.recv()
                self._answers[name] = value
                ready[name].set()
        except (EOFError, OSError):  # it failed: the stages work its answers out themselves
            log.debug("work started ahead ended without answers %s", sorted(ready))
        finally:
            connection.close()
            for event in ready.values():
                event.set()


@contextlib.contextmanager
def work_ahead(zh: Sequence[Article], token_path: Path, session: Session) -> Iterator[None]:
    """Start the work ahead for a new process (session.ahead) and end it with the build."""
    if session.render is not None or start_method() != "fork" or not zh:
        yield
        return
    session.ahead = Ahead()
    zh = tuple(zh)
    # which tags are names: a cold build's question (a later one keeps the answers)
    people: Work = {} if token_path.exists() else {"people": (_people, (zh,))}
    store = Store()  # the process's own: the token cache file is read once for both answers
    try:
        session.ahead.start({**people, "tokens zh": (_lacking, (token_path, store, zh, "zh")),
                             "shards zh": (_shards, (token_path, store, zh, "zh"))})
        yield
    finally:
        session.ahead.close()
        session.ahead = None


def _work(parent: int, answers: Connection, work: Work) -> None:
    """A forked process: work out each answer in turn and send it."""
    die_with_parent(parent)
    for name, (job, args) in work.items():
        _SENT[name] = job(*args)
        answers.send((name, _SENT[name]))
    answers.close()


_SENT: dict[str, Any] = {}  # a forked process's answers so far, for the later ones


def _people(zh: tuple[Article, ...]) -> dict[str, bool]:
    from site_builder.tags.terms import is_person

    return {tag: is_person(tag) for tag in sorted({t for a in zh for t in a.tags})}


def _lacking(token_path: Path, store: Store, articles: tuple[Article, ...],
             lang: str) -> dict[str, str]:
    from site_builder.cache.tokens import TokenCache

    return TokenCache.load(token_path, store).lacking(articles, lang)


def _shards(token_path: Path, store: Store, articles: tuple[Article, ...],
            lang: str) -> dict[str, Any]:
    """Render a language's search shards from the articles, as the build would if they are
    the articles it publishes, in that order, with those texts (rendered_ahead checks)."""
    from site_builder.cache.tokens import TokenCache
    from site_builder.render.catalog import sort_key
    from site_builder.render.search import render_search_index

    articles = tuple(sorted(articles, key=sort_key))  # as the edition orders them
    tokens = TokenCache.load(token_path, store, ahead=_SENT.get(f"tokens {lang}"))
    tokens.fill({lang: articles})
    memo: dict[str, Any] = {}
    render_search_index(articles, lang, "", tokens, memo, fingerprint_of=lambda _: "")
    return {"slugs": [a.slug for a in articles],
            "keys": [tokens.key_of(a, lang) for a in articles],
            "shards": {job.path: job.make() for job in memo[lang].jobs[1:]}}  # [0]: the head


def rendered_ahead(jobs: list[Job], ahead: Mapping[str, Any], articles: Sequence[Article],
                   lang: str, key_of: Callable[[Article, str], str]) -> list[Job]:
    """Return the search jobs, each shard rendered ahead from these very articles as its bytes."""
    if not ahead or ahead["slugs"] != [a.slug for a in articles] or ahead["keys"] != [
            key_of(a, lang) for a in articles]:
        return jobs  # other articles, or in another order, or other texts: rendered here
    shards = ahead["shards"]
    return [Job(job.path, job.fingerprint, partial(bytes, shards[job.path]), group=job.group)
            if job.path in shards else job for job in jobs]
