"""Tests for mxsec.ingest.cbp_sw_encounters (CBP Southwest Land Border Encounters, FY2022 - August FY2025)."""

from __future__ import annotations

import re

import pytest

from _raw import SOURCE_KEYS, full_raw_dir, value
from mxsec.ingest import cbp_sw_encounters as cbp
from mxsec.ingest import dhs_ohss_encounters as ohss
from mxsec.ingest.build import build_table
from mxsec.ingest.cbp_sw_encounters import FILE_NAME, RAW_COLUMNS, ingest_border_apprehensions_cbp_sw
from mxsec.paths import data_dir

COLUMNS = ["fiscal_year", "region", "measure", "agency", "authority", "months", "value", "preferred", "source_id", "note"]
MONTHS = ["OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP"]


def test_sources_follow_the_contract():
    assert [list(s) for s in cbp.SOURCES] == [SOURCE_KEYS]
    source = cbp.SOURCES[0]
    assert re.fullmatch(r"[a-z0-9_]+", source["source_id"]) and source["source_id"] == cbp.SOURCE_ID
    assert "c438a05a" in source["url"] and "c438a05a" in source["note"]


def _line(year, month, component, title, kind, count, demographic="Single Adults"):
    return ",".join([year, "FYTD", month, component, demographic, "Mexico", title, kind, str(count)])


def _write(tmp_path, lines):
    (tmp_path / FILE_NAME).write_text("\n".join([",".join(RAW_COLUMNS), *lines]) + "\n", encoding="utf-8")
    return tmp_path


def _small_lines():
    lines = []
    for month in MONTHS:
        lines += [_line("2022", month, "U.S. Border Patrol", "Title 8", "Apprehensions", 10),
                  _line("2022", month, "U.S. Border Patrol", "Title 8", "Apprehensions", 1, "UAC"),
                  _line("2022", month, "U.S. Border Patrol", "Title 42", "Expulsions", 5),
                  _line("2022", month, "Office of Field Operations", "Title 8", "Inadmissibles", 1000)]
    for month in MONTHS[:3]:
        lines.append(_line("2023 (FYTD)", month, "U.S. Border Patrol", "Title 8", "Apprehensions", 7))
    return lines


def test_small_file(tmp_path):
    table = ingest_border_apprehensions_cbp_sw(_write(tmp_path, _small_lines()))
    assert list(table.columns) == COLUMNS
    assert value(table, fiscal_year=2022, measure="apprehensions") == 12 * 11  # OFO and Title 42 left out
    assert value(table, fiscal_year=2022, measure="encounters") == 12 * 16  # every USBP row, no OFO
    row = table.set_index(["fiscal_year", "measure"])
    assert row.at[(2022, "encounters"), "authority"] == "title_8_and_42"
    assert row.at[(2023, "apprehensions"), "months"] == 3 and row.at[(2023, "apprehensions"), "value"] == 21
    assert "3 months (October 2022 - December 2022)" in row.at[(2023, "apprehensions"), "note"]
    assert (2023, "encounters") not in row.index


def test_unexpected_usbp_type_is_an_error(tmp_path):
    lines = _small_lines() + [_line("2022", "OCT", "U.S. Border Patrol", "Title 8", "Inadmissibles", 1)]
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*unexpected title and type"):
        ingest_border_apprehensions_cbp_sw(_write(tmp_path, lines))


def test_month_gap_is_an_error(tmp_path):
    lines = [line for line in _small_lines() if not line.startswith("2023 (FYTD),FYTD,NOV")]
    with pytest.raises(ValueError, match=rf"{FILE_NAME}.*not a run from October"):
        ingest_border_apprehensions_cbp_sw(_write(tmp_path, lines))


def test_bad_count_is_an_error(tmp_path):
    lines = _small_lines() + [_line("2022", "OCT", "U.S. Border Patrol", "Title 8", "Apprehensions", '"1,000"')]
    with pytest.raises(ValueError, match=FILE_NAME):
        ingest_border_apprehensions_cbp_sw(_write(tmp_path, lines))


