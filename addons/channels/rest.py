"""Rasa's own REST channel (``POST /webhooks/rest/webhook``), guarded. Same name, path and
payloads as the built-in one, so any client of it works with this.

1. Guarded (guard.py): incoming text is cleaned, an empty message is answered, an overlong one
   is cut and the user told, and a message that got no reply (action server down) gets an
   apology with the helplines.
2. Bad requests get a clear 400 with a JSON `{"error": ...}` instead of a 500 or silence:
   malformed JSON, a missing or wrong-typed `sender` or `message`, a sender id over 128
   characters.
3. A body over MAX_BODY_BYTES (64 kB; the environment variable of that name) gets a 413 before
   it is read; a body nested too deep to parse gets a 400 (guard.py).
4. The client address is noted for the flood limiter (addons/channels/flood.py).
5. Metadata: only the widget's selected language (`{"language": "kk"}`) is kept, read from the
   body's `metadata` as socket.io does; anything else a client sends is dropped.

credentials.yml::

    addons.channels.rest.RestInput:
"""
import json
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request

from addons.channels.flood import client_address
from addons.channels.guard import Guarded, kept_metadata, limit_body, max_body_bytes, sender_error
from addons.channels.socketio import TagCollectedReplies


def body_error(request: Request) -> Optional[Text]:
    """Why the body of a REST webhook request is unusable, or None when it is fine."""
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return "the body must be JSON: {\"sender\": \"...\", \"message\": \"...\"}"
    except RecursionError:
        return "the body is nested too deep"
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


class RestInput(Guarded, TagCollectedReplies, RasaRestInput):
    """Rasa's REST channel (``POST /webhooks/rest/webhook``), guarded."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        body = request.json if isinstance(request.json, dict) else {}
        return kept_metadata(body.get("metadata"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)
        limit_body(bp, "/webhook", max_body_bytes())

        @bp.middleware("request")
        async def validate(request: Request) -> Optional[response.HTTPResponse]:
            if request.method == "POST" and request.path.endswith("/webhook"):
                problem = body_error(request)
                if problem:
                    return response.json({"error": problem}, status=400)
                client_address.set(request.remote_addr or request.ip)
            return None

        return bp
