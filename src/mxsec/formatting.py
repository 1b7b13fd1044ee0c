"""Number formatting for prose and key figures: one place, no drawing, no pandas beyond the
missing-value test, so every layer (computation, text, display) can use it."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def fmt(value: Any, kind: str = "int", digits: int = 1) -> str:
    """Format a computed number for prose: ``int`` 36,685; ``usd`` $1.6 billion / $352.0 million;
    ``pct`` 12.3%; ``rate`` 29.1; ``signed_pct`` +4.2%. Missing values print as "n/a"."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "n/a"
    if kind == "int":
        return f"{round(value):,}"
    if kind == "usd":
        value = float(value)
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if abs(value) >= size:
                return f"${value / size:,.{digits}f} {word}"
        return f"${value:,.0f}"
    if kind == "pct":
        return f"{value:.{digits}f}%"
    if kind == "signed_pct":
        return f"{value:+.{digits}f}%"
    if kind == "rate":
        return f"{value:,.{digits}f}"
    raise ValueError(f"fmt: unknown kind {kind!r}; allowed: int, usd, pct, signed_pct, rate")
