"""Resistance curves: the torque each device asks of the hip across the lift."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .body import Body
from .equipment import Equipment
from .pose import LIFT_RANGE_DEG, check_knee, pose
from .statics import gravity_torque_from_pose
from .strength import strength_capacity
from .validation import ArrayLike

DEFAULT_LIFT_DEG = np.linspace(*LIFT_RANGE_DEG, 131)
CURVE_COLUMNS = (
    "equipment", "key", "lift_deg", "knee_deg", "device_torque_Nm", "gravity_torque_Nm",
    "total_torque_Nm", "capacity_Nm", "strength_share",
)


def _as_list(equipment: Equipment | Iterable[Equipment]) -> list[Equipment]:
    items = [equipment] if isinstance(equipment, Equipment) else list(equipment)
    if not items:
        raise ValueError("equipment must name at least one device; got an empty list")
    for item in items:
        if not isinstance(item, Equipment):
            raise ValueError(
                "equipment must be Bodyweight(), Band(...), Cable(...) or GluteMachine(...) "
                f"objects; got {item!r}"
            )
    return items


def curve_arrays(
    body: Body,
    equipment: Equipment | Iterable[Equipment],
    lift_deg: ArrayLike = DEFAULT_LIFT_DEG,
    knee_deg: float = 90.0,
) -> dict[str, dict[str, np.ndarray]]:
    """The fast core of :func:`resistance_curves`: per device name, a dict of arrays
    (``device``, ``gravity``, ``total``, ``capacity``, ``share``; N·m and fractions)."""
    devices = _as_list(equipment)
    check_knee(knee_deg)
    if np.ndim(knee_deg) != 0:
        raise ValueError(f"knee_deg must be a single angle for a curve; got {knee_deg!r}")
    p = pose(body, lift_deg, knee_deg)
    gravity = gravity_torque_from_pose(body, p)
    capacity = np.asarray(strength_capacity(body, p.lift_deg))
    out: dict[str, dict[str, np.ndarray]] = {}
    for device in devices:
        torque = device.torque_from_pose(body, p)
        total = torque + gravity
        out[device.name] = {
            "device": torque, "gravity": gravity, "total": total,
            "capacity": capacity, "share": total / capacity,
        }
    return out


def resistance_curves(
    body: Body,
    equipment: Equipment | Iterable[Equipment],
    lift_deg: ArrayLike = DEFAULT_LIFT_DEG,
    knee_deg: float = 90.0,
) -> pd.DataFrame:
    """A tidy table of torque vs lift angle for each device (plus the leg's weight).

    Columns: ``equipment`` (name), ``key``, ``lift_deg``, ``knee_deg``,
    ``device_torque_Nm``, ``gravity_torque_Nm``, ``total_torque_Nm`` (what the
    hip extensors must hold, positive = pushes the leg down), ``capacity_Nm``
    (the learner's isometric hip-extension strength at that angle, Anderson
    et al. 2007) and ``strength_share`` (total / capacity).
    """
    devices = _as_list(equipment)
    arrays = curve_arrays(body, devices, lift_deg, knee_deg)
    lift = np.atleast_1d(np.asarray(lift_deg, dtype=float))
    frames = []
    for device in devices:
        a = arrays[device.name]
        frames.append(pd.DataFrame({
            "equipment": device.name, "key": device.key, "lift_deg": lift,
            "knee_deg": float(knee_deg),
            "device_torque_Nm": np.atleast_1d(a["device"]),
            "gravity_torque_Nm": np.atleast_1d(a["gravity"]),
            "total_torque_Nm": np.atleast_1d(a["total"]),
            "capacity_Nm": np.atleast_1d(a["capacity"]),
            "strength_share": np.atleast_1d(a["share"]),
        }))
    return pd.concat(frames, ignore_index=True)
