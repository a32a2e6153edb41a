"""A message in the context of the conversation (core/understand.py), through respond()."""

import pytest

from core.answers import respond
from core.focus import focus
from core.knowledge.store import knowledge, knowledge_path
from core.vocabulary import Vocabulary, vocabulary

K = knowledge()
V = vocabulary(knowledge_path())

AFTER_150 = {"entry": "helpline_150", "contact": "helpline_150", "last_answer": "contacts"}
AFTER_111 = {"entry": "contact_111", "contact": "contact_111", "last_answer": "contacts"}
AFTER_CYBER = {"entry": "cyberbullying", "topic": "cyberbullying", "object_type": "topic",
               "last_answer": "topic", "module": "2"}
AFTER_CYBER_ADVICE = {**AFTER_CYBER, "last_answer": "advice"}


def ask(intent, text, ctx=None, lang="en", conf=0.9):
    return respond(K, intent, text, dict(ctx or {}), lang, conf, V)


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope", "ask_contacts"])
@pytest.mark.parametrize("text,lang,words", [
    ("does it cost anything?", "en", "free"),
    ("это платно?", "ru", "бесплатн"),
    ("ол тегін бе?", "kk", "тегін"),
])
def test_a_follow_up_on_a_contact_gets_that_fact_of_that_contact(intent, text, lang, words):
    r = ask(intent, text, AFTER_150, lang)
    assert r.answer == "helpline_150" and r.kind == "answer"
    assert words in r.text.lower()
    assert len(r.text.split("\n")[0].split()) <= 35  # the asked fact, not the whole entry


@pytest.mark.parametrize("intent", ["nlu_fallback", "out_of_scope"])
@pytest.mark.parametrize("text,lang,words", [
    # whether parents see it, giving no name (session 15, context_fresh7)
    ("would my parents see it on the phone bill", "en", "confidential"),
    ("а если я не скажу как меня зовут", "ru", "конфиденц"),
])
def test_a_question_of_privacy_after_a_line_gets_its_confidentiality(intent, text, lang, words):
    r = ask(intent, text, AFTER_150, lang)
    assert (r.answer, r.kind) == ("helpline_150", "answer") and words in r.text.lower()


def test_the_follow_up_goes_to_the_contact_of_the_conversation_not_the_first_one():
    r = ask("nlu_fallback", "is it open at night?", AFTER_111)
    assert r.answer == "contact_111" and "24" in r.text


def test_how_do_i_deal_with_it_after_a_topic_gets_its_advice():
    r = ask("nlu_fallback", "right, and how do I deal with it?", AFTER_CYBER)
    assert r.answer == "cyberbullying" and r.context["last_answer"] == "advice"
    assert r.text.split("\n")[0] == K.render(K.topic("cyberbullying").advice, "en")


@pytest.mark.parametrize("text,lang", [("and for mums and dads?", "en"), ("а для родителей?", "ru"),
                                       ("ал ата-аналарға ше?", "kk")])
def test_and_for_parents_after_advice_gets_the_advice_for_adults(text, lang):
    r = ask("nlu_fallback", text, AFTER_CYBER_ADVICE, lang)
    assert r.text.split("\n")[0] == K.render(K.topic("cyberbullying").advice_adult, lang)


@pytest.mark.parametrize("text,lang", [("why?", "en"), ("what does that mean?", "en"),
                                       ("скажи понятнее", "ru"), ("түсіндіріп берші", "kk")])
@pytest.mark.parametrize("intent", ["explain", "nlu_fallback"])
def test_asking_to_explain_gives_the_last_answer_in_plain_words(text, lang, intent):
    r = ask(intent, text, {"entry": "convention", "last_answer": "convention"}, lang)
    assert r.kind == "explain" and r.answer == "convention"
    assert r.text == K.render(K.record("convention").short, lang)


def test_a_fresh_question_starts_a_fresh_topic():
    r = ask("ask_convention", "what is the convention on the rights of the child?", AFTER_150)
    assert r.answer == "convention"


def test_what_the_sources_do_not_say_about_a_person_is_said_honestly():
    r = ask("ask_person", "how old is she?", {"person": "dinara_zakieva", "object_type": "person",
                                              "entry": "dinara_zakieva"})
    assert r.kind == "honest" and r.answer == "dinara_zakieva"
    assert r.text.startswith(K.phrase("not_in_sources_person", "en", name="Dinara Zakieva"))


