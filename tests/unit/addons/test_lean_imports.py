"""addons/patches/lean_imports.py and the start-up hook (addons/startup): a blocked module cannot
be imported and looks not installed, and TensorFlow, Keras and Rasa go on without it; a patch of
AFTER is imported right after its module; LEAN_IMPORTS=0 and an earlier import leave everything
as it was; the hook runs before anything else and still runs the installation's own
sitecustomize. addons/patches/lean_model.py: DIET loaded without its training step predicts
exactly what Rasa's own load predicts (bot: needs the trained model)."""

import importlib
import importlib.util
import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from addons.patches import lean_imports
from tests.conftest import ROOT

STARTUP = ROOT / "addons" / "startup"
FAKES = ["lean_fake_blocked", "lean_fake_loaded", "lean_fake_target", "lean_fake_patch", "lean_fake_broken"]


def run_python(code: str, env=None, pythonpath: str = str(STARTUP), timeout: int = 300) -> str:
    """Run `code` in a fresh Python (cwd /: nothing of the project on its path but the hook's
    own); its stdout."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("LEAN_IMPORTS", "LEAN_MODEL_LOAD")}
    full_env.update({"PYTHONPATH": pythonpath, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})})
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd="/", env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.fixture
def fakes(monkeypatch, tmp_path):
    """lean_imports with BLOCKED and AFTER of its own, on modules written to tmp_path."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    for name in FAKES:
        monkeypatch.delitem(sys.modules, name, raising=False)
    (tmp_path / "lean_fake_blocked.py").write_text("VALUE = 1\n")
    (tmp_path / "lean_fake_loaded.py").write_text("VALUE = 2\n")
    (tmp_path / "lean_fake_target.py").write_text("def answer():\n    return 'own'\n")
    (tmp_path / "lean_fake_patch.py").write_text("import lean_fake_target\nlean_fake_target.answer = lambda: 'patched'\n")
    (tmp_path / "lean_fake_broken.py").write_text("raise RuntimeError('written for another version')\n")
    monkeypatch.setattr(lean_imports, "BLOCKED", {"lean_fake_blocked": "test"})
    monkeypatch.setattr(lean_imports, "AFTER", {"lean_fake_target": "lean_fake_patch"})
    yield tmp_path
    for name in FAKES:
        sys.modules.pop(name, None)


def test_a_blocked_module_raises_importerror_and_looks_not_installed(fakes):
    assert lean_imports.install({})["blocked"] == ["lean_fake_blocked"]
    with pytest.raises(ImportError):
        importlib.import_module("lean_fake_blocked")
    try:  # what the libraries do
        import lean_fake_blocked  # noqa: F401
        available = True
    except ImportError:
        available = False
    assert not available
    assert importlib.util.find_spec("lean_fake_blocked") is None
    assert lean_imports.status()["blocked"] == ["lean_fake_blocked"]


def test_a_patch_is_imported_right_after_its_module(fakes):
    assert lean_imports.install({})["after"] == ["lean_fake_target"]
    assert "lean_fake_patch" not in sys.modules
    import lean_fake_target

    assert lean_fake_target.answer() == "patched"
    assert lean_imports.status()["patched"] == ["lean_fake_patch"]
    loader = lean_fake_target.__loader__  # its own loader (sources, tracebacks), not the hook's
    assert type(loader).__name__ == "SourceFileLoader" and lean_fake_target.__spec__.loader is loader


def test_a_patch_that_fails_is_logged_and_the_module_runs_as_its_own(fakes, monkeypatch, caplog):
    monkeypatch.setattr(lean_imports, "AFTER", {"lean_fake_target": "lean_fake_broken"})
    lean_imports.install({})
    with caplog.at_level(logging.WARNING, logger=lean_imports.__name__):
        import lean_fake_target
    assert lean_fake_target.answer() == "own"
    assert "lean_fake_broken left out (RuntimeError" in caplog.text


def test_switched_off_or_already_imported_nothing_changes(fakes, monkeypatch):
    assert lean_imports.install({"LEAN_IMPORTS": "0"}) == {"blocked": [], "after": []}
    assert importlib.import_module("lean_fake_blocked").VALUE == 1
    assert importlib.import_module("lean_fake_target").answer() == "own"
    import lean_fake_loaded

    monkeypatch.setattr(lean_imports, "BLOCKED", {"lean_fake_loaded": "test"})
    monkeypatch.setattr(lean_imports, "AFTER", {"lean_fake_target": "lean_fake_patch"})
    assert lean_imports.install({}) == {"blocked": [], "after": []}
    assert importlib.import_module("lean_fake_loaded") is lean_fake_loaded


def test_installing_twice_adds_one_finder(fakes):
    lean_imports.install({})
    lean_imports.install({})
    assert sum(isinstance(f, lean_imports.AfterFinder) for f in sys.meta_path) == 1


def test_the_hook_runs_first_and_then_the_installations_own_sitecustomize(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "sitecustomize.py").write_text("import sys\nsys.other_sitecustomize_ran = 'jax' in sys.modules\n")
    out = run_python("""
        import sys
        print(sorted(n for n in ("jax", "h5py", "tensorflow", "rasa") if n in sys.modules))
        print(sys.modules["jax"], sys.modules["h5py"], getattr(sys, "other_sitecustomize_ran", None))
    """, pythonpath=f"{STARTUP}{os.pathsep}{other}")
    assert out.splitlines() == ["['h5py', 'jax']", "None None True"], out


