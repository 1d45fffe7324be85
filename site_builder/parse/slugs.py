"""Stable ASCII slugs from Chinese headlines: pinyin words plus a short hash."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Callable

MAX_WORDS_CHARS = 50  # the readable part; the hash adds 7 more
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def make_slug(title: str, source_name: str, seen: dict[str, int] | None = None) -> str:
    """Return "yiwu-guoji-pengyouquan-kuo-zhi-51-cheng-1a2b3c" for a headline on a seed page.

    The hash of (seed name, title) keeps slugs apart across pages. `seen` counts the slugs
    made so far for one page: a repeated title gets "-2", "-3"... in page order, so the result
    is deterministic (and cannot collide with another slug, which always ends in the hash).
    """
    digest = hashlib.sha256(f"{source_name}\n{title}".encode()).hexdigest()[:6]
    words = _pinyin_words(title.split(" ")[-1] or title)  # the main title, after any pre-title
    slug = f"{words}-{digest}" if words else f"article-{digest}"
    if seen is None:
        return slug
    seen[slug] = seen.get(slug, 0) + 1
    return slug if seen[slug] == 1 else f"{slug}-{seen[slug]}"


def _pinyin_words(text: str) -> str:
    """Romanise text word by word and keep at most MAX_WORDS_CHARS, cut between words."""
    from pypinyin import Style, lazy_pinyin

    result = ""
    for word in _cut()(text):
        syllables = "".join(lazy_pinyin(word, style=Style.NORMAL, errors="default"))
        piece = _NOT_SLUG.sub("-", syllables.lower()).strip("-")
        if not piece:
            continue
        candidate = f"{result}-{piece}" if result else piece
        if len(candidate) > MAX_WORDS_CHARS:
            break
        result = candidate
    return result or _NOT_SLUG.sub("-", text.lower()).strip("-")[:MAX_WORDS_CHARS].strip("-")


@functools.cache
def _cut() -> Callable[[str], list[str]]:
    """Load jieba once; dictionary words only (no HMM guesses) so slugs stay put."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return functools.partial(jieba.lcut, HMM=False)
