"""Build the demo site (seeds/ and site.toml) in a folder and serve it on localhost.

Shared by bench/lighthouse.py and bench/screenshots.py. The English side is translated by the
tiny random-weight Argos package of the tests (tests/argos_fixture.py), installed through
argostranslate's own code into the folder: its English is nonsense by design, never faked.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import argos_fixture  # noqa: E402 - lives in tests/
from helpers import FAST_TRANSLATION  # noqa: E402 - lives in tests/
from paper import add_paper  # noqa: E402 - lives next to this file

# Longer outputs than the tests use, so English pages have paragraphs of a realistic length.
TRANSLATION = FAST_TRANSLATION.replace("max_decoding_length = 6", "max_decoding_length = 40")
COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".webmanifest", ".txt")


def build_demo(folder: Path, english: bool = True, paper: bool = False) -> Path:
    """Copy the demo into folder, build it (English through the tiny model) and return public/.

    paper: as a paper runs it, with print pages, pictures, static pages (bench/paper.py).
    """
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    toml = (ROOT / "site.toml").read_text(encoding="utf-8")
    toml = re.sub(r"\n\[translation\].*", "", toml, flags=re.S) + TRANSLATION
    (folder / "site.toml").write_text(toml, encoding="utf-8")
    if paper:
        add_paper(folder)
    env = {**os.environ, **argos_fixture.argos_environment(
        "http://127.0.0.1:9/index.json", folder / "argos")}  # no index: the model is local
    if english:
        package = argos_fixture.build_package(folder / "model")
        _site_builder(folder, env, "model", "install", "--file", str(package))
    _site_builder(folder, env, "build", *(() if english else ("--lang", "zh")))
    return folder / "public"


def _site_builder(folder: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=folder, env=env,
                   check=True, stdout=subprocess.DEVNULL)


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serve files as a static host would: gzip for text, long caching for versioned assets."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Keep the bench's output clean."""

    def send_head(self):  # noqa: ANN201 - the stdlib's signature
        """Answer with the gzipped file when the client takes it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def end_headers(self) -> None:
        """Let browsers keep versioned assets (?v=) for a year and check pages each time."""
        versioned = "?v=" in self.path
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if versioned
                         else "no-cache")
        super().end_headers()

    def guess_type(self, path: str) -> str:  # noqa: D401 - the stdlib's name
        """Return a file's type; web manifests have their own."""
        if str(path).endswith(".webmanifest"):
            return "application/manifest+json"
        return super().guess_type(path)


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        """Nothing to release."""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve folder on a free loopback port; yield its URL (no trailing slash)."""
    handler = functools.partial(StaticHost, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
