"""Tests for mxsec.ingest.sesnsp (SESNSP victims and case files; old-methodology SNSP series)."""

from __future__ import annotations

import bz2
import re

import pytest

from _raw import FIXTURE_RAW_DIR, SOURCE_KEYS, copy_fixtures, full_raw_dir, value
from mxsec.data.schemas import STATE_CODES, TABLES
from mxsec.ingest import sesnsp
from mxsec.ingest.sesnsp import (
    CIEISP_DIR,
    MUNICIPAL_CASE_FILE,
    OFFICIAL_CASE_FILE,
    OLD_NATIONAL_FILE,
    VICTIMS_FILE,
    case_files_official_vs_municipal,
    ingest_homicides_national_sesnsp_case_files,
    ingest_homicides_national_sesnsp_old_case_files,
    ingest_homicides_national_sesnsp_victims,
    ingest_homicides_state_sesnsp_case_files,
    ingest_homicides_state_sesnsp_victims,
    ingest_homicides_state_snsp_cieisp,
)

# raw-derived rows carry every column of the curated table but `locator` (hand-kept rows only)
NATIONAL_COLUMNS = TABLES["homicides_national"].ingest_columns
STATE_COLUMNS = TABLES["homicides_state"].ingest_columns
STATES = STATE_CODES


def edit_bz2(path, edit):
    text = bz2.decompress(path.read_bytes()).decode("utf-8")
    path.write_bytes(bz2.compress(edit(text).encode("utf-8")))


def check_common(table, columns, measure):
    assert list(table.columns) == columns
    assert set(table["source"]) == {"sesnsp"}
    assert set(table["measure"]) == {measure}
    assert set(table["basis"]) == {"registration"}
    assert not table["preferred"].any()
    for column in ("year", "months", "value"):
        assert str(table[column].dtype) == "int64"
    assert str(table["preferred"].dtype) == "bool"
    partial = table["year"] == 2025
    assert set(table.loc[partial, "months"]) <= {6} and set(table.loc[~partial, "months"]) <= {12}
    assert set(table.loc[partial, "revision"]) <= {"preliminary"} and set(table.loc[~partial, "revision"]) <= {"final"}
    assert table.loc[partial, "note"].str.contains("January-June").all()


def test_sources_follow_the_contract():
    assert all(list(s) == SOURCE_KEYS for s in sesnsp.SOURCES)
    ids = [s["source_id"] for s in sesnsp.SOURCES]
    assert len(set(ids)) == len(ids) == 5
    assert all(re.fullmatch(r"[a-z0-9_]+", i) for i in ids)
    assert all(s["accessed"] == "2026-11-23" and s["url"].startswith("https://www.gob.mx/sesnsp/") for s in sesnsp.SOURCES)
    # The build's preference rule recognises old-methodology series by these prefixes.
    assert sesnsp.SOURCE_ID_OLD_NATIONAL.startswith("sesnsp_old")
    assert sesnsp.SOURCE_ID_CIEISP.startswith("snsp_cieisp")
    notes = " ".join(s["note"] for s in sesnsp.SOURCES)
    for commit in ("3e4e59ae", "804bd401", "4e8a700c", "387273fd"):
        assert commit in notes


# ------------------------------------------------------------------------------ fixture excerpts

def test_fixture_victims():
    national = ingest_homicides_national_sesnsp_victims(FIXTURE_RAW_DIR)
    check_common(national, NATIONAL_COLUMNS, "victims")
    assert set(national["source_id"]) == {sesnsp.SOURCE_ID_VICTIMS}
    # PROVENANCE: 2018 intentional-homicide victims = 33,742 (summing every row would give 133,852).
    assert value(national, year=2018, crime="intentional_homicide") == 33_742
    assert value(national, year=2018, crime="feminicide") == 920
    assert value(national, year=2025, crime="intentional_homicide") == 12_752
    assert value(national, year=2025, crime="feminicide") == 338
    states = ingest_homicides_state_sesnsp_victims(FIXTURE_RAW_DIR)
    check_common(states, STATE_COLUMNS, "victims")
    # Baja California Sur (03) reports no feminicide in 2018: missing before its first report, not 0
    assert len(states) == 2 * 32 * 2 - 1
    assert states[(states["crime"] == "feminicide") & (states["state_code"] == "03") & (states["year"] == 2018)].empty
    assert sorted(set(states["state_code"])) == STATES
    assert value(states, year=2018, state_code="11", crime="intentional_homicide") == 3_290
    assert states.groupby(["year", "crime"])["value"].sum().to_dict() == \
        national.set_index(["year", "crime"])["value"].to_dict()