def test_the_hook_is_off_with_lean_imports_0():
    out = run_python("import sys; print('jax' in sys.modules, 'h5py' in sys.modules)", env={"LEAN_IMPORTS": "0"})
    assert out.strip() == "False False"


def test_tensorflow_keras_and_rasa_go_without_the_blocked_modules():
    """What `rasa run` imports, under the hook: each importer of a blocked module took its
    except-ImportError path, nothing failed, and DIET's load is patched."""
    out = run_python("""
        import sys
        import rasa.__main__, rasa.core.run, rasa.server, rasa.core.channels  # as `rasa run`
        from rasa.nlu.classifiers.diet_classifier import DIETClassifier  # noqa: F401
        import keras.saving.legacy.save, tensorflow.python.keras.saving.hdf5_format as tf_hdf5
        tflite_util = sys.modules["tensorflow.lite.python.util"]  # imported by TensorFlow itself
        from rasa.utils.tensorflow.models import RasaModel
        from addons.patches import lean_imports
        print(tflite_util._xla_computation is None, keras.saving.legacy.save.h5py is None, tf_hdf5.h5py is None)
        print(lean_imports.status())
        print(RasaModel.load.__func__.__module__)
    """, pythonpath=f"{STARTUP}{os.pathsep}{ROOT}")
    assert out.splitlines()[-3:] == [
        "True True True",
        "{'blocked': ['jax', 'h5py'], 'patched': ['addons.patches.lean_model']}",
        "addons.patches.lean_model"], out


@pytest.fixture
def lean_model(monkeypatch):
    """addons/patches/lean_model.py, with RasaModel.load as it was before the test afterwards."""
    from rasa.utils.tensorflow import models

    monkeypatch.setattr(models.RasaModel, "load", models.RasaModel.__dict__["load"])
    from addons.patches import lean_model

    return lean_model


def test_only_diet_for_prediction_gets_the_lean_load(lean_model, monkeypatch):
    from rasa.core.policies.ted_policy import TED
    from rasa.nlu.classifiers.diet_classifier import DIET
    from rasa.nlu.selectors.response_selector import DIET2DIET

    example = {"text": "an example"}
    assert lean_model._lean(DIET, False, example) and lean_model._lean(DIET2DIET, False, example)
    assert not lean_model._lean(DIET, True, example)  # finetuning goes on training: the optimizer's state
    assert not lean_model._lean(DIET, False, None)
    assert not lean_model._lean(TED, False, example)
    monkeypatch.setenv("LEAN_MODEL_LOAD", "0")
    assert not lean_model._lean(DIET, False, example)


def test_a_failing_lean_load_falls_back_to_rasas_own(lean_model, monkeypatch, caplog):
    def unmatched(*args, **kwargs):
        raise AssertionError("Unresolved object in checkpoint")

    monkeypatch.setattr(lean_model, "_lean", lambda *args: True)
    monkeypatch.setattr(lean_model, "_load_for_prediction", unmatched)
    monkeypatch.setattr(lean_model, "_original_load", lambda cls, *args, **kwargs: ("Rasa's own", cls, args))
    with caplog.at_level(logging.WARNING, logger=lean_model.__name__):
        assert lean_model.load(object, "model-file", "data", "example") == ("Rasa's own", object,
                                                                           ("model-file", "data", "example", False))
    assert "DIET's lean load failed (AssertionError" in caplog.text


PARSE = """
    import asyncio, glob, json, sys, yaml
    from rasa.core.agent import load_agent
    import rasa.utils.tensorflow.models as models
    agent = asyncio.run(load_agent(model_path="models/child-safety.tar.gz"))
    texts = []
    for f in sorted(glob.glob("tests/heldout/nlu*/*.yml")):
        for block in yaml.safe_load(open(f, encoding="utf-8"))["nlu"]:
            texts += [t[2:].strip() for t in block.get("examples", "").splitlines() if t.startswith("- ")]
    async def parse_all():
        return [await agent.parse_message(t) for t in texts]
    print(json.dumps({"load": models.RasaModel.load.__func__.__module__,
                      "parses": [[p["text"], p["intent"], p["intent_ranking"]] for p in asyncio.run(parse_all())]}))
"""


@pytest.mark.bot
def test_diet_loaded_without_its_training_step_predicts_exactly_as_rasas_own_load():
    def parses(lean_model: str):
        full_env = {**os.environ, "PYTHONPATH": f"{STARTUP}{os.pathsep}{ROOT}", "LEAN_MODEL_LOAD": lean_model,
                    "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"}
        proc = subprocess.run([sys.executable, "-c", textwrap.dedent(PARSE)], cwd=ROOT, env=full_env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return json.loads(proc.stdout.strip().splitlines()[-1])

    rasas, lean = parses("0"), parses("1")
    assert len(lean["parses"]) > 800
    assert lean["parses"] == rasas["parses"]  # every intent and confidence of the ranking, to the last bit
