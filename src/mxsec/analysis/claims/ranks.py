"""Claims ledger: rank and direction claims, and the rule each claim applies (see mxsec.analysis.claims)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from mxsec.formatting import fmt
from mxsec.analysis.claims.core import *  # noqa: F403 (the ledger's shared names)


# --- Ranks and directions ----------------------------------------------------------------------

RANK_WORDS = {"max": "the highest year", "min": "the lowest year", "up": "a rise in every year",
              "down": "a fall in every year"}


def _year_series(table: str, frame: pd.DataFrame, conditions: dict[str, str], literature: frozenset[str],
                 name: str) -> list[tuple[str, dict[int, float], tuple[str, ...], bool]]:
    """The yearly series a reading offers: (label, {year: value}, source ids, natural?). The natural
    series is the preferred row of each year matching the full filter; the others are the remaining
    series of the table (its series key), one figure a year (the preferred one where there are several)."""
    from mxsec.data.schemas import TABLES

    vcol, ycol = value_column(frame), year_column(frame)
    relaxed = {c: v for c, v in conditions.items() if c in ALTERNATIVE_COLUMNS.get(table, ())}
    strict = {c: v for c, v in conditions.items() if c not in relaxed}
    rows = frame[_match(frame, strict) & frame[vcol].notna() & ~frame["source_id"].isin(literature)]
    rows = rows[comparable_rows(rows)]
    natural_mask = _match(rows, relaxed) & (rows["preferred"] if "preferred" in rows else True)
    out = []

    def one_a_year(group: pd.DataFrame) -> tuple[dict[int, float], tuple[str, ...]]:
        values, ids = {}, set()
        for year, in_year in group.groupby(ycol):
            chosen = in_year[in_year["preferred"]] if "preferred" in in_year and in_year["preferred"].any() else in_year
            if chosen[vcol].nunique() == 1:
                values[int(year)] = float(chosen[vcol].iloc[0])
                ids |= set(chosen["source_id"])
        return values, tuple(sorted(ids))

    natural_values, natural_ids = one_a_year(rows[natural_mask])
    out.append((name, natural_values, natural_ids, not name))
    key = [c for c in TABLES[table].series_key if c in rows.columns] if table in TABLES else []
    others = rows[~natural_mask]
    if key and not others.empty:
        for values_key, group in others.groupby(key, dropna=False, sort=True):
            values_key = values_key if isinstance(values_key, tuple) else (values_key,)
            label = _describe({c: v for c, v in zip(key, values_key) if str(conditions.get(c)) != str(v)}, table)
            values, ids = one_a_year(group)
            out.append(("; ".join(x for x in (name, label) if x), values, ids, False))
    return out


def _rank_holds(rank: str, values: dict[int, float], window: list[int], year: int) -> tuple[bool | None, str]:
    """Whether a series bears out a rank or direction claim over the window: None when the series
    does not cover the window (from its first year in it) without a gap."""
    first = max(window[0], min(values) if values else window[0])
    needed = list(range(first, window[-1] + 1))
    missing = [y for y in needed if y not in values]
    if missing or len(needed) < 2 or (rank in ("max", "min") and year not in values):
        return None, f"no figure for {_ranges(missing)}" if missing else "fewer than two years"
    span = f"{needed[0]}-{needed[-1]}"
    if rank in ("max", "min"):
        best = (max if rank == "max" else min)(needed, key=lambda y: (values[y], y == year))
        holds = values[year] >= values[best] if rank == "max" else values[year] <= values[best]
        if holds:
            return True, f"{year} is {RANK_WORDS[rank]} of {span}"
        return False, f"{year} is not {RANK_WORDS[rank]} of {span} ({best}: {fmt(values[best], 'int')} against " \
                      f"{fmt(values[year], 'int')})"
    steps = [values[b] - values[a] for a, b in zip(needed, needed[1:])]
    holds = all(s > 0 for s in steps) if rank == "up" else all(s < 0 for s in steps)
    word = "rises" if rank == "up" else "falls"
    return holds, f"the series {word} in every year of {span}" if holds else \
        f"the series does not {word[:-1]} in every year of {span}"


def _rank_part(claim: Any, tables: Callable[[str], pd.DataFrame], literature: frozenset[str],
               sources: dict[str, str]) -> _Part | None:
    rank = getattr(claim, "rank", None)
    if _missing(rank) or _missing(claim.test_table):
        return None
    table = claim.test_table
    frame = tables(table)
    window = parse_period(claim.rank_window)
    year = parse_period(claim.test_period)[-1]
    base = parse_filter(claim.test_filter)
    readings = [({}, "")] + [(r, _describe(r, table)) for r in parse_readings(getattr(claim, "readings", None))]
    results = []
    for overrides, name in readings:
        for label, values, ids, natural in _year_series(table, frame, {**base, **overrides}, literature, name):
            holds, text = _rank_holds(rank, values, window, year)
            results.append((label, holds, text, ids, natural))
    natural = next(r for r in results if r[4])
    claim_text = f"rank: the claim is {RANK_WORDS[rank]} over {claim.rank_window}"
    if natural[1]:
        return _Part(CONSISTENT, np.nan, source_ids=natural[3], text=f"{claim_text}; in the preferred series "
                                                                      f"{natural[2]}")
    natural_text = (f"in the preferred series {natural[2]}" if natural[1] is False
                    else f"the preferred series cannot rank it ({natural[2]})")
    others = [r for r in results if not r[4] and r[1]]
    if others:
        best = others[0]
        return _Part(NON_PREFERRED, np.nan, source_ids=best[3],
                     text=f"{claim_text}; {natural_text}; in the series [{best[0]}] ({_cite(best[3], sources)}) {best[2]}")
    verdict = DIFFERS if natural[1] is False else NOT_CHECKABLE
    return _Part(verdict, np.nan, text=f"{claim_text}; {natural_text}; no other series in data/ bears it out")


# --- The rule applied to each claim ---------------------------------------------------------------

QUALIFIER_COMPARISON = {
    "exact": "approx", "about": "approx", "around": "approx", "some": "approx", "perhaps": "approx",
    "roughly": "approx", "nearly": "below", "almost": "below", "more than": "gte", "over": "gte",
    "exceeded": "gte", "a bit more than": "gte", "at least": "gte", "as high as": "lte", "under": "lte",
    "fewer than": "lte", "range": "range", "year": "approx",
}
"""The comparison each qualifier of the claims' wording calls for (rule in the module docstring)."""
PRECISION_TOLERANCE = {"exact": 0.005, "3": 0.005, "2": 0.05, "1": 0.15, "year": 0.0, "range": 0.0}
"""Relative tolerance by the figure's precision (significant figures; ``exact`` for a count to the unit)."""


