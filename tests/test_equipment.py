"""Band, cable and glute machine: hand-computed torques and the invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kickback_edu import Band, Body, Bodyweight, Cable, GluteMachine, pose, strength_capacity
from kickback_edu.outline import min_lift_deg

G = 9.81
LBF = 4.448


def test_band_by_hand(body: Body) -> None:
    # lift 90, knee 90 (the foot is clear of the floor, so the ankle is at 90°):
    # knee (-0.42875, 0); the shank points up (0, 1), ankle (-0.42875, 0.4305);
    # the sole 0.06825 further up (-0.42875, 0.49875); the toes point back (-1, 0),
    # the band crosses the sole 0.25·0.266 = 0.0665 behind: (-0.49525, 0.49875).
    # The supporting knee is at (0, -0.42875).
    foot = np.array([-0.49525, 0.49875])
    knee = np.array([0.0, -0.42875])
    d = knee - foot
    length = float(np.hypot(*d))                       # 1.051441 m
    e = (length - 0.40) / 0.40                           # 162.9 % elongation
    b = (5.5 * LBF - 2 * 3.7 * LBF) / 2                  # red: F100 3.7, F200 5.5 lbf
    a = 3.7 * LBF - b
    tension = 2 * (a * e + b * e**2)                     # loop = two strands, 44.954 N
    force = tension * d / length
    torque = foot[0] * force[1] - foot[1] * force[0]     # (r × F)_z, ≈ 9.078 N·m
    band = Band("red", loop=True, rest_length_m=0.40)
    assert band.elongation(body, 90, 90) == pytest.approx(e, rel=1e-6)
    assert band.tension_N(body, 90, 90) == pytest.approx(tension, rel=1e-6)
    assert band.hip_torque(body, 90, 90) == pytest.approx(torque, rel=1e-6)
    assert torque == pytest.approx(9.078, abs=0.001)


def test_band_fit_passes_through_the_chart(body: Body) -> None:
    for color, f100, f200 in [("red", 3.7, 5.5), ("gold", 14.2, 21.3), ("tan", 2.4, 3.4)]:
        band = Band(color, loop=False)
        assert band.strand_force_N(1.0) == pytest.approx(f100 * LBF)
        assert band.strand_force_N(2.0) == pytest.approx(f200 * LBF)
        assert band.strand_force_N(0.0) == 0.0


@pytest.mark.parametrize("color", ["tan", "yellow", "red", "green", "blue", "black", "silver",
                                   "gold"])
def test_band_tension_never_falls_as_it_stretches(color: str) -> None:
    e = np.linspace(0.0, 3.0, 3001)
    force = Band(color).strand_force_N(e)
    assert np.all(np.diff(force) > 0)


@settings(max_examples=40, deadline=None)
@given(knee=st.floats(0, 100), a=st.floats(0, 1), b=st.floats(0, 1))
def test_band_tension_rises_with_the_leg(knee: float, a: float, b: float) -> None:
    # Up to a 100° knee bend the foot moves away from the supporting knee as the
    # thigh rises. With the heel pulled in further (knee 110°+) the foot curls
    # back toward the supporting knee near the top and the band slackens a
    # little: the model shows that too (see the test below). Lifts run from the
    # first one at which the foot is at 90°: before it the relaxed, pointed foot
    # turns at the ankle as the leg rises, and with a straight leg that brings the
    # sole back toward the supporting knee (tension 31.64 N at 65.4°, 31.58 N at
    # 73.4°): the leg is not one rigid body there.
    body = Body()
    band = Band("red", rest_length_m=0.45)
    grid = np.linspace(float(min_lift_deg(body, knee)), 130, 1301)
    pointed = np.flatnonzero(pose(body, grid, knee).ankle_plantarflexion_deg > 0)
    first = float(grid[pointed[-1] + 1]) if pointed.size else float(grid[0])
    lo, hi = (first + (130 - first) * x for x in sorted((a, b)))
    # The foot moves away from the supporting knee as the thigh rises (knee fixed).
    assert band.tension_N(body, hi, knee) >= band.tension_N(body, lo, knee) - 1e-9


def test_a_tightly_bent_knee_slackens_the_band_near_the_top(body: Body) -> None:
    tension = Band("red", rest_length_m=0.45).tension_N(body, np.arange(80, 131, 5), 140)
    assert np.argmax(tension) not in (0, len(tension) - 1)


def test_loop_doubles_the_force(body: Body) -> None:
    lifts = np.linspace(0, 130, 27)
    single = Band("green", loop=False).hip_torque(body, lifts)
    loop = Band("green", loop=True).hip_torque(body, lifts)
    np.testing.assert_allclose(loop, 2 * single)


def test_band_torque_peaks_mid_range_although_tension_keeps_rising(body: Body) -> None:
    lifts = np.linspace(0, 130, 131)
    band = Band("red")
    tension = band.tension_N(body, lifts, 90)
    torque = band.hip_torque(body, lifts, 90)
    assert np.all(np.diff(tension) > 0)
    peak = lifts[np.argmax(torque)]
    assert 20 < peak < 90, f"band torque peaks at {peak}°"
    assert torque[-1] < 0.5 * torque.max()


def test_higher_pulley_resists_less_at_the_start(body: Body) -> None:
    heights = [0.0, 0.3, 0.6, 0.9]
    torques = [Cable(10, h).hip_torque(body, 20, 90) for h in heights]
    assert torques == sorted(torques, reverse=True)


@settings(max_examples=40, deadline=None)
@given(lift=st.floats(0, 130), knee=st.floats(0, 90), load=st.floats(0.5, 60),
       k=st.floats(0.1, 2.5))
def test_torque_is_linear_in_load(lift: float, knee: float, load: float, k: float) -> None:
    body = Body()
    first = float(min_lift_deg(body, knee))
    lift = first + (130 - first) * lift / 130
    for make in (lambda m: Cable(m, 0.2, 0.8), lambda m: GluteMachine(m, "plate"),
                 lambda m: GluteMachine(m, "cam")):
        assert make(load * k).hip_torque(body, lift, knee) == pytest.approx(
            k * make(load).hip_torque(body, lift, knee), rel=1e-9, abs=1e-9)


def test_plate_machine_by_hand(body: Body) -> None:
    # Torque = m g r sin(lever angle from vertical) with the pivot at the hip.
    machine = GluteMachine(20, "plate", lever_arm_m=0.5)

    pad = pose(body, 60, 90).band_point
    angle = math.atan2(-pad[0], -pad[1])
    assert machine.hip_torque(body, 60, 90) == pytest.approx(20 * G * 0.5 * math.sin(angle))


def test_cam_machine_follows_the_strength_curve(body: Body) -> None:
    lifts = np.linspace(0, 130, 53)  # knee 90: every lift is a pose a body can take
    cam = GluteMachine(30, "cam").hip_torque(body, lifts)
    ratio = cam / strength_capacity(body, lifts)
    np.testing.assert_allclose(ratio, ratio[0])
    assert cam.max() == pytest.approx(30 * G * 0.10, rel=1e-3)


def test_bodyweight_device_adds_nothing(body: Body) -> None:
    assert Bodyweight().hip_torque(body, 90) == 0.0
    assert np.all(Bodyweight().hip_torque(body, np.arange(0, 131)) == 0)


@settings(max_examples=60, deadline=None)
@given(lift=st.floats(0, 130), knee=st.floats(0, 140))
def test_no_nan_anywhere_in_the_valid_range(lift: float, knee: float) -> None:
    body = Body()
    first = float(min_lift_deg(body, knee))  # every pose a body can take
    lift = first + (130 - first) * lift / 130
    devices = [Band("gold", rest_length_m=0.45), Cable(), GluteMachine(kind="cam")]
    if knee <= 90:  # beyond, the foot can pass over the plate machine's pivot (refused)
        devices.append(GluteMachine())
    for device in devices:
        assert math.isfinite(device.hip_torque(body, lift, knee))


def test_plate_machine_refuses_a_foot_over_the_pivot(body: Body) -> None:
    with pytest.raises(ValueError, match=r"foot cannot pass over the pivot: at lift_deg=130 "
                                         r"with knee_deg=140"):
        GluteMachine().hip_torque(body, 130, 140)
    assert math.isfinite(GluteMachine().hip_torque(body, 100, 140))
