"""Stance and gait explorers: controls update the one FigureWidget the way the model says."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest

from kickback_edu.body import Body
from kickback_edu.figures.function import (
    PHASE_TRACES,
    PUSH_TRACE,
    gait_figure,
    stance_figure,
    stance_height_range,
)
from kickback_edu.figures.style import description
from kickback_edu.gait import (
    GAIT_ACTIVITIES,
    WALKING_SPEEDS,
    compare_with_kickback,
    extensor_phases,
    gait_hip_angle,
    gait_instant,
    hip_angle_at,
    kickback_hip_range,
)
from kickback_edu.stance import (
    LOAD_SIDES,
    TRUNK_LEAN_RANGE_DEG,
    StancePose,
    single_leg_stance,
    stance_pose,
)
from kickback_edu.widgets.figure_widget import CourseFigureWidget
from kickback_edu.widgets.function import (
    BAR_DROPPING,
    GAIT_MOVING,
    STANCE_MOVING,
    GaitExplorer,
    StanceExplorer,
)


def trace(fig: go.Figure, name: str):
    return next(t for t in fig.data if t.name == name)


def trace_index(fig: go.Figure, name: str) -> int:
    return next(i for i, t in enumerate(fig.data) if t.name == name)


def recording(fig: CourseFigureWidget, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Record which message kind the figure sends (update or move) and its payload."""
    sent: list[tuple[str, Any]] = []
    monkeypatch.setattr(fig, "_send_update_msg", lambda **kw: sent.append(("update", kw)))
    monkeypatch.setattr(fig, "_send_animate_msg", lambda **kw: sent.append(("move", kw)))
    return sent


def drawn_bars(fig: go.Figure) -> np.ndarray:
    """The force bars as drawn: the abductors' bar is in one of two overlaid traces (the
    level pelvis's colour or the warning colour), NaN in the other."""
    main = np.asarray(trace(fig, "force (× body weight)").y, float)
    dropping = np.asarray(trace(fig, BAR_DROPPING).y, float)
    assert np.isnan(main[0]) != np.isnan(dropping[0]) and np.isnan(dropping[1:]).all()
    return np.where(np.isnan(main), dropping, main)


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
    bars = drawn_bars(fig)
    assert bars == pytest.approx([r.abductor_force_bw, r.passive_force_bw, r.joint_force_bw])
    assert len(trace(fig, "load").x) == 5  # the bag is drawn
    bag_x = np.mean(trace(fig, "load").x)
    stance.load_side.value = "same"
    assert np.mean(trace(fig, "load").x) < bag_x  # moved to the stance-side hand
    assert drawn_bars(fig)[0] < r.abductor_force_bw
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
    stance.abductor_strength.value = 0.5  # the description follows the state shown
    r = single_leg_stance(stance.body, abductor_strength=0.5)
    static = stance.static_figure()
    assert type(static) is go.Figure
    assert static.data[0].x is not None and len(static.data) == len(stance.figure.data)
    assert stance.description.startswith("Front view of standing on one leg")
    assert f"pelvis drops {r.pelvic_drop_deg:.1f}°" in stance.description
    assert (f"the abductors pull {r.abductor_force_bw:.2f} × body weight (needed "
            f"{r.abductor_demand_bw:.2f}) and the hip joint carries {r.joint_force_bw:.2f} × "
            f"body weight (model, assumed geometry)") in stance.description
    assert stance.description == description(static)
    stance.abductor_strength.value = 1.0


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
    # Angles in words, no signed numbers: the curve's extremes and the marked moment.
    hip = np.asarray(trace(fig, "hip angle").y, dtype=float)
    assert hip.max() > 0 > hip.min()
    assert (f"from {hip.max():.1f}° flexion to {-hip.min():.1f}° extension"
            in gait.description)
    at_90 = hip_angle_at("walking", 90)
    state = f"{at_90:.1f}° flexed" if at_90 > 0 else f"{-at_90:.1f}° extended"
    assert f"with the hip {state} at 90% of the cycle" in gait.description
    assert "-" not in gait.description.split("cycle,")[1].split("next")[0]
    assert fig.layout.annotations[1].text == "the thigh at the marked moment (side view)"
    gait.cycle_pct.value = 50
    assert hip_angle_at("walking", 50) < 0
    assert f"hip {-hip_angle_at('walking', 50):.1f}° extended at 50%" in gait.description


