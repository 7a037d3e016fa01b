"""Every public function rejects bad input with a message naming the parameter."""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest

import kickback_edu
import kickback_edu.widgets as course_widgets
from kickback_edu import (
    Band,
    Body,
    Cable,
    GluteMachine,
    equipment_options,
    gravity_torque,
    leg_inertia,
    muscle_activation,
    plan_progression,
    pose,
    repetition,
    resistance_curves,
    strength_capacity,
    time_under_tension,
)
from kickback_edu.band_curve import fit_band_curve
from kickback_edu.planning import Ladder


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mass_kg": -70}, r"mass_kg must be from 20 to 250 kg; got -70"),
        ({"mass_kg": math.nan}, r"mass_kg .* got nan"),
        ({"mass_kg": "70"}, r"mass_kg must be a number"),
        ({"height_m": 175}, r"height_m must be from 1 to 2.3 m; got 175"),
        ({"hip_extension_limit_deg": 60}, r"hip_extension_limit_deg must be from 0 to 40"),
    ],
)
def test_body_rejects(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Body(**kwargs)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"sex": "x"}, r"sex must be one of 'male', 'female'; got 'x'"),
    ({"segment_table": "zatsiorsky"}, r"segment_table must be one of"),
])
def test_body_rejects_unknown_names(kwargs: dict, match: str) -> None:
    with pytest.raises(KeyError, match=match):
        Body(**kwargs)


ANGLE_FUNCS = [
    lambda b, lift, knee: pose(b, lift, knee),
    lambda b, lift, knee: gravity_torque(b, lift, knee),
    lambda b, lift, knee: muscle_activation(b, lift, knee),
    lambda b, lift, knee: Band().hip_torque(b, lift, knee),
    lambda b, lift, knee: Cable().hip_torque(b, lift, knee),
    lambda b, lift, knee: GluteMachine().hip_torque(b, lift, knee),
    lambda b, lift, knee: resistance_curves(b, Cable(), lift, knee),
]


@pytest.mark.parametrize("func", ANGLE_FUNCS)
@pytest.mark.parametrize(("lift", "knee", "match"), [
    (-5, 90, r"lift_deg must be from 0 to 130 degrees; got -5"),
    (131, 90, r"lift_deg must be from 0 to 130 degrees; got 131"),
    ([10, np.nan], 90, r"lift_deg .* got nan \(one of 2 values\)"),
    ("high", 90, r"lift_deg must be a number"),
    (45, 150, r"knee_deg must be from 0 to 140 degrees; got 150"),
])
def test_angle_functions_reject(func, body: Body, lift, knee, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        func(body, lift, knee)


def test_strength_and_inertia_reject(body: Body) -> None:
    with pytest.raises(ValueError, match="lift_deg"):
        strength_capacity(body, 200)
    with pytest.raises(ValueError, match="knee_deg"):
        leg_inertia(body, -1)


@pytest.mark.parametrize(("factory", "exc", "match"), [
    (lambda: Band(color="purple"), KeyError, r"color must be one of 'tan', .*; got 'purple'"),
    (lambda: Band(rest_length_m=0), ValueError, r"rest_length_m must be from 0.1 to 1 m"),
    (lambda: Band(loop="yes"), ValueError, r"loop must be True or False"),
    (lambda: Cable(load_kg=-1), ValueError, r"load_kg must be from 0 to 150 kg; got -1"),
    (lambda: Cable(pulley_height_m=3), ValueError, r"pulley_height_m must be from 0 to 2 m"),
    (lambda: Cable(pulley_distance_m=0), ValueError, r"pulley_distance_m must be from 0.2"),
    (lambda: GluteMachine(kind="lever"), KeyError, r"kind must be one of 'plate', 'cam'"),
    (lambda: GluteMachine(load_kg=math.inf), ValueError, r"load_kg .* got inf"),
])
def test_equipment_rejects(factory, exc, match: str) -> None:
    with pytest.raises(exc, match=match):
        factory()


def test_band_overstretch_is_refused_not_clamped(body: Body) -> None:
    band = Band("red", rest_length_m=0.3)
    with pytest.raises(ValueError, match=r"red band would stretch to .* past its rest length "
                                         r"at lift_deg=130.*use a longer rest_length_m"):
        band.hip_torque(body, 130, 0)


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"tempo_s": (0, 1, 2)}, ValueError, r"tempo_s\[0\] \(up\) must be from 0.2 to 10 s; got 0"),
    ({"tempo_s": (2, -1, 2)}, ValueError, r"tempo_s\[1\] \(squeeze\)"),
    ({"tempo_s": (2, 1)}, ValueError, r"tempo_s must be \(up, squeeze, down\)"),
    ({"style": "bouncy"}, KeyError, r"style must be one of 'controlled', 'swing'"),
    ({"top_lift_deg": 140}, ValueError, r"lift_deg must be from 0 to 130"),
    ({"top_lift_deg": 5}, ValueError, r"top_lift_deg must be at least 10"),
])
def test_repetition_rejects(body: Body, kwargs: dict, exc, match: str) -> None:
    with pytest.raises(exc, match=match):
        repetition(body, **kwargs)


