"""Measure `site-builder serve`: from saving one article to the reloaded page being ready.

For the demo site and for a synthetic site of 1,000 articles (generated deterministically as
content/zh/*.md from the demo page's paragraphs), this starts `site-builder serve` as a child
process (it builds into .site-builder/preview/ and keeps one Session between rebuilds), opens an
article's bilingual page in headless Chromium and times, REPEATS times each:

  zh edit   change the title in content/zh/<slug>.md (one new segment for the model)
  PO edit   correct the English title in translations/en/<slug>.po (no model at all)

The translating is done by the tiny random-weight test model (tests/argos_fixture.py, built
and installed through argostranslate's own code, as in the tests): no real zh->en model can be
had on this machine. It translates a segment in milliseconds; the real model (translate-zh_en,
about 90 MB) takes far longer, so zh-edit timings with it differ. PO edits need no model.

The clock starts just before the file is saved and stops when the open page has been reloaded
by livereload (a new document: its performance.timeOrigin changed), shows the new text and has
finished loading; an edit that never reloads the page with its text fails the bench. The
server's own "rebuilt in" times for these edits are printed too (the rest is the watcher's
50 ms and the browser's reload). The memory is filled by one `site-builder build` before
serving, excluded from timing; the server is left to settle (no CPU use) before each edit.

Run: .venv/bin/python bench/serve.py [--sizes 1000,5000]   (about three minutes at 1,000)
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import argos_fixture  # noqa: E402 - lives in tests/
import polib  # noqa: E402
from helpers import start_chromium  # noqa: E402 - the tests' browser helper
from test_serve import (  # noqa: E402 - the test's server and browser helpers
    Served,
    body_text,
    copy_demo,
    open_page,
    poll,
    set_title,
)

from site_builder.content.markdown import dump_article  # noqa: E402
from site_builder.models import Block  # noqa: E402
from site_builder.parse.page import parse_page  # noqa: E402
from site_builder.parse.sources import read_source  # noqa: E402

SYNTHETIC_ARTICLES = (1000,)  # --sizes 1000,5000 to see how the time grows further
REPEATS = 3
PARAGRAPHS_PER_ARTICLE = 6
MODEL_NOTE = ("translated by the tiny random-weight test model (tests/argos_fixture.py): "
              "zh-edit timings with a real model differ")


def main() -> None:
    """Time edits on the demo and the synthetic sites; print one line per site and edit kind."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SYNTHETIC_ARTICLES)),
                        help="synthetic site sizes, comma-separated (default: %(default)s)")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",") if size]
    sites = [("demo (9 articles)", copy_demo)] + [
        (f"synthetic ({n} articles)", functools.partial(synthetic_site, articles=n))
        for n in sizes]
    print(MODEL_NOTE, flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env, index = model_environment(tmp)
        browser = start_chromium(tmp / "chrome-profile")
        try:
            for number, (name, make) in enumerate(sites):
                site = make(tmp / f"site-{number}")
                for kind, seconds in measure(site, env, browser).items():
                    print(f"{name:28} {kind:8} median {statistics.median(seconds) * 1000:6.0f} ms"
                          f"  (runs: {', '.join(f'{s * 1000:.0f}' for s in seconds)})"
                          f"{'  tiny test model' if kind == 'zh edit' else ''}", flush=True)
        finally:
            browser.quit()
            index.shutdown()


def model_environment(tmp: Path):
    """Build the tiny test model, serve it from a loopback index; return (env, server)."""
    archive = argos_fixture.build_package(tmp / "model")
    url, server = argos_fixture.serve_directory(archive.parent)
    argos_fixture.write_index(archive.parent, archive, url)
    return argos_fixture.argos_environment(url, tmp / "argos-home"), server


def synthetic_site(folder: Path, articles: int = SYNTHETIC_ARTICLES[0]) -> Path:
    """The demo project plus `articles` articles made from the demo page's paragraphs."""
    site = copy_demo(folder)
    logging.getLogger("site_builder").addHandler(logging.NullHandler())  # its date warning
    seed = read_source(next((site / "seeds").glob("*.txt")), site / "seeds")
    demo = parse_page(seed, None)
    paragraphs = [p for article in demo for p in article.paragraphs]
    out = site / "content" / "zh"
    out.mkdir(parents=True)
    for i in range(articles):
        base = demo[i % len(demo)]
        body = tuple(Block("p", paragraphs[(i * 7 + j) % len(paragraphs)])
                     for j in range(PARAGRAPHS_PER_ARTICLE))
        article = replace(
            base, slug=f"synthetic-{i:04d}", title=f"{base.title}（第{i + 1}期）", body=body,
            date=base.date - dt.timedelta(days=i // 10), source=f"synthetic.txt:{i + 1}-{i + 1}",
            continued_from=None, continued_on=None, title_inferred=False,
        )
        (out / f"{article.slug}.md").write_text(dump_article(article), encoding="utf-8")
    return site


def measure(site: Path, env: dict[str, str], browser) -> dict[str, list[float]]:
    """Fill the memory with one build, serve, and time zh and PO edits of one article."""
    subprocess.run([sys.executable, "-m", "site_builder", "build", "-q"], cwd=site, check=True,
                   env={**os.environ, **env}, capture_output=True)
    slug = sorted(p.stem for p in (site / "content" / "zh").glob("*.md"))[-1]
    server = Served(site, env)
    times: dict[str, list[float]] = {"zh edit": [], "PO edit": []}
    try:
        page = f"{server.url}/zh/articles/{slug}/bilingual/"
        markdown = site / "content" / "zh" / f"{slug}.md"
        po_file = site / "translations" / "en" / f"{slug}.po"
        for run in range(REPEATS):
            title, english = f"编辑改过的标题{run}", f"Edited headline {run}"
            edit_zh = functools.partial(set_title, markdown, title)
            times["zh edit"].append(time_edit(server, browser, page, edit_zh, title))
            edit_po = functools.partial(correct, po_file, title, english)
            times["PO edit"].append(time_edit(server, browser, page, edit_po, english))
    finally:
        server.interrupt()
    # the server's own timing of the rebuilds these edits caused (its first line: the start-up)
    rebuilds = re.findall(r"rebuilt in (\d+) ms", server.output())[1:]
    times["rebuild"] = [int(ms) / 1000 for ms in rebuilds]
    return times


def time_edit(server: Served, browser, page: str, edit: Callable[[], None], text: str) -> float:
    """Open page, wait for the server to idle, save, and time until the reloaded page shows text."""
    origin = open_page(browser, page)
    check(text not in body_text(browser), f"{text!r} is on {page} before the edit")
    wait_until_idle(server.process.pid)
    start = time.perf_counter()
    edit()
    shown = poll(lambda: reloaded_with(browser, origin, text), 120, every=0.01)
    seconds = time.perf_counter() - start
    check(bool(shown), f"{page} was not reloaded with {text!r}:\n{server.output()}")
    return seconds


def reloaded_with(browser, origin: float, text: str) -> bool:
    """True once the open page is a new, loaded document (livereload reloaded it) showing text."""
    from selenium.common.exceptions import WebDriverException

    try:  # the page may be between unload and load
        return browser.execute_script(
            "return performance.timeOrigin !== arguments[0] && document.readyState === 'complete'"
            " && !!document.body && document.body.innerText.includes(arguments[1])", origin, text)
    except WebDriverException:
        return False


def check(done: bool, what: str) -> None:
    """Fail the bench, in one line and the server's output, when an edit did not show."""
    if not done:
        raise SystemExit(f"bench FAILED: {what}")


def correct(po_file: Path, msgid: str, msgstr: str) -> None:
    """Do what an editor does: set the English of one entry and clear its fuzzy flag."""
    po = polib.pofile(str(po_file))
    entry = po.find(msgid)
    entry.msgstr, entry.flags = msgstr, []
    po.save()


def wait_until_idle(pid: int, quiet: float = 1.0, timeout: float = 300) -> None:
    """Wait until the process is nearly idle for `quiet` seconds (no rebuild is running)."""
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime, in seconds

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu()
        time.sleep(quiet)
        if cpu() - before < quiet * 0.5:  # a build shows as a second of CPU
            return
    raise SystemExit(f"the server never went idle (pid {pid})")


if __name__ == "__main__":
    main()
