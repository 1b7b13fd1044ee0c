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
