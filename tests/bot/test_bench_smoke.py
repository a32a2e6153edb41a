"""`bench/bench.py --smoke` (the CI run of the benchmark): it starts the trained bot, measures
with tiny counts and prints valid JSON as its last line, with every figure present and > 0."""

import json
import subprocess
import sys

import pytest

from tools.servers import ROOT

pytestmark = pytest.mark.bot


def test_bench_smoke_prints_json_with_all_figures():
    proc = subprocess.run([sys.executable, "-m", "bench.bench", "--smoke"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    last = proc.stdout.strip().splitlines()[-1]
    result = json.loads(last)
    assert result["mode"] == "smoke" and result["reps"] == 1
    figures = result["assistant"]
    positive = ["model_load_s", "rest_p50_ms", "rest_p95_ms", "parse_p50_ms", "rest_over_parse",
                "cpu_ms_per_message_rasa",
                "rss_rasa_mb", "rss_actions_mb", "rss_total_mb"]
    for users in (1, 10, 50):
        positive += [f"users_{users}_messages_per_s", f"users_{users}_p95_ms"]
    missing = [k for k in positive if k not in figures]
    assert not missing, f"missing figures: {missing}\n{last}"
    not_positive = {k: figures[k] for k in positive if not figures[k] > 0}
    assert not not_positive, f"figures not > 0: {not_positive}"
    assert figures["rest_p95_ms"] >= figures["rest_p50_ms"]
    assert figures["users_1_errors"] == figures["users_10_errors"] == figures["users_50_errors"] == 0, figures
    assert "| REST round trip p50, ms |" in proc.stdout  # the table came first
