"""The indicators of the cooperation index and the deterministic steps applied to them: the
declared indicators and their fixed bounds, the frames built from the curated tables, treatment
of skewed indicators, normalisation, aggregation and pillar scores (see the package docstring).
Follows the ``compute`` rules: no drawing, no text."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from mxsec.analysis.extraditions import compute as ext_analysis
from mxsec.analysis.funding import compute as funding
from mxsec.data.events import CATEGORY_SCORES

# --------------------------------------------------------------------------- constants

PILLARS = ("judicial", "resources", "climate")
DEFAULT_WEIGHTS = {"judicial": 1.0, "resources": 1.0, "climate": 1.0}
DEFAULT_START_YEAR, DEFAULT_END_YEAR = 2006, 2025
BASE_YEAR = funding.DEFAULT_BASE_YEAR
SCALE_MIN, SCALE_MAX = 1.0, 100.0  # normalised scale: never 0, so a geometric mean is defined
SKEW_LIMIT, KURTOSIS_LIMIT = 2.0, 3.5  # JRC rule for treating an indicator
WINSORISE_MIN_N = 5  # winsorising one value per tail needs at least this many values
ZSCORE_SPAN = 3.0  # z-scores: +-3 standard deviations span 1..99 around 50, clipped to the 1-100 scale
EVENTS_COVERAGE = ("2006-01-01", "2026-01-31")  # data/manual/events_rule.md: the chronology's window

NORMALISATIONS = ("minmax", "zscore", "distance", "rank")
AGGREGATIONS = ("geometric", "arithmetic")


@dataclass(frozen=True)
class Indicator:
    """One indicator: its pillar, unit, fixed normalisation bounds and why they were chosen."""

    name: str
    pillar: str
    label: str
    unit: str
    lower: float
    upper: float
    non_negative: bool  # a log transform (log1p) is allowed
    rationale: str


_SCORES = [score for _, _, score in CATEGORY_SCORES.values()]
INDICATORS = (
    Indicator("extraditions_mx_us", "judicial", "Extraditions, Mexico → U.S.", "persons per calendar year", 0.0, 150.0, True,
              "0 = no extradition; 150 persons is a round goal post above every full-year count in the sources."),
    Indicator("extraditions_us_mx", "judicial", "Extraditions, U.S. → Mexico", "persons per calendar year", 0.0, 50.0, True,
              "0 = no extradition; 50 persons is a round goal post above both full-year counts the sources give."),
    Indicator("security_assistance", "resources", "U.S. security assistance, obligated (centred 3-year mean)",
              f"million {BASE_YEAR} dollars", 0.0, 1000.0, True,
              f"0 = no assistance; $1 billion ({BASE_YEAR} dollars) is a round ceiling above every fiscal year of the "
              "Greenbook series; values above it would score 100."),
    Indicator("event_balance", "climate", "Balance of cooperative events", "share, 0-1", 0.0, 1.0, False,
              "The balance (cooperative + 1) / (cooperative + conflictual + 2) lies between 0 and 1 by construction."),
    Indicator("event_score", "climate", "Mean event score (Goldstein)", "score", float(min(_SCORES)), float(max(_SCORES)), False,
              "The lowest and highest Goldstein scores any event category can have (the score of each category in src/mxsec/data/events.py)."),
)
INDICATOR_BY_NAME = {i.name: i for i in INDICATORS}
INDICATOR_NAMES = tuple(i.name for i in INDICATORS)


def pillar_of(name: str) -> str:
    return INDICATOR_BY_NAME[name].pillar


# --------------------------------------------------------------------------- indicators from the tables


def judicial_frame(extraditions: pd.DataFrame, administrations: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                   end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Extraditions per calendar year, both directions, from ``mxsec.analysis.extraditions``.

    Columns: year; ``mx_us`` and ``us_mx`` (persons, full calendar years only, NA otherwise: the
    preferred row); ``mx_us_scope``; ``mx_us_source`` and ``us_mx_source``; ``mx_us_alt`` and
    ``mx_us_literature`` / ``us_mx_literature``: the year's figure is literature-sourced (its only source is a
    paper of the literature, mxsec.data.sources.literature_source_ids); ``mx_us_alt`` and
    ``mx_us_alt_source``: where another source gives a different full-year figure of the same scope
    for the same year, that figure (the Monte Carlo's "alternative" source choice), else the
    preferred figure. U.S. -> Mexico has too few rows to have alternatives.
    """
    out = pd.DataFrame({"year": range(int(start_year), int(end_year) + 1)})
    for direction, key in (("mx_to_us", "mx_us"), ("us_to_mx", "us_mx")):
        series = ext_analysis.select_series(extraditions, direction)
        annual = ext_analysis.annual_table(series, start_year, end_year, administrations)
        out[key] = annual["persons"].astype("Float64").astype(float).to_numpy()
        out[f"{key}_scope"] = annual["scope"].where(annual["persons"].notna()).to_numpy()
        out[f"{key}_source"] = annual["source_id"].where(annual["persons"].notna()).to_numpy()
        out[f"{key}_literature"] = (annual["literature"] & annual["persons"].notna()).to_numpy()
    rows = ext_analysis.source_rows(extraditions, "mx_to_us")
    others = rows[rows["full_year"] & ~rows["preferred"]]
    out["mx_us_alt"] = out["mx_us"]
    out["mx_us_alt_source"] = out["mx_us_source"]
    for i, row in out.iterrows():
        if pd.isna(row["mx_us"]):
            continue
        candidates = others[(others["year"] == row["year"]) & (others["scope"] == row["mx_us_scope"])
                            & (others["persons"].astype(float) != row["mx_us"])]
        if len(candidates):
            out.loc[i, "mx_us_alt"] = float(candidates["persons"].iloc[0])
            out.loc[i, "mx_us_alt_source"] = candidates["source_id"].iloc[0]
    return out


