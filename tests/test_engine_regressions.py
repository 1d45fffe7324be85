"""The cases of issue 14 (and 18) the build engine once got wrong, each a test of its own.

(a) a theme sidebar of the latest headlines went stale on every page but the edited ones;
(b) a change to a package file no cache listed (render/search.py) left its output stale;
(c) the build right after a cold build was no no-op ("settle");
(d) an edit that kept the size, its mtime set back, was "nothing changed".
And what test_property.py found, each as small as it goes (both fixed since).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from engine_harness import (
    TESTS,
    WarmServe,
    assert_same_tree,
    cli_process,
    copy_inputs,
    starting_site,
    tree,
)
from markupsafe import escape
from property_site import THEME_FILES, EditBody, EditField, Site, make_site, read_story

PACKAGE = TESTS.parent / "site_builder"
RACY_SECONDS = 2.1  # files younger than 2 s are never trusted by their stat (files.trusted)


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory, installed_argos) -> Path:
    return starting_site(tmp_path_factory.mktemp("start"), installed_argos)


@pytest.fixture
def site(start: Path, tmp_path: Path) -> Site:
    return Site(copy_inputs(start, tmp_path / "site"))


@pytest.fixture
def model_env(argos_env: dict[str, str], installed_argos) -> dict[str, str]:
    """Env for a CLI subprocess that finds the tiny model installed (no download)."""
    return {**argos_env, "ARGOS_PACKAGES_DIR": str(installed_argos.package_path.parent)}


def sidebars(out: Path) -> dict[str, list[str]]:
    """The headlines each page's sidebar lists, by page."""
    found = {}
    for page in sorted(out.rglob("*.html")):
        aside = re.search(r'<aside class="latest">(.*?)</aside>', page.read_text("utf-8"), re.S)
        if aside:
            found[page.relative_to(out).as_posix()] = re.findall(r"<li>(.*?)</li>", aside[1])
    return found


def title_of(site: Site, lang: str, slug: str) -> str:
    """An article's title as its content file holds it (in HTML, as the templates escape it)."""
    return str(escape(read_story(site.root / "content" / lang / f"{slug}.md")[0]["title"]))


# --- (a) the stale sidebar -----------------------------------------------------------------

def test_a_retitled_newest_story_is_in_every_pages_sidebar(site: Site, installed_argos,
                                                          model_env) -> None:
    warm = WarmServe(site, installed_argos)
    try:
        assert cli_process(site.root, 0, model_env).code == 0
        newest = site.articles()[0].stem
        EditField(0, "title", 1).apply(site)  # "义乌夜市人气旺"
        warm.rebuild()
        assert cli_process(site.root, 0, model_env).code == 0
        for out in (warm.out, site.root / "public"):
            pages = sidebars(out)
            assert len(pages) > 50  # every page of the site
            for page, headlines in pages.items():
                lang = "en" if page.startswith("en/") else "zh"
                assert headlines[0] == title_of(site, lang, newest), (out, page)
    finally:
        warm.close()


# --- (b) an upgrade of site-builder, whichever file it touched -----------------------------

UPGRADES = {  # a package file, and a change to it that changes what a build writes
    "render/search.py": ('"will", "with",', '"will",'),  # the English stop words
    "render/text.py": ('{date.day}日"', '{date.day}日（新）"'),  # Chinese dates
    "templates/article.html": ("{% block content %}\n", "{% block content %}\n<!-- 新版 -->\n"),
    "tags/choose.py": ("TAGS_PER_ARTICLE = 3", "TAGS_PER_ARTICLE = 1"),
    "parse/normalise.py": ('",": "，"', '",": "、"'),  # what the seeds' ASCII commas become
}


