"""The side view at one lift with the knee bent and straight: the printed stand-in for
"straighten the knee" (notebook 00)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from kickback_edu import Body, Cable
from kickback_edu.curves import curve_arrays
from kickback_edu.display import STATIC_ENV_VAR
from kickback_edu.figures import description
from kickback_edu.figures.leg import side_view_knee_comparison
from kickback_edu.outline import min_lift_deg
from kickback_edu.statics import gravity_torque
from kickback_edu.widgets import LegExplorer


@pytest.fixture(scope="module")
def body() -> Body:
    return Body(mass_kg=70.0, height_m=1.75)


def _panel_titles(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.text.startswith("knee ")]


def _torque(title: str) -> float:
    return float(title.split("hip torque ")[1].removesuffix(" N·m"))


def test_two_panels_titled_with_the_knee_and_the_models_torque(body: Body) -> None:
    fig = side_view_knee_comparison(body, 90.0, (90.0, 0.0))
    titles = _panel_titles(fig)
    assert [t.split("<br>")[0] for t in titles] == ["knee bent 90°", "knee straight (0°)"]
    bent, straight = (_torque(t) for t in titles)
    assert bent == pytest.approx(float(gravity_torque(body, 90.0, 90.0)), abs=0.051)
    assert straight == pytest.approx(float(gravity_torque(body, 90.0, 0.0)), abs=0.051)
    # Thigh level: bent 90°, the shank stands up over the knee; straight, it reaches out
    # behind, so its weight acts about a shank's half-length farther from the hip.
    shank_kg = body.shank.mass_kg
    assert straight - bent > shank_kg * body.g * 0.3 * body.shank.length_m
    # Two panels side by side, one x axis each, equal scales, the axis titles shown.
    assert {t.xaxis for t in fig.data} == {"x", "x2"}
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis2.scaleanchor == "x2"
    text = description(fig)
    assert text.endswith(".") and f"{bent:.1f} N·m" in text and f"{straight:.1f} N·m" in text
    assert (f"is {bent:.1f} N·m with the knee bent 90°, {straight:.1f} N·m with it straight "
            "(model).") in text and ": " not in text


def test_equipment_adds_its_torque(body: Body) -> None:
    cable = Cable(load_kg=5.0)
    fig = side_view_knee_comparison(body, 90.0, (90.0, 0.0), cable)
    for title, knee in zip(_panel_titles(fig), (90.0, 0.0), strict=True):
        total = curve_arrays(body, cable, np.array([90.0]), knee)[cable.name]["total"][0]
        assert _torque(title) == pytest.approx(float(total), abs=0.051)
    assert any(t.name == "cable" and t.visible for t in fig.data)


@pytest.mark.parametrize("knees", [(), (-5.0,), (90.0, 150.0)])
def test_bad_knees_are_refused(body: Body, knees: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="knees_deg"):
        side_view_knee_comparison(body, 90.0, knees)


def test_a_pose_the_body_cannot_take_is_refused(body: Body) -> None:
    assert float(min_lift_deg(body, 0.0)) > 10.0  # a straight leg at 10°: foot in the floor
    with pytest.raises(ValueError):
        side_view_knee_comparison(body, 10.0, (90.0, 0.0))


def test_leg_explorer_shows_the_knees_on_paper_only(
    body: Body, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = LegExplorer(body, lift_deg=90, knee_deg=90, compare_knees_deg=(90, 0))
    monkeypatch.delenv(STATIC_ENV_VAR, raising=False)
    assert len(w.static_figure().data) == len(w.figure.data)  # live: a copy of the widget
    monkeypatch.setenv(STATIC_ENV_VAR, "1")
    assert w.static_figure().to_json() == side_view_knee_comparison(
        body, 90.0, (90.0, 0.0)).to_json()
    assert w.static_note == ("On paper: the leg at a 90° lift with the knee bent 90° and "
                             "straight (0°) side by side, each panel titled with the hip "
                             "torque to hold (model).")


def test_leg_explorer_explains_the_first_lift_only_at_that_limit(body: Body) -> None:
    """A straight knee cannot start at 0°: the readout says why only while the lift sits
    at that first lift, with the model's value (not when the lift is far above it)."""
    w = LegExplorer(body, lift_deg=90, knee_deg=90)
    w.knee.value = 0
    first = min_lift_deg(body, 0.0)
    assert 0 < first < 90 and w.lift.value == 90 and w.lift.min == int(np.ceil(first))
    assert "Lift starts" not in w.readout.value
    w.lift.value = w.lift.min
    assert (f"<b>Lift starts at {w.lift.min}°:</b> with the knee at 0° the foot clears the "
            f"floor only from {first:.1f}°") in w.readout.value
    w.lift.value = w.lift.min + 1
    assert "Lift starts" not in w.readout.value


@pytest.mark.parametrize("knees", [(), (200,), "90", 5])
def test_leg_explorer_refuses_bad_knees(knees: object) -> None:
    with pytest.raises(ValueError, match="compare_knees_deg"):
        LegExplorer(compare_knees_deg=knees)  # type: ignore[arg-type]
