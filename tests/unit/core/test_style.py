"""The measurable parts of docs/style.md, for every entry of the knowledge file."""

import re

import pytest

from core.knowledge.store import knowledge
from core.lexicon import LANGUAGES

K = knowledge()
RECORDS = [*K.contacts, *K.answers, *K.modules, *K.people, *K.topics]
SHORT_WORDS = {"en": 30, "ru": 32, "kk": 30}
INFORMAL_RU = re.compile(r"(?<!\w)(ты|тебе|тебя|твой|твоя|твои|можешь|хочешь|спроси|позвони|напиши)(?!\w)", re.I)
INFORMAL_KK = re.compile(r"(?<!\w)(сен|саған|сені|сенің|сұра|аласың|білгің)(?!\w)", re.I)


def words(text):
    return [w for w in text.split() if re.search(r"\w", w)]


@pytest.mark.parametrize("rec", RECORDS, ids=lambda r: r.id)
def test_every_entry_has_a_short_plain_version_in_every_language(rec):
    assert rec.short, f"{rec.id}: no short version"
    for lang in LANGUAGES:
        n = len(words(K.render(rec.short, lang)))
        assert 3 <= n <= SHORT_WORDS[lang], (rec.id, lang, n)


@pytest.mark.parametrize("rec", RECORDS, ids=lambda r: r.id)
def test_a_short_version_says_no_number_its_entry_does_not(rec):
    full = K.render(rec.text if hasattr(rec, "text") else rec.role, "en")
    for lang in LANGUAGES:
        assert set(re.findall(r"\d+", K.render(rec.short, lang))) <= set(re.findall(r"\d+", full)), rec.id


def test_every_plain_definition_is_in_every_language_and_short():
    assert {d.id for d in K.definitions} >= {"ombudsman", "convention", "ratify", "cyberbullying"}
    for d in K.definitions:
        for lang in LANGUAGES:
            assert len(words(d.text[lang])) <= 25, (d.id, lang)


def test_every_advice_has_a_version_for_adults_with_the_same_numbers():
    for t in K.topics:
        if t.advice:
            assert t.advice_adult, t.id
            for lang in LANGUAGES:
                assert sorted(re.findall(r"\d+", t.advice_adult[lang])) == sorted(re.findall(r"\d+", t.advice[lang])) \
                    or set(re.findall(r"\d+", t.advice_adult[lang])) == set(re.findall(r"\d+", t.advice[lang])), t.id


def test_every_phrase_that_speaks_to_the_reader_has_a_polite_version():
    for pid, text in K.phrases.items():
        if INFORMAL_RU.search(text["ru"]) or INFORMAL_KK.search(text["kk"]):
            if pid.endswith("_button") or pid == "module_button_payload":
                continue  # a button is the user's own words
            formal = K.formal_phrases.get(pid)
            assert formal, f"phrase {pid} addresses a child only"
            assert not INFORMAL_RU.search(formal["ru"]), pid
            assert not INFORMAL_KK.search(formal["kk"]), pid


def test_no_reply_says_it_does_not_want_to_guess():
    for pid, text in K.phrases.items():
        assert "guess" not in text["en"], pid
