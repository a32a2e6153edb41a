"""The console's API over real HTTP (harness.py: the console alone, Rasa's in-memory stores, the
project's domain): the flow (take, history with the bot's part, reply, hand back, close) and the
obvious attacks (no cookie, forged cookie, another counsellor's conversation, CSRF, rate limits,
lock-out)."""

from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed

from addons.handoff import security
from tests.unit.handoff.conftest import PASSWORD


def signed_in(console, who="aigerim"):
    c = console.client()
    assert c.login(who, PASSWORD) == 200
    return c


def test_the_page_is_served_with_a_strict_policy(console):
    status, body, headers = console.client().request("GET", "/")
    assert status == 200 and "Counsellor console" in body
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, js, _ = console.client().request("GET", "/console.js")
    assert status == 200 and "innerHTML" not in js.replace("innerHTML is never used", "")


def test_the_session_cookie_is_httponly_strict_and_scoped(console):
    c = console.client()
    status, body, headers = c.request("POST", "/api/login", {"username": "aigerim", "password": PASSWORD})
    cookie = headers["Set-Cookie"]
    assert status == 200 and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/webhooks/console" in cookie
    assert body["me"]["name"] == "Aigerim" and body["csrf"]


def test_without_a_cookie_everything_is_refused(console):
    c = console.client()
    assert c.get("/api/state")[0] == 401
    for path in ("/api/duty", "/api/take", "/api/reply", "/api/handback", "/api/close", "/api/logout"):
        assert c.post(path, {"id": "x", "on": True, "text": "hi"})[0] == 401, path


def test_a_forged_cookie_is_refused(console):
    c = console.client()
    for value in ("forged", "a" * 43, "x" * 500):
        status, _, _ = c.request("GET", "/api/state", headers={"Cookie": f"{security.COOKIE}={value}"})
        assert status == 401


def test_wrong_password_and_lock_out(console, store):
    c = console.client()
    assert c.login("aigerim", "Wrong-password-1") == 401
    assert c.login("nobody", "Wrong-password-1") == 401  # the same answer for an unknown account
    for _ in range(3):
        c.login("aigerim", "Wrong-password-1")
    assert c.login("aigerim", "Wrong-password-1") == 423
    assert c.login("aigerim", PASSWORD) == 423
    actions = [r["action"] for r in store.audit_log()]
    assert "login_locked" in actions and "login_failed" in actions


def test_sign_in_is_rate_limited_per_address(console, store):
    c = console.client()
    statuses = [c.login("daniyar", "Wrong-password-1") for _ in range(security.LOGIN_LIMIT.count + 1)]
    assert statuses[-1] == 429