def test_speed_and_activity_change_the_curve(gait):
    fig = gait.figure
    gait.activity.value = "walking"
    gait.speed.value = "fast"
    assert np.min(trace(fig, "hip angle").y) == pytest.approx(-8.0, abs=0.05)
    assert gait.activity.options == ("walking",)  # stairs and running: no citable source
    glutes = trace(fig, PHASE_TRACES[0])
    assert (min(glutes.x), max(glutes.x)) == (0.0, 12.0)
    assert (min(trace(fig, PHASE_TRACES[1]).x), 100.0) == (85.0, 100.0)
    calf = trace(fig, PUSH_TRACE)
    assert (min(calf.x), max(calf.x)) == (40.0, 60.0)
    gait.cycle_pct.value = 52
    assert "calf" in gait.readout.value and "glutes are quiet" in gait.readout.value
    gait.cycle_pct.value = 5
    assert "<b>gluteus maximus</b> is working" in gait.readout.value
    gait.speed.value = "free"
    assert not gait.speed.disabled
    assert gait.figure is fig


def test_gait_controls_static_copy_and_running_note(gait):
    assert "(%)" in gait.cycle_pct.description
    assert (gait.cycle_pct.min, gait.cycle_pct.max) == (0, 100)
    assert "running" not in gait.activity.options
    assert any("running" in getattr(c, "value", "") for c in gait.children)
    gait.cycle_pct.value = 30
    static = gait.static_figure()
    assert type(static) is go.Figure and description(static) == gait.description
    assert "at 30% of the cycle" in gait.description
    assert list(static.data[trace_index(gait.figure, "now")].x) == [30.0]


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
        assert len(titles) >= 4 and all(titles)
        assert sum("(" in t for t in titles) >= 3  # units in brackets (the bar axis is a category)
        assert description(fig).endswith(".")


# ------------------------------------------------ what reaches the browser ----


def test_a_cycle_step_moves_the_marker_and_thigh_and_an_activity_change_updates(
        gait, monkeypatch):
    gait.activity.value, gait.speed.value, gait.cycle_pct.value = "walking", "free", 50
    moving = sorted(trace_index(gait.figure, name) for name in GAIT_MOVING)
    assert sorted(gait.movable) == moving
    sent = recording(gait.figure, monkeypatch)
    gait.cycle_pct.value = 51
    gait.cycle_pct.value = 52
    assert [kind for kind, _ in sent] == ["move", "move"]
    # The moving traces, plus unchanged ones that keep the other subplots' layers drawn.
    for _, message in sent:
        styles = dict(zip(message["trace_indexes"], message["styles_data"], strict=True))
        assert sorted(i for i, style in styles.items() if style) == moving
    assert all(set(style) <= {"x", "y"} for _, m in sent for style in m["styles_data"])
    sent.clear()
    gait.speed.value = "fast"  # a new curve and marker
    assert [kind for kind, _ in sent] == ["update"]
    message = sent[0][1]
    assert trace_index(gait.figure, "hip angle") in message["trace_indexes"]
    assert not message["relayout_data"]  # no description in layout.meta, no relayout
    sent.clear()
    gait.cycle_pct.value = 52  # the moment already shown: nothing drawn changes
    assert sent == []
    gait.cycle_pct.value = 51  # a moment seen before, now on the fast curve
    now = trace(gait.figure, "now")
    assert float(np.asarray(now.y)[0]) == pytest.approx(hip_angle_at("walking", 51, "fast"))
    gait.activity.value, gait.speed.value = "walking", "free"


def test_every_cycle_step_sends_one_message_without_layout(gait, monkeypatch):
    """Crossing into or out of the extensors' phase recolours the thigh (an update)."""
    gait.activity.value, gait.speed.value, gait.cycle_pct.value = "walking", "free", 0
    sent = recording(gait.figure, monkeypatch)
    for n, pct in enumerate(range(1, 101), start=1):
        gait.cycle_pct.value = pct
        assert len(sent) == n
    assert {kind for kind, _ in sent} == {"move", "update"}
    assert all(not m["relayout_data"] for _, m in sent)
    go.Figure(gait.figure)  # still a valid figure


