"""Cost against the length of one conversation: the round trip of every message of one long
conversation (REST and socket.io), ours and the bare `rasa init` bot, in the same run.

    .venv/bin/python -m bench.curve_run                   # 200 messages, 3 repetitions, both bots
    .venv/bin/python -m bench.curve_run --messages 60 --reps 1 --skip-baseline
    .venv/bin/python -m bench.curve_run --render FILE.json  # the table and the PNG of a saved run

Per repetition and bot: one conversation of --messages REST messages (the fixed varied list of
bench/measure.py, cycled), then one of --messages socket.io messages (python-socketio, polling
transport; a turn ends when no reply came for --quiet seconds, and its round trip is the time
to its last reply, the wait excluded), and Rasa's CPU time (/proc) per block of 10 messages.
Figures: the median round trip of messages 1-10 and of the last 10 (190-200) and their ratio
(the flat-cost target: <= 1.2), medians over the repetitions. The PNG (docs/perf-curve.png)
plots the median over the repetitions of each block of 10 against the message number.
bench/bench.py runs the same measure inside `make bench` (function `curve`).
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List

from bench.questions import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "docs" / "perf-curve.png"
BLOCK = 10


def rest_conversation(bot: Any, n: int, tag: str) -> Dict[str, List[float]]:
    """Round trips (ms) of n REST messages in one conversation, and Rasa's CPU ms per message
    for each block of 10."""
    sender = f"curve-rest-{tag}-{uuid.uuid4().hex[:6]}"
    lat, cpu, errors = [], [], 0
    cpu0 = bot.cpu("rasa")
    for i in range(n):
        start = time.monotonic()
        status, _ = bot.post({"sender": sender, "message": QUESTIONS[i % len(QUESTIONS)]})
        lat.append(round((time.monotonic() - start) * 1000, 2))
        errors += status != 200
        if (i + 1) % BLOCK == 0:
            now = bot.cpu("rasa")
            cpu.append(round((now - cpu0) * 1000 / BLOCK, 2))
            cpu0 = now
    return {"latency_ms": lat, "cpu_ms": cpu, "errors": errors}


async def _socket_conversation(url: str, n: int, quiet: float, timeout: float) -> Dict[str, Any]:
    import socketio

    client = socketio.AsyncClient(reconnection=False)
    uttered: asyncio.Queue = asyncio.Queue()
    confirmed: asyncio.Queue = asyncio.Queue()
    client.on("bot_uttered", lambda data: uttered.put_nowait(time.monotonic()))
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    session = uuid.uuid4().hex
    await client.connect(url, transports=["polling"], socketio_path="socket.io")
    lat, errors = [], 0
    try:
        await client.emit("session_request", {"session_id": session})
        await asyncio.wait_for(confirmed.get(), 30)
        await asyncio.sleep(quiet)
        while not uttered.empty():  # a greeting at the session start, if any
            uttered.get_nowait()
        for i in range(n):
            start = time.monotonic()
            await client.emit("user_uttered", {"message": QUESTIONS[i % len(QUESTIONS)], "session_id": session})
            try:
                last = await asyncio.wait_for(uttered.get(), timeout)
            except asyncio.TimeoutError:
                errors += 1
                continue
            while True:  # the rest of this turn's replies: quiet for `quiet` s, the turn is over
                try:
                    last = await asyncio.wait_for(uttered.get(), quiet)
                except asyncio.TimeoutError:
                    break
            lat.append(round((last - start) * 1000, 2))
    finally:
        await client.eio.disconnect(abort=True)
    return {"latency_ms": lat, "errors": errors}


def socket_conversation(bot: Any, n: int, quiet: float = 0.3, timeout: float = 30) -> Dict[str, Any]:
    cpu0 = bot.cpu("rasa")
    result = asyncio.run(_socket_conversation(bot.url, n, quiet, timeout))
    result["cpu_ms_per_message"] = round((bot.cpu("rasa") - cpu0) * 1000 / max(1, n), 2)
    return result


def edges(lat: List[float], block: int = BLOCK) -> Dict[str, float]:
    """Median of the first and of the last `block` round trips, and last / first."""
    first, last = statistics.median(lat[:block]), statistics.median(lat[-block:])
    return {"first_ms": round(first, 1), "last_ms": round(last, 1), "last_over_first": round(last / first, 2)}


def curve(bot: Any, n: int, tag: str, socket: bool = True, quiet: float = 0.3) -> Dict[str, Any]:
    """The figures of one repetition for one bot (used by bench/bench.py too)."""
    out: Dict[str, Any] = {"rest": rest_conversation(bot, n, tag)}
    if socket:
        out["socketio"] = socket_conversation(bot, n, quiet)
    fig: Dict[str, float] = {}
    for channel, data in out.items():
        if len(data["latency_ms"]) >= 2 * BLOCK:
            for k, v in edges(data["latency_ms"]).items():
                fig[f"curve_{channel}_{k}"] = v
        fig[f"curve_{channel}_errors"] = data["errors"]
    if out["rest"]["cpu_ms"]:
        fig["curve_rest_cpu_first_ms"] = out["rest"]["cpu_ms"][0]
        fig["curve_rest_cpu_last_ms"] = out["rest"]["cpu_ms"][-1]
        fig["curve_rest_cpu_last_over_first"] = round(out["rest"]["cpu_ms"][-1] / out["rest"]["cpu_ms"][0], 2)
    return {"figures": fig, "series": out}


def blocks(series: List[List[float]], block: int = BLOCK) -> List[float]:
    """Median over repetitions of each block's median."""
    per_rep = [[statistics.median(s[i:i + block]) for i in range(0, len(s) - block + 1, block)] for s in series if s]
    length = min(len(r) for r in per_rep)
    return [round(statistics.median(r[i] for r in per_rep), 1) for i in range(length)]


