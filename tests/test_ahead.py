"""The work a cold build does ahead on the other core answers what the plain functions give."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from engine_harness import tree
from site_fixtures import make_articles

from site_builder.build import BuildOptions, build
from site_builder.cache import ahead as ahead_module
from site_builder.cache.ahead import rendered_ahead, work_ahead
from site_builder.cache.session import Session
from site_builder.cache.tokens import TokenCache
from site_builder.config import load_config
from site_builder.render.search import article_text, render_search_index, tokens
from site_builder.tags.terms import is_person
from site_builder.translate.articles import ArgosTranslator

ROOT = Path(__file__).resolve().parent.parent
TAGS = (("贺传", "义乌"), ("比赛", "贺传"), ())  # a person's name, a place, a common noun

pytestmark = pytest.mark.skipif(ahead_module.start_method() != "fork",
                                reason="work is done ahead only where processes fork")


def _articles():
    zh = make_articles()[0][:3]
    return [replace(article, tags=tags) for article, tags in zip(zh, TAGS, strict=True)]


def test_the_answers_are_the_plain_functions_and_the_cache_takes_them(tmp_path: Path) -> None:
    zh = _articles()
    session = Session()
    with work_ahead(zh, tmp_path / "tokens.pickle", session):
        assert session.ahead is not None
        people, ahead = session.ahead.people(), session.ahead.tokens()
    assert session.ahead is None
    assert people == {tag: is_person(tag) for tag in ("贺传", "义乌", "比赛")}
    assert people["贺传"] and not people["义乌"]
    assert sorted(ahead.values()) == sorted(
        "\n".join(tokens(article_text(article), "zh")) for article in zh)
    # keyed as the token cache asks: given these answers, it works out none itself
    marked = TokenCache.load(tmp_path / "tokens.pickle", ahead={k: "甲" for k in ahead})
    marked.fill({"zh": zh})
    assert [marked(article, "zh") for article in zh] == [["甲"]] * 3


def test_texts_the_token_cache_holds_are_not_worked_out_again(tmp_path: Path) -> None:
    zh = _articles()
    path = tmp_path / "tokens.pickle"
    known = TokenCache.load(path)
    known.fill({"zh": zh[:2]})
    known.save()
    lacking = TokenCache.load(path).lacking(zh, "zh")
    assert list(lacking.values()) == ["\n".join(tokens(article_text(zh[2]), "zh"))]
    session = Session()  # a build that finds the cache (not a cold one): not asked about names
    with work_ahead(zh, path, session):
        assert session.ahead is not None
        assert session.ahead.people() == {} and session.ahead.tokens() == lacking


def test_shards_rendered_ahead_are_the_plain_ones_and_taken_for_the_same_articles_only(
        tmp_path: Path) -> None:
    zh = _articles()
    session = Session()
    with work_ahead(zh, tmp_path / "tokens.pickle", session):
        assert session.ahead is not None
        ahead = session.ahead.shards("zh")
        assert session.ahead.shards("en") == {}  # only the Chinese ones are rendered ahead
    memo: dict = {}
    jobs = render_search_index(zh, "zh", "inputs", memo=memo)  # the plain way: no cache
    plain = {job.path: job.make() for job in memo["zh"].jobs[1:]}
    assert ahead["shards"] == plain and plain
    key_of = TokenCache.load(tmp_path / "none.pickle").key_of
    taken = rendered_ahead(jobs, ahead, zh, "zh", key_of)
    assert [(job.path, job.fingerprint, job.make()) for job in taken] == [
        (job.path, job.fingerprint, job.make()) for job in jobs]
    assert [job.prepare for job in taken if job.path in plain] == [None] * len(plain)
    assert rendered_ahead(jobs, ahead, zh[::-1], "zh", key_of) == jobs  # other order
    edited = [zh[0], replace(zh[1], title="另一个标题"), zh[2]]
    assert rendered_ahead(jobs, ahead, edited, "zh", key_of) == jobs  # another text


def test_a_warm_build_starts_no_work_ahead(tmp_path: Path) -> None:
    session = Session()
    session.render = object()  # type: ignore[assignment]  # a serve process built before
    with work_ahead(_articles(), tmp_path / "tokens.pickle", session):
        assert session.ahead is None


def test_answers_that_never_come_are_worked_out_by_the_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ahead_module, "_work", lambda *args: None)  # it ends, sending nothing
    session = Session()
    with work_ahead(_articles(), tmp_path / "tokens.pickle", session):
        assert session.ahead is not None
        assert session.ahead.people() == {} and session.ahead.tokens() == {}


def test_a_cold_build_with_work_ahead_equals_one_without(tmp_path: Path, installed_argos,
                                                         monkeypatch) -> None:
    sites = {}
    answered = []
    tokens_of = ahead_module.Ahead.tokens
    monkeypatch.setattr(ahead_module.Ahead, "tokens",
                        lambda self: answered.append(tokens_of(self)) or answered[-1])
    shards_of = ahead_module.Ahead.shards
    shards, taken = [], []
    monkeypatch.setattr(ahead_module.Ahead, "shards", lambda self, lang: shards.append(
        shards_of(self, lang)) or shards[-1])
    from site_builder.cache import jobs as jobs_module

    def take(jobs, *args):
        result = rendered_ahead(jobs, *args)
        taken.append(result != jobs)
        return result

    monkeypatch.setattr(jobs_module, "rendered_ahead", take)
    for name, method in (("ahead", "fork"), ("plain", "spawn")):
        root = tmp_path / name
        shutil.copytree(ROOT / "seeds", root / "seeds")
        shutil.copy(ROOT / "site.toml", root / "site.toml")
        monkeypatch.setattr(ahead_module, "start_method", lambda method=method: method)
        config = load_config(root / "site.toml")
        options = BuildOptions(allow_download=False, load_translator=lambda config=config:
                               ArgosTranslator(installed_argos, config.translation))
        build(config, options)
        first = sorted(root.joinpath("content", "zh").glob("*.md"))[0]  # then an editor's fix
        first.write_text(first.read_text(encoding="utf-8") + "\n又一段。\n", encoding="utf-8")
        build(config, options)  # a new process's build: its Session is new
        sites[name] = {f"{folder}/{path}": data for folder in ("public", "content", "translations")
                       for path, data in tree(root / folder).items()}
    assert len(answered) == 2 and answered[0]  # each build took the tokens worked ahead
    assert [bool(answer) for answer in shards] == [True, False] * 2  # zh's, and none for en
    assert all(answer["shards"] for answer in shards[::2])
    assert taken == [True, False] * 2  # and the builds took zh's: rendered from its articles
    assert sites["ahead"] == sites["plain"]
