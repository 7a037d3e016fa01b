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
import pandas as pd
import plotly.graph_objects as go
from traitlets.utils.bunch import Bunch

from ..body import Body
from ..data import load_sources
from ..figures.function import (
    gait_description,
    gait_figure,
    gait_instant_trace_data,
    gait_trace_data,
    gait_y_range,
    lift_from_hip_angle,
    stance_description,
    stance_figure,
    stance_height_range,
    stance_trace_data,
    stance_view_ranges,
)
from ..figures.style import OK_COLOR, WARNING_COLOR
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

#: Front-view traces (fixed axis ranges), the force bars and the demand marker (fixed
#: force axis holding every state, see ``stance_view_ranges``): their points, bar heights,
#: labels and colours may just move (a bar trace is drawn the same by a move as by a
#: fresh drawing: tests/browser/test_moves.py).
STANCE_MOVING = ("pelvis", "trunk", "head", "arms", "load", "stance leg", "swing leg",
                 "abductors", "abductors (pelvis drops)", "trunk centre of mass",
                 "force (× body weight)", "abductor force (pelvis drops)",
                 "abductor force needed")
#: The abductors are drawn by one of two traces: "abductors", in the colour of a level
#: pelvis, or this one, in the warning colour (the other's points are NaN). Their bar
#: likewise (this bar trace overlays "force (× body weight)"). A change of colour is then
#: a move: plotly.js restyles a line or a bar only in a full redraw.
ABDUCTORS_DROPPING = "abductors (pelvis drops)"
BAR_DROPPING = "abductor force (pelvis drops)"
_BARS = "force (× body weight)"
#: The traces a step through the gait cycle changes (both subplots have fixed ranges).
GAIT_MOVING = ("now", "thigh")


def _plain(value: object) -> object:
    """A trace property value as sent: sequences of numbers as contiguous float arrays,
    of text as lists of str; single values (numbers, strings) unchanged."""
    array = np.asarray(value)  # what np.ndim looks at
    if array.ndim == 0:
        return value
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


# ------------------------------------------------------------- readouts ----

_P = "<p style='margin:2px 0;line-height:1.45'>"
_SMALL = "<p style='margin:4px 0 2px;line-height:1.4;font-size:0.85em;color:#555'>"
#: Short citations of the data files' source keys, as the notebooks cite them.
_CITES = {"schwartz2008": "Schwartz et al. 2008, children walking"}


def _bw(value: float) -> str:
    """A force in body weights, e.g. ``1.52 ×``."""
    return f"{value:.2f} ×"


def _changes(pairs: Sequence[tuple[str, float, float, str]], tol: float) -> str:
    """``"what before → after"`` for each ``(what, before, after, unit)`` that changed by
    more than ``tol`` (``unit`` "×": body weights, two decimals; else one decimal)."""
    parts = []
    for what, old, new, unit in pairs:
        if abs(new - old) > tol:
            parts.append(f"{what} {_bw(old)} → {_bw(new)}" if unit == "×"
                         else f"{what} {old:.1f}{unit} → {new:.1f}{unit}")
    return "; ".join(parts)


def _measured_hip_forces() -> str:
    """The in-vivo hip forces, grouped by source: ``"2.38 × walking ~4 km/h, 2.51 ×
    upstairs (Bergmann 2001); 5.50 × jogging (Bergmann 1993)"``."""
    by_source: dict[str, list[str]] = {}
    for label, value in invivo_reference_bw().items():
        what, _, source = label.partition(" (")
        by_source.setdefault(source.rstrip(")"), []).append(f"{value:.2f} × {what}")
    return "; ".join(f"{', '.join(items)} ({source})" for source, items in by_source.items())


