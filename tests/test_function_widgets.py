"""Stance and gait explorers: controls update the one FigureWidget the way the model says."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from kickback_edu.body import Body
from kickback_edu.figures.function import gait_figure, stance_figure
from kickback_edu.figures.style import description
from kickback_edu.gait import (
    extensor_phases,
    gait_hip_angle,
    gait_instant,
    hip_angle_at,
    kickback_hip_range,
)
from kickback_edu.stance import single_leg_stance, stance_pose
from kickback_edu.widgets.function import GaitExplorer, StanceExplorer


def trace(fig: go.Figure, name: str):
    return next(t for t in fig.data if t.name == name)


def drawn_drop_deg(fig: go.Figure) -> float:
    """Pelvic drop read back from the drawn pelvis (points 2 and 3: stance hip, swing hip)."""
    p = trace(fig, "pelvis")
    x, y = np.asarray(p.x), np.asarray(p.y)
    return math.degrees(math.atan2(y[1] - y[2], x[2] - x[1]))


@pytest.fixture(scope="module")
def stance() -> StanceExplorer:
    return StanceExplorer(Body(70, 1.75))


@pytest.fixture(scope="module")
def gait() -> GaitExplorer:
    return GaitExplorer(Body(70, 1.75))


def test_weaker_abductors_drop_the_drawn_pelvis_more(stance):
    fig = stance.figure
    stance.load_kg.value, stance.trunk_lean_deg.value = 0, 0
    stance.abductor_strength.value = 1.0
    assert drawn_drop_deg(fig) == pytest.approx(0.0, abs=1e-9)
    knee_x = [float(np.asarray(trace(fig, "stance leg").x)[1])]
    drops = []
    for s in (0.8, 0.5, 0.2):
        stance.abductor_strength.value = s
        drops.append(drawn_drop_deg(fig))
        knee_x.append(float(np.asarray(trace(fig, "stance leg").x)[1]))
        expected = single_leg_stance(stance.body, abductor_strength=s).pelvic_drop_deg
        assert drops[-1] == pytest.approx(expected)
    assert drops[0] < drops[1] < drops[2]
    assert knee_x == sorted(knee_x) and knee_x[-1] > knee_x[0]  # knee moves inward (+x)
    assert stance.figure is fig
    assert "Trendelenburg" in stance.readout.value
    stance.abductor_strength.value = 1.0


def test_force_bars_follow_the_model(stance):
    fig = stance.figure
    stance.abductor_strength.value = 1.5
    stance.load_side.value = "opposite"
    stance.load_kg.value = 10
    r = single_leg_stance(stance.body, load_kg=10, abductor_strength=1.5)
    bars = np.asarray(trace(fig, "force (× body weight)").y)
    assert bars == pytest.approx([r.abductor_force_bw, r.passive_force_bw, r.joint_force_bw])
    assert len(trace(fig, "load").x) == 5  # the bag is drawn
    bag_x = np.mean(trace(fig, "load").x)
    stance.load_side.value = "same"
    assert np.mean(trace(fig, "load").x) < bag_x  # moved to the stance-side hand
    assert np.asarray(trace(fig, "force (× body weight)").y)[0] < r.abductor_force_bw
    stance.load_kg.value = 0
    assert len(trace(fig, "load").x) == 0
    assert stance.figure is fig
    stance.abductor_strength.value = 1.0


def test_trunk_lean_moves_the_trunk_over_the_stance_hip(stance):
    fig = stance.figure
    stance.trunk_lean_deg.value = 0
    top0 = np.asarray(trace(fig, "trunk").x)[1]
    need0 = float(np.asarray(trace(fig, "abductor force needed").y)[0])
    stance.trunk_lean_deg.value = 15
    assert np.asarray(trace(fig, "trunk").x)[1] < top0
    assert float(np.asarray(trace(fig, "abductor force needed").y)[0]) < need0
    assert "15.0°" in stance.readout.value
    stance.trunk_lean_deg.value = 0


def test_stance_controls_have_units_and_safe_bounds(stance):
    assert "(kg)" in stance.load_kg.description and "(°)" in stance.trunk_lean_deg.description
    assert "×" in stance.abductor_strength.description
    for name in ("abductor_strength", "load_kg", "trunk_lean_deg"):
        slider = getattr(stance, name)
        assert slider.style.description_width == "initial"
        for v in (slider.min, slider.max):  # every reachable value is valid for the model
            single_leg_stance(stance.body, **{name: v})


def test_stance_static_copy_and_description(stance):
    static = stance.static_figure()
    assert type(static) is go.Figure
    assert static.data[0].x is not None and len(static.data) == len(stance.figure.data)
    assert stance.description.startswith("Front view of standing on one leg")
    assert stance.description == description(static)


def test_moving_through_the_cycle_moves_the_marker_and_thigh(gait):
    fig = gait.figure
    curve_before = np.asarray(trace(fig, "hip angle").y).copy()
    gait.activity.value, gait.speed.value = "walking", "free"
    for pct in (10, 52, 90):
        gait.cycle_pct.value = pct
        now = trace(fig, "now")
        assert float(np.asarray(now.x)[0]) == pct
        assert float(np.asarray(now.y)[0]) == pytest.approx(hip_angle_at("walking", pct))
        thigh = trace(fig, "thigh")
        knee = np.array([np.asarray(thigh.x)[1], np.asarray(thigh.y)[1]])
        assert knee == pytest.approx(gait_instant("walking", pct, None,
                                                  gait.body.thigh.length_m).knee_xy)
    assert np.asarray(trace(fig, "hip angle").y) == pytest.approx(curve_before)
    assert gait.figure is fig
    assert "to -5.8°" in description(fig)


def test_speed_and_activity_change_the_curve(gait):
    fig = gait.figure
    gait.activity.value = "walking"
    gait.speed.value = "fast"
    assert np.min(trace(fig, "hip angle").y) == pytest.approx(-8.0, abs=0.05)
    gait.activity.value = "stair ascent"
    assert gait.speed.disabled
    hip = np.asarray(trace(fig, "hip angle").y)
    assert hip.max() - hip.min() == pytest.approx(60.0)
    phase = trace(fig, "extensors work hardest (textbook, model)")
    assert max(phase.x) == 35.0
    assert len(trace(fig, "extensors work hardest, part 2").x) == 0
    assert "Stair ascent" in gait.readout.value
    gait.activity.value = "walking"
    gait.speed.value = "free"
    assert not gait.speed.disabled
    assert gait.figure is fig


def test_gait_controls_static_copy_and_running_note(gait):
    assert "(%)" in gait.cycle_pct.description
    assert (gait.cycle_pct.min, gait.cycle_pct.max) == (0, 100)
    assert "running" not in gait.activity.options
    assert any("running" in getattr(c, "value", "") for c in gait.children)
    static = gait.static_figure()
    assert type(static) is go.Figure and description(static) == gait.description


def _axis_titles(fig: go.Figure) -> list[str]:
    axes = [fig.layout[k] for k in fig.layout if k.startswith(("xaxis", "yaxis"))]
    return [a.title.text for a in axes]


def test_figures_have_titles_axis_units_and_descriptions():
    body = Body()
    r = single_leg_stance(body, abductor_strength=0.5)
    figs = [
        stance_figure(r, stance_pose(body, r)),
        gait_figure(gait_hip_angle("walking"), gait_instant("walking", 40),
                    kickback_hip_range(10), extensor_phases("walking")),
    ]
    for fig in figs:
        assert fig.layout.title.text
        titles = _axis_titles(fig)
        assert len(titles) == 4 and all(titles)
        assert sum("(" in t for t in titles) >= 3  # units in brackets (the bar axis is a category)
        assert description(fig).endswith(".")
