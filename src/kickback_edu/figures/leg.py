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

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..body import Body
from ..curves import curve_arrays
from ..dynamics import repetition
from ..equipment import Cable, Equipment
from ..outline import (
    Memo,
    floor_y,
    geometry_key,
    leg_outline,
    min_lift_deg,
    shape_key,
    support_outline,
    trunk_outline,
)
from ..pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG, Pose, pose
from ..statics import gravity_torque
from ..validation import check_number, has_bool
from .style import (
    BODY_COLOR,
    LEG_COLOR,
    MARGIN_LEFT_PX,
    MARGIN_RIGHT_PX,
    OKABE_ITO,
    WARNING_COLOR,
    apply_layout,
    describe,
)

#: Names of the side view's traces, in figure order.
SIDE_TRACES = ("floor", "guide", "outline", "leg_outline", "support", "torso", "low_back",
               "leg", "cable", "lumbar_label", "status")
#: The traces that change with the lift or knee angle (the rest depend on the body only;
#: the floor carries a note while the relaxed foot rests on it).
MOVING_TRACES = ("floor", "leg_outline", "torso", "low_back", "leg", "cable", "lumbar_label",
                 "status")

LOW_BACK_WIDTH = (9, 14)  # line width (px): neutral, arched
X_TITLE = "toward the head (m)"
Y_TITLE = "height above the hip (m)"
_HEAD_POINTS = 25
#: What the dotted guide line is, said under the title: a label on the line itself sat
#: where the foot passes at mid-range lifts and was hidden behind it.
GUIDE_TEXT = "dotted line: the recommended top, thigh parallel to the torso (90° lift)"
#: Note on the floor while the relaxed, pointed working foot rests on it ({:.0f} = degrees
#: of plantar flexion past the 90° ankle). No accepted pose puts the leg below the floor.
FOOT_NOTE = "relaxed foot pointed {:.0f}°:<br>its top rests on the floor"
_POINTED_DEG = 0.5  # below this the foot counts as flexed at 90° (no note)
_OUTLINE_FILL = "rgba(0, 0, 0, 0.07)"
_CABLE_WIDTH = 2.5  # px; black, apart from the blue working leg
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


def cable_of(equipment: Equipment | Sequence[Equipment] | None) -> Cable | None:
    """The first :class:`~kickback_edu.equipment.Cable` among ``equipment``, if any."""
    if equipment is None:
        return None
    items = [equipment] if isinstance(equipment, Equipment) else list(equipment)
    return next((e for e in items if isinstance(e, Cable)), None)


def _closed(polys: Sequence[np.ndarray]) -> np.ndarray:
    """Closed polygons (..., m_i, 2) joined into one polyline with NaN gaps."""
    pieces = []
    for poly in polys:
        gap = np.full((*poly.shape[:-2], 1, 2), np.nan)
        pieces += [poly, poly[..., :1, :], gap]
    return np.concatenate(pieces, axis=-2)


def outline_geometry(body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray]:
    """The body's outline, m, NaN between pieces: (the trunk, head and supporting
    leg, ``(n, 2)``, fixed; the working thigh, shank and foot,
    ``(*p.lift_deg.shape, m, 2)``)."""
    legs = leg_outline(body, p)
    fixed = _FIXED.get(geometry_key(body), lambda: _fixed_outline(body))
    return fixed, _closed([legs["thigh"], legs["shank"], legs["foot"]])


_FIXED = Memo(16)


def _fixed_outline(body: Body) -> np.ndarray:
    support = support_outline(body)
    cut = int(np.flatnonzero(np.isnan(support[:, 0]))[0])
    out = _closed([*trunk_outline(body).values(), support[:cut], support[cut + 1:]])
    out.flags.writeable = False
    return out


def cable_geometry(body: Body, p: Pose, cable: Cable | None) -> np.ndarray:
    """The cable's path (``(*p.lift_deg.shape, n, 2)``, m), or one NaN point without a cable."""
    if cable is None:
        return np.full((*p.lift_deg.shape, 1, 2), np.nan)
    return cable.path_from_pose(body, p)


