"""The quiz file, its loader, the quiz widget and the teacher guide's answer key."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import replace
from html import escape
from pathlib import Path

import pytest

from kickback_edu import Body
from kickback_edu.data import DataError
from kickback_edu.quiz import (
    KEY_END,
    KEY_START,
    LETTERS,
    Choice,
    answer_key_markdown,
    load_quiz,
    load_quiz_bank,
    main,
    update_guide,
)
from kickback_edu.widgets.quiz import Quiz, SpotTheFault

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "teacher-guide.md"
NOTEBOOK_QUIZZES = ("start_here", "anatomy", "form", "equipment", "function", "planning")


def _rows(folder: Path) -> list[list[str]]:
    with (folder / "quiz.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(folder: Path, rows: list[list[str]]) -> None:
    with (folder / "quiz.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _line_of(rows: list[list[str]], quiz: str, qid: str, nth: int = 0) -> int:
    """File line (header = 1) of the nth row of a question."""
    hits = [i + 1 for i, r in enumerate(rows) if r[:2] == [quiz, qid]]
    return hits[nth]


def _text(widget: Quiz) -> str:
    """All HTML shown by the widget's HTML children."""
    return " ".join(c.value for c in widget.children if isinstance(getattr(c, "value", None), str))


# --- the real file ---------------------------------------------------------------------------

def test_the_quiz_file_loads_without_errors() -> None:
    bank = load_quiz_bank()
    assert bank.errors == []
    assert bank.quiz_ids() == list(NOTEBOOK_QUIZZES)


@pytest.mark.parametrize("quiz_id", NOTEBOOK_QUIZZES)
def test_each_notebook_quiz_has_3_to_7_well_formed_questions(quiz_id: str) -> None:
    questions, errors = load_quiz(quiz_id)
    assert errors == []
    assert 3 <= len(questions) <= 7
    for q in questions:
        assert len(q.choices) >= 2
        assert sum(c.correct for c in q.choices) == 1
        for c in q.choices:
            # feedback explains why: a sentence, not a bare "yes"/"wrong"
            assert len(c.feedback.split()) >= 8, (q.question_id, c.text)


# --- broken files: errors name file, line, column; the rest loads ----------------------------

def test_a_bad_yes_no_value_leaves_that_question_out_and_names_line_and_column(
    data_copy: Path,
) -> None:
    rows = _rows(data_copy)
    line = _line_of(rows, "anatomy", "core", 1)
    rows[line - 1][4] = "maybe"
    _write(data_copy, rows)
    bank = load_quiz_bank()
    ids = [q.question_id for q in bank.quiz("anatomy")]
    assert "core" not in ids and "prime_mover" in ids
    assert len(bank.questions) == len(load_quiz_bank().questions)
    messages = [str(e) for e in bank.errors]
    assert any(f"quiz.csv, line {line}, column 'correct'" in m and "'maybe'" in m
               for m in messages), messages
    assert any("'core'" in m and "left out" in m for m in messages), messages
    assert all(str(data_copy / "quiz.csv") in m for m in messages)


def test_two_correct_choices_are_reported(data_copy: Path) -> None:
    n_form = len(load_quiz("form")[0])
    rows = _rows(data_copy)
    line = _line_of(rows, "form", "swing", 1)
    rows[line - 1][4] = "yes"
    _write(data_copy, rows)
    questions, errors = load_quiz("form")
    assert "swing" not in [q.question_id for q in questions]
    assert len(questions) == n_form - 1
    (err,) = errors
    assert err.column == "correct" and err.line == _line_of(rows, "form", "swing")
    assert "2 choices marked yes" in str(err) and "exactly one" in str(err)


def test_no_correct_choice_is_reported(data_copy: Path) -> None:
    rows = _rows(data_copy)
    for r in rows:
        if r[:2] == ["equipment", "machine"]:
            r[4] = "no"
    _write(data_copy, rows)
    _, errors = load_quiz("equipment")
    assert len(errors) == 1 and "0 choices marked yes" in str(errors[0])


