"""Answers survive a kernel restart: a real kernel answers, a new kernel restores them.

The kernel runs in the notebook's folder (as JupyterLab runs it), with
``KICKBACK_PROGRESS`` unset, so this also checks the default place of the
progress file: next to the running notebook.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kickback_edu.quiz import load_quiz

pytestmark = pytest.mark.slow

ANSWER = """\
import os
from kickback_edu.widgets.quiz import Quiz
quiz = Quiz("anatomy")
quiz.choices[0].value = quiz.questions[0].answer.text
quiz.choices[2].value = [c.text for c in quiz.questions[2].choices if not c.correct][0]
print(os.getpid())
"""

CHECK = """\
import json, os
from kickback_edu.widgets.quiz import Quiz
quiz = Quiz("anatomy")
print(json.dumps({"pid": os.getpid(), "values": [b.value for b in quiz.choices],
                  "right": quiz.n_correct, "score": quiz.score.value}))
"""


def _run(folder: Path, source: str) -> str:
    """Execute one code cell in a fresh kernel whose working folder is ``folder``."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    outputs = nb.cells[0].outputs
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    return "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")


def test_answers_survive_a_kernel_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KICKBACK_PROGRESS")
    monkeypatch.delenv("KICKBACK_STATIC", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    first_pid = int(_run(work, ANSWER).strip())

    questions, _ = load_quiz("anatomy")
    saved = json.loads((work / "kickback-progress.json").read_text(encoding="utf-8"))
    assert {(a["quiz"], a["question_id"]) for a in saved["answers"]} == {
        ("anatomy", questions[0].question_id), ("anatomy", questions[2].question_id)}

    result = json.loads(_run(work, CHECK))
    assert result["pid"] != first_pid  # a new kernel process
    wrong = next(c.text for c in questions[2].choices if not c.correct)
    expected = [None] * len(questions)
    expected[0], expected[2] = questions[0].answer.text, wrong
    assert result["values"] == expected
    assert result["right"] == 1
    assert f"Answered 2 of {len(questions)}; 1 correct." in result["score"]
