"""Side view of the body on all fours, still or animated through a repetition.

Pure functions: model results (:func:`kickback_edu.pose.pose`,
:func:`kickback_edu.dynamics.repetition`) in, ``plotly`` figures out. The
stick-figure geometry here (where the lines, the head circle and the labels
go) is a drawing choice; every joint position comes from the model's pose.

Coordinates are the model's sagittal frame: metres, origin at the working
hip, x toward the head, y up.

Every side-view figure has the same traces in the same order
(:data:`SIDE_TRACES`), so a widget can update them by index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..body import Body
from ..dynamics import repetition
from ..equipment import Equipment
from ..pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG, Pose, pose
from .style import BODY_COLOR, LEG_COLOR, OKABE_ITO, WARNING_COLOR, apply_layout, describe

#: Names of the side view's traces, in figure order.
SIDE_TRACES = ("floor", "guide", "support", "torso", "low_back", "leg", "lumbar_label", "status")
#: The traces that change with the lift or knee angle (the rest depend on the body only;
#: the floor only carries a note when the drawn leg passes below it).
MOVING_TRACES = ("floor", "torso", "low_back", "leg", "lumbar_label", "status")

LOW_BACK_WIDTH = (9, 14)  # line width (px): neutral, arched
X_TITLE = "toward the head (m)"
Y_TITLE = "height above the hip (m)"
_HEAD_POINTS = 25
#: What the dotted guide line is, said under the title: a label on the line itself sat
#: where the foot passes at mid-range lifts and was hidden behind it.
GUIDE_TEXT = "dotted line: the recommended top, thigh parallel to the torso (90° lift)"
#: Notes on the floor when the drawn leg goes below it. The model holds the ankle at 90°
#: and has no floor contact, so at the start pose the flexed foot's toes dip below the
#: floor (and a straight leg passes through it): the drawing says so instead of hiding it.
FLOOR_NOTES = {
    "foot": "toes below the floor line: the model<br>holds the ankle at 90° and ignores<br>"
            "floor contact (a real foot rests on it)",
    "leg": "the leg passes below the floor line:<br>the model ignores floor contact",
}
_FLOOR_TOLERANCE_M = 0.005
_FLOOR_NOTE_AT = 1  # index of the floor polygon's point that carries the note
_GROUND_FILL = "rgba(0, 0, 0, 0.06)"
# A white halo keeps a label readable where it crosses the drawing (the warning under the
# low back spans the supporting thigh and arm).
_HALO = "1px 1px 2px #fff, -1px -1px 2px #fff, 1px -1px 2px #fff, -1px 1px 2px #fff"


def _stack(points: Sequence[np.ndarray]) -> np.ndarray:
    """Points (..., 2) into a polyline (..., n, 2)."""
    return np.stack(np.broadcast_arrays(*points), axis=-2)


def _gap(like: np.ndarray) -> np.ndarray:
    """A NaN point: breaks a line trace into pieces."""
    return np.full_like(like, np.nan, dtype=float)


def lumbar_text(lumbar_deg: float) -> str:
    """Label text for the low back: empty with good form, a warning when it arches (°)."""
    lumbar = float(lumbar_deg)
    return f"⚠ low back arches {lumbar:.0f}°" if lumbar > 0 else ""


def low_back_style(arched: bool) -> tuple[str, int]:
    """(colour, width px) of the low-back segment: warning colour and thicker when arched."""
    return (WARNING_COLOR, LOW_BACK_WIDTH[1]) if arched else (BODY_COLOR, LOW_BACK_WIDTH[0])


def side_view_geometry(body: Body, p: Pose) -> dict[str, np.ndarray]:
    """Polylines (``(*p.lift_deg.shape, n, 2)``, metres, NaN = gap) of the stick figure.

    Keys: ``support`` (supporting leg and head, depends on the body only),
    ``torso`` (low back to shoulder, arm, neck), ``low_back`` (hip to the
    lumbar point), ``leg`` (working hip, knee, ankle and foot) and
    ``lumbar_anchor`` (one point under the low back for its label).
    """
    gap = _gap(p.hip)
    r = body.head_radius_m
    angle = np.linspace(0.0, 2 * np.pi, _HEAD_POINTS)
    circle = np.stack([np.cos(angle), np.sin(angle)], axis=-1) * r
    head = p.head[..., None, :] + circle
    neck = p.head - np.array([r, 0.0])
    support = np.concatenate(
        [_stack([p.hip, p.support_knee, p.support_ankle, p.support_toe, gap]), head], axis=-2
    )
    return {
        "support": support,
        "torso": _stack([p.lumbar, p.shoulder, p.hands, gap, p.shoulder, neck]),
        "low_back": _stack([p.hip, p.lumbar]),
        "leg": _stack([p.hip, p.knee, p.ankle, p.heel, p.toe, p.ankle]),
        "lumbar_anchor": p.lumbar[..., None, :] - np.array([0.0, 0.26 * body.thigh.length_m]),
    }


def side_view_ranges(body: Body) -> tuple[list[float], list[float]]:
    """Fixed axis ranges (m) that hold every pose of this body, so views don't jump.

    Found from the model's pose on a coarse grid of lift and knee angles; the
    view stops 0.3 m below the floor (a straight leg at the start pokes
    through it: nobody starts a kickback that way).
    """
    lift, knee = np.meshgrid(np.linspace(*LIFT_RANGE_DEG, 14), np.linspace(*KNEE_RANGE_DEG, 15))
    p = pose(body, lift, knee)
    pts = np.concatenate([p.knee, p.ankle, p.heel, p.toe])
    floor = -body.thigh.length_m
    margin = 0.08
    x_lo = min(float(np.min(pts[..., 0])), float(p.support_toe[..., 0].min())) - margin
    x_hi = float(p.head[..., 0].max()) + body.head_radius_m + margin
    y_lo = max(float(np.min(pts[..., 1])), floor - 0.3) - margin
    y_hi = float(np.max(pts[..., 1])) + margin
    return [x_lo, x_hi], [y_lo, y_hi]


def floor_xy(body: Body) -> tuple[np.ndarray, np.ndarray]:
    """The floor's outline (m): its line across the view, closed below it so the
    ground is shaded; point :data:`_FLOOR_NOTE_AT` (right end) carries the note."""
    (x_lo, x_hi), _ = side_view_ranges(body)
    floor = -body.thigh.length_m
    far = 10.0  # beyond any axis range: only the floor line shows
    x = np.array([x_lo - far, x_hi - 0.02, x_hi + far, x_hi + far, x_lo - far, x_lo - far])
    y = np.array([floor, floor, floor, floor - far, floor - far, floor])
    return x, y


def floor_note(body: Body, p: Pose) -> np.ndarray:
    """The floor note (:data:`FLOOR_NOTES`, "" if none) for every pose in ``p``.

    A drawing check, not physics: whether the drawn knee or ankle, or only the
    heel or toe, is below the floor line.
    """
    below = -body.thigh.length_m - _FLOOR_TOLERANCE_M
    leg = np.minimum(p.knee[..., 1], p.ankle[..., 1]) < below
    foot = np.minimum(p.heel[..., 1], p.toe[..., 1]) < below
    return np.where(leg, FLOOR_NOTES["leg"], np.where(foot, FLOOR_NOTES["foot"], ""))


def floor_text(note: str) -> list[str]:
    """The floor trace's ``text``: the note on its right end, a space elsewhere (plotly.js
    can drop a trace's texts that sit between empty strings)."""
    text = [" "] * 6
    text[_FLOOR_NOTE_AT] = str(note) or " "
    return text


