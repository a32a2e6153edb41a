"""Replies people want to read (issue 16), in the widget against the trained bot: a narrow
question gets the one fact and a "Tell me more" button that gives the whole entry; "say it
simpler" gives the plain-words version of the last answer; the source line comes once per
entry, and again when asked "where is this from?"; an adult writing formally is answered in the
polite register (Вы / Сіз), a child with ты / сен. The REST side of the same behaviour is in
tests/bot/test_context.py.

Every expected text is read from the knowledge file through the project's own loader
(core.knowledge.store, the file the action server answers from): the parts, the `short`
versions, the `advice_adult` twins, the `more_button` phrase and the source line
(Knowledge.cite), so an editor's change of wording does not break these tests. Which entry a
bot message answered from is the channel's `answer` mark, which the widget keeps with the
message in localStorage (addons/channels/feedback.py). Everything else is read from the DOM.

Same fixtures as the other widget tests: a route guard per browser context (nothing but
127.0.0.1), and any JavaScript dialog or error on a page fails its test.
"""
import re
import time

import pytest

from core.knowledge.store import knowledge

from .e2e_helpers import BOT_MSGS, QUICK, USER_MSGS, open_demo, open_widget, send, wait_reply
from .test_e2e_widget_lang import stored

pytestmark = [pytest.mark.bot, pytest.mark.browser]

BOT_TEXTS = BOT_MSGS + " .csw-text"  # a message's own text, without the hidden "Assistant:" label

# The reader addressed as a child (ты / сен) or politely (Вы / Сіз), as whole words. Russian
# polite also counts a 2nd-person plural imperative ("позвоните", "объясните"): some of the
# adult advice speaks to the reader only through the verb.
INFORMAL = {
    "ru": re.compile(r"(?<!\w)(ты|тебя|тебе|тобой|тобою|твой|твоя|твоё|твое|твои|твоего|твоей|твоему|"
                     r"твоим|твоими|твоих|твою)(?!\w)", re.IGNORECASE),
    "kk": re.compile(r"(?<!\w)(сен|саған|сені|сенің|сенен|сенде|сенімен|сендер|өзің|өзіңе|өзіңді|"
                     r"өзіңнің|өзіңмен|өзіңде)(?!\w)", re.IGNORECASE),
}
POLITE = {
    "ru": re.compile(r"(?<!\w)(вы|вас|вам|вами|ваш|ваша|ваше|ваши|вашего|вашей|вашему|вашим|вашими|ваших|"
                     r"вашу|\w{3,}(?:ите|йте)(?:сь)?)(?!\w)", re.IGNORECASE),
    "kk": re.compile(r"(?<!\w)(сіз|сізге|сізді|сіздің|сізден|сізбен|сізде|\w+(?:ңыз|ңіз)\w*)(?!\w)",
                     re.IGNORECASE),
}


# ----------------------------------------------------------------------------- helpers
def bot_texts(page):
    """The text of every bot message in the log, in order."""
    return page.locator(BOT_TEXTS).all_inner_texts()


def ask(page, text):
    """Send `text`; the texts of the bot messages that answer it (one per message)."""
    before = len(bot_texts(page))
    send(page, text)
    return bot_texts(page)[before:]


def answered_from(page, n):
    """The knowledge entries the last `n` bot messages answered from (the channel's marks)."""
    bots = [m for m in (stored(page) or {}).get("messages", []) if m.get("from") == "bot"]
    return [m.get("answer") for m in bots[-n:]]


def entry_of(page, reply):
    """The one entry all messages of `reply` answered from."""
    entries = set(answered_from(page, len(reply)))
    assert len(entries) == 1 and None not in entries, (entries, reply)
    return entries.pop()


def source_lines(k, messages, lang):
    """The lines of `messages` that are a source line ("Source: ...", in `lang`)."""
    prefix = k.phrase("source", lang, publishers="\x00").split("\x00")[0]
    return [line.strip() for m in messages for line in m.split("\n") if line.strip().startswith(prefix)]


def start(page, stack, lang):
    open_demo(page, stack.web_url, lang=lang)
    open_widget(page)


# ----------------------------------------------------------------------------- "Tell me more"
@pytest.mark.parametrize("lang, question", [
    ("en", "How many articles does the Convention have?"),
    ("ru", "Сколько статей в Конвенции о правах ребёнка?"),
    ("kk", "Бала құқықтары туралы конвенция неше баптан тұрады?"),
])
def test_a_narrow_question_gets_the_fact_and_tell_me_more_the_whole_entry(stack, page, lang, question):
    k = knowledge()
    rec = k.record("convention")
    whole, label = k.render(rec.text, lang), k.phrase("more_button", lang)
    start(page, stack, lang)

    first = ask(page, question)
    assert entry_of(page, first) == "convention"
    assert len(first) == 1, first
    lines = first[0].split("\n")
    # the one fact, then its source, and not the paragraph
    assert lines == [k.render(rec.parts["articles"], lang), k.cite(rec.sources, lang)], first
    assert "54" in lines[0]
    assert len(first[0].split()) * 3 < len(whole.split())
    buttons = page.locator(QUICK)
    assert buttons.all_inner_texts() == [label]

    before, t0 = page.locator(BOT_MSGS).count(), time.monotonic()
    buttons.first.click()
    wait_reply(page, before, t0)
    more = bot_texts(page)[before:]
    assert page.locator(USER_MSGS + " .csw-text").last.inner_text() == label  # shown as the user's
    assert answered_from(page, len(more)) == ["convention"] * len(more)
    body = "\n".join(more)
    assert whole in body, more  # the whole entry: the same fact among the rest
    assert "54" in body and len(body.split()) > 3 * len(first[0].split())
    assert page.locator(QUICK).count() == 0  # nothing more to offer


