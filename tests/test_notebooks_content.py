"""The course notebooks follow the template and teach every fact of the source text.

Template (design.md): one H1 title; Learning objectives; Time to complete;
Prerequisites; at least two content sections; a check-yourself quiz (a
``Quiz(`` call); Summary; What's next; References. At least one interactive
figure (``show(`` of a course widget), each ``show(`` cell introduced by a
markdown cell (screen readers), short code cells, no stored outputs except the
cells tagged ``nbval-check-output``.

Facts: each entry of :data:`FACTS` is a fact from the course's source text (or
from the issue's content requirements) and the notebook that must teach it,
written as groups of keyword alternatives. A fact counts as taught only when a
*single* markdown cell contains at least one alternative of *every* group, so
deleting the section that teaches it makes the test fail (checked on a
synthetic notebook below).
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import nbformat
import pytest

from kickback_edu.quiz import load_quiz_bank

REPO = Path(__file__).resolve().parents[1]
NB_DIR = REPO / "notebooks"
NOTEBOOKS = {
    "00_start_here": "start_here",
    "01_anatomy": "anatomy",
    "02_form_and_range_of_motion": "form",
    "03_equipment_and_overload": "equipment",
    "04_why_strong_glutes_matter": "function",
    "05_plan_your_progression": "planning",
}
TEMPLATE = ("Learning objectives", "Time to complete", "Prerequisites", "Check yourself",
            "Summary", "What's next", "References")
WIDGETS = ("LegExplorer", "MuscleMap", "ResistanceLab", "TempoLab", "StanceExplorer",
           "GaitExplorer", "ProgressionPlanner")
CHECK_TAG = "nbval-check-output"  # the cell tag nbval reads (no marker in the code)
MAX_CODE_LINES = 6
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


class Fact(NamedTuple):
    notebook: str
    label: str
    groups: tuple[tuple[str, ...], ...]


def fact(notebook: str, label: str, *groups: tuple[str, ...] | str) -> Fact:
    return Fact(notebook, label,
                tuple((g,) if isinstance(g, str) else tuple(g) for g in groups))


N0, N1, N2, N3, N4, N5 = NOTEBOOKS
FACTS: tuple[Fact, ...] = (
    # --- what the kickback is (00) ---
    fact(N0, "also called glute kickback or donkey kick", "donkey kick", "glute kickback"),
    fact(N0, "an isolation exercise, common in workouts", "isolation", ("workout", "routine")),
    fact(N0, "done on all fours, one leg at a time", "all fours", ("one leg", "single leg")),
    fact(N0, "it targets hip extension", "hip extension", ("train", "target")),
    fact(N0, "overview: gluteus maximus drives, makes most of the force",
         "gluteus maximus", "largest", "most of the force"),
    fact(N0, "overview: bodyweight with perfect form first, then progressive overload",
         "perfect form", "progressive overload"),
    fact(N0, "overview: band, most accessible, foot to supporting knee, pulls through, rising",
         "band", "accessible", "working foot", "supporting knee", "whole range", "rises"),
    fact(N0, "overview: cable kickback with ankle cuff on a low pulley, heavier and steadier",
         "cable kickback", "ankle cuff", "low pulley", "heavier", "steadier", "against"),
    fact(N0, "overview: glute machine, padded lever or plate, guides the leg, heavy weight",
         "padded lever or plate", "guides", "heavy"),
    fact(N0, "overview: beyond looks; pelvis in line, natural curve, less low-back movement",
         "how you look", "everyday", "natural curve", "movement of the low back"),
    fact(N0, "overview: balance, coordination, quality of life, falls",
         "balance", "coordination", "quality of life", "falls"),
    fact(N0, "overview: pelvis, gait, single-leg control, force spread over the leg",
         "pelvis", "walking", "running", "stairs", "one leg", "absorb", "spreads"),
    fact(N0, "overview: back-pain trials treat existing pain, not prevention",
         "already have", "low back pain", "not as a way to prevent"),
    fact(N0, "overview: knee valgus linked (Hewett), not confirmed (Krosshaug)",
         "collapses inward", "has been linked", "Hewett", "Krosshaug"),
    # --- muscles (01) ---
    fact(N1, "hip extension strengthens the posterior chain", "hip extension", "posterior chain"),
    fact(N1, "gluteus maximus is the prime mover, extending the hip",
         "gluteus maximus", "prime mover", ("extend", "extension")),
    fact(N1, "gluteus maximus is the largest gluteal muscle",
         "gluteus maximus", ("largest", "biggest"), "gluteal"),
    fact(N1, "gluteus maximus gives most of the force on the way up",
         "gluteus maximus", ("most of the force", "most of the lifting force"),
         ("way up", "upward", "raises")),
    fact(N1, "medius and minimus stabilise the pelvis",
         "medius", "minimus", "pelvis", ("steady", "stabil")),
    fact(N1, "they stop the pelvis tilting or rotating", "pelvis", ("tip", "tilt"),
         ("twist", "rotat")),
    fact(N1, "hamstrings run down the back of the thigh and assist hip extension",
         "hamstrings", "back of the thigh", "assist"),
    fact(N1, "a bent knee leaves the hamstrings weak at the hip (active insufficiency)",
         "active insufficiency", "Yanagisawa", "bent"),
    fact(N1, "core (abdominals + lower back) works isometrically for a neutral spine",
         "core", "abdominal", ("lower back", "low back"), "isometric", "neutral"),
    fact(N1, "the bracing keeps the torso stable", "brace", ("torso", "trunk"),
         ("stable", "steady")),
    fact(N1, "EMG shown beside the model, labelled", "EMG", "model", "measured"),
    fact(N1, "no EMG value exists for the cable kickback", "cable kickback",
         ("no published", "not invent")),
    fact(N1, "gluteus maximus also rotates outward, abducts (upper fibres), tilts pelvis back",
         "gluteus maximus", "external rotation", "upper fibres", "tilts the pelvis"),
    fact(N1, "posterior gluteus medius fibres assist extension",
         "gluteus medius", "posterior", "extend"),
    fact(N1, "kneeling side holds the pelvis, working side steers the thigh",
         "kneeling", "working", "pelvis", "thigh", "medius"),
    fact(N1, "EMG amplitude is not force or growth (Vigotsky 2018)",
         "EMG", "force", "grow", "Vigotsky"),
    fact(N1, "involvement keeps rising to level though the torque peaks at about 70°",
         "about 70°", "weaker", "involvement"),
    # --- form (02) ---
    fact(N2, "hands under the shoulders", ("hands under the shoulders", "hands directly under")),
    fact(N2, "knees hip-width apart", "knees", ("hip-width", "hip width")),
    fact(N2, "navel drawn toward the spine engages the core",
         ("navel", "belly button"), "spine", ("core", "abdominal")),
    fact(N2, "a neutral spine", ("neutral spine", "spine neutral")),
    fact(N2, "start with the glute, heel toward the ceiling", "glute", "heel", "ceiling"),
    fact(N2, "lift until the thigh is about parallel to the torso", "thigh", "parallel", "torso"),
    fact(N2, "stop before the lower back arches", "arch", ("lower back", "low back"),
         ("stop", "before")),
    fact(N2, "too high shifts the load from the glutes to the lumbar spine",
         "lumbar", "shift", "glutes"),
    fact(N2, "hip extension range: 6.8° (Roach), 17° Thomas test, model 10°",
         "6.8°", "17°", "10°", "Roach"),
    fact(N2, "chronic low back pain −4.2°: the top is personal",
         "−4.2°", "chronic low back pain", "personal", "parallel"),
    fact(N2, "with the knee bent a tight rectus femoris limits hip extension",
         "rectus femoris", "knee bent", "limits", "capsule"),
    fact(N2, "the bent leg is heaviest at about 70°, with a hand check",
         "heaviest at about 70°", "by hand", "straight"),
    fact(N2, "navel cue taught with bracing vs hollowing evidence (Grenier & McGill 2007)",
         "navel", "hollowing", "bracing", "Grenier", "modelling study"),
    fact(N2, "time under tension threshold is the model's choice",
         "under tension", "half", "model's choice"),
    fact(N2, "the swing's torque burst", "burst", "three times", "zero near the top"),
    fact(N2, "growth similar for 0.5–8 s repetitions (Schoenfeld 2015)",
         "Schoenfeld", "0.5 to 8 s", "similar", "control"),
    fact(N2, "no momentum or swinging", "momentum", "swing"),
    fact(N2, "squeeze at the top", "squeeze", ("top", "peak")),
    fact(N2, "lower slowly", "lower", "slow"),
    # --- equipment (03) ---
    fact(N3, "bodyweight version first, with perfect form", "bodyweight", "perfect"),
    fact(N3, "then progressive overload", "progressive overload"),
    fact(N3, "bands are an accessible way to add resistance", "band",
         ("cheap", "accessible", "easiest")),
    fact(N3, "band looped around the working foot and the supporting knee",
         ("foot of the working leg", "working foot"),
         ("knee of the supporting leg", "supporting knee")),
    fact(N3, "band tension is continuous and rises as the leg rises",
         ("all the way through", "throughout", "whole range"), ("harder", "rises", "increas")),
    fact(N3, "model: band torque peaks mid-range because its moment arm shrinks",
         "tension", "torque", "moment arm", "peak", "mid"),
    fact(N3, "cable kickback with an ankle cuff gives a heavier, steadier load",
         "ankle cuff", "cable kickback", "heav", ("constant", "steady", "same")),
    fact(N3, "pulley at the lowest setting so the line of pull opposes hip extension",
         "pulley", "lowest", "line of pull", "oppos"),
    fact(N3, "model: the cable wraps round the knee under the body and keeps resisting, "
         "its moment arm shrinking as the knee rises; where to put the pulley",
         "front of the knee", "moment arm", "all the way up", "lowest", "close"),
    fact(N3, "glute machines: padded lever or plate, guided path, heavy weight",
         "padded lever", "plate", "guide", "heavy"),
    fact(N3, "a worked progression plan, labelled as an example",
         "example", "not a prescription", "| weeks"),
    # --- function (04) ---
    fact(N4, "beyond looks: better daily movement",
         ("looks", "how you look", "aesthetic"), ("everyday", "daily")),
    fact(N4, "pelvic alignment supports the spine's natural curve",
         "pelvis", ("alignment", "in line"), "natural curve"),
    fact(N4, "less low-back movement, helps prevent low back pain",
         "low back", "movement", "pain"),
    fact(N4, "low-back evidence: Santamaría review, RCT with no added benefit",
         "Santamaría", "no added benefit"),
    fact(N4, "hip extension in walking, running and stairs",
         "walking", "running", "stairs", "extend"),
    fact(N4, "running hip angles have no source", "running", ("no sourced", "not sourced")),
    fact(N4, "glutes stabilise hip and knee in single-leg activities",
         ("one leg", "single-leg", "single leg"), "hip", "knee", ("level", "steady")),
    fact(N4, "the knee collapsing inward raises injury risk",
         "knee", "inward", "collaps", "injury"),
    fact(N4, "valgus evidence: Palmer (no change), Pohl (nerve block)",
         "Palmer", "Pohl", ("not change", "no change")),
    fact(N4, "patellofemoral pain evidence: Rogan, Nascimento", "Rogan", "Nascimento"),
    fact(N4, "glutes absorb and generate force, spreading stress over the lower body",
         "absorb", "generate", ("spread", "distribut"), "lower body"),
    fact(N4, "better balance and coordination, quality of life",
         "balance", "coordination", "quality of life"),
    fact(N4, "reduced fall risk; Cochrane 0.77; resistance-only uncertain",
         "falls", "0.77", "uncertain"),
    # --- planning (05) ---
    fact(N5, "kilograms do not compare bands and cables: demand = worst-angle share of strength",
         "kilograms", "demand", "worst angle", "modelled strength"),
    fact(N5, "ACSM 2009 dose rules: 8–12 repetitions, 2–3 days, add 2–10%",
         "ACSM", "8–12", "2–3 days", "2–10%"),
    fact(N5, "a pause or slower lowering adds time under tension, not torque; Schoenfeld",
         "pause", "slower lowering", "time under tension", "Schoenfeld"),
    fact(N5, "jumps flagged, gaps filled by other equipment", "jump", "gap", "cable"),
    fact(N5, "measure your own band with a luggage scale at two stretched lengths",
         "luggage scale", "rest length", ("twice", "two"), ("kgf", "unit")),
    fact(N5, "torques and shares are model estimates", "model estimate", "sources"),
)


# --- helpers ---------------------------------------------------------------------------------

def load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)


def markdown_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def headings(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(level, text) of every markdown heading, skipping fenced code."""
    out = []
    for text in markdown_cells(nb):
        fenced = False
        for line in text.splitlines():
            if line.startswith("```"):
                fenced = not fenced
            m = re.match(r"^(#{1,6})\s+(.*\S)", line)
            if m and not fenced:
                out.append((len(m.group(1)), m.group(2)))
    return out


