"""Feedback on answers in every channel: the marks the channels put on replies
(addons/channels/feedback.py, socketio.py's output tagging), Telegram's 👍 👎 row and its press
(telegram_feedback.py, against the fake Bot API), the terminal's /good and /bad (tools/chat.py)."""

import io
import itertools

import pytest
from rasa.core.channels.channel import CollectingOutputChannel

from addons.channels.feedback import PAYLOADS, feedback_value, is_crisis_response, marks
from addons.channels.socketio import LanguageTaggedCollector, LanguageTaggedOutput
from addons.channels.telegram import TelegramInput
from tests.conftest import run_async
from tools import chat
from tools.fake_telegram import FakeTelegram

ANSWER = {"text": "The children's helpline is 150, free, 24/7.", "answer": "helpline_150"}
CRISIS = {"text": "I'm so sorry this is happening. Call 150 or 112.", "utter_action": "utter_crisis_danger"}
ids = itertools.count(5000)


@pytest.mark.parametrize("name, crisis", [("utter_crisis", True), ("utter_crisis_again", True),
                                          ("utter_crisis_danger", True), ("utter_distress", True),
                                          ("utter_helplines", True), ("utter_cant_help_crisis", True),
                                          ("utter_greet", False), ("utter_cant_help", False), (None, False)])
def test_crisis_responses(name, crisis):
    assert is_crisis_response(name) is crisis


def test_marks():
    assert marks(dict(ANSWER)) == {"answer": "helpline_150"}
    assert marks({"text": "x", "metadata": {"answer": "modules"}}) == {"answer": "modules"}
    assert marks(dict(CRISIS)) == {"crisis": True}
    assert marks({"text": "Hello!", "utter_action": "utter_greet"}) == {}
    assert feedback_value(PAYLOADS["up"]) == "up" and feedback_value('/feedback{"helpful": "down"}') == "down"
    assert feedback_value("feedback up") is None and {"/good": PAYLOADS["up"], "/bad": PAYLOADS["down"]} == chat.FEEDBACK


def test_socketio_replies_carry_the_answer_or_crisis():
    emitted = []

    class Sio:
        async def emit(self, event, data=None, **kwargs):
            emitted.append(data)

    out = LanguageTaggedOutput(Sio(), "bot_uttered")
    run_async(out.send_response("room", {**ANSWER, "text": ANSWER["text"] + "\n\nSource: UNICEF."}))
    run_async(out.send_response("room", dict(CRISIS)))
    run_async(out.send_response("room", {"text": "Hello! I am an automated assistant.", "utter_action": "utter_greet"}))
    assert [d["metadata"] for d in emitted] == [{"language": "en", "answer": "helpline_150"}] * 2 + [
        {"language": "en", "crisis": True}, {"language": "en"}]


def test_rest_replies_carry_them_too():
    collector = LanguageTaggedCollector(CollectingOutputChannel())
    run_async(collector.send_response("u", dict(ANSWER)))
    run_async(collector.send_response("u", {"text": "50", "answer": "attendance"}))
    run_async(collector.send_response("u", dict(CRISIS)))
    assert [m.get("metadata") for m in collector.messages] == [
        {"language": "en", "answer": "helpline_150"}, {"answer": "attendance"}, {"language": "en", "crisis": True}]


@pytest.fixture(scope="module")
def fake():
    with FakeTelegram(username="child_safety_test_bot") as server:
        yield server


def run(fake, updates, replies):
    tg = TelegramInput(fake.token, "unit-test-secret-0123456789", "child_safety_test_bot", None, fake.url)
    got = []

    async def rasa(message):
        got.append(message.text)
        for reply in replies:
            await message.output_channel.send_response(message.sender_id, dict(reply))

    async def go():
        try:
            for update in updates:
                await tg.handle_update(update, rasa)
        finally:
            await tg.out.session.close()

    run_async(go())
    return got


def message(chat_id, text):
    return {"update_id": next(ids), "message": {"message_id": next(ids), "date": 1, "text": text,
                                                "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
                                                "chat": {"id": chat_id, "type": "private"}}}


