"""What the update paths keep between slider steps equals computing it afresh.

ResistanceLab keeps each curve set's extents and peak share, and the findings of the
shown curves, so that a step of one slider does not recompute what it did not change;
CourseFigureWidget skips plotly's search for layout callbacks when there are none. Each
test drives the widgets through steps and compares with the fresh computation.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import plotly.graph_objects as go

from kickback_edu.figures.curves import findings
from kickback_edu.figures.muscles import muscle_table
from kickback_edu.muscles import MUSCLE_KEYS
from kickback_edu.widgets import ResistanceLab
from kickback_edu.widgets.base import finite_extent
from kickback_edu.widgets.figure_widget import CourseFigureWidget
from kickback_edu.widgets.resistance import FILL, GRID, GROW, KEYS


def _fresh_ranges(lab: ResistanceLab) -> dict[str, list[float]]:
    """The axis ranges computed from the curves themselves (no cached extent)."""
    shown = lab._shown().values()
    out = {}
    torque = [0.0, *(a["total"] for _, a in shown),
              *(a["device"] for d, a in shown if d.key != "bodyweight")]
    fit = lab.steady_range("yaxis.range", torque, fill=FILL, grow=GROW)
    if fit is not None:
        out["yaxis.range"] = fit
    if lab.show_share.value:
        percent = [0.0, *(100.0 * a["share"] for _, a in shown)]
        fit = lab.steady_range("yaxis2.range", percent, fill=FILL, grow=GROW)
        if fit is not None:
            out["yaxis2.range"] = fit
    return out


def _check_against_fresh(lab: ResistanceLab, where: Any) -> None:
    shown = lab._shown()
    for key, (_, arrays) in shown.items():
        kept = lab._extents(key, arrays)
        for curve in ("total", "device", "share"):
            assert kept[curve] == finite_extent([arrays[curve]]), (where, key, curve)
        assert kept["share_peak"] == float(np.nanmax(arrays["share"])), (where, key)
    devices = [d for d, _ in shown.values()]
    assert lab._findings() == findings(devices, GRID, {d.name: a for d, a in shown.values()}
                                       ), where
    assert lab._ranges(bool(lab.show_share.value)) == _fresh_ranges(lab), where
    readout = lab.readout.value
    lab._extent_memo.clear()
    lab.__dict__.pop("_findings_memo", None)
    lab._write_readout()
    assert lab.readout.value == readout, where


def test_resistance_caches_equal_the_fresh_computation_over_slider_steps() -> None:
    lab = ResistanceLab(show_share=True)
    for key in KEYS:
        lab.equipment[key].value = True
    steps = [(lab.cable_load, [5.0, 40.0, 12.0]), (lab.machine_load, [0.0, 80.0, 30.0]),
             (lab.pulley_distance, [0.3, 2.5, 1.0]), (lab.pulley_height, [0.0, 1.5]),
             (lab.band_length, [0.2, 0.9]), (lab.knee, [0, 45, 140, 90]),
             (lab.lift, [10, 90, 130]), (lab.machine_kind, ["cam", "plate"]),
             (lab.show_share, [False, True])]
    for control, values in steps:
        for value in values:
            control.value = value
            _check_against_fresh(lab, (control.description, value))
    for key, on in itertools.product(KEYS, (False, True)):
        lab.equipment[key].value = on
        _check_against_fresh(lab, (key, on))


def test_the_share_peak_on_the_share_axis_scale_equals_the_curve_drawn() -> None:
    """The share axis is fitted from 100 × the share's extent: the extent of the curve
    drawn (100 × the share), to the last bit, on every shown device's curve."""
    lab = ResistanceLab(show_share=True)
    for value in (0.0, 17.5, 60.0):
        lab.cable_load.value = value
        for key, (_, arrays) in lab._shown().items():
            lo, hi = lab._extents(key, arrays)["share"]
            assert finite_extent([100.0 * arrays["share"]]) == (100.0 * lo, 100.0 * hi), key


