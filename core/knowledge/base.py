"""The validated content of the knowledge file (knowledge/knowledge.yml), with look-ups by id.

A broken file raises `KnowledgeError` whose message names the file and the entry, e.g.
``knowledge.yml: people[2] (id 'dinara_zakieva'): missing field 'quote'``. Records and the checks
of one record are in schema.py; what a message points at is worked out in core/resolve.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence

import yaml

from core.knowledge.schema import (
    _DIGITS,
    LOCALIZED_FIELDS,
    PLACEHOLDER,
    SECTIONS,
    Answer,
    Contact,
    Definition,
    KnowledgeError,
    Localized,
    Module,
    Person,
    Source,
    Topic,
    locate,
    record,
    tr,
)
from core.lexicon import LANGUAGES
from core.wording import NOTICE_VARIABLES, PHRASE_VARIABLES, REQUIRED_NOTICES

DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / "knowledge" / "knowledge.yml"


def _parse(data: Any, path: Path) -> Dict[str, List[Any]]:
    """Each section's records, checked one by one (schema.py) and for duplicate ids."""
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path.name}: the file must be a mapping with the sections "
                             f"{', '.join(SECTIONS)}")
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise KnowledgeError(f"{path.name}: unknown section(s) {', '.join(map(repr, unknown))}; "
                             f"allowed: {', '.join(SECTIONS)}")
    parsed: Dict[str, List[Any]] = {}
    for section, cls in SECTIONS.items():
        raw = data.get(section)
        if not isinstance(raw, list) or not raw:
            raise KnowledgeError(f"{path.name}: section {section!r} must be a non-empty list")
        records: List[Any] = [record(cls, item, locate(path, section, i, item)) for i, item in enumerate(raw)]
        seen: Dict[str, int] = {}
        for i, rec in enumerate(records):
            if rec.id in seen:
                raise KnowledgeError(f"{locate(path, section, i, raw[i])}: duplicate id, "
                                     f"already used by {section}[{seen[rec.id]}]")
            seen[rec.id] = i
        parsed[section] = records
    return parsed