def test_fixture_case_files_official_then_municipal():
    national = ingest_homicides_national_sesnsp_case_files(FIXTURE_RAW_DIR)
    check_common(national, NATIONAL_COLUMNS, "case_files")
    assert national["year"].tolist() == [2021, 2021, 2022, 2022, 2025, 2025]
    assert set(national.loc[national["year"] == 2021, "source_id"]) == {sesnsp.SOURCE_ID_CASE_FILES_OFFICIAL}
    assert set(national.loc[national["year"] > 2021, "source_id"]) == {sesnsp.SOURCE_ID_CASE_FILES_MUNICIPAL}
    assert value(national, year=2021, crime="intentional_homicide") == 28_267
    assert value(national, year=2021, crime="feminicide") == 977
    assert value(national, year=2022, crime="intentional_homicide") == 26_282
    assert value(national, year=2022, crime="feminicide") == 963
    assert value(national, year=2025, crime="intentional_homicide") == 10_787
    states = ingest_homicides_state_sesnsp_case_files(FIXTURE_RAW_DIR)
    check_common(states, STATE_COLUMNS, "case_files")
    assert len(states) == 3 * 32 * 2  # the official file's partial 2022 (January-March) is not used
    assert value(states, year=2021, state_code="11", crime="intentional_homicide") == 2_823
    assert not states.duplicated(["year", "state_code", "crime"]).any()


def test_fixture_official_vs_municipal_differ_little():
    both = case_files_official_vs_municipal(FIXTURE_RAW_DIR)
    assert set(both["year"]) == {2021}
    totals = both.groupby("crime")[["official", "municipal"]].sum()
    assert totals.loc["intentional_homicide"].tolist() == [28_267, 28_279]
    assert totals.loc["feminicide"].tolist() == [977, 984]
    assert both["difference"].abs().max() == 8  # largest state gap in 2021


def test_fixture_old_methodology_national():
    table = ingest_homicides_national_sesnsp_old_case_files(FIXTURE_RAW_DIR)
    assert list(table.columns) == NATIONAL_COLUMNS
    assert table["year"].tolist() == [1997, 1998, 2007, 2008, 2014, 2015, 2016, 2017]
    assert value(table, year=1997) == 16_866
    assert value(table, year=2008) == 13_155
    assert value(table, year=2017) == 25_339
    assert set(table["note"]) == {"old methodology (averiguaciones previas)"}
    assert set(table["measure"]) == {"case_files"} and set(table["months"]) == {12}
    assert set(table["source_id"]) == {sesnsp.SOURCE_ID_OLD_NATIONAL}


def test_fixture_cieisp_state_years():
    table = ingest_homicides_state_snsp_cieisp(FIXTURE_RAW_DIR)
    assert list(table.columns) == STATE_COLUMNS
    assert set(table["source_id"]) == {sesnsp.SOURCE_ID_CIEISP}
    assert value(table, year=2002, state_code="09") == 748  # "Distrito Federal"
    assert value(table, year=2002, state_code="15") == 2_870  # "México"
    assert value(table, year=2002, state_code="08") == 528
    chihuahua = table[(table["year"] == 2008) & (table["state_code"] == "08")]
    assert chihuahua["value"].item() == 390 and chihuahua["months"].item() == 11
    assert "under-reported" in chihuahua["note"].item()
    assert set(table.loc[table["year"] == 2008, "months"]) == {11}
    assert set(table.loc[table["year"] < 2008, "months"]) == {12}
    tlaxcala = table[(table["year"] == 2007) & (table["state_code"] == "29")]
    assert tlaxcala.empty  # the file's 0 stands for a missing year (INEGI has 36 deaths): left out, never 0


