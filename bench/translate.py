"""Measure translation speed on a realistic-size random Argos model (issue 4, "Measure").

Builds a zh->en package shaped like the published ones (6+6 layers, d_model 512, 8 heads,
ffn 2048, 32k shared SentencePiece vocabulary, int8), installs it with argostranslate into a
temp dir, and times on the same sentences of the seed pages:

  (a) argostranslate.translate.translate() paragraph by paragraph (its own path),
  (b) site-builder's translate_articles() (memory + one batched call per chunk),
  (c) one bare ctranslate2 translate_batch() over the same segments.

Fairness notes, printed with the result:
- Random weights never emit </s> (the package forbids it), so every segment decodes exactly
  max_decoding_length=64 tokens on every path. Argos does not bound decoding length (default
  256), so (a) runs its model through a proxy adding max_decoding_length=64, nothing else.
- Argos's zh sentence splitter (MiniSBD) downloads an ONNX model on first use and this machine
  is offline; (a) therefore splits paragraphs with site-builder's own splitter, giving all three
  paths the same sentences. Argos keeps its own threading settings (ARGOS_INTER_THREADS=1,
  intra 0 = all cores, beam 4); (b) and (c) use TranslationConfig defaults.
- The SentencePiece vocabulary is trained on the seed pages, jieba's word list (Chinese) and
  English comment lines of the Python standard library: enough text for 32,000 pieces.

Run: .venv/bin/python bench/translate.py [PARAGRAPHS]
(all 48 seed paragraphs = 114 segments: about 5 minutes on 2 busy cores; pass e.g. 16 to halve it)
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import argos_fixture  # noqa: E402 - lives in tests/

from site_builder.config import TranslationConfig  # noqa: E402
from site_builder.models import Article, Block  # noqa: E402
from site_builder.translate.segment import split_sentences  # noqa: E402

MAX_DECODING = 64
SIZE = argos_fixture.ModelSize(
    layers=6, heads=8, d_model=512, ffn=2048, vocab=32000, quantization="int8"
)


def corpus_lines() -> tuple[str, ...]:
    """Return extra SentencePiece training text: jieba's word list and stdlib English."""
    import jieba

    dict_txt = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    words = [line.split(" ", 1)[0] for line in dict_txt.splitlines()]
    chinese = ["".join(words[i : i + 30]) for i in range(0, len(words), 30)]
    english = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        for line in path.read_text(encoding="utf-8", errors="ignore").splitlines():
            text = line.strip().lstrip("#").strip()
            if len(text) > 30 and re.fullmatch(r"[A-Za-z ,.;:'()-]+", text):
                english.append(text)
    return tuple(chinese + english)


def seed_paragraphs() -> list[str]:
    """Return the paragraphs of the seed pages (lines long enough to hold a sentence)."""
    return [
        line.strip()
        for path in sorted(argos_fixture.SEEDS_DIR.glob("*.txt"))
        for line in path.read_text(encoding="utf-8-sig").splitlines()
        if len(line.strip()) > 20
    ]


class BoundedDecoding:
    """Proxy a ctranslate2.Translator, adding max_decoding_length to translate_batch."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def translate_batch(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("max_decoding_length", MAX_DECODING)
        return self.inner.translate_batch(*args, **kwargs)


class SiteSentencizer:
    """Argos sentencizer interface backed by site-builder's offline splitter."""

    def split_sentences(self, text: str) -> list[str]:
        return split_sentences(text, TranslationConfig().max_segment_chars)


