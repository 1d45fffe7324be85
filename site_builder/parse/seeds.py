"""The seed stage: read and parse every page in seeds/, each page again only when its file changed.

Parsing a page costs milliseconds an article, and pages rarely change after the day they are
printed; so each page's outcome (its articles, or why it cannot be read) is kept by the file's
stat, with the warnings it gave, which are repeated on every build as if the page had been parsed
again. (Tags are not chosen here but against the whole archive at each build: site_builder/tags.)
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache.session import Session
from site_builder.cache.stamps import StatCache, cache_root
from site_builder.cache.store import Store
from site_builder.cache.version import code_version
from site_builder.config import Config
from site_builder.models import Article

# The modules that may warn while a page is read and parsed; the warnings are kept with it.
PAGE_LOGGERS = ("site_builder.parse.sources", "site_builder.parse.page")


@dataclass(frozen=True)
class ParsedPage:
    """One seed file's outcome: its articles, or the error that kept it from being read."""

    articles: tuple[Article, ...]
    warnings: tuple[tuple[str, str, tuple[object, ...]], ...]  # (logger, message, arguments)
    error: str | None = None


@dataclass(frozen=True)
class _Seeds:
    """What parsing the seed folder gave: its articles and pages, what it warned and reported."""

    version: str
    articles: list[Article]  # never changed once made: the next stage knows it by identity
    parsed: set[str]
    warnings: tuple[tuple[str, str, tuple[object, ...]], ...]
    problems: tuple[str, ...]


def parse_seeds(config: Config, problems: list[str], session: Session | None = None,
                ) -> tuple[list[Article], set[str]]:
    """Return the articles of every page (slugs unique) and the names of the pages parsed.

    A warm process (serve) whose watcher saw no seed change (an edit to content/ or
    translations/) reuses its last outcome, without listing or statting the folder.
    """
    session = session if session is not None else Session()
    memo = session.memo("seeds")
    last = memo.pop(str(config.seeds_dir), None)  # popped: a failed run leaves none
    prefix = f"{config.seeds_dir}{os.sep}"
    if last is None or last.version != _version(config) or session.changed is None or any(
            path.startswith(prefix) for path in session.changed):
        last = _parse_all(config, session.store)
    for name, message, args in last.warnings:
        logging.getLogger(name).warning(message, *args)
    problems += last.problems
    memo[str(config.seeds_dir)] = last
    return last.articles, last.parsed


def _parse_all(config: Config, store: Store) -> _Seeds:
    """Parse every page whose file changed since it was last parsed (by the cache file)."""
    from site_builder.parse import pictures, sources

    cache: StatCache[ParsedPage] = StatCache(
        cache_root(config.root) / "seeds.pickle", _version(config), store, config.seeds_dir)
    articles: list[Article] = []
    parsed: set[str] = set()
    warnings: list[tuple[str, str, tuple[object, ...]]] = []
    problems: list[str] = []
    for path in sources.list_seeds(config.seeds_dir):
        page = cache.get(path, functools.partial(_parse_page, config))
        warnings += page.warnings
        if page.error is not None:
            problems.append(page.error)
            continue
        parsed.add(path.relative_to(config.seeds_dir).as_posix())
        # pictures delivered in a folder beside the page (its stat-cached parse knows none)
        articles += pictures.attach_folder(path, config.seeds_dir, page.articles, warnings)
    cache.save()
    unique = _unique_slugs(articles, problems)
    return _Seeds(_version(config), unique, parsed, tuple(warnings), tuple(problems))


def _parse_page(config: Config, path: Path) -> ParsedPage:
    """Read and parse one page, keeping what it warned of instead of logging it."""
    from site_builder.parse import page as parse
    from site_builder.parse import sources

    with _held_warnings() as warnings:
        try:
            page = parse.parse_page(sources.read_source(path, config.seeds_dir), config.date)
        except (sources.SeedError, parse.ParseError) as exc:
            return ParsedPage((), tuple(warnings), str(exc))
    return ParsedPage(tuple(page), tuple(warnings))


@contextlib.contextmanager
def _held_warnings() -> Iterator[list[tuple[str, str, tuple[object, ...]]]]:
    """Collect the warnings of PAGE_LOGGERS, whatever the log level, instead of showing them."""
    held: list[tuple[str, str, tuple[object, ...]]] = []
    handler = _Hold(held)
    loggers = [logging.getLogger(name) for name in PAGE_LOGGERS]
    saved = [(logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:  # a quiet build (-q) must still keep them for a later, louder one
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
    try:
        yield held
    finally:
        for logger, (level, propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


class _Hold(logging.Handler):
    """A logging handler that keeps records as (logger, message, arguments)."""

    def __init__(self, into: list[tuple[str, str, tuple[object, ...]]]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        self.into.append((record.name, str(record.msg), args))


def _unique_slugs(articles: list[Article], problems: list[str]) -> list[Article]:
    """Keep the first of articles that share a slug or their text; report repeats per page."""
    seen: dict[object, Article] = {}
    kept: list[Article] = []
    repeats: dict[tuple[str, str], list[Article]] = {}
    for article in articles:
        keys = (article.slug, (article.title, article.body))
        first = next((seen[key] for key in keys if key in seen), None)
        if first is None:
            seen.update(dict.fromkeys(keys, article))
            kept.append(article)
        else:  # a page exported twice, or a story printed on two pages
            repeats.setdefault((_seed(article), _seed(first)), []).append(first)
    for (seed, _first_seed), firsts in repeats.items():
        more = f" and {len(firsts) - 1} more" if len(firsts) > 1 else ""
        problems.append(f"{seed}: skipped, same article as {firsts[0].source}{more}")
    return kept


def _seed(article: Article) -> str:
    return article.source.rsplit(":", 1)[0]


def _version(config: Config) -> str:
    """Name what a page's outcome depends on besides its file: the code, the date."""
    return f"{code_version()}:{config.date}"
