"""Gravity on the working leg: torque about the hip, potential energy, inertia.

Sign convention (design.md): a positive torque pushes the leg down, i.e. it is
the hip-extensor torque the learner must produce to hold the pose. For a point
force F at r (from the hip) the torque is the z-component of r × F.
"""

from __future__ import annotations

import numpy as np

from .body import Body
from .pose import Pose, check_knee, direction, leg_com_points, pose
from .validation import ArrayLike, as_output


def cross_z(r: np.ndarray, f: np.ndarray) -> np.ndarray:
    """z-component of r × F for arrays of 2-D vectors (..., 2)."""
    return r[..., 0] * f[..., 1] - r[..., 1] * f[..., 0]


def _segment_coms(body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike):
    p = pose(body, lift_deg, knee_deg)
    return p, _coms(body, p)


def _coms(body: Body, p: Pose) -> tuple[tuple[float, np.ndarray], ...]:
    return (
        (body.thigh.mass_kg, p.thigh_com),
        (body.shank.mass_kg, p.shank_com),
        (body.foot.mass_kg, p.foot_com),
    )


def gravity_torque_from_pose(body: Body, p: Pose) -> np.ndarray:
    """Gravity torque (N·m) of the working leg for an already computed pose."""
    return sum(-m * body.g * com[..., 0] for m, com in _coms(body, p))


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
    return as_output(sum(m * body.g * com[..., 1] for m, com in segments))


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


__all__ = [
    "cross_z", "direction", "gravity_torque", "gravity_torque_from_pose", "leg_inertia",
    "leg_potential_energy",
]
