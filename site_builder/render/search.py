"""The static search index, sharded: a head (the article table) and the postings split by token.

A browser loads a language's head once, then only the shards that hold its query's tokens, so a
query costs a few small files whatever the size of the site (templates/static/search.js). The
head holds what a result line shows at once (slug, title, date as the page writes it); the text
a result's snippet is cut from is a file per article (`search/text/<slug>.txt`), fetched only
for the results shown, so the head stays small however long the articles are. This module
tokenises and writes the head and the texts; the postings are kept and patched in postings.py.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from site_builder.cache.identity import replaced
from site_builder.content.body import block_plain
from site_builder.models import Article
from site_builder.output.write import Job
from site_builder.render import urls
from site_builder.render.postings import (
    Index,
    Shards,
    TokensOf,
    fresh_index,
    shard_of,
    to_json,
    updated_index,
)
from site_builder.render.text import format_date, json_script

log = logging.getLogger(__name__)

_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")  # the same range as search.js
EN_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
))
# The shard count is the power of two that keeps a shard's postings under this on average;
# the hash spreads tokens evenly enough that shards stay within about half of it either way.
SHARD_BYTES = 100_000


def tokens(text: str, lang: str) -> set[str]:
    """Return the search tokens of a text: words, and for zh each CJK character and pair."""
    words = set(_WORD.findall(text.lower()))
    if lang == "en":
        return words - EN_STOPWORDS
    # Dictionary-free, as Lucene's CJK bigrams: a query run is matched by its pairs, so no
    # word list has to cut the query the way it cut the article.
    for run in _CJK_RUN.findall(text):
        words.update(run, map(str.__add__, run, run[1:]))
    return words


def article_text(article: Article) -> str:
    """Return everything searchable in an article, one field per line."""
    fields: Iterable[str] = (
        article.title, article.subtitle or "", article.kicker or "", article.column or "",
        *article.tags, *article.reporters, *article.photographers,
        *map(block_plain, article.body), *article.captions,
    )
    return "\n".join(fields)


def snippet_text(article: Article) -> str:
    """Return the text a search result's snippet is cut from: the article below its title."""
    fields = (article.subtitle or "", *map(block_plain, article.body), *article.captions)
    return "\n".join(field for field in fields if field)


def article_tokens(article: Article, lang: str) -> set[str]:
    """Return an article's search tokens."""
    return tokens(article_text(article), lang)


def shard_count(postings: int, articles: int) -> int:
    """Return how many shards hold `postings` article numbers: a power of two, 1 if few."""
    size = postings * (len(str(articles)) + 2)  # a number, its comma, a share of the token keys
    count = 1
    while size > count * SHARD_BYTES:
        count *= 2
    return count


@dataclass
class _Built:
    """What this process's previous build of a language's search files left behind."""

    inputs: str
    version: str
    stamps: list[str]  # per shard, the inputs of the build that last changed it
    shards: Shards  # and its index, if this process worked it out
    articles: tuple[Article, ...]  # the articles, in order, that the head was made from
    rows: list[bytes]  # their rows of the head, serialised
    head: bytes
    jobs: list[Job]  # the head's, then each shard's
    texts: dict[int, Job]  # by id of an article of `articles`: its snippet text's


# What a process that builds again (serve) keeps per language: the index, so that an edit
# patches the postings of the tokens it changed and rewrites only the shards holding one.
SearchMemo = dict[str, _Built]


