"""Numbers the quizzes and notebooks 00–02 state, recomputed from the model.

A quiz question that asks the learner to read a number off a notebook's output
or to predict what a slider will do is only fair if its right answer is what
the model gives. Each test here recomputes that number with the library and
checks the words of the quiz (or the notebook) that state it, so a model
change that moves a taught number fails here instead of silently making a
right answer wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from kickback_edu import Body, gravity_torque, muscle_activation, repetition
from kickback_edu.data import load_emg
from kickback_edu.muscles import hamstring_share
from kickback_edu.quiz import Question, load_quiz_bank

REPO = Path(__file__).resolve().parents[1]
BODY = Body(mass_kg=70, height_m=1.75)  # the body notebooks 00–02 use
LIFTS = np.linspace(0.0, 120.0, 1201)
PEAK_TEXT_DEG = 70.0   # "about 70°" in the quiz and notebooks 01 and 02
PEAK_TOLERANCE_DEG = 5.0


def question(quiz: str, qid: str) -> Question:
    return next(q for q in load_quiz_bank().quiz(quiz) if q.question_id == qid)


def choice(q: Question, starts: str):
    return next(c for c in q.choices if c.text.startswith(starts))


def all_text(q: Question) -> str:
    return " ".join([q.text] + [c.text + " " + c.feedback for c in q.choices])


def peak_lift_deg(body: Body, knee_deg: float) -> float:
    return float(LIFTS[np.argmax(gravity_torque(body, LIFTS, knee_deg))])


def markdown(name: str) -> str:
    nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
    return " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")


# --- where the bent leg is heaviest ------------------------------------------------------------

@pytest.mark.parametrize("body", [BODY, Body(), Body(mass_kg=55, height_m=1.6, sex="female")],
                         ids=["70kg-1.75m", "default", "female-55kg-1.6m"])
def test_the_bent_leg_pulls_hardest_near_70_degrees_not_at_level(body: Body) -> None:
    peak = peak_lift_deg(body, 90)
    assert abs(peak - PEAK_TEXT_DEG) <= PEAK_TOLERANCE_DEG, peak
    # what the quiz feedback says around it: eases off by 90°, smallest at 0° (over 0–90°)
    t = gravity_torque(body, LIFTS, 90)
    assert gravity_torque(body, 90, 90) < t.max()
    assert np.argmin(t[LIFTS <= 90]) == 0
    # "that holds for a straight leg": straight, it does peak with the thigh level
    assert abs(peak_lift_deg(body, 0) - 90) <= 3


def test_the_quiz_and_notebooks_state_the_peak_the_model_gives() -> None:
    peak = peak_lift_deg(BODY, 90)
    stated = f"about {PEAK_TEXT_DEG:.0f}°"
    assert abs(peak - PEAK_TEXT_DEG) <= PEAK_TOLERANCE_DEG
    q = question("form", "torque_peak")
    assert q.answer.text.startswith(f"At {stated}")
    assert stated in all_text(question("form", "how_high"))
    for name in ("01_anatomy", "02_form_and_range_of_motion"):
        text = markdown(name)
        assert stated in text, name
        # no sentence may put the bent leg's heaviest point at level any more
        assert not re.search(r"pulls hardest (near|at) (level|parallel)", text), name


# --- notebook 00: reading the printed torque, predicting the knee slider ----------------------

def test_read_torque_answers_are_the_models_numbers() -> None:
    bent = float(gravity_torque(BODY, 90, 90))
    straight = float(gravity_torque(BODY, 90, 0))
    weight = BODY.leg_mass_kg * BODY.g
    lever = bent / weight
    q = question("start_here", "read_torque")
    assert q.answer.text.startswith(f"About {bent:.0f} N·m")
    assert f"{weight:.0f} N × {lever:.2f} m ≈ {bent:.0f} N·m" in q.answer.feedback
    # the wrong choices are the learner's likely misreadings, each named right
    assert choice(q, f"About {BODY.leg_mass_kg:.0f} N·m").correct is False
    assert choice(q, f"About {weight:.0f} N·m").correct is False
    assert choice(q, f"About {straight:.0f} N·m").correct is False
    numbers = {round(bent), round(straight), round(BODY.leg_mass_kg), round(weight)}
    assert len(numbers) == 4


def test_straightening_the_knee_raises_the_torque_by_the_stated_amount() -> None:
    bent = float(gravity_torque(BODY, 90, 90))
    straight = float(gravity_torque(BODY, 90, 0))
    assert straight > bent
    q = question("start_here", "straighten_knee")
    assert q.answer.text == f"Rise, from about {bent:.0f} N·m to about {straight:.0f} N·m"


# --- notebook 01: the hamstrings' share and the printed involvement --------------------------

def test_bent_knee_shares_are_the_models() -> None:
    straight, bent = float(hamstring_share(0)), float(hamstring_share(90))
    assert bent < straight
    q = question("anatomy", "bent_knee")
    assert q.answer.text.startswith(f"It falls from {straight:.0%} to {bent:.0%}")


def test_model_or_measured_quotes_the_printed_involvement_and_the_emg_table() -> None:
    gmax = float(muscle_activation(BODY, lift_deg=90, knee_deg=90)["gluteus_maximus"])
    q = question("anatomy", "model_or_measured")
    assert q.answer.text.startswith(f"About {gmax:.2f}:")
    emg = load_emg()
    prone = emg[(emg["source"] == "macaskill2014") & (emg["muscle"] == "gluteus_maximus")]
    assert len(prone) == 1
    assert f"{float(prone['mean_pct_mvic'].iloc[0]):g}% MVIC" in all_text(q)


def test_the_gluteus_maximus_involvement_keeps_rising_to_level() -> None:
    """Notebook 01: torque peaks near 70°, yet involvement rises all the way to 90°."""
    lifts = np.arange(0.0, 91.0, 5.0)
    gmax = np.asarray(muscle_activation(BODY, lift_deg=lifts, knee_deg=90)["gluteus_maximus"])
    assert np.all(np.diff(gmax) > 0)


# --- notebook 02: the swing's burst -----------------------------------------------------------

def test_the_swing_burst_is_about_three_times_the_holding_torque() -> None:
    swing = repetition(BODY, style="swing")
    burst = float(swing["hip_torque_Nm"].max())
    holding = float(swing["static_torque_Nm"].max())
    assert burst > 100.0                                # "over 100 N·m"
    assert 2.5 <= burst / holding <= 3.5                # "about three times"
    coast = swing[swing["phase"] == "coast up"]
    assert np.allclose(coast["hip_torque_Nm"], 0.0, atol=0.5)   # the glutes rest near the top
    q = question("form", "swing")
    assert "about three times" in q.answer.text and "over 100 N·m" in q.answer.feedback


def test_the_tension_threshold_the_notebook_names_is_the_models() -> None:
    from kickback_edu.dynamics import TENSION_THRESHOLD
    assert TENSION_THRESHOLD == 0.5
    assert "at least half the torque" in markdown("02_form_and_range_of_motion")


def test_roach_values_are_stated_as_published() -> None:
    """6.8° healthy, −4.2° with chronic low back pain; never the 6.88 rendering artefact."""
    text = markdown("02_form_and_range_of_motion")
    assert "6.8°" in text and "−4.2°" in text and "6.88" not in text
    quiz = " ".join(all_text(q) for q in load_quiz_bank().questions)
    assert "6.88" not in quiz and "−4.2°" in quiz
