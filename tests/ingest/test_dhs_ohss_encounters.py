"""Tests for mxsec.ingest.dhs_ohss_encounters (DHS OHSS USBP encounters workbook, FY2000-FY2025)."""

from __future__ import annotations

import re

import openpyxl
import pytest

from _raw import SOURCE_KEYS, full_raw_dir, value
from mxsec.data.schemas import TABLES
from mxsec.ingest import dhs_ohss_encounters as ohss
from mxsec.ingest.build import build_table
from mxsec.paths import data_dir
from mxsec.ingest.dhs_ohss_encounters import RAW_PATH, ingest_border_apprehensions_ohss
from mxsec.ingest.rawfile import read_raw_xlsx

COLUMNS = ["fiscal_year", "region", "measure", "agency", "authority", "months", "value", "preferred", "source_id", "note"]


def test_sources_follow_the_contract():
    assert [list(s) for s in ohss.SOURCES] == [SOURCE_KEYS]
    source = ohss.SOURCES[0]
    assert re.fullmatch(r"[a-z0-9_]+", source["source_id"]) and source["source_id"] == ohss.SOURCE_ID
    assert "c438a05a" in source["url"] and "c438a05a" in source["note"]
    assert "nearest 10" in source["note"]


def _workbook(path, region_rows, total_rows, month_rows):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, header, rows in (("Annual Region", ["Fiscal\nYear", "Region", "Quantity"], region_rows),
                               ("Annual Count", ["Fiscal\nYear", "Quantity"], total_rows),
                               ("Monthly Count", ["Fiscal\nYear", "Month", "Quantity"], month_rows)):
        sheet = book.create_sheet(name)
        for row in [header, *rows]:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _small(tmp_path, *, years=(2000, 2001), drop_region=False, months_last=2):
    regions = []
    for year in years:
        regions += [(year, "Coastal Border", 10), (year, "Northern Land Border", 20)]
        if not drop_region:
            regions.append((year, "Southwest Land Border", 1000 + year))
    totals = [(year, 1030 + year) for year in years]
    names = ohss.FISCAL_MONTHS
    monthly = [(year, f"{i + 1:02d} {names[i]}", 1) for year in years[:-1] for i in range(12)]
    monthly += [(years[-1], f"{i + 1:02d} {names[i]}", 1) for i in range(months_last)]
    _workbook(tmp_path / RAW_PATH, regions, totals, monthly)
    return tmp_path


def test_small_workbook(tmp_path):
    table = ingest_border_apprehensions_ohss(_small(tmp_path))
    assert list(table.columns) == COLUMNS
    assert set(table["measure"]) == {"encounters"} and set(table["agency"]) == {"usbp"}
    assert value(table, fiscal_year=2000, region="southwest") == 3000
    assert value(table, fiscal_year=2001, region="nationwide") == 3031
    months = table.set_index(["fiscal_year", "region"])["months"]
    assert months[(2000, "southwest")] == 12 and months[(2001, "southwest")] == 2
    note = table.set_index(["fiscal_year", "region"]).at[(2001, "southwest"), "note"]
    assert "2 months (October 2000 - November 2000), not a full year" in note


def test_header_with_line_break_is_read_as_one_space(tmp_path):
    raw = _small(tmp_path)
    frame = read_raw_xlsx(raw / RAW_PATH, "Annual Count", columns=["Fiscal Year", "Quantity"])
    assert frame.iloc[0].tolist() == ["2000", "3030"]


def test_missing_southwest_region_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"KHSM_Encounters_USBP_fy25m11.xlsx.*regions"):
        ingest_border_apprehensions_ohss(_small(tmp_path, drop_region=True))


def test_gap_in_fiscal_years_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"expected every year 2000-2002"):
        ingest_border_apprehensions_ohss(_small(tmp_path, years=(2000, 2002)))


