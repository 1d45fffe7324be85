"""write_site: complete new site or the old one untouched; bad paths refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from site_builder.models import Page
from site_builder.output import write
from site_builder.output.guard import MARKER
from site_builder.output.write import WriteError, write_site


def _pages(*names: str) -> list[Page]:
    return [Page(name, f"content of {name}".encode()) for name in names]


def _files(folder: Path) -> dict[str, str]:
    """The site's files and their text; the marker every built tree holds is checked apart."""
    assert (folder / MARKER).is_file(), f"{folder} lacks the output marker"
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def _broken():
    """Pages of a build whose templates fail halfway."""
    yield Page("index.html", b"half")
    raise RuntimeError("template exploded")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def test_writes_pages_and_returns_the_count(tmp_path):
    out = tmp_path / "public"
    assert write_site(_pages("index.html", "zh/a/index.html", "assets/s.css"), out) == 3
    assert _files(out) == {
        "assets/s.css": "content of assets/s.css",
        "index.html": "content of index.html",
        "zh/a/index.html": "content of zh/a/index.html",
    }
    assert oct(out.stat().st_mode & 0o777) == "0o755"
    assert _leftovers(out) == []


def test_replaces_the_previous_site_completely(tmp_path):
    out = tmp_path / "public"
    write_site(_pages("old.html", "index.html"), out)
    write_site(_pages("index.html", "new.html"), out)
    assert set(_files(out)) == {"index.html", "new.html"}
    assert _leftovers(out) == []


def test_a_failing_build_leaves_the_previous_site_intact(tmp_path):
    out = tmp_path / "public"
    write_site(_pages("index.html"), out)

    with pytest.raises(RuntimeError, match="exploded"):
        write_site(_broken(), out)
    assert _files(out) == {"index.html": "content of index.html"}
    assert _leftovers(out) == []


@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.html", "zh/../../x", "a/./b", "",
                                  "a\\b", ".", "a\0b.html"])
def test_refuses_paths_outside_the_folder(tmp_path, path):
    out = tmp_path / "public"
    with pytest.raises(WriteError, match="refusing page path"):
        write_site([Page(path, b"x")], out)
    assert not out.exists() and not (tmp_path / "outside.html").exists()


def test_refuses_writing_the_same_path_twice(tmp_path):
    with pytest.raises(WriteError, match="'zh/index.html' written twice"):
        write_site(_pages("zh/index.html", "en/index.html", "zh/index.html"), tmp_path / "out")


def test_unwritable_output_folder_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(WriteError, match=str(blocker)):
        write_site(_pages("index.html"), blocker / "public")
    with pytest.raises(WriteError, match="not a folder"):
        write_site(_pages("index.html"), blocker)


def test_page_path_clashing_with_a_folder_is_an_error(tmp_path):
    with pytest.raises(WriteError, match="cannot write page 'a/b'"):
        write_site(_pages("a", "a/b"), tmp_path / "public")
    assert _leftovers(tmp_path / "public") == []


def test_swaps_by_rename_where_renameat2_is_missing(tmp_path, monkeypatch):
    out = tmp_path / "public"
    write_site(_pages("old.html"), out)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    write_site(_pages("new.html"), out)
    assert set(_files(out)) == {"new.html"}
    assert _leftovers(out) == []


def test_removes_folders_left_by_killed_builds(tmp_path):
    out = tmp_path / "public"
    dead = tmp_path / ".public.tmp-999999999-abc"  # no such process
    dead.mkdir()
    mine = tmp_path / f".public.tmp-{os.getpid()}-xyz"  # a live build: left alone
    mine.mkdir()
    write_site(_pages("index.html"), out)
    assert not dead.exists() and mine.exists()


def test_pages_are_consumed_one_at_a_time(tmp_path):
    out = tmp_path / "public"
    seen = []

    def pages():
        for i in range(3):
            # The previous page is already on disk when the next one is produced.
            seen.append(len([p for p in out.parent.rglob("*.html")]))
            yield Page(f"{i}.html", b"x")

    write_site(pages(), out)
    assert seen == [0, 1, 2]


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from-a").touch()
    (b / "from-b").touch()
    if not write._exchange(a, b):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not supported here")
    assert (a / "from-b").exists() and (b / "from-a").exists()


@pytest.mark.parametrize("path", ["../outside.html", "a\0b.html", "/x"])
def test_collecting_jobs_refuses_a_bad_path_after_good_ones(path):
    from site_builder.output.write import Job, collect_jobs

    good = [Job(f"zh/{n}.html", str(n), bytes) for n in range(3)]
    collect_jobs(good)  # the paths a warm process has checked already
    with pytest.raises(WriteError, match="refusing page path"):
        collect_jobs([*good, Job(path, "x", bytes)])


def test_an_output_folder_whose_parents_are_missing_is_made(tmp_path):
    out = tmp_path / "a" / "b" / "public"
    write_site(_pages("index.html"), out)
    assert _files(out) == {"index.html": "content of index.html"}


@pytest.mark.skipif(not write.sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_a_failing_exchange_says_which_folder_and_why(tmp_path):
    import errno

    (tmp_path / "new").mkdir()
    with pytest.raises(OSError) as raised:
        write._exchange(tmp_path / "new", tmp_path / "missing")
    assert raised.value.errno == errno.ENOENT
    assert raised.value.filename == str(tmp_path / "missing")
    assert raised.value.strerror == os.strerror(errno.ENOENT)


def test_what_a_build_logs_of_the_folders_it_writes_and_clears(tmp_path, caplog):
    out = tmp_path / "public"
    dead = tmp_path / ".public.tmp-999999999-abc"
    dead.mkdir()
    with caplog.at_level("INFO", logger="site_builder.output.write"):
        write_site(_pages("index.html", "zh/index.html"), out)
    assert [r.getMessage() for r in caplog.records] == [
        f"removing {dead}, left by an interrupted build", f"wrote 2 files to {out}"]


def _undeletable(monkeypatch, name: str) -> None:
    """Make deleting the folder called `name` fail, as a file held open or a bad disk does."""
    rmdir = os.rmdir

    def refuse(path, *args, **kwargs):
        if Path(path).name == name:
            raise PermissionError(13, "Permission denied", str(path))
        return rmdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", refuse)


def test_a_left_folder_that_cannot_be_deleted_does_not_stop_the_build(tmp_path, monkeypatch):
    out = tmp_path / "public"
    (tmp_path / ".public.tmp-999999999-abc").mkdir()
    _undeletable(monkeypatch, ".public.tmp-999999999-abc")
    write_site(_pages("index.html"), out)
    assert _files(out) == {"index.html": "content of index.html"}


def test_a_failed_build_says_why_even_when_its_half_site_cannot_be_deleted(tmp_path, monkeypatch):
    out = tmp_path / "public"
    write_site(_pages("index.html"), out)
    made = []
    make_fresh = write._make_fresh

    def fresh(out_dir):  # the half site's folder: its deletion fails
        made.append(make_fresh(out_dir))
        _undeletable(monkeypatch, made[-1].name)
        return made[-1]

    monkeypatch.setattr(write, "_make_fresh", fresh)

    with pytest.raises(RuntimeError, match="exploded"):
        write_site(_broken(), out)
    assert _files(out) == {"index.html": "content of index.html"}


