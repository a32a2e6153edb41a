"""The terminal chat (tools/chat.py, what `make chat` runs) against the trained bot, in a
pseudo-terminal as a user has it: numbered hints for buttons, a bare number picks one, typed
text is sent as typed (never replaced by a button, as `rasa shell`'s menu did), nothing but
the greeting before the first prompt, and /stop, Ctrl-D, Ctrl-C leave with status 0.

The expected replies are asked of the same bot over REST in a conversation of their own, so
these tests check the client, not the wording of the answers.
"""

import codecs
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
import uuid

import pytest

from tools.chat import DEFAULT_GREETING, PROMPT, buttons_of, hint_lines, reply_lines
from tools.servers import MODEL, ROOT, BotServers

pytestmark = pytest.mark.bot

COLS = 100
REPLY_TIMEOUT_S = 60
ANSI = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[=>])")
NOISE = re.compile(r"warning|deprecat|\bINFO\b|\bDEBUG\b|traceback|error", re.IGNORECASE)


@pytest.fixture(scope="module")
def bot():
    if not MODEL.exists():
        pytest.skip(f"no trained model at {MODEL} (run `make train` first)")
    with BotServers() as servers:
        yield servers


class Terminal:
    """tools.chat in a pseudo-terminal of COLS columns that is its controlling terminal, so a
    written ^C is a real Ctrl-C (SIGINT from the line discipline)."""

    def __init__(self, url, *args):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, COLS, 0, 0))
        env = {**os.environ, "TERM": "dumb", "COLUMNS": str(COLS), "LINES": "40"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tools.chat", "--url", url, *args], cwd=ROOT, env=env,
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.master = master
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.pending = ""

    def until_prompt(self, timeout=REPLY_TIMEOUT_S):
        """Everything printed until the next prompt (ANSI codes and \\r removed)."""
        deadline = time.monotonic() + timeout
        while PROMPT not in self.pending:
            left = deadline - time.monotonic()
            assert left > 0, f"no prompt within {timeout}s; got {self.pending!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the client has closed the terminal
                    chunk = b""
                assert chunk, f"the client ended before its prompt; got {self.pending!r}"
                self.pending += ANSI.sub("", self.decoder.decode(chunk)).replace("\r", "")
        out, self.pending = self.pending.split(PROMPT, 1)
        return out

    def turn(self, line):
        """Type `line` and Enter; what was printed until the next prompt, without the echo."""
        os.write(self.master, line.encode("utf-8") + b"\n")
        out = self.until_prompt()
        echo, _, rest = out.partition("\n")
        assert echo.strip() == line.strip(), (echo, line)
        return rest

    def key(self, data: bytes):
        os.write(self.master, data)

    def wait(self, timeout=15):
        try:
            return self.proc.wait(timeout)
        finally:
            self.drain()
            os.close(self.master)

    def drain(self):
        while select.select([self.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            if not chunk:
                return
            self.pending += ANSI.sub("", self.decoder.decode(chunk)).replace("\r", "")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def terminal(bot):
    opened = []

    def start(*args):
        opened.append(Terminal(bot.url, *args))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


def printed(replies):
    """What the client prints for these REST replies (and the hints of their buttons)."""
    lines, buttons = [], []
    for r in replies:
        lines += reply_lines(r, COLS)
        buttons = buttons_of(r) or buttons
    return "\n".join(lines + hint_lines(buttons, COLS)) + "\n\n"


def rest_conversation(bot, *messages):
    """The replies to `messages`, one list per message, in a new REST conversation."""
    sender = "expect-" + uuid.uuid4().hex[:8]
    return [bot.say(sender, m) for m in messages]


# ----------------------------------------------------------------------------- pure parts
def test_hints_are_numbered_on_one_line_when_they_fit():
    buttons = [{"title": "Module 1", "payload": "a"}, {"title": "Module 2", "payload": "b"}]
    assert hint_lines(buttons, 80) == ["1) Module 1  2) Module 2"]
    assert hint_lines(buttons, 15) == ["1) Module 1", "2) Module 2"]
    assert hint_lines([], 80) == []


# ----------------------------------------------------------------------------- with the bot
def test_only_the_greeting_before_the_first_prompt(bot, terminal):
    t = terminal()
    first = t.until_prompt()
    (greeting,) = rest_conversation(bot, DEFAULT_GREETING)
    assert greeting, "the bot gave no greeting"
    assert first == printed(greeting)  # nothing else: no warnings, no INFO lines, no banner
    assert not NOISE.search(first), first
    t.key(b"/stop\n")
    assert t.wait() == 0


def test_the_greeting_can_be_changed_or_left_out(bot, terminal):
    assert terminal("--greeting", "hello").until_prompt() == printed(rest_conversation(bot, "hello")[0])
    assert terminal("--greeting", "").until_prompt() == ""


def test_numbered_hints_after_the_speakers_and_a_number_picks(bot, terminal):
    speakers, third = rest_conversation(bot, "who spoke at the event", "3")[0], None
    buttons = buttons_of(speakers[-1])
    assert len(buttons) >= 3, speakers
    third = rest_conversation(bot, "who spoke at the event", buttons[2]["payload"])[1]
    t = terminal()
    t.until_prompt()
    shown = t.turn("who spoke at the event")
    assert shown == printed(speakers)
    for n, b in enumerate(buttons, 1):
        assert f"{n}) {b['title']}" in shown
    picked = t.turn("3")
    assert picked == f"-> {buttons[2]['title']}\n" + printed(third)
    assert "Zakieva" in picked  # the third of the four speakers, as the list numbers them


def test_typed_question_after_the_list_is_sent_as_typed(bot, terminal):
    question = "what did the third one say?"
    _, typed = rest_conversation(bot, "who spoke at the event", question)
    speakers = rest_conversation(bot, "who spoke at the event")[0]
    first_button = buttons_of(speakers[-1])[0]
    _, first = rest_conversation(bot, "who spoke at the event", first_button["payload"])
    t = terminal()
    t.until_prompt()
    t.turn("who spoke at the event")
    answer = t.turn(question)
    assert answer == printed(typed)
    assert "Zakieva" in answer  # about the third speaker ...
    assert answer != printed(first)  # ... not the first, the highlighted button of a menu
    assert "Zhumadildaeva" not in answer


def test_a_number_that_is_no_hint_is_text(bot, terminal):
    t = terminal("--greeting", "")
    t.until_prompt()
    assert t.turn("150") == printed(rest_conversation(bot, "150")[0])


def test_restart_starts_a_new_conversation(bot, terminal):
    t = terminal()
    greeting = t.until_prompt()
    t.turn("who spoke at the event")
    assert t.turn("/restart") == "(new conversation)\n" + greeting


@pytest.mark.parametrize("leave", [b"/stop\n", b"\x04", b"\x03"], ids=["stop", "ctrl-d", "ctrl-c"])
def test_leaving_is_clean(bot, terminal, leave):
    t = terminal("--greeting", "")
    t.until_prompt()
    # CPython's readline prints the prompt, then select()s on the terminal: a SIGINT in
    # between only sets a flag, seen at the next key. No typist is that fast; a test is.
    time.sleep(0.3)
    t.key(leave)
    assert t.wait() == 0
    assert "Traceback" not in t.pending and "KeyboardInterrupt" not in t.pending, t.pending


def test_ctrl_c_while_waiting_for_a_reply_is_clean(bot, terminal):
    t = terminal("--greeting", "")
    t.until_prompt()
    t.key(b"how many ombudsmen attended?\n")
    time.sleep(0.05)
    t.key(b"\x03")
    assert t.wait() == 0
    assert "Traceback" not in t.pending, t.pending
