"""Bad pictures: each is one `error:` line naming the article and the file; the rest builds.

The command line runs in this process, Chinese only, on web-only articles in content/zh that
name their picture in the body (`![说明](file "credit")`), as an editor writes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import site_toml
from media_fixtures import png_header_only, write_photo, write_truncated_jpeg
from PIL import Image
from test_bad_input import TRACEBACK, cli

ARTICLE = ('---\nslug: {slug}\nlang: zh\ntitle: 标题\ndate: 2026-02-03\n---\n\n'
           '正文。\n\n![说明]({file} "某某 摄")\n')


def _missing(media: Path) -> str:
    return "gone.jpg"


def _not_a_picture(media: Path) -> str:
    (media / "notes.jpg").write_text("这不是图片", encoding="utf-8")
    return "notes.jpg"


def _truncated(media: Path) -> str:
    write_truncated_jpeg(media / "cut.jpg")
    return "cut.jpg"


def _bomb(media: Path) -> str:
    png_header_only(media / "bomb.png", 40_000, 40_000)  # 1.6 gigapixels claimed, 100 bytes
    return "bomb.png"


def _too_many_pixels(media: Path) -> str:
    png_header_only(media / "huge.png", 9_000, 8_000)  # 72 megapixels
    return "huge.png"


def _too_wide(media: Path) -> str:
    Image.new("L", (20_000, 10)).save(media / "wide.png")
    return "wide.png"


def _other_format(media: Path) -> str:
    Image.new("RGB", (40, 30)).save(media / "scan.bmp")
    return "scan.bmp"


def _outside_media(media: Path) -> str:
    return "../site.toml"


CASES = {
    "missing": (_missing, "no such file"),
    "not-a-picture": (_not_a_picture, "not a picture"),
    "truncated": (_truncated, "truncated"),
    "bomb": (_bomb, "decompression bomb"),
    "too-many-pixels": (_too_many_pixels, "more than 64 megapixels"),
    "too-wide": (_too_wide, "more than 12,000 px on a side"),
    "other-format": (_other_format, "a BMP file"),
    "outside-media": (_outside_media, "not a file under media/"),
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site with no seeds and one good web-only article with a picture."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "content" / "zh").mkdir(parents=True)
    (tmp_path / "site.toml").write_text(site_toml(), encoding="utf-8")
    write_photo(tmp_path / "media" / "good.jpg", (600, 400))
    write_article(tmp_path, "good", "good.jpg")
    return tmp_path


def write_article(site: Path, slug: str, file: str) -> None:
    text = ARTICLE.format(slug=slug, file=file)
    (site / "content" / "zh" / f"{slug}.md").write_text(text, encoding="utf-8")


def build(site: Path, capsys: pytest.CaptureFixture) -> tuple[int, list[str], str]:
    code = cli(["build", "--lang", "zh", "--config", str(site / "site.toml")])
    err = capsys.readouterr().err
    assert TRACEBACK not in err
    return code, [line for line in err.splitlines() if line.startswith("error:")], err


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_picture_is_one_error_and_the_rest_builds(site, capsys, case):
    make, reason = CASES[case]
    write_article(site, "bad", make(site / "media"))
    for _ in range(2):  # and the same once more when nothing changed
        code, errors, err = build(site, capsys)
        assert code == 1
        assert len(errors) == 1, err
        assert errors[0].startswith("error: content/zh/bad.md: picture ")
        assert reason in errors[0], errors[0]
        assert make(site / "media") in errors[0]
    # the body's picture is shown by the Markdown renderer; its card is in the head either way
    public = site / "public" / "zh" / "articles"
    assert "og:image" not in (public / "bad" / "index.html").read_text(encoding="utf-8")
    assert "og:image" in (public / "good" / "index.html").read_text(encoding="utf-8")
    assert len(list((site / "public" / "media").iterdir())) == 4  # good.jpg: 480, 600 px


def test_one_bad_picture_named_twice_by_one_article_is_one_error(site, capsys):
    text = ARTICLE.format(slug="twice", file="gone.jpg") + "\n![又一次](gone.jpg)\n"
    (site / "content" / "zh" / "twice.md").write_text(text, encoding="utf-8")
    _, errors, err = build(site, capsys)
    assert errors == ["error: content/zh/twice.md: picture media/gone.jpg: no such file"], err


def test_a_bad_logo_is_one_error_naming_site_toml(site, capsys):
    (site / "logo.png").write_text("not a picture", encoding="utf-8")
    toml = site_toml().replace("[site]\n", '[site]\nlogo = "logo.png"\n', 1)
    (site / "site.toml").write_text(toml, encoding="utf-8")
    code, errors, err = build(site, capsys)
    assert code == 1 and len(errors) == 1, err
    assert errors[0].startswith("error: site.toml: [site] logo logo.png: not a picture")
    page = (site / "public" / "zh" / "articles" / "good" / "index.html").read_text(
        encoding="utf-8")
    assert '"logo"' not in page and "og:image" in page
