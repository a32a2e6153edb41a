"""Every word list of the three languages (English, Russian, Kazakh) the code uses, and how text
is folded before it is compared. Data, not logic: detect.py and resolve.py read it.

What is content stays content: the crisis patterns are training data (data/safety.yml) and the
aliases of people, modules and topics are in the knowledge file, where an editor changes them.
"""

from __future__ import annotations

import re
import string
from typing import Dict, Tuple

LANGUAGES: Tuple[str, ...] = ("en", "ru", "kk")
DEFAULT = LANGUAGES[0]  # the language of a conversation that has not shown one

# --- folding ---------------------------------------------------------------------------------

_PUNCT = str.maketrans(dict.fromkeys(string.punctuation.replace("'", "") + "«»—–…“”„", " "))


def fold(word: str) -> str:
    """Lower case, ё as е (Russian writes both)."""
    return word.lower().replace("ё", "е")


def normalise(text: str) -> str:
    """Folded text with straight apostrophes, punctuation (also «» — …) as spaces, single
    spaces."""
    text = fold(text.replace("\u2019", "'").replace("\u2018", "'"))
    return " ".join(text.translate(_PUNCT).split())


# Kazakh letters, and how many people type them on a Russian keyboard (ә->а, ғ->г, қ->к, ң->н,
# ө->о, ұ/ү->у, һ->х, і->и).
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KAZAKH_PLAIN = str.maketrans("әғқңөұүһі", "агкноуухи")


def with_plain_kazakh(words: Tuple[str, ...]) -> Tuple[str, ...]:
    """Each Kazakh word, and the same typed without the Kazakh letters."""
    out = []
    for word in words:
        for form in (word, word.translate(KAZAKH_PLAIN)):
            if form not in out:
                out.append(form)
    return tuple(out)


# --- words that tell the language --------------------------------------------------------------
# Frequent words, lower case. A word that is the same in Russian and Kazakh (не, да, модуль) is
# left out. Kazakh ones also match as typed without the Kazakh letters.
KAZAKH_WORDS = frozenset(with_plain_kazakh(tuple("""
сәлем сәлеметсіз рахмет рақмет қалай қалайсың қандай қай кім бар жоқ туралы маған саған оған
бізге сізге оларға мені сені оны бізді мен сен ол біз сіз олар менің сенің оның біздің
кешіріңіз керек бала балалар баланың балаға балаларға балалардың қайда неге неше қанша қашан
деген дегенді дейді деді айтты айт айтшы айтып айтпа бер берші көмек көмектес
ата ана әке әкем анам шешем папам мамам ағам апам әпкем інім сіңлім досым досымды құрбым
уәкіл ше ғой иә жарайды жақсы сау бол болды болады болып болса емес екен еді
үй үйде үйден мектеп мектепте мектепке сынып сыныптас мұғалім ағай апай адам бір екі үш
ешкім ешкімге ештеңе келеді келмейді жатыр жатырмын отыр қазір бүгін ертең кеше
ұрады ұрды соқты тиді қорқамын қорқытады өлтіремін өлгім өзімді өзіме өмір сүргім
интернетте телефонға суретімді суретті сурет жібер жібердім қыз ұл жас көп қайдан алам
аласың аласыз істей істеймін дегеніміз ақпарат мақалада
сөйле сөйлей сөйлесейік қазақша орысша ағылшынша тілінде білесің ма ме ба бе па пе
бірінші екінші үшінші төртінші соңғы біріншісі екіншісі үшіншісі төртіншісі соңғысы
модульдер модульдің модульде іс шара кездесу кездесуге қатысты қатысқан сөз сөйледі
құқық құқықтары құқығы конвенциясы қауіпсіздік қауіпсіз нөмір нөмірі телефоны сенім
""".split())))
RUSSIAN_WORDS = frozenset("""
привет здравствуйте здравствуй спасибо пожалуйста пока что чё че как кто где когда почему
зачем это этот эта эти мне меня мой моя мои ты вы он она они мы и а или но нет если
про о об для с со по за от до из у в на к ко при был была были было есть будет можно
нужно надо очень еще ещё какой какая какие каких сколько который ребенок ребёнок дети
детей права помощь помогите расскажи скажи подробнее телефон номер сказал сказала
говорил говорила хочу меня мама папа дома школе
""".split())
# Kazakh suffixes no Russian word ends with.
KAZAKH_SUFFIX = re.compile(r"\w{2,}(ның|нің|дың|дің|тың|тің|мын|мін|сың|сің|мыз|міз|йды|йді|ейди|айды"
                           r"|ғым|гім|ғың|гің|шы|ші|дағы|дегі|тағы|тегі|ларға|лерге|дарға|дерге|тарға)$")
ENGLISH_WORDS = frozenset("""
i me my you your he she it we they the a an and or but is are was were be been do does did
what who where when why how which can could should would will tell about of in on at to for
from with hi hello hey thanks thank please yes no not bye goodbye help more number call
""".split())

