"""Which row the reports use when sources disagree: one rule per table, written once.

Preferred is chosen within a series, never across series: the preferred key of each table
(``mxsec.data.schemas``) is its period plus its series key, the columns that define what is
measured (for homicides: source, crime, measure, basis, method). Rows of one series and period
are ranked and the first is marked ``preferred``. An explicit ``preferred=true`` in a hand-kept
table wins (its note says why); otherwise the table's rule decides:

- homicides (national and state): full year over partial; final over preliminary.
- extraditions: full year over partial.
- U.S. overdose deaths: final over provisional; the NCHS dataset over secondary reports.
- U.S. assistance: a full fiscal year over one appropriations act of it; the official dataset
  (Foreign Aid Explorer, then Greenbook) over transcriptions.
- border apprehensions and encounters: more months of the fiscal year over fewer; then one
  dataset per series, so a line is one vintage with one rounding: the DHS OHSS encounters
  workbook (FY2000 on, rounded to 10), then the CBP Southwest Land Border Encounters file
  (FY2022 on, unrounded), then hand-kept figures, which stay as cross-checks (their notes say so).
- any table: official datasets ingested from raw files over hand-kept press figures.

Which series a report draws as its one long line is not decided here: see
``mxsec.data.series`` (headline series, with their breaks flagged).

Two rows that tie on every criterion are an error: the curator must choose.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from mxsec.data.schemas import TABLES

SOURCE_PRIORITY = ("usaid_fae", "usaid_greenbook", "nchs", "bls")  # official datasets, best first


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1")


def _homicide_rank(row: pd.Series) -> tuple:
    return (int(row["months"]) == 12, row["revision"] == "final")


def _extradition_rank(row: pd.Series) -> tuple:
    return (int(row["months"]) == 12,)


def _assistance_rank(row: pd.Series) -> tuple:
    return (row["coverage"] == "full", _priority(str(row["source_id"])))


def _priority(source_id: str) -> int:
    for i, prefix in enumerate(SOURCE_PRIORITY):
        if source_id.startswith(prefix):
            return len(SOURCE_PRIORITY) - i
    return 0


# Border datasets, best first (source_id prefixes): mxsec.ingest.dhs_ohss_encounters, mxsec.ingest.cbp_sw_encounters
BORDER_SOURCE_PRIORITY = ("dhs_ohss_khsm_usbp_encounters", "cbp_sw_land_border_encounters")


def _border_rank(row: pd.Series) -> tuple:
    source_id = str(row["source_id"])
    priority = next((len(BORDER_SOURCE_PRIORITY) - i for i, prefix in enumerate(BORDER_SOURCE_PRIORITY)
                     if source_id.startswith(prefix)), 0)
    return (int(row["months"]), priority)


def _overdose_rank(row: pd.Series) -> tuple:
    return (row["revision"] == "final", _priority(str(row["source_id"])))


def _default_rank(row: pd.Series) -> tuple:
    return (_priority(str(row["source_id"])),)


RULES: dict[str, Callable[[pd.Series], tuple]] = {
    "homicides_national": _homicide_rank,
    "homicides_state": _homicide_rank,
    "us_overdose_deaths": _overdose_rank,
    "extraditions": _extradition_rank,
    "us_assistance": _assistance_rank,
    "border_apprehensions": _border_rank,
}


def assign_preferred(table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Set ``preferred`` on exactly one row per preferred key of ``table``.

    ``rows`` has an ``_origin`` column (``raw`` or ``manual``); hand-kept rows keep their
    explicit ``preferred=true``. Raises ValueError when two rows tie.
    """
    key = list(TABLES[table].preferred_key)
    rule = RULES.get(table, _default_rank)
    out = rows.copy()
    explicit = out["preferred"].map(_truthy) & out["_origin"].eq("manual")
    rank = [
        (bool(explicit.at[i]), *rule(out.loc[i]), out.at[i, "_origin"] == "raw")
        for i in out.index
    ]
    out["_rank"] = rank
    out["preferred"] = False
    for _, group in out.groupby(key, sort=True, dropna=False):
        ordered = sorted(group.index, key=lambda i: out.at[i, "_rank"], reverse=True)
        if len(ordered) > 1 and out.at[ordered[0], "_rank"] == out.at[ordered[1], "_rank"]:
            a, b = ordered[0], ordered[1]
            raise ValueError(
                f"{table}: rows tie for preferred at {dict(zip(key, group.loc[a, key]))}: "
                f"{out.at[a, 'source_id']} and {out.at[b, 'source_id']}; mark one preferred=true in data/manual/{table}.csv"
            )
        out.at[ordered[0], "preferred"] = True
    return out.drop(columns="_rank")
