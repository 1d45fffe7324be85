"""Hostile text from seeds and from an editor's file: shown as text, never run, and feeds,
JSON-LD, sitemaps and the search index stay valid."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import polib
import pytest
from helpers import site_toml

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.translate.articles import ArgosTranslator

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
# min_tag_articles = 1: the hostile tag is on one article only, and must still be shown escaped
SITE_TOML = site_toml("https://example.org/news/").replace(
    "[site]\n", "[site]\nmin_tag_articles = 1\n")
EDITOR_TITLE = "编者按<script>alert(1)</script>\u202e<!--x-->\u200b"
EDITOR_FILE = f"""---
slug: "editor-hostile"
lang: "zh"
title: {json.dumps(EDITOR_TITLE, ensure_ascii=False)}
date: 2026-03-05
tags: ["</script><script>alert(2)</script>", "义乌"]
reporters: ["<img src=x onerror=alert(3)>"]
---

正文<a href="javascript:alert(4)" onclick="alert(5)">点我</a>，[链接](javascript:alert(6))。

![图](javascript:alert(7)) <!-- 注释 --> <svg onload=alert(8)>

<script>alert(9)</script>

[大写](JaVaScRiPt:alert(10))、[实体](java&#115;cript:alert(11))、[换行](java
script:alert(12))、[vb](vbscript:msgbox(13))、[数据](data:text/html;base64,PHNjcmlwdD4=)、
[引用][evil]、<javascript:alert(14)>、[正常](https://example.org/ok)。注[^1]

![数据图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTUpPg==)

[evil]: javascript:alert(16)
[^1]: 注释里的[链接](javascript:alert(17))。

```
<script>alert(18)</script>
```
"""
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


class _Audit(HTMLParser):
    """Collect what could run in a browser: scripts, on* attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.comments: list[str] = []
        self.ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
            self._in_ld = attributes.get("type") == "application/ld+json"
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value and \
                    "".join(value.split()).lower().startswith(("javascript:", "data:")):
                self.js_urls.append(value)

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_comment(self, data):
        self.comments.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory, installed_argos) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "site"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(TESTS / "bad" / "hostile_page.txt", root / "seeds" / "hostile_page.txt")
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    (root / "content" / "zh").mkdir(parents=True)
    (root / "content" / "zh" / "editor-hostile.md").write_text(EDITOR_FILE, encoding="utf-8")
    config = load_config(root / "site.toml")
    options = BuildOptions(
        allow_download=False,
        load_translator=lambda: ArgosTranslator(installed_argos, config.translation),
    )
    report = build(config, options)
    assert not report.problems and report.articles == 3
    return root


def html_files(site: Path) -> list[Path]:
    return sorted((site / "public").rglob("*.html"))


def test_nothing_in_any_page_can_run(site):
    allowed = {"application/ld+json"}
    for path in html_files(site):
        audit = _Audit()
        audit.feed(path.read_text(encoding="utf-8"))
        for script in audit.scripts:  # only the templates' own scripts
            assert script.get("type") in allowed or (script.get("src") or "").startswith(
                "/news/assets/"), (path, script)
        assert audit.handlers == [], path
        assert audit.js_urls == [], path
        assert not any("注释" in c or c.strip() == "x" for c in audit.comments), path
        for data in audit.ld:
            json.loads(data)


def test_hostile_text_is_shown_as_text(site):
    page = (site / "public/zh/articles/editor-hostile/index.html").read_text(encoding="utf-8")
    assert "编者按&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;a href=&#34;javascript:alert(4)&#34;" in page or \
        "&lt;a href=&quot;javascript:alert(4)&quot;" in page
    # Markdown links keep their text and lose an address that could run code
    for text in ("链接", "大写", "实体", "换行", "vb", "数据", "引用"):
        assert f"<span>{text}</span>" in page, text
    assert '<a href="https://example.org/ok">正常</a>' in page
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in page  # raw HTML is text
    assert "<code>&lt;script&gt;alert(18)&lt;/script&gt;" in page
    assert "&lt;!-- 注释 --&gt;" in page and "&lt;svg onload=alert(8)&gt;" in page
    seeded = [p for p in html_files(site) if "/zh/articles/shangmaocheng" in p.as_posix()]
    assert seeded and "&lt;script&gt;alert(" in seeded[0].read_text(encoding="utf-8")


