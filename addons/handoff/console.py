"""The counsellor console: a Rasa input channel that serves the console page (web/console/) and
its JSON API at /webhooks/console/ on every Rasa instance (same origin as the widget's server,
no CDN). It never passes a message to Rasa; it appends to conversations (conversation.py).

credentials.yml::

    addons.handoff.console.ConsoleInput:

Security (security.py, docs/handoff.md): every API call but sign-in needs the session cookie
(HttpOnly, SameSite=Strict, path /webhooks/console, Secure behind HTTPS or with
HANDOFF_COOKIE_SECURE=1; 256-bit random, only its SHA-256 stored, expiring when idle and after
12 h at most); every POST needs the session's CSRF token in X-CSRF-Token, a JSON body and no
foreign Origin; a counsellor reads and writes only the conversations they took (api.py);
sign-in is limited per address and an account locks after repeated failures; the page has a
strict Content-Security-Policy. Every read and action goes to the audit log (who, which
conversation, when; never text). No message text is logged.

API: POST api/login {username, password} -> {me, csrf} + cookie; POST api/logout; GET
api/state[?open=<id>&after=<n>] -> {me, csrf, on_duty_count, queue, mine, conversation?};
POST api/duty {on}; POST api/take|reply|handback|close {id[, text]}.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.handoff import conversation as conv
from addons.handoff import fanout
from addons.handoff import security as sec
from addons.handoff.api import ConsoleApi, me_of

logger = logging.getLogger(__name__)

PAGE_DIR = Path(__file__).resolve().parent.parent.parent / "web" / "console"
STATIC = {"": ("index.html", "text/html; charset=utf-8"), "console.js": ("console.js", "text/javascript; charset=utf-8"),
          "console.css": ("console.css", "text/css; charset=utf-8")}


def _plain(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """A plain function around a bound method (Sanic sets attributes on its handlers)."""
    async def handler(*args: Any, **kwargs: Any) -> Any:
        return await method(*args, **kwargs)
    return handler


class ConsoleInput(InputChannel):
    """The console (see the module's docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "console"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        self.api = ConsoleApi()
        self._files: Dict[str, bytes] = {}
        self._sweeper: Optional[asyncio.Task[None]] = None

    def _static(self, name: str) -> HTTPResponse:
        filename, kind = STATIC[name]
        if filename not in self._files:
            self._files[filename] = (PAGE_DIR / filename).read_bytes()
        return response.raw(self._files[filename], content_type=kind)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("handoff_console", __name__)
        bp.middleware("response")(_plain(self._headers))
        bp.route("/", methods=["GET"])(_plain(self._page))
        bp.route("/<name:(console\\.js|console\\.css)>", methods=["GET"])(_plain(self._asset))
        bp.route("/api/login", methods=["POST"])(_plain(self._login))
        bp.route("/api/logout", methods=["POST"])(_plain(self._logout))
        bp.route("/api/state", methods=["GET"])(_plain(self._state))
        bp.route("/api/duty", methods=["POST"])(_plain(self._duty))
        bp.route("/api/<verb:(take|reply|handback|close)>", methods=["POST"])(_plain(self._act))
        bp.listener("after_server_start")(_plain(self._started))
        bp.listener("before_server_stop")(_plain(self._stopping))
        return bp

    # -- routes -----------------------------------------------------------------------------------
    @staticmethod
    async def _headers(request: Request, resp: HTTPResponse) -> None:
        for key, value in sec.HEADERS.items():
            resp.headers.setdefault(key, value)

    async def _page(self, request: Request) -> HTTPResponse:
        return self._static("")

    async def _asset(self, request: Request, name: str) -> HTTPResponse:
        return self._static(name)

    async def _login(self, request: Request) -> HTTPResponse:
        bad = sec.post_problem(request)
        if bad:
            return bad
        if not sec.LOGIN_LIMIT.allow(sec.address(request)):
            return sec.error(429, "too many sign-in attempts: wait a few minutes")
        username, password = request.json.get("username"), request.json.get("password")
        if not isinstance(username, str) or not isinstance(password, str) or len(password) > 1024:
            return sec.error(400, "username and password are needed")
        store, who = self.api.store, username.strip().lower()[:64]
        token, outcome = await sec.db(store.login, who, password)
        if token is None:
            await self.api.audit(who, "login_locked" if outcome == "locked" else "login_failed", None, request)
            if outcome == "locked":
                return sec.error(423, "this account is locked after repeated failures: try again later")
            return sec.error(401, "wrong username or password")
        await self.api.audit(who, "login", None, request)
        resp = response.json(me_of(await sec.db(store.session, token)))
        sec.set_cookie(request, resp, token)
        return resp

    async def _logout(self, request: Request) -> HTTPResponse:
        session, bad = await sec.authorised(self.api.store, request, post=True)
        if bad or session is None:
            return bad or sec.error(401, "sign in first")
        await sec.db(self.api.store.logout, request.cookies.get(sec.COOKIE))
        await self.api.audit(session.counsellor.username, "logout", None, request)
        resp = response.json({"ok": True})
        sec.clear_cookie(resp)
        return resp

    async def _state(self, request: Request) -> HTTPResponse:
        session, bad = await sec.authorised(self.api.store, request)
        if bad or session is None:
            return bad or sec.error(401, "sign in first")
        return response.json(await self.api.state(request, session))

    async def _duty(self, request: Request) -> HTTPResponse:
        session, bad = await sec.authorised(self.api.store, request, post=True)
        if bad or session is None:
            return bad or sec.error(401, "sign in first")
        return await self.api.duty(request, session)

    async def _act(self, request: Request, verb: str) -> HTTPResponse:
        session, bad = await sec.authorised(self.api.store, request, post=True)
        if bad or session is None:
            return bad or sec.error(401, "sign in first")
        return await self.api.act(request, session, verb)

    # -- background: fan-out of socket messages, and telling waiting children nobody is on duty ----
    async def _started(self, app: Sanic, _loop: Any) -> None:
        async def emit(room: str, payload: Dict[str, Any]) -> None:
            await conv.emit_locally(app, room, payload)

        try:
            await fanout.start(emit)
        except Exception as e:  # Redis away: this instance still serves its own sockets
            logger.error("Handoff fan-out through Redis not started (%s)", type(e).__name__)
        self._sweeper = asyncio.get_running_loop().create_task(self.api.sweep_forever(app))

    async def _stopping(self, app: Sanic, _loop: Any) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        await fanout.stop()
