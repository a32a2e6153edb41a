"""A long conversation gets the same replies with the flat-cost patches (addons/patches/
conversation.py: tracker cache, rule window, lean action calls) as with Rasa's own code, also
across a restart of Rasa in the middle (the cache is empty then: the store is read). 200
messages of the benchmark's varied list (follow-ups, a disclosure and its yes/no, off-topic,
Russian), cycled in one conversation."""

import pytest

from bench.questions import QUESTIONS
from tools.replay import digest
from tools.servers import BotServers

pytestmark = pytest.mark.bot

N = 200
OFF = {"TRACKER_CACHE": "0", "RULE_WINDOW": "0", "LEAN_ACTION_TRACKER": "0", "FLOOD_SENDER_MESSAGES": "0"}
ON = {"TRACKER_CACHE": "1", "RULE_WINDOW": "1", "LEAN_ACTION_TRACKER": "1", "FLOOD_SENDER_MESSAGES": "0"}


def messages():
    out = []
    for i in range(N):
        text = QUESTIONS[i % len(QUESTIONS)]
        out.append(text)
        if "hits me" in text:  # the danger question: a yes once, a no the next time round
            out.append("yes" if (i // len(QUESTIONS)) % 2 == 0 else "no")
    return out[:N]


def play(env, restart_at=None):
    replies = []
    with BotServers(env=env) as bot:
        for i, text in enumerate(messages()):
            if i == restart_at:
                bot.stop_rasa()
                bot.start_rasa()
            replies.append(digest(bot.say("long-conversation", text)))
    return replies


def test_the_same_replies_with_the_patches_and_after_a_restart():
    rasa = play(OFF)
    patched = play(ON, restart_at=N // 2)
    different = [(i + 1, messages()[i]) for i, (a, b) in enumerate(zip(rasa, patched, strict=True)) if a != b]
    assert not different, different[:5]
