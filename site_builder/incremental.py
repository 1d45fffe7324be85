"""Incremental builds: render only the files whose fingerprint changed, on every core.

A manifest (output path -> fingerprint of everything its bytes depend on) is kept beside the
output folder. A rebuild still makes a complete new tree and swaps it in at once (write.py),
but a file whose fingerprint is unchanged is hard-linked from the previous tree instead of
rendered. The manifest names the tree it describes (inode and mtime): a swap that never
happened, or an output folder replaced by hand, makes it void and everything is rendered.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from . import write
from .config import Config
from .models import Article
from .write import Job, WriteError, safe_path

log = logging.getLogger(__name__)
WORKERS = min(2, os.cpu_count() or 1)
PARALLEL_MIN = 64  # fewer files than this render faster than a fork costs
_PENDING: list[tuple[PurePosixPath, Job]] = []  # set just before forking: children inherit it


def cache_dir(out_dir: Path) -> Path:
    """Return the folder beside the output that keeps the manifest and the token cache."""
    return out_dir.parent / f".{out_dir.name}.cache"


def build_site(config: Config, zh: Sequence[Article], en: Sequence[Article], out_dir: Path,
               workers: int = WORKERS) -> int:
    """Render and write the site, re-rendering only what changed; return the number of files."""
    from . import render  # not needed (nor its imports paid for) when nothing changed

    cache = TokenCache.load(cache_dir(out_dir) / "tokens.pickle")
    cache.fill([(a, "zh") for a in zh] + [(a, "en") for a in en], workers)
    count = write_changed(render.site_jobs(config, zh, en, cache), out_dir, workers)
    cache.save()
    return count


def write_changed(jobs: Iterable[Job], out_dir: Path, workers: int = WORKERS) -> int:
    """Write a new tree (unchanged files linked from the old one) and swap it in at once."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir}: exists and is not a folder")
    old = load_manifest(out_dir)
    write._remove_stale(out_dir)
    fresh = write._make_fresh(out_dir)
    try:
        entries, pending = _link_unchanged(jobs, out_dir, fresh, old)
        _render_pending(pending, fresh, workers)
        save_manifest(out_dir, fresh, entries)
        write._swap(fresh, out_dir)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)  # the previous site stays as it was
        raise
    log.info("wrote %d files to %s (%d rendered)", len(entries), out_dir, len(pending))
    return len(entries)


def _link_unchanged(
    jobs: Iterable[Job], out_dir: Path, fresh: Path, old: dict[str, str]
) -> tuple[dict[str, str], list[tuple[PurePosixPath, Job]]]:
    """Hard-link every file whose fingerprint is unchanged; return the manifest and the rest."""
    entries: dict[str, str] = {}
    pending: list[tuple[PurePosixPath, Job]] = []
    for job in jobs:
        relative = safe_path(job.path)
        if job.path in entries:
            raise WriteError(f"page {job.path!r} written twice: two pages claim the same file")
        entries[job.path] = job.fingerprint
        if old.get(job.path) != job.fingerprint or not _link(out_dir, fresh, relative):
            pending.append((relative, job))
    return entries, pending


def _link(out_dir: Path, fresh: Path, relative: PurePosixPath) -> bool:
    """Hard-link one file of the previous tree into the new one; False if that fails."""
    target = fresh.joinpath(*relative.parts)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(out_dir.joinpath(*relative.parts), target)
    except OSError:
        return False  # gone, or links unsupported here: render it instead
    return True


def _render_pending(pending: list[tuple[PurePosixPath, Job]], fresh: Path, workers: int) -> None:
    """Render the changed files, split across forked workers when there are many."""
    global _PENDING
    if workers < 2 or len(pending) < PARALLEL_MIN:
        _write_share(fresh, 0, 1, pending)
        return
    _PENDING = pending  # forked children read it: jobs hold closures that cannot be pickled
    try:
        with _pool(workers) as pool:
            list(pool.map(_write_share, [fresh] * workers, range(workers), [workers] * workers))
    finally:
        _PENDING = []


