"""Build caches: parsed files are reused only while their stat is unchanged."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from site_builder import files
from site_builder.cache import stamps as stat_cache
from site_builder.cache.session import Session
from site_builder.cache.stamps import StatCache
from site_builder.cache.store import Store
from site_builder.config import TranslationConfig
from site_builder.models import Article, Block
from site_builder.translate.articles import translate_articles
from site_builder.translate.memory import Memory

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
    monkeypatch.setattr(files, "RACY_NS", 0)  # as if the file were old enough to trust
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
    monkeypatch.setattr(files, "RACY_NS", 0)
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


def edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Rewrite a file in place with text of the same size, its mtime set back (`cp -p`)."""
    assert len(old.encode("utf-8")) == len(new.encode("utf-8"))
    before = path.stat()
    time.sleep(0.05)  # past the clock tick of file times: the edit's ctime is a later one
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    assert after.st_ctime_ns != before.st_ctime_ns  # what still tells the two versions apart


def test_same_size_edit_with_its_mtime_set_back_is_seen(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(files, "RACY_NS", 0)  # every file old enough to trust its stat
    memory_dir, cache = tmp_path / "po", tmp_path / "cache" / "memory.pickle"
    memory = Memory.load(memory_dir, cache)
    memory.add_machine({"你好。": "Hello."}, MODEL)
    memory.save_article("a", ["你好。"])
    memory.save_cache()
    po = polib.pofile(str(memory_dir / "a.po"))
    po[0].msgstr, po[0].flags = "Good day.", []
    po.save()
    warm = Memory.load(memory_dir, cache)  # a new process: rows parsed and cached
    warm.save_cache()
    assert warm.lookup("你好。", "a").text == "Good day."
    edit_keeping_size_and_mtime(memory_dir / "a.po", "Good day.", "Good bye.")
    warm = Memory.load(memory_dir, cache, previous=warm)  # the warm process (serve)
    assert warm.lookup("你好。", "a").text == "Good bye."
    warm.save_cache()
    edit_keeping_size_and_mtime(memory_dir / "a.po", "Good bye.", "Good day.")
    cold = Memory.load(memory_dir, cache)  # a new process, with the cache on disk
    assert cold.lookup("你好。", "a").text == "Good day."


def test_unchanged_article_file_is_neither_parsed_nor_rewritten(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(files, "RACY_NS", 0)
    memory_dir, cache = tmp_path / "po", tmp_path / "memory.pickle"
    memory = Memory.load(memory_dir, cache)
    memory.add_machine({"第一句。": "One.", "第二句。": "Two."}, MODEL)
    memory.save_article("a", ["第一句。", "第二句。"])
    memory.save_cache()
    before = (memory_dir / "a.po").stat().st_mtime_ns

    def no_parsing(path: Path) -> None:
        raise AssertionError(f"{path} parsed")

    monkeypatch.setattr("site_builder.translate.memory.read_po", no_parsing)
    monkeypatch.setattr("site_builder.translate.po.read_rows", no_parsing)
    assert Memory.load(memory_dir, cache).save_article("a", ["第一句。", "第二句。"]) is False
    assert (memory_dir / "a.po").stat().st_mtime_ns == before


def test_cache_folder_is_in_the_project(tmp_path: Path) -> None:
    assert stat_cache.cache_root(tmp_path) == tmp_path / ".site-builder" / "cache"


def test_search_index_patched_after_an_edit_equals_a_fresh_one(monkeypatch) -> None:
    import datetime as dt
    import json
    from dataclasses import replace

    from site_builder.models import Article, Block
    from site_builder.render import search as render_search

    def article(slug: str, text: str) -> Article:
        return Article(slug, "en", slug.title(), dt.date(2026, 2, 2), (Block("p", text),))

    def files(articles: list[Article], memo: dict) -> dict[str, tuple[str, bytes]]:
        inputs = repr(articles)  # what the incremental render fingerprints
        jobs = render_search.render_search_index(articles, "en", inputs, memo=memo)
        return {job.path: (job.fingerprint, job.make()) for job in jobs}

    monkeypatch.setattr(render_search, "SHARD_BYTES", 4)  # eight shards: some kept, some not
    site = [article("a", "trade fair opens"), article("b", "city market grows"),
            article("c", "trade market youth")]
    memo: dict = {}  # a warm process's
    first = files(site, memo)
    site[1] = replace(site[1], body=(Block("p", "youth visit district"),))
    patched = files(site, memo)
    assert {path: data for path, (_, data) in patched.items()} == {
        path: data for path, (_, data) in files(site, {}).items()}
    # a file keeps its fingerprint exactly when it keeps its bytes: the others are not rewritten
    kept = {path for path in first if first[path][0] == patched[path][0]}
    assert kept == {path for path in first if first[path][1] == patched[path][1]}
    assert 0 < len(kept) < len(first)
    patched = {path: data for path, (_, data) in patched.items()}
    head = json.loads(patched["en/search/index.json"])
    index: dict[str, list[int]] = {}
    for number in range(head["shards"]):
        index.update(json.loads(patched[f"en/search/index-{number}.json"])["index"])
    assert head["shards"] > 1 and len(patched) == head["shards"] + 1 + len(site)
    assert patched["en/search/text/b.txt"] == b"youth visit district"
    assert index["youth"] == [1, 2] and "city" not in index and index["market"] == [2]


def test_search_head_is_the_table_serialised_at_once_with_rows_kept_between_builds() -> None:
    import datetime as dt
    from dataclasses import replace

    from site_builder.models import Article, Block
    from site_builder.render import search as render_search
    from site_builder.render.postings import to_json

    hostile = "</script><!-- & \u2028 \"quoted\" 义乌"
    site = [Article(f"s{n}", "zh", f"{hostile} {n}", dt.date(2026, 2, n + 1),
                    (Block("p", hostile * 20),)) for n in range(3)]

    memo: dict = {}

    def expected(articles: list[Article]) -> bytes:
        """The head of these articles, as made from scratch and serialised at once."""
        count = memo["zh"].shards.count
        version = render_search._head(None, articles, "zh", count, None)[0]
        docs = [[a.slug, a.title, f"{a.date.year}年{a.date.month}月{a.date.day}日"]
                for a in articles]
        return to_json({"lang": "zh", "v": version, "shards": count, "stop": [], "docs": docs})

    def build(articles: list[Article]) -> bytes:
        render_search.render_search_index(articles, "zh", repr(articles), memo=memo)
        return memo["zh"].head

    assert build(site) == expected(site)
    site[1] = replace(site[1], title="改过的标题")  # its row made again, the others kept
    assert build(site) == expected(site)
    site[2] = replace(site[2], slug="renamed")  # numbered anew
    assert build(site) == expected(site)
    assert build(site[1:]) == expected(site[1:])
    assert b"</script>" not in expected(site) and b"\\u003c/script" in expected(site)


def test_warm_memory_still_takes_an_editor_entry_from_another_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(files, "RACY_NS", 0)
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
    Store().save(path, {"one": 1})
    store = Store(deferred=True)  # a preview's: writes wait until it stops
    store.save(path, {"two": 2})
    assert store.load(path) == {"two": 2}
    assert pickle.loads(path.read_bytes()) == {"one": 1}  # not written yet
    store.flush()
    assert pickle.loads(path.read_bytes()) == {"two": 2}
    path.write_bytes(pickle.dumps({"three": 3}))  # another process wrote it: read again
    assert store.load(path) == {"three": 3}
    other = Store(deferred=True)
    other.save(path, {"four": 4})
    path.write_bytes(pickle.dumps({"five": 5}))  # written by another process meanwhile
    other.flush()
    assert pickle.loads(path.read_bytes()) == {"five": 5}  # the newer file is left as it is


class Echo:
    """A stand-in model: enough for the mechanics of the memory."""

    name = "echo 1"

    def translate(self, segments: list[str]) -> list[str]:
        return [f"<{segment}>" for segment in segments]


def never() -> Echo:
    raise AssertionError("the model must not be loaded")


def zh(slug: str, text: str) -> Article:
    return Article(slug, "zh", f"标题{slug}", dt.date(2026, 2, 2), (Block("p", text),))


def correct(po_path: Path, msgid: str, msgstr: str) -> None:
    po = polib.pofile(str(po_path))
    po.find(msgid).msgstr, po.find(msgid).flags = msgstr, []
    po.save()


def spy(function, calls: list, name):
    def spied(*args, **kwargs):
        calls.append(name(*args))
        return function(*args, **kwargs)
    return spied


def test_warm_run_reads_changed_files_only_and_redoes_only_their_articles(tmp_path, monkeypatch):
    from site_builder.translate import articles as translate
    from site_builder.translate import po as memory_po

    monkeypatch.setattr(files, "RACY_NS", 0)
    memory_dir, cache, cfg = tmp_path / "po", tmp_path / "memory.pickle", TranslationConfig()
    site = [zh("a", "第一句。共同的一句。"), zh("b", "第三句。共同的一句。"), zh("c", "第四句。")]
    session = Session()  # a warm process's
    first, _ = translate_articles(site, memory_dir, cfg, Echo, cache_path=cache, session=session)
    correct(memory_dir / "b.po", "共同的一句。", "Shared, by an editor.")
    read, mapped, looked = [], [], []
    monkeypatch.setattr(memory_po, "file_rows", spy(memory_po.file_rows, read,
                                                    lambda text, p: p.name))
    monkeypatch.setattr(translate, "english_article",
                        spy(translate.english_article, mapped, lambda a, *_: a.slug))
    monkeypatch.setattr(Memory, "lookup", spy(Memory.lookup, looked, lambda _, s, slug=None: slug))
    second, report = translate_articles(site, memory_dir, cfg, never, cache_path=cache,
                                        session=session)
    assert read == ["b.po"] and sorted(mapped) == ["a", "b"] and "c" not in looked
    assert second[2] is first[2] and (report.new, report.from_memory) == (0, 7)
    assert all("Shared, by an editor." in en.body[0].text for en in second[:2])
    copied = polib.pofile(str(memory_dir / "a.po")).find("共同的一句。")
    assert (copied.msgstr, copied.fuzzy) == ("Shared, by an editor.", True)
    # what a new process knows
    assert translate_articles(site, memory_dir, cfg, never, cache_path=cache)[0] == second


def test_warm_run_takes_a_deleted_po_file_and_an_edited_article(tmp_path, monkeypatch):

    monkeypatch.setattr(files, "RACY_NS", 0)
    memory_dir, cfg = tmp_path / "po", TranslationConfig()
    site = [zh("a", "第一句。"), zh("b", "第二句。")]
    session = Session()
    first, _ = translate_articles(site, memory_dir, cfg, Echo, session=session)
    (memory_dir / "a.po").unlink()
    site[1] = zh("b", "第二句。新的一句。")
    second, report = translate_articles(site, memory_dir, cfg, Echo, session=session)
    assert report.new == 3 and second[1].body[0].text == "<第二句。> <新的一句。>"
    assert (memory_dir / "a.po").exists() and second[0] == first[0]
    again, report = translate_articles(site, memory_dir, cfg, never)
    assert again == second and report.new == 0


NAMES_RUN = """
import datetime as dt, sys
from pathlib import Path
from site_builder.config import TranslationConfig
from site_builder.models import Article, Block
from site_builder.translate.articles import translate_articles

class Echo:
    name = "echo 1"
    def translate(self, segments):
        return [f"<{s}>" for s in segments]

root = Path(sys.argv[1])
zh = Article("a", "zh", "标题", dt.date(2026, 2, 2), (Block("p", sys.argv[2]),),
             reporters=("魏佳佳",), tags=("钟自炜", "义乌"))
(en,), _ = translate_articles([zh], root / "po", TranslationConfig(), Echo,
                              cache_path=root / "cache" / "memory.pickle")
print(en.reporters[0], en.tags, "pypinyin" in sys.modules, "jieba" in sys.modules)
"""


def test_an_edit_whose_names_and_tags_are_known_imports_neither_pypinyin_nor_jieba(
        tmp_path: Path) -> None:
    def build(body: str) -> str:
        done = subprocess.run([sys.executable, "-c", NAMES_RUN, str(tmp_path), body],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    # a name tag romanised, another translated (the echo model marks what it translated)
    assert build("第一句。") == "Wei Jiajia ('Zhong Ziwei', '<义乌>') True True"
    # the body changed, the names and tags did not
    assert build("第一句。第二句。") == "Wei Jiajia ('Zhong Ziwei', '<义乌>') False False"


def test_content_folders_told_what_changed_agree_with_a_new_process(tmp_path, monkeypatch):
    from dataclasses import replace

    from site_builder.content import folders as content_folders
    from site_builder.content.markdown import dump_article

    monkeypatch.setattr(files, "RACY_NS", 0)  # every file old enough to trust its stat
    zh_dir, en_dir = tmp_path / "zh", tmp_path / "en"
    zh_dir.mkdir()
    articles = [zh(name, f"{name}的正文。") for name in ("a", "b", "c", "d")]
    for article in articles:
        (zh_dir / f"{article.slug}.md").write_text(dump_article(article), encoding="utf-8")
    english = [replace(a, lang="en", title=f"{a.slug} title") for a in articles]
    session = Session(changed=frozenset())  # a warm process told nothing changed
    read = content_folders.read_articles(zh_dir, session=session)  # first: a walk
    content_folders.write_translated(english, en_dir, session=session)

    (zh_dir / "a.md").write_text(dump_article(replace(articles[0], title="改过")), "utf-8")
    (zh_dir / "b.md").unlink()
    (zh_dir / "e.md").write_text(dump_article(zh("e", "新的。")), encoding="utf-8")
    (zh_dir / "notes.txt").write_text("not an article", encoding="utf-8")
    (en_dir / "c.md").write_text("an editor's change, to be undone", encoding="utf-8")
    (en_dir / "stray.md").write_text("no twin", encoding="utf-8")
    english[3] = replace(english[3], title="d corrected")
    monkeypatch.setattr(content_folders, "_markdown_stats", lambda _: pytest.fail("walked"))
    told = frozenset(str(path) for path in (
        zh_dir / "a.md", zh_dir / "b.md", zh_dir / "e.md", zh_dir / "notes.txt",
        en_dir / "c.md", en_dir / "stray.md"))
    session.changed = told
    warm = content_folders.read_articles(zh_dir, session=session)
    assert content_folders.write_translated(english, en_dir, session=session) == 2  # c and d
    monkeypatch.undo()
    assert [a.slug for a in read] == ["a", "b", "c", "d"] and read[2] is warm[1]  # c kept
    # a new process, which looks at every file, agrees
    assert content_folders.read_articles(zh_dir) == warm
    assert sorted(p.name for p in en_dir.glob("*.md")) == ["a.md", "b.md", "c.md", "d.md"]
    assert content_folders.write_translated(english, en_dir) == 0
    assert "d corrected" in (en_dir / "d.md").read_text(encoding="utf-8")


def test_a_warm_run_told_what_changed_stats_nothing_else(tmp_path, monkeypatch):
    from site_builder.translate import memory

    monkeypatch.setattr(files, "RACY_NS", 0)
    memory_dir, cfg = tmp_path / "po", TranslationConfig()
    site = [zh("a", "第一句。共同的一句。"), zh("b", "第三句。共同的一句。"), zh("c", "第四句。")]
    session = Session()
    translate_articles(site, memory_dir, cfg, Echo, session=session)
    correct(memory_dir / "b.po", "共同的一句。", "Shared, by an editor.")
    (memory_dir / "c.po").unlink()
    monkeypatch.setattr(memory, "po_files", lambda folder: pytest.fail("walked the folder"))
    session.changed = frozenset(str(memory_dir / name) for name in ("b.po", "c.po"))
    hinted, report = translate_articles(site, memory_dir, cfg, Echo, session=session)
    assert report.new == 2 and "Shared, by an editor." in hinted[0].body[0].text  # c: title, text
    monkeypatch.undo()
    # a new process, which looks at every file, agrees
    assert translate_articles(site, memory_dir, cfg, never)[0] == hinted


def test_token_cache_keeps_the_tokens_of_the_articles_it_was_last_filled_with(
        tmp_path: Path, monkeypatch) -> None:
    from dataclasses import replace

    from site_builder.cache import tokens as search_cache
    from site_builder.render import search as render_search

    def article(slug: str, text: str) -> Article:  # the text searched: title and body
        return Article(slug, "en", "News", dt.date(2026, 2, 2), (Block("p", text),))

    site = [article("a", "trade fair opens"), article("b", "city market"),
            article("c", "city market")]  # b and c: one text, one entry
    path = tmp_path / "tokens.pickle"
    cache = search_cache.TokenCache.load(path)
    last = cache.fill({"en": site})
    cache.save()
    assert sorted(cache(site[0], "en")) == sorted(render_search.article_tokens(site[0], "en"))
    assert len(pickle.loads(path.read_bytes())) == 2

    # warm (the same process): only the edited articles are looked at
    site[1] = replace(site[1], body=(Block("p", "youth visit district"),))
    cache = search_cache.TokenCache.load(path)
    last = cache.fill({"en": site}, last)
    cache.save()
    entries = pickle.loads(path.read_bytes())
    assert sorted(entries.values()) == sorted(
        "\n".join(render_search.article_tokens(a, "en")) for a in site)  # the edited one's too
    site[2] = replace(site[2], body=(Block("p", "youth visit district"),))
    cache = search_cache.TokenCache.load(path)
    cache.fill({"en": site}, last)
    cache.save()
    assert len(pickle.loads(path.read_bytes())) == 2  # "city market" went with its last article
    assert sorted(cache(site[2], "en")) == ["district", "news", "visit", "youth"]

    # a new process tokenises nothing the file holds
    monkeypatch.setattr(render_search, "tokens", lambda *_: pytest.fail("tokenised again"))
    cache = search_cache.TokenCache.load(path)
    copies = [replace(a) for a in site]
    cache.fill({"en": copies})
    assert sorted(cache(copies[0], "en")) == ["fair", "news", "opens", "trade"]


SENTENCES = ("第一句。", "第二句。", "共同的一句。", "第四句。", "第五句。", "最后一句。")


def random_edit(rng, site: list[Article], memory_dir: Path) -> None:
    """Do one thing an editor does between two builds, chosen by rng."""
    files = sorted(memory_dir.glob("*.po"))
    action = rng.choice(["text", "text", "correct", "correct", "unconfirm", "delete", "note",
                         "add", "remove"])
    if action == "text" or (action in ("correct", "unconfirm", "delete", "note") and not files):
        place = rng.randrange(len(site))
        site[place] = zh(site[place].slug, "".join(rng.sample(SENTENCES, rng.randint(1, 3))))
    elif action == "add":
        site.append(zh(f"s{rng.randrange(1000)}", "".join(rng.sample(SENTENCES, 2))))
    elif action == "remove" and len(site) > 1:
        del site[rng.randrange(len(site))]
    elif action == "delete":
        rng.choice(files).unlink()
    elif action in ("correct", "unconfirm", "note"):
        path = rng.choice(files)
        po = polib.pofile(str(path))
        entry = rng.choice(list(po))
        if action == "correct":
            entry.msgstr, entry.flags = f"Editor {rng.randrange(100)}.", []
        elif action == "unconfirm" and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        else:
            entry.tcomment = f"note {rng.randrange(100)}"
        po.save()


@pytest.mark.parametrize("seed", range(6))
def test_warm_runs_agree_with_cold_ones_after_random_edits(tmp_path, monkeypatch, seed):
    """The plain path is the oracle: each warm run gives a new process's English and files."""
    import random
    import shutil

    from site_builder.cache.session import Session

    monkeypatch.setattr(files, "RACY_NS", 0)  # the warm process trusts every file's stat
    rng = random.Random(seed)
    memory_dir, cache = tmp_path / "po", tmp_path / "cache" / "memory.pickle"
    cfg = TranslationConfig()
    site = [zh(slug, "".join(rng.sample(SENTENCES, 2))) for slug in ("a", "b", "c")]
    session = Session()  # one warm process
    translate_articles(site, memory_dir, cfg, Echo, cache_path=cache, session=session)
    for step in range(12):
        time.sleep(0.002)  # the edits' file times differ from the last build's
        for _ in range(rng.randint(1, 3)):  # several files changed between two builds
            random_edit(rng, site, memory_dir)
        cold_dir = tmp_path / f"cold-{step}"
        shutil.copytree(memory_dir, cold_dir) if memory_dir.exists() else cold_dir.mkdir()
        warm, _ = translate_articles(list(site), memory_dir, cfg, Echo, cache_path=cache,
                                     session=session)
        cold, _ = translate_articles(list(site), cold_dir, cfg, Echo)  # a new process
        assert warm == cold, (seed, step)
        assert {p.name: p.read_text(encoding="utf-8") for p in memory_dir.glob("*.po")} == {
            p.name: p.read_text(encoding="utf-8") for p in cold_dir.glob("*.po")}, (seed, step)


class Echo2(Echo):
    """A newer stand-in model, whose output differs."""

    name = "echo 2"

    def translate(self, segments: list[str]) -> list[str]:
        return [f"new {segment}" for segment in segments]


def test_retranslating_replaces_machine_entries_everywhere_but_not_an_editors(tmp_path):
    memory_dir, cfg = tmp_path / "po", TranslationConfig()
    site = [zh("a", "第一句。共同的一句。"), zh("b", "共同的一句。第三句。")]
    translate_articles(site, memory_dir, cfg, Echo)
    correct(memory_dir / "b.po", "第三句。", "Third, by an editor.")
    en, report = translate_articles(site, memory_dir, cfg, Echo2, retranslate_machine=True)
    assert report.model == "echo 2"
    for slug in ("a", "b"):
        shared = polib.pofile(str(memory_dir / f"{slug}.po")).find("共同的一句。")
        assert (shared.msgstr, shared.comment) == ("new 共同的一句。", "machine: echo 2")
    kept = polib.pofile(str(memory_dir / "b.po")).find("第三句。")
    assert (kept.msgstr, kept.fuzzy) == ("Third, by an editor.", False)
    assert "new 第一句。 new 共同的一句。" in en[0].body[0].text


def test_an_unchanged_articles_file_is_neither_parsed_nor_written(tmp_path, monkeypatch):
    memory_dir, cfg = tmp_path / "po", TranslationConfig()
    site = [zh("a", "第一句。共同的一句。第二句。"), zh("b", "共同的一句。")]
    translate_articles(site, memory_dir, cfg, Echo)
    correct(memory_dir / "a.po", "第一句。", "First, by an editor.")  # a's own, kept as is
    correct(memory_dir / "b.po", "共同的一句。", "Shared, by an editor.")  # copied into a
    site[0] = zh("a", "第一句。共同的一句。")  # 第二句。 goes obsolete
    translate_articles(site, memory_dir, cfg, Echo)
    memory = Memory.load(memory_dir)
    segments = {slug: [row.msgid for row in rows if not row.obsolete]
                for slug, rows in memory._rows.items()}

    def touched(*args):
        raise AssertionError("an unchanged file was parsed or written")

    from site_builder.translate import memory as memory_module

    monkeypatch.setattr(memory_module, "read_po", touched)
    monkeypatch.setattr(memory_module, "write_atomic", touched)
    for slug, wanted in segments.items():
        assert memory.save_article(slug, wanted) is False


class EchoAgain(Echo):
    """A newer model that happens to give the same English."""

    name = "echo 1.1"


def test_retranslating_to_the_same_words_still_names_the_new_model(tmp_path):
    memory_dir, cfg = tmp_path / "po", TranslationConfig()
    site = [zh("a", "第一句。")]
    translate_articles(site, memory_dir, cfg, Echo)
    (en,), _ = translate_articles(site, memory_dir, cfg, EchoAgain, retranslate_machine=True)
    entry = polib.pofile(str(memory_dir / "a.po")).find("第一句。")
    assert (entry.msgstr, entry.comment) == ("<第一句。>", "machine: echo 1.1")
    assert en.translation.model == "echo 1.1"


def test_a_file_too_new_to_trust_is_read_back_and_kept_only_while_its_text_is_the_same(
        tmp_path: Path, monkeypatch) -> None:
    now = time.time_ns()  # every stat as just made, and blind to the changes below
    monkeypatch.setattr(stat_cache, "stamp_of", lambda st: (1, now, now, 4, 5))
    path, store = tmp_path / "a.md", tmp_path / "cache.pickle"
    path.write_text("one", encoding="utf-8")
    parsed: list[str] = []

    def parse(text: str, _: Path) -> str:
        parsed.append(text)
        return text.upper()

    def get(cache: StatCache) -> str:
        value = cache.get_text(path, Path.read_text, parse)
        cache.save()
        return value

    assert get(StatCache(store, "v")) == "ONE" and get(StatCache(store, "v")) == "ONE"
    assert parsed == ["one"]  # read back and found the same: not parsed again
    path.write_text("two", encoding="utf-8")  # within the stat's granularity: the same stat
    assert get(StatCache(store, "v")) == "TWO" and parsed == ["one", "two"]
    written = StatCache(store, "v")  # a value kept with the text just written
    written.put(path, "WRITTEN", text="two")
    written.save()
    assert get(StatCache(store, "v")) == "WRITTEN" and len(parsed) == 2
    plain = StatCache(store, "v")  # get() trusts stats only: a young entry is parsed again
    assert plain.get(path, lambda p: "PARSED") == "PARSED"
