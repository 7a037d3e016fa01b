"""What every course widget shares: one FigureWidget updated in place, labelled
controls, an HTML readout, a static copy and a text description.

Updating a figure
-----------------
Each widget builds its ``go.FigureWidget`` once, from the matching pure
figure function in :mod:`kickback_edu.figures`, and never rebuilds or
re-displays it. A control change calls :meth:`FigureBox.push` with the
arrays and properties it affects; ``push`` drops those equal to what it last
sent (an axis range: equal to the figure's, which follows zooms in the browser)
and stages the rest inside ``figure.batch_update()``, which sends them as one
``plotly_update`` message when it ends. When all that changed are the points of
traces the widget lists as :attr:`FigureBox.movable` (moving inside fixed axes),
with or without properties of annotations and shapes placed on an axis, they go
as one ``figure.move()`` instead: plotly.js then redraws only those traces and
those annotations and shapes, not the whole figure (axes, legend, title: about half
the time of a full redraw, measured with ``benchmarks/bench_browser.py``).

Axes that must hold changing data (a settings slider that changes a curve) get
their range from :meth:`FigureBox.steady_range`: it keeps the drawn range while the
data fit in it and fill enough of it, and sets a wider one only when they do not.
plotly.js's own autorange would follow every step, which only a full redraw can do;
a steady range lets most steps go as moves (and a curve that grows is seen to grow).

Why staged values and not ``trace.x = arr``: plotly validates every property
assignment (for a numpy array it first asks narwhals whether it is a
dataframe), about 0.15–0.25 ms per array measured here, so a side view that
moves ten arrays spent ~5 ms in validation alone.
:meth:`~kickback_edu.widgets.figure_widget.CourseFigureWidget.stage` records
the values in the batch the way an assignment does after validating: the
values here are numpy arrays and strings made by this package, and the tests
check that every widget's figure still validates (``static_figure`` rebuilds
a validated ``go.Figure`` from it).

Where the time of a slider step goes in the browser: ``benchmarks/bench_browser.py``
measures it.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from plotly.basedatatypes import Undefined

from ..figures.style import describe
from .figure_widget import MOVE_KEYS, MOVE_LAYOUT, CourseFigureWidget
from .palette import STYLE as COLOURS
from .palette import WARN

F = TypeVar("F", bound=Callable[..., Any])

STYLE = {"description_width": "initial"}
SLIDER_LAYOUT = {"width": "360px"}

#: ``go.FigureWidget``, looked up once (plotly's lazy module lookup costs ~10 µs a call).
_FIGURE_WIDGET = go.FigureWidget


def static_page() -> bool:
    """True when a static (exported, printed) page is being built: the environment
    variable ``KICKBACK_STATIC`` is ``"1"``, as :func:`kickback_edu.display.static_mode`
    reads it (the display module is above the widgets, so they cannot import it)."""
    return os.environ.get("KICKBACK_STATIC", "").strip() == "1"


def int_slider(description: str, value: int, lo: int, hi: int, step: int = 1,
               tooltip: str = "") -> widgets.IntSlider:
    """A labelled integer slider (the label carries the unit, e.g. ``"Lift (°)"``)."""
    return widgets.IntSlider(
        value=value, min=lo, max=hi, step=step, description=description,
        continuous_update=True, style=STYLE, layout=dict(SLIDER_LAYOUT), tooltip=tooltip,
    )


def float_slider(description: str, value: float, lo: float, hi: float, step: float,
                 fmt: str = ".2f", tooltip: str = "") -> widgets.FloatSlider:
    """A labelled float slider with bounds the model accepts."""
    return widgets.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=description,
        readout_format=fmt, continuous_update=True, style=STYLE, layout=dict(SLIDER_LAYOUT),
        tooltip=tooltip,
    )


def error_html(message: str) -> str:
    """A readout line showing a rejected setting's message in the warning colour."""
    return (f"{COLOURS}<p class='{WARN}' style='margin:2px 0'><b>Not possible:</b> "
            f"{html.escape(message)}</p>")


_PACKAGE_DIR = str(Path(__file__).resolve().parents[1])


def _raised_by_the_model(err: BaseException) -> bool:
    """Whether ``err`` was raised inside kickback_edu (a setting the model rejects),
    not by a library underneath (a bug, which must not pass for a bad setting)."""
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and str(Path(tb.tb_frame.f_code.co_filename).resolve()).startswith(
        _PACKAGE_DIR)


