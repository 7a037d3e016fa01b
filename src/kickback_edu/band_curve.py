"""A band's force–elongation curve, fitted through two points and checked.

An elastic band's force depends on its percent elongation (stretch relative to
its rest length), and a second-order polynomial through the origin fits it
well (McMaster et al. 2010): ``F(e) = a·e + b·e²`` with ``e`` the fractional
elongation (1.0 = stretched to twice its rest length) and ``F`` the force of
one strand in newtons. Two points fix ``a`` and ``b``: the manufacturer's
chart gives the force at 100% and 200% (``data/bands.csv``); a learner with a
luggage scale measures two stretched lengths of their own band.

Past the farthest point the curve continues along its tangent (a chart says
nothing beyond its last column), up to ``band_max_elongation`` of
``data/parameters.csv``, where the model stops.

A curve describes a band only if it is non-negative and rising from 0 to that
maximum: a band pulls harder the more it stretches. :func:`fit_band_curve`
refuses any pair of points that gives another shape, saying which values
would work, in the caller's unit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .data import parameter
from .validation import ArrayLike, as_output

#: Newtons per unit a learner or a data file may use for a force.
KGF_TO_NEWTON = 9.80665  # standard gravity: 1 kilogram-force


def force_units() -> dict[str, float]:
    """Newtons per unit for the force units the course accepts: N, kgf, lbf.

    ``lbf`` uses ``lbf_to_newton`` of ``data/parameters.csv`` (4.448 N).
    """
    return {"N": 1.0, "kgf": KGF_TO_NEWTON, "lbf": parameter("lbf_to_newton")}


@dataclass(frozen=True)
class BandCurve:
    """One strand's force (N) against fractional elongation (1.0 = 100%).

    ``F(e) = a_N·e + b_N·e²`` up to ``fit_max`` (the farthest fitted point),
    then along the tangent up to ``max_elongation``. Built by
    :func:`fit_band_curve`, which guarantees the curve is rising and
    non-negative over ``[0, max_elongation]``.
    """

    a_N: float
    b_N: float
    fit_max: float
    max_elongation: float

    def force_N(self, elongation: ArrayLike) -> float | np.ndarray:
        """Force of one strand in N at fractional elongation(s), any shape.

        Raises ValueError for an elongation below 0, above ``max_elongation``
        or not finite.
        """
        e = np.asarray(elongation, dtype=float)
        bad = ~np.isfinite(e) | (e < 0) | (e > self.max_elongation)
        if np.any(bad):
            raise ValueError(
                f"band elongation must be from 0 to {self.max_elongation:.0%} of the rest "
                f"length; got {float(e[bad].flat[0]):.0%}: use a longer rest_length_m or a "
                "smaller lift"
            )
        m = self.fit_max
        fit = self.a_N * e + self.b_N * e**2
        slope = self.a_N + 2.0 * self.b_N * m
        tangent = self.a_N * m + self.b_N * m**2 + slope * (e - m)
        return as_output(np.where(e <= m, fit, tangent))


def fit_band_curve(
    points: Sequence[tuple[float, float]],
    unit: str = "N",
    names: tuple[str, str] = ("force_1", "force_2"),
) -> BandCurve:
    """Fit ``F(e) = a·e + b·e²`` through two (elongation, force) points.

    Parameters
    ----------
    points : two ``(elongation, force)`` pairs; elongation as a fraction of
        the rest length (1.0 = 100%), greater than 0, the two different;
        force of one strand in ``unit``, finite and greater than 0.
    unit : ``"N"``, ``"kgf"`` or ``"lbf"``.
    names : the names of the two forces as the caller's user knows them
        (a CSV column, a parameter), used in error messages.

    Raises ValueError naming the value, its unit and what would work when a
    point is not a number, an elongation is not positive, or the fitted
    curve would not be rising and non-negative from 0 to
    ``band_max_elongation``: for points ``(e1, F1)``, ``(e2, F2)`` with
    ``e1 < e2`` that needs ``F1·e2²/(e1·(2e2 − e1)) < F2 < F1·e2²/e1²``
    (with the chart's 100% and 200%: F200 between 4/3 and 4 times F100).
    """
    units = force_units()
    if unit not in units:
        raise KeyError(f"unit must be one of {', '.join(map(repr, units))}; got {unit!r}")
    if len(points) != 2:
        raise ValueError(
            f"a band curve needs exactly two (elongation, force) points; got {points!r}"
        )
    for (e, f), name in zip(points, names, strict=True):
        # Typed floats, but a learner's values arrive here unchecked: refuse the rest.
        checked: tuple[tuple[str, object], ...] = (("elongation", e), (name, f))
        for label, v in checked:
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) \
                    or not math.isfinite(float(v)) or float(v) <= 0:
                what = unit if label == name else "fraction of the rest length"
                raise ValueError(
                    f"{label} must be a number greater than 0 ({what}); got {v!r}"
                )
    (e1, f1), (e2, f2) = sorted((float(e), float(f)) for e, f in points)
    n1, n2 = names if float(points[0][0]) <= float(points[1][0]) else names[::-1]
    if e2 == e1:
        raise ValueError(
            f"the two points must be at different elongations; both are at {e1:.0%}"
        )
    denom = e1 * e2 * (e2 - e1)
    a = (f1 * e2**2 - f2 * e1**2) / denom
    b = (f2 * e1 - f1 * e2) / denom
    lo = f1 * e2**2 / (e1 * (2.0 * e2 - e1))
    hi = f1 * e2**2 / e1**2
    if a <= 0 or a + 2.0 * b * e2 <= 0:
        why = (
            "would be negative as soon as the band starts to stretch"
            if a <= 0
            else f"would fall as the band stretches past {-a / (2.0 * b):.0%}"
        )
        raise ValueError(
            f"{n2} = {f2:g} {unit} with {n1} = {f1:g} {unit}: the fitted force {why}, but a "
            f"band pulls harder the more it stretches; with {n1} = {f1:g} {unit}, {n2} must "
            f"be more than {lo:.3g} and less than {hi:.3g} {unit}"
        )
    k = units[unit]
    top = parameter("band_max_elongation")
    return BandCurve(a_N=a * k, b_N=b * k, fit_max=e2, max_elongation=top)