def test_missing_sheet_is_an_error(tmp_path):
    raw = _small(tmp_path)
    book = openpyxl.load_workbook(raw / RAW_PATH)
    book.remove(book["Annual Count"])
    book.save(raw / RAW_PATH)
    with pytest.raises(ValueError, match=r"no sheet 'Annual Count'"):
        ingest_border_apprehensions_ohss(raw)


# --- the real workbook ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def full():
    return ingest_border_apprehensions_ohss(full_raw_dir(RAW_PATH))


def test_full_southwest_values_as_published(full):
    sw = full[full["region"] == "southwest"]
    assert sw["fiscal_year"].tolist() == list(range(2000, 2026))
    assert value(sw, fiscal_year=2000) == 1_566_420
    assert value(sw, fiscal_year=2019) == 851_510  # the yearbook's 851,508, rounded to 10
    assert value(sw, fiscal_year=2022) == 2_206_440
    assert (sw["value"] % 10 == 0).all()
    assert all("rounded to the nearest 10" in note for note in full["note"])


def test_full_nationwide_total(full):
    nationwide = full[full["region"] == "nationwide"]
    assert value(nationwide, fiscal_year=2000) == 1_590_310
    assert value(nationwide, fiscal_year=2021) == 1_662_170


def test_full_authority_and_months(full):
    sw = full[full["region"] == "southwest"].set_index("fiscal_year")
    assert set(sw.loc[2000:2019, "authority"]) == {"title_8"}
    assert set(sw.loc[2020:2023, "authority"]) == {"title_8_and_42"}
    assert set(sw.loc[2024:2025, "authority"]) == {"title_8"}
    assert set(sw.loc[2000:2024, "months"]) == {12}
    assert sw.at[2025, "months"] == 2 and sw.at[2025, "value"] == 103_140
    assert "October 2024 - November 2024" in sw.at[2025, "note"] and "not a full year" in sw.at[2025, "note"]


def test_full_build_prefers_the_workbook_and_flags_the_breaks():
    raw = full_raw_dir(RAW_PATH)
    table = build_table("border_apprehensions", raw, data_dir() / "manual", [ingest_border_apprehensions_ohss])
    table = table.assign(fiscal_year=table["fiscal_year"].astype(int), value=table["value"].astype(int))
    preferred = table[table["preferred"] == "true"]
    line = preferred[(preferred["region"] == "southwest") & (preferred["measure"] == "encounters")
                     & (preferred["agency"] == "usbp")].set_index("fiscal_year")
    assert set(line["source_id"]) == {ohss.SOURCE_ID}
    assert line.index.tolist() == list(range(2000, 2026))
    assert line.at[2020, "value"] == 400_650 and line.at[2021, "value"] == 1_659_210
    assert line.at[2020, "obs_status"] == "B" and line.at[2024, "obs_status"] == "B"
    assert set(line.drop([2020, 2024])["obs_status"]) == {"A"}
    # the scattered releases stay as cross-checks
    sw_2020 = table[(table["fiscal_year"] == 2020) & (table["region"] == "southwest")
                    & (table["measure"] == "encounters") & (table["agency"] == "usbp")]
    assert sorted(sw_2020["value"]) == [400_635, 400_650, 400_651]
    # the OHSS encounters and the CBP sector Title 8 apprehensions are two series, never one line
    fy2000 = preferred[(preferred["fiscal_year"] == 2000) & (preferred["region"] == "southwest")
                       & (preferred["agency"] == "usbp")].set_index("measure")
    assert fy2000.at["encounters", "value"] == 1_566_420 and fy2000.at["apprehensions", "value"] == 1_643_679
    assert fy2000.at["apprehensions", "source_id"] != ohss.SOURCE_ID
    apprehensions = table[table["measure"] == "apprehensions"]
    assert ohss.SOURCE_ID not in set(apprehensions["source_id"])
    assert set(table.columns) == set(TABLES["border_apprehensions"].columns)
