"""Teachers' data files as spreadsheets and editors really write them (real bytes).

Each test writes a file the way Excel, LibreOffice or an editor saves it and
checks what the course reads, or that the error names file, physical line,
column, value and fix.
"""

from __future__ import annotations

import codecs
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from kickback_edu import Band, Body
from kickback_edu.check_data import check_data, check_folder, main
from kickback_edu.data import (
    DataError,
    DataWarning,
    load_bands,
    load_bands_table,
    load_muscles,
)
from kickback_edu.quiz import load_quiz_bank

# Broken rows are reported by a DataWarning; the tests check the errors themselves.
pytestmark = pytest.mark.filterwarnings("ignore::kickback_edu.data.DataWarning")

LBF = 4.448  # N per lbf, data/parameters.csv
HEADER = "brand,color,force_100pct_lbf,force_200pct_lbf,source,confidence"


def _bands(folder: Path, *rows: str, header: str = HEADER, sep: str = ",",
           newline: str = "\n", encoding: str = "utf-8", prefix: bytes = b"") -> Path:
    """Write bands.csv with the course's red band, then ``rows`` (comma-separated text,
    turned into ``sep``)."""
    lines = [header, "Thera-Band,red,3.7,5.5,theraband-chart,secondary", *rows]
    text = newline.join(line.replace(",", sep) if sep != "," else line for line in lines)
    path = folder / "bands.csv"
    path.write_bytes(prefix + (text + newline).encode(encoding))
    return path


def _errors() -> list[str]:
    return [str(e) for e in load_bands_table().errors]


# -- encodings -------------------------------------------------------------

def test_excel_csv_utf8_with_byte_order_mark_and_crlf(data_copy: Path) -> None:
    _bands(data_copy, "Übungs GmbH,grün,4.0,6.0,theraband-chart,measured",
           newline="\r\n", prefix=codecs.BOM_UTF8)
    assert _errors() == []
    band = Band("grün")
    assert band.brand == "Übungs GmbH"
    assert band.force_100_N == pytest.approx(4.0 * LBF)
    assert Band("red").force_200_N == pytest.approx(5.5 * LBF)


def test_excel_unicode_text_is_utf16_with_tabs(data_copy: Path) -> None:
    _bands(data_copy, "Acme,teal,4.0,6.0,theraband-chart,measured", sep="\t",
           encoding="utf-16", newline="\r\n")
    assert _errors() == []
    assert Band("teal").force_200_N == pytest.approx(6.0 * LBF)


def test_windows_code_page_read_when_both_code_pages_agree(data_copy: Path) -> None:
    # ü, ß, é and ° are the same bytes in Windows-1252 and Windows-1250.
    _bands(data_copy, "Übungsbänder für das Gesäß,weiß,4.0,6.0,theraband-chart,"
           "café chart at 20 °C", encoding="cp1252")
    assert _errors() == []
    band = Band("weiß")
    assert band.brand == "Übungsbänder für das Gesäß"
    assert load_bands().iloc[-1]["confidence"] == "café chart at 20 °C"


def test_the_course_quiz_saved_by_excel_in_cp1252_reads_the_same(data_copy: Path) -> None:
    from kickback_edu.data import clear_caches

    # Windows-1252 has no minus sign or "approximately equal": Excel would write
    # "?" for them, so the teacher's file holds their ASCII stand-ins instead.
    path = data_copy / "quiz.csv"
    text = path.read_text(encoding="utf-8").replace("\u2212", "-").replace("\u2248", "~")
    path.write_text(text, encoding="utf-8")
    clear_caches()
    before = load_quiz_bank()
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    clear_caches()
    after = load_quiz_bank()
    assert after.errors == [] and after.questions == before.questions


def test_code_page_dependent_letter_is_one_clear_error_for_its_rows(data_copy: Path) -> None:
    # è is 0xE8 in Windows-1252 but the same byte is č in Windows-1250.
    _bands(data_copy, "Très Fort,rouge,4.0,6.0,theraband-chart,x",
           "Acme,teal,4.0,6.0,theraband-chart,x",
           "Très Fort,vert,4.5,6.5,theraband-chart,x", encoding="cp1252")
    errors = load_bands_table().errors
    assert len(errors) == 1
    msg = str(errors[0])
    assert "bands.csv, line 3, column 'brand'" in msg
    assert "'Très Fort'" in msg and "'è'" in msg and "'č'" in msg
    assert "save the file as 'CSV UTF-8'" in msg
    assert "line 5" in msg and errors[0].lines == (3, 5)
    assert set(load_bands_table().frame["color"]) == {"red", "teal"}


