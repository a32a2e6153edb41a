"""The one rasa_sdk action: read the intent, the message, the language and the context slots,
ask `core.answers.respond`, send the reply. All the logic lives in core/, tested without Rasa."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from core.answers import ACTION, follow_up_of, respond
from core.detect import reply_language
from core.knowledge.store import knowledge, knowledge_path
from core.replies import CONTEXT_SLOTS
from core.vocabulary import vocabulary

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
        ctx["disclosed"] = "true" if tracker.get_slot("disclosed") else None  # read, never set here
        ctx["audience"] = tracker.get_slot("audience")  # set by the NLU (core/register.py)
        lang = reply_language(tracker.get_slot("language"))  # set from this very message when it tells
        confidence = float((message.get("intent") or {}).get("confidence") or 0.0)
        if intent == "crisis":  # leaned to a disclosure (crisis_kind unsure): data/crisis.yml
            return self._unsure_disclosure(dispatcher, tracker, ctx, lang)
        try:
            reply = respond(knowledge(), intent, message.get("text") or "", ctx, lang,
                            confidence, vocabulary(knowledge_path()))
        except KeyError:
            logger.error("No knowledge entry answers intent %r", intent)
            dispatcher.utter_message(text=knowledge().phrase("cant_help", lang), answer="honest", kind="honest")
            return []
        return self._send(dispatcher, reply, ctx)

    def _unsure_disclosure(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                           ctx: Dict[str, Any], lang: str) -> List[EventType]:
        """A short follow-up of the conversation ("is it free or do my parents pay?") is
        answered; anything else gets the gentle check (utter_crisis, kind unsure)."""
        message = tracker.latest_message or {}
        reply = follow_up_of(knowledge(), message.get("text") or "", ctx, lang)
        if reply is None:
            dispatcher.utter_message(response="utter_crisis")
            return [SlotSet("crisis_answered", True)]
        events = self._send(dispatcher, reply, ctx)
        if not tracker.get_slot("crisis_answered"):  # no disclosure in this conversation after all
            events.append(SlotSet("disclosed", False))
        return events

    @staticmethod
    def _send(dispatcher: CollectingDispatcher, reply: Any, ctx: Dict[str, Any]) -> List[EventType]:
        about = {"answer": reply.answer, "kind": reply.kind}  # metadata of the reply: ids only
        if reply.response:
            dispatcher.utter_message(response=reply.response, **about)
        else:
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None, **about)
        return [SlotSet(name, value) for name, value in reply.context.items() if ctx.get(name) != value]