def test_a_question_with_one_choice_is_reported(data_copy: Path) -> None:
    rows = _rows(data_copy)
    keep = _line_of(rows, "function", "falls")
    rows = [r for i, r in enumerate(rows, start=1)
            if r[:2] != ["function", "falls"] or i == keep]
    _write(data_copy, rows)
    questions, errors = load_quiz("function")
    assert "falls" not in [q.question_id for q in questions]
    assert any("only 1 choice" in str(e) and e.column == "choice" for e in errors)


def test_empty_feedback_is_reported_with_line_and_column(data_copy: Path) -> None:
    rows = _rows(data_copy)
    line = _line_of(rows, "start_here", "order", 2)
    rows[line - 1][5] = "  "
    _write(data_copy, rows)
    bank = load_quiz_bank()
    assert any(e.line == line and e.column == "feedback" and "empty" in str(e)
               for e in bank.errors)
    assert "order" not in [q.question_id for q in bank.questions]


def test_a_row_with_an_unquoted_comma_is_reported(data_copy: Path) -> None:
    n_anatomy = len(load_quiz("anatomy")[0])
    text = (data_copy / "quiz.csv").read_text(encoding="utf-8")
    text += "anatomy,extra,Is this fine?,Yes, it is,yes,Because.\n"
    (data_copy / "quiz.csv").write_text(text, encoding="utf-8")
    bank = load_quiz_bank()
    n_lines = len(text.splitlines())
    assert any(e.line == n_lines and "double quotes" in str(e) for e in bank.errors)
    assert len(bank.quiz("anatomy")) == n_anatomy


def test_changed_question_wording_and_repeated_choices_are_reported(data_copy: Path) -> None:
    all_ids = [q.question_id for q in load_quiz("anatomy")[0]]
    rows = _rows(data_copy)
    line = _line_of(rows, "anatomy", "stabilisers", 1)
    rows[line - 1][2] = "Something else?"
    line2 = _line_of(rows, "anatomy", "bent_knee", 2)
    rows[line2 - 1][3] = rows[line2 - 2][3]
    _write(data_copy, rows)
    questions, errors = load_quiz("anatomy")
    assert [q.question_id for q in questions] == [
        i for i in all_ids if i not in ("stabilisers", "bent_knee")]
    assert any(e.line == line and e.column == "question" for e in errors)
    assert any(e.line == line2 and e.column == "choice" and "repeats" in str(e) for e in errors)


def test_a_missing_column_raises_naming_it(data_copy: Path) -> None:
    rows = [r[:5] for r in _rows(data_copy)]
    _write(data_copy, rows)
    with pytest.raises(DataError, match=r"missing column.*feedback"):
        load_quiz_bank()


def test_unknown_quiz_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="'anatomy'"):
        load_quiz("anatomyy")


# --- the widget ------------------------------------------------------------------------------

def test_picking_a_choice_shows_why_at_once() -> None:
    quiz = Quiz("anatomy")
    q0 = quiz.questions[0]
    wrong = next(c for c in q0.choices if not c.correct)
    assert quiz.feedback[0].value == ""
    quiz.choices[0].value = wrong.text
    assert "Not quite" in quiz.feedback[0].value
    assert wrong.feedback.split(".")[0] in quiz.feedback[0].value
    assert quiz.n_correct == 0
    quiz.choices[0].value = q0.answer.text
    assert "Correct" in quiz.feedback[0].value
    assert q0.answer.feedback.split(".")[0] in quiz.feedback[0].value
    assert quiz.n_correct == 1
    assert f"Answered 1 of {len(quiz.questions)}; 1 correct" in quiz.score.value


def test_every_choice_of_every_quiz_gives_its_feedback() -> None:
    for quiz_id in NOTEBOOK_QUIZZES:
        quiz = Quiz(quiz_id)
        for i, q in enumerate(quiz.questions):
            for c in q.choices:
                quiz.choices[i].value = c.text
                assert ("Correct" if c.correct else "Not quite") in quiz.feedback[i].value


