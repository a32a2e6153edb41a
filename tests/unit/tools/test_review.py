"""The review queue (tools/insights/review.py) on a generated store: redacted, grouped with
counts, crisis messages out unless asked for (and then logged), the export as Rasa NLU YAML
that Rasa reads, and `make forget` dropping what the queue keeps (tools/insights/keep.py)."""

import json
import shutil
import subprocess
import sys

import pytest

from tools import retention
from tools.insights import keep, review, samples
from tools.insights.generate import generate
from tools.insights.store import store_url

ROOT = keep.ROOT


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "tracker.db"
    generate(path, conversations=600, seed=5, days=10)
    return store_url(str(path))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(keep.SALT_ENV, "test-salt")
    return tmp_path / "review"


def all_items(groups):
    return [i for g in groups for i in g["items"]]


def test_queue_is_redacted_grouped_and_without_crisis(store, folder):
    groups = review.build(store, folder)
    items = all_items(groups)
    texts = {i["text"] for i in items}
    assert "меня зовут [name], мой номер [phone]" in texts and "мой ИИН [iin] проверь" in texts
    assert not any(t in texts for t in samples.CRISIS.values()) and not any(
        t in texts for t in samples.DISTRESS.values())
    assert {r for i in items for r in i["reasons"]} == {"fallback", "out_of_scope", "thumbs_down", "rephrased"}
    assert [len(g["items"]) for g in groups] == sorted((len(g["items"]) for g in groups), reverse=True)
    rephrasings = [g for g in groups if any(samples.SUFFIX["en"].strip() in i["text"] for i in g["items"])]
    assert not rephrasings  # the earlier message is queued, not the rephrasing
    assert all(len(i["sender"]) == 20 and int(i["sender"], 16) >= 0 for i in items)  # hashed, never the id
    assert not (folder / "audit.log").exists()
    saved = json.loads((folder / "queue.json").read_text())
    assert saved["groups"] == json.loads(json.dumps(groups)) and saved["include_crisis"] is False


def test_crisis_messages_only_with_the_flag_which_is_logged(store, folder, caplog):
    groups = review.build(store, folder, include_crisis=True)
    crisis = [i for i in all_items(groups) if "crisis" in i["reasons"]]
    assert crisis and {i["text"] for i in crisis} >= {samples.CRISIS["ru"]}
    (line,) = (folder / "audit.log").read_text().splitlines()
    assert "--include-crisis" in line and f"{len(crisis)} crisis messages" in line
    assert any("include-crisis" in r.getMessage() for r in caplog.records)
    group_id = next(g["id"] for g in groups if any("crisis" in i["reasons"] for i in g["items"]))
    with pytest.raises(SystemExit, match="crisis"):
        review.export(group_id, "ask_contacts", folder)


def test_export_is_rasa_nlu_yaml(store, folder):
    groups = review.build(store, folder)
    chosen = next(g for g in groups if g["items"][0]["text"] == "what is the weather tomorrow")
    path = review.export(chosen["id"], "out_of_scope", folder)
    review.export(chosen["id"], "out_of_scope", folder)  # again: no duplicate example
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().reads(path.read_text(encoding="utf-8"))
    assert [(m.get("intent"), m.get("text"), m.get("entities")) for m in data.training_examples] == [
        ("out_of_scope", "what is the weather tomorrow", None)]
    assert path.parent == folder and "data" not in path.parts[-3:]


def _validate(project, home):
    proc = subprocess.run([str(ROOT / ".venv" / "bin" / "rasa"), "data", "validate", "--fail-on-warnings"],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false", "HOME": str(home),
                               "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore::DeprecationWarning"})
    problems = {line.split("UserWarning: ", 1)[1] for line in (proc.stdout + proc.stderr).splitlines()
                if "UserWarning: " in line}
    return proc.returncode, problems


def test_exported_examples_pass_rasa_data_validate_when_moved_into_data(store, folder, tmp_path):
    """The project's data and domain, validated with and without the candidates in data/: the
    candidates add no warning or error (and pass when the project's own data passes)."""
    groups = review.build(store, folder)
    for text, intent in (("what is the weather tomorrow", "out_of_scope"), ("маған ән айтып бер", "out_of_scope")):
        review.export(next(g["id"] for g in groups if g["items"][0]["text"] == text), intent, folder)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("domain.yml", "config.yml"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "data", project / "data")
    before = _validate(project, tmp_path)
    shutil.copy(folder / "candidates.yml", project / "data" / "candidates.yml")
    after = _validate(project, tmp_path)
    assert after[1] == before[1], after[1] - before[1]
    assert after[0] == 0 or before[0] != 0


def test_forget_drops_a_senders_items_and_old_ones(store, folder):
    groups = review.build(store, folder)
    chosen = groups[0]
    review.export(chosen["id"], "out_of_scope", folder)
    sender = next(s for s, _ in __import__("tools.insights.store", fromlist=["x"]).conversations(store)
                  if keep.hash_sender(s, keep.salt(folder)) == chosen["items"][0]["sender"])
    before = len(all_items(json.loads((folder / "queue.json").read_text())["groups"]))
    dropped = keep.forget(folder, sender=sender)
    after = json.loads((folder / "queue.json").read_text())["groups"]
    assert dropped["queue_items"] >= 1 and len(all_items(after)) == before - dropped["queue_items"]
    assert all(i["sender"] != chosen["items"][0]["sender"] for i in all_items(after))
    sources = json.loads((folder / "candidates.json").read_text())
    assert all(s["sender"] != chosen["items"][0]["sender"] for c in sources for s in c["sources"])
    keep.forget(folder, older_than_days=0, now=4102444800.0)  # 2100: everything is old
    assert json.loads((folder / "queue.json").read_text())["groups"] == []
    assert json.loads((folder / "candidates.json").read_text()) == []
    assert "nlu: []" in (folder / "candidates.yml").read_text()


def test_make_forget_applies_to_the_review_folder(folder, tmp_path):
    keep.write_json(folder / "queue.json", {"groups": [{"id": 1, "items": [
        {"text": "x", "reasons": ["fallback"], "lang": "en", "day": "2000-01-01", "sender": "s"}]}]})
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp_path / "none.db"}"\n')
    assert retention.main(["--older-than-days", "30", "--endpoints", str(endpoints), "--review", str(folder)]) == 0
    assert json.loads((folder / "queue.json").read_text())["groups"] == []


def test_the_review_folder_is_not_training_data():
    """rasa train reads data/ recursively, so the candidates are written to review/ at the root."""
    assert keep.REVIEW == ROOT / "review" and not str(keep.REVIEW).startswith(str(ROOT / "data"))
    assert "/review/" in (ROOT / ".gitignore").read_text()
    assert sys.version_info[:2] == (3, 10)
