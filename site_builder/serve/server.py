"""Preview server: build, serve public/ with livereload, rebuild when an input changes.

Rebuilds run in this process, so the translation model and jieba stay loaded between them;
each one is an incremental build (cached articles and memory, only changed pages rendered),
and browsers are reloaded only if some output file changed.
The build rewrites content/en and translations/ after an edit; the watcher reports those writes
too, and they are dropped while each file is as the build left it (an editor's save in the
meantime changes its stamp), so a build is not followed by a second one that finds nothing.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from site_builder.build import BuildOptions, BuildReport, build
from site_builder.cache.incremental import load_manifest
from site_builder.cache.session import Session
from site_builder.cache.store import Store
from site_builder.config import DEFAULT_TEMPLATES, Config, ConfigError, load_config
from site_builder.errors import UserError
from site_builder.files import Stamp, recording, stamp
from site_builder.labels import label_files
from site_builder.serve.watch import watch_inputs
from site_builder.translate import articles as translate

log = logging.getLogger(__name__)
CONFIG_NAME = "site.toml"
PREVIEW_DIR = Path(".site-builder") / "preview"  # under the site folder, beside the caches
_NOT_OURS = object()


class ServeError(UserError):
    """The preview server cannot start (e.g. the port is taken); names the address."""


def serve(
    config: Config,
    host: str,
    port: int,
    *,
    open_browser: bool = False,
    allow_download: bool = True,
    announce: Callable[[str], None] = log.info,
) -> None:
    """Build once, then serve the preview and rebuild on every change until Ctrl-C."""
    from site_builder.serve.http import PreviewServer, bind  # tornado: only when previewing

    try:
        sockets = bind(host, port)  # port 0: the system picks a free one
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    origin = f"http://{_url_host(host)}:{sockets[0].getsockname()[1]}"
    preview = Preview(config, allow_download, announce, origin)
    server = PreviewServer(preview.state, sockets)
    server.start()
    repeats = _SayOnce()
    for handler in logging.getLogger("site_builder").handlers:
        handler.addFilter(repeats)
    try:
        preview.rebuild()
        preview.prepare_for_edits()
        url = preview.config.base_url
        announce(f"serving {preview.config.output_dir} on {url} (Ctrl-C stops)")
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        preview.watch(server.reload)
    except KeyboardInterrupt:
        announce("stopped")  # a build cut short has already removed its half-written files
    finally:
        server.stop()
        preview.session.store.flush()  # caches stayed in memory between rebuilds
        for handler in logging.getLogger("site_builder").handlers:
            handler.removeFilter(repeats)


def preview_config(config: Config, origin: str) -> Config:
    """Return the config a preview builds with: its pages link to the preview itself, and it
    builds into a folder of its own, so no preview link ever reaches the site a paper deploys."""
    return replace(config, base_url=origin + config.base_path,
                   output_dir=config.root / PREVIEW_DIR)


def watched_paths(config: Config) -> list[Path]:
    """Every input of a build: seeds, content, memory, templates, theme, media and site.toml."""
    paths = [config.seeds_dir, config.content_dir, config.translations_dir, config.templates_dir,
             config.media_dir]
    paths += [config.theme_dir] if config.theme_dir else []
    paths += [config.logo] if config.logo else []
    return [*paths, config.root / CONFIG_NAME]


class Preview:
    """The builder side of the preview: rebuilds, remembers the last good site and the errors."""

    def __init__(
        self, config: Config, allow_download: bool, announce: Callable[[str], None],
        origin: str | None = None,
    ) -> None:
        """Build with config; with an origin ("http://127.0.0.1:8000"), as previewed there."""
        from site_builder.serve.http import PreviewState

        self.origin = origin
        config = preview_config(config, origin) if origin else config
        self.config, self.allow_download, self.announce = config, allow_download, announce
        self.state = PreviewState(config.output_dir, config.base_path)
        self._translator: translate.Translator | None = None
        self._translator_config = config.translation
        # what each rebuild keeps for the next; caches are written when the preview stops
        self.session = Session(Store(deferred=True))
        self._written: dict[str, str] | None = None  # page path -> fingerprint of what is served
        self._own_writes: dict[str, Stamp] = {}  # input files the last build wrote, as it left them
        # Files reported changed since the last good build watched throughout; None: unknown.
        self._changed: set[str] | None = None

    def watch(self, reload: Callable[[], None]) -> None:
        """Rebuild after every burst of changes, and reload browsers when the site changed."""
        self._changed = None  # saves before the watch began: the next build looks at every file
        for changed in watch_inputs(lambda: watched_paths(self.config)):
            self._note(changed)
            # The last build's own writes (content/en, the memory) need no rebuild of their own
            changed = {p for p in changed if self._own_writes.get(p, _NOT_OURS) != stamp(Path(p))}
            if not changed:
                continue
            if changed & self._settings() and not self._reload_config():
                reload()
                continue
            if self.rebuild():
                reload()

    def rebuild(self) -> bool:
        """Build the site, or show why not and keep the last good one; True: reload browsers."""
        from site_builder.errors import UserError

        started, before = time.perf_counter(), self.state.errors
        try:
            self.session.changed = (frozenset(self._changed) if self._changed is not None
                                    else None)
            with recording() as self._own_writes:
                report = build(self.config, self._options(), self.session)
            self._changed = set()  # from now on the watcher's reports are all that changed
        except UserError as exc:
            return self._failed((str(exc),), before)
        except Exception as exc:  # a bug, not a content error: the preview keeps running
            log.exception("rebuild failed")
            return self._failed((f"internal error: {type(exc).__name__}: {exc}",), before)
        site_changed = self._served_changed()
        self.state.errors = tuple(report.problems)
        for problem in report.problems:
            self.announce(f"error: {problem}")
        if site_changed or self.state.errors != before:
            self.announce(_summary(report, time.perf_counter() - started))
        return site_changed or self.state.errors != before

    def _note(self, changed: set[str]) -> None:
        """Add a burst to what changed since the last build; a folder's event: anything may have."""
        if self._changed is None:
            return
        if any("." not in os.path.basename(path) or os.path.isdir(path) for path in changed):
            self._changed = None  # files written in a new folder may precede its OS watch
        else:
            self._changed |= changed

    def prepare_for_edits(self) -> None:
        """Do now what the first edit's rebuild would otherwise do first: the search postings."""
        from site_builder.render.search import complete_indexes

        if self.session.render is not None:
            complete_indexes(self.session.render.search)

    def _served_changed(self) -> bool:
        """True when an output file differs from what browsers were last shown."""
        # equal fingerprints: equal bytes
        files = load_manifest(self.config.output_dir, self.session.store)
        changed = files != self._written or not files
        self._written = files
        return changed

    def _failed(self, errors: tuple[str, ...], before: tuple[str, ...]) -> bool:
        self.state.errors = errors
        for error in errors:
            self.announce(f"error: {error} (still serving the last good site)")
        return errors != before

    def _options(self) -> BuildOptions:
        return BuildOptions(self.config.languages, allow_download=self.allow_download,
                            load_translator=self._load_translator,
                            drafts=True)  # the preview shows drafts and embargoed stories

    def _load_translator(self) -> translate.Translator:
        """Load the model once and keep it for every later rebuild."""
        if self._translator is None or self._translator_config != self.config.translation:
            package = translate.ensure_package(self.allow_download)
            self._translator = translate.ArgosTranslator(package, self.config.translation)
            self._translator_config = self.config.translation
        return self._translator

    def _settings(self) -> set[str]:
        """The files the config is read from: site.toml and the interface words (labels)."""
        folders = [d for d in (self.config.templates_dir, self.config.theme_dir) if d]
        return {str(self.config.root / CONFIG_NAME), *label_files([DEFAULT_TEMPLATES, *folders])}

    def _reload_config(self) -> bool:
        """Re-read site.toml after an edit; on an error keep the previous settings."""
        try:
            config = load_config(self.config.root / CONFIG_NAME)
            config = preview_config(config, self.origin) if self.origin else config
        except ConfigError as exc:
            self._failed((str(exc),), self.state.errors)
            return False
        if config.output_dir != self.config.output_dir:
            self._written = None
        self._changed = None  # the folders may have moved: look at every file once
        self.config = config
        self.state.site_dir, self.state.base_path = config.output_dir, config.base_path
        return True


class _SayOnce(logging.Filter):
    """Let each warning through once: every rebuild repeats them (e.g. "edited by hand, kept")."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno >= logging.ERROR or message not in self.seen:
            self.seen.add(message)
            return True
        return False


def _summary(report: BuildReport, seconds: float) -> str:
    parts = [f"rebuilt in {seconds * 1000:.0f} ms: {report.articles} articles"]
    if report.translation and report.translation.new:
        parts.append(f"{report.translation.new} new segments translated")
    return ", ".join(parts)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
