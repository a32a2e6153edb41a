"""The community widget rasa-webchat (npm `rasa-webchat`, its own UMD bundle lib/index.js, as a
site would load it with a script tag) in Chromium against our socket.io channel: its first
`user_uttered` has no `message` (no initPayload configured), which the channel takes as the
start of the session, so the first bot message is the assistant's greeting and not the
not_text notice ("I can only read text messages"); a typed question gets its answer.

The package is pinned in tests/e2e/webchat/package.json and package-lock.json and installed
there with `npm ci --ignore-scripts` when its node_modules lacks that version (needs npm and,
the first time, the npm registry; skipped without npm). The page is served by a small loopback
server of this module; the browser asks for it at the demo server's origin (Playwright passes
the request on to this server), because that is the origin the test Rasa allows (CORS). The
bundle's stylesheet imports Google Fonts: that request is answered with an empty stylesheet
here; every other request to another host still fails the test (conftest.py's guard).
"""
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bot, pytest.mark.browser]

WEBCHAT = Path(__file__).resolve().parent / "webchat"
BUNDLE = WEBCHAT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
NOT_TEXT = "I can only read text messages"
REPLY_TIMEOUT_MS = 30000
PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>rasa-webchat</title></head>
<body>
  <p>A page with the community widget rasa-webchat.</p>
  <script src="rasa-webchat.js"></script>
  <script>
    WebChat.default({socketUrl: %s, socketPath: "/socket.io/", title: "Assistant",
                     params: {storage: "session"}}, null);
  </script>
</body>
</html>
"""


def _locked_version() -> str:
    lock = json.loads((WEBCHAT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/rasa-webchat"]["version"]


def _installed_version() -> str:
    pkg = BUNDLE.parent.parent / "package.json"
    return json.loads(pkg.read_text(encoding="utf-8")).get("version", "") if pkg.is_file() else ""


@pytest.fixture(scope="session")
def webchat_bundle() -> Path:
    """lib/index.js of the pinned rasa-webchat, installed with `npm ci` when needed."""
    want = _locked_version()
    if _installed_version() != want:
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not on PATH (apt-get install npm): cannot install rasa-webchat")
        proc = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=WEBCHAT,
                              capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"npm ci in {WEBCHAT} failed:\n{proc.stdout}\n{proc.stderr}"
    assert _installed_version() == want and BUNDLE.is_file(), BUNDLE
    return BUNDLE


@pytest.fixture(scope="module")
def webchat_server(stack, webchat_bundle, tmp_path_factory):
    """A loopback server for the page (pointing at the test Rasa) and the bundle."""
    root = tmp_path_factory.mktemp("webchat")
    (root / "index.html").write_text(PAGE % json.dumps(stack.rasa_url), encoding="utf-8")
    shutil.copyfile(webchat_bundle, root / "rasa-webchat.js")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def user_events(frames):
    """The user_uttered payloads among the socket.io packets the page sent."""
    out = []
    for f in frames:
        if isinstance(f, str) and f.startswith("42"):
            try:
                event, *args = json.loads(f[f.index("["):])
            except ValueError:
                continue
            if event == "user_uttered":
                out.append(args[0] if args else None)
    return out


def open_webchat(page, stack, server):
    """Open the page at the demo origin (served by `server`), recording what the page sends
    over socket.io (websocket frames and long-polling posts)."""
    frames = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda f: frames.append(f)))
    page.on("request", lambda r: frames.extend((r.post_data or "").split("\x1e"))
            if "/socket.io/" in r.url and r.method == "POST" else None)
    prefix = stack.web_url + "/webchat/"
    page.route(prefix + "**", lambda route: route.continue_(url=server + "/" + route.request.url[len(prefix):]))
    page.route("https://fonts.googleapis.com/**",
               lambda route: route.fulfill(status=200, content_type="text/css", body=""))
    page.goto(prefix)
    page.wait_for_selector(".rw-launcher")
    return frames


def bot_texts(page):
    return [t.strip() for t in page.locator(".rw-response").all_inner_texts()]


def wait_bot_messages(page, n):
    """Wait until at least `n` bot messages show text (rasa-webchat delays each a little)."""
    page.wait_for_function(
        """n => { const m = document.querySelectorAll('.rw-response');
                  return m.length >= n && Array.from(m).slice(0, n).every(e => e.innerText.trim()); }""",
        arg=n, timeout=REPLY_TIMEOUT_MS)
    time.sleep(1.0)  # the rest of the turn, if it came as several events
    return bot_texts(page)


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def test_webchat_gets_the_greeting_first_and_answers(stack, page, webchat_server):
    frames = open_webchat(page, stack, webchat_server)
    page.click(".rw-launcher")
    first = wait_bot_messages(page, 1)[0]

    # what rasa-webchat sent on opening: a user_uttered without any message
    init = user_events(frames)[0]
    assert isinstance(init, dict) and "message" not in init and init.get("session_id"), init
    assert NOT_TEXT not in first
    greeting = stack.bot.say("webchat-" + uuid.uuid4().hex[:8], "/start")
    assert squash(first) == squash(greeting[0]["text"].split("\n\n")[0])
    titles = [b["title"] for b in greeting[-1].get("buttons", [])]
    if titles:  # the greeting's buttons, shown as rasa-webchat's quick replies
        page.wait_for_selector(".rw-reply")
        assert [t.strip() for t in page.locator(".rw-reply").all_inner_texts()] == titles

    before = len(bot_texts(page))
    page.fill(".rw-new-message", "how many ombudsmen attended?")
    page.press(".rw-new-message", "Enter")
    texts = wait_bot_messages(page, before + 1)
    answer = " ".join(texts[before:])
    assert re.search(r"(?<!\d)50(?!\d)", answer), answer  # not the 150 of a helpline
    assert all(NOT_TEXT not in t for t in texts), texts
    assert user_events(frames)[-1]["message"] == "how many ombudsmen attended?"
