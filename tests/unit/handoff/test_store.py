"""core/handoff: passwords, duty hours, accounts, sessions, duty, the queue, the audit log."""

import datetime as dt
import time

import pytest

from core.handoff import hours, passwords, tables
from core.handoff.store import HandoffStore
from tests.unit.handoff.conftest import PASSWORD


def test_a_password_is_stored_as_a_salted_scrypt_hash():
    h = passwords.hash_password(PASSWORD)
    assert h.startswith("scrypt$16384$8$1$") and PASSWORD not in h
    assert passwords.hash_password(PASSWORD) != h  # salted
    assert passwords.verify(h, PASSWORD)
    assert not passwords.verify(h, PASSWORD + "x")
    assert not passwords.verify(None, PASSWORD) and not passwords.verify("md5$x", PASSWORD)


@pytest.mark.parametrize("weak", ["short1A", "onlylowercaseletters"])
def test_weak_passwords_are_refused(store, weak):
    assert passwords.password_problem(weak)
    with pytest.raises(ValueError):
        store.add_counsellor("x", "X", weak)


def test_duty_hours():
    w = hours.parse("mon-fri 09:00-18:00; sat 22:00-02:00")
    monday_10 = dt.datetime(2026, 11, 30, 10, 0)
    assert hours.within(w, monday_10)
    assert not hours.within(w, monday_10.replace(hour=18))
    assert not hours.within(w, dt.datetime(2026, 12, 6, 10, 0))  # Sunday 10:00
    assert hours.within(w, dt.datetime(2026, 12, 5, 23, 0))       # Saturday night
    assert hours.within(w, dt.datetime(2026, 12, 6, 1, 0))        # ... into Sunday
    with pytest.raises(ValueError):
        hours.parse("weekdays 9-5")


def test_outside_the_hours_nobody_is_on_duty(store, monkeypatch):
    store.set_duty(1, True)
    assert store.on_duty() == 1
    monkeypatch.setattr(hours, "on_duty_hours", lambda now=None: False)
    assert store.on_duty() == 0


def test_sign_in_and_a_session(store):
    token, outcome = store.login("AIGERIM", PASSWORD)
    assert outcome == "ok" and token
    s = store.session(token)
    assert s.counsellor.name == "Aigerim" and len(s.csrf) > 30
    assert store.session(token + "x") is None and store.session(None) is None
    store.logout(token)
    assert store.session(token) is None


def test_the_cookie_value_is_not_stored(store):
    token, _ = store.login("aigerim", PASSWORD)
    with store.engine.connect() as c:
        rows = c.execute(tables.sessions.select()).mappings().all()
    assert all(token not in str(dict(r)) for r in rows)
    assert rows[0]["token_hash"] == tables.hash_token(token)


def test_sessions_expire_when_idle_and_when_old(store, monkeypatch):
    token, _ = store.login("aigerim", PASSWORD)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + tables.SESSION_IDLE + 1)
    assert store.session(token) is None
    monkeypatch.undo()
    token, _ = store.login("aigerim", PASSWORD)
    for step in range(1, 60):  # kept busy, yet ends after SESSION_MAX
        monkeypatch.setattr(time, "time", lambda step=step: now + step * tables.SESSION_MAX / 50)
        if store.session(token) is None:
            break
    assert step * tables.SESSION_MAX / 50 > tables.SESSION_MAX


def test_an_account_locks_after_repeated_failures(store):
    for _ in range(tables.MAX_FAILURES - 1):
        assert store.login("aigerim", "wrong-password-1") == (None, "bad")
    assert store.login("aigerim", "wrong-password-1") == (None, "locked")
    assert store.login("aigerim", PASSWORD) == (None, "locked")  # even the right one, for a while
    store.unlock("aigerim")
    assert store.login("aigerim", PASSWORD)[1] == "ok"


def test_a_disabled_account_cannot_sign_in_and_loses_its_sessions(store):
    token, _ = store.login("daniyar", PASSWORD)
    store.set_active("daniyar", False)
    assert store.session(token) is None
    assert store.login("daniyar", PASSWORD) == (None, "bad")


def test_duty_counts_only_a_console_seen_lately(store, monkeypatch):
    assert store.on_duty() == 0
    store.set_duty(1, True)
    assert store.on_duty() == 1
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + tables.DUTY_STALE + 1)
    assert store.on_duty() == 0  # the browser was closed without going off duty


def test_the_queue(store):
    a = store.enqueue("child-a", "socketio", "ru", "child")
    b = store.enqueue("child-b", "telegram", "kk", "adult")
    assert store.enqueue("child-a", "socketio", "ru", "child").id == a.id  # once per conversation
    assert (store.position(a), store.position(b)) == (1, 2)
    assert [h.id for h in store.queue()] == [a.id, b.id]
    assert "sender_id" not in a.public() and a.public()["language"] == "ru"
    assert store.take(a.id, 1) and not store.take(a.id, 2)  # only one counsellor gets it
    assert store.position(b) == 1
    assert [h.id for h in store.taken_by(1)] == [a.id] and store.taken_by(2) == []
    assert not store.end(a.id, "closed", counsellor_id=2)  # not theirs
    assert store.end(a.id, "closed", counsellor_id=1) and not store.end(a.id, "closed", counsellor_id=1)
    assert store.active_for("child-a") is None
    store.mark_urgent("child-b")
    assert store.get(b.id).urgent


def test_the_audit_log_has_who_what_when_and_never_text(store):
    h = store.enqueue("child-a", "socketio", "en", "child")
    store.record("aigerim", "take", h.id, "127.0.0.1")
    rows = store.audit_log()
    assert rows[0]["who"] == "aigerim" and rows[0]["action"] == "take" and rows[0]["handoff_id"] == h.id
    assert set(rows[0]) == {"id", "at", "who", "action", "handoff_id", "address"}


def test_the_database_url(monkeypatch):
    monkeypatch.delenv("HANDOFF_DB_URL", raising=False)
    for k in ("DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_PORT"):
        monkeypatch.delenv(k, raising=False)
    assert tables.database_url() == "sqlite:///handoff.db"
    monkeypatch.setenv("DB_HOST", "127.0.0.1")
    monkeypatch.setenv("DB_NAME", "rasa")
    monkeypatch.setenv("DB_USER", "rasa")
    monkeypatch.setenv("DB_PASSWORD", "p@ss")
    monkeypatch.setenv("DB_PORT", "5433")
    assert tables.database_url().startswith("postgresql://rasa:p%40ss@127.0.0.1:5433/rasa")
    monkeypatch.setenv("HANDOFF_DB_URL", "sqlite:////tmp/x.db")
    assert tables.database_url() == "sqlite:////tmp/x.db"


def test_two_stores_on_one_file_share_the_state(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    a, b = HandoffStore(url), HandoffStore(url)
    a.add_counsellor("x", "X", PASSWORD)
    b.set_duty(1, True)
    assert a.on_duty() == 1
