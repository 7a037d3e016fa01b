"""Explorers for real-world function: single-leg stance and hip extension in gait.

Each explorer is a :class:`~kickback_edu.widgets.base.FigureBox`: its controls as
attributes, one FigureWidget (``.figure``, built once and updated in place with
:meth:`~kickback_edu.widgets.base.FigureBox.push`), an HTML ``.readout``,
``.static_figure()`` for a static copy and ``.description`` (one sentence for
screen readers and static copies, computed from the current state: the live
figure's ``layout.meta`` is not rewritten, which would cost plotly.js a full
redraw per slider step).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import product

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from ..body import Body
from ..figures.function import (
    gait_description,
    gait_figure,
    gait_instant_trace_data,
    gait_trace_data,
    stance_description,
    stance_figure,
    stance_height_range,
    stance_trace_data,
    stance_view_ranges,
)
from ..gait import (
    GAIT_ACTIVITIES,
    UNAVAILABLE_ACTIVITIES,
    WALKING_SPEEDS,
    GaitComparison,
    GaitInstant,
    compare_with_kickback,
    extensor_phases,
    gait_hip_angle,
    gait_instant,
    kickback_hip_range,
    push_off_phases,
)
from ..stance import (
    EVIDENCE_NOTE,
    LOAD_RANGE_KG,
    STRENGTH_RANGE,
    TRUNK_LEAN_RANGE_DEG,
    StancePose,
    StanceResult,
    invivo_reference_bw,
    load_stance_parameters,
    single_leg_stance,
    stance_pose,
)
from .base import FigureBox, guarded, observe
from .checks import body_or_default

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="420px")

#: Front-view traces (fixed axis ranges) and the demand marker (fixed force axis, one
#: category): their points may just move. The force bars may not (see ``StanceExplorer``).
STANCE_MOVING = ("pelvis", "trunk", "head", "arms", "load", "stance leg", "swing leg",
                 "abductors", "trunk centre of mass", "abductor force needed")
#: The traces a step through the gait cycle changes (both subplots have fixed ranges).
GAIT_MOVING = ("now", "thigh")


def _plain(value: object) -> object:
    """A trace property value as sent: sequences of numbers as contiguous float arrays,
    of text as lists of str; single values (numbers, strings) unchanged."""
    if np.ndim(value) == 0:
        return value
    array = np.asarray(value)
    if array.dtype.kind in "iuf":
        return np.ascontiguousarray(array, dtype=float)
    return array.tolist()


def _flat(props: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Nested trace properties with dotted keys (``{"line": {"color": c}}`` →
    ``{"line.color": c}``), values as :func:`_plain` makes them."""
    flat: dict[str, object] = {}
    for key, value in props.items():
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = _plain(value)
    return flat


class _NamedTraces(FigureBox):
    """A FigureBox updated from ``*_trace_data`` results: trace name → properties."""

    _index: dict[str, int]

    def _assemble_named(self, figure: go.Figure, controls: Sequence[widgets.Widget],
                        built_from: Mapping[str, Mapping[str, object]],
                        moving: Iterable[str], extra: Sequence[widgets.Widget] = ()) -> None:
        """Lay out the widget (:meth:`_assemble`), index the traces by name, declare the
        ``moving`` ones :attr:`movable`, and count ``built_from`` (the trace data the
        figure was drawn from) as sent, so the first push sends only what changed."""
        self._assemble(figure, controls, extra)
        self._index = {trace.name: i for i, trace in enumerate(self.figure.data)}
        self.movable = frozenset(self._index[name] for name in moving)
        self.remember(self._by_index(built_from))

    def _by_index(self, data: Mapping[str, Mapping[str, object]]
                  ) -> dict[int, dict[str, object]]:
        """``data`` by trace index, with flat keys and plain values (:func:`_flat`)."""
        return {self._index[name]: _flat(props) for name, props in data.items()}

    def _push_named(self, data: Mapping[str, Mapping[str, object]]) -> None:
        """Send the properties of the named traces that changed (one message at most)."""
        self.push(self._by_index(data))


