"""One repetition over time: the hip torque a controlled rep and a swing rep need.

Inverse dynamics of the working leg as one rigid body turning about a fixed
hip (the knee held at ``knee_deg``): required hip-extensor torque

    M = I · α + τ_gravity(θ) + τ_device(θ)

with I the leg's moment of inertia about the hip and α its angular
acceleration (rad/s²); positive M = the hip extensors work.

* ``style="controlled"``: a minimum-jerk lift in ``up`` seconds, a held
  squeeze, a minimum-jerk lowering in ``down`` seconds.
* ``style="swing"``: a short burst (``SWING_BURST_S``) that flings the leg
  with just enough speed to coast to the top with the hip muscles silent
  (M = 0), then the leg falls freely and is caught near the bottom (the
  burst again, in reverse time). Momentum does the work near the top.

"Under tension" is a **model choice**, not a physiological threshold: a
sample counts when the required torque is positive and at least
``TENSION_THRESHOLD`` (half) of what holding still at that angle needs. Time
under tension computed this way compares tempos within the model; it is not a
measure of training effect. Muscle growth was similar over repetition
durations of 0.5–8 s in a meta-analysis of 8 studies (Schoenfeld, Ogborn &
Krieger 2015), so a slower tempo is a matter of control and of making the
glutes (not momentum) do the work, not of extra growth. A swing rep, by
contrast, needs a short burst of large torque at the start (see
``hip_torque_Nm``) and then almost none near the top.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from .body import Body
from .equipment import Equipment
from .outline import min_lift_deg
from .pose import LIFT_RANGE_DEG, check_knee, pose
from .statics import gravity_torque_from_coms, gravity_torque_from_pose, leg_inertia
from .validation import check_angles, check_choice, check_number

STYLES = ("controlled", "swing")
DT_S = 0.01
SWING_BURST_S = 0.2        # model assumption: longest ballistic push and catch (shorter if needed)
SWING_BURST_FRACTION = 0.35  # model assumption: share of the range covered by the push
TENSION_THRESHOLD = 0.5    # model choice: "under tension" = M >= half the torque to hold still


def _min_jerk(s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Minimum-jerk position, velocity and acceleration shape on s in [0, 1]."""
    s2 = s * s
    return (s2 * s * (10 + s * (-15 + 6 * s)),
            s2 * (30 + s * (-60 + 30 * s)),
            s * (60 + s * (-180 + 120 * s)))


def _static_torque(body: Body, equipment: Sequence[Equipment], lift: np.ndarray,
                   knee: float) -> np.ndarray:
    """Torque (N·m) to hold the leg still at each lift: gravity plus each device. With
    gravity alone no pose is built: :func:`gravity_torque_from_coms` gives the numbers
    of the full pose from the centres of mass."""
    if not equipment:
        return gravity_torque_from_coms(body, lift, knee)
    p = pose(body, lift, knee)
    total = gravity_torque_from_pose(body, p)
    for device in equipment:
        total = total + device.torque_from_pose(body, p)
    return total


def _leg_inertia(body: Body, knee: float) -> float:
    """:func:`leg_inertia` at one knee angle, kept on the body (a Body does not change
    once built; a tempo step reuses it)."""
    store: dict[float, float] = body.__dict__.setdefault("_leg_inertia", {})
    inertia = store.get(knee)
    if inertia is None:
        if len(store) >= 64:  # a knee slider has far fewer settings; stay bounded anyway
            store.clear()
        inertia = store[knee] = float(leg_inertia(body, knee))
    return inertia


def _static_torque_by_phase(body: Body, equipment: Sequence[Equipment], lift: np.ndarray,
                            knee: float, phase: np.ndarray) -> np.ndarray:
    """:func:`_static_torque` of a controlled rep with equipment, each phase (and the
    last sample) posed on its own: the pose memo then serves the phases a tempo step
    leaves alone (the same numbers: every pose and torque is computed sample by sample)."""
    cuts = [0, *(np.flatnonzero(phase[1:] != phase[:-1]) + 1).tolist(), len(lift) - 1,
            len(lift)]
    return np.concatenate([_static_torque(body, equipment, lift[a:b], knee)
                           for a, b in pairwise(cuts) if b > a])


def _controlled(
    start: float, top: float, up: float, hold: float, down: float
) -> list[np.ndarray]:
    """Time, angle (deg), velocity (deg/s), acceleration (deg/s²) and phase labels
    (one after another: lift, squeeze if any, lower, then the last sample)."""
    parts = []
    for t0, dur, a, b, label in ((0.0, up, start, top, "lift"), (up, hold, top, top, "squeeze"),
                                 (up + hold, down, top, start, "lower")):
        if dur <= 0:
            continue
        n = max(int(round(dur / DT_S)), 2)
        t = np.linspace(0.0, dur, n, endpoint=False)
        pos, vel, acc = _min_jerk(t / dur)
        span = b - a
        parts.append((t0 + t, a + span * pos, span * vel / dur, span * acc / dur**2,
                      np.full(n, label)))
    t_end = up + hold + down
    parts.append((np.array([t_end]), np.array([start]), np.zeros(1), np.zeros(1),
                  np.array(["lower"])))
    return [np.concatenate(x) for x in zip(*parts, strict=True)]


