"""Faults: the action server down, Rasa restarted mid-conversation."""

import uuid

import pytest

from tools.servers import BotServers

pytestmark = pytest.mark.bot


def test_action_server_down_never_leaves_a_turn_silent():
    with BotServers(actions=False) as bot:  # Rasa up, nothing listening for actions
        user = f"down-{uuid.uuid4().hex[:8]}"
        fact = bot.text(user, "how many ombudsmen attended?")
        assert "can't look that up right now" in fact and "150" in fact and "112" in fact
        crisis = bot.text(user, "my dad beats me every night")  # a domain response: no action server needed
        assert "150" in crisis and "112" in crisis and "not your fault" in crisis
        assert "Hello" in bot.text(user, "hi")
        bot.start_actions()  # and once it is back, answers come back
        assert "50" in bot.text(user, "how many ombudsmen attended?")


def test_conversation_survives_a_restart_of_rasa():
    with BotServers() as bot:
        user = f"restart-{uuid.uuid4().hex[:8]}"
        assert "legal literacy" in bot.text(user, "tell me about the first module")
        bot.stop_rasa()
        bot.start_rasa()  # same SQLite tracker store file
        assert "climate change" in bot.text(user, "and the third?")