def test_curves_and_tut_reject(body: Body) -> None:
    with pytest.raises(ValueError, match="equipment must name at least one device"):
        resistance_curves(body, [])
    with pytest.raises(ValueError, match="equipment must be Bodyweight"):
        resistance_curves(body, ["band"])
    with pytest.raises(ValueError, match="knee_deg must be a single angle"):
        resistance_curves(body, Cable(), knee_deg=[0, 90])
    with pytest.raises(ValueError, match="rep must be a DataFrame returned by repetition"):
        time_under_tension(resistance_curves(body, Cable()))


# -- booleans are not numbers; every numeric parameter, found by introspection ---------

NUMERIC_WORDS = ("float", "int", "ArrayLike")


def _numeric(param: inspect.Parameter) -> bool:
    """Whether a parameter takes a number (or numbers): by its annotation or default."""
    default = param.default
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return True
    note = str(param.annotation)
    return any(word in note for word in NUMERIC_WORDS) and "bool" not in note


def _valid_args(body: Body) -> dict[str, object]:
    """A valid value for each required parameter of the public API, by name."""
    return {"body": body, "lift_deg": 45.0, "activity": "walking", "equipment": Cable(),
            "rep": repetition(body), "quiz_id": "anatomy",
            "curve": fit_band_curve([(1.0, 10.0), (2.0, 16.0)]), "name": "my band",
            "options": equipment_options(), "ladder": _bodyweight_ladder(body),
            "current_step": 1, "reps_done": 10, "rest_length_cm": 40.0,
            "lengths_cm": [80.0, 120.0], "forces": [7.4, 11.0]}


def _bodyweight_ladder(body: Body) -> Ladder:
    """The ladder of bodyweight options alone (a few steps, quick to build)."""
    return plan_progression(body)


def _public_callables() -> list[tuple[str, object]]:
    out = []
    for module in (kickback_edu, course_widgets):
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj) or name in {"DataError", "Equipment", "Pose", "StanceResult"}:
                continue
            out.append((name, obj))
    return out


def _numeric_params() -> list[tuple[str, object, str]]:
    cases = []
    for name, obj in _public_callables():
        hints = inspect.signature(obj).parameters
        for pname, param in hints.items():
            if _numeric(param):
                cases.append((name, obj, pname))
    return cases


NUMERIC_PARAMS = _numeric_params()


def test_introspection_finds_the_numeric_parameters() -> None:
    found = {(n, p) for n, _, p in NUMERIC_PARAMS}
    # A few that must be there (if the introspection broke, the list would be short).
    assert {("gravity_torque", "lift_deg"), ("Band", "rest_length_m"),
            ("LegExplorer", "lift_deg"), ("TempoLab", "tempo_s"),
            ("single_leg_stance", "load_kg"), ("gait_hip_angle", "cycle_pct"),
            ("SpotTheFault", "tolerance_deg"), ("Body", "mass_kg")} <= found
    assert len(found) >= 30


def _call(obj, kwargs: dict, body: Body):
    sig = inspect.signature(obj)
    valid = _valid_args(body)
    args = {p: valid[p] for p, param in sig.parameters.items()
            if param.default is inspect.Parameter.empty and p not in kwargs
            and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD)}
    return obj(**args, **kwargs)


def _bad_values(pname: str, default: object) -> list[object]:
    bools: list[object] = [True, np.bool_(True), np.array([True, False])]
    if pname == "tempo_s":
        return [(True, 1.0, 2.0), (2.0, np.bool_(False), 2.0)]
    return bools


