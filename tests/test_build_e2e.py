"""The README end to end: a fresh site builds both languages through Argos's real install path."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES_ON_DEMO_PAGE = 9
# Run the CLI in-process of a child Python and report whether the heavy ML stack got imported.
RUN_CLI = (
    "import sys; from site_builder.cli import main; code = main(sys.argv[1:]); "
    "print('heavy imports:', sorted(m for m in ('torch', 'stanza') if m in sys.modules), "
    "file=sys.stderr); sys.exit(code)"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the demo project: seeds and site.toml, nothing built yet."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
    return tmp_path


def site_builder(site: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        cwd=site,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_fresh_site_builds_both_languages_then_reuses_the_memory(site, argos_env):
    first = site_builder(site, argos_env, "build")
    assert first.returncode == 0, first.stderr
    slugs = sorted(p.stem for p in (site / "content" / "zh").glob("*.md"))
    assert len(slugs) == ARTICLES_ON_DEMO_PAGE
    assert sorted(p.stem for p in (site / "content" / "en").glob("*.md")) == slugs
    assert sorted(p.stem for p in (site / "translations" / "en").glob("*.po")) == slugs
    for slug in slugs:
        assert_twins_link_each_other(site / "public", slug)
        entries = polib.pofile(str(site / "translations" / "en" / f"{slug}.po"))
        assert entries and all(e.msgstr and e.fuzzy for e in entries)
    new = int(re.search(r"translated (\d+) new segments \(0 from memory\)", first.stdout)[1])
    assert new > 50

    second = site_builder(site, argos_env, "build")  # the build after a cold one: a no-op
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("nothing changed") and "files" not in second.stdout
    shutil.rmtree(site / "public")  # the site must be made again, its English from the memory
    third = site_builder(site, argos_env, "build")
    assert third.returncode == 0, third.stderr
    assert f"translated 0 new segments ({new} from memory)" in third.stdout
    assert "heavy imports: []" in third.stderr


def assert_twins_link_each_other(public: Path, slug: str) -> None:
    zh = (public / "zh" / "articles" / slug / "index.html").read_text(encoding="utf-8")
    en = (public / "en" / "articles" / slug / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'hreflang="en"[^>]*href="[^"]*/en/articles/{slug}/"', zh) or re.search(
        rf'href="[^"]*/en/articles/{slug}/"[^>]*hreflang="en"', zh
    )
    assert re.search(rf'hreflang="zh"[^>]*href="[^"]*/zh/articles/{slug}/"', en) or re.search(
        rf'href="[^"]*/zh/articles/{slug}/"[^>]*hreflang="zh"', en
    )
    assert '<html lang="zh' in zh and '<html lang="en' in en


def test_offline_without_a_model_says_how_to_install_one(site, argos_env):
    offline = {**argos_env, "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/index.json"}
    failed = site_builder(site, offline, "build", "--no-download")
    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "site-builder model install --file" in errors[0]
    assert "--lang zh" in errors[0] and "Traceback" not in failed.stderr
    assert not (site / "public").exists()

    chinese = site_builder(site, offline, "build", "--lang", "zh")
    assert chinese.returncode == 0, chinese.stderr
    assert len(list((site / "public" / "zh" / "articles").iterdir())) == ARTICLES_ON_DEMO_PAGE
    assert not (site / "public" / "en" / "articles").exists()
    assert "heavy imports: []" in chinese.stderr


def test_allow_zh_only_falls_back_with_a_warning(site, argos_env):
    offline = {**argos_env, "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/index.json"}
    result = site_builder(site, offline, "build", "--allow-zh-only")
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "Chinese site only" in result.stderr
    assert (site / "public" / "zh" / "index.html").exists()


def test_import_is_light():
    heavy = "{'torch', 'stanza', 'argostranslate', 'jieba', 'ctranslate2'}"
    code = f"import sys, site_builder, site_builder.cli; print(sorted(set(sys.modules) & {heavy}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_bad_seed_is_reported_and_the_rest_still_builds(site):
    (site / "seeds" / "zz_scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    result = site_builder(site, {}, "build", "--lang", "zh")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        line for line in result.stderr.splitlines() if "zz_scan.txt" in line
    ]
    assert len(list((site / "public" / "zh" / "articles").iterdir())) == ARTICLES_ON_DEMO_PAGE


@pytest.mark.parametrize(
    ("args", "config", "code", "message"),
    [
        (("build", "--lang", "fr"), None, 2, "--lang fr"),
        (("build",), "[site\n", 2, "site.toml: invalid TOML"),
    ],
)
def test_usage_and_config_errors_exit_2(site, args, config, code, message):
    if config:
        (site / "site.toml").write_text(config, encoding="utf-8")
    result = site_builder(site, {}, *args)
    assert result.returncode == code and message in result.stderr
    assert "Traceback" not in result.stderr


def test_model_commands_install_list_and_remove(site, argos_env, argos_model_file):
    assert "no zh→en model installed" in site_builder(site, argos_env, "model", "list").stdout
    installed = site_builder(site, argos_env, "model", "install", "--file", str(argos_model_file))
    assert installed.returncode == 0, installed.stderr
    listed = site_builder(site, argos_env, "model", "list").stdout
    assert "zh_en" in listed or "zh→en" in listed
    removed = site_builder(site, argos_env, "model", "remove")
    assert removed.returncode == 0 and "removed" in removed.stdout
    assert "no zh→en model installed" in site_builder(site, argos_env, "model", "list").stdout


def test_model_install_downloads_from_the_index(site, argos_env):
    result = site_builder(site, argos_env, "model", "install")
    assert result.returncode == 0, result.stderr
    assert "installed" in result.stdout
    assert "zh_en" in site_builder(site, argos_env, "model", "list").stdout


def test_translate_fills_the_memory_without_rendering(site, argos_env):
    result = site_builder(site, argos_env, "translate")
    assert result.returncode == 0, result.stderr
    assert re.search(r"translated [1-9]\d* new segments", result.stdout)
    assert len(list((site / "translations" / "en").glob("*.po"))) == ARTICLES_ON_DEMO_PAGE
    assert not (site / "public").exists()
    again = site_builder(site, argos_env, "translate", "--retranslate-machine")
    assert again.returncode == 0 and "(0 from memory)" in again.stdout
