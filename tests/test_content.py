"""content/zh sync: generated files are refreshed, hand-edited ones are kept, stale ones removed."""

import datetime as dt
import json
import time

import pytest

from site_builder import files
from site_builder.cache.session import Session
from site_builder.content.folders import read_articles, write_translated
from site_builder.content.sync import sync_generated
from site_builder.models import Article, Block


def article(slug: str, text: str, seed: str = "page.txt") -> Article:
    return Article(
        slug=slug,
        lang="zh",
        title=f"标题{slug}",
        date=dt.date(2026, 2, 2),
        body=(Block("p", text),),
        source=f"{seed}:1-3",
    )


def test_first_sync_writes_and_reads_back(tmp_path):
    report = sync_generated([article("a", "甲。"), article("b", "乙。")], tmp_path, {"page.txt"})
    assert report.written == ("a.md", "b.md")
    assert {a.slug for a in read_articles(tmp_path)} == {"a", "b"}


def test_changed_seed_updates_generated_file(tmp_path):
    sync_generated([article("a", "甲。")], tmp_path, {"page.txt"})
    report = sync_generated([article("a", "甲改。")], tmp_path, {"page.txt"})
    assert report.written == ("a.md",)
    assert read_articles(tmp_path)[0].paragraphs == ("甲改。",)


def test_hand_edited_file_survives_reparse(tmp_path):
    sync_generated([article("a", "甲。")], tmp_path, {"page.txt"})
    path = tmp_path / "a.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("甲。", "编辑改过。"), encoding="utf-8"
    )
    report = sync_generated([article("a", "甲新。")], tmp_path, {"page.txt"})
    assert report.kept_hand_edited == ("a.md",) and report.written == ()
    assert read_articles(tmp_path)[0].paragraphs == ("编辑改过。",)


def test_article_gone_from_seed_is_removed_unless_edited(tmp_path):
    sync_generated([article("a", "甲。"), article("b", "乙。")], tmp_path, {"page.txt"})
    (tmp_path / "b.md").write_text((tmp_path / "b.md").read_text() + "\n编辑加的。\n")
    report = sync_generated([], tmp_path, {"page.txt"})
    assert report.removed == ("a.md",)
    assert [a.slug for a in read_articles(tmp_path)] == ["b"]


def test_articles_of_a_seed_that_failed_to_parse_are_kept(tmp_path):
    sync_generated([article("a", "甲。", seed="broken.txt")], tmp_path, {"broken.txt"})
    report = sync_generated([], tmp_path, set())
    assert report.removed == () and (tmp_path / "a.md").exists()


def test_unchanged_sync_touches_nothing(tmp_path):
    sync_generated([article("a", "甲。")], tmp_path, {"page.txt"})
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    report = sync_generated([article("a", "甲。")], tmp_path, {"page.txt"})
    assert report.written == () and before == {
        p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()
    }


def test_translated_folder_mirrors_articles(tmp_path):
    en = [article("a", "A."), article("b", "B.")]
    assert write_translated(en, tmp_path) == 2
    assert write_translated(en[:1], tmp_path) == 0
    assert [p.name for p in tmp_path.glob("*.md")] == ["a.md"]
    assert "translations/en/a.po" in (tmp_path / "a.md").read_text()


def test_warm_write_translated_rewrites_only_files_changed_behind_its_back(tmp_path, monkeypatch):

    monkeypatch.setattr(files, "RACY_NS", 0)  # files old enough to trust their stat
    en = [article("a", "A."), article("b", "B."), article("c", "C.")]
    session = Session()  # a warm process's
    assert write_translated(en, tmp_path, session=session) == 3
    written = (tmp_path / "b.md").read_text(encoding="utf-8")
    (tmp_path / "b.md").write_text("damaged", encoding="utf-8")
    (tmp_path / "c.md").unlink()
    assert write_translated(en, tmp_path, session=session) == 2
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == written
    assert write_translated([*en[:2], article("c", "C, new.")], tmp_path, session=session) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md", "c.md"]  # no temp files


