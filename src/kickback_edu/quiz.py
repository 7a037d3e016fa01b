"""Check-yourself questions: load and validate ``data/quiz.csv``.

The file is long format, one row per answer choice::

    quiz,question_id,question,choice,correct,feedback
    anatomy,prime_mover,Which muscle ...?,Gluteus maximus,yes,Right: it is ...
    anatomy,prime_mover,Which muscle ...?,Hamstrings,no,They help, but ...

Rows with the same ``quiz`` and ``question_id`` form one question, in file
order; that order is the display order everywhere (the live widget, the static
handout and the teacher guide's answer key label the choices A, B, C ... in it),
so the file fixes where the right answer sits. Every question needs at least
two choices and exactly one ``yes`` in ``correct``; every choice needs a
``feedback`` that explains *why* it is right or wrong. Teachers add questions by adding rows.

The file is read leniently: a broken row or question is left out and reported
as a :class:`~kickback_edu.data.DataError` naming the file, the line, the
column and the problem, and every other question still loads. A question that
loses a row to an error is left out whole (a question missing a choice would
teach the wrong thing).

Run ``python -m kickback_edu.quiz`` to print the answer key as Markdown, or
``python -m kickback_edu.quiz --update docs/teacher-guide.md`` to rewrite the
answer-key section of the teacher guide (between its marker comments).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .data import Column, DataError, read_csv_file, read_table

QUIZ_FILE = "quiz.csv"
QUIZ_COLUMNS = (
    Column("quiz"),
    Column("question_id"),
    Column("question"),
    Column("choice"),
    Column("correct", "bool"),
    Column("feedback"),
)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # choice labels, in display (= file) order
KEY_START = "<!-- answer-key:start (generated from data/quiz.csv) -->"
KEY_END = "<!-- answer-key:end -->"


@dataclass(frozen=True)
class Choice:
    """One answer choice: its text, whether it is the right one, and why."""

    text: str
    correct: bool
    feedback: str
    line: int


@dataclass(frozen=True)
class Question:
    """One question of a quiz with its choices in file order."""

    quiz: str
    question_id: str
    text: str
    choices: tuple[Choice, ...]
    line: int

    @property
    def answer(self) -> Choice:
        """The correct choice."""
        return next(c for c in self.choices if c.correct)

    @property
    def answer_letter(self) -> str:
        """The correct choice's label in display order: "A" for the first choice, "B" ..."""
        return LETTERS[self.choices.index(self.answer)]


@dataclass
class QuizBank:
    """Every valid question in the quiz file, and the problems met reading it."""

    questions: list[Question]
    path: Path
    errors: list[DataError] = field(default_factory=list)

    def quiz_ids(self) -> list[str]:
        """Quiz ids in file order."""
        return list(dict.fromkeys(q.quiz for q in self.questions))

    def quiz(self, quiz_id: str) -> list[Question]:
        """The questions of one quiz; KeyError naming the known quizzes if unknown."""
        found = [q for q in self.questions if q.quiz == quiz_id]
        if not found:
            known = ", ".join(repr(q) for q in self.quiz_ids()) or "none"
            raise KeyError(
                f"quiz must be one of the quizzes in {self.path}: {known}; got {quiz_id!r}"
            )
        return found

    def errors_for(self, quiz_id: str) -> list[DataError]:
        """Errors that concern ``quiz_id`` (and those whose quiz cannot be told)."""
        return [e for e in self.errors if getattr(e, "quiz", None) in (quiz_id, None)]


def _raw_keys() -> dict[int, tuple[str, str]]:
    """Line a row starts on -> (quiz, question_id) as typed, for rows read_table rejected."""
    parsed = read_csv_file(QUIZ_FILE, QUIZ_COLUMNS)
    iq, iid = parsed.header.index("quiz"), parsed.header.index("question_id")
    keys = {}
    for row in parsed.records:
        if len(row.cells) > max(iq, iid):
            keys[row.line] = (row.cells[iq].strip(), row.cells[iid].strip())
    return keys


def _tag(err: DataError, quiz: str | None) -> DataError:
    err.quiz = quiz or None  # type: ignore[attr-defined]
    return err


