"""NewsArticle structured data (schema.org JSON-LD) for article pages."""

from __future__ import annotations

from typing import Any

from site_builder.config import Config
from site_builder.models import Article
from site_builder.render import imaging, urls
from site_builder.render.media import ShownPicture, copy_path, logo_picture
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
        "publisher": _publisher(config, article.lang),
    }
    # Google's article rich results ask for images (at least 1200 px wide where there is one)
    pictures = [p for p in (article.image, *article.images) if isinstance(p, ShownPicture)]
    if pictures:
        data["image"] = [image_object(config, p) for p in pictures]
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


def _publisher(config: Config, lang: str) -> dict[str, Any]:
    """Describe the paper as an Organization, with its logo when `[site] logo` names one."""
    publisher: dict[str, Any] = {
        "@type": "Organization",
        "name": config.title[lang],
        "url": config.base_url + urls.front(lang),
    }
    logo = logo_picture(config)
    if logo is not None:
        publisher["logo"] = image_object(config, logo)
    return publisher


def image_object(config: Config, picture: ShownPicture) -> dict[str, Any]:
    """Describe a picture's largest JPEG (or PNG) copy as a schema.org ImageObject."""
    width = imaging.copy_widths(picture.width)[-1]
    name = f"{width}.{imaging.fallback(picture.facts)}"
    data: dict[str, Any] = {
        "@type": "ImageObject",
        "url": config.base_url + copy_path(picture.key, name),
        "width": width,
        "height": imaging.copy_size(picture.facts, width)[1],
    }
    if picture.caption:
        data["caption"] = picture.caption
    if picture.credit:
        data["creditText"] = picture.credit
    return data
