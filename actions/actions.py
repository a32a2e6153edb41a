"""The one rasa_sdk action: read the intent, the message, the language and the context slots,
ask `core.answers.respond`, send the reply. All the logic lives in core/, tested without Rasa."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from core.answers import ACTION, respond
from core.detect import reply_language
from core.knowledge.store import knowledge
from core.replies import CONTEXT_SLOTS

logger = logging.getLogger(__name__)


class ActionAnswer(Action):
    """Answers every fact question (the intents core.answers.ROUTES gives to this action) from
    the knowledge file, and remembers what it talked about in the context slots."""

    def name(self) -> Text:
        return ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name") or ""
        ctx = {slot: tracker.get_slot(slot) for slot in CONTEXT_SLOTS}
        lang = reply_language(tracker.get_slot("language"))  # set from this very message when it tells
        try:
            reply = respond(knowledge(), intent, message.get("text") or "", ctx, lang)
        except KeyError:
            logger.error("No knowledge entry answers intent %r", intent)
            dispatcher.utter_message(response="utter_cant_help")
            return []
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)
        return [SlotSet(name, value) for name, value in reply.context.items() if ctx.get(name) != value]
