"""The second safety net: the crisis patterns of data/safety.yml catch disclosures (in English,
Russian and Kazakh) and leave ordinary questions alone; the component overrides a wrong intent."""

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from addons.nlu.safety_net import SafetyNet, compile_patterns, crisis_patterns, named
from tests.conftest import ROOT

DATA = load_data(str(ROOT / "data" / "safety.yml"))
PATTERNS = crisis_patterns(DATA, "crisis")
COMPILED = compile_patterns(PATTERNS)
NEGATIONS = compile_patterns([p for _, p in named(DATA, "notcrisis")])
# Intents that already give the helplines: the net leaves them alone (SafetyNet's `keep`).
HELP_INTENTS = {"crisis", *SafetyNet.get_default_config()["keep"]}
HELDOUT = yaml.safe_load((ROOT / "tests" / "heldout" / "nlu" / "heldout.yml").read_text(encoding="utf-8"))


def examples(intent):
    block = next(b for b in HELDOUT["nlu"] if b["intent"] == intent)
    return [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]


def matches(text):
    """What the net does: a crisis pattern matches once the words not meant literally are left
    out (`hyperbole_*`), and no `notcrisis` pattern does."""
    text = _net().literal(text)
    return any(p.search(text) for p in COMPILED) and not any(n.search(text) for n in NEGATIONS)


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
    caught = [(i, t) for i, t in _training_examples(path) if i not in HELP_INTENTS and matches(t)]
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


def _net():
    from addons.nlu.safety_net import pattern_kinds
    kinds = pattern_kinds(DATA, "crisis")
    return SafetyNet(SafetyNet.get_default_config(), _Storage(), None, PATTERNS, kinds,
                     [list(kp) for kp in named(DATA, "kind")], [p for _, p in named(DATA, "notcrisis")],
                     [list(kp) for kp in named(DATA, "hyperbole")])


@pytest.mark.parametrize("text, kind", [
    ("my dad hits me", "violence"), ("he touches me and says it is our secret", "sexual"),
    ("my stepdad touches me at night", "sexual"), ("someone says he will post my nudes unless i pay", "online"),
    ("i want to kill myself", "selfharm"), ("they threatened to stab me after school", "threat"),
    ("there is no food at home and mum is gone for days", "neglect"),
    ("my friend told me she wants to kill herself", "friend"),
    ("my son is being bullied and they threatened to beat him up", "adult"),
    ("мой сын боится идти домой, отчим его бьёт", "adult"), ("меня бьёт отчим", "violence"),
    ("akem meni urady", "violence"), ("I need help", "general"),
    ("kids in my class keep sending me nasty messages, what do i do", "bullying"),
    ("меня в классе травят в телеге", "bullying"), ("сыныптастарым мені мазақтап жүр", "bullying"),
    ("my dad calls me names and says i am stupid", "general"),  # a parent: not the reply for bullies
    ("отчим издевается надо мной", "general"), ("kids bully me and one of them hit me", "violence"),
])
def test_the_kind_of_harm_decides_the_reply(text, kind):
    message = Message(data={"text": text, "intent": {"name": "crisis", "confidence": 0.9}})
    _net().process([message])
    found = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert found == [kind]


@pytest.mark.parametrize("text", [
    "nobody is hurting me, I'm just sad", "no one hits me, i'm just lonely", "никто меня не обижает, просто грустно",
    "мені ешкім ренжітпейді, жай көңілсізмін",
])
def test_harm_said_not_to_happen_does_not_override_the_classifier(text):
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.7}})
    _net().process([message])
    assert message.get("intent")["name"] == "distress"


def test_the_quick_replies_and_the_safe_word_are_not_overridden():
    for intent in ("crisis_danger", "crisis_talk", "safe_word"):
        message = Message(data={"text": "he hits me, I'm in danger", "intent": {"name": intent, "confidence": 1.0}})
        _net().process([message])
        assert message.get("intent")["name"] == intent


@pytest.mark.parametrize("text", ["он требует деньги, иначе разошлёт мои фото",
                                  "біреуде менің суреттерім бар, ақша төлемесем таратамын дейді"])
