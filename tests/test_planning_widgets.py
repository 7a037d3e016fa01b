"""The ladder figure, the ProgressionPlanner widget and measured bands in ResistanceLab."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from kickback_edu import Body, plan_progression
from kickback_edu.figures import description, ladder_figure
from kickback_edu.figures.planning import TODAY_STYLE, bars_index
from kickback_edu.my_equipment import DEFAULT_FILE, MyEquipment, measure_band
from kickback_edu.planning import Ladder, next_step
from kickback_edu.strength import strength_capacity
from kickback_edu.widgets import ProgressionPlanner, ResistanceLab
from kickback_edu.widgets.resistance import MEASURED


@pytest.fixture(scope="module")
def body() -> Body:
    return Body(mass_kg=70.0, height_m=1.75)


@pytest.fixture(scope="module")
def ladder(body: Body) -> Ladder:
    return plan_progression(body, band_brand="Thera-Band")


def test_ladder_figure_draws_the_models_numbers(ladder: Ladder, body: Body) -> None:
    fig = ladder_figure(ladder, today=4)
    assert isinstance(fig, go.Figure) and len(fig.data) == len(ladder.steps) + 2
    strength = fig.data[0]
    assert np.allclose(strength.y, strength_capacity(body, np.asarray(strength.x)))
    for s in ladder.steps:
        assert np.array_equal(fig.data[s.number].y, s.evaluated.torque_Nm)
        assert fig.data[s.number].line.width == (TODAY_STYLE[0] if s.number == 4 else 1.5)
    bars = fig.data[bars_index(ladder)]
    assert list(bars.y) == pytest.approx([100 * s.demand for s in ladder.steps])
    assert [p == "x" for p in bars.marker.pattern.shape] == [s.jump for s in ladder.steps]
    # A tempo step keeps the demand and adds time under tension: 0% and the seconds added.
    added = ladder.steps[1].time_under_tension_s - ladder.steps[0].time_under_tension_s
    assert added > 0
    assert bars.text[0] == "start" and bars.text[1] == f"+0%, +{added:.0f} s"
    # The plan table says the same for that step.
    assert f"+0% (tempo: +{added:.0f} s under tension)" in ladder.table_html()
    text = description(fig)
    assert "11 steps" in text and "except steps 10, 11" in text and "Today's step 4" in text


def test_planner_highlights_today_in_place(ladder: Ladder) -> None:
    planner = ProgressionPlanner(ladder, today=4)
    figure = planner.figure
    assert figure.data[4].line.width == TODAY_STYLE[0]
    planner.today.value = 6
    assert planner.figure is figure  # updated, not rebuilt
    assert figure.data[4].line.width == 1.5 and figure.data[6].line.width == TODAY_STYLE[0]
    assert list(figure.data[bars_index(ladder)].marker.line.width) == [
        4.0 if n == 6 else 0.0 for n in range(1, len(ladder.steps) + 1)]
    assert "Step 6:" in planner.readout.value and "red band, looped" in planner.readout.value
    assert type(planner.static_figure()) is go.Figure
    assert description(planner.static_figure()) == planner.description


def test_planner_proposal_follows_next_step(ladder: Ladder) -> None:
    planner = ProgressionPlanner(ladder, today=4, reps_done=10)
    assert planner.proposal is not None and planner.proposal.decision == "stay"
    planner.reps_done.value = 12
    planner.reps_in_reserve.value = 2
    expected = next_step(ladder, 4, 12, 2)
    assert planner.proposal.decision == expected.decision == "move up"
    assert planner.proposal.step.number == expected.step.number == 5
    assert "Proposal: move up" in planner.readout.value
    planner.rir_reported.value = False  # not reported: the 12 done are inside 8-12
    assert planner.proposal.decision == next_step(ladder, 4, 12).decision == "stay"
    planner.reps_done.value = 5
    assert planner.proposal.decision == "step back"
    assert "model estimates" in planner.readout.value and "ACSM 2009" in planner.readout.value


def test_planner_exports_csv_and_a_printable_page(ladder: Ladder, tmp_path: Path) -> None:
    planner = ProgressionPlanner(ladder, today=3, folder=tmp_path)
    planner.export.click()
    csv_text = (tmp_path / "my_plan.csv").read_text(encoding="utf-8")
    page = (tmp_path / "my_plan.html").read_text(encoding="utf-8")
    assert csv_text == ladder.to_csv()
    assert page == ladder.to_html(today=3)
    assert "my_plan.html" in planner.exported.value


def test_planner_refuses_a_non_ladder() -> None:
    with pytest.raises(ValueError, match="ladder must come from build_ladder"):
        ProgressionPlanner("ladder")  # type: ignore[arg-type]


def test_a_measured_band_appears_beside_the_catalogue(body: Body) -> None:
    m = measure_band("my red loop", 40, [80, 120], [7.4, 11.0], unit="lbf")
    lab = ResistanceLab(body, show=("band",), my_equipment=MyEquipment().with_band(m))
    options = list(lab.band_color.options)
    assert options[-1] == ("my red loop (measured)", MEASURED + "my red loop")
    assert ("red", ("Thera-Band", "red")) in options  # catalogue values: (brand, colour)
    red = lab.torque_at_lift()["band"]
    lab.band_color.value = MEASURED + "my red loop"
    assert lab.devices["band"].name == "my red loop (measured)"
    # measured at the chart's own points, the loop is the catalogue's red loop
    assert lab.torque_at_lift()["band"] == pytest.approx(red)
    lab.band_length.value = 0.3  # the set-up's rest length applies to a measured band too
    assert lab.devices["band"].rest_length_m == 0.3


def test_the_lab_loads_the_file_in_the_working_folder(body: Body, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert ResistanceLab(body).my_equipment == MyEquipment()  # no file: catalogue only
    m = measure_band("green", 30, [45, 60], [2.0, 3.4], unit="kgf")
    MyEquipment().with_band(m).save()
    lab = ResistanceLab(body)
    assert lab.band_color.options[-1] == ("green (measured)", MEASURED + "green")
    (tmp_path / DEFAULT_FILE).write_text(json.dumps({"schema": "kickback_edu/my-equipment",
                                                     "version": 1, "bands": [{"name": "x"}]}))
    broken = ResistanceLab(body)
    assert broken.my_equipment == MyEquipment()
    assert "your equipment file was not loaded" in broken.readout.value
    assert "bands[0]" in broken.readout.value and "Band (red, loop)" in broken.readout.value


def test_planner_static_note_names_todays_step(ladder: Ladder) -> None:
    planner = ProgressionPlanner(ladder, today=4)
    assert planner.static_note == ("On paper: today's step is step 4 (curve thick, bar "
                                   "outlined), with 10 clean repetitions done, as the proposal "
                                   "below assumes.")
    planner.today.value, planner.reps_done.value, planner.reps_in_reserve.value = 6, 9, 2
    assert planner.rir_reported.value  # moving the slider reports it
    assert ("step 6 (curve thick, bar outlined), with 9 clean repetitions done and 2 in "
            "reserve, as the proposal below assumes.") in planner.static_note
    # The note states the report the proposal below uses.
    assert planner.proposal == next_step(ladder, 6, 9, 2)
