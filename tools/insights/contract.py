"""The feedback contract, as insights read it from the store: the same names and rule as
addons/channels/feedback.py (tools/ may not import addons/; tests/unit/tools/test_feedback.py
checks that the two agree). When the rule moves to core/, both import it from there."""

from typing import Any, Optional

FEEDBACK_INTENT = "feedback"
FEEDBACK_ENTITY = "helpful"
PAYLOADS = {value: '/feedback{"helpful":"' + value + '"}' for value in ("up", "down")}
CRISIS_RESPONSES = frozenset({"utter_distress", "utter_helplines", "utter_cant_help_crisis"})


def is_crisis_response(name: Any) -> bool:
    return isinstance(name, str) and (name.startswith("utter_crisis") or name in CRISIS_RESPONSES)


def answer_of(metadata: Any) -> Optional[str]:
    if not isinstance(metadata, dict):
        return None
    answer = metadata.get("answer")
    if answer is None and isinstance(metadata.get("metadata"), dict):
        answer = metadata["metadata"].get("answer")
    return answer if isinstance(answer, str) and answer else None


def feedback_value(text: Any) -> Optional[str]:
    for value, payload in PAYLOADS.items():
        if isinstance(text, str) and text.strip().replace(" ", "") == payload:
            return value
    return None
