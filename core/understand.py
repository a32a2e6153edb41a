"""A message in the context of the conversation, and an answer checked before it is given.

Two steps run before the routing table (core/answers.py):

1. `in_context`: a message that only makes sense after the previous answer ("does it cost
   anything?", "is it open at night?", "and for parents?", "how do I deal with it?", "why?",
   "say it simpler", "anything else?") is answered from the record the conversation is on
   (the `entry`, `contact` and `topic` slots), whatever intent the classifier gave it, as long
   as the message names nothing of its own. A message that names something starts afresh.
2. `near_miss`: an answer about a person, module, topic or contact is given only when the
   message points at it. A message with a word only off-topic questions use ("culture",
   "passport", "bank") is about something the sources do not cover, and gets the honest reply
   with the closest real options, never the nearest entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from core.contact_parts import about_other_service, contact_follow_up, contact_in
from core.cues import cued
from core.knowledge.base import Knowledge
from core.knowledge.schema import Answer, Contact, Person, Topic, tr
from core.lexicon import LANGUAGES, THEY_WORDS, normalise
from core.nearby import EVERY, KAZAKH_GENITIVE, KAZAKH_LOCATIVE, NUMBER, PREPOSITIONS, REGION
from core.parts import SHORT_FIRST, exact_part
from core.replies import Reply, button, fixed_reply, modules_list, person_reply, topic_reply
from core.resolve import Context, Mentions, hits
from core.vocabulary import Vocabulary

UNSURE = frozenset({"nlu_fallback", "out_of_scope"})
# Intents whose answer is about something the message must name (or the context supplies).
FACT_INTENTS = frozenset({
    "ask_event", "ask_attendance", "ask_module", "ask_person", "ask_quote", "ask_convention",
    "ask_convention_principles", "ask_child_rights", "ask_world_childrens_day", "ask_topic",
    "ask_advice", "ask_contacts", "ask_ombudsman", "ask_unicef", "ask_children_count", "ask_modules",
    "ask_speakers", "follow_up",
})
NEAR_CHECKED = FACT_INTENTS | {"ask_sources"}  # checked for a near miss too ("бұл не бәле ғой қырт" is no sources question)
SHORT = 12  # words: a follow-up is short; a longer message is a question of its own


@dataclass(frozen=True)
class Turn:
    """One message to answer: its intent, what it names, the conversation's context."""
    intent: str
    said: Mentions
    ctx: Context
    lang: str
    confidence: float = 1.0
    vocab: Optional[Vocabulary] = None

    @property
    def adult(self) -> bool:
        """An adult is writing (the `audience` slot): the polite register, advice for adults."""
        return self.ctx.get("audience") == "adult"


def names_something(said: Mentions) -> bool:
    return bool(said.person or said.module or said.topic or said.contacts
                or said.ordinal is not None)


def short_text(k: Knowledge, rec: Any, lang: str) -> str:
    """The plain-words version of a record, else the first sentence of its text."""
    short = getattr(rec, "short", None)
    if short:
        return k.render(short, lang)
    text = getattr(rec, "text", None) or getattr(rec, "role", None)
    full = k.render(text, lang) if text else ""
    first = full.split(". ")[0].rstrip(".")
    return first + "." if first else full


def explain_reply(k: Knowledge, rec: Any, t: Turn) -> Reply:
    """The last answer again, in plain words."""
    return Reply(short_text(k, rec, t.lang), {"entry": rec.id}, answer=rec.id, kind="explain")


def _whole(k: Knowledge, entry: Any, t: Turn) -> Optional[Reply]:
    if isinstance(entry, Topic):
        return topic_reply(k, entry, False, t.lang, t.adult)
    return fixed_reply(k, entry.intents[0], t.lang) if entry.intents else None


def _topic_for_adults(k: Knowledge, topic: Topic, t: Turn) -> Reply:
    if topic.advice_adult:
        return topic_reply(k, topic, True, t.lang, adult=True)
    parents = k.topic("parents_role")
    return topic_reply(k, parents or topic, bool(parents and parents.advice), t.lang)


