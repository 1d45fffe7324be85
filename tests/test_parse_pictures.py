"""Pictures delivered with a print page (seeds/<page>/) reach the articles that caption them.

tests/pictures/flower_market.txt is a page of our own: a story with 图① and 图② and a photo
credit, a story with 图③ and a QR code, a story without pictures. The demo page is copied with
a picture folder named like it.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from media_fixtures import write_photo, write_transparent_png

from site_builder.build import build_site
from site_builder.config import load_config
from site_builder.models import Article
from site_builder.parse.page import parse_page
from site_builder.parse.pictures import attach_pictures
from site_builder.parse.seeds import parse_seeds
from site_builder.parse.sources import read_source
from site_builder.render.media import ShownPicture
from site_builder.render.pictures import resolve_pictures

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DEMO = "000_4b71105106d275e4"


def flower_market() -> list[Article]:
    folder = TESTS / "pictures"
    return parse_page(read_source(folder / "flower_market.txt", folder))


def pictures_of(article: Article) -> list[tuple[str, str, str]]:
    return [(p.file, p.caption, p.credit)
            for p in ([article.image] if article.image else []) + list(article.images)]


def test_files_named_by_the_printed_number_reach_their_captions():
    market, rope, library = flower_market()
    given, left = attach_pictures([market, rope, library], "p", ["3.jpg", "1.jpg", "②.png"])
    market, rope, library = given
    assert pictures_of(market) == [("p/1.jpg", "市民在花市选购郁金香。", "王小红"),
                                   ("p/②.png", "孩子们在湖边放风筝。", "王小红")]
    assert pictures_of(rope) == [("p/3.jpg", "比赛现场。", "")]
    assert pictures_of(library) == [] and left == []
    assert market.captions == () and rope.captions == ("扫一扫二维码 查看比赛成绩",)


def test_unnumbered_files_take_the_captions_in_print_order_and_qr_files_the_qr_prompts():
    given, left = attach_pictures(flower_market(), "p", ["b.jpg", "a.jpg", "c.jpg", "qr.png",
                                                         "d.jpg"])
    market, rope, library = given
    assert [f for f, _, _ in pictures_of(market)] == ["p/a.jpg", "p/b.jpg"]
    assert pictures_of(rope) == [("p/c.jpg", "比赛现场。", ""),
                                 ("p/qr.png", "扫一扫二维码 查看比赛成绩", "")]
    assert rope.captions == ()
    assert left == ["d.jpg"]  # three photo captions on the page: the fourth photo has none


def test_a_number_no_caption_prints_is_the_number_th_caption_on_the_page():
    market, rope, _ = flower_market()
    bare = [a.__class__(**{**a.__dict__, "captions": ()}) for a in (market, rope)]
    given, left = attach_pictures(bare, "p", ["2.jpg", "1.jpg", "7.jpg"])
    assert pictures_of(given[0]) == [("p/1.jpg", "", "王小红")]  # its photo credit
    assert pictures_of(given[1]) == []  # no caption, no photo credit
    assert left == ["2.jpg", "7.jpg"]


def test_an_article_without_pictures_stays_the_same_object():
    articles = flower_market()
    given, _ = attach_pictures(articles, "p", ["1.jpg"])
    assert given[2] is articles[2] and given[1] is articles[1]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo project whose page has a picture folder beside it."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "site.toml", tmp_path / "site.toml")
    folder = tmp_path / "seeds" / DEMO
    write_photo(folder / "1.jpg", (900, 600))  # the page's one photo credit: 谭礼潇 图
    write_transparent_png(folder / "qr.png", (200, 200))  # its QR prompt: 扫一扫二维码
    write_photo(folder / "2.jpg", (900, 600), seed=2)  # nothing on the page captions a second
    (folder / "notes.txt.bak").write_text("not a picture", encoding="utf-8")  # ignored
    return tmp_path


def test_the_demo_pages_pictures_reach_the_right_articles(demo, caplog):
    config = load_config(demo / "site.toml")
    problems: list[str] = []
    with caplog.at_level(logging.WARNING):
        articles, _ = parse_seeds(config, problems)
    assert problems == []
    shown = {a.title: pictures_of(a) for a in articles if a.image or a.images}
    assert shown == {
        "“文化年货”送到家门口": [(f"{DEMO}/1.jpg", "", "谭礼潇")],
        "我市公布一批经许可烟花爆竹经营零售点": [
            (f"{DEMO}/qr.png", "扫一扫二维码 查看烟花爆竹经营零售点", "")],
    }
    assert [r.getMessage() for r in caplog.records if "2.jpg" in r.getMessage()] == [
        f"seeds/{DEMO}/2.jpg: no caption or photo credit on seeds/{DEMO}.txt names this "
        "picture; not shown (name it in an article's images)"]


def test_the_demo_pages_pictures_are_published_from_the_seeds_folder(demo):
    config = load_config(demo / "site.toml")
    articles, _ = parse_seeds(config, [])
    problems: list[str] = []
    zh, _ = resolve_pictures(config, articles, [], problems, workers=1)
    assert problems == []
    story = next(a for a in zh if a.title == "“文化年货”送到家门口")
    assert isinstance(story.image, ShownPicture) and story.image.width == 900
    build_site(config, zh, [], config.output_dir)
    html = (config.output_dir / "zh" / "articles" / story.slug / "index.html").read_text(
        encoding="utf-8")
    assert f'<figure class="picture lead"><picture><source type="image/webp" srcset="/media/' \
           f'{story.image.key}-480.webp 480w' in html
    assert (config.output_dir / "media" / f"{story.image.key}-900.jpg").is_file()


def test_a_picture_added_to_the_folder_is_found_on_the_next_parse(demo):
    config = load_config(demo / "site.toml")
    shutil.rmtree(demo / "seeds" / DEMO)
    articles, _ = parse_seeds(config, [])
    assert not any(a.image for a in articles)
    write_photo(demo / "seeds" / DEMO / "1.jpg", (300, 200))
    articles, _ = parse_seeds(config, [])  # the page's parse is kept; its pictures are not
    assert [a.title for a in articles if a.image] == ["“文化年货”送到家门口"]
