"""Figures of real-world function: single-leg stance (front view) and hip angle in gait.

Pure functions from model results to ``go.Figure``; no physics here. The
``*_trace_data`` helpers map model results to trace data by trace name, so a
widget can update its FigureWidget in place with exactly what the figure
function would draw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..gait import GaitInstant, KickbackRange
from ..stance import StancePose, StanceResult
from .style import (
    BODY_COLOR,
    BOTTOM_LEGEND,
    LEG_COLOR,
    OK_COLOR,
    OKABE_ITO,
    WARNING_COLOR,
    apply_layout,
    describe,
)

FORCE_BARS = ("abductors", "stretched tissues", "hip joint")


# ---------------------------------------------------------------- stance ----


def stance_trace_data(result: StanceResult, pose: StancePose) -> dict[str, dict[str, object]]:
    """Trace name -> properties (numpy arrays) for the stance figure's changing traces."""

    def xy(points: np.ndarray) -> dict[str, object]:
        return {"x": np.asarray(points[:, 0], float), "y": np.asarray(points[:, 1], float)}

    com = pose.hat_com[0]
    level = result.pelvic_drop_deg == 0.0
    abductor_color = OK_COLOR if level else WARNING_COLOR
    bars = np.array([result.abductor_force_bw, result.passive_force_bw, result.joint_force_bw])
    return {
        "pelvis": xy(pose.pelvis),
        "trunk": xy(pose.trunk),
        "head": xy(pose.head),
        "arms": xy(pose.arms),
        "load": xy(pose.load),
        "stance leg": xy(pose.stance_leg),
        "swing leg": xy(pose.swing_leg),
        "abductors": {**xy(pose.abductor), "line": {"color": abductor_color, "width": 6}},
        "trunk centre of mass": {"x": np.array([com[0], com[0]]),
                                 "y": np.array([com[1], pose.ground_y])},
        "force (× body weight)": {
            "y": bars, "text": np.array([f"{v:.2f}" for v in bars]),
            "marker": {"color": [abductor_color, OKABE_ITO["orange"], OKABE_ITO["blue"]]},
        },
        "abductor force needed": {"y": np.array([result.abductor_demand_bw])},
    }


def stance_description(result: StanceResult) -> str:
    """One sentence describing the stance figure's current state."""
    text = (f"Front view of standing on one leg: the abductors pull "
            f"{result.abductor_force_bw:.2f} × body weight (needed "
            f"{result.abductor_demand_bw:.2f}) and the hip joint carries "
            f"{result.joint_force_bw:.2f} × body weight (model, assumed geometry)")
    if result.pelvic_drop_deg > 0.0:
        text += (f"; the pelvis drops {result.pelvic_drop_deg:.1f}° on the swing side and the "
                 f"trunk leans {result.total_trunk_lean_deg:.1f}°")
    return text + "."


def stance_height_range(upright: StancePose) -> tuple[float, float]:
    """Heights (m, from the stance hip) of a front view that holds every pose of one body:
    from the ground to the top of the head of ``upright`` (the pose with the pelvis level
    and the trunk upright), with a margin of 2 % of that span at each end.

    A pelvic drop or a trunk lean only lowers the head (the trunk turns about a point at
    or below the hip line), and every other point stays below it and above the ground.
    """
    top = float(np.max(upright.head[:, 1]))
    margin = 0.02 * (top - upright.ground_y)
    return upright.ground_y - margin, top + margin


#: The front view's sideways range (m) and the force axis (× body weight) at least shown.
STANCE_X_RANGE = (-0.45, 0.65)
STANCE_FORCE_RANGE = (0.0, 6.0)
_FRONT_TRACES = ("pelvis", "trunk", "head", "arms", "load", "stance leg", "swing leg",
                 "abductors", "trunk centre of mass")