def _burst_coefficients(T: float, distance: float, speed: float, accel: float) -> np.ndarray:
    """c3, c4, c5 of a quintic from rest reaching (distance, speed, accel) at time T."""
    return np.linalg.solve(
        np.array([[T**3, T**4, T**5], [3 * T**2, 4 * T**3, 5 * T**4],
                  [6 * T, 12 * T**2, 20 * T**3]]),
        np.array([distance, speed, accel]),
    )


def _swing_up(body: Body, equipment: Sequence[Equipment], start: float, top: float,
              knee: float, inertia: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Burst then ballistic coast from ``start`` to ``top``; arrays in deg, s."""
    grid = np.linspace(start, top, 801)
    tau = _static_torque(body, equipment, grid, knee)
    # Work the external torque does against the lift from each angle to the top (J).
    work_to_top = np.concatenate(
        [np.cumsum((tau[1:] + tau[:-1])[::-1] / 2 * np.radians(np.diff(grid)))[::-1], [0.0]]
    )
    b_index = int(round(SWING_BURST_FRACTION * (len(grid) - 1)))
    theta_b = grid[b_index]
    if np.any(work_to_top[b_index:] < -1e-9):
        raise ValueError(
            "a swing rep needs a load that resists the lift all the way to the top; "
            "with this equipment the leg would be pulled up: choose style='controlled'"
        )
    omega_b = np.degrees(np.sqrt(2 * max(work_to_top[b_index], 0.0) / inertia))  # deg/s
    # Coast: omega(theta) from energy; time from d(theta)/omega.
    omega = np.degrees(np.sqrt(np.maximum(2 * work_to_top[b_index:] / inertia, 0.0)))
    mean_omega = np.maximum((omega[1:] + omega[:-1]) / 2, 1e-6)
    t_coast = np.concatenate([[0.0], np.cumsum(np.diff(grid[b_index:]) / mean_omega)])
    # Burst: quintic from rest at start to (theta_b, omega_b, alpha_b) in SWING_BURST_S.
    alpha_b = -np.degrees(tau[b_index] / inertia)
    T = SWING_BURST_S
    coeffs = _burst_coefficients(T, theta_b - start, omega_b, alpha_b)
    while coeffs[0] < 0:  # the push would first pull the leg down: push harder, shorter
        T *= 0.9
        coeffs = _burst_coefficients(T, theta_b - start, omega_b, alpha_b)
    t_burst = np.arange(0.0, T, DT_S)
    pos = start + sum(c * t_burst ** (k + 3) for k, c in enumerate(coeffs))
    vel = sum((k + 3) * c * t_burst ** (k + 2) for k, c in enumerate(coeffs))
    acc = sum((k + 3) * (k + 2) * c * t_burst ** (k + 1) for k, c in enumerate(coeffs))
    t_c = np.arange(0.0, t_coast[-1], DT_S)
    th_c = np.interp(t_c, t_coast, grid[b_index:])
    om_c = np.interp(th_c, grid[b_index:], omega)
    al_c = -np.degrees(np.interp(th_c, grid, tau) / inertia)
    time = np.concatenate([t_burst, T + t_c])
    phase = np.concatenate([np.full(t_burst.size, "burst"), np.full(t_c.size, "coast up")])
    return time, np.concatenate([pos, th_c]), np.concatenate([vel, om_c]), \
        np.concatenate([acc, al_c]), phase


def repetition(
    body: Body,
    equipment: Equipment | Sequence[Equipment] | None = None,
    tempo_s: Sequence[float] = (2.0, 1.0, 2.0),
    top_lift_deg: float = 90.0,
    knee_deg: float = 90.0,
    style: str = "controlled",
    start_lift_deg: float | None = None,
) -> pd.DataFrame:
    """Sample one repetition every 10 ms.

    ``tempo_s`` = (up, squeeze, down) seconds for a controlled rep (each
    0–10 s, up and down > 0); a swing rep's timing follows from its physics.
    Returns columns ``time_s``, ``lift_deg``, ``velocity_deg_s``,
    ``acceleration_deg_s2``, ``hip_torque_Nm`` (required hip-extensor torque),
    ``static_torque_Nm`` (what holding still at that angle would need),
    ``phase`` and ``under_tension`` (M >= half the static torque, and > 0: a
    model definition, see the module docstring).

    ``start_lift_deg`` defaults to the first lift a body can take with this
    knee angle (:func:`kickback_edu.outline.min_lift_deg`): 0° for a bent
    knee, where the shin rests on the floor; later for a straight leg, which
    starts where the pointed foot clears the floor. A start below that is
    refused (ValueError naming the feasible range).
    """
    return pd.DataFrame(repetition_arrays(body, equipment, tempo_s, top_lift_deg, knee_deg,
                                          style, start_lift_deg))


def check_tempo(tempo_s: Sequence[float], name: str = "tempo_s") -> tuple[float, float, float]:
    """Return ``tempo_s`` as (up, squeeze, down) floats in seconds.

    Up and down 0.2–10 s, squeeze 0–10 s. Raises ValueError naming ``name``
    (and the phase, e.g. ``tempo_s[0] (up)``), the value and the range when
    it is not three numbers in those ranges (booleans are not numbers).
    """
    if isinstance(tempo_s, (str, bytes)) or not hasattr(tempo_s, "__len__") \
            or len(tempo_s) != 3:
        raise ValueError(f"{name} must be (up, squeeze, down) seconds; got {tempo_s!r}")
    return (check_number(f"{name}[0] (up)", tempo_s[0], 0.2, 10.0, unit="s"),
            check_number(f"{name}[1] (squeeze)", tempo_s[1], 0.0, 10.0, unit="s"),
            check_number(f"{name}[2] (down)", tempo_s[2], 0.2, 10.0, unit="s"))


def repetition_arrays(
    body: Body,
    equipment: Equipment | Sequence[Equipment] | None = None,
    tempo_s: Sequence[float] = (2.0, 1.0, 2.0),
    top_lift_deg: float = 90.0,
    knee_deg: float = 90.0,
    style: str = "controlled",
    start_lift_deg: float | None = None,
) -> dict[str, np.ndarray]:
    """The fast core of :func:`repetition`: the same columns as numpy arrays."""
    style = check_choice("style", style, STYLES)
    if equipment is None:
        devices: list[Equipment] = []
    elif isinstance(equipment, Equipment):
        devices = [equipment]
    else:
        devices = list(equipment)
    up, hold, down = check_tempo(tempo_s)
    top = float(check_angles("top_lift_deg", top_lift_deg, *LIFT_RANGE_DEG))
    knee = float(check_knee(knee_deg))
    first = float(min_lift_deg(body, knee))
    start = first if start_lift_deg is None else float(
        check_angles("start_lift_deg", start_lift_deg, *LIFT_RANGE_DEG))
    if start < first:
        pose(body, start, knee)  # raises the floor error, naming the feasible range
    if top - start < 10.0:
        raise ValueError(
            f"top_lift_deg must be at least 10° above start_lift_deg ({start:g}°); got {top:g}"
        )
    inertia = _leg_inertia(body, knee)
    if style == "controlled":
        t, th, om, al, phase = _controlled(start, top, up, hold, down)
        # With equipment, a step of one phase's time reuses the poses of the others.
        static = (_static_torque_by_phase(body, devices, th, knee, phase) if devices
                  else _static_torque(body, devices, th, knee))
    else:
        t1, th1, om1, al1, ph1 = _swing_up(body, devices, start, top, knee, inertia)
        t_top = t1[-1] + DT_S
        # The fall and catch mirror the push and coast in time (gravity is conservative).
        t = np.concatenate([t1, [t_top], t_top + DT_S + (t1[-1] - t1[::-1])])
        th = np.concatenate([th1, [top], th1[::-1]])
        om = np.concatenate([om1, [0.0], -om1[::-1]])
        al = np.concatenate([al1, [al1[-1]], al1[::-1]])
        fall = np.where(ph1[::-1] == "coast up", "fall", "catch")
        phase = np.concatenate([ph1, ["top"], fall])
        static = _static_torque(body, devices, th, knee)
    torque = inertia * np.radians(al) + static
    under = (torque > 0) & (torque >= TENSION_THRESHOLD * np.maximum(static, 0.0)) & (static > 0)
    return {
        "time_s": t, "lift_deg": th, "velocity_deg_s": om, "acceleration_deg_s2": al,
        "hip_torque_Nm": torque, "static_torque_Nm": static, "phase": phase,
        "under_tension": under,
    }


def time_under_tension(rep: pd.DataFrame | Mapping[str, np.ndarray]) -> float:
    """Seconds of a repetition (from :func:`repetition` or :func:`repetition_arrays`)
    spent under tension, by the model's definition (see the module docstring); a
    way to compare tempos in the model, not a predictor of muscle growth
    (Schoenfeld 2015: similar growth over 0.5–8 s repetitions)."""
    if "under_tension" not in rep or "time_s" not in rep or len(rep["time_s"]) < 2:
        raise ValueError("rep must be a DataFrame returned by repetition() or a dict returned "
                         "by repetition_arrays(), with at least two samples")
    time = np.asarray(rep["time_s"], dtype=float)
    dt = np.diff(time, append=time[-1])
    return float(np.sum(dt * np.asarray(rep["under_tension"], dtype=bool)))