def test_a_word_only_off_topic_questions_use_makes_a_near_miss_honest():
    vocab = Vocabulary(known=V.known, off_domain=V.off_domain | {"culture"})
    r = respond(K, "ask_person", "who is the minister of culture?", {}, "en", 0.97, vocab)
    assert r.kind == "honest" and r.text == K.phrase("out_of_scope", "en") and r.answer == "honest"


def test_no_alias_finds_a_person_by_the_word_minister_alone():
    r = ask("ask_person", "who is the minister?", {}, conf=0.99)
    assert r.answer != "natalia_zhumadildaeva"


def test_two_honest_replies_in_a_row_change_strategy():
    first = ask("nlu_fallback", "blorf snick")
    assert first.text == K.phrase("cant_help", "en") and first.context["fallbacks"] == "1"
    assert "guess" not in first.text
    second = ask("nlu_fallback", "flurb", first.context)
    assert second.response is None and second.text == K.phrase("clarify", "en")
    assert len(second.buttons) == 3 and second.context["fallbacks"] == "2"
    answered = ask("ask_convention", "what is the convention?", second.context)
    assert answered.context["fallbacks"] is None


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_two_honest_replies_in_a_row_are_the_same(lang):
    """Five messages it cannot answer, one after the other: every reply differs from the one before."""
    ctx, texts = {}, []
    for _ in range(5):
        r = ask("nlu_fallback", "blorf snick flurb", ctx, lang=lang)
        ctx = {**ctx, **r.context}
        texts.append(r.text)
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False))
    assert texts[2] == K.phrase("clarify_again", lang) and "150" in texts[2]


@pytest.mark.parametrize("text", [
    "I'm preparing a lesson for 8th graders about the UN Convention on the Rights of the Child. "
    "I want to build it around the core ideas. What are the main principles of the Convention?",
    "We are building a school project for our town museum. Our teacher asked us to find facts. "
    "What are the main principles of the Convention?",
])
def test_the_situation_before_a_question_does_not_make_it_a_near_miss(text):
    """Everyday words of the situation told first ("build", "graders") are not what is asked."""
    r = ask("ask_convention_principles", text, conf=0.95)
    assert r.answer == "convention_principles", (r.answer, r.text)


@pytest.mark.parametrize("text", [
    "My daughter is 9. Who is the minister of culture?",
    "We moved here last year. How do I get a passport for my son?",
])
def test_a_near_miss_asked_after_a_situation_is_still_honest(text):
    r = ask("ask_person", text, conf=0.9)
    assert r.kind == "honest", (r.answer, r.text)


def test_a_yes_no_question_about_the_meeting_is_answered_yes_with_the_fact():
    r = ask("ask_topic", "did they talk about climate at the meeting?")
    assert r.text.startswith(K.phrase("yes", "en")) and r.answer in ("environment", "youth_role", "module_3")


def test_a_yes_no_near_miss_is_answered_no():
    vocab = Vocabulary(known=V.known, off_domain=V.off_domain | {"sport"})
    r = respond(K, "ask_topic", "did they talk about sport at the meeting?", {}, "en", 0.9, vocab)
    assert r.kind == "honest" and r.text == K.phrase("no_not_in_sources", "en")


def test_an_unsure_message_that_names_something_gets_it():
    r = ask("nlu_fallback", "zakharenko??")
    assert r.answer == "ruslan_zakharenko"


@pytest.mark.parametrize("text,expected", [
    ("Здравствуйте. Сыну 10 лет, его обижают в чате класса. Что делать?",
     "Сыну 10 лет, его обижают в чате класса. Что делать?"),
    ("hi! what is 150?", "what is 150?"),
    ("<script>alert(1)</script> how many came?", "how many came?"),
    ("Hello", "Hello"),
    ("Сәлеметсіз бе! Балам 12 жаста. Не істеуім керек?", "Балам 12 жаста. Не істеуім керек?"),
    ("I'm 12. My dad hits me when he drinks. What is 150?",
     "I'm 12. My dad hits me when he drinks. What is 150?"),
    ("My dad hits me. What is 150?", "My dad hits me. What is 150?"),
])
def test_the_classifier_reads_what_a_long_message_asks(text, expected):
    assert focus(text) == expected


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_an_adult_gets_the_polite_register(lang):
    r = ask("nlu_fallback", "blorf", {"audience": "adult"}, lang)
    assert r.text == K.say("cant_help", lang, True) != K.phrase("cant_help", lang)
    r = ask("ask_advice", "cyberbullying", {"audience": "adult"}, lang)
    assert r.text.split("\n")[0] == K.render(K.topic("cyberbullying").advice_adult, lang)


