"""The assistant on Telegram, end to end: the trained bot with the Telegram channel
(addons/channels/telegram.py), pointed at the fake Bot API (tools/fake_telegram.py). Genuine
Telegram updates are POSTed to the webhook the way Telegram does it (the URL and secret the bot
set with setWebhook), and what the bot sent back is read from the fake's recorded calls.
Everything is on 127.0.0.1."""

import itertools
import os
import re
import subprocess
import time
import uuid

import pytest

from tools.fake_telegram import FakeTelegram
from tools.servers import MODEL, ROOT, VENV_BIN, BotServers, free_port, http

pytestmark = pytest.mark.bot

TOKEN = "123456789:TEST-bot-token"
BOT = "child_safety_test_bot"
SECRET = "bot-test-" + uuid.uuid4().hex
CREDENTIALS = "addons.channels.rest.RestInput:\naddons.channels.telegram.TelegramInput:\n"
KAZAKH = re.compile("[әғқңөұүһі]", re.IGNORECASE)
CYRILLIC = re.compile("[\u0400-\u04ff]")
HELPLINES = ("150", "111", "112")
ids = itertools.count(int(time.time()) % 100000 * 1000)


def language_of(text):
    letters = [c for c in text if c.isalpha()]
    if sum(bool(CYRILLIC.match(c)) for c in letters) < 0.6 * len(letters):
        return "en"
    return "kk" if KAZAKH.search(text) else "ru"


@pytest.fixture(scope="module")
def tg(tmp_path_factory):
    credentials = tmp_path_factory.mktemp("telegram") / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    with FakeTelegram(TOKEN, BOT) as fake:
        bot = BotServers(credentials=str(credentials),  # TELEGRAM_BOT_NAME unset: getMe tells it
                         env={"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_SECRET_TOKEN": SECRET, "TELEGRAM_API_URL": fake.url,
                              "TELEGRAM_BOT_NAME": ""})
        bot.env["TELEGRAM_WEBHOOK_URL"] = f"{bot.url}/webhooks/telegram/webhook"
        with bot:
            fake.wait_for("setWebhook", timeout=60)
            fake.bot = bot
            yield fake


class User:
    """A Telegram user in a private chat with the bot (chat id = user id, as Telegram does)."""

    def __init__(self, fake, lang="en", first_name="Aru"):
        self.fake, self.id = fake, next(ids)
        self.user = {"id": self.id, "is_bot": False, "first_name": first_name, "language_code": lang}

    def message(self, **fields):
        return {"message_id": next(ids), "from": self.user, "date": int(time.time()),
                "chat": {"id": self.id, "type": "private", "first_name": self.user["first_name"]}, **fields}

    def deliver(self, update, **kw):
        """What the bot sent to this chat for `update` (the webhook answers when the turn is done)."""
        before = len(self.fake.sent(self.id))
        status, body = self.fake.deliver({"update_id": next(ids), **update}, **kw)
        assert status == 200, (status, body)
        return self.fake.sent(self.id)[before:]

    def send(self, **fields):
        return self.deliver({"message": self.message(**fields)})

    def say(self, text):
        return "\n".join(s["text"] for s in self.send(text=text))

    def press(self, sent, title):
        """Press the button `title` of the bot's message `sent`, as Telegram reports it."""
        button = next(b for row in sent["reply_markup"]["inline_keyboard"] for b in row if b["text"] == title)
        message = {"message_id": 7, "from": {"id": 123456789, "is_bot": True, "first_name": "Bot", "username": BOT},
                   "chat": {"id": self.id, "type": "private"}, "date": int(time.time()), "text": sent["text"],
                   "reply_markup": sent["reply_markup"]}
        return self.deliver({"callback_query": {"id": str(next(ids)), "from": self.user, "message": message,
                                                "chat_instance": str(next(ids)), "data": button["callback_data"]}})


