"""addons/patches/conversation.py gives Rasa's own results at a flat cost: RulePolicy predicts
the same on the rule window as on the whole conversation (the project's rules, long random
conversations with slots set anywhere), applied events and tracker copies equal Rasa's, the
action server gets the same slots and latest message, and the tracker cache never serves a
conversation the store no longer agrees with (another instance's turn, a deletion, a failed
turn, a new session, a restart). No server; SQLite in a temp dir."""

import json
import random

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.importers.importer import TrainingDataImporter

from addons.patches import conversation as conv
from addons.patches import lean_actions  # noqa: F401  (part 3, installed on import)
from addons.patches import tracker_cache as cache
from tests.conftest import ROOT, run_async

INTENTS_WITH_SLOTS = {"crisis": [("disclosed", True)], "crisis_correction": [("disclosed", False), ("crisis_answered", False)]}
KINDS = ["general", "violence", "selfharm", "unsure", "online"]


@pytest.fixture(scope="module")
def trained():
    importer = TrainingDataImporter.load_from_dict(domain_path=str(ROOT / "domain.yml"),
                                                   training_data_paths=[str(ROOT / "data")])
    domain = importer.get_domain()
    trackers = TrainingDataGenerator(importer.get_stories(), domain, augmentation_factor=0).generate()
    import tempfile
    from pathlib import Path
    config = {**RulePolicy.get_default_config(), "core_fallback_threshold": 0.3,
              "core_fallback_action_name": "action_default_fallback", "enable_fallback_prediction": True}
    policy = RulePolicy.create(config, LocalModelStorage(Path(tempfile.mkdtemp())), Resource("rules"),
                               ExecutionContext(GraphSchema({}), "test"))
    policy.train(trackers, domain)
    return policy, domain


def predict(policy, tracker, domain, monkeypatch, window: bool):
    monkeypatch.setenv("RULE_WINDOW", "1" if window else "0")
    p = policy.predict_action_probabilities(tracker, domain)
    return (p.probabilities, p.hide_rule_turn, [e.as_dict() for e in p.events], p.is_end_to_end_prediction,
            p.is_no_user_prediction, p.max_confidence_index)


def user_turn(rng, domain, tracker):
    intent = rng.choice(domain.intents)
    entities = []
    if intent == "crisis":
        entities = [{"entity": "crisis_kind", "value": rng.choice(KINDS), "start": 0, "end": 1}]
    tracker.update(UserUttered(f"message {len(tracker.events)}", {"name": intent, "confidence": 0.9},
                               entities))
    for slot, value in INTENTS_WITH_SLOTS.get(intent, []):
        tracker.update(SlotSet(slot, value))
    for entity in entities:
        tracker.update(SlotSet(entity["entity"], entity["value"]))


def test_the_window_is_the_longest_rule_plus_one(trained):
    policy, _ = trained
    longest = max(len(policy._rule_key_to_state(k)) for k in policy.lookup["rules"])
    assert conv.rule_window(policy) == longest + 1
    assert longest >= 3  # data/crisis.yml: an action, a yes or no, the reply


@pytest.mark.parametrize("seed", range(6))
def test_rule_policy_predicts_the_same_on_the_window(trained, monkeypatch, seed):
    """A long random conversation, every prediction compared: the rule window against Rasa's
    states of the whole conversation (crisis slots set early still count late)."""
    policy, domain = trained
    rng = random.Random(seed)
    names = domain.action_names_or_texts
    tracker = DialogueStateTracker.from_events(f"c{seed}", [ActionExecuted("action_listen")], domain.slots)
    compared = 0
    for _turn in range(70):
        user_turn(rng, domain, tracker)
        for _step in range(3):
            fast = predict(policy, tracker, domain, monkeypatch, True)
            slow = predict(policy, tracker, domain, monkeypatch, False)
            assert fast == slow, (seed, len(tracker.events))
            compared += 1
            action = names[fast[-1]]
            if rng.random() < 0.1:  # sometimes the conversation goes somewhere no rule covers
                action = rng.choice(names)
            tracker.update(ActionExecuted(action))
            if action == "action_note_disclosure":
                tracker.update(SlotSet("crisis_answered", True))
            if action == "action_listen":
                break
            tracker.update(BotUttered(f"reply {len(tracker.events)}"))
        if rng.random() < 0.05:  # an undo now and then: the replay is rebuilt
            tracker.update(rng.choice([UserUtteranceReverted(), ActionReverted()]))
    assert compared > 150
    assert tracker.__dict__["_rule_replay"].tail  # the window was used, not Rasa's fallback