def side_view_geometry(body: Body, p: Pose, cable: Cable | None = None) -> dict[str, np.ndarray]:
    """Polylines (``(*p.lift_deg.shape, n, 2)``, metres, NaN = gap) of the side view.

    Keys: ``support`` (supporting leg and head, depends on the body only),
    ``torso`` (low back to shoulder, arm, neck), ``low_back`` (hip to the
    lumbar point), ``leg`` (working hip, knee, ankle and foot), ``outline``
    (the body's outline: its thickness), ``cable`` (the cable's path from the
    cuff round the body to the pulley; one NaN point without a cable) and
    ``lumbar_anchor`` (one point under the low back for its label).
    """
    gap = _gap(p.hip)
    r = body.head_radius_m
    angle = np.linspace(0.0, 2 * np.pi, _HEAD_POINTS)
    circle = np.stack([np.cos(angle), np.sin(angle)], axis=-1) * r
    head = p.head[..., None, :] + circle
    neck = p.head - np.array([r, 0.0])
    fixed_outline, leg_outline_xy = outline_geometry(body, p)
    support = np.concatenate(
        [_stack([p.hip, p.support_knee, p.support_ankle, p.support_toe, gap]), head], axis=-2
    )
    return {
        "support": support,
        "torso": _stack([p.lumbar, p.shoulder, p.hands, gap, p.shoulder, neck]),
        "low_back": _stack([p.hip, p.lumbar]),
        "leg": _stack([p.hip, p.knee, p.ankle, p.heel, p.toe, p.ankle]),
        "outline": fixed_outline,
        "leg_outline": leg_outline_xy,
        "cable": cable_geometry(body, p, cable),
        "lumbar_anchor": p.lumbar[..., None, :] - np.array([0.0, 0.50 * body.thigh.length_m]),
    }


def side_view_ranges(body: Body) -> tuple[list[float], list[float]]:
    """Fixed axis ranges (m) that hold every pose of this body, so views don't jump.

    Found from the model's pose on a coarse grid of the lift and knee angles a
    body can take (the floor is the lowest point of any of them); the view
    reaches 1.1 m ahead of the hip so a low pulley 1 m ahead shows.
    """
    # Every length scales with height: the extents are found once per body shape.
    unit = _RANGES.get(shape_key(body), lambda: _unit_extents(body))
    x_min, head_x, y_max, floor = (v * body.height_m for v in unit)
    margin = 0.08
    x_lo = x_min - margin
    x_hi = max(head_x, 1.1) + margin
    y_lo = floor - 0.15  # room under the floor line for the foot's note
    y_hi = y_max + margin
    return [x_lo, x_hi], [y_lo, y_hi]


_RANGES = Memo(16)


def _unit_extents(body: Body) -> tuple[float, float, float, float]:
    """(leftmost x, head's front x, highest y, floor y) over poses, divided by height."""
    knees = np.linspace(*KNEE_RANGE_DEG, 15)
    first = np.asarray(min_lift_deg(body, knees))
    fraction = np.linspace(0.0, 1.0, 14)[:, None]
    lift = first + (LIFT_RANGE_DEG[1] - first) * fraction
    p = pose(body, lift, np.broadcast_to(knees, lift.shape))
    pts = np.concatenate([p.knee, p.ankle, p.heel, p.toe])
    x_min = min(float(np.min(pts[..., 0])), float(p.support_toe[..., 0].min()))
    head_x = float(p.head[..., 0].max()) + body.head_radius_m
    h = body.height_m
    return x_min / h, head_x / h, float(np.max(pts[..., 1])) / h, floor_y(body) / h


def floor_xy(body: Body) -> tuple[np.ndarray, np.ndarray]:
    """The floor's outline (m): its line across the view, closed below it so the
    ground is shaded; point :data:`_FLOOR_NOTE_AT` (right end) carries the note."""
    (x_lo, x_hi), _ = side_view_ranges(body)
    far = 10.0  # beyond any axis range: only the floor line shows
    x = np.array([x_lo - far, x_hi - 0.02, x_hi + far, x_hi + far, x_lo - far, x_lo - far])
    floor = floor_y(body)
    y = np.array([floor, floor, floor, floor - far, floor - far, floor])
    return x, y


