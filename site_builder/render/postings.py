"""The postings of a language's search index: made from the articles' tokens, patched after
an edit, and written out shard by shard (render_search.py writes the head and names the files).
"""

from __future__ import annotations

import bisect
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from site_builder.cache.identity import replaced
from site_builder.models import Article
from site_builder.render.text import json_script

TokensOf = Callable[[Article, str], Iterable[str]]  # (article, lang) -> its distinct tokens


def shard_of(token: str, count: int) -> int:
    """Return the shard of a token: a hash that search.js computes the same way, mod count."""
    # Words (a-z, 0-9) go by their first three letters: all the words that a partly typed English
    # word of three letters or more begins are then in the one shard the browser loads for it,
    # which is all a prefix query needs, with no word list to load first. The price: the words
    # of a common prefix ("con", "pro": 1-2 % of an English index) share a shard, larger than
    # the rest once the index has more than about 50 shards (some 3,000 English articles).
    key = token[:3] if token.isascii() else token
    number = 0
    for char in key:  # tokens are in the BMP: one UTF-16 code unit each, as in JavaScript
        number = (number * 31 + ord(char)) & 0xFFFFFFFF
    return number % count


@dataclass
class Index:
    """One language's index: articles by number, their tokens, the postings."""

    articles: list[Article]
    tokens: list[tuple[str, ...]]  # interned: a token is one string however many articles have it
    postings: dict[str, list[int]]


class Shards:
    """Renders a language's shards from its index, worked out when first needed."""

    def __init__(self, index: Index | None, articles: Sequence[Article], lang: str,
                 tokens_of: TokensOf, layout: tuple[int, str]) -> None:
        self.index, self.articles, self.lang, self.tokens_of = index, articles, lang, tokens_of
        self.count, self.version = layout
        self._groups: dict[int, set[str]] | None = None  # the tokens of each shard

    def prepare(self) -> None:
        """Work out the index and the tokens of each shard (once, before workers share it)."""
        if self.index is None:
            self.index = fresh_index(self.articles, self.lang, self.tokens_of)
        if self._groups is None:
            self._groups = {number: set() for number in range(self.count)}
            for token in self.index.postings:
                self._groups[shard_of(token, self.count)].add(token)

    def patch_groups(self, last: Shards, changed: set[str]) -> None:
        """Take the last build's tokens per shard, moving only those an edit added or removed."""
        if last._groups is None or last.count != self.count or self.index is None:
            return
        self._groups, last._groups = last._groups, None  # last's index is this one's now
        for token in changed:
            group = self._groups[shard_of(token, self.count)]
            if token in self.index.postings:
                group.add(token)
            else:
                group.discard(token)

    def render(self, number: int) -> bytes:
        """Render one shard: the version it belongs to, and the postings of its tokens."""
        self.prepare()
        assert self.index is not None and self._groups is not None
        postings = {token: self.index.postings[token] for token in sorted(self._groups[number])}
        return to_json({"v": self.version, "index": postings})


def updated_index(index: Index, articles: Sequence[Article], lang: str, tokens_of: TokensOf,
                  places: list[int] | None = None) -> tuple[Index, set[str] | None]:
    """Patch the previous index if it has as many articles; return it and the changed tokens.

    places: where the articles are other objects than the index's, if the caller knows.
    """
    if len(index.articles) != len(articles):
        return fresh_index(articles, lang, tokens_of), None
    changed: set[str] = set()
    for number in replaced(index.articles, articles) if places is None else places:
        article = articles[number]
        old, new = frozenset(index.tokens[number]), frozenset(_interned(article, lang, tokens_of))
        index.articles[number], index.tokens[number] = article, tuple(new)
        for token in old - new:
            index.postings[token].remove(number)
            if not index.postings[token]:
                del index.postings[token]
        for token in new - old:
            bisect.insort(index.postings.setdefault(token, []), number)
        changed |= old ^ new
    return index, changed


def fresh_index(articles: Sequence[Article], lang: str, tokens_of: TokensOf) -> Index:
    """Return the index of articles, built from their tokens."""
    tokens = [_interned(article, lang, tokens_of) for article in articles]
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for number, own in enumerate(tokens):
        for token in own:
            postings[token].append(number)
    return Index(list(articles), tokens, dict(postings))


def _interned(article: Article, lang: str, tokens_of: TokensOf) -> tuple[str, ...]:
    """Return an article's distinct tokens, each the one string all articles share."""
    # 5,000 articles have some 7 million tokens but only a few hundred thousand distinct ones:
    # a string and a set per article and token took gigabytes. Distinct already (TokensOf):
    # no set to make them so, which cost as much as the interning.
    return tuple(map(sys.intern, tokens_of(article, lang)))


def to_json(data: dict) -> bytes:
    """Serialise as inline JSON is: no "<" to end a script, should anyone ever inline it."""
    return str(json_script(data)).encode()
