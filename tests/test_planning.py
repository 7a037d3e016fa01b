"""The progression planner: a hand-checked ladder, its invariants, the dose rules,
measured bands and their file, and bad input.

Hand computation (70 kg, 1.75 m, Dempster/Winter; g = 9.81 m/s²), knee bent 90°:

* segments: thigh m = 0.100·70 = 7.0 kg, L = 0.245·1.75 = 0.42875 m, COM 0.433·L
  = 0.185649 m; shank m = 0.0465·70 = 3.255 kg, L = 0.246·1.75 = 0.4305 m, COM
  0.433·L = 0.1864065 m; foot m = 0.0145·70 = 1.015 kg, length f = 0.152·1.75 = 0.266 m,
  ankle height h = 0.039·1.75 = 0.06825 m; the foot's COM sits halfway from the
  ankle to the metatarsal head (COM fraction 0.5), which is h along the shank and
  0.55·f along the sole.
* With the thigh at θ from vertical and the knee at 90°, every centre of mass lies
  behind the hip by a·sinθ + b·cosθ, so gravity's torque is τ(θ) = g(A sinθ + B cosθ):
  A = 7·0.185649 + 3.255·0.42875 + 1.015·(0.42875 + 0.5·0.55·0.266) = 3.204553 kg·m,
  B = 3.255·0.1864065 + 1.015·(0.4305 + 0.5·0.06825) = 1.078348 kg·m.
* Peak: g·√(A² + B²) = 9.81·3.381123 = 33.169 N·m at θ = atan(A/B) = 71.4°;
  top (θ = 90°): g·A = 31.437 N·m.
* Strength at the top (hip flexion 0): 0.161·(70·9.81)·1.75·cos(0.958·(0 − 0.932))
  = 193.473·0.627208 = 121.35 N·m, so the bodyweight demand there is 0.25906.
* A band at the top (lift 90°, knee 90°): its point on the sole is at
  (−0.42875 − 0.25·0.266, 0.4305 + 0.06825) = (−0.49525, 0.49875) m and the supporting
  knee at (0, −0.42875) m: length √(0.49525² + 0.92750²) = 1.051441 m, elongation
  (1.051441 − 0.40)/0.40 = 1.628603 for the default 40 cm band; moment arm about the
  hip |r × u| = (0.49525·0.92750 − 0.49875·0.49525)/1.051441 = 0.201950 m. One strand
  pulls F(e) = a·e + b·e² with a = 2·F100 − F200/2 and b = (F200 − 2·F100)/2 (the
  quadratic through the chart's 100% and 200% values), 1 lbf = 4.448 N.
"""

from __future__ import annotations

import json
import math
import re
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kickback_edu.planning as planning
from kickback_edu import Body
from kickback_edu.dynamics import repetition_arrays, time_under_tension
from kickback_edu.my_equipment import (
    CableSetup,
    MeasuredBand,
    MyEquipment,
    check_rest_length,
    load_my_equipment,
    measure_band,
)
from kickback_edu.outline import min_lift_deg
from kickback_edu.planning import (
    COLUMNS,
    MachineSetup,
    build_ladder,
    equipment_options,
    lift_grid,
    next_step,
    plan_progression,
)
from kickback_edu.strength import strength_capacity

G = 9.81
A_KGM = 7.0 * 0.185649 + 3.255 * 0.42875 + 1.015 * (0.42875 + 0.5 * 0.55 * 0.266)
B_KGM = 3.255 * 0.1864065 + 1.015 * (0.4305 + 0.5 * 0.06825)
CAPACITY_TOP = 0.161 * 70 * 9.81 * 1.75 * math.cos(0.958 * (0 - 0.932))
BAND_ELONGATION_TOP = (math.hypot(0.49525, 0.92750) - 0.40) / 0.40
BAND_ARM_TOP = (0.49525 * 0.92750 - 0.49875 * 0.49525) / math.hypot(0.49525, 0.92750)
#: Thera-Band chart (data/bands.csv, lbf at 100% and 200%): the input of the hand check.
CHART = {"tan": (2.4, 3.4), "yellow": (3.0, 4.3), "red": (3.7, 5.5), "green": (4.6, 6.7),
         "blue": (5.8, 8.6), "black": (7.3, 10.2), "silver": (10.2, 15.3),
         "gold": (14.2, 21.3)}


