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

from core.knowledge.base import Knowledge
from core.knowledge.schema import tr
from core.lexicon import DEFAULT
from core.replies import (
    Reply,
    button,
    contacts_reply,
    fixed_reply,
    module_reply,
    modules_list,
    not_found,
    person_reply,
    sources_reply,
    speakers_list,
    topic_reply,
)
from core.resolve import Context, Mentions, contacts_asked, module_from, nth, person_from

ACTION = "action_answer"  # the custom action that calls respond()


@dataclass(frozen=True)
class Turn:
    """One message to answer: its intent, what it names, the conversation's context."""
    intent: str
    said: Mentions
    ctx: Context
    lang: str


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
                                             for x in k.people], t.lang)
    return person_reply(k, p, t.intent == "ask_quote", t.lang)


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
        return not_found(k, "which_topic", [tr(x.name, t.lang) for x in pool], t.lang)
    return topic_reply(k, topic, advice, t.lang)


def _follow_up(k: Knowledge, t: Turn) -> Reply:
    """'and the third?', 'what about her?', 'tell me more', 'а третий?', 'ал үшіншісі?',
    resolved against the context."""
    kind, last, lang = t.ctx.get("object_type"), t.ctx.get("last_answer"), t.lang
    quote = last == "quote"
    if t.said.person is not None:
        return person_reply(k, t.said.person, quote, lang)
    n = t.said.ordinal
    if n is not None:
        p = nth(k.people, n) if kind == "person" else None
        if p is not None:
            return person_reply(k, p, quote, lang)
        m = nth(k.modules, n)
        if m is not None:
            return module_reply(k, m, lang)
    if t.said.topic is not None:
        return topic_reply(k, t.said.topic, False, lang)
    return _deeper(k, t)


def _deeper(k: Knowledge, t: Turn) -> Reply:
    """"tell me more": one step deeper into what was last discussed."""
    kind, last, lang = t.ctx.get("object_type"), t.ctx.get("last_answer"), t.lang
    person = k.person(t.ctx.get("person"))
    if kind == "person" and person:
        return person_reply(k, person, last != "quote", lang)
    module = k.module(int(t.ctx["module"] or 0)) if kind == "module" and t.ctx.get("module") else None
    if module:
        topics = [x for x in k.topics if x.module == module.number]
        if last == "module" and topics:
            return topic_reply(k, topics[0], False, lang)
        return module_reply(k, module, lang)
    topic = k.topic(t.ctx.get("topic")) if kind == "topic" else None
    if topic:
        if last == "topic" and topic.advice:
            return topic_reply(k, topic, True, lang)
        parent = k.module(topic.module)
        if parent:
            return module_reply(k, parent, lang)
    return Reply(k.phrase("not_sure_context", lang),
                 buttons=[button(k.phrase("ask_modules_button", lang)),
                          button(k.phrase("ask_speakers_button", lang))])


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
    "crisis_talk": Response("utter_crisis_talk", "to talk to a person: 150 and 111, and how they work"),
    "crisis_correction": Response("utter_crisis_sorry",
                                  "a wrong guess is corrected: an apology, and back to normal"),
    "distress": Response("utter_distress",
                         "sad, lonely or worried without danger: a warm reply and 150, no emergency number"),
    "nlu_fallback": Response("utter_cant_help", "low NLU confidence gets an honest \"I didn't understand\""),
    "out_of_scope": Response("utter_out_of_scope", "off-topic requests get an honest \"I can't help with that\""),
    "set_language": Response("utter_language_set",
                             "the user chooses a language (\"/lang ru\", \"speak Russian\"); the slot is already set"),
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
    "ask_speakers": lambda k, t: speakers_list(k, t.lang),
    "ask_person": _person,
    "ask_quote": _person,
    "follow_up": _follow_up,
    "ask_convention": _fixed,
    "ask_convention_principles": _fixed,
    "ask_child_rights": _fixed,
    "ask_world_childrens_day": _fixed,
    "ask_topic": _topic,
    "ask_advice": _topic,
    "ask_contacts": lambda k, t: contacts_reply(k, contacts_asked(t.said), t.lang),
    "ask_ombudsman": _fixed,
    "ask_unicef": _fixed,
    "ask_sources": lambda k, t: sources_reply(k, t.lang),
}


def action_for(intent: str) -> Optional[str]:
    """The action that answers `intent`: a domain response's name or ACTION; None if unrouted."""
    route = ROUTES.get(intent)
    if route is None:
        return None
    return route.name if isinstance(route, Response) else ACTION


def respond(k: Knowledge, intent: str, text: str, ctx: Context, lang: str = DEFAULT) -> Reply:
    """The reply to a message of `intent` with this `text`, given the conversation context,
    in `lang`. KeyError for an intent action_answer does not answer."""
    route = ROUTES.get(intent)
    if route is None or isinstance(route, Response):
        raise KeyError(f"no answer in the knowledge file for intent {intent!r}")
    return route(k, Turn(intent, Mentions(k, text or ""), ctx, lang))
