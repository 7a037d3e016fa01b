"""The stance comparison table and the refusal sentence notebooks show (display.py)."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from kickback_edu import Body
from kickback_edu.display import refusal, refusal_html, stance_table, stance_table_html
from kickback_edu.stance import single_leg_stance, stance_comparison


def _cells(table: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", table)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c))
             for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)] for r in rows]


def test_stance_table_shows_the_models_numbers_and_the_sources() -> None:
    body = Body(mass_kg=82.0, height_m=1.88)
    result = single_leg_stance(body)
    rows = _cells(stance_table_html(stance_comparison(body)))
    assert rows[0] == ["What", "Force (× body weight)", "How sure", "Source"]
    by_what = {r[0]: r for r in rows[1:]}
    # The model's own numbers, recomputed here from the moment balance.
    assert by_what["model: abductors of the stance leg pull"][1] == \
        f"{result.abductor_force_bw:.2f}"
    assert by_what["model: hip joint force"][1] == f"{result.joint_force_bw:.2f}"
    assert by_what["model: hip joint force"][3] == "this course's model"
    measured = by_what["measured: hip joint force in walking (instrumented implants)"]
    assert measured[1] == "2.38" and measured[3] == "Bergmann et al. 2001"
    assert {r[3] for r in rows[1:]} == {"this course's model", "Pauwels-type textbook model",
                                        "Bergmann et al. 2001"}


def test_stance_table_refuses_an_unknown_source() -> None:
    comparison = stance_comparison(Body())
    bad = dataclasses.replace(comparison, rows=(("what", "1 × body weight", "?", "nosuch"),))
    with pytest.raises(KeyError, match="'nosuch'"):
        stance_table_html(bad)


def test_stance_table_object_is_html_for_the_default_body() -> None:
    assert stance_table().data == stance_table_html(stance_comparison(Body()))


def test_refusal_is_the_escaped_message_in_a_sentence() -> None:
    err = ValueError("forces[1] = 2.5 kgf must be > 3 & < 12 kgf")
    text = refusal_html(err)
    assert text.startswith("<p class='kickback-refusal'><b>The model refuses this:</b> ")
    assert "forces[1] = 2.5 kgf must be &gt; 3 &amp; &lt; 12 kgf" in text
    assert refusal(err).data == text
    # A KeyError's message is its argument, not its quoted repr.
    assert "unknown band &#x27;teal&#x27;</p>" in refusal_html(KeyError("unknown band 'teal'"))
    assert '"unknown' not in refusal_html(KeyError("unknown band 'teal'"))
