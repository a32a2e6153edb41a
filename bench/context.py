"""Conversations, not sentences: the held-out sets of tests/heldout/context/ played against the
trained bot over REST, each turn judged by what the reply is about.

    python -m bench.context [--sets tests/heldout/context] [--out reports/context.json]
                            [--md docs/report-context.md] [--limit N]

Each reply says which knowledge record it answers (`metadata.answer` of the action's replies,
`metadata.utter_action` of Rasa's domain responses): read from the tracker store after each
turn, so nothing is guessed from the wording. A turn is right when:
- an entry id is expected: a reply answers that record;
- `honest`: an honest reply (the sources do not cover it) and no record answered;
- `explain`: a plain-words reply (`kind: explain`) about the record in `about`;
- `crisis`, `distress`, `human`, `greet`, ...: that domain response.
Sets: followups_*.yml and panel.yml (conversations), nearmiss_*.yml and long_*.yml (single
messages). The panel lists every failing turn.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import yaml

from bench import register
from tools.servers import MODEL, ROOT, BotServers

SETS = ROOT / "tests" / "heldout" / "context"
RESPONSES = {
    "crisis": ("utter_crisis", "utter_crisis_again"),
    "distress": ("utter_distress",),
    "human": ("utter_crisis_talk",),
    "greet": ("utter_greet",), "thank": ("utter_thank",), "goodbye": ("utter_goodbye",),
    "capabilities": ("utter_capabilities",), "bot_challenge": ("utter_bot_challenge",),
    "language": ("utter_language_set",),
}
HONEST_RESPONSES = ("utter_cant_help", "utter_out_of_scope", "utter_cant_help_crisis")
MORE_BUTTONS = ("Tell me more", "Расскажи подробнее", "Толығырақ айтшы")  # knowledge phrase more_button
# Answers that are right too: the list of contacts for one of them, the programme for the first
# module, and for "who is the children's ombudsman?" the entry of the person who is (Dinara Zakieva).
ALSO = {"contacts": ("helpline_150", "contact_111", "emergency_112"), "programme": ("module_1",),
        "ombudsman": ("dinara_zakieva",)}


def conversations(path: Path) -> Iterator[Tuple[str, str, List[Dict[str, Any]]]]:
    """(id, language, turns) of a set file: conversations, or single messages as one-turn ones."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lang_of_file = path.stem.rsplit("_", 1)[-1]
    for i, conv in enumerate(data.get("conversations") or []):
        yield conv.get("id", f"{path.stem}-{i}"), conv.get("lang", lang_of_file), conv["turns"]
    for i, item in enumerate(data.get("items") or []):
        yield f"{path.stem}-{i + 1:02d}", item.get("lang", lang_of_file), [item]


