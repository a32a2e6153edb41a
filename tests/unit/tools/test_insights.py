"""The insights report's numbers on a generated tracker store whose counts are known
(tools/insights/generate.py keeps them while generating), every chart's numbers; the HTML page
(its tables are the JSON's numbers; it opens in Chromium with no request to any host)."""

import json
import re
import statistics
import threading
from pathlib import Path

import pytest

from tools.insights import samples
from tools.insights.aggregate import Insights
from tools.insights.generate import generate
from tools.insights.report import analyse, render, write
from tools.insights.store import conversations, store_url
from tools.insights.turns import grams, similarity, turns


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("insights") / "tracker.db"
    truth = generate(path, conversations=1500, seed=11, days=20)
    return path, truth, analyse(store_url(str(path)))


def test_the_samples_are_unlike_each_other_and_a_rephrasing_is_alike():
    texts = list(samples.all_texts())
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            assert similarity(grams(a), grams(b)) < 0.4, (a, b)
    for _intent, by_lang in samples.QUESTIONS.values():
        for lang, text in by_lang.items():
            assert similarity(grams(text), grams(samples.rephrase(text, lang))) >= 0.4, text


def test_per_day_numbers(generated):
    _, truth, r = generated
    assert [d["day"] for d in r["per_day"]] == sorted(truth.day)
    for row in r["per_day"]:
        expected = truth.day[row["day"]]
        for key in ("conversations", "messages", "fallbacks", "out_of_scope", "crisis_replies", "disclosures",
                    "corrections"):
            assert row[key] == expected[key], (row["day"], key)
        assert row["fallback_rate"] == round(expected["fallbacks"] / expected["messages"], 4)
    assert r["totals"]["conversations"] == 1500


def test_languages_channels_intents(generated):
    _, truth, r = generated
    assert r["languages"] == {"messages": dict(truth.lang_messages), "conversations": dict(truth.lang_conversations)}
    assert r["channels"] == {"messages": dict(truth.channel_messages),
                             "conversations": dict(truth.channel_conversations)}
    assert r["intents"] == dict(truth.intents) and "feedback" not in r["intents"]
    assert list(r["intents"].values()) == sorted(r["intents"].values(), reverse=True)
    for lang, row in r["per_language"].items():
        assert (row["messages"], row["fallbacks"], row["out_of_scope"]) == (
            truth.per_lang[lang]["messages"], truth.per_lang[lang]["fallbacks"], truth.per_lang[lang]["out_of_scope"])


def test_crisis_numbers(generated):
    _, truth, r = generated
    assert r["crisis"]["replies_by_response"] == dict(truth.responses)
    assert r["crisis"]["disclosures_by_kind"] == dict(truth.kinds)
    assert r["totals"]["corrections"] == sum(d["corrections"] for d in truth.day.values()) > 0


def test_feedback_length_and_trouble(generated):
    _, truth, r = generated
    assert {f["answer"]: (f["up"], f["down"]) for f in r["feedback"]} == {
        a: (c["up"], c["down"]) for a, c in truth.feedback.items()}
    lengths = sorted(truth.lengths.elements())
    assert r["length"]["median"] == statistics.median(lengths)
    assert r["length"]["histogram"] == {str(k): v for k, v in sorted(truth.lengths.items())}
    expected = {a: (c["shown"], c["rephrased"], c["down"]) for a, c in truth.answers.items()
                if c["rephrased"] + c["down"]}
    assert {t["answer"]: (t["shown"], t["rephrased"], t["down"]) for t in r["trouble"]} == expected


