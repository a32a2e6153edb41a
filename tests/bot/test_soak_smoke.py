"""The soak test (tools/soak.py, `make soak`: 30 minutes) in a 2-minute version: a steady mixed
load (long and new conversations in three languages, disclosures, bad input) with no error,
every answered message stored exactly once, no memory growth after warm-up, a steady p95.

The windows compared here are a third of the time after warm-up (~36 s) on a shared machine, so the bounds are looser than
the 30-minute run's (5 % RSS, 1.2x p95): 10 % (and over 5 MB: the action server is ~45 MB,
where a few MB are the allocator's noise) and 2x catch a leak or a slow-down of this size,
not noise. Long conversations restart after 15 turns here (60 in the full run): Rasa's cost per
message grows with the conversation, and in 2 minutes 60-turn conversations are still growing,
so the last window would be slower for that reason alone. SOAK_SMOKE_SECONDS= changes the length."""

import json
import os

import pytest

from tools.soak import soak, verdict

pytestmark = pytest.mark.bot


def test_soak_smoke():
    result = soak(float(os.environ.get("SOAK_SMOKE_SECONDS", 120)), users=6, windows=3, long_turns=15)
    print(json.dumps(result, ensure_ascii=False))
    assert result["messages"] >= 200, result
    assert result["kinds"]["crisis"] > 0 and result["kinds"]["bad"] > 0, result
    failed = verdict(result, max_rss_growth=10.0, max_p95_ratio=2.0, min_mb=5.0)
    assert failed == [], (failed, result)
