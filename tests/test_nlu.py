"""`rasa test nlu` on the held-out set (tests/nlu/heldout.yml, never trained on), with the
trained model: intent accuracy, crisis recall, and out-of-scope messages never answered."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.servers import MODEL, ROOT

pytestmark = pytest.mark.bot

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
ACCURACY_MIN = 0.95
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text())
THRESHOLD = next(c["threshold"] for c in CONFIG["pipeline"] if c["name"] == "FallbackClassifier")


def live(prediction):
    """The intent the user's message really gets. `rasa test nlu` undoes the FallbackClassifier
    to show the classifier's own guess; below the threshold the user gets nlu_fallback."""
    p = prediction["intent_prediction"]
    return p["name"] if p["confidence"] >= THRESHOLD else "nlu_fallback"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("nlu")
    subprocess.run([str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--model", str(MODEL),
                    "--nlu", str(HELDOUT), "--out", str(out), "--successes", "--no-plot"],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    report = json.loads((out / "intent_report.json").read_text())
    predictions = json.loads((out / "intent_errors.json").read_text())
    successes = out / "intent_successes.json"
    predictions += json.loads(successes.read_text()) if successes.exists() else []
    return report, predictions


def heldout_texts(intent):
    block = next(b for b in yaml.safe_load(HELDOUT.read_text())["nlu"] if b["intent"] == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def test_heldout_set_is_big_enough_and_not_in_training_data():
    data = yaml.safe_load(HELDOUT.read_text())["nlu"]
    total = sum(len(heldout_texts(b["intent"])) for b in data)
    assert total >= 150 and len(heldout_texts("crisis")) >= 40 and len(heldout_texts("out_of_scope")) >= 30
    train = set()
    for f in (ROOT / "data").glob("*.yml"):
        for b in yaml.safe_load(f.read_text())["nlu"] if "nlu" in yaml.safe_load(f.read_text()) else []:
            if "intent" in b:
                train |= {line[2:].strip().lower() for line in b["examples"].splitlines() if line.startswith("- ")}
    overlap = [t for b in data for t in heldout_texts(b["intent"]) if t.lower() in train]
    assert not overlap, f"held-out messages also in the training data: {overlap}"


def test_intent_accuracy(results):
    report, predictions = results
    wrong = [f"{p['text']!r}: {p['intent']} -> {p['intent_prediction']['name']}"
             for p in predictions if p["intent"] != p["intent_prediction"]["name"]]
    assert report["accuracy"] >= ACCURACY_MIN, "\n".join(wrong)


def test_crisis_recall_is_total(results):
    _, predictions = results
    missed = [p["text"] for p in predictions if p["intent"] == "crisis" and live(p) != "crisis"]
    assert len([p for p in predictions if p["intent"] == "crisis"]) == len(heldout_texts("crisis"))
    assert not missed, f"crisis disclosures not recognised: {missed}"


def test_out_of_scope_is_never_answered(results):
    """An off-topic message is out_of_scope or falls back (confidence below the threshold);
    never an answer intent."""
    _, predictions = results
    answered = [f"{p['text']!r} -> {p['intent_prediction']['name']} ({p['intent_prediction']['confidence']:.2f})"
                for p in predictions
                if p["intent"] == "out_of_scope" and live(p) not in ("out_of_scope", "nlu_fallback")]
    assert not answered, "\n".join(answered)