def test_feedback_is_about_the_reply_just_before_it_and_crisis_replies_are_not_answers(tmp_path):
    import random

    from tools.insights.generate import META, Conversation, Truth

    c = Conversation(random.Random(1), Truth(), "s1", 1798761600.0, "en", "socketio")
    c.start()
    c.user("what number is the children's helpline", "ask_contacts")
    c.bot("action_answer", "helpline_150")
    c.user('/feedback{"helpful":"down"}', "feedback", [{"entity": "helpful", "value": "down"}], command=True)
    c.bot("utter_feedback_thanks")
    c.user("my stepdad hits me", "crisis", [{"entity": "crisis_kind", "value": "violence"}])
    c.bot("utter_crisis")
    c.user('/feedback{"helpful":"up"}', "feedback", [{"entity": "helpful", "value": "up"}], command=True)
    assert META["assistant_id"]
    rows = [(r[1], r[2], r[4], r[5]) for r in c.rows if r[1] in ("user", "bot", "action")]  # as store.py reads
    result = Insights().add_all([turns(rows)]).result()
    assert {f["answer"]: (f["up"], f["down"]) for f in result["feedback"]} == {
        "helpline_150": (0, 1), "utter_crisis": (1, 0)}
    assert result["totals"]["messages"] == 2 and result["totals"]["crisis_replies"] == 1
    assert result["crisis"]["disclosures_by_kind"] == {"violence": 1}


def test_the_page_shows_the_json_numbers_and_no_text_or_sender(generated, tmp_path):
    path, _, r = generated
    json_path, html_path = write(r, tmp_path, "sqlite (tracker.db)")
    page = html_path.read_text(encoding="utf-8")
    assert json.loads(json_path.read_text()) == r
    assert page.count("<svg") >= 10 and "<script" not in page and "http://" not in page.replace(
        "http://www.w3.org", "")
    table = re.search(r'id=per-day .*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    rows = re.findall(r"<tr><td>([\d-]+)</td><td>(\d+)</td><td>(\d+)</td></tr>", table)
    assert rows == [(d["day"], str(d["conversations"]), str(d["messages"])) for d in r["per_day"]]
    senders = {s for s, _ in conversations(store_url(str(path)))}
    assert not any(s in page for s in list(senders)[:200])
    assert samples.CRISIS["en"] not in page and samples.FALLBACK["en"][0] not in page


def test_the_page_opens_in_chromium_without_any_request_elsewhere(generated, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found")
    _, _, r = generated
    _, html_path = write(r, tmp_path, "sqlite")
    requests, errors, checks = [], [], {}

    def browse():  # in a thread of its own: the sync API refuses a thread with a running event loop
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            page.on("request", lambda req: requests.append(req.url))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(html_path.as_uri())
            checks["svgs"] = page.locator("section svg").count()
            checks["h2"] = page.locator("h2").first.inner_text()
            browser.close()

    worker = threading.Thread(target=browse)
    worker.start()
    worker.join(120)
    assert checks.get("svgs", 0) >= 10, checks
    assert checks["h2"].startswith("Conversations and messages")
    assert requests == [html_path.as_uri()] and not errors, (requests, errors)


def test_render_handles_an_empty_store(tmp_path):
    empty = tmp_path / "empty.db"
    import sqlite3

    sqlite3.connect(empty).close()
    r = analyse(store_url(str(empty)))
    assert r["totals"]["conversations"] == 0
    assert "<h1>" in render(r, "sqlite")


def test_a_fallback_is_a_message_given_the_honest_reply_not_an_intent(tmp_path):
    import random

    from tools.insights.generate import Conversation, Truth

    c = Conversation(random.Random(2), Truth(), "s2", 1798761600.0, "en", "rest")
    c.start()
    c.user("what is 150", "ask_contacts")
    c.bot("action_answer", "helpline_150")
    c.user("is it free?", "nlu_fallback")  # classified unsure, answered from the conversation
    c.bot("action_answer", "helpline_150")
    c.user("who is the minister of culture", "ask_person")  # a near miss: the honest reply
    c.bot("action_answer", "honest", kind="honest")
    rows = [(r[1], r[2], r[4], r[5]) for r in c.rows if r[1] in ("user", "bot", "action")]
    result = Insights().add_all([turns(rows)]).result()
    assert result["totals"]["fallbacks"] == 1
