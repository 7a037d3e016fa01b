"""Hip angle over the gait cycle, and how it compares with the kickback's range.

``hip_flexion_deg`` is the clinical hip angle: flexion positive, extension
(thigh behind the pelvis) negative. ``cycle_pct`` runs 0–100 % of one gait
cycle from foot contact of the same leg; the cycle repeats, so 100 % = 0 %.

The curves are **schematic**: a smooth curve (half-cosines between key
points, so each key point is an exact minimum or maximum) through the sourced
key points of ``data/gait_keypoints.csv``. Only those points are published
values; the shape between them is a model. In detail:

- walking, free speed: minimum −5.8° (extension) at 52 %, maximum 36.7° at
  90 % (Schwartz et al. 2008, typically developing children; derived);
- walking at other speeds: the per-speed minimum from the same study (+1.5°
  very slow, −2.4° slow, −8.0° fast, −7.3° very fast); its timing and the
  maximum are reused from free speed (model);
- stairs and running: **left out** — the course has found no published hip
  angles it can cite for them (see :data:`UNAVAILABLE_ACTIVITIES`).

Which muscles work when (``data/gait_keypoints.csv``, the standard textbook
description of gait, e.g. Perry & Burnfield 2010; labelled ``model
(unverified)``: the phase limits are not measured here):

- the gluteus maximus works from terminal swing through the loading
  response (about 85 % → 12 % of the cycle): it slows the swinging leg and
  then extends and steadies the hip as the body's weight lands on it, while
  the hip is still *flexed*;
- the push near the hip's most extended point (~52 %) comes mainly from the
  ankle plantar flexors (the calf) in late stance (about 40–60 %), not from
  the glutes, which are quiet then.

The kickback's range (design.md): hip flexion = 90° − ``lift_deg``; on all
fours the hip is flexed 90°, at the recommended top (thigh parallel to the
torso) it is at neutral (0°), and the hip itself can extend a further
``hip_extension_limit_deg`` before the low back takes over.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data import Column, DataError, cached_loader, data_dir, read_table
from .validation import ArrayLike, as_output, check_array, check_choice, check_number

GAIT_ACTIVITIES = ("walking",)
WALKING_SPEEDS = ("very slow", "slow", "free", "fast", "very fast")
UNAVAILABLE_ACTIVITIES = {
    "running": (
        "no published running hip angles that the course can cite were found, "
        "so the course leaves running out rather than invent a curve"
    ),
    "stair ascent": (
        "no published stair-climbing hip angles that the course can cite were found "
        "(an earlier version showed numbers without a source), so stairs are left out"
    ),
}
POINTS = ("hip_min", "hip_max", "extensor_phase_start", "extensor_phase_end",
          "push_off_start", "push_off_end")
HIP_LIMIT_RANGE_DEG = (0.0, 40.0)
SCHEMATIC_LABEL = (
    "schematic curve through key points (each point's source and confidence is in the data "
    "file; the shape between them is a model)"
)

GAIT_COLUMNS = (
    Column("activity", "choice", choices=GAIT_ACTIVITIES),
    Column("speed", required=False),
    Column("point", "choice", choices=POINTS),
    Column("cycle_pct", "number", 0.0, 100.0, unit="%"),
    Column("hip_flexion_deg", "number", -40.0, 130.0, unit="deg", required=False),
    Column("source"),
    Column("confidence"),
    Column("note"),
)


def _fail(problem: str, line: int | None = None, column: str | None = None) -> DataError:
    return DataError(data_dir() / "gait_keypoints.csv", problem, line, column)


def _check_keypoints(frame: pd.DataFrame) -> None:
    """Each curve needs one minimum below one maximum; each activity one phase pair."""
    for _, row in frame.iterrows():
        is_hip = row["point"] in ("hip_min", "hip_max")
        if is_hip and math.isnan(row["hip_flexion_deg"]):
            raise _fail("a hip_min or hip_max row needs a hip angle", row["_line"],
                        "hip_flexion_deg")
        if row["activity"] == "walking" and is_hip and row["speed"] not in WALKING_SPEEDS:
            raise _fail(f"{row['speed']!r} is not a walking speed; use one of: "
                        f"{', '.join(WALKING_SPEEDS)}", row["_line"], "speed")
    for (activity, speed, point), group in frame.groupby(["activity", "speed", "point"]):
        if len(group) > 1:
            raise _fail(f"{activity} {speed or ''} {point} appears {len(group)} times; "
                        "each must appear once", int(group["_line"].iloc[1]), "point")
    for key, group in frame[frame["point"].isin(["hip_min", "hip_max"])].groupby(
        ["activity", "speed"]
    ):
        pts = dict(zip(group["point"], group["hip_flexion_deg"], strict=True))
        if set(pts) != {"hip_min", "hip_max"} or pts["hip_min"] >= pts["hip_max"]:
            raise _fail(f"curve {key} needs one hip_min below one hip_max; found {pts}")
    for activity in GAIT_ACTIVITIES:
        have = set(frame.loc[frame["activity"] == activity, "point"])
        for phase in ("extensor_phase", "push_off"):
            if not {f"{phase}_start", f"{phase}_end"} <= have:
                raise _fail(f"{activity!r} needs a {phase}_start and a {phase}_end row")


@cached_loader
def load_gait_keypoints() -> pd.DataFrame:
    """The sourced (and model) key points of ``data/gait_keypoints.csv``.

    Call ``kickback_edu.data.clear_caches()`` after editing the file.
    """
    frame = read_table("gait_keypoints.csv", GAIT_COLUMNS).frame
    _check_keypoints(frame)
    return frame


def check_activity(activity: str) -> str:
    """Return ``activity`` if a curve exists; KeyError saying why otherwise."""
    if activity in UNAVAILABLE_ACTIVITIES:
        raise KeyError(
            f"activity {activity!r} is not available: {UNAVAILABLE_ACTIVITIES[activity]}; "
            f"available: {', '.join(map(repr, GAIT_ACTIVITIES))}"
        )
    return check_choice("activity", activity, GAIT_ACTIVITIES)


def _check_speed(activity: str, speed: str | None) -> str:
    """Walking speeds are named categories (Schwartz 2008)."""
    if activity == "walking":
        return check_choice("speed", "free" if speed is None else speed, WALKING_SPEEDS)
    if speed is not None:  # pragma: no cover - only walking is available today
        raise ValueError(
            f"speed applies to walking only; for {activity!r} pass None; got {speed!r}"
        )
    return ""


def _check_percent(value: ArrayLike) -> np.ndarray:
    return check_array("cycle_pct", value, 0.0, 100.0, "(% of the gait cycle)")


def gait_keypoints(activity: str, speed: str | None = None) -> pd.DataFrame:
    """The hip_min and hip_max rows (with source and confidence) behind one curve."""
    activity = check_activity(activity)
    speed = _check_speed(activity, speed)
    frame = load_gait_keypoints()
    rows = frame[(frame["activity"] == activity) & (frame["speed"] == speed)
                 & frame["point"].isin(["hip_min", "hip_max"])]
    return rows.drop(columns="_line").sort_values("cycle_pct").reset_index(drop=True)


def schematic_curve(points: list[tuple[float, float]], cycle_pct: np.ndarray) -> np.ndarray:
    """Periodic curve through ``(pct, value)`` key points, half-cosine between neighbours.

    Between two key points the curve moves monotonically with zero slope at
    both, so every key point is an exact local extremum. Period 100 %.
    """
    pts = sorted(points)
    xs = np.array([p[0] for p in pts])
    ys = np.array([p[1] for p in pts])
    xs = np.concatenate([[xs[-1] - 100.0], xs, [xs[0] + 100.0]])
    ys = np.concatenate([[ys[-1]], ys, [ys[0]]])
    x = np.mod(cycle_pct, 100.0)
    i = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, len(xs) - 2)
    t = (x - xs[i]) / (xs[i + 1] - xs[i])
    return ys[i] + (ys[i + 1] - ys[i]) * 0.5 * (1.0 - np.cos(np.pi * t))


def _phases(activity: str, phase: str) -> tuple[tuple[float, float], ...]:
    activity = check_activity(activity)
    frame = load_gait_keypoints()
    rows = frame[frame["activity"] == activity].set_index("point")["cycle_pct"]
    start, end = float(rows[f"{phase}_start"]), float(rows[f"{phase}_end"])
    if start <= end:
        return ((start, end),)
    return ((0.0, end), (start, 100.0))


def extensor_phases(activity: str) -> tuple[tuple[float, float], ...]:
    """Intervals (% cycle) in which the gluteus maximus works (textbook; model).

    Terminal swing through the loading response; a phase that wraps past
    100 % is split in two, e.g. 85–12 % becomes ``((0, 12), (85, 100))``.
    """
    return _phases(activity, "extensor_phase")


def push_off_phases(activity: str) -> tuple[tuple[float, float], ...]:
    """Intervals (% cycle) in which the calf (ankle plantar flexors) pushes off
    (textbook; model): late stance, around the hip's most extended point."""
    return _phases(activity, "push_off")


