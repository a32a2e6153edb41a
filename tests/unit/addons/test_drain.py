"""addons/channels/drain.py: with DRAIN_SECONDS > 0, SIGTERM makes a real Sanic server answer
every new request (the health check too) with the 503 HAProxy resends elsewhere, finish the ones
in progress, then stop; a second SIGTERM stops at once; DRAIN_SECONDS=0 keeps Sanic's own stop."""

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest

from addons.channels import drain
from tests.conftest import ROOT

SERVER = textwrap.dedent("""
    import asyncio, sys
    from sanic import Blueprint, Sanic, response
    from addons.channels import drain

    app = Sanic("drain_test")
    bp = Blueprint("bp")

    @bp.route("/slow", methods=["POST"])
    async def slow(request):
        await asyncio.sleep(1.5)
        return response.json({"done": True})

    @app.route("/")
    async def health(request):
        return response.text("ok")

    drain.install(bp)
    drain.install(bp)  # a second channel: still one drain
    app.blueprint(bp)
    app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False)
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url: str, data: bytes = None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture
def server():
    started = []

    def start(seconds: str):
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DRAIN_SECONDS": seconds}
        proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env, cwd=str(ROOT),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(url + "/")[0] == 200:
                    return proc, url
            except OSError:
                time.sleep(0.1)
        raise AssertionError(proc.stderr.read().decode() if proc.poll() is not None else "no start")

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def in_flight(url: str):
    result = {}
    thread = threading.Thread(target=lambda: result.update(answer=request(url + "/slow", b"{}")))
    thread.start()
    time.sleep(0.3)  # the request is in progress
    return thread, result


def test_sigterm_drains_then_stops(server):
    proc, url = server("3")
    thread, result = in_flight(url)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    status, body = request(url + "/")
    assert status == 503 and json.loads(body) == drain.REFUSAL  # the health check fails
    status, body = request(url + "/slow", b"{}")
    assert status == 503 and json.loads(body) == drain.REFUSAL  # a new message is refused, unread
    thread.join(10)
    assert result["answer"] == (200, '{"done":true}')  # the one in progress is answered
    assert proc.poll() is None  # still draining
    proc.wait(15)
    assert time.monotonic() - sent >= 2.5


def raw_post(sock: socket.socket) -> str:
    """A POST /slow on an open socket; the head of the answer (status line and headers)."""
    sock.sendall(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 2\r\n\r\n{}")
    sock.settimeout(10)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n\r\n")[0].decode().lower()


def test_a_message_on_a_connection_open_before_the_signal_is_answered(server):
    """The client had connected (its message not yet read, as when Rasa is busy): it is served,
    and the connection closes after the answer; a connection opened after the signal is new."""
    proc, url = server("3")
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as old:
        time.sleep(0.3)  # accepted by the server
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        with socket.create_connection(("127.0.0.1", port)) as new:
            assert raw_post(new).startswith("http/1.1 503")
        head = raw_post(old)
        assert head.startswith("http/1.1 200") and "connection: close" in head
    proc.wait(15)


def test_a_second_sigterm_stops_at_once(server):
    proc, url = server("30")
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    assert request(url + "/")[0] == 503
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(15)
    assert time.monotonic() - sent < 10


def test_without_drain_sanic_stops_as_before(server):
    proc, url = server("0")
    thread, result = in_flight(url)
    proc.send_signal(signal.SIGTERM)
    thread.join(10)
    assert result["answer"][0] == 200  # graceful: the request in progress is answered
    proc.wait(15)
    with pytest.raises(OSError):  # no drain: nothing listens any more
        request(url + "/")


class FakeLoop:
    def __init__(self):
        self.timers = []

    def call_later(self, delay, callback):
        timer = SimpleNamespace(delay=delay, callback=callback, cancelled=False)
        timer.cancel = lambda: setattr(timer, "cancelled", True)
        self.timers.append(timer)
        return timer


def test_the_drain_refuses_only_after_the_signal():
    stops, loop = [], FakeLoop()
    d = drain.Drain(4.0, lambda: stops.append(1), loop)
    assert d.refusal(object()) is None
    d.begin()
    refused = d.refusal(object())
    assert refused.status == 503 and json.loads(refused.body) == drain.REFUSAL
    assert [t.delay for t in loop.timers] == [4.0] and stops == []
    loop.timers[0].callback()
    assert stops == [1]


def test_only_connections_open_at_the_signal_are_served():
    open_, loop = set(), FakeLoop()
    d = drain.Drain(4.0, lambda: None, loop)
    first, second, later = (type("Connection", (), {"connections": open_})() for _ in range(3))
    open_ |= {first, second}
    assert d.refusal(SimpleNamespace(protocol=first)) is None  # the server's set, learnt
    d.begin()
    open_.add(later)
    assert d.refusal(SimpleNamespace(protocol=second)) is None
    assert d.refusal(SimpleNamespace(protocol=later)).status == 503


def test_answers_given_while_draining_close_their_connection():
    d = drain.Drain(4.0, lambda: None, FakeLoop())
    before, during = (SimpleNamespace(stream=SimpleNamespace(keep_alive=True)) for _ in range(2))
    d.closing(before, None)
    d.begin()
    d.closing(during, None)
    assert before.stream.keep_alive and not during.stream.keep_alive


def test_a_second_signal_cancels_the_timer_and_stops():
    stops, loop = [], FakeLoop()
    d = drain.Drain(4.0, lambda: stops.append(1), loop)
    d.begin()
    d.begin()
    assert loop.timers[0].cancelled and stops == [1]


@pytest.mark.parametrize("value,seconds", [(None, 0.0), ("4", 4.0), ("0.5", 0.5), ("-2", 0.0), ("x", 0.0)])
def test_drain_seconds_from_the_environment(value, seconds):
    assert drain.drain_seconds({} if value is None else {"DRAIN_SECONDS": value}) == seconds
