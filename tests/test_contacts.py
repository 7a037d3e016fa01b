"""The body has volume: the leg meets the floor, the cable wraps round the learner.

Worked examples by hand (70 kg, 1.75 m, Dempster/Winter): thigh 0.245·1.75 =
0.42875 m, shank 0.246·1.75 = 0.4305 m, foot 0.152·1.75 = 0.266 m, ankle
height 0.039·1.75 = 0.06825 m. Outline radii (model assumptions, fractions
of height in data/parameters.csv): knee 0.030·1.75 = 0.0525 m, ankle 0.035 m,
pelvis 0.105 m. The floor is 0.42875 + 0.0525 = 0.48125 m below the hip.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from kickback_edu import Body, Cable, pose
from kickback_edu.outline import (
    capsule,
    floor_y,
    leg_outline,
    min_lift_deg,
    on_floor,
    radii,
    trunk_outline,
)

G = 9.81
HEIGHTS = (1.0, 1.4, 1.75, 2.0, 2.3)
KNEES = tuple(range(0, 141, 10))
PULLEYS = ((0.0, 1.0), (0.0, 0.3), (0.3, 0.6), (0.5, 2.0), (1.0, 1.0), (2.0, 1.5), (0.0, 3.0))


def _lifts(body: Body, knee: float, n: int = 27) -> np.ndarray:
    first = float(min_lift_deg(body, knee))
    return np.linspace(first, 130.0, n)


def test_floor_is_under_the_supporting_knee(body: Body) -> None:
    assert floor_y(body) == pytest.approx(-0.48125)
    # Knee 90°, lift 0: the working knee rests on the floor (its circle touches it).
    p = pose(body, 0, 90)
    assert p.knee[1] - 0.0525 == pytest.approx(-0.48125)


def test_relaxed_foot_points_at_the_start_by_hand(body: Body) -> None:
    # Lift 0, knee 90: the shank lies back along the floor, ankle at y = -0.42875.
    # Pointing the foot φ from 90°: the toe tip sits at
    #   y = -0.42875 + 0.06825·sin φ - 0.1995·cos φ      (0.1995 = 0.75·0.266)
    # and must not be below the floor, -0.48125:
    #   0.06825·sin φ - 0.1995·cos φ = -0.0525 (least φ).
    # R = √(0.06825² + 0.1995²) = 0.210851, α = atan(0.1995 / 0.06825) = 71.1127°:
    # R·sin(φ - α) = -0.0525 → φ - α = asin(-0.248991) = -14.4178° → φ = 56.695°.
    p = pose(body, 0, 90)
    assert float(p.ankle_plantarflexion_deg) == pytest.approx(56.695, abs=0.002)
    assert p.toe[1] == pytest.approx(-0.48125, abs=1e-9)   # the toes rest on the floor
    assert p.toe[0] < p.ankle[0]                            # pointing back
    # Lift 45 (knee 90): the foot hangs clear of the floor and returns to 90°.
    assert float(pose(body, 45, 90).ankle_plantarflexion_deg) == 0.0


def test_first_straight_leg_lift_by_hand(body: Body) -> None:
    # A straight leg (knee 0) at lift θ: ankle 0.85925 m along the leg, at
    # y = -0.85925·cos θ. The most the foot can point is 60° (model assumption),
    # toes then along direction (θ + 60°) below the horizontal toward the feet:
    #   toe y = -0.85925·cos θ - 0.06825·cos(θ + 60°) - 0.1995·sin(θ + 60°)
    # The foot clears the floor (-0.48125) where g(θ) = 0.85925·cos θ
    #   + 0.06825·cos(θ + 60°) + 0.1995·sin(θ + 60°) - 0.48125 <= 0:
    #   θ = 65°: 0.363140 - 0.039147 + 0.163421 - 0.48125 = +0.006164 (in the floor)
    #   θ = 66°: 0.349493 - 0.040117 + 0.161399 - 0.48125 = -0.010475 (clear)
    # Linear between them: θ ≈ 65 + 0.006164 / 0.016639 = 65.370°.
    first = float(min_lift_deg(body, 0))
    assert first == pytest.approx(65.37, abs=0.01)
    p = pose(body, first, 0)
    assert float(p.ankle_plantarflexion_deg) == pytest.approx(60.0, abs=0.01)
    assert p.toe[1] == pytest.approx(-0.48125, abs=1e-5)
    with pytest.raises(ValueError, match=r"lift_deg=65 with knee_deg=0 .*floor.* from 65\.3"):
        pose(body, 65, 0)
    # All lengths scale with height, so every body starts a straight leg there.
    assert float(min_lift_deg(Body(50, 1.2), 0)) == pytest.approx(first, abs=1e-3)


@pytest.mark.parametrize("height", HEIGHTS)
def test_knee_slider_values_give_the_same_first_lift_as_one_knee_alone(height: float) -> None:
    # A knee slider value (a multiple of 5°) is answered from a table found for every
    # slider value at once; a one-element array is computed on its own. Same numbers.
    body = Body(70, height)
    for knee in range(0, 141, 5):
        alone = np.asarray(min_lift_deg(body, [float(knee)]))
        assert alone.shape == (1,)
        assert float(min_lift_deg(body, knee)) == float(alone[0])
    # Between slider values the one-knee path answers.
    first = float(min_lift_deg(body, 37.5))
    assert first == float(np.asarray(min_lift_deg(body, [37.5]))[0])


def test_refused_pose_names_both_angles_and_the_range(body: Body) -> None:
    with pytest.raises(ValueError) as err:
        pose(body, [70, 30], 0)
    message = str(err.value)
    assert "lift_deg=30" in message and "knee_deg=0" in message and "to 130 degrees" in message


@pytest.mark.parametrize("height", HEIGHTS)
def test_no_accepted_pose_puts_the_leg_below_the_floor(height: float) -> None:
    body = Body(70, height)
    floor = floor_y(body)
    r = radii(body)
    for knee in KNEES:
        first = float(min_lift_deg(body, knee))
        lifts = _lifts(body, knee)
        p = pose(body, lifts, knee)
        lowest = np.min(np.stack([p.knee[..., 1] - r.knee_m, p.ankle[..., 1] - r.ankle_m,
                                  p.heel[..., 1], p.toe[..., 1]]), axis=0)
        assert np.all(lowest >= floor - 1e-9), (height, knee)
        for poly in leg_outline(body, p).values():
            assert np.nanmin(poly[..., 1]) >= floor - 1e-9
        assert np.all(p.ankle_plantarflexion_deg <= 60 + 1e-9)
        assert np.all(on_floor(body, lifts, knee))
        if first > 0:  # just below the first lift, the leg would be in the floor
            assert not on_floor(body, first - 0.01, knee)
            with pytest.raises(ValueError, match="floor"):
                pose(body, first - 0.01, knee)


# -- the cable ------------------------------------------------------------------------
def test_cable_wrap_point_and_torque_by_hand(body: Body) -> None:
    # Lift 90, knee 90, pulley on the floor 1 m ahead: P = (1.0, -0.48125), 10 kg.
    # The thigh is level, knee centre k = (-0.42875, 0); the shank points up and the
    # cuff is behind the ankle, high above the knee. The straight line cuff -> P
    # would cut through the thigh and pelvis, so the cable runs down the front of
    # the shin, round the knee circle (radius 0.0525) and leaves it on the tangent
    # toward P (circle on the cable's left, i.e. the cable passes under the knee):
    #   D = P - k = (1.42875, -0.48125), |D| = 1.507623
    #   direction of D: atan2(-0.48125, 1.42875) = -18.6152°
    #   tangent turned by asin(0.0525 / 1.507623) = 1.9956°: u at -16.6196°
    #   u = (0.958225, -0.286016)
    #   leaving point T = k + 0.0525·(u_y, -u_x) = (-0.443766, -0.050307)
    # Moment arm about the hip = T × u = (-0.443766)(-0.286016) - (-0.050307)(0.958225)
    #   = 0.126924 + 0.048205 = 0.175129 m (= k × u + 0.0525);
    # torque = 98.1 N · 0.175129 m = 17.18 N·m, resisting the lift.
    # (The old straight-line model gave -15 N·m here: a line through the body.)
    cable = Cable(10, 0.0, 1.0)
    p = pose(body, 90, 90)
    r = cable.route_from_pose(body, p)
    assert bool(r.wraps_knee)
    np.testing.assert_allclose(r.leave, [-0.443766, -0.050307], atol=2e-6)
    np.testing.assert_allclose(r.direction, [0.958225, -0.286016], atol=2e-6)
    np.testing.assert_allclose(r.next_point, [1.0, -0.48125])
    assert cable.moment_arm_m(body, 90, 90) == pytest.approx(0.175129, abs=2e-6)
    assert cable.hip_torque(body, 90, 90) == pytest.approx(17.18, abs=0.005)
    # Tension is not torque: the tension is the stack's weight everywhere.
    assert cable.tension_N(body, 90, 90) == pytest.approx(98.1)
    np.testing.assert_allclose(cable.tension_N(body, [0, 45, 90], 90), 98.1)


def test_cable_runs_along_the_floor_under_the_knee_at_the_start(body: Body) -> None:
    # Lift 0, knee 90: the shin and knee rest on the floor; the cable runs from the
    # cuff under the shin and along the floor to the pulley, leaving the leg at the
    # bottom of the knee (0, -0.48125), horizontally: torque = 98.1 · 0.48125.
    cable = Cable(10, 0.0, 1.0)
    r = cable.route_from_pose(body, pose(body, 0, 90))
    np.testing.assert_allclose(r.leave, [0.0, -0.48125], atol=1e-9)
    np.testing.assert_allclose(r.direction, [1.0, 0.0], atol=1e-9)
    assert cable.hip_torque(body, 0, 90) == pytest.approx(98.1 * 0.48125, rel=1e-9)


def test_straight_leg_cable_runs_free_from_the_cuff(body: Body) -> None:
    # Straight leg level (lift 90): the cuff sits under the ankle. The shin's front
    # outline tilts by asin((0.0525 - 0.035) / 0.4305) = 2.3297° toward the knee, so
    # the cuff is at (-0.85925 - 0.035·sin 2.3297°, -0.035·cos 2.3297°)
    # = (-0.860673, -0.034971). The line to P = (1.0, -0.48125) passes under the knee
    # circle (at x = -0.42875 it is 0.138 m below the knee centre, more than 0.0525),
    # so the cable pulls straight from the cuff:
    #   u = (1.860673, -0.446279) / 1.913444 = (0.972421, -0.233233)
    #   arm = cuff × u = (-0.860673)(-0.233233) - (-0.034971)(0.972421) = 0.234744 m
    cable = Cable(10, 0.0, 1.0)
    assert not cable.wraps_knee(body, 90, 0)
    assert cable.moment_arm_m(body, 90, 0) == pytest.approx(0.234744, abs=2e-6)


def _inside_convex(points: np.ndarray, poly: np.ndarray, tol: float) -> np.ndarray:
    """True for points (n, 2) strictly inside the closed convex polygon (m, 2) by more
    than ``tol`` (either orientation)."""
    a, b = poly, np.roll(poly, -1, axis=0)
    edge = b - a
    rel = points[:, None, :] - a[None]
    cross = edge[None, :, 0] * rel[..., 1] - edge[None, :, 1] * rel[..., 0]
    cross /= np.linalg.norm(edge, axis=-1)[None]
    return np.all(cross > tol, axis=1) | np.all(cross < -tol, axis=1)


def _dense(path: np.ndarray, per_segment: int = 60) -> np.ndarray:
    t = np.linspace(0.0, 1.0, per_segment)[:, None]
    return np.concatenate([a + t * (b - a) for a, b in itertools.pairwise(path)])


@pytest.mark.parametrize("height", (1.0, 1.75, 2.3))
def test_cable_path_never_enters_the_body(height: float) -> None:
    body = Body(70, height)
    r = radii(body)
    floor = floor_y(body)
    fixed = [capsule(np.zeros(2), r.pelvis_m, np.array([body.trunk_length_m, 0.0]),
                     r.chest_m, 40), trunk_outline(body)["head"]]
    # The drawn path is a polyline: its arc round the knee is drawn just outside the
    # circle, except where the knee rests on the floor, where its corners are held on
    # the floor (the cable lies under the knee) - within 0.1 mm of the circle.
    tol = 1e-4
    checked = 0
    for knee in range(0, 141, 20):
        p_all = pose(body, _lifts(body, knee, 14), knee)
        for h, d in PULLEYS:
            cable = Cable(10, h, d)
            try:
                paths = cable.path_from_pose(body, p_all)
            except ValueError as err:  # a pulley inside or above the trunk: refused
                assert "under the body" in str(err)
                continue
            for i in range(len(p_all.lift_deg)):
                p = pose(body, float(p_all.lift_deg[i]), knee)
                pts = _dense(paths[i])
                assert np.all(pts[:, 1] >= floor - tol)
                pieces = [capsule(p.hip, r.thigh_m, p.knee, r.knee_m, 40),
                          capsule(p.knee, r.knee_m, p.ankle, r.ankle_m, 40), *fixed]
                for poly in pieces:
                    assert not np.any(_inside_convex(pts, poly, tol)), (knee, h, d, i)
                checked += 1
    assert checked > 100


def test_cable_torque_is_continuous_and_never_helps_the_lift() -> None:
    body = Body()
    switches = 0
    for knee in (0, 20, 40, 60, 90, 120, 140):
        lifts = np.linspace(float(min_lift_deg(body, knee)), 130.0, 6001)  # ~0.01-0.02°
        for h, d in ((0.0, 1.0), (0.0, 0.5), (0.3, 2.0), (1.0, 1.0), (2.0, 1.0)):
            cable = Cable(10, h, d)
            torque = np.asarray(cable.hip_torque(body, lifts, knee))
            wraps = np.asarray(cable.wraps_knee(body, lifts, knee))
            assert np.all(torque >= -1e-9), (knee, h, d)
            step = np.abs(np.diff(torque))
            # No jump where the cable starts or stops touching the leg or the trunk: a
            # 0.02° step changes the torque by far less than 0.05 N·m.
            assert np.max(step) < 0.05, (knee, h, d, float(np.max(step)))
            switches += int(np.count_nonzero(np.diff(wraps)))
    assert switches > 0  # the grid does cross the moment the cable meets the knee


def test_pulley_inside_or_above_the_trunk_is_refused(body: Body) -> None:
    with pytest.raises(ValueError, match=r"pulley_distance_m >= 0\.80 m .* pulley_height_m <="):
        Cable(10, pulley_height_m=1.0, pulley_distance_m=0.4).hip_torque(body, 45, 90)
    # Low enough to sit under the trunk, or ahead of the head: accepted.
    assert Cable(10, 0.2, 0.4).hip_torque(body, 45, 90) > 0
    assert Cable(10, 1.5, 1.2).hip_torque(body, 45, 90) > 0


def test_knee_bent_keeps_a_low_cable_resisting_at_the_top(body: Body) -> None:
    # The lesson the old model got wrong: with the knee bent and a low pulley the
    # cable still resists at 90° (it leaves the leg at the knee, below the hip) and
    # never turns negative; its moment arm shrinks as the knee rises toward hip level.
    cable = Cable(10, 0.0, 1.0)
    lifts = np.arange(0, 131, 5.0)
    arm = np.asarray(cable.moment_arm_m(body, lifts, 90))
    assert np.all(arm > 0)
    assert arm[0] == pytest.approx(0.48125) and arm[lifts == 90][0] < 0.4 * arm[0]
    np.testing.assert_allclose(cable.hip_torque(body, lifts, 90), 10 * G * arm)
    assert math.isclose(float(np.argmax(arm)), 0.0)


def test_fast_foot_solution_matches_the_full_check() -> None:
    # The least plantar flexion is first tried at the start of the toe's arc; the
    # full check (every arc end of the toe and heel conditions) must agree.
    from kickback_edu.outline import _least_pointed, _least_pointed_full

    rng = np.random.default_rng(1)
    angle = rng.uniform(0, 2 * np.pi, 5000)
    sy, uy, c = np.sin(angle), np.cos(angle), rng.uniform(-0.3, 0.3, 5000)
    fast = _least_pointed(sy, uy, c, 0.06825, 0.1995, 0.0665)
    full = _least_pointed_full(sy, uy, c, 0.06825, 0.1995, 0.0665)
    assert np.array_equal(np.isinf(fast), np.isinf(full))
    finite = np.isfinite(full)
    np.testing.assert_allclose(fast[finite], full[finite], atol=1e-9)
    assert 0.2 < finite.mean() < 0.8  # both kinds of case are exercised


def test_cable_route_with_kept_body_columns_equals_a_cold_route() -> None:
    """A pulley step reuses the body's columns kept for the poses: the route then is
    exactly the one computed from nothing kept, and the one computed pose by pose."""
    from kickback_edu import cable_route

    def cold(body: Body, lift: np.ndarray, knee: float, pulley: np.ndarray
             ) -> cable_route.CableRoute:
        cable_route._ROUTES.clear()
        cable_route._BODY_COLUMNS.clear()
        return cable_route.route(body, pose(body, lift, knee), pulley)

    fields = ("cuff", "leave", "direction", "next_point", "wraps_knee", "knee_in")
    for height, knee in ((1.75, 90.0), (1.6, 0.0), (1.95, 140.0)):
        body = Body(mass_kg=70, height_m=height)
        first = max(float(min_lift_deg(body, knee)), float(min_lift_deg(body, 0.0)))
        lift = np.linspace(first, 130.0, 27)
        floor = -(body.thigh.length_m + radii(body).knee_m)
        pulleys = [np.array([d, floor + h]) for d, h in ((2.0, 0.0), (1.2, 0.3), (2.5, 1.9))]
        expected = [cold(body, lift, knee, q) for q in pulleys]
        cable_route._ROUTES.clear()
        cable_route.route(body, pose(body, lift, 0.0), pulleys[0])  # other knee kept too
        for q, want in zip(pulleys, expected, strict=True):
            got = cable_route.route(body, pose(body, lift, knee), q)
            one = [cable_route.route(body, pose(body, np.array([a]), knee), q) for a in lift]
            for f in fields:
                np.testing.assert_array_equal(getattr(got, f), getattr(want, f), err_msg=f)
                np.testing.assert_array_equal(
                    getattr(got, f), np.concatenate([getattr(r, f) for r in one]), err_msg=f)


def test_kept_thigh_outline_is_the_thigh_capsule_of_each_pose() -> None:
    """leg_outline keeps the thigh's outline (it depends on the hip and knee points, not
    the knee angle): whatever pose asks, it is the capsule of that pose's own points,
    read-only; another knee angle at the same lifts gets the same outline, another
    body its own."""
    lifts = np.arange(0.0, 131.0)
    first = None
    for height, knee in ((1.75, 90.0), (1.75, 120.0), (1.75, 100.0), (1.4, 90.0),
                         (1.75, 90.0)):
        body = Body(70, height)
        r = radii(body)
        p = pose(body, lifts, knee)
        thigh = leg_outline(body, p)["thigh"]
        np.testing.assert_array_equal(thigh, capsule(p.hip, r.thigh_m, p.knee, r.knee_m, 10))
        assert not thigh.flags.writeable
        if first is None:
            first = thigh
        elif height == 1.75:
            np.testing.assert_array_equal(thigh, first)
        else:  # a shorter learner: a shorter thigh, not the kept one
            assert not np.allclose(thigh, first)
    # One pose (scalar angles) and an off-grid lift are the capsule of their points too.
    body = Body(70, 1.75)
    r = radii(body)
    for lift in (37.25, np.array([12.5, 80.0])):
        p = pose(body, lift, 90.0)
        np.testing.assert_array_equal(leg_outline(body, p)["thigh"],
                                      capsule(p.hip, r.thigh_m, p.knee, r.knee_m, 10))
