"""Throughput of the production profile with 1, 2 and 4 Rasa instances, in one run.

One cluster with the largest number of instances is started (deploy/cluster.sh: PostgreSQL,
Redis, 2 action servers, HAProxy). For each size n, HAProxy is told to use only the first n
instances (the others go to maintenance and sit idle), then the REST load test of bench/load.py
(50 users, each sending the next question when the reply has come) runs through the balancer.
Prints messages/s, p50/p95 latency and errors per size as a table, then one JSON line; also how
much CPU the cluster, the load generator and everything else on the machine used meanwhile.

    .venv/bin/python -m bench.cluster                         # 1, 2, 4 instances; 50 users; 25 s each
    .venv/bin/python -m bench.cluster --instances 1,2 --seconds 20

Traffic goes to 127.0.0.1 only. Takes about 5 minutes on 2 cores (mostly starting 4 instances).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from typing import Dict, List, Optional, Set, Tuple

from bench.load import run_load


def _cpu() -> Tuple[int, Dict[int, Tuple[int, int]]]:
    """Busy clock ticks of the whole machine, and {pid: (ppid, ticks)} of every process."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    busy = sum(v) - v[3] - v[4]  # all but idle and iowait
    procs = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    rest = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            procs[int(d)] = (int(rest[1]), int(rest[11]) + int(rest[12]))
    return busy, procs


def _family(roots: Set[int], procs: Dict[int, Tuple[int, int]]) -> Set[int]:
    family, grew = set(roots), True
    while grew:
        grew = False
        for pid, (ppid, _) in procs.items():
            if ppid in family and pid not in family:
                family.add(pid)
                grew = True
    return family


def cpu_split(before, after, cluster_roots: Set[int]) -> Dict[str, float]:
    """How the machine's busy CPU time between two _cpu() snapshots divides between the cluster
    (the root pids and their children), this process (the load generator) and the rest."""
    (busy0, p0), (busy1, p1) = before, after
    cluster = _family(cluster_roots, p1)
    used = {"cluster": 0, "load_generator": 0}
    for pid, (_, t1) in p1.items():
        delta = t1 - p0.get(pid, (0, 0))[1]
        if pid in cluster:
            used["cluster"] += delta
        elif pid == os.getpid():
            used["load_generator"] += delta
    busy = max(1, busy1 - busy0)
    used["other"] = max(0, busy - used["cluster"] - used["load_generator"])
    return {k: min(1.0, v / busy) for k, v in used.items()}


def store_counters(c) -> Dict[str, float]:
    """PostgreSQL's transactions, inserted and fetched rows of the database, and Redis's commands
    so far: per message, the load a message puts on each (docs/capacity.md)."""
    out: Dict[str, float] = {}
    try:
        with c.db() as conn, conn.cursor() as cur:
            cur.execute("SELECT xact_commit, tup_inserted, tup_fetched, tup_returned FROM pg_stat_database "
                        "WHERE datname = current_database()")
            out["pg_commits"], out["pg_rows_inserted"], out["pg_rows_fetched"], out["pg_rows_returned"] = cur.fetchone()
        conn.close()
    except Exception as e:  # the figures are extra: never fail the bench for them
        print(f"(no PostgreSQL counters: {e})", file=sys.stderr)
    try:
        import redis

        s = c.settings
        r = redis.Redis(host=s["REDIS_HOST"], port=int(s["REDIS_PORT"]), password=s.get("REDIS_PASSWORD") or None)
        out["redis_commands"] = sum(v["calls"] for k, v in r.info("commandstats").items()
                                    if k not in ("cmdstat_info", "cmdstat_ping"))
    except Exception as e:
        print(f"(no Redis counters: {e})", file=sys.stderr)
    return out


