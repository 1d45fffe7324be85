"""The seed stage: each page is parsed again only when its file changed; nothing else changes."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from helpers import site_toml
from test_bad_input import run_cli

from site_builder import files
from site_builder.cache.session import Session
from site_builder.config import load_config
from site_builder.parse import page as parse
from site_builder.parse import seeds

TESTS = Path(__file__).resolve().parent
DEMO_SEED = next((TESTS.parent / "seeds").glob("*.txt"))  # no date: the parser infers one
GOOD_PAGE = TESTS / "bad" / "good_page.txt"  # dated in its front matter
INFERRED = "no date given, inferred"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(files, "RACY_NS", 0)  # trust files written a moment ago
    (tmp_path / "seeds").mkdir()
    shutil.copy(DEMO_SEED, tmp_path / "seeds" / "page1.txt")
    (tmp_path / "site.toml").write_text(site_toml("http://127.0.0.1:8000/"), encoding="utf-8")
    return tmp_path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the pages parse_page is called on."""
    calls: list[str] = []
    real = parse.parse_page

    def counted(source, default_date=None):
        calls.append(source.name)
        return real(source, default_date)

    monkeypatch.setattr(parse, "parse_page", counted)
    return calls


def parse_all(project: Path) -> tuple[list, set[str], list[str]]:
    problems: list[str] = []
    articles, pages = seeds.parse_seeds(load_config(project / "site.toml"), problems)
    return articles, pages, problems


def test_an_unchanged_page_is_reused_and_still_warns(project, parses, caplog) -> None:
    first = parse_all(project)
    assert parses == ["page1.txt"] and INFERRED in caplog.text
    caplog.clear()
    again = parse_all(project)
    assert parses == ["page1.txt"]  # not parsed again
    assert again == first and first[0][0].title  # the same articles
    assert f"seeds/page1.txt: {INFERRED}" in caplog.text  # warned as if parsed
    (project / "seeds" / "page1.txt").write_text(GOOD_PAGE.read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    changed = parse_all(project)
    assert parses == ["page1.txt", "page1.txt"]
    assert {a.source_sha256 for a in changed[0]} != {a.source_sha256 for a in first[0]}


def test_warnings_of_a_quiet_build_show_in_the_next_one(project, parses, caplog) -> None:
    logger = logging.getLogger("site_builder")
    level = logger.level
    logger.setLevel(logging.ERROR)  # what `build -q` does
    try:
        parse_all(project)
    finally:
        logger.setLevel(level)
    assert INFERRED not in caplog.text
    with caplog.at_level(logging.WARNING, logger="site_builder"):
        parse_all(project)
    assert parses == ["page1.txt"] and INFERRED in caplog.text


def test_a_bad_page_is_reported_on_every_build(project, parses) -> None:
    (project / "seeds" / "empty.txt").write_text("", encoding="utf-8")
    for _ in range(2):
        _, pages, problems = parse_all(project)
        assert pages == {"page1.txt"}
        assert problems == ["seeds/empty.txt: the file is empty: nothing to parse"]


def test_pages_of_the_same_name_in_two_folders_are_both_kept(project, parses) -> None:
    for folder, page in (("2026-02", DEMO_SEED), ("2026-03", GOOD_PAGE)):
        (project / "seeds" / folder).mkdir()
        shutil.copy(page, project / "seeds" / folder / "p1.txt")
    (project / "seeds" / "page1.txt").unlink()
    first = parse_all(project)
    again = parse_all(project)
    assert sorted(parses) == ["2026-02/p1.txt", "2026-03/p1.txt"]
    assert again == first and first[1] == {"2026-02/p1.txt", "2026-03/p1.txt"}
    assert {a.source.split(":")[0] for a in first[0]} == first[1]


def test_a_page_that_stops_parsing_keeps_its_articles(project, capsys) -> None:
    assert run_cli(project, capsys, "build", "--lang", "zh").code == 0
    articles = sorted((project / "content" / "zh").glob("*.md"))
    (project / "seeds" / "page1.txt").write_text("page text lost in the export\n",
                                                  encoding="utf-8")
    run = run_cli(project, capsys, "build", "--lang", "zh")
    assert run.code == 1 and "seeds/page1.txt: no Chinese text" in run.err
    assert sorted((project / "content" / "zh").glob("*.md")) == articles  # nothing lost


def test_a_warm_build_told_no_seed_changed_does_not_look_at_the_folder(
        project, parses, caplog, monkeypatch) -> None:
    from site_builder.parse import sources

    config = load_config(project / "site.toml")
    session = Session(changed=frozenset())
    problems: list[str] = []
    first = seeds.parse_seeds(config, problems, session)
    (project / "seeds" / "page2.txt").write_text(  # a repeat of page 1: a problem to report
        DEMO_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    listed = sources.list_seeds
    monkeypatch.setattr(sources, "list_seeds", lambda folder: pytest.fail("listed the seeds"))
    caplog.clear()
    problems = []
    session.changed = frozenset({str(project / "content" / "zh" / "a.md")})
    assert seeds.parse_seeds(config, problems, session)[0] is first[0]  # the very same outcome
    assert problems == [] and INFERRED in caplog.text  # still warned as if parsed
    monkeypatch.setattr(sources, "list_seeds", listed)
    session.changed = frozenset({str(project / "seeds" / "page2.txt")})
    articles, pages = seeds.parse_seeds(config, problems, session)
    assert pages == {"page1.txt", "page2.txt"} and articles == first[0]
    assert problems and "page2.txt" in problems[0]  # the repeat is reported