def resources_frame(us_assistance: pd.DataFrame, cpi: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                    end_year: int = DEFAULT_END_YEAR, base_year: int = BASE_YEAR) -> pd.DataFrame:
    """Security assistance per fiscal year as ``funding.security_assistance`` defines it, as the
    centred three-year mean ``funding.centred_mean`` gives it (``funding.security_trend``), matched
    to the calendar year of the same number: one year's timing of obligations is not read as a
    change in resources. Columns: year, nominal_usd (the year's own obligations), obligated (the
    year's own obligations, million constant ``base_year`` dollars), security_assistance (the
    centred mean of those, million constant dollars; NaN where the Greenbook does not cover the
    year), window_years (3, or 2 at the ends of the Greenbook series), window_start, window_end,
    obs_status, source_ids (semicolon-separated: the years averaged, with the CPI-U source where a
    value exists)."""
    trend = funding.security_trend(us_assistance, cpi, start_year, end_year, dollars="constant", base_year=base_year)
    sources = funding.security_trend(us_assistance, cpi, start_year - 1, end_year + 1, dollars="constant",
                                     base_year=base_year).set_index("fiscal_year")["source_ids"]
    cpi_source = ";".join(sorted(set(cpi["source_id"])))
    has = trend["centred_mean"].notna().to_numpy()
    window_ids = [";".join(sorted({i for y in range(int(a), int(b) + 1) for i in str(sources.get(y, "")).split(";") if i}))
                  if ok else "" for a, b, ok in zip(trend["window_start"].fillna(0), trend["window_end"].fillna(-1), has)]
    return pd.DataFrame({
        "year": trend["fiscal_year"].astype(int).to_numpy(),
        "nominal_usd": trend["value_usd"].astype(float).to_numpy(),
        "obligated": (trend["value"] / 1e6).to_numpy(),
        "security_assistance": (trend["centred_mean"] / 1e6).to_numpy(),
        "window_years": trend["window_years"].to_numpy(),
        "window_start": trend["window_start"].to_numpy(),
        "window_end": trend["window_end"].to_numpy(),
        "obs_status": trend["obs_status"].to_numpy(),
        "source_ids": np.where(has, pd.Series(window_ids) + ";" + cpi_source, ""),
    })


def covered_event_years(start_year: int, end_year: int, coverage: tuple[str, str] = EVENTS_COVERAGE) -> list[int]:
    """Calendar years of the window lying wholly inside the events chronology's coverage."""
    first, last = pd.Timestamp(coverage[0]), pd.Timestamp(coverage[1])
    return [y for y in range(int(start_year), int(end_year) + 1)
            if pd.Timestamp(year=y, month=1, day=1) >= first and pd.Timestamp(year=y, month=12, day=31) <= last]


