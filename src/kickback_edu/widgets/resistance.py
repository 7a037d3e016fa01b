"""ResistanceLab: compare bodyweight, band, cable and glute machine across the lift."""

from __future__ import annotations

import html
from collections.abc import Collection
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from ..body import Body
from ..curves import DEFAULT_LIFT_DEG, curve_arrays
from ..equipment import (
    Band,
    Bodyweight,
    Cable,
    Equipment,
    GluteMachine,
    band_options,
    default_band,
)
from ..figures.curves import (
    ANN_FLOOR,
    SHAPE_FLOOR,
    TRACES_PER_DEVICE,
    default_equipment,
    findings,
    findings_sentences,
    floor_zone,
    hovertemplates,
    resistance_description,
    resistance_figure,
    share_name,
)
from ..my_equipment import DEFAULT_FILE, MyEquipment, load_my_equipment
from ..outline import min_lift_deg
from ..pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG
from .base import (
    STYLE,
    CourseFigureWidget,
    FigureBox,
    error_html,
    finite_extent,
    float_slider,
    guarded,
    int_slider,
    observe,
)
from .checks import START_LIFT_DEG, body_or_default, start_at, start_checked, start_lift
from .palette import STYLE as COLOURS
from .palette import WARN

KEYS = ("bodyweight", "band", "cable", "machine")
LABELS = {"bodyweight": "Bodyweight (leg only)", "band": "Band", "cable": "Cable",
          "machine": "Glute machine"}
#: What a readout sentence calls each device's own share of the torque.
_NOUN = {"band": "band", "cable": "cable", "machine": "machine"}
#: Lift angles (°) of the curves: the lift slider's whole-degree steps.
GRID = np.asarray(DEFAULT_LIFT_DEG, dtype=float)
_MARKER = len(KEYS) * TRACES_PER_DEVICE
_NAN = np.full(GRID.shape, np.nan)
#: Prefix of a measured band's value in the band dropdown (its label ends "(measured)").
MEASURED = "measured:"
#: The curves' axes: each keeps its range while the curves fit in it and span at least
#: FILL of it; else it is set anew with GROW × the curves' span of room above and below
#: (0 stays an end: the torque axis starts at zero).
FILL, GROW = 0.5, 0.25


def legend_label(device: Equipment) -> str:
    """A device's name in the live figure's legend: what its dropdowns and toggles choose
    (the band's colour, the machine's kind), not what its sliders set (loads, pulley).
    A slider step then leaves the legend as it is and is drawn as a move (the full names
    are in the hover texts, the readout and :meth:`ResistanceLab.static_figure`)."""
    if isinstance(device, Cable):
        return "Cable"
    if isinstance(device, GluteMachine):
        return f"Glute machine ({device.kind})"
    return device.name


