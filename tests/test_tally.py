"""Hand-in files and the teacher's tally: counts checked by hand and by an independent
count, bad files reported and skipped, edited questions reported, and the whole
workflow (learner answers -> make handin -> make tally -> report)."""

from __future__ import annotations

import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kickback_edu.figures.tally import hardest_questions_figure
from kickback_edu.handin import (
    hand_in,
    handin_filename,
    read_handin,
    validate_pseudonym,
)
from kickback_edu.handin import main as handin_main
from kickback_edu.progress import ProgressFile, question_signature
from kickback_edu.quiz import load_quiz_bank
from kickback_edu.tally import compute_tally, tally
from kickback_edu.tally import main as tally_main

REPO = Path(__file__).resolve().parents[1]

# A small quiz file of our own, so every count below can be checked by hand.
TINY_QUIZ = """\
quiz,question_id,question,choice,correct,feedback
q1,colour,What colour is the sky on a clear day?,Blue,yes,Air scatters blue light the most.
q1,colour,What colour is the sky on a clear day?,Green,no,Green is the grass: a mix-up of place.
q1,colour,What colour is the sky on a clear day?,Red,no,Red skies come at sunset only.
q1,sum,What is 2 + 2?,4,yes,Two and two make four.
q1,sum,What is 2 + 2?,22,no,That writes the digits side by side instead of adding.
q2,legs,How many legs has a spider?,8,yes,Spiders are arachnids with eight legs.
q2,legs,How many legs has a spider?,6,no,Six legs is an insect: spiders are not insects.
"""


def _sig(question: str, choices: list[str]) -> str:
    return question_signature(question, choices)


SIG = {
    ("q1", "colour"): _sig("What colour is the sky on a clear day?", ["Blue", "Green", "Red"]),
    ("q1", "sum"): _sig("What is 2 + 2?", ["4", "22"]),
    ("q2", "legs"): _sig("How many legs has a spider?", ["8", "6"]),
}


def _answer(quiz: str, qid: str, first: str, latest: str, attempts: int = 1,
            signature: str | None = None) -> dict:
    return {"quiz": quiz, "question_id": qid, "signature": signature or SIG[(quiz, qid)],
            "first": first, "latest": latest, "attempts": attempts}


def _handin(folder: Path, pseudonym: str, answers: list[dict], name: str | None = None) -> Path:
    path = folder / (name or f"kickback-handin-{pseudonym}.json")
    path.write_text(json.dumps({"format": "kickback-handin", "version": 1,
                                "pseudonym": pseudonym, "answers": answers}), encoding="utf-8")
    return path


@pytest.fixture
def tiny_quiz(data_copy: Path) -> Path:
    (data_copy / "quiz.csv").write_text(TINY_QUIZ, encoding="utf-8")
    return data_copy


# --- counts checked by hand ----------------------------------------------------------------------

