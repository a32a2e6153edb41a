"""Soak test: a steady mixed load on the trained bot (its own action server and Rasa, a temp
SQLite tracker store, 127.0.0.1 only) for a given time, then the figures that show a leak or a
slow-down: errors, Rasa's and the action server's RSS growth after warm-up, p95 latency of the
first and the last window, and the tracker store's growth against the messages it should hold.

    .venv/bin/python -m tools.soak --duration 30m          # make soak (DURATION=30m)
    .venv/bin/python -m tools.soak --duration 2m --users 6 # the CI smoke (tests/bot/test_soak_smoke.py)

The load: `--users` virtual users, each waiting 0.5-2 s between messages (a steady load, not a
saturating one: the latency then shows the cost per message, not a queue). Each message is one
of: the next turn of the user's long conversation (English, Russian or Kazakh questions with
follow-ups such as "and the third?"; after 60 turns a new one starts), a new short conversation,
a disclosure (a new conversation; the reply must give 112), or bad input (empty, control
characters only, overlong, malformed JSON, a non-text message, a 100 kB body). Each reply is
checked (status, and a phrase of the expected answer from the knowledge file). Warm-up: the
first 10 % of the time (at most 3 min); the windows compared: 5 min (at most a sixth of the rest).
Exit status 1 when a criterion (--max-rss-growth, --max-p95-ratio, 0 errors, the store) fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sqlite3
import sys
import time
import uuid
from typing import Any, Dict, List, Optional, Tuple

import aiohttp

from bench.load import SCRIPT, percentile
from core.knowledge.base import Knowledge
from core.knowledge.schema import tr
from tools.servers import BotServers

K = Knowledge.load()
LONG_TURNS = 60
# (message, phrase the reply must contain); a conversation script per language ("how many?" is
# answered with the part of the entry that says how many: core/parts.py)
SCRIPTS = {
    "en": list(SCRIPT),
    "ru": [("Сколько омбудсменов участвовало во встрече?", K.render(K.answer_for("ask_attendance").parts["how_many"], "ru")),
           ("какие были модули?", tr(K.module(2).title, "ru")), ("а третий?", K.render(K.module(3).text, "ru")),
           ("Кто такая Динара Закиева?", "Закиев"),
           ("а что она сказала?", K.render(K.person("dinara_zakieva").quote, "ru"))],
    "kk": [("Кездесуге қанша омбудсмен қатысты?", K.render(K.answer_for("ask_attendance").parts["how_many"], "kk")),
           ("қандай модульдер болды?", tr(K.module(2).title, "kk")), ("ал үшіншісі?", K.render(K.module(3).text, "kk"))],
}
CRISIS = ["my dad beats me every night", "Отчим бьёт меня каждый вечер", "Әкем мені күнде ұрады"]
# (body, expected status, expected phrase or None, stored as a turn?)
BAD: List[Tuple[Any, int, Optional[str], bool]] = [
    ({"message": ""}, 200, "empty", False),
    ({"message": "\x00\x01\x02"}, 200, "empty", False),
    ({"message": "how many ombudsmen attended? " + "blah " * 700}, 200, "very long", True),
    (b"{not json", 400, "JSON", False),
    ({"message": 5}, 400, "'message' must be a string", False),
    ({"message": "a" * 100_000}, 413, "bytes", False),
]


def parse_duration(text: str) -> float:
    """'30m', '90s', '1h' or plain seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", str(text))
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 30m, 120s, 1h)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return kb / 1024


