"""The shapes of a question about something next to the domain that the sources do not cover
(read by core/understand.py `near_miss`): a preposition or a Kazakh case ending before a word the
domain does not know, a number we do not have, one region by name.
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
KAZAKH_GENITIVE = re.compile(r"(\w{3,}?)(дың|дің|тың|тің|ның|нің|дин|нин|тин)$")
NUMBER = re.compile(r"(?<![\w/])\d{2,6}(?![\w/])")  # "school 12", not "#u0m5" or "24/7"
# A region by its name ("Карагандинской области", "Алматы облысының", "the Almaty region"):
# the sources speak of the regional ombudsmen together (in all 20 regions), never of one.
REGION = re.compile(r"(\w+)(ской|ская|скую|ского) обл|(\w+) облыс(ы|ының|ында|ындағы|ынан)(?!\w)"
                     r"|(\w+) (region|oblast)(?!\w)")
EVERY = frozenset({"every", "each", "all", "20", "the", "a", "your", "my", "our", "which", "what", "this",
                    "any", "per", "their", "his", "her", "that", "one", "same",
                    "әр", "ар", "әрбір", "арбир", "барлық", "барлык", "қай", "кай", "біздің", "бiздiң", "биздин",
                    "кез", "осы", "менің", "менин", "сол", "өз", "каждой", "какой", "вашей", "нашей", "этой", "любой"})
