"""Translation stage: zh Articles -> en Articles through the memory, the model filling the gaps.

Every segment of the whole site that the memory lacks is gathered, deduplicated, sorted by
length and sent to the model in a few large batches; the memory is saved after each batch so
an interrupted run keeps what it translated. The model is loaded only if something is missing.
In a warm process (serve) a run looks only at the articles whose zh text, PO file or memory
entries changed since the last run: an edit costs the same on a small or a large site.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, Protocol

from site_builder.cache.english import EnglishCache
from site_builder.cache.session import Session
from site_builder.config import TranslationConfig
from site_builder.models import Article, Provenance, TranslationReport
from site_builder.translate.argos import (
    ArgosTranslator,
    ModelError,
    ensure_package,
    find_package,
    install_from_file,
    install_from_index,
    list_packages,
    package_label,
    remove_package,
)
from site_builder.translate.entries import Entry
from site_builder.translate.localise import english_article
from site_builder.translate.markup import translate_marked
from site_builder.translate.memory import Memory, unique

__all__ = [
    "ArgosTranslator", "ModelError", "TranslationReport", "Translator", "ensure_package",
    "find_package", "install_from_file", "install_from_index", "list_packages",
    "package_label", "remove_package", "translate_articles",
]

log = logging.getLogger(__name__)
BROKEN_MARKUP = ("the correction breaks the Markdown (a placeholder lost or added, ** or [ left "
                 "open): the page shows its words without links or emphasis")
CHUNK_SEGMENTS = 256  # per translate_batch call: big enough to batch well, small to save often


class Derived(NamedTuple):
    """An article's segments in order, their memory entries, its English twin if complete."""

    segments: list[str]
    entries: list[Entry | None]
    english: Article | None


class Translator(Protocol):
    """Anything that turns a list of zh segments into as many English strings."""

    name: str  # package name and version, recorded in the memory and the provenance

    def translate(self, segments: list[str]) -> list[str]: ...


def translate_articles(
    articles: Sequence[Article],
    memory_dir: Path,
    cfg: TranslationConfig,
    load_translator: Callable[[], Translator],
    *,
    retranslate_machine: bool = False,
    chunk_segments: int = CHUNK_SEGMENTS,
    cache_path: Path | None = None,
    session: Session | None = None,
) -> tuple[tuple[Article, ...], TranslationReport]:
    """Translate zh articles to English, asking the model only for what the memory lacks.

    A warm process (serve) hands the last complete run's memory and English twins to the next
    run (its session), which then reads only changed PO files and redoes only the articles
    whose zh text or memory entries changed. A failed run leaves nothing there.
    """
    session = session if session is not None else Session()
    memo = session.memo("translation")
    warm_key = f"{memory_dir}\0{cache_path}\0{cfg.max_segment_chars}"
    memory, twins, warm = _resume(memo.pop(warm_key, None), memory_dir, cache_path, cfg,
                                  retranslate_machine, session)
    todo = _todo(articles, memory, twins, warm)
    _people_ahead(todo, session)
    derived = {a.slug: _derive(memory, twins, a, cfg.max_segment_chars) for a in todo}
    wanted = {slug: done.segments for slug, done in derived.items()}
    incomplete = [s for s, done in derived.items() if done.english is None or retranslate_machine]
    missing = unique(s for slug in incomplete for s in wanted[slug]
                     if _needs_model(memory, s, retranslate_machine))
    model = None
    if missing:
        translator = load_translator()
        model = translator.name
        _fill_memory(memory, wanted, missing, translator, chunk_segments)
    _save_and_remember(memory, twins, todo, derived, set(missing), cfg.max_segment_chars)
    english = twins.twins_of(articles)
    for twin in english:
        for note in twin.review:  # every build, until the editor mends the PO file
            log.warning("%s", note)
    memory.save_cache()
    memory.settle()
    twins.save()
    memo[warm_key] = (memory, twins)
    report = TranslationReport(len(missing), twins.distinct() - len(missing), model)
    log.info("%s", report)
    return english, report


def _resume(warm: tuple[Memory, EnglishCache] | None, memory_dir: Path,
            cache_path: Path | None, cfg: TranslationConfig, retranslate_machine: bool,
            session: Session) -> tuple[Memory, EnglishCache, bool]:
    """Return the memory and twins of this process's last run (warm), else load them."""
    if warm is not None and not retranslate_machine:  # which looks at every article anyway
        return Memory.load(memory_dir, cache_path, warm[0], session.changed), warm[1], True
    english_path = cache_path.with_name("english.pickle") if cache_path else None
    return (Memory.load(memory_dir, cache_path, store=session.store),
            EnglishCache(english_path, cfg.max_segment_chars, session.store), False)


