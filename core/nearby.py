"""The shapes of a question about something next to the domain that the sources do not cover
(read by core/understand.py `near_miss`): a preposition or a Kazakh case ending before a word the
domain does not know, a number we do not have, one region or city by name, a named day other
than World Children's Day.
"""

from __future__ import annotations

import re

# A word no question of the domain uses, right after "in", "of", "for" ("the ombudsman of
# Russia", "a helpline for pets", "юнисеф в Сирии") or with a Kazakh locative ending
# ("Өзбекстандағы"), is what the question is about.
PREPOSITIONS = frozenset({"in", "of", "for", "from", "at", "в", "во", "из", "для", "у", "про"})
KAZAKH_LOCATIVE = re.compile(r"(дағы|дегі|тағы|тегі|дагы|деги|тагы|теги)$")
# ... or with a genitive ending on a stem the domain does not know either ("Ресейдің", "ресейдин"
# омбудсмені; not "күннің", whose stem "күн" it knows): the place or body asked about
KAZAKH_GENITIVE = re.compile(r"(\w{3,}?)(дың|дің|тың|тің|ның|нің|дин|нин|тин|да|де|та|те)$")
# A named day other than World Children's Day ("Teachers' Day", "день учителя", "Мұғалімдер күні")
# (the day's name: an English word before "day", a Russian genitive after "день" not "в день" / "за
# день" / "в этот день", a Kazakh word before "күні"), unless the message names our day too
DAY = re.compile(r"(?<![\w'])([a-z']{3,}) day(?![\w'])|(?<![\w'])(?<!в )(?<!за )(?<!на )(?<!раз в )день ([а-яё]{4,})"
                 r"|(?<![\w'])([а-яәғқңөұүһі]{4,}) күні(?![\w'])")
OUR_DAY = frozenset({
    "children's", "childrens", "children", "child's", "childs", "world", "that", "this", "what", "which", "the",
    "weekend", "week", "every", "whole", "working", "holiday", "sunday", "saturday", "monday",
    "a", "same", "each", "one", "per", "school", "next", "last", "first", "any", "other",
    "ребенка", "ребёнка", "детей", "этот", "тот", "какой", "который", "каждый", "весь", "рождения", "недели",
    "балалар", "бала", "дүниежүзілік", "сол", "осы", "қай", "қандай", "бүгін", "туған", "кай", "кандай",
})
NUMBER = re.compile(r"(?<![\w/])\d{2,6}(?![\w/])")  # "school 12", not "#u0m5" or "24/7"
# A region by its name ("Карагандинской области", "Алматы облысының", "the Almaty region"):
# the sources speak of the regional ombudsmen together (in all 20 regions), never of one.
REGION = re.compile(r"(\w+)(ской|ская|скую|ского) обл|(\w+) облыс(ы|ының|ында|ындағы|ынан)(?!\w)"
                     r"|(\w+) (region|oblast)(?!\w)|(\w+) (қаласы|қаласының|қаласында|қаласындағы|city)(?!\w)"
                     r"|город[аеу]? (\w+)")
EVERY = frozenset({"every", "each", "all", "20", "the", "a", "your", "my", "our", "which", "what", "this",
                    "any", "per", "their", "his", "her", "that", "one", "same",
                    "әр", "ар", "әрбір", "арбир", "барлық", "барлык", "қай", "кай", "біздің", "бiздiң", "биздин",
                    "кез", "осы", "менің", "менин", "сол", "өз", "каждой", "какой", "вашей", "нашей", "этой", "любой"})
CHILDRENS_DAY = frozenset({"children's", "childrens", "children", "child's", "childs", "ребенка", "ребёнка",
                           "балалар", "бала"})  # the day the sources are about, named in the message
