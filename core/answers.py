"""Which intent is answered how, in one table, and the answer to one message.

`ROUTES` is the only place intent routing is written: an intent is answered either by a
domain response (domain.yml, no action server needed: the crisis reply, the fallbacks, small
talk) or by `action_answer` through a handler here, from the knowledge file. data/rules.yml is
generated from it (python -m tools.rules) and a test checks the rules, the domain's intents
and the knowledge entries against it.

`respond()` is what the action calls and what the unit tests call: (intent, text, context,
language) -> Reply. The context is what the slots remember (core/replies.py, CONTEXT_SLOTS), so
that "and the third?", "what did she say?" and "tell me more" resolve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple, Union

from core.contact_parts import CONTACT_PART, contact_reply, part_cue
from core.cues import SPEAKER_GROUPS, matches, yes_no
from core.deeper import deeper, follow_up
from core.focus import courtesy
from core.knowledge.base import Knowledge
from core.knowledge.schema import tr
from core.lexicon import DEFAULT
from core.parts import cite_once, first_answer, sources_first
from core.replies import (
    Reply,
    button,
    contacts_reply,
    fixed_reply,
    module_reply,
    modules_list,
    not_found,
    person_reply,
    speakers_list,
    topic_reply,
)
from core.resolve import Context, Mentions, contacts_asked, module_from, person_from
from core.understand import (
    FACT_INTENTS,
    NEAR_CHECKED,
    SHORT,
    UNSURE,
    Turn,
    defined_word,
    explain_reply,
    honest,
    in_context,
    names_something,
    near_miss,
    unknown_about,
    with_definition,
)
from core.vocabulary import Vocabulary

ACTION = "action_answer"  # the custom action that calls respond()


Handler = Callable[[Knowledge, Turn], Reply]


@dataclass(frozen=True)
class Response:
    """An intent answered by a domain response, with the rule's description and the actions
    that follow it in the same turn."""
    name: str
    rule: str
    then: Tuple[str, ...] = ()


# --- handlers of action_answer ------------------------------------------------------------------

def _fixed(k: Knowledge, t: Turn) -> Reply:
    return fixed_reply(k, t.intent, t.lang)


def _module(k: Knowledge, t: Turn) -> Reply:
    m = module_from(t.said, t.ctx)
    if m is None:
        topic = t.said.topic
        m = k.module(topic.module) if topic else None
    return module_reply(k, m, t.lang) if m else modules_list(k, t.lang)


def _person(k: Knowledge, t: Turn) -> Reply:
    p = person_from(t.said, t.ctx)
    if p is None:
        return not_found(k, "which_person", [f"{tr(x.name, t.lang)}, {tr(x.title, t.lang)}"
                                             for x in k.people], t.lang, t.adult)
    return person_reply(k, p, t.intent == "ask_quote", t.lang)


def _contacts(k: Knowledge, t: Turn) -> Reply:
    """The contacts asked for; of one named contact, the one fact asked ("is 150 free?", "can I
    write to 111?", "does 150 have a Telegram bot?": core/contact_parts.py)."""
    short = len(t.said.norm.split()) <= SHORT  # a long question about a line gets the whole line
    cue = part_cue(t.said.norm) if len(t.said.contacts) == 1 and short else None
    if cue is not None:
        return contact_reply(k, t.said.contacts[0], t.lang, cue)
    return contacts_reply(k, contacts_asked(t.said), t.lang, short=not t.adult)


def _speakers(k: Knowledge, t: Turn) -> Reply:
    """The list of speakers; the one speaker named, or of the one group named ("who from UNICEF
    spoke?", "кто из детей выступал?")."""
    if t.said.person is not None:  # "what words of Zakharenko are quoted?": what the person said
        return person_reply(k, t.said.person, True, t.lang)
    groups = [pid for pid, cue in SPEAKER_GROUPS.items() if matches(t.said.norm, cue)]
    person = k.person(groups[0]) if len(groups) == 1 else None
    return person_reply(k, person, False, t.lang) if person else speakers_list(k, t.lang)


def _topic(k: Knowledge, t: Turn) -> Reply:
    advice = t.intent == "ask_advice"
    topic = t.said.topic
    if topic is None:
        m = t.said.module if not advice else None
        if m is not None:
            return module_reply(k, m, t.lang)
        topic = k.topic(t.ctx.get("topic"))
    if topic is None:
        pool = [x for x in k.topics if x.advice] if advice else k.topics
        return not_found(k, "which_topic", [tr(x.name, t.lang) for x in pool], t.lang, t.adult)
    return topic_reply(k, topic, advice, t.lang, t.adult)


def _unsure(k: Knowledge, t: Turn) -> Reply:
    """What the classifier was unsure of: what the message names, unless a near miss; else honest."""
    said = t.said
    if names_something(said) and not near_miss(t, strict=True):
        if said.person is not None:
            return person_reply(k, said.person, False, t.lang)
        if said.module is not None or said.ordinal is not None:
            return _module(k, t)
        if said.topic is not None:
            return topic_reply(k, said.topic, False, t.lang)
        if said.contacts:
            return contacts_reply(k, said.contacts, t.lang)
    word = defined_word(k, t)  # "конвенция деген не?" below the threshold: the Convention
    if word is not None and not near_miss(t):
        return with_definition(k, t, word)
    return honest(k, t, near=t.intent == "out_of_scope")


def _courtesy(k: Knowledge, t: Turn, reply: Reply) -> Reply:
    """Instead of "I didn't understand": a thanks with a statement that asks nothing ("Thank you,
    that settles my worries.") gets the thanks with 150 for any worry, a greeting with who is
    writing ("Hello, I teach 7th grade.") the greeting. Not after a disclosure (its honest reply
    gives the helplines), not when the message names something."""
    if (reply.kind != "honest" or reply.answer not in ("honest", "clarify") or reply.response
            or t.intent not in UNSURE or t.ctx.get("disclosed") or names_something(t.said)):
        return reply
    opener = courtesy(t.said.text)
    if opener == "thank":
        return Reply(k.say("thank_open", t.lang, t.adult), {}, answer="thank", kind="small_talk")
    if opener == "greet":
        return Reply("", {}, answer="greet", kind="small_talk", response="utter_greet")
    return reply


def _explain(k: Knowledge, t: Turn) -> Reply:
    """'why?', 'what does that mean?', 'say it simpler': the last answer in plain words."""
    rec = k.record(t.ctx.get("entry"))
    if rec is None:
        said = t.said
        rec = said.person or said.topic or said.module or (said.contacts[0] if said.contacts else None)
    if rec is None:
        return deeper(k, t)
    return explain_reply(k, rec, t)


# --- the routing table ----------------------------------------------------------------------------

ROUTES: Dict[str, Union[Response, Handler]] = {
    # Domain responses: answered by Rasa itself, also with the action server down.
    # The crisis conversation (more rules in data/crisis.yml): a disclosure gets a warm reply
    # fitted to its kind, the helplines and "are you in danger right now?"; the action server,
    # when it is up, remembers it (a second one is answered shorter).
    "crisis": Response("utter_crisis",
                       "a disclosure of harm gets the helplines at once, whatever else is going on",
                       then=("action_note_disclosure",)),
    "safe_word": Response("utter_helplines",
                          "the safe word (SOS, help, помогите, көмек, /help) brings the helplines back in any state"),
    "crisis_danger": Response("utter_crisis_danger",
                              "in danger now: 112 first and what to tell the dispatcher, then 150 and 111"),
    "crisis_talk": Response("utter_crisis_talk", "to talk to a person: 150, 111, then docs/handoff.md", ("action_handoff",)),
    "crisis_correction": Response("utter_crisis_sorry",
                                  "a wrong guess is corrected: an apology, and back to normal"),
    "distress": Response("utter_distress",
                         "sad, lonely or worried without danger: a warm reply and 150, no emergency number"),
    "set_language": Response("utter_language_set",
                             "the user chooses a language (\"/lang ru\", \"speak Russian\"); the slot is already set"),
    "feedback": Response("utter_feedback_thanks",
                         "a 👍/👎 on an answer is stored as the intent and entity of the message; a short thanks"),
    "greet": Response("utter_greet", "greet"),
    "goodbye": Response("utter_goodbye", "goodbye"),
    "thank": Response("utter_thank", "thank"),
    "bot_challenge": Response("utter_bot_challenge", "say it is a bot when asked"),
    "ask_capabilities": Response("utter_capabilities", "capabilities"),
    "affirm": Response("utter_ack", "a bare yes (after the danger question: data/crisis.yml)"),
    "deny": Response("utter_ack", "a bare no (after the danger question: data/crisis.yml)"),
    # Fact questions: action_answer, from knowledge/knowledge.yml.
    "ask_event": _fixed,
    "ask_attendance": _fixed,
    "ask_modules": lambda k, t: modules_list(k, t.lang),
    "ask_module": _module,
    "ask_speakers": lambda k, t: _speakers(k, t),
    "ask_person": _person,
    "ask_quote": _person,
    "follow_up": follow_up,
    "ask_convention": _fixed,
    "ask_convention_principles": _fixed,
    "ask_child_rights": _fixed,
    "ask_world_childrens_day": _fixed,
    "ask_topic": _topic,
    "ask_advice": _topic,
    "ask_contacts": lambda k, t: _contacts(k, t),
    "ask_ombudsman": _fixed,
    "ask_unicef": _fixed,
    "ask_children_count": _fixed,
    "ask_sources": lambda k, t: sources_first(k, t.ctx, t.lang),
    # Not understood, or off-topic: resolved against the conversation if it can be, else what
    # the message names, else the honest reply (core/understand.py). With the action server
    # down the channel's notice gives the helplines instead.
    "nlu_fallback": lambda k, t: _unsure(k, t),
    "out_of_scope": lambda k, t: _unsure(k, t),
    "explain": lambda k, t: _explain(k, t),
}


def action_for(intent: str) -> Optional[str]:
    """The action that answers `intent`: a domain response's name or ACTION; None if unrouted."""
    route = ROUTES.get(intent)
    if route is None:
        return None
    return route.name if isinstance(route, Response) else ACTION


def respond(k: Knowledge, intent: str, text: str, ctx: Context, lang: str = DEFAULT,
            confidence: float = 1.0, vocab: Optional[Vocabulary] = None) -> Reply:
    """The reply to a message of `intent` with this `text` in `lang`: in the context of the last
    answer (core/understand.py), else checked (a near miss gets the honest reply), else by the
    routing table. KeyError for an intent action_answer does not answer."""
    route = ROUTES.get(intent)
    if route is None or isinstance(route, Response):
        raise KeyError(f"no answer in the knowledge file for intent {intent!r}")
    t = Turn(intent, Mentions(k, text or ""), ctx, lang, confidence, vocab)
    checked = intent in FACT_INTENTS or intent in UNSURE
    reply = _not_covered(k, t) if checked and near_miss(t, weak=False) else in_context(k, t)
    if reply is None and intent in NEAR_CHECKED and near_miss(t):
        reply = _not_covered(k, t)
    if reply is None and intent in ("ask_event", "ask_attendance") and yes_no(t.said.norm) and t.said.topic:
        reply = topic_reply(k, t.said.topic, False, lang, t.adult)  # "did they talk about climate?"
        reply.text = k.phrase("yes", lang) + " " + reply.text
        return reply
    if reply is None:
        reply = route(k, t)
        if reply.kind == "answer":
            reply = unknown_about(k, reply, t)
        whole = reply
        reply = first_answer(k, reply, t.said.norm, lang, t.adult)  # the exact answer first
        if (yes_no(t.said.norm) and reply.kind == "answer" and intent in FACT_INTENTS
                and len(t.said.norm.split()) <= SHORT  # of a long message, "Yes." would answer a guess
                and reply.context.get("last_answer") != CONTACT_PART):  # one fact of a line: no "Yes." ("is 150 paid?")
            reply.text = k.phrase("yes", lang) + " " + reply.text
        elif reply is whole:
            reply = with_definition(k, t, reply)
    reply = _courtesy(k, t, reply)
    if reply.kind != "honest":
        reply.context["fallbacks"] = None
    return cite_once(k, reply, t.ctx, t.lang)


def follow_up_of(k: Knowledge, text: str, ctx: Context, lang: str = DEFAULT) -> Optional[Reply]:
    """The answer to a short message that only makes sense after the previous answer, or None
    (for a message the classifier only leaned to read as a disclosure: core/understand.py)."""
    if not ctx.get("entry"):
        return None
    reply = in_context(k, Turn("nlu_fallback", Mentions(k, text or ""), ctx, lang))
    if reply is not None:
        reply.context["fallbacks"] = None
    return reply


def _not_covered(k: Knowledge, t: Turn) -> Reply:
    """A near miss: honest, and for a yes/no question "no, the sources do not say so"."""
    if yes_no(t.said.norm):
        reply = honest(k, t, near=True)
        if reply.response is None and reply.answer == "honest":
            reply.text = k.say("no_not_in_sources", t.lang, t.adult)
            reply.buttons = [button(k.phrase(b, t.lang)) for b in ("ask_modules_button", "ask_speakers_button")]
        return reply
    return honest(k, t, near=True)