def _people_ahead(todo: Sequence[Article], session: Session) -> None:
    """Take which tags are people's names from the work done ahead, if some are not known."""
    from site_builder.tags.terms import known_people, remember_people

    if session.ahead is not None and not {t for a in todo for t in a.tags} <= known_people().keys():
        remember_people(session.ahead.people())  # told on the other core meanwhile


def _todo(articles: Sequence[Article], memory: Memory, twins: EnglishCache,
          warm: bool) -> list[Article]:
    """Return the articles to look at: changed ones, or ones whose memory entries changed."""
    dirty = twins.start(articles)
    if not warm:
        return list(articles)
    dirty |= memory.changed_files()
    dirty |= twins.wanting(memory.changed_segments())
    return twins.articles_of(dirty)


def _derive(memory: Memory, twins: EnglishCache, article: Article, max_chars: int) -> Derived:
    """Return an article's segments, their entries and its twin (None while one is missing)."""
    segments = twins.segments(article.slug)
    if segments is None:
        return _english(memory, article, max_chars)
    entries = [memory.lookup(s, article.slug) for s in segments]
    english = twins.english(article.slug, entries)
    if english is None and None not in entries:
        return _english(memory, article, max_chars)
    return Derived(segments, entries, english)


def _save_and_remember(memory: Memory, twins: EnglishCache, todo: Sequence[Article],
                       derived: dict[str, Derived], retranslated: set[str],
                       max_chars: int) -> None:
    """Write each article's PO file, make its twin again if that changed it, and keep both."""
    for article in todo:
        done = derived[article.slug]
        if memory.save_article(article.slug, done.segments):  # an editor's entry may be back
            done = done._replace(english=None) if done.entries != [
                memory.lookup(s, article.slug) for s in done.segments] else done
        if done.english is None or not retranslated.isdisjoint(done.segments):
            done = _english(memory, article, max_chars)
        if done.english is None:  # cannot happen after _fill_memory; never publish zh as English
            raise ModelError(f"no translation for some segment of {article.slug}")
        twins.put(article.slug, done.segments, done.entries, done.english)


def _needs_model(memory: Memory, segment: str, retranslate_machine: bool) -> bool:
    """True when no translation is remembered, or only a machine one that must be redone."""
    entry = memory.lookup(segment)
    return entry is None or (retranslate_machine and not entry.reviewed)


def _fill_memory(
    memory: Memory,
    wanted: dict[str, list[str]],
    missing: list[str],
    translator: Translator,
    chunk_segments: int,
) -> None:
    """Translate missing segments shortest first, saving touched articles after each chunk."""
    from tqdm import tqdm

    ordered = sorted(missing, key=lambda s: (len(s), s))
    with tqdm(total=len(ordered), unit="seg", desc="translating", disable=None) as bar:
        for start in range(0, len(ordered), chunk_segments):
            chunk = ordered[start : start + chunk_segments]
            output = translate_marked(translator.translate, chunk)  # the model sees text only
            if len(output) != len(chunk):
                raise ModelError(f"{translator.name} returned {len(output)} translations "
                                 f"for {len(chunk)} segments")
            memory.add_machine(dict(zip(chunk, output, strict=True)), translator.name)
            done = set(chunk)
            for slug, segments in wanted.items():
                if done.intersection(segments):
                    memory.save_article(slug, segments)
            bar.update(len(chunk))


def _english(memory: Memory, article: Article, max_chars: int) -> Derived:
    """Map an article to English through the memory, listing its segments on the way.

    The twin is None when a segment has no translation yet.
    """
    found: dict[str, Entry | None] = {}
    notes: list[str] = []

    def translate(segment: str) -> str:
        entry = found[segment] if segment in found else memory.lookup(segment, article.slug)
        found[segment] = entry
        return entry.text if entry is not None else ""

    def broken(segment: str) -> None:
        entry = found.get(segment)
        if entry is not None and entry.reviewed:  # machine output is always well-formed
            notes.append(f"{memory.where(segment, article.slug)}: {BROKEN_MARKUP}")

    english = english_article(article, translate, max_chars, broken)
    segments, entries = list(found), list(found.values())
    if None in entries:
        return Derived(segments, entries, None)
    english = replace(english, review=tuple(dict.fromkeys(notes)))
    return Derived(segments, entries, _with_provenance(english, entries))


def _with_provenance(english: Article, entries: list[Entry]) -> Article:
    """Attach how the article was made: the model and how many segments an editor reviewed."""
    models = Counter(model for model in (e.model for e in entries) if model)
    model = models.most_common(1)[0][0] if models else "editor"
    reviewed = sum(1 for e in entries if e.reviewed)
    return replace(english, translation=Provenance(model, len(entries), reviewed))
