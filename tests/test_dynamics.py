"""A repetition over time: controlled vs swing."""

from __future__ import annotations

import numpy as np
import pytest
from doubles import PullsUp

from kickback_edu import (
    Band,
    Body,
    Cable,
    gravity_torque,
    leg_inertia,
    repetition,
    time_under_tension,
)
from kickback_edu.outline import min_lift_deg


def test_controlled_rep_by_hand(body: Body) -> None:
    rep = repetition(body, tempo_s=(2, 1, 2), top_lift_deg=90, knee_deg=90)
    assert rep["time_s"].iloc[-1] == pytest.approx(5.0)
    assert rep["lift_deg"].max() == pytest.approx(90, abs=0.01)
    # Minimum-jerk peak speed = 1.875 · range / time = 1.875 · 90 / 2 = 84.4 °/s.
    assert rep["velocity_deg_s"].max() == pytest.approx(84.375, rel=0.01)
    # During the squeeze the leg is still: the torque is the static torque.
    squeeze = rep[rep["phase"] == "squeeze"]
    np.testing.assert_allclose(squeeze["hip_torque_Nm"], gravity_torque(body, 90, 90))
    # M = I·α + τ at every sample.
    inertia = leg_inertia(body, 90)
    np.testing.assert_allclose(
        rep["hip_torque_Nm"],
        inertia * np.radians(rep["acceleration_deg_s2"]) + gravity_torque(body, rep["lift_deg"]),
    )
    assert time_under_tension(rep) == pytest.approx(5.0, abs=0.02)


def test_net_work_over_a_rep_is_zero(body: Body) -> None:
    """Gravity and the band are conservative: over a full rep the hip does no net work."""
    rep = repetition(body, Band("red"), tempo_s=(1.5, 0.5, 1.5))
    work = np.trapezoid(rep["hip_torque_Nm"], np.radians(rep["lift_deg"]))
    lift_work = np.trapezoid(rep["hip_torque_Nm"][rep["phase"] == "lift"],
                             np.radians(rep["lift_deg"][rep["phase"] == "lift"]))
    assert abs(work) < 0.02 * lift_work


def test_swing_rep_collapses_near_the_top(body: Body) -> None:
    rep = repetition(body, style="swing", top_lift_deg=90)
    assert rep["lift_deg"].max() == pytest.approx(90, abs=1.0)
    coast = rep[rep["phase"].isin(["coast up", "fall"])]
    near_top = rep[rep["lift_deg"] > 70]
    assert len(coast) > 10
    # The muscles are silent while the leg coasts: momentum does the work.
    assert np.abs(coast["hip_torque_Nm"]).max() < 0.5
    assert np.abs(near_top["hip_torque_Nm"]).max() < 0.5
    # ... but the push and the catch need far more than holding still would.
    assert rep["hip_torque_Nm"].max() > 2 * gravity_torque(body, 90, 90)
    controlled = repetition(body, tempo_s=(2, 1, 2))
    assert time_under_tension(rep) < 0.5 * time_under_tension(controlled)


def test_swing_needs_a_load_that_resists_to_the_top(body: Body) -> None:
    # No course device pulls the leg up any more (a cable runs under the body, so
    # it always resists), so the refusal is checked with a test device.
    with pytest.raises(ValueError, match="choose style='controlled'"):
        repetition(body, PullsUp(50.0), style="swing", top_lift_deg=110)
    assert np.all(repetition(body, Cable(40, 0.0, 1.0), style="swing",
                             top_lift_deg=110)["static_torque_Nm"] > 0)


def test_straight_leg_rep_starts_where_the_foot_clears_the_floor(body: Body) -> None:
    first = float(min_lift_deg(body, 0))
    rep = repetition(body, tempo_s=(2, 1, 2), knee_deg=0)
    assert rep["lift_deg"].iloc[0] == pytest.approx(first)
    assert rep["lift_deg"].min() == pytest.approx(first)
    with pytest.raises(ValueError, match=r"lift_deg=20 with knee_deg=0 .* from 65\.3"):
        repetition(body, knee_deg=0, start_lift_deg=20)


def test_arrays_and_table_agree(body: Body) -> None:
    from kickback_edu import repetition_arrays

    for style in ("controlled", "swing"):
        arrays = repetition_arrays(body, Band("red"), (1, 0.5, 1), style=style)
        table = repetition(body, Band("red"), (1, 0.5, 1), style=style)
        for column, values in arrays.items():
            np.testing.assert_array_equal(table[column].to_numpy(), values)
        assert time_under_tension(arrays) == time_under_tension(table)


@pytest.mark.parametrize("device", [None, Band("red"), Band("gold"), Cable(5, 0.0, 0.5)])
def test_swing_never_dips_below_the_start(body: Body, device) -> None:
    rep = repetition(body, device, style="swing", top_lift_deg=80)
    assert rep["lift_deg"].min() >= 0.0
    assert (rep["velocity_deg_s"][rep["phase"] == "burst"] >= -1e-9).all()


def test_inertia_kept_per_knee_gives_the_same_rep() -> None:
    """A rep computed with the leg inertia kept on the body (later tempo steps) is the
    rep of a fresh body, and its torque is I·α + τ with I = leg_inertia at that knee."""
    from kickback_edu.dynamics import repetition_arrays

    for knee in (0.0, 45.0, 90.0):
        warm = Body(mass_kg=70, height_m=1.75)
        repetition_arrays(warm, [], (1.0, 0.5, 1.0), knee_deg=knee)  # keeps the inertia
        again = repetition_arrays(warm, [], (2.0, 1.0, 2.0), knee_deg=knee)
        fresh = repetition_arrays(Body(mass_kg=70, height_m=1.75), [], (2.0, 1.0, 2.0),
                                  knee_deg=knee)
        for column, values in fresh.items():
            np.testing.assert_array_equal(again[column], values, err_msg=column)
        inertia = leg_inertia(Body(mass_kg=70, height_m=1.75), knee)
        np.testing.assert_array_equal(
            again["hip_torque_Nm"],
            inertia * np.radians(again["acceleration_deg_s2"]) + again["static_torque_Nm"])


@pytest.mark.parametrize("tempo", [(0.2, 0.0, 0.2), (1.7, 0.3, 4.4), (6.0, 5.0, 6.0)])
def test_static_torque_by_phase_equals_whole_rep(body: Body, tempo: tuple[float, ...]) -> None:
    """The rep's static torque, posed phase by phase, is exactly the static torque of
    all its angles posed at once (gravity plus each device)."""
    from kickback_edu.dynamics import repetition_arrays
    from kickback_edu.pose import pose
    from kickback_edu.statics import gravity_torque_from_pose

    devices = [Band("red"), Cable(20, 0.3, 1.5)]
    for knee in (0.0, 90.0):
        rep = repetition_arrays(body, devices, tempo, knee_deg=knee)
        p = pose(body, np.array(rep["lift_deg"]), knee)
        whole = gravity_torque_from_pose(body, p)
        for device in devices:
            whole = whole + device.torque_from_pose(body, p)
        np.testing.assert_array_equal(rep["static_torque_Nm"], whole)