def stance_readout(r: StanceResult, previous: StanceResult | None = None,
                   moved: str = "") -> str:
    """The stance explorer's readout (HTML): what holds the pelvis, the hip force beside
    the textbook range and the measured values (with sources), and what changed since
    ``previous`` (the result before the learner moved the control ``moved`` describes,
    e.g. ``"the abductor strength (1.00 → 0.50)"``; None: nothing to compare)."""
    if r.external_moment_Nm <= 0.0:
        head = (f"{_P}<b>The weight is over the standing hip:</b> the abductors can relax "
                "(the muscles on the inside of the thigh would then hold the pelvis; the model "
                "leaves them out).</p>")
    elif r.pelvic_drop_deg == 0.0:
        head = (f"{_P}<b>The pelvis stays level.</b> The standing leg's abductors pull "
                f"{_bw(r.abductor_force_bw)} body weight ({r.abductor_force_N:.0f} N), just "
                "what is needed; at this strength they can give at most "
                f"{_bw(r.abductor_capacity_N / r.body_weight_N)} body weight.</p>")
    else:
        head = (f"{_P}<b>The pelvis drops {r.pelvic_drop_deg:.1f}° on the lifted leg's side</b> "
                "(a Trendelenburg sign). The abductors give all they have, "
                f"{_bw(r.abductor_force_bw)} body weight of the {_bw(r.abductor_demand_bw)} "
                f"needed; stretched tissues at the outside of the hip take the other "
                f"{_bw(r.passive_force_bw)}.</p>")
    body = list(r.pattern[1:] if r.external_moment_Nm > 0.0 else r.pattern[:0])
    if r.trunk_lean_deg != 0.0 or r.compensatory_lean_deg > 0.0:
        lean, extra = r.total_trunk_lean_deg, r.compensatory_lean_deg
        where = "over" if lean >= 0.0 else "away from"
        body = [line for line in body if "trunk leans a further" not in line]
        why = ("" if extra <= 0.0 else " to keep balance" if r.trunk_lean_deg == 0.0
               else f" ({extra:.1f}° of it to keep balance)")
        body.append(f"The trunk leans {abs(lean):.1f}° {where} the standing hip{why}.")
    params = load_stance_parameters()
    force = (f"{_P}<b>Hip joint force (model): {_bw(r.joint_force_bw)} body weight</b> "
             f"({r.joint_force_N:.0f} N). Textbook lever models give the abductors about "
             f"{params['textbook_abductor_low_bw']:g}–{params['textbook_abductor_high_bw']:g} × "
             "and, derived from the same lever ratio, the hip joint about "
             f"{params['textbook_joint_low_bw']:g}–{params['textbook_joint_high_bw']:g} × "
             "(typical values, not checked: a comparison, not a validation). "
             "<b>Measured</b> in patients with instrumented hip "
             f"implants: {_measured_hip_forces()}.</p>")
    change = ""
    if previous is not None:
        changed = _changes((
            ("abductors", previous.abductor_force_bw, r.abductor_force_bw, "×"),
            ("hip joint", previous.joint_force_bw, r.joint_force_bw, "×"),
            ("pelvic drop", previous.pelvic_drop_deg, r.pelvic_drop_deg, "°"),
            ("trunk lean", previous.total_trunk_lean_deg, r.total_trunk_lean_deg, "°"),
        ), tol=0.005)
        change = (f"{_P}<b>Since you moved {html.escape(moved or 'a control')}:</b> "
                  f"{changed or 'the forces and the pelvis stay as they were'}.</p>")
    lines = "".join(f"{_P}{html.escape(line)}</p>" for line in body)
    note = (f"{_SMALL}{html.escape(EVIDENCE_NOTE)} Assumed lever arms: abductors "
            f"{100 * r.abductor_moment_arm_m:.1f} cm, body weight "
            f"{100 * r.weight_moment_arm_m:.1f} cm from the hip.</p>")
    return head + lines + change + force + note


def _angle(hip_deg: float) -> str:
    """A hip angle in words: ``"5.8° extension"`` or ``"1.5° flexion"``."""
    return (f"{-hip_deg:.1f}° extension" if hip_deg < 0.0 else f"{hip_deg:.1f}° flexion")


def _hip_position(hip_deg: float) -> str:
    """Where the thigh is, in words: flexed (in front), extended (behind) or neutral."""
    if hip_deg >= 0.5:
        return f"flexed {hip_deg:.1f}° (thigh in front of the body)"
    if hip_deg <= -0.5:
        return f"extended {-hip_deg:.1f}° (thigh behind the body)"
    return "at neutral (thigh straight under the hip)"


