"""Plan a progression: an overload ladder built from the equipment the learner has.

Exercise apps count load in kilograms, which says little for a band (its pull
depends on how far it is stretched) or a cable (on the angle of its line).
The model can compare them all in one currency: the **hip torque** each set-up
asks for across the lift, next to the learner's modelled **strength** at each
angle (:func:`kickback_edu.strength.strength_capacity`, Anderson et al. 2007).

Demand
------
The *demand* of a set-up is the largest share of the learner's modelled
isometric hip-extension strength it asks for anywhere in the lift (the worst
angle)::

    demand = max over lift θ of  (gravity torque + device torque)(θ) / capacity(θ)

from the first feasible lift (:func:`lift_grid`) to the top (90°, thigh level
with the torso). A demand above 1 means the model says the set-up is beyond
the learner's strength at some angle: such set-ups never enter a ladder.
Nor would a set-up whose torque falls below zero somewhere in the lift (the
glutes would stop working there); none of the course's devices does that (a
cable runs under the body and round the knee, so it resists all the way up):
the check guards a device added later.

Tempo variants (a pause at the top, a slower lowering) do not change the
torque the model asks for: they change the **time under tension** of each
repetition (:func:`kickback_edu.dynamics.time_under_tension`). The ladder
orders steps by demand first and by time under tension only between steps of
equal demand, so "strictly increasing" means increasing in that order. Note
the evidence: repetition durations from 0.5 to 8 s gave similar muscle growth
(Schoenfeld, Ogborn & Krieger 2015), so these are steps in control, not a
proven extra stimulus.

Building the ladder
-------------------
From each step, the next is the hardest option whose demand is at least
``min_increment_pct`` (2%) and at most ``increment_pct`` (default 10%) above
the current one: the ACSM position stand (Ratamess et al. 2009) suggests
raising a load by 2–10% once the learner beats the target repetitions. The
equipment already in use is preferred; when it has nothing in that window,
another device that does fills the gap (``fills_gap``). When nothing lies in
the window, the next easiest option is taken and flagged as a ``jump``.
Applying a rule written for kilograms to the model's torque is this course's
interpretation, not the position stand's.

All torques, shares and times are **model estimates** (:data:`MODEL_ESTIMATES`);
the repetition targets and the 2–10% rule are from the sources
(:data:`SOURCED_RULES`).
"""

from __future__ import annotations

import html
import inspect
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .body import Body
from .data import load_bands, load_sources
from .dynamics import TENSION_THRESHOLD, check_tempo, repetition_arrays
from .equipment import Band, Bodyweight, Equipment, GluteMachine
from .my_equipment import MAX_REST_LENGTH_CM, MIN_REST_LENGTH_CM, CableSetup, MeasuredBand
from .outline import min_lift_deg
from .pose import KNEE_RANGE_DEG, LIFT_RANGE_DEG, pose
from .statics import gravity_torque_from_pose
from .strength import strength_capacity
from .validation import check_array, check_bool, check_choice, check_number, has_bool, is_bool

#: ACSM 2009 (Ratamess et al.), novices: 8–12 repetition maximum.
TARGET_REPS = (8, 12)
#: ACSM 2009, novices: 2–3 training days a week.
DAYS_PER_WEEK = (2, 3)
#: ACSM 2009: raise the load by 2–10% once the learner does 1–2 repetitions over the target.
LOAD_STEP_PCT = (2.0, 10.0)
#: The tempo of a load step: 2 s up, 1 s squeeze, 2 s down (course default, notebook 02).
DEFAULT_TEMPO_S = (2.0, 1.0, 2.0)
#: Bodyweight tempo variants: longer squeeze at the top, then also a slower lowering.
TEMPO_VARIANTS_S = ((2.0, 3.0, 2.0), (2.0, 3.0, 4.0))
TOP_LIFT_DEG = 90.0
GRID_STEP_DEG = 1.0
KINDS = ("bodyweight", "band", "cable", "machine")

SOURCED_RULES = (
    "8–12 repetitions a set for novices (ACSM position stand, Ratamess et al. 2009)",
    "2–3 training days a week for novices (ACSM, Ratamess et al. 2009)",
    "raise the load by 2–10% when you can do one or two repetitions more than the target "
    "(ACSM, Ratamess et al. 2009)",
)
MODEL_ESTIMATES = (
    "peak hip torque and the lift where it peaks", "torque at the top",
    "share of your strength (demand)", "percent change from the step before",
    "time under tension", "your strength curve (Anderson et al. 2007, scaled to your body)",
)

MinLift = Callable[[Body, float], float]


def _default_min_lift(body: Body, knee_deg: float) -> float:
    """The first lift (°) a body can take at ``knee_deg``: below it the foot would be
    in the floor (:func:`kickback_edu.outline.min_lift_deg`)."""
    return float(min_lift_deg(body, knee_deg))


#: The one place the planner learns where a pose becomes feasible (replaceable).
MIN_LIFT: MinLift = _default_min_lift


