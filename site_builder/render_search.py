"""The static search index: an inverted index of token -> article numbers, plus a doc table."""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType

from .models import Article
from .render_text import json_script

log = logging.getLogger(__name__)
TokensOf = Callable[[Article, str], Iterable[str]]  # (article, lang) -> its search tokens

_WORD = re.compile(r"[a-z0-9]+")
_CJK_OR_WORD = re.compile(r"[\w\u3400-\u9fff]")
DOC_EXCERPT = {"zh": 60, "en": 120}  # characters kept per article: the index stays small
EN_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
))


def tokens(text: str, lang: str) -> set[str]:
    """Return the search tokens of a text: jieba search-mode words for zh, words for en."""
    if lang == "en":
        return {w for w in _WORD.findall(text.lower()) if w not in EN_STOPWORDS}
    words = {w.strip().lower() for w in _jieba().lcut_for_search(text)}
    # Single characters too: the client falls back to them for words jieba split differently.
    chars = {ch for ch in text if "\u3400" <= ch <= "\u9fff"}
    return {w for w in words | chars if w and _CJK_OR_WORD.search(w)}


@functools.cache
def _jieba() -> ModuleType:
    """Import jieba on first use (its dictionary takes a second to load), without its chatter."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def article_text(article: Article) -> str:
    """Return everything searchable in an article, one field per line."""
    fields: Iterable[str] = (
        article.title, article.subtitle or "", article.kicker or "", article.column or "",
        *article.tags, *article.reporters, *article.photographers,
        *(block.text for block in article.body), *article.captions,
    )
    return "\n".join(fields)


def article_tokens(article: Article, lang: str) -> list[str]:
    """Return an article's search tokens, sorted."""
    return sorted(tokens(article_text(article), lang))


@dataclass
class _Index:
    """One language's index as last rendered: articles by number, their tokens, the postings."""

    articles: list[Article]
    tokens: list[frozenset[str]]
    postings: dict[str, list[int]]
    fragments: dict[str, str] = field(default_factory=dict)  # token -> its `"token":[…]` JSON


# The previous index per language: in a warm process (serve) unchanged articles are the same
# objects, so an edit updates only the postings of the tokens it added or removed.
_LAST: dict[str, _Index] = {}


def render_search_index(
    articles: Sequence[Article], lang: str, tokens_of: TokensOf | None = None
) -> bytes:
    """Return the JSON search index of a language's articles (already newest first)."""
    index = _LAST.pop(lang, None)
    index = _updated(index, articles, lang, tokens_of or article_tokens)
    docs = [[a.slug, a.title, a.date.isoformat(), _short(a, DOC_EXCERPT[lang])] for a in articles]
    for token in index.postings.keys() - index.fragments.keys():
        index.fragments[token] = _json({token: index.postings[token]})[1:-1]
    postings = ",".join(index.fragments[token] for token in sorted(index.postings))
    head = _json({"lang": lang, "docs": docs})[:-1]
    # Escaped like inline JSON: harmless in a .json file, and safe should anyone inline it.
    data = f'{head},"index":{{{postings}}}}}'.encode()
    _LAST[lang] = index
    log.info("search index %s: %d articles, %d tokens, %d bytes",
             lang, len(docs), len(index.postings), len(data))
    return data


def _updated(index: _Index | None, articles: Sequence[Article], lang: str,
             tokens_of: TokensOf) -> _Index:
    """Return the index of articles: the previous one patched, if it has as many articles."""
    if index is None or len(index.articles) != len(articles):
        index = _Index([], [], {})
        for number, article in enumerate(articles):
            index.articles.append(article)
            index.tokens.append(frozenset(tokens_of(article, lang)))
            for token in index.tokens[number]:
                index.postings.setdefault(token, []).append(number)
        return index
    for number, article in enumerate(articles):
        if article is index.articles[number]:
            continue
        old, new = index.tokens[number], frozenset(tokens_of(article, lang))
        index.articles[number], index.tokens[number] = article, new
        for token in old - new:
            index.postings[token].remove(number)
            if not index.postings[token]:
                del index.postings[token]
            index.fragments.pop(token, None)
        for token in new - old:
            bisect.insort(index.postings.setdefault(token, []), number)
            index.fragments.pop(token, None)
    return index


def _json(data: dict) -> str:
    return str(json_script(data))


def _short(article: Article, limit: int) -> str:
    """Return the first `limit` characters of the body, for the result list."""
    text = " ".join(article.paragraphs).strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
