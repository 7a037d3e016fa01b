"""Every public function rejects bad input with a message naming the parameter."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kickback_edu import (
    Band,
    Body,
    Cable,
    GluteMachine,
    gravity_torque,
    leg_inertia,
    muscle_activation,
    pose,
    repetition,
    resistance_curves,
    strength_capacity,
    time_under_tension,
)


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