def lift_grid(body: Body, knee_deg: float, top_lift_deg: float = TOP_LIFT_DEG) -> np.ndarray:
    """Lift angles (°) a set-up is evaluated on: 1° steps from the first feasible
    lift at ``knee_deg`` (:data:`MIN_LIFT`) to ``top_lift_deg``, both included."""
    start = float(MIN_LIFT(body, knee_deg))
    if start >= top_lift_deg:
        raise ValueError(
            f"knee_deg={knee_deg:g}: the first feasible lift ({start:g}°) is not below the top "
            f"({top_lift_deg:g}°); choose a more bent knee")
    n = int(math.ceil((top_lift_deg - start) / GRID_STEP_DEG)) + 1
    return np.linspace(start, top_lift_deg, n)


def _numbers(name: str, value: object, lo: float, hi: float, unit: str) -> list[float]:
    """``value`` as a list of floats, each finite and in ``[lo, hi]`` (:func:`check_array`);
    ValueError naming ``name`` when it is not a list of numbers (a single number included)."""
    arr = check_array(name, value, lo, hi, unit)  # type: ignore[arg-type]
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a list of numbers in {unit} from {lo:g} to {hi:g}; "
                         f"got {value!r}")
    return [float(v) for v in arr]


def _sequence(name: str, value: object, example: str) -> Sequence[Any]:
    """``value`` if it is a list or tuple; ValueError naming ``name`` otherwise."""
    if not isinstance(value, (list, tuple)):
        kind = " (a boolean, not a list)" if has_bool(value) else ""
        raise ValueError(f"{name} must be a list or tuple of {example}; got {value!r}{kind}")
    return value


@dataclass(frozen=True)
class Option:
    """One way to do the kickback with the learner's equipment.

    ``kind`` is one of :data:`KINDS`; ``knee_deg`` the knee bend held (°);
    ``tempo_s`` (up, squeeze, down) seconds; ``change`` says in words what
    this option is (e.g. ``"red band, looped, rest length 40 cm"``).
    """

    kind: str
    equipment: Equipment
    knee_deg: float = 90.0
    tempo_s: tuple[float, float, float] = DEFAULT_TEMPO_S
    change: str = ""

    @property
    def label(self) -> str:
        """``change`` (or the equipment's name), the knee angle and the tempo."""
        tempo = "-".join(f"{t:g}" for t in self.tempo_s)
        return f"{self.change or self.equipment.name}, knee {self.knee_deg:g}°, tempo {tempo} s"


def _catalogue_band(color: str, brand: str | None, loop: bool, rest_length_m: float) -> Band:
    """A catalogue band of ``data/bands.csv`` (keyed by brand and colour; ``brand=None``
    is enough when one brand makes the colour, see :class:`Band`)."""
    return Band(color, brand=brand, loop=loop, rest_length_m=rest_length_m)


def brand_colors(brand: str | None = None) -> list[str]:
    """The colours of ``brand`` in ``data/bands.csv`` (every colour when None), light to
    heavy by their force at 100%. KeyError naming the brands when unknown."""
    bands = load_bands()
    if brand is not None:
        check_choice("brand", brand, sorted(set(bands["brand"])))
        bands = bands[bands["brand"] == brand]
    return list(bands.sort_values("force_100pct_lbf")["color"])


@dataclass(frozen=True)
class MachineSetup:
    """A glute machine: ``kind`` ``"plate"`` or ``"cam"``; loads from ``step_kg`` to
    ``max_kg`` in steps of ``step_kg`` (0.5–25 kg; max up to 200 kg)."""

    kind: str = "plate"
    step_kg: float = 5.0
    max_kg: float = 60.0

    def __post_init__(self) -> None:
        check_choice("kind", self.kind, GluteMachine.KINDS)
        check_number("step_kg", self.step_kg, 0.5, 25.0, unit="kg")
        check_number("max_kg", self.max_kg, self.step_kg, 200.0, unit="kg")

    def loads_kg(self) -> np.ndarray:
        """The machine's loads from one step to the maximum, kg (shape (n,))."""
        n = int(math.floor(self.max_kg / self.step_kg + 1e-9))
        return self.step_kg * np.arange(1, n + 1)


