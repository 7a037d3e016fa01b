"""CourseFigureWidget: the resize-following bundle, and updates staged in a batch."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import plotly
import plotly.graph_objects as go
import pytest

from kickback_edu.widgets import LegExplorer, MuscleMap, ResistanceLab
from kickback_edu.widgets.base import FigureBox
from kickback_edu.widgets.figure_widget import (
    RESPONSIVE_ESM,
    SHARED_STUB_ESM,
    CourseFigureWidget,
    bundle_key,
    responsive_bundle,
)

STOCK_TAIL = "var j4t=()=>{};export{TD as FigureModel,MD as FigureView,j4t as default};\n/*! x */"


def test_the_installed_plotly_bundle_gets_the_resize_observer() -> None:
    """If a plotly release changes its bundle, this fails (and figures would be 700 px)."""
    assert RESPONSIVE_ESM is not None, f"plotly {plotly.__version__}: bundle not patched"
    assert "new ResizeObserver" in RESPONSIVE_ESM
    assert 'for (const name of ["_sendTraceDeltas", "_sendLayoutDelta"])' in RESPONSIVE_ESM
    for method in ("_sendTraceDeltas(", "_sendLayoutDelta("):  # the methods wrapped exist
        assert method in RESPONSIVE_ESM.split("var kickbackResponsive")[0]
    views = re.findall(r"export ?\{[^}]*as FigureView[^}]*\}", RESPONSIVE_ESM)
    assert len(views) == 1 and views[0].endswith("kickbackResponsive as default }"), views


def test_the_kernels_first_figure_carries_the_bundle_every_module_is_the_loader(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CourseFigureWidget, "_bundle_carried", False)
    first, second, third = (CourseFigureWidget(go.Figure()) for _ in range(3))
    assert first.get_state()["_kickback_bundle"] == RESPONSIVE_ESM  # in its first state
    assert second._kickback_bundle == third._kickback_bundle == ""
    assert first._esm == second._esm == third._esm == SHARED_STUB_ESM
    key = bundle_key((Path(plotly.__file__).parent / "package_data" / "widgetbundle.js")
                     .read_text(encoding="utf-8"))
    assert f'const KEY = "{key}";' in SHARED_STUB_ESM
    assert f'all["{key}"].resolve' in RESPONSIVE_ESM


def test_a_page_that_asks_gets_the_bundle() -> None:
    fig = CourseFigureWidget(go.Figure())
    replies: list[Any] = []
    fig.send = lambda content, buffers=None: replies.append(content)  # type: ignore[method-assign]
    fig._send_bundle(fig, {"kind": "something else"}, [])
    assert replies == []
    fig._send_bundle(fig, {"kind": "kickback-bundle-request", "key": "k"}, [])
    assert [r["kind"] for r in replies] == ["kickback-bundle"]
    assert replies[0]["code"] == RESPONSIVE_ESM


def test_the_patch_keeps_the_bundle_and_wraps_its_entry_point() -> None:
    patched = responsive_bundle(STOCK_TAIL)
    assert patched is not None
    assert patched.startswith("var j4t=()=>{};") and patched.endswith("/*! x */")
    assert "const widget = j4t();" in patched and "MD.prototype[name]" in patched
    assert "__" not in patched.replace("__proto__", "")  # every placeholder filled
    assert ("export { TD as FigureModel, MD as FigureView, kickbackResponsive as default };"
            in patched)


@pytest.mark.parametrize("bundle", ["export default x;", STOCK_TAIL + STOCK_TAIL])
def test_an_unexpected_bundle_is_left_alone(bundle: str) -> None:
    assert responsive_bundle(bundle) is None


def test_live_figures_ask_plotly_for_its_responsive_mode() -> None:
    assert CourseFigureWidget(go.Figure())._config["responsive"] is True


def two_traces() -> CourseFigureWidget:
    return CourseFigureWidget(go.Figure([
        go.Scatter(x=[0, 1], y=[0, 1], line={"color": "red"}),
        go.Scatter(x=[0, 1], y=[1, 0], line={"color": "blue"})]))


def test_staged_values_reach_the_figure_in_one_update() -> None:
    """Different properties for different traces: one plotly_update, and each trace
    keeps what it was not sent (plotly's placeholder for "leave as is")."""
    fig = two_traces()
    sent: list[dict[str, Any]] = []
    fig._send_update_msg = lambda **kw: sent.append(kw)  # type: ignore[method-assign]
    with fig.batch_update():
        fig.stage({0: {"y": np.array([5.0, 6.0])}, 1: {"line.color": "green"}},
                  {"title.text": "new"})
    assert len(sent) == 1
    assert list(fig.data[0].y) == [5.0, 6.0] and fig.data[0].line.color == "red"
    assert list(fig.data[1].y) == [1, 0] and fig.data[1].line.color == "green"
    assert fig.layout.title.text == "new"
    go.Figure(fig)  # still a valid figure


def test_staging_needs_a_batch_and_an_existing_trace() -> None:
    fig = two_traces()
    with pytest.raises(RuntimeError, match="batch_update"):
        fig.stage({0: {"y": np.zeros(2)}}, {})
    with fig.batch_update(), pytest.raises(IndexError, match="trace index 2"):
        fig.stage({2: {"y": np.zeros(2)}}, {})


def test_relayout_checks_paths_as_plotly_does() -> None:
    """The course figure remembers which layout paths are valid; it must accept and
    refuse the same updates as plotly's own FigureWidget, also after the layout's
    arrays shrink or the layout is replaced, and end with the same layout."""
    def build(cls: type[go.FigureWidget]) -> go.FigureWidget:
        return cls(layout={"annotations": [{"text": str(i)} for i in range(5)],
                           "shapes": [{"type": "rect"}]})

    ours, stock = build(CourseFigureWidget), build(go.FigureWidget)

    def both(step: dict[str, Any]) -> None:
        outcomes = []
        for fig in (ours, stock):
            try:
                outcomes.append(("ok", fig.plotly_relayout(step)))
            except ValueError as err:
                outcomes.append(("refused", str(err)))
        assert outcomes[0] == outcomes[1], step
        assert ours.layout.to_plotly_json() == stock.layout.to_plotly_json()

    both({"annotations[4].text": "a", "shapes[0].x1": 3.0, "xaxis.range": [0, 1]})
    both({"annotations[4].text": "b", "annotations[4].x": 2.0})
    both({"annotations[5].text": "c"})           # one past the end: refused
    both({"annotations[4].colour": "red"})       # no such property: refused
    both({"annotations": [{"text": "only"}]})   # plotly shrinks the data, not the objects
    both({"annotations[4].text": "d"})
    both({"annotations[0].text": "e"})
    for fig in (ours, stock):                    # the array of objects shrinks
        fig.layout.annotations = [{"text": "fewer"}, {"text": "now"}]
    both({"annotations[4].text": "f"})           # was valid, now refused
    both({"annotations[1].text": "g"})
    for fig in (ours, stock):                    # a new layout object
        fig.layout = go.Layout(annotations=[{"text": "new"}])
    both({"annotations[4].text": "h"})
    both({"annotations[0].text": "i"})


def recording(fig: CourseFigureWidget) -> list[tuple[str, Any]]:
    """Record which message kind the figure sends (update or move) and its payload."""
    sent: list[tuple[str, Any]] = []
    fig._send_update_msg = lambda **kw: sent.append(("update", kw))  # type: ignore[method-assign]
    fig._send_animate_msg = lambda **kw: sent.append(("move", kw))  # type: ignore[method-assign]
    return sent


def test_a_move_is_one_frame_without_redraw_and_updates_the_figure() -> None:
    fig = two_traces()
    sent = recording(fig)
    fig.move({1: {"x": np.array([2.0, 3.0]), "marker.color": "green"}})
    assert [kind for kind, _ in sent] == ["move"]
    message = sent[0][1]
    assert message["trace_indexes"] == [1]
    assert message["animation_opts"]["frame"]["redraw"] is False
    assert message["animation_opts"]["transition"]["duration"] == 0
    assert list(fig.data[1].x) == [2.0, 3.0] and fig.data[1].marker.color == "green"
    assert list(fig.data[0].x) == [0, 1]


def test_a_move_refuses_what_it_cannot_draw() -> None:
    fig = two_traces()
    with pytest.raises(ValueError, match=r"only \['customdata', 'fillcolor', 'hovertemplate', "
                       r"'marker.color', 'text', 'x', 'y'\]; got \['line.color'\]"):
        fig.move({0: {"x": np.zeros(2), "line.color": "red"}})
    with pytest.raises(ValueError, match=r"annotation and shape properties.*'title.text'"):
        fig.move({0: {"x": np.zeros(2)}}, {"annotations[0].x": 1.0, "title.text": "t"})
    with pytest.raises(IndexError, match="trace index 5"):
        fig.move({5: {"x": np.zeros(2)}})
    with fig.batch_update(), pytest.raises(RuntimeError, match="batch_update"):
        fig.move({0: {"x": np.zeros(2)}})


class TwoLines(FigureBox):
    """Two traces; only the second may move."""

    description = "two lines"
    movable = frozenset({1})

    def __init__(self) -> None:
        super().__init__()
        figure = go.Figure(two_traces())
        figure.add_annotation(x=0.0, y=0.0, text="a")  # on the axes: a move may carry it
        self._assemble(figure, [])


@pytest.mark.parametrize(("traces", "layout", "kinds"), [
    ({1: {"x": np.array([5.0, 6.0])}}, None, ["move"]),
    ({1: {"x": np.array([5.0, 6.0]), "text": ["a", "b"]}}, None, ["move"]),
    ({0: {"x": np.array([5.0, 6.0])}}, None, ["update"]),              # not movable
    ({1: {"line.color": "black"}}, None, ["update"]),                   # a style, not a move
    ({1: {"x": np.array([5.0, 6.0])}}, {"title.text": "t"}, ["update"]),  # with the layout
    ({1: {"x": np.array([5.0, 6.0])}}, {"annotations[0].x": 0.5}, ["move"]),  # an annotation
    ({1: {"x": np.array([5.0, 6.0])}}, {"xaxis.range": [0.0, 9.0]}, ["update"]),  # an axis
    ({1: {"x": np.array([0, 1])}}, None, []),                           # unchanged: nothing
])
def test_push_moves_only_movable_points(traces: dict, layout: dict | None,
                                        kinds: list[str]) -> None:
    box = TwoLines()
    box.push({1: {"x": np.array([0, 1])}})  # what was sent first counts as unchanged
    sent = recording(box.figure)
    box.push(traces, layout)
    assert [kind for kind, _ in sent] == kinds
    for index, props in traces.items():
        for key, value in props.items():
            assert np.array_equal(np.asarray(box.figure.data[index][key]), np.asarray(value))


def test_the_lift_slider_moves_points_and_settings_update_the_figure() -> None:
    leg = LegExplorer(lift_deg=45)
    sent = recording(leg.figure)
    leg.lift.value = 50
    leg.knee.value = 60
    assert [kind for kind, _ in sent] == ["move", "move"]
    sent.clear()
    leg.lift.value = 120  # past the hip's limit: the low back turns the warning colour
    assert [kind for kind, _ in sent] == ["update"]
    assert "line.color" in sent[0][1]["restyle_data"]

    lab = ResistanceLab()
    sent = recording(lab.figure)
    lab.lift.value = 60
    assert [kind for kind, _ in sent] == ["move"]
    lab.cable_load.value = lab.cable_load.value + 1  # the curves stay inside the torque axis
    assert [kind for kind, _ in sent] == ["move", "move"]
    lab.cable_load.value = 60.0  # beyond it: the axis grows, in an update
    assert [kind for kind, _ in sent] == ["move", "move", "update"]
    assert "yaxis.range" in sent[-1][1]["relayout_data"]


def test_the_muscle_map_recolours_by_moves_and_switches_mode_by_update() -> None:
    box = MuscleMap(mode="involvement")
    box.lift.value = box.lift.value + 10  # the first change also sends the colour bar
    sent = recording(box.figure)
    box.lift.value = box.lift.value + 10
    assert [kind for kind, _ in sent] == ["move"]
    assert set(sent[0][1]["styles_data"][0]) <= {"fillcolor", "marker.color"}
    box.mode.value = "role"  # the colour bar and the hover text change: an update
    assert [kind for kind, _ in sent] == ["move", "update"]
