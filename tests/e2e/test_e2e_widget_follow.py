"""The widget follows a language switch made on the server: the socket.io channel tags each
bot message with the language it is written in (`metadata.language`, from core.detect), and
on a tagged message in another language the widget switches its selector, its own texts and
the greeting, without sending anything. "/lang kk", "speak Russian" and a question written in
Russian, against the running bot; a REST reply with a tag (stubbed) does the same, a reply
without one changes nothing (test_e2e_widget_lang.test_replies_keep_their_own_language).

Same fixtures as the other widget tests: a route guard per browser context (nothing but
127.0.0.1), and any JavaScript dialog or error on a page fails its test.
"""
import json

import pytest

from .e2e_helpers import BOT_MSGS, open_demo, open_widget, rest_stub, send
from .test_e2e_widget_lang import CYR_RE, KK_RE, assert_language, stored

pytestmark = [pytest.mark.bot, pytest.mark.browser]


def received_bot_messages(page):
    """The bot_uttered payloads the page received over the socket.io websocket."""
    got = []

    def packets(text):
        for f in (text or "").split("\x1e"):
            if f.startswith("42["):
                event, *args = json.loads(f[2:])
                if event == "bot_uttered" and args:
                    got.append(args[0])

    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: packets(f if isinstance(f, str) else "")))
    return got


def sent_user_messages(page):
    sent = []
    page.on("websocket", lambda ws: ws.on(
        "framesent", lambda f: sent.append(f) if isinstance(f, str) and '"user_uttered"' in f else None))
    page.on("request", lambda r: sent.append(r.post_data) if (
        "/socket.io/" in r.url and r.method == "POST" and '"user_uttered"' in (r.post_data or "")) else None)
    return sent


def send_for_reply(page, text):
    """Send `text`; the new bot messages' own text (without the widget's "Assistant:" label,
    which is in the widget's language)."""
    before = page.locator(BOT_MSGS).count()
    send(page, text)
    return "\n".join(page.locator(BOT_MSGS + " .csw-text").all_inner_texts()[before:])


def greeting_text(page):
    return page.locator(".csw-greeting .csw-text").inner_text()


@pytest.mark.parametrize("command, lang", [("/lang kk", "kk"), ("speak Russian", "ru")])
def test_widget_follows_a_language_command(stack, page, command, lang):
    received = received_bot_messages(page)
    sent = sent_user_messages(page)
    open_demo(page, stack.web_url)  # the demo page says data-lang="en"
    open_widget(page)
    assert_language(page, "en")
    reply = send_for_reply(page, command)
    assert (KK_RE.search(reply) if lang == "kk" else CYR_RE.search(reply) and not KK_RE.search(reply)), reply
    page.wait_for_function("l => document.querySelector('#csw-lang').value === l", arg=lang)
    assert_language(page, lang)  # selector, every widget text, the root's lang
    greeting = greeting_text(page)
    assert KK_RE.search(greeting) if lang == "kk" else CYR_RE.search(greeting) and not KK_RE.search(greeting)
    assert stored(page)["lang"] == lang  # kept like a choice in the selector
    assert len(sent) == 1, sent  # following sent nothing
    # what the channel sent: the reply, tagged with its language
    assert received and received[-1].get("metadata", {}).get("language") == lang, received

    page.reload()  # the conversation goes on in that language
    page.wait_for_selector(".csw-root[data-ui-ready=true]", state="attached")
    assert_language(page, lang)


def test_widget_follows_a_question_in_russian(stack, page):
    open_demo(page, stack.web_url, lang="kk")
    open_widget(page)
    assert_language(page, "kk")
    reply = send_for_reply(page, "Привет, сколько детских омбудсменов участвовало во встрече?")
    assert CYR_RE.search(reply) and not KK_RE.search(reply), reply
    page.wait_for_function("() => document.querySelector('#csw-lang').value === 'ru'")
    assert_language(page, "ru")
    # the next message carries the language the widget now shows
    send(page, "/lang en")
    page.wait_for_function("() => document.querySelector('#csw-lang').value === 'en'")
    assert_language(page, "en")


def test_a_reply_in_the_selected_language_changes_nothing(stack, page):
    open_demo(page, stack.web_url, lang="en")
    open_widget(page)
    page.evaluate("window.addEventListener('csw:language', e => window.__switched = e.detail.language)")
    send(page, "how many ombudsmen attended?")
    assert_language(page, "en")
    assert page.evaluate("window.__switched || null") is None
    assert stored(page).get("lang") is None  # nothing chosen, nothing stored


def test_tagged_rest_reply_switches_untagged_does_not(stack, page):
    seen = []
    replies = [{"recipient_id": "x", "text": "Жарайды, енді қазақша жауап беремін.",
                "metadata": {"language": "kk"}}]
    page.route("**/webhooks/rest/webhook", rest_stub(replies, seen))
    open_demo(page, stack.web_url, lang="en", transport="rest")
    open_widget(page)
    send(page, "/lang kk")
    assert_language(page, "kk")
    assert [b["message"] for b in seen] == ["/lang kk"]  # the switch sent nothing
    # the page's own script may add messages too: an unknown tag or none keeps the language
    page.evaluate("ChildSafetyWidget.addBotMessages([{text: 'Hello there', metadata: {language: 'de'}},"
                  " {text: 'The child helpline is 150.'}])")
    assert_language(page, "kk")
    page.evaluate("ChildSafetyWidget.addBotMessages([{text: 'Хорошо', metadata: {language: 'ru'}},"
                  " {text: 'no tag on this one'}])")
    assert_language(page, "ru")  # the last tagged message of a batch decides
    assert page.locator(BOT_MSGS).count() >= 5