def test_photos_and_money_are_the_online_kind(text):
    message = Message(data={"text": text, "intent": {"name": "crisis", "confidence": 0.9}})
    _net().process([message])
    assert [e["value"] for e in message.get("entities") if e["entity"] == "crisis_kind"] == ["online"]


@pytest.mark.parametrize("text", [
    "this week my stepdad said he will kill me", "after the exam my father beat me, he said he will kill me",
    "my dad took my game and said he will kill me", "на этой неделе отчим сказал что убьёт меня",
    "nobody is hurting me but I want to kill myself", "I'm not in danger but I cut myself every night",
])
def test_a_not_crisis_pattern_never_hides_a_disclosure(text):
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.7}})
    _net().process([message])
    assert message.get("intent")["name"] == "crisis"


@pytest.mark.parametrize("text, kind", [
    ("my brother hits me and he says he will kill me", {"violence", "threat"}),
    ("my brother touched me and he told me not to tell", {"sexual"}),
    ("брат бьёт меня, он говорит что убьёт", {"violence", "threat"}),
    ("my class bullies me and they threatened to beat me", {"threat"}),
])
def test_a_child_writing_about_themselves_gets_the_reply_for_them(text, kind):
    """Not the reply for a helper ("thank you for looking out for them") or for parents."""
    message = Message(data={"text": text, "intent": {"name": "crisis", "confidence": 0.9}})
    _net().process([message])
    found = [e["value"] for e in message.get("entities") if e["entity"] == "crisis_kind"]
    assert len(found) == 1 and found[0] in kind


@pytest.mark.parametrize("predicted, crisis, expected", [
    ("nlu_fallback", 0.2, ("crisis", "unsure")),   # unsure, and a disclosure not unlikely: the check
    ("distress", 0.15, ("crisis", "unsure")),      # sad, and a disclosure not unlikely: the check
    ("distress", 0.05, ("distress", None)),        # sad: the warm reply
    ("ask_topic", 0.3, ("ask_topic", None)),       # an answer the classifier is sure of is left alone
])
def test_a_disclosure_the_classifier_doubts_gets_the_gentle_check(predicted, crisis, expected):
    net = _net()
    message = Message(data={"text": "i dont know what to do anymore about everything",
                            "intent": {"name": predicted, "confidence": 0.7},
                            "intent_ranking": [{"name": predicted, "confidence": 0.7},
                                               {"name": "crisis", "confidence": crisis}]})
    net.process([message])
    kinds = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert (message.get("intent")["name"], kinds[0] if kinds else None) == expected


@pytest.mark.parametrize("text", [
    "We moved last month. Last night my dad grabbed me by the neck and threw me against the wall.",
    "отчим схватил меня за шею и швырнул об стену", "әкем мені мойнымнан ұстап қабырғаға лақтырды",
])
def test_being_grabbed_by_the_neck_or_thrown_against_a_wall_is_a_disclosure(text):
    """Whatever the classifier said (a long message that starts with something else was taken as
    distress after a retrain: crisis_fresh7)."""
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.9}})
    _net().process([message])
    kinds = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert (message.get("intent")["name"], kinds) == ("crisis", ["violence"])


@pytest.mark.parametrize("text", [
    "i gave away all my stuff to my friends this week because i won't need it anymore",
    "я раздаю свои вещи, мне они скоро не понадобятся", "заттарымды достарыма таратып жатырмын, енді керек болмайды",
])
def test_giving_away_ones_things_for_good_is_a_disclosure(text):
    """A warning sign of suicide; after a retrain DIET took the English one for distress (crisis_fresh7)."""
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.9}})
    _net().process([message])
    kinds = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert (message.get("intent")["name"], kinds) == ("crisis", ["selfharm"])


