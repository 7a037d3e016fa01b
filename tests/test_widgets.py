"""Widgets: each control changes the figure the way the model says, in place."""

from __future__ import annotations

import re

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest
from doubles import PullsUp
from ipywidgets.widgets.widget_link import DirectionalLink
from plotly.callbacks import Points
from traitlets import TraitError

from kickback_edu import (
    Body,
    Cable,
    curve_arrays,
    gravity_torque,
    muscle_activation,
    pose,
    repetition,
    resistance_curves,
    time_under_tension,
)
from kickback_edu.data import load_muscles
from kickback_edu.equipment import Band, Bodyweight, GluteMachine
from kickback_edu.figures import description
from kickback_edu.figures.curves import CABLE_TEXT, TRACES_PER_DEVICE
from kickback_edu.figures.dynamics import rep_description
from kickback_edu.figures.leg import SIDE_TRACES
from kickback_edu.figures.muscles import BEADS, MAP_MUSCLES, involvement_color
from kickback_edu.figures.style import BODY_COLOR, WARNING_COLOR
from kickback_edu.muscles import MUSCLE_KEYS
from kickback_edu.widgets import LegExplorer, MuscleMap, ResistanceLab, TempoLab

BACK = SIDE_TRACES.index("low_back")
LEG = SIDE_TRACES.index("leg")
LABEL = SIDE_TRACES.index("lumbar_label")
MUSCLES = len(SIDE_TRACES)


@pytest.fixture(scope="module")
def body() -> Body:
    return Body(mass_kg=70.0, height_m=1.75)


class KernelLikeComm:
    """Stands in for a kernel's comm: rejects what jupyter_client would reject."""

    comm_id = "test"

    def send(self, data: object = None, metadata: object = None,
             buffers: list | None = None) -> None:
        for i, buf in enumerate(buffers or []):
            view = buf if isinstance(buf, memoryview) else memoryview(buf)
            assert view.contiguous, f"buffer {i} is not contiguous: a kernel would refuse it"

    def close(self, *args: object, **kwargs: object) -> None:
        pass

    def on_msg(self, callback: object) -> None:
        pass


def _kernel_comm(w: widgets.VBox) -> None:
    """Route the figure's messages through :class:`KernelLikeComm`."""
    w.figure.comm = KernelLikeComm()


def _contract(w: widgets.VBox, *controls: str) -> None:
    assert isinstance(w, widgets.VBox)
    assert isinstance(w.figure, go.FigureWidget)
    assert id(w.figure) in _shown_controls(w)  # displayed, maybe inside a layout box
    for name in controls:
        control = getattr(w, name)
        assert isinstance(control, widgets.Widget), name
    static = w.static_figure()
    assert type(static) is go.Figure  # a validated, plain copy
    assert description(static) == w.description and w.description.endswith(".")


def test_leg_explorer_follows_the_model(body: Body) -> None:
    w = LegExplorer(body)
    _kernel_comm(w)
    _contract(w, "lift", "knee", "mass", "height", "play", "readout")
    figure = w.figure
    assert "(°)" in w.lift.description and "(kg)" in w.mass.description
    assert "(m)" in w.height.description
    w.lift.value, w.knee.value = 70, 45
    assert w.last_error is None
    assert w.figure is figure and figure in w.children
    p = pose(body, 70, 45)
    leg = figure.data[LEG]
    np.testing.assert_allclose(np.column_stack([leg.x, leg.y]),
                               [p.hip, p.knee, p.ankle, p.heel, p.toe, p.ankle])
    involvement = muscle_activation(body, 70, 45)
    np.testing.assert_allclose(figure.data[MUSCLES].marker.color,
                               np.repeat([involvement[k] for k in MUSCLE_KEYS], BEADS))
    torque = gravity_torque(body, 70, 45)
    assert w.hip_torque_Nm == pytest.approx(torque)
    assert f"{torque:.1f} N·m" in w.readout.value and "model" in w.readout.value