def taught(text: str, f: Fact) -> bool:
    low = " ".join(text.split()).lower()  # a phrase may wrap over a line break
    return all(any(alt.lower() in low for alt in group) for group in f.groups)


def missing_facts(nb: nbformat.NotebookNode, facts: tuple[Fact, ...]) -> list[str]:
    """Labels of the facts no single markdown cell of ``nb`` teaches."""
    cells = markdown_cells(nb)
    return [f.label for f in facts if not any(taught(cell, f) for cell in cells)]


def facts_for(name: str) -> tuple[Fact, ...]:
    return tuple(f for f in FACTS if f.notebook == name)


ALL = pytest.mark.parametrize("name", list(NOTEBOOKS))


# --- the template ----------------------------------------------------------------------------

@ALL
def test_one_title_and_no_skipped_heading_levels(name: str) -> None:
    nb = load(name)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    levels = [level for level, _ in headings(nb)]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in pairwise(levels):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"


@ALL
def test_template_sections_in_order(name: str) -> None:
    h2 = [text for level, text in headings(load(name)) if level == 2]
    positions = []
    for section in TEMPLATE:
        hits = [i for i, text in enumerate(h2) if text.startswith(section)]
        assert hits, f"{name}: no '## {section}' section"
        positions.append(hits[0])
    assert positions == sorted(positions), f"{name}: template sections out of order: {h2}"
    content = [t for t in h2 if not t.startswith(TEMPLATE)]
    assert len(content) >= 2, f"{name}: needs at least two content sections, has {content}"
    # content sections sit between the prerequisites and the quiz
    first, last = h2.index(content[0]), h2.index(content[-1])
    assert positions[2] < first and last < positions[3]


