"""Article ⇄ Markdown: YAML front matter round trips, editor-written files, clear errors."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.content import frontmatter
from site_builder.content.markdown import ContentError, dump_article, load_article
from site_builder.models import Article, Block, Picture, Provenance

CONTENT = Path(__file__).parent / "content"
ODD = ["yes", "no", "No", "on", "null", "~", "3", "1.50", "0755", "10:30", "2026-02-02", "#x",
       " leading", "trailing ", "a: b", "a #b", "'quoted'", '"double"', "line\nbreak", "- x",
       "[x]", "{x}", "*x", "&a", "!x", "%x", "@x", "`x`", "|", ">", "---", "...", "😀 emoji",
       "義烏\t制表", "\x85\u2028\u2029", "\ufeffbom", ""]


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
    assert article.body[2].text == "\\# 不是标题，是以井号开头的段落。"  # Markdown source


def test_dump_of_a_loaded_file_is_the_file():
    text = (CONTENT / "full.md").read_text(encoding="utf-8")
    assert dump_article(load("full.md")) == text


def test_web_only_article_needs_title_and_date():
    path = CONTENT / "zh" / "my-story.md"
    article = load_article("---\ntitle: 我的报道\ndate: 2026-03-01\n---\n\n正文。\n", path)
    assert (article.slug, article.lang, article.title) == ("my-story", "zh", "我的报道")
    assert article.paragraphs == ("正文。",)


def test_habits_of_other_generators_work():
    article = load("zh/web-only.md")
    assert article.title == '市体育局：周末举办"全民健身"活动'  # the quotes are YAML's
    assert article.tags == ("体育", "全民健身") and article.draft is True
    assert article.image == Picture("run.jpg", "参赛者冲过终点", "谭礼潇")
    assert [b.kind for b in article.body] == ["p", "list"]
    assert article.body[0].text.startswith("**比赛现场气氛热烈**")


def _article(text: st.SearchStrategy[str]) -> st.SearchStrategy[Article]:
    texts = st.lists(text, max_size=3).map(tuple)
    picture = st.builds(Picture, text, text, text)
    return st.builds(
        Article, slug=st.just("x-1"), lang=st.sampled_from(["zh", "en"]),
        title=text.filter(bool), date=st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
        subtitle=st.none() | text, kicker=st.none() | text, column=st.none() | text,
        reporters=texts, tags=texts, captions=texts, credits=texts, review=texts,
        title_inferred=st.booleans(), date_inferred=st.booleans(), draft=st.booleans(),
        source=text, source_sha256=text,
        translation=st.none() | st.builds(Provenance, text, st.integers(0, 999),
                                          st.integers(0, 999)),
        image=st.none() | picture, images=st.lists(picture, max_size=2).map(tuple),
        status=st.sampled_from(["published", "withdrawn"]),
        publish_at=st.none() | st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1),
                                            timezones=st.none() | st.just(dt.UTC)),
        print_page=st.none() | st.integers(1, 99), print_section=st.none() | text,
    )


ODD_TEXT = st.sampled_from(ODD) | st.text(st.characters(blacklist_categories=("Cs",)),
                                          max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_article(ODD_TEXT))
def test_load_dump_round_trip_keeps_every_field(article):
    text = dump_article(article, "a header comment")
    assert load_article(text, Path("content/zh/x-1.md")) == article
    # and any YAML reader gets the same text: the file means what it says
    front = yaml.safe_load(text.split("\n---\n")[0].removeprefix("---\n"))
    assert front["title"] == article.title and front["tags"] == list(article.tags)


def test_odd_strings_round_trip_in_every_text_field():
    for value in ODD[:-1]:
        article = Article("x-1", "zh", value, dt.date(2026, 1, 9), subtitle=value,
                          tags=(value, "义乌"), image=Picture("a.jpg", value, value))
        assert load_article(dump_article(article), Path("x-1.md")) == article, value


@settings(max_examples=200, deadline=None)
@given(_article(ODD_TEXT))
def test_fast_reading_equals_pyyaml_constructor(article):
    front = dump_article(article).split("\n---\n")[0].removeprefix("---\n")
    fast = frontmatter._value(yaml.compose(front, Loader=frontmatter._Loader))
    assert fast == yaml.load(front, Loader=frontmatter._Loader)  # noqa: S506 (a safe loader)


def test_body_blocks_round_trip():
    body = (
        Block("p", "\\## looks like a heading"), Block("h2", "Real heading"),
        Block("h3", "Smaller"), Block("p", "\\ starts with a backslash"),
        Block("quote", "引语第一段。\n\n引语第二段。"), Block("list", "- 甲\n- 乙\n  - 丙"),
        Block("list", "1. 第一\n2. 第二"),
        Block("table", "| 城市 | 数量 |\n|---|---:|\n| 义乌 | 51 |"),
        Block("code", "```\nprint('x')\n\n# not a heading\n```"), Block("hr", "* * *"),
        Block("image", '![说明](photo.jpg "谭礼潇")'), Block("p", "正文[^1]。"),
        Block("footnote", "[^1]: 注释。"), Block("ref", "[site]: https://example.org"),
    )
    article = Article("x-1", "zh", "T", dt.date(2026, 1, 9), body=body)
    assert load_article(dump_article(article), Path("x-1.md")).body == body


def test_editor_written_file_with_plain_values_and_wrapped_lines():
    article = load("hand_written.md")
    assert article.title == "编者按" and article.slug == "editor-note"
    assert article.paragraphs == ("第一行被编辑器折行了。", "Second paragraph wrapped in English.")


def test_triple_dash_inside_body_is_text():
    article = load_article(
        (CONTENT / "evil_slug.md").read_text().replace("../../etc/x", "ok"), Path("x")
    )
    assert article.paragraphs == ("正文 --- 中间的横线 --- 不是前言。",)


def test_date_with_a_time_is_an_embargo():
    article = load_article("---\ntitle: T\ndate: 2026-03-01 08:00\n---\n", Path("zh/a.md"))
    assert article.date == dt.date(2026, 3, 1)
    assert article.publish_at == dt.datetime(2026, 3, 1, 8, 0)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_type.md", "bad_type.md:6: reporters: must be a list"),
        ("unknown_key.md", "unknown_key.md:4: unknown front matter key 'titel' "
                           "(did you mean 'title'?)"),
        ("bad_date.md", "bad_date.md:5: date:"),
        ("unclosed.md", "unclosed.md:1: front matter is not closed"),
        ("evil_slug.md", "evil_slug.md:2: slug must be lower-case ASCII"),
        ("yaml_error.md", "yaml_error.md:4: invalid front matter"),
        ("twice.md", "twice.md:4: title is given twice"),
    ],
)
def test_bad_front_matter_names_file_and_line(name, message):
    with pytest.raises(ContentError, match=message.replace(".", r"\.").replace("+", r"\+")
                       .replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        load(name)