def test_lifting_past_the_limit_arches_the_low_back(body: Body) -> None:
    w = LegExplorer(body, lift_deg=90)
    assert w.figure.data[BACK].line.color == BODY_COLOR
    assert w.figure.data[LABEL].text == ("",)
    assert w.lumbar_extension_deg == 0
    w.lift.value = 108
    lumbar = float(pose(body, 108, 90).lumbar_extension_deg)
    assert lumbar == 8
    assert w.figure.data[BACK].line.color == WARNING_COLOR
    assert w.figure.data[LABEL].text == ("⚠ low back arches 8°",)
    assert "Lumbar extension:</b> 8°" in w.readout.value and "Form" in w.readout.value
    w.lift.value = 95
    assert w.figure.data[BACK].line.color == BODY_COLOR
    assert w.figure.data[LABEL].text == ("",)
    assert type(w.static_figure()) is go.Figure  # the updated figure still validates


def test_leg_explorer_body_controls_and_play(body: Body) -> None:
    w = LegExplorer(body, lift_deg=60)
    w.mass.value = 90
    heavier = Body(mass_kg=90, height_m=1.75)
    assert w.hip_torque_Nm == pytest.approx(gravity_torque(heavier, 60, 90))
    w.height.value = 1.9
    taller = Body(mass_kg=90, height_m=1.9)
    p = pose(taller, 60, 90)
    np.testing.assert_allclose(w.figure.data[LEG].x[:3], [p.hip[0], p.knee[0], p.ankle[0]])
    assert list(w.figure.layout.xaxis.range)[1] > 0.9
    assert w.play_link.source == (w.play, "value") and w.play_link.target == (w.lift, "value")
    assert isinstance(w.play_link, DirectionalLink)  # a slider step: one message
    assert (w.play.min, w.play.max) == (w.lift.min, w.lift.max)


def test_bad_slider_values_are_impossible(body: Body) -> None:
    w = LegExplorer(body)
    w.lift.value = 500
    assert w.lift.value == 130
    w.knee.value = -20
    assert w.knee.value == 0
    w.mass.value = 5
    assert w.mass.value >= 20 and w.body.mass_kg == w.mass.value
    assert w.last_error is None


def test_muscle_map_modes_cards_and_clicks(body: Body) -> None:
    w = MuscleMap(body)
    _kernel_comm(w)
    _contract(w, "mode", "lift", "muscle", "card")
    figure = w.figure
    assert set(w.mode.options) == {("role", "role"), ("involvement (model)", "involvement")}
    fills = [t for t in figure.data if t.fill == "toself"]
    w.mode.value = "involvement"
    w.lift.value = 60
    values = muscle_activation(body, 60, 90)
    assert [t.fillcolor for t in fills] == [involvement_color(values[k]) for k in MAP_MUSCLES]
    assert w.figure is figure
    w.muscle.value = "hamstrings"
    row = load_muscles().set_index("key").loc["hamstrings"]
    for field in ("role", "action", "origin", "insertion", "description"):
        assert row[field] in w.card.value
    assert f"{values['hamstrings']:.2f}" in w.card.value and "model" in w.card.value
    markers = len(figure.data) - 5  # the marker trace comes before the 4 role legend entries
    figure.data[markers]._dispatch_on_click(
        Points(point_inds=[MAP_MUSCLES.index("core")], xs=[0], ys=[0], trace_name="muscles",
               trace_index=markers), None)
    assert w.muscle.value == "core"
    assert fills[MAP_MUSCLES.index("core")].line.width > fills[0].line.width
    with pytest.raises(TraitError):
        w.mode.value = "active"
    with pytest.raises(TraitError):
        w.muscle.value = "biceps"
    assert "involvement" in w.static_figure().layout.meta["description"]


