"""Second safety net: a disclosure of harm is answered as `crisis`, whatever DIET thought.

DIET learns the `crisis` intent from many examples; this component catches what it misses.
It runs inside Rasa's NLU pipeline after the FallbackClassifier, so it works when the action
server is down and it turns a misclassified disclosure (e.g. `nlu_fallback`, `out_of_scope`)
into `crisis`, which a rule answers with the helplines at once.

The patterns are the `regex:` entries of the NLU data whose name starts with `crisis`
(data/safety.yml): training data, so editing them retrains the model like any other data
change. They are matched case-insensitively against the whole message. No message text is
logged.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.patches import training  # noqa: F401  (regex features and DIET's input: see it)

logger = logging.getLogger(__name__)

PATTERNS_FILE = "crisis_patterns.json"


def compile_patterns(patterns: List[Text]) -> List[re.Pattern]:
    return [re.compile(p, re.IGNORECASE | re.UNICODE) for p in patterns]


def crisis_patterns(training_data: TrainingData, prefix: Text) -> List[Text]:
    """The regex patterns of every `regex:` entry whose name starts with `prefix`."""
    return [r["pattern"] for r in training_data.regex_features if r["name"].startswith(prefix)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafetyNet(GraphComponent, IntentClassifier):
    """Sets the intent to `crisis` when a message matches a crisis pattern."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": "crisis", "regex_prefix": "crisis"}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 patterns: Optional[List[Text]] = None) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self.patterns = list(patterns or [])
        self._compiled = compile_patterns(self.patterns)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SafetyNet:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.patterns = crisis_patterns(training_data, self._config["regex_prefix"])
        self._compiled = compile_patterns(self.patterns)  # fails training on a bad pattern
        if not self.patterns:
            raise ValueError(f"SafetyNet: no regex entries named {self._config['regex_prefix']}* "
                             f"in the NLU data; the second safety net would be empty")
        with self._storage.write_to(self._resource) as model_dir:
            rasa.shared.utils.io.dump_obj_as_json_to_file(model_dir / PATTERNS_FILE, self.patterns)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SafetyNet:
        with model_storage.read_from(resource) as model_dir:
            patterns = rasa.shared.utils.io.read_json_file(model_dir / PATTERNS_FILE)
        return cls(config, model_storage, resource, patterns)

    def matches(self, text: Text) -> bool:
        return any(p.search(text) for p in self._compiled)

    def process(self, messages: List[Message]) -> List[Message]:
        target = self._config["intent"]
        for message in messages:
            text = message.get(TEXT) or ""
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if current == target or not self.matches(text):
                continue
            logger.info("SafetyNet: crisis pattern matched, intent %r overridden", current)
            intent = {INTENT_NAME_KEY: target, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, intent, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != target]
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
        return messages
