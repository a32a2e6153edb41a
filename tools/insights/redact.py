"""Personal data out of a message before anyone reads it (the review queue, candidates).

    redact("меня зовут Аружан, мой номер 8 (705) 123-45-67")  ->  "меня зовут [name], мой номер [phone]"

What is replaced, in this order (each by a bracketed tag, so an editor sees what was there):
links and @handles, e-mails; digit runs: a 12-digit IIN, a Kazakh phone number (+7 / 8 / 7
then 10 digits, with spaces, dashes, dots or brackets), any other run of 5 or more digits (card,
document and other phone numbers, dates written as digits); addresses (street, avenue,
micro-district, house, flat words in Russian, Kazakh and English, and what follows them); school
numbers ("школа №45", "45 мектеп", "school 12", "гимназия № 3") and classes ("7Б класс",
"9 «А» сынып", "grade 7B", "из 7Б"); names: the words after "меня зовут", "my name is", "менің
атым" and the like (whatever their case), and anywhere a first name of NAMES or a word with a
Kazakh or Russian surname ending (-ов, -ева, -улы, -қызы, -ova ...) written with a capital.

No detector is perfect: docs/insights.md lists what this misses. Nothing here calls out.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional, Set, Tuple

import yaml

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge" / "knowledge.yml"
_PUBLIC: Optional[Set[str]] = None

L = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"  # letters of the three languages
UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
W = rf"[{L}]"
SEP = r"[\s\-–.()]"
# Common first names (Kazakh, Russian; Cyrillic and Latin). Words that are also ordinary words
# (Арман "dream", Вера, Надежда, Любовь, Роза, Мира, Лев, Ай...) are caught only after a trigger.
NAMES = """Айгерим Аружан Алихан Алия Амина Асель Асылхан Аяна Айдана Айым Акбота Алтынай Ботагоз Гульнар Дана
Даниал Данияр Дарига Диана Дильназ Ерасыл Ержан Ерлан Жанар Жандос Жансая Зарина Ильяс Инкар Камила Карина
Мадина Мади Мерей Нурлан Нурсултан Нуржан Сабина Санжар Султан Томирис Улжан Жасмин Тимур Ислам Абылай Батыр
Анна Мария Иван Дмитрий Алексей Максим Артём Артем Никита Екатерина Анастасия Ольга Наталья Сергей Андрей
Aigerim Aruzhan Alikhan Aliya Amina Assel Aidana Akbota Dana Daniyar Diana Yerassyl Yerlan Zarina Ilyas Kamila
Madina Nurlan Nursultan Sanzhar Sultan Tomiris Ulzhan Timur Abylay Dmitry Alexey Maxim Nikita Ekaterina
Anastasia Olga Natalia Sergey Andrey Петя Саша Маша Даша Ваня Коля Миша Катя Настя Аня Дима Лёша Леша Серёжа
Sasha Masha Dasha Vanya Kolya Misha Katya Nastya Dima""".split()
SURNAME = rf"[{UP}]{W}+(?:ова|ева|ёва|ина|ына|ов|ев|ёв|ин|ын|ский|ская|ұлы|улы|қызы|кызы|ova|eva|ov|ev|in|uly|kyzy)"
TRIGGER = (r"(?:меня\s+зовут|мо[её]\s+имя|моя\s+фамилия|зовут\s+меня|я\s+зовусь|менің\s+(?:атым|есімім|атым\s+)|"
           r"атым|есімім|my\s+name\s+is|my\s+name's|i\s+am\s+called|i'm\s+called|my\s+surname\s+is|"
           r"name\s*:|имя\s*:|аты-жөнім)")
STREET = (r"(?:ул\.|улиц[аеуы]|пр\.|пр-т|проспект\w*|мкр\.?|микрорайон\w*|б-р|бульвар\w*|переул\w*|пер\.|"
          r"д\.|дом\s+(?=\d)|кв\.|квартир\w*\s+(?=\d)|street|st\.|avenue|ave\.|road|apartment|apt\.?|flat\s+(?=\d))")
PATTERNS: List[Tuple[str, re.Pattern[str]]] = [  # the first three are applied before the digits
    ("link", re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:kz|ru|com|org|net)/\S*", re.I)),
    ("email", re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")),
    ("handle", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}\b")),
    ("address", re.compile(r"\b\d+\w?\s+(?:[A-Z][a-z]+\s+){1,2}(?i:street|st\.?|avenue|ave\.?|road|rd\.?|lane)\b")),
    ("address", re.compile(rf"{STREET}\s*(?:{W}[{L}\-]*\.?\s*){{0,2}},?\s*(?:(?:д\.|дом|кв\.|квартира|apt\.?)?\s*\d+"
                           rf"[{L}]?(?:/\d+)?,?\s*){{0,3}}", re.I)),
    ("address", re.compile(rf"(?:[{UP}]{W}+\s+)?{W}+\s+(?:көшесі|даңғылы|шағын\s*ауданы|ықшам\s*ауданы)"
                           rf"(?:[\s,]*\d+[{L}]?(?:\s*(?:үй|пәтер))?)*", re.I)),
    ("address", re.compile(r"\b\d+[\s-]*(?:үй|пәтер)\w*", re.I)),
    ("school", re.compile(rf"(?:школ{W}*|гимнази{W}*|лице{W}*|мектеп{W}*|school|gymnasium|lyceum)\s*"
                          r"(?:№|#|no\.?|номер|nr\.?)?\s*\d+", re.I)),
    ("school", re.compile(rf"(?:№\s*)?\d+\s*(?:-?\s*(?:ші|шы|ская|я|й))?\s*(?:мектеп{W}*|школ{W}*|гимнази{W}*|"
                          r"лице{W}*|school)", re.I)),
    ("school", re.compile(r"№\s*\d+")),
    ("class", re.compile(rf"\b\d{{1,2}}\s*[-–]?\s*[«\"']?[{L}]?[»\"']?\s*(?:класс{W}*|сынып{W}*|grade|class|form)\b",
                         re.I)),
    ("class", re.compile(rf"(?:класс{W}*|сынып{W}*|grade|class|form)\s*\d{{1,2}}\s*[-–]?\s*[{L}]?\b", re.I)),
    ("class", re.compile(rf"\b\d{{1,2}}\s*[-–]?\s*[«\"]?[{UP}][»\"]?(?![{L}])")),
]
_DIGITS = re.compile(rf"(?<![\w+])\+?\s*\d(?:{SEP}{{0,3}}\d){{4,}}")
_AFTER_TRIGGER = re.compile(rf"((?i:{TRIGGER}))(\s*[-–—:]?\s*)({W}[{L}\-']*)((?:\s+[{UP}]{W}*){{0,2}})")
_LISTED = re.compile(r"(?<![\w\[])(?:" + "|".join(sorted(NAMES, key=len, reverse=True)) + rf")(?![{L}])")
_SURNAME = re.compile(rf"(?<![\w\[]){SURNAME}(?![{L}])")


def public_names() -> Set[str]:
    """The words of the names of the people in the knowledge file (speakers, officials): a
    question about them is not personal data."""
    global _PUBLIC
    if _PUBLIC is None:
        try:
            people = yaml.safe_load(KNOWLEDGE.read_text(encoding="utf-8")).get("people") or []
            _PUBLIC = {w for p in people for name in (p.get("name") or {}).values() for w in str(name).split()}
        except (OSError, AttributeError, yaml.YAMLError):
            _PUBLIC = set()
    return _PUBLIC


def _name(m: re.Match[str]) -> str:
    return m.group(0) if m.group(0) in public_names() else "[name]"


def _digits(m: re.Match[str]) -> str:
    raw = m.group(0)
    digits = re.sub(r"\D", "", raw)
    lead = raw[: len(raw) - len(raw.lstrip())]
    if len(digits) == 12 and raw.strip().isdigit():
        return lead + "[iin]"
    if (len(digits) == 11 and digits[0] in "78") or (len(digits) == 10 and digits[0] == "7"):
        return lead + "[phone]"
    if raw.strip().startswith("+") and len(digits) >= 8:
        return lead + "[phone]"
    return lead + "[number]"


def redact(text: str) -> str:
    """`text` with the personal data this module knows replaced by [tags]."""
    text = PATTERNS[0][1].sub("[link]", text)
    text = PATTERNS[1][1].sub("[email]", text)
    text = PATTERNS[2][1].sub("[handle]", text)
    text = _DIGITS.sub(_digits, text)
    for tag, pattern in PATTERNS[3:]:
        text = pattern.sub(lambda m, tag=tag: _keep_space(m.group(0), f"[{tag}]"), text)
    text = _AFTER_TRIGGER.sub(lambda m: m.group(1) + m.group(2) + ("[name]" if not m.group(3).startswith("[")
                                                                   else m.group(3)), text)
    text = _LISTED.sub(_name, text)
    text = _SURNAME.sub(_name, text)
    text = re.sub(r"\[name\](?:\s+\[name\])+", "[name]", text)
    return text


def _keep_space(matched: str, tag: str) -> str:
    """The tag, with the spaces the match ended in (so the next word stays apart)."""
    return tag + matched[len(matched.rstrip()):]


def kinds(text: str) -> List[str]:
    """The tags redact() puts into `text`, in order (for tests and the queue's counts)."""
    return re.findall(r"\[(link|email|handle|iin|phone|number|address|school|class|name)\]", redact(text))
