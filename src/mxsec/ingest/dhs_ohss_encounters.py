"""U.S. Border Patrol encounters by fiscal year, FY2000-FY2025: southwest border and nationwide,
from the DHS Office of Homeland Security Statistics (OHSS).

Source: DHS OHSS, Key Homeland Security Metrics (KHSM), "CBP Encounters - USBP" workbook
``KHSM Encounters (USBP) fy25m11.xlsx`` (data to November 2024; the workbook's document
properties date it 16 January 2025). U.S. Government work. Read from the copy in GitHub
``arilamstein/immigration_enforcement``, ``immigration_enforcement/borderpatrol/``, commit
c438a05a (2025-11-01), whose module names the official page https://ohss.dhs.gov/khsm/cbp-encounters;
placed in the raw folder as ``dhs_ohss_usbp_encounters_fy2000_2025/KHSM_Encounters_USBP_fy25m11.xlsx``.

What is read: sheet "Annual Region", region "Southwest Land Border" -> ``region`` southwest;
sheet "Annual Count" (all regions: Southwest, Northern Land and Coastal Border) -> nationwide.
The nationwide count must equal the sum of the three regions within OHSS rounding.

Units: **encounters** of U.S. Border Patrol (between ports of entry; ``agency`` usbp), events,
rounded by OHSS to the nearest 10 and kept as published. Encounters are Title 8 apprehensions
plus, from March 2020 to 11 May 2023 (FY2020-FY2023), Title 42 expulsions: ``authority``
title_8_and_42 in those fiscal years, title_8 otherwise, so the line carries a B flag at FY2020
and FY2024 (``mxsec.ingest.flags``). This is ``measure`` encounters, a different series from the
CBP sector table of Title 8 apprehensions (southwest FY2000: 1,643,679 there, 1,566,420 here):
the two are never joined.

``months`` is the number of months of the fiscal year in the sheet "Monthly Count": FY2025 holds
October-November 2024 only (2 months), and its note says so.

The workbook is one vintage for the whole span, so within each of its series it is preferred
over the figures typed from scattered releases (``mxsec.ingest.preference``).

Monthly table ``border_encounters_monthly`` (``ingest_border_encounters_monthly_ohss``): sheet
"Monthly Region", region "Southwest Land Border" -> southwest; sheet "Monthly Count" -> nationwide.
Fiscal month labels ('06 March' of FY2019) become calendar months (``month`` 2019-03). Every month
from October 1999 to the workbook's last is there once (checked), each is a complete month (the
last, November 2024, is simply the latest), and the months of each fiscal year add up to the annual
sheets within OHSS rounding (10 per month). ``authority`` is title_8_and_42 from March 2020 (Title 42
expulsions from 20 March) to May 2023 (to 11 May), title_8 otherwise: B at 2020-03 and 2023-06.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES
from mxsec.ingest.rawfile import check_patterns, read_raw_xlsx

FOLDER = "dhs_ohss_usbp_encounters_fy2000_2025"
FILE_NAME = "KHSM_Encounters_USBP_fy25m11.xlsx"
RAW_PATH = f"{FOLDER}/{FILE_NAME}"
SOURCE_ID = "dhs_ohss_khsm_usbp_encounters_fy25m11_20250116"
FIRST_FISCAL_YEAR = 2000
TITLE_42_FISCAL_YEARS = range(2020, 2024)  # Title 42 expulsions: 20 March 2020 (FY2020) to 11 May 2023 (FY2023)
ROUNDING = 10  # OHSS rounds every count to the nearest 10

SHEET_REGION = "Annual Region"
SHEET_TOTAL = "Annual Count"
SHEET_MONTHS = "Monthly Count"
COL_YEAR = "Fiscal Year"
COL_REGION = "Region"
COL_MONTH = "Month"
COL_QUANTITY = "Quantity"
REGION_COLUMNS = [COL_YEAR, COL_REGION, COL_QUANTITY]
TOTAL_COLUMNS = [COL_YEAR, COL_QUANTITY]
MONTH_COLUMNS = [COL_YEAR, COL_MONTH, COL_QUANTITY]
SOUTHWEST = "Southwest Land Border"
REGIONS = ("Coastal Border", "Northern Land Border", SOUTHWEST)
FISCAL_MONTHS = ("October", "November", "December", "January", "February", "March", "April", "May", "June", "July",
                 "August", "September")

OUTPUT_COLUMNS = TABLES["border_apprehensions"].ingest_columns

SHEET_MONTH_REGION = "Monthly Region"
MONTH_REGION_COLUMNS = [COL_YEAR, COL_MONTH, COL_REGION, COL_QUANTITY]
TITLE_42_MONTHS = ("2020-03", "2023-05")  # first and last calendar month with Title 42 expulsions in the count
MONTHLY_COLUMNS = TABLES["border_encounters_monthly"].ingest_columns

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "U.S. Department of Homeland Security, Office of Homeland Security Statistics (DHS OHSS)",
        "title": "Key Homeland Security Metrics: CBP Encounters - USBP, FY2000 - November 2024 "
        "(workbook KHSM Encounters (USBP) fy25m11.xlsx)",
        "url": "https://github.com/arilamstein/immigration_enforcement/blob/c438a05a/immigration_enforcement/"
        "borderpatrol/KHSM%20Encounters%20(USBP)%20fy25m11.xlsx",
        "archive_url": "",
        "published": "2025-01-16",
        "accessed": "2026-12-03",
        "licence": "public domain (U.S. Government work)",
        "note": "Copy of the OHSS workbook in GitHub arilamstein/immigration_enforcement, commit c438a05a "
        "(2025-11-01); official page named there: https://ohss.dhs.gov/khsm/cbp-encounters (not read here). "
        "Published date: the workbook's document properties (created and modified 2025-01-16). Counts rounded "
        "to the nearest 10 by OHSS. Encounters = Title 8 apprehensions + Title 42 expulsions (March 2020 - "
        "May 2023). FY2025 holds October-November 2024 only.",
    }
]


def _counts(path: Path, frame: pd.DataFrame, what: str) -> pd.Series:
    """Quantity by fiscal year, every year from FIRST_FISCAL_YEAR once, no gap."""
    check_patterns(path, frame, {COL_YEAR: r"\d{4}", COL_QUANTITY: r"\d+"})
    years = frame[COL_YEAR].astype(int)
    if years.duplicated().any():
        raise ValueError(f"{path}: {what}: more than one row for fiscal years {sorted(set(years[years.duplicated()]))}")
    expected = list(range(FIRST_FISCAL_YEAR, years.max() + 1))
    if sorted(years) != expected:
        raise ValueError(f"{path}: {what}: fiscal years {sorted(years)}, expected every year {FIRST_FISCAL_YEAR}-"
                         f"{years.max()}")
    return pd.Series(frame[COL_QUANTITY].astype(int).values, index=years.values).sort_index()


def _months(path: Path, monthly: pd.DataFrame) -> pd.Series:
    """Months each fiscal year holds in the sheet "Monthly Count" (labels '01 October' .. '12 September')."""
    check_patterns(path, monthly, {COL_YEAR: r"\d{4}", COL_MONTH: r"(0[1-9]|1[0-2]) [A-Z][a-z]+", COL_QUANTITY: r"\d+"})
    if monthly.duplicated([COL_YEAR, COL_MONTH]).any():
        raise ValueError(f"{path}: sheet {SHEET_MONTHS!r}: a month appears twice")
    number = monthly[COL_MONTH].str[:2].astype(int)
    months = number.groupby(monthly[COL_YEAR].astype(int)).agg(["count", "max"])
    gaps = months[months["count"] != months["max"]]
    if len(gaps):
        raise ValueError(f"{path}: sheet {SHEET_MONTHS!r}: months missing inside fiscal years {list(gaps.index)}")
    return months["count"]


def ingest_border_apprehensions_ohss(raw_dir: Path) -> pd.DataFrame:
    """USBP encounters by fiscal year, southwest and nationwide, FY2000 to the workbook's last month."""
    path = Path(raw_dir) / RAW_PATH
    by_region = read_raw_xlsx(path, SHEET_REGION, columns=REGION_COLUMNS)
    unknown = sorted(set(by_region[COL_REGION]) - set(REGIONS))
    if unknown or SOUTHWEST not in set(by_region[COL_REGION]):
        raise ValueError(f"{path}: sheet {SHEET_REGION!r}: regions {sorted(set(by_region[COL_REGION]))}, "
                         f"expected {list(REGIONS)}")
    southwest = _counts(path, by_region[by_region[COL_REGION] == SOUTHWEST], f"sheet {SHEET_REGION!r}, {SOUTHWEST}")
    nationwide = _counts(path, read_raw_xlsx(path, SHEET_TOTAL, columns=TOTAL_COLUMNS), f"sheet {SHEET_TOTAL!r}")
    if list(southwest.index) != list(nationwide.index):
        raise ValueError(f"{path}: sheets {SHEET_REGION!r} and {SHEET_TOTAL!r} cover different fiscal years")
    region_sum = by_region.assign(q=by_region[COL_QUANTITY].astype(int)).groupby(by_region[COL_YEAR].astype(int))["q"].sum()
    off = (region_sum.reindex(nationwide.index) - nationwide).abs() > ROUNDING * len(REGIONS)
    if off.any():
        raise ValueError(f"{path}: nationwide count differs from the sum of the regions beyond rounding in fiscal "
                         f"years {list(nationwide.index[off.values])}")
    months = _months(path, read_raw_xlsx(path, SHEET_MONTHS, columns=MONTH_COLUMNS)).reindex(nationwide.index)
    if months.isna().any():
        raise ValueError(f"{path}: sheet {SHEET_MONTHS!r} lacks fiscal years {list(months.index[months.isna()])}")

    rows = []
    for region, counts, where in (("southwest", southwest, f"sheet \"{SHEET_REGION}\", {SOUTHWEST}"),
                                  ("nationwide", nationwide, f"sheet \"{SHEET_TOTAL}\" (all regions)")):
        for year, value in counts.items():
            rows.append({
                "fiscal_year": int(year), "region": region, "measure": "encounters", "agency": "usbp",
                "authority": "title_8_and_42" if year in TITLE_42_FISCAL_YEARS else "title_8",
                "months": int(months.at[year]), "value": int(value), "preferred": False, "source_id": SOURCE_ID,
                "note": _note(int(year), int(months.at[year]), region, where),
            })
    return pd.DataFrame(rows, columns=OUTPUT_COLUMNS).sort_values(["fiscal_year", "region"]).reset_index(drop=True)


