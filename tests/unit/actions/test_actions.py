"""action_answer with a real rasa_sdk Tracker: it answers from the knowledge file, sets the
context slots, and survives an intent the knowledge file does not answer."""


import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer
from core.knowledge.store import knowledge
from tests.conftest import run_async


def tracker(intent, text, **slots):
    return Tracker(
        sender_id="test", slots=slots,
        latest_message={"intent": {"name": intent, "confidence": 0.9}, "text": text, "entities": []},
        events=[], paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


def run(t):
    dispatcher = CollectingDispatcher()
    events = run_async(ActionAnswer().run(dispatcher, t, {}))
    return dispatcher.messages, events


@pytest.mark.parametrize("intent, text, expect_text, expect_slots", [
    ("ask_attendance", "how many ombudsmen attended?", "50 child ombudsmen", {"last_answer": "attendance"}),
    ("ask_module", "module 3?", "environmental challenges", {"object_type": "module", "module": "3"}),
    ("ask_person", "who is the unicef representative", "Rashed Mustafa Sarwar",
     {"object_type": "person", "person": "rashed_mustafa_sarwar"}),
    # a child asking "what is X?" gets the short version first (core/parts.py, short_first)
    ("ask_topic", "what is cyberbullying", "hurtful messages", {"topic": "cyberbullying"}),
    ("ask_world_childrens_day", "when is it", "20 November", {}),
])
def test_answers_and_sets_context(intent, text, expect_text, expect_slots):
    messages, events = run(tracker(intent, text))
    assert len(messages) == 1 and expect_text in messages[0]["text"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert expect_slots.items() <= slots.items()


def test_follow_up_reads_the_slots():
    messages, events = run(tracker("follow_up", "and the third?", object_type="module", module="1",
                                   last_answer="module"))
    assert "climate change" in messages[0]["text"]
    assert SlotSet("module", "3") in events


def test_quote_from_the_person_slot():
    messages, _ = run(tracker("ask_quote", "what did he say?", object_type="person", person="ruslan_zakharenko"))
    assert messages[0]["text"].startswith("Ruslan Zakharenko said")


def test_buttons_are_sent_as_quick_replies():
    messages, _ = run(tracker("ask_modules", "what modules were there"))
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "Tell me about module 1", "Tell me about module 2", "Tell me about module 3"]


def test_unanswerable_intent_gets_the_honest_fallback():
    messages, events = run(tracker("greet", "hi"))
    assert [(m["text"], m["kind"]) for m in messages] == [(knowledge().phrase("cant_help", "en"), "honest")]
    assert events == []


def test_unchanged_slots_are_not_set_again():
    _, events = run(tracker("ask_module", "module 2", object_type="module", module="2", last_answer="module",
                           entry="module_2", cited="module_2"))
    assert events == []


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_answers_in_the_language_slot(lang):
    from core.knowledge.store import knowledge
    k = knowledge()
    messages, events = run(tracker("follow_up", "?", object_type="module", module="1",
                                   last_answer="list", language=lang))
    assert k.render(k.module(1).text, lang) in messages[0]["text"]
    assert all(e["name"] != "language" for e in events)  # the action never changes the language


def test_a_message_only_leaning_to_a_disclosure_is_first_read_as_a_follow_up():
    """crisis_kind unsure (data/crisis.yml): "is it free?" after 150 is answered, and the
    conversation is not marked as a disclosure."""
    messages, events = run(tracker("crisis", "is it free or does my mom have to pay?", entry="helpline_150",
                                   contact="helpline_150", crisis_kind="unsure", disclosed=True))
    assert messages[0]["answer"] == "helpline_150" and "free" in messages[0]["text"]
    assert SlotSet("disclosed", False) in events


def test_a_message_only_leaning_to_a_disclosure_gets_the_gentle_check_otherwise():
    messages, events = run(tracker("crisis", "i dont know what to do anymore", crisis_kind="unsure"))
    assert [m["response"] for m in messages] == ["utter_crisis"]
    assert SlotSet("crisis_answered", True) in events


def note(**slots):
    from actions.crisis import ActionNoteDisclosure
    dispatcher = CollectingDispatcher()
    events = run_async(ActionNoteDisclosure().run(dispatcher, tracker("crisis", "", **slots), {}))
    assert dispatcher.messages == []  # the reply is the domain's (utter_crisis), sent before
    return {e["name"]: e["value"] for e in events}


def test_a_disclosure_is_remembered_and_bullying_leaves_its_topic():
    assert note(crisis_kind="violence") == {"crisis_answered": True}
    assert note(crisis_kind="violence", crisis_answered=True) == {}
    slots = note(crisis_kind="bullying")
    assert slots == {"crisis_answered": True, "object_type": "topic", "topic": "cyberbullying",
                     "module": "2", "last_answer": "topic", "entry": "cyberbullying"}


def test_after_the_bullying_reply_a_follow_up_gets_the_steps_against_bullying():
    """'should I write back to them?' after the reply for bullying: the advice of the
    cyberbullying topic (block, report, keep evidence), not "I didn't understand"."""
    slots = note(crisis_kind="bullying")
    messages, _ = run(tracker("ask_advice", "ok and should i write back to them?", disclosed=True, language="en",
                              **{k: v for k, v in slots.items() if k != "crisis_answered"}))
    assert "block" in messages[0]["text"] and messages[0]["answer"] == "cyberbullying"


@pytest.mark.parametrize("intent, text, lang, step", [
    ("out_of_scope", "should i write back to them?", "en", "block"),
    ("nlu_fallback", "а отвечать им?", "ru", "заблокируй"),
    ("nlu_fallback", "оларға жауап жазайын ба?", "kk", "бұғатта"),
])
def test_what_to_do_about_them_after_the_bullying_reply(intent, text, lang, step):
    """Not understood alone: after the reply for bullying it asks for the topic's advice."""
    slots = {k: v for k, v in note(crisis_kind="bullying").items() if k != "crisis_answered"}
    messages, _ = run(tracker(intent, text, disclosed=True, language=lang, **slots))
    assert step in messages[0]["text"].lower() and messages[0]["answer"] == "cyberbullying"
