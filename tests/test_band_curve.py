"""The band force–elongation fit: worked numbers and the shape checks."""

from __future__ import annotations

import numpy as np
import pytest

from kickback_edu.band_curve import KGF_TO_NEWTON, fit_band_curve

LBF = 4.448


def test_chart_points_worked_example() -> None:
    # Red Thera-Band: 3.7 lbf at 100%, 5.5 lbf at 200%.
    # F(e) = a e + b e^2: a + b = 3.7, 2a + 4b = 5.5  ->  b = -0.95, a = 4.65 (lbf).
    curve = fit_band_curve([(1.0, 3.7), (2.0, 5.5)], unit="lbf")
    assert curve.a_N == pytest.approx(4.65 * LBF)
    assert curve.b_N == pytest.approx(-0.95 * LBF)
    assert curve.force_N(1.0) == pytest.approx(3.7 * LBF)
    assert curve.force_N(2.0) == pytest.approx(5.5 * LBF)
    # Past the chart the tangent at 200%: slope = a + 2b*2 = 0.85 lbf per unit elongation.
    assert curve.force_N(2.5) == pytest.approx((5.5 + 0.85 * 0.5) * LBF)


def test_measured_points_in_kgf_any_order() -> None:
    # A luggage scale: 1.0 kgf at 50%, 2.4 kgf at 150%, given in reverse order.
    # a*0.5 + b*0.25 = 1.0 ; a*1.5 + b*2.25 = 2.4  ->  b = -0.2/0.75... solve by hand:
    # from the first a = 2 - 0.5 b; 3 - 0.75 b + 2.25 b = 2.4 -> b = -0.4, a = 2.2 (kgf).
    curve = fit_band_curve([(1.5, 2.4), (0.5, 1.0)], unit="kgf")
    assert curve.a_N == pytest.approx(2.2 * KGF_TO_NEWTON)
    assert curve.b_N == pytest.approx(-0.4 * KGF_TO_NEWTON)
    assert curve.fit_max == 1.5


def test_curve_is_rising_and_non_negative_over_the_modelled_range() -> None:
    curve = fit_band_curve([(1.0, 14.2), (2.0, 21.3)], unit="lbf")
    e = np.linspace(0.0, curve.max_elongation, 301)
    f = curve.force_N(e)
    assert f[0] == 0.0
    assert np.all(np.diff(f) > 0)


@pytest.mark.parametrize(
    ("f100", "f200", "phrase"),
    [
        (25.0, 30.0, "fall as the band stretches past 175%"),  # a box label "25-30 lb"
        (2.0, 9.0, "negative as soon as the band starts to stretch"),
    ],
)
def test_shapes_that_are_not_a_band_are_refused(f100: float, f200: float, phrase: str) -> None:
    with pytest.raises(ValueError) as err:
        fit_band_curve([(1.0, f100), (2.0, f200)], unit="lbf",
                       names=("force_100pct_lbf", "force_200pct_lbf"))
    msg = str(err.value)
    assert phrase in msg
    assert f"force_200pct_lbf = {f200:g} lbf" in msg
    # The working window for F200 is (4/3, 4) x F100.
    assert f"more than {4 / 3 * f100:.3g} and less than {4 * f100:.3g} lbf" in msg


@pytest.mark.parametrize(
    ("points", "unit", "needle"),
    [
        ([(1.0, -3.0), (2.0, 5.0)], "N", "force_1 must be a number greater than 0 (N); got -3.0"),
        ([(1.0, 3.0), (1.0, 5.0)], "N", "different elongations"),
        ([(0.0, 3.0), (2.0, 5.0)], "N", "elongation must be a number greater than 0"),
        ([(1.0, True), (2.0, 5.0)], "N", "got True"),
        ([(1.0, float("nan")), (2.0, 5.0)], "N", "got nan"),
        ([(1.0, 3.0)], "N", "exactly two"),
    ],
)
def test_bad_points_name_the_value(points: list, unit: str, needle: str) -> None:
    with pytest.raises(ValueError, match=None) as err:
        fit_band_curve(points, unit=unit)
    assert needle in str(err.value)


def test_unknown_unit() -> None:
    with pytest.raises(KeyError, match="'stone'"):
        fit_band_curve([(1.0, 3.0), (2.0, 5.0)], unit="stone")
