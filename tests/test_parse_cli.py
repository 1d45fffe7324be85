"""`site-builder parse FILE`: what the parser decided, per article, and what to check."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from site_builder.cli import main

PAGE = """福建农行创新金融产品

服务海洋渔业全链条

本报记者  郁静娴

图①：渔民在渔排上劳作。

阮玲玲摄

春节前夕，东山县澳角村迎来渔业丰收，渔民们忙着出海捕捞。

创新信贷产品

当地农业银行推出多款金融产品，为渔民解决资金难题。
"""


@pytest.fixture(autouse=True)
def _logging_restored():
    """Undo main()'s logging set-up, which would silence other tests' caplog."""
    logger = logging.getLogger("site_builder")
    handlers, level = list(logger.handlers), logger.level
    yield
    for handler in logger.handlers[len(handlers):]:  # main() adds one per call
        logger.removeHandler(handler)
    logger.setLevel(level)


def test_parse_shows_every_decision_and_flags_what_print_left_open(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no site.toml here: no [site] date
    (tmp_path / "20250212_03.txt").write_text(PAGE, encoding="utf-8")
    assert main(["parse", "20250212_03.txt"]) == 0
    out = capsys.readouterr().out
    head = "20250212_03.txt: 1 articles, date 2025-02-12, page 3, 1 to review"
    assert out.splitlines()[0] == head
    rows = dict(re.match(r"^\s*\d*\s+(\S+)\s+(.*)$", line).groups()
                for line in out.splitlines()[1:])
    assert rows == {"title": "服务海洋渔业全链条", "kicker": "福建农行创新金融产品",
                    "reporters": "郁静娴", "photographers": "阮玲玲", "paragraphs": "2",
                    "subheadings": "创新信贷产品", "captions": "图①：渔民在渔排上劳作。",
                    "review": "? kicker or headline?"}


def test_parse_shows_a_page_without_a_date_and_warns(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    assert main(["parse", "page.txt"]) == 0
    captured = capsys.readouterr()
    assert "page.txt: 1 articles, date none found" in captured.out
    assert "warning:" in captured.err and "no publication date found" in captured.err


def test_build_refuses_a_page_without_a_date_naming_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "page.txt").write_text(PAGE, encoding="utf-8")
    Path("site.toml").write_text('[site]\ntitle = { zh = "报", en = "Paper" }\n'
                                 'base_url = "http://127.0.0.1:8000/"\nlanguages = ["zh"]\n',
                                 encoding="utf-8")
    assert main(["build", "--lang", "zh", "-q"]) == 1
    assert "error: seeds/page.txt: no publication date found" in capsys.readouterr().err