def test_a_new_process_dumps_only_articles_it_did_not_write(tmp_path, monkeypatch):
    """The cache beside the folder skips the dump of a file written from the same article."""
    from site_builder.content import folders

    monkeypatch.setattr(files, "RACY_NS", 0)  # files old enough to trust their stat
    dumped = []
    dump = folders.dump_article
    monkeypatch.setattr(folders, "dump_article", lambda a, *rest: dumped.append(a.slug) or dump(
        a, *rest))
    en, cache = [article("a", "A."), article("b", "B."), article("c", "C.")], tmp_path / "c.pkl"
    folder = tmp_path / "en"
    assert write_translated(en, folder, cache) == 3
    plain = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "b.md").write_text("damaged", encoding="utf-8")
    dumped.clear()
    en[2] = article("c", "C, new.")
    assert write_translated(en, folder, cache) == 2  # each call: a new process's Session
    assert dumped == ["b", "c"]  # a: not even dumped; b: its file changed; c: its article did
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        **plain, "c.md": dump(en[2], folders.EN_HEADER.format(slug="c")).encode()}
    assert write_translated(en, folder, cache) == 0 and dumped == ["b", "c"]


def test_files_too_young_to_trust_are_read_back_not_dumped_again(tmp_path, monkeypatch):
    """A build right after the one that wrote content/en checks the files' text instead."""
    from site_builder.content import folders

    monkeypatch.setattr(files, "RACY_NS", 10**18)  # no stat is old enough to trust
    dumped = []
    dump = folders.dump_article
    monkeypatch.setattr(folders, "dump_article", lambda a, *rest: dumped.append(a.slug) or dump(
        a, *rest))
    en, cache, folder = [article("a", "A."), article("b", "B.")], tmp_path / "c.pkl", tmp_path
    assert write_translated(en, folder / "en", cache) == 2
    dumped.clear()
    assert write_translated(en, folder / "en", cache) == 0 and dumped == []
    (folder / "en" / "a.md").write_text("A, changed.", encoding="utf-8")  # by someone else
    assert write_translated(en, folder / "en", cache) == 1 and dumped == ["a"]


def test_warm_read_articles_parses_only_files_whose_stat_changed(tmp_path, monkeypatch):

    monkeypatch.setattr(files, "RACY_NS", 0)  # files old enough to trust their stat
    sync_generated([article("a", "甲。"), article("b", "乙。"), article("c", "丙。")], tmp_path,
                   {"page.txt"})
    session = Session()
    first = read_articles(tmp_path, session=session)
    path = tmp_path / "b.md"
    edited = path.read_text(encoding="utf-8").replace("乙。", "乙，改过。")
    path.write_text(edited, encoding="utf-8")
    (tmp_path / "c.md").unlink()
    second = read_articles(tmp_path, session=session)
    assert [a.slug for a in second] == ["a", "b"] and second[0] is first[0]
    assert second[1].paragraphs == ("乙，改过。",)


def test_warm_sync_reads_only_files_changed_since_and_keeps_a_hand_edit(tmp_path, monkeypatch):
    from site_builder.content import sync as content

    monkeypatch.setattr(files, "RACY_NS", 0)  # files old enough to trust their stat
    parsed = [article("a", "甲。"), article("b", "乙。")]
    session = Session()
    sync_generated(parsed, tmp_path, {"page.txt"}, session)
    read: list[str] = []
    real = content.read_text
    monkeypatch.setattr(content, "read_text", lambda path: read.append(path.name) or real(path))
    assert sync_generated(parsed, tmp_path, {"page.txt"}, session).written == ()
    assert read == [".generated.json"]  # the articles' files were not read
    path = tmp_path / "b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("乙。", "编辑改过。"),
                    encoding="utf-8")
    report = sync_generated([parsed[0], article("b", "乙新。")], tmp_path, {"page.txt"}, session)
    assert report.kept_hand_edited == ("b.md",) and "编辑改过。" in path.read_text(encoding="utf-8")
    again = sync_generated(parsed, tmp_path, {"page.txt"}, session)  # the same object, edited
    assert again.kept_hand_edited == ("b.md",)