@pytest.mark.parametrize("text", [
    "hey, i want to talk about games. also i took a lot of my mom's sleeping pills an hour ago and feel dizzy",
    "school is fine. but i wrote goodbye letters to my friends and put them in my desk",
    "я выпила много маминых таблеток час назад, голова кружится", "вчера наглотался снотворного",
    "шешемнің көп ұйықтататын таблеткасын іштім, басым айналып тұр",
    "скоро я никому не буду мешать", "soon i won't bother anyone", "i won't be a burden anymore",
    "жақында ешкімге кедергі болмаймын",
])
def test_pills_taken_or_goodbye_letters_told_in_passing_are_a_disclosure(text):
    """Two long messages of crisis_fresh11 (first read) that the classifiers took for distress, and
    "soon I won't bother anyone" (crisis_fresh5: distress after a retrain in session 10)."""
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.9}})
    _net().process([message])
    kinds = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert (message.get("intent")["name"], kinds) == ("crisis", ["selfharm"])


@pytest.mark.parametrize("text", ["i took a pill for my headache", "i have to take my allergy tablets every day",
                                  "how many pills are in one pack of vitamins?", "my son spends too many hours on tablets",
                                  "я все равно пью таблетки от аллергии", "я никому не буду мешать, если сяду сзади"])
def test_a_pill_for_a_headache_is_not(text):
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.9}})
    _net().process([message])
    assert message.get("intent")["name"] == "distress"


@pytest.mark.parametrize("text", [
    "үй тапсырмасын орындамасам әкем ұрады, көмектесші", "help me with my homework, my dad hits me when i fail",
])
def test_a_homework_request_that_tells_of_harm_is_still_a_disclosure(text):
    message = Message(data={"text": text, "intent": {"name": "crisis", "confidence": 0.9}})
    _net().process([message])
    assert message.get("intent")["name"] == "crisis"


@pytest.mark.parametrize("text", ["I threw my bag on the floor and went to bed", "she grabbed my hand and we ran",
                                  "i'm giving away my old clothes to charity", "мне это больше не понадобится, спасибо"])
def test_throwing_a_bag_or_holding_hands_is_not(text):
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.9}})
    _net().process([message])
    assert message.get("intent")["name"] == "distress"


@pytest.mark.parametrize("text, predicted", [
    ("the boys in my class mock my voice every day", "distress"),
    ("someone shared an edited photo of me in the group chat", "nlu_fallback"),
    ("про меня пустили слух и теперь все обзывают", "distress"),
    ("сыныптастарым мені мазақтап жүр", "out_of_scope"),
])
def test_a_child_telling_they_are_bullied_gets_what_to_do(text, predicted):
    message = Message(data={"text": text, "intent": {"name": predicted, "confidence": 0.8}})
    _net().process([message])
    kinds = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert (message.get("intent")["name"], kinds) == ("crisis", ["bullying"])


@pytest.mark.parametrize("text", ["tell me about bullying", "i'm doing a school project on bullying",
                                  "что такое буллинг", "they mock the new boy in our class"])