def test_a_broken_file_shows_its_errors_in_the_widget(data_copy: Path) -> None:
    n_anatomy = len(load_quiz("anatomy")[0])
    rows = _rows(data_copy)
    line = _line_of(rows, "anatomy", "core", 1)
    rows[line - 1][4] = "maybe"
    _write(data_copy, rows)
    quiz = Quiz("anatomy")
    assert len(quiz.questions) == n_anatomy - 1
    html = _text(quiz)
    assert f"line {line}, column &#x27;correct&#x27;" in html
    assert "could not be loaded" in html
    assert "quiz.csv" in quiz.description and "quiz.csv" in quiz.static_html()


def test_a_missing_file_shows_an_error_instead_of_crashing(data_copy: Path) -> None:
    (data_copy / "quiz.csv").unlink()
    quiz = Quiz("anatomy")
    assert quiz.questions == []
    assert "file not found" in _text(quiz)


def test_an_unknown_quiz_shows_a_message() -> None:
    quiz = Quiz("no_such_quiz")
    assert quiz.questions == []
    assert "no questions for quiz 'no_such_quiz'" in str(quiz.errors[0])


def test_static_copies_carry_every_question() -> None:
    for quiz_id in NOTEBOOK_QUIZZES:
        quiz = Quiz(quiz_id)
        html, text = quiz.static_html(), quiz.description
        assert "<script" not in html
        assert html.count("<details>") == len(quiz.questions)
        for q in quiz.questions:
            assert q.text in text
            for c in q.choices:
                assert c.text in text
        assert "Answer" in html


# --- spot the fault --------------------------------------------------------------------------

def test_spot_the_fault_answer_is_the_hip_extension_limit_past_parallel() -> None:
    assert SpotTheFault().answer_deg == 90 + Body().hip_extension_limit_deg
    ex = SpotTheFault(Body(hip_extension_limit_deg=15))
    assert ex.answer_deg == 105
    ok, text = ex.evaluate(105)
    assert ok and "15°" in text
    ok, text = ex.evaluate(95)
    assert not ok and "still neutral" in text
    ok, text = ex.evaluate(115)
    assert not ok and "arched by 10°" in text


def test_spot_the_fault_button_gives_feedback() -> None:
    ex = SpotTheFault()
    ex.angle.value = 100
    ex.check.click()
    assert "Correct" in ex.feedback.value
    ex.angle.value = 120
    ex.check.click()
    assert "Not quite" in ex.feedback.value and "arched" in ex.feedback.value


# --- the teacher guide's answer key ----------------------------------------------------------

def _key_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    assert KEY_START in text and KEY_END in text, "the guide lost its answer-key markers"
    return text.split(KEY_START, 1)[1].split(KEY_END, 1)[0]


def test_every_question_has_its_answer_in_the_teacher_guide() -> None:
    key = _key_section()
    missing = []
    for q in load_quiz_bank().questions:
        pattern = (re.escape(f"**{q.text}** (`{q.question_id}`)") + r"\s+Answer: \*\*"
                   + q.answer_letter + r"\*\*\) \*" + re.escape(q.answer.text) + r"\*")
        if not re.search(pattern, key):
            missing.append(f"{q.quiz}/{q.question_id}")
    assert not missing, (
        f"answer key out of date for {missing}: run "
        "`.venv/bin/python -m kickback_edu.quiz --update docs/teacher-guide.md`"
    )


def _stated_keys(text: str) -> dict[str, str]:
    """question_id -> letter for every "(`id`) ... Answer: **X**)" the text states."""
    return dict(re.findall(r"\(`(\w+)`\)\s+Answer: \*\*([A-Z])\*\*\)", text))


def test_every_stated_answer_letter_matches_the_display_order() -> None:
    """The guide's key (and any other doc or notebook stating one) uses the file's order."""
    bank = load_quiz_bank()
    letters = {q.question_id: q.answer_letter for q in bank.questions}
    assert len(letters) == len(bank.questions), "question ids must be unique across quizzes"
    places = [GUIDE, *sorted((REPO / "docs").glob("*.md")), REPO / "README.md",
              *sorted((REPO / "notebooks").glob("*.ipynb"))]
    stated_in_guide = _stated_keys(_key_section())
    assert stated_in_guide == letters
    for place in places:
        for qid, letter in _stated_keys(place.read_text(encoding="utf-8")).items():
            assert letters.get(qid) == letter, f"{place.name} states {letter} for {qid}"
    # the checker is not vacuous: a shifted letter is caught
    q = bank.questions[0]
    wrong = "B" if q.answer_letter == "A" else "A"
    assert _stated_keys(f"(`{q.question_id}`)  \n   Answer: **{wrong}**) *x*") != {
        q.question_id: q.answer_letter}


