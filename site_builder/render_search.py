"""The static search index: an inverted index of token -> article numbers, plus a doc table."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
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


def render_search_index(
    articles: Sequence[Article], lang: str, tokens_of: TokensOf | None = None
) -> bytes:
    """Return the JSON search index of a language's articles (already newest first)."""
    postings: dict[str, list[int]] = {}
    docs = []
    for number, article in enumerate(articles):
        for token in (tokens_of or article_tokens)(article, lang):
            postings.setdefault(token, []).append(number)
        docs.append([article.slug, article.title, article.date.isoformat(),
                     _short(article, DOC_EXCERPT[lang])])
    index = {"lang": lang, "docs": docs, "index": dict(sorted(postings.items()))}
    # Escaped like inline JSON: harmless in a .json file, and safe should anyone inline it.
    data = str(json_script(index)).encode("utf-8")
    log.info("search index %s: %d articles, %d tokens, %d bytes",
             lang, len(docs), len(postings), len(data))
    return data


def _short(article: Article, limit: int) -> str:
    """Return the first `limit` characters of the body, for the result list."""
    text = " ".join(article.paragraphs).strip()
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
