"""What a long message asks: the part of the text the intent classifier should read.

"Здравствуйте. Сыну 10 лет, его обижают в чате класса. Что делать?" is a question, not a
greeting: a greeting sentence in front of a question is left out. Only the classifier reads the
focus; the crisis patterns, the language detection and the answer read the whole message
(addons/nlu/focus.py puts the text back after the classifier).

Measured and left out: reading only the last question of a long message ("... what can I do?")
lost disclosures told in the sentences before it (crisis recall on the held-out sets fell from
100 % to 92-96 %), so the classifier reads every sentence but the greetings.
"""

from __future__ import annotations

import re
from typing import List

from core.lexicon import normalise, with_plain_kazakh

GREETING_WORDS = frozenset(with_plain_kazakh((
    "hi", "hello", "hey", "hiya", "good", "morning", "afternoon", "evening", "day", "dear", "bot",
    "there", "everyone", "all", "sorry", "excuse", "me", "please",
    "здравствуйте", "здравствуй", "привет", "приветствую", "добрый", "доброе", "день", "вечер",
    "утро", "бот", "извините", "простите", "пожалуйста", "скажите",
    "сәлем", "сәлеметсіз", "сәлеметсің", "бе", "ме", "қайырлы", "күн", "кеш", "таң", "ассалаумағалейкум",
    "салам", "кешіріңіз", "кешір",
)))
# A thanks or a greeting in front of a statement that asks nothing ("Thank you, that settles my
# worries for tonight.", "Благодарю, материал собран.", "Hello, I teach 7th grade in Shymkent."):
# the thanks or the greeting is the message. Longest first; a filler ("ok", "ладно") may come before.
THANKS = tuple(sorted(with_plain_kazakh((
    "thanks", "thank you", "thank u", "thanku", "thx", "tysm", "many thanks", "much appreciated",
    "cheers", "спасибо что", "спс что", "спасибо", "спасиб", "спс", "благодарю", "большое спасибо", "рахмет", "рақмет",
    "көп рахмет", "көп рақмет", "rakhmet", "rahmet", "spasibo", "spasib", "sps",
)), key=len, reverse=True))
GREETINGS = tuple(sorted(with_plain_kazakh((
    "hello", "hi", "hey", "good morning", "good afternoon", "good evening", "здравствуйте",
    "здравствуй", "привет", "добрый день", "добрый вечер", "доброе утро", "сәлем", "сәлеметсіз бе",
    "сәлеметсіз", "қайырлы күн", "қайырлы таң", "қайырлы кеш", "салам", "ассалаумағалейкум",
)), key=len, reverse=True))
FILLERS = frozenset(with_plain_kazakh(("ok", "okay", "oh", "great", "cool", "ладно", "хорошо", "ок", "жарайды", "жақсы")))
# Words after a thanks that make it more than one ("thanks, but he is back", "спасибо, а ночью?",
# "рахмет, тегін бе", "thanks for nothing", "thanks. bye forever", "thanks, im skared"): a
# contrast, someone else, a question, a negation, a farewell, fear, pain, a call for help. Whole
# words, and word starts (STEMS) for the forms fear and pain take.
NOT_ONLY_THANKS = frozenset(with_plain_kazakh((
    "but", "though", "however", "still", "again", "he", "she", "they", "him", "her", "them", "his",
    "he's", "hes", "she's", "shes", "they're", "theyre", "what", "who", "whom", "how", "why", "where",
    "when", "which", "can", "could", "do", "does", "did", "is", "are", "would", "should", "and",
    "also", "not", "no", "never", "nothing", "nobody", "don't", "dont", "didn't", "can't", "cant",
    "anymore", "forever", "bye", "goodbye", "alone", "last", "pls", "please", "need", "someone", "talk",
    "но", "а", "и", "однако", "он", "она", "они", "его", "ее", "им", "их", "кто", "что", "как", "почему",
    "где", "куда", "когда", "сколько", "какой", "какая", "какие", "можно", "ли", "не", "нет", "никто",
    "ничего", "опять", "снова", "навсегда", "плохо", "последнее",
    "бірақ", "ал", "ол", "олар", "оны", "оған", "оның", "кім", "қалай", "неге", "қайда", "қашан",
    "қандай", "қанша", "қай", "ше", "ма", "ме", "ба", "бе", "па", "пе", "тағы", "қайта", "жоқ", "емес",
    "ешкім", "ештеңе", "қош", "жаман", "соңғы",
    "birak", "no", "ne", "a", "on", "ona", "oni", "chto", "kak", "kuda", "skolko", "opyat", "snova",
    "ploho", "nichego",
)))
STEMS = with_plain_kazakh(("scar", "skar", "terrif", "afraid", "fear", "help", "halp", "hurt", "pain", "farewel",
                           "danger", "victim", "abus", "боюс", "боит", "страш", "больн", "помог", "прощ", "опасн",
                           "жертв", "насил", "boyus", "strash", "boln", "pomog", "prosh", "қорқ", "qorq", "korq", "kork",
                           "көмек", "komek", "komekt", "ауыр", "ауырып", "қауіп", "qauip", "зорлық"))