def run(sizes: List[int], users: int, seconds: float, action_servers: int) -> Dict[str, object]:
    from tools.cluster import Cluster

    cores = os.cpu_count() or 1
    runs = []
    print(f"== starting a cluster of {max(sizes)} Rasa instances (several minutes on {cores} cores)",
          file=sys.stderr)
    started = time.monotonic()
    with Cluster(instances=max(sizes), action_servers=action_servers) as c:
        print(f"== cluster up in {time.monotonic() - started:.0f}s; warming up each instance", file=sys.stderr)
        for url in c.rasa_urls:  # the first messages of an instance are slower
            asyncio.run(run_load(url, users=5, seconds=3))
        roots = {c.pid(name) for name in
                 [f"rasa-{i}" for i in range(1, max(sizes) + 1)]
                 + [f"actions-{i}" for i in range(1, action_servers + 1)] + ["haproxy", "redis"]}
        pgdata = (c.dir / "pgdata.path").read_text().strip()
        with open(os.path.join(pgdata, "postmaster.pid")) as f:
            roots.add(int(f.readline()))
        for n in sizes:
            c.set_active(n)
            time.sleep(1)
            stot0 = {k: int(v["stot"]) for k, v in c.servers("rasa").items()}
            print(f"== {n} instance(s): {users} users for {seconds:.0f}s", file=sys.stderr)
            counters0 = store_counters(c)
            cpu0, wall0 = _cpu(), time.monotonic()
            result = asyncio.run(run_load(c.lb_url, users=users, seconds=seconds))
            cpu1, wall1 = _cpu(), time.monotonic()
            counters1 = store_counters(c)
            answered = max(1, result["messages"] - result["errors"])
            result["per_message"] = {k: round((counters1[k] - counters0[k]) / answered, 2)
                                     for k in counters1 if k in counters0}
            busy = (cpu1[0] - cpu0[0]) / os.sysconf("SC_CLK_TCK") / (wall1 - wall0) / cores
            split = cpu_split(cpu0, cpu1, roots)
            result.update({
                "instances": n,
                "per_instance": {k: int(v["stot"]) - stot0.get(k, 0) for k, v in c.servers("rasa").items()
                                 if int(v["stot"]) - stot0.get(k, 0)},
                "cpu_busy_pct": round(100 * busy, 1),
                "cpu_cluster_pct": round(100 * busy * split["cluster"], 1),
                "cpu_load_generator_pct": round(100 * busy * split["load_generator"], 1),
                "cpu_other_pct": round(100 * busy * split["other"], 1),
            })
            cluster_cores = busy * split["cluster"] * cores
            result["messages_per_cluster_cpu_s"] = round(result["messages_per_s"] / max(cluster_cores, 1e-9), 2)
            runs.append(result)
        c.set_active(max(sizes))
    return {"cores": cores, "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "action_servers": action_servers, "runs": runs}


KEYS = ["instances", "users", "seconds", "messages", "messages_per_s", "p50_ms", "p95_ms", "errors",
        "empty_replies", "out_of_order", "cpu_busy_pct", "cpu_cluster_pct", "cpu_other_pct",
        "messages_per_cluster_cpu_s"]


def print_table(report: Dict[str, object]) -> None:
    rows = [[str(r[k]) for k in KEYS] for r in report["runs"]]
    widths = [max(len(k), *(len(row[i]) for row in rows)) for i, k in enumerate(KEYS)]
    print(" | ".join(k.rjust(w) for k, w in zip(KEYS, widths, strict=False)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(v.rjust(w) for v, w in zip(row, widths, strict=False)))
    print(f"({report['cores']} cores, {report['memory_gb']} GB; {report['action_servers']} action servers; "
          "cpu_*_pct: share of all cores during the run; cpu_other_pct: processes outside the cluster "
          "and the load generator; messages_per_cluster_cpu_s: messages per CPU-second the cluster used)")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="1,2,4", help="sizes to measure, e.g. 1,2,4")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--action-servers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args(argv)
    sizes = sorted({int(x) for x in args.instances.split(",")})
    if not sizes or sizes[0] < 1:
        parser.error("--instances: positive numbers, e.g. 1,2,4")
    report = run(sizes, args.users, args.seconds, args.action_servers)
    if not args.json:
        print_table(report)
    print(json.dumps(report))
    return 0 if all(r["errors"] == 0 and r["empty_replies"] == 0 for r in report["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
