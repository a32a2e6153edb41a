"""Rasa's server without what it loads at start-up and never uses here (docs/performance.md,
"Memory, session 7"; tests/unit/addons/test_lean_imports.py).

It has to act before `rasa`'s own imports, which load TensorFlow, so no module Rasa imports by
name can do it: addons/startup/sitecustomize.py calls `install()` first thing in every Python
process whose PYTHONPATH holds addons/startup, which the start commands give Rasa and the action
server (tools/servers.py, scripts/serve.sh, web.sh, chat.sh, lib.sh, deploy/cluster.sh).
`rasa train` and the test runner go without it. LEAN_IMPORTS=0 switches all of it off.
Written for Rasa 3.6.21 with TensorFlow / Keras 2.12 (re-check both lists on an upgrade):

- BLOCKED: unimportable (`sys.modules[name] = None`: `import` raises ModuleNotFoundError, an
  ImportError, and `importlib.util.find_spec` answers None, as for a package not installed).
  Each is imported only inside `try: ... except ImportError:` by libraries that then go without
  it, for a feature this deployment never uses (the reasons are the values of BLOCKED).
- AFTER: a patch module imported right after a module has loaded (the patch needs the module,
  and must be in place before Rasa uses it): addons/patches/lean_model.py, DIET's load.

Nothing already imported is blocked. A patch that fails to import is logged and left out:
Rasa then runs as it would without it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import logging
import os
import sys
from typing import Any, Dict, List, Mapping, Optional

# name -> who imports it (always inside try/except ImportError) and what goes without it here
BLOCKED: Dict[str, str] = {
    "jax": "TensorFlow's TFLite converter (tensorflow/lite/python/util.py: `from jax import "
           "xla_computation`, to convert JAX functions); Rasa never converts a model (~64 MB)",
    "h5py": "Keras and tf.keras, for HDF5 model files (keras/saving/*, keras/engine/training.py, "
            "tensorflow/python/keras/saving/hdf5_format.py); Rasa saves and loads its weights "
            "as TensorFlow checkpoints (rasa/utils/tensorflow/models.py: save_format='tf') (~11 MB)",
}

# module -> the patch module imported right after it has loaded
AFTER: Dict[str, str] = {
    "rasa.utils.tensorflow.models": "addons.patches.lean_model",
}


class _ThenPatch(importlib.abc.Loader):
    """The module's own loader; once the module has run, its patch is imported."""

    def __init__(self, loader: Any, patch: str) -> None:
        self.loader, self.patch = loader, patch

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        module.__loader__ = self.loader  # the module keeps its own loader (sources, tracebacks)
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        try:
            importlib.import_module(self.patch)
        except Exception as e:  # a memory saving must never stop Rasa from starting
            logging.getLogger(__name__).warning("%s left out (%s: %s): %s runs as Rasa's own", self.patch,
                                                type(e).__name__, e, module.__name__)


class AfterFinder(importlib.abc.MetaPathFinder):
    """Finds the modules of AFTER as the other finders do, and imports each one's patch after it."""

    def __init__(self, after: Mapping[str, str]) -> None:
        self.after = dict(after)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Optional[importlib.machinery.ModuleSpec]:
        patch = self.after.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if isinstance(finder, AfterFinder) or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _ThenPatch(spec.loader, patch)
        return spec


def install(environ: Mapping[str, str] = os.environ) -> Dict[str, List[str]]:
    """Block BLOCKED and hook AFTER in this process, unless LEAN_IMPORTS=0. Leaves alone what is
    already imported. Returns what it did ({"blocked": [...], "after": [...]}); calling it
    again does nothing more."""
    done: Dict[str, List[str]] = {"blocked": [], "after": []}
    if environ.get("LEAN_IMPORTS", "1").strip() == "0":
        return done
    for name in BLOCKED:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]
            done["blocked"].append(name)
    after = {name: patch for name, patch in AFTER.items() if name not in sys.modules}
    if after and not any(isinstance(f, AfterFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, AfterFinder(after))
        done["after"] = sorted(after)
    return done


def status() -> Dict[str, List[str]]:
    """What is blocked in this process, and which patches of AFTER are applied."""
    return {"blocked": [n for n in BLOCKED if n in sys.modules and sys.modules[n] is None],
            "patched": [p for n, p in AFTER.items() if sys.modules.get(n) is not None and p in sys.modules]}
