"""Output safety: a build writes only into a folder that is empty, missing or its own."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.output.lock import LOCK_NAME

TESTS = Path(__file__).resolve().parent
MARKER = ".site-builder-output"


def make_site(root: Path, paths: str = "") -> Path:
    """A one-page site (Chinese only, so no model) with a media folder and a theme."""
    (root / "seeds").mkdir(parents=True)
    shutil.copy(TESTS / "bad" / "good_page.txt", root / "seeds" / "page.txt")
    (root / "media").mkdir()
    (root / "media" / "photo.jpg").write_bytes(b"not really a jpeg")
    (root / "theme").mkdir()
    (root / "theme" / "note.txt").write_text("an editor's theme notes", encoding="utf-8")
    (root / "site.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "http://127.0.0.1:8000/"\ndate = 2026-03-05\n'
        f'[paths]\ntheme = "theme"\n{paths}',
        encoding="utf-8",
    )
    return root


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with its hash, but the build lock (beside site.toml)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOCK_NAME
    }


def build(site: Path, *args: str, capsys=None) -> int:
    """Run `site-builder build --lang zh` in the site folder, as a user would."""
    logger = logging.getLogger("site_builder")
    handlers, level, cwd = list(logger.handlers), logger.level, os.getcwd()
    os.chdir(site)  # --out is relative to where the command runs
    try:
        return main(["build", "--lang", "zh", "-q", *args])
    finally:  # main() sets up logging for a command line; leave other tests' caplog alone
        os.chdir(cwd)
        for handler in logger.handlers[len(handlers):]:
            logger.removeHandler(handler)
        logger.setLevel(level)


def test_out_into_a_folder_holding_a_users_file_exits_2_and_keeps_it(tmp_path, capsys):
    site = make_site(tmp_path / "site")
    mine = tmp_path / "site" / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    assert build(site, "--out", "mine") == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1, error
    assert "mine" in error and "notes.txt" in error
    assert snapshot(mine) == {"notes.txt": hashlib.sha256(b"my notes").hexdigest()}
    # checked before anything else: no temp folder, cache or standby beside it either
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".mine")) == []


@pytest.mark.parametrize("out", ["seeds", "content", "media", "theme", ".", "..", "seeds/site",
                                 "media/site", "theme/zh"])
def test_out_onto_an_input_folder_is_refused_and_it_stays(tmp_path, capsys, out):
    site = make_site(tmp_path / "site")
    assert build(site) == 0  # content/ and public/ exist now
    before = snapshot(tmp_path)
    assert build(site, "--out", out) == 2
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1 and "error:" in error
    assert snapshot(tmp_path) == before


def test_out_through_a_symbolic_link_to_the_seeds_is_refused(tmp_path, capsys):
    site = make_site(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "seeds-link").symlink_to(site / "seeds", target_is_directory=True)
    before = snapshot(site / "seeds")
    assert build(site, "--out", str(elsewhere / "seeds-link")) == 2
    assert "seeds" in capsys.readouterr().err
    assert snapshot(site / "seeds") == before


def test_out_onto_an_empty_input_folder_behind_a_link_is_refused(tmp_path, capsys):
    """media/ is a link to a shared, still empty folder: its real path is an input too."""
    site = make_site(tmp_path / "site")
    shutil.rmtree(site / "media")
    (tmp_path / "shared-media").mkdir()
    (site / "media").symlink_to(tmp_path / "shared-media", target_is_directory=True)
    assert build(site, "--out", str(tmp_path / "shared-media")) == 2
    assert "media" in capsys.readouterr().err
    assert list((tmp_path / "shared-media").iterdir()) == []


@pytest.mark.parametrize("output", ["seeds", "content", ".", "mine"])
def test_paths_output_in_site_toml_is_checked_the_same(tmp_path, capsys, output):
    site = make_site(tmp_path / "site", f'output = "{output}"\n')
    (site / "content").mkdir()
    (site / "content" / "page.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (site / "mine").mkdir()
    (site / "mine" / "notes.txt").write_text("my notes", encoding="utf-8")
    before = snapshot(tmp_path)
    assert build(site) == 2
    error = capsys.readouterr().err
    assert "error:" in error and output.strip(".") in error
    assert snapshot(tmp_path) == before


def test_a_previous_builds_output_is_accepted_again_and_again(tmp_path):
    site = make_site(tmp_path / "site")
    assert build(site, "--out", "../www") == 0
    assert (tmp_path / "www" / MARKER).is_file()
    page = site / "seeds" / "page.txt"
    for edit in ("一", "二"):  # an edit: the incremental path swaps in a reused tree
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n{edit}\n", encoding="utf-8")
        assert build(site, "--out", "../www") == 0
        assert (tmp_path / "www" / MARKER).is_file()
        assert (tmp_path / "www" / "zh" / "index.html").is_file()


def test_an_empty_folder_is_accepted_and_marked(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "public").mkdir()
    assert build(site) == 0
    assert (site / "public" / "zh" / "index.html").is_file()
    assert "site-builder" in (site / "public" / MARKER).read_text(encoding="utf-8")


def test_a_file_where_the_output_folder_should_be_is_refused(tmp_path, capsys):
    site = make_site(tmp_path / "site")
    (site / "public").write_text("a file", encoding="utf-8")
    assert build(site) == 2
    assert "public" in capsys.readouterr().err
    assert (site / "public").read_text(encoding="utf-8") == "a file"