def _note(year: int, months: int, region: str, where: str) -> str:
    parts = [f"DHS OHSS USBP encounters, {where}; rounded to the nearest 10 by OHSS, as published."]
    if year in TITLE_42_FISCAL_YEARS:
        parts.append("Title 8 apprehensions + Title 42 expulsions (March 2020 - 11 May 2023).")
    else:
        parts.append("All Title 8 (no Title 42 expulsions this fiscal year).")
    if months < 12:
        last = FISCAL_MONTHS[months - 1]
        parts.append(f"FISCAL YEAR TO DATE ONLY: {months} months (October {year - 1} - {last} "
                     f"{year - 1 if months <= 3 else year}), not a full year.")
    parts.append("Preferred by the rule: one vintage for the whole encounters line; "
                 + ("not the CBP sector Title 8 apprehension series (FY2000 1,643,679 vs 1,566,420 here)."
                    if region == "southwest" else "not the CBP Title 8 apprehension table (another measure)."))
    return " ".join(parts)


# --- by month ------------------------------------------------------------------------------

def calendar_month(fiscal_year: int, label: str) -> str:
    """``(2019, '06 March')`` -> ``'2019-03'``: fiscal month 1 is October of the previous calendar year."""
    number, name = int(label[:2]), label[3:]
    if not 1 <= number <= 12 or FISCAL_MONTHS[number - 1] != name:
        raise ValueError(f"month label {label!r}: expected 'NN Name' with NN the fiscal month of Name "
                         f"(01 October .. 12 September)")
    month = (number + 8) % 12 + 1
    return f"{fiscal_year - 1 if number <= 3 else fiscal_year}-{month:02d}"