def test_warm_sync_told_what_changed_looks_at_those_files_only(tmp_path, monkeypatch):
    from site_builder import files
    from site_builder.content import sync as content

    monkeypatch.setattr(files, "RACY_NS", 0)  # files old enough to trust their stat
    parsed = [article(name, f"{name}的正文。") for name in ("a", "b", "c")]
    session = Session(changed=frozenset())
    sync_generated(parsed, tmp_path, {"page.txt"}, session)
    edited, deleted = tmp_path / "a.md", tmp_path / "b.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("a的正文。", "编辑改过。"),
                      encoding="utf-8")
    deleted.unlink()
    statted: list[str] = []
    real = files.stamp
    monkeypatch.setattr(content, "stamp", lambda path: statted.append(path.name) or real(path))
    session.changed = frozenset({str(edited), str(deleted), str(tmp_path / "notes.txt")})
    report = sync_generated(parsed, tmp_path, {"page.txt"}, session)  # the same parsed list
    assert (report.written, report.kept_hand_edited) == (("b.md",), ("a.md",))
    assert "c.md" not in statted  # untouched, not even statted
    session.changed = frozenset()
    again = sync_generated(parsed, tmp_path, {"page.txt"}, session)
    assert again.kept_hand_edited == ("a.md",) and again.written == ()  # still kept, reported
    # a new process, which looks at every file, agrees
    assert sync_generated(parsed, tmp_path, {"page.txt"}) == again
    assert "编辑改过。" in edited.read_text(encoding="utf-8") and deleted.exists()