def _in_phases(cycle_pct: np.ndarray, phases: tuple[tuple[float, float], ...]) -> np.ndarray:
    inside = np.zeros(np.shape(cycle_pct), dtype=bool)
    for lo, hi in phases:
        inside |= (cycle_pct >= lo) & (cycle_pct <= hi)
    return inside


def hip_angle_at(
    activity: str, cycle_pct: ArrayLike, speed: str | None = None
) -> float | np.ndarray:
    """Hip flexion (deg, extension negative) at ``cycle_pct`` (0–100 %, scalar or array)."""
    pct = _check_percent(cycle_pct)
    keys = gait_keypoints(activity, speed)
    pts = list(zip(keys["cycle_pct"], keys["hip_flexion_deg"], strict=True))
    return as_output(schematic_curve(pts, pct))


def gait_hip_angle(
    activity: str, speed: str | None = None, cycle_pct: ArrayLike | None = None
) -> pd.DataFrame:
    """Hip angle over the gait cycle for ``activity`` (``"walking"``).

    ``speed`` (walking only): ``"very slow"``, ``"slow"``, ``"free"`` (default),
    ``"fast"`` or ``"very fast"`` (Schwartz 2008's categories). ``cycle_pct``:
    where to evaluate, default 0, 1, …, 100 %.

    Returns a DataFrame with ``cycle_pct``, ``hip_flexion_deg`` (extension
    negative), ``extensors_hardest`` (bool: the gluteus maximus's phase) and
    ``calf_push_off`` (bool: the calf's push-off phase). ``frame.attrs`` carries
    ``activity``, ``speed``, ``label`` (it is a schematic curve) and
    ``keypoints`` (the sourced rows). ``"running"`` and ``"stair ascent"``
    raise KeyError: no source.
    """
    activity = check_activity(activity)
    speed_name = _check_speed(activity, speed)
    pct = np.arange(101.0) if cycle_pct is None else np.atleast_1d(_check_percent(cycle_pct))
    angle = np.atleast_1d(hip_angle_at(activity, pct, speed))
    frame = pd.DataFrame({
        "cycle_pct": pct,
        "hip_flexion_deg": angle,
        "extensors_hardest": _in_phases(pct, extensor_phases(activity)),
        "calf_push_off": _in_phases(pct, push_off_phases(activity)),
    })
    frame.attrs.update(
        activity=activity, speed=speed_name, label=SCHEMATIC_LABEL,
        keypoints=gait_keypoints(activity, speed).to_dict("records"),
    )
    return frame


