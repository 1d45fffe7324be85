"""Measure reading front matter: 1,000 article files, each YAML loader, and the old reader.

Writes the demo's parsed articles (cycled to N files, each with its own slug) with
dump_article into a temp folder, then times load_article over all of them with:

  (a) the shipped loader (libyaml's CSafeLoader when PyYAML has it, text-first resolvers),
  (b) the same loader on PyYAML's pure-Python SafeLoader,
  (c) the JSON-lines reader of the previous release (optional: pass --old FILE, a copy of the
      old content/markdown.py, e.g. `git show 1aa5df6:site_builder/content/markdown.py`),

and checks (a) and (b) give equal Articles. Best of 5 runs each.

Run: .venv/bin/python bench/frontmatter.py [N] [--old /tmp/old_markdown.py]
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import yaml

from site_builder.config import load_config
from site_builder.content import frontmatter, markdown
from site_builder.parse.seeds import parse_seeds

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    old = Path(sys.argv[sys.argv.index("--old") + 1]) if "--old" in sys.argv else None
    articles, _ = parse_seeds(load_config(ROOT / "site.toml"), [])
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number in range(count):
            article = replace(articles[number % len(articles)], slug=f"article-{number}")
            path = Path(folder) / f"{article.slug}.md"
            path.write_text(markdown.dump_article(article), encoding="utf-8")
            paths.append(path)
        texts = [(p.read_text(encoding="utf-8"), p) for p in paths]
        fast = _time("CSafeLoader (shipped)", texts, markdown.load_article)
        pure = _with_loader(yaml.SafeLoader, texts)
        print("same Articles from both loaders:", fast == pure)
        if old is not None:
            _time_old(old, articles, count)


def _time(label: str, texts, load) -> list:
    best, result = float("inf"), []
    for _ in range(5):
        start = time.perf_counter()
        result = [load(text, path) for text, path in texts]
        best = min(best, time.perf_counter() - start)
    print(f"{label}: {len(texts)} files in {best * 1000:.0f} ms "
          f"({best / len(texts) * 1e6:.0f} µs a file)")
    return result


def _with_loader(base: type, texts) -> list:
    """Time load_article with the same text-first resolvers on another PyYAML loader."""
    class Loader(base):  # type: ignore[misc,valid-type]
        yaml_implicit_resolvers = frontmatter._Loader.yaml_implicit_resolvers

    shipped = frontmatter._Loader
    frontmatter._Loader = Loader
    try:
        return _time(f"{base.__name__} (pure Python)", texts, markdown.load_article)
    finally:
        frontmatter._Loader = shipped


def _time_old(old: Path, articles, count: int) -> None:
    """Time the previous release's reader on the files it wrote itself."""
    spec = importlib.util.spec_from_file_location("old_markdown", old)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    texts = []
    for number in range(count):
        article = replace(articles[number % len(articles)], slug=f"article-{number}",
                          image=None, images=())
        texts.append((module.dump_article(article), Path(f"article-{number}.md")))
    _time("previous reader (JSON lines)", texts, module.load_article)


if __name__ == "__main__":
    main()
