"""Russian and Kazakh messages are routed to `other_language`; English ones are left alone."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from addons.language_guard import LanguageGuard, cyrillic_share


@pytest.mark.parametrize("text, share", [("привет", 1.0), ("hello", 0.0), ("", 0.0), ("🙂🙂", 0.0),
                                         ("сәлем hi", 5 / 7)])
def test_cyrillic_share(text, share):
    assert cyrillic_share(text) == pytest.approx(share)


@pytest.mark.parametrize("text, expected", [
    ("сколько омбудсменов участвовало?", "other_language"),
    ("қанша омбудсмен қатысты?", "other_language"),
    ("how many ombudsmen attended", "ask_attendance"),
    ("who is Dinara Zakieva (Закиева)?", "ask_attendance"),  # mostly Latin: left alone
])
def test_routes_cyrillic_messages(text, expected):
    message = Message(data={"text": text, "intent": {"name": "ask_attendance", "confidence": 0.9}})
    LanguageGuard(LanguageGuard.get_default_config()).process([message])
    assert message.get("intent")["name"] == expected