# ----------------------------------------------------------------------------- "say it simpler"
@pytest.mark.parametrize("lang, question, simpler", [
    ("en", "Tell me about the Convention on the Rights of the Child", "can you say it simpler?"),
    ("ru", "Расскажи о Конвенции о правах ребёнка", "скажи проще"),
    ("kk", "Бала құқықтары туралы конвенция туралы айтып бер", "қарапайым тілмен айтшы"),
])
def test_simpler_gives_the_plain_words_version_of_the_last_answer(stack, page, lang, question, simpler):
    k = knowledge()
    start(page, stack, lang)
    first = ask(page, question)
    entry = entry_of(page, first)
    assert entry == "convention"
    rec = k.record(entry)
    whole, plain = k.render(rec.text, lang), k.render(rec.short, lang)
    assert whole in "\n".join(first)  # the full answer first ...

    again = ask(page, simpler)
    assert again == [plain], again  # ... then the entry's plain-words version, nothing else
    assert answered_from(page, 1) == [entry]
    assert len(plain.split()) < len(whole.split())


# ----------------------------------------------------------------------------- the source line
def test_the_source_line_is_given_once_per_entry(stack, page):
    k = knowledge()
    rec = k.record("convention")
    cite = k.cite(rec.sources, "en")
    start(page, stack, "en")

    first = ask(page, "How many articles does the Convention have?")
    second = ask(page, "When was the Convention adopted?")
    assert entry_of(page, first) == entry_of(page, second) == "convention"
    assert source_lines(k, first, "en") == [cite]
    assert k.render(rec.parts["adopted"], "en") in "\n".join(second)  # answered, ...
    assert source_lines(k, second, "en") == []  # ... without the source line said a second time
    assert source_lines(k, bot_texts(page), "en") == [cite]  # once in the whole conversation

    # another entry gets its own source line
    third = ask(page, "What is the number of the children's helpline?")
    other = k.record(entry_of(page, third))
    assert other.id != "convention"
    assert source_lines(k, third, "en") == [k.cite(other.sources, "en")] != [cite]


@pytest.mark.parametrize("lang, questions, where", [
    ("en", ("How many articles does the Convention have?", "When was the Convention adopted?"),
     "where is this from?"),
    ("ru", ("Сколько статей в Конвенции о правах ребёнка?", "Когда была принята Конвенция?"),
     "откуда эта информация?"),
])
def test_where_is_this_from_gives_the_source_of_the_last_answer(stack, page, lang, questions, where):
    k = knowledge()
    rec = k.record("convention")
    cite = k.cite(rec.sources, lang)
    start(page, stack, lang)
    for q in questions:
        reply = ask(page, q)
        assert entry_of(page, reply) == "convention"
    assert source_lines(k, reply, lang) == []  # the last answer came without it

    asked = ask(page, where)
    assert asked[0] == cite, asked  # the source of the last answer first
    rest = "\n".join(asked[1:])
    assert k.render(k.record("sources").text, lang) in rest  # then every source
    titles = {s.id: s.title for s in k.sources}
    assert all(titles[s] in rest for s in rec.sources), rest


# ----------------------------------------------------------------------------- register
@pytest.mark.parametrize("lang, message", [
    ("ru", "Здравствуйте, подскажите, пожалуйста, как защитить ребёнка в интернете?"),
    ("kk", "Сәлеметсіз бе, баламды интернетте қалай қорғауға болады, айтып беріңізші?"),
])
def test_an_adult_writing_formally_is_answered_politely(stack, page, lang, message):
    k = knowledge()
    start(page, stack, lang)
    reply = ask(page, message)
    topic = k.topic(entry_of(page, reply))
    assert topic is not None and topic.advice_adult, reply  # advice, and it has a version for adults
    body = "\n".join(reply)
    assert body.split("\n")[0] == k.render(topic.advice_adult, lang)
    assert not INFORMAL[lang].search(body), INFORMAL[lang].findall(body)
    assert POLITE[lang].search(body), body
    # the checks tell the registers apart: the child's version of the same advice fails them
    assert INFORMAL[lang].search(k.render(topic.advice, lang))


@pytest.mark.parametrize("lang, message", [
    ("ru", "Мне 12 лет. Как мне защититься в интернете?"),
    ("kk", "Мен 12 жастамын. Интернетте қалай қауіпсіз боламын?"),
])
def test_a_child_is_answered_with_ty_and_sen(stack, page, lang, message):
    k = knowledge()
    start(page, stack, lang)
    reply = ask(page, message)
    topic = k.topic(entry_of(page, reply))
    assert topic is not None and topic.advice, reply
    body = "\n".join(reply)
    assert body.split("\n")[0] == k.render(topic.advice, lang)
    assert INFORMAL[lang].search(body), body
    if topic.advice_adult:
        assert k.render(topic.advice_adult, lang) not in body