@pytest.mark.parametrize(("name", "obj", "pname"), NUMERIC_PARAMS,
                         ids=[f"{n}-{p}" for n, _, p in NUMERIC_PARAMS])
def test_booleans_are_not_numbers(name: str, obj, pname: str, body: Body) -> None:
    """``gravity_torque(body, True, 90)`` used to compute at 1°."""
    default = inspect.signature(obj).parameters[pname].default
    for bad in _bad_values(pname, default):
        with pytest.raises(ValueError, match=rf"{pname}.*(boolean|must be)") as err:
            _call(obj, {pname: bad}, body)
        assert pname in str(err.value)


def test_gravity_torque_of_true_degrees_is_refused(body: Body) -> None:
    with pytest.raises(ValueError, match=r"lift_deg must be a number .* got True \(a boolean"):
        gravity_torque(body, True, 90)
    with pytest.raises(ValueError, match=r"knee_deg .* got \[90, False\] \(a boolean"):
        gravity_torque(body, 45, [90, False])


@pytest.mark.parametrize(("name", "obj", "pname"), NUMERIC_PARAMS,
                         ids=[f"{n}-{p}" for n, _, p in NUMERIC_PARAMS])
def test_nan_is_refused_by_name(name: str, obj, pname: str, body: Body) -> None:
    bad = (math.nan, 1.0, 2.0) if pname == "tempo_s" else math.nan
    with pytest.raises(ValueError, match=rf"{re.escape(pname)}.*nan"):
        _call(obj, {pname: bad}, body)


def test_numpy_bools_are_bools() -> None:
    assert Band(loop=np.bool_(True)).loop is True
    assert Band(loop=np.bool_(False)).loop is False
    for bad in (1, "yes", None):
        with pytest.raises(ValueError, match=rf"loop must be True or False; got {bad!r}"):
            Band(loop=bad)


BOOL_PARAMS = [(n, o, p) for n, o in _public_callables()
               for p, param in inspect.signature(o).parameters.items()
               if isinstance(param.default, bool)]


@pytest.mark.parametrize(("name", "obj", "pname"), BOOL_PARAMS,
                         ids=[f"{n}-{p}" for n, _, p in BOOL_PARAMS])
def test_every_switch_takes_numpy_bools_and_refuses_numbers(name, obj, pname, body) -> None:
    _call(obj, {pname: np.bool_(True)}, body)
    with pytest.raises(ValueError, match=rf"{pname} must be True or False; got 1"):
        _call(obj, {pname: 1}, body)


def test_bool_params_found() -> None:
    assert {(n, p) for n, _, p in BOOL_PARAMS} >= {("Band", "loop"),
                                                   ("ResistanceLab", "show_share")}


# -- widget start values: inside the slider's range and on one of its steps ------------

WIDGET_CLASSES = [getattr(course_widgets, n) for n in course_widgets.__all__]
SLIDER_PARAMS = [(cls, p) for cls in WIDGET_CLASSES
                 for p, param in inspect.signature(cls).parameters.items()
                 if _numeric(param)
                 and p not in ("tolerance_deg", "top_lift_deg", "compare_knees_deg")
                 and not (cls.__name__ == "TempoLab" and p == "knee_deg")]


def test_every_widget_start_value_with_a_slider_is_covered() -> None:
    assert {(c.__name__, p) for c, p in SLIDER_PARAMS} == {
        ("LegExplorer", "lift_deg"), ("LegExplorer", "knee_deg"),
        ("MuscleMap", "lift_deg"), ("MuscleMap", "knee_deg"),
        ("ResistanceLab", "lift_deg"), ("ResistanceLab", "knee_deg"),
        ("TempoLab", "tempo_s"), ("ProgressionPlanner", "today"),
        ("ProgressionPlanner", "reps_done"), ("ProgressionPlanner", "reps_in_reserve")}


def _slider_range(pname: str, body: Body) -> tuple[float, float]:
    """The top of the control behind ``pname`` and a value between two of its steps."""
    table = {"tempo_s": (6.0, 2.05), "knee_deg": (140, 92), "lift_deg": (130, 45.3),
             "reps_done": (30, 2.5), "reps_in_reserve": (10, 2.5)}
    if pname == "today":  # one step per rung of the ladder _valid_args gives
        return len(_bodyweight_ladder(body).steps), 2.5
    return table[pname]


