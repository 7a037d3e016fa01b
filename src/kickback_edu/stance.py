"""Single-leg stance in the frontal plane: why the glutes hold the pelvis level.

A moment balance about the stance hip of the kind textbooks draw after
Pauwels and Inman. Standing on one leg, everything above the stance hip —
head, arms, trunk and the lifted swing leg, i.e. body mass minus the stance
leg — hangs on the swing side of the hip and tends to drop the pelvis there.
The abductors *of the stance side* (gluteus medius and minimus of the leg you
stand on) hold it level, pulling at a much shorter moment arm, so they must
pull more than the weight they balance; the hip joint carries the weight plus
that pull. With this module's assumed geometry (below) plain one-leg
standing needs an abductor pull of about 1.5 × body weight and gives a hip
joint force of about 2.3 × body weight for any body size (both scale with
height and weight).

Frontal frame: origin at the stance hip-joint centre, ``x`` toward the swing
leg (toward the body's midline), ``y`` up, metres. Angles in degrees at the
API edge. A positive moment tends to drop the pelvis on the swing side.

Model assumptions (``data/stance.csv``; every row labelled ``model`` is an
assumption of this course, not a measurement):

- the hip-joint centres are ``hip_joint_separation`` × height apart; the
  head-arms-trunk centre of mass sits on the midline between them, the swing
  leg's centre of mass straight under the swing hip. Then the weight above
  the stance hip acts at exactly half the hip separation (with any segment
  table: ``(m − 2·leg)·d + leg·2d = m·d``);
- the abductors pull at ``abductor_moment_arm`` × height from the hip, along a
  line ``abductor_line_angle_deg`` from vertical;
- a load in one hand hangs ``hand_lateral_offset`` × height from the trunk's
  midline, from the shoulder, so a trunk lean carries it sideways too;
- leaning the trunk by ``trunk_lean_deg`` (positive = over the stance hip)
  moves the head-arms-trunk centre of mass sideways by
  ``hat_com_height · sin(lean)``.

Weak abductors (``abductor_strength`` < what the posture needs) — a model of
the textbook mechanism, not a measurement: the pelvis drops on the swing side
(a Trendelenburg sign) until the stretched tissues on the outside of the hip
(``passive_adduction_stiffness`` per radian) make up the missing moment; past
``max_pelvic_drop_deg`` the trunk leans over the stance hip (compensated
Trendelenburg) until the moment balances, up to ``max_trunk_lean_deg``. The
stance knee is drawn drifting inward with the drop (``knee_inward_coupling``).
Evidence is more mixed than the model: weakening the abductors with a nerve
block did not change pelvic drop in walking (Pohl 2015), and in a small trial
(n = 29) neither five weeks of isolated abductor strengthening nor a
motor-control programme changed the knee moving inward significantly (Palmer
2015) — people compensate in many ways, and strength alone does not set the
pattern.

Comparison, not validation (:func:`stance_comparison`): the geometry is
assumed, and the abductor moment arm was first chosen so that the result
lands near the in-vivo value, so their closeness proves nothing. Shown side
by side: the model's moment balance (assumed geometry); the classic
Pauwels-type textbook lever model, whose abductor force of about 2–3 × body
weight sits beside the model's abductor value, and the hip joint force of
roughly 2.5–3 × body weight that textbooks derive from the same lever ratio
(both typical textbook values, unverified; the two quoted ranges do not fit
each other exactly, a sign of how loose they are); and the hip forces
measured with instrumented implants (Bergmann et al. 2001: 2.38 × body weight in walking
at about 4 km/h, slightly less in one-leg standing; patients with hip
replacements, not young athletes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .body import Body
from .data import Column, DataError, cached_loader, data_dir, read_table
from .validation import check_choice, check_number

LOAD_SIDES = ("opposite", "same")
LOAD_RANGE_KG = (0.0, 40.0)
TRUNK_LEAN_RANGE_DEG = (-20.0, 30.0)
STRENGTH_RANGE = (0.0, 2.0)

STANCE_COLUMNS = (
    Column("name"),
    Column("value", "number", -1000.0, 1000.0),
    Column("unit"),
    Column("source"),
    Column("confidence"),
    Column("note"),
)
_REQUIRED = (
    "hip_joint_separation", "abductor_moment_arm", "abductor_line_angle_deg", "hat_com_height",
    "shoulder_height_above_hip", "hand_lateral_offset", "passive_adduction_stiffness",
    "max_pelvic_drop_deg", "max_trunk_lean_deg", "knee_inward_coupling", "invivo_walking_bw",
)

EVIDENCE_NOTE = (
    "Model, not measurement: the geometry is assumed, so the closeness of its hip force to "
    "the in-vivo value is not evidence. In people, weakening the abductors with a nerve block "
    "did not change pelvic drop in walking (Pohl 2015), and in a small trial (29 people) "
    "neither 5 weeks of abductor strengthening nor motor-control training changed the knee "
    "moving inward significantly (Palmer 2015). Strength alone does not set the pattern."
)


@cached_loader
def load_stance_parameters() -> dict[str, float]:
    """Model constants and in-vivo comparison values of ``data/stance.csv``, name -> value.

    Call ``kickback_edu.data.clear_caches()`` after editing the file.
    """
    frame = read_table("stance.csv", STANCE_COLUMNS, key="name").frame
    params = dict(zip(frame["name"], frame["value"], strict=True))
    missing = [n for n in _REQUIRED if n not in params]
    if missing:
        raise DataError(data_dir() / "stance.csv", f"missing row(s) {', '.join(missing)}")
    return params


@dataclass(frozen=True)
class StanceGeometry:
    """Frontal-plane lengths (m), masses (kg) and model constants for one body."""

    half_hip_separation_m: float
    abductor_moment_arm_m: float
    abductor_line_angle_deg: float
    hat_com_height_m: float
    shoulder_height_m: float
    hand_offset_m: float
    passive_stiffness_Nm_per_rad: float
    max_pelvic_drop_deg: float
    max_trunk_lean_deg: float
    knee_inward_coupling: float
    hat_mass_kg: float
    leg_mass_kg: float


def stance_geometry(body: Body) -> StanceGeometry:
    """Scale the model constants of ``data/stance.csv`` to ``body``."""
    _check_body(body)
    p = load_stance_parameters()
    h = body.height_m
    return StanceGeometry(
        half_hip_separation_m=0.5 * p["hip_joint_separation"] * h,
        abductor_moment_arm_m=p["abductor_moment_arm"] * h,
        abductor_line_angle_deg=p["abductor_line_angle_deg"],
        hat_com_height_m=p["hat_com_height"] * h,
        shoulder_height_m=p["shoulder_height_above_hip"] * h,
        hand_offset_m=p["hand_lateral_offset"] * h,
        passive_stiffness_Nm_per_rad=p["passive_adduction_stiffness"] * body.weight_N * h,
        max_pelvic_drop_deg=p["max_pelvic_drop_deg"],
        max_trunk_lean_deg=p["max_trunk_lean_deg"],
        knee_inward_coupling=p["knee_inward_coupling"],
        hat_mass_kg=body.mass_kg - 2.0 * body.leg_mass_kg,
        leg_mass_kg=body.leg_mass_kg,
    )


@dataclass(frozen=True)
class StanceResult:
    """Forces, moment arms and posture of single-leg stance.

    Forces in newtons and as multiples of body weight (``_bw``); moment arms
    in metres measured sideways from the stance hip with the pelvis level;
    angles in degrees. ``supported_weight`` is the weight above the stance
    hip (body minus the stance leg) plus the load. ``abductor_force`` is what
    the abductors actually pull (the demand, or all they have when weaker);
    ``passive_force`` the pull of the stretched tissues once the pelvis drops
    (along the same line).
    ``pattern`` describes the compensations in plain language.
    """

    load_kg: float
    load_side: str
    trunk_lean_deg: float
    abductor_strength: float
    body_weight_N: float
    supported_weight_N: float
    weight_moment_arm_m: float
    abductor_moment_arm_m: float
    external_moment_Nm: float
    abductor_demand_N: float
    abductor_demand_bw: float
    abductor_capacity_N: float
    abductor_force_N: float
    abductor_force_bw: float
    passive_force_N: float
    passive_force_bw: float
    joint_force_N: float
    joint_force_bw: float
    pelvic_drop_deg: float
    compensatory_lean_deg: float
    total_trunk_lean_deg: float
    knee_inward_m: float
    balanced: bool
    pattern: tuple[str, ...]


def _check_body(body: object) -> None:
    if not isinstance(body, Body):
        raise ValueError(f"body must be a kickback_edu.Body; got {body!r}")


def _side_sign(load_side: str) -> float:
    """+1 when the load hangs on the swing side (opposite hand), -1 on the stance side."""
    return 1.0 if load_side == "opposite" else -1.0


def external_moment(
    body: Body,
    geo: StanceGeometry,
    load_kg: float,
    load_side: str,
    drop_rad: float,
    lean_rad: float,
) -> float:
    """Moment (N·m) of everything above the stance hip about it; + drops the swing side.

    ``drop_rad``: pelvic drop on the swing side (the pelvis turns about the
    stance hip; the trunk angle ``lean_rad`` is measured from vertical,
    positive over the stance hip).
    """
    d = geo.half_hip_separation_m
    mid_x = d * math.cos(drop_rad)
    hat_x = mid_x - geo.hat_com_height_m * math.sin(lean_rad)
    swing_x = 2.0 * mid_x
    load_x = mid_x - geo.shoulder_height_m * math.sin(lean_rad) + _side_sign(load_side) * (
        geo.hand_offset_m
    )
    return body.g * (geo.hat_mass_kg * hat_x + geo.leg_mass_kg * swing_x + load_kg * load_x)


def _solve_drop(f: Callable[[float], float], hi: float) -> float:
    """Root of the decreasing function ``f`` on ``[0, hi]`` by bisection (f(0) > 0 ≥ f(hi))."""
    lo = 0.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if f(mid) > 0.0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _lean_to_balance(
    body: Body, geo: StanceGeometry, load_kg: float, load_side: str, drop: float, target: float
) -> float:
    """Trunk lean (rad) at which the external moment equals ``target`` (N·m).

    The moment falls linearly with sin(lean): the trunk and the hanging load
    move toward the stance side. Returns ``inf`` if no lean below 90° balances.
    """
    upright = external_moment(body, geo, load_kg, load_side, drop, 0.0)
    per_sin = body.g * (geo.hat_mass_kg * geo.hat_com_height_m + load_kg * geo.shoulder_height_m)
    s = (upright - target) / per_sin
    return math.asin(s) if s <= 1.0 else math.inf


def _joint_force(body: Body, geo: StanceGeometry, load_kg: float, lateral_N: float) -> float:
    """Hip joint force (N): weight above the hip + load + lateral pull, vector sum."""
    alpha = math.radians(geo.abductor_line_angle_deg)
    vertical = (body.mass_kg - geo.leg_mass_kg + load_kg) * body.g + lateral_N * math.cos(alpha)
    horizontal = lateral_N * math.sin(alpha)
    return math.hypot(vertical, horizontal)


def _weak_posture(
    body: Body, geo: StanceGeometry, load: float, side: str, lean: float, capacity_N: float
) -> tuple[float, float, bool]:
    """Pelvic drop (rad), total trunk lean (rad) and whether the moments balance,
    when the abductors (``capacity_N``) cannot hold the pelvis level.

    First the pelvis drops until the stretched tissues make up the missing
    moment; past the largest drop the trunk leans over the stance hip.
    """
    b = geo.abductor_moment_arm_m
    k = geo.passive_stiffness_Nm_per_rad
    max_drop = math.radians(geo.max_pelvic_drop_deg)

    def residual(phi: float) -> float:
        return external_moment(body, geo, load, side, phi, lean) - capacity_N * b - k * phi

    if residual(max_drop) <= 0.0:
        return _solve_drop(residual, max_drop), lean, True
    needed = _lean_to_balance(body, geo, load, side, max_drop, capacity_N * b + k * max_drop)
    max_lean = math.radians(geo.max_trunk_lean_deg)
    if needed > max_lean:
        return max_drop, max(max_lean, lean), False
    return max_drop, needed, True


def single_leg_stance(
    body: Body,
    load_kg: float = 0.0,
    load_side: str = "opposite",
    trunk_lean_deg: float = 0.0,
    abductor_strength: float = 1.0,
) -> StanceResult:
    """Frontal-plane moment balance of standing on one leg.

    Parameters
    ----------
    body : the learner's :class:`~kickback_edu.body.Body`.
    load_kg : a load carried in one hand, 0–40 kg.
    load_side : ``"opposite"`` (hand on the swing-leg side) or ``"same"``
        (hand on the stance side).
    trunk_lean_deg : voluntary trunk lean from vertical, −20–30°; positive
        leans over the stance hip.
    abductor_strength : what the abductors can pull, as a multiple of what
        plain one-leg standing (no load, trunk upright) needs: 1.0 = just
        enough for that, 0–2. With a load in the opposite hand more is needed.

    Returns a :class:`StanceResult`; see the module docstring for the model.
    """
    _check_body(body)
    load = check_number("load_kg", load_kg, *LOAD_RANGE_KG, unit="kg")
    side = check_choice("load_side", load_side, LOAD_SIDES)
    lean_user = check_number("trunk_lean_deg", trunk_lean_deg, *TRUNK_LEAN_RANGE_DEG, unit="deg")
    strength = check_number("abductor_strength", abductor_strength, *STRENGTH_RANGE)
    geo = stance_geometry(body)
    b = geo.abductor_moment_arm_m
    lean = math.radians(lean_user)
    moment0 = external_moment(body, geo, load, side, 0.0, lean)
    plain = external_moment(body, geo, 0.0, side, 0.0, 0.0)
    capacity = strength * plain / b
    demand = max(moment0, 0.0) / b
    if demand <= capacity:
        active, drop, total_lean, balanced = demand, 0.0, lean, True
    else:
        active = capacity
        drop, total_lean, balanced = _weak_posture(body, geo, load, side, lean, capacity)
    passive = geo.passive_stiffness_Nm_per_rad * drop / b
    joint = _joint_force(body, geo, load, active + passive)
    supported = (body.mass_kg - geo.leg_mass_kg + load) * body.g
    w = body.weight_N
    drop_deg = math.degrees(drop)
    knee_in = body.thigh.length_m * math.sin(geo.knee_inward_coupling * drop)
    result = StanceResult(
        load_kg=load, load_side=side, trunk_lean_deg=lean_user, abductor_strength=strength,
        body_weight_N=w, supported_weight_N=supported, weight_moment_arm_m=moment0 / supported,
        abductor_moment_arm_m=b, external_moment_Nm=moment0,
        abductor_demand_N=demand, abductor_demand_bw=demand / w,
        abductor_capacity_N=capacity, abductor_force_N=active, abductor_force_bw=active / w,
        passive_force_N=passive, passive_force_bw=passive / w,
        joint_force_N=joint, joint_force_bw=joint / w,
        pelvic_drop_deg=drop_deg, compensatory_lean_deg=math.degrees(total_lean - lean),
        total_trunk_lean_deg=math.degrees(total_lean), knee_inward_m=knee_in, balanced=balanced,
        pattern=(),
    )
    return replace(result, pattern=_pattern(result))


def carried_load_summary(body: Body, load_kg: float = 10.0,
                         load_side: str = "opposite") -> str:
    """Four short lines (at most 57 characters, a narrow notebook column): what carrying
    ``load_kg`` in one hand does to plain one-leg standing in this model (assumed
    geometry), with the pelvis held level: the abductor force and the hip joint force,
    each as plain standing → with the load (× body weight).

    The abductors are given the model's largest strength (``STRENGTH_RANGE``), so they
    can pull what the load needs. Raises (from :func:`single_leg_stance`) ValueError
    for a load outside 0–40 kg, KeyError for an unknown ``load_side``; ValueError naming
    ``load_kg`` if even that strength cannot hold the pelvis level.
    """
    plain = single_leg_stance(body)
    loaded = single_leg_stance(body, load_kg=load_kg, load_side=load_side,
                               abductor_strength=STRENGTH_RANGE[1])
    if loaded.pelvic_drop_deg > 0.0:
        raise ValueError(f"load_kg={load_kg!r}: more than the model's strongest abductors "
                         f"({STRENGTH_RANGE[1]:g} × plain standing) hold level; use a "
                         "smaller load")
    hand = {"opposite": "the opposite hand", "same": "the standing-side hand"}
    return (f"{float(load_kg):g} kg in {hand[load_side]}, pelvis level (model):\n"
            f"  abductors: {plain.abductor_force_bw:.2f} → {loaded.abductor_force_bw:.2f} × "
            "body weight\n"
            f"  hip joint: {plain.joint_force_bw:.2f} → {loaded.joint_force_bw:.2f} × "
            "body weight\n"
            "  (no load → with it; the lever arms are assumed)")


def _pattern(r: StanceResult) -> tuple[str, ...]:
    """Plain-language description of what the body does (model)."""
    lines: list[str] = []
    if r.external_moment_Nm <= 0.0:
        lines.append(
            "The weight now acts at or beyond the stance hip: the abductors can relax. "
            "(The hip adductors would then hold the pelvis; this model leaves them out.)"
        )
    elif r.pelvic_drop_deg == 0.0:
        lines.append(
            f"The stance-side abductors hold the pelvis level, pulling "
            f"{r.abductor_force_bw:.1f} × body weight."
        )
    else:
        lines.append(
            f"The pelvis drops {r.pelvic_drop_deg:.1f}° on the swing side (a Trendelenburg "
            "sign): the stance-side abductors give all they have and stretched tissues on the "
            "outside of the stance hip take up the rest."
        )
        lines.append(
            f"The stance knee drifts inward about {100 * r.knee_inward_m:.1f} cm (knee "
            "moving inward, or dynamic valgus), drawn here as following the pelvic drop."
        )
    if r.compensatory_lean_deg > 0.0:
        lines.append(
            f"The trunk leans a further {r.compensatory_lean_deg:.1f}° over the stance hip "
            "to bring the weight closer to it (compensated Trendelenburg)."
        )
    if not r.balanced:
        lines.append(
            "Even with the pelvis dropped and the trunk leaning as far as the model allows, the "
            "moments do not balance: the person would put the other foot down."
        )
    return tuple(lines)


@dataclass(frozen=True)
class StancePose:
    """Front-view drawing of single-leg stance (m, frontal frame, arrays of shape (n, 2)).

    ``pelvis`` runs stance-side crest, stance hip, swing hip, swing-side crest,
    so the drawn pelvic drop is the angle of its 2nd→3rd points. ``arms`` runs
    stance-side hand, both shoulders, swing-side hand.
    ``load`` is empty (shape (0, 2)) when nothing is carried.
    """

    pelvis: np.ndarray
    trunk: np.ndarray
    head: np.ndarray
    arms: np.ndarray
    load: np.ndarray
    stance_leg: np.ndarray
    swing_leg: np.ndarray
    abductor: np.ndarray
    hat_com: np.ndarray
    ground_y: float


# Drawing-only proportions (fractions of height; not used in the physics).
_CREST_OUT, _CREST_UP = 0.045, 0.07
_SHOULDER_HALF = 0.13
_HAND_DROP = 0.40
_SWING_CLEARANCE = 0.05


def _drop_rotate(points: np.ndarray, drop: float) -> np.ndarray:
    """Rotate points about the stance hip so the swing side goes down by ``drop`` rad."""
    c, s = math.cos(drop), math.sin(drop)
    x, y = points[:, 0], points[:, 1]
    return np.stack([x * c + y * s, -x * s + y * c], axis=1)


def stance_pose(body: Body, result: StanceResult) -> StancePose:
    """Joint and outline coordinates for the front view of ``result``."""
    _check_body(body)
    geo = stance_geometry(body)
    h = body.height_m
    d = geo.half_hip_separation_m
    drop = math.radians(result.pelvic_drop_deg)
    lean = math.radians(result.total_trunk_lean_deg)
    up = np.array([-math.sin(lean), math.cos(lean)])
    across = np.array([math.cos(lean), math.sin(lean)])
    pelvis = _drop_rotate(
        np.array([[-_CREST_OUT * h, _CREST_UP * h], [0.0, 0.0], [2 * d, 0.0],
                  [2 * d + _CREST_OUT * h, _CREST_UP * h]]), drop,
    )
    base = _drop_rotate(np.array([[d, 0.0]]), drop)[0]
    shoulder_mid = base + geo.shoulder_height_m * up
    shoulders = np.array([shoulder_mid - _SHOULDER_HALF * h * across,
                          shoulder_mid + _SHOULDER_HALF * h * across])
    head_c = shoulder_mid + (0.04 * h + body.head_radius_m) * up
    t = np.linspace(0.0, 2.0 * math.pi, 25)
    head = head_c + body.head_radius_m * np.stack([np.cos(t), np.sin(t)], axis=1)
    hand_y = shoulder_mid[1] - _HAND_DROP * h
    hands = [np.array([shoulder_mid[0] + s * geo.hand_offset_m, hand_y]) for s in (-1.0, 1.0)]
    arms = np.array([hands[0], shoulders[0], shoulders[1], hands[1]])
    if result.load_kg > 0.0:
        hand = hands[1] if result.load_side == "opposite" else hands[0]
        w = 0.03 * h
        load = hand + np.array([[-w, 0.0], [w, 0.0], [w, -2 * w], [-w, -2 * w], [-w, 0.0]])
    else:
        load = np.zeros((0, 2))
    thigh, shank = body.thigh.length_m, body.shank.length_m
    tilt = geo.knee_inward_coupling * drop
    knee = np.array([thigh * math.sin(tilt), -thigh * math.cos(tilt)])
    ankle = np.array([0.0, knee[1] - math.sqrt(shank**2 - knee[0] ** 2)])
    ground_y = -(thigh + shank + body.ankle_height_m)
    stance_leg = np.array([[0.0, 0.0], knee, ankle, [0.0, ground_y]])
    swing_hip = pelvis[2]
    swing_knee = swing_hip + np.array([0.0, -thigh])
    lift = _SWING_CLEARANCE * h
    swing_ankle = swing_knee + np.array([0.0, -(shank + body.ankle_height_m) + lift])
    swing_leg = np.array([swing_hip, swing_knee, swing_ankle])
    alpha = math.radians(geo.abductor_line_angle_deg)
    y_t = -0.03 * h
    x_t = (-geo.abductor_moment_arm_m + y_t * math.sin(alpha)) / math.cos(alpha)
    troch = np.array([x_t, y_t])
    abductor = np.array([troch, troch + 0.12 * h * np.array([math.sin(alpha), math.cos(alpha)])])
    hat_com = (base + geo.hat_com_height_m * up)[None, :]
    return StancePose(
        pelvis=pelvis, trunk=np.array([base, shoulder_mid]), head=head,
        arms=arms, load=load, stance_leg=stance_leg, swing_leg=swing_leg, abductor=abductor,
        hat_com=hat_com, ground_y=ground_y,
    )


@dataclass(frozen=True)
class StanceComparison:
    """Plain one-leg standing three ways, side by side (forces × body weight).

    ``model_*``: this module's moment balance with its assumed geometry
    (``weight_lever_m`` and ``abductor_lever_m`` are the lever arms it used,
    ``lever_ratio`` their ratio). ``textbook_abductor_bw``: the (low, high)
    abductor force of the Pauwels-type textbook lever model (unverified);
    ``textbook_joint_bw``: the (low, high) hip joint force textbooks derive
    from the same lever ratio (a typical textbook figure, unverified).
    Neither validates the model.
    ``invivo_walking_bw``: measured with instrumented implants in walking
    (Bergmann 2001), slightly more than one-leg standing. ``rows`` gives
    (what, value, status, source key) for printing.
    """

    model_abductor_bw: float
    model_joint_bw: float
    weight_lever_m: float
    abductor_lever_m: float
    lever_ratio: float
    textbook_abductor_bw: tuple[float, float]
    textbook_joint_bw: tuple[float, float]
    invivo_walking_bw: float
    rows: tuple[tuple[str, str, str, str], ...]


def stance_comparison(body: Body) -> StanceComparison:
    """The model's plain one-leg standing beside the textbook values and in-vivo data.

    ``body``: the :class:`~kickback_edu.body.Body` to scale the model to. Returns a
    :class:`StanceComparison`: the model's abductor force beside the textbook
    abductor range, the model's hip joint force beside the textbook joint-force
    figure derived from the same lever ratio (both textbook values unverified,
    source key ``pauwels-textbook``), and the in-vivo walking value (Bergmann
    2001). Textbook values missing from ``data/stance.csv`` come back as NaN.
    """
    r = single_leg_stance(body)
    p = load_stance_parameters()
    ab_low = p.get("textbook_abductor_low_bw", math.nan)
    ab_high = p.get("textbook_abductor_high_bw", math.nan)
    low, high = p.get("textbook_joint_low_bw", math.nan), p.get("textbook_joint_high_bw", math.nan)
    invivo = p["invivo_walking_bw"]
    ratio = r.weight_moment_arm_m / r.abductor_moment_arm_m
    rows = (
        ("model: abductors of the stance leg pull",
         f"{r.abductor_force_bw:.2f} × body weight",
         f"model with assumed geometry: weight lever {100 * r.weight_moment_arm_m:.1f} cm, "
         f"abductor lever {100 * r.abductor_moment_arm_m:.1f} cm, ratio {ratio:.2f}", "model"),
        ("textbook: abductors of the stance leg pull (Pauwels-type lever model)",
         f"{ab_low:g}–{ab_high:g} × body weight", "typical textbook value, unverified",
         "pauwels-textbook"),
        ("model: hip joint force", f"{r.joint_force_bw:.2f} × body weight",
         "model, same assumed geometry", "model"),
        ("textbook: hip joint force derived from that lever ratio",
         f"{low:g}–{high:g} × body weight",
         "typical textbook figure, unverified; a comparison, not a validation",
         "pauwels-textbook"),
        ("measured: hip joint force in walking (instrumented implants)",
         f"{invivo:.2f} × body weight", "measured; slightly less in one-leg standing",
         "bergmann2001"),
    )
    return StanceComparison(
        model_abductor_bw=r.abductor_force_bw, model_joint_bw=r.joint_force_bw,
        weight_lever_m=r.weight_moment_arm_m, abductor_lever_m=r.abductor_moment_arm_m,
        lever_ratio=ratio, textbook_abductor_bw=(ab_low, ab_high), textbook_joint_bw=(low, high),
        invivo_walking_bw=invivo, rows=rows,
    )


def invivo_reference_bw() -> dict[str, float]:
    """In-vivo hip contact forces (× body weight) from ``data/stance.csv`` for comparison."""
    p = load_stance_parameters()
    labels = {
        "invivo_walking_bw": "walking ~4 km/h (Bergmann 2001)",
        "invivo_upstairs_bw": "upstairs (Bergmann 2001)",
        "invivo_downstairs_bw": "downstairs (Bergmann 2001)",
        "invivo_jogging_bw": "jogging (Bergmann 1993)",
    }
    return {label: p[key] for key, label in labels.items() if key in p}
