"""Load and validate the course's data files.

``data/`` at the top of the repository is the single source of the data
files; an installed wheel carries a copy in ``kickback_edu/_data``. Set the
environment variable ``KICKBACK_EDU_DATA`` to a folder to use other files
(a teacher's own copy, or a test's).

Every file is read against a schema. A broken file raises :class:`DataError`
naming the file, the line (the header is line 1), the column, the value and
what is allowed. Loaders that teachers edit (bands, quiz) can also be read
leniently: broken rows are left out and reported, so the rest of the course
keeps working.
"""

from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

import pandas as pd

ENV_VAR = "KICKBACK_EDU_DATA"
T = TypeVar("T")


class DataError(ValueError):
    """A data file is missing, or a row or column in it is invalid."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.problem = problem
        where = f"{self.path}"
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Column:
    """One column of a data file's schema.

    ``kind`` is ``"text"``, ``"number"``, ``"choice"`` or ``"bool"`` (yes/no).
    Numbers must be finite and within ``[lo, hi]``; a column that is not
    ``required`` may be left empty (read as NaN for numbers, "" for text).
    """

    name: str
    kind: str = "text"
    lo: float = -math.inf
    hi: float = math.inf
    choices: tuple[str, ...] = ()
    required: bool = True
    unit: str = ""


@dataclass
class Table:
    """A validated data file: its rows and the problems met reading it."""

    frame: pd.DataFrame
    path: Path
    errors: list[DataError] = field(default_factory=list)


def data_dir() -> Path:
    """The folder the data files are read from (see the module docstring)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    packaged = Path(__file__).with_name("_data")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def _parse_cell(path: Path, line: int, col: Column, raw: str) -> object:
    text = raw.strip()
    if text == "":
        if col.required:
            raise DataError(path, "is empty; a value is required", line, col.name)
        return math.nan if col.kind == "number" else ""
    if col.kind == "number":
        unit = f" {col.unit}" if col.unit else ""
        try:
            value = float(text)
        except ValueError:
            raise DataError(
                path, f"{text!r} is not a number; expected a number{unit}", line, col.name
            ) from None
        if not math.isfinite(value) or value < col.lo or value > col.hi:
            raise DataError(
                path, f"{text!r} is out of range; allowed {col.lo:g} to {col.hi:g}{unit}",
                line, col.name,
            )
        return value
    if col.kind == "choice":
        if text not in col.choices:
            allowed = ", ".join(col.choices)
            raise DataError(path, f"{text!r} is not allowed; use one of: {allowed}", line, col.name)
        return text
    if col.kind == "bool":
        low = text.lower()
        if low not in ("yes", "no", "true", "false"):
            raise DataError(path, f"{text!r} is not yes or no", line, col.name)
        return low in ("yes", "true")
    return text


def read_table(
    filename: str,
    columns: Sequence[Column],
    key: str | None = None,
    lenient: bool = False,
) -> Table:
    """Read ``filename`` from :func:`data_dir` and validate it against ``columns``.

    ``key`` names a column whose values must be unique. With ``lenient=True``
    a broken row is left out and its :class:`DataError` kept in
    ``Table.errors``; otherwise the first problem is raised. A missing file
    or a missing column is always raised.
    """
    path = data_dir() / filename
    if not path.is_file():
        raise DataError(path, "file not found")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise DataError(path, "file is empty; expected a header line", 1)
    header = [h.strip() for h in rows[0]]
    missing = [c.name for c in columns if c.name not in header]
    if missing:
        raise DataError(
            path, f"missing column(s) {', '.join(missing)}; the header has {', '.join(header)}", 1
        )
    index = {c.name: header.index(c.name) for c in columns}
    records: list[dict[str, object]] = []
    errors: list[DataError] = []
    seen: dict[object, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            if len(row) != len(header):
                raise DataError(
                    path, f"has {len(row)} fields but the header has {len(header)} "
                    "(a comma inside a value needs double quotes)", line,
                )
            record = {c.name: _parse_cell(path, line, c, row[index[c.name]]) for c in columns}
            if key is not None:
                if record[key] in seen:
                    raise DataError(
                        path, f"{record[key]!r} repeats line {seen[record[key]]}; "
                        "each value must be unique", line, key,
                    )
                seen[record[key]] = line
            record["_line"] = line
            records.append(record)
        except DataError as err:
            if not lenient:
                raise
            errors.append(err)
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in columns] + ["_line"])
    return Table(frame=frame, path=path, errors=errors)


_TEXT_SOURCE = (Column("source"), Column("confidence"))

