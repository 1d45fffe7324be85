"""`site-builder serve` as an editor uses it: a real server process, a real browser (about 30 s)."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import argos_fixture
import polib
import pytest
from helpers import FAST_TRANSLATION

from site_builder.config import DEFAULT_TEMPLATES
from site_builder.content.markdown import dump_article
from site_builder.models import Article, Block

ROOT = Path(__file__).resolve().parent.parent
LIVERELOAD_READY = (
    "return !!(window.LiveReload && LiveReload.connector && LiveReload.connector.protocol)"
)


class Served:
    """A `site-builder serve` child process whose output is collected line by line."""

    def __init__(self, site: Path, env: dict[str, str]) -> None:
        self.site, self.port = site, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "serve", "--port", str(self.port)],
            cwd=site, env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # Ctrl-C as in a terminal, even when pytest runs in the background (a shell then
            # starts it ignoring SIGINT, and its children would inherit that)
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        threading.Thread(target=self._collect, daemon=True).start()
        self.wait_for_line("serving ", timeout=120)

    def _collect(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = 20) -> str:
        found = poll(lambda: next((line for line in self.lines if text in line), None), timeout)
        assert found, f"no {text!r} in the output of serve:\n" + "\n".join(self.lines)
        return found

    def output(self) -> str:
        return "\n".join(self.lines)

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def poll(check: Callable[[], object], timeout: float, every: float = 0.1) -> object:
    """Return check()'s first truthy value, or None after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def copy_demo(folder: Path) -> Path:
    """A copy of the demo project with fast settings for the tiny test model."""
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    (folder / "theme").mkdir()  # a theme overriding one template, for an editor to break
    shutil.copy(DEFAULT_TEMPLATES / "bilingual.html", folder / "theme" / "bilingual.html")
    config = (ROOT / "site.toml").read_text(encoding="utf-8")
    config = config[: config.index("[translation]")] + FAST_TRANSLATION
    config = config.replace("[paths]\n", '[paths]\ntheme = "theme"\n')
    (folder / "site.toml").write_text(config, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def env(argos_index: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return argos_fixture.argos_environment(argos_index, tmp_path_factory.mktemp("argos-home"))


@pytest.fixture(scope="module")
def served(env, tmp_path_factory) -> Iterator[Served]:
    server = Served(copy_demo(tmp_path_factory.mktemp("site")), env)
    yield server
    server.kill()


def open_page(browser, url: str) -> float:
    """Open url, wait for the livereload client to connect; return the page's load time."""
    browser.get(url)
    assert poll(lambda: browser.execute_script(LIVERELOAD_READY), 10), "livereload not connected"
    return browser.execute_script("return performance.timeOrigin")


def body_text(browser) -> str:
    from selenium.common.exceptions import WebDriverException

    try:  # the page may be between unload and load while livereload reloads it
        return browser.execute_script("return document.body ? document.body.innerText : ''")
    except WebDriverException:
        return ""


def article_slug(site: Path) -> str:
    return sorted(p.stem for p in (site / "content" / "zh").glob("*.md"))[0]


def set_title(markdown: Path, title: str) -> None:
    text = markdown.read_text(encoding="utf-8")
    markdown.write_text(re.sub(r"(?m)^title: .*$", f'title: "{title}"', text, count=1),
                        encoding="utf-8")


def test_edits_to_the_chinese_and_the_english_show_in_the_open_page(served, browser):
    slug = article_slug(served.site)
    page = f"{served.url}/zh/articles/{slug}/bilingual/"
    loaded = open_page(browser, page)

    set_title(served.site / "content" / "zh" / f"{slug}.md", "编辑改过的标题")
    assert poll(lambda: "编辑改过的标题" in body_text(browser), 15), served.output()
    assert browser.current_url == page
    assert browser.execute_script("return performance.timeOrigin") != loaded  # reloaded for us

    po_path = served.site / "translations" / "en" / f"{slug}.po"
    entry = poll(lambda: polib.pofile(str(po_path)).find("编辑改过的标题"), 15)
    assert entry and entry.fuzzy, "the new title was not machine-translated into the memory"
    po = polib.pofile(str(po_path))
    title = po.find("编辑改过的标题")
    title.msgstr, title.flags = "An editor's headline", []
    po.save()
    assert poll(lambda: "An editor's headline" in body_text(browser), 15), served.output()
    assert browser.current_url == page


def test_a_broken_template_shows_in_the_browser_until_fixed(served, browser):
    from selenium.webdriver.common.by import By

    slug = article_slug(served.site)
    page = f"{served.url}/zh/articles/{slug}/bilingual/"
    open_page(browser, page)
    template = served.site / "theme" / "bilingual.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% endfor %}", "{% endfro %}", 1), encoding="utf-8")
    try:
        overlay = poll(lambda: browser.find_elements(By.ID, "site-builder-error"), 15)
        assert overlay, served.output()
        assert "bilingual.html:" in overlay[0].text
        assert "still serving the last good site" in served.wait_for_line("bilingual.html:")
        assert browser.find_elements(By.CSS_SELECTOR, ".bilingual")  # the last good page
        status, body = fetch(served, f"/zh/articles/{slug}/")
        assert status == 200 and b"site-builder-error" in body
    finally:
        template.write_text(good, encoding="utf-8")
    assert poll(lambda: not browser.find_elements(By.ID, "site-builder-error"), 15)
    assert browser.current_url == page
    assert served.process.poll() is None


