"""What the guard (addons/channels/guard.py) does with a message that got no reply: if its
conversation is paused for a person, silence is right (the counsellor reads it in the console),
so the guard sends no "unavailable" notice; but the safe word ("SOS", "помогите", "көмек",
/help) and "I'm in danger now" still bring the helplines at once (Rasa sends nothing at all in a
paused conversation), and mark the conversation urgent in the console."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.shared.core.events import BotUttered
from sanic import Sanic

from core.handoff.store import store

logger = logging.getLogger(__name__)

SAFETY = {"safe_word": "utter_helplines", "crisis_danger": "utter_crisis_danger"}
URGENT = frozenset(SAFETY) | {"crisis"}


async def paused_turn(message: UserMessage, out: OutputChannel) -> bool:
    """True when `message`'s conversation is paused (the guard then stays silent)."""
    try:
        app = Sanic.get_app()
        agent: Any = app.ctx.agent
        tracker = await agent.tracker_store.retrieve(message.sender_id)
    except Exception:  # no server (unit tests) or no store: not known to be paused
        return False
    if tracker is None or not tracker.is_paused():
        return False
    intent = ((tracker.latest_message.intent if tracker.latest_message else None) or {}).get("name")
    if intent in URGENT:
        try:
            h = await asyncio.get_running_loop().run_in_executor(None, store().mark_urgent, message.sender_id)
            if h is not None:
                await asyncio.get_running_loop().run_in_executor(None, store().record, "child", "urgent", h.id)
        except Exception as e:
            logger.error("Handoff: cannot mark a conversation urgent (%s)", type(e).__name__)
    if intent in SAFETY:
        from addons.handoff.conversation import append
        response = SAFETY[intent]
        reply = dict(await agent.processor.nlg.generate(response, tracker, out.name()) or {})
        metadata = {"utter_action": response, "kind": "handoff"}
        await append(app, message.sender_id, [BotUttered(reply.get("text"), {"buttons": reply.get("buttons")},
                                                         metadata)])
        await out.send_response(message.sender_id, {**reply, "utter_action": response})
    return True