@dataclass(frozen=True)
class KickbackRange:
    """Hip angles (deg, flexion positive) the kickback moves through.

    ``start_deg`` on all fours (90°), ``top_deg`` at the recommended top
    (thigh parallel to the torso, 0° = neutral), ``limit_deg`` at the hip's
    own extension limit (−``hip_extension_limit_deg``), past which the low
    back arches instead.
    """

    start_deg: float
    top_deg: float
    limit_deg: float


def kickback_hip_range(hip_extension_limit_deg: float = 10.0) -> KickbackRange:
    """The kickback's hip range; ``hip_extension_limit_deg`` 0–40° (see body.py)."""
    limit = check_number("hip_extension_limit_deg", hip_extension_limit_deg,
                         *HIP_LIMIT_RANGE_DEG, unit="deg")
    # hip flexion = 90 − lift_deg: lift 0 → 90°, lift 90 → 0°, lift 90 + limit → −limit
    return KickbackRange(start_deg=90.0, top_deg=0.0, limit_deg=-limit)


@dataclass(frozen=True)
class GaitComparison:
    """What an activity needs from the hip, next to what the kickback trains (deg)."""

    activity: str
    speed: str
    hip_min_deg: float
    hip_max_deg: float
    range_deg: float
    extension_needed_deg: float
    kickback: KickbackRange
    within_recommended: bool
    within_limit: bool
    summary: str