def test_csrf_token_is_required_for_every_post(console):
    c = signed_in(console)
    h = console.child_asks("child-1")
    status, body, _ = c.request("POST", "/api/take", {"id": h}, csrf=False)
    assert status == 403 and "CSRF" in body["error"]
    status, _, _ = c.request("POST", "/api/take", {"id": h}, headers={"X-CSRF-Token": "forged"})
    assert status == 403
    # a cross-site form post: no JSON, a foreign Origin
    status, _, _ = c.request("POST", "/api/take", raw=b"id=" + h.encode(),
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415
    status, _, _ = c.request("POST", "/api/take", {"id": h}, headers={"Origin": "https://evil.example"})
    assert status == 403
    assert console.store.get(h).status == "queued"  # nothing happened


def test_duty_and_the_queue_show_no_text_and_no_sender_id(console):
    c = signed_in(console)
    assert c.post("/api/duty", {"on": True}) == (200, {"on_duty": True})
    console.child_asks("secret-sender-id", language="kk")
    status, state = c.get("/api/state")
    assert status == 200 and state["on_duty_count"] == 1 and state["me"]["on_duty"]
    [entry] = state["queue"]
    assert entry["language"] == "kk" and entry["waiting_seconds"] >= 0 and entry["channel"] == "socketio"
    assert "secret-sender-id" not in str(state) and "script" not in str(state)


def test_take_reply_hand_back(console):
    c = signed_in(console)
    c.post("/api/duty", {"on": True})
    h = console.child_asks("child-1", language="ru")
    assert c.post("/api/take", {"id": h}) == (200, {"ok": True})
    tracker = console.tracker("child-1")
    assert tracker.is_paused()
    joined = [e for e in tracker.events if isinstance(e, BotUttered)][-1]
    assert "Aigerim" in joined.text and "человек" in joined.text and joined.metadata["kind"] == "handoff"
    event, data, room = console.socket.sio.emitted[-1]
    assert (event, room) == ("bot_uttered", "child-1") and data["metadata"]["kind"] == "handoff"
    console.child_says("child-1", "мне страшно")
    status, state = c.get(f"/api/state?open={h}")
    texts = [(m["from"], m["text"]) for m in state["conversation"]["messages"]]
    assert ("child", "мне страшно") in texts and ("bot", joined.text) in texts
    assert ("note", "paused") in texts
    count = state["conversation"]["count"]
    assert c.post("/api/reply", {"id": h, "text": "Я здесь. Расскажи, что случилось?"})[0] == 200
    _, data, room = console.socket.sio.emitted[-1]
    assert data == {"text": "Я здесь. Расскажи, что случилось?",
                    "metadata": {"from": "person", "name": "Aigerim", "kind": "handoff", "language": "ru"}}
    status, state = c.get(f"/api/state?open={h}&after={count}")
    assert [m["from"] for m in state["conversation"]["messages"]] == ["person"]
    assert c.post("/api/handback", {"id": h}) == (200, {"ok": True, "status": "handed_back"})
    tracker = console.tracker("child-1")
    assert not tracker.is_paused() and isinstance(tracker.events[-2], ConversationResumed)
    assert "снова отвечает программа" in tracker.events[-1].text
    assert c.post("/api/reply", {"id": h, "text": "late"})[0] == 403
    assert console.store.get(h).status == "handed_back"


def test_close_tells_the_child_it_is_closed(console):
    c = signed_in(console)
    h = console.child_asks("child-2", language="kk")
    c.post("/api/take", {"id": h})
    assert c.post("/api/close", {"id": h})[1]["status"] == "closed"
    tracker = console.tracker("child-2")
    assert "жабылды" in tracker.events[-1].text and not tracker.is_paused()
    assert [type(e) for e in tracker.events].count(ConversationPaused) == 1


def test_another_counsellors_conversation_is_out_of_reach(console, store):
    a, d = signed_in(console, "aigerim"), signed_in(console, "daniyar")
    h = console.child_asks("child-3")
    assert a.post("/api/take", {"id": h})[0] == 200
    assert d.post("/api/take", {"id": h})[0] == 409  # already taken
    for verb in ("reply", "handback", "close"):
        assert d.post(f"/api/{verb}", {"id": h, "text": "hi"})[0] == 403, verb
    _, state = d.get(f"/api/state?open={h}")
    assert state["conversation"]["error"] and "messages" not in state["conversation"]
    assert state["mine"] == [] and state["queue"] == []
    assert console.store.get(h).status == "taken"
    refused = {r["action"] for r in store.audit_log() if r["who"] == "daniyar"}
    assert {"refused_take", "refused_reply", "refused_read"} <= refused


def test_a_queued_conversation_cannot_be_read_before_it_is_taken(console):
    c = signed_in(console)
    h = console.child_asks("child-4")
    _, state = c.get(f"/api/state?open={h}")
    assert "messages" not in state["conversation"]


def test_replies_are_checked_and_rate_limited(console):
    c = signed_in(console)
    h = console.child_asks("child-5")
    c.post("/api/take", {"id": h})
    assert c.post("/api/reply", {"id": h, "text": "   "})[0] == 400
    assert c.post("/api/reply", {"id": h, "text": "x" * 2001})[0] == 400
    assert c.post("/api/reply", {"id": h, "text": 5})[0] == 400
    statuses = [c.post("/api/reply", {"id": h, "text": f"m{i}"})[0] for i in range(security.REPLY_LIMIT.count + 1)]
    assert statuses[:-1] == [200] * security.REPLY_LIMIT.count and statuses[-1] == 429


def test_every_read_and_action_is_audited(console, store):
    c = signed_in(console)
    c.post("/api/duty", {"on": True})
    h = console.child_asks("child-6")
    c.post("/api/take", {"id": h})
    c.get(f"/api/state?open={h}")
    c.post("/api/reply", {"id": h, "text": "a private text"})
    c.post("/api/close", {"id": h})
    c.post("/api/logout", {})
    rows = store.audit_log()
    mine = [(r["action"], r["handoff_id"]) for r in reversed(rows) if r["who"] == "aigerim"]
    for expected in [("login", None), ("duty_on", None), ("take", h), ("read", h), ("reply", h), ("closed", h),
                     ("logout", None)]:
        assert expected in mine
    assert "a private text" not in str(rows)
    assert c.get("/api/state")[0] == 401  # signed out


def test_the_last_counsellor_off_duty_tells_waiting_children(console):
    c = signed_in(console)
    c.post("/api/duty", {"on": True})
    h = console.child_asks("child-7")
    c.post("/api/duty", {"on": False})
    assert console.store.get(h).status == "expired"
    texts = [e.text for e in console.tracker("child-7").events if isinstance(e, BotUttered)]
    assert "nobody is on duty any more" in texts[-2] and "150" in texts[-1] and "111" in texts[-1]


def test_the_page_works_with_and_without_the_trailing_slash(console):
    for path in ("", "/"):
        status, body, _ = console.client().request("GET", path)
        assert status == 200 and 'src="/webhooks/console/console.js"' in body, path
    status, css, headers = console.client().request("GET", "/console.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