def test_a_small_class_gives_the_counts_worked_out_by_hand(tiny_quiz: Path, tmp_path: Path) -> None:
    folder = tmp_path / "handins"
    folder.mkdir()
    _handin(folder, "ann", [_answer("q1", "colour", "Green", "Blue", 2),
                            _answer("q1", "sum", "4", "4"), _answer("q2", "legs", "6", "8", 2)])
    _handin(folder, "bob", [_answer("q1", "colour", "Green", "Green"),
                            _answer("q1", "sum", "22", "4", 2)])
    _handin(folder, "cy", [_answer("q1", "colour", "Red", "Blue", 3),
                           _answer("q2", "legs", "8", "8")])
    _handin(folder, "di", [_answer("q1", "colour", "Blue", "Blue")])
    r = tally(folder)
    colour, total, legs = (r.question[k] for k in [("q1", "colour"), ("q1", "sum"),
                                                    ("q2", "legs")])
    # colour: first picks Green, Green, Red, Blue -> 4 answered, 1 right first (25%);
    # latest Blue, Green, Blue, Blue -> 3 right now (75%); most chosen wrong first: Green (2)
    assert (colour.answered, colour.right_first, colour.right_latest) == (4, 1, 3)
    assert colour.share_right_first == 0.25 and colour.share_right_latest == 0.75
    assert colour.misconception == ("Green", 2, "Green is the grass: a mix-up of place.")
    # sum: ann 4/4, bob 22/4 -> 2 answered, 1 right first, 2 right now; wrong: 22 (1)
    assert (total.answered, total.right_first, total.right_latest) == (2, 1, 2)
    assert total.misconception is not None and total.misconception[:2] == ("22", 1)
    # legs: ann 6/8, cy 8/8 -> 2 answered, 1 right first, 2 right now
    assert (legs.answered, legs.right_first, legs.right_latest) == (2, 1, 2)
    learners = {ln.pseudonym: ln for ln in r.learners}
    assert (learners["ann"].answered, learners["ann"].right_first,
            learners["ann"].right_latest) == (3, 1, 3)
    assert (learners["bob"].answered, learners["bob"].right_first,
            learners["bob"].right_latest) == (2, 0, 1)
    assert learners["bob"].per_quiz == {"q1": 2, "q2": 0}
    assert r.skipped == [] and r.notes == []
    # hardest first: colour (25%), then sum and legs (50%, 2 answered each; file order)
    assert [q.question_id for q in r.hardest(3)] == ["colour", "sum", "legs"]

    report = r.files["report"].read_text(encoding="utf-8")
    assert "Counted **4** hand-in(s); skipped **0** file(s)" in report
    assert "Most chosen wrong answer: *Green* (2 of 4). Why it is wrong: Green is the grass" \
        in report
    rows = list(csv.DictReader(r.files["questions"].open(encoding="utf-8")))
    assert [(row["question_id"], row["answered"], row["share_right_first"],
             row["most_chosen_wrong"], row["most_chosen_wrong_count"]) for row in rows] == [
        ("colour", "4", "0.250", "Green", "2"), ("sum", "2", "0.500", "22", "1"),
        ("legs", "2", "0.500", "6", "1")]
    learner_rows = list(csv.DictReader(r.files["learners"].open(encoding="utf-8")))
    assert [row["pseudonym"] for row in learner_rows] == ["ann", "bob", "cy", "di"]
    assert learner_rows[1]["answered_q1"] == "2" and learner_rows[1]["answered_q2"] == "0"
    assert r.files["figure"].exists()


def test_a_tie_between_wrong_answers_goes_to_the_one_listed_first(
    tiny_quiz: Path, tmp_path: Path
) -> None:
    _handin(tmp_path, "a", [_answer("q1", "colour", "Red", "Blue")])
    _handin(tmp_path, "b", [_answer("q1", "colour", "Green", "Blue")])
    q = compute_tally(tmp_path).question[("q1", "colour")]
    assert q.misconception is not None and q.misconception[:2] == ("Green", 1)


# --- a generated class of 30, counted independently -------------------------------------------

