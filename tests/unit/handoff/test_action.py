"""actions/handoff.py with a real rasa_sdk Tracker: queued with the place and 112 when someone is
on duty, plainly "nobody" otherwise, never queued on a channel a person cannot reach."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.handoff as action
from tests.conftest import run_async


def tracker(sender="child-1", channel="socketio", language="ru"):
    return Tracker(sender_id=sender, slots={"language": language, "audience": "child"},
                   latest_message={"intent": {"name": "crisis_talk", "confidence": 0.9}, "text": "x", "entities": []},
                   events=[{"event": "user", "text": "x", "input_channel": channel}], paused=False,
                   followup_action=None, active_loop={}, latest_action_name="utter_crisis_talk")


@pytest.fixture()
def with_store(store, monkeypatch):
    monkeypatch.setattr(action, "store", lambda: store)
    return store


def run(t):
    dispatcher = CollectingDispatcher()
    assert run_async(action.ActionHandoff().run(dispatcher, t, {})) == []
    return dispatcher.messages


def test_nobody_on_duty_says_so(with_store):
    [m] = run(tracker())
    assert m["response"] == "utter_handoff_nobody" and m["kind"] == "handoff"
    assert with_store.queue() == []


def test_on_duty_queues_with_the_place_and_the_emergency_number(with_store):
    with_store.set_duty(1, True)
    [m] = run(tracker("child-1"))
    assert m["response"] == "utter_handoff_queued" and m["position"] == 1 and m["emergency"] == "112"
    [m] = run(tracker("child-2", channel="telegram", language="kk"))
    assert m["position"] == 2
    [m] = run(tracker("child-1"))  # asking again: the same place
    assert m["position"] == 1
    queued = with_store.queue()
    assert [(h.channel, h.language) for h in queued] == [("socketio", "ru"), ("telegram", "kk")]


def test_a_channel_a_person_cannot_reach_is_not_queued(with_store):
    with_store.set_duty(1, True)
    [m] = run(tracker(channel="rest"))
    assert m["response"] == "utter_handoff_nobody" and with_store.queue() == []


def test_the_store_down_is_nobody_not_a_crash(monkeypatch):
    def broken():
        raise OSError("database down")
    monkeypatch.setattr(action, "store", broken)
    [m] = run(tracker())
    assert m["response"] == "utter_handoff_nobody"


def test_the_wording_is_in_three_languages_and_registers():
    import yaml

    from tests.conftest import ROOT
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    for name in ("utter_handoff_queued", "utter_handoff_nobody", "utter_handoff_expired", "utter_handoff_joined",
                 "utter_handoff_handed_back", "utter_handoff_closed", "utter_handoff_person_label"):
        variants = responses[name]
        langs = {c["value"] for v in variants for c in v.get("condition", []) if c["name"] == "language"}
        assert langs == {"ru", "kk"} and not variants[0].get("condition"), name  # English: the default
        for v in variants:
            assert not any(ch.isdigit() for ch in v["text"]), f"{name}: numbers come from the knowledge file"
