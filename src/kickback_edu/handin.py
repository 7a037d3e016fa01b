"""The hand-in file: a learner's answers, under a pseudonym, for the teacher's tally.

``make handin NAME=fox-12`` (or ``python -m kickback_edu.handin fox-12``, or
:func:`hand_in` in a notebook cell) reads the learner's progress file
(:mod:`kickback_edu.progress`) and writes ``kickback-handin-fox-12.json``.
The learner gives that one file to the teacher, who runs ``make tally``
(:mod:`kickback_edu.tally`) on a folder of them.

What goes in, and what does not (a deliberate choice):

* the **pseudonym** the learner chose: letters, digits, ``-`` and ``_``
  only, 1 to 40 characters. Nothing else names the learner: no user name,
  no machine name, no path.
* per question: quiz, question id, the question's fingerprint, the **first**
  choice picked (what the learner thought before any feedback, which is what
  shows a misconception), the **latest** choice, and how many picks it took.
* **no times** and no creation date: when and for how long someone worked can
  identify them (and is not the teacher's business); the tally does not need
  it. The progress file on the learner's machine keeps the times.

Schema, version 1::

    {
      "format": "kickback-handin",
      "version": 1,
      "pseudonym": "fox-12",
      "answers": [
        {"quiz": "anatomy", "question_id": "prime_mover",
         "signature": "3f0c9a1d22e4",
         "first": "Hamstrings", "latest": "Gluteus maximus", "attempts": 2}
      ]
    }

:func:`read_handin` validates a file against this schema (the tally uses it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .progress import DEFAULT_FILENAME, ENV_VAR, ProgressFile, progress_path

__all__ = [
    "FORMAT", "PSEUDONYM_PATTERN", "SCHEMA_VERSION", "HandIn", "HandInAnswer", "HandInError",
    "find_progress_file", "hand_in", "handin_filename", "read_handin", "validate_pseudonym",
]

FORMAT = "kickback-handin"
SCHEMA_VERSION = 1
PSEUDONYM_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,40}")
#: Hand-in files larger than this are not read (a real one is a few kB).
MAX_BYTES = 1_000_000


class HandInError(ValueError):
    """A hand-in file is damaged, empty, foreign or of another version."""


def validate_pseudonym(name: object) -> str:
    """``name`` if it is a valid pseudonym, else ValueError saying what is allowed."""
    if not isinstance(name, str) or not PSEUDONYM_PATTERN.fullmatch(name):
        raise ValueError(
            f"pseudonym must be 1 to 40 letters (A-Z, a-z), digits, '-' or '_', with no "
            f"spaces, e.g. fox-12; got {name!r}. Choose a name that does not reveal who you "
            "are, and tell it to your teacher only.")
    return name


def handin_filename(pseudonym: str) -> str:
    """The hand-in file's name for a pseudonym: ``kickback-handin-<pseudonym>.json``."""
    return f"kickback-handin-{validate_pseudonym(pseudonym)}.json"


@dataclass(frozen=True)
class HandInAnswer:
    """One question of a hand-in: first and latest choice (by text), picks taken."""

    quiz: str
    question_id: str
    signature: str
    first: str
    latest: str
    attempts: int

    @property
    def key(self) -> tuple[str, str]:
        """(quiz, question_id): the question this answer belongs to."""
        return (self.quiz, self.question_id)


@dataclass(frozen=True)
class HandIn:
    """A validated hand-in file."""

    pseudonym: str
    answers: tuple[HandInAnswer, ...]


def find_progress_file(start: Path | str = ".") -> Path:
    """The learner's progress file, for ``make handin`` run from the repository.

    ``$KICKBACK_PROGRESS`` if set; else ``kickback-progress.json`` in
    ``start`` or in one of its sub-folders one or two levels down (the
    learner's working copy of the notebooks). ValueError if there is none, or
    more than one (then ``PROGRESS=path`` chooses).
    """
    chosen = progress_path() if os.environ.get(ENV_VAR, "").strip() else None
    if chosen is not None:
        if not chosen.is_file():
            raise ValueError(f"{ENV_VAR}={chosen} is not a file: answer a quiz first, or "
                             "point it at your progress file")
        return chosen
    root = Path(start)
    found = sorted({p.resolve() for pattern in (DEFAULT_FILENAME, f"*/{DEFAULT_FILENAME}",
                                                f"*/*/{DEFAULT_FILENAME}")
                    for p in root.glob(pattern)
                    if not any(part.startswith(".") for part in p.relative_to(root).parts)})
    if not found:
        raise ValueError(
            f"no {DEFAULT_FILENAME} found in {root.resolve()} or the folders below it: answer "
            "some quiz questions in the notebooks first, or give the file with "
            f"PROGRESS=path (make) / --progress path")
    if len(found) > 1:
        listed = ", ".join(str(p) for p in found)
        raise ValueError(f"more than one progress file ({listed}); choose one with "
                         "PROGRESS=path (make) / --progress path")
    return found[0]


