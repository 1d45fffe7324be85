"""site.toml: defaults, per-language titles, sub-path base URLs, and typos caught with a hint."""

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.config import (
    Config,
    ConfigError,
    Footer,
    TranslationConfig,
    load_config,
    with_base_url,
)
from site_builder.config_schema import TABLES

ROOT = Path(__file__).parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_config_loads():
    config = load_config(ROOT / "site.toml")
    assert config.title["en"] == "Yiwu News" and config.languages == ("zh", "en")
    assert config.seeds_dir == ROOT / "seeds" and config.translation.beam_size == 4


def test_sub_path_base_url_and_date(tmp_path):
    config = load_config(
        write(tmp_path, '[site]\nbase_url = "https://example.org/news"\ndate = 2026-02-03\n')
    )
    assert config.base_url == "https://example.org/news/" and config.base_path == "/news/"
    assert config.date == dt.date(2026, 2, 3)


def test_an_empty_file_gives_the_defaults_of_the_dataclasses(tmp_path):
    config = load_config(write(tmp_path, ""))
    assert config.translation == TranslationConfig()
    for name in ("per_page", "timezone", "min_tag_articles", "languages", "sections"):
        assert getattr(config, name) == Config.__dataclass_fields__[name].default, name
    assert config.footer.icp_url == Footer().icp_url and config.footer.icp is None
    assert config.theme_dir is None and config.logo is None and config.date is None


def test_every_key_of_the_footer_and_the_new_site_keys_is_read(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    config = load_config(write(tmp_path, """
[site]
timezone = "Europe/Rome"
logo = "logo.png"
sections = ["要闻", "经济"]
min_tag_articles = 3

[site.footer]
icp = "浙ICP备12345678号-1"
police = "浙公网安备 33078202000000号"
police_url = "https://beian.mps.gov.cn/"
copyright = { zh = "版权所有", en = "All rights reserved" }
contact = "news@example.cn"

[paths]
media = "pictures"
"""))
    assert (config.timezone, config.logo) == ("Europe/Rome", tmp_path / "logo.png")
    assert config.sections == ("要闻", "经济") and config.min_tag_articles == 3
    assert config.footer.icp == "浙ICP备12345678号-1" and config.footer.police_url.endswith("cn/")
    assert config.footer.copyright == {"zh": "版权所有", "en": "All rights reserved"}
    assert config.footer.contact == {"zh": "news@example.cn", "en": "news@example.cn"}
    assert config.media_dir == tmp_path / "pictures"


TYPOS = [  # (site.toml, the line of the mistake, what the message must say)
    ('[site]\ntitle = "T"\nbaseurl = "https://news.example.cn/"\n', 3,
     "[site] baseurl: unknown key; did you mean base_url?"),
    ('[site]\n\n[site.footer]\nicp = "x"\nicp_link = "https://x.cn/"\n', 5,
     "[site.footer] icp_link: unknown key; did you mean icp_url?"),
    ('[site]\nfooter = { polic = "x" }\n', 2,
     "[site.footer] polic: unknown key; did you mean police?"),
    ('[paths]\nthemes = "theme"\n', 2, "[paths] themes: unknown key; did you mean theme?"),
    ("[translation]\nbeam = 4\n", 2, "[translation] beam: unknown key; did you mean beam_size?"),
    ('[site]\ntitle = "T"\n\n[sitee]\n', 4, "[sitee]: unknown table; did you mean [site]?"),
    ('[footer]\nicp = "x"\n', 1, "[footer]: unknown table; did you mean [site.footer]?"),
    ('[site.fotter]\nicp = "x"\n', 1, "[site.fotter]: unknown table; did you mean [site.footer]?"),
    ('title = "T"\n[site]\n', 1, "title: outside any table; put it under [site]"),
    ('[site]\ntheme = "theme"\n', 2, "[site] theme: unknown key; it belongs in [paths]"),
    ('[site]\ntitle = { zh = "报", eng = "Paper" }\n', 2, "unknown language 'eng'"),
]


@pytest.mark.parametrize(("text", "line", "message"), TYPOS)
def test_a_typo_names_file_line_key_and_the_nearest_known_key(tmp_path, text, line, message):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert str(info.value).startswith(f"{tmp_path / 'site.toml'}:{line}: ")
    assert message in str(info.value)


def test_the_command_line_exits_2_with_one_line_and_builds_nothing(tmp_path, capsys):
    path = write(tmp_path, '[site]\nbaseurl = "https://news.example.cn/"\n')
    assert main(["build", "--lang", "zh", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: {path}:2: [site] baseurl: unknown key; did you mean base_url?\n")
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("[site\n", "invalid TOML"),
    ('[site]\nbase_url = "example.org"\n', '[site] base_url: expected an absolute URL'),
    ('[site]\nbase_url = "ftp://example.org/"\n', "base_url: expected an absolute URL"),
    ("[site]\nper_page = 0\n", "[site] per_page: expected a whole number, 1 or more, not 0"),
    ('[site]\nper_page = "20"\n', 'per_page: expected a whole number, 1 or more, not "20"'),
    ("[site]\nmin_tag_articles = true\n", "min_tag_articles: expected a whole number"),
    ('[site]\nlanguages = ["en"]\n', '[site] languages: expected ["zh", "en"] or ["zh"]'),
    ('[site]\ndate = "2026-13-01"\n', "[site] date: expected a date such as 2026-02-03"),
    ('[site]\nsections = "要闻"\n', "[site] sections: expected a list of names"),
    ('[site]\ntimezone = "Asia/Shanghia"\n', "[site] timezone: expected a time zone name"),
    ("[site]\ntitle = 3\n", '[site] title: expected a string or { zh = "…", en = "…" }'),
    ('[site]\nfooter = "x"\n', "footer: expected a table [site.footer]"),
    ("[site.footer]\nicp = 123\n", "[site.footer] icp: expected a string, not 123"),
    ('[site.footer]\nicp_url = "beian"\n', "[site.footer] icp_url: expected an absolute URL"),
    ("[paths]\nseeds = 1\n", "[paths] seeds: expected a folder name"),
    ('[translation]\ncompute_type = "fp8"\n', 'compute_type: expected one of "int8", "int8_'),
    ('[site]\nbase_url = "https://x.cn/?a=1"\n', "[site] base_url: expected an absolute URL"),
    ("[translation]\nbeam_size = 2.5\n", "[translation] beam_size: expected a whole number"),
])
def test_a_wrong_value_names_key_and_expected_form(tmp_path, text, message):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert message in str(info.value)
    assert str(info.value).startswith(str(tmp_path / "site.toml"))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("text", "message"), [
    ('[paths]\ntheme = "themes/ours"\n', "[paths] theme: no such folder: "),
    ('[paths]\ntemplates = "templates"\n', "[paths] templates: no such folder: "),
    ('[site]\nlogo = "logo.png"\n', "[site] logo: no such file: "),
])
def test_a_theme_templates_folder_or_logo_that_is_not_there_is_an_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=re.escape(f"{tmp_path / 'site.toml'}:2: {message}")):
        load_config(write(tmp_path, text))


