"""A child asks for a person (intent crisis_talk, after utter_crisis_talk has given 150 and 111):
if a counsellor is on duty and the channel can carry a person's messages (the widget's socket,
Telegram), the conversation joins the queue and the child is told a person will join, their
place in the queue and that in danger 112 is faster; if nobody is on duty, it says so plainly
(the helplines were just given). docs/handoff.md. The console (addons/handoff/console.py) does
the rest: take (pause), reply, hand back or close (resume)."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from core.detect import reply_language
from core.handoff.store import store
from core.knowledge.store import knowledge

logger = logging.getLogger(__name__)

PUSH_CHANNELS = ("socketio", "telegram")  # a person's message can reach the child there


def emergency_number() -> str:
    return knowledge().contact("emergency_112").number


class ActionHandoff(Action):
    """Queues the conversation for a person, or says plainly that nobody is on duty."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        about: Dict[str, Any] = {"kind": "handoff"}
        channel = tracker.get_latest_input_channel() or ""
        try:
            s = store()
            waiting = s.active_for(tracker.sender_id)
            if waiting is None and (channel not in PUSH_CHANNELS or s.on_duty() == 0):
                dispatcher.utter_message(response="utter_handoff_nobody", **about, handoff="nobody")
                return []
            if waiting is None:
                waiting = s.enqueue(tracker.sender_id, channel, reply_language(tracker.get_slot("language")),
                                    tracker.get_slot("audience") or "child")
                logger.info("Handoff %s queued (%s)", waiting.id, channel)
            position = s.position(waiting) if waiting.status == "queued" else 1
        except Exception as e:  # the store down: never pretend, the helplines were just given
            logger.error("Handoff store unavailable (%s); telling the child nobody can join", type(e).__name__)
            dispatcher.utter_message(response="utter_handoff_nobody", **about, handoff="nobody")
            return []
        dispatcher.utter_message(response="utter_handoff_queued", position=position,
                                 emergency=emergency_number(), **about, handoff="queued")
        return []
