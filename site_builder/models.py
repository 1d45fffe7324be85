"""Data passed between pipeline stages: frozen, no I/O, no behaviour beyond derived views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Lang = Literal["zh", "en"]
# Body blocks, as Markdown reads them (content/body.py): "p" paragraph, "h2"/"h3" subheadings
# ("#"/"##" and "###"…"######"), "quote" (text without "> "), "list" (its items, markers kept),
# "table", "code" (fenced or indented, verbatim), "image" (a paragraph holding one picture),
# "footnote" ("[^1]: …"), "ref" (a link reference definition), "hr" (a rule).
BlockKind = Literal["p", "h2", "h3", "quote", "list", "table", "code", "image", "footnote",
                    "ref", "hr"]
Status = Literal["published", "withdrawn"]


@dataclass(frozen=True)
class Source:
    """One seed file, decoded: the raw page text and where it came from."""

    path: Path  # the file on disk
    name: str  # path relative to the seeds folder, POSIX style; used in messages and front matter
    text: str  # decoded, LF line endings, front matter removed
    first_line: int  # 1-based line number in the file of the first line of `text`
    sha256: str  # of the raw bytes, so a changed seed is noticed
    date: dt.date | None = None  # from the seed's own front matter, if any
    page: int | None = None  # 版次: front matter "page: 3", else the number in the file name
    section: str | None = None  # 版名: front matter "section: 要闻"


@dataclass(frozen=True)
class Block:
    """One body element: a paragraph, a subheading, a quote, a list, a table, a picture…"""

    kind: BlockKind
    text: str  # Markdown source of the content, without the block prefix ("## ", "> ")


@dataclass(frozen=True)
class Picture:
    """A picture an article shows: its file, and what is printed under it."""

    file: str  # under the media folder (or seeds/<page>/ for a print page's pictures), POSIX
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class Provenance:
    """How an English article was made: which model, how much an editor reviewed."""

    model: str  # package name and version, e.g. "translate-zh_en 1.9"
    segments: int  # segments in the article
    reviewed: int  # of those, corrected or confirmed by an editor (non-fuzzy in the memory)

    @property
    def fully_reviewed(self) -> bool:
        """True when an editor has reviewed every segment."""
        return self.segments > 0 and self.reviewed >= self.segments


@dataclass(frozen=True)
class Article:
    """One article in one language, as parsed, loaded from Markdown or translated."""

    slug: str  # ASCII, stable, shared by the zh and en twins
    lang: Lang
    title: str
    date: dt.date
    body: tuple[Block, ...] = ()
    title_inferred: bool = False  # no printed headline (e.g. a continued fragment)
    subtitle: str | None = None
    kicker: str | None = None
    column: str | None = None
    reporters: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()  # "制图：X", "数据来源：…", "供图"
    dateline: str | None = None  # "本报讯", "本报北京1月9日电"
    continued_from: str | None = None  # "第一版"
    continued_on: str | None = None  # "第二版"
    captions: tuple[str, ...] = ()  # QR prompts and photo captions
    date_inferred: bool = False
    tags: tuple[str, ...] = ()  # en tags[i] translates zh tags[i]
    source: str = ""  # seed file and line range, "000_x.txt:3-17"
    source_sha256: str = ""
    translation: Provenance | None = None  # set on machine-translated (en) articles
    image: Picture | None = None  # the lead picture
    images: tuple[Picture, ...] = ()  # more pictures, shown after the body
    draft: bool = False  # built by `serve` (marked as a draft), never by `build`
    status: Status = "published"  # "withdrawn": off the site, its feeds, search and sitemaps
    # embargo: held back until then; without a zone, the time is in [site] timezone
    publish_at: dt.datetime | None = None
    review: tuple[str, ...] = ()  # what the parser could not settle, for an editor to check
    print_page: int | None = None  # 版次: the printed page it appeared on
    print_section: str | None = None  # 版名: that page's name, e.g. "要闻"

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body paragraphs' text, subheadings left out."""
        return tuple(block.text for block in self.body if block.kind == "p")


@dataclass(frozen=True)
class Page:
    """One output file: a path relative to the site root and its content."""

    path: str  # POSIX, relative, e.g. "zh/articles/some-slug/index.html"
    content: bytes


@dataclass(frozen=True)
class TranslationReport:
    """What a translation run did, for the CLI to print."""

    new: int  # segments sent to the model
    from_memory: int  # distinct segments already remembered
    model: str | None  # the model loaded, None when everything came from the memory

    def __str__(self) -> str:
        return f"translated {self.new} new segments ({self.from_memory} from memory)"
