"""The learner's hip-extension strength curve (Anderson, Madigan & Nussbaum 2007).

Peak isometric hip-extension torque = c1 · body weight (N) · height (m); its
share at a hip angle θ (radians, flexion positive, 0 = neutral) follows
cos(c2 (θ − c3)). Only the active, isometric term is used (the velocity and
passive terms are left out of this model). The hip angle is the one the hip
actually reaches: past its extension limit the low back does the rest, so the
hip stays at the limit.

What the coefficients are, and what they are not:

- They are the **group means of young adults** (18–25 years) in Anderson et
  al.'s Table 3 (34 subjects in all, 14 in the young group, per RBDL's
  transcription). People differ widely: one standard deviation of c1 is about
  0.05, a third of the mean (male 0.161 ± 0.049, female 0.181 ± 0.047).
  :func:`peak_strength_range` gives mean ± 1 SD; the spread of the angle
  terms (c2, c3) is not reproduced. Older adults are weaker per kilogram and
  metre (Anderson's other age groups), which this model leaves out.
- **Why a woman comes out stronger than a man of the same size.** c1 is torque
  *normalised* by body weight × height, and in the young group the women's
  mean happened to be higher than the men's (0.181 vs 0.161). The gap is less
  than half of one standard deviation, in small groups, and reverses in
  Anderson's middle-aged group (men 0.171, women 0.140): it is sampling noise
  in a normalised number, not evidence that women are stronger. The model
  keeps the published means rather than inventing a correction, and the
  course says so wherever a learner can switch sex.
- **It ignores the knee angle.** The curve was measured for the hip alone; with
  the knee bent the hamstrings extend the hip less well (Yanagisawa &
  Fukutani 2020), so in a bent-knee kickback the real capacity is probably
  lower than this curve.
"""

from __future__ import annotations

import numpy as np

from .body import Body
from .data import load_strength_curve
from .pose import check_lift
from .validation import ArrayLike, as_output


def hip_flexion_deg(body: Body, lift: np.ndarray) -> np.ndarray:
    """Clinical hip flexion (degrees, extension negative) the hip reaches at ``lift``."""
    return 90.0 - np.minimum(lift, 90.0 + body.hip_extension_limit_deg)


def peak_strength(body: Body) -> float:
    """Peak isometric hip-extension torque, N·m (c1 · weight · height; group mean)."""
    return body.strength_coeffs[0] * body.weight_N * body.height_m


def peak_strength_range(body: Body) -> tuple[float, float]:
    """(low, high) peak isometric hip-extension torque, N·m: c1 ± 1 SD (Anderson 2007).

    The spread between people of the same sex, weight and height in the young
    group (about ±30 %); it does not include the spread of the angle terms.
    """
    row = load_strength_curve().set_index("sex").loc[body.sex]
    c1, sd = float(row["c1"]), float(row["c1_sd"])
    scale = body.weight_N * body.height_m
    return (c1 - sd) * scale, (c1 + sd) * scale


def strength_capacity(body: Body, lift_deg: ArrayLike) -> float | np.ndarray:
    """Isometric hip-extension capacity (N·m) at ``lift_deg`` (0–130°)."""
    lift = check_lift(lift_deg)
    _, c2, c3 = body.strength_coeffs
    theta = np.radians(hip_flexion_deg(body, lift))
    return as_output(peak_strength(body) * np.cos(c2 * (theta - c3)))
