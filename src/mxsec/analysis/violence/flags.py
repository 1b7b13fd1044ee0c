"""Observation status of the violence report's figures (SDMX ``OBS_STATUS``, defined in
``mxsec.data.schemas.OBS_STATUSES``): the flag of a count, of a rate and of a figure built from
several observations, and the checks that keep one line on one definition.

- A count keeps the flag of its data row (``value_status``): P for preliminary releases
  (January-June 2025), A otherwise; SESNSP feminicide added to intentional homicide passes its
  flag on (the stronger of the two: ``mxsec.analysis.common.combine_status``).
- A rate carries the flag of its count when that is B or P, else F when its population row is a
  CONAPO projection (every year after 2020), else the count's flag (``obs_status``).
- A figure built from several observations (a sum over states, a term, a change between two
  years) carries the strongest flag among them.
- B marks the first year of a new definition where a line joins two (``mxsec.data.series``):
  no change, rank, peak or average may span it, so changes into a B year are left empty and
  terms are computed per definition.

Imports no other layer of the package, so ``compute`` can use it.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

PER = 100_000
LABELS = {"A": "normal", "B": "break in series", "E": "estimated", "F": "projection (CONAPO population)",
          "P": "provisional"}


def status_of(frame: pd.DataFrame) -> pd.Series:
    """The ``obs_status`` column of ``frame``, A throughout when it has none."""
    return frame["obs_status"] if "obs_status" in frame else pd.Series("A", index=frame.index, dtype=object)


def rate_status(value_status: pd.Series, population_status: pd.Series) -> pd.Series:
    """The flag of each rate: the count's when B or P, else F where the population is a projection,
    else the count's."""
    value_status = value_status.fillna("A").astype(str)
    population_status = population_status.fillna("A").astype(str)
    strong = value_status.isin(["B", "P"])
    return pd.Series(np.where(strong, value_status, np.where(population_status.eq("F"), "F", value_status)),
                     index=value_status.index, dtype=object)


def full_years(rows: pd.DataFrame, start_year: int = 1990, end_year: int = 2100) -> pd.DataFrame:
    """Rows covering all 12 months, within ``start_year``..``end_year`` inclusive."""
    keep = (rows["months"] == 12) & rows["year"].between(start_year, end_year)
    return rows[keep].reset_index(drop=True)


def partial_years(rows: pd.DataFrame, start_year: int = 1990, end_year: int = 2100) -> pd.DataFrame:
    """Rows covering fewer than 12 months (never used for annual rates, ranks or comparisons)."""
    keep = (rows["months"] < 12) & rows["year"].between(start_year, end_year)
    return rows[keep].reset_index(drop=True)


def add_rates(rows: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Add ``population`` (CONAPO mid-year, same year and state_code), its flag
    ``population_status`` and ``rate_per_100k`` (value / population x 100,000); ``obs_status``
    becomes the rate's flag (:func:`rate_status`) where a rate is computed and stays the count's
    (``value_status``) elsewhere. Rows with months < 12 get no rate (NaN)."""
    pop = population[["year", "state_code", "population"]].copy()
    pop["population_status"] = population["obs_status"].astype(str) if "obs_status" in population else "A"
    pop["year"] = pop["year"].astype("int64")
    pop["state_code"] = pop["state_code"].astype(str)
    pop["population"] = pop["population"].astype("float64")
    out = rows.drop(columns=[c for c in ("population", "population_status") if c in rows]).merge(
        pop, on=["year", "state_code"], how="left")
    full = out["months"] == 12 if "months" in out else pd.Series(True, index=out.index)
    out["rate_per_100k"] = np.where(full, out["value"] / out["population"] * PER, np.nan)
    if "value_status" not in out:
        out["value_status"] = out["obs_status"] if "obs_status" in out else "A"
    rated = full & out["population"].notna()
    out["obs_status"] = np.where(rated, rate_status(out["value_status"], out["population_status"]),
                                 out["value_status"].fillna("A"))
    return out


def one_definition(rows: pd.DataFrame, by: str = "series") -> None:
    """Raise ValueError when one ``by`` group (one line) mixes definitions (method or basis)."""
    columns = [c for c in ("method", "basis") if c in rows]
    if not columns or rows.empty:
        return
    mixed = rows.groupby(by)[columns].nunique().gt(1).any(axis=1)
    if mixed.any():
        raise ValueError(f"one line, two definitions: {', '.join(map(str, mixed[mixed].index))}")


def break_years(rows: pd.DataFrame) -> list[int]:
    """The years flagged B in ``rows`` (sorted, distinct)."""
    if "obs_status" not in rows:
        return []
    return sorted({int(y) for y in rows.loc[rows["obs_status"].eq("B"), "year"]})


def state_headline(state_table: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """INEGI deaths by state as ``data/``'s headline joins them (``mxsec.data.series``,
    ``homicides_inegi_state``): year of registration through 2016, year of occurrence from 2017,
    the first occurrence year flagged B (``series_break``). ``labels`` maps each definition's
    basis (registration, occurrence) to the report's series label, so each part keeps its own
    label: joined in one frame, never in one line."""
    from mxsec.data.series import headline

    rows = headline("homicides_inegi_state", state_table)
    rows = rows.assign(series=rows["basis"].map(labels), state_code=rows["state_code"].astype(str),
                       year=rows["year"].astype("int64"))
    return rows.rename(columns={"value": "homicides"}).assign(value=lambda r: r["homicides"].astype("int64"))