def band_demand_at_top(color: str, loop: bool) -> float:
    """Hand formula: (leg weight + band torque) / strength, all at the top."""
    f100, f200 = CHART[color]
    a, b = 2 * f100 - f200 / 2, (f200 - 2 * f100) / 2
    e = BAND_ELONGATION_TOP
    tension = (2 if loop else 1) * (a * e + b * e * e) * 4.448
    return (G * A_KGM + BAND_ARM_TOP * tension) / CAPACITY_TOP


@pytest.fixture(scope="module")
def band_ladder() -> planning.Ladder:
    return plan_progression(Body(mass_kg=70, height_m=1.75), band_brand="Thera-Band")


# --- the hand-checked ladder ----------------------------------------------------------------

def test_hand_numbers_are_what_the_docstring_says() -> None:
    assert A_KGM == pytest.approx(3.204553, abs=1e-6)
    assert B_KGM == pytest.approx(1.078348, abs=1e-6)
    assert CAPACITY_TOP == pytest.approx(121.35, abs=0.01)
    assert BAND_ELONGATION_TOP == pytest.approx(1.628603, abs=1e-6)
    assert BAND_ARM_TOP == pytest.approx(0.201950, abs=1e-6)


def test_first_step_peak_top_and_demand_match_the_hand_computation(
        band_ladder: planning.Ladder) -> None:
    step = band_ladder.steps[0]
    assert step.option.kind == "bodyweight" and step.option.knee_deg == 90
    assert step.peak_torque_Nm == pytest.approx(G * math.hypot(A_KGM, B_KGM), abs=0.01)
    # the grid has 1° steps: the peak (71.4°) is read at the nearest whole degree
    assert step.peak_lift_deg == round(math.degrees(math.atan2(A_KGM, B_KGM)))
    assert step.top_torque_Nm == pytest.approx(G * A_KGM, abs=0.01)
    assert step.worst_lift_deg == 90
    assert step.demand == pytest.approx(G * A_KGM / CAPACITY_TOP, abs=1e-4)


def test_red_loop_top_torque_matches_the_hand_computation(
        band_ladder: planning.Ladder) -> None:
    red = next(s for s in band_ladder.steps if s.option.change.startswith("red band, looped"))
    # F(1.628603) = 4.65·1.628603 − 0.95·1.628603² = 5.0533 lbf = 22.477 N a strand
    band_torque = BAND_ARM_TOP * 2 * 5.0533 * 4.448
    assert red.top_torque_Nm == pytest.approx(G * A_KGM + band_torque, abs=0.02)


def test_the_band_ladder_is_the_hand_derived_one(band_ladder: planning.Ladder) -> None:
    # Hand demands (at the top, the worst angle of every band step; bodyweight 0.259):
    # tan 0.283 / loop 0.306, yellow 0.289 / 0.319, red 0.296 / 0.334, green 0.305 / 0.351,
    # blue 0.318 / 0.376, black 0.330 / 0.402, silver 0.363 / 0.466, gold 0.403 / 0.548.
    # Rule: the hardest set-up within +2–10% of the step before (same kind first):
    # 0.259 → tan (≤ 0.285) → tan loop (≤ 0.311) → red loop (≤ 0.337) → silver (≤ 0.367)
    # → blue loop (≤ 0.400) → gold (≤ 0.414) → nothing within 10%: silver loop (jump,
    # +16%) → gold loop (jump, +18%).
    expected = [("tan", False), ("tan", True), ("red", True), ("silver", False),
                ("blue", True), ("gold", False), ("silver", True), ("gold", True)]
    steps = band_ladder.steps
    assert [s.option.kind for s in steps[:3]] == ["bodyweight"] * 3
    bands = steps[3:]
    assert [(s.option.equipment.color, s.option.equipment.loop) for s in bands] == expected
    for s, (color, loop) in zip(bands, expected, strict=True):
        assert s.worst_lift_deg == 90
        assert s.demand == pytest.approx(band_demand_at_top(color, loop), rel=2e-3)
    assert [s.jump for s in bands] == [False] * 6 + [True, True]
    assert not any(s.fills_gap for s in steps)  # only one kind of equipment after bodyweight