def load_quiz_bank() -> QuizBank:
    """Read and validate ``quiz.csv`` from :func:`kickback_edu.data.data_dir`.

    Never raises for a broken row or question: those are left out and listed
    in ``QuizBank.errors``. A missing file or a missing column does raise
    :class:`DataError` (nothing could be loaded).
    """
    table = read_table(QUIZ_FILE, QUIZ_COLUMNS, lenient=True)
    path = table.path
    raw = _raw_keys() if table.errors else {}
    errors = [_tag(e, raw.get(e.line or -1, (None, None))[0]) for e in table.errors]
    spoiled = {raw[line] for e in table.errors for line in e.lines if line in raw}

    groups: dict[tuple[str, str], list[dict]] = {}
    for record in table.frame.to_dict("records"):
        groups.setdefault((record["quiz"], record["question_id"]), []).append(record)

    questions: list[Question] = []
    for (quiz, qid), rows in groups.items():
        first = int(rows[0]["_line"])
        problems: list[DataError] = []
        for row in rows[1:]:
            if row["question"] != rows[0]["question"]:
                problems.append(DataError(
                    path, f"question {qid!r} of quiz {quiz!r} has different wording here than on "
                    f"line {first}; every row of a question must repeat the same question text",
                    int(row["_line"]), "question"))
        seen: dict[str, int] = {}
        for row in rows:
            if row["choice"] in seen:
                problems.append(DataError(
                    path, f"choice {row['choice']!r} repeats line {seen[row['choice']]} in "
                    f"question {qid!r}; each choice of a question must differ",
                    int(row["_line"]), "choice"))
            seen.setdefault(row["choice"], int(row["_line"]))
        if len(rows) < 2:
            problems.append(DataError(
                path, f"question {qid!r} of quiz {quiz!r} has only 1 choice; it needs at least 2 "
                "(one row per choice, same quiz and question_id)", first, "choice"))
        if len(rows) > len(LETTERS):
            problems.append(DataError(
                path, f"question {qid!r} of quiz {quiz!r} has {len(rows)} choices; at most "
                f"{len(LETTERS)} can be labelled A to Z", first, "choice"))
        n_correct = sum(bool(r["correct"]) for r in rows)
        if n_correct != 1:
            lines = ", ".join(str(int(r["_line"])) for r in rows)
            problems.append(DataError(
                path, f"question {qid!r} of quiz {quiz!r} has {n_correct} choices marked yes "
                f"(lines {lines}); exactly one must be yes", first, "correct"))
        if (quiz, qid) in spoiled:
            problems.append(DataError(
                path, f"question {qid!r} of quiz {quiz!r} is left out because one of its rows is "
                "broken (see the error for that row)", first, "question_id"))
        if problems:
            errors.extend(_tag(p, quiz) for p in problems)
            continue
        questions.append(Question(
            quiz=quiz, question_id=qid, text=rows[0]["question"], line=first,
            choices=tuple(Choice(r["choice"], bool(r["correct"]), r["feedback"], int(r["_line"]))
                          for r in rows),
        ))
    errors.sort(key=lambda e: (e.line or 0))
    return QuizBank(questions=questions, path=path, errors=errors)


def load_quiz(quiz_id: str) -> tuple[list[Question], list[DataError]]:
    """The valid questions of one quiz and the errors that concern it.

    Raises KeyError if no valid question has that ``quiz`` id (the message
    names the quizzes that exist).
    """
    bank = load_quiz_bank()
    return bank.quiz(quiz_id), bank.errors_for(quiz_id)


def answer_key_markdown(bank: QuizBank | None = None) -> str:
    """The answer key of every quiz as Markdown (for the teacher guide)."""
    bank = load_quiz_bank() if bank is None else bank
    out: list[str] = []
    for quiz_id in bank.quiz_ids():
        out.append(f"### Quiz `{quiz_id}`\n")
        for n, q in enumerate(bank.quiz(quiz_id), start=1):
            out.append(f"{n}. **{q.text}** (`{q.question_id}`)  ")
            out.append(f"   Answer: **{q.answer_letter}**) *{q.answer.text}*. {q.answer.feedback}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def update_guide(guide: Path, bank: QuizBank | None = None) -> None:
    """Rewrite the answer-key section of ``guide`` between its marker comments."""
    text = guide.read_text(encoding="utf-8")
    if KEY_START not in text or KEY_END not in text:
        raise ValueError(f"{guide}: no answer-key markers; add the lines\n{KEY_START}\n{KEY_END}")
    head, rest = text.split(KEY_START, 1)
    _, tail = rest.split(KEY_END, 1)
    guide.write_text(
        f"{head}{KEY_START}\n\n{answer_key_markdown(bank)}\n{KEY_END}{tail}", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the answer key, or update a guide; report broken questions on stderr."""
    parser = argparse.ArgumentParser(prog="python -m kickback_edu.quiz", description=__doc__)
    parser.add_argument("--update", type=Path, metavar="GUIDE",
                        help="rewrite the answer-key section of this Markdown file")
    args = parser.parse_args(argv)
    bank = load_quiz_bank()
    for err in bank.errors:
        print(f"error: {err}", file=sys.stderr)
    if args.update:
        update_guide(args.update, bank)
    else:
        print(answer_key_markdown(bank), end="")
    return 1 if bank.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