# Russian and Kazakh typed in Latin letters (translit), as children write them on a phone:
# words that are not English. Two of them (and no English word) make a message Russian or Kazakh.
RUSSIAN_LATIN = frozenset("""
menya menja mne mnye menia otec otets otchim papa mama brat sestra djadja dyadya bjot b'et bjet
byot b'yot b'jut bjut byut izbil udaril strashno domoj domoi domoy pomogite pomogi privet
spasibo chto chto-to kak pochemu hochu khochu zhit' zhit bol'she bolshe pozhalujsta pozhaluysta
shkole shkola drug podruga ya eto kogda gde nikto nichego vsegda segodnya vchera den' den
kazhdyj kazhdyy delat' delat mozhno nado nuzhno boyus' boyus
""".split())
KAZAKH_LATIN = frozenset("""
akem anam agam apam kokem meni magan mağan qazir kazir urady uryp soqty sokty qauip kauip
tonip tönip tur turmyn komek kömek komektes raqmet rakhmet rahmet salem sälem qalay kalay
nege kim kerek uyde uige mektepte mektep ozim ozimdi özimdi omir ömir surgim kelmeidi kelmeydi
qorqamyn korkamyn qorqytady jane zhane joq zhoq jok bala balalar dosym qyzym uly ulym
""".split())

# --- names of the languages, and requests for one ----------------------------------------------
LANGUAGE_NAMES: Dict[str, Tuple[str, ...]] = {
    "en": ("en", "eng", "english", "английский", "ағылшын", "англ"),
    "ru": ("ru", "rus", "russian", "русский", "орыс", "рус"),
    "kk": ("kk", "kz", "kaz", "kazakh", "қазақ", "казахский", "казах", "қаз", "каз"),
}
# A request for a language inside a sentence: "speak Russian", "по-казахски", "орысша".
LANGUAGE_REQUESTS: Dict[str, str] = {
    "en": r"\b(english|in english)\b|по[- ]?английск|на английском|на англ\w*|ағылшынша|"
          r"ағылшын тіл|агылшынша|агылшын тил",
    "ru": r"\b(russian)\b|по[- ]?русск|на русском|на русский|орысша|орыс тіл|орыс тил",
    "kk": r"\b(kazakh|qazaq)\b|по[- ]?казахск|на казахском|на казахский|қазақша|казакша|"
          r"қазақ тіл|казак тил|қазақ тил",
}

# --- ordinals and numbers ------------------------------------------------------------------------
# English whole words; Russian and Kazakh stems, which take endings ("третьего", "үшіншісі").
# -1 is "the last one".
ORDINALS: Dict[int, Dict[str, Tuple[str, ...]]] = {
    1: {"en": ("first", "1st"), "ru": ("перв",), "kk": ("бірінші",)},
    2: {"en": ("second", "2nd"), "ru": ("втор",), "kk": ("екінші",)},
    3: {"en": ("third", "3rd"), "ru": ("трет",), "kk": ("үшінші",)},
    4: {"en": ("fourth", "4th"), "ru": ("четверт",), "kk": ("төртінші",)},
    -1: {"en": ("last", "final", "latter"), "ru": ("последн",), "kk": ("соңғы",)},
}
RUSSIAN_ORDINAL_STEMS = tuple(stem for forms in ORDINALS.values() for stem in forms["ru"])
# "module 3", "number two", "модуль 2", "үш"
CARDINALS: Dict[int, Tuple[str, ...]] = {
    1: ("one", "1", "один", "одна"),
    2: ("two", "2", "два", "две") + with_plain_kazakh(("екі",)),
    3: ("three", "3", "три") + with_plain_kazakh(("үш",)),
    4: ("four", "4", "четыре") + with_plain_kazakh(("төрт",)),
}

# --- words that steer what a follow-up points at (normalised) ------------------------------------
SPEAKER_WORDS = ("speaker", "спикер", "выступ", "докладчик", "сөйле", "сойле", "баяндама")
POINTING_WORDS = ("it", "that", "this", "он", "она", "оно", "его", "ее", "этот", "это", "эта",
                  "ол", "оны", "соны", "бұл", "осы", "бул")
THEY_WORDS = ("they", "them", "their", "они", "им", "их", "олар", "оларға", "оларга", "олардың", "олардын")
EMERGENCY_STEMS = ("emergenc", "экстрен", "чрезвычай", "шұғыл", "шугыл", "төтенше", "тотенше")

# --- commands and the safe word -----------------------------------------------------------------
# "/start" (Telegram, the terminal and the widget send it when a chat opens) and "/help" are
# understood the same way on every channel: the greeting, and the helplines.
COMMANDS: Dict[str, str] = {"start": "greet", "help": "safe_word"}
# A message that is only one of these (folded, without punctuation) brings the helplines back at
# any moment, whatever the classifier says.
SAFE_WORDS = frozenset(with_plain_kazakh((
    "sos", "help", "help me", "helpline", "helplines",
    "помогите", "помоги", "помогите мне", "помоги мне", "спасите", "сос",
    "көмек", "көмектес", "көмектесіңдер", "маған көмек керек", "құтқарыңдар",
)))

# A bare yes or no (the answer to "are you in danger right now?"): understood the same way
# whatever the classifier's confidence.
YES_WORDS = frozenset(with_plain_kazakh(("yes", "yeah", "yep", "yes i am", "да", "ага", "угу", "иә", "ия", "иа")))
NO_WORDS = frozenset(with_plain_kazakh(("no", "nope", "nah", "no i'm not", "нет", "неа", "жоқ", "жок")))
