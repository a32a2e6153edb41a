"""addons.channels.socketio without a server: a message-less first event starts the session
(greet, or silent), non-text messages get the not_text notice, and bot messages carry the
language they are written in. The handlers are called directly, with emit recorded."""

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel

from addons.channels.guard import Guarded
from addons.channels.socketio import (
    GREETING,
    LanguageTaggedCollector,
    LanguageTaggedOutput,
    SocketIOInput,
    TagCollectedReplies,
    is_session_start,
    session_start_mode,
    tag_language,
)
from tests.conftest import run_async

CREDS = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
         "session_persistence": True}
SESSION = "a" * 32
NOT_TEXT_EN = "I can only read text messages"


class Harness:
    """A channel with its blueprint built: what reached Rasa, and what was emitted."""

    def __init__(self, **creds):
        self.received = []
        self.emitted = []
        self.channel = SocketIOInput.from_credentials({**CREDS, **creds})
        self.channel.blueprint(self._on_new_message)

        async def emit(event, data=None, **kwargs):
            self.emitted.append((event, data, kwargs.get("room", kwargs.get("to"))))

        self.channel.sio.emit = emit

    async def _on_new_message(self, message):
        self.received.append(message)
        await message.output_channel.send_response(message.sender_id, {"text": "The answer is 50."})

    def handler(self, event):
        return self.channel.sio.handlers["/"][event]

    def send(self, data, sid="sid-1"):
        run_async(self.handler("user_uttered")(sid, data))

    def disconnect(self, sid="sid-1"):
        run_async(self.handler("disconnect")(sid))

    def texts(self):
        return [data.get("text") for event, data, _ in self.emitted if event == "bot_uttered"]


# ----------------------------------------------------------------------------- settings
@pytest.mark.parametrize("value, mode", [(None, "greet"), ("greet", "greet"), ("silent", "silent"),
                                         (" Silent ", "silent")])
def test_session_start_mode(value, mode):
    assert session_start_mode(value) == mode


@pytest.mark.parametrize("value", ["hello", "", 0, True])
def test_session_start_mode_rejects_other_values(value):
    with pytest.raises(ValueError, match="session_start"):
        session_start_mode(value)


def test_session_start_read_from_credentials():
    assert SocketIOInput.from_credentials(dict(CREDS)).session_start == "greet"
    assert SocketIOInput.from_credentials({**CREDS, "session_start": "silent"}).session_start == "silent"
    with pytest.raises(ValueError):
        SocketIOInput.from_credentials({**CREDS, "session_start": "loud"})


@pytest.mark.parametrize("data, start", [
    ({"session_id": SESSION}, True),
    ({"message": None, "session_id": SESSION}, True),
    ({"message": "", "session_id": SESSION}, True),
    ({"message": "  ", "session_id": SESSION}, True),
    ({"message": "hi", "session_id": SESSION}, False),
    ({"message": 5, "session_id": SESSION}, False),
    ({"message": {"text": "hi"}, "session_id": SESSION}, False),
])
def test_is_session_start(data, start):
    assert is_session_start(data) is start


# ----------------------------------------------------------------------------- session start
def test_message_less_first_event_greets():
    """rasa-webchat without an initPayload: {customData, session_id}, no message."""
    h = Harness()
    h.send({"customData": {"language": "en"}, "session_id": SESSION})
    (message,) = h.received
    assert message.text == GREETING and message.sender_id == SESSION
    assert message.input_channel == "socketio"
    assert NOT_TEXT_EN not in " ".join(h.texts())
    assert h.emitted[-1][2] == SESSION  # answered in the session's room


@pytest.mark.parametrize("message", [None, ""])
def test_empty_init_greets_with_the_selected_language(message):
    h = Harness()
    h.send({"message": message, "session_id": SESSION, "metadata": {"language": "kk", "x": 1}})
    (received,) = h.received
    assert received.text == GREETING
    assert received.metadata == {"language": "kk"}