@ALL
def test_quiz_is_a_quiz_widget_with_a_known_id(name: str) -> None:
    calls = [m for c in code_cells(load(name)) for m in re.findall(r'Quiz\("(\w+)"\)', c.source)]
    assert calls == [NOTEBOOKS[name]]
    assert 3 <= len(load_quiz_bank().quiz(calls[0])) <= 7


@ALL
def test_at_least_one_interactive_figure_is_shown(name: str) -> None:
    source = "\n".join(c.source for c in code_cells(load(name)))
    built = re.findall(rf"(\w+) = ({'|'.join(WIDGETS)})\(", source)
    shown = [var for var, _ in built if f"show({var})" in source]
    assert shown, f"{name}: no show(...) of a course widget"


@ALL
def test_every_show_cell_is_introduced_by_markdown(name: str) -> None:
    cells = load(name).cells
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and "show(" in cell.source:
            before = cells[i - 1]
            assert before.cell_type == "markdown" and len(before.source.split()) >= 15, (
                f"{name}: cell {cell.id} shows a figure without a text description before it")


@ALL
def test_code_cells_are_short(name: str) -> None:
    for cell in code_cells(load(name)):
        lines = [ln for ln in cell.source.splitlines() if ln.strip()]
        assert 0 < len(lines) <= MAX_CODE_LINES, f"{name}: cell {cell.id} has {len(lines)} lines"


