"""A synthetic tracker store: conversations with Rasa 3.6's event rows (the SQLTrackerStore's
table, the same JSON: parse data with an intent ranking, slots, featurization, actions, bot
messages with their metadata), and the counts the insights report must find in it.

    .venv/bin/python -m tools.insights.generate build/insights/bench.db --conversations 100000

The counts (`Truth`) are kept while generating, by what each conversation is made to say (a
question, its answer and 👍 or 👎, a rephrasing, a fallback, an off-topic message, a disclosure
and its kind, a yes to the danger question, a correction), not by reading the store back.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

from tools.insights import samples
from tools.insights.contract import PAYLOADS

SCHEMA = ("CREATE TABLE events (id INTEGER NOT NULL, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) "
          "NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT, PRIMARY KEY (id))")
INDEX = "CREATE INDEX ix_events_sender_id ON events (sender_id)"
CHANNELS = (("socketio", 5), ("rest", 2), ("telegram", 3))
LANGUAGES = (("ru", 5), ("kk", 3), ("en", 2))
META = {"model_id": "b7426ab08b7a4dd089691f9ea7372d42", "assistant_id": "child-safety-kz"}
START = 1798761600.0  # 2027-01-01 00:00 UTC
KZ = timezone(timedelta(hours=5))


class Truth:
    """What the report must show for the generated store (the same definitions, kept apart)."""

    def __init__(self) -> None:
        self.day: Dict[str, Counter] = defaultdict(Counter)
        self.lang_messages, self.lang_conversations = Counter(), Counter()
        self.channel_messages, self.channel_conversations = Counter(), Counter()
        self.intents, self.lengths, self.kinds, self.responses = Counter(), Counter(), Counter(), Counter()
        self.per_lang: Dict[str, Counter] = defaultdict(Counter)
        self.feedback: Dict[str, Counter] = defaultdict(Counter)
        self.answers: Dict[str, Counter] = defaultdict(Counter)


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts, KZ).date().isoformat()


class Conversation:
    """One generated conversation: its rows, and what it adds to the truth."""

    def __init__(self, rng: random.Random, truth: Truth, sender: str, ts: float, lang: str, channel: str) -> None:
        self.rng, self.truth, self.sender, self.ts = rng, truth, sender, ts
        self.lang, self.channel = lang, channel
        self.rows: List[tuple] = []
        self.messages: List[str] = []  # the days of its messages (not feedback)
        self.said_at = ts  # the time of the latest user message
        self.previous_answer: Optional[str] = None  # of the latest message, if it was a question

    def event(self, type_name: str, intent: Optional[str] = None, action: Optional[str] = None, **data: Any) -> None:
        self.ts += 0.001
        body = {"event": type_name, "timestamp": self.ts, "metadata": dict(data.pop("metadata", META)), **data}
        self.rows.append((self.sender, type_name, self.ts, intent, action, json.dumps(body, ensure_ascii=False)))

    def start(self) -> None:
        self.event("action", action="action_session_start", name="action_session_start", policy=None, confidence=1.0)
        self.event("session_started")
        self.event("action", action="action_listen", name="action_listen", policy=None, confidence=None)

    def user(self, text: str, intent: str, entities: Optional[List[dict]] = None, command: bool = False) -> None:
        self.ts += self.rng.uniform(4, 60)
        if not command:  # the language detector tags every message but commands and payloads
            entities = [{"entity": "language", "value": self.lang, "start": 0, "end": len(text),
                         "extractor": "LanguageDetector"}] + (entities or [])
        ranking = [{"name": intent, "confidence": 0.97}] + [{"name": f"other_{i}", "confidence": 0.003} for i in range(9)]
        parse = {"intent": {"name": intent, "confidence": 0.97}, "entities": entities or [], "text": text,
                 "message_id": uuid.UUID(int=self.rng.getrandbits(128)).hex, "metadata": {},
                 "intent_ranking": ranking}
        self.event("user", intent=intent, text=text, parse_data=parse, input_channel=self.channel,
                   message_id=parse["message_id"])
        self.said_at = self.ts
        if not command:
            self.event("slot", action="language", name="language", value=self.lang)
        self.event("user_featurization", use_text_for_featurization=False)

    def bot(self, action: str, answer: Optional[str] = None, text: str = "…", kind: str = "answer") -> None:
        self.event("action", action=action, name=action, policy="RulePolicy", confidence=1.0)
        metadata = {**META, "answer": answer, "kind": kind} if answer else {"utter_action": action, **META}
        self.event("bot", text=text, metadata=metadata, data={"elements": None, "quick_replies": None,
                                                              "buttons": None, "attachment": None, "image": None,
                                                              "custom": None})
        if answer:
            self.event("slot", action="last_answer", name="last_answer", value="fixed")
        self.event("action", action="action_listen", name="action_listen", policy="RulePolicy", confidence=1.0)

    # --- what the truth learns ------------------------------------------------------------------
    def said(self, intent: str, reply: str, crisis: bool = False) -> None:
        t, day, lang = self.truth, self.truth.day[_day(self.said_at)], self.lang
        self.messages.append(_day(self.said_at))
        day["messages"] += 1
        t.lang_messages[lang] += 1
        t.channel_messages[self.channel] += 1
        t.intents[intent] += 1
        t.per_lang[lang]["messages"] += 1
        if intent in ("nlu_fallback", "out_of_scope"):
            key = "fallbacks" if intent == "nlu_fallback" else "out_of_scope"
            day[key] += 1
            t.per_lang[lang][key] += 1
        if crisis:
            day["crisis_replies"] += 1
            t.responses[reply] += 1
        else:
            t.answers[reply]["shown"] += 1

    def finish(self) -> None:
        if self.messages:
            self.truth.day[self.messages[0]]["conversations"] += 1
            self.truth.lang_conversations[self.lang] += 1
            self.truth.channel_conversations[self.channel] += 1
            self.truth.lengths[len(self.messages)] += 1


def _weighted(rng: random.Random, pairs: tuple) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


def step(c: Conversation) -> None:
    """One or two turns of conversation `c`, chosen at random."""
    rng, lang, t = c.rng, c.lang, c.truth
    roll, previous = rng.random(), c.previous_answer
    c.previous_answer = None
    if roll < 0.55:  # never the question just asked again: its rephrasing would then be counted twice
        answer = rng.choice(sorted(a for a in samples.QUESTIONS if a != previous))
        c.previous_answer = answer
        intent, texts = samples.QUESTIONS[answer]
        c.user(texts[lang], intent)
        c.bot("action_answer", answer, samples.ANSWER_TEXT[lang])
        c.said(intent, answer)
        follow = rng.random()
        if follow < 0.12:
            c.user(samples.rephrase(texts[lang], lang), intent)
            c.bot("action_answer", answer, samples.ANSWER_TEXT[lang])
            c.said(intent, answer)
            t.answers[answer]["rephrased"] += 1
        elif follow < 0.30:
            value = "up" if follow < 0.24 else "down"
            c.user(PAYLOADS[value], "feedback", [{"entity": "helpful", "value": value}], command=True)
            c.bot("utter_feedback_thanks")
            t.feedback[answer][value] += 1
            t.answers[answer]["down"] += value == "down"
    elif roll < 0.75:
        # the honest reply is action_answer's, from the knowledge file (kind: honest)
        intent = "nlu_fallback" if roll < 0.67 else "out_of_scope"
        text = rng.choice((samples.FALLBACK if intent == "nlu_fallback" else samples.OUT_OF_SCOPE)[lang])
        c.user(text, intent)
        c.bot("action_answer", "honest", kind="honest")
        c.said(intent, "honest")
    elif roll < 0.85:
        crisis_turn(c)
    else:
        c.user(samples.DISTRESS[lang], "distress")
        c.bot("utter_distress")
        c.said("distress", "utter_distress", crisis=True)


def crisis_turn(c: Conversation) -> None:
    rng, lang, t = c.rng, c.lang, c.truth
    kind = rng.choice(samples.KINDS)
    c.user(samples.CRISIS[lang], "crisis", [{"entity": "crisis_kind", "value": kind}])
    c.bot("utter_crisis")
    c.event("action", action="action_note_disclosure", name="action_note_disclosure", policy="RulePolicy")
    c.said("crisis", "utter_crisis", crisis=True)
    t.day[_day(c.said_at)]["disclosures"] += 1
    t.kinds[kind] += 1
    follow = rng.random()
    if follow < 0.4:
        c.user(samples.AFFIRM[lang], "affirm")
        c.bot("utter_crisis_danger")
        c.said("affirm", "utter_crisis_danger", crisis=True)
    elif follow < 0.55:
        c.user(samples.CORRECTION[lang], "crisis_correction")
        c.bot("utter_crisis_sorry")
        c.said("crisis_correction", "utter_crisis_sorry", crisis=True)
        t.day[_day(c.said_at)]["corrections"] += 1


def conversation(rng: random.Random, truth: Truth, days: int) -> List[tuple]:
    channel, lang = _weighted(rng, CHANNELS), _weighted(rng, LANGUAGES)
    sender = str(rng.randrange(10**8, 10**10)) if channel == "telegram" else uuid.UUID(int=rng.getrandbits(128)).hex
    c = Conversation(rng, truth, sender, START + rng.randrange(days) * 86400 + rng.uniform(0, 86000), lang, channel)
    c.start()
    if rng.random() < 0.6:  # the widget's and Telegram's greeting: a command, no language tag
        c.user("/start", "greet", command=True)
        c.bot("utter_greet")
        c.said("greet", "utter_greet")
    for _ in range(min(1 + int(rng.expovariate(0.45)), 10)):
        step(c)
    c.finish()
    return c.rows


def generate(path: Path, conversations: int = 1000, seed: int = 7, days: int = 30) -> Truth:
    """Write `conversations` generated conversations to the SQLite file `path` (replaced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    rng, truth = random.Random(seed), Truth()
    db = sqlite3.connect(path)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
    db.execute(SCHEMA)
    batch: List[tuple] = []
    for _ in range(conversations):
        batch.extend(conversation(rng, truth, days))
        if len(batch) > 50000:
            db.executemany("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                           "VALUES (?, ?, ?, ?, ?, ?)", batch)
            batch = []
    db.executemany("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                   "VALUES (?, ?, ?, ?, ?, ?)", batch)
    db.execute(INDEX)
    db.commit()
    db.close()
    return truth


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="Make a synthetic tracker store (SQLite) for insights.")
    p.add_argument("path", type=Path)
    p.add_argument("--conversations", type=int, default=100000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--days", type=int, default=30)
    args = p.parse_args(argv)
    t0 = time.monotonic()
    truth = generate(args.path, args.conversations, args.seed, args.days)
    print(f"{args.path}: {args.conversations} conversations, {sum(truth.lang_messages.values())} messages "
          f"in {time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
