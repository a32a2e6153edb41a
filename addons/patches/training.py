"""Speed-ups of Rasa's NLU training and featurization, with the same results
(tests/unit/addons/test_patches.py). Written for Rasa 3.6.21 with TensorFlow/Keras 2.12;
imported by name by the NLU components (addons/nlu/), so in training and whenever a model is
loaded. Re-check both on an upgrade.

1. No tf.data autotuning thread for Keras generator datasets (a 20-35 s stall at the end of
   DIET training).
2. Regex features decided by one joined search for messages no pattern matches.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Tuple

import numpy as np
import scipy.sparse
from keras.engine import data_adapter as _data_adapter
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer import regex_featurizer as _regex_featurizer

# --- 1. No 20-35 s stall when DIET's training ends ---------------------------------------------------
# Keras feeds DIET's batches through a tf.data pipeline built from Rasa's batch generator. When
# `fit` returns, deleting its iterator waited 20-35 s in about half of the training runs (py-spy:
# the main thread in `RootDataset::Iterator::~Iterator`, waiting with a deadline on a tf.data
# thread; docs/performance.md, "Training, session 3"). The thread it waits for is tf.data's
# autotuning thread, which sleeps between its rounds; the pipeline is one generator with a
# prefetch of 1 and has nothing to tune, so autotuning is switched off for the generator
# datasets Keras builds (Rasa's training and the one-example fit when a model is loaded).

_original_get_dataset = _data_adapter.GeneratorDataAdapter.get_dataset


def get_dataset(self: Any) -> Any:
    import tensorflow as tf

    options = tf.data.Options()
    options.autotune.enabled = False
    return _original_get_dataset(self).with_options(options)


if getattr(_data_adapter.GeneratorDataAdapter.get_dataset, "__module__", "") != __name__:
    _data_adapter.GeneratorDataAdapter.get_dataset = get_dataset


# --- 2. Regex features: one search for messages no pattern matches --------------------------------
# RegexFeaturizer runs every pattern (291 crisis patterns in data/safety.yml) over every message
# and then visits every token for every pattern: 7 s of a 90 s training run, and the same work
# for every message the server parses. Most messages match no pattern at all; for them the result
# is known (all features 0, every token's "pattern" map False for every name), so one search with
# all the patterns joined decides it. A message that matches anything goes through Rasa's own
# code unchanged (tests/test_speedups.py compares both on every training message).

_original_features_for_patterns = _regex_featurizer.RegexFeaturizer._features_for_patterns
_joined_cache: Dict[Tuple[Tuple[str, ...], int], Any] = {}


def _joined(patterns: Tuple[str, ...], flags: int) -> Any:
    key = (patterns, flags)
    if key not in _joined_cache:
        if any(re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]+\)", p) for p in patterns):
            # backreferences would point elsewhere once joined, global flags would apply to all
            _joined_cache[key] = None
            return None
        try:
            _joined_cache[key] = re.compile("|".join(f"(?:{p})" for p in patterns), flags)
        except re.error:  # e.g. a group name used twice: always take Rasa's path
            _joined_cache[key] = None
    return _joined_cache[key]


def features_for_patterns(self: Any, message: Any, attribute: str) -> Any:
    text = message.get(attribute)
    tokens = message.get(TOKENS_NAMES[attribute], []) if text else []
    if not tokens or not self.known_patterns:
        return _original_features_for_patterns(self, message, attribute)
    flags = 0 if self.case_sensitive else re.IGNORECASE
    joined = _joined(tuple(p["pattern"] for p in self.known_patterns), flags)
    if joined is None or joined.search(text) is not None:
        return _original_features_for_patterns(self, message, attribute)
    none_matched = dict.fromkeys((p["name"] for p in self.known_patterns), False)
    for token in tokens:
        patterns = token.get("pattern", default={})
        patterns.update(none_matched)
        token.set("pattern", patterns)
    count = len(self.known_patterns)
    return (scipy.sparse.coo_matrix(np.zeros([len(tokens), count])),
            scipy.sparse.coo_matrix(np.zeros([1, count])))


if getattr(_regex_featurizer.RegexFeaturizer._features_for_patterns, "__module__", "") != __name__:
    _regex_featurizer.RegexFeaturizer._features_for_patterns = features_for_patterns
