"""``mxsec data check``: validate every table, print a coverage table that shows the gaps, and
apply the series-integrity rules:

- a break column (``mxsec.data.schemas.Table.break_columns``) changes along a series' preferred
  rows only on a row flagged B;
- a count or an obligation that accrues over its period, stated by a source published before the
  period ended, says so: fewer ``months``, a ``coverage`` other than full, or status P, E or F;
- no zero stands where the source published nothing: a state's SESNSP homicide count of 0 where
  INEGI records deaths that year, or a feminicide 0 before the state's first reported feminicide.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from mxsec.data.loader import DataValidationError, load
from mxsec.data.schemas import TABLES

YEAR_FIELDS = ("year", "fiscal_year", "date")
# Tables of stated totals cover every year of each span, not just the year a span starts.
SPAN_FIELDS = (("start_fiscal_year", "end_fiscal_year"), ("period_start", "period_end"))
# First year each table should cover (the spans the reports promise); gaps are counted from here.
EXPECTED_FROM = {"homicides_national": 1990, "homicides_state": 2000, "population": 1990, "us_assistance": 2000,
                 "extraditions": 1995, "border_apprehensions": 2000,
                 "border_encounters_monthly": 2000, "us_overdose_deaths": 1999, "events": 2006}


def coverage(name: str, frame: pd.DataFrame) -> dict[str, object]:
    """Rows, span of years, years missing inside the span, and number of sources of one table.

    A year counts as covered when any row has it (for tables of stated totals: when any row's span
    includes it)."""
    column = next((c for c in YEAR_FIELDS if c in frame.columns), None)
    span = next((pair for pair in SPAN_FIELDS if set(pair) <= set(frame.columns)), None)
    row: dict[str, object] = {"table": name, "rows": len(frame), "years": "", "missing_years": "",
                              "sources": frame["source_id"].nunique() if "source_id" in frame.columns else 0}
    if (column is None and span is None) or frame.empty:
        return row
    if span is not None:
        start, end = (_years(frame[c]) for c in span)
        years = sorted({y for a, b in zip(start, end) if pd.notna(a) and pd.notna(b) for y in range(int(a), int(b) + 1)})
    else:
        years = sorted(set(_years(frame[column]).dropna().astype(int)))
    row["years"] = f"{years[0]}-{years[-1]}"
    first = min(years[0], EXPECTED_FROM.get(name, years[0]))
    gaps = sorted(set(range(first, years[-1] + 1)) - set(years))
    row["missing_years"] = ", ".join(map(str, gaps)) if gaps else "none"
    return row


def _years(values: pd.Series) -> pd.Series:
    return values.dt.year if str(values.dtype).startswith("datetime") else values


# Stages of U.S. assistance that accrue through and after the fiscal year (a request or an
# enactment is complete when stated).
ACCRUING_STAGES = ("obligated", "disbursed", "delivered")
ACCRUING_TABLES = ("homicides_national", "homicides_state", "extraditions", "border_apprehensions",
                   "border_encounters_monthly", "us_overdose_deaths", "us_assistance")
NOT_FINAL = ("P", "E", "F")
INEGI_DEATHS_FOR_A_REAL_ZERO = 10  # a SESNSP zero beside at least this many INEGI deaths is a missing figure


def break_problems(name: str, frame: pd.DataFrame) -> list[str]:
    """Rows where a break column changes along a series without a B flag."""
    table = TABLES[name]
    if not table.break_columns:
        return []
    out = []
    preferred = frame[frame["preferred"]].sort_values(list(table.period))
    for key, series in preferred.groupby(list(table.series_key), sort=True):
        previous = None
        for row in series.itertuples(index=False):
            current = tuple(getattr(row, c) for c in table.break_columns)
            if previous is not None and current != previous and row.obs_status != "B":
                where = ", ".join(f"{c}={getattr(row, c)}" for c in (*table.period, *table.series_key))
                out.append(f"{name} ({where}): {', '.join(table.break_columns)} changes from {previous} to {current} "
                           "without a break flag (obs_status B)")
            previous = current
    return out


def _published_end(text: object) -> pd.Timestamp:
    """The last day a publication date can mean (2008 -> 31 Dec 2008; 2008-12 -> 31 Dec 2008)."""
    if not isinstance(text, str) or not text:
        return pd.NaT
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return pd.Timestamp(parts[0], 12, 31)
    if len(parts) == 2:
        return pd.Timestamp(parts[0], parts[1], 1) + pd.offsets.MonthEnd(0)
    return pd.Timestamp(*parts)


def _period_end(name: str, frame: pd.DataFrame) -> pd.Series:
    if TABLES[name].period == ("month",):  # calendar months, YYYY-MM: the month's last day
        return frame["month"].map(lambda m: pd.Timestamp(f"{m}-01") + pd.offsets.MonthEnd(0))
    if "fiscal_year" in frame.columns:
        return frame["fiscal_year"].map(lambda y: pd.Timestamp(int(y), 9, 30))
    fiscal = frame["year_basis"].eq("us_fiscal") if "year_basis" in frame.columns else pd.Series(False, index=frame.index)
    return pd.Series([pd.Timestamp(int(y), 9 if f else 12, 30 if f else 31) for y, f in zip(frame["year"], fiscal)],
                     index=frame.index)


def early_problems(name: str, frame: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """Preferred full-period values of accruing quantities stated before their period ended."""
    if name not in ACCRUING_TABLES:
        return []
    rows = frame[frame["preferred"]]
    if name == "us_assistance":
        rows = rows[rows["stage"].isin(ACCRUING_STAGES)]
    full = rows["months"].eq(12) if "months" in rows.columns else (
        rows["coverage"].eq("full") if "coverage" in rows.columns else pd.Series(True, index=rows.index))
    published = rows["source_id"].map(sources.set_index("source_id")["published"]).map(_published_end)
    early = full & (published < _period_end(name, rows)) & ~rows["obs_status"].isin(NOT_FINAL)
    period = TABLES[name].period[0]
    return [f"{name} ({period}={row[period]}, source_id={row['source_id']}): a full-period value stated on "
            f"{sources.set_index('source_id').at[row['source_id'], 'published']}, before the period ended, without "
            "its coverage (months or coverage) or a P flag" for _, row in rows[early].iterrows()]


def zero_problems(homicides_state: pd.DataFrame) -> list[str]:
    """Zeros that stand for a figure the source did not publish."""
    out = []
    h = homicides_state
    inegi = h[(h["source"] == "inegi") & h["preferred"] & (h["crime"] == "intentional_homicide")]
    inegi = inegi.groupby(["year", "state_code"])["value"].max()
    zeros = h[(h["source"] == "sesnsp") & (h["crime"] == "intentional_homicide") & (h["value"] == 0)]
    for row in zeros.itertuples(index=False):
        deaths = inegi.get((row.year, row.state_code))
        if deaths is not None and deaths >= INEGI_DEATHS_FOR_A_REAL_ZERO:
            out.append(f"homicides_state (year={row.year}, state_code={row.state_code}, source_id={row.source_id}): "
                       f"0 intentional homicides where INEGI records {int(deaths)} deaths: a missing figure stored as 0")
    fem = h[h["crime"] == "feminicide"]
    for (state, sid), series in fem.groupby(["state_code", "source_id"]):
        reported = series.loc[series["value"] > 0, "year"]
        first = reported.min() if len(reported) else None
        for row in series[(series["value"] == 0) & ((first is None) | (series["year"] < (first or 0)))].itertuples():
            out.append(f"homicides_state (year={row.year}, state_code={state}, source_id={sid}): feminicide 0 before "
                       "the state's first reported feminicide: missing, not zero")
    return out


def integrity_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every series-integrity problem of the loaded ``tables`` (name -> frame)."""
    out = []
    for name, frame in tables.items():
        out += break_problems(name, frame)
        if "sources" in tables:
            out += early_problems(name, frame, tables["sources"])
    if "homicides_state" in tables:
        out += zero_problems(tables["homicides_state"])
    return out


def run_check(echo: Callable[[str], None] = print) -> int:
    rows, failures, loaded = [], [], {}
    for name in TABLES:
        try:
            frame = load(name)
        except (DataValidationError, FileNotFoundError) as exc:
            failures.append(f"{name}: {exc}")
            continue
        loaded[name] = frame
        rows.append(coverage(name, frame))
    failures += integrity_problems(loaded)
    if rows:
        echo(pd.DataFrame(rows).to_string(index=False))
    for failure in failures:
        echo(f"FAILED {failure}")
    if not failures:
        echo(f"all {len(rows)} tables valid; series integrity: no break without a flag, no early value without its "
             "coverage, no zero standing for a missing figure")
    return 1 if failures else 0
