"""Gravity on the working leg: torque about the hip, potential energy, inertia.

Sign convention (design.md): a positive torque pushes the leg down, i.e. it is
the hip-extensor torque the learner must produce to hold the pose. For a point
force F at r (from the hip) the torque is the z-component of r × F.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .body import SEGMENT_TABLES, Body
from .outline import HEEL, MET_HEAD, TOE, direction, least_plantarflexion_y
from .pose import Pose, check_knee, check_lift, leg_com_points, pose
from .validation import ArrayLike, as_output


def cross_z(r: np.ndarray, f: np.ndarray) -> np.ndarray:
    """z-component of r × F for arrays of 2-D vectors (..., 2)."""
    z: npt.NDArray[np.float64] = r[..., 0] * f[..., 1] - r[..., 1] * f[..., 0]
    return z


def _segment_coms(
    body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike
) -> tuple[Pose, tuple[tuple[float, np.ndarray], ...]]:
    p = pose(body, lift_deg, knee_deg)
    return p, _coms(body, p)


def foot_com(body: Body, p: Pose) -> np.ndarray:
    """The foot's centre of mass (m, shape ``(..., 2)``) in the body's own table definition.

    Dempster's foot runs ankle → second metatarsal head (the pose's
    ``foot_com``); de Leva's runs heel → tip of the toe, its centre of mass
    measured from the heel (de Leva 1996, Table 4), so it is placed on the
    pose's heel–toe line.
    """
    if body.foot.com_from == "heel":
        return body.foot.com_point({"heel": p.heel, "toe_tip": p.toe})
    return p.foot_com


def _coms(body: Body, p: Pose) -> tuple[tuple[float, np.ndarray], ...]:
    return (
        (body.thigh.mass_kg, p.thigh_com),
        (body.shank.mass_kg, p.shank_com),
        (body.foot.mass_kg, foot_com(body, p)),
    )


def gravity_torque_from_pose(body: Body, p: Pose) -> np.ndarray:
    """Gravity torque (N·m) of the working leg for an already computed pose."""
    return sum((-m * body.g * com[..., 0] for m, com in _coms(body, p)), np.zeros(()))


def gravity_torque_from_coms(body: Body, lift_deg: ArrayLike,
                             knee_deg: ArrayLike = 90.0) -> np.ndarray:
    """:func:`gravity_torque` (N·m, array of the broadcast shape of the angles) from the
    segments' centres of mass alone: the fast path for the thousands of angles of a
    repetition.

    Only the horizontal positions of the thigh, shank and foot centres of mass are
    computed, with the same floating-point operations, in the same order, as
    :func:`kickback_edu.pose.pose` and :func:`foot_com` use (the ankle's least
    plantar flexion from the floor contact included; the foot in the body's own
    table definition), so the numbers are those of
    ``gravity_torque_from_pose(body, pose(body, lift_deg, knee_deg))``: tests check it
    over a grid of bodies, both tables, knees and lifts. No pose is built or kept.
    Angles in degrees, validated as :func:`kickback_edu.pose.pose` does; a pose that
    would put the leg through the floor raises its ValueError.
    """
    lift, knee = np.broadcast_arrays(check_lift(lift_deg), check_knee(knee_deg))
    lift, knee = lift.astype(float), knee.astype(float)
    # Each line is the x (and, for the floor, y) component of the vector line in pose._pose.
    a, b = np.radians(lift), np.radians(lift + knee)
    thigh_x, thigh_y = -np.sin(a), -np.cos(a)          # direction(lift)
    shank_x, shank_y = -np.sin(b), -np.cos(b)          # direction(lift + knee)
    knee_x = body.thigh.length_m * thigh_x
    ankle_x = knee_x + body.shank.length_m * shank_x
    ankle_y = body.thigh.length_m * thigh_y + body.shank.length_m * shank_y
    plantarflexion, feasible = least_plantarflexion_y(body, ankle_y, shank_y, shank_x)
    if not np.all(feasible):
        pose(body, lift, knee)  # raises the floor error, naming the feasible range
    u_x = -shank_y                                      # ccw(shank direction): x
    if np.any(plantarflexion):                          # foot_frame
        c, s = np.cos(plantarflexion), np.sin(plantarflexion)
        toe_x, to_sole_x = c * u_x + s * shank_x, c * shank_x - s * u_x
    else:
        toe_x, to_sole_x = u_x, shank_x
    foot = body.foot_length_m
    sole_x = ankle_x + body.ankle_height_m * to_sole_x
    if body.foot.com_from == "heel":                    # foot_com: de Leva, heel -> toe tip
        heel_x = sole_x - HEEL * foot * toe_x
        tip_x = sole_x + TOE * foot * toe_x
        foot_x = heel_x + body.foot.com_fraction * (tip_x - heel_x)
    else:                                               # Dempster, ankle -> met. head
        met_head_x = sole_x + MET_HEAD * foot * toe_x
        foot_x = ankle_x + body.foot.com_m / foot * (met_head_x - ankle_x)
    coms_x = (body.thigh.com_m * thigh_x, knee_x + body.shank.com_m * shank_x, foot_x)
    masses = (body.thigh.mass_kg, body.shank.mass_kg, body.foot.mass_kg)
    return sum((-m * body.g * x for m, x in zip(masses, coms_x, strict=True)), np.zeros(()))


def gravity_torque(
    body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
) -> float | np.ndarray:
    """The working leg's gravity torque about the hip, N·m (positive = pushes the leg down).

    Sum over thigh, shank and foot of weight × horizontal distance of the
    segment's centre of mass behind the hip. Angles in degrees (see
    :func:`kickback_edu.pose.pose`); scalars or arrays.
    """
    return as_output(gravity_torque_from_pose(body, pose(body, lift_deg, knee_deg)))


def leg_potential_energy(
    body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
) -> float | np.ndarray:
    """Potential energy of the working leg relative to the hip's height, J."""
    _, segments = _segment_coms(body, lift_deg, knee_deg)
    return as_output(sum((m * body.g * com[..., 1] for m, com in segments), np.zeros(())))


