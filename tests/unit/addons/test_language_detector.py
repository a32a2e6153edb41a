"""The NLU component that turns core/detect.py's answer into the `language` entity and
"/lang xx" into `set_language`."""

from rasa.shared.nlu.training_data.message import Message

from addons.nlu.language_detector import LanguageDetector


def parse(text, intent="ask_event", metadata=None):
    message = Message(data={"text": text, "metadata": metadata,
                            "intent": {"name": intent, "confidence": 0.9},
                            "intent_ranking": [{"name": intent, "confidence": 0.9}]})
    LanguageDetector(LanguageDetector.get_default_config()).process([message])
    entities = [e for e in message.get("entities") or [] if e["entity"] == "language"]
    return message, (entities[0]["value"] if entities else None)


def test_component_adds_the_language_entity():
    assert parse("сколько омбудсменов участвовало?")[1] == "ru"
    assert parse("қанша омбудсмен қатысты?")[1] == "kk"
    assert parse("how many ombudsmen?")[1] == "en"
    assert parse("50?")[1] is None
    assert parse("50?", metadata={"language": "kk"})[1] == "kk"


def test_component_turns_a_lang_command_into_set_language():
    message, lang = parse("/lang kk", intent="nlu_fallback")
    assert lang == "kk"
    assert message.get("intent")["name"] == "set_language"
    assert message.get("intent_ranking")[0]["name"] == "set_language"
    assert message.get("text") == "lang kk"  # so Rasa's "/intent" shortcut leaves it alone


def test_set_language_takes_the_language_asked_for():
    assert parse("please answer in Kazakh", intent="set_language")[1] == "kk"
    assert parse("please answer in Kazakh", intent="ask_contacts")[1] == "en"


def test_a_command_has_no_language_of_its_own():
    assert parse("/help")[1] is None and parse("/start")[1] is None
    assert parse("/help", metadata={"language": "kk"})[1] == "kk"
