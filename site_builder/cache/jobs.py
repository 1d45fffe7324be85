"""The site's jobs for one build: what the session and the cache files beside the output keep.

The render memo (cache/render.py) patches the last render; the search tokens of each article's
text and the URL keys of names are kept in files beside the output for the next process.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from site_builder.cache.ahead import rendered_ahead
from site_builder.cache.manifest import cache_dir
from site_builder.cache.render import RenderMemo, site_jobs
from site_builder.cache.session import Session
from site_builder.cache.store import LOAD_ERRORS, Store
from site_builder.cache.tokens import TokenCache
from site_builder.config import Config
from site_builder.models import Article
from site_builder.output.write import SiteJobs
from site_builder.render import urls


def session_jobs(config: Config, zh: Sequence[Article], en: Sequence[Article], out_dir: Path,
                 session: Session, pages: Sequence[Article] = ()) -> SiteJobs:
    """Return the site's jobs, reusing what the session and the cache files beside out_dir hold
    (the search tokens of each article's text, the URL keys of names)."""
    worked = session.ahead.tokens() if session.ahead is not None else None
    tokens = TokenCache.load(token_file(out_dir), session.store, worked)
    session.tokens = tokens.fill({"zh": zh, "en": en}, session.tokens)
    session.render = session.render if session.render is not None else RenderMemo()
    ahead = session.ahead
    shards_ahead = None if ahead is None else (  # taken if made from these very articles
        lambda lang, jobs, items: rendered_ahead(jobs, ahead.shards(lang), items, lang,
                                                 tokens.key_of))
    with _kept_pinyin_keys(cache_dir(out_dir) / "keys.pickle", session.store):
        jobs = site_jobs(config, zh, en, session.render, tokens, pages, shards_ahead)
    if ahead is not None:
        ahead.settle()  # every answer in: no thread of this process runs when workers fork
    tokens.save()
    return jobs


def token_file(out_dir: Path) -> Path:
    """Return the file beside out_dir that keeps the search tokens of each article's text."""
    return cache_dir(out_dir) / "tokens.pickle"


@contextlib.contextmanager
def _kept_pinyin_keys(path: Path, store: Store) -> Iterator[None]:
    """Reuse the URL keys of names earlier builds saw; save them when this build saw new ones."""
    try:
        known = store.load(path)
    except LOAD_ERRORS:
        known = {}
    urls.remember_keys(known if isinstance(known, dict) else {})
    yield
    if urls.known_keys() != known:
        store.save(path, urls.known_keys())
