"""Load and validate the course's data files.

``data/`` at the top of the repository is the single source of the data
files; an installed wheel carries a copy in ``kickback_edu/_data``. Set the
environment variable ``KICKBACK_EDU_DATA`` to a folder to use other files
(a teacher's own copy, or a test's).

Every file is read against a schema. A broken file raises :class:`DataError`
naming the file, the line (the physical line an editor shows, the header
being line 1), the column, the value and what is allowed. Loaders of the
files teachers edit (bands, quiz) read leniently: broken rows are left out
and reported, so the rest of the course keeps working.

Files saved by spreadsheets are read as :mod:`kickback_edu.csv_files`
describes (byte-order mark, Windows code pages, semicolons, CRLF, quoted
line breaks, blank rows). Numbers may use a decimal comma in a file
separated by semicolons or tabs (``3,7`` is 3.7) when the file leaves no
doubt; a comma in a number of a comma-separated file, or ``1.234`` in a file
that also has decimal commas, is refused with "use a decimal point". Columns
the schema does not name are ignored (``Table.notes`` says so).

``python -m kickback_edu.check_data`` (``make check-data``) lists every
problem of every file; :func:`check_data` does the same from Python.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol, TypedDict, TypeVar

import pandas as pd

from .csv_files import CsvFile, CsvFileError, Record, decimal_comma, read_csv

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
        lines: Sequence[int] = (),
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.problem = problem
        #: Every line this error leaves out (one error may cover several rows).
        self.lines: tuple[int, ...] = tuple(lines) or ((line,) if line is not None else ())
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

    def __post_init__(self) -> None:
        choices: object = self.choices  # typed a tuple, but a positional call can pass a str
        if isinstance(choices, str):  # Column("x", "number", 0, 1, "kg") set choices
            raise TypeError(f"Column {self.name!r}: choices must be a tuple; give a unit as "
                            "unit=...")


class DataWarning(UserWarning):
    """Rows of a teacher-edited file were left out (the warning lists why)."""


@dataclass
class Table:
    """A validated data file: its rows, the problems met reading it, and notes
    (columns ignored) that are not problems."""

    frame: pd.DataFrame
    path: Path
    errors: list[DataError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def data_dir() -> Path:
    """The folder the data files are read from (see the module docstring)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    packaged = Path(__file__).with_name("_data")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


_NUMBER_HINT = "write the number only, with a decimal point (the unit is in the column name)"


def _parse_number(text: str, col: Column, delimiter: str, comma_line: int | None) -> float:
    """``text`` as a float, or ValueError with the problem (see the module docstring)."""
    unit = f" {col.unit}" if col.unit else ""
    if "," in text:
        if delimiter != "," and decimal_comma(text):
            text = text.replace(",", ".")
        else:
            raise ValueError(
                f"{text!r} has a comma, which could be a decimal comma or a thousands "
                f"separator; use a decimal point and no thousands separator (e.g. "
                f"{text.replace(',', '.')!r} if that is what you mean)")
    elif comma_line is not None and "." in text and len(text.split(".")[-1]) == 3:
        raise ValueError(
            f"{text!r} could mean {text} or {text.replace('.', '')}: this file writes numbers "
            f"with a decimal comma (e.g. line {comma_line}), where a point separates "
            "thousands; use a decimal point in every number")
    try:
        value = float(text)
    except ValueError:
        within = f" in {col.unit}" if col.unit else ""
        raise ValueError(f"{text!r} is not a number; expected a number{within}: "
                         f"{_NUMBER_HINT}") from None
    if not math.isfinite(value) or value < col.lo or value > col.hi:
        raise ValueError(f"{text!r} is out of range; allowed {col.lo:g} to {col.hi:g}{unit}")
    return value


