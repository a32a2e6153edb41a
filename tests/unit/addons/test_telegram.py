"""The Telegram channel without Rasa: its pieces, and what each kind of update gets, against the
fake Bot API (tools/fake_telegram.py) with a stand-in for Rasa. tests/bot/test_telegram.py runs
the same channel in the trained bot."""

import itertools

import pytest
from rasa.shared.exceptions import RasaException

from addons.channels.telegram import (
    TelegramInput,
    addressed,
    command_text,
    secret_ok,
    split_message,
    telegram_language,
    units,
)
from tests.conftest import run_async
from tools.fake_telegram import FakeTelegram

SECRET = "unit-test-secret-0123456789"
BOT = "child_safety_test_bot"
ids = itertools.count(1000)


@pytest.mark.parametrize("code, lang", [("ru", "ru"), ("kk", "kk"), ("en", "en"), ("en-US", "en"),
                                        ("ru_RU", "ru"), ("KK", "kk"), ("de", None), ("uk", None), ("", None),
                                        (None, None), (7, None)])
def test_telegram_language(code, lang):
    assert telegram_language(code) == lang


@pytest.mark.parametrize("text, sent", [
    ("/start", "/start"), ("/start@MyBot", "/start"), ("/start deep-link_param1", "/start"),
    ("/start my dad hits me", "my dad hits me"), ("/help мне страшно", "мне страшно"), ("/lang ru kk", "lang ru kk"),
    ("/помогите", "помогите"),
    ("/HELP", "/help"), ("/help@MyBot", "/help"), ("/lang ru", "/lang ru"), ("/lang@MyBot kk", "/lang kk"),
    ("/language english", "/language english"), ("/lang", "lang"), ("/restart", "restart"),
    ("/greet", "greet"), ('/crisis{"x": 1}', 'crisis{"x": 1}'), ("/", ""), ("/ what is this", " what is this"),
    ("hello", "hello"), ("50/50?", "50/50?"),
])
def test_command_text(text, sent):
    assert command_text(text) == sent


def group_message(**fields):
    return {"message_id": 1, "chat": {"id": -100123, "type": "supergroup", "title": "Class 7B"},
            "from": {"id": 5, "is_bot": False, "first_name": "Aru"}, "date": 1700000000, **fields}


@pytest.mark.parametrize("fields, expected", [
    ({"text": "/start"}, True), ({"text": "/help"}, True), ({"text": f"/start@{BOT}"}, True),
    ({"text": f"/start@{BOT.upper()}"}, True), ({"text": "/start@OtherBot"}, False), ({"text": "/weather"}, False),
    ({"text": f"hey @{BOT} my dad hits me"}, True), ({"text": "my dad hits me"}, False),
    ({"caption": f"@{BOT} look"}, True), ({"text": "ok", "reply_to_message": {"from": {"id": 123456789}}}, True),
    ({"text": "ok", "reply_to_message": {"from": {"id": 5}}}, False),
    ({"new_chat_members": [{"id": 123456789, "is_bot": True, "first_name": "Bot"}]}, True),
    ({"new_chat_members": [{"id": 77, "is_bot": False, "first_name": "New"}]}, False),
])
def test_addressed_in_a_group(fields, expected):
    assert addressed(group_message(**fields), BOT, 123456789) is expected


def test_secret_compare():
    assert secret_ok(SECRET, SECRET)
    assert not secret_ok(SECRET + "x", SECRET) and not secret_ok("", SECRET) and not secret_ok(None, SECRET)


def test_short_replies_stay_one_message_long_ones_split_at_paragraphs():
    assert split_message("  Call 150.\n\nOr 111.  ") == ["Call 150.\n\nOr 111."]
    paragraphs = [f"Paragraph {i}. " + "word " * 300 for i in range(12)]  # ~1500 characters each
    parts = split_message("\n\n".join(paragraphs))
    assert len(parts) > 1 and all(units(p) <= 4096 for p in parts)
    assert all(p.startswith("Paragraph") for p in parts)  # every cut is at a paragraph
    assert "\n\n".join(parts).split() == "\n\n".join(paragraphs).split()


def test_split_counts_emoji_as_two_and_cuts_at_words_when_it_must():
    parts = split_message("🙂 " * 3000)  # 3000 words of 3 UTF-16 units each, one paragraph
    assert all(units(p) <= 4096 for p in parts) and sum(p.count("🙂") for p in parts) == 3000
    assert split_message("x" * 5000) == ["x" * 4096, "x" * 904]
    assert split_message("") == [] and split_message(" \n ") == []


@pytest.fixture(scope="module")
def fake():
    with FakeTelegram(username=BOT) as server:
        yield server


def channel(fake, **kw):
    return TelegramInput(fake.token, SECRET, kw.get("bot_name", BOT), None, fake.url)


