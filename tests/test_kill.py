"""Crash safety: SIGKILL a build at many points, then check that nothing was lost or torn.

A built site with an editor's correction in the translation memory is the "old" state; a new
page in seeds/ makes the next build parse, translate, save PO files and swap public/. That
build is killed at evenly spread delays and when a watcher sees given files appear. After
every kill: each PO file parses, the correction is intact, content/zh holds the editor's
hand edit, public/ is exactly the old or the new site, and the next build completes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from helpers import site_toml

from site_builder.build import BuildOptions
from site_builder.build import build as site_build
from site_builder.config import load_config
from site_builder.translate.articles import ArgosTranslator
from site_builder.translate.memory import read_po

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
BAD = TESTS / "bad"
TIMED_FRACTIONS = (0.4, 0.6, 0.8)  # of an unbroken run; before ~0.3 it is imports
OLD_ARTICLES = 3  # on tests/bad/good_page.txt
CORRECTION = "An editor's correction that must survive every kill."
HAND_EDIT = "\n编者补记：这一段是编辑亲手加的，任何一次构建都不能丢。\n"
SITE_TOML = site_toml("http://127.0.0.1:8000/")
CLI = "import sys; from site_builder.cli import main; sys.exit(main(sys.argv[1:]))"


def start(site: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "build", "--no-download", "-q"], cwd=site,
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, so forked workers can be found
    )


def build(site: Path, package) -> None:
    """Build in this process (no interpreter start-up): what the next run after a crash does."""
    config = load_config(site / "site.toml")
    options = BuildOptions(
        allow_download=False, load_translator=lambda: ArgosTranslator(package, config.translation)
    )
    assert not site_build(config, options).problems


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def correct_one_entry(memory: Path) -> tuple[str, str]:
    """Play the editor: correct the first entry of the first PO file; return (file, msgid)."""
    path = sorted(memory.glob("*.po"))[0]
    po = polib.pofile(str(path))
    entry = po[0]
    entry.msgstr = CORRECTION
    entry.flags.remove("fuzzy")
    po.save(str(path))
    return path.name, entry.msgid


@pytest.fixture(scope="module")
def states(installed_argos, tmp_path_factory):
    """(old site folder, env, old public snapshot, new public snapshot, correction, seconds)."""
    env = {"ARGOS_PACKAGES_DIR": str(installed_argos.package_path.parent),
           "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/index.json", "ARGOS_DEVICE_TYPE": "cpu"}
    home = tmp_path_factory.mktemp("argos-home")
    env.update({f"XDG_{kind}_HOME": str(home / kind) for kind in ("DATA", "CACHE", "CONFIG")})
    old = tmp_path_factory.mktemp("kill") / "old"
    (old / "seeds").mkdir(parents=True)
    shutil.copy(BAD / "good_page.txt", old / "seeds" / "a_page.txt")
    (old / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    build(old, installed_argos)
    correction = correct_one_entry(old / "translations" / "en")
    article = sorted((old / "content" / "zh").glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + HAND_EDIT, encoding="utf-8")
    build(old, installed_argos)
    shutil.copy(BAD / "new_page.txt", old / "seeds" / "b_page.txt")
    new = old.with_name("new")
    shutil.copytree(old, new)
    began = time.monotonic()
    process = start(new, env)  # the real command line, timed: the kills are spread over it
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    seconds = time.monotonic() - began
    return old, env, snapshot(old / "public"), snapshot(new / "public"), correction, seconds


def _more_articles(site: Path) -> bool:
    return len(list((site / "content" / "zh").glob("*.md"))) > OLD_ARTICLES


def _appears(pattern: str) -> Callable[[Path], bool]:
    return lambda site: any(site.glob(pattern))


EVENTS = {  # kill the moment the build reaches a stage
    "new page parsed, its article written to content/zh": _more_articles,
    "a PO file being written (temp file)": _appears("translations/en/.*.po.*.tmp"),
    "a new PO file saved": lambda site: len(list(site.glob("translations/en/*.po"))) > OLD_ARTICLES,
    "the temp folder of public/ created": _appears(".public.tmp-*"),
    "pages being written into it": _appears(".public.tmp-*/zh/*"),
}


def kill_when(process: subprocess.Popen, seen: Callable[[], bool]) -> bool:
    """SIGKILL the build process (only it, as the OOM killer would) once seen() is true;
    return False if it finished first."""
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        if seen():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.001)
    process.wait()
    return False


def reap_orphans(process: subprocess.Popen) -> int:
    """Kill what is left of the build's process group (forked workers); return how many."""
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    left = 0
    for pid in pids:
        try:
            if os.getpgid(pid) == process.pid and pid != os.getpid():
                os.kill(pid, signal.SIGKILL)
                left += 1
        except (ProcessLookupError, PermissionError):
            continue
    return left


def check_nothing_lost(site: Path, old: dict, new: dict, correction: tuple[str, str]) -> None:
    """PO files parse, the correction and the hand edit are there, public/ is old or new."""
    memory = site / "translations" / "en"
    for path in memory.glob("*.po"):
        read_po(path)  # raises on a torn or truncated file
    name, msgid = correction
    entry = polib.pofile(str(memory / name)).find(msgid)
    assert entry is not None and entry.msgstr == CORRECTION and not entry.fuzzy
    assert any(HAND_EDIT.strip() in p.read_text(encoding="utf-8")
               for p in (site / "content" / "zh").glob("*.md"))
    assert snapshot(site / "public") in (old, new)


def test_sigkill_at_many_points_loses_nothing(states, installed_argos, tmp_path):
    old_site, env, old, new, correction, seconds = states
    plans: list[tuple[str, Callable[[Path, float], bool]]] = [
        (f"after {delay:.2f}s", lambda _site, began, d=delay: time.monotonic() - began >= d)
        for delay in (seconds * fraction for fraction in TIMED_FRACTIONS)
    ]
    plans += [(label, lambda site, _began, seen=seen: seen(site)) for label, seen in EVENTS.items()]
    killed, finished, orphans = [], [], 0
    for number, (label, due) in enumerate(plans):
        site = tmp_path / f"run-{number}"
        shutil.copytree(old_site, site)
        process = start(site, env)
        began = time.monotonic()
        was_killed = kill_when(process, lambda s=site, b=began, due=due: due(s, b))
        (killed if was_killed else finished).append(label)
        check_nothing_lost(site, old, new, correction)
        build(site, installed_argos)  # the next build completes, orphaned workers or not...
        check_nothing_lost(site, old, new, correction)
        assert snapshot(site / "public") == new  # ...and gives the same site as an unbroken one
        orphans += reap_orphans(process)
        shutil.rmtree(site)
    print(f"\n{len(killed)} kills: {'; '.join(killed)}; finished first: {finished or 'none'}; "
          f"orphaned worker processes reaped: {orphans}")
    assert len(killed) >= len(plans) - 2, finished
