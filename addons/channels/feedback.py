"""Feedback on answers ("Helpful? 👍 / 👎"), as the channels send it and tag it. No Rasa import.

The contract (docs/insights.md): a client sends the user message ``/feedback{"helpful":"up"}``
or ``/feedback{"helpful":"down"}`` right after an answer; Rasa stores it as a UserUttered event
(intent ``feedback``, entity ``helpful``) and thanks. It is about the BotUttered event just
before it: a reply of the custom action carries the knowledge entry's id (``answer``), a domain
response Rasa's ``utter_action``.

Each bot message a channel sends carries, in its ``metadata``, ``answer`` (when the reply is
an answer from the knowledge file) and ``crisis: true`` (when it is a crisis reply), so a
client offers feedback after answers only, never after a crisis reply (`marks`).
"""

from typing import Any, Dict, Optional, Text

FEEDBACK_INTENT = "feedback"
FEEDBACK_ENTITY = "helpful"
VALUES = ("up", "down")
PAYLOADS = {value: '/feedback{"helpful":"' + value + '"}' for value in VALUES}
# Responses of the crisis conversation that do not start with utter_crisis.
CRISIS_RESPONSES = frozenset({"utter_distress", "utter_helplines", "utter_cant_help_crisis"})


def is_crisis_response(name: Any) -> bool:
    """True for a response of the crisis conversation (utter_crisis*, utter_distress,
    utter_helplines, utter_cant_help_crisis): no feedback is ever asked for after one."""
    return isinstance(name, str) and (name.startswith("utter_crisis") or name in CRISIS_RESPONSES)


def answer_of(metadata: Any) -> Optional[Text]:
    """The knowledge entry id a bot message's metadata names (``answer``, also when the action
    nested it as ``metadata.answer``), or None."""
    if not isinstance(metadata, dict):
        return None
    answer = metadata.get("answer")
    if answer is None and isinstance(metadata.get("metadata"), dict):
        answer = metadata["metadata"].get("answer")
    return answer if isinstance(answer, str) and answer else None


def marks(message: Dict[Text, Any]) -> Dict[Text, Any]:
    """What a client needs to know of one bot message (the dict Rasa gives send_response:
    BotUttered.message(), the event's metadata merged in): {"answer": id} and/or
    {"crisis": True}; {} for any other reply."""
    out: Dict[Text, Any] = {}
    nested = message.get("metadata") if isinstance(message.get("metadata"), dict) else {}
    if "handoff" in (message.get("kind"), nested.get("kind")):  # docs/handoff.md
        out["kind"] = "handoff"
    if is_crisis_response(message.get("utter_action")):
        out["crisis"] = True
        return out  # never an answer to rate
    answer = answer_of(message)
    if answer:
        out["answer"] = answer
    return out


def feedback_value(text: Any) -> Optional[Text]:
    """'up' or 'down' when `text` is exactly a feedback payload, else None."""
    for value, payload in PAYLOADS.items():
        if isinstance(text, str) and text.strip().replace(" ", "") == payload:
            return value
    return None


def with_marks(message: Dict[Text, Any], found: Dict[Text, Any]) -> Dict[Text, Any]:
    """`message` (an event a channel sends) with `found` (from `marks`) added to its metadata."""
    if not found or not isinstance(message, dict):
        return message
    metadata = message.get("metadata")
    metadata = dict(metadata) if isinstance(metadata, dict) else {}
    metadata.update(found)
    return {**message, "metadata": metadata}