def guarded(method: F) -> F:
    """Run a control callback; a ValueError / KeyError the model raises for a setting
    it rejects goes to the readout (in the warning colour) instead of crashing the
    callback. Errors from elsewhere propagate."""

    @wraps(method)
    def wrapper(self: FigureBox, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (ValueError, KeyError) as err:
            if not _raised_by_the_model(err):
                raise
            message = err.args[0] if err.args else str(err)
            self.show_error(str(message))
            return None

    return wrapper  # type: ignore[return-value]


class FigureBox(widgets.VBox):
    """An ``ipywidgets.VBox``: controls, one FigureWidget (``.figure``) and a readout.

    Subclasses build ``figure`` (a ``go.Figure``) and their controls, then
    call :meth:`_assemble`; they implement :attr:`description`.
    """

    figure: CourseFigureWidget
    readout: widgets.HTML
    #: Traces whose points move inside fixed axes: changes of only their
    #: :data:`~kickback_edu.widgets.figure_widget.MOVE_KEYS` are sent with
    #: ``figure.move()`` (no full redraw). Subclasses set it.
    movable: frozenset[int] = frozenset()

    def _assemble(self, figure: go.Figure, controls: Sequence[widgets.Widget],
                  extra: Sequence[widgets.Widget] = ()) -> None:
        """Make the FigureWidget (once) and lay out controls, figure, readout, extras."""
        self.figure = CourseFigureWidget(figure)
        self.readout = widgets.HTML(layout={"min_height": "3em"})
        self.last_error: str | None = None
        self._sent: dict[Any, Any] = {}  # what push() last sent, by (trace, key) or key
        self.children = (*controls, self.figure, self.readout, *extra)

    def push(self, traces: Mapping[int, Mapping[str, Any]] | None = None,
             layout: Mapping[str, Any] | None = None) -> None:
        """Send trace properties (``{index: {"x": arr, "line.color": c}}``) and layout
        properties (``{"annotations[2].x": 40}``) as one update, leaving out every value
        equal to the one this widget last sent (arrays sent must not be mutated later)."""
        sent = self._sent
        changed: dict[int, dict[str, Any]] = {}
        for index, props_ in (traces or {}).items():
            for key, value in props_.items():
                # A legend click changes "visible" in the browser: compare with the figure.
                last = (self.figure.trace_value(index, "visible") if key == "visible"
                        else sent.get((index, key), Undefined))
                if not _same(last, value):
                    if isinstance(value, np.ndarray):  # a kernel sends only contiguous buffers
                        value = np.ascontiguousarray(value)
                    changed.setdefault(index, {})[key] = value
                    sent[(index, key)] = value
        relayout: dict[str, Any] = {}
        for key, value in (layout or {}).items():
            if key.endswith("range"):
                # Zoom, pan and autoscale change axis ranges in the browser, which
                # reports them to the figure: compare with the figure, not with what
                # was sent. Sending an unchanged range costs a redraw in plotly.js.
                current = _axis_range(self.figure, key)
                if current is Undefined or not _same(current, _as_range(value)):
                    relayout[key] = value
                    if current is Undefined and _autoscaled(self.figure, key):
                        relayout[key.rsplit(".", 1)[0] + ".autorange"] = False
            elif not _same(sent.get(key, Undefined), value):
                relayout[key] = sent[key] = value
        if not changed and not relayout:
            return
        if (all(MOVE_LAYOUT.match(key) for key in relayout)
                and all(index in self.movable and set(props) <= MOVE_KEYS
                        for index, props in changed.items())):
            self.figure.move(changed, relayout)
            return
        with self.figure.batch_update():
            self.figure.stage(changed, relayout)

    def steady_range(self, key: str, values: Sequence[Any], *, fill: float, grow: float
                     ) -> list[float] | None:
        """A range for axis ``key`` (``"yaxis.range"``) that holds every finite number in
        ``values`` (arrays or numbers, in the axis's unit): the range the figure draws
        now (it follows zooms) when it holds them and their span fills at least ``fill``
        (0–1) of it, else :func:`fitted_range` of them. None when ``values`` has no finite
        number (nothing to hold: push no range). Push the result with the other layout
        properties; an unchanged range is not sent."""
        extent = finite_extent(values)
        if extent is None:
            return None
        # Before the FigureWidget is made (a widget fitting the figure it starts from),
        # there is no range drawn yet.
        current = (_axis_range(self.figure, key) if isinstance(
            getattr(self, "figure", None), _FIGURE_WIDGET) else Undefined)
        if current is not Undefined and holds(current, extent, fill):
            return [float(current[0]), float(current[1])]
        return fitted_range(extent, grow)

    def remember(self, traces: Mapping[int, Mapping[str, Any]]) -> None:
        """Count trace properties (as for :meth:`push`) as sent: the figure was built with
        them, so the next push leaves them out unless they change."""
        for index, props in traces.items():
            for key, value in props.items():
                self._sent[(index, key)] = value

    def show_error(self, message: str) -> None:
        """Put a rejected setting's message in the readout."""
        self.last_error = message
        self.readout.value = error_html(message)

    def static_figure(self) -> go.Figure:
        """A plain ``go.Figure`` copy of the current state (for static HTML)."""
        fig = go.Figure(self.figure)
        return describe(fig, self.description)

    @property
    def description(self) -> str:
        """One or two sentences saying what the figure shows now."""
        raise NotImplementedError


def finite_extent(values: Sequence[Any]) -> tuple[float, float] | None:
    """(lowest, highest) finite number among ``values`` (arrays or numbers), or None."""
    lo, hi = np.inf, -np.inf
    for value in values:
        if isinstance(value, (int, float)):  # a plain number: no array needed
            number = float(value)
            if math.isfinite(number):
                lo, hi = min(lo, number), max(hi, number)
            continue
        a = np.asarray(value, dtype=float).ravel()
        a = a[np.isfinite(a)]
        if a.size:
            lo, hi = min(lo, float(a.min())), max(hi, float(a.max()))
    return None if lo > hi else (lo, hi)


def holds(axis_range: Any, extent: tuple[float, float], fill: float) -> bool:
    """Whether ``axis_range`` (low, high; floats, NaN for unknown) holds ``extent`` and
    the extent's span is at least ``fill`` of the range's."""
    r0, r1 = float(axis_range[0]), float(axis_range[1])
    if not (np.isfinite(r0) and np.isfinite(r1)) or r1 <= r0:
        return False
    lo, hi = extent
    return r0 <= lo and hi <= r1 and (hi - lo) >= fill * (r1 - r0)


def fitted_range(extent: tuple[float, float], grow: float) -> list[float]:
    """A range holding ``extent`` = (low, high) with room to change: each end moved out
    by ``grow`` × the span, except an end at exactly 0, which stays (an axis from zero
    stays from zero). A flat extent gets a span of its size (or 1 at 0)."""
    lo, hi = extent
    span = hi - lo
    if span <= 0.0:
        span = abs(hi) or 1.0
        if lo != 0.0:
            lo -= span / 2
        if hi != 0.0 or lo == 0.0:
            hi += span / 2
    return [lo if lo == 0.0 else lo - grow * span, hi if hi == 0.0 else hi + grow * span]


def _same(old: Any, new: Any) -> bool:
    """Whether ``new`` equals the value last sent (numpy arrays compared by value)."""
    if old is Undefined:
        return False
    if old is new:
        return True
    if isinstance(old, np.ndarray) or isinstance(new, np.ndarray):
        a, b = np.asarray(old), np.asarray(new)
        return a.shape == b.shape and a.dtype == b.dtype and bool(
            np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    try:
        return bool(old == new) and type(old) is type(new)
    except (TypeError, ValueError):
        return False


def _as_range(value: Any) -> Any:
    """An axis range as a float array (``None`` → NaN), or Undefined if it is not numeric."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return Undefined


def _autoscaled(figure: go.FigureWidget, key: str) -> bool:
    """Whether the axis of range ``key`` (``"xaxis.range"``) autoscales in the figure
    (a double click in the browser sets ``autorange``)."""
    return bool(_layout_value(figure, key.rsplit(".", 1)[0] + ".autorange"))


def _axis_range(figure: go.FigureWidget, key: str) -> Any:
    """The range the browser draws for ``key`` as far as the figure knows (as floats), or
    Undefined when unknown: no range, not numeric, or the axis autoscales."""
    if _autoscaled(figure, key):
        return Undefined
    current = _layout_value(figure, key)
    return Undefined if current is None else _as_range(current)


def _layout_value(figure: go.FigureWidget, key: str) -> Any:
    """``figure``'s layout value at ``key`` (None when unset)."""
    if isinstance(figure, CourseFigureWidget):
        return figure.layout_value(key)
    try:
        return figure.layout[key]
    except (KeyError, ValueError):
        return None


def observe(callback: Callable[[Any], None], *controls: widgets.Widget) -> None:
    """Call ``callback`` when any of ``controls`` changes its value."""
    for control in controls:
        control.observe(callback, names="value")


__all__ = [
    "STYLE", "CourseFigureWidget", "FigureBox", "error_html", "finite_extent", "fitted_range",
    "float_slider", "guarded", "holds", "int_slider", "observe", "static_page",
]
