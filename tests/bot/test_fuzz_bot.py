"""Property-based tests (Hypothesis) of the REST and socket.io channels of the trained bot:
generated payloads (types, sizes, encodings, nesting, metadata) never get a 5xx, a text
message never gets a silent turn, and Rasa's log has no traceback afterwards. The channel
code alone, with many more cases: tests/unit/addons/test_fuzz_channels.py."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tools.servers import BotServers

socketio = pytest.importorskip("socketio")

pytestmark = pytest.mark.bot
CASES = {"rest": 0, "socketio": 0}

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(max_size=30)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10)
messages = st.one_of(
    st.text(max_size=300),  # any Unicode, control characters and all
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі ?!", max_size=80),
    st.sampled_from(["how many ombudsmen attended?", "мені үйде ұрады", "/restart", "/lang kk", "/start",
                     '/ask_module{"module": "2"}', "<b>hi</b>", "🙂" * 50, "a" * 2500, "\ud800 hi"]),
    values)
senders = st.one_of(st.text(min_size=1, max_size=140), st.integers(), values)
metadata = st.one_of(st.none(), values, st.fixed_dictionaries({"language": st.sampled_from(["en", "ru", "kk", "de", 5])}))
bodies = st.fixed_dictionaries({"sender": senders, "message": messages}, optional={"metadata": metadata})
raw_bodies = st.one_of(
    bodies.map(lambda b: json.dumps(b).encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
    st.integers(min_value=1, max_value=3000).map(lambda n: b'{"sender": "d", "message": "x", "metadata": '
                                                 + b"[" * n + b"]" * n + b"}"),
)


@pytest.fixture(scope="module")
def bot():
    with BotServers() as servers:
        yield servers


def is_text_message(raw: bytes) -> bool:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return False
    sender = body.get("sender") if isinstance(body, dict) else None
    return (isinstance(body, dict) and isinstance(body.get("message"), str)
            and isinstance(sender, (str, int)) and not isinstance(sender, bool) and len(str(sender).strip()) > 0
            and len(str(sender)) <= 128 and (body.get("metadata") is None or isinstance(body["metadata"], dict))
            and not body["message"].startswith(("/restart", "/session_start", "/back")))


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(raw_bodies)
def test_rest_never_5xx_never_silent(bot, raw):
    CASES["rest"] += 1
    status, reply = bot.post(raw)
    assert status in (200, 400, 413), (status, reply, raw[:200])
    if is_text_message(raw):
        assert status == 200 and reply and all(isinstance(r, dict) for r in reply), (reply, raw[:200])
        assert any(r.get("text") or r.get("buttons") or r.get("custom") for r in reply), (reply, raw[:200])
    elif status == 400:
        assert isinstance(reply, dict) and reply.get("error"), reply


class SocketClient:
    """One socket.io client (polling) in a thread with its own event loop."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.client = socketio.AsyncClient(reconnection=False)
        self.uttered: asyncio.Queue = asyncio.Queue()
        self.session = uuid.uuid4().hex
        self.run(self._connect(url))

    def run(self, coro, timeout: float = 90):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _connect(self, url: str) -> None:
        confirmed: asyncio.Queue = asyncio.Queue()
        self.client.on("session_confirm", lambda data: confirmed.put_nowait(data))
        self.client.on("bot_uttered", lambda data: self.uttered.put_nowait(data))
        await self.client.connect(url, transports=["polling"], socketio_path="socket.io")
        await self.client.emit("session_request", {"session_id": self.session})
        await asyncio.wait_for(confirmed.get(), 30)

    async def _send(self, data) -> list:
        await self.client.emit("user_uttered", data)
        got = [await asyncio.wait_for(self.uttered.get(), 30)]
        while True:  # the rest of this turn's events; quiet for 1 s: the turn is over
            try:
                got.append(await asyncio.wait_for(self.uttered.get(), 1.0))
            except asyncio.TimeoutError:
                return got

    def send(self, data) -> list:
        return self.run(self._send(data))

    def close(self) -> None:
        self.run(self.client.eio.disconnect(abort=True))
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture(scope="module")
def sio(bot):
    client = SocketClient(bot.url)
    yield client
    client.close()


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(messages.map(lambda m: {"message": m}),
                 st.fixed_dictionaries({"message": messages}, optional={"metadata": metadata, "customData": values}),
                 values))
@example(None)  # an event with no data at all: the handler was called without it (found in session 9)
def test_socketio_never_silent(sio, data):
    CASES["socketio"] += 1
    if isinstance(data, dict) and "session_id" not in data:
        data = {**data, "session_id": sio.session}
    if isinstance(data, dict) and isinstance(data.get("message"), str) and \
            data["message"].startswith(("/restart", "/session_start", "/back")):
        data = {**data, "message": "x" + data["message"]}  # Rasa's own silent commands aside
    replies = sio.send(data)  # raises (no reply in 30 s) on a silent turn
    assert replies and all(isinstance(r, dict) for r in replies), (data, replies)


def test_no_traceback_in_the_logs(bot):
    print(json.dumps({"fuzz_cases": CASES}))
    for name in ("rasa", "actions"):
        log = bot.log(name)
        assert "Traceback" not in log and "Exception" not in log, log[-3000:]