#: Landmarks a segment's centre of mass is measured between (``com_from`` →
#: ``com_toward`` in ``segments.csv``): joint centres, the heel, the tip of the
#: longest toe and the head of the second metatarsal.
SEGMENT_LANDMARKS = ("hip", "knee", "ankle", "heel", "toe_tip", "met_head")

SEGMENT_COLUMNS = (
    Column("table", "choice", choices=("dempster", "de_leva_male", "de_leva_female")),
    Column("segment", "choice", choices=("thigh", "shank", "foot")),
    Column("mass_fraction", "number", 0.001, 0.5),
    Column("com_fraction", "number", 0.0, 1.0),
    Column("gyration_fraction", "number", 0.0, 1.0),
    Column("length_fraction", "number", 0.01, 0.6),
    Column("com_from", "choice", choices=SEGMENT_LANDMARKS),
    Column("com_toward", "choice", choices=SEGMENT_LANDMARKS),
    *_TEXT_SOURCE,
)
BAND_COLUMNS = (
    Column("brand"),
    Column("color"),
    Column("force_100pct_lbf", "number", 0.1, 200.0, "lbf"),
    Column("force_200pct_lbf", "number", 0.1, 300.0, "lbf"),
    *_TEXT_SOURCE,
)
MUSCLE_COLUMNS = (
    Column("key"),
    Column("name"),
    Column("role", "choice", choices=("prime mover", "synergist", "stabiliser", "isometric brace")),
    Column("action"),
    Column("origin"),
    Column("insertion"),
    Column("description"),
    Column("source"),
)
PARAMETER_COLUMNS = (
    Column("name"), Column("value", "number"), Column("unit"), *_TEXT_SOURCE, Column("note"),
)
PROPORTION_COLUMNS = (
    Column("name"), Column("fraction_of_height", "number", 0.0, 1.0), Column("use"),
    *_TEXT_SOURCE,
)
STRENGTH_COLUMNS = (
    Column("sex", "choice", choices=("male", "female")),
    Column("c1", "number", 0.0, 1.0),
    Column("c2", "number", 0.0, 5.0),
    Column("c3", "number", -3.2, 3.2),
    Column("c1_sd", "number", 0.0, 1.0),
    Column("age_group"),
    *_TEXT_SOURCE,
)
EMG_COLUMNS = (
    Column("exercise"),
    Column("muscle"),
    Column("mean_pct_mvic", "number", 0.0, 300.0, "% MVIC"),
    Column("sd_pct_mvic", "number", 0.0, 300.0, "% MVIC", required=False),
    Column("qualifier", "choice", choices=(">",), required=False),
    *_TEXT_SOURCE,
    Column("note", required=False),
)


_LOADERS: list = []


def cached_loader(fn: Callable[[], T]) -> Callable[[], T]:
    """Cache a data loader and register it with :func:`clear_caches`."""
    wrapped = cache(fn)
    _LOADERS.append(wrapped)
    return wrapped


def clear_caches() -> None:
    """Forget every loaded file (after a teacher edits them, or in tests)."""
    for fn in _LOADERS:
        fn.cache_clear()


@cached_loader
def load_segments() -> pd.DataFrame:
    """Segment parameters (fractions of body mass / segment length / height)."""
    frame = read_table("segments.csv", SEGMENT_COLUMNS).frame
    for table, group in frame.groupby("table"):
        have = set(group["segment"])
        if have != {"thigh", "shank", "foot"} or len(group) != 3:
            raise DataError(
                data_dir() / "segments.csv",
                f"table {table!r} must have exactly one row each for thigh, shank and foot; "
                f"found {sorted(group['segment'])}",
            )
    return frame


def _check_band_rows(table: Table) -> pd.DataFrame:
    frame = table.frame
    bad = frame["force_200pct_lbf"] <= frame["force_100pct_lbf"]
    for _, row in frame[bad].iterrows():
        err = DataError(
            table.path,
            f"force at 200% ({row['force_200pct_lbf']:g} lbf) must be greater than at 100% "
            f"({row['force_100pct_lbf']:g} lbf): a band pulls harder the more it stretches",
            int(row["_line"]), "force_200pct_lbf",
        )
        table.errors.append(err)
    return frame[~bad]


def load_bands_table() -> Table:
    """Bands read leniently: the valid rows, and a DataError for each broken row."""
    table = read_table("bands.csv", BAND_COLUMNS, key="color", lenient=True)
    table.frame = _check_band_rows(table).reset_index(drop=True)
    return table