def test_bullying_as_a_subject_or_about_someone_else_is_not_turned_into_a_disclosure(text):
    message = Message(data={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.6}})
    _net().process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_a_bullied_child_the_classifier_doubts_gets_what_to_do_not_the_check():
    """The gentle check asks whether someone is hurting them; a child who already said that
    classmates mock them gets the reply for bullying (what to do, 150, 111, 112) instead."""
    message = Message(data={"text": "они каждый день пишут мне гадости в чате класса",
                            "intent": {"name": "nlu_fallback", "confidence": 0.7},
                            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.7},
                                               {"name": "crisis", "confidence": 0.2}]})
    _net().process([message])
    kinds = [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert (message.get("intent")["name"], kinds) == ("crisis", ["bullying"])


@pytest.mark.parametrize("text, expected", [
    ("this homework is killing me", "distress"), ("my mom will kill me when she sees my grades", "distress"),
    ("i'm going to die of boredom in this lesson", "distress"), ("one more chapter and i'm dead lol", "distress"),
    ("мама меня убьёт за двойку", "distress"), ("училка меня прибьёт, я забыл тетрадь", "distress"),
    ("я щас умру со скуки", "distress"), ("екі алсам анам мені өлтіреді", "distress"),
    ("how do i kill a process in linux", "out_of_scope"), ("как убить процесс в windows", "out_of_scope"),
    ("майнкрафтта зомбиді қалай өлтіремін", "out_of_scope"),
    ("физикадан есеп шығаруға көмектесіңізші", "out_of_scope"), ("help me with my essay about autumn", "out_of_scope"),
    ("помоги решить задачу по геометрии", "out_of_scope"),
    ("my brother will kill me when he sees i borrowed his charger", "distress"),
    ("this heat is killing me", "distress"), ("my legs are killing me after football", "distress"),
    ("one more presentation and i'm dead", "distress"), ("мама убьёт меня, я опоздала на автобус", "distress"),
    ("ещё одна контрольная и я сдохну", "distress"), ("тағы бір презентация болса өлемін", "distress"),
    ("апам мені өлтіреді, кофтасын кір қылып алдым", "distress"),
])
def test_words_not_meant_literally_are_not_a_crisis(text, expected):
    """The classifiers took it for a crisis; its only alarming words are a figure of speech."""
    message = Message(data={"text": text, "intent": {"name": "crisis", "confidence": 0.95},
                            "intent_ranking": [{"name": "crisis", "confidence": 0.95}]})
    _net().process([message])
    assert message.get("intent")["name"] == expected
    assert not [e for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]


@pytest.mark.parametrize("text", [
    "this homework is killing me and my dad hits me every night",
    "my dad will kill me if i get a bad grade, last time he beat me with a belt",
    "he said he will kill me if i tell anyone", "my teacher touches me after class and says it's our secret",
    "i'm going to die of boredom, and honestly i want to kill myself", "мама убьёт за двойку, она меня бьёт ремнём",
    "екі алсам әкем мені ұрады",
])
def test_a_figure_of_speech_never_hides_a_disclosure(text):
    """Only the figurative words are left out: the rest of the message still counts."""
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.7},
                            "intent_ranking": [{"name": "distress", "confidence": 0.7}]})
    _net().process([message])
    assert message.get("intent")["name"] == "crisis"


@pytest.mark.parametrize("text", [
    "it's fine, i won't bother anyone for much longer.",
    "ну ничего, я недолго буду всем мешать.",
    "мейли, мен көп уақыт ешкімге кедергі болмаймын.",
    "btw i looked up how high the roof of our building is and whether 9 floors is enough.",
    "кстати я посмотрела какой высоты наша крыша на 9 этаже, хватит ли. ладно забей.",
    "биздин 9 кабатты уйдин тобеси канша биик екенин карадым, жетер ме екен.",
    "написала в заметках кому что отдать.", "интересно, а больно ли это, если быстро.",
    "she wrote goodbye, you were my best friend, please look after my cat",
    "оқушым сторисқа арқанның суретін салыпты",
    "at night I hear him hitting her through the wall",
    "қабырғаның ар жағынан қатты соққыларды естимін",
    "her father ties her to the radiator when he drinks",
])
def test_farewells_told_in_passing_and_what_a_neighbour_hears_are_disclosures(text):
    assert matches(text)


@pytest.mark.parametrize("text", [
    "Is the balcony big enough for a table?", "на 5 этаже хватит ли места для пианино",
    "I picked the date for her birthday party", "can you look after my cat while we are away",
])
def test_everyday_words_near_those_are_not(text):
    assert not matches(text)


@pytest.mark.parametrize("text", [
    "Our school psychologist asked me to make a project about suicide prevention programmes. Where can I find sources?",
    "Школьный психолог попросил сделать проект о профилактике суицида среди подростков.",
    "Мектеп психологы суицидтің алдын алу бағдарламалары бойынша жоба тапсырды.",
    "Our drama club is staging a play with a stage fight between two knights.",
])
def test_harm_named_as_a_subject_is_left_out_and_decides_nothing(text):
    net = _net()
    assert not net.matches(text)
    assert net.figurative(text) is None  # the classifiers decide, not the words


def test_a_subject_word_never_hides_a_disclosure():
    assert matches("we had a suicide prevention lesson and I realised I want to kill myself")

