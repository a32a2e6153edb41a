"""The answering logic without Rasa: each question and follow-up gets the right fact from the
knowledge file, and the context carries follow-ups."""

import pytest

from core.answers import respond
from core.knowledge.base import Knowledge
from core.knowledge.schema import tr

K = Knowledge.load()


def converse(turns, lang="en"):
    """Run (intent, text[, lang]) turns through respond(), carrying the context like the slots
    do."""
    ctx, replies = {}, []
    for intent, text, *turn_lang in turns:
        reply = respond(K, intent, text, ctx, turn_lang[0] if turn_lang else lang)
        ctx.update(reply.context)
        replies.append(reply)
    return replies


def test_attendance_says_fifty():
    assert "50 child ombudsmen" in respond(K, "ask_attendance", "how many ombudsmen attended?", {}).text


def test_modules_then_second_one():
    listing, second = converse([("ask_modules", "what modules were there?"),
                                ("follow_up", "tell me more about the second one")])
    assert "1. Legal literacy" in listing.text and "3. Environmental" in listing.text
    assert "online safety" in second.text and second.context["module"] == "2"


def test_first_module_then_the_third():
    first, third = converse([("ask_module", "tell me about the first module"), ("follow_up", "and the third?")])
    assert "legal literacy" in first.text
    assert "climate change" in third.text


def test_person_then_what_she_said():
    who, said = converse([("ask_person", "who is Dinara Zakieva?"), ("ask_quote", "what did she say?")])
    assert "Commissioner for Children's Rights" in who.text
    assert "children's voices are essential" in said.text


def test_speakers_then_the_last_one():
    _, last = converse([("ask_speakers", "who spoke?"), ("follow_up", "the last one?")])
    assert "Ruslan Zakharenko" in last.text


def test_tell_me_more_goes_deeper():
    """A child gets the short version first; "tell me more" brings the whole, then the advice."""
    replies = converse([("ask_topic", "what is cyberbullying?"), ("follow_up", "tell me more"),
                        ("follow_up", "tell me more")])
    assert "digital technologies" not in replies[0].text and "digital technologies" in replies[1].text
    assert "block the bully" in replies[2].text  # the advice comes next


def test_ombudsman_answer_sets_the_person_for_a_quote():
    _, quote = converse([("ask_ombudsman", "who protects children's rights?"), ("ask_quote", "what did she say")])
    assert quote.text.startswith("Dinara Zakieva said")


@pytest.mark.parametrize("text, number", [
    ("what is the police number", "102"), ("ambulance?", "103"), ("what is 111?", "111"), ("fire", "101")])
def test_specific_contacts(text, number):
    reply = respond(K, "ask_contacts", text, {})
    assert f"{number} is" in reply.text


def test_default_contacts_are_the_crisis_lines():
    text = respond(K, "ask_contacts", "who can I call for help?", {}).text
    assert all(n in text for n in ("150", "111", "112")) and "102" not in text


def test_emergency_numbers_list_all_services():
    text = respond(K, "ask_contacts", "emergency numbers", {}).text
    assert all(n in text for n in ("112", "102", "103", "101", "104"))


@pytest.mark.parametrize("text, expected", [
    ("how do I stay safe online?", "keep personal information"),
    ("how can I protect my child online", "parental controls"),
    ("what do I do if someone is cyberbullying me", "block the bully"),
])
def test_advice(text, expected):
    assert expected in respond(K, "ask_advice", text, {}).text


def test_advice_without_advice_is_honest():
    text = respond(K, "ask_advice", "what should I do about climate change", {}).text
    assert text.startswith("I have no practical advice")


def test_unknown_person_lists_the_people():
    reply = respond(K, "ask_person", "who is that?", {})
    assert "not sure which person" in reply.text and "Ruslan Zakharenko" in reply.text


def test_follow_up_without_context_is_honest():
    assert "not sure what you are referring to" in respond(K, "follow_up", "tell me more", {}).text


