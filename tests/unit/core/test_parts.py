"""The exact answer first (core/parts.py) and "my sources don't say" for what an entry lacks
(core/understand.py, unknown_about): over the real knowledge file."""

import pytest

from core.answers import respond
from core.knowledge.base import Knowledge

K = Knowledge.load()


def part(answer_id, name, lang="en"):
    return K.render(K.record(answer_id).parts[name], lang)


@pytest.mark.parametrize("intent, text, lang, answer_id, name", [
    ("ask_convention", "how many articles does the convention have?", "en", "convention", "articles"),
    ("ask_convention", "сколько статей в конвенции о правах ребенка", "ru", "convention", "articles"),
    ("ask_convention", "конвенция неше баптан тұрады", "kk", "convention", "articles"),
    ("ask_convention", "when did kazakhstan ratify the convention?", "en", "convention", "ratified"),
    ("ask_convention", "when was the convention adopted", "en", "convention", "adopted"),
    ("ask_convention", "what are the optional protocols of the convention", "en", "convention", "protocols"),
    ("ask_world_childrens_day", "since what year is world children's day celebrated?", "en",
     "world_childrens_day", "history"),
    ("ask_world_childrens_day", "когда всемирный день ребенка", "ru", "world_childrens_day", "date"),
    ("ask_ombudsman", "who is the children's ombudsperson of kazakhstan?", "en", "ombudsman", "who"),
    ("ask_attendance", "how many ombudsmen came?", "en", "attendance", "how_many"),
    ("ask_unicef", "does unicef kazakhstan have a website?", "en", "unicef", "where"),
])
def test_a_narrow_question_gets_the_part_it_asks_for(intent, text, lang, answer_id, name):
    reply = respond(K, intent, text, {}, lang)
    assert reply.answer == answer_id and reply.kind == "answer"
    assert reply.text.removeprefix(K.phrase("yes", lang) + " ").startswith(part(answer_id, name, lang))
    assert K.render(K.record(answer_id).text, lang) not in reply.text  # not the whole paragraph
    assert reply.buttons[0]["title"] == K.phrase("more_button", lang)
    assert "\n" in reply.text  # the source line follows


@pytest.mark.parametrize("intent, text, lang, ctx", [
    ("ask_convention", "tell me about the convention on the rights of the child", "en", {}),
    ("ask_convention", "what is the convention on the rights of the child?", "en", {"audience": "adult"}),
    ("ask_convention", "расскажи про конвенцию о правах ребенка, когда ее приняли", "ru", {}),
])
def test_an_overview_question_gets_the_whole_entry(intent, text, lang, ctx):
    """(A child asking "what is ...?" gets the short version first: the tests of short_first below.)"""
    reply = respond(K, intent, text, ctx, lang)
    assert K.render(K.record("convention").text, lang) in reply.text


def test_tell_me_more_after_a_part_gives_the_whole_answer():
    first = respond(K, "ask_convention", "how many articles are in the convention?", {})
    more = respond(K, "follow_up", K.phrase("more_button", "en"), first.context)
    assert K.render(K.record("convention").text, "en") in more.text


@pytest.mark.parametrize("intent, text, lang, answer_id", [
    ("ask_unicef", "when was unicef founded?", "en", "unicef"),
    ("ask_ombudsman", "what is the salary of a regional child ombudsman", "en", "ombudsman"),
    ("ask_ombudsman", "какая зарплата у детского омбудсмена", "ru", "ombudsman"),
    ("ask_event", "when is the next meeting of the child ombudsmen", "en", "event"),
    ("ask_event", "в каком городе проходила встреча омбудсменов", "ru", "event"),
    ("ask_event", "омбудсмендердің кездесуі қай қалада өтті", "kk", "event"),
    ("ask_world_childrens_day", "что за праздник 1 июня", "ru", "world_childrens_day"),
])
def test_what_the_entry_does_not_say_gets_the_honest_reply(intent, text, lang, answer_id):
    reply = respond(K, intent, text, {}, lang)
    assert reply.kind == "honest"
    assert reply.text.startswith(K.say("not_in_sources_about", lang, False))