def climate_frame(events: pd.DataFrame, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
                  coverage: tuple[str, str] = EVENTS_COVERAGE) -> pd.DataFrame:
    """Events per calendar year: cooperative, conflictual, neutral, events (counts);
    ``event_balance`` = (cooperative + 1) / (cooperative + conflictual + 2) (neutral events do not
    count; the +1/+2 keep a year with few events near 0.5); ``event_score`` = mean Goldstein
    score of all the year's events (NaN without events). Years not wholly inside ``coverage``
    get NaN everywhere (the chronology cannot say they were quiet)."""
    years = list(range(int(start_year), int(end_year) + 1))
    covered = set(covered_event_years(start_year, end_year, coverage))
    rows = events.assign(year=events["date"].dt.year)
    rows = rows[rows["year"].isin(covered)]
    counts = rows.groupby(["year", "direction"]).size().unstack(fill_value=0)
    out = pd.DataFrame({"year": years})
    for column in ("cooperative", "conflictual", "neutral"):
        values = counts[column] if column in counts else pd.Series(dtype=float)
        out[column] = out["year"].map(values).fillna(0).astype(float)
    out["events"] = out[["cooperative", "conflictual", "neutral"]].sum(axis=1)
    out["event_balance"] = (out["cooperative"] + 1) / (out["cooperative"] + out["conflictual"] + 2)
    out["event_score"] = out["year"].map(rows.groupby("year")["score"].mean()).astype(float)
    out["source_ids"] = out["year"].map(rows.groupby("year")["source_id"].agg(lambda s: ";".join(sorted(set(s))))).fillna("")
    not_covered = ~out["year"].isin(covered)
    out.loc[not_covered, ["cooperative", "conflictual", "neutral", "events", "event_balance", "event_score"]] = np.nan
    return out


@dataclass
class Indicators:
    """The indicator matrix of one window: ``values`` (rows = years, columns = INDICATOR_NAMES,
    preferred sources), ``alternative`` (same with the alternative extradition source),
    ``sources`` (source_ids per cell, semicolon-separated, "" where no value) and the frames
    they came from."""

    years: np.ndarray
    values: pd.DataFrame
    alternative: pd.DataFrame
    sources: pd.DataFrame
    judicial: pd.DataFrame
    resources: pd.DataFrame
    climate: pd.DataFrame


def build_indicators(tables: Mapping[str, pd.DataFrame], start_year: int = DEFAULT_START_YEAR,
                     end_year: int = DEFAULT_END_YEAR, base_year: int = BASE_YEAR) -> Indicators:
    """Assemble the five indicators for the window from the loaded tables."""
    judicial = judicial_frame(tables["extraditions"], tables["administrations"], start_year, end_year)
    resources = resources_frame(tables["us_assistance"], tables["us_cpi_u"], start_year, end_year, base_year)
    climate = climate_frame(tables["events"], start_year, end_year)
    years = judicial["year"].to_numpy(dtype=int)
    values = pd.DataFrame({
        "extraditions_mx_us": judicial["mx_us"].to_numpy(float),
        "extraditions_us_mx": judicial["us_mx"].to_numpy(float),
        "security_assistance": resources["security_assistance"].to_numpy(float),
        "event_balance": climate["event_balance"].to_numpy(float),
        "event_score": climate["event_score"].to_numpy(float),
    }, index=pd.Index(years, name="year"))
    alternative = values.copy()
    alternative["extraditions_mx_us"] = judicial["mx_us_alt"].to_numpy(float)
    sources = pd.DataFrame({
        "extraditions_mx_us": judicial["mx_us_source"].fillna("").to_numpy(),
        "extraditions_us_mx": judicial["us_mx_source"].fillna("").to_numpy(),
        "security_assistance": resources["source_ids"].to_numpy(),
        "event_balance": climate["source_ids"].where(climate["event_balance"].notna(), "").to_numpy(),
        "event_score": climate["source_ids"].where(climate["event_score"].notna(), "").to_numpy(),
    }, index=values.index)
    return Indicators(years, values, alternative, sources, judicial, resources, climate)


# --------------------------------------------------------------------------- treatment and normalisation


