"""Golden files: sitemaps, feeds, robots.txt and an article's markup, compared byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_render_golden.py`
and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from site_fixtures import build_site

GOLDEN = Path(__file__).parent / "golden" / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("golden"), "https://example.org/news/")


def _check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def _article_element(html: str) -> str:
    match = re.search(r"<article .*?</article>\n", html, re.S)
    assert match, "no <article> element"
    return match.group(0)


@pytest.mark.parametrize("name", ["sitemap.xml", "news-sitemap.xml", "robots.txt",
                                  "zh/feed.xml", "en/feed.xml"])
def test_machine_read_file_matches_golden(site, name):
    _check(name.replace("/", "-"), (site / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_article_markup_matches_golden(site, lang):
    html = (site / f"{lang}/articles/yiwu-friend-cities/index.html").read_text(encoding="utf-8")
    _check(f"article-{lang}.html", _article_element(html))