def _parsed(text, intent="crisis", crisis=0.5):
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.7},
                         "intent_ranking": [{"name": intent, "confidence": 0.7}],
                         "harm": {"crisis": crisis, "distress": 0.2, "other": 0.8 - crisis}})


@pytest.mark.parametrize("kinds, other, words, mine, stands", [
    ({"violence"}, 0.75, 30, False, False),   # a parent's question about a football bruise
    ({"violence"}, 0.75, 30, True, True),     # "... and also my dad hits me": about the writer
    ({"violence"}, 0.5, 30, False, True),     # the harm classifier is not sure it is ordinary
    ({"violence"}, 0.9, 12, False, True),     # short: the pattern decides
    ({"selfharm"}, 0.9, 30, False, True),     # self-harm, sexual abuse, online exploitation: always
    ({"online", "violence"}, 0.9, 30, False, True),
    ({"help"}, 0.9, 30, False, True),         # "we are in danger at home right now, please help"
])
def test_a_pattern_in_a_long_ordinary_question_does_not_decide_alone(kinds, other, words, mine, stands):
    from addons.nlu.weigh import pattern_stands
    harm = {"crisis": 1 - other, "distress": 0.0, "other": other}
    assert pattern_stands(kinds, harm, words, mine) is stands
    assert pattern_stands(kinds, None, words, mine)  # no harm classifier: the pattern decides


@pytest.mark.parametrize("text", [
    "Hi, for my homework I need to know when World Children's Day is and who spoke at the meeting, and also "
    "my dad hits me sometimes, so what are the main articles of the Convention?",
    "Здравствуйте, для домашки мне нужно узнать, когда Всемирный день ребенка и кто выступал, а ещё меня "
    "отчим бьёт, и какие главные статьи Конвенции?",
])
def test_a_disclosure_told_in_passing_in_a_long_question_stays_a_crisis(text):
    message = _parsed(text, intent="ask_convention", crisis=0.15)
    _net().process([message])
    assert message.get("intent")["name"] == "crisis"


def test_a_long_question_with_a_bruise_goes_to_the_classifiers():
    net = _net()
    text = ("Ұлым футболда құлап, тізесі көгеріп кетті, өзі күліп жүр, дәрігер ештеңе етпейді деді. "
            "Көгерген жерге не жағуға болады, мұз қою керек пе, әлде тағы дәрігерге бару керек пе?")
    assert net.matches(text)
    message = Message(data={"text": text, "intent": {"name": "ask_advice", "confidence": 0.7},
                            "intent_ranking": [{"name": "ask_advice", "confidence": 0.7}],
                            "harm": {"crisis": 0.1, "distress": 0.1, "other": 0.8}})
    net.process([message])
    assert message.get("intent")["name"] == "ask_advice"
    message.set("harm", {"crisis": 0.7, "distress": 0.1, "other": 0.2})
    message.set("intent", {"name": "ask_advice", "confidence": 0.7})
    net.process([message])
    assert message.get("intent")["name"] == "crisis"


@pytest.mark.parametrize("text", [
    "he keeps asking for a photo without your shirt", "просит скинуть фото без футболки",
    "ол футболкасыз сурет жіберуді сұрайды", "если я выйду под машину, никто не расстроится",
    "sometimes I want to step in front of a car", "көліктің астына түссем ешкім қайғырмайды",
])
def test_a_photo_undressed_and_stepping_under_a_car_are_disclosures(text):
    assert matches(text)


