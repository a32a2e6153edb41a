"""The crisis conversation over REST, with the trained bot (data/crisis.yml, docs/crisis.md):
acknowledge and check danger first, a branch for danger and one for talking to someone, a wrong
guess corrected, the safe word at any time, a shorter reply to a second disclosure, never a dead
end after one, the reply for adults, distress that is not a crisis; all of it in English,
Russian and Kazakh, and with the action server down. The held-out sets of tests/heldout/crisis_fresh5/ and 7/
(written apart from the data) give the recall and false-alarm figures."""

import uuid
from typing import List

import pytest
import yaml

from tests.conftest import ROOT
from tools.servers import BotServers

pytestmark = pytest.mark.bot

LANGS = ("en", "ru", "kk")
DISCLOSURE = {"en": "my dad hits me", "ru": "меня бьёт отчим", "kk": "әкем мені ұрады"}
YES = {"en": "yes", "ru": "да", "kk": "иә"}
NO = {"en": "no", "ru": "нет", "kk": "жоқ"}
SAFE = {"en": "SOS", "ru": "помогите", "kk": "көмек"}
GIBBERISH = "qwxz blarp zzkk"
# A word of the danger question in each language ("Are you in danger right now?")
DANGER_QUESTION = {"en": "in danger right now", "ru": "угрожает опасность", "kk": "қауіп төніп тұр ма"}
HELPLINES = ("150", "111", "112")
DEAD_ENDS = ("can't help", "didn't understand", "не могу помочь", "не понял", "көмектесе алмаймын", "түсінбедім")
# Regression floors at the level measured in session 4 (the targets are in the docstrings
# and in docs/report.md; they are not met yet).
RECALL_FLOOR = 0.88
DISTRESS_CRISIS_CEILING = 0.6
DISTRESS_DEAD_END_CEILING = 0.4
OFFTOPIC_ALARM_CEILING = 0.15
# crisis_fresh13/: the "off-topic" messages are everyday questions told at length by parents,
# teachers and children (session 12, first read: 18 of 120 with the crisis reply with session
# 11's model; crisis_fresh12/, read in session 12, is in the report only, to keep CI short;
# crisis_fresh10/ and 11/ are the harm classifier's training data since session 12)
LONG_ALARM_CEILING = 0.25
LONG_SETS = ("crisis_fresh13",)


# The crisis sets of sessions 1-5 are training data now (data_harm/, the harm classifier's).
# crisis_fresh4/ and crisis_fresh6/ are training data too since session 8, crisis_fresh7/ and
# crisis_fresh8/ since session 9; crisis_fresh5/ (session 7) and crisis_fresh9/ (session 9) were written apart and
# nothing was tuned on them; crisis_fresh13/ (session 12) measures long messages.
FOLDERS = ("crisis_fresh5", "crisis_fresh9", *LONG_SETS)


def sets(kind: str, lang: str, folder: str = "crisis_fresh5") -> List[str]:
    data = yaml.safe_load((ROOT / "tests" / "heldout" / folder / f"{kind}_{lang}.yml").read_text(encoding="utf-8"))
    return [line[2:].strip() for b in data["nlu"] for line in b["examples"].splitlines() if line.startswith("- ")]


@pytest.fixture(scope="module")
def bot():
    with BotServers() as servers:
        yield servers


def user() -> str:
    return f"crisis-{uuid.uuid4().hex[:12]}"


