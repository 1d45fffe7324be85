"""build(config): the pipeline stages in order, seeds to public/."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

# The stages (seeds, content, translate, incremental) are imported by the functions that run
# them: a build that finds nothing changed, the most common one, needs none of their imports.
from site_builder.cache import noop as unchanged
from site_builder.cache.session import Session
from site_builder.cache.stamps import cache_root
from site_builder.config import Config
from site_builder.models import Article, TranslationReport
from site_builder.output.guard import check_output
from site_builder.output.lock import site_lock

if TYPE_CHECKING:
    from site_builder.translate import articles as translate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line may change for one build."""

    languages: tuple[str, ...] = ("zh", "en")
    allow_download: bool = True
    out_dir: Path | None = None
    retranslate_machine: bool = False
    render: bool = True  # False: stop after the translation memory is filled
    allow_zh_only: bool = False  # no model to be had: warn and build the Chinese site
    load_translator: Callable[[], translate.Translator] | None = None  # tests pass their own
    # The input files changed since this process's last build, when a watcher knows (serve):
    # then only those are looked at, not the stat of every article and PO file. None: unknown.
    changed: frozenset[str] | None = None
    drafts: bool = False  # serve: drafts and embargoed articles too, marked as drafts
    now: dt.datetime | None = None  # the clock (aware) embargoes are read by; None: the system's


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line; problems are per-file errors it survived."""

    articles: int
    pages: int
    translation: TranslationReport | None
    kept_hand_edited: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())
    drafts: int = 0  # held back as drafts (shown in the preview)
    embargoed: int = 0  # held back until their time (shown in the preview)
    next_release: dt.datetime | None = None  # when the first embargo lifts
    withdrawn: int = 0


def build(config: Config, options: BuildOptions = BuildOptions(),
          session: Session | None = None) -> BuildReport:
    """Build the site, or, when no input changed since the last build, report that one."""
    session = session if session is not None else Session()
    # A second build waits for the lock: two writers would interleave files.
    options = replace(options, now=options.now or dt.datetime.now(dt.UTC))  # read once, here
    with site_lock(config.root), _few_full_collections():
        check_output(config, options.out_dir or config.output_dir)  # output safety: guard.py
        if options.load_translator or options.retranslate_machine:
            return build_stages(config, options, session)
        key = (options.languages, options.out_dir, options.render, options.allow_zh_only,
               options.drafts)
        out_dir = options.out_dir or config.output_dir
        report = unchanged.skip_or_run(config, key, out_dir,
                                       lambda: build_stages(config, options, session))
        if report.next_release is not None and report.next_release <= options.now:
            unchanged.forget(out_dir)  # an embargo lifted since: time changed the site, no file
            report = unchanged.skip_or_run(config, key, out_dir,
                                           lambda: build_stages(config, options, session))
        return report


@contextlib.contextmanager
def _few_full_collections() -> Iterator[None]:
    """Keep Python's garbage collector to young objects for the length of a build."""
    # Articles, memory and caches are millions of long-lived objects: full collections would
    # scan them again and again (a second of a cold build at 1,000 articles).
    thresholds = gc.get_threshold()
    gc.freeze()  # what a warm process (serve) already holds is not scanned during this build
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def build_stages(config: Config, options: BuildOptions, session: Session) -> BuildReport:
    """Parse seeds, sync content/zh, translate to content/en, render and write the site."""
    from site_builder.content import folders as content_folders
    from site_builder.content import publish
    from site_builder.content import sync as content
    from site_builder.content.pages import PAGES, read_pages
    from site_builder.output import incremental
    from site_builder.parse import seeds
    from site_builder.render import pictures
    from site_builder.tags import tag_site

    problems: list[str] = []
    parsed, pages = seeds.parse_seeds(config, problems, options.changed)  # changed pages only
    synced = content.sync_generated(parsed, config.content_dir / "zh", pages, options.changed)
    if options.changed is not None:  # what the sync just wrote is a change too
        options = replace(options, changed=options.changed | {
            str(config.content_dir / "zh" / name) for name in synced.written + synced.removed})
    found = content_folders.read_articles(config.content_dir / "zh",
                                          cache_root(config.root) / "zh.pickle", options.changed)
    zh = publish.without_withdrawn(found)  # never translated, rendered, listed or indexed
    zh = tag_site(zh, config, session)  # against the whole archive; an editor's tags win
    statics = read_pages(config.content_dir / PAGES)  # About, Contact: few, read every time
    en, en_statics, report = (translate_site(config, zh, statics, options)
                              if "en" in options.languages else ((), (), None))
    assert options.now is not None  # set by build()
    shown = publish.publishable(zh, en, options.now, config.timezone, options.drafts)
    pages = 0
    if options.render:
        # pictures: checked, encoded once per content; the bad ones reported and left out
        pictured = pictures.resolve_pictures(config, shown.zh, shown.en, problems,
                                             memo=session.pictures)
        out_dir = options.out_dir or config.output_dir
        # re-renders only the files whose inputs changed since the last build
        pages = incremental.build_site(config, *pictured, out_dir, session,
                                       statics + en_statics)
    return BuildReport(len(shown.zh), pages, report, synced.kept_hand_edited, tuple(problems),
                       shown.drafts, shown.embargoed, shown.next_release, len(found) - len(zh))


def translate_site(config: Config, zh: Sequence[Article], statics: Sequence[Article],
                   options: BuildOptions):
    """Fill the memory, derive the English articles (written to content/en) and pages."""
    from site_builder.content import folders as content_folders
    from site_builder.content.pages import PAGES
    from site_builder.translate import articles as translate

    # one model for both memories, loaded once, and only if either lacks a segment
    load = functools.cache(options.load_translator or _argos_loader(config, options.allow_download))
    memory = functools.partial(translate.translate_articles, cfg=config.translation,
                               load_translator=load, changed=options.changed,
                               retranslate_machine=options.retranslate_machine)
    try:
        en, report = memory(zh, config.translations_dir / "en",
                            cache_path=cache_root(config.root) / "memory-en.pickle")
        en_statics, more = memory(statics, config.translations_dir / "en" / PAGES,
                                  cache_path=cache_root(config.root) / PAGES / "memory-en.pickle"
                                  ) if statics else ((), None)
    except translate.ModelError as exc:
        if not options.allow_zh_only:
            raise
        log.warning("%s; building the Chinese site only", exc)
        return (), (), None
    content_folders.write_translated(en, config.content_dir / "en",
                                     cache_root(config.root) / "en.pickle", options.changed)
    if more is not None:
        report = TranslationReport(report.new + more.new, report.from_memory + more.from_memory,
                                   report.model or more.model)
    return en, en_statics, report


def _argos_loader(config: Config, allow_download: bool) -> Callable[[], translate.Translator]:
    """Defer finding (or downloading) the model until a segment is missing from the memory."""
    from site_builder.translate import articles as translate


    def load() -> translate.Translator:
        return translate.ArgosTranslator(
            translate.ensure_package(allow_download), config.translation
        )

    return load
