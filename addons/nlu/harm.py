"""A second, small classifier for one question only: does this message disclose harm, say
distress without danger, or neither?

DIET decides among 36 intents, and between `crisis` and `distress` it is unsure and unstable:
on the harder-disclosure sets a retrain moved 10-30 of 636 disclosures, and sad messages got
the crisis reply with 112 in 20-35 % of cases (docs/report.md). This classifier is a logistic
regression over hashed character n-grams (2-5, within words) and word uni- and bigrams of the
whole message: deterministic (the same data give the same model), trained in a few seconds,
about 6 MB in memory. It learns from the NLU data's `crisis` and `distress` examples against
all the others, and from the examples of `data_harm/`: the crisis sets that were held out in
sessions 1-5 and were tuned on, so no longer held out (data_harm/README.md). DIET never sees
those; they are read here because the training data are not enough to tell a sad child from a
child in danger.

It sets no intent. It puts its three probabilities on the message (`harm`: crisis, distress,
other), and the safety net (addons/nlu/safety_net.py), which runs next, decides with them, the
crisis patterns and DIET's ranking. No message text is logged.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

HARM = "harm"  # the message attribute: {"crisis": p, "distress": p, "other": p}
CLASSES = ("crisis", "distress", "other")
MODEL_FILE = "harm.joblib"


def label(intent: Text) -> Text:
    return intent if intent in ("crisis", "distress") else "other"


def folder_examples(folder: Path) -> List[Tuple[Text, Text]]:
    """(class, text) of every example of the NLU files in `folder` (sorted, so the same files give
    the same model)."""
    from core.vocabulary import examples

    return [(label(intent), text) for path in sorted(folder.glob("*.yml")) for intent, text in examples(path)]


def _pipeline(c: float) -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    def hashed(**kw: Any) -> Any:
        return make_pipeline(HashingVectorizer(n_features=2 ** 18, alternate_sign=False, norm=None, **kw),
                             TfidfTransformer(sublinear_tf=True))

    features = make_union(hashed(analyzer="char_wb", ngram_range=(2, 5)), hashed(analyzer="word", ngram_range=(1, 2)))
    return make_pipeline(features, LogisticRegression(C=c, max_iter=3000, class_weight="balanced"))


def train_model(pairs: List[Tuple[Text, Text]], c: float) -> Any:
    model = _pipeline(c)
    model.fit([t for _, t in pairs], [k for k, _ in pairs])
    return model


def probabilities(model: Any, texts: List[Text]) -> List[Dict[Text, float]]:
    classes = list(model.classes_)
    return [{k: float(row[classes.index(k)]) if k in classes else 0.0 for k in CLASSES}
            for row in model.predict_proba(texts)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class HarmClassifier(GraphComponent):
    """Crisis / distress / other probabilities of the whole message, for the safety net."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"folder": "data_harm", "C": 5.0}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The examples of `folder` are not part of Rasa's training data: a change to them must
        retrain this component too."""
        digest = hashlib.sha256()
        for path in sorted(Path(config.get("folder") or "data_harm").glob("*.yml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Any = None) -> None:
        self._config, self._storage, self._resource, self.model = config, model_storage, resource, model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> HarmClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        pairs = [(label(m.get(INTENT)), m.get(TEXT)) for m in training_data.intent_examples if m.get(TEXT)]
        folder = Path(self._config["folder"])
        if not folder.is_dir():
            raise ValueError(f"HarmClassifier: the folder {folder} of its examples is missing")
        pairs += folder_examples(folder)
        if {k for k, _ in pairs} != set(CLASSES):
            raise ValueError("HarmClassifier: the data need examples of crisis, distress and other intents")
        self.model = train_model(pairs, float(self._config["C"]))
        with self._storage.write_to(self._resource) as model_dir:
            joblib.dump(self.model, Path(model_dir) / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> HarmClassifier:
        try:
            with model_storage.read_from(resource) as model_dir:
                model = joblib.load(Path(model_dir) / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("HarmClassifier: no trained model found; the safety net goes without it")
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        texts = [m.get(TEXT) or "" for m in messages]
        if self.model is None or not any(texts):
            return messages
        for message, probs in zip(messages, probabilities(self.model, texts), strict=True):
            if message.get(TEXT):
                message.set(HARM, probs)
        return messages
