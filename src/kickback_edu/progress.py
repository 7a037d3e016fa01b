"""The learner's progress file: every check-yourself answer, kept across kernels.

Each :class:`~kickback_edu.widgets.quiz.Quiz` (and the
:class:`~kickback_edu.widgets.quiz.SpotTheFault` exercise) records the answer a
learner picks in one JSON file, and reads it back when the notebook is run
again, so a restarted kernel or a reopened notebook shows the last answers and
score. Nothing leaves the learner's machine: the file stays in their working
copy until they hand it in (:mod:`kickback_edu.handin`).

Where the file lives (:func:`progress_path`):

1. ``$KICKBACK_PROGRESS`` if set: a file path; ``off`` (or ``0``, ``no``,
   ``false``) switches recording off.
2. Otherwise ``kickback-progress.json`` in the kernel's working folder, which
   JupyterLab, Voila and nbclient set to the running notebook's folder: the
   learner's working copy of the notebooks.

Recording is off in static mode (``KICKBACK_STATIC=1``, used by
``make html``): an exported handout has no learner.

Schema, version 1 (:data:`SCHEMA_VERSION`)::

    {
      "format": "kickback-progress",
      "version": 1,
      "answers": [                      # one entry per (quiz, question_id)
        {
          "quiz": "anatomy",            # the quiz column of data/quiz.csv
          "question_id": "prime_mover", # the question_id column
          "signature": "3f0c9a1d22e4",  # fingerprint of the question and its
                                        # choices when last answered
          "first":  {"choice": "Hamstrings", "correct": false,
                     "time": "2026-11-30T10:40:12Z"},
          "latest": {"choice": "Gluteus maximus", "correct": true,
                     "time": "2026-11-30T10:40:31Z"},
          "attempts": 2,                # picks so far (first included)
          "history": [ {...}, {...} ]   # the last HISTORY_LIMIT picks, oldest first
        }
      ]
    }

An answer is identified by the text of the chosen choice, never by its
position, so a teacher may reorder or add choices without mixing answers up.
A pick may also carry ``"value"`` (a number the learner typed, e.g. the lift
angle of the spot-the-fault exercise). Times are UTC, to the second.

The file never grows without bound: one entry per question, and at most
:data:`HISTORY_LIMIT` picks in each history (the first pick is kept apart in
``first``, because the first answer shows what the learner thought before the
feedback). Every write goes to a temporary file in the same folder, then
``os.replace`` puts it in place, so a crash mid-write leaves the old file
whole. A damaged file (not JSON, another format, an unknown version, a broken
entry) never stops the course: it is moved aside to
``kickback-progress.json.damaged`` (``.damaged-2`` ... if that exists), a
:class:`ProgressWarning` says so, and a fresh file starts.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_FILENAME", "ENV_VAR", "FORMAT", "HISTORY_LIMIT", "SCHEMA_VERSION",
    "SPOT_THE_FAULT", "Entry", "ExerciseQuestion", "Pick", "ProgressFile", "ProgressWarning",
    "QuizProgress", "clear_progress", "load_progress", "progress_markdown", "progress_path",
    "progress_summary", "question_signature",
]

ENV_VAR = "KICKBACK_PROGRESS"
DEFAULT_FILENAME = "kickback-progress.json"
FORMAT = "kickback-progress"
SCHEMA_VERSION = 1
#: Picks kept per question in ``history`` (the first pick is kept apart as well).
HISTORY_LIMIT = 20
_OFF = {"off", "0", "no", "false", "none"}


class ProgressWarning(UserWarning):
    """The progress file was damaged and has been set aside, or cannot be written."""


def progress_path() -> Path | None:
    """The progress file to use now, or None when recording is off.

    ``$KICKBACK_PROGRESS`` (a path, or ``off``) wins; in static mode
    (``KICKBACK_STATIC=1``) recording is off; otherwise the file is
    ``kickback-progress.json`` in the current working folder (the running
    notebook's folder in a kernel).
    """
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None and chosen.strip():
        if chosen.strip().lower() in _OFF:
            return None
        return Path(chosen).expanduser()
    if os.environ.get("KICKBACK_STATIC", "").strip() == "1":
        return None
    return Path.cwd() / DEFAULT_FILENAME


def question_signature(question: str, choices: Iterable[str]) -> str:
    """A 12-hex-digit fingerprint of a question's wording and its set of choices.

    The order of the choices does not change it (reordering is harmless); an
    added, removed or reworded choice, or reworded question, does.
    """
    text = "\x1f".join([question.strip(), *sorted(c.strip() for c in choices)])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Pick:
    """One answer picked: the choice's text, whether it was right, when (UTC ISO)."""

    choice: str
    correct: bool
    time: str
    value: float | None = None

    def to_json(self) -> dict[str, Any]:
        """This pick as the JSON object of the progress file's schema."""
        out: dict[str, Any] = {"choice": self.choice, "correct": self.correct, "time": self.time}
        if self.value is not None:
            out["value"] = self.value
        return out

    @classmethod
    def from_json(cls, raw: object, where: str) -> Pick:
        """A pick read from the progress file; ValueError naming ``where`` if malformed."""
        if not isinstance(raw, dict):
            raise ValueError(f"{where} must be an object, got {type(raw).__name__}")
        choice, correct, time = raw.get("choice"), raw.get("correct"), raw.get("time")
        if not isinstance(choice, str) or not choice:
            raise ValueError(f"{where}.choice must be non-empty text, got {choice!r}")
        if not isinstance(correct, bool):
            raise ValueError(f"{where}.correct must be true or false, got {correct!r}")
        if not isinstance(time, str):
            raise ValueError(f"{where}.time must be text, got {time!r}")
        value = raw.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not math.isfinite(value)):
            raise ValueError(f"{where}.value must be a finite number, got {value!r}")
        return cls(choice, correct, time, None if value is None else float(value))


