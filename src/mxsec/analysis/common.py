"""Helpers every report's computation shares: source ids and key-figure entries.

Year ranges are in ``periods`` (``format_year_ranges``), number formatting in
``mxsec.formatting`` (``fmt``).
"""

from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

KEY_FIGURE_FIELDS = ("value", "unit", "period", "source_ids", "note")


def split_ids(values: Iterable[Any]) -> list[str]:
    """Sorted distinct source ids from values that are ids, lists or tuples of ids, or strings
    listing several ids separated by ``;`` or ``,``. Missing and empty values are skipped."""
    out: set[str] = set()
    for value in values:
        if isinstance(value, (list, tuple, set, frozenset)):
            out.update(split_ids(value))
        elif isinstance(value, str):
            out.update(part.strip() for part in value.replace(",", ";").split(";") if part.strip())
    return sorted(out)


def frame_ids(*frames: pd.DataFrame | None, column: str = "source_id") -> list[str]:
    """Sorted distinct source ids in ``column`` of the frames (missing frames and columns skipped)."""
    return split_ids(value for frame in frames if frame is not None and column in frame
                     for value in frame[column].dropna())


def key_figure(value: Any, unit: str, period: Any, source_ids: Iterable[str], note: str) -> dict[str, Any]:
    """One entry of a topic's ``key_figures``: the value, its unit and period, the sorted
    distinct ids of its sources and a note (``""`` when there is nothing to add)."""
    return {"value": value, "unit": unit, "period": period, "source_ids": sorted(set(source_ids)), "note": note}


STATUS_PRECEDENCE = ("B", "P", "E", "F")
"""Which observation flag a figure built from several observations carries: the first of these
present among them (a break forbids the comparison outright; a provisional, estimated or
projected input makes the figure so), else A."""


def combine_status(statuses: Iterable[Any]) -> str:
    """The flag of a figure built from several observations (``STATUS_PRECEDENCE``); empty and
    missing flags count as A."""
    present = {s for s in statuses if isinstance(s, str) and s}
    return next((s for s in STATUS_PRECEDENCE if s in present), "A")


PLATEAU_TOLERANCE = 0.01
"""A highest value within this share (1%) of its neighbouring years' values is a plateau, not a
peak: the reports name the run of years, never one of them as "the peak"."""


def plateau_years(rows: pd.DataFrame, value: str = "value", year: str = "year",
                  tolerance: float = PLATEAU_TOLERANCE) -> list[int]:
    """The consecutive years around the highest ``value`` whose values are all within
    ``tolerance`` of it (the highest year alone when its neighbours are further off; empty for
    no rows). Missing values and missing years end the run: a plateau never spans a gap."""
    rows = rows[rows[value].notna()]
    if not len(rows):
        return []
    by_year = dict(zip(rows[year].astype(int), rows[value].astype(float)))
    top_year = max(by_year, key=lambda y: (by_year[y], -y))
    floor = by_year[top_year] * (1 - tolerance)
    run = [top_year]
    for step in (-1, 1):
        y = top_year + step
        while y in by_year and by_year[y] >= floor:
            run.append(y)
            y += step
    return sorted(run)


def extreme_row(rows: pd.DataFrame, column: str, lowest: bool = False) -> pd.Series:
    """The row with the highest (``lowest``: lowest) ``column``, the first of a tie; by ``year``, the latest row."""
    return rows.loc[rows[column].idxmin() if lowest else rows[column].idxmax()]


def change_pct(value: float, reference: float) -> float:
    """The change from ``reference`` to ``value``, in percent."""
    return (value / reference - 1) * 100
