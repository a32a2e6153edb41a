"""Changes to Rasa's server: two speed-ups with the same results, and a tracker store outage
that loses no reply and half-writes nothing (tests/unit/addons/test_patches_serving.py).
Written for Rasa 3.6.21 with jsonschema 4.17 and SQLAlchemy 1.4; imported by name by the
channels and the NLU components (so by every Rasa process that serves). Re-check on an upgrade.

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
import logging
import os
import time
from typing import Any, Dict, Optional, Tuple

import jsonschema
from jsonschema import exceptions, validators
from rasa.core import tracker_store as _stores
from rasa.shared.core import events as _events

logger = logging.getLogger(__name__)

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


# --- 3. A tracker store outage --------------------------------------------------------------------
# Rasa wraps the tracker store in FailSafeTrackerStore: a failed read returns None (so the
# message is handled as the first of a new conversation) and a failed save goes to an in-memory
# store. Three problems (docs/faults.md): (a) every read and save during the outage waits for the
# store (SQLite: 5 s per statement, up to 15 s per message); (b) a tracker made up after a failed
# read was saved into the primary store once it was back, and the SQL store writes "the events
# after the ones it holds": part of a turn, or the wrong part, was stored (half-written); (c) the
# error logged holds the SQL parameters, i.e. message text. Here: after a failure the primary
# store is skipped for TRACKER_STORE_RETRY_SECONDS (5; then one message tries it again), the
# conversation goes on in memory meanwhile (reads come from the in-memory store, which holds
# the last saved turn); a tracker read from the in-memory store is saved there only, never into
# the primary store; a conversation saved in the primary store is dropped from memory; errors
# are logged in one line without parameters; SQL engines hide their parameters in errors and
# (PostgreSQL) check a pooled connection before use (pool_pre_ping).

_original_sql_init = _stores.SQLTrackerStore.__init__


def _sql_init(self: Any, *args: Any, **kwargs: Any) -> None:
    """Rasa's SQL tracker store; its errors without parameters, and (a server database) each
    pooled connection checked before use, so a restarted PostgreSQL costs no failed message."""
    _original_sql_init(self, *args, **kwargs)
    self.engine.hide_parameters = True
    if self.engine.dialect.name != "sqlite" and hasattr(self.engine.pool, "_pre_ping"):
        self.engine.pool._pre_ping = True


def _retry_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("TRACKER_STORE_RETRY_SECONDS", 5)))
    except ValueError:
        return 5.0


def short_error(error: BaseException) -> str:
    """`error` in one line, without SQL statement or parameters (they hold message text)."""
    inner = getattr(error, "orig", None) or error
    return f"{type(error).__name__}: {str(inner).splitlines()[0][:160] if str(inner) else ''}"


class _Health:
    """The state of one FailSafeTrackerStore's primary store."""

    def __init__(self) -> None:
        self.failing = False
        self.skip_until = 0.0
        self.in_memory: set = set()  # senders whose current tracker came from the in-memory store

    def usable(self) -> bool:
        """False while the primary store is skipped; after a failure, True for one try at a
        time (the others keep to memory until it answers)."""
        now = time.monotonic()
        if now < self.skip_until:
            return False
        if self.failing:
            self.skip_until = now + 60.0  # one probe at a time
        return True

    def failed(self, store: Any, error: BaseException, what: str) -> None:
        if not self.failing:
            logger.error("Tracker store %s: %s failed (%s): conversations go on in memory, not "
                         "stored, until it is back (tried again every %.0f s)", type(store).__name__,
                         what, short_error(error), _retry_seconds())
        self.failing, self.skip_until = True, time.monotonic() + _retry_seconds()

    def worked(self, failsafe: Any) -> None:
        """The primary store answered: the conversations kept in memory are not needed any more
        (the next read of each comes from the primary store)."""
        if self.failing:
            logger.warning("Tracker store %s is back", type(failsafe._tracker_store).__name__)
            memory = getattr(failsafe._fallback_tracker_store, "store", None)
            if isinstance(memory, dict):
                memory.clear()
        self.failing, self.skip_until = False, 0.0


def _health(store: Any) -> _Health:
    health = store.__dict__.get("_outage")
    if health is None:
        health = store.__dict__["_outage"] = _Health()
    return health


async def _read(self: Any, method: str, sender_id: str) -> Optional[Any]:
    health = _health(self)
    if health.usable():
        try:
            tracker = await getattr(self._tracker_store, method)(sender_id)
        except Exception as e:
            health.failed(self._tracker_store, e, "read")
        else:
            health.worked(self)
            health.in_memory.discard(sender_id)
            return tracker
    health.in_memory.add(sender_id)
    return await self.fallback_tracker_store.retrieve(sender_id)


async def _retrieve(self: Any, sender_id: str) -> Optional[Any]:
    return await _read(self, "retrieve", sender_id)


async def _retrieve_full(self: Any, sender_id: str) -> Optional[Any]:
    return await _read(self, "retrieve_full_tracker", sender_id)


async def _save(self: Any, tracker: Any) -> None:
    health = _health(self)
    sender_id = tracker.sender_id
    if sender_id not in health.in_memory and health.usable():
        try:
            await self._tracker_store.save(tracker)
        except Exception as e:
            health.failed(self._tracker_store, e, "save")
        else:
            health.worked(self)
            memory = getattr(self._fallback_tracker_store, "store", None)
            if isinstance(memory, dict):
                memory.pop(sender_id, None)
            return
    await self.fallback_tracker_store.save(tracker)


if getattr(_stores.FailSafeTrackerStore.save, "__module__", "") != __name__:
    _stores.SQLTrackerStore.__init__ = _sql_init
    _stores.FailSafeTrackerStore.retrieve = _retrieve
    _stores.FailSafeTrackerStore.retrieve_full_tracker = _retrieve_full
    _stores.FailSafeTrackerStore.save = _save


# --- 4. Flat cost per message in long conversations: addons/patches/conversation.py ----------------
from addons.patches import conversation, lean_actions  # noqa: E402,F401  (tracker cache, rule window; lean action calls)