def _monthly(path: Path, frame: pd.DataFrame, what: str) -> pd.Series:
    """Quantity by calendar month (YYYY-MM), every month from October before FIRST_FISCAL_YEAR once, no gap."""
    check_patterns(path, frame, {COL_YEAR: r"\d{4}", COL_MONTH: r"(0[1-9]|1[0-2]) [A-Z][a-z]+", COL_QUANTITY: r"\d+"})
    try:
        months = [calendar_month(int(y), m) for y, m in zip(frame[COL_YEAR], frame[COL_MONTH])]
    except ValueError as err:
        raise ValueError(f"{path}: {what}: {err}") from None
    counts = pd.Series(frame[COL_QUANTITY].astype(int).values, index=months)
    if counts.index.duplicated().any():
        raise ValueError(f"{path}: {what}: more than one row for months {sorted(set(counts.index[counts.index.duplicated()]))}")
    counts = counts.sort_index()
    expected = pd.period_range(f"{FIRST_FISCAL_YEAR - 1}-10", counts.index[-1], freq="M").strftime("%Y-%m").tolist()
    if counts.index.tolist() != expected:
        gaps = sorted(set(expected) - set(counts.index)) or sorted(set(counts.index) - set(expected))
        raise ValueError(f"{path}: {what}: months {gaps[:5]} missing or unexpected; expected every month "
                         f"{expected[0]} - {expected[-1]}")
    return counts