class ResistanceLab(FigureBox):
    """Resistance curves (torque to hold, N·m, vs lift angle, °) you can reconfigure.

    Controls: ``equipment`` (dict key -> Checkbox), ``band_color`` (value:
    ``(brand, colour)`` of a row of ``data/bands.csv``),
    ``band_length`` (m), ``cable_load`` (kg), ``pulley_height`` (m above the
    floor), ``pulley_distance`` (m ahead of the hip), ``machine_kind``,
    ``machine_load`` (kg), ``knee`` (°), ``lift`` (°, moves a marker on every
    curve) and ``show_share`` (share of the learner's strength, %). The lift
    slider sits directly above the figure; ``settings`` (dict key -> VBox) holds
    the band, cable and machine controls, each under its device's tick box and
    shown only while that device is ticked (hidden, their values kept). The
    tick boxes, settings, knee and share form a panel beside the figure in a
    wide notebook and above it in a narrow one, so a settings slider and the
    curve it moves are on screen together (see :meth:`_layout`). A setting
    the model rejects (e.g. a band stretched past 300%) is reported in the
    readout and its curve is hidden. The legend names each device by what its
    dropdowns and toggles choose (:func:`legend_label`); the torque axes keep a steady
    range (``FILL``), so a slider step is a move. With a straight or partly bent knee the
    curves start at the first lift a body can take (the foot would otherwise be
    in the floor): the lift slider's lower end follows the knee, the lower lifts
    are greyed out and the readout says why.

    ``my_equipment``: the learner's measured bands
    (:class:`~kickback_edu.my_equipment.MyEquipment`, or the path of its file),
    listed after the catalogue colours; default: ``my_equipment.json`` in the
    working folder when it exists (a broken file is reported in the readout).
    """

    # Every trace moves inside the axes: the lift axis is fixed and the others hold the
    # curves with a steady range (see FILL); a visibility or legend change is an update.
    movable = frozenset(range(_MARKER + 1))

    def __init__(
        self,
        body: Body | None = None,
        knee_deg: int = 90,
        lift_deg: int | None = None,
        show: tuple[str, ...] = KEYS,
        show_share: bool = False,
        my_equipment: MyEquipment | str | Path | None = None,
    ) -> None:
        super().__init__()
        self.my_equipment, self.my_equipment_error = _my_equipment(my_equipment)
        self.body = body_or_default(body)
        given: object = show  # checked as object: a learner may pass a bare name
        if isinstance(given, str) or not hasattr(given, "__iter__"):
            raise ValueError(f"show must be a tuple of device names among {', '.join(KEYS)}, "
                             f"e.g. ('band',); got {show!r}")
        unknown = [k for k in show if k not in KEYS]
        if unknown:
            raise KeyError(f"show must name devices among {', '.join(KEYS)}; got {unknown}")
        self.equipment = {
            k: widgets.Checkbox(value=k in show, description=LABELS[k], style=STYLE,
                                indent=False, layout={"width": "auto"}) for k in KEYS}
        # Values are (brand, colour): two brands' "red" bands are two choices;
        # a learner's measured band is "measured:<name>".
        bands = band_options()
        mine = [(f"{n} (measured)", MEASURED + n) for n in self.my_equipment.band_names()]
        self.band_color = widgets.Dropdown(options=bands + mine,
                                           value=default_band() if bands else (
                                               mine[0][1] if mine else None),
                                           description="Band colour", style=STYLE)
        self.band_length = float_slider("Band rest length (m)", 0.40, 0.10, 1.00, 0.05)
        self.cable_load = float_slider("Cable load (kg)", 10.0, 0.0, 60.0, 1.0, fmt=".0f")
        self.pulley_height = float_slider("Pulley height above the floor (m)", 0.0, 0.0, 2.0,
                                          0.05)
        self.pulley_distance = float_slider("Pulley distance ahead of the hip (m)", 1.0, 0.2,
                                            3.0, 0.05)
        self.machine_kind = widgets.ToggleButtons(
            options=[("plate-loaded", "plate"), ("cam (selectorized)", "cam")], value="plate",
            description="Machine", style=STYLE)
        self.machine_load = float_slider("Machine load (kg)", 20.0, 0.0, 120.0, 2.5, fmt=".1f")
        knee_lo, knee_hi = map(int, KNEE_RANGE_DEG)
        lift_lo, lift_hi = map(int, LIFT_RANGE_DEG)
        self.knee = int_slider("Knee bend (°)", knee_lo, knee_lo, knee_hi, step=5)
        self.lift = int_slider("Lift (°)", lift_lo, lift_lo, lift_hi,
                               tooltip="moves the marker on every curve")
        start_at(self.knee, "knee_deg", knee_deg, "degrees")
        # The lift slider starts at the first lift a body can take with this knee; a
        # typed start below it is refused by start_at, which reads the slider's min.
        self.first_lift_deg = float(min_lift_deg(self.body, float(self.knee.value)))
        self._set_lift_min()
        start_lift(self.lift, lift_deg, START_LIFT_DEG, float(self.knee.value))
        self.show_share = widgets.Checkbox(value=False,
                                           description="Show the share of my strength (%)",
                                           style=STYLE, indent=False)
        start_checked(self.show_share, "show_share", show_share)
        show_share = self.show_share.value
        self.devices: dict[str, Equipment | None] = {}
        self.curves: dict[str, dict[str, np.ndarray] | None] = {}
        self._extent_memo: dict[str, tuple[dict[str, np.ndarray], dict[str, Any]]] = {}
        self.errors: dict[str, str] = {}
        self._stale = set(KEYS)
        self._sent_layout: dict[str, Any] = {}
        for key in KEYS:
            self._compute(key)
        # Placeholders for the figure's traces of devices the model refused (hidden). With
        # no valid band in bands.csv the band's traces are drawn from a stand-in, hidden.
        stand_ins = default_equipment() if self.band_color.options else [
            Bodyweight(), Bodyweight(), Cable(), GluteMachine()]
        fallback = dict(zip(KEYS, stand_ins, strict=True))
        self._fallback_names = {k: d.name for k, d in fallback.items()}
        devices = [self.devices[k] or fallback[k] for k in KEYS]
        fig = resistance_figure(self.body, devices, float(self.knee.value), GRID,
                                show_share=show_share, marker_lift_deg=float(self.lift.value))
        # The figure starts in the widget's state (ticked devices, refused settings), set on
        # the plain figure before the FigureWidget exists: an update pushed before the
        # browser first draws the figure could reach it incomplete (hidden curves shown).
        traces, layout = self._updates(set(KEYS))
        for index, props in traces.items():
            fig.data[index].update(props)
        fig.plotly_relayout(layout)
        self._sent_layout.update(layout)
        self._assemble(fig, [self.lift], [])
        self.children = self._layout()
        self.remember(traces)  # the figure starts with them: a push sends only changes
        self._write_readout()
        observe(lambda _: self._changed({"band"}), self.band_color, self.band_length)
        observe(lambda _: self._changed({"cable"}), self.cable_load, self.pulley_height,
                self.pulley_distance)
        observe(lambda _: self._changed({"machine"}), self.machine_kind, self.machine_load)
        observe(self._on_knee, self.knee)
        observe(self._on_toggle, *self.equipment.values(), self.show_share)
        observe(self._on_lift, self.lift)
        self._enable_controls()

    # -- layout --------------------------------------------------------
    def _layout(self) -> tuple[widgets.Widget, ...]:
        """The controls and the figure laid out so that the curve stays on screen while
        any slider is dragged (at 900 px window height too).

        Two boxes in one wrapping row: the settings panel (each device's tick box with
        its settings under it, shown while it is ticked; the knee; the share) and the
        plot column (the lift slider right above the figure). The row runs right to
        left, panel first: when the notebook is wide enough (about 900 px) the panel
        stands beside the figure, on its right; when narrower it wraps onto the first
        line, above the figure, as a grid of one or two columns. The readout follows.
        """
        # Under its tick box, set off by a thin rule (a wide indent cost the sliders room).
        indent = {"margin": "0 0 4px 2px", "padding": "0 0 0 4px",
                  "border_left": "2px solid #d0d0d0"}
        full = {"width": "100%", "min_width": "0"}
        # In a narrow panel a long label takes a line of its own, above a usable track.
        for slider in (self.band_length, self.cable_load, self.pulley_height,
                       self.pulley_distance, self.machine_load, self.knee):
            slider.layout = widgets.Layout(**full, height="auto", flex_flow="row wrap")
        # The two long labels always on a line of their own (right-aligned, as ipywidgets
        # sets labels), the track and its value under them: left to wrap, they broke
        # differently at each width, once leaving a stub of a track.
        for slider in (self.pulley_height, self.pulley_distance):
            slider.style.description_width = "calc(100% - 12px)"
        # Under the "Glute machine" tick box the buttons need no label of their own.
        self.machine_kind.description = ""
        for control in (self.lift, self.band_color):
            control.layout = widgets.Layout(**full)
        #: Each device's settings, shown only while it is ticked (their values kept).
        self.settings = {
            "band": widgets.VBox([self.band_color, self.band_length], layout=indent),
            "cable": widgets.VBox([self.cable_load, self.pulley_height,
                                   self.pulley_distance], layout=indent),
            "machine": widgets.VBox([self.machine_kind, self.machine_load], layout=indent),
        }
        groups = [widgets.VBox([self.equipment[k], *([self.settings[k]] if k in self.settings
                                                     else [])]) for k in KEYS]
        panel = widgets.GridBox(
            [*groups, self.knee, self.show_share],
            layout=widgets.Layout(grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))",
                                  grid_gap="0 16px", align_content="flex-start",
                                  flex="1 1 380px", min_width="0"))
        plot = widgets.VBox([self.lift, self.figure],
                            layout=widgets.Layout(flex="3 1 500px", min_width="0"))
        row = widgets.HBox([panel, plot], layout=widgets.Layout(
            flex_flow="row-reverse wrap", align_items="flex-start", width="100%"))
        return (row, self.readout)

    # -- model ---------------------------------------------------------
    def _make(self, key: str) -> Equipment:
        if key == "bodyweight":
            return Bodyweight()
        if key == "band":
            value = self.band_color.value  # (brand, colour), or "measured:<name>"
            if isinstance(value, str) and value.startswith(MEASURED):
                return self.my_equipment.band(value[len(MEASURED):],
                                              rest_length_m=self.band_length.value)
            if self.band_color.value is None:
                raise KeyError("Band colour: bands.csv has no valid band; run `python -m "
                               "kickback_edu.check_data` to see why")
            brand, color = self.band_color.value
            return Band(color, brand=brand, loop=True, rest_length_m=self.band_length.value)
        if key == "cable":
            return Cable(self.cable_load.value, self.pulley_height.value,
                         self.pulley_distance.value)
        return GluteMachine(self.machine_load.value, self.machine_kind.value)

    def _compute_all(self, keys: Collection[str]) -> None:
        """:meth:`_compute` for each of ``keys``, with one model call for them all (the
        leg's pose, weight and strength are shared); each on its own if that fails."""
        try:
            devices = {key: self._make(key) for key in keys}
            names = [d.name for d in devices.values()]
            if len(set(names)) != len(names):
                raise ValueError("two devices share a name")
            found = curve_arrays(self.body, list(devices.values()), GRID,
                                 float(self.knee.value), below_floor="nan")
        except (ValueError, KeyError):
            for key in keys:
                self._compute(key)
            return
        for key, device in devices.items():
            self._compute(key, (device, found[device.name]))

    def _compute(self, key: str,
                 done: tuple[Equipment, dict[str, np.ndarray]] | None = None) -> None:
        """Rebuild one device from its controls and compute its curve (model calls),
        unless ``done`` gives them (device, curve arrays)."""
        self._stale.discard(key)
        try:
            if done is None:
                device = self._make(key)
                arrays = curve_arrays(self.body, device, GRID, float(self.knee.value),
                                      below_floor="nan")[device.name]
            else:
                device, arrays = done
            feasible = GRID >= self._first_grid()
            if not all(np.all(np.isfinite(arrays[c][feasible]))
                       for c in ("device", "total", "share")):
                raise ValueError(
                    f"{device.name}: the line of pull passes through the leg's attachment "
                    "point, so its direction is undefined; move the pulley")
        except (ValueError, KeyError) as err:
            self.devices[key], self.curves[key] = None, None
            self.errors[key] = str(err.args[0] if err.args else err)
            return
        self.devices[key], self.curves[key] = device, arrays
        self.errors.pop(key, None)

    def _visible(self) -> list[str]:
        return [k for k in KEYS if self.equipment[k].value and self.curves.get(k) is not None]

    # -- callbacks -----------------------------------------------------
    @guarded
    def _changed(self, keys: set[str]) -> None:
        ticked = [key for key in KEYS if key in keys and self.equipment[key].value]
        self._stale.update(keys - set(ticked))
        if len(ticked) > 1:
            self._compute_all(ticked)
        elif ticked:
            self._compute(ticked[0])
        self._refresh(keys)

    @guarded
    def _on_knee(self, change: object = None) -> None:
        self.first_lift_deg = float(min_lift_deg(self.body, float(self.knee.value)))
        self._set_lift_min()
        self._stale = set(KEYS)
        self._changed(set(KEYS))

    def _first_grid(self) -> float:
        """The first whole-degree lift on the grid that a body can take with this knee."""
        return float(np.ceil(self.first_lift_deg - 1e-6))

    def _set_lift_min(self) -> None:
        """The lift slider starts at the first feasible lift (raising its value if
        needed; the readout says why)."""
        first = int(self._first_grid())
        if self.lift.min != first:
            with self.lift.hold_trait_notifications():
                if self.lift.value < first:
                    self.lift.value = first
                self.lift.min = first

    def _enable_controls(self) -> None:
        """Show the settings of the ticked devices only (hidden ones keep their values)."""
        for key, box in self.settings.items():
            box.layout.display = None if self.equipment[key].value else "none"

    @guarded
    def _on_toggle(self, change: object = None) -> None:
        self._enable_controls()
        fresh = {k for k in KEYS if self.equipment[k].value and k in self._stale}
        for key in fresh:
            self._compute(key)
        self._refresh(set(KEYS), curves_changed=fresh)

    @guarded
    def _on_lift(self, change: object = None) -> None:
        self.push({_MARKER: self._marker()})
        self._write_readout()

    # -- figure updates ------------------------------------------------
    def _shown(self) -> dict[str, tuple[Equipment, dict[str, np.ndarray]]]:
        """The ticked devices whose curves the model computed: key -> (device, arrays)."""
        out = {}
        for key in self._visible():
            device, arrays = self.devices.get(key), self.curves.get(key)
            if device is not None and arrays is not None:
                out[key] = (device, arrays)
        return out

    def _marker(self) -> dict[str, Any]:
        i = int(self.lift.value)
        shown = self._shown()
        y = np.array([float(shown[k][1]["total"][i]) if k in shown else np.nan for k in KEYS])
        return {"x": np.full(len(KEYS), float(GRID[i])), "y": y}

    def _refresh(self, keys: set[str], curves_changed: set[str] | None = None) -> None:
        """Push curves of ``curves_changed`` (default: ``keys``), visibility of ``keys``,
        the marker, the findings labels and the readout."""
        traces, layout = self._updates(keys, curves_changed)
        self._sent_layout.update(layout)
        self.push(traces, layout)
        self._write_readout()

    def _updates(self, keys: set[str], curves_changed: set[str] | None = None
                 ) -> tuple[dict[int, dict[str, Any]], dict[str, Any]]:
        """Trace and layout properties for :meth:`_refresh` (layout: only what changed
        since last sent)."""
        changed = keys if curves_changed is None else curves_changed
        share = bool(self.show_share.value)
        traces: dict[int, dict[str, Any]] = {}
        for key in keys:
            base = KEYS.index(key) * TRACES_PER_DEVICE
            arrays, device = self.curves.get(key), self.devices.get(key)
            on = bool(self.equipment[key].value) and arrays is not None
            total: dict[str, Any] = {"visible": self._visibility(base, on)}
            alone: dict[str, Any] = {"visible": self._visibility(base + 1,
                                                                 on and key != "bodyweight")}
            part: dict[str, Any] = {"visible": self._visibility(base + 2, on and share)}
            if key in changed:
                if arrays is None or device is None:
                    total["y"] = alone["y"] = part["y"] = _NAN
                else:
                    label = legend_label(device)
                    hover = hovertemplates(device.name)
                    total.update(y=arrays["total"], name=f"{label} + leg",
                                 hovertemplate=hover[0])
                    alone.update(y=arrays["device"], name=f"{label} alone",
                                 hovertemplate=hover[1])
                    part.update(y=100.0 * arrays["share"], name=share_name(label),
                                hovertemplate=hover[2])
            traces.update({base: total, base + 1: alone, base + 2: part})
        traces[_MARKER] = self._marker()
        traces[_MARKER]["customdata"] = [
            device.name if (device := self.devices.get(k)) else self._fallback_names[k]
            for k in KEYS]
        wanted: dict[str, Any] = {"yaxis2.visible": share}
        zone = floor_zone(self.first_lift_deg)
        for prop, value in zone["annotation"].items():
            wanted[f"annotations[{ANN_FLOOR}].{prop}"] = value
        for prop, value in zone["shape"].items():
            wanted[f"shapes[{SHAPE_FLOOR}].{prop}"] = value
        layout = {k: v for k, v in wanted.items() if self._sent_layout.get(k) != v}
        # Ranges are compared with the figure's (which follows zooms) by push().
        layout.update(self._ranges(share))
        return traces, layout

    def _ranges(self, share: bool) -> dict[str, list[float]]:
        """Steady ranges of the torque axis and, when shown, the strength-share axis,
        holding the shown curves and zero (both axes start at zero unless a curve goes
        below it)."""
        shown = self._shown()
        ranges: dict[str, list[float]] = {}
        # The curves' extents, not the curves: they are the same numbers (see _extents).
        extents = {key: self._extents(key, arrays) for key, (_, arrays) in shown.items()}
        torque = [0.0, *(ext["total"] for ext in extents.values()),
                  *(ext["device"] for key, ext in extents.items() if key != "bodyweight")]
        fit = self.steady_range("yaxis.range", _ends(torque), fill=FILL, grow=GROW)
        if fit is not None:
            ranges["yaxis.range"] = fit
        if share:
            # 100 × a float is rounded monotonically, so 100 × the share's extent is the
            # extent of 100 × the share (the curve drawn).
            percent = [0.0, *(None if ext["share"] is None else
                              (100.0 * ext["share"][0], 100.0 * ext["share"][1])
                              for ext in extents.values())]
            fit = self.steady_range("yaxis2.range", _ends(percent), fill=FILL, grow=GROW)
            if fit is not None:
                ranges["yaxis2.range"] = fit
        return ranges

    def _extents(self, key: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
        """:func:`finite_extent` of device ``key``'s ``total``, ``device`` and ``share``
        curves and its :func:`share_peak` (``"share_peak"``), computed once per curve set
        (``arrays``, never changed after :meth:`_compute` stores it): a lift step, or a
        step of another device's slider, reuses them."""
        memo = self._extent_memo.get(key)
        if memo is None or memo[0] is not arrays:
            found: dict[str, Any] = {c: finite_extent([arrays[c]])
                                     for c in ("total", "device", "share")}
            found["share_peak"] = share_peak(arrays)
            memo = (arrays, found)
            self._extent_memo[key] = memo
        return memo[1]

    def _visibility(self, index: int, on: bool) -> bool | str:
        """Trace ``index``'s visibility: hidden when ``on`` is false, else shown, or kept
        "legendonly" when the learner hid it with a click on the legend."""
        figure = getattr(self, "figure", None)
        if on and isinstance(figure, CourseFigureWidget) and (
                figure.trace_value(index, "visible") == "legendonly"):
            return "legendonly"
        return on

    def _findings(self) -> dict[str, dict[str, Any]]:
        """:func:`findings` of the shown curves, computed again only when a shown device
        or its curves change (the readout asks at every step, a lift step included)."""
        shown = list(self._shown().values())
        memo = self.__dict__.get("_findings_memo")
        if memo is not None and len(memo[0]) == len(shown) and all(
                d is d0 and a is a0 for (d, a), (d0, a0) in zip(shown, memo[0], strict=True)):
            kept: dict[str, dict[str, Any]] = memo[1]
            return kept
        found = findings([d for d, _ in shown], GRID, {d.name: a for d, a in shown})
        self._findings_memo = (shown, found)
        return found

    def _write_readout(self) -> None:
        i = int(self.lift.value)
        p = "<p style='margin:2px 0'>"
        lines = [f"{p}<b>At a {GRID[i]:.0f}° lift</b> (knee {self.knee.value}°), the hip "
                 "extensors must hold:</p><ul style='margin:2px 0'>"]
        for key in KEYS:
            if not self.equipment[key].value:
                continue
            arrays, device = self.curves.get(key), self.devices.get(key)
            if arrays is None or device is None:
                lines.append(f"<li>{LABELS[key]}: {error_html(self.errors.get(key, ''))}</li>")
                continue
            peak = self._extents(key, arrays)["share_peak"]
            lines.append(f"<li>{_device_line(key, device.name, arrays, i, peak)}</li>")
        if len(lines) == 1:
            lines.append("<li>no device chosen: tick one above</li>")
        lines.append("</ul>")
        lines += [f"{p}{html.escape(text)}</p>" for text in findings_sentences(self._findings())]
        if self.my_equipment_error:
            lines.append(error_html(self.my_equipment_error))
        if self.first_lift_deg > 0:
            lines.append(
                f"{p}<b>The curves start at {self.first_lift_deg:.1f}°:</b> "
                f"with the knee at {self.knee.value}° the foot clears the floor only from there, "
                "even pointed, so a kickback with this knee starts there (greyed out below).</p>")
        self.last_error = next(iter(self.errors[k] for k in KEYS
                                    if k in self.errors and self.equipment[k].value), None)
        self.readout.value = "".join(lines)

    # -- public ----------------------------------------------------------
    def torque_at_lift(self) -> dict[str, float]:
        """Total torque (N·m) of each shown device at the lift slider's angle."""
        i = int(self.lift.value)
        return {k: float(a["total"][i]) for k, (_, a) in self._shown().items()}

    def static_figure(self) -> go.Figure:
        """A plain ``go.Figure`` copy of the current state (for static HTML), its legend
        naming each device in full (with the loads and pulley its sliders set)."""
        fig = super().static_figure()
        for key, (device, _) in self._shown().items():
            base = KEYS.index(key) * TRACES_PER_DEVICE
            fig.data[base].name = f"{device.name} + leg"
            fig.data[base + 1].name = f"{device.name} alone"
            fig.data[base + 2].name = share_name(device.name)
        return fig

    @property
    def description(self) -> str:
        """One or two sentences: which curves are shown and what they reveal."""
        shown = self._shown().values()
        if not shown:
            return "Resistance curves with no device chosen: the plot is empty."
        return resistance_description(self.body, [d for d, _ in shown], float(self.knee.value),
                                      self._findings())

    #: Lifts (°) the printed note reads every curve at (start, mid-range, the top).
    NOTE_LIFTS_DEG = (0, 45, 90)

    @property
    def static_note(self) -> str:
        """Said before the static figure on a printed page, where no box is ticked and no
        slider moves: the settings drawn and each curve read at :attr:`NOTE_LIFTS_DEG`
        (from the first possible lift when the knee is straighter)."""
        shown = self._shown()
        if not shown:
            return "On paper: no device is ticked, so the plot is empty."
        first = self._first_grid()
        lifts = sorted({max(float(a), first) for a in self.NOTE_LIFTS_DEG})
        at = ", ".join(f"{a:.0f}°" for a in lifts[:-1]) + f" and {lifts[-1]:.0f}°"
        parts = []
        for key, (device, arrays) in shown.items():
            values = ", ".join(f"{float(arrays['total'][int(a)]):.0f}" for a in lifts[:-1])
            name = LABELS[key] if key == "bodyweight" else f"{device.name} + leg"
            parts.append(f"{name} {values} and {float(arrays['total'][int(lifts[-1])]):.0f} N·m")
        return (f"On paper: the curves as first set, knee bent {self.knee.value}°. The hip "
                f"torque to hold at {at} of lift (model): " + "; ".join(parts) + ".")


def _ends(values: list[Any]) -> list[float]:
    """Numbers and (low, high) extents as a flat list of numbers (None left out)."""
    out: list[float] = []
    for value in values:
        if isinstance(value, tuple):
            out.extend(value)
        elif value is not None:
            out.append(value)
    return out


def share_peak(arrays: dict[str, np.ndarray]) -> float:
    """The highest share of the learner's strength (0–1) a device's curve asks."""
    return float(np.nanmax(arrays["share"]))


def _device_line(key: str, name: str, arrays: dict[str, np.ndarray], i: int,
                 peak_share: float | None = None) -> str:
    """One device's readout sentences (HTML) at grid index ``i``: the torque to hold, what
    it is made of, and the share of the learner's strength it asks. ``peak_share``:
    :func:`share_peak` of ``arrays`` if already known."""
    total, alone = float(arrays["total"][i]), float(arrays["device"][i])
    leg = total - alone
    share = 100.0 * float(arrays["share"][i])
    peak = 100.0 * (share_peak(arrays) if peak_share is None else peak_share)
    warn = f"{COLOURS}<span class='{WARN}'>"
    if key == "bodyweight":
        text = f"<b>Bodyweight (leg only)</b>: {total:.1f} N·m, the weight of the leg itself."
    else:
        what = html.escape(name)
        pulls = (f" {warn}Below zero: the {_NOUN[key]} pulls the leg up here.</span>"
                 if alone < 0 else "")
        text = (f"<b>{what}</b>: {total:.1f} N·m in all, {alone:.1f} N·m from the "
                f"{_NOUN[key]} and {leg:.1f} N·m from the leg's weight.{pulls}")
    if total < 0:
        return (text + " There is nothing for the glutes to hold here: the leg is pulled "
                "up (model).")
    text += f" That is {share:.0f}% of your strength (model)."
    if share > 100.0:
        text += (f" {warn}It is more than your modelled strength: you could not hold the "
                 "leg here.</span>")
    elif peak > 100.0:
        text += (f" {warn}Elsewhere in the lift it asks {peak:.0f}% of your modelled "
                 "strength: too heavy to finish the lift.</span>")
    return text


def _my_equipment(source: MyEquipment | str | Path | None) -> tuple[MyEquipment, str | None]:
    """The learner's measured equipment and the message of a file that failed to load."""
    if isinstance(source, MyEquipment):
        return source, None
    try:
        return load_my_equipment(DEFAULT_FILE if source is None else source,
                                 missing_ok=source is None), None
    except ValueError as err:
        return MyEquipment(), f"your equipment file was not loaded: {err}"


__all__ = ["FILL", "GRID", "GROW", "KEYS", "MEASURED", "ResistanceLab", "legend_label"]
