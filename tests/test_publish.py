"""Drafts, embargoes and withdrawals: what `build` publishes, what `serve` previews."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import site_toml

from site_builder import cli
from site_builder.build import BuildOptions, build
from site_builder.config import ConfigError, load_config
from site_builder.content.publish import publishable, without_withdrawn
from site_builder.models import Article, Block

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI_MIDNIGHT = dt.datetime(2026, 3, 1, 16, 0, tzinfo=dt.UTC)  # 2 March 00:00 in Shanghai


def article(slug: str, day: int = 1, **fields) -> Article:
    return Article(slug, "zh", slug, dt.date(2026, 3, day), body=(Block("p", "正文。"),),
                   **fields)


def test_a_future_date_is_held_until_midnight_in_the_site_timezone():
    zh = [article("today", 1), article("tomorrow", 2)]
    before = publishable(zh, [], SHANGHAI_MIDNIGHT - dt.timedelta(seconds=1), "Asia/Shanghai")
    assert [a.slug for a in before.zh] == ["today"] and before.embargoed == 1
    assert before.next_release == SHANGHAI_MIDNIGHT
    after = publishable(zh, [], SHANGHAI_MIDNIGHT, "Asia/Shanghai")
    assert [a.slug for a in after.zh] == ["today", "tomorrow"] and after.next_release is None
    # the same instant is still 1 March in London: held there
    assert publishable(zh, [], SHANGHAI_MIDNIGHT, "Europe/London").embargoed == 1


def test_publish_at_with_and_without_a_zone():
    local = article("local", publish_at=dt.datetime(2026, 3, 1, 9, 0))  # 09:00 in Shanghai
    utc = article("utc", publish_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC))
    now = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
    shown = publishable([local, utc], [], now, "Asia/Shanghai")
    assert [a.slug for a in shown.zh] == ["local"]
    assert shown.next_release == dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_drafts_and_embargoes_with_their_twins_are_held_from_build_and_marked_in_preview():
    zh = [article("draft", draft=True), article("future", 9), article("live")]
    en = [Article(a.slug, "en", a.title, a.date, draft=a.draft) for a in zh]
    now = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    built = publishable(zh, en, now, "Asia/Shanghai")
    assert [a.slug for a in built.zh] == [a.slug for a in built.en] == ["live"]
    assert (built.drafts, built.embargoed) == (1, 1)
    preview = publishable(zh, en, now, "Asia/Shanghai", drafts=True)
    assert [(a.slug, a.draft) for a in preview.en] == [
        ("draft", True), ("future", True), ("live", False)]


def test_withdrawn_articles_are_dropped_and_an_untouched_list_is_kept():
    live = (article("a"), article("b"))
    assert without_withdrawn(live) is live
    assert [a.slug for a in without_withdrawn((*live, article("c", status="withdrawn")))] == [
        "a", "b"]


def test_an_unknown_timezone_is_a_config_error(tmp_path):
    (tmp_path / "site.toml").write_text(site_toml().replace(
        '[site]\n', '[site]\ntimezone = "Mars/Olympus"\n'), encoding="utf-8")
    with pytest.raises(ConfigError, match='timezone: expected a time zone name'):
        load_config(tmp_path / "site.toml")


WEB_ONLY = "---\ntitle: {title}\ndate: {date}\n{extra}---\n\n**{title}**的正文。\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The demo page plus a draft and an embargoed web-only story; Chinese only."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "site.toml").write_text(site_toml("https://example.org/"), encoding="utf-8")
    zh = tmp_path / "content" / "zh"
    zh.mkdir(parents=True)
    (zh / "draft-story.md").write_text(
        WEB_ONLY.format(title="草稿", date="2026-02-02", extra="draft: true\n"), "utf-8")
    (zh / "next-year.md").write_text(
        WEB_ONLY.format(title="明年的报道", date="2027-01-01", extra=""), "utf-8")
    return tmp_path


def run(site: Path, now: dt.datetime, drafts: bool = False):
    options = BuildOptions(languages=("zh",), now=now, drafts=drafts)
    return build(load_config(site / "site.toml"), options)


def published(site: Path) -> dict[str, list[str]]:
    """Slugs on the site, in the feed, in the search index and in the sitemap."""
    public = site / "public"
    head = json.loads((public / "zh/search/index.json").read_text(encoding="utf-8"))
    return {
        "pages": sorted(p.name for p in (public / "zh/articles").iterdir()),
        "feed": sorted(p for p in _slugs((public / "zh/feed.xml").read_text("utf-8"))),
        "search": sorted(doc[0] for doc in head["docs"]),
        "sitemap": sorted(set(_slugs((public / "sitemap.xml").read_text("utf-8")))),
    }


def _slugs(text: str) -> list[str]:
    return re.findall(r"/zh/articles/([a-z0-9-]+)/", text)


def test_build_holds_serve_shows_and_a_withdrawal_survives_reparsing(site, capsys, monkeypatch):
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    report = run(site, now)
    assert (report.articles, report.drafts, report.embargoed) == (9, 1, 1)
    cli._summarise(report, 0)
    assert "2 held back (1 draft, 1 embargoed)" in capsys.readouterr().out
    for where, slugs in published(site).items():
        assert "draft-story" not in slugs and "next-year" not in slugs, where

    preview = run(site, now, drafts=True)  # what serve builds
    assert preview.articles == 11
    page = (site / "public/zh/articles/draft-story/index.html").read_text(encoding="utf-8")
    assert 'class="draft-note"' in page and '<meta name="robots" content="noindex">' in page
    assert "<strong>草稿</strong>的正文。" in page

    # An editor withdraws a parsed article by setting its status in content/zh.
    target = sorted((site / "content/zh").glob("yiwu-*.md"))[0]
    target.write_text(target.read_text("utf-8").replace(
        "status: published", "status: withdrawn"), "utf-8")
    seed = next((site / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text("utf-8") + "\n", "utf-8")  # the seed is parsed again
    report = run(site, now)
    assert (report.articles, report.withdrawn) == (8, 1)
    assert "status: withdrawn" in target.read_text("utf-8")
    for where, slugs in published(site).items():
        assert target.stem not in slugs, where

    # A year on, the embargo has lifted: nothing changed on disk, yet the story appears.
    from site_builder import build as building
    real, stages = building.run_stages, []
    monkeypatch.setattr(building, "run_stages", lambda *a: stages.append(1) or real(*a))
    for _ in range(3):  # until a build finds nothing changed and does nothing
        stages.clear()
        run(site, now)
    assert not stages
    later = run(site, dt.datetime(2027, 1, 1, tzinfo=dt.UTC))  # 08:00 in Shanghai
    assert stages and later.embargoed == 0 and "next-year" in published(site)["pages"]