def test_byte_no_windows_code_page_has_is_reported_not_a_unicode_error(
        data_copy: Path) -> None:
    path = data_copy / "muscles.csv"
    raw = path.read_bytes().replace(b"Gluteus maximus", b"Gluteus \x81maximus", 1)
    path.write_bytes(raw)
    with pytest.raises(DataError, match=r"muscles.csv, line 2, column 'name': the file is not "
                                        r"UTF-8, and byte 0x81 .* save the file as 'CSV UTF-8'"):
        load_muscles()


# -- separators and decimal commas ----------------------------------------

def test_semicolons_with_decimal_commas_are_read(data_copy: Path) -> None:
    _bands(data_copy, "Acme,teal,4|25,6|5,theraband-chart,x", sep=";")
    path = data_copy / "bands.csv"
    path.write_text(path.read_text().replace("3.7", "3|7").replace("5.5", "5|5")
                    .replace("|", ","))
    assert ";3,7;" in path.read_text()
    assert _errors() == []
    assert Band("red").force_100_N == pytest.approx(3.7 * LBF)
    assert Band("teal").force_100_N == pytest.approx(4.25 * LBF)


def test_excel_sep_line_names_the_separator_and_counts_as_a_line(data_copy: Path) -> None:
    path = _bands(data_copy, "Acme,teal,4,x,theraband-chart,x", sep=";")
    path.write_text("sep=;\n" + path.read_text())
    (msg,) = _errors()  # the sep= line is line 1, the header line 2
    assert "bands.csv, line 4, column 'force_200pct_lbf': 'x' is not a number" in msg
    assert Band("red").force_200_N == pytest.approx(5.5 * LBF)


def test_point_as_thousands_separator_is_ambiguous_next_to_decimal_commas(
        data_copy: Path) -> None:
    path = _bands(data_copy, "Acme,teal,4|0,6|5,theraband-chart,x",
                  "Acme,gold,1.125,2|5,theraband-chart,x", sep=";")
    path.write_text(path.read_text().replace("|", ","))
    (msg,) = _errors()
    assert "bands.csv, line 4, column 'force_100pct_lbf': '1.125' could mean 1.125 or 1125" \
        in msg
    assert "decimal comma (e.g. line 3)" in msg and "use a decimal point" in msg
    assert "teal" in set(load_bands()["color"])


def test_decimal_comma_in_a_comma_separated_file_is_refused(data_copy: Path) -> None:
    _bands(data_copy, 'Acme,teal,"4,5",6.5,theraband-chart,x',
           "Acme,gold,4,5,6.5,theraband-chart,x")
    first, second = _errors()
    assert "line 3, column 'force_100pct_lbf': '4,5' has a comma" in first
    assert "use a decimal point" in first and "'4.5'" in first
    assert "line 4: has 7 fields but the header has 6" in second
    assert "a number needs a decimal point (3.7, not 3,7)" in second


def test_a_unit_typed_after_the_number_gets_the_fix(data_copy: Path) -> None:
    _bands(data_copy, "Acme,teal,4 lbf,6,theraband-chart,x")
    (msg,) = _errors()
    assert "line 3, column 'force_100pct_lbf': '4 lbf' is not a number; expected a number " \
           "in lbf: write the number only" in msg


# -- lines, blank rows, extra columns ---------------------------------------

QUIZ_HEADER = "quiz,question_id,question,choice,correct,feedback"


def test_quoted_line_breaks_count_as_lines(data_copy: Path) -> None:
    text = "\r\n".join([
        QUIZ_HEADER,                                                      # line 1
        'q,one,"What is it?",A,yes,"Right:\r\nthe first line,\r\nand more."',  # lines 2-4
        'q,one,"What is it?",B,no,Wrong.',                                # line 5
        'q,two,"Two lines',                                               # line 6
        'of question?",A,maybe,Hm.',                                      # line 7
        'q,two,"Two lines\r\nof question?",B,no,No.',                     # lines 8-9
        "q,three,Third?,A,yes,Yes.",                                      # line 10
        "q,three,Third?,B,no,No.",                                        # line 11
    ]) + "\r\n"
    (data_copy / "quiz.csv").write_bytes(text.encode("utf-8"))
    bank = load_quiz_bank()
    assert [q.question_id for q in bank.questions] == ["one", "three"]
    assert bank.questions[0].choices[0].feedback == "Right:\r\nthe first line,\r\nand more."
    assert bank.questions[0].choices[1].line == 5 and bank.questions[1].line == 10
    # The bad cell sits on line 7 (its row starts on line 6; it is record 4).
    assert any("quiz.csv, line 7, column 'correct': 'maybe' is not yes or no" in str(e)
               for e in bank.errors)


