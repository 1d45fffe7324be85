"""Pictures -> published copies: read a picture once per content, and the files to write.

A picture an article shows is a `ShownPicture`: the picture with its copies' key (its content
hash and the recipe, see imaging.py) and its upright size. Since the key is part of the
article, a page that shows a picture changes with the picture's content. `media_files` returns
the copies to write (media/<key>-<width>.webp and .jpg or .png); the stage that finds the
pictures is pictures.py, the HTML that shows them figures.py.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from site_builder.cache.media import CopyStore, StatMemo, memo_map
from site_builder.cache.stamps import cache_root
from site_builder.cache.version import code_version
from site_builder.config import Config
from site_builder.models import Article, Picture
from site_builder.output.write import Job, WriteError
from site_builder.render import imaging
from site_builder.render.imaging import Facts, PictureError

log = logging.getLogger(__name__)
WORKERS = min(2, os.cpu_count() or 1)
MAX_BYTES = 150_000_000  # a bigger file is no web picture (a 64 MP PNG is about this size)
FOLDER = "media"  # where the copies are published, under the site root


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


def inspect_all(config: Config, paths: list[Path], workers: int) -> list[Found]:
    """Inspect each picture file: kept outcomes by stat, the others in parallel."""
    return memo_map(partial(inspect_picture, store=store_of(config)), paths, memo_of(config),
                    workers)


def store_of(config: Config) -> CopyStore:
    """Return the project's kept copies, named by content: valid across code versions."""
    return CopyStore(cache_root(config.root) / "media")


def memo_of(config: Config) -> StatMemo:
    """Return what each picture file held, by its stat, for this code version."""
    # a new code version reads and hashes each picture again; the copies stay (by content)
    return StatMemo(cache_root(config.root) / "media.pickle", code_version())


def logo_picture(config: Config) -> ShownPicture | None:
    """Return the paper's logo (`[site] logo`) as a picture, None if unset or unreadable."""
    if config.logo is None:
        return None
    hit, found = memo_of(config).known(config.logo)  # resolve_pictures inspected it this build
    if not hit:
        found = inspect_picture(config.logo, store_of(config))
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
    store = store_of(config)
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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WriteError(f"{path}: cannot read the picture: {exc.strerror}") from None
    if imaging.copy_key(hashlib.sha256(data).hexdigest()) != key:
        raise WriteError(f"{path}: changed during the build; build again")
    image, facts = imaging.open_picture(data)
    copies = imaging.encode_copies(image, facts)
    store.put(key, copies, [facts.width, facts.height, facts.alpha])
    return copies[name]
