"""A Sanic app with only the counsellor console, on a free loopback port in a thread of its own,
with Rasa's in-memory tracker and lock stores and the project's domain (no trained model): the
console's API can be attacked and driven over real HTTP in milliseconds."""

from __future__ import annotations

import asyncio
import http.cookiejar
import itertools
import json
import threading
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional, Tuple

from rasa.core.lock_store import InMemoryLockStore
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from sanic import Sanic

from addons.handoff.console import ConsoleInput
from core.handoff.store import HandoffStore
from tests.conftest import ROOT
from tools.servers import free_port

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
_names = itertools.count()


class FakeSio:
    def __init__(self) -> None:
        self.emitted: List[Tuple[str, Dict[str, Any], str]] = []

    async def emit(self, event: str, data: Dict[str, Any], room: str = "", namespace: Any = None) -> None:
        self.emitted.append((event, data, room))


class FakeSocketChannel:
    bot_message_evt, namespace = "bot_uttered", None

    def __init__(self) -> None:
        self.sio = FakeSio()

    @staticmethod
    def name() -> str:
        return "socketio"


class Processor:
    def __init__(self, store: InMemoryTrackerStore) -> None:
        self.tracker_store = store
        self.nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)

    async def get_tracker(self, sender_id: str) -> Any:
        return await self.tracker_store.get_or_create_tracker(sender_id)

    async def save_tracker(self, tracker: Any) -> None:
        await self.tracker_store.save(tracker)


class Agent:
    def __init__(self) -> None:
        self.tracker_store = InMemoryTrackerStore(DOMAIN)
        self.lock_store = InMemoryLockStore()
        self.processor = Processor(self.tracker_store)


class Console:
    """The console running; `client()` is a browser-like HTTP client with its own cookies."""

    def __init__(self, store: HandoffStore) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/webhooks/console"
        self.app = Sanic(f"handoff_test_{next(_names)}", configure_logging=False)
        self.agent = Agent()
        self.socket = FakeSocketChannel()
        self.channel = ConsoleInput()
        self.reset(store)
        self.app.ctx.input_channels = [self.channel, self.socket]

        async def nothing(message: Any) -> None:
            return None

        self.app.blueprint(self.channel.blueprint(nothing), url_prefix="/webhooks/console")
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def reset(self, store: HandoffStore) -> None:
        """A new handoff store and new Rasa stores, for the next test (one app per process:
        Sanic 21.12 cannot start a second one)."""
        self.store = store
        self.channel.api._store = store
        self.channel.api._reads.clear()
        self.agent = Agent()
        self.app.ctx.agent = self.agent
        self.socket.sio.emitted.clear()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def main() -> None:
            srv = await self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True)
            await srv.startup()
            await srv.after_start()
            self._ready.set()
            await srv.serve_forever()

        try:
            self.loop.run_until_complete(main())
        except Exception as e:  # shown by the failing test
            self.error = e
            import traceback
            traceback.print_exc()

    def __enter__(self) -> Console:
        self.thread.start()
        assert self._ready.wait(20), "the console did not start"
        Sanic._app_registry.pop(self.app.name, None)  # other tests' Sanic.get_app() must not find it
        return self

    def __exit__(self, *exc: Any) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def child_asks(self, sender: str, language: str = "en", channel: str = "socketio") -> str:
        """A conversation (a few events) that asked for a person; returns the handoff id."""
        async def add() -> None:
            tracker = await self.agent.tracker_store.get_or_create_tracker(sender)
            tracker.update(SlotSet("language", language))
            tracker.update(UserUttered("<b>hi</b><script>alert(1)</script>", {"name": "greet"},
                                       input_channel=channel))
            await self.agent.tracker_store.save(tracker)
        self.run(add())
        return self.store.enqueue(sender, channel, language, "child").id

    def child_says(self, sender: str, text: str, intent: str = "nlu_fallback") -> None:
        async def add() -> None:
            tracker = await self.agent.tracker_store.retrieve(sender)
            tracker.update(UserUttered(text, {"name": intent}, input_channel="socketio"))
            await self.agent.tracker_store.save(tracker)
        self.run(add())

    def tracker(self, sender: str) -> Any:
        return self.run(self.agent.tracker_store.retrieve(sender))

    def client(self) -> Client:
        return Client(self.url)


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = ""

    def request(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None,
                csrf: bool = True, raw: Optional[bytes] = None) -> Tuple[int, Any, Any]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Content-Type": "application/json"} if data is not None else {}
        if method == "POST" and csrf and self.csrf:
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with self.opener.open(req, timeout=20) as r:
                status, raw_body, resp_headers = r.status, r.read(), r.headers
        except urllib.error.HTTPError as e:
            status, raw_body, resp_headers = e.code, e.read(), e.headers
        try:
            parsed = json.loads(raw_body)
        except ValueError:
            parsed = raw_body.decode("utf-8", "replace")
        return status, parsed, resp_headers

    def login(self, username: str, password: str) -> int:
        status, body, _ = self.request("POST", "/api/login", {"username": username, "password": password})
        if status == 200:
            self.csrf = body["csrf"]
        return status

    def post(self, path: str, body: Any) -> Tuple[int, Any]:
        status, parsed, _ = self.request("POST", path, body)
        return status, parsed

    def get(self, path: str) -> Tuple[int, Any]:
        status, parsed, _ = self.request("GET", path)
        return status, parsed