def render_search_index(
    articles: Sequence[Article], lang: str, inputs: str, tokens_of: TokensOf | None = None,
    memo: SearchMemo | None = None, fingerprint_of: Callable[[Article], str] | None = None,
) -> list[Job]:
    """Return a language's search files as Jobs: the head, then the shards (articles newest first).

    `inputs` fingerprints everything the postings depend on: the articles and the render code.
    `fingerprint_of` fingerprints an article with the render code; without it, each snippet
    text is made here to be hashed (the plain way; with it, only where it is written).
    """
    tokens_of = tokens_of or article_tokens
    memo = {} if memo is None else memo
    last = memo.pop(lang, None)  # popped: a failed render leaves nothing half-made
    places = replaced(last.articles, articles) if last is not None else None  # warm: an edit
    index, changed = _index_now(last, articles, lang, inputs, tokens_of, places)
    total = sum(map(len, index.tokens)) if index else sum(
        len(tokens_of(article, lang)) for article in articles)
    count = shard_count(total, len(articles))
    version, rows, head = _head(last, articles, lang, count, places)
    stamps = _stamps(last, changed, inputs, count, version)
    shards = Shards(index, articles, lang, tokens_of, (count, version))
    if last is not None and index is last.shards.index and changed is not None:
        shards.patch_groups(last.shards, changed)  # an edit moves a few tokens, not all
    # Fingerprints: the head's is its hash, so it changes only with the article table; a shard's
    # names the inputs with which it last changed (all of them, in a process's first build).
    built = _Built(inputs, version, stamps, shards, tuple(articles), rows, head, [],
                   _text_jobs(last, articles, lang, fingerprint_of))
    built.jobs = _jobs(last, memo, lang, _fingerprints(last, head, stamps, version))
    memo[lang] = built
    log.info("search index %s: %d articles, %d postings, %d shards, head %d bytes",
             lang, len(articles), total, count, len(head))
    return [*built.jobs, *built.texts.values()]


def _text_jobs(last: _Built | None, articles: Sequence[Article], lang: str,
               fingerprint_of: Callable[[Article], str] | None) -> dict[int, Job]:
    """Return each article's snippet text Job, the last build's for the same article object."""
    # the last build holds its articles: none of theirs is the id of another object
    known = last.texts if last is not None else {}
    jobs = {}
    for article in articles:
        job = known.get(id(article))
        if job is None and fingerprint_of is not None:
            job = Job(urls.search_text(lang, article.slug), fingerprint_of(article),
                      partial(_snippet_bytes, article))
        elif job is None:
            data = _snippet_bytes(article)
            job = Job(urls.search_text(lang, article.slug), _hash(data), partial(bytes, data))
        jobs[id(article)] = job
    return jobs


def _snippet_bytes(article: Article) -> bytes:
    return snippet_text(article).encode("utf-8")


def _jobs(last: _Built | None, memo: SearchMemo, lang: str, fingerprints: list[str],
          ) -> list[Job]:
    """Return the head's job, then each shard's: the last build's Job where it stands."""
    kept = last.jobs if last is not None and len(last.jobs) == len(fingerprints) else None
    head = partial(_render_head, memo, lang)
    jobs = [kept[0] if kept and kept[0].fingerprint == fingerprints[0] else Job(
        urls.search_index(lang), fingerprints[0], head)]
    prepare = partial(_prepare, memo, lang)  # workers inherit what it works out
    for number, fingerprint in enumerate(fingerprints[1:]):
        old = kept[number + 1] if kept else None
        # a shard renders from its language's latest index, whichever build made its Job
        jobs.append(old if old is not None and old.fingerprint == fingerprint else Job(
            urls.search_shard(lang, number), fingerprint,
            partial(_render_shard, memo, lang, number), prepare))
    return jobs


def _render_head(memo: SearchMemo, lang: str) -> bytes:
    return memo[lang].head


def _render_shard(memo: SearchMemo, lang: str, number: int) -> bytes:
    return memo[lang].shards.render(number)


def _prepare(memo: SearchMemo, lang: str) -> None:
    memo[lang].shards.prepare()


def complete_indexes(memo: SearchMemo) -> None:
    """Work out the postings a process's first build left for later (see _index_now).

    A long-lived process (serve) calls this once it is idle, so that its first edit patches
    the postings instead of working them all out (a second at 1,000 articles).
    """
    for built in memo.values():
        built.shards.prepare()


