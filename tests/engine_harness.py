"""Three ways to build one site, for the proofs that the build engine never serves stale files.

- warm: `site-builder serve`'s builder (one Preview, so one Session, for the whole run), told what
  changed by a watcher that reports every saved, added or removed input, as the OS's would;
- CLI: `site-builder build` in another process: in a subprocess, or in this one with every module
  of site_builder imported afresh (`another_process`), which is what a new process has that a
  fresh Session lacks: no module-level memo, only the caches on disk;
- clean: the CLI (or the preview's build) on a copy of the input files, with no cache at all.

A simulated upgrade of site-builder (`upgrade_code`) gives the code another version and makes
it render dates differently, so that a cache not keyed by the code version would show.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from property_site import ORIGIN, Site, make_site

from site_builder.files import stamp

TESTS = Path(__file__).resolve().parent
PREVIEW = Path(".site-builder") / "preview"  # where serve builds, under the site folder
# What an editor owns; content/en is the build's (written from the memory), so not copied
INPUTS = ("seeds", "content/zh", "content/pages", "translations", "theme", "media", "site.toml")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones too) by its path under folder, with its bytes."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(actual: Path | dict[str, bytes], expected: Path, what: str) -> None:
    """Fail, naming the files that differ and showing the first difference, unless equal."""
    got = tree(actual) if isinstance(actual, Path) else actual
    want = tree(expected)
    if got == want:
        return
    missing, extra = sorted(want.keys() - got.keys()), sorted(got.keys() - want.keys())
    differ = sorted(p for p in got.keys() & want.keys() if got[p] != want[p])
    lines = [f"{what} differs from the clean build's {expected}",
             f"  missing {len(missing)}: {missing[:8]}", f"  extra {len(extra)}: {extra[:8]}",
             f"  different {len(differ)}: {differ[:8]}"]
    if differ:
        old = want[differ[0]].decode("utf-8", "replace").splitlines()
        new = got[differ[0]].decode("utf-8", "replace").splitlines()
        diff = difflib.unified_diff(old, new, "clean/" + differ[0], "built/" + differ[0], n=1,
                                    lineterm="")
        lines += [line[:300] for line in list(diff)[:40]]
    raise AssertionError("\n".join(lines))


def copy_inputs(root: Path, to: Path) -> Path:
    """Copy a site's input files (no output, no cache, no content/en) to a new folder."""
    for name in INPUTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, to / name)
        elif source.is_file():
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, to / name)
    return to


def starting_site(folder: Path, package: Any) -> Path:
    """The proofs' starting site (property_site.make_site) built once: its input files, the
    memory filled, so an example translates only what its edits add."""
    built = make_site(folder / "built").root
    run = cli_build(built, 0, package)
    assert run.code == 0, run.output
    return copy_inputs(built, folder / "site")


# --- a simulated upgrade of site-builder ---------------------------------------------------

def upgrade_code(generation: int) -> None:
    """Make the site_builder modules of this process (imported and still to come) release
    `generation`: another code version, and dates written with a mark of its own."""
    if generation == 0:
        return
    from site_builder.cache import version  # first: later imports bind the patched one
    from site_builder.render import env

    first_version, first_date = version.code_version, env.format_date
    first_stamps = version.code_stamps

    def code_version() -> str:
        return f"{first_version()}+upgrade{generation}"

    def code_stamps() -> tuple[object, ...]:  # what the no-op check knows the code by
        return (*first_stamps(), f"upgrade{generation}")

    def format_date(*args: Any, **kwargs: Any) -> str:
        return f"{first_date(*args, **kwargs)} ·{generation}"

    for module in [m for name, m in sys.modules.items() if _ours(name)]:
        for name, new, first in (("code_version", code_version, first_version),
                                 ("code_stamps", code_stamps, first_stamps),
                                 ("format_date", format_date, first_date)):
            if getattr(module, name, None) is first:
                setattr(module, name, new)


def _ours(name: str) -> bool:
    return name == "site_builder" or name.startswith("site_builder.")


class Process:
    """The site_builder modules of one process, imported afresh: none of another process's
    module-level memos, only what is on disk. Active (in sys.modules) only inside `running`.

    Release `generation` of site-builder (see upgrade_code); translation uses `package`.
    """

    def __init__(self, generation: int, package: Any) -> None:
        self.modules: dict[str, Any] = {}
        with self.running():
            upgrade_code(generation)
            from site_builder.translate import articles

            articles.ensure_package = lambda allow_download: package  # the tiny model

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """Run the block with this process's modules (and those it imports) in sys.modules."""
        saved = {name: module for name, module in sys.modules.items() if _ours(name)}
        for name in saved:
            del sys.modules[name]
        sys.modules.update(self.modules)
        logger = logging.getLogger("site_builder")  # the CLI adds its handler to it
        handlers, level = list(logger.handlers), logger.level
        logger.handlers[:] = []  # a new process's: not one another test's CLI left behind
        try:
            yield
        finally:
            logger.handlers[:], logger.level = handlers, level
            self.modules = {name: module for name, module in sys.modules.items() if _ours(name)}
            for name in self.modules:
                del sys.modules[name]
            sys.modules.update(saved)


@dataclass(frozen=True)
class Run:
    """What a CLI build said: its exit code and its error lines."""

    code: int
    errors: tuple[str, ...]
    output: str
    summary: str  # the summary line (the last line on stdout)