def gait_readout(instant: GaitInstant, comparison: GaitComparison, curve: pd.DataFrame,
                 previous: GaitComparison | None = None) -> str:
    """The gait explorer's readout (HTML): the marked moment (hip angle, the same line
    as a kickback lift, which muscles work), the whole cycle beside the kickback's range,
    what changed since ``previous`` (the curve shown before), and what is measured and
    what is model."""
    kick = comparison.kickback
    hip = instant.hip_flexion_deg
    lift = lift_from_hip_angle(hip)
    top, limit = lift_from_hip_angle(kick.top_deg), lift_from_hip_angle(kick.limit_deg)
    if lift <= top:
        where = "inside the kickback's range"
    elif lift <= limit:
        where = "past the kickback's recommended top, inside this hip's limit"
    else:
        where = "beyond this hip's limit"
    if instant.extensors_hardest:
        work = ("The <b>gluteus maximus</b> is working: it brakes the swinging leg and steadies "
                "the hip as the weight lands.")
    elif instant.calf_push_off:
        work = "The <b>calf</b> (ankle plantar flexors) is pushing off; the glutes are quiet."
    else:
        work = "Neither the gluteus maximus nor the calf is in its main phase."
    now = (f"{_P}<b>At {instant.cycle_pct:.0f}% of the cycle</b> the hip is "
           f"{_hip_position(hip)}: as a kickback, a lift of {lift:.0f}°, {where}. {work} "
           "<i>(Muscle timing: textbook description, model.)</i></p>")
    name = (f"walking at {comparison.speed} speed" if comparison.activity == "walking"
            else comparison.activity)
    ext = comparison.extension_needed_deg
    if ext == 0.0:
        needs = "it never extends the hip past neutral, so it stays inside the kickback's range"
    elif comparison.within_limit:
        needs = (f"its {ext:.1f}° of extension lie past the kickback's recommended top "
                 f"(lift {top:g}°), inside this hip's {-kick.limit_deg:g}° limit "
                 f"(lift {limit:g}°)")
    else:
        needs = (f"its {ext:.1f}° of extension go beyond this hip's {-kick.limit_deg:g}° "
                 "limit")
    cycle = (f"{_P}<b>Over the cycle</b> ({html.escape(name)}) the hip moves from "
             f"{comparison.hip_max_deg:.1f}° flexion to {_angle(comparison.hip_min_deg)}: "
             f"{needs}.</p>")
    change = ""
    if previous is not None and previous != comparison:
        was = []
        if previous.hip_min_deg != comparison.hip_min_deg:
            was.append(f"the hip now swings back to {_angle(comparison.hip_min_deg)} "
                       f"(was {_angle(previous.hip_min_deg)})")
        if previous.hip_max_deg != comparison.hip_max_deg:
            was.append(f"its most flexed {comparison.hip_max_deg:.1f}° "
                       f"(was {previous.hip_max_deg:.1f}°)")
        if was:
            change = (f"{_P}<b>Since you changed the walking speed "
                      f"({html.escape(previous.speed)} → {html.escape(comparison.speed)}):</b> "
                      f"{'; '.join(was)}.</p>")
    keys = curve.attrs.get("keypoints", [])
    sources = sorted({_CITES.get(str(k["source"]), str(k["source"])) for k in keys
                      if "derived" in str(k["confidence"])})
    label = {"hip_min": "most extended", "hip_max": "most flexed"}
    reused = [f"the {label.get(str(k['point']), str(k['point']))} angle's "
              + ("value and timing" if str(k["confidence"]).startswith("model") else "timing")
              for k in keys if "model" in str(k["confidence"])]
    note = (f"{_SMALL}<b>Measured:</b> the key points (blue diamonds; "
            f"{html.escape('; '.join(sources) or 'no source')}). <b>Model:</b> the curve's "
            "shape between them"
            + (f"; at this speed {' and '.join(reused)} are reused from free speed"
               if reused else "") + ".</p>")
    return now + cycle + change + note


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


