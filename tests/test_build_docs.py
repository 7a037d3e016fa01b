"""tools/build_docs.py (make docs): an offline HTML API reference of the public modules."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "build_docs.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_docs", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def test_public_modules_leave_out_private_ones() -> None:
    modules = tool.public_modules()
    for name in ("kickback_edu", "kickback_edu.figures", "kickback_edu.widgets",
                 "kickback_edu.data", "kickback_edu.quiz", "kickback_edu.widgets.base"):
        assert name in modules
    assert not [m for m in modules if "._" in m]


@pytest.mark.parametrize(
    ("html", "remote"),
    [('<script src="https://cdn.example/x.js"></script>', True),
     ("<link rel=stylesheet href=//cdn.example/x.css>", True),
     ('<script>var a = "https://pdoc.dev";</script>', False),
     ('<a href="https://pdoc.dev">pdoc</a>', False)],
)
def test_remote_assets_are_recognised(html: str, remote: bool) -> None:
    assert bool(tool.REMOTE_ASSET.search(html)) is remote


@pytest.mark.slow
def test_make_docs_builds_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    run = subprocess.run([sys.executable, str(TOOL), "--out", str(out)],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    for page in ("index.html", "kickback_edu.html", "kickback_edu/figures.html",
                 "kickback_edu/widgets.html", "kickback_edu/data.html",
                 "kickback_edu/statics.html", "kickback_edu/widgets/base.html"):
        assert (out / page).is_file(), page
    statics = (out / "kickback_edu" / "statics.html").read_text(encoding="utf-8")
    assert "gravity_torque" in statics
    assert "N·m" in statics  # the docstring's unit made it into the page
    assert not (out / "kickback_edu" / "_imports.html").exists()
