"""What the sources never say (core/cues.py NOT_IN_SOURCES, session 12) is never cued by an
ordinary question about what they do say; asked of a line, a person or a topic, it gets the
honest reply (session 14)."""

import pytest

from core.answers import respond as _respond
from core.cues import cued
from core.knowledge.base import Knowledge as _Knowledge
from core.knowledge.store import knowledge_path as _kpath
from core.lexicon import normalise
from core.vocabulary import vocabulary as _vocabulary


@pytest.mark.parametrize("text", [
    "What do people in Kazakhstan celebrate on the 1st of June?", "Когда отмечается День защиты детей?",
    "When is the Day of the Family celebrated in Kazakhstan?", "What time did the ombudsmen event start",
    "Омбудсмендер кездесуі қай ғимаратта өтті?", "Which countries have not ratified the Convention?",
    "Көп балалы отбасыларға қандай жәрдемақы беріледі?", "С какого возраста подросток может официально работать?",
])
def test_what_the_sources_never_say_is_cued(text):
    assert cued(normalise(text), "not_in_sources")


@pytest.mark.parametrize("text", [
    "Балалар күні қашан құрылды?", "Is it true that Kazakhstan has not ratified the Convention?",
    "Қазақстан Конвенцияны ратификацияламаған ба?", "What are the benefits of children's participation in decisions?",
    "Есть ли методическое пособие к классному часу о правах ребёнка?", "When is World Children's Day?",
    "Сколько детей было на встрече?", "When did Kazakhstan ratify the Convention?",
])
def test_questions_the_sources_answer_are_not(text):
    assert not cued(normalise(text), "not_in_sources")


@pytest.mark.parametrize("text, lang, kind", [
    ("бұл не бәле ғой қырт", "kk", "honest"),          # words the domain does not know, the classifier unsure
    ("бұл ақпарат қайдан алынған?", "kk", "answer"),
    ("where is this from?", "en", "answer"),
])
def test_a_sources_question_the_classifier_is_unsure_of_is_checked_for_a_near_miss(text, lang, kind):
    from core.answers import respond
    from core.knowledge.store import knowledge, knowledge_path
    from core.vocabulary import vocabulary

    reply = respond(knowledge(), "ask_sources", text, {}, lang, 0.72, vocabulary(knowledge_path()))
    assert reply.kind == kind


# --- session 14: what an entry does not say, asked of a line, a person or a topic -----------------

_K = _Knowledge.load()
_V = _vocabulary(_kpath())


@pytest.mark.parametrize("text, lang, line", [
    ("does the 150 helpline have a telegram bot", "en", "helpline_150"),
    ("у линии 150 есть чат в вотсапе?", "ru", "helpline_150"),
    ("Does 112 work from a phone without a SIM card?", "en", "emergency_112"),
])
def test_what_a_line_does_not_offer_is_not_answered_yes(text, lang, line):
    reply = _respond(_K, "ask_contacts", text, {}, lang, 0.99, _V)
    assert reply.kind == "honest" and reply.answer == line
    assert not reply.text.startswith(_K.phrase("yes", lang))
    assert _K.contact(line).number in reply.text


def test_asked_to_write_to_150_the_line_that_takes_messages_is_given_too():
    reply = _respond(_K, "ask_contacts", "can i text 150?", {}, "en", 0.99, _V)
    assert reply.kind == "honest" and "111" in reply.text
    assert _respond(_K, "ask_contacts", "can i write to 111?", {}, "en", 0.99, _V).kind == "answer"


@pytest.mark.parametrize("intent, text, lang", [
    ("ask_person", "where is rashed mustafa sarwar from originally", "en"),
    ("ask_person", "Наталья Жұмаділдаеваның неше баласы бар?", "kk"),
    ("ask_advice", "Какую программу родительского контроля лучше выбрать?", "ru"),
    ("ask_topic", "Қай әлеуметтік желі ең қауіпсіз?", "kk"),
])
def test_what_the_sources_never_say_of_an_entry_is_honest(intent, text, lang):
    assert _respond(_K, intent, text, {}, lang, 0.99, _V).kind == "honest"


@pytest.mark.parametrize("text, honest", [
    ("ресейдин балалар омбудсмени ким", True), ("Шымкент қаласының балалар омбудсмені кім?", True),
    ("Қазақстанның балалар омбудсмені кім?", False), ("балалар омбудсмені кім?", False),
])
def test_the_ombudsman_of_another_place_in_kazakh(text, honest):
    reply = _respond(_K, "ask_ombudsman", text, {}, "kk", 0.99, _V)
    assert (reply.kind == "honest" and reply.answer in ("honest", "clarify")) == honest


@pytest.mark.parametrize("intent, text, lang, honest", [
    ("ask_world_childrens_day", "When is World Children's Day?", "en", False),
    ("ask_world_childrens_day", "Дүниежүзілік балалар күні қашан?", "kk", False),
    ("ask_event", "what happened on that day?", "en", False),
    ("ask_contacts", "Қазақстанда балаларға арналған сенім телефонының нөмірі қандай?", "kk", False),
    ("ask_person", "Who was UNICEF's representative in Kazakhstan before Dr. Sarwar?", "en", True),
])
def test_a_predecessor_is_honest(intent, text, lang, honest):
    assert (_respond(_K, intent, text, {}, lang, 0.99, _V).kind == "honest") == honest


# A review's cases (session 14): words near a line, a day or a place in an ordinary or urgent
# question must not make it a near miss.
@pytest.mark.parametrize("intent, text, lang", [
    ("ask_contacts", "a man on the street is following me, is 112 right?", "en"),
    ("ask_contacts", "на улице ко мне пристает незнакомец, звонить 112?", "ru"),
    ("ask_contacts", "Көшеде біреу артымнан жүр, 112-ге қоңырау шалайын ба?", "kk"),
    ("ask_advice", "меня каждый день травят в чате, что делать?", "ru"),
    ("ask_advice", "my son is online all day, how do I keep him safe?", "en"),
    ("ask_contacts", "Демалыс күні 150-ге қоңырау шалуға бола ма?", "kk"),
    ("ask_world_childrens_day", "Какой день отмечают 20 ноября?", "ru"),
    ("ask_contacts", "лагерьде мені ұрды, кімге хабарласамын?", "kk"),
    ("ask_contacts", "жатақханада мені ұрады, қай нөмір?", "kk"),
    ("ask_contacts", "в нашем городе работает 111?", "ru"),
])
def test_an_ordinary_or_urgent_question_near_a_line_day_or_place_is_answered(intent, text, lang):
    reply = _respond(_K, intent, text, {}, lang, 0.99, _V)
    assert reply.kind != "honest", (reply.answer, reply.text)


@pytest.mark.parametrize("first, then, lang", [
    ("кто такая Закиева?", "мой друг в беде, какой номер телефона ему дать?", "ru"),
    ("who is Zakharenko?", "my brother is in danger, give me a phone number for him", "en"),
])
def test_asking_for_a_number_after_a_person_gets_the_helplines(first, then, lang):
    one = _respond(_K, "ask_person", first, {}, lang, 0.99, _V)
    reply = _respond(_K, "ask_contacts", then, one.context, lang, 0.99, _V)
    assert reply.kind == "answer" and "150" in reply.text


@pytest.mark.parametrize("text, lang", [("is 150 paid?", "en"), ("is 150 only in Russian?", "en"),
                                        ("does 111 have a Telegram bot?", "en")])
def test_no_yes_in_front_of_a_line(text, lang):
    assert not _respond(_K, "ask_contacts", text, {}, lang, 0.99, _V).text.startswith(_K.phrase("yes", lang))
