"""The folder swap where renameat2 is missing: the site is always whole, old or new."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.models import Page
from site_builder.output import write
from site_builder.output.guard import MARKER, aside_dir, check_output
from site_builder.output.write import WriteError, write_site

REPO = Path(__file__).resolve().parent.parent
OLD = {"index.html": "old front", "zh/a/index.html": "old article"}
NEW = {"index.html": "new front", "zh/b/index.html": "new article"}


def pages(files: dict[str, str]) -> list[Page]:
    return [Page(path, text.encode()) for path, text in files.items()]


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def beside(out: Path) -> list[str]:
    """What lies beside the output folder: temp folders, an aside site."""
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def old_site(tmp_path: Path) -> Path:
    out = tmp_path / "public"
    write_site(pages(OLD), out)
    return out


class NoRenameat2:
    """A C library from before glibc 2.28: no renameat2 symbol."""


class FailingRenameat2:
    """A C library whose renameat2 fails with one errno (old kernel, other file system)."""

    def __init__(self, code: int) -> None:
        def renameat2(*args) -> int:
            ctypes.set_errno(code)
            return -1

        self.renameat2 = renameat2


def test_no_renameat2_in_the_c_library(tmp_path, monkeypatch):
    out = old_site(tmp_path)
    monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: NoRenameat2())
    assert write._exchange(out, tmp_path) is False
    write_site(pages(NEW), out)
    assert files(out) == NEW and beside(out) == []


@pytest.mark.parametrize("code", [errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP])
def test_renameat2_unsupported_by_kernel_or_file_system(tmp_path, monkeypatch, code):
    out = old_site(tmp_path)
    monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: FailingRenameat2(code))
    write_site(pages(NEW), out)
    assert files(out) == NEW and beside(out) == []


def test_renameat2_failing_otherwise_keeps_the_old_site(tmp_path, monkeypatch):
    out = old_site(tmp_path)
    monkeypatch.setattr(ctypes, "CDLL", lambda *args, **kwargs: FailingRenameat2(errno.EACCES))
    with pytest.raises(WriteError, match="cannot replace the output folder"):
        write_site(pages(NEW), out)
    assert files(out) == OLD and beside(out) == []


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_other_systems_never_load_the_c_library(tmp_path, monkeypatch, platform):
    out = old_site(tmp_path)

    def no_dlopen(*args, **kwargs):
        raise AssertionError("renameat2 looked for outside Linux")

    monkeypatch.setattr(ctypes, "CDLL", no_dlopen)
    monkeypatch.setattr(sys, "platform", platform)
    write_site(pages(NEW), out)
    assert files(out) == NEW and beside(out) == []


def windows_rename(monkeypatch) -> None:
    """Rename as Windows does: never over an existing file or folder; no atomic exchange."""
    rename = os.rename

    def refuse_existing(src, dst, *args, **kwargs):
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, "Cannot create a file when that file already "
                                                "exists", str(dst))
        rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", refuse_existing)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)


def test_windows_like_renames(tmp_path, monkeypatch):
    out = old_site(tmp_path)
    windows_rename(monkeypatch)
    write_site(pages(NEW), out)
    assert files(out) == NEW and beside(out) == []
    write_site(pages(OLD), out)
    assert files(out) == OLD and beside(out) == []


def test_new_site_failing_to_go_in_puts_the_old_one_back(tmp_path, monkeypatch):
    out = old_site(tmp_path)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    rename = os.rename

    def fail_second(src, dst):
        if ".tmp-" in Path(src).name:  # the new site going in (a virus scanner has a file open)
            raise PermissionError(errno.EACCES, "Access is denied", str(src))
        rename(src, dst)

    monkeypatch.setattr(os, "rename", fail_second)
    with pytest.raises(WriteError, match="cannot replace the output folder"):
        write_site(pages(NEW), out)
    monkeypatch.setattr(os, "rename", rename)
    assert files(out) == OLD and beside(out) == []


# A build killed at a chosen point of the swap: os._exit, so no cleanup runs at all.
KILLED = """
import os, sys
from pathlib import Path
from site_builder.models import Page
from site_builder.output import write
out, point = Path(sys.argv[1]), sys.argv[2]
write._exchange = lambda a, b: False
rename, remove_site = os.rename, write.remove_site
def dying_rename(src, dst):
    if point == "between renames" and Path(dst) == out:
        os._exit(9)
    rename(src, dst)
def dying_remove(path):
    if point == "before the old site is deleted":
        os._exit(9)
    remove_site(path)
