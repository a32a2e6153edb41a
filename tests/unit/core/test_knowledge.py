"""The knowledge loader: the real file loads; every malformed variant gives a clear error
that names the file and the entry, never a traceback from deep inside."""

import copy
from pathlib import Path

import pytest
import yaml

from core.knowledge.base import DEFAULT_PATH, Knowledge
from core.knowledge.schema import KnowledgeError, tr
from core.lexicon import LANGUAGES
from core.wording import PHRASE_VARIABLES

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
    assert {tr(p.name, "en") for p in k.people} == {
        "Natalia Zhumadildaeva", "Dr. Rashed Mustafa Sarwar", "Dinara Zakieva", "Ruslan Zakharenko"}
    assert [c.number for c in k.crisis_contacts()] == ["150", "111", "112"]


def test_round_trip_through_yaml_is_identical(tmp_path):
    assert load(GOOD, tmp_path).answers == Knowledge.load().answers


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["people"][2].pop("quote"), "people[2] (id 'dinara_zakieva'): missing field 'quote'"),
    (lambda d: d["modules"][1].update(number="two"), "modules[1] (id 'module_2'): field 'number' must be int"),
    (lambda d: d["modules"][1].update(number=True), "field 'number' must be int, got bool"),
    (lambda d: d["topics"][0].update(colour="red"), "topics[0] (id 'legal_literacy'): unknown field(s) 'colour'"),
    (lambda d: d["answers"][0]["text"].update(ru="   "), "answers[0] (id 'event'): field 'text' in 'ru' must be non-empty text"),
    (lambda d: d["answers"][0].update(text="only English"), "answers[0] (id 'event'): field 'text' must be dict, got str"),
    (lambda d: d["people"][2]["quote"].pop("kk"), "people[2] (id 'dinara_zakieva'): field 'quote' lacks language(s) 'kk'"),
    (lambda d: d["people"][2]["name"].update(de="Dinara Zakieva"), "field 'name' has unknown language(s) 'de'"),
    (lambda d: d["answers"][1]["text"].update(ru=d["answers"][1]["text"]["ru"].replace("50", "51")),
     "answers[1] (id 'attendance'): field 'text': the 'ru' text has other numbers than the English (added 51; missing 50)"),
    (lambda d: d["contacts"][0]["text"].update(kk=d["contacts"][0]["text"]["kk"] + " 999"),
     "contacts[0] (id 'helpline_150'): field 'text': the 'kk' text has other numbers than the English (added 999)"),
    (lambda d: d["answers"][4]["text"].update(kk=d["answers"][4]["text"]["kk"].replace("{contact_111}", "111")),
     "field 'text': the 'kk' text has other placeholders than the English (missing contact_111)"),
    (lambda d: d["phrases"].pop(0), "section 'phrases' lacks 'source'"),
    (lambda d: d["phrases"].append({"id": "shout", "text": dict.fromkeys(LANGUAGES, "HEY")}), "(id 'shout'): field 'text': no reply uses this phrase"),
    (lambda d: d["phrases"][0].update(text=dict.fromkeys(LANGUAGES, "{publisher}")), "placeholder {publisher} names no contact"),
    (lambda d: d["answers"][0].update(sources=["nowhere"]), "answers[0] (id 'event'): unknown source 'nowhere'"),
    (lambda d: d["answers"][0].update(sources=[]), "answers[0] (id 'event'): field 'sources' must name at least one source"),
    (lambda d: d["answers"][0].update(intents="ask_event"), "field 'intents' must be list"),
    (lambda d: d["answers"][0].update(intents=["ask_event", 3]), "field 'intents' must be a list of non-empty strings"),
    (lambda d: d["answers"][1].update(intents=["ask_event"]), "intent 'ask_event' is already answered by 'event'"),
    (lambda d: d["answers"][0].update(text=dict.fromkeys(LANGUAGES, "call {helpline_999}")), "placeholder {helpline_999} names no contact"),
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
    for lang in LANGUAGES:
        text = k.render(k.answer_for("ask_child_rights").text, lang)
        assert "150" in text and "111" in text and "{" not in text


def test_every_text_is_in_every_language_and_differs_from_english():
    """Translated, not copied: a Russian or Kazakh text is Cyrillic, and a Kazakh one uses the
    letters only Kazakh has (except in short names and titles)."""
    k = Knowledge.load()
    records = k.contacts + k.answers + k.modules + k.people + k.topics
    texts = [getattr(r, f) for r in records for f in ("name", "title", "text", "role", "quote", "advice")
             if getattr(r, f, None)]
    texts += list(k.notices.values()) + list(k.phrases.values())
    assert len(texts) > 60
    for value in texts:
        assert set(value) == set(LANGUAGES)
        for lang in ("ru", "kk"):
            letters = [c for c in value[lang] if c.isalpha()]
            cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
            assert cyrillic >= 0.5 * len(letters), (lang, value[lang])
        if len(value["kk"]) > 60:
            assert any(c in "әғқңөұүһі" for c in value["kk"].lower()), value["kk"]


@pytest.mark.parametrize("surname", ["Закиева", "Жумадильдаева", "Сарвар", "Захаренко"])
def test_names_are_written_as_the_press_writes_them(surname):
    person = next(p for p in Knowledge.load().people if surname in p.name["ru"])
    for lang in ("ru", "kk"):
        assert surname in person.name[lang]
        assert surname[:-1] in person.role[lang] and surname[:-1] in person.quote[lang]


def test_phrases_cover_what_the_code_uses():
    assert set(Knowledge.load().phrases) == set(PHRASE_VARIABLES)