def _parse_cell(path: Path, line: int, col: Column, raw: str, delimiter: str = ",",
                comma_line: int | None = None) -> object:
    text = raw.strip()
    if text == "":
        if col.required:
            raise DataError(path, "is empty; a value is required", line, col.name)
        return math.nan if col.kind == "number" else ""
    if col.kind == "number":
        try:
            return _parse_number(text, col, delimiter, comma_line)
        except ValueError as err:
            raise DataError(path, str(err), line, col.name) from None
    if col.kind == "choice":
        if text not in col.choices:
            allowed = ", ".join(col.choices)
            raise DataError(path, f"{text!r} is not allowed; use one of: {allowed}", line, col.name)
        return text
    if col.kind == "bool":
        low = text.lower()
        if low not in ("yes", "no", "true", "false"):
            raise DataError(path, f"{text!r} is not yes or no; write yes or no", line, col.name)
        return low in ("yes", "true")
    return text


def read_csv_file(filename: str, columns: Sequence[Column]) -> CsvFile:
    """Parse ``filename`` of :func:`data_dir` (no validation); DataError if it cannot be."""
    path = data_dir() / filename
    if not path.is_file():
        raise DataError(path, "file not found")
    try:
        return read_csv(path, [c.name for c in columns])
    except CsvFileError as err:
        raise DataError(path, err.problem, err.line, err.column) from None
    except OSError as err:
        raise DataError(path, f"cannot be opened: {err.strerror or err}") from None


def _first_decimal_comma(parsed: CsvFile, index: dict[str, int],
                         columns: Sequence[Column]) -> int | None:
    """The line of the first number written with a decimal comma, if the file may have any."""
    if parsed.delimiter == ",":
        return None
    numeric = [index[c.name] for c in columns if c.kind == "number"]
    for record in parsed.records:
        for k in numeric:
            if k < len(record.cells) and decimal_comma(record.cells[k].strip()):
                return record.line_of(k)
    return None


def _encoding_error(parsed: CsvFile, header: list[str]) -> DataError | None:
    """One error for every row holding a cell whose characters depend on the code page."""
    if not parsed.unreadable:
        return None
    (line, k), problem = min(parsed.unreadable.items())
    lines = sorted({ln for ln, _ in parsed.unreadable})
    plural = len(lines) > 2
    more = (f" The same holds for line{'s' if plural else ''} {', '.join(map(str, lines[1:]))}; "
            f"{'these rows are' if plural else 'that row is'} left out too."
            if len(lines) > 1 else "")
    column = header[k] if k < len(header) else None
    return DataError(parsed.path, problem + "." + more, line, column, lines=lines)


def _check_row_length(parsed: CsvFile, record: Record, width: int, needed: int) -> None:
    cells = record.cells
    extra = [c for c in cells[width:] if c.strip()]
    if len(cells) < needed or extra:
        hint = ("a value with a separator in it needs double quotes"
                + ("; a number needs a decimal point (3.7, not 3,7)"
                   if parsed.delimiter == "," else ""))
        raise DataError(parsed.path, f"has {len(cells)} fields but the header has {width} "
                        f"({hint})", record.line)


