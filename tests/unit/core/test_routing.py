"""Intent routing is declared once (core/answers.py, ROUTES) and everything else agrees with it:
the generated rules, the domain's intents and responses, the knowledge entries' intents, and
the action server's handlers."""

import yaml

from core.answers import ACTION, ROUTES, Response, action_for, respond
from core.knowledge.base import Knowledge
from tests.conftest import ROOT
from tools import rules

K = Knowledge.load()
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_rules_file_is_generated_from_the_table():
    assert (ROOT / "data" / "rules.yml").read_text(encoding="utf-8") == rules.render(), \
        "data/rules.yml is out of date: run python -m tools.rules"


def test_the_generated_rules_route_every_intent_as_the_table_does():
    parsed = yaml.safe_load(rules.render())["rules"]
    routed = {r["steps"][0]["intent"]: r["steps"][1]["action"] for r in parsed}
    assert routed == {intent: action_for(intent) for intent in ROUTES}


def test_the_domain_lists_exactly_the_routed_intents():
    # nlu_fallback is Rasa's own intent (FallbackClassifier): routed, never declared
    assert set(DOMAIN["intents"]) == set(ROUTES) - {"nlu_fallback"}


def test_every_routed_response_exists_in_the_domain():
    responses = {r.name for r in ROUTES.values() if isinstance(r, Response)}
    assert responses <= set(DOMAIN["responses"])
    assert ACTION in DOMAIN["actions"]


def test_every_knowledge_entry_intent_is_routed_to_the_action():
    for answer in K.answers:
        for intent in answer.intents:
            assert action_for(intent) == ACTION, f"{answer.id}: {intent} is not answered by {ACTION}"


def test_every_action_intent_has_an_answer_and_no_response_intent_does():
    for intent, route in ROUTES.items():
        if isinstance(route, Response):
            try:
                respond(K, intent, "", {})
            except KeyError:
                continue
            raise AssertionError(f"{intent} is answered by {route.name}, yet the action answers it too")
        r = respond(K, intent, "", {})
        assert r.text or r.response, intent


def test_an_unrouted_intent_is_refused():
    assert action_for("ask_nonsense") is None
