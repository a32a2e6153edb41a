"""Part 1 of the flat cost per message (issue 20; addons/patches/conversation.py installs it):
the tracker a turn saved is kept in the process with the store's fingerprint of the conversation,
and the next read uses it only while the store still says the same (docs/performance.md, "Flat
cost: how it works"). Switched off by TRACKER_CACHE=0. Written for Rasa 3.6.21's SQLTrackerStore
with SQLAlchemy 1.4; re-check on an upgrade.

A save after a read from the cache needs no query of its own: the number of stored events of the
session and the fingerprint after the save follow from what the read checked (the store agreed
with the kept tracker) and from the rows written (their ids come from the flush). A save of any
other tracker counts and fingerprints in the store, as Rasa and the first version did, and a
tracker read before another save of its conversation in this process (two tracker objects of one
conversation saved in turn, if turns ever overlapped) is saved as Rasa does and not kept.
(tests/unit/addons/test_patches_conversation.py compares both with the store after every turn.)
"""

from __future__ import annotations

import collections
import itertools
import json
import logging
import os
from typing import Any, Iterable, List, Optional, Tuple

import sqlalchemy as sa
from rasa.core import tracker_store as _stores
from rasa.shared.core.events import SessionStarted
from rasa.shared.nlu.constants import INTENT_NAME_KEY

logger = logging.getLogger(__name__)

Fingerprint = Tuple[int, Optional[int], Optional[float]]


def _on(name: str) -> bool:
    return os.environ.get(name, "1").strip().lower() not in ("0", "false", "no", "off")


class _Kept:
    """A saved tracker, its length then, the store's fingerprint of the conversation after the
    save and how many events of the current session the store then held."""

    __slots__ = ("tracker", "events", "fingerprint", "stored")

    def __init__(self, tracker: Any, fingerprint: Fingerprint, stored: int) -> None:
        self.tracker, self.events, self.fingerprint, self.stored = tracker, len(tracker.events), fingerprint, stored


