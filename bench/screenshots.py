"""Take the README's screenshots: the demo's front page and lead article, zh/en, 360/1,280 px.

Builds the demo (bench/demo.py: English from the tiny random test model, so it reads as
nonsense), serves it on localhost and saves docs/<page>-<lang>-<width>.png from headless
Chromium with the system's fonts (install fonts-noto-cjk for the Chinese).

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

SIZES = {360: 760, 1280: 900}  # width -> height of the window


def main() -> None:
    """Build and serve the demo, then photograph its pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--dark", action="store_true", help="as under prefers-color-scheme: dark")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        public = build_demo(Path(temp) / "demo")
        with serve(public) as url:
            driver = start_chromium(Path(temp) / "profile")
            try:
                for path in _shoot(driver, url, args.out, args.dark):
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            finally:
                driver.quit()


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
            for width, height in SIZES.items():
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                    "width": width, "height": height, "deviceScaleFactor": 1,
                    "mobile": width < 600})
                driver.get(url + path.format(lang=lang))
                file = out / f"{name}-{lang}-{width}{suffix}.png"
                file.write_bytes(driver.get_screenshot_as_png())
                yield file


if __name__ == "__main__":
    main()
