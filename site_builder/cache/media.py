"""Pictures, for speed only: encoded copies kept by content, what each file held, by its stat.

Encoding a photo's copies takes about a second; a build must not do it again for a picture it
has seen. The copies are kept as files named by their key: the picture's content hash and the
recipe (render/imaging.py: its settings, its own code and Pillow's release, everything that
shapes the copies' bytes), so a renamed or re-saved picture with the same bytes is not decoded
or encoded again, and a changed one can never be served from an old copy. What each file held
(its hash and size, or its error) is kept by its stat and the code version, so a warm build
reads no picture at all. The plain path beside this is render/media.py's
`inspect_picture(path, None)` and imaging's `open_picture` + `encode_copies`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from site_builder.cache.store import LOAD_ERRORS, Store
from site_builder.files import stamp, trusted, write_atomic

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class CopyStore:
    """Encoded copies on disk, one file per copy: `<key>-<name>` (e.g. `1f3c…-800.webp`)."""

    folder: Path

    def read(self, key: str, name: str) -> bytes | None:
        """Return a stored copy, or None when it is not there."""
        try:
            return (self.folder / f"{key}-{name}").read_bytes()
        except OSError:
            return None

    def has(self, key: str, names: Sequence[str]) -> bool:
        """Tell whether every named copy of a picture is stored."""
        return all((self.folder / f"{key}-{name}").is_file() for name in names)

    def facts(self, key: str) -> list[Any] | None:
        """Return what was stored of a picture with its copies (its size), None if nothing."""
        try:
            value = json.loads((self.folder / f"{key}.json").read_bytes())
        except (OSError, ValueError):
            return None
        return value if isinstance(value, list) else None

    def put(self, key: str, copies: dict[str, bytes], facts: list[Any]) -> None:
        """Store a picture's copies, then its facts (each atomically: never half a file)."""
        try:
            # the facts last: stored facts promise that the copies are there
            for name, data in [*copies.items(), (".json", json.dumps(facts).encode())]:
                target = self.folder / (f"{key}{name}" if name == ".json" else f"{key}-{name}")
                write_atomic(target, data, durable=False)  # made again if a power cut eats it
        except OSError as exc:  # only a cache: the copies are encoded again when written
            log.warning("%s: cannot keep encoded pictures: %s", self.folder, exc.strerror or exc)


class StatMemo:
    """Values worked out from files, kept by the files' stat (see cache/stamps.py's StatCache).

    Unlike StatCache, it tells which files it does not know, so that they can be worked out
    together (in parallel) instead of one by one.
    """

    def __init__(self, path: Path, version: str, store: Store | None = None) -> None:
        self.path, self.version = path, version
        self.store = store if store is not None else Store()
        try:
            saved_version, entries = self.store.load(path)
        except LOAD_ERRORS:
            saved_version, entries = None, {}
        self._old: dict[str, tuple[tuple[int, ...], Any]] = (
            entries if saved_version == version and isinstance(entries, dict) else {})
        self._new: dict[str, tuple[tuple[int, ...], Any]] = {}

    def known(self, path: Path) -> tuple[bool, Any]:
        """Return (True, value) when path's value is kept and its file did not change."""
        key = stamp(path)
        entry = self._old.get(str(path))
        if key is not None and entry is not None and entry[0] == key:
            self._new[str(path)] = entry
            return True, entry[1]
        return False, None

    def put(self, path: Path, value: Any) -> None:
        """Keep a value worked out from a file (unless the file is too new to trust its stat)."""
        key = stamp(path)  # a missing file is asked again next time, at the cost of one stat
        if trusted(key):
            self._new[str(path)] = (key, value)

    def save(self) -> None:
        """Write the entries of the files seen this build, if they changed."""
        if self._new != self._old:
            self.store.save(self.path, (self.version, dict(self._new)))


def memo_map(work: Callable[[T], R], paths: Sequence[T], memo: StatMemo,
             workers: int) -> list[R]:
    """Return work(path) for each path: kept values first, the rest worked out in parallel."""
    results: dict[int, R] = {}
    missing: list[int] = []
    for index, path in enumerate(paths):
        hit, value = memo.known(path)  # type: ignore[arg-type]
        if hit:
            results[index] = value
        else:
            missing.append(index)
    for index, value in zip(missing, parallel_map(work, [paths[i] for i in missing], workers),
                            strict=True):
        results[index] = value
        memo.put(paths[index], value)  # type: ignore[arg-type]
    memo.save()
    return [results[index] for index in range(len(paths))]


def parallel_map(work: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """Return work(item) for each item, in forked worker processes when there are several."""
    if workers < 2 or len(items) < 2:
        return [work(item) for item in items]
    from site_builder.output.workers import pool

    with pool(min(workers, len(items))) as workers_pool:  # forked, or spawned where none fork
        return list(workers_pool.map(work, items))


@dataclass
class ShownMemo:
    """What a long-lived process (serve) keeps of the picture stage: the articles it gave last
    build, by id of the article each was made from, so that an article whose pictures did not
    change stays the very same object (see cache/identity.py)."""

    last: dict[int, tuple[Any, tuple[Any, ...], Any]] = field(default_factory=dict)
    current: dict[int, tuple[Any, tuple[Any, ...], Any]] = field(default_factory=dict)
    named: dict[int, tuple[Any, Any]] = field(default_factory=dict)  # article -> its pictures

    def start(self) -> None:
        """Begin a build: what the last one gave is what this one may give back."""
        self.last, self.current = self.current, {}

    def names(self, articles: Sequence[T], find: Callable[[T], R]) -> dict[int, R]:
        """Return find(article) by id for these articles, kept for the same objects."""
        known, named = self.named, {}
        for article in articles:
            entry = known.get(id(article))
            if entry is None or entry[0] is not article:
                entry = (article, find(article))
            named[id(article)] = entry
        self.named = named
        return {key: entry[1] for key, entry in named.items()}

    def get(self, article: T, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """Return make(), or what it returned last build from the same article and inputs."""
        known = self.last.get(id(article))
        if known is not None and known[0] is article and known[1] == inputs:
            shown = known[2]
        else:
            shown = make()
        self.current[id(article)] = (article, inputs, shown)
        return shown  # type: ignore[no-any-return]
