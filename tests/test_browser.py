"""The built site in headless Chromium at phone and desktop widths (about 10 s)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from site_fixtures import build_site

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
    for lang, query, slug in (("zh", "国际友城", "yiwu-friend-cities"),
                              ("en", "sister citi", "yiwu-friend-cities")):
        browser.get(f"{server}/news/{lang}/search/?q={query}")
        WebDriverWait(browser, 5).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))
        links = [a.get_attribute("href") for a in
                 browser.find_elements(By.CSS_SELECTOR, "#results a")]
        assert links[0] == f"{server}/news/{lang}/articles/{slug}/"
    browser.get(f"{server}/news/zh/search/?q=%3Cscript%3E")
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.ID, "status").text)
    titles = browser.find_element(By.ID, "results").text
    assert "<script>" in titles  # shown as text, never run as markup


