"""Where every joint is: the body on all fours, seen from the side.

Sagittal frame (design.md): origin at the working hip joint, x toward the
head, y up, metres. The torso is horizontal, the hands are under the
shoulders and the supporting thigh is vertical, so the floor lies one thigh
length below the hip.

``lift_deg`` is the working thigh's angle from vertical: 0 = under the hip
(start on all fours), 90 = parallel to the torso (the recommended top).
``knee_deg`` is knee flexion: 0 = straight leg, 90 = the classic bent-knee
kick. The ankle is held at 90° (foot flexed, "heel to the ceiling").

The hip itself can extend only ``body.hip_extension_limit_deg`` past neutral;
a lift beyond ``90 + limit`` comes from the low back arching (the pelvis tilts
forward), reported as ``lumbar_extension_deg`` with a form warning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .body import Body
from .validation import ArrayLike, check_angles

LIFT_RANGE_DEG = (0.0, 130.0)
"""Lifts the model accepts, degrees of the working thigh from vertical (min, max)."""
KNEE_RANGE_DEG = (0.0, 140.0)
"""Knee flexion the model accepts, degrees (min, max; 0 = straight)."""
# Model assumptions about the foot (not measurements): the second metatarsal
# head sits 0.55 foot lengths ahead of the point under the ankle, the heel
# 0.25 behind it; the band crosses the sole 0.25 foot lengths ahead.
_MET_HEAD = 0.55
_HEEL = 0.25
_TOE = 0.75
_BAND_ON_SOLE = 0.25


def direction(angle_deg: np.ndarray) -> np.ndarray:
    """Unit vector at ``angle_deg`` clockwise from straight down, shape (..., 2).

    0 points down (-y), 90 points toward the feet (-x), 180 points up.
    """
    a = np.radians(angle_deg)
    return np.stack([-np.sin(a), -np.cos(a)], axis=-1)


def _ccw(v: np.ndarray) -> np.ndarray:
    """Rotate vectors (..., 2) by +90° (counter-clockwise)."""
    return np.stack([-v[..., 1], v[..., 0]], axis=-1)


@dataclass(frozen=True)
class Pose:
    """Joint coordinates (m, shape ``(*angles.shape, 2)``) and form measures.

    ``hip_extension_deg`` is the hip's clinical extension past neutral
    (negative = flexion); ``lumbar_extension_deg`` the extra lift made by the
    low back arching (0 with good form); ``form_ok`` is False where it is > 0.
    ``warnings`` lists plain-language form warnings for the whole input.
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


def check_lift(lift_deg: ArrayLike) -> np.ndarray:
    """Validate ``lift_deg`` (0–130°) and return it as an array."""
    return check_angles("lift_deg", lift_deg, *LIFT_RANGE_DEG)


def check_knee(knee_deg: ArrayLike) -> np.ndarray:
    """Validate ``knee_deg`` (0–140°) and return it as an array."""
    return check_angles("knee_deg", knee_deg, *KNEE_RANGE_DEG)


def lumbar_extension(body: Body, lift: np.ndarray) -> np.ndarray:
    """Degrees of low-back arching needed to reach ``lift`` (0 within the hip's range)."""
    return np.maximum(lift - 90.0 - body.hip_extension_limit_deg, 0.0)


def _fixed_points(body: Body, shape: tuple[int, ...], lumbar_deg: np.ndarray) -> dict:
    """Torso, arms, head and supporting leg; the low back sags as it arches."""
    thigh, shank = body.thigh.length_m, body.shank.length_m
    trunk = body.trunk_length_m

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
        "hands": point(trunk, -thigh),
        "head": point(trunk + 1.6 * body.head_radius_m, 0.4 * body.head_radius_m),
        "support_knee": point(0.0, -thigh),
        "support_ankle": point(-shank, -thigh),
        "support_toe": point(-shank - 0.5 * foot, -thigh),
    }


def pose(body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike = 90.0) -> Pose:
    """Joint coordinates for a lift angle and knee angle (scalars or arrays).

    ``lift_deg`` 0–130° and ``knee_deg`` 0–140° broadcast together; every
    point has shape ``(*broadcast_shape, 2)`` in metres.
    """
    lift, knee = np.broadcast_arrays(check_lift(lift_deg), check_knee(knee_deg))
    lift, knee = lift.astype(float), knee.astype(float)
    thigh_dir = direction(lift)
    shank_dir = direction(lift + knee)
    toe_dir = _ccw(shank_dir)
    knee_pt = body.thigh.length_m * thigh_dir
    ankle = knee_pt + body.shank.length_m * shank_dir
    sole = ankle + body.ankle_height_m * shank_dir
    foot = body.foot_length_m
    met_head = sole + _MET_HEAD * foot * toe_dir
    lumbar_deg = lumbar_extension(body, lift)
    hip_ext = np.minimum(lift - 90.0, body.hip_extension_limit_deg)
    warnings: list[str] = []
    if np.any(lumbar_deg > 0):
        warnings.append(
            f"The lift passes the hip's extension limit ({body.hip_extension_limit_deg:g}° "
            f"past parallel): the low back arches by up to {float(np.max(lumbar_deg)):.0f}° "
            "and tension shifts from the glutes to the lumbar spine."
        )
    return Pose(
        lift_deg=lift,
        knee_deg=knee,
        knee=knee_pt,
        ankle=ankle,
        heel=sole - _HEEL * foot * toe_dir,
        toe=sole + _TOE * foot * toe_dir,
        band_point=sole + _BAND_ON_SOLE * foot * toe_dir,
        thigh_com=body.thigh.com_m * thigh_dir,
        shank_com=knee_pt + body.shank.com_m * shank_dir,
        foot_com=ankle + body.foot.com_m / foot * (met_head - ankle),
        hip_extension_deg=hip_ext,
        lumbar_extension_deg=lumbar_deg,
        form_ok=lumbar_deg <= 0,
        warnings=tuple(warnings),
        **_fixed_points(body, lift.shape, lumbar_deg),
    )