def test_silent_session_start_sends_nothing():
    h = Harness(session_start="silent")
    h.send({"session_id": SESSION})
    assert h.received == [] and h.emitted == []
    h.send({"message": "how many ombudsmen attended?", "session_id": SESSION})
    assert [m.text for m in h.received] == ["how many ombudsmen attended?"]


def test_only_the_first_event_of_a_socket_is_a_session_start():
    h = Harness()
    h.send({"message": "hello", "session_id": SESSION})
    h.send({"session_id": SESSION})  # later: a message without text
    assert [m.text for m in h.received] == ["hello"]
    assert any(NOT_TEXT_EN in t for t in h.texts())
    h.send({"session_id": SESSION}, sid="sid-2")  # another socket starts its own session
    assert [m.text for m in h.received] == ["hello", GREETING]


def test_a_socket_starts_again_after_a_disconnect():
    h = Harness()
    h.send({"session_id": SESSION})
    h.disconnect()
    h.send({"session_id": SESSION})
    assert [m.text for m in h.received] == [GREETING, GREETING]


def test_disconnect_with_a_reason_is_accepted():
    h = Harness()
    run_async(h.handler("disconnect")("sid-1", "client disconnect"))


# ----------------------------------------------------------------------------- not text
@pytest.mark.parametrize("message", [5, 2.5, True, {"text": "hi"}, ["hi"]])
def test_non_text_message_gets_the_notice_even_first(message):
    h = Harness()
    h.send({"message": message, "session_id": SESSION})
    assert h.received == []
    (text,) = h.texts()
    assert NOT_TEXT_EN in text
    event, data, room = h.emitted[0]
    assert room == SESSION and data["metadata"] == {"language": "en"}


def test_non_text_notice_in_the_selected_language():
    h = Harness()
    h.send({"message": 7, "session_id": SESSION, "metadata": {"language": "ru"}})
    (data,) = [d for _, d, _ in h.emitted]
    assert data["text"].startswith("Я умею читать только текстовые")
    assert data["metadata"] == {"language": "ru"}


@pytest.mark.parametrize("data", ["hello", 5, None, ["x"]])
def test_non_dict_payload_is_not_a_session_start(data):
    h = Harness()
    h.send(data)
    assert h.received == []
    (event, payload, room), = h.emitted  # no session id: told on the socket itself
    assert room == "sid-1" and NOT_TEXT_EN in payload["text"]


def test_typed_text_reaches_rasa_and_the_reply_is_tagged():
    h = Harness()
    h.send({"message": "how many ombudsmen attended?", "session_id": SESSION})
    assert [m.text for m in h.received] == ["how many ombudsmen attended?"]
    assert h.emitted == [("bot_uttered", {"text": "The answer is 50.", "metadata": {"language": "en"}},
                          SESSION)]


# ----------------------------------------------------------------------------- language tags
@pytest.mark.parametrize("text, lang", [
    ("Four speakers were quoted in the report of the meeting:", "en"),
    ("В сообщении о встрече приведены слова четырех спикеров:", "ru"),
    ("Кездесу туралы хабарламада төрт спикердің сөздері келтірілген:", "kk"),
])
def test_tag_language(text, lang):
    assert tag_language({"text": text}) == {"text": text, "metadata": {"language": lang}}


@pytest.mark.parametrize("message", [{"text": "50"}, {"text": ""}, {"image": "https://x.org/a.png"},
                                     {"text": None}, {"custom": {"a": 1}}])
def test_tag_language_adds_nothing_when_it_cannot_tell(message):
    assert tag_language(dict(message)) == message


def test_tag_language_keeps_other_metadata():
    tagged = tag_language({"text": "Call the child helpline, it is free.", "metadata": {"a": 1}})
    assert tagged["metadata"] == {"a": 1, "language": "en"}
    assert tag_language({"text": "Call the child helpline, it is free.", "metadata": "x"})["metadata"] == {
        "language": "en"}


