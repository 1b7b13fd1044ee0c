"""Which row the reports use when sources disagree: one rule per table, written once.

Within each preferred key (declared in ``mxsec.data.schemas``), rows are ranked and the
first is marked ``preferred``. An explicit ``preferred=true`` in a hand-kept table wins (its
note says why); otherwise the table's rule decides:

- homicides (national and state): full year over partial; for INEGI, year of registration
  (the headline series the literature quotes) over occurrence, final over preliminary;
  for SESNSP, victims over case files, and the current methodology (2015 on) over the old.
- U.S. overdose deaths: final over provisional; the NCHS dataset over secondary reports.
- U.S. assistance: the official dataset (Foreign Aid Explorer, then Greenbook) over
  transcriptions.
- any table: official datasets ingested from raw files over hand-kept press figures.

Two rows that tie on every criterion are an error: the curator must choose.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from mxsec.data.schemas import TABLES

OLD_METHODOLOGY_SOURCES = ("sesnsp_old", "snsp_cieisp")  # source_id prefixes of pre-2015 SESNSP series
SOURCE_PRIORITY = ("usaid_fae", "usaid_greenbook", "nchs", "bls")  # official datasets, best first


def _truthy(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1")


def _homicide_rank(row: pd.Series) -> tuple:
    full_year = int(row["months"]) == 12
    if row["source"] == "inegi":
        return (full_year, row["basis"] == "registration", row["revision"] == "final")
    new_method = not str(row["source_id"]).startswith(OLD_METHODOLOGY_SOURCES)
    return (full_year, row["measure"] == "victims", new_method, row["revision"] == "final")


def _priority(source_id: str) -> int:
    for i, prefix in enumerate(SOURCE_PRIORITY):
        if source_id.startswith(prefix):
            return len(SOURCE_PRIORITY) - i
    return 0


def _overdose_rank(row: pd.Series) -> tuple:
    return (row["revision"] == "final", _priority(str(row["source_id"])))


def _default_rank(row: pd.Series) -> tuple:
    return (_priority(str(row["source_id"])),)


RULES: dict[str, Callable[[pd.Series], tuple]] = {
    "homicides_national": _homicide_rank,
    "homicides_state": _homicide_rank,
    "us_overdose_deaths": _overdose_rank,
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