def test_a_contact_is_not_cut_by_the_not_in_sources_words():
    reply = respond(K, "ask_contacts", "how much does it cost to call 150?", {})
    assert reply.kind == "answer" and "150" in reply.text


@pytest.mark.parametrize("text, lang", [("how many children live in kazakhstan?", "en"),
                                        ("сколько детей в казахстане", "ru"),
                                        ("қазақстанда қанша бала тұрады", "kk")])
def test_the_number_of_children_is_answered(text, lang):
    reply = respond(K, "ask_children_count", text, {}, lang)
    assert reply.answer == "children_count"
    assert "7" in reply.text and "34" in reply.text


def test_the_source_line_is_shown_once_per_entry_and_when_asked():
    first = respond(K, "ask_convention", "tell me about the convention on the rights of the child", {})
    source = K.cite(K.record("convention").sources, "en")
    assert source in first.text
    ctx = dict(first.context)
    again = respond(K, "ask_convention", "tell me about the convention on the rights of the child", ctx)
    assert K.render(K.record("convention").text, "en") in again.text
    assert source not in again.text  # the same entry again: no boilerplate
    asked = respond(K, "ask_sources", "where is this from?", {**ctx, **again.context})
    assert asked.text.startswith(source)  # asked: the source of the last answer first


@pytest.mark.parametrize("lang, name", [("ru", "ЮНИСЕФ"), ("kk", "ЮНИСЕФ")])
def test_publishers_are_named_in_the_reply_language(lang, name):
    reply = respond(K, "ask_advice", "what is cyberbullying and what do I do", {}, lang)
    assert K.phrase("source", lang, publishers="").split(":")[0] in reply.text
    assert name in reply.text.split("\n")[-1]


@pytest.mark.parametrize("text, lang, name", [
    ("who answers there?", "en", "who_answers"), ("а кто там отвечает?", "ru", "who_answers"),
    ("in which languages?", "en", "languages"), ("а на казахском можно?", "ru", "languages"),
])
def test_a_follow_up_about_a_helpline_gets_that_part(text, lang, name):
    first = respond(K, "ask_contacts", "what is 150?", {}, lang)
    reply = respond(K, "follow_up", text, first.context, lang)
    assert reply.text.startswith(K.render(K.record("helpline_150").parts[name], lang))


def test_when_to_call_112():
    first = respond(K, "ask_contacts", "what is 112?", {})
    reply = respond(K, "follow_up", "when should i call it?", first.context)
    assert reply.text.startswith(K.render(K.record("emergency_112").parts["when_to_call"], "en"))


@pytest.mark.parametrize("first, then, lang", [
    ("what is 111?", "tell me more", "en"), ("Что такое 112?", "Расскажи подробнее", "ru"),
    ("150 деген не", "тағы не бар", "kk"),
])
def test_tell_me_more_after_a_whole_contact_gives_the_other_helplines(first, then, lang):
    one = respond(K, "ask_contacts", first, {}, lang)
    reply = respond(K, "follow_up", then, one.context, lang)
    others = [c for c in K.crisis_contacts() if c.id != one.answer]
    assert reply.answer == "contacts" and reply.kind == "answer"
    assert all(c.number in reply.text for c in others) and len(others) == 2


@pytest.mark.parametrize("then, lang", [("tell me more", "en"), ("anything else?", "en"), ("а ещё?", "ru")])
def test_tell_me_more_after_one_fact_of_a_contact_gives_the_whole_contact(then, lang):
    one = respond(K, "ask_contacts", "what is 150?", {}, lang)
    free = respond(K, "follow_up", "is it free?" if lang == "en" else "а это бесплатно?", one.context, lang)
    assert free.answer == "helpline_150" and len(free.text) < len(one.text)
    reply = respond(K, "follow_up", then, free.context, lang)
    assert reply.answer == "helpline_150"
    assert K.render(K.record("helpline_150").text, lang) in reply.text


@pytest.mark.parametrize("text, lang", [("А QR-код в школе ведёт туда же?", "ru"), ("what's the qr code at school?", "en"),
                                        ("мектептегі QR-код сонда апара ма?", "kk")])
