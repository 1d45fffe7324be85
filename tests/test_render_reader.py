"""The reader's furniture, rendered: print editions, index pages, the masthead, footer and icons."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import logging
import re
from pathlib import Path

from PIL import Image
from site_fixtures import make_articles, make_config

from site_builder.config import Footer
from site_builder.models import Article, Block
from site_builder.output.write import write_site
from site_builder.render.catalog import build_edition
from site_builder.render.chrome import make_chrome
from site_builder.render.editions import print_days
from site_builder.render.icons import ACCENT, make_icons
from site_builder.render.indexes import index_entries
from site_builder.render.site import render_site

DAY = dt.date(2026, 2, 2)


def _article(slug: str, lang: str = "zh", date: dt.date = DAY, page: int | None = 1,
             line: int = 1, section: str | None = "要闻", **fields) -> Article:
    return Article(slug=slug, lang=lang, title=f"{slug} {lang}", date=date,
                   body=(Block("p", "正文。"),), print_page=page, print_section=section,
                   source=f"20260202_0{page or 0}.txt:{line}-{line + 5}", **fields)


def _twin(article: Article, **fields) -> Article:
    return dataclasses.replace(article, lang="en", title=f"{article.slug} en", **fields)


def _build(tmp_path: Path, zh: list[Article], en: list[Article], **extra) -> Path:
    config = make_config(tmp_path, **extra)
    write_site(render_site(config, zh, en), config.output_dir)
    return config.output_dir


def test_a_day_lists_its_pages_in_order_and_each_page_its_articles_in_print_order():
    third_late = _article("third-late", page=3, line=40, section="国际")
    third_early = _article("third-early", page=3, line=2, section="国际")
    front = _article("front", page=1)
    web = _article("web-only", page=None, section=None)
    older = _article("older", date=DAY - dt.timedelta(days=1), page=2, section=None)
    edition = build_edition([third_late, web, older, front, third_early], [])
    (day, before) = print_days(edition, "zh")
    assert day.date == DAY and before.date == DAY - dt.timedelta(days=1)
    assert [(p.number, p.section) for p in day.pages] == [(1, "要闻"), (3, "国际")]
    assert [[a.slug for a in p.articles] for p in day.pages] == [
        ["front"], ["third-early", "third-late"]]
    assert [(p.number, p.section) for p in before.pages] == [(2, None)]


def test_the_english_edition_shows_twins_and_the_untranslated_in_chinese():
    one, two = _article("one", line=1), _article("two", line=9)
    lone = _article("lone", date=DAY - dt.timedelta(days=1))  # a day with nothing translated
    edition = build_edition([one, two, lone], [_twin(one)])
    (day,) = print_days(edition, "en")  # no English day for `lone`
    (page,) = day.pages
    assert [(a.slug, a.lang) for a in page.articles] == [("one", "en"), ("two", "zh")]
    assert (page.section, page.section_lang) == ("要闻", "zh")  # not translated: shown as is
    edition = build_edition([one], [_twin(one, print_section="News")])
    assert print_days(edition, "en")[0].pages[0].section == "News"


def test_edition_pages_are_paired_dated_and_linked_from_their_articles(tmp_path):
    one = _article("one")
    site = _build(tmp_path, [one, _article("two", line=9, page=2, section="<b>综合</b>")],
                  [_twin(one)])
    zh = (site / "zh/editions/2026-02-02/index.html").read_text(encoding="utf-8")
    en = (site / "en/editions/2026-02-02/index.html").read_text(encoding="utf-8")
    assert "<title>2026年2月2日 版面 · " in zh and "<title>Print edition of 2 February 2026" in en
    description = "2026年2月2日 版面：第1版 要闻、第2版 &lt;b&gt;综合"
    assert f'<meta name="description" content="{description}' in zh
    assert re.search(r'<h2 class="print-page-title">第2版 <span class="section">&lt;b&gt;', zh)
    assert 'hreflang="en" href="https://example.org/news/en/editions/2026-02-02/"' in zh
    # the untranslated article, in the English edition: in Chinese, linking the Chinese page
    assert re.search(r'<li class="item" lang="zh-Hans">.*?<a href="/news/zh/articles/two/"'
                     r' hreflang="zh">two zh</a>', en, re.S)
    article = (site / "zh/articles/one/index.html").read_text(encoding="utf-8")
    assert ('<a href="/news/zh/editions/2026-02-02/#page-1">本文刊于2026年2月2日 第1版</a>'
            in article)
    web = _build(tmp_path / "web", [_article("web", page=None)], [])
    assert "printed" not in (web / "zh/articles/web/index.html").read_text(encoding="utf-8")
    assert not (web / "zh/editions").exists()


def test_the_calendar_has_a_page_per_year_the_newest_first(tmp_path):
    new, old = _article("new"), _article("old", date=dt.date(2025, 12, 31))
    site = _build(tmp_path, [new, old], [])
    newest = (site / "zh/editions/index.html").read_text(encoding="utf-8")
    past = (site / "zh/editions/2025/index.html").read_text(encoding="utf-8")
    assert "<caption>2026年2月</caption>" in newest and "2025年12月" not in newest
    assert "<caption>2025年12月</caption>" in past
    assert 'href="/news/zh/editions/2025-12-31/" aria-label="2025年12月31日 版面">31</a>' in past
    day = (site / "zh/editions/2025-12-31/index.html").read_text(encoding="utf-8")
    assert 'href="/news/zh/editions/2025/">往期版面</a>' in day
    assert 'href="/news/zh/editions/2026-02-02/">← 后一期</a>' in day


def test_index_entries_count_articles_per_language_in_reading_order():
    zh, en = make_articles()
    edition = build_edition(zh, en)
    zh_tags = {e.name: e.count for e in index_entries(edition, "tags", "zh")}
    assert zh_tags["友城"] == 2 and zh_tags["义乌"] == 2
    en_tags = index_entries(edition, "tags", "en")
    assert [e.name for e in en_tags] == sorted((e.name for e in en_tags), key=str.casefold)
    assert {e.name: e.count for e in en_tags}["sister cities"] == 1  # zh-only-story untranslated
    keys = [e.key for e in index_entries(edition, "reporters", "zh")]
    assert keys == sorted(keys)  # pinyin order


def test_section_menu_follows_the_config_and_skips_unknown_names(caplog):
    zh, en = make_articles()
    edition = build_edition(zh, en)
    config = make_config(Path("/tmp"), sections=("友城", "没有这个栏目", "实干论英雄 奋战第一线"))
    with caplog.at_level(logging.WARNING):
        chrome = make_chrome(config, edition)
    assert [(s.label, s.path) for s in chrome["zh"].sections] == [
        ("友城", "zh/tags/you-cheng/"),
        ("实干论英雄 奋战第一线", "zh/columns/shi-gan-lun-ying-xiong-fen-zhan-di-yi-xian/")]
    assert [s.label for s in chrome["en"].sections] == [
        "sister cities", "Hard work on the front line"]
    assert "没有这个栏目" in caplog.text
    assert chrome["zh"].date == dt.date(2026, 2, 3)
    assert chrome["zh"].date_path == "zh/editions/2026-02-03/"


def test_footer_links_registries_and_defaults_the_copyright():
    zh, en = make_articles()
    edition = build_edition(zh, en)
    police = Footer(police="京公网安备 11010502030143号")
    plain = make_chrome(make_config(Path("/tmp"), footer=police), edition)
    assert plain["zh"].police_url == (
        "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143")
    assert plain["en"].copyright == "© 2026 Yiwu News & <Test>"
    own = Footer(police="x 1号", police_url="https://example.org/police",
                 copyright={"zh": "版权所有", "en": "All rights reserved"})
    chrome = make_chrome(make_config(Path("/tmp"), footer=own), edition)
    assert chrome["zh"].police_url == "https://example.org/police"
    assert chrome["en"].copyright == "All rights reserved"
    assert make_chrome(make_config(Path("/tmp"), footer=Footer()), edition)["zh"].police_url is None


def test_every_page_says_its_script_and_links_its_icons(tmp_path):
    zh, en = make_articles()
    site = _build(tmp_path, zh, en)
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        lang = "en" if path.relative_to(site).parts[0] == "en" else "zh-Hans"
        assert f'<html lang="{lang}">' in html, path
        assert not re.search(r'\slang="zh"', html), path  # hreflang stays zh, lang says Hans
        for icon in ("favicon.ico", "apple-touch-icon.png", "icon-192.png"):
            assert f"/news/assets/{icon}?v=" in html, (path, icon)


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_default_icon_is_the_first_character_on_the_accent_colour(tmp_path):
    icons = make_icons(make_config(tmp_path))
    big = _image(icons["icon-512.png"]).convert("RGB")
    accent = tuple(int(ACCENT[i:i + 2], 16) for i in (1, 3, 5))
    assert big.size == (512, 512) and big.getpixel((4, 4)) == accent
    assert len(big.getcolors(512 * 512)) > 20  # a glyph drawn on the square, antialiased
    assert _image(icons["icon-192.png"]).size == (192, 192)
    assert _image(icons["apple-touch-icon.png"]).size == (180, 180)
    assert set(_image(icons["favicon.ico"]).info["sizes"]) == {(16, 16), (32, 32), (48, 48)}
    manifest = json.loads(icons["manifest-zh.webmanifest"])
    assert manifest["name"] == "义乌新闻 & <测试>" and manifest["start_url"] == "../zh/"
    assert [i["src"] for i in manifest["icons"]] == ["icon-192.png", "icon-512.png"]


def test_icons_are_made_from_the_logo_and_a_bad_logo_gives_the_made_up_icon(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 100), (20, 90, 200, 255)).save(logo)  # a wide logo
    icons = make_icons(make_config(tmp_path, logo=logo))
    square = _image(icons["icon-192.png"]).convert("RGBA")
    assert square.getpixel((96, 96)) == (20, 90, 200, 255)
    assert square.getpixel((96, 5))[3] == 0  # centred on a transparent square
    touch = _image(icons["apple-touch-icon.png"])
    assert touch.mode == "RGB" and touch.getpixel((90, 5)) == (255, 254, 251)  # opaque
    bad = tmp_path / "logo.svg"
    bad.write_text("<svg/>", encoding="utf-8")
    made_up = make_icons(make_config(tmp_path))
    # the picture stage names the bad logo in one error line (tests/test_media_errors.py)
    assert make_icons(make_config(tmp_path, logo=bad))["icon-512.png"] == made_up["icon-512.png"]
    missing = make_icons(make_config(tmp_path, logo=tmp_path / "missing.png"))
    assert missing["icon-512.png"] == made_up["icon-512.png"]


def test_every_template_is_known_to_read_the_masthead_and_footer(tmp_path):
    """They change with the articles (the newest date, the menu), so every page depends on them:
    the incremental render must find that out with the build's globals already set."""
    from site_builder.cache.render import RenderMemo, site_jobs

    zh, en = make_articles()
    memo = RenderMemo()
    site_jobs(make_config(tmp_path), zh, en, memo)
    assert len(memo.reads) > 8 and all("chrome" in reads for reads in memo.reads.values())


