"""Resistance curves: the hip torque each device asks for across the lift.

Numbers come from :func:`kickback_edu.curves.curve_arrays` (device torque,
leg weight, the learner's strength); this module only draws them and points
out what they show: the recommended top, the zone where the low back takes
over and, for a straight or partly bent knee, the low lifts no body can take
(the foot would be in the floor). Where the band alone peaks and from which
lift a cable runs round the front of the knee (it cannot pass through the leg)
are said in words (:func:`findings_sentences`, the figure's description and
the widget's readout), not as notes on the plot: at 468 px no spot of the plot
is free of curves for a two-line note whatever devices are shown.

Trace order (so a widget can update by index): for each device, in the order
given, three traces — total (device + leg weight), device alone, share of
the learner's strength (right axis, %) — then one marker trace for the
current lift angle.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from ..body import Body
from ..curves import DEFAULT_LIFT_DEG, curve_arrays
from ..equipment import Band, Bodyweight, Cable, Equipment, GluteMachine
from ..outline import min_lift_deg
from .style import BOTTOM_LEGEND, EQUIPMENT_COLORS, OKABE_ITO, WARNING_COLOR, apply_layout, describe

#: Line dash per device key: colour is never the only cue.
EQUIPMENT_DASH = {"bodyweight": "solid", "band": "dash", "cable": "dashdot", "machine": "longdash"}
EQUIPMENT_SYMBOL = {"bodyweight": "circle", "band": "square", "cable": "diamond",
                    "machine": "triangle-up"}
TRACES_PER_DEVICE = 3  # total, device alone, share
X_TITLE = "lift angle (°)<br>0 = thigh under the hip, 90 = thigh parallel to the torso"
Y_TITLE = "hip torque to hold (N·m)"
Y2_TITLE = "share of your strength (%; thin lines)"
#: Indexes of the annotations in :func:`resistance_figure`'s layout.
ANN_TOP, ANN_LUMBAR, ANN_FLOOR = range(3)
#: Index of the shape that greys out the lifts no body can take with this knee.
SHAPE_FLOOR = 2
CABLE_TEXT = "the cable runs round the front of the knee"


def floor_zone(first_lift_deg: float) -> dict[str, dict[str, Any]]:
    """Layout updates (annotation and shape) for the lifts below ``first_lift_deg`` (°),
    which no body can take with this knee; hidden when it is 0."""
    show = first_lift_deg > 0.0
    return {
        "annotation": {
            "x": first_lift_deg / 2 if show else 0.0, "visible": show,
            "text": (f"below {first_lift_deg:.1f}°:<br>the foot would be<br>in the floor"
                     if show else ""),
        },
        "shape": {"x1": first_lift_deg if show else 0.0, "visible": show},
    }


def default_equipment() -> list[Equipment]:
    """Bodyweight, a red loop band, a low cable (10 kg) and a plate-loaded machine (20 kg)."""
    return [Bodyweight(), Band(), Cable(), GluteMachine()]


def _dash(device: Equipment) -> str:
    return EQUIPMENT_DASH.get(device.key, "solid")


def _color(device: Equipment) -> str:
    return EQUIPMENT_COLORS.get(device.key, OKABE_ITO["reddish_purple"])


def hovertemplates(device_name: str) -> tuple[str, str, str]:
    """Hover texts of a device's total, device-alone and strength-share traces."""
    return (f"{device_name} + leg weight<br>lift %{{x:.0f}}°: %{{y:.1f}} N·m<extra></extra>",
            f"{device_name} alone<br>lift %{{x:.0f}}°: %{{y:.1f}} N·m<extra></extra>",
            f"{device_name}<br>lift %{{x:.0f}}°: %{{y:.0f}}% of your strength (model)"
            "<extra></extra>")


def device_traces(device: Equipment, lift_deg: np.ndarray, arrays: Mapping[str, np.ndarray],
                  show_share: bool = False) -> list[go.Scatter]:
    """Total, device-alone and strength-share traces of one device (``curve_arrays`` row)."""
    color, dash, name = _color(device), _dash(device), device.name
    group = f"{device.key}:{name}"
    total, alone, share = hovertemplates(name)
    return [
        go.Scatter(x=lift_deg, y=arrays["total"], mode="lines", name=f"{name} + leg",
                   legendgroup=group, line={"color": color, "dash": dash, "width": 3},
                   hovertemplate=total),
        go.Scatter(x=lift_deg, y=arrays["device"], mode="lines", name=f"{name} alone",
                   legendgroup=group, visible=device.key != "bodyweight",
                   line={"color": color, "dash": "dot", "width": 1.5},
                   hovertemplate=alone),
        go.Scatter(x=lift_deg, y=100.0 * np.asarray(arrays["share"]), mode="lines",
                   name=share_name(name), legendgroup=group, yaxis="y2",
                   showlegend=False,  # thin, in its device's colour; the right axis names it
                   visible=show_share, opacity=0.7,
                   line={"color": color, "dash": dash, "width": 1.5},
                   hovertemplate=share),
    ]


