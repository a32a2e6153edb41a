"""addons/patches/serving.py gives Rasa's own results: the cached action-reply validation checks
exactly as jsonschema does (good replies pass, bad ones and bad schemas are refused), event
types resolve as Rasa resolves them. And nothing is patched by importing a package."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from addons.patches import serving as speedups

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


def test_event_types_resolve_as_rasa_does():
    from rasa.shared.core.events import Event, UserUttered
    from rasa.shared.utils.common import all_subclasses
    assert Event.resolve_by_type is speedups.resolve_by_type
    for cls in all_subclasses(Event):  # (two classes can share a name: rasa.core.test's 'user')
        rasa_says = speedups._original_resolve(cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is rasa_says
        assert Event.resolve_by_type(cls.type_name) is rasa_says  # from the cache
        assert issubclass(cls, rasa_says)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=UserUttered) is UserUttered
    assert "no_such_event" not in speedups._event_types
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_a_stored_conversation_still_replays():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from tests.conftest import ROOT
    domain = Domain.load(str(ROOT / "domain.yml"))
    dump = {"sender_id": "x", "events": [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "а третий?", "parse_data": {"intent": {"name": "follow_up", "confidence": 1.0}}},
        {"event": "slot", "name": "language", "value": "ru"},
        {"event": "action", "name": "action_answer"},
        {"event": "slot", "name": "module", "value": "3"},
        {"event": "bot", "text": "..."},
    ]}
    tracker = DialogueStateTracker.from_dict("x", dump["events"], domain.slots)
    assert tracker.get_slot("language") == "ru" and tracker.get_slot("module") == "3"
    assert tracker.latest_message.intent["name"] == "follow_up"


def test_importing_the_packages_patches_nothing():
    """Only the patch modules patch, when imported by name: `import addons`, `import core` and the
    channels' own package change nothing (no work at import time elsewhere)."""
    import subprocess
    import sys
    code = ("import jsonschema; v = jsonschema.validate; import addons, addons.channels, addons.nlu, "
            "addons.patches, core, core.knowledge, core.answers; "
            "assert jsonschema.validate is v, 'patched on import'; "
            "import addons.patches.serving; assert jsonschema.validate is not v")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
