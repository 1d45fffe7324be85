"""Tags: scored against the archive, stable for older articles, no thin pages, editors win."""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.build import BuildOptions, build
from site_builder.cache import terms as warm
from site_builder.config import load_config
from site_builder.models import Article, Block
from site_builder.parse.page import parse_page
from site_builder.parse.sources import read_source
from site_builder.tags import choose, terms
from site_builder.tags.choose import Archive, chosen_tags, tag_articles
from site_builder.translate.localise import tag_to_english

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4b71105106d275e4.txt"
DAY = dt.date(2026, 2, 2)


@functools.cache
def demo() -> tuple[Article, ...]:
    """The demo page's nine articles, as parsed (no tags)."""
    return parse_page(read_source(SEED, SEED.parent), DAY)


def titled(words: str) -> Article:
    """The demo article whose title has these words."""
    return next(a for a in demo() if words in a.title)


def by_slug(articles) -> dict[str, tuple[str, ...]]:
    return {a.slug: a.tags for a in articles}


def test_names_the_text_prints_whole_are_kept_whole() -> None:
    found = set(choose.article_terms(titled("跳绳")).words)
    assert "月白塘" in found and "月白" not in found  # jieba alone cuts 月白 + 塘
    chou = set(choose.article_terms(titled("工业上楼")).words)
    assert "稠江街道" in chou and "稠江" not in chou
    assert terms.word_kind("时刻") is None and terms.word_kind("跳绳") == terms.NOUN


def test_a_person_tag_is_romanised_not_translated() -> None:
    seen: list[str] = []
    assert tag_to_english("贺传", seen.append) == "He Chuan" and not seen
    tag_to_english("跳绳", lambda s: seen.append(s) or "")
    assert seen == ["跳绳"]


def test_the_demo_gets_few_tags_that_mean_something() -> None:
    archive = Archive.of((a.date.toordinal(), choose.article_terms(a)) for a in demo())
    chosen = [chosen_tags(a, choose.article_terms(a), archive) for a in demo()]
    assert all(1 <= len(tags) <= choose.TAGS_PER_ARTICLE for tags in chosen)
    flat = {tag for tags in chosen for tag in tags}
    assert {"月白塘", "稠江街道", "友城", "烟花爆竹"} <= flat
    assert not flat & {"时刻", "特质", "统一", "月白"}  # the noise of per-article keywords
    tagged = tag_articles(demo(), 2)
    counts = {t: sum(t in a.tags for a in tagged) for a in tagged for t in a.tags}
    assert counts and min(counts.values()) >= 2


def test_an_editors_tags_win_and_count_like_any_other() -> None:
    articles = list(demo())
    articles[0] = replace(articles[0], tags=("春节", "产业园区"))
    articles[3] = replace(articles[3], tags=("春节",))
    tagged = by_slug(tag_articles(articles, 2))
    assert tagged[articles[0].slug] == ("春节",)  # 产业园区: only one article has it
    assert tagged[articles[3].slug] == ("春节",)


def test_tags_are_the_same_whatever_the_order_given() -> None:
    shuffled = list(reversed(demo()))
    assert by_slug(tag_articles(shuffled, 2)) == by_slug(tag_articles(demo(), 2))


def test_a_later_page_changes_no_older_articles_tags() -> None:
    """Old tags (and their URLs) stay: a new day's articles can only give them company."""
    older = [replace(a, date=DAY - dt.timedelta(days=1)) for a in demo()[:5]]
    later = [replace(a, slug=f"{a.slug}-x", date=DAY) for a in demo()]
    before = {a.slug: chosen_tags(a, choose.article_terms(a), _archive(older)) for a in older}
    grown = older + later
    after = {a.slug: chosen_tags(a, choose.article_terms(a), _archive(grown)) for a in older}
    assert after == before
    published_before = by_slug(tag_articles(older, 2))
    published_after = by_slug(tag_articles(grown, 2))
    for slug, tags in published_before.items():
        assert set(tags) <= set(published_after[slug])


def _archive(articles) -> Archive:
    return Archive.of((a.date.toordinal(), choose.article_terms(a)) for a in articles)


# --- the fast path against the plain one -------------------------------------------------