def test_the_widget_and_the_handout_label_choices_in_the_same_order() -> None:
    for quiz_id in NOTEBOOK_QUIZZES:
        quiz = Quiz(quiz_id)
        html = quiz.static_html()
        for buttons, q in zip(quiz.choices, quiz.questions, strict=True):
            labels = [label for label, _ in buttons.options]
            assert labels == [f"{LETTERS[k]}) {c.text}" for k, c in enumerate(q.choices)]
            assert f"The answer is <b>{q.answer_letter}) " in html
            assert f"   - {q.answer_letter}) {q.answer.text}" in quiz.description


def _position_share(bank_questions: list) -> float:
    counts = Counter(q.choices.index(q.answer) for q in bank_questions)
    return max(counts.values()) / len(bank_questions)


def _longest_share(bank_questions: list) -> float:
    def longest_is_right(q) -> bool:
        top = max(len(c.text) for c in q.choices)
        return any(c.correct and len(c.text) == top for c in q.choices)
    return sum(map(longest_is_right, bank_questions)) / len(bank_questions)


def test_no_answer_position_holds_more_than_half_of_the_right_answers() -> None:
    questions = load_quiz_bank().questions
    assert _position_share(questions) <= 0.5, Counter(q.answer_letter for q in questions)
    # ... and every quiz of three or more questions uses at least two positions
    for quiz_id in NOTEBOOK_QUIZZES:
        assert len({q.answer_letter for q in load_quiz(quiz_id)[0]}) >= 2, quiz_id


def test_the_right_answer_is_not_systematically_the_longest() -> None:
    questions = load_quiz_bank().questions
    assert _longest_share(questions) <= 0.5
    # wrong answers are real alternatives, not one-word strawmen: similar length
    for q in questions:
        right = len(q.answer.text)
        wrong = [len(c.text) for c in q.choices if not c.correct]
        assert max(wrong) >= 0.6 * right, (q.question_id, q.answer.text)


def test_the_order_checks_catch_a_file_with_every_answer_first() -> None:
    """The two checks above fail on the kind of file they guard against."""
    def first_and_longest(q):
        right = Choice(q.answer.text + " (and more words)", True, "why", 0)
        others = tuple(c for c in q.choices if not c.correct)
        return replace(q, choices=(right, *others))
    rigged = [first_and_longest(q) for q in load_quiz_bank().questions]
    assert _position_share(rigged) == 1.0
    assert _longest_share(rigged) > 0.5


def test_update_guide_rewrites_only_the_key(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text(f"# Guide\n\nbefore\n\n{KEY_START}\nSTALE-KEY\n{KEY_END}\n\nafter\n")
    assert main(["--update", str(guide)]) == 0
    text = guide.read_text()
    assert text.startswith("# Guide\n\nbefore\n\n") and text.endswith("\n\nafter\n")
    assert "STALE-KEY" not in text and answer_key_markdown() in text
    guide.write_text("no markers")
    with pytest.raises(ValueError, match="markers"):
        update_guide(guide)


def test_handout_choices_show_the_letters_the_answers_use() -> None:
    """Printed or on screen, each choice reads "A) ...": the letter is in the text, not
    left to the list's markers (JupyterLab's stylesheet numbers every <ol> 1, 2, 3 while
    the answer says "C)"). An answer key follows the questions for a printed page."""
    for quiz_id in NOTEBOOK_QUIZZES:
        quiz = Quiz(quiz_id)
        html = quiz.static_html()
        assert "list-style:none" in html
        for q in quiz.questions:
            for k, c in enumerate(q.choices):
                assert f"<li>{LETTERS[k]}) {escape(c.text)}</li>" in html
        key = html[html.index('class="kickback-answer-key"'):]
        assert key.count("The answer is") == len(quiz.questions)
        for q in quiz.questions:
            assert f"The answer is <b>{q.answer_letter}) {escape(q.answer.text)}</b>" in key
