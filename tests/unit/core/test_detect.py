"""Which language a message is in: Kazakh letters, Cyrillic, Latin; short or mixed messages
say nothing (the conversation keeps its language); explicit choices win (core/detect.py)."""

import pytest

from core import detect


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
    assert detect.detect(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("/lang ru", "ru"), ("/lang kk", "kk"), ("/lang en", "en"), ("/language english", "en"),
    ("/lang русский", "ru"), ("/lang қазақ", "kk"), (" /LANG KZ ", "kk"), ("/lang de", None),
    ("lang ru", None), ("/restart", None),
])
def test_command(text, expected):
    assert detect.command(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("speak Russian please", "ru"), ("can you answer in Kazakh?", "kk"), ("switch to English", "en"),
    ("говори по-казахски", "kk"), ("давай на английском", "en"), ("можно по русски?", "ru"),
    ("қазақша сөйле", "kk"), ("орысша жауап берші", "ru"), ("ағылшынша жаза аласың ба?", "en"),
    ("hello", None), ("Russian or Kazakh?", None),
])
def test_asked_for(text, expected):
    assert detect.asked_for(text) == expected


def test_choose_prefers_the_explicit_choice_then_the_text_then_the_hint():
    assert detect.choose("/lang kk", hint="ru") == "kk"
    assert detect.choose("speak Russian please", asks_for_language=True) == "ru"
    # only a request for a language switches to the language it names
    assert detect.choose("do the psychologists speak Russian?") == "en"
    assert detect.choose("сколько было модулей?", hint="kk") == "ru"
    assert detect.choose("50?", hint="kk") == "kk"
    assert detect.choose("50?", hint="de") is None
    assert detect.choose("50?") is None


@pytest.mark.parametrize("text, expected", [
    ("а третий?", "ru"), ("а что она сказала?", "ru"), ("второй", "ru"),
    ("бир адам интернетте фото сурап жатыр, ешкимге айтпа дейди", "kk"),  # Kazakh without its letters
    ("озиме зиян келтиргим келеди", "kk"), ("Неше модуль болды?", "kk"), ("папам мени урады", "kk"),
    ("закиеваның сөзі", "kk"), ("ал екиншиси ше", "kk"),
    ("спасибо, рахмет", None),         # one word of each: the conversation decides
    ("в интернете меня травят", "ru"), ("мама пьёт и бьёт меня", "ru"),
])
def test_detect_harder_cases(text, expected):
    assert detect.detect(text) == expected


def test_reply_language_takes_the_first_known_language():
    assert detect.reply_language(None, "kk", "ru") == "kk"
    assert detect.reply_language("de", None) == detect.DEFAULT == "en"


@pytest.mark.parametrize("text, expected", [
    ("akem meni urady", "kk"), ("magan qazir qauip tonip tur", "kk"), ("otec menya bjot", "ru"),
    ("mne strashno domoj idti", "ru"), ("my mama hits me", "en"), ("mama", None), ("salem", None),
])
def test_russian_and_kazakh_typed_in_latin_letters(text, expected):
    assert detect.detect(text) == expected
