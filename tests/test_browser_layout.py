"""What the web editor checked in headless Chromium at 360 and 1,280 px: pictures that fit the
screen and never push the text, the front page's lead picture beside its headline, long names
that wrap on a phone, printed headlines broken between their parts (about 15 s)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from argos_fixture import serve_directory
from media_fixtures import write_photo
from site_fixtures import make_articles, make_config

from site_builder.build import build_site
from site_builder.models import Article, Block, Picture, Provenance
from site_builder.render.pictures import resolve_pictures

WIDTHS = (360, 1280)
HEIGHT = 800  # a laptop's screen; a phone's is about as tall
HEADLINE = ("全民健身周末开跑", "三千市民绕城奔跑")  # a printed headline: two parts, one space
LONG = "Internationalfriendshipcitiesprogrammeparticipants"  # MT output can be one long word
STORY = "/news/zh/articles/photo-story/"
# The top of each character of an element's text, in order: the line it was laid out on.
TOPS = """
var tops = [], walker = document.createTreeWalker(arguments[0], NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  var node = walker.currentNode;
  for (var i = 0; i < node.textContent.length; i++) {
    var range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    tops.push(Math.round(range.getBoundingClientRect().top));
  }
}
return tops;
"""
BOX = "var r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];"


def _photo_story(lang: str) -> Article:
    """A web-only story: a lead picture, a long text, then an upright picture far below."""
    words = ("参赛者从福田湿地公园出发，沿江滨绿廊绕城一周。" * 8 if lang == "zh"
             else "The runners set off from the wetland park and ran round the city. " * 8)
    return Article(
        slug="photo-story", lang=lang, date=dt.date(2026, 2, 4),
        title=" ".join(HEADLINE) if lang == "zh" else "Three thousand run round the city",
        image=Picture("lead.jpg", "参赛者冲过终点", "谭礼潇"),
        body=(*(Block("p", words) for _ in range(20)),
              Block("p", '![年龄最小的参赛者](tall.jpg "陈张彪 摄")')),
        tags=() if lang == "zh" else (LONG,),
        translation=None if lang == "zh" else Provenance("translate-zh_en 1.9", 21, 0),
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Serve under /news/ the sample site, a photo story on top, long names in English."""
    root = tmp_path_factory.mktemp("layout")
    write_photo(root / "media" / "lead.jpg", (1700, 1000))
    write_photo(root / "media" / "tall.jpg", (1000, 1400), seed=3)
    config = make_config(root / "site", media_dir=root / "media")  # base_url: …/news/
    zh, en = make_articles()
    en = [replace(a, print_section=f"{LONG}page", column=f"{LONG}column")
          if a.slug == "yiwu-friend-cities" else a for a in en]
    problems: list[str] = []
    zh, en = resolve_pictures(config, [_photo_story("zh"), *zh], [_photo_story("en"), *en],
                              problems, workers=1)
    assert problems == []
    build_site(config, zh, en, config.output_dir, None, workers=1)
    (root / "served").mkdir()
    config.output_dir.rename(root / "served" / "news")
    url, httpd = serve_directory(root / "served")
    yield url.rstrip("/")
    httpd.shutdown()
    httpd.server_close()


def _open(driver, url: str, width: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get(url)
    scroll = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1], f"{url} at {width}px scrolls sideways: {scroll}"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_upright_picture_fits_the_screen_and_holds_its_place_before_it_loads(
        server, browser, width):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_cdp_cmd("Network.enable", {})  # a first visit each time: nothing kept
    browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    _open(browser, server + STORY, width)
    image = browser.find_element(By.CSS_SELECTOR, "figure.tall img")
    assert not browser.execute_script("return arguments[0].complete", image)  # lazy, far below
    before = browser.execute_script(BOX, image)
    browser.execute_script("arguments[0].scrollIntoView()", image)
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return arguments[0].naturalWidth > 0", image))
    after = browser.execute_script(BOX, image)
    assert before[2:] == after[2:] and after[3] > 0  # its box was kept: no text moved
    assert after[3] <= 0.8 * HEIGHT  # the whole picture on the screen at once
    column = browser.find_element(By.CSS_SELECTOR, ".story .body").rect["width"]
    assert after[2] == pytest.approx(column) if width == 360 else after[2] < 0.8 * column


@pytest.mark.parametrize("width", WIDTHS)
def test_the_front_pages_lead_picture_sits_beside_its_words_on_a_desktop(server, browser, width):
    from selenium.webdriver.common.by import By

    _open(browser, server + "/news/zh/", width)
    title = browser.find_element(By.CSS_SELECTOR, ".lead .item-title").rect
    figure = browser.find_element(By.CSS_SELECTOR, ".lead .picture").rect
    excerpt = browser.find_element(By.CSS_SELECTOR, ".lead .excerpt").rect
    if width == 360:  # one column: headline, picture, words
        assert title["y"] + title["height"] <= figure["y"] < excerpt["y"]
    else:  # the words on the left, the picture on the right, side by side
        assert figure["x"] >= title["x"] + title["width"]
        assert figure["y"] <= title["y"] and excerpt["y"] < figure["y"] + figure["height"]


def test_long_names_wrap_within_a_phones_width(server, browser):
    from selenium.webdriver.common.by import By

    pages = {"/news/en/articles/photo-story/": ".tags a",
             "/news/en/editions/2026-02-03/": ".print-pages a",
             "/news/en/columns/": ".term-index a",
             "/news/en/articles/yiwu-friend-cities/": ".kicker a"}
    for path, selector in pages.items():
        _open(browser, server + path, 360)  # fails on any sideways scrolling
        for link in browser.find_elements(By.CSS_SELECTOR, selector):
            assert link.rect["x"] + link.rect["width"] <= 360, (path, link.text)
        assert LONG in browser.find_element(By.CSS_SELECTOR, "main").text, path


@pytest.mark.parametrize("width", WIDTHS)
def test_a_printed_headline_breaks_between_its_parts(server, browser, width):
    from selenium.webdriver.common.by import By

    _open(browser, server + STORY, width)
    tops = browser.execute_script(TOPS, browser.find_element(By.CSS_SELECTOR, "h1.headline"))
    size = len(HEADLINE[0])  # the text: the first part, a space, the second part
    first, second = set(tops[:size]), set(tops[size + 1:])
    assert len(first) == 1 and len(second) == 1, tops  # each part on a line of its own
    assert max(first) < min(second)
