"""What the synthetic conversations of generate.py say: one question per answer and language,
fallback, off-topic and crisis messages. Every two different texts here are less alike than a
rephrasing (tests check it), and `rephrase` makes one that is a rephrasing, so the generator
knows its counts without measuring them. The fallback texts carry made-up personal data for the
review queue's redaction to remove (no real person, phone number or IIN).
"""

# answer id -> (intent, {language: question})
QUESTIONS = {
    "helpline_150": ("ask_contacts", {"en": "what number is the children's helpline",
                                      "ru": "какой номер у детского телефона доверия",
                                      "kk": "балалар сенім телефонының нөмірі қандай"}),
    "attendance": ("ask_attendance", {"en": "how many ombudsmen attended the meeting",
                                      "ru": "сколько омбудсменов приехало на встречу",
                                      "kk": "кездесуге қанша омбудсмен қатысты"}),
    "modules": ("ask_modules", {"en": "list the modules of the event",
                                "ru": "перечисли модули мероприятия",
                                "kk": "іс-шараның модульдерін ата"}),
    "convention": ("ask_convention", {"en": "explain the UN convention",
                                      "ru": "объясни конвенцию ООН",
                                      "kk": "БҰҰ конвенциясын түсіндір"}),
    "cyberbullying": ("ask_topic", {"en": "someone posts mean memes about a classmate",
                                    "ru": "что такое кибербуллинг",
                                    "kk": "кибербуллинг деген не"}),
    "speakers": ("ask_speakers", {"en": "who spoke at the event",
                                  "ru": "кто выступал на встрече",
                                  "kk": "жиында кімдер сөйледі"}),
}
FALLBACK = {
    "en": ["my name is Aidana Serikova and my phone is +7 701 234 56 78",
           "write to aidana.s@example.com pls",
           "i study at school №45 in 7B grade",
           "xyzzy qwerty blorp"],
    "ru": ["меня зовут Аружан, мой номер 8 (705) 123-45-67",
           "мой ИИН 080215600123 проверь",
           "я учусь в школе № 12, 9А класс, живу на ул. Абая, д. 10",
           "ъъъ ыыы"],
    "kk": ["менің атым Данияр, телефоным 87011234567",
           "мен 45 мектепте оқимын",
           "қққ ңңң"],
}
OUT_OF_SCOPE = {"en": ["recommend a good pizza place", "what is the weather tomorrow"],
                "ru": ["посоветуй хороший фильм", "какая завтра погода"],
                "kk": ["маған ән айтып бер"]}
CRISIS = {"en": "my stepdad hits me", "ru": "отчим меня бьет", "kk": "өгей әкем мені ұрады"}
DISTRESS = {"en": "i feel so lonely", "ru": "мне очень одиноко", "kk": "мен өте жалғызбын"}
AFFIRM = {"en": "yes", "ru": "да", "kk": "иә"}
CORRECTION = {"en": "that's not what I meant", "ru": "я не это имел в виду", "kk": "мен оны айтқым келмеді"}
KINDS = ("violence", "adult", "online", "selfharm", "sexual", "threat", "neglect", "friend")
ANSWER_TEXT = {"en": "Here is what the sources say. Source: UNICEF Kazakhstan.",
               "ru": "Вот что говорят источники. Источник: ЮНИСЕФ Казахстан.",
               "kk": "Дереккөздер осылай дейді. Дереккөз: ЮНИСЕФ Қазақстан."}
SUFFIX = {"en": " please tell me", "ru": " скажи пожалуйста", "kk": " айтшы өтінемін"}


def rephrase(text: str, lang: str) -> str:
    """The same question in other words: what a child types when the answer did not help."""
    return text + SUFFIX[lang]


def all_texts():
    """Every text the generator can send, but rephrasings and commands."""
    for _intent, by_lang in QUESTIONS.values():
        yield from by_lang.values()
    for pool in (FALLBACK, OUT_OF_SCOPE):
        for texts in pool.values():
            yield from texts
    for pool in (CRISIS, DISTRESS, AFFIRM, CORRECTION):
        yield from pool.values()
