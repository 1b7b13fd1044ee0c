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

Second vintage (``ingest_us_assistance_fagov``): the newer download of the same country summary,
``foreignassistance_country_fy1946_2024.csv`` (ForeignAssistance.gov, "U.S. Foreign Assistance by
Country", FY1946-FY2024; read from the public copy in GitHub ``jacqpark/Aid-Lending-and-TRIPS-RIO``,
``us_foreign_aid_country.csv``, commit c06f5807). Same columns with title-case names; it has no
Initial Allocations. Its transaction types take the stages of the older snapshot, so the two
vintages of one stage are one series and the preference rule can choose between them
(``mxsec.ingest.preference``: the later vintage). "Appropriated and Planned" is kept as
``enacted`` with the source's wording in the note, as in the older snapshot: ForeignAssistance.gov
uses it for the amounts appropriated and planned for the country, the stage after the request and
before obligation; there is no separate allocation row in this file, so nothing is read as an
allocation.

Which fiscal years of the newer file are partly reported (obs_status P, rule in
``mxsec.ingest.flags.PARTLY_REPORTED_AID``), decided from the two vintages: the older snapshot's
second-to-last year, FY2021, was revised from 94.3 to 172.3 million obligated (disbursed 46.0 to
155.4 million), while FY2020 and earlier moved by under 0.5%. The newer file ends in FY2024, whose
obligations (1.4 million) and disbursements (17.5 million) are plainly not yet reported; FY2023
stands where FY2021 stood in the older snapshot. So FY2023 and FY2024 obligations and
disbursements are P. Requests (the President's published budget) and appropriated-and-planned
amounts are not: they are identical in both snapshots for every year both report (FY2006-FY2020).
A P value is never a cut.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES
from mxsec.ingest.flags import partly_reported_aid
from mxsec.ingest.rawfile import read_raw_csv

FILE_NAME = "usaid_foreign_aid_country_fy.csv"
SOURCE_ID = "usaid_fae_country_summary_fy1946_2022"
COUNTRY_CODE = "MEX"
PROGRAM = "all_foreign_aid"
FIRST_FISCAL_YEAR = 2000
PARTLY_REPORTED_YEARS = (2021, 2022)  # every stage (mxsec.ingest.flags.PARTLY_REPORTED_AID)

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

# --- The newer vintage (FY1946-FY2024) ---------------------------------------------------

NEW_FILE_NAME = "foreignassistance_country_fy1946_2024.csv"
NEW_SOURCE_ID = "fagov_country_summary_fy1946_2024"
NEW_PARTLY_REPORTED_YEARS = (2023, 2024)  # obligations and disbursements only (flags.PARTLY_REPORTED_AID)
NEW_RAW_COLUMNS = [
    "Country Code",
    "Country Name",
    "Region ID",
    "Region Name",
    "Income Group Acronym",
    "Income Group Name",
    "Transaction Type ID",
    "Transaction Type Name",
    "Fiscal Year",
    "current_amount",
    "constant_amount",
]
NEW_COLUMNS = {"country": "Country Code", "type": "Transaction Type Name", "year": "Fiscal Year",
               "amount": "current_amount"}
OLD_COLUMNS = {"country": COL_COUNTRY, "type": COL_TYPE, "year": COL_YEAR, "amount": COL_AMOUNT}

SOURCES.append(
    {
        "source_id": NEW_SOURCE_ID,
        "publisher": "ForeignAssistance.gov (USAID and U.S. Department of State)",
        "title": "U.S. Foreign Assistance by Country (country summary, us_foreign_aid_country.csv), "
        "FY1946-FY2024",
        "url": "https://foreignassistance.gov/data",
        "archive_url": "",
        "published": "",
        "accessed": "2026-11-23",
        "licence": "public domain (U.S. Government work)",
        "note": "Newer vintage of usaid_fae_country_summary_fy1946_2022, preferred where both report "
        "(later vintage). Read from the public copy in GitHub jacqpark/Aid-Lending-and-TRIPS-RIO, "
        "us_foreign_aid_country.csv, commit c06f5807 (publication date not recorded). All sectors, "
        "current dollars. FY2023-FY2024 obligations and disbursements only partly reported "
        "(FY2024 obligations $1.4 million): provisional, not cuts.",
    }
)


def read_country_summary(raw_dir: Path, file_name: str = FILE_NAME,
                         columns: list[str] | None = None, type_column: str = COL_TYPE) -> pd.DataFrame:
    """The raw country summary file, checked; a ValueError names the file and the problem."""
    path = Path(raw_dir) / file_name
    raw = read_raw_csv(path, columns=columns or RAW_COLUMNS)
    unknown = sorted(set(raw[type_column]) - set(TRANSACTION_STAGE))
    if unknown:
        raise ValueError(f"{path}: unknown transaction types {unknown}")
    return raw


def _mexico_rows(raw_dir: Path, file_name: str, raw_columns: list[str], names: dict[str, str],
                 source_id: str) -> pd.DataFrame:
    """Mexico's all-agency totals by fiscal year (2000 on) and stage from one vintage."""
    path = Path(raw_dir) / file_name
    raw = read_country_summary(raw_dir, file_name, raw_columns, names["type"])
    col_year, col_amount = names["year"], names["amount"]
    mex = raw[raw[names["country"]] == COUNTRY_CODE]
    if mex.empty:
        raise ValueError(f"{path}: no rows with {names['country']} == {COUNTRY_CODE!r}")

    is_integer_year = mex[col_year].str.fullmatch(r"\d{4}")
    odd = mex.loc[~is_integer_year & ~mex[col_year].str.match(TRANSITION_QUARTER), col_year]
    if not odd.empty:
        raise ValueError(f"{path}: unexpected fiscal_year values {sorted(set(odd))}")
    mex = mex[is_integer_year]

    amounts = pd.to_numeric(mex[col_amount], errors="coerce")
    if amounts.isna().any():
        bad = mex.loc[amounts.isna(), col_amount].tolist()[:5]
        raise ValueError(f"{path}: non-numeric {col_amount} values for {COUNTRY_CODE}, e.g. {bad}")
    rows = pd.DataFrame(
        {
            "fiscal_year": mex[col_year].astype(int),
            "stage": mex[names["type"]].map(TRANSACTION_STAGE),
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
        if partly_reported_aid(source_id, year, stage):
            parts.append(PARTLY_REPORTED_NOTE)
        notes.append("; ".join(p for p in parts if p))
    out = rows.assign(program=PROGRAM, preferred=False, source_id=source_id, note=notes)
    return out[OUTPUT_COLUMNS].sort_values(["fiscal_year", "stage"]).reset_index(drop=True)


def ingest_us_assistance_fae(raw_dir: Path) -> pd.DataFrame:
    """Mexico's all-agency totals by fiscal year (2000 on) and stage, current dollars (older snapshot)."""
    return _mexico_rows(raw_dir, FILE_NAME, RAW_COLUMNS, OLD_COLUMNS, SOURCE_ID)


def ingest_us_assistance_fagov(raw_dir: Path) -> pd.DataFrame:
    """The same from the newer snapshot, FY2000-FY2024 (``NEW_FILE_NAME``); FY2023-FY2024
    obligations and disbursements flagged partly reported."""
    return _mexico_rows(raw_dir, NEW_FILE_NAME, NEW_RAW_COLUMNS, NEW_COLUMNS, NEW_SOURCE_ID)
