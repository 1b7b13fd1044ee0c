"""U.S. foreign assistance to Mexico, all agencies and sectors, by fiscal year and stage.

Source: USAID / U.S. Department of State, ForeignAssistance.gov (formerly USAID's Foreign
Aid Explorer), country summary file ``us_foreign_aid_country.csv``; official download page
https://foreignassistance.gov/data. Public domain (U.S. Government work). Read from a public
download of the country summary, snapshot of about 2022 (no repository or commit recorded),
as placed in the raw folder: ``usaid_foreign_aid_country_fy.csv``.

Units: current U.S. dollars (``current_amount``). The file's ``constant_amount`` uses the
publisher's own deflator with an unstated base year and is not read.

Transaction type -> stage (``TRANSACTION_STAGE``): President's Budget Requests -> request;
Appropriated and Planned -> enacted (the source's wording is "appropriated and planned", kept
in ``note``); Initial Allocations -> allocated; Obligations -> obligated; Disbursements ->
disbursed. Program is always ``all_foreign_aid`` (country totals over all accounts).
Fiscal years 2000 onward. FY2021 and FY2022 are only partly reported in this snapshot
(Mexico's FY2022 obligations are under $2 million): their notes say so; they are not cuts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES
from mxsec.ingest.rawfile import read_raw_csv

FILE_NAME = "usaid_foreign_aid_country_fy.csv"
SOURCE_ID = "usaid_fae_country_summary_fy1946_2022"
COUNTRY_CODE = "MEX"
PROGRAM = "all_foreign_aid"
FIRST_FISCAL_YEAR = 2000
PARTLY_REPORTED_YEARS = (2021, 2022)

COL_COUNTRY = "country_code"
COL_TYPE = "transaction_type_name"
COL_YEAR = "fiscal_year"
COL_AMOUNT = "current_amount"
RAW_COLUMNS = [
    "country_code",
    "country_name",
    "region_id",
    "Region Name",
    "income_roup",
    "income_group_name",
    "transaction_type_id",
    "transaction_type_name",
    "fiscal_year",
    "current_amount",
    "constant_amount",
]

TRANSACTION_STAGE: dict[str, str] = {
    "President's Budget Requests": "request",
    "Appropriated and Planned": "enacted",
    "Initial Allocations": "allocated",
    "Obligations": "obligated",
    "Disbursements": "disbursed",
}
STAGE_NOTE: dict[str, str] = {
    "enacted": "appropriated and planned (source's wording)",
}
PARTLY_REPORTED_NOTE = "FY partly reported in this snapshot (not a cut)"

# Fiscal years are integers except the 1976 transition quarter (July-September 1976, when
# the fiscal year start moved from July to October), written "1976tq". It is not a fiscal
# year and lies before FIRST_FISCAL_YEAR anyway: dropped. Any other non-integer is an error.
TRANSITION_QUARTER = re.compile(r"^\d{4}tq$", re.IGNORECASE)

OUTPUT_COLUMNS = TABLES["us_assistance"].ingest_columns

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "U.S. Agency for International Development (USAID) and U.S. Department of State",
        "title": "ForeignAssistance.gov / Foreign Aid Explorer: U.S. foreign aid by country "
        "(country summary, us_foreign_aid_country.csv), FY1946-FY2022",
        "url": "https://foreignassistance.gov/data",
        "archive_url": "",
        "published": "",
        "accessed": "2026-11-23",
        "licence": "public domain (U.S. Government work)",
        "note": "Read from a public download of the country summary file, snapshot of about "
        "2022 (publication date not recorded; no repository or commit). Current dollars. "
        "FY2021-FY2022 only partly reported.",
    }
]


def read_country_summary(raw_dir: Path) -> pd.DataFrame:
    """The raw country summary file, checked; a ValueError names the file and the problem."""
    path = Path(raw_dir) / FILE_NAME
    raw = read_raw_csv(path, columns=RAW_COLUMNS)
    unknown = sorted(set(raw[COL_TYPE]) - set(TRANSACTION_STAGE))
    if unknown:
        raise ValueError(f"{path}: unknown transaction types {unknown}")
    return raw


def ingest_us_assistance_fae(raw_dir: Path) -> pd.DataFrame:
    """Mexico's all-agency totals by fiscal year (2000 on) and stage, current dollars."""
    path = Path(raw_dir) / FILE_NAME
    raw = read_country_summary(raw_dir)
    mex = raw[raw[COL_COUNTRY] == COUNTRY_CODE]
    if mex.empty:
        raise ValueError(f"{path}: no rows with {COL_COUNTRY} == {COUNTRY_CODE!r}")

    is_integer_year = mex[COL_YEAR].str.fullmatch(r"\d{4}")
    odd = mex.loc[~is_integer_year & ~mex[COL_YEAR].str.match(TRANSITION_QUARTER), COL_YEAR]
    if not odd.empty:
        raise ValueError(f"{path}: unexpected fiscal_year values {sorted(set(odd))}")
    mex = mex[is_integer_year]

    amounts = pd.to_numeric(mex[COL_AMOUNT], errors="coerce")
    if amounts.isna().any():
        bad = mex.loc[amounts.isna(), COL_AMOUNT].tolist()[:5]
        raise ValueError(f"{path}: non-numeric {COL_AMOUNT} values for {COUNTRY_CODE}, e.g. {bad}")
    rows = pd.DataFrame(
        {
            "fiscal_year": mex[COL_YEAR].astype(int),
            "stage": mex[COL_TYPE].map(TRANSACTION_STAGE),
            "value_usd": amounts.astype(float),
        }
    )
    doubled = rows[rows.duplicated(["fiscal_year", "stage"], keep=False)]
    if not doubled.empty:
        pairs = sorted(set(zip(doubled["fiscal_year"], doubled["stage"])))
        raise ValueError(f"{path}: more than one {COUNTRY_CODE} row per fiscal year and type: {pairs[:5]}")
    rows = rows[rows["fiscal_year"] >= FIRST_FISCAL_YEAR]

    notes = []
    for year, stage in zip(rows["fiscal_year"], rows["stage"]):
        parts = [STAGE_NOTE.get(stage, "")]
        if year in PARTLY_REPORTED_YEARS:
            parts.append(PARTLY_REPORTED_NOTE)
        notes.append("; ".join(p for p in parts if p))
    out = rows.assign(program=PROGRAM, preferred=False, source_id=SOURCE_ID, note=notes)
    return out[OUTPUT_COLUMNS].sort_values(["fiscal_year", "stage"]).reset_index(drop=True)