@cached_loader
def load_bands() -> pd.DataFrame:
    """Band force at 100% and 200% elongation (single strand), by colour; strict."""
    table = load_bands_table()
    if table.errors:
        raise table.errors[0]
    return table.frame


@cached_loader
def load_muscles() -> pd.DataFrame:
    """Muscles of the kickback with role, action, origin, insertion, description."""
    return read_table("muscles.csv", MUSCLE_COLUMNS, key="key").frame


@cached_loader
def load_parameters() -> dict[str, float]:
    """Named model constants (``parameters.csv``), name -> value."""
    frame = read_table("parameters.csv", PARAMETER_COLUMNS, key="name").frame
    return dict(zip(frame["name"], frame["value"], strict=True))


def parameter(name: str) -> float:
    """One named constant from ``parameters.csv``."""
    params = load_parameters()
    if name not in params:
        raise KeyError(
            f"{data_dir() / 'parameters.csv'}: no parameter {name!r}; has {', '.join(params)}"
        )
    return params[name]


@cached_loader
def load_proportions() -> dict[str, float]:
    """Body proportions as fractions of height (``body_proportions.csv``)."""
    frame = read_table("body_proportions.csv", PROPORTION_COLUMNS, key="name").frame
    return dict(zip(frame["name"], frame["fraction_of_height"], strict=True))


@cached_loader
def load_strength_curve() -> pd.DataFrame:
    """Hip-extension strength-curve coefficients (Anderson et al. 2007), by sex."""
    return read_table("strength_curve.csv", STRENGTH_COLUMNS, key="sex").frame


@cached_loader
def load_emg() -> pd.DataFrame:
    """Published EMG amplitudes (% MVIC) for the course's exercises, one row per
    study, exercise and muscle.

    ``qualifier`` is ``">"`` where a study reports only that the value lies above
    ``mean_pct_mvic`` (a threshold, not a measured mean), else "". A study
    row appears once: a review's summary of the same measurement is not listed
    beside it. (``sd_pct_mvic`` is NaN where not reported.)
    """
    frame = read_table("emg.csv", EMG_COLUMNS).frame
    dup = frame.duplicated(["exercise", "muscle", "source"], keep="first")
    if dup.any():
        row = frame[dup].iloc[0]
        raise DataError(data_dir() / "emg.csv", f"{row['exercise']!r}, {row['muscle']!r} from "
                        f"{row['source']!r} appears twice; keep one value per study",
                        int(row["_line"]), "exercise")
    return frame


_SOURCE_ROW = re.compile(r"^\| *([a-z0-9-]+) *\|(.*)\|(.*)\|(.*)\| *$")


@cached_loader
def load_sources() -> dict[str, dict[str, str]]:
    """The source keys of ``SOURCES.md``: key -> ``short`` (a citation such as
    "Roach et al. 2015"), ``reference`` (the full reference) and ``checked``
    (what was confirmed, and where).

    ``SOURCES.md`` is read from the data folder (:func:`data_dir`); a missing
    file raises :class:`DataError`.
    """
    path = data_dir() / "SOURCES.md"
    if not path.is_file():
        raise DataError(path, "file not found")
    out: dict[str, dict[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _SOURCE_ROW.match(line)
        if m and m.group(1) != "key" and set(m.group(1)) != {"-"}:
            out[m.group(1)] = {"short": m.group(2).strip(), "reference": m.group(3).strip(),
                               "checked": m.group(4).strip()}
    return out


@cached_loader
def segment_fractions() -> dict[tuple[str, str], dict[str, object]]:
    """``(table, segment)`` -> its numeric fractions and the landmarks its centre of
    mass is measured between (``com_from``, ``com_toward``), for fast Body construction."""
    frame = load_segments()
    cols = ("mass_fraction", "com_fraction", "gyration_fraction", "length_fraction")
    return {
        (str(r["table"]), str(r["segment"])): {
            **{c: float(r[c]) for c in cols},
            "com_from": str(r["com_from"]), "com_toward": str(r["com_toward"]),
        }
        for r in frame.to_dict("records")
    }


@cached_loader
def strength_coefficients() -> dict[str, tuple[float, float, float]]:
    """Sex -> (c1, c2, c3) of the hip-extension strength curve (group means)."""
    return {
        str(r["sex"]): (float(r["c1"]), float(r["c2"]), float(r["c3"]))
        for r in load_strength_curve().to_dict("records")
    }


@cached_loader
def band_forces() -> dict[str, dict[str, object]]:
    """Band colour -> its row (brand, forces in lbf), from the strict band loader."""
    return {str(r["color"]): r for r in load_bands().to_dict("records")}