def status_text(lift_deg: float, knee_deg: float, extra: str = "") -> str:
    """The status line of the side view, e.g. ``"lift 45° · knee 90°"``."""
    text = f"lift {lift_deg:.0f}° · knee {knee_deg:.0f}°"
    return f"{text} · {extra}" if extra else text


def _xy(points: np.ndarray) -> dict[str, np.ndarray]:
    return {"x": points[..., 0], "y": points[..., 1]}


def side_view_traces(
    body: Body, p: Pose, status: str = ""
) -> list[go.Scatter]:
    """The :data:`SIDE_TRACES` for one pose (``p`` built from scalar angles)."""
    g = side_view_geometry(body, p)
    (x_lo, _x_hi), (_y_lo, y_hi) = side_view_ranges(body)
    reach = body.thigh.length_m + body.shank.length_m
    arched = bool(p.lumbar_extension_deg > 0)
    back_color, back_width = low_back_style(arched)
    skip = {"hoverinfo": "skip", "showlegend": False}
    fx, fy = floor_xy(body)
    return [
        go.Scatter(x=fx, y=fy, mode="lines+text", name="floor", fill="toself",
                   fillcolor=_GROUND_FILL, line={"color": "#999999", "width": 2},
                   text=floor_text(floor_note(body, p)), textposition="bottom left",
                   textfont={"color": "#444444", "size": 11}, **skip),
        go.Scatter(x=np.array([0.0, -reach]), y=np.array([0.0, 0.0]), mode="lines",
                   name="recommended top",
                   line={"color": OKABE_ITO["grey"], "width": 2, "dash": "dot"}, **skip),
        go.Scatter(**_xy(g["support"]), mode="lines", name="body",
                   line={"color": BODY_COLOR, "width": 7}, **skip),
        go.Scatter(**_xy(g["torso"]), mode="lines", name="torso",
                   line={"color": BODY_COLOR, "width": 9}, **skip),
        go.Scatter(**_xy(g["low_back"]), mode="lines", name="low back",
                   line={"color": back_color, "width": back_width}, showlegend=False,
                   hovertemplate="low back (lumbar spine)<extra></extra>"),
        go.Scatter(**_xy(g["leg"]), mode="lines+markers", name="working leg",
                   line={"color": LEG_COLOR, "width": 7}, marker={"size": 9, "color": LEG_COLOR},
                   showlegend=False,
                   hovertemplate="working leg<br>x %{x:.2f} m, y %{y:.2f} m<extra></extra>"),
        go.Scatter(**_xy(g["lumbar_anchor"]), mode="text", name="lumbar warning",
                   text=[lumbar_text(p.lumbar_extension_deg)],
                   textfont={"color": WARNING_COLOR, "size": 15, "shadow": _HALO},
                   textposition="bottom center",
                   **skip),
        go.Scatter(x=np.array([x_lo + 0.02]), y=np.array([y_hi - 0.02]), mode="text",
                   name="status", text=[status], textposition="bottom right",
                   textfont={"size": 13}, **skip),
    ]