def _write_share(fresh: Path, index: int, every: int,
                 pending: list[tuple[PurePosixPath, Job]] | None = None) -> int:
    """Render and write every `every`-th pending file, starting at `index`."""
    share = (pending if pending is not None else _PENDING)[index::every]
    for relative, job in share:
        target = fresh.joinpath(*relative.parts)
        content = job.make()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        except OSError as exc:
            raise WriteError(f"{target}: cannot write page {job.path!r}: {exc.strerror}") from None
    return len(share)


def load_manifest(out_dir: Path) -> dict[str, str]:
    """Return the manifest of the current output tree, or {} when it does not describe it."""
    try:
        data = json.loads((cache_dir(out_dir) / "manifest.json").read_text(encoding="utf-8"))
        tree = out_dir.stat()
    except (OSError, ValueError):
        return {}
    if data.get("tree") != _identity(tree) or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def save_manifest(out_dir: Path, fresh: Path, entries: dict[str, str]) -> None:
    """Record the new tree's fingerprints, tied to its identity (kept when it is renamed in)."""
    text = json.dumps({"tree": _identity(fresh.stat()), "files": entries}, sort_keys=True)
    _write_atomic(cache_dir(out_dir) / "manifest.json", text.encode("utf-8"))


def _identity(tree: os.stat_result) -> list[int]:
    """Name a folder: inodes are reused at once, but the mtime moves with any top-level entry."""
    return [tree.st_dev, tree.st_ino, tree.st_mtime_ns]


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class TokenCache:
    """Search tokens per article text, kept between builds: jieba is the slowest stage."""

    def __init__(self, path: Path, known: dict[str, str]) -> None:
        self.path = path
        self._known = known
        self._used: dict[str, str] = {}

    @classmethod
    def load(cls, path: Path) -> TokenCache:
        """Read the cache; a missing or damaged one is just empty."""
        try:
            known = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            known = {}
        return cls(path, known if isinstance(known, dict) else {})

    def fill(self, items: Sequence[tuple[Article, str]], workers: int) -> None:
        """Tokenise the articles not in the cache, on every core when there are many."""
        from .render_search import article_text, tokens

        keyed = {_key(article_text(a), lang): (article_text(a), lang) for a, lang in items}
        missing = [k for k in keyed if k not in self._known]
        texts = [keyed[k] for k in missing]
        if workers > 1 and len(texts) >= PARALLEL_MIN:
            tokens("预热", "zh")  # load jieba's dictionary once, before forking shares it
            with _pool(workers) as pool:
                found = list(pool.map(_joined_tokens, texts, chunksize=16))
        else:
            found = [_joined_tokens(t) for t in texts]
        self._known.update(zip(missing, found, strict=True))
        self._used = {k: self._known[k] for k in keyed}

    def __call__(self, article: Article, lang: str) -> list[str]:
        """Return an article's sorted search tokens."""
        from .render_search import article_text

        key = _key(article_text(article), lang)
        joined = self._known.get(key)
        if joined is None:
            joined = self._known[key] = _joined_tokens((article_text(article), lang))
        return joined.split("\n") if joined else []

    def save(self) -> None:
        """Write back the entries this build used (so the cache never outgrows the site)."""
        _write_atomic(self.path, pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL))


def _pool(workers: int) -> Any:
    """Return a pool of forked workers: they inherit the loaded jieba, templates and jobs."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    return ProcessPoolExecutor(workers, mp_context=get_context("fork"))


def _key(text: str, lang: str) -> str:
    return hashlib.sha256(f"{_code_salt()}\0{lang}\0{text}".encode()).hexdigest()[:32]


@functools.cache
def _code_salt() -> str:
    """Hash the tokeniser's code, so a change to it empties the cache."""
    code = Path(__file__).with_name("render_search.py").read_bytes()
    return hashlib.sha256(code).hexdigest()[:16]


def _joined_tokens(item: tuple[str, str]) -> str:
    from .render_search import tokens

    return "\n".join(sorted(tokens(*item)))
