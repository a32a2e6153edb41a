"""The cached action-reply validation (addons/speedups.py) checks exactly as jsonschema does:
Rasa's own check of an action server reply still accepts good replies and rejects bad ones."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import addons  # noqa: F401  (installs the speed-up, as Rasa does when it loads the pipeline)
from addons import speedups

SPEC = RemoteAction.action_response_format_spec()


def test_rasa_calls_the_cached_validator():
    assert jsonschema.validate is speedups.validate


def test_a_good_action_reply_passes_and_the_validator_is_reused():
    good = {"events": [{"event": "slot", "name": "module", "value": "3"}],
            "responses": [{"text": "The third module..."}]}
    jsonschema.validate(good, SPEC)
    jsonschema.validate(good, SPEC)
    assert len([k for k in speedups._validators if k[0].startswith("{")]) >= 1
    assert RemoteAction("action_answer", None)._validate_action_result(good)


@pytest.mark.parametrize("bad", [
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
    {"events": [], "responses": "nope"},
])
def test_a_malformed_action_reply_still_raises(bad):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SPEC)
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_answer", None)._validate_action_result(bad)


def test_a_bad_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validate({}, {"type": "no-such-type"})


def test_event_types_resolve_as_rasa_does():
    from rasa.shared.core.events import Event, UserUttered
    from rasa.shared.utils.common import all_subclasses
    assert Event.resolve_by_type is speedups.resolve_by_type
    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is cls
        assert Event.resolve_by_type(cls.type_name) is cls  # from the cache
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=UserUttered) is UserUttered
    assert "no_such_event" not in speedups._event_types
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_a_stored_conversation_still_replays():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from tests.conftest import ROOT
    domain = Domain.load(str(ROOT / "domain.yml"))
    dump = {"sender_id": "x", "events": [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "а третий?", "parse_data": {"intent": {"name": "follow_up", "confidence": 1.0}}},
        {"event": "slot", "name": "language", "value": "ru"},
        {"event": "action", "name": "action_answer"},
        {"event": "slot", "name": "module", "value": "3"},
        {"event": "bot", "text": "..."},
    ]}
    tracker = DialogueStateTracker.from_dict("x", dump["events"], domain.slots)
    assert tracker.get_slot("language") == "ru" and tracker.get_slot("module") == "3"
    assert tracker.latest_message.intent["name"] == "follow_up"


# --- regex features: the one-search shortcut gives Rasa's own result ------------------------------
def _regex_featurizer_and_messages(tmp_path):
    from pathlib import Path

    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    root = Path(__file__).resolve().parents[3]
    data = TrainingData().merge(*[load_data(str(p)) for p in sorted((root / "data").glob("*.yml"))
                                  if p.name not in ("rules.yml", "stories.yml")])
    context = ExecutionContext(GraphSchema({}), "test")
    storage = LocalModelStorage(tmp_path)
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(data)
    featurizer = RegexFeaturizer({**RegexFeaturizer.get_default_config(), "case_sensitive": False},
                                 storage, Resource("regex"), context)
    featurizer.train(data)
    return featurizer, data.training_examples


def test_regex_features_are_rasas_for_every_training_message(tmp_path):
    import copy

    import numpy as np
    from rasa.nlu.constants import TOKENS_NAMES
    from rasa.shared.nlu.constants import TEXT

    featurizer, messages = _regex_featurizer_and_messages(tmp_path)
    assert len(featurizer.known_patterns) > 200  # the crisis patterns of data/safety.yml
    shortcut = 0
    for message in messages:
        if not message.get(TEXT):
            continue
        ours, theirs = copy.deepcopy(message), copy.deepcopy(message)
        got = speedups.features_for_patterns(featurizer, ours, TEXT)
        want = speedups._original_features_for_patterns(featurizer, theirs, TEXT)
        for g, w in zip(got, want):
            assert (g is None) == (w is None)
            if g is not None:
                assert np.array_equal(g.toarray(), w.toarray()), message.get(TEXT)
        assert [t.get("pattern") for t in ours.get(TOKENS_NAMES[TEXT])] == \
               [t.get("pattern") for t in theirs.get(TOKENS_NAMES[TEXT])], message.get(TEXT)
        shortcut += want[1] is not None and not want[1].toarray().any()
    assert shortcut > len(messages) / 2  # most messages take the shortcut, so it was exercised


def test_rasa_featurizer_uses_the_shortcut():
    from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer

    assert RegexFeaturizer._features_for_patterns is speedups.features_for_patterns


def test_patterns_that_cannot_be_joined_take_rasas_path():
    assert speedups._joined(("(?P<x>b)", "(?P<x>c)"), 0) is None  # a group name twice
    assert speedups._joined(("x", "(a)\\1"), 0) is None  # \\1 would point at another group
    assert speedups._joined(("(?P<n>a)(?P=n)",), 0) is None
    assert speedups._joined(("a b", "(?x)c d"), 0) is None  # (?x) would change "a b" too
    assert speedups._joined(("a", "b"), 0).search("xb")


# --- Keras generator datasets: no autotuning thread to wait for ------------------------------------
def test_keras_generator_datasets_do_not_autotune():
    import numpy as np
    from keras.engine import data_adapter

    def batches():
        while True:
            yield np.zeros((2, 3), dtype=np.float32), np.zeros((2,), dtype=np.float32)

    adapter = data_adapter.GeneratorDataAdapter(batches(), steps_per_epoch=1)
    dataset = adapter.get_dataset()
    assert dataset.options().autotune.enabled is False
    assert data_adapter.KerasSequenceAdapter.get_dataset is speedups.get_dataset  # Rasa's batches
    x, y = next(iter(dataset))  # still yields the generator's batches
    assert tuple(x.shape) == (2, 3) and tuple(y.shape) == (2,)
