"""The terminal chat: a small client of the assistant's REST channel, in place of `rasa shell`
(whose button menu replaced a typed question with the highlighted button).

    python -m tools.chat --url http://127.0.0.1:5005     # scripts/chat.sh (make chat) runs this

- The assistant's replies are printed as text; its buttons as numbered hints
  ("1) Module 1  2) Module 2 ..."). Free text is always accepted and sent as typed; a bare
  number of a hint sends that button's payload. A number that is no hint (e.g. "150") is text.
- `/stop` (or Ctrl-D, Ctrl-C) leaves; `/restart` starts a new conversation (new sender id).
- `/good` and `/bad` say whether the last answer helped (the feedback payload of
  addons/channels/feedback.py, stored in the conversation); only right after an answer from the
  knowledge file, never after a crisis reply (the channel marks both in the reply's metadata).
- On start and on /restart the greeting text is sent for the user (`--greeting`, default
  "/start"; `--greeting ""` sends nothing), so the first thing shown is the assistant's greeting.

Only the standard library: it starts at once and prints nothing of Rasa's (its logs are
scripts/chat.sh's business: .rasa/logs/).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import textwrap
import urllib.error
import urllib.request
import uuid
from typing import Any, Callable, Dict, List, Optional, TextIO

PROMPT = "you> "
DEFAULT_URL = "http://127.0.0.1:5005"
DEFAULT_GREETING = "/start"
STOP, RESTART = "/stop", "/restart"
# /good and /bad send these (the same as addons/channels/feedback.py PAYLOADS; a test checks)
FEEDBACK = {"/good": '/feedback{"helpful":"up"}', "/bad": '/feedback{"helpful":"down"}'}
NOTHING_TO_RATE = "(/good and /bad rate the assistant's last answer; there is no answer to rate now)"
_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
Button = Dict[str, str]


def new_sender() -> str:
    return "terminal-" + uuid.uuid4().hex[:16]


def width() -> int:
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


def buttons_of(reply: Dict[str, Any]) -> List[Button]:
    """The buttons of one reply (REST: `buttons`; `quick_replies` too), as title + payload."""
    out: List[Button] = []
    for b in reply.get("buttons") or reply.get("quick_replies") or []:
        if isinstance(b, dict):
            title = str(b.get("title") or b.get("payload") or "")
            payload = str(b.get("payload") or title)
            if title:
                out.append({"title": title, "payload": payload})
    return out


def reply_lines(reply: Dict[str, Any], cols: int) -> List[str]:
    """One reply as printable lines: its text wrapped to `cols`, then any image or attachment."""
    lines: List[str] = []
    text = reply.get("text")
    if isinstance(text, str) and text.strip():
        for line in text.strip().splitlines():
            indent = "   " if re.match(r"\d+\. ", line) else ""  # under a numbered item's text
            lines.extend(textwrap.wrap(line, cols, break_on_hyphens=False, subsequent_indent=indent) or [""])
    if isinstance(reply.get("image"), str):
        lines.append(f"[image: {reply['image']}]")
    attachment = reply.get("attachment")
    if attachment:
        lines.append(f"[attachment: {json.dumps(attachment, ensure_ascii=False)}]")
    custom = reply.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get("text"), str):
        lines.extend(textwrap.wrap(custom["text"], cols, break_on_hyphens=False))
    return lines


def hint_lines(buttons: List[Button], cols: int) -> List[str]:
    """The buttons as numbered hints: on one line when they fit ("1) Module 1  2) Module 2"),
    else one a line."""
    hints = [f"{n}) {b['title']}" for n, b in enumerate(buttons, 1)]
    line = "  ".join(hints)
    return ([line] if len(line) <= cols else hints) if hints else []


def rateable(replies: List[Dict[str, Any]]) -> bool:
    """Whether feedback may follow these replies (one turn): the last is an answer (its metadata
    names a knowledge entry) and none is a crisis reply."""
    marks = [r.get("metadata") if isinstance(r.get("metadata"), dict) else {} for r in replies]
    return bool(marks) and not any(m.get("crisis") for m in marks) and bool(marks[-1].get("answer"))


def pick(line: str, buttons: List[Button]) -> Optional[Button]:
    """The button a bare number names ("3" -> the third), or None: then the line is text."""
    m = _NUMBER.match(line)
    if m and 1 <= int(m.group(1)) <= len(buttons):
        return buttons[int(m.group(1)) - 1]
    return None


class Chat:
    """One terminal conversation with the assistant at `url` over REST."""

    def __init__(self, url: str, greeting: str = DEFAULT_GREETING, sender: Optional[str] = None,
                 out: TextIO = sys.stdout, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/") + "/webhooks/rest/webhook"
        self.greeting = greeting
        self.sender = sender or new_sender()
        self.out = out
        self.timeout = timeout
        self.buttons: List[Button] = []  # of the latest reply that had some, until the user speaks
        self.rateable = False  # the last turn ended with an answer one may rate (/good, /bad)

    def post(self, text: str) -> List[Dict[str, Any]]:
        """The assistant's replies to `text`; raises OSError (URLError) when it cannot answer."""
        body = json.dumps({"sender": self.sender, "message": text}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            replies = json.loads(response.read().decode("utf-8"))
        return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []

    def say(self, text: str) -> bool:
        """Send `text`, print the replies; False when the assistant could not be reached."""
        self.buttons, self.rateable = [], False
        try:
            replies = self.post(text)
        except (OSError, ValueError) as e:
            reason = getattr(e, "reason", None) or e
            self.print(f"(no answer from the assistant at {self.url}: {reason})")
            return False
        if not replies:
            self.print("(the assistant sent no reply)")
        self.show(replies)
        self.rateable = rateable(replies)
        return True

    def show(self, replies: List[Dict[str, Any]]) -> None:
        cols = width()
        for reply in replies:
            for line in reply_lines(reply, cols):
                self.print(line)
            self.buttons = buttons_of(reply) or self.buttons
        for line in hint_lines(self.buttons, cols):
            self.print(line)
        self.print("")

    def print(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def start(self) -> bool:
        return self.say(self.greeting) if self.greeting else True

    def handle(self, line: str) -> bool:
        """Act on one typed line; False when the user leaves."""
        command = line.strip().lower()
        if command == STOP:
            return False
        if command == RESTART:
            self.sender = new_sender()
            self.buttons = []
            self.print("(new conversation)")
            self.start()
            return True
        if not line.strip():
            return True
        if command in FEEDBACK:
            if self.rateable:
                self.say(FEEDBACK[command])
            else:
                self.print(NOTHING_TO_RATE)
            return True
        chosen = pick(line, self.buttons)
        if chosen:
            self.print(f"-> {chosen['title']}")
            self.say(chosen["payload"])
        else:
            self.say(line)
        return True

    def run(self, read: Callable[[str], str] = input) -> int:
        """The conversation until /stop, Ctrl-D or Ctrl-C; the exit status (1: no assistant)."""
        try:
            if not self.start():
                return 1
            while self.handle(read(PROMPT)):
                pass
        except (EOFError, KeyboardInterrupt):
            self.print("")
        return 0


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m tools.chat",
        description="Talk to the assistant in the terminal. A number picks a suggestion; anything "
                    "else is sent as typed. /good, /bad: the last answer helped or not; /restart: a new "
                    "conversation; /stop or Ctrl-D: leave.")
    p.add_argument("--url", default=DEFAULT_URL, help=f"the Rasa server (default {DEFAULT_URL})")
    p.add_argument("--greeting", default=DEFAULT_GREETING,
                   help=f"sent for the user at the start (default {DEFAULT_GREETING!r}; '' for none)")
    p.add_argument("--sender", help="the conversation id (default: a new one)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a reply (60)")
    return p.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a terminal that cannot show Kazakh letters
    if sys.stdin.isatty():
        import readline  # noqa: F401  (line editing and history for input())
    return Chat(args.url, args.greeting, args.sender, timeout=args.timeout).run()


if __name__ == "__main__":
    sys.exit(main())
