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


# --- by month (border_encounters_monthly) --------------------------------------------------------

MONTHLY_COLUMNS = ["fiscal_year", "month", "region", "measure", "agency", "authority", "value", "preferred",
                   "source_id", "note"]


def _monthly_small(tmp_path, *, months_last=2, skip=None, sw_add=0, total_add=0):
    """FY2000 (12 months) and FY2001 (``months_last`` months); region counts 1, 2 and 100 + fiscal month;
    ``skip``: a (year, fiscal month) left out of the southwest rows; ``sw_add``/``total_add``: added to the
    southwest annual total / to the nationwide count of October 1999."""
    names = ohss.FISCAL_MONTHS
    months = [(2000, i) for i in range(12)] + [(2001, i) for i in range(months_last)]
    region_rows, count_rows = [], []
    for year, i in months:
        label = f"{i + 1:02d} {names[i]}"
        region_rows += [(year, label, "Coastal Border", 1), (year, label, "Northern Land Border", 2)]
        if (year, i + 1) != skip:
            region_rows.append((year, label, "Southwest Land Border", 100 + i + 1))
        count_rows.append((year, label, 103 + i + 1 + (total_add if (year, i) == (2000, 0) else 0)))
    sw_annual = {2000: sum(100 + i + 1 for i in range(12)) + sw_add, 2001: sum(100 + i + 1 for i in range(months_last))}
    n = {2000: 12, 2001: months_last}
    annual_region = [row for y in (2000, 2001) for row in ((y, "Coastal Border", n[y]), (y, "Northern Land Border",
                                                                                         2 * n[y]),
                                                           (y, "Southwest Land Border", sw_annual[y]))]
    annual_total = [(y, sw_annual[y] - (sw_add if y == 2000 else 0) + 3 * n[y]) for y in (2000, 2001)]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, header, rows in (("Annual Region", ["Fiscal\nYear", "Region", "Quantity"], annual_region),
                               ("Annual Count", ["Fiscal\nYear", "Quantity"], annual_total),
                               ("Monthly Count", ["Fiscal\nYear", "Month", "Quantity"], count_rows),
                               ("Monthly Region", ["Fiscal\nYear", "Month", "Region", "Quantity"], region_rows)):
        sheet = book.create_sheet(name)
        for row in [header, *rows]:
            sheet.append(row)
    (tmp_path / RAW_PATH).parent.mkdir(parents=True, exist_ok=True)
    book.save(tmp_path / RAW_PATH)
    return tmp_path


def test_fiscal_months_become_calendar_months():
    assert ohss.calendar_month(2019, "06 March") == "2019-03"
    assert ohss.calendar_month(2019, "01 October") == "2018-10"
    assert ohss.calendar_month(2019, "03 December") == "2018-12"
    assert ohss.calendar_month(2019, "04 January") == "2019-01"
    assert ohss.calendar_month(2019, "12 September") == "2019-09"
    assert [ohss.fiscal_year_of(m) for m in ("2018-10", "2018-12", "2019-03", "2019-09")] == [2019] * 4
    with pytest.raises(ValueError, match=r"month label '06 April'"):
        ohss.calendar_month(2019, "06 April")


def test_small_monthly_workbook(tmp_path):
    table = ohss.ingest_border_encounters_monthly_ohss(_monthly_small(tmp_path))
    assert list(table.columns) == MONTHLY_COLUMNS
    assert len(table) == 2 * 14
    assert table["month"].iloc[0] == "1999-10" and table["month"].iloc[-1] == "2000-11"
    assert value(table, month="2000-03", region="southwest") == 106  # fiscal month 6 of FY2000
    assert value(table, month="2000-03", region="nationwide") == 109
    march = table[(table["month"] == "2000-03") & (table["region"] == "southwest")].iloc[0]
    assert march["fiscal_year"] == 2000 and march["authority"] == "title_8"
    latest = table[table["month"] == "2000-11"]
    assert latest["note"].str.contains("Latest month in the workbook").all()
    assert not table.loc[table["month"] != "2000-11", "note"].str.contains("Latest").any()


def test_a_missing_month_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"Southwest Land Border: months \['2000-02'\] missing"):
        ohss.ingest_border_encounters_monthly_ohss(_monthly_small(tmp_path, skip=(2000, 5)))


def test_months_that_do_not_add_up_to_the_year_are_an_error(tmp_path):
    # 12 months, each rounded to 10: up to 120 apart is rounding, 130 is not
    assert len(ohss.ingest_border_encounters_monthly_ohss(_monthly_small(tmp_path, sw_add=120))) == 28
    with pytest.raises(ValueError, match=r"add up to a different total .* fiscal years \[2000\]"):
        ohss.ingest_border_encounters_monthly_ohss(_monthly_small(tmp_path, sw_add=130))


def test_nationwide_month_off_the_regions_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"differs from the sum of the regions beyond rounding in months \['1999-10'\]"):
        ohss.ingest_border_encounters_monthly_ohss(_monthly_small(tmp_path, total_add=40))


@pytest.fixture(scope="module")
def full_monthly():
    return ohss.ingest_border_encounters_monthly_ohss(full_raw_dir(RAW_PATH))


def test_full_monthly_values_as_published(full_monthly):
    sw = full_monthly[full_monthly["region"] == "southwest"].set_index("month")
    # sheet "Monthly Region", FY2019, "06 March", Southwest Land Border: 92,830 (all Title 8)
    assert sw.at["2019-03", "value"] == 92_830 and sw.at["2019-03", "fiscal_year"] == 2019
    assert sw.at["2019-05", "value"] == 132_860
    assert sw.at["1999-10", "value"] == 87_820
    nationwide = full_monthly[full_monthly["region"] == "nationwide"].set_index("month")
    assert nationwide.at["2019-03", "value"] == 93_590
    # every month October 1999 - November 2024, once per region; the months of FY2019 add up to the annual
    # 851,510 within rounding
    assert len(sw) == 302 and sw.index[0] == "1999-10" and sw.index[-1] == "2024-11"
    assert abs(sw.loc[sw["fiscal_year"] == 2019, "value"].sum() - 851_510) <= 120
    assert (full_monthly["value"] % 10 == 0).all()


def test_full_monthly_authority(full_monthly):
    sw = full_monthly[full_monthly["region"] == "southwest"].set_index("month")["authority"]
    assert set(sw.loc[:"2020-02"]) == {"title_8"}
    assert set(sw.loc["2020-03":"2023-05"]) == {"title_8_and_42"}
    assert set(sw.loc["2023-06":]) == {"title_8"}


def test_full_monthly_build_flags_the_breaks():
    table = build_table("border_encounters_monthly", full_raw_dir(RAW_PATH), data_dir() / "manual",
                        [ohss.ingest_border_encounters_monthly_ohss])
    assert set(table.columns) == set(TABLES["border_encounters_monthly"].columns)
    assert set(table["preferred"]) == {"true"}
    breaks = table[table["obs_status"] == "B"]
    assert sorted(zip(breaks["month"], breaks["region"])) == [
        ("2020-03", "nationwide"), ("2020-03", "southwest"), ("2023-06", "nationwide"), ("2023-06", "southwest")]
    assert set(table.drop(breaks.index)["obs_status"]) == {"A"}  # the latest month is complete: not partial, not P
