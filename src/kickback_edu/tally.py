"""The teacher's tally: what a class got right, and what it misunderstood.

``make tally DIR=handins`` (or ``python -m kickback_edu.tally handins``, or
:func:`tally` from Python) reads every hand-in file (:mod:`kickback_edu.handin`)
in a folder and writes, into ``DIR/tally/`` unless told otherwise:

* ``tally.md``: the report. Per question: how many learners answered, the
  share right **at first try** (the first choice picked, before any feedback,
  which is what shows what the class thought) and the share right **now** (the
  latest choice), and the most chosen wrong first answer with its feedback
  text from ``quiz.csv``: the misconception to discuss. Per learner: progress.
  Then the notes on edited questions and the files skipped, by name.
* ``tally-questions.csv`` and ``tally-learners.csv``: the same numbers.
* ``tally-hardest.html``: a figure of the questions the class found hardest
  (plotly.js embedded: opens with no network).

Answers are judged by the teacher's current ``quiz.csv`` (set
``KICKBACK_EDU_DATA`` to use another copy), matched by choice **text**, so
reordered choices do not matter. An answer naming a choice that is no longer in
the file (the question was edited after it was given) is left out of that
question's counts and reported; a question no longer in the file is reported.

Skipped, by name, while the rest still counts: files that are not ``.json``,
empty, damaged (not JSON, or not the hand-in schema), foreign (JSON of another
kind), of another version, exact copies of a file already read, and every file
of a pseudonym that appears in two files with different answers (which one
counts is the teacher's call: remove the other and run again). Hidden files
(names starting with ``.``) and sub-folders are ignored.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .handin import HandIn, HandInError, read_handin
from .progress import EXERCISES, question_signature
from .quiz import QuizBank, load_quiz_bank

__all__ = ["LearnerProgress", "QuestionTally", "Skipped", "TallyResult", "compute_tally",
           "tally"]


@dataclass
class QuestionTally:
    """The class's answers to one question.

    ``choices``: (text, correct, feedback) in file order; ``first`` and
    ``latest``: how many learners picked each choice first / last;
    ``stale``: answers left out because their choice is no longer in the
    file; ``edited``: answers given to another wording or choice set that
    still name a current choice (counted).
    """

    quiz: str
    question_id: str
    text: str
    choices: tuple[tuple[str, bool, str], ...]
    signature: str
    first: Counter[str] = field(default_factory=Counter)
    latest: Counter[str] = field(default_factory=Counter)
    stale: int = 0
    edited: int = 0

    @property
    def answered(self) -> int:
        """Learners whose answer counts."""
        return sum(self.first.values())

    def _right(self, counts: Counter[str]) -> int:
        return sum(counts[c] for c, ok, _ in self.choices if ok)

    @property
    def right_first(self) -> int:
        """Learners right at their first pick."""
        return self._right(self.first)

    @property
    def right_latest(self) -> int:
        """Learners right at their latest pick."""
        return self._right(self.latest)

    @property
    def share_right_first(self) -> float | None:
        """Share (0-1) right at first pick; None if nobody answered."""
        return self.right_first / self.answered if self.answered else None

    @property
    def share_right_latest(self) -> float | None:
        """Share (0-1) right at latest pick; None if nobody answered."""
        return self.right_latest / self.answered if self.answered else None

    @property
    def misconception(self) -> tuple[str, int, str] | None:
        """(choice, learners, feedback) of the most chosen wrong first answer.

        Ties go to the choice listed first in the quiz file; None if no
        learner picked a wrong answer first.
        """
        wrong = [(self.first[c], -i, c, fb) for i, (c, ok, fb) in enumerate(self.choices)
                 if not ok and self.first[c] > 0]
        if not wrong:
            return None
        count, _, choice, feedback = max(wrong)
        return choice, count, feedback


@dataclass
class LearnerProgress:
    """One learner's progress: questions answered, right first and now, per quiz."""

    pseudonym: str
    file: str
    answered: int = 0
    right_first: int = 0
    right_latest: int = 0
    per_quiz: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A file of the folder that was not counted, and why."""

    file: str
    reason: str


@dataclass
class TallyResult:
    """Everything the tally found; ``files`` are the report files written (if any)."""

    folder: Path
    questions: list[QuestionTally]
    learners: list[LearnerProgress]
    skipped: list[Skipped]
    notes: list[str]
    key_file: Path
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def question(self) -> dict[tuple[str, str], QuestionTally]:
        """The questions by (quiz, question_id)."""
        return {(q.quiz, q.question_id): q for q in self.questions}

    def hardest(self, n: int = 5) -> list[QuestionTally]:
        """The ``n`` answered questions with the lowest share right at first try."""
        answered = [q for q in self.questions if q.answered]
        return sorted(answered, key=lambda q: (q.share_right_first, -q.answered))[:n]

    def markdown(self) -> str:
        """The report as Markdown."""
        return _markdown(self)


def _catalogue(bank: QuizBank) -> list[QuestionTally]:
    out = []
    for q in bank.questions:
        choices = tuple((c.text, c.correct, c.feedback) for c in q.choices)
        out.append(QuestionTally(q.quiz, q.question_id, q.text, choices,
                                 question_signature(q.text, (c.text for c in q.choices))))
        for ex in EXERCISES.values():  # an exercise follows the last question of its quiz
            if ex.quiz == q.quiz and q is bank.quiz(q.quiz)[-1]:
                out.append(QuestionTally(ex.quiz, ex.question_id, ex.text, ex.choices,
                                         ex.signature))
    return out


def _read_folder(folder: Path) -> tuple[list[tuple[str, HandIn]], list[Skipped]]:
    """Valid, de-duplicated hand-ins (file name, content) and the files skipped."""
    skipped: list[Skipped] = []
    valid: list[tuple[str, HandIn]] = []
    seen_bytes: dict[str, str] = {}
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix.lower() != ".json":
            skipped.append(Skipped(path.name, "not a hand-in (not a .json file)"))
            continue
        try:
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen_bytes:
                skipped.append(Skipped(path.name, f"an exact copy of {seen_bytes[digest]}"))
                continue
            seen_bytes[digest] = path.name
            valid.append((path.name, read_handin(path)))
        except HandInError as exc:
            skipped.append(Skipped(path.name, str(exc)))
        except OSError as exc:
            skipped.append(Skipped(path.name, f"cannot be read ({exc.strerror or exc})"))
    by_name: dict[str, list[str]] = {}
    for name, h in valid:
        by_name.setdefault(h.pseudonym, []).append(name)
    clashes = {p: names for p, names in by_name.items() if len(names) > 1}
    for pseudonym, names in clashes.items():
        for name in names:
            others = ", ".join(n for n in names if n != name)
            skipped.append(Skipped(name, f"pseudonym {pseudonym!r} is also in {others} with "
                                         "different answers: none of them counted (remove "
                                         "the one that should not count and run again)"))
    valid = [(n, h) for n, h in valid if h.pseudonym not in clashes]
    skipped.sort(key=lambda s: s.file)
    return valid, skipped


def compute_tally(folder: Path | str, bank: QuizBank | None = None) -> TallyResult:
    """Tally the hand-ins of ``folder`` against ``bank`` (default: the quiz file).

    Writes nothing (see :func:`tally`). ValueError if ``folder`` is not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder must be a folder of hand-in files; got {str(folder)!r}, "
                         "which is not a folder")
    bank = load_quiz_bank() if bank is None else bank
    questions = _catalogue(bank)
    by_key = {(q.quiz, q.question_id): q for q in questions}
    handins, skipped = _read_folder(folder)
    unknown: Counter[tuple[str, str]] = Counter()
    learners: list[LearnerProgress] = []
    for name, handin in handins:
        learner = LearnerProgress(handin.pseudonym, name,
                                  per_quiz={quiz: 0 for quiz in bank.quiz_ids()})
        for a in handin.answers:
            q = by_key.get(a.key)
            if q is None:
                unknown[a.key] += 1
                continue
            correct = {c: ok for c, ok, _ in q.choices}
            if a.first not in correct or a.latest not in correct:
                q.stale += 1
                continue
            if a.signature != q.signature:
                q.edited += 1
            q.first[a.first] += 1
            q.latest[a.latest] += 1
            learner.answered += 1
            learner.right_first += correct[a.first]
            learner.right_latest += correct[a.latest]
            learner.per_quiz[q.quiz] = learner.per_quiz.get(q.quiz, 0) + 1
        learners.append(learner)
    notes = []
    for q in questions:
        if q.stale:
            notes.append(f"{q.quiz}/{q.question_id}: {q.stale} answer(s) name a choice that is "
                         "no longer in the quiz file (the question was edited after they were "
                         "given); left out of its counts.")
        if q.edited:
            notes.append(f"{q.quiz}/{q.question_id}: {q.edited} answer(s) were given to an "
                         "earlier wording or choice set of this question; counted, because "
                         "the choice picked is still in the file.")
    for (quiz, qid), n in sorted(unknown.items()):
        notes.append(f"{quiz}/{qid}: answered by {n} learner(s) but not in the quiz file "
                     "(removed or renamed); left out.")
    for err in bank.errors:
        notes.append(f"quiz file problem (that question is left out): {err}")
    return TallyResult(folder, questions, learners, skipped, notes, bank.path)


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{100 * share:.0f}%"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(r: TallyResult) -> str:
    total = len(r.questions)
    out = [f"# Class tally: {r.folder.name or r.folder}", "",
           f"Counted **{len(r.learners)}** hand-in(s); skipped **{len(r.skipped)}** file(s) "
           "(listed at the end). Answers are judged with the answer key of "
           f"`{r.key_file.name}`.", "",
           "*Right at first try* counts each learner's first pick, before any feedback: it "
           "shows what the class thought. *Right now* counts their latest pick, after the "
           "feedback. The *most chosen wrong answer* is taken from the first picks, and its "
           "feedback text names the misconception to discuss.", ""]
    hardest = r.hardest(5)
    out += ["## The questions the class found hardest", ""]
    if not hardest:
        out += ["No answers counted yet.", ""]
    for n, q in enumerate(hardest, start=1):
        out.append(f"{n}. **{_cell(q.text)}** (`{q.quiz}/{q.question_id}`): "
                   f"{_pct(q.share_right_first)} right at first try, "
                   f"{_pct(q.share_right_latest)} right now ({q.answered} answered).")
        m = q.misconception
        if m:
            out.append(f"   Most chosen wrong answer: *{_cell(m[0])}* ({m[1]} of {q.answered}). "
                       f"Why it is wrong: {_cell(m[2])}")
    out += ["", "## Every question", "",
            "| quiz | question | answered | right at first try | right now | most chosen wrong "
            "answer (first try) | its feedback |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for q in r.questions:
        m = q.misconception
        wrong = f"{_cell(m[0])} ({m[1]})" if m else "–"
        out.append(f"| `{q.quiz}` | {_cell(q.text)} (`{q.question_id}`) | {q.answered} | "
                   f"{_pct(q.share_right_first)} | {_pct(q.share_right_latest)} | {wrong} | "
                   f"{_cell(m[2]) if m else ''} |")
    quizzes = list(dict.fromkeys(q.quiz for q in r.questions))
    sizes = Counter(q.quiz for q in r.questions)
    out += ["", "## Learners", "",
            "| pseudonym | answered | right at first try | right now | "
            + " | ".join(f"`{z}`" for z in quizzes) + " |",
            "| --- | --- | --- | --- | " + " | ".join("---" for _ in quizzes) + " |"]
    for ln in sorted(r.learners, key=lambda x: x.pseudonym.lower()):
        out.append(f"| {ln.pseudonym} | {ln.answered} of {total} | {ln.right_first} | "
                   f"{ln.right_latest} | "
                   + " | ".join(f"{ln.per_quiz.get(z, 0)}/{sizes[z]}" for z in quizzes) + " |")
    if r.notes:
        out += ["", "## Notes", ""] + [f"- {_cell(n)}" for n in r.notes]
    out += ["", "## Files skipped", ""]
    out += [f"- `{s.file}`: {_cell(s.reason)}" for s in r.skipped] or ["None."]
    return "\n".join(out) + "\n"


def _write_csvs(r: TallyResult, out: Path) -> tuple[Path, Path]:
    qpath, lpath = out / "tally-questions.csv", out / "tally-learners.csv"
    with qpath.open("w", newline="", encoding="utf-8") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["quiz", "question_id", "question", "answered", "right_first",
                     "share_right_first", "right_latest", "share_right_latest",
                     "most_chosen_wrong", "most_chosen_wrong_count", "its_feedback",
                     "left_out_edited", "counted_edited"])
        for q in r.questions:
            m = q.misconception or ("", 0, "")
            share = [("" if s is None else f"{s:.3f}")
                     for s in (q.share_right_first, q.share_right_latest)]
            wr.writerow([q.quiz, q.question_id, q.text, q.answered, q.right_first, share[0],
                         q.right_latest, share[1], m[0], m[1], m[2], q.stale, q.edited])
    quizzes = list(dict.fromkeys(q.quiz for q in r.questions))
    with lpath.open("w", newline="", encoding="utf-8") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["pseudonym", "file", "answered", "right_first", "right_latest",
                     *(f"answered_{z}" for z in quizzes)])
        for ln in sorted(r.learners, key=lambda x: x.pseudonym.lower()):
            wr.writerow([ln.pseudonym, ln.file, ln.answered, ln.right_first, ln.right_latest,
                         *(ln.per_quiz.get(z, 0) for z in quizzes)])
    return qpath, lpath


