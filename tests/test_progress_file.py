"""The learner's progress file: recorded, restored, bounded, atomic, robust to damage."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest

from kickback_edu.progress import (
    DEFAULT_FILENAME,
    HISTORY_LIMIT,
    SPOT_THE_FAULT,
    ProgressFile,
    ProgressWarning,
    clear_progress,
    load_progress,
    progress_markdown,
    progress_path,
    progress_summary,
    question_signature,
)
from kickback_edu.quiz import load_quiz_bank
from kickback_edu.widgets.progress import ProgressView
from kickback_edu.widgets.quiz import Quiz, SpotTheFault


def _raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# --- where the file lives ----------------------------------------------------------------------

def test_the_env_var_names_the_file_and_off_switches_recording_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KICKBACK_PROGRESS", str(tmp_path / "mine.json"))
    assert progress_path() == tmp_path / "mine.json"
    monkeypatch.setenv("KICKBACK_PROGRESS", "off")
    assert progress_path() is None


def test_without_the_env_var_the_file_sits_in_the_working_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KICKBACK_PROGRESS")
    monkeypatch.delenv("KICKBACK_STATIC", raising=False)
    monkeypatch.chdir(tmp_path)
    assert progress_path() == tmp_path / DEFAULT_FILENAME
    monkeypatch.setenv("KICKBACK_STATIC", "1")  # a static handout has no learner
    assert progress_path() is None


# --- the file itself -----------------------------------------------------------------------------

def test_a_pick_is_written_with_the_documented_schema(progress_file: Path) -> None:
    pf = ProgressFile(progress_file)
    pf.record("anatomy", "prime_mover", "Hamstrings", False, "abc", time="2026-11-30T10:00:00Z")
    pf.record("anatomy", "prime_mover", "Gluteus maximus", True, "abc",
              time="2026-11-30T10:00:09Z")
    raw = _raw(progress_file)
    assert raw["format"] == "kickback-progress" and raw["version"] == 1
    (entry,) = raw["answers"]
    assert entry["quiz"] == "anatomy" and entry["question_id"] == "prime_mover"
    assert entry["first"] == {"choice": "Hamstrings", "correct": False,
                              "time": "2026-11-30T10:00:00Z"}
    assert entry["latest"] == {"choice": "Gluteus maximus", "correct": True,
                               "time": "2026-11-30T10:00:09Z"}
    assert entry["attempts"] == 2 and len(entry["history"]) == 2
    # only the progress file is left in the folder: the temporary file was renamed into it
    assert [p.name for p in progress_file.parent.iterdir()] == [progress_file.name]


def test_the_file_never_grows_without_bound(progress_file: Path) -> None:
    pf = ProgressFile(progress_file)
    choices = ["A", "B", "C"]
    for n in range(300):
        pf.record("anatomy", "prime_mover", choices[n % 3], n % 3 == 0, "sig")
    size_after_300 = progress_file.stat().st_size
    for n in range(300):
        pf.record("anatomy", "prime_mover", choices[n % 3], n % 3 == 0, "sig")
    entry = load_progress(progress_file)[("anatomy", "prime_mover")]
    assert len(_raw(progress_file)["answers"]) == 1  # one entry per question
    assert len(entry.history) == HISTORY_LIMIT
    assert entry.attempts == 600
    assert entry.first.choice == "A"  # the first pick is kept apart from the history
    assert entry.latest.choice == choices[599 % 3]
    assert progress_file.stat().st_size == size_after_300  # same shape, same size


def test_a_history_longer_than_the_limit_is_cut_when_read(progress_file: Path) -> None:
    pick = {"choice": "A", "correct": True, "time": "t"}
    progress_file.write_text(json.dumps({"format": "kickback-progress", "version": 1, "answers": [
        {"quiz": "q", "question_id": "x", "signature": "s", "first": pick, "latest": pick,
         "attempts": 500, "history": [pick] * 500}]}))
    assert len(load_progress(progress_file)[("q", "x")].history) == HISTORY_LIMIT


@pytest.mark.parametrize("content", [
    "", "{", "[]", '{"format": "something-else"}',
    '{"format": "kickback-progress", "version": 99, "answers": []}',
    '{"format": "kickback-progress", "version": 1, "answers": [{"quiz": "a"}]}',
    b"\xff\xfe\x00garbage",
], ids=["empty", "not-json", "a-list", "foreign", "future-version", "broken-entry", "binary"])
def test_a_damaged_file_is_kept_aside_reported_and_a_fresh_one_starts(
    progress_file: Path, content: str | bytes
) -> None:
    if isinstance(content, bytes):
        progress_file.write_bytes(content)
    else:
        progress_file.write_text(content, encoding="utf-8")
    pf = ProgressFile(progress_file)
    with pytest.warns(ProgressWarning, match="damaged"):
        assert pf.read() == {}
    backup = progress_file.with_name(progress_file.name + ".damaged")
    assert backup.read_bytes() == (content if isinstance(content, bytes)
                                   else content.encode())
    assert "damaged" in (pf.problem or "") and backup.name in (pf.problem or "")
    pf.record("anatomy", "core", "x", False, "s")  # and the course goes on
    assert set(load_progress(progress_file)) == {("anatomy", "core")}


def test_a_second_damaged_file_does_not_overwrite_the_first_backup(progress_file: Path) -> None:
    for text in ("first {", "second {"):
        progress_file.write_text(text)
        with pytest.warns(ProgressWarning):
            ProgressFile(progress_file).read()
    assert progress_file.with_name(progress_file.name + ".damaged").read_text() == "first {"
    assert progress_file.with_name(progress_file.name + ".damaged-2").read_text() == "second {"


def test_a_failed_write_leaves_the_old_file_whole(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pf = ProgressFile(progress_file)
    pf.record("anatomy", "core", "x", False, "s")
    before = progress_file.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.warns(ProgressWarning, match="could not be saved"):
        pf.record("anatomy", "core", "y", True, "s")
    assert progress_file.read_bytes() == before
    assert [p.name for p in progress_file.parent.iterdir()] == [progress_file.name]


def test_clear_forgets_one_quiz_or_everything(progress_file: Path) -> None:
    pf = ProgressFile(progress_file)
    pf.record("anatomy", "core", "x", False, "s")
    pf.record("anatomy", "prime_mover", "x", False, "s")
    pf.record("form", "setup", "x", False, "s")
    assert clear_progress("anatomy") == 2
    assert set(load_progress()) == {("form", "setup")}
    assert clear_progress() == 1
    assert not progress_file.exists()


def test_question_signature_ignores_choice_order_but_not_wording() -> None:
    sig = question_signature("Q?", ["a", "b"])
    assert sig == question_signature("Q?", ["b", "a"])
    assert sig != question_signature("Q?", ["a", "b", "c"])
    assert sig != question_signature("Q!", ["a", "b"])


# --- the quiz widget remembers -------------------------------------------------------------------

def test_a_new_quiz_restores_the_last_answers_and_score(progress_file: Path) -> None:
    quiz = Quiz("anatomy")
    q0, q1 = quiz.questions[0], quiz.questions[1]
    wrong = next(c.text for c in q0.choices if not c.correct)
    quiz.choices[0].value = wrong
    quiz.choices[0].value = q0.answer.text
    quiz.choices[1].value = next(c.text for c in q1.choices if not c.correct)

    again = Quiz("anatomy")  # what a restarted kernel builds
    assert [b.value for b in again.choices[:2]] == [q0.answer.text, quiz.choices[1].value]
    assert all(b.value is None for b in again.choices[2:])
    assert again.n_correct == 1
    assert f"Answered 2 of {len(quiz.questions)}; 1 correct." in again.score.value
    assert "Welcome back" in again.memory.note.value
    assert "Not quite" in again.feedback[1].value  # the feedback comes back too
    # restoring wrote nothing: the first answer is still the wrong one
    entry = load_progress()[("anatomy", q0.question_id)]
    assert entry.first.choice == wrong and entry.attempts == 2


def test_answers_are_kept_by_choice_text_so_reordering_choices_is_harmless(
    data_copy: Path, progress_file: Path
) -> None:
    quiz = Quiz("anatomy")
    answer = quiz.questions[0].answer.text
    quiz.choices[0].value = answer
    lines = (data_copy / "quiz.csv").read_text(encoding="utf-8").splitlines()
    prefix = f"anatomy,{quiz.questions[0].question_id},"
    rows = [i for i, ln in enumerate(lines) if ln.startswith(prefix)]
    right = next(i for i in rows if answer in lines[i] and ",yes," in lines[i])
    other = rows[-1] if right != rows[-1] else rows[0]  # the correct one moves to the other end
    lines[right], lines[other] = lines[other], lines[right]
    (data_copy / "quiz.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = Quiz("anatomy")
    assert again.questions[0].choices[rows.index(other)].text == answer
    assert again.choices[0].value == answer and again.n_correct == 1


def test_an_answer_whose_choice_was_removed_is_not_restored(
    data_copy: Path, progress_file: Path
) -> None:
    quiz = Quiz("anatomy")
    gone = quiz.questions[0].choices[-1].text
    quiz.choices[0].value = gone
    text = (data_copy / "quiz.csv").read_text(encoding="utf-8")
    prefix = f"anatomy,{quiz.questions[0].question_id},"
    kept = [ln for ln in text.splitlines() if not (ln.startswith(prefix) and gone in ln)]
    (data_copy / "quiz.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    again = Quiz("anatomy")
    assert again.choices[0].value is None
    assert "changed since you answered" in again.memory.note.value


def test_the_clear_button_forgets_this_quiz_only(progress_file: Path) -> None:
    anatomy, form = Quiz("anatomy"), Quiz("form")
    anatomy.choices[0].value = anatomy.questions[0].answer.text
    form.choices[0].value = form.questions[0].answer.text
    anatomy.memory.clear_button.click()
    assert anatomy.choices[0].value is None and anatomy.feedback[0].value == ""
    assert f"Answered 0 of {len(anatomy.questions)}" in anatomy.score.value
    assert set(load_progress()) == {("form", form.questions[0].question_id)}
    assert Quiz("anatomy").choices[0].value is None


def test_a_damaged_file_is_shown_in_the_quiz_and_it_still_works(progress_file: Path) -> None:
    progress_file.write_text("{ not json")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProgressWarning)
        quiz = Quiz("anatomy")
    assert "damaged" in quiz.memory.note.value
    quiz.choices[0].value = quiz.questions[0].answer.text
    assert Quiz("anatomy").n_correct == 1


def test_with_recording_off_the_quiz_works_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KICKBACK_PROGRESS", "off")
    monkeypatch.chdir(tmp_path)
    quiz = Quiz("anatomy")
    quiz.choices[0].value = quiz.questions[0].answer.text
    assert quiz.n_correct == 1
    assert list(tmp_path.iterdir()) == []
    assert quiz.memory.box not in quiz.children


def test_spot_the_fault_records_the_outcome_and_restores_the_angle(progress_file: Path) -> None:
    exercise = SpotTheFault()
    top = exercise.answer_deg
    exercise.angle.value = top + 15
    exercise.check.click()
    entry = load_progress()[(SPOT_THE_FAULT.quiz, SPOT_THE_FAULT.question_id)]
    assert entry.latest.choice == "above the angle where the back starts to arch"
    assert entry.latest.correct is False and entry.latest.value == top + 15
    exercise.angle.value = top - 30
    exercise.check.click()
    exercise.angle.value = top
    exercise.check.click()
    entry = load_progress()[(SPOT_THE_FAULT.quiz, SPOT_THE_FAULT.question_id)]
    assert [p.choice.split()[0] for p in entry.history] == ["above", "below", "at"]
    assert entry.latest.correct is True
    again = SpotTheFault()
    assert again.angle.value == top and "Correct." in again.feedback.value
    assert load_progress()[(SPOT_THE_FAULT.quiz, SPOT_THE_FAULT.question_id)].attempts == 3


# --- the progress view -------------------------------------------------------------------------

def test_progress_per_notebook_counts_answered_and_right(progress_file: Path) -> None:
    bank = load_quiz_bank()
    quiz = Quiz("anatomy")
    q = quiz.questions
    quiz.choices[0].value = next(c.text for c in q[0].choices if not c.correct)
    quiz.choices[0].value = q[0].answer.text          # right now, wrong at first
    quiz.choices[1].value = q[1].answer.text          # right at once
    quiz.choices[2].value = next(c.text for c in q[2].choices if not c.correct)  # wrong
    rows = {r.quiz: r for r in progress_summary(notebooks=Path(__file__).parents[1] / "notebooks")}
    assert list(rows) == bank.quiz_ids()
    a = rows["anatomy"]
    assert (a.questions, a.answered, a.right, a.right_first) == (len(q), 3, 2, 1)
    assert a.notebook == "01_anatomy"
    assert rows["form"].questions == len(bank.quiz("form")) + 1  # + spot the fault
    assert rows["start_here"].answered == 0
    md = progress_markdown()
    assert "| **all** | | **3 of" in md
    view = ProgressView()
    assert "3 of " in view.table.value and "answered, 2 right" in view.table.value


def test_a_static_copy_shows_a_sentence_instead_of_the_table(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KICKBACK_PROGRESS")
    monkeypatch.setenv("KICKBACK_STATIC", "1")
    monkeypatch.chdir(tmp_path)
    view = ProgressView()
    assert "in the live notebook" in view.description
    assert "switched off" in view.table.value
    assert list(tmp_path.iterdir()) == []
