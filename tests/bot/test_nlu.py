"""`rasa test nlu` on the held-out sets (tests/heldout/nlu/heldout*.yml: English, Russian, Kazakh; never
trained on), with the trained model: intent accuracy per language, crisis recall per language,
and out-of-scope messages never answered."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools.servers import MODEL, ROOT

pytestmark = pytest.mark.bot

HELDOUT_DIR = ROOT / "tests" / "heldout" / "nlu"
HELDOUT = {"en": HELDOUT_DIR / "heldout.yml", "ru": HELDOUT_DIR / "heldout_ru.yml",
           "kk": HELDOUT_DIR / "heldout_kk.yml"}
ACCURACY_MIN = {"en": 0.95, "ru": 0.93, "kk": 0.93}
LANGS = list(HELDOUT)
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text())
THRESHOLD = next(c["threshold"] for c in CONFIG["pipeline"] if c["name"] == "FallbackClassifier")


def live(prediction):
    """The intent the user's message really gets. `rasa test nlu` undoes the FallbackClassifier
    to show the classifier's own guess; below the threshold the user gets nlu_fallback."""
    p = prediction["intent_prediction"]
    return p["name"] if p["confidence"] >= THRESHOLD else "nlu_fallback"


@pytest.fixture(scope="module")
def all_predictions(tmp_path_factory):
    """One `rasa test nlu` run over the three files (the model loads once)."""
    out = tmp_path_factory.mktemp("nlu")
    subprocess.run([str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--model", str(MODEL),
                    "--nlu", str(HELDOUT_DIR), "--out", str(out), "--successes", "--no-plot"],
                   cwd=ROOT, check=True, capture_output=True, timeout=900)
    predictions = json.loads((out / "intent_errors.json").read_text())
    successes = out / "intent_successes.json"
    predictions += json.loads(successes.read_text()) if successes.exists() else []
    return predictions


@pytest.fixture(params=LANGS)
def results(request, all_predictions):
    """(language, accuracy, the predictions for that language's held-out set)."""
    lang = request.param
    texts = {(t, intent) for intent in intents(lang) for t in heldout_texts(intent, lang)}
    predictions = [p for p in all_predictions if (p["text"], p["intent"]) in texts]
    assert len(predictions) == len(texts)
    accuracy = sum(p["intent"] == p["intent_prediction"]["name"] for p in predictions) / len(predictions)
    return lang, accuracy, predictions


def intents(lang):
    return [b["intent"] for b in yaml.safe_load(HELDOUT[lang].read_text())["nlu"] if "intent" in b]


