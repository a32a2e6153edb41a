"""Which language a message is in: Kazakh letters, Cyrillic, Latin; short or mixed messages
say nothing (the conversation keeps its language); explicit choices win. And the NLU component
that turns this into the `language` entity and "/lang xx" into `set_language`."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from addons import language
from addons.language_detector import LanguageDetector


@pytest.mark.parametrize("text, expected", [
    ("how many ombudsmen attended?", "en"),
    ("hi", "en"),
    ("my dad hits me", "en"),
    ("сколько омбудсменов участвовало?", "ru"),
    ("привет", "ru"),
    ("меня бьют дома", "ru"),
    ("қанша омбудсмен қатысты?", "kk"),
    ("сәлем", "kk"),
    ("ал үшіншісі?", "kk"),
    ("мени урады", "kk"),           # Kazakh typed without its letters
    ("салем калайсын", "kk"),
    ("рахмет", "kk"),
    ("кибербуллинг деген не?", "kk"),  # a Russian loanword in a Kazakh sentence
    ("что такое UNICEF?", "ru"),     # mostly Cyrillic
    ("50?", None),                   # nothing to tell by
    ("🙂", None),
    ("", None),
    ("ok", None),                    # too short to tell
    ("Zakieva", None),               # a name is not a language
    ("Закиева?", None),
    ("UNICEF Казахстан", None),      # mixed
])
def test_detect(text, expected):
    assert language.detect(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("/lang ru", "ru"), ("/lang kk", "kk"), ("/lang en", "en"), ("/language english", "en"),
    ("/lang русский", "ru"), ("/lang қазақ", "kk"), (" /LANG KZ ", "kk"), ("/lang de", None),
    ("lang ru", None), ("/restart", None),
])
def test_command(text, expected):
    assert language.command(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("speak Russian please", "ru"), ("can you answer in Kazakh?", "kk"), ("switch to English", "en"),
    ("говори по-казахски", "kk"), ("давай на английском", "en"), ("можно по русски?", "ru"),
    ("қазақша сөйле", "kk"), ("орысша жауап берші", "ru"), ("ағылшынша жаза аласың ба?", "en"),
    ("hello", None), ("Russian or Kazakh?", None),
])
def test_asked_for(text, expected):
    assert language.asked_for(text) == expected


def test_choose_prefers_the_explicit_choice_then_the_text_then_the_hint():
    assert language.choose("/lang kk", hint="ru") == "kk"
    assert language.choose("speak Russian please", asks_for_language=True) == "ru"
    # only a request for a language switches to the language it names
    assert language.choose("do the psychologists speak Russian?") == "en"
    assert language.choose("сколько было модулей?", hint="kk") == "ru"
    assert language.choose("50?", hint="kk") == "kk"
    assert language.choose("50?", hint="de") is None
    assert language.choose("50?") is None


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


@pytest.mark.parametrize("text, expected", [
    ("а третий?", "ru"), ("а что она сказала?", "ru"), ("второй", "ru"),
    ("бир адам интернетте фото сурап жатыр, ешкимге айтпа дейди", "kk"),  # Kazakh without its letters
    ("озиме зиян келтиргим келеди", "kk"), ("Неше модуль болды?", "kk"), ("папам мени урады", "kk"),
    ("закиеваның сөзі", "kk"), ("ал екиншиси ше", "kk"),
    ("спасибо, рахмет", None),         # one word of each: the conversation decides
    ("в интернете меня травят", "ru"), ("мама пьёт и бьёт меня", "ru"),
])
def test_detect_harder_cases(text, expected):
    assert language.detect(text) == expected
