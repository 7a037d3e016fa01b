"""The tempo and muscle-map readouts: sentences for a learner, numbers from the model,
and a line that says what the last change did."""

from __future__ import annotations

import pytest

from kickback_edu import Body, muscle_activation, repetition, time_under_tension
from kickback_edu.muscles import MUSCLE_KEYS
from kickback_edu.widgets import MuscleMap, TempoLab


@pytest.fixture(scope="module")
def body() -> Body:
    return Body(mass_kg=70, height_m=1.75)


def test_a_slow_rep_is_under_tension_throughout_and_a_fast_one_says_for_how_long_not(body):
    w = TempoLab(body)
    slow = repetition(body, tempo_s=(2.0, 1.0, 2.0))
    duration = float(slow["time_s"].iloc[-1])
    assert time_under_tension(slow) == pytest.approx(duration)  # the premise of the sentence
    assert "The whole rep is under tension" in w.readout.value
    assert "Since you" not in w.readout.value
    w.up.value, w.down.value = 0.3, 0.4
    fast = repetition(body, tempo_s=(0.3, 1.0, 0.4))
    tut, total = time_under_tension(fast), float(fast["time_s"].iloc[-1])
    assert total - tut >= 0.05
    assert f"For {total - tut:.1f} s the torque falls below half" in w.readout.value
    assert f"Under tension {tut:.1f} s of {total:.1f} s." in w.readout.value
    low = round(float(fast["hip_torque_Nm"].min()))
    assert low < 0 and f"from −{-low} to" in w.readout.value
    assert "front of the hip must brake the leg" in w.readout.value


def test_the_tempo_readout_gives_the_change_in_seconds_under_tension(body):
    w = TempoLab(body)
    before = time_under_tension(repetition(body, tempo_s=(2.0, 1.0, 2.0)))
    for hold in (1.5, 2.0, 3.0):  # a drag: compared with where it started
        w.squeeze.value = hold
    after = time_under_tension(repetition(body, tempo_s=(2.0, 3.0, 2.0)))
    assert after - before == pytest.approx(2.0, abs=0.05)  # the hold adds its own seconds
    assert (f"<b>Since you moved the squeeze at the top (1.0 → 3.0 s):</b> "
            f"+{after - before:.1f} s under tension (was {before:.1f} s)") in w.readout.value
    w.style.value = "swing"
    swing = time_under_tension(repetition(body, style="swing"))
    assert (f"<b>Since you switched from a controlled rep to a swing rep:</b> "
            f"−{after - swing:.1f} s under tension (was {after:.1f} s)") in w.readout.value
    assert "tempo sliders do not apply" in w.readout.value


def test_the_involvement_readout_ranks_the_muscles_and_says_what_changed(body):
    w = MuscleMap(body)
    assert "each muscle's role" in w.readout.value and "0.67" not in w.readout.value
    w.mode.value = "involvement"
    at90 = {k: float(v) for k, v in muscle_activation(body, 90, 90).items()}
    ranked = sorted(MUSCLE_KEYS, key=lambda k: -at90[k])
    text = w.readout.value
    positions = [text.index(f"{at90[k]:.2f}") for k in ranked]
    assert positions == sorted(positions)  # from the most to the least involved
    assert "at a 90° lift, knee bent 90°" in text and "Since you" not in text
    for lift in (95, 100, 110):  # a drag: compared with where it started
        w.lift.value = lift
    at110 = {k: float(v) for k, v in muscle_activation(body, 110, 90).items()}
    biggest = max(MUSCLE_KEYS, key=lambda k: abs(at110[k] - at90[k]))
    assert biggest == "core"  # past the hip's limit the low back takes over (model)
    change = w.readout.value.split("Since you moved the lift (90° → 110°):</b> ")[1]
    assert change.startswith(f"core and lower back {at90['core']:.2f} → {at110['core']:.2f} "
                             "(works harder)")
    w.mode.value = "role"
    assert "Since you" not in w.readout.value
