"""Helpers the handoff tests share (tests/bot, tests/e2e, tests/cluster): a child on the widget's
socket.io channel (python-socketio's threaded client, long polling: see DESIGN.md), a
counsellor's console client with its own cookies, and the setup of a server with the console.
docs/handoff.md."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import queue
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from tools.servers import MODEL

PASSWORD = "Correct-horse-42"
CREDENTIALS = ("addons.channels.rest.RestInput:\n"
               "addons.channels.socketio.SocketIOInput:\n  user_message_evt: user_uttered\n"
               "  bot_message_evt: bot_uttered\n  session_persistence: true\n  session_start: silent\n"
               "addons.handoff.console.ConsoleInput:\n")
TELEGRAM = "addons.channels.telegram.TelegramInput:\n"


def model() -> Path:
    """HANDOFF_TEST_MODEL (e.g. a model trained into /tmp), else models/child-safety.tar.gz."""
    return Path(os.environ.get("HANDOFF_TEST_MODEL") or MODEL)


def add_counsellors(db_url: str, *names: str) -> None:
    from core.handoff.store import HandoffStore
    s = HandoffStore(db_url)
    for name in names:
        s.add_counsellor(name.lower(), name, PASSWORD)


class Child:
    """A child in the widget: socket.io with session persistence, as web/src/transport.js."""

    def __init__(self, url: str) -> None:
        import socketio
        self.session_id = uuid.uuid4().hex
        self.received: queue.Queue[Tuple[float, Dict[str, Any]]] = queue.Queue()
        self.all: List[Dict[str, Any]] = []
        self.sio = socketio.Client(reconnection=False)
        confirmed = threading.Event()
        self.sio.on("session_confirm", lambda data: confirmed.set())
        self.sio.on("bot_uttered", self._got)
        self.sio.connect(url, transports=["polling"], socketio_path="socket.io")
        self.sio.emit("session_request", {"session_id": self.session_id})
        assert confirmed.wait(20), "no session_confirm"

    def _got(self, data: Dict[str, Any]) -> None:
        self.all.append(data)
        self.received.put((time.monotonic(), data))

    def say(self, text: str, language: Optional[str] = None) -> None:
        data: Dict[str, Any] = {"message": text, "session_id": self.session_id}
        if language:
            data["metadata"] = {"language": language}
        self.sio.emit("user_uttered", data)

    def wait(self, test: Callable[[Dict[str, Any]], bool] = lambda m: True,
             timeout: float = 30) -> Tuple[float, Dict[str, Any]]:
        """(arrival time, message) of the next message that passes `test`."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such message in {timeout}s; got {[m.get('text') for m in self.all]}")
            try:
                at, m = self.received.get(timeout=left)
            except queue.Empty:
                continue
            if test(m):
                return at, m

    def quiet(self, seconds: float) -> List[Dict[str, Any]]:
        """What arrives within `seconds`."""
        got, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                got.append(self.received.get(timeout=max(0.01, deadline - time.monotonic()))[1])
        return got

    def close(self) -> None:
        """Disconnect without waiting (a long-polling client would wait for its pending poll)."""
        threading.Thread(target=self.sio.disconnect, daemon=True).start()


def person(m: Dict[str, Any]) -> bool:
    return (m.get("metadata") or {}).get("from") == "person"


def handoff_kind(m: Dict[str, Any]) -> bool:
    return (m.get("metadata") or {}).get("kind") == "handoff"


class Counsellor:
    """A counsellor's browser: its own cookies, the CSRF token from sign-in."""

    def __init__(self, base_url: str, username: str) -> None:
        self.base = base_url.rstrip("/") + "/webhooks/console"
        self.username = username.lower()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def call(self, method: str, path: str, body: Any = None) -> Tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", "X-CSRF-Token": self.csrf} if data is not None else {}
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def sign_in(self) -> Counsellor:
        status, body = self.call("POST", "/api/login", {"username": self.username, "password": PASSWORD})
        assert status == 200, body
        self.csrf = body["csrf"]
        return self

    def duty(self, on: bool) -> None:
        assert self.call("POST", "/api/duty", {"on": on})[0] == 200

    def state(self, open_id: str = "", after: int = 0) -> Dict[str, Any]:
        status, body = self.call("GET", f"/api/state?open={open_id}&after={after}" if open_id else "/api/state")
        assert status == 200, body
        return body

    def wait_queued(self, timeout: float = 30) -> Dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            q = self.state()["queue"]
            if q:
                return q[0]
            time.sleep(0.2)
        raise AssertionError("nobody in the queue")

    def act(self, verb: str, handoff_id: str, text: Optional[str] = None) -> Tuple[int, Any]:
        body: Dict[str, Any] = {"id": handoff_id}
        if text is not None:
            body["text"] = text
        return self.call("POST", f"/api/{verb}", body)


def median(values: List[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2

