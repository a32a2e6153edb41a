"""Browser tests of the web widget (web/widget.js) on the demo page, against a running bot.

Every test runs in a fresh browser context whose route guard aborts and records any
request to a host other than 127.0.0.1/localhost; the context fixture fails the test if
one was made (see conftest.py). Every page fails its test on a JavaScript dialog or error.
"""
import gzip
import json
import re
import statistics
import time
from pathlib import Path

import pytest

from .conftest import REPO, WEB, new_context
from .e2e_helpers import (
    BOT_MSGS,
    INPUT,
    LOG,
    PANEL,
    QUICK,
    USER_MSGS,
    bot_count,
    log_text,
    open_demo,
    open_widget,
    rest_stub,
    send,
    wait_reply,
)

pytestmark = [pytest.mark.bot, pytest.mark.browser]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
XSS = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>"]
SCREENSHOT = REPO / "docs" / "widget.png"


def stored(page):
    return page.evaluate("() => JSON.parse(localStorage.getItem('csw:v1') || 'null')")


def injected_elements(page):
    """Elements an XSS payload could have created, anywhere in the document."""
    return page.evaluate(
        """() => ({
            imgX: document.querySelectorAll('img[src=x], img[src="x"]').length,
            widgetImgs: document.querySelectorAll('.csw-root img').length,
            widgetScripts: document.querySelectorAll('.csw-root script').length,
            scripts: Array.from(document.scripts).map(s => s.src || 'inline:' + s.text.slice(0, 40)),
            onerror: document.querySelectorAll('[onerror]').length,
            badLinks: Array.from(document.querySelectorAll('.csw-root a'))
                .map(a => a.getAttribute('href'))
                .filter(h => !/^(https?:|tel:)/.test(h)),
        })"""
    )


# ----------------------------------------------------------------------------- basics
def test_loads_and_connects_over_socketio(stack, page, guard):
    open_demo(page, stack.web_url)
    root = page.locator(".csw-root")
    assert root.get_attribute("data-ready") == "false"  # no connection before first open
    open_widget(page)
    assert page.evaluate("ChildSafetyWidget.transport") == "socketio"
    assert page.locator(".csw-disclaimer").inner_text().lower().count("automated assistant") == 1
    helpline = page.locator(".csw-helpline")
    strip = helpline.inner_text().replace("\xa0", " ")  # the number is glued to its words
    assert "In danger? 112" in strip and "Child helpline 150" in strip
    assert helpline.locator("a[href='tel:112']").count() == 1
    assert helpline.locator("a[href='tel:150']").count() == 1
    assert page.get_attribute(INPUT, "id") == page.get_attribute("label.csw-label", "for")
    assert page.get_attribute(LOG, "aria-live") == "polite"
    text, _ = send(page, "hi")
    assert text.strip()
    # the page and the widget only talked to 127.0.0.1; the socket upgraded to websocket
    assert guard.requests and all(re.match(r"^https?://127\.0\.0\.1:\d+/", u) for u in guard.requests)
    assert any(u.startswith(f"ws://127.0.0.1:{stack.rasa_port}/socket.io/") for u in guard.websockets)
    origins = {re.match(r"^\w+://[^/]+", u).group(0) for u in guard.requests}
    assert origins <= {stack.web_url, stack.rasa_url}


def test_route_guard_blocks_and_reports_foreign_hosts(stack, page, guard):
    """The guard itself works: a foreign request is aborted and recorded (then expected)."""
    open_demo(page, stack.web_url)
    guard.expected_blocked = ["https://example.com/x.png"]
    page.evaluate("() => fetch('https://example.com/x.png').catch(() => null)")
    deadline = time.monotonic() + 5
    while not guard.blocked and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert guard.blocked == ["https://example.com/x.png"]


def test_fact_and_quick_reply(stack, page, metrics):
    open_demo(page, stack.web_url)
    open_widget(page)
    text, _ = send(page, "how many ombudsmen attended?")
    assert re.search(r"(?<!\d)50(?!\d)", text), text  # not the 150 of a helpline notice
    text, _ = send(page, "hi")
    assert page.locator(QUICK).count() >= 1, f"greeting had no quick replies: {text!r}"
    save_screenshot(page, metrics)
    button = page.locator(QUICK).first
    title = button.inner_text()
    before, users = bot_count(page), page.locator(USER_MSGS).count()
    t = time.monotonic()
    button.click()
    answer, _ = wait_reply(page, before, t)
    assert answer.strip()
    assert page.locator(USER_MSGS).nth(users).inner_text().endswith(title)  # shows the title


