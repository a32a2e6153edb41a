"""The harm classifier (addons/nlu/harm.py) and how the safety net weighs it against DIET."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.message import Message

from addons.nlu import weigh
from addons.nlu.harm import CLASSES, HARM, HarmClassifier, folder_examples, label, probabilities, train_model
from core.vocabulary import examples
from tests.unit.addons.test_safety_net import _net

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def pairs():
    data = [(label(i), t) for f in sorted((ROOT / "data").glob("*.yml")) for i, t in examples(f)]
    return data + folder_examples(ROOT / "data_harm")


@pytest.fixture(scope="module")
def model(pairs):
    return train_model(pairs, 5.0)


def test_the_folder_holds_all_three_kinds_in_all_three_languages():
    names = {p.stem for p in (ROOT / "data_harm").glob("*.yml")}
    for kind in ("disclosures", "distress", "offtopic"):
        for lang in ("en", "ru", "kk"):
            assert any(n.startswith(f"{kind}_{lang}_") for n in names), (kind, lang)
    assert {k for k, _ in folder_examples(ROOT / "data_harm")} == set(CLASSES)


def test_the_same_data_give_the_same_model(pairs, model):
    texts = ["my dad hits me", "мне грустно", "how do I kill the boss in a game"]
    again = train_model(pairs, 5.0)
    assert probabilities(model, texts) == probabilities(again, texts)


def test_probabilities_cover_the_three_classes(model):
    for p in probabilities(model, ["hello", "меня бьёт отчим", "жай көңілім жоқ"]):
        assert set(p) == set(CLASSES) and abs(sum(p.values()) - 1.0) < 1e-6


@pytest.mark.parametrize("text, expected", [
    ("my stepdad beats me when he is drunk", "crisis"),
    ("я хочу умереть, больше не могу", "crisis"),
    ("nobody is hurting me, i'm just sad all the time", "distress"),
    ("what is the 150 line?", "other"),
    ("who is the children's ombudsman of Kazakhstan?", "other"),
])
def test_clear_cases(model, text, expected):
    p = probabilities(model, [text])[0]
    assert max(p, key=p.get) == expected, p


def test_a_change_to_the_folder_changes_the_fingerprint(tmp_path):
    (tmp_path / "a.yml").write_text('version: "3.1"\nnlu:\n- intent: crisis\n  examples: |\n    - x\n')
    first = HarmClassifier.fingerprint_addon({"folder": str(tmp_path)})
    assert first == HarmClassifier.fingerprint_addon({"folder": str(tmp_path)})
    (tmp_path / "a.yml").write_text('version: "3.1"\nnlu:\n- intent: crisis\n  examples: |\n    - y\n')
    assert HarmClassifier.fingerprint_addon({"folder": str(tmp_path)}) != first


def test_process_puts_the_probabilities_on_messages_with_text(model):
    component = HarmClassifier(HarmClassifier.get_default_config(), None, None, model)
    with_text, empty = Message(data={"text": "my dad hits me"}), Message(data={"text": ""})
    component.process([with_text, empty])
    assert set(with_text.get(HARM)) == set(CLASSES) and empty.get(HARM) is None


def test_without_a_trained_model_the_messages_are_left_alone():
    message = Message(data={"text": "my dad hits me"})
    HarmClassifier(HarmClassifier.get_default_config(), None, None, None).process([message])
    assert message.get(HARM) is None


def _weighed(text, intent, harm, ranking=None):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9},
                            "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}], HARM: harm})
    _net().process([message])
    kinds = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    return message.get("intent")["name"], kinds[0] if kinds else None


def h(crisis, distress, other):
    return {"crisis": crisis, "distress": distress, "other": other}


@pytest.mark.parametrize("intent, harm, expected", [
    ("crisis", h(0.9, 0.05, 0.05), ("crisis", "general")),           # both agree
    ("crisis", h(0.1, 0.8, 0.1), ("distress", None)),                # DIET alone: sad, not a crisis
    ("crisis", h(0.1, 0.1, 0.8), ("out_of_scope", None)),            # DIET alone: off-topic
    ("crisis", h(weigh.SOFT + 0.01, 0.6, 0.1), ("crisis", "unsure")),  # in between: the gentle check
    ("nlu_fallback", h(0.95, 0.03, 0.02), ("crisis", "general")),    # DIET did not see it
    ("ask_topic", h(0.95, 0.03, 0.02), ("crisis", "general")),       # mixed into a question
    ("distress", h(weigh.CHECK + 0.01, 0.4, 0.0), ("crisis", "unsure")),
    ("ask_topic", h(weigh.CHECK + 0.01, 0.0, 0.4), ("ask_topic", None)),  # a sure answer stays
    ("distress", h(0.1, 0.8, 0.1), ("distress", None)),
])
def test_the_net_weighs_the_harm_classifier_against_diet(intent, harm, expected):
    assert _weighed("something happened and i do not know", intent, harm) == expected


LONG_TEXT = ("my daughter is nine and all her friends have phones now. we were home alone last weekend "
             "and everything was fine. what should i teach her before she gets one?")


def test_crisis_overruled_is_diets_next_choice_when_it_gave_it_enough():
    ranking = [{"name": "crisis", "confidence": 0.9}, {"name": "ask_advice", "confidence": weigh.NEXT + 0.05}]
    assert _weighed("something happened and i do not know", "crisis", h(0.1, 0.1, 0.8), ranking) == ("ask_advice", None)
    ranking[1]["confidence"] = weigh.NEXT - 0.05
    assert _weighed("something happened and i do not know", "crisis", h(0.1, 0.1, 0.8), ranking) == ("out_of_scope", None)


@pytest.mark.parametrize("intent, harm, expected", [
    ("crisis", h(weigh.CONFIRM_LONG + 0.01, 0.0, 0.34), ("crisis", "adult")),  # a parent writes: the adults' reply
    ("ask_advice", h(weigh.RAISE + 0.01, 0.0, 0.39), ("crisis", "adult")),     # a disclosure told at length
    ("crisis", h(0.35, 0.0, 0.65), ("ask_advice", None)),          # more like a question: it is answered
    ("crisis", h(0.45, 0.05, 0.5), ("crisis", "unsure")),          # disclosure and distress outweigh it: the check
    ("crisis", h(0.4, 0.35, 0.25), ("crisis", "adult")),           # more like distress: the crisis reply
    ("nlu_fallback", h(weigh.CHECK + 0.05, 0.0, 0.55), ("nlu_fallback", None)),  # no gentle check
])
def test_a_long_message_is_weighed_by_what_the_harm_classifier_finds_it_most_like(intent, harm, expected):
    assert len(LONG_TEXT.split()) >= weigh.LONG and weigh.RAISE < weigh.CONFIRM_LONG
    ranking = [{"name": intent, "confidence": 0.9}, {"name": "ask_advice", "confidence": 0.5}]
    assert _weighed(LONG_TEXT, intent, harm, ranking) == expected


def test_diets_next_choice_is_only_an_intent_the_knowledge_file_answers():
    ranking = [{"name": "crisis", "confidence": 0.9}, {"name": "crisis_correction", "confidence": 0.8}]
    assert _weighed("something happened and i do not know", "crisis", h(0.1, 0.1, 0.8), ranking) == ("out_of_scope", None)


def test_a_long_message_diet_found_nothing_else_in_gets_the_gentle_check():
    ranking = [{"name": "crisis", "confidence": 0.9}, {"name": "ask_advice", "confidence": 0.1}]
    assert _weighed(LONG_TEXT, "crisis", h(weigh.SOFT + 0.05, 0.0, 0.7), ranking) == ("crisis", "unsure")


def test_a_crisis_pattern_is_never_undone_by_the_harm_classifier():
    assert _weighed("my dad hits me", "crisis", h(0.0, 0.5, 0.5)) == ("crisis", "violence")
    assert _weighed("my dad hits me", "out_of_scope", h(0.0, 0.5, 0.5)) == ("crisis", "violence")


def test_the_quick_replies_and_the_safe_word_are_left_alone():
    assert _weighed("SOS", "safe_word", h(0.0, 0.0, 1.0)) == ("safe_word", None)
