"""Build caches: parsed files are reused only while their stat is unchanged."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import polib

from site_builder import stat_cache
from site_builder.memory import Memory
from site_builder.stat_cache import StatCache

MODEL = "translate-zh_en 1.0"


def test_unchanged_files_are_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    calls: list[str] = []

    def parse(path: Path) -> str:
        calls.append(path.name)
        return path.read_text(encoding="utf-8")

    cache_file = tmp_path / "cache.pickle"
    StatCache(cache_file, "t").get(tmp_path / "a.txt", parse)
    cache = StatCache(cache_file, "t")
    cache.get(tmp_path / "a.txt", parse)
    assert calls == ["a.txt", "a.txt"]  # too new to trust the first time: parsed again
    monkeypatch.setattr(stat_cache, "RACY_NS", 0)  # as if the file were old enough to trust
    StatCache(cache_file, "t").get(tmp_path / "a.txt", parse)
    StatCache(cache_file, "t").save()
    calls.clear()
    cache = StatCache(cache_file, "t")
    cache.get(tmp_path / "a.txt", parse)
    cache.save()
    for _ in range(2):
        cache = StatCache(cache_file, "t")
        assert cache.get(tmp_path / "a.txt", parse) == "one"
        cache.save()
    assert calls == ["a.txt"]
    assert StatCache(cache_file, "other version").get(tmp_path / "a.txt", parse) == "one"
    assert len(calls) == 2
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    assert StatCache(cache_file, "t").get(tmp_path / "a.txt", parse) == "two"


def test_editor_correction_wins_at_once_with_the_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(stat_cache, "RACY_NS", 0)
    memory_dir, cache = tmp_path / "po", tmp_path / "cache" / "memory.pickle"
    memory = Memory.load(memory_dir, cache)
    memory.add_machine({"你好。": "Hello."}, MODEL)
    memory.save_article("a", ["你好。"])
    memory.save_cache()
    Memory.load(memory_dir, cache).save_cache()
    before = (memory_dir / "a.po").stat()
    po = polib.pofile(str(memory_dir / "a.po"))
    po[0].msgstr, po[0].flags = "Good day.", []
    po.save()
    os.utime(memory_dir / "a.po", ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back
    entry = Memory.load(memory_dir, cache).lookup("你好。", "a")
    assert (entry.text, entry.reviewed) == ("Good day.", True)


def test_unchanged_article_file_is_neither_parsed_nor_rewritten(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(stat_cache, "RACY_NS", 0)
    memory_dir, cache = tmp_path / "po", tmp_path / "memory.pickle"
    memory = Memory.load(memory_dir, cache)
    memory.add_machine({"第一句。": "One.", "第二句。": "Two."}, MODEL)
    memory.save_article("a", ["第一句。", "第二句。"])
    memory.save_cache()
    before = (memory_dir / "a.po").stat().st_mtime_ns

    def no_parsing(path: Path) -> None:
        raise AssertionError(f"{path} parsed")

    monkeypatch.setattr("site_builder.memory.read_po", no_parsing)
    assert Memory.load(memory_dir, cache).save_article("a", ["第一句。", "第二句。"]) is False
    assert (memory_dir / "a.po").stat().st_mtime_ns == before


def test_cache_folder_is_in_the_project(tmp_path: Path) -> None:
    assert stat_cache.cache_root(tmp_path) == tmp_path / ".site-builder" / "cache"


def test_search_index_patched_after_an_edit_equals_a_fresh_one() -> None:
    import datetime as dt
    import json
    from dataclasses import replace

    from site_builder import render_search
    from site_builder.models import Article, Block

    def article(slug: str, text: str) -> Article:
        return Article(slug, "en", slug.title(), dt.date(2026, 2, 2), (Block("p", text),))

    site = [article("a", "trade fair opens"), article("b", "city market grows"),
            article("c", "trade market youth")]
    render_search._LAST.clear()
    render_search.render_search_index(site, "en")
    site[1] = replace(site[1], body=(Block("p", "youth visit district"),))
    patched = render_search.render_search_index(site, "en")
    render_search._LAST.clear()
    assert patched == render_search.render_search_index(site, "en")
    index = json.loads(patched)["index"]
    assert index["youth"] == [1, 2] and "city" not in index and index["market"] == [2]


def test_warm_memory_still_takes_an_editor_entry_from_another_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(stat_cache, "RACY_NS", 0)
    memory_dir, cache = tmp_path / "po", tmp_path / "memory.pickle"
    memory = Memory.load(memory_dir, cache)
    memory.add_machine({"你好。": "Hello."}, MODEL)
    for slug in ("a", "b"):
        memory.save_article(slug, ["你好。"])
    memory.save_cache()
    memory = Memory.load(memory_dir, cache)  # this process now knows both files are settled
    assert memory.save_article("a", ["你好。"]) is False
    memory.save_cache()
    po = polib.pofile(str(memory_dir / "b.po"))
    po[0].msgstr, po[0].flags = "Good day.", []
    po.save()
    assert Memory.load(memory_dir, cache).save_article("a", ["你好。"]) is True
    assert polib.pofile(str(memory_dir / "a.po"))[0].msgstr == "Good day."


def test_deferred_cache_writes_stay_in_memory_until_flushed(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "x.pickle"
    stat_cache.save_pickle(path, {"one": 1})
    stat_cache.defer_writes()
    try:
        stat_cache.save_pickle(path, {"two": 2})
        assert stat_cache.load_pickle(path) == {"two": 2}
        assert pickle.loads(path.read_bytes()) == {"one": 1}  # not written yet
    finally:
        stat_cache.flush_writes()
    assert pickle.loads(path.read_bytes()) == {"two": 2}
    path.write_bytes(pickle.dumps({"three": 3}))  # another process wrote it: read again
    assert stat_cache.load_pickle(path) == {"three": 3}