def fetch(served: Served, path: str) -> tuple[int, bytes]:
    """GET path exactly as written: http.client does not normalise '..' or %-escapes."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    "/../site.toml", "/zh/../../site.toml", "/%2e%2e/site.toml", "/%2e%2e%2fsite.toml",
    "/..%2fsite.toml", "/..%5csite.toml", "/%2E%2E%5Csite.toml", "/zh/%2e%2e/%2e%2e/site.toml",
    "/%252e%252e%252fsite.toml", "/..\\site.toml", "//etc/passwd", "/%00", "/.site-builder.lock",
    "/zh/articles/",  # a folder without index.html: no listing
])
def test_requests_outside_the_site_get_404(served, path):
    assert (served.site / "site.toml").exists()
    status, body = fetch(served, path)
    assert status == 404, path
    assert b"[site]" not in body and b"root:" not in body


def test_pages_are_served_with_the_livereload_client(served):
    status, body = fetch(served, "/zh/")
    assert status == 200 and b"/livereload.js?host=" in body
    assert fetch(served, "/zh")[0] == 302
    assert fetch(served, "/livereload.js")[0] == 200


def test_only_versioned_assets_may_be_cached_by_the_browser(served):
    def cache_control(path: str) -> str | None:
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.getheader("Cache-Control")
        finally:
            connection.close()

    assert cache_control("/assets/style.css?v=0123456789") == "max-age=31536000, immutable"
    assert cache_control("/assets/style.css") == "no-store"
    assert cache_control("/zh/") == "no-store"  # pages: always the newest
    assert cache_control("/zh/search/index-0.json?v=1") == "no-store"  # v: not its content


def test_ctrl_c_stops_cleanly(env, tmp_path):
    server = Served(copy_demo(tmp_path), env)
    try:
        assert fetch(server, "/zh/")[0] == 200
        code = server.interrupt()
    finally:
        server.kill()
    assert code in (0, 130), server.output()
    assert "Traceback" not in server.output()
    preview = tmp_path / ".site-builder" / "preview"  # serve builds apart from public/
    assert not list(preview.parent.glob(".preview.tmp-*"))
    assert (preview / "zh" / "index.html").exists() and not (tmp_path / "public").exists()


def watched(paths: list[Path]) -> tuple[queue.Queue, threading.Event]:
    """Run watch_inputs on a thread; its bursts arrive in the queue until the event is set."""
    from site_builder.serve.watch import watch_inputs

    bursts: queue.Queue = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        for changed in watch_inputs(lambda: paths):
            bursts.put(changed)
            if stop.is_set():
                return

    threading.Thread(target=run, daemon=True).start()
    time.sleep(0.5)  # the OS watch is in place
    return bursts, stop


def test_a_burst_of_saves_is_reported_once(tmp_path):
    folder, config = tmp_path / "content", tmp_path / "site.toml"
    folder.mkdir()
    config.write_text("a", encoding="utf-8")
    bursts, stop = watched([folder, config, tmp_path / "theme"])
    try:
        (folder / "a.md").write_text("a", encoding="utf-8")
        time.sleep(0.03)
        (folder / "sub").mkdir()
        (folder / "sub" / "b.md").write_text("b", encoding="utf-8")
        (folder / ".b.md.swp").write_text("x", encoding="utf-8")  # an editor's, not an input
        (folder / "b.md~").write_text("x", encoding="utf-8")
        burst = bursts.get(timeout=5)
        # b.md may be written before the new folder's OS watch exists; the rebuild the folder
        # causes reads it anyway
        assert burst - {str(folder / "sub" / "b.md")} == {str(folder / "a.md"), str(folder / "sub")}
        replaced = tmp_path / "site.toml.new"  # saved the way many editors do: rename into place
        replaced.write_text("b", encoding="utf-8")
        replaced.replace(config)
        assert bursts.get(timeout=5) == {str(config)}
        (tmp_path / "theme").mkdir()  # a folder made later is watched from then on
        assert bursts.get(timeout=5) == {str(tmp_path / "theme")}
        time.sleep(0.2)
        stop.set()
        (tmp_path / "theme" / "base.html").write_text("t", encoding="utf-8")
        assert bursts.get(timeout=5) == {str(tmp_path / "theme" / "base.html")}
    finally:
        stop.set()
    assert bursts.empty()


def test_without_os_notifications_the_watcher_polls(tmp_path, monkeypatch, caplog):
    import watchfiles

    real = watchfiles.watch

    def limited(*paths, force_polling=None, **options):  # as when inotify's limit is reached
        if not force_polling:
            raise OSError("OS file watch limit reached")
        return real(*paths, force_polling=force_polling, poll_delay_ms=50, **options)

    monkeypatch.setattr(watchfiles, "watch", limited)
    bursts, stop = watched([tmp_path])
    stop.set()
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    assert bursts.get(timeout=5) == {str(tmp_path / "a.md")}
    assert "OS file watch limit reached): polling them instead" in caplog.text


def test_the_builds_own_writes_start_no_build_but_an_editors_save_does(
        tmp_path, monkeypatch, installed_argos, tiny_translation):
    from site_builder.config import load_config
    from site_builder.serve import server as serve
    from site_builder.translate import articles as translate

    site = copy_demo(tmp_path / "site")
    preview = serve.Preview(load_config(site / "site.toml"), False, lambda line: None)
    monkeypatch.setattr(preview, "_load_translator",
                        lambda: translate.ArgosTranslator(installed_argos, tiny_translation))
    preview.rebuild()
    builds: list[float] = []
    rebuild = preview.rebuild
    monkeypatch.setattr(preview, "rebuild", lambda: builds.append(time.monotonic()) or rebuild())
    stop = threading.Event()
    real_watch = serve.watch_inputs

    def watch_until_stopped(paths):
        for changed in real_watch(paths):
            if stop.is_set():
                return
            yield changed

    monkeypatch.setattr(serve, "watch_inputs", watch_until_stopped)
    threading.Thread(target=preview.watch, args=(lambda: None,), daemon=True).start()
    time.sleep(0.5)
    slug = article_slug(site)
    try:
        set_title(site / "content" / "zh" / f"{slug}.md", "编辑改过的标题")  # the build then
        assert poll(lambda: builds, 10)  # writes content/en and the article's PO file
        po_path = site / "translations" / "en" / f"{slug}.po"
        assert poll(lambda: polib.pofile(str(po_path)).find("编辑改过的标题"), 10)
        time.sleep(1.5)
        assert len(builds) == 1  # no second build for what the first one wrote
        po = polib.pofile(str(po_path))
        po.find("编辑改过的标题").msgstr = "An editor's headline"
        po.save()
        assert poll(lambda: len(builds) == 2, 10)
        english = site / "content" / "en" / f"{slug}.md"
        assert poll(lambda: "An editor's headline" in english.read_text(encoding="utf-8"), 10)
        new = site / "content" / "zh" / "new-story.md"  # builds told only of this file
        new.write_text(dump_article(Article("new-story", "zh", "新的报道", dt.date(2026, 2, 2),
                                            (Block("p", "一段新的正文。"),))), encoding="utf-8")
        page = site / "public" / "en" / "articles" / "new-story" / "index.html"
        assert poll(page.exists, 10)
        new.unlink()
        assert poll(lambda: not page.exists(), 10)
        assert not (site / "content" / "en" / "new-story.md").exists()
    finally:
        stop.set()
        (site / "seeds" / "wake.txt").write_text("", encoding="utf-8")  # ends the watch


def test_request_paths_map_into_the_site_only(tmp_path):
    from site_builder.serve.http import resolve_request

    (tmp_path / "zh" / "articles").mkdir(parents=True)
    (tmp_path / "zh" / "index.html").write_text("zh", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("no", encoding="utf-8")
    (tmp_path / "zh" / "link").symlink_to(tmp_path / "outside.txt")
    site = tmp_path
    assert resolve_request(site, "/", "/zh/") == site / "zh" / "index.html"
    assert resolve_request(site, "/", "/zh") == "/zh/"
    assert resolve_request(site, "/news/", "/") == "/news/"
    assert resolve_request(site, "/news/", "/news/zh/") == site / "zh" / "index.html"
    assert resolve_request(site / "zh", "/", "/link") is None  # symlink out of the site
    for path in ("/zh/articles/", "/zh/../outside.txt", "/zh/%2e%2e/outside.txt",
                 "/zh/..%5coutside.txt", "/news/zh/"):
        assert resolve_request(site / "zh", "/", path) is None, path


def test_html_gets_the_client_and_escaped_errors():
    from site_builder.serve.http import decorate_html

    page = "<html><head><title>t</title></head><body>正文</body></html>".encode()
    plain = decorate_html(page, ())
    assert plain.count(b"livereload.js") == 1 and b"site-builder-error" not in plain
    broken = decorate_html(page, ("templates/a.html:3: unexpected '<script>'",)).decode()
    assert "templates/a.html:3: unexpected &#x27;&lt;script&gt;&#x27;" in broken
    assert broken.index("site-builder-error") < broken.index("</head>") and "正文" in broken
