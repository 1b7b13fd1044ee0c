"""Tests for mxsec.ingest.inegi (INEGI homicide deaths by registration and by occurrence)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, copy_fixtures, full_raw_dir, value
from mxsec.data.schemas import TABLES
from mxsec.ingest import inegi
from mxsec.ingest.inegi import (
    MUNICIPAL_EXPORT_DIR,
    OCCURRENCE_FILE,
    REGISTRATION_FILE,
    ingest_homicides_monthly_inegi_occurrence,
    ingest_homicides_national_inegi_occurrence,
    ingest_homicides_national_inegi_registration,
    ingest_homicides_state_inegi_occurrence,
    ingest_homicides_state_inegi_registration,
    read_municipal_export_totals,
)

# raw-derived rows carry every column of the curated table but `locator` (hand-kept rows only)
NATIONAL_COLUMNS = TABLES["homicides_national"].ingest_columns
STATE_COLUMNS = TABLES["homicides_state"].ingest_columns
MONTHLY_COLUMNS = TABLES["homicides_monthly"].ingest_columns
ELCRIMEN_FILE = "inegi_sesnsp_national_year_1990_2017_elcrimen.csv"
# INEGI national homicides by year of registration (PROVENANCE.md; INEGI query exports).
PUBLISHED_REGISTRATION = {1990: 14_493, 2008: 14_006, 2010: 25_757, 2015: 20_762, 2016: 24_559}


def check_common(table, columns, basis, source_id):
    assert list(table.columns) == columns
    assert set(table["source"]) == {"inegi"}
    assert set(table["crime"]) == {"intentional_homicide"}
    assert set(table["measure"]) == {"victims"}
    assert set(table["basis"]) == {basis}
    assert set(table["revision"]) == {"final"}
    assert set(table["months"]) == {12}
    assert not table["preferred"].any()
    assert set(table["source_id"]) == {source_id}
    for column in ("year", "months", "value"):
        assert str(table[column].dtype) == "int64"
    assert str(table["preferred"].dtype) == "bool"


def test_sources_follow_the_contract():
    assert [list(s) for s in inegi.SOURCES] == [SOURCE_KEYS, SOURCE_KEYS]
    ids = {s["source_id"] for s in inegi.SOURCES}
    assert ids == {inegi.SOURCE_ID_REGISTRATION, inegi.SOURCE_ID_OCCURRENCE}
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)
    assert all(s["accessed"] == "2026-11-23" and s["url"].startswith("https://www.inegi.org.mx/") for s in inegi.SOURCES)
    notes = " ".join(s["note"] for s in inegi.SOURCES)
    for commit in ("c5afd8bb", "323cbfc6", "U8DC3"):
        assert commit in notes


# ------------------------------------------------------------------------------ fixture excerpts

def test_fixture_national_registration():
    table = ingest_homicides_national_inegi_registration(FIXTURE_RAW_DIR)
    check_common(table, NATIONAL_COLUMNS, "registration", inegi.SOURCE_ID_REGISTRATION)
    assert table["year"].tolist() == [2016]
    assert value(table, year=2016) == 24_559
    # national 24,559 = 32 states (24,558) + 1 death outside them
    assert "includes 1 deaths outside the 32 states" in table["note"].item()


def test_fixture_state_registration():
    table = ingest_homicides_state_inegi_registration(FIXTURE_RAW_DIR)
    check_common(table, STATE_COLUMNS, "registration", inegi.SOURCE_ID_REGISTRATION)
    assert table["state_code"].tolist() == [f"{i:02d}" for i in range(1, 33)]
    assert value(table, year=2016, state_code="08") == 1_795
    assert value(table, year=2016, state_code="12") == 2_587
    assert table["value"].sum() == 24_558


def test_fixture_municipal_export_totals():
    totals = read_municipal_export_totals(FIXTURE_RAW_DIR)
    assert value(totals, year=1990, state_code="00") == 14_493
    assert value(totals, year=1990, state_code="33") == 67  # "Extranjero": deaths abroad
    assert value(totals, year=2015, state_code="00") == 20_762
    assert value(totals, year=2015, state_code="33") == 3
    assert value(totals, year=2015, state_code="08") == 1_541


def test_fixture_occurrence_state_and_national():
    states = ingest_homicides_state_inegi_occurrence(FIXTURE_RAW_DIR)
    check_common(states, STATE_COLUMNS, "occurrence", inegi.SOURCE_ID_OCCURRENCE)
    assert len(states) == 32
    assert value(states, year=2016, state_code="12") == 2_545
    national = ingest_homicides_national_inegi_occurrence(FIXTURE_RAW_DIR)
    check_common(national, NATIONAL_COLUMNS, "occurrence", inegi.SOURCE_ID_OCCURRENCE)
    assert value(national, year=2016) == 24_613 == states["value"].sum()
    assert "unknown state or month" in national["note"].item()


def test_fixture_monthly_occurrence():
    table = ingest_homicides_monthly_inegi_occurrence(FIXTURE_RAW_DIR)
    assert list(table.columns) == MONTHLY_COLUMNS
    assert len(table) == 12 * 33
    assert set(table["source_id"]) == {inegi.SOURCE_ID_OCCURRENCE}
    for column in ("year", "month", "value", "days_in_month"):
        assert str(table[column].dtype) == "int64"
    february = table[(table["month"] == 2)]
    assert set(february["days_in_month"]) == {29}  # 2016 is a leap year
    assert value(february, state_code="00") == 1_680
    assert value(february, state_code="08") == 112
    national = table[table["state_code"] == "00"]
    assert national["value"].sum() == 24_613
    assert table.equals(table.sort_values(["year", "month", "state_code"]).reset_index(drop=True))


# ---------------------------------------------------------------------------- validation errors

def test_missing_state_in_json_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    data = json.loads((raw / REGISTRATION_FILE).read_text(encoding="utf-8"))
    del data["9"]
    (raw / REGISTRATION_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{REGISTRATION_FILE}.*missing \['9'\]"):
        ingest_homicides_national_inegi_registration(raw)


def test_null_count_in_json_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    data = json.loads((raw / REGISTRATION_FILE).read_text(encoding="utf-8"))
    data["8"][1][3]["c"] = None
    (raw / REGISTRATION_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{REGISTRATION_FILE}.*'8' 2016-04-01: count None"):
        ingest_homicides_state_inegi_registration(raw)


def test_export_total_not_matching_states_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / MUNICIPAL_EXPORT_DIR / "1990.csv"
    text = path.read_bytes().replace(b'"Extranjero","67"', b'"Extranjero","68"', 1)
    path.write_bytes(text)
    with pytest.raises(ValueError, match=r"1990\.csv.*'Extranjero': months sum to 67, Total says 68"):
        read_municipal_export_totals(raw)


def test_missing_month_in_psv_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / OCCURRENCE_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("08|2016|7|")), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{OCCURRENCE_FILE}.*without 12 months"):
        ingest_homicides_national_inegi_occurrence(raw)


def test_changed_psv_header_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / OCCURRENCE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("homicides|", "deaths|", 1), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{OCCURRENCE_FILE}: expected columns"):
        ingest_homicides_state_inegi_occurrence(raw)


# ---------------------------------------------------------------------------- full raw data

def test_full_registration_matches_published_totals():
    raw = full_raw_dir(REGISTRATION_FILE)
    national = ingest_homicides_national_inegi_registration(raw)
    assert national["year"].tolist() == list(range(1990, 2017))
    for year, published in PUBLISHED_REGISTRATION.items():
        assert value(national, year=year) == published
    states = ingest_homicides_state_inegi_registration(raw)
    assert len(states) == 27 * 32
    assert value(states, year=2010, state_code="08") == 6_421
    # National = sum of states + deaths abroad: never below, at most 126 above (1995).
    gap = national.set_index("year")["value"] - states.groupby("year")["value"].sum()
    assert gap.between(0, 126).all()
    assert gap.loc[1995] == 126 and gap.loc[2010] == 0


def test_full_registration_cross_checks_exports_and_elcrimen_table():
    raw = full_raw_dir(REGISTRATION_FILE, MUNICIPAL_EXPORT_DIR, ELCRIMEN_FILE)
    national = ingest_homicides_national_inegi_registration(raw).set_index("year")["value"]
    states = ingest_homicides_state_inegi_registration(raw).set_index(["year", "state_code"])["value"]
    exports = read_municipal_export_totals(raw)
    assert sorted(set(exports["year"])) == list(range(1990, 2016))
    by_code = exports.set_index(["year", "state_code"])["value"]
    for year in range(1990, 2016):
        assert by_code.loc[(year, "00")] == national.loc[year]
        abroad = by_code.get((year, "33"), 0)
        assert national.loc[year] - states.loc[year].sum() == abroad
    in_states = exports[exports["state_code"].isin(states.index.get_level_values("state_code"))]
    for (year, code), count in in_states.set_index(["year", "state_code"])["value"].items():
        assert states.loc[(year, code)] == count
    # Diego Valle-Jones's national table, column "Homicidios INEGI" (year rows only).
    text = (raw / ELCRIMEN_FILE).read_bytes().decode("utf-8", errors="replace")
    table = {int(r[0]): int(r[2]) for r in csv.reader(io.StringIO(text)) if r and re.fullmatch(r"\d{4}", r[0]) and r[2]}
    assert table == national.to_dict()


def test_full_occurrence_runs_near_registration():
    raw = full_raw_dir(OCCURRENCE_FILE, REGISTRATION_FILE)
    occurrence = ingest_homicides_national_inegi_occurrence(raw).set_index("year")["value"]
    assert occurrence.index.tolist() == list(range(2000, 2023))
    assert occurrence.loc[2016] == 24_613 and occurrence.loc[2022] == 31_048
    registration = ingest_homicides_national_inegi_registration(raw).set_index("year")["value"]
    both = registration.loc[2000:2016]
    # Different bases: same order of magnitude, never identical as a series, within 3% each year.
    assert ((occurrence.loc[2000:2016] - both).abs() / both).max() < 0.03
    assert (occurrence.loc[2000:2016] != both).any()
    states = ingest_homicides_state_inegi_occurrence(raw)
    assert len(states) == 23 * 32
    monthly = ingest_homicides_monthly_inegi_occurrence(raw)
    assert len(monthly) == 23 * 12 * 33
    assert monthly[monthly["state_code"] == "00"].groupby("year")["value"].sum().to_dict() == occurrence.to_dict()
