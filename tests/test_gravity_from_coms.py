"""The centres-of-mass fast path of the gravity torque (a repetition's thousands of
angles) against the full pose, and against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kickback_edu import Body, repetition_arrays
from kickback_edu.outline import min_lift_deg
from kickback_edu.pose import pose
from kickback_edu.statics import gravity_torque, gravity_torque_from_coms, gravity_torque_from_pose

G = 9.81
BODIES = [Body(m, h, sex, table)
          for table in ("dempster", "de_leva") for sex in ("male", "female")
          for m, h in ((20.0, 1.0), (55.0, 1.45), (70.0, 1.75), (250.0, 2.3))]
KNEES = [*np.arange(0.0, 141.0, 10.0), 17.3, 88.8, 139.9]


@pytest.mark.parametrize("body", BODIES, ids=repr)
def test_same_numbers_as_the_full_pose(body: Body) -> None:
    """Every feasible lift (from the first one up) at every knee: the same torque as
    the full pose, the pointed foot near the floor included."""
    for knee in KNEES:
        first = float(min_lift_deg(body, knee))
        lifts = np.concatenate([[first], np.linspace(first, 130.0, 157)])
        full = gravity_torque_from_pose(body, pose(body, lifts, knee))
        np.testing.assert_allclose(gravity_torque_from_coms(body, lifts, knee), full,
                                   rtol=0, atol=1e-12, err_msg=f"{body} knee {knee}")
    # The grid does reach poses with the foot pointed (where the two paths differ most).
    assert np.any(pose(body, np.linspace(0.0, 40.0, 41), 90.0).ankle_plantarflexion_deg > 0)


def test_shapes_broadcast_like_gravity_torque(body: Body) -> None:
    lifts = np.array([[0.0, 30.0, 90.0], [45.0, 100.0, 130.0]])
    knees = np.array([[90.0], [120.0]])
    out = gravity_torque_from_coms(body, lifts, knees)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out, gravity_torque(body, lifts, knees), rtol=0, atol=1e-12)
    assert gravity_torque_from_coms(body, 60.0, 90.0).shape == ()
    assert float(gravity_torque_from_coms(body, 60.0, 90.0)) == pytest.approx(
        gravity_torque(body, 60.0, 90.0), abs=1e-12)


def test_refuses_what_pose_refuses(body: Body) -> None:
    with pytest.raises(ValueError, match=r"lift_deg=20 with knee_deg=0 .* from 65\.3"):
        gravity_torque_from_coms(body, np.array([70.0, 20.0]), 0.0)
    with pytest.raises(ValueError, match="lift_deg"):
        gravity_torque_from_coms(body, 131.0, 90.0)
    with pytest.raises(ValueError, match="knee_deg"):
        gravity_torque_from_coms(body, 45.0, -1.0)


def test_pointed_foot_at_the_start_by_hand(body: Body) -> None:
    """Lift 0, knee 90, 70 kg, 1.75 m, Dempster: thigh straight down (no torque), shin
    level on the floor, the relaxed foot pointed until its toe tip touches the floor."""
    shank, foot = 0.246 * 1.75, 0.152 * 1.75
    ankle_h, knee_r = 0.039 * 1.75, 0.030 * 1.75
    # Shin along -x, ankle at (-shank, -thigh length); the floor is knee_r below the
    # ankle's height (one thigh length plus the knee radius below the hip). Pointing by
    # phi turns the toes from straight down toward -x; the toe tip (0.75 foot lengths
    # along the sole) is then knee_r below the ankle's height when
    #   ankle_h·sin(phi) - 0.75·foot·cos(phi) = -knee_r.
    a = 0.75 * foot
    r = math.hypot(ankle_h, a)
    phi = math.atan2(a, ankle_h) - math.asin(knee_r / r)
    assert 0 < phi < math.radians(60)  # pointed, within the relaxed foot's range
    # Foot centre of mass: halfway from the ankle to the second metatarsal head, which
    # is one ankle height along the sole direction (-cos, sin) and 0.55 foot lengths
    # along the toe direction (-sin, -cos) from the ankle.
    foot_x = -shank + 0.5 * (-ankle_h * math.cos(phi) - 0.55 * foot * math.sin(phi))
    shank_x = -0.433 * shank
    expected = -G * (0.0465 * 70 * shank_x + 0.0145 * 70 * foot_x)
    assert float(gravity_torque_from_coms(body, 0.0, 90.0)) == pytest.approx(expected, abs=1e-9)
    assert gravity_torque(body, 0.0, 90.0) == pytest.approx(expected, abs=1e-9)
    assert float(pose(body, 0.0, 90.0).ankle_plantarflexion_deg) == pytest.approx(
        math.degrees(phi), abs=1e-9)


@pytest.mark.parametrize("sex", ["male", "female"])
def test_de_leva_foot_from_the_heel_by_hand(sex: str) -> None:
    """Lift 90, knee 90 (thigh level, shin up, sole to the ceiling): de Leva's foot
    centre of mass lies on the heel→toe-tip line, its fraction measured from the heel."""
    body = Body(70.0, 1.75, sex, "de_leva")
    t, s, f = body.thigh, body.shank, body.foot
    # The heel is 0.25 foot lengths toward the head from the point over the ankle,
    # the toe tip 0.75 toward the feet: the centre of mass is (0.25 - fraction)·foot
    # toward the head from the knee's x = -thigh length.
    foot_x = -t.length_m + (0.25 - f.com_fraction) * f.length_m
    expected = G * (t.mass_kg * t.com_m + s.mass_kg * t.length_m - f.mass_kg * foot_x)
    assert float(gravity_torque_from_coms(body, 90.0, 90.0)) == pytest.approx(expected,
                                                                               abs=1e-9)
    assert gravity_torque(body, 90.0, 90.0) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("style", ["controlled", "swing"])
@pytest.mark.parametrize("knee", [0.0, 45.0, 90.0, 140.0])
def test_rep_static_torque_is_the_full_pose_torque(body: Body, style: str,
                                                   knee: float) -> None:
    """A rep without equipment (the fast path) has the static torque of all its angles
    posed at once, and its hip torque is I·α plus that."""
    rep = repetition_arrays(body, None, (1.3, 0.4, 2.7), knee_deg=knee, style=style)
    full = gravity_torque_from_pose(body, pose(body, np.array(rep["lift_deg"]), knee))
    np.testing.assert_allclose(rep["static_torque_Nm"], full, rtol=0, atol=1e-12)
