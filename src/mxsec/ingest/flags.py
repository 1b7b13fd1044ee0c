"""Observation status and the definition columns that follow from a row's source: one rule per
table, written once, applied by ``mxsec data refresh`` before the preference rule.

Observation status (SDMX ``OBS_STATUS``, ``mxsec.data.schemas.OBS_STATUSES``):

- an explicit ``obs_status`` in a hand-kept row wins (its note says why);
- P: INEGI and SESNSP preliminary figures; NCHS provisional counts; Foreign Aid Explorer
  fiscal years the snapshot reports only in part (obligations are still being recorded);
- F: CONAPO populations after 2020 (projections; the demographic reconciliation ends in 2020);
- B: the first row of a series (preferred rows, in period order) where a break column of the
  table changes (border encounters when Title 42 expulsions start and stop being counted);
- A: everything else.

Partial coverage is not a status: it stays in ``months`` (homicides, extraditions) or
``coverage`` (U.S. assistance).

Definition columns derived here, never guessed: the homicide ``method`` (INEGI death records;
SESNSP's 1997 classification for the old-methodology files, its 2015 methodology otherwise) and
the ``coverage`` of dataset rows of U.S. assistance (a dataset row is the account's whole fiscal
year).
"""

from __future__ import annotations

import pandas as pd

from mxsec.data.schemas import TABLES

OLD_METHODOLOGY_SOURCES = ("sesnsp_old", "snsp_cieisp")  # source_id prefixes of SESNSP's 1997 classification
PARTLY_REPORTED_NOTE = "FY partly reported in this snapshot"  # mxsec.ingest.foreign_aid_explorer
LAST_ESTIMATED_POPULATION_YEAR = 2020  # CONAPO: reconciled estimates to 2020, projections after


def _homicide_method(row: pd.Series) -> str:
    if row["source"] == "inegi":
        return "death_records"
    return "sesnsp_1997" if str(row["source_id"]).startswith(OLD_METHODOLOGY_SOURCES) else "sesnsp_2015"


def derive_columns(table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Fill the definition columns a row's source determines, where a row leaves them empty."""
    out = rows.copy()
    columns = TABLES[table].columns
    if "method" in columns:
        empty = out.get("method", pd.Series("", index=out.index)).fillna("").eq("")
        out["method"] = out.get("method", pd.Series("", index=out.index)).fillna("")
        out.loc[empty, "method"] = out[empty].apply(_homicide_method, axis=1)
    if "coverage" in columns:
        out["coverage"] = out.get("coverage", pd.Series("", index=out.index)).fillna("").replace("", "full")
    return out


def _status(table: str, row: pd.Series) -> str:
    if table in ("homicides_national", "homicides_state") and row["revision"] == "preliminary":
        return "P"
    if table == "us_overdose_deaths" and row["revision"] == "provisional":
        return "P"
    if table == "us_assistance" and str(row.get("note", "")).startswith(PARTLY_REPORTED_NOTE):
        return "P"
    if table == "population" and int(row["year"]) > LAST_ESTIMATED_POPULATION_YEAR:
        return "F"
    return "A"


def assign_status(table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """``obs_status`` of every row: explicit (hand-kept) or by the table's rule; B is set by
    ``flag_breaks`` once ``preferred`` is known."""
    out = rows.copy()
    explicit = out.get("obs_status", pd.Series("", index=out.index)).fillna("")
    out["obs_status"] = [explicit.at[i] or _status(table, out.loc[i]) for i in out.index]
    return out


def flag_breaks(table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """B on the first preferred row of a series where a break column changes value."""
    schema = TABLES[table]
    if not schema.break_columns:
        return rows
    out = rows.copy()
    period = list(schema.period)
    preferred = out[out["preferred"].astype(str).eq("true") | out["preferred"].eq(True)]
    for _, series in preferred.groupby(list(schema.series_key), sort=True):
        ordered = series.sort_values(period, key=lambda c: c.astype(int))
        previous = None
        for index, row in ordered.iterrows():
            current = tuple(row[c] for c in schema.break_columns)
            if previous is not None and current != previous:
                out.at[index, "obs_status"] = "B"
            previous = current
    return out