def test_resistance_lab_curves_are_the_models(body: Body) -> None:
    w = ResistanceLab(body)
    _kernel_comm(w)
    _contract(w, "band_color", "cable_load", "pulley_height", "pulley_distance",
              "machine_kind", "machine_load", "knee", "lift", "show_share", "readout")
    assert set(w.equipment) == {"bodyweight", "band", "cable", "machine"}
    figure = w.figure
    devices = [Bodyweight(), Band(), Cable(), GluteMachine()]
    table = resistance_curves(body, devices, knee_deg=90)
    for i, device in enumerate(devices):
        y = figure.data[i * TRACES_PER_DEVICE].y
        np.testing.assert_allclose(y, table[table["equipment"] == device.name]["total_torque_Nm"])
    # The low cable runs round the front of the knee (it cannot pass through the leg):
    # the readout says so.
    assert CABLE_TEXT in w.readout.value
    # Cable load: the cable's own torque scales in proportion.
    cable = 2 * TRACES_PER_DEVICE
    before = np.array(figure.data[cable + 1].y)
    w.cable_load.value = 25
    np.testing.assert_allclose(figure.data[cable + 1].y, before * 2.5)
    gravity = curve_arrays(body, Cable(25), knee_deg=90)[Cable(25).name]["gravity"]
    np.testing.assert_allclose(figure.data[cable].y, before * 2.5 + gravity)
    assert w.figure is figure and w.last_error is None


def test_resistance_lab_marker_readout_and_toggles(body: Body) -> None:
    w = ResistanceLab(body)
    w.lift.value = 60
    marker = w.figure.data[-1]
    totals = resistance_curves(body, [Bodyweight(), Band(), Cable(), GluteMachine()],
                               lift_deg=[60.0])["total_torque_Nm"].to_numpy()
    np.testing.assert_allclose(marker.y, totals)
    assert np.all(np.asarray(marker.x) == 60)
    assert f"{totals[1]:.1f} N·m" in w.readout.value
    w.equipment["band"].value = False
    band = TRACES_PER_DEVICE
    assert w.figure.data[band].visible is False and np.isnan(w.figure.data[-1].y[1])
    assert "Band (" not in w.readout.value
    w.show_share.value = True
    assert w.figure.data[2].visible and w.figure.layout.yaxis2.visible
    assert w.figure.data[band + 2].visible is False  # hidden device: no share curve either


def test_resistance_lab_reports_rejected_settings(body: Body) -> None:
    w = ResistanceLab(body)
    w.band_length.value = 0.1  # the model refuses a band stretched past 300 %
    assert "stretch" in w.readout.value and "Not possible" in w.readout.value
    assert "stretch" in (w.last_error or "")
    band = TRACES_PER_DEVICE
    assert np.all(np.isnan(w.figure.data[band].y)) and not w.figure.data[band].visible
    assert type(w.static_figure()) is go.Figure
    w.band_length.value = 0.4
    assert w.last_error is None and w.figure.data[band].visible
    np.testing.assert_allclose(w.figure.data[band].y,
                               resistance_curves(body, Band())["total_torque_Nm"])


def test_resistance_lab_knee_step_gives_each_devices_own_curve(body: Body) -> None:
    # A knee step computes every ticked device in one model call; each curve must be
    # the one the device gives alone (and one refused device must not hide the others).
    w = ResistanceLab(body)
    grid = np.asarray(w.figure.data[0].x, float)
    for band_length, knee in ((0.4, 0), (0.1, 90)):
        w.band_length.value = band_length
        w.knee.value = knee
        for i, key in enumerate(("bodyweight", "band", "cable", "machine")):
            y = np.asarray(w.figure.data[i * TRACES_PER_DEVICE].y, float)
            device = w.devices[key]
            if band_length == 0.1 and key == "band":
                assert device is None and np.all(np.isnan(y)) and "stretch" in w.errors[key]
                continue
            assert device is not None
            alone = curve_arrays(body, device, grid, float(knee), below_floor="nan")
            np.testing.assert_array_equal(y, alone[device.name]["total"])
        # A straight leg starts above the floor (NaN first); a bent one can start at 0.
        assert np.isnan(w.figure.data[0].y[0]) == (knee == 0)