def heldout_texts(intent, lang="en"):
    block = next(b for b in yaml.safe_load(HELDOUT[lang].read_text())["nlu"] if b["intent"] == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


# Intents added with the crisis conversation (issue 15), after the first and fresh held-out sets
# were written: those sets do not test them; tests/heldout/crisis_fresh*/ and tests/bot/test_crisis.py do.
CRISIS_CONVERSATION_INTENTS = {"safe_word", "crisis_danger", "crisis_talk", "crisis_correction", "distress",
                               "affirm", "deny",
                               # session 5, after these sets were written: tests/heldout/context/
                               # tests explain; feedback is a button's payload
                               "explain", "feedback"}


def training_texts():
    """Every training example of data/*.yml and data_harm/*.yml (the harm classifier's), lower-cased."""
    train = set()
    for f in [*(ROOT / "data").glob("*.yml"), *(ROOT / "data_harm").glob("*.yml")]:
        for b in yaml.safe_load(f.read_text()).get("nlu", []):
            if "intent" in b:
                train |= {line[2:].strip().lower() for line in b["examples"].splitlines() if line.startswith("- ")}
    return train


@pytest.mark.parametrize("lang", LANGS)
def test_heldout_set_is_big_enough_and_not_in_training_data(lang):
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert set(intents(lang)) == set(domain["intents"]) - CRISIS_CONVERSATION_INTENTS, "every intent is tested"
    total = sum(len(heldout_texts(i, lang)) for i in intents(lang))
    minimum = {"en": (150, 40, 30)}.get(lang, (100, 25, 15))
    assert total >= minimum[0] and len(heldout_texts("crisis", lang)) >= minimum[1]
    assert len(heldout_texts("out_of_scope", lang)) >= minimum[2]
    train = training_texts()
    overlap = [t for i in intents(lang) for t in heldout_texts(i, lang) if t.lower() in train]
    assert not overlap, f"held-out messages also in the training data: {overlap}"


def test_intent_accuracy(results):
    lang, accuracy, predictions = results
    wrong = [f"{p['text']!r}: {p['intent']} -> {p['intent_prediction']['name']}"
             for p in predictions if p["intent"] != p["intent_prediction"]["name"]]
    assert accuracy >= ACCURACY_MIN[lang], f"{lang}: {accuracy:.3f}\n" + "\n".join(wrong)


def test_crisis_recall_is_total(results):
    lang, _, predictions = results
    # the quick replies typed as words ("I'm in danger now") and the safe word also give 150/111/112
    helps = {"crisis", "crisis_danger", "crisis_talk", "safe_word"}
    missed = [p["text"] for p in predictions if p["intent"] == "crisis" and live(p) not in helps]
    assert len([p for p in predictions if p["intent"] == "crisis"]) == len(heldout_texts("crisis", lang))
    assert not missed, f"{lang}: crisis disclosures not recognised: {missed}"


# English: an off-topic message is never answered (out_of_scope, or below the threshold). Russian
# and Kazakh: at least 90 % are; the rest are listed in docs/report.md (e.g. "права" is both
# "rights" and "driving licence").
OOS_REJECTION_MIN = {"en": 1.0, "ru": 0.9, "kk": 0.9}


def test_out_of_scope_is_not_answered(results):
    """An off-topic message is out_of_scope or falls back (confidence below the threshold);
    not an answer intent."""
    lang, _, predictions = results
    oos = [p for p in predictions if p["intent"] == "out_of_scope"]
    answered = [f"{p['text']!r} -> {p['intent_prediction']['name']} ({p['intent_prediction']['confidence']:.2f})"
                for p in oos if live(p) not in ("out_of_scope", "nlu_fallback")]
    assert 1 - len(answered) / len(oos) >= OOS_REJECTION_MIN[lang], "\n".join(answered)


@pytest.mark.parametrize("lang", LANGS)
def test_fresh_heldout_set_is_big_enough_and_not_in_training_data(lang):
    """tests/heldout/nlu_fresh/: the second held-out set (bench/report.py reports it apart)."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    blocks = [b for b in yaml.safe_load((ROOT / "tests" / "heldout" / "nlu_fresh" / f"fresh_{lang}.yml").read_text())["nlu"]
              if "intent" in b]
    texts = {b["intent"]: [line[2:].strip() for line in b["examples"].splitlines() if line.startswith("- ")]
             for b in blocks}
    tested = set(domain["intents"]) - CRISIS_CONVERSATION_INTENTS
    assert set(texts) <= tested and len(texts) >= len(tested) - 2
    assert sum(map(len, texts.values())) >= 60
    assert len(texts["crisis"]) >= 10 and len(texts["out_of_scope"]) >= 10
    train = training_texts()
    first = {t.lower() for i in intents(lang) for t in heldout_texts(i, lang)}
    overlap = [t for ts in texts.values() for t in ts if t.lower() in train or t.lower() in first]
    assert not overlap, f"fresh held-out messages also in the training data or the first set: {overlap}"


@pytest.mark.parametrize("lang", LANGS)
def test_crisis_heldout_sets_are_big_enough_and_not_in_training_data(lang):
    """tests/heldout/crisis_fresh5/, 9/, 12/ and 13/: harder disclosures, distress without danger
    and off-topic requests, each written by a helper who saw neither the training data nor the
    other sets (the sets before them are training data now: data_harm/)."""
    train = training_texts()
    minimum = {"disclosures": 40, "distress": 30, "offtopic": 25}
    for folder, kind in ((f, k) for f in ("crisis_fresh5", "crisis_fresh9", "crisis_fresh12", "crisis_fresh13")
                         for k in minimum):
        least = minimum[kind]
        data = yaml.safe_load((ROOT / "tests" / "heldout" / folder / f"{kind}_{lang}.yml").read_text())
        texts = [line[2:].strip() for b in data["nlu"] for line in b["examples"].splitlines()
                 if line.startswith("- ")]
        assert len(texts) >= least, (kind, lang, len(texts))
        overlap = [t for t in texts if t.lower() in train]
        assert not overlap, f"{kind}_{lang}: held-out messages also in the training data: {overlap}"
