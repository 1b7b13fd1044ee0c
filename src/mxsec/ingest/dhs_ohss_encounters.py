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
