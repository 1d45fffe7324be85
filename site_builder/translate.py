"""Translation stage: zh Articles -> en Articles through the memory, the model filling the gaps.

Every segment of the whole site that the memory lacks is gathered, deduplicated, sorted by
length and sent to the model in a few large batches; the memory is saved after each batch so
an interrupted run keeps what it translated. The model is loaded only if something is missing.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from site_builder.argos import (
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
from site_builder.config import TranslationConfig
from site_builder.english_cache import EnglishCache
from site_builder.localise import english_article
from site_builder.memory import Memory, unique
from site_builder.models import Article, Provenance

__all__ = [
    "ArgosTranslator", "ModelError", "TranslationReport", "Translator", "ensure_package",
    "find_package", "install_from_file", "install_from_index", "list_packages",
    "package_label", "remove_package", "translate_articles",
]

log = logging.getLogger(__name__)
CHUNK_SEGMENTS = 256  # per translate_batch call: big enough to batch well, small to save often


class Translator(Protocol):
    """Anything that turns a list of zh segments into as many English strings."""

    name: str  # package name and version, recorded in the memory and the provenance

    def translate(self, segments: list[str]) -> list[str]: ...


@dataclass(frozen=True)
class TranslationReport:
    """What a translation run did, for the CLI to print."""

    new: int  # segments sent to the model
    from_memory: int  # distinct segments already remembered
    model: str | None  # the model loaded, None when everything came from the memory

    def __str__(self) -> str:
        return f"translated {self.new} new segments ({self.from_memory} from memory)"


def translate_articles(
    articles: Sequence[Article],
    memory_dir: Path,
    cfg: TranslationConfig,
    load_translator: Callable[[], Translator],
    *,
    retranslate_machine: bool = False,
    chunk_segments: int = CHUNK_SEGMENTS,
    cache_path: Path | None = None,
) -> tuple[tuple[Article, ...], TranslationReport]:
    """Translate zh articles to English, asking the model only for what the memory lacks."""
    memory = Memory.load(memory_dir, cache_path)
    twins = EnglishCache(cache_path.with_name("english.pickle") if cache_path else None)
    wanted = {a.slug: twins.segments(a, cfg.max_segment_chars) for a in articles}
    everything = unique(s for segments in wanted.values() for s in segments)
    missing = [s for s in everything if _needs_model(memory, s, retranslate_machine)]
    model = None
    if missing:
        translator = load_translator()
        model = translator.name
        _fill_memory(memory, wanted, missing, translator, chunk_segments)
    for slug, segments in wanted.items():
        memory.save_article(slug, segments)
    memory.save_cache()
    english = tuple(
        twins.english(a, wanted[a.slug], [memory.lookup(s, a.slug) for s in wanted[a.slug]],
                      functools.partial(_english, memory, a, cfg.max_segment_chars))
        for a in articles
    )
    twins.save()
    report = TranslationReport(len(missing), len(everything) - len(missing), model)
    log.info("%s", report)
    return english, report


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
            output = translator.translate(chunk)
            if len(output) != len(chunk):
                raise ModelError(f"{translator.name} returned {len(output)} translations "
                                 f"for {len(chunk)} segments")
            memory.add_machine(dict(zip(chunk, output, strict=True)), translator.name)
            done = set(chunk)
            for slug, segments in wanted.items():
                if done.intersection(segments):
                    memory.save_article(slug, segments)
            bar.update(len(chunk))


def _english(memory: Memory, article: Article, max_chars: int) -> Article:
    """Build the en twin of one article from the memory."""
    used: list[str] = []

    def translate(segment: str) -> str:
        entry = memory.lookup(segment, article.slug)
        if entry is None:  # cannot happen after _fill_memory; never publish zh as "English"
            raise ModelError(f"no translation for {segment!r} in {article.slug}")
        used.append(segment)
        return entry.text

    english = english_article(article, translate, max_chars)
    return _with_provenance(memory, english, article.slug, unique(used))


def _with_provenance(memory: Memory, english: Article, slug: str, used: list[str]) -> Article:
    """Attach how the article was made: the model and how many segments an editor reviewed."""
    entries = [e for e in (memory.lookup(s, slug) for s in used) if e is not None]
    models = Counter(e.model for e in entries if e.model)
    model = models.most_common(1)[0][0] if models else "editor"
    reviewed = sum(1 for e in entries if e.reviewed)
    return replace(english, translation=Provenance(model, len(used), reviewed))
