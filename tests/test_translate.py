"""The translation stage with the tiny real model: memory reuse, corrections, kills, install."""

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import polib
import pytest

from site_builder.models import Article, Block
from site_builder.translate.articles import (
    ArgosTranslator,
    ModelError,
    install_from_file,
    translate_articles,
)
from site_builder.translate.memory import Memory

ROOT = Path(__file__).resolve().parent.parent
FIRST = "前段时间,又一批外国青年创客在义乌完成了探索之旅。"
SECOND = "“这次培训让我们开始思考。”"
THIRD = "杜夕露在结业分享时表示。"


def article(slug: str = "friends", **changes) -> Article:
    base = Article(
        slug=slug,
        lang="zh",
        title="义乌国际朋友圈扩至51城",
        date=dt.date(2026, 2, 2),
        body=(Block("p", FIRST + SECOND + THIRD), Block("h2", "小标题"), Block("p", "结尾。")),
        subtitle="深化融合推动合作共赢",
        column="实干论英雄 奋战第一线",
        reporters=("魏佳佳", "欧阳娜娜"),
        photographers=("谭礼潇",),
        credits=("制图：曾小明",),
        dateline="本报讯",
        continued_on="第二版",
        captions=("扫一扫二维码 查看烟花爆竹经营零售点",),
        tags=("义乌", "友城"),
        source="000.txt:1-9",
    )
    return replace(base, **changes)


class Counting:
    """Wrap a translator and count how often each segment reaches the model."""

    def __init__(self, inner, fail_after_calls: int | None = None):
        self.inner, self.name = inner, inner.name
        self.sent: Counter[str] = Counter()
        self.calls, self.fail_after_calls = 0, fail_after_calls

    def translate(self, segments: list[str]) -> list[str]:
        if self.fail_after_calls is not None and self.calls >= self.fail_after_calls:
            raise KeyboardInterrupt  # what Ctrl-C or a kill looks like mid-run
        self.calls += 1
        self.sent.update(segments)
        return self.inner.translate(segments)


@pytest.fixture
def model(installed_argos, tiny_translation):
    return Counting(ArgosTranslator(installed_argos, tiny_translation))


def never():
    raise AssertionError("the model must not be loaded")


def run(articles, memory_dir, cfg, translator, **options):
    return translate_articles(articles, memory_dir, cfg, lambda: translator, **options)


def test_every_segment_is_translated_exactly_once(tmp_path, model, tiny_translation):
    twins = [article("a"), article("b", title="另一个标题")]
    en, report = run(twins, tmp_path, tiny_translation, model, chunk_segments=4)
    assert set(model.sent.values()) == {1}
    assert report.new == len(model.sent) and report.from_memory == 0
    assert report.model == "translate-zh_en 1.0"
    assert str(report) == f"translated {report.new} new segments (0 from memory)"
    assert FIRST in model.sent and "第二版" not in model.sent and "本报讯" not in model.sent
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po", "b.po"]
    assert all(e.fuzzy and e.msgstr for e in polib.pofile(str(tmp_path / "a.po")))


def test_second_run_sends_nothing_and_gives_the_same_english(tmp_path, model, tiny_translation):
    first, _ = run([article()], tmp_path, tiny_translation, model)
    second, report = translate_articles([article()], tmp_path, tiny_translation, never)
    assert second == first
    assert (report.new, report.model) == (0, None)
    assert report.from_memory == len(model.sent)


def test_english_article_fields(tmp_path, model, tiny_translation):
    (en,), _ = run([article()], tmp_path, tiny_translation, model)
    zh = article()
    assert en.lang == "en" and en.slug == zh.slug and en.date == zh.date
    assert en.reporters == ("Wei Jiajia", "Ouyang Nana") and en.photographers == ("Tan Lixiao",)
    assert en.credits == ("Graphic: Zeng Xiaoming",)
    assert (en.dateline, en.continued_on) == ("Staff report", "page 2")
    assert [b.kind for b in en.body] == [b.kind for b in zh.body]  # block i translates block i
    memory = Memory.load(tmp_path)
    sentences = [memory.lookup(s).text for s in (FIRST, SECOND, THIRD)]
    assert en.body[0].text == " ".join(sentences)
    assert en.title == memory.lookup(zh.title).text and len(en.tags) == 2
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.title + en.body[0].text)
    segments = len(model.sent)
    assert en.translation.segments == segments and en.translation.reviewed == 0
    assert en.translation.model == "translate-zh_en 1.0"


def test_the_print_pages_name_is_translated_for_the_english_edition(tmp_path, model,
                                                                     tiny_translation):
    zh = article(print_page=1, print_section="要闻")
    (en,), _ = run([zh], tmp_path, tiny_translation, model)
    assert model.sent["要闻"] == 1 and en.print_page == 1
    assert en.print_section == Memory.load(tmp_path).lookup("要闻").text != "要闻"


def correct(memory_dir: Path, slug: str, msgid: str, msgstr: str) -> None:
    po = polib.pofile(str(memory_dir / f"{slug}.po"))
    entry = po.find(msgid)
    entry.msgstr = msgstr
    entry.flags.remove("fuzzy")
    po.save()


