"""addons/patches/training.py gives Rasa's and Keras's own results: regex features from the
one-search shortcut equal Rasa's on every training message; Keras generator datasets still
yield their batches, without autotuning."""


from addons.patches import training as speedups


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
                                  if p.name not in ("rules.yml", "stories.yml", "crisis.yml")])
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
        for g, w in zip(got, want, strict=True):
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
