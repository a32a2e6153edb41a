"""Tells Rasa which language each message is in, so the reply follows the user.

For every message it adds an entity `language` (en, ru or kk) when the message says enough
(core/detect.py); the slot `language` is filled from it (domain.yml), the domain responses
pick their variation from that slot and the action answers in it. A short or mixed message
("50?", "ok") adds nothing, so the conversation keeps its language.

An explicit choice wins: "/lang ru" (typed in the terminal) becomes the intent `set_language`
with language ru; a message classified as `set_language` ("speak Kazakh please") takes the
language it asks for, not the one it is written in. The widget sends its selected language as
message metadata (`{"language": "kk"}`): it is used only when the text itself cannot tell.

Not trainable: the rules are fixed. It runs after the FallbackClassifier (so it can override
`nlu_fallback` for a "/lang" command) and before SafetyNet (a crisis always wins).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.message import force_intent, set_entity
from addons.patches import serving, training  # noqa: F401  (loaded with every model: see them)
from core import commands, detect, register

METADATA = "metadata"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageDetector(GraphComponent, IntentClassifier):
    """Adds the `language` entity; turns "/lang xx" into the `set_language` intent."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"entity": "language", "intent": "set_language"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LanguageDetector:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process(message)
        return messages

    def _process(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        set_language = self._config["intent"]
        if detect.is_command(text):
            # Without the slash, Rasa's "/intent" shortcut parser leaves the text alone
            # (it would warn that "lang ru" is no intent).
            message.set(TEXT, text.strip()[1:])
            force_intent(message, set_language)
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        metadata = message.get(METADATA) or {}
        hint = metadata.get("language") if isinstance(metadata, dict) else None
        if commands.intent_of(text) and text.lstrip().startswith("/"):
            # "/help", "/start": no language of their own; the widget's or Telegram's hint, if any
            lang = hint if hint in detect.LANGUAGES else None
        else:
            lang = detect.choose(text, asks_for_language=intent == set_language, hint=hint)
        who = register.audience(text)
        if who is not None:  # an adult or a child says so: the register of the replies
            set_entity(message, "audience", who, self.__class__.__name__)
        if lang is None:
            return
        set_entity(message, self._config["entity"], lang, self.__class__.__name__)