os.rename, write.remove_site = dying_rename, dying_remove
write.write_site([Page("index.html", b"new front"), Page("zh/b/index.html", b"new article")], out)
"""


def killed_swap(out: Path, point: str) -> None:
    """Run a build in a child process that dies at `point` of its swap."""
    run = subprocess.run([sys.executable, "-c", KILLED, str(out), point], cwd=REPO,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 9, run.stderr


def test_killed_between_the_renames_the_next_failing_build_keeps_the_old_site(tmp_path):
    out = old_site(tmp_path)
    killed_swap(out, "between renames")
    assert not out.exists() and files(aside_dir(out)) == OLD  # until the next build starts

    def broken():
        yield Page("index.html", b"half")
        raise RuntimeError("template exploded")

    with pytest.raises(RuntimeError):
        write_site(broken(), out)
    assert files(out) == OLD and [name for name in beside(out) if ".tmp-" not in name] == []


def test_killed_between_the_renames_the_next_build_puts_it_back_first(tmp_path):
    out = old_site(tmp_path)
    killed_swap(out, "between renames")
    from site_fixtures import make_config

    check_output(make_config(tmp_path / "site"), out)  # what a build does before anything
    assert files(out) == OLD and not aside_dir(out).exists()
    write_site(pages(NEW), out)
    assert files(out) == NEW and beside(out) == []


def test_killed_before_the_old_site_is_deleted_the_next_build_deletes_it(tmp_path):
    out = old_site(tmp_path)
    killed_swap(out, "before the old site is deleted")
    assert files(out) == NEW and files(aside_dir(out)) == OLD
    write_site(pages(OLD), out)
    assert files(out) == OLD and beside(out) == []


# `site-builder build` killed the moment its new site would go in (after the old one went aside)
KILLED_BUILD = """
import os, sys
from pathlib import Path
from site_builder.cli import main
from site_builder.output import write
out = Path.cwd() / "public"
write._exchange = lambda a, b: False
rename = os.rename
def dying_rename(src, dst):
    if Path(dst) == out and ".tmp-" in Path(src).name:
        os._exit(9)
    rename(src, dst)
os.rename = dying_rename
main(["build", "--lang", "zh", "-q"])
"""


def test_a_build_killed_mid_swap_then_a_failing_build_leave_the_old_site(tmp_path):
    from test_output_guard import build, make_site, snapshot

    site = make_site(tmp_path / "site")
    assert build(site) == 0
    before = snapshot(site / "public")
    page = site / "seeds" / "page.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n夜市延长营业。\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD], cwd=site, timeout=120,
                            capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    assert not (site / "public").exists()  # the crash window: until the next build starts
    shutil.copy(REPO / "tests" / "bad" / "templates" / "syntax_error.html",
                site / "theme" / "article.html")
    # a process of its own: a warm process keeps compiled templates (a theme added since may
    # go unnoticed there, which is not what this test is about)
    failing = subprocess.run([sys.executable, "-m", "site_builder", "build", "--lang", "zh"],
                             cwd=site, timeout=120, capture_output=True, text=True)
    assert failing.returncode == 1 and "article.html" in failing.stderr, failing.stderr
    assert snapshot(site / "public") == before
    assert not aside_dir(site / "public").exists()


def test_a_users_folder_named_like_the_aside_is_never_deleted(tmp_path, monkeypatch):
    out = old_site(tmp_path)
    theirs = aside_dir(out)
    theirs.mkdir()
    (theirs / "backup.txt").write_text("an editor's backup", encoding="utf-8")
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    with pytest.raises(WriteError, match="in the way"):
        write_site(pages(NEW), out)  # which also began by recovering any unfinished swap
    assert files(out) == OLD
    assert (theirs / "backup.txt").read_text(encoding="utf-8") == "an editor's backup"


def test_a_replaced_site_that_cannot_be_deleted_yet_is_deleted_later(tmp_path, monkeypatch):
    """Windows: a web server holds a file of the old site open, so it cannot be deleted yet."""
    out = old_site(tmp_path)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    unlink = Path.unlink

    def in_use(self, *args, **kwargs):
        if self.name == "index.html" and self.parent.name == ".public.old":
            raise PermissionError(errno.EACCES, "The file is in use by another process", str(self))
        unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", in_use)
    write_site(pages(NEW), out)
    assert files(out) == NEW
    assert (aside_dir(out) / MARKER).is_file()  # what is left is still known as a build's
    monkeypatch.setattr(Path, "unlink", unlink)  # the file is closed again
    write_site(pages(OLD), out)
    assert files(out) == OLD and beside(out) == []
