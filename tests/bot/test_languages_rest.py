"""Russian and Kazakh end to end over REST, with the trained model and the action server: the
reply follows the language of each message, follow-ups resolve in context across a change of
language, crisis replies carry the numbers in every language (also with the action server
down), and explicit choices ("/lang kk", "speak Russian", the widget's metadata) work."""

import re
import uuid

import pytest
import yaml

from core.knowledge.base import Knowledge
from core.knowledge.schema import tr
from tools.servers import ROOT, BotServers

pytestmark = pytest.mark.bot

K = Knowledge.load()
KAZAKH = re.compile("[әғқңөұүһі]", re.IGNORECASE)
CYRILLIC = re.compile("[\u0400-\u04ff]")
# "Source: ...", "Источник: ..." lines name publishers in English: not the reply's language
SOURCE_PREFIXES = tuple(K.phrase("source", lang, publishers="|").split("|")[0].strip() for lang in ("en", "ru", "kk"))


def heldout(intent, lang, path=None):
    path = path or ROOT / "tests" / "heldout" / "nlu" / f"heldout_{lang}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    block = next(b for b in data["nlu"] if b["intent"] == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def language_of(reply):
    """The language a reply is written in, from its letters (source lines are left out)."""
    body = "\n".join(line for line in reply.splitlines() if not line.startswith(SOURCE_PREFIXES))
    letters = [c for c in body if c.isalpha()]
    cyrillic = sum(bool(CYRILLIC.match(c)) for c in letters)
    if cyrillic < 0.6 * len(letters):
        return "en"
    return "kk" if KAZAKH.search(body) else "ru"


@pytest.fixture(scope="module")
def bot():
    with BotServers() as servers:
        yield servers


def new_user():
    return f"lang-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize("lang, question", [
    ("ru", "Сколько омбудсменов участвовало во встрече?"),
    ("kk", "Кездесуге қанша омбудсмен қатысты?"),
    ("en", "How many ombudsmen attended?"),
])
def test_how_many_ombudsmen_in_each_language(bot, lang, question):
    text = bot.text(new_user(), question)
    assert "50" in text
    # "how many?" gets the one part that says how many (core/parts.py), then "Tell me more"
    assert K.render(K.answer_for("ask_attendance").parts["how_many"], lang) in text
    assert language_of(text) == lang


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_heldout_crisis_message_gets_the_numbers_in_its_language(bot, lang):
    missed = []
    fresh = heldout("crisis", lang, ROOT / "tests" / "heldout" / "nlu_fresh" / f"fresh_{lang}.yml")
    for message in heldout("crisis", lang) + fresh:
        text = bot.text(new_user(), message)
        if not all(n in text for n in ("150", "111", "112")) or language_of(text) != lang:
            missed.append((message, text[:80]))
    assert not missed


@pytest.mark.parametrize("lang, first, follow_up", [
    ("ru", "какие были модули?", "а третий?"),
    ("kk", "қандай модульдер болды?", "ал үшіншісі?"),
])
def test_follow_up_resolves_in_context(bot, lang, first, follow_up):
    user = new_user()
    assert tr(K.module(2).title, lang) in bot.text(user, first)
    assert K.render(K.module(3).text, lang) in bot.text(user, follow_up)


def test_switching_language_mid_conversation_keeps_the_context(bot):
    user = new_user()
    assert "1. " in bot.text(user, "What modules were there?")
    assert K.render(K.module(3).text, "ru") in bot.text(user, "а третий?")
    assert K.render(K.module(2).text, "kk") in bot.text(user, "ал екіншісі ше?")
    assert K.render(K.module(1).text, "en") in bot.text(user, "and the first one?")


def test_short_messages_keep_the_conversation_language(bot):
    user = new_user()
    bot.text(user, "Кто такая Динара Закиева?")
    quote = bot.text(user, "а что она сказала?")
    assert K.render(K.person("dinara_zakieva").quote, "ru") in quote
    assert language_of(bot.text(user, "ок, спасибо")) == "ru"
    assert language_of(bot.text(user, "👍")) == "ru"  # says nothing about the language


def test_the_lang_command_and_a_spoken_request(bot):
    user = new_user()
    assert language_of(bot.text(user, "/lang kk")) == "kk"
    assert language_of(bot.text(user, "UNICEF?")) == "kk"  # mixed/short: the chosen language
    assert language_of(bot.text(user, "please speak Russian")) == "ru"
    assert language_of(bot.text(user, "Zakieva?")) == "ru"


def test_widget_metadata_chooses_the_language_of_an_ambiguous_message(bot):
    status, replies = bot.post({"sender": new_user(), "message": "UNICEF?", "metadata": {"language": "kk"}})
    assert status == 200 and language_of(" ".join(r.get("text", "") for r in replies)) == "kk"
    # a clear message wins over the widget's choice
    status, replies = bot.post({"sender": new_user(), "message": "сколько омбудсменов участвовало?",
                                "metadata": {"language": "kk"}})
    assert language_of(" ".join(r.get("text", "") for r in replies)) == "ru"


@pytest.mark.parametrize("lang, message", [("ru", "что-то непонятное ыввфыв"), ("kk", "бұл не бәле ғой қырт")])
def test_the_honest_fallback_is_in_the_language_too(bot, lang, message):
    text = bot.text(new_user(), message)
    assert language_of(text) == lang and not any(p in text for p in SOURCE_PREFIXES)


@pytest.mark.parametrize("lang, message", [("ru", "Отчим бьёт меня каждый вечер"),
                                           ("kk", "Әкем мені күнде ұрады")])
def test_crisis_reply_in_each_language_with_the_action_server_down(lang, message):
    with BotServers(actions=False) as bot:
        text = bot.text(new_user(), message)
        assert all(n in text for n in ("150", "111", "112")) and language_of(text) == lang
        fact = bot.text(new_user(), "Сколько было модулей?" if lang == "ru" else "Неше модуль болды?")
        assert "150" in fact and language_of(fact) == lang  # the 'unavailable' notice, translated
