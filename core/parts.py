"""The exact answer first: a narrow question gets the one part of an entry it asks for.

"How many articles does it have?" about the Convention is answered with "It has 54 articles."
and an offer to say more, not with the whole paragraph; "tell me about the Convention" still
gets the overview. The parts are written in the knowledge file (`parts:` of an answer, each in
en/ru/kk, checked by the loader like the rest); this module only says which words ask for
which part. The most specific part wins (PART_CUES is in that order); a message that asks for
two parts, or for none, gets the whole entry.
"""

from __future__ import annotations

from typing import Dict, Optional

from core.cues import MORE, Cue, matches
from core.knowledge.base import Knowledge
from core.knowledge.schema import Answer, Topic
from core.lexicon import with_plain_kazakh
from core.replies import Reply, button, sources_reply

# part name -> the words that ask for it (normalised text, core/cues.py matching)
PART_CUES: Dict[str, Cue] = {
    "articles": with_plain_kazakh(("how many articles", "number of articles", "сколько стат", "сколько в ней стат",
                                   "неше бап", "қанша бап", "неше баптан", "қанша баптан")),
    "protocols": with_plain_kazakh(("protocol", "protocols", "протокол", "хаттама")),
    "ratified": with_plain_kazakh(("ratified", "ratify", "ratification", "ратифиц", "ратификац")),
    "in_force": with_plain_kazakh(("in force", "came into force", "entered into force", "вступил", "в силу",
                                   "күшіне", "law", "закон", "заң")),
    "covers": with_plain_kazakh(("under 18", "who does it cover", "who does it protect", "which children",
                                 "до 18", "кого защищает", "на кого распространя", "18 жас", "кімге қолданыла")),
    "history": with_plain_kazakh(("first", "since when", "what year", "which year", "since what year",
                                  "впервые", "с какого года", "в каком году", "алғаш", "қай жылдан", "қай жылы")),
    "adopted": with_plain_kazakh(("adopted", "when was it signed", "принят", "приняли", "қабылда")),
    "regional": with_plain_kazakh(("regional", "regions", "in every region", "региональн", "в регионах",
                                   "в каждом регионе", "өңірлік", "облыс", "өңірде")),
    "title": with_plain_kazakh(("title", "what was it called", "name of the event", "назван", "как называл",
                                "атауы", "атты")),
    "how_many": with_plain_kazakh(("how many", "сколько", "қанша", "неше")),
    "date": with_plain_kazakh(("when", "what day", "which day", "what date", "когда", "какого числа",
                               "какой день", "қашан", "қай күні", "нешесінде")),
    "where": with_plain_kazakh(("website", "site", "сайт", "сайты")),
    "who": with_plain_kazakh(("who", "кто", "кім", "кем")),
}
# words that ask for the whole entry, whatever else they say
OVERVIEW: Cue = with_plain_kazakh((
    "tell me about", "tell me everything", "all about", "explain", "overview", "расскажи", "расскажите",
    "подробн", "всё о", "все о", "айтып бер", "айтып беріңіз", "толық", "туралы айт",
))


# "What is X?" (not "what does it say about play?", a question about one thing it says)
WHAT_IS: Cue = with_plain_kazakh(("what is", "what's", "whats", "what are", "who is", "who are", "что такое",
                                  "кто такой", "кто такая", "кто такие", "что это", "это что", "деген не",
                                  "дегеніміз не", "деген кім", "кім ол", "не ол"))
# A whole entry longer than this (words) comes to a child first as its plain short version.
LONG = 60
BARE = 4  # words: "the convention?", "ombudsman", asked with nothing else
SHORT_FIRST = "short"  # the `last_answer` of a short version given first


def part_asked(k: Knowledge, a: Answer, norm: str) -> Optional[str]:
    """The name of the one part of `a` the normalised message asks for, or None."""
    if not a.parts or matches(norm, OVERVIEW):
        return None
    asked = [name for name, cue in PART_CUES.items() if name in a.parts and matches(norm, cue)]
    return asked[0] if asked else None


def exact_part(k: Knowledge, reply: Reply, norm: str, lang: str) -> Reply:
    """`reply` (a whole answer) cut to the part the message asks for, with the source and a
    "tell me more" button; `reply` itself when the message asks for the whole."""
    rec = k.record(reply.answer)
    if not isinstance(rec, Answer) or reply.kind != "answer":
        return reply
    name = part_asked(k, rec, norm)
    if name is None or rec.parts is None:
        return reply
    text = k.render(rec.parts[name], lang) + "\n" + k.cite(rec.sources, lang)
    return Reply(text, dict(reply.context), [button(k.phrase("more_button", lang))] + list(reply.buttons or []),
                 answer=rec.id, kind="answer")


def first_answer(k: Knowledge, reply: Reply, norm: str, lang: str, adult: bool) -> Reply:
    """The part asked for (exact_part); else, for anyone not known to be an adult, a long entry
    in its plain short version with "Tell me more" (short_first)."""
    part = exact_part(k, reply, norm, lang)
    return part if part is not reply or adult else short_first(k, reply, norm, lang)


def short_first(k: Knowledge, reply: Reply, norm: str, lang: str) -> Reply:
    """A whole entry of more than LONG words, asked as "what is X?" or by its bare name (not with
    "tell me about" or "more", nor as a question about one thing it says), as its
    short version (the one "say it simpler" gives) and its source, with a "Tell me more" button
    that brings the whole; `reply` is changed in place. Advice (lists of steps) stays whole."""
    rec = k.record(reply.answer)
    if reply.kind != "answer" or not isinstance(rec, (Answer, Topic)) or rec.short is None:
        return reply
    whole = k.render(rec.text, lang)
    if len(whole.split()) <= LONG or not reply.text.startswith(whole) or matches(norm, OVERVIEW) or matches(norm, MORE):
        return reply
    if not (matches(norm, WHAT_IS) or len(norm.split()) <= BARE):
        return reply  # a question about one thing the entry says ("what was the theme?") gets the whole
    reply.text = k.render(rec.short, lang) + "\n" + k.cite(rec.sources, lang)
    reply.buttons = [button(k.phrase("more_button", lang))] + list(reply.buttons or [])
    reply.context["last_answer"] = SHORT_FIRST  # "Tell me more" then brings the whole (core/understand.py)
    return reply


def cite_once(k: Knowledge, reply: Reply, ctx: Dict[str, Optional[str]], lang: str) -> Reply:
    """The source line once per entry in a conversation: an entry already answered (the slot
    `cited` lists them) is answered again without it; "where is this from?" always gets it."""
    if not reply.answer or reply.kind not in ("answer", "explain") or reply.answer == "sources":
        return reply
    cited = [c for c in (ctx.get("cited") or "").split(",") if c]
    if reply.answer in cited:
        prefix = k.phrase("source", lang, publishers="\x00").split("\x00")[0]
        reply.text = "\n".join(line for line in reply.text.split("\n") if not line.startswith(prefix))
    else:
        reply.context["cited"] = ",".join((cited + [reply.answer])[-20:])
    return reply


def sources_first(k: Knowledge, ctx: Dict[str, Optional[str]], lang: str) -> Reply:
    """'Where is this from?': the source of the last answer first, then every source."""
    reply = sources_reply(k, lang)
    rec = k.record(ctx.get("entry"))
    sources = getattr(rec, "sources", None)
    if sources and getattr(rec, "id", "sources") != "sources":
        reply.text = k.cite(sources, lang) + "\n\n" + reply.text
    return reply
