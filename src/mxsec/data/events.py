"""Direction and score of bilateral events, derived from ``category`` at load time.

The scale is the Goldstein (1992) conflict-cooperation scale (-10 most conflictual, +10 most
cooperative) as attached to CAMEO event codes in the CAMEO codebook (Schrodt, 2012). Each of
the project's categories is mapped once, here, to the CAMEO code that describes it; nobody
types a score per row. Categories with no bilateral CAMEO counterpart (an arrest made by one
government inside its territory, sanctions on non-state actors) score 0 and count as
neutral.
"""

from __future__ import annotations

import pandas as pd

# category -> (CAMEO code, CAMEO label, Goldstein score)
CATEGORY_SCORES: dict[str, tuple[str, str, float]] = {
    "agreement": ("057", "Sign formal agreement", 8.0),
    "aid": ("07", "Provide aid", 7.0),
    "extradition": ("084", "Return, release person(s)", 7.0),
    "transfer": ("084", "Return, release person(s)", 7.0),
    "joint_operation": ("06", "Engage in material cooperation", 6.0),
    "dialogue": ("04", "Consult", 1.0),
    "arrest": ("", "No bilateral CAMEO code (domestic law-enforcement act)", 0.0),
    "sanction": ("", "No bilateral CAMEO code (sanctions on non-state actors)", 0.0),
    "dispute": ("11", "Disapprove", -2.0),
    "unilateral_action": ("16", "Reduce relations", -4.0),
    "suspension": ("16", "Reduce relations", -4.0),
}


def direction(score: float) -> str:
    """cooperative (> 0), conflictual (< 0) or neutral (0)."""
    return "cooperative" if score > 0 else "conflictual" if score < 0 else "neutral"


def add_scores(events: pd.DataFrame) -> pd.DataFrame:
    """Add ``cameo_code``, ``score`` (Goldstein, -10..+10) and ``direction`` from ``category``."""
    unknown = sorted(set(events["category"]) - set(CATEGORY_SCORES))
    if unknown:
        raise ValueError(f"events: categories without a score mapping: {', '.join(unknown)}")
    out = events.copy()
    out["cameo_code"] = out["category"].map(lambda c: CATEGORY_SCORES[c][0])
    out["score"] = out["category"].map(lambda c: CATEGORY_SCORES[c][2]).astype("float64")
    out["direction"] = out["score"].map(direction)
    return out