def test_the_gait_axes_hold_every_moment_of_every_activity():
    """Moves leave the axes alone: the marker and thigh axes have fixed ranges that hold
    every moment the controls can show."""
    body = Body(70, 1.75)
    box = GaitExplorer(body)
    layout = box.figure.layout
    axes = {"now": (layout.xaxis, layout.yaxis), "thigh": (layout.xaxis2, layout.yaxis2)}
    for name, (xaxis, yaxis) in axes.items():
        assert trace(box.figure, name).xaxis == xaxis.plotly_name.replace("axis", "")
        assert xaxis.range is not None and yaxis.range is not None
        assert not xaxis.autorange and not yaxis.autorange
    speeds = {"walking": WALKING_SPEEDS}
    for activity in GAIT_ACTIVITIES:
        for speed in speeds[activity]:
            for pct in range(101):
                instant = gait_instant(activity, pct, speed, body.thigh.length_m)
                points = {"now": ([instant.cycle_pct], [instant.hip_flexion_deg]),
                          "thigh": ([0.0, instant.knee_xy[0]], [0.0, instant.knee_xy[1]])}
                for name, (x, y) in points.items():
                    xaxis, yaxis = axes[name]
                    assert min(xaxis.range) <= min(x) and max(x) <= max(xaxis.range), name
                    assert min(yaxis.range) <= min(y) and max(y) <= max(yaxis.range), name


def _points(pose: StancePose) -> np.ndarray:
    return np.concatenate([pose.pelvis, pose.trunk, pose.head, pose.arms, pose.load,
                           pose.stance_leg, pose.swing_leg, pose.abductor, pose.hat_com])


@pytest.mark.parametrize("height_m", [1.0, 1.75, 2.3])
def test_the_front_view_height_range_holds_every_pose_the_controls_allow(height_m):
    body = Body(70, height_m)
    lo, hi = stance_height_range(stance_pose(body, single_leg_stance(body)))
    assert lo < stance_pose(body, single_leg_stance(body)).ground_y
    box = StanceExplorer(body)
    leans = np.arange(TRUNK_LEAN_RANGE_DEG[0], TRUNK_LEAN_RANGE_DEG[1] + 1.0, 5.0)
    for strength, load, side, lean in itertools.product(
            (0.0, 0.3, 0.7, 1.0, 1.5), (0.0, 10.0, 30.0), LOAD_SIDES, leans):
        r = single_leg_stance(body, load, side, float(lean), strength)
        y = _points(stance_pose(body, r))[:, 1]
        assert lo <= y.min() and y.max() <= hi, (strength, load, side, lean)
    assert list(box.figure.layout.yaxis.range) == pytest.approx([lo, hi])
    assert not box.figure.layout.yaxis.autorange


@pytest.mark.parametrize("height_m", [1.0, 1.75, 2.3])
def test_the_sideways_and_force_ranges_hold_every_setting_the_controls_allow(height_m):
    """Nothing drawn leaves the fixed axes, at any setting (a finer grid than the
    widget's own; the load's drawing is not monotonic in the load, so loads every kg)."""
    body = Body(70, height_m)
    box = StanceExplorer(body)
    x_lo, x_hi = box.figure.layout.xaxis.range
    force_hi = box.figure.layout.yaxis2.range[1]
    assert (x_lo, x_hi) == pytest.approx(box.static_figure().layout.xaxis.range)
    for strength, load, side, lean in itertools.product(
            np.arange(0.0, 1.51, 0.25), np.arange(0.0, 30.1, 1.0), LOAD_SIDES,
            np.arange(TRUNK_LEAN_RANGE_DEG[0], TRUNK_LEAN_RANGE_DEG[1] + 1.0, 10.0)):
        r = single_leg_stance(body, float(load), side, float(lean), float(strength))
        x = _points(stance_pose(body, r))[:, 0]
        setting = (strength, load, side, lean)
        assert x_lo <= x.min() and x.max() <= x_hi, setting
        assert max(r.abductor_force_bw, r.passive_force_bw, r.joint_force_bw,
                   r.abductor_demand_bw) <= force_hi, setting


