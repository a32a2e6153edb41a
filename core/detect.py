"""Which language a message is written in (English, Russian or Kazakh), and whether it asks for
one. Plain Python, no Rasa: the NLU component (addons/language_detector.py) and the channels
(addons/guard.py) use it, and tests call it directly.

`detect()` answers only when the message says enough:
- Kazakh: Cyrillic with a letter only Kazakh uses (ә ғ қ ң ө ұ ү һ і), or Kazakh words typed
  without those letters on a Russian keyboard ("салем", "рахмет", "калай");
- Russian: Cyrillic with a Russian word, or three Cyrillic words without a Kazakh sign;
- English: Latin letters with an English word, or three Latin words.
A short or mixed message ("50?", "ok", "Zakieva", "UNICEF?") gives None: the conversation keeps
its current language (the `language` slot is simply not set).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from actions.knowledge import LANGUAGES  # plain Python too: the one list of languages

DEFAULT = LANGUAGES[0]

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")

# Frequent words, lower case. Kazakh ones are also matched as typed without the Kazakh letters
# (ә->а, ғ->г, қ->к, ң->н, ө->о, ұ/ү->у, һ->х, і->и), the way many people type them on a
# Russian keyboard. A word that is the same in Russian and Kazakh (не, да, модуль) is left out.
_KK_WORDS_SOURCE = """
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
"""
_PLAIN = str.maketrans("әғқңөұүһі", "агкноуухи")
_KK_WORDS = {w for word in _KK_WORDS_SOURCE.split() for w in (word, word.translate(_PLAIN))}
_RU_WORDS = set("""
привет здравствуйте здравствуй спасибо пожалуйста пока что чё че как кто где когда почему
зачем это этот эта эти мне меня мой моя мои ты вы он она они мы и а или но нет если
про о об для с со по за от до из у в на к ко при был была были было есть будет можно
нужно надо очень еще ещё какой какая какие каких сколько который ребенок ребёнок дети
детей права помощь помогите расскажи скажи подробнее телефон номер сказал сказала
говорил говорила хочу меня мама папа дома школе
""".split())
# Russian ordinal stems ("третий", "третьего") and Kazakh suffixes no Russian word ends with.
_RU_STEMS = ("перв", "втор", "трет", "четв", "последн")
_KK_SUFFIX = re.compile(r"\w{2,}(ның|нің|дың|дің|тың|тің|мын|мін|сың|сің|мыз|міз|йды|йді|ейди|айды"
                        r"|ғым|гім|ғың|гің|шы|ші|дағы|дегі|тағы|тегі|ларға|лерге|дарға|дерге|тарға)$")
_EN_WORDS = set("""
i me my you your he she it we they the a an and or but is are was were be been do does did
what who where when why how which can could should would will tell about of in on at to for
from with hi hello hey thanks thank please yes no not bye goodbye help more number call
""".split())

# "/lang ru", "/language kk", "/lang english"
_COMMAND = re.compile(r"^\s*/lang(?:uage)?\s+(\w+)\s*$", re.IGNORECASE)
_NAMES = {
    "en": ("en", "eng", "english", "английский", "ағылшын", "англ"),
    "ru": ("ru", "rus", "russian", "русский", "орыс", "рус"),
    "kk": ("kk", "kz", "kaz", "kazakh", "қазақ", "казахский", "казах", "қаз", "каз"),
}
# A request for a language inside a sentence: "speak Russian", "по-казахски", "орысша".
_ASKED = {
    "en": re.compile(r"\b(english|in english)\b|по[- ]?английск|на английском|на англ\w*|ағылшынша|"
                     r"ағылшын тіл|агылшынша|агылшын тил", re.IGNORECASE),
    "ru": re.compile(r"\b(russian)\b|по[- ]?русск|на русском|на русский|орысша|орыс тіл|орыс тил",
                     re.IGNORECASE),
    "kk": re.compile(r"\b(kazakh|qazaq)\b|по[- ]?казахск|на казахском|на казахский|қазақша|казакша|"
                     r"қазақ тіл|казак тил|қазақ тил", re.IGNORECASE),
}


def _language_name(word: str) -> Optional[str]:
    word = word.lower()
    for lang, names in _NAMES.items():
        if word in names:
            return lang
    return None


def command(text: str) -> Optional[str]:
    """The language chosen by a "/lang xx" command, or None when `text` is not one (an unknown
    language name also gives None, so the caller can say what is possible)."""
    m = _COMMAND.match(text or "")
    return _language_name(m.group(1)) if m else None


def is_command(text: str) -> bool:
    return bool(_COMMAND.match(text or ""))


def asked_for(text: str) -> Optional[str]:
    """The language a message asks for ("speak Russian", "қазақша сөйле"), if exactly one."""
    found = [lang for lang, pattern in _ASKED.items() if pattern.search(text or "")]
    return found[0] if len(found) == 1 else None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if "CYRILLIC" in name:
        return "cyrillic"
    if "LATIN" in name:
        return "latin"
    return "other"


def _kazakh_score(words) -> int:
    return sum(w in _KK_WORDS or bool(_KK_SUFFIX.match(w)) for w in words)


def _russian_score(words) -> int:
    return sum(w in _RU_WORDS or w.startswith(_RU_STEMS) for w in words)


def detect(text: str) -> Optional[str]:
    """'en', 'ru' or 'kk' when the message says which; None when it is too short or mixed."""
    letters = [c for c in text or "" if c.isalpha()]
    if not letters:
        return None
    words = [w.lower().replace("ё", "е") for w in _WORD.findall(text)]
    cyr_words = [w for w in words if _script(w[0]) == "cyrillic"]
    lat_words = [w for w in words if _script(w[0]) == "latin"]
    kk_score, ru_score = _kazakh_score(cyr_words), _russian_score(cyr_words)
    kazakh = any(c in KAZAKH_LETTERS for c in text) or kk_score > ru_score
    russian = not kazakh and ru_score > kk_score
    english = any(w in _EN_WORDS for w in lat_words)
    cyrillic_share = sum(_script(c) == "cyrillic" for c in letters) / len(letters)
    latin_share = sum(_script(c) == "latin" for c in letters) / len(letters)
    # Mostly one script, or words of one language only ("что такое UNICEF?" is Russian).
    if cyrillic_share >= 0.7 or ((kazakh or russian) and not english):
        if kazakh:
            return "kk"
        if russian or (len(cyr_words) >= 3 and kk_score == 0):
            return "ru"
        return None
    if latin_share >= 0.7 or (english and not (kazakh or russian)):
        if english or len(lat_words) >= 3:
            return "en"
    return None


def choose(text: str, asks_for_language: bool = False, hint: Optional[str] = None) -> Optional[str]:
    """The language for this message: a "/lang" command; a request for a language when the
    message is one (`asks_for_language`: its intent is set_language, so "do psychologists speak
    Russian?" does not switch); else the message's own language; else `hint` (the widget's
    selected language); else None (the conversation keeps its language)."""
    return (command(text) or (asked_for(text) if asks_for_language else None) or detect(text)
            or (hint if hint in LANGUAGES else None))
