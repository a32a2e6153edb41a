"""The knowledge loader: the real file loads; every malformed variant gives a clear error
that names the file and the entry, never a traceback from deep inside."""

import copy
from pathlib import Path

import pytest
import yaml

from actions.knowledge import DEFAULT_PATH, Knowledge, KnowledgeError, normalise, ordinal

GOOD = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def load(data, tmp_path: Path) -> Knowledge:
    path = tmp_path / "knowledge.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return Knowledge.load(path)


def broken(mutate):
    data = copy.deepcopy(GOOD)
    mutate(data)
    return data


def test_real_file_loads_with_every_section():
    k = Knowledge.load()
    assert len(k.modules) == 3
    assert {p.name for p in k.people} == {
        "Natalia Zhumadildaeva", "Dr. Rashed Mustafa Sarwar", "Dinara Zakieva", "Ruslan Zakharenko"}
    assert [c.number for c in k.crisis_contacts()] == ["150", "111", "112"]


def test_round_trip_through_yaml_is_identical(tmp_path):
    assert load(GOOD, tmp_path).answers == Knowledge.load().answers


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["people"][2].pop("quote"), "people[2] (id 'dinara_zakieva'): missing field 'quote'"),
    (lambda d: d["modules"][1].update(number="two"), "modules[1] (id 'module_2'): field 'number' must be int"),
    (lambda d: d["modules"][1].update(number=True), "field 'number' must be int, got bool"),
    (lambda d: d["topics"][0].update(colour="red"), "topics[0] (id 'legal_literacy'): unknown field(s) 'colour'"),
    (lambda d: d["answers"][0].update(text="   "), "answers[0] (id 'event'): field 'text' is empty"),
    (lambda d: d["answers"][0].update(sources=["nowhere"]), "answers[0] (id 'event'): unknown source 'nowhere'"),
    (lambda d: d["answers"][0].update(sources=[]), "answers[0] (id 'event'): field 'sources' must name at least one source"),
    (lambda d: d["answers"][0].update(intents="ask_event"), "field 'intents' must be list"),
    (lambda d: d["answers"][0].update(intents=["ask_event", 3]), "field 'intents' must be a list of non-empty strings"),
    (lambda d: d["answers"][1].update(intents=["ask_event"]), "intent 'ask_event' is already answered by 'event'"),
    (lambda d: d["answers"][0].update(text="call {helpline_999}"), "placeholder {helpline_999} names no contact"),
    (lambda d: d["answers"][0].update(person="nobody"), "field 'person' names no person ('nobody')"),
    (lambda d: d["contacts"][0].update(number="15O"), "contacts[0] (id 'helpline_150'): field 'number' must be digits only"),
    (lambda d: d["contacts"][0].update(number=150), "field 'number' must be str, got int"),
    (lambda d: [c.update(crisis=False) for c in d["contacts"]], "no contact is marked 'crisis: true'"),
    (lambda d: d["people"][0].update(pronoun="it"), "field 'pronoun' must be he, she or they"),
    (lambda d: d["topics"][0].update(module=9), "topics[0] (id 'legal_literacy'): field 'module' names no module (9)"),
    (lambda d: d["people"].append(copy.deepcopy(d["people"][0])), "people[4] (id 'natalia_zhumadildaeva'): duplicate id, already used by people[0]"),
    (lambda d: d["people"].__setitem__(1, "just a string"), "people[1]: expected a mapping of fields, got str"),
    (lambda d: d.pop("modules"), "section 'modules' must be a non-empty list"),
    (lambda d: d.update(extras=[]), "unknown section(s) 'extras'"),
])
def test_malformed_entries_are_named(tmp_path, mutate, message):
    with pytest.raises(KnowledgeError) as e:
        load(broken(mutate), tmp_path)
    assert message in str(e.value)
    assert str(e.value).startswith("knowledge.yml")


def test_not_a_mapping(tmp_path):
    with pytest.raises(KnowledgeError, match="must be a mapping"):
        load(["a", "list"], tmp_path)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "knowledge.yml"
    path.write_text("sources:\n  - id: a\n   title: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"not valid YAML at line \d+"):
        Knowledge.load(path)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(KnowledgeError, match="cannot read the knowledge file"):
        Knowledge.load(tmp_path / "nope.yml")
    path = tmp_path / "bin.yml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(KnowledgeError, match="not UTF-8"):
        Knowledge.load(path)


def test_placeholders_render_to_the_contact_numbers():
    k = Knowledge.load()
    rights = k.render(k.answer_for("ask_child_rights").text)
    assert "call 150 or 111" in rights and "{" not in rights


@pytest.mark.parametrize("text, expected", [
    ("tell me more about the second one", 2), ("and the third?", 3), ("module 3?", 3),
    ("the first module", 1), ("what about number two", 2), ("the last one", -1),
    ("2nd", 2), ("tell me more", None), ("who is the 4th speaker", 4),
])
def test_ordinals(text, expected):
    assert ordinal(text) == expected


@pytest.mark.parametrize("text, person", [
    ("who is dinara zakieva?", "dinara_zakieva"), ("what did zakiyeva say", "dinara_zakieva"),
    ("who is the unicef representative", "rashed_mustafa_sarwar"), ("what did the vice minister say", "natalia_zhumadildaeva"),
    ("what did zakharenkko say", "ruslan_zakharenko"),  # typo: fuzzy match
    ("the child ombudsman from astana", "ruslan_zakharenko"), ("what did she say", None),
])
def test_find_person(text, person):
    found = Knowledge.load().find_person(text)
    assert (found.id if found else None) == person


def test_normalise():
    assert normalise("  What’s   UP?!  ") == "what's up"
