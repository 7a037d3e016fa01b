"""A slider step sent as ``figure.move()`` (a Plotly.animate frame without redraw) is
drawn by plotly.js exactly as a fresh drawing of the same figure on the same axes.

The page is blank but for plotly.js (the copy the figure widget uses, offline); the
moves are the messages the widgets really send while their lift slider moves.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.basedatatypes import Undefined

from kickback_edu.widgets import LegExplorer, MuscleMap, ResistanceLab
from kickback_edu.widgets.base import FigureBox

pytestmark = pytest.mark.browser

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

#: Everything plotly.js drew for the figure in #g: line and marker paths, marker
#: positions and colours, and text, as one list of strings in document order.
DRAWING = r"""
() => {
  const gd = document.getElementById('g');
  const shapes = Array.from(gd.querySelectorAll('.scatterlayer path, .scatterlayer .point'))
    .map(e => `${e.getAttribute('class')} d=${e.getAttribute('d')} t=${e.getAttribute('transform')}`
              + ` fill=${e.style.fill} ${e.style.fillOpacity} stroke=${e.style.stroke}`);
  const colorbars = Array.from(gd.querySelectorAll('.colorbar'))
    .map(e => `colorbar ${e.getAttribute('transform')} ${e.textContent}`);
  const texts = Array.from(gd.querySelectorAll('.scatterlayer text'))
    .map(e => `text ${e.textContent} x=${e.getAttribute('x')} y=${e.getAttribute('y')}`);
  return [...shapes, ...texts, ...colorbars];
}
"""

#: Stands for plotly's Undefined placeholder on its way to the page (JSON has no undefined).
SKIP = "__kickback_undefined__"

APPLY_MESSAGES = r"""
async ([messages, SKIP]) => {
  const gd = document.getElementById('g');
  for (const m of messages) {
    if (m.kind === 'move') {
      await Plotly.animate(gd, {data: m.data, traces: m.traces}, m.options);
    } else {  // plotly's placeholder for "leave this trace as it is" is undefined
      const style = {};
      for (const k in m.style) style[k] = m.style[k].map(v => v === SKIP ? undefined : v);
      await Plotly.update(gd, style, m.layout, m.traces);
    }
  }
  const axes = {};
  for (const name of Object.keys(gd._fullLayout)) {
    if (/^[xy]axis\d*$/.test(name)) axes[name] = gd._fullLayout[name].range.slice();
  }
  return axes;
}
"""


def _plain(value: Any) -> Any:
    """A message value as JSON-able lists (numpy arrays become lists)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _record_messages(box: FigureBox, values: list[int]) -> list[dict[str, Any]]:
    """Set the lift slider to each of ``values``; return the messages the figure sent
    to the browser: moves (animate frames) and updates, in order."""
    sent: list[dict[str, Any]] = []
    animate, update = box.figure._send_animate_msg, box.figure._send_update_msg

    def spy_move(styles_data: Any, relayout_data: Any, trace_indexes: Any,
                 animation_opts: Any) -> None:
        sent.append({"kind": "move", "data": _plain(styles_data),
                     "traces": list(trace_indexes), "options": animation_opts})
        animate(styles_data, relayout_data, trace_indexes, animation_opts)

    def spy_update(restyle_data: Any, relayout_data: Any, trace_indexes: Any = None,
                   **kwargs: Any) -> None:
        style = {k: [SKIP if v is Undefined else v for v in _plain(vals)]
                 for k, vals in (restyle_data or {}).items()}
        sent.append({"kind": "update", "style": style, "layout": _plain(relayout_data or {}),
                     "traces": list(trace_indexes)})
        update(restyle_data, relayout_data, trace_indexes, **kwargs)

    box.figure._send_animate_msg = spy_move  # type: ignore[method-assign]
    box.figure._send_update_msg = spy_update  # type: ignore[method-assign]
    for value in values:
        box.lift.value = value
    return sent


def _figure_json(fig: go.Figure) -> dict[str, Any]:
    return json.loads(pio.to_json(go.Figure(fig), validate=False))


@pytest.mark.parametrize(("make", "values"), [
    (LegExplorer, [46, 50, 60, 75, 89, 95, 96, 97, 100]),  # below and past the hip's limit
    (ResistanceLab, [46, 60, 90, 120, 130, 10]),
    (partial(MuscleMap, mode="involvement"), [50, 70, 95, 120, 10]),
], ids=["LegExplorer", "ResistanceLab", "MuscleMap"])
def test_a_move_draws_what_a_fresh_drawing_draws(browser: Any, make: Any,
                                                 values: list[int]) -> None:
    box = make()
    start = _figure_json(box.figure)
    messages = _record_messages(box, values)
    moves = [m for m in messages if m["kind"] == "move"]
    assert len(moves) >= len(values) - 1, f"most lift steps should be moves: {messages}"
    assert all(m["options"]["frame"]["redraw"] is False for m in moves)
    end = _figure_json(box.figure)

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.set_content("<html><body><div id='g' style='width:1000px'></div>"
                         f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script></body></html>")
        page.evaluate("async (f) => { await Plotly.newPlot('g', f.data, f.layout); }", start)
        axes = page.evaluate(APPLY_MESSAGES, [messages, SKIP])
        moved = page.evaluate(DRAWING)
        for name, axis_range in axes.items():
            end["layout"].setdefault(name, {}).update(range=axis_range, autorange=False)
        page.evaluate("async (f) => { Plotly.purge('g'); await Plotly.newPlot('g', f.data,"
                      " f.layout); }", end)
        fresh = page.evaluate(DRAWING)
    finally:
        page.close()
    assert len(moved) > 10
    # Same marks, same places, same colours and text; the order of a trace's own
    # fill and line paths in the page may differ.
    assert sorted(moved) == sorted(fresh)