def test_prediction_states_are_the_tail_of_rasas(trained, monkeypatch):
    policy, domain = trained
    rng = random.Random(7)
    tracker = DialogueStateTracker.from_events("tail", [ActionExecuted("action_listen")], domain.slots)
    window = conv.rule_window(policy)
    for _ in range(40):
        user_turn(rng, domain, tracker)
        for text in (True, False):
            monkeypatch.setenv("RULE_WINDOW", "1")
            fast = policy._prediction_states(tracker, domain, text)
            monkeypatch.setenv("RULE_WINDOW", "0")
            slow = policy._prediction_states(tracker, domain, text)
            assert fast == slow[-window:]
        tracker.update(ActionExecuted("action_answer"))
        tracker.update(ActionExecuted("action_listen"))


def test_a_loop_or_a_rule_tracker_uses_rasas_own_states(trained, monkeypatch):
    policy, domain = trained
    tracker = DialogueStateTracker.from_events("loop", [ActionExecuted("action_listen"), ActiveLoop("some_form")],
                                               domain.slots)
    assert conv.window_states(tracker, domain, 4) is None
    rule = DialogueStateTracker("rule", domain.slots, is_rule_tracker=True)
    monkeypatch.setenv("RULE_WINDOW", "1")
    assert policy._prediction_states(rule, domain) == rule.past_states(domain)


def random_events(rng, n):
    kinds = [lambda: ActionExecuted("action_listen"), lambda: UserUttered("hi", {"name": "greet"}),
             lambda: ActionExecuted("utter_greet"), lambda: SlotSet("disclosed", rng.random() < 0.5),
             lambda: BotUttered("hello"), lambda: UserUtteranceReverted(), lambda: ActionReverted(),
             lambda: Restarted(), lambda: SessionStarted()]
    weights = [20, 20, 20, 10, 10, 2, 2, 1, 1]
    return [rng.choices(kinds, weights)[0]() for _ in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_applied_events_and_copies_equal_rasas(trained, monkeypatch, seed):
    _, domain = trained
    rng = random.Random(seed)
    tracker = DialogueStateTracker("a", domain.slots)
    for event in random_events(rng, 400):
        tracker.update(event)
        monkeypatch.setenv("RULE_WINDOW", "1")
        fast, fast_copy = tracker.applied_events(), tracker.copy()
        monkeypatch.setenv("RULE_WINDOW", "0")
        slow, slow_copy = tracker.applied_events(), tracker.copy()
        assert fast == slow and fast is not slow
        assert "_applied_memo" in tracker.__dict__
        assert fast_copy.current_state(EventVerbosity.ALL) == slow_copy.current_state(EventVerbosity.ALL)
        assert {k: (s.value, s.has_been_set) for k, s in fast_copy.slots.items()} == \
               {k: (s.value, s.has_been_set) for k, s in slow_copy.slots.items()}
        assert (fast_copy.latest_action, fast_copy.active_loop, fast_copy.followup_action) == \
               (slow_copy.latest_action, slow_copy.active_loop, slow_copy.followup_action)
        fast_copy.update(SlotSet("disclosed", True))  # a copy is independent of its original
        assert len(fast_copy.events) == len(tracker.events) + 1


def test_lean_actions_get_the_same_slots_and_message_and_the_turns_events(trained, monkeypatch):
    _, domain = trained
    tracker = DialogueStateTracker.from_events("lean", [ActionExecuted("action_listen")], domain.slots)
    for i in range(30):
        tracker.update(UserUttered(f"question {i}", {"name": "ask_event", "confidence": 1.0}))
        tracker.update(SlotSet("entry", f"e{i}"))
        tracker.update(ActionExecuted("action_answer"))
        tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("last", {"name": "ask_modules", "confidence": 1.0}))
    for name, lean in (("action_answer", True), ("action_note_disclosure", True), ("action_other", False)):
        monkeypatch.setenv("LEAN_ACTION_TRACKER", "1")
        fast = RemoteAction(name, None)._action_call_format(tracker, domain)
        monkeypatch.setenv("LEAN_ACTION_TRACKER", "0")
        slow = RemoteAction(name, None)._action_call_format(tracker, domain)
        assert {k: v for k, v in fast["tracker"].items() if k != "events"} == \
               {k: v for k, v in slow["tracker"].items() if k != "events"}
        assert {k: v for k, v in fast.items() if k not in ("tracker", "domain")} == \
               {k: v for k, v in slow.items() if k not in ("tracker", "domain")}
        assert "domain" in slow
        assert ("domain" in fast) is not lean  # the lean actions never read the domain
        if lean:
            assert [e["event"] for e in fast["tracker"]["events"]] == ["action", "user"]
            assert fast["tracker"]["events"] == slow["tracker"]["events"][-2:]
        else:
            assert fast == slow


