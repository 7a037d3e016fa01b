"""Hip angle in gait: the sourced key points, the schematic curve, the kickback comparison."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kickback_edu.data import DataError
from kickback_edu.gait import (
    GAIT_ACTIVITIES,
    WALKING_SPEEDS,
    compare_with_kickback,
    extensor_phases,
    gait_hip_angle,
    gait_instant,
    gait_keypoints,
    hip_angle_at,
    kickback_hip_range,
    load_gait_keypoints,
    push_off_phases,
)


def test_free_walking_passes_through_schwartz_2008():
    # Schwartz 2008 (reference §7): minimum −5.8° at 52 %, maximum 36.7° at 90 %.
    assert hip_angle_at("walking", 52) == pytest.approx(-5.8)
    assert hip_angle_at("walking", 90) == pytest.approx(36.7)
    curve = gait_hip_angle("walking")
    lowest = curve.loc[curve["hip_flexion_deg"].idxmin()]
    highest = curve.loc[curve["hip_flexion_deg"].idxmax()]
    assert (lowest["cycle_pct"], lowest["hip_flexion_deg"]) == (52, pytest.approx(-5.8))
    assert (highest["cycle_pct"], highest["hip_flexion_deg"]) == (90, pytest.approx(36.7))


@pytest.mark.parametrize(("speed", "minimum"), [
    ("very slow", 1.5), ("slow", -2.4), ("free", -5.8), ("fast", -8.0), ("very fast", -7.3),
])
def test_walking_minimum_by_speed(speed, minimum):
    curve = gait_hip_angle("walking", speed, cycle_pct=np.linspace(0, 100, 1001))
    assert curve["hip_flexion_deg"].min() == pytest.approx(minimum)


def test_faster_walking_extends_the_hip_further():
    ext = [compare_with_kickback("walking", s).extension_needed_deg for s in WALKING_SPEEDS]
    # very slow 0 (min +1.5°), slow 2.4, free 5.8, fast 8.0, very fast 7.3
    assert ext == pytest.approx([0.0, 2.4, 5.8, 8.0, 7.3])
    assert ext[0] < ext[1] < ext[2] < ext[3]


def test_stairs_are_left_out_and_say_why():
    # No citable stair hip angles: the unsourced "about 60°, one subject" curve is gone.
    assert GAIT_ACTIVITIES == ("walking",)
    with pytest.raises(KeyError, match=r"stair ascent.*no published stair"):
        gait_hip_angle("stair ascent")
    assert "stair" not in set(load_gait_keypoints()["activity"])


def test_curve_frame_columns_and_label():
    curve = gait_hip_angle("walking")
    assert list(curve.columns) == ["cycle_pct", "hip_flexion_deg", "extensors_hardest",
                                   "calf_push_off"]
    assert len(curve) == 101 and curve["cycle_pct"].iloc[-1] == 100
    assert "schematic" in curve.attrs["label"]
    assert {k["source"] for k in curve.attrs["keypoints"]} == {"schwartz2008"}
    assert np.all(np.isfinite(curve["hip_flexion_deg"]))


@pytest.mark.parametrize("activity", GAIT_ACTIVITIES)
def test_curves_are_periodic_and_stay_between_the_key_points(activity):
    curve = gait_hip_angle(activity, cycle_pct=np.linspace(0, 100, 2001))
    hip = curve["hip_flexion_deg"].to_numpy()
    assert hip[0] == pytest.approx(hip[-1])
    keys = gait_keypoints(activity)["hip_flexion_deg"]
    assert hip.min() >= keys.min() - 1e-9 and hip.max() <= keys.max() + 1e-9
    assert np.max(np.abs(np.diff(hip))) < 0.2  # smooth: < 0.2° per 0.05 %


@settings(max_examples=50, deadline=None)
@given(pct=st.floats(0, 100, allow_nan=False), speed=st.sampled_from(WALKING_SPEEDS))
def test_scalar_and_array_evaluation_agree(pct, speed):
    one = hip_angle_at("walking", pct, speed)
    assert isinstance(one, float)
    many = hip_angle_at("walking", np.array([pct, pct]), speed)
    assert many.shape == (2,) and many[0] == pytest.approx(one)


def test_gluteus_maximus_works_early_in_stance_and_the_calf_pushes_off():
    # Textbook (model): gluteus maximus terminal swing → loading response, 85 % → 12 %,
    # split at 100 %; the calf's push-off 40–60 %, around the hip's extension peak.
    assert extensor_phases("walking") == ((0.0, 12.0), (85.0, 100.0))
    assert push_off_phases("walking") == ((40.0, 60.0),)
    curve = gait_hip_angle("walking").set_index("cycle_pct")
    glutes, calf = curve["extensors_hardest"], curve["calf_push_off"]
    assert glutes[0] and glutes[12] and glutes[90] and glutes[100]
    assert not glutes[13] and not glutes[52] and not glutes[84]
    # The glutes work while the hip is flexed, not at its extension peak ...
    assert curve.loc[glutes, "hip_flexion_deg"].min() > 0
    # ... and the hip's most extended moment falls in the calf's push-off, not theirs.
    peak = float(curve["hip_flexion_deg"].idxmin())
    assert calf[peak] and not glutes[peak]
    assert not (glutes & calf).any()


def test_kickback_range_follows_the_lift_convention():
    # hip flexion = 90 − lift_deg: lift 0 → 90°, lift 90 → 0°, lift 90 + 10 → −10°.
    k = kickback_hip_range(10)
    assert (k.start_deg, k.top_deg, k.limit_deg) == (90.0, 0.0, -10.0)


def test_comparison_with_the_kickback():
    free = compare_with_kickback("walking", hip_extension_limit_deg=10)
    assert free.hip_min_deg == pytest.approx(-5.8) and free.hip_max_deg == pytest.approx(36.7)
    assert free.range_deg == pytest.approx(42.5)  # 36.7 − (−5.8)
    assert free.extension_needed_deg == pytest.approx(5.8)
    assert not free.within_recommended and free.within_limit
    fast = compare_with_kickback("walking", "fast", hip_extension_limit_deg=5)
    assert not fast.within_limit and "more than the 5°" in fast.summary
    slow = compare_with_kickback("walking", "very slow")
    assert slow.within_recommended and slow.extension_needed_deg == 0.0


def test_instant_draws_the_thigh():
    inst = gait_instant("walking", 52, thigh_length_m=0.43)
    assert inst.hip_flexion_deg == pytest.approx(-5.8) and not inst.extensors_hardest
    assert np.linalg.norm(inst.knee_xy - inst.hip_xy) == pytest.approx(0.43)
    # extension: the knee is behind the hip (x < 0): 0.43 sin(−5.8°) = −0.0435 m
    assert inst.knee_xy[0] == pytest.approx(0.43 * math.sin(math.radians(-5.8)))
    assert gait_instant("walking", 95).extensors_hardest
    assert inst.calf_push_off and not gait_instant("walking", 95).calf_push_off


def test_running_is_left_out_and_says_why():
    with pytest.raises(KeyError, match=r"running.*no published running hip angles"):
        gait_hip_angle("running")
    with pytest.raises(KeyError, match="running"):
        compare_with_kickback("running")


@pytest.mark.parametrize(("call", "exc", "pattern"), [
    (lambda: gait_hip_angle("swimming"), KeyError, "activity.*'swimming'"),
    (lambda: gait_hip_angle("walking", "jogging"), KeyError, "speed.*'jogging'"),
    (lambda: hip_angle_at("walking", 101), ValueError, "cycle_pct.*0 to 100.*101"),
    (lambda: hip_angle_at("walking", [10, float("nan")]), ValueError, "cycle_pct"),
    (lambda: hip_angle_at("walking", "half"), ValueError, "cycle_pct"),
    (lambda: gait_instant("walking", 50, thigh_length_m=0), ValueError, "thigh_length_m"),
    (lambda: kickback_hip_range(-5), ValueError, "hip_extension_limit_deg"),
])
def test_bad_input(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_keypoint_file_rows_carry_source_and_confidence():
    frame = load_gait_keypoints()
    assert (frame["source"].str.len() > 0).all() and (frame["confidence"].str.len() > 0).all()
    phases = frame[frame["point"].str.startswith(("extensor_phase", "push_off"))]
    assert set(phases["confidence"]) == {"model (unverified)"}
    # No citation names a file the course does not ship.
    assert not frame["note"].str.contains(r"biomechanics\.md|§", regex=True).any()


def test_broken_keypoint_file_is_a_data_error(data_copy):
    path = data_copy / "gait_keypoints.csv"
    path.write_text(path.read_text().replace("walking,free,hip_min,52,-5.8",
                                             "walking,free,hip_min,52,40.0"))
    load_gait_keypoints.cache_clear()
    try:
        with pytest.raises(DataError, match=r"gait_keypoints\.csv.*hip_min below one hip_max"):
            load_gait_keypoints()
    finally:
        load_gait_keypoints.cache_clear()