def equipment_options(
    *,
    band_brand: str | None = None,
    band_colors: Sequence[str] | None = None,
    loops: Sequence[bool] = (False, True),
    rest_lengths_m: Sequence[float] = (0.40,),
    my_bands: Iterable[MeasuredBand] = (),
    cable: CableSetup | None = None,
    machine: MachineSetup | None = None,
    knee_deg: float = 90.0,
    bodyweight_knees_deg: Sequence[float] = (90.0, 45.0, 0.0),
    tempo_variants_s: Sequence[tuple[float, float, float]] = TEMPO_VARIANTS_S,
) -> list[Option]:
    """Every option the learner's equipment allows.

    - bodyweight at each of ``bodyweight_knees_deg`` (°), and the tempo
      variants at ``knee_deg`` (a pause at the top, a slower lowering);
    - bands: each colour of ``band_brand`` (or ``band_colors``; none when both
      are None), single and looped (``loops``), at each rest length
      (``rest_lengths_m``, 0.1–1 m; shorter = harder), plus ``my_bands``;
    - ``cable``: every stack load at every pulley setting;
    - ``machine``: every load.

    Loaded options hold the knee at ``knee_deg`` (0–140°). Raises ValueError
    naming the parameter, the value and the allowed range (knee angles 0–140°,
    tempos as :func:`~kickback_edu.dynamics.check_tempo`; booleans are not
    numbers), and ValueError / KeyError from the equipment's own checks.
    """
    knee_deg = check_number("knee_deg", knee_deg, *KNEE_RANGE_DEG, unit="degrees")
    knees = _numbers("bodyweight_knees_deg", bodyweight_knees_deg, *KNEE_RANGE_DEG, "degrees")
    rests = _numbers("rest_lengths_m", rest_lengths_m, MIN_REST_LENGTH_CM / 100,
                     MAX_REST_LENGTH_CM / 100, "m")
    loop_flags = [check_bool(f"loops[{i}]", v) for i, v in
                  enumerate(_sequence("loops", loops, "True/False, e.g. (False, True)"))]
    tempos = [check_tempo(v, f"tempo_variants_s[{i}]") for i, v in enumerate(_sequence(
        "tempo_variants_s", tempo_variants_s, "(up, squeeze, down) tempos in seconds, "
        "e.g. ((2, 3, 2),)"))]
    if band_colors is not None:
        _sequence("band_colors", band_colors, "colour names, e.g. ('red', 'green')")
    if isinstance(my_bands, (str, bytes, Band)) or not hasattr(my_bands, "__iter__"):
        raise ValueError(f"my_bands must be a list of measured bands (measure_band(...).band()); "
                         f"got {my_bands!r}")
    mine_bands = list(my_bands)
    for i, mine in enumerate(mine_bands):
        if not isinstance(mine, MeasuredBand):
            raise ValueError(f"my_bands[{i}] must be a MeasuredBand (measure_band(...).band()); "
                             f"got {mine!r}")
    for pname, value, kind in (("cable", cable, CableSetup), ("machine", machine, MachineSetup)):
        if value is not None and not isinstance(value, kind):
            raise ValueError(f"{pname} must be a {kind.__name__}(...) or None; got {value!r}")
    options = [Option("bodyweight", Bodyweight(), k, DEFAULT_TEMPO_S,
                      f"bodyweight, knee bent {k:g}°")
               for k in knees]
    if not any(o.knee_deg == knee_deg for o in options):
        options.append(Option("bodyweight", Bodyweight(), knee_deg, DEFAULT_TEMPO_S,
                              f"bodyweight, knee bent {knee_deg:g}°"))
    for tempo in tempos:
        up, hold, down = tempo
        what = "pause at the top" if down == DEFAULT_TEMPO_S[2] else \
            "pause at the top and slower lowering"
        options.append(Option("bodyweight", Bodyweight(), knee_deg, tuple(tempo),  # type: ignore[arg-type]
                              f"bodyweight, {what} ({up:g}-{hold:g}-{down:g} s)"))
    colors = list(band_colors) if band_colors is not None else (
        brand_colors(band_brand) if band_brand is not None else [])
    for color in colors:
        for loop in loop_flags:
            for rest in rests:
                band = _catalogue_band(color, band_brand, loop, rest)
                options.append(Option("band", band, knee_deg, DEFAULT_TEMPO_S,
                                      f"{color} band, {'looped' if loop else 'single'}, "
                                      f"rest length {100 * rest:.0f} cm"))
    for mine in mine_bands:
        options.append(Option("band", mine, knee_deg, DEFAULT_TEMPO_S,
                              f"your band '{mine.color}', rest length "
                              f"{100 * mine.rest_length_m:.0f} cm"))
    if cable is not None:
        for c in cable.cables():
            options.append(Option("cable", c, knee_deg, DEFAULT_TEMPO_S,
                                  f"{cable.name}: {c.load_kg:g} kg, pulley "
                                  f"{c.pulley_height_m:g} m high, {c.pulley_distance_m:g} m ahead"))
    if machine is not None:
        for kg in machine.loads_kg():
            m = GluteMachine(float(kg), machine.kind)
            options.append(Option("machine", m, knee_deg, DEFAULT_TEMPO_S,
                                  f"glute machine ({machine.kind}), {kg:g} kg"))
    return options