class Rasa:
    """A stand-in for Rasa behind the guard: records messages, answers with `reply` (or nothing)."""

    def __init__(self, reply=None):
        self.reply, self.messages = reply, []

    async def __call__(self, message):
        self.messages.append(message)
        if self.reply:
            await message.output_channel.send_response(message.sender_id, dict(self.reply))


def run(fake, updates, reply=None, **kw):
    """Each update through the guarded channel; the stand-in for Rasa."""
    tg, rasa = channel(fake, **kw), Rasa(reply)
    tg.blueprint(rasa)

    async def go():
        try:
            for update in updates:
                await tg.handle_update(update, tg._guarded_handler)
        finally:
            await tg.out.session.close()

    run_async(go())
    return rasa


def private(chat_id, lang="ru", edited=False, **fields):
    message = {"message_id": next(ids), "date": 1700000000,
               "from": {"id": chat_id, "is_bot": False, "first_name": "Aru", "language_code": lang},
               "chat": {"id": chat_id, "type": "private", "first_name": "Aru"}, **fields}
    return {"update_id": next(ids), ("edited_message" if edited else "message"): message}


def test_a_text_message_reaches_rasa_with_the_language_hint(fake):
    chat = next(ids)
    rasa = run(fake, [private(chat, "kk", text="/start@" + BOT), private(chat, "de", text="hello there")],
               reply={"text": "Hi"})
    assert [(m.text, m.sender_id, m.metadata, m.input_channel) for m in rasa.messages] == [
        ("/start", str(chat), {"language": "kk"}, "telegram"), ("hello there", str(chat), None, "telegram")]
    assert [s["text"] for s in fake.sent(chat)] == ["Hi", "Hi"]


@pytest.mark.parametrize("content", [
    {"sticker": {"file_id": "CAACAgIAAx", "file_unique_id": "AgAD", "width": 512, "height": 512, "is_animated": False,
                 "is_video": False, "type": "regular", "emoji": "😀"}},
    {"photo": [{"file_id": "AgACAgIAAx", "file_unique_id": "AQAD", "width": 90, "height": 90, "file_size": 1200}]},
    {"voice": {"file_id": "AwACAgIAAx", "file_unique_id": "AgAD", "duration": 3, "mime_type": "audio/ogg"}},
    {"document": {"file_id": "BQACAgIAAx", "file_unique_id": "AgAD", "file_name": "a.pdf", "mime_type": "application/pdf"}},
    {"location": {"latitude": 43.238949, "longitude": 76.889709}},
])
def test_non_text_gets_the_not_text_notice_and_nothing_reaches_rasa(fake, content):
    chat = next(ids)
    rasa = run(fake, [private(chat, "kk", **content)])
    assert rasa.messages == []  # nor the coordinates of a location
    (sent,) = fake.sent(chat)
    assert sent["text"].startswith("Мен тек мәтіндік хабарламаларды") and "parse_mode" not in sent


def test_a_caption_is_read_as_the_message(fake):
    chat = next(ids)
    rasa = run(fake, [private(chat, photo=[{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}],
                              caption="мой папа бьет меня")], reply={"text": "ok"})
    assert [m.text for m in rasa.messages] == ["мой папа бьет меня"]


def test_edits_service_messages_and_other_updates(fake):
    chat = next(ids)
    rasa = run(fake, [
        private(chat, edited=True, text="мне страшно", edit_date=1700000100),  # read as a new message
        private(chat, edited=True, sticker={"file_id": "x", "file_unique_id": "y"}),  # nothing
        private(chat, pinned_message={"message_id": 3, "date": 1, "chat": {"id": chat, "type": "private"}}),
        private(chat, message_auto_delete_timer_changed={"message_auto_delete_time": 86400}),
        {"update_id": next(ids), "channel_post": {"message_id": 1, "date": 1, "text": "news",
                                                  "chat": {"id": -100999, "type": "channel", "title": "News"}}},
        {"update_id": next(ids), "my_chat_member": {"chat": {"id": chat, "type": "private"}, "date": 1}},
        {"update_id": next(ids), "inline_query": {"id": "1", "from": {"id": chat, "is_bot": False, "first_name": "A"},
                                                  "query": "hi", "offset": ""}},
    ], reply={"text": "ok"})
    assert [m.text for m in rasa.messages] == ["мне страшно"]
    assert len(fake.sent(chat)) == 1


