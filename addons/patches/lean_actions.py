"""The action server gets the current turn, not the whole session, and no domain (LEAN_ACTION_TRACKER, issue
20): part 3 of addons/patches/conversation.py (docs/performance.md, "Flat cost: how it works").
Imported by addons/patches/serving.py with the other two; set LEAN_ACTION_TRACKER=0 to switch off.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.actions import action as _action
from rasa.shared.core.events import ActionExecuted, UserUttered

from addons.patches.conversation import _on  # the same switch reading as the other two parts

LEAN_ACTIONS = frozenset({"action_answer", "action_note_disclosure"})
_original_call_format = _action.RemoteAction._action_call_format


def turn_events(tracker: Any) -> List[Any]:
    """The events from the action_listen before the latest user message on (all of them if
    there is no user message)."""
    events = tracker.events
    start = 0
    for i in range(len(events) - 1, -1, -1):
        if isinstance(events[i], UserUttered):
            start = i - 1 if i and isinstance(events[i - 1], ActionExecuted) else i
            break
    return [events[i] for i in range(start, len(events))]


def _action_call_format(self: Any, tracker: Any, domain: Any) -> Dict[str, Any]:
    """Rasa's request to the action server (RemoteAction._action_call_format), with the events
    of the current turn only for LEAN_ACTIONS."""
    if self.name() not in LEAN_ACTIONS or not _on("LEAN_ACTION_TRACKER"):
        return _original_call_format(self, tracker, domain)
    import rasa
    from rasa.shared.core.trackers import EventVerbosity

    tracker_state = tracker.current_state(EventVerbosity.NONE)
    tracker_state["events"] = [e.as_dict() for e in turn_events(tracker)]
    # No domain either: these actions never read it (Rasa's own `enable_selective_domain`, for
    # them only). The domain of three languages is ~200 KB of JSON: encoding it in Rasa and
    # decoding it in the action server cost ~3 ms of every message.
    return {"next_action": self._name, "sender_id": tracker.sender_id, "tracker": tracker_state,
            "version": rasa.__version__}


if getattr(_action.RemoteAction._action_call_format, "__module__", "") != __name__:
    _action.RemoteAction._action_call_format = _action_call_format