def test_tempo_steps_keep_the_torque_and_add_time_under_tension(
        band_ladder: planning.Ladder) -> None:
    first, pause, slow = band_ladder.steps[:3]
    assert pause.option.tempo_s == (2.0, 3.0, 2.0) and slow.option.tempo_s == (2.0, 3.0, 4.0)
    assert pause.demand == first.demand == slow.demand
    assert pause.peak_torque_Nm == first.peak_torque_Nm
    assert pause.demand_change_pct == 0.0 and pause.torque_change_pct == 0.0
    # a slow rep of the bodyweight kickback is under tension throughout: up + squeeze + down
    assert [s.time_under_tension_s for s in (first, pause, slow)] == pytest.approx(
        [5.0, 7.0, 9.0], abs=0.02)
    assert "same torque" in pause.what_changes


def test_times_under_tension_equal_the_repetition_model(body: Body) -> None:
    cable = CableSetup(stack_step_kg=2.5, stack_max_kg=20)
    ladder = plan_progression(body, band_brand="Thera-Band", cable=cable)
    assert any(s.option.kind == "cable" for s in ladder.steps)
    for s in ladder.steps:
        rep = repetition_arrays(body, s.option.equipment, s.option.tempo_s,
                                top_lift_deg=90, knee_deg=s.option.knee_deg,
                                start_lift_deg=float(s.evaluated.lift_deg[0]))
        assert s.time_under_tension_s == pytest.approx(time_under_tension(rep), abs=1e-9)


# --- invariants -------------------------------------------------------------------------------