def test_every_answer_cites_a_source():
    for intent in ("ask_event", "ask_convention", "ask_module", "ask_person", "ask_topic", "ask_contacts"):
        assert "Source:" in respond(K, intent, "the first one, Zakieva, cyberbullying", {}).text


def test_unknown_intent_raises():
    with pytest.raises(KeyError):
        respond(K, "ask_nonsense", "x", {})


# --- Russian and Kazakh: the same facts, in the conversation's language -------------------------

@pytest.mark.parametrize("lang, question", [("ru", "сколько омбудсменов участвовало?"),
                                            ("kk", "қанша омбудсмен қатысты?")])
def test_attendance_in_russian_and_kazakh(lang, question):
    reply = respond(K, "ask_attendance", question, {}, lang)
    assert "50" in reply.text
    # "how many?" gets the one part that says how many, and an offer to say more
    assert reply.text.startswith(K.render(K.answer_for("ask_attendance").parts["how_many"], lang))
    assert reply.buttons[0]["title"] == K.phrase("more_button", lang)
    assert K.cite(["article"], lang) in reply.text


@pytest.mark.parametrize("lang, modules, third", [("ru", "какие были модули?", "а третий?"),
                                                  ("kk", "қандай модульдер болды?", "ал үшіншісі?")])
def test_modules_then_the_third_in_each_language(lang, modules, third):
    listing, reply = converse([("ask_modules", modules), ("follow_up", third)], lang)
    assert tr(K.module(1).title, lang) in listing.text
    assert K.render(K.module(3).text, lang) in reply.text
    assert reply.context["module"] == "3"
    assert listing.buttons[2]["title"] == K.phrase("module_button", lang, number=3)


def test_context_survives_a_change_of_language():
    _, third = converse([("ask_modules", "какие были модули?", "ru"), ("follow_up", "ал үшіншісі?", "kk")])
    assert K.render(K.module(3).text, "kk") in third.text


def test_russian_person_then_what_she_said():
    who, said = converse([("ask_person", "кто такая Динара Закиева?"), ("ask_quote", "а что она сказала?")], "ru")
    assert K.render(K.person("dinara_zakieva").role, "ru") in who.text
    assert K.render(K.person("dinara_zakieva").quote, "ru") in said.text


@pytest.mark.parametrize("lang, text, number", [
    ("ru", "какой номер полиции?", "102"), ("ru", "скорая помощь", "103"), ("kk", "жедел жәрдем нөмірі", "103"),
    ("kk", "өрт сөндіру қызметі", "101"), ("ru", "номера экстренных служб", "104"), ("kk", "шұғыл қызметтер", "104")])
def test_specific_contacts_in_russian_and_kazakh(lang, text, number):
    assert number in respond(K, "ask_contacts", text, {}, lang).text


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_default_contacts_in_each_language(lang):
    """In full for an adult, in the plain short versions for anyone else."""
    lines = ("helpline_150", "contact_111", "emergency_112")
    text = respond(K, "ask_contacts", "?", {"audience": "adult"}, lang).text
    assert all(K.render(K.contact(c).text, lang) in text for c in lines)
    text = respond(K, "ask_contacts", "?", {}, lang).text
    assert all(K.render(K.contact(c).short, lang) in text for c in lines)


@pytest.mark.parametrize("lang, text, topic", [
    ("ru", "что такое кибербуллинг?", "cyberbullying"), ("kk", "кибербуллинг деген не?", "cyberbullying"),
    ("ru", "безопасность в интернете", "online_safety"), ("kk", "климаттың өзгеруі туралы", "environment"),
    ("ru", "роль родителей", "parents_role"), ("kk", "әлеуметтік желілер", "social_media")])
def test_topics_found_in_russian_and_kazakh(lang, text, topic):
    assert respond(K, "ask_topic", text, {}, lang).context["topic"] == topic


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_honest_replies_are_translated(lang):
    assert respond(K, "follow_up", "?", {}, lang).text == K.phrase("not_sure_context", lang)
    no_advice = respond(K, "ask_advice", "climate", {}, lang).text
    assert no_advice.startswith(K.phrase("no_advice", lang, topic="@", text="@").split("@")[0])
