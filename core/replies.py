"""One reply per kind of thing the knowledge file holds: a module, a person, a topic, a list of
modules or speakers, contacts, the sources, a fixed answer. Rendering only: what the message
points at is decided before (core/resolve.py, core/answers.py).

Quick-reply buttons go only on lists and "which one?" questions: in the terminal every button
set turns the prompt into a menu, which is a nuisance after every answer. Each reply carries
the context it leaves (`object_type`, `module`, `person`, `topic`, `last_answer`: ids, not
words, so it survives a change of language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from core.knowledge.base import Knowledge
from core.knowledge.schema import Answer, Contact, Localized, Module, Person, Topic, tr

CONTEXT_SLOTS = ("object_type", "module", "person", "topic", "last_answer", "entry", "contact",
                 "fallbacks", "cited")


@dataclass
class Reply:
    """What to say (`text`, or a domain `response` Rasa renders in the conversation's language),
    the context it leaves, and which knowledge record it is about (`answer`, an id, sent with
    the reply as metadata for the insights and the tests) and how (`kind`: answer, explain,
    honest, which)."""
    text: str
    context: Dict[str, Optional[str]] = field(default_factory=dict)
    buttons: List[Dict[str, str]] = field(default_factory=list)
    answer: str = ""
    kind: str = "answer"
    response: Optional[str] = None


def button(title: str, payload: Optional[str] = None) -> Dict[str, str]:
    return {"title": title, "payload": payload or title}


def _with_source(k: Knowledge, text: Localized, sources: Sequence[str], lang: str,
                 extra: str = "") -> str:
    body = k.render(text, lang) + (f" {extra}" if extra else "")
    return f"{body}\n{k.cite(sources, lang)}"


def module_reply(k: Knowledge, m: Module, lang: str) -> Reply:
    topics = [tr(t.name, lang) for t in k.topics if t.module == m.number]
    more = k.phrase("module_topics", lang, topics=", ".join(topics)) if topics else ""
    return Reply(_with_source(k, m.text, m.sources, lang, more),
                 {"object_type": "module", "module": str(m.number), "last_answer": "module",
                  "entry": m.id}, answer=m.id)


def person_reply(k: Knowledge, p: Person, quote: bool, lang: str) -> Reply:
    text = p.quote if quote else p.role
    return Reply(_with_source(k, text, p.sources, lang),
                 {"object_type": "person", "person": p.id, "last_answer": "quote" if quote else "role",
                  "entry": p.id}, answer=p.id)


def topic_reply(k: Knowledge, t: Topic, advice: bool, lang: str, adult: bool = False) -> Reply:
    """A topic, or its advice (for an adult the advice for parents and teachers, where it has one)."""
    if advice and t.advice:
        body, last = k.render(t.advice_adult if adult and t.advice_adult else t.advice, lang), "advice"
    else:
        body, last = k.render(t.text, lang), "topic"
        if advice:  # asked for advice on a topic that has none: say so, give what there is
            body = k.phrase("no_advice", lang, topic=tr(t.name, lang).lower(), text=body)
    return Reply(f"{body}\n{k.cite(t.sources, lang)}", topic_context(t, last), answer=t.id)


def topic_context(t: Topic, last: str = "topic") -> Dict[str, Optional[str]]:
    """The context a reply about topic `t` leaves ("tell me more" then gives its advice)."""
    return {"object_type": "topic", "topic": t.id, "module": str(t.module), "last_answer": last, "entry": t.id}


# A disclosure of these kinds is answered with what to do (domain.yml, utter_crisis), and the
# conversation goes on about this topic: "should I write back to them?" is then a follow-up
# (tests/unit/core/test_consistency.py checks the ids are the knowledge file's topics).
DISCLOSURE_TOPICS = {"bullying": "cyberbullying"}


def disclosure_context(k: Knowledge, kind: Optional[str]) -> Dict[str, Optional[str]]:
    """The context a disclosure of `kind` leaves: its topic's, or none."""
    topic = k.topic(DISCLOSURE_TOPICS.get(kind or ""))
    return topic_context(topic) if topic else {}


def _fixed(k: Knowledge, intent: str) -> Answer:
    answer = k.answer_for(intent)
    if answer is None:
        raise KeyError(f"no answer in the knowledge file for intent {intent!r}")
    return answer


def modules_list(k: Knowledge, lang: str) -> Reply:
    a = _fixed(k, "ask_modules")
    lines = [k.render(a.text, lang)] + [f"{m.number}. {tr(m.title, lang)}" for m in k.modules]
    return Reply("\n".join(lines) + "\n" + k.cite(a.sources, lang),
                 {"object_type": "module", "last_answer": "list", "entry": a.id},
                 [button(k.phrase("module_button", lang, number=m.number),
                         k.phrase("module_button_payload", lang, number=m.number)) for m in k.modules],
                 answer=a.id)


def speakers_list(k: Knowledge, lang: str) -> Reply:
    a = _fixed(k, "ask_speakers")
    lines = [k.render(a.text, lang)] + [f"{i}. {tr(p.name, lang)}, {tr(p.title, lang)}"
                                        for i, p in enumerate(k.people, 1)]
    return Reply("\n".join(lines) + "\n" + k.cite(a.sources, lang),
                 {"object_type": "person", "last_answer": "list", "entry": a.id},
                 [button(k.phrase("speaker_button", lang, name=tr(p.name, lang))) for p in k.people],
                 answer=a.id)


def contacts_reply(k: Knowledge, asked: Sequence[Contact], lang: str, short: bool = False) -> Reply:
    """The contacts asked for; `short`: a list of them in their plain short versions (for a child)."""
    a = _fixed(k, "ask_contacts")
    plain = short and len(asked) > 1
    body = [k.render(a.text, lang)] + [k.render(c.short if plain and c.short else c.text, lang) for c in asked]
    sources: List[str] = []
    for c in asked:
        sources += [s for s in c.sources if s not in sources]
    one = asked[0].id if len(asked) == 1 else a.id
    return Reply("\n".join(body) + "\n" + k.cite(sources, lang),
                 {"last_answer": "contacts", "entry": one,
                  "contact": asked[0].id if len(asked) == 1 else None}, answer=one)


def sources_reply(k: Knowledge, lang: str) -> Reply:
    a = _fixed(k, "ask_sources")
    lines = [k.render(a.text, lang)] + [f"- {s.title} ({getattr(s, f'publisher_{lang}', None) or s.publisher})"
                                        for s in k.sources]
    return Reply("\n".join(lines), {"last_answer": "sources", "entry": a.id}, answer=a.id)


def fixed_reply(k: Knowledge, intent: str, lang: str) -> Reply:
    """The knowledge file's answer for `intent` (KeyError if it has none)."""
    a = _fixed(k, intent)
    context: Dict[str, Optional[str]] = {"last_answer": a.id, "entry": a.id}
    if a.person:  # an answer about one person makes "what did she say?" work next
        context.update(object_type="person", person=a.person)
    return Reply(_with_source(k, a.text, a.sources, lang), context, answer=a.id)


def not_found(k: Knowledge, phrase: str, options: List[str], lang: str, adult: bool = False) -> Reply:
    """A "which one did you mean?" reply with the options as buttons (at most 4)."""
    return Reply(k.say(phrase, lang, adult, options="; ".join(options)),
                 buttons=[button(o) for o in options[:4]], answer=phrase, kind="which")
