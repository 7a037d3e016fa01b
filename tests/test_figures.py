"""Figure functions: traces against the model's numbers, titles, units, frames, colours."""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.colors import get_colorscale, hex_to_rgb, unlabel_rgb

from kickback_edu import (
    Band,
    Body,
    Bodyweight,
    Cable,
    GluteMachine,
    muscle_activation,
    pose,
    repetition,
    repetition_arrays,
    resistance_curves,
    time_under_tension,
)
from kickback_edu.figures import (
    active_muscles_figure,
    description,
    leg_animation_figure,
    muscle_map_figure,
    repetition_figure,
    resistance_figure,
    side_view_figure,
    torque_time_figure,
)
from kickback_edu.figures.curves import (
    ANN_FLOOR,
    CABLE_TEXT,
    SHAPE_FLOOR,
    TRACES_PER_DEVICE,
    findings,
    findings_sentences,
)
from kickback_edu.figures.dynamics import rep_arrays, rep_description, rep_title
from kickback_edu.figures.leg import SIDE_TRACES
from kickback_edu.figures.muscles import BEADS, MAP_MUSCLES, involvement_color
from kickback_edu.figures.style import BODY_COLOR, ROLE_COLORS, WARNING_COLOR
from kickback_edu.muscles import MUSCLE_KEYS
from kickback_edu.outline import min_lift_deg

VIRIDIS = get_colorscale("Viridis")


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(unlabel_rgb(color)) if color.startswith("rgb") else hex_to_rgb(color)


def _lightness(color: str) -> float:
    r, g, b = _rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _trace(fig: go.Figure, name: str) -> go.Scatter:
    return next(t for t in fig.data if t.name == name)


def _check_common(fig: go.Figure, axis_units: tuple[str, str]) -> None:
    """Title, axis titles with units, a one-sentence description."""
    assert fig.layout.title.text
    assert axis_units[0] in fig.layout.xaxis.title.text
    assert axis_units[1] in fig.layout.yaxis.title.text
    text = description(fig)
    assert text.endswith(".") and len(text) > 40


@pytest.fixture(scope="module")
def body() -> Body:
    return Body(mass_kg=70.0, height_m=1.75)


def test_side_view_draws_the_models_joints(body: Body) -> None:
    fig = side_view_figure(body, 60, 90)
    _check_common(fig, ("(m)", "(m)"))
    assert [t.name for t in fig.data] == [
        "floor", "recommended top", "body outline", "working leg outline", "body", "torso",
        "low back", "working leg", "cable", "lumbar warning", "status"]
    assert len(fig.data) == len(SIDE_TRACES)
    p = pose(body, 60, 90)
    leg = _trace(fig, "working leg")
    expected = np.array([p.hip, p.knee, p.ankle, p.heel, p.toe, p.ankle])
    np.testing.assert_allclose(np.column_stack([leg.x, leg.y]), expected)


def test_low_back_turns_warning_colour_past_the_limit(body: Body) -> None:
    limit = 90 + body.hip_extension_limit_deg
    good = side_view_figure(body, limit, 90)
    assert _trace(good, "low back").line.color == BODY_COLOR
    assert _trace(good, "lumbar warning").text == ("",)
    bad = side_view_figure(body, limit + 12, 90)
    assert _trace(bad, "low back").line.color == WARNING_COLOR
    lumbar = float(pose(body, limit + 12, 90).lumbar_extension_deg)
    assert _trace(bad, "lumbar warning").text == (f"⚠ low back arches {lumbar:.0f}°",)
    assert "arches by 12°" in description(bad)