def test_tempo_lab_follows_the_model(body: Body) -> None:
    w = TempoLab(body)
    _kernel_comm(w)
    _contract(w, "up", "squeeze", "down", "style", "readout")
    figure = w.figure
    assert "(s)" in w.up.description
    w.up.value, w.squeeze.value = 1.0, 0.5
    rep = repetition(body, tempo_s=(1.0, 0.5, 2.0))
    np.testing.assert_allclose(figure.data[1].x, rep["time_s"])
    np.testing.assert_allclose(figure.data[1].y, rep["hip_torque_Nm"])
    tut = time_under_tension(rep)
    assert f"{tut:.1f} s of {rep['time_s'].iloc[-1]:.1f} s" in w.readout.value
    assert w.time_under_tension_s == pytest.approx(tut)
    w.style.value = "swing"
    swing = repetition(body, style="swing")
    np.testing.assert_allclose(figure.data[1].y, swing["hip_torque_Nm"])
    assert w.up.disabled and w.figure is figure and w.last_error is None
    # The title is the figure's first annotation (a slider step changes it with a move).
    assert f"{time_under_tension(swing):.1f} s" in figure.layout.annotations[0].text


def test_tempo_lab_time_under_tension_is_the_tables(body: Body) -> None:
    """The widget works on repetition_arrays(); its numbers are those of repetition()."""
    w = TempoLab(body)
    for tempo in ((0.2, 0.0, 0.2), (1.0, 0.5, 2.0), (3.3, 2.2, 4.7), (6.0, 5.0, 6.0)):
        w.up.value, w.squeeze.value, w.down.value = tempo
        rep = repetition(body, tempo_s=(w.up.value, w.squeeze.value, w.down.value))
        assert w.time_under_tension_s == time_under_tension(rep)
        assert w.description == rep_description("controlled", rep)
    w.style.value = "swing"
    swing = repetition(body, style="swing")
    assert w.time_under_tension_s == time_under_tension(swing)
    assert w.description == rep_description("swing", swing)
    assert f"{time_under_tension(swing):.1f} s of {swing['time_s'].iloc[-1]:.1f} s" in (
        w.readout.value)


def test_tempo_lab_reports_a_swing_the_model_refuses(body: Body) -> None:
    w = TempoLab(body, equipment=PullsUp(60.0))
    w.style.value = "swing"
    assert "Not possible" in w.readout.value and w.rep is None
    assert len(w.figure.data[1].x) == 0
    assert "refused" in w.static_figure().layout.meta["description"]
    w.style.value = "controlled"
    assert w.rep is not None and len(w.figure.data[1].x) > 0
    w.up.value = 99  # beyond the slider: clamped to its bound, which the model accepts
    assert w.up.value == w.up.max and w.last_error is None