def stance_view_ranges(
    states: Iterable[tuple[StanceResult, StancePose]],
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Sideways range (m) and force range (× body weight) that hold every drawn point and
    bar of ``states`` (pairs of a result and its pose): at least :data:`STANCE_X_RANGE`
    and :data:`STANCE_FORCE_RANGE`, widened with a 5 % margin where a state reaches out."""
    x_lo, x_hi = STANCE_X_RANGE
    force_hi = STANCE_FORCE_RANGE[1]
    for result, pose in states:
        data = stance_trace_data(result, pose)
        xs = np.concatenate([np.asarray(data[name]["x"], float) for name in _FRONT_TRACES])
        span = float(xs.max() - xs.min())
        x_lo = min(x_lo, float(xs.min()) - 0.05 * span)
        x_hi = max(x_hi, float(xs.max()) + 0.05 * span)
        top = max(float(np.max(np.asarray(data["force (× body weight)"]["y"], float))),
                  float(np.max(np.asarray(data["abductor force needed"]["y"], float))))
        force_hi = max(force_hi, float(np.ceil(1.15 * top)))
    return (x_lo, x_hi), (STANCE_FORCE_RANGE[0], force_hi)


def stance_figure(
    result: StanceResult, pose: StancePose, invivo_walking_bw: float = 2.38,
    height_range: tuple[float, float] | None = None,
    view_ranges: tuple[tuple[float, float], tuple[float, float]] | None = None,
    textbook_bw: tuple[float, float] | None = None,
) -> go.Figure:
    """Front view of single-leg stance (left) and the forces in body weights (right).

    ``invivo_walking_bw``: the in-vivo hip force in walking drawn for
    comparison (Bergmann 2001: 2.38; implant patients). ``textbook_bw``: the
    (low, high) textbook hip-force range drawn as a band (unverified; None:
    not drawn). The model's geometry is assumed: these are comparisons, not a
    validation. ``height_range`` (m): a fixed height
    range of the front view (see :func:`stance_height_range`); None: it fits
    the pose. ``view_ranges``: the sideways (m) and force (× body weight) ranges
    (see :func:`stance_view_ranges`); None: those that hold this state.
    """
    (x_lo, x_hi), force_range = view_ranges or stance_view_ranges([(result, pose)])
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.12,
                        subplot_titles=("front view (model)", "forces on the<br>standing hip"))
    data = stance_trace_data(result, pose)
    g = pose.ground_y
    fig.add_trace(go.Scatter(x=[x_lo, x_hi], y=[g, g], mode="lines", name="ground",
                             line={"color": OKABE_ITO["black"], "width": 2}, hoverinfo="skip",
                             showlegend=False), 1, 1)
    lines = {
        "trunk centre of mass": {"color": OKABE_ITO["reddish_purple"], "width": 2, "dash": "dot"},
        "swing leg": {"color": OKABE_ITO["sky_blue"], "width": 7},
        "arms": {"color": BODY_COLOR, "width": 4},
        "trunk": {"color": BODY_COLOR, "width": 9},
        "head": {"color": BODY_COLOR, "width": 3},
        "pelvis": {"color": OKABE_ITO["black"], "width": 5},
        "stance leg": {"color": LEG_COLOR, "width": 8},
    }
    for name, line in lines.items():
        fig.add_trace(go.Scatter(**data[name], mode="lines+markers" if name != "head" else "lines",
                                 name=name, line=line, marker={"size": 5},
                                 showlegend=name in ("stance leg", "trunk centre of mass")), 1, 1)
    fig.add_trace(go.Scatter(**data["load"], mode="lines", name="load", fill="toself",
                             line={"color": OKABE_ITO["black"]}, fillcolor=OKABE_ITO["yellow"],
                             showlegend=False), 1, 1)
    fig.add_trace(go.Scatter(mode="lines", name="abductors", **data["abductors"]), 1, 1)
    fig.add_trace(go.Bar(x=list(FORCE_BARS), name="force (× body weight)", textposition="outside",
                         showlegend=False, **data["force (× body weight)"]), 1, 2)
    fig.add_trace(go.Scatter(x=[FORCE_BARS[0]], mode="markers", name="abductor force needed",
                             marker={"symbol": "line-ew-open", "size": 40,
                                     "color": OKABE_ITO["black"], "line": {"width": 3}},
                             **data["abductor force needed"]), 1, 2)
    if textbook_bw is not None:
        lo, hi = textbook_bw
        fig.add_trace(go.Scatter(x=[FORCE_BARS[0], FORCE_BARS[-1], FORCE_BARS[-1], FORCE_BARS[0],
                                    FORCE_BARS[0]], y=[lo, lo, hi, hi, lo], mode="lines",
                                 fill="toself", line={"width": 0},
                                 fillcolor="rgba(153,153,153,0.2)", hoverinfo="skip",
                                 name=f"textbook: {lo:g}–{hi:g} × (not checked)"),
                      1, 2)
    fig.add_trace(go.Scatter(x=list(FORCE_BARS), y=[invivo_walking_bw] * 3, mode="lines",
                             name=f"measured, walking: {invivo_walking_bw:g} ×",
                             line={"color": OKABE_ITO["grey"], "dash": "dash", "width": 2}), 1, 2)
    # constrain="domain": equal scales shrink the panel, never widen the ranges (which
    # plotly would otherwise widen again at every resize of a live figure).
    fig.update_xaxes(title_text="sideways from the standing hip (m)",
                     range=[x_lo, x_hi], constrain="domain", row=1, col=1)
    fig.update_yaxes(title_text="height above the standing hip (m)", scaleanchor="x",
                     scaleratio=1, range=list(height_range) if height_range else None,
                     constrain="domain", row=1, col=1)
    fig.update_xaxes(title_text="force (model)", tickmode="array", tickvals=list(FORCE_BARS),
                     ticktext=[bar.replace(" ", "<br>") for bar in FORCE_BARS],
                     # Level, never turned on end (plotly turns them when a bar is narrow,
                     # as in a 468 px notebook, and "stretched tissues" ran down the page).
                     tickfont={"size": 11}, tickangle=0, row=1, col=2)
    fig.update_yaxes(title_text="force (× body weight)", range=list(force_range), row=1, col=2)
    apply_layout(fig, "Standing on one leg: what holds the pelvis level",
                 height=560, legend=BOTTOM_LEGEND)
    fig.update_layout(margin={"t": 85, "b": 130})
    return describe(fig, stance_description(result))


# ------------------------------------------------------------------ gait ----


def _rect(lo: float, hi: float, ylo: float, yhi: float) -> dict[str, np.ndarray]:
    return {"x": np.array([lo, hi, hi, lo, lo]), "y": np.array([ylo, ylo, yhi, yhi, ylo])}


#: Hip-angle range (°, + = flexion) of the gait panel for a hip that extends 10° at most;
#: :func:`gait_y_range` widens it for a hip that extends further.
GAIT_Y_RANGE = (-25.0, 95.0)
#: Height (°) of the strip at the bottom of the gait panel that marks which muscles work.
PHASE_STRIP_DEG = 7.0
#: Lift angles (°) labelled on the gait panel's right axis: lift = 90° − hip angle.
LIFT_TICKS_DEG = (0.0, 30.0, 60.0, 90.0)
# A phase that wraps past 100 % is drawn as two rectangles, one trace each.
KEY_TRACE = "measured key points"
PHASE_TRACES = ("gluteus maximus works (model)", "gluteus maximus works, part 2")
#: The calf's push-off phase (ankle plantar flexors; textbook, model).
PUSH_TRACE = "calf pushes off (model)"
#: Colours of the two phases; the marker and the thigh take them while inside one.
GLUTE_PHASE_COLOR = OKABE_ITO["orange"]
CALF_PHASE_COLOR = OKABE_ITO["reddish_purple"]


def lift_from_hip_angle(hip_flexion_deg: float) -> float:
    """The kickback's lift angle (°; 0 = thigh vertical on all fours, 90 = thigh in line
    with the torso) for a hip angle (°, + = flexion): lift = 90° − hip flexion."""
    return 90.0 - hip_flexion_deg


def gait_y_range(kickback: KickbackRange) -> tuple[float, float]:
    """Hip-angle range (°) of the gait panel: :data:`GAIT_Y_RANGE`, lowered so that the
    kickback's limit sits at least 15° above the bottom (the phase strip lies below it)."""
    return min(GAIT_Y_RANGE[0], kickback.limit_deg - 15.0), GAIT_Y_RANGE[1]


