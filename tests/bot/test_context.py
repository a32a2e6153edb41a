"""Conversations over REST with the trained bot (issue 14, 16): a sample of every class of the
held-out context sets (tests/heldout/context/, written apart from the data), in each language,
judged by what each reply is about (bench/context.py), plus the replies people want to read:
the polite register for adults, "simpler", a narrow question's one fact, the honest reply
that changes strategy. The full sets are measured by `make report` (docs/report-context.md).

The floors are regression floors at the level measured in session 5; the issue's targets
(follow-ups >= 95 %, near misses 0 wrong entities, long messages >= 90 %, panel >= 85 %) are
not met yet (docs/report-context.md lists every failing turn)."""

import uuid

import pytest

from bench.context import SETS, bot_events, conversations, play
from tools.servers import BotServers

pytestmark = pytest.mark.bot
SAMPLE = 8  # conversations of each file
FLOORS = {"followups": 0.55, "nearmiss": 0.45, "long": 0.0, "panel": 0.60}


@pytest.fixture(scope="module")
def bot():
    with BotServers() as servers:
        yield servers


def turns_of(bot, kind, lang):
    db = bot.dir / "tracker.db"
    path = SETS / (f"{kind}_{lang}.yml" if kind != "panel" else "panel.yml")
    played = []
    for n, (_, _conv_lang, turns) in enumerate(c for c in conversations(path) if c[1] == lang):
        if n >= SAMPLE:
            break
        played += play(bot, db, turns)
    return played


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("kind", ["followups", "nearmiss", "long", "panel"])
def test_a_sample_of_each_held_out_class_is_answered_at_least_as_well_as_measured(bot, kind, lang):
    played = turns_of(bot, kind, lang)
    assert played
    right = sum(t["right"] for t in played) / len(played)
    assert right >= FLOORS[kind], [(t["say"], t["expect"], t["got"]) for t in played if not t["right"]]


def talk(bot, turns):
    sender, last, out = f"ctx-{uuid.uuid4().hex[:10]}", 0, []
    for text in turns:
        replies = bot.say(sender, text)
        events, last = bot_events(bot.dir / "tracker.db", sender, last)
        out.append((replies, [e.get("metadata") or {} for e in events]))
    return out


@pytest.mark.parametrize("first,follow,lang,word", [
    ("what is the 150 line?", "does it cost anything?", "en", "free"),
    ("что такое 111?", "а это бесплатно?", "ru", "бесплатн"),
])
def test_a_follow_up_gets_the_one_fact_of_the_last_contact(bot, first, follow, lang, word):
    (_, m1), (replies, m2) = talk(bot, [first, follow])
    assert m1[0]["answer"] in ("helpline_150", "contact_111")
    assert m2[0]["answer"] == m1[0]["answer"] and word in replies[0]["text"].lower()
    assert len(replies[0]["text"].split("\n")[0].split()) <= 35


@pytest.mark.parametrize("ask,simpler,lang", [
    ("what is the convention on the rights of the child?", "can you say it simpler?", "en"),
    ("что такое конвенция о правах ребенка?", "скажи понятнее", "ru"),
    ("бала құқықтары туралы конвенция деген не?", "түсіндіріп берші", "kk"),
])
def test_simpler_gives_the_plain_words_version_of_the_last_answer(bot, ask, simpler, lang):
    (r1, m1), (r2, m2) = talk(bot, [ask, simpler])
    assert m2[0]["kind"] == "explain" and m2[0]["answer"] == m1[0]["answer"] == "convention"
    assert len(r2[0]["text"].split()) < len(r1[0]["text"].split())


@pytest.mark.parametrize("adult,child,lang,polite,informal", [
    ("Здравствуйте, подскажите, пожалуйста, как защитить сына от травли в интернете?",
     "как защититься от травли в интернете?", "ru", "вы", "ты"),
    ("Сәлеметсіз бе, балам интернетте қорлауға ұшырап жүр, не істеуім керек?",
     "мені интернетте қорлап жүр, не істеймін?", "kk", "сіз", "сен"),
])
def test_an_adult_is_answered_with_the_advice_for_adults(bot, adult, child, lang, polite, informal):
    (ra, ma), = talk(bot, [adult])
    (rc, mc), = talk(bot, [child])
    assert {ma[0]["answer"], mc[0]["answer"]} <= {"cyberbullying", "online_safety"}
    assert ra[0]["text"] != rc[0]["text"]
    from core.knowledge.store import knowledge
    topic = knowledge().topic(ma[0]["answer"])
    assert ra[0]["text"].split("\n")[0] == knowledge().render(topic.advice_adult, lang)


def test_two_fallbacks_in_a_row_change_strategy(bot):
    (r1, m1), (r2, m2) = talk(bot, ["qwxz blarp zzkk", "zzkk qwxz blarp flurb"])
    assert m1[0].get("kind") == m2[0].get("kind") == "honest", (m1, m2)
    assert r1[0]["text"] != r2[0]["text"] and "150" in r2[0]["text"] and len(r2[0]["buttons"]) == 3
