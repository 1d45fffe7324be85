"""Build caches: parsed files are reused only while their stat is unchanged."""

from __future__ import annotations

import os
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
