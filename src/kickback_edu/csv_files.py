"""Read the CSV files spreadsheets write, keeping the lines a teacher sees.

A teacher edits ``data/bands.csv`` or ``data/quiz.csv`` in Excel, LibreOffice
or a text editor and saves it. What those programs write, and what this
module does with it:

- **Encodings.** UTF-8, with or without a byte-order mark (Excel's
  "CSV UTF-8"), and UTF-16 with a byte-order mark (Excel's "Unicode Text"),
  are read. A file that is not UTF-8 was saved in a Windows code page (Excel's
  plain "CSV"); the bytes alone do not say which one. It is read only where
  that does not matter: a cell whose characters read the same in the Western
  (cp1252) and Central European (cp1250) code pages (ä, ö, ü, ß, é, °, en dash,
  curly quotes) is read; a cell whose bytes mean different letters in the two
  (è or č, à or ŕ, ñ or ń, every Cyrillic letter) is reported, with the fix
  "save as CSV UTF-8". Never a raw ``UnicodeDecodeError``.
- **Separators.** Comma, semicolon (Excel in locales with a decimal comma)
  or tab. The separator is the one that splits the header line into the
  column names the course expects; Excel's optional first line ``sep=;``
  names it outright.
- **Lines.** ``\\r\\n`` (Windows), ``\\n`` and ``\\r`` line ends; quoted cells
  with line breaks inside; blank lines and rows of empty cells (a spreadsheet's
  empty rows) are skipped. Every cell carries the physical line it starts on,
  counted as an editor counts them (line breaks inside quoted cells included),
  so an error points at the line the teacher sees, not at a record number.

Decimal commas are handled by :mod:`kickback_edu.data`, which knows which
columns hold numbers; :func:`decimal_comma` is the test it uses.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Separators a spreadsheet may use, in the order tried when the header is unclear.
DELIMITERS = (",", ";", "\t")
#: The two Windows code pages a file that is not UTF-8 is compared under.
CODE_PAGES = ("cp1252", "cp1250")
SAVE_AS_UTF8 = (
    "save the file as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8 (Comma delimited); "
    "LibreOffice: Save As > Text CSV with character set Unicode (UTF-8))"
)
_SEP_LINE = re.compile(r"^sep=(.)\s*$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


class CsvFileError(ValueError):
    """The file as a whole cannot be read (encoding of the header, quoting)."""

    def __init__(self, problem: str, line: int | None = None, column: str | None = None) -> None:
        self.problem, self.line, self.column = problem, line, column
        super().__init__(problem)


@dataclass(frozen=True)
class Record:
    """One row: its cells (stripped of nothing) and the physical line of each."""

    cells: tuple[str, ...]
    lines: tuple[int, ...]

    @property
    def line(self) -> int:
        """The physical line the row starts on."""
        return self.lines[0]

    def line_of(self, index: int) -> int:
        """The physical line cell ``index`` starts on (the row's last line if absent)."""
        return self.lines[index] if index < len(self.lines) else self.lines[-1]


@dataclass
class CsvFile:
    """A parsed CSV file: header, rows, how it was written, and unreadable cells.

    ``unreadable`` maps ``(line, column index)`` of a cell whose characters
    depend on the code page to the message saying so (only for files that are
    not UTF-8); the cell's text in ``records`` is then the cp1252 reading.
    """

    path: Path
    header: list[str]
    header_line: int
    records: list[Record]
    delimiter: str
    encoding: str
    unreadable: dict[tuple[int, int], str] = field(default_factory=dict)


def _decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding) — for a file that is not UTF-8, text holds the bytes 1:1
    (latin-1) and encoding is ``"windows"``; cells are decoded after parsing."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise CsvFileError(f"the file starts like UTF-16 but is not; {SAVE_AS_UTF8}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "windows"
    return text, "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"


def _first_line(text: str) -> tuple[str, str]:
    """(first physical line, the rest) of ``text``."""
    lines = io.StringIO(text, newline="").readlines()
    if not lines:
        return "", ""
    return lines[0].rstrip("\r\n"), "".join(lines[1:])