def test_seed_text_loses_invisible_and_bidi_controls(site):
    for path in (site / "content" / "zh").glob("*.md"):
        if path.name != "editor-hostile.md":  # an editor's own file is theirs
            text = path.read_text(encoding="utf-8")
            assert not any(char in text for char in INVISIBLE), path.name


def test_json_ld_keeps_the_exact_title(site):
    audit = _Audit()
    audit.feed((site / "public/zh/articles/editor-hostile/index.html").read_text(encoding="utf-8"))
    (data,) = [json.loads(text) for text in audit.ld]
    assert data["headline"] == EDITOR_TITLE
    assert data["keywords"][0] == "</script><script>alert(2)</script>"


def test_feeds_sitemaps_and_search_index_stay_valid(site):
    public = site / "public"
    for lang in ("zh", "en"):
        feed = feedparser.parse((public / lang / "feed.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == 3
        head = json.loads((public / lang / "search/index.json").read_text(encoding="utf-8"))
        assert len(head["docs"]) == 3
        for number in range(head["shards"]):
            shard = public / lang / f"search/index-{number}.json"
            assert json.loads(shard.read_text(encoding="utf-8"))["v"] == head["v"]
    titles = [e.title for e in feedparser.parse((public / "zh/feed.xml").read_bytes()).entries]
    assert any("<script>alert(1)</script>" in t for t in titles)
    for name in ("sitemap.xml", "news-sitemap.xml"):
        ET.fromstring((public / name).read_bytes())


LIVE = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input",
        "button", "link", "meta", "base", "frame", "frameset"}


def text_of(html: str) -> str:
    """Return the text of a feed body's HTML, checking that nothing in it could run."""
    audit = _Audit()
    text: list[str] = []
    audit.handle_data = text.append
    tags: list[str] = []
    audit.handle_starttag = lambda tag, attrs, start=audit.handle_starttag: (
        tags.append(tag), start(tag, attrs))
    audit.feed(html)
    assert not LIVE & set(tags) and audit.scripts == [], html
    assert audit.handlers == [] and audit.js_urls == [] and audit.comments == [], html
    return "".join(text)


def test_feed_bodies_carry_hostile_text_as_text(site):
    atom = "{http://www.w3.org/2005/Atom}"
    seeded = "</script><script>alert('跳出')</script>"
    for lang in ("zh", "en"):
        data = (site / "public" / lang / "feed.xml").read_bytes()
        bodies = ET.fromstring(data).findall(f"{atom}entry/{atom}content")  # as raw XML
        assert len(bodies) == 3 and all(body.get("type") == "html" for body in bodies)
        shown = [text_of(body.text) for body in bodies]  # the HTML a feed reader gets
        parsed = feedparser.parse(data)  # a real reader, whose sanitiser would strip live markup
        assert [text_of(entry.content[0].value) for entry in parsed.entries] == shown
        if lang == "zh":  # the seed's raw HTML arrives as the text it was
            assert any(seeded in text and "]]><x>" in text and "&amp" in text for text in shown)
            assert any('<a href="javascript:alert(4)" onclick="alert(5)">' in text
                       for text in shown)


def test_no_msgid_holds_an_address(site):
    msgids = [entry.msgid for path in (site / "translations" / "en").glob("*.po")
              for entry in polib.pofile(str(path))]
    assert any("[链接](1)" in msgid for msgid in msgids)
    for msgid in msgids:
        assert not any(part in msgid for part in ("://", "data:", "base64", "alert(6)")), msgid
