"""The socket.io channel, driven by a Python socket.io client against the running Rasa.

Uses the polling transport: python-socketio 5.18's websocket client needs a newer aiohttp
than Rasa 3.6 pins (the browser tests cover the websocket transport).
"""
import asyncio
import re
import threading
import uuid

import pytest

socketio = pytest.importorskip("socketio")

pytestmark = pytest.mark.bot

TIMEOUT_S = 30


async def _turn(url, session_id, messages):
    """Connect, request the session, send each message, return the bot texts per message."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Queue = asyncio.Queue()
    uttered: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    client.on("bot_uttered", lambda data: uttered.put_nowait(data))
    await asyncio.wait_for(
        client.connect(url, transports=["polling"], socketio_path="socket.io"), TIMEOUT_S
    )
    try:
        await client.emit("session_request", {"session_id": session_id})
        assert await asyncio.wait_for(confirmed.get(), TIMEOUT_S) == session_id
        replies = []
        for text in messages:
            await client.emit("user_uttered", {"message": text, "session_id": session_id})
            got = [await asyncio.wait_for(uttered.get(), TIMEOUT_S)]
            while True:  # a turn may be split over several events
                try:
                    got.append(await asyncio.wait_for(uttered.get(), 1.5))
                except asyncio.TimeoutError:
                    break
            replies.append(got)
        return replies
    finally:
        # A graceful disconnect over polling waits for the pending long-poll (up to the
        # 25 s ping interval); closing the engine.io connection without waiting is enough.
        await client.eio.disconnect(abort=True)


def run_async(coro):
    """asyncio.run in a thread of its own (Playwright's sync API owns this thread's loop)."""
    out = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as e:  # re-raised below
            out["error"] = e

    t = threading.Thread(target=target)
    t.start()
    t.join(TIMEOUT_S * 4)
    assert not t.is_alive(), "socket.io client test did not finish"
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_socketio_session_persistence(stack):
    session_id = uuid.uuid4().hex
    (first,) = run_async(_turn(stack.rasa_url, session_id, ["hi"]))
    assert first and all(isinstance(m, dict) for m in first)
    assert any(m.get("text") for m in first)
    # A new connection (new sid) with the same session id joins the same room again
    # and keeps getting replies: the reload case of the web widget.
    (second,) = run_async(_turn(stack.rasa_url, session_id, ["hello"]))
    assert any(m.get("text") for m in second)


def test_socketio_quick_replies_shape(stack):
    """Rasa's socket.io channel sends buttons as quick_replies (REST sends buttons)."""
    (reply,) = run_async(_turn(stack.rasa_url, uuid.uuid4().hex, ["hi"]))
    with_buttons = [m for m in reply if m.get("quick_replies")]
    if not with_buttons:
        pytest.skip("this bot's greeting has no buttons")
    for b in with_buttons[0]["quick_replies"]:
        assert {"title", "payload"} <= set(b)


def test_socketio_answers_a_fact(stack):
    (reply,) = run_async(_turn(stack.rasa_url, uuid.uuid4().hex, ["how many ombudsmen attended?"]))
    text = " ".join(m.get("text", "") for m in reply)
    assert re.search(r"(?<!\d)50(?!\d)", text), text  # not the 150 of a helpline notice