def in_context(k: Knowledge, t: Turn) -> Optional[Reply]:
    """The answer to a message that leans on the previous answer, or None when it does not."""
    said, ctx = t.said, t.ctx
    norm = said.norm
    if len(norm.split()) > SHORT:
        return None
    person = said.person or k.person(ctx.get("person"))
    if (person is not None and cued(norm, "person_unknown")
            and t.intent in UNSURE | {"follow_up", "ask_person", "ask_quote"}):
        return unknown_about_person(k, person, t)
    entry = k.record(ctx.get("entry"))
    about = contact_in(k, ctx)
    if (about is not None and "police" in (about.parts or {}) and [c.id for c in said.contacts] == ["police_102"]
            and "102" not in norm.split() and any(w in THEY_WORDS for w in norm.split())):
        return about_other_service(k, about, t.lang)  # "do they tell the police?" after 111: about 111
    if cued(norm, "led") and (said.module is not None or ctx.get("object_type") == "module"
                              or getattr(entry, "id", None) == "programme"
                              or (said.ordinal is not None and t.intent in {"ask_module", "ask_modules"})):
        return who_led(k, t)
    if names_something(said) and t.intent not in UNSURE | {"follow_up"}:
        return None
    if entry is not None and cued(norm, "explain") and not names_something(said):
        return explain_reply(k, entry, t)
    if ((isinstance(entry, Answer) or (isinstance(entry, Topic) and ctx.get("last_answer") == SHORT_FIRST))
            and norm in {normalise(k.phrase("more_button", lang)) for lang in LANGUAGES}):
        return _whole(k, entry, t)  # the "Tell me more" button of a part or a short version
    on_contact = contact_follow_up(k, said.contacts, norm, ctx, t.lang, t.adult, names_something(said))
    if on_contact is not None:
        return on_contact
    if (isinstance(entry, Answer) and entry.intents and not names_something(said)
            and t.intent in UNSURE | {"follow_up"} | set(entry.intents)):
        # "since what year?", "how many articles?", "do they have a website?" after an answer
        part = exact_part(k, fixed_reply(k, entry.intents[0], t.lang), norm, t.lang)
        if part.buttons and part.buttons[0]["title"] == k.phrase("more_button", t.lang):
            return part
    before = k.topic(ctx.get("topic"))
    if cued(norm, "adult") and t.intent in UNSURE | {"follow_up", "ask_advice"}:
        # "and for parents?": the topic of the conversation, for adults ("parents" names the
        # topic parents_role only when the conversation is on none)
        adult_topic = before if before is not None and before.advice else said.topic
        if adult_topic is not None:
            return _topic_for_adults(k, adult_topic, t)
    topic = said.topic or before
    if topic is not None and topic.advice and cued(norm, "advice"):
        return topic_reply(k, topic, True, t.lang, t.adult)
    return None


def who_led(k: Knowledge, t: Turn) -> Reply:
    """'Who led that module?': the programme says child ombudsmen led the modules and that the
    article does not say which one led which: an honest answer, with the list of modules."""
    reply = modules_list(k, t.lang)
    reply.kind = "honest"
    return reply


def unknown_about(k: Knowledge, reply: Reply, t: Turn) -> Reply:
    """'When was UNICEF founded?', 'the salary of an ombudsman': the entry the classifier chose
    does not say it, so the sources do not say; what they do say, in short."""
    rec = k.record(reply.answer)
    if isinstance(rec, Person) and bare_title(rec, t.said.asked):
        text = k.say("not_in_sources_about", t.lang, t.adult) + " " + short_text(k, rec, t.lang)
        return Reply(text, reply.context, answer=rec.id, kind="honest")
    if (rec is None or isinstance(rec, Contact) or reply.answer == "contacts"  # never without the numbers
            or not cued(t.said.asked, "not_in_sources")):
        return reply
    if isinstance(rec, Person):
        return unknown_about_person(k, rec, t)
    text = k.say("not_in_sources_about", t.lang, t.adult) + " " + short_text(k, rec, t.lang)
    return Reply(text, reply.context, answer=rec.id, kind="honest")


def bare_title(p: Person, norm: str) -> bool:
    """'Who is the minister of education?': a title alone, where the person of the sources has
    a qualified one (First Vice Minister) and is not named: someone the sources do not name."""
    if not cued(norm, "bare_title") or cued(norm, "title_qualifier"):
        return False
    if not any(cued(normalise(tr(p.title, lang)), "title_qualifier") for lang in LANGUAGES):
        return False  # the person's own title is the bare one
    names = {w for lang in LANGUAGES for w in normalise(tr(p.name, lang)).split() if len(w) >= 4}
    return not any(w[:5] in norm for w in names)


def unknown_about_person(k: Knowledge, p: Person, t: Turn) -> Reply:
    """'How old is she?': the sources do not say; what they do say."""
    reply = person_reply(k, p, False, t.lang)
    reply.text = k.phrase("not_in_sources_person", t.lang, name=tr(p.name, t.lang)) + " " + reply.text
    reply.kind = "honest"
    return reply


