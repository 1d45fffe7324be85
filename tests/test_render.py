"""The rendered site: layout, pairing, escaping, links, feeds and sitemaps."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import feedparser
import pytest
from site_fixtures import HOSTILE, MODEL, build_site

from site_builder.render.search import shard_of

BASE = "https://example.org/news/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# The footer's only links off the site: the ICP and police registries
REGISTRIES = ("https://beian.miit.gov.cn/",
              "https://beian.mps.gov.cn/#/query/webSearch?code=33078202000123")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"), BASE)


class _Collector(HTMLParser):
    """Collect tags with their attributes and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.scripts.append(data)


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def alternates(page: _Collector) -> dict[str, str]:
    return {a["hreflang"]: a["href"] for t, a in page.tags
            if t == "link" and a.get("rel") == "alternate" and "hreflang" in a}


def test_url_layout(site):
    for path in ("index.html", "404.html", "zh/404.html", "en/404.html", "zh/index.html",
                 "en/index.html", "zh/archive/index.html", "zh/archive/page/2/index.html",
                 "zh/articles/yiwu-friend-cities/index.html",
                 "en/articles/yiwu-friend-cities/bilingual/index.html",
                 "zh/articles/yiwu-friend-cities/bilingual/index.html",
                 "zh/columns/shi-gan-lun-ying-xiong-fen-zhan-di-yi-xian/index.html",
                 "en/tags/you-cheng/index.html", "zh/reporters/wei-jia-jia/index.html",
                 "en/reporters/tan-li-xiao/index.html", "zh/search/index.html",
                 "en/search/index.json", "en/search/index-0.json", "zh/feed.xml", "sitemap.xml",
                 "news-sitemap.xml", "robots.txt", "assets/style.css", "assets/search.js"):
        assert (site / path).is_file(), path
    # A zh article without an English twin has no English page and no bilingual view.
    assert (site / "zh/articles/zh-only-story/index.html").is_file()
    assert not (site / "en/articles/zh-only-story").exists()
    assert not (site / "zh/articles/zh-only-story/bilingual").exists()