def _two_abductor_traces(figure: go.Figure) -> None:
    """Draw the abductors of ``figure`` (a :func:`stance_figure`) and their force bar with
    two traces each (see :data:`ABDUCTORS_DROPPING`): the figure's own, in the colour of
    a level pelvis, and a copy added last in the warning colour, each holding the points
    only while its colour applies (bars overlaid, so each is as wide as before)."""
    level = next(t for t in figure.data if t.name == "abductors")
    bars = next(t for t in figure.data if t.name == _BARS)
    drops = level.line.color != OK_COLOR
    dropping = go.Scatter(level)
    dropping.update(name=ABDUCTORS_DROPPING, line={"color": WARNING_COLOR})
    level.update(line={"color": OK_COLOR})
    bar_dropping = go.Bar(bars)
    bar_dropping.update(name=BAR_DROPPING, marker={"color": WARNING_COLOR})
    colors = list(bars.marker.color)
    bars.update(marker={"color": [OK_COLOR, *colors[1:]]})
    split = _split_abductors({
        "abductors": {"x": level.x, "y": level.y,
                      "line": {"color": WARNING_COLOR if drops else OK_COLOR}},
        _BARS: {"y": bars.y, "text": bars.text}})
    for trace, name in ((level, "abductors"), (dropping, ABDUCTORS_DROPPING),
                        (bars, _BARS), (bar_dropping, BAR_DROPPING)):
        trace.update(split[name])
    figure.add_traces([dropping, bar_dropping])
    figure.update_layout(barmode="overlay")


def _split_abductors(data: Mapping[str, Mapping[str, object]]
                     ) -> dict[str, Mapping[str, object]]:
    """:func:`stance_trace_data` output for the two abductor traces and the two bar
    traces: the abductors' points and bar go to "abductors" and the first bar of
    "force (× body weight)" while their colour is that of a level pelvis, else to
    :data:`ABDUCTORS_DROPPING` and :data:`BAR_DROPPING`; the others get NaN (nothing
    drawn). The bars' colours are the traces' own (no ``marker`` sent)."""
    out = dict(data)
    abductors = dict(out.pop("abductors"))
    line = abductors.pop("line", {})
    dropping = isinstance(line, Mapping) and line.get("color") != OK_COLOR
    x = np.asarray(abductors["x"], float)
    blank = {"x": np.full(x.shape, np.nan), "y": np.full(x.shape, np.nan)}
    out["abductors"] = blank if dropping else abductors
    out[ABDUCTORS_DROPPING] = abductors if dropping else blank
    bars = out.pop(_BARS, None)
    if bars is not None:
        y = np.array(bars["y"], dtype=float)
        text = np.array(bars["text"], dtype=object)
        other_y, other_text = np.full(y.shape, np.nan), np.full(text.shape, "", dtype=object)
        other_y[0], other_text[0] = y[0], text[0]
        if dropping:
            y[0], text[0] = np.nan, ""
        else:
            other_y[0], other_text[0] = np.nan, ""
        out[_BARS] = {"y": y, "text": text.astype(str)}
        out[BAR_DROPPING] = {"y": other_y, "text": other_text.astype(str)}
    return out


