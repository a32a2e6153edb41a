"""The widget on the demo page under the Content-Security-Policy that `make web` sends
(scripts/web_server.py): it loads, connects over socket.io (websocket) and answers, and the
browser reports no violation of the policy. The test stack's page server sends the policy
for the duration of this test."""

import pytest

from scripts.web_server import DemoHandler as CspHandler
from scripts.web_server import content_security_policy

from .conftest import WEB
from .e2e_helpers import open_widget, send

pytestmark = [pytest.mark.bot, pytest.mark.browser]

WATCH = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def with_csp(stack):
    page = (WEB / "index.html").read_text(encoding="utf-8")
    csp = content_security_policy(stack.rasa_url, page)
    before = stack.httpd.RequestHandlerClass
    # the real server's headers (scripts/web_server.py) on the stack's page (data-server: the test Rasa)
    stack.httpd.RequestHandlerClass = type("CspDemo", (CspHandler, before), {"csp": csp})
    try:
        yield csp
    finally:
        stack.httpd.RequestHandlerClass = before


def test_the_widget_works_under_the_demo_pages_csp(stack, with_csp, page):
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.add_init_script(WATCH)
    response = page.goto(stack.web_url + "/")
    assert response.headers["content-security-policy"] == with_csp
    assert response.headers["x-frame-options"] == "DENY"
    page.wait_for_selector(".csw-root[data-ui-ready=true]", state="attached")
    open_widget(page)
    assert page.evaluate("ChildSafetyWidget.transport") == "socketio"
    text, _ = send(page, "how many ombudsmen attended?")
    assert "50" in text
    assert page.evaluate("window.__cspViolations") == []
    assert not [m for m in console if "Content Security Policy" in m], console
    # and the policy is enforced: a request to another origin (even on 127.0.0.1) is refused
    page.evaluate("() => fetch('http://127.0.0.1:9/').catch(() => null)")
    page.wait_for_function("window.__cspViolations.length > 0", timeout=5000)
    assert page.evaluate("window.__cspViolations")[0].startswith("connect-src")
