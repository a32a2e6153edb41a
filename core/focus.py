"""What a long message asks: the part of the text the intent classifier should read.

"Здравствуйте. Сыну 10 лет, его обижают в чате класса. Что делать?" is a question, not a
greeting: a greeting sentence in front of a question is left out. Only the classifier reads the
focus; the crisis patterns, the language detection and the answer read the whole message
(addons/nlu/focus.py puts the text back after the classifier).

Measured and left out: reading only the last question of a long message ("... what can I do?")
lost disclosures told in the sentences before it (crisis recall on the held-out sets fell from
100 % to 92-96 %), so the classifier reads every sentence but the greetings.
"""

from __future__ import annotations

import re
from typing import List

from core.lexicon import normalise, with_plain_kazakh

GREETING_WORDS = frozenset(with_plain_kazakh((
    "hi", "hello", "hey", "hiya", "good", "morning", "afternoon", "evening", "day", "dear", "bot",
    "there", "everyone", "all", "sorry", "excuse", "me", "please",
    "здравствуйте", "здравствуй", "привет", "приветствую", "добрый", "доброе", "день", "вечер",
    "утро", "бот", "извините", "простите", "пожалуйста", "скажите",
    "сәлем", "сәлеметсіз", "сәлеметсің", "бе", "ме", "қайырлы", "күн", "кеш", "таң", "ассалаумағалейкум",
    "салам", "кешіріңіз", "кешір",
)))
# A thanks or a greeting in front of a statement that asks nothing ("Thank you, that settles my
# worries for tonight.", "Благодарю, материал собран.", "Hello, I teach 7th grade in Shymkent."):
# the thanks or the greeting is the message. Longest first; a filler ("ok", "ладно") may come before.
THANKS = tuple(sorted(with_plain_kazakh((
    "thanks", "thank you", "thank u", "thanku", "thx", "tysm", "many thanks", "much appreciated",
    "cheers", "спасибо", "спасиб", "спс", "благодарю", "большое спасибо", "рахмет", "рақмет",
    "көп рахмет", "көп рақмет", "rakhmet", "rahmet", "spasibo", "spasib", "sps",
)), key=len, reverse=True))
GREETINGS = tuple(sorted(with_plain_kazakh((
    "hello", "hi", "hey", "good morning", "good afternoon", "good evening", "здравствуйте",
    "здравствуй", "привет", "добрый день", "добрый вечер", "доброе утро", "сәлем", "сәлеметсіз бе",
    "сәлеметсіз", "қайырлы күн", "қайырлы таң", "қайырлы кеш", "салам", "ассалаумағалейкум",
)), key=len, reverse=True))
FILLERS = frozenset(with_plain_kazakh(("ok", "okay", "oh", "great", "cool", "ладно", "хорошо", "ок", "жарайды", "жақсы")))
_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def is_greeting(sentence: str) -> bool:
    words = normalise(sentence).split()
    return bool(words) and all(w in GREETING_WORDS for w in words)


def courtesy(norm: str, asks: bool) -> str:
    """'thank' or 'greet' when the normalised message opens with a thanks or a greeting and asks
    nothing (`asks`: it has a question mark), a greeting in a short message only; else ''."""
    if asks:
        return ""
    words = norm.split()
    while words and words[0] in FILLERS:
        words = words[1:]
    text = " ".join(words)
    for kind, openers in (("thank", THANKS), ("greet", GREETINGS)):
        if any(text == o or text.startswith(o + " ") for o in openers) and (kind == "thank" or len(words) <= 10):
            return kind  # a greeting before a long story is no greeting only
    return ""


_MARKUP = re.compile(r"<(/?)[a-zA-Z][^>]*>(?:[^<]*</[a-zA-Z]+>)?")


def focus(text: str) -> str:
    """The part of `text` the classifier reads (the text itself when it is short or plain):
    without markup ("<script>...</script> how many came?") and without a leading greeting."""
    if "<" in (text or ""):
        bare = " ".join(_MARKUP.sub(" ", text).split())
        text = bare or text
    parts = sentences(text)
    rest = [s for s in parts if not is_greeting(s)]
    if not rest or len(parts) < 2:
        return text
    return " ".join(rest) if len(rest) < len(parts) else text


def asking(text: str) -> str:
    """The sentences of a long message that ask (those with a question mark, else the last one),
    without the situation told before them; `text` itself when it is one sentence. The check
    for a question next to the domain reads this part: the everyday words of the situation ("I'm
    preparing a lesson for 8th graders. ... What are the main principles of the Convention?") are
    not what is asked."""
    parts = [s for s in sentences(text) if not is_greeting(s)]
    if len(parts) < 2:
        return text
    questions = [s for s in parts if "?" in s]
    return " ".join(questions) if questions else parts[-1]
