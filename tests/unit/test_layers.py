"""The layout holds: imports run one way between the layers, without cycles, and no module or
function grows past the size a reader takes in at once. Read from the source (ast), nothing is
imported.

    core/     plain Python both processes use: imports no Rasa and nothing of the other layers
    actions/  the action server: core/ and rasa_sdk only
    addons/   inside Rasa: core/ and Rasa
    tools/, bench/  harness, reports, benchmarks: anything but the tests
"""

import ast
from pathlib import Path
from typing import Dict, Set

import pytest

from tests.conftest import ROOT

LAYERS = ("core", "actions", "addons", "tools", "bench")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60
# Modules that are data (word lists) rather than logic may be longer.
DATA_MODULES = {"core/lexicon.py"}


def _modules() -> Dict[str, Path]:
    out = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> Set[str]:
    """Every module name an import statement in `path` names (module level or in functions)."""
    names: Set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _project_edges() -> Dict[str, Set[str]]:
    """module -> the project modules it imports."""
    return {mod: {n for n in _imports(path) if n in MODULES and n != mod}
            for mod, path in MODULES.items()}


EDGES = _project_edges()


def test_the_layers_exist():
    for name in ("core", "core.knowledge.base", "core.answers", "core.resolve", "actions.actions",
                 "addons.channels.guard", "addons.nlu.safety_net", "addons.patches.serving",
                 "addons.lock_store", "tools.servers"):
        assert name in MODULES, name


def test_no_import_cycles():
    state: Dict[str, int] = {}
    path: list = []

    def visit(mod: str) -> None:
        state[mod] = 1
        path.append(mod)
        for dep in sorted(EDGES[mod]):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(dep):] + [dep]))
            if dep not in state:
                visit(dep)
        path.pop()
        state[mod] = 2

    for mod in sorted(EDGES):
        if mod not in state:
            visit(mod)


ALLOWED = {
    "core": {"core"},
    "actions": {"core", "actions"},
    "addons": {"core", "addons"},
    "tools": {"core", "tools", "bench"},
    "bench": {"core", "tools", "bench"},
}


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_imports_run_one_way(mod):
    layer = mod.split(".")[0]
    for dep in EDGES[mod]:
        assert dep.split(".")[0] in ALLOWED[layer], f"{mod} imports {dep}"
    outside = {n.split(".")[0] for n in _imports(MODULES[mod])}
    assert "tests" not in outside, f"{mod} imports the tests"
    if layer == "core":
        foreign = outside & {"rasa", "rasa_sdk", "sanic", "tensorflow", "keras", "socketio"}
        assert not foreign, f"{mod} imports {foreign}: core/ is plain Python"
    if layer == "actions":
        assert "rasa" not in outside, f"{mod} imports Rasa: the action server has only rasa_sdk"


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_modules_and_functions_stay_small(mod):
    path = MODULES[mod]
    source = path.read_text(encoding="utf-8")
    rel = path.relative_to(ROOT).as_posix()
    if rel not in DATA_MODULES:
        assert len(source.splitlines()) <= MAX_MODULE_LINES, f"{rel} has over {MAX_MODULE_LINES} lines"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = node.end_lineno - node.lineno + 1
            assert lines <= MAX_FUNCTION_LINES, f"{rel}: {node.name} has {lines} lines"


def test_package_inits_do_no_work():
    """An __init__.py holds a docstring at most: importing a package runs nothing."""
    for path in MODULES.values():
        if path.name == "__init__.py":
            body = ast.parse(path.read_text(encoding="utf-8")).body
            assert all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body), path
