"""Rasa's own socket.io channel, guarded (guard.py), with session persistence that works.
Same name, events and payloads as the built-in one, so any client of it works with this.

1. Rasa 3.6 calls ``sio.enter_room(sid, session_id)`` without ``await``; since python-socketio
   5.10 it is a coroutine, so with ``session_persistence: true`` the client never joins the room
   named after its session id and the bot's replies never arrive (RasaHQ/rasa#13027,
   python-socketio#1256). Here it is awaited when it is a coroutine, so the project stays on a
   current python-socketio.
2. Session start: the first ``user_uttered`` of a socket without a message (no ``message``
   key, ``null`` or an empty string: rasa-webchat's init payload when none is configured) is
   the start of a conversation, not a message. By default the assistant greets (the text
   ``/start`` goes through the guarded handler, as if the user had typed it); with
   ``session_start: silent`` nothing is sent. A non-text message (a number, an object) gets the
   `not_text` notice; only the selected language is kept of the metadata.
3. Every bot message with text carries the language it is written in, as
   ``"metadata": {"language": "kk"}`` (core.detect on the whole reply; nothing when it is too
   short or mixed to tell), so a client can follow a language switch made on the server
   ("/lang kk", "speak Russian", a question in Russian). ``TagCollectedReplies`` does the same
   for the REST channel (mixed into addons/channels/rest.py's class), ``tag_language`` for any
   message dict.
4. For feedback on answers (addons/channels/feedback.py): a reply that is an answer from the
   knowledge file also carries ``"answer": "<entry id>"`` in its metadata, a crisis reply
   ``"crisis": true``, so a client offers "Helpful? 👍 / 👎" after answers only.

credentials.yml::

    addons.channels.socketio.SocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
      session_start: greet        # or silent; greet when absent
"""

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

from addons.channels.feedback import marks, with_marks
from addons.channels.flood import client_address
from addons.channels.guard import Guarded, kept_metadata, limit_body, notice, sender_error
from core import detect

logger = logging.getLogger(__name__)

SESSION_START_MODES = ("greet", "silent")
MAX_POLLING_BYTES = 1_000_000  # engine.io's max_http_buffer_size (its default)
GREETING = "/start"  # what a session start sends for the user (core/commands.py: greet)


def tag_language(message: Dict[Text, Any], text: Optional[Text] = None) -> Dict[Text, Any]:
    """`message` with ``metadata.language`` set to the language of `text` (default: the
    message's own text), when core.detect can tell; otherwise `message` unchanged."""
    text = message.get("text") if text is None else text
    language = detect.detect(text) if isinstance(text, str) else None
    if not language:
        return message
    metadata = message.get("metadata")
    metadata = dict(metadata) if isinstance(metadata, dict) else {}
    metadata["language"] = language
    return {**message, "metadata": metadata}


def socket_address(sio: Any, sid: Text, namespace: Optional[Text]) -> Optional[Text]:
    """The client address of the HTTP request that opened socket `sid` (for the flood limiter)."""
    try:
        request = (sio.get_environ(sid, namespace=namespace) or {}).get("sanic.request")
        return (request.remote_addr or request.ip) if request is not None else None
    except Exception:  # no environ (a test's fake server): no per-address limit
        return None


def session_start_mode(value: Any) -> Text:
    """The `session_start` setting of credentials.yml: 'greet' (also when absent) or 'silent'."""
    mode = "greet" if value is None else str(value).strip().lower()
    if mode not in SESSION_START_MODES:
        raise ValueError(f"socket.io channel: session_start must be one of "
                         f"{', '.join(SESSION_START_MODES)}, not {value!r}")
    return mode


def is_session_start(data: Dict[Text, Any]) -> bool:
    """True for a message-less payload: no `message`, null, or only spaces."""
    text = data.get("message")
    return text is None or (isinstance(text, str) and not text.strip())


class _WholeReply:
    """Output-channel mixin: while one bot message is sent, `_text` is its whole text (Rasa's
    outputs send a text split at blank lines, part by part) and `_marks` its feedback marks."""

    _text: Optional[Text] = None
    _marks: Dict[Text, Any] = {}

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        text = message.get("text")
        self._text = text if isinstance(text, str) else None
        self._marks = marks(message)  # before Rasa's send_response pops the message apart
        try:
            await super().send_response(recipient_id, message)  # type: ignore[misc]
        finally:
            self._text, self._marks = None, {}

    def _tagged(self, part: Any) -> Any:
        if not isinstance(part, dict):
            return part
        return with_marks(tag_language(part, self._text) if self._text else part, self._marks)


