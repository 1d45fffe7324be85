"""Shared by several test files: a fast site.toml for the tiny model, a one-page site, and
headless Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # without these Chromium keeps dialling Google's hosts, which this offline machine refuses
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)
# The tiny model at full decoding length takes half a minute for a page; this takes seconds.
FAST_TRANSLATION = """
[translation]
beam_size = 1
inter_threads = 1
intra_threads = 1
compute_type = "float32"
max_batch_tokens = 256
max_decoding_length = 6
max_segment_chars = 60
"""


def site_toml(base_url: str = "http://127.0.0.1:8000/") -> str:
    """A minimal site.toml with fast translation settings."""
    return f'[site]\ntitle = "T"\nbase_url = "{base_url}"\n{FAST_TRANSLATION}'


def start_chromium(profile: Path):
    """Headless Chromium through chromedriver, with a fresh profile and no network chatter."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def make_site(root: Path) -> Path:
    """A site of one good print page dated by site.toml, nothing built: its folder."""
    (root / "seeds").mkdir(parents=True)
    page = Path(__file__).resolve().parent / "bad" / "good_page.txt"
    shutil.copy(page, root / "seeds" / "page.txt")
    (root / "site.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "http://127.0.0.1:8000/"\ndate = 2026-03-05\n',
        encoding="utf-8",
    )
    return root
