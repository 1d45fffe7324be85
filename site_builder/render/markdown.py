"""Article bodies as HTML: Python-Markdown without raw HTML, links and pictures made safe.

Raw HTML in a body is shown as text (Markdown's HTML handling is removed); a link or picture
whose address could run code (javascript:, vbscript:, data:, any scheme but http(s), mailto
and tel) loses the address and keeps its text. Pictures go through `picture_html`, which the
media stage provides (responsive copies); until then a plain lazy <img> under media/.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from site_builder.content.body import dump_block, dump_body
from site_builder.content.inline import escape_block_start
from site_builder.models import Article, Block

# picture_html(file, alt, title, lead, inline) -> HTML, file as written in the Markdown source;
# inline: the picture stands within running text (phrasing content, no <figure>)
PictureHtml = Callable[[str, str, str, bool, bool], str]
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f]+")  # browsers drop these inside a scheme
EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
_PLAIN = {"p": "p", "h2": "h2", "h3": "h3"}
_MARKUP = re.compile(r"[\\`*_\[\]<>&\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\s$")
_LOWER = {"h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6"}
BACKLINK = {"zh": "返回正文第 {} 个注释处", "en": "Back to footnote {} in the text"}


def safe_url(url: str) -> bool:
    """Tell whether a link address is plain: relative, a fragment, or http(s)/mailto/tel."""
    text = _IGNORED.sub("", html.unescape(url)).lower()
    scheme = _SCHEME.match(text)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


def media_picture(base_path: str) -> PictureHtml:
    """Return the plain picture maker: a lazy <img> of the file under the site's media/."""

    def picture_html(file: str, alt: str, title: str, lead: bool = False,
                     inline: bool = False) -> str:
        src = file if _SCHEME.match(file.lower()) else f"{base_path}media/{file.lstrip('/')}"
        extra = f' title="{escape(title)}"' if title else ""
        lazy = "" if lead else ' loading="lazy"'
        return f'<img src="{escape(src)}" alt="{escape(alt)}"{extra}{lazy}>'

    return picture_html


def body_html(article: Article, base_path: str,
              picture_html: PictureHtml | None = None) -> Markup:
    """Return an article's body as HTML, its dateline opening the first paragraph."""
    fast = plain_html(article.body, article.dateline)
    if fast is not None:
        return Markup(fast)
    return Markup(_convert(dump_body(article.body), article.lang, base_path,
                           picture_html, article.dateline, False))


def plain_html(blocks: tuple[Block, ...], dateline: str | None) -> str | None:
    """Return what Python-Markdown makes of paragraphs and headings without any markup.

    Most newspaper text has none: it is wrapped in <p> or <h2> without running Markdown
    (a tenth of the time). None when a block holds anything Markdown might read.
    """
    if not blocks or dateline is not None and _MARKUP.search(dateline):
        return None
    out = []
    for block in blocks:
        text = block.text
        if block.kind not in _PLAIN or _MARKUP.search(text) or not text.strip() or \
                text[0].isspace() or escape_block_start(text) != text or \
                block.kind != "p" and (text.rstrip() != text or text.endswith("#")):
            return None
        out.append(f"<{_PLAIN[block.kind]}>{text}</{_PLAIN[block.kind]}>")
    if dateline:
        first = next((i for i, block in enumerate(blocks) if block.kind == "p"), None)
        if first is None:
            return None
        out[first] = f'<p><span class="dateline">{dateline}</span> {out[first][3:]}'
    return "\n".join(out)


def block_html(block: Block, lang: str, base_path: str,
               picture_html: PictureHtml | None = None) -> Markup:
    """Return one body block as HTML, alone (the side-by-side view): footnotes unlinked."""
    return Markup(_convert(dump_block(block), lang, base_path, picture_html, None, True))


@functools.lru_cache(maxsize=4096)  # an article's body shows on its page, in feeds, twice
def _convert(source: str, lang: str, base_path: str, picture_html: PictureHtml | None,
             dateline: str | None, alone: bool) -> str:
    md = _markdown(lang, alone)
    md.reset()
    plain = media_picture(base_path)
    md.page = (picture_html or plain, plain, dateline, alone)  # read by _Safe
    return md.convert(source)


@functools.cache
def _markdown(lang: str, alone: bool) -> markdown.Markdown:
    """Return the converter of a language: no raw HTML; footnotes unless blocks go alone."""
    configs = {"footnotes": {"BACKLINK_TITLE": BACKLINK[lang]}}
    md = markdown.Markdown(extensions=EXTENSIONS + ([] if alone else ["footnotes"]),
                           extension_configs={} if alone else configs, output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML is text, shown as typed
    md.inlinePatterns.deregister("html")
    if alone:  # "[^1]" without its note: a plain superscript
        md.inlinePatterns.register(_FootnoteMark(r"\[\^([^\]\s]+)\]", md), "footmark", 175)
    md.treeprocessors.register(_Safe(md), "safe", -1)  # after every other one
    return md


class _FootnoteMark(InlineProcessor):
    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 (Python-Markdown's name)
        element = etree.Element("sup")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class _Safe(Treeprocessor):
    """Drop unsafe link addresses, render pictures, open the first paragraph with the dateline."""

    def run(self, root: etree.Element) -> None:
        picture_html, plain, dateline, alone = self.md.page  # type: ignore[attr-defined]
        for parent in list(root.iter()):
            if alone and parent.tag in _LOWER:  # beside a headline, the body's headings step down
                parent.tag = _LOWER[parent.tag]
            for element in list(parent):
                if element.tag == "a":
                    _check_link(element)
                elif element.tag == "img":
                    self._picture(parent, element, picture_html, plain)
        if dateline:
            _open_with_dateline(root, dateline)

    def _picture(self, parent: etree.Element, img: etree.Element, picture_html: PictureHtml,
                 plain: PictureHtml) -> None:
        """Replace an image by what picture_html makes; a picture alone replaces its <p>.

        A picture within running text is asked for inline (a <figure> cannot sit inside a
        paragraph); one on another site is a plain <img>.
        """
        src, alt, title = img.get("src", ""), img.get("alt", ""), img.get("title", "")
        if not safe_url(src) or src.lower().startswith(("mailto:", "tel:")):
            src = ""  # data:, javascript:…: no picture, its description stays
        alone = parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip() \
            and not (img.tail or "").strip()
        maker = plain if _SCHEME.match(src.lower()) else picture_html
        made = maker(src, alt, title, False, not alone) if src else escape(alt)
        placeholder = self.md.htmlStash.store(str(made))
        if alone:  # Markdown drops the <p> around a stashed block (a <figure>)
            parent.remove(img)
            parent.text = placeholder
            return
        index = list(parent).index(img)
        previous = parent[index - 1] if index else None
        text = placeholder + (img.tail or "")
        if previous is None:
            parent.text = (parent.text or "") + text
        else:
            previous.tail = (previous.tail or "") + text
        parent.remove(img)


def _check_link(link: etree.Element) -> None:
    """Keep a link's text; drop its address (and make it a span) unless the address is safe."""
    if safe_url(link.get("href", "")):
        return
    link.tag = "span"
    for name in list(link.attrib):
        del link.attrib[name]


def _open_with_dateline(root: etree.Element, dateline: str) -> None:
    """Put the dateline ("本报讯") at the start of the first top-level paragraph."""
    span = etree.Element("span", {"class": "dateline"})
    span.text = dateline
    first = next((child for child in root if child.tag == "p"), None)
    if first is None:
        first = etree.SubElement(root, "p")
    span.tail = " " + (first.text or "") if first.text or len(first) else None
    first.text = None
    first.insert(0, span)
