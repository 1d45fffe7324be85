"""The built site in headless Chromium at phone and desktop widths (about 10 s)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_fixtures import build_site

from site_builder.render import search as render_search

WIDTHS = (360, 1280)
PAGES = {
    "zh-article": ("/news/zh/articles/yiwu-friend-cities/", "义乌国际“朋友圈”扩至51城"),
    "en-article": ("/news/en/articles/yiwu-friend-cities/", "circle of friends"),
    "zh-bilingual": ("/news/zh/articles/yiwu-friend-cities/bilingual/", "Surveying resources"),
    "en-bilingual": ("/news/en/articles/yiwu-friend-cities/bilingual/", "资源摸排是基础"),
    "zh-front": ("/news/zh/", "最新报道"),
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Serve the sample site under /news/ on a free loopback port."""
    root = tmp_path_factory.mktemp("served")
    build_site(root / "build").rename(root / "news")
    yield from _serve(root)


@pytest.fixture(scope="module")
def sharded_server(tmp_path_factory) -> Iterator[str]:
    """Serve the sample site with its search postings cut into dozens of shards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_search, "SHARD_BYTES", 200)
        root = tmp_path_factory.mktemp("sharded")
        build_site(root / "build").rename(root / "news")
    yield from _serve(root)


def _serve(root: Path) -> Iterator[str]:
    """Serve a folder on a free loopback port until the generator is closed."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _resize(driver, width: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600,
    })


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_fits_and_shows_switcher(server, browser, tmp_path, name, width):
    from selenium.webdriver.common.by import By

    path, text = PAGES[name]
    _resize(browser, width)
    browser.get(server + path)
    assert browser.execute_script("return window.innerWidth") == width
    overflow = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"{name} at {width}px scrolls sideways: {overflow}"
    switch = browser.find_element(By.CSS_SELECTOR, "a.switch")
    assert switch.is_displayed()
    box = switch.rect
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert text in browser.find_element(By.TAG_NAME, "body").text
    browser.save_screenshot(str(tmp_path / f"{name}-{width}.png"))


def test_bilingual_view_is_side_by_side_on_desktop_and_stacked_on_phone(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + PAGES["zh-bilingual"][0])
    for width, side_by_side in ((1280, True), (360, False)):
        _resize(browser, width)
        zh, en = browser.find_elements(By.CSS_SELECTOR, ".bilingual .row-head .cell")
        assert (zh.rect["y"] == en.rect["y"]) is side_by_side
        assert (en.rect["x"] > zh.rect["x"]) is side_by_side


def test_search_finds_articles_in_the_browser(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _resize(browser, 1280)
    # 市友城数 cuts across the words jieba would make of 我市友城数量: its pairs still match.
    for lang, query, slug in (("zh", "国际友城", "yiwu-friend-cities"),
                              ("zh", "市友城数", "yiwu-friend-cities"),
                              ("en", "sister citi", "yiwu-friend-cities")):
        browser.get(f"{server}/news/{lang}/search/?q={query}")
        WebDriverWait(browser, 5).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))
        links = [a.get_attribute("href") for a in
                 browser.find_elements(By.CSS_SELECTOR, "#results a")]
        assert links[0] == f"{server}/news/{lang}/articles/{slug}/"
    # 义 and 城 are both in the article, but never side by side: like a phrase, no match.
    browser.get(f"{server}/news/zh/search/?q=义城")
    status = WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "status").text)
    none = browser.find_element(By.CSS_SELECTOR, "form.search").get_attribute("data-none")
    assert status == none and not browser.find_elements(By.CSS_SELECTOR, "#results a")
    browser.get(f"{server}/news/zh/search/?q=%3Cscript%3E")
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "status").text)
    titles = browser.find_element(By.ID, "results").text
    assert "<script>" in titles  # shown as text, never run as markup




