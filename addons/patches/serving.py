"""Speed-ups of Rasa's server, with the same results (tests/unit/addons/test_patches.py).
Written for Rasa 3.6.21 with jsonschema 4.17; imported by name by the channels and the NLU
components (so by every Rasa process that serves). Re-check both on an upgrade.

1. jsonschema validators built once instead of on every call.

Rasa 3.6 checks every reply of the action server with ``jsonschema.validate(result, spec)``
(`RemoteAction._validate_action_result`). jsonschema 4.17 first checks the *schema itself*
against its metaschema on every call: 20-70 ms of CPU per message, a third of Rasa's time per
REST message (docs/performance.md). Here the validator is built once per schema and reused; it
still checks every reply, so a malformed reply raises `jsonschema.ValidationError` as before
(tests/test_speedups.py). Rasa imports `validate` inside that function, so replacing the module
attribute when this module is imported is enough.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Tuple

import jsonschema
from jsonschema import exceptions, validators
from rasa.shared.core import events as _events

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


# --- 2. Event types looked up once -------------------------------------------------------------------
# Rasa rebuilds a conversation from its stored events on every message, and for every event it
# resolves the event's type name by walking all subclasses of Event (with inspect.isabstract on
# each): 25 % of Rasa's CPU time in a conversation of 150 messages (docs/performance.md). The
# answer never changes once the classes are imported, so it is kept per type name. Unknown names
# still go to Rasa's own lookup (its default, its None for "topic", its ValueError).

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
