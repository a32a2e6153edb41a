"""The cached action-reply validation (addons/speedups.py) checks exactly as jsonschema does:
Rasa's own check of an action server reply still accepts good replies and rejects bad ones."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import addons  # noqa: F401  (installs the speed-up, as Rasa does when it loads the pipeline)
from addons import speedups

SPEC = RemoteAction.action_response_format_spec()


def test_rasa_calls_the_cached_validator():
    assert jsonschema.validate is speedups.validate


def test_a_good_action_reply_passes_and_the_validator_is_reused():
    good = {"events": [{"event": "slot", "name": "module", "value": "3"}],
            "responses": [{"text": "The third module..."}]}
    jsonschema.validate(good, SPEC)
    jsonschema.validate(good, SPEC)
    assert len([k for k in speedups._validators if k[0].startswith("{")]) >= 1
    assert RemoteAction("action_answer", None)._validate_action_result(good)


@pytest.mark.parametrize("bad", [
    {"events": "not a list", "responses": []},
    {"events": [{"no_event_key": 1}], "responses": []},
    {"events": [], "responses": "nope"},
])
def test_a_malformed_action_reply_still_raises(bad):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SPEC)
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        RemoteAction("action_answer", None)._validate_action_result(bad)


def test_a_bad_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validate({}, {"type": "no-such-type"})