@ALL
def test_only_checked_cells_carry_outputs(name: str) -> None:
    nb = load(name)
    assert nb.metadata.kernelspec == KERNELSPEC
    checked = 0
    for cell in code_cells(nb):
        assert "NBVAL_CHECK_OUTPUT" not in cell.source, f"{name}: {cell.id} shows test plumbing"
        if CHECK_TAG in cell.metadata.get("tags", []):
            checked += 1
            assert cell.outputs, f"{name}: {cell.id} is checked but has no stored output"
            # Printed text, or a course table/sentence as HTML (display.stance_table,
            # display.refusal): nothing a reader without the kernel cannot read.
            assert all(o.output_type == "stream" or (
                o.output_type == "display_data" and "text/html" in o.data)
                for o in cell.outputs), f"{name}: {cell.id} stores a non-text output"
            # nbval treats a stored output without an execution count as stale
            assert isinstance(cell.execution_count, int)
        else:
            assert cell.outputs == [], f"{name}: {cell.id} stores an output"
            assert cell.execution_count is None
    assert checked >= 1, f"{name}: no key number is checked (tag {CHECK_TAG})"


#: Characters of printed output a line holds in JupyterLab's output column at a 900 px
#: window with the file browser open (468 px; measured in a screenshot: a 59-character
#: line broke after its 57th character, mid-word).
NARROW_LINE = 57