def compare_with_kickback(
    activity: str, speed: str | None = None, hip_extension_limit_deg: float = 10.0
) -> GaitComparison:
    """Compare the hip range ``activity`` needs with the kickback's range.

    ``extension_needed_deg`` is how far past neutral the hip extends (0 if it
    never does). ``within_recommended``: the kickback to the recommended top
    (neutral) covers the activity's extension; ``within_limit``: lifting to
    the hip's own extension limit covers it.
    """
    keys = gait_keypoints(activity, speed)
    kick = kickback_hip_range(hip_extension_limit_deg)
    lo, hi = float(keys["hip_flexion_deg"].min()), float(keys["hip_flexion_deg"].max())
    ext = max(0.0, -lo)
    name = activity if activity != "walking" else f"walking ({_check_speed(activity, speed)})"
    if ext == 0.0:
        verdict = "never extends the hip past neutral, well inside the kickback's range"
    elif lo >= kick.limit_deg:
        verdict = (f"extends the hip {ext:.1f}° past neutral: beyond the kickback's recommended "
                   f"top, inside the hip's own {-kick.limit_deg:g}° extension limit")
    else:
        verdict = (f"extends the hip {ext:.1f}° past neutral: more than the {-kick.limit_deg:g}° "
                   "extension limit set for this body")
    summary = (f"{name.capitalize()} moves the hip from {hi:.1f}° flexion to {lo:.1f}° "
               f"(a {hi - lo:.1f}° range) and {verdict}. The kickback trains 90° flexion to "
               "neutral (0°).")
    notes = zip(keys["confidence"], keys["note"], strict=True)
    caveats = [str(n) for c, n in notes if "model" in c]
    if caveats:
        summary += " Not sourced (model): " + "; ".join(caveats) + "."
    return GaitComparison(
        activity=activity, speed=_check_speed(activity, speed), hip_min_deg=lo, hip_max_deg=hi,
        range_deg=hi - lo, extension_needed_deg=ext, kickback=kick,
        within_recommended=lo >= kick.top_deg, within_limit=lo >= kick.limit_deg,
        summary=summary,
    )


@dataclass(frozen=True)
class GaitInstant:
    """One moment of the cycle: the hip angle and a side view of the thigh.

    ``extensors_hardest``: inside the gluteus maximus's phase;
    ``calf_push_off``: inside the calf's push-off phase (both textbook; model).

    Side-view frame: origin at the hip, ``x`` forward, ``y`` up, metres; the
    pelvis is drawn level (in walking it tilts forward about 10.5–12.5°,
    Schwartz 2008, so the thigh's angle from vertical is that much smaller).
    """

    cycle_pct: float
    hip_flexion_deg: float
    extensors_hardest: bool
    hip_xy: np.ndarray
    knee_xy: np.ndarray
    calf_push_off: bool = False


def gait_instant(
    activity: str, cycle_pct: float, speed: str | None = None, thigh_length_m: float = 0.43
) -> GaitInstant:
    """Hip angle and thigh side view at ``cycle_pct`` (0–100 %); thigh length 0.1–1 m."""
    pct = float(_check_percent(check_number("cycle_pct", cycle_pct, 0.0, 100.0, unit="%")))
    length = check_number("thigh_length_m", thigh_length_m, 0.1, 1.0, unit="m")
    angle = float(hip_angle_at(activity, pct, speed))
    rad = math.radians(angle)
    return GaitInstant(
        cycle_pct=pct, hip_flexion_deg=angle,
        extensors_hardest=bool(_in_phases(np.array(pct), extensor_phases(activity))),
        hip_xy=np.zeros(2), knee_xy=np.array([length * math.sin(rad), -length * math.cos(rad)]),
        calf_push_off=bool(_in_phases(np.array(pct), push_off_phases(activity))),
    )
