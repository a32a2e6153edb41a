"""What every channel does before and after Rasa handles a message, so that bad input gets a
clear reply and no turn is silent.

Before: the text is cleaned (control characters and broken Unicode removed), an empty message
is answered at once, a message over `max_chars` is cut there and the user is told.
After: if Rasa sent no reply at all (the action server is down, an action failed), the user
gets the `unavailable` notice, which gives the helplines. Rasa 3.6 itself only logs such a
failure and goes on without a reply.

Also: a message over the flood limit (addons/channels/flood.py) gets the `too_fast` notice
and does not reach Rasa, unless it is a crisis message; a message whose handling failed (the
tracker store or the lock store down, anything else) gets the `unavailable` notice too, and
the failure is logged in one line (no message text).

The texts are the `notices` of knowledge/knowledge.yml (core/notices.py), read by Rasa's process
itself (the action server may be the thing that is down), in the language of the message
(core/detect.py), else the widget's selected language, else the conversation's (its `language`
slot), else English. Mix `Guarded` into an input channel class before Rasa's own
(addons/channels/rest.py, socketio.py). The checks of a sender id and of metadata that every
channel shares are here too.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import unicodedata
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.lock_store import LockError
from redis.exceptions import RedisError
from sanic import Blueprint, Sanic, response
from sanic.exceptions import PayloadTooLarge
from sqlalchemy.exc import SQLAlchemyError

from addons.channels import drain
from addons.channels.flood import FloodLimiter, client_address, too_fast_notice
from addons.handoff.guard_hook import paused_turn
from addons.patches import serving  # (Rasa's server, faster, and safer in an outage: see the module)
from core import detect
from core.notices import notice

logger = logging.getLogger(__name__)

MAX_CHARS = 2000
# Failures of the stores and the network: logged in one line; anything else with its traceback.
FAULTS = (OSError, asyncio.TimeoutError, LockError, SQLAlchemyError, RedisError)
MAX_SENDER_CHARS = 128
# The largest request body read (REST), in bytes: a 2,000-character message in JSON is at most
# about 12 kB (every character escaped); a bigger body is refused with 413 before it is read.
MAX_BODY_BYTES = 64 * 1024


def kept_metadata(metadata: Any) -> Dict[Text, Any]:
    """The part of a message's metadata the assistant uses: the selected language, if valid."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return {}
    if isinstance(metadata, dict) and metadata.get("language") in detect.LANGUAGES:
        return {"language": metadata["language"]}
    return {}


def sender_error(sender: Any) -> Optional[Text]:
    """Why `sender` is not a usable conversation id, or None when it is."""
    if isinstance(sender, bool) or not isinstance(sender, (str, int)):
        return "'sender' must be a string (the conversation id)"
    if not str(sender).strip() or len(str(sender)) > MAX_SENDER_CHARS:
        return f"'sender' must be 1 to {MAX_SENDER_CHARS} characters"
    return None


def max_body_bytes(default: int = MAX_BODY_BYTES) -> int:
    """MAX_BODY_BYTES from the environment (bytes), else `default`."""
    try:
        return max(1024, int(os.environ.get("MAX_BODY_BYTES", default)))
    except ValueError:
        return default


def limit_body(bp: Blueprint, path_suffix: Text, max_bytes: int) -> None:
    """Requests whose path ends with `path_suffix` get a 413 (JSON `{"error": ...}`) when their
    body is over `max_bytes`, before it is read: Sanic reads a body whole before any middleware,
    so the limit is set right after routing (Content-Length is checked before the first byte is
    read, a chunked body after each chunk)."""

    @bp.signal("http.routing.after")
    async def set_limit(request: Any, route: Any, kwargs: Any, handler: Any) -> None:
        if request.path.endswith(path_suffix) and request.stream is not None:
            request.stream.request_max_size = min(request.stream.request_max_size, max_bytes)

    @bp.exception(PayloadTooLarge)
    async def too_large(request: Any, exception: Exception) -> response.HTTPResponse:
        return response.json({"error": f"the body is over {max_bytes} bytes"}, status=413)


async def conversation_language(sender_id: Text) -> Optional[Text]:
    """The `language` slot of this conversation, read from the tracker store of the running
    Rasa server; None when there is none (or no server, as in unit tests)."""
    try:
        agent = Sanic.get_app().ctx.agent
        tracker = await agent.tracker_store.retrieve(sender_id)
        return tracker.get_slot("language") if tracker else None
    except Exception:  # a notice must never fail because of this look-up
        return None