def test_quick_reply_sends_payload_and_shows_title(stack, page):
    frames = []  # socket.io packets the page sent, over websocket or long-polling
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: frames.append(f)))
    page.on("request", lambda r: frames.extend((r.post_data or "").split("\x1e"))
            if "/socket.io/" in r.url and r.method == "POST" else None)
    open_demo(page, stack.web_url)
    open_widget(page)
    send(page, "hi")
    if page.locator(QUICK).count() == 0:
        pytest.skip("this bot's greeting has no buttons")
    button = page.locator(QUICK).first
    title = button.inner_text()
    payload = next(m for m in reversed(stored(page)["messages"]) if m["buttons"])["buttons"][0]["payload"]
    before = bot_count(page)
    button.click()
    wait_reply(page, before, time.monotonic())
    users = [m["text"] for m in stored(page)["messages"] if m["from"] == "user"]
    assert users[-1] == title  # the title is shown ...
    sent = [json.loads(f[2:]) for f in frames if isinstance(f, str) and f.startswith("42[")]
    assert ["user_uttered", {"message": payload, "session_id": page.evaluate("ChildSafetyWidget.senderId"),
                             "metadata": {"language": "en"}}] in sent
    # ... and the payload is what is sent


def test_crisis_message_shows_helplines(stack, page):
    open_demo(page, stack.web_url)
    open_widget(page)
    before = bot_count(page)
    text, _ = send(page, "my dad hits me")
    assert "150" in text and "112" in text
    # the reply may come as several messages (socket.io splits at blank lines)
    hrefs = page.locator(BOT_MSGS).evaluate_all(
        "(ms, n) => ms.slice(n).flatMap(m => Array.from(m.querySelectorAll('a')).map(a => a.getAttribute('href')))",
        before)
    assert "tel:150" in hrefs and "tel:112" in hrefs


def test_reload_keeps_history_and_context(stack, page):
    open_demo(page, stack.web_url)
    open_widget(page)
    first, _ = send(page, "tell me about the first module")
    assert first.strip()
    before = log_text(page)
    sender = page.evaluate("ChildSafetyWidget.senderId")
    page.reload()
    page.wait_for_selector(PANEL, state="visible")  # it was open: it reopens
    page.wait_for_selector(".csw-root[data-ready=true]", state="attached")
    assert log_text(page) == before
    assert page.evaluate("ChildSafetyWidget.senderId") == sender
    third, _ = send(page, "and the third?")
    assert re.search(r"environment|climate|ecolog", third, re.I), third


def test_new_conversation(stack, page):
    open_demo(page, stack.web_url)
    open_widget(page)
    send(page, "hi")
    old = page.evaluate("ChildSafetyWidget.senderId")
    page.click(".csw-new")
    new = page.evaluate("ChildSafetyWidget.senderId")
    assert new != old and re.fullmatch(r"[0-9a-f]{32}", new)
    assert page.locator(USER_MSGS).count() == 0
    assert stored(page)["messages"] == [] and stored(page)["senderId"] == new
    assert page.evaluate("document.activeElement.id") == "csw-input"
    text, _ = send(page, "hi")  # the socket rejoined under the new id
    assert text.strip()


# ----------------------------------------------------------------------------- XSS
def test_xss_typed_by_user_stays_text(stack, page, dialogs):
    open_demo(page, stack.web_url)
    open_widget(page)
    scripts_before = injected_elements(page)["scripts"]
    for payload in XSS:
        send(page, payload)
    page.wait_for_timeout(500)
    found = injected_elements(page)
    assert found["imgX"] == 0 and found["widgetImgs"] == 0 and found["widgetScripts"] == 0
    assert found["onerror"] == 0 and found["badLinks"] == []
    assert found["scripts"] == scripts_before
    shown = page.locator(USER_MSGS + " .csw-text").all_text_contents()
    assert shown[-2:] == XSS
    assert dialogs.seen == []


