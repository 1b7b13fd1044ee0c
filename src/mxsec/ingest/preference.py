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
  (Foreign Aid Explorer / ForeignAssistance.gov, then Greenbook) over transcriptions; among the
  vintages of one official dataset (``VINTAGES``), the later one: it revises the earlier, because
  obligations and disbursements of a fiscal year keep being recorded after it ends (Mexico FY2021
  obligations: 94.3 million in the snapshot of about 2022, 172.3 million in the FY1946-FY2024 one).
  Both rows are kept; the earlier one stays in the table, not preferred.
- border apprehensions and encounters: more months of the fiscal year over fewer; then one
  dataset per series, so a line is one vintage with one rounding: the DHS OHSS encounters
  workbook (FY2000 on, rounded to 10), then the CBP Southwest Land Border Encounters file
  (FY2022 on, unrounded), then hand-kept figures, which stay as cross-checks (their notes say so).
  Border encounters by month: the same order of datasets (only the OHSS workbook feeds it so far).
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
VINTAGES: tuple[tuple[str, ...], ...] = (
    ("usaid_fae_country_summary_fy1946_2022", "fagov_country_summary_fy1946_2024"),
)
"""Successive downloads of one official dataset, oldest first (source ids). Every vintage ranks as
the first one does in ``SOURCE_PRIORITY``; among them the later vintage is preferred."""
REVISED_NOTE = "revises {earlier} ({value}): the later vintage is preferred"
REVISED_BY_NOTE = "revised by the later vintage {later} ({value}), which is preferred"
"""Notes added where two vintages of one series and period differ in value (``note_revisions``)."""


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1")


def _homicide_rank(row: pd.Series) -> tuple:
    return (int(row["months"]) == 12, row["revision"] == "final")


def _extradition_rank(row: pd.Series) -> tuple:
    return (int(row["months"]) == 12,)


def _assistance_rank(row: pd.Series) -> tuple:
    return (row["coverage"] == "full", _priority(str(row["source_id"])), _vintage(str(row["source_id"])))


def _vintage(source_id: str) -> int:
    """Position of ``source_id`` among the vintages of its dataset (0: the first, or not listed)."""
    for vintages in VINTAGES:
        if source_id in vintages:
            return vintages.index(source_id)
    return 0


def _first_vintage(source_id: str) -> str:
    for vintages in VINTAGES:
        if source_id in vintages:
            return vintages[0]
    return source_id


def _priority(source_id: str, order: tuple[str, ...] = SOURCE_PRIORITY) -> int:
    """Rank of ``source_id`` in ``order`` (source_id prefixes, best first); 0 when it is not listed."""
    source_id = _first_vintage(source_id)
    for i, prefix in enumerate(order):
        if source_id.startswith(prefix):
            return len(order) - i
    return 0


# Border datasets, best first (source_id prefixes): mxsec.ingest.dhs_ohss_encounters, mxsec.ingest.cbp_sw_encounters
BORDER_SOURCE_PRIORITY = ("dhs_ohss_khsm_usbp_encounters", "cbp_sw_land_border_encounters")


def _border_rank(row: pd.Series) -> tuple:
    return (int(row["months"]), _priority(str(row["source_id"]), BORDER_SOURCE_PRIORITY))


def _border_monthly_rank(row: pd.Series) -> tuple:
    return (_priority(str(row["source_id"]), BORDER_SOURCE_PRIORITY),)


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
    "border_encounters_monthly": _border_monthly_rank,
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
    out = out.drop(columns="_rank")
    return note_revisions(table, out) if table == "us_assistance" else out


def _append(note: object, text: str) -> str:
    note = "" if note is None or (isinstance(note, float) and pd.isna(note)) else str(note)
    return f"{note}; {text}" if note else text


def note_revisions(table: str, rows: pd.DataFrame, value: str = "value_usd") -> pd.DataFrame:
    """Where a preferred row of a later vintage (``VINTAGES``) and a row of an earlier vintage of
    the same dataset share the preferred key and differ in ``value``, say so in both notes."""
    key = list(TABLES[table].preferred_key)
    out = rows.copy()
    for _, group in out.groupby(key, sort=True, dropna=False):
        if len(group) < 2:
            continue
        winners = group.index[group["preferred"].eq(True)]
        if not len(winners):
            continue
        win = winners[0]
        family, rank = _first_vintage(str(out.at[win, "source_id"])), _vintage(str(out.at[win, "source_id"]))
        for other in group.index.drop(win):
            sid = str(out.at[other, "source_id"])
            if _first_vintage(sid) != family or _vintage(sid) >= rank:
                continue
            if str(out.at[other, value]) == str(out.at[win, value]):
                continue
            out.at[win, "note"] = _append(out.at[win, "note"], REVISED_NOTE.format(earlier=sid, value=out.at[other, value]))
            out.at[other, "note"] = _append(out.at[other, "note"], REVISED_BY_NOTE.format(
                later=out.at[win, "source_id"], value=out.at[win, value]))
    return out
