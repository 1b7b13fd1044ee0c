"""The shared raw-file reader: text cells, header checks, errors that name the file."""

import pytest

from mxsec.ingest.rawfile import check_patterns, read_raw_csv


def test_cells_stay_text(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("cve_ent,value\n01,007\n02,\n", encoding="utf-8")
    raw = read_raw_csv(path, columns=["cve_ent", "value"])
    assert raw["cve_ent"].tolist() == ["01", "02"]
    assert raw["value"].tolist() == ["007", ""]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"nothere\.csv: file not found"):
        read_raw_csv(tmp_path / "nothere.csv")


def test_header_checks(tmp_path):
    path = tmp_path / "raw.psv"
    path.write_text("year|state|homicides\n2020|01|5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"raw\.psv: expected columns \['year', 'cve_ent', 'homicides'\]"):
        read_raw_csv(path, columns=["year", "cve_ent", "homicides"], sep="|")
    with pytest.raises(ValueError, match=r"raw\.psv: missing columns \['cve_ent'\]"):
        read_raw_csv(path, required=["year", "cve_ent"], sep="|")
    assert read_raw_csv(path, required=["year"], sep="|").shape == (1, 3)


def test_patterns_list_the_bad_values(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text("year,cve_ent\n2020,01\n20x1,1\n", encoding="utf-8")
    raw = read_raw_csv(path)
    check_patterns(path, raw.iloc[:1], {"year": r"\d{4}", "cve_ent": r"\d{2}"})
    with pytest.raises(ValueError, match=r"column year has unexpected values \['20x1'\]"):
        check_patterns(path, raw, {"year": r"\d{4}"})
