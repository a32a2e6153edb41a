"""Messages written in Russian or Kazakh get a polite "English only for now" reply (with the
helplines), instead of a guess from a classifier trained on English.

A message is taken as Cyrillic when most of its letters are Cyrillic. The component runs
before SafetyNet, so a disclosure of harm in Russian or Kazakh ("меня бьют дома") still becomes
`crisis`. Not trainable: the rule is fixed, it has nothing to learn.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


def cyrillic_share(text: Text) -> float:
    """The share of Cyrillic letters among the letters of `text` (0 when it has none)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("CYRILLIC" in unicodedata.name(c, "") for c in letters) / len(letters)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGuard(GraphComponent, IntentClassifier):
    """Sets the intent to `other_language` for messages that are mostly Cyrillic."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": "other_language", "min_share": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageGuard":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        target = self._config["intent"]
        for message in messages:
            if cyrillic_share(message.get(TEXT) or "") <= self._config["min_share"]:
                continue
            intent = {INTENT_NAME_KEY: target, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != target]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
        return messages
