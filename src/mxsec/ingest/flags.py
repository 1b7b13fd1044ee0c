"""Observation status and the definition columns that follow from a row's source: one rule per
table, written once, applied by ``mxsec data refresh`` before the preference rule.

Observation status (SDMX ``OBS_STATUS``, ``mxsec.data.schemas.OBS_STATUSES``):

- an explicit ``obs_status`` in a hand-kept row wins (its note says why);
- P: INEGI and SESNSP preliminary figures; NCHS provisional counts; the fiscal years and stages a
  ForeignAssistance.gov country-summary snapshot reports only in part (obligations and
  disbursements are still being recorded): ``PARTLY_REPORTED_AID``, one entry per vintage;
- F: CONAPO populations after 2020 (projections; the demographic reconciliation ends in 2020);
- B: the first row of a series (preferred rows, in period order) where a break column of the
  table changes (border encounters when Title 42 expulsions start and stop being counted: FY2020 and
  FY2024 by fiscal year, 2020-03 and 2023-06 by month);
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
LAST_ESTIMATED_POPULATION_YEAR = 2020  # CONAPO: reconciled estimates to 2020, projections after

PARTLY_REPORTED_AID: dict[str, tuple[tuple[int, ...], tuple[str, ...] | None]] = {
    # older snapshot (about 2022): its last two fiscal years, every stage (FY2022 obligations $1.8M)
    "usaid_fae_country_summary_fy1946_2022": ((2021, 2022), None),
    # newer snapshot (FY1946-FY2024): obligations and disbursements of its last two fiscal years
    "fagov_country_summary_fy1946_2024": ((2023, 2024), ("obligated", "disbursed")),
}
"""U.S. assistance rows that are provisional, by ``source_id``: (fiscal years, stages; None = every
stage). Why these years (``mxsec.ingest.foreign_aid_explorer``): between the two snapshots the
second-to-last fiscal year of the older one was revised up by far (FY2021 obligations 94.3M ->
172.3M, disbursements 46.0M -> 155.4M) while earlier years moved by under 0.5%; so in each
snapshot its last two fiscal years are still being recorded. Requests and "appropriated and
planned" amounts are not flagged in the newer file: they are published budget figures, identical in
both snapshots for every year both report."""


def partly_reported_aid(source_id: str, fiscal_year: int, stage: str) -> bool:
    """True where ``PARTLY_REPORTED_AID`` says this U.S. assistance row is only partly reported."""
    years, stages = PARTLY_REPORTED_AID.get(str(source_id), ((), None))
    return int(fiscal_year) in years and (stages is None or stage in stages)


def _homicide_method(row: pd.Series) -> str:
    if row["source"] == "inegi":
        return "death_records"
    return "sesnsp_1997" if str(row["source_id"]).startswith(OLD_METHODOLOGY_SOURCES) else "sesnsp_2015"


def derive_columns(table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Fill the definition columns a row's source determines, where a row leaves them empty."""
    out = rows.copy()
    columns = TABLES[table].columns
    if "method" in columns:
        out["method"] = _given(out, "method")
        empty = out["method"].eq("")
        out.loc[empty, "method"] = out[empty].apply(_homicide_method, axis=1)
    if "coverage" in columns:
        out["coverage"] = _given(out, "coverage").replace("", "full")
    return out


def _given(rows: pd.DataFrame, column: str) -> pd.Series:
    """The values a row gives for ``column`` ("" where it gives none, or lacks the column)."""
    return rows[column].fillna("") if column in rows.columns else pd.Series("", index=rows.index, dtype=object)


def _status(table: str, row: pd.Series) -> str:
    if table in ("homicides_national", "homicides_state") and row["revision"] == "preliminary":
        return "P"
    if table == "us_overdose_deaths" and row["revision"] == "provisional":
        return "P"
    if table == "us_assistance" and partly_reported_aid(row["source_id"], row["fiscal_year"], row["stage"]):
        return "P"
    if table == "population" and int(row["year"]) > LAST_ESTIMATED_POPULATION_YEAR:
        return "F"
    return "A"


def assign_status(table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """``obs_status`` of every row: explicit (hand-kept) or by the table's rule; B is set by
    ``flag_breaks`` once ``preferred`` is known."""
    out = rows.copy()
    explicit = _given(out, "obs_status")
    out["obs_status"] = [explicit.at[i] or _status(table, out.loc[i]) for i in out.index]
    return out


def _period_order(column: pd.Series) -> pd.Series:
    """Sort key of a period column: years as numbers; calendar months (YYYY-MM) as their text, which sorts
    in time order."""
    text = column.astype(str)
    return text.astype(int) if text.str.fullmatch(r"\d+").all() else text


def flag_breaks(table: str, rows: pd.DataFrame) -> pd.DataFrame:
    """B on the first preferred row of a series where a break column changes value."""
    schema = TABLES[table]
    if not schema.break_columns:
        return rows
    out = rows.copy()
    period = list(schema.period)
    preferred = out[out["preferred"].astype(str).eq("true") | out["preferred"].eq(True)]
    for _, series in preferred.groupby(list(schema.series_key), sort=True):
        ordered = series.sort_values(period, key=_period_order)
        previous = None
        for index, row in ordered.iterrows():
            current = tuple(row[c] for c in schema.break_columns)
            if previous is not None and current != previous:
                out.at[index, "obs_status"] = "B"
            previous = current
    return out
