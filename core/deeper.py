"""Follow-ups the classifier recognised as such ("and the third?", "what about her?", "tell me
more", "а третий?", "ал үшіншісі?"): resolved against the context the last reply left
(core/replies.py CONTEXT_SLOTS). The `follow_up` handler of core/answers.py's routing table.
"""

from __future__ import annotations

from core.knowledge.base import Knowledge
from core.knowledge.schema import Answer
from core.replies import Reply, button, contacts_reply, fixed_reply, module_reply, person_reply, topic_reply
from core.resolve import nth
from core.understand import Turn


def follow_up(k: Knowledge, t: Turn) -> Reply:
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
    if t.said.contacts:  # "and for a fire?", "а полиции?" after a number
        return contacts_reply(k, t.said.contacts, lang)
    return deeper(k, t)


def deeper(k: Knowledge, t: Turn) -> Reply:
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
    entry = k.record(t.ctx.get("entry"))
    if isinstance(entry, Answer) and entry.intents:
        return fixed_reply(k, entry.intents[0], lang)  # after one part of it: the whole answer
    return Reply(k.say("not_sure_context", lang, t.adult),
                 buttons=[button(k.phrase("ask_modules_button", lang)),
                          button(k.phrase("ask_speakers_button", lang))], answer="clarify", kind="honest")
