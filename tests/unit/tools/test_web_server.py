"""The demo page's static server (scripts/web_server.py, `make web`): every response carries a
Content-Security-Policy that allows only its own origin and the assistant server, the page's
inline style by its hash and nothing else inline; the page has nothing inline it would block."""

import base64
import hashlib
import re
import threading
import urllib.error
import urllib.request

import pytest

from scripts.web_server import WEB, content_security_policy, make_server

BOT = "http://127.0.0.1:5005"
PAGE = (WEB / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def server():
    httpd = make_server(0, BOT)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def headers(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.headers


def directives(csp):
    return {part.split()[0]: part.split()[1:] for part in csp.split("; ")}


@pytest.mark.parametrize("path, status", [("/", 200), ("/widget.js", 200), ("/widget.css", 200),
                                          ("/vendor/socket.io.min.js", 200), ("/no-such-file", 404)])
def test_every_response_has_the_security_headers(server, path, status):
    got, h = headers(server + path)
    assert got == status
    csp = directives(h["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"] and csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'", BOT, "ws://127.0.0.1:5005"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
    every_source = [s for values in csp.values() for s in values]
    assert "*" not in every_source and "'unsafe-inline'" not in every_source and "'unsafe-eval'" not in every_source
    assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "no-referrer"


def test_the_inline_style_is_allowed_by_its_hash_only():
    (block,) = re.findall(r"<style>(.*?)</style>", PAGE, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
    assert directives(content_security_policy(BOT, PAGE))["style-src"] == ["'self'", f"'sha256-{digest}'"]
    edited = PAGE.replace("<style>", "<style>body{color:red}")
    assert f"'sha256-{digest}'" not in content_security_policy(BOT, edited)  # follows the page


def test_the_page_has_no_inline_script_or_handler_the_policy_would_block():
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", PAGE))
    assert not re.search(r"\son[a-z]+\s*=", PAGE) and "javascript:" not in PAGE
    assert not re.search(r"\sstyle\s*=", PAGE)


def test_an_https_bot_gets_a_wss_socket():
    assert directives(content_security_policy("https://bot.example", PAGE))["connect-src"] == \
        ["'self'", "https://bot.example", "wss://bot.example"]
