"""NewsArticle structured data (schema.org JSON-LD) for article pages."""

from __future__ import annotations

from typing import Any

from site_builder.config import Config
from site_builder.models import Article
from site_builder.render import urls
from site_builder.render.text import excerpt


def article_ld(config: Config, article: Article, original: Article | None) -> dict[str, Any]:
    """Describe an article as a schema.org NewsArticle; a translation points at its original."""
    url = config.base_url + urls.article(article.lang, article.slug)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title,
        "description": article.subtitle or excerpt(article),
        "datePublished": article.date.isoformat(),
        "inLanguage": article.lang,
        "author": [{"@type": "Person", "name": name} for name in article.reporters]
        or [{"@type": "Organization", "name": config.title[article.lang]}],
        "publisher": {
            "@type": "Organization",
            "name": config.title[article.lang],
            "url": config.base_url + urls.front(article.lang),
        },
    }
    if article.column:
        data["articleSection"] = article.column
    if article.tags:
        data["keywords"] = list(article.tags)
    if original is not None and original.lang != article.lang:
        data["translationOfWork"] = {
            "@type": "NewsArticle",
            "@id": config.base_url + urls.article(original.lang, original.slug),
            "headline": original.title,
            "inLanguage": original.lang,
        }
    return data