def test_only_the_models_rejections_go_to_the_readout(body: Body,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    w = ResistanceLab(body)
    w.pulley_distance.value = 0.2  # accepted: the readout stays a readout
    assert w.last_error is None

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug below the model")

    monkeypatch.setattr(w, "push", broken)
    with pytest.raises(ValueError, match="a bug below the model"):
        w.lift.value = 50  # not shown as "Not possible": a bug must surface


def test_figure_widget_survives_the_browsers_trace_deltas() -> None:
    """plotly.js echoes numpy data back as typed-array specs; plotly's own handler
    then raises "truth value of an array is ambiguous" (plotly.py#4160)."""
    import plotly.graph_objects as go

    from kickback_edu.widgets.base import CourseFigureWidget

    def echo(fig: go.FigureWidget) -> None:
        trace = fig.data[0]
        fig._last_trace_edit_id = 7
        delta = {"uid": trace.uid, "x": {"dtype": "f8", "bdata": "AAAAAAAA8D8="},
                 "line": {"width": 2}, "marker": {"size": 6}}
        fig._handler_js2py_traceDeltas(
            {"new": {"trace_deltas": [delta], "trace_edit_id": 7}})

    for cls, should_fail in ((go.FigureWidget, True), (CourseFigureWidget, False)):
        fig = cls(go.Figure(go.Scatter(x=np.arange(3.0), y=np.arange(3.0),
                                       line={"color": "#000000"})))
        with fig.batch_update():
            fig.plotly_update(restyle_data={"x": [np.arange(4.0)]}, trace_indexes=[0])
        if should_fail:
            with pytest.raises(ValueError, match="truth value of an array"):
                echo(fig)
        else:
            echo(fig)
            np.testing.assert_array_equal(fig.data[0].x, np.arange(4.0))
            assert fig.data[0].line.color == "#000000"
            assert fig.data[0].marker.size == 6  # a real default still arrives


def _shown_controls(box: widgets.Widget) -> set[int]:
    """Ids of the widgets in ``box``'s tree that are displayed (no ancestor hidden)."""
    if isinstance(box.layout, widgets.Layout) and box.layout.display == "none":
        return set()
    out = {id(box)}
    for child in getattr(box, "children", ()):
        out |= _shown_controls(child)
    return out


def test_resistance_lab_shows_the_settings_of_ticked_devices_only() -> None:
    lab = ResistanceLab(show=("band",))
    band = (lab.band_color, lab.band_length)
    cable = (lab.cable_load, lab.pulley_height, lab.pulley_distance)
    machine = (lab.machine_kind, lab.machine_load)

    def shown(controls: tuple[widgets.Widget, ...]) -> list[bool]:
        ids = _shown_controls(lab)
        return [id(c) in ids for c in controls]

    assert shown(band) == [True, True] and shown(cable + machine) == [False] * 5
    # hidden, not greyed out: nothing is disabled
    assert not any(c.disabled for c in band + cable + machine)
    lab.cable_load.value = 25.0  # a hidden setting keeps its value when shown again
    lab.equipment["cable"].value = True
    assert shown(cable) == [True] * 3 and lab.cable_load.value == 25.0
    cable_device = lab.devices["cable"]
    assert cable_device is not None and cable_device.name == Cable(25.0, 0.0, 1.0).name
    lab.equipment["band"].value = False
    assert shown(band) == [False, False] and shown(cable) == [True] * 3
    lab.equipment["band"].value = True
    assert shown(band) == [True, True]
    # the knee and the lift slider are always on show
    assert shown((lab.knee, lab.lift, lab.show_share)) == [True] * 3


def test_resistance_lab_lift_slider_is_next_to_the_figure() -> None:
    """The lift slider sits right above the figure; each device's settings sit under its
    tick box in a panel beside (wide) or above (narrow) the figure, not below it."""
    lab = ResistanceLab()
    row, readout = lab.children
    assert readout is lab.readout
    panel, plot = row.children
    assert list(plot.children) == [lab.lift, lab.figure]
    # right to left with wrapping: the panel stands right of the figure, or above it
    assert row.layout.flex_flow == "row-reverse wrap"
    in_panel = _shown_controls(panel)
    for key, checkbox in lab.equipment.items():
        group = next(g for g in panel.children if checkbox in getattr(g, "children", ()))
        assert group.children[0] is checkbox
        if key in lab.settings:
            assert group.children[1] is lab.settings[key]
    assert {id(c) for c in (lab.band_length, lab.machine_load, lab.pulley_height, lab.knee,
                            lab.show_share)} <= in_panel
    assert id(lab.figure) not in in_panel and id(lab.lift) not in in_panel


def test_settings_that_do_not_apply_are_greyed_out() -> None:
    muscle_map = MuscleMap(mode="role")
    assert muscle_map.lift.disabled and muscle_map.knee.disabled
    muscle_map.mode.value = "involvement"
    assert not muscle_map.lift.disabled and not muscle_map.knee.disabled


def test_resistance_lab_says_when_a_load_is_beyond_modelled_strength(body: Body) -> None:
    # Plate machine, 60 kg on a 0.5 m horn, lever 45° from vertical (foot near the
    # hip's line at a 45° lift): far more than the ~190 N·m this body can produce.
    lab = ResistanceLab(body, show=("machine",))
    lab.machine_load.value = 60.0
    assert "more than your modelled strength" in lab.readout.value
    share = float(lab.readout.value.split("% of your strength")[0].rsplit("That is ", 1)[-1])
    assert share > 100.0
    lab.machine_load.value = 10.0  # well inside: no remark at all
    assert "modelled strength" not in lab.readout.value.replace("% of your strength (model)", "")


def test_tempo_lab_static_note_gives_the_tempo_drawn() -> None:
    lab = TempoLab(Body(), tempo_s=(1.5, 0.5, 3.0))
    assert lab.static_note == ("On paper: a controlled repetition with the tempo as first set "
                               "(1.5 s up, 0.5 s squeeze, 3 s down); the swung repetition "
                               "is drawn in the figure further down.")
    # Notebook 02, the lab's only page, draws both repetitions after it.
    import json
    from pathlib import Path
    cells = json.loads(Path(__file__).parents[1].joinpath(
        "notebooks", "02_form_and_range_of_motion.ipynb").read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    lab_at = next(i for i, c in enumerate(code) if "TempoLab(" in c)
    assert any("repetition_figure(" in c for c in code[lab_at + 1:])


def test_resistance_readout_reads_as_sentences(body: Body) -> None:
    lab = ResistanceLab(body, show=("bodyweight", "band"), lift_deg=45)
    text = re.sub(r"<[^>]+>", "", lab.readout.value)
    leg = lab.torque_at_lift()["bodyweight"]
    # Bodyweight is the leg alone: no "device 0.0" part.
    assert f"Bodyweight (leg only): {leg:.1f} N·m, the weight of the leg itself." in text
    assert "device" not in text
    # A band's torque is the band's own plus the same leg weight (the parts add up).
    total = lab.torque_at_lift()["band"]
    parts = re.search(r"([\d.]+) N·m in all, ([\d.]+) N·m from the band and ([\d.]+) N·m "
                      r"from the leg's weight\.", text)
    assert parts is not None and float(parts[1]) == pytest.approx(total, abs=0.05)
    assert float(parts[3]) == pytest.approx(leg, abs=0.05)
    assert float(parts[2]) + float(parts[3]) == pytest.approx(total, abs=0.1)
    assert re.search(r"That is \d+% of your strength \(model\)\.", text)
    # What the band's curve shows is said once, in words, in the readout.
    assert "The band alone peaks at " in text


def test_resistance_lab_static_note_reads_the_curves_at_key_lifts(body: Body) -> None:
    lab = ResistanceLab(body, show=("bodyweight", "cable"))
    values = {}
    for lift in (0, 45, 90):
        lab.lift.value = lift
        values[lift] = lab.torque_at_lift()
    note = lab.static_note
    assert note.startswith("On paper:") and "at 0°, 45° and 90° of lift" in note
    for key, name in (("bodyweight", "Bodyweight (leg only)"),
                      ("cable", f"{lab.devices['cable'].name} + leg")):
        v = [f"{values[a][key]:.0f}" for a in (0, 45, 90)]
        assert f"{name} {v[0]}, {v[1]} and {v[2]} N·m" in note
    # A straight knee cannot start at 0°: the note starts where the foot clears the floor.
    straight = ResistanceLab(body, show=("cable",), knee_deg=0)
    first = int(np.ceil(straight.first_lift_deg))
    assert f"at {first}° and 90° of lift" in straight.static_note


def test_muscle_map_static_note_gives_the_card_or_the_models_numbers(body: Body) -> None:
    row = load_muscles().set_index("key").loc["gluteus_medius"]
    note = MuscleMap(body, muscle="gluteus_medius").static_note
    assert note.startswith("On paper:") and "the card of the gluteus medius" in note
    for field in ("role", "action", "origin", "insertion"):
        assert str(row[field]).rstrip(".") in note
    # By involvement: the numbers the sliders would show, from the model itself.
    helpers = MuscleMap(body, mode="involvement", knee_deg=0, muscle="hamstrings").static_note
    bent = [float(muscle_activation(body, 90.0, knee)["hamstrings"]) for knee in (0, 45, 90)]
    assert (f"with the knee bent 0°, 45° and 90°: hamstrings {bent[0]:.2f}, {bent[1]:.2f} and "
            f"{bent[2]:.2f}") in helpers
    assert bent[0] > bent[2]  # active insufficiency: a bent knee leaves the hamstrings less
    lifts = MuscleMap(body, mode="involvement", lift_deg=0).static_note
    gmax = [float(muscle_activation(body, lift, 90.0)["gluteus_maximus"])
            for lift in (0, 45, 90)]
    assert (f"at lifts of 0°, 45° and 90°: gluteus maximus {gmax[0]:.2f}, {gmax[1]:.2f} and "
            f"{gmax[2]:.2f}") in lifts
    assert "At this lift" not in lifts  # at 0° only the bent knee clears the floor
