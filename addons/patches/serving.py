"""Speed-ups of Rasa 3.6 and Keras internals, each with the same results (tests/test_speedups.py).

Serving: jsonschema validators built once, event types looked up once. Training: regex
features with one search for messages no pattern matches, no tf.data autotuning thread (a
20-35 s stall at the end of DIET training). Sections below, each with its measurement.

Build jsonschema validators once instead of on every call.

Rasa 3.6 checks every reply of the action server with ``jsonschema.validate(result, spec)``
(`RemoteAction._validate_action_result`). jsonschema 4.17 first checks the *schema itself*
against its metaschema on every call: 20-70 ms of CPU per message, a third of Rasa's time per
REST message (docs/performance.md). Here the validator is built once per schema and reused; it
still checks every reply, so a malformed reply raises `jsonschema.ValidationError` as before
(tests/test_speedups.py). Rasa imports `validate` inside that function, so replacing the module
attribute when addons/ is imported (with the pipeline or the channels) is enough.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Tuple

import jsonschema
from jsonschema import exceptions, validators

_original = jsonschema.validate
_validators: Dict[Tuple[str, Any], Any] = {}


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """Same contract as `jsonschema.validate`: raise the best-matching error, if any."""
    try:
        key = (json.dumps(schema, sort_keys=True), cls)
    except TypeError:  # a schema JSON cannot express: no caching
        return _original(instance, schema, cls, *args, **kwargs)
    validator = _validators.get(key)
    if validator is None:
        klass = cls or validators.validator_for(schema)
        klass.check_schema(schema)  # a bad schema still raises SchemaError, once
        validator = _validators[key] = klass(schema, *args, **kwargs)
    error = exceptions.best_match(validator.iter_errors(instance))
    if error is not None:
        raise error


if getattr(jsonschema.validate, "__module__", "") != __name__:
    jsonschema.validate = validate


# --- Event types looked up once -------------------------------------------------------------------
# Rasa rebuilds a conversation from its stored events on every message, and for every event it
# resolves the event's type name by walking all subclasses of Event (with inspect.isabstract on
# each): 25 % of Rasa's CPU time in a conversation of 150 messages (docs/performance.md). The
# answer never changes once the classes are imported, so it is kept per type name. Unknown names
# still go to Rasa's own lookup (its default, its None for "topic", its ValueError).
from rasa.shared.core import events as _events  # noqa: E402

_original_resolve = _events.Event.resolve_by_type
_event_types: Dict[str, Any] = {}


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    cls = _event_types.get(type_name)
    if cls is not None:
        return cls
    found = _original_resolve(type_name, default)
    if found is not None and found is not default:
        _event_types[type_name] = found
    return found


if getattr(_events.Event.resolve_by_type, "__module__", "") != __name__:
    _events.Event.resolve_by_type = staticmethod(resolve_by_type)


# --- No 20-35 s stall when DIET's training ends ---------------------------------------------------
# Keras feeds DIET's batches through a tf.data pipeline built from Rasa's batch generator. When
# `fit` returns, deleting its iterator waited 20-35 s in about half of the training runs (py-spy:
# the main thread in `RootDataset::Iterator::~Iterator`, waiting with a deadline on a tf.data
# thread; docs/performance.md, "Training, session 3"). The thread it waits for is tf.data's
# autotuning thread, which sleeps between its rounds; the pipeline is one generator with a
# prefetch of 1 and has nothing to tune, so autotuning is switched off for the generator
# datasets Keras builds (Rasa's training and the one-example fit when a model is loaded).
from keras.engine import data_adapter as _data_adapter  # noqa: E402

_original_get_dataset = _data_adapter.GeneratorDataAdapter.get_dataset


def get_dataset(self: Any) -> Any:
    import tensorflow as tf

    options = tf.data.Options()
    options.autotune.enabled = False
    return _original_get_dataset(self).with_options(options)


if getattr(_data_adapter.GeneratorDataAdapter.get_dataset, "__module__", "") != __name__:
    _data_adapter.GeneratorDataAdapter.get_dataset = get_dataset


# --- Regex features: one search for messages no pattern matches --------------------------------
# RegexFeaturizer runs every pattern (291 crisis patterns in data/safety.yml) over every message
# and then visits every token for every pattern: 7 s of a 90 s training run, and the same work
# for every message the server parses. Most messages match no pattern at all; for them the result
# is known (all features 0, every token's "pattern" map False for every name), so one search with
# all the patterns joined decides it. A message that matches anything goes through Rasa's own
# code unchanged (tests/test_speedups.py compares both on every training message).
import re  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse  # noqa: E402
from rasa.nlu.featurizers.sparse_featurizer import regex_featurizer as _regex_featurizer  # noqa: E402
from rasa.nlu.constants import TOKENS_NAMES  # noqa: E402

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