def upgrade(package: Path, name: str) -> None:
    """Change one file of a copy of the package, as a new release would."""
    path = package / "site_builder" / name
    old, new = UPGRADES[name]
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} changed: pick another upgrade for this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_upgrade(site: Site, tmp_path: Path, name: str, model_env: dict[str, str],
                  also_edit: bool) -> None:
    """Build with a copy of the package, change one of its files, build: as a clean build."""
    package = tmp_path / "package"
    shutil.copytree(PACKAGE, package / "site_builder",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**model_env, "PYTHONPATH": str(package)}  # before the installed one on sys.path
    for _ in range(1 if also_edit else 2):  # the second records the state a no-op compares
        assert cli_process(site.root, 0, env).code == 0
    before = tree(site.root / "public")
    upgrade(package, name)
    if also_edit:
        EditBody(1, 0, 1).apply(site)  # not the newest: the sidebar stays as it was
    clean = copy_inputs(site.root, tmp_path / "clean")
    assert cli_process(site.root, 0, env).code == 0
    assert cli_process(clean, 0, env).code == 0
    assert tree(clean / "public") != before  # the upgrade does change the site
    assert_same_tree(site.root / "public", clean / "public", f"the build after {name} changed")
    assert_same_tree(site.root / "content", clean / "content", "content/")
    assert_same_tree(site.root / "translations", clean / "translations", "translations/")


@pytest.mark.parametrize("name", sorted(UPGRADES))
def test_an_upgrade_with_an_edit_is_built_by_the_cli(site, tmp_path, name, model_env) -> None:
    check_upgrade(site, tmp_path, name, model_env, also_edit=True)


def test_an_upgrade_alone_is_built_by_the_cli(site, tmp_path, model_env) -> None:
    check_upgrade(site, tmp_path, "render/search.py", model_env, also_edit=False)


# --- (c) no settle build -------------------------------------------------------------------

def stamps_of(root: Path, *folders: str) -> dict[str, tuple[int, int, int]]:
    """Every file under the folders, by path, with its size, mtime and inode."""
    found = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                st = path.stat()
                found[str(path)] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


def test_the_build_after_a_cold_build_is_a_no_op(tmp_path: Path, model_env) -> None:
    site = make_site(tmp_path / "site")  # nothing built: no content/en, no memory, no cache
    assert cli_process(site.root, 0, model_env).code == 0
    inputs = stamps_of(site.root, "seeds", "content", "translations", "theme")
    site_toml, public = (site.root / "site.toml").stat(), (site.root / "public").stat()
    second = cli_process(site.root, 0, model_env)
    assert second.code == 0
    assert stamps_of(site.root, "seeds", "content", "translations", "theme") == inputs
    assert (site.root / "site.toml").stat().st_mtime_ns == site_toml.st_mtime_ns
    assert (site.root / "public").stat().st_ino == public.st_ino  # not even swapped
    assert second.summary.startswith("nothing changed"), second.output  # nothing_changed
    assert "written" not in second.summary


# --- (d) an edit with its size kept and its mtime set back ---------------------------------

def test_a_same_size_edit_with_its_mtime_restored_is_built(site: Site, model_env) -> None:
    time.sleep(RACY_SECONDS)  # the copied files' stat is trusted by the caches from now on
    for _ in range(2):  # the second settles and records the state a no-op check compares
        assert cli_process(site.root, 0, model_env).code == 0
    story = site.root / "content" / "zh" / "web-trade-fair.md"
    before = story.stat()
    text = story.read_text(encoding="utf-8")
    assert "招聘会" in text
    with story.open("r+b") as handle:  # in place: the same inode, the same size
        handle.write(text.replace("招聘会", "展销会").encode("utf-8"))
    os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = story.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    assert cli_process(site.root, 0, model_env).code == 0
    page = (site.root / "public" / "zh" / "articles" / "web-trade-fair" / "index.html")
    assert "展销会" in page.read_text(encoding="utf-8")


# --- found by test_property.py -------------------------------------------------------------

def test_a_theme_template_added_while_serving_is_used(site: Site, installed_argos) -> None:
    theme_base = site.root / "theme" / "base.html"
    theme_base.unlink()  # serve starts with the default base.html
    warm = WarmServe(site, installed_argos)
    try:
        theme_base.write_text(THEME_FILES["base.html"](0), encoding="utf-8")
        warm.rebuild()
        assert len(sidebars(warm.out)) > 50  # every page now has the theme's sidebar
    finally:
        warm.close()
    # and serve started again shows it (the stale pages were fingerprinted with the new template)
    warm = WarmServe(site, installed_argos)
    try:
        assert len(sidebars(warm.out)) > 50
    finally:
        warm.close()
