"""Bad input over REST: every case gets a clear reply or a clear 4xx error; never a 500, a
crash or a silent turn. Also: the HTTP API needs its token, and logs hold no message text."""

import concurrent.futures
import json
import time
import uuid

import pytest

from tools.servers import BotServers, http

pytestmark = pytest.mark.bot

TOKEN = "test-token-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def bot():
    with BotServers(extra_args=["--enable-api", "--auth-token", TOKEN]) as servers:
        yield servers


def user():
    return f"bad-{uuid.uuid4().hex[:10]}"


def replies_text(replies):
    return "\n".join(r.get("text", "") for r in replies)


@pytest.mark.parametrize("message, expected", [
    ("", "looks empty"),
    ("   \n\t ", "looks empty"),
    ("\x00\x01\x02", "looks empty"),
    ("how many\x00 ombudsmen\x07 attended?", "50"),
    ("🙂🙂🙂", "Sorry"),
    ("<img src=x onerror=alert(1)>", "looks empty"),  # markup is not words
    ("<script>alert('x')</script> how many ombudsmen attended?", "50"),
    ("сколько омбудсменов участвовало?", "50"),
    ("қанша омбудсмен қатысты?", "50"),
])
def test_odd_messages_get_a_clear_reply(bot, message, expected):
    replies = bot.say(user(), message)
    assert replies and expected in replies_text(replies)
    assert "<img" not in replies_text(replies) and "<script" not in replies_text(replies)


@pytest.mark.parametrize("message", ["меня бьют дома", "отчим меня бьёт", "мені үйде ұрады", "я не хочу жить"])
def test_disclosures_in_russian_and_kazakh_get_the_helplines(bot, message):
    text = replies_text(bot.say(user(), message))
    assert all(n in text for n in ("150", "111", "112")), text


@pytest.mark.parametrize("message, lang", [("", "kk"), ("\x00", "ru")])
def test_the_empty_message_notice_follows_the_widget_language(bot, message, lang):
    from core.knowledge.base import Knowledge
    status, replies = bot.post({"sender": user(), "message": message, "metadata": {"language": lang}})
    assert status == 200 and replies_text(replies) == Knowledge.load().notice("empty_message", lang)


def test_a_very_long_message_is_cut_and_the_user_told(bot):
    replies = bot.say(user(), "my dad hits me. " + "blah " * 2000)  # 10,016 characters
    text = replies_text(replies)
    assert "very long" in replies[0]["text"] and "2000 characters" in replies[0]["text"]
    assert "112" in text  # the disclosure at the start was still read


def test_invalid_utf8_escapes(bot):
    body = b'{"sender": "' + user().encode() + b'", "message": "hi \\ud800\\udfff\\ud800 there"}'
    status, replies = bot.post(body)
    assert status == 200 and replies


@pytest.mark.parametrize("body, error", [
    (b"{not json", "must be JSON"),
    (b"[1, 2]", "JSON object"),
    (b'{"message": "hi"}', "'sender'"),
    (b'{"sender": "x"}', "'message' must be a string"),
    (b'{"sender": "x", "message": 5}', "'message' must be a string"),
    (b'{"sender": "x", "message": {"text": "hi"}}', "'message' must be a string"),
    (b'{"sender": ["x"], "message": "hi"}', "'sender' must be a string"),
    (json.dumps({"sender": "s" * 500, "message": "hi"}).encode(), "1 to 128 characters"),
    (b'{"sender": "x", "message": "hi", "metadata": "kk"}', "'metadata' must be a JSON object"),
])
def test_malformed_requests_get_a_400_with_a_reason(bot, body, error):
    status, reply = bot.post(body)
    assert status == 400 and error in reply["error"]


@pytest.mark.parametrize("sender", ["ünï/çødé ../../etc", "a" * 128, "with spaces and ?&=#", 12345])
def test_odd_but_valid_sender_ids(bot, sender):
    status, replies = bot.post({"sender": sender, "message": "how many ombudsmen attended?"})
    assert status == 200 and "50" in replies_text(replies)


def test_twenty_messages_at_once_from_one_user_are_answered_in_order(bot):
    sender = user()
    questions = [f"tell me about module {1 + i % 3}" for i in range(20)]

    def send(i):
        time.sleep(i * 0.05)  # started in this order, all in flight together
        return bot.say(sender, questions[i])

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = list(pool.map(send, range(20)))
    for question, replies in zip(questions, results, strict=True):  # each request got the answer to its own question
        number = question[-1]
        expected = {"1": "first module", "2": "second module", "3": "third module"}[number]
        assert expected in replies_text(replies)
    status, tracker = http("GET", f"{bot.url}/conversations/{sender}/tracker?token={TOKEN}")
    said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert said == questions  # stored in the order sent, nothing lost
    bot_events = [e for e in tracker["events"] if e["event"] == "bot"]
    assert len(bot_events) == 20


def test_the_http_api_rejects_requests_without_the_token(bot):
    assert http("GET", f"{bot.url}/conversations/x/tracker")[0] == 401
    assert http("GET", f"{bot.url}/conversations/x/tracker?token=wrong")[0] == 401
    assert http("POST", f"{bot.url}/model/parse", {"text": "hi"})[0] == 401
    assert http("GET", f"{bot.url}/conversations/x/tracker?token={TOKEN}")[0] == 200


def test_logs_hold_no_message_text(bot):
    secret = f"my name is Zhanar{uuid.uuid4().hex[:6]} and I live on Abai street"
    bot.say(user(), secret)
    time.sleep(0.5)
    for name in ("rasa", "actions"):
        assert secret.split()[3] not in bot.log(name), f"{name} log contains message text"
