"""What the sources never say (core/cues.py NOT_IN_SOURCES, session 12) is never cued by an
ordinary question about what they do say."""

import pytest

from core.cues import cued
from core.lexicon import normalise


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
