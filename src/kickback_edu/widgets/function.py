"""Explorers for real-world function: single-leg stance and hip extension in gait.

Each explorer is an ``ipywidgets.VBox`` with its controls as attributes, one
``plotly`` FigureWidget (``.figure``, built once and updated in place inside
``batch_update()``), an HTML ``.readout``, ``.static_figure()`` for a static
copy and ``.description`` (one sentence for screen readers / static copies).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from ..body import Body
from ..figures.function import (
    gait_description,
    gait_figure,
    gait_trace_data,
    stance_description,
    stance_figure,
    stance_trace_data,
)
from ..figures.style import describe, description
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
)
from ..stance import (
    EVIDENCE_NOTE,
    LOAD_RANGE_KG,
    STRENGTH_RANGE,
    TRUNK_LEAN_RANGE_DEG,
    StanceResult,
    invivo_reference_bw,
    load_stance_parameters,
    single_leg_stance,
    stance_pose,
)
from .base import CourseFigureWidget

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="420px")


def _apply(fig: go.FigureWidget, data: dict[str, dict[str, object]]) -> None:
    """Set each named trace's properties (call inside ``batch_update``)."""
    for trace in fig.data:
        if trace.name in data:
            trace.update(data[trace.name])


class StanceExplorer(widgets.VBox):
    """Standing on one leg, seen from the front.

    Controls: ``abductor_strength`` (× what plain one-leg standing needs),
    ``load_kg`` and ``load_side`` (a load in one hand), ``trunk_lean_deg``
    (positive = over the stance hip).
    """

    def __init__(self, body: Body | None = None) -> None:
        self.body = body if body is not None else Body()
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
        self.readout = widgets.HTML()
        self._invivo = load_stance_parameters()["invivo_walking_bw"]
        result = self._result()
        self.figure = CourseFigureWidget(
            stance_figure(result, stance_pose(self.body, result), self._invivo)
        )
        controls = (self.abductor_strength, self.load_kg, self.load_side, self.trunk_lean_deg)
        for control in controls:
            control.observe(self._on_change, names="value")
        self._show_readout(result)
        super().__init__(children=[*controls, self.figure, self.readout])

    def _result(self) -> StanceResult:
        return single_leg_stance(
            self.body, load_kg=float(self.load_kg.value), load_side=self.load_side.value,
            trunk_lean_deg=float(self.trunk_lean_deg.value),
            abductor_strength=float(self.abductor_strength.value),
        )

    def _on_change(self, _change: object = None) -> None:
        result = self._result()
        data = stance_trace_data(result, stance_pose(self.body, result))
        with self.figure.batch_update():
            _apply(self.figure, data)
            describe(self.figure, stance_description(result))
        self._show_readout(result)

    def _show_readout(self, r: StanceResult) -> None:
        refs = "; ".join(f"{k} {v:.2f}" for k, v in invivo_reference_bw().items())
        pattern = "".join(f"<li>{html.escape(p)}</li>" for p in r.pattern)
        self.readout.value = (
            f"<b>Abductors:</b> a level pelvis needs {r.abductor_demand_bw:.2f} × body weight "
            f"({r.abductor_demand_N:.0f} N); they can pull at most "
            f"{r.abductor_capacity_N / r.body_weight_N:.2f} × and pull "
            f"{r.abductor_force_bw:.2f} × ({r.abductor_force_N:.0f} N). Their moment arm is "
            f"{100 * r.abductor_moment_arm_m:.1f} cm, the body weight's "
            f"{100 * r.weight_moment_arm_m:.1f} cm."
            f"<br><b>Hip joint force:</b> {r.joint_force_bw:.2f} × body weight "
            f"({r.joint_force_N:.0f} N). Measured in vivo (× body weight): {html.escape(refs)}."
            f"<br><b>Pelvic drop:</b> {r.pelvic_drop_deg:.1f}°; trunk lean "
            f"{r.total_trunk_lean_deg:.1f}°; knee inward {100 * r.knee_inward_m:.1f} cm."
            f"<ul>{pattern}</ul><small>{html.escape(EVIDENCE_NOTE)}</small>"
        )

    @property
    def description(self) -> str:
        """One sentence describing the current state."""
        return description(self.figure)

    def static_figure(self) -> go.Figure:
        """A plain ``go.Figure`` copy of the current state (for static exports)."""
        return go.Figure(self.figure.to_dict())


