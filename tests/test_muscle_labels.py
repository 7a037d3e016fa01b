"""The muscle names on the side view keep clear of each other (the browser test
tests/browser/test_figure_layout.py measures the drawn text; this checks the geometry)."""

from __future__ import annotations

import numpy as np
import pytest

from kickback_edu import MUSCLE_KEYS, Body, pose
from kickback_edu.figures.leg import side_view_ranges
from kickback_edu.figures.muscles import LABEL_POINTS, muscle_bead_xy
from kickback_edu.figures.style import NARROWEST_FIGURE_PX

G, H = MUSCLE_KEYS.index("gluteus_maximus"), MUSCLE_KEYS.index("hamstrings")


@pytest.fixture(scope="module")
def body() -> Body:
    return Body(mass_kg=70.0, height_m=1.75)


def _names(body: Body, lift: float, knee: float) -> np.ndarray:
    """Where each muscle's name is drawn, (5, 2) m."""
    _, _, labels = muscle_bead_xy(body, pose(body, lift, knee))
    return labels[1::LABEL_POINTS]


def test_gluteus_maximus_name_stays_put_while_the_thigh_is_low(body: Body) -> None:
    # At and below the recommended top the hamstrings' name is far below: nothing moves.
    fixed = _names(body, 0.0, 90.0)[G]
    for lift in (30.0, 60.0, 90.0):
        np.testing.assert_allclose(_names(body, lift, 90.0)[G], fixed)


@pytest.mark.parametrize("knee", [0.0, 45.0, 90.0, 130.0])
def test_high_lift_puts_gluteus_maximus_a_line_above_the_hamstrings(
    body: Body, knee: float
) -> None:
    # A 12 px line of text at the narrowest figure, in metres: there the x range spans
    # the figure's width less its 80 px of side margins (equal scales, x the wider).
    (x_lo, x_hi), _ = side_view_ranges(body)
    line_m = 12.0 * (x_hi - x_lo) / (NARROWEST_FIGURE_PX - 80)
    for lift in (115.0, 120.0, 125.0, 130.0):
        names = _names(body, lift, knee)
        side_by_side = abs(names[G, 0] - names[H, 0])
        above = names[G, 1] - names[H, 1]
        # Either far apart sideways (two names' widths) or a line apart vertically.
        assert side_by_side > 8 * line_m or above >= line_m, (lift, knee, names[[G, H]])