def test_a_theme_that_is_a_file_is_an_error(tmp_path):
    (tmp_path / "theme").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="no such folder"):
        load_config(write(tmp_path, '[paths]\ntheme = "theme"\n'))


def test_missing_config(tmp_path):
    with pytest.raises(ConfigError, match="no such file.*site-builder init"):
        load_config(tmp_path / "site.toml")


def test_base_url_override_is_checked_like_the_file(tmp_path):
    config = load_config(write(tmp_path, '[site]\nbase_url = "https://a.example.cn/"\n'))
    assert with_base_url(config, "https://b.example.cn/news").base_url == (
        "https://b.example.cn/news/")
    assert with_base_url(config, "https://b.example.cn/news").base_path == "/news/"
    with pytest.raises(ConfigError, match="--base-url b.example.cn: expected an absolute URL"):
        with_base_url(config, "b.example.cn")


def test_build_base_url_overrides_for_one_build(tmp_path, capsys):
    path = write(tmp_path, '[site]\nbase_url = "https://a.example.cn/"\nlanguages = ["zh"]\n')
    (tmp_path / "seeds").mkdir()
    assert main(["build", "-q", "--config", str(path), "--base-url",
                 "https://b.example.cn/news/"]) == 0
    front = (tmp_path / "public" / "zh" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical" href="https://b.example.cn/news/zh/"' in front
    assert 'href="/news/assets/style.css' in front  # the base path too
    assert "a.example.cn" not in front
    assert main(["build", "--config", str(path), "--base-url", "b.example.cn"]) == 2
    assert "--base-url b.example.cn: expected an absolute URL" in capsys.readouterr().err


def test_the_schema_lists_every_field_of_the_config():
    """A key added to Config (or Footer, TranslationConfig) must be readable from site.toml."""
    keys = {key.name for keys in TABLES.values() for key in keys}
    renamed = {"seeds_dir": "seeds", "content_dir": "content", "translations_dir": "translations",
               "output_dir": "output", "templates_dir": "templates", "theme_dir": "theme",
               "media_dir": "media"}
    derived = {"root", "translation", "footer", "labels"}
    for cls in (Config, Footer, TranslationConfig):
        for field in dataclasses.fields(cls):
            if field.name not in derived:
                assert renamed.get(field.name, field.name) in keys, f"{cls.__name__}.{field.name}"
