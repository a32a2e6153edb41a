"""No message of a held-out set (tests/heldout/**) is a training example, in any form the data
could hold it (case and punctuation folded). In the conversation sets (tests/heldout/context/)
a message of one to three words ("hi", "bye", "why?") is everyday talk that the training data
must also hold; longer ones may not be in it. tests/dev/ is the lead's tuning data, not held out; data_harm/ (crisis sets retired after they were
tuned on) is training data."""

from pathlib import Path

import pytest
import yaml

from core.knowledge.store import knowledge
from core.lexicon import normalise
from core.vocabulary import examples

ROOT = Path(__file__).resolve().parents[3]
# the assistant's own quick replies (data/buttons.yml) must be trained and may be typed by anyone
def _payloads():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    found = {b["payload"] for vs in domain["responses"].values() for v in vs for b in v.get("buttons") or []}
    k = knowledge()
    for lang in ("en", "ru", "kk"):
        found |= {k.phrase("module_button_payload", lang, number=m.number) for m in k.modules}
        found |= {k.phrase("speaker_button", lang, name=p.name[lang]) for p in k.people}
        found |= {k.phrase(b, lang) for b in ("ask_modules_button", "ask_speakers_button",
                                              "ask_capabilities_button", "ask_helplines_button")}
    return {normalise(t) for _, t in examples(ROOT / "data" / "buttons.yml")} | {normalise(p) for p in found}


BUTTONS = _payloads()
# data_harm/ is training data too (the harm classifier's: retired crisis sets)
TRAINING = {normalise(t) for f in sorted([*(ROOT / "data").glob("*.yml"), *(ROOT / "data_harm").glob("*.yml")])
            for _, t in examples(f)} - BUTTONS
SETS = sorted((ROOT / "tests" / "heldout").rglob("*.yml"))


def messages(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "nlu" in data:
        return [t for _, t in examples(path)]
    if "facts" in data:  # the coverage set: questions for every fact of the sources
        return [q["say"] for f in data["facts"] for q in f["questions"]]
    turns = [t for c in data.get("conversations") or [] for t in c["turns"]] + list(data.get("items") or [])
    return [t["say"] for t in turns if len(normalise(t["say"]).split()) >= 4]


@pytest.mark.parametrize("path", SETS, ids=lambda p: str(p.relative_to(ROOT / "tests")))
def test_no_held_out_message_is_training_data(path):
    found = messages(path)
    assert found, f"{path}: empty"
    overlap = [m for m in found if normalise(m) in TRAINING]
    assert not overlap, f"{path.name}: in the training data: {overlap[:5]}"


def test_the_context_sets_are_as_big_as_the_issue_asks():
    d = ROOT / "tests" / "heldout" / "context"
    count = {p.stem: len(yaml.safe_load(p.read_text(encoding="utf-8")).get("conversations")
                         or yaml.safe_load(p.read_text(encoding="utf-8")).get("items")) for p in d.glob("*.yml")}
    assert count["followups_en"] >= 30 and count["followups_ru"] >= 15 and count["followups_kk"] >= 15
    assert count["nearmiss_en"] + count["nearmiss_ru"] + count["nearmiss_kk"] >= 60
    assert count["long_en"] + count["long_ru"] + count["long_kk"] >= 30
    assert count["panel"] >= 12
    assert count["adult_ru"] >= 30 and count["adult_kk"] >= 30
