"""Crash safety: SIGKILL a build at each named point of its work, then check nothing was lost.

A built site with an editor's correction in the translation memory is the "old" state. A new
page in seeds/ and an editor's new sentence in the corrected article make the next build
parse, write content/zh, translate, rewrite the corrected PO file, write content/en, render
in forked workers and swap public/. That build runs the real command line in a child process
that arms one kill point (tests/kill_points.py): the child SIGKILLs itself the moment the
build reaches it, after writing a marker, so every point is known to be reached. After every
kill: each PO file parses, the correction is intact, the hand edit is there, public/ is
exactly the old or the new site, and the next build completes and gives what an unbroken
build gave: the same site, the same memory, the same content.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import kill_points
import polib
import pytest
from helpers import site_toml

from site_builder.build import BuildOptions
from site_builder.build import build as site_build
from site_builder.config import load_config
from site_builder.translate.articles import ArgosTranslator
from site_builder.translate.memory import read_po

TESTS = Path(__file__).resolve().parent
BAD = TESTS / "bad"
CORRECTION = "An editor's correction that must survive every kill."
HAND_EDIT = "\n编者补记：这一段是编辑亲手加的，任何一次构建都不能丢。\n"
SITE_TOML = site_toml("http://127.0.0.1:8000/")
CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); import kill_points; "
         "sys.exit(kill_points.run(sys.argv[2], sys.argv[3], sys.argv[4:]))")


def start(site: Path, env: dict[str, str], point: str, marker: Path) -> subprocess.Popen:
    """Run `site-builder build` in a child process with one kill point armed."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(TESTS), point, str(marker),
         "build", "--no-download", "-q"], cwd=site,
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
        for p in sorted(folder.rglob("*")) if p.is_file() and not is_temp(p)
    }


def is_temp(path: Path) -> bool:
    """A hidden temp file of an atomic write (`.<name>.<random>.tmp`): readers skip them.

    A write killed before its rename leaves one behind, and no later build removes it.
    """
    return path.name.startswith(".") and path.name.endswith(".tmp")


def state(site: Path) -> dict[str, dict[str, str]]:
    """Return what a build leaves that matters: the site, the memory, the content."""
    return {name: snapshot(site / name) for name in ("public", "translations", "content")}


def correct_one_entry(memory: Path) -> tuple[str, str]:
    """Play the editor: correct the first entry of the first PO file; return (file, msgid)."""
    path = sorted(memory.glob("*.po"))[0]
    po = polib.pofile(str(path))
    entry = po[0]
    entry.msgstr = CORRECTION
    entry.flags.remove("fuzzy")
    po.save(str(path))
    return path.name, entry.msgid


def advance(site: Path, corrected: str) -> None:
    """Bring in the next build's work: a new page, a new sentence in the corrected article."""
    shutil.copy(BAD / "new_page.txt", site / "seeds" / "b_page.txt")
    article = site / "content" / "zh" / corrected.replace(".po", ".md")
    article.write_text(article.read_text(encoding="utf-8") + HAND_EDIT, encoding="utf-8")


def ready(old: Path, site: Path, package, corrected: str) -> None:
    """Copy the old site to site, build it there (public/ tied to its copy), then advance it."""
    shutil.copytree(old, site)
    build(site, package)  # a copied public/ is unknown to its manifest: this makes it known
    advance(site, corrected)


@pytest.fixture(scope="module")
def states(installed_argos, tmp_path_factory):
    """(old site, env, old state, new state of an unbroken build, correction)."""
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
    build(old, installed_argos)
    env["KILL_CORRECTED"] = correction[0]  # the PO file the corrected-file points watch
    new = old.with_name("new")
    ready(old, new, installed_argos, correction[0])
    process = start(new, env, "none", new.with_name("marker"))  # the command line, unbroken
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert not new.with_name("marker").exists()
    return old, env, state(old), state(new), correction


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
    article = site / "content" / "zh" / name.replace(".po", ".md")
    assert HAND_EDIT.strip() in article.read_text(encoding="utf-8")
    assert snapshot(site / "public") in (old["public"], new["public"])


@pytest.mark.parametrize("point", list(kill_points.POINTS))
def test_sigkill_at_a_named_point_loses_nothing(states, installed_argos, tmp_path, point):
    old_site, env, old, new, correction = states
    site = tmp_path / "site"
    ready(old_site, site, installed_argos, correction[0])
    marker = tmp_path / "marker"
    process = start(site, env, point, marker)
    _, err = process.communicate(timeout=300)
    reap_orphans(process)  # none, if forked workers died with the build as they should
    assert marker.is_file() and marker.read_text(encoding="utf-8") == point, (
        f"kill point never reached (exit {process.returncode}): {err[-2000:]}")
    assert process.returncode == -signal.SIGKILL
    check_nothing_lost(site, old, new, correction)
    build(site, installed_argos)  # the next build completes, orphaned workers or not...
    check_nothing_lost(site, old, new, correction)
    assert state(site) == new  # ...and leaves what an unbroken build left
