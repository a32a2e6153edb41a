"""A message costs the same at the 200th message of a conversation as at the first, with the
same replies (issue 20; tests/unit/addons/test_patches_conversation.py, tools/replay.py).
Written for Rasa 3.6.21 with SQLAlchemy 1.4; imported by addons/patches/serving.py, so by every
Rasa process that serves. Re-check on an upgrade. Three parts, each switched off by setting its
environment variable to 0 (how each works and why it keeps replies the same: docs/performance.md,
"Flat cost: how it works"): TRACKER_CACHE (the tracker a turn saved is kept, used only while the
store's fingerprint of the conversation is unchanged: addons/patches/tracker_cache.py), RULE_WINDOW (RulePolicy gets the states of
its longest rule, built incrementally), LEAN_ACTION_TRACKER (action_answer and
action_note_disclosure get the current turn's events: addons/patches/lean_actions.py).
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import logging
from typing import Any, Deque, Dict, List, Optional

from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.policies.policy import SupportedData
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.shared.core import events as _ev
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from addons.patches import tracker_cache
from addons.patches.tracker_cache import _on  # one reading of the switches for the three parts

logger = logging.getLogger(__name__)


# --- 1. Tracker cache: addons/patches/tracker_cache.py ---------------------------------------------


# --- 2. RulePolicy on the rule window --------------------------------------------------------------
_UNDO = (_ev.Restarted, _ev.SessionStarted, _ev.ActionReverted, _ev.UserUtteranceReverted)


class _Replay:
    """The prior states of one tracker, kept up to date event by event."""

    __slots__ = ("events", "seen", "last", "domain", "tracker", "tail", "loops")

    def __init__(self, tracker: Any, domain: Any, keep: int) -> None:
        self.events, self.domain, self.loops = tracker.events, domain, False
        self.tail: Deque[Dict[str, Any]] = collections.deque(maxlen=keep)
        self.tracker = tracker.init_copy()
        applied = tracker.applied_events()
        actions = [i for i, e in enumerate(applied) if isinstance(e, ActionExecuted)]
        first = actions[-keep] if len(actions) > keep else 0  # states before it are not kept
        for i, event in enumerate(applied):
            self._feed(event, i >= first)
        self.seen, self.last = len(self.events), self.events[-1] if self.events else None

    def _feed(self, event: Any, keep: bool = True) -> None:
        if isinstance(event, _ev.ActiveLoop):
            self.loops = True
        if isinstance(event, ActionExecuted) and keep:
            state = self.domain.get_active_state(self.tracker, omit_unset_slots=False)
            self.tail.append(self.domain._clean_state(state))
        self.tracker.update(event)

    def current(self, tracker: Any) -> bool:
        """Fed the tracker's new events; False when they need a rebuild."""
        events = tracker.events
        if events is not self.events or len(events) < self.seen or (
                self.seen and events[self.seen - 1] is not self.last):
            return False
        new = [events[i] for i in range(self.seen, len(events))]
        if any(isinstance(e, _UNDO) for e in new):
            return False
        for event in new:
            self._feed(event)
        self.seen, self.last = len(events), events[-1] if len(events) else None
        return True

    def states(self, window: int) -> List[Dict[str, Any]]:
        final = self.domain._clean_state(self.domain.get_active_state(self.tracker, omit_unset_slots=False))
        kept = list(self.tail)[-(window - 1):] if window > 1 else []
        return copy.deepcopy(kept) + [final]


def rule_window(policy: Any) -> int:
    """The most states any rule (or loop condition) of the trained policy looks at, plus one."""
    window = policy.__dict__.get("_rule_window")
    if window is None:
        keys = list(policy.lookup.get(RULES, {})) + list(policy.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {}))
        window = 1 + max([len(policy._rule_key_to_state(k)) for k in keys] or [0])
        policy.__dict__["_rule_window"] = window
    return window