def cli_build(root: Path, generation: int, package: Any, *args: str) -> Run:
    """Run `site-builder build` on a site in a new process (emulated: see Process)."""
    out, err = io.StringIO(), io.StringIO()
    with Process(generation, package).running(), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        from site_builder import cli

        code = cli.main(["build", "--no-download", "--config", str(root / "site.toml"), *args])
    return _run(code, out.getvalue(), err.getvalue())


def cli_process(root: Path, generation: int, env: dict[str, str], *args: str) -> Run:
    """Run `site-builder build` on a site in a real new Python process."""
    runner = (f"import sys; sys.path.insert(0, {str(TESTS)!r}); "
              "from engine_harness import main_upgraded; sys.exit(main_upgraded())")
    done = subprocess.run(
        [sys.executable, "-c", runner, str(generation), "build", "--no-download",
         "--config", str(root / "site.toml"), *args],
        cwd=root, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
    return _run(done.returncode, done.stdout, done.stderr)


def main_upgraded() -> int:
    """The CLI of release sys.argv[1] (see upgrade_code), given the rest of the arguments."""
    upgrade_code(int(sys.argv[1]))
    from site_builder import cli

    return cli.main(sys.argv[2:])


def _run(code: int, stdout: str, stderr: str) -> Run:
    output = stdout + stderr
    errors = tuple(line for line in output.splitlines() if line.startswith("error:"))
    if "Traceback" in output:
        raise AssertionError(f"the build crashed:\n{output}")
    return Run(code, errors, output, (stdout.splitlines() or [""])[-1])


def preview_build(root: Path, generation: int, package: Any) -> tuple[str, ...]:
    """Build a site as the preview does (drafts shown), in a new process (emulated)."""
    with Process(generation, package).running():
        from site_builder.build import BuildOptions, build
        from site_builder.serve.server import preview_config
        from site_builder.translate.articles import ArgosTranslator

        config = preview_config(load_config_fresh(root), ORIGIN)
        options = BuildOptions(config.languages, allow_download=False, drafts=True,
                               load_translator=lambda: ArgosTranslator(package,
                                                                       config.translation))
        return build(config, options).problems


def load_config_fresh(root: Path) -> Any:
    from site_builder.config import load_config as load

    return load(root / "site.toml")


# --- serve, driven by a watcher that reports what the test saved ---------------------------

def watched(config: Any) -> dict[str, Any]:
    """The watched inputs as the OS watcher sees them: files by stamp, folders as folders."""
    from site_builder.serve.server import watched_paths  # the running process's

    seen: dict[str, Any] = {}
    for path in watched_paths(config):
        if path.is_file():
            seen[str(path)] = stamp(path)
        for top, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not _hidden(d)]  # serve's watcher skips these too
            seen.update((os.path.join(top, d), "folder") for d in dirs)
            seen.update((os.path.join(top, f), stamp(os.path.join(top, f)))
                        for f in files if not _hidden(f))
    return seen


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.endswith("~")


class WarmServe:
    """`site-builder serve`'s builder: one Preview (one Session) in a process of its own, its
    watcher (a thread running Preview.watch) reporting what changed since its last report.
    After an upgrade of site-builder (site.generation), serve is started again, as it must be."""

    def __init__(self, site: Site, package: Any) -> None:
        self.site, self.package = site, package
        self._start()

    def _start(self) -> None:
        self.generation = self.site.generation
        self.process = Process(self.generation, self.package)
        self._bursts: queue.Queue[set[str] | None] = queue.Queue()
        self._done: queue.Queue[BaseException | None] = queue.Queue()
        with self.process.running():
            from site_builder.serve import server

            self.preview = server.Preview(load_config_fresh(self.site.root), False,
                                          lambda line: None, ORIGIN)
            self._seen = watched(self.preview.config)
            self.preview.rebuild()  # serve's first build, before it watches
            self._check()
            server.watch_inputs = lambda paths: self._reports()
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()

    @property
    def out(self) -> Path:
        return self.preview.config.output_dir

    def rebuild(self) -> None:
        """Report what changed since the last report (the build's own writes included, as
        the OS reports them) and wait until serve has dealt with it."""
        if self.site.generation != self.generation:
            self.close()
            self._start()  # its first build looks at every file
            return
        with self.process.running():
            now = watched(self.preview.config)
            burst = {path for path in self._seen.keys() | now.keys()
                     if self._seen.get(path) != now.get(path)}
            self._seen = now
            if burst:
                self._bursts.put(burst)
                failed = self._done.get(timeout=600)
                if failed is not None:
                    raise failed
            self._check()

    def close(self) -> None:
        """Stop watching and write what serve keeps in memory, as serve does when it stops."""
        with self.process.running():
            self._bursts.put(None)
            self._thread.join(timeout=60)
            self.preview.session.store.flush()  # caches stayed in memory between rebuilds

    def _reports(self) -> Iterator[set[str]]:
        while (burst := self._bursts.get()) is not None:
            yield burst
            self._done.put(None)  # serve asks for the next burst: it dealt with this one

    def _watch(self) -> None:
        try:
            self.preview.watch(lambda: None)
        except BaseException as exc:  # a bug outside rebuild's own handling: the test fails
            self._done.put(exc)

    def _check(self) -> None:
        errors = self.preview.state.errors
        if any(error.startswith("internal error") for error in errors):
            raise AssertionError(f"serve's rebuild crashed: {errors}")
