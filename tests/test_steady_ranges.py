"""Steady axis ranges: settings sliders move curves inside ranges that hold them.

A range is kept while the data fit in it and fill enough of it (so a slider step is a
move, drawn without a full redraw), and set anew when they do not. Whatever the slider
values, nothing drawn leaves its axis: checked here over every slider's range.
"""

from __future__ import annotations

import itertools

import numpy as np
import plotly.graph_objects as go
import pytest

from kickback_edu.figures.curves import TRACES_PER_DEVICE
from kickback_edu.figures.leg import side_view_ranges
from kickback_edu.widgets import LegExplorer, ResistanceLab, TempoLab
from kickback_edu.widgets.base import FigureBox, finite_extent, fitted_range, holds
from kickback_edu.widgets.resistance import KEYS


def test_an_extent_ignores_what_is_not_finite() -> None:
    assert finite_extent([np.array([3.0, np.nan, -1.0]), 7.0, np.array([np.inf])]) == (-1.0, 7.0)
    assert finite_extent([np.array([np.nan]), np.empty(0)]) is None


@pytest.mark.parametrize(("extent", "grow", "expected"), [
    ((0.0, 40.0), 0.25, [0.0, 50.0]),        # an end at zero stays at zero
    ((-10.0, 30.0), 0.25, [-20.0, 40.0]),    # room of 0.25 × the span 40 at each end
    ((-8.0, 0.0), 0.5, [-12.0, 0.0]),
    ((5.0, 5.0), 0.0, [2.5, 7.5]),           # flat data: a span of its size
    ((0.0, 0.0), 0.0, [0.0, 0.5]),
])
def test_a_fitted_range_holds_the_extent_with_room(extent, grow, expected) -> None:
    fitted = fitted_range(extent, grow)
    assert fitted == pytest.approx(expected)
    assert holds(fitted, extent, 0.0)


def test_holds_needs_the_data_inside_and_filling_enough() -> None:
    assert holds([0.0, 50.0], (0.0, 40.0), 0.5)
    assert not holds([0.0, 50.0], (0.0, 51.0), 0.5)     # sticks out
    assert not holds([0.0, 50.0], (-1.0, 40.0), 0.5)
    assert not holds([0.0, 100.0], (0.0, 40.0), 0.5)    # fills 40 %
    assert not holds([np.nan, 10.0], (0.0, 5.0), 0.0)   # a range the browser left open
    assert not holds([10.0, 0.0], (2.0, 5.0), 0.0)      # reversed: not ours


class OneLine(FigureBox):
    description = "one line"

    def __init__(self) -> None:
        super().__init__()
        self._assemble(go.Figure(go.Scatter(x=[0.0, 1.0], y=[0.0, 1.0])), [])


def test_steady_range_keeps_the_drawn_range_while_it_holds_the_data() -> None:
    box = OneLine()
    first = box.steady_range("yaxis.range", [0.0, np.array([10.0, 40.0])], fill=0.5, grow=0.25)
    assert first == [0.0, 50.0]
    box.push(layout={"yaxis.range": first})
    assert box.steady_range("yaxis.range", [0.0, 45.0], fill=0.5, grow=0.25) == first
    assert box.steady_range("yaxis.range", [0.0, 30.0], fill=0.5, grow=0.25) == first
    assert box.steady_range("yaxis.range", [0.0, 60.0], fill=0.5, grow=0.25) == [0.0, 75.0]
    assert box.steady_range("yaxis.range", [0.0, 20.0], fill=0.5, grow=0.25) == [0.0, 25.0]
    assert box.steady_range("yaxis.range", [np.array([np.nan])], fill=0.5, grow=0.25) is None
    # A zoom that still holds the data is kept; one that cuts it off is not.
    box.figure.layout.yaxis.range = [0.0, 44.0]
    assert box.steady_range("yaxis.range", [0.0, 40.0], fill=0.5, grow=0.25) == [0.0, 44.0]
    box.figure.layout.yaxis.range = [0.0, 20.0]
    assert box.steady_range("yaxis.range", [0.0, 40.0], fill=0.5, grow=0.25) == [0.0, 50.0]
    box.figure.layout.yaxis.autorange = True  # autoscaled in the browser: a range again
    assert box.steady_range("yaxis.range", [0.0, 40.0], fill=0.5, grow=0.25) == [0.0, 50.0]