class LanguageTaggedOutput(_WholeReply, SocketIOOutput):
    """Rasa's socket.io output; each event of a bot message with text carries the language of
    the whole message."""

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        await super()._send_message(socket_id, self._tagged(response))


class LanguageTaggedCollector(OutputChannel):
    """Wraps the REST channel's collecting output: the replies it collects for one bot message
    carry the language of that message's whole text (a list only: not the stream's queue)."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        text, found = message.get("text"), marks(message)  # before Rasa's send_response pops it
        collected = getattr(self.inner, "messages", None)
        before = len(collected) if isinstance(collected, list) else None
        await self.inner.send_response(recipient_id, message)
        if before is not None and isinstance(collected, list):
            collected[before:] = [with_marks(tag_language(m, text) if isinstance(text, str) else m, found)
                                  if isinstance(m, dict) else m for m in collected[before:]]

    def __getattr__(self, attr: str) -> Any:  # e.g. CollectingOutputChannel.messages
        return getattr(self.inner, attr)


class TagCollectedReplies:
    """Input-channel mixin for Rasa's REST channel, between Guarded and Rasa's class
    (``class RestInput(Guarded, TagCollectedReplies, RasaRestInput)``): its replies, and the
    guard's notices, carry ``metadata.language`` like the socket.io ones (Rasa's REST channel
    makes its own collector, so the output is wrapped on the way in)."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def tagged(message: UserMessage) -> Any:
            message.output_channel = LanguageTaggedCollector(message.output_channel)
            return await on_new_message(message)

        return super().blueprint(tagged)  # type: ignore[misc]


class SocketIOInput(Guarded, RasaSocketIOInput):
    """Rasa's socket.io channel, guarded, with ``enter_room`` awaited, session starts and
    bot messages tagged with their language."""

    session_start: Text = "greet"

    @classmethod
    def name(cls) -> Text:
        # Same name as the built-in channel: messages are tagged
        # input_channel="socketio" and the blueprint lives at /socket.io.
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.session_start = session_start_mode(credentials.get("session_start"))  # type: ignore[attr-defined]
        return channel

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Build Rasa's blueprint (through Guarded), then replace three of its handlers."""
        socketio_webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()
        # a long-polling body over engine.io's own limit is refused before Sanic reads it
        limit_body(socketio_webhook, self.socketio_path.rstrip("/") + "/", MAX_POLLING_BYTES)
        self._spoken: Set[Text] = set()  # sockets that have sent a user_uttered
        sio.on("session_request", namespace=self.namespace)(self._session_request)
        sio.on(self.user_message_evt, namespace=self.namespace)(self._handle_message)
        sio.on("disconnect", namespace=self.namespace)(self._disconnect)
        return socketio_webhook

    async def _session_request(self, sid: Text, data: Optional[Dict] = None) -> None:
        sio = self.sio
        assert sio is not None
        if not isinstance(data, dict):
            data = {}
        session_id = data.get("session_id")
        if not session_id or not isinstance(session_id, str) or sender_error(session_id):
            session_id = uuid.uuid4().hex
        if self.session_persistence:
            entered = sio.enter_room(sid, session_id, namespace=self.namespace)
            if inspect.isawaitable(entered):
                await entered
        await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
        logger.debug(f"User {sid} requested a session.")

    async def _disconnect(self, sid: Text, reason: Any = None) -> None:
        self._spoken.discard(sid)
        logger.debug(f"User {sid} disconnected from socketIO endpoint.")

    async def _handle_message(self, sid: Text, data: Any = None) -> None:  # an event with no data too
        sio = self.sio
        assert sio is not None
        first = sid not in self._spoken
        self._spoken.add(sid)
        client_address.set(socket_address(sio, sid, self.namespace))
        output_channel = LanguageTaggedOutput(sio, self.bot_message_evt)
        session_start = first and isinstance(data, dict) and is_session_start(data)
        data = data if isinstance(data, dict) else {}
        metadata = kept_metadata(data.get(self.metadata_key))
        lang = metadata.get("language")
        if self.session_persistence:
            sender_id = data.get("session_id")
            if not isinstance(sender_id, str) or sender_error(sender_id):
                # no room to answer in: tell this socket directly
                text = notice("not_text", lang)
                await sio.emit(self.bot_message_evt, tag_language({"text": text}), room=sid,
                               namespace=self.namespace)
                return
        else:
            sender_id = sid
        text = data.get("message")
        if session_start:
            if self.session_start == "silent":
                logger.debug(f"Session start of {sender_id}: silent")
                return
            text = GREETING
        if not isinstance(text, str):
            await output_channel.send_response(sender_id, {"text": notice("not_text", lang)})
            return
        await self._guarded_handler(UserMessage(
            text, output_channel, sender_id, input_channel=self.name(), metadata=metadata))
