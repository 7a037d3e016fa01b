"""Settings sliders (curves that change shape, bars, a body of another height) are sent
as moves (``figure.move()``: a Plotly.animate frame without redraw, with the annotations
and shapes that change) except when an axis range must change; whatever was sent, the
page then draws exactly what a fresh drawing of the Python figure draws, and holds the
same data, axis ranges and texts as the Python side.

Like tests/browser/test_moves.py: a blank page with the figure widget's plotly.js
(offline), the messages the widgets really send, replayed in order.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest
from test_moves import APPLY_MESSAGES, PLOTLY_JS, SKIP, _figure_json, _plain

from kickback_edu.widgets import LegExplorer, ResistanceLab, StanceExplorer, TempoLab
from kickback_edu.widgets.base import FigureBox

pytestmark = pytest.mark.browser

#: Everything drawn: traces (lines, markers, bars, fills, their text), annotations,
#: shapes, legend entries and axis tick labels, as strings in document order.
DRAWING = r"""
() => {
  const gd = document.getElementById('g');
  const r = (v) => v === null ? 'null' : v.replace(/-?\d+\.\d+/g, (n) => Number(n).toFixed(1));
  const marks = Array.from(gd.querySelectorAll(
      '.scatterlayer path, .scatterlayer .point, .barlayer path'))
    .map(e => `${e.getAttribute('class')} d=${r(e.getAttribute('d'))}`
              + ` t=${r(e.getAttribute('transform'))} fill=${e.style.fill}`
              + ` ${e.style.fillOpacity} stroke=${e.style.stroke}`);
  const texts = Array.from(gd.querySelectorAll('.scatterlayer text, .barlayer text'))
    .map(e => `text ${e.textContent} x=${r(e.getAttribute('x'))} y=${r(e.getAttribute('y'))}`
              + ` t=${r(e.getAttribute('transform'))}`);
  const notes = Array.from(gd.querySelectorAll('.annotation'))
    .map(e => `annotation ${e.textContent} ${r(e.querySelector('.annotation-text-g')
      .getAttribute('transform'))} ${r((e.querySelector('path') || {getAttribute: () => ''})
      .getAttribute('d'))}`);
  const shapes = Array.from(gd.querySelectorAll('.shapelayer path'))
    .map(e => `shape d=${r(e.getAttribute('d'))} ${e.style.opacity}`);
  const legend = Array.from(gd.querySelectorAll('.legendtext')).map(e => `legend ${e.textContent}`);
  const ticks = Array.from(gd.querySelectorAll('.xtick text, .ytick text, .y2tick text'))
    .map(e => `tick ${e.textContent}`);
  return [...marks, ...texts, ...notes, ...shapes, ...legend, ...ticks];
}
"""

#: The page's own state: every trace's data, the axis ranges and the annotation texts.
PAGE_STATE = r"""
() => {
  const gd = document.getElementById('g');
  const num = (a) => a === undefined || a === null ? null
    : Array.from(a, (v) => (typeof v === 'number' ? v : String(v)));
  const axes = {};
  for (const name of Object.keys(gd._fullLayout)) {
    if (/^[xy]axis\d*$/.test(name)) axes[name] = gd._fullLayout[name].range.slice();
  }
  return {
    data: gd._fullData.map(t => ({x: num(t.x), y: num(t.y), text: num(t.text),
                                  name: t.name, visible: t.visible})),
    axes,
    annotations: gd._fullLayout.annotations.map(a => [a.text, a.visible]),
  };
}
"""


def _record(box: FigureBox, steps: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Set each control to its value in turn; return the messages sent to the browser."""
    sent: list[dict[str, Any]] = []
    animate, update = box.figure._send_animate_msg, box.figure._send_update_msg

    def spy_move(styles_data: Any, relayout_data: Any, trace_indexes: Any,
                 animation_opts: Any) -> None:
        sent.append({"kind": "move", "data": _plain(styles_data),
                     "layout": _plain(relayout_data), "traces": list(trace_indexes),
                     "options": animation_opts})
        animate(styles_data, relayout_data, trace_indexes, animation_opts)

    def spy_update(restyle_data: Any, relayout_data: Any, trace_indexes: Any = None,
                   **kwargs: Any) -> None:
        from plotly.basedatatypes import Undefined
        style = {k: [SKIP if v is Undefined else v for v in _plain(vals)]
                 for k, vals in (restyle_data or {}).items()}
        sent.append({"kind": "update", "style": style, "layout": _plain(relayout_data or {}),
                     "traces": list(trace_indexes)})
        update(restyle_data, relayout_data, trace_indexes, **kwargs)

    box.figure._send_animate_msg = spy_move  # type: ignore[method-assign]
    box.figure._send_update_msg = spy_update  # type: ignore[method-assign]
    for control, value in steps:
        control.value = value
    return sent


#: The moves replayed with their layout (test_moves's replay sends moves without one).
APPLY_WITH_LAYOUT = APPLY_MESSAGES.replace(
    "{data: m.data, traces: m.traces}", "{data: m.data, traces: m.traces, layout: m.layout}")


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_PATH = re.compile(r"d=(M[^ ]*)")

