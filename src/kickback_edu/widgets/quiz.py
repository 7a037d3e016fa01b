"""Check-yourself widgets: the quiz of each notebook and the spot-the-fault exercise.

``Quiz(quiz_id)`` renders the questions of one quiz from ``data/quiz.csv``
(see :mod:`kickback_edu.quiz`): one set of radio buttons per question, and
feedback that explains *why* the moment a choice is picked. A broken quiz file
never crashes the notebook: the valid questions are shown and the problems
(file, line, column, what is wrong) are listed above them.

``SpotTheFault(body)`` asks for the lift angle at which the low back starts to
arch and answers from the model (:func:`kickback_edu.pose.pose`).

Neither widget has a figure. For a static copy (no kernel) each has
``static_html()`` (the questions as HTML, answers folded in ``<details>``) and
a ``.description`` (the same as Markdown text, answers left out).
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..body import Body
from ..data import DataError
from ..pose import LIFT_RANGE_DEG, pose
from ..progress import SPOT_THE_FAULT
from ..quiz import LETTERS as _LETTERS
from ..quiz import Question, load_quiz_bank
from ..validation import check_number
from .checks import body_or_default
from .palette import BAD, GOOD
from .palette import STYLE as _COLOURS
from .progress import ExerciseMemory, QuizMemory

__all__ = ["Quiz", "SpotTheFault"]

# ipywidgets gives each radio label a fixed one-line height: let long answers wrap.
_CHOICES_CLASS = "kickback-quiz-choices"
# A long choice wraps beside its radio button, not under it: the label is a flex row
# with the button first (ipywidgets floats the button, so a wrapped first line ran
# left of it and the button sat on the second line; seen at 900 px).
_CSS = _COLOURS + (f"<style>.{_CHOICES_CLASS} label {{height:auto !important;"
                   "line-height:1.4 !important;white-space:normal !important;"
                   "padding:2px 0;display:flex !important;align-items:flex-start;"
                   f"gap:0.2em}} .{_CHOICES_CLASS} input {{float:none !important;"
                   "flex:none;order:-1;height:1.4em !important;margin-top:0 !important}"
                   "</style>")
_WARN_BOX = ("border-left:4px solid #b3261e;background:#fdf3f2;padding:6px 10px;"
             "margin:4px 0;color:#1f1f1f")


def _verdict(correct: bool, text: str) -> str:
    """Feedback HTML: a plain-word verdict (not colour alone) and the reason."""
    mark, word, kind = ("✓", "Correct.", GOOD) if correct else ("✗", "Not quite.", BAD)
    # The colours follow JupyterLab's light or dark theme (see palette.py).
    return (f'{_COLOURS}<div role="status" aria-live="polite" class="{kind}-edge" '
            f'style="border-left:4px solid;padding:4px 10px;margin:2px 0 10px 0;'
            f'line-height:1.45"><b class="{kind}">{mark} {word}</b> {escape(text)}</div>')


def _errors_html(errors: list[DataError]) -> str:
    items = "".join(f"<li><code>{escape(str(e))}</code></li>" for e in errors)
    return (f'<div role="alert" style="{_WARN_BOX}"><b>Some quiz questions could not be '
            f"loaded</b> and are left out. Fix these lines of the quiz file (then re-run "
            f"this cell):<ul>{items}</ul></div>")


class Quiz(w.VBox):
    """The check-yourself questions of one quiz (``quiz`` column of ``data/quiz.csv``).

    Attributes: ``questions`` (valid :class:`~kickback_edu.quiz.Question` list),
    ``errors`` (the :class:`~kickback_edu.data.DataError` list shown in the
    widget), ``choices`` (one ``RadioButtons`` per question), ``feedback`` (one
    ``HTML`` per question, filled when a choice is picked) and ``score``.
    """

    def __init__(self, quiz_id: str) -> None:
        self.quiz_id = quiz_id
        self.questions: list[Question] = []
        self.errors: list[DataError] = []
        try:
            bank = load_quiz_bank()
        except DataError as err:  # missing file or column: nothing can load
            self.errors = [err]
        else:
            self.questions = [q for q in bank.questions if q.quiz == quiz_id]
            self.errors = bank.errors_for(quiz_id)
            if not self.questions and not self.errors:
                known = ", ".join(repr(k) for k in bank.quiz_ids()) or "none"
                self.errors = [DataError(
                    bank.path, f"no questions for quiz {quiz_id!r}; the quizzes in the file "
                    f"are {known}", column="quiz")]
        self.choices: list[w.RadioButtons] = []
        self.feedback: list[w.HTML] = []
        self.score = w.HTML()
        children: list[w.Widget] = [w.HTML(
            f"{_CSS}<div style='line-height:1.45'><b>Check yourself</b>: "
            f"{len(self.questions)} question"
            f"{'s' if len(self.questions) != 1 else ''}. Pick an answer to see why it is "
            "right or wrong; you can change your answer as often as you like.</div>")]
        if self.errors:
            children.append(w.HTML(_errors_html(self.errors)))
        for n, question in enumerate(self.questions, start=1):
            # Labelled A, B, C ... as in the handout and the answer key; the value is the text.
            buttons = w.RadioButtons(
                options=[(f"{_LETTERS[k]}) {c.text}", c.text)
                         for k, c in enumerate(question.choices)], value=None,
                layout=w.Layout(width="auto"),
            )
            buttons.add_class(_CHOICES_CLASS)
            buttons.observe(self._on_pick, names="value")
            note = w.HTML()
            self.choices.append(buttons)
            self.feedback.append(note)
            # A wrapped question reads as one paragraph (the widget's own line height is
            # a control's, 28 px).
            question_html = (f"<div style='line-height:1.4;margin-top:0.5em'><b>{n}. "
                             f"{escape(question.text)}</b></div>")
            children += [w.HTML(question_html), buttons, note]
        if self.questions:
            children.append(self.score)
        super().__init__(children=children)
        # the learner's last answers come back from the progress file (kickback_edu.progress)
        self.memory = QuizMemory(self)
        self._update_score()

    def _on_pick(self, change: dict[str, Any]) -> None:
        i = self.choices.index(change["owner"])
        self.feedback[i].value = self.feedback_html(i, change["new"])
        self._update_score()
        self.memory.record(i, change["new"])

    def feedback_html(self, index: int, choice_text: str | None) -> str:
        """The feedback HTML for picking ``choice_text`` in question ``index`` ("" if none)."""
        if choice_text is None:
            return ""
        choice = next(c for c in self.questions[index].choices if c.text == choice_text)
        return _verdict(choice.correct, choice.feedback)

    def _update_score(self) -> None:
        picked = [b.value for b in self.choices]
        answered = sum(v is not None for v in picked)
        right = sum(v == q.answer.text for v, q in zip(picked, self.questions, strict=True))
        self.score.value = (f"<i>Answered {answered} of {len(self.questions)}; "
                            f"{right} correct.</i>")

    @property
    def n_correct(self) -> int:
        """How many questions are answered correctly right now."""
        return sum(b.value == q.answer.text
                   for b, q in zip(self.choices, self.questions, strict=True))

    @property
    def description(self) -> str:
        """The questions and choices as Markdown (no answers), for a static copy."""
        lines = [f"**Check yourself** ({len(self.questions)} questions; answers in the "
                 "teacher guide or the live notebook)."]
        for err in self.errors:
            lines.append(f"\n> Quiz file problem: `{err}`")
        for n, q in enumerate(self.questions, start=1):
            lines.append(f"\n{n}. {q.text}")
            lines += [f"   - {_LETTERS[k]}) {c.text}" for k, c in enumerate(q.choices)]
        return "\n".join(lines)

    def static_html(self) -> str:
        """The quiz as self-contained HTML: questions, choices, answers folded away.

        Each choice carries its letter in its text (A), B), ...), as the answers name
        them: a list's own markers follow the page's stylesheet (JupyterLab's numbers
        every ``<ol>``). After the questions comes an answer key
        (``class="kickback-answer-key"``) that a printed handout shows instead of the
        folded answers (tools/build_html.py's print stylesheet).
        """
        label = escape(f"Check yourself: {self.quiz_id}")
        parts = [f'<section class="kickback-quiz" aria-label="{label}">',
                 f"<p><b>Check yourself</b> ({len(self.questions)} questions). Decide on an "
                 "answer, then check it: on screen open “Answer and why”; on paper the "
                 "answers follow the last question.</p>"]
        if self.errors:
            parts.append(_errors_html(self.errors))
        key = []
        for n, q in enumerate(self.questions, start=1):
            options = "".join(f"<li>{_LETTERS[k]}) {escape(c.text)}</li>"
                              for k, c in enumerate(q.choices))
            why = "".join(
                f"<li><b>{_LETTERS[k]}</b> ({'right' if c.correct else 'wrong'}): "
                f"{escape(c.feedback)}</li>" for k, c in enumerate(q.choices))
            answer = (f"The answer is <b>{q.answer_letter}) {escape(q.answer.text)}</b>.")
            parts.append(
                f"<p style=\"margin:1.2em 0 0.4em\"><b>{n}. {escape(q.text)}</b></p>"
                "<ol type=\"A\" style=\"list-style:none;padding-left:1.5em\">"
                f"{options}</ol>"
                f"<details><summary>Answer and why</summary><p>"
                f"{answer}</p><ul>{why}</ul></details>")
            key.append(f"<li><p>{answer}</p><ul>{why}</ul></li>")
        if key:
            parts.append('<div class="kickback-answer-key"><p><b>Answers to the '
                         f"questions above</b></p><ol>{''.join(key)}</ol></div>")
        parts.append("</section>")
        return "".join(parts)


class SpotTheFault(w.VBox):
    """Exercise: at what lift angle does the low back start to arch?

    The learner finds it by moving a leg explorer, types the angle and presses
    *Check*. The model's answer is ``90 + body.hip_extension_limit_deg``
    (thigh parallel to the torso, plus the little extension the hip has);
    answers within ``tolerance_deg`` count as right. Feedback tells how far the
    hip or the low back has moved at the angle typed.
    """

    def __init__(self, body: Body | None = None, tolerance_deg: float = 2.0) -> None:
        self.body = body_or_default(body)
        self.tolerance_deg = check_number("tolerance_deg", tolerance_deg, 0.0, 10.0,
                                          unit="degrees")
        self.angle = w.BoundedFloatText(
            value=90.0, min=LIFT_RANGE_DEG[0], max=LIFT_RANGE_DEG[1], step=1.0,
            description="Lift (°)", style={"description_width": "initial"},
            layout=w.Layout(width="180px"),
        )
        self.check = w.Button(description="Check my answer", button_style="primary",
                              tooltip="Compare your angle with the model")
        self.feedback = w.HTML()
        self.check.on_click(lambda _: self._show(self.angle.value))
        super().__init__(children=[
            w.HTML("<div style='line-height:1.45'><b>Spot the fault.</b> Find the lift angle "
                   "at which the low back <i>starts</i> to arch (the last angle with a neutral "
                   "back), type it in and press the button.</div>"),
            w.HBox([self.angle, self.check]), self.feedback,
        ])
        self.memory = ExerciseMemory(SPOT_THE_FAULT)
        last = self.memory.restore()
        if last is not None and LIFT_RANGE_DEG[0] <= last <= LIFT_RANGE_DEG[1]:
            self.angle.value = last
            self._show(last, record=False)

    @property
    def answer_deg(self) -> float:
        """The model's answer in degrees (°) of lift: where hip extension runs out."""
        return 90.0 + self.body.hip_extension_limit_deg

    def evaluate(self, lift_deg: float) -> tuple[bool, str]:
        """(right?, explanation) for a typed lift angle, from the model's pose."""
        lift_deg = check_number("lift_deg", lift_deg, *LIFT_RANGE_DEG, unit="degrees")
        p = pose(self.body, lift_deg)
        limit = self.body.hip_extension_limit_deg
        arch = float(p.lumbar_extension_deg)
        hip = float(p.hip_extension_deg)
        if abs(lift_deg - self.answer_deg) <= self.tolerance_deg:
            return True, (
                f"At about {self.answer_deg:g}° the hip has used all of its {limit:g}° of "
                "extension past parallel. Every degree above this comes from the low back "
                "arching, and the load moves from the glutes to the lumbar spine.")
        if lift_deg < self.answer_deg:
            where = (f"the hip is still {-hip:.0f}° short of parallel" if hip < 0 else
                     f"the hip is only {hip:.0f}° past parallel, inside its {limit:g}° range")
            return False, (f"At {lift_deg:g}° {where}, so the back is still neutral. "
                           "Go higher and watch for the form warning.")
        return False, (f"At {lift_deg:g}° the low back is already arched by {arch:.0f}°: the "
                       f"hip stopped at {limit:g}° past parallel. Come back down to find where "
                       "the arching begins.")

    def _show(self, lift_deg: float, record: bool = True) -> None:
        ok, text = self.evaluate(lift_deg)
        self.feedback.value = _verdict(ok, text)
        if record:
            low, right, high = (c[0] for c in SPOT_THE_FAULT.choices)
            self.memory.record(right if ok else low if lift_deg < self.answer_deg else high,
                               lift_deg)

    @property
    def description(self) -> str:
        """The exercise and its answer as Markdown, for a static copy."""
        return (
            "**Spot the fault.** At what lift angle does the low back start to arch? "
            f"(Answer for this body: about {self.answer_deg:g}°, the thigh parallel to "
            f"the torso plus the {self.body.hip_extension_limit_deg:g}° of extension the hip "
            "allows; above it the low back arches.)")

    def static_html(self) -> str:
        """The exercise as HTML with the answer folded away."""
        return ("<p><b>Spot the fault.</b> At what lift angle does the low back start to "
                "arch?</p><details><summary>Answer and why</summary><p>About "
                f"{self.answer_deg:g}°: the thigh parallel to the torso (90°) plus the "
                f"{self.body.hip_extension_limit_deg:g}° of extension the hip allows. Above it "
                "the low back arches.</p></details>")