def _env_int(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


def _cache(store: Any) -> collections.OrderedDict[str, _Kept]:
    cache = store.__dict__.get("_kept_trackers")
    if cache is None:
        cache = store.__dict__["_kept_trackers"] = collections.OrderedDict()
    return cache


_LAST_SAVES = 10_000  # conversations whose latest save is remembered (a forgotten one: not trusted)
_counter = itertools.count(1)


def _last_save(store: Any) -> collections.OrderedDict[str, int]:
    saves = store.__dict__.get("_last_saves")
    if saves is None:
        saves = store.__dict__["_last_saves"] = collections.OrderedDict()
    return saves


def _current(store: Any, tracker: Any) -> bool:
    """Whether no other save of this conversation happened in this process since the tracker was
    read (two tracker objects of one conversation saved in turn: only the later read is current)."""
    return tracker.__dict__.get("_read_after") == _last_save(store).get(tracker.sender_id)


def fingerprint(store: Any, session: Any, sender_id: str) -> Fingerprint:
    """What the store holds of this conversation, in one indexed aggregate query: the number
    of events, the highest id, the latest timestamp. Any write or deletion changes it."""
    e = store.SQLEvent
    count, top, latest = session.query(sa.func.count(e.id), sa.func.max(e.id), sa.func.max(e.timestamp)) \
        .filter(e.sender_id == sender_id).one()
    return int(count or 0), top, latest


def advanced(before: Fingerprint, rows: List[Any]) -> Fingerprint:
    """The fingerprint after `rows` (flushed: ids known) were added to a store that had `before`."""
    if not rows:
        return before
    count, top, latest = before
    ids = [r.id for r in rows] + ([top] if top is not None else [])
    stamps = [r.timestamp for r in rows if r.timestamp is not None] + ([latest] if latest is not None else [])
    return count + len(rows), max(ids), (max(stamps) if stamps else None)


_original_retrieve = _stores.SQLTrackerStore.retrieve
_original_save = _stores.SQLTrackerStore.save


async def _retrieve(self: Any, sender_id: str) -> Optional[Any]:
    cache = _cache(self)
    kept = cache.pop(sender_id, None)
    if kept is not None and _on("TRACKER_CACHE") and len(kept.tracker.events) == kept.events:
        with self.session_scope() as session:
            now = fingerprint(self, session, sender_id)
        if now == kept.fingerprint:
            kept.tracker.__dict__["_read_events"] = kept.events
            kept.tracker.__dict__["_read_after"] = _last_save(self).get(sender_id)
            kept.tracker.__dict__["_known"] = (kept.stored, now)
            return kept.tracker
        logger.debug("Tracker cache: the store changed since this instance's last save: reading it")
    tracker = await _original_retrieve(self, sender_id)
    if tracker is not None:
        tracker.__dict__["_read_events"] = len(tracker.events)
        tracker.__dict__["_read_after"] = _last_save(self).get(sender_id)
    return tracker


def _rows(store: Any, tracker: Any, events: Iterable[Any]) -> List[Any]:
    """The rows Rasa's SQLTrackerStore.save writes for these events (the same columns)."""
    rows = []
    for event in events:
        data = event.as_dict()
        rows.append(store.SQLEvent(sender_id=tracker.sender_id, type_name=event.type_name,
                                   timestamp=data.get("timestamp"),
                                   intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                                   action_name=data.get("name"), data=json.dumps(data)))
    return rows


async def _save(self: Any, tracker: Any) -> None:
    cache = _cache(self)
    cache.pop(tracker.sender_id, None)
    known = tracker.__dict__.pop("_known", None)
    current = _current(self, tracker)
    saves = _last_save(self)
    saves.pop(tracker.sender_id, None)
    saves[tracker.sender_id] = this_save = next(_counter)
    while len(saves) > _LAST_SAVES:
        saves.popitem(last=False)
    if not _on("TRACKER_CACHE"):
        return await _original_save(self, tracker)
    if not current:  # another tracker of this conversation was saved since this one was read
        known = None
    await self.stream_events(tracker)
    sender = tracker.sender_id
    with self.session_scope() as session:
        if known is None:
            stored = self._event_query(session, sender, fetch_events_from_all_sessions=False).count()
        else:
            stored = known[0]
        rows = _rows(self, tracker, itertools.islice(tracker.events, stored, len(tracker.events)))
        session.add_all(rows)
        session.flush()
        after = advanced(known[1], rows) if known is not None else None
        session.commit()
        if current:  # saved on top of what it was read from: it is what the store holds now
            tracker.__dict__["_read_after"] = this_save
        size = _env_int("TRACKER_CACHE_SIZE", 1000)
        if size == 0 or _new_session_in(tracker) or not current:
            return
        if after is None:
            after = fingerprint(self, session, sender)
    cache[sender] = _Kept(tracker, after, max(stored, len(tracker.events)))
    budget, kept = _env_int("TRACKER_CACHE_EVENTS", 25_000), sum(k.events for k in cache.values())
    while cache and (len(cache) > size or kept > budget):
        kept -= cache.popitem(last=False)[1].events


def _new_session_in(tracker: Any) -> bool:
    """Whether a session started after the first event (this tracker is then not what a read
    of the store gives: that starts at the latest session start). A tracker read from the store
    has a session start at most as its first event, so only the events added since are looked at."""
    events = tracker.events
    start = max(1, tracker.__dict__.get("_read_events", 1))
    return any(isinstance(events[i], SessionStarted) for i in range(start, len(events)))


def clear(store: Any) -> None:
    """Drop every kept tracker of a store (tests; a deletion outside Rasa needs no call: the
    fingerprint changes)."""
    _cache(store).clear()


def install() -> None:
    if getattr(_stores.SQLTrackerStore.retrieve, "__module__", "") != __name__:
        _stores.SQLTrackerStore.retrieve = _retrieve
        _stores.SQLTrackerStore.save = _save
