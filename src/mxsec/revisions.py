"""Changes in this edition: each report's key figures compared with those of the previous
published edition, with the reason recorded for each change, the way statistics offices
publish revision notes.

The previous edition's key figures are kept in ``reports/previous/<topic>.figures.json`` (a copy
of that edition's ``figures.json``, frozen when the edition closed: ``make new-edition``). The
reasons are the hand-kept table ``data/revisions.csv`` (topic, figure, reason). Re-rendering with
unchanged inputs gives the same section, byte for byte: nothing here reads the report being
written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from mxsec.formatting import fmt
from mxsec.paths import previous_edition_dir

NUMBER_FORMATS = {"usd": "usd", "percent": "pct", "rate_per_100k": "rate"}


def previous_path(topic: str, reports: Path | None = None) -> Path:
    return previous_edition_dir(reports) / f"{topic}.figures.json"


def previous_figures(topic: str, reports: Path | None = None) -> dict[str, Any] | None:
    """The previous edition's key figures of ``topic``, with its ``_meta`` (None when there is no
    previous edition)."""
    path = previous_path(topic, reports)
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _text(value: Any, unit: str = "") -> str:
    if value is None:
        return "no figure"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and unit in ("year", "fiscal_year"):
        return str(int(value))
    if isinstance(value, (int, float)) and unit in NUMBER_FORMATS:
        return fmt(value, NUMBER_FORMATS[unit])
    if isinstance(value, int):
        return fmt(value, "int")
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, (list, tuple)):  # lists of whole numbers are years
        return ", ".join(str(v) if isinstance(v, int) else _text(v) for v in value) or "none"
    return str(value)


def _flatten(prefix: str, value: Any) -> dict[str, Any]:
    """A dict value as one part per leaf (``value: López Obrador: persons_with_data``)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(f"{prefix}: {key}", item))
        return out
    return {prefix: value}


def _parts(entry: dict[str, Any] | None) -> dict[str, str]:
    """A figure's comparable parts as the text a reader sees: its value (one part per leaf of a
    dict value), period and flag. A figure without a flag was an unflagged, normal value (A)."""
    if entry is None:
        return {}
    unit = str(entry.get("unit", ""))
    parts = {part: _text(v, unit) for part, v in _flatten("value", entry.get("value")).items()}
    parts["period"] = _text(entry.get("period"))
    parts["flag"] = str(entry.get("obs_status") or "A")
    return parts


def compare(previous: dict[str, Any], current: dict[str, Any]) -> pd.DataFrame:
    """One row per changed part of a key figure, as a reader sees it: figure, part, previous,
    current. A figure absent from one edition is "not published" there."""
    rows = []
    for name in sorted(set(previous) | set(current)):
        old, new = previous.get(name), current.get(name)
        before, after = _parts(old), _parts(new)
        for part in sorted(set(before) | set(after), key=lambda p: (not p.startswith("value"), p)):
            a = before.get(part, "not published" if old is None else "none")
            b = after.get(part, "no longer published" if new is None else "none")
            if a != b:
                rows.append({"figure": name, "part": part, "previous": a, "current": b})
    return pd.DataFrame(rows, columns=["figure", "part", "previous", "current"])


def changes(topic: str, current: dict[str, Any], reasons: pd.DataFrame, reports: Path | None = None) -> pd.DataFrame | None:
    """The changed key figures of ``topic`` with their recorded reasons (column ``reason``; a
    change without one reads "no reason recorded"). None when there is no previous edition."""
    previous = previous_figures(topic, reports)
    if previous is None:
        return None
    previous = {name: entry for name, entry in previous.items() if name != "_meta"}
    table = compare(previous, current)
    why = reasons[reasons["topic"] == topic].set_index("figure")["reason"].to_dict()
    table["reason"] = table["figure"].map(why).astype(object).fillna("no reason recorded")
    return table


SAME_REASON = "Same reason as the row above."


def by_figure(table: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """``changes`` as one row per key figure, for reading: the changed parts joined ("2008: 0.35;
    2009: 1.00"; a part other than the value is named, "flag: A"), and a reason that repeats the
    row above written as ``SAME_REASON``. ``names`` gives the display name of a key inside a
    dict value (``persons_with_data`` -> "persons in the years with data"); a key it does not
    name is looked up in ``mxsec.names.COLUMNS``, and shown as it is otherwise (a year, an
    administration)."""
    from mxsec.names import COLUMNS

    names = names or {}

    def joined(group: pd.DataFrame, column: str) -> str:
        items = []
        for part, value in zip(group["part"], group[column]):
            name = "" if part == "value" else part.removeprefix("value: ")
            name = ": ".join(names.get(key, COLUMNS.get(key, key)) for key in name.split(": ")) if name else ""
            items.append(f"{name}: {value}" if name else value)
        return "; ".join(items)

    rows = []
    for figure, group in table.groupby("figure", sort=False):
        rows.append({"figure": figure, "parts": ", ".join(dict.fromkeys(
            "value" if p.startswith("value") else p for p in group["part"])),
            "previous": joined(group, "previous"), "current": joined(group, "current"), "reason": group["reason"].iloc[0]})
    out = pd.DataFrame(rows, columns=["figure", "parts", "previous", "current", "reason"])
    repeated = out["reason"].eq(out["reason"].shift())
    out.loc[repeated, "reason"] = SAME_REASON
    return out