def time_argos(paragraphs: list[str]) -> float:
    """(a) argostranslate.translate.translate() per paragraph; return seconds."""
    import ctranslate2
    from argostranslate import settings
    from argostranslate import translate as argos_translate

    cached = argos_translate.get_translation_from_codes("zh", "en")
    package_translation = cached.underlying
    package_translation.sentencizer = SiteSentencizer()
    package_translation.translator = BoundedDecoding(
        ctranslate2.Translator(  # exactly how argostranslate builds it
            str(package_translation.pkg.package_path / "model"),
            device=settings.device,
            inter_threads=settings.inter_threads,
            intra_threads=settings.intra_threads,
            compute_type=settings.compute_type,
        )
    )
    start = time.perf_counter()
    for paragraph in paragraphs:
        argos_translate.translate(paragraph, "zh", "en")
    return time.perf_counter() - start


def time_site_builder(pkg: Any, paragraphs: list[str], cfg: TranslationConfig) -> tuple[float, int]:
    """(b) translate_articles() into an empty memory; return seconds and new segments."""
    from site_builder.translate.articles import ArgosTranslator, translate_articles

    articles = [
        Article(slug=f"a{i}", lang="zh", title="", date=dt.date(2026, 2, 2),
                body=tuple(Block("p", p) for p in paragraphs[i : i + 5]))
        for i in range(0, len(paragraphs), 5)
    ]
    memory = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    start = time.perf_counter()
    _, report = translate_articles(articles, memory, cfg, lambda: ArgosTranslator(pkg, cfg))
    return time.perf_counter() - start, report.new


def time_bare(pkg: Any, segments: list[str], cfg: TranslationConfig) -> float:
    """(c) one bare translate_batch over the same segments (model loaded beforehand)."""
    import ctranslate2

    model = ctranslate2.Translator(
        str(pkg.package_path / "model"), device="cpu", compute_type=cfg.compute_type,
        inter_threads=cfg.inter_threads, intra_threads=cfg.intra_threads,
    )
    tokens = [pkg.tokenizer.encode(s) for s in sorted(segments, key=len)]
    start = time.perf_counter()
    model.translate_batch(
        tokens, batch_type="tokens", max_batch_size=cfg.max_batch_tokens,
        beam_size=cfg.beam_size, max_decoding_length=cfg.max_decoding_length,
    )
    return time.perf_counter() - start


def main() -> None:
    """Build and install the model, time the three paths, print the comparison."""
    work = Path(tempfile.mkdtemp(prefix="bench-argos-"))
    # argostranslate reads these when first imported: keep it inside the temp dir, offline.
    os.environ.update(argos_fixture.argos_environment("http://127.0.0.1:9/", work / "home"))
    started = time.perf_counter()
    archive = argos_fixture.build_package(work, "0.0", SIZE, corpus_lines())
    from argostranslate import package

    from site_builder.translate.articles import find_package

    package.install_from_path(archive)
    pkg = find_package()
    print(f"built and installed {archive.name} ({archive.stat().st_size >> 20} MB) "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    cfg = TranslationConfig(max_decoding_length=MAX_DECODING)
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None  # fewer paragraphs: faster run
    paragraphs = seed_paragraphs()[:limit]
    segments = list(dict.fromkeys(s for p in paragraphs for s in split_sentences(
        p, cfg.max_segment_chars)))
    c_time = time_bare(pkg, segments, cfg)
    b_time, b_segments = time_site_builder(pkg, paragraphs, cfg)
    a_time = time_argos(paragraphs)
    n = len(segments)
    a, b, c = n / a_time, b_segments / b_time, n / c_time
    print(f"(a) argostranslate per paragraph: {a:6.2f} seg/s ({a_time:.1f} s, "
          f"{len(paragraphs)} paragraphs)")
    print(f"(b) site-builder batched:        {b:6.2f} seg/s ({b_time:.1f} s, incl. PO writes)")
    print(f"(c) bare translate_batch:        {c:6.2f} seg/s ({c_time:.1f} s)")
    print(f"bench: segments={n} a_seg_s={a:.2f} b_seg_s={b:.2f} c_seg_s={c:.2f} "
          f"b/a={b / a:.2f} b/c={b / c:.2f}")


if __name__ == "__main__":
    main()
