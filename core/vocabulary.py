"""The words of the assistant's domain, to tell a question about something nearby that the
sources do not cover ("who is the minister of culture?", "can a 14-year-old open a bank
account?") from one they answer.

`known`: every word of the knowledge file (all three languages, aliases included), of the
training examples of the intents it answers and of the follow-up cues (core/cues.py: "cost",
"free", "night"). `off_domain`: the words of the out-of-scope
training examples that are not known. A word of a message is off-domain when it is in
`off_domain`, and unknown when it is in neither (a Russian or Kazakh word is compared by its
first five letters, an English one also without a plural or -ed/-ing ending). Built once per
process from the files (data/nlu*.yml, the knowledge file), again when they change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, FrozenSet, Iterable, Iterator, List, Optional, Tuple

import yaml

from core.cues import CUES
from core.lexicon import normalise

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OFF_DOMAIN_INTENTS = frozenset({"out_of_scope"})
IGNORED_INTENTS = frozenset({"crisis", "distress", "feedback"})  # their words say nothing of topics

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")
STEM = 5


def words(norm: str) -> List[str]:
    return _WORD.findall(norm)


def examples(path: Path) -> Iterator[Tuple[str, str]]:
    """(intent, example text) of a Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for block in data.get("nlu") or []:
        if not isinstance(block, dict) or "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield block["intent"], _ANNOTATION.sub(r"\1", line[2:])


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def _key(word: str) -> str:
    return word[:STEM] if _CYRILLIC.search(word) and len(word) > STEM else word


@dataclass(frozen=True)
class Vocabulary:
    known: FrozenSet[str]
    off_domain: FrozenSet[str]

    @classmethod
    def build(cls, knowledge_data: Any, nlu_files: Iterable[Path]) -> Vocabulary:
        known: set[str] = {_key(w) for forms in CUES.values() for f in forms for w in words(normalise(f))}
        off: set[str] = set()
        for text in _texts({s: v for s, v in (knowledge_data or {}).items() if s != "sources"}):
            known.update(_key(w) for w in words(normalise(text)))
        for path in nlu_files:
            for intent, text in examples(path):
                if intent in IGNORED_INTENTS:
                    continue
                (off if intent in OFF_DOMAIN_INTENTS else known).update(
                    _key(w) for w in words(normalise(text)))
        return cls(frozenset(known), frozenset(off - known))

    def _is_known(self, word: str) -> bool:
        if _key(word) in self.known:
            return True
        if _CYRILLIC.search(word):  # a short inflected form: "чате" of "чат"
            return any(word[:n] in self.known for n in range(max(3, len(word) - 2), len(word)))
        return any(word.endswith(end) and word[: -len(end)] in self.known
                   for end in ("s", "es", "'s", "ed", "ing", "d"))

    def knows(self, word: str) -> bool:
        """The word (or a form of it) is the domain's."""
        return self._is_known(word)

    def off_domain_words(self, norm: str) -> List[str]:
        """The words of the normalised text that only off-topic questions use."""
        return [w for w in words(norm) if not self._is_known(w) and _key(w) in self.off_domain]

    def unknown_words(self, norm: str) -> List[str]:
        """The words of 4+ letters in neither the domain's nor the off-topic vocabulary."""
        return [w for w in words(norm) if len(w) >= 4 and not self._is_known(w)
                and _key(w) not in self.off_domain]


_cache: Optional[Tuple[Tuple[float, ...], Vocabulary]] = None


def vocabulary(knowledge_path: Path, data_dir: Path = DATA_DIR) -> Vocabulary:
    """The vocabulary of this knowledge file and the NLU data (rebuilt when a file changes);
    with no NLU data (an action server deployed without data/) only the knowledge file's."""
    global _cache
    files = sorted(data_dir.glob("nlu*.yml")) if data_dir.is_dir() else []
    stamp = tuple(p.stat().st_mtime for p in [knowledge_path, *files] if p.exists())
    if _cache is None or _cache[0] != stamp:
        data = yaml.safe_load(knowledge_path.read_text(encoding="utf-8"))
        _cache = (stamp, Vocabulary.build(data, files))
    return _cache[1]
