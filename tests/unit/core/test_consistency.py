"""The parts agree: every knowledge entry is reachable by an intent that a rule sends to
action_answer; every intent has a rule; the crisis reply's numbers are the knowledge file's."""

import re

import pytest
import yaml

from core.answers import respond
from core.knowledge.base import Knowledge
from core.knowledge.schema import tr
from core.lexicon import LANGUAGES
from tests.conftest import ROOT

K = Knowledge.load()
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))["rules"]
NLU = [block for f in sorted((ROOT / "data").glob("*.yml"))
       for block in yaml.safe_load(f.read_text(encoding="utf-8")).get("nlu", [])]


def rule_actions():
    """intent -> the action its one-step rule runs."""
    out = {}
    for rule in RULES:
        steps = rule["steps"]
        if len(steps) >= 2 and "intent" in steps[0] and all("action" in x for x in steps[1:]) \
                and "condition" not in rule:
            out[steps[0]["intent"]] = steps[1]["action"]
    return out


def test_every_domain_intent_has_training_data_and_a_rule():
    trained = {b["intent"] for b in NLU if "intent" in b}
    assert set(DOMAIN["intents"]) == trained
    assert set(DOMAIN["intents"]) <= set(rule_actions())


def test_every_knowledge_answer_intent_goes_to_action_answer():
    actions = rule_actions()
    for a in K.answers:
        for intent in a.intents:
            assert intent in DOMAIN["intents"], f"{a.id}: intent {intent} is not in domain.yml"
            assert actions[intent] == "action_answer", f"{a.id}: {intent} is not routed to action_answer"


def test_every_action_answer_intent_has_an_answer():
    """No intent routed to action_answer ends in 'no answer'."""
    for intent, action in rule_actions().items():
        if action == "action_answer":
            r = respond(K, intent, "", {})
            assert r.text or r.response


def test_every_module_person_topic_and_contact_is_reachable():
    """Each entry can be asked for by its own words through its intent."""
    for m in K.modules:
        assert respond(K, "ask_module", f"module {m.number}", {}).context["module"] == str(m.number)
    for p in K.people:
        for lang in LANGUAGES:  # by the name as written in each language
            name = tr(p.name, lang)
            assert respond(K, "ask_person", name, {}, lang).context["person"] == p.id, name
            assert K.render(p.quote, lang) in respond(K, "ask_quote", name, {}, lang).text
    for t in K.topics:
        assert respond(K, "ask_topic", f"tell me about {t.aliases[0]}", {}).context["topic"] == t.id, t.id
        if t.advice:
            assert K.render(t.advice) in respond(K, "ask_advice", f"advice on {t.aliases[0]}", {}).text, t.id
    for c in K.contacts:
        assert K.render(c.text) in respond(K, "ask_contacts", f"what is {c.number}", {}).text
    used = {s for sec in (K.contacts, K.answers, K.modules, K.people, K.topics) for r in sec for s in r.sources}
    assert used == {s.id for s in K.sources}, "a source is listed but never cited"


def variation(response, lang, audience="child"):
    """The variation of a domain response Rasa picks when the `language` slot is `lang` (and
    the `audience` slot `audience`)."""
    for v in DOMAIN["responses"][response]:
        conditions = v.get("condition") or []
        said = [c for c in conditions if c.get("name") == "audience"]
        if any(c == {"type": "slot", "name": "language", "value": lang} for c in conditions) and (
                not said or said[0]["value"] == audience):
            return v
    return next(v for v in DOMAIN["responses"][response] if not v.get("condition"))


# The crisis conversation repeats the crisis numbers so that it works with the action server
# down (domain.yml's one exception); every other response states no number.
CRISIS_RESPONSES = sorted(r for r in DOMAIN["responses"]
                          if (r.startswith("utter_crisis") and r != "utter_crisis_sorry")
                          or r in ("utter_helplines", "utter_cant_help_crisis"))
# Besides the numbers of the crisis contacts, the crisis replies may say "24/7" (the knowledge
# file: 150, 111 and 112 answer 24 hours a day, 7 days a week).
CRISIS_FACT_NUMBERS = {"24", "7"}


def all_variations(response):
    return DOMAIN["responses"][response]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_crisis_reply_numbers_match_the_knowledge_file(lang):
    text = variation("utter_crisis", lang)["text"]
    numbers = set(re.findall(r"\b\d{3}\b", text))
    assert numbers == {c.number for c in K.crisis_contacts()}


@pytest.mark.parametrize("response", CRISIS_RESPONSES)
def test_every_crisis_reply_states_only_verified_numbers(response):
    crisis = {c.number for c in K.crisis_contacts()}
    assert {"150", "111", "112"} == crisis
    for v in all_variations(response):
        numbers = set(re.findall(r"\d+", v["text"]))
        assert numbers <= crisis | CRISIS_FACT_NUMBERS, (response, v.get("condition"), numbers - crisis)
        assert numbers & crisis, (response, "gives no helpline")
        if "24" in numbers:
            assert "24/7" in v["text"]


def test_the_first_crisis_reply_fits_every_kind_in_every_language():
    kinds = DOMAIN["slots"]["crisis_kind"]["values"]
    for response in ("utter_crisis", "utter_crisis_again"):
        for lang in LANGUAGES:
            texts = set()
            for kind in kinds:
                found = [v for v in all_variations(response)
                         if {"type": "slot", "name": "language", "value": lang} in (v.get("condition") or [])
                         and {"type": "slot", "name": "crisis_kind", "value": kind} in (v.get("condition") or [])
                         and {"type": "slot", "name": "audience", "value": "adult"} not in (v.get("condition") or [])]
                assert len(found) == 1, (response, lang, kind)
                texts.add(found[0]["text"])
            assert len(texts) == len(kinds), (response, lang, "two kinds share a text")