def gait_trace_data(
    curve: pd.DataFrame, instant: GaitInstant, phases: tuple[tuple[float, float], ...],
    push_off: tuple[tuple[float, float], ...] = (),
    y_range: tuple[float, float] = GAIT_Y_RANGE,
) -> dict[str, Mapping[str, object]]:
    """Trace name -> properties (numpy arrays) for the gait figure's changing traces.

    ``phases``: where the gluteus maximus works; ``push_off``: where the calf
    pushes off (one interval; empty: nothing drawn); both are drawn as a strip
    :data:`PHASE_STRIP_DEG` high at the bottom of ``y_range`` (°, see
    :func:`gait_y_range`), below every hip angle and the kickback's range."""
    ylo = y_range[0] + 1.0
    yhi = ylo + PHASE_STRIP_DEG
    keys = pd.DataFrame(curve.attrs.get("keypoints", []))
    if keys.empty:
        keys = pd.DataFrame({"cycle_pct": [], "hip_flexion_deg": [], "source": [],
                             "confidence": []})
    empty = {"x": np.zeros(0), "y": np.zeros(0)}
    phase_data = [_rect(lo, hi, ylo, yhi) for lo, hi in phases] + [empty, empty]
    push = [_rect(lo, hi, ylo, yhi) for lo, hi in push_off[:1]] + [empty]
    return {
        PHASE_TRACES[0]: phase_data[0],
        PHASE_TRACES[1]: phase_data[1],
        PUSH_TRACE: push[0],
        "hip angle": {"x": curve["cycle_pct"].to_numpy(float),
                      "y": curve["hip_flexion_deg"].to_numpy(float)},
        KEY_TRACE: {
            "x": keys["cycle_pct"].to_numpy(float), "y": keys["hip_flexion_deg"].to_numpy(float),
            "text": np.array([f"{s} ({c})" for s, c in zip(keys["source"], keys["confidence"],
                                                           strict=True)], dtype=object),
        },
        **gait_instant_trace_data(instant),
    }