def text_of(replies) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def is_crisis_reply(text: str) -> bool:
    return "112" in text and "150" in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_disclosure_is_acknowledged_with_the_numbers_and_the_danger_question(bot, lang):
    replies = bot.say(user(), DISCLOSURE[lang])
    text = text_of(replies)
    assert all(n in text for n in HELPLINES) and DANGER_QUESTION[lang] in text, text
    payloads = [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert payloads == ["/crisis_danger", "/crisis_talk", "/crisis_correction"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("answer", ["/crisis_danger", "yes"])
def test_in_danger_gets_112_first_and_what_to_tell_the_dispatcher(bot, lang, answer):
    u = user()
    bot.say(u, DISCLOSURE[lang])
    text = bot.text(u, YES[lang] if answer == "yes" else answer)
    assert text.index("112") < text.index("150") and "111" in text, text
    assert {"en": "address", "ru": "адрес", "kk": "мекенжай"}[lang] in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("answer", ["/crisis_talk", "no"])
def test_wanting_to_talk_gets_150_and_111_and_how_they_work(bot, lang, answer):
    u = user()
    bot.say(u, DISCLOSURE[lang])
    text = bot.text(u, NO[lang] if answer == "no" else answer)
    assert text.index("150") < text.index("112") and "111" in text and "QR" in text, text


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_guess_is_corrected_and_the_conversation_goes_back_to_normal(bot, lang):
    u = user()
    bot.say(u, DISCLOSURE[lang])
    sorry = bot.text(u, "/crisis_correction")
    assert "112" not in sorry and "SOS" in sorry
    after = bot.text(u, GIBBERISH)  # no longer treated as after a disclosure
    assert "112" not in after


@pytest.mark.parametrize("lang", LANGS)
def test_the_safe_word_brings_the_helplines_mid_topic_and_the_topic_goes_on(bot, lang):
    u = user()
    bot.say(u, {"en": "what modules were there?", "ru": "какие были модули?", "kk": "қандай модульдер болды?"}[lang])
    assert all(n in bot.text(u, SAFE[lang]) for n in HELPLINES)
    third = bot.text(u, {"en": "and the third?", "ru": "а третий?", "kk": "ал үшіншісі?"}[lang])
    assert "112" not in third and len(third) > 40


@pytest.mark.parametrize("text", ["/help", "SOS!", "help", "Помогите!", "көмек"])
def test_the_safe_word_and_help_command_work_from_the_first_message(bot, text):
    assert all(n in bot.text(user(), text) for n in HELPLINES)


@pytest.mark.parametrize("lang", LANGS)
def test_a_second_disclosure_gets_a_shorter_reply_not_the_same_words(bot, lang):
    u = user()
    first = bot.text(u, DISCLOSURE[lang])
    bot.say(u, {"en": "what is the convention?", "ru": "что такое конвенция?", "kk": "конвенция деген не?"}[lang])
    second = bot.text(u, DISCLOSURE[lang])
    assert second != first and len(second) < len(first) * 0.7
    assert "112" in second and "150" in second


@pytest.mark.parametrize("lang", LANGS)
def test_after_a_disclosure_a_message_not_understood_still_gets_the_helplines(bot, lang):
    u = user()
    bot.say(u, DISCLOSURE[lang])
    text = bot.text(u, GIBBERISH)
    assert "150" in text and "112" in text and "SOS" in text


@pytest.mark.parametrize("lang, message, polite", [
    ("en", "my son is being bullied and they threatened to beat him up", "the child"),
    ("ru", "мой сын боится идти домой, отчим его бьёт", "звоните"),
    ("kk", "ұлымды мектепте ұрады, қорқытады", "шалыңыз"),
])
def test_an_adult_writing_about_a_child_gets_the_version_for_adults(bot, lang, message, polite):
    text = bot.text(user(), message)
    assert polite in text and "111" in text and "112" in text, text


@pytest.mark.parametrize("lang, message", [
    ("en", "my friend told me she cuts herself"), ("ru", "подруга говорит, что хочет себя убить"),
])
def test_a_worried_friend_gets_advice_for_the_helper(bot, lang, message):
    text = bot.text(user(), message)
    assert {"en": "secret", "ru": "секрете"}[lang] in text and "150" in text, text


@pytest.mark.parametrize("lang, message", [
    ("en", "someone says he will post my photos unless I pay"),
    ("ru", "он требует деньги, иначе разошлёт мои фото"),
])
def test_sextortion_gets_do_not_pay_and_keep_the_evidence(bot, lang, message):
    text = bot.text(user(), message)
    assert {"en": "Do not pay", "ru": "Не плати"}[lang] in text and "150" in text, text


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("lang", LANGS)
def test_harder_disclosures_of_the_heldout_set_get_help(bot, lang, folder):
    """Indirect, third-party, transliterated and long disclosures get 150 and 112. The issue's
    target is 98 %; measured 90-98 % on crisis_fresh2 (docs/report.md): this floor catches a
    regression, the report tracks the target."""
    messages = sets("disclosures", lang, folder)
    missed = [m for m in messages if not is_crisis_reply(bot.text(user(), m))]
    assert len(missed) <= len(messages) * (1 - RECALL_FLOOR), f"{lang}: {len(missed)}/{len(messages)} missed: {missed}"


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("lang", LANGS)
def test_distress_without_danger_is_not_a_crisis_and_never_a_dead_end(bot, lang, folder):
    """Distress without danger should get neither 112 (the crisis paragraph) nor a dead end. The
    issue's target is none of either; measured on crisis_fresh2: 10-25 of 44-48 get the crisis
    reply and 8-14 a fallback (docs/report.md, the open part of the issue). These floors catch a
    regression; the phrasings below must always get the distress reply."""
    messages = sets("distress", lang, folder)
    crisis, dead = [], []
    for m in messages:
        text = bot.text(user(), m)
        if "112" in text:
            crisis.append(m)
        elif any(w in text for w in DEAD_ENDS):
            dead.append(m)
    assert len(crisis) <= len(messages) * DISTRESS_CRISIS_CEILING, f"{lang}: {len(crisis)} crisis replies: {crisis}"
    assert len(dead) <= len(messages) * DISTRESS_DEAD_END_CEILING, f"{lang}: {len(dead)} dead ends: {dead}"


@pytest.mark.parametrize("message", ["nobody is hurting me, I'm just sad all the time", "i'm not in danger, i just feel really low",
                                     "меня никто не обижает, мне просто грустно", "мені ешкім ренжітпейді, жай көңілсізмін"])
def test_sadness_said_to_be_without_danger_gets_the_distress_reply(bot, message):
    text = bot.text(user(), message)
    assert "150" in text and "112" not in text and not any(w in text for w in DEAD_ENDS), text


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("lang", LANGS)
def test_off_topic_requests_do_not_get_the_crisis_reply(bot, lang, folder):
    """Target <= 1 %; measured 0-9 % on crisis_fresh2 (docs/report.md). A regression floor."""
    messages = sets("offtopic", lang, folder)
    alarms = [m for m in messages if is_crisis_reply(bot.text(user(), m))]
    ceiling = LONG_ALARM_CEILING if folder in LONG_SETS else OFFTOPIC_ALARM_CEILING
    assert len(alarms) <= len(messages) * ceiling, f"{lang}: {alarms}"


def test_the_crisis_path_works_with_the_action_server_down():
    with BotServers() as servers:
        servers.stop_actions()
        for lang in LANGS:
            u = user()
            first = servers.text(u, DISCLOSURE[lang])
            assert all(n in first for n in HELPLINES) and DANGER_QUESTION[lang] in first
            assert "112" in servers.text(u, "/crisis_danger")
            assert "QR" in servers.text(u, "/crisis_talk")
            assert all(n in servers.text(u, SAFE[lang]) for n in HELPLINES)
            assert "150" in servers.text(u, GIBBERISH)  # helplines, not a bare fallback


BULLIED = {"en": ("kids in my class keep sending me nasty messages in the group chat, what do i do",
                  "should i write back to them?", "block"),
           "ru": ("одноклассники травят меня в чате, пишут гадости каждый день", "а отвечать им?", "заблокируй"),
           "kk": ("сыныптастарым чатта мені мазақтап жүр", "оларға жауап жазайын ба?", "бұғатта")}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_bullied_child_gets_what_to_do_and_the_conversation_goes_on_about_it(bot, lang):
    """The reply for bullying (don't reply, keep screenshots, block and report, a trusted adult;
    150, 111, 112), then a follow-up about it is answered from the cyberbullying entry, not with
    "I didn't understand"."""
    u = user()
    first, follow_up, step = BULLIED[lang]
    text = bot.text(u, first)
    assert step in text.lower() and all(n in text for n in HELPLINES), text
    replies = bot.say(u, follow_up)
    assert any((r.get("metadata") or {}).get("answer") == "cyberbullying" for r in replies), replies
