"""The learner's hip-extension strength curve (Anderson, Madigan & Nussbaum 2007).

Peak isometric hip-extension torque = c1 · body weight (N) · height (m); its
share at a hip angle θ (radians, flexion positive, 0 = neutral) follows
cos(c2 (θ − c3)). Only the active, isometric term is used (the velocity and
passive terms are left out of this model). The hip angle is the one the hip
actually reaches: past its extension limit the low back does the rest, so the
hip stays at the limit.
"""

from __future__ import annotations

import numpy as np

from .body import Body
from .pose import check_lift
from .validation import ArrayLike, as_output


def hip_flexion_deg(body: Body, lift: np.ndarray) -> np.ndarray:
    """Clinical hip flexion (degrees, extension negative) the hip reaches at ``lift``."""
    return 90.0 - np.minimum(lift, 90.0 + body.hip_extension_limit_deg)


def peak_strength(body: Body) -> float:
    """Peak isometric hip-extension torque, N·m (c1 · weight · height)."""
    return body.strength_coeffs[0] * body.weight_N * body.height_m


def strength_capacity(body: Body, lift_deg: ArrayLike) -> float | np.ndarray:
    """Isometric hip-extension capacity (N·m) at ``lift_deg`` (0–130°)."""
    lift = check_lift(lift_deg)
    _, c2, c3 = body.strength_coeffs
    theta = np.radians(hip_flexion_deg(body, lift))
    return as_output(peak_strength(body) * np.cos(c2 * (theta - c3)))
