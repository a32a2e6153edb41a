"""The action server's part of the crisis conversation: remember that a disclosure was answered,
so a second one gets the shorter reply (data/crisis.yml), and what it was about when the reply
said what to do (bullying: the cyberbullying topic). The reply itself is a domain response
sent by Rasa before this runs, so a child gets it even when the action server is down; then
this action fails, Rasa goes on, and a later disclosure gets the full reply again."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from core.knowledge.store import knowledge
from core.replies import disclosure_context


class ActionNoteDisclosure(Action):
    """Sets `crisis_answered`, and for a disclosure answered with what to do (bullying) the
    context of its topic, so the next message can follow it up (core/replies.py,
    DISCLOSURE_TOPICS); sends nothing. No message text is read or logged."""

    def name(self) -> Text:
        return "action_note_disclosure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = [] if tracker.get_slot("crisis_answered") else [SlotSet("crisis_answered", True)]
        context = disclosure_context(knowledge(), tracker.get_slot("crisis_kind"))
        return events + [SlotSet(name, value) for name, value in context.items() if tracker.get_slot(name) != value]
