"""The static server of the widget's demo page (scripts/web.sh, `make web`): web/ on one port of
127.0.0.1, every response with a Content-Security-Policy that allows only this origin, plus
the assistant server the widget talks to (the page's `data-server`) for its requests and
socket. The page's one inline <style> block is allowed by its hash, nothing else inline; no
framing, no plugins, no forms, no other host.

    .venv/bin/python -m scripts.web_server --port 8080 --bot http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.server
import re
from functools import partial
from pathlib import Path
from typing import List, Optional
from urllib.parse import urlsplit

WEB = Path(__file__).resolve().parent.parent / "web"
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def inline_style_hashes(page: str) -> List[str]:
    """The CSP source of each inline <style> block of `page` ('sha256-...')."""
    return ["'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
            for block in _STYLE.findall(page)]


def content_security_policy(bot_url: str, page: str) -> str:
    """Only this origin ('self'), the bot's origin for connections (HTTP and its websocket),
    the page's inline style by hash, data: for the page's empty icon."""
    bot = urlsplit(bot_url)
    ws = ("wss" if bot.scheme == "https" else "ws") + "://" + bot.netloc
    origin = f"{bot.scheme}://{bot.netloc}"
    return "; ".join([
        "default-src 'none'", "script-src 'self'", "style-src 'self' " + " ".join(inline_style_hashes(page)),
        "img-src 'self' data:", f"connect-src 'self' {origin} {ws}", "font-src 'self'",
        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'",
    ]).replace("  ", " ")


class DemoHandler(http.server.SimpleHTTPRequestHandler):
    """web/ with the security headers on every response (errors included)."""

    csp = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # no client addresses in logs
        pass


def make_server(port: int, bot_url: str, bind: str = "127.0.0.1",
                directory: Path = WEB) -> http.server.ThreadingHTTPServer:
    csp = content_security_policy(bot_url, (directory / "index.html").read_text(encoding="utf-8"))
    handler = type("Handler", (DemoHandler,), {"csp": csp})
    return http.server.ThreadingHTTPServer((bind, port), partial(handler, directory=str(directory)))


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="the widget's demo page, with a Content-Security-Policy")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--directory", type=Path, default=WEB)
    p.add_argument("--bot", default="http://127.0.0.1:5005", help="the assistant server (data-server)")
    args = p.parse_args(argv)
    with make_server(args.port, args.bot, args.bind, args.directory) as server:
        print(f"demo page on http://{args.bind}:{args.port}/ (CSP: bot {args.bot})", flush=True)
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
