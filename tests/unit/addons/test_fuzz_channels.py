"""Property-based tests (Hypothesis) of the channel layer without a server: generated REST
bodies (bytes, JSON of every type, deep nesting), generated texts and metadata through the
guard, generated socket.io payloads, and the flood limiter's arithmetic. Never an exception,
never a silent turn for a text message. The same properties over the trained bot, with fewer
cases: tests/bot/test_fuzz_bot.py."""

from __future__ import annotations

import json
import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint

from addons.channels import flood
from addons.channels.guard import Guarded, clean_text, kept_metadata, sender_error
from addons.channels.rest import body_error
from addons.channels.socketio import is_session_start
from tests.conftest import run_async
from tests.unit.addons.test_socketio import Harness

SETTINGS = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)
# what clients really send: a sender and a message of any type, sometimes metadata
bodies = st.fixed_dictionaries({}, optional={"sender": json_values, "message": json_values,
                                             "metadata": json_values, "extra": json_values})
texts = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=3000)


class FakeRequest:
    def __init__(self, body: bytes):
        self.body = body


def nested(depth: int, opener: str) -> bytes:
    closer = {"[": "]", "{\"a\":": "}"}[opener]
    return (opener * depth + "1" + closer * depth).encode()


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_are_a_body_or_a_reason(raw):
    problem = body_error(FakeRequest(raw))
    assert problem is None or isinstance(problem, str)


@SETTINGS
@given(bodies)
def test_any_json_body_is_accepted_only_when_usable(body):
    problem = body_error(FakeRequest(json.dumps(body).encode()))
    usable = (isinstance(body.get("sender"), (str, int)) and not isinstance(body.get("sender"), bool)
              and sender_error(body["sender"]) is None and isinstance(body.get("message"), str)
              and (body.get("metadata") is None or isinstance(body["metadata"], dict)))
    assert (problem is None) == usable, (body, problem)
    assert set(kept_metadata(body.get("metadata"))) <= {"language"}


@settings(max_examples=40, deadline=None, database=None)
@given(st.integers(min_value=1, max_value=20000), st.sampled_from(["[", "{\"a\":"]))
def test_deep_nesting_is_a_reason_not_a_crash(depth, opener):
    problem = body_error(FakeRequest(b'{"sender": "x", "message": "hi", "metadata": ' + nested(depth, opener) + b"}"))
    assert problem is None or "nested too deep" in problem or "metadata" in problem


class Plain(InputChannel):
    @classmethod
    def name(cls):
        return "fuzz"

    def blueprint(self, on_new_message):  # what Rasa's channel does: hand each message on
        return Blueprint("fuzz")


class Channel(Guarded, Plain):
    """A guarded channel; its `_guarded_handler` hands messages to the given Rasa."""


async def answer(message):
    await message.output_channel.send_response(message.sender_id, {"text": "The answer is 50."})


async def silent(message):
    return None


async def broken(message):
    raise RuntimeError("a bug in Rasa")


def through_guard(rasa, text, metadata=None, sender="fuzz-user"):
    channel = Channel()
    channel._limiter = flood.FloodLimiter(sender_limit=0, address_limit=0)  # no limit here
    channel.blueprint(rasa)
    out = CollectingOutputChannel()
    run_async(channel._guarded_handler(UserMessage(text, out, sender, metadata=kept_metadata(metadata))))
    return out.messages


@SETTINGS
@given(texts, json_values, st.sampled_from([answer, silent, broken]))
def test_every_text_message_gets_a_reply_whatever_rasa_does(text, metadata, rasa):
    logging.disable(logging.CRITICAL)  # the guard logs the broken Rasa with its traceback
    try:
        replies = through_guard(rasa, text, metadata)
    finally:
        logging.disable(logging.NOTSET)
    assert replies and all(isinstance(r.get("text"), str) and r["text"] for r in replies), (text, replies)
    assert all("{" not in r["text"] for r in replies), replies  # every placeholder filled in


@SETTINGS
@given(texts)
def test_clean_text_is_idempotent_and_never_longer(text):
    once = clean_text(text)
    assert clean_text(once) == once or len(clean_text(once)) <= len(once)
    assert all(ch not in once for ch in "\x00\r\n\t")
    once.encode("utf-8")  # no lone surrogate left


socketio_payloads = json_values | st.fixed_dictionaries(
    {"session_id": st.one_of(st.just("a" * 32), json_values)},
    optional={"message": json_values | texts, "metadata": json_values, "customData": json_values})


@SETTINGS
@given(st.lists(socketio_payloads, min_size=1, max_size=3))
def test_any_socketio_payload_gets_an_answer_or_starts_the_session(payloads):
    harness = Harness(session_start="silent")
    harness.channel._limiter = flood.FloodLimiter(sender_limit=0, address_limit=0)
    for i, data in enumerate(payloads):
        before = len(harness.emitted)
        harness.send(data)
        if not (i == 0 and isinstance(data, dict) and is_session_start(data)):  # silent start
            assert len(harness.emitted) > before, (data, harness.emitted)


@SETTINGS
@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), min_size=1, max_size=80),
       st.integers(min_value=1, max_value=10))
def test_the_limiter_lets_at_most_limit_through_in_any_window(gaps, limit):
    now = [0.0]
    limiter = flood.FloodLimiter(sender_limit=limit, address_limit=0, window=10, clock=lambda: now[0])
    passed = []
    for gap in gaps:
        now[0] += gap
        if limiter.allow("one", None, "how many ombudsmen attended?"):
            passed.append(now[0])
    assert all(b - a >= 10 for a, b in zip(passed, passed[limit:], strict=False)), passed
    # and after a quiet window, the sender may write again
    now[0] += 10.001
    assert limiter.allow("one", None, "hello")


@SETTINGS
@given(st.sampled_from(["my dad beats me every night", "меня бьют дома", "мені үйде ұрады",
                        "I want to kill myself"]), st.integers(min_value=1, max_value=40))
def test_a_crisis_message_is_never_held_back(text, flood_size):
    limiter = flood.FloodLimiter(sender_limit=1, address_limit=1, window=10, exempt=())
    for _ in range(flood_size):
        limiter.allow("flooder", "203.0.113.7", "spam spam")
    assert limiter.allow("flooder", "203.0.113.7", text)