def _sniff(header_line: str, expected: Sequence[str]) -> str:
    """The separator that splits ``header_line`` into the most expected names."""
    best, best_score = ",", -1
    for delim in DELIMITERS:
        names = {c.strip() for c in next(csv.reader([header_line], delimiter=delim), [])}
        score = sum(name in names for name in expected)
        if score > best_score:
            best, best_score = delim, score
    return best


def _windows_cell(cell: str) -> tuple[str, str | None]:
    """(text, problem) of a cell of a non-UTF-8 file held as latin-1 characters."""
    if cell.isascii():
        return cell, None
    raw = cell.encode("latin-1")
    readings = {}
    for page in CODE_PAGES:
        try:
            readings[page] = raw.decode(page)
        except UnicodeDecodeError as err:
            byte = raw[err.start]
            return cell, (f"the file is not UTF-8, and byte 0x{byte:02X} in this cell is not a "
                          f"character of the Windows code page {page[2:]}; {SAVE_AS_UTF8}")
    western, central = readings["cp1252"], readings["cp1250"]
    if western == central:
        return western, None
    i = next(k for k, (a, b) in enumerate(zip(western, central, strict=True)) if a != b)
    return western, (
        f"the file is not UTF-8, and {western.strip()!r} has a character that reads as "
        f"{western[i]!r} in a Western European (Windows-1252) file but {central[i]!r} in a "
        f"Central European (Windows-1250) one; {SAVE_AS_UTF8}"
    )


def _cell_lines(start: int, cells: Sequence[str]) -> tuple[int, ...]:
    lines, line = [], start
    for cell in cells:
        lines.append(line)
        line += cell.count("\n") + cell.count("\r") - cell.count("\r\n")
    return tuple(lines)


def read_csv(path: Path, expected: Sequence[str]) -> CsvFile:
    """Parse ``path``, a CSV file whose header should hold ``expected`` names.

    Raises :class:`CsvFileError` (with the line) when the file cannot be split
    into rows: a quote that is never closed, text after a closing quote, or a
    header whose characters depend on the code page. ``OSError`` if the file
    cannot be opened.
    """
    text, encoding = _decode(path.read_bytes())
    first, rest = _first_line(text)
    offset = 0
    sep = _SEP_LINE.match(first)
    if sep:  # Excel's "sep=;" hint line
        delimiter, text, offset = sep.group(1), rest, 1
    else:
        delimiter = _sniff(first, expected)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Record] = []
    previous = 0
    try:
        for cells in reader:
            start = previous + 1 + offset
            previous = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            rows.append(Record(tuple(cells), _cell_lines(start, cells)))
    except csv.Error as err:
        start = previous + 1 + offset
        raise CsvFileError(
            f"a row starting here cannot be split into cells ({err}): a double quote that opens "
            "a value must close it, right before the next separator; a double quote inside a "
            "value is written twice (\"\")", start) from None
    if not rows:
        return CsvFile(path, [], 1 + offset, [], delimiter, encoding)
    head, body = rows[0], rows[1:]
    unreadable: dict[tuple[int, int], str] = {}
    if encoding == "windows":
        cells = []
        for k, cell in enumerate(head.cells):
            decoded, problem = _windows_cell(cell)
            if problem:
                raise CsvFileError(problem, head.line_of(k))
            cells.append(decoded)
        head = Record(tuple(cells), head.lines)
        decoded_rows = []
        for record in body:
            out = []
            for k, cell in enumerate(record.cells):
                decoded, problem = _windows_cell(cell)
                if problem:
                    unreadable[(record.line, k)] = problem
                out.append(decoded)
            decoded_rows.append(Record(tuple(out), record.lines))
        body = decoded_rows
        encoding = "windows-1252"
    header = [h.strip() for h in head.cells]
    return CsvFile(path, header, head.line, body, delimiter, encoding, unreadable)


def decimal_comma(text: str) -> bool:
    """Whether ``text`` is a number written with a decimal comma (``3,7``; one comma,
    digits either side, no other separator)."""
    return bool(_DECIMAL_COMMA.match(text))