def test_the_webhook_is_set_at_start_up_with_the_secret(tg):
    (call,) = tg.calls("setWebhook")
    assert call["params"]["url"] == f"{tg.bot.url}/webhooks/telegram/webhook"
    assert call["params"]["secret_token"] == SECRET
    assert call["params"]["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert len(tg.calls("getMe")) == 1


@pytest.mark.parametrize("secret", ["", "wrong-" + uuid.uuid4().hex, SECRET[:-1]])
def test_updates_without_the_right_secret_are_refused(tg, secret):
    user = User(tg, "ru")
    status, _ = tg.deliver({"update_id": next(ids), "message": user.message(text="мой папа бьет меня")}, secret=secret)
    assert status == 403 and tg.sent(user.id) == []


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b""])
def test_a_malformed_body_with_the_right_secret_gets_a_400(tg, body):
    status, _ = http("POST", f"{tg.bot.url}/webhooks/telegram/webhook", body,
                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert status == 400


@pytest.mark.parametrize("lang, greeting", [("ru", "Привет!"), ("kk", "Сәлем!"), ("en", "Hello!"), ("de", "Hello!")])
def test_start_greets_in_the_users_language_with_an_inline_keyboard(tg, lang, greeting):
    (sent,) = User(tg, lang).send(text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}])
    assert sent["text"].startswith(greeting) and "parse_mode" not in sent
    rows = sent["reply_markup"]["inline_keyboard"]
    assert len(rows) == 4 and all(len(row) == 1 and row[0]["callback_data"] for row in rows)


def test_start_with_the_bot_name_and_a_deep_link(tg):
    assert User(tg, "kk").say(f"/start@{BOT} from-poster").startswith("Сәлем!")


def test_a_button_press_comes_back_as_its_payload(tg):
    user = User(tg, "ru")
    (greeting,) = user.send(text="/start")
    for title, payload in [("Кому позвонить за помощью?", "Кому позвонить за помощью?"),
                           ("Безопасность в интернете", "Как оставаться в безопасности в интернете?")]:
        reply = "\n".join(s["text"] for s in user.press(greeting, title))
        assert reply == tg.bot.text(f"tg-rest-{uuid.uuid4().hex}", payload)  # the same as typing the payload
        assert language_of(reply) == "ru"
    assert len(tg.calls("answerCallbackQuery")) >= 2


@pytest.mark.parametrize("lang, question, expected", [
    ("en", "Сколько омбудсменов участвовало во встрече?", "ru"),
    ("ru", "How many ombudsmen attended the meeting?", "en"),
    ("kk", "Кездесуге қанша омбудсмен қатысты?", "kk"),
])
def test_the_reply_follows_the_language_of_the_message(tg, lang, question, expected):
    reply = User(tg, lang).say(question)
    assert "50" in reply and language_of(reply) == expected


def test_language_code_does_not_undo_a_chosen_language(tg):
    user = User(tg, "ru")
    assert language_of(user.say("/lang kk")) == "kk"
    (sticker,) = user.send(sticker={"file_id": "CAACAgIAAxkBAAE", "file_unique_id": "AgADAQAD", "width": 512,
                                    "height": 512, "is_animated": False, "is_video": False, "type": "regular"})
    assert language_of(sticker["text"]) == "kk"
    assert language_of(user.say("UNICEF?")) == "kk"


@pytest.mark.parametrize("lang, disclosure", [("kk", "Әкем мені күнде ұрады"), ("ru", "Отчим бьёт меня каждый вечер"),
                                              ("en", "my dad beats me every night")])
def test_a_disclosure_gets_the_helplines_in_plain_text(tg, lang, disclosure):
    sent = User(tg, lang).send(text=disclosure)
    text = "\n".join(s["text"] for s in sent)
    assert all(n in text for n in HELPLINES) and language_of(text) == lang
    assert all("parse_mode" not in s and "entities" not in s for s in sent)  # digits Telegram makes tappable
    assert disclosure not in tg.bot.log("rasa")  # no message text in the logs


def test_help_gives_the_helplines(tg):
    user = User(tg, "ru")
    user.say("/start")
    text = user.say("/help")
    assert all(n in text for n in HELPLINES)


def test_help_answers_in_the_conversation_language(tg):
    user = User(tg, "ru")
    user.say("/start")
    assert language_of(user.say("/help")) == "ru"


