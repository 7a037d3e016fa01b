"""Check every data file before class: ``python -m kickback_edu.check_data [FOLDER]``.

Lists every problem in every data file the course reads (``make check-data``
runs it on ``data/``): each as file, line, column, the value and the fix. A
teacher's own folder (the one ``KICKBACK_EDU_DATA`` points the course at) is
checked by naming it. Exit status 0 when there is no problem, 1 otherwise.
Columns the course ignores and files it does not read are listed as notes,
not problems.

From Python: :func:`check_data` returns the problems as
:class:`~kickback_edu.data.DataError` objects.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import data, gait, quiz, stance
from .data import Column, DataError, Table, clear_caches, data_dir, read_table


@dataclass(frozen=True)
class DataFile:
    """A data file the course reads: its schema and the loader that checks the rest."""

    name: str
    columns: Sequence[Column]
    key: str | tuple[str, ...] | None
    #: Problems beyond the cells (a question with two right answers, a band that
    #: does not stretch like one, a segment table missing the foot).
    problems: Callable[[Table], list[DataError]]


def _strict(loader: Callable[[], object]) -> Callable[[Table], list[DataError]]:
    """File-level problems of a file every row of which the model needs: the loader's."""

    def problems(table: Table) -> list[DataError]:
        if table.errors:  # the loader would only repeat the first of them
            return []
        try:
            loader()
        except DataError as err:
            return [err]
        return []

    return problems


def _new(table: Table, errors: list[DataError]) -> list[DataError]:
    """``errors`` not already in ``table.errors``."""
    seen = {str(e) for e in table.errors}
    return [e for e in errors if str(e) not in seen]


def _bands(table: Table) -> list[DataError]:
    return _new(table, data.load_bands_table().errors)


def _quiz(table: Table) -> list[DataError]:
    return _new(table, quiz.load_quiz_bank().errors)


DATA_FILES: tuple[DataFile, ...] = (
    DataFile("bands.csv", data.BAND_COLUMNS, ("brand", "color"), _bands),
    DataFile("quiz.csv", quiz.QUIZ_COLUMNS, None, _quiz),
    DataFile("muscles.csv", data.MUSCLE_COLUMNS, "key", _strict(data.load_muscles)),
    DataFile("emg.csv", data.EMG_COLUMNS, None, _strict(data.load_emg)),
    DataFile("segments.csv", data.SEGMENT_COLUMNS, None, _strict(data.load_segments)),
    DataFile("parameters.csv", data.PARAMETER_COLUMNS, "name", _strict(data.load_parameters)),
    DataFile("body_proportions.csv", data.PROPORTION_COLUMNS, "name",
             _strict(data.load_proportions)),
    DataFile("strength_curve.csv", data.STRENGTH_COLUMNS, "sex",
             _strict(data.load_strength_curve)),
    DataFile("stance.csv", stance.STANCE_COLUMNS, "name", _strict(stance.load_stance_parameters)),
    DataFile("gait_keypoints.csv", gait.GAIT_COLUMNS, None, _strict(gait.load_gait_keypoints)),
)


@contextmanager
def _reading(folder: Path | str | None) -> Iterator[Path]:
    """Read the data files from ``folder`` (default: :func:`data_dir`), with no cache."""
    before = os.environ.get(data.ENV_VAR)
    if folder is not None:
        os.environ[data.ENV_VAR] = str(folder)
    clear_caches()
    try:
        yield data_dir()
    finally:
        if folder is not None:
            if before is None:
                os.environ.pop(data.ENV_VAR, None)
            else:
                os.environ[data.ENV_VAR] = before
        clear_caches()


def _source_keys(folder: Path) -> set[str] | None:
    sources = folder / "SOURCES.md"
    if not sources.is_file():
        return None
    return set(re.findall(r"^\| *([A-Za-z0-9_.-]+) *\|", sources.read_text(encoding="utf-8",
                                                                          errors="replace"),
                          flags=re.M))


def _uncited(table: Table, keys: set[str], folder: Path) -> list[DataError]:
    if "source" not in table.frame:
        return []
    out = []
    for source, line in zip(table.frame["source"], table.frame["_line"], strict=True):
        for key in (k.strip() for k in str(source).split(";")):
            if key and key not in keys:
                out.append(DataError(
                    table.path, f"source {key!r} is not explained in {folder / 'SOURCES.md'}; "
                    f"add a line '| {key} | the full reference |' to its table", int(line),
                    "source"))
    return out


def check_folder(folder: Path | str | None = None) -> tuple[list[DataError], list[str]]:
    """(problems, notes) of every data file in ``folder`` (default: the course's).

    Problems are :class:`DataError` objects in file order, then line order;
    notes say what is ignored (extra columns, files the course does not read).
    """
    problems: list[DataError] = []
    notes: list[str] = []
    with _reading(folder) as where:
        keys = _source_keys(where)
        if keys is None:
            notes.append(f"{where / 'SOURCES.md'} not found: the source keys are not checked")
        for spec in DATA_FILES:
            try:
                table = read_table(spec.name, spec.columns, spec.key, lenient=True)
            except DataError as err:
                problems.append(err)
                continue
            found = table.errors + spec.problems(table)
            if keys is not None:
                found += _uncited(table, keys, where)
            problems += sorted(found, key=lambda e: e.line or 0)
            notes += table.notes
        known = {spec.name for spec in DATA_FILES}
        notes += [f"{path}: not read by the course" for path in sorted(where.glob("*.csv"))
                  if path.name not in known]
    return problems, notes


def check_data(folder: Path | str | None = None) -> list[DataError]:
    """Every problem in every data file of ``folder`` (default: the course's data,
    or ``KICKBACK_EDU_DATA``), as :class:`DataError` objects; empty when all is well."""
    return check_folder(folder)[0]


def main(argv: list[str] | None = None) -> int:
    """Print every problem (and note); exit status 1 if there is any problem."""
    parser = argparse.ArgumentParser(
        prog="python -m kickback_edu.check_data",
        description="List every problem in the course's data files.")
    parser.add_argument("folder", nargs="?", type=Path,
                        help="a folder of data files (default: the course's data/, or "
                             f"${data.ENV_VAR} when set)")
    args = parser.parse_args(argv)
    if args.folder is not None and not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder", file=sys.stderr)
        return 2
    problems, notes = check_folder(args.folder)
    where = args.folder if args.folder is not None else data_dir()
    for note in notes:
        print(f"note: {note}")
    for err in problems:
        print(f"problem: {err}")
    if problems:
        files = len({e.path.name for e in problems})
        print(f"\n{len(problems)} problem(s) in {files} file(s) of {where}. Fix each at the "
              "line and column named, save, and run this again.")
        return 1
    print(f"All {len(DATA_FILES)} data files in {where} are fine.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
