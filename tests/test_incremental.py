"""Incremental builds: after any series of edits, byte for byte the same site as a clean build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from site_fixtures import make_articles, make_config

from site_builder.build import BuildOptions, build, build_site
from site_builder.cache import incremental
from site_builder.cache.manifest import cache_dir
from site_builder.cache.manifest import load_manifest as manifest_of
from site_builder.cache.session import Session
from site_builder.config import DEFAULT_TEMPLATES, Config, load_config
from site_builder.content.markdown import dump_article
from site_builder.models import Article, Block
from site_builder.output.guard import MARKER
from site_builder.output.write import Job, WriteError, write_site
from site_builder.render import search as render_search
from site_builder.render.site import render_site


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under folder, by relative path (the output marker aside)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino
            for p in folder.rglob("*") if p.is_file() and p.name != MARKER}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Return the files a build rendered anew (unchanged ones are links to the old inode)."""
    return {path for path, ino in after.items() if before.get(path) != ino}


def cold_render(config, zh, en, out: Path) -> None:
    """Render the whole site into out by the plain path: no memo, nothing reused."""
    shutil.rmtree(out, ignore_errors=True)
    write_site(render_site(config, zh, en), out)


def assert_same_as_clean(config, zh, en, tmp_path: Path, session: Session | None = None) -> None:
    """Build incrementally into config.output_dir and compare with a clean full build."""
    build_site(config, zh, en, config.output_dir, session, workers=1)
    cold_render(config, zh, en, tmp_path / "clean")
    assert tree(config.output_dir) == tree(tmp_path / "clean")


def edit(articles: list[Article], slug: str, **fields) -> list[Article]:
    return [dataclasses.replace(a, **fields) if a.slug == slug else a for a in articles]


@pytest.mark.parametrize("warm", [False, True], ids=["new-process", "warm"])
def test_incremental_build_matches_clean_build_after_a_series_of_edits(tmp_path, warm) -> None:
    config = make_config(tmp_path)
    zh, en = make_articles()
    session = Session() if warm else None
    assert_same_as_clean(config, zh, en, tmp_path, session)
    zh = edit(zh, "yiwu-friend-cities", body=(Block("p", "改过的正文。"),))
    assert_same_as_clean(config, zh, en, tmp_path, session)
    zh = edit(zh, "hostile-content", tags=("新标签", "义乌"), title="新标题")
    en = edit(en, "hostile-content", tags=("new tag", "Yiwu"))
    assert_same_as_clean(config, zh, en, tmp_path, session)
    zh = edit(zh, "yiwu-friend-cities", print_page=4, print_section="国际")  # another page
    assert_same_as_clean(config, zh, en, tmp_path, session)
    zh = edit(zh, "zh-only-story", print_page=1)  # a web-only article printed: a new edition
    assert_same_as_clean(config, zh, en, tmp_path, session)
    extra = dataclasses.replace(zh[-1], slug="added-story", title="新增报道", column="新栏目")
    assert_same_as_clean(config, [*zh, extra], en, tmp_path, session)
    assert_same_as_clean(config, zh[1:], en[1:], tmp_path, session)  # two articles deleted
    # A homophone of 友城 (you-cheng): both tags now need a hashed key, so the pages of
    # unchanged articles (the same objects as before) link elsewhere and must be redone.
    homophone = dataclasses.replace(zh[-1], slug="homophone", title="游城", tags=("游城",))
    before = inodes(config.output_dir)
    assert_same_as_clean(config, [*zh, homophone], en, tmp_path, session)
    assert "zh/articles/yiwu-friend-cities/index.html" in changed(before, inodes(config.output_dir))
    config = dataclasses.replace(config, per_page=1)
    assert_same_as_clean(config, zh, en, tmp_path, session)


def byline_theme(root: Path) -> Path:
    """Templates whose lists show each article's byline, linked (root/templates)."""
    templates = root / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    macros = templates / "_macros.html"
    macros.write_text(macros.read_text(encoding="utf-8").replace(
        '<p class="excerpt">',
        "<p class=\"byline\">{{ names(term_links(a, 'reporters')) }}</p>\n  <p class=\"excerpt\">"),
        encoding="utf-8")
    return templates