def skewness_table(values: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: n (years with a value), skewness and excess kurtosis (pandas' bias-corrected
    estimators; NaN below 3 and 4 values), ``flagged`` (|skewness| > 2 and excess kurtosis > 3.5)
    and ``rule_treatment`` (log for a flagged non-negative indicator, winsorise for another
    flagged one, none otherwise)."""
    rows = []
    for name in values.columns:
        column = values[name].dropna()
        skew = float(column.skew()) if len(column) >= 3 else math.nan
        kurt = float(column.kurt()) if len(column) >= 4 else math.nan
        flagged = bool(abs(skew) > SKEW_LIMIT and kurt > KURTOSIS_LIMIT) if not (math.isnan(skew) or math.isnan(kurt)) else False
        treatment = ("log" if INDICATOR_BY_NAME[name].non_negative else "winsorise") if flagged else "none"
        rows.append({"indicator": name, "n": len(column), "skewness": skew, "excess_kurtosis": kurt, "flagged": flagged,
                     "rule_treatment": treatment})
    return pd.DataFrame(rows)


def winsorise(x: np.ndarray) -> np.ndarray:
    """Replace the largest value by the second largest and the smallest by the second smallest
    (one value per tail); NaN stays NaN. Fewer than ``WINSORISE_MIN_N`` values: unchanged."""
    x = np.asarray(x, dtype=float).copy()
    finite = np.sort(x[~np.isnan(x)])
    if len(finite) < WINSORISE_MIN_N:
        return x
    return np.where(np.isnan(x), np.nan, np.clip(x, finite[1], finite[-2]))


def treat(x: np.ndarray, how: str, non_negative: bool = True) -> np.ndarray:
    """``none``; ``log`` (log(1 + x), only for a non-negative indicator, else unchanged);
    ``winsorise`` (see ``winsorise``)."""
    x = np.asarray(x, dtype=float)
    if how == "none":
        return x.copy()
    if how == "log":
        return np.log1p(x) if non_negative else x.copy()
    if how == "winsorise":
        return winsorise(x)
    raise ValueError(f"treatment {how!r}: use none, log or winsorise")


def treat_bounds(indicator: Indicator, how: str) -> tuple[float, float]:
    """The fixed bounds on the treated scale (log(1 + bound) under a log treatment)."""
    if how == "log" and indicator.non_negative:
        return math.log1p(indicator.lower), math.log1p(indicator.upper)
    return indicator.lower, indicator.upper


def normalise(x: np.ndarray, method: str, lower: float, upper: float, reference: float | None = None) -> np.ndarray:
    """Put one indicator on a scale that never reaches 0 (NaN stays NaN).

    - ``minmax``: 1 + 99 (x - lower) / (upper - lower), x clipped to the fixed bounds -> 1..100.
    - ``zscore``: 50 + 49 z / 3 with z over the window's values (sample sd), clipped to 1..100;
      a constant indicator or one value -> 50.
    - ``distance``: 50 + 49 (x - reference) / (upper - lower), clipped to 1..99: the reference
      year (the window's first year with a value) scores 50.
    - ``rank``: 1 + 99 (rank - 1) / (n - 1) over the window's values (ties share the average
      rank); one value -> 50.
    """
    x = np.asarray(x, dtype=float)
    ok = ~np.isnan(x)
    out = np.full_like(x, np.nan)
    span = upper - lower
    if method == "minmax":
        out[ok] = SCALE_MIN + (SCALE_MAX - SCALE_MIN) * (np.clip(x[ok], lower, upper) - lower) / span
    elif method == "zscore":
        values = x[ok]
        sd = values.std(ddof=1) if len(values) > 1 else 0.0
        z = (values - values.mean()) / sd if sd > 0 else np.zeros_like(values)
        out[ok] = np.clip(50 + 49 * z / ZSCORE_SPAN, SCALE_MIN, SCALE_MAX)
    elif method == "distance":
        if reference is None:
            reference = x[ok][0] if ok.any() else math.nan
        out[ok] = np.clip(50 + 49 * (x[ok] - reference) / span, SCALE_MIN, SCALE_MAX - 1)
    elif method == "rank":
        values = x[ok]
        if len(values) == 1:
            out[ok] = 50.0
        elif len(values):
            out[ok] = SCALE_MIN + (SCALE_MAX - SCALE_MIN) * (rankdata(values) - 1) / (len(values) - 1)
    else:
        raise ValueError(f"normalisation {method!r}: use {', '.join(NORMALISATIONS)}")
    return out


def aggregate(pillars: np.ndarray, weights: np.ndarray, method: str) -> np.ndarray:
    """Combine pillar scores (shape (..., n_pillars, n_years)) with weights (shape (...,
    n_pillars), any non-negative numbers, renormalised to sum 1 here) into an index (...,
    n_years). ``geometric``: exp(sum w ln p); ``arithmetic``: sum w p. A year is NaN when a pillar
    with positive weight is NaN there; a pillar with weight 0 is ignored."""
    pillars = np.asarray(pillars, dtype=float)
    weights = np.asarray(weights, dtype=float)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    w = weights[..., :, None]
    used = w > 0
    missing = (np.isnan(pillars) & used).any(axis=-2)
    safe = np.where(used & ~np.isnan(pillars), pillars, 1.0)
    if method == "geometric":
        out = np.exp((w * np.log(safe)).sum(axis=-2))
    elif method == "arithmetic":
        out = (w * np.where(used, safe, 0.0)).sum(axis=-2)
    else:
        raise ValueError(f"aggregation {method!r}: use {', '.join(AGGREGATIONS)}")
    return np.where(missing, np.nan, out)


def pillar_scores(normalised: pd.DataFrame) -> pd.DataFrame:
    """Equal-weight arithmetic mean of the normalised indicators each pillar has in a year
    (columns = PILLARS); NaN where a pillar has none."""
    out = {}
    for pillar in PILLARS:
        columns = [c for c in normalised.columns if pillar_of(c) == pillar]
        block = normalised[columns].to_numpy(float) if columns else np.full((len(normalised), 1), np.nan)
        count = (~np.isnan(block)).sum(axis=1)
        total = np.nansum(block, axis=1) if block.size else np.zeros(len(normalised))
        out[pillar] = np.divide(total, count, out=np.full(len(normalised), np.nan), where=count > 0)
    return pd.DataFrame(out, index=normalised.index)


def leave_out_options(values: pd.DataFrame) -> tuple[str, ...]:
    """``none`` plus every indicator whose removal never empties a pillar: in each year where the
    pillar has a value, another of its indicators has one too."""
    options = ["none"]
    has = values.notna()
    for name in values.columns:
        pillar = pillar_of(name)
        members = [c for c in values.columns if pillar_of(c) == pillar]
        others = [c for c in members if c != name]
        if not others:
            continue
        before = has[members].any(axis=1)
        after = has[others].any(axis=1)
        if not (before & ~after).any():
            options.append(name)
    return tuple(options)


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Pillar weights: missing pillars take the default 1.0; unknown keys, negative values or all
    zeros raise ValueError."""
    weights = dict(weights or {})
    unknown = set(weights) - set(PILLARS)
    if unknown:
        raise ValueError(f"weights: unknown pillar(s) {', '.join(sorted(unknown))}; allowed {', '.join(PILLARS)}")
    out = {p: float(weights.get(p, DEFAULT_WEIGHTS[p])) for p in PILLARS}
    if any(v < 0 or math.isnan(v) for v in out.values()) or sum(out.values()) <= 0:
        raise ValueError(f"weights {out}: need non-negative numbers, at least one positive")
    return out


@dataclass(frozen=True)
class Options:
    """One combination of the analyst's discrete choices."""

    normalisation: str = "minmax"
    aggregation: str = "geometric"
    treatment: str = "rule"
    source: str = "preferred"
    leave_out: str = "none"


def normalised_indicators(ind: Indicators, options: Options, rule: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Treated and normalised indicators (rows = years) under ``options``; the left-out
    indicator is dropped. ``rule`` maps indicator -> treatment under the ``rule`` option (default:
    ``skewness_table`` of the preferred values)."""
    values = ind.values if options.source == "preferred" else ind.alternative
    if rule is None:
        rule = dict(zip(*skewness_table(ind.values)[["indicator", "rule_treatment"]].to_numpy().T))
    out = {}
    for name in values.columns:
        if name == options.leave_out:
            continue
        indicator = INDICATOR_BY_NAME[name]
        how = rule[name] if options.treatment == "rule" else options.treatment
        if how == "log" and not indicator.non_negative:
            how = "none"
        x = treat(values[name].to_numpy(float), how, indicator.non_negative)
        lower, upper = treat_bounds(indicator, how)
        out[name] = normalise(x, options.normalisation, lower, upper)
    return pd.DataFrame(out, index=values.index)