@dataclass(frozen=True)
class Evaluated:
    """An option evaluated over its lift grid (torques N·m, capacity N·m, angles °).

    ``demand`` is the worst-angle share of modelled strength (see the module
    docstring), at ``worst_lift_deg``; ``peak_torque_Nm`` the largest torque
    to hold, at ``peak_lift_deg``; ``top_torque_Nm`` the torque at the top.
    """

    option: Option
    lift_deg: np.ndarray
    torque_Nm: np.ndarray
    capacity_Nm: np.ndarray
    demand: float = field(init=False)
    worst_lift_deg: float = field(init=False)
    peak_torque_Nm: float = field(init=False)
    peak_lift_deg: float = field(init=False)
    top_torque_Nm: float = field(init=False)

    def __post_init__(self) -> None:
        share = self.torque_Nm / self.capacity_Nm
        worst, peak = int(np.argmax(share)), int(np.argmax(self.torque_Nm))
        for name, value in (("demand", share[worst]), ("worst_lift_deg", self.lift_deg[worst]),
                            ("peak_torque_Nm", self.torque_Nm[peak]),
                            ("peak_lift_deg", self.lift_deg[peak]),
                            ("top_torque_Nm", self.torque_Nm[-1])):
            object.__setattr__(self, name, float(value))

    @property
    def share(self) -> np.ndarray:
        """Share of modelled strength at each lift angle."""
        share: npt.NDArray[np.float64] = self.torque_Nm / self.capacity_Nm
        return share


def evaluate(body: Body, options: Sequence[Option], top_lift_deg: float = TOP_LIFT_DEG
             ) -> tuple[list[Evaluated], list[tuple[str, str]]]:
    """Torque curves of ``options`` (one pose per knee angle); returns the evaluated
    options and ``(label, reason)`` for each one the model refuses (e.g. a band
    stretched past 300%)."""
    out: list[Evaluated] = []
    refused: list[tuple[str, str]] = []
    by_knee: dict[float, list[Option]] = {}
    for o in options:
        if not isinstance(o, Option):
            raise ValueError(f"options must be Option objects (equipment_options); got {o!r}")
        by_knee.setdefault(o.knee_deg, []).append(o)
    for knee, group in by_knee.items():
        lift = lift_grid(body, knee, top_lift_deg)
        p = pose(body, lift, knee)
        gravity = gravity_torque_from_pose(body, p)
        capacity = np.asarray(strength_capacity(body, lift))
        for o in group:
            try:
                total = gravity + o.equipment.torque_from_pose(body, p)
            except ValueError as err:
                refused.append((o.label, str(err.args[0] if err.args else err)))
                continue
            if not np.all(np.isfinite(total)):
                refused.append((o.label, "the line of pull passes through the leg's attachment "
                                "point, so the model cannot give its torque"))
                continue
            out.append(Evaluated(o, lift, total, capacity))
    return out, refused


@dataclass(frozen=True)
class Step:
    """One rung of the ladder (all numbers are model estimates).

    ``number`` counts from 1; ``demand`` is the worst-angle share of modelled
    strength (at ``worst_lift_deg``); ``peak_torque_Nm`` the largest hip
    torque to hold and ``peak_lift_deg`` where; ``top_torque_Nm`` the torque
    at the top; ``time_under_tension_s`` of one repetition at ``option.tempo_s``;
    ``torque_change_pct`` and ``demand_change_pct`` from the step before (None
    for the first); ``jump``: the demand rose by more than the increment;
    ``fills_gap``: another device stands in where the equipment in use would
    have jumped.
    """

    number: int
    evaluated: Evaluated
    time_under_tension_s: float
    torque_change_pct: float | None
    demand_change_pct: float | None
    jump: bool
    fills_gap: bool

    @property
    def option(self) -> Option:
        """The set-up of this step (equipment, knee angle, tempo)."""
        return self.evaluated.option

    @property
    def demand(self) -> float:
        """Worst-angle share of modelled strength (a ratio; 1 = all of it)."""
        return self.evaluated.demand

    @property
    def peak_torque_Nm(self) -> float:
        """The largest hip torque to hold over the lift, N·m (model estimate)."""
        return self.evaluated.peak_torque_Nm

    @property
    def peak_lift_deg(self) -> float:
        """The lift angle (°) where the hip torque peaks."""
        return self.evaluated.peak_lift_deg

    @property
    def top_torque_Nm(self) -> float:
        """The hip torque at the top of the lift, N·m (model estimate)."""
        return self.evaluated.top_torque_Nm

    @property
    def worst_lift_deg(self) -> float:
        """The lift angle (°) where the share of modelled strength is largest."""
        return self.evaluated.worst_lift_deg

    @property
    def what_changes(self) -> str:
        """The step in words, with what it changes in the model's terms."""
        if self.demand_change_pct is None:
            return f"start: {self.option.change}"
        if self.demand_change_pct == 0.0:
            return (f"{self.option.change}: same torque (model), time under tension "
                    f"{self.time_under_tension_s:.1f} s a repetition")
        text = f"{self.option.change}: demand {self.demand_change_pct:+.1f}%"
        if self.jump:
            text += " (a jump: more than the chosen increment)"
        if self.fills_gap:
            text += " (fills a gap in the equipment you were using)"
        return text


COLUMNS = (
    "step", "equipment", "kind", "change", "knee_deg", "tempo_s", "peak_torque_Nm",
    "peak_lift_deg", "top_torque_Nm", "demand_pct", "worst_lift_deg", "time_under_tension_s",
    "torque_change_pct", "demand_change_pct", "jump", "fills_gap",
)