def window_states(tracker: Any, domain: Any, window: int) -> Optional[List[Dict[str, Any]]]:
    """The last `window` states of `tracker.past_states(domain)` (all of them if fewer); None
    when Rasa's own computation must be used (an active loop)."""
    replay = tracker.__dict__.get("_rule_replay")
    keep = window + 1
    if replay is None or replay.domain is not domain or replay.tail.maxlen != keep or not replay.current(tracker):
        replay = tracker.__dict__["_rule_replay"] = _Replay(tracker, domain, keep)
    if replay.loops:
        return None
    return replay.states(keep)


_original_prediction_states = RulePolicy._prediction_states


def _prediction_states(self: Any, tracker: Any, domain: Any, use_text_for_last_user_input: bool = False,
                       rule_only_data: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    featurizer = self.featurizer
    if (not _on("RULE_WINDOW") or tracker.is_rule_tracker or type(featurizer) is not MaxHistoryTrackerFeaturizer
            or featurizer.max_history is not None or self.supported_data() == SupportedData.ML_DATA):
        return _original_prediction_states(self, tracker, domain, use_text_for_last_user_input, rule_only_data)
    window = rule_window(self)
    states = window_states(tracker, domain, window)
    if states is None:
        return _original_prediction_states(self, tracker, domain, use_text_for_last_user_input, rule_only_data)
    # what MaxHistoryTrackerFeaturizer.prediction_states does after building the states (a
    # rule policy neither ignores rule-only turns nor removes action_unlikely_intent)
    states = states[-window:]
    featurizer._choose_last_user_input([states], use_text_for_last_user_input)
    return states


# --- 4. Applied events and tracker copies without a replay ------------------------------------------
_original_applied = DialogueStateTracker.applied_events
_original_copy = DialogueStateTracker.copy
_NOT_SIMPLE = (*_UNDO, _ev.ActiveLoop)


class _Applied:
    __slots__ = ("events", "seen", "last", "applied")

    def __init__(self, events: Any, applied: List[Any]) -> None:
        self.events, self.applied = events, applied
        self.seen, self.last = len(events), events[-1] if len(events) else None


def _applied_events(self: Any) -> List[Any]:
    """Rasa's `applied_events`, kept on the tracker and extended by the events added since
    when they are plain ones (no undo, restart, session start or loop event: those go through
    Rasa's own computation again). A new list each time, as Rasa's."""
    events = self.events
    memo = self.__dict__.get("_applied_memo")
    if (memo is not None and _on("RULE_WINDOW") and memo.events is events and len(events) >= memo.seen
            and (memo.seen == 0 or events[memo.seen - 1] is memo.last)):
        new = [events[i] for i in range(memo.seen, len(events))]
        if not any(isinstance(e, _NOT_SIMPLE) for e in new):
            memo.applied.extend(new)
            memo.seen, memo.last = len(events), events[-1] if len(events) else None
            return list(memo.applied)
    applied = _original_applied(self)
    if not any(isinstance(e, _ev.ActiveLoop) for e in events):  # a loop's events depend on later ones
        self.__dict__["_applied_memo"] = _Applied(events, list(applied))
    return applied


def _copy(self: Any) -> Any:
    """Rasa's `copy` (a new tracker replaying every event), without the replay: the state of a
    tracker is what its events made it (Rasa's rule for these attributes), so the copy gets the
    same events and a copy of each part of the state. Checked equal to Rasa's copy
    (tests/unit/addons/test_patches_conversation.py)."""
    if not _on("RULE_WINDOW") or type(self.slots) is not dict:
        return _original_copy(self)
    new = self.init_copy()
    new.events.extend(self.events)
    new.slots = {name: copy.copy(slot) for name, slot in self.slots.items()}
    new._paused = self._paused
    new.followup_action = self.followup_action
    new.latest_action = dict(self.latest_action) if self.latest_action is not None else None
    new.latest_message = self.latest_message
    new.latest_bot_utterance = self.latest_bot_utterance
    new.active_loop = dataclasses.replace(self.active_loop) if self.active_loop is not None else None
    return new


if getattr(RulePolicy._prediction_states, "__module__", "") != __name__:
    tracker_cache.install()
    RulePolicy._prediction_states = _prediction_states
    DialogueStateTracker.applied_events = _applied_events
    DialogueStateTracker.copy = _copy
