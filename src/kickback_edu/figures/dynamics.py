"""Repetition dynamics: the hip torque a rep needs over time, and its time under tension.

Numbers come from :func:`kickback_edu.dynamics.repetition` (or its fast core
:func:`kickback_edu.dynamics.repetition_arrays`: every helper here takes either)
and :func:`kickback_edu.dynamics.time_under_tension`; this module only draws them.

Trace order of one panel (:data:`REP_TRACES`): the shaded time under
tension, the required hip torque, the torque holding still would need, and
the lift angle (right axis).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..body import Body
from ..dynamics import repetition, time_under_tension
from ..equipment import Equipment
from .style import BOTTOM_LEGEND, OK_COLOR, OKABE_ITO, apply_layout, describe

REP_TRACES = ("under_tension", "hip_torque", "static_torque", "lift")
X_TITLE = "time (s)"
Y_TITLE = "required hip torque (N·m)"
Y2_TITLE = "lift angle (°)"
LIFT_TICKS = (0, 30, 60, 90, 120)  # ticks of the lift-angle axis (°): 90 = the recommended top
_FILL = "rgba(0, 158, 115, 0.25)"  # OK_COLOR (bluish green), translucent


Rep = pd.DataFrame | Mapping[str, np.ndarray]
"""One repetition: a :func:`repetition` table or a :func:`repetition_arrays` dict."""

_NOT_A_REP = ("rep must be a DataFrame returned by kickback_edu.repetition() or a dict "
              "returned by kickback_edu.repetition_arrays()")


def _column(rep: Rep, name: str, dtype: type = float) -> np.ndarray:
    """Column ``name`` of a repetition as a numpy array of ``dtype`` (no copy from a
    :func:`repetition_arrays` dict of that dtype)."""
    data: object = rep  # checked as object: a learner may pass anything
    if isinstance(data, pd.DataFrame):
        if name in data.columns:
            return data[name].to_numpy(dtype=dtype)
    elif isinstance(data, Mapping) and name in data:
        return np.asarray(data[name], dtype=dtype)
    raise ValueError(_NOT_A_REP)


def _time_under_tension(rep: Rep) -> float:
    """:func:`time_under_tension` (s), refusing what is not a repetition with the message
    of :func:`_column`."""
    _column(rep, "under_tension", bool)
    return time_under_tension(rep)


def rep_arrays(rep: Rep) -> dict[str, np.ndarray]:
    """x / y arrays of the :data:`REP_TRACES` (s, N·m, N·m, °) from a :func:`repetition`
    table or a :func:`repetition_arrays` dict."""
    torque = _column(rep, "hip_torque_Nm")
    return {
        "time": _column(rep, "time_s"),
        "under_tension": np.where(_column(rep, "under_tension", bool), torque, 0.0),
        "hip_torque": torque,
        "static_torque": _column(rep, "static_torque_Nm"),
        "lift": _column(rep, "lift_deg"),
    }


def rep_traces(rep: Rep, showlegend: bool = True) -> list[go.Scatter]:
    """The four :data:`REP_TRACES` of one repetition (time in s; torques in N·m; lift
    angle in °, on ``yaxis="y2"``)."""
    a = rep_arrays(rep)
    t = a["time"]
    return [
        go.Scatter(x=t, y=a["under_tension"], mode="lines", fill="tozeroy", fillcolor=_FILL,
                   line={"width": 0, "color": OK_COLOR}, name="under tension",
                   legendgroup="tension", showlegend=showlegend, hoverinfo="skip"),
        go.Scatter(x=t, y=a["hip_torque"], mode="lines", name="required hip torque",
                   legendgroup="torque", showlegend=showlegend,
                   line={"color": OKABE_ITO["blue"], "width": 3},
                   hovertemplate="t %{x:.2f} s: %{y:.1f} N·m<extra>required</extra>"),
        go.Scatter(x=t, y=a["static_torque"], mode="lines", name="holding still would need",
                   legendgroup="static", showlegend=showlegend,
                   line={"color": OKABE_ITO["black"], "width": 1.5, "dash": "dash"},
                   hovertemplate="t %{x:.2f} s: %{y:.1f} N·m<extra>holding still</extra>"),
        go.Scatter(x=t, y=a["lift"], mode="lines", name="lift angle (right axis)",
                   legendgroup="lift", showlegend=showlegend, yaxis="y2",
                   line={"color": OKABE_ITO["orange"], "width": 1.5, "dash": "dot"},
                   hovertemplate="t %{x:.2f} s: lift %{y:.0f}°<extra></extra>"),
    ]


def rep_title(style: str, rep: Rep, tut_s: float | None = None) -> str:
    """Panel title: style, then seconds under tension (``tut_s``, computed from the model
    when not given) of the rep's duration (s)."""
    duration = float(_column(rep, "time_s")[-1])
    tut = _time_under_tension(rep) if tut_s is None else tut_s
    return f"{style.capitalize()} rep: {tut:.1f} s under tension of {duration:.1f} s"


def _n(value: float) -> int:
    """A torque rounded to whole N·m, without a "-0"."""
    return round(float(value)) + 0


def rep_description(style: str, rep: Rep, tut_s: float | None = None) -> str:
    """One sentence for a torque–time plot of one repetition (duration and time under
    tension in s, torque range in N·m)."""
    duration = float(_column(rep, "time_s")[-1])
    tut = _time_under_tension(rep) if tut_s is None else tut_s
    torque = _column(rep, "hip_torque_Nm")
    return (
        f"Required hip torque over one {style} repetition of {duration:.1f} s "
        f"(from {_n(torque.min())} to {_n(torque.max())} N·m), with the torque holding still "
        f"would need dashed and the lift angle dotted; the glutes work under tension for "
        f"{tut:.1f} s (shaded)."
    )


