"""MuscleMap: the muscles of the kickback from behind, by role or by involvement."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
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
from ..outline import min_lift_deg
from ..pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG
from .base import STYLE, FigureBox, guarded, int_slider, observe
from .checks import body_or_default, choose, start_at, start_lift

LIFT_GRID = np.arange(LIFT_RANGE_DEG[0], LIFT_RANGE_DEG[1] + 1.0)
_FILLS = {key: 2 + i for i, key in enumerate(MAP_MUSCLES)}  # trace index of each shape
_MARKERS = 2 + len(MAP_MUSCLES)


def _names() -> dict[str, str]:
    """Muscle key -> its name in a sentence (``"gluteus maximus"``)."""
    return dict(_table_names())


@cache
def _table_names() -> dict[str, str]:
    """:func:`_names`, read from the (fixed) muscle table once: the readout asks at every
    slider step, and pandas' ``loc`` costs ~5 µs a muscle."""
    names = muscle_table()["name"]
    return {k: str(names.loc[k]).lower() if k != "core" else "core and lower back"
            for k in MUSCLE_KEYS}


def map_readout(mode: str, lift_deg: int, knee_deg: int, involvement: dict[str, float],
                previous: tuple[int, int, dict[str, float]] | None = None) -> str:
    """MuscleMap's readout (HTML): what the colours show; in involvement mode each muscle's
    involvement (educational model, 0–1) from the most to the least involved, and how it
    changed since ``previous`` (the lift °, knee ° and involvement before the learner moved
    the lift or knee slider)."""
    p = "<p style='margin:2px 0;line-height:1.45'>"
    pick = (f"{p}Click a muscle in the figure, or pick one in the <i>Muscle</i> list above, to "
            "show its card beside the map (under it in a narrow window).</p>")
    if mode == "role":
        return (f"{p}<b>Colour: each muscle's role</b> in the kickback (prime mover, synergist, "
                "stabiliser, isometric brace). To see how hard each one works, choose "
                "<i>involvement (model)</i>: the lift and knee sliders then apply.</p>" + pick)
    names = _names()
    ranked = sorted(MUSCLE_KEYS, key=lambda k: -involvement[k])
    values = ", ".join(f"{names[k]} {involvement[k]:.2f}" for k in ranked)
    text = (f"{p}<b>How hard each muscle works at a {lift_deg}° lift, knee bent {knee_deg}°</b> "
            f"(educational model: 0 = resting, 1 = near its limit): {values}.</p>")
    if previous is not None:
        was_lift, was_knee, was = previous
        moved = sorted((k for k in MUSCLE_KEYS if abs(involvement[k] - was[k]) >= 0.02),
                       key=lambda k: -abs(involvement[k] - was[k]))[:3]
        what = "; ".join(
            f"{names[k]} {was[k]:.2f} → {involvement[k]:.2f} "
            f"({'works harder' if involvement[k] > was[k] else 'works less'})" for k in moved)
        setting = " and the ".join(part for part in (
            f"lift ({was_lift}° → {lift_deg}°)" if was_lift != lift_deg else "",
            f"knee ({was_knee}° → {knee_deg}°)" if was_knee != knee_deg else "") if part)
        if setting:
            text += (f"{p}<b>Since you moved the {setting}:</b> "
                     f"{what or 'no muscle changed by 0.02 or more'}.</p>")
    return text + pick


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
        self._firsts: dict[float, int] = {}  # knee (°) -> first lift (°), see _first_lift
        self.device_list = (None if equipment is None else
                            [equipment] if isinstance(equipment, Equipment) else list(equipment))
        table = muscle_table()
        self.mode = widgets.ToggleButtons(
            options=[("role", "role"), ("involvement (model)", "involvement")], value="role",
            description="Colour by", style={**STYLE, "button_width": "auto"},
            tooltips=["colour each muscle by its role in the movement",
                      "colour each muscle by how hard it works (educational model)"])
        lift_lo, lift_hi = map(int, LIFT_RANGE_DEG)
        knee_lo, knee_hi = map(int, KNEE_RANGE_DEG)
        self.lift = int_slider("Lift (°)", lift_lo, lift_lo, lift_hi)
        self.knee = int_slider("Knee bend (°)", knee_lo, knee_lo, knee_hi, step=5)
        self.muscle = widgets.Dropdown(
            options=[(table.loc[k, "name"], k) for k in MUSCLE_KEYS], value=MUSCLE_KEYS[0],
            description="Muscle", style=STYLE)
        choose(self.mode, "mode", mode)
        start_at(self.knee, "knee_deg", knee_deg, "degrees")
        # A straighter knee starts higher (the foot would be in the floor): the lift
        # slider's lower end follows the knee.
        self._set_lift_min()
        start_lift(self.lift, lift_deg, 90, float(self.knee.value))
        choose(self.muscle, "muscle", muscle)
        self.card = widgets.HTML()
        self._rows: dict[float, dict[str, np.ndarray]] = {}
        self._selected = muscle
        # In involvement mode: the (lift °, knee °, involvement) shown now, and the angle
        # slider being moved with the state before it started moving.
        self._shown: tuple[int, int, dict[str, float]] | None = None
        self._since: tuple[widgets.Widget, tuple[int, int, dict[str, float]]] | None = None
        fig = muscle_map_figure(self.body, mode, self.lift.value, self.knee.value,
                                self.device_list, selected=muscle)
        controls = widgets.VBox([self.mode, widgets.HBox(
            [self.lift, self.knee], layout={"flex_flow": "row wrap"}), self.muscle])
        self._assemble(fig, [controls], extra=[self.card])
        # The map beside its card in a wide notebook (the plot keeps its aspect ratio, so a
        # wider figure only adds blank space), the card under it in a narrow one.
        plot = widgets.VBox([self.figure], layout=widgets.Layout(
            flex="1 1 460px", max_width="640px", min_width="0"))
        self.card.layout = widgets.Layout(flex="1 1 280px", min_width="0", margin="0 0 0 8px")
        self.children = (controls, widgets.HBox([plot, self.card], layout=widgets.Layout(
            flex_flow="row wrap", align_items="flex-start", width="100%")), self.readout)
        for index in (*_FILLS.values(), _MARKERS):
            self.figure.data[index].on_click(self._on_click)
        self._write()
        observe(self._on_mode, self.mode)
        observe(self._on_angle, self.lift, self.knee)
        observe(self._on_muscle, self.muscle)
        self._enable_angles()

    def _first_lift(self) -> int:
        """The first whole-degree lift a body can take with the knee as set (computed once
        per knee angle: a lift step asks three times)."""
        knee = float(self.knee.value)
        first = self._firsts.get(knee)
        if first is None:
            first = self._firsts[knee] = int(np.ceil(float(min_lift_deg(self.body, knee))
                                                     - 1e-6))
        return first

    def _set_lift_min(self) -> None:
        """The lift slider starts at the first feasible lift (raising its value if needed)."""
        first = self._first_lift()
        if self.lift.min != first:
            with self.lift.hold_trait_notifications():
                if self.lift.value < first:
                    self.lift.value = first
                self.lift.min = first

    def _involvement(self) -> dict[str, float]:
        knee = float(self.knee.value)
        first = self._first_lift()
        row = self._rows.get(knee)
        if row is None:
            row = self._rows[knee] = {
                k: np.asarray(v) for k, v in
                muscle_activation(self.body, LIFT_GRID[first:], knee, self.device_list).items()}
        i = int(self.lift.value) - first
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
        self._set_lift_min()
        owner = getattr(change, "owner", None)
        if (owner is not None and self._shown is not None
                and (self._since is None or self._since[0] is not owner)):
            self._since = (owner, self._shown)
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
        state = (int(self.lift.value), int(self.knee.value), involvement)
        if self.mode.value != "involvement":
            self._shown = self._since = None
        before = None if self._since is None else self._since[1]
        self.readout.value = map_readout(self.mode.value, *state, previous=before)
        self._shown = state if self.mode.value == "involvement" else None

    #: Lifts and knee bends (°) the printed note reads the involvement at.
    NOTE_ANGLES_DEG = (0, 45, 90)

    @property
    def static_note(self) -> str:
        """Said before the static figure on a printed page, where no muscle can be picked
        and no slider moves. By role: the chosen muscle's card in words. By involvement:
        the chosen muscle's (and the gluteus maximus's) involvement in the model at lifts
        of :attr:`NOTE_ANGLES_DEG` with the knee as set, and at those knee bends with the
        lift as set (a straighter knee starts at its first possible lift)."""
        table = muscle_table()
        key = self.muscle.value
        name = _names()[key]
        if self.mode.value == "role":
            row = table.loc[key]
            return (f"On paper: the map coloured by role; the card of the {name}. "
                    f"Role: {row['role']}. Action: {row['action']}. Origin: {row['origin']}. "
                    f"Insertion: {row['insertion']}.").replace("..", ".")
        keys = [key] if key == "gluteus_maximus" else [key, "gluteus_maximus"]
        lift, knee = float(self.lift.value), float(self.knee.value)

        def at(lifts: list[float], knees: list[float]) -> str:
            values = {k: [float(muscle_activation(self.body, a, b, self.device_list)[k])
                          for a, b in zip(lifts, knees, strict=True)] for k in keys}
            return "; ".join(f"{_names()[k]} " + _listed(values[k], "{:.2f}") for k in keys)

        first = float(min_lift_deg(self.body, knee))
        lifts = sorted({max(float(a), np.ceil(first)) for a in self.NOTE_ANGLES_DEG})
        knees = [float(b) for b in self.NOTE_ANGLES_DEG
                 if float(min_lift_deg(self.body, float(b))) <= lift]
        text = (f"On paper: the map coloured by involvement (educational model, 0 = resting, "
                f"1 = near its limit) at a {lift:.0f}° lift with the knee bent {knee:.0f}°. "
                f"With this knee, at lifts of {_listed(lifts)}: "
                f"{at(lifts, [knee] * len(lifts))}.")
        if len(knees) > 1:
            text += (f" At this lift, with the knee bent {_listed(knees)}: "
                     f"{at([lift] * len(knees), knees)}.")
        return text

    @property
    def description(self) -> str:
        """One sentence: what the map shows in the current mode."""
        mode = self.mode.value
        if mode not in MAP_MODES:
            raise KeyError(f"mode must be one of {MAP_MODES}; got {mode!r}")
        return muscle_map_description(mode, self._involvement(), self.lift.value,
                                      self.knee.value)


def _listed(values: Sequence[float], fmt: str = "{:.0f}°") -> str:
    """``"0°, 45° and 90°"`` (each value in ``fmt``)."""
    words = [fmt.format(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


__all__ = ["MuscleMap"]
