"""Every fact of the sources is answerable (issue 14): each fact line of ../shared/facts.md and
each factual sentence of the article, with the questions a helper who saw neither the training
data nor the other sets wrote for it (tests/heldout/coverage/coverage.yml), asked over REST of
the trained bot, each in a fresh conversation.

A fact is reached when one of its questions gets a reply that contains every string the fact
must show (a number, a year, a name). Facts whose answer has no short string that every
language shares (`must_contain: []`, advice) are listed in the report of `make report`, not
asserted here. The test also prints the share of questions that reach their fact."""

import uuid
from pathlib import Path

import pytest
import yaml

from tools.servers import BotServers

pytestmark = pytest.mark.bot
COVERAGE = Path(__file__).resolve().parents[1] / "heldout" / "coverage" / "coverage.yml"
FACTS = yaml.safe_load(COVERAGE.read_text(encoding="utf-8"))["facts"]
# Share of the facts (with a string to check) that at least one of their questions reaches:
# a regression floor under the first measurement (session 6: 80 of 94 with one model, 78 with
# the next; which facts are missed moves a little with every training). The target is
# every fact: the facts no question reaches are printed (pytest -s tests/bot/test_coverage.py).
FLOOR = 0.80


def reply_text(bot, text):
    replies = bot.say(f"cov-{uuid.uuid4().hex[:10]}", text)
    return " ".join(r.get("text") or "" for r in replies)


def reached(text, must):
    low = text.lower()
    return all(m.lower() in low for m in must)


@pytest.fixture(scope="module")
def results():
    out = []
    with BotServers() as bot:
        for fact in FACTS:
            if not fact["must_contain"]:
                continue
            hits = [reached(reply_text(bot, q["say"]), fact["must_contain"]) for q in fact["questions"]]
            out.append((fact, hits))
    return out


def test_the_coverage_set_covers_both_sources():
    sources = {f["source"] for f in FACTS}
    assert sources == {"facts.md", "article.txt"}
    assert len(FACTS) >= 100


def test_nearly_every_fact_is_reached_by_at_least_one_of_its_questions(results):
    missing = [f["line"][:90] for f, hits in results if not any(hits)]
    reached = sum(any(h) for _, h in results)
    share = sum(sum(h) for _, h in results) / sum(len(h) for _, h in results)
    print(f"\ncoverage: {reached}/{len(results)} facts reached; {share:.0%} of the questions reach their fact")
    print("not reached:\n- " + "\n- ".join(missing))
    assert reached / len(results) >= FLOOR, f"{len(missing)} facts no question reaches: {missing}"
