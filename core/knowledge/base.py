"""Load, validate and query the knowledge file (knowledge/knowledge.yml).

Plain Python: no Rasa import, so tests and tools use it directly. A broken file raises
`KnowledgeError` whose message names the file and the entry, e.g.
``knowledge.yml: people[2] (id 'dinara_zakieva'): missing field 'quote'``.

Every text a user reads is written in English, Russian and Kazakh (`{en: ..., ru: ..., kk: ...}`,
a `Localized` field). The loader refuses an entry that lacks a language, and a translation whose
numbers (digits) or `{placeholders}` differ from the English: a translation adds nothing.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Type, TypeVar

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "knowledge.yml"
LANGUAGES = ("en", "ru", "kk")  # the first is the default

# A text in every language of LANGUAGES: {"en": "...", "ru": "...", "kk": "..."}.
Localized = Dict[str, str]


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


@dataclass(frozen=True)
class Contact:
    id: str
    number: str
    name: Localized
    text: Localized
    sources: Tuple[str, ...]
    crisis: bool = False
    aliases: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    id: str
    intents: Tuple[str, ...]
    text: Localized
    sources: Tuple[str, ...]
    person: Optional[str] = None  # the person the answer is about, so "what did she say?" follows


@dataclass(frozen=True)
class Module:
    id: str
    number: int
    title: Localized
    aliases: Tuple[str, ...]
    text: Localized
    sources: Tuple[str, ...]


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


@dataclass(frozen=True)
class Topic:
    id: str
    name: Localized
    module: int
    aliases: Tuple[str, ...]
    text: Localized
    sources: Tuple[str, ...]
    advice: Optional[Localized] = None


@dataclass(frozen=True)
class Notice:
    """A message the channels send on their own (empty message, too long, no reply)."""
    id: str
    text: Localized


@dataclass(frozen=True)
class Phrase:
    """A piece of wording the replies are built with ("Source: {publishers}.")."""
    id: str
    text: Localized


SECTIONS: Dict[str, type] = {
    "sources": Source,
    "contacts": Contact,
    "answers": Answer,
    "modules": Module,
    "people": Person,
    "topics": Topic,
    "notices": Notice,
    "phrases": Phrase,
}
REQUIRED_NOTICES = ("empty_message", "message_too_long", "not_text", "unavailable")
NOTICE_VARIABLES = ("max_chars",)  # filled in by the channel, besides the contact numbers
# The phrases actions/answers.py uses, with the variables it fills in.
PHRASE_VARIABLES: Dict[str, Tuple[str, ...]] = {
    "source": ("publishers",),
    "module_topics": ("topics",),
    "module_button": ("number",),
    "module_button_payload": ("number",),
    "speaker_button": ("name",),
    "no_advice": ("topic", "text"),
    "which_person": ("options",),
    "which_topic": ("options",),
    "not_sure_context": (),
    "ask_modules_button": (),
    "ask_speakers_button": (),
}
LOCALIZED_FIELDS = ("name", "title", "text", "role", "quote", "advice")

R = TypeVar("R")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

_TYPES: Dict[str, Tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "Tuple[str, ...]": (list,),
    "Optional[str]": (str, type(None)),
    "Localized": (dict,),
    "Optional[Localized]": (dict, type(None)),
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
        for what, pattern in (("numbers", _DIGITS), ("placeholders", _PLACEHOLDER)):
            want, got = set(pattern.findall(english)), set(pattern.findall(value[lang]))
            if want != got:
                extra, lost = sorted(got - want), sorted(want - got)
                detail = "; ".join(x for x in (f"added {', '.join(extra)}" if extra else "",
                                               f"missing {', '.join(lost)}" if lost else "") if x)
                raise KnowledgeError(f"{where}: field {name!r}: the {lang!r} text has other "
                                     f"{what} than the English ({detail})")
    return {lang: value[lang] for lang in LANGUAGES}


def _where(path: Path, section: str, index: int, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"{path.name}: {section}[{index}]" + (f" (id {ident!r})" if ident else "")


def _record(cls: Type[R], raw: Any, where: str) -> R:
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
        if isinstance(value, dict):
            value = _localized(value, name, where)
        if isinstance(value, list):
            if not all(isinstance(v, str) and v.strip() for v in value):
                raise KnowledgeError(f"{where}: field {name!r} must be a list of non-empty strings")
            value = tuple(v.strip() for v in value)
        values[name] = value
    return cls(**values)  # type: ignore[call-arg]


class Knowledge:
    """The validated content of the knowledge file, with the look-ups the actions need."""

    def __init__(self, data: Any, path: Path = DEFAULT_PATH) -> None:
        self.path = path
        if not isinstance(data, dict):
            raise KnowledgeError(f"{path.name}: the file must be a mapping with the sections "
                                 f"{', '.join(SECTIONS)}")
        unknown = sorted(set(data) - set(SECTIONS))
        if unknown:
            raise KnowledgeError(f"{path.name}: unknown section(s) {', '.join(map(repr, unknown))}; "
                                 f"allowed: {', '.join(SECTIONS)}")
        parsed: Dict[str, list] = {}
        for section, cls in SECTIONS.items():
            raw = data.get(section)
            if not isinstance(raw, list) or not raw:
                raise KnowledgeError(f"{path.name}: section {section!r} must be a non-empty list")
            records = [_record(cls, item, _where(path, section, i, item)) for i, item in enumerate(raw)]
            seen: Dict[str, int] = {}
            for i, rec in enumerate(records):
                if rec.id in seen:
                    raise KnowledgeError(f"{_where(path, section, i, raw[i])}: duplicate id, "
                                         f"already used by {section}[{seen[rec.id]}]")
                seen[rec.id] = i
            parsed[section] = records
        self.sources: List[Source] = parsed["sources"]
        self.contacts: List[Contact] = parsed["contacts"]
        self.answers: List[Answer] = parsed["answers"]
        self.modules: List[Module] = parsed["modules"]
        self.people: List[Person] = parsed["people"]
        self.topics: List[Topic] = parsed["topics"]
        self.notices: Dict[str, Localized] = {n.id: n.text for n in parsed["notices"]}
        self.phrases: Dict[str, Localized] = {p.id: p.text for p in parsed["phrases"]}
        self._check_references(data)

    # -- validation across entries --------------------------------------------------------------
    def _check_references(self, data: Dict[str, Any]) -> None:
        source_ids = {s.id for s in self.sources}
        numbers = {m.number for m in self.modules}
        intents_seen: Dict[str, str] = {}
        for i, notice in enumerate(data["notices"]):
            self._check_placeholders(self.notices[notice["id"]],
                                     f"{_where(self.path, 'notices', i, notice)}: field 'text'",
                                     NOTICE_VARIABLES)
        missing = [n for n in REQUIRED_NOTICES if n not in self.notices]
        if missing:
            raise KnowledgeError(f"{self.path.name}: section 'notices' lacks {', '.join(map(repr, missing))}")
        for i, phrase in enumerate(data["phrases"]):
            where = f"{_where(self.path, 'phrases', i, phrase)}: field 'text'"
            if phrase["id"] not in PHRASE_VARIABLES:
                raise KnowledgeError(f"{where}: no reply uses this phrase; known: "
                                     f"{', '.join(PHRASE_VARIABLES)}")
            self._check_placeholders(self.phrases[phrase["id"]], where, PHRASE_VARIABLES[phrase["id"]])
        missing = [n for n in PHRASE_VARIABLES if n not in self.phrases]
        if missing:
            raise KnowledgeError(f"{self.path.name}: section 'phrases' lacks {', '.join(map(repr, missing))}")
        for section in SECTIONS:
            if section in ("sources", "notices", "phrases"):
                continue
            for i, rec in enumerate(getattr(self, section)):
                where = _where(self.path, section, i, data[section][i])
                for src in rec.sources:
                    if src not in source_ids:
                        raise KnowledgeError(f"{where}: unknown source {src!r}; "
                                             f"add it to 'sources' first")
                if not rec.sources:
                    raise KnowledgeError(f"{where}: field 'sources' must name at least one source")
                for name in LOCALIZED_FIELDS:
                    value = getattr(rec, name, None)
                    if value:
                        self._check_placeholders(value, f"{where}: field {name!r}")
                if isinstance(rec, Contact) and not rec.number.isdigit():
                    raise KnowledgeError(f"{where}: field 'number' must be digits only")
                if isinstance(rec, Person) and rec.pronoun not in ("he", "she", "they"):
                    raise KnowledgeError(f"{where}: field 'pronoun' must be he, she or they")
                if isinstance(rec, Topic) and rec.module not in numbers:
                    raise KnowledgeError(f"{where}: field 'module' names no module ({rec.module})")
                if isinstance(rec, Answer) and rec.person and not self.person(rec.person):
                    raise KnowledgeError(f"{where}: field 'person' names no person ({rec.person!r})")
                if isinstance(rec, Answer):
                    for intent in rec.intents:
                        if intent in intents_seen:
                            raise KnowledgeError(f"{where}: intent {intent!r} is already answered "
                                                 f"by {intents_seen[intent]!r}")
                        intents_seen[intent] = rec.id
        if not any(c.crisis for c in self.contacts):
            raise KnowledgeError(f"{self.path.name}: no contact is marked 'crisis: true'")

    def _check_placeholders(self, text: Localized, where: str, variables: Sequence[str] = ()) -> None:
        known = {c.id for c in self.contacts} | set(variables)
        for name in _PLACEHOLDER.findall(text[LANGUAGES[0]]):  # the same in every language
            if name not in known:
                raise KnowledgeError(f"{where}: placeholder {{{name}}} names no contact; "
                                     f"known: {', '.join(sorted(known))}")

    # -- loading ----------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH) -> "Knowledge":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise KnowledgeError(f"cannot read the knowledge file {path}: {e.strerror}") from None
        except UnicodeDecodeError as e:
            raise KnowledgeError(f"{path.name}: not UTF-8 text ({e.reason} at byte {e.start})") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(e, "problem", None) or str(e)
            raise KnowledgeError(f"{path.name}: not valid YAML{at}: {problem}") from None
        return cls(data, path)

    # -- rendering --------------------------------------------------------------------------------
    def render(self, text: Localized, lang: Optional[str] = None, /, **variables: Any) -> str:
        """`text` in `lang` with its {contact_id} placeholders replaced by the contact's number
        (and other {names} by `variables`); whitespace folded."""
        values = {c.id: c.number for c in self.contacts}
        values.update({k: str(v) for k, v in variables.items()})
        return " ".join(_PLACEHOLDER.sub(lambda m: values[m.group(1)], tr(text, lang)).split())

    def phrase(self, phrase_id: str, lang: Optional[str] = None, /, **variables: Any) -> str:
        return self.render(self.phrases[phrase_id], lang, **variables)

    def cite(self, source_ids: Iterable[str], lang: Optional[str] = None) -> str:
        by_id = {s.id: s for s in self.sources}
        names: List[str] = []
        for sid in source_ids:
            if by_id[sid].publisher not in names:
                names.append(by_id[sid].publisher)
        return self.phrase("source", lang, publishers="; ".join(names))

    # -- look-ups ---------------------------------------------------------------------------------
    def answer_for(self, intent: str) -> Optional[Answer]:
        return next((a for a in self.answers if intent in a.intents), None)

    def contact(self, contact_id: str) -> Contact:
        return next(c for c in self.contacts if c.id == contact_id)

    def notice(self, notice_id: str, lang: Optional[str] = None, /, **variables: Any) -> str:
        return self.render(self.notices[notice_id], lang, **variables)

    def crisis_contacts(self) -> List[Contact]:
        return [c for c in self.contacts if c.crisis]

    def module(self, number: int) -> Optional[Module]:
        return next((m for m in self.modules if m.number == number), None)

    def person(self, person_id: Optional[str]) -> Optional[Person]:
        return next((p for p in self.people if p.id == person_id), None)

    def topic(self, topic_id: Optional[str]) -> Optional[Topic]:
        return next((t for t in self.topics if t.id == topic_id), None)

    def find_person(self, text: str) -> Optional[Person]:
        return _best(self.people, text)

    def find_module(self, text: str) -> Optional[Module]:
        return _best(self.modules, text)

    def find_topic(self, text: str) -> Optional[Topic]:
        return _best(self.topics, text)

    def find_contacts(self, text: str) -> List[Contact]:
        norm = normalise(text)
        found = [c for c in self.contacts
                 if re.search(rf"(?<!\d){c.number}(?!\d)", norm) or _hits(c.aliases, norm)]
        return found


# --- text matching -------------------------------------------------------------------------------

_PUNCT = str.maketrans({c: " " for c in string.punctuation.replace("'", "") + "«»—–…“”„"})


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, ё as е, punctuation (also «» — …) to spaces, single
    spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("ё", "е")
    return " ".join(text.translate(_PUNCT).split())


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _alias_pattern(alias: str) -> str:
    """A Latin alias matches whole words; a Cyrillic one is a stem and matches the start of a
    word, so that 'закиев' finds 'Закиевой' and 'Закиеваның' (Russian and Kazakh inflect)."""
    a = re.escape(normalise(alias))
    return rf"(?<![\w']){a}" if _CYRILLIC.search(alias) else rf"(?<![\w']){a}(?![\w'])"


def _hits(aliases: Sequence[str], norm: str) -> List[str]:
    """Aliases found in normalised text, as whole words (Cyrillic ones as word starts); single
    long words also fuzzily (so 'zakharenkko' or 'cyberbulying' still match)."""
    found = [a for a in aliases if re.search(_alias_pattern(a), norm)]
    if found:
        return found
    words = [w for w in norm.split() if len(w) >= 6]
    for alias in aliases:
        a = normalise(alias)
        if " " in a or len(a) < 6:
            continue
        if any(difflib.SequenceMatcher(None, a, w).ratio() >= 0.85 for w in words):
            found.append(alias)
    return found


def _best(records: Sequence[Any], text: str) -> Any:
    """The record with the most alias hits (then the longest hit, then the earliest in the
    file); None when nothing matches."""
    norm = normalise(text)
    best, best_score = None, (0, 0)
    for rec in records:
        hits = _hits(rec.aliases, norm)
        if hits:
            score = (len(hits), max(len(h) for h in hits))
            if score > best_score:
                best, best_score = rec, score
    return best


# Ordinal words (English whole words; Russian and Kazakh stems, which take endings:
# "третьего", "үшіншісі"), and with or without the Kazakh letters.
_ORDINAL_WORDS = [
    (r"first|1st|перв\w*|бірінші\w*|биринши\w*|1-\w+", 1),
    (r"second|2nd|втор\w*|екінші\w*|екинши\w*|2-\w+", 2),
    (r"third|3rd|трет\w*|үшінші\w*|ушинши\w*|3-\w+", 3),
    (r"fourth|4th|четв[её]рт\w*|төртінші\w*|тортинши\w*|4-\w+", 4),
    (r"last|final|latter|последн\w*|соңғы\w*|сонгы\w*", -1),
]
# Cardinal numbers: "module 3", "number two", "модуль 2", "үш".
_CARDINALS = [
    (r"one|1|один|одна", 1),
    (r"two|2|два|две|екі|еки", 2),
    (r"three|3|три|үш|уш", 3),
    (r"four|4|четыре|төрт|торт", 4),
]
_ORDINAL_WORD_RE = [(re.compile(rf"(?<![\w'])(?:{words})(?![\w'])"), n) for words, n in _ORDINAL_WORDS]
_CARDINAL_RE = [(re.compile(rf"(?<![\w'])(?:{words})(?![\w'])"), n) for words, n in _CARDINALS]


def ordinal(text: str) -> Optional[int]:
    """1-4 for 'first'.., 'module 3', 'number two', 'третий', 'үшіншісі'; -1 for 'last';
    None when absent. An ordinal word wins over a bare number ('the second one' is 2, not 1);
    the earliest ordinal word wins."""
    norm = normalise(text)
    found = [(m.start(), n) for pattern, n in _ORDINAL_WORD_RE for m in [pattern.search(norm)] if m]
    if found:
        return min(found)[1]
    for pattern, n in _CARDINAL_RE:
        if pattern.search(norm):
            return n
    return None
