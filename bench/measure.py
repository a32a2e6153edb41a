"""The measuring helpers of the benchmark (bench/bench.py runs them and prints the table): the
process tree's resident memory and CPU time, the servers with the HTTP API on, the sequential and
load measures, the train time from scratch, the bare `rasa init` baseline, and the medians and
paired ratios over the repetitions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

from bench.load import percentile, run_load
from tools.servers import MODEL, ROOT, VENV_BIN, BotServers, http

RASA = VENV_BIN / "rasa"

# A fixed, varied list: every intent family, follow-ups that need the conversation, off-topic
# and Russian messages, one disclosure. Cycled through; a new conversation every 10 messages.
from bench.questions import QUESTIONS  # noqa: E402  (the benchmark's conversation)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- processes -------------------------------------------------------------------------------------
def process_tree(pid: int) -> List[int]:
    """A process and all its descendants (from /proc)."""
    children: Dict[int, List[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += children.get(p, [])
    return tree


def tree_rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants, in MB (from /proc/PID/status)."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def tree_cpu_s(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its descendants, in seconds. Less
    sensitive than wall time to what else runs on the machine."""
    ticks = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


class Servers(BotServers):
    """tools.servers.BotServers for any model and working directory, with the HTTP API on (a
    random token) and a choice of tracker store."""

    def __init__(self, model: Path, cwd: Path, actions: bool, credentials: Optional[str],
                 tracker: str = "sqlite", env: Optional[Dict[str, str]] = None) -> None:
        self.token = secrets.token_hex(16)  # hex: a token starting with "-" would read as an option
        super().__init__(actions=actions, extra_args=["--enable-api", "--auth-token", self.token],
                         env=env, credentials=credentials or str(ROOT / "credentials.yml"),
                         lean=cwd == ROOT)  # the start-up hook for ours (as scripts/ start it), not the baseline
        self.model, self.cwd, self.tracker = model, cwd, tracker
        self.load_s = float("nan")

    def __enter__(self) -> Servers:
        store = (f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.dir / "tracker.db"}"\n'
                 if self.tracker == "sqlite" else "")
        (self.dir / "endpoints.yml").write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n{store}')
        try:
            if self.with_actions:
                self.start_actions()
            start = time.monotonic()
            self.start_rasa()
            status, replies = self.post({"sender": "bench-load-time", "message": "hello"})
            if status != 200:
                raise RuntimeError(f"first message: HTTP {status} {replies}")
            self.load_s = time.monotonic() - start
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, name: str, args: List[str]) -> subprocess.Popen:
        logf = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115  (open for the process's life)
        proc = subprocess.Popen(args, cwd=self.cwd, env=self.env, stdout=logf, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def start_rasa(self) -> None:
        self._spawn("rasa", [str(RASA), "run", "--model", str(self.model), "-i", "127.0.0.1",
                             "-p", str(self.rasa_port), "--endpoints", str(self.dir / "endpoints.yml"),
                             "--credentials", str(self.credentials), *self.extra_args])
        self._wait("rasa", self.url + "/", 300)

    def rss(self, name: str) -> float:
        proc = self.procs.get(name)
        return tree_rss_mb(proc.pid) if proc and proc.poll() is None else 0.0

    def cpu(self, name: str) -> float:
        proc = self.procs.get(name)
        return tree_cpu_s(proc.pid) if proc and proc.poll() is None else 0.0

    def parse(self, text: str) -> int:
        status, _ = http("POST", f"{self.url}/model/parse?token={self.token}", {"text": text})
        return status


# -- measures --------------------------------------------------------------------------------------
def sequential(bot: Servers, n: int, tag: str) -> Dict[str, float]:
    rest, parse, errors = [], [], 0
    cpu0 = {name: bot.cpu(name) for name in ("rasa", "actions")}
    for i in range(n):
        text = QUESTIONS[i % len(QUESTIONS)]
        start = time.monotonic()
        status, _ = bot.post({"sender": f"bench-{tag}-{i // 10}", "message": text})
        rest.append(time.monotonic() - start)
        errors += status != 200
    cpu = {name: (bot.cpu(name) - cpu0[name]) * 1000 / n for name in cpu0}
    for i in range(n):
        start = time.monotonic()
        status = bot.parse(QUESTIONS[i % len(QUESTIONS)])
        parse.append(time.monotonic() - start)
        errors += status != 200
    p50, parse50 = percentile(rest, 0.5) * 1000, percentile(parse, 0.5) * 1000
    return {"rest_p50_ms": round(p50, 1), "rest_p95_ms": round(percentile(rest, 0.95) * 1000, 1),
            "parse_p50_ms": round(parse50, 1), "rest_over_parse": round(p50 / parse50, 2),
            "cpu_ms_per_message_rasa": round(cpu["rasa"], 1),
            "cpu_ms_per_message_actions": round(cpu["actions"], 1), "sequential_errors": errors}


def measure_servers(name: str, model: Path, cwd: Path, actions: bool, credentials: Optional[str],
                    args: argparse.Namespace, rep: int, env: Dict[str, str]) -> Dict[str, float]:
    log(f"-- {name}, repetition {rep}: starting {'the action server and ' if actions else ''}Rasa")
    with Servers(model, cwd, actions, credentials, tracker=args.tracker, env=env) as bot:
        fig: Dict[str, float] = {"model_load_s": round(bot.load_s, 1)}
        log(f"   answered after {bot.load_s:.1f} s; {args.sequential} sequential messages")
        for text in QUESTIONS[:5]:  # warm-up, not measured
            bot.post({"sender": "bench-warmup", "message": text})
        fig.update(sequential(bot, args.sequential, f"{name}-{rep}"))
        log(f"   REST p50 {fig['rest_p50_ms']} ms, parse p50 {fig['parse_p50_ms']} ms")
        for users in args.users:
            result = asyncio.run(run_load(bot.url, users, args.seconds))
            fig[f"users_{users}_messages_per_s"] = result["messages_per_s"]
            fig[f"users_{users}_p95_ms"] = result["p95_ms"]
            fig[f"users_{users}_errors"] = result["errors"]
            if actions:  # the expected-answer checks only make sense for our assistant
                fig[f"users_{users}_empty_or_out_of_order"] = result["empty_replies"] + result["out_of_order"]
            log(f"   {users} users: {result['messages_per_s']} msg/s, p95 {result['p95_ms']} ms, "
                f"{result['errors']} errors")
        fig["rss_rasa_mb"] = bot.rss("rasa")
        fig["rss_actions_mb"] = bot.rss("actions")
        fig["rss_total_mb"] = round(fig["rss_rasa_mb"] + fig["rss_actions_mb"], 1)
        if getattr(args, "curve", 0):  # after the load: its slowest conversation must not slow the load
            from bench.curve import curve
            measured = curve(bot, args.curve, f"{name}-{rep}")
            fig.update(measured["figures"])
            fig["curve_series"] = measured["series"]  # kept in the JSON, left out of medians and ratios
            log(f"   one conversation of {args.curve}: REST {measured['figures'].get('curve_rest_first_ms')} -> "
                f"{measured['figures'].get('curve_rest_last_ms')} ms, socket.io "
                f"{measured['figures'].get('curve_socketio_first_ms')} -> {measured['figures'].get('curve_socketio_last_ms')} ms")
    return fig


def train_time(cwd: Path, config: Optional[Path], env: Dict[str, str], label: str) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        args = [str(RASA), "train", "--force", "--out", tmp, "--fixed-model-name", "bench"]
        if config:
            args += ["--config", str(config)]
        start = time.monotonic()
        proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                              env={**env, "RASA_CACHE_DIRECTORY": str(Path(tmp) / "cache")})
        elapsed = time.monotonic() - start
        if proc.returncode != 0:
            raise SystemExit(f"training {label} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    log(f"   {label}: trained from scratch in {elapsed:.1f} s")
    return round(elapsed, 1)


def make_baseline(tmp: Path, env: Dict[str, str]) -> Path:
    """A bare `rasa init --no-prompt` assistant in tmp (trained there); its model."""
    log("-- baseline: rasa init --no-prompt (trains the bare assistant)")
    proc = subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(tmp)], cwd=tmp,
                          capture_output=True, text=True, env=env)
    models = sorted((tmp / "models").glob("*.tar.gz"))
    if proc.returncode != 0 or not models:
        raise SystemExit(f"rasa init failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return models[-1]


def ensure_model(model: Path, env: Dict[str, str]) -> None:
    if model.exists():
        return
    if model != MODEL:
        raise SystemExit(f"no model at {model}")
    log(f"-- no model at {model}: training it (as `make train`)")
    subprocess.run([str(RASA), "train", "--fixed-model-name", "child-safety", "--out", "models"],
                   cwd=ROOT, env=env, check=True)


# -- over the repetitions --------------------------------------------------------------------------
def medians(runs: List[Dict[str, float]]) -> Dict[str, float]:
    """The median of each figure over the repetitions; error counts are added up instead."""
    keys = [k for k in runs[0] if all(k in r for r in runs) and not isinstance(runs[0][k], (dict, list))]
    return {k: sum(r[k] for r in runs) if k.endswith(("_errors", "_out_of_order"))
            else round(statistics.median(r[k] for r in runs), 2) for k in keys}


RATIO_SKIP = ("_errors", "_out_of_order", "rest_over_parse", "_last_over_first")


def paired_ratios(ours: List[Dict[str, float]], base: List[Dict[str, float]]) -> Dict[str, float]:
    """Median over the repetitions of ours / baseline measured back to back in the same
    repetition: steadier than a ratio of medians when other work on the machine comes and goes."""
    ratios = {}
    for k in ours[0]:
        if isinstance(ours[0][k], (dict, list)):
            continue
        pairs = [o[k] / b[k] for o, b in zip(ours, base, strict=False) if k in o and b.get(k)]
        if pairs and len(pairs) == len(ours) and not k.endswith(RATIO_SKIP):
            ratios[k] = round(statistics.median(pairs), 2)
    return ratios
