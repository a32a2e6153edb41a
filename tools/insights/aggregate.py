"""The counts of the insights report, in one pass over the conversations (counts only: no text,
no sender id leaves this module).

Definitions (docs/insights.md says them for readers):
- a *message* is a user message other than feedback; a *conversation* a sender with one or more;
  its day is that of its first message, in the deployment's time zone (UTC+5 by default);
- a *fallback* is a message the assistant gave the honest reply to (`kind: honest` of its reply;
  for replies stored without it, a message classified `nlu_fallback`), *out of scope* one of
  those classified `out_of_scope`;
- a *crisis reply* is a reply of the crisis conversation (addons/channels/feedback.py), a
  *disclosure* a message classified `crisis` (its kind of harm: the `crisis_kind` entity), a
  *correction* a `crisis_correction` message ("that's not what I meant") right after a crisis reply;
- *feedback* is about the last reply before it (the answer's knowledge entry id, or the response);
- a *rephrasing* is a message within `rephrase_seconds` of the one before, different from it but
  at least `rephrase_similarity` alike (character trigrams): the earlier reply did not help.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter, defaultdict
from typing import Any, Dict, Iterable, List, Optional

from tools.insights.turns import CORRECTION, OUT_OF_SCOPE, UNKNOWN, Turn, grams, normalise, similarity

REPHRASE_SECONDS = 300.0
REPHRASE_SIMILARITY = 0.4
PER_DAY = ("conversations", "messages", "fallbacks", "out_of_scope", "crisis_replies", "disclosures", "corrections")


def rephrased(before: Turn, after: Turn, seconds: float = REPHRASE_SECONDS,
              threshold: float = REPHRASE_SIMILARITY) -> bool:
    """Whether `after` says again what `before` said, in other words (see the module's docstring)."""
    if after.ts - before.ts > seconds or before.crisis or after.helpful:
        return False
    a, b = normalise(before.text), normalise(after.text)
    return a != b and similarity(grams(a), grams(b)) >= threshold


class Insights:
    """Add conversations (their turns) one by one; `result()` is the report's JSON."""

    def __init__(self, tz_hours: float = 5.0, rephrase_seconds: float = REPHRASE_SECONDS,
                 rephrase_similarity: float = REPHRASE_SIMILARITY) -> None:
        self.offset, self.rephrase = tz_hours * 3600, (rephrase_seconds, rephrase_similarity)
        self.tz_hours = tz_hours
        self.day: Dict[str, Counter] = defaultdict(Counter)
        self.lang_messages, self.lang_conversations = Counter(), Counter()
        self.channel_messages, self.channel_conversations = Counter(), Counter()
        self.intents, self.lengths = Counter(), Counter()
        self.per_lang: Dict[str, Counter] = defaultdict(Counter)
        self.crisis_responses, self.kinds = Counter(), Counter()
        self.feedback: Dict[str, Counter] = defaultdict(Counter)
        self.answers: Dict[str, Counter] = defaultdict(Counter)
        self._days: Dict[int, str] = {}

    def day_of(self, ts: float) -> str:
        index = int((ts + self.offset) // 86400)
        if index not in self._days:
            self._days[index] = time.strftime("%Y-%m-%d", time.gmtime(index * 86400))
        return self._days[index]

    def add(self, turns: List[Turn]) -> None:
        messages = [t for t in turns if not t.helpful]
        if not messages:
            return
        self.day[self.day_of(messages[0].ts)]["conversations"] += 1
        self.lang_conversations[messages[-1].lang] += 1
        self.channel_conversations[messages[0].channel] += 1
        self.lengths[len(messages)] += 1
        previous: Optional[Turn] = None
        for turn in turns:
            if turn.helpful:
                self._feedback(turn, previous)
            else:
                self._message(turn, previous)
            previous = turn
        self._rephrasings(messages)

    def _message(self, turn: Turn, previous: Optional[Turn]) -> None:
        day, lang = self.day[self.day_of(turn.ts)], self.per_lang[turn.lang]
        day["messages"] += 1
        lang["messages"] += 1
        self.lang_messages[turn.lang] += 1
        self.channel_messages[turn.channel] += 1
        self.intents[turn.intent] += 1
        if turn.honest and turn.intent != OUT_OF_SCOPE:
            day["fallbacks"] += 1
            lang["fallbacks"] += 1
        elif turn.honest:
            day["out_of_scope"] += 1
            lang["out_of_scope"] += 1
        elif turn.intent == "crisis":
            day["disclosures"] += 1
            self.kinds[turn.kind or "unspecified"] += 1
        elif turn.intent == CORRECTION and previous and any(r.crisis for r in previous.replies):
            day["corrections"] += 1
        for reply in turn.replies:
            if reply.crisis:
                day["crisis_replies"] += 1
                self.crisis_responses[reply.name] += 1
            else:
                self.answers[reply.name]["shown"] += 1

    def _feedback(self, turn: Turn, previous: Optional[Turn]) -> None:
        rated = previous.last.name if previous and previous.last else UNKNOWN
        self.feedback[rated][turn.helpful or ""] += 1
        if turn.helpful == "down":
            self.answers[rated]["down"] += 1

    def _rephrasings(self, messages: List[Turn]) -> None:
        for before, after in zip(messages, messages[1:], strict=False):
            if before.last and not before.last.crisis and rephrased(before, after, *self.rephrase):
                self.answers[before.last.name]["rephrased"] += 1

    def add_all(self, conversations: Iterable[List[Turn]]) -> Insights:
        for turns in conversations:
            self.add(turns)
        return self

    def result(self, top: int = 15) -> Dict[str, Any]:
        return build_result(self, top)


def _sorted(counter: Counter) -> Dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))))


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def length_summary(lengths: Counter) -> Dict[str, Any]:
    values = sorted(lengths.elements())
    if not values:
        return {"median": 0, "mean": 0, "p90": 0, "histogram": {}}
    return {"median": statistics.median(values), "mean": round(statistics.fmean(values), 2),
            "p90": values[min(len(values) - 1, int(0.9 * len(values)))],
            "histogram": {str(n): lengths[n] for n in sorted(lengths)}}


