"""Measure choosing tags: a cold run (jieba cuts every text), a new process with the cache, and
one edit in a warm process (as under `serve`), on bench/build.py's synthetic archive.

Run: .venv/bin/python bench/tags.py [--sizes 1000,5000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build import SITE_MIN_TAG_ARTICLES, make_corpus  # noqa: E402

from site_builder.cache import terms as warm  # noqa: E402
from site_builder.models import Block  # noqa: E402
from site_builder.tags.choose import tag_articles  # noqa: E402
from site_builder.tags.terms import analyse  # noqa: E402

ROUNDS = 5


def timed(run) -> tuple[float, object]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def bench(n: int, work: Path) -> str:
    """Time the three runs for n articles; check the fast ones against the plain one."""
    articles = make_corpus(n)
    analyse("预热", "")  # jieba's dictionary loads once per process (about a second)
    path = work / f"terms-{n}.pickle"
    cold, (tagged, _) = timed(lambda: warm.tag_site(articles, SITE_MIN_TAG_ARTICLES, path))
    # as a new process: only the cache file
    cached, (again, run) = timed(lambda: warm.tag_site(articles, SITE_MIN_TAG_ARTICLES, path))
    edits = []
    for round_ in range(ROUNDS):
        place = (n // 2 + round_) % n
        body = (*articles[place].body[1:], Block("p", articles[place].body[0].text))
        articles[place] = replace(articles[place], body=body)
        seconds, (result, run) = timed(
            lambda run=run: warm.tag_site(articles, SITE_MIN_TAG_ARTICLES, path, run))
        edits.append(seconds)
    assert tagged == again and result == tag_articles(articles, SITE_MIN_TAG_ARTICLES)
    pages = len({tag for a in result for tag in a.tags})
    return (f"n={n:5d} cold={cold:6.2f}s new_process_cached={cached:5.3f}s "
            f"warm_edit={statistics.median(edits) * 1000:5.1f}ms tags_published={pages}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for n in (int(size) for size in args.sizes.split(",")):
            print(bench(n, Path(work)), flush=True)


if __name__ == "__main__":
    main()
