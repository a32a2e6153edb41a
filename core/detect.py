"""Which language a message is written in (English, Russian or Kazakh), and whether it asks for
one. Plain Python: the NLU component (addons/nlu/language_detector.py), the channels' guard and
the action use it; the word lists are in core/lexicon.py.

`detect()` answers only when the message says enough:
- Kazakh: Cyrillic with a letter only Kazakh uses (ә ғ қ ң ө ұ ү һ і), or Kazakh words typed
  without those letters on a Russian keyboard ("салем", "рахмет", "калай");
- Russian: Cyrillic with a Russian word, or three Cyrillic words without a Kazakh sign;
- English: Latin letters with an English word, or three Latin words.
A short or mixed message ("50?", "ok", "Zakieva", "UNICEF?") gives None: the conversation keeps
its current language (the `language` slot is simply not set). `reply_language()` is the one
rule for which language a reply is in when several are known.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

from core.lexicon import (
    DEFAULT,
    ENGLISH_WORDS,
    KAZAKH_LATIN,
    KAZAKH_LETTERS,
    KAZAKH_SUFFIX,
    KAZAKH_WORDS,
    LANGUAGE_NAMES,
    LANGUAGE_REQUESTS,
    LANGUAGES,
    RUSSIAN_LATIN,
    RUSSIAN_ORDINAL_STEMS,
    RUSSIAN_WORDS,
    fold,
)

__all__ = ["DEFAULT", "LANGUAGES", "asked_for", "choose", "command", "detect", "is_command",
           "reply_language"]

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
# "/lang ru", "/language kk", "/lang english"
_COMMAND = re.compile(r"^\s*/lang(?:uage)?\s+(\w+)\s*$", re.IGNORECASE)
_ASKED = {lang: re.compile(pattern, re.IGNORECASE) for lang, pattern in LANGUAGE_REQUESTS.items()}


def _language_name(word: str) -> Optional[str]:
    word = word.lower()
    for lang, names in LANGUAGE_NAMES.items():
        if word in names:
            return lang
    return None


def command(text: str) -> Optional[str]:
    """The language chosen by a "/lang xx" command, or None when `text` is not one (an unknown
    language name also gives None, so the caller can say what is possible)."""
    m = _COMMAND.match(text or "")
    return _language_name(m.group(1)) if m else None


def is_command(text: str) -> bool:
    return bool(_COMMAND.match(text or ""))


def asked_for(text: str) -> Optional[str]:
    """The language a message asks for ("speak Russian", "қазақша сөйле"), if exactly one."""
    found = [lang for lang, pattern in _ASKED.items() if pattern.search(text or "")]
    return found[0] if len(found) == 1 else None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if "CYRILLIC" in name:
        return "cyrillic"
    if "LATIN" in name:
        return "latin"
    return "other"


def _kazakh_score(words: Iterable[str]) -> int:
    return sum(w in KAZAKH_WORDS or bool(KAZAKH_SUFFIX.match(w)) for w in words)


def _russian_score(words: Iterable[str]) -> int:
    return sum(w in RUSSIAN_WORDS or w.startswith(RUSSIAN_ORDINAL_STEMS) for w in words)


def detect(text: str) -> Optional[str]:
    """'en', 'ru' or 'kk' when the message says which; None when it is too short or mixed."""
    letters = [c for c in text or "" if c.isalpha()]
    if not letters:
        return None
    words = [fold(w) for w in _WORD.findall(text)]
    cyr_words = [w for w in words if _script(w[0]) == "cyrillic"]
    lat_words = [w for w in words if _script(w[0]) == "latin"]
    kk_score, ru_score = _kazakh_score(cyr_words), _russian_score(cyr_words)
    kazakh = any(c in KAZAKH_LETTERS for c in text) or kk_score > ru_score
    russian = not kazakh and ru_score > kk_score
    english = any(w in ENGLISH_WORDS for w in lat_words)
    cyrillic_share = sum(_script(c) == "cyrillic" for c in letters) / len(letters)
    latin_share = sum(_script(c) == "latin" for c in letters) / len(letters)
    # Mostly one script, or words of one language only ("что такое UNICEF?" is Russian).
    if cyrillic_share >= 0.7 or ((kazakh or russian) and not english):
        if kazakh:
            return "kk"
        if russian or (len(cyr_words) >= 3 and kk_score == 0):
            return "ru"
        return None
    latin = latin_share >= 0.7 or (english and not (kazakh or russian))
    if latin and not english:
        translit = _translit(lat_words)
        if translit:
            return translit
    return "en" if latin and (english or len(lat_words) >= 3) else None


def _translit(words: Iterable[str]) -> Optional[str]:
    """'ru' or 'kk' for Russian or Kazakh typed in Latin letters (two words of its list and
    more than of the other's), else None."""
    listed = list(words)
    ru = sum(w in RUSSIAN_LATIN for w in listed)
    kk = sum(w in KAZAKH_LATIN for w in listed)
    if max(ru, kk) < 2 or ru == kk:
        return None
    return "ru" if ru > kk else "kk"


def choose(text: str, asks_for_language: bool = False, hint: Optional[str] = None) -> Optional[str]:
    """The language for this message: a "/lang" command; a request for a language when the
    message is one (`asks_for_language`: its intent is set_language, so "do psychologists speak
    Russian?" does not switch); else the message's own language; else `hint` (the widget's
    selected language); else None (the conversation keeps its language)."""
    return (command(text) or (asked_for(text) if asks_for_language else None) or detect(text)
            or (hint if hint in LANGUAGES else None))


def reply_language(*candidates: Optional[str]) -> str:
    """The first of `candidates` that is a language of LANGUAGES, else the default: e.g. this
    message's language, then the conversation's."""
    return next((c for c in candidates if c in LANGUAGES), DEFAULT)