def _inside(values: object, axis_range: object, what: object) -> None:
    extent = finite_extent([values])
    if extent is None:
        return
    lo, hi = axis_range  # type: ignore[misc]
    assert lo <= extent[0] and extent[1] <= hi, (what, extent, axis_range)


def _resistance_holds(lab: ResistanceLab, what: object) -> None:
    layout = lab.figure.layout
    for k, key in enumerate(KEYS):
        base = k * TRACES_PER_DEVICE
        for offset, axis in ((0, layout.yaxis.range), (1, layout.yaxis.range),
                             (2, layout.yaxis2.range)):
            trace = lab.figure.data[base + offset]
            if trace.visible is True:
                _inside(trace.y, axis, (what, key, offset))
    _inside(lab.figure.data[-1].y, layout.yaxis.range, (what, "marker"))


def test_resistance_axes_hold_every_curve_the_sliders_make() -> None:
    """Every slider of every device walked over its whole range (each in turn, both ways,
    the others at their defaults, then at their ends), with the share axis shown."""
    lab = ResistanceLab(show_share=True)
    sliders = [lab.knee, lab.band_length, lab.cable_load, lab.pulley_height,
               lab.pulley_distance, lab.machine_load]
    for slider in sliders:
        start = slider.value
        values = np.arange(slider.min, slider.max + slider.step / 2, slider.step)
        for value in itertools.chain(values[::2], values[::-3], [start]):
            slider.value = float(value) if isinstance(slider.value, float) else int(value)
            _resistance_holds(lab, (slider.description, slider.value))
    for ends in itertools.product(*((s.min, s.max) for s in sliders[2:])):
        for slider, value in zip(sliders[2:], ends, strict=True):
            slider.value = value
        _resistance_holds(lab, ends)
    lab.machine_kind.value = "cam"
    _resistance_holds(lab, "cam")


def test_tempo_axes_hold_every_rep_the_sliders_make() -> None:
    box = TempoLab()
    for up, squeeze, down in itertools.product((0.2, 1.0, 3.0, 6.0), (0.0, 2.5, 5.0),
                                               (0.2, 2.0, 6.0)):
        box.up.value, box.squeeze.value, box.down.value = up, squeeze, down
        layout = box.figure.layout
        for trace in box.figure.data:
            _inside(trace.x, layout.xaxis.range, ("x", trace.name, up, squeeze, down))
            axis = layout.yaxis2.range if trace.yaxis == "y2" else layout.yaxis.range
            _inside(trace.y, axis, ("y", trace.name, up, squeeze, down))
    box.style.value = "swing"
    for trace in box.figure.data:
        _inside(trace.x, box.figure.layout.xaxis.range, ("swing", trace.name))


def test_the_side_view_holds_every_body_the_height_slider_makes() -> None:
    """The view's ranges hold the body's own (which hold every pose of that body:
    figures.leg.side_view_ranges) at every height; most steps keep them."""
    box = LegExplorer()
    kept = 0
    heights = np.arange(box.height.min, box.height.max + 0.005, 0.01)
    for h in itertools.chain(heights, heights[::-1]):
        before = list(box.figure.layout.xaxis.range)
        box.height.value = float(h)
        kept += list(box.figure.layout.xaxis.range) == before
        (x_lo, x_hi), (y_lo, y_hi) = side_view_ranges(box.body)
        xr, yr = box.figure.layout.xaxis.range, box.figure.layout.yaxis.range
        assert xr[0] <= x_lo and x_hi <= xr[1] and yr[0] <= y_lo and y_hi <= yr[1], h
    assert kept > 0.75 * 2 * len(heights)