def share_name(device_name: str) -> str:
    """Legend name of a device's strength-share curve (drawn on the right axis)."""
    return f"{device_name}: % of your strength (right axis)"


def band_peak(lift_deg: np.ndarray, device_Nm: np.ndarray) -> tuple[float, float] | None:
    """(lift °, torque N·m) where a band's own torque peaks, if that is mid-range."""
    i = int(np.argmax(device_Nm))
    if 0 < i < len(device_Nm) - 1:
        return float(lift_deg[i]), float(device_Nm[i])
    return None


def wraps_from(lift_deg: np.ndarray, wraps: np.ndarray) -> float | None:
    """The first lift angle (°) from which a cable runs round the knee, if any."""
    on = np.flatnonzero(np.asarray(wraps, dtype=bool))
    return float(lift_deg[on[0]]) if on.size else None


def findings(devices: Sequence[Equipment], lift_deg: np.ndarray,
             arrays: Mapping[str, Mapping[str, np.ndarray]]) -> dict[str, dict[str, Any]]:
    """What the curves of ``devices`` show (skipping missing ones): ``"band"`` and
    ``"cable"`` -> ``x`` (lift, °), ``y`` (torque, N·m), ``text`` and ``visible`` (found):
    where the band alone peaks, and from which lift the cable runs round the knee."""
    band = cable = None
    for device in devices:
        a = arrays.get(device.name)
        if a is None:
            continue
        if device.key == "band" and band is None:
            peak = band_peak(lift_deg, np.nan_to_num(a["device"], nan=-np.inf))
            if peak is not None:
                band = {"x": peak[0], "y": peak[1], "visible": True,
                        "text": f"The band alone peaks at {peak[0]:.0f}°: its tension keeps "
                                "rising, but its moment arm shrinks."}
        if device.key == "cable" and cable is None and "wraps" in a:
            start = wraps_from(lift_deg, a["wraps"])
            if start is not None:
                cable = {"x": start, "y": 0.0, "visible": True,
                         "text": f"From {start:.0f}° {CABLE_TEXT}, so it pulls on the leg "
                                 "at the knee and keeps resisting."}
    hidden = {"x": 0.0, "y": 0.0, "visible": False, "text": ""}
    return {"band": band or hidden, "cable": cable or hidden}


