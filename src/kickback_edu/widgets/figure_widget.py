"""The course's ``go.FigureWidget``: as wide as its place in the page, one copy of
plotly.js per page, slider moves without a full redraw, safe with the browser's reports.

What the stock plotly 7 FigureWidget does not do here, and this one does:

* **Width.** In JupyterLab the widget draws before it is attached to the page, so
  plotly.js cannot measure its container and falls back to 700 px, and nothing
  resizes it later (plotly 6+ widgets are anywidgets: they no longer get the
  Lumino resize messages the old widget listened to). :data:`RESPONSIVE_ESM` is
  plotly's own widget bundle with the course's entry point (``js/bundle_entry.js``)
  in place of its last line: a ``ResizeObserver`` on the plot calls plotly.js's
  responsive handler whenever the width the page gives the plot differs from the
  width it was drawn at (on attach, a side-panel toggle, a window resize).
* **One plotly.js per page.** anywidget evaluates each widget's module separately, so
  every stock FigureWidget sends the kernel's ~5 MB bundle and starts its own copy of
  plotly.js (measured here: six figures took 13–22 s to appear and ~250 MB of page
  memory). The kernel's first course figure carries the bundle (in its
  ``_kickback_bundle`` state), which is evaluated once and offered to the page; every
  figure's module is a small loader (``js/shared_stub.js``) that waits for it, or asks
  the kernel for it if it does not come.
* **Robust on a busy machine.** anywidget 0.11 gives a widget module 2 s to load and
  initialize; after that it drops every message the kernel sends the figure (plotly
  sends the figure's data in such a message, so the figure drew empty, and no slider
  moved it). Evaluating the 5 MB bundle takes longer than 2 s on a loaded machine, so it
  is not the module: the small loader initializes at once, records the kernel's
  updates while the bundle loads, and replays them in order to plotly's figure model.
* **Moves without a full redraw.** Any data change sent as an update makes plotly.js
  recompute and redraw the whole figure (axes, legend, annotations: 40–65 ms for the
  side view and the resistance curves on this 2-core machine). :meth:`~CourseFigureWidget.move`
  sends points that move within fixed axes as a zero-length ``Plotly.animate`` frame
  without redraw: only the moved traces are redrawn (about half the time, measured;
  tests/browser/test_moves.py checks the drawing is the same as a fresh one). A move
  may carry changes of annotations and shapes placed on an axis, which that frame
  redraws too (tests/browser/test_settings_moves.py). The frame draws each subplot
  with its own traces only, so a move also names, unchanged, a trace of each layer
  it would otherwise remove (:meth:`~CourseFigureWidget._layer_keepers`).
* **Browser reports.** After each update plotly.js reports the trace properties it
  filled in ("deltas"); numpy data come back as typed-array dicts, on which plotly's
  ``_remove_overlapping_props`` raised "truth value of an array is ambiguous"
  (plotly/plotly.py#4160). ipywidgets would also echo every report straight back to
  the browser (~15 kB per slider step for the side view): these traits are
  commands, not shared state. The page sends its reports after the paint, and only
  the latest while a slider is dragged.
* **Pre-validated updates.** :meth:`~CourseFigureWidget.stage` records property values
  in the current ``batch_update()`` the way a property assignment does after its
  validation (see :mod:`kickback_edu.widgets.base` for why validation is skipped).

If a plotly release changes its bundle so the entry point cannot be put in, the stock
module is used (fixed width, one plotly.js per figure) and a warning says so.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import plotly
import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure, Undefined
from plotly.serializers import custom_serializers
from traitlets import Dict, Unicode

#: Trace properties :meth:`CourseFigureWidget.move` may send (checked drawn the same as
#: by a fresh drawing: positions, text labels, marker and fill colours; marker colours
#: on a colour scale only with fixed ``cmin`` / ``cmax``, as the colour bar stays), and
#: two that are not drawn but read when the pointer hovers (plotly.js reads them from
#: the trace's full data, which a move renews).
MOVE_KEYS = frozenset({"x", "y", "text", "marker.color", "fillcolor", "customdata",
                       "hovertemplate"})

#: Layout properties a move may carry: those of annotations and shapes placed on an
#: axis (``xref``/``yref`` an axis, not only "paper"): with a layout, plotly.js's
#: zero-length frame redraws every such annotation and shape from the new layout
#: (``Axes.redrawComponents``), and nothing else of the layout.
MOVE_LAYOUT = re.compile(r"^(annotations|shapes)\[\d+\]\.[a-z0-9]+$")

#: A zero-length animation frame that redraws only the animated traces.
_MOVE_OPTIONS = {"mode": "immediate", "transition": {"duration": 0},
                 "frame": {"duration": 0, "redraw": False}}

#: The bundle ends by exporting the model, the view and the anywidget entry point.
_EXPORTS = re.compile(r"export\{(\w+) as FigureModel,(\w+) as FigureView,(\w+) as default\};")

_JS = Path(__file__).with_name("js")


def _fill(template: str, **names: str) -> str:
    """``template`` with each ``__NAME__`` replaced by ``names["NAME"]``."""
    for name, value in names.items():
        template = template.replace(f"__{name}__", value)
    return template


def bundle_key(bundle: str) -> str:
    """A short name for one version of plotly's widget bundle (a hash of its text)."""
    return hashlib.sha256(bundle.encode("utf-8")).hexdigest()[:16]


