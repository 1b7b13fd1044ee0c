"""Citation lines generated from ``data/sources.csv`` (never typed in a notebook)."""

from __future__ import annotations

from typing import Iterable


def source_line(source_ids: Iterable[str]) -> str:
    """``Sources: INEGI, Estadísticas de defunciones registradas (2024); CRS, R41349 (2020).``"""
    from mxsec.data.loader import load

    ids = sorted(set(source_ids))
    if not ids:
        return ""
    table = load("sources").set_index("source_id")
    missing = [i for i in ids if i not in table.index]
    if missing:
        raise KeyError(f"source_id not in sources.csv: {', '.join(missing)}")
    parts = []
    for source_id in ids:
        row = table.loc[source_id]
        published = row["published"]
        year = str(published)[:4] if isinstance(published, str) and published else "n.d."
        parts.append(f"{row['publisher']}, {row['title']} ({year})")
    return ("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(dict.fromkeys(parts)) + "."
