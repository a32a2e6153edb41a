"""Capacity past one machine, on paper: from the measured cost of a message (CPU of Rasa and of
the action server, memory per instance, statements and rows per message in PostgreSQL, Redis
commands per message) to the cores, instances, PostgreSQL and Redis a deployment needs for a
number of children chatting at the same time. docs/capacity.md explains the inputs and the
results; the inputs measured on this machine are the defaults.

    .venv/bin/python -m bench.capacity                         # the table for 1,000 / 10,000 / 100,000
    .venv/bin/python -m bench.capacity --children 5000 --rate 0.05 --rasa-cpu-ms 25
    .venv/bin/python -m bench.capacity --simulate              # also a discrete-event check of the model

The model: each Rasa instance is one Python process, i.e. one server of a queue (its CPU per
message is the service time; TensorFlow's extra threads are inside the measured CPU time);
messages arrive as a Poisson stream of rate children * rate; HAProxy spreads them over the
instances (leastconn: one shared queue, an M/M/c queue). The number of instances is the least
c whose utilisation stays <= --max-util and whose p95 response time (Erlang C waiting + service)
stays <= --p95-target. Every other tier is sized by its load per message against a stated
capacity per unit (PostgreSQL commits/s and rows/s of one primary, Redis commands/s of one
instance, requests/s of one HAProxy): those capacities are rules of thumb, not measured here.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import random
import sys
from typing import Dict, List, Optional

# Measured on this machine (docs/performance.md, "Results, session 5"; docs/capacity.md).
DEFAULTS = {
    "rasa_cpu_ms": 20.0,         # CPU per REST message, Rasa (/proc), flat in the conversation length
    "actions_cpu_ms": 2.5,       # CPU per message, action server
    "rasa_rss_gb": 0.63,         # RSS of one Rasa instance after the load test (start-up hook, session 7)
    "actions_rss_gb": 0.06,      # RSS of one action server
    "events_per_message": 9.3,   # rows inserted per user message (pg_stat_database, make bench-cluster)
    "pg_tx_per_message": 4.5,    # transactions per message: one writes (the turn), the others read
    "redis_per_message": 11,     # lock store commands per message (INFO commandstats, make bench-cluster)
    "row_bytes": 1500,           # bytes of one stored event (JSON with the parse data), before indexes
}
# Rules of thumb for one unit of each tier (not measured here; see docs/capacity.md).
CAPACITY = {
    "pg_commits_per_s": 3000,    # writing transactions of one PostgreSQL primary on SSD, synchronous commit
    "pg_read_tx_per_s": 30000,   # short read-only transactions (index lookups) of one primary
    "pg_rows_per_s": 40000,      # inserts into one table with two indexes
    "redis_ops_per_s": 80000,    # one Redis instance (single-threaded), small commands
    "haproxy_req_per_s": 20000,  # one HAProxy process, HTTP keep-alive, on 1-2 cores
    "action_cores_per_server": 1.0,
}


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits, M/M/c with offered load a = lambda / mu (< c)."""
    if a >= c:
        return 1.0
    term, total = 1.0, 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    term *= a / c
    top = term * c / (c - a)
    return top / (total + top)


def p95_response_s(c: int, lam: float, service_s: float) -> float:
    """95th percentile of the response time (waiting + service) of an M/M/c queue, by
    inverting P(T > t) numerically (waiting is exponential given that one waits)."""
    mu = 1.0 / service_s
    a = lam / mu
    if a >= c:
        return math.inf
    pw, theta = erlang_c(c, a), c * mu - lam

    def tail(t: float) -> float:  # P(W + S > t), W and S independent
        if abs(theta - mu) < 1e-9:
            return math.exp(-mu * t) * (1 + pw * mu * t)
        return (1 - pw) * math.exp(-mu * t) + pw * (theta * math.exp(-mu * t) - mu * math.exp(-theta * t)) / (theta - mu)

    lo, hi = 0.0, 60.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if tail(mid) > 0.05 else (lo, mid)
    return hi


def instances_for(lam: float, service_s: float, max_util: float, p95_target_s: float) -> int:
    c = max(1, math.ceil(lam * service_s / max_util))
    while p95_response_s(c, lam, service_s) > p95_target_s or lam * service_s / c > max_util:
        c += 1
    return c