def responsive_bundle(bundle: str, key: str | None = None) -> str | None:
    """plotly's widget ``bundle`` (JavaScript source) with the course's entry point
    (``js/bundle_entry.js``: resize observer, reports after the paint, shared with the
    page's other figures under ``key``, by default :func:`bundle_key` of ``bundle``), or
    None when the bundle does not end with the export this expects."""
    matches = list(_EXPORTS.finditer(bundle))
    if len(matches) != 1:
        return None
    m = matches[0]
    entry = _fill((_JS / "bundle_entry.js").read_text(encoding="utf-8"),
                  MODEL=m[1], VIEW=m[2], DEFAULT=m[3], KEY=key or bundle_key(bundle))
    return bundle[:m.start()] + entry + bundle[m.end():]


def shared_stub(key: str) -> str:
    """The small module of a figure whose page gets the bundle of :func:`bundle_key`
    ``key`` from another figure."""
    return _fill((_JS / "shared_stub.js").read_text(encoding="utf-8"), KEY=key)


def _plotly_bundle() -> tuple[str, str, str] | None:
    """(patched bundle, stub, key) for the installed plotly, or None (with a warning) when
    its bundle cannot be patched: then figures use plotly's own module (700 px wide, one
    copy of plotly.js per figure)."""
    path = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
    try:
        bundle = path.read_text(encoding="utf-8")
    except OSError:
        bundle = ""
    key = bundle_key(bundle)  # hashing the ~5 MB bundle takes ~10 ms: once
    patched = responsive_bundle(bundle, key)
    if patched is None:
        warnings.warn(
            f"kickback_edu: plotly {plotly.__version__}'s widget bundle ({path}) does not "
            "end as expected; live figures keep plotly's fixed 700 px width",
            RuntimeWarning, stacklevel=2)
        return None
    return patched, shared_stub(key), key


_BUNDLE = _plotly_bundle()
#: plotly's widget JavaScript with the course's entry point (None: it could not be added).
RESPONSIVE_ESM = None if _BUNDLE is None else _BUNDLE[0]
#: The module of every course figure: a small loader of :data:`RESPONSIVE_ESM`, which
#: comes in the ``_kickback_bundle`` state of the kernel's first figure (or on request).
SHARED_STUB_ESM = None if _BUNDLE is None else _BUNDLE[1]


def _command_trait() -> Dict:
    """A browser → kernel trait that ipywidgets does not echo back to the browser."""
    return Dict(allow_none=True).tag(sync=True, echo_update=False, **custom_serializers)


