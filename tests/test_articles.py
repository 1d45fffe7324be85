"""Article ⇄ Markdown: round trips, editor-written files, and clear errors for bad front matter."""

import datetime as dt
from pathlib import Path

import pytest

from site_builder.content.markdown import ContentError, dump_article, load_article
from site_builder.models import Article, Block, Provenance

CONTENT = Path(__file__).parent / "content"


def load(name: str) -> Article:
    path = CONTENT / name
    return load_article(path.read_text(encoding="utf-8"), path)


def test_full_front_matter_loads_every_field():
    article = load("full.md")
    assert article.title == "义乌国际“朋友圈”扩至51城"
    assert article.reporters == ("魏佳佳", "林晓燕")
    assert article.date == dt.date(2026, 2, 2)
    assert article.continued_on is None and article.continued_from == "第一版"
    assert article.date_inferred is True and article.title_inferred is False
    assert [b.kind for b in article.body] == ["p", "h2", "p", "p"]
    assert article.body[2].text == "# 不是标题，是以井号开头的段落。"


def test_dump_of_a_loaded_file_is_the_file():
    text = (CONTENT / "full.md").read_text(encoding="utf-8")
    assert dump_article(load("full.md")) == text


def test_load_dump_round_trip_keeps_everything():
    article = Article(
        slug="x-1",
        lang="en",
        title='A "quoted" <b>title</b> & more',
        date=dt.date(2026, 1, 9),
        body=(
            Block("p", "## looks like a heading"),
            Block("h2", "Real heading"),
            Block("p", "\\ starts with a backslash"),
            Block("p", "--- dashes ---"),
        ),
        tags=("trade",),
        translation=Provenance("translate-zh_en 1.9", 12, 3),
    )
    assert load_article(dump_article(article, "a header comment"), Path("x.md")) == article


def test_editor_written_file_with_plain_values_and_wrapped_lines():
    article = load("hand_written.md")
    assert article.title == "编者按" and article.slug == "editor-note"
    assert article.paragraphs == ("第一行被编辑器折行了。", "Second paragraph wrapped in English.")


def test_triple_dash_inside_body_is_text():
    article = load_article(
        (CONTENT / "evil_slug.md").read_text().replace("../../etc/x", "ok"), Path("x")
    )
    assert article.paragraphs == ("正文 --- 中间的横线 --- 不是前言。",)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_type.md", "bad_type.md:6: reporters: must be a list"),
        ("unknown_key.md", "unknown_key.md:4: unknown front matter line"),
        ("bad_date.md", "bad_date.md:5: date:"),
        ("unclosed.md", "unclosed.md:1: front matter is not closed"),
        ("evil_slug.md", "evil_slug.md: slug must be lower-case ASCII"),
    ],
)
def test_bad_front_matter_names_file_and_line(name, message):
    with pytest.raises(ContentError, match=message.replace(".", r"\.").replace("+", r"\+")):
        load(name)
