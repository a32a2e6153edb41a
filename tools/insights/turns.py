"""One conversation's events as turns: each user message and the replies it got, with only
what insights count (intent, language, channel, kind of harm, feedback; each reply's name and
whether it was a crisis reply). Also the text similarity that finds a rephrasing.

A reply's name is the knowledge entry it answered from (``metadata.answer``, set by the custom
action), else the domain response (``metadata.utter_action``), else the action that sent it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, FrozenSet, List, Optional

try:  # Rasa installs ujson; it reads the events about twice as fast
    import ujson as json
except ImportError:  # pragma: no cover
    import json  # type: ignore[no-redef]

from tools.insights.contract import FEEDBACK_ENTITY, FEEDBACK_INTENT, answer_of, feedback_value, is_crisis_response

# Intents of the crisis conversation: their messages are disclosures or replies to the helplines.
CRISIS_INTENTS = frozenset({"crisis", "crisis_danger", "crisis_talk", "crisis_correction", "distress", "safe_word"})
FALLBACK, OUT_OF_SCOPE, CORRECTION = "nlu_fallback", "out_of_scope", "crisis_correction"
UNKNOWN = "unknown"
HONEST_RESPONSES = frozenset({"utter_cant_help", "utter_out_of_scope", "utter_cant_help_crisis"})


class Turn:
    """One user message and the replies to it."""

    __slots__ = ("ts", "text", "intent", "lang", "channel", "kind", "helpful", "replies")

    def __init__(self, ts: float, text: str, intent: str, lang: str, channel: str,
                 kind: Optional[str], helpful: Optional[str]) -> None:
        self.ts, self.text, self.intent, self.lang, self.channel = ts, text, intent, lang, channel
        self.kind, self.helpful = kind, helpful
        self.replies: List[Reply] = []

    @property
    def crisis(self) -> bool:
        """A message of the crisis conversation: a crisis intent, a kind of harm, or a crisis reply."""
        return self.intent in CRISIS_INTENTS or bool(self.kind) or any(r.crisis for r in self.replies)

    @property
    def honest(self) -> bool:
        """The assistant said it could not answer: an honest reply (`kind: honest`), whatever
        the classifier said. "Is it free?" classified nlu_fallback but answered from the
        conversation is no fallback; a near miss classified as a fact question is one."""
        said = [r.honest for r in self.replies if r.honest is not None]
        return any(said) if said else self.intent in (FALLBACK, OUT_OF_SCOPE)

    @property
    def last(self) -> Optional[Reply]:
        return self.replies[-1] if self.replies else None


class Reply:
    __slots__ = ("name", "crisis", "answer", "honest")

    def __init__(self, name: str, crisis: bool, answer: bool, honest: Optional[bool] = None) -> None:
        # honest: the reply said the assistant could not answer (None: a reply stored before
        # replies said so; then the message's intent decides)
        self.name, self.crisis, self.answer, self.honest = name, crisis, answer, honest


def _entities(parse: Dict[str, Any]) -> Dict[str, Any]:
    return {e.get("entity"): e.get("value") for e in parse.get("entities") or [] if isinstance(e, dict)}


def user_turn(ts: float, data: Dict[str, Any], lang: str) -> Turn:
    """The turn of one user event (`lang`: the conversation's language so far)."""
    parse = data.get("parse_data") or {}
    intent = (parse.get("intent") or {}).get("name") or UNKNOWN
    entities = _entities(parse)
    text = data.get("text") or ""
    helpful = feedback_value(text)
    if intent == FEEDBACK_INTENT and entities.get(FEEDBACK_ENTITY) in ("up", "down"):
        helpful = entities[FEEDBACK_ENTITY]
    if helpful:
        intent = FEEDBACK_INTENT
    language = entities.get("language")
    kind = entities.get("crisis_kind")
    return Turn(ts, text, intent, language if isinstance(language, str) and language else lang,
                data.get("input_channel") or UNKNOWN, kind if isinstance(kind, str) else None, helpful)


def bot_reply(data: Dict[str, Any], action: Optional[str]) -> Reply:
    metadata = data.get("metadata") or {}
    answer = answer_of(metadata)
    utter = metadata.get("utter_action")
    name = answer or (utter if isinstance(utter, str) else None) or action or UNKNOWN
    kind = metadata.get("kind")
    honest = (kind == "honest" or utter in HONEST_RESPONSES) if (kind or utter) else None
    return Reply(name, is_crisis_response(utter) or is_crisis_response(action),
                 bool(answer) and kind != "honest", honest)


def turns(rows: List[tuple]) -> List[Turn]:
    """The turns of one conversation from its rows (type_name, timestamp, action_name, data)."""
    out: List[Turn] = []
    lang, action = UNKNOWN, None
    for type_name, ts, action_name, raw in rows:
        if type_name == "action":
            action = action_name
            continue
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            continue
        if type_name == "user":
            turn = user_turn(ts or 0.0, data, lang)
            lang = turn.lang
            out.append(turn)
            action = None
        elif type_name == "bot" and out:
            out[-1].replies.append(bot_reply(data, action))
    first = next((t.lang for t in out if t.lang != UNKNOWN), UNKNOWN)
    for turn in out:  # a greeting or payload before the first tagged message: that message's language
        if turn.lang != UNKNOWN:
            break
        turn.lang = first
    return out


# --- similarity (a rephrasing; groups of the review queue) ------------------------------------
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower case, ё as е, no accents or punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def grams(text: str) -> FrozenSet[str]:
    """The character trigrams of the normalised text (words padded with spaces)."""
    padded = f" {normalise(text)} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def similarity(a: FrozenSet[str], b: FrozenSet[str]) -> float:
    """Jaccard similarity of two trigram sets (1.0: the same text)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
