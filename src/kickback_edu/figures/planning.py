"""The progression ladder as a figure: each step's torque curve against the
learner's strength, and the percent steps between them.

Numbers come from :func:`kickback_edu.planning.build_ladder`; this module only
draws them. Top panel: the hip torque each step asks for across the lift
(N·m) and the learner's modelled isometric strength (Anderson et al. 2007).
Bottom panel: each step's demand (worst-angle share of strength, %), labelled
with its change from the step before (a tempo step: 0% and the seconds under
tension it adds); steps that jump more than the chosen
increment are hatched. The panels are stacked, not side by side, so each keeps
the full width of a narrow notebook or a printed page (20 labelled bars side by
side with the curves left each bar about 10 px at 680 px).

Trace order (so a widget can update by index): 0 = strength curve, then one
curve per step (step ``n`` is trace ``n``), then the demand bars.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..planning import Ladder, Step
from ..strength import strength_capacity
from .curves import EQUIPMENT_DASH
from .style import BOTTOM_LEGEND, EQUIPMENT_COLORS, OKABE_ITO, apply_layout, describe

STRENGTH_TRACE = 0
X_TITLE = "lift angle (°; 90 = thigh level with the torso)"
#: Line width and opacity of a step's curve: today's step, the others.
TODAY_STYLE = (4.0, 1.0)
OTHER_STYLE = (1.5, 0.45)


def bars_index(ladder: Ladder) -> int:
    """Index of the demand-bar trace."""
    return len(ladder.steps) + 1


def step_style(ladder: Ladder, today: int | None) -> dict[int, dict[str, object]]:
    """Trace updates that highlight step ``today`` (None: no step highlighted)."""
    out: dict[int, dict[str, object]] = {}
    for s in ladder.steps:
        width, opacity = TODAY_STYLE if s.number == today else OTHER_STYLE
        out[s.number] = {"line.width": width, "opacity": opacity}
    out[bars_index(ladder)] = {"marker.line.width": np.array(
        [4.0 if s.number == today else 0.0 for s in ladder.steps])}
    return out


def _change_text(s: Step, before: Step | None) -> str:
    """The label of a bar, one line (the labels stand upright over bars ~18 px apart in a
    468 px notebook): its change in demand; a tempo step (no change in demand) gives the
    seconds under tension it adds instead; a jump says so."""
    if s.demand_change_pct is None or before is None:
        return "start"
    if s.demand_change_pct == 0.0:
        return f"+0%, {s.time_under_tension_s - before.time_under_tension_s:+.0f} s"
    return f"{s.demand_change_pct:+.0f}%" + (" jump" if s.jump else "")


def ladder_description(ladder: Ladder, today: int | None = None) -> str:
    """One or two sentences for the ladder figure."""
    steps = ladder.steps
    jumps = [s.number for s in steps if s.jump]
    text = (
        f"Top: the hip torque each of the {len(steps)} steps asks for across the lift, "
        f"under the learner's modelled strength curve; bottom: each step's demand, from "
        f"{100 * steps[0].demand:.0f}% to {100 * steps[-1].demand:.0f}% of modelled strength "
        f"at the worst angle, rising by at most {ladder.increment_pct:g}% a step"
    )
    text += (f" except steps {', '.join(map(str, jumps))}, which jump further." if jumps
             else ".")
    if today is not None:
        s = steps[today - 1]
        text += (f" Today's step {s.number}: {s.option.change}, peak {s.peak_torque_Nm:.0f} N·m "
                 f"at {s.peak_lift_deg:.0f}°, {100 * s.demand:.0f}% of modelled strength.")
    return text


def ladder_figure(ladder: Ladder, today: int | None = None) -> go.Figure:
    """Each step's torque curve against the strength curve, and the demand steps.

    ``today`` (a step number) is drawn thick and outlined in the bars.
    """
    body = ladder.body
    # 640 px tall (760 before): printed, the ladder fits under more of a page's text. The
    # gap between the panels stays ~100 px for the upper axis title and the lower title.
    height, margin_top, margin_bottom = 640, 90, 110
    fig = make_subplots(rows=2, cols=1, row_heights=[0.55, 0.45],
                        vertical_spacing=100 / (height - margin_top - margin_bottom),
                        subplot_titles=("Torque of each step against your strength",
                                        "Demand of each step (% of your strength)"))
    top = max(float(s.evaluated.lift_deg[-1]) for s in ladder.steps)
    lift = np.linspace(0.0, top, 91)
    fig.add_trace(go.Scatter(
        x=lift, y=np.asarray(strength_capacity(body, lift)), mode="lines",
        name="your strength (model)", line={"color": OKABE_ITO["black"], "width": 3},
        hovertemplate="your strength (model)<br>lift %{x:.0f}°: %{y:.0f} N·m<extra></extra>"),
        row=1, col=1)
    shown_kinds: set[str] = set()
    for s in ladder.steps:
        kind = s.option.kind
        fig.add_trace(go.Scatter(
            x=s.evaluated.lift_deg, y=s.evaluated.torque_Nm, mode="lines",
            name=f"{kind} steps", legendgroup=kind, showlegend=kind not in shown_kinds,
            line={"color": EQUIPMENT_COLORS[kind], "dash": EQUIPMENT_DASH[kind]},
            hovertemplate=(f"step {s.number}: {s.option.change}<br>lift %{{x:.0f}}°: "
                           "%{y:.1f} N·m (model)<extra></extra>")), row=1, col=1)
        shown_kinds.add(kind)
    steps = ladder.steps
    colors = [EQUIPMENT_COLORS[s.option.kind] for s in steps]
    fig.add_trace(go.Bar(
        x=[s.number for s in steps], y=[100 * s.demand for s in steps],
        text=[_change_text(s, steps[k - 1] if k else None) for k, s in enumerate(steps)],
        textposition="outside", textangle=-90, textfont={"size": 10}, cliponaxis=False,
        marker={"color": colors,
                "line": {"color": OKABE_ITO["yellow"], "width": np.zeros(len(steps))},
                "pattern": {"shape": ["x" if s.jump else "" for s in steps],
                            # an explicit colour per bar: plotly.js would warn on the array
                            "fgcolor": "#ffffff", "bgcolor": colors, "fillmode": "replace"}},
        customdata=[s.option.change for s in steps], showlegend=False, name="demand",
        hovertemplate=("step %{x}: %{customdata}<br>%{y:.1f}% of your modelled strength"
                       "<extra></extra>")), row=2, col=1)
    for index, props in step_style(ladder, today).items():
        fig.data[index].update(props)
    apply_layout(fig, "Your progression ladder (model)", height=height, legend=BOTTOM_LEGEND)
    # The change labels keep one size (plotly would shrink each to its bar's width).
    fig.update_layout(margin={"t": margin_top, "b": margin_bottom},
                      uniformtext={"minsize": 9, "mode": "show"})
    peak = max(float(np.max(strength_capacity(body, lift))), *(s.peak_torque_Nm for s in steps))
    fig.update_xaxes(title_text=X_TITLE, range=[0, top], row=1, col=1)
    low = min(0.0, *(float(np.min(s.evaluated.torque_Nm)) for s in steps))
    # A little room under zero: the 0 of the torque axis clears the 0 of the lift axis.
    fig.update_yaxes(title_text="hip torque to hold (N·m)",
                     range=[low - 0.05 * peak, 1.05 * peak],
                     row=1, col=1)
    fig.update_xaxes(title_text="step", dtick=1, tickangle=0, row=2, col=1)
    fig.update_yaxes(title_text="share of strength,<br>worst angle", ticksuffix="%",
                     range=[0, 125], row=2, col=1)
    return describe(fig, ladder_description(ladder, today))


__all__ = ["STRENGTH_TRACE", "bars_index", "ladder_description", "ladder_figure", "step_style"]