def tally(folder: Path | str, out: Path | str | None = None, bank: QuizBank | None = None,
          figure: bool = True) -> TallyResult:
    """Tally a folder of hand-ins and write the report files; returns the result.

    ``out``: where to write (default ``folder/tally``; made if missing).
    Writes ``tally.md``, ``tally-questions.csv``, ``tally-learners.csv`` and,
    if ``figure``, ``tally-hardest.html`` (their paths in ``result.files``).
    ValueError if ``folder`` is not a folder.
    """
    result = compute_tally(folder, bank)
    target = Path(out) if out is not None else Path(folder) / "tally"
    target.mkdir(parents=True, exist_ok=True)
    report = target / "tally.md"
    report.write_text(result.markdown(), encoding="utf-8")
    qpath, lpath = _write_csvs(result, target)
    result.files = {"report": report, "questions": qpath, "learners": lpath}
    if figure:
        from .figures.tally import hardest_questions_figure

        fig = hardest_questions_figure(result.questions)
        path = target / "tally-hardest.html"
        fig.write_html(path, include_plotlyjs=True, full_html=True,
                       config={"displaylogo": False, "responsive": True})
        result.files["figure"] = path
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kickback_edu.tally DIR [--out OUT] [--no-figure]``."""
    parser = argparse.ArgumentParser(
        prog="python -m kickback_edu.tally",
        description="Tally a folder of hand-in files: per question and per learner.")
    parser.add_argument("folder", nargs="?", default="", help="the folder of hand-in files")
    parser.add_argument("--out", type=Path, help="where to write the report (default: "
                        "FOLDER/tally)")
    parser.add_argument("--no-figure", action="store_true", help="skip the HTML figure")
    args = parser.parse_args(argv)
    if not args.folder:
        print("error: a folder is needed: make tally DIR=folder-of-hand-ins", file=sys.stderr)
        return 2
    try:
        result = tally(args.folder, args.out, figure=not args.no_figure)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"counted {len(result.learners)} hand-in(s), skipped {len(result.skipped)} file(s)")
    for s in result.skipped:
        print(f"  skipped {s.file}: {s.reason}")
    for note in result.notes:
        print(f"  note: {note}")
    for path in result.files.values():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
