"""Answers that last: the check-yourself widgets' link to the progress file.

:class:`QuizMemory` gives a :class:`~kickback_edu.widgets.quiz.Quiz` its
memory: it restores the learner's last answers from the progress file when the
quiz is built (so a restarted kernel or a reopened notebook shows them and the
score), records every pick, and adds a *Clear my answers* button.
:class:`ExerciseMemory` does the same for the spot-the-fault exercise.
:class:`ProgressView` shows the learner's progress per notebook.

The file, its schema and where it lives: :mod:`kickback_edu.progress`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from ..progress import (
    ExerciseQuestion,
    ProgressFile,
    progress_markdown,
    progress_path,
    progress_summary,
    question_signature,
)

if TYPE_CHECKING:
    from .quiz import Quiz

__all__ = ["ExerciseMemory", "ProgressView", "QuizMemory"]

_NOTE = "font-size:90%;color:#444;line-height:1.4"
_WARN = "border-left:4px solid #b3261e;background:#fdf3f2;padding:4px 10px;color:#1f1f1f"


def _note_html(text: str, warn: bool = False) -> str:
    style = _WARN if warn else _NOTE
    return f'<div role="status" style="{style}">{escape(text)}</div>' if text else ""


class QuizMemory:
    """Restores, records and clears the answers of one :class:`Quiz`.

    Built by the quiz itself (``quiz.memory``); it appends a note and a
    *Clear my answers* button to the quiz's children. ``file`` is the
    :class:`~kickback_edu.progress.ProgressFile` in use (its ``path`` is None
    when recording is off).
    """

    def __init__(self, quiz: Quiz) -> None:
        self.quiz = quiz
        self.file = ProgressFile(progress_path())
        self.signatures = [question_signature(q.text, (c.text for c in q.choices))
                           for q in quiz.questions]
        self._restoring = False
        self.note = w.HTML()
        self.clear_button = w.Button(
            description="Clear my answers", icon="eraser",
            tooltip="Forget this quiz's answers (here and in your progress file)",
            layout=w.Layout(width="auto"))
        self.clear_button.on_click(lambda _: self.clear())
        self.box = w.HBox([self.clear_button, self.note],
                          layout=w.Layout(align_items="center", grid_gap="10px"))
        if self.file.enabled and quiz.questions:
            quiz.children = (*quiz.children, self.box)
        quiz.memory = self  # restoring sets values, whose observer calls quiz.memory.record
        self.restored = self.restore()

    def restore(self) -> int:
        """Put the last recorded answers back; returns how many were restored."""
        entries = self.file.read()
        restored, stale = 0, []
        self._restoring = True
        try:
            for n, (question, buttons) in enumerate(
                    zip(self.quiz.questions, self.quiz.choices, strict=True), start=1):
                entry = entries.get((question.quiz, question.question_id))
                if entry is None:
                    continue
                if entry.latest.choice in {c.text for c in question.choices}:
                    buttons.value = entry.latest.choice
                    restored += 1
                else:
                    stale.append(str(n))
        finally:
            self._restoring = False
        notes = []
        if restored:
            notes.append(f"Welcome back: your last answer to {restored} question"
                         f"{'s' if restored != 1 else ''} is shown (saved in "
                         f"{self.file.path.name if self.file.path else 'your progress file'}).")
        if stale:
            notes.append(f"Question {', '.join(stale)} changed since you answered it: "
                         "please answer again.")
        self.note.value = (_note_html(self.file.problem, warn=True) if self.file.problem
                           else _note_html(" ".join(notes)))
        return restored

    def record(self, index: int, choice_text: str | None) -> None:
        """Save a pick of question ``index`` (not while restoring; not a cleared answer)."""
        if self._restoring or choice_text is None or not self.file.enabled:
            return
        question = self.quiz.questions[index]
        correct = choice_text == question.answer.text
        self.file.record(question.quiz, question.question_id, choice_text, correct,
                         self.signatures[index])
        if self.file.problem:
            self.note.value = _note_html(self.file.problem, warn=True)

    def clear(self) -> int:
        """Forget this quiz's answers: in the widget and in the file. Returns how many."""
        ids = [q.question_id for q in self.quiz.questions]
        gone = self.file.clear(self.quiz.quiz_id, ids)
        self._restoring = True
        try:
            for buttons in self.quiz.choices:
                buttons.value = None
        finally:
            self._restoring = False
        self.note.value = _note_html("Your answers to this quiz are cleared.")
        return gone