def test_a_generated_class_of_30_matches_an_independent_count(tmp_path: Path) -> None:
    bank = load_quiz_bank()
    rng = random.Random(20261130)
    expected_answered: Counter[tuple[str, str]] = Counter()
    expected_first: dict[tuple[str, str], Counter[str]] = {}
    expected_right_first: Counter[tuple[str, str]] = Counter()
    expected_right_latest: Counter[tuple[str, str]] = Counter()
    learner_right: dict[str, int] = {}
    for i in range(30):
        answers, right = [], 0
        for q in bank.questions:
            if rng.random() < 0.25:
                continue  # this learner skipped the question
            texts = [c.text for c in q.choices]
            first, latest = rng.choice(texts), rng.choice(texts)
            key = (q.quiz, q.question_id)
            answers.append({"quiz": q.quiz, "question_id": q.question_id,
                            "signature": question_signature(q.text, texts),
                            "first": first, "latest": latest, "attempts": 1})
            expected_answered[key] += 1
            expected_first.setdefault(key, Counter())[first] += 1
            expected_right_first[key] += first == q.answer.text
            expected_right_latest[key] += latest == q.answer.text
            right += latest == q.answer.text
        _handin(tmp_path, f"learner-{i:02d}", answers)
        learner_right[f"learner-{i:02d}"] = right

    r = compute_tally(tmp_path)
    assert len(r.learners) == 30 and r.skipped == [] and r.notes == []
    for q in bank.questions:
        key = (q.quiz, q.question_id)
        got = r.question[key]
        assert got.answered == expected_answered[key], key
        assert got.right_first == expected_right_first[key], key
        assert got.right_latest == expected_right_latest[key], key
        wrong = {t: n for t, n in expected_first[key].items() if t != q.answer.text}
        if wrong:
            top = max(wrong.values())
            first_listed = next(c.text for c in q.choices if wrong.get(c.text) == top)
            assert got.misconception is not None
            assert got.misconception[:2] == (first_listed, top), key
            feedback = next(c.feedback for c in q.choices if c.text == first_listed)
            assert got.misconception[2] == feedback
    assert {ln.pseudonym: ln.right_latest for ln in r.learners} == learner_right
    assert sum(q.answered for q in r.questions) == sum(expected_answered.values())


# --- bad files are reported by name and skipped -----------------------------------------------

def test_broken_empty_duplicated_and_foreign_files_are_reported_and_skipped(
    tiny_quiz: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "handins"
    folder.mkdir()
    good = _handin(folder, "ann", [_answer("q1", "colour", "Blue", "Blue")])
    _handin(folder, "bob", [_answer("q1", "colour", "Red", "Blue")])
    shutil.copy(good, folder / "ann-again.json")                       # identical copy
    _handin(folder, "cy", [_answer("q1", "colour", "Red", "Red")], name="cy-1.json")
    _handin(folder, "cy", [_answer("q1", "colour", "Blue", "Blue")], name="cy-2.json")
    (folder / "empty.json").write_text("")
    (folder / "truncated.json").write_text(good.read_text()[:40])
    (folder / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "package.json").write_text('{"name": "something", "version": "1.0.0"}')
    (folder / "progress.json").write_text(
        '{"format": "kickback-progress", "version": 1, "answers": []}')
    (folder / "future.json").write_text(
        '{"format": "kickback-handin", "version": 2, "pseudonym": "x", "answers": []}')
    (folder / "bad-name.json").write_text(
        '{"format": "kickback-handin", "version": 1, "pseudonym": "Ann Smith", "answers": []}')
    (folder / "bad-answer.json").write_text(json.dumps(
        {"format": "kickback-handin", "version": 1, "pseudonym": "eve",
         "answers": [{"quiz": "q1", "question_id": "colour", "first": "Blue"}]}))
    (folder / "notes.txt").write_text("remember to bring the bands")
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / "old").mkdir()

    r = tally(folder)
    reasons = {s.file: s.reason for s in r.skipped}
    # of two identical files the first by name counts, the other is reported as its copy
    assert reasons.pop("ann-again.json", None) is None
    assert reasons["kickback-handin-ann.json"] == "an exact copy of ann-again.json"
    assert sorted(reasons) == sorted([
        "kickback-handin-ann.json", "cy-1.json", "cy-2.json", "empty.json", "truncated.json",
        "binary.json", "package.json", "progress.json", "future.json", "bad-name.json",
        "bad-answer.json", "notes.txt"])
    assert "'cy'" in reasons["cy-1.json"] and "cy-2.json" in reasons["cy-1.json"]
    assert reasons["empty.json"] == "empty file"
    assert "not valid JSON" in reasons["truncated.json"]
    assert "not valid JSON" in reasons["binary.json"]
    assert "not a kickback hand-in" in reasons["package.json"]
    assert "progress file" in reasons["progress.json"]
    assert "version 2" in reasons["future.json"]
    assert "'Ann Smith'" in reasons["bad-name.json"]
    assert reasons["bad-answer.json"].startswith("answers[0].")
    assert "not a .json file" in reasons["notes.txt"]
    # the rest still counts: ann and bob
    assert sorted(ln.pseudonym for ln in r.learners) == ["ann", "bob"]
    colour = r.question[("q1", "colour")]
    assert (colour.answered, colour.right_first, colour.right_latest) == (2, 1, 2)
    report = r.files["report"].read_text(encoding="utf-8")
    for name in reasons:
        assert f"`{name}`" in report