def torque_time_figure(rep: Rep, style: str = "controlled") -> go.Figure:
    """One repetition's required hip torque (N·m) against time (s), shaded under tension.

    ``rep`` is a :func:`kickback_edu.dynamics.repetition` table or a
    :func:`kickback_edu.dynamics.repetition_arrays` dict; ``style`` only labels it.
    """
    fig = go.Figure(rep_traces(rep))
    apply_layout(
        fig, rep_title(style, rep), height=440, hovermode="x",
        # A standoff keeps the x axis's "0" clear of the y axis's "0" in the shared corner.
        xaxis={"title": {"text": X_TITLE}, "ticklabelstandoff": 6},
        yaxis={"title": {"text": Y_TITLE}, "zeroline": True, "zerolinewidth": 2,
               "zerolinecolor": "#666666"},
        yaxis2={"title": {"text": Y2_TITLE}, "overlaying": "y", "side": "right",
                "showgrid": False, "range": [0, 135], "tickmode": "array",
                "tickvals": list(LIFT_TICKS)},
        legend=BOTTOM_LEGEND,
    )
    fig.update_layout(margin={"b": 110, "r": 60})
    return describe(fig, rep_description(style, rep))


def repetition_figure(
    body: Body | None = None,
    equipment: Equipment | Sequence[Equipment] | None = None,
    tempo_s: Sequence[float] = (2.0, 1.0, 2.0),
    knee_deg: float = 90.0,
    top_lift_deg: float = 90.0,
) -> go.Figure:
    """A controlled rep (``tempo_s`` = up, squeeze, down in s) above a swing rep.

    Same body, equipment, knee angle (°) and top (°); each panel shows the
    required hip torque (N·m) over time (s), what holding still would need,
    the lift angle and the time under tension (shaded, seconds in the title).
    """
    body = body or Body()
    reps = {
        style: repetition(body, equipment, tempo_s, top_lift_deg=top_lift_deg,
                          knee_deg=knee_deg, style=style)
        for style in ("controlled", "swing")
    }
    # One above the other: side by side, each with a torque and a lift axis, the four
    # axes' numbers and titles ran into each other in a narrow notebook (~470 px).
    fig = make_subplots(
        rows=2, cols=1, vertical_spacing=0.2,
        subplot_titles=[rep_title(s, r) for s, r in reps.items()],
        specs=[[{"secondary_y": True}], [{"secondary_y": True}]],
    )
    for row, rep in enumerate(reps.values(), start=1):
        for trace in rep_traces(rep, showlegend=row == 1):
            on_y2 = trace.yaxis == "y2"
            trace.yaxis = None
            fig.add_trace(trace, row=row, col=1, secondary_y=on_y2)
    swing = reps["swing"]
    coast = swing[swing["phase"] == "coast up"]
    lo = min(float(r["hip_torque_Nm"].min()) for r in reps.values())
    hi = max(float(r["hip_torque_Nm"].max()) for r in reps.values())
    annotations = []
    if len(coast):
        mid = coast.iloc[len(coast) // 2]
        x, y = float(mid["time_s"]), float(mid["hip_torque_Nm"])
        # The label sits high in the swing panel, centred between the two torque peaks,
        # clear of the dashed and dotted curves (data coordinates: it stays put whatever
        # the figure's size).
        flat = swing["time_s"][swing["hip_torque_Nm"].abs() < 0.05 * hi]
        centre = float(flat.min() + flat.max()) / 2 if len(flat) else x
        annotations.append({
            "x": x, "y": y, "xref": "x2", "yref": "y3", "ax": centre, "ay": 0.9 * hi,
            "axref": "x2", "ayref": "y3", "yanchor": "bottom",
            "text": "≈ 0 N·m: momentum lifts the leg,<br>the glutes rest",
            "showarrow": True, "arrowhead": 2, "font": {"size": 11},
            "bgcolor": "rgba(255,255,255,0.85)",
        })
    apply_layout(fig, "A controlled rep and a swing rep", height=760, hovermode="x",
                 legend=BOTTOM_LEGEND)
    fig.update_layout(margin={"b": 110, "r": 60, "t": 90})
    for annotation in annotations:
        fig.add_annotation(annotation)
    fig.update_xaxes(title_text=X_TITLE)
    pad = 0.08 * (hi - lo)
    fig.update_yaxes(secondary_y=False, range=[min(lo, 0.0) - pad, hi + pad], zeroline=True,
                     zerolinewidth=2, zerolinecolor="#666666")
    fig.update_yaxes(title_text=Y_TITLE, secondary_y=False)
    fig.update_yaxes(secondary_y=True, range=[0, 135], showgrid=False, tickmode="array",
                     tickvals=list(LIFT_TICKS), title_text=Y2_TITLE)
    c, s = (time_under_tension(r) for r in reps.values())
    return describe(fig, (
        f"Required hip torque over time for a controlled rep ({tempo_s[0]:g} s up, "
        f"{tempo_s[1]:g} s squeeze, {tempo_s[2]:g} s down; {c:.1f} s under tension) above a "
        f"fast swing rep ({s:.1f} s under tension) whose torque falls to about zero near the "
        "top, where momentum does the work."
    ))


__all__ = [
    "LIFT_TICKS", "REP_TRACES", "X_TITLE", "Y2_TITLE", "Y_TITLE", "Rep", "rep_arrays",
    "rep_description", "rep_title", "rep_traces", "repetition_figure", "torque_time_figure",
]