def plan(children: int, rate: float, inputs: Dict[str, float], max_util: float = 0.65,
         p95_target_s: float = 0.5, cores_per_machine: int = 8, spare: float = 0.25) -> Dict[str, object]:
    lam = children * rate
    service = inputs["rasa_cpu_ms"] / 1000
    rasa = instances_for(lam, service, max_util, p95_target_s)
    rasa_ha = max(2, math.ceil(rasa * (1 + spare)))  # one machine may fail; never a single instance
    actions_cores = lam * inputs["actions_cpu_ms"] / 1000
    actions = max(2, math.ceil(actions_cores / (max_util * CAPACITY["action_cores_per_server"])))
    commits, rows = lam, lam * inputs["events_per_message"]
    reads = lam * max(0.0, inputs["pg_tx_per_message"] - 1)
    pg_by_commits = commits / CAPACITY["pg_commits_per_s"] + reads / CAPACITY["pg_read_tx_per_s"]
    pg_by_rows = rows / CAPACITY["pg_rows_per_s"]
    pg_primaries = max(1, math.ceil(max(pg_by_commits, pg_by_rows) / max_util))
    redis_ops = lam * inputs["redis_per_message"]
    redis = max(1, math.ceil(redis_ops / CAPACITY["redis_ops_per_s"] / max_util))
    haproxy = max(1, math.ceil(lam / CAPACITY["haproxy_req_per_s"] / max_util))
    cores = rasa_ha + actions * CAPACITY["action_cores_per_server"]
    memory = rasa_ha * inputs["rasa_rss_gb"] + actions * inputs["actions_rss_gb"]
    # the load on one unit of each tier (1.0: saturated): which one runs out first
    single = {"Rasa CPU (one core)": lam * service, "PostgreSQL writes (one primary)": max(pg_by_commits, pg_by_rows),
              "Redis locks (one instance)": redis_ops / CAPACITY["redis_ops_per_s"],
              "HAProxy (one process)": lam / CAPACITY["haproxy_req_per_s"]}
    return {
        "children": children, "messages_per_s": round(lam, 1),
        "rasa_instances": rasa, "rasa_instances_with_spare": rasa_ha,
        "p95_s_at_that_size": round(p95_response_s(rasa, lam, service), 3),
        "action_servers": actions, "cores": round(cores, 1),
        "machines": math.ceil(cores / (cores_per_machine * 0.85)),
        "memory_gb": round(memory, 1),
        "pg_commits_per_s": round(commits), "pg_read_tx_per_s": round(reads), "pg_rows_per_s": round(rows),
        "pg_write_mb_per_s": round(rows * inputs["row_bytes"] / 1e6, 1),
        "pg_rows_per_day_m": round(rows * 86400 / 1e6 / 3, 1),  # a school day: a third of 24 h at this rate
        "pg_primaries": pg_primaries, "redis_ops_per_s": round(redis_ops), "redis_instances": redis,
        "haproxy": haproxy,
        "first_bottleneck_on_one_unit": max(single, key=single.get),
        "utilisation_one_unit": {k: round(v, 2) for k, v in single.items()},
    }


def simulate(lam: float, service_s: float, c: int, messages: int = 200000, seed: int = 1) -> Dict[str, float]:
    """Discrete-event check of the M/M/c figures: one shared queue (leastconn), c servers,
    exponential service times with the measured mean. Returns p50/p95 response in seconds."""
    rng = random.Random(seed)
    free: List[float] = [0.0] * c  # the time each server becomes free
    heapq.heapify(free)
    t, times = 0.0, []
    for _ in range(messages):
        t += rng.expovariate(lam)
        start = max(t, heapq.heappop(free))
        end = start + rng.expovariate(1 / service_s)
        heapq.heappush(free, end)
        times.append(end - t)
    times.sort()
    return {"p50_s": round(times[len(times) // 2], 3), "p95_s": round(times[int(len(times) * 0.95)], 3)}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rate", type=float, default=1 / 20, help="messages per second per chatting child (1 per 20 s)")
    parser.add_argument("--max-util", type=float, default=0.65)
    parser.add_argument("--p95-target", type=float, default=0.5, help="seconds, Rasa's part of a round trip")
    parser.add_argument("--simulate", action="store_true")
    for k, v in DEFAULTS.items():
        parser.add_argument("--" + k.replace("_", "-"), type=float, default=v)
    args = parser.parse_args(argv)
    inputs = {k: getattr(args, k) for k in DEFAULTS}
    plans = [plan(n, args.rate, inputs, args.max_util, args.p95_target) for n in args.children]
    for p in plans:
        if args.simulate:
            p["simulated"] = simulate(p["messages_per_s"], inputs["rasa_cpu_ms"] / 1000, p["rasa_instances"])
        print(json.dumps(p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