def test_a_child_gets_the_advice_for_children():
    r = ask("ask_advice", "cyberbullying", {"audience": "child"})
    assert r.text.split("\n")[0] == K.render(K.topic("cyberbullying").advice, "en")


@pytest.mark.parametrize("text,lang", [("what is an ombudsman?", "en"), ("что такое омбудсмен?", "ru"),
                                       ("омбудсмен деген не?", "kk")])
def test_a_child_asking_what_a_word_means_gets_the_plain_definition_first(text, lang):
    r = ask("ask_ombudsman", text, {}, lang)
    definition = next(d for d in K.definitions if d.id == "ombudsman")
    assert r.text.startswith(K.render(definition.text, lang)) and r.answer == "ombudsman"
    adult = ask("ask_ombudsman", text, {"audience": "adult"}, lang)
    assert not adult.text.startswith(K.render(definition.text, lang))


@pytest.mark.parametrize("text,intent", [("no", "deny"), ("Нет", "deny"), ("жоқ", "deny"), ("yes", "affirm"),
                                         ("да", "affirm"), ("иә", "affirm"), ("no idea what that is", None),
                                         ("не?", None)])
def test_a_bare_yes_or_no_is_understood_whatever_the_classifier_says(text, intent):
    from core.commands import intent_of
    assert intent_of(text) == intent


def test_markup_in_front_of_a_question_does_not_make_it_a_near_miss():
    vocab = Vocabulary(known=V.known, off_domain=V.off_domain | {"script", "alert"})
    r = respond(K, "ask_attendance", "<script>alert('x')</script> how many ombudsmen attended?", {}, "en", 0.9, vocab)
    assert r.answer == "attendance"


def test_a_tag_of_digits_and_letters_is_not_a_number_we_do_not_have():
    """The load tests tag each message ("what is the helpline number? #u0m5")."""
    assert ask("ask_contacts", "what is the helpline number? #u0m5", conf=0.99).answer != "honest"
    assert ask("ask_contacts", "what is the phone number of school 12?", conf=0.99).kind == "honest"


@pytest.mark.parametrize("intent, text, lang", [("ask_ombudsman", "what is an ombudsman? weird word lol", "en"),
                                                ("ask_ombudsman", "омбудсмен это кто вообще", "ru")])
def test_everyday_words_around_a_word_of_the_domain_are_not_a_near_miss(intent, text, lang):
    reply = respond(K, intent, text, {}, lang, confidence=0.7, vocab=vocabulary(knowledge_path()))
    assert reply.kind == "answer" and reply.answer == "ombudsman"


@pytest.mark.parametrize("text, lang, answer", [("бала құқықтары туралы конвенция деген не?", "kk", "convention"),
                                                ("what is an ombudsman lol", "en", "ombudsman")])
def test_what_is_a_word_of_the_domain_is_answered_when_the_classifier_is_unsure(text, lang, answer):
    reply = respond(K, "nlu_fallback", text, {}, lang, confidence=0.65, vocab=vocabulary(knowledge_path()))
    assert reply.kind == "answer" and reply.answer == answer


def test_what_is_a_word_next_to_the_domain_stays_honest():
    reply = respond(K, "nlu_fallback", "what is the hague convention about", {}, "en", confidence=0.65,
                    vocab=vocabulary(knowledge_path()))
    assert reply.kind == "honest"


@pytest.mark.parametrize("confidence", [0.9, 0.6])
def test_what_the_channel_leaves_of_a_script_is_no_near_miss(confidence):
    # the guard strips the tags of "<script>alert('x')</script> how many ...?"; the call is left
    reply = respond(K, "ask_attendance", "alert('x')  how many ombudsmen attended?", {}, "en",
                    confidence=confidence, vocab=vocabulary(knowledge_path()))
    assert reply.kind == "answer" and "50" in reply.text


