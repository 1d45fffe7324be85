"""Translation keeps Markdown: placeholders in the memory, text only to the model, markup back.

The tiny model's English is nonsense: these tests check mechanics (markup and link targets
on the English page, each text run translated once, clean msgids), never wording.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter

import polib
import pytest

from site_builder.models import Article, Block, Picture
from site_builder.render.markdown import body_html
from site_builder.translate.articles import ArgosTranslator, translate_articles
from site_builder.translate.markup import Segment, plain_words, restore, split_marked

LINKED = "**比赛现场气氛热烈**，详情见[市体育局网站](https://example.org/sport)。"
BODY = (
    Block("p", LINKED),
    Block("image", '![参赛者冲过终点](run.jpg "谭礼潇")'),
    Block("list", "- 第一项见[报名页](https://example.org/a)\n- 第二项见 http://example.org/b"),
    Block("quote", "引语*强调*一句。\n\n引语第二段。"),
    Block("table", "| 项目 | 人数 |\n|---|---:|\n| 健身跑 | 1200 |"),
    Block("p", "运行`pip install x`即可，见注释[^1]。"),
    Block("footnote", "[^1]: 注释里有[链接](https://example.org/note)。"),
    Block("code", "```\ncurl https://example.org/api\n```"),
)
LEAD = Picture("lead.jpg", "选手冲刺", "谭礼潇 摄")
MSGID = "**比赛现场气氛热烈**，详情见[市体育局网站](1)。"  # the link target is a number
HIDDEN = ("://", "example.org", ".jpg", "pip install", "curl")


class Recording:
    """The real (tiny) model, noting every text it is sent."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.sent = inner, inner.name, Counter()

    def translate(self, texts: list[str]) -> list[str]:
        self.sent.update(texts)
        return self.inner.translate(texts)


@pytest.fixture
def model(installed_argos, tiny_translation):
    return Recording(ArgosTranslator(installed_argos, tiny_translation))


def zh_article() -> Article:
    return Article("sport", "zh", "全民健身周末开跑", dt.date(2026, 3, 2), body=BODY, image=LEAD,
                   images=(Picture("b.jpg", "第二张图"),))


def translate(tmp_path, cfg, translator):
    (en,), _ = translate_articles([zh_article()], tmp_path, cfg, lambda: translator)
    return en


def html_of(article: Article) -> str:
    return str(body_html(article, "/"))


def test_the_model_sees_text_only_each_run_once(tmp_path, model, tiny_translation):
    translate(tmp_path, tiny_translation, model)
    assert model.sent and set(model.sent.values()) == {1}
    for text in model.sent:
        assert not any(mark in text for mark in (*HIDDEN, "**", "[", "](", "`", "<1>")), text


def test_no_msgid_holds_a_url_or_an_image_file(tmp_path, model, tiny_translation):
    translate(tmp_path, tiny_translation, model)
    msgids = [e.msgid for e in polib.pofile(str(tmp_path / "sport.po"))]
    assert MSGID in msgids  # the markup stays for the translator to see and keep
    assert "第二项见 <1>" in msgids and "参赛者冲过终点" in msgids and "选手冲刺" in msgids
    for msgid in msgids:
        assert not any(hidden in msgid for hidden in HIDDEN[:3]), msgid
        assert msgid not in ("!", "[](photo.jpg)") and not msgid.startswith("!")


def test_markup_and_targets_come_back_on_the_english_page(tmp_path, model, tiny_translation):
    en = translate(tmp_path, tiny_translation, model)
    zh_html, en_html = html_of(zh_article()), html_of(en)
    for pattern in (r"<strong>", r"<em>", r'href="[^"]*"', r"<li>", r"<blockquote>", r"<table>",
                    r"<td[^>]*>", r'src="[^"]*"', r"footnote-ref", r"<code>[^<]*</code>",
                    r"<pre>"):
        assert re.findall(pattern, zh_html).__len__() == re.findall(pattern, en_html).__len__()
    assert re.findall(r'href="[^"]*"', zh_html) == re.findall(r'href="[^"]*"', en_html)
    assert "<code>pip install x</code>" in en_html and "curl https://example.org/api" in en_html
    assert "<td style=\"text-align: right;\">1200</td>" in en_html  # numbers are not sent
    assert en.body[1].text.startswith("![") and '](run.jpg "Tan Lixiao")' in en.body[1].text
    assert en.image.file == "lead.jpg" and en.image.credit == "Photo: Tan Lixiao"
    assert en.image.caption and en.image.caption != LEAD.caption
    assert en.images[0].file == "b.jpg" and en.images[0].caption


def test_a_correction_that_moves_the_markup_keeps_the_link(tmp_path, model, tiny_translation):
    translate(tmp_path, tiny_translation, model)
    _correct(tmp_path / "sport.po", MSGID, "Details at the [sports bureau](1): **lively**.")
    en = translate(tmp_path, tiny_translation, never)
    html = html_of(en)
    assert '<a href="https://example.org/sport">sports bureau</a>: <strong>lively</strong>' in html
    assert en.review == ()


def test_a_correction_that_breaks_the_markup_warns_and_shows_plain_words(
        tmp_path, model, tiny_translation, caplog):
    translate(tmp_path, tiny_translation, model)
    line = _correct(tmp_path / "sport.po", MSGID, "**Lively**, see the [sports bureau site.")
    with caplog.at_level(logging.WARNING):
        en = translate(tmp_path, tiny_translation, never)
    where = f"{tmp_path / 'sport.po'}:{line}"
    assert any(where in record.getMessage() for record in caplog.records)
    assert en.review and en.review[0].startswith(where)
    html = html_of(en)
    assert "<p>Lively, see the sports bureau site.</p>" in html  # the words, no markup
    assert "https://example.org/sport" not in html  # no link rather than a broken one


def _correct(path, msgid: str, msgstr: str) -> int:
    """Save an editor's correction of one entry; return the line of its msgid."""
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    entry.msgstr, entry.flags = msgstr, []
    po.save()
    return polib.pofile(str(path)).find(msgid).linenum


def never():
    raise AssertionError("the model must not be loaded")


def test_sentences_are_cut_outside_markup_only():
    segments = split_marked("**第一句。第二句。**第三句[链接。](https://a.b/c)第四句。", 60)
    assert [s.msgid for s in segments] == ["**第一句。第二句。**第三句[链接。](1)第四句。"]
    assert segments[0].targets == ("https://a.b/c",)


@pytest.mark.parametrize(("msgstr", "ok"), [
    ("See [site](1).", True), ("[Site](1) first.", True), ("See site.", False),
    ("See [site](1) and [again](1).", False), ("See [site](2).", False),
    ("See [site](https://evil.example).", False), ("See **site [here](1).", False),
    ("See [site(1).", False), ("See `code.", False), ("See <1>.", False),
])
def test_restore_checks_a_correction(msgstr, ok):
    segment = Segment("详见[网站](1)。", ("https://a.b/c",), (False,))
    restored = restore(segment, msgstr)
    assert (restored is not None) == ok
    if ok:
        assert "](https://a.b/c)" in restored
    else:
        assert "](" not in plain_words(msgstr) and "**" not in plain_words(msgstr)
