"""End to end over the REST channel: the trained model, the action server and Rasa, as a user
of `make serve` would talk to them."""

import uuid

import pytest
import yaml

from tools.servers import ROOT, BotServers

pytestmark = pytest.mark.bot

HELDOUT = yaml.safe_load((ROOT / "tests" / "heldout" / "nlu" / "heldout.yml").read_text(encoding="utf-8"))
FRESH = yaml.safe_load((ROOT / "tests" / "heldout" / "nlu_fresh" / "fresh_en.yml").read_text(encoding="utf-8"))


def heldout(intent, data=HELDOUT):
    block = next(b for b in data["nlu"] if b["intent"] == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


@pytest.fixture(scope="module")
def bot():
    with BotServers() as servers:
        yield servers


def new_user():
    return f"test-{uuid.uuid4().hex[:12]}"


def test_how_many_ombudsmen(bot):
    assert "50" in bot.text(new_user(), "how many ombudsmen attended?")


def test_every_heldout_crisis_message_gets_the_helplines(bot):
    missed = []
    for message in heldout("crisis") + heldout("crisis", FRESH):  # both held-out sets
        text = bot.text(new_user(), message)
        if not ("150" in text and "112" in text):
            missed.append((message, text[:80]))
    assert not missed


def test_crisis_in_the_middle_of_a_conversation(bot):
    user = new_user()
    bot.text(user, "tell me about the first module")
    assert "150" in bot.text(user, "my brother keeps punching me and i'm scared")
    assert "climate change" in bot.text(user, "and the third?")  # the context survived


def test_out_of_scope_gets_the_honest_reply(bot):
    text = bot.text(new_user(), "what's the weather in Almaty tomorrow?")
    assert "can't help with that" in text and "child safety" in text


@pytest.mark.parametrize("message", ["qwxz blarp zzkk", "asdfgh", "?!?!", "lorem ipsum dolor"])
def test_gibberish_gets_an_honest_reply_not_an_answer(bot, message):
    text = bot.text(new_user(), message)
    assert ("didn't understand" in text or "can't help with that" in text) and "Source:" not in text


@pytest.mark.parametrize("turns", [
    [("what modules were there?", "1. Legal literacy"), ("tell me more about the second one", "online safety")],
    [("tell me about the first module", "legal literacy"), ("and the third?", "climate change")],
    [("who is Dinara Zakieva?", "Commissioner for Children's Rights"), ("what did she say?", "children's voices")],
])
def test_follow_ups_in_context(bot, turns):
    user = new_user()
    for message, expected in turns:
        assert expected in bot.text(user, message), message


def test_bot_says_it_is_a_bot(bot):
    assert "automated assistant" in bot.text(new_user(), "are you a real person?")


def test_greeting_offers_quick_replies(bot):
    replies = bot.say(new_user(), "hello")
    assert replies[0]["buttons"] and all(b["payload"] for b in replies[0]["buttons"])
