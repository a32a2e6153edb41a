"""First code of every Python process whose PYTHONPATH holds this directory (the start commands
give it to Rasa and the action server): addons/patches/lean_imports.py keeps the libraries they
import and never use out of memory. It runs before `rasa` imports TensorFlow. Then the next
sitecustomize on the path, if the Python installation has one, runs as it would have."""

import importlib.machinery
import importlib.util
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_root = os.path.dirname(os.path.dirname(_here))
sys.path.insert(0, _root)
try:
    from addons.patches import lean_imports

    lean_imports.install()
finally:
    sys.path.remove(_root)

_spec = importlib.machinery.PathFinder.find_spec(
    "sitecustomize", [p for p in sys.path if os.path.abspath(p or ".") != _here])
if _spec is not None and _spec.loader is not None:
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)
