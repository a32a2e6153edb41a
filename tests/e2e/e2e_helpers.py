"""Small page helpers shared by the widget's browser tests."""
import json
import time
import urllib.parse

REPLY_TIMEOUT_MS = 30000

LAUNCHER = ".csw-launcher"
PANEL = "#csw-panel"
INPUT = "#csw-input"
LOG = "#csw-log"
BOT_MSGS = "#csw-log .csw-bot"
USER_MSGS = "#csw-log .csw-user"
QUICK = ".csw-quick .csw-reply"


def open_demo(page, url, drop=(), **attrs):
    """Open the demo page; attrs become data-* attributes of the widget's script tag (replacing
    the page's own), and the data-* attributes named in drop are removed from it."""
    params = {f"x-{k.replace('_', '-')}": v for k, v in attrs.items()}
    params.update({f"no-{k.replace('_', '-')}": "" for k in drop})
    query = urllib.parse.urlencode(params)
    page.goto(url + "/" + (("?" + query) if query else ""))
    page.wait_for_selector(".csw-root[data-ui-ready=true]", state="attached")


def open_widget(page):
    if page.locator(PANEL).is_hidden():
        page.click(LAUNCHER)
    page.wait_for_selector(PANEL, state="visible")
    page.wait_for_selector(".csw-root[data-ready=true]", state="attached")


def bot_count(page) -> int:
    return page.locator(BOT_MSGS).count()


def send(page, text, timeout_ms=REPLY_TIMEOUT_MS):
    """Type text, press Enter, wait for at least one new bot message and for the typing
    indicator to go; returns (the new bot messages' text, seconds until the first one)."""
    before = bot_count(page)
    page.fill(INPUT, text)
    t = time.monotonic()
    page.press(INPUT, "Enter")
    return wait_reply(page, before, t, timeout_ms)


def wait_reply(page, before, t_start, timeout_ms=REPLY_TIMEOUT_MS):
    page.wait_for_function(
        "n => document.querySelectorAll('#csw-log .csw-bot').length > n",
        arg=before, timeout=timeout_ms,
    )
    elapsed = time.monotonic() - t_start
    # replies of one turn may arrive as several socket.io events: let them settle
    settle_until = time.monotonic() + 0.6
    last = bot_count(page)
    while time.monotonic() < settle_until:
        time.sleep(0.15)
        n = bot_count(page)
        if n != last:
            last, settle_until = n, time.monotonic() + 0.6
    texts = page.locator(BOT_MSGS).all_inner_texts()[before:]
    return "\n".join(texts), elapsed


def log_text(page) -> str:
    return page.inner_text(LOG)


def rest_stub(replies, seen):
    """A page.route handler that answers the REST webhook with `replies` (CORS included) and
    records each request body in `seen`."""
    def handler(route):
        req = route.request
        cors = {
            "Access-Control-Allow-Origin": req.headers.get("origin", "*"),
            "Access-Control-Allow-Headers": "content-type",
            "Access-Control-Allow-Methods": "POST, OPTIONS",
        }
        if req.method == "OPTIONS":
            return route.fulfill(status=204, headers=cors)
        seen.append(json.loads(req.post_data or "{}"))
        route.fulfill(status=200, headers=cors, content_type="application/json",
                      body=json.dumps(replies))
    return handler
