"""The classifier reads what a long message asks (core/focus.py); everything after it reads the
whole message again.

`Focus` is first in the pipeline: it keeps the whole text aside and gives the tokenizer, the
featurizers and DIET the focus. `Unfocus`, right after the FallbackClassifier, puts the whole
text back, so the language detector, the safety net (a disclosure anywhere in the message),
the commands and the action read all of it, and the tracker store keeps it. The same is done
to the training examples, so DIET learns on what it will read.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from core.focus import focus

WHOLE = "whole_text"


class _Step(GraphComponent):
    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls(config)

    def step(self, message: Message) -> None:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.step(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            if message.get(TEXT):
                self.step(message)
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class Focus(_Step):
    """Before the tokenizer: the text becomes its focus; the whole text is kept aside."""

    def step(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        short = focus(text)
        if short != text:
            message.set(WHOLE, text)
            message.set(TEXT, short)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class Unfocus(_Step):
    """After the classifiers: the whole text again."""

    def step(self, message: Message) -> None:
        whole = message.get(WHOLE)
        if whole:
            message.set(TEXT, whole)