class StanceExplorer(_NamedTraces):
    """Standing on one leg, seen from the front.

    Controls: ``abductor_strength`` (× what plain one-leg standing needs),
    ``load_kg`` and ``load_side`` (a load in one hand), ``trunk_lean_deg``
    (positive = over the stance hip).

    The front view has a fixed height range (from the body: ground to the top of
    the head), so a step that moves only the body is a move; the force bars sit on a
    category axis and send an update when they change.
    """

    def __init__(self, body: Body | None = None) -> None:
        super().__init__()
        self.body = body_or_default(body)
        self.abductor_strength = widgets.FloatSlider(
            value=1.0, min=STRENGTH_RANGE[0], max=1.5, step=0.05,
            description="Abductor strength (× needed on one leg)", style=_STYLE, layout=_LAYOUT,
            readout_format=".2f", continuous_update=True,
        )
        self.load_kg = widgets.FloatSlider(
            value=0.0, min=LOAD_RANGE_KG[0], max=30.0, step=1.0,
            description="Load in hand (kg)", style=_STYLE, layout=_LAYOUT, readout_format=".0f",
        )
        self.load_side = widgets.ToggleButtons(
            options=[("opposite hand (swing side)", "opposite"),
                     ("same hand (stance side)", "same")],
            value="opposite", description="Load carried in",
            style={**_STYLE, "button_width": "auto"},
        )
        self.trunk_lean_deg = widgets.FloatSlider(
            value=0.0, min=TRUNK_LEAN_RANGE_DEG[0], max=TRUNK_LEAN_RANGE_DEG[1], step=1.0,
            description="Trunk lean over the stance hip (°)", style=_STYLE, layout=_LAYOUT,
            readout_format=".0f",
        )
        self._result = self._solve()
        pose = stance_pose(self.body, self._result)
        upright = stance_pose(self.body, single_leg_stance(self.body))
        params = load_stance_parameters()
        figure = stance_figure(self._result, pose, params["invivo_walking_bw"],
                               height_range=stance_height_range(upright),
                               view_ranges=stance_view_ranges(self._extremes()),
                               textbook_bw=(params["textbook_joint_low_bw"],
                                            params["textbook_joint_high_bw"]))
        controls = (self.abductor_strength, self.load_kg, self.load_side, self.trunk_lean_deg)
        self._assemble_named(figure, controls, stance_trace_data(self._result, pose),
                             STANCE_MOVING)
        self._show_readout()
        observe(self._on_change, *controls)

    def _extremes(self) -> Iterator[tuple[StanceResult, StancePose]]:
        """The model and pose over a grid of the controls' ranges, denser where the
        drawing changes most (small loads; the pose is not monotonic in the load): the
        figure's fixed ranges hold them all. ~200 states, ~40 ms."""
        strength, load, lean = self.abductor_strength, self.load_kg, self.trunk_lean_deg
        loads = sorted({load.min, *np.geomspace(2.5, load.max, 5), load.max})
        for s, kg, side, deg in product(
                (strength.min, 1.0, strength.max), loads, ("opposite", "same"),
                np.linspace(lean.min, lean.max, 6)):
            result = single_leg_stance(self.body, load_kg=float(kg), load_side=side,
                                       trunk_lean_deg=float(deg), abductor_strength=float(s))
            yield result, stance_pose(self.body, result)

    def _solve(self) -> StanceResult:
        """The stance model at the controls' settings."""
        return single_leg_stance(
            self.body, load_kg=float(self.load_kg.value), load_side=self.load_side.value,
            trunk_lean_deg=float(self.trunk_lean_deg.value),
            abductor_strength=float(self.abductor_strength.value),
        )

    @guarded
    def _on_change(self, _change: object = None) -> None:
        result = self._solve()
        self._push_named(stance_trace_data(result, stance_pose(self.body, result)))
        self._result = result
        self._show_readout()

    def _show_readout(self) -> None:
        r = self._result
        refs = "; ".join(f"{k} {v:.2f}" for k, v in invivo_reference_bw().items())
        params = load_stance_parameters()
        textbook = (f"{params['textbook_joint_low_bw']:g}–{params['textbook_joint_high_bw']:g}")
        pattern = "".join(f"<li>{html.escape(p)}</li>" for p in r.pattern)
        self.last_error = None
        self.readout.value = (
            f"<b>Stance-side abductors:</b> a level pelvis needs {r.abductor_demand_bw:.2f} × "
            "body weight "
            f"({r.abductor_demand_N:.0f} N); they can pull at most "
            f"{r.abductor_capacity_N / r.body_weight_N:.2f} × and pull "
            f"{r.abductor_force_bw:.2f} × ({r.abductor_force_N:.0f} N). Their moment arm is "
            f"{100 * r.abductor_moment_arm_m:.1f} cm, the body weight's "
            f"{100 * r.weight_moment_arm_m:.1f} cm (both assumed, not measured)."
            f"<br><b>Hip joint force:</b> {r.joint_force_bw:.2f} × body weight "
            f"({r.joint_force_N:.0f} N, model). Textbook lever ratios: about {textbook} × "
            "(unverified). Measured with instrumented hip implants (× body weight): "
            f"{html.escape(refs)}."
            f"<br><b>Pelvic drop:</b> {r.pelvic_drop_deg:.1f}°; trunk lean "
            f"{r.total_trunk_lean_deg:.1f}°; knee inward {100 * r.knee_inward_m:.1f} cm."
            f"<ul>{pattern}</ul><small>{html.escape(EVIDENCE_NOTE)}</small>"
        )

    @property
    def description(self) -> str:
        """One sentence: the forces shown and, if it drops, the pelvic drop and trunk lean."""
        return stance_description(self._result)


