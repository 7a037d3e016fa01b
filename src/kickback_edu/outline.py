"""The body has volume and kneels on a floor: its outline, the foot's contact
with the floor, and which poses a body can take.

Sagittal frame of :mod:`kickback_edu.pose` (origin at the working hip joint,
x toward the head, y up, metres). The supporting thigh is vertical, so the
supporting knee's joint centre is one thigh length below the hip; the knee
has thickness, so the floor lies one knee radius lower still:
``floor_y = -(thigh length + knee radius)``.

Thickness is a model assumption (the course's reference file has no
segment-thickness data): each radius is a fraction of height from
``data/parameters.csv`` (``knee_radius``, ``ankle_radius``,
``thigh_radius``, ``pelvis_radius``, ``chest_radius``). Seen from the side:

* working thigh: the outline joining a circle of ``thigh_radius`` round the
  hip and one of ``knee_radius`` round the knee (a tapered capsule);
* working shank: the capsule from the knee circle to a circle of
  ``ankle_radius`` round the ankle;
* foot: the convex outline of the heel, the toe tip and the ankle circle
  (heel and toe on the sole, ``ankle_height`` below the ankle);
* pelvis and trunk: the capsule from a circle of ``pelvis_radius`` round the
  hip to one of ``chest_radius`` round the shoulder, plus the head's circle;
* supporting leg: its knee circle rests on the floor and its shank lies on
  it (it is beside the working leg, not in its plane).

The foot: at the start a learner's working foot is relaxed, pointed, its top
on the floor; as the leg rises the ankle returns to 90° ("heel to the
ceiling"). The model takes the least plantar flexion (from the neutral 90°
ankle) that keeps the foot's outline on or above the floor, up to
``max_plantarflexion_deg`` (model assumption, 60°). A pose in which no such
ankle angle exists, or the ankle itself would be below the floor, cannot be
taken by a body: :func:`kickback_edu.pose.pose` refuses it, and
:func:`min_lift_deg` gives the first lift a body can take for a knee angle.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import numpy.typing as npt

from .body import Body
from .data import parameter
from .validation import ArrayLike, as_output, check_angles

if TYPE_CHECKING:
    from .pose import Pose

T = TypeVar("T")


def geometry_key(body: Body) -> tuple[float, ...]:
    """Every number of ``body`` that its poses depend on (not its mass): a cache key
    (kept on the body after the first call: a Body does not change once built)."""
    key: tuple[float, ...] | None = body.__dict__.get("_geometry_key")
    if key is None:
        key = body.__dict__["_geometry_key"] = _geometry_key(body)
    return key


def _geometry_key(body: Body) -> tuple[float, ...]:
    return (body.height_m, body.thigh.length_m, body.shank.length_m, body.foot.length_m,
            body.thigh.com_m, body.shank.com_m, body.foot.com_m, body.ankle_height_m,
            body.trunk_length_m, body.head_radius_m, body.hip_extension_limit_deg,
            parameter("knee_radius"), parameter("ankle_radius"), parameter("thigh_radius"),
            parameter("pelvis_radius"), parameter("chest_radius"),
            parameter("max_plantarflexion_deg"))


def shape_key(body: Body) -> tuple[float, ...]:
    """:func:`geometry_key` with every length divided by the height: bodies of one
    shape (same table, any height) share it, and so do height-free results such as
    the first feasible lift (all lengths and radii scale with height)."""
    key: tuple[float, ...] | None = body.__dict__.get("_shape_key")
    if key is None:
        g = geometry_key(body)
        key = body.__dict__["_shape_key"] = (*(round(v / g[0], 12) for v in g[1:10]),
                                             *g[10:])
    return key


class Memo:
    """A small least-recently-used memo of pure geometry results (a slider that
    changes only the body's mass or a load reuses them). Results must not be
    modified by callers (arrays are returned read-only)."""

    def __init__(self, size: int = 48) -> None:
        self.size = size
        self._store: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The stored value for ``key``, else ``compute()`` stored (oldest dropped)."""
        if key in self._store:
            self._store.move_to_end(key)
            return self._store[key]  # type: ignore[return-value]
        value = compute()
        self._store[key] = value
        if len(self._store) > self.size:
            self._store.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every stored value."""
        self._store.clear()


def array_key(*arrays: np.ndarray) -> tuple[tuple[tuple[int, ...], str, bytes], ...]:
    """A hashable key for numeric arrays (shape and bytes)."""
    return tuple((a.shape, a.dtype.str, a.tobytes()) for a in map(np.asarray, arrays))


_MIN_LIFT = Memo(64)
_MIN_LIFT_TABLE = Memo(16)  # shape key -> min lift (°) at every _KNEE_TABLE knee

#: Tolerance (m) for "on the floor": a point this far below it still counts as on it.
FLOOR_TOLERANCE_M = 1e-9
# Foot geometry along the sole, in foot lengths from the point under the ankle
# (model assumptions, as in kickback_edu.pose).
HEEL = 0.25
TOE = 0.75
MET_HEAD = 0.55
BAND_ON_SOLE = 0.25
_LIFT = (0.0, 130.0)
_KNEE = (0.0, 140.0)
_KNEE_STEP = 5.0  # the widgets' knee slider step (°)
_KNEE_TABLE = np.arange(_KNEE[0], _KNEE[1] + 0.5, _KNEE_STEP)  # every knee slider value


def direction(angle_deg: np.ndarray) -> np.ndarray:
    """Unit vector at ``angle_deg`` clockwise from straight down, shape (..., 2).

    0 points down (-y), 90 points toward the feet (-x), 180 points up.
    """
    a = np.radians(angle_deg)
    return np.stack([-np.sin(a), -np.cos(a)], axis=-1)


def ccw(v: np.ndarray) -> np.ndarray:
    """Rotate vectors (..., 2) by +90° (counter-clockwise)."""
    return np.stack([-v[..., 1], v[..., 0]], axis=-1)


def cw(v: np.ndarray) -> np.ndarray:
    """Rotate vectors (..., 2) by -90° (clockwise)."""
    return np.stack([v[..., 1], -v[..., 0]], axis=-1)


@dataclass(frozen=True)
class Radii:
    """Radii (m) of the body's outline seen from the side (model assumptions)."""

    knee_m: float
    ankle_m: float
    thigh_m: float
    pelvis_m: float
    chest_m: float
    head_m: float


def radii(body: Body) -> Radii:
    """The outline radii of ``body`` (m): fractions of height from ``parameters.csv``
    (kept on the body after the first call)."""
    r = body.__dict__.get("_outline_radii")
    if r is None:
        r = body.__dict__["_outline_radii"] = _radii(body)
    return r


def _radii(body: Body) -> Radii:
    h = body.height_m
    return Radii(
        knee_m=parameter("knee_radius") * h,
        ankle_m=parameter("ankle_radius") * h,
        thigh_m=parameter("thigh_radius") * h,
        pelvis_m=parameter("pelvis_radius") * h,
        chest_m=parameter("chest_radius") * h,
        head_m=body.head_radius_m,
    )


def floor_y(body: Body) -> float:
    """Height of the floor in the hip frame (m, negative): below the supporting
    knee's joint centre by the knee radius."""
    return -(body.thigh.length_m + radii(body).knee_m)


def max_plantarflexion_deg() -> float:
    """The most the relaxed working foot points, degrees past the neutral 90° ankle."""
    return parameter("max_plantarflexion_deg")


def foot_frame(shank_dir: np.ndarray, plantarflexion_rad: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """(toe direction, ankle-to-sole direction), unit vectors (..., 2).

    At 0 plantar flexion the foot is at 90° to the shank (toes along the
    shank's front, the sole one ankle height further along the shank);
    plantar flexion turns both toward the shank's own direction (pointing).
    """
    u = ccw(shank_dir)
    if not np.any(plantarflexion_rad):
        return u, shank_dir
    c, s = np.cos(plantarflexion_rad)[..., None], np.sin(plantarflexion_rad)[..., None]
    return c * u + s * shank_dir, c * shank_dir - s * u


def least_plantarflexion(body: Body, ankle: np.ndarray, shank_dir: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray]:
    """(plantar flexion in radians, feasible) for ankles at ``ankle`` (..., 2).

    The least plantar flexion in [0, max] that keeps the heel and the toe tip
    (the lowest points of the foot's outline besides the ankle circle) on or
    above the floor; ``feasible`` is False (and the angle NaN) where none
    exists or the ankle circle itself would be below the floor.

    Each condition ``y_point(φ) >= floor`` has the form A·cos φ + B·sin φ >= c,
    true on an arc of φ; the least feasible φ is 0 or an end of one of the
    arcs, so the candidates are checked directly (no iteration).
    """
    return least_plantarflexion_y(body, ankle[..., 1], shank_dir[..., 1], shank_dir[..., 0])


def least_plantarflexion_y(body: Body, ankle_y: np.ndarray, sy: np.ndarray, uy: np.ndarray
                           ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`least_plantarflexion` from the components it needs (arrays of one shape):
    the ankle's height ``ankle_y`` (m), the shank direction's y ``sy`` and the neutral
    foot's toe direction's y ``uy`` (which is the shank direction's x: the toe
    direction is the shank's turned by +90°). The same numbers: it is that function's
    core, also used by the centres-of-mass path of the gravity torque."""
    h, f = body.ankle_height_m, body.foot_length_m
    a, b = TOE * f, HEEL * f
    floor = floor_y(body)
    c = floor - ankle_y
    ankle_ok = ankle_y - radii(body).ankle_m >= floor - FLOOR_TOLERANCE_M
    # Fast path: the neutral foot already clears the floor (most poses).
    neutral = ((h * sy + a * uy >= c - FLOOR_TOLERANCE_M)
               & (h * sy - b * uy >= c - FLOOR_TOLERANCE_M))
    out = np.zeros(c.shape)
    need = ~neutral & ankle_ok
    if np.any(need):
        out[need] = _least_pointed(sy[need], uy[need], c[need], h, a, b)
    if not np.any(need):
        return (out if np.all(ankle_ok) else np.where(ankle_ok, out, np.nan)), ankle_ok
    feasible = ankle_ok & (neutral | np.isfinite(out))
    return np.where(feasible, out, np.nan), feasible


def _least_pointed(sy: np.ndarray, uy: np.ndarray, c: np.ndarray, h: float, a: float,
                   b: float) -> np.ndarray:
    """The least plantar flexion (rad) meeting the toe and heel conditions (inf if none).

    Usually the toe tip decides: the start of its arc is tried first, and the full
    check (:func:`_least_pointed_full`) runs only where that fails the heel.
    """
    pf_max = np.radians(max_plantarflexion_deg())
    big_a, big_b = h * sy + a * uy, a * sy - h * uy                 # toe tip
    alpha = np.arccos(np.clip(c / np.maximum(np.hypot(big_a, big_b), 1e-300), -1.0, 1.0))
    start = np.mod(np.arctan2(big_b, big_a) - alpha + 1e-12, 2 * np.pi) - 1e-12
    phi = np.where(big_a >= c - FLOOR_TOLERANCE_M, 0.0, np.maximum(start, 0.0))
    cos, sin = np.cos(phi), np.sin(phi)
    ok = ((big_a * cos + big_b * sin >= c - FLOOR_TOLERANCE_M)
          & ((h * sy - b * uy) * cos + (-b * sy - h * uy) * sin >= c - FLOOR_TOLERANCE_M)
          & (phi <= pf_max + 1e-12))
    out = np.where(ok, np.minimum(phi, pf_max), np.inf)
    if not np.all(ok):
        out[~ok] = _least_pointed_full(sy[~ok], uy[~ok], c[~ok], h, a, b)
    return out


def _least_pointed_full(sy: np.ndarray, uy: np.ndarray, c: np.ndarray, h: float, a: float,
                        b: float) -> np.ndarray:
    """The least plantar flexion (rad) meeting the toe and heel conditions (inf if none).

    Rows of the (2, n) arrays: toe tip, heel; each condition reads
    A·cos φ + B·sin φ >= c (A, B: the point's offset from the ankle along the
    shank and the toe direction, projected on the vertical).
    """
    pf_max = np.radians(max_plantarflexion_deg())
    big_a = np.stack([h * sy + a * uy, h * sy - b * uy])
    big_b = np.stack([a * sy - h * uy, -b * sy - h * uy])
    delta = np.arctan2(big_b, big_a)
    alpha = np.arccos(np.clip(c / np.maximum(np.hypot(big_a, big_b), 1e-300), -1.0, 1.0))
    phi = np.concatenate([np.zeros((1, *c.shape)), delta - alpha, delta + alpha])  # (5, n)
    phi = np.mod(phi, 2 * np.pi)
    phi[phi > 2 * np.pi - 1e-12] = 0.0
    value = big_a[:, None] * np.cos(phi) + big_b[:, None] * np.sin(phi)   # (2, 5, n)
    ok = np.all(value >= c - FLOOR_TOLERANCE_M, axis=0) & (phi <= pf_max + 1e-12)
    least: npt.NDArray[np.float64] = np.min(np.where(ok, np.minimum(phi, pf_max), np.inf), axis=0)
    return least


def _leg_joints(
    body: Body, lift: np.ndarray, knee: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    thigh_dir = direction(lift)
    shank_dir = direction(lift + knee)
    knee_pt = body.thigh.length_m * thigh_dir
    return thigh_dir, shank_dir, knee_pt, knee_pt + body.shank.length_m * shank_dir


def on_floor(body: Body, lift_deg: ArrayLike, knee_deg: ArrayLike) -> np.ndarray:
    """True where a body can take the pose: no point of the working leg's outline
    below the floor (with the ankle's least plantar flexion). Broadcast shape."""
    lift = check_angles("lift_deg", lift_deg, *_LIFT)
    knee = check_angles("knee_deg", knee_deg, *_KNEE)
    return _feasible(body, *np.broadcast_arrays(lift, knee))


def _feasible(body: Body, lift: np.ndarray, knee: np.ndarray) -> np.ndarray:
    _, shank_dir, _, ankle = _leg_joints(body, lift, knee)
    return least_plantarflexion(body, ankle, shank_dir)[1]


def min_lift_deg(body: Body, knee_deg: ArrayLike) -> float | np.ndarray:
    """The first lift angle (°) a body can take with the knee at ``knee_deg``.

    Below it the working leg's outline would pass through the floor (a
    straight-leg kickback starts where the pointed foot clears the floor);
    every lift from it to 130° is possible (checked on a 1° grid, then the
    edge refined to 2.5e-5°). 0 for a bent knee whose shin lies on
    the floor at the start. Scalar or array ``knee_deg`` (0–140°).
    """
    knee = check_angles("knee_deg", knee_deg, *_KNEE)
    key = shape_key(body)
    if knee.ndim == 0 and float(knee) % _KNEE_STEP == 0:
        # A knee slider value: one vectorised call per body shape finds them all (the
        # same numbers as one knee at a time: tests check it).
        table = _MIN_LIFT_TABLE.get(key, lambda: _knee_table(body))
        if table is not None:
            return float(table[int(float(knee) // _KNEE_STEP)])
    out = _MIN_LIFT.get((key, array_key(knee)), lambda: _min_lift(body, knee))
    return as_output(out.copy())


def _knee_table(body: Body) -> np.ndarray | None:
    """``_min_lift`` at every knee of ``_KNEE_TABLE``, or None if one of them has no
    feasible lift (then each knee is computed, and refused, on its own)."""
    try:
        return _min_lift(body, _KNEE_TABLE)
    except ValueError:
        return None


def _min_lift(body: Body, knee: np.ndarray) -> np.ndarray:
    if np.all(_feasible(body, np.zeros(knee.shape), knee)):
        # The start position itself is possible, and raising the leg only lifts it
        # further from the floor (tests check this over a grid of bodies and angles).
        return np.zeros(knee.shape)
    grid = np.arange(_LIFT[0], _LIFT[1] + 0.5, 1.0)
    ok = _feasible(body, *np.broadcast_arrays(grid[:, None], knee.reshape(-1)[None, :]))
    if not np.all(ok[-1]):
        raise ValueError(f"knee_deg={float(knee.reshape(-1)[~ok[-1]][0]):g}: no lift up to "
                         "130° keeps the leg above the floor")
    # Index of the first grid lift from which every lift is feasible.
    bad_from_top = np.argmax(~ok[::-1], axis=0)
    all_ok = np.all(ok, axis=0)
    first = np.where(all_ok, 0, len(grid) - bad_from_top)
    hi = grid[first]
    lo = np.where(all_ok, hi, grid[np.maximum(first - 1, 0)])
    knees = knee.reshape(-1)
    steps = np.linspace(0.0, 1.0, 201)[:, None]
    for _ in range(2):  # two 200-step refinements of the 1° bracket: 2.5e-5°
        if np.all(hi == lo):
            break
        fine = lo + (hi - lo) * steps
        good = _feasible(body, *np.broadcast_arrays(fine, knees[None, :]))
        good[-1] = True
        i = np.argmax(good, axis=0)
        cols = np.arange(len(knees))
        hi, lo = fine[i, cols], fine[np.maximum(i - 1, 0), cols]
    return hi.reshape(knee.shape)


def floor_error(body: Body, lift: np.ndarray, knee: np.ndarray, feasible: np.ndarray
                ) -> ValueError:
    """The ValueError for the first pose in ``lift``/``knee`` that ``feasible`` refuses."""
    i = np.unravel_index(np.argmin(feasible), feasible.shape)
    lift_i, knee_i = float(lift[i]), float(knee[i])
    first = float(min_lift_deg(body, knee_i))
    return ValueError(
        f"lift_deg={lift_i:g} with knee_deg={knee_i:g} would put the working leg through "
        f"the floor (even with the foot pointed {max_plantarflexion_deg():g}°); with "
        f"knee_deg={knee_i:g} a body can take lift_deg from {np.ceil(first * 100) / 100:.2f} "
        f"to {_LIFT[1]:g} degrees"
    )


# -- outline polygons (drawing and tests) ----------------------------------------------
def circle(center: np.ndarray, r: float | np.ndarray, n: int = 36,
           circumscribed: bool = False) -> np.ndarray:
    """Points (..., n, 2) of a circle round ``center`` (..., 2), counter-clockwise;
    ``circumscribed`` pushes them out so the polygon contains the circle."""
    angle = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    scale = 1.0 / np.cos(np.pi / n) if circumscribed else 1.0
    ring = np.stack([np.cos(angle), np.sin(angle)], axis=-1) * scale
    return center[..., None, :] + np.asarray(r)[..., None, None] * ring


def capsule(c1: np.ndarray, r1: float, c2: np.ndarray, r2: float, n: int = 14) -> np.ndarray:
    """Closed convex outline (..., 2n, 2) joining a circle (c1, r1) to a circle (c2, r2)
    by their common tangents (a tapered capsule), clockwise."""
    axis = c2 - c1
    length = np.linalg.norm(axis, axis=-1)
    theta_p = np.arctan2(axis[..., 0], -axis[..., 1])  # angle of ccw(axis)
    gamma = np.arcsin(np.clip((r1 - r2) / length, -1.0, 1.0))
    t = np.linspace(0.0, 1.0, n)
    a2 = (theta_p - gamma)[..., None] - t * (np.pi - 2 * gamma)[..., None]
    a1 = (theta_p - np.pi + gamma)[..., None] - t * (np.pi + 2 * gamma)[..., None]
    arc2 = c2[..., None, :] + r2 * np.stack([np.cos(a2), np.sin(a2)], axis=-1)
    arc1 = c1[..., None, :] + r1 * np.stack([np.cos(a1), np.sin(a1)], axis=-1)
    return np.concatenate([arc2, arc1], axis=-2)


def foot_outline(body: Body, p: Pose, n: int = 13) -> np.ndarray:
    """Closed outline (..., n + 2, 2) of the working foot: the sole from heel to toe
    tip, then round the ankle circle's far side (the top of the foot and the
    heel's back). Its lowest points are the heel, the toe tip or the ankle circle."""
    r = radii(body).ankle_m
    toe_dir = (p.toe - p.heel) / np.linalg.norm(p.toe - p.heel, axis=-1, keepdims=True)
    start = np.arctan2(toe_dir[..., 1], toe_dir[..., 0])
    a = start[..., None] + np.linspace(0.0, np.pi, n)
    arc = p.ankle[..., None, :] + r * np.stack([np.cos(a), np.sin(a)], axis=-1)
    return np.concatenate([p.heel[..., None, :], p.toe[..., None, :], arc], axis=-2)


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Convex hull (k, 2) of points (n, 2), counter-clockwise (Andrew's monotone chain)."""
    pts = np.unique(np.round(points, 12), axis=0)
    if len(pts) < 3:
        return pts

    def half(seq: np.ndarray) -> list[np.ndarray]:
        out: list[np.ndarray] = []
        for q in seq:
            while len(out) >= 2:
                o, a = out[-2], out[-1]
                if (a[0] - o[0]) * (q[1] - o[1]) - (a[1] - o[1]) * (q[0] - o[0]) > 1e-15:
                    break
                out.pop()
            out.append(q)
        return out

    lower, upper = half(pts), half(pts[::-1])
    return np.array(lower[:-1] + upper[:-1])


def leg_outline(body: Body, p: Pose) -> dict[str, np.ndarray]:
    """Closed outlines (``(*p.lift_deg.shape, m, 2)``, m) of the working ``thigh``,
    ``shank`` and ``foot``. The thigh's depends on the hip and knee points and radii
    alone, not on the knee angle: it is kept (read-only), so a widget's knee step that
    keeps the lifts reuses it."""
    r = radii(body)
    return {
        "thigh": _THIGHS.get((r.thigh_m, r.knee_m, array_key(p.hip, p.knee)),
                             lambda: _read_only(capsule(p.hip, r.thigh_m, p.knee, r.knee_m, 10))),
        "shank": capsule(p.knee, r.knee_m, p.ankle, r.ankle_m, 10),
        "foot": foot_outline(body, p),
    }


_THIGHS = Memo(16)


def _read_only(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def support_outline(body: Body) -> np.ndarray:
    """Closed outline (m, 2) of the supporting thigh and shank (knee on the floor,
    shin along it); beside the working leg, drawn for orientation."""
    r = radii(body)
    hip, knee = np.zeros(2), np.array([0.0, -body.thigh.length_m])
    ankle = np.array([-body.shank.length_m, floor_y(body) + r.ankle_m])
    return np.concatenate([capsule(hip, r.thigh_m, knee, r.knee_m),
                           np.full((1, 2), np.nan), capsule(knee, r.knee_m, ankle, r.ankle_m)])


def trunk_outline(body: Body) -> dict[str, np.ndarray]:
    """Closed outlines (m, 2) of the ``trunk`` (pelvis to chest) and the ``head``;
    they do not move with the leg (the drawn low back dips inside the outline when
    it arches)."""
    r = radii(body)
    hip = np.zeros(2)
    shoulder = np.array([body.trunk_length_m, 0.0])
    return {
        "trunk": capsule(hip, r.pelvis_m, shoulder, r.chest_m, 18),
        "head": circle(head_centre(body), r.head_m, 36),
    }


def head_centre(body: Body) -> np.ndarray:
    """The head's centre in the hip frame (m), a drawing choice."""
    return np.array([body.trunk_length_m + 1.6 * body.head_radius_m, 0.4 * body.head_radius_m])


__all__ = [
    "FLOOR_TOLERANCE_M",
    "Memo",
    "Radii",
    "array_key",
    "capsule",
    "ccw",
    "circle",
    "convex_hull",
    "cw",
    "direction",
    "floor_error",
    "floor_y",
    "foot_frame",
    "foot_outline",
    "geometry_key",
    "head_centre",
    "least_plantarflexion",
    "least_plantarflexion_y",
    "leg_outline",
    "max_plantarflexion_deg",
    "min_lift_deg",
    "on_floor",
    "radii",
    "support_outline",
    "trunk_outline",
]
