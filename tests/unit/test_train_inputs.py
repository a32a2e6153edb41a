"""A content editor's change to the knowledge file needs no retraining (issue 20): the model's
inputs in the Makefile (TRAIN_INPUTS, what `make train` depends on) hold no file of knowledge/,
and the action server, which reads the knowledge file, is not a model input either."""

import re

from tests.conftest import ROOT


def test_the_knowledge_file_is_not_a_model_input():
    makefile = (ROOT / "Makefile").read_text()
    inputs = re.search(r"^TRAIN_INPUTS\s*:?=(.*)$", makefile, re.M).group(1)
    assert "knowledge" not in inputs and "actions/" not in inputs, inputs
    assert (ROOT / "knowledge" / "knowledge.yml").exists()


def test_the_harm_classifiers_examples_are_a_model_input():
    """data_harm/ is read by the harm classifier at training (addons/nlu/harm.py): `make train`
    must retrain when it changes, as rasa's own cache does (HarmClassifier.fingerprint_addon)."""
    makefile = (ROOT / "Makefile").read_text()
    inputs = re.search(r"^TRAIN_INPUTS\s*:?=(.*)$", makefile, re.M).group(1)
    assert "data_harm/*.yml" in inputs, inputs