def read_table(
    filename: str,
    columns: Sequence[Column],
    key: str | Sequence[str] | None = None,
    lenient: bool = False,
) -> Table:
    """Read ``filename`` from :func:`data_dir` and validate it against ``columns``.

    ``key`` names a column (or several) whose values, taken together, must be
    unique; text keys are compared ignoring case. With ``lenient=True`` a
    broken row is left out and its :class:`DataError` kept in
    ``Table.errors``; otherwise the first problem is raised. A missing file,
    a missing column or a file that cannot be split into rows is always
    raised. The frame has the schema's columns and ``_line``, the physical
    line each row starts on.
    """
    parsed = read_csv_file(filename, columns)
    path = parsed.path
    if not parsed.header:
        raise DataError(path, "file is empty; expected a header line", parsed.header_line)
    header = parsed.header
    missing = [c.name for c in columns if c.name not in header]
    if missing:
        raise DataError(
            path, f"missing column(s) {', '.join(missing)}; the header has "
            f"{', '.join(h for h in header if h)}" + _separator_hint(parsed), parsed.header_line)
    doubled = [c.name for c in columns if header.count(c.name) > 1]
    if doubled:
        raise DataError(path, f"column(s) {', '.join(doubled)} appear twice in the header; keep "
                        "one of each", parsed.header_line)
    index = {c.name: header.index(c.name) for c in columns}
    known = {c.name for c in columns}
    notes = [f"{path}: column '{h}' is not used by the course and is ignored"
             for h in header if h and h not in known]
    keys = (key,) if isinstance(key, str) else tuple(key or ())
    comma_line = _first_decimal_comma(parsed, index, columns)
    records: list[dict[str, object]] = []
    errors: list[DataError] = []
    encoding = _encoding_error(parsed, header)
    if encoding is not None:
        if not lenient:
            raise encoding
        errors.append(encoding)
    spoiled = set(encoding.lines) if encoding is not None else set()
    seen: dict[tuple[object, ...], int] = {}
    needed = max(index.values()) + 1
    for row in parsed.records:
        if row.line in spoiled:
            continue
        try:
            _check_row_length(parsed, row, len(header), needed)
            record = {c.name: _parse_cell(path, row.line_of(index[c.name]), c,
                                          row.cells[index[c.name]], parsed.delimiter, comma_line)
                      for c in columns}
            if keys:
                value = tuple(str(record[k]).casefold() for k in keys)
                if value in seen:
                    shown = ", ".join(repr(record[k]) for k in keys)
                    names = " and ".join(keys)
                    raise DataError(
                        path, f"{shown} repeats line {seen[value]}; each {names} must be unique"
                        + (" together" if len(keys) > 1 else ""),
                        row.line_of(index[keys[-1]]), keys[-1])
                seen[value] = row.line
            record["_line"] = row.line
            records.append(record)
        except DataError as err:
            if not lenient:
                raise
            errors.append(err)
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in columns] + ["_line"])
    return Table(frame=frame, path=path, errors=errors, notes=notes)


def _separator_hint(parsed: CsvFile) -> str:
    if len(parsed.header) == 1:
        return ("; the header is one single column: separate the columns with commas "
                "(or semicolons)")
    return ""


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
    Column("force_100pct_lbf", "number", 0.1, 200.0, unit="lbf"),
    Column("force_200pct_lbf", "number", 0.1, 300.0, unit="lbf"),
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
    Column("mean_pct_mvic", "number", 0.0, 300.0, unit="% MVIC"),
    Column("sd_pct_mvic", "number", 0.0, 300.0, unit="% MVIC", required=False),
    Column("qualifier", "choice", choices=(">",), required=False),
    *_TEXT_SOURCE,
    Column("note", required=False),
)


class _Cached(Protocol):
    def cache_clear(self) -> None: ...


_LOADERS: list[_Cached] = []


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
    """Leave out (and report) rows whose two forces do not describe a band: their
    fitted force–elongation curve must rise and stay positive (see
    :func:`kickback_edu.band_curve.fit_band_curve`)."""
    from .band_curve import fit_band_curve  # band_curve reads parameters through this module

    keep = []
    for row in table.frame.to_dict("records"):
        try:
            fit_band_curve([(1.0, float(row["force_100pct_lbf"])),
                            (2.0, float(row["force_200pct_lbf"]))],
                           unit="lbf", names=("force_100pct_lbf", "force_200pct_lbf"))
        except ValueError as err:
            table.errors.append(DataError(table.path, str(err.args[0]), int(row["_line"]),
                                          "force_200pct_lbf"))
            keep.append(False)
        else:
            keep.append(True)
    return table.frame[pd.Series(keep, index=table.frame.index, dtype=bool)]


