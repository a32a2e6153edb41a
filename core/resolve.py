"""What a message points at: the person, module, topic or contact it names, an ordinal ("the
third one", "үшіншісі"), or the conversation's context ("what did she say?").

A message's text is normalised once (`Mentions`), and each look-up over the knowledge file's
aliases is done at most once per message. Aliases match whole words (a Cyrillic alias is a stem
and matches the start of a word, so that 'закиев' finds 'Закиевой' and 'Закиеваның'); single
long words also match fuzzily ('zakharenkko', 'cyberbulying').
"""

from __future__ import annotations

import difflib
import re
from functools import cache, cached_property
from typing import Dict, List, Optional, Protocol, Sequence, Tuple, TypeVar

from core.focus import asking
from core.knowledge.base import Knowledge
from core.knowledge.schema import Contact, Module, Person, Topic
from core.lexicon import (
    CARDINALS,
    EMERGENCY_STEMS,
    ORDINALS,
    POINTING_WORDS,
    SPEAKER_WORDS,
    normalise,
    with_plain_kazakh,
)

Context = Dict[str, Optional[str]]
T = TypeVar("T")


class Aliased(Protocol):
    @property
    def aliases(self) -> Tuple[str, ...]: ...


A = TypeVar("A", bound=Aliased)

# --- aliases ------------------------------------------------------------------------------------

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _alias_re(alias: str) -> re.Pattern[str]:
    """A Latin alias matches whole words; a Cyrillic one is a stem and matches the start of a
    word (Russian and Kazakh inflect)."""
    a = re.escape(normalise(alias))
    return re.compile(rf"(?<![\w']){a}" if _CYRILLIC.search(alias) else rf"(?<![\w']){a}(?![\w'])")


def hits(aliases: Sequence[str], norm: str) -> List[str]:
    """Aliases found in normalised text, as whole words (Cyrillic ones as word starts); single
    long words also fuzzily."""
    found = [a for a in aliases if _alias_re(a).search(norm)]
    if found:
        return found
    words = [w for w in norm.split() if len(w) >= 6]
    for alias in aliases:
        a = _normalised(alias)
        if " " in a or len(a) < 6:
            continue
        if any(_close(a, w) for w in words):
            found.append(alias)
    return found


@cache
def _normalised(alias: str) -> str:
    return normalise(alias)


def _close(a: str, w: str) -> bool:
    """difflib's ratio >= 0.85, its two cheap upper bounds tried first (the same answer)."""
    if 2 * min(len(a), len(w)) < 0.85 * (len(a) + len(w)):
        return False
    m = difflib.SequenceMatcher(None, a, w)
    return m.quick_ratio() >= 0.85 and m.ratio() >= 0.85


def best(records: Sequence[A], norm: str) -> Optional[A]:
    """The record with the most alias hits (then the longest hit, then the earliest in the
    file); None when nothing matches."""
    found: Optional[A] = None
    best_score = (0, 0)
    for rec in records:
        matched = hits(rec.aliases, norm)
        if matched:
            score = (len(matched), max(len(h) for h in matched))
            if score > best_score:
                found, best_score = rec, score
    return found


# --- ordinals -----------------------------------------------------------------------------------

def _ordinal_words(n: int) -> str:
    forms = ORDINALS[n]
    words = list(forms["en"]) + [rf"{stem}\w*" for stem in forms["ru"]]
    words += [rf"{stem}\w*" for stem in with_plain_kazakh(forms["kk"])]
    if n > 0:
        words.append(rf"{n}-\w+")
    return "|".join(words)


_ORDINAL_RE = [(re.compile(rf"(?<![\w'])(?:{_ordinal_words(n)})(?![\w'])"), n) for n in ORDINALS]
_CARDINAL_RE = [(re.compile(rf"(?<![\w'])(?:{'|'.join(words)})(?![\w'])"), n)
                for n, words in CARDINALS.items()]


# A time of day ("at 3 a.m.", "at 3:00", "в 3 ночи", "түнгі 3-те", "сағат 3-те"): a number, not a module or a person.
_CLOCK = re.compile(
    r"(?<![\w'])\d{1,2}(?: \d{2})? (?:a m|p m|am|pm|o ?clock|at night|in the morning|in the evening"
    r"|ночи|утра|вечера|часа|часов|час)(?![\w'])"
    r"|(?<![\w'])(?:at|сағат|түнгі|таңғы|кешкі|тунги|тангы|кешки|сагат) \d{1,2}(?: \d{2})?(?: (?:те|та|де|да))?(?![\w'])")


