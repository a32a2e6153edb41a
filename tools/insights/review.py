"""`make review`: the messages the assistant could not answer, for content editors, with
personal data removed (redact.py) before anyone sees them, grouped by similarity with counts.

    .venv/bin/python -m tools.insights.review                     # list; writes review/queue.json
    .venv/bin/python -m tools.insights.review --export 3 --intent ask_contacts
                                                                  # group 3 -> review/candidates.yml

A message is in the queue when it was a fallback, out of scope, answered and then rated 👎, or
rephrased right after its answer (aggregate.py). Messages of the crisis conversation are left
out; `--include-crisis` puts them in (for checking the safety net), and every such run is
written to review/audit.log and logged. Sender ids are hashed (keep.py). The candidates file is
Rasa NLU YAML, outside data/ (rasa train reads data/ recursively): not trained until an editor
moves its examples into data/.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

from tools.insights import keep
from tools.insights.aggregate import rephrased
from tools.insights.keep import render_candidates
from tools.insights.redact import redact
from tools.insights.store import conversations, store_url
from tools.insights.turns import FALLBACK, OUT_OF_SCOPE, Turn, grams, normalise, similarity, turns

logger = logging.getLogger("insights.review")
GROUP_SIMILARITY = 0.5



def reasons(turn: Turn, following: Optional[Turn], feedback_after: Optional[str]) -> List[str]:
    out = [r for r, hit in (("fallback", turn.intent == FALLBACK), ("out_of_scope", turn.intent == OUT_OF_SCOPE),
                            ("thumbs_down", feedback_after == "down"),
                            ("rephrased", bool(following and turn.last and rephrased(turn, following))))
           if hit]
    return out


def items(url: str, key: bytes, include_crisis: bool = False) -> Iterable[Dict[str, Any]]:
    """The queue's messages, redacted, each with why, its language, day and hashed sender."""
    for sender, rows in conversations(url):
        ts = turns(rows)
        hashed = None
        for i, turn in enumerate(ts):
            if turn.helpful:
                continue
            feedback = ts[i + 1].helpful if i + 1 < len(ts) else None
            following = next((t for t in ts[i + 1:] if not t.helpful), None)
            why = reasons(turn, following, feedback)
            if turn.crisis:
                if not include_crisis:
                    continue
                why = ["crisis"] + why
            if why:
                hashed = hashed or keep.hash_sender(sender, key)
                yield {"text": redact(" ".join(turn.text.split())), "reasons": why, "lang": turn.lang,
                       "day": keep.day_of(turn.ts), "sender": hashed}


def group(found: Iterable[Dict[str, Any]], threshold: float = GROUP_SIMILARITY) -> List[Dict[str, Any]]:
    """Groups of alike messages (character trigrams), largest first, ids from 1."""
    by_text: Dict[str, List[Dict[str, Any]]] = {}
    for item in found:
        by_text.setdefault(normalise(item["text"]), []).append(item)
    groups: List[Dict[str, Any]] = []
    index: Dict[str, List[int]] = {}  # trigram -> groups whose leader has it
    for text in sorted(by_text, key=lambda t: (-len(by_text[t]), t)):
        g = grams(text)
        seen = Counter(n for gram in g for n in index.get(gram, ()))
        best = max(seen, key=lambda n: (similarity(g, groups[n]["grams"]), -n), default=None)
        if best is not None and similarity(g, groups[best]["grams"]) >= threshold:
            groups[best]["items"].extend(by_text[text])
            continue
        for gram in g:
            index.setdefault(gram, []).append(len(groups))
        groups.append({"grams": g, "items": list(by_text[text])})
    ordered = sorted(groups, key=lambda x: -len(x["items"]))
    return [{"id": n, "items": x["items"]} for n, x in enumerate(ordered, 1)]


