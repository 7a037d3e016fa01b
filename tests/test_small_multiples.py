"""The side view at the key lifts (the printed stand-in for LegExplorer's lift slider)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from kickback_edu import Body, Cable, pose
from kickback_edu.display import STATIC_ENV_VAR
from kickback_edu.figures import description
from kickback_edu.figures.leg import (
    KEY_LIFTS_DEG,
    WARNING_COLOR,
    key_lifts,
    side_view_ranges,
    side_view_small_multiples,
)
from kickback_edu.outline import floor_y, min_lift_deg
from kickback_edu.statics import gravity_torque
from kickback_edu.widgets import LegExplorer


@pytest.fixture(scope="module")
def body() -> Body:
    return Body(mass_kg=70.0, height_m=1.75)


def _panels(fig: go.Figure) -> dict[str, list[go.Scatter]]:
    """Traces per x axis (one x axis per panel)."""
    out: dict[str, list[go.Scatter]] = {}
    for t in fig.data:
        out.setdefault(t.xaxis or "x", []).append(t)
    return out


def _titles(fig: go.Figure) -> list[go.layout.Annotation]:
    """The panels' titles (the other annotation is the key under the figure's title)."""
    return [a for a in fig.layout.annotations if a.text.startswith(("lift ", "knee "))]


def _title_numbers(text: str) -> tuple[float, float]:
    lift, torque = text.replace("lift ", "").replace(" N·m", "").split("° · hip torque ")
    return float(lift), float(torque)


def test_four_panels_titled_with_lift_and_the_models_torque(body: Body) -> None:
    fig = side_view_small_multiples(body, KEY_LIFTS_DEG, 90.0)
    # Panel titles are in grid order (numbered from the bottom left): sort by lift.
    titles = sorted((a.text for a in _titles(fig)), key=_title_numbers)
    assert len(titles) == 4 and len(_panels(fig)) == 4
    for text, lift in zip(titles, (0.0, 45.0, 90.0, 110.0), strict=True):
        shown_lift, shown_torque = _title_numbers(text)
        assert shown_lift == lift
        assert shown_torque == pytest.approx(float(gravity_torque(body, lift, 90.0)), abs=0.051)
    # Invariant of the lever arm: the thigh horizontal-ish (90°) holds more than hanging (0°).
    torques = [_title_numbers(t)[1] for t in titles]
    assert torques[2] > torques[0] > 0
    text = description(fig)
    assert text.endswith(".") and "45°" in text and "110°" in text


def test_shared_axes_of_equal_scale(body: Body) -> None:
    fig = side_view_small_multiples(body)
    # The first axes are the bottom-left panel's: they carry the axis titles.
    assert fig.layout.xaxis.title.text == "toward the head (m)"
    assert fig.layout.yaxis.title.text == "height (m)"
    # Reading order: 0° top left, 110° bottom right.
    top_left = min(_titles(fig), key=lambda a: (-a.y, a.x))
    assert _title_numbers(top_left.text)[0] == 0.0
    assert sum(k.startswith("yaxis") for k in fig.layout) == 4
    names = ["", "2", "3", "4"]
    xs = [fig.layout[f"xaxis{n}"] for n in names]
    ys = [fig.layout[f"yaxis{n}"] for n in names]
    assert len({tuple(a.range) for a in xs}) == 1 and len({tuple(a.range) for a in ys}) == 1
    for k, y in enumerate(ys):
        assert y.scaleanchor == ("x" if k == 0 else f"x{k + 1}") and y.scaleratio == 1


@pytest.mark.parametrize("knee", [90.0, 45.0, 0.0])
def test_no_pose_below_the_floor(body: Body, knee: float) -> None:
    fig = side_view_small_multiples(body, knee_deg=knee)
    floor = floor_y(body)
    for traces in _panels(fig).values():
        leg = next(t for t in traces if t.name == "working leg outline")
        y = np.asarray(leg.y, float)
        assert np.nanmin(y) >= floor - 1e-6


def test_straight_leg_starts_at_its_first_lift(body: Body) -> None:
    first = math.ceil(float(min_lift_deg(body, 0.0)))
    assert 45 < first < 90  # a straight leg's pointed foot clears the floor only late
    assert key_lifts(body, KEY_LIFTS_DEG, 0.0) == [first, 90.0, 110.0]
    fig = side_view_small_multiples(body, knee_deg=0.0)
    assert sorted(_title_numbers(a.text)[0] for a in _titles(fig)) == [first, 90, 110]


def test_past_the_hip_limit_the_low_back_is_the_warning_colour(body: Body) -> None:
    fig = side_view_small_multiples(body)
    limit = 90 + body.hip_extension_limit_deg
    assert limit < 110
    backs = [next(t for t in ts if t.name == "low back") for ts in _panels(fig).values()]
    assert [b.line.color == WARNING_COLOR for b in backs] == [False, False, False, True]
    assert float(pose(body, 110.0, 90.0).lumbar_extension_deg) > 0


def test_equipment_adds_its_torque(body: Body) -> None:
    cable = Cable(load_kg=5.0)
    plain = side_view_small_multiples(body, (45.0,), 90.0)
    loaded = side_view_small_multiples(body, (45.0,), 90.0, cable)
    assert _title_numbers(_titles(loaded)[0].text)[1] != pytest.approx(
        _title_numbers(_titles(plain)[0].text)[1])
    assert any(t.name == "cable" and t.visible for t in loaded.data)


@pytest.mark.parametrize("lifts", [(), (-5.0,), (140.0,)])
def test_bad_lifts_are_refused(body: Body, lifts: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="lifts_deg"):
        side_view_small_multiples(body, lifts)


def test_leg_explorer_static_figure_is_the_small_multiples_only_when_static(
    body: Body, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = LegExplorer(body, lift_deg=60, knee_deg=45)
    before = go.Figure(w.figure).to_json()
    monkeypatch.delenv(STATIC_ENV_VAR, raising=False)
    live = w.static_figure()
    assert len(live.data) == len(w.figure.data) and len(_panels(live)) == 1
    monkeypatch.setenv(STATIC_ENV_VAR, "1")
    static = w.static_figure()
    assert static.to_json() == side_view_small_multiples(body, KEY_LIFTS_DEG, 45.0).to_json()
    assert w.static_note.startswith("On paper")
    # The live widget's own figure is untouched.
    assert go.Figure(w.figure).to_json() == before


@pytest.mark.parametrize("value", ["1", " 1 ", "0", "", None])
def test_widgets_read_static_mode_as_the_display_does(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    from kickback_edu.display import static_mode
    from kickback_edu.widgets.base import static_page

    if value is None:
        monkeypatch.delenv(STATIC_ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(STATIC_ENV_VAR, value)
    assert static_page() == static_mode() == (value is not None and value.strip() == "1")


@pytest.mark.parametrize("knee", [90.0, 45.0, 0.0])
def test_the_panels_axes_hold_every_drawn_point(body: Body, knee: float) -> None:
    # The panels' ranges are tighter than the live view's: nothing drawn may be cut off.
    fig = side_view_small_multiples(body, knee_deg=knee, equipment=Cable())
    x_lo, x_hi = fig.layout.xaxis.range
    y_lo, y_hi = fig.layout.yaxis.range
    assert y_lo < floor_y(body) < y_hi  # the floor's line (its shading runs on past)
    for trace in fig.data:
        if trace.name == "floor":
            continue
        y = np.asarray(trace.y, float)
        y = y[np.isfinite(y)]
        assert y_lo < y.min() and y.max() < y_hi, trace.name
        x = np.asarray(trace.x, float)
        x = x[np.isfinite(x)]
        assert x_lo < x.min() and x.max() < x_hi, trace.name
    # ... and the panels are tighter than the live view's ranges, which hold every pose.
    (live_x_lo, live_x_hi), (live_y_lo, live_y_hi) = side_view_ranges(body)
    assert x_hi - x_lo < live_x_hi - live_x_lo and y_hi - y_lo < live_y_hi - live_y_lo


def test_the_low_back_warning_sits_in_a_corner_clear_of_the_drawing(body: Body) -> None:
    # Under the low back it ran over the supporting thigh and the cable in a small panel.
    fig = side_view_small_multiples(body, knee_deg=90.0, equipment=Cable())
    x_hi, y_hi = fig.layout.xaxis.range[1], fig.layout.yaxis.range[1]
    warnings = [t for t in fig.data if t.name == "lumbar warning" and t.text[0]]
    assert len(warnings) == 1  # only the 110° panel arches
    warning = warnings[0]
    assert warning.textposition == "bottom left"
    assert warning.x[0] == pytest.approx(x_hi - 0.03) and warning.y[0] == pytest.approx(
        y_hi - 0.02)
    # Nothing drawn in that panel lies where the label reads (about 0.6 m wide, 0.12 m tall
    # at the panels' scale).
    for trace in fig.data:
        if trace.xaxis != warning.xaxis or trace.name in ("lumbar warning", "floor"):
            continue
        x, y = np.asarray(trace.x, float), np.asarray(trace.y, float)
        inside = (x > x_hi - 0.6) & (y > y_hi - 0.14)
        assert not inside.any(), trace.name