@dataclass
class Entry:
    """Everything recorded about one question: first and latest pick, a bounded history."""

    quiz: str
    question_id: str
    signature: str
    first: Pick
    latest: Pick
    attempts: int = 1
    history: list[Pick] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        """(quiz, question_id): how the progress file identifies the question."""
        return (self.quiz, self.question_id)

    def to_json(self) -> dict[str, Any]:
        """This entry as the JSON object of the progress file's schema."""
        return {
            "quiz": self.quiz, "question_id": self.question_id, "signature": self.signature,
            "first": self.first.to_json(), "latest": self.latest.to_json(),
            "attempts": self.attempts, "history": [p.to_json() for p in self.history],
        }

    @classmethod
    def from_json(cls, raw: object, where: str) -> Entry:
        """An entry read from the progress file; ValueError naming ``where`` if malformed."""
        if not isinstance(raw, dict):
            raise ValueError(f"{where} must be an object, got {type(raw).__name__}")
        for name in ("quiz", "question_id", "signature"):
            if not isinstance(raw.get(name), str) or not raw[name]:
                raise ValueError(f"{where}.{name} must be non-empty text, got {raw.get(name)!r}")
        attempts = raw.get("attempts")
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise ValueError(f"{where}.attempts must be a whole number >= 1, got {attempts!r}")
        history = raw.get("history", [])
        if not isinstance(history, list):
            raise ValueError(f"{where}.history must be a list, got {type(history).__name__}")
        return cls(
            quiz=raw["quiz"], question_id=raw["question_id"], signature=raw["signature"],
            first=Pick.from_json(raw.get("first"), f"{where}.first"),
            latest=Pick.from_json(raw.get("latest"), f"{where}.latest"),
            attempts=attempts,
            history=[Pick.from_json(p, f"{where}.history[{i}]")
                     for i, p in enumerate(history[-HISTORY_LIMIT:])],
        )


