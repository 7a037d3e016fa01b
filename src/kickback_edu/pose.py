"""Where every joint is: the body on all fours, seen from the side.

Sagittal frame (design.md): origin at the working hip joint, x toward the
head, y up, metres. The torso is horizontal, the hands are under the
shoulders and the supporting thigh is vertical; the body has thickness, so
the floor lies one thigh length plus one knee radius below the hip
(:mod:`kickback_edu.outline`).

``lift_deg`` is the working thigh's angle from vertical: 0 = under the hip
(start on all fours), 90 = parallel to the torso (the recommended top).
``knee_deg`` is knee flexion: 0 = straight leg, 90 = the classic bent-knee
kick. The ankle takes the least plantar flexion that keeps the foot on or
above the floor: relaxed and pointed, its top on the floor, at the start of a
bent-knee kick; back at 90° ("heel to the ceiling") once the foot is clear.
A pose that would put the working leg through the floor (a straight leg at a
low lift) is refused with a ValueError giving the feasible range
(:func:`kickback_edu.outline.min_lift_deg`).

The hip itself can extend only ``body.hip_extension_limit_deg`` past neutral;
a lift beyond ``90 + limit`` comes from the low back arching (the pelvis tilts
forward), reported as ``lumbar_extension_deg`` with a form warning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .body import Body
from .outline import (
    BAND_ON_SOLE,
    HEEL,
    MET_HEAD,
    TOE,
    Memo,
    array_key,
    direction,
    floor_error,
    floor_y,
    foot_frame,
    geometry_key,
    least_plantarflexion,
    radii,
)
from .validation import ArrayLike, check_angles

LIFT_RANGE_DEG = (0.0, 130.0)
"""Lifts the model accepts, degrees of the working thigh from vertical (min, max)."""
KNEE_RANGE_DEG = (0.0, 140.0)
"""Knee flexion the model accepts, degrees (min, max; 0 = straight)."""




@dataclass(frozen=True)
class Pose:
    """Joint coordinates (m, shape ``(*angles.shape, 2)``) and form measures.

    ``hip_extension_deg`` is the hip's clinical extension past neutral
    (negative = flexion); ``lumbar_extension_deg`` the extra lift made by the
    low back arching (0 with good form); ``form_ok`` is False where it is > 0.
    ``warnings`` lists plain-language form warnings for the whole input.
    ``ankle_plantarflexion_deg`` is how far the working foot points past the
    neutral 90° ankle (0 once the foot clears the floor).
    """

    lift_deg: np.ndarray
    knee_deg: np.ndarray
    hip: np.ndarray
    knee: np.ndarray
    ankle: np.ndarray
    heel: np.ndarray
    toe: np.ndarray
    band_point: np.ndarray
    thigh_com: np.ndarray
    shank_com: np.ndarray
    foot_com: np.ndarray
    lumbar: np.ndarray
    shoulder: np.ndarray
    hands: np.ndarray
    head: np.ndarray
    support_knee: np.ndarray
    support_ankle: np.ndarray
    support_toe: np.ndarray
    hip_extension_deg: np.ndarray
    lumbar_extension_deg: np.ndarray
    form_ok: np.ndarray
    warnings: tuple[str, ...]
    ankle_plantarflexion_deg: np.ndarray


def check_lift(lift_deg: ArrayLike) -> np.ndarray:
    """Validate ``lift_deg`` (0–130°) and return it as an array."""
    return check_angles("lift_deg", lift_deg, *LIFT_RANGE_DEG)


def check_knee(knee_deg: ArrayLike) -> np.ndarray:
    """Validate ``knee_deg`` (0–140°) and return it as an array."""
    return check_angles("knee_deg", knee_deg, *KNEE_RANGE_DEG)


def lumbar_extension(body: Body, lift: np.ndarray) -> np.ndarray:
    """Degrees of low-back arching needed to reach ``lift`` (0 within the hip's range)."""
    return np.maximum(lift - 90.0 - body.hip_extension_limit_deg, 0.0)


def _fixed_points(
    body: Body, shape: tuple[int, ...], lumbar_deg: np.ndarray
) -> dict[str, np.ndarray]:
    """Torso, arms, head and supporting leg; the low back sags as it arches."""
    thigh, shank = body.thigh.length_m, body.shank.length_m
    trunk = body.trunk_length_m
    floor = floor_y(body)

    def point(x: float, y: float | np.ndarray) -> np.ndarray:
        out = np.empty((*shape, 2))
        out[..., 0] = x
        out[..., 1] = y
        return out

    sag = 0.35 * trunk * np.sin(np.radians(lumbar_deg))  # drawing: low back dips when arched
    foot = body.foot_length_m
    return {
        "hip": point(0.0, 0.0),
        "lumbar": point(0.3 * trunk, -sag),
        "shoulder": point(trunk, 0.0),
        "hands": point(trunk, floor),
        "head": point(trunk + 1.6 * body.head_radius_m, 0.4 * body.head_radius_m),
        "support_knee": point(0.0, -thigh),
        "support_ankle": point(-shank, floor + radii(body).ankle_m),
        "support_toe": point(-shank - 0.7 * foot, floor),
    }


def leg_com_points(body: Body, lift_deg: np.ndarray, knee_deg: np.ndarray,
                   plantarflexion_rad: np.ndarray | float = 0.0) -> tuple[np.ndarray, ...]:
    """Centres of mass (thigh, shank, foot; each (..., 2), m) for given angles and
    ankle plantar flexion, with no floor check (for quantities that do not depend
    on the lift, such as the leg's inertia about the hip)."""
    thigh_dir = direction(lift_deg)
    shank_dir = direction(lift_deg + knee_deg)
    knee_pt = body.thigh.length_m * thigh_dir
    ankle = knee_pt + body.shank.length_m * shank_dir
    pf = np.broadcast_to(np.asarray(plantarflexion_rad, float), ankle.shape[:-1])
    toe_dir, to_sole = foot_frame(shank_dir, pf)
    met_head = ankle + body.ankle_height_m * to_sole + MET_HEAD * body.foot_length_m * toe_dir
    return (body.thigh.com_m * thigh_dir, knee_pt + body.shank.com_m * shank_dir,
            ankle + body.foot.com_m / body.foot_length_m * (met_head - ankle))


def pose(body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0) -> Pose:
    """Joint coordinates for a lift angle and knee angle (scalars or arrays).

    ``lift_deg`` 0–130° and ``knee_deg`` 0–140° broadcast together; every
    point has shape ``(*broadcast_shape, 2)`` in metres. Raises ValueError
    naming ``lift_deg``, ``knee_deg`` and the feasible lift range when a pose
    would put the working leg through the floor.
    """
    lift, knee = np.broadcast_arrays(check_lift(lift_deg), check_knee(knee_deg))
    lift, knee = lift.astype(float), knee.astype(float)
    # Poses depend on the body's geometry only (not its mass): a slider that changes the
    # mass or a load reuses them. Their arrays are read-only.
    return _POSES.get((geometry_key(body), array_key(lift, knee)),
                      lambda: _pose(body, lift, knee))


_POSES = Memo(48)


def _pose(body: Body, lift: np.ndarray, knee: np.ndarray) -> Pose:
    thigh_dir = direction(lift)
    shank_dir = direction(lift + knee)
    knee_pt = body.thigh.length_m * thigh_dir
    ankle = knee_pt + body.shank.length_m * shank_dir
    plantarflexion, feasible = least_plantarflexion(body, ankle, shank_dir)
    if not np.all(feasible):
        raise floor_error(body, lift, knee, feasible)
    toe_dir, to_sole = foot_frame(shank_dir, plantarflexion)
    sole = ankle + body.ankle_height_m * to_sole
    foot = body.foot_length_m
    met_head = sole + MET_HEAD * foot * toe_dir
    lumbar_deg = lumbar_extension(body, lift)
    hip_ext = np.minimum(lift - 90.0, body.hip_extension_limit_deg)
    warnings: list[str] = []
    if np.any(lumbar_deg > 0):
        warnings.append(
            f"The lift passes the hip's extension limit ({body.hip_extension_limit_deg:g}° "
            f"past parallel): the low back arches by up to {float(np.max(lumbar_deg)):.0f}° "
            "and tension shifts from the glutes to the lumbar spine."
        )
    fields = dict(
        lift_deg=lift,
        knee_deg=knee,
        knee=knee_pt,
        ankle=ankle,
        heel=sole - HEEL * foot * toe_dir,
        toe=sole + TOE * foot * toe_dir,
        band_point=sole + BAND_ON_SOLE * foot * toe_dir,
        thigh_com=body.thigh.com_m * thigh_dir,
        shank_com=knee_pt + body.shank.com_m * shank_dir,
        foot_com=ankle + body.foot.com_m / foot * (met_head - ankle),
        hip_extension_deg=hip_ext,
        lumbar_extension_deg=lumbar_deg,
        form_ok=lumbar_deg <= 0,
        warnings=tuple(warnings),
        ankle_plantarflexion_deg=np.degrees(plantarflexion),
        **_fixed_points(body, lift.shape, lumbar_deg),
    )
    for value in fields.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return Pose(**fields)