def test_warm_render_follows_the_zh_twin_when_only_its_names_change(tmp_path: Path) -> None:
    """An unchanged English article's links follow its edited Chinese twin.

    The default theme reads term links only on article pages, whose context holds the twin:
    there a digest that ignored the twin would still be right. A theme that shows linked
    bylines in its lists is where it would not be.
    """
    from site_builder.render import catalog as render_catalog

    # A theme whose lists show each article's byline, linked: a list page then reads the
    # term links of articles whose Chinese twins it does not show.
    templates = byline_theme(tmp_path)
    config = dataclasses.replace(make_config(tmp_path), templates_dir=templates)
    zh, en = make_articles()
    # 韦佳佳 and 魏佳佳 are homophones (Wei Jiajia): both get a hashed key, both keep it below
    zh = edit(zh, "zh-only-story", reporters=("韦佳佳",))
    session = Session()  # one warm process
    assert_same_as_clean(config, zh, en, tmp_path, session)
    keys = render_catalog.build_edition(zh, en).keys
    old_link = f"/en/reporters/{keys['reporters']['魏佳佳']}/"
    front = config.output_dir / "en/index.html"
    assert old_link in front.read_text(encoding="utf-8")
    # Only the Chinese twin changes: the English article stays the very same object, and
    # the site's names, so its keys, stay the same. The English byline must follow the twin.
    zh = edit(zh, "yiwu-friend-cities", reporters=("韦佳佳",))
    assert render_catalog.build_edition(zh, en).keys == keys
    assert_same_as_clean(config, zh, en, tmp_path, session)
    new_link = f"/en/reporters/{keys['reporters']['韦佳佳']}/"
    assert new_link in front.read_text(encoding="utf-8")
    article = config.output_dir / "en/articles/yiwu-friend-cities/index.html"
    assert new_link in article.read_text(encoding="utf-8")


def test_warm_builds_follow_the_zh_twin_when_only_its_names_change(
        tmp_path: Path, installed_argos) -> None:
    """The same edit through build() twice in one process, as `serve` runs it.

    Here the English article is made anew whenever its Chinese twin changes (its twin's key
    is a hash of the zh article), so a digest that ignored the twin would still be right:
    the render-level test above is the one that would catch that.
    """
    from helpers import FAST_TRANSLATION

    from site_builder.content.folders import read_articles
    from site_builder.render import catalog as render_catalog
    from site_builder.translate.articles import ArgosTranslator

    def built_articles(root: Path) -> tuple[list[Article], list[Article]]:
        return (list(read_articles(root / "content" / "zh")),
                list(read_articles(root / "content" / "en")))

    templates = byline_theme(tmp_path)
    root = tmp_path / "site"
    (root / "seeds").mkdir(parents=True)
    (root / "site.toml").write_text(
        f'[site]\ntitle = "T"\n[paths]\ntemplates = "{templates}"\n{FAST_TRANSLATION}',
        encoding="utf-8")
    folder = root / "content" / "zh"
    folder.mkdir(parents=True)
    zh = edit(make_articles()[0], "zh-only-story", reporters=("韦佳佳",))
    for article in zh:
        (folder / f"{article.slug}.md").write_text(dump_article(article), encoding="utf-8")
    config = load_config(root / "site.toml")
    options = BuildOptions(
        load_translator=lambda: ArgosTranslator(installed_argos, config.translation))
    session = Session()  # one warm process, as `serve` keeps
    build(config, options, session)
    keys = render_catalog.build_edition(*built_articles(root)).keys["reporters"]
    front = config.output_dir / "en/index.html"
    assert f"/reporters/{keys['魏佳佳']}/" in front.read_text(encoding="utf-8")
    source = folder / "yiwu-friend-cities.md"
    source.write_text(source.read_text(encoding="utf-8").replace("魏佳佳", "韦佳佳"),
                      encoding="utf-8")
    build(config, options, session)
    article = config.output_dir / "en/articles/yiwu-friend-cities/index.html"
    for page in (front, article):
        assert f"/reporters/{keys['韦佳佳']}/" in page.read_text(encoding="utf-8")
    assert render_catalog.build_edition(*built_articles(root)).keys["reporters"] == keys
    clean = tmp_path / "clean"  # the same project built by a new process: no cache, no session
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("public", ".*"))
    build(load_config(clean / "site.toml"), options)
    assert tree(config.output_dir) == tree(clean / "public")


