"""English twins kept between builds: reused while the zh article and its memory entries match.

Listing an article's segments and mapping it to English both walk every sentence (and romanise
names); for thousands of unchanged articles that is most of an edit's rebuild. The key of an
article is a hash of the zh Article, of the code that maps it, and of the memory entries used.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

from .localise import segments_of
from .memory import Entry
from .models import Article
from .stat_cache import LOAD_ERRORS, load_pickle, save_pickle

log = logging.getLogger(__name__)
# The previous build's keys by article object: a warm process (serve) keeps unchanged articles
# as the same objects, so their keys need no pickling again.
_KEYS: dict[int, tuple[Article, int, bytes]] = {}
CODE = ("localise.py", "names.py", "segment.py", "translate.py", "models.py", "memory.py")


class EnglishCache:
    """Segments and English twin per slug, from the last build."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[str, tuple[bytes, list[str], bytes, Article]] = self._load()
        self._new: dict[str, tuple[bytes, list[str], bytes, Article]] = {}
        self._keys: dict[str, bytes] = {}
        self._ids: dict[int, tuple[Article, int, bytes]] = {}

    def segments(self, article: Article, max_chars: int) -> list[str]:
        """Return the segments to translate, from the cache when the article is unchanged."""
        known_key = _KEYS.get(id(article))
        if known_key is not None and known_key[0] is article and known_key[1] == max_chars:
            key = known_key[2]
        else:
            key = _digest(pickle.dumps((article, max_chars, _code_version()), protocol=4))
        self._keys[article.slug] = key
        self._ids[id(article)] = (article, max_chars, key)
        known = self._old.get(article.slug)
        return known[1] if known and known[0] == key else segments_of(article, max_chars)

    def english(self, article: Article, segments: list[str], entries: Sequence[Entry | None],
                make: Callable[[], Article]) -> Article:
        """Return the English twin, made anew only when the article or its entries changed."""
        used = _digest("\0".join(
            f"{e.text}\1{e.reviewed}\1{e.note}" if e else "\2" for e in entries).encode("utf-8"))
        key = self._keys.get(article.slug) or b""
        known = self._old.get(article.slug)
        english = known[3] if known and known[0] == key and known[2] == used else make()
        self._new[article.slug] = (key, segments, used, english)
        return english

    def save(self) -> None:
        """Write the entries of this build's articles."""
        _KEYS.clear()
        _KEYS.update(self._ids)
        if self.path is None or self._new == self._old:  # equal: the file already holds them
            return
        try:
            save_pickle(self.path, (_code_version(), dict(self._new)))
        except OSError as exc:  # only a cache
            log.warning("%s: cannot write cache: %s", self.path, exc.strerror or exc)

    def _load(self) -> dict[str, tuple[bytes, list[str], bytes, Article]]:
        if self.path is None:
            return {}
        try:
            version, entries = load_pickle(self.path)
        except LOAD_ERRORS:
            return {}
        return entries if version == _code_version() and isinstance(entries, dict) else {}


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


@functools.cache
def _code_version() -> str:
    """Hash the code that makes English twins, so a change to it empties the cache."""
    here = Path(__file__).parent
    return hashlib.sha256(b"\0".join((here / n).read_bytes() for n in CODE)).hexdigest()[:16]