_MARKUP = re.compile(r"</?[A-Za-z][^<>]{0,500}>")
# What goes to Rasa as typed: a command ("/restart", "/lang kk", "/start@Bot") or an intent
# payload ("/crisis_danger", '/ask_module{"module": "2"}'); any other text is cleaned and cut.
_SILENT = re.compile(r"^/(restart|session_start|back)\b")
_PAYLOAD = re.compile(r"^/[A-Za-z_]\w{0,60}(@\w{1,64})?(\{[^\n]{0,500}\}| \w{1,20})?$")


def clean_text(text: Text) -> Text:
    """NFC-normalised text without control characters (newlines and tabs become spaces),
    without lone surrogates (from invalid \\ud800-style escapes) and without HTML tags (markup
    is not words; the widget shows the user's text as typed anyway), stripped."""
    text = _MARKUP.sub(" ", text)
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    kept = (" " if ch in "\n\r\t" else ch for ch in text
            if ch in "\n\r\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    return "".join(kept).strip()


class CountingOutput(OutputChannel):
    """Passes every reply on to the real output channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    def __getattr__(self, attr: str) -> Any:  # e.g. CollectingOutputChannel.messages
        return getattr(self.inner, attr)


async def handled(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage) -> Any:
    """Rasa's handling of `message`; a failure is logged (in one line when it is a fault of a
    store or the network) and ends the turn like a reply-less one (the guard's notice)."""
    try:
        return await on_new_message(message)
    except FAULTS as e:
        logger.error("Handling a message of %s failed (%s); sending the 'unavailable' notice",
                     message.sender_id, serving.short_error(e))
    except Exception:
        logger.exception("Handling a message of %s failed; sending the 'unavailable' notice",
                         message.sender_id)
    return None


class Guarded:
    """Input-channel mixin: cleans incoming text, holds back floods and makes sure every
    message gets a reply."""

    max_chars = MAX_CHARS
    _limiter: Optional[FloodLimiter] = None

    @property
    def limiter(self) -> FloodLimiter:
        if self._limiter is None:
            self._limiter = FloodLimiter.from_env()
        return self._limiter

    async def notice_language(self, message: UserMessage, text: Text, after_rasa: bool = False) -> Text:
        """Worked out only when a notice is sent, not on every message's path. After Rasa has
        run, the slot holds what this very message set; before, the message itself (or the
        widget's choice) comes first."""
        own = detect.choose(text[: self.max_chars], hint=(message.metadata or {}).get("language"))
        conversation = await conversation_language(message.sender_id)
        return detect.reply_language(*((conversation, own) if after_rasa else (own, conversation)))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def guarded(message: UserMessage) -> Any:
            out = CountingOutput(message.output_channel)
            message.output_channel = out
            head = message.text[: self.max_chars] if isinstance(message.text, str) else None
            if not self.limiter.allow(message.sender_id, client_address.get(), head):
                if message.text is not None and not _SILENT.match(message.text):
                    language = detect.choose(clean_text(message.text)[: self.max_chars],
                                             hint=(message.metadata or {}).get("language"))
                    await out.send_response(message.sender_id, {"text": too_fast_notice(language)})
                return None
            if message.text is None or _SILENT.match(message.text):
                return await on_new_message(message)  # Rasa's own commands reply nothing
            # commands ("/restart", "/help") and intent payloads go as typed, still with the backstop
            payload = bool(_PAYLOAD.match(message.text))
            text = message.text if payload else clean_text(message.text)
            if not text:
                await out.send_response(message.sender_id, {"text": notice(
                    "empty_message", await self.notice_language(message, text))})
                return None
            if len(text) > self.max_chars:
                await out.send_response(message.sender_id, {"text": notice(
                    "message_too_long", await self.notice_language(message, text), max_chars=self.max_chars)})
                text = text[: self.max_chars]
            notices = out.sent
            message.text = text
            try:
                return await handled(on_new_message, message)
            finally:
                if out.sent == notices and not await paused_turn(message, out):  # handoff: docs/handoff.md
                    logger.error("No reply to a message of %s; sending the 'unavailable' notice",
                                 message.sender_id)
                    await out.send_response(message.sender_id, {"text": notice(
                        "unavailable", await self.notice_language(message, text, after_rasa=True))})

        self._guarded_handler = guarded  # for channels that build their own UserMessage
        bp = super().blueprint(guarded)  # type: ignore[misc]
        if isinstance(bp, Blueprint):
            drain.install(bp)  # SIGTERM behind a balancer (addons/channels/drain.py)
        return bp
