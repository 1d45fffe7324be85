"""Write the site: into a fresh folder beside the output, then swap it in at once."""

from __future__ import annotations

import errno
import functools
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from site_builder.errors import UserError
from site_builder.models import Page
from site_builder.output.guard import aside_dir, mark, recover_swap, remove_site

log = logging.getLogger(__name__)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# <windows.h>: PROCESS_QUERY_LIMITED_INFORMATION, ERROR_INVALID_PARAMETER, STILL_ACTIVE
_QUERY_LIMITED_INFORMATION, _ERROR_INVALID_PARAMETER, _STILL_ACTIVE = 0x1000, 87, 259


@dataclass(frozen=True)
class Job:
    """One output file not yet rendered: equal fingerprints promise equal bytes."""

    path: str
    fingerprint: str
    make: Callable[[], bytes]
    # work many jobs share, done once in the build process so forked workers inherit it
    prepare: Callable[[], None] | None = None
    group: Any = None  # the key of its group of files: a spawned worker renders it by that


@dataclass(frozen=True)
class Written:
    """What writing the site did: its files, those rendered anew, those of the last one gone."""

    files: int
    rendered: int
    removed: int


@dataclass(frozen=True)
class SiteJobs:
    """Every file of a site: its job and its fingerprint, by path (never changed once made)."""

    jobs: dict[str, Job]
    fingerprints: dict[str, str]
    # The fingerprints of the sites this one was patched from, newest first, each with the
    # paths that may differ from it: a tree holding one of those is updated path by path.
    ancestry: tuple[tuple[dict[str, str], frozenset[str]], ...] = ()

    def differing(self, fingerprints: dict[str, str]) -> frozenset[str] | None:
        """Return the paths that may differ from an ancestor's fingerprints; None: any may."""
        for known, paths in self.ancestry:
            if known is fingerprints:  # the very dict: manifests kept in memory (serve)
                return paths
        return None

    def patched(self, jobs: dict[str, Job], dropped: set[str]) -> SiteJobs:
        """Return these jobs with some made again (or added) and some dropped."""
        fingerprints = {**self.fingerprints, **{path: job.fingerprint
                                                for path, job in jobs.items()}}
        all_jobs = {**self.jobs, **jobs}
        for path in dropped:
            del all_jobs[path], fingerprints[path]
        for path in jobs.keys() - self.jobs.keys():
            check_path(path)
        touched = frozenset(jobs.keys() | dropped)
        # two generations: the standby tree holds the site of the build before the last
        ancestry = ((self.fingerprints, touched),
                    *((known, paths | touched) for known, paths in self.ancestry[:1]))
        return SiteJobs(all_jobs, fingerprints, ancestry)


class WriteError(UserError):
    """The site cannot be written: bad page path, duplicate page, or unwritable folder."""


