"""Resistance curves: the torque each device asks of the hip across the lift.

Only poses a body can take are computed: with a straight (or partly bent)
knee the leg would go through the floor at low lifts, so a curve starts at
the first feasible lift (:func:`kickback_edu.outline.min_lift_deg`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .body import Body
from .equipment import Cable, Equipment
from .outline import min_lift_deg
from .pose import LIFT_RANGE_DEG, check_knee, check_lift, pose
from .statics import cross_z, gravity_torque_from_pose
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
    below_floor: str = "raise",
) -> dict[str, dict[str, np.ndarray]]:
    """The fast core of :func:`resistance_curves`: per device name, a dict of arrays
    (``device``, ``gravity``, ``total``, ``capacity``, ``share``; N·m and fractions;
    plus ``wraps`` (bool) for a cable: where it runs round the knee).

    ``below_floor="raise"`` (default) refuses lifts a body cannot take with this
    knee (ValueError naming the feasible range); ``"nan"`` keeps the array's
    shape and puts NaN there (a widget's fixed grid; the caller must say why).
    """
    devices = _as_list(equipment)
    check_knee(knee_deg)
    if np.ndim(knee_deg) != 0:
        raise ValueError(f"knee_deg must be a single angle for a curve; got {knee_deg!r}")
    if below_floor not in ("raise", "nan"):
        raise ValueError(f"below_floor must be 'raise' or 'nan'; got {below_floor!r}")
    lift = check_lift(lift_deg)
    # Every lift from the first feasible one up is feasible (tests check it), so the
    # memoised first lift decides.
    ok = (lift >= float(min_lift_deg(body, knee_deg)) if below_floor == "nan"
          else np.ones(lift.shape, bool))
    if np.all(ok):
        return _curve_core(body, devices, lift, float(knee_deg))
    out = {}
    inner = _curve_core(body, devices, lift[ok], float(knee_deg)) if np.any(ok) else None
    for device in devices:
        arrays = {}
        for key in ("device", "gravity", "total", "capacity", "share", "wraps"):
            if inner is None or key not in inner[device.name]:
                if key == "wraps" and device.key != "cable":
                    continue
                full = np.full(lift.shape, False if key == "wraps" else np.nan)
            else:
                src = inner[device.name][key]
                full = np.full(lift.shape, False if key == "wraps" else np.nan,
                               dtype=src.dtype)
                full[ok] = src
            arrays[key] = full
        out[device.name] = arrays
    return out


def _curve_core(body: Body, devices: list[Equipment], lift: np.ndarray, knee_deg: float
                ) -> dict[str, dict[str, np.ndarray]]:
    p = pose(body, lift, knee_deg)
    gravity = gravity_torque_from_pose(body, p)
    capacity = np.asarray(strength_capacity(body, p.lift_deg))
    out: dict[str, dict[str, np.ndarray]] = {}
    for device in devices:
        extra: dict[str, np.ndarray] = {}
        if isinstance(device, Cable):  # the route also tells whether the cable wraps the knee
            r = device.route_from_pose(body, p)
            torque = cross_z(r.leave, device.load_kg * body.g * r.direction)
            extra["wraps"] = r.wraps_knee
        else:
            torque = device.torque_from_pose(body, p)
        total = torque + gravity
        out[device.name] = {
            "device": torque, "gravity": gravity, "total": total,
            "capacity": capacity, "share": total / capacity, **extra,
        }
    return out


def feasible_lifts(body: Body, knee_deg: float, step_deg: float = 1.0) -> np.ndarray:
    """Lift angles (°) every ``step_deg`` from the first lift a body can take with
    this knee (rounded up to the step) to 130°."""
    first = float(min_lift_deg(body, knee_deg))
    start = np.ceil(first / step_deg - 1e-9) * step_deg
    return np.arange(start, LIFT_RANGE_DEG[1] + 1e-9, step_deg)


def resistance_curves(
    body: Body,
    equipment: Equipment | Iterable[Equipment],
    lift_deg: ArrayLike | None = None,
    knee_deg: float = 90.0,
) -> pd.DataFrame:
    """A tidy table of torque vs lift angle for each device (plus the leg's weight).

    ``lift_deg`` defaults to every whole degree a body can take with this
    knee: 0–130° for a bent knee, from the first feasible lift
    (:func:`kickback_edu.outline.min_lift_deg`, rounded up) for a straighter
    one. Lifts given explicitly below that are refused (ValueError).

    Columns: ``equipment`` (name), ``key``, ``lift_deg``, ``knee_deg``,
    ``device_torque_Nm``, ``gravity_torque_Nm``, ``total_torque_Nm`` (what the
    hip extensors must hold, positive = pushes the leg down), ``capacity_Nm``
    (the learner's isometric hip-extension strength at that angle, Anderson
    et al. 2007) and ``strength_share`` (total / capacity).
    """
    devices = _as_list(equipment)
    if lift_deg is None:
        check_knee(knee_deg)
        if np.ndim(knee_deg) != 0:
            raise ValueError(f"knee_deg must be a single angle for a curve; got {knee_deg!r}")
        lift_deg = feasible_lifts(body, float(knee_deg))
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
