"""What insights keep, where, and its retention (`make forget` calls `forget`).

- reports/insights/ (insights.json, index.html): counts only, no text, no sender id: not
  personal data; kept until the deployer deletes them.
- review/queue.json: the review queue (`make review`): redacted messages, each with the day it
  was written and its sender's hashed id; review/candidates.json + candidates.yml: the examples
  an editor exported, with the same. review/audit.log: who asked for crisis messages, when.
  review/ is outside data/ on purpose: `rasa train` reads data/ and everything under it.
- Sender ids are hashed with HMAC-SHA256 and a salt: INSIGHTS_SALT from the environment, else a
  random one kept in review/.salt (owner-only), so `make forget SENDER=id` can find that
  sender's items, while the files alone do not give the id back.

`forget` drops the items older than the retention period, or one sender's, from the queue and
the candidates, like the conversations they came from.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
REVIEW = ROOT / "review"
SALT_ENV = "INSIGHTS_SALT"
HEADER = ("# Candidate NLU examples from the review queue (make review --export). NOT TRAINED: rasa train\n"
          "# reads data/ only. An editor checks each example (the [tags] mark removed personal data),\n"
          "# then moves the good ones into data/nlu*.yml. docs/insights.md.\n")


def salt(folder: Path = REVIEW) -> bytes:
    """INSIGHTS_SALT, else the salt kept in `folder`/.salt (made the first time)."""
    if os.environ.get(SALT_ENV):
        return os.environ[SALT_ENV].encode()
    path = folder / ".salt"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def hash_sender(sender: str, key: bytes) -> str:
    return hmac.new(key, sender.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def day_of(ts: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(ts))


def read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def _kept(item: Dict[str, Any], cutoff: Optional[str], sender: Optional[str]) -> bool:
    return not ((cutoff is not None and item.get("day", "") < cutoff)
                or (sender is not None and item.get("sender") == sender))


def forget(folder: Path = REVIEW, older_than_days: Optional[float] = None, sender: Optional[str] = None,
           now: Optional[float] = None) -> Dict[str, int]:
    """Drop queue items and candidate sources older than `older_than_days`, or of `sender`
    (its raw id: hashed here); candidates left with no source go. Returns what was dropped."""
    cutoff = day_of((now or time.time()) - older_than_days * 86400) if older_than_days is not None else None
    hashed = hash_sender(sender, salt(folder)) if sender is not None else None
    dropped = {"queue_items": 0, "candidates": 0}
    queue = read_json(folder / "queue.json", None)
    if queue is not None:
        for group in queue.get("groups", []):
            before = len(group["items"])
            group["items"] = [i for i in group["items"] if _kept(i, cutoff, hashed)]
            dropped["queue_items"] += before - len(group["items"])
        queue["groups"] = [g for g in queue.get("groups", []) if g["items"]]
        write_json(folder / "queue.json", queue)
    candidates: List[Dict[str, Any]] = read_json(folder / "candidates.json", None)
    if candidates is not None:
        kept = []
        for c in candidates:
            c["sources"] = [s for s in c.get("sources", []) if _kept(s, cutoff, hashed)]
            (kept if c["sources"] else []).append(c)
        dropped["candidates"] = len(candidates) - len(kept)
        write_json(folder / "candidates.json", kept)
        (folder / "candidates.yml").write_text(render_candidates(kept), encoding="utf-8")
    return dropped


def render_candidates(candidates: List[Dict[str, Any]]) -> str:
    """Rasa NLU YAML (version 3.1) of the candidates, by intent, one example a line."""
    by_intent: Dict[str, List[str]] = {}
    for c in candidates:
        by_intent.setdefault(c["intent"], []).append(c["text"])
    lines = [HEADER, 'version: "3.1"', "nlu:" if by_intent else "nlu: []"]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in by_intent[intent]]
    return "\n".join(lines) + "\n"
