"""`rasa test core` on tests/bot/test_stories.yml with the trained model: every story right."""

import subprocess
import sys
from pathlib import Path

import pytest

from tools.servers import MODEL, ROOT

pytestmark = pytest.mark.bot


def test_all_test_stories_pass(tmp_path):
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "test", "core", "--model", str(MODEL),
         "--stories", str(ROOT / "tests" / "bot" / "test_stories.yml"), "--out", str(tmp_path),
         "--fail-on-prediction-errors", "--no-plot"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    failed = tmp_path / "failed_test_stories.yml"
    detail = failed.read_text() if failed.exists() else proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.returncode == 0, detail
    assert "None of the test stories failed" in detail or "stories" not in detail