def _parse(text: str) -> dict[tuple[str, str], Entry]:
    """Entries of a progress file's text; ValueError saying what is wrong."""
    if not text.strip():
        raise ValueError("the file is empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValueError(f'not a progress file (no "format": "{FORMAT}")')
    if raw.get("version") != SCHEMA_VERSION:
        raise ValueError(f"version {raw.get('version')!r} is not the version this course "
                         f"reads ({SCHEMA_VERSION})")
    answers = raw.get("answers")
    if not isinstance(answers, list):
        raise ValueError('"answers" must be a list')
    entries: dict[tuple[str, str], Entry] = {}
    for i, item in enumerate(answers):
        entry = Entry.from_json(item, f"answers[{i}]")
        if entry.key in entries:
            raise ValueError(f"answers[{i}] repeats question {entry.quiz}/{entry.question_id}")
        entries[entry.key] = entry
    return entries


class ProgressFile:
    """Read, record and clear answers in one progress file (``path=None``: off).

    Every method re-reads the file first, so two notebooks open at once (two
    kernels) add to one file instead of overwriting each other's answers.
    ``problem`` holds the last damaged-file report (None if there was none).
    """

    def __init__(self, path: Path | str | None) -> None:
        self.path = None if path is None else Path(path)
        self.problem: str | None = None

    @property
    def enabled(self) -> bool:
        """False when recording is off."""
        return self.path is not None

    def read(self) -> dict[tuple[str, str], Entry]:
        """The entries, keyed by (quiz, question_id); {} when off or no file yet.

        A damaged file is moved aside (``.damaged``), reported in ``problem``
        and as a :class:`ProgressWarning`, and reads as empty.
        """
        if self.path is None:
            return {}
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            return self._damaged(f"cannot be read ({exc})")
        try:
            return _parse(text)
        except ValueError as exc:
            return self._damaged(str(exc))

    def _damaged(self, why: str) -> dict[tuple[str, str], Entry]:
        assert self.path is not None
        backup = self.path.with_name(self.path.name + ".damaged")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.name}.damaged-{n}")
        try:
            os.replace(self.path, backup)
            kept = f"it was kept as {backup.name}"
        except OSError as exc:
            kept = f"it could not be moved aside ({exc})"
        self.problem = (f"Your progress file {self.path} was damaged ({why}); {kept}, and a "
                        "fresh progress file starts now.")
        warnings.warn(self.problem, ProgressWarning, stacklevel=3)
        return {}

    def write(self, entries: dict[tuple[str, str], Entry]) -> None:
        """Write ``entries`` atomically (temporary file + ``os.replace``)."""
        if self.path is None:
            return
        doc = {"format": FORMAT, "version": SCHEMA_VERSION,
               "answers": [e.to_json() for e in entries.values()]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                   dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def record(self, quiz: str, question_id: str, choice: str, correct: bool, signature: str,
               value: float | None = None, time: str | None = None) -> Entry | None:
        """Add one pick for a question and save; returns its entry (None when off).

        A :class:`ProgressWarning` (not an exception) reports a file that
        cannot be written: the quiz still works, it only forgets.
        """
        if self.path is None:
            return None
        pick = Pick(choice, bool(correct), time or _now(),
                    None if value is None else float(value))
        entries = self.read()
        old = entries.get((quiz, question_id))
        if old is None:
            entry = Entry(quiz, question_id, signature, first=pick, latest=pick, attempts=1,
                          history=[pick])
        else:
            entry = Entry(quiz, question_id, signature, first=old.first, latest=pick,
                          attempts=old.attempts + 1,
                          history=[*old.history, pick][-HISTORY_LIMIT:])
        entries[entry.key] = entry
        try:
            self.write(entries)
        except OSError as exc:
            self.problem = f"Your answer could not be saved to {self.path} ({exc})."
            warnings.warn(self.problem, ProgressWarning, stacklevel=2)
        return entry

    def clear(self, quiz: str | None = None,
              question_ids: Sequence[str] | None = None) -> int:
        """Forget answers: all of them, one quiz's, or some questions of one quiz.

        Returns how many questions were forgotten. Clearing everything deletes
        the file.
        """
        if self.path is None:
            return 0
        entries = self.read()
        keep = {k: e for k, e in entries.items()
                if not ((quiz is None or e.quiz == quiz)
                        and (question_ids is None or e.question_id in question_ids))}
        gone = len(entries) - len(keep)
        if keep:
            if gone:
                self.write(keep)
        else:
            self.path.unlink(missing_ok=True)
        return gone


def load_progress(path: Path | str | None = None) -> dict[tuple[str, str], Entry]:
    """The entries of the progress file (``path`` or :func:`progress_path`)."""
    return ProgressFile(progress_path() if path is None else path).read()


def clear_progress(quiz: str | None = None, path: Path | str | None = None) -> int:
    """Forget the learner's answers (all, or those of one ``quiz``); returns how many.

    >>> clear_progress("anatomy")  # doctest: +SKIP
    5
    """
    return ProgressFile(progress_path() if path is None else path).clear(quiz)


# ------------------------------------------------------------ exercises


@dataclass(frozen=True)
class ExerciseQuestion:
    """A check-yourself item that is not a row of ``quiz.csv`` (an exercise widget).

    Its answers are recorded as one of a few fixed ``choices`` (text, right?,
    feedback), so the teacher's tally can count them like quiz answers.
    """

    quiz: str
    question_id: str
    text: str
    choices: tuple[tuple[str, bool, str], ...]

    @property
    def signature(self) -> str:
        """A short hash of the exercise's text and outcomes (changes when they are edited)."""
        return question_signature(self.text, (c[0] for c in self.choices))


#: The spot-the-fault exercise of notebook 02 (SpotTheFault): where does the low back start
#: to arch? A typed angle is recorded as one of three outcomes (and the angle as ``value``).
SPOT_THE_FAULT = ExerciseQuestion(
    quiz="form", question_id="spot_the_fault",
    text="Spot the fault: at what lift angle does the low back start to arch?",
    choices=(
        ("below the angle where the back starts to arch", False,
         "At that angle the hip still has range left, so the low back stays neutral: the "
         "learner stopped before the hip's extension ran out."),
        ("at the angle where the back starts to arch", True,
         "The thigh parallel to the torso plus the little extension the hip allows; above it "
         "every degree comes from the low back."),
        ("above the angle where the back starts to arch", False,
         "At that angle the low back is already arched: the learner took the highest point "
         "the foot can reach for the end of the hip's range."),
    ),
)

#: Every exercise question, by (quiz, question_id).
EXERCISES: dict[tuple[str, str], ExerciseQuestion] = {
    (SPOT_THE_FAULT.quiz, SPOT_THE_FAULT.question_id): SPOT_THE_FAULT,
}


# ------------------------------------------------------------ progress view


@dataclass(frozen=True)
class QuizProgress:
    """One quiz's progress: questions in it, answered, right now, right at first try."""

    quiz: str
    notebook: str
    questions: int
    answered: int
    right: int
    right_first: int


def _notebook_of(folder: Path) -> dict[str, str]:
    """quiz id -> notebook file name, found from ``Quiz("...")`` calls in ``folder``."""
    import re

    found: dict[str, str] = {}
    call = re.compile(r"""(?<![\w.])Quiz\(\s*["']([^"']+)["']""")
    for nb in sorted(folder.glob("*.ipynb")):
        try:
            cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            for quiz in call.findall(source):
                found.setdefault(quiz, nb.stem)
    return found


def progress_summary(path: Path | str | None = None, bank: Any = None,
                     notebooks: Path | str | None = None) -> list[QuizProgress]:
    """Progress per quiz, in the order of ``quiz.csv``, judged by today's answer key.

    ``bank``: a :class:`~kickback_edu.quiz.QuizBank` (default: load it);
    ``notebooks``: the folder whose notebooks name each quiz's notebook
    (default: the progress file's folder). An answer whose choice is no longer
    in the quiz file counts as not answered.
    """
    from .quiz import load_quiz_bank

    bank = load_quiz_bank() if bank is None else bank
    file = ProgressFile(progress_path() if path is None else path)
    entries = file.read()
    folder = Path(notebooks) if notebooks is not None else (
        file.path.parent if file.path is not None else Path.cwd())
    where = _notebook_of(folder) if folder.is_dir() else {}
    out = []
    for quiz in bank.quiz_ids():
        keys: dict[tuple[str, str], dict[str, bool]] = {
            (q.quiz, q.question_id): {c.text: c.correct for c in q.choices}
            for q in bank.quiz(quiz)}
        for key, ex in EXERCISES.items():
            if ex.quiz == quiz:
                keys[key] = {c[0]: c[1] for c in ex.choices}
        answered = right = first = 0
        for key, choices in keys.items():
            entry = entries.get(key)
            if entry is None or entry.latest.choice not in choices:
                continue
            answered += 1
            right += choices[entry.latest.choice]
            first += choices.get(entry.first.choice, False)
        out.append(QuizProgress(quiz, where.get(quiz, ""), len(keys), answered, right, first))
    return out


def progress_markdown(path: Path | str | None = None, bank: Any = None,
                      notebooks: Path | str | None = None) -> str:
    """:func:`progress_summary` as a Markdown table with a total row."""
    rows = progress_summary(path, bank, notebooks)
    lines = ["| notebook | quiz | answered | right now | right at first try |",
             "| --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r.notebook or '?'} | `{r.quiz}` | {r.answered} of {r.questions} | "
                     f"{r.right} | {r.right_first} |")
    total = [sum(getattr(r, f) for r in rows)
             for f in ("questions", "answered", "right", "right_first")]
    lines.append(f"| **all** | | **{total[1]} of {total[0]}** | **{total[2]}** | "
                 f"**{total[3]}** |")
    return "\n".join(lines) + "\n"
