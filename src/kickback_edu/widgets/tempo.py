"""TempoLab: set the tempo of a rep, or swing it, and watch the hip torque over time."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from traitlets.utils.bunch import Bunch

from ..body import Body
from ..dynamics import STYLES, repetition_arrays, time_under_tension
from ..equipment import Equipment
from ..figures.dynamics import (
    REP_TRACES,
    rep_arrays,
    rep_description,
    rep_title,
    torque_time_figure,
)
from ..pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG
from ..validation import check_number
from .base import STYLE, FigureBox, guarded, observe
from .base import float_slider as _slider
from .checks import body_or_default, choose, start_at, tempo_triple

_EMPTY = np.empty(0)
_CACHE_SIZE = 128  # tempos remembered, so dragging a slider back is instant
#: The time and torque axes keep their range while the rep fits in it and spans at least
#: FILL of it; else they are set anew with GROW × its span of room (0 stays an end).
FILL, GROW = 0.6, 0.2
#: The index of the annotation that carries the figure's title (see ``TempoLab``).
TITLE = 0
Arrays = dict[str, np.ndarray]  # one repetition, as repetition_arrays() returns it


_P = "<p style='margin:2px 0;line-height:1.45'>"
#: The tempo sliders' labels -> their names in a sentence.
_PHASE_NAMES = {"Up (s)": "the up phase", "Squeeze at the top (s)": "the squeeze at the top",
                "Down (s)": "the down phase"}


def _minus(value: object) -> str:
    """A number as text with a typographic minus (``−132``)."""
    return str(value).replace("-", "−")


def tempo_readout(style: str, a: Arrays, tut_s: float,
                  previous: tuple[str, float] | None = None, moved: str = "") -> str:
    """TempoLab's readout (HTML) for one rep (``a``: :func:`rep_arrays` of it; ``tut_s``: its
    seconds under tension): time under tension and the torque range (model), why, and what
    changed since ``previous`` (the style and seconds under tension before the learner
    moved the control ``moved`` describes, e.g. ``"Up (2.0 → 0.3 s)"``)."""
    duration = float(a["time"][-1])
    torque = a["hip_torque"]
    low, high = round(float(torque.min())) + 0, round(float(torque.max())) + 0
    head = (f"{_P}<b>Under tension {tut_s:.1f} s of {duration:.1f} s.</b> "
            f"The hip torque runs from {_minus(low)} to {_minus(high)} N·m"
            + (" (below zero the muscles at the front of the hip must brake the leg)"
               if low < 0 else "")
            + ". <i>(Model: under tension = the torque is at least half of what holding the "
            "leg still would need.)</i></p>")
    if style == "swing":
        why = ("A swing's timing follows from its physics, so the tempo sliders do not apply. "
               "Near the top the torque falls to about zero: momentum, not the glutes, lifts "
               "the leg.")
    elif duration - tut_s >= 0.05:
        why = (f"For {duration - tut_s:.1f} s the torque falls below half of what holding still "
               "needs: moving fast, the leg's momentum does part of the work. Slow the phases "
               "down to keep the glutes working the whole rep.")
    else:
        why = ("The whole rep is under tension: slow phases keep the torque close to what "
               "holding still needs.")
    change = ""
    if previous is not None:
        was_style, was_tut = previous
        what = (f"switched from a {was_style} rep to a {style} rep" if was_style != style
                else f"moved {moved or 'the tempo'}")
        delta = _minus(f"{tut_s - was_tut:+.1f} s under tension (was {was_tut:.1f} s)"
                       if abs(tut_s - was_tut) >= 0.05 else "the time under tension stays")
        change = f"{_P}<b>Since you {html.escape(what)}:</b> {delta}.</p>"
    return head + f"{_P}{why}</p>" + change


def _title_on_the_plot(fig: go.Figure) -> go.Figure:
    """``fig`` with its title drawn as an annotation just above the plot's top left corner
    (annotation :data:`TITLE`): plotly.js redraws a layout title only in a full redraw,
    an annotation on the axes with the curves of a move."""
    size = float(fig.layout.font.size or 12) * 1.4  # plotly.js's size for a title
    fig.add_annotation(text=fig.layout.title.text, xref="x domain", yref="y domain",
                       x=0.0, y=1.0, xanchor="left", yanchor="bottom", yshift=12,
                       showarrow=False, font={"size": size})
    fig.layout.title.text = None
    return fig


class TempoLab(FigureBox):
    """Required hip torque (N·m) over one repetition (s), controlled or swung.

    Controls: ``up``, ``squeeze``, ``down`` (s; the tempo of a controlled rep)
    and ``style`` ("controlled" / "swing"; a swing's timing follows from its
    physics, so the tempo sliders are disabled then). The figure's title (seconds
    under tension) is its first annotation, and its time and torque axes keep a steady
    range (see ``FILL``), so a slider step is a move. The readout gives the
    time under tension (model) and the torque range. ``rep`` is the repetition
    shown, as :func:`kickback_edu.dynamics.repetition_arrays` returns it (None
    when the model refused the settings).
    """

    #: The torque, time and lift axes hold every rep (steady ranges, see FILL): all move.
    movable = frozenset(range(len(REP_TRACES)))

    def __init__(
        self,
        body: Body | None = None,
        equipment: Equipment | Sequence[Equipment] | None = None,
        tempo_s: Sequence[float] = (2.0, 1.0, 2.0),
        style: str = "controlled",
        knee_deg: float = 90.0,
        top_lift_deg: float = 90.0,
    ) -> None:
        super().__init__()
        self.body = body_or_default(body)
        self.equipment_list = (None if equipment is None else
                               [equipment] if isinstance(equipment, Equipment)
                               else list(equipment))
        self.knee_deg = check_number("knee_deg", knee_deg, *KNEE_RANGE_DEG, unit="degrees")
        self.top_lift_deg = check_number("top_lift_deg", top_lift_deg, *LIFT_RANGE_DEG,
                                         unit="degrees")
        up, hold, down = tempo_triple(tempo_s)
        self.up = _slider("Up (s)", 2.0, 0.2, 6.0, 0.1, fmt=".1f",
                          tooltip="seconds to lift the leg")
        self.squeeze = _slider("Squeeze at the top (s)", 1.0, 0.0, 5.0, 0.1, fmt=".1f",
                               tooltip="seconds held at the top")
        self.down = _slider("Down (s)", 2.0, 0.2, 6.0, 0.1, fmt=".1f",
                            tooltip="seconds to lower the leg")
        self.style = widgets.ToggleButtons(
            options=[(s, s) for s in STYLES], value=STYLES[0], description="Rep", style=STYLE,
            tooltips=["slow and controlled, to the tempo set below",
                      "a fast, ballistic kick: momentum carries the leg"])
        start_at(self.up, "tempo_s[0] (up)", up, "s")
        start_at(self.squeeze, "tempo_s[1] (squeeze)", hold, "s")
        start_at(self.down, "tempo_s[2] (down)", down, "s")
        choose(self.style, "style", style)
        self._swing: Arrays | None = None
        # The control being moved, its value (seconds; the style's is a str), and the style
        # and seconds under tension shown before it started moving.
        self._since: tuple[widgets.Widget, float | str, tuple[str, float]] | None = None
        self._shown: tuple[str, float] | None = None  # style and seconds shown now
        self._sent_title: str | None = None
        self._reps: dict[tuple[float, float, float], Arrays] = {}
        self.rep: Arrays | None = None
        # Traces are built once from a default controlled rep, then set to the real state.
        fig = _title_on_the_plot(torque_time_figure(self._fallback(), "controlled"))
        for slider in (self.up, self.squeeze, self.down):  # three in a row, wrapping if narrow
            slider.layout = widgets.Layout(width="320px")
        controls = widgets.VBox([self.style, widgets.HBox(
            [self.up, self.squeeze, self.down], layout={"flex_flow": "row wrap"})])
        self._assemble(fig, [controls])
        self._show(self._compute())
        observe(self._on_change, self.up, self.squeeze, self.down, self.style)

    # -- model ---------------------------------------------------------
    def _tempo(self) -> tuple[float, float, float]:
        return (float(self.up.value), float(self.squeeze.value), float(self.down.value))

    def _fallback(self) -> Arrays:
        return repetition_arrays(self.body, self.equipment_list, (2.0, 1.0, 2.0),
                                 top_lift_deg=self.top_lift_deg, knee_deg=self.knee_deg)

    def _compute(self) -> Arrays | None:
        """The rep of the current controls (a swing rep is computed once: no tempo)."""
        style = self.style.value
        try:
            if style == "swing":
                if self._swing is None:
                    self._swing = repetition_arrays(self.body, self.equipment_list,
                                                    top_lift_deg=self.top_lift_deg,
                                                    knee_deg=self.knee_deg, style="swing")
                return self._swing
            tempo = self._tempo()
            rep = self._reps.get(tempo)
            if rep is None:
                if len(self._reps) >= _CACHE_SIZE:  # forget the oldest
                    self._reps.pop(next(iter(self._reps)))
                rep = self._reps[tempo] = repetition_arrays(
                    self.body, self.equipment_list, tempo, top_lift_deg=self.top_lift_deg,
                    knee_deg=self.knee_deg)
            return rep
        except (ValueError, KeyError) as err:
            self.show_error(str(err.args[0] if err.args else err))
            return None

    # -- callbacks -----------------------------------------------------
    @guarded
    def _on_change(self, change: Bunch | None = None) -> None:
        """Redraw; ``change`` is the traitlets change of a control (``None``: just redraw)."""
        if (change is not None and self._shown is not None
                and (self._since is None or self._since[0] is not change.owner)):
            self._since = (change.owner, change.old, self._shown)
        self._show(self._compute())

    def _show(self, rep: Arrays | None) -> None:
        swing = self.style.value == "swing"
        for slider in (self.up, self.squeeze, self.down):
            slider.disabled = swing
        self.rep = rep
        if rep is None:  # the model refused: its message is in the readout
            self._sent_title = "No repetition: see the message below"
            self.push({i: {"x": _EMPTY, "y": _EMPTY} for i in range(len(REP_TRACES))},
                      {f"annotations[{TITLE}].text": self._sent_title})
            return
        a = rep_arrays(rep)
        tut = time_under_tension(rep)
        title = rep_title(self.style.value, rep, tut)
        layout: dict[str, object] = (
            {} if title == self._sent_title else {f"annotations[{TITLE}].text": title})
        self._sent_title = title
        for key, values in (("xaxis.range", [a["time"]]),
                            ("yaxis.range", [0.0, *(a[name] for name in REP_TRACES[:3])])):
            fit = self.steady_range(key, values, fill=FILL, grow=GROW)
            if fit is not None:
                layout[key] = fit
        self.push({i: {"x": a["time"], "y": a[name]} for i, name in enumerate(REP_TRACES)},
                  layout)
        self.last_error = None
        since = self._since
        moved = "" if since is None or since[0] is self.style else (
            f"{_PHASE_NAMES[since[0].description]} ({float(since[1]):.1f} → "
            f"{float(since[0].value):.1f} s)")
        self.readout.value = tempo_readout(self.style.value, a, tut,
                                           None if since is None else since[2], moved)
        self._shown = (self.style.value, tut)

    # -- public ----------------------------------------------------------
    def static_figure(self) -> go.Figure:
        """A plain ``go.Figure`` copy of the current state (for static HTML and print),
        its title a layout title again (the live figure draws it as an annotation)."""
        fig = super().static_figure()
        notes = list(fig.layout.annotations)
        fig.layout.title.text = notes.pop(TITLE).text
        fig.layout.annotations = notes
        return fig

    @property
    def time_under_tension_s(self) -> float | None:
        """Seconds under tension of the rep shown (None when the model refused it)."""
        return None if self.rep is None else time_under_tension(self.rep)

    @property
    def static_note(self) -> str:
        """Said before the static figure on a printed page, where no control moves: the
        repetition drawn and its tempo. For a controlled repetition it also points to the
        swung one, which the course draws below the lab (notebook 02's
        :func:`~kickback_edu.figures.repetition_figure`)."""
        swing = ("; the swung repetition is drawn in the figure further down"
                 if self.style.value == "controlled" else "")
        return (f"On paper: a {self.style.value} repetition with the tempo as first set "
                f"({self.up.value:g} s up, {self.squeeze.value:g} s squeeze, "
                f"{self.down.value:g} s down){swing}.")

    @property
    def description(self) -> str:
        """One sentence on the repetition shown."""
        if self.rep is None:
            return "No repetition is shown: the model refused these settings."
        return rep_description(self.style.value, self.rep)


__all__ = ["TempoLab"]
