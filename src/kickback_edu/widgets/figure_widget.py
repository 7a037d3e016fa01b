"""The course's ``go.FigureWidget``: fills the width it is given, survives the browser's
reports, and takes pre-validated updates inside ``batch_update()``.

Three things the stock plotly 7 FigureWidget does not do here:

* **Width.** In JupyterLab the widget draws before it is attached to the page, so
  plotly.js cannot measure its container and falls back to 700 px, and nothing
  resizes it later (plotly 6+ widgets are anywidgets: they no longer get the
  Lumino resize messages the old widget listened to). :data:`RESPONSIVE_ESM` is
  plotly's own widget bundle with one addition: a ``ResizeObserver`` on the plot
  that calls plotly.js's responsive handler whenever the width the page gives the
  plot differs from the width it was drawn at (on attach, on a sidebar toggle, on
  a window resize). If a plotly release changes the bundle so the addition cannot
  be made, the stock bundle is used (a fixed width) and a warning says so. The same
  addition makes the view send its reports to the kernel (below) after the figure is
  painted, and only the latest while a slider is dragged.
* **Browser reports.** After each update plotly.js reports the trace properties it
  filled in ("deltas"); numpy data come back as typed-array dicts, on which plotly's
  ``_remove_overlapping_props`` raised "truth value of an array is ambiguous"
  (plotly/plotly.py#4160). ipywidgets would also echo every report straight back to
  the browser (~15 kB per slider step for the side view): these traits are
  commands, not shared state.
* **Pre-validated updates.** :meth:`CourseFigureWidget.stage` records property
  values in the current ``batch_update()`` the way a property assignment does after
  its validation (see :mod:`kickback_edu.widgets.base` for why validation is skipped).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import plotly
import plotly.graph_objects as go
from plotly.basedatatypes import Undefined
from plotly.serializers import custom_serializers
from traitlets import Dict

#: Trace properties :meth:`CourseFigureWidget.move` may send (checked drawn the same as
#: by a fresh drawing: positions, text labels, marker and fill colours; marker colours
#: on a colour scale only with fixed ``cmin`` / ``cmax``, as the colour bar stays).
MOVE_KEYS = frozenset({"x", "y", "text", "marker.color", "fillcolor"})

#: A zero-length animation frame that redraws only the animated traces.
_MOVE_OPTIONS = {"mode": "immediate", "transition": {"duration": 0},
                 "frame": {"duration": 0, "redraw": False}}

#: The bundle ends by exporting the model, the view and the anywidget entry point.
_EXPORTS = re.compile(r"export\{(\w+) as FigureModel,(\w+) as FigureView,(\w+) as default\};")

#: Wraps the entry point: the same widget, plus a ResizeObserver on the plot.
_RESPONSIVE_ENTRY = """
var kickbackResponsive = () => {
  const widget = %(default)s();
  return {
    initialize: widget.initialize,
    render(context) {
      const cleanup = widget.render(context);
      const plot = context.el;
      let frame = 0;
      const fit = () => {
        frame = 0;
        const width = plot.clientWidth;
        const drawn = plot._fullLayout && plot._fullLayout.width;
        if (width > 0 && drawn && Math.abs(width - drawn) > 1 && plot._responsiveChartHandler) {
          plot._responsiveChartHandler();
        }
      };
      const observer = new ResizeObserver(() => {
        if (!frame) frame = requestAnimationFrame(fit);
      });
      observer.observe(plot);
      return () => {
        observer.disconnect();
        if (frame) cancelAnimationFrame(frame);
        if (cleanup) cleanup();
      };
    },
  };
};
// After each update the view sends the kernel the properties plotly.js filled in. Sent at
// once, that work delays the paint; and while a slider is dragged the kernel would
// process reports it then ignores (it keeps only the one for its latest edit). Send
// after the paint, and only the latest.
for (const name of ["_sendTraceDeltas", "_sendLayoutDelta"]) {
  const send = %(view)s.prototype[name];
  %(view)s.prototype[name] = function (editId) {
    const pending = this.kickbackPending || (this.kickbackPending = {});
    const scheduled = name in pending;
    pending[name] = editId;
    if (scheduled) return;
    requestAnimationFrame(() => setTimeout(() => {
      const latest = pending[name];
      delete pending[name];
      if (this.el && this.el._fullData) send.call(this, latest);
    }, 0));
  };
}
export{%(model)s as FigureModel,%(view)s as FigureView,kickbackResponsive as default};
"""


def responsive_bundle(bundle: str) -> str | None:
    """plotly's widget ``bundle`` (JavaScript source) with a resize-following entry point,
    or None when the bundle does not end with the export this expects."""
    matches = list(_EXPORTS.finditer(bundle))
    if len(matches) != 1:
        return None
    m = matches[0]
    entry = _RESPONSIVE_ENTRY % {"model": m[1], "view": m[2], "default": m[3]}
    return bundle[:m.start()] + entry + bundle[m.end():]


def _load_responsive_esm() -> str | None:
    path = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    try:
        patched = responsive_bundle(path.read_text(encoding="utf-8"))
    except OSError:
        patched = None
    if patched is None:
        warnings.warn(
            f"kickback_edu: plotly {plotly.__version__}'s widget bundle ({path}) does not "
            "end as expected; live figures keep plotly's fixed 700 px width",
            RuntimeWarning, stacklevel=2)
    return patched


#: plotly's widget JavaScript with the resize observer (None: it could not be added).
RESPONSIVE_ESM = _load_responsive_esm()


def _command_trait() -> Dict:
    """A browser → kernel trait that ipywidgets does not echo back to the browser."""
    return Dict(allow_none=True).tag(sync=True, echo_update=False, **custom_serializers)


class CourseFigureWidget(go.FigureWidget):
    """``go.FigureWidget`` for the course's live figures (see the module docstring):
    as wide as its container, safe with the browser's reports, and updated with
    :meth:`stage` inside ``batch_update()``."""

    if RESPONSIVE_ESM is not None:
        _esm = RESPONSIVE_ESM

    _js2py_traceDeltas = _command_trait()
    _js2py_layoutDelta = _command_trait()
    _js2py_restyle = _command_trait()
    _js2py_relayout = _command_trait()
    _js2py_update = _command_trait()
    _js2py_pointsCallback = _command_trait()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # plotly.js's responsive mode defines the handler the resize observer calls.
        self._config = {**self._config, "responsive": True}

    def stage(self, traces: Mapping[int, Mapping[str, Any]],
              layout: Mapping[str, Any]) -> None:
        """Record validated values in the current ``batch_update()``: ``traces`` maps a
        trace index to ``{"x": array, "line.color": c}``; ``layout`` maps paths such as
        ``"xaxis.range"`` to values. They are sent as one update when the batch ends."""
        if not self._in_batch_mode:
            raise RuntimeError("CourseFigureWidget.stage() must run inside batch_update()")
        for index, props in traces.items():
            if not 0 <= index < len(self.data):
                raise IndexError(f"trace index {index} out of range 0–{len(self.data) - 1}")
            self._batch_trace_edits.setdefault(index, {}).update(props)
        self._batch_layout_edits.update(layout)

    def move(self, traces: Mapping[int, Mapping[str, Any]]) -> None:
        """Move points of ``traces`` (``{index: {"x": arr, "y": arr}}``, keys from
        :data:`MOVE_KEYS`) in the browser without redrawing the rest of the figure; the
        axes stay as they are. One comm message, like ``batch_update()``."""
        if self._in_batch_mode:
            raise RuntimeError("CourseFigureWidget.move() cannot run inside batch_update()")
        indexes = sorted(traces)
        for index in indexes:
            if not 0 <= index < len(self.data):
                raise IndexError(f"trace index {index} out of range 0–{len(self.data) - 1}")
            extra = set(traces[index]) - MOVE_KEYS
            if extra:
                raise ValueError(f"move() sends only {sorted(MOVE_KEYS)}; got {sorted(extra)}")
        if not indexes:
            return
        keys = sorted({key for index in indexes for key in traces[index]})
        restyle = {key: [traces[i].get(key, Undefined) for i in indexes] for key in keys}
        changes, _, changed_indexes = self._perform_plotly_update(
            restyle_data=restyle, relayout_data=None, trace_indexes=indexes)
        self._send_animate_msg(
            styles_data=[dict(traces[i]) for i in indexes], relayout_data={},
            trace_indexes=indexes, animation_opts=_MOVE_OPTIONS)
        if changes:
            self._dispatch_trace_change_callbacks(changes, changed_indexes)

    @staticmethod
    def _remove_overlapping_props(input_data: Any, delta_data: Any,
                                  prop_path: tuple = ()) -> list[tuple]:
        """plotly's version recursed into numpy arrays (plotly.py#4160): this one recurses
        only into dicts and lists and never drops a property set from an array."""
        removed: list[tuple] = []
        if isinstance(input_data, dict) and isinstance(delta_data, dict):
            for key, delta_val in delta_data.items():
                if key not in input_data or key == "uid":
                    continue
                input_val = input_data[key]
                if isinstance(input_val, np.ndarray):
                    continue  # ours; the delta is the browser's copy of it
                if isinstance(delta_val, (dict, list)) and isinstance(input_val, (dict, list)):
                    path = (*prop_path, key)
                    removed.extend(CourseFigureWidget._remove_overlapping_props(
                        input_val, delta_val, path))
                    if len(input_val) == 0:
                        input_data.pop(key)
                        removed.append(path)
                elif not isinstance(delta_val, (dict, list)):
                    input_data.pop(key)
                    removed.append((*prop_path, key))
        elif isinstance(input_data, list) and isinstance(delta_data, list):
            for i, (input_val, delta_val) in enumerate(zip(input_data, delta_data, strict=False)):
                if isinstance(input_val, dict) and isinstance(delta_val, dict):
                    removed.extend(CourseFigureWidget._remove_overlapping_props(
                        input_val, delta_val, (*prop_path, i)))
        return removed


__all__ = ["MOVE_KEYS", "RESPONSIVE_ESM", "CourseFigureWidget", "responsive_bundle"]