def test_telegram_answers_get_the_feedback_row_crisis_replies_never(fake):
    chat_id = next(ids)
    run(fake, [message(chat_id, "helpline?")], [{**ANSWER, "buttons": [{"title": "More", "payload": "more"}]}])
    run(fake, [message(chat_id, "he hits me")], [CRISIS])
    answer, crisis = fake.sent(chat_id)
    rows = answer["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["More"], ["👍", "👎"]]
    assert [b["callback_data"] for b in rows[1]] == ["t:" + PAYLOADS["up"], "t:" + PAYLOADS["down"]]
    assert "reply_markup" not in crisis


def test_a_press_sends_the_payload_as_it_is_and_takes_the_row_off(fake):
    chat_id = next(ids)
    run(fake, [message(chat_id, "helpline?")], [ANSWER])
    (sent,) = fake.sent(chat_id)
    press = {"update_id": next(ids), "callback_query": {
        "id": str(next(ids)), "from": {"id": chat_id, "is_bot": False, "first_name": "A"}, "chat_instance": "1",
        "message": {"message_id": 77, "date": 1, "chat": {"id": chat_id, "type": "private"}, "text": sent["text"],
                    "reply_markup": sent["reply_markup"]}, "data": sent["reply_markup"]["inline_keyboard"][0][1]["callback_data"]}}
    assert run(fake, [press], [{"text": "Thank you!", "utter_action": "utter_feedback_thanks"}]) == [PAYLOADS["down"]]
    edit = [c for c in fake.calls("editMessageReplyMarkup") if str(c["params"]["chat_id"]) == str(chat_id)]
    assert len(edit) == 1 and str(edit[0]["params"]["message_id"]) == "77" and not edit[0]["params"].get("reply_markup")
    assert "reply_markup" not in fake.sent(chat_id)[-1]  # the thanks: nothing to rate


class Terminal(chat.Chat):
    def __init__(self, turns):
        super().__init__("http://127.0.0.1:9", greeting="", out=io.StringIO())
        self.turns, self.sent = turns, []

    def post(self, text):
        self.sent.append(text)
        return self.turns.pop(0)


def test_terminal_good_and_bad_only_right_after_an_answer():
    answer = [{"text": "150", "metadata": {"language": "en", "answer": "helpline_150"}}]
    crisis = [{"text": "Call 112.", "metadata": {"language": "en", "crisis": True}}]
    thanks = [{"text": "Thank you!", "metadata": {"language": "en"}}]
    t = Terminal([answer, thanks, crisis, answer + crisis])
    t.handle("/good")  # nothing asked yet
    t.handle("helpline?")
    t.handle("/good")
    t.handle("/bad")  # the thanks is no answer
    t.handle("he hits me")
    t.handle("/bad")
    t.handle("and you?")
    t.handle("/good")  # a crisis reply in the turn
    assert t.sent == ["helpline?", PAYLOADS["up"], "he hits me", "and you?"]
    assert t.out.getvalue().count(chat.NOTHING_TO_RATE) == 4


def test_the_insights_copy_of_the_contract_agrees_with_the_channels():
    from addons.channels import feedback
    from tools.insights import contract

    assert contract.PAYLOADS == feedback.PAYLOADS and contract.CRISIS_RESPONSES == feedback.CRISIS_RESPONSES
    assert (contract.FEEDBACK_INTENT, contract.FEEDBACK_ENTITY) == (feedback.FEEDBACK_INTENT, feedback.FEEDBACK_ENTITY)
    for name in ("utter_crisis", "utter_crisis_sorry", "utter_distress", "utter_greet", "utter_helplines", "", None):
        assert contract.is_crisis_response(name) == feedback.is_crisis_response(name)
    for text in (PAYLOADS["up"], PAYLOADS["down"], '/feedback{"helpful": "up"}', "up", None):
        assert contract.feedback_value(text) == feedback.feedback_value(text)
    for md in ({"answer": "a"}, {"metadata": {"answer": "b"}}, {"answer": ""}, None, {}):
        assert contract.answer_of(md) == feedback.answer_of(md)
