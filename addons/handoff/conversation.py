"""The Rasa side of a handoff, inside a Rasa instance: Rasa's own pause / resume events
(``ConversationPaused`` / ``ConversationResumed``) and the messages of the person and of the
handoff itself, appended to the conversation's tracker under its lock (so the tracker store
keeps the whole conversation, the bot's part, the child's and the person's), and sent to the
child on the channel the conversation came from:

- socketio: an event to the room named after the session id (session persistence), on this
  instance and, through Redis (fanout.py), on every other one, since the child's socket may be
  connected to any instance;
- telegram: a message through the Bot API (any instance can send it);
- anything else (REST, the terminal): nothing is pushed (actions/handoff.py does not queue them).

Every message a person writes carries ``metadata: {"from": "person", "name": ..., "kind":
"handoff"}``; the handoff's own messages (joined, handed back, closed) ``"kind": "handoff"``.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel
from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from addons.handoff import fanout
from core import detect

logger = logging.getLogger(__name__)


def _agent(app: Sanic) -> Any:
    return app.ctx.agent


def _channel(app: Sanic, name: str) -> Optional[InputChannel]:
    for channel in getattr(app.ctx, "input_channels", None) or []:
        if channel.name() == name:
            return channel
    return None


async def tracker_of(app: Sanic, sender_id: Text) -> Optional[DialogueStateTracker]:
    store = _agent(app).tracker_store
    return await store.retrieve_full_tracker(sender_id)


async def append(app: Sanic, sender_id: Text, events: List[Event]) -> DialogueStateTracker:
    """`events` added to the conversation's tracker, under the conversation's lock."""
    agent = _agent(app)
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.processor.get_tracker(sender_id)
        for event in events:
            tracker.update(event)
        await agent.processor.save_tracker(tracker)
        return tracker


async def wording(app: Sanic, tracker: DialogueStateTracker, response: Text, channel: Text,
                  **variables: Any) -> Dict[Text, Any]:
    """Domain response `response` in the conversation's language and register."""
    generated = await _agent(app).processor.nlg.generate(response, tracker, channel, **variables)
    return dict(generated or {"text": ""})


async def push(app: Sanic, sender_id: Text, channel: Text, message: Dict[Text, Any],
               label: Optional[Text] = None) -> bool:
    """Send one message to the child (see the module's docstring); True if a channel took it."""
    if channel == "socketio":
        payload = {k: v for k, v in message.items() if k in ("text", "metadata")}
        language = detect.detect(str(payload.get("text") or ""))
        if language:  # as the socket.io channel tags a reply (addons/channels/socketio.py)
            payload["metadata"] = {**(payload.get("metadata") or {}), "language": language}
        local = await emit_locally(app, sender_id, payload)
        await fanout.publish(sender_id, payload)
        return local or fanout.enabled()
    if channel == "telegram":
        tg = _channel(app, "telegram")
        if tg is None:
            logger.error("Handoff: the conversation is on Telegram, but this instance has no Telegram channel")
            return False
        text = str(message.get("text") or "")
        out = tg.get_output_channel()
        await out.send_message(sender_id, f"👤 {label}:\n{text}" if label else text)  # type: ignore[attr-defined]
        return True
    return False


async def emit_locally(app: Sanic, room: Text, payload: Dict[Text, Any]) -> bool:
    """The message to the socket.io room `room` on this instance (no-op without such a channel)."""
    sio_channel = _channel(app, "socketio")
    sio = getattr(sio_channel, "sio", None)
    if sio is None:
        return False
    await sio.emit(getattr(sio_channel, "bot_message_evt", "bot_uttered"), payload, room=room,
                   namespace=getattr(sio_channel, "namespace", None))
    return True


async def say(app: Sanic, sender_id: Text, channel: Text, response: Text, before: Optional[List[Event]] = None,
              after: Optional[List[Event]] = None, **variables: Any) -> Dict[Text, Any]:
    """A handoff message (a domain response) to the child, stored between `before` and `after`."""
    tracker = await tracker_of(app, sender_id)
    if tracker is None:
        tracker = DialogueStateTracker(sender_id, [])
    message = await wording(app, tracker, response, channel, **variables)
    metadata = {"kind": "handoff", "utter_action": response}
    events: List[Event] = [*(before or []), BotUttered(message.get("text"), {}, metadata), *(after or [])]
    await append(app, sender_id, events)
    await push(app, sender_id, channel, {"text": message.get("text"), "metadata": {"kind": "handoff"}})
    return message


async def person_says(app: Sanic, sender_id: Text, channel: Text, name: Text, text: Text) -> None:
    """A counsellor's message: stored as a bot message marked as a person's, sent to the child."""
    metadata = {"from": "person", "name": name, "kind": "handoff"}
    tracker = await append(app, sender_id, [BotUttered(text, {}, metadata)])
    label = None
    if channel == "telegram":
        label = (await wording(app, tracker, "utter_handoff_person_label", channel, name=name)).get("text") or name
    await push(app, sender_id, channel, {"text": text, "metadata": metadata}, label=label)


def pause() -> ConversationPaused:
    return ConversationPaused()


def resume() -> ConversationResumed:
    return ConversationResumed()


def history(tracker: DialogueStateTracker, after: int = 0) -> List[Dict[str, Any]]:
    """The conversation's messages for the console: who (child, bot, person, or a note that the
    assistant was paused / resumed), the text, when; `n` counts events, for polling with `after`."""
    out: List[Dict[str, Any]] = []
    for n, event in enumerate(tracker.events, start=1):
        if n <= after:
            continue
        at = getattr(event, "timestamp", None) or time.time()
        if isinstance(event, UserUttered):
            if event.text is None:
                continue
            intent = (event.intent or {}).get("name")
            out.append({"n": n, "from": "child", "text": event.text, "at": at, "intent": intent})
        elif isinstance(event, BotUttered):
            md = event.metadata or {}
            who = "person" if md.get("from") == "person" else "bot"
            item = {"n": n, "from": who, "text": event.text or "", "at": at}
            if who == "person":
                item["name"] = md.get("name")
            out.append(item)
        elif isinstance(event, ConversationPaused):
            out.append({"n": n, "from": "note", "text": "paused", "at": at})
        elif isinstance(event, ConversationResumed):
            out.append({"n": n, "from": "note", "text": "resumed", "at": at})
    return out


def event_count(tracker: DialogueStateTracker) -> int:
    return len(tracker.events)