def bot_events(db: Path, sender: str, after: int) -> Tuple[List[Dict[str, Any]], int]:
    """The bot's replies stored for `sender` after event id `after`, and the last id."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT id, type_name, data FROM events WHERE sender_id = ? AND id > ? ORDER BY id",
                           (sender, after)).fetchall()
    last = rows[-1][0] if rows else after
    return [json.loads(d) for _, t, d in rows if t == "bot"], last


def judge(turn: Dict[str, Any], replies: List[Dict[str, Any]]) -> Tuple[bool, bool, str]:
    """(right, wrong entity given, what was said) for one turn."""
    meta = [r.get("metadata") or {} for r in replies]
    answers = [m.get("answer") for m in meta if m.get("answer")]
    kinds = [m.get("kind") for m in meta]
    utters = [m.get("utter_action") for m in meta if m.get("utter_action")]
    records = [a for a, k in zip(answers, kinds, strict=False) if k in ("answer", "explain")]
    records += [a for a, k in zip(answers, kinds, strict=False) if k == "honest" and a not in ("honest", "clarify")
                and turn["expect"] != "honest"]  # "the sources don't say her age" is about her
    said = ",".join(utters + [f"{a}:{k}" for a, k in zip(answers, kinds, strict=False)]) or "(nothing)"
    want = turn["expect"]
    if want == "honest":
        # honest: "the sources do not cover it", or "which one did you mean?" with the real options
        right = not records and (any(k in ("honest", "which") for k in kinds)
                                 or any(u in HONEST_RESPONSES for u in utters))
        return right, bool(records), said
    if want == "explain":
        return any(k == "explain" and a == turn.get("about") for a, k in zip(answers, kinds, strict=False)), False, said
    if want == "human" and "handoff" in kinds:  # a counsellor's queue, or "nobody is on duty" + 150/111
        return True, False, said
    if want in RESPONSES:  # the domain response, or the action's thanks or greeting after a statement (core/focus.py)
        small = any(a == want and k == "small_talk" for a, k in zip(answers, kinds, strict=False))
        return any(u in RESPONSES[want] for u in utters) or small, False, said
    right = want in records or any(a in ALSO.get(want, ()) or want in ALSO.get(a, ())
                                   for a in records)
    return right, False, said


def play(bot: BotServers, db: Path, turns: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    sender, last, out = f"eval-{uuid.uuid4().hex[:12]}", 0, []
    for turn in turns:
        bot.say(sender, turn["say"])
        replies, last = bot_events(db, sender, last)
        right, wrong, said = judge(turn, replies)
        texts = [r.get("text") or "" for r in replies]
        narrow = any(b.get("title") in MORE_BUTTONS for r in replies
                     for b in (r.get("data") or {}).get("buttons") or r.get("buttons") or [])
        out.append({"say": turn["say"], "expect": turn["expect"], "about": turn.get("about"),
                    "right": right, "wrong_entity": wrong, "got": said,
                    "words": sum(len(t.split()) for t in texts), "narrow": narrow,
                    "dup_honest": False})
        if len(out) >= 2 and texts and out[-2].get("texts") == texts and "honest" in said:
            out[-1]["dup_honest"] = True  # the same honest reply twice in a row
        out[-1]["texts"] = texts
    for t in out:
        t.pop("texts", None)
    return out


def length_figures(results: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    """Per language: the words of the replies to fact questions (a record id expected and
    answered), median and 90th percentile; of those a child asked (conversations played as a
    child); and of the narrow ones (one part, "Tell me more")."""
    per: Dict[str, Dict[str, List[int]]] = defaultdict(lambda: defaultdict(list))
    for convs in _sets(results).values():
        for c in convs:
            for t in c["turns"]:
                if t["right"] and t["expect"] not in RESPONSES and t["expect"] not in ("honest", "explain"):
                    per[c["lang"]]["fact"].append(t["words"])
                    if c.get("who") == "child":  # the target: a child's fact question
                        per[c["lang"]]["child"].append(t["words"])
                    if t.get("narrow"):
                        per[c["lang"]]["narrow"].append(t["words"])
    out: Dict[str, Dict[str, Any]] = {}
    for lang, kinds in sorted(per.items()):
        out[lang] = {}
        for kind, words in kinds.items():
            words = sorted(words)
            out[lang][kind] = {"n": len(words), "median": words[len(words) // 2],
                               "p90": words[min(len(words) - 1, int(0.9 * len(words)))]}
    return out


def evaluate(sets: Path, limit: int = 0, model: Path = MODEL) -> Dict[str, Any]:
    results: Dict[str, Any] = {}
    with BotServers(model=model) as bot:
        db = bot.dir / "tracker.db"
        for path in sorted(sets.glob("*.yml")):
            kind = path.stem.rsplit("_", 1)[0] if "_" in path.stem else path.stem
            if kind not in ("followups", "panel", "nearmiss", "long"):
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            who = {c.get("id"): c.get("who") for c in data.get("conversations") or []}
            for n, (cid, lang, turns) in enumerate(conversations(path)):
                if limit and n >= limit:
                    break
                results.setdefault(kind, []).append({"id": cid, "lang": lang, "who": who.get(cid),
                                                     "turns": play(bot, db, turns)})
        registers = register.play(bot, sets)
    return {**results, **({"register": registers} if registers else {})}


def summary(results: Dict[str, Any]) -> Dict[str, Dict[str, Any]]:
    """Per set and language: turns, right, wrong entities (and conversations all right)."""
    out: Dict[str, Dict[str, Any]] = {}
    for kind, convs in _sets(results).items():
        per: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for c in convs:
            for lang in (c["lang"], "all"):
                p = per[lang]
                p["conversations"] += 1
                p["conversations_right"] += all(t["right"] for t in c["turns"])
                p["turns"] += len(c["turns"])
                p["right"] += sum(t["right"] for t in c["turns"])
                p["wrong_entity"] += sum(t["wrong_entity"] for t in c["turns"])
        out[kind] = {lang: dict(v) for lang, v in per.items()}
    return out


def _sets(results: Dict[str, Any]) -> Dict[str, Any]:
    """The conversation sets of `results` (not the register's, bench/register.py)."""
    return {k: v for k, v in results.items() if k != "register"}


def markdown(results: Dict[str, Any], sets: Path = SETS) -> str:
    where = sets.relative_to(ROOT) if sets.is_relative_to(ROOT) else sets
    lines = [f"# Conversations: the context sets (`python -m bench.context --sets {where}`)", "",
             f"Held-out sets of {where}/, written apart from the training data by a helper that saw "
             "neither it nor the other sets (tests/heldout/context/ was read after its first "
             "measurement in session 5, so it is a development set now; tests/heldout/context_fresh/ "
             "was written in session 6, measured, and read in sessions 7 and 8 to choose changes: a "
             "development set too; tests/heldout/context_fresh2/ was written in session 8, first "
             "measured after that session's changes and read in session 10; "
             "tests/heldout/context_fresh3/ was written in session 10, measured once with session 9's "
             "and session 10's models in one run, then read: development sets too).", "",
             "| set | language | turns | right | % | wrong entity | conversations all right |",
             "|---|---|---|---|---|---|---|"]
    for kind, per in summary(results).items():
        for lang in ("en", "ru", "kk", "all"):
            if lang in per:
                p = per[lang]
                lines.append(f"| {kind} | {lang} | {p['turns']} | {p['right']} | "
                             f"{100 * p['right'] / max(1, p['turns']):.1f} | {p['wrong_entity']} | "
                             f"{p['conversations_right']}/{p['conversations']} |")
    if results.get("register"):
        lines += [""] + register.lines(results["register"])
    lines += ["", "## How long the answers are (issue 16)", "",
              "Words of the replies to fact questions answered right, of all and of those a child asked "
              "(conversations played as a child; target: median ≤ 50), of the narrow ones (answered with "
              "one part and \"Tell me more\"; target ≤ 35), and the same honest reply twice in a row "
              "(target 0).", "",
              "| language | fact replies | median words | 90th percentile | a child's: replies | median words | narrow replies | median words |",
              "|---|---|---|---|---|---|---|---|"]
    for lang, f in length_figures(results).items():
        fact, narrow = f.get("fact", {"n": 0, "median": 0, "p90": 0}), f.get("narrow", {"n": 0, "median": 0})
        child = f.get("child", {"n": 0, "median": 0})
        lines.append(f"| {lang} | {fact['n']} | {fact['median']} | {fact['p90']} | {child['n']} | {child['median']} | "
                     f"{narrow['n']} | {narrow['median']} |")
    dups = sum(t.get("dup_honest", False) for convs in _sets(results).values() for c in convs for t in c["turns"])
    lines += ["", f"The same honest reply twice in a row: {dups} times.", "", "## Failing turns", ""]
    for kind, convs in _sets(results).items():
        for c in convs:
            for t in c["turns"]:
                if not t["right"]:
                    lines.append(f"- {kind} {c['id']} ({c['lang']}): \"{t['say']}\": expected "
                                 f"{t['expect']}{'/' + t['about'] if t.get('about') else ''}, got {t['got']}")
    return "\n".join(lines) + "\n"


def main(argv: List[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", type=Path, default=SETS)
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "context.json")
    ap.add_argument("--md", type=Path, default=ROOT / "docs" / "report-context.md")
    ap.add_argument("--limit", type=int, default=0, help="at most N conversations per file")
    ap.add_argument("--model", type=Path, default=MODEL, help="the trained model to play (default: models/)")
    args = ap.parse_args(argv)
    results = evaluate(args.sets, args.limit, args.model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    args.md.write_text(markdown(results, args.sets), encoding="utf-8")
    for kind, per in summary(results).items():
        p = per["all"]
        print(f"{kind}: {p['right']}/{p['turns']} turns right, {p['wrong_entity']} wrong entities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
