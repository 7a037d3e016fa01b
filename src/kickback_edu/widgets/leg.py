"""LegExplorer: drag the lift and knee angles, watch the leg, the muscles and the low back."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from ..body import HEIGHT_RANGE_M, MASS_RANGE_KG, Body
from ..curves import curve_arrays
from ..equipment import Bodyweight, Equipment
from ..figures.leg import (
    SIDE_TRACES,
    cable_of,
    check_knees,
    floor_note,
    floor_text,
    floor_xy,
    low_back_style,
    lumbar_text,
    side_view_geometry,
    side_view_knee_comparison,
    side_view_ranges,
    side_view_small_multiples,
    status_text,
)
from ..figures.muscles import (
    active_muscles_description,
    active_muscles_figure,
    bead_colors,
    muscle_bead_xy,
    muscle_table,
)
from ..muscles import MUSCLE_KEYS, muscle_activation
from ..outline import min_lift_deg
from ..pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG, pose
from .base import FigureBox, float_slider, guarded, int_slider, observe, static_page
from .checks import START_LIFT_DEG, body_or_default, start_at, start_lift
from .palette import STYLE as COLOURS
from .palette import WARN

#: The lift slider's grid (°): every whole degree the slider can take.
LIFT_GRID = np.arange(LIFT_RANGE_DEG[0], LIFT_RANGE_DEG[1] + 1.0)
_IDX = {name: i for i, name in enumerate(SIDE_TRACES)}
_MUSCLES = len(SIDE_TRACES)
_LABELS = _MUSCLES + 1
#: The side view's ranges after a body change: kept while the body's own ranges
#: (:func:`~kickback_edu.figures.leg.side_view_ranges`) lie inside them and span at least
#: VIEW_FILL of them; else the body's, widened by VIEW_GROW × their span at each end.
VIEW_FILL, VIEW_GROW = 0.9, 0.03


class _KneeRow:
    """Everything the view needs for one body and knee angle, at every lift a body
    can take on :data:`LIFT_GRID` (computed once with vectorised model calls).

    ``first`` is the first whole-degree lift a body can take with this knee (0
    for a bent knee; later for a straighter one, whose foot would otherwise be
    in the floor), ``first_exact`` the exact value (°). Arrays are indexed by
    ``lift - first``.
    """

    def __init__(self, body: Body, knee_deg: float, equipment: Equipment | None) -> None:
        self.first_exact = float(min_lift_deg(body, knee_deg))
        self.first = int(np.ceil(self.first_exact - 1e-9))
        lifts = LIFT_GRID[self.first:]
        p = pose(body, lifts, knee_deg)
        self.geometry = side_view_geometry(body, p, cable_of(equipment))
        self.lumbar = p.lumbar_extension_deg
        self.floor_note = floor_note(body, p)  # said while the relaxed foot rests on the floor
        # One array per muscle (lifts is an array; only scalar lifts give floats).
        involvement = muscle_activation(body, lifts, knee_deg, equipment)
        self.involvement: dict[str, np.ndarray] = {
            k: np.asarray(v) for k, v in involvement.items()}
        self.bead_x, self.bead_y, self.label_xy = muscle_bead_xy(body, p)
        self.bead_color = bead_colors(self.involvement)
        device = equipment or Bodyweight()
        curves = curve_arrays(body, device, lifts, knee_deg)[device.name]
        self.torque = curves["total"]   # leg weight + device, N·m
        self.share = curves["share"]    # of the learner's strength at that angle


class LegExplorer(FigureBox):
    """Side view of the kickback with muscles coloured by involvement (educational model).

    Controls: ``lift`` (°), ``knee`` (°), ``mass`` (kg), ``height`` (m) and
    ``play`` (animates the lift slider in the browser). The readout gives the
    hip torque to hold (N·m), the lumbar extension (°) and the share of the
    learner's strength (model). The lift slider starts at the first lift a
    body can take with the chosen knee angle (0° for a bent knee; later for a
    straight one, whose pointed foot would otherwise be in the floor), and
    the readout says so. A :class:`~kickback_edu.equipment.Cable` given as
    ``equipment`` is drawn along its path round the body.

    ``compare_knees_deg`` (°, e.g. ``(90, 0)``): on a static (printed) page, show the
    side view at the lift set with the knee at each of these angles, side by side
    (:func:`~kickback_edu.figures.leg.side_view_knee_comparison`), instead of the key
    lifts: for a page that asks the reader to move the knee, not the lift. ValueError
    for an empty tuple or an angle outside the knee range.
    """

    # The side view's axes are fixed (set from the body): every trace may just move.
    movable = frozenset(range(_LABELS + 1))

    def __init__(
        self,
        body: Body | None = None,
        lift_deg: int | None = None,
        knee_deg: int = 90,
        equipment: Equipment | None = None,
        compare_knees_deg: Sequence[float] | None = None,
    ) -> None:
        super().__init__()
        self.compare_knees_deg = _knees(compare_knees_deg)
        self.body = body_or_default(body)
        self.device = equipment
        self._cable = cable_of(equipment)
        mass, height = self.body.mass_kg, self.body.height_m
        lift_lo, lift_hi = map(int, LIFT_RANGE_DEG)
        knee_lo, knee_hi = map(int, KNEE_RANGE_DEG)
        self.lift = int_slider("Lift (°)", lift_lo, lift_lo, lift_hi,
                               tooltip="thigh angle from vertical: 0 = under the hip, "
                                       "90 = parallel to the torso")
        self.knee = int_slider("Knee bend (°)", knee_lo, knee_lo, knee_hi, step=5,
                               tooltip="knee flexion: 0 = straight leg")
        start_at(self.knee, "knee_deg", knee_deg, "degrees")
        self.mass = float_slider("Body mass (kg)", mass, max(MASS_RANGE_KG[0], min(30.0, mass)),
                                 min(MASS_RANGE_KG[1], max(200.0, mass)), 1.0, fmt=".0f")
        self.height = float_slider("Height (m)", height,
                                   max(HEIGHT_RANGE_M[0], min(1.2, height)),
                                   min(HEIGHT_RANGE_M[1], max(2.2, height)), 0.01)
        self.play = widgets.Play(value=self.lift.value, min=self.lift.min, max=self.lift.max,
                                 step=1, interval=40, description="Play the lift",
                                 tooltip="play the lift from 0° to 130°")
        # One way (Play drives the slider): a two-way link would send the kernel a second
        # message with every slider step (~30 ms later to the plot, measured).
        self.play_link = widgets.jsdlink((self.play, "value"), (self.lift, "value"))
        self._rows: dict[float, _KneeRow] = {}
        self._names = dict(muscle_table()["name"])
        self._sent_lumbar: float | None = None
        self._sent_arched: bool | None = None
        # A straighter knee starts higher (the readout says why): the slider's lower end
        # follows the knee.
        first = self._row().first
        self.lift.value = max(self.lift.value, first)
        self.lift.min = self.play.min = first
        start_lift(self.lift, lift_deg, START_LIFT_DEG, float(self.knee.value))
        self.play.value = self.lift.value
        fig = active_muscles_figure(self.body, self.lift.value, self.knee.value,
                                    self.device)
        controls = widgets.HBox([
            widgets.VBox([self.lift, self.knee,
                          widgets.HBox([widgets.Label("Play the lift:"), self.play])]),
            widgets.VBox([self.mass, self.height]),
        ], layout={"flex_flow": "row wrap"})
        self._assemble(fig, [controls])
        self._sent_arched = bool(self._row().lumbar[self._i()] > 0)
        self._sent_lumbar = float(self._row().lumbar[self._i()])
        self._write_readout()
        observe(self._on_angle, self.lift, self.knee)
        observe(self._on_body, self.mass, self.height)

    # -- model lookups -------------------------------------------------
    def _i(self) -> int:
        """Index of the lift slider's value in the current row (lift - first)."""
        return int(self.lift.value) - self._row().first

    def _row(self) -> _KneeRow:
        knee = float(self.knee.value)
        row = self._rows.get(knee)
        if row is None:
            row = self._rows[knee] = _KneeRow(self.body, knee, self.device)
        return row

    # -- callbacks -----------------------------------------------------
    @guarded
    def _on_angle(self, change: object = None) -> None:
        self._follow_knee()
        self._update_view(force=False)

    def _follow_knee(self) -> None:
        """Move the lift slider's lower end to the first lift a body can take with this
        knee (raising the lift if it was below; the readout says why)."""
        first = self._row().first
        if self.lift.min != first:
            with self.lift.hold_trait_notifications():
                if self.lift.value < first:
                    self.lift.value = first
                self.lift.min = self.play.min = first

    @guarded
    def _on_body(self, change: object = None) -> None:
        old = self.body
        self.body = Body(self.mass.value, self.height.value, sex=old.sex,
                         segment_table=old.segment_table,
                         hip_extension_limit_deg=old.hip_extension_limit_deg)
        self._rows.clear()
        self._follow_knee()
        self._update_view(force=True)

    def _update_view(self, force: bool) -> None:
        row, i = self._row(), self._i()
        g = row.geometry
        lumbar = float(row.lumbar[i])
        traces: dict[int, dict[str, Any]] = {
            _IDX["leg"]: {"x": g["leg"][i, :, 0], "y": g["leg"][i, :, 1]},
            _IDX["leg_outline"]: {"x": g["leg_outline"][i, :, 0],
                                  "y": g["leg_outline"][i, :, 1]},
            _IDX["status"]: {"text": [status_text(self.lift.value, self.knee.value)]},
            _IDX["floor"]: {"text": floor_text(row.floor_note[i])},
            _MUSCLES: {"x": row.bead_x[i], "y": row.bead_y[i], "marker.color": row.bead_color[i]},
            _LABELS: {"x": row.label_xy[i, :, 0], "y": row.label_xy[i, :, 1]},
        }
        if self._cable is not None:
            traces[_IDX["cable"]] = {"x": g["cable"][i, :, 0], "y": g["cable"][i, :, 1]}
        layout: dict[str, Any] = {}
        if force or lumbar != self._sent_lumbar:
            anchor = g["lumbar_anchor"][i]
            traces[_IDX["torso"]] = {"x": g["torso"][i, :, 0], "y": g["torso"][i, :, 1]}
            traces[_IDX["low_back"]] = {"x": g["low_back"][i, :, 0], "y": g["low_back"][i, :, 1]}
            traces[_IDX["lumbar_label"]] = {"x": anchor[:, 0], "y": anchor[:, 1],
                                            "text": [lumbar_text(lumbar)]}
            self._sent_lumbar = lumbar
        arched = lumbar > 0
        if force or arched != self._sent_arched:
            color, width = low_back_style(arched)
            traces.setdefault(_IDX["low_back"], {}).update(
                {"line.color": color, "line.width": width})
            self._sent_arched = arched
        if force:
            self._static_traces(traces, layout)
        self.push(traces, layout)
        self._write_readout()

    def _static_traces(self, traces: dict[int, dict[str, Any]], layout: dict[str, Any]) -> None:
        """Body-only traces and axis ranges (after a mass or height change)."""
        g = self._row().geometry
        (x_lo, x_hi), (y_lo, y_hi) = side_view_ranges(self.body)
        reach = self.body.thigh.length_m + self.body.shank.length_m
        fx, fy = floor_xy(self.body)
        traces[_IDX["floor"]].update({"x": fx, "y": fy})
        traces[_IDX["outline"]] = {"x": g["outline"][:, 0], "y": g["outline"][:, 1]}
        traces[_IDX["guide"]] = {"x": np.array([0.0, -reach]), "y": np.zeros(2)}
        traces[_IDX["support"]] = {"x": g["support"][0, :, 0], "y": g["support"][0, :, 1]}
        traces[_IDX["status"]]["x"] = np.array([x_lo + 0.02])
        traces[_IDX["status"]]["y"] = np.array([y_hi - 0.02])
        # The view keeps its ranges while they hold this body's and it fills most of them
        # (a height step is then a move); else they are set to the body's with a little
        # room, so a few more steps fit.
        for key, lo, hi in (("xaxis.range", x_lo, x_hi), ("yaxis.range", y_lo, y_hi)):
            layout[key] = self.steady_range(key, [lo, hi], fill=VIEW_FILL, grow=VIEW_GROW)

    def _write_readout(self) -> None:
        row, i = self._row(), self._i()
        torque, lumbar, share = float(row.torque[i]), float(row.lumbar[i]), float(row.share[i])
        source = "leg weight" + (f" + {self.device.name}" if self.device else "")
        names = self._names
        muscles = " · ".join(f"{names[k]} {float(row.involvement[k][i]):.2f}"
                             for k in MUSCLE_KEYS)
        limit = 90.0 + self.body.hip_extension_limit_deg
        warning = (
            f"{COLOURS}<p class='{WARN}' style='margin:2px 0'><b>⚠ Form:</b> "
            f"past {limit:.0f}° the hip "
            f"cannot extend further; the low back arches by {lumbar:.0f}° and tension shifts "
            "from the glutes to the lumbar spine. Stop at the thigh parallel to the torso.</p>"
            if lumbar > 0 else ""
        )
        # Below zero the device pulls the leg up: say so, and show no negative share.
        helps = " — below zero: the load pulls the leg up here" if torque < 0 else ""
        start = (
            f"<p style='margin:2px 0'><b>Lift starts at {row.first}°:</b> with the knee at "
            f"{self.knee.value}° the foot clears the floor only from "
            f"{row.first_exact:.1f}°, even pointed; below that the leg would be in the "
            "floor, so a kickback with this knee starts there.</p>"
            if row.first > 0 and int(self.lift.value) <= row.first else ""
        )  # said only while the lift sits at that limit, where it explains the stop
        self.last_error = None
        self.readout.value = (
            f"<p style='margin:2px 0'><b>Hip torque to hold:</b> {torque:.1f} N·m "
            f"({html.escape(source)}{helps}) · <b>Lumbar extension:</b> {lumbar:.0f}° · "
            f"<b>Share of your strength:</b> {max(100 * share, 0.0):.0f}% (model)</p>"
            f"<p style='margin:2px 0'><b>Muscle involvement</b> "
            f"(educational model, 0–1): {html.escape(muscles)}</p>{start}{warning}"
        )

    # -- public ----------------------------------------------------------
    @property
    def static_note(self) -> str:
        """Said before the static stand-in on a static (printed) page, where no slider
        moves: what the panels show instead."""
        if self.compare_knees_deg:
            words = [f"bent {k:.0f}°" if k != 0 else "straight (0°)"
                     for k in self.compare_knees_deg]
            knees = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
            return (f"On paper: the leg at a {self.lift.value}° lift with the knee {knees} "
                    "side by side, each panel titled with the hip torque to hold (model).")
        return (f"On paper: the key positions the Lift slider would show, with the knee "
                f"bent {self.knee.value}°.")

    def static_figure(self) -> go.Figure:
        """The static stand-in. In static mode (``KICKBACK_STATIC=1``, a printed or
        exported page) the side view at the key lifts 0°, 45°, 90° and 110° with the
        knee as set (:func:`~kickback_edu.figures.leg.side_view_small_multiples`; a
        straighter knee starts at its first possible lift), or with
        ``compare_knees_deg`` the side view at the lift set with each of those knees
        (:func:`~kickback_edu.figures.leg.side_view_knee_comparison`); otherwise a copy
        of the live figure."""
        if not static_page():
            return super().static_figure()
        if self.compare_knees_deg:
            return side_view_knee_comparison(self.body, float(self.lift.value),
                                             self.compare_knees_deg, self.device)
        return side_view_small_multiples(self.body, knee_deg=float(self.knee.value),
                                         equipment=self.device)

    @property
    def hip_torque_Nm(self) -> float:
        """Hip torque to hold at the current pose (N·m, leg weight + equipment; model)."""
        return float(self._row().torque[self._i()])

    @property
    def lumbar_extension_deg(self) -> float:
        """Low-back arching at the current pose (°; 0 with good form)."""
        return float(self._row().lumbar[self._i()])

    @property
    def first_lift_deg(self) -> float:
        """The first lift (°) a body can take with the current knee angle."""
        return self._row().first_exact

    @property
    def description(self) -> str:
        """One sentence: the pose shown, the low back and the most involved muscle."""
        row, i = self._row(), self._i()
        p = pose(self.body, float(self.lift.value), float(self.knee.value))
        involvement = {k: float(row.involvement[k][i]) for k in MUSCLE_KEYS}
        return active_muscles_description(self.body, p, involvement)


def _knees(knees_deg: Sequence[float] | None) -> tuple[float, ...]:
    """``compare_knees_deg`` checked: knee angles (°) in ``KNEE_RANGE_DEG``, or ()."""
    return () if knees_deg is None else tuple(check_knees("compare_knees_deg", knees_deg))


__all__ = ["LIFT_GRID", "LegExplorer"]