# -- the tracker cache -------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "tracker.db")


def store(db, domain):
    return SQLTrackerStore(domain, dialect="sqlite", db=db)


def turn(s, sender, text):
    async def go():
        tracker = await s.get_or_create_tracker(sender)
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
        tracker.update(SlotSet("entry", text))
        tracker.update(ActionExecuted("utter_greet"))
        tracker.update(BotUttered(f"reply to {text}"))
        await s.save(tracker)
        return tracker
    return run_async(go())


def texts(tracker):
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else None


def fresh(db, domain, sender):
    return run_async(store(db, domain).retrieve(sender))


def test_a_kept_tracker_is_used_while_the_store_agrees(trained, db):
    _, domain = trained
    a = store(db, domain)
    first = turn(a, "u", "one")
    second = turn(a, "u", "two")
    third = turn(a, "u", "three")
    assert second is third  # read from the cache, not rebuilt
    assert texts(third) == texts(fresh(db, domain, "u")) == ["one", "two", "three"]
    assert third.get_slot("entry") == "three"
    del first


def test_a_turn_handled_by_another_instance_is_never_missed(trained, db):
    """Two instances (two stores on one database): the previous turn went to the other one."""
    _, domain = trained
    a, b = store(db, domain), store(db, domain)
    turn(a, "u", "one")
    turn(a, "u", "two")              # a keeps the tracker
    turn(b, "u", "three on b")       # the next turn goes to b
    t = turn(a, "u", "four")         # back to a: the store changed, a reads it
    assert texts(t) == ["one", "two", "three on b", "four"] == texts(fresh(db, domain, "u"))
    assert t.get_slot("entry") == "four"
    t = turn(b, "u", "five on b")    # b kept its own tracker of turn three: stale, read again
    assert texts(t) == ["one", "two", "three on b", "four", "five on b"]


def test_a_deleted_conversation_is_not_served_from_the_cache(trained, db):
    _, domain = trained
    a = store(db, domain)
    turn(a, "u", "one")
    turn(a, "u", "two")
    with a.session_scope() as session:
        session.query(a.SQLEvent).filter(a.SQLEvent.sender_id == "u").delete()
        session.commit()
    assert run_async(a.retrieve("u")) is None
    assert texts(turn(a, "u", "again")) == ["again"]


def test_a_turn_that_failed_before_its_save_leaves_nothing_behind(trained, db):
    _, domain = trained
    a = store(db, domain)
    turn(a, "u", "one")
    turn(a, "u", "two")

    async def failed_turn():
        tracker = await a.retrieve("u")
        tracker.update(UserUttered("lost", {"name": "greet"}))  # then the turn fails: no save
        return await a.retrieve("u")

    assert texts(run_async(failed_turn())) == ["one", "two"]