def side_layout(fig: go.Figure, body: Body, title: str) -> go.Figure:
    """Course layout for a side view: fixed ranges, equal scales, axis titles with units."""
    x_range, y_range = side_view_ranges(body)
    apply_layout(fig, title, height=520, showlegend=False,
                 xaxis={"title": {"text": X_TITLE}, "range": x_range, "zeroline": False,
                        "constrain": "domain"},
                 yaxis={"title": {"text": Y_TITLE}, "range": y_range, "zeroline": False,
                        "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"})
    # An annotation just above the plot, not a title.subtitle or a second title line: in a
    # FigureWidget those were drawn out of place (measured before the widget is on the page).
    fig.add_annotation(text=GUIDE_TEXT, xref="paper", yref="paper", x=0.0, y=1.0,
                       xanchor="left", yanchor="bottom", showarrow=False,
                       font={"size": 12, "color": "#555555"})
    fig.update_layout(margin={"t": 80})
    return fig


def side_view_description(body: Body, p: Pose) -> str:
    """One sentence saying what a side view at pose ``p`` (scalar angles) shows."""
    lift, knee = float(p.lift_deg), float(p.knee_deg)
    lumbar = float(p.lumbar_extension_deg)
    back = (
        f"the lift passes the hip's extension limit, so the low back arches by {lumbar:.0f}°, "
        "drawn in the warning colour"
        if lumbar > 0 else "the low back stays neutral"
    )
    note = str(floor_note(body, p))
    floor = (
        "" if not note else
        "; the drawn toes dip below the floor line, because the model holds the ankle at 90° "
        "and ignores floor contact" if note == FLOOR_NOTES["foot"] else
        "; the drawn leg passes below the floor line, because the model ignores floor contact"
    )
    return (
        f"Side view of a learner on all fours (head to the right) with the working thigh "
        f"lifted {lift:.0f}° from vertical and the knee bent {knee:.0f}°; {back}{floor}."
    )


