"""Gravity torque, potential energy and inertia of the working leg, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kickback_edu import Body, gravity_torque, leg_inertia, leg_potential_energy, pose
from kickback_edu.outline import min_lift_deg

G = 9.81


def test_worked_check_bent_knee(body: Body) -> None:
    # Reference file: ≈ 31 N·m with the thigh horizontal and the knee at 90°.
    # By hand (Dempster/Winter, 70 kg, 1.75 m): thigh 7 kg at 0.433·0.42875 m
    # = 12.75 N·m; shank 3.255 kg at the knee, 0.42875 m = 13.69 N·m; foot
    # 1.015 kg at 0.42875 m + half of the ankle→metatarsal line's toe-ward
    # part (0.5·0.55·0.266 = 0.0732 m) = 5.00 N·m. Sum 31.44 N·m.
    assert gravity_torque(body, 90, 90) == pytest.approx(31.44, abs=0.01)
    assert gravity_torque(body, 90, 90) == pytest.approx(31, rel=0.05)


def test_worked_check_straight_leg(body: Body) -> None:
    # Reference file: ≈ 43 N·m with the whole leg straight and horizontal.
    # By hand: thigh 12.75; shank 3.255·9.81·(0.42875 + 0.433·0.4305) = 19.64;
    # foot 1.015·9.81·(0.85925 + 0.5·0.06825) = 8.90 → 41.29 N·m (4% under 43:
    # the foot is held flexed, its centre of mass below the ankle).
    assert gravity_torque(body, 90, 0) == pytest.approx(41.29, abs=0.01)
    assert gravity_torque(body, 90, 0) == pytest.approx(43, rel=0.05)


def test_straight_leg_hanging_is_not_a_pose(body: Body) -> None:
    # Leg straight down: the ankle would sit 0.4305 m below the supporting knee,
    # far under the floor. The model refuses it instead of computing a torque.
    with pytest.raises(ValueError, match=r"lift_deg=0 with knee_deg=0 .* floor"):
        gravity_torque(body, 0, 0)


def test_straight_leg_level_by_hand(body: Body) -> None:
    # Straight leg level (lift 90): the foot is clear of the floor, so the ankle
    # is at 90° and the toes point down. Centres of mass behind the hip:
    # thigh 0.433·0.42875 = 0.185649, shank 0.42875 + 0.433·0.4305 = 0.615157,
    # foot: the ankle at 0.85925, the sole 0.06825 further back (0.9275), the
    # foot's centre half-way from the ankle to the metatarsal heads, which sit
    # on the sole line 0.55·0.266 below it: x = 0.85925 + 0.5·0.06825 = 0.893375.
    t, s, f = body.thigh, body.shank, body.foot
    expected = G * (t.mass_kg * 0.185649 + s.mass_kg * 0.615157 + f.mass_kg * 0.893375)
    assert gravity_torque(body, 90, 0) == pytest.approx(expected, rel=1e-5)


def test_vectorised_shape_and_scalar_type(body: Body) -> None:
    lifts = np.linspace(0, 130, 14).reshape(2, 7)
    out = gravity_torque(body, lifts, 90)
    assert out.shape == (2, 7)
    assert isinstance(gravity_torque(body, 45.0), float)
    np.testing.assert_allclose(out.ravel(), [gravity_torque(body, a, 90) for a in lifts.ravel()])


@settings(max_examples=40, deadline=None)
@given(
    a=st.floats(0, 130), b=st.floats(0, 130), knee=st.floats(0, 140),
    mass=st.floats(30, 150), height=st.floats(1.4, 2.1),
)
def test_work_energy(a: float, b: float, knee: float, mass: float, height: float) -> None:
    """∫ τ dθ over a lift equals the leg's gain in potential energy, wherever the leg
    moves as one rigid body: from the lift at which the foot is clear of the floor at
    90° (before it, the relaxed foot also turns at the ankle, work the hip does not do)."""
    body = Body(mass_kg=mass, height_m=height)
    grid = np.linspace(float(min_lift_deg(body, knee)), 130, 1301)
    pointed = np.flatnonzero(pose(body, grid, knee).ankle_plantarflexion_deg > 0)
    first = float(grid[pointed[-1] + 1]) if pointed.size else float(grid[0])
    a, b = first + (130 - first) * a / 130, first + (130 - first) * b / 130
    theta = np.linspace(a, b, 4001)
    work = np.trapezoid(gravity_torque(body, theta, knee), np.radians(theta))
    gain = leg_potential_energy(body, b, knee) - leg_potential_energy(body, a, knee)
    assert work == pytest.approx(gain, abs=1e-4 * body.weight_N)


@settings(max_examples=30, deadline=None)
@given(lift=st.floats(0, 130), knee=st.floats(0, 140), k=st.floats(0.5, 2.0))
def test_torque_scales_with_mass_and_cube_free(lift: float, knee: float, k: float) -> None:
    """Doubling body mass doubles the torque (same height): linear in mass."""
    small, big = Body(60, 1.7), Body(60 * k, 1.7)
    first = float(min_lift_deg(small, knee))
    lift = first + (130 - first) * lift / 130
    assert gravity_torque(big, lift, knee) == pytest.approx(k * gravity_torque(small, lift, knee),
                                                            rel=1e-9, abs=1e-9)


def test_inertia_by_hand(body: Body) -> None:
    # Straight leg: I = Σ (I_com + m d²) with d along the leg.
    t, s, f = body.thigh, body.shank, body.foot
    foot_com = math.hypot(t.length_m + s.length_m + 0.5 * body.ankle_height_m,
                          0.5 * 0.55 * body.foot_length_m)
    expected = (t.inertia_com_kgm2 + t.mass_kg * t.com_m**2
                + s.inertia_com_kgm2 + s.mass_kg * (t.length_m + s.com_m) ** 2
                + f.inertia_com_kgm2 + f.mass_kg * foot_com**2)
    assert leg_inertia(body, 0) == pytest.approx(expected, rel=1e-9)
    assert leg_inertia(body, 90) < leg_inertia(body, 0)  # a bent leg is easier to swing


def test_pose_joint_lengths_and_frame(body: Body) -> None:
    p = pose(body, [0, 45, 90, 130], [90, 90, 90, 140])
    np.testing.assert_allclose(np.linalg.norm(p.knee - p.hip, axis=-1), body.thigh.length_m)
    np.testing.assert_allclose(np.linalg.norm(p.ankle - p.knee, axis=-1), body.shank.length_m)
    # lift 0: knee straight under the hip; lift 90: thigh horizontal, behind the hip (-x).
    np.testing.assert_allclose(p.knee[0], [0, -body.thigh.length_m], atol=1e-12)
    np.testing.assert_allclose(p.knee[2], [-body.thigh.length_m, 0], atol=1e-12)
    # knee 90 at lift 90: the shank points straight up (heel toward the ceiling).
    np.testing.assert_allclose(p.ankle[2] - p.knee[2], [0, body.shank.length_m], atol=1e-12)
    # The hands rest on the floor, one knee radius (0.030·1.75 = 0.0525 m) below the
    # supporting knee's joint centre.
    assert p.hands[0, 1] == pytest.approx(p.support_knee[0, 1] - 0.0525)


def test_lumbar_compensation_starts_at_the_limit() -> None:
    body = Body(hip_extension_limit_deg=12)
    p = pose(body, [90, 102, 110, 130])
    np.testing.assert_allclose(p.lumbar_extension_deg, [0, 0, 8, 28])
    np.testing.assert_allclose(p.hip_extension_deg, [0, 12, 12, 12])
    assert list(p.form_ok) == [True, True, False, False]
    assert p.warnings and "low back" in p.warnings[0]
    assert pose(body, 100).warnings == ()