def test_the_qr_codes_after_111(text, lang):
    one = respond(K, "ask_contacts", "what is 111?", {}, lang)
    reply = respond(K, "follow_up", text, one.context, lang)
    assert reply.text.startswith(K.render(K.record("contact_111").parts["where"], lang))


@pytest.mark.parametrize("first, then, lang, number", [
    ("what is the number for an ambulance?", "And if it is a fire?", "en", "101"),
    ("какой номер скорой?", "а полиции?", "ru", "102"),
])
def test_a_follow_up_naming_another_service_gets_its_number(first, then, lang, number):
    one = respond(K, "ask_contacts", first, {}, lang)
    reply = respond(K, "follow_up", then, one.context, lang)
    assert number in reply.text


# --- a long entry comes to a child first in its plain short version (core/parts.py, short_first)

def _long_answers(lang="en"):
    from core.parts import LONG
    return [a.id for a in K.answers if a.short and a.intents and len(K.render(a.text, lang).split()) > LONG]


def test_some_entries_are_long_enough_to_come_short():
    assert {"convention", "ombudsman", "child_rights"} <= set(_long_answers())


@pytest.mark.parametrize("lang, answer_id", [(lang, a) for lang in ("en", "ru", "kk") for a in _long_answers(lang)])
def test_a_child_gets_the_short_version_first_and_the_whole_on_tell_me_more(lang, answer_id):
    from core.lexicon import normalise
    rec = K.record(answer_id)
    question = {"en": "hmm", "ru": "хм", "kk": "хм"}[lang]  # no cue for a part, an overview or more
    reply = respond(K, rec.intents[0], question, {}, lang)
    assert reply.text.startswith(K.render(rec.short, lang)) or K.render(rec.short, lang) in reply.text
    assert K.render(rec.text, lang) not in reply.text
    assert reply.buttons[0]["title"] == K.phrase("more_button", lang)
    more = respond(K, "follow_up", K.phrase("more_button", lang), dict(reply.context), lang)
    assert more.answer == answer_id and K.render(rec.text, lang) in more.text, normalise(more.text)[:80]


@pytest.mark.parametrize("text, lang", [("tell me about the convention", "en"),
                                        ("расскажи о конвенции о правах ребенка", "ru")])
def test_tell_me_about_still_gets_the_whole(text, lang):
    reply = respond(K, "ask_convention", text, {}, lang)
    assert K.render(K.record("convention").text, lang) in reply.text


def test_an_adult_gets_the_whole_entry():
    reply = respond(K, "ask_convention", "что такое конвенция о правах ребенка", {"audience": "adult"}, "ru")
    assert K.render(K.record("convention").text, "ru") in reply.text


def test_a_short_entry_comes_whole():
    rec = K.record("unicef")
    reply = respond(K, "ask_unicef", "what is unicef?", {}, "en")
    assert K.render(rec.text, "en") in reply.text


def test_the_list_of_helplines_comes_in_short_versions_to_a_child_and_whole_to_an_adult():
    crisis = K.crisis_contacts()
    child = respond(K, "ask_contacts", "who can i call?", {}, "en")
    assert all(K.render(c.short, "en") in child.text for c in crisis)
    adult = respond(K, "ask_contacts", "who can i call?", {"audience": "adult"}, "en")
    assert all(K.render(c.text, "en") in adult.text for c in crisis)


@pytest.mark.parametrize("text, lang, part", [("is it free?", "en", "cost"), ("а он бесплатный?", "ru", "cost"),
                                              ("is it open at night?", "en", "hours")])
def test_a_question_after_the_list_of_helplines_gets_that_fact_of_each(text, lang, part):
    listed = respond(K, "ask_contacts", {"en": "who can i call?", "ru": "куда звонить?"}[lang], {}, lang)
    reply = respond(K, "nlu_fallback", text, dict(listed.context), lang)
    wanted = [K.render(c.parts[part], lang) for c in K.crisis_contacts() if part in (c.parts or {})]
    assert wanted and all(w in reply.text for w in wanted)
    assert "Whom to contact" not in reply.text and "Куда обращаться" not in reply.text



