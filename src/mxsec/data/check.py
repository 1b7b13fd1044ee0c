"""``mxsec data check``: validate every table and print a coverage table that shows the gaps."""

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
                 "extraditions": 1995, "border_apprehensions": 2000, "us_overdose_deaths": 1999, "events": 2006}


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


def run_check(echo: Callable[[str], None] = print) -> int:
    rows, failures = [], []
    for name in TABLES:
        try:
            frame = load(name)
        except (DataValidationError, FileNotFoundError) as exc:
            failures.append(f"{name}: {exc}")
            continue
        rows.append(coverage(name, frame))
    if rows:
        echo(pd.DataFrame(rows).to_string(index=False))
    for failure in failures:
        echo(f"FAILED {failure}")
    if not failures:
        echo(f"all {len(rows)} tables valid")
    return 1 if failures else 0