def findings_sentences(found: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The sentences of :func:`findings` that were found (band first), for a readout."""
    return [str(found[k]["text"]) for k in ("band", "cable") if found[k]["visible"]]


def resistance_description(body: Body, devices: Sequence[Equipment], knee_deg: float,
                           found: Mapping[str, Mapping[str, Any]]) -> str:
    """One or two sentences for the resistance figure."""
    names = ", ".join(d.name for d in devices)
    extra = []
    if found["band"]["visible"]:
        extra.append(f"the band alone peaks mid-range at {found['band']['x']:.0f}°")
    if found["cable"]["visible"]:
        extra.append(f"from {found['cable']['x']:.0f}° the cable runs round the front of the "
                     "knee, so its pull leaves the leg at the knee and it keeps resisting")
    limit = 90.0 + body.hip_extension_limit_deg
    first = float(min_lift_deg(body, knee_deg))
    span = ("0–130°" if first <= 0 else
            f"from {first:.1f}°, where the foot clears the floor, to 130°")
    text = (
        f"Hip torque the glutes must hold against the lift angle ({span}, knee {knee_deg:.0f}°) "
        f"for {names}, each including the leg's weight; the recommended top (90°) is marked "
        f"and the zone past {limit:.0f}°, where the low back arches, is shaded."
    )
    if extra:
        text += " In this model " + " and ".join(extra) + "."
    return text


def resistance_figure(
    body: Body | None = None,
    equipment: Sequence[Equipment] | None = None,
    knee_deg: float = 90.0,
    lift_deg: np.ndarray = DEFAULT_LIFT_DEG,
    show_share: bool = False,
    marker_lift_deg: float | None = None,
) -> go.Figure:
    """Torque (N·m) the hip extensors must hold vs lift angle (°), one curve per device.

    ``equipment`` defaults to :func:`default_equipment`. Each device gets its
    total (device + leg weight, thick), the device alone (dotted) and, with
    ``show_share``, its share of the learner's strength (%, right axis).
    ``marker_lift_deg`` puts a marker on every total curve at that angle.
    Lifts no body can take with this knee (the foot would be in the floor)
    have no curve and are greyed out, with a label.
    """
    body = body or Body()
    devices = default_equipment() if equipment is None else list(equipment)
    lift = np.asarray(lift_deg, dtype=float)
    arrays = curve_arrays(body, devices, lift, knee_deg, below_floor="nan")
    zone = floor_zone(float(min_lift_deg(body, knee_deg)))
    traces: list[go.Scatter] = []
    for device in devices:
        traces += device_traces(device, lift, arrays[device.name], show_share)
    traces.append(marker_trace(devices, lift, arrays, marker_lift_deg))
    fig = go.Figure(traces)
    limit = 90.0 + body.hip_extension_limit_deg
    found = findings(devices, lift, arrays)
    apply_layout(
        fig, "How each device loads the hip across the lift", height=520,
        hovermode="closest",
        # The standoff keeps the first lift tick clear of the torque axis's 0.
        # automargin: the bottom margin is the axis title's height plus the legend's
        # (a legend in the container's bottom reserves its own height), so the figure has
        # no blank band under the title or the legend however many rows the legend takes.
        xaxis={"title": {"text": X_TITLE}, "range": [float(lift.min()), float(lift.max())],
               "ticklabelstandoff": 6, "automargin": True},
        yaxis={"title": {"text": Y_TITLE}, "zeroline": True, "zerolinewidth": 2,
               "zerolinecolor": "#666666", "rangemode": "tozero"},
        yaxis2={"title": {"text": Y2_TITLE}, "overlaying": "y", "side": "right",
                "showgrid": False, "rangemode": "tozero", "visible": show_share,
                "tickmode": "auto", "ticksuffix": "%"},
        legend={**BOTTOM_LEGEND, "font": {"size": 12}},
        shapes=[
            {"type": "line", "xref": "x", "yref": "paper", "x0": 90, "x1": 90, "y0": 0, "y1": 1,
             "line": {"color": OKABE_ITO["grey"], "dash": "dot", "width": 2}},
            {"type": "rect", "xref": "x", "yref": "paper", "x0": limit,
             "x1": float(lift.max()), "y0": 0, "y1": 1, "fillcolor": WARNING_COLOR,
             "opacity": 0.12, "line": {"width": 0}, "layer": "below"},
            {"type": "rect", "xref": "x", "yref": "paper", "x0": float(lift.min()),
             "y0": 0, "y1": 1, "fillcolor": "#000000", "opacity": 0.08,
             "line": {"width": 0}, "layer": "below", **zone["shape"]},
        ],
        annotations=[
            # Left of its line, the other right of its own: they never meet at any width.
            {"x": 90, "y": 1.0, "xref": "x", "yref": "paper", "yanchor": "bottom",
             "xanchor": "right", "text": "recommended top<br>(thigh ∥ torso)",
             "showarrow": False,
             "font": {"size": 11, "color": "#444444"}},
            {"x": limit, "y": 1.0, "xref": "x", "yref": "paper", "xanchor": "left",
             "yanchor": "bottom", "text": "low back<br>arches",
             "showarrow": False, "font": {"size": 11, "color": WARNING_COLOR}},
            # Low in the grey zone, where no curve or other label goes.
            {**zone["annotation"], "y": 0.04, "yanchor": "bottom", "xref": "x", "yref": "paper",
             "showarrow": False,
             "font": {"size": 11, "color": "#444444"}},
        ],
    )
    # The bottom margin grows to fit the axis title and the legend (automargin, above).
    fig.update_layout(margin={"b": 10, "r": 70, "t": 95})
    return describe(fig, resistance_description(body, devices, knee_deg, found))


def marker_values(devices: Sequence[Equipment], lift_deg: np.ndarray,
                  arrays: Mapping[str, Mapping[str, np.ndarray]],
                  at_lift_deg: float) -> np.ndarray:
    """Total torque (N·m) of each device at the grid angle nearest ``at_lift_deg``
    (NaN for a device without a curve)."""
    i = int(np.argmin(np.abs(np.asarray(lift_deg) - at_lift_deg)))
    return np.array([float(arrays[d.name]["total"][i]) if d.name in arrays else np.nan
                     for d in devices])  # NaN too where no body can take the pose


def marker_trace(devices: Sequence[Equipment], lift_deg: np.ndarray,
                 arrays: Mapping[str, Mapping[str, np.ndarray]],
                 at_lift_deg: float | None) -> go.Scatter:
    """Markers on every total curve at ``at_lift_deg`` (hidden when None)."""
    at = float(lift_deg[0]) if at_lift_deg is None else float(at_lift_deg)
    return go.Scatter(
        x=np.full(len(devices), at), y=marker_values(devices, lift_deg, arrays, at),
        mode="markers", name="at this lift", showlegend=False, cliponaxis=False,
        visible=at_lift_deg is not None, customdata=[d.name for d in devices],
        marker={"size": 13, "color": [_color(d) for d in devices],
                "symbol": [EQUIPMENT_SYMBOL.get(d.key, "circle") for d in devices],
                "line": {"color": "#000000", "width": 1.5}},
        hovertemplate="%{customdata}<br>lift %{x:.0f}°: %{y:.1f} N·m<extra></extra>",
    )


__all__ = [
    "ANN_FLOOR", "ANN_LUMBAR", "ANN_TOP", "CABLE_TEXT",
    "EQUIPMENT_DASH", "EQUIPMENT_SYMBOL", "SHAPE_FLOOR", "TRACES_PER_DEVICE", "X_TITLE",
    "Y2_TITLE", "Y_TITLE", "band_peak", "default_equipment",
    "device_traces", "findings", "findings_sentences", "floor_zone", "hovertemplates",
    "marker_trace", "marker_values",
    "resistance_description", "resistance_figure", "share_name", "wraps_from",
]