def test_stance_steps_are_moves_even_when_the_pelvis_starts_dropping(stance, monkeypatch):
    """Body, bars and the demand marker move inside fixed axes; the abductors' colour
    change (the pelvis starts or stops dropping) is a move too: their line and their bar
    pass from one trace to its copy in the warning colour."""
    fig = stance.figure
    moving = {trace_index(fig, name) for name in STANCE_MOVING}
    assert set(stance.movable) == moving
    assert trace_index(fig, "force (× body weight)") in moving
    stance.load_side.value, stance.load_kg.value, stance.trunk_lean_deg.value = "same", 5, 25
    sent = recording(fig, monkeypatch)
    bars = drawn_bars(fig).copy()
    stance.trunk_lean_deg.value = 26  # weight over the stance hip: the forces stay zero
    assert np.array_equal(drawn_bars(fig), bars)
    assert [kind for kind, _ in sent] == ["move"]
    changed = {i for i, style in zip(sent[0][1]["trace_indexes"], sent[0][1]["styles_data"],
                                     strict=True) if style}
    assert changed <= moving
    for control, value in ((stance.trunk_lean_deg, -10), (stance.abductor_strength, 0.5),
                           (stance.load_kg, 12), (stance.load_side, "opposite"),
                           (stance.abductor_strength, 1.5), (stance.abductor_strength, 0.55),
                           (stance.load_kg, 0)):
        sent.clear()
        control.value = value
        assert [kind for kind, _ in sent] == ["move"]  # bars and body together: one move
        assert not sent[0][1]["relayout_data"]
        level = stance._result.pelvic_drop_deg == 0.0
        shown = {name: not np.isnan(np.asarray(trace(fig, name).x, float)).all()
                 for name in ("abductors", "abductors (pelvis drops)")}
        assert shown == {"abductors": level, "abductors (pelvis drops)": not level}
        assert np.isnan(np.asarray(trace(fig, BAR_DROPPING).y, float)[0]) == level
    assert trace(fig, "abductors").line.color != trace(fig, "abductors (pelvis drops)").line.color
    go.Figure(fig)  # still a valid figure
    stance.abductor_strength.value, stance.trunk_lean_deg.value = 1.0, 0
    stance.load_side.value = "opposite"


def test_stance_settings_that_change_nothing_drawn_send_nothing(stance, monkeypatch):
    stance.load_kg.value, stance.trunk_lean_deg.value, stance.abductor_strength.value = 0, 0, 1.0
    sent = recording(stance.figure, monkeypatch)
    stance.abductor_strength.value = 1.2  # stronger than needed: the same pull, a level pelvis
    stance.abductor_strength.value = 1.5
    stance.load_side.value = "same"  # no load carried
    stance.load_side.value = "opposite"
    assert sent == []
    r = single_leg_stance(stance.body, abductor_strength=1.5)
    assert f"at most {r.abductor_capacity_N / r.body_weight_N:.2f} × body weight" in (
        stance.readout.value)
    stance.abductor_strength.value = 1.0


def test_the_gait_panel_reads_as_hip_angle_and_as_kickback_lift():
    """One line, two scales: the right axis is the kickback's lift, 90° − the hip angle,
    so a hip at 0° (neutral) sits level with lift 90° and a hip at 90° with lift 0°."""
    box = GaitExplorer(Body(70, 1.75))
    layout = box.figure.layout
    lo, hi = layout.yaxis.range
    assert list(layout.yaxis3.range) == pytest.approx([90.0 - lo, 90.0 - hi])
    assert layout.yaxis3.overlaying == "y" and layout.yaxis3.side == "right"
    assert "lift" in layout.yaxis3.title.text and "90° − hip angle" in layout.yaxis3.title.text
    assert "flexion" in layout.yaxis.title.text and "extension" in layout.yaxis.title.text
    # The phases' strip lies below the kickback's range and below every hip angle shown.
    limit = -box.body.hip_extension_limit_deg
    strip_top = max(np.max(trace(box.figure, name).y) for name in (*PHASE_TRACES, PUSH_TRACE)
                    if len(trace(box.figure, name).y))
    assert strip_top < limit and strip_top < min(
        np.min(gait_hip_angle("walking", s)["hip_flexion_deg"]) for s in WALKING_SPEEDS)
    assert lo < strip_top - 7.0 + 1e-9  # the strip is inside the axis range