PARAGRAPHS = [p for a in demo() for p in a.paragraphs if len(p) > 20]
EDITS = st.lists(st.tuples(
    st.sampled_from(["text", "date", "editor", "add", "remove"]),
    st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=6)


def _edit(articles: list[Article], kind: str, a: int, b: int) -> None:
    """Apply one random edit in place (a and b pick articles, paragraphs, days)."""
    place = a % len(articles)
    article = articles[place]
    if kind == "text":
        body = (*article.body[1:], Block("p", PARAGRAPHS[b % len(PARAGRAPHS)]))
        articles[place] = replace(article, body=body)
    elif kind == "date":
        articles[place] = replace(article, date=DAY - dt.timedelta(days=b % 4))
    elif kind == "editor":
        tags = () if article.tags else ("义乌", "春节")[: b % 2 + 1]
        articles[place] = replace(article, tags=tags)
    elif kind == "add":
        body = tuple(Block("p", PARAGRAPHS[(b + i) % len(PARAGRAPHS)]) for i in range(3))
        articles.append(Article(f"new-{a}-{b}-{len(articles)}", "zh", f"新稿{b}",
                                DAY - dt.timedelta(days=b % 3), body))
    elif len(articles) > 2:
        del articles[place]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_warm_tagging_equals_the_plain_computation(edits, tmp_path: Path) -> None:
    """After every edit, the cached and patched run gives what the plain one gives."""
    path = tmp_path / f"terms-{abs(hash(tuple(edits)))}.pickle"
    articles = [replace(a, date=DAY - dt.timedelta(days=i % 3)) for i, a in enumerate(demo())]
    _, run = warm.tag_site(articles, 2, path)
    for kind, a, b in edits:
        _edit(articles, kind, a, b)
        fast, run = warm.tag_site(articles, 2, path, run)
        assert [x.tags for x in fast] == [x.tags for x in tag_articles(articles, 2)]
    # a new process: the cache file alone
    assert warm.tag_site(articles, 2, path)[0] == tag_articles(articles, 2)


def test_an_edit_cuts_only_its_own_text(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "terms.pickle"
    articles = list(demo())
    _, run = warm.tag_site(articles, 2, path)
    cut: list[str] = []
    real = warm.analyse
    monkeypatch.setattr(warm, "analyse", lambda title, body: cut.append(title) or real(title, body))
    articles[4] = replace(articles[4], body=articles[4].body[1:])
    first, _ = warm.tag_site(articles, 2, path, run)
    assert cut == [articles[4].title]
    # a new process, with the cache file
    assert warm.tag_site(articles, 2, path)[0] == first and cut == [articles[4].title]


def test_texts_cut_by_forked_workers_equal_texts_cut_here(monkeypatch) -> None:
    monkeypatch.setattr(warm, "PARALLEL_MIN", 2)
    cache = warm.TermCache(None)
    cache.fill(demo(), workers=2)
    assert len(cache._known) == len(demo())  # all cut by the workers, none left for get()
    assert [cache.get(a)[1] for a in demo()] == [choose.article_terms(a) for a in demo()]


def test_a_warm_run_keeps_unchanged_articles_as_the_same_objects(tmp_path: Path) -> None:
    path = tmp_path / "terms.pickle"
    articles = list(demo())
    first, run = warm.tag_site(articles, 2, path)
    articles[1] = replace(articles[1], subtitle="副题")
    second, _ = warm.tag_site(articles, 2, path, run)
    assert [a is b for a, b in zip(first, second, strict=True)].count(False) == 1


# --- the built site ----------------------------------------------------------------------

@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copy(ROOT / "site.toml", tmp_path / "site.toml")
    return tmp_path


def tag_pages(public: Path, lang: str = "zh") -> dict[str, int]:
    """Return the article count of each tag page (all its pages) of a built site."""
    counts: dict[str, int] = {}
    for page in (public / lang / "tags").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        counts[page.parent.name] = int(re.search(r'<p class="count">(\d+)', html)[1])
    return counts


@pytest.mark.parametrize("least", [2, 3])
def test_the_demo_has_no_tag_page_with_fewer_articles_than_the_minimum(site, least) -> None:
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "per_page = 20", f"per_page = 20\nmin_tag_articles = {least}"), encoding="utf-8")
    build(load_config(toml), BuildOptions(languages=("zh",)))
    counts = tag_pages(site / "public")
    assert counts and min(counts.values()) >= least
    sitemap = (site / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(re.findall(r"/zh/tags/([^/]+)/<", sitemap)) == sorted(counts)
    for article in (site / "public" / "zh" / "articles").glob("*/index.html"):
        for key in re.findall(r'href="[^"]*/zh/tags/([^/"]+)/"', article.read_text("utf-8")):
            assert key in counts  # no link to a tag page that does not exist


def test_an_editors_tags_in_front_matter_win(site) -> None:
    config = load_config(site / "site.toml")
    build(config, BuildOptions(languages=("zh",)))
    folder = site / "content" / "zh"
    files = sorted(folder.glob("*.md"))[:2]
    for path in files:
        text = re.sub(r"(?m)^tags:.*\n", "", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("---\n", '---\ntags: ["春节专题"]\n', 1), encoding="utf-8")
    build(config, BuildOptions(languages=("zh",)))
    assert tag_pages(site / "public") ["chun-jie-zhuan-ti"] == 2
    for path in files:
        html = (site / "public" / "zh" / "articles" / path.stem / "index.html").read_text("utf-8")
        assert re.findall(r'rel="tag" href="[^"]*/zh/tags/([^/"]+)/"', html) == [
            "chun-jie-zhuan-ti"]


def test_a_new_page_rewrites_no_article_file(site) -> None:
    """Tags live in no content/zh file, so a new day's page writes only its own articles."""
    config = load_config(site / "site.toml")
    build(config, BuildOptions(languages=("zh",)))
    folder = site / "content" / "zh"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.glob("*.md")}
    page = SEED.read_text(encoding="utf-8").replace("2月1日", "2月3日").replace("跳绳", "拔河")
    (site / "seeds" / "001_next_day.txt").write_text("---\ndate: 2026-02-03\n---\n" + page,
                                                     encoding="utf-8")
    build(config, BuildOptions(languages=("zh",)))
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.glob("*.md")}
    assert {name: after[name] for name in before} == before and len(after) > len(before)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_warm_rebuild_after_edits_equals_a_clean_build(site, tmp_path: Path) -> None:
    """Edits in a warm process (serve's Session): the site equals a clean build's, byte for byte."""
    from site_builder.cache.session import Session

    config = load_config(site / "site.toml")
    session = Session()
    options = BuildOptions(languages=("zh",), load_translator=lambda: None)  # no no-op shortcut
    build(config, options, session)
    folder = site / "content" / "zh"
    files = sorted(folder.glob("*.md"))
    tagged = '---\ntags: ["春节专题"]\n'
    edits = {  # a paragraph added, an editor's tags (on two articles: a page), one dropped
        files[0]: lambda text: text.replace("---\n", tagged, 1).replace(
            "\n\n", "\n\n月白塘跳绳比赛又开赛。月白塘村民参加。\n\n", 1),
        files[1]: lambda text: text.replace("---\n", tagged, 1),
        files[2]: lambda text: text.rsplit("\n\n", 2)[0] + "\n",
    }
    for path, change in edits.items():
        path.write_text(change(re.sub(r"(?m)^tags:.*\n", "", path.read_text("utf-8"))), "utf-8")
        session.changed = frozenset({str(path)})  # what the watcher saw
        build(config, options, session)
    clean = tmp_path / "clean"
    shutil.copytree(site / "seeds", clean / "seeds")
    shutil.copytree(folder, clean / "content" / "zh")
    shutil.copy(site / "site.toml", clean / "site.toml")
    build(load_config(clean / "site.toml"), options)
    assert _tree(site / "public") == _tree(clean / "public")
    assert tag_pages(site / "public")["chun-jie-zhuan-ti"] == 2


def test_when_an_editor_tagged_every_article_no_text_is_cut(tmp_path, monkeypatch) -> None:
    from dataclasses import replace as with_fields

    from site_builder import tags
    from site_builder.cache import terms as term_cache
    from site_builder.config import Config

    config = Config(tmp_path, {"zh": "T", "en": "T"}, {"zh": "", "en": ""}, "http://x.org/")
    articles = [with_fields(a, tags=("义乌",) if n < 3 else ("独有",))
                for n, a in enumerate(demo()[:4])]
    monkeypatch.setattr(term_cache, "analyse", lambda *_: pytest.fail("cut a text"))
    monkeypatch.setattr(terms, "analyse", lambda *_: pytest.fail("cut a text"))
    tagged = tags.tag_site(articles, config)
    assert [a.tags for a in tagged] == [("义乌",)] * 3 + [()]  # a lone tag is not published
    monkeypatch.undo()
    assert tagged == tag_articles(articles, config.min_tag_articles)  # the plain computation
