"""addons/patches/serving.py, part 3: Rasa's FailSafeTrackerStore in an outage of its primary
store. Reads and saves go to memory while it fails (and it is not asked again until
TRACKER_STORE_RETRY_SECONDS have passed), a tracker read from memory is never saved into the
primary store (where it would be stored in part), the primary store serves again by itself,
SQL errors hold no parameters. With a fake primary store, no server."""

import pytest
import sqlalchemy
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from addons.patches import serving
from tests.conftest import run_async

DOMAIN = Domain.empty()


class Primary(InMemoryTrackerStore):
    """An in-memory store that fails while `down` and counts the calls it got."""

    def __init__(self):
        super().__init__(DOMAIN)
        self.down = False
        self.calls = 0

    async def retrieve(self, sender_id):
        self.calls += 1
        if self.down:
            raise sqlalchemy.exc.OperationalError("SELECT ... [parameters: ('secret text',)]", {}, Exception("database is locked"))
        return await super().retrieve(sender_id)

    async def save(self, tracker):
        self.calls += 1
        if self.down:
            raise sqlalchemy.exc.OperationalError("INSERT ...", {}, Exception("database is locked"))
        await super().save(tracker)


@pytest.fixture
def stores(monkeypatch):
    monkeypatch.setenv("TRACKER_STORE_RETRY_SECONDS", "60")
    primary = Primary()
    return primary, FailSafeTrackerStore(primary)


def turn(failsafe, sender, text):
    async def go():
        tracker = await failsafe.get_or_create_tracker(sender)
        tracker.update(UserUttered(text))
        await failsafe.save(tracker)
        return tracker
    return run_async(go())


def user_texts(tracker):
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else None


def test_rasa_uses_the_patched_store():
    assert FailSafeTrackerStore.save is serving._save and FailSafeTrackerStore.retrieve is serving._retrieve


def test_an_outage_goes_on_in_memory_and_the_primary_is_not_asked_meanwhile(stores, caplog):
    primary, failsafe = stores
    turn(failsafe, "u", "before")
    primary.down = True
    turn(failsafe, "u", "during 1")  # the read fails: a new tracker, kept in memory
    calls = primary.calls
    turn(failsafe, "u", "during 2")
    assert primary.calls == calls  # skipped: no waiting for a store that is down
    assert user_texts(run_async(failsafe.fallback_tracker_store.retrieve("u"))) == ["during 1", "during 2"]
    assert user_texts(run_async(InMemoryTrackerStore.retrieve(primary, "u"))) == ["before"]  # as it was
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "database is locked" in errors[0] and "secret text" not in errors[0]


def test_a_tracker_read_from_memory_is_never_saved_into_the_primary_store(stores, monkeypatch):
    primary, failsafe = stores
    turn(failsafe, "u", "before")
    primary.down = True
    monkeypatch.setenv("TRACKER_STORE_RETRY_SECONDS", "0")  # the next call tries the primary again

    async def recovers_mid_turn():
        tracker = await failsafe.get_or_create_tracker("u")  # fails: from memory
        primary.down = False  # the store is back before the turn is saved
        tracker.update(UserUttered("during"))
        await failsafe.save(tracker)

    run_async(recovers_mid_turn())
    assert user_texts(run_async(InMemoryTrackerStore.retrieve(primary, "u"))) == ["before"]  # not a mix
    turn(failsafe, "u", "after")  # served by the primary again, by itself
    assert user_texts(run_async(InMemoryTrackerStore.retrieve(primary, "u"))) == ["before", "after"]
    assert failsafe.fallback_tracker_store.store == {}  # memory is given back


def test_sql_errors_hold_no_parameters(tmp_path):
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    assert store.engine.hide_parameters
    with pytest.raises(sqlalchemy.exc.SQLAlchemyError) as e, store.engine.connect() as con:
        con.execute(sqlalchemy.text("SELECT * FROM no_such_table WHERE x = :x"), {"x": "secret text"})
    assert "secret text" not in str(e.value)
    assert serving.short_error(e.value).startswith("OperationalError: no such table")