def test_groups_get_only_the_private_chat_notice(fake):
    group = -100000 - next(ids)
    user = {"id": next(ids), "is_bot": False, "first_name": "Aru", "language_code": "ru"}

    def update(**fields):
        return {"update_id": next(ids), "message": {"message_id": next(ids), "date": 1, "from": user,
                                                    "chat": {"id": group, "type": "supergroup", "title": "7B"}, **fields}}
    rasa = run(fake, [update(text="мой папа бьет меня"), update(text=f"/help@{BOT}"),
                      update(text=f"@{BOT} мой папа бьет меня"), update(text="/start@OtherBot"),
                      update(sticker={"file_id": "x", "file_unique_id": "y"})], reply={"text": "ok"})
    assert rasa.messages == []  # nothing reaches Rasa, nothing is stored
    sent = fake.sent(group)
    assert len(sent) == 2 and all(s["text"] == sent[0]["text"] for s in sent)
    assert sent[0]["text"].startswith("Я отвечаю только в личном чате") and "150" not in sent[0]["text"]
    assert sent[0]["reply_markup"]["inline_keyboard"][0][0]["url"] == f"https://t.me/{BOT}"


def test_buttons_are_an_inline_keyboard_and_a_press_comes_back_as_the_payload(fake):
    chat = next(ids)
    long_payload = "Как оставаться в безопасности в интернете?"  # 80 bytes: over callback_data's 64
    buttons = [{"title": "Безопасность в интернете", "payload": long_payload},
               {"title": "Права детей", "payload": "Какие права есть у детей?"}]
    rasa = run(fake, [private(chat, text="/start")], reply={"text": "Привет!", "buttons": buttons})
    (greeting,) = fake.sent(chat)
    rows = greeting["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["Безопасность в интернете"], ["Права детей"]]
    press = [{"update_id": next(ids), "callback_query": {
        "id": str(next(ids)), "from": {"id": chat, "is_bot": False, "first_name": "Aru", "language_code": "ru"},
        "message": {"message_id": 5, "date": 1, "chat": {"id": chat, "type": "private"}, "text": "Привет!",
                    "reply_markup": greeting["reply_markup"]},
        "chat_instance": "-1", "data": b["callback_data"]}} for row in rows for b in row]
    answered = len(fake.calls("answerCallbackQuery"))
    rasa = run(fake, press, reply={"text": "ok"})  # a new channel, as after a restart
    # the short payload comes back as it is; the long one's key is unknown to a new process: its title
    assert [m.text for m in rasa.messages] == ["Безопасность в интернете", "Какие права есть у детей?"]
    assert len(fake.calls("answerCallbackQuery")) == answered + 2


def test_a_payload_key_round_trip():
    tg = TelegramInput("123456789:TEST-fake-token", SECRET)
    data = tg.out.callback_data("Как оставаться в безопасности в интернете?")
    assert data.startswith("k:") and len(data.encode()) <= 64
    assert tg.out.payload_of(data) == "Как оставаться в безопасности в интернете?"
    assert tg.out.payload_of(tg.out.callback_data("Who can I call?")) == "Who can I call?"
    assert tg.out.payload_of("forged text") == "forged text"


def test_long_reply_split_with_the_keyboard_on_the_last_part(fake):
    chat = next(ids)
    text = "\n\n".join(f"Part {i}. " + "слово " * 150 for i in range(12))  # 12 x 908 characters
    run(fake, [private(chat, text="hi")], reply={"text": text, "buttons": [{"title": "Ok", "payload": "ok"}]})
    sent = fake.sent(chat)
    assert len(sent) == 3 and all(units(s["text"]) <= 4096 and s["text"].startswith("Part") for s in sent)
    assert [("reply_markup" in s) for s in sent] == [False, False, True]


def test_no_reply_from_rasa_gets_the_unavailable_notice_in_the_users_language(fake):
    chat = next(ids)
    run(fake, [private(chat, "kk", text="50?")], reply=None)
    (sent,) = fake.sent(chat)
    assert "150" in sent["text"] and "111" in sent["text"] and "112" in sent["text"] and "Кешір" in sent["text"]


def test_settings_come_from_the_environment_with_one_clear_error(monkeypatch):
    for var in ("TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN", "TELEGRAM_BOT_NAME", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_API_URL"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(RasaException, match="TELEGRAM_TOKEN and TELEGRAM_SECRET_TOKEN not set"):
        TelegramInput.from_credentials(None)
    monkeypatch.setenv("TELEGRAM_TOKEN", "not-a-token")
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", SECRET)
    with pytest.raises(RasaException, match="not a bot token") as error:
        TelegramInput.from_credentials({})
    assert "not-a-token" not in str(error.value)
    monkeypatch.setenv("TELEGRAM_TOKEN", "123456789:TEST-fake-token")
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "short")
    with pytest.raises(RasaException, match="16 to 256"):
        TelegramInput.from_credentials(None)
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", SECRET)
    with pytest.raises(RasaException, match="not the credentials file"):
        TelegramInput.from_credentials({"access_token": "123:abc"})
    monkeypatch.setenv("TELEGRAM_BOT_NAME", "@" + BOT)
    tg = TelegramInput.from_credentials(None)
    assert (tg.secret, tg.verify, tg.webhook_url, tg.name()) == (SECRET, BOT, None, "telegram")
    assert tg.get_output_channel() is tg.out  # no webhook call, no asyncio.run()