@pytest.mark.parametrize("text, lang", [("С какого числа 111 работает в нынешнем виде?", "ru"),
                                        ("since when has it worked like this?", "en"),
                                        ("қашаннан бері жұмыс істейді?", "kk")])
def test_since_when_111_works_as_it_does(text, lang):
    one = respond(K, "ask_contacts", "what is 111?", {}, lang)
    reply = respond(K, "follow_up", text, one.context, lang)
    assert reply.text.startswith(K.render(K.record("contact_111").parts["since"], lang))
    assert "2023" in reply.text


@pytest.mark.parametrize("intent, text, lang, ctx_text", [
    ("follow_up", "who led that one?", "en", "tell me about module 1"),
    ("ask_ombudsman", "Which ombudsman led it?", "en", "tell me about module 1"),
    ("ask_module", "кто вёл второй модуль?", "ru", None),
    ("ask_module", "екінші модульді кім жүргізді?", "kk", None),
])
def test_who_led_a_module_is_what_the_sources_say_and_do_not_say(intent, text, lang, ctx_text):
    ctx = respond(K, "ask_module", ctx_text, {}, lang).context if ctx_text else {}
    reply = respond(K, intent, text, ctx, lang)
    assert reply.kind == "honest" and reply.answer == "programme"
    assert K.render(K.answer_for("ask_modules").text, lang) in reply.text


@pytest.mark.parametrize("text, lang, person", [
    ("кто из юнисефа выступал на встрече", "ru", "rashed_mustafa_sarwar"),
    ("а кто из детей там выступал", "ru", "ruslan_zakharenko"),
    ("which of the speakers was a child?", "en", "ruslan_zakharenko"),
    ("who from the ministry spoke?", "en", "natalia_zhumadildaeva"),
    ("юнисефтен кім сөйледі", "kk", "rashed_mustafa_sarwar"),
    ("who spoke at the meeting?", "en", "speakers"),
    ("who spoke to the children?", "en", "speakers"),
])
def test_a_speaker_of_one_group(text, lang, person):
    assert respond(K, "ask_speakers", text, {}, lang).answer == person


@pytest.mark.parametrize("first, then, lang, part", [
    ("hey whats 111", "do they tell the police", "en", "police"),
    ("111 деген не", "Олар полициямен бірге жұмыс істей ме?", "kk", "police"),
    ("что такое 150", "а там правда психологи?", "ru", "who_answers"),
])
def test_a_question_about_the_line_of_the_conversation(first, then, lang, part):
    one = respond(K, "ask_contacts", first, {}, lang)
    reply = respond(K, "ask_contacts", then, one.context, lang)
    assert reply.answer == one.answer
    assert reply.text.startswith(K.render(K.record(one.answer).parts[part], lang))
    assert respond(K, "ask_contacts", "and the police?", one.context, lang).answer == "police_102"


@pytest.mark.parametrize("first, then, lang, ctx, topic", [
    ("что такое кибербуллинг", "а скрины сохранять?", "ru", {}, "cyberbullying"),
    ("Как мне как родителю защитить ребёнка в интернете?", "Что Вы посоветуете насчёт правил дома?", "ru",
     {"audience": "adult"}, "online_safety"),
])
def test_a_step_or_a_suggestion_asked_after_a_topic_gets_its_advice(first, then, lang, ctx, topic):
    one = respond(K, "ask_advice", first, ctx, lang)
    reply = respond(K, "nlu_fallback", then, {**one.context, **ctx}, lang)
    assert reply.answer == topic and reply.context["last_answer"] == "advice"


@pytest.mark.parametrize("first, then, lang", [
    ("what is 150", "how many psychologists work there?", "en"),
    ("150 деген не", "оларда неше психолог бар", "kk"),
    ("что такое 111", "А сколько у них юристов работает?", "ru"),
])
def test_how_many_work_at_a_line_is_not_in_the_sources(first, then, lang):
    one = respond(K, "ask_contacts", first, {}, lang)
    reply = respond(K, "nlu_fallback", then, one.context, lang)
    assert reply.kind == "honest" and reply.answer in (one.answer, "honest")