@ALL
def test_printed_key_numbers_read_as_sentences_and_fit_a_narrow_notebook(name: str) -> None:
    """The stored outputs a learner reads: no line longer than a narrow notebook's column
    (JupyterLab breaks it mid-word), and no Python spelling (True, None, ->, a key like
    gluteus_maximus) in them."""
    for cell in code_cells(load(name)):
        for output in cell.outputs:
            for line in "".join(output.get("text", "")).splitlines():
                assert len(line) <= NARROW_LINE, f"{name}: {cell.id}: {line!r} ({len(line)})"
                assert not re.search(r"\b(True|False|None|nan|NaN)\b|->|\b[a-z]+_[a-z_]+\b",
                                     line), (
                    f"{name}: {cell.id}: {line!r} reads like code, not a sentence")


@ALL
def test_links_are_descriptive_and_resolve(name: str) -> None:
    text = "\n".join(markdown_cells(load(name)))
    links = re.findall(r"\[([^\]]+)\]\(([^)\s]+)\)", text)
    assert links
    for label, target in links:
        assert label.strip().lower() not in ("here", "click here", "this", "link", "this link")
        if not target.startswith(("http://", "https://")):
            assert (NB_DIR / target.split("#")[0]).resolve().exists(), f"{name}: {target}"


@ALL
def test_time_to_complete_matches_start_here(name: str) -> None:
    cells = markdown_cells(load(name))
    time_cell = next(c for c in cells if c.startswith("## Time to complete"))
    minutes = re.search(r"(\d+) minutes", time_cell)
    assert minutes
    overview = next(c for c in markdown_cells(load("00_start_here"))
                    if c.startswith("## What the course covers"))
    row = next(line for line in overview.splitlines() if f"({name}.ipynb)" in line)
    assert f"{minutes.group(1)} min" in row


# --- the facts -------------------------------------------------------------------------------

def test_the_fact_list_covers_every_notebook() -> None:
    assert len(FACTS) >= 30
    assert {f.notebook for f in FACTS} == set(NOTEBOOKS)
    assert len({f.label for f in FACTS}) == len(FACTS)


@ALL
def test_every_fact_is_taught_in_its_notebook(name: str) -> None:
    assert missing_facts(load(name), facts_for(name)) == []


def _sentences_saying_prevents_back_pain(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?;:])\s+", " ".join(text.split()))
    return [s for s in sentences
            if re.search(r"prevent", s, re.I) and re.search(r"back pain", s, re.I)
            and not re.search(r"\b(not|no|none|never)\b", s, re.I)]


def test_the_kickback_is_never_said_to_prevent_back_pain() -> None:
    """The trials treated people who already had pain (issue 11): 00–02 and the quizzes."""
    texts = {name: "\n".join(markdown_cells(load(name))) for name in (N0, N1, N2)}
    texts["quiz"] = " ".join(f"{q.text} {c.text}. {c.feedback}"
                             for q in load_quiz_bank().questions for c in q.choices)
    for where, text in texts.items():
        assert _sentences_saying_prevents_back_pain(text) == [], where
    assert _sentences_saying_prevents_back_pain("Kickbacks prevent low back pain.")
    assert not _sentences_saying_prevents_back_pain("No trial shows they prevent back pain.")


def _synthetic(texts: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(t) for t in texts]
    return nb


def test_the_checker_fails_when_a_fact_section_is_removed() -> None:
    facts = (
        fact("x", "prime mover", "gluteus maximus", "prime mover"),
        fact("x", "pulley low", "pulley", "lowest"),
        fact("x", "falls", ("fall",)),
    )
    sections = [
        "## Muscles\nThe Gluteus Maximus is the prime mover.",
        "## Cable\nSet the pulley to its lowest position.",
        "## Falls\nStrong glutes, fewer falls.",
    ]
    assert missing_facts(_synthetic(sections), facts) == []
    for i, f in enumerate(facts):
        kept = sections[:i] + sections[i + 1:]
        assert missing_facts(_synthetic(kept), facts) == [f.label]
    # keywords scattered over different sections do not count as teaching the fact
    scattered = ["The gluteus maximus is big.", "A prime mover drives a movement."]
    assert missing_facts(_synthetic(scattered), facts[:1]) == ["prime mover"]
    # alternatives: any one of a group is enough, every group is needed
    alt = fact("x", "knee", "knee", ("inward", "collaps"))
    assert missing_facts(_synthetic(["the knee collapses"]), (alt,)) == []
    assert missing_facts(_synthetic(["the knee bends"]), (alt,)) == ["knee"]


@ALL
def test_removing_the_cells_that_teach_a_fact_is_detected(name: str) -> None:
    nb = load(name)
    for f in facts_for(name):
        stripped = _synthetic([c for c in markdown_cells(nb) if not taught(c, f)])
        assert f.label in missing_facts(stripped, (f,))
