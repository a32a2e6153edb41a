"""The retention command deletes whole conversations: idle for more than N days, or one
sender's, from a real Rasa SQL tracker store (SQLite)."""

import subprocess
import sys
import time

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from tests.conftest import ROOT, run_async
from tools.retention import database_url, delete

DAY = 86400


def make_store(tmp_path, conversations):
    """conversations: {sender: [age in days of each message]}"""
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    now = time.time()
    for sender, ages in conversations.items():
        tracker = DialogueStateTracker(sender, slots=[])
        for age in ages:
            tracker.update(UserUttered(f"hello {age}", timestamp=now - age * DAY))
        run_async(store.save(tracker))
    return f"sqlite:///{tmp_path / 't.db'}", store


def senders(store):
    return sorted(run_async(store.keys()))


def test_deletes_conversations_idle_longer_than_the_cutoff(tmp_path):
    url, store = make_store(tmp_path, {"old": [40, 35], "recent": [40, 1], "new": [0]})
    assert delete(url, older_than_days=30) == {"senders": 1, "events": 2}
    assert senders(store) == ["new", "recent"]  # "recent" keeps its 40-day-old message: no half conversations


def test_deletes_one_sender(tmp_path):
    url, store = make_store(tmp_path, {"a": [1, 2], "b": [1]})
    assert delete(url, sender="a") == {"senders": 1, "events": 2}
    assert senders(store) == ["b"]
    assert delete(url, sender="nobody") == {"senders": 0, "events": 0}


def test_dry_run_deletes_nothing(tmp_path):
    url, store = make_store(tmp_path, {"old": [90]})
    assert delete(url, older_than_days=30, dry_run=True) == {"senders": 1, "events": 1}
    assert senders(store) == ["old"]


def test_empty_database(tmp_path):
    assert delete(f"sqlite:///{tmp_path / 'none.db'}", older_than_days=1) == {"senders": 0, "events": 0}


def test_command_line_reads_endpoints(tmp_path):
    make_store(tmp_path, {"x": [100]})
    (tmp_path / "endpoints.yml").write_text('tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "t.db"\n')
    assert database_url(tmp_path / "endpoints.yml") == f"sqlite:///{tmp_path / 't.db'}"
    out = subprocess.run([sys.executable, "tools/retention.py", "--endpoints", str(tmp_path / "endpoints.yml"),
                          "--older-than-days", "30"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "deleted 1 events of 1 conversation(s)" in out.stdout
    bad = subprocess.run([sys.executable, "tools/retention.py", "--older-than-days", "-1"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "must be 0 or more" in bad.stderr