def test_trailing_blank_lines_and_empty_spreadsheet_rows_are_skipped(data_copy: Path) -> None:
    path = _bands(data_copy, "", "Acme,teal,4.0,6.0,theraband-chart,x", ",,,,,", "", "  ", "")
    assert _errors() == []
    assert list(load_bands()["color"]) == ["red", "teal"]
    assert list(load_bands()["_line"]) == [2, 4]
    assert path.read_text().endswith("\n\n  \n\n")


def test_extra_columns_are_ignored_with_a_note(data_copy: Path) -> None:
    _bands(data_copy, "Acme,teal,4.0,6.0,theraband-chart,x,bought 2025,",
           header=HEADER + ",my notes,")
    table = load_bands_table()
    assert table.errors == []
    assert Band("teal").force_100_N == pytest.approx(4.0 * LBF)
    assert table.notes == [f"{table.path}: column 'my notes' is not used by the course and is "
                           "ignored"]


def test_unclosed_quote_names_the_line_it_opens_on(data_copy: Path) -> None:
    _bands(data_copy, "Acme,teal,4.0,6.0,theraband-chart,x",
           'Acme,"gold,4.0,6.0,theraband-chart,x', "Acme,blue,4.0,6.0,theraband-chart,x")
    with pytest.raises(DataError, match=r"bands.csv, line 4: a row starting here cannot be "
                                        r"split into cells .*double quote"):
        load_bands_table()


# -- bands: brand and colour, and a curve that describes a band ------------

def test_two_brands_red_bands_live_side_by_side(data_copy: Path, body: Body) -> None:
    from kickback_edu.widgets import ResistanceLab

    _bands(data_copy, "Acme,red,4.0,6.0,theraband-chart,x")
    assert _errors() == []
    with pytest.raises(KeyError, match=r"color 'red' is made by 2 brands in bands.csv: "
                                       r"'Thera-Band', 'Acme'; pick one, e.g. "
                                       r"Band\('red', brand='Acme'\)"):
        Band("red")
    acme, thera = Band("red", brand="Acme"), Band("red", brand="Thera-Band")
    assert acme.force_100_N == pytest.approx(4.0 * LBF)
    assert thera.force_100_N == pytest.approx(3.7 * LBF)
    assert {acme.name, thera.name} == {"Band (Acme red, loop)", "Band (Thera-Band red, loop)"}
    assert Band().brand == "Thera-Band"  # the first red band of the file
    with pytest.raises(KeyError, match=r"brand \(of a 'red' band\) must be one of "
                                       r"'Thera-Band', 'Acme'; got 'Nike'"):
        Band("red", brand="Nike")
    lab = ResistanceLab(body)
    assert [label for label, _ in lab.band_color.options] == ["red (Thera-Band)", "red (Acme)"]
    lab.band_color.value = ("Acme", "red")
    assert lab.devices["band"] is not None and lab.devices["band"].name == acme.name
    assert lab.torque_at_lift()["band"] != pytest.approx(
        ResistanceLab(body).torque_at_lift()["band"])


def test_same_brand_and_colour_twice_leaves_out_the_second(data_copy: Path) -> None:
    _bands(data_copy, "thera-band,Red,4.0,6.0,theraband-chart,x")
    (msg,) = _errors()
    assert "line 3, column 'color': 'thera-band', 'Red' repeats line 2" in msg
    assert Band("red").force_100_N == pytest.approx(3.7 * LBF)


@pytest.mark.parametrize(("f100", "f200", "expected"), [
    # A "25-30 lb" box label typed in the two columns: a = (4*25 - 30)/2 = 35,
    # b = (30 - 2*25)/2 = -10, so the fit peaks at a/(-2b) = 175% and falls after.
    (25, 30, "force_200pct_lbf = 30 lbf with force_100pct_lbf = 25 lbf: the fitted force "
             "would fall as the band stretches past 175%"),
    # 2 then 9 lbf: a = 4*2 - 9 < 0, the fit is negative as soon as the band stretches.
    (2, 9, "force_200pct_lbf = 9 lbf with force_100pct_lbf = 2 lbf: the fitted force "
           "would be negative as soon as the band starts to stretch"),
])
def test_forces_that_do_not_describe_a_band_are_refused(
        data_copy: Path, f100: float, f200: float, expected: str) -> None:
    _bands(data_copy, f"Acme,teal,{f100},{f200},theraband-chart,x")
    (msg,) = _errors()
    assert f"bands.csv, line 3, column 'force_200pct_lbf': {expected}" in msg
    # The window that works: F100*4/3 < F200 < 4*F100 (hand-computed from the fit).
    assert f"must be more than {4 * f100 / 3:.3g} and less than {4 * f100:.3g} lbf" in msg
    with pytest.raises(KeyError, match="got 'teal'"):
        Band("teal")


