"""Static pages (About, Contact, corrections policy): content/pages/<slug>.md, in Chinese.

A page is read by the articles' own loader (content/markdown.py); its file needs only `title:`
and a body, the rest is filled in: the slug from the file name, the language (zh: the English
page is translated through the memory, translations/en/pages/<slug>.po, as articles are), and
a date, which a page does not show. Pages are in no feed, archive, search or news sitemap.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from site_builder.content.markdown import (
    FENCE,
    ContentError,
    article_files,
    load_article,
    read_content,
)
from site_builder.models import Article

PAGES = "pages"  # the folder under content/
UNDATED = dt.date(1970, 1, 1)  # what a page's Article carries when its file names no date


def read_pages(folder: Path) -> tuple[Article, ...]:
    """Load every page of a folder (which may not exist), in file-name order."""
    return tuple(read_page(path) for path in article_files(folder))


def read_page(path: Path) -> Article:
    """Load one page: front matter (`title:` at least) and a Markdown body."""
    text = read_content(path)
    defaults = {"slug": f'"{path.stem}"', "lang": '"zh"', "date": UNDATED.isoformat()}
    article = load_article(_with_defaults(text, defaults), path)
    if article.slug != path.stem or article.lang != "zh":
        raise ContentError(f"{path}: a page's slug is its file name and its language zh")
    return article


def _with_defaults(text: str, defaults: dict[str, str]) -> str:
    """Add the front matter keys the file lacks, as its last lines (its line numbers stand)."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if not lines or lines[0].strip().lstrip("\ufeff") != FENCE or end is None:
        return text  # the loader says what is wrong with it
    given = {m[1] for line in lines[1:end] if (m := re.match(r"\s*([a-z_]+)\s*:", line))}
    added = [f"{key}: {value}" for key, value in defaults.items() if key not in given]
    return "\n".join([*lines[:end], *added, *lines[end:]])
