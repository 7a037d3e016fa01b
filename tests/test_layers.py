"""The layers of design.md, read from the source: imports point down only.

    notebook edge   kickback_edu (the package's re-exports), kickback_edu.display
    widgets         kickback_edu.widgets.*        ipywidgets, anywidget, traitlets, plotly
    figures         kickback_edu.figures.*        plotly
    model           body, pose, statics, ...      numpy, pandas
    data            data, validation, quiz        numpy, pandas, the standard library

A module may import its own layer and the layers below, never one above, and
only the third-party front-end libraries its layer allows. Every import
statement counts, including the ones inside functions (lazy imports, which a
check of ``sys.modules`` after import would miss; tests/test_project.py makes
that runtime check for the model layer). ``kickback_edu._imports`` is a helper
any layer may use. CONTRIBUTING.md states the same rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "kickback_edu"
RANK = {"data": 0, "model": 1, "figures": 2, "widgets": 3, "edge": 4}
DATA_MODULES = {"kickback_edu.data", "kickback_edu.validation", "kickback_edu.quiz",
                "kickback_edu.csv_files", "kickback_edu.band_curve"}
EDGE_MODULES = {"kickback_edu", "kickback_edu.display", "kickback_edu.check_data",
                "kickback_edu.tally"}
HELPERS = {"kickback_edu._imports"}
FRONT_END = {"plotly", "ipywidgets", "anywidget", "traitlets", "IPython", "ipykernel"}
ALLOWED_FRONT_END = {
    "data": set(),
    "model": set(),
    "figures": {"plotly"},
    "widgets": {"plotly", "ipywidgets", "anywidget", "traitlets"},
    "edge": FRONT_END,
}


def layer(module: str) -> str | None:
    """The layer of a kickback_edu module (None for a shared helper)."""
    if module in HELPERS:
        return None
    if module in EDGE_MODULES:
        return "edge"
    if module in DATA_MODULES:
        return "data"
    for name in ("figures", "widgets"):
        if module == f"{PACKAGE}.{name}" or module.startswith(f"{PACKAGE}.{name}."):
            return name
    return "model"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(module: str, source: str, is_package: bool) -> set[str]:
    """Absolute names of every module the source imports (relative ones resolved)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(source)
    # `if TYPE_CHECKING:` imports are for the type checker only: no runtime dependency.
    type_only = {
        id(n) for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for stmt in block.body for n in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import x` / `from .figures import style` may name submodules;
            # `from . import data` imports the submodule, not the package's __init__
            subs = {f"{target}.{alias.name}" for alias in node.names}
            found.update(subs)
            if node.module or not subs <= set(SOURCES):
                found.add(target)
    return found


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    """Each import of ``source`` (module ``module``) that breaks the layer rule."""
    own = layer(module)
    if own is None:
        return []
    problems = []
    for target in sorted(imported_modules(module, source, is_package)):
        top = target.split(".")[0]
        if top == PACKAGE:
            if target not in ALL_MODULES:
                continue  # `from .x import name`: the name, not a module
            theirs = layer(target)
            if theirs is not None and RANK[theirs] > RANK[own]:
                problems.append(f"{module} ({own}) imports {target} ({theirs}), a layer above")
        elif top in FRONT_END and top not in ALLOWED_FRONT_END[own]:
            problems.append(f"{module} ({own}) imports {target}; the {own} layer may not")
    return problems


SOURCES = {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}
ALL_MODULES = set(SOURCES)


def test_the_layer_map_knows_every_module() -> None:
    assert {layer(m) for m in ALL_MODULES} == {None, *RANK}
    assert layer("kickback_edu.statics") == "model"
    assert layer("kickback_edu.figures.style") == "figures"
    assert layer("kickback_edu.widgets.base") == "widgets"


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_imports_point_down_only(module: str) -> None:
    path = SOURCES[module]
    assert violations(module, path.read_text(encoding="utf-8"), path.name == "__init__.py") == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("kickback_edu.pose", "import plotly.graph_objects as go",
         "kickback_edu.pose (model) imports plotly.graph_objects; the model layer may not"),
        ("kickback_edu.statics", "def f():\n    import ipywidgets\n",
         "kickback_edu.statics (model) imports ipywidgets; the model layer may not"),
        ("kickback_edu.figures.curves", "from ..widgets.base import FigureBox",
         "kickback_edu.figures.curves (figures) imports kickback_edu.widgets.base "
         "(widgets), a layer above"),
        ("kickback_edu.figures.leg", "import ipywidgets as w",
         "kickback_edu.figures.leg (figures) imports ipywidgets; the figures layer may not"),
        ("kickback_edu.data", "from .body import Body",
         "kickback_edu.data (data) imports kickback_edu.body (model), a layer above"),
        ("kickback_edu.widgets.leg", "from ..display import show",
         "kickback_edu.widgets.leg (widgets) imports kickback_edu.display (edge), a layer above"),
    ],
)
def test_a_broken_rule_is_named(module: str, source: str, expected: str) -> None:
    assert violations(module, source) == [expected]


def test_allowed_imports_pass() -> None:
    assert violations("kickback_edu.widgets.leg", "from ..figures.leg import side_view_figure\n"
                      "import ipywidgets as widgets\nfrom ..pose import pose") == []
    assert violations("kickback_edu.figures", "from .._imports import skip_slow_optional_imports",
                      is_package=True) == []
