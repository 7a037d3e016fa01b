"""Segment definitions, the model's uncertainty bands and where the leg is heaviest."""

from __future__ import annotations

import math

import numpy as np
import pytest

import kickback_edu.strength as strength_module
from kickback_edu import Body
from kickback_edu.pose import pose
from kickback_edu.statics import (
    foot_com,
    gravity_torque,
    gravity_torque_range,
    heaviest_lift_deg,
)
from kickback_edu.strength import peak_strength, peak_strength_range

G = 9.81
H = 1.75


@pytest.mark.parametrize(("sex", "stature_mm", "thigh_mm", "shank_mm", "foot_mm", "shank_com"), [
    # de Leva 1996 Table 4: hip→knee, knee→ankle joint centres, heel→toe tip;
    # the shank's centre of mass 43.95 % / 43.52 % belongs to the knee→ankle definition.
    ("male", 1741, 422.2, 440.3, 258.1, 0.4395),
    ("female", 1735, 368.5, 438.6, 228.3, 0.4352),
])
def test_de_leva_lengths_and_centres_of_mass_share_one_definition(
        sex, stature_mm, thigh_mm, shank_mm, foot_mm, shank_com):
    body = Body(70, H, sex, "de_leva")
    assert body.thigh.length_m == pytest.approx(thigh_mm / stature_mm * H, abs=2e-4)
    assert body.shank.length_m == pytest.approx(shank_mm / stature_mm * H, abs=2e-4)
    assert body.foot.length_m == pytest.approx(foot_mm / stature_mm * H, abs=2e-4)
    assert body.shank.com_m == pytest.approx(shank_com * body.shank.length_m)
    assert (body.shank.com_from, body.shank.com_toward) == ("knee", "ankle")
    assert (body.foot.com_from, body.foot.com_toward) == ("heel", "toe_tip")


def test_de_leva_foot_centre_of_mass_is_measured_from_the_heel():
    body = Body(70, H, "male", "de_leva")
    p = pose(body, 60.0, 90.0)
    com = foot_com(body, p)
    heel, toe = p.heel, p.toe
    # 44.15 % of the heel → toe-tip length from the heel, on that line.
    assert np.linalg.norm(com - heel) == pytest.approx(0.4415 * np.linalg.norm(toe - heel))
    assert np.linalg.norm(com - heel) + np.linalg.norm(toe - com) == pytest.approx(
        np.linalg.norm(toe - heel))
    # Dempster's foot keeps its own definition (ankle → 2nd metatarsal head).
    dempster = Body(70, H)
    assert dempster.foot.com_from == "ankle"
    assert foot_com(dempster, pose(dempster, 60.0, 90.0)) == pytest.approx(
        pose(dempster, 60.0, 90.0).foot_com)


def test_a_missing_landmark_is_a_key_error_naming_it():
    body = Body(70, H, "female", "de_leva")
    with pytest.raises(KeyError, match=r"foot centre of mass needs landmark.*'toe_tip'"):
        body.foot.com_point({"heel": np.zeros(2)})


def test_gravity_torque_band_by_hand_for_the_thigh_and_shank():
    # Thigh level (lift 90°), knee 90° (shank vertical): thigh and shank centres of mass
    # lie c_t and L_t behind the hip. Dempster, 70 kg, 1.75 m:
    # 7.0 kg × 9.81 × 0.433 × 0.42875 + 3.255 kg × 9.81 × 0.42875 = 12.75 + 13.69 N·m.
    # de Leva male: 9.912 × 9.81 × 0.4095 × 0.424375 + 3.031 × 9.81 × 0.424375
    # = 16.90 + 12.62 N·m. The foot adds its own part (from the pose).
    band = gravity_torque_range(Body(70, H), 90.0, 90.0)
    parts = {"dempster": (7.0 * G * 0.433 * 0.42875 + 3.255 * G * 0.42875, 1.015),
             "de_leva": (9.912 * G * 0.4095 * 0.424375 + 3.031 * G * 0.424375, 0.959)}
    for table, (thigh_shank, foot_kg) in parts.items():
        body = Body(70, H, "male", table)
        foot = -foot_kg * G * float(foot_com(body, pose(body, 90.0, 90.0))[0])
        assert band.by_table[table] == pytest.approx(thigh_shank + foot, rel=1e-4)
    assert band.low == min(band.by_table.values())
    assert band.high == max(band.by_table.values())
    assert band.high - band.low > 1.0  # a real disagreement of the tables, N·m


def test_gravity_torque_band_holds_both_tables_at_every_angle():
    lifts = np.linspace(0, 120, 25)
    for sex in ("male", "female"):
        band = gravity_torque_range(Body(62, 1.65, sex), lifts, 90.0)
        assert band.low.shape == lifts.shape
        assert np.all(band.low <= band.high)
        for table in ("dempster", "de_leva"):
            torque = gravity_torque(Body(62, 1.65, sex, table), lifts, 90.0)
            assert np.all(band.low - 1e-12 <= torque) and np.all(torque <= band.high + 1e-12)
    with pytest.raises(ValueError, match=r"body must be a kickback_edu\.Body"):
        gravity_torque_range("me", 45.0)


@pytest.mark.parametrize("table", ["dempster", "de_leva"])
def test_with_the_knee_bent_the_leg_is_heaviest_before_the_thigh_is_level(table):
    body = Body(70, H, "male", table)
    peak = heaviest_lift_deg(body, knee_deg=90.0)
    # Thigh and shank alone peak where tan(l) = (m_t c_t + m_s L_t) / (m_s c_s)
    # (torque ∝ (m_t c_t + m_s L_t) sin l + m_s c_s cos l); the foot, further along
    # the shank, pulls the peak lower still.
    t, s = body.thigh, body.shank
    by_hand = math.degrees(math.atan((t.mass_kg * t.com_m + s.mass_kg * t.length_m)
                                     / (s.mass_kg * s.com_m)))
    assert 60.0 <= peak <= by_hand + 0.5 < 90.0
    # "near 70°" in the course text: within a few degrees of it.
    assert abs(peak - 70.0) <= 5.0
    assert gravity_torque(body, peak, 90.0) > gravity_torque(body, 90.0, 90.0)


def test_with_a_straight_leg_the_leg_is_heaviest_when_level():
    assert heaviest_lift_deg(Body(70, H), knee_deg=0.0) == pytest.approx(90.0, abs=1.0)


def test_strength_spread_and_its_disclosure():
    body = Body(70, H)
    low, high = peak_strength_range(body)
    # Anderson 2007 young men: c1 0.161 ± 0.049 → (0.112, 0.210) × 686.7 N × 1.75 m.
    assert (low, high) == pytest.approx((0.112 * 686.7 * H, 0.210 * 686.7 * H))
    assert low < peak_strength(body) < high
    # The model gives a woman of the same size a higher peak (0.181 vs 0.161) ...
    ratio = peak_strength(Body(70, H, "female")) / peak_strength(body)
    assert ratio == pytest.approx(0.181 / 0.161)
    # ... by less than the spread between people, and the module says why.
    assert peak_strength(Body(70, H, "female")) < high
    doc = strength_module.__doc__
    for phrase in ("18–25 years", "standard deviation", "stronger than a man",
                   "ignores the knee angle"):
        assert phrase in doc, phrase
