"""DIET loaded for prediction without building its training step (docs/performance.md, "Memory,
session 7"; tests/unit/addons/test_lean_imports.py). Written for Rasa 3.6.21 with TensorFlow /
Keras 2.12; imported by addons/patches/lean_imports.py right after `rasa.utils.tensorflow.models`
has loaded, in the processes the start commands give the start-up hook (Rasa's server).

Rasa 3.6 loads a trained DIET (`RasaModel.load`) by creating it, compiling it and training it on
one example (`model.fit`) so that every weight exists, then overwriting every weight with the
trained ones (`load_weights`) and tracing the prediction function once (`run_inference`). That
one training step traces Keras's whole training function (forward pass, gradients, Adam, metrics)
and TensorFlow optimises that graph: ~165 MB of the Rasa process, resident for as long as it
runs, for a function serving never calls.

Here the weights are created by one prediction of the same example run eagerly (no graph traced),
then loaded from the model, which must give a value to every weight the model has
(`assert_existing_objects_matched`; otherwise, or on any error, Rasa's own load runs); then, as
in Rasa, the label embeddings are computed from the loaded weights and the prediction function
is traced. The prediction uses the same weights, the same traced function and the same inputs,
so the same numbers: the intent rankings of the 851 held-out messages are identical to the last
bit. What this load leaves out is the optimizer's state, which only further training needs
(`finetune_mode`, `rasa train --finetune`, and model classes other than DIET's, e.g. TEDPolicy's,
not in config.yml, get Rasa's own load), and the random numbers the training step drew from the
generators the model seeds: a response with several variations that all fit would be picked
with another draw (none has: each variation of domain.yml has its own condition).
LEAN_MODEL_LOAD=0 switches it off.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow import models as _models
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY

logger = logging.getLogger(__name__)

_original_load = _models.RasaModel.load.__func__


def _lean(cls: Any, finetune_mode: bool, predict_data_example: Any) -> bool:
    if finetune_mode or not predict_data_example or os.environ.get("LEAN_MODEL_LOAD", "1").strip() == "0":
        return False
    from rasa.nlu.classifiers.diet_classifier import DIET

    return isinstance(cls, type) and issubclass(cls, DIET)


def _load_for_prediction(cls: Any, model_file_name: str, predict_data_example: Any, *args: Any,
                         **kwargs: Any) -> Any:
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                  run_eagerly=config.get(RUN_EAGERLY))
    run_eagerly = model._run_eagerly
    model._run_eagerly = True
    try:
        model.run_inference(predict_data_example)  # creates every weight of the prediction, no graph
    finally:
        model._run_eagerly = run_eagerly
    status = model.load_weights(model_file_name)
    status.assert_existing_objects_matched()  # every weight the model has got its trained value
    status.expect_partial()  # the optimizer's saved state is not loaded: nothing trains here
    model.prepared_for_prediction = False  # the label embeddings, from the loaded weights
    model._tf_predict_step = None  # traced now, after the load, as in Rasa
    model.run_inference(predict_data_example)
    return model


def load(cls: Any, model_file_name: str, model_data_example: Any, predict_data_example: Any = None,
         finetune_mode: bool = False, *args: Any, **kwargs: Any) -> Any:
    """`RasaModel.load` with the same arguments and the same model for prediction."""
    if _lean(cls, finetune_mode, predict_data_example):
        try:
            return _load_for_prediction(cls, model_file_name, predict_data_example, *args, **kwargs)
        except Exception as e:  # e.g. a weight missing from the file: Rasa's own load decides
            logger.warning("DIET's lean load failed (%s: %s); loading it as Rasa does", type(e).__name__,
                           str(e)[:200])
    return _original_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                          *args, **kwargs)


if getattr(_models.RasaModel.load, "__module__", "") != __name__:
    _models.RasaModel.load = classmethod(load)