class StanceExplorer(_NamedTraces):
    """Standing on one leg, seen from the front.

    Controls: ``abductor_strength`` (× what plain one-leg standing needs),
    ``load_kg`` and ``load_side`` (a load in one hand), ``trunk_lean_deg``
    (positive = over the stance hip).

    The front view has a fixed height range (from the body: ground to the top of
    the head) and the force axis a fixed range that holds every state of the controls,
    so a step is a move (an update when the abductors' colour changes, as the pelvis
    starts or stops dropping).
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
        _two_abductor_traces(figure)
        controls = (self.abductor_strength, self.load_kg, self.load_side, self.trunk_lean_deg)
        self._assemble_named(figure, controls,
                             _split_abductors(stance_trace_data(self._result, pose)),
                             STANCE_MOVING)
        # The control being moved, its value and the result before it started moving.
        # The control being moved (sliders hold floats, load_side a str), its value
        # before, and the result shown before it started moving.
        self._since: tuple[widgets.Widget, float | str, StanceResult] | None = None
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
    def _on_change(self, change: Bunch | None = None) -> None:
        """Redraw; ``change`` is the traitlets change of a control (``None``: just redraw)."""
        if change is not None and (self._since is None or self._since[0] is not change.owner):
            self._since = (change.owner, change.old, self._result)
        result = self._solve()
        self._push_named(_split_abductors(stance_trace_data(result,
                                                            stance_pose(self.body, result))))
        self._result = result
        self._show_readout()

    def _show_readout(self) -> None:
        self.last_error = None
        if self._since is None:
            self.readout.value = stance_readout(self._result)
            return
        control, old, before = self._since
        self.readout.value = stance_readout(self._result, before,
                                            self._moved(control, old, control.value))

    def _moved(self, control: widgets.Widget, old: float | str, new: float | str) -> str:
        """``"the load in hand (0 → 10 kg)"``: which control moved, from what to what."""
        if control is self.load_side:
            labels = {"opposite": "opposite hand", "same": "same hand"}
            return f"the load to the {labels.get(str(new), str(new))}"
        name, fmt, unit = {
            id(self.abductor_strength): ("the abductor strength", ".2f", " ×"),
            id(self.load_kg): ("the load in hand", ".0f", " kg"),
            id(self.trunk_lean_deg): ("the trunk lean", ".0f", "°"),
        }[id(control)]
        return f"{name} ({float(old):{fmt}} → {float(new):{fmt}}{unit})"

    @property
    def description(self) -> str:
        """One sentence: the forces shown and, if it drops, the pelvic drop and trunk lean."""
        return stance_description(self._result)

    #: Abductor strength the printed note describes (× what one-leg standing needs).
    WEAK_ABDUCTORS = 0.6

    @property
    def static_note(self) -> str:
        """Said before the static figure on a printed page, where no slider moves: the
        settings drawn, and what the model does with weaker abductors (its numbers)."""
        weak = single_leg_stance(self.body, abductor_strength=self.WEAK_ABDUCTORS)
        kg = float(self.load_kg.value)
        side = {"opposite": "opposite", "same": "same"}[str(self.load_side.value)]
        load = "no load" if kg == 0.0 else f"{kg:.0f} kg in the {side} hand"
        lean = float(self.trunk_lean_deg.value)
        trunk = ("trunk upright" if lean == 0.0
                 else f"trunk leaning {abs(lean):.0f}° "
                      f"{'over' if lean > 0 else 'away from'} the stance hip")
        return (f"On paper: abductors at {float(self.abductor_strength.value):.1f} × what "
                f"standing on one leg needs, {load}, {trunk}. In the model, at "
                f"{self.WEAK_ABDUCTORS:.1f} of that the pelvis drops about "
                f"{weak.pelvic_drop_deg:.0f}° on the free side (the size depends on an "
                f"assumed tissue stiffness) and the knee is drawn moving inward with it; in "
                f"people, weakening the abductors with a nerve block did not change pelvic "
                f"drop in walking ({load_sources()['pohl2015']['short']}).")

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
        self._y_range = gait_y_range(kickback)
        figure = gait_figure(self._curve, self._instant, kickback, phases,
                             self.body.thigh.length_m, push)
        missing = " and ".join(UNAVAILABLE_ACTIVITIES).replace("stair ascent", "stair climbing")
        note = widgets.HTML(
            f"{_SMALL}<b>Not shown:</b> {html.escape(missing)}. The course found no published hip "
            "angles for them that it can cite, and it does not invent curves.</p>")
        controls = (
            widgets.HBox([self.activity, self.speed], layout={"flex_flow": "row wrap"}),
            widgets.HBox([self.play, self.cycle_pct], layout={"flex_flow": "row wrap"}),
        )
        self._assemble_named(figure, controls,
                             gait_trace_data(self._curve, self._instant, phases, push,
                                             self._y_range),
                             GAIT_MOVING, extra=[note])
        self._shown: GaitComparison | None = None  # the curve the readout last described
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
                                            push_off_phases(self.activity.value),
                                            self._y_range))

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
        previous, self._shown = self._shown, self._comparison
        self.last_error = None
        self.readout.value = gait_readout(self._instant, self._comparison, self._curve,
                                          previous)

    @property
    def description(self) -> str:
        """One sentence: the activity's hip range and the hip angle at the marked moment."""
        return gait_description(self._curve, self._instant)

    @property
    def static_note(self) -> str:
        """Said before the static figure on a printed page, where nothing plays."""
        return (f"On paper: the moment at {int(self.cycle_pct.value)}% of the cycle is marked; "
                "the curve shows the whole cycle.")


__all__ = ["GaitExplorer", "StanceExplorer"]
