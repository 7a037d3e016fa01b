"""MuscleMap: the muscles of the kickback from behind, by role or by involvement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from ..body import Body
from ..equipment import Equipment
from ..figures.muscles import (
    MAP_MODES,
    MAP_MUSCLES,
    map_fill_colors,
    map_marker_style,
    map_outline_width,
    muscle_card_html,
    muscle_map_description,
    muscle_map_figure,
    muscle_table,
)
from ..muscles import MUSCLE_KEYS, muscle_activation
from ..pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG
from .base import STYLE, FigureBox, guarded, int_slider, observe
from .checks import body_or_default, choose, start_at

LIFT_GRID = np.arange(LIFT_RANGE_DEG[0], LIFT_RANGE_DEG[1] + 1.0)
_FILLS = {key: 2 + i for i, key in enumerate(MAP_MUSCLES)}  # trace index of each shape
_MARKERS = 2 + len(MAP_MUSCLES)


class MuscleMap(FigureBox):
    """Back view of the hips and thighs; choose or click a muscle to read its card.

    Controls: ``mode`` ("role" / "involvement"), ``lift`` (°), ``knee`` (°),
    ``muscle`` (dropdown of muscle keys). ``card`` shows the chosen muscle's
    role, action, origin, insertion, description and its involvement here
    (educational model).
    """

    # Involvement recolours the shapes and markers: nothing moves, the axes stay.
    movable = frozenset({*_FILLS.values(), _MARKERS})

    def __init__(
        self,
        body: Body | None = None,
        mode: str = "role",
        lift_deg: int = 90,
        knee_deg: int = 90,
        muscle: str = "gluteus_maximus",
        equipment: Equipment | Sequence[Equipment] | None = None,
    ) -> None:
        super().__init__()
        self.body = body_or_default(body)
        self.device_list = (None if equipment is None else
                            [equipment] if isinstance(equipment, Equipment) else list(equipment))
        table = muscle_table()
        self.mode = widgets.ToggleButtons(
            options=[("role", "role"), ("involvement (model)", "involvement")], value="role",
            description="Colour by", style={**STYLE, "button_width": "auto"},
            tooltips=["colour each muscle by its role in the movement",
                      "colour each muscle by how hard it works (educational model)"])
        self.lift = int_slider("Lift (°)", *map(int, (LIFT_RANGE_DEG[0], *LIFT_RANGE_DEG)))
        self.knee = int_slider("Knee bend (°)", *map(int, (KNEE_RANGE_DEG[0], *KNEE_RANGE_DEG)),
                               step=5)
        self.muscle = widgets.Dropdown(
            options=[(table.loc[k, "name"], k) for k in MUSCLE_KEYS], value=MUSCLE_KEYS[0],
            description="Muscle", style=STYLE)
        choose(self.mode, "mode", mode)
        start_at(self.knee, "knee_deg", knee_deg, "degrees")
        start_at(self.lift, "lift_deg", lift_deg, "degrees")
        choose(self.muscle, "muscle", muscle)
        self.card = widgets.HTML()
        self._rows: dict[float, dict[str, np.ndarray]] = {}
        self._selected = muscle
        fig = muscle_map_figure(self.body, mode, self.lift.value, self.knee.value,
                                self.device_list, selected=muscle)
        controls = widgets.VBox([self.mode, widgets.HBox(
            [self.lift, self.knee], layout={"flex_flow": "row wrap"}), self.muscle])
        self._assemble(fig, [controls], extra=[self.card])
        for index in (*_FILLS.values(), _MARKERS):
            self.figure.data[index].on_click(self._on_click)
        self._write()
        observe(self._on_mode, self.mode)
        observe(self._on_angle, self.lift, self.knee)
        observe(self._on_muscle, self.muscle)
        self._enable_angles()

    def _involvement(self) -> dict[str, float]:
        knee = float(self.knee.value)
        row = self._rows.get(knee)
        if row is None:
            row = self._rows[knee] = {
                k: np.asarray(v) for k, v in
                muscle_activation(self.body, LIFT_GRID, knee, self.device_list).items()}
        i = int(self.lift.value)
        return {k: float(row[k][i]) for k in MUSCLE_KEYS}

    def _colour_updates(self) -> dict[int, dict[str, Any]]:
        involvement = self._involvement()
        mode = self.mode.value
        fills = map_fill_colors(mode, involvement)
        traces: dict[int, dict[str, Any]] = {
            _FILLS[k]: {"fillcolor": c} for k, c in zip(MAP_MUSCLES, fills, strict=True)}
        traces[_MARKERS] = map_marker_style(mode, involvement)
        return traces

    def _enable_angles(self) -> None:
        """The angle sliders only matter when colouring by involvement."""
        for control in (self.lift, self.knee):
            control.disabled = self.mode.value != "involvement"

    @guarded
    def _on_mode(self, change: object = None) -> None:
        self._enable_angles()
        self.push(self._colour_updates())
        self._write()

    @guarded
    def _on_angle(self, change: object = None) -> None:
        if self.mode.value == "involvement":
            self.push(self._colour_updates())
        self._write()

    @guarded
    def _on_muscle(self, change: object = None) -> None:
        old, new = self._selected, self.muscle.value
        self._selected = new
        self.push({_FILLS[old]: {"line.width": map_outline_width(old, new)},
                   _FILLS[new]: {"line.width": map_outline_width(new, new)}})
        self._write()

    def _on_click(self, trace: Any, points: Any, selector: Any = None) -> None:
        """A click on a shape or on its marker chooses that muscle."""
        if not points.point_inds:
            return
        if points.trace_index == _MARKERS:
            key = MAP_MUSCLES[points.point_inds[0]]
        else:
            key = MAP_MUSCLES[points.trace_index - 2]
        self.muscle.value = key

    def _write(self) -> None:
        involvement = self._involvement()
        self.last_error = None
        self.card.value = muscle_card_html(self.muscle.value, involvement[self.muscle.value])
        colour = (
            "<b>role</b> in the kickback (to colour by effort, choose “involvement”; the lift "
            "and knee sliders then apply)" if self.mode.value == "role" else
            f"<b>involvement</b> at a {self.lift.value}° lift, knee bent {self.knee.value}° "
            "(educational model: 0 = resting, 1 = near its limit)")
        self.readout.value = (
            f"<p style='margin:2px 0'>Colour: {colour}.</p><p style='margin:2px 0'>Click a "
            "muscle in the figure, or pick one in the <i>Muscle</i> list above: its card is "
            "below.</p>"
        )

    @property
    def description(self) -> str:
        """One sentence: what the map shows in the current mode."""
        mode = self.mode.value
        if mode not in MAP_MODES:
            raise KeyError(f"mode must be one of {MAP_MODES}; got {mode!r}")
        return muscle_map_description(mode, self._involvement(), self.lift.value,
                                      self.knee.value)


__all__ = ["MuscleMap"]