def test_template_change_rerenders_the_pages_that_use_it(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    config = dataclasses.replace(make_config(tmp_path), templates_dir=templates)
    zh, en = make_articles()
    assert_same_as_clean(config, zh, en, tmp_path)
    before = inodes(config.output_dir)
    article = templates / "article.html"
    article.write_text(article.read_text(encoding="utf-8") + "<!-- v2 -->\n", encoding="utf-8")
    assert_same_as_clean(config, zh, en, tmp_path)
    redone = changed(before, inodes(config.output_dir))
    assert "zh/articles/yiwu-friend-cities/index.html" in redone


def test_noop_rebuild_renders_nothing(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    zh, en = make_articles()
    build_site(config, zh, en, config.output_dir, workers=1)
    before = inodes(config.output_dir)
    build_site(config, *make_articles(), config.output_dir, workers=1)
    assert changed(before, inodes(config.output_dir)) == set()


def test_one_article_edit_rerenders_its_pages_and_lists_only(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    zh, en = make_articles()
    build_site(config, zh, en, config.output_dir, workers=1)
    before = inodes(config.output_dir)
    zh = edit(zh, "zh-only-story", body=(Block("p", "改过的正文。"),))
    build_site(config, zh, en, config.output_dir, workers=1)
    redone = changed(before, inodes(config.output_dir))
    assert "zh/articles/zh-only-story/index.html" in redone
    # its snippet text and postings change; the head (slug, title, date) stays as it was
    assert {"zh/search/text/zh-only-story.txt", "zh/search/index-0.json"} <= redone
    assert "zh/search/index.json" not in redone
    assert not any("yiwu-friend-cities" in path or "hostile" in path for path in redone)
    assert not any(path.startswith("en/") for path in redone)


def test_an_edit_rewrites_only_the_search_shards_of_the_tokens_it_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_search, "SHARD_BYTES", 100)  # dozens of shards for a small site
    config = make_config(tmp_path)
    zh, en = make_articles()
    session = Session()  # a warm process: a new one rewrites every shard (its stamps are new)
    build_site(config, zh, en, config.output_dir, session, workers=1)
    before = inodes(config.output_dir)
    edited = edit(zh, "yiwu-friend-cities", captions=("扫一扫二维码 查看更多贸易",))
    build_site(config, edited, en, config.output_dir, session, workers=1)
    redone = {path for path in changed(before, inodes(config.output_dir)) if "/search/" in path}
    count = json.loads((config.output_dir / "zh/search/index.json").read_bytes())["shards"]
    tokens = render_search.article_tokens(zh[0], "zh") ^ render_search.article_tokens(
        edited[0], "zh")
    # captions are searched and in the snippet text, not in the head: it keeps its article table
    assert redone == {f"zh/search/index-{render_search.shard_of(t, count)}.json" for t in tokens
                      } | {"zh/search/text/yiwu-friend-cities.txt"}
    assert 0 < len(redone) < count


@pytest.mark.parametrize("spawn", [False, True], ids=["forked", "spawned"])
def test_parallel_build_matches_serial_build(tmp_path: Path, monkeypatch, spawn) -> None:
    from site_builder.output import workers

    if spawn:  # as on Windows and macOS: workers plan the site from the build's inputs
        monkeypatch.setenv("SITE_BUILDER_SPAWN", "1")
    rendered: list[str] = []
    real = workers.write_files
    monkeypatch.setattr(workers, "write_files",  # what the build itself renders
                        lambda fresh, share: rendered.extend(j.path for _, j in share) or real(
                            fresh, share))
    config = make_config(tmp_path)
    zh, en = make_articles()
    many = [dataclasses.replace(a, slug=f"{a.slug}-{i}") for i in range(20) for a in zh]
    written = build_site(config, many, [], tmp_path / "two", workers=2)
    assert written.rendered == written.files > workers.PARALLEL_MIN
    assert len(rendered) < written.files / 2  # most were rendered by the workers
    monkeypatch.undo()
    build_site(config, many, [], tmp_path / "one", workers=1)
    assert tree(tmp_path / "two") == tree(tmp_path / "one")


def test_manifest_of_another_tree_is_ignored(tmp_path: Path) -> None:
    out = tmp_path / "public"
    incremental.write_changed([Job("a.html", "f1", lambda: b"old")], out)
    shutil.rmtree(out)
    out.mkdir()  # replaced by hand: the manifest no longer describes it
    (out / "a.html").write_bytes(b"stale")
    incremental.write_changed([Job("a.html", "f1", lambda: b"new")], out)
    assert (out / "a.html").read_bytes() == b"new"


def test_failed_incremental_build_leaves_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    incremental.write_changed([Job("a.html", "f1", lambda: b"one")], out)

    def broken() -> bytes:
        raise RuntimeError("template blew up")

    with pytest.raises(RuntimeError):
        incremental.write_changed([Job("a.html", "f1", lambda: b"one"),
                                   Job("b.html", "f2", broken)], out)
    assert tree(out) == {"a.html": b"one"}
    with pytest.raises(WriteError, match="twice"):
        incremental.write_changed([Job("a.html", "f1", bytes), Job("a.html", "f2", bytes)], out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public.tmp")] == []


def make_zh_site(root: Path) -> Config:
    """Write a zh-only project (no seeds, two articles in content/zh); return its config."""
    (root / "seeds").mkdir()
    (root / "site.toml").write_text(
        f'[site]\nlanguages = ["zh"]\n[paths]\ntemplates = "{DEFAULT_TEMPLATES}"\n',
        encoding="utf-8")
    folder = root / "content" / "zh"
    folder.mkdir(parents=True)
    for article in make_articles()[0][:2]:
        (folder / f"{article.slug}.md").write_text(dump_article(article), encoding="utf-8")
    return load_config(root / "site.toml")


def test_unchanged_inputs_skip_the_build_and_any_edit_is_built(tmp_path: Path) -> None:
    config = make_zh_site(tmp_path)
    options = BuildOptions(languages=("zh",))
    first = build(config, options)
    assert first.written == first.files and not first.nothing_changed
    page = config.output_dir / "zh/articles/yiwu-friend-cities/index.html"
    before = inodes(config.output_dir)
    settled = dataclasses.replace(first, written=0, nothing_changed=True)
    assert build(config, options) == settled  # the build after a cold one: no settle build
    assert build(config, options) == settled
    assert changed(before, inodes(config.output_dir)) == set()
    source = config.content_dir / "zh" / "yiwu-friend-cities.md"
    source.write_text(source.read_text(encoding="utf-8").replace("前段时间", "最近"),
                      encoding="utf-8")
    build(config, options)
    assert "最近" in page.read_text(encoding="utf-8")
    shutil.rmtree(config.output_dir)  # the output removed by hand is built again
    assert build(config, options).files == first.files
    assert page.is_file()


def test_standby_tree_two_builds_behind_is_brought_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "public"
    versions = [
        {"a.html": b"a1", "d/b.html": b"b1", "d/e/c.html": b"c1"},
        {"a.html": b"a2", "d/b.html": b"b1"},  # c removed, a changed
        {"a.html": b"a2", "d/b.html": b"b3", "f.html": b"f3"},
        {"a.html": b"a4", "d/e/c.html": b"c4"},
    ]
    for number, files in enumerate(versions):
        jobs = [Job(path, hashlib.sha256(data).hexdigest(), lambda d=data: d)
                for path, data in files.items()]
        incremental.write_changed(jobs, out, workers=1)
        assert tree(out) == files
        assert (tmp_path / ".public.standby").is_dir() == (number > 0)  # the site before
    assert not (out / "d" / "b.html").exists() and not (out / "f.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".public.tmp")] == []


def test_manifests_held_in_memory_while_serving_are_written_at_the_end(tmp_path: Path) -> None:
    from site_builder.cache.store import Store

    out = tmp_path / "public"
    manifest = cache_dir(out) / "manifest.json"
    versions = [{"a.html": b"a1"}, {"a.html": b"a2", "b.html": b"b2"}, {"a.html": b"a3"}]

    def build(files: dict[str, bytes], store: Store | None = None) -> int:
        jobs = [Job(path, hashlib.sha256(data).hexdigest(), lambda d=data: d)
                for path, data in files.items()]
        return incremental.write_changed(jobs, out, workers=1, store=store)

    build(versions[0])
    on_disk = manifest.read_bytes()
    store = Store(deferred=True)  # a preview's
    for files in versions[1:]:
        build(files, store)
        assert tree(out) == files and manifest.read_bytes() == on_disk  # kept in memory
    assert set(manifest_of(out, store)) == {"a.html"}
    store.flush()
    # what a new process knows: the flushed manifest names the live tree
    assert manifest_of(out) == {"a.html": hashlib.sha256(b"a3").hexdigest()}


def test_warm_process_reuses_unchanged_articles_and_matches_a_cold_build(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    zh, en = make_articles()
    session = Session()
    assert_same_as_clean(config, zh, en, tmp_path, session)
    kept = dict(session.render.groups)
    zh = edit(zh, "yiwu-friend-cities", title="另一个标题", tags=("义乌",))  # a new place
    assert_same_as_clean(config, zh, en, tmp_path, session)
    groups = session.render.groups
    # the groups that show only unchanged articles are the very ones of the last render
    untouched = [key for key, group in kept.items() if group.members and all(
        a.slug != "yiwu-friend-cities" for a, _ in group.members)]
    assert untouched and all(groups[key] is kept[key] for key in untouched)
    redone = {key for key in kept if key in groups and groups[key] is not kept[key]}
    assert ("term", "zh", "tags", "you-cheng", 1) in redone  # the edited article left the tag
    assert ("term", "zh", "tags", "yi-wu", 1) in redone
    assert all(any(a.slug == "yiwu-friend-cities" for a, _ in kept[key].members)
               or key[0] in ("archive", "front", "chooser", "search", "404", "robots", "assets",
                             "media",  # the pictures' copies are listed from every article
                             "indexes")  # the index pages count each tag's articles
               for key in redone)
    en = edit(en, "yiwu-friend-cities", title="Another title")
    assert_same_as_clean(config, zh, en, tmp_path, session)  # a twin changed: its pages anew


def test_an_edit_that_keeps_places_and_names_patches_the_edition() -> None:
    from site_builder.cache.edition import patch_edition
    from site_builder.render.catalog import build_edition

    zh, en = make_articles()
    first = build_edition(zh, en)
    given = (tuple(zh), tuple(en))
    retitled = edit(zh, "yiwu-friend-cities", title="另一个标题")
    patched, slugs = patch_edition(first, given, retitled, en)
    assert patched.terms is first.terms  # patched: the listings did not change
    assert patched == build_edition(retitled, en) and slugs == {"yiwu-friend-cities"}
    assert patch_edition(patched, (tuple(retitled), tuple(en)), retitled, en) == (
        patched, frozenset())
    retagged = edit(retitled, "yiwu-friend-cities", tags=("义乌",))
    assert patch_edition(patched, (tuple(retitled), tuple(en)), retagged, en) is None
    redated = edit(retitled, "zh-only-story", date=retitled[0].date)  # moves in the lists
    assert patch_edition(patched, (tuple(retitled), tuple(en)), redated, en) is None
    assert patch_edition(patched, (tuple(retitled), tuple(en)), retitled[1:], en) is None
    reprinted = edit(retitled, "yiwu-friend-cities", print_page=4)  # moves in print
    assert patch_edition(patched, (tuple(retitled), tuple(en)), reprinted, en) is None


def more_articles(copies: int) -> tuple[list[Article], list[Article]]:
    """Return the sample articles and `copies` more of each, a week older per copy."""
    zh, en = make_articles()
    more = [dataclasses.replace(a, slug=f"{a.slug}-{n}", date=a.date - dt.timedelta(weeks=n))
            for n in range(1, copies + 1) for a in [*zh, *en]]
    return [*zh, *(a for a in more if a.lang == "zh")], [*en, *(a for a in more if a.lang == "en")]


def test_edits_in_place_patch_the_last_render_and_match_a_cold_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.cache import render as render_cache
    from site_builder.render import feeds as render_feeds
    from site_builder.render import site as render

    monkeypatch.setattr(render_search, "SHARD_BYTES", 200)  # a few shards, whose count moves
    monkeypatch.setattr(render, "FEED_SIZE", 3)  # some articles in the feeds, some not
    monkeypatch.setattr(render_feeds, "FEED_SIZE", 3)
    config = dataclasses.replace(make_config(tmp_path), per_page=2)  # lists of several pages
    zh, en = more_articles(copies=3)
    session = Session()
    assert_same_as_clean(config, zh, en, tmp_path, session)
    planned: list[object] = []  # whole-site plans
    monkeypatch.setattr(render_cache, "site_groups", lambda *args: planned.append(args) or iter(
        render.site_groups(*args)))

    def assert_patched_as_clean(zh: list[Article], en: list[Article]) -> None:
        build_site(config, zh, en, config.output_dir, session, workers=1)
        assert planned == []  # the last render was patched, not the whole site planned
        cold_render(config, zh, en, tmp_path / "clean")
        planned.clear()
        assert tree(config.output_dir) == tree(tmp_path / "clean")

    # the newest (in the feeds and the news sitemap), one in the middle, the oldest
    for slug in ("yiwu-friend-cities", "hostile-content-2", "continued-fragment-3"):
        zh = edit(zh, slug, title=f"改过的标题 {slug}", body=(Block("p", "改过的正文。"),))
        assert_patched_as_clean(zh, en)
        en = edit(en, slug, title=f"Corrected {slug}")  # a corrected translation
        assert_patched_as_clean(zh, en)
    count = json.loads((config.output_dir / "zh/search/index.json").read_bytes())["shards"]
    many = "".join(map(chr, range(0x4E00, 0x4E00 + 400)))  # hundreds of new tokens
    assert_patched_as_clean(edit(zh, "zh-only-story-2", body=(Block("p", many),)), en)
    more = json.loads((config.output_dir / "zh/search/index.json").read_bytes())["shards"]
    assert more > count  # more shards, then as many as before again
    assert_patched_as_clean(zh, en)
    extra = dataclasses.replace(zh[-1], slug="added-story", title="新增报道")
    assert_same_as_clean(config, [*zh, extra], en, tmp_path)  # added: the whole site is planned
    assert planned