def plot(runs: Dict[str, List[Dict[str, Any]]], path: Path) -> None:
    """Latency against message number: ours and bare, REST and socket.io (medians of each block
    of 10 over the repetitions); Rasa's CPU per REST message on a second panel."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax_cpu) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"assistant": ("ours", "-"), "baseline": ("bare rasa init", "--")}
    for who, reps in runs.items():
        if not reps:
            continue
        label, line = styles[who]
        for channel, marker in (("rest", "o"), ("socketio", "s")):
            series = [r["series"][channel]["latency_ms"] for r in reps if channel in r["series"]]
            if not series:
                continue
            y = blocks(series)
            x = [BLOCK * i + BLOCK / 2 for i in range(len(y))]
            ax.plot(x, y, line, marker=marker, markersize=3, label=f"{label}, {channel}")
        cpu = [r["series"]["rest"]["cpu_ms"] for r in reps]
        y = [round(statistics.median(c[i] for c in cpu), 1) for i in range(min(map(len, cpu)))]
        ax_cpu.plot([BLOCK * i + BLOCK / 2 for i in range(len(y))], y, line, marker="o", markersize=3, label=label)
    ax.set(xlabel="message number in one conversation", ylabel="round trip, ms (median of 10)",
           title="Round trip against conversation length")
    ax_cpu.set(xlabel="message number in one conversation", ylabel="Rasa CPU per message, ms",
               title="CPU per REST message (/proc)")
    for a in (ax, ax_cpu):
        a.set_ylim(bottom=0)
        a.grid(alpha=0.3)
        a.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def summarize(runs: Dict[str, List[Dict[str, Any]]]) -> Dict[str, Dict[str, float]]:
    out = {}
    for who, reps in runs.items():
        if reps:
            keys = reps[0]["figures"].keys()
            out[who] = {k: (sum(r["figures"][k] for r in reps) if k.endswith("_errors")
                            else round(statistics.median(r["figures"][k] for r in reps), 2)) for k in keys}
    return out


def table(summary: Dict[str, Dict[str, float]], n: int) -> str:
    ours, base = summary.get("assistant", {}), summary.get("baseline", {})
    lines = [f"| one conversation of {n} messages (medians) | ours | bare rasa init |", "|---|---:|---:|"]
    labels = {"first_ms": "round trip, messages 1-10, ms", "last_ms": f"round trip, messages {n - 9}-{n}, ms",
              "last_over_first": "last 10 / first 10 (target <= 1.2)", "errors": "errors"}
    for channel in ("rest", "socketio"):
        for k, label in labels.items():
            key = f"curve_{channel}_{k}"
            if key in ours or key in base:
                lines.append(f"| {channel}: {label} | {ours.get(key, '-')} | {base.get(key, '-')} |")
    for k, label in (("first_ms", "first 10"), ("last_ms", "last 10"), ("last_over_first", "last / first")):
        key = f"curve_rest_cpu_{k}"
        if key in ours:
            lines.append(f"| Rasa CPU per REST message, {label} | {ours.get(key)} | {base.get(key, '-')} |")
    return "\n".join(lines)
