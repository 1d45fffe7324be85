"""Take the README's screenshots: the demo's front page and lead article, zh/en, 360/1,280 px.

Builds the demo (bench/demo.py: English from the tiny random test model, so it reads as
nonsense), serves it on localhost and saves docs/<page>-<lang>-<width>.png from headless
Chromium with the system's fonts (install fonts-noto-cjk for the Chinese). Then the same demo
as a paper runs it (bench/paper.py: print pages, drawn pictures): docs/paper-front-zh-1280.png,
paper-article-zh-360.png and paper-edition-zh-1280.png.

Run: .venv/bin/python bench/screenshots.py [--out docs] [--dark]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import ROOT, build_demo, serve  # noqa: E402 - lives next to this file
from helpers import start_chromium  # noqa: E402 - tests/, put on the path by demo
from paper import EDITION, STORY  # noqa: E402 - lives next to this file

SIZES = {360: 760, 1280: 900}  # width -> height of the window
# The paper's pages, name -> (path, width): its front, a story with pictures, a day's paper
PAPER = {"paper-front-zh-1280": ("/zh/", 1280),
         "paper-article-zh-360": (f"/zh/articles/{STORY}/", 360),
         "paper-edition-zh-1280": ("/zh/" + EDITION, 1280)}


def main() -> None:
    """Build and serve the demo, then photograph its pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--dark", action="store_true", help="as under prefers-color-scheme: dark")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        demo = build_demo(Path(temp) / "demo")
        paper = build_demo(Path(temp) / "paper", paper=True)
        driver = start_chromium(Path(temp) / "profile")
        try:
            with serve(demo) as url:
                shots = list(_shoot(driver, url, args.out, args.dark))
            with serve(paper) as url:
                shots += _shoot_paper(driver, url, args.out, args.dark)
        finally:
            driver.quit()
    for path in shots:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def _shoot(driver, url: str, out: Path, dark: bool):  # noqa: ANN001 - a selenium driver
    """Save each page at each width; yield the files written."""
    if dark:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    driver.get(f"{url}/zh/")
    lead = driver.execute_script("return document.querySelector('.item-title a').pathname")
    pages = {"front": "/{lang}/", "article": lead.replace("/zh/", "/{lang}/", 1)}
    suffix = "-dark" if dark else ""
    for name, path in pages.items():
        for lang in ("zh", "en"):
            for width in SIZES:
                yield _save(driver, url + path.format(lang=lang), width,
                            out / f"{name}-{lang}-{width}{suffix}.png")


def _shoot_paper(driver, url: str, out: Path, dark: bool) -> list[Path]:  # noqa: ANN001
    """Save the paper's pages, each at its one width; return the files written."""
    suffix = "-dark" if dark else ""
    return [_save(driver, url + path, width, out / f"{name}{suffix}.png")
            for name, (path, width) in PAPER.items()]


def _save(driver, url: str, width: int, file: Path) -> Path:  # noqa: ANN001 - a selenium driver
    """Open url in a window `width` px wide and save what it shows."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": SIZES[width], "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})  # as on a phone
    driver.get(url)
    file.write_bytes(driver.get_screenshot_as_png())
    return file


if __name__ == "__main__":
    main()