@pytest.mark.parametrize("response", sorted(DOMAIN["responses"]))
def test_every_russian_and_kazakh_reply_has_a_polite_twin_for_adults(response):
    """Each ru/kk variation for a child (ты, сен) has one for an adult (вы, Сіз), with the
    same other conditions and the same numbers."""
    def key(v, drop="audience"):
        return tuple(sorted((c["name"], str(c["value"])) for c in v.get("condition") or [] if c["name"] != drop))
    variants = DOMAIN["responses"][response]
    for v in variants:
        conds = {c["name"]: c["value"] for c in v.get("condition") or []}
        if conds.get("language") not in ("ru", "kk"):
            continue
        assert conds.get("audience") in ("child", "adult"), (response, conds)
        twins = [w for w in variants if key(w) == key(v) and w is not v]
        assert len(twins) == 1, (response, conds)
        assert re.findall(r"\d+", twins[0]["text"]) == re.findall(r"\d+", v["text"]) or \
            sorted(re.findall(r"\d+", twins[0]["text"])) == sorted(re.findall(r"\d+", v["text"]))


def test_the_crisis_replies_never_send_the_emergency_paragraph_for_distress():
    for v in all_variations("utter_distress"):
        assert "112" not in v["text"] and "150" in v["text"]


@pytest.mark.parametrize("response", sorted(DOMAIN["responses"]))
def test_every_response_is_in_every_language(response):
    variants = DOMAIN["responses"][response]
    assert sum(not v.get("condition") for v in variants) == 1, "one default (English) variation"
    texts = {lang: variation(response, lang)["text"] for lang in LANGUAGES}
    assert len(set(texts.values())) == len(LANGUAGES), f"{response}: a language falls back to another"
    for lang in ("ru", "kk"):
        letters = [c for c in texts[lang] if c.isalpha()]
        assert sum("\u0400" <= c <= "\u04ff" for c in letters) > 0.5 * len(letters), (response, lang)
        buttons = variation(response, lang).get("buttons") or []
        assert len(buttons) == len(variation(response, "en").get("buttons") or [])
        for b in buttons:
            assert re.search("[\u0400-\u04ff]", b["title"] + b["payload"]), (response, lang, b)


def test_domain_responses_hold_no_other_facts():
    """Outside the crisis reply (checked above), only crisis numbers may appear in domain.yml."""
    crisis = {c.number for c in K.crisis_contacts()}
    for name, variants in DOMAIN["responses"].items():
        if name in CRISIS_RESPONSES:
            continue
        for v in variants:
            for n in re.findall(r"\b\d+\b", v["text"]):
                assert n in crisis, f"{name} states the number {n}: facts belong in knowledge.yml"


def test_no_response_asks_for_personal_details():
    asks = re.compile(r"\b(what('s| is) your|tell me your|give me your)\s+(name|address|school|phone|number|age)",
                      re.IGNORECASE)
    for name, variants in DOMAIN["responses"].items():
        for v in variants:
            assert not asks.search(v["text"]), name


def test_every_button_payload_is_a_training_example():
    """A quick reply must be understood exactly: each payload the assistant offers (domain.yml
    buttons, and the module / speaker buttons built from the knowledge file) is in the data."""
    trained = {line[2:].strip().lower() for b in NLU if "intent" in b
               for line in b["examples"].splitlines() if line.startswith("- ")}
    payloads = {b["payload"] for variants in DOMAIN["responses"].values() for v in variants
                for b in v.get("buttons") or []}
    # "/intent" payloads (the crisis quick replies) go to their intent without the NLU
    for payload in sorted(p for p in payloads if p.startswith("/")):
        assert payload[1:] in DOMAIN["intents"], payload
    payloads = {p for p in payloads if not p.startswith("/")}
    for lang in LANGUAGES:
        payloads |= {K.phrase("module_button_payload", lang, number=m.number) for m in K.modules}
        payloads |= {K.phrase("speaker_button", lang, name=tr(p.name, lang)) for p in K.people}
        payloads |= {K.phrase(b, lang) for b in ("ask_modules_button", "ask_speakers_button",
                                                  "ask_capabilities_button", "ask_helplines_button")}
    missing = sorted(p for p in payloads if p.lower() not in trained)
    assert not missing, f"button payloads the model was not trained on: {missing}"


def test_a_disclosure_topic_is_a_topic_of_the_knowledge_file_with_advice():
    """core/replies.py DISCLOSURE_TOPICS: the kind is a crisis kind of the domain, the topic is
    in the knowledge file and has the advice a follow-up asks for."""
    from core.replies import DISCLOSURE_TOPICS
    for kind, topic_id in DISCLOSURE_TOPICS.items():
        assert kind in DOMAIN["slots"]["crisis_kind"]["values"]
        topic = K.topic(topic_id)
        assert topic is not None and topic.advice, topic_id



def test_the_speaker_groups_are_people_of_the_knowledge_file():
    from core.cues import SPEAKER_GROUPS
    assert set(SPEAKER_GROUPS) <= {p.id for p in K.people}
