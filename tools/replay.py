"""Replay the held-out and fresh sets (and the test stories) through the trained bot and record
every reply, so that a change meant to keep behaviour can be checked to keep it.

    python -m tools.replay record tests/bot/replies.json   # write the replies of today's bot
    python -m tools.replay compare tests/bot/replies.json  # replay and list every difference

Each held-out message is sent as the first message of a conversation of its own; each test
story is played turn by turn in one conversation. A turn is kept as its NLU parse (intent,
confidence, the runner-up's confidence) and a digest of the replies (texts and buttons), so a
comparison can tell a changed reply from a re-trained classifier that moved a message across
the fallback threshold. tests/bot/test_replay.py compares the trained bot with the committed
file; after a change meant to change replies, record it anew and say so in the commit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from tools.servers import MODEL, ROOT, BotServers, http

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
        convs[f"story: {story['story']}"] = [str(s["user"]) for s in story["steps"] if "user" in s]
    return convs


Turn = List[Any]  # [intent, confidence, runner-up's confidence, digest of the replies]


def _parse(bot: BotServers, token: str, text: str) -> List[Any]:
    status, parsed = http("POST", f"{bot.url}/model/parse?token={token}", {"text": text})
    assert status == 200, (status, parsed)
    ranking = parsed.get("intent_ranking") or []
    return [parsed["intent"]["name"], round(parsed["intent"].get("confidence") or 0.0, 4),
            round(ranking[1]["confidence"], 4) if len(ranking) > 1 else 0.0]


def digest(replies: List[Dict[str, Any]]) -> str:
    kept = [{k: r[k] for k in ("text", "buttons") if k in r} for r in replies]
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def record(model: Path = MODEL) -> Dict[str, List[Turn]]:
    token = secrets.token_hex(8)
    out: Dict[str, List[Turn]] = {}
    with BotServers(extra_args=["--enable-api", "--auth-token", token], model=model) as bot:
        for name, messages in conversations().items():
            sender = f"replay-{uuid.uuid4().hex[:12]}"
            turns = []
            for message in messages:
                replies = bot.say(sender, message)
                turns.append(_parse(bot, token, message) + [digest(replies)])
            out[name] = turns
    return out


def borderline(turn: Turn) -> bool:
    _, c, r, _ = turn
    return bool(abs(c - THRESHOLD) < MARGIN or abs((c - r) - AMBIGUITY) < MARGIN)


def compare(before: Dict[str, List[Turn]], after: Dict[str, List[Turn]]) -> Tuple[List[str], List[str]]:
    """(differences, differences explained by a borderline parse on either side)."""
    diffs: List[str] = []
    borderline_diffs: List[str] = []
    messages = conversations()
    for name, turns in before.items():
        for i, (old, new) in enumerate(zip(turns, after.get(name, []), strict=False)):
            if old[3] == new[3]:
                continue
            said = messages.get(name, [""] * (i + 1))[i]
            line = f"{name} turn {i + 1} {said!r}: {old[0]} {old[1]} -> {new[0]} {new[1]}"
            (borderline_diffs if borderline(old) or borderline(new) else diffs).append(line)
            break  # later turns of the conversation follow from this one
    missing = sorted(set(before) - set(after))
    diffs += [f"{name}: not replayed" for name in missing]
    return diffs, borderline_diffs


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["record", "compare"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    replies = record(args.model)
    if args.command == "record":
        lines = ",\n".join(f" {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in replies.items())
        args.file.write_text("{\n" + lines + "\n}\n", encoding="utf-8")
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
