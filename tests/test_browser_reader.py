"""What a reader sees in headless Chromium at 360 and 1,280 px: the section menu, index pages,
the print edition, the footer, Chinese typography and dark mode (about 15 s)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argos_fixture import serve_directory
from site_fixtures import FOOTER, HOSTILE, build_site

WIDTHS = (360, 1280)
ARTICLE = "/news/zh/articles/yiwu-friend-cities/"
CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d]"
# Each element whose own text has CJK characters: its computed font-style.
SLANTED = f"""
var slanted = [];
document.querySelectorAll('body *').forEach(function (el) {{
  var own = Array.prototype.filter.call(el.childNodes, function (n) {{ return n.nodeType === 3; }})
    .map(function (n) {{ return n.textContent; }}).join('');
  if (/{CJK}/.test(own) && getComputedStyle(el).fontStyle !== 'normal')
    slanted.push(el.tagName + '.' + el.className + ': ' + own.trim().slice(0, 20));
}});
return slanted;
"""
# The rendered width of the first occurrence of a character in an element's text.
GLYPH_WIDTH = """
var walker = document.createTreeWalker(arguments[0], NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  var i = walker.currentNode.textContent.indexOf(arguments[1]);
  if (i >= 0) {
    var range = document.createRange();
    range.setStart(walker.currentNode, i);
    range.setEnd(walker.currentNode, i + arguments[1].length);
    return range.getBoundingClientRect().width;
  }
}
return null;
"""
# Every visible element with text of its own: its colour against the background behind it.
CONTRASTS = """
function rgb(text) { return text.match(/[\\d.]+/g).map(Number); }
function lum(c) {
  var v = c.slice(0, 3).map(function (x) {
    x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function behind(el) {
  for (; el; el = el.parentElement) {
    var c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c;
  }
  return [255, 255, 255];
}
var found = [];
document.querySelectorAll('body *').forEach(function (el) {
  var own = Array.prototype.some.call(el.childNodes, function (n) {
    return n.nodeType === 3 && n.textContent.trim(); });
  var box = el.getBoundingClientRect();
  if (!own || box.width < 2 || box.height < 2) return;
  var a = lum(rgb(getComputedStyle(el).color)), b = lum(behind(el));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  found.push([el.tagName + '.' + el.className, Math.round(ratio * 100) / 100, b]);
});
return found;
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Serve the sample site (print pages, a section menu, a footer) under /news/."""
    root = tmp_path_factory.mktemp("reader")
    build_site(root / "build").rename(root / "news")
    url, httpd = serve_directory(root)
    yield url.rstrip("/")
    httpd.shutdown()
    httpd.server_close()


def _open(driver, url: str, width: int, dark: bool = False) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
        {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
    driver.get(url)
    scroll = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll[0] <= scroll[1], f"{url} at {width}px scrolls sideways: {scroll}"


def _texts(driver, selector: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.get_attribute("textContent").strip()
            for e in driver.find_elements(By.CSS_SELECTOR, selector)]


@pytest.mark.parametrize("width", WIDTHS)
def test_section_menu_leads_to_each_section(server, browser, width):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, server + "/news/zh/", width)
    column = "实干论英雄 奋战第一线"
    assert _texts(browser, ".menu a") == ["首页", column, f"栏目 {HOSTILE}", "版面", "全部报道"]
    link = browser.find_element(By.LINK_TEXT, column)
    assert link.is_displayed() and link.rect["x"] >= 0
    assert link.rect["x"] + link.rect["width"] <= width
    link.click()
    column_page = server + "/news/zh/columns/shi-gan-lun-ying-xiong-fen-zhan-di-yi-xian/"
    # a click starts the navigation; wait for the new page (on a busy machine it comes later)
    WebDriverWait(browser, 10).until(lambda driver: driver.current_url == column_page)
    current = browser.find_element(By.CSS_SELECTOR, ".menu [aria-current=page]")
    assert current.text == column
    _open(browser, server + "/news/en/", width)
    assert _texts(browser, ".menu a") == [
        "Home", "Hard work on the front line", f"Column {HOSTILE}", "Print edition", "Archive"]
    # the menu scrolls within itself at 360 px: its last link can be brought into view
    archive = browser.find_element(By.LINK_TEXT, "Archive")
    browser.execute_script("arguments[0].scrollIntoView({inline: 'end'})", archive)
    assert archive.is_displayed() and archive.rect["x"] + archive.rect["width"] <= width + 1
    # the masthead: the newest edition's date, leading to that day's paper, and a search box
    date = browser.find_element(By.CSS_SELECTOR, ".today a")
    assert date.text == "Tuesday, 3 February 2026"
    assert date.get_attribute("href") == server + "/news/en/editions/2026-02-03/"
    field = browser.find_element(By.CSS_SELECTOR, "form.find input[name=q]")
    assert field.is_displayed() and field.rect["width"] >= 90
    field.send_keys("sister\n")
    results = server + "/news/en/search/?q=sister"
    WebDriverWait(browser, 10).until(lambda driver: driver.current_url == results)


@pytest.mark.parametrize("width", WIDTHS)
def test_index_pages_list_every_name_with_its_count(server, browser, width):
    expected = {
        "/news/zh/columns/": {"实干论英雄 奋战第一线": "1"},
        "/news/zh/tags/": {"义乌": "2", "友城": "2"},
        "/news/zh/reporters/": {"魏佳佳": "2", "谭礼潇": "1"},
        "/news/en/tags/": {"Yiwu": "2", "sister cities": "1"},
        "/news/en/reporters/": {"Wei Jiajia": "2", "Tan Lixiao": "1"},
    }
    for path, names in expected.items():
        _open(browser, server + path, width)
        rows = dict(zip(_texts(browser, ".term-index li > a"),
                        (n.split()[0] for n in _texts(browser, ".term-index .n")), strict=True))
        assert {name: rows.get(name) for name in names} == names, path
        assert len(rows) == {"columns": 2, "tags": 3, "reporters": 3}[path.split("/")[3]]
    _open(browser, server + "/news/zh/", width)  # the footer leads to them
    assert _texts(browser, ".footer-links a")[:3] == ["栏目", "标签", "记者"]


@pytest.mark.parametrize("width", WIDTHS)
def test_print_edition_lists_its_pages_and_articles_in_print_order(server, browser, width):
    from selenium.webdriver.common.by import By

    _open(browser, server + ARTICLE, width)
    printed = browser.find_element(By.CSS_SELECTOR, ".printed a")
    assert printed.text == "本文刊于2026年2月3日 第1版"
    printed.click()
    assert browser.current_url == server + "/news/zh/editions/2026-02-03/#page-1"
    pages = browser.find_elements(By.CSS_SELECTOR, "section.print-page")
    titles = [p.find_element(By.CSS_SELECTOR, "h2").text for p in pages]
    assert titles[0] == "第1版 要闻" and titles[1].startswith("第3版 版名<script>")
    links = [[a.get_attribute("pathname") for a in p.find_elements(By.CSS_SELECTOR, "h3 a")]
             for p in pages]
    assert links == [["/news/zh/articles/yiwu-friend-cities/"],
                     ["/news/zh/articles/hostile-content/"]]
    assert pages[0].is_displayed() and pages[0].rect["width"] <= width
    assert "zh-only-story" not in browser.page_source  # web-only: in no edition
    browser.find_element(By.PARTIAL_LINK_TEXT, "前一期").click()
    assert browser.current_url == server + "/news/zh/editions/2026-02-01/"
    assert _texts(browser, ".print-page h2") == ["第2版 综合"]
    _open(browser, server + "/news/en/articles/yiwu-friend-cities/", width)
    assert browser.find_element(By.CSS_SELECTOR, ".printed a").text == (
        "Printed on page 1 of 3 February 2026")
    _open(browser, server + "/news/en/editions/", width)  # the calendar
    days = browser.find_elements(By.CSS_SELECTOR, ".month td a")
    assert [(d.text, d.get_attribute("pathname")) for d in days] == [
        ("1", "/news/en/editions/2026-02-01/"), ("3", "/news/en/editions/2026-02-03/")]
    assert _texts(browser, ".month caption") == ["February 2026"]


@pytest.mark.parametrize("width", WIDTHS)
def test_footer_links_the_registries(server, browser, width):
    from selenium.webdriver.common.by import By

    for lang in ("zh", "en"):
        _open(browser, f"{server}/news/{lang}/", width)
        icp = browser.find_element(By.CSS_SELECTOR, ".footer a.icp")
        browser.execute_script("arguments[0].scrollIntoView()", icp)
        assert icp.text == FOOTER.icp and icp.is_displayed()
        assert icp.get_attribute("href") == "https://beian.miit.gov.cn/"
        assert "noopener" in icp.get_attribute("rel").split()
        assert icp.rect["x"] >= 0 and icp.rect["x"] + icp.rect["width"] <= width
        police = browser.find_element(By.CSS_SELECTOR, ".footer a.police")
        assert police.get_attribute("href") == (
            "https://beian.mps.gov.cn/#/query/webSearch?code=33078202000123")
        assert FOOTER.contact[lang] in browser.find_element(By.CSS_SELECTOR, ".footer").text


@pytest.mark.parametrize("width", WIDTHS)
def test_chinese_quotes_and_dashes_are_full_width(server, browser, width):
    from selenium.webdriver.common.by import By

    _open(browser, server + ARTICLE, width)
    headline = browser.find_element(By.CSS_SELECTOR, "h1.headline")
    han = browser.execute_script(GLYPH_WIDTH, headline, "朋")
    for quote in ("“", "”"):
        assert browser.execute_script(GLYPH_WIDTH, headline, quote) >= 0.9 * han, quote
    paragraph = browser.find_element(By.CSS_SELECTOR, ".body p")  # in the text face
    browser.execute_script("arguments[0].append('总结——“展望”')", paragraph)
    text = browser.execute_script(GLYPH_WIDTH, paragraph, "展")
    assert browser.execute_script(GLYPH_WIDTH, paragraph, "“") >= 0.9 * text
    assert browser.execute_script(GLYPH_WIDTH, paragraph, "——") >= 1.8 * text
    # English keeps its own, narrow quotes
    _open(browser, server + "/news/en/articles/hostile-content/", width)
    body = browser.find_element(By.CSS_SELECTOR, ".body p")
    browser.execute_script("arguments[0].append(' “quoted” W')", body)
    assert browser.execute_script(GLYPH_WIDTH, body, "“") < 0.6 * browser.execute_script(
        GLYPH_WIDTH, body, "W")


@pytest.mark.parametrize("path", [
    ARTICLE, "/news/zh/articles/continued-fragment/", "/news/zh/",
    "/news/zh/articles/yiwu-friend-cities/bilingual/", "/news/en/articles/yiwu-friend-cities/",
    "/news/zh/editions/2026-02-01/", "/news/en/editions/2026-02-01/", "/news/zh/tags/",
])
def test_no_chinese_is_slanted(server, browser, path):
    from selenium.webdriver.common.by import By

    _open(browser, server + path, 1280)
    # what Markdown bodies give for *emphasis* and what editors paste
    for p in browser.find_elements(By.CSS_SELECTOR, "[lang|=zh] p, p:lang(zh)")[:1]:
        marks = "<em>强调</em><i>书名</i><cite>引用</cite>"
        browser.execute_script("arguments[0].insertAdjacentHTML('beforeend', arguments[1])",
                               p, marks)
    assert browser.execute_script(SLANTED) == []
    if "continued-fragment" in path:  # a made-up headline and (上接第一版), both once italic
        assert len(browser.find_elements(By.CSS_SELECTOR, ".headline.inferred, .continued")) == 3


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("path", [ARTICLE, "/news/en/editions/2026-02-03/", "/news/zh/editions/"])
def test_text_contrast_in_light_and_dark(server, browser, path, dark):
    _open(browser, server + path, 360, dark=dark)
    background = browser.execute_script(
        "return getComputedStyle(document.body).backgroundColor")
    level = sum(int(x) for x in background[background.index("(") + 1:-1].split(",")[:3])
    assert (level < 150) is dark, background  # dark mode turns the page dark, and only it
    found = browser.execute_script(CONTRASTS)
    assert len(found) > 20
    low = [(name, ratio) for name, ratio, _ in found if ratio < 4.5]
    assert low == []