def test_leg_animation_frames_follow_the_repetition(body: Body) -> None:
    rep = repetition(body, None, (2.0, 1.0, 2.0), top_lift_deg=115.0, knee_deg=90.0)
    fig = leg_animation_figure(body, rep, frame_step_s=0.1)
    assert type(fig) is go.Figure  # plain figure: plays in static HTML
    _check_common(fig, ("(m)", "(m)"))
    assert len(fig.frames) == 51  # 0.0, 0.1, ..., 5.0 s
    assert len(fig.layout.sliders[0].steps) == len(fig.frames)
    labels = [b.label for b in fig.layout.updatemenus[0].buttons]
    assert any("Play" in x for x in labels) and any("Pause" in x for x in labels)
    times = rep["time_s"].to_numpy()
    rows = [int(np.argmin(np.abs(times - t))) for t in np.arange(51) * 0.1]
    lumbar = pose(body, rep["lift_deg"].to_numpy()[rows], 90.0).lumbar_extension_deg
    back = SIDE_TRACES.index("low_back")
    colours = []
    for frame in fig.frames:
        index = list(frame.traces).index(back)
        colours.append(frame.data[index].line.color)
    assert colours == [WARNING_COLOR if v > 0 else BODY_COLOR for v in lumbar]
    assert 0 < sum(c == WARNING_COLOR for c in colours) < len(colours)
    status = fig.frames[20].data[-1].text[0]
    torque = rep["hip_torque_Nm"].to_numpy()[rows[20]]
    assert f"hip torque {torque:.0f} N·m" in status


def test_leg_animation_rejects_a_bad_frame_step(body: Body) -> None:
    with pytest.raises(ValueError, match="frame_step_s"):
        leg_animation_figure(body, frame_step_s=0.0)


def test_active_muscles_colours_follow_involvement(body: Body) -> None:
    fig = active_muscles_figure(body, 60, 90)
    _check_common(fig, ("(m)", "(m)"))
    muscles = _trace(fig, "muscles")
    involvement = muscle_activation(body, 60, 90)
    values = np.array([involvement[k] for k in MUSCLE_KEYS])
    np.testing.assert_allclose(muscles.marker.color, np.repeat(values, BEADS))
    assert muscles.marker.cmin == 0 and muscles.marker.cmax == 1
    assert [c for _, c in muscles.marker.colorscale] == [c for _, c in VIRIDIS]
    assert muscles.marker.showscale and "model" in muscles.marker.colorbar.title.text
    # The most involved muscle sits nearest the hot (yellow) end of the scale.
    top = int(np.argmax(values))
    assert np.argmax(muscles.marker.color) // BEADS == top
    assert "customdata[1]" in muscles.hovertemplate  # role
    assert muscles.customdata[top * BEADS][0].lower() in description(fig)
    names = {row[0] for row in muscles.customdata}
    assert "Gluteus maximus" in names and "Hamstrings" in names


def test_involvement_colour_scale_has_a_hot_end() -> None:
    assert _rgb(involvement_color(1.0)) == _rgb(VIRIDIS[-1][1])  # the hot end: yellow
    assert _rgb(involvement_color(0.0)) == _rgb(VIRIDIS[0][1])   # resting: dark purple
    assert _lightness(involvement_color(1.0)) > _lightness(involvement_color(0.5)) > \
        _lightness(involvement_color(0.0))


def test_muscle_map_roles_and_involvement(body: Body) -> None:
    role = muscle_map_figure(body, "role")
    _check_common(role, ("(m", "(m"))
    fills = [t for t in role.data if t.fill == "toself"]
    assert [t.name for t in fills] == ["Hamstrings", "Gluteus maximus", "Gluteus medius",
                                       "Gluteus minimus", "Core and lower back"]
    assert [t.fillcolor for t in fills] == [
        ROLE_COLORS[r] for r in ("synergist", "prime mover", "stabiliser", "stabiliser",
                                 "isometric brace")]
    legend = [t.name for t in role.data if t.showlegend]
    assert legend == list(ROLE_COLORS)
    involved = muscle_map_figure(body, "involvement", lift_deg=80, knee_deg=90)
    values = muscle_activation(body, 80, 90)
    fills = [t for t in involved.data if t.fill == "toself"]
    colours = [t.fillcolor for t in fills]
    assert colours == [involvement_color(values[k]) for k in MAP_MUSCLES]
    hottest = max(MAP_MUSCLES, key=lambda k: values[k])
    brightest = MAP_MUSCLES[int(np.argmax([_lightness(c) for c in colours]))]
    assert brightest == hottest
    with pytest.raises(KeyError, match="mode"):
        muscle_map_figure(body, "active")