def write_site(pages: Iterable[Page], out_dir: Path) -> int:
    """Write every page into a new folder and swap it for out_dir; return the number of files."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir}: exists and is not a folder")
    _remove_stale(out_dir)
    fresh = _make_fresh(out_dir)
    try:
        count = _write_pages(pages, fresh)
        _swap(fresh, out_dir)
    except BaseException:
        # Also on Ctrl-C: the previous site stays as it was, and no half site is left behind.
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    log.info("wrote %d files to %s", count, out_dir)
    return count


@functools.lru_cache(maxsize=1 << 16)  # every build checks every page path again
def safe_path(path: str) -> PurePosixPath:
    """Return a page path as a relative POSIX path; refuse absolute ones and any '..'."""
    check_path(path)
    return PurePosixPath(path)


_CHECKED: Collection[str] = ()  # the page paths the latest collect_jobs found safe


def collect_jobs(jobs: Iterable[Job]) -> SiteJobs:
    """Return the jobs by path, refusing unsafe paths and a path claimed twice."""
    global _CHECKED
    wanted: dict[str, Job] = {}
    for job in jobs:
        if job.path not in _CHECKED:  # a warm process's site has the same paths, checked once
            check_path(job.path)
        if job.path in wanted:
            raise WriteError(f"page {job.path!r} written twice: two pages claim the same file")
        wanted[job.path] = job
    _CHECKED = wanted.keys()
    return SiteJobs(wanted, {path: job.fingerprint for path, job in wanted.items()})


def check_path(path: str) -> None:
    """Refuse a page path that is absolute, not POSIX, or steps out of the output folder."""
    if not path or "\\" in path or "\0" in path or path.startswith("/"):
        raise WriteError(f"refusing page path {path!r}: not a relative POSIX path")
    if any(part in ("..", ".") for part in path.split("/")):
        raise WriteError(f"refusing page path {path!r}: it leaves the output folder")


def _write_pages(pages: Iterable[Page], folder: Path) -> int:
    """Write pages one at a time (never all in memory); refuse a path written twice."""
    written: set[PurePosixPath] = set()
    for page in pages:
        relative = safe_path(page.path)
        if relative in written:
            raise WriteError(f"page {page.path!r} written twice: two pages claim the same file")
        written.add(relative)
        target = folder.joinpath(*relative.parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.content)
        except OSError as exc:
            raise WriteError(f"{target}: cannot write page {page.path!r}: {exc.strerror}") from None
    return len(written)


def _stale_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.tmp-"


def _make_fresh(out_dir: Path) -> Path:
    """Create an empty folder beside out_dir (same file system, so renames are atomic)."""
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f"{_stale_prefix(out_dir)}{os.getpid()}-", dir=parent))
        fresh.chmod(0o755)  # mkdtemp makes it private; a published site is world-readable
    except OSError as exc:
        raise WriteError(f"{parent}: cannot create the output folder: {exc.strerror}") from None
    return fresh


def _remove_stale(out_dir: Path) -> None:
    """Undo what killed builds left: a site moved aside, temp folders of gone processes."""
    if not out_dir.parent.is_dir():
        return
    recover_swap(out_dir)
    for folder in out_dir.parent.glob(_stale_prefix(out_dir) + "*"):
        pid = folder.name[len(_stale_prefix(out_dir)):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            log.info("removing %s, left by an interrupted build", folder)
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Tell whether a process runs; when unsure, say it does (its folder is kept)."""
    if sys.platform == "win32":  # there os.kill(pid, 0) does not ask: it sends Ctrl-C
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no such call here
        return True
    return True


def _alive_on_windows(pid: int) -> bool:
    """Ask Windows whether a process runs (OpenProcess, then its exit code)."""
    import ctypes

    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return True
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return ctypes.get_last_error() != _ERROR_INVALID_PARAMETER  # else: denied, so it runs
    try:
        code = ctypes.c_ulong()
        asked = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return not asked or code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _swap(fresh: Path, out_dir: Path) -> None:
    """Put fresh in out_dir's place, then delete the previous site."""
    previous = swap_in(fresh, out_dir)
    if previous is not None:
        remove_site(previous)


def swap_in(fresh: Path, out_dir: Path) -> Path | None:
    """Mark fresh and put it in out_dir's place; return the folder now holding the old site."""
    mark(fresh)  # every tree a build puts in place says it is a build's (guard.py)
    try:
        if not os.path.lexists(out_dir):
            os.rename(fresh, out_dir)
            return None
        if _exchange(fresh, out_dir):
            return fresh
        return _swap_by_renames(fresh, out_dir)
    except OSError as exc:
        raise WriteError(f"{out_dir}: cannot replace the output folder: {exc.strerror}") from None


def _swap_by_renames(fresh: Path, out_dir: Path) -> Path:
    """Swap without an atomic exchange: the old site aside under a name that says so, then in."""
    aside = aside_dir(out_dir)
    if os.path.lexists(aside):  # a folder of that name that is not a build's (see recover_swap)
        raise WriteError(f"{aside}: in the way of replacing {out_dir.name}; move it elsewhere")
    os.rename(out_dir, aside)  # killed after this: the next build puts it back (recover_swap)
    try:
        os.rename(fresh, out_dir)  # also where renaming over a folder fails (Windows)
    except BaseException:
        if not os.path.lexists(out_dir):
            os.rename(aside, out_dir)  # the previous site stays
        raise
    return aside


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step with Linux renameat2; False where that is unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # only a build that swaps pays for it

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library this Python runs on
    except (OSError, TypeError):
        return False
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 and later
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    # ENOSYS: a kernel before 3.15; EINVAL and the rest: a file system without the exchange
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
