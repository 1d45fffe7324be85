"""The static pages (About, Contact, corrections policy): their routes and the footer's links.

They are listed in every page's footer, in the sitemap with their hreflang pair, and nowhere
else: no feed, archive, search index or news sitemap knows them.
"""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.config import Config
from site_builder.render import urls
from site_builder.render.catalog import Edition
from site_builder.render.text import excerpt


def page_links(edition: Edition) -> dict[str, list[tuple[str, str]]]:
    """Return per language the static pages' (title, path), in file-name order."""
    return {lang: [(page.title, urls.static_page(lang, page.slug)) for page in pages]
            for lang, pages in edition.pages.items()}


def static_routes(config: Config, edition: Edition, lang: str) -> Iterator:
    """Yield the route of each static page of a language."""
    from site_builder.render.pages import Route, meta

    originals = {page.slug: page for page in edition.pages.get("zh", ())}
    for page in edition.pages.get(lang, ()):
        paths = {code: urls.static_page(code, page.slug) for code in edition.langs
                 if any(p.slug == page.slug for p in edition.pages.get(code, ()))}
        description = excerpt(page) or config.description[lang]
        plan = meta(edition, lang, paths, title=f"{page.title} · {config.title[lang]}",
                    description=description)
        original = originals.get(page.slug) if lang == "en" else None
        yield Route("page.html", plan, {"doc": page, "original": original})
