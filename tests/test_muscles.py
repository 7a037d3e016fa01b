"""The educational muscle-involvement model: its documented behaviour."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kickback_edu import MUSCLE_KEYS, Band, Body, GluteMachine, muscle_activation
from kickback_edu.data import load_muscles
from kickback_edu.outline import min_lift_deg


def test_keys_match_the_muscle_data() -> None:
    assert set(MUSCLE_KEYS) == set(load_muscles()["key"])


def test_bent_knee_shifts_work_from_hamstrings_to_gluteus_maximus(body: Body) -> None:
    straight = muscle_activation(body, 80, 0)
    bent = muscle_activation(body, 80, 90)
    assert bent["hamstrings"] < 0.5 * straight["hamstrings"]
    assert bent["gluteus_maximus"] / bent["hamstrings"] > \
        2 * straight["gluteus_maximus"] / straight["hamstrings"]


def test_involvement_rises_with_load(body: Body) -> None:
    free = muscle_activation(body, 70, 90)
    loaded = muscle_activation(body, 70, 90, GluteMachine(30))
    for key in ("gluteus_maximus", "gluteus_medius", "hamstrings", "core"):
        assert loaded[key] > free[key]


def test_arching_shifts_tension_to_the_low_back(body: Body) -> None:
    at_limit = muscle_activation(body, 90 + body.hip_extension_limit_deg, 90)
    arched = muscle_activation(body, 130, 90)
    assert arched["core"] > at_limit["core"] + 0.2
    assert arched["gluteus_maximus"] < at_limit["gluteus_maximus"]


def test_stabilisers_and_core_brace_even_at_rest(body: Body) -> None:
    rest = muscle_activation(body, 0, 90)  # start position: the leg's weight is small
    assert rest["gluteus_medius"] > 0.15 and rest["core"] > 0.2


@settings(max_examples=50, deadline=None)
@given(lift=st.floats(0, 130), knee=st.floats(0, 140))
def test_involvement_is_between_0_and_1(lift: float, knee: float) -> None:
    body = Body()
    first = float(min_lift_deg(body, knee))  # poses a body can take
    lift = first + (130 - first) * lift / 130
    out = muscle_activation(body, lift, knee, Band("gold", rest_length_m=0.45))
    values = np.array([out[k] for k in MUSCLE_KEYS])
    assert np.all((values >= 0) & (values <= 1)) and np.all(np.isfinite(values))


def test_muscle_card_kept_text_is_the_tables_row() -> None:
    """The card (its text kept per muscle between lift steps) is the table's row with
    the involvement line, the same on a second call and for another involvement."""
    from kickback_edu.figures.muscles import ROLE_COLORS, muscle_card_html, muscle_table

    table = muscle_table()

    def paragraphs(card: str) -> list[str]:
        """The card's lines as text (its title, then each paragraph), markup removed."""
        return [re.sub(r"<[^>]+>", "", part) for part in re.split(r"</h4>|</p>", card)][:-1]

    for key in MUSCLE_KEYS:
        row = table.loc[key]
        lines = [str(row["name"]), f"Role: {row['role']}", f"Action: {row['action']}",
                 f"Origin: {row['origin']}", f"Insertion: {row['insertion']}",
                 str(row["description"])]
        card = muscle_card_html(key)
        assert paragraphs(card) == lines
        assert f"border-left:6px solid {ROLE_COLORS[row['role']]}" in card
        for involvement in (0.0, 0.456, 1.0):
            line = (f"Involvement here: {involvement:.2f} of 1 "
                    "(educational model, not EMG)")
            assert paragraphs(muscle_card_html(key, involvement)) == [*lines, line]
            assert muscle_card_html(key, involvement) == muscle_card_html(key, involvement)


def test_involvement_text_names_each_muscle_with_its_model_level() -> None:
    """The notebook's printed involvement: the CSV's names, the model's values, labelled."""
    from kickback_edu.muscles import involvement_text, muscle_names

    names = muscle_names()
    assert set(MUSCLE_KEYS) <= set(names)
    assert names["gluteus_maximus"] == "Gluteus maximus"  # muscles.csv's name column
    levels = muscle_activation(Body(), lift_deg=90, knee_deg=90)
    lines = involvement_text(levels).splitlines()
    assert len(lines) == len(MUSCLE_KEYS)
    for line, key in zip(lines, MUSCLE_KEYS, strict=True):
        assert line.startswith(names[key])
        assert line.endswith(f" {float(levels[key]):.2f}  (model, 0 to 1)")
    with pytest.raises(KeyError, match="'quadriceps'"):
        involvement_text({"quadriceps": 0.5})
    with pytest.raises(ValueError, match="one number in 0–1"):
        involvement_text(muscle_activation(Body(), lift_deg=[30, 90]))
    with pytest.raises(ValueError, match="gluteus_maximus"):
        involvement_text({"gluteus_maximus": float("nan")})
