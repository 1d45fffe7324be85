"""Linux-only calls in the output stage, each simulated absent: the build degrades, never breaks."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import logging
import os
import shutil
import sys
from pathlib import Path

import pytest
from helpers import make_site
from test_swap import windows_rename

from site_builder import processes
from site_builder.cli import main
from site_builder.output import write

TESTS = Path(__file__).resolve().parent


def build(site: Path) -> int:
    logger = logging.getLogger("site_builder")
    handlers, level = list(logger.handlers), logger.level
    try:
        return main(["build", "--lang", "zh", "-q", "--config", str(site / "site.toml")])
    finally:  # main() sets up logging for a command line; leave other tests' caplog alone
        for handler in logger.handlers[len(handlers):]:
            logger.removeHandler(handler)
        logger.setLevel(level)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def edit(site: Path, line: str) -> None:
    page = site / "seeds" / "page.txt"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{line}\n", encoding="utf-8")


def test_without_hard_links_rebuilds_equal_a_clean_build(tmp_path, monkeypatch):
    """FAT/exFAT drives and some network shares refuse os.link: files are rendered instead."""
    calls = []

    def no_links(src, dst, *args, **kwargs):
        calls.append(dst)
        raise OSError(errno.EPERM, "Operation not permitted", str(src))

    monkeypatch.setattr(os, "link", no_links)
    site = make_site(tmp_path / "edited")
    assert build(site) == 0
    for line in ("社区食堂又添新菜。", "夜市延长营业。"):  # each rebuild reuses the last site
        edit(site, line)
        assert build(site) == 0
    assert calls, "no rebuild tried to link a file: the test did not test the fallback"
    clean = make_site(tmp_path / "clean")
    shutil.copy(site / "seeds" / "page.txt", clean / "seeds" / "page.txt")
    assert build(clean) == 0
    assert snapshot(site / "public") == snapshot(clean / "public")


def test_windows_like_renames_rebuilds_equal_a_clean_build(tmp_path, monkeypatch):
    """No renameat2, and no rename over an existing folder: the two-rename swap each time."""
    windows_rename(monkeypatch)
    site = make_site(tmp_path / "edited")
    assert build(site) == 0
    for line in ("社区食堂又添新菜。", "夜市延长营业。"):
        edit(site, line)
        assert build(site) == 0
        beside = {p.name for p in site.iterdir() if p.name.startswith(".public.")}
        assert beside <= {".public.cache", ".public.standby"}  # no aside, no temp folder
    clean = make_site(tmp_path / "clean")
    shutil.copy(site / "seeds" / "page.txt", clean / "seeds" / "page.txt")
    assert build(clean) == 0
    assert snapshot(site / "public") == snapshot(clean / "public")


class NoPrctl:
    """The C library of macOS or a BSD: no prctl."""


def windows_dlopen(name, *args, **kwargs):
    raise TypeError("LoadLibrary() argument 1 must be str, not None")  # CDLL(None) there


@pytest.mark.parametrize("dlopen", [lambda *args, **kwargs: NoPrctl(), windows_dlopen])
def test_render_workers_start_where_prctl_is_missing(monkeypatch, dlopen):
    monkeypatch.setattr(ctypes, "CDLL", dlopen)
    exits = []
    monkeypatch.setattr(os, "_exit", exits.append)
    processes.die_with_parent(os.getppid())  # as a worker does on start
    assert exits == []
    processes.die_with_parent(-1)  # a parent already gone: the worker quits at once
    assert exits == [1]


def test_stale_folders_on_windows_never_use_os_kill(tmp_path, monkeypatch):
    """os.kill(pid, 0) sends Ctrl-C on Windows: ask OpenProcess; unsure keeps the folder."""
    dead = tmp_path / ".public.tmp-999999999-abc"
    dead.mkdir()

    def no_kill(*args):
        raise AssertionError("os.kill called on Windows")

    monkeypatch.setattr(os, "kill", no_kill)
    monkeypatch.setattr(sys, "platform", "win32")
    write._remove_stale(tmp_path / "public")  # no kernel32 here: unsure, so kept
    assert dead.exists()
    monkeypatch.setattr(ctypes, "WinDLL", lambda *a, **k: Kernel32(None), raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: 5, raising=False)  # access denied
    write._remove_stale(tmp_path / "public")
    assert dead.exists()
    for exit_code, kept in ((259, True), (0, False)):  # STILL_ACTIVE; exited
        monkeypatch.setattr(ctypes, "WinDLL", lambda *a, c=exit_code, **k: Kernel32(c))
        write._remove_stale(tmp_path / "public")
        assert dead.exists() == kept
    dead.mkdir()
    monkeypatch.setattr(ctypes, "WinDLL", lambda *a, **k: Kernel32(None))
    monkeypatch.setattr(ctypes, "get_last_error", lambda: 87)  # no such process
    write._remove_stale(tmp_path / "public")
    assert not dead.exists()


class Kernel32:
    """Windows' process calls, answering as for one process: None means it cannot be opened."""

    def __init__(self, exit_code: int | None) -> None:
        self.exit_code = exit_code

    def OpenProcess(self, access, inherit, pid):  # noqa: N802 - the Windows name
        return 0 if self.exit_code is None else 42

    def GetExitCodeProcess(self, handle, code):  # noqa: N802
        code._obj.value = self.exit_code
        return 1

    def CloseHandle(self, handle):  # noqa: N802
        return 1
