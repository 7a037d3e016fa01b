"""Where a cable runs: from the ankle cuff, under the learner, to the pulley.

A cable is a flexible line. It cannot pass through the body, and in a cable
kickback it starts under the learner (along the floor at the start position),
so it stays under the body as the leg rises: pulled taut, it takes the
shortest path from the cuff to the pulley that keeps the body on one side
(above it). That path is the convex chain that wraps, counter-clockwise in
the hip frame (x toward the head, y up), round the working leg's front
(shin, knee) and then the pelvis, trunk and head where they are in the way.

Outline used (:mod:`kickback_edu.outline`, radii are model assumptions):

* the cuff sits on the front of the ankle, where the shin's front outline
  (the tangent joining the ankle and knee circles) meets the ankle circle;
* the leg's obstacle is the knee circle: the shin's front is the straight
  tangent from the cuff to it, and the thigh lies inside the outline joining
  the knee circle to the pelvis circle (the pelvis circle is wider than the
  thigh at the hip), so a cable that clears both clears the thigh;
* the pelvis, trunk and head are circles (pelvis round the hip, chest round
  the shoulder, the head) sampled as polygons drawn just outside them;
* the supporting leg and the arms are beside the working leg's plane, and
  the foot hangs behind the cuff: the cable does not touch them.

The cable's pull on the leg: tension (the stack's weight, constant) along the
segment that leaves the leg, from the last contact on the leg (the cuff, or
the point where the cable leaves the knee) toward the next point of the path.
Because the whole body, and so the hip, lies on one side of every segment of
that path, the torque about the hip can never help the lift.

The path is found by gift wrapping (each next contact is the point the line
reaches first when turned counter-clockwise), vectorised over poses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .body import Body
from .outline import Memo, array_key, ccw, circle, cw, floor_y, geometry_key, head_centre, radii
from .pose import Pose

_SAMPLES = 24  # points per trunk / head circle (15°); drawn just outside the circle
_ARC = 12      # points drawn on the knee arc
_TIE = 1e-9    # rad: turns this close to zero count as straight on


@dataclass(frozen=True)
class CableRoute:
    """Contacts of the cable with the body for each pose, arrays (..., 2) in m.

    ``cuff``: where the cable is clipped (front of the ankle). ``leave``: the
    last point where the cable touches the leg (the cuff when it runs free).
    ``direction``: unit vector of the cable's pull on the leg at ``leave``.
    ``next_point``: the next point of the path (the pulley, or a contact with
    the pelvis, trunk or head). ``wraps_knee`` (bool, ...): the cable runs
    along the shin and round the front of the knee. ``knee_in``: where it
    first touches the knee circle (equal to ``leave`` when it does not wrap).
    """

    cuff: np.ndarray
    leave: np.ndarray
    direction: np.ndarray
    next_point: np.ndarray
    wraps_knee: np.ndarray
    knee_in: np.ndarray


def cuff(body: Body, p: Pose) -> tuple[np.ndarray, np.ndarray]:
    """(cuff point, outward normal) on the front of the ankle, arrays (..., 2)."""
    r = radii(body)
    s = (p.ankle - p.knee) / body.shank.length_m  # knee -> ankle
    sin_b = (r.knee_m - r.ankle_m) / body.shank.length_m
    normal = np.sqrt(1.0 - sin_b**2) * ccw(s) + sin_b * s
    return p.ankle + r.ankle_m * normal, normal


def trunk_points(body: Body, pulley: np.ndarray) -> np.ndarray:
    """The fixed obstacle points (M + 1, 2): the lower halves of the pelvis and chest
    circles (and the chest's front), the head's circle, drawn just outside, then
    the pulley (last)."""
    return np.concatenate([_body_points(body), np.asarray(pulley, float)[None, :]])


def _body_points(body: Body) -> np.ndarray:
    """:func:`trunk_points` without the pulley, (M, 2)."""
    r = radii(body)
    pelvis = circle(np.zeros(2), r.pelvis_m, _SAMPLES, circumscribed=True)
    shoulder = np.array([body.trunk_length_m, 0.0])
    chest = circle(shoulder, r.chest_m, _SAMPLES, circumscribed=True)
    head = circle(head_centre(body), r.head_m, _SAMPLES, circumscribed=True)
    # A cable under the body never touches the top of the pelvis or of the chest (a
    # pulley above the back is refused): only their lower halves (and the chest's
    # front) can be contacts, which saves work.
    pelvis = pelvis[pelvis[:, 1] <= 1e-12]
    chest = chest[(chest[:, 1] <= 1e-12) | (chest[:, 0] >= shoulder[0])]
    return np.concatenate([pelvis, chest, head])


def check_pulley(body: Body, pulley: np.ndarray) -> None:
    """Raise ValueError if the cable could not run under the learner to ``pulley``.

    The pulley must be ahead of the head, or low enough to sit under the
    trunk and head; a pulley inside or above the body would need the cable
    to pass through the learner or over the back.
    """
    r = radii(body)
    head = head_centre(body)
    front = float(head[0] + r.head_m)
    under = float(min(-max(r.pelvis_m, r.chest_m), head[1] - r.head_m))
    x, y = float(pulley[0]), float(pulley[1])
    if x >= front or y <= under:
        return
    floor = -(body.thigh.length_m + r.knee_m)
    raise ValueError(
        f"a pulley {x:.2f} m ahead of the hip and {y - floor:.2f} m above the floor sits inside "
        "or above the learner's trunk: the cable runs under the body, so use "
        f"pulley_distance_m >= {front:.2f} m (ahead of the head) or pulley_height_m <= "
        f"{under - floor:.2f} m (under the trunk) for this body"
    )


def _angle(v: np.ndarray) -> npt.NDArray[np.float64]:
    angle: npt.NDArray[np.float64] = np.arctan2(v[..., 1], v[..., 0])
    return angle


def _turn(angle: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Counter-clockwise turn (rad) from ``ref`` to ``angle`` in [-_TIE, 2π - _TIE)."""
    turn: npt.NDArray[np.float64] = np.mod(angle - ref + _TIE, 2 * np.pi) - _TIE
    return turn


def route(body: Body, p: Pose, pulley: np.ndarray) -> CableRoute:
    """The cable's contacts with the body for every pose in ``p`` (see :class:`CableRoute`).

    Raises ValueError (from :func:`check_pulley`) for a pulley inside or above
    the learner. Results are memoised by body geometry, angles and pulley (a load
    change reuses them); their arrays are read-only.
    """
    pulley = np.asarray(pulley, dtype=float)
    check_pulley(body, pulley)
    key = (geometry_key(body), array_key(p.lift_deg, p.knee_deg, pulley))
    return _ROUTES.get(key, lambda: _route(body, p, pulley))


_ROUTES = Memo(32)


_BODY_COLUMNS = Memo(16)


def _columns(pts: np.ndarray, knee: np.ndarray, rk: float, c: np.ndarray, ref: np.ndarray,
             t_knee_angle: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For points ``pts`` (M, 2) and every pose, arrays (..., M): the turn from the cuff's
    normal to each point; the angle of the tangent from the knee circle to it (circle on
    the left); the turn to that tangent from the cuff's tangent to the knee circle."""
    turn_pts = _turn(_angle(pts - c[..., None, :]), ref[..., None])
    d_q = pts - knee[..., None, :]
    dist_q = np.linalg.norm(d_q, axis=-1)
    t_q_angle = _angle(d_q) + np.arcsin(np.clip(rk / dist_q, 0.0, 1.0))
    cols = (turn_pts, t_q_angle, _turn(t_q_angle, t_knee_angle[..., None]))
    for col in cols:
        col.flags.writeable = False
    return cols


def _route(body: Body, p: Pose, pulley: np.ndarray) -> CableRoute:
    rk = radii(body).knee_m
    c, n_c = cuff(body, p)
    pts = trunk_points(body, pulley)                      # (M, 2)
    ref = _angle(n_c)
    # First contact from the cuff: the knee circle's tangent or a trunk point / the pulley.
    to_knee = p.knee - c
    dist = np.linalg.norm(to_knee, axis=-1)
    t_knee_angle = _angle(to_knee) - np.arcsin(np.clip(rk / dist, 0.0, 1.0))
    turn_knee = _turn(t_knee_angle, ref)
    # The body's points do not move with the pulley: their columns are kept per pose
    # (a pulley step computes only the pulley's column; the same numbers either way).
    body_cols = _BODY_COLUMNS.get(
        (geometry_key(body), array_key(p.lift_deg, p.knee_deg)),
        lambda: _columns(_body_points(body), p.knee, rk, c, ref, t_knee_angle))
    pulley_cols = _columns(pulley[None, :], p.knee, rk, c, ref, t_knee_angle)
    turn_pts, t_q_angle, turn_q = (np.concatenate([b, q], axis=-1)
                                   for b, q in zip(body_cols, pulley_cols, strict=True))
    j_free = np.argmin(turn_pts, axis=-1)
    wraps = turn_knee < np.take_along_axis(turn_pts, j_free[..., None], -1)[..., 0]
    j_knee = np.argmin(turn_q, axis=-1)
    u_knee_angle = np.take_along_axis(t_q_angle, j_knee[..., None], -1)[..., 0]
    u_knee = np.stack([np.cos(u_knee_angle), np.sin(u_knee_angle)], axis=-1)
    t_knee = np.stack([np.cos(t_knee_angle), np.sin(t_knee_angle)], axis=-1)
    leave_knee = p.knee + rk * cw(u_knee)
    free_next = pts[j_free]
    u_free = free_next - c
    u_free = u_free / np.linalg.norm(u_free, axis=-1, keepdims=True)
    w = wraps[..., None]
    out = CableRoute(
        cuff=c,
        leave=np.where(w, leave_knee, c),
        direction=np.where(w, u_knee, u_free),
        next_point=np.where(w, pts[j_knee], free_next),
        wraps_knee=np.asarray(wraps),
        knee_in=np.where(w, p.knee + rk * cw(t_knee), c),
    )
    for value in vars(out).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return out


def path(body: Body, p: Pose, pulley: np.ndarray, r: CableRoute | None = None) -> np.ndarray:
    """The cable's drawn path for every pose, (..., n, 2) in m: cuff, the arc round
    the knee (repeated points when it does not wrap), then the contacts with the
    trunk and head, to the pulley (repeated at the end to a common length)."""
    pulley = np.asarray(pulley, dtype=float)
    r = route(body, p, pulley) if r is None else r
    rk = radii(body).knee_m
    a_in = _angle(r.knee_in - p.knee)
    a_out = _angle(r.leave - p.knee)
    sweep = np.where(r.wraps_knee, np.mod(a_out - a_in, 2 * np.pi), 0.0)
    # Drawn just outside the circle: the corners where tangents at _ARC - 1 equal steps
    # meet, so no straight piece of the drawn cable cuts into the knee.
    step = sweep / (_ARC - 1)
    a = a_in[..., None] + step[..., None] * (np.arange(_ARC - 1) + 0.5)
    corner = rk / np.cos(step / 2)[..., None]
    arc = p.knee[..., None, :] + corner[..., None] * np.stack([np.cos(a), np.sin(a)], axis=-1)
    # A knee resting on the floor: those corners would dip a hair (< 0.1 mm) below it,
    # where the cable lies on the floor under the knee.
    arc[..., 1] = np.maximum(arc[..., 1], floor_y(body))
    arc = np.where(r.wraps_knee[..., None, None], arc, r.cuff[..., None, :])
    pts = trunk_points(body, pulley)
    last = len(pts) - 1
    shape = r.leave.shape[:-1]
    v = r.next_point.reshape(-1, 2)
    d = r.direction.reshape(-1, 2)
    index = np.argmin(np.linalg.norm(pts[None] - v[:, None], axis=-1), axis=-1)
    chain = [v.copy()]
    for _ in range(len(pts)):
        if np.all(index == last):
            break
        rel = pts[None] - v[:, None]
        dist = np.linalg.norm(rel, axis=-1)
        turn = _turn(_angle(rel), _angle(d)[:, None])
        key = np.where(np.abs(turn) <= _TIE, -dist, turn)
        key = np.where(dist < 1e-12, np.inf, key)
        nxt = np.argmin(key, axis=-1)
        nxt = np.where(index == last, last, nxt)
        new_v = pts[nxt]
        step = new_v - v
        length = np.linalg.norm(step, axis=-1, keepdims=True)
        d = np.where(length > 1e-12, step / np.maximum(length, 1e-300), d)
        v, index = new_v, nxt
        chain.append(v.copy())
    trunk_chain = np.stack(chain, axis=1).reshape(*shape, len(chain), 2)
    return np.concatenate([r.cuff[..., None, :], r.knee_in[..., None, :], arc,
                           r.leave[..., None, :], trunk_chain], axis=-2)


__all__ = ["CableRoute", "check_pulley", "cuff", "path", "route", "trunk_points"]