def test_editor_correction_shows_and_survives_everything(tmp_path, model, tiny_translation):
    run([article()], tmp_path, tiny_translation, model)
    correct(tmp_path, "friends", SECOND, "“This training made us think.”")

    (en,), _ = translate_articles([article()], tmp_path, tiny_translation, never)
    assert "“This training made us think.”" in en.body[0].text
    assert en.translation.reviewed == 1

    model.sent.clear()
    (en,), report = run([article()], tmp_path, tiny_translation, model, retranslate_machine=True)
    assert SECOND not in model.sent and FIRST in model.sent
    assert report.new == len(model.sent)
    assert "“This training made us think.”" in en.body[0].text

    model.sent.clear()
    changed = "前段时间,一批外国青年在义乌完成了培训。"
    edited = article(body=(Block("p", changed + SECOND + THIRD),) + article().body[1:])
    (en,), report = run([edited], tmp_path, tiny_translation, model)
    assert list(model.sent) == [changed] and report.new == 1
    assert en.body[0].text.split(" “")[1].startswith("This training made us think.”")
    po = polib.pofile(str(tmp_path / "friends.po"))
    assert [e.msgid for e in po.obsolete_entries()] == [FIRST]
    kept = po.find(SECOND)
    assert (kept.msgstr, kept.fuzzy) == ("“This training made us think.”", False)


def test_killed_run_keeps_finished_chunks_and_next_run_finishes(tmp_path, model, tiny_translation):
    articles = [article("a"), article("b", title="另一个标题")]
    model.fail_after_calls = 2
    with pytest.raises(KeyboardInterrupt):
        run(articles, tmp_path, tiny_translation, model, chunk_segments=3)
    done = set(model.sent)
    assert len(done) == 6
    memory = Memory.load(tmp_path)  # every file written so far parses
    assert all(memory.lookup(s) for s in done)

    model.fail_after_calls = None
    model.sent.clear()
    en, report = run(articles, tmp_path, tiny_translation, model, chunk_segments=3)
    assert not done & set(model.sent) and report.from_memory == len(done)
    assert all(a.translation.segments for a in en)


def test_no_segments_missing_means_no_model_even_for_an_empty_site(tmp_path, tiny_translation):
    assert translate_articles([], tmp_path, tiny_translation, never)[0] == ()


def test_corrupt_model_file_is_named_in_the_error(tmp_path, argos_model_file):
    broken = tmp_path / "broken.argosmodel"
    broken.write_bytes(argos_model_file.read_bytes()[: 5000])
    with pytest.raises(ModelError, match=r"broken\.argosmodel: not a valid \.argosmodel"):
        install_from_file(broken)
    with pytest.raises(ModelError, match=r"missing\.argosmodel: no such file"):
        install_from_file(tmp_path / "missing.argosmodel")


INSTALL_AND_TRANSLATE = """
import json, sys
from site_builder.config import TranslationConfig
from site_builder.translate.articles import (
    ArgosTranslator, ensure_package, find_package, list_packages)
assert find_package() is None
pkg = ensure_package(allow_download=True)
cfg = TranslationConfig(beam_size=2, compute_type="int8", max_decoding_length=5)
out = ArgosTranslator(pkg, cfg).translate(["义乌国际朋友圈扩至51城", "你好。"])
print(json.dumps({"path": str(pkg.package_path), "out": out, "list": list_packages()}))
"""


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, cwd=ROOT,
        capture_output=True, text=True, timeout=300,
    )


def test_real_download_install_and_translate_through_argostranslate(argos_env):
    done = python(INSTALL_AND_TRANSLATE, argos_env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert Path(result["path"]).parent == Path(argos_env["ARGOS_PACKAGES_DIR"])
    assert len(result["out"]) == 2 and all(result["out"])
    assert result["list"][0].startswith("translate-zh_en 1.0 (")


def test_unreachable_index_gives_one_clear_error(argos_env):
    offline = {**argos_env, "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"}
    code = (
        "from site_builder.translate.articles import ModelError, ensure_package\n"
        "try:\n    ensure_package(allow_download=True)\n"
        "except ModelError as exc:\n    print(exc)\n"
    )
    done = python(code, offline)
    assert done.returncode == 0, done.stderr
    message = done.stdout.strip()
    assert "cannot fetch the Argos package index" in message
    assert "site-builder model install --file" in message and "--lang zh" in message


def test_each_article_shows_its_own_editors_correction(tmp_path, model, tiny_translation):
    articles = [article("a"), article("b", title="另一个标题")]  # both say SECOND
    run(articles, tmp_path, tiny_translation, model)
    correct(tmp_path, "a", SECOND, "“This training made us think.”")
    correct(tmp_path, "b", SECOND, "“The course got us thinking.”")
    for _ in range(2):  # the second run in the same process: the warm path
        (a, b), report = translate_articles(articles, tmp_path, tiny_translation, never)
        assert "This training made us think." in a.body[0].text
        assert "The course got us thinking." in b.body[0].text
        assert (a.translation.reviewed, b.translation.reviewed) == (1, 1)
    for slug, text in (("a", "“This training made us think.”"),
                       ("b", "“The course got us thinking.”")):
        kept = polib.pofile(str(tmp_path / f"{slug}.po")).find(SECOND)
        assert (kept.msgstr, kept.fuzzy) == (text, False)


def test_an_english_page_confirmed_whole_still_names_its_model(tmp_path, model, tiny_translation):
    run([article()], tmp_path, tiny_translation, model)
    po = polib.pofile(str(tmp_path / "friends.po"))
    for entry in po:
        entry.flags.remove("fuzzy")  # the editor read every sentence and kept it
    po.save()
    (en,), _ = translate_articles([article()], tmp_path, tiny_translation, never)
    segments = en.translation.segments
    assert en.translation.model == "translate-zh_en 1.0"
    assert (en.translation.reviewed, en.translation.fully_reviewed) == (segments, True)