def _output_events(message):
    emitted = []

    class Sio:
        async def emit(self, event, data=None, **kwargs):
            emitted.append((event, data))

    run_async(LanguageTaggedOutput(Sio(), "bot_uttered").send_response("room", message))
    return emitted


def test_every_part_of_a_split_reply_carries_the_language_of_the_whole():
    text = "Балалар омбудсмендері кездесуге қатысты.\n\nUNICEF"
    events = _output_events({"text": text})
    assert [d["text"] for _, d in events] == ["Балалар омбудсмендері кездесуге қатысты.", "UNICEF"]
    assert all(d["metadata"] == {"language": "kk"} for _, d in events)


def test_buttons_and_images_through_the_tagged_output():
    events = _output_events({"text": "Who spoke at the event? Four speakers were quoted.",
                             "buttons": [{"title": "1", "payload": "/x"}]})
    (_, data), = events
    assert [(b["title"], b["payload"]) for b in data["quick_replies"]] == [("1", "/x")]
    assert data["metadata"] == {"language": "en"}
    (_, image), = _output_events({"image": "https://example.org/a.png"})
    assert "metadata" not in image


def test_the_rest_collector_is_tagged_the_same_way():
    """LanguageTaggedCollector wraps the REST channel's collector (TagCollectedReplies)."""
    inner = CollectingOutputChannel()
    collector = LanguageTaggedCollector(inner)
    kazakh = "Балалар омбудсмендері кездесуге қатысты."
    run_async(collector.send_response("u", {"text": kazakh + "\n\nUNICEF"}))  # split in two
    run_async(collector.send_response("u", {"text": "Who spoke at the event? Four speakers were quoted.",
                                            "buttons": [{"title": "1", "payload": "/x"}]}))
    run_async(collector.send_response("u", {"text": "50"}))
    run_async(collector.send_response("u", {"image": "https://example.org/a.png"}))
    assert [(m.get("text"), m.get("metadata")) for m in collector.messages] == [
        (kazakh, {"language": "kk"}), ("UNICEF", {"language": "kk"}),
        ("Who spoke at the event? Four speakers were quoted.", {"language": "en"}), ("50", None), (None, None)]
    assert inner.messages[2]["buttons"] == [{"title": "1", "payload": "/x"}]
    assert collector.name() == inner.name()


def test_the_rest_stream_queue_is_left_alone():
    inner = QueueOutputChannel(asyncio.Queue())
    run_async(LanguageTaggedCollector(inner).send_response("u", {"text": "The child helpline is free."}))
    assert "metadata" not in inner.messages.get_nowait()


def test_rest_channel_with_the_mixin_answers_tagged():
    """TagCollectedReplies between Guarded and a channel (as proposed for rest.py): the bot's
    replies and the guard's notices in the collector Rasa's REST channel answers with."""

    class Channel:
        def blueprint(self, on_new_message):
            self.handler = on_new_message  # what Rasa's REST route would call
            return "blueprint"

    class Tagged(Guarded, TagCollectedReplies, Channel):
        pass

    async def bot(message):
        if message.text == "speak Russian":
            await message.output_channel.send_response(message.sender_id,
                                                       {"text": "Хорошо, буду отвечать по-русски."})

    channel = Tagged()
    assert channel.blueprint(bot) == "blueprint"
    collector = CollectingOutputChannel()
    run_async(channel.handler(UserMessage("speak Russian", collector, "u")))
    assert collector.messages == [{"recipient_id": "u", "text": "Хорошо, буду отвечать по-русски.",
                                   "metadata": {"language": "ru"}}]
    collector = CollectingOutputChannel()
    run_async(channel.handler(UserMessage("how many ombudsmen attended?", collector, "u")))
    (notice,) = collector.messages  # no reply: the guard's "unavailable" notice, tagged too
    assert notice["metadata"] == {"language": "en"} and "150" in notice["text"]
