"""How the safety net (addons/nlu/safety_net.py) weighs the harm classifier (addons/nlu/harm.py)
against DIET when no crisis pattern matched: plain functions of DIET's intent and ranking, the
harm probabilities and the length of the message; the net applies what they decide.

DIET's `crisis` stays a crisis from CONFIRM up, becomes the gentle check (`unsure`: 150, "are
you in danger?", the correction button) from SOFT up, and below SOFT is what the harm classifier
says it is: distress, or DIET's next choice when DIET gave it NEXT (else off-topic). A message
DIET took for something else is a crisis from RAISE up, and gets the gentle check from CHECK up
when DIET did not understand it or took it for distress or off-topic; not understood or
off-topic, it is distress from SAD up, and not understood the gentle check from SOFT up. Chosen
on crisis_fresh4 in session 7 (docs/crisis.md; now data_harm/).

A message of LONG words or more (a parent tells a situation, then asks) is a crisis from
CONFIRM_LONG up whatever DIET read in its question (and, as a short one, from RAISE up when DIET
read something else): DIET reads the question alone
(addons/nlu/focus.py), the harm classifier the whole message, and everyday worries told at
length ("we were home alone but everything was fine") had made a third of the parents' long
questions a crisis. Below it a long message DIET took for a disclosure stays one only when the
harm classifier finds it more like distress than like an ordinary question, and gets the gentle
check when disclosure and distress together outweigh "other": a child who
tells of sleeping pills taken an hour ago in a message about games is not asking a question
(crisis_fresh11, first read: two such messages were lost when every long message below the
threshold went to distress or DIET's next choice). Chosen in session 10 on crisis_fresh10
and crisis_fresh11 (both read).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Set, Text, Tuple

CRISIS, UNSURE = "crisis", "unsure"
CONFIRM, SOFT, RAISE, CHECK, SAD = 0.3, 0.25, 0.6, 0.4, 0.4
NEXT = 0.3
LONG, CONFIRM_LONG = 20, 0.65
ORDINARY = 0.6  # a long message the harm classifier finds this "other": a crisis pattern does not decide alone
NEVER_UNDONE = frozenset({"selfharm", "sexual", "online"})
DEMOTED = frozenset({"violence", "threat", "bullying", "neglect"})  # the kinds `pattern_stands` may set aside
UNCLEAR = ("nlu_fallback", "distress", "out_of_scope")
Decision = Tuple[Optional[Text], Optional[Text]]  # (intent, crisis kind or None)


def pattern_stands(kinds: Set[Text], harm: Optional[Dict[Text, float]], words: int, mine: bool) -> bool:
    """Whether a crisis pattern's match decides the message. Not in a message of LONG words or
    more that the harm classifier finds ORDINARY "other" (a parent asking about a football bruise,
    a drama club's stage fight: crisis_fresh12, session 12) when every pattern found is one of
    DEMOTED and no word about the writer stands next to a match (`mine`: "... and also my dad
    hits me, so what are the articles?" stays a crisis); then DIET and the harm classifier decide
    as if nothing matched. Of the 377 disclosures of crisis_fresh5, 9, 12 and 13 that a pattern
    found, none scored 0.6 or more "other" (docs/crisis.md, session 12)."""
    if words < LONG or not harm or mine or not kinds <= DEMOTED:
        return True
    return float(harm.get("other") or 0.0) < ORDINARY


# Where bullying told of happens online: a chat, messages, a game, a page, comments.
ONLINE = re.compile(
    r"\b(chats?|group\s+chat|messages?|texts?|texting|online|internet|whatsapp|instagram|insta|tiktok|telegram|"
    r"snapchat|discord|in\s+(the|a)\s+game|game\s+chat|online\s+game|posts?|posting|memes?|dms?|social\s+media|"
    r"fake\s+(page|account|profile)|"
    r"чат\w*|сообщени\w*|переписк\w*|интернет\w*|онлайн\w*|ватсап\w*|инст(а|аграм)\w*|тикток\w*|телеграм\w*|"
    r"в\s+игре|мем(ы|ов|ами|чик\w*)?|сторис|соцсет\w*|аккаунт\w*|"
    r"хабарлама\w*|желі\w*|ойында|парақша\w*|паракша\w*|инстаграм\w*)\b",
    re.IGNORECASE)
BULLIED = 0.8  # the harm classifier this sure of a disclosure: the crisis reply, whatever the words


def bullied_online(text: Text, found: Set[Text], kind: Optional[Text], harm: Optional[Dict[Text, float]]) -> bool:
    """A child mocked or insulted online ("kids keep sending me mean messages on whatsapp",
    "сыныптастарым мені чатта мазақтайды"), or a parent telling of it, with no threat, violence
    or other harm found: the steps of the knowledge file's cyberbullying entry (block, report,
    keep evidence, tell an adult, 150/111) answer it, for the child or for the adult, not the
    crisis reply with its danger question (issue 14; both context sets' writers, who never saw
    the data, expected that entry). `found`: every kind the crisis and `kind_*` patterns found;
    threats, violence, photos or money asked for, self-harm stay a crisis."""
    if kind not in ("bullying", "adult") or found - {"bullying", "adult"} or float((harm or {}).get("crisis") or 0.0) >= BULLIED:
        return False
    if not ONLINE.search(text):
        return False
    from core.knowledge.store import knowledge
    from core.lexicon import normalise
    from core.resolve import best

    topic = best(knowledge().topics, normalise(text))
    return topic is not None and topic.id == "cyberbullying"


def next_choice(ranking: List[Dict[Text, Any]]) -> Text:
    """DIET's first choice that is not a crisis, distress or a fallback, if it gave it NEXT and
    the knowledge file answers it (not a button's intent: "that's not what I meant", "yes")."""
    from core.answers import ACTION, action_for

    for r in ranking:
        name = r.get("name")
        if name not in (CRISIS, "distress", "nlu_fallback"):
            answered = float(r.get("confidence") or 0.0) >= NEXT and action_for(name) == ACTION
            return name if answered else "out_of_scope"
    return "out_of_scope"


def not_crisis(harm: Dict[Text, float], ranking: List[Dict[Text, Any]]) -> Text:
    """DIET's crisis overruled: distress, or DIET's next choice."""
    return "distress" if harm.get("distress", 0.0) >= harm.get("other", 0.0) else next_choice(ranking)


def weigh(current: Optional[Text], harm: Dict[Text, float], ranking: List[Dict[Text, Any]],
          words: int) -> Decision:
    """The intent (and crisis kind) of a message no crisis pattern matched."""
    crisis = float(harm.get("crisis") or 0.0)
    if words >= LONG:
        return _weigh_long(current, harm, ranking)
    if current == CRISIS:
        if crisis >= CONFIRM:
            return current, None
        return (current, UNSURE) if crisis >= SOFT else (not_crisis(harm, ranking), None)
    if crisis >= RAISE or (crisis >= CHECK and current in UNCLEAR):
        return CRISIS, None if crisis >= RAISE else UNSURE
    if current in ("nlu_fallback", "out_of_scope") and harm.get("distress", 0.0) >= SAD:
        return "distress", None  # sad or worried: a warm reply and 150, not "I can't help"
    if current == "nlu_fallback" and crisis >= SOFT:
        return CRISIS, UNSURE
    return current, None


def _weigh_long(current: Optional[Text], harm: Dict[Text, float], ranking: List[Dict[Text, Any]]) -> Decision:
    crisis = float(harm.get("crisis") or 0.0)
    if crisis >= CONFIRM_LONG:
        return CRISIS, None
    other = harm.get("other", 0.0)
    sad = harm.get("distress", 0.0) >= other  # more like a child in trouble than a question
    leaning = crisis + harm.get("distress", 0.0) >= other
    if current == CRISIS:
        if crisis >= CONFIRM and sad:
            return current, None
        if crisis >= SOFT and (leaning or next_choice(ranking) == "out_of_scope"):
            return current, UNSURE
        return not_crisis(harm, ranking), None
    if crisis >= RAISE:
        return CRISIS, None
    if crisis >= CHECK and current in UNCLEAR and sad:
        return CRISIS, UNSURE
    if current in ("nlu_fallback", "out_of_scope") and harm.get("distress", 0.0) >= SAD:
        return "distress", None
    return current, None
