"""tools/check_notebooks.py: outputs only in nbval-checked cells (tag or comment)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "check_notebooks.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_notebooks", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def _stream(text: str = "31.2\n") -> nbformat.NotebookNode:
    return new_output("stream", name="stdout", text=text)


def _write(tmp_path: Path, *cells: nbformat.NotebookNode, **metadata: object) -> Path:
    nb = new_notebook(cells=[new_markdown_cell("# Title"), *cells], metadata=metadata)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_clean_notebook_passes(tmp_path: Path) -> None:
    path = _write(tmp_path, new_code_cell("x = 1"), new_code_cell("show(x)"))
    assert tool.notebook_problems(path) == []


@pytest.mark.parametrize("marker", ["tag", "comment"])
def test_a_checked_cell_may_store_its_output(tmp_path: Path, marker: str) -> None:
    if marker == "tag":
        cell = new_code_cell("print(1)", metadata={"tags": ["nbval-check-output"]})
    else:
        cell = new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(1)")
    cell.outputs = [_stream()]
    cell.execution_count = 4
    assert tool.notebook_problems(_write(tmp_path, cell)) == []


def test_an_output_in_an_unchecked_cell_is_named(tmp_path: Path) -> None:
    cell = new_code_cell("print(1)", id="abc123")
    cell.outputs = [_stream(), _stream()]
    problems = tool.notebook_problems(_write(tmp_path, new_code_cell("x = 1"), cell))
    assert len(problems) == 1
    assert "cell 3 (id abc123)" in problems[0]  # cell 1 is the markdown title
    assert "stores 2 output(s)" in problems[0]


def test_an_execution_count_alone_is_a_problem(tmp_path: Path) -> None:
    cell = new_code_cell("x = 1")
    cell.execution_count = 7
    (problem,) = tool.notebook_problems(_write(tmp_path, cell))
    assert "execution count 7" in problem


def test_another_tag_or_a_marker_in_a_string_does_not_count(tmp_path: Path) -> None:
    tagged = new_code_cell("print(1)", metadata={"tags": ["nbval-ignore-output"]})
    quoted = new_code_cell("print('# NBVAL_CHECK_OUTPUT')")
    for cell in (tagged, quoted):
        cell.outputs = [_stream()]
    assert len(tool.notebook_problems(_write(tmp_path, tagged, quoted))) == 2


def test_a_checked_cell_without_stored_output_is_a_problem(tmp_path: Path) -> None:
    cell = new_code_cell("print(1)", metadata={"tags": ["nbval-check-output"]})
    problems = tool.notebook_problems(_write(tmp_path, cell))
    assert len(problems) == 2
    assert "no output to compare against" in problems[0]
    assert "no execution count" in problems[1]


def test_saved_widget_state_is_a_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, new_code_cell("x = 1"),
                  widgets={"application/vnd.jupyter.widget-state+json": {"state": {}}})
    (problem,) = tool.notebook_problems(path)
    assert "widget state" in problem


def test_a_broken_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    (problem,) = tool.notebook_problems(path)
    assert "cannot be read" in problem


def test_command_line_exit_codes(tmp_path: Path) -> None:
    dirty = new_code_cell("print(1)")
    dirty.outputs = [_stream()]
    bad = _write(tmp_path, dirty)
    run = subprocess.run([sys.executable, str(TOOL), str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    assert str(bad) in run.stdout


def test_the_course_notebooks_are_committed_clean() -> None:
    run = subprocess.run([sys.executable, str(TOOL)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert len(sorted((REPO / "notebooks").glob("*.ipynb"))) >= 5
