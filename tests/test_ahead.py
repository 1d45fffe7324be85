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
from site_builder.cache.ahead import work_ahead
from site_builder.cache.session import Session
from site_builder.cache.tokens import TokenCache
from site_builder.config import load_config
from site_builder.render.search import article_text, tokens
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
    session = Session()  # and a build that finds the cache (not a cold one) starts no work ahead
    with work_ahead(zh, path, session):
        assert session.ahead is None


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
    for name, method in (("ahead", "fork"), ("plain", "spawn")):
        root = tmp_path / name
        shutil.copytree(ROOT / "seeds", root / "seeds")
        shutil.copy(ROOT / "site.toml", root / "site.toml")
        monkeypatch.setattr(ahead_module, "start_method", lambda method=method: method)
        config = load_config(root / "site.toml")
        build(config, BuildOptions(allow_download=False, load_translator=lambda config=config:
                                   ArgosTranslator(installed_argos, config.translation)))
        sites[name] = {f"{folder}/{path}": data for folder in ("public", "content", "translations")
                       for path, data in tree(root / folder).items()}
    assert len(answered) == 1  # the first build took tokens worked ahead, zh and en
    assert {value.isascii() for value in answered[0].values()} == {True, False}
    assert sites["ahead"] == sites["plain"]
