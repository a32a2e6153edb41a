"""Commands and safe words (core/commands.py) set the intent, whatever DIET or the safety net
said: "/start" -> greet, "/help" and a message that is only a safe word ("SOS", "помогите",
"көмек") -> safe_word, answered with the helplines in any state. Last in the pipeline.

The slash is taken off a command's text, so Rasa's "/intent" shortcut parser (the last step of
the prediction graph) leaves the message alone. Not trainable: the lists are fixed.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.message import force_intent
from core import commands


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class Commands(GraphComponent, IntentClassifier):
    """Sets the intent of "/start", "/help" and the safe words."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> Commands:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = commands.intent_of(text)
            if intent is None:
                continue
            if commands.is_command(text):
                message.set(TEXT, text.strip()[1:])
            force_intent(message, intent)
        return messages
