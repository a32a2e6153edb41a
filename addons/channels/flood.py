"""The flood limiter of the channel layer: one sender, or one client address, sending faster
than a person can type is slowed down with a polite notice, and other users are not affected.

Each key (a sender id; a client address) may send at most `limit` messages in any `window`
seconds (a sliding window over the messages let through): a message over the limit is not
handed to Rasa (nothing is stored) and gets the `too_fast` notice, which also gives the
emergency and helpline numbers. A message that matches a crisis pattern of data/safety.yml
(the patterns of the second safety net) is never held back: it goes to Rasa at once, past the
limit. Only messages over the limit are checked against the patterns.

Environment (read when Rasa starts):

    FLOOD_SENDER_MESSAGES   20    messages per window per sender id (0: no limit)
    FLOOD_ADDRESS_MESSAGES  60    messages per window per client address (0: no limit)
    FLOOD_WINDOW_SECONDS    10    the window
    FLOOD_EXEMPT_ADDRESSES  127.0.0.1,::1   addresses the per-address limit skips (a reverse
                            proxy on the same host, e.g. the cluster's HAProxy, which limits
                            per address itself: deploy/cluster.sh); empty: none skipped

The client address is set by the channel that received the request (`client_address`, a
context variable: REST's request middleware, socket.io's message handler).
"""

from __future__ import annotations

import collections
import contextlib
import contextvars
import logging
import os
import re
import time
from pathlib import Path
from typing import Callable, Deque, Dict, List, Optional, Text

import yaml

from core.knowledge.store import knowledge
from core.notices import BUILT_IN

logger = logging.getLogger(__name__)

SAFETY_FILE = Path(__file__).resolve().parents[2] / "data" / "safety.yml"
client_address: contextvars.ContextVar[Optional[Text]] = contextvars.ContextVar("client_address", default=None)

# Built-in until the knowledge file has a `too_fast` notice (then that one is used).
TOO_FAST = {
    "en": "You are sending messages faster than I can read them. Please wait a few seconds, then "
          "send your message again. If you are in danger, call {emergency_112}; the children's "
          "helpline {helpline_150} is free, day and night.",
    "ru": "Ты отправляешь сообщения быстрее, чем я успеваю их прочитать. Подожди несколько секунд "
          "и отправь сообщение еще раз. Если тебе угрожает опасность, звони {emergency_112}; детская "
          "линия доверия {helpline_150} работает бесплатно и круглосуточно.",
    "kk": "Сен хабарламаларды мен оқып үлгергеннен жылдам жіберіп жатырсың. Бірнеше секунд күте "
          "тұрып, хабарламаңды қайта жібер. Саған қауіп төнсе, {emergency_112} нөміріне қоңырау шал; "
          "{helpline_150} балалар сенім телефоны тегін әрі тәулік бойы жұмыс істейді.",
}


def too_fast_notice(lang: Optional[Text]) -> Text:
    """The `too_fast` notice in `lang`: the knowledge file's if it has one, else the built-in
    text with the knowledge file's numbers."""
    with contextlib.suppress(Exception):  # a notice never fails
        k = knowledge()
        return k.notice("too_fast", lang) if "too_fast" in k.notices else k.render(TOO_FAST, lang)
    return BUILT_IN


class SlidingWindow:
    """At most `limit` events per key in any `window` seconds. Idle keys are forgotten, so the
    memory it takes is bounded by the keys active in the last window."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._events: Dict[Text, Deque[float]] = {}
        self._next_sweep = 0.0

    def _recent(self, key: Text, now: float) -> Deque[float]:
        times = self._events.get(key)
        if times is None:
            return collections.deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def full(self, key: Text) -> bool:
        """True when `key` has used up its `limit` in the last window."""
        return self.limit > 0 and len(self._recent(key, self.clock())) >= self.limit

    def add(self, key: Text) -> None:
        now = self.clock()
        if now >= self._next_sweep:  # forget idle keys, at most once a window
            self._events = {k: t for k, t in self._events.items() if t and t[-1] > now - self.window}
            self._next_sweep = now + self.window
        self._events.setdefault(key, collections.deque()).append(now)


_crisis: Optional[List[re.Pattern]] = None


def crisis_patterns(path: Path = SAFETY_FILE) -> List[re.Pattern]:
    """The safety net's crisis patterns (`regex:` entries named crisis*), compiled once."""
    global _crisis
    if _crisis is None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            patterns = [line.strip()[2:] for entry in data.get("nlu", [])
                        if str(entry.get("regex", "")).startswith("crisis")
                        for line in str(entry.get("examples", "")).splitlines() if line.strip().startswith("- ")]
            _crisis = [re.compile(p, re.IGNORECASE) for p in patterns]
        except (OSError, yaml.YAMLError, re.error, AttributeError) as e:
            logger.error("Flood limiter: cannot read the crisis patterns of %s (%s): nothing is held back",
                         path, type(e).__name__)
            _crisis = []
    return _crisis


def is_crisis(text: Text) -> bool:
    """A crisis pattern matches (negations are not applied: when in doubt, let it through).
    Without patterns, every message counts as one (the limiter then holds nothing back)."""
    patterns = crisis_patterns()
    return not patterns or any(p.search(text) for p in patterns)


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        logger.error("%s must be a number, not %r; using %s", name, os.environ.get(name), default)
        return default


class FloodLimiter:
    """Per-sender and per-address sliding windows; `allow` decides for one message."""

    def __init__(self, sender_limit: int = 20, address_limit: int = 60, window: float = 10.0,
                 exempt: tuple = ("127.0.0.1", "::1"), clock: Callable[[], float] = time.monotonic) -> None:
        self.senders = SlidingWindow(sender_limit, window, clock)
        self.addresses = SlidingWindow(address_limit, window, clock)
        self.exempt = frozenset(a for a in exempt if a)
        self.held = 0  # messages held back so far (for tests and logs)

    @classmethod
    def from_env(cls) -> FloodLimiter:
        exempt = os.environ.get("FLOOD_EXEMPT_ADDRESSES", "127.0.0.1,::1")
        return cls(int(_env_number("FLOOD_SENDER_MESSAGES", 20)), int(_env_number("FLOOD_ADDRESS_MESSAGES", 60)),
                   _env_number("FLOOD_WINDOW_SECONDS", 10.0), tuple(a.strip() for a in exempt.split(",")))

    def allow(self, sender: Text, address: Optional[Text], text: Optional[Text]) -> bool:
        """True when the message goes on to Rasa (counted); False when it is held back."""
        by_address = address is not None and address not in self.exempt
        full = self.senders.full(sender) or (by_address and self.addresses.full(address or ""))
        if full and not (isinstance(text, str) and is_crisis(text)):
            self.held += 1
            if self.held == 1 or self.held % 100 == 0:
                logger.warning("Flood limiter: %d message(s) held back so far (latest from %s)",
                               self.held, sender)
            return False
        self.senders.add(sender)
        if by_address:
            self.addresses.add(address or "")
        return True
