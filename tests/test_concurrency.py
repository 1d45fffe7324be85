"""Two builds of one site at once: the lock makes the second wait, nothing is corrupted."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from helpers import make_site

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


# A process that takes the site's lock, says so, and holds it until its stdin closes; with
# "fork", it first leaves a child behind that sleeps on (a render worker outliving its build).
HOLDER = """
import os, sys, time
from site_builder.output.lock import site_lock
with site_lock(sys.argv[1]):
    if sys.argv[2] == "fork":
        child = os.fork()
        if child == 0:
            time.sleep(120)
            os._exit(0)
        print("child", child, flush=True)
    print("held", flush=True)
    sys.stdin.read()
"""
HOLD_SECONDS = 3.0


def hold_lock(site: Path, mode: str = "plain") -> tuple[subprocess.Popen, int | None]:
    """Start a process holding the site's lock; return it and the pid of its forked child."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(site), mode], cwd=REPO,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child = int(holder.stdout.readline().split()[1]) if mode == "fork" else None
    assert holder.stdout.readline().strip() == "held"
    return holder, child


def wait_for_warning(build: subprocess.Popen) -> str:
    """Read the build's stderr up to the lock's warning (blocks until it reaches the lock)."""
    seen = []
    for line in build.stderr:
        seen.append(line)
        if "another build of this site is running; waiting" in line:
            return line
    raise AssertionError(f"the build never said it was waiting: {seen}")


def test_a_build_waits_while_another_process_holds_the_lock(tmp_path):
    site = make_site(tmp_path / "site")
    holder, _ = hold_lock(site)
    try:
        build = start(site)
        wait_for_warning(build)
        deadline = time.monotonic() + HOLD_SECONDS  # seconds: far longer than the build takes
        while time.monotonic() < deadline:
            assert build.poll() is None, "the build did not wait for the lock"
            assert not (site / "public").exists() and not (site / "content").exists()
            time.sleep(0.05)
    finally:
        released = time.time()
        holder.communicate(timeout=30)  # stdin closed: the holder leaves the lock
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    index = site / "public" / "zh" / "index.html"
    assert index.stat().st_mtime >= released - 0.01  # written only after the release
    assert (site / LOCK_NAME).exists()


def test_the_lock_dies_with_its_process_even_if_a_forked_child_lives_on(tmp_path):
    site = make_site(tmp_path / "site")
    holder, child = hold_lock(site, "fork")
    try:
        holder.kill()  # SIGKILL: no cleanup runs in the holder
        holder.wait(timeout=30)
        build = start(site)
        out, err = build.communicate(timeout=60)
        assert build.returncode == 0, err
        assert "waiting" not in err
        assert (site / "public" / "zh" / "index.html").is_file()
    finally:
        os.kill(child, signal.SIGKILL)


def test_threads_of_one_process_take_turns(tmp_path):
    entered = threading.Event()

    def second_build() -> None:
        with site_lock(tmp_path):
            entered.set()

    with site_lock(tmp_path):
        thread = threading.Thread(target=second_build)
        thread.start()
        assert not entered.wait(1.0), "a second thread got the lock while the first held it"
    assert entered.wait(10), "the second thread never got the lock after its release"
    thread.join(10)


def test_a_lock_held_elsewhere_is_waited_for_with_one_warning_at_once(tmp_path, caplog):
    site = make_site(tmp_path / "site")
    holder, _ = hold_lock(site)
    taken = threading.Event()

    def build() -> None:  # in this process, so that the lock's own code is the code under test
        with site_lock(site):
            taken.set()

    waiting = "another build of this site is running; waiting for it to finish"
    thread = threading.Thread(target=build, daemon=True)
    try:
        with caplog.at_level(logging.WARNING, logger="site_builder.output.lock"):
            thread.start()
            deadline = time.monotonic() + 0.5  # the warning comes before any waiting
            while not caplog.records and time.monotonic() < deadline:
                time.sleep(0.01)
            assert [record.getMessage() for record in caplog.records] == [waiting]
            time.sleep(0.5)
            assert not taken.is_set()
    finally:
        holder.communicate(timeout=30)  # released
        thread.join(timeout=30)
    assert taken.is_set()
