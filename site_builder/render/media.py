"""Pictures: find the ones articles name, check them, and publish their responsive copies.

The stage `resolve_pictures` runs before rendering. It finds each picture an article names (the
lead `image`, the `images` after the body, and `![caption](file "credit")` in the body) under
media/ (or, for a print page's pictures, under seeds/), reads it once per content, and gives
the article `ShownPicture`s: the same pictures with their key and size. Since the key is part
of the article, a page that shows a picture changes with the picture. A picture that cannot be
published is one `error:` line naming the article and the file; the article shows without it.
`media_files` returns the copies to write; `figures.py` makes the HTML that shows them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from site_builder.cache.media import CopyStore, ShownMemo, StatMemo, memo_map
from site_builder.cache.stamps import cache_root
from site_builder.config import Config
from site_builder.models import Article, Picture
from site_builder.output.write import Job, WriteError
from site_builder.render import imaging
from site_builder.render.imaging import Facts, PictureError

log = logging.getLogger(__name__)
WORKERS = min(2, os.cpu_count() or 1)
MAX_BYTES = 150_000_000  # a bigger file is no web picture (a 64 MP PNG is about this size)
FOLDER = "media"  # where the copies are published, under the site root
# ![alt](file "title") as Python-Markdown reads it; code spans are taken out first
_IMAGE = re.compile(r"""!\[(?P<alt>(?:\\.|[^\]\\])*)\]"""
                    r"""\(\s*(?:<(?P<angle>[^>]*)>|(?P<src>[^\s)]+))"""
                    r"""(?:\s+(?P<q>["'])(?P<title>.*?)(?P=q))?\s*\)""")
_CODE = re.compile(r"(`+).+?\1", re.DOTALL)
_ESCAPED = re.compile(r"\\(.)")


@dataclass(frozen=True)
class ShownPicture(Picture):
    """A picture found and readable: its copies' key and its upright size."""

    key: str = ""  # names its published copies: media/<key>-<width>.<ext>
    width: int = 0
    height: int = 0
    alpha: bool = False  # real transparency: PNG copies instead of JPEG
    inline: bool = False  # named in the body: shown there, not after it

    @property
    def facts(self) -> Facts:
        """Return its size and alpha, as imaging.py names copies by them."""
        return Facts(self.width, self.height, self.alpha)


@dataclass(frozen=True)
class Found:
    """What one picture file held: its content hash and facts, or why it cannot be shown."""

    sha256: str = ""
    facts: Facts | None = None
    error: str | None = None


def picture_file(src: str) -> str:
    """Return the file a Markdown image names: `<a b.jpg>` and `a%20b.jpg` are `a b.jpg`."""
    return unquote(src.strip().strip("<>"))


def body_pictures(article: Article) -> list[Picture]:
    """Return the pictures named in the body with `![caption](file "credit")`, in order."""
    found = []
    for block in article.body:
        for match in _IMAGE.finditer(_CODE.sub("", block.text)):
            src = match["angle"] if match["angle"] is not None else match["src"]
            found.append(Picture(picture_file(src), _ESCAPED.sub(r"\1", match["alt"]),
                                 match["title"] or ""))
    return found


def locate(config: Config, file: str) -> Path:
    """Return the file a picture names: under media/, else under seeds/; PictureError if unsafe."""
    parts = PurePosixPath(file).parts
    if (not file or "\\" in file or "\0" in file or file.startswith("/") or ":" in parts[0]
            or any(part in ("..", ".") for part in parts)):
        raise PictureError("not a file under media/ (pictures are published from there)")
    media = config.media_dir.joinpath(*parts)
    seeds = config.seeds_dir.joinpath(*parts)
    return seeds if not media.exists() and seeds.exists() else media


def inspect_picture(path: Path, store: CopyStore | None) -> Found:
    """Read and check one picture; with a store, keep its encoded copies there too."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return Found(error=f"larger than {MAX_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        return Found(error="no such file")
    except OSError as exc:
        return Found(error=f"cannot read: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    key = imaging.copy_key(sha)
    if store is not None and (kept := _kept_facts(store, key)) is not None:
        return Found(sha, kept)  # these very bytes were read and encoded before
    try:
        image, facts = imaging.open_picture(data)
    except PictureError as exc:
        return Found(sha, error=str(exc))
    if store is not None:  # decoded already: encode it now, once
        store.put(key, imaging.encode_copies(image, facts),
                  [facts.width, facts.height, facts.alpha])
    return Found(sha, facts)


def _kept_facts(store: CopyStore, key: str) -> Facts | None:
    """Return the facts kept with a picture's copies, if they and every copy are there."""
    kept = store.facts(key)
    if kept is None or len(kept) != 3:
        return None
    facts = Facts(*kept)
    return facts if store.has(key, imaging.copy_names(facts)) else None


def resolve_pictures(config: Config, zh: Sequence[Article], en: Sequence[Article],
                     problems: list[str], workers: int = WORKERS,
                     ) -> tuple[list[Article], list[Article]]:
    """Give each article its pictures as ShownPictures; report the ones that cannot be shown."""
    paths: dict[str, Path | str] = {}  # file -> its path, or why the name is refused
    for article in (*zh, *en):
        for picture in _named(article):
            if picture.file not in paths:
                paths[picture.file] = _located(config, picture.file)
    files = [file for file, path in paths.items() if isinstance(path, Path)]
    logo = [config.logo] if config.logo is not None else []
    outcomes = _inspect_all(config, [*logo, *(paths[f] for f in files)], workers)  # type: ignore[misc]
    found = dict(zip(files, outcomes[len(logo):], strict=True))
    found.update((f, Found(error=p)) for f, p in paths.items() if isinstance(p, str))
    _report(config, zh or en, found, paths, problems)
    if logo and outcomes[0].error:
        problems.append(f"{_shown(config, config.root / 'site.toml')}: [site] logo "
                        f"{_shown(config, logo[0])}: {outcomes[0].error}")
    memo = ShownMemo()
    return ([_show(memo, a, found) for a in zh], [_show(memo, a, found) for a in en])


def _named(article: Article) -> list[Picture]:
    """Return every picture an article names: lead, after the body, in the body."""
    lead = [article.image] if article.image is not None else []
    return [*lead, *article.images, *body_pictures(article)]


def _located(config: Config, file: str) -> Path | str:
    try:
        return locate(config, file)
    except PictureError as exc:
        return str(exc)


def _inspect_all(config: Config, paths: list[Path], workers: int) -> list[Found]:
    """Inspect each picture file: kept outcomes by stat, the others in parallel."""
    return memo_map(partial(inspect_picture, store=_store(config)), paths, _memo(config),
                    workers)


def _store(config: Config) -> CopyStore:
    return CopyStore(cache_root(config.root) / "media")


def _memo(config: Config) -> StatMemo:
    return StatMemo(cache_root(config.root) / "media.pickle", imaging.recipe())


def _report(config: Config, articles: Sequence[Article], found: dict[str, Found],
            paths: dict[str, Path | str], problems: list[str]) -> None:
    """Add one line per article and picture that cannot be shown (zh articles name them)."""
    lang = articles[0].lang if articles else "zh"
    for article in articles:
        bad = dict.fromkeys(p.file for p in _named(article) if found[p.file].error)
        for file in bad:
            where = paths[file] if isinstance(paths[file], Path) else file
            content = config.content_dir / lang / f"{article.slug}.md"
            problems.append(f"{_shown(config, content)}: picture {_shown(config, where)}: "
                            f"{found[file].error}")


def _show(memo: ShownMemo, article: Article, found: dict[str, Found]) -> Article:
    """Return the article with ShownPictures, the ones that cannot be shown left out."""
    pictures = _named(article)
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


def logo_picture(config: Config) -> ShownPicture | None:
    """Return the paper's logo (`[site] logo`) as a picture, None if unset or unreadable."""
    if config.logo is None:
        return None
    hit, found = _memo(config).known(config.logo)  # resolve_pictures inspected it this build
    if not hit:
        found = inspect_picture(config.logo, _store(config))
    if found.facts is None:
        return None
    facts = found.facts
    return ShownPicture(config.logo.name, "", "", imaging.copy_key(found.sha256), facts.width,
                        facts.height, facts.alpha)


def media_files(config: Config, articles: Iterable[Article]) -> list[Job]:
    """Return a Job per published copy of every picture the articles show, and of the logo."""
    pictures: dict[str, tuple[ShownPicture, Path]] = {}
    for article in articles:
        for picture in (article.image, *article.images):
            if isinstance(picture, ShownPicture) and picture.key not in pictures:
                pictures[picture.key] = (picture, locate(config, picture.file))
    if (logo := logo_picture(config)) is not None and config.logo is not None:
        pictures.setdefault(logo.key, (logo, config.logo))
    store = CopyStore(cache_root(config.root) / "media")
    return [Job(copy_path(key, name), f"{key}-{name}", partial(_copy, store, key, name, path))
            for key, (picture, path) in sorted(pictures.items())
            for name in imaging.copy_names(picture.facts)]


def copy_path(key: str, name: str) -> str:
    """Return where a copy is published, under the site root: media/<key>-<width>.<ext>."""
    return f"{FOLDER}/{key}-{name}"


def _copy(store: CopyStore, key: str, name: str, path: Path) -> bytes:
    """Return a copy's bytes: kept by an earlier build, else encoded again from the picture."""
    kept = store.read(key, name)
    if kept is not None:
        return kept
    data = path.read_bytes()
    if imaging.copy_key(hashlib.sha256(data).hexdigest()) != key:
        raise WriteError(f"{path}: changed during the build; build again")
    image, facts = imaging.open_picture(data)
    copies = imaging.encode_copies(image, facts)
    store.put(key, copies, [facts.width, facts.height, facts.alpha])
    return copies[name]
