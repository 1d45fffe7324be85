"""Site variants: Chinese only, served from the root, themed; template errors named."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from site_fixtures import build_site, make_articles, make_config

from site_builder.config import DEFAULT_TEMPLATES
from site_builder.render.env import TemplateError
from site_builder.render.site import render_site


def test_chinese_only_site_has_no_english_side(tmp_path):
    site = build_site(tmp_path, with_en=False)
    assert not (site / "en").exists()
    html = (site / "zh/articles/yiwu-friend-cities/index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' not in html and 'class="switch"' not in html
    assert "zh/" in (site / "index.html").read_text(encoding="utf-8")
    assert "en/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_site_served_from_the_root(tmp_path):
    site = build_site(tmp_path, "http://127.0.0.1:8000/")
    html = (site / "en/articles/yiwu-friend-cities/index.html").read_text(encoding="utf-8")
    assert 'href="/en/archive/"' in html and 'href="/assets/style.css?v=' in html
    canonical = "http://127.0.0.1:8000/en/articles/yiwu-friend-cities/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert "/news/" not in html


def _theme(tmp_path: Path, name: str, text: str) -> Path:
    theme = tmp_path / "theme"
    (theme / "static").mkdir(parents=True, exist_ok=True)
    (theme / name).write_text(text, encoding="utf-8")
    return theme


def test_theme_templates_and_assets_override_the_defaults(tmp_path):
    text = '{% extends "base.html" %}{% block content %}THEMED{% endblock %}'
    theme = _theme(tmp_path, "404.html", text)
    (theme / "static" / "style.css").write_text("body{color:red}", encoding="utf-8")
    site = build_site(tmp_path, theme_dir=theme)
    assert "THEMED" in (site / "zh/404.html").read_text(encoding="utf-8")
    assert (site / "assets/style.css").read_text(encoding="utf-8") == "body{color:red}"
    assert (site / "assets/search.js").is_file()  # still from the defaults


def _render(tmp_path: Path, theme: Path) -> None:
    zh, en = make_articles()
    for _page in render_site(make_config(tmp_path, theme_dir=theme), zh, en):
        pass


def test_syntax_error_names_template_and_line(tmp_path):
    text = '{% extends "base.html" %}\n\n{% block content %}{% if %}'
    theme = _theme(tmp_path, "front.html", text)
    with pytest.raises(TemplateError, match=r"front\.html:3: "):
        _render(tmp_path, theme)


def test_undefined_variable_names_template_and_line(tmp_path):
    text = (DEFAULT_TEMPLATES / "term.html").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines.insert(3, "{{ no_such_variable }}")
    theme = _theme(tmp_path, "term.html", "\n".join(lines))
    with pytest.raises(TemplateError, match=r"term\.html:4: UndefinedError: 'no_such_variable'"):
        _render(tmp_path, theme)


def test_missing_template_is_named(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    (templates / "search.html").unlink()
    config = make_config(tmp_path)
    config = dataclasses.replace(config, templates_dir=templates)
    zh, en = make_articles()
    with pytest.raises(TemplateError, match="'search.html' not found"):
        list(render_site(config, zh, en))


def test_site_without_articles_still_renders(tmp_path):
    config = make_config(tmp_path)
    paths = {page.path for page in render_site(config, [], [])}
    assert {"index.html", "zh/index.html", "zh/archive/index.html", "sitemap.xml",
            "news-sitemap.xml", "zh/feed.xml", "zh/search/index.json",
            "zh/search/index-0.json"} <= paths
    assert not any(path.startswith("en/") for path in paths)


def test_long_tag_lists_are_paged_like_the_archive(tmp_path):
    site = build_site(tmp_path, per_page=1)
    first = (site / "zh/tags/you-cheng/index.html").read_text(encoding="utf-8")
    second = (site / "zh/tags/you-cheng/page/2/index.html").read_text(encoding="utf-8")
    assert 'rel="next" href="/news/zh/tags/you-cheng/page/2/"' in first
    assert 'rel="prev" href="/news/zh/tags/you-cheng/"' in second
    assert "yiwu-friend-cities" in first and "yiwu-friend-cities" not in second
    assert "zh-only-story" in second and "2 篇文章" in first and "2 篇文章" in second
    # The English tag has one article: no second page, and the Chinese one names no twin.
    assert not (site / "en/tags/you-cheng/page/2").exists()
    assert 'rel="alternate" hreflang="en"' not in second
    assert 'rel="alternate" hreflang="en"' in first
    assert "/news/zh/tags/you-cheng/page/2/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_template_reads_what_it_and_the_templates_it_uses_read() -> None:
    import jinja2

    from site_builder.render.env import DYNAMIC_GLOBALS, EVERYTHING, template_reads

    WATCHED = DYNAMIC_GLOBALS | {"page"}  # noqa: N806
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "base.html": "{{ edition.latest }}{% block main %}{% endblock %}",
        "_macros.html": "{% macro m() %}{{ chrome }}{% endmacro %}",
        "page.html": "{% extends 'base.html' %}{% import '_macros.html' as x %}"
                     "{% block main %}{{ x.m() }}{{ page.title }}{% endblock %}",
        "plain.html": "{{ static_pages }}",
        "dynamic.html": "{% include page.template %}",
    }))
    env.globals.update(edition=1, chrome=2, static_pages=3)  # globals still count as read
    parsed: dict = {}
    for name, reads in [("page.html", {"edition", "chrome", "page"}),
                        ("plain.html", {"static_pages"}), ("dynamic.html", EVERYTHING)] * 2:
        found = template_reads(env, name, parsed)  # base.html parsed once, shared
        assert found == template_reads(env, name)
        assert found is EVERYTHING if reads is EVERYTHING else found & WATCHED == reads


def test_a_page_of_a_tags_list_is_the_slice_of_its_articles_in_that_language(tmp_path) -> None:
    from site_builder.render.catalog import build_edition
    from site_builder.render.pages import _chunk, _term_items, term_chunk

    zh, _ = make_articles()
    zh = [dataclasses.replace(a, slug=f"{a.slug}-{n}", tags=("义乌",)) for n in range(7)
          for a in zh]
    en = [dataclasses.replace(a, lang="en", title="Yiwu", tags=("Yiwu",)) for a in zh]
    config = dataclasses.replace(make_config(tmp_path), per_page=4)
    for english in (en, en[::3]):  # every twin; a third of them
        edition = build_edition(zh, english)
        (term,) = [t for t in edition.terms["tags"] if t.names["zh"] == "义乌"]
        for lang in edition.langs:
            items = _term_items(edition, term, lang)
            pages = [term_chunk(edition, term, lang, n, config, len(items)) for n in range(1, 8)]
            assert pages == [_chunk(items, n, config) for n in range(1, 8)]
            assert sum(map(len, pages)) == len(items) > 0
