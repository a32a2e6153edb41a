"""Rasa's own socket.io channel, guarded (guard.py), with session persistence that works.
Same name, events and payloads as the built-in one, so any client of it works with this.

Rasa 3.6 calls ``sio.enter_room(sid, session_id)`` without ``await``; since python-socketio
5.10 it is a coroutine, so with ``session_persistence: true`` the client never joins the room
named after its session id and the bot's replies never arrive (RasaHQ/rasa#13027,
python-socketio#1256). Here it is awaited when it is a coroutine, so the project stays on a
current python-socketio. A non-text message gets the `not_text` notice; only the selected
language is kept of the metadata.

credentials.yml::

    addons.channels.socketio.SocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
"""

import inspect
import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

from addons.channels.guard import Guarded, kept_metadata, notice, sender_error

logger = logging.getLogger(__name__)


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