#: How far (px) a drawn coordinate may sit from a fresh drawing's. plotly.js redraws for
#: its automatic margins only when one changes by more than 1 px
#: (``Plots.didMarginChange``), so after a figure went through other states (a tick label
#: one digit wider for a while) its traces can be scaled to a plot area 1 px off the
#: fresh drawing's, with or without moves; a 1 px line simplification changes a path's
#: points but not its extent.
DRAWN_TOLERANCE_PX = 1.5


def _drawn_alike(moved: list[str], fresh: list[str]) -> bool:
    """Whether two drawings (:data:`DRAWING`) hold the same elements with the same texts,
    classes and colours, every number within :data:`DRAWN_TOLERANCE_PX` and every line
    path spanning the same box (a path is compared by its extent)."""

    def extent(match: re.Match[str]) -> str:
        values = [float(v) for v in _NUMBER.findall(match.group(1))]
        xs, ys = values[0::2], values[1::2]
        return f"d=box({min(xs)},{min(ys)},{max(xs)},{max(ys)})" if ys else match.group(0)

    def groups(items: list[str]) -> dict[str, list[list[float]]]:
        out: dict[str, list[list[float]]] = {}
        for item in items:
            item = _PATH.sub(extent, item)
            out.setdefault(_NUMBER.sub("#", item), []).append(
                [float(v) for v in _NUMBER.findall(item)])
        return {k: sorted(v) for k, v in out.items()}

    a, b = groups(moved), groups(fresh)
    assert a.keys() == b.keys(), sorted(set(a) ^ set(b))
    for key in a:
        assert len(a[key]) == len(b[key]), key
        for x, y in zip(a[key], b[key], strict=True):
            assert all(abs(u - v) <= DRAWN_TOLERANCE_PX for u, v in zip(x, y, strict=True)), (
                key, x, y)
    return True


def _resistance() -> tuple[FigureBox, list[tuple[Any, Any]]]:
    lab = ResistanceLab()
    return lab, [(lab.knee, 95), (lab.knee, 60), (lab.knee, 0), (lab.knee, 90),
                 (lab.band_length, 0.45), (lab.band_length, 0.9), (lab.band_length, 0.1),
                 (lab.cable_load, 11.0), (lab.cable_load, 40.0), (lab.pulley_height, 1.2),
                 (lab.pulley_distance, 0.4), (lab.machine_load, 22.5),
                 (lab.machine_load, 0.0), (lab.lift, 60)]


def _stance() -> tuple[FigureBox, list[tuple[Any, Any]]]:
    box = StanceExplorer()
    return box, [(box.abductor_strength, 0.95), (box.abductor_strength, 1.0),
                 (box.abductor_strength, 0.5), (box.load_kg, 1.0), (box.load_kg, 20.0),
                 (box.trunk_lean_deg, 5.0), (box.trunk_lean_deg, -5.0),
                 (box.abductor_strength, 1.5)]


def _tempo() -> tuple[FigureBox, list[tuple[Any, Any]]]:
    box = TempoLab()
    return box, [(box.up, 2.1), (box.up, 2.0), (box.squeeze, 1.1), (box.down, 1.5),
                 (box.up, 6.0), (box.down, 0.2), (box.style, "swing"),
                 (box.style, "controlled")]


def _leg() -> tuple[FigureBox, list[tuple[Any, Any]]]:
    box = LegExplorer()
    h = box.height.value
    return box, [(box.height, h + 0.01), (box.height, h), (box.height, h + 0.1),
                 (box.mass, box.mass.value + 5), (box.height, 1.2), (box.lift, 60)]


@pytest.mark.parametrize("make", [_resistance, _stance, _tempo, _leg],
                         ids=["ResistanceLab", "StanceExplorer", "TempoLab", "LegExplorer"])
