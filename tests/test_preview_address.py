"""`serve` links to itself and builds apart from the site a paper deploys (about 10 s).

A real `site-builder serve --port 0` process on a Chinese-only site (no model needed): the port
it prints is the one it listens on, its pages link there (keeping base_url's path), a theme's
label edit shows without a restart, and a `build` afterwards carries no preview link.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.config import load_config
from site_builder.serve.server import PREVIEW_DIR, preview_config

ROOT = Path(__file__).resolve().parent.parent


def poll(check: Callable[[], object], timeout: float) -> object:
    """Return check()'s first truthy value, or the last falsy one after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not (value := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def save_until(path: Path, text: str, check: Callable[[], object], timeout: float) -> bool:
    """Save a file, again every few seconds, until check() holds: the server prints its address
    just before its watcher starts, and a save before that is not seen (an editor saves again)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        path.write_text(text, encoding="utf-8")
        if poll(check, 3):
            return True
    return False


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site started by `init`, Chinese only, published under a sub-path, with one page."""
    assert main(["init", str(tmp_path)]) == 0
    config = (tmp_path / "site.toml").read_text(encoding="utf-8")
    config = config.replace('base_url = "https://news.example.cn/"',
                            'base_url = "https://news.example.cn/paper/"')
    config = config.replace('# languages = ["zh", "en"]', 'languages = ["zh"]')
    (tmp_path / "site.toml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "000_4b71105106d275e4.txt", tmp_path / "seeds")
    return tmp_path


@pytest.fixture
def served(site: Path) -> Iterator[tuple[subprocess.Popen, list[str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", "0"], cwd=site,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in process.stdout),
                     daemon=True).start()
    yield process, lines
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_on_port_0_prints_the_real_address_and_its_pages_link_there(site, served):
    process, lines = served
    line = poll(lambda: next((x for x in lines if x.startswith("serving ")), None), 120)
    assert line, "\n".join(lines)
    found = re.search(r" on (http://127\.0\.0\.1:(\d+)/paper/) \(Ctrl-C stops\)$", line)
    assert found, line
    url, port = found.group(1), int(found.group(2))
    assert port != 0
    front = get(f"{url}zh/")  # the printed address is the one it listens on
    assert f'<link rel="canonical" href="{url}zh/">' in front
    assert 'href="/paper/zh/archive/"' in front and "news.example.cn" not in front
    assert str(site / PREVIEW_DIR) in line
    assert (site / PREVIEW_DIR / "zh" / "index.html").is_file()
    assert not (site / "public").exists()

    (site / "theme" / "labels").mkdir()

    def archive_shows() -> bool:
        return "<title>过往报道 · " in get(f"{url}zh/archive/")

    assert save_until(site / "theme" / "labels" / "zh.toml", 'archive = "过往报道"\n',
                      archive_shows, 30), "\n".join(lines)

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) in (0, 130)
    assert main(["build", "-q", "--config", str(site / "site.toml")]) == 0
    published = (site / "public" / "zh" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://news.example.cn/paper/zh/">' in published
    assert "127.0.0.1" not in published and ">过往报道</a>" in published


def test_the_preview_config_keeps_the_base_path_and_builds_apart(site):
    config = load_config(site / "site.toml")
    preview = preview_config(config, "http://[::1]:8123")
    assert preview.base_url == "http://[::1]:8123/paper/" and preview.base_path == "/paper/"
    assert preview.output_dir == site / PREVIEW_DIR != config.output_dir
    assert preview.labels == config.labels and preview.title == config.title


def test_serve_says_which_address_is_taken(site, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--config", str(site / "site.toml")])
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
