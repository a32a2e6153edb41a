"""Build jsonschema validators once instead of on every call.

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
