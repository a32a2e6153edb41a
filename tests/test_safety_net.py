"""The second safety net: the crisis patterns of data/safety.yml catch disclosures (in English,
Russian and Kazakh) and leave ordinary questions alone; the component overrides a wrong intent."""

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from addons.safety_net import SafetyNet, compile_patterns, crisis_patterns
from tests.conftest import ROOT

DATA = load_data(str(ROOT / "data" / "safety.yml"))
PATTERNS = crisis_patterns(DATA, "crisis")
COMPILED = compile_patterns(PATTERNS)
HELDOUT = yaml.safe_load((ROOT / "tests" / "nlu" / "heldout.yml").read_text(encoding="utf-8"))


def examples(intent):
    block = next(b for b in HELDOUT["nlu"] if b["intent"] == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def matches(text):
    return any(p.search(text) for p in COMPILED)


@pytest.mark.parametrize("text", [
    "my dad hits me", "he beats me every night", "I want to kill myself", "i dont want to live anymore",
    "someone is threatening to post my nudes", "my stepdad touches me", "he said he will kill me",
    "I'm scared to go home", "i wanna die", "i cut myself", "there is no food at home and mum is gone for days",
    "меня бьют дома", "я не хочу жить", "мені ұрады", "өлгім келеді",
])
def test_disclosures_match(text):
    assert matches(text)


@pytest.mark.parametrize("text", [
    "what is cyberbullying", "how do i stay safe online", "who is dinara zakieva", "what did she say",
    "how many ombudsmen attended", "tell me about the first module", "what's the weather",
    "how can parents protect children on social media", "what is the helpline number",
    "what rights do children have", "who organised the meeting", "tell me a joke",
])
def test_ordinary_questions_do_not_match(text):
    assert not matches(text)


def test_no_heldout_question_outside_crisis_is_caught_by_a_pattern_for_every_intent():
    """Patterns may catch a few non-crisis messages, but never most of an intent."""
    for block in HELDOUT["nlu"]:
        if block["intent"] == "crisis":
            continue
        texts = examples(block["intent"])
        caught = [t for t in texts if matches(t)]
        assert len(caught) <= len(texts) // 4, (block["intent"], caught)


class _Storage:  # the component only touches storage in train/load
    pass


@pytest.mark.parametrize("predicted", ["nlu_fallback", "out_of_scope", "ask_topic"])
def test_component_overrides_a_wrong_intent(predicted):
    net = SafetyNet(SafetyNet.get_default_config(), _Storage(), None, PATTERNS)
    message = Message(data={"text": "my uncle touches me and says it is our secret",
                            "intent": {"name": predicted, "confidence": 0.4},
                            "intent_ranking": [{"name": predicted, "confidence": 0.4}]})
    net.process([message])
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["crisis", predicted]


def test_component_leaves_other_messages_alone():
    net = SafetyNet(SafetyNet.get_default_config(), _Storage(), None, PATTERNS)
    message = Message(data={"text": "what is cyberbullying?", "intent": {"name": "ask_topic", "confidence": 0.9}})
    net.process([message])
    assert message.get("intent")["name"] == "ask_topic"
