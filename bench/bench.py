"""Benchmark: latency, throughput, memory, load and train time of the assistant, each as a ratio
to a bare `rasa init` assistant measured in the same run. Prints a table, then the JSON as the
last line.

    .venv/bin/python -m bench.bench                 # full run, 3 repetitions (~30-40 min on 2 cores)
    .venv/bin/python -m bench.bench --smoke         # CI: tiny counts, one repetition, no training, no baseline
    .venv/bin/python -m bench.bench --skip-train --reps 1 --seconds 10

Per repetition and per assistant (ours and the baseline, interleaved so that both see the same
machine load):
  - model load: time from starting `rasa run` until it has answered the first REST message;
  - REST round trip p50/p95 over --sequential messages sent one after another (a fixed varied
    list, a new conversation every 10 messages), and /model/parse p50 over the same messages
    (Rasa started with --enable-api --auth-token): the NLU floor;
  - throughput and p95 at 1, 10 and 50 concurrent users (bench.load.run_load), with errors;
  - resident memory (VmRSS of the process tree) of Rasa and of the action server afterwards.
Then the train time from scratch (fresh cache dir, --force, into a temp dir), --reps times each.
The figures reported are the medians over the repetitions; every repetition is in the JSON.

Both assistants run the same way: loopback ports, a temporary SQLite tracker store
(tools.servers.BotServers). The baseline is `rasa init --no-prompt` in a temp dir (default
pipeline and policies, no custom actions, Rasa's own REST channel). Experiments: --model,
--config, --env and --tracker compare variants (see docs/performance.md); nothing is written to
models/ unless the model is missing (then it is trained there, as `make train` would).

The measuring helpers (processes, servers, measures, medians) are in bench/measure.py; this module
is the command line: it runs the repetitions and prints the table and the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

from bench.measure import (
    RATIO_SKIP,
    ensure_model,
    log,
    make_baseline,
    measure_servers,
    medians,
    paired_ratios,
    train_time,
)
from tools.servers import MODEL, ROOT

USERS = (1, 10, 50)
TARGETS = {  # name: (ratio or figure key, op, value); "... baseline": a same-run ratio (issue 20)
    "flat cost, REST: messages 190-200 / 1-10 <= 1.2": ("curve_rest_last_over_first", "<=", 1.2),
    "flat cost, socket.io: messages 190-200 / 1-10 <= 1.2": ("curve_socketio_last_over_first", "<=", 1.2),
    "throughput at 10 users >= 2x baseline": ("users_10_messages_per_s", ">=", 2.0),
    "throughput at 50 users >= 2x baseline": ("users_50_messages_per_s", ">=", 2.0),
    "p95 at 10 users <= 0.6x baseline": ("users_10_p95_ms", "<=", 0.6),
    "p95 at 50 users <= 0.6x baseline": ("users_50_p95_ms", "<=", 0.6),
    "0 errors at 10 users": ("users_10_errors", "==", 0),
    "0 errors at 50 users": ("users_50_errors", "==", 0),
    "REST p50 <= 1.6x /model/parse p50": ("rest_over_parse", "<=", 1.6),
    "RSS of both servers after the load <= 0.8 GB": ("rss_total_mb", "<=", 800),
    "train from scratch <= 60 s": ("train_s", "<=", 60),
}


# -- output ----------------------------------------------------------------------------------------
def check(value: Optional[float], op: str, limit: float) -> Optional[bool]:
    if value is None or value != value:
        return None
    return {"<=": value <= limit, ">=": value >= limit, "==": value == limit}[op]


def table(result: Dict[str, Any]) -> str:
    ours, base, ratio = result["assistant"], result.get("baseline") or {}, result.get("ratio") or {}
    rows = [("model load (until first reply), s", "model_load_s"),
            ("REST round trip p50, ms", "rest_p50_ms"), ("REST round trip p95, ms", "rest_p95_ms"),
            ("/model/parse p50, ms (NLU floor)", "parse_p50_ms"), ("REST p50 / parse p50", "rest_over_parse"),
            ("CPU per REST message, Rasa, ms", "cpu_ms_per_message_rasa"),
            ("CPU per REST message, action server, ms", "cpu_ms_per_message_actions")]
    n = result.get("curve_messages") or 200
    for channel in ("rest", "socketio"):
        rows += [(f"one conversation, {channel}: round trip messages 1-10, ms", f"curve_{channel}_first_ms"),
                 (f"one conversation, {channel}: round trip messages {n - 9}-{n}, ms", f"curve_{channel}_last_ms"),
                 (f"one conversation, {channel}: last 10 / first 10", f"curve_{channel}_last_over_first")]
    rows += [("one conversation: Rasa CPU per REST message, first 10, ms", "curve_rest_cpu_first_ms"),
             (f"one conversation: Rasa CPU per REST message, {n - 9}-{n}, ms", "curve_rest_cpu_last_ms")]
    for u in result["users"]:
        rows += [(f"{u} users: messages/s", f"users_{u}_messages_per_s"),
                 (f"{u} users: p95, ms", f"users_{u}_p95_ms"), (f"{u} users: errors", f"users_{u}_errors"),
                 (f"{u} users: wrong or empty replies", f"users_{u}_empty_or_out_of_order")]
    rows += [("RSS Rasa, MB", "rss_rasa_mb"), ("RSS action server, MB", "rss_actions_mb"),
             ("RSS both, MB", "rss_total_mb"), ("train from scratch, s", "train_s")]

    def cell(d: Dict[str, Any], k: str) -> str:
        return "-" if k not in d else f"{d[k]:g}"

    lines = [f"| measure (median of {result['reps']}; errors: total) | ours | bare rasa init | ratio* |", "|---|---:|---:|---:|"]
    lines += [f"| {label} | {cell(ours, k)} | {cell(base, k)} | {cell(ratio, k)} |" for label, k in rows]
    if ratio:
        lines += ["", "*ratio: median over the repetitions of ours / baseline, each pair measured back to back."]
    if result.get("targets"):
        lines += ["", "| target | value | |", "|---|---:|---|"]
        for name, t in result["targets"].items():
            verdict = {True: "met", False: "NOT met", None: "not measured"}[t["met"]]
            lines.append(f"| {name} | {'-' if t['value'] is None else t['value']} | {verdict} |")
    return "\n".join(lines)


def add_targets(result: Dict[str, Any]) -> None:
    targets = {}
    for name, (key, op, limit) in TARGETS.items():
        source = result.get("ratio", {}) if name.endswith("baseline") else result["assistant"]
        value = source.get(key)
        targets[name] = {"value": value, "met": check(value, op, limit)}
    result["targets"] = targets



# -- main ------------------------------------------------------------------------------------------
def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="CI: 20 sequential messages, 5 s per level, 1 repetition, no training, no baseline")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--users", type=int, nargs="+", default=list(USERS))
    parser.add_argument("--curve", type=int, default=200, metavar="N",
                        help="messages of the one long conversation (REST and socket.io; bench/curve.py); 0: none")
    parser.add_argument("--curve-png", type=Path, default=None,
                        help="write the latency curve there (default docs/perf-curve.png on a full run)")
    parser.add_argument("--skip-train", action="store_true", help="no train-from-scratch measure")
    parser.add_argument("--skip-baseline", action="store_true", help="no bare `rasa init` comparison")
    parser.add_argument("--model", type=Path, default=MODEL, help="our model (default models/child-safety.tar.gz)")
    parser.add_argument("--config", type=Path, help="config for the train-time measure (default config.yml)")
    parser.add_argument("--tracker", choices=["sqlite", "memory"], default="sqlite",
                        help="tracker store of both assistants (default: SQLite in a temp dir, as in production)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for our assistant's servers and training, e.g. "
                             "TF_INTRA_OP_PARALLELISM_THREADS=1 (repeatable)")
    parser.add_argument("--json-out", type=Path, help="also write the JSON to this file")
    parser.add_argument("--render", type=Path, help="only print the table of a JSON written by --json-out")
    args = parser.parse_args(argv)
    if args.smoke and not args.render:
        args.reps, args.sequential, args.seconds, args.curve = 1, 20, 5, min(args.curve, 20)
        args.skip_train = args.skip_baseline = True
    return args


def render(path: Path) -> None:
    """Print the table of a JSON written by --json-out."""
    result = json.loads(path.read_text())
    if result["runs"].get("baseline"):
        result["ratio"] = paired_ratios(result["runs"]["assistant"], result["runs"]["baseline"])
    add_targets(result)
    print(table(result))


def run_reps(args: argparse.Namespace, model: Path, our_env: Dict[str, str],
             base_env: Dict[str, str]) -> Dict[str, List[Dict[str, float]]]:
    """Every repetition of the server measures, ours and the baseline's interleaved, then the
    train times; on a copy of `model`, even if models/ is retrained meanwhile."""
    runs: Dict[str, List[Dict[str, float]]] = {"assistant": [], "baseline": []}
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        base_dir = Path(tmp) / "baseline"
        base_dir.mkdir()
        shutil.copyfile(model, Path(tmp) / "assistant-model.tar.gz")
        model = Path(tmp) / "assistant-model.tar.gz"
        base_model = None if args.skip_baseline else make_baseline(base_dir, base_env)
        base_credentials = str(base_dir / "credentials-bench.yml")  # rasa init's REST, and socket.io for the curve
        Path(base_credentials).write_text("rest:\nsocketio:\n  user_message_evt: user_uttered\n"
                                          "  bot_message_evt: bot_uttered\n  session_persistence: false\n")
        for rep in range(1, args.reps + 1):
            runs["assistant"].append(measure_servers("ours", model, ROOT, True, None, args, rep, our_env))
            if base_model:
                runs["baseline"].append(measure_servers("baseline", base_model, base_dir, False,
                                                        base_credentials, args, rep, base_env))
        if not args.skip_train:
            for rep in range(1, args.reps + 1):
                log(f"-- train from scratch, repetition {rep}")
                runs["assistant"][rep - 1]["train_s"] = train_time(ROOT, args.config, our_env, "ours")
                if base_model:
                    runs["baseline"][rep - 1]["train_s"] = train_time(base_dir, None, base_env, "baseline")
    return runs


def make_result(args: argparse.Namespace, runs: Dict[str, List[Dict[str, float]]], extra: Dict[str, str],
                model_used: Path) -> Dict[str, Any]:
    """The medians, the ratios to the baseline, the targets and every repetition, as one dict."""
    result: Dict[str, Any] = {"mode": "smoke" if args.smoke else "full", "reps": args.reps,
                              "sequential": args.sequential, "seconds_per_level": args.seconds,
                              "users": args.users, "tracker": args.tracker, "env": extra,
                              "curve_messages": args.curve,
                              "model": os.path.relpath(model_used, ROOT), "assistant": medians(runs["assistant"])}
    if runs["baseline"]:
        result["baseline"] = medians(runs["baseline"])
        result["ratio"] = paired_ratios(runs["assistant"], runs["baseline"])
        result["ratio_of_medians"] = {k: round(v / result["baseline"][k], 2)
                                      for k, v in result["assistant"].items()
                                      if result["baseline"].get(k) and not k.endswith(RATIO_SKIP)}
    add_targets(result)
    result["runs"] = runs
    return result


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if args.render:
        render(args.render)
        return 0
    base_env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    extra = dict(kv.split("=", 1) for kv in args.env)
    # the flood limiter (addons/channels/flood.py) would hold back a load test's users, who type
    # far faster than a person: off for the measure unless --env sets it
    our_env = {**base_env, "FLOOD_SENDER_MESSAGES": "0", **extra}
    model = args.model.resolve()
    ensure_model(model, our_env)
    result = make_result(args, run_reps(args, model, our_env, base_env), extra, model)
    print(table(result), flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2))
    png = args.curve_png or (None if args.smoke else ROOT / "docs" / "perf-curve.png")
    if png and args.curve:
        from bench.curve import plot
        try:
            plot({who: [{"series": r["curve_series"]} for r in reps if "curve_series" in r]
                  for who, reps in result["runs"].items()}, png)
        except Exception as e:  # the figures above are the result; a picture must not lose them
            log(f"(no curve picture: {e})")
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