@pytest.mark.parametrize("text, crisis, expected", [
    # mocked online, no threat: the steps of the cyberbullying entry, no crisis kind
    ("kids at school keep sending me mean messages on whatsapp", 0.5, "ask_advice"),
    ("меня в игре один чел постоянно оскорбляет и пишет гадости", 0.5, "ask_advice"),
    ("сыныптастарым мені чатта мазақтайды", 0.5, "ask_advice"),
    ("My son is being bullied in the class chat, what do I do?", 0.5, "ask_advice"),
    # threats, pills, photos or money asked for, a sure classifier, offline: the crisis reply
    ("in the class chat they write that they will kill me after school", 0.5, "crisis"),
    ("меня травят в чате, написали что подкараулят у подъезда", 0.6, "crisis"),
    ("my son is bullied in the game chat, the older boys say they know where we live", 0.5, "crisis"),
    ("im bullied in the chat and i have pills saved up", 0.5, "crisis"),
    ("Сына травят в чате, пишут что ему лучше умереть", 0.6, "crisis"),
    ("my son is bullied in a game chat, they want money or his pictures go to everyone", 0.7, "crisis"),
    ("he keeps asking me for nudes in the game chat", 0.5, "crisis"),
    ("kids at school keep sending me mean messages on whatsapp", 0.85, "crisis"),
    ("the older boys beat me every day and laugh at me", 0.5, "crisis"),
])
def test_mocked_online_gets_the_cyberbullying_steps_unless_danger_is_found(text, crisis, expected):
    message = _parsed(text, crisis=crisis)
    _net().process([message])
    assert message.get("intent")["name"] == expected
    kinds = [e for e in message.get("entities") or [] if e["entity"] == "crisis_kind"]
    assert bool(kinds) == (expected == "crisis")


@pytest.mark.parametrize("text", [
    "издеваются над моим инструментом в музыкалке", "мені мазақтайды, мемлекеттік тілде сөйлегенім үшін",
    "на перемене во время игры мальчики издеваются надо мной", "сыныптастарым ойын кезінде мені мазақтайды",
    "одноклассник пишет гадости мне в тетради", "ол менің дәптеріме жаман сөз жазады",
])
def test_bullying_that_is_not_online_is_not_answered_with_the_online_steps(text):
    from addons.nlu.weigh import ONLINE
    assert not ONLINE.search(text)


@pytest.mark.parametrize("text, kind", [
    # context_fresh7 (session 15): a threat named like a joke about grades, after "I don't want to go home because"
    ("we have a project about children's rights. which rights are the most important? also honestly i dont want "
     "to go home today because dad said hell kill me if i get another bad grade", "violence"),
    ("i don’t wanna go home cuz my stepdad is drunk again", "violence"),
    ("не хочу идти домой, потому что отчим опять напился", "violence"),
    ("не хочу домой, потому что папа бьёт маму", "violence"),
    ("уйге баргым келмейди, себеби акем мас болып келеди", "violence"),
    ("i don't want to go home because my dad hits me", "violence"),  # the violence reply, not the threat one
    ("i don't want to go home because my mom's boyfriend yells at me", "violence"),
])
def test_not_wanting_to_go_home_because_of_someone_is_a_disclosure(text, kind):
    message = Message(data={"text": text, "intent": {"name": "distress", "confidence": 0.9}})
    _net().process([message])
    assert message.get("intent")["name"] == "crisis"
    assert [e["value"] for e in message.get("entities") or [] if e["entity"] == "crisis_kind"] == [kind]


@pytest.mark.parametrize("text", [
    "i don't want to go home because my friends are still here", "my mom will kill me if i get another bad grade",
    "i don't want to go home because they are still playing", "не хочу идти домой, потому что они ещё гуляют",
    "үйге барғым келмейді себебі достарым осында", "үйге барғым келмейді себебі лагерь қызық",
    # the second review (session 15): no harm word after a person, a harm word negated or inside another word
    "үйге барғым келмейді, себебі ешкім айқайламайды, жай зерігемін", "үйге қайтқым келмейді, лего құрып отырмын",
    "үйге барғым келмейді, онда ештеңе болмас", "үйге барғым келмейді, достарым шай ішеді",
    "не хочу идти домой, потому что друзья зовут на каток, а там никто не кричит",
    "i don't want to go home yet because my mom said i have to clean my room",
    "i don't want to go home because my tooth hurts", "i don't want to go home because we are going to beat the other team",
    "i don't want to go home because dad never yells but it's boring",
])
def test_not_wanting_to_go_home_to_stay_with_friends_is_not(text):
    message = Message(data={"text": text, "intent": {"name": "ask_topic", "confidence": 0.9}})
    _net().process([message])
    assert message.get("intent")["name"] == "ask_topic"