def hand_in(pseudonym: str, progress: Path | str | None = None,
            out_dir: Path | str = ".") -> Path:
    """Write the hand-in file of ``pseudonym`` into ``out_dir``; returns its path.

    ``progress``: the progress file (default: :func:`progress_path`, i.e. the
    one next to the running notebook). ValueError for a bad pseudonym, a
    missing or damaged progress file, or one without answers.
    """
    name = validate_pseudonym(pseudonym)
    source = Path(progress) if progress is not None else progress_path()
    if source is None:
        raise ValueError(f"progress is switched off ({ENV_VAR}=off): nothing to hand in")
    if not source.is_file():
        raise ValueError(f"progress file {source} does not exist: answer some quiz questions "
                         "first")
    file = ProgressFile(source)
    entries = file.read()
    if file.problem:
        raise ValueError(file.problem)
    if not entries:
        raise ValueError(f"progress file {source} holds no answers yet: nothing to hand in")
    doc = {
        "format": FORMAT, "version": SCHEMA_VERSION, "pseudonym": name,
        "answers": [{"quiz": e.quiz, "question_id": e.question_id, "signature": e.signature,
                     "first": e.first.choice, "latest": e.latest.choice,
                     "attempts": e.attempts} for e in entries.values()],
    }
    target = Path(out_dir) / handin_filename(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target


def _text(raw: dict[str, Any], name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value:
        raise HandInError(f"{where}.{name} must be non-empty text, got {value!r}")
    return value


def parse_handin(data: bytes) -> HandIn:
    """Validate the bytes of a hand-in file; :class:`HandInError` says what is wrong."""
    if not data.strip():
        raise HandInError("empty file")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HandInError(f"damaged: not valid JSON ({exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        hint = (" (it is a progress file: hand in with `make handin NAME=...`)"
                if isinstance(raw, dict) and raw.get("format") == "kickback-progress" else "")
        raise HandInError(f'not a kickback hand-in (no "format": "{FORMAT}"){hint}')
    if raw.get("version") != SCHEMA_VERSION:
        raise HandInError(f"version {raw.get('version')!r} is not the version this tally "
                          f"reads ({SCHEMA_VERSION})")
    try:
        pseudonym = validate_pseudonym(raw.get("pseudonym"))
    except ValueError:
        raise HandInError(f"pseudonym {raw.get('pseudonym')!r} is not valid (letters, digits, "
                          "'-' and '_' only)") from None
    answers_raw = raw.get("answers")
    if not isinstance(answers_raw, list):
        raise HandInError('"answers" must be a list')
    answers: dict[tuple[str, str], HandInAnswer] = {}
    for i, item in enumerate(answers_raw):
        where = f"answers[{i}]"
        if not isinstance(item, dict):
            raise HandInError(f"{where} must be an object, got {type(item).__name__}")
        attempts = item.get("attempts")
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise HandInError(f"{where}.attempts must be a whole number >= 1, got {attempts!r}")
        answer = HandInAnswer(*(_text(item, n, where) for n in
                                ("quiz", "question_id", "signature", "first", "latest")),
                              attempts=attempts)
        if answer.key in answers:
            raise HandInError(f"{where} repeats question {answer.quiz}/{answer.question_id}")
        answers[answer.key] = answer
    return HandIn(pseudonym, tuple(answers.values()))


def read_handin(path: Path | str) -> HandIn:
    """Read and validate one hand-in file (:class:`HandInError` if it is not one)."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise HandInError(f"too large for a hand-in ({size} bytes; a hand-in is a few kB)")
    return parse_handin(path.read_bytes())


def main(argv: list[str] | None = None) -> int:
    """``python -m kickback_edu.handin PSEUDONYM [--progress FILE] [--out DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m kickback_edu.handin",
        description="Write your hand-in file (your quiz answers under a pseudonym).")
    parser.add_argument("pseudonym", nargs="?", default="",
                        help="a name you choose: letters, digits, - and _ (e.g. fox-12)")
    parser.add_argument("--progress", type=Path, help="your progress file (default: found "
                        f"as {DEFAULT_FILENAME} here or in the folders below)")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder to write into")
    args = parser.parse_args(argv)
    try:
        if not args.pseudonym:
            raise ValueError("a pseudonym is needed: make handin NAME=your-pseudonym "
                             "(letters, digits, - and _; e.g. NAME=fox-12)")
        validate_pseudonym(args.pseudonym)
        progress = args.progress if args.progress else find_progress_file()
        target = hand_in(args.pseudonym, progress, args.out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n = len(json.loads(target.read_text(encoding="utf-8"))["answers"])
    print(f"wrote {target} ({n} answers, from {progress}). Give this one file to your "
          "teacher; it holds your pseudonym and your answers, nothing else.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