def test_one_bad_band_row_breaks_nothing_else(data_copy: Path, body: Body) -> None:
    from kickback_edu.figures.curves import resistance_figure
    from kickback_edu.widgets import ResistanceLab

    _bands(data_copy, "Acme,red,x,6.0,theraband-chart,x", "Thera-Band,red,3,4,theraband-chart,x")
    with pytest.warns(DataWarning, match=r"2 problem\(s\)"):
        assert Band("red").force_100_N == pytest.approx(3.7 * LBF)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once per session, not on every use
        lab = ResistanceLab(body, show=("bodyweight",))
        assert set(lab.torque_at_lift()) == {"bodyweight"}
        assert len(resistance_figure(body).data) > 0


# -- check_data --------------------------------------------------------------

def test_check_data_of_the_course_files_is_clean(capsys: pytest.CaptureFixture) -> None:
    assert check_data() == []
    assert main([]) == 0
    assert "All 10 data files in" in capsys.readouterr().out


def test_check_data_lists_every_problem_of_every_file(
        data_copy: Path, capsys: pytest.CaptureFixture) -> None:
    _bands(data_copy, "Acme,teal,25,30,theraband-chart,x", "Acme,gold,x,6,theraband-chart,x",
           "Acme,blue,4,6,acme-2025,x", header=HEADER + ",notes")
    quiz = data_copy / "quiz.csv"
    quiz.write_text(quiz.read_text().replace(",yes,", ",maybe,", 1))
    segments = data_copy / "segments.csv"
    segments.write_text(segments.read_text().replace("dempster,shank,0.0465", "dempster,shank,y"))
    (data_copy / "my_bands_backup.csv").write_text("x\n")
    problems, notes = check_folder(data_copy)
    where = [(p.path.name, p.line, p.column) for p in problems]
    assert where[:3] == [("bands.csv", 3, "force_200pct_lbf"), ("bands.csv", 4,
                                                                 "force_100pct_lbf"),
                         ("bands.csv", 5, "source")]
    assert ("quiz.csv", 2, "correct") in where and ("segments.csv", 3, "mass_fraction") in where
    assert any("source 'acme-2025' is not explained in" in str(p) for p in problems)
    assert any("column 'notes' is not used" in n for n in notes)
    assert any("my_bands_backup.csv: not read by the course" in n for n in notes)
    assert [str(p) for p in check_data(data_copy)] == [str(p) for p in problems]
    assert main([str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert f"{len(problems)} problem(s) in 3 file(s)" in out
    assert "problem: " + str(problems[0]) in out


def test_check_data_command_on_a_teachers_folder(tmp_path: Path) -> None:
    folder = tmp_path / "my data"
    folder.mkdir()
    (folder / "bands.csv").write_text(HEADER + "\nAcme,teal,2,9,x,y\n")
    run = subprocess.run([sys.executable, "-m", "kickback_edu.check_data", str(folder)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "bands.csv, line 2, column 'force_200pct_lbf'" in run.stdout
    assert "quiz.csv: file not found" in run.stdout  # a teacher's folder needs every file


def test_no_valid_band_at_all_leaves_the_other_devices_working(data_copy: Path,
                                                                body: Body) -> None:
    from kickback_edu.widgets import ResistanceLab

    (data_copy / "bands.csv").write_text(HEADER + "\nAcme,teal,2,9,theraband-chart,x\n")
    with pytest.raises(KeyError, match=r"bands\.csv has no valid band"):
        Band()
    lab = ResistanceLab(body)
    assert "bands.csv has no valid band" in lab.errors["band"]
    assert set(lab.torque_at_lift()) == {"bodyweight", "cable", "machine"}


def test_quiz_questions_with_code_page_dependent_letters_are_left_out_whole(
        data_copy: Path) -> None:
    text = "\r\n".join([
        QUIZ_HEADER,
        "q,one,Which one?,A,yes,Right.",
        "q,one,Which one?,B,no,Wrong: trop fermé et très lent.",   # è: 1252 and 1250 differ
        "q,two,Third?,A,yes,Oui: café.",                           # é: the same in both
        "q,two,Third?,B,no,Non.",
    ]) + "\r\n"
    (data_copy / "quiz.csv").write_bytes(text.encode("cp1252"))
    bank = load_quiz_bank()
    assert [q.question_id for q in bank.questions] == ["two"]
    assert bank.questions[0].choices[0].feedback == "Oui: café."
    assert any("quiz.csv, line 3, column 'feedback': the file is not UTF-8" in str(e)
               and "save the file as 'CSV UTF-8'" in str(e) for e in bank.errors)
    assert any("question 'one' of quiz 'q' is left out" in str(e) for e in bank.errors)