@dataclass(frozen=True)
class Ladder:
    """A progression: ``steps`` in increasing demand, and what was left out and why.

    ``increment_pct`` / ``min_increment_pct``: the window of a step's rise in
    demand; ``max_share``: the ceiling of demand (1 = the learner's modelled
    strength); ``left_out``: ``(label, reason)`` of options not on the ladder
    because the model refuses them or they exceed the ceiling.
    """

    body: Body
    steps: tuple[Step, ...]
    increment_pct: float
    min_increment_pct: float
    max_share: float
    left_out: tuple[tuple[str, str], ...] = field(default=())

    def table(self) -> pd.DataFrame:
        """One row per step, columns :data:`COLUMNS` (torques N·m, angles °, demand %)."""
        rows = []
        for s in self.steps:
            rows.append({
                "step": s.number, "equipment": s.option.equipment.name, "kind": s.option.kind,
                "change": s.option.change, "knee_deg": s.option.knee_deg,
                "tempo_s": "-".join(f"{t:g}" for t in s.option.tempo_s),
                "peak_torque_Nm": round(s.peak_torque_Nm, 1),
                "peak_lift_deg": s.peak_lift_deg, "top_torque_Nm": round(s.top_torque_Nm, 1),
                "demand_pct": round(100 * s.demand, 1), "worst_lift_deg": s.worst_lift_deg,
                "time_under_tension_s": round(s.time_under_tension_s, 2),
                "torque_change_pct": None if s.torque_change_pct is None
                else round(s.torque_change_pct, 1),
                "demand_change_pct": None if s.demand_change_pct is None
                else round(s.demand_change_pct, 1),
                "jump": s.jump, "fills_gap": s.fills_gap,
            })
        return pd.DataFrame(rows, columns=list(COLUMNS))

    def to_csv(self) -> str:
        """The plan as CSV text (columns :data:`COLUMNS`; a first comment line says that
        every number is a model estimate)."""
        buf = io.StringIO()
        buf.write("# kickback_edu progression plan; all torques, shares and times are model "
                  "estimates for " + _body_text(self.body) + "\n")
        self.table().to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()

    def table_html(self, today: int | None = None) -> str:
        """The steps as an HTML ``<table>`` for a reader: set-up, tempo, peak torque and
        where it peaks, torque at the top (N·m), demand and its change (%, a tempo step
        as in :func:`demand_change_text`), and a note (jump, fills a gap). A caption says
        these are model estimates for the ladder's body and what "strength" means.
        ``today`` (a step number) is highlighted."""
        # Compact enough for a notebook's 468 px column (a 900 px window with the file
        # browser open): a little smaller type, tight cells, short headings.
        cell = "border:1px solid #999;padding:0.3em;text-align:left;vertical-align:top"
        rows = []
        for s in self.steps:
            mark = ";background:#fff3c4;font-weight:bold" if s.number == today else ""
            flags = ", ".join(f for f, on in (("jump", s.jump), ("fills a gap", s.fills_gap))
                              if on)
            before = self.steps[s.number - 2] if s.number > 1 else None
            change = html.escape(demand_change_text(s, before))
            values = (str(s.number), html.escape(s.option.change),
                      "-".join(f"{t:g}" for t in s.option.tempo_s),
                      f"{s.peak_torque_Nm:.1f} at {s.peak_lift_deg:.0f}°",
                      f"{s.top_torque_Nm:.1f}", f"{100 * s.demand:.0f}%",
                      change + (f" ({html.escape(flags)})" if flags else ""))
            rows.append("<tr>" + "".join(f"<td style='{cell}{mark}'>{v}</td>" for v in values)
                        + "</tr>")
        heads = ("step", "set-up", "tempo (s): up-squeeze-down", "peak torque (N·m) at lift",
                 "torque at the top (N·m)", "share of your modelled strength (worst angle)",
                 "change in demand")
        head = "".join(f"<th scope='col' style='{cell}'>{h}</th>" for h in heads)
        caption = (
            "<caption style='caption-side:top;text-align:left;padding-bottom:0.3em'>"
            f"Model estimates for {html.escape(_body_text(self.body))}. Strength is the "
            f"modelled hip-extension strength of an average young adult of that size and sex "
            f"({html.escape(_source_short('anderson2007'))}), not a measurement of you."
            "</caption>")
        return ("<table class='kickback-plan' style='border-collapse:collapse;font-size:0.9em'>"
                f"{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
                "</table>")

    def to_html(self, title: str = "My kickback progression", today: int | None = None) -> str:
        """A printable, self-contained HTML page: the steps (:meth:`table_html`), the
        dose rules with their source, which numbers are model estimates. ``today``
        marks a step number."""
        rules = "".join(f"<li>{html.escape(r)}</li>" for r in SOURCED_RULES)
        estimates = ", ".join(MODEL_ESTIMATES)
        return (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>body{{font-family:Arial,sans-serif;"
            "margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;"
            "padding:4px 8px;text-align:left}}@media print{{body{{margin:0}}}}</style></head>"
            f"<body><h1>{html.escape(title)}</h1><p>For {html.escape(_body_text(self.body))}. "
            f"Each step raises the demand by {self.min_increment_pct:g}–{self.increment_pct:g}% "
            "where your equipment allows; flagged steps jump further.</p>"
            f"{self.table_html(today)}"
            f"<h2>How to use it</h2><ul>{rules}<li>Move up only when every repetition of every "
            "set has good form.</li></ul>"
            f"<p><b>Model estimates:</b> {html.escape(estimates)}. They come from average body "
            "proportions scaled to your mass and height, not from a measurement of you. "
            "This plan is an example, not a prescription; with pain or an injury, get "
            "individual advice.</p></body></html>")


def demand_change_text(step: Step, before: Step | None) -> str:
    """A step's change in demand from the step ``before`` it, as the plan table gives it:
    ``"+4.8%"``; a tempo step (demand unchanged) also gives the seconds under tension it
    adds to a repetition, ``"+0% (tempo: +2 s under tension)"``; the first step (or
    ``before`` None): ``""``."""
    if step.demand_change_pct is None or before is None:
        return ""
    if step.demand_change_pct == 0.0:
        added = step.time_under_tension_s - before.time_under_tension_s
        return f"+0% (tempo: {added:+.0f} s under tension)"
    return f"{step.demand_change_pct:+.1f}%"


def _source_short(key: str) -> str:
    """The short citation of a ``SOURCES.md`` key ("Anderson et al. 2007")."""
    return load_sources()[key]["short"]


def _body_text(body: Body) -> str:
    return f"a {body.mass_kg:g} kg, {body.height_m:g} m body ({body.sex})"


def _times_under_tension(body: Body, chain: Sequence[Evaluated]) -> list[float]:
    """Time under tension (s) of one repetition of each evaluated option.

    The same result as :func:`~kickback_edu.dynamics.time_under_tension` of
    :func:`~kickback_edu.dynamics.repetition_arrays` for each option (a test
    checks it), faster: the trajectory of a tempo does not depend on the
    device, so it is computed once per (tempo, knee, range) and each device
    adds its torque along it.
    """
    out: dict[int, float] = {}
    groups: dict[tuple[tuple[float, float, float], float, float, float], list[Evaluated]] = {}
    for e in chain:
        key = (e.option.tempo_s, e.option.knee_deg, float(e.lift_deg[0]), float(e.lift_deg[-1]))
        groups.setdefault(key, []).append(e)
    for (tempo, knee, start, top), group in groups.items():
        rep = repetition_arrays(body, None, tempo, top_lift_deg=top, knee_deg=knee,
                                start_lift_deg=start)
        p = pose(body, rep["lift_deg"], knee)
        dt = np.diff(rep["time_s"], append=rep["time_s"][-1])
        for e in group:
            device = e.option.equipment.torque_from_pose(body, p)
            torque = rep["hip_torque_Nm"] + device
            static = rep["static_torque_Nm"] + device
            under = (torque > 0) & (static > 0) & (
                torque >= TENSION_THRESHOLD * np.maximum(static, 0.0))
            out[id(e)] = float(np.sum(dt * under))
    return [out[id(e)] for e in chain]


def build_ladder(
    body: Body,
    options: Sequence[Option],
    increment_pct: float = LOAD_STEP_PCT[1],
    min_increment_pct: float = LOAD_STEP_PCT[0],
    max_share: float = 1.0,
    start_knee_deg: float = 90.0,
    top_lift_deg: float = TOP_LIFT_DEG,
) -> Ladder:
    """The progression ladder for ``body`` from ``options`` (:func:`equipment_options`).

    Starts at bodyweight with the knee at ``start_knee_deg`` and the default
    tempo (the source text: master the bodyweight kickback first), then its
    tempo variants (same torque, longer time under tension), then climbs by
    the rule of the module docstring. ``increment_pct`` 2–50,
    ``min_increment_pct`` 0–``increment_pct``; ``max_share`` 0.1–1 (never
    above the learner's modelled strength); ``start_knee_deg`` 0–140°;
    ``top_lift_deg`` 10–130°. Raises ValueError naming the parameter, the
    value and its range (booleans are not numbers).
    """
    if not isinstance(body, Body):
        raise ValueError(f"body must be a kickback_edu.Body; got {body!r}")
    inc = check_number("increment_pct", increment_pct, 2.0, 50.0, unit="%")
    low = check_number("min_increment_pct", min_increment_pct, 0.0, inc, unit="%")
    ceiling = check_number("max_share", max_share, 0.1, 1.0)
    start_knee_deg = check_number("start_knee_deg", start_knee_deg, *KNEE_RANGE_DEG,
                                  unit="degrees")
    top_lift_deg = check_number("top_lift_deg", top_lift_deg, 10.0, LIFT_RANGE_DEG[1],
                                unit="degrees")
    _sequence("options", options, "Option objects (from equipment_options)")
    evaluated, refused = evaluate(body, options, top_lift_deg)
    left_out = list(refused)
    fits: list[Evaluated] = []
    for e in evaluated:
        below = np.flatnonzero(e.torque_Nm < 0)
        if below.size:
            left_out.append((e.option.label, (
                f"pulls the leg up from a {e.lift_deg[below[0]]:.0f}° lift (the hip torque "
                "falls below zero), so the glutes stop working there: lower the pulley, "
                "move it closer or straighten the knee")))
        elif e.demand > ceiling:
            left_out.append((e.option.label, (
                f"asks for {100 * e.demand:.0f}% of your modelled strength at a "
                f"{e.worst_lift_deg:.0f}° lift: above the ceiling of {100 * ceiling:.0f}%")))
        else:
            fits.append(e)
    base = [e for e in fits if e.option.kind == "bodyweight"
            and e.option.knee_deg == start_knee_deg]
    if not base:
        raise ValueError(
            f"start_knee_deg={start_knee_deg:g}: the options have no bodyweight set-up at that "
            "knee angle within your modelled strength; add it to bodyweight_knees_deg")
    first = next((e for e in base if e.option.tempo_s == DEFAULT_TEMPO_S), base[0])
    same = [e for e in base if e.demand == first.demand]
    base_tut = dict(zip(map(id, same), _times_under_tension(body, same), strict=True))
    chain = [first]
    for e in sorted((e for e in same if e is not first), key=lambda e: base_tut[id(e)]):
        if base_tut[id(e)] > base_tut[id(chain[-1])]:
            chain.append(e)
    used = {id(e) for e in chain}
    pool = sorted((e for e in fits if id(e) not in used and e.demand > first.demand),
                  key=lambda e: e.demand)
    easier = [e for e in fits if id(e) not in used and e.demand <= first.demand]
    left_out += [(e.option.label, "no harder than the bodyweight start") for e in easier]
    gaps: set[int] = set()
    current = chain[-1]
    kind = "bodyweight"
    while True:
        d = current.demand
        above = [e for e in pool if e.demand > d * (1 + low / 100) and id(e) not in used]
        if not above:
            break
        window = [e for e in above if e.demand <= d * (1 + inc / 100)]
        same_kind = [e for e in window if e.option.kind == kind]
        if same_kind:
            pick = same_kind[-1]
        elif window:
            pick = window[-1]
            if kind != "bodyweight" and any(e.option.kind == kind for e in above):
                gaps.add(id(pick))
        else:
            pick = above[0]
        chain.append(pick)
        used.add(id(pick))
        current, kind = pick, pick.option.kind
    steps = []
    prev: Evaluated | None = None
    times = _times_under_tension(body, chain)
    for n, (e, t) in enumerate(zip(chain, times, strict=True), start=1):
        if prev is None:
            t_pct = d_pct = None
            jump = False
        else:
            t_pct = 100 * (e.peak_torque_Nm / prev.peak_torque_Nm - 1)
            d_pct = 100 * (e.demand / prev.demand - 1)
            jump = d_pct > inc
        steps.append(Step(n, e, t, t_pct, d_pct, jump, id(e) in gaps))
        prev = e
    return Ladder(body, tuple(steps), inc, low, ceiling, tuple(left_out))


def plan_progression(body: Body, increment_pct: float = LOAD_STEP_PCT[1],
                     max_share: float = 1.0, **equipment: object) -> Ladder:
    """:func:`build_ladder` of :func:`equipment_options` (``**equipment`` goes to it; its
    ``knee_deg`` is also the bodyweight start). ``increment_pct`` 2–50 %,
    ``max_share`` 0.1–1. Raises ValueError naming the parameter, the value and
    its range; KeyError for a keyword :func:`equipment_options` does not take."""
    check_number("increment_pct", increment_pct, 2.0, 50.0, unit="%")
    check_number("max_share", max_share, 0.1, 1.0)
    known = list(inspect.signature(equipment_options).parameters)
    unknown = sorted(set(equipment) - set(known))
    if unknown:
        raise KeyError(f"equipment options must be among {', '.join(known)}; got {unknown}")
    knee = equipment.get("knee_deg", 90.0)
    return build_ladder(body, equipment_options(**equipment),  # type: ignore[arg-type]
                        increment_pct=increment_pct, max_share=max_share,
                        start_knee_deg=knee)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Proposal:
    """What :func:`next_step` proposes.

    ``decision``: ``"move up"``, ``"stay"`` or ``"step back"``; ``step`` the
    proposed step (a :class:`Step`); ``reasons`` plain-language sentences;
    ``sourced`` the rules used with their source; ``model_estimates`` which
    numbers are the model's.
    """

    decision: str
    step: Step
    current: Step
    reasons: tuple[str, ...]
    sourced: tuple[str, ...] = SOURCED_RULES
    model_estimates: tuple[str, ...] = MODEL_ESTIMATES

    @property
    def message(self) -> str:
        """The reasons as one paragraph."""
        return " ".join(self.reasons)


def next_step(
    ladder: Ladder,
    current_step: int,
    reps_done: int,
    reps_in_reserve: int | None = None,
    target_reps: tuple[int, int] = TARGET_REPS,
) -> Proposal:
    """Propose the next step from what the learner reports after a set.

    Parameters
    ----------
    ladder : from :func:`build_ladder`.
    current_step : the step number trained today (1 to ``len(ladder.steps)``).
    reps_done : repetitions done with good form (0–100).
    reps_in_reserve : how many more the learner thinks they could have done
        (0–20; None = not reported). The course counts them as repetitions
        the learner could do: an estimate by the learner, not a rule of the
        position stand.
    target_reps : the target range (default 8–12, ACSM 2009 for novices).

    Rules: when the repetitions the learner can do (done + in reserve) reach
    one or more over the top of the target, move up one step (ACSM 2009: add
    2–10% when 1–2 over the target; a flagged jump is said so); fewer than
    the bottom of the target: step back one step (a course rule: the load is
    above the target range); otherwise stay. Never proposes a step above the
    ladder's ceiling (the learner's modelled strength or lower).
    """
    if not isinstance(ladder, Ladder):
        raise ValueError(f"ladder must come from build_ladder(...); got {ladder!r}")
    steps = ladder.steps
    n = int(check_number("current_step", current_step, 1, len(steps)))
    if n != current_step:
        raise ValueError(f"current_step must be a whole number from 1 to {len(steps)}; "
                         f"got {current_step!r}")
    done = int(check_number("reps_done", reps_done, 0, 100))
    if done != reps_done:
        raise ValueError(f"reps_done must be a whole number from 0 to 100; got {reps_done!r}")
    rir = 0
    if reps_in_reserve is not None:
        rir = int(check_number("reps_in_reserve", reps_in_reserve, 0, 20))
        if rir != reps_in_reserve:
            raise ValueError(
                f"reps_in_reserve must be a whole number from 0 to 20; got {reps_in_reserve!r}")
    reps: object = target_reps  # typed a pair of ints; a learner may type anything
    if (not isinstance(reps, tuple) or len(reps) != 2
            or not all(isinstance(r, (int, np.integer)) and not is_bool(r) and 1 <= r <= 30
                       for r in reps)
            or reps[0] > reps[1]):
        raise ValueError(f"target_reps must be (low, high) whole numbers with 1 <= low <= "
                         f"high <= 30; got {target_reps!r}")
    lo, hi = (int(r) for r in target_reps)
    current = steps[n - 1]
    can_do = done + rir
    can_text = f"{done} done" + (f" + {rir} in reserve" if reps_in_reserve is not None else "")
    if can_do >= hi + 1:
        if n == len(steps):
            return Proposal("stay", current, current, (
                f"You beat the target of {lo}–{hi} ({can_text}), but step {n} is the hardest "
                "your equipment offers within your modelled strength: add repetitions or "
                "sets, or new equipment.",))
        nxt = steps[n]
        reasons = [
            f"You can do {can_do} repetitions ({can_text}), at least one over the target of "
            f"{lo}–{hi}: time to add load (ACSM 2009: add 2–10%).",
            f"Step {nxt.number}: {nxt.option.change}; its demand is "
            f"{100 * nxt.demand:.0f}% of your modelled strength "
            f"({nxt.demand_change_pct:+.1f}%, model estimate).",
        ]
        if nxt.jump:
            reasons.append(
                f"That is more than the {ladder.increment_pct:g}% increment: first add "
                "repetitions or a slower tempo, or use equipment that fills the gap.")
        elif nxt.demand_change_pct == 0.0:
            reasons.append("The torque stays the same (model): only the time under tension "
                           "grows.")
        return Proposal("move up", nxt, current, tuple(reasons))
    if done < lo and can_do < lo:
        if n == 1:
            return Proposal("stay", current, current, (
                f"{can_text.capitalize()}: fewer than the target of {lo}–{hi}. This is the "
                "first step: practise it, or do fewer repetitions with a full range.",))
        back = steps[n - 2]
        return Proposal("step back", back, current, (
            f"{can_text.capitalize()}: fewer than the target of {lo}–{hi}, so this step is "
            f"heavier than the target range. Go back to step {back.number} "
            f"({back.option.change}) (a course rule built on the 8–12 target).",))
    return Proposal("stay", current, current, (
        f"{can_text.capitalize()}: inside the target of {lo}–{hi}. Stay on step {n} and aim "
        f"for {hi + 1}–{hi + 2} clean repetitions before moving up.",))


__all__ = [
    "COLUMNS", "DAYS_PER_WEEK", "DEFAULT_TEMPO_S", "KINDS", "LOAD_STEP_PCT", "MIN_LIFT",
    "MODEL_ESTIMATES", "SOURCED_RULES", "TARGET_REPS", "TEMPO_VARIANTS_S", "Evaluated",
    "Ladder", "MachineSetup", "Option", "Proposal", "Step", "brand_colors", "build_ladder",
    "demand_change_text",
    "equipment_options", "evaluate", "lift_grid", "next_step", "plan_progression",
]