def test_a_new_session_and_a_restart_read_the_store(trained, db):
    _, domain = trained
    a = store(db, domain)
    turn(a, "u", "one")
    turn(a, "u", "two")

    async def new_session():
        tracker = await a.retrieve("u")
        tracker.update(ActionExecuted("action_session_start"))
        tracker.update(SessionStarted())
        tracker.update(ActionExecuted("action_listen"))
        await a.save(tracker)
        return tracker

    old = run_async(new_session())
    assert "u" not in cache._cache(a)
    after = run_async(a.retrieve("u"))
    assert after is not old and texts(after) == [] and texts(after) == texts(fresh(db, domain, "u"))
    restarted = store(db, domain)  # a new process: an empty cache
    assert texts(turn(restarted, "u", "three")) == ["three"]


def test_the_cache_is_bounded_and_can_be_switched_off(trained, db, monkeypatch):
    _, domain = trained
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "2")
    a = store(db, domain)
    for sender in ("x", "y", "z"):
        turn(a, sender, "hi")
        turn(a, sender, "again")
    assert list(cache._cache(a)) == ["y", "z"]
    monkeypatch.setenv("TRACKER_CACHE", "0")
    t1, t2 = turn(a, "w", "one"), turn(a, "w", "two")
    assert t1 is not t2 and not cache._cache(a).get("w")


def stored_rows(s, sender):
    with s.session_scope() as session:
        return [(r.type_name, r.data) for r in session.query(s.SQLEvent)
                .filter(s.SQLEvent.sender_id == sender).order_by(s.SQLEvent.id)]


def test_a_save_after_a_cache_read_writes_exactly_the_new_events_without_counting(trained, db, monkeypatch):
    """The save after a read from the cache takes the session's count and the fingerprint from the
    read (no query): after every turn the store holds each event of the tracker once, in order,
    and the kept fingerprint is the store's own; the count query runs only for the first save."""
    _, domain = trained
    a, b = store(db, domain), store(db, domain)
    counted = []
    original = SQLTrackerStore._event_query
    monkeypatch.setattr(SQLTrackerStore, "_event_query",
                        lambda self, *args, **kw: counted.append(1) or original(self, *args, **kw))
    for i in range(6):
        t = turn(a, "u", f"turn {i}")
        with a.session_scope() as session:
            assert cache._cache(a)["u"].fingerprint == cache.fingerprint(a, session, "u")
        assert stored_rows(a, "u") == [(e.type_name, json.dumps(e.as_dict())) for e in t.events]
    reads_of_the_store = len(counted)
    assert reads_of_the_store == 3  # the first turn: the read (nothing stored), the new tracker's save, its own save; then none
    turn(b, "u", "on b")  # another instance: a's kept tracker is stale, read and counted again
    t = turn(a, "u", "back on a")
    assert len(counted) > reads_of_the_store
    assert texts(t)[-2:] == ["on b", "back on a"]
    assert stored_rows(a, "u") == [(e.type_name, json.dumps(e.as_dict())) for e in t.events]
    with a.session_scope() as session:
        assert cache._cache(a)["u"].fingerprint == cache.fingerprint(a, session, "u")


def test_a_tracker_read_before_another_save_of_its_conversation_is_saved_as_rasa_does(trained, db):
    """Two tracker objects of one conversation (turns that overlapped): the one read first from
    the cache and saved last must not append its turn after the other's, nor be kept."""
    _, domain = trained
    a = store(db, domain)
    turn(a, "u", "one")
    turn(a, "u", "two")

    async def overlapping():
        t = await a.retrieve("u")      # from the cache
        u = await a.retrieve("u")      # the cache handed it out: from the store
        assert t is not u
        for tracker, text in ((u, "on u"), (t, "on t")):
            tracker.update(ActionExecuted("action_listen"))
            tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
            tracker.update(BotUttered(f"reply to {text}"))
        await a.save(u)
        await a.save(t)                # as Rasa: the store already holds as many events: none written

    run_async(overlapping())
    assert texts(fresh(db, domain, "u")) == ["one", "two", "on u"]
    assert "u" not in cache._cache(a)
    assert texts(turn(a, "u", "three")) == ["one", "two", "on u", "three"] == texts(fresh(db, domain, "u"))