def test_the_gait_readout_gives_the_moment_as_hip_angle_and_lift():
    box = GaitExplorer(Body(70, 1.75))
    box.cycle_pct.value = 52
    hip = hip_angle_at("walking", 52)
    assert hip < 0  # most extended moment: behind the body
    text = box.readout.value
    assert f"extended {-hip:.1f}°" in text and f"lift of {90 - hip:.0f}°" in text
    assert "past the kickback's recommended top" in text
    assert "Measured:" in text and "Schwartz et al. 2008" in text and "Model:" in text
    assert "Since you" not in text
    box.speed.value = "fast"
    free, fast = (compare_with_kickback("walking", s).hip_min_deg for s in ("free", "fast"))
    assert "Since you changed the walking speed (free → fast):</b>" in box.readout.value
    assert (f"swings back to {-fast:.1f}° extension (was {-free:.1f}° extension)"
            in box.readout.value)
    box.cycle_pct.value = 30  # a new moment on the same curve: nothing else changed
    assert "Since you" not in box.readout.value
    assert f"flexed {hip_angle_at('walking', 30, 'fast'):.1f}°" in box.readout.value


def test_the_stance_readout_says_what_changed_and_labels_model_and_measured():
    box = StanceExplorer(Body(70, 1.75))
    first = single_leg_stance(box.body)
    text = box.readout.value
    assert "The pelvis stays level" in text and "Since you moved" not in text
    assert f"Hip joint force (model): {first.joint_force_bw:.2f} × body weight" in text
    assert "<b>Measured</b>" in text and "Bergmann 2001" in text and "Bergmann 1993" in text
    assert "2.5–3 ×" in text and "not checked" in text
    for value in (0.9, 0.7, 0.5):  # a drag: the readout compares with where it started
        box.abductor_strength.value = value
    weak = single_leg_stance(box.body, abductor_strength=0.5)
    text = box.readout.value
    assert "Since you moved the abductor strength (1.00 → 0.50 ×):" in text
    assert f"pelvis drops {weak.pelvic_drop_deg:.1f}°" in text
    assert (f"abductors {first.abductor_force_bw:.2f} × → {weak.abductor_force_bw:.2f} ×"
            in text)
    assert f"pelvic drop 0.0° → {weak.pelvic_drop_deg:.1f}°" in text
    changed = text.split("Since you moved")[1].split("</p>")[0]
    assert ("hip joint" in changed) == (abs(weak.joint_force_bw - first.joint_force_bw) > 0.005)
    box.load_kg.value = 10  # another control: compared with the state before it moved
    loaded = single_leg_stance(box.body, load_kg=10, abductor_strength=0.5)
    changed = box.readout.value.split("Since you moved the load in hand (0 → 10 kg):</b> ")[1]
    assert changed.startswith(f"hip joint {weak.joint_force_bw:.2f} × → "
                              f"{loaded.joint_force_bw:.2f} ×")
    fresh = StanceExplorer(box.body)
    fresh.abductor_strength.value = 1.3  # stronger than needed: nothing changes
    assert ("Since you moved the abductor strength (1.00 → 1.30 ×):</b> the forces and the "
            "pelvis stay as they were.") in fresh.readout.value


def test_printed_pages_say_what_stands_in_for_the_controls() -> None:
    """On paper no slider moves: the stance note gives the model's own numbers for weak
    abductors (not a canned sentence), the gait note the moment marked."""
    stance = StanceExplorer()
    weak = single_leg_stance(stance.body, abductor_strength=StanceExplorer.WEAK_ABDUCTORS)
    assert weak.pelvic_drop_deg > 0 and weak.knee_inward_m > 0  # the note's claim holds
    note = stance.static_note
    assert note.startswith("On paper: abductors at 1.0 × what standing on one leg needs, "
                           "no load, trunk upright.")
    assert f"at 0.6 of that the pelvis drops about {weak.pelvic_drop_deg:.0f}°" in note
    assert "assumed tissue stiffness" in note and "(Pohl et al. 2015)" in note
    stance.load_kg.value, stance.trunk_lean_deg.value = 10.0, -5.0
    assert "10 kg in the opposite hand, trunk leaning 5° away from the stance hip" \
        in stance.static_note
    gait = GaitExplorer()
    gait.cycle_pct.value = 30
    assert gait.static_note.startswith("On paper:") and "30%" in gait.static_note