@pytest.mark.parametrize("intent,text,lang", [
    ("ask_topic", "how many bullying cases were reported at schools last year?", "en"),
    ("ask_unicef", "who is the executive director of unicef worldwide?", "en"),
    ("ask_convention", "how many votes did the convention get when it was adopted?", "en"),
    ("ask_event", "когда будет следующая такая встреча детских омбудсменов?", "ru"),
    ("ask_topic", "по какой статье УК РК наказывают за травлю?", "ru"),
    ("ask_ombudsman", "какой адрес у приёмной уполномоченного?", "ru"),
    ("ask_topic", "кибербуллингтің қанша жағдайы тіркелді?", "kk"),
])
def test_what_the_sources_never_say_gets_the_honest_reply_and_what_they_do_say(intent, text, lang):
    r = ask(intent, text, lang=lang, conf=0.97)
    assert r.kind == "honest", (r.answer, r.text)
    assert r.text.startswith(K.say("not_in_sources_about", lang, False)) or r.answer == "honest", r.text


@pytest.mark.parametrize("text,lang", [
    ("Who is the Minister of Education now?", "en"),
    ("Кто сейчас министр просвещения?", "ru"),
    ("Білім министрі кім?", "kk"),
])
def test_the_minister_alone_is_not_the_first_vice_minister(text, lang):
    """The sources quote the First Vice Minister; a question about the Minister gets the
    honest reply with what they do say, not her entry as if she were the Minister."""
    r = ask("ask_person", text, lang=lang, conf=0.99)
    assert r.kind == "honest" and r.text.startswith(K.say("not_in_sources_about", lang, False)), r.text


@pytest.mark.parametrize("text,lang", [
    ("What did the First Vice Minister of Education say?", "en"),
    ("Что сказал вице-министр просвещения?", "ru"),
    ("What did Natalia Zhumadildaeva, the minister, say?", "en"),
])
def test_the_vice_minister_by_her_title_or_name_is_answered(text, lang):
    r = ask("ask_person", text, lang=lang, conf=0.99)
    assert r.kind == "answer" and r.answer == "natalia_zhumadildaeva", r.text


@pytest.mark.parametrize("text,lang,honest", [
    ("Как зовут детского омбудсмена Карагандинской области?", "ru", True),
    ("Алматы облысының балалар омбудсмені кім?", "kk", True),
    ("who is the child ombudsman of the Almaty region?", "en", True),
    ("Are there children's ombudsmen in every region?", "en", False),
    ("Есть ли детские омбудсмены в каждой области?", "ru", False),
    ("әр облыста балалар омбудсмені бар ма?", "kk", False),
])
def test_one_named_region_is_not_covered_all_regions_are(text, lang, honest):
    r = ask("ask_ombudsman", text, lang=lang, conf=0.97)
    assert (r.kind == "honest") == honest, (r.answer, r.text)
    if not honest:
        assert r.answer == "ombudsman" and "20" in r.text


@pytest.mark.parametrize("intent,text,lang", [
    ("ask_contacts", "номер психолога бесплатно", "ru"), ("ask_contacts", "психологтың телефон нөмірі керек", "kk"),
    ("ask_contacts", "I need a psychologist's number to talk to someone", "en"),
    ("ask_contacts", "what address do I tell the emergency services?", "en"),
])
def test_asking_for_a_number_always_gets_the_numbers(intent, text, lang):
    """A child asking for a psychologist's number gets 150 (psychologists answer it), never
    "my sources don't say that"."""
    r = ask(intent, text, lang=lang, conf=0.95)
    assert r.kind == "answer" and ("150" in r.text or "112" in r.text), r.text


@pytest.mark.parametrize("intent,text,lang", [
    ("ask_advice", "should i give my address to someone from a game?", "en"),
    ("ask_advice", "можно ли писать свой адрес в соцсетях?", "ru"),
    ("ask_advice", "меня в прошлом году травили в чате, что делать?", "ru"),
    ("ask_ombudsman", "біздің облыста балалар омбудсмені бар ма?", "kk"),
    ("ask_ombudsman", "is there a children's ombudsman in this region?", "en"),
])
def test_everyday_words_of_covered_questions_are_no_near_miss(intent, text, lang):
    r = ask(intent, text, lang=lang, conf=0.95)
    assert r.kind != "honest", (r.answer, r.text)  # the answer, or "which topic?" with the options


