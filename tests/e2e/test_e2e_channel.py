"""Unit tests of addons.channels.socketio.SocketIOInput (no server, no browser)."""
import inspect
import warnings

import pytest
import socketio
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput

from addons.channels.socketio import SocketIOInput
from tests.conftest import run_async

CREDS = {
    "user_message_evt": "user_uttered",
    "bot_message_evt": "bot_uttered",
    "session_persistence": True,
}


async def _noop(_message):
    return None


def _session_request(channel_cls, data):
    """Run the channel's session_request handler with enter_room/emit recorded."""
    channel = channel_cls.from_credentials(dict(CREDS))
    channel.blueprint(_noop)
    sio = channel.sio
    calls = {"entered": [], "awaited": [], "emitted": []}

    def enter_room(sid, room, namespace=None):
        calls["entered"].append((sid, room))

        async def _enter():
            calls["awaited"].append((sid, room))

        return _enter()

    async def emit(event, data=None, **kwargs):
        calls["emitted"].append((event, data, kwargs.get("room", kwargs.get("to"))))

    sio.enter_room = enter_room
    sio.emit = emit
    handler = sio.handlers["/"]["session_request"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the stock channel's un-awaited coroutine
        run_async(handler("sid-1", data))
    return calls


def test_channel_is_named_socketio():
    assert SocketIOInput.name() == "socketio"
    assert issubclass(SocketIOInput, RasaSocketIOInput)


def test_session_request_awaits_enter_room():
    calls = _session_request(SocketIOInput, {"session_id": "abc123"})
    assert calls["entered"] == [("sid-1", "abc123")]
    assert calls["awaited"] == [("sid-1", "abc123")]
    assert calls["emitted"] == [("session_confirm", "abc123", "sid-1")]


@pytest.mark.parametrize("data", [None, {}, {"session_id": None}, {"session_id": 5}, "junk"])
def test_session_request_without_valid_id_gets_a_new_one(data):
    calls = _session_request(SocketIOInput, data)
    (event, session_id, room), = calls["emitted"]
    assert event == "session_confirm" and room == "sid-1"
    assert isinstance(session_id, str) and len(session_id) == 32
    assert calls["awaited"] == [("sid-1", session_id)]


def test_sync_enter_room_still_works():
    """python-socketio < 5.10 had a plain enter_room: the subclass handles both."""
    channel = SocketIOInput.from_credentials(dict(CREDS))
    channel.blueprint(_noop)
    entered, emitted = [], []
    channel.sio.enter_room = lambda sid, room, namespace=None: entered.append((sid, room))

    async def emit(event, data=None, **kwargs):
        emitted.append(event)

    channel.sio.emit = emit
    run_async(channel.sio.handlers["/"]["session_request"]("s", {"session_id": "x"}))
    assert entered == [("s", "x")] and emitted == ["session_confirm"]


def test_stock_channel_bug_is_what_the_subclass_fixes():
    """Documents RasaHQ/rasa#13027: with this python-socketio the stock channel creates
    the enter_room coroutine but never awaits it, so the client never joins its room."""
    if not inspect.iscoroutinefunction(socketio.AsyncServer.enter_room):
        pytest.skip("python-socketio < 5.10: enter_room is synchronous, stock channel works")
    calls = _session_request(RasaSocketIOInput, {"session_id": "abc123"})
    assert calls["entered"] == [("sid-1", "abc123")]
    assert calls["awaited"] == []