@pytest.mark.parametrize("content", [
    {"photo": [{"file_id": "AgACAgIAAxk", "file_unique_id": "AQADs", "file_size": 1384, "width": 90, "height": 67}]},
    {"voice": {"file_id": "AwACAgIAAxk", "file_unique_id": "AgADr", "duration": 2, "mime_type": "audio/ogg",
               "file_size": 9060}},
    {"document": {"file_name": "photo.pdf", "mime_type": "application/pdf", "file_id": "BQACAgIAAxk",
                  "file_unique_id": "AgADt", "file_size": 30271}},
    {"location": {"latitude": 51.128207, "longitude": 71.430411}},
])
def test_non_text_messages_get_a_clear_reply(tg, content):
    (sent,) = User(tg, "ru").send(**content)
    assert sent["text"].startswith("Я умею читать только текстовые сообщения")


def test_a_caption_and_an_edited_message_are_read(tg):
    user = User(tg, "en")
    reply = "\n".join(s["text"] for s in user.send(caption="my dad beats me every night", photo=[
        {"file_id": "AgACAgIAAxk", "file_unique_id": "AQADs", "width": 90, "height": 67}]))
    assert all(n in reply for n in HELPLINES)
    edited = user.deliver({"edited_message": user.message(text="How many ombudsmen attended the meeting?",
                                                          edit_date=int(time.time()))})
    assert "50" in edited[0]["text"]


def test_groups_get_only_the_private_chat_notice(tg):
    group, user = -(1000000000000 + next(ids)), User(tg, "ru")

    def in_group(**fields):
        status, _ = tg.deliver({"update_id": next(ids), "message": {
            "message_id": next(ids), "from": user.user, "date": int(time.time()),
            "chat": {"id": group, "type": "supergroup", "title": "7B class"}, **fields}})
        assert status == 200
        return tg.sent(group)

    assert in_group(text="мой папа бьет меня") == []  # privacy mode off: the bot sees it, and says nothing
    (notice,) = in_group(text=f"/help@{BOT}")
    assert notice["text"].startswith("Я отвечаю только в личном чате") and not any(n in notice["text"] for n in HELPLINES)
    assert notice["reply_markup"]["inline_keyboard"][0][0]["url"] == f"https://t.me/{BOT}"
    assert len(in_group(new_chat_members=[{"id": 123456789, "is_bot": True, "first_name": "Bot", "username": BOT}])) == 2
    status, _ = tg.deliver({"update_id": next(ids), "channel_post": {
        "message_id": 1, "date": int(time.time()), "text": "news", "chat": {"id": -1001999, "type": "channel"}}})
    assert status == 200 and tg.sent(-1001999) == []
    assert tg.sent(user.id) == []


def test_a_failing_telegram_call_is_logged_and_answered_200(tg):
    user = User(tg, "en")
    tg.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    user.send(text="hi")  # asserts the 200
    assert "Hello" in user.say("hi")


def test_with_the_action_server_down_a_fact_question_gets_the_helplines(tg):
    tg.bot.stop_actions()
    try:
        for lang, question in [("ru", "Сколько было модулей?"), ("kk", "Неше модуль болды?")]:
            text = User(tg, lang).say(question)
            assert all(n in text for n in HELPLINES) and language_of(text) == lang
    finally:
        tg.bot.start_actions()


def test_getme_was_called_once_for_all_the_updates(tg):
    assert len(tg.calls("getMe")) == 1 and len(tg.calls("sendMessage")) > 30


def test_a_missing_token_stops_rasa_with_one_clear_line(tmp_path):
    (tmp_path / "credentials.yml").write_text(CREDENTIALS)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(RASA_TELEMETRY_ENABLED="false", TELEGRAM_SECRET_TOKEN=SECRET)
    done = subprocess.run([str(VENV_BIN / "rasa"), "run", "--model", str(MODEL), "-i", "127.0.0.1",
                           "-p", str(free_port()), "--credentials", str(tmp_path / "credentials.yml")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    output = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)  # without the colours
    lines = [line for line in output.splitlines() if "TELEGRAM_TOKEN" in line]
    assert done.returncode == 1 and lines == ["RasaException: Telegram: TELEGRAM_TOKEN not set in the environment "
                                              "(docs/telegram.md)"]
