"""Follow-ups about a contact (a helpline or an emergency number): one fact of it ("is it
free?", "since when?", "the QR code at school?"), "tell me more" after it, and one fact of each
helpline after the list of them. Called by core/understand.py `in_context`; the parts are the
knowledge file's (`parts:` of a contact), the words that ask for them are core/cues.py's.
"""

from __future__ import annotations

from typing import Optional, Sequence

from core.cues import cued
from core.knowledge.base import Knowledge
from core.knowledge.schema import Contact
from core.lexicon import LANGUAGES, normalise
from core.replies import Reply, contacts_reply
from core.resolve import Context

CONTACT_PART = "contact_part"  # the `last_answer` of one fact of a contact ("is it free?")
# cue (core/cues.py) -> part of a contact; the first cue found wins ("since when does it work?"
# asks since when, not the hours)
PART_OF_CUE = {"staff": "staff", "sim": "without_sim", "since": "since", "cost": "cost", "hours": "hours", "private": "confidential",
               "write": "how_to_write", "call_how": "what_to_say", "who_answers": "who_answers",
               "when_to_call": "when_to_call", "languages": "languages", "qr": "where"}


def part_cue(norm: str) -> Optional[str]:
    """The cue of PART_OF_CUE the normalised message uses, or None; None too when it asks for two
    facts ("how do children reach it through the QR codes, and since when?": the whole line).
    "Since when does it work?" asks since when, not the hours."""
    found = [c for c in PART_OF_CUE if cued(norm, c)]
    if "since" in found and "hours" in found:
        found.remove("hours")
    return found[0] if len(found) == 1 else None


# What a line's entry either says as a part or does not say at all ("does 150 have a Telegram
# bot?", "since when does 150 work?"): without the part, the honest "my sources don't say".
UNSAID = frozenset({"write", "since", "languages", "sim", "staff"})


def contact_reply(k: Knowledge, c: Contact, lang: str, cue: str) -> Reply:
    """The one fact asked of a contact ("is it free?"), else the whole contact; asked what it
    does not say, "my sources don't say that", the contact and a line that does say it (for
    "can I write to 150?": 111 answers messages)."""
    name = PART_OF_CUE[cue]
    part = (c.parts or {}).get(name)
    if part:
        reply = contacts_reply(k, [c], lang)
        reply.text = k.render(part, lang) + "\n" + k.cite(c.sources, lang)
        reply.context["last_answer"] = CONTACT_PART  # "tell me more" then brings the whole contact
        return reply
    if cue not in UNSAID or not c.parts:
        return contacts_reply(k, [c], lang)
    others = [x for x in k.crisis_contacts() if x.id != c.id and name in (x.parts or {})][:1]
    reply = contacts_reply(k, [c, *others], lang)
    reply.text = k.phrase("not_in_sources_person", lang, name=c.number) + "\n" + reply.text
    reply.answer, reply.kind = c.id, "honest"
    reply.context["entry"] = reply.context["contact"] = c.id
    return reply


def about_other_service(k: Knowledge, c: Contact, lang: str) -> Reply:
    """'Do they tell the police?' after 111: what the line's entry says of the other services
    (its `police` part), else the whole line."""
    reply = contacts_reply(k, [c], lang)
    part = (c.parts or {}).get("police")
    if part:
        reply.text = k.render(part, lang) + "\n" + k.cite(c.sources, lang)
        reply.context["last_answer"] = CONTACT_PART
    return reply


def contact_more(k: Knowledge, c: Contact, ctx: Context, lang: str, adult: bool) -> Reply:
    """"Tell me more" after a contact: the whole contact after one fact of it, else the other
    helplines (what else the sources give for that need)."""
    if ctx.get("last_answer") == CONTACT_PART:
        return contacts_reply(k, [c], lang)
    others = [x for x in k.crisis_contacts() if x.id != c.id]
    return contacts_reply(k, others or [c], lang, short=not adult)


def asks_more(k: Knowledge, norm: str) -> bool:
    """'Tell me more' (the button, in any language), 'anything else?', 'а ещё?'."""
    return (norm in {normalise(k.phrase("more_button", lang)) for lang in LANGUAGES}
            or cued(norm, "more"))


def contacts_part(k: Knowledge, lang: str, cue: str) -> Optional[Reply]:
    """The one fact asked ("is it free?") of each helpline of the list just given."""
    name = PART_OF_CUE[cue]
    found = [(c, (c.parts or {})[name]) for c in k.crisis_contacts() if name in (c.parts or {})]
    if not found:
        return None
    sources = list(dict.fromkeys(s for c, _ in found for s in c.sources))
    return Reply("\n".join(k.render(part, lang) for _, part in found) + "\n" + k.cite(sources, lang),
                 {"last_answer": "contacts", "entry": "contacts", "contact": None}, answer="contacts")


def contact_in(k: Knowledge, ctx: Context) -> Optional[Contact]:
    """The contact the conversation is on, or None."""
    rec = k.record(ctx.get("contact") or ctx.get("entry"))
    return rec if isinstance(rec, Contact) else None


def contact_follow_up(k: Knowledge, named: Sequence[Contact], norm: str, ctx: Context, lang: str, adult: bool,
                      names_other: bool) -> Optional[Reply]:
    """One fact of the line named or of the conversation's ("is it free?"), that fact of each line
    after the list of them, or "tell me more" after a line; None when the message is none of these.
    `names_other`: the message names a person, module, topic, contact or ordinal."""
    contact = named[0] if named else contact_in(k, ctx)
    cue = part_cue(norm)
    if contact is not None and cue is not None:
        return contact_reply(k, contact, lang, cue)
    if cue is not None and ctx.get("entry") == "contacts" and not names_other:
        return contacts_part(k, lang, cue)  # "is it free?" after the list of helplines
    if contact is not None and not named and not names_other and asks_more(k, norm):
        return contact_more(k, contact, ctx, lang, adult)  # "tell me more", "anything else?" after a line
    return None