class ExerciseMemory:
    """Restores and records the answer of an exercise widget (:class:`SpotTheFault`).

    The exercise calls :meth:`record` with the value typed and the outcome
    (one of ``question.choices``); on building, :meth:`restore` returns the
    last value typed (None if there is none).
    """

    def __init__(self, question: ExerciseQuestion) -> None:
        self.question = question
        self.file = ProgressFile(progress_path())

    def restore(self) -> float | None:
        """The last value the learner checked, or None."""
        entry = self.file.read().get((self.question.quiz, self.question.question_id))
        if entry is None or entry.latest.value is None:
            return None
        return entry.latest.value

    def record(self, outcome: str, value: float) -> None:
        """Save a checked answer: ``outcome`` must be one of the question's choices."""
        choices = {c[0]: c[1] for c in self.question.choices}
        if outcome not in choices:
            raise ValueError(f"outcome must be one of {sorted(choices)}; got {outcome!r}")
        self.file.record(self.question.quiz, self.question.question_id, outcome,
                         choices[outcome], self.question.signature, value=value)

    def clear(self) -> int:
        """Forget this exercise's answer."""
        return self.file.clear(self.question.quiz, [self.question.question_id])


class ProgressView(w.VBox):
    """The learner's progress across the course: answered and right per notebook.

    Reads the progress file when built and when *Refresh* is pressed (answers
    given in other notebooks appear then). ``table`` is the HTML widget with
    the table; ``description`` the same as Markdown (for a static copy).
    """

    def __init__(self) -> None:
        self.table = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh",
                                       tooltip="Read your progress file again",
                                       layout=w.Layout(width="auto"))
        self.refresh_button.on_click(lambda _: self.refresh())
        super().__init__(children=[self.table, self.refresh_button])
        self.refresh()

    def refresh(self) -> None:
        """Read the progress file again and redraw the table."""
        path = progress_path()
        if path is None:
            self.table.value = _note_html("Recording answers is switched off here "
                                          "(KICKBACK_PROGRESS=off, or a static copy).")
            return
        rows = progress_summary()
        head = ("<tr><th style='text-align:left'>notebook</th><th>answered</th>"
                "<th>right now</th><th>right at first try</th></tr>")
        body = "".join(
            f"<tr><td>{escape(r.notebook or r.quiz)}</td>"
            f"<td style='text-align:center'>{r.answered} of {r.questions}</td>"
            f"<td style='text-align:center'>{r.right}</td>"
            f"<td style='text-align:center'>{r.right_first}</td></tr>" for r in rows)
        asked = sum(r.questions for r in rows)
        answered = sum(r.answered for r in rows)
        right = sum(r.right for r in rows)
        self.table.value = (
            f"<div style='line-height:1.45'><b>Your progress</b>: {answered} of {asked} "
            f"questions answered, {right} right. Saved in <code>{escape(str(path))}</code>."
            f"<table style='border-collapse:collapse;margin-top:4px'>{head}{body}</table></div>")

    @property
    def description(self) -> str:  # type: ignore[override]
        """The progress table as Markdown."""
        if progress_path() is None:
            return ("*Your progress*: in the live notebook, a table here shows how many "
                    "questions of each notebook you have answered and got right. This copy "
                    "has no kernel, so it records nothing.")
        return "**Your progress**\n\n" + progress_markdown()