# --- the real file -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def full():
    return ingest_border_apprehensions_cbp_sw(full_raw_dir(FILE_NAME))


def test_full_usbp_encounter_totals(full):
    encounters = full[full["measure"] == "encounters"]
    assert encounters["fiscal_year"].tolist() == [2022, 2023, 2024]
    assert value(encounters, fiscal_year=2022) == 2_206_436
    assert value(encounters, fiscal_year=2023) == 2_045_838
    assert value(encounters, fiscal_year=2024) == 1_530_523
    authority = encounters.set_index("fiscal_year")["authority"]
    assert authority.tolist() == ["title_8_and_42", "title_8_and_42", "title_8"]
    assert encounters["note"].str.startswith("Cross-check of the DHS OHSS encounters workbook").all()


def test_full_title_8_apprehensions(full):
    apprehensions = full[full["measure"] == "apprehensions"].set_index("fiscal_year")
    assert apprehensions.index.tolist() == [2022, 2023, 2024, 2025]
    assert set(apprehensions["authority"]) == {"title_8"}
    assert apprehensions.at[2022, "value"] == 1_152_352  # Title 42 expulsions (1,054,084) left out
    assert apprehensions.at[2023, "value"] == 1_496_067
    assert apprehensions.at[2024, "value"] == 1_530_523  # no Title 42 in FY2024: equals the encounters
    assert apprehensions.at[2025, "months"] == 11 and apprehensions.at[2025, "value"] == 229_183
    assert "October 2024 - August 2025" in apprehensions.at[2025, "note"]
    assert set(apprehensions.loc[2022:2024, "months"]) == {12}


def test_full_build_preferred_and_series_apart():
    raw = full_raw_dir(FILE_NAME, ohss.RAW_PATH)
    table = build_table("border_apprehensions", raw, data_dir() / "manual",
                        [ohss.ingest_border_apprehensions_ohss, ingest_border_apprehensions_cbp_sw])
    table = table.assign(fiscal_year=table["fiscal_year"].astype(int), value=table["value"].astype(int),
                         months=table["months"].astype(int))
    sw = table[(table["region"] == "southwest") & (table["agency"] == "usbp")]
    preferred = sw[sw["preferred"] == "true"].set_index(["measure", "fiscal_year"])
    # Title 8 line: the CBP file FY2022-FY2024; the full-year FY2025 release over the file's eleven months
    assert preferred.at[("apprehensions", 2022), "source_id"] == cbp.SOURCE_ID
    assert preferred.at[("apprehensions", 2022), "value"] == 1_152_352
    assert preferred.at[("apprehensions", 2023), "source_id"] == cbp.SOURCE_ID
    assert preferred.at[("apprehensions", 2024), "source_id"] == cbp.SOURCE_ID
    assert preferred.at[("apprehensions", 2025), "value"] == 237_565
    assert ("apprehensions", 2021) not in preferred.index  # no Title 8-only source for FY2021
    # encounters line: the OHSS workbook throughout; the CBP file's exact totals are cross-checks
    assert preferred.at[("encounters", 2022), "source_id"] == ohss.SOURCE_ID
    assert preferred.at[("encounters", 2022), "value"] == 2_206_440
    checks = sw[(sw["source_id"] == cbp.SOURCE_ID) & (sw["measure"] == "encounters")]
    assert (checks["preferred"] == "false").all() and len(checks) == 3
    # the CBP file never feeds the OHSS line's apprehension counterpart, nor the reverse
    assert set(sw.loc[sw["measure"] == "apprehensions", "source_id"]).isdisjoint({ohss.SOURCE_ID})
    assert set(preferred.loc["apprehensions", "obs_status"]) <= {"A", "P"}  # all Title 8: no break