def leg_inertia(body: Body, knee_deg: ArrayLike = 90.0) -> float | np.ndarray:
    """Moment of inertia of the whole working leg about the hip, kg·m².

    Each segment's own inertia about its centre of mass plus m·d² (parallel
    axis theorem); d depends on the knee angle, not on the lift. The foot is
    taken at the neutral 90° ankle: pointing it (as at the start of a
    bent-knee kick) moves its centre of mass by a few centimetres, which
    changes this inertia by about 1% (model simplification).
    """
    knee = check_knee(knee_deg)
    coms = leg_com_points(body, np.full(knee.shape, 90.0), knee)
    masses = (body.thigh.mass_kg, body.shank.mass_kg, body.foot.mass_kg)
    own = body.thigh.inertia_com_kgm2 + body.shank.inertia_com_kgm2 + body.foot.inertia_com_kgm2
    return as_output(own + sum(m * np.sum(com**2, axis=-1)
                               for m, com in zip(masses, coms, strict=True)))


@dataclass(frozen=True)
class TorqueBand:
    """The working leg's gravity torque (N·m) under each anthropometric table.

    ``low`` and ``high`` are the smallest and largest of ``by_table`` at every
    angle (same shape as the broadcast angles; floats for scalar input);
    ``by_table`` maps ``"dempster"`` and ``"de_leva"`` to the torque with that
    table. The spread is model uncertainty: two published tables scale the
    same learner differently.
    """

    low: float | np.ndarray
    high: float | np.ndarray
    by_table: dict[str, float | np.ndarray]


def gravity_torque_range(
    body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0
) -> TorqueBand:
    """Gravity torque of the working leg with every segment table, and its band.

    The learner's mass, height, sex and hip-extension limit are kept; only the
    segment table changes (Dempster via Winter 2009; de Leva 1996 for the
    body's sex). Angles as in :func:`gravity_torque` (degrees, scalars or
    arrays; bad angles raise ValueError). Returns a :class:`TorqueBand`.
    """
    if not isinstance(body, Body):
        raise ValueError(f"body must be a kickback_edu.Body; got {body!r}")
    by_table = {}
    for table in SEGMENT_TABLES:
        other = Body(body.mass_kg, body.height_m, body.sex, table, body.hip_extension_limit_deg)
        by_table[table] = gravity_torque(other, lift_deg, knee_deg)
    stacked = np.stack([np.asarray(v, float) for v in by_table.values()])
    return TorqueBand(
        low=as_output(stacked.min(axis=0)), high=as_output(stacked.max(axis=0)),
        by_table=by_table,
    )


def heaviest_lift_deg(
    body: Body, knee_deg: float = 90.0, lifts_deg: ArrayLike | None = None
) -> float:
    """The lift angle (deg) at which the leg's gravity torque is largest.

    Searched over ``lifts_deg`` (default: from the first lift a body can take
    with this knee, :func:`kickback_edu.outline.min_lift_deg`, to 90°, the
    recommended top, in 0.1° steps) for the given knee angle; the model's own
    answer to "where is the leg heaviest?" (about 70° with the knee at 90°,
    about 90° with a straight leg, for the default body).
    """
    if lifts_deg is None:
        from .outline import min_lift_deg  # outline builds on statics' neighbours

        first = float(min_lift_deg(body, float(check_knee(knee_deg))))
        lifts = np.arange(np.ceil(first * 10.0) / 10.0, 90.0 + 1e-9, 0.1)
    else:
        lifts = np.atleast_1d(np.asarray(lifts_deg, float))
    torque = np.atleast_1d(gravity_torque(body, lifts, knee_deg))
    return float(lifts[int(np.argmax(torque))])


__all__ = [
    "TorqueBand", "cross_z", "direction", "foot_com", "gravity_torque", "gravity_torque_from_coms",
    "gravity_torque_from_pose",
    "gravity_torque_range", "heaviest_lift_deg", "leg_inertia", "leg_potential_energy",
]