# ---------------------------------------------------------------------------- validation errors

def test_national_victims_row_disagreeing_with_states_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    edit_bz2(raw / VICTIMS_FILE, lambda t: re.sub(
        r"^(2018,00,Nacional,[^\n]*Homicidio doloso,Con arma blanca,Total,)(\d+)",
        lambda m: m.group(1) + str(int(m.group(2)) + 1), t, count=1, flags=re.M))
    with pytest.raises(ValueError, match=rf"{VICTIMS_FILE}: national rows \(00\) differ"):
        ingest_homicides_national_sesnsp_victims(raw)


def test_repeated_key_rows_are_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    edit_bz2(raw / VICTIMS_FILE, lambda t: t + t.splitlines()[1] + "\n")
    with pytest.raises(ValueError, match=rf"{VICTIMS_FILE}: repeated year-state-crime-modality-sex rows"):
        ingest_homicides_state_sesnsp_victims(raw)
    edit_bz2(raw / MUNICIPAL_CASE_FILE, lambda t: t + t.splitlines()[1] + "\n")
    with pytest.raises(ValueError, match=rf"{MUNICIPAL_CASE_FILE}: repeated year-state-crime-modality rows"):
        ingest_homicides_state_sesnsp_case_files(raw)


def test_unknown_state_code_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    edit_bz2(raw / MUNICIPAL_CASE_FILE, lambda t: t + t.splitlines()[1].replace(",01,", ",33,", 1) + "\n")
    with pytest.raises(ValueError, match=rf"{MUNICIPAL_CASE_FILE}: unexpected cve_ent \['33'\]"):
        ingest_homicides_national_sesnsp_case_files(raw)


def test_newer_cut_with_2026_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    edit_bz2(raw / VICTIMS_FILE, lambda t: t + t.splitlines()[1].replace("2018,", "2026,", 1) + "\n")
    with pytest.raises(ValueError, match=rf"{VICTIMS_FILE}: years 2018-2026 outside 2015-2025"):
        ingest_homicides_state_sesnsp_victims(raw)


def test_empty_month_in_a_complete_official_year_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / OFFICIAL_CASE_FILE
    data = path.read_bytes()
    line = next(l for l in data.split(b"\r\n") if l.startswith(b"2021,1,") and b"Homicidio doloso" in l)
    path.write_bytes(data.replace(line, line.rsplit(b",", 1)[0] + b",", 1))
    with pytest.raises(ValueError, match=rf"{OFFICIAL_CASE_FILE}: column Diciembre has unexpected values"):
        ingest_homicides_state_sesnsp_case_files(raw)


def test_changed_official_header_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / OFFICIAL_CASE_FILE
    path.write_bytes(path.read_bytes().replace(b"Clave_Ent", b"Clave", 1))
    with pytest.raises(ValueError, match=rf"{OFFICIAL_CASE_FILE}: unexpected header"):
        ingest_homicides_national_sesnsp_case_files(raw)


def test_old_national_column_moved_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / OLD_NATIONAL_FILE
    path.write_bytes(path.read_bytes().replace(b'"Averiguaciones Homicidio Doloso"', b'"Averiguaciones"', 1))
    with pytest.raises(ValueError, match=rf"{OLD_NATIONAL_FILE}: column 10 is not"):
        ingest_homicides_national_sesnsp_old_case_files(raw)


def test_cieisp_unknown_state_name_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / CIEISP_DIR / "BD08.TXT.bz2"
    path.write_bytes(bz2.compress(bz2.decompress(path.read_bytes()).replace(b"\tCoahuila\t", b"\tCoahuila Sur\t")))
    with pytest.raises(ValueError, match=r"BD08\.TXT\.bz2: unknown Entidad \['Coahuila Sur'\]"):
        ingest_homicides_state_snsp_cieisp(raw)


