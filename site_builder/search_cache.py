"""Search tokens per article text, kept between builds: a new process redoes only edited ones."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path

from .models import Article
from .stat_cache import LOAD_ERRORS, load_pickle, save_pickle

_KEYS: dict[tuple[int, str], tuple[Article, str]] = {}  # (article id, lang) -> its text's key


class TokenCache:
    """Search tokens per article text (joined by newlines), by a hash of the text."""

    def __init__(self, path: Path, known: dict[str, str]) -> None:
        self.path = path
        self._known = known
        self._loaded = dict(known)
        self._used: dict[str, str] = {}
        # The keys of the latest build's texts: in a warm process (serve) an unchanged article
        # is the same object, and hashing every text again costs half a second at 5,000.
        global _KEYS
        self._previous_keys, self._keys = _KEYS, {}
        _KEYS = self._keys

    @classmethod
    def load(cls, path: Path) -> TokenCache:
        """Read the cache; a missing or damaged one is just empty."""
        try:
            known = load_pickle(path)
        except LOAD_ERRORS:
            known = {}
        return cls(path, dict(known) if isinstance(known, dict) else {})  # the shared one stays

    def fill(self, items: Sequence[tuple[Article, str]]) -> None:
        """Tokenise the articles not in the cache, here: render workers would lose them."""
        previous, keys, known, used = self._previous_keys, self._keys, self._known, self._used
        for article, lang in items:
            found = previous.get((id(article), lang))
            if found is not None and found[0] is article:  # warm: the same object, inline
                keys[id(article), lang] = found
                joined = known.get(found[1])
                if joined is not None:
                    used[found[1]] = joined
                    continue
            key = self._key(article, lang)
            used[key] = self._joined(key, article, lang)

    def __call__(self, article: Article, lang: str) -> list[str]:
        """Return an article's search tokens."""
        joined = self._joined(self._key(article, lang), article, lang)
        return joined.split("\n") if joined else []

    def save(self) -> None:
        """Write back the entries this build used (so the cache never outgrows the site)."""
        if self._used != self._loaded:  # equal: the file already holds them
            save_pickle(self.path, self._used)

    def _key(self, article: Article, lang: str) -> str:
        """Return the key of an article's text, hashed once per build."""
        from .render_search import article_text  # lazily: a no-op build needs no render code

        known = self._keys.get((id(article), lang)) or self._previous_keys.get((id(article), lang))
        if known is None or known[0] is not article:
            known = (article, _key(article_text(article), lang))
        self._keys[id(article), lang] = known
        return known[1]

    def _joined(self, key: str, article: Article, lang: str) -> str:
        from .render_search import article_text, tokens

        joined = self._known.get(key)
        if joined is None:
            joined = self._known[key] = "\n".join(tokens(article_text(article), lang))
        return joined


def _key(text: str, lang: str) -> str:
    return hashlib.sha256(f"{_code_salt()}\0{lang}\0{text}".encode()).hexdigest()[:32]


@functools.cache
def _code_salt() -> str:
    """Hash the tokeniser's code, so a change to it empties the cache."""
    code = Path(__file__).with_name("render_search.py").read_bytes()
    return hashlib.sha256(code).hexdigest()[:16]
