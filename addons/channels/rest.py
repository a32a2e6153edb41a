"""Rasa's own REST and socket.io channels, with three fixes. Same names, paths, events and
payloads as the built-in ones, so any client of those works with these.

1. Guarded (addons/guard.py): incoming text is cleaned, an empty message is answered, an
   overlong one is cut and the user told, and a message that got no reply (action server
   down) gets an apology with the helplines.
2. Bad requests get a clear error instead of a 500 or silence: REST answers 400 with a JSON
   `{"error": ...}` for malformed JSON, a missing or wrong-typed `sender` or `message`, or a
   sender id over 128 characters; socket.io answers a non-text message with the `not_text`
   notice.
3. Metadata: only the widget's selected language (`{"language": "kk"}`) is kept; anything
   else a client sends is dropped (the assistant keeps no more than it needs). REST reads it
   from the body's `metadata`, as socket.io does.
4. socket.io session persistence: Rasa 3.6 calls ``sio.enter_room(sid, session_id)`` without
   ``await``; since python-socketio 5.10 it is a coroutine, so with ``session_persistence: true``
   the client never joins the room named after its session id and the bot's replies never
   arrive (RasaHQ/rasa#13027, python-socketio#1256). Here it is awaited when it is a coroutine,
   so the project stays on a current python-socketio.

credentials.yml::

    addons.channels.RestInput:
    addons.channels.SocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""
import inspect
import json
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput

from addons.guard import Guarded, notice
from addons.language import LANGUAGES

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128


def kept_metadata(metadata: Any) -> Dict[Text, Any]:
    """The part of a message's metadata the assistant uses: the selected language, if valid."""
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return {}
    if isinstance(metadata, dict) and metadata.get("language") in LANGUAGES:
        return {"language": metadata["language"]}
    return {}


def sender_error(sender: Any) -> Optional[Text]:
    """Why `sender` is not a usable conversation id, or None when it is."""
    if isinstance(sender, bool) or not isinstance(sender, (str, int)):
        return "'sender' must be a string (the conversation id)"
    if not str(sender).strip() or len(str(sender)) > MAX_SENDER_CHARS:
        return f"'sender' must be 1 to {MAX_SENDER_CHARS} characters"
    return None


def body_error(request: Request) -> Optional[Text]:
    """Why the body of a REST webhook request is unusable, or None when it is fine."""
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return "the body must be JSON: {\"sender\": \"...\", \"message\": \"...\"}"
    if not isinstance(body, dict):
        return "the body must be a JSON object: {\"sender\": \"...\", \"message\": \"...\"}"
    problem = sender_error(body.get("sender"))
    if problem:
        return problem
    if not isinstance(body.get("message"), str):
        return "'message' must be a string"
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        return "'metadata' must be a JSON object, e.g. {\"language\": \"kk\"}"
    return None


class RestInput(Guarded, RasaRestInput):
    """Rasa's REST channel (``POST /webhooks/rest/webhook``), guarded."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        body = request.json if isinstance(request.json, dict) else {}
        return kept_metadata(body.get("metadata"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)

        @bp.middleware("request")
        async def validate(request: Request) -> Optional[response.HTTPResponse]:
            if request.method == "POST" and request.path.endswith("/webhook"):
                problem = body_error(request)
                if problem:
                    return response.json({"error": problem}, status=400)
            return None

        return bp


class SocketIOInput(Guarded, RasaSocketIOInput):
    """Rasa's socket.io channel, guarded, with ``enter_room`` awaited."""

    @classmethod
    def name(cls) -> Text:
        # Same name as the built-in channel: messages are tagged
        # input_channel="socketio" and the blueprint lives at /socket.io.
        return "socketio"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Build Rasa's blueprint (through Guarded), then replace two of its handlers."""
        socketio_webhook = super().blueprint(on_new_message)
        guarded_on_new_message = self._guarded_handler
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            if not isinstance(data, dict):
                data = {}
            session_id = data.get("session_id")
            if not session_id or not isinstance(session_id, str) or sender_error(session_id):
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):
                    await entered
            await sio.emit(
                "session_confirm", session_id, room=sid, namespace=self.namespace
            )
            logger.debug(f"User {sid} requested a session.")

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            output_channel = SocketIOOutput(sio, self.bot_message_evt)
            data = data if isinstance(data, dict) else {}
            metadata = kept_metadata(data.get(self.metadata_key))
            lang = metadata.get("language")
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not isinstance(sender_id, str) or sender_error(sender_id):
                    # no room to answer in: tell this socket directly
                    await sio.emit(self.bot_message_evt, {"text": notice("not_text", lang)}, room=sid,
                                   namespace=self.namespace)
                    return
            else:
                sender_id = sid
            text = data.get("message")
            if not isinstance(text, str):
                await output_channel.send_text_message(sender_id, notice("not_text", lang))
                return
            await guarded_on_new_message(UserMessage(
                text, output_channel, sender_id, input_channel=self.name(),
                metadata=metadata))

        return socketio_webhook
