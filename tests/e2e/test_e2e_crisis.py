"""The crisis conversation in the widget, in Chromium against the trained bot: the quick replies
of the first crisis reply, tap-to-call links for 112, 150 and 111, the danger branch, the safe
word, and the quick exit still working in the middle of it."""

import time

import pytest

from .e2e_helpers import BOT_MSGS, PANEL, QUICK, bot_count, open_demo, open_widget, send, wait_reply

pytestmark = [pytest.mark.bot, pytest.mark.browser]


def _links(page, before):
    return page.locator(BOT_MSGS).evaluate_all(
        "(ms, n) => ms.slice(n).flatMap(m => Array.from(m.querySelectorAll('a')).map(a => a.getAttribute('href')))",
        before)


def test_the_crisis_quick_replies_and_tap_to_call(stack, page):
    open_demo(page, stack.web_url)
    open_widget(page)
    before = bot_count(page)
    text, _ = send(page, "my dad hits me")
    assert "danger right now" in text
    assert {"tel:112", "tel:150", "tel:111"} <= set(_links(page, before))
    titles = page.locator(QUICK).all_inner_texts()
    assert titles[:3] == ["I'm in danger now", "I want to talk to someone", "That's not what I meant"]
    before = bot_count(page)
    page.locator(QUICK, has_text="I'm in danger now").click()
    text, _ = wait_reply(page, before, time.monotonic())
    assert text.index("112") < text.index("150") and "address" in text
    assert "tel:112" in _links(page, before)


def test_the_correction_and_the_safe_word(stack, page):
    open_demo(page, stack.web_url)
    open_widget(page)
    send(page, "someone says he will post my photos unless I pay")
    before = bot_count(page)
    page.locator(QUICK, has_text="That's not what I meant").click()
    text, _ = wait_reply(page, before, time.monotonic())
    assert "Sorry" in text and "112" not in text
    before = bot_count(page)
    text, _ = send(page, "SOS")
    assert {"tel:112", "tel:150", "tel:111"} <= set(_links(page, before))


def test_quick_exit_still_works_in_the_middle_of_a_crisis(stack, page):
    open_demo(page, stack.web_url, exit_url=f"{stack.web_url}/exit-target.html")
    open_widget(page)
    send(page, "i want to hurt myself")
    assert page.locator(QUICK).count() >= 3
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/exit-target.html")
    assert page.locator(PANEL).count() == 0
