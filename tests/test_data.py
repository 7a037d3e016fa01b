"""Every data file validates; broken files get errors naming file, line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kickback_edu import Band, Body
from kickback_edu.data import (
    DataError,
    DataWarning,
    data_dir,
    load_bands,
    load_bands_table,
    load_emg,
    load_muscles,
    load_parameters,
    load_proportions,
    load_segments,
    load_strength_curve,
)
from kickback_edu.gait import load_gait_keypoints
from kickback_edu.stance import load_stance_parameters

REPO = Path(__file__).resolve().parents[1]
LOADERS = [load_segments, load_bands, load_muscles, load_parameters, load_proportions,
           load_strength_curve, load_emg, load_stance_parameters, load_gait_keypoints]


@pytest.mark.parametrize("loader", LOADERS)
def test_every_file_loads(loader) -> None:
    assert len(loader()) > 0


def test_the_repo_data_folder_is_used_in_development() -> None:
    assert data_dir().resolve() in (REPO / "data", Path(__file__).parents[1] / "data") or \
        data_dir().name == "_data"


def test_every_source_key_is_cited() -> None:
    sources = (REPO / "data" / "SOURCES.md").read_text()
    keys = set(re.findall(r"^\| ([a-z0-9-]+) \|", sources, flags=re.M))
    for csv in sorted((REPO / "data").glob("*.csv")):
        text = csv.read_text().splitlines()
        header = text[0].split(",")
        if "source" not in header:
            continue
        import csv as csvmod

        for row in csvmod.DictReader(text):
            for key in row["source"].split(";"):
                assert key in keys, f"{csv.name}: source key {key!r} missing from SOURCES.md"


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_bad_number_names_file_line_column(data_copy: Path) -> None:
    _rewrite(data_copy / "segments.csv", "dempster,shank,0.0465", "dempster,shank,abc")
    with pytest.raises(DataError) as err:
        load_segments()
    msg = str(err.value)
    assert "segments.csv, line 3, column 'mass_fraction'" in msg
    assert "'abc' is not a number" in msg


def test_out_of_range_value(data_copy: Path) -> None:
    _rewrite(data_copy / "segments.csv", "dempster,thigh,0.100,0.433", "dempster,thigh,0.100,1.433")
    with pytest.raises(DataError, match=r"line 2, column 'com_fraction': '1.433' is out of "
                                        r"range; allowed 0 to 1"):
        Body()


def test_missing_column_and_missing_file(data_copy: Path) -> None:
    _rewrite(data_copy / "muscles.csv", "key,name,role", "key,nom,role")
    with pytest.raises(DataError, match=r"muscles.csv, line 1: missing column\(s\) name"):
        load_muscles()
    (data_copy / "emg.csv").unlink()
    with pytest.raises(DataError, match=r"emg.csv: file not found"):
        load_emg()


def test_unknown_choice_and_duplicate_key(data_copy: Path) -> None:
    _rewrite(data_copy / "muscles.csv", ",prime mover,", ",main mover,")
    with pytest.raises(DataError, match=r"column 'role': 'main mover' is not allowed; use one "
                                        r"of: prime mover, synergist"):
        load_muscles()


def test_wrong_field_count(data_copy: Path) -> None:
    with (data_copy / "strength_curve.csv").open("a") as fh:
        fh.write("female,0.1,0.2\n")
    with pytest.raises(DataError, match=r"strength_curve.csv, line 4: has 3 fields but the "
                                        r"header has 8"):
        load_strength_curve()


def test_teacher_band_row_broken_keeps_the_others(data_copy: Path) -> None:
    with (data_copy / "bands.csv").open("a") as fh:
        fh.write("Acme,purple,4.0,x,teacher,measured in class\n")
        fh.write("Acme,orange,5.0,4.0,teacher,measured in class\n")
        fh.write("Acme,teal,4.0,6.0,teacher,measured in class\n")
    table = load_bands_table()
    assert len(table.errors) == 2
    assert "line 10, column 'force_200pct_lbf': 'x' is not a number" in str(table.errors[0])
    assert "line 11, column 'force_200pct_lbf'" in str(table.errors[1])
    # 5 then 4 lbf: the fitted curve falls; 4/3 and 4 times F100 bound the F200 that work.
    assert "force_200pct_lbf must be more than 6.67 and less than 20 lbf" in str(table.errors[1])
    assert "teal" in set(table.frame["color"]) and "red" in set(table.frame["color"])
    with pytest.warns(DataWarning, match=r"(?s)2 problem\(s\) in .*bands.csv.*line 10"):
        assert "purple" not in set(load_bands()["color"])


def test_teacher_can_add_a_band(data_copy: Path) -> None:
    with (data_copy / "bands.csv").open("a") as fh:
        fh.write("Acme,teal,4.0,6.0,teacher,measured in class\n")
    assert Band("teal").strand_force_N(1.0) == pytest.approx(4.0 * 4.448)


def test_segment_table_needs_three_segments(data_copy: Path) -> None:
    path = data_copy / "segments.csv"
    lines = [line for line in path.read_text().splitlines() if "dempster,foot" not in line]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match="table 'dempster' must have exactly one row each"):
        load_segments()
