"""The class tally's figure: the questions the class found hardest."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from .style import OKABE_ITO, apply_layout, describe

if TYPE_CHECKING:
    from ..tally import QuestionTally

__all__ = ["hardest_questions_figure"]


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def hardest_questions_figure(questions: Sequence[QuestionTally], n: int = 10) -> go.Figure:
    """Bar chart of the ``n`` answered questions with the lowest share right at first try.

    Parameters
    ----------
    questions:
        :class:`~kickback_edu.tally.QuestionTally` objects (unanswered ones are
        left out).
    n:
        How many questions to show (at least 1).

    Returns a ``go.Figure``: one horizontal bar per question (hardest at the
    top), the share right at first try in percent, a marker for the share
    right now (after feedback), and the most chosen wrong answer in the hover
    text. Raises ValueError if ``n`` < 1.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1; got {n}")
    answered = [q for q in questions if q.answered]
    hardest = sorted(answered, key=lambda q: (q.share_right_first, -q.answered))[:n]
    hardest.reverse()  # plotly draws the first category at the bottom
    labels = [f"{q.quiz} · {q.question_id}" for q in hardest]
    hover = []
    for q in hardest:
        m = q.misconception
        wrong = (f"Most chosen wrong answer: {_wrap(m[0], 60)} ({m[1]} of {q.answered})"
                 if m else "No wrong first answers")
        hover.append(f"<b>{_wrap(q.text, 60)}</b><br>{q.answered} answered<br>{wrong}")
    first = [100 * (q.share_right_first or 0.0) for q in hardest]
    latest = [100 * (q.share_right_latest or 0.0) for q in hardest]
    fig = go.Figure([
        go.Bar(x=first, y=labels, orientation="h", name="right at first try",
               marker_color=OKABE_ITO["vermillion"], hovertext=hover,
               hovertemplate="%{hovertext}<br>right at first try: %{x:.0f}%<extra></extra>"),
        go.Scatter(x=latest, y=labels, mode="markers", name="right now (after feedback)",
                   marker={"color": OKABE_ITO["blue"], "symbol": "diamond", "size": 11},
                   hovertemplate="right now: %{x:.0f}%<extra></extra>"),
    ])
    apply_layout(fig, "The questions the class found hardest",
                 height=max(320, 60 + 42 * len(hardest)),
                 xaxis={"title": {"text": "learners right (%)"}, "range": [0, 100]},
                 yaxis={"title": {"text": "quiz · question"}, "automargin": True},
                 legend={"orientation": "h", "y": -0.2})
    if hardest:
        worst = hardest[-1]
        text = (f"Share of learners right at their first try for the {len(hardest)} hardest "
                f"questions; the hardest, {worst.quiz} {worst.question_id}, was answered "
                f"right first by {first[-1]:.0f}% of {worst.answered} learners.")
    else:
        text = "No answers have been counted yet, so no question is shown."
    return describe(fig, text)
