"""The picture stage: find the pictures articles name, check them, give articles their copies.

It runs before rendering. It finds each picture an article names (the lead `image`, the
`images` after the body, and `![caption](file "credit")` in the body) under media/ (or, for a
print page's pictures, under seeds/), has media.py read it once per content, and gives the
article ShownPictures. A picture that cannot be published is one `error:` line naming the
article and the file; the article shows without it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from site_builder.cache.media import ShownMemo
from site_builder.config import Config
from site_builder.models import Article, Picture
from site_builder.render import imaging
from site_builder.render.imaging import PictureError
from site_builder.render.media import WORKERS, Found, ShownPicture, inspect_all, locate

# ![alt](file "title") as Python-Markdown reads it; code spans are taken out first
_IMAGE = re.compile(r"""!\[(?P<alt>(?:\\.|[^\]\\])*)\]"""
                    r"""\(\s*(?:<(?P<angle>[^>]*)>|(?P<src>[^\s)]+))"""
                    r"""(?:\s+(?P<q>["'])(?P<title>.*?)(?P=q))?\s*\)""")
_CODE = re.compile(r"(`+).+?\1", re.DOTALL)
_ESCAPED = re.compile(r"\\(.)")
# an address, not a file: https://…, //host/…, data:…, javascript:… (the Markdown renderer's)
_ADDRESS = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


def picture_file(src: str) -> str:
    """Return the file a Markdown image names: `<a b.jpg>` and `a%20b.jpg` are `a b.jpg`."""
    return unquote(src.strip().strip("<>"))


def body_pictures(article: Article) -> list[Picture]:
    """Return the pictures named in the body with `![caption](file "credit")`, in order.

    Images with an address instead of a file name (`https:`, `javascript:`) are not pictures
    of ours: the Markdown renderer keeps or drops them as it does links.
    """
    found = []
    for block in article.body:
        if "![" not in block.text:  # most blocks: no image, and no regular expression run
            continue
        for match in _IMAGE.finditer(_CODE.sub("", block.text)):
            src = match["angle"] if match["angle"] is not None else match["src"]
            if _ADDRESS.match(src.strip()):
                continue
            found.append(Picture(picture_file(src), _ESCAPED.sub(r"\1", match["alt"]),
                                 match["title"] or ""))
    return found


def resolve_pictures(config: Config, zh: Sequence[Article], en: Sequence[Article],
                     problems: list[str], workers: int = WORKERS,
                     memo: ShownMemo | None = None) -> tuple[list[Article], list[Article]]:
    """Give each article its pictures as ShownPictures; report the ones that cannot be shown.

    memo: a long-lived process's (serve, its Session's), so that unchanged articles stay the
    same objects.
    """
    memo = memo if memo is not None else ShownMemo()
    named = memo.names([*zh, *en], _named)  # by id: the articles live for the whole call
    paths: dict[str, Path | str] = {}  # file -> its path, or why the name is refused
    for pictures in named.values():
        for picture in pictures:
            if picture.file not in paths:
                paths[picture.file] = _located(config, picture.file)
    files = [file for file, path in paths.items() if isinstance(path, Path)]
    logo = [config.logo] if config.logo is not None else []
    outcomes = inspect_all(config, [*logo, *(paths[f] for f in files)], workers)  # type: ignore[misc]
    found = dict(zip(files, outcomes[len(logo):], strict=True))
    found.update((f, Found(error=p)) for f, p in paths.items() if isinstance(p, str))
    _report(config, [*zh, *en], named, found, paths, problems)
    if logo and outcomes[0].error:
        problems.append(f"{_shown(config, config.root / 'site.toml')}: [site] logo "
                        f"{_shown(config, logo[0])}: {outcomes[0].error}")
    memo.start()
    return ([_show(memo, a, named[id(a)], found) for a in zh],
            [_show(memo, a, named[id(a)], found) for a in en])


def _named(article: Article) -> list[Picture]:
    """Return every picture an article names: lead, after the body, in the body."""
    lead = [article.image] if article.image is not None else []
    return [*lead, *article.images, *body_pictures(article)]


def _located(config: Config, file: str) -> Path | str:
    try:
        return locate(config, file)
    except PictureError as exc:
        return str(exc)


def _report(config: Config, articles: Sequence[Article], named: dict[int, list[Picture]],
            found: dict[str, Found], paths: dict[str, Path | str], problems: list[str]) -> None:
    """Add one line per article and picture that cannot be shown (its twins share the line)."""
    reported: set[tuple[str, str]] = set()
    for article in articles:  # zh first: the twin an editor names pictures in
        bad = [p.file for p in named[id(article)] if found[p.file].error
               and (article.slug, p.file) not in reported]
        for file in dict.fromkeys(bad):
            reported.add((article.slug, file))
            where = paths[file] if isinstance(paths[file], Path) else file
            content = config.content_dir / article.lang / f"{article.slug}.md"
            problems.append(f"{_shown(config, content)}: picture {_shown(config, where)}: "
                            f"{found[file].error}")


def _show(memo: ShownMemo, article: Article, pictures: list[Picture],
          found: dict[str, Found]) -> Article:
    """Return the article with ShownPictures, the ones that cannot be shown left out."""
    if not pictures:
        return article
    inputs = tuple((p.file, found[p.file]) for p in pictures)
    return memo.get(article, inputs, partial(_with_pictures, article, found))


def _with_pictures(article: Article, found: dict[str, Found]) -> Article:
    lead = _shown_picture(article.image, found) if article.image else None
    after = (_shown_picture(p, found) for p in article.images)
    inline = (_shown_picture(p, found, inline=True) for p in body_pictures(article))
    return replace(article, image=lead,
                   images=tuple(p for p in (*after, *inline) if p is not None))


def _shown_picture(picture: Picture, found: dict[str, Found],
                   inline: bool = False) -> ShownPicture | None:
    outcome = found[picture.file]
    if outcome.facts is None:
        return None
    facts = outcome.facts
    return ShownPicture(picture.file, picture.caption, picture.credit,
                        imaging.copy_key(outcome.sha256), facts.width, facts.height,
                        facts.alpha, inline)


def _shown(config: Config, path: Path | str) -> str:
    """Return a path as messages show it: relative to the site folder when inside it."""
    if isinstance(path, str):
        return path
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


