"""build(config): the pipeline stages in order, seeds to public/.

parse seeds/ -> sync content/zh -> read content/zh -> tags -> translate (memory + model) ->
content/en -> what may be published -> pictures -> render and write public/.
The stages are imported where they run: a build that finds nothing changed needs none of them.
"""

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

from site_builder.cache import noop
from site_builder.cache.session import Session
from site_builder.cache.stamps import cache_root
from site_builder.config import Config
from site_builder.models import Article, TranslationReport
from site_builder.output.guard import check_output
from site_builder.output.lock import site_lock

if TYPE_CHECKING:
    from site_builder.output.write import Written
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
    drafts: bool = False  # serve: drafts and embargoed articles too, marked as drafts
    now: dt.datetime | None = None  # the clock (aware) embargoes are read by; None: the system's


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the summary line; problems are per-file errors it survived."""

    articles: int
    files: int  # the site's files
    translation: TranslationReport | None
    kept_hand_edited: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())
    drafts: int = 0  # held back as drafts (shown in the preview)
    embargoed: int = 0  # held back until their time (shown in the preview)
    next_release: dt.datetime | None = None  # when the first embargo lifts
    withdrawn: int = 0
    written: int = 0  # files rendered anew; the others were kept (unchanged)
    removed: int = 0  # files of the last site that are no more
    nothing_changed: bool = False  # no input changed since the last build: nothing was done


def build(config: Config, options: BuildOptions = BuildOptions(),
          session: Session | None = None) -> BuildReport:
    """Build the site, or report that nothing changed since the last build."""
    session = session if session is not None else Session()  # serve passes its own
    options = replace(options, now=options.now or dt.datetime.now(dt.UTC))  # read once, here
    out_dir = options.out_dir or config.output_dir
    with site_lock(config.root), _few_full_collections():  # two builds would interleave files
        check_output(config, out_dir)  # never into a folder that is not a site of ours
        if options.load_translator or options.retranslate_machine:  # serve; a re-translation
            return run_stages(config, options, session)
        report = _unless_unchanged(config, options, session, out_dir)
        if report.next_release is not None and report.next_release <= options.now:
            noop.forget(out_dir)  # an embargo lifted since: time changed the site, no file
            report = _unless_unchanged(config, options, session, out_dir)
        return report


def run_stages(config: Config, options: BuildOptions, session: Session) -> BuildReport:
    """Parse seeds, sync content/zh, translate to content/en, render and write the site."""
    from site_builder.cache.ahead import work_ahead
    from site_builder.cache.jobs import token_file
    from site_builder.content.folders import read_articles
    from site_builder.content.pages import PAGES, read_pages
    from site_builder.content.publish import publishable, without_withdrawn
    from site_builder.content.sync import sync_generated
    from site_builder.parse.seeds import parse_seeds
    from site_builder.tags import tag_site

    problems: list[str] = []
    parsed, pages = parse_seeds(config, problems, session)
    synced = sync_generated(parsed, config.content_dir / "zh", pages, session)
    found = read_articles(config.content_dir / "zh", _cache(config, "zh.pickle"), session)
    zh = without_withdrawn(found)  # never translated, rendered, listed or indexed
    zh = tag_site(zh, config, session)  # against the whole archive; an editor's tags win
    statics = read_pages(config.content_dir / PAGES)  # About, Contact: few, read every time
    out_dir = options.out_dir or config.output_dir
    with work_ahead(zh, token_file(out_dir), session):  # a new process's second core, meanwhile
        en, en_statics, translation = translate_site(config, zh, statics, options, session)
        assert options.now is not None  # set by build()
        shown = publishable(zh, en, options.now, config.timezone, options.drafts)
        written = _render(config, options, session, shown.zh, shown.en, [*statics, *en_statics],
                          problems) if options.render else None
    return BuildReport(
        len(shown.zh), written.files if written else 0, translation, synced.kept_hand_edited,
        tuple(problems), shown.drafts, shown.embargoed, shown.next_release,
        len(found) - len(zh), written.rendered if written else 0,
        written.removed if written else 0)


def translate_site(config: Config, zh: Sequence[Article], statics: Sequence[Article],
                   options: BuildOptions, session: Session,
                   ) -> tuple[tuple[Article, ...], tuple[Article, ...], TranslationReport | None]:
    """Fill the memory, derive the English articles (written to content/en) and pages."""
    from site_builder.content.folders import write_translated
    from site_builder.content.pages import PAGES
    from site_builder.translate import articles as translate

    if "en" not in options.languages:
        return (), (), None
    # one model for both memories, loaded once, and only if either lacks a segment
    load = functools.cache(options.load_translator or _argos_loader(config, options.allow_download))
    memory = functools.partial(translate.translate_articles, cfg=config.translation,
                               load_translator=load, session=session,
                               retranslate_machine=options.retranslate_machine)
    try:
        en, report = memory(zh, config.translations_dir / "en",
                            cache_path=_cache(config, "memory-en.pickle"))
        en_statics, more = memory(statics, config.translations_dir / "en" / PAGES,
                                  cache_path=_cache(config, PAGES, "memory-en.pickle")
                                  ) if statics else ((), None)
    except translate.ModelError as exc:
        if not options.allow_zh_only:
            raise
        log.warning("%s; building the Chinese site only", exc)
        return (), (), None
    write_translated(en, config.content_dir / "en", _cache(config, "en.pickle"), session)
    if more is not None:
        report = TranslationReport(report.new + more.new, report.from_memory + more.from_memory,
                                   report.model or more.model)
    return en, en_statics, report


def _render(config: Config, options: BuildOptions, session: Session, zh: Sequence[Article],
            en: Sequence[Article], statics: Sequence[Article], problems: list[str]) -> Written:
    """Give the articles their pictures, then render and write what changed of the site."""
    from site_builder.cache.media import ShownMemo
    from site_builder.render.pictures import resolve_pictures

    session.pictures = session.pictures if session.pictures is not None else ShownMemo()
    # pictures: checked, encoded once per content; the bad ones reported and left out
    zh, en = resolve_pictures(config, zh, en, problems, memo=session.pictures)
    return build_site(config, zh, en, options.out_dir or config.output_dir, session, statics)


def build_site(config: Config, zh: Sequence[Article], en: Sequence[Article], out_dir: Path,
               session: Session | None = None, pages: Sequence[Article] = (),
               workers: int | None = None) -> Written:
    """Render and write the site, re-rendering only the files whose inputs changed.

    pages: the static pages (About, Contact) in both languages.
    """
    from site_builder.cache.incremental import WORKERS, write_changed
    from site_builder.cache.jobs import session_jobs
    from site_builder.output.workers import Recipe
    from site_builder.render.site import plan_site, site_outputs

    session = session if session is not None else Session()
    jobs = session_jobs(config, zh, en, out_dir, session, pages)
    recipe = Recipe(plan_site, site_outputs, (config, tuple(zh), tuple(en), tuple(pages)))
    return write_changed(jobs, out_dir, workers or WORKERS, session.store, recipe)


def _unless_unchanged(config: Config, options: BuildOptions, session: Session,
                      out_dir: Path) -> BuildReport:
    """Run the stages unless no input changed since the last build (then say so)."""
    key = (options.languages, options.out_dir, options.render, options.allow_zh_only,
           options.drafts)
    report, skipped = noop.skip_or_run(config, key, out_dir,
                                       lambda: run_stages(config, options, session))
    return replace(report, written=0, removed=0, nothing_changed=True) if skipped else report


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


def _cache(config: Config, *names: str) -> Path:
    """Return a cache file of the project's (safe to delete)."""
    return cache_root(config.root).joinpath(*names)


def _argos_loader(config: Config, allow_download: bool) -> Callable[[], translate.Translator]:
    """Defer finding (or downloading) the model until a segment is missing from the memory."""
    from site_builder.translate import articles as translate

    def load() -> translate.Translator:
        return translate.ArgosTranslator(
            translate.ensure_package(allow_download), config.translation
        )

    return load
