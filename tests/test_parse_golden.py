"""Golden Markdown for the example page: parse, dump each article, compare with tests/golden."""

import os
from pathlib import Path

import pytest

from site_builder.content.markdown import dump_article
from site_builder.parse.page import parse_page
from site_builder.parse.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4b71105106d275e4.txt"
GOLDEN = Path(__file__).parent / "golden" / "markdown"


def parsed() -> dict[str, str]:
    articles = parse_page(read_source(SEED, SEED.parent))
    return {f"{a.slug}.md": dump_article(a) for a in articles}


def test_example_page_matches_golden_markdown():
    actual = parsed()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in actual.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten")
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(GOLDEN.glob("*.md"))}
    assert sorted(actual) == sorted(expected)
    for name, text in actual.items():
        assert text == expected[name], name