def _head(last: _Built | None, articles: Sequence[Article], lang: str, count: int,
          places: list[int] | None) -> tuple[str, list[bytes], bytes]:
    """Return the version of a language's index, the rows of its head, and the head itself.

    The head is the table of the articles. In a warm process only the rows of articles that
    are not the same objects as last time (at places) are made again.
    """
    if last is not None and places is not None and last.shards.count == count and all(
            articles[i].slug == last.articles[i].slug for i in places):
        if not places:
            return last.version, last.rows, last.head  # an edit that left every article as it was
        version, rows = last.version, list(last.rows)  # the same numbering
        for place in places:
            rows[place] = _row(articles[place], lang)
    else:
        # Names the numbering of the articles: a head and a shard of two builds must not be mixed.
        slugs = [a.slug for a in articles]
        version = hashlib.sha256(repr((count, slugs)).encode()).hexdigest()[:12]
        # the last build holds its articles: none of theirs is the id of another object
        known = (dict(zip(map(id, last.articles), last.rows, strict=True))
                 if last is not None else {})
        rows = [known.get(id(a)) or _row(a, lang) for a in articles]
    # what to_json gives for the whole table, whose rows it serialises one by one anyway
    start = to_json(head_fields(lang, version, count))[:-2]  # "]}"
    return version, rows, start + b",".join(rows) + b"]}"


def head_fields(lang: str, version: str, count: int) -> dict:
    """Return the head without its rows: its language, version, shard count, stop words."""
    # search.js drops a query's stop words: they are in no posting, and all words must match
    stop = sorted(EN_STOPWORDS) if lang == "en" else []
    return {"lang": lang, "v": version, "shards": count, "stop": stop, "docs": []}


def _row(article: Article, lang: str) -> bytes:
    """Return an article's row of the head, serialised: slug, title, date as readers write it."""
    return str(json_script([article.slug, article.title, format_date(article.date, lang)])
               ).encode()


def _index_now(last: _Built | None, articles: Sequence[Article], lang: str, inputs: str,
               tokens_of: TokensOf, places: list[int] | None,
               ) -> tuple[Index | None, set[str] | None]:
    """Return the index to render from (None: later, if need be) and the tokens that changed.

    A process's first build leaves the postings to the first shard rendered: a build from the
    command line in which a language did not change then spends nothing on them (a second or
    so for 1,000 zh articles). Changed tokens are None when unknown: every shard may differ.
    """
    if last is None:
        return None, None
    if last.shards.index is None:  # worked out in forked workers, or not at all
        if last.inputs == inputs:
            return None, set()
        return fresh_index(articles, lang, tokens_of), None
    return updated_index(last.shards.index, articles, lang, tokens_of, places)


def _stamps(last: _Built | None, changed: set[str] | None, inputs: str, count: int,
            version: str) -> list[str]:
    """Return per shard the inputs of the build that last changed it (these inputs if unknown)."""
    if last is None or changed is None or last.version != version:
        return [inputs] * count
    stamps = list(last.stamps)
    for token in changed:
        stamps[shard_of(token, count)] = inputs
    return stamps


def _fingerprints(last: _Built | None, head: bytes, stamps: list[str], version: str,
                  ) -> list[str]:
    """Return the head's fingerprint, then each shard's; the last build's where unchanged."""
    if last is None or last.version != version or len(last.jobs) != len(stamps) + 1:
        return [_hash(head), *(_shard_hash(stamp, version, number)
                               for number, stamp in enumerate(stamps))]
    fingerprints = [job.fingerprint for job in last.jobs]
    if head is not last.head:
        fingerprints[0] = _hash(head)
    for number in [n for n, stamp in enumerate(stamps) if stamp is not last.stamps[n]]:
        fingerprints[number + 1] = _shard_hash(stamps[number], version, number)
    return fingerprints


def _shard_hash(stamp: str, version: str, number: int) -> str:
    return _hash(f"{stamp} {version} {number}".encode())


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]