#: Property path string -> its parts (``"annotations[4].x"`` -> ``("annotations", 4, "x")``).
_PATH_PARTS: dict[str, tuple[str | int, ...]] = {}


class CourseFigureWidget(go.FigureWidget):
    """``go.FigureWidget`` for the course's live figures (see the module docstring):
    as wide as its container, one plotly.js per page, safe with the browser's reports;
    updated with :meth:`stage` inside ``batch_update()``, or with :meth:`move`."""

    #: Whether a figure of this kernel already carries the bundle to the page.
    _bundle_carried: ClassVar[bool] = False

    if _BUNDLE is not None:
        _esm = SHARED_STUB_ESM

    #: The patched bundle for the kernel's first course figure, "" for the others.
    _kickback_bundle = Unicode("").tag(sync=True)

    _js2py_traceDeltas = _command_trait()
    _js2py_layoutDelta = _command_trait()
    _js2py_restyle = _command_trait()
    _js2py_relayout = _command_trait()
    _js2py_update = _command_trait()
    _js2py_pointsCallback = _command_trait()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if _BUNDLE is not None and not CourseFigureWidget._bundle_carried:
            # Set before the comm opens, so the bundle is in the widget's first state.
            self._kickback_bundle = _BUNDLE[0]  # RESPONSIVE_ESM, known here not to be None
            CourseFigureWidget._bundle_carried = True
        super().__init__(*args, **kwargs)
        # plotly.js's responsive mode defines the handler the resize observer calls.
        self._config: dict[str, Any] = {**self._config, "responsive": True}
        self.on_msg(self._send_bundle)

    def _send_bundle(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """Answer a page that asks for the bundle (its carrier never reached it)."""
        if (_BUNDLE is not None and isinstance(content, dict)
                and content.get("kind") == "kickback-bundle-request"):
            self.send({"kind": "kickback-bundle", "key": _BUNDLE[2], "code": RESPONSIVE_ESM})

    def stage(self, traces: Mapping[int, Mapping[str, Any]],
              layout: Mapping[str, Any]) -> None:
        """Record validated values in the current ``batch_update()``: ``traces`` maps a
        trace index to ``{"x": array, "line.color": c}``; ``layout`` maps paths such as
        ``"xaxis.range"`` to values. They are sent as one update when the batch ends."""
        if not self._in_batch_mode:
            raise RuntimeError("CourseFigureWidget.stage() must run inside batch_update()")
        for index, props in traces.items():
            self._check_index(index)
            self._batch_trace_edits.setdefault(index, {}).update(props)
        self._batch_layout_edits.update(layout)

    def move(self, traces: Mapping[int, Mapping[str, Any]],
             layout: Mapping[str, Any] | None = None) -> None:
        """Move points of ``traces`` (``{index: {"x": arr, "y": arr}}``, keys from
        :data:`MOVE_KEYS`) in the browser without redrawing the rest of the figure; the
        axes stay as they are. ``layout``: properties of annotations and shapes placed on
        an axis (``{"annotations[2].x": 40}``, paths :data:`MOVE_LAYOUT` matches), redrawn
        with them. One comm message, like ``batch_update()``."""
        if self._in_batch_mode:
            raise RuntimeError("CourseFigureWidget.move() cannot run inside batch_update()")
        layout = dict(layout or {})
        indexes = sorted(traces)
        for index in indexes:
            self._check_index(index)
            extra = set(traces[index]) - MOVE_KEYS
            if extra:
                raise ValueError(f"move() sends only {sorted(MOVE_KEYS)}; got {sorted(extra)}")
        wrong = sorted(key for key in layout if not MOVE_LAYOUT.match(key))
        if wrong:
            raise ValueError("move() sends only annotation and shape properties "
                             f"('annotations[2].x'); got {wrong}")
        if not indexes and not layout:
            return
        keys = sorted({key for index in indexes for key in traces[index]})
        restyle = {key: [traces[i].get(key, Undefined) for i in indexes] for key in keys}
        changes, relayout_changes, changed_indexes = self._perform_plotly_update(
            restyle_data=restyle, relayout_data=layout or None, trace_indexes=indexes)
        sent = sorted({*indexes, *self._layer_keepers(indexes)})
        # No layout at all (not an empty one) when none changes: with a layout, even an
        # empty one, plotly.js redraws every annotation and shape on the axes (~7 ms for
        # ResistanceLab's, measured in a blank page).
        self._send_animate_msg(
            styles_data=[dict(traces.get(i, {})) for i in sent],
            relayout_data=layout or None, trace_indexes=sent, animation_opts=_MOVE_OPTIONS)
        if changes:
            self._dispatch_trace_change_callbacks(changes, changed_indexes)
        if relayout_changes:  # skipped quickly when no callback is registered
            self._dispatch_layout_change_callbacks(relayout_changes)

    def _layer_keepers(self, indexes: list[int]) -> list[int]:
        """Traces to add, unchanged, to a move of ``indexes``. plotly.js's animation frame
        draws every subplot with the frame's traces only: it removes the layer of a trace
        type the frame has none of there (plotly.js 3.8 ``cartesian.plot``, its
        ``g.mlayer`` join), and the bar layer removes the bar traces not in the frame.
        So: one scatter trace on each pair of axes that the move has none of, and every
        drawn trace of another type (bars). Read from the figure's plain trace dicts
        (plotly's property access would cost ~1 ms per move)."""
        data = self._data

        def layer(i: int) -> tuple[str, str, str]:
            trace = data[i]
            return (trace.get("xaxis") or "x", trace.get("yaxis") or "y",
                    trace.get("type") or "scatter")

        moved = {layer(i) for i in indexes}
        keepers: list[int] = []
        kept: set[tuple[str, str, str]] = set()
        for i, trace in enumerate(data):
            if trace.get("visible") not in (None, True):  # not drawn
                continue
            key = layer(i)
            if key[2] != "scatter":
                keepers.append(i)
            elif key not in moved and key not in kept:
                keepers.append(i)
                kept.add(key)
        return keepers

    def _dispatch_layout_change_callbacks(self, relayout_data: Mapping[str, Any]) -> None:
        """plotly's dispatch of layout change callbacks, skipped when no layout object
        along a changed path has one: plotly finds none in ~0.5 ms per update (it looks
        each object up by its path), which a step that refits an axis range paid."""
        if any(self._path_callbacks(key) for key in relayout_data):
            super()._dispatch_layout_change_callbacks(relayout_data)

    def _dispatch_trace_change_callbacks(self, restyle_data: Mapping[str, Any],
                                         trace_indexes: Sequence[int]) -> None:
        """plotly's dispatch of trace change callbacks, skipped when no trace object along
        a changed path has one: plotly looks each trace up through ``figure.data`` (which
        builds the traces' tuple) for every changed key, ~0.3 ms of a LegExplorer lift
        step that moves ten traces."""
        traces = self._data_objs
        if any(self._path_callbacks(key, traces[i]) for i in trace_indexes
               for key in restyle_data):
            super()._dispatch_trace_change_callbacks(restyle_data, trace_indexes)

    def _path_callbacks(self, key_path_str: str, root: Any = None) -> bool:
        """Whether ``root`` (default: the layout) or an object of it along
        ``key_path_str`` (those plotly's dispatch would call: ``annotations[2].x`` ->
        layout, annotation 2; ``marker.color`` -> trace, its marker) has a change
        callback. Objects not made yet have none."""
        path = _PATH_PARTS.get(key_path_str)
        if path is None:
            path = _PATH_PARTS[key_path_str] = BaseFigure._str_to_dict_path(key_path_str)
        node: Any = self._layout_obj if root is None else root
        for part in path:
            if node is None:
                return False
            if getattr(node, "_change_callbacks", None):
                return True
            if isinstance(part, int):
                node = (node[part] if isinstance(node, (list, tuple)) and 0 <= part < len(node)
                        else None)
            else:
                children = getattr(node, "_compound_array_props", None) or {}
                node = (children[part] if part in children
                        else (getattr(node, "_compound_props", None) or {}).get(part))
        return False

    def trace_value(self, index: int, key: str) -> Any:
        """Trace ``index``'s top-level property ``key`` (``"visible"``) as the figure holds
        it (None when unset), read from its plain trace dict: ``figure.data[i].visible``
        builds the trace objects' tuple first."""
        return self._data[index].get(key)

    def layout_value(self, path: str) -> Any:
        """The layout value at a dotted ``path`` without indexes (``"yaxis.range"``) as the
        figure holds it (None when unset), read from its plain layout dict: plotly's
        ``layout[path]`` checks the path first (~1 ms)."""
        node: Any = self._layout
        for part in path.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node

    def _perform_plotly_relayout(self, relayout_data: Mapping[str, Any]) -> dict[str, Any]:
        """plotly's relayout (apply ``relayout_data``; return what changed), checking
        each property path once: ``annotations[4].text`` stays valid while the figure
        keeps the same layout object and the arrays along the path keep their lengths.
        plotly checks a path in ~0.1 ms, and a knee step of ResistanceLab sends eight."""
        if self.__dict__.get("_paths_layout") is not self._layout_obj:
            self._paths_layout = self._layout_obj
            self._valid_paths: set[tuple[str, tuple[int, ...]]] = set()
        changes: dict[str, Any] = {}
        for key_path_str, value in relayout_data.items():
            stamp = (key_path_str, self._array_lengths(key_path_str))
            if stamp not in self._valid_paths:
                if not BaseFigure._is_key_path_compatible(key_path_str, self.layout):
                    raise ValueError(f"\nInvalid property path '{key_path_str}' for layout\n")
                self._valid_paths.add(stamp)
            # The path's parts, parsed once (plotly parses the string at every call); on
            # failure, plotly's own call gives its message.
            try:
                changed = BaseFigure._set_in(self._layout, _PATH_PARTS[key_path_str], value)
            except ValueError:
                changed = BaseFigure._set_in(self._layout, key_path_str, value)
            if changed:
                changes[key_path_str] = value
        return changes

    def _array_lengths(self, key_path_str: str) -> tuple[int, ...]:
        """Lengths of the layout objects' arrays indexed along a property path, which
        with the layout object decide plotly's check (-1: not made yet or not an array)."""
        node: Any = self._layout_obj
        lengths = []
        path = _PATH_PARTS.get(key_path_str)
        if path is None:
            path = _PATH_PARTS[key_path_str] = BaseFigure._str_to_dict_path(key_path_str)
        for part in path:
            if isinstance(part, int):
                is_array = isinstance(node, (list, tuple))
                lengths.append(len(node) if is_array else -1)
                node = node[part] if is_array and 0 <= part < len(node) else None
            else:
                children = getattr(node, "_compound_array_props", {})
                node = (children[part] if part in children
                        else getattr(node, "_compound_props", {}).get(part))
        return tuple(lengths)

    def _check_index(self, index: int) -> None:
        """Refuse a trace index the figure does not have."""
        if not 0 <= index < len(self._data):
            raise IndexError(f"trace index {index} out of range 0–{len(self._data) - 1}")

    @staticmethod
    def _remove_overlapping_props(input_data: Any, delta_data: Any,
                                  prop_path: tuple[str | int, ...] = ()
                                  ) -> list[tuple[str | int, ...]]:
        """plotly's version recursed into numpy arrays (plotly.py#4160): this one recurses
        only into dicts and lists and never drops a property set from an array."""
        removed: list[tuple[str | int, ...]] = []
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


__all__ = [
    "MOVE_KEYS", "RESPONSIVE_ESM", "SHARED_STUB_ESM", "CourseFigureWidget", "bundle_key",
    "responsive_bundle", "shared_stub",
]
