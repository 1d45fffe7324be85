"""Two builds of one site at once: the lock makes the second wait, nothing is corrupted."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from site_builder.cli import main
from site_builder.output.lock import LOCK_NAME, site_lock

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CLI = "import sys; from site_builder.cli import main; sys.exit(main(sys.argv[1:]))"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def make_site(root: Path) -> Path:
    (root / "seeds").mkdir(parents=True)
    shutil.copy(TESTS / "bad" / "good_page.txt", root / "seeds" / "page.txt")
    (root / "site.toml").write_text(
        '[site]\ntitle = "T"\nbase_url = "http://127.0.0.1:8000/"\ndate = 2026-03-05\n',
        encoding="utf-8",
    )
    return root


def start(site: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "build", "--lang", "zh"], cwd=site, env=os.environ.copy(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_builds_at_once_both_succeed_and_agree_with_one(tmp_path):
    alone, twice = make_site(tmp_path / "alone"), make_site(tmp_path / "twice")
    logger = logging.getLogger("site_builder")
    handlers, level = list(logger.handlers), logger.level
    try:
        assert main(["build", "--lang", "zh", "-q", "--config", str(alone / "site.toml")]) == 0
    finally:  # main() sets up logging for a command line; leave other tests' caplog alone
        for handler in logger.handlers[len(handlers):]:
            logger.removeHandler(handler)
        logger.setLevel(level)
    runs = [start(twice), start(twice)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert snapshot(twice / "public") == snapshot(alone / "public")
    assert snapshot(twice / "content") == snapshot(alone / "content")
    leftovers = [p.name for p in twice.rglob("*") if ".tmp" in p.name]
    assert leftovers == []


def test_a_build_waits_while_another_holds_the_lock(tmp_path):
    site = make_site(tmp_path / "site")
    with site_lock(site):
        waiting = start(site)
        first_line = waiting.stderr.readline()  # blocks until the build reaches the lock
        assert "another build of this site is running; waiting" in first_line
        time.sleep(0.5)
        assert waiting.poll() is None, "the build did not wait for the lock"
        assert not (site / "public").exists() and not (site / "content").exists()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert (site / "public" / "zh" / "index.html").is_file()
    assert (site / LOCK_NAME).exists()
