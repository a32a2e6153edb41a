"""Commands and safe words (core/commands.py): the same on every channel, whatever the classifier."""

import pytest

from core import commands


@pytest.mark.parametrize("text, intent", [
    ("/start", "greet"), ("/start@ChildSafetyBot", "greet"), (" /HELP ", "safe_word"), ("/help", "safe_word"),
    ("SOS", "safe_word"), ("sos!", "safe_word"), ("Help!", "safe_word"), ("help me", "safe_word"),
    ("помогите", "safe_word"), ("Помогите!!", "safe_word"), ("көмек", "safe_word"), ("комек", "safe_word"),
    ("/lang ru", None), ("/restart", None), ("/crisis_danger", None),
    ("help me with my homework", None), ("what is the sos number", None), ("", None),
])
def test_intent_of(text, intent):
    assert commands.intent_of(text) == intent


def test_only_known_commands_lose_their_slash():
    assert commands.is_command("/start") and commands.is_command("/help@Bot")
    assert not commands.is_command("/lang kk") and not commands.is_command("SOS")