def test_a_draft_is_marked_in_lists_and_warned_of_before_the_translation_note(tmp_path):
    zh, en = make_articles()
    draft = {"yiwu-friend-cities"}  # as serve shows it: built, marked, never published
    zh = [dataclasses.replace(a, draft=a.slug in draft) for a in zh]
    en = [dataclasses.replace(a, draft=a.slug in draft) for a in en]
    site = _build(tmp_path, zh, en)
    front = (site / "zh/index.html").read_text(encoding="utf-8")
    assert front.count('class="item-draft"') == 1 and ">草稿</span>" in front
    page = (site / "en/articles/yiwu-friend-cities/index.html").read_text(encoding="utf-8")
    main = page.split('<main id="main" class="wrap">')[1]
    note = main.index('class="draft-note"')
    assert note < main.index('class="provenance"') < main.index("<article ")  # the site's words
    assert 'lang="en-x-mtfrom-zh"' not in main[:note]  # not marked as machine translation


def test_counts_agree_with_their_number_and_a_days_articles_are_not_dated_again(tmp_path):
    zh, en = make_articles()
    site = _build(tmp_path, zh, en)
    column = (site / "en/columns/shi-gan-lun-ying-xiong-fen-zhan-di-yi-xian/index.html"
              ).read_text(encoding="utf-8")
    assert '<p class="count">1 article</p>' in column
    tags = (site / "en/tags/index.html").read_text(encoding="utf-8")
    assert '1<span class="vh"> article</span>' in tags
    assert '2<span class="vh"> articles</span>' in tags
    archive = (site / "zh/archive/index.html").read_text(encoding="utf-8")
    day = archive.split('<section class="day">')[1]
    assert '<h2 class="day-title"><time datetime="2026-02-03">' in day
    assert "<time" not in day.split("</h2>", 1)[1]  # its articles: under the day, undated
    assert '<h3 class="item-title">' in day


def test_the_language_chooser_speaks_both_languages_in_its_footer(tmp_path):
    zh, en = make_articles()
    site = _build(tmp_path, zh, en)
    footer = (site / "index.html").read_text(encoding="utf-8").split('<footer class="footer">')[1]
    assert "footer-links" not in footer  # neither language's index pages
    assert '<div lang="zh-Hans">' in footer and '<div lang="en">' in footer
    assert "News desk: +86 579 8500 0000" in footer and "新闻热线：0579-85000000" in footer
    assert 'class="icp"' in footer
