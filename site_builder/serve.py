"""Preview server: build, serve public/ with livereload, rebuild when an input changes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from .build import BuildOptions, build
from .config import Config

log = logging.getLogger(__name__)
DEBOUNCE_SECONDS = 0.3  # a burst of saves (an editor writing several files) is one rebuild


def serve(
    config: Config,
    host: str,
    port: int,
    *,
    open_browser: bool = False,
    allow_download: bool = True,
    announce: Callable[[str], None] = log.info,
) -> None:
    """Build once, then serve the output folder and rebuild on every change until Ctrl-C."""
    from livereload import Server  # tornado is only needed when previewing

    rebuild = _rebuilder(config, allow_download, announce)
    rebuild()
    server = Server()
    for path in watched_paths(config):
        server.watch(str(path), rebuild, delay=DEBOUNCE_SECONDS)
    announce(f"serving {config.output_dir} on http://{_url_host(host)}:{port}/ (Ctrl-C stops)")
    server.serve(
        host=host,
        port=port,
        root=str(config.output_dir),
        open_url_delay=1 if open_browser else None,
        restart_delay=0,
    )


def watched_paths(config: Config) -> list[Path]:
    """Every input of a build: seeds, content, memory, templates, theme and site.toml."""
    paths = [config.seeds_dir, config.content_dir, config.translations_dir, config.templates_dir]
    paths += [config.theme_dir] if config.theme_dir else []
    return [*paths, config.root / "site.toml"]


def _rebuilder(config: Config, allow_download: bool, announce: Callable[[str], None]):
    """Return a callback that rebuilds and reports errors without stopping the server."""
    from .errors import USAGE_ERRORS, USER_ERRORS

    options = BuildOptions(allow_download=allow_download)

    def rebuild() -> None:
        try:
            report = build(config, options)
        except USAGE_ERRORS + USER_ERRORS as exc:
            announce(f"error: {exc} (still serving the last good site)")
            return
        for problem in report.problems:
            announce(f"error: {problem}")
        announce(f"rebuilt: {report.articles} articles, {report.pages} files")

    return rebuild


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