def test_last_year_in_the_situation_told_first_does_not_make_the_question_a_near_miss():
    r = ask("ask_advice", "Last year my son was bullied in a chat. What should I do as a parent?", conf=0.95)
    assert r.kind == "answer", r.text


@pytest.mark.parametrize("text, lang, answer", [
    ("Thank you, that settles my worries for tonight.", "en", "thank"),
    ("Much appreciated, my students will enjoy this.", "en", "thank"),
    ("Благодарю, материал для классного часа собран.", "ru", "thank"),
    ("ладно, спс что выслушал", "ru", "thank"),
    ("Көп рақмет, ертеңгі сабаққа жақсы материал болды.", "kk", "thank"),
    ("Hello, I teach 7th grade in Shymkent.", "en", "greet"),
    ("Здравствуйте, я учитель 5 класса", "ru", "greet"),
])
def test_a_thanks_or_greeting_in_front_of_a_statement_is_that(text, lang, answer):
    """A thanks or a greeting followed by words that ask nothing: the thanks (with 150 for any
    worry) or the greeting (session 15, context_fresh7's panel: they got "I didn't understand")."""
    for intent in ("nlu_fallback", "out_of_scope"):
        reply = respond(K, intent, text, {}, lang, 0.4, V)
        assert (reply.answer, reply.kind) == (answer, "small_talk"), (intent, text)
        assert "150" in reply.text if answer == "thank" else reply.response == "utter_greet"


@pytest.mark.parametrize("text, ctx", [
    # more than a thanks or a greeting (session 15's review): the honest reply with the helplines stays
    ("thanks, he is back", {}), ("thank you. he came back drunk", {}), ("thanks, i am going to do it tonight", {}),
    ("thanks. bye forever", {}), ("thanks for everything, goodbye everyone", {}), ("спасибо но он опять пришёл", {}),
    ("спс но это опять случилось", {}), ("спасибо за всё, прощайте", {}), ("рахмет бірақ ол қайта келді", {}),
    ("рахмет, бірақ ешкім сенбейді", {}), ("rakhmet birak men qorqamyn", {}), ("sps no mne ploho", {}),
    ("thanks, nobody cares about me anyway", {}), ("hi i am scared", {}), ("сәлем мен қорқамын", {}),
    ("hi, i need to talk to someone", {}), ("hello i want to report abuse", {}),
    ("здравствуйте, я учитель, ученик пришёл с ожогами", {}), ("здравствуйте, у меня пропал ребёнок", {}),
    ("hi, i'm 12 and i don't know what to do", {}), ("thanks for nothing", {}), ("thanks but that didn't help", {}),
    ("thanks", {"disclosed": "true"}), ("Thank you, that settles my worries for tonight.", {"disclosed": "true"}),
    # the second review: contractions, fear and pain in their forms, asking for help, questions without "?"
    ("thanks, he's back", {}), ("thanks, im skared", {}), ("spasibo, ya boyus", {}), ("rakhmet, korkamyn", {}),
    ("thanks, i need someone to talk to", {}), ("spasibo, pomogite", {}), ("спасибо, мне больно", {}),
    ("спасибо за всё, прощай", {}), ("spasibo, ne pomoglo", {}), ("спасибо, куда звонить", {}),
    ("рахмет, қай нөмірге", {}), ("spasibo, a nochyu", {}), ("thanks, and at night", {}),
    ("hi, i am a victim of abuse", {}), ("hello i'm a teacher, a student is in danger", {}),
    ("здравствуйте я учитель ученик в опасности", {}),
])
def test_more_than_a_thanks_or_greeting_is_not_answered_as_one(text, ctx):
    for intent in ("nlu_fallback", "out_of_scope"):
        reply = respond(K, intent, text, ctx, "en", 0.4, V)
        assert reply.kind != "small_talk", (intent, text)


@pytest.mark.parametrize("text, lang, words", [
    ("thanks, is it free", "en", "free"), ("thanks what do i say when they answer", "en", "150"),
    ("спасибо а это бесплатно", "ru", "бесплат"), ("рахмет, тегін бе", "kk", "тегін"),
])
def test_a_thanks_before_a_follow_up_gets_the_follow_up(text, lang, words):
    reply = respond(K, "nlu_fallback", text, AFTER_150, lang, 0.4, V)
    assert reply.kind == "answer" and words in reply.text.lower()
