"""The preview's HTTP side: serve its folder safely, inject the livereload client and overlay.

Tornado runs on its own thread so the main thread stays free for watching and rebuilding; a
Ctrl-C then lands in the build, whose writers already clean up after a KeyboardInterrupt.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import mimetypes
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import tornado.httpserver
import tornado.web
import tornado.websocket

log = logging.getLogger(__name__)
LIVERELOAD_PROTOCOLS = [
    "http://livereload.com/protocols/official-7",
    "http://livereload.com/protocols/official-6",
]
# livereload.js finds the server from its own script URL; host and port are passed in the
# query too because its URL parser cannot read an IPv6 host such as [::1].
CLIENT_SCRIPT = (
    '<script>(function(){var s=document.createElement("script"),'
    'p=location.port||(location.protocol=="https:"?443:80);'
    's.src="//"+location.host+"/livereload.js?host="+location.hostname+"&port="+p;'
    "document.head.appendChild(s);})();</script>"
)
OVERLAY = (
    '<div id="site-builder-error" role="alert" style="position:fixed;inset:0 0 auto 0;'
    "z-index:2147483647;max-height:80vh;overflow:auto;margin:0;padding:1em 1.5em;"
    'background:#fff0f0;color:#900;border-bottom:3px solid #c00;font:14px/1.5 monospace">'
    "<strong>site-builder: the last rebuild failed; showing the last good site.</strong>"
    "{items}</div>"
)


@dataclass
class PreviewState:
    """What the HTTP thread reads and the builder updates: the site folder and current errors."""

    site_dir: Path
    base_path: str = "/"
    errors: tuple[str, ...] = ()
    clients: set = field(default_factory=set)  # open livereload sockets, HTTP thread only


def resolve_request(site_dir: Path, base_path: str, raw_path: str) -> Path | str | None:
    """Map a raw request path to a file under site_dir, a redirect target (str), or None."""
    if not raw_path.startswith(base_path):
        return base_path if raw_path in ("/", "") else None
    decoded = unquote(raw_path[len(base_path):], errors="strict")
    parts = decoded.split("/")
    if "\\" in decoded or "\0" in decoded or any(p in ("..", ".") for p in parts):
        return None  # anything that might step out of the site: not found, never a 403 hint
    if any(p.startswith(".") for p in parts if p):
        return None  # the writer's temp folders and other hidden files are not the site
    root = site_dir.resolve()
    target = root.joinpath(*[p for p in parts if p])
    if target.is_dir():
        if not raw_path.endswith("/"):
            return raw_path + "/"
        target = target / "index.html"  # no directory listings: an index or nothing
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return resolved if resolved.is_file() and resolved.is_relative_to(root) else None


def decorate_html(body: bytes, errors: tuple[str, ...]) -> bytes:
    """Insert the livereload client and, after a failed rebuild, the error overlay."""
    extra = CLIENT_SCRIPT
    if errors:
        items = "".join(f"<pre style='white-space:pre-wrap'>{html.escape(e)}</pre>" for e in errors)
        extra += OVERLAY.format(items=items)
    text = body.decode("utf-8", errors="replace")
    head, found, rest = text.partition("</head>")
    # The overlay goes before </head> too: browsers move a body-level div into <body>.
    text = head + extra + found + rest if found else extra + text
    return text.encode("utf-8")


class SiteHandler(tornado.web.RequestHandler):
    """GET/HEAD files of the built site; everything else is a 404 page."""

    def initialize(self, state: PreviewState) -> None:
        self.state = state

    def get(self) -> None:
        try:
            found = resolve_request(self.state.site_dir, self.state.base_path, self.request.path)
        except UnicodeDecodeError:
            found = None
        if isinstance(found, str):
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(found + query)
        elif found is None:
            self._not_found()
        else:
            self._send(found, 200)

    def head(self) -> None:
        self.get()

    def _not_found(self) -> None:
        page = resolve_request(self.state.site_dir, "/", "/404.html")
        if isinstance(page, Path):
            self._send(page, 404)
        else:
            self.set_status(404)
            self.finish(decorate_html(b"<h1>404 Not Found</h1>", self.state.errors))

    def _send(self, path: Path, status: int) -> None:
        try:
            body = path.read_bytes()
        except OSError:  # swapped away by a rebuild between resolve and read
            body, status, path = b"<h1>404 Not Found</h1>", 404, Path("404.html")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind == "text/html":
            body = decorate_html(body, self.state.errors)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", kind)
        # A preview must never show a stale page; an asset's URL names its content (?v=hash),
        # so a reload need not fetch it again until it changes. (A search shard's v names only
        # the article numbering, not its content: never cached.)
        asset = self.request.path.startswith(f"{self.state.base_path}assets/")
        versioned = status == 200 and asset and self.get_query_argument("v", None) is not None
        self.set_header("Cache-Control", "max-age=31536000, immutable" if versioned else "no-store")
        self.finish(body)


class LiveReloadSocket(tornado.websocket.WebSocketHandler):
    """The livereload protocol: answer the client's hello, later tell it to reload."""

    def initialize(self, state: PreviewState) -> None:
        self.state = state

    def open(self) -> None:
        self.state.clients.add(self)

    def on_message(self, message: str | bytes) -> None:
        try:
            command = json.loads(message).get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello":
            self.write_message({"command": "hello", "protocols": LIVERELOAD_PROTOCOLS,
                                "serverName": "site-builder"})

    def on_close(self) -> None:
        self.state.clients.discard(self)


class LiveReloadScript(tornado.web.RequestHandler):
    """Serve livereload.js from the livereload package."""

    def get(self) -> None:
        import livereload

        script = Path(livereload.__file__).parent / "vendors" / "livereload.js"
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "max-age=3600")  # the same for the life of the server
        self.finish(script.read_bytes())


def bind(host: str, port: int) -> list[socket.socket]:
    """Bind the preview's address now, so the real port (port 0: any free one) is known."""
    import tornado.netutil

    return tornado.netutil.bind_sockets(port, address=host)


class PreviewServer:
    """Tornado on a background thread; the other threads talk to it through reload()."""

    def __init__(self, state: PreviewState, sockets: list[socket.socket]) -> None:
        self.state, self.sockets = state, sockets
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="preview-http", daemon=True)

    def start(self) -> None:
        """Start serving on the bound sockets."""
        ready = threading.Event()
        self._ready = ready
        self._thread.start()
        ready.wait()

    def reload(self) -> None:
        """Tell every open page to reload (safe to call from any thread)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._send_reload)

    def stop(self) -> None:
        """Stop serving and wait for the HTTP thread to finish."""
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=5)

    def _send_reload(self) -> None:
        message = {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
        for client in list(self.state.clients):
            try:
                client.write_message(message)
            except tornado.websocket.WebSocketClosedError:
                self.state.clients.discard(client)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        app = tornado.web.Application([
            (r"/livereload", LiveReloadSocket, {"state": self.state}),
            (r"/livereload\.js", LiveReloadScript),
            (r".*", SiteHandler, {"state": self.state}),
        ], log_function=_quiet)
        server = tornado.httpserver.HTTPServer(app)
        server.add_sockets(self.sockets)
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        server.stop()
        for client in list(self.state.clients):
            client.close()
        await server.close_all_connections()


def _quiet(handler: tornado.web.RequestHandler) -> None:
    """Log requests at debug level only: the terminal is for build messages."""
    log.debug("%d %s %s", handler.get_status(), handler.request.method, handler.request.uri)