def test_resistance_curves_match_the_model(body: Body) -> None:
    devices = [Bodyweight(), Band(), Cable(), GluteMachine()]
    fig = resistance_figure(body, devices, knee_deg=90)
    _check_common(fig, ("°", "N·m"))
    table = resistance_curves(body, devices, knee_deg=90)
    for i, device in enumerate(devices):
        rows = table[table["equipment"] == device.name]
        total, alone = fig.data[i * TRACES_PER_DEVICE], fig.data[i * TRACES_PER_DEVICE + 1]
        np.testing.assert_allclose(total.x, rows["lift_deg"])
        np.testing.assert_allclose(total.y, rows["total_torque_Nm"])
        np.testing.assert_allclose(alone.y, rows["device_torque_Nm"])
        assert total.line.dash != fig.data[(i + 1) % 4 * TRACES_PER_DEVICE].line.dash
    band = table[table["key"] == "band"]
    peak = float(band["lift_deg"].iloc[int(np.argmax(band["device_torque_Nm"]))])
    assert 20 < peak < 80  # the default red band peaks mid-range
    ann = fig.layout.annotations
    cable = table[table["key"] == "cable"]
    # The low cable never helps the lift: it runs under the body, round the knee.
    assert np.all(cable["device_torque_Nm"] > 0)
    wraps = Cable().wraps_knee(body, cable["lift_deg"].to_numpy(), 90)
    start = float(cable["lift_deg"][wraps].iloc[0]) + 0.0  # a stored -0.0 prints "-0"
    # Both findings are said in words (no note on the plot, where it would cover curves).
    found = findings(devices, fig.data[0].x, {
        d.name: {"device": rows["device_torque_Nm"].to_numpy(),
                 "wraps": Cable().wraps_knee(body, rows["lift_deg"].to_numpy(), 90)}
        for d in devices for rows in [table[table["equipment"] == d.name]]})
    assert found["band"]["visible"] and found["band"]["x"] == peak
    assert found["cable"]["visible"] and found["cable"]["x"] == start
    band_text, cable_text = findings_sentences(found)
    assert f"peaks at {peak:.0f}°" in band_text and CABLE_TEXT in cable_text
    assert f"peaks mid-range at {peak:.0f}°" in description(fig)
    assert f"from {start:.0f}° the cable runs round the front of the knee" in description(fig)
    assert not any("peaks" in (a.text or "") or "knee" in (a.text or "") for a in ann)
    assert not ann[ANN_FLOOR].visible  # knee 90: every lift is a pose a body can take
    zone = next(s for s in fig.layout.shapes if s.type == "rect")
    assert zone.x0 == 90 + body.hip_extension_limit_deg


def test_resistance_share_and_marker(body: Body) -> None:
    fig = resistance_figure(body, [Cable(load_kg=20)], show_share=True, marker_lift_deg=40)
    table = resistance_curves(body, Cable(load_kg=20))
    np.testing.assert_allclose(fig.data[2].y, 100 * table["strength_share"])
    assert fig.data[2].visible and fig.layout.yaxis2.visible
    assert "%" in fig.layout.yaxis2.title.text
    marker = fig.data[3]
    assert marker.x[0] == 40
    assert marker.y[0] == pytest.approx(table.loc[table["lift_deg"] == 40,
                                                  "total_torque_Nm"].item())
    # No finding, no sentence: no cable, no cable sentence; no band, no band sentence.
    quiet = resistance_figure(body, [GluteMachine()])
    assert "peaks" not in description(quiet) and "round the front" not in description(quiet)


def test_straight_knee_curves_start_where_the_foot_clears_the_floor(body: Body) -> None:
    first = float(min_lift_deg(body, 0))
    fig = resistance_figure(body, [Bodyweight(), Cable()], knee_deg=0)
    total = np.asarray(fig.data[0].y, dtype=float)
    lifts = np.asarray(fig.data[0].x, dtype=float)
    assert np.all(np.isnan(total[lifts < first])) and np.all(np.isfinite(total[lifts >= first]))
    ann = fig.layout.annotations[ANN_FLOOR]
    assert ann.visible and f"below {first:.1f}°" in ann.text
    assert fig.layout.shapes[SHAPE_FLOOR].x1 == pytest.approx(first)
    assert f"from {first:.1f}°, where the foot clears the floor" in description(fig)
    table = resistance_curves(body, Cable(), knee_deg=0)
    assert table["lift_deg"].min() == np.ceil(first)


