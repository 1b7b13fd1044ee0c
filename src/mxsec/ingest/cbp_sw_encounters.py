"""U.S. Border Patrol on the southwest border, FY2022 - August FY2025, from CBP's "Southwest Land
Border Encounters" data file: Title 8 apprehensions by fiscal year, and all encounters.

Source: U.S. Customs and Border Protection, "Southwest Land Border Encounters", file
``sbo-encounters-fy22-fy25-aug.csv`` (FY22 - FY25 (FYTD), to August 2025). U.S. Government work.
Read from the copy in GitHub ``arilamstein/immigration_enforcement``,
``immigration_enforcement/borderpatrol/``, commit c438a05a (2025-11-01), whose module names the
official page https://www.cbp.gov/document/stats/southwest-land-border-encounters; placed in the
raw folder as ``cbp_southwest_land_border_encounters_fy2022_fy2025aug.csv``.

The file has one row per fiscal year, month, component (U.S. Border Patrol, Office of Field
Operations), demographic, citizenship group, title of authority (Title 8, Title 42) and
encounter type (apprehensions, expulsions, inadmissibles); counts are unrounded. Only the
U.S. Border Patrol rows are read (``agency`` usbp, ``region`` southwest):

- ``measure`` apprehensions, ``authority`` title_8: Title 8 apprehensions, FY2022-FY2025. This is
  the Title-8-only line the older CBP sector table and DHS yearbook carry to FY2019; FY2021 has no
  such figure in any source read, and stays missing. FY2025 covers October 2024 - August 2025
  (``months`` 11).
- ``measure`` encounters: every USBP row (Title 8 apprehensions plus Title 42 expulsions while
  Title 42 applied), complete fiscal years FY2022-FY2024 only, as cross-checks of the DHS OHSS
  workbook (``mxsec.ingest.dhs_ohss_encounters``), which the preference rule puts first in that
  line (one vintage). USBP totals: 2,206,436 (FY2022), 2,045,838 (FY2023), 1,530,523 (FY2024).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES
from mxsec.ingest.rawfile import check_patterns, read_raw_csv

FILE_NAME = "cbp_southwest_land_border_encounters_fy2022_fy2025aug.csv"
SOURCE_ID = "cbp_sw_land_border_encounters_fy22_fy25aug_2025"
FIRST_FISCAL_YEAR = 2022
ENCOUNTER_FISCAL_YEARS = range(2022, 2025)  # cross-checks of the OHSS line, where the file holds the whole year

COL_YEAR = "Fiscal Year"
COL_MONTH = "Month (abbv)"
COL_COMPONENT = "Component"
COL_TITLE = "Title of Authority"
COL_TYPE = "Encounter Type"
COL_COUNT = "Encounter Count"
RAW_COLUMNS = ["Fiscal Year", "Month Grouping", "Month (abbv)", "Component", "Demographic", "Citizenship Grouping",
               "Title of Authority", "Encounter Type", "Encounter Count"]
USBP = "U.S. Border Patrol"
TITLE_8, TITLE_42 = "Title 8", "Title 42"
APPREHENSIONS, EXPULSIONS = "Apprehensions", "Expulsions"
USBP_KINDS = {(TITLE_8, APPREHENSIONS), (TITLE_42, EXPULSIONS)}  # the only USBP rows the file may hold
FISCAL_MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP")
MONTH_NAMES = ("October", "November", "December", "January", "February", "March", "April", "May", "June", "July",
               "August", "September")

OUTPUT_COLUMNS = TABLES["border_apprehensions"].ingest_columns

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "U.S. Customs and Border Protection (CBP)",
        "title": "Southwest Land Border Encounters, FY22 - FY25 (FYTD), August (CSV sbo-encounters-fy22-fy25-aug.csv)",
        "url": "https://github.com/arilamstein/immigration_enforcement/blob/c438a05a/immigration_enforcement/"
        "borderpatrol/sbo-encounters-fy22-fy25-aug.csv",
        "archive_url": "",
        "published": "2025",
        "accessed": "2026-12-03",
        "licence": "public domain (U.S. Government work)",
        "note": "Copy of the CBP data file in GitHub arilamstein/immigration_enforcement, commit c438a05a "
        "(2025-11-01); official page named there: https://www.cbp.gov/document/stats/southwest-land-border-encounters "
        "(not read here). Release with data to August 2025 (exact date not in the file). Monthly counts by component, "
        "demographic, citizenship, title of authority and encounter type, unrounded.",
    }
]


def _fiscal_year(path: Path, label: pd.Series) -> pd.Series:
    """'2022' -> 2022; '2025 (FYTD)' -> 2025 (the year to date is a partial year: see months)."""
    bad = label[~label.str.fullmatch(r"\d{4}( \(FYTD\))?")]
    if len(bad):
        raise ValueError(f"{path}: column {COL_YEAR} has unexpected values {sorted(set(bad))[:5]}")
    return label.str[:4].astype(int)


def _months(path: Path, usbp: pd.DataFrame) -> pd.Series:
    """Months each fiscal year holds: October on, no month missing."""
    out = {}
    for year, rows in usbp.groupby("fiscal_year"):
        held = [FISCAL_MONTHS.index(m) for m in set(rows[COL_MONTH])]
        if sorted(held) != list(range(len(held))):
            raise ValueError(f"{path}: fiscal year {year} holds months {sorted(set(rows[COL_MONTH]))}, not a run "
                             "from October")
        out[year] = len(held)
    return pd.Series(out)


def ingest_border_apprehensions_cbp_sw(raw_dir: Path) -> pd.DataFrame:
    """USBP southwest Title 8 apprehensions (FY2022-FY2025) and encounters (FY2022-FY2024)."""
    path = Path(raw_dir) / FILE_NAME
    raw = read_raw_csv(path, columns=RAW_COLUMNS)
    check_patterns(path, raw, {COL_COUNT: r"\d+", COL_MONTH: "|".join(FISCAL_MONTHS)})
    if USBP not in set(raw[COL_COMPONENT]):
        raise ValueError(f"{path}: no rows with {COL_COMPONENT} == {USBP!r}")
    usbp = raw[raw[COL_COMPONENT] == USBP].assign(fiscal_year=lambda f: _fiscal_year(path, f[COL_YEAR]),
                                                  count=lambda f: f[COL_COUNT].astype(int))
    kinds = set(zip(usbp[COL_TITLE], usbp[COL_TYPE]))
    if not kinds <= USBP_KINDS:
        raise ValueError(f"{path}: USBP rows of unexpected title and type {sorted(kinds - USBP_KINDS)}")
    years = sorted(set(usbp["fiscal_year"]))
    if years != list(range(FIRST_FISCAL_YEAR, years[-1] + 1)):
        raise ValueError(f"{path}: USBP fiscal years {years}, expected every year from {FIRST_FISCAL_YEAR}")
    months = _months(path, usbp)
    title_8 = usbp[(usbp[COL_TITLE] == TITLE_8) & (usbp[COL_TYPE] == APPREHENSIONS)].groupby("fiscal_year")["count"].sum()
    title_42 = usbp[usbp[COL_TITLE] == TITLE_42].groupby("fiscal_year")["count"].sum()
    total = usbp.groupby("fiscal_year")["count"].sum()

    rows = []
    for year in years:
        n = int(months[year])
        rows.append({
            "fiscal_year": year, "region": "southwest", "measure": "apprehensions", "agency": "usbp",
            "authority": "title_8", "months": n, "value": int(title_8.get(year, 0)), "preferred": False,
            "source_id": SOURCE_ID, "note": _note(year, n, "apprehensions"),
        })
        if year in ENCOUNTER_FISCAL_YEARS and n == 12:
            rows.append({
                "fiscal_year": year, "region": "southwest", "measure": "encounters", "agency": "usbp",
                "authority": "title_8_and_42" if title_42.get(year, 0) > 0 else "title_8", "months": n,
                "value": int(total[year]), "preferred": False, "source_id": SOURCE_ID,
                "note": _note(year, n, "encounters", int(title_8.get(year, 0)), int(title_42.get(year, 0))),
            })
    return pd.DataFrame(rows, columns=OUTPUT_COLUMNS).sort_values(["fiscal_year", "measure"]).reset_index(drop=True)


def _note(year: int, months: int, measure: str, title_8: int = 0, title_42: int = 0) -> str:
    if measure == "apprehensions":
        parts = ["CBP Southwest Land Border Encounters file, U.S. Border Patrol rows with Title of Authority "
                 "\"Title 8\" and Encounter Type \"Apprehensions\", summed over months, demographics and citizenships: "
                 "Title 8 apprehensions only (Title 42 expulsions excluded)."]
        if months < 12:
            parts.append(f"FISCAL YEAR TO DATE ONLY: {months} months (October {year - 1} - {MONTH_NAMES[months - 1]} "
                         f"{year - 1 if months <= 3 else year}), not a full year; a full-year figure, where one "
                         "exists, is preferred.")
        else:
            parts.append("Preferred by the rule: the CBP dataset over hand-kept figures.")
        return " ".join(parts)
    split = (f"Title 8 apprehensions {title_8:,} + Title 42 expulsions {title_42:,}" if title_42
             else "all Title 8 apprehensions (Title 42 ended 11 May 2023)")
    return ("Cross-check of the DHS OHSS encounters workbook (preferred by the rule: one vintage for the whole line; "
            f"OHSS rounds to 10, this file does not). CBP file, every U.S. Border Patrol row summed: {split}.")