def build_result(s: Insights, top: int) -> Dict[str, Any]:
    per_day = [{"day": d, **{k: s.day[d][k] for k in PER_DAY}} for d in sorted(s.day)]
    for row in per_day:
        row["fallback_rate"] = _rate(row["fallbacks"], row["messages"])
        row["out_of_scope_rate"] = _rate(row["out_of_scope"], row["messages"])
    totals = {k: sum(row[k] for row in per_day) for k in PER_DAY}
    totals["feedback_up"] = sum(c["up"] for c in s.feedback.values())
    totals["feedback_down"] = sum(c["down"] for c in s.feedback.values())
    per_language = {lang: {"messages": c["messages"], "fallbacks": c["fallbacks"], "out_of_scope": c["out_of_scope"],
                           "fallback_rate": _rate(c["fallbacks"], c["messages"]),
                           "out_of_scope_rate": _rate(c["out_of_scope"], c["messages"])}
                    for lang, c in sorted(s.per_lang.items())}
    feedback = sorted(({"answer": a, "up": c["up"], "down": c["down"], "ratio": _rate(c["up"], c["up"] + c["down"])}
                       for a, c in s.feedback.items()), key=lambda r: (-(r["up"] + r["down"]), r["answer"]))
    trouble = sorted(({"answer": a, "shown": c["shown"], "rephrased": c["rephrased"], "down": c["down"],
                       "rate": _rate(c["rephrased"] + c["down"], c["shown"])}
                      for a, c in s.answers.items() if c["rephrased"] + c["down"]),
                     key=lambda r: (-(r["rephrased"] + r["down"]), r["answer"]))[:top]
    return {
        "timezone_hours": s.tz_hours, "totals": totals, "per_day": per_day,
        "languages": {"messages": _sorted(s.lang_messages), "conversations": _sorted(s.lang_conversations)},
        "channels": {"messages": _sorted(s.channel_messages), "conversations": _sorted(s.channel_conversations)},
        "intents": _sorted(s.intents), "per_language": per_language,
        "crisis": {"replies_by_response": _sorted(s.crisis_responses), "disclosures_by_kind": _sorted(s.kinds),
                   "correction_rate": _rate(totals["corrections"], totals["disclosures"])},
        "feedback": feedback, "length": length_summary(s.lengths), "trouble": trouble,
    }
