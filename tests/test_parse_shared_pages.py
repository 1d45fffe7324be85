"""The real printed pages of ../shared/pages, scored as bench/parse.py scores them (issue 15).

The pages are not copied into the repository; without the folder the test is skipped.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "pages"
TARGET = 0.95  # of the articles right: title, kicker, subtitle, people, dateline, body


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_parse", ROOT / "bench" / "parse.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/pages is not on this machine")
def test_real_pages_parse_as_their_editors_read_them(capsys):
    bench = load_bench()
    assert bench.main([str(SHARED)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    fields = dict(part.split("=") for part in last.removeprefix("bench: ").split())
    assert int(fields["articles"]) >= 100
    assert int(fields["right"]) >= TARGET * int(fields["articles"]), last
