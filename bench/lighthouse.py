"""Score the demo site with Lighthouse (mobile): performance, accessibility, best practices, SEO.

Builds the demo (bench/demo.py: both languages, the English from the tiny random test model),
serves it on localhost as a static host would (gzip, long caching of versioned assets) and runs
Lighthouse in headless Chromium on the front page, the lead article and its bilingual view, in
Chinese and in English. Then the same demo as a paper runs it (bench/paper.py: print pages,
pictures): the front page led by a story with a picture, that story, and the print edition.
Targets: performance >= 95, the other three 100; the bilingual view is kept out of search indexes
on purpose (noindex), so its SEO score does not count.

Needs Node.js and the npm package `lighthouse`, e.g. `npm install --prefix ~/lh lighthouse`,
then: .venv/bin/python bench/lighthouse.py --lighthouse ~/lh/node_modules/.bin/lighthouse
(or put `lighthouse` on PATH, or set LIGHTHOUSE). --zh-only skips the model and English pages,
--demo-only the paper's pages.
The last line is one machine-readable summary.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import build_demo, serve  # noqa: E402 - lives next to this file
from paper import EDITION, STORY  # noqa: E402 - lives next to this file

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME = os.environ.get("CHROME_PATH", shutil.which("chromium") or "/usr/bin/chromium")


def main() -> int:
    """Build, serve and score the demo; exit 1 when a page misses a target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE")
                        or shutil.which("lighthouse"), help="the lighthouse command")
    parser.add_argument("--zh-only", action="store_true", help="build without the test model")
    parser.add_argument("--demo-only", action="store_true", help="skip the paper's pages")
    args = parser.parse_args()
    if not args.lighthouse:
        parser.error("no lighthouse: npm install --prefix ~/lh lighthouse, then pass "
                     "--lighthouse ~/lh/node_modules/.bin/lighthouse")
    langs = ("zh",) if args.zh_only else ("zh", "en")
    with tempfile.TemporaryDirectory() as temp:
        public = build_demo(Path(temp) / "demo", english=not args.zh_only)
        article = _lead_article(public)
        kinds = [("front", "/{lang}/"), ("article", article)]
        if not args.zh_only:
            kinds.append(("bilingual", article + "bilingual/"))
        scores = _score_site(args.lighthouse, public, kinds, langs, Path(temp))
        if not args.demo_only:
            public = build_demo(Path(temp) / "paper", english=not args.zh_only, paper=True)
            kinds = [("paper-front", "/{lang}/"), ("picture", f"/{{lang}}/articles/{STORY}/"),
                     ("edition", "/{lang}/" + EDITION)]
            scores |= _score_site(args.lighthouse, public, kinds, langs, Path(temp))
    misses = _report(scores)
    print(json.dumps({"lighthouse": scores, "misses": misses}, ensure_ascii=False))
    return 1 if misses else 0


def _score_site(lighthouse: str, public: Path, kinds: list[tuple[str, str]],
                langs: tuple[str, ...], temp: Path) -> dict[str, dict]:
    """Serve a built site and score each kind of page ("/{lang}/…") in each language."""
    pages = {f"{kind}-{lang}": path.format(lang=lang) for kind, path in kinds for lang in langs}
    with serve(public) as url:
        return {name: _score(lighthouse, url + path, temp) for name, path in pages.items()}


def _lead_article(public: Path) -> str:
    """Return the path pattern ("/{lang}/articles/<slug>/") of the front page's first article."""
    html = (public / "zh/index.html").read_text(encoding="utf-8")
    start = html.index('href="/zh/articles/') + len('href="/zh/')
    return "/{lang}/" + html[start:html.index('"', start)]


def _score(lighthouse: str, url: str, temp: Path) -> dict[str, int]:
    """Run Lighthouse on one page (mobile, the default) and return its four scores."""
    report = temp / "report.json"
    subprocess.run(
        [lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
         "--only-categories=" + ",".join(CATEGORIES),
         "--chrome-flags=--headless --no-sandbox --disable-gpu"],
        env={**os.environ, "CHROME_PATH": CHROME}, check=True,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    # audits short of a full score, to say why a category misses (most weigh nothing)
    flagged = [audit["id"] for audit in data["audits"].values()
               if audit.get("score") is not None and audit["score"] < 1
               and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    return {**scores, "flagged": flagged}


def _report(scores: dict[str, dict]) -> list[str]:
    """Print a table of scores; return the page/category pairs that miss their target."""
    print(f"{'page':<16}" + "".join(f"{name:>16}" for name in CATEGORIES))
    misses = []
    for page, result in scores.items():
        print(f"{page:<16}" + "".join(f"{result[name]:>16}" for name in CATEGORIES))
        for name in CATEGORIES:
            exempt = name == "seo" and page.startswith("bilingual")  # noindex on purpose
            if result[name] < TARGETS[name] and not exempt:
                misses.append(f"{page} {name} {result[name]}: {' '.join(result['flagged'])}")
    for miss in misses:
        print("below target:", miss)
    return misses


if __name__ == "__main__":
    sys.exit(main())
