"""Fixtures for the browser tests of the web widget (web/).

A session-scoped fixture starts the trained bot with tools.servers.BotServers (action server
and Rasa on free loopback ports, temporary tracker store), here with the REST channel and
addons.channels.socketio.SocketIOInput and CORS for the demo page's origin, plus a static server for
web/ that points the demo page's data-server at that Rasa. Everything is stopped at the end.

Environment:
  E2E_CHROMIUM  Chromium binary (default /usr/bin/chromium).
  E2E_METRICS   if set, a JSON file the measurements are written to.

Nothing here reaches any host but 127.0.0.1: Rasa telemetry is off, the browser runs with
background networking disabled, and every browser context has a route guard that aborts (and
records) any request to another host; a test fails if one was made.
"""
import html
import http.server
import json
import os
import re
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from tools.servers import MODEL, BotServers

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "web"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SOCKETIO_CREDENTIALS = (
    "rest:\n"
    "addons.channels.socketio.SocketIOInput:\n"
    "  user_message_evt: user_uttered\n"
    "  bot_message_evt: bot_uttered\n"
    "  session_persistence: true\n"
)

METRICS: dict = {}


def pytest_sessionfinish(session, exitstatus):
    if METRICS:
        print("\nwidget metrics: " + json.dumps(METRICS, sort_keys=True))
        out = os.environ.get("E2E_METRICS")
        if out:
            Path(out).write_text(json.dumps(METRICS, indent=2, sort_keys=True) + "\n")


@pytest.fixture(scope="session")
def metrics():
    return METRICS


# --------------------------------------------------------------------------- servers
class DemoHandler(http.server.SimpleHTTPRequestHandler):
    """Serves web/. For index.html, points data-server at the test Rasa and turns query
    parameters ``x-NAME=VALUE`` into ``data-NAME="VALUE"`` on the widget's script tag (in place
    of the page's own ``data-NAME``, if it has one); ``no-NAME`` drops ``data-NAME``."""

    rasa_url = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(WEB), **kwargs)

    def log_message(self, *args):  # keep test output quiet
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        if parsed.path in ("/", "/index.html"):
            return self._index(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        if parsed.path == "/exit-target.html":
            return self._send(b"<!doctype html><html lang=en><title>Weather</title><p>Sunny.</p>")
        return super().do_GET()

    def _index(self, params):
        page = (WEB / "index.html").read_text(encoding="utf-8")
        page = page.replace('data-server="http://127.0.0.1:5005"', f'data-server="{self.rasa_url}"')
        for k, _ in params:
            if re.fullmatch(r"(x|no)-[a-z-]+", k):
                name = k.split("-", 1)[1]
                page = re.sub(rf'\s+data-{re.escape(name)}="[^"]*"', "", page)
        extra = "".join(
            f' data-{html.escape(k[2:])}="{html.escape(v)}"'
            for k, v in params
            if re.fullmatch(r"x-[a-z-]+", k)
        )
        page = page.replace('<script src="widget.js"', '<script src="widget.js"' + extra, 1)
        self._send(page.encode("utf-8"))

    def _send(self, body: bytes):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Stack:
    """The bot (BotServers) plus the static server for the demo page."""

    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DemoHandler)
        self.web_port = self.httpd.server_address[1]
        self.web_url = f"http://127.0.0.1:{self.web_port}"
        self.bot = None

    def __enter__(self):
        bot = BotServers(extra_args=["--cors", self.web_url])
        (bot.dir / "credentials.yml").write_text(SOCKETIO_CREDENTIALS)
        bot.credentials = str(bot.dir / "credentials.yml")
        self.bot = bot.__enter__()
        self.rasa_url = bot.url
        self.rasa_port = bot.rasa_port
        self.httpd.RequestHandlerClass = type("Handler", (DemoHandler,), {"rasa_url": bot.url})
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.bot:
            self.bot.__exit__(*exc)


@pytest.fixture(scope="session")
def stack():
    if not MODEL.exists():
        pytest.skip(f"no trained model at {MODEL} (run `make train` first)")
    t = time.monotonic()
    with Stack() as s:
        METRICS["stack_startup_s"] = round(time.monotonic() - t, 1)
        yield s


# --------------------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)")
    pw = sync_api.sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


def _host(url: str) -> str:
    return (urllib.parse.urlsplit(url).hostname or "").lower()


def is_loopback(url: str) -> bool:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    host = _host(url)
    return host in LOOPBACK or host.startswith("127.")


class Guard:
    """Records every request; aborts (and records) those to non-loopback hosts."""

    def __init__(self):
        self.requests = []
        self.blocked = []
        self.websockets = []
        self.expected_blocked = []

    def route(self, route):
        url = route.request.url
        self.requests.append(url)
        if is_loopback(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def check(self):
        assert self.blocked == self.expected_blocked, f"requests to other hosts: {self.blocked}"
        foreign = [u for u in self.websockets if not is_loopback(u)]
        assert not foreign, f"websockets to other hosts: {foreign}"


@pytest.fixture
def guard():
    return Guard()


def new_context(browser, guard, **kwargs):
    opts = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US",
            "service_workers": "block"}
    opts.update(kwargs)
    ctx = browser.new_context(**opts)
    ctx.set_default_timeout(15000)
    ctx.route("**/*", guard.route)
    # WebSockets are not routed (proxying them through Playwright would change what is
    # tested); every one opened is recorded and checked at teardown.
    ctx.on("page", lambda p: p.on("websocket", lambda ws: guard.websockets.append(ws.url)))
    return ctx


@pytest.fixture
def context(browser, guard):
    ctx = new_context(browser, guard)
    yield ctx
    ctx.close()
    guard.check()


class Dialogs:
    def __init__(self):
        self.seen = []

    def __call__(self, dialog):
        self.seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def dialogs():
    return Dialogs()


@pytest.fixture
def page(context, dialogs):
    p = context.new_page()
    p.on("dialog", dialogs)
    p.on("pageerror", lambda e: PAGE_ERRORS.append(str(e)))
    yield p
    assert not dialogs.seen, f"unexpected dialogs: {dialogs.seen}"


PAGE_ERRORS: list = []


@pytest.fixture(autouse=True)
def _no_page_errors():
    PAGE_ERRORS.clear()
    yield
    assert not PAGE_ERRORS, f"JavaScript errors on the page: {PAGE_ERRORS}"
