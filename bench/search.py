"""Measure the static search index: the head every query loads, the shards, the snippet texts.

The articles are bench/build.py's synthetic archive (N zh articles of about 2,000 characters
mixed from the demo page) and their English twins made with its filler English, so the sizes
are those of a real build of that site without running one. Sizes are raw and gzipped (what a
static host sends).

Run: .venv/bin/python bench/search.py [--sizes 1000,5000]
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build import fake_english, make_corpus  # noqa: E402

from site_builder.config import TranslationConfig  # noqa: E402
from site_builder.render import search as render_search  # noqa: E402
from site_builder.render.catalog import sort_key  # noqa: E402
from site_builder.translate.localise import english_article  # noqa: E402


def measure(n: int) -> dict[str, dict[str, int]]:
    """Return, per language, the head's size raw and gzipped, the shard count and total."""
    zh = sorted(make_corpus(n), key=sort_key)
    max_chars = TranslationConfig().max_segment_chars
    en = [english_article(a, fake_english, max_chars) for a in zh]
    sizes = {}
    for lang, articles in (("zh", zh), ("en", en)):
        jobs = render_search.render_search_index(articles, lang, f"bench {n}")
        files = {job.path: job.make() for job in jobs}
        head = files[f"{lang}/search/index.json"]
        rest = [data for path, data in files.items() if not path.endswith("/index.json")]
        sizes[lang] = {"head": len(head), "head_gz": len(gzip.compress(head, 9)),
                       "files": len(rest), "rest": sum(map(len, rest))}
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    args = parser.parse_args()
    for n in (int(size) for size in args.sizes.split(",")):
        for lang, row in measure(n).items():
            print(f"N={n:5d} {lang}: head {row['head'] / 1024:7.1f} KiB "
                  f"({row['head_gz'] / 1024:6.1f} KiB gzipped); "
                  f"{row['files']} other files, {row['rest'] / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
