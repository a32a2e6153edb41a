"""What the rule-based NLU components (commands, language detector, safety net) do to a parsed
message, written once: force an intent to the top of the ranking, set an entity that covers
the whole message."""

from __future__ import annotations

from typing import Text

from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message


def force_intent(message: Message, name: Text) -> None:
    """`name` with confidence 1.0, first in the ranking (its old entry dropped)."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)


def set_entity(message: Message, entity_type: Text, value: Text, extractor: Text) -> None:
    """The entity `entity_type` = `value` over the whole text, replacing one of the same type."""
    entity = {ENTITY_ATTRIBUTE_TYPE: entity_type, ENTITY_ATTRIBUTE_VALUE: value, ENTITY_ATTRIBUTE_START: 0,
              ENTITY_ATTRIBUTE_END: len(message.get(TEXT) or ""), EXTRACTOR: extractor}
    others = [e for e in message.get(ENTITIES) or [] if e.get(ENTITY_ATTRIBUTE_TYPE) != entity_type]
    message.set(ENTITIES, others + [entity], add_to_output=True)