def _results(browser, url: str) -> tuple[str, list]:
    """Open a search URL; return the status line and the result items once shown."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    status = WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "status").text)
    return status, browser.find_elements(By.CSS_SELECTOR, "#results li")


def test_search_requires_every_word_and_counts_the_results(server, browser):
    # 义乌 is in three articles, 友城 in two: only one has both (OR would list three)
    status, items = _results(browser, f"{server}/news/zh/search/?q=义乌 友城")
    assert status == "找到 1 篇文章" and len(items) == 1
    assert "yiwu-friend-cities" in items[0].find_element("css selector", "a").get_attribute("href")
    assert "2026年2月3日" in items[0].text  # as every other page writes dates
    # "countries" is in two English articles; "sister" narrows it to one
    status, items = _results(browser, f"{server}/news/en/search/?q=countries")
    assert status == "2 articles found" and len(items) == 2
    status, items = _results(browser, f"{server}/news/en/search/?q=sister%20countries")
    assert status == "1 article found" and "3 February 2026" in items[0].text
    # a stop word is in no posting list: it must not make every query fail
    status, items = _results(browser, f"{server}/news/en/search/?q=the%20sister")
    assert status == "1 article found"


def test_search_marks_matches_in_the_title_and_a_snippet(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _results(browser, f"{server}/news/zh/search/?q=义乌 友城")
    snippet = WebDriverWait(browser, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results .excerpt mark"))
    title = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#results h2 mark")]
    assert title == ["义乌"] and "友城" in {m.text for m in snippet}
    excerpt = browser.find_element(By.CSS_SELECTOR, "#results .excerpt").text
    assert excerpt.startswith("创新体系广结国际友城")  # the text below the title, from the match
    _results(browser, f"{server}/news/en/search/?q=countr")  # a partly typed word
    marks = WebDriverWait(browser, 5).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#results .excerpt mark"))
    assert {m.text for m in marks} == {"countries"}


def test_search_keeps_the_query_in_the_address_while_typing(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{server}/news/zh/search/")
    browser.find_element(By.ID, "q").send_keys("友城")
    WebDriverWait(browser, 5).until(lambda d: "q=" in d.current_url)
    assert urllib.parse.unquote(browser.current_url).endswith("/zh/search/?q=友城")
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "status").text)
    browser.refresh()  # the address alone brings the results back
    status = WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "status").text)
    assert status == "找到 2 篇文章"


def test_search_loads_only_the_shards_of_the_query(sharded_server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    for lang, query, tokens in (("zh", "国际友城", ("国际", "际友", "友城")),
                                ("en", "sister citi", ("sister", "citi"))):
        url = f"{sharded_server}/news/{lang}/search/"
        with urllib.request.urlopen(url + "index.json") as response:
            head = json.load(response)
        wanted = {f"{url}index-{render_search.shard_of(token, head['shards'])}.json?v={head['v']}"
                  for token in tokens}
        assert len(wanted) > 1  # the query's tokens live in different shards
        browser.get(f"{url}?q={query}")
        WebDriverWait(browser, 5).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))
        link = browser.find_element(By.CSS_SELECTOR, "#results a").get_attribute("href")
        assert link == f"{sharded_server}/news/{lang}/articles/yiwu-friend-cities/"
        loaded = browser.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        assert {name for name in loaded if "/index-" in name} == wanted


def test_search_survives_a_rebuild_that_renumbers_the_articles(tmp_path, browser, monkeypatch):
    import dataclasses

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from site_fixtures import make_articles, make_config

    from site_builder.output.write import write_site
    from site_builder.render.site import render_site

    monkeypatch.setattr(render_search, "SHARD_BYTES", 200)
    build_site(tmp_path / "build").rename(tmp_path / "news")
    server = _serve(tmp_path)
    url = f"{next(server)}/news/zh/search/"
    count = json.loads((tmp_path / "news/zh/search/index.json").read_bytes())["shards"]
    first, second = ("资源",), ("国际", "际友", "友城")
    assert {render_search.shard_of(t, count) for t in second} - {
        render_search.shard_of(t, count) for t in first}  # the second query needs a new shard
    browser.get(url + "?q=资源")  # loads the head, and one shard
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))
    # a newer article comes first: every article number moves, under the open page
    zh, en = make_articles()
    zh.insert(0, dataclasses.replace(zh[-1], slug="breaking", date=zh[0].date.replace(day=9)))
    write_site(render_site(make_config(tmp_path / "v2"), zh, en), tmp_path / "news")
    field = browser.find_element(By.ID, "q")
    field.clear()
    field.send_keys("国际友城\n")  # needs shards the page has not loaded yet
    expected = url.replace("search/", "articles/yiwu-friend-cities/")
    first_link = "var a = document.querySelector('#results a'); return a && a.href;"
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(first_link) == expected)
    server.close()