def gait_phase_color(instant: GaitInstant) -> str:
    """The colour of the phase ``instant`` lies in (black outside both)."""
    return (GLUTE_PHASE_COLOR if instant.extensors_hardest
            else CALF_PHASE_COLOR if instant.calf_push_off else OKABE_ITO["black"])


def gait_instant_trace_data(instant: GaitInstant) -> dict[str, dict[str, object]]:
    """Trace name -> properties (numpy arrays; m for the thigh) of the two traces one moment
    of the cycle sets: the marker on the curve ("now", a ring that leaves the curve and a
    key point under it visible) and the thigh in the side view, both in the phase's colour."""
    color = gait_phase_color(instant)
    return {
        "now": {"x": np.array([instant.cycle_pct]), "y": np.array([instant.hip_flexion_deg]),
                "marker": {"color": color, "size": 18, "symbol": "circle-open",
                           "line": {"color": color, "width": 3}}},
        "thigh": {"x": np.array([instant.hip_xy[0], instant.knee_xy[0]]),
                  "y": np.array([instant.hip_xy[1], instant.knee_xy[1]]),
                  "line": {"color": color, "width": 9}},
    }


def _hip_angle_words(hip_deg: float) -> str:
    """A hip angle (°, + = flexion) as a size and a direction: ``"5.8° extension"``."""
    return f"{-hip_deg:.1f}° extension" if hip_deg < 0.0 else f"{hip_deg:.1f}° flexion"


def _hip_state_words(hip_deg: float) -> str:
    """Where the hip is (°, + = flexion): ``"5.7° extended"``, ``"30.0° flexed"``."""
    if round(hip_deg, 1) == 0.0:
        return "at neutral (0°)"
    return f"{-hip_deg:.1f}° extended" if hip_deg < 0.0 else f"{hip_deg:.1f}° flexed"