def test_hostile_text_is_escaped_in_every_html_page(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<b>bold" not in html, path
        assert 'href="javascript' not in html, path
    html = (site / "zh/articles/hostile-content/index.html").read_text(encoding="utf-8")
    # the body is Markdown: raw HTML shown as text, the javascript: link loses its address
    assert "正文 &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; <span>a</span></p>" in html


def test_json_ld_is_safe_and_complete(site):
    for lang in ("zh", "en"):
        page = parse(site / f"{lang}/articles/hostile-content/index.html")
        (script,) = page.scripts
        assert "</" not in script and "<" not in script
        data = json.loads(script)
        assert data["@type"] == "NewsArticle"
        assert data["inLanguage"] == lang
        assert data["datePublished"] == "2026-02-03"
        assert HOSTILE in data["headline"]
        assert HOSTILE in data["author"][0]["name"]
        assert data["publisher"]["name"].startswith(("义乌新闻", "Yiwu News"))
    en = json.loads(parse(site / "en/articles/hostile-content/index.html").scripts[0])
    assert en["translationOfWork"]["@id"] == BASE + "zh/articles/hostile-content/"


def test_twins_link_each_other_both_ways(site):
    for slug in ("yiwu-friend-cities", "hostile-content", "continued-fragment"):
        for kind in ("articles/{}/", "articles/{}/bilingual/"):
            path = kind.format(slug)
            zh, en = (alternates(parse(site / lang / path / "index.html")) for lang in ("zh", "en"))
            assert zh == en == {"zh": BASE + "zh/" + path, "en": BASE + "en/" + path,
                                "x-default": BASE + "zh/" + path}
        zh_page = parse(site / f"zh/articles/{slug}/index.html")
        switch = [a for t, a in zh_page.tags if t == "a" and "switch" in a.get("class", "")]
        assert switch[0]["href"] == f"/news/en/articles/{slug}/"
        html = (site / f"zh/articles/{slug}/index.html").read_text(encoding="utf-8")
        assert f'href="/news/zh/articles/{slug}/bilingual/"' in html
    lone = alternates(parse(site / "zh/articles/zh-only-story/index.html"))
    assert lone == {}


def test_every_zh_article_with_a_twin_is_paired(site):
    zh = {p.parent.name for p in (site / "zh/articles").glob("*/index.html")}
    en = {p.parent.name for p in (site / "en/articles").glob("*/index.html")}
    assert en == zh - {"zh-only-story"}


def test_english_pages_show_provenance_and_mark_machine_translation(site):
    html = (site / "en/articles/yiwu-friend-cities/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert f"Machine-translated from Chinese by {MODEL}." in html
    assert "reviewed 2 of 5 segments" in html
    assert 'href="/news/zh/articles/yiwu-friend-cities/"' in html
    assert '<article class="story" lang="en-x-mtfrom-zh" data-translation="machine">' in html
    reviewed = (site / "en/articles/hostile-content/index.html").read_text(encoding="utf-8")
    assert '<article class="story">' in reviewed
    assert "reviewed the whole translation" in reviewed
    zh = (site / "zh/articles/yiwu-friend-cities/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in zh and "Machine-translated" not in zh


def test_article_page_shows_every_part(site):
    html = (site / "zh/articles/yiwu-friend-cities/index.html").read_text(encoding="utf-8")
    for text in ("义乌国际“朋友圈”扩至51城", "创新体系广结国际友城", "实干论英雄 奋战第一线",
                 "魏佳佳", "谭礼潇", "制图：张三", "2026年2月3日",
                 '<span class="dateline">本报讯</span>',
                 "<h2>资源摸排是基础</h2>", "扫一扫二维码", 'rel="tag"', "约 1 分钟读完"):
        assert text in html, text
    assert 'href="/news/zh/reporters/wei-jia-jia/"' in html
    fragment = (site / "zh/articles/continued-fragment/index.html").read_text(encoding="utf-8")
    assert "（上接第一版）" in fragment and "（下转第二版）" in fragment
    assert 'class="headline inferred"' in fragment


def test_bilingual_view_pairs_paragraphs(site):
    html = (site / "en/articles/yiwu-friend-cities/bilingual/index.html").read_text("utf-8")
    rows = re.findall(r'<div class="row">(.*?)\n  </div>', html, re.S)
    assert len(rows) == 3
    assert "资源摸排是基础" in rows[1] and "Surveying resources is the basis" in rows[1]
    assert 'lang="en-x-mtfrom-zh"' in rows[0]
    assert '<meta name="robots" content="noindex, follow">' in html


def test_internal_links_and_assets_resolve(site):
    checked = 0
    for path in site.rglob("*.html"):
        for _tag, attrs in parse(path).tags:
            for name in ("href", "src"):
                url = attrs.get(name, "")
                if url.startswith(BASE):
                    url = "/news/" + url[len(BASE):]
                if not url or url.startswith("#") or url in REGISTRIES:
                    continue
                assert url.startswith("/news/"), (path, url)
                target = site / urlsplit(url).path[len("/news/"):]
                assert target.is_file() or (target / "index.html").is_file(), (path, url)
                checked += 1
    assert checked > 500


def test_tag_pages_are_translated_and_paired(site):
    zh = (site / "zh/tags/you-cheng/index.html").read_text(encoding="utf-8")
    en = (site / "en/tags/you-cheng/index.html").read_text(encoding="utf-8")
    assert "友城" in zh and "sister cities" in en
    assert "zh-only-story" in zh and "zh-only-story" not in en
    assert alternates(parse(site / "zh/tags/you-cheng/index.html"))["en"] == (
        BASE + "en/tags/you-cheng/")
    people = (site / "en/reporters/wei-jia-jia/index.html").read_text(encoding="utf-8")
    assert "Wei Jiajia" in people and "continued-fragment" in people


def test_archive_is_paginated_and_grouped_by_date(site):
    first = (site / "zh/archive/index.html").read_text(encoding="utf-8")
    second = (site / "zh/archive/page/2/index.html").read_text(encoding="utf-8")
    assert first.count('class="day"') == 1 and "2026年2月3日" in first
    assert second.count('class="day"') == 2 and 'rel="prev" href="/news/zh/archive/"' in second
    assert 'rel="next" href="/news/zh/archive/page/2/"' in first
    front = (site / "zh/index.html").read_text(encoding="utf-8")
    # Newest first, then page order: the lead story of 3 February comes first.
    assert front.index("yiwu-friend-cities") < front.index("hostile-content")


def test_feeds_parse_without_errors(site):
    for lang, count in (("zh", 4), ("en", 3)):
        feed = feedparser.parse((site / f"{lang}/feed.xml").read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert len(feed.entries) == count
        assert feed.entries[0].link == f"{BASE}{lang}/articles/yiwu-friend-cities/"
    en = feedparser.parse((site / "en/feed.xml").read_bytes())
    hostile = [e for e in en.entries if "hostile" in e.link][0]
    assert hostile.title == f"Title {HOSTILE}"


def test_sitemap_alternates_are_reciprocal(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {
        url.find(f"{SM}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SM}url")
    }
    assert BASE + "zh/articles/yiwu-friend-cities/" in entries
    assert BASE + "zh/articles/yiwu-friend-cities/bilingual/" not in entries
    paired = 0
    for loc, links in entries.items():
        for lang in ("zh", "en"):
            if lang in links:
                assert entries[links[lang]] == links, loc
                paired += 1
    assert paired > 20
    assert entries[BASE + "zh/articles/zh-only-story/"] == {}


def test_news_sitemap_counts_from_the_newest_article(site):
    root = ET.parse(site / "news-sitemap.xml").getroot()
    locs = {url.find(f"{SM}loc").text for url in root.findall(f"{SM}url")}
    assert BASE + "zh/articles/continued-fragment/" in locs  # two days before the newest
    assert BASE + "en/articles/hostile-content/" in locs
    assert BASE + "zh/articles/zh-only-story/" not in locs  # two weeks older


def test_robots_points_at_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def read_search_index(folder: Path) -> dict:
    """Return a language's search head with the postings of all its shards as "index"."""
    head = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    head["index"] = {}
    for number in range(head["shards"]):
        shard = json.loads((folder / f"index-{number}.json").read_text(encoding="utf-8"))
        assert shard["v"] == head["v"]
        assert {shard_of(token, head["shards"]) for token in shard["index"]} <= {number}
        head["index"].update(shard["index"])
    return head


def test_search_index_holds_tokens_and_escaped_docs(site):
    zh, en = read_search_index(site / "zh/search"), read_search_index(site / "en/search")
    assert zh["shards"] == en["shards"] == 1  # a small site: one file of postings
    for path in (site / "zh/search").glob("*.json"):
        assert "<" not in path.read_text(encoding="utf-8")
    slugs = [doc[0] for doc in zh["docs"]]
    assert [slugs[i] for i in zh["index"]["友城"]] == ["yiwu-friend-cities", "zh-only-story"]
    assert [slugs[i] for i in zh["index"]["际友"]] == ["yiwu-friend-cities"]  # 国际友城
    assert "友" in zh["index"] and "城友" not in zh["index"]
    assert en["docs"][en["index"]["sister"][0]][0] == "yiwu-friend-cities"
    assert "the" not in en["index"]
    assert any(HOSTILE in doc[1] for doc in zh["docs"])
