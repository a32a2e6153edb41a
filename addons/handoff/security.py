"""The console's defences (docs/handoff.md): the session cookie, the CSRF check, POST bodies,
rate limits, response headers. No message text is ever logged here."""

from __future__ import annotations

import asyncio
import hmac
import json
import os
from typing import Any, Callable, Optional, Tuple

from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.handoff.limits import Limit
from core.handoff.store import HandoffStore
from core.handoff.tables import SESSION_MAX, Session

COOKIE = "cs_console"
COOKIE_PATH = "/webhooks/console"
CSRF_HEADER = "X-CSRF-Token"
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
    "Cache-Control": "no-store", "Cross-Origin-Opener-Policy": "same-origin",
}
LOGIN_LIMIT = Limit(int(os.environ.get("HANDOFF_LOGIN_LIMIT", 10)), 300.0)  # sign-in attempts per address
API_LIMIT = Limit(int(os.environ.get("HANDOFF_API_LIMIT", 300)), 60.0)     # requests per session
REPLY_LIMIT = Limit(int(os.environ.get("HANDOFF_REPLY_LIMIT", 30)), 60.0)  # replies per session


async def db(fn: Callable[..., Any], *args: Any) -> Any:
    """A store call off the event loop (scrypt and the database must not stall the bot)."""
    return await asyncio.get_running_loop().run_in_executor(None, lambda: fn(*args))


def address(request: Request) -> str:
    return str(request.remote_addr or request.ip or "-")


def error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def post_problem(request: Request) -> Optional[HTTPResponse]:
    """A POST must be a JSON object (so no cross-site HTML form can send one) and, when the
    browser names an Origin, come from this very host."""
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/").split("://", 1)[-1] != request.host:
        return error(403, "cross-origin request refused")
    if not (request.content_type or "").startswith("application/json"):
        return error(415, "the body must be JSON")
    try:
        body = json.loads(request.body or b"")
    except (ValueError, RecursionError):
        return error(400, "the body must be JSON")
    return None if isinstance(body, dict) else error(400, "the body must be a JSON object")


def set_cookie(request: Request, resp: HTTPResponse, token: str) -> None:
    resp.cookies[COOKIE] = token
    cookie = resp.cookies[COOKIE]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = COOKIE_PATH
    cookie["max-age"] = int(SESSION_MAX)
    if request.scheme == "https" or os.environ.get("HANDOFF_COOKIE_SECURE") == "1":
        cookie["secure"] = True


def clear_cookie(resp: HTTPResponse) -> None:
    resp.cookies[COOKIE] = ""
    resp.cookies[COOKIE]["max-age"] = 0
    resp.cookies[COOKIE]["path"] = COOKIE_PATH


async def authorised(store: HandoffStore, request: Request,
                     post: bool = False) -> Tuple[Optional[Session], Optional[HTTPResponse]]:
    """(the session, None), or (maybe the session, the refusal): no or unknown cookie 401, too
    many requests 429, a POST without the session's CSRF token 403."""
    session = await db(store.session, request.cookies.get(COOKIE))
    if session is None:
        return None, error(401, "sign in first")
    if not API_LIMIT.allow(session.token_hash):
        return session, error(429, "too many requests")
    if post:
        bad = post_problem(request)
        if bad:
            return session, bad
        token = request.headers.get(CSRF_HEADER) or ""
        if not hmac.compare_digest(token.encode(), session.csrf.encode()):
            await db(store.record, session.counsellor.username, "csrf_refused", None, address(request))
            return session, error(403, "missing or wrong CSRF token")
    return session, None
