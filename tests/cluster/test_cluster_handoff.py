"""Handoff in the production profile (deploy/cluster.sh: PostgreSQL, Redis, HAProxy, 2 Rasa
instances, 2 action servers; all on 127.0.0.1): the child's socket is on instance A, the
counsellor's console on instance B. Duty and the queue live in PostgreSQL (the action servers
read them), the pause and every message in the PostgreSQL tracker store, and B's messages reach
the child's socket on A through Redis (addons/handoff/fanout.py). Bounded: one cluster, a few
minutes. MODEL=/tmp/... (the environment) starts it on another model."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.unit.handoff.helpers import Child, Counsellor, add_counsellors, handoff_kind, person
from tools.cluster import Cluster

pytestmark = [pytest.mark.bot, pytest.mark.cluster]


@pytest.fixture(scope="module")
def cluster():
    env = {"HANDOFF_SWEEP_SECONDS": "2"}
    if os.environ.get("HANDOFF_TEST_MODEL"):
        env["MODEL"] = os.environ["HANDOFF_TEST_MODEL"]
    with Cluster(instances=2, action_servers=2, env=env) as c:
        s = c.settings
        add_counsellors(f"postgresql://{s['DB_USER']}:{s['DB_PASSWORD']}@{s['DB_HOST']}:{s['DB_PORT']}/{s['DB_NAME']}",
                        "Aigerim")
        yield c


def test_child_on_instance_a_counsellor_on_instance_b(cluster):
    a, b = cluster.rasa_urls[:2]
    counsellor = Counsellor(b, "aigerim").sign_in()
    counsellor.duty(True)
    child = Child(a)
    child.say("I want to talk to a person")
    _, queued = child.wait(handoff_kind, timeout=60)
    assert "number 1 in the queue" in queued["text"]
    entry = counsellor.wait_queued()
    assert counsellor.act("take", entry["id"])[0] == 200
    _, joined = child.wait(handoff_kind)
    assert "Aigerim from our team has joined" in joined["text"]
    text = "Hello from instance B " + uuid.uuid4().hex[:6]
    assert counsellor.act("reply", entry["id"], text)[0] == 200
    _, reply = child.wait(person)
    assert reply["text"] == text and reply["metadata"]["name"] == "Aigerim"
    child.say("I am on instance A")
    assert child.quiet(2) == []
    said = [(m["from"], m["text"]) for m in counsellor.state(entry["id"])["conversation"]["messages"]]
    assert ("child", "I am on instance A") in said and ("person", text) in said
    # the same conversation read through instance A's console too (any instance, one store)
    other = Counsellor(a, "aigerim").sign_in()
    assert [h["id"] for h in other.state()["mine"]] == [entry["id"]]
    assert counsellor.act("handback", entry["id"])[0] == 200
    child.wait(handoff_kind)
    child.say("how many ombudsmen attended?")
    _, answer = child.wait(timeout=60)
    assert "50" in answer["text"]
    child.close()
    with cluster.db() as conn, conn.cursor() as cur:
        cur.execute("SELECT status, channel FROM handoff_queue WHERE id = %s", (entry["id"],))
        assert cur.fetchone() == ("handed_back", "socketio")
        cur.execute("SELECT count(*) FROM handoff_audit WHERE handoff_id = %s AND who = 'aigerim'", (entry["id"],))
        assert cur.fetchone()[0] >= 3
    senders = [s for s, t, _, _ in cluster.events(child.session_id) if t == "pause"]
    assert senders == [child.session_id]  # Rasa's own pause event, in PostgreSQL
    counsellor.duty(False)