def side_view_figure(body: Body | None = None, lift_deg: float = 90.0,
                     knee_deg: float = 90.0) -> go.Figure:
    """Side view of the body on all fours at one lift angle (°) and knee angle (°).

    The low back turns the warning colour and carries a label when the lift
    passes the hip's extension limit (``90 + body.hip_extension_limit_deg``).
    """
    body = body or Body()
    p = pose(body, lift_deg, knee_deg)
    fig = go.Figure(side_view_traces(body, p, status_text(float(p.lift_deg),
                                                          float(p.knee_deg))))
    side_layout(fig, body, "The kickback from the side")
    return describe(fig, side_view_description(body, p))


def _frame_rows(rep: pd.DataFrame, frame_step_s: float) -> np.ndarray:
    """Row indexes of ``rep`` nearest to every ``frame_step_s`` seconds, last row included."""
    t = rep["time_s"].to_numpy()
    wanted = np.arange(t[0], t[-1] + 1e-9, frame_step_s)
    rows = np.unique(np.clip(np.searchsorted(t, wanted - 1e-9), 0, len(t) - 1))
    return rows if rows[-1] == len(t) - 1 else np.append(rows, len(t) - 1)


def leg_animation_figure(
    body: Body | None = None,
    rep: pd.DataFrame | None = None,
    *,
    knee_deg: float = 90.0,
    top_lift_deg: float | None = None,
    tempo_s: Sequence[float] = (2.0, 1.0, 2.0),
    equipment: Equipment | Sequence[Equipment] | None = None,
    frame_step_s: float = 0.1,
) -> go.Figure:
    """Side view animated through one repetition, with Play/Pause and a time slider.

    Plain ``go.Figure`` with plotly frames, so it plays in a static HTML copy
    with no kernel. ``rep`` is a :func:`kickback_edu.dynamics.repetition`
    table (its ``lift_deg`` and ``hip_torque_Nm`` columns are used); without
    one, a controlled rep of ``tempo_s`` (up, squeeze, down; s) to
    ``top_lift_deg`` (default: 15° past the hip's extension limit, so the
    low back's warning shows; at most 130°) at ``knee_deg`` (°) is computed.
    One frame every ``frame_step_s`` seconds (0.02–1 s).
    """
    body = body or Body()
    if not 0.02 <= frame_step_s <= 1.0:
        raise ValueError(f"frame_step_s must be from 0.02 to 1 s; got {frame_step_s!r}")
    if rep is None:
        if top_lift_deg is None:
            top_lift_deg = min(90.0 + body.hip_extension_limit_deg + 15.0, LIFT_RANGE_DEG[1])
        rep = repetition(body, equipment, tempo_s, top_lift_deg=top_lift_deg, knee_deg=knee_deg)
    elif not {"time_s", "lift_deg", "hip_torque_Nm"} <= set(rep.columns):
        raise ValueError("rep must be a DataFrame returned by kickback_edu.repetition()")
    rows = _frame_rows(rep, frame_step_s)
    times = rep["time_s"].to_numpy()[rows]
    lifts = rep["lift_deg"].to_numpy()[rows]
    torques = rep["hip_torque_Nm"].to_numpy()[rows]
    p_all = pose(body, lifts, knee_deg)
    g = side_view_geometry(body, p_all)
    notes = floor_note(body, p_all)
    labels = [lumbar_text(v) for v in p_all.lumbar_extension_deg]
    statuses = [
        f"t = {t:.1f} s · lift {lift:.0f}° · hip torque {m:.0f} N·m"
        for t, lift, m in zip(times, lifts, torques, strict=True)
    ]
    p0 = pose(body, lifts[0], knee_deg)
    fig = go.Figure(side_view_traces(body, p0, statuses[0]))
    moving = [SIDE_TRACES.index(name) for name in MOVING_TRACES]
    frames = []
    for i in range(len(rows)):
        color, width = low_back_style(bool(p_all.lumbar_extension_deg[i] > 0))
        anchor = g["lumbar_anchor"][i]
        frames.append(go.Frame(
            name=f"{i}",
            traces=moving,
            data=[
                go.Scatter(text=floor_text(notes[i])),
                go.Scatter(x=g["torso"][i, :, 0], y=g["torso"][i, :, 1]),
                go.Scatter(x=g["low_back"][i, :, 0], y=g["low_back"][i, :, 1],
                           line={"color": color, "width": width}),
                go.Scatter(x=g["leg"][i, :, 0], y=g["leg"][i, :, 1]),
                go.Scatter(x=anchor[:, 0], y=anchor[:, 1], text=[labels[i]]),
                go.Scatter(text=[statuses[i]]),
            ],
        ))
    fig.frames = frames
    frame_ms = int(round(1000 * frame_step_s))
    play = {"frame": {"duration": frame_ms, "redraw": True}, "fromcurrent": True,
            "transition": {"duration": 0}, "mode": "immediate"}
    pause = {"frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0},
             "mode": "immediate"}
    step_args = {"frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0},
                 "mode": "immediate"}
    side_layout(fig, body, "One repetition, frame by frame")
    fig.update_layout(
        height=600,
        updatemenus=[{
            "type": "buttons", "direction": "left", "showactive": False,
            "x": 0.0, "y": -0.12, "xanchor": "left", "yanchor": "top",
            "buttons": [
                {"label": "▶ Play", "method": "animate", "args": [None, play]},
                {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
            ],
        }],
        sliders=[{
            "active": 0, "x": 0.18, "len": 0.82, "y": -0.08, "yanchor": "top",
            "currentvalue": {"prefix": "time: ", "suffix": " s", "xanchor": "right"},
            "steps": [{"label": f"{t:.1f}", "method": "animate",
                       "args": [[f"{i}"], step_args]} for i, t in enumerate(times)],
        }],
        margin={"b": 120},
    )
    top = float(np.max(lifts))
    limit = 90.0 + body.hip_extension_limit_deg
    ending = (
        f"it rises to {top:.0f}°, past the hip's limit of {limit:.0f}°, so near the top the low "
        "back arches and turns the warning colour with a label"
        if top > limit else
        f"it rises to {top:.0f}°, within the hip's range (limit {limit:.0f}°), so the low back "
        "stays neutral"
    )
    return describe(fig, (
        f"Animated side view of one {times[-1]:.1f}-second repetition with the knee bent "
        f"{knee_deg:.0f}°: the working thigh starts under the hip and {ending}."
    ))


__all__ = [
    "FLOOR_NOTES", "GUIDE_TEXT", "MOVING_TRACES", "SIDE_TRACES", "X_TITLE", "Y_TITLE",
    "floor_note", "floor_text", "floor_xy", "leg_animation_figure", "low_back_style",
    "lumbar_text", "side_layout", "side_view_description", "side_view_figure",
    "side_view_geometry", "side_view_ranges", "side_view_traces", "status_text",
]