def _widget() -> CourseFigureWidget:
    return CourseFigureWidget(go.Figure(
        [go.Scatter(y=[1.0, 2.0]), go.Scatter(y=[3.0, 4.0])],
        layout={"annotations": [{"x": 0, "y": 0, "text": "a"}] * 3,
                "yaxis": {"range": [0, 5]}}))


def test_layout_callbacks_still_fire_on_updates_and_moves() -> None:
    fig = _widget()
    heard: list[tuple[str, Any]] = []
    fig.layout.yaxis.on_change(lambda _obj, value: heard.append(("range", value)), "range")
    fig.layout.annotations[2].on_change(lambda _obj, x: heard.append(("x", x)), "x")
    fig.layout.on_change(lambda _obj, title: heard.append(("title", title)), "title.text")
    with fig.batch_update():
        fig.stage({}, {"yaxis.range": [0, 9]})
    fig.move({0: {"y": np.array([2.0, 3.0])}}, {"annotations[2].x": 1.5})
    fig.plotly_relayout({"title.text": "t"})
    assert heard == [("range", (0, 9)), ("x", 1.5), ("title", "t")]


def test_path_callbacks_finds_exactly_the_objects_on_the_path() -> None:
    fig = _widget()
    assert not fig._path_callbacks("yaxis.range")
    fig.layout.annotations[1].on_change(lambda *_: None, "x")
    assert fig._path_callbacks("annotations[1].x")
    assert not fig._path_callbacks("annotations[2].x")
    assert not fig._path_callbacks("yaxis.range")
    assert not fig._path_callbacks("annotations[7].x")  # no such annotation: none to call
    fig.layout.on_change(lambda *_: None, "xaxis.range")
    assert fig._path_callbacks("yaxis.range")  # the layout's own callbacks see every path


def test_muscle_map_first_lift_and_names_equal_the_fresh_computation() -> None:
    from kickback_edu.outline import min_lift_deg
    from kickback_edu.widgets import MuscleMap
    from kickback_edu.widgets.muscle_map import _names

    table = muscle_table()["name"]
    assert _names() == {k: ("core and lower back" if k == "core" else str(table.loc[k]).lower())
                        for k in MUSCLE_KEYS}
    muscles = MuscleMap(mode="involvement")
    for knee in (0, 30, 90, 140, 30, 0):
        muscles.knee.value = knee
        fresh = int(np.ceil(float(min_lift_deg(muscles.body, float(knee))) - 1e-6))
        assert muscles._first_lift() == fresh == muscles.lift.min, knee


def test_trace_callbacks_still_fire_on_updates_and_moves() -> None:
    fig = _widget()
    heard: list[tuple[str, Any]] = []
    fig.data[1].on_change(lambda _obj, y: heard.append(("y", tuple(y))), "y")
    fig.data[0].marker.on_change(lambda _obj, c: heard.append(("color", c)), "color")
    fig.move({0: {"y": np.array([2.0, 3.0])}, 1: {"y": np.array([5.0, 6.0])}})
    with fig.batch_update():
        fig.stage({0: {"marker.color": "red"}}, {})
    fig.move({0: {"y": np.array([1.0, 1.0])}})  # trace 0 has no "y" callback
    assert heard == [("y", (5.0, 6.0)), ("color", "red")]


def test_path_callbacks_finds_the_trace_objects_on_the_path() -> None:
    fig = _widget()
    trace = fig.data[0]
    assert not fig._path_callbacks("marker.color", trace)
    trace.marker.on_change(lambda *_: None, "color")
    assert fig._path_callbacks("marker.color", trace)
    assert not fig._path_callbacks("y", trace)
    assert not fig._path_callbacks("marker.color", fig.data[1])
    trace.on_change(lambda *_: None, "x")
    assert fig._path_callbacks("y", trace)  # the trace's own callbacks see every path