def test_a_question_edited_after_the_answers_is_reported_not_a_crash(
    tiny_quiz: Path, tmp_path: Path
) -> None:
    _handin(tmp_path, "ann", [
        _answer("q1", "colour", "Purple", "Blue", signature="old"),   # Purple was removed
        _answer("q1", "sum", "22", "4", signature="old"),             # still there: counted
        _answer("q3", "gone", "x", "x", signature="old"),             # question removed
    ])
    _handin(tmp_path, "bob", [_answer("q1", "colour", "Green", "Blue")])
    r = tally(tmp_path)
    colour, total = r.question[("q1", "colour")], r.question[("q1", "sum")]
    assert (colour.answered, colour.stale) == (1, 1)
    assert (total.answered, total.edited, total.right_first) == (1, 1, 0)
    notes = "\n".join(r.notes)
    assert "q1/colour: 1 answer(s) name a choice that is no longer in the quiz file" in notes
    assert "q1/sum: 1 answer(s) were given to an earlier wording" in notes
    assert "q3/gone: answered by 1 learner(s) but not in the quiz file" in notes
    assert "## Notes" in r.files["report"].read_text(encoding="utf-8")


def test_an_empty_folder_gives_an_empty_report_and_a_missing_one_a_clear_error(
    tmp_path: Path
) -> None:
    r = tally(tmp_path)
    assert r.learners == [] and "No answers counted yet." in r.files["report"].read_text()
    with pytest.raises(ValueError, match=r"folder must be a folder.*nowhere"):
        compute_tally(tmp_path / "nowhere")


# --- pseudonyms and hand-in files --------------------------------------------------------------

@pytest.mark.parametrize("bad", ["", "Ann Smith", "ann/../x", "a" * 41, "émile", "a.b", None])
def test_a_bad_pseudonym_is_refused_with_what_is_allowed(bad: object) -> None:
    with pytest.raises(ValueError, match=r"pseudonym must be 1 to 40 letters.*got"):
        validate_pseudonym(bad)


def test_a_hand_in_holds_the_pseudonym_and_answers_and_nothing_else(
    progress_file: Path, tmp_path: Path
) -> None:
    pf = ProgressFile(progress_file)
    pf.record("q1", "colour", "Green", False, "s1", time="2026-11-30T09:00:00Z")
    pf.record("q1", "colour", "Blue", True, "s1", time="2026-11-30T09:00:05Z")
    path = hand_in("fox_12", out_dir=tmp_path / "out")
    assert path.name == handin_filename("fox_12") == "kickback-handin-fox_12.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw == {"format": "kickback-handin", "version": 1, "pseudonym": "fox_12",
                   "answers": [{"quiz": "q1", "question_id": "colour", "signature": "s1",
                                "first": "Green", "latest": "Blue", "attempts": 2}]}
    assert "2026" not in path.read_text()  # no times
    assert read_handin(path).answers[0].first == "Green"


def test_hand_in_refuses_a_missing_or_empty_progress_file(
    progress_file: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="does not exist"):
        hand_in("fox")
    progress_file.write_text('{"format": "kickback-progress", "version": 1, "answers": []}')
    with pytest.raises(ValueError, match="no answers yet"):
        hand_in("fox")


