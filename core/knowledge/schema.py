"""The knowledge file's schema: one record type per section, and the checks of one record.

Every text a user reads is written in English, Russian and Kazakh (`{en: ..., ru: ..., kk: ...}`,
a `Localized` field). A record that lacks a language, and a translation whose numbers (digits)
or `{placeholders}` differ from the English, are refused: a translation adds nothing. Checks
across records (sources, references) are in base.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Dict, Optional, Tuple, Type, TypeVar

from core.lexicon import LANGUAGES

# A text in every language of LANGUAGES: {"en": "...", "ru": "...", "kk": "..."}.
Localized = Dict[str, str]
Parts = Dict[str, Localized]  # one fact of a record each ("cost", "hours"), for a narrow question


def tr(value: Localized, lang: Optional[str]) -> str:
    """`value` in `lang` (English when `lang` is not one of LANGUAGES)."""
    return value.get(lang or LANGUAGES[0]) or value[LANGUAGES[0]]


class KnowledgeError(ValueError):
    """The knowledge file is missing, unreadable or malformed."""


# --- records ---------------------------------------------------------------------------------
# Each record lists its fields in order; a field with a default is optional in the file.


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    # the publisher's name as Russian and Kazakh readers know it, where it has one
    publisher_ru: Optional[str] = None
    publisher_kk: Optional[str] = None


@dataclass(frozen=True)
class Contact:
    id: str
    number: str
    name: Localized
    text: Localized
    sources: Tuple[str, ...]
    crisis: bool = False
    aliases: Tuple[str, ...] = ()
    short: Optional[Localized] = None
    parts: Optional[Parts] = None


@dataclass(frozen=True)
class Answer:
    id: str
    intents: Tuple[str, ...]
    text: Localized
    sources: Tuple[str, ...]
    person: Optional[str] = None  # the person the answer is about, so "what did she say?" follows
    short: Optional[Localized] = None
    parts: Optional[Parts] = None


@dataclass(frozen=True)
class Module:
    id: str
    number: int
    title: Localized
    aliases: Tuple[str, ...]
    text: Localized
    sources: Tuple[str, ...]
    short: Optional[Localized] = None


@dataclass(frozen=True)
class Person:
    id: str
    title: Localized
    name: Localized
    pronoun: str
    aliases: Tuple[str, ...]
    role: Localized
    quote: Localized
    sources: Tuple[str, ...]
    short: Optional[Localized] = None


@dataclass(frozen=True)
class Topic:
    id: str
    name: Localized
    module: int
    aliases: Tuple[str, ...]
    text: Localized
    sources: Tuple[str, ...]
    advice: Optional[Localized] = None
    advice_adult: Optional[Localized] = None  # the same advice for a parent or teacher (Вы, Сіз)
    short: Optional[Localized] = None


@dataclass(frozen=True)
class Definition:
    """A word a child may not know, in one plain line ("what is an ombudsman?")."""
    id: str
    text: Localized
    aliases: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Notice:
    """A message the channels send on their own (empty message, too long, no reply)."""
    id: str
    text: Localized


@dataclass(frozen=True)
class Phrase:
    """A piece of wording the replies are built with ("Source: {publishers}."); `formal`: the
    same for an adult reader (Russian Вы, Kazakh Сіз)."""
    id: str
    text: Localized
    formal: Optional[Localized] = None


SECTIONS: Dict[str, type] = {
    "sources": Source,
    "contacts": Contact,
    "answers": Answer,
    "modules": Module,
    "people": Person,
    "topics": Topic,
    "definitions": Definition,
    "notices": Notice,
    "phrases": Phrase,
}
LOCALIZED_FIELDS = ("name", "title", "text", "role", "quote", "advice", "advice_adult", "short")

R = TypeVar("R")
PLACEHOLDER = re.compile(r"\{(\w+)\}")

_TYPES: Dict[str, Tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "Tuple[str, ...]": (list,),
    "Optional[str]": (str, type(None)),
    "Localized": (dict,),
    "Optional[Localized]": (dict, type(None)),
    "Optional[Parts]": (dict, type(None)),
}
_DIGITS = re.compile(r"\d+")


def _localized(value: Dict[Any, Any], name: str, where: str) -> Localized:
    """Check a {en, ru, kk} mapping: every language present, non-empty text, the same numbers
    (digits) and {placeholders} as the English."""
    missing = [lang for lang in LANGUAGES if lang not in value]
    if missing:
        raise KnowledgeError(f"{where}: field {name!r} lacks language(s) {', '.join(map(repr, missing))}"
                             f" (each text needs {', '.join(LANGUAGES)})")
    unknown = sorted(map(str, set(value) - set(LANGUAGES)))
    if unknown:
        raise KnowledgeError(f"{where}: field {name!r} has unknown language(s) "
                             f"{', '.join(map(repr, unknown))}; allowed: {', '.join(LANGUAGES)}")
    for lang in LANGUAGES:
        if not isinstance(value[lang], str) or not value[lang].strip():
            raise KnowledgeError(f"{where}: field {name!r} in {lang!r} must be non-empty text")
    english = value[LANGUAGES[0]]
    for lang in LANGUAGES[1:]:
        for what, pattern in (("numbers", _DIGITS), ("placeholders", PLACEHOLDER)):
            want, got = set(pattern.findall(english)), set(pattern.findall(value[lang]))
            if want != got:
                extra, lost = sorted(got - want), sorted(want - got)
                detail = "; ".join(x for x in (f"added {', '.join(extra)}" if extra else "",
                                               f"missing {', '.join(lost)}" if lost else "") if x)
                raise KnowledgeError(f"{where}: field {name!r}: the {lang!r} text has other "
                                     f"{what} than the English ({detail})")
    return {lang: value[lang] for lang in LANGUAGES}


def locate(path: Path, section: str, index: int, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"{path.name}: {section}[{index}]" + (f" (id {ident!r})" if ident else "")


def record(cls: Type[R], raw: Any, where: str) -> R:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: expected a mapping of fields, got {type(raw).__name__}")
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise KnowledgeError(
            f"{where}: unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(known)}"
        )
    values: Dict[str, Any] = {}
    for name, f in known.items():
        if name not in raw:
            if f.default is f.default_factory:  # both MISSING: the field is required
                raise KnowledgeError(f"{where}: missing field {name!r}")
            continue
        value = raw[name]
        expected = _TYPES[str(f.type)]
        # bool is an int in Python; keep `number: true` from passing as a module number
        if not isinstance(value, expected) or (bool not in expected and isinstance(value, bool)):
            want = " or ".join(t.__name__ for t in expected if t is not type(None))
            raise KnowledgeError(
                f"{where}: field {name!r} must be {want}, got {type(value).__name__}"
            )
        if isinstance(value, str) and not value.strip():
            raise KnowledgeError(f"{where}: field {name!r} is empty")
        if isinstance(value, dict) and name == "parts":
            value = {str(part): _localized(v if isinstance(v, dict) else {}, f"parts.{part}", where)
                     for part, v in value.items()}
        elif isinstance(value, dict):
            value = _localized(value, name, where)
        if isinstance(value, list):
            if not all(isinstance(v, str) and v.strip() for v in value):
                raise KnowledgeError(f"{where}: field {name!r} must be a list of non-empty strings")
            value = tuple(v.strip() for v in value)
        values[name] = value
    return cls(**values)


