"""Feedback in the widget against the trained bot: 👍 / 👎 appear under an answer (with names in
the widget's language, reachable with the keyboard), never under a crisis reply, and a click is
stored in the conversation as the feedback payload (a UserUttered event with intent feedback)
right after the answer it is about.

Needs the model trained with the feedback intent and the action's `answer` metadata (the
contract in addons/channels/feedback.py); with an older model the buttons never appear and
this test fails on purpose.
"""
import json
import sqlite3
import time

import pytest

from .conftest import new_context
from .e2e_helpers import BOT_MSGS, INPUT, open_demo, open_widget, send, wait_reply

pytestmark = [pytest.mark.bot, pytest.mark.browser]
FEEDBACK = ".csw-feedback"


def events(stack, sender):
    db = sqlite3.connect(stack.bot.dir / "tracker.db")
    try:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = ? AND type_name IN ('user', 'bot') "
                          "ORDER BY id", (sender,)).fetchall()
    finally:
        db.close()
    return [(t, json.loads(d)) for t, d in rows]


def test_buttons_after_an_answer_not_after_a_crisis_reply_and_a_click_is_stored(stack, browser, guard):
    ctx = new_context(browser, guard)
    try:
        page = ctx.new_page()
        open_demo(page, stack.web_url)
        open_widget(page)
        send(page, "What is the number of the children's helpline?")
        box = page.locator(FEEDBACK)
        box.wait_for(state="visible", timeout=5000)
        assert box.get_attribute("aria-label") == "Was this answer helpful?"
        up = page.get_by_role("button", name="Yes, helpful")
        assert up.is_visible() and page.get_by_role("button", name="No, not helpful").is_visible()
        page.focus(INPUT)
        for _ in range(12):  # keyboard only: Tab to the button, Enter
            if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Yes, helpful":
                break
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Yes, helpful"
        before, t0 = page.locator(BOT_MSGS).count(), time.monotonic()
        page.keyboard.press("Enter")
        wait_reply(page, before, t0)  # the thanks
        assert box.is_hidden()
        sender = page.evaluate("window.ChildSafetyWidget.senderId")
        stored = events(stack, sender)
        (i, feedback), = [(n, e) for n, (t, e) in enumerate(stored) if t == "user" and "feedback" in e["text"]]
        assert feedback["text"] == '/feedback{"helpful":"up"}'
        assert feedback["parse_data"]["intent"]["name"] == "feedback"
        assert stored[i - 1][0] == "bot" and stored[i - 1][1]["metadata"].get("answer")

        send(page, "my stepdad hits me")
        time.sleep(0.5)
        assert box.is_hidden() and page.locator(".csw-fb").count() == 0
    finally:
        ctx.close()
    guard.check()
