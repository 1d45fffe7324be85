"""Search tokens per article text, kept between builds: a new process redoes only edited ones."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache.identity import replaced
from site_builder.cache.store import LOAD_ERRORS, Store
from site_builder.cache.version import code_version
from site_builder.models import Article


@dataclass(frozen=True)
class Filled:
    """What a fill saw: the articles, the keys of their texts, and the entries they use."""

    articles: dict[str, tuple[Article, ...]]  # by language, in the order given
    keys: dict[str, list[str]]  # by language: the key of each article's text, in that order
    uses: dict[str, int]  # key -> how many of the articles have that text
    used: dict[str, str]  # key -> its tokens: the entries the cache file is to hold


class TokenCache:
    """Search tokens per article text (joined by newlines), by a hash of the text."""

    def __init__(self, path: Path, known: dict[str, str], store: Store,
                 ahead: Mapping[str, str] | None = None) -> None:
        self.path, self.store = path, store
        self._known = known  # as loaded; never changed
        self._ahead = ahead or {}  # texts the file lacks, tokenised ahead (cache/ahead.py)
        self._filled = Filled({}, {}, {}, {})
        self._replaced: dict[tuple[int, str], str] = {}  # the keys a warm fill worked out
        self._key_of: dict[tuple[int, str], str] | None = None  # all keys, made if asked

    @classmethod
    def load(cls, path: Path, store: Store | None = None,
             ahead: Mapping[str, str] | None = None) -> TokenCache:
        """Read the cache (a missing or damaged one is just empty), with what was worked ahead."""
        store = store if store is not None else Store()
        try:
            known = store.load(path)
        except LOAD_ERRORS:
            known = {}
        return cls(path, known if isinstance(known, dict) else {}, store, ahead)

    def fill(self, articles: Mapping[str, Sequence[Article]], last: Filled | None = None,
             ) -> Filled:
        """Tokenise the articles (by language) not in the cache, here: workers would lose them.

        last: this process's previous fill (serve). It keeps unchanged articles as the same
        objects, so only the others are looked at: hashing every text again costs half a
        second at 5,000 articles. Returns this fill, for the next build.
        """
        given = {lang: tuple(items) for lang, items in articles.items()}
        if last is not None and {lang: len(items) for lang, items in given.items()} == {
                lang: len(items) for lang, items in last.articles.items()}:
            self._filled = self._fill_replaced(given, last)
        else:
            self._filled = self._fill_all(given, last)
        return self._filled

    def __call__(self, article: Article, lang: str) -> list[str]:
        """Return an article's search tokens."""
        key = self.key_of(article, lang)  # not filled: worked out, not kept
        joined = self._tokens(key, article, lang, self._filled.used)
        return joined.split("\n") if joined else []

    def key_of(self, article: Article, lang: str) -> str:
        """Return the key of an article's text (its fill's, or worked out now)."""
        return (self._replaced.get((id(article), lang)) or self._keys().get((id(article), lang))
                or _key(article, lang))

    def lacking(self, articles: Sequence[Article], lang: str) -> dict[str, str]:
        """Return the tokens of the articles' texts the file lacks, by key (work done ahead)."""
        from site_builder.render.search import tokens

        keyed = {_key(article, lang): article for article in articles}
        return {key: "\n".join(tokens(_text(article), lang))
                for key, article in keyed.items() if key not in self._known}

    def save(self) -> None:
        """Write back the entries of this build's articles (the cache never outgrows the site)."""
        if self._filled.used != self._known:  # equal: the file already holds them
            self.store.save(self.path, self._filled.used)

    def _fill_all(self, given: dict[str, tuple[Article, ...]], last: Filled | None) -> Filled:
        """Key every article's text (a warm process: only those it has not seen) and tokenise."""
        keys: dict[str, list[str]] = {}
        uses: dict[str, int] = {}
        used: dict[str, str] = {}
        for lang, items in given.items():
            # the last fill holds its articles: none of theirs is the id of another object
            seen = dict(zip(map(id, last.articles.get(lang, ())), last.keys.get(lang, ()),
                            strict=True)) if last is not None else {}
            keys[lang] = []
            for article in items:
                key = seen.get(id(article)) or _key(article, lang)
                keys[lang].append(key)
                uses[key] = uses.get(key, 0) + 1
                used[key] = self._tokens(key, article, lang, used)
        return Filled(given, keys, uses, used)

    def _fill_replaced(self, given: dict[str, tuple[Article, ...]], last: Filled) -> Filled:
        """Take the last fill, keying and tokenising only the articles in it no longer."""
        keys = {lang: list(items) for lang, items in last.keys.items()}
        uses, used = dict(last.uses), dict(last.used)
        for lang, items in given.items():
            for place in replaced(last.articles[lang], items) or ():
                old, article = keys[lang][place], items[place]
                uses[old] -= 1
                if not uses[old]:
                    del uses[old], used[old]
                key = keys[lang][place] = self._replaced[id(article), lang] = _key(article, lang)
                uses[key] = uses.get(key, 0) + 1
                used[key] = self._tokens(key, article, lang, used)
        return Filled(given, keys, uses, used)

    def _keys(self) -> dict[tuple[int, str], str]:
        """Return the key of every filled article's text, by article id and language."""
        if self._key_of is None:
            filled = self._filled
            self._key_of = {(id(article), lang): key for lang, items in filled.articles.items()
                            for article, key in zip(items, filled.keys[lang], strict=True)}
        return self._key_of

    def _tokens(self, key: str, article: Article, lang: str, used: dict[str, str]) -> str:
        """Return the tokens of an article's text, joined: from this fill, the file, the work
        done ahead, or new."""
        from site_builder.render.search import tokens  # lazily: a no-op build needs no render code

        joined = used.get(key)
        if joined is None:
            joined = self._known.get(key)
        if joined is None:
            joined = self._ahead.get(key)
        if joined is None:
            joined = "\n".join(tokens(_text(article), lang))
        return joined


def _text(article: Article) -> str:
    from site_builder.render.search import article_text

    return article_text(article)


def _key(article: Article, lang: str) -> str:
    """Return the key of an article's text: a hash of the fields search.py's article_text
    makes it of (cheaper than making it: its blocks as plain text), in their repr."""
    fields = (article.title, article.subtitle, article.kicker, article.column, article.tags,
              article.reporters, article.photographers, article.body, article.captions)
    return hashlib.sha256(f"{code_version()}\0{lang}\0{fields!r}".encode()).hexdigest()[:32]