def _precision_text(precision: Any, comparison: str, tolerance: float) -> str:
    what = {"exact": "a count to the unit", "3": "three or more significant figures",
            "2": "two significant figures", "1": "one significant figure", "year": "a calendar year",
            "range": "a range"}.get(str(precision), str(precision))
    if comparison in ("gte", "lte"):
        return f"{what}, a {'floor' if comparison == 'gte' else 'ceiling'}: no tolerance"
    return f"{what}: tolerance {fmt(tolerance * 100, 'pct')}"


def rule_text(claim: Any) -> str:
    """Which part of the rule a claim's test applies, in words: qualifier, precision and tolerance,
    readings and rank."""
    qualifier = getattr(claim, "qualifier", None)
    qualifier = "exact" if _missing(qualifier) else str(qualifier)
    words = {"approx": "two-sided", "below": "one-sided, just below the figure", "gte": "one-sided, at least the figure",
             "lte": "one-sided, at most the figure", "range": "a range of values"}
    parts = [f"“{qualifier}” ({words.get(claim.comparison, claim.comparison)})" if qualifier != "exact"
             else "no qualifier (two-sided)"]
    q2 = getattr(claim, "qualifier_2", None)
    if not _missing(q2):
        c2 = getattr(claim, "comparison_2", None) or claim.comparison
        parts.append(f"second figure “{q2}” ({words.get(c2, c2)})")
    precision = getattr(claim, "precision", None)
    if not _missing(precision):
        parts.append(_precision_text(precision, claim.comparison, tolerance_of(claim)))
    else:
        parts.append(f"tolerance {fmt(tolerance_of(claim) * 100, 'pct')}")
    precision_2 = getattr(claim, "precision_2", None)
    if not _missing(precision_2):
        comparison_2 = getattr(claim, "comparison_2", None)
        comparison_2 = claim.comparison if _missing(comparison_2) else comparison_2
        parts.append("second figure " + _precision_text(precision_2, comparison_2, tolerance_of(claim, True)))
    readings = parse_readings(getattr(claim, "readings", None))
    if readings:
        parts.append("also tested on " + "; ".join(_reading_name(r, claim.test_table) for r in readings))
    if not _missing(getattr(claim, "rank", None)):
        parts.append(f"rank claim: {RANK_WORDS[claim.rank]} over {claim.rank_window}")
    definition = getattr(claim, "definition", None)
    head = f"Definition {definition}. " if not _missing(definition) else ""
    return head + "Rule: " + "; ".join(parts) + "."


__all__ = [name for name in dir() if not name.startswith('__')]
