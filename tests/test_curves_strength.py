"""Strength curve and resistance curves."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kickback_edu import (
    Band,
    Body,
    Bodyweight,
    Cable,
    GluteMachine,
    gravity_torque,
    peak_strength,
    resistance_curves,
    strength_capacity,
)


def test_peak_strength_by_hand(body: Body) -> None:
    # Anderson 2007, young male: 0.161 · (70 · 9.81 N) · 1.75 m = 193.5 N·m.
    assert peak_strength(body) == pytest.approx(0.161 * 70 * 9.81 * 1.75)
    assert peak_strength(body) == pytest.approx(193, abs=1)


def test_strength_shape_matches_the_reference(body: Body) -> None:
    peak = peak_strength(body)
    # Reference (derived): 0.63 of peak at neutral (thigh parallel, lift 90).
    assert strength_capacity(body, 90) / peak == pytest.approx(0.63, abs=0.005)
    # Peak near 53° of hip flexion = lift 37°.
    lifts = np.linspace(0, 90, 901)
    assert lifts[np.argmax(strength_capacity(body, lifts))] == pytest.approx(90 - 53.4, abs=0.2)
    female = Body(sex="female")
    lifts_f = np.linspace(0, 90, 901)
    assert lifts_f[np.argmax(strength_capacity(female, lifts_f))] == pytest.approx(90 - 71.2,
                                                                                  abs=0.2)


def test_hip_stays_at_its_limit_when_the_back_arches() -> None:
    body = Body(hip_extension_limit_deg=10)
    assert strength_capacity(body, 100) == pytest.approx(strength_capacity(body, 125))
    # 10° of extension: cos(0.958 · (-0.1745 - 0.932)) of the peak.
    assert strength_capacity(body, 100) == pytest.approx(
        peak_strength(body) * math.cos(0.958 * (math.radians(-10) - 0.932)))


def test_resistance_curves_table(body: Body) -> None:
    devices = [Bodyweight(), Band("red"), Cable(10), GluteMachine(20)]
    lifts = np.linspace(0, 130, 27)
    table = resistance_curves(body, devices, lifts, knee_deg=90)
    assert len(table) == 4 * 27
    assert list(table["key"].unique()) == ["bodyweight", "band", "cable", "machine"]
    for device in devices:
        rows = table[table["equipment"] == device.name]
        np.testing.assert_allclose(rows["device_torque_Nm"], device.hip_torque(body, lifts, 90))
        np.testing.assert_allclose(rows["gravity_torque_Nm"], gravity_torque(body, lifts, 90))
        np.testing.assert_allclose(rows["total_torque_Nm"],
                                   rows["device_torque_Nm"] + rows["gravity_torque_Nm"])
        np.testing.assert_allclose(rows["strength_share"],
                                   rows["total_torque_Nm"] / strength_capacity(body, lifts))
    bw = table[table["key"] == "bodyweight"]
    # Bodyweight at the top: 31.4 N·m of a 121 N·m capacity, about a quarter.
    top = bw[bw["lift_deg"] == 90].iloc[0]
    assert top["strength_share"] == pytest.approx(31.44 / (0.627 * 193.5), rel=0.01)


def test_default_grid_and_single_device(body: Body) -> None:
    table = resistance_curves(body, Cable())
    assert table["lift_deg"].min() == 0 and table["lift_deg"].max() == 130
    assert table["knee_deg"].eq(90).all()
