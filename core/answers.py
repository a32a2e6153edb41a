"""Turn (intent, message text, conversation context) into a reply from the knowledge file.

Quick-reply buttons go only on lists and "which one?" questions: in the terminal every button
set turns the prompt into a menu, which is a nuisance after every answer.

Plain Python, no Rasa: `respond()` is what the actions call and what the unit tests call.
The context is what the slots remember: the kind of thing last talked about (`object_type`),
the last module, person and topic, and which answer was last given about it (`last_answer`),
so that "and the third?", "what did she say?" and "tell me more" resolve. The context holds
ids, not words, so it survives a change of language ("how many modules?" then "ал үшіншісі?").
Every reply is in `lang` (en, ru or kk: the conversation's `language` slot).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional

from actions.knowledge import Knowledge, Module, Person, Topic, normalise, ordinal, tr

CONTEXT_SLOTS = ("object_type", "module", "person", "topic", "last_answer")

# Words that steer the resolution, in the three languages (normalised: lower case, ё as е).
SPEAKER_WORDS = ("speaker", "спикер", "выступ", "докладчик", "сөйле", "сойле", "баяндама")
POINTING_WORDS = ("it", "that", "this", "он", "она", "оно", "его", "ее", "этот", "это", "эта",
                  "ол", "оны", "соны", "бұл", "осы", "бул")
EMERGENCY_STEMS = ("emergenc", "экстрен", "чрезвычай", "шұғыл", "шугыл", "төтенше", "тотенше")


@dataclass
class Reply:
    text: str
    context: Dict[str, Optional[str]] = field(default_factory=dict)
    buttons: List[Dict[str, str]] = field(default_factory=list)


def _button(title: str, payload: Optional[str] = None) -> Dict[str, str]:
    return {"title": title, "payload": payload or title}


def _with_source(k: Knowledge, text, sources, lang: str, extra: str = "") -> str:
    body = k.render(text, lang) + (f" {extra}" if extra else "")
    return f"{body}\n{k.cite(sources, lang)}"


# --- one reply per kind of thing ------------------------------------------------------------------

def module_reply(k: Knowledge, m: Module, lang: str) -> Reply:
    topics = [tr(t.name, lang) for t in k.topics if t.module == m.number]
    more = k.phrase("module_topics", lang, topics=", ".join(topics)) if topics else ""
    return Reply(_with_source(k, m.text, m.sources, lang, more),
                 {"object_type": "module", "module": str(m.number), "last_answer": "module"})


def person_reply(k: Knowledge, p: Person, quote: bool, lang: str) -> Reply:
    text = p.quote if quote else p.role
    return Reply(_with_source(k, text, p.sources, lang),
                 {"object_type": "person", "person": p.id, "last_answer": "quote" if quote else "role"})


def topic_reply(k: Knowledge, t: Topic, advice: bool, lang: str) -> Reply:
    if advice and t.advice:
        body, last = k.render(t.advice, lang), "advice"
    else:
        body, last = k.render(t.text, lang), "topic"
        if advice:  # asked for advice on a topic that has none: say so, give what there is
            body = k.phrase("no_advice", lang, topic=tr(t.name, lang).lower(), text=body)
    return Reply(f"{body}\n{k.cite(t.sources, lang)}",
                 {"object_type": "topic", "topic": t.id, "module": str(t.module), "last_answer": last})


def modules_list(k: Knowledge, lang: str) -> Reply:
    a = k.answer_for("ask_modules")
    lines = [k.render(a.text, lang)] + [f"{m.number}. {tr(m.title, lang)}" for m in k.modules]
    return Reply("\n".join(lines) + "\n" + k.cite(a.sources, lang),
                 {"object_type": "module", "last_answer": "list"},
                 [_button(k.phrase("module_button", lang, number=m.number),
                          k.phrase("module_button_payload", lang, number=m.number)) for m in k.modules])


def speakers_list(k: Knowledge, lang: str) -> Reply:
    a = k.answer_for("ask_speakers")
    lines = [k.render(a.text, lang)] + [f"{i}. {tr(p.name, lang)}, {tr(p.title, lang)}"
                                        for i, p in enumerate(k.people, 1)]
    return Reply("\n".join(lines) + "\n" + k.cite(a.sources, lang),
                 {"object_type": "person", "last_answer": "list"},
                 [_button(k.phrase("speaker_button", lang, name=tr(p.name, lang))) for p in k.people])


def contacts_reply(k: Knowledge, text: str, lang: str) -> Reply:
    a = k.answer_for("ask_contacts")
    asked = k.find_contacts(text)
    if not asked:
        asked = k.crisis_contacts()
        if any(stem in normalise(text) for stem in EMERGENCY_STEMS):
            asked = [k.contact("emergency_112")] + [c for c in k.contacts if not c.crisis]
    body = [k.render(a.text, lang)] + [k.render(c.text, lang) for c in asked]
    sources: List[str] = []
    for c in asked:
        sources += [s for s in c.sources if s not in sources]
    return Reply("\n".join(body) + "\n" + k.cite(sources, lang), {"last_answer": "contacts"})


def sources_reply(k: Knowledge, lang: str) -> Reply:
    a = k.answer_for("ask_sources")
    lines = [k.render(a.text, lang)] + [f"- {s.title} ({s.publisher})" for s in k.sources]
    return Reply("\n".join(lines), {"last_answer": "sources"})


def static_reply(k: Knowledge, intent: str, lang: str) -> Optional[Reply]:
    a = k.answer_for(intent)
    if a is None:
        return None
    context: Dict[str, Optional[str]] = {"last_answer": a.id}
    if a.person:  # an answer about one person makes "what did she say?" work next
        context.update(object_type="person", person=a.person)
    return Reply(_with_source(k, a.text, a.sources, lang), context)


# --- resolution of what the user points at --------------------------------------------------------

def _nth(items: list, n: Optional[int]):
    if n is None:
        return None
    if n == -1:
        return items[-1]
    return items[n - 1] if 1 <= n <= len(items) else None


def _person_from(k: Knowledge, text: str, ctx: Dict[str, Optional[str]]) -> Optional[Person]:
    p = k.find_person(text)
    if p is None and (ctx.get("object_type") == "person"
                      or any(w in normalise(text) for w in SPEAKER_WORDS)):
        p = _nth(k.people, ordinal(text))
    return p or k.person(ctx.get("person"))


def _module_from(k: Knowledge, text: str, ctx: Dict[str, Optional[str]]) -> Optional[Module]:
    n = ordinal(text)
    if n is not None:
        return _nth(k.modules, n)
    m = k.find_module(text)
    if m is None and ctx.get("module") and any(w in normalise(text).split() for w in POINTING_WORDS):
        m = k.module(int(ctx["module"]))
    return m


def _not_found(k: Knowledge, phrase: str, options: List[str], lang: str) -> Reply:
    return Reply(k.phrase(phrase, lang, options="; ".join(options)),
                 buttons=[_button(o) for o in options[:4]])


# --- the entry point ----------------------------------------------------------------------------

def respond(k: Knowledge, intent: str, text: str, ctx: Dict[str, Optional[str]],
            lang: str = "en") -> Reply:
    """The reply to a message of `intent` with this `text`, given the conversation context,
    in `lang`."""
    text = text or ""
    if intent == "ask_modules":
        return modules_list(k, lang)
    if intent == "ask_speakers":
        return speakers_list(k, lang)
    if intent == "ask_contacts":
        return contacts_reply(k, text, lang)
    if intent == "ask_sources":
        return sources_reply(k, lang)
    if intent == "ask_module":
        m = _module_from(k, text, ctx)
        if m is None:
            t = k.find_topic(text)
            m = k.module(t.module) if t else None
        return module_reply(k, m, lang) if m else modules_list(k, lang)
    if intent in ("ask_person", "ask_quote"):
        p = _person_from(k, text, ctx)
        if p is None:
            return _not_found(k, "which_person", [f"{tr(x.name, lang)}, {tr(x.title, lang)}"
                                                  for x in k.people], lang)
        return person_reply(k, p, intent == "ask_quote", lang)
    if intent in ("ask_topic", "ask_advice"):
        t = k.find_topic(text)
        if t is None:
            m = k.find_module(text) if intent == "ask_topic" else None
            if m is not None:
                return module_reply(k, m, lang)
            t = k.topic(ctx.get("topic"))
        if t is None:
            pool = [x for x in k.topics if x.advice] if intent == "ask_advice" else k.topics
            return _not_found(k, "which_topic", [tr(x.name, lang) for x in pool], lang)
        return topic_reply(k, t, intent == "ask_advice", lang)
    if intent == "follow_up":
        return follow_up(k, text, ctx, lang)
    reply = static_reply(k, intent, lang)
    if reply is None:
        raise KeyError(f"no answer in the knowledge file for intent {intent!r}")
    return reply


def follow_up(k: Knowledge, text: str, ctx: Dict[str, Optional[str]], lang: str = "en") -> Reply:
    """'and the third?', 'what about her?', 'tell me more', 'а третий?', 'ал үшіншісі?',
    resolved against the context."""
    kind = ctx.get("object_type")
    quote = ctx.get("last_answer") == "quote"
    p = k.find_person(text)
    if p is not None:
        return person_reply(k, p, quote, lang)
    n = ordinal(text)
    if n is not None:
        if kind == "person":
            p = _nth(k.people, n)
            if p is not None:
                return person_reply(k, p, quote, lang)
        m = _nth(k.modules, n)
        if m is not None:
            return module_reply(k, m, lang)
    t = k.find_topic(text)
    if t is not None:
        return topic_reply(k, t, False, lang)
    # "tell me more": go one step deeper into what was last discussed
    last = ctx.get("last_answer")
    if kind == "person" and k.person(ctx.get("person")):
        return person_reply(k, k.person(ctx.get("person")), last != "quote", lang)
    if kind == "module" and ctx.get("module"):
        m = k.module(int(ctx["module"]))
        if last == "module":
            topics = [x for x in k.topics if x.module == m.number]
            if topics:
                return topic_reply(k, topics[0], False, lang)
        return module_reply(k, m, lang)
    if kind == "topic" and k.topic(ctx.get("topic")):
        t = k.topic(ctx.get("topic"))
        if last == "topic" and t.advice:
            return topic_reply(k, t, True, lang)
        return module_reply(k, k.module(t.module), lang)
    return Reply(k.phrase("not_sure_context", lang),
                 buttons=[_button(k.phrase("ask_modules_button", lang)),
                          _button(k.phrase("ask_speakers_button", lang))])
