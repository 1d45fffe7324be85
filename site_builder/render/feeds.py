"""Machine-read files: Atom feeds, sitemap with hreflang alternates, news sitemap, robots.txt."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from xml.etree import ElementTree as ET

from site_builder.config import Config
from site_builder.models import Article
from site_builder.render import urls
from site_builder.render.catalog import Edition
from site_builder.render.markdown import body_html
from site_builder.render.routes import Route
from site_builder.render.text import excerpt

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
FEED_SIZE = 50
NEWS_DAYS = 2  # Google News takes articles of the last two days
NEWS_LANG = {"zh": "zh-cn", "en": "en"}  # Google News language codes

for _prefix, _uri in (("", SITEMAP), ("xhtml", XHTML), ("news", NEWS)):
    ET.register_namespace(_prefix, _uri)


def _xml(root: ET.Element) -> bytes:
    """Serialise an element tree as a UTF-8 XML document."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    element.text = text
    return element


def _timestamp(date: dt.date) -> str:
    """Return the RFC 3339 time of a publication date (midnight UTC: the paper gives no hour)."""
    return f"{date.isoformat()}T00:00:00Z"


def render_feed(config: Config, edition: Edition, lang: str) -> bytes:
    """Return the Atom feed of a language's newest articles."""
    articles = edition.articles[lang][:FEED_SIZE]
    # Atom is the default namespace (xmlns), so no tag carries a made-up "ns0:" prefix
    root = ET.Element("feed", {"xmlns": ATOM, "{http://www.w3.org/XML/1998/namespace}lang": lang})
    _sub(root, "title", config.title[lang])
    _sub(root, "subtitle", config.description[lang])
    _sub(root, "id", config.base_url + urls.feed(lang))
    _sub(root, "link", rel="self", href=config.base_url + urls.feed(lang))
    _sub(root, "link", rel="alternate", href=config.base_url + urls.front(lang))
    newest = articles[0].date if articles else config.date or dt.date(1970, 1, 1)
    _sub(root, "updated", _timestamp(newest))
    _sub(_sub(root, "author"), "name", config.title[lang])
    for article in articles:
        _feed_entry(root, config, article)
    return _xml(root)


def _feed_entry(root: ET.Element, config: Config, article: Article) -> None:
    """Add one article to an Atom feed, its body as escaped HTML paragraphs."""
    url = config.base_url + urls.article(article.lang, article.slug)
    entry = _sub(root, "entry")
    _sub(entry, "title", article.title)
    _sub(entry, "id", url)
    _sub(entry, "link", rel="alternate", href=url)
    _sub(entry, "published", _timestamp(article.date))
    _sub(entry, "updated", _timestamp(article.date))
    for name in article.reporters:
        _sub(_sub(entry, "author"), "name", name)
    _sub(entry, "summary", excerpt(article))
    # the body's HTML, as on the article page; the XML writer escapes it as text
    _sub(entry, "content", str(body_html(article, config.base_path)), type="html")


def render_sitemap(config: Config, routes: Iterable[Route]) -> bytes:
    """Return sitemap.xml: every indexed page with its hreflang alternates."""
    s, x = f"{{{SITEMAP}}}", f"{{{XHTML}}}"
    root = ET.Element(f"{s}urlset")
    for route in routes:
        if not route.meta.indexed:
            continue
        url = _sub(root, f"{s}url")
        _sub(url, f"{s}loc", config.base_url + route.meta.path)
        if route.lastmod:
            _sub(url, f"{s}lastmod", route.lastmod.isoformat())
        for hreflang, path in route.meta.alternates:
            _sub(url, f"{x}link", rel="alternate", hreflang=hreflang, href=config.base_url + path)
    return _xml(root)


def news_articles(edition: Edition) -> dict[str, tuple[Article, ...]]:
    """Return per language the articles of the news sitemap: within two days of the newest."""
    newest = edition.newest()
    if newest is None:
        return {lang: () for lang in edition.langs}
    # Measured from the newest article, never from today, so a rebuild gives the same file.
    cutoff = -(newest.date - dt.timedelta(days=NEWS_DAYS)).toordinal()
    return {lang: items[:bisect.bisect_right(items, cutoff, key=_age)]  # newest first
            for lang, items in edition.articles.items()}


def _age(article: Article) -> int:
    return -article.date.toordinal()


def render_news_sitemap(config: Config, edition: Edition) -> bytes:
    """Return the Google News sitemap: articles within two days of the newest one."""
    s, n = f"{{{SITEMAP}}}", f"{{{NEWS}}}"
    root = ET.Element(f"{s}urlset")
    for lang, articles in news_articles(edition).items():
        for article in articles:
            url = _sub(root, f"{s}url")
            _sub(url, f"{s}loc", config.base_url + urls.article(lang, article.slug))
            news = _sub(url, f"{n}news")
            publication = _sub(news, f"{n}publication")
            _sub(publication, f"{n}name", config.title[lang])
            _sub(publication, f"{n}language", NEWS_LANG[lang])
            _sub(news, f"{n}publication_date", article.date.isoformat())
            _sub(news, f"{n}title", article.title)
    return _xml(root)


def render_robots(config: Config) -> bytes:
    """Return robots.txt: everything may be crawled; here are the sitemaps."""
    lines = ["User-agent: *", "Allow: /", "",
             f"Sitemap: {config.base_url}sitemap.xml",
             f"Sitemap: {config.base_url}news-sitemap.xml"]
    return ("\n".join(lines) + "\n").encode("utf-8")