def summary(g: Dict[str, Any]) -> Dict[str, Any]:
    texts = Counter(i["text"] for i in g["items"])
    return {"id": g["id"], "messages": len(g["items"]), "conversations": len({i["sender"] for i in g["items"]}),
            "reasons": dict(Counter(r for i in g["items"] for r in i["reasons"]).most_common()),
            "languages": dict(Counter(i["lang"] for i in g["items"]).most_common()),
            "examples": [t for t, _ in texts.most_common(5)]}


def audit(folder: Path, count: int) -> None:
    line = f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} user={getpass.getuser()} " \
           f"--include-crisis: {count} crisis messages shown\n"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "audit.log", "a", encoding="utf-8") as log:
        log.write(line)
    logger.warning("review queue with crisis messages (--include-crisis): %s", line.strip())


def build(url: str, folder: Path = keep.REVIEW, include_crisis: bool = False) -> List[Dict[str, Any]]:
    """Read the store, write `folder`/queue.json, return the groups."""
    groups = group(items(url, keep.salt(folder), include_crisis))
    if include_crisis:
        audit(folder, sum(1 for g in groups for i in g["items"] if "crisis" in i["reasons"]))
    keep.write_json(folder / "queue.json", {"built": keep.day_of(time.time()), "include_crisis": include_crisis,
                                            "groups": groups})
    return groups


def export(group_id: int, intent: str, folder: Path = keep.REVIEW) -> Path:
    """Add the distinct messages of group `group_id` of the last queue as examples of `intent`."""
    queue = keep.read_json(folder / "queue.json", None)
    chosen = next((g for g in (queue or {}).get("groups", []) if g["id"] == group_id), None)
    if chosen is None:
        raise SystemExit(f"error: no group {group_id} in {folder / 'queue.json'} (run make review first)")
    if any("crisis" in i["reasons"] for i in chosen["items"]):
        raise SystemExit("error: a group with crisis messages is not exported as training examples")
    candidates = keep.read_json(folder / "candidates.json", [])
    known = {(c["intent"], normalise(c["text"])): c for c in candidates}
    for item in chosen["items"]:
        text = item["text"].replace("][", "] [").strip()
        entry = known.get((intent, normalise(text)))
        if entry is None:
            entry = known[(intent, normalise(text))] = {"intent": intent, "text": text, "sources": []}
            candidates.append(entry)
        entry["sources"].append({"day": item["day"], "sender": item["sender"]})
    keep.write_json(folder / "candidates.json", candidates)
    (folder / "candidates.yml").write_text(render_candidates(candidates), encoding="utf-8")
    return folder / "candidates.yml"


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description="The review queue: what the assistant could not answer, redacted.")
    p.add_argument("--store", help="an SQLAlchemy URL, an endpoints file or a SQLite file (default: endpoints.yml)")
    p.add_argument("--folder", type=Path, default=keep.REVIEW)
    p.add_argument("--include-crisis", action="store_true", help="also crisis messages (logged in audit.log)")
    p.add_argument("--export", type=int, metavar="GROUP", help="export this group of the last queue as candidates")
    p.add_argument("--intent", help="the intent the exported examples are for")
    p.add_argument("--top", type=int, default=30, help="groups to list (30)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.export is not None:
        if not args.intent:
            p.error("--export needs --intent")
        print(f"wrote {export(args.export, args.intent, args.folder)}")
        return 0
    groups = build(store_url(args.store), args.folder, args.include_crisis)
    for g in (summary(g) for g in groups[: args.top]):
        print(f"#{g['id']}  {g['messages']} messages, {g['conversations']} conversations  "
              f"{', '.join(f'{k} {v}' for k, v in g['reasons'].items())}  "
              f"[{', '.join(f'{k} {v}' for k, v in g['languages'].items())}]")
        for text in g["examples"]:
            print(f"      {text}")
    print(f"{len(groups)} groups -> {args.folder / 'queue.json'}; export one: make review EXPORT=<id> INTENT=<intent>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