def gait_description(curve: pd.DataFrame, instant: GaitInstant) -> str:
    """One sentence describing the gait figure's current state: the curve's range and
    the marked moment's hip angle in words (flexion/extension, no signed numbers)."""
    name = curve.attrs.get("activity", "gait")
    speed = curve.attrs.get("speed", "")
    name = f"{name} ({speed} speed)" if speed else name
    hip = curve["hip_flexion_deg"]
    return (f"Hip angle over the {name} cycle, a schematic curve from "
            f"{_hip_angle_words(float(hip.max()))} to {_hip_angle_words(float(hip.min()))}, "
            f"with the hip {_hip_state_words(instant.hip_flexion_deg)} at "
            f"{instant.cycle_pct:.0f}% of the cycle, next to the kickback's range (lift 0° to "
            "90°, hip 90° flexed to neutral; the right axis gives the lift, 90° minus the hip "
            "angle). A strip along the bottom marks where the gluteus maximus works, from late "
            "swing through the loading response, and where the calf pushes off, near the "
            "hip's most extended point.")


def gait_figure(
    curve: pd.DataFrame,
    instant: GaitInstant,
    kickback: KickbackRange,
    phases: tuple[tuple[float, float], ...],
    thigh_length_m: float = 0.43,
    push_off: tuple[tuple[float, float], ...] = (),
) -> go.Figure:
    """Hip angle vs % gait cycle with a moving marker, and below it the thigh from the side.

    ``curve``: a :func:`~kickback_edu.gait.gait_hip_angle` frame; ``instant``
    the marked moment; ``kickback`` the range shaded for comparison (across
    the panel); ``phases`` where the gluteus maximus works and ``push_off``
    where the calf pushes off (a strip along the bottom; textbook timing,
    labelled model). One angle on screen, two scales: the left axis is the
    hip angle (°, + = flexion, − = extension), the right axis the kickback's
    lift angle of the same line (lift = 90° − hip angle, see
    :func:`lift_from_hip_angle`). The hip-angle range is :func:`gait_y_range`.
    """
    y_range = gait_y_range(kickback)
    fig = make_subplots(rows=1, cols=2, subplot_titles=(
        "hip angle over one walking cycle", "the thigh at the marked moment (side view)"))
    data = gait_trace_data(curve, instant, phases, push_off, y_range)
    top = lift_from_hip_angle(kickback.top_deg)
    limit = lift_from_hip_angle(kickback.limit_deg)
    fig.add_trace(go.Scatter(**_rect(0, 100, kickback.top_deg, kickback.start_deg), mode="lines",
                             fill="toself", name=f"kickback: lift 0–{top:g}°",
                             line={"width": 0}, fillcolor="rgba(86,180,233,0.22)",
                             hoverinfo="skip"), 1, 1)
    fig.add_trace(go.Scatter(**_rect(0, 100, kickback.limit_deg, kickback.top_deg), mode="lines",
                             fill="toself", line={"width": 0}, hoverinfo="skip",
                             name=f"past the top: lift {top:g}–{limit:g}°",
                             fillcolor="rgba(0,158,115,0.28)"), 1, 1)
    for i, name in enumerate(PHASE_TRACES):
        fig.add_trace(go.Scatter(**data[name], mode="lines", fill="toself", name=name,
                                 legendgroup="phases", line={"width": 0},
                                 fillcolor=GLUTE_PHASE_COLOR, hoverinfo="skip",
                                 showlegend=i == 0), 1, 1)
    fig.add_trace(go.Scatter(**data[PUSH_TRACE], mode="lines", fill="toself", name=PUSH_TRACE,
                             line={"width": 0}, fillcolor=CALF_PHASE_COLOR,
                             hoverinfo="skip"), 1, 1)
    fig.add_trace(go.Scatter(**data["hip angle"], mode="lines", name="hip angle",
                             line={"color": OKABE_ITO["black"], "width": 3},
                             hovertemplate="%{x:.0f}%: hip %{y:.1f}°<extra></extra>"), 1, 1)
    fig.add_trace(go.Scatter(**data[KEY_TRACE], mode="markers",
                             name=KEY_TRACE, hovertemplate="%{y:.1f}° at %{x}%: "
                             "%{text}<extra></extra>",
                             marker={"color": OKABE_ITO["blue"], "size": 9,
                                     "symbol": "diamond",
                                     "line": {"color": "white", "width": 1}}), 1, 1)
    fig.add_trace(go.Scatter(**data["now"], mode="markers", name="now",
                             hovertemplate="now: %{x:.0f}%, hip %{y:.1f}°<extra></extra>"),
                  1, 1)
    lim = 1.1 * thigh_length_m
    fig.add_trace(go.Scatter(x=[0.0, 0.0], y=[0.0, -lim], mode="lines", name="neutral (0°)",
                             line={"color": OKABE_ITO["grey"], "dash": "dash"}, showlegend=False),
                  1, 2)
    fig.add_trace(go.Scatter(x=[-0.12, 0.12], y=[0.0, 0.0], mode="lines", name="pelvis (level)",
                             line={"color": BODY_COLOR, "width": 8}, showlegend=False), 1, 2)
    fig.add_trace(go.Scatter(**data["thigh"], mode="lines+markers", name="thigh",
                             showlegend=False), 1, 2)
    fig.update_xaxes(title_text="gait cycle (%)", range=[0, 100], row=1, col=1)
    # Ticks where both scales read whole numbers, none in the bottom corner (which the
    # phase strip fills), so the x axis's "0" has the corner to itself.
    hip_ticks = [kickback.limit_deg, *(lift_from_hip_angle(t) for t in LIFT_TICKS_DEG)]
    fig.update_yaxes(title_text="hip angle (°)<br>+ flexion, − extension",
                     range=list(y_range), tickmode="array", tickvals=sorted(hip_ticks),
                     row=1, col=1)
    # The same line read as the kickback's lift: an axis on the right of the gait panel.
    fig.update_layout(yaxis3={
        "overlaying": "y", "anchor": "x", "side": "right",
        "range": [lift_from_hip_angle(y) for y in y_range], "showgrid": False,
        "tickmode": "array", "tickvals": [*LIFT_TICKS_DEG, limit],
        "title": {"text": "kickback lift (°)<br>= 90° − hip angle"}, "zeroline": False,
    })
    fig.add_trace(go.Scatter(x=[None], y=[None], yaxis="y3", xaxis="x", name="lift axis",
                             showlegend=False, hoverinfo="skip"))
    # The thigh's vertical axis on the far right: the gap between the panels holds the lift
    # axis.
    # Forward to 0.8 × lim, back to 0.5 × lim: the thigh swings further forward (hip
    # flexion up to ~37°, sin 37° ≈ 0.6) than back (extension ≤ the hip's limit).
    # No tick labels on the thigh's panel: a sketch.
    fig.update_xaxes(title_text="forward (m)", range=[-0.5 * lim, 0.8 * lim],
                     showticklabels=False, constrain="domain", row=1, col=2)
    fig.update_yaxes(title_text="up (m)", range=[-lim, 0.15], scaleanchor="x2", scaleratio=1,
                     side="right", showticklabels=False, constrain="domain", row=1, col=2)
    # The thigh's sketch under the gait panel, not beside it: side by side, a narrow
    # notebook (468 px) left the gait curve ~175 px wide and the sketch a thumbnail.
    # (The axes keep their names: a widget updates them by name.)
    fig.update_layout(xaxis={"domain": [0.0, 1.0]}, yaxis={"domain": [0.42, 1.0]},
                      xaxis2={"domain": [0.3, 0.7]}, yaxis2={"domain": [0.0, 0.25]})
    fig.layout.annotations[0].update(x=0.5, y=1.0)
    fig.layout.annotations[1].update(x=0.5, y=0.25)
    apply_layout(fig, "Hip angle in walking, beside the kickback's range", height=760,
                 legend=BOTTOM_LEGEND)
    fig.update_layout(margin={"t": 85, "b": 150, "r": 90})
    return describe(fig, gait_description(curve, instant))