def test_repetition_figure_controlled_above_swing(body: Body) -> None:
    fig = repetition_figure(body, tempo_s=(2.0, 1.0, 2.0))
    controlled = repetition(body, tempo_s=(2.0, 1.0, 2.0))
    swing = repetition(body, style="swing")
    torque = [t for t in fig.data if t.name == "required hip torque"]
    assert len(torque) == 2
    np.testing.assert_allclose(torque[0].y, controlled["hip_torque_Nm"])
    np.testing.assert_allclose(torque[1].x, swing["time_s"])
    titles = [a.text for a in fig.layout.annotations]
    assert any(f"{time_under_tension(controlled):.1f} s under tension" in t for t in titles)
    assert any(f"{time_under_tension(swing):.1f} s under tension" in t for t in titles)
    assert "(s)" in fig.layout.xaxis.title.text and "N·m" in fig.layout.yaxis.title.text
    assert re.search(r"\d\.\d s under tension", description(fig))
    # Stacked, both panels as wide as the figure allows (side by side, the four axes collided
    # in a narrow notebook): the controlled rep's panel lies wholly above the swing rep's.
    assert fig.layout.yaxis.domain[0] > fig.layout.yaxis3.domain[1]
    assert tuple(fig.layout.xaxis.domain) == tuple(fig.layout.xaxis2.domain)


def test_torque_time_figure_shades_time_under_tension(body: Body) -> None:
    rep = repetition(body, tempo_s=(1.0, 0.0, 1.0))
    fig = torque_time_figure(rep)
    _check_common(fig, ("(s)", "N·m"))
    shade = fig.data[0]
    under = rep["under_tension"].to_numpy()
    np.testing.assert_allclose(shade.y, np.where(under, rep["hip_torque_Nm"], 0.0))
    assert "°" in fig.layout.yaxis2.title.text


def test_rep_helpers_take_the_table_or_the_arrays(body: Body) -> None:
    for style in ("controlled", "swing"):
        table = repetition(body, tempo_s=(1.5, 0.5, 2.0), style=style)
        arrays = repetition_arrays(body, tempo_s=(1.5, 0.5, 2.0), style=style)
        from_table, from_arrays = rep_arrays(table), rep_arrays(arrays)
        assert from_table.keys() == from_arrays.keys()
        for key, values in from_table.items():
            np.testing.assert_array_equal(from_arrays[key], values)
        assert rep_title(style, arrays) == rep_title(style, table)
        assert rep_description(style, arrays) == rep_description(style, table)
        assert (torque_time_figure(arrays, style).to_json()
                == torque_time_figure(table, style).to_json())


@pytest.mark.parametrize("bad", [None, [1.0, 2.0], {"time_s": np.zeros(3)}, "rep"])
def test_rep_helpers_name_what_they_take(body: Body, bad: object) -> None:
    no_tension = repetition(body).drop(columns="under_tension")
    for rep in (bad, no_tension):
        for helper in (rep_arrays, lambda r: rep_title("swing", r),
                       lambda r: rep_description("swing", r), torque_time_figure):
            with pytest.raises(ValueError, match=r"repetition\(\) or a dict .*"
                                                 r"repetition_arrays\(\)"):
                helper(rep)


def _lab(colour: str) -> np.ndarray:
    """CIE L*a*b* (D65) of an ``"rgb(r, g, b)"`` colour, by the sRGB standard formulas."""
    c = np.array(_rgb(colour), dtype=float) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_mid_range_involvements_are_told_apart() -> None:
    # The values the course teaches with sit between 0.3 and 0.7: neighbours 0.2
    # apart must differ by a colour distance (CIE76 delta E) well past "clearly
    # visible" (~10), and the scale must not pass through a grey middle.
    labs = [_lab(involvement_color(v)) for v in (0.3, 0.5, 0.7)]
    assert np.linalg.norm(labs[1] - labs[0]) > 15
    assert np.linalg.norm(labs[2] - labs[1]) > 15
    chroma = [float(np.hypot(lab[1], lab[2])) for lab in labs]
    assert min(chroma) > 20, f"a mid-range colour is nearly grey: chroma {chroma}"