# "which one dealt with climate?", "one of them", "the one with the QR codes": a pronoun, not module 1
_PRONOUN_ONE = re.compile(r"(?<![\w'])(?:(?:which|the|that|this|each|any|every|some|no|another|a) one"
                          r"|(?<!module )(?<!number )one (?:of|more|thing|question|day|time)"
                          r"|number one (?:thing|rule|tip|priority|problem))(?![\w'])")


def ordinal_of(norm: str) -> Optional[int]:
    """1-4 for 'first'.., 'module 3', 'number two', 'третий', 'үшіншісі'; -1 for 'last'; None
    when absent, in normalised text. An ordinal word wins over a bare number ('the second one'
    is 2, not 1); the earliest ordinal word wins. A time of day is not an ordinal."""
    norm = _PRONOUN_ONE.sub(" ", _CLOCK.sub(" ", norm))
    found = [(m.start(), n) for pattern, n in _ORDINAL_RE for m in [pattern.search(norm)] if m]
    if found:
        return min(found)[1]
    for pattern, n in _CARDINAL_RE:
        if pattern.search(norm):
            return n
    return None


def ordinal(text: str) -> Optional[int]:
    """`ordinal_of` the text as typed."""
    return ordinal_of(normalise(text))


def nth(items: Sequence[T], n: Optional[int]) -> Optional[T]:
    """The n-th item (1-based; -1 the last), or None."""
    if n is None:
        return None
    if n == -1:
        return items[-1]
    return items[n - 1] if 1 <= n <= len(items) else None


_MARKUP = re.compile(r"<(/?)[a-zA-Z][^>]*>(?:[^<]*</[a-zA-Z]+>)?")
# what is left of a script once the channel took its tags away: "alert('x')" is no word of a question
_CODE_CALL = re.compile(r"\b[A-Za-z_][\w.]*\([^()]*\);?")

# --- one message --------------------------------------------------------------------------------

class Mentions:
    """What one message names, worked out from its normalised text, each at most once."""

    def __init__(self, k: Knowledge, text: str) -> None:
        self.k = k
        self.norm = normalise(text or "")
        self.text = text or ""  # as typed (core/focus.py `courtesy` reads its clauses)
        # the words, without markup ("<script>alert(1)</script> how many came?" asks how many came)
        bare = _MARKUP.sub(" ", text or "") if "<" in (text or "") else (text or "")
        bare = _CODE_CALL.sub(" ", bare) if "(" in bare else bare
        self.plain = normalise(bare) if bare != (text or "") else self.norm
        question = asking(bare)
        self.asked = normalise(question) if question != (text or "") else self.plain  # what a long message asks

    @cached_property
    def person(self) -> Optional[Person]:
        return best(self.k.people, self.norm)

    @cached_property
    def module(self) -> Optional[Module]:
        return best(self.k.modules, self.norm)

    @cached_property
    def topic(self) -> Optional[Topic]:
        return best(self.k.topics, self.norm)

    @cached_property
    def contacts(self) -> List[Contact]:
        return [c for c in self.k.contacts
                if re.search(rf"(?<!\d){c.number}(?!\d)", self.norm) or hits(c.aliases, self.norm)]

    @cached_property
    def ordinal(self) -> Optional[int]:
        return ordinal_of(self.norm)

    @cached_property
    def speakers(self) -> bool:
        """It speaks of speakers ("the second speaker", "екінші спикер")."""
        return any(w in self.norm for w in SPEAKER_WORDS)

    @cached_property
    def pointing(self) -> bool:
        """It points back with a word like 'it', 'this', 'оны'."""
        return any(w in self.norm.split() for w in POINTING_WORDS)

    @cached_property
    def emergency(self) -> bool:
        return any(stem in self.norm for stem in EMERGENCY_STEMS)


# --- resolution against the context -----------------------------------------------------------

def person_from(said: Mentions, ctx: Context) -> Optional[Person]:
    """The person named, else the n-th speaker when speakers are the subject, else the
    conversation's person."""
    k = said.k
    p = said.person
    if p is None and (ctx.get("object_type") == "person" or said.speakers):
        p = nth(k.people, said.ordinal)
    return p or k.person(ctx.get("person"))


def module_from(said: Mentions, ctx: Context) -> Optional[Module]:
    """The n-th module, else the module named, else the conversation's module when the message
    points back at it."""
    k = said.k
    if said.ordinal is not None:
        return nth(k.modules, said.ordinal)
    m = said.module
    if m is None and ctx.get("module") and said.pointing:
        m = k.module(int(ctx["module"] or 0))
    return m


def contacts_asked(said: Mentions) -> List[Contact]:
    """The contacts named (by number or alias); else the crisis lines, or for an emergency the
    emergency number first and then the other services."""
    k = said.k
    if said.contacts:
        return said.contacts
    if said.emergency:
        return [k.contact("emergency_112")] + [c for c in k.contacts if not c.crisis]
    return k.crisis_contacts()
