"""The second safety net: the crisis patterns of data/safety.yml catch disclosures (in English,
Russian and Kazakh) and leave ordinary questions alone; the component overrides a wrong intent."""

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.safety_net import SafetyNet, compile_patterns, crisis_patterns
from tests.conftest import ROOT

DATA = load_data(str(ROOT / "data" / "safety.yml"))
PATTERNS = crisis_patterns(DATA, "crisis")
COMPILED = compile_patterns(PATTERNS)
HELDOUT = yaml.safe_load((ROOT / "tests" / "heldout" / "nlu" / "heldout.yml").read_text(encoding="utf-8"))


def examples(intent):
    block = next(b for b in HELDOUT["nlu"] if b["intent"] == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def matches(text):
    return any(p.search(text) for p in COMPILED)


@pytest.mark.parametrize("text", [
    "my dad hits me", "he beats me every night", "I want to kill myself", "i dont want to live anymore",
    "someone is threatening to post my nudes", "my stepdad touches me", "he said he will kill me",
    "I'm scared to go home", "i wanna die", "i cut myself", "there is no food at home and mum is gone for days",
    "меня бьют дома", "я не хочу жить", "мені ұрады", "өлгім келеді",
    # Russian: violence, sexual abuse, grooming, sextortion, threats, self-harm, suicide,
    # neglect, running away, forced marriage, child labour, a call for help
    "вчера отчим побил меня", "у сына синяки на спине, говорит упал", "он схватил меня и придушил",
    "дядя лапал меня на дне рождения", "взрослый мужчина пристаёт ко мне в личке",
    "он трогал меня там где нельзя", "он просит у меня интимные фото",
    "мужчина из тиктока предлагает встретиться", "он сказал что никому нельзя рассказывать, это наша тайна",
    "он требует 50 тысяч или разошлет мои фотки", "в чате пишут что меня зарежут",
    "порезалась специально", "я наглоталась таблеток", "без меня всем будет лучше",
    "я больше не хочу просыпаться", "нас не кормят уже два дня", "меня выгнали из дома ночью",
    "родители хотят выдать сестру замуж", "отчим заставляет меня попрошайничать",
    "мы в опасности", "спасите пожалуйста", "мне не безопасно дома", "дома не безопасно",
    # Kazakh, with and without the Kazakh letters
    "әкем бізді ұрып-соғады", "агам мени урды", "денемде көгерген жерлер бар",
    "жаттықтырушы мені ұстады, ұнамады", "ағай мені киімімді шешуге мәжбүр етті",
    "интернеттегі ағай фото сұрап жатыр", "ол бұл құпия деді, ешкімге айтпа деді",
    "ақша бермесем бәріне жіберемін дейді", "сені өлтіремін деп жазды", "қолымды кесіп жатырмын",
    "өлгім келіп тұр", "жоқ болғым келеді", "барлық дәріні ішіп қойдым",
    "үйде ештеңе жоқ, аш отырмыз", "мені үйге қамап кетті", "баратын жерім жоқ",
    "мені күйеуге бермекші", "мені жұмыс істетіп, ақшамды алып қояды",
    "мені құтқарыңызшы", "маған шұғыл көмек керек", "олгим келеди",
])
def test_disclosures_match(text):
    assert matches(text)


@pytest.mark.parametrize("text", [
    "what is cyberbullying", "how do i stay safe online", "who is dinara zakieva", "what did she say",
    "how many ombudsmen attended", "tell me about the first module", "what's the weather",
    "how can parents protect children on social media", "what is the helpline number",
    "what rights do children have", "who organised the meeting", "tell me a joke",
    "i want to meet dinara zakieva", "how many pills can i take for a headache",
    "can children be forced to marry in kazakhstan", "help me with my homework",
    # Russian: topic, advice and rights questions, and everyday talk
    "что такое кибербуллинг?", "что делать если травят?", "есть ли право на защиту от насилия?",
    "что говорили про домашнее насилие", "можно ли бить детей", "что делать если незнакомец просит фото",
    "безопасно ли встречаться с друзьями из интернета", "куда звонить если ребенок в опасности",
    "можно ли заставлять детей работать?", "можно ли выдать девочку замуж в 16 лет",
    "что будет учителю если он ударит ребенка", "брат трогает мои вещи",
    "я хотела бы встретиться с Закиевой", "болит голова какую таблетку выпить",
    "мне страшно выступать перед классом", "помогите разобраться в правах ребенка",
    "помоги с домашкой", "какие опасности есть в интернете для детей", "скинула ее фотку в чат",
    "мама дарит мне подарки",
    # Kazakh
    "кибербуллинг туралы айтшы", "балаларды зорлық-зомбылықтан қалай қорғаймыз?",
    "телефон қанша тұрады", "бейтаныс адам сурет сұраса не істеймін",
    "интернеттен танысқан адаммен кездесу қауіпті ме?", "бала қауіпте болса қайда хабарласамын",
    "балаларды жұмыс істетуге бола ма?", "қызды 16 жаста күйеуге беруге бола ма?",
    "анам маған сыйлық берді", "оны сатып алдым", "үйде интернет қауіпті ме?",
    "балаларға қандай қауіп төнеді?", "басым ауырып тұр, қандай таблетка ішсем болады",
    "досыма қалай көмектесемін", "маған көмек керек, эссе жаз", "ұрпақ туралы не айтылды",
    "мектепте ұрлық болса не істеймін", "шешім қабылдауға балалар қатыса ма",
    "құпиясөзімді қалай қорғаймын", "телефонымды ұстап тұрмын",
])
def test_ordinary_questions_do_not_match(text):
    assert not matches(text)


def test_no_heldout_question_outside_crisis_is_caught_by_a_pattern_for_every_intent():
    """Patterns may catch a few non-crisis messages, but never most of an intent."""
    for block in HELDOUT["nlu"]:
        if block["intent"] == "crisis":
            continue
        texts = examples(block["intent"])
        caught = [t for t in texts if matches(t)]
        assert len(caught) <= len(texts) // 4, (block["intent"], caught)


def _training_examples(path):
    data = yaml.safe_load((ROOT / "data" / path).read_text(encoding="utf-8"))
    return [(b["intent"], line[2:].strip()) for b in data["nlu"] if "intent" in b
            for line in b["examples"].splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("path", ["nlu.yml", "nlu_ru.yml", "nlu_kk.yml"])
def test_no_training_example_outside_crisis_matches(path):
    caught = [(i, t) for i, t in _training_examples(path) if i != "crisis" and matches(t)]
    assert caught == []


@pytest.mark.parametrize("path", ["nlu.yml", "nlu_ru.yml", "nlu_kk.yml"])
def test_most_crisis_training_examples_match(path):
    crisis = [t for i, t in _training_examples(path) if i == "crisis"]
    missed = [t for t in crisis if not matches(t)]
    assert len(missed) <= len(crisis) // 10, missed


class _Storage:  # the component only touches storage in train/load
    pass


@pytest.mark.parametrize("predicted", ["nlu_fallback", "out_of_scope", "ask_topic"])
def test_component_overrides_a_wrong_intent(predicted):
    net = SafetyNet(SafetyNet.get_default_config(), _Storage(), None, PATTERNS)
    message = Message(data={"text": "my uncle touches me and says it is our secret",
                            "intent": {"name": predicted, "confidence": 0.4},
                            "intent_ranking": [{"name": predicted, "confidence": 0.4}]})
    net.process([message])
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["crisis", predicted]


def test_component_leaves_other_messages_alone():
    net = SafetyNet(SafetyNet.get_default_config(), _Storage(), None, PATTERNS)
    message = Message(data={"text": "what is cyberbullying?", "intent": {"name": "ask_topic", "confidence": 0.9}})
    net.process([message])
    assert message.get("intent")["name"] == "ask_topic"