def fiscal_year_of(month: str) -> int:
    """``'2018-10'`` -> 2019: the U.S. federal fiscal year a calendar month belongs to."""
    year, number = int(month[:4]), int(month[5:])
    return year + 1 if number >= 10 else year


def _check_adds_up(path: Path, monthly: pd.Series, annual: pd.Series, what: str) -> None:
    """The months of each fiscal year add up to the annual figure within OHSS rounding (10 per month)."""
    by_year = monthly.groupby([fiscal_year_of(m) for m in monthly.index])
    sums, counts = by_year.sum(), by_year.size()
    if list(sums.index) != list(annual.index):
        raise ValueError(f"{path}: {what}: monthly and annual sheets cover different fiscal years")
    off = (sums - annual).abs() > ROUNDING * counts
    if off.any():
        raise ValueError(f"{path}: {what}: the months add up to a different total than the annual sheet beyond "
                         f"rounding in fiscal years {list(sums.index[off])}")


def ingest_border_encounters_monthly_ohss(raw_dir: Path) -> pd.DataFrame:
    """USBP encounters by calendar month, southwest and nationwide, October 1999 to the workbook's last month."""
    path = Path(raw_dir) / RAW_PATH
    by_region = read_raw_xlsx(path, SHEET_MONTH_REGION, columns=MONTH_REGION_COLUMNS)
    if set(by_region[COL_REGION]) != set(REGIONS):
        raise ValueError(f"{path}: sheet {SHEET_MONTH_REGION!r}: regions {sorted(set(by_region[COL_REGION]))}, "
                         f"expected {list(REGIONS)}")
    regions = {name: _monthly(path, by_region[by_region[COL_REGION] == name], f"sheet {SHEET_MONTH_REGION!r}, {name}")
               for name in REGIONS}
    southwest = regions[SOUTHWEST]
    nationwide = _monthly(path, read_raw_xlsx(path, SHEET_MONTHS, columns=MONTH_COLUMNS), f"sheet {SHEET_MONTHS!r}")
    if list(southwest.index) != list(nationwide.index):
        raise ValueError(f"{path}: sheets {SHEET_MONTH_REGION!r} and {SHEET_MONTHS!r} cover different months")
    region_sum = sum(regions.values())
    off = (region_sum - nationwide).abs() > ROUNDING * len(REGIONS)
    if off.any():
        raise ValueError(f"{path}: sheet {SHEET_MONTHS!r}: nationwide count differs from the sum of the regions "
                         f"beyond rounding in months {list(nationwide.index[off])}")
    annual = read_raw_xlsx(path, SHEET_REGION, columns=REGION_COLUMNS)
    _check_adds_up(path, southwest, _counts(path, annual[annual[COL_REGION] == SOUTHWEST], SOUTHWEST),
                   f"{SOUTHWEST}, sheets {SHEET_MONTH_REGION!r} and {SHEET_REGION!r}")
    _check_adds_up(path, nationwide, _counts(path, read_raw_xlsx(path, SHEET_TOTAL, columns=TOTAL_COLUMNS), "total"),
                   f"sheets {SHEET_MONTHS!r} and {SHEET_TOTAL!r}")

    latest = nationwide.index[-1]
    rows = []
    for region, counts, where in (("southwest", southwest, f"sheet \"{SHEET_MONTH_REGION}\", {SOUTHWEST}"),
                                  ("nationwide", nationwide, f"sheet \"{SHEET_MONTHS}\" (all regions)")):
        for month, value in counts.items():
            title_42 = TITLE_42_MONTHS[0] <= month <= TITLE_42_MONTHS[1]
            rows.append({
                "fiscal_year": fiscal_year_of(month), "month": month, "region": region, "measure": "encounters",
                "agency": "usbp", "authority": "title_8_and_42" if title_42 else "title_8", "value": int(value),
                "preferred": False, "source_id": SOURCE_ID, "note": _monthly_note(month, title_42, month == latest, where),
            })
    return pd.DataFrame(rows, columns=MONTHLY_COLUMNS).sort_values(["month", "region"]).reset_index(drop=True)


def _monthly_note(month: str, title_42: bool, latest: bool, where: str) -> str:
    parts = [f"DHS OHSS USBP encounters, {where}; rounded to the nearest 10 by OHSS, as published."]
    if title_42:
        parts.append("Title 8 apprehensions + Title 42 expulsions (Title 42: 20 March 2020 - 11 May 2023).")
    else:
        parts.append("Title 8 apprehensions only (no Title 42 expulsions this month).")
    if latest:
        parts.append(f"Latest month in the workbook (data to {month}); a complete month.")
    return " ".join(parts)
