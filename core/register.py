"""Who is writing: an adult (a parent, a teacher: "my son", "сыну 9 лет", "балам", "мои
ученики", the polite "Вы" / "Сіз") or a child ("мне 12 лет", "мен 5-сыныпта оқимын"). An adult
is answered in the polite register with the advice for adults; a child with ты / сен. The
audience is kept for the conversation (the `audience` slot) until a message says otherwise.
"""

from __future__ import annotations

import re
from typing import Optional

from core.lexicon import normalise, with_plain_kazakh

_ADULT = with_plain_kazakh((
    # English: no polite pronoun, but the adult's words
    "my son", "my daughter", "my child", "my kid", "my kids", "my children", "my students",
    "my pupils", "i am a teacher", "i'm a teacher", "i am a parent", "i'm a parent",
    "as a parent", "as a teacher", "i am a mother", "i'm a mother", "i'm a mum", "i'm a mom",
    "i am a father", "i'm a dad",
    # Russian: the polite address and the adult's words
    "вы", "вас", "вам", "вами", "ваш", "ваша", "ваше", "ваши", "подскажите", "скажите", "объясните",
    "расскажите", "помогите пожалуйста", "здравствуйте", "добрый день", "добрый вечер", "доброе утро", "мой сын", "моя дочь",
    "мой ребенок", "моему сыну", "моей дочери", "моему ребенку", "у меня сын", "у меня дочь",
    "сыну", "дочке", "дочери", "сын", "дочь", "мои ученики", "моих учеников",
    "я учитель", "я учительница", "я педагог", "я мама", "я папа", "я родитель", "я классный руководитель",
    "будьте добры", "будьте любезны", "напомните", "уточните", "сообщите", "посоветуйте", "порекомендуйте",
    "хотелось бы", "не могли бы", "родительском собрании", "родительское собрание", "на родительском",
    "простите", "внук", "внуку", "внучка", "внучке", "мой внук", "моя внучка", "я бабушка", "я дедушка",
    "я социальный работник", "я психолог", "я воспитатель", "я опекун", "как маме", "как папе",
    "как бабушке", "как дедушке", "как родителю", "как учителю", "как классному руководителю",
    "классному руководителю", "объяснить ребенку", "объяснить детям",
    # Kazakh
    "сіз", "сізге", "сізден", "сізді", "сіздің", "сізбен", "айтыңызшы", "айтып беріңізші", "беріңізші",
    "көмектесіңізші", "түсіндіріңізші", "сәлеметсіз бе", "сәлеметсіздер", "балам", "баламның",
    "балама", "баламды", "ұлым", "ұлымның", "ұлыма", "қызым", "қызымның", "қызыма", "оқушыларым",
    "оқушым", "оқушыларыма", "оқушыларымның", "оқушыларымды", "балаларыма", "балаларымның",
    "мен мұғаліммін", "мен мұғалім", "мен ата-анамын", "мен анамын", "ата-аналар жиналысында",
    "немерем", "немереме", "немеремнің", "немеремді", "әже ретінде", "ата ретінде", "ата-ана ретінде",
    "мұғалім ретінде", "мен сынып жетекшісімін", "сынып жетекшісі ретінде", "мен әлеуметтік қызметкермін",
    "мен психологпын", "мен тәрбиешімін", "мен әжемін", "балаға қалай түсіндіруге",
))
_CHILD = with_plain_kazakh((
    "i'm a kid", "i am a kid", "i'm a child", "i am a child", "i am 10", "i am 11", "i am 12",
    "i am 13", "i am 14", "i'm 10", "i'm 11", "i'm 12", "i'm 13", "i'm 14",
    "я ребенок", "я школьник", "я школьница", "я ученик", "я ученица", "мне 10", "мне 11", "мне 12",
    "мне 13", "мне 14", "мне 15", "я в классе",
    "мен баламын", "мен оқушымын", "мен мектеп оқушысымын",
))


def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<![\w']){re.escape(f)}(?![\w'])" for f in forms))


_ADULT_RE, _CHILD_RE = _pattern(_ADULT), _pattern(_CHILD)
# "мен 5-сыныпта", "я в 7 классе", "im 12", "мне 13 лет", "12 жастамын": a child says how old or in which class
_CLASS_OF_CHILD = re.compile(r"(?<!\w)мен \d+\s*(-|)\s*сынып|(?<!\w)я в \d+\s*(-?м|)\s*класс"
                             r"|(?<![\w'])(i'm|im|i am) ([6-9]|1[0-7])(?!\d)(?! years? of)|(?<!\w)мне ([6-9]|1[0-7]) (год|лет)"
                             r"|(?<!\w)([6-9]|1[0-7])\s*(-|)\s*жастамын")


# Kazakh polite second person in the verb or the possessive: "айтып жіберіңізші", "көрсетіңіз",
# "білесіз бе", "балаңыз"
# and the polite present tense of common verbs ("кеңес бересіз?", "не ойлайсыз"): not any word
# in -сыз/-сіз, which is also "without" ("қауіпсіз", "пайдасыз").
_KAZAKH_POLITE = re.compile(r"(?<!\w)\w{2,}(ңізші|ңызшы|ңіз|ңыз|низ|ныз|ңизши|ңызшы)(?!\w)|(?<!\w)\w{2,}(сіз|сыз|сиз) бе(?!\w)"
                            r"|(?<!\w)(бересіз|білесіз|айтасыз|ойлайсыз|қалайсыз|көресіз|аласыз|істейсіз|жасайсыз"
                            r"|түсінесіз|жазасыз|сұрайсыз|келесіз|барасыз|кеңес бересіз)(?!\w)")


def audience(text: str) -> Optional[str]:
    """'adult', 'child', or None when the message does not tell."""
    norm = normalise(text or "")
    if _CHILD_RE.search(norm) or _CLASS_OF_CHILD.search(norm):
        return "child"
    if _ADULT_RE.search(norm) or _KAZAKH_POLITE.search(norm):
        return "adult"
    return None