def test_xss_echoed_by_bot_stays_text_via_rest_fallback(stack, page, dialogs):
    """The socket is made to fail, so the widget falls back to REST; the (stubbed) bot
    replies with XSS payloads in text, button titles and link fields."""
    page.route("**/socket.io/**", lambda route: route.abort("connectionrefused"))
    seen = []
    replies = [
        {"recipient_id": "x", "text": XSS[0]},
        {"recipient_id": "x", "text": XSS[1] + " javascript:alert(1) https://example.org/ok?a=<b>"},
        {"recipient_id": "x", "text": "pick", "buttons": [
            {"title": XSS[0], "payload": "/x"}, {"title": "<b onmouseover=alert(1)>b</b>", "payload": XSS[1]}]},
        {"recipient_id": "x", "image": "javascript:alert(1)"},
        {"recipient_id": "x", "image": "https://example.org/i.png"},
        {"recipient_id": "x", "text": "img", "image": "data:text/html,<script>alert(1)</script>"},
    ]
    page.route("**/webhooks/rest/webhook", rest_stub(replies, seen))
    open_demo(page, stack.web_url)
    open_widget(page)
    assert page.evaluate("ChildSafetyWidget.transport") == "rest"
    send(page, "hello")
    assert seen and seen[0]["message"] == "hello"
    assert re.fullmatch(r"[0-9a-f]{32}", seen[0]["sender"])
    page.wait_for_timeout(500)
    for b in page.locator(QUICK).all():
        b.hover()
    page.locator(QUICK).first.click()  # sends "/x", shows the payload title as text
    page.wait_for_timeout(500)
    found = injected_elements(page)
    assert found["imgX"] == 0 and found["widgetImgs"] == 0 and found["widgetScripts"] == 0
    assert found["onerror"] == 0 and found["badLinks"] == []
    bot_texts = page.locator(BOT_MSGS + " .csw-text").all_text_contents()
    assert XSS[0] in bot_texts and any(t.startswith(XSS[1]) for t in bot_texts)
    assert all(t.strip() for t in bot_texts)  # the javascript: image made no empty bubble
    assert "Open attachment" in bot_texts  # an http(s) image is a link, never an <img>
    links = page.locator(".csw-root .csw-log a").evaluate_all(
        "as => as.map(a => [a.getAttribute('href'), a.rel, a.target])")
    assert ["https://example.org/ok?a=", "noopener noreferrer", "_blank"] in links
    assert all(h.startswith(("https:", "http:", "tel:")) for h, _, _ in links)
    assert seen[-1]["message"] == "/x"
    assert page.locator(USER_MSGS + " .csw-text").last.text_content() == XSS[0]
    assert dialogs.seen == []


def test_render_function_only_makes_text_and_safe_links(stack, page):
    open_demo(page, stack.web_url)
    cases = {
        "<img src=x onerror=alert(1)>": [],
        "<script>alert(1)</script>": [],
        "javascript:alert(1)": [],
        "see https://example.org/a.b, ok": [("A", "https://example.org/a.b")],
        "http://x.org/?q=<img src=x>": [("A", "http://x.org/?q=")],
        "<a href=\"javascript:alert(1)\">x</a> https://a.org/\"onmouseover=\"x": [("A", "https://a.org/")],
        "call 150 or 112.": [("A", "tel:150"), ("A", "tel:112")],
        "111, 101, 102, 103 and 104": [("A", "tel:111"), ("A", "tel:101"), ("A", "tel:102"),
                                        ("A", "tel:103"), ("A", "tel:104")],
        "1500 people, 3.150 km, room 112a, 2011": [],
        "Hotline +7 701 123 45 67 or 8 800 080 7777": [("A", "tel:+77011234567"), ("A", "tel:88000807777")],
        "50 ombudsmen": [],
    }
    for text, expected in cases.items():
        got = page.evaluate(
            """t => { const d = ChildSafetyWidget.renderText(t);
                      return { text: d.textContent,
                               els: Array.from(d.querySelectorAll('*')).map(e => [e.tagName, e.getAttribute('href'), e.rel || '']) }; }""",
            text,
        )
        assert got["text"] == text, text
        assert [tuple(e[:2]) for e in got["els"]] == expected, text
        for _tag, href, rel in got["els"]:
            if href.startswith("http"):
                assert rel == "noopener noreferrer"