class Soak:
    def __init__(self, bot: BotServers, users: int, seconds: float, seed: int = 21, windows: int = 6,
                 long_turns: int = LONG_TURNS) -> None:
        self.bot, self.users, self.seconds, self.windows = bot, users, seconds, windows
        self.long_turns = long_turns
        self.url = bot.url + "/webhooks/rest/webhook"
        self.run_id = uuid.uuid4().hex[:6]
        self.rng = random.Random(seed)
        self.records: List[Tuple[float, float, str]] = []  # (start offset, latency, kind)
        self.errors: List[str] = []
        self.expected_stored = 0
        self.rss: List[Tuple[float, float, float]] = []  # (offset, rasa MB, actions MB)
        self.start = 0.0

    async def post(self, session: aiohttp.ClientSession, kind: str, body: Any, status: int,
                   phrase: Optional[str], stored: bool) -> None:
        sent = time.monotonic()
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            async with session.post(self.url, data=data, headers={"Content-Type": "application/json"},
                                    timeout=aiohttp.ClientTimeout(total=60)) as r:
                got, raw = r.status, await r.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            self.errors.append(f"{kind}: {type(e).__name__}")
            return
        try:
            reply = json.loads(raw)
            text = "\n".join(m.get("text") or "" for m in reply) if isinstance(reply, list) else json.dumps(reply)
        except ValueError:
            text = raw.decode("utf-8", "replace")
        self.records.append((sent - self.start, time.monotonic() - sent, kind))
        if got != status or (phrase and phrase not in text) or (status == 200 and not text.strip()):
            self.errors.append(f"{kind}: status {got}, reply {text[:120]!r} (wanted {status}, {phrase!r})")
        elif stored:
            self.expected_stored += 1

    async def user(self, session: aiohttp.ClientSession, u: int, deadline: float) -> None:
        rng = random.Random(self.rng.random())
        lang, turn, n = rng.choice(list(SCRIPTS)), 0, 0
        long_sender = f"soak-{self.run_id}-{u}-long0"
        while time.monotonic() < deadline:
            pick, n = rng.random(), n + 1
            if pick < 0.55:  # the long conversation goes on
                if turn >= self.long_turns:
                    turn, long_sender = 0, f"soak-{self.run_id}-{u}-long{n}"
                text, phrase = SCRIPTS[lang][turn % len(SCRIPTS[lang])]
                turn += 1
                await self.post(session, f"long-{lang}", {"sender": long_sender, "message": text}, 200, phrase, True)
            elif pick < 0.8:  # a new short conversation, in any language
                other, sender = rng.choice(list(SCRIPTS)), f"soak-{self.run_id}-{u}-new{n}"
                for text, phrase in SCRIPTS[other][:3]:
                    await self.post(session, f"new-{other}", {"sender": sender, "message": text}, 200, phrase, True)
            elif pick < 0.9:
                body = {"sender": f"soak-{self.run_id}-{u}-crisis{n}", "message": rng.choice(CRISIS)}
                await self.post(session, "crisis", body, 200, "112", True)
            else:
                body, status, phrase, stored = rng.choice(BAD)
                if isinstance(body, dict):
                    body = {"sender": f"soak-{self.run_id}-{u}-bad{n}", **body}
                await self.post(session, "bad", body, status, phrase, stored)
            await asyncio.sleep(rng.uniform(0.5, 2.0))

    async def sample(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            with_actions = self.bot.procs.get("actions")
            self.rss.append((time.monotonic() - self.start, rss_mb(self.bot.procs["rasa"].pid),
                             rss_mb(with_actions.pid) if with_actions else 0.0))
            await asyncio.sleep(min(5.0, self.seconds / 40))

    def store(self) -> Dict[str, int]:
        path = self.bot.dir / "tracker.db"
        with sqlite3.connect(str(path), timeout=30) as con:
            events, users = con.execute(
                "SELECT count(*), sum(type_name = 'user') FROM events WHERE sender_id LIKE ?",
                (f"soak-{self.run_id}-%",)).fetchone()
        return {"bytes": path.stat().st_size, "events": events or 0, "user_events": users or 0}

    async def run(self) -> Dict[str, Any]:
        self.start = time.monotonic()
        deadline = self.start + self.seconds
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self.users + 2)) as session:
            await asyncio.gather(self.sample(deadline), *(self.user(session, u, deadline) for u in range(self.users)))
        await asyncio.sleep(1)  # the last turns are saved
        return self.report()

    def report(self) -> Dict[str, Any]:
        warm = min(0.1 * self.seconds, 180.0)
        window = min(300.0, (self.seconds - warm) / self.windows)
        first = [lat for t, lat, _ in self.records if warm <= t < warm + window]
        last = [lat for t, lat, _ in self.records if t >= self.seconds - window]
        p95_first, p95_last = percentile(first, 0.95), percentile(last, 0.95)

        def rss_in(lo: float, hi: float, col: int) -> float:
            values = [s[col] for s in self.rss if lo <= s[0] < hi] or [self.rss[-1][col]]
            return sorted(values)[len(values) // 2]

        growth = {name: round(100 * (rss_in(self.seconds - window, self.seconds + 1, col)
                                     / max(rss_in(warm, warm + window, col), 1e-9) - 1), 1)
                  for name, col in (("rasa", 1), ("actions", 2))}
        store = self.store()
        return {
            "seconds": round(self.seconds), "users": self.users, "messages": len(self.records),
            "messages_per_s": round(len(self.records) / self.seconds, 2), "errors": len(self.errors),
            "error_examples": self.errors[:10],
            "kinds": {k: sum(1 for *_, kind in self.records if kind.split("-")[0] == k)
                      for k in ("long", "new", "crisis", "bad")},
            "warmup_s": round(warm), "window_s": round(window),
            "p50_s": round(percentile([lat for _, lat, _ in self.records], 0.5), 3),
            "p95_first_s": round(p95_first, 3), "p95_last_s": round(p95_last, 3),
            "p95_ratio": round(p95_last / p95_first, 2) if p95_first else None,
            "p95_per_window_s": [round(percentile([lat for t, lat, _ in self.records if lo <= t < lo + window], 0.95), 3)
                                 for lo in [warm + i * window for i in range(int((self.seconds - warm) // window))]],
            "rss_mb_after_warmup": {"rasa": round(rss_in(warm, warm + window, 1)),
                                    "actions": round(rss_in(warm, warm + window, 2))},
            "rss_mb_end": {"rasa": round(self.rss[-1][1]), "actions": round(self.rss[-1][2])},
            "rss_growth_pct": growth,
            "store": {**store, "expected_user_events": self.expected_stored,
                      "bytes_per_stored_message": round(store["bytes"] / max(store["user_events"], 1)),
                      "events_per_stored_message": round(store["events"] / max(store["user_events"], 1), 1)},
        }


def verdict(result: Dict[str, Any], max_rss_growth: float, max_p95_ratio: float, min_mb: float = 0.0) -> List[str]:
    """The criteria that failed (empty: all met). A process's RSS growth counts when it is over
    `max_rss_growth` percent and over `min_mb` MB (a floor for the small action server)."""
    failed = []
    if result["errors"]:
        failed.append(f"{result['errors']} errors")
    grown = [name for name, pct in result["rss_growth_pct"].items() if pct > max_rss_growth
             and result["rss_mb_end"][name] - result["rss_mb_after_warmup"][name] > min_mb]
    if grown:
        failed.append(f"RSS grew {result['rss_growth_pct']} % (limit {max_rss_growth} %)")
    if result["p95_ratio"] is None or result["p95_ratio"] > max_p95_ratio:
        failed.append(f"p95 last/first {result['p95_ratio']} (limit {max_p95_ratio})")
    if result["store"]["user_events"] != result["store"]["expected_user_events"]:
        failed.append(f"store holds {result['store']['user_events']} user messages, "
                      f"expected {result['store']['expected_user_events']}")
    return failed


def soak(seconds: float, users: int = 8, windows: int = 6, long_turns: int = LONG_TURNS) -> Dict[str, Any]:
    """The figures of a soak of `seconds` (compared windows: 5 min, at most 1/`windows` of the
    time after warm-up; long conversations of `long_turns` turns)."""
    with BotServers() as bot:
        return asyncio.run(Soak(bot, users, seconds, windows=windows, long_turns=long_turns).run())


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duration", type=parse_duration, default=parse_duration("30m"), help="e.g. 30m, 120s")
    p.add_argument("--users", type=int, default=8)
    p.add_argument("--max-rss-growth", type=float, default=5.0, help="percent, after warm-up")
    p.add_argument("--max-p95-ratio", type=float, default=1.2, help="p95 of the last window / the first")
    args = p.parse_args(argv)
    result = soak(args.duration, args.users)
    failed = verdict(result, args.max_rss_growth, args.max_p95_ratio)
    print(json.dumps({**result, "failed": failed}, indent=2, ensure_ascii=False))
    print("soak: " + ("all criteria met" if not failed else "FAILED: " + "; ".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