class GaitExplorer(widgets.VBox):
    """Hip angle over the gait cycle, with the kickback's range for comparison.

    Controls: ``activity``, ``speed`` (walking only), ``cycle_pct`` (the
    marked moment, 0–100 %) and ``play`` (animates ``cycle_pct``).
    """

    def __init__(self, body: Body | None = None) -> None:
        self.body = body if body is not None else Body()
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
        self.readout = widgets.HTML()
        self._kickback = kickback_hip_range(self.body.hip_extension_limit_deg)
        curve, instant = self._model()
        self._curve = curve
        self.figure = CourseFigureWidget(gait_figure(
            curve, instant, self._kickback, extensor_phases(self.activity.value),
            self.body.thigh.length_m,
        ))
        self.activity.observe(self._on_curve_change, names="value")
        self.speed.observe(self._on_curve_change, names="value")
        self.cycle_pct.observe(self._on_instant_change, names="value")
        self._show_readout(instant)
        unavailable = "; ".join(f"{k}: {v}" for k, v in UNAVAILABLE_ACTIVITIES.items())
        note = widgets.HTML(f"<small>Not shown — {html.escape(unavailable)}.</small>")
        super().__init__(children=[
            widgets.HBox([self.activity, self.speed], layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.play, self.cycle_pct], layout={"flex_flow": "row wrap"}),
            self.figure, self.readout, note,
        ])

    def _speed(self) -> str | None:
        return self.speed.value if self.activity.value == "walking" else None

    def _model(self) -> tuple[pd.DataFrame, GaitInstant]:
        curve = gait_hip_angle(self.activity.value, self._speed())
        instant = gait_instant(self.activity.value, float(self.cycle_pct.value), self._speed(),
                               self.body.thigh.length_m)
        return curve, instant

    def _update(self, with_curve: bool) -> None:
        if with_curve:
            self.speed.disabled = self.activity.value != "walking"
            self._curve = gait_hip_angle(self.activity.value, self._speed())
        instant = gait_instant(self.activity.value, float(self.cycle_pct.value), self._speed(),
                               self.body.thigh.length_m)
        data = gait_trace_data(self._curve, instant, extensor_phases(self.activity.value))
        if not with_curve:
            data = {k: v for k, v in data.items() if k in ("now", "thigh")}
        with self.figure.batch_update():
            _apply(self.figure, data)
            describe(self.figure, gait_description(self._curve, instant))
        self._show_readout(instant)

    def _on_curve_change(self, _change: object = None) -> None:
        self._update(with_curve=True)

    def _on_instant_change(self, _change: object = None) -> None:
        self._update(with_curve=False)

    def comparison(self) -> GaitComparison:
        """The current activity's hip range next to the kickback's."""
        return compare_with_kickback(self.activity.value, self._speed(),
                                     self.body.hip_extension_limit_deg)

    def _show_readout(self, instant: GaitInstant) -> None:
        work = ("the hip extensors work hardest here (textbook description, model)"
                if instant.extensors_hardest else "not the extensors' hardest phase")
        kind = "flexion" if instant.hip_flexion_deg >= 0 else "extension"
        self.readout.value = (
            f"<b>At {instant.cycle_pct:.0f}% of the cycle:</b> hip at "
            f"{instant.hip_flexion_deg:.1f}° ({kind}); {work}."
            f"<br>{html.escape(self.comparison().summary)}"
        )

    @property
    def description(self) -> str:
        """One sentence describing the current state."""
        return description(self.figure)

    def static_figure(self) -> go.Figure:
        """A plain ``go.Figure`` copy of the current state (for static exports)."""
        return go.Figure(self.figure.to_dict())