# ----------------------------------------------------------------------------- keyboard
def test_keyboard_only(stack, page):
    open_demo(page, stack.web_url)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('csw-launcher')"):
            break
    else:
        pytest.fail("Tab never reached the launcher")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is not visible on the launcher"
    page.keyboard.press("Enter")
    page.wait_for_selector(PANEL, state="visible")
    assert page.evaluate("document.activeElement.id") == "csw-input"
    page.wait_for_selector(".csw-root[data-ready=true]", state="attached")
    before = bot_count(page)
    page.keyboard.type("hi")
    t = time.monotonic()
    page.keyboard.press("Enter")
    text, _ = wait_reply(page, before, t)
    assert text.strip()
    if page.locator(QUICK).count():
        # Shift+Tab back from the input reaches a quick reply; Enter sends it
        for _ in range(10):
            page.keyboard.press("Shift+Tab")
            if page.evaluate("document.activeElement.classList.contains('csw-reply')"):
                break
        assert page.evaluate("document.activeElement.classList.contains('csw-reply')")
        before = bot_count(page)
        page.keyboard.press("Enter")
        wait_reply(page, before, time.monotonic())
    # the header controls are reachable and focus stays visible
    page.focus(".csw-new")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.className") == "csw-exit"
    page.focus(INPUT)
    page.keyboard.press("Escape")  # one Esc closes the panel and returns focus
    page.wait_for_selector(PANEL, state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('csw-launcher')")


# ----------------------------------------------------------------------------- quick exit
def test_quick_exit_default_goes_to_neutral_site(stack, context, guard):
    page = context.new_page()
    open_demo(page, stack.web_url)
    open_widget(page)
    send(page, "hi")
    guard.expected_blocked = ["https://www.google.com/"]  # navigation attempted, aborted
    hidden = page.evaluate(
        """() => { document.querySelector('.csw-exit').click();
                   return getComputedStyle(document.querySelector('.csw-root')).display; }"""
    )
    assert hidden == "none"
    deadline = time.monotonic() + 10
    while not guard.blocked and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert guard.blocked == ["https://www.google.com/"]
    # history was kept, and the widget does not pop open on the next visit
    again = context.new_page()
    open_demo(again, stack.web_url)
    assert again.locator(PANEL).is_hidden()
    st = stored(again)
    assert st["open"] is False and any(m["from"] == "user" for m in st["messages"])


def test_quick_exit_esc_twice_replaces_history_entry(stack, page):
    open_demo(page, stack.web_url, exit_url=f"{stack.web_url}/exit-target.html")
    open_widget(page)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/exit-target.html")
    # location.replace: Back does not lead to the page with the chat
    page.go_back()
    assert page.url == "about:blank"


# ----------------------------------------------------------------------------- layout, a11y
def test_responsive_320px(stack, browser, guard):
    ctx = new_context(browser, guard, viewport={"width": 320, "height": 568}, is_mobile=True,
                      has_touch=True)
    try:
        page = ctx.new_page()
        open_demo(page, stack.web_url)
        open_widget(page)
        send(page, "hi")
        box = page.locator(PANEL).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320.5
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        for sel in (INPUT, ".csw-send", ".csw-exit", ".csw-close", ".csw-helpline", "#csw-lang"):
            b = page.locator(sel).bounding_box()
            assert b and b["x"] >= 0 and b["x"] + b["width"] <= 320.5 and b["y"] + b["height"] <= 568.5, sel
        overflow = page.evaluate(
            """() => Array.from(document.querySelectorAll('.csw-root *'))
                 .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden'
                              && !e.classList.contains('csw-sr'))
                 .map(e => e.className)""")
        assert overflow == []
    finally:
        ctx.close()
        guard.check()


def test_reduced_motion(stack, browser, guard):
    for motion, expect_none in (("reduce", True), ("no-preference", False)):
        ctx = new_context(browser, guard, reduced_motion=motion)
        try:
            page = ctx.new_page()
            open_demo(page, stack.web_url)
            open_widget(page)
            names = page.evaluate(
                """() => [getComputedStyle(document.getElementById('csw-panel')).animationName,
                          getComputedStyle(document.querySelector('.csw-dot')).animationName]""")
            assert (names == ["none", "none"]) == expect_none, (motion, names)
        finally:
            ctx.close()
    guard.check()


def run_axe(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, { resultTypes: ['violations'] });
            return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')) }));
        }"""
    )


def test_accessibility_axe(stack, browser, guard, metrics):
    # the scanner itself works: a nameless button is a critical violation
    ctx = new_context(browser, guard)
    try:
        page = ctx.new_page()
        page.set_content("<!doctype html><html lang=en><title>t</title><main><button></button></main>")
        assert ("button-name", "critical") in [(v["id"], v["impact"]) for v in run_axe(page)]
    finally:
        ctx.close()
    results = {}
    for name, viewport, lang in (("desktop", {"width": 1280, "height": 800}, "en"),
                                 ("mobile-320", {"width": 320, "height": 640}, "en"),
                                 ("desktop-kk", {"width": 1280, "height": 800}, "kk"),
                                 ("mobile-320-ru", {"width": 320, "height": 640}, "ru")):
        ctx = new_context(browser, guard, viewport=viewport)
        try:
            page = ctx.new_page()
            open_demo(page, stack.web_url, lang=lang)
            assert page.locator("#csw-lang").count() == 1  # the language selector is there
            results[name + "-closed"] = run_axe(page)
            open_widget(page)
            send(page, "hi")
            send(page, "call 150 https://example.org/x")
            if lang != "en":  # switched with the selector: texts and lang attributes change
                page.select_option("#csw-lang", "en")
                page.select_option("#csw-lang", lang)
            results[name + "-open"] = run_axe(page)
        finally:
            ctx.close()
    guard.check()
    metrics["axe"] = {k: [(v["id"], v["impact"], len(v["nodes"])) for v in vs]
                      for k, vs in results.items()}
    bad = {k: [v for v in vs if v["impact"] in ("serious", "critical")] for k, vs in results.items()}
    assert not any(bad.values()), json.dumps(bad, indent=1)


# ----------------------------------------------------------------------------- measurements
def test_measurements(stack, browser, guard, metrics):
    sizes = {}
    for name in ("widget.js", "widget.css", "vendor/socket.io.min.js"):
        data = (WEB / name).read_bytes()
        sizes[name] = {"bytes": len(data), "gzip": len(gzip.compress(data, 9))}
    metrics["sizes"] = sizes

    ui, ready = [], []
    for _ in range(5):
        ctx = new_context(browser, guard)
        try:
            page = ctx.new_page()
            open_demo(page, stack.web_url, open="true")
            page.wait_for_selector(".csw-root[data-ready=true]", state="attached")
            t = page.evaluate("ChildSafetyWidget.timing")
            ui.append(t["uiReady"])  # ms since navigation start
            ready.append(t["ready"])
        finally:
            ctx.close()
    metrics["load_to_ui_ready_ms_median"] = round(statistics.median(ui), 1)
    metrics["load_to_connected_ms_median"] = round(statistics.median(ready), 1)

    for transport in ("socketio", "rest"):
        ctx = new_context(browser, guard)
        try:
            page = ctx.new_page()
            open_demo(page, stack.web_url, transport=transport)
            open_widget(page)
            assert page.evaluate("ChildSafetyWidget.transport") == transport
            times = []
            for msg in ("hi", "how many ombudsmen attended?", "tell me about the first module",
                        "and the third?", "my dad hits me", "are you a bot?", "thanks"):
                ms = page.evaluate(
                    """msg => new Promise((resolve, reject) => {
                        const log = document.getElementById('csw-log');
                        const n = log.querySelectorAll('.csw-bot').length;
                        const t = performance.now();
                        const obs = new MutationObserver(() => {
                          if (log.querySelectorAll('.csw-bot').length > n) {
                            obs.disconnect(); resolve(performance.now() - t);
                          }
                        });
                        obs.observe(log, { childList: true });
                        setTimeout(() => reject(new Error('no reply')), 30000);
                        ChildSafetyWidget.send(msg);
                    })""",
                    msg,
                )
                times.append(ms)
                page.wait_for_timeout(300)
            metrics[f"reply_ms_median_{transport}"] = round(statistics.median(times), 1)
        finally:
            ctx.close()
    guard.check()
    assert metrics["load_to_ui_ready_ms_median"] < 5000
    assert metrics["reply_ms_median_socketio"] < 10000


def save_screenshot(page, metrics):
    """docs/widget.png: the open widget after a short conversation."""
    page.set_viewport_size({"width": 900, "height": 720})
    page.wait_for_timeout(300)
    page.mouse.move(0, 0)
    box = page.locator(".csw-root").bounding_box()
    clip = {"x": max(box["x"] - 16, 0), "y": max(box["y"] - 16, 0),
            "width": min(box["width"] + 32, 900), "height": min(box["height"] + 32, 720)}
    page.screenshot(path=str(SCREENSHOT), clip=clip, animations="disabled", caret="hide")
    try:  # a 128-colour palette keeps the committed PNG around 20 KB instead of 60 KB
        from PIL import Image
        with Image.open(SCREENSHOT) as im:
            small = im.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
        small.save(SCREENSHOT, optimize=True)
    except ImportError:
        pass
    metrics["screenshot_bytes"] = SCREENSHOT.stat().st_size