def _plain(words: List[str]) -> bool:
    """None of the words makes a thanks or a greeting more than one."""
    return not any(w in NOT_ONLY_THANKS or w.startswith(STEMS) for w in words)


# After a greeting: only who is writing ("I teach 7th grade", "я учитель", "мен мұғаліммін").
INTRO = re.compile(r"^(i teach|i am a |i'm a |im a |i am the |i work as|my name is|я учител|я педагог|я мама|я папа"
                   r"|я родител|я классн|меня зовут|мен мұғалім|мен мугалим|мен ұстаз|мен устаз|менің атым|менин атым)")
_CLAUSE = re.compile(r"[,.!;:\n]+")
_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def is_greeting(sentence: str) -> bool:
    words = normalise(sentence).split()
    return bool(words) and all(w in GREETING_WORDS for w in words)


def courtesy(text: str) -> str:
    """'thank' when the message is a thanks with a statement that asks nothing after it, 'greet'
    when it is a greeting and who is writing; else ''. No question mark; a thanks and at most two
    clauses more (10 words), a greeting and one clause more."""
    if "?" in (text or ""):
        return ""
    clauses = [c for c in (normalise(part) for part in _CLAUSE.split(text or "")) if c]
    while clauses and all(w in FILLERS for w in clauses[0].split()):
        clauses = clauses[1:]
    if not clauses or len(clauses) > 3:
        return ""
    for kind, openers in (("thank", THANKS), ("greet", GREETINGS)):
        opener = next((o for o in openers if clauses[0] == o or clauses[0].startswith(o + " ")), None)
        if opener is None:
            continue
        rest = " ".join([clauses[0][len(opener):].strip(), *clauses[1:]]).strip()
        words = rest.split()
        if kind == "thank":
            return "thank" if len(words) <= 10 and _plain(words) else ""
        return ("greet" if len(clauses) <= 2 and INTRO.match(rest + " ") and len(words) <= 8
                and _plain([w for w in words if w != "a"]) else "")  # "I'm a teacher"
    return ""


_MARKUP = re.compile(r"<(/?)[a-zA-Z][^>]*>(?:[^<]*</[a-zA-Z]+>)?")


def focus(text: str) -> str:
    """The part of `text` the classifier reads (the text itself when it is short or plain):
    without markup ("<script>...</script> how many came?") and without a leading greeting."""
    if "<" in (text or ""):
        bare = " ".join(_MARKUP.sub(" ", text).split())
        text = bare or text
    parts = sentences(text)
    rest = [s for s in parts if not is_greeting(s)]
    if not rest or len(parts) < 2:
        return text
    return " ".join(rest) if len(rest) < len(parts) else text


def asking(text: str) -> str:
    """The sentences of a long message that ask (those with a question mark, else the last one),
    without the situation told before them; `text` itself when it is one sentence. The check
    for a question next to the domain reads this part: the everyday words of the situation ("I'm
    preparing a lesson for 8th graders. ... What are the main principles of the Convention?") are
    not what is asked."""
    parts = [s for s in sentences(text) if not is_greeting(s)]
    if len(parts) < 2:
        return text
    questions = [s for s in parts if "?" in s]
    return " ".join(questions) if questions else parts[-1]
