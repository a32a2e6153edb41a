"""A fake Telegram Bot API on 127.0.0.1, for tests and trials without Telegram.

Point the bot at it with ``TELEGRAM_API_URL=http://127.0.0.1:PORT`` (aiogram then calls
``PORT/bot<token>/<method>``). It answers as https://core.telegram.org/bots/api documents
(``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description": ...}``)
and records every call: method and parameters (JSON, form or query string; JSON-valued ones
such as ``reply_markup`` decoded), for tests to read with ``calls()`` and ``sent()``.

Covered: ``getMe`` (the bot's User; id = the digits of the token before ':'); ``setWebhook``
(secret_token checked for Telegram's characters), ``deleteWebhook``;
``sendMessage`` (a Message; refused with 400 as by Telegram: no chat_id, empty text, text over
4096 UTF-16 units, unknown parse_mode, an inline button without exactly one action or with
callback_data outside 1-64 bytes); ``answerCallbackQuery``, ``deleteMessage``,
``sendChatAction``, ``setMyCommands``, ``leaveChat`` (True); ``editMessageText``,
``editMessageReplyMarkup``, ``sendPhoto``/``Document``/``Sticker``/``Voice``/... (a Message, no
file checked). Any other method: 404 "Not Found"; a wrong token: 401 "Unauthorized", as the
real API. Telegram's side of the webhook: ``deliver(update)`` POSTs an update to the URL set
with setWebhook, with its ``X-Telegram-Bot-Api-Secret-Token`` header. ``fail(method, ...)``
makes the next calls of a method fail (403 "bot was blocked by the user", 429 retry_after...).

Not covered: getUpdates (long polling), file upload/download, inline mode, payments, games,
media groups, formatting (a parse_mode's markup is not parsed), real rate limits, HTTPS (an
http:// webhook is accepted), message ids per chat (one counter for all).

    python -m tools.fake_telegram --port 8081   # serve; print each call as a JSON line
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple

JSON_PARAMS = ("reply_markup", "allowed_updates", "entities", "caption_entities", "commands", "media",
               "link_preview_options", "reply_parameters")
TRUE_METHODS = {"setwebhook", "deletewebhook", "answercallbackquery", "deletemessage", "sendchataction",
                "setmycommands", "deletemycommands", "leavechat"}
MESSAGE_METHODS = {"sendmessage", "editmessagereplymarkup", "editmessagetext", "sendphoto", "senddocument",
                   "sendsticker", "sendvoice", "sendaudio", "sendvideo", "sendanimation", "sendlocation",
                   "sendcontact", "sendvenue", "sendvideonote"}
SECRET_CHARS = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
INLINE_ACTIONS = ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                  "switch_inline_query_current_chat", "callback_game", "pay")
Params = Dict[str, Any]


class ApiError(Exception):
    """An error answer of the API: HTTP status = error_code, and its description."""

    def __init__(self, code: int, description: str, retry_after: Optional[int] = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


def _keyboard_error(markup: Any) -> Optional[str]:
    if not isinstance(markup, dict):
        return None
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            actions = [a for a in INLINE_ACTIONS if a in button]
            if not button.get("text") or len(actions) != 1:
                return "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                return "Bad Request: BUTTON_DATA_INVALID"
    return None


def _chat(chat_id: Any) -> Dict[str, Any]:
    number = int(chat_id) if str(chat_id).lstrip("-").isdigit() else -1001  # "@channel": a channel
    kind = "private" if number > 0 else "supergroup" if str(number).startswith("-100") else "group"
    return {"id": number, "type": kind}


class FakeTelegram:
    """The fake Bot API server; use as a context manager, or start() and stop()."""

    def __init__(self, token: str = "123456789:TEST-fake-token", username: str = "child_safety_test_bot",
                 port: int = 0, verbose: bool = False) -> None:
        self.token, self.username, self.port, self.verbose = token, username, port, verbose
        self.bot_id = int(token.split(":")[0])
        self.webhook: Dict[str, Any] = {"url": ""}
        self._calls: List[Dict[str, Any]] = []
        self._failures: Dict[str, List[ApiError]] = {}
        self._lock = threading.Lock()
        self._next_id = 1000
        self._server: Optional[ThreadingHTTPServer] = None

    def start(self) -> FakeTelegram:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def user(self) -> Dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Child safety (fake)", "username": self.username}

    def calls(self, method: Optional[str] = None) -> List[Dict[str, Any]]:
        with self._lock:
            return [c for c in self._calls if method is None or c["method"].lower() == method.lower()]

    def sent(self, chat_id: Any = None) -> List[Params]:
        """The parameters of every sendMessage, to `chat_id` if given, oldest first."""
        return [c["params"] for c in self.calls("sendMessage")
                if chat_id is None or str(c["params"].get("chat_id")) == str(chat_id)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 30) -> List[Dict[str, Any]]:
        """The calls of `method` once there are `count` of them (or after `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        while len(self.calls(method)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.calls(method)

    def fail(self, method: str, code: int = 403, description: str = "Forbidden: bot was blocked by the user",
             times: int = 1, retry_after: Optional[int] = None) -> None:
        with self._lock:
            self._failures.setdefault(method.lower(), []).extend(
                ApiError(code, description, retry_after) for _ in range(times))

    def deliver(self, update: Dict[str, Any], secret: Optional[str] = None, url: Optional[str] = None,
                timeout: float = 60) -> Tuple[int, str]:
        """POST `update` to the webhook as Telegram does; (HTTP status, body) of the answer."""
        url = url or self.webhook["url"]
        secret = self.webhook.get("secret_token") if secret is None else secret
        headers = {"Content-Type": "application/json"}
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        req = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(req, timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def call(self, token: str, method: str, params: Params) -> Any:
        """The result of one API call, or ApiError; every call is recorded."""
        with self._lock:
            self._calls.append({"method": method, "params": params, "time": time.time()})
            failures = self._failures.get(method.lower())
            failure = failures.pop(0) if failures else None
        if self.verbose:
            print(json.dumps({"method": method, "params": params}, ensure_ascii=False), flush=True)
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        if failure:
            raise failure
        return self._result(method.lower(), params)

    def _result(self, name: str, params: Params) -> Any:
        if name == "getme":
            return {**self.user, "can_join_groups": True, "can_read_all_group_messages": False,
                    "supports_inline_queries": False}
        if name == "setwebhook":
            secret = params.get("secret_token")
            if secret is not None and not SECRET_CHARS.match(str(secret)):
                raise ApiError(400, "Bad Request: secret token contains unallowed characters")
            self.webhook = {"url": params.get("url", ""), "secret_token": secret,
                            "allowed_updates": params.get("allowed_updates")}
        elif name == "deletewebhook":
            self.webhook = {"url": ""}
        elif name == "sendmessage":
            self._check_message(params)
        if name in TRUE_METHODS:
            return True
        if name in MESSAGE_METHODS:
            return self._message(params)
        raise ApiError(404, "Not Found")

    @staticmethod
    def _check_message(params: Params) -> None:
        text = str(params.get("text") or "")
        if not params.get("chat_id"):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:  # Telegram counts UTF-16 units
            raise ApiError(400, "Bad Request: message is too long")
        if params.get("parse_mode") not in (None, "", "MarkdownV2", "Markdown", "HTML"):
            raise ApiError(400, "Bad Request: unsupported parse_mode")
        problem = _keyboard_error(params.get("reply_markup"))
        if problem:
            raise ApiError(400, problem)

    def _message(self, params: Params) -> Dict[str, Any]:
        with self._lock:
            self._next_id += 1
            message_id = params.get("message_id") or self._next_id
        message: Dict[str, Any] = {"message_id": int(message_id), "date": int(time.time()),
                                   "chat": _chat(params.get("chat_id")), "from": self.user}
        for key in ("text", "caption"):
            if params.get(key):
                message[key] = params[key]
        if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
            message["reply_markup"] = params["reply_markup"]
        return message


def parse_params(content_type: str, body: bytes, query: str) -> Params:
    """A call's parameters from its query string and its JSON, form or multipart body."""
    params: Params = dict(urllib.parse.parse_qsl(query))
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        params.update(json.loads(body))
    elif kind == "application/x-www-form-urlencoded":
        params.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif kind == "multipart/form-data":
        whole = email.message_from_bytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body,
                                         policy=email.policy.HTTP)
        for part in whole.iter_parts():
            name, filename = part.get_param("name", header="content-disposition"), part.get_filename()
            payload = part.get_payload(decode=True)
            text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload or "")
            params[str(name)] = f"<file {filename}>" if filename else text
    for key in JSON_PARAMS:
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params


def _handler(fake: FakeTelegram) -> type:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet: the calls are recorded instead
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            path, _, query = self.path.partition("?")
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if path == "/_fake/calls":
                return self._answer(200, fake.calls())
            m = re.match(r"^/bot([^/]+)/(\w+)$", path)
            if not m:
                return self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            try:
                params = parse_params(self.headers.get("Content-Type", ""), body, query)
                self._answer(200, {"ok": True, "result": fake.call(m.group(1), m.group(2), params)})
            except ApiError as e:
                extra = {"parameters": {"retry_after": e.retry_after}} if e.retry_after else {}
                self._answer(e.code, {"ok": False, "error_code": e.code, "description": e.description, **extra})
            except ValueError as e:
                self._answer(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {e}"})

        do_GET = do_POST = _handle

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456789:TEST-fake-token")
    args = parser.parse_args()
    with FakeTelegram(args.token, port=args.port, verbose=True) as fake:
        print(f"fake Bot API on {fake.url}, token {args.token}; GET /_fake/calls: the calls so far", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