class Knowledge:
    """The validated content of the knowledge file, with look-ups by id."""

    def __init__(self, data: Any, path: Path = DEFAULT_PATH) -> None:
        self.path = path
        parsed = _parse(data, path)
        self.sources: List[Source] = parsed["sources"]
        self.contacts: List[Contact] = parsed["contacts"]
        self.answers: List[Answer] = parsed["answers"]
        self.modules: List[Module] = parsed["modules"]
        self.people: List[Person] = parsed["people"]
        self.topics: List[Topic] = parsed["topics"]
        self.definitions: List[Definition] = parsed.get("definitions", [])
        self.notices: Dict[str, Localized] = {n.id: n.text for n in parsed["notices"]}
        self.phrases: Dict[str, Localized] = {p.id: p.text for p in parsed["phrases"]}
        self.formal_phrases: Dict[str, Localized] = {p.id: p.formal for p in parsed["phrases"] if p.formal}
        self._check_wording(data)
        self._check_records(data)

    # -- validation across entries --------------------------------------------------------------
    def _check_wording(self, data: Dict[str, Any]) -> None:
        """Notices and phrases: the ones the code fills in (core/wording.py), with its variables."""
        for i, notice in enumerate(data["notices"]):
            self._check_placeholders(self.notices[notice["id"]],
                                     f"{locate(self.path, 'notices', i, notice)}: field 'text'",
                                     NOTICE_VARIABLES)
        missing = [n for n in REQUIRED_NOTICES if n not in self.notices]
        if missing:
            raise KnowledgeError(f"{self.path.name}: section 'notices' lacks {', '.join(map(repr, missing))}")
        for i, phrase in enumerate(data["phrases"]):
            where = f"{locate(self.path, 'phrases', i, phrase)}: field 'text'"
            if phrase["id"] not in PHRASE_VARIABLES:
                raise KnowledgeError(f"{where}: no reply uses this phrase; known: "
                                     f"{', '.join(PHRASE_VARIABLES)}")
            self._check_placeholders(self.phrases[phrase["id"]], where, PHRASE_VARIABLES[phrase["id"]])
        missing = [n for n in PHRASE_VARIABLES if n not in self.phrases]
        if missing:
            raise KnowledgeError(f"{self.path.name}: section 'phrases' lacks {', '.join(map(repr, missing))}")

    def _check_records(self, data: Dict[str, Any]) -> None:
        """Sources, placeholders and references of every fact record; one answer per intent."""
        intents_seen: Dict[str, str] = {}
        for section in SECTIONS:
            if section in ("sources", "notices", "phrases", "definitions"):
                continue
            for i, rec in enumerate(getattr(self, section)):
                where = locate(self.path, section, i, data[section][i])
                self._check_record(rec, where)
                for intent in getattr(rec, "intents", ()):
                    if intent in intents_seen:
                        raise KnowledgeError(f"{where}: intent {intent!r} is already answered "
                                             f"by {intents_seen[intent]!r}")
                    intents_seen[intent] = rec.id
        if not any(c.crisis for c in self.contacts):
            raise KnowledgeError(f"{self.path.name}: no contact is marked 'crisis: true'")

    def _check_record(self, rec: Any, where: str) -> None:
        source_ids = {s.id for s in self.sources}
        for src in rec.sources:
            if src not in source_ids:
                raise KnowledgeError(f"{where}: unknown source {src!r}; add it to 'sources' first")
        if not rec.sources:
            raise KnowledgeError(f"{where}: field 'sources' must name at least one source")
        for name in LOCALIZED_FIELDS:
            value = getattr(rec, name, None)
            if value:
                self._check_placeholders(value, f"{where}: field {name!r}")
        self._check_short(rec, where)
        if isinstance(rec, Contact) and not rec.number.isdigit():
            raise KnowledgeError(f"{where}: field 'number' must be digits only")
        if isinstance(rec, Person) and rec.pronoun not in ("he", "she", "they"):
            raise KnowledgeError(f"{where}: field 'pronoun' must be he, she or they")
        if isinstance(rec, Topic) and rec.module not in {m.number for m in self.modules}:
            raise KnowledgeError(f"{where}: field 'module' names no module ({rec.module})")
        if isinstance(rec, Answer) and rec.person and not self.person(rec.person):
            raise KnowledgeError(f"{where}: field 'person' names no person ({rec.person!r})")

    def _check_short(self, rec: Any, where: str) -> None:
        """A short version or a part says no number and no contact its record does not."""
        full = getattr(rec, "text", None) or getattr(rec, "role", None)
        if not full:
            return
        allowed = set(_DIGITS.findall(full[LANGUAGES[0]])) | set(PLACEHOLDER.findall(full[LANGUAGES[0]]))
        for name, value in [("short", getattr(rec, "short", None)),
                            *[(f"parts.{p}", v) for p, v in (getattr(rec, "parts", None) or {}).items()]]:
            if not value:
                continue
            said = set(_DIGITS.findall(value[LANGUAGES[0]])) | set(PLACEHOLDER.findall(value[LANGUAGES[0]]))
            if said - allowed:
                raise KnowledgeError(f"{where}: field {name!r} says {', '.join(sorted(said - allowed))}, "
                                     f"which the record's text does not")
            self._check_placeholders(value, f"{where}: field {name!r}")

    def _check_placeholders(self, text: Localized, where: str, variables: Sequence[str] = ()) -> None:
        known = {c.id for c in self.contacts} | set(variables)
        for name in PLACEHOLDER.findall(text[LANGUAGES[0]]):  # the same in every language
            if name not in known:
                raise KnowledgeError(f"{where}: placeholder {{{name}}} names no contact; "
                                     f"known: {', '.join(sorted(known))}")

    # -- loading ----------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH) -> Knowledge:
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
        return " ".join(PLACEHOLDER.sub(lambda m: values[m.group(1)], tr(text, lang)).split())

    def phrase(self, phrase_id: str, lang: Optional[str] = None, /, **variables: Any) -> str:
        return self.render(self.phrases[phrase_id], lang, **variables)

    def say(self, phrase_id: str, lang: Optional[str], adult: bool, /, **variables: Any) -> str:
        """The phrase in the register of the reader: formal for an adult, where it has one."""
        text = self.formal_phrases.get(phrase_id) if adult else None
        return self.render(text or self.phrases[phrase_id], lang, **variables)

    def cite(self, source_ids: Iterable[str], lang: Optional[str] = None) -> str:
        by_id = {s.id: s for s in self.sources}
        names: List[str] = []
        for sid in source_ids:
            src = by_id[sid]
            name = getattr(src, f"publisher_{lang}", None) or src.publisher
            if name not in names:
                names.append(name)
        return self.phrase("source", lang, publishers="; ".join(names))

    # -- look-ups ---------------------------------------------------------------------------------
    def answer_for(self, intent: str) -> Optional[Answer]:
        return next((a for a in self.answers if intent in a.intents), None)

    def record(self, record_id: Optional[str]) -> Optional[Any]:
        """The contact, answer, module, person or topic with this id, or None."""
        for group in (self.contacts, self.answers, self.modules, self.people, self.topics):
            for rec in group:
                if rec.id == record_id:
                    return rec
        return None

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