@cached_loader
def load_bands_table() -> Table:
    """Bands read leniently: the valid rows, and a DataError for each broken row.

    A band is identified by ``brand`` and ``color`` together: two brands may
    each have a ``red`` band. A row is broken when a cell is (see
    :func:`read_table`), when its brand and colour repeat an earlier row, or
    when its forces do not describe a band (a force that would fall or be
    negative as the band stretches). Errors are sorted by line.
    """
    table = read_table("bands.csv", BAND_COLUMNS, key=("brand", "color"), lenient=True)
    table.frame = _check_band_rows(table).reset_index(drop=True)
    table.errors.sort(key=lambda e: e.line or 0)
    return table


@cached_loader
def load_bands() -> pd.DataFrame:
    """The valid rows of ``bands.csv``: brand, colour, force of one strand at 100% and
    200% elongation (lbf), source, confidence, ``_line``.

    Broken rows are left out, each reported once per session as a
    :class:`DataWarning` naming file, line, column and fix (the course keeps
    working with the other bands); :func:`load_bands_table` gives them as
    :class:`DataError` objects.
    """
    table = load_bands_table()
    if table.errors:
        listed = "\n".join(f"  - {err}" for err in table.errors)
        warnings.warn(
            f"{len(table.errors)} problem(s) in {table.path}; the rows concerned are left out "
            f"(run `python -m kickback_edu.check_data` to list every problem):\n{listed}",
            DataWarning, stacklevel=2)
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


class SegmentFractions(TypedDict):
    """One row of ``data/segments.csv`` as :func:`segment_fractions` gives it:
    fractions of body mass, segment length and height (no unit), and the
    landmarks the centre of mass is measured between."""

    mass_fraction: float
    com_fraction: float
    gyration_fraction: float
    length_fraction: float
    com_from: str
    com_toward: str


@cached_loader
def segment_fractions() -> dict[tuple[str, str], SegmentFractions]:
    """``(table, segment)`` -> its numeric fractions and the landmarks its centre of
    mass is measured between (``com_from``, ``com_toward``), for fast Body construction."""
    frame = load_segments()
    return {
        (str(r["table"]), str(r["segment"])): SegmentFractions(
            mass_fraction=float(r["mass_fraction"]), com_fraction=float(r["com_fraction"]),
            gyration_fraction=float(r["gyration_fraction"]),
            length_fraction=float(r["length_fraction"]),
            com_from=str(r["com_from"]), com_toward=str(r["com_toward"]),
        )
        for r in frame.to_dict("records")
    }


@cached_loader
def strength_coefficients() -> dict[str, tuple[float, float, float]]:
    """Sex -> (c1, c2, c3) of the hip-extension strength curve (group means; data/).

    Peak torque (N·m) = c1 · body weight (N) · height (m); the share of it at
    clinical hip flexion θ (rad) is cos(c2 (θ − c3)). So c1 and c2 have no
    unit and c3 is in radians (see :mod:`kickback_edu.strength`).
    """
    return {
        str(r["sex"]): (float(r["c1"]), float(r["c2"]), float(r["c3"]))
        for r in load_strength_curve().to_dict("records")
    }


class BandRow(TypedDict):
    """One valid row of ``data/bands.csv`` as :func:`band_forces` gives it: the
    force of one strand at 100% and 200% elongation (lbf), its source key and
    confidence."""

    brand: str
    color: str
    force_100pct_lbf: float
    force_200pct_lbf: float
    source: str
    confidence: str


@cached_loader
def band_forces() -> dict[tuple[str, str], BandRow]:
    """``(brand, colour)`` -> its row (forces in lbf), in file order, valid rows only."""
    return {
        (str(r["brand"]), str(r["color"])): BandRow(
            brand=str(r["brand"]), color=str(r["color"]),
            force_100pct_lbf=float(r["force_100pct_lbf"]),
            force_200pct_lbf=float(r["force_200pct_lbf"]),
            source=str(r["source"]), confidence=str(r["confidence"]),
        )
        for r in load_bands().to_dict("records")
    }