class GaitExplorer(_NamedTraces):
    """Hip angle over the gait cycle, with the kickback's range for comparison.

    Controls: ``activity``, ``speed`` (walking only), ``cycle_pct`` (the
    marked moment, 0–100 %) and ``play`` (animates ``cycle_pct``). A step through
    the cycle moves the marker and the thigh (a move, or an update when a colour
    changes); another activity or speed redraws the curves (an update).
    """

    def __init__(self, body: Body | None = None) -> None:
        super().__init__()
        self.body = body_or_default(body)
        self.activity = widgets.Dropdown(options=list(GAIT_ACTIVITIES), value="walking",
                                         description="Activity", style=_STYLE)
        self.speed = widgets.Dropdown(options=list(WALKING_SPEEDS), value="free",
                                      description="Walking speed", style=_STYLE)
        self.cycle_pct = widgets.IntSlider(value=50, min=0, max=100, step=1,
                                           description="Moment in the gait cycle (%)",
                                           style=_STYLE, layout=_LAYOUT)
        self.play = widgets.Play(value=50, min=0, max=100, step=1, interval=80,
                                 description="Play the cycle")
        # One way: the slider's own steps then cost the kernel one message, not two.
        self.play_link = widgets.jsdlink((self.play, "value"), (self.cycle_pct, "value"))
        kickback = kickback_hip_range(self.body.hip_extension_limit_deg)
        self._curve = gait_hip_angle(self.activity.value, self._speed())
        self._comparison = self.comparison()
        self._instants: dict[int, GaitInstant] = {}  # on the current curve, by cycle %
        self._instant = self._moment()
        phases = extensor_phases(self.activity.value)
        push = push_off_phases(self.activity.value)
        figure = gait_figure(self._curve, self._instant, kickback, phases,
                             self.body.thigh.length_m, push)
        unavailable = "; ".join(f"{k}: {v}" for k, v in UNAVAILABLE_ACTIVITIES.items())
        note = widgets.HTML(f"<small>Not shown — {html.escape(unavailable)}.</small>")
        controls = (
            widgets.HBox([self.activity, self.speed], layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.play, self.cycle_pct], layout={"flex_flow": "row wrap"}),
        )
        self._assemble_named(figure, controls,
                             gait_trace_data(self._curve, self._instant, phases, push),
                             GAIT_MOVING, extra=[note])
        self._show_readout()
        observe(self._on_curve_change, self.activity, self.speed)
        observe(self._on_instant_change, self.cycle_pct)

    def _speed(self) -> str | None:
        return self.speed.value if self.activity.value == "walking" else None

    def _moment(self) -> GaitInstant:
        """The marked moment on the current curve (the model's, computed once per cycle %:
        playing the cycle again costs no model calls)."""
        pct = int(self.cycle_pct.value)
        instant = self._instants.get(pct)
        if instant is None:
            instant = self._instants[pct] = gait_instant(
                self.activity.value, float(pct), self._speed(), self.body.thigh.length_m)
        return instant

    @guarded
    def _on_curve_change(self, _change: object = None) -> None:
        self.speed.disabled = self.activity.value != "walking"
        self._curve = gait_hip_angle(self.activity.value, self._speed())
        self._comparison = self.comparison()
        self._instants.clear()
        instant = self._moment()
        self._show(instant, gait_trace_data(self._curve, instant,
                                            extensor_phases(self.activity.value),
                                            push_off_phases(self.activity.value)))

    @guarded
    def _on_instant_change(self, _change: object = None) -> None:
        instant = self._moment()
        self._show(instant, gait_instant_trace_data(instant))

    def _show(self, instant: GaitInstant, data: Mapping[str, Mapping[str, object]]) -> None:
        """Push ``data`` (trace name → properties) drawn for ``instant``; write the readout."""
        self._push_named(data)
        self._instant = instant
        self._show_readout()

    def comparison(self) -> GaitComparison:
        """The current activity's hip range next to the kickback's."""
        return compare_with_kickback(self.activity.value, self._speed(),
                                     self.body.hip_extension_limit_deg)

    def _show_readout(self) -> None:
        instant = self._instant
        if instant.extensors_hardest:
            work = ("the gluteus maximus works here, slowing the leg or steadying the hip as "
                    "the weight lands (textbook description, model)")
        elif instant.calf_push_off:
            work = ("the calf (ankle plantar flexors) pushes off here; the glutes are quiet "
                    "(textbook description, model)")
        else:
            work = "neither the gluteus maximus's phase nor the calf's push-off"
        kind = "flexion" if instant.hip_flexion_deg >= 0 else "extension"
        self.last_error = None
        self.readout.value = (
            f"<b>At {instant.cycle_pct:.0f}% of the cycle:</b> hip at "
            f"{instant.hip_flexion_deg:.1f}° ({kind}); {work}."
            f"<br>{html.escape(self._comparison.summary)}"
        )

    @property
    def description(self) -> str:
        """One sentence: the activity's hip range and the hip angle at the marked moment."""
        return gait_description(self._curve, self._instant)


__all__ = ["GaitExplorer", "StanceExplorer"]