def check_invariants(ladder: planning.Ladder) -> None:
    steps = ladder.steps
    assert steps, "a ladder has at least its bodyweight start"
    for before, after in pairwise(steps):
        # strictly increasing demand; equal demand only for tempo steps, whose time grows
        assert (after.demand, after.time_under_tension_s) > (
            before.demand, before.time_under_tension_s)
        if after.demand == before.demand:
            assert after.option.kind == "bodyweight"
        rise = 100 * (after.demand / before.demand - 1)
        assert after.demand_change_pct == pytest.approx(rise)
        assert after.jump == (rise > ladder.increment_pct)
        if not after.jump and after.demand > before.demand:
            assert rise > ladder.min_increment_pct
    for s in steps:
        e = s.evaluated
        capacity = np.asarray(strength_capacity(ladder.body, e.lift_deg))  # recomputed
        assert np.all(e.torque_Nm <= ladder.max_share * capacity + 1e-9)
        assert np.all(e.torque_Nm >= 0)
        assert s.demand == pytest.approx(float(np.max(e.torque_Nm / capacity)))
        assert s.peak_torque_Nm == pytest.approx(float(np.max(e.torque_Nm)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mass=st.floats(40, 130), height=st.floats(1.45, 2.05),
       increment=st.sampled_from([5.0, 10.0, 20.0]),
       ceiling=st.sampled_from([0.4, 0.7, 1.0]),
       sex=st.sampled_from(["male", "female"]))
def test_ladder_invariants_hold_for_many_bodies(mass: float, height: float, increment: float,
                                               ceiling: float, sex: str) -> None:
    body = Body(mass_kg=mass, height_m=height, sex=sex)
    options = equipment_options(
        band_brand="Thera-Band", rest_lengths_m=(0.40, 0.35),
        cable=CableSetup(stack_step_kg=2.5, stack_max_kg=40, other_pulleys=((0.0, 0.6),)),
        machine=MachineSetup(step_kg=5, max_kg=60))
    ladder = build_ladder(body, options, increment_pct=increment, max_share=ceiling)
    check_invariants(ladder)
    on_ladder = {s.option.label for s in ladder.steps}
    assert all(label not in on_ladder for label, _ in ladder.left_out)


def test_nothing_above_the_ceiling_and_the_reason_is_given(body: Body) -> None:
    options = equipment_options(band_brand="Thera-Band",
                                machine=MachineSetup(step_kg=10, max_kg=200))
    ladder = build_ladder(body, options, max_share=1.0)
    check_invariants(ladder)
    over = [reason for label, reason in ladder.left_out if "glute machine" in label
            and "above the ceiling of 100%" in reason]
    assert over  # 200 kg on a plate machine is beyond the modelled strength
    low = build_ladder(body, options, max_share=0.4)
    assert max(s.demand for s in low.steps) <= 0.4


def test_a_cable_is_never_left_out_for_pulling_the_leg_up(body: Body) -> None:
    # The cable runs under the body and round the knee: whatever the pulley, it
    # resists over the whole lift, so the planner's below-zero guard never drops it.
    options = equipment_options(cable=CableSetup(pulley_height_m=0.5, stack_step_kg=10,
                                                 stack_max_kg=40))
    ladder = build_ladder(body, options)
    assert any(s.option.kind == "cable" for s in ladder.steps)
    assert not any("pulls the leg up" in reason for _, reason in ladder.left_out)


def test_a_gap_in_one_equipment_is_filled_by_another(body: Body) -> None:
    options = equipment_options(band_brand="Thera-Band",
                                cable=CableSetup(stack_step_kg=1.25, stack_max_kg=25,
                                                 other_pulleys=((0.0, 0.6),)))
    ladder = build_ladder(body, options)
    check_invariants(ladder)
    gap = [s for s in ladder.steps if s.fills_gap]
    assert gap and gap[0].option.kind == "cable"
    before = ladder.steps[gap[0].number - 2]
    assert before.option.kind == "band" and not gap[0].jump


def test_the_min_lift_hook_sets_where_the_grid_starts(
        body: Body, monkeypatch: pytest.MonkeyPatch) -> None:
    # The pose model's first feasible lift: a bent knee starts on the floor, a straight
    # leg where its pointed foot clears it.
    assert lift_grid(body, 90.0)[0] == 0.0
    first = min_lift_deg(body, 0.0)
    assert first > 60.0 and lift_grid(body, 0.0)[0] == pytest.approx(first)
    straight = planning.evaluate(body, equipment_options(bodyweight_knees_deg=(0.0,),
                                                         knee_deg=0.0))[0][0]
    assert straight.lift_deg[0] == pytest.approx(first) and straight.lift_deg[-1] == 90.0
    monkeypatch.setattr(planning, "MIN_LIFT", lambda b, knee: 95.0)
    with pytest.raises(ValueError, match="first feasible lift"):
        lift_grid(body, 0.0)


def test_csv_and_printable_page(band_ladder: planning.Ladder) -> None:
    text = band_ladder.to_csv()
    lines = text.splitlines()
    assert lines[0].startswith("# ") and "model estimates" in lines[0]
    assert lines[1].split(",") == list(COLUMNS)
    assert len(lines) == 2 + len(band_ladder.steps)
    page = band_ladder.to_html(today=4)
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert page.count("<tr") == 1 + len(band_ladder.steps)
    assert "Ratamess" in page and "Model estimates" in page and "@media print" in page
    assert "background:#fff3c4" in page  # today's row


def test_plan_table_reads_like_a_table(band_ladder: planning.Ladder) -> None:
    """The notebook's table: headings in words with units, one row per step, numbers as
    the steps give them, today's row highlighted; no code names (peak_torque_Nm)."""
    table = band_ladder.table_html(today=4)
    assert table.startswith("<table") and table.endswith("</table>")
    assert table.count("<tr>") == 1 + len(band_ladder.steps)
    assert "peak torque (N·m) at lift" in table and "_Nm" not in table
    assert "NaN" not in table and "None" not in table
    step = band_ladder.steps[3]
    assert f"{step.peak_torque_Nm:.1f} at {step.peak_lift_deg:.0f}°" in table
    assert table.count("background:#fff3c4") == 7  # the seven cells of step 4's row
    jumps = [s for s in band_ladder.steps if s.jump]
    assert jumps and table.count("(jump)") == len(jumps)
    assert band_ladder.to_html(today=4).count(table) == 1
    # A caption: model estimates, for which body, and what "strength" means.
    body = band_ladder.body
    caption = table.split("<caption", 1)[1].split("</caption>", 1)[0]
    assert f"Model estimates for a {body.mass_kg:g} kg, {body.height_m:g} m body" in caption
    assert "average young adult" in caption and "(Anderson et al. 2007)" in caption
    assert "share of your modelled strength (worst angle)" in table
    # Change in demand: percent to one decimal; a tempo step (demand unchanged) gives
    # the seconds under tension it adds, never "+0.0%".
    assert "+0.0%" not in table
    assert any(s.demand_change_pct == 0.0 for s in band_ladder.steps)  # a tempo step
    for before, step in pairwise(band_ladder.steps):
        text = planning.demand_change_text(step, before)
        assert f">{text}" in table
        if step.demand_change_pct == 0.0:
            added = step.time_under_tension_s - before.time_under_tension_s
            assert added > 0 and text == f"+0% (tempo: +{added:.0f} s under tension)"
        else:
            assert step.demand_change_pct is not None
            assert text == f"{step.demand_change_pct:+.1f}%"
    assert planning.demand_change_text(band_ladder.steps[0], None) == ""
    # The notebook shows it through display.plan_table (no HTML plumbing in its cell).
    from kickback_edu.display import plan_table

    assert plan_table(band_ladder, today=4).data == table
    with pytest.raises(ValueError, match="ladder must come from plan_progression"):
        plan_table(band_ladder.table())


# --- dose rules -------------------------------------------------------------------------------

def test_next_step_moves_up_stays_or_steps_back(band_ladder: planning.Ladder) -> None:
    up = next_step(band_ladder, 4, reps_done=13)
    assert up.decision == "move up" and up.step.number == 5
    assert next_step(band_ladder, 4, reps_done=12, reps_in_reserve=1).decision == "move up"
    stay = next_step(band_ladder, 4, reps_done=10, reps_in_reserve=0)
    assert stay.decision == "stay" and stay.step.number == 4 and "13–14" in stay.message
    back = next_step(band_ladder, 4, reps_done=6)
    assert back.decision == "step back" and back.step.number == 3
    assert next_step(band_ladder, 1, reps_done=5).decision == "stay"
    last = len(band_ladder.steps)
    top = next_step(band_ladder, last, reps_done=15)
    assert top.decision == "stay" and top.step.number == last
    jump = next_step(band_ladder, last - 2, reps_done=14)
    assert jump.step.jump and "more than the 10% increment" in jump.message
    assert "ACSM" in up.message and any("Ratamess" in r for r in up.sourced)
    assert "share of your strength (demand)" in up.model_estimates


def test_next_step_never_leaves_the_ladder_or_its_ceiling(body: Body) -> None:
    ladder = plan_progression(body, band_brand="Thera-Band", max_share=0.35)
    for n in range(1, len(ladder.steps) + 1):
        for reps in (0, 7, 10, 13, 20):
            p = next_step(ladder, n, reps)
            assert p.step in ladder.steps and p.step.demand <= 0.35


@pytest.mark.parametrize("kwargs, match", [
    ({"current_step": 0}, "current_step must be from 1 to 11; got 0"),
    ({"current_step": 2.5}, r"current_step must be a whole number from 1 to 11; got 2.5"),
    ({"reps_done": -1}, "reps_done must be from 0 to 100; got -1"),
    ({"reps_in_reserve": 30}, "reps_in_reserve must be from 0 to 20; got 30"),
    ({"target_reps": (12, 8)}, r"target_reps must be \(low, high\)"),
])
def test_next_step_refuses_bad_reports(band_ladder: planning.Ladder, kwargs: dict,
                                       match: str) -> None:
    args = {"current_step": 1, "reps_done": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        next_step(band_ladder, **args)


@pytest.mark.parametrize("kwargs, match", [
    ({"increment_pct": 60}, "increment_pct must be from 2 to 50 %; got 60"),
    ({"max_share": 1.2}, "max_share must be from 0.1 to 1; got 1.2"),
    ({"start_knee_deg": 45.0}, "start_knee_deg=45"),
])
def test_build_ladder_refuses_bad_settings(body: Body, kwargs: dict, match: str) -> None:
    options = equipment_options(bodyweight_knees_deg=(90.0,), tempo_variants_s=())
    with pytest.raises(ValueError, match=match):
        build_ladder(body, options, **kwargs)


def test_unknown_brand_and_equipment_settings_are_refused() -> None:
    with pytest.raises(KeyError, match="brand must be one of 'Thera-Band'; got 'Acme'"):
        equipment_options(band_brand="Acme")
    with pytest.raises(ValueError, match=r"stack_step_kg must be from 0\.5 to 20 kg; got 0"):
        CableSetup(stack_step_kg=0)
    with pytest.raises(ValueError, match=r"pulley_distance_m must be from 0\.2 to 3 m; got 5"):
        CableSetup(pulley_distance_m=5)
    with pytest.raises(KeyError, match="kind must be one of 'plate', 'cam'; got 'lever'"):
        MachineSetup(kind="lever")


# --- measured bands ---------------------------------------------------------------------------

def test_a_measured_band_works_like_a_catalogue_band(body: Body) -> None:
    # A "red" band measured at the chart's own points: 100% and 200% of a 40 cm band
    # (80 and 120 cm), 3.7 and 5.5 lbf a strand; as a loop the scale reads twice that.
    m = measure_band("my red loop", 40, [80, 120], [7.4, 11.0], unit="lbf", body=body)
    mine = m.band()
    lifts = np.linspace(0, 90, 19)
    from kickback_edu import Band
    assert mine.hip_torque(body, lifts) == pytest.approx(Band("red").hip_torque(body, lifts))
    assert mine.name == "my red loop (measured)" and mine.key == "band"
    kgf = measure_band("same in kgf", 40, [80, 120], [7.4 * 4.448 / 9.80665,
                                                      11.0 * 4.448 / 9.80665], unit="kgf")
    assert kgf.band().hip_torque(body, 45) == pytest.approx(mine.hip_torque(body, 45))


def test_a_measured_band_with_a_falling_force_is_refused() -> None:
    # F(200%) below F(100%): 40 cm band, 80 cm → 20 N, 120 cm → 15 N
    with pytest.raises(ValueError) as err:
        measure_band("worn", 40, [80, 120], [20, 15], unit="N")
    text = str(err.value)
    assert "forces[1] (at 120 cm) = 15 N" in text and "forces[0] (at 80 cm) = 20 N" in text
    assert "must be more than 26.7 and less than 80 N" in text


def test_negative_forces_are_refused_with_their_unit() -> None:
    with pytest.raises(ValueError, match=r"forces\[0\] \(at 80 cm\) must be a number greater "
                                         r"than 0 \(kgf\); got -2"):
        measure_band("b", 40, [80, 120], [-2, 3], unit="kgf")


def test_unknown_units_are_refused() -> None:
    with pytest.raises(KeyError, match="unit must be one of 'N', 'kgf', 'lbf'; got 'stone'"):
        measure_band("b", 40, [80, 120], [2, 3], unit="stone")


def test_a_rest_length_longer_than_the_leg_can_stretch_is_refused() -> None:
    child = Body(mass_kg=30, height_m=1.2)
    # the foot gets at most ~72 cm from the supporting knee in this body's kickback
    with pytest.raises(ValueError, match=r"rest_length_cm must be from 10 to 72 cm for this "
                                         r"body: .* at most 72 cm .*; got 80"):
        measure_band("long", 80, [100, 120], [10, 15], body=child)
    assert check_rest_length(child, 60) == 60
    with pytest.raises(ValueError, match="rest_length_cm must be from 10 to inf cm; got 5"):
        check_rest_length(child, 5)


@pytest.mark.parametrize("lengths, match", [
    ([35, 60], r"lengths_cm\[0\] must be from 40 to 160 cm \(longer than the rest length "
               r"40 cm, at most 4 × it\); got 35"),
    ([80, 200], r"lengths_cm\[1\] must be from 40 to 160 cm"),
    ([80], "lengths_cm must be a list of two numbers; got"),
])
def test_stretched_lengths_must_be_longer_than_rest(lengths: list, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        measure_band("b", 40, lengths, [2, 3][:len(lengths)] if len(lengths) == 2 else [2, 3])


def test_measured_band_needs_a_fitted_curve() -> None:
    with pytest.raises(ValueError, match="curve must be a BandCurve"):
        MeasuredBand("not a curve", "x")  # type: ignore[arg-type]


# --- the saved file ---------------------------------------------------------------------------

def test_my_equipment_round_trips_through_its_file(tmp_path: Path, body: Body) -> None:
    m = measure_band("green loop", 30, [45, 60], [2.0, 3.4], unit="kgf")
    cable = CableSetup("gym", 0.1, 0.8, 2.5, 30, other_pulleys=((0.0, 0.6),))
    saved = MyEquipment().with_band(m).with_cable(cable).save(tmp_path / "mine.json")
    data = json.loads(saved.read_text())
    assert data["schema"] == "kickback_edu/my-equipment" and data["version"] == 1
    assert data["bands"][0] == {"name": "green loop", "rest_length_cm": 30.0,
                                "lengths_cm": [45, 60], "forces": [2.0, 3.4], "unit": "kgf"}
    loaded = load_my_equipment(saved)
    assert loaded.band_names() == ["green loop"] and loaded.cables == (cable,)
    assert loaded.band("green loop").hip_torque(body, 45) == pytest.approx(
        m.band().hip_torque(body, 45))
    with pytest.raises(KeyError, match="name must be one of your measured bands"):
        loaded.band("blue")
    ladder = plan_progression(body, my_bands=[loaded.band("green loop")], cable=loaded.cables[0])
    check_invariants(ladder)


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


GOOD_BAND = {"name": "b", "rest_length_cm": 30, "lengths_cm": [45, 60], "forces": [2, 3.4],
             "unit": "kgf"}


@pytest.mark.parametrize("change, match", [
    ({"forces": [2, -1]}, r"bands\[0\] \('b'\): forces\[1\] \(at 60 cm\) must be a number "
                          r"greater than 0 \(kgf\); got -1"),
    ({"forces": [3, 2]}, r"bands\[0\] \('b'\): forces\[1\] \(at 60 cm\) = 2 kgf"),
    ({"unit": "stone"}, r"bands\[0\] \('b'\): unit must be one of 'N', 'kgf', 'lbf'"),
    ({"colour": "red"}, r"bands\[0\]: missing \[\], unknown \['colour'\]"),
])
def test_a_broken_file_names_the_entry_and_field(tmp_path: Path, change: dict,
                                                 match: str) -> None:
    data = {"schema": "kickback_edu/my-equipment", "version": 1,
            "bands": [{**GOOD_BAND, **change}]}
    path = _write(tmp_path / "mine.json", data)
    with pytest.raises(ValueError, match=re.escape(str(path)) + ", " + match):
        load_my_equipment(path)


def test_bad_json_and_wrong_schema_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "kickback_edu/my-equipment",\n "version": 1,,}')
    with pytest.raises(ValueError, match=r"bad.json, line 2, column 15: not valid JSON"):
        load_my_equipment(bad)
    other = _write(tmp_path / "other.json", {"schema": "x", "version": 1})
    with pytest.raises(ValueError, match="'schema' must be 'kickback_edu/my-equipment'"):
        load_my_equipment(other)
    twice = _write(tmp_path / "twice.json", {"schema": "kickback_edu/my-equipment",
                                             "version": 1, "bands": [GOOD_BAND, GOOD_BAND]})
    with pytest.raises(ValueError, match=r"bands\[1\]: name 'b' is used twice"):
        load_my_equipment(twice)
    assert load_my_equipment(tmp_path / "none.json", missing_ok=True) == MyEquipment()
    with pytest.raises(ValueError, match="file not found"):
        load_my_equipment(tmp_path / "none.json")

