"""Interface words: TOML per language, overridden key by key by a theme; the note in Chinese."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from site_fixtures import MODEL, build_site, make_config

from site_builder.cli import main
from site_builder.config import DEFAULT_TEMPLATES, ConfigError, load_config

LABELS = DEFAULT_TEMPLATES / "labels"


def read(lang: str) -> dict[str, str]:
    return tomllib.loads((LABELS / f"{lang}.toml").read_text(encoding="utf-8"))


def test_every_language_has_every_label_and_the_same_slots():
    zh, en = read("zh"), read("en")
    assert zh.keys() == en.keys()
    for key in zh:
        assert zh[key].count("%s") == en[key].count("%s"), key


def test_every_label_a_template_reads_exists():
    used = set()
    for template in DEFAULT_TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.(\w+)", text))
        used |= set(re.findall(r"\blabels\.(?:zh|en)\.(\w+)", text))
    assert used and used <= read("zh").keys(), used - read("zh").keys()


def theme_with(tmp_path: Path, lang: str, text: str) -> Path:
    (tmp_path / "theme" / "labels").mkdir(parents=True, exist_ok=True)
    (tmp_path / "theme" / "labels" / f"{lang}.toml").write_text(text, encoding="utf-8")
    return tmp_path / "theme"


def test_a_theme_changes_one_label_and_keeps_the_others(tmp_path):
    theme = theme_with(tmp_path, "zh", 'archive = "过往报道"\n')
    site = build_site(tmp_path, theme_dir=theme)
    archive = (site / "zh/archive/index.html").read_text(encoding="utf-8")
    assert "<title>过往报道 · " in archive  # a page title planned from the labels
    front = (site / "zh/index.html").read_text(encoding="utf-8")
    assert ">过往报道</a>" in front and ">全部报道</a>" not in front  # the menu
    assert ">首页</a>" in front and "查看全部报道" in front  # the other labels: the defaults
    assert "Archive" in (site / "en/index.html").read_text(encoding="utf-8")


def test_a_config_with_another_theme_has_other_labels(tmp_path):
    plain = make_config(tmp_path)
    themed = make_config(tmp_path, theme_dir=theme_with(tmp_path, "en", 'home = "Front"\n'))
    assert plain.labels["en"]["home"] == "Home" and themed.labels["en"]["home"] == "Front"
    assert plain != themed  # every cache keyed by the config tells them apart


@pytest.mark.parametrize(("file", "text", "message"), [
    ("zh.toml", 'home = "首页"\nserach = "找"\n', "zh.toml:2: unknown label 'serach'; did you "
     "mean 'search'?"),
    ("zh.toml", "home = 1\n", "zh.toml:1: label 'home': expected a string"),
    ("en.toml", 'page = "Page"\n', "en.toml:1: label 'page': expected 1 %s, as in the default"),
    ("zh-cn.toml", 'home = "家"\n', "zh-cn.toml: not a labels file; did you mean zh.toml?"),
    ("en.toml", "home = \n", "en.toml: invalid TOML"),
])
def test_a_wrong_theme_label_is_a_config_error_with_a_hint(tmp_path, file, text, message):
    (tmp_path / "theme" / "labels").mkdir(parents=True)
    (tmp_path / "theme" / "labels" / file).write_text(text, encoding="utf-8")
    (tmp_path / "site.toml").write_text('[paths]\ntheme = "theme"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "site.toml")
    assert message in str(info.value)
    assert str(info.value).startswith(str(tmp_path / "theme" / "labels" / file))


def test_a_wrong_theme_label_stops_the_build_with_exit_2(tmp_path, capsys):
    theme_with(tmp_path, "zh", 'serach = "找"\n')
    (tmp_path / "site.toml").write_text('[paths]\ntheme = "theme"\n', encoding="utf-8")
    assert main(["build", "--lang", "zh", "--config", str(tmp_path / "site.toml")]) == 2
    assert "did you mean 'search'?" in capsys.readouterr().err


def test_the_translation_note_is_in_chinese_on_chinese_pages(tmp_path):
    site = build_site(tmp_path)
    zh = (site / "zh/articles/yiwu-friend-cities/bilingual/index.html").read_text("utf-8")
    note = re.search(r'<aside class="provenance">.*?</aside>', zh, re.S).group(0)
    assert f"英文译文由 {MODEL} 机器翻译。" in note
    assert "编辑已审校其中 2 个句段（共 5 个）。" in note and "阅读中文原文" in note
    visible = re.sub(r"<[^>]+>", "", note).replace(MODEL, "")
    assert not re.search(r"[A-Za-z]{2,}", visible), visible  # no English words around it
    en = (site / "en/articles/yiwu-friend-cities/bilingual/index.html").read_text("utf-8")
    assert f"Machine-translated from Chinese by {MODEL}." in en
    assert "reviewed 2 of 5 segments" in en
