"""Personal data out of review-queue messages (tools/insights/redact.py): tricky inputs in the
three languages, and what must stay (helplines, ages, years, the speakers' public names)."""

import pytest

from tools.insights.redact import kinds, redact


@pytest.mark.parametrize("text, expected", [
    # phone numbers in Kazakh formats
    ("мой номер +7 701 234 56 78", "мой номер [phone]"),
    ("позвони 8 (705) 123-45-67 вечером", "позвони [phone] вечером"),
    ("+7(701)2345678", "[phone]"), ("8-701-234-56-78", "[phone]"), ("87011234567", "[phone]"),
    ("7 701 234 5678 мой", "[phone] мой"), ("тел.: +7 727 2 50 50 50", "тел.: [phone]"),
    ("call +44 20 7946 0958", "call [phone]"), ("8.701.234.56.78", "[phone]"),
    # e-mails, handles, links
    ("write to aidana.s@example.com pls", "write to [email] pls"),
    ("почта: Aru_2010@mail.ru", "почта: [email]"), ("мой инста @aru_2010", "мой инста [handle]"),
    ("see https://vk.com/id12345", "see [link]"),
    # IIN and other long digit runs
    ("мой ИИН 080215600123 проверь", "мой ИИН [iin] проверь"), ("ЖСН: 100515500321", "ЖСН: [iin]"),
    ("card 4400 4301 2345 6789", "card [number]"), ("родилась 15 05 2012", "родилась [number]"),
    # names
    ("меня зовут Аружан, мне 12", "меня зовут [name], мне 12"),
    ("меня зовут аружан и я боюсь", "меня зовут [name] и я боюсь"),
    ("my name is Aidana Serikova and I need help", "my name is [name] and I need help"),
    ("менің атым Данияр", "менің атым [name]"), ("Менің есімім Әлихан", "Менің есімім [name]"),
    ("Иванов Петя обижает меня", "[name] обижает меня"), ("Сериков мне пишет", "[name] мне пишет"),
    ("Aigerim said that", "[name] said that"), ("Нұрланұлы жазды", "[name] жазды"),
    # addresses
    ("живу на ул. Абая, д. 10, кв. 5", "живу на [address]"), ("мкр Самал-2, дом 5", "[address]"),
    ("Абай көшесі 15, 3 пәтер", "[address]"), ("I live at 12 Baker Street", "I live at [address]"),
    # schools and classes
    ("я учусь в школе №45", "я учусь в [school]"), ("школа № 12", "[school]"), ("гимназия 3", "[school]"),
    ("мен 45 мектепте оқимын", "мен [school] оқимын"), ("i go to school 12", "i go to [school]"),
    ("7Б класс", "[class]"), ("в 9 «А» классе", "в [class]"), ("7 Б класс", "[class]"),
    ("5 сыныпта оқимын", "[class] оқимын"), ("I'm in grade 7B", "I'm in [class]"), ("я из 7Б", "я из [class]"),
])
def test_personal_data_is_replaced(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "call 150 or 111, in danger 112", "the meeting had 50 ombudsmen in 2024", "мне 12 лет",
    "what is the UN convention", "who is Dinara Zakieva", "что сказала Динара Закиева",
    "кто такой омбудсмен?", "Кибербуллинг деген не?", "what did the third one say?",
    "модуль 2", "Article 19 of the Convention",
])
def test_what_is_not_personal_stays(text):
    assert redact(text) == text


def test_every_kind_is_reported_in_order():
    found = kinds("меня зовут Аружан, +7 701 234 56 78, a@b.kz, школа №5, 7Б")
    assert sorted(found) == sorted(["name", "phone", "email", "school", "class"])
