"""Search tokens per article, kept between builds: jieba is the slowest stage of a cold build."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from .models import Article
from .stat_cache import LOAD_ERRORS, load_pickle, save_pickle

# The latest fill's texts by article object: a warm process (serve) keeps unchanged articles.
_TEXTS: dict[int, tuple[Article, str]] = {}
PARALLEL_MIN = 64  # fewer articles than this tokenise faster than a fork costs


class TokenCache:
    """Search tokens per article text, kept between builds: jieba is the slowest stage."""

    def __init__(self, path: Path, known: dict[str, str]) -> None:
        self.path = path
        self._known = known
        self._used: dict[str, str] = {}
        self._loaded = dict(known)

    @classmethod
    def load(cls, path: Path) -> TokenCache:
        """Read the cache; a missing or damaged one is just empty."""
        try:
            known = load_pickle(path)
        except LOAD_ERRORS:
            known = {}
        return cls(path, dict(known) if isinstance(known, dict) else {})  # the shared one stays

    def fill(self, items: Sequence[tuple[Article, str]], workers: int) -> None:
        """Tokenise the articles not in the cache, on every core when there are many."""
        from .render_search import article_text, tokens

        global _TEXTS
        by_id = {id(a): (a, _text(a, article_text)) for a, _lang in items}
        _TEXTS = by_id
        keyed = {_key(by_id[id(a)][1], lang): (by_id[id(a)][1], lang) for a, lang in items}
        missing = [k for k in keyed if k not in self._known]
        texts = [keyed[k] for k in missing]
        if workers > 1 and len(texts) >= PARALLEL_MIN:
            tokens("预热", "zh")  # load jieba's dictionary once, before forking shares it
            from .incremental import pool

            with pool(workers) as workers_pool:
                found = list(workers_pool.map(_joined_tokens, texts, chunksize=16))
        else:
            found = [_joined_tokens(t) for t in texts]
        self._known.update(zip(missing, found, strict=True))
        self._used = {k: self._known[k] for k in keyed}

    def __call__(self, article: Article, lang: str) -> list[str]:
        """Return an article's sorted search tokens."""
        from .render_search import article_text

        key = _key(_text(article, article_text), lang)
        joined = self._known.get(key)
        if joined is None:
            joined = self._known[key] = _joined_tokens((article_text(article), lang))
        return joined.split("\n") if joined else []

    def save(self) -> None:
        """Write back the entries this build used (so the cache never outgrows the site)."""
        if self._used != self._loaded:  # equal: the file already holds them
            save_pickle(self.path, self._used)


def _text(article: Article, article_text: Callable[[Article], str]) -> str:
    """Return an article's searchable text, kept from the last fill while it is the same object."""
    known = _TEXTS.get(id(article))
    return known[1] if known is not None and known[0] is article else article_text(article)


def _key(text: str, lang: str) -> str:
    return hashlib.sha256(f"{_code_salt()}\0{lang}\0{text}".encode()).hexdigest()[:32]


@functools.cache
def _code_salt() -> str:
    """Hash the tokeniser's code, so a change to it empties the cache."""
    code = Path(__file__).with_name("render_search.py").read_bytes()
    return hashlib.sha256(code).hexdigest()[:16]


def _joined_tokens(item: tuple[str, str]) -> str:
    from .render_search import tokens

    return "\n".join(sorted(tokens(*item)))

