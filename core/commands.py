"""Messages that mean one thing on every channel, whatever the classifier says: "/start"
(greet), "/help" and the safe words ("SOS", "помогите", "көмек": the helplines at any moment),
a bare yes or no ("no", "нет", "жоқ": the answer to the danger question).
Plain Python; the NLU component addons/nlu/commands.py applies it."""

from __future__ import annotations

import re
from typing import Optional

from core.lexicon import COMMANDS, NO_WORDS, SAFE_WORDS, YES_WORDS, normalise

# "/start", "/help", "/start@SomeBot" (Telegram adds the bot's name in groups)
_COMMAND = re.compile(r"^\s*/([a-z]+)(?:@\w+)?\s*$", re.IGNORECASE)


def intent_of(text: str) -> Optional[str]:
    """The intent a command or a safe word stands for, or None for any other message."""
    m = _COMMAND.match(text or "")
    if m:
        return COMMANDS.get(m.group(1).lower())
    norm = normalise(text or "")
    if norm in SAFE_WORDS:
        return "safe_word"
    return "affirm" if norm in YES_WORDS else "deny" if norm in NO_WORDS else None


def is_command(text: str) -> bool:
    """A "/name" command this module knows (not "/lang", not an "/intent" payload)."""
    m = _COMMAND.match(text or "")
    return bool(m and m.group(1).lower() in COMMANDS)
