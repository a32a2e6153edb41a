"""A message in a paused conversation: the guard stays silent (no 'unavailable' notice), except
that the safe word still brings the helplines, and the conversation is marked urgent."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import ConversationPaused, UserUttered
from sanic import Sanic

from addons.handoff import guard_hook


@pytest.fixture(autouse=True)
def the_app(console, monkeypatch):
    monkeypatch.setattr(Sanic, "get_app", classmethod(lambda cls, *a, **kw: console.app))


def paused_with(console, sender, text, intent):
    console.child_asks(sender)

    async def add():
        tracker = await console.agent.tracker_store.retrieve(sender)
        tracker.update(ConversationPaused())
        tracker.update(UserUttered(text, {"name": intent}, input_channel="socketio"))
        await console.agent.tracker_store.save(tracker)
    console.run(add())


def turn(console, sender, text):
    out = CollectingOutputChannel()

    async def go():
        return await guard_hook.paused_turn(UserMessage(text, out, sender), out)
    return console.run(go()), out.messages


def test_a_conversation_that_is_not_paused_is_left_to_the_guard(console):
    console.child_asks("c1")
    assert turn(console, "c1", "hello") == (False, [])
    assert turn(console, "unknown", "hello") == (False, [])


def test_a_paused_conversation_gets_silence(console):
    paused_with(console, "c2", "I am scared", "nlu_fallback")
    assert turn(console, "c2", "I am scared") == (True, [])
    assert not console.store.active_for("c2").urgent


def test_the_safe_word_still_brings_the_helplines_and_marks_it_urgent(console, monkeypatch):
    monkeypatch.setattr(guard_hook, "store", lambda: console.store)
    paused_with(console, "c3", "SOS", "safe_word")
    paused, sent = turn(console, "c3", "SOS")
    assert paused and len(sent) == 1 and "150" in sent[0]["text"] and "112" in sent[0]["text"]
    assert console.store.active_for("c3").urgent
    assert any(r["action"] == "urgent" for r in console.store.audit_log())


def test_the_guard_calls_the_hook():
    import inspect

    from addons.channels import guard
    assert "paused_turn(message, out)" in inspect.getsource(guard.Guarded.blueprint)
    assert asyncio.iscoroutinefunction(guard_hook.paused_turn)