def floor_note(body: Body, p: Pose) -> np.ndarray:
    """The floor note (:data:`FOOT_NOTE`, "" if none) for every pose in ``p``: said
    while the relaxed working foot is pointed and rests on the floor."""
    pf = np.asarray(p.ankle_plantarflexion_deg)
    notes = np.array([FOOT_NOTE.format(v) if v > _POINTED_DEG else "" for v in pf.reshape(-1)],
                     dtype=object)
    return notes.reshape(pf.shape)


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
    body: Body, p: Pose, status: str = "",
    equipment: Equipment | Sequence[Equipment] | None = None,
) -> list[go.Scatter]:
    """The :data:`SIDE_TRACES` for one pose (``p`` built from scalar angles); a cable
    among ``equipment`` is drawn along its path round the body."""
    cable = cable_of(equipment)
    g = side_view_geometry(body, p, cable)
    (x_lo, _x_hi), (_y_lo, y_hi) = side_view_ranges(body)
    reach = body.thigh.length_m + body.shank.length_m
    arched = bool(p.lumbar_extension_deg > 0)
    back_color, back_width = low_back_style(arched)
    skip = {"hoverinfo": "skip", "showlegend": False}
    fx, fy = floor_xy(body)
    return [
        go.Scatter(x=fx, y=fy, mode="lines+text", name="floor", fill="toself",
                   fillcolor=_GROUND_FILL, line={"color": "#999999", "width": 2},
                   text=floor_text(str(floor_note(body, p))), textposition="bottom left",
                   textfont={"color": "#444444", "size": 11}, **skip),
        go.Scatter(x=np.array([0.0, -reach]), y=np.array([0.0, 0.0]), mode="lines",
                   name="recommended top",
                   line={"color": OKABE_ITO["grey"], "width": 2, "dash": "dot"}, **skip),
        go.Scatter(**_xy(g["outline"]), mode="lines", name="body outline", fill="toself",
                   fillcolor=_OUTLINE_FILL, line={"color": "#bbbbbb", "width": 1}, **skip),
        go.Scatter(**_xy(g["leg_outline"]), mode="lines", name="working leg outline",
                   fill="toself", fillcolor=_OUTLINE_FILL,
                   line={"color": "#9db8cc", "width": 1}, **skip),
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
        go.Scatter(**_xy(g["cable"]), mode="lines", name="cable",
                   line={"color": OKABE_ITO["black"], "width": _CABLE_WIDTH},
                   showlegend=False, visible=cable is not None,
                   hovertemplate="cable (from the ankle cuff to the pulley)<extra></extra>"),
        go.Scatter(**_xy(g["lumbar_anchor"]), mode="text", name="lumbar warning",
                   text=[lumbar_text(float(p.lumbar_extension_deg))],
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


def side_view_description(body: Body, p: Pose, cable: Cable | None = None) -> str:
    """One sentence saying what a side view at pose ``p`` (scalar angles) shows."""
    lift, knee = float(p.lift_deg), float(p.knee_deg)
    lumbar = float(p.lumbar_extension_deg)
    back = (
        f"the lift passes the hip's extension limit, so the low back arches by {lumbar:.0f}°, "
        "drawn in the warning colour"
        if lumbar > 0 else "the low back stays neutral"
    )
    pf = float(p.ankle_plantarflexion_deg)
    floor = (f"; the relaxed foot is pointed {pf:.0f}° and rests on the floor"
             if pf > _POINTED_DEG else "")
    text = (
        f"Side view of a learner on all fours (head to the right), the body drawn with its "
        f"thickness, with the working thigh lifted {lift:.0f}° from vertical and the knee "
        f"bent {knee:.0f}°; {back}{floor}."
    )
    if cable is not None:
        r = cable.route_from_pose(body, p)
        where = ("runs along the front of the shin and leaves the leg at the front of the knee"
                 if bool(r.wraps_knee) else "leaves the leg straight from the ankle cuff")
        text += (f" The cable runs under the body from the ankle cuff to the pulley; it {where}.")
    return text


def side_view_figure(body: Body | None = None, lift_deg: float = 90.0,
                     knee_deg: float = 90.0,
                     equipment: Equipment | Sequence[Equipment] | None = None) -> go.Figure:
    """Side view of the body on all fours at one lift angle (°) and knee angle (°).

    The body is drawn with its thickness (the model's outline). The low back
    turns the warning colour and carries a label when the lift passes the
    hip's extension limit (``90 + body.hip_extension_limit_deg``). A cable
    among ``equipment`` is drawn along its path under the body. A pose the
    body cannot take is refused (ValueError, see :func:`kickback_edu.pose.pose`).
    """
    body = body or Body()
    p = pose(body, lift_deg, knee_deg)
    cable = cable_of(equipment)
    fig = go.Figure(side_view_traces(body, p, status_text(float(p.lift_deg),
                                                          float(p.knee_deg)), cable))
    side_layout(fig, body, "The kickback from the side")
    return describe(fig, side_view_description(body, p, cable))


#: The key lifts (°) a printed page shows instead of the lift slider: the start, halfway,
#: the recommended top (thigh parallel to the torso) and just past it.
KEY_LIFTS_DEG = (0.0, 45.0, 90.0, 110.0)
_PANEL_TEXT = 11  # px: the lumbar warning inside a small panel


def key_lifts(body: Body, lifts_deg: Sequence[float], knee_deg: float) -> list[float]:
    """``lifts_deg`` (°) a body can take with the knee at ``knee_deg`` (°), in order: a
    lift below the first possible one (:func:`kickback_edu.outline.min_lift_deg`, rounded
    up to a whole degree, as the lift slider starts) becomes that first lift; repeats
    are dropped. Lifts outside ``LIFT_RANGE_DEG`` raise ValueError."""
    lifts = [float(v) for v in lifts_deg]
    if not lifts:
        raise ValueError("lifts_deg must hold at least one lift angle (degrees); got none")
    lo, hi = LIFT_RANGE_DEG
    bad = [v for v in lifts if not lo <= v <= hi]
    if bad:
        raise ValueError(f"lifts_deg must lie in {lo:g}..{hi:g} degrees; got {bad}")
    first = float(np.ceil(float(min_lift_deg(body, knee_deg)) - 1e-9))
    out: list[float] = []
    for v in lifts:
        v = max(v, first)
        if v not in out:
            out.append(v)
    return out


def _devices(equipment: Equipment | Sequence[Equipment] | None) -> list[Equipment]:
    return ([] if equipment is None else
            [equipment] if isinstance(equipment, Equipment) else list(equipment))


def _hip_torque(body: Body, lift_deg: float, knee_deg: float,
                devices: Sequence[Equipment]) -> float:
    """Hip torque to hold one pose (N·m, model): the leg's weight plus each device's."""
    torque = float(gravity_torque(body, lift_deg, knee_deg))
    if devices:
        curves = curve_arrays(body, list(devices), np.array([lift_deg]), knee_deg)
        torque += sum(float(np.asarray(c["device"], float)[0]) for c in curves.values())
    return torque


def _panels_figure(body: Body, poses: Sequence[tuple[float, float]], titles: Sequence[str],
                   devices: Sequence[Equipment], title: str) -> go.Figure:
    """Side views of ``poses`` ((lift °, knee °) each), two panels a row, titled ``titles``:
    shared axes of equal scale, the axis titles on the bottom row, a one-line ``title``
    and, under it, the key to the panels in two short lines."""
    cable = cable_of(devices)
    cols = 2 if len(poses) > 1 else 1
    rows = -(-len(poses) // cols)
    # The grid is numbered from the bottom-left cell, so the first axes ("x", "y") carry
    # the axis titles and tick labels (a printout check reads them there); the panels
    # still read from the top left, row by row.
    cell = [(rows - k // cols, k % cols + 1) for k in range(len(poses))]
    grid_titles = [""] * (rows * cols)
    for (row, col), text in zip(cell, titles, strict=True):
        grid_titles[(row - 1) * cols + col - 1] = text
    panel_h, gap = _panel_height(body, poses, cable, cols), 36
    # Room at the top for the title, the key and the panel titles' lines.
    top, bottom = 96 + 20 * max(t.count("<br>") for t in titles), 50
    height = top + bottom + rows * panel_h + (rows - 1) * gap
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=grid_titles, shared_xaxes=True,
                        shared_yaxes=True, horizontal_spacing=0.03,
                        vertical_spacing=gap / (height - top - bottom),
                        start_cell="bottom-left")
    blank_floor = [" "] * 6
    x_range, y_range = panel_ranges(body, poses, cable)
    for (row, col), (lift, knee) in zip(cell, poses, strict=True):
        p = pose(body, lift, knee)
        for trace in side_view_traces(body, p, "", cable):
            if trace.name == "status":
                continue
            if trace.name == "floor":
                trace.text = blank_floor
            if trace.name == "lumbar warning":
                # In the panel's top right corner, clear of the body (under the low back
                # it ran over the supporting thigh and the cable in a small panel).
                trace.textfont.size = _PANEL_TEXT
                trace.update(x=[x_range[1] - 0.03], y=[y_range[1] - 0.02],
                             textposition="bottom left")
            fig.add_trace(trace, row=row, col=col)
    fig.update_xaxes(range=x_range, zeroline=False, constrain="domain")
    fig.update_yaxes(range=y_range, zeroline=False, constrain="domain")
    for k in range(rows * cols):
        suffix = "" if k == 0 else str(k + 1)
        fig.layout[f"yaxis{suffix}"].update(scaleanchor=f"x{suffix}", scaleratio=1)
    for col in range(1, cols + 1):
        fig.update_xaxes(title_text="toward the head (m)", row=1, col=col)
    fig.update_yaxes(title_text="height (m)", row=1, col=1)
    if rows > 1:
        fig.update_yaxes(title_text="height (m)", row=rows, col=1)
    for a in fig.layout.annotations:
        a.font = {"size": 12}
    # The key to the panels in two short lines under a one-line title (as a subtitle, one
    # line ran past a narrow figure's edge), at fixed distances below the top edge. A
    # device's full name (in the description) could run past a printed page's edge: its
    # kind only. Its offset is in px above the panels (not a share of the figure's
    # height): a printout that draws the figure shorter keeps it clear of the panels.
    kinds = "".join(f" + {_kind(d)}" for d in devices)
    apply_layout(fig, title, height=height, showlegend=False)
    fig.add_annotation(text=("dotted line: the recommended top (90° lift)<br>hip torque: "
                             f"leg weight{kinds} (model)"),
                       xref="paper", x=0.0, xanchor="left", yref="paper",
                       y=1.0, yshift=top - 40, yanchor="top",
                       align="left", showarrow=False, font={"size": 12, "color": "#555555"})
    fig.update_layout(margin={"t": top, "b": bottom},
                      title={"yref": "container", "y": 1.0 - 12.0 / height, "yanchor": "top"})
    return fig


# The panels' own axis ranges: the drawn poses (and a cable's path) with this much room
# (m) around them, and a band of floor under the floor line (its note is not drawn).
_PANEL_MARGIN_M = 0.06
_PANEL_FLOOR_BAND_M = 0.06
# Printed, a figure is 680 px wide (tools/build_html.py PRINT_WIDTH_PX); its panels are
# drawn at most this many px a metre, so a row is no taller than the drawing needs.
_PRINT_WIDTH_PX = 680
_PANEL_PX_PER_M = 140.0


def panel_ranges(body: Body, poses: Sequence[tuple[float, float]],
                 cable: Cable | None = None) -> tuple[list[float], list[float]]:
    """Axis ranges (m) of the key-position panels: every point of the side views of
    ``poses`` ((lift °, knee °) each; the body, the leg, the low back, the recommended
    top's line and ``cable``'s path) with ``_PANEL_MARGIN_M`` around it, down to a band
    under the floor. Tighter than :func:`side_view_ranges`, which holds every pose."""
    xs, ys = [], []
    for lift, knee in poses:
        for trace in side_view_traces(body, pose(body, lift, knee), "", cable):
            if trace.name in ("floor", "status") or trace.x is None:
                continue
            x, y = np.asarray(trace.x, float), np.asarray(trace.y, float)
            xs.append(x[np.isfinite(x)])
            ys.append(y[np.isfinite(y)])
    x, y = np.concatenate(xs), np.concatenate(ys)
    m = _PANEL_MARGIN_M
    y_lo = min(float(y.min()) - m, floor_y(body) - _PANEL_FLOOR_BAND_M)
    return ([float(x.min()) - m, float(x.max()) + m], [y_lo, float(y.max()) + m])


def _panel_height(body: Body, poses: Sequence[tuple[float, float]], cable: Cable | None,
                  cols: int) -> int:
    """A panel's height (px): its ranges at the scale the printed width allows (at most
    ``_PANEL_PX_PER_M``), so the printed panels have little empty space around them."""
    (x_lo, x_hi), (y_lo, y_hi) = panel_ranges(body, poses, cable)
    width = (_PRINT_WIDTH_PX - MARGIN_LEFT_PX - MARGIN_RIGHT_PX) * (1 - 0.03 * (cols - 1)) / cols
    scale = min(_PANEL_PX_PER_M, width / (x_hi - x_lo))
    return round(scale * (y_hi - y_lo))


def side_view_small_multiples(
    body: Body | None = None,
    lifts_deg: Sequence[float] = KEY_LIFTS_DEG,
    knee_deg: float = 90.0,
    equipment: Equipment | Sequence[Equipment] | None = None,
) -> go.Figure:
    """The side view at a few lifts side by side: what a printed page shows instead of
    the lift slider.

    One panel per lift of :func:`key_lifts` (``lifts_deg`` in °, lifts below the first
    one a body can take with ``knee_deg`` start there), two panels a row, with shared
    axes of equal scale (m, the model's sagittal frame). Each panel is titled with its
    lift and the hip torque to hold there (N·m, model): the leg's weight
    (:func:`kickback_edu.statics.gravity_torque`), plus the device's torque for
    ``equipment`` (:func:`kickback_edu.curves.curve_arrays`). Bad angles raise
    ValueError naming the parameter.
    """
    body = body or Body()
    lifts = key_lifts(body, lifts_deg, knee_deg)
    devices = _devices(equipment)
    torque = [_hip_torque(body, v, knee_deg, devices) for v in lifts]
    source = "leg weight" + "".join(f" + {d.name}" for d in devices)
    fig = _panels_figure(body, [(v, knee_deg) for v in lifts],
                         [f"lift {v:.0f}° · hip torque {t:.1f} N·m"
                          for v, t in zip(lifts, torque, strict=True)],
                         devices, f"The kickback at {len(lifts)} lifts (knee {knee_deg:.0f}°)")
    return describe(fig, small_multiples_description(body, lifts, knee_deg, torque, source))


def side_view_knee_comparison(
    body: Body | None = None,
    lift_deg: float = 90.0,
    knees_deg: Sequence[float] = (90.0, 0.0),
    equipment: Equipment | Sequence[Equipment] | None = None,
) -> go.Figure:
    """The side view at one lift with the knee bent to each of ``knees_deg`` (°), side by
    side: what a printed page shows instead of moving the knee slider.

    Panels as in :func:`side_view_small_multiples` (two a row, shared axes of equal
    scale, m), each titled with its knee angle and the hip torque to hold (N·m, model:
    the leg's weight plus ``equipment``'s torque). ValueError when ``knees_deg`` is empty
    or holds an angle outside ``KNEE_RANGE_DEG``, or when a body cannot take the lift
    with one of the knees (the foot would be in the floor; see
    :func:`kickback_edu.pose.pose`).
    """
    body = body or Body()
    knees = check_knees("knees_deg", knees_deg)
    lift = float(lift_deg)
    devices = _devices(equipment)
    torque = [_hip_torque(body, lift, k, devices) for k in knees]
    source = "leg weight" + "".join(f" + {d.name}" for d in devices)
    fig = _panels_figure(body, [(lift, k) for k in knees],
                         # two lines: side by side in one line, they met at 468 px
                         [f"{_knee_words(k)}<br>hip torque {t:.1f} N·m"
                          for k, t in zip(knees, torque, strict=True)],
                         devices, f"Knee bent or straight, at a {lift:.0f}° lift")
    # "31.4 N·m with the knee bent 90°, 41.3 N·m with it straight": no chained colons.
    listed = ", ".join(
        f"{t:.1f} N·m with {'the knee' if i == 0 else 'it'} "
        + (("straight" if i else "straight (0°)") if k == 0 else f"bent {k:.0f}°")
        for i, (k, t) in enumerate(zip(knees, torque, strict=True)))
    return describe(fig, (
        f"The side view of the kickback at a {lift:.0f}° lift, side by side with the knee "
        f"{' and '.join(_knee_words(k).removeprefix('knee ') for k in knees)}; the hip "
        f"torque to hold ({source}) is {listed} (model)."))


def check_knees(name: str, value: Any) -> list[float]:
    """``value`` as a list of knee angles (°): a non-empty list, tuple or 1-d array of
    numbers in ``KNEE_RANGE_DEG`` (booleans are not numbers); ValueError naming
    ``name``, the value and what is allowed otherwise."""
    lo, hi = KNEE_RANGE_DEG
    allowed = f"{name} must be knee angles in degrees from {lo:g} to {hi:g}, e.g. (90, 0)"
    if not isinstance(value, (list, tuple, np.ndarray)) or np.ndim(value) != 1 \
            or len(value) == 0:
        raise ValueError(f"{allowed}; got {value!r}")
    if has_bool(value):
        raise ValueError(f"{allowed}; got {value!r} (a boolean, not a number)")
    return [check_number(name, v, lo, hi, "degrees") for v in value]


def _knee_words(knee_deg: float) -> str:
    """``"knee straight (0°)"`` or ``"knee bent 90°"``."""
    return "knee straight (0°)" if knee_deg == 0 else f"knee bent {knee_deg:.0f}°"


def _kind(device: Equipment) -> str:
    """A device's kind in words, e.g. ``"cable"``, ``"glute machine"``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(device).__name__).lower()


def small_multiples_description(body: Body, lifts_deg: Sequence[float], knee_deg: float,
                                torque_Nm: Sequence[float], source: str) -> str:
    """One or two sentences saying what :func:`side_view_small_multiples` shows."""
    lifts = [float(v) for v in lifts_deg]
    listed = ", ".join(f"{v:.0f}° ({float(t):.1f} N·m)" for v, t in zip(lifts, torque_Nm,
                                                                           strict=True))
    limit = 90.0 + body.hip_extension_limit_deg
    arched = [v for v in lifts if v > limit]
    back = (f" Past {limit:.0f}° the hip can extend no further and the low back arches, "
            "drawn in the warning colour." if arched else "")
    return (f"The side view of the kickback with the knee bent {knee_deg:.0f}°, at the lifts "
            f"{listed}: the hip torque to hold ({source}, model) at each.{back}")


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
    low back's warning shows; at most 130°) at ``knee_deg`` (°) is computed,
    starting at the first lift a body can take with that knee. A cable among
    ``equipment`` is drawn along its path in every frame.
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
    cable = cable_of(equipment)
    g = side_view_geometry(body, p_all, cable)
    notes = floor_note(body, p_all)
    labels = [lumbar_text(v) for v in p_all.lumbar_extension_deg]
    statuses = [
        f"t = {t:.1f} s · lift {lift:.0f}° · hip torque {m:.0f} N·m"
        for t, lift, m in zip(times, lifts, torques, strict=True)
    ]
    p0 = pose(body, lifts[0], knee_deg)
    fig = go.Figure(side_view_traces(body, p0, statuses[0], cable))
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
                go.Scatter(x=g["leg_outline"][i, :, 0], y=g["leg_outline"][i, :, 1]),
                go.Scatter(x=g["torso"][i, :, 0], y=g["torso"][i, :, 1]),
                go.Scatter(x=g["low_back"][i, :, 0], y=g["low_back"][i, :, 1],
                           line={"color": color, "width": width}),
                go.Scatter(x=g["leg"][i, :, 0], y=g["leg"][i, :, 1]),
                go.Scatter(x=g["cable"][i, :, 0], y=g["cable"][i, :, 1]),
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
        # Paper cannot play: a printed handout shows the frame at the top of the lift
        # (tools/build_html.py's print script reads this name; controls are hidden there).
        meta={"print_frame": f"{int(np.argmax(lifts))}"},
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
        f"{knee_deg:.0f}°: the working thigh starts "
        + ("under the hip" if lifts[0] < 0.5 else
           f"at {lifts[0]:.0f}°, where the pointed foot clears the floor")
        + f" and {ending}. A printed copy shows the frame at the top of the lift "
        f"(t = {times[int(np.argmax(lifts))]:.1f} s)."
    ))


__all__ = [
    "FOOT_NOTE",
    "GUIDE_TEXT",
    "MOVING_TRACES",
    "SIDE_TRACES",
    "X_TITLE",
    "Y_TITLE",
    "cable_geometry",
    "cable_of",
    "check_knees",
    "floor_note",
    "floor_text",
    "floor_xy",
    "leg_animation_figure",
    "low_back_style",
    "lumbar_text",
    "outline_geometry",
    "side_layout",
    "side_view_description",
    "side_view_figure",
    "side_view_geometry",
    "side_view_knee_comparison",
    "side_view_ranges",
    "side_view_traces",
    "status_text",
]