def test_cieisp_state_total_not_matching_months_is_an_error(tmp_path):
    raw = copy_fixtures(tmp_path)
    path = raw / CIEISP_DIR / "BD02.TXT.bz2"
    lines = bz2.decompress(path.read_bytes()).split(b"\r\n")
    fields = lines[1].split(b"\t")  # Aguascalientes, Enero
    thd = fields[10]
    fields[10] = str(int(thd) + 1).encode()
    lines[1] = b"\t".join(fields)
    path.write_bytes(bz2.compress(b"\r\n".join(lines)))
    with pytest.raises(ValueError, match=r"BD02\.TXT\.bz2: state Total rows do not match"):
        ingest_homicides_state_snsp_cieisp(raw)


# ---------------------------------------------------------------------------- full raw data

def test_full_victims():
    raw = full_raw_dir(VICTIMS_FILE)
    national = ingest_homicides_national_sesnsp_victims(raw)
    check_common(national, NATIONAL_COLUMNS, "victims")
    assert sorted(set(national["year"])) == list(range(2015, 2026))
    assert value(national, year=2018, crime="intentional_homicide") == 33_742  # PROVENANCE.md
    assert value(national, year=2025, crime="intentional_homicide") == 12_752
    states = ingest_homicides_state_sesnsp_victims(raw)
    # 11 years x 32 states x 2 crimes, less the 16 feminicide zeros of states before their first
    # reported feminicide (missing, not zero): 8 states in 2015, 5 in 2016, 2 in 2017, 1 in 2018
    assert len(states) == 11 * 32 * 2 - 16
    fem = states[states["crime"] == "feminicide"].set_index(["year", "state_code"])["value"]
    assert (2015, "01") not in fem.index and (2018, "03") not in fem.index and fem.at[(2019, "03")] > 0
    assert states.groupby(["year", "crime"])["value"].sum().to_dict() == \
        national.set_index(["year", "crime"])["value"].to_dict()


def test_full_case_files_official_and_municipal_agree_closely():
    raw = full_raw_dir(OFFICIAL_CASE_FILE, MUNICIPAL_CASE_FILE)
    both = case_files_official_vs_municipal(raw)
    assert sorted(set(both["year"])) == list(range(2015, 2022))
    yearly = both.groupby(["year", "crime"])[["official", "municipal", "difference"]].sum()
    share = yearly["difference"].abs() / yearly["official"]
    assert share.xs("intentional_homicide", level="crime").max() < 0.001  # at most 20 of ~29,000
    assert share.xs("feminicide", level="crime").max() < 0.01  # at most 7 of ~980
    assert both["difference"].abs().max() <= 15  # any state-year
    assert yearly.loc[(2019, "intentional_homicide")].tolist() == [29_480, 29_500, 20]
    national = ingest_homicides_national_sesnsp_case_files(raw)
    check_common(national, NATIONAL_COLUMNS, "case_files")
    assert sorted(set(national["year"])) == list(range(2015, 2026))
    assert value(national, year=2018, crime="intentional_homicide") == 29_097
    assert value(national, year=2024, crime="intentional_homicide") == 25_449
    states = ingest_homicides_state_sesnsp_case_files(raw)
    assert len(states) == 11 * 32 * 2 - 17  # feminicide zeros before a state's first report are missing
    assert states.groupby(["year", "crime"])["value"].sum().to_dict() == \
        national.set_index(["year", "crime"])["value"].to_dict()


def test_full_old_methodology():
    raw = full_raw_dir(OLD_NATIONAL_FILE, CIEISP_DIR)
    national = ingest_homicides_national_sesnsp_old_case_files(raw)
    assert national["year"].tolist() == list(range(1997, 2018))
    assert value(national, year=1997) == 16_866
    assert value(national, year=2010) == 20_143
    assert value(national, year=2017) == 25_339
    states = ingest_homicides_state_snsp_cieisp(raw)
    # the old file stores a missing state-year as 0: Tlaxcala 2007 (INEGI: 36 deaths) is left out
    assert len(states) == 7 * 32 - 1
    assert states[(states["year"] == 2007) & (states["state_code"] == "29")].empty
    # Sums of the 32 states = the files' own grand-total rows (checked at read time).
    assert states.groupby("year")["value"].sum().to_dict() == {
        2002: 13_144, 2003: 12_753, 2004: 11_614, 2005: 11_255, 2006: 11_775, 2007: 11_767, 2008: 11_946}
    assert set(states.loc[states["year"] == 2008, "months"]) == {11}
