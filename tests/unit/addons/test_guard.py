"""The channel guard's pieces without a server: text cleaning, request validation, notices."""

import pytest

from addons.channels.guard import clean_text, notice, sender_error
from addons.channels.rest import body_error


@pytest.mark.parametrize("raw, clean", [
    ("  hello  ", "hello"),
    ("he\x00llo\x07", "hello"),
    ("line one\nline two\ttab", "line one line two tab"),
    ("bad \ud800 surrogate", "bad ? surrogate"),
    ("e\u0301", "\u00e9"),  # NFC
    ("\u200b", "\u200b"),  # a zero-width space is a format character, kept
    ("🙂🙂", "🙂🙂"),
    ("\x00\x01 \n", ""),
    ("<img src=x onerror=alert(1)>", ""),
    ("<script>alert('x')</script> how many?", "alert('x')  how many?"),
    ("i <3 you, 2 < 3 > 1", "i <3 you, 2 < 3 > 1"),
])
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


class FakeRequest:
    def __init__(self, body: bytes):
        self.body = body


@pytest.mark.parametrize("body, error", [
    (b'{"sender": "a", "message": "hi"}', None),
    (b'{"sender": 42, "message": "hi"}', None),
    (b"not json", "the body must be JSON"),
    (b"", "the body must be JSON"),
    (b"\xff\xfe", "the body must be JSON"),
    (b'["a"]', "must be a JSON object"),
    (b'{"message": "hi"}', "'sender' must be a string"),
    (b'{"sender": true, "message": "hi"}', "'sender' must be a string"),
    (b'{"sender": "", "message": "hi"}', "'sender' must be 1 to 128 characters"),
    (b'{"sender": "' + b"x" * 129 + b'", "message": "hi"}', "'sender' must be 1 to 128 characters"),
    (b'{"sender": "a"}', "'message' must be a string"),
    (b'{"sender": "a", "message": 12}', "'message' must be a string"),
    (b'{"sender": "a", "message": null}', "'message' must be a string"),
])
def test_body_error(body, error):
    problem = body_error(FakeRequest(body))
    assert (problem is None) if error is None else (error in problem)


def test_sender_error_accepts_odd_but_sane_ids():
    assert sender_error("ユーザー/../\u0000?") is None
    assert sender_error(["list"]) is not None


def test_notices_come_from_the_knowledge_file_with_numbers():
    assert "150" in notice("unavailable") and "112" in notice("unavailable")
    assert "2000 characters" in notice("message_too_long", max_chars=2000)
    assert notice("no_such_notice").startswith("Sorry")


@pytest.mark.parametrize("text, passes", [
    ("/restart", True), ("/lang kk", True), ("/start@ChildSafetyBot", True), ("/crisis_danger", True),
    ('/ask_module{"module": "2"}', True), ("/" + "x" * 5000, False), ("/help me my dad hits me\nplease", False),
])
def test_only_commands_and_payloads_skip_the_cleaning(text, passes):
    from addons.channels.guard import _PAYLOAD
    assert bool(_PAYLOAD.match(text)) is passes