def test_the_command_lines_say_what_is_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert handin_main([]) == 2
    assert "make handin NAME=your-pseudonym" in capsys.readouterr().err
    assert handin_main(["Ann Smith"]) == 2
    assert "pseudonym must be" in capsys.readouterr().err
    assert tally_main([]) == 2
    assert "make tally DIR=" in capsys.readouterr().err
    assert tally_main([str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err


# --- the figure --------------------------------------------------------------------------------

def test_the_hardest_questions_figure_puts_the_hardest_on_top(
    tiny_quiz: Path, tmp_path: Path
) -> None:
    _handin(tmp_path, "a", [_answer("q1", "colour", "Red", "Blue"), _answer("q1", "sum", "4", "4")])
    _handin(tmp_path, "b", [_answer("q1", "colour", "Blue", "Blue"),
                            _answer("q1", "sum", "4", "4")])
    r = compute_tally(tmp_path)
    fig = hardest_questions_figure(r.questions)
    bars = fig.data[0]
    # plotly draws the last category on top: the hardest (colour, 50%) comes last
    assert list(bars.y) == ["q1 · sum", "q1 · colour"]
    assert list(bars.x) == [100.0, 50.0]
    assert fig.layout.xaxis.title.text == "learners right (%)"
    assert "q1 colour" in fig.layout.meta["description"]
    with pytest.raises(ValueError, match="n must be at least 1; got 0"):
        hardest_questions_figure(r.questions, n=0)


def test_the_figure_file_opens_without_a_network(tiny_quiz: Path, tmp_path: Path) -> None:
    _handin(tmp_path, "a", [_answer("q1", "colour", "Red", "Blue")])
    html = tally(tmp_path).files["figure"].read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?:", html)
    assert "plotly.js v" in html or "Plotly" in html[:200_000]


# --- the whole workflow ------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_learners_answer_hand_in_and_the_teacher_tallies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two learners answer in the Quiz widget; each runs `make handin`; the teacher
    collects the files and runs `make tally`; the report names the misconception."""
    from kickback_edu.widgets.quiz import Quiz

    collected = tmp_path / "collected"
    collected.mkdir()
    bank = load_quiz_bank()
    q0 = bank.quiz("anatomy")[0]
    wrong = next(c for c in q0.choices if not c.correct)
    for learner, picks in (("fox-1", [wrong.text, q0.answer.text]), ("owl_2", [wrong.text])):
        work = tmp_path / learner / "work"
        work.mkdir(parents=True)
        monkeypatch.setenv("KICKBACK_PROGRESS", str(work / "kickback-progress.json"))
        quiz = Quiz("anatomy")
        for pick in picks:
            quiz.choices[0].value = pick
        monkeypatch.delenv("KICKBACK_PROGRESS")
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
        # run from the learner's folder (as in a repository checkout: the progress file is
        # found in the working copy below), writing into the teacher's folder
        done = subprocess.run(
            ["make", "-s", "-f", str(REPO / "Makefile"), "-o", ".venv/.kickback-installed",
             f"PY={sys.executable}", "handin", f"NAME={learner}", f"OUT={collected}"],
            cwd=tmp_path / learner, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert f"kickback-handin-{learner}.json" in done.stdout

    done = subprocess.run(
        ["make", "-s", "-o", ".venv/.kickback-installed", f"PY={sys.executable}", "tally",
         f"DIR={collected}"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = (collected / "tally" / "tally.md").read_text(encoding="utf-8")
    assert "Counted **2** hand-in(s); skipped **0** file(s)" in report
    assert (f"**{q0.text}** (`anatomy/{q0.question_id}`): 0% right at first try, "
            "50% right now (2 answered).") in report
    assert f"Most chosen wrong answer: *{wrong.text}* (2 of 2). Why it is wrong: " \
           f"{wrong.feedback}" in report
    assert "| fox-1 | 1 of" in report and "| owl_2 | 1 of" in report
    assert (collected / "tally" / "tally-hardest.html").stat().st_size > 1_000_000
