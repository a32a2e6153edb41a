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

from typing import Any, Dict, List, Optional, Text, Tuple

CRISIS, UNSURE = "crisis", "unsure"
CONFIRM, SOFT, RAISE, CHECK, SAD = 0.3, 0.25, 0.6, 0.4, 0.4
NEXT = 0.3
LONG, CONFIRM_LONG = 20, 0.65
UNCLEAR = ("nlu_fallback", "distress", "out_of_scope")
Decision = Tuple[Optional[Text], Optional[Text]]  # (intent, crisis kind or None)


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
