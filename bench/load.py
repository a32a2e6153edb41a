"""Load test over the REST channel: N concurrent users for D seconds, each sending questions
one after another (the next when the reply has come). Prints p50/p95 latency, messages per
second, errors, empty replies and out-of-order replies, as a table and as JSON.

    .venv/bin/python -m bench.load                      # starts the bot itself, 50 users, 60 s
    .venv/bin/python -m bench.load --users 10 --seconds 15
    .venv/bin/python -m bench.load --url http://127.0.0.1:5005   # an already running bot

Traffic goes to 127.0.0.1 only; the run stops by itself after --seconds (plus the replies in
flight, each bounded by --timeout).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from typing import Dict, List, Optional
from urllib.parse import urlparse

import aiohttp

# Each question and a phrase its answer must contain: a reply to another question, or in
# another order, is counted as out of order.
SCRIPT = [
    ("how many ombudsmen attended?", "50 child ombudsmen"),
    ("tell me about the first module", "first module"),
    ("and the third?", "third module"),
    ("who is Dinara Zakieva?", "Commissioner for Children's Rights"),
    ("what did she say?", "Dinara Zakieva said"),
    ("what is the helpline number?", "150"),
]


def percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def user_loop(session: aiohttp.ClientSession, url: str, deadline: float, timeout: float,
                    stats: Dict[str, list], sender: str) -> None:
    i = 0
    while time.monotonic() < deadline:
        question, expected = SCRIPT[i % len(SCRIPT)]
        start = time.monotonic()
        try:
            async with session.post(url, json={"sender": sender, "message": question},
                                    timeout=aiohttp.ClientTimeout(total=timeout)) as r:
                body = await r.json(content_type=None) if r.status == 200 else None
                status = r.status
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
            stats["errors"].append(f"{type(e).__name__}")
            i += 1
            continue
        stats["latency"].append(time.monotonic() - start)
        if status != 200:
            stats["errors"].append(f"HTTP {status}")
        elif not body or not any(m.get("text") for m in body):
            stats["empty"].append(question)
        elif expected not in " ".join(m.get("text", "") for m in body):
            stats["out_of_order"].append(question)
        i += 1


async def run_load(url: str, users: int, seconds: float, timeout: float = 30.0) -> Dict[str, object]:
    host = urlparse(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load {host}: this test only targets loopback addresses")
    webhook = url.rstrip("/") + "/webhooks/rest/webhook"
    stats: Dict[str, list] = {"latency": [], "errors": [], "empty": [], "out_of_order": []}
    run_id = uuid.uuid4().hex[:6]
    connector = aiohttp.TCPConnector(limit=users)
    async with aiohttp.ClientSession(connector=connector) as session:
        start = time.monotonic()
        deadline = start + seconds
        await asyncio.gather(*(user_loop(session, webhook, deadline, timeout, stats, f"load-{run_id}-{u}")
                               for u in range(users)))
        elapsed = time.monotonic() - start
    lat = stats["latency"]
    return {
        "users": users, "seconds": round(elapsed, 1), "messages": len(lat) + len(stats["errors"]),
        "messages_per_s": round(len(lat) / elapsed, 2),
        "p50_ms": round(percentile(lat, 0.5) * 1000, 1), "p95_ms": round(percentile(lat, 0.95) * 1000, 1),
        "errors": len(stats["errors"]), "empty_replies": len(stats["empty"]),
        "out_of_order": len(stats["out_of_order"]),
        "error_kinds": sorted(set(stats["errors"]))[:5],
    }


def print_table(result: Dict[str, object]) -> None:
    keys = ["users", "seconds", "messages", "messages_per_s", "p50_ms", "p95_ms", "errors",
            "empty_replies", "out_of_order"]
    print(" | ".join(keys))
    print(" | ".join(str(result[k]) for k in keys))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="an already running bot (default: start one)")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    if args.url:
        result = asyncio.run(run_load(args.url, args.users, args.seconds))
    else:
        from tools.servers import BotServers
        with BotServers() as bot:
            result = asyncio.run(run_load(bot.url, args.users, args.seconds))
    if not args.json:
        print_table(result)
    print(json.dumps(result))
    return 0 if result["errors"] == 0 and result["empty_replies"] == 0 and result["out_of_order"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
