"""How pages show pictures: a <figure> whose <picture> offers WebP and a JPEG (or PNG) fallback
at every width, sized so that nothing moves as it loads; and the picture social cards show."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from site_builder.config import Config
from site_builder.models import Article, Picture
from site_builder.render import imaging
from site_builder.render.media import ShownPicture, copy_path
from site_builder.render.pictures import picture_file

log = logging.getLogger(__name__)
# The width a picture takes: the article column (style.css: --measure 42rem, 1rem padding).
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
SRC_WIDTH = 800  # the copy <img src> names, for browsers that know no srcset
CARD_WIDTH = 1200  # social cards (Open Graph) ask for 1200 px at most


@dataclass(frozen=True)
class Pictures:
    """A build's pictures by file, and how its pages show them."""

    base_path: str  # "/" or "/news/": copies are linked under it
    base_url: str  # absolute, for Open Graph and JSON-LD
    by_file: Mapping[str, ShownPicture] = field(default_factory=dict)

    def figure(self, picture: Picture | None, lead: bool = False,
               caption: bool = True) -> Markup:
        """Return a picture's <figure>; the lead one loads at once, the others when near."""
        if not isinstance(picture, ShownPicture):
            return Markup("")  # not found or not readable: its build error said so
        return figure_html(self.base_path, picture, picture.caption, picture.credit, lead,
                           caption)

    def picture_html(self, file: str, alt: str, title: str, lead: bool = False,
                     inline: bool = False) -> str:
        """Return the <figure> for a Markdown image `![alt](file "title")` (title: the credit);
        inline (within running text): the <picture> alone."""
        picture = self.by_file.get(picture_file(file))
        if picture is None:
            log.debug("%s: not among this build's pictures", file)
            return str(escape(alt))  # its build error named the file: the description stays
        if inline:
            return str(picture_element(self.base_path, picture, alt, lead))
        return str(figure_html(self.base_path, picture, alt, title, lead, True))

    def after_body(self, article: Article) -> list[ShownPicture]:
        """Return the pictures shown after an article's body (those in it are shown there)."""
        return [p for p in article.images if isinstance(p, ShownPicture) and not p.inline]

    def card(self, article: Article) -> dict[str, Any] | None:
        """Return the picture social cards show (og:image): URL, size, type and alt text."""
        picture = first_picture(article)
        if picture is None:
            return None
        widths = imaging.copy_widths(picture.width)
        width = max((w for w in widths if w <= CARD_WIDTH), default=widths[0])
        ext = imaging.fallback(picture.facts)
        return {"url": self.base_url + copy_path(picture.key, f"{width}.{ext}"),
                "width": width, "height": imaging.copy_size(picture.facts, width)[1],
                "type": "image/png" if ext == "png" else "image/jpeg", "alt": picture.caption}


def catalogue(config: Config, articles: Iterable[Article]) -> Pictures:
    """Return the pictures the articles show, by file, for pages and the Markdown hook."""
    by_file = {p.file: p for a in articles for p in (a.image, *a.images)
               if isinstance(p, ShownPicture)}
    return Pictures(config.base_path, config.base_url, by_file)


def first_picture(article: Article) -> ShownPicture | None:
    """Return the picture that stands for an article: its lead, else its first other one."""
    for picture in (article.image, *article.images):
        if isinstance(picture, ShownPicture):
            return picture
    return None


def figure_html(base_path: str, picture: ShownPicture, caption: str, credit: str,
                lead: bool = False, with_caption: bool = True) -> Markup:
    """Return <figure><picture>…</picture><figcaption>…</figcaption></figure> for a picture."""
    width, height = imaging.copy_size(picture.facts, imaging.copy_widths(picture.width)[-1])
    shape = " tall" if height > width else ""  # style.css keeps it within the screen's height
    parts = [
        Markup('<figure class="picture{}{}">').format(" lead" if lead else "", shape),
        picture_element(base_path, picture, caption, lead),
    ]
    if with_caption and (caption or credit):
        credit_html = Markup(' <span class="credit">{}</span>').format(credit) if credit else ""
        parts.append(Markup("<figcaption>{}{}</figcaption>").format(caption, credit_html))
    parts.append(Markup("</figure>"))
    return Markup("").join(parts)


def picture_element(base_path: str, picture: ShownPicture, alt: str, lead: bool) -> Markup:
    """Return <picture>: WebP and a JPEG (or PNG) at every width, sized so nothing moves."""
    widths = imaging.copy_widths(picture.width)
    ext = imaging.fallback(picture.facts)
    width, height = imaging.copy_size(picture.facts, widths[-1])
    src = max((w for w in widths if w <= SRC_WIDTH), default=widths[0])
    # the lead is the largest thing on the page, at its top: fetched at once, never deferred.
    # (fetchpriority="high" would help it further; the HTML checker we test with rejects it.)
    loading = "" if lead else ' loading="lazy" decoding="async"'
    return Markup("").join([
        Markup('<picture><source type="image/webp" srcset="{}" sizes="{}">').format(
            _srcset(base_path, picture.key, widths, "webp"), SIZES),
        Markup('<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
               ).format(base_path + copy_path(picture.key, f"{src}.{ext}"),
                        _srcset(base_path, picture.key, widths, ext), SIZES, width, height,
                        alt),
        Markup(loading + "></picture>"),
    ])


def _srcset(base_path: str, key: str, widths: tuple[int, ...], ext: str) -> str:
    return ", ".join(f"{base_path}{copy_path(key, f'{w}.{ext}')} {w}w" for w in widths)
