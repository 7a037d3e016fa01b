"""Project wiring: dependencies in step, layers respected, data in the wheel."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODEL_MODULES = ["body", "pose", "statics", "strength", "equipment", "curves", "dynamics",
                 "muscles", "data", "validation", "stance", "gait", "band_curve",
                 "my_equipment", "planning"]


def _names(reqs: list[str]) -> dict[str, str]:
    out = {}
    for req in reqs:
        m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", req)
        assert m, req
        out[m.group(1).lower().replace("_", "-")] = m.group(2).replace(" ", "")
    return out


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"] + project["optional-dependencies"]["test"])
    env_text = (REPO / "environment.yml").read_text()
    env_lines = env_text.split("dependencies:", 1)[1].splitlines()
    deps = [line.strip()[2:] for line in env_lines if line.startswith("  - ")]
    conda = {k: v for k, v in _names(deps).items() if k not in ("python", "pip")}
    assert conda == wanted
    for pkg in ("jupyterlab", "ipywidgets", "plotly", "nbval", "pandas"):
        assert pkg in wanted


def test_model_layer_imports_no_plotting_or_widgets() -> None:
    code = "import sys\n" + "".join(f"import kickback_edu.{m}\n" for m in MODEL_MODULES) + (
        "bad = [m for m in ('plotly', 'ipywidgets') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_wheel_carries_the_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    (wheel,) = tmp_path.glob("kickback_edu-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for csv in (REPO / "data").glob("*.csv"):
        assert f"kickback_edu/_data/{csv.name}" in names
    assert "kickback_edu/__init__.py" in names
    for js in (REPO / "src" / "kickback_edu" / "widgets" / "js").glob("*.js"):  # figure modules
        assert f"kickback_edu/widgets/js/{js.name}" in names


def test_figures_skip_the_slow_optional_import() -> None:
    """Importing the figures layer keeps jsonschema from loading rfc3987_syntax
    (2.5 s), and plotly's FigureWidget still works afterwards."""
    code = (
        "import sys, time\n"
        "import kickback_edu.figures\n"
        "import plotly.graph_objects as go\n"
        "go.FigureWidget()\n"
        "assert sys.modules.get('rfc3987_syntax') is None\n"
        "import jsonschema\n"
        "assert 'iri' not in jsonschema.FormatChecker.checkers\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

