"""Replay the held-out and fresh sets (and the test stories) through the trained bot and record
every reply, so that a change meant to keep behaviour can be checked to keep it.

    python -m tools.replay record tests/bot/replies.json   # write the replies of today's bot
    python -m tools.replay compare tests/bot/replies.json  # replay and list every difference

Each held-out message is sent as the first message of a conversation of its own; each test
story is played turn by turn in one conversation. With every reply the NLU parse of the message
is kept (intent, confidence, the runner-up's confidence), so a comparison can tell a changed
reply from a re-trained classifier that moved a message across the fallback threshold.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from tools.servers import ROOT, BotServers, http

SETS = sorted((ROOT / "tests" / "heldout").glob("*/*.yml"))
STORIES = ROOT / "tests" / "bot" / "test_stories.yml"
# A parse this close to the FallbackClassifier's threshold (config.yml: 0.65) or ambiguity
# margin (0.1) can land on either side after a retraining on the same data.
THRESHOLD, AMBIGUITY, MARGIN = 0.65, 0.1, 0.03


def _examples(path: Path) -> List[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: List[str] = []
    for block in data.get("nlu", []):
        out += [line[2:].strip() for line in block.get("examples", "").splitlines()
                if line.startswith("- ")]
    return out


def conversations() -> Dict[str, List[str]]:
    """Conversation name -> the user's messages, in order."""
    convs: Dict[str, List[str]] = {}
    for path in SETS:
        for i, message in enumerate(_examples(path)):
            convs[f"{path.parent.name}/{path.stem}#{i}"] = [message]
    stories = yaml.safe_load(STORIES.read_text(encoding="utf-8"))["stories"]
    for story in stories:
        convs[f"story: {story['story']}"] = [s["user"] for s in story["steps"] if "user" in s]
    return convs


def _parse(bot: BotServers, token: str, text: str) -> Dict[str, Any]:
    status, parsed = http("POST", f"{bot.url}/model/parse?token={token}", {"text": text})
    assert status == 200, (status, parsed)
    ranking = parsed.get("intent_ranking") or []
    return {"intent": parsed["intent"]["name"],
            "confidence": round(parsed["intent"].get("confidence") or 0.0, 4),
            "runner_up": round(ranking[1]["confidence"], 4) if len(ranking) > 1 else 0.0}


def record() -> Dict[str, List[Dict[str, Any]]]:
    token = secrets.token_hex(8)
    out: Dict[str, List[Dict[str, Any]]] = {}
    with BotServers(extra_args=["--enable-api", "--auth-token", token]) as bot:
        for name, messages in conversations().items():
            sender = f"replay-{uuid.uuid4().hex[:12]}"
            turns = []
            for message in messages:
                replies = bot.say(sender, message)
                turns.append({"message": message, **_parse(bot, token, message),
                              "replies": [{k: r[k] for k in ("text", "buttons") if k in r}
                                          for r in replies]})
            out[name] = turns
    return out


def borderline(turn: Dict[str, Any]) -> bool:
    c, r = turn["confidence"], turn["runner_up"]
    return abs(c - THRESHOLD) < MARGIN or abs((c - r) - AMBIGUITY) < MARGIN


def compare(before: Dict[str, Any], after: Dict[str, Any]) -> Tuple[List[str], List[str]]:
    """(differences, differences explained by a borderline parse on either side)."""
    diffs, borderline_diffs = [], []
    for name, turns in before.items():
        for i, (old, new) in enumerate(zip(turns, after.get(name, []))):
            if old["replies"] == new["replies"]:
                continue
            line = (f"{name} turn {i + 1} {old['message']!r}: {old['intent']} {old['confidence']}"
                    f" -> {new['intent']} {new['confidence']}")
            (borderline_diffs if borderline(old) or borderline(new) else diffs).append(line)
            break  # later turns of the conversation follow from this one
    missing = sorted(set(before) - set(after))
    diffs += [f"{name}: not replayed" for name in missing]
    return diffs, borderline_diffs


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["record", "compare"])
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    replies = record()
    if args.command == "record":
        args.file.write_text(json.dumps(replies, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{sum(map(len, replies.values()))} turns of {len(replies)} conversations -> {args.file}")
        return 0
    diffs, soft = compare(json.loads(args.file.read_text(encoding="utf-8")), replies)
    for line in diffs:
        print("DIFFERENT", line)
    for line in soft:
        print("borderline", line)
    print(f"{len(diffs)} different, {len(soft)} borderline, of {len(replies)} conversations")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
