"""Second safety net: a disclosure of harm is answered as `crisis`, whatever DIET thought.

DIET learns the `crisis` intent from many examples; this component catches what it misses.
It runs inside Rasa's NLU pipeline after the FallbackClassifier, so it works when the action
server is down and it turns a misclassified disclosure (e.g. `nlu_fallback`, `out_of_scope`)
into `crisis`, which a rule answers with the helplines at once.

The patterns are the `regex:` entries of the NLU data named `crisis*` (data/safety.yml; editing
them retrains the model), matched case-insensitively in the whole message. No text is logged.

A pattern's name also says the kind of harm (`crisis_<kind>_<language>`): every message that
ends up as `crisis` gets the entity `crisis_kind` (slot of the same name), so the first reply
fits what was said (domain.yml, utter_crisis). When several kinds match, the first of `KINDS`
wins: someone writing about another person gets the reply for helpers; a message no pattern
matches (DIET alone found it) is `general`. Intents that already give help (the crisis
quick replies, the safe word) are not overridden. Entries named `kind_<kind>_*` only say the
kind (a parent writing about a child), and `notcrisis_*` entries ("nobody is hurting me") keep
the patterns from overriding the classifier, which may still say crisis. `hyperbole_*` entries
are words not meant literally ("this homework is killing me", "I'll die of boredom"): they are
left out before the patterns are searched, and a message whose only alarming words they are is
answered as distress or off-topic, whatever the classifiers said; `hyperbole_topic_*` words name
harm as a subject ("a suicide prevention project") and are only left out. In a long message the
harm classifier reads as an ordinary question, a pattern of violence, threats, bullying or
neglect does not decide alone (addons/nlu/weigh.py `pattern_stands`).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, FrozenSet, List, NamedTuple, Optional, Text, Tuple

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.nlu.harm import HARM
from addons.nlu.message import force_intent, set_entity
from addons.nlu.weigh import LONG, NEVER_UNDONE, UNCLEAR, UNSURE, bullied_online, pattern_stands, weigh
from addons.patches import training  # noqa: F401  (regex features and DIET's input: see it)

logger = logging.getLogger(__name__)


class Reading(NamedTuple):
    """One message as the patterns see it: its text, the crisis patterns found once the words
    not meant literally are left out (kind, matched words), the kinds of those words found."""

    text: Text
    hits: List[Tuple[Text, Text]]
    figures: FrozenSet[Text]


PATTERNS_FILE = "crisis_patterns.json"
# Kinds of harm, most specific first; the pattern names' middle part ("grooming" is online).
KINDS = ("adult", "friend", "selfharm", "sexual", "online", "threat", "violence", "bullying", "neglect")
_ALIASES = {"grooming": "online"}
GENERAL = "general"
# A message taken as not understood or as distress while DIET gave a disclosure at least this
# probability also gets the gentle check (sessions 6-7: 601 -> 615 of 636 disclosures back;
# docs/crisis.md). How the harm classifier is weighed against DIET: addons/nlu/weigh.py.
DOUBT = 0.1
_UNCLEAR = UNCLEAR
ADVICE = "ask_advice"
TOPIC = "topic"  # `hyperbole_topic_*`: harm named as a subject ("a suicide prevention week"), left out, deciding nothing
# the writer or what is theirs ("mock my accent"): a child telling about themselves, not about bullying in general
_MINE = re.compile(r"\b(me|my|myself|меня|мне|мной|мо[йяеи]|моих|мені|мени|маған|маган|менің|менин|meni|menin|magan|mne|menya)\b",
                   re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(me|myself|меня|мне|мной|себя|мені|мени|маған|маган|өзімді|озимди)\b", re.IGNORECASE)


def _words(message: Message) -> int:
    return len((message.get(TEXT) or "").split())


def compile_patterns(patterns: List[Text]) -> List[re.Pattern]:
    return [re.compile(p, re.IGNORECASE | re.UNICODE) for p in patterns]


def crisis_patterns(training_data: TrainingData, prefix: Text) -> List[Text]:
    """The regex patterns of every `regex:` entry whose name starts with `prefix`."""
    return [r["pattern"] for r in training_data.regex_features if r["name"].startswith(prefix)]


def named(training_data: TrainingData, prefix: Text) -> List[Tuple[Text, Text]]:
    """(the part of the name after `prefix_`, pattern) of every entry named `prefix_*`."""
    return [(r["name"][len(prefix) + 1:].split("_")[0], r["pattern"]) for r in training_data.regex_features
            if r["name"].startswith(prefix + "_")]


def pattern_kinds(training_data: TrainingData, prefix: Text) -> List[Text]:
    """The kind of harm of each pattern of `crisis_patterns`, from its entry's name."""
    kinds = [r["name"][len(prefix):].strip("_").split("_")[0] for r in training_data.regex_features
             if r["name"].startswith(prefix)]
    return [_ALIASES.get(kind, kind) for kind in kinds]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafetyNet(GraphComponent, IntentClassifier):
    """Sets the intent to `crisis` when a message matches a crisis pattern."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": "crisis", "regex_prefix": "crisis", "entity": "crisis_kind",
                "kind_prefix": "kind", "negation_prefix": "notcrisis", "hyperbole_prefix": "hyperbole",
                "keep": ["crisis_danger", "crisis_talk", "safe_word"]}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 patterns: Optional[List[Text]] = None, kinds: Optional[List[Text]] = None,
                 kind_patterns: Optional[List[List[Text]]] = None,
                 negations: Optional[List[Text]] = None,
                 hyperboles: Optional[List[List[Text]]] = None) -> None:
        self._config, self._storage, self._resource = config, model_storage, resource
        self._set(list(patterns or []), list(kinds or [GENERAL] * len(patterns or [])),
                  [(k, p) for k, p in kind_patterns or []], list(negations or []), list(hyperboles or []))

    def _set(self, patterns: List[Text], kinds: List[Text], kind_patterns: List[Tuple[Text, Text]],
             negations: List[Text], hyperboles: Optional[List[List[Text]]] = None) -> None:
        self.patterns, self.kinds = patterns, kinds
        self.kind_patterns, self.negations = kind_patterns, negations
        self.hyperboles = [[k, p] for k, p in hyperboles or []]  # (distress | offtopic, pattern)
        self._hyperboles = list(zip([k for k, _ in self.hyperboles],
                                    compile_patterns([p for _, p in self.hyperboles]), strict=True))
        self._compiled = compile_patterns(patterns)  # fails training on a bad pattern
        self._kind_compiled = [(k, p) for k, p in zip([k for k, _ in kind_patterns],
                                                      compile_patterns([p for _, p in kind_patterns]),
                                                      strict=True)]
        self._negations = compile_patterns(negations)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SafetyNet:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        prefix = self._config["regex_prefix"]
        self._set(crisis_patterns(training_data, prefix), pattern_kinds(training_data, prefix),
                  named(training_data, self._config["kind_prefix"]),
                  [p for _, p in named(training_data, self._config["negation_prefix"])],
                  [[k, p] for k, p in named(training_data, self._config.get("hyperbole_prefix", "hyperbole"))])
        if not self.patterns:
            raise ValueError(f"SafetyNet: no regex entries named {prefix}* in the NLU data; the net would be empty")
        with self._storage.write_to(self._resource) as model_dir:
            rasa.shared.utils.io.dump_obj_as_json_to_file(
                model_dir / PATTERNS_FILE, {"patterns": self.patterns, "kinds": self.kinds,
                                            "kind_patterns": self.kind_patterns, "negations": self.negations,
                                            "hyperboles": self.hyperboles})
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SafetyNet:
        with model_storage.read_from(resource) as model_dir:
            stored = rasa.shared.utils.io.read_json_file(model_dir / PATTERNS_FILE)
        return cls(config, model_storage, resource, stored["patterns"], stored["kinds"],
                   stored["kind_patterns"], stored["negations"], stored.get("hyperboles"))

    def literal(self, text: Text) -> Text:
        """`text` without the words not meant literally (the `hyperbole_*` patterns)."""
        for _, p in self._hyperboles:
            text = p.sub(" ", text)
        return text

    def read(self, text: Text) -> Reading:
        """What the patterns find in `text`, each pattern run once (for matches, figurative, kind)."""
        literal = self.literal(text)
        found = ((k, p.search(literal)) for k, p in zip(self.kinds, self._compiled, strict=True))
        # (kind, matched text and the few characters after it): "бьёт меня", the pattern may match the verb alone
        hits = [(k, literal[m.start(): m.end() + 12]) for k, m in found if m]
        figures = frozenset(k for k, p in self._hyperboles if k != TOPIC and p.search(text))
        return Reading(text, hits, figures)

    def figurative(self, text: Text | Reading) -> Optional[Text]:
        """The intent of a message whose alarming words are not meant literally: `out_of_scope`
        for "how do I kill a process" (`hyperbole_offtopic_*`), `distress` for the others; None
        when the message has no such words."""
        kinds = self._reading(text).figures
        return None if not kinds else "out_of_scope" if "offtopic" in kinds else "distress"

    def _reading(self, text: Text | Reading) -> Reading:
        return text if isinstance(text, Reading) else self.read(text)

    def matches(self, text: Text | Reading) -> bool:
        """A crisis pattern matches (once the words not meant literally are left out), and no
        pattern says the harm is not happening; a self-harm, sexual or online-exploitation match
        is never undone by a `notcrisis` pattern ("nobody hurts me but I cut myself")."""
        reading = self._reading(text)
        if not reading.hits:
            return False
        return (any(k in NEVER_UNDONE for k, _ in reading.hits)
                or not any(n.search(reading.text) for n in self._negations))

    def _found(self, reading: Reading) -> set:
        """Every kind the crisis patterns and the `kind_*` patterns find."""
        return {k for k, _ in reading.hits} | {k for k, p in self._kind_compiled if p.search(reading.text)}

    def _about_writer(self, text: Text) -> bool:
        """A word about the writer stands just before or after a crisis pattern's match."""
        literal = self.literal(text)
        return any(_FIRST_PERSON.search(literal[max(0, m.start() - 25): m.end() + 12])
                   for p in self._compiled for m in p.finditer(literal))

    def kind(self, text: Text | Reading) -> Text:
        """The kind of harm the message speaks of (KINDS order), or GENERAL. The kinds for
        someone writing about another person (adult, friend) do not apply when a crisis pattern
        matched words about the writer ("my brother hits me")."""
        reading = self._reading(text)
        found = self._found(reading)
        if any(_FIRST_PERSON.search(span) for _, span in reading.hits):
            found -= {"adult", "friend"}
        return next((k for k in KINDS if k in found), GENERAL)

    @staticmethod
    def _leans_to(message: Message, intent: Text) -> bool:
        """The classifier's own first choice, under the fallback, was `intent`."""
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != "nlu_fallback"]
        return bool(ranking) and ranking[0].get(INTENT_NAME_KEY) == intent

    @staticmethod
    def _doubt(message: Message, intent: Text) -> bool:
        """The classifier gave `intent` at least DOUBT of its probability (not its first choice)."""
        return any(r.get(INTENT_NAME_KEY) == intent and float(r.get("confidence") or 0.0) >= DOUBT
                   for r in message.get(INTENT_RANKING_KEY) or [])

    @staticmethod
    def _weigh(message: Message, current: Optional[Text], harm: Dict[Text, float]) -> Tuple[Optional[Text], Optional[Text]]:
        """The intent (and crisis kind) when the harm classifier has spoken and no pattern matched."""
        intent, kind = weigh(current, harm, message.get(INTENT_RANKING_KEY) or [], _words(message))
        if intent != current and intent is not None:
            force_intent(message, intent)
        return intent, kind

    def process(self, messages: List[Message]) -> List[Message]:
        target = self._config["intent"]
        for message in messages:
            text = self.read(message.get(TEXT) or "")
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            matched = current not in self._config["keep"] and self.matches(text)
            words = _words(message)
            if matched and words >= LONG and not pattern_stands({k for k, _ in text.hits}, message.get(HARM), words,
                                                                self._about_writer(text.text)):
                matched = False  # a long everyday question with an alarming word: the classifiers decide
            if current != target and matched:
                logger.info("SafetyNet: crisis pattern matched, intent %r overridden", current)
                force_intent(message, target)
                current = target
            kind = None
            harm = message.get(HARM)
            figurative = self.figurative(text) if not matched and current in (target, *_UNCLEAR) else None
            if figurative:
                # its only alarming words are not meant literally: fed up or sad, or off-topic
                if current != "distress" or figurative == "out_of_scope":
                    current = figurative
                    force_intent(message, current)
            elif current in _UNCLEAR and self.kind(text) == "bullying" and _MINE.search(text.text):
                # "classmates mock my accent every lesson": taken as sad or not understood, it is
                # a child being bullied, who gets what to do (utter_crisis, kind bullying)
                force_intent(message, target)
                current, kind = target, "bullying"
            elif harm and current not in self._config["keep"] and not matched:
                current, kind = self._weigh(message, current, harm)
            elif current == "nlu_fallback" and self._leans_to(message, target):
                force_intent(message, target)
                current, kind = target, UNSURE
            elif current in ("nlu_fallback", "distress") and self._doubt(message, target):
                # unsure, or sad, and a disclosure not unlikely: the gentle check ("is someone
                # hurting you?", 150, the buttons to say so or to correct us), no 112 paragraph
                force_intent(message, target)
                current, kind = target, UNSURE
            if current == "nlu_fallback" and self._leans_to(message, "distress"):
                force_intent(message, "distress")  # sad or worried: a warm reply and 150, not "I didn't understand"
                current = "distress"
            if current == target:
                if kind != "bullying":  # a child bullied gets what to do even when we were unsure
                    found = self.kind(text)
                    kind = found if found == "bullying" else kind or found
                if bullied_online(text.text, self._found(text), kind, harm):
                    force_intent(message, ADVICE)  # the cyberbullying entry's steps, not the crisis reply
                    continue
                set_entity(message, self._config["entity"], kind, self.__class__.__name__)
        return messages