def hand_edit(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("damage", [
    None,  # the manifest lost
    "",  # emptied
    '{"a.md": "',  # cut off
    "[]", "null", '"a.md"', '{"a.md": 1}',  # JSON, but not the manifest's shape
    '{"b.md": "0000"}',  # the entry missing
    b"\xff\xfe\x00garbage",  # not text
], ids=["lost", "empty", "truncated", "list", "null", "string", "number", "no-entry", "binary"])
def test_a_file_the_manifest_does_not_vouch_for_counts_as_hand_edited(tmp_path, damage):
    from site_builder.content import sync as content

    sync_generated([article("a", "甲。"), article("b", "乙。")], tmp_path, {"page.txt"})
    hand_edit(tmp_path / "a.md", "甲。", "编辑改过。")
    manifest = tmp_path / content.MANIFEST
    if damage is None:
        manifest.unlink()
    elif isinstance(damage, bytes):
        manifest.write_bytes(damage)
    else:
        manifest.write_text(damage, encoding="utf-8")
    for _ in range(2):  # the second time from what the first one recorded
        report = sync_generated([article("a", "甲新。")], tmp_path, {"page.txt"})
        assert report.kept_hand_edited == ("a.md",) and report.written == ()
        assert "a.md" not in report.removed
        assert read_articles(tmp_path)[0].paragraphs == ("编辑改过。",)


def test_a_hand_edit_saved_in_another_encoding_is_kept(tmp_path):
    sync_generated([article("a", "甲。")], tmp_path, {"page.txt"})
    path = tmp_path / "a.md"
    edited = path.read_text(encoding="utf-8").replace("甲。", "编辑改过。")
    path.write_bytes(edited.encode("gb18030"))  # an editor's tool saved it as GBK
    report = sync_generated([article("a", "甲新。")], tmp_path, {"page.txt"})
    assert report.kept_hand_edited == ("a.md",)
    assert path.read_bytes() == edited.encode("gb18030")


def test_stale_articles_of_a_seed_with_a_colon_in_its_name_are_removed(tmp_path):
    seed = "2026:02:02.txt"  # `source` is "<seed>:<lines>": the name may hold colons too
    sync_generated([article("a", "甲。", seed=seed), article("b", "乙。", seed=seed)], tmp_path,
                   {seed})
    report = sync_generated([article("a", "甲。", seed=seed)], tmp_path, {seed})
    assert report.removed == ("b.md",)


def test_what_sync_tells_the_editor(tmp_path, caplog):
    from site_builder.content import sync as content

    sync_generated([article("a", "甲。")], tmp_path, {"page.txt"})
    hand_edit(tmp_path / "a.md", "甲。", "编辑改过。")
    (tmp_path / content.MANIFEST).write_text("[]", encoding="utf-8")
    with caplog.at_level("INFO", logger="site_builder.content.sync"):
        sync_generated([article("a", "甲新。")], tmp_path, {"page.txt"})
    assert [r.getMessage() for r in caplog.records] == [
        f"{tmp_path / content.MANIFEST}: damaged, ignored (files it listed count as edited by "
        "hand)",
        f"{tmp_path / 'a.md'}: edited by hand, kept (delete it to regenerate from the seed)"]


def test_a_warm_sync_told_nothing_reports_nothing_and_records_what_it_writes(
        tmp_path, monkeypatch):
    from site_builder.content import sync as content
    from site_builder.content.sync import SyncReport

    monkeypatch.setattr(files, "RACY_NS", 0)  # files old enough to trust their stat

    parsed = [article("a", "甲。"), article("b", "乙。")]
    session = Session(changed=frozenset())  # one warm process, its watcher
    sync_generated(parsed, tmp_path, {"page.txt"}, session)
    session.changed = frozenset()
    assert sync_generated(parsed, tmp_path, {"page.txt"}, session) == SyncReport(
        (), (), (), ())
    (tmp_path / "b.md").unlink()  # the watcher saw it go: the warm sync writes it again
    session.changed = frozenset({str(tmp_path / "b.md")})
    assert sync_generated(parsed, tmp_path, {"page.txt"}, session).written == ("b.md",)
    (tmp_path / content.MANIFEST).unlink()  # lost while serving: the next sync records anew
    time.sleep(0.01)
    (tmp_path / "a.md").touch()
    session.changed = frozenset({str(tmp_path / "a.md")})
    assert sync_generated(parsed, tmp_path, {"page.txt"}, session) == SyncReport(
        (), (), (), ())
    manifest = json.loads((tmp_path / content.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["a.md"] == files.digest((tmp_path / "a.md").read_text(encoding="utf-8"))


def test_a_manifest_changed_behind_the_process_is_read_again(tmp_path):
    from site_builder.content import sync as content

    session = Session()  # one process: it keeps the manifest it read while its stamp holds
    sync_generated([article("a", "甲。")], tmp_path, {"page.txt"}, session)
    sync_generated([article("a", "甲。")], tmp_path, {"page.txt"}, session)  # read, kept
    hand_edit(tmp_path / "a.md", "甲。", "编辑改过。")
    # another tool (or a new checkout) rewrote the manifest so that it vouches for the edit
    path = tmp_path / content.MANIFEST
    time.sleep(0.01)
    path.write_text(json.dumps({"a.md": files.digest((tmp_path / "a.md").read_text(
        encoding="utf-8"))}), encoding="utf-8")
    report = sync_generated([article("a", "甲新。")], tmp_path, {"page.txt"}, session)
    assert report.written == ("a.md",)


@pytest.mark.parametrize("step", ["write", "remove"])
def test_a_failed_write_or_delete_names_the_file(tmp_path, monkeypatch, step):
    from site_builder.content import markdown
    from site_builder.content.markdown import ContentError

    sync_generated([article("a", "甲。"), article("b", "乙。")], tmp_path, {"page.txt"})

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(markdown, "write_atomic" if step == "write" else "remove", full)
    parsed = [article("a", "甲新。")] if step == "write" else [article("a", "甲。")]
    name = "a.md" if step == "write" else "b.md"
    verb = "write" if step == "write" else "delete"
    with pytest.raises(ContentError) as error:
        sync_generated(parsed, tmp_path, {"page.txt"})
    assert str(error.value) == f"{tmp_path / name}: cannot {verb}: No space left on device"


def test_a_withdrawn_file_stays_as_it_is_and_is_reported(tmp_path, caplog):
    sync_generated([article("a", "甲。"), article("b", "乙。")], tmp_path, {"page.txt"})
    withdrawn = tmp_path / "a.md"
    hand_edit(withdrawn, "status: published", "status: withdrawn")  # the editor withdrew it
    hand_edit(tmp_path / "b.md", "乙。", "乙：withdrawn 只是正文里的一个词。")  # not a status
    text = withdrawn.read_text(encoding="utf-8")
    with caplog.at_level("INFO", logger="site_builder.content.sync"):
        report = sync_generated([article("a", "甲新。"), article("b", "乙新。")], tmp_path,
                                {"page.txt"})
    assert (report.withdrawn, report.kept_hand_edited, report.written) == (
        ("a.md",), ("b.md",), ())
    assert withdrawn.read_text(encoding="utf-8") == text
    assert f"{withdrawn}: withdrawn, kept off the site" in caplog.messages