def test_settings_steps_draw_what_the_python_figure_holds(browser: Any, make: Any) -> None:
    box, steps = make()
    start = _figure_json(box.figure)
    messages = _record(box, steps)
    moves = [m for m in messages if m["kind"] == "move"]
    assert len(moves) >= len(messages) // 2, "most settings steps should be moves"
    assert any(m["layout"] for m in moves) or isinstance(box, (StanceExplorer, LegExplorer))
    end = _figure_json(box.figure)

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.set_content("<html><body><div id='g' style='width:1000px'></div>"
                         f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script></body></html>")
        page.evaluate("async (f) => { await Plotly.newPlot('g', f.data, f.layout); }", start)
        page.evaluate(APPLY_WITH_LAYOUT, [messages, SKIP])
        page.wait_for_timeout(100)  # a frame for anything drawn late
        moved, state = page.evaluate(DRAWING), page.evaluate(PAGE_STATE)
        page.evaluate("async (f) => { Plotly.purge('g'); await Plotly.newPlot('g', f.data,"
                      " f.layout); }", end)
        fresh, fresh_state = page.evaluate(DRAWING), page.evaluate(PAGE_STATE)
    finally:
        page.close()
    assert len(moved) > 10
    # Same marks, texts, annotations, shapes, legend and ticks as a fresh drawing of the
    # Python figure (a trace's own fill and line paths may come in another order).
    assert _drawn_alike(moved, fresh)
    # The page holds the Python side's data, ranges and annotation texts.
    assert state == fresh_state
    for trace, drawn in zip(box.figure.data, state["data"], strict=True):
        for key in ("x", "y"):
            if trace[key] is None or drawn[key] is None:
                continue
            ours = [v.item() if isinstance(v, np.generic) else v for v in trace[key]]
            if all(isinstance(v, str) for v in ours):
                assert drawn[key] == ours, (trace.name, key)
            else:
                assert np.allclose(np.asarray(ours, float), np.asarray(
                    [np.nan if v is None else v for v in drawn[key]], float),
                    equal_nan=True), (trace.name, key)
    for name, axis_range in state["axes"].items():
        ours = box.figure.layout[name].range
        if ours is not None:
            assert np.allclose(axis_range, ours), name
    shown = [a.text for a in box.figure.layout.annotations if a.visible is not False]
    assert [text for text, visible in state["annotations"] if visible] == shown
    go.Figure(box.static_figure())  # the static copy still validates


def test_legend_clicks_and_zooms_survive_settings_steps(browser: Any) -> None:
    """A legend click (hiding the cable's curves) and a zoom made in the page, reported to
    the kernel as the figure widget reports them, then settings steps: the page still
    draws what a fresh drawing of the Python figure draws, the cable stays hidden and the
    zoom of the lift axis (which no slider changes) stays; the torque axis, zoomed out
    past what its curves fill, is fitted to them again."""
    lab = ResistanceLab()
    start = _figure_json(lab.figure)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.set_content("<html><body><div id='g' style='width:1000px'></div>"
                         f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script></body></html>")
        page.evaluate("async (f) => { await Plotly.newPlot('g', f.data, f.layout); }", start)
        before = page.evaluate("() => document.getElementById('g').data.map(t => t.visible)")
        page.locator("g.traces", has=page.locator(".legendtext", has_text="Cable + leg")
                     ).locator(".legendtoggle").click()
        page.wait_for_function("() => document.getElementById('g').data"
                               ".some(t => t.visible === 'legendonly')")
        after = page.evaluate("() => document.getElementById('g').data.map(t => t.visible)")
        hidden = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert hidden and all(lab.figure.data[i].name.startswith("Cable") for i in hidden)
        lab.figure._js2py_restyle = {"style_data": {"visible": ["legendonly"] * len(hidden)},
                                     "style_traces": hidden, "source_view_id": "page"}
        zoom = {"xaxis.range": [20.0, 100.0], "yaxis.range": [0.0, 1000.0]}
        page.evaluate("async (z) => { await Plotly.relayout('g', z); }", zoom)
        lab.figure._js2py_relayout = {"relayout_data": dict(zoom), "source_view_id": "page"}

        messages = _record(lab, [(lab.cable_load, 11.0), (lab.knee, 95), (lab.band_length, 0.45),
                                 (lab.machine_load, 22.5), (lab.lift, 60)])
        assert [m["kind"] for m in messages].count("update") == 1  # the torque axis refit
        end = _figure_json(lab.figure)
        page.evaluate(APPLY_WITH_LAYOUT, [messages, SKIP])
        page.wait_for_timeout(100)
        moved, state = page.evaluate(DRAWING), page.evaluate(PAGE_STATE)
        page.evaluate("async (f) => { Plotly.purge('g'); await Plotly.newPlot('g', f.data,"
                      " f.layout); }", end)
        fresh, fresh_state = page.evaluate(DRAWING), page.evaluate(PAGE_STATE)
    finally:
        page.close()
    assert _drawn_alike(moved, fresh)
    assert state == fresh_state
    assert all(state["data"][i]["visible"] == "legendonly" for i in hidden)
    assert state["axes"]["xaxis"] == pytest.approx([20.0, 100.0])  # the zoom stays
    y_lo, y_hi = state["axes"]["yaxis"]
    assert y_hi < 1000.0 and y_lo <= 0.0


def test_drawn_alike_allows_a_pixel_not_a_shift() -> None:
    line = ("js-line d=M0,215.8L46.8,190.2L220.6,109.7L869,171.4 t=null fill=none  "
            "stroke=rgb(0, 0, 0)")
    simplified = "js-line d=M0,215.8L46.9,190.2L214.2,110.5L870,171.4 t=null fill=none  " \
                 "stroke=rgb(0, 0, 0)"
    note = "annotation low backarches rotate(0,753.0,80) "
    assert _drawn_alike([line, note], [simplified, "annotation low backarches "
                                                   "rotate(0,752.7,80) "])
    for other in (line.replace("869,", "875,"), line.replace("rgb(0, 0, 0)", "rgb(0, 9, 0)"),
                  line.replace("215.8", "212.0")):
        with pytest.raises(AssertionError):
            _drawn_alike([other, note], [line, note])
    with pytest.raises(AssertionError):
        _drawn_alike([line, note.replace("low back", "lower back")], [line, note])
    with pytest.raises(AssertionError):
        _drawn_alike([line], [line, note])
