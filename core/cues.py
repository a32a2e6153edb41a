"""The words that tell what a short message asks of the previous answer, in English, Russian
and Kazakh: "does it cost anything?", "is it open at night?", "and for parents?", "why?",
"say it simpler", "anything else?". Data, not logic: core/understand.py reads it.

Each cue is a tuple of forms matched in normalised text (core/lexicon.normalise): an English
form matches whole words; a Russian or Kazakh form is a stem and matches the start of a word;
a form with a space matches as a phrase. Kazakh forms also match as typed without the Kazakh
letters.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Dict, Tuple

from core.lexicon import with_plain_kazakh

Cue = Tuple[str, ...]

# Asking to explain the last answer, or to say it in easier words.
EXPLAIN: Cue = with_plain_kazakh((
    "why", "what does that mean", "what does it mean", "what do you mean", "meaning", "simpler",
    "simple words", "easier", "explain", "don't understand", "dont understand", "didn't understand",
    "don't get it", "dont get it", "didn't get it", "plain words", "in english please",
    "почему", "что это значит", "что значит", "что это означает", "проще", "понятнее", "объясни",
    "поясни", "не понял", "не поняла", "не понятно", "непонятно", "простыми словами", "попроще",
    "зачем",
    "неге", "неліктен", "түсіндір", "түсінбедім", "түсініксіз", "түсінікті", "қарапайым",
    "жеңілірек", "оңайырақ", "не дегені", "не деген сөз", "мағынасы", "нені білдіреді",
))

# What a contact costs, when it is open, whether it is anonymous, how to write to it.
COST: Cue = with_plain_kazakh((
    "cost", "costs", "free", "pay", "paid", "money", "charge", "price",
    "стоит", "стоимост", "бесплатн", "платн", "деньг", "заплат", "оплат",
    "тегін", "ақылы", "ақы", "ақша", "төлеу", "төлей", "бағасы",
))
HOURS: Cue = with_plain_kazakh((
    "night", "open", "hours", "weekend", "weekends", "sunday", "always", "24", "any time", "anytime",
    "what time", "late",
    "ночь", "ночью", "круглосуточ", "работает", "работают", "выходн", "время", "поздно", "всегда",
    "түнде", "түн", "тәулік", "жұмыс істей", "демалыс", "уақыт", "кеш", "әрқашан",
))
PRIVATE: Cue = with_plain_kazakh((
    "anonymous", "anonymously", "secret", "confidential", "private", "find out", "tell my parents",
    "know my name", "say my name",
    "аноним", "конфиденц", "секрет", "узнают", "узнает", "тайн", "имя",
    "құпия", "біліп қо", "атымды", "білмей ме", "біле ме",
    # whether parents see it, giving no name (session 15, context_fresh7)
    "parents see", "phone bill", "without my name", "give my name", "keep my name",
    "как меня зовут", "не скажу", "без имени", "родители увидят", "атымды айтпасам", "атымды айтпай",
))
WRITE: Cue = with_plain_kazakh((
    "write", "text", "texting", "message", "messages", "chat", "whatsapp", "telegram", "online",
    "whats app",
    "написать", "напиши", "писать", "пишут", "сообщени", "переписк", "чат", "ватсап", "вотсап", "телеграм",
    "жазу", "жазуға", "жаза ал", "хат", "чат", "ватсап", "телеграм",
))
CALL_HOW: Cue = with_plain_kazakh((
    "what do i say", "what should i say", "what to say", "what happens when",
    "что сказать", "что говорить", "что будет", "что происходит",
    "не айту", "не деймін", "не айтамын", "не болады",
    # what to tell the dispatcher, and hanging up (session 15, from context_fresh7)
    "what do i have to say", "what do i tell them", "what should i tell them", "say when they pick up",
    "say when they answer", "tell the operator", "tell the dispatcher", "hang up", "что им сказать",
    "что мне сказать", "оператору", "диспетчеру", "класть трубку",
    "положить трубку", "бросить трубку", "вешать трубку", "повесить трубку", "тұтқаны қой", "трубканы қой",
))

# Asking for what to do (advice) about the topic just discussed.
ADVICE: Cue = with_plain_kazakh((
    "what do i do", "what should i do", "what can i do", "what to do", "how do i deal",
    # one of the steps, or a suggestion asked for (session 14: "а скрины сохранять?", "что Вы посоветуете?")
    "screenshot", "screenshots", "keep evidence", "save the messages", "what do you suggest", "what would you suggest",
    "what do you recommend", "скрин", "скрины", "скриншот", "сохранять переписк", "посоветуете", "посоветуешь",
    "посоветуйте", "посоветуй", "порекомендуете", "что вы рекомендуете", "скриншот сақта", "скрин сақта",
    "кеңес бересіз", "кеңес бересің", "не ұсынасыз",
    "how to deal", "deal with it", "how do i handle", "how to handle", "how do i stop",
    "how to stop", "tips", "advice", "how do i protect", "how to protect", "how can i help",
    "что делать", "что мне делать", "как быть", "как справиться", "как бороться", "совет",
    "как защитить", "как помочь", "как остановить",
    "не істеу", "не істей", "не істесем", "не істеймін", "қайтсем", "қалай күрес", "кеңес",
    "қалай қорға", "қалай көмектес", "қалай тоқтат",
    # what to do about the people just spoken of ("should I write back to them?")
    "should i reply", "should i write back", "should i answer", "should i respond", "should i block",
    "should i ignore", "do i reply", "do i answer", "do i write back",
    "отвечать им", "ответить им", "мне отвечать", "мне ответить", "стоит ли отвечать", "а отвечать",
    "заблокировать их", "игнорировать их",
    "жауап жазайын", "жауап берейін", "жауап беру керек пе", "жауап жазу керек пе", "бұғаттайын",
))

# Written by or asking for an adult: a parent, a teacher ("and for mums and dads?").
ADULT: Cue = with_plain_kazakh((
    "parents", "parent", "mums", "moms", "mum", "mom", "dads", "dad", "mothers", "fathers",
    "teacher", "teachers", "adults", "adult", "my child", "my son", "my daughter", "my kid",
    "my kids", "my students", "my pupils", "our children",
    "родител", "мам", "пап", "учител", "педагог", "взрослы", "мой сын", "моя дочь", "сыну",
    "дочери", "дочке", "моему ребенку", "мой ребенок", "моих детей", "мои ученики", "учеников",
    "ата-ана", "ата ана", "әке", "мұғалім", "ұстаз", "ересек", "балам", "ұлым", "қызым",
    "оқушыларым", "балама", "баламның",
))

# Asking for more on the same thing ("anything else?", "what else was there?").
MORE: Cue = with_plain_kazakh((
    "anything else", "what else", "more", "else", "other", "others", "also", "besides",
    "еще", "что еще", "другое", "другие", "кроме", "подробнее", "больше",
    "тағы", "басқа", "толығырақ", "көбірек",
))

# What the sources do not tell about a person.
PERSON_UNKNOWN: Cue = with_plain_kazakh((
    "how old", "age", "born", "birthday", "married", "husband", "wife", "salary", "phone number",
    "address", "lives", "live", "her education", "his education", "what education", "studied", "family",
    "сколько лет", "возраст", "родил", "день рождения", "замуж", "женат", "муж", "жена",
    "зарплат", "живет", "адрес", "учил", "её образован", "ее образован", "его образован", "какое образован", "образование у", "семья", "дети у",
    "неше жас", "жасы", "жаста", "туған", "туылған", "күйеу", "әйелі", "жалақы", "тұрады",
    "мекенжай", "оқыған", "білімі", "отбасы бар",
    "which school", "what school", "what grade", "which grade", "which class", "nationality",
    "which country", "what country", "children of her own", "kids of her own", "does she have kids",
    "в какой школе", "в каком классе", "какой школе", "национальност", "из какой страны", "свои дети",
    "есть дети", "қай мектепте", "нешінші сынып", "қай сыныпта", "ұлты", "қай елден", "нешеде",
    "балалары бар",
    "university", "college", "graduated", "studied at", "degree", "worked as", "work as", "how long has",
    # origin, predecessors, children of their own, a phone number (session 14, from context_fresh5)
    "originally", "predecessor", "before dr", "before mr", "before ms", "before her", "before him",
    "how many children does", "how many kids does", "does she have children", "does he have children",
    "предшественн", "до нее", "до неё", "до него", "сколько у нее детей", "сколько у него детей",
    "одан бұрын", "оған дейін", "баласы бар",
    "университет", "вуз", "окончил", "окончила", "работал", "работала",
    "бітірген", "бітірді", "жұмыс істеген",
))

# Things the sources never say about the event, a module, an institution or an organisation
# ("when was UNICEF founded?", "the salary of an ombudsman", "the next meeting", "which city?"):
# an answer that would otherwise be the nearest entry is the honest "my sources don't say".
NOT_IN_SOURCES: Cue = with_plain_kazakh((
    "salary", "how much do they earn", "how much does", "founded", "next meeting", "next year", "how long did", "how long was", "which city", "what city", "where was it held",
    "where did it take place", "office", "become one", "become an ombudsman", "criminal code",
    "sue", "court", "per 1000", "per view", "disabilities", "pensioner", "girl child", "family day",
    "зарплат", "сколько получа", "основан", "следующая встреча", "следующей встреч", "следующий раз", "сколько длил", "в каком городе",
    "где проходил", "где прошл", "кабинет", "офис", "стать омбудсмен", "уголовн", "суд", "инвалидност",
    "пенсионер", "1 июня",
    "жалақы", "келесі кездесу", "келесі жылы", "қанша уақыт", "қай қалада", "қайда өтті", "кабинеті", "кеңсе",
    "омбудсмені болу", "болу үшін", "қылмыстық", "сотқа", "сотта", "мүгедек", "зейнеткер", "1 маусым",
    # figures, laws, votes, heads of organisations, offices, other services (session 10; no
    # "address", "last year", "kindergarten", "psychologist's number": ordinary questions use them)
    "how many cases", "cases were reported", "cases reported", "statistics", "votes",
    "director general", "executive director", "secretary general", "age rating", "waiting list",
    "egov", "office address", "where is the office",
    "сколько случаев", "случаев кибер", "статистик", "ук рк", "уголовного кодекса", "сколько голосов",
    "генеральный директор", "гендиректор", "исполнительный директор", "возрастной рейтинг", "егов",
    "приемная уполномоч", "приемной уполномоч", "адрес приемной", "адрес офиса", "где находится офис",
    "следующая такая", "следующую встречу",
    "статистика", "неше жағдай", "қанша жағдай", "бас директор", "атқарушы директор", "қанша дауыс",
    "кеңсесінің мекенжайы", "қайда орналасқан", "келесі осындай",
    # other days, a person's origin, a founding year, the meeting's hours and building, benefits,
    # the age to work (session 12, from context_fresh4's near misses)
    "june 1", "1 june", "1st of june", "first of june", "day of the family", "originally from",
    "what time did", "which building", "how many hours", "countries have not ratified",
    "which countries have not", "social benefits", "child benefit", "benefits for families", "allowance",
    "work officially", "allowed to work",
    "день защиты детей", "дня защиты детей", "день семьи", "родом из", "откуда родом", "во сколько началась",
    "в каком здании", "сколько часов", "не ратифицировали", "пособие на", "пособия на", "детские пособия",
    "пособие по", "официально работать",
    # which app, program or network is best (the sources recommend none; session 14)
    "which app", "best app", "which parental control", "best parental control", "safest social network",
    "safest app", "which social network is", "какую программу", "какое приложение", "какое приложение родитель",
    "самое надежное приложение", "самое надёжное приложение", "қай қосымша", "қай бағдарлама", "ең қауіпсіз әлеуметтік желі",
    "қай әлеуметтік желі",
    "id card", "identity card", "public service centre", "public service center", "удостоверение личности",
    "жеке куәлік",
    "балаларды қорғау күні", "отбасы күні", "қай елден", "нешеде басталды",
    "қай ғимарат", "неше сағат", "ратификацияламаған ел", "жәрдемақы", "жұмыс істеуге рұқсат",
))

# A title alone ("the minister of education", "министр просвещения") where the sources have
# someone with a qualified title (the First Vice Minister): not that person; the qualifiers.
BARE_TITLE: Cue = with_plain_kazakh(("minister", "министр"))
TITLE_QUALIFIER: Cue = with_plain_kazakh((
    "vice", "deputy", "first", "вице", "зам", "перв", "бірінші", "орынбасар",
))

# Parts of a contact: who answers, when to call it, in which languages.
WHO_ANSWERS: Cue = with_plain_kazakh((
    "who answers", "who will answer", "who picks up", "who is there", "who do i talk to", "who works there",
    "кто отвечает", "кто ответит", "кто там работает", "кто там отвечает", "кто там сидит", "с кем я буду говорить", "кто берет трубку",
    "кім жауап береді", "кім жауап", "онда кім", "кіммен сөйлесемін",
    # "are there really psychologists?" (session 14)
    "really psychologists", "are there psychologists", "is it a psychologist", "правда психолог",
    "там психолог", "психологтар бар ма", "психолог бар ма", "шынымен психолог",
    "are there lawyers", "lawyers there", "only psychologists", "есть юрист", "там юрист", "заңгер бар ма", "заңгерлер бар ма",
))
WHEN_TO_CALL: Cue = with_plain_kazakh((
    "when should i call", "when do i call", "when to call", "when can i call", "in what cases",
    "когда звонить", "когда нужно звонить", "в каких случаях", "қашан хабарласу", "қандай жағдайда",
))
LANGUAGES: Cue = with_plain_kazakh((
    "language", "languages", "in kazakh", "in russian", "speak kazakh", "speak russian",
    "на казахском", "на русском", "по-казахски", "по-русски", "язык", "қазақша", "орысша", "тілде",
))

# Who led a module (the sources say child ombudsmen did, not which one led which).
LED: Cue = with_plain_kazakh((
    "who led", "led it", "led that", "led this", "led the", "who ran", "who chaired", "who moderated",
    "who was in charge",
    "кто вел", "кто вёл", "кто руководил", "кто модерировал", "кто ведущ", "кто был ведущ",
    "вел его", "вёл его", "вел этот", "вёл этот",
    "кім жүргізді", "кім басқарды", "жүргізген", "кім жетекшілік",
))

# "Who from UNICEF spoke?", "which of the children spoke?": the one speaker of that group
# (person id -> words; only read in a question about the speakers).
SPEAKER_GROUPS: Dict[str, Cue] = {
    "rashed_mustafa_sarwar": with_plain_kazakh(("from unicef", "of unicef spoke", "из юнисефа", "от юнисефа",
                                                "юнисефтен")),
    "natalia_zhumadildaeva": with_plain_kazakh(("from the ministry", "from the government", "из министерства",
                                                "от министерства", "министрліктен")),
    "ruslan_zakharenko": with_plain_kazakh(("which of the children", "which child", "was a child", "из детей",
                                            "кто из ребят", "балалардан кім", "қай бала", "балалардың ішінен")),
}

# Since when a service has worked as it does ("since when?", "с какого числа?", "қашаннан бері?").
SINCE: Cue = with_plain_kazakh((
    "since when", "since what", "since which", "how long has it", "how long have they", "when did it start",
    "с какого года", "с какого числа", "с какого времени", "с каких пор", "как давно", "когда появил", "когда начал",
    "қашаннан", "қай жылдан", "қашан ашылды", "қашан пайда болды",
))

# A phone without a SIM card (the sources only say 112 is free from any phone).
SIM: Cue = with_plain_kazakh(("sim", "sim card", "simcard", "сим карт", "симкарт", "без сим", "симсіз"))

# How many people work at a line (the sources never say).
STAFF: Cue = with_plain_kazakh((
    "how many psychologists", "how many psychologist", "how many lawyers", "how many people work", "how many staff", "how many operators",
    "сколько психолог", "сколько юрист", "юристов работ", "психологов работ", "сколько человек работа", "сколько сотрудник", "сколько оператор",
    "неше психолог", "қанша психолог", "неше заңгер", "қанша заңгер", "неше адам жұмыс", "қанша адам жұмыс",
))

# The QR codes in schools through which children reach 111 ("does the QR code at school lead there?").
QR_CODE: Cue = ("qr",)

# A yes/no question about the event or the Convention ("did they talk about climate?").
YES_NO_START: Cue = ("did", "does", "do", "is", "was", "were", "are", "has", "have", "can")

# "What is an X?", "what does X mean?": a word to define.
DEFINE: Cue = with_plain_kazakh((
    "what is", "what's", "whats", "what are", "what does", "what do", "meaning of", "mean",
    "что такое", "что значит", "что означает", "кто такой", "кто такие", "это что",
    "деген не", "дегеніміз не", "деген кім", "нені білдіреді", "деген сөз", "деген не ол",
))

CUES: Dict[str, Cue] = {
    "define": DEFINE,
    "explain": EXPLAIN, "cost": COST, "hours": HOURS, "private": PRIVATE, "write": WRITE,
    "call_how": CALL_HOW, "advice": ADVICE, "adult": ADULT, "more": MORE,
    "person_unknown": PERSON_UNKNOWN, "not_in_sources": NOT_IN_SOURCES,
    "bare_title": BARE_TITLE, "title_qualifier": TITLE_QUALIFIER,
    "who_answers": WHO_ANSWERS, "when_to_call": WHEN_TO_CALL, "languages": LANGUAGES, "qr": QR_CODE, "since": SINCE, "led": LED, "sim": SIM, "staff": STAFF,
}

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _pattern(forms: Cue) -> re.Pattern[str]:
    parts = []
    for form in forms:
        f = re.escape(form)
        parts.append(rf"(?<![\w']){f}" if _CYRILLIC.search(form) else rf"(?<![\w']){f}(?![\w'])")
    return re.compile("|".join(parts))


def matches(norm: str, forms: Cue) -> bool:
    """The normalised text has one of `forms` (a Cyrillic form also as the start of a word)."""
    return bool(_pattern(forms).search(norm))


def cued(norm: str, cue: str) -> bool:
    """The normalised text has one of the forms of `cue` (a key of CUES)."""
    return bool(_pattern(CUES[cue]).search(norm))


def yes_no(norm: str) -> bool:
    """A yes/no question: 'did they...', 'говорили ли...', '... айтылды ма?'."""
    words = norm.split()
    if not words:
        return False
    return (words[0] in YES_NO_START or "ли" in words[1:3]
            or words[-1] in {"ма", "ме", "ба", "бе", "па", "пе"})
