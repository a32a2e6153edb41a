"""The tracker cache (addons/patches/tracker_cache.py) in the production profile: two Rasa
instances on one PostgreSQL. An instance that kept a conversation's tracker after its own turn
must not use it when the previous turn went to the other instance: the store's fingerprint
of the conversation changed, so it reads the store. Checked on the replies: a follow-up that
depends on what the other instance's turn set ("what did he say?" after the other instance
was asked about another person) gets the same reply as in a conversation served by one
instance, and not the reply a stale tracker would give.
"""

from __future__ import annotations

import uuid

import pytest

from tools.cluster import Cluster

pytestmark = [pytest.mark.bot, pytest.mark.cluster]

TURNS = ["who is Dinara Zakieva?", "what did she say?", "who is the UNICEF representative?", "what did he say?",
         "tell me about the first module", "and the third?"]


@pytest.fixture(scope="module")
def cluster():
    with Cluster(instances=2, action_servers=1) as c:
        yield c


def replies(cluster, plan, turns=TURNS):
    """(sender, [reply texts]) of one conversation, turn i sent to instance plan[i]."""
    sender = "cache-" + uuid.uuid4().hex[:8]
    out = []
    for text, instance in zip(turns, plan, strict=True):
        status, body = cluster.say(cluster.rasa_urls[instance], sender, text)
        assert status == 200, (instance, text, body)
        out.append("\n".join(r.get("text", "") for r in body))
    return sender, out


def test_a_turn_on_the_other_instance_is_seen(cluster):
    _, one = replies(cluster, [0, 0, 0, 0, 0, 0])            # one instance throughout
    sender, split = replies(cluster, [0, 0, 1, 0, 1, 0])     # turns 3 and 5 on the other one
    assert split == one
    assert cluster.user_texts(sender) == TURNS
    kinds = [t for _, t, _, _ in cluster.events(sender) if t in ("user", "bot")]
    assert kinds.count("user") == len(TURNS) and kinds[0] == "user"
    # what instance 0 would answer from a stale tracker (without turn 3): another reply, so
    # the check above would catch a cache that missed the other instance's turn
    _, stale = replies(cluster, [0, 0, 0], [TURNS[0], TURNS[1], TURNS[3]])
    assert stale[2] != split[3]


def test_turns_alternating_every_time_give_one_instances_replies(cluster):
    _, one = replies(cluster, [1, 1, 1, 1, 1, 1])
    _, alternating = replies(cluster, [1, 0, 1, 0, 1, 0])
    assert alternating == one