def _slider_case(cls, pname: str, value: object, body: Body):
    if pname == "tempo_s":
        return _call(cls, {pname: (value, 1.0, 2.0)}, body)
    return _call(cls, {pname: value}, body)


@pytest.mark.parametrize(("cls", "pname"), SLIDER_PARAMS,
                         ids=[f"{c.__name__}-{p}" for c, p in SLIDER_PARAMS])
def test_widget_start_value_outside_or_between_steps_is_refused(cls, pname: str,
                                                                body: Body) -> None:
    label = "tempo_s[0] (up)" if pname == "tempo_s" else pname
    hi, between = _slider_range(pname, body)
    for bad, why in ((200, r"got 200$"), (-1, r"got -1$"), (math.nan, r"got nan$"),
                     (between, rf"got {between}, which is between two steps: use ")):
        with pytest.raises(ValueError, match=rf"^{re.escape(label)} must be a number from "
                                             rf"\S+ to {hi:g}.* in steps of .*{why}"):
            _slider_case(cls, pname, bad, body)


def test_leg_explorer_refuses_200_degrees_instead_of_showing_130(body: Body) -> None:
    with pytest.raises(ValueError, match=r"lift_deg must be a number from 0 to 130 degrees in "
                                         r"steps of 1 \(the 'Lift \(°\)' control\); got 200"):
        course_widgets.LegExplorer(body, lift_deg=200)
    with pytest.raises(ValueError, match=r"knee_deg .* in steps of 5 .*; got 92, which is "
                                         r"between two steps: use 90 or 95"):
        course_widgets.LegExplorer(body, knee_deg=92)
    w = course_widgets.LegExplorer(body, lift_deg=np.int64(70), knee_deg=45.0)
    assert (w.lift.value, w.knee.value, w.play.value) == (70, 45, 70)


def test_tempo_lab_start_values(body: Body) -> None:
    lab = course_widgets.TempoLab(body, tempo_s=(1.5, 0.0, 3.3))
    assert (lab.up.value, lab.squeeze.value, lab.down.value) == pytest.approx((1.5, 0.0, 3.3))
    with pytest.raises(ValueError, match=r"tempo_s\[2\] \(down\) must be a number from 0.2 to "
                                         r"6 s in steps of 0.1 .*; got 7"):
        course_widgets.TempoLab(body, tempo_s=(2, 1, 7))
    with pytest.raises(ValueError, match=r"tempo_s must be \(up, squeeze, down\)"):
        course_widgets.TempoLab(body, tempo_s=2)


@pytest.mark.parametrize(("factory", "match"), [
    (lambda b: course_widgets.MuscleMap(b, mode="colour"), r"mode must be one of 'role', "
                                                           r"'involvement'; got 'colour'"),
    (lambda b: course_widgets.MuscleMap(b, muscle="biceps"), r"muscle must be one of .*"
                                                             r"got 'biceps'"),
    (lambda b: course_widgets.TempoLab(b, style="bouncy"), r"style must be one of "
                                                           r"'controlled', 'swing'"),
    (lambda b: course_widgets.ResistanceLab(b, show=("band", "kettlebell")), r"show must name"),
])
def test_widget_choices_are_refused_by_name(factory, match: str, body: Body) -> None:
    with pytest.raises(KeyError, match=match):
        factory(body)


BODY_WIDGETS = [c for c in WIDGET_CLASSES if "body" in inspect.signature(c).parameters]


@pytest.mark.parametrize("cls", BODY_WIDGETS, ids=[c.__name__ for c in BODY_WIDGETS])
def test_every_widget_refuses_a_number_for_a_body(cls) -> None:
    with pytest.raises(ValueError, match=r"body must be a kickback_edu.Body.*got 70"):
        cls(70)


def test_resistance_lab_show_must_be_a_tuple(body: Body) -> None:
    with pytest.raises(ValueError, match=r"show must be a tuple of device names .*got 'band'"):
        course_widgets.ResistanceLab(body, show="band")
    assert course_widgets.ResistanceLab(body, show=("band",),
                                        show_share=np.bool_(True)).show_share.value is True


def test_spot_the_fault_checks_what_it_is_given(body: Body) -> None:
    with pytest.raises(ValueError, match=r"lift_deg must be a number .* got True"):
        course_widgets.SpotTheFault(body).evaluate(True)
    assert course_widgets.SpotTheFault(body).evaluate(np.float64(100.0))[0] is True