def near_miss(t: Turn, strict: bool = False, weak: bool = True) -> bool:
    """The message is about something next to the domain that the sources do not cover.
    `strict`: the classifier was unsure, so any word the domain does not know counts;
    `weak=False`: only the strong signs (a word of off-topic questions, an unknown word after
    "in"/"of"/"for", a number we do not have), which even a follow-up cannot override."""
    if t.vocab is None:
        return False
    norm = t.said.asked  # of a long message, the sentences that ask (core/focus.py)
    words = norm.split()
    off = set(t.vocab.off_domain_words(norm))
    # a word of off-topic questions: enough when the classifier is not near certain, when two
    # are there, or when it is what the question is about ("the minister of culture")
    if off and (t.confidence < 0.95 or len(off) >= 2
                or any(a in PREPOSITIONS and b in off for a, b in zip(words, words[1:], strict=False))):
        return True
    unknown = set(t.vocab.unknown_words(norm))
    if weak and unknown and (strict or (t.confidence < 0.8 and not names_something(t.said)
                                        and not names_a_word(t))):
        return True
    if any(a in PREPOSITIONS and b in unknown for a, b in zip(words, words[1:], strict=False)):
        return True
    if any(KAZAKH_LOCATIVE.search(w) for w in unknown):
        return True
    if t.lang == "kk" and any(m and not t.vocab.knows(m.group(1)) for m in map(KAZAKH_GENITIVE.match, unknown)):
        return True
    if any((m.group(1) or m.group(3) or m.group(5)) not in EVERY for m in REGION.finditer(norm)):
        return True
    if t.intent == "ask_contacts":  # "the phone number of school 12": a number we do not have
        ours = {c.number for c in t.said.k.contacts}
        return any(n not in ours for n in NUMBER.findall(norm) if len(n) <= 6 and n != "24")
    return False


def names_a_word(t: Turn) -> bool:
    """The message names a word of the domain's definitions ("what is an ombudsman? weird word
    lol", "омбудсмен это кто вообще"): the unknown words around it are everyday talk."""
    return any(d.aliases and hits(d.aliases, t.said.norm) for d in t.said.k.definitions)


def defined_word(k: Knowledge, t: Turn) -> Optional[Reply]:
    """'What is X?' naming one word of the definitions that is also an entry (the Convention,
    the ombudsman, UNICEF, cyberbullying): that entry's answer, else None."""
    if not cued(t.said.norm, "define"):
        return None
    found = [k.record(d.id) for d in k.definitions if d.aliases and hits(d.aliases, t.said.norm)]
    records = [r for r in found if r is not None]
    rec = records[0] if len(records) == 1 else None
    if isinstance(rec, Answer) and rec.intents:
        return fixed_reply(k, rec.intents[0], t.lang)
    if isinstance(rec, Topic):
        return topic_reply(k, rec, False, t.lang, t.adult)
    return None


def honest(k: Knowledge, t: Turn, near: bool) -> Reply:
    """The honest reply: the first time what the assistant can do ("I can't help with that" for
    an off-topic or nearby question, "I didn't understand" else); after two in a row one
    clarifying question with concrete options and the helplines, then another wording of it
    (never the same reply twice in a row); after a disclosure the domain's reply with the
    helplines."""
    count = int(t.ctx.get("fallbacks") or 0) + 1
    context: Context = {"fallbacks": str(count)}
    if count >= 2:  # the clarifying question, then another wording: never the same twice in a row
        again = count % 2 == 1
        buttons = (("ask_capabilities_button", "ask_helplines_button") if again else
                   ("ask_modules_button", "ask_speakers_button", "ask_helplines_button"))
        return Reply(k.say("clarify_again" if again else "clarify", t.lang, t.adult), context,
                     [button(k.phrase(b, t.lang)) for b in buttons], answer="clarify", kind="honest")
    if t.ctx.get("disclosed"):  # after a disclosure the honest reply gives the helplines too
        return Reply("", context, answer="honest", kind="honest", response="utter_cant_help_crisis")
    phrase = "out_of_scope" if near or t.intent == "out_of_scope" else "cant_help"
    return Reply(k.say(phrase, t.lang, t.adult), context,
                 [button(k.phrase(b, t.lang)) for b in ("ask_capabilities_button", "ask_helplines_button")],
                 answer="honest", kind="honest")


def with_definition(k: Knowledge, t: Turn, reply: Reply) -> Reply:
    """'What is an ombudsman?' from a child: the word in one plain line first, then the answer."""
    if t.adult or reply.kind != "answer" or not cued(t.said.norm, "define"):
        return reply
    found = [d for d in k.definitions if d.aliases and hits(d.aliases, t.said.norm)]
    if len(found) == 1:
        reply.text = k.render(found[0].text, t.lang) + "\n" + reply.text
    return reply
