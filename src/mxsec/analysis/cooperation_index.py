"""Cooperation index: an annual, uncertainty-aware composite indicator of U.S.-Mexico security
cooperation, built the way the OECD/JRC *Handbook on Constructing Composite Indicators* (2008)
and the JRC's ten-step guide and statistical audits build one, with every analyst's choice
declared here and varied in a Monte Carlo and a Sobol sensitivity analysis.

Pillars and indicators (calendar years; nothing is estimated or filled in):

- **judicial**: extraditions Mexico -> U.S. and U.S. -> Mexico, persons per calendar year, full
  years only (``mxsec.analysis.extraditions``: ``select_series`` / ``annual_table``; preferred rows;
  the "alternative" source choice swaps in another source's full-year, same-scope figure where
  sources disagree).
- **resources**: U.S. security assistance obligated, as defined once in
  ``mxsec.analysis.funding.security_assistance`` (USAID Greenbook), deflated to constant
  ``BASE_YEAR`` dollars with BLS CPI-U (``funding.to_dollars``), in millions. Fiscal year N is
  matched to calendar year N (FY N runs October N-1 to September N). No other operational
  indicator with real annual data is in data/.
- **climate**: from the dated chronology ``load("events")`` (``direction`` and Goldstein
  ``score`` derived at load time): the balance (cooperative + 1) / (cooperative + conflictual + 2)
  and the mean event score. Only calendar years wholly inside the chronology's coverage
  (``EVENTS_COVERAGE``) have values; a covered year without events has balance 0.5 and no mean
  score.

Method (defaults; the alternatives are the Monte Carlo's choices): treatment of skewed
indicators by the JRC rule (|skewness| > 2 and excess kurtosis > 3.5 -> log if the indicator is
non-negative, else winsorise); min-max normalisation over fixed, declared bounds onto 1-100
(never 0, so a geometric mean is defined); equal weights within pillars (arithmetic mean of the
indicators a year has) and across pillars (``weights``), geometric mean across pillars. A year
gets a score only if every pillar with a positive weight has at least one indicator; otherwise
it has none (no imputation). Everything runs on numpy arrays: the Monte Carlo loops only over
the handful of discrete choice combinations and is vectorised over draws and years.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import matplotlib.colors
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd
from scipy.stats import rankdata

from mxsec import charts
from mxsec.analysis import extraditions as ext_analysis
from mxsec.analysis import funding, periods
from mxsec.data.events import CATEGORY_SCORES
from mxsec.report import LegacyChart as Chart, fmt

# --------------------------------------------------------------------------- constants

PILLARS = ("judicial", "resources", "climate")
PILLAR_LABELS = {"judicial": "Judicial", "resources": "Resources and operations", "climate": "Political climate"}
PILLAR_COLOURS = {"judicial": charts.PALETTE[0], "resources": charts.PALETTE[4], "climate": charts.PALETTE[2]}
DEFAULT_WEIGHTS = {"judicial": 1.0, "resources": 1.0, "climate": 1.0}
DEFAULT_START_YEAR, DEFAULT_END_YEAR = 2006, 2025
DEFAULT_DRAWS, DEFAULT_SEED = 10_000, 20_080_630
BASE_YEAR = funding.DEFAULT_BASE_YEAR
SCALE_MIN, SCALE_MAX = 1.0, 100.0  # normalised scale: never 0, so a geometric mean is defined
WEIGHT_SPREAD = 0.25  # each pillar weight is drawn uniformly within +-25% of its value, then renormalised
ROBUST_PROBABILITY = 0.9  # a year-to-year change is robust when P(rise) >= 0.9 (rise) or <= 0.1 (fall)
SKEW_LIMIT, KURTOSIS_LIMIT = 2.0, 3.5  # JRC rule for treating an indicator
WINSORISE_MIN_N = 5  # winsorising one value per tail needs at least this many values
SOBOL_N = 1024  # Saltelli/Sobol base sample (power of two); N * (D + 2) model runs
SOBOL_NOISE = 0.05  # Sobol estimates below 0 by less than this are numerical noise and clipped to 0
ZSCORE_SPAN = 3.0  # z-scores: +-3 standard deviations span 1..99 around 50, clipped to the 1-100 scale
EVENTS_COVERAGE = ("2006-01-01", "2026-01-31")  # data/manual/events_rule.md: the chronology's window
ADMINISTRATIONS_SOURCE = "mx_cpeum_art_83"
MAJOR_COOPERATIVE = ("agreement", "aid")
MAJOR_CONFLICTUAL = ("dispute", "suspension", "unilateral_action")

NORMALISATIONS = ("minmax", "zscore", "distance", "rank")
AGGREGATIONS = ("geometric", "arithmetic")
TREATMENTS = ("rule", "log", "winsorise")
SOURCES = ("preferred", "alternative")
CHOICE_LABELS = {
    "weight_judicial": "Weight: judicial", "weight_resources": "Weight: resources", "weight_climate": "Weight: climate",
    "normalisation": "Normalisation", "aggregation": "Aggregation across pillars", "treatment": "Treatment of skew",
    "source": "Extradition source", "leave_out": "Leave one indicator out",
}
NORMALISATION_LABELS = {"minmax": "min-max over fixed bounds", "zscore": "z-score", "distance": "distance to the first year",
                        "rank": "rank"}


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
    Indicator("security_assistance", "resources", "U.S. security assistance, obligated",
              f"million {BASE_YEAR} dollars", 0.0, 1000.0, True,
              f"0 = no assistance; $1 billion ({BASE_YEAR} dollars) is a round ceiling above every fiscal year of the "
              "Greenbook series; values above it would score 100."),
    Indicator("event_balance", "climate", "Balance of cooperative events", "share, 0-1", 0.0, 1.0, False,
              "The balance (cooperative + 1) / (cooperative + conflictual + 2) lies between 0 and 1 by construction."),
    Indicator("event_score", "climate", "Mean event score (Goldstein)", "score", float(min(_SCORES)), float(max(_SCORES)), False,
              "The lowest and highest Goldstein scores any event category can have (mxsec.data.events.CATEGORY_SCORES)."),
)
INDICATOR_BY_NAME = {i.name: i for i in INDICATORS}
INDICATOR_NAMES = tuple(i.name for i in INDICATORS)


def _pillar_of(name: str) -> str:
    return INDICATOR_BY_NAME[name].pillar


# --------------------------------------------------------------------------- indicators from the tables


def load_tables() -> dict[str, pd.DataFrame]:
    """The curated tables this report reads."""
    from mxsec.data import load

    names = ("extraditions", "us_assistance", "us_cpi_u", "events", "administrations", "homicides_national", "sources")
    return {name: load(name) for name in names}


def judicial_frame(extraditions: pd.DataFrame, administrations: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                   end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Extraditions per calendar year, both directions, from ``mxsec.analysis.extraditions``.

    Columns: year; ``mx_us`` and ``us_mx`` (persons, full calendar years only, NA otherwise: the
    preferred row); ``mx_us_scope``; ``mx_us_source`` and ``us_mx_source``; ``mx_us_alt`` and
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
    """Security assistance per fiscal year as ``funding.security_assistance`` defines it, matched
    to the calendar year of the same number. Columns: year, nominal_usd, security_assistance
    (million constant ``base_year`` dollars, NaN where the Greenbook does not cover the year),
    source_ids (semicolon-separated, with the CPI-U source where a value exists)."""
    security = funding.security_assistance(us_assistance, start_year, end_year)
    constant = funding.to_dollars(security["value_usd"], security["fiscal_year"], cpi, "constant", base_year)
    cpi_source = ";".join(sorted(set(cpi["source_id"])))
    has = constant.notna().to_numpy()
    return pd.DataFrame({
        "year": security["fiscal_year"].astype(int).to_numpy(),
        "nominal_usd": security["value_usd"].astype(float).to_numpy(),
        "security_assistance": (constant / 1e6).to_numpy(),
        "source_ids": np.where(has, security["source_ids"].fillna("") + ";" + cpi_source, ""),
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
        columns = [c for c in normalised.columns if _pillar_of(c) == pillar]
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
        pillar = _pillar_of(name)
        members = [c for c in values.columns if _pillar_of(c) == pillar]
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


def compute_index(ind: Indicators, weights: Mapping[str, float] | None = None, options: Options = Options(),
                  rule: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The deterministic index for one set of choices: columns year, the three pillars and
    ``index`` (NaN where a positively weighted pillar is missing)."""
    weights = check_weights(weights)
    pillars = pillar_scores(normalised_indicators(ind, options, rule))
    w = np.array([weights[p] for p in PILLARS])
    index = aggregate(pillars[list(PILLARS)].to_numpy(float).T, w, options.aggregation)
    out = pillars.reset_index()
    out["index"] = index
    return out


# --------------------------------------------------------------------------- Monte Carlo and Sobol

CONTINUOUS_FACTORS = tuple(f"weight_{p}" for p in PILLARS)
DISCRETE_FACTORS = ("normalisation", "aggregation", "treatment", "source", "leave_out")
FACTORS = CONTINUOUS_FACTORS + DISCRETE_FACTORS


@dataclass
class Cube:
    """Pillar scores for every combination of the discrete choices that act on indicators:
    ``scores[t, n, s, l]`` has shape (n_pillars, n_years) for treatment t, normalisation n,
    source s and leave-out l (indices into ``options``)."""

    years: np.ndarray
    options: dict[str, tuple[str, ...]]
    scores: np.ndarray


def pillar_cube(ind: Indicators) -> Cube:
    """Compute the pillar scores once per discrete combination (a few dozen loops, each over
    arrays of years); the Monte Carlo then only indexes into this array."""
    options = {"treatment": TREATMENTS, "normalisation": NORMALISATIONS, "source": SOURCES,
               "leave_out": leave_out_options(ind.values), "aggregation": AGGREGATIONS}
    rule = dict(zip(*skewness_table(ind.values)[["indicator", "rule_treatment"]].to_numpy().T))
    shape = (len(TREATMENTS), len(NORMALISATIONS), len(SOURCES), len(options["leave_out"]), len(PILLARS), len(ind.years))
    scores = np.empty(shape)
    for (t, treatment), (n, norm), (s, source), (l, leave) in itertools.product(
            enumerate(TREATMENTS), enumerate(NORMALISATIONS), enumerate(SOURCES), enumerate(options["leave_out"])):
        pillars = pillar_scores(normalised_indicators(ind, Options(norm, "geometric", treatment, source, leave), rule))
        scores[t, n, s, l] = pillars[list(PILLARS)].to_numpy(float).T
    return Cube(ind.years, options, scores)


def _allowed(cube: Cube, choices: Mapping[str, Iterable[str]] | None) -> dict[str, np.ndarray]:
    """Per discrete factor, the indices (into ``cube.options``) the analysis may draw from."""
    choices = dict(choices or {})
    unknown = set(choices) - set(DISCRETE_FACTORS)
    if unknown:
        raise ValueError(f"choices: unknown factor(s) {', '.join(sorted(unknown))}")
    out = {}
    for factor in DISCRETE_FACTORS:
        options = cube.options[factor]
        wanted = list(choices.get(factor, options))
        bad = [w for w in wanted if w not in options]
        if bad or not wanted:
            raise ValueError(f"choices[{factor!r}]: {bad or 'empty'}; allowed {', '.join(options)}")
        out[factor] = np.array([options.index(w) for w in wanted])
    return out


def evaluate(cube: Cube, weights: np.ndarray, picks: Mapping[str, np.ndarray]) -> np.ndarray:
    """Index values for many draws at once: ``weights`` (n_draws, n_pillars), ``picks`` per
    discrete factor an integer array (n_draws,) of option indices. Returns (n_draws, n_years)."""
    scores = cube.scores[picks["treatment"], picks["normalisation"], picks["source"], picks["leave_out"]]
    geometric = aggregate(scores, weights, "geometric")
    arithmetic = aggregate(scores, weights, "arithmetic")
    return np.where((picks["aggregation"] == AGGREGATIONS.index("geometric"))[:, None], geometric, arithmetic)


def scored_mask(cube: Cube, weights: Mapping[str, float]) -> np.ndarray:
    """Years with a score: every positively weighted pillar has an indicator. The same in every
    draw (leave-one-out never empties a pillar; the other choices never create gaps)."""
    w = check_weights(weights)
    used = np.array([w[p] > 0 for p in PILLARS])
    base = cube.scores[0, 0, 0, 0]
    return ~(np.isnan(base) & used[:, None]).any(axis=0)


@dataclass
class MonteCarlo:
    """Draws of the index: ``values`` (n_draws, n_scored_years) for ``years``; the draws' choices."""

    years: np.ndarray
    values: np.ndarray
    weights: np.ndarray
    picks: dict[str, np.ndarray]
    seed: int

    @property
    def draws(self) -> int:
        return int(self.values.shape[0])


def monte_carlo(cube: Cube, weights: Mapping[str, float] | None = None, draws: int = DEFAULT_DRAWS,
                seed: int = DEFAULT_SEED, choices: Mapping[str, Iterable[str]] | None = None) -> MonteCarlo:
    """``draws`` random combinations of the analyst's choices (numpy Generator seeded with
    ``seed``): each pillar weight uniform within +-WEIGHT_SPREAD of ``weights`` and renormalised,
    every discrete choice uniform over its allowed options (``choices`` restricts them).
    Vectorised over draws and years; only scored years are kept."""
    w = check_weights(weights)
    rng = np.random.default_rng(seed)
    allowed = _allowed(cube, choices)
    multipliers = rng.uniform(1 - WEIGHT_SPREAD, 1 + WEIGHT_SPREAD, size=(draws, len(PILLARS)))
    drawn = multipliers * np.array([w[p] for p in PILLARS])
    drawn = drawn / drawn.sum(axis=1, keepdims=True)
    picks = {factor: allowed[factor][rng.integers(0, len(allowed[factor]), size=draws)] for factor in DISCRETE_FACTORS}
    mask = scored_mask(cube, w)
    values = evaluate(cube, drawn, picks)[:, mask]
    return MonteCarlo(cube.years[mask], values, drawn, picks, seed)


def ranks_of(values: np.ndarray) -> np.ndarray:
    """Rank of each year within each row (1 = highest index; ties share the average rank)."""
    return rankdata(-values, axis=-1)


def summarise(mc: MonteCarlo, reference: pd.DataFrame) -> pd.DataFrame:
    """Per scored year: reference (the deterministic index), median, p05, p25, p75, p95,
    ``prob_increase`` (share of draws in which the index is higher than in ``compared_with``, the
    previous scored year, computed within each draw), ``change`` (robust rise / robust fall / not
    robust), the rank of the year among the scored years (median, p05, p95) and the rank of the
    deterministic index (``reference_rank``)."""
    q = np.percentile(mc.values, [5, 25, 50, 75, 95], axis=0)
    ranks = ranks_of(mc.values)
    rq = np.percentile(ranks, [5, 50, 95], axis=0)
    ref = dict(zip(reference["year"], reference["index"]))
    out = pd.DataFrame({"year": mc.years.astype(int), "reference": [ref.get(int(y), np.nan) for y in mc.years],
                        "median": q[2], "p05": q[0], "p25": q[1], "p75": q[3], "p95": q[4]})
    prob = np.full(len(mc.years), np.nan)
    prob[1:] = (mc.values[:, 1:] > mc.values[:, :-1]).mean(axis=0)
    out["prob_increase"] = prob
    out["compared_with"] = pd.array([pd.NA] + [int(y) for y in mc.years[:-1]], dtype="Int64")
    out["change"] = np.where(prob >= ROBUST_PROBABILITY, "robust rise",
                             np.where(prob <= 1 - ROBUST_PROBABILITY, "robust fall", np.where(np.isnan(prob), "", "not robust")))
    out["rank_median"], out["rank_p05"], out["rank_p95"] = rq[1], rq[0], rq[2]
    out["reference_rank"] = ranks_of(out["reference"].to_numpy(float))
    return out


@dataclass
class Sobol:
    """First-order (S1) and total (ST) Sobol indices per factor, with the sample behind them."""

    table: pd.DataFrame
    n: int
    runs: int
    output: np.ndarray


def _problem() -> dict[str, Any]:
    bounds = [[1 - WEIGHT_SPREAD, 1 + WEIGHT_SPREAD]] * len(CONTINUOUS_FACTORS) + [[0.0, 1.0]] * len(DISCRETE_FACTORS)
    return {"num_vars": len(FACTORS), "names": list(FACTORS), "bounds": bounds}


def _option_label(option: str) -> str:
    """An option as the report names it (indicator codes become labels)."""
    return INDICATOR_BY_NAME[option].label if option in INDICATOR_BY_NAME else option


def map_sample(sample: np.ndarray, cube: Cube, weights: Mapping[str, float],
               choices: Mapping[str, Iterable[str]] | None = None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Turn a Saltelli sample (rows x FACTORS) into pillar weights and option indices: weight
    multipliers times ``weights``, renormalised; a continuous u in [0, 1) picks option
    floor(u * k) of the k allowed options."""
    w = check_weights(weights)
    allowed = _allowed(cube, choices)
    k = len(CONTINUOUS_FACTORS)
    drawn = sample[:, :k] * np.array([w[p] for p in PILLARS])
    drawn = drawn / drawn.sum(axis=1, keepdims=True)
    picks = {}
    for j, factor in enumerate(DISCRETE_FACTORS):
        options = allowed[factor]
        position = np.minimum((sample[:, k + j] * len(options)).astype(int), len(options) - 1)
        picks[factor] = options[position]
    return drawn, picks


def rank_shift(values: np.ndarray, reference_ranks: np.ndarray) -> np.ndarray:
    """Mean absolute shift of the years' ranks against the reference ranking, per row."""
    return np.abs(ranks_of(values) - reference_ranks).mean(axis=1)


def sobol_analysis(cube: Cube, weights: Mapping[str, float] | None, reference: pd.DataFrame, n: int = SOBOL_N,
                   seed: int = DEFAULT_SEED, choices: Mapping[str, Iterable[str]] | None = None) -> Sobol:
    """First-order and total Sobol indices (SALib: Sobol-sequence Saltelli sampling, Jansen
    estimators, ``calc_second_order=False``) of each choice, the output being the mean absolute
    shift in the scored years' ranks against the ``reference`` index (as in JRC audits).
    ``n`` must be a power of two. Estimates below 0 by less than SOBOL_NOISE are numerical noise
    and clipped to 0 (``S1_raw`` and ``ST_raw`` keep the estimates); all are clipped to 1 at the top."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    if n < 2 or n & (n - 1):
        raise ValueError(f"Sobol base sample {n}: must be a power of two")
    w = check_weights(weights)
    problem = _problem()
    sample = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    drawn, picks = map_sample(sample, cube, w, choices)
    mask = scored_mask(cube, w)
    ref = dict(zip(reference["year"], reference["index"]))
    reference_ranks = ranks_of(np.array([ref[int(y)] for y in cube.years[mask]]))
    output = rank_shift(evaluate(cube, drawn, picks)[:, mask], reference_ranks)
    if np.var(output) > 0:
        si = sobol_analyze.analyze(problem, output, calc_second_order=False, print_to_console=False, seed=seed)
        s1, s1c, st, stc = (np.asarray(si[k], float) for k in ("S1", "S1_conf", "ST", "ST_conf"))
    else:  # no choice moves any rank: every index is 0
        s1 = s1c = st = stc = np.zeros(len(FACTORS))
    table = pd.DataFrame({"choice": list(FACTORS), "label": [CHOICE_LABELS[f] for f in FACTORS],
                          "S1_raw": s1, "ST_raw": st, "S1": np.clip(s1, 0, 1), "ST": np.clip(st, 0, 1),
                          "S1_conf": s1c, "ST_conf": stc})
    table["options"] = [f"±{WEIGHT_SPREAD:.0%} of {w[f.removeprefix('weight_')]:g}" if f in CONTINUOUS_FACTORS
                        else ", ".join(_option_label(cube.options[f][i]) for i in _allowed(cube, choices)[f]) for f in FACTORS]
    return Sobol(table, n, len(sample), output)


# --------------------------------------------------------------------------- diagnostics


def _pearson(a: np.ndarray, b: np.ndarray, min_n: int = 4) -> tuple[float, int]:
    ok = ~(np.isnan(a) | np.isnan(b))
    n = int(ok.sum())
    if n < min_n:
        return math.nan, n
    a, b = a[ok] - a[ok].mean(), b[ok] - b[ok].mean()
    denominator = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return (float((a * b).sum()) / denominator if denominator > 0 else math.nan), n


def _yearly_diff(series: pd.Series) -> pd.Series:
    """Differences between consecutive calendar years only (a gap gives NaN)."""
    full = series.reindex(range(int(series.index.min()), int(series.index.max()) + 1))
    return full.diff().reindex(series.index)


def correlation_table(normalised: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Pearson correlation of each normalised indicator with its pillar and with the index, and of
    each pillar with the index, in levels and in year-to-year differences (consecutive calendar
    years only), over the years where both have values; n for each (NaN below 4 pairs)."""
    ref = reference.set_index("year")
    rows = []
    items = [(name, INDICATOR_BY_NAME[name].label, _pillar_of(name), normalised[name]) for name in normalised.columns]
    items += [(p, f"Pillar: {PILLAR_LABELS[p]}", None, ref[p]) for p in PILLARS]
    for name, label, pillar, series in items:
        row = {"indicator": label}
        for target, key in ((pillar, "pillar"), ("index", "index")):
            if target is None:
                row.update({f"r_{key}": math.nan, f"r_{key}_diff": math.nan, f"n_{key}": 0, f"n_{key}_diff": 0})
                continue
            level = _pearson(series.to_numpy(float), ref[target].to_numpy(float))
            diff = _pearson(_yearly_diff(series).to_numpy(float), _yearly_diff(ref[target]).to_numpy(float))
            row.update({f"r_{key}": level[0], f"n_{key}": level[1], f"r_{key}_diff": diff[0], f"n_{key}_diff": diff[1]})
        rows.append(row)
    return pd.DataFrame(rows)[["indicator", "r_pillar", "n_pillar", "r_pillar_diff", "n_pillar_diff",
                               "r_index", "n_index", "r_index_diff", "n_index_diff"]]


def contributions(reference: pd.DataFrame, weights: Mapping[str, float], aggregation: str) -> pd.DataFrame:
    """Each pillar's contribution to the reference index per scored year, summing to the index.
    Arithmetic: w p. Geometric: the index times the pillar's share of the log, w ln p / sum w ln p
    (pillars are >= 1, so each share is >= 0; an index of exactly 1 is split by weight)."""
    w = check_weights(weights)
    total = sum(w.values())
    rows = reference[reference["index"].notna()]
    out = []
    for _, row in rows.iterrows():
        logs = {p: (w[p] / total) * math.log(row[p]) if w[p] > 0 else 0.0 for p in PILLARS}
        log_sum = sum(logs.values())
        for p in PILLARS:
            if aggregation == "arithmetic":
                value = (w[p] / total) * row[p] if w[p] > 0 else 0.0
            else:
                value = row["index"] * (logs[p] / log_sum if log_sum > 0 else w[p] / total)
            out.append({"year": int(row["year"]), "pillar": p, "contribution": value, "pillar_score": row[p],
                        "index": row["index"]})
    return pd.DataFrame(out, columns=["year", "pillar", "contribution", "pillar_score", "index"])


def coverage_table(ind: Indicators, reference: pd.DataFrame) -> pd.DataFrame:
    """Long table year x row (the five indicators, three pillars and the index): ``available``
    (bool) and ``note`` (the extradition scope where it is Mexican nationals only)."""
    rows = []
    for name in INDICATOR_NAMES:
        for year, value in ind.values[name].items():
            note = ""
            if name == "extraditions_mx_us":
                scope = ind.judicial.set_index("year").loc[year, "mx_us_scope"]
                note = "nationals only" if scope == "nationals_only" else ""
            rows.append({"row": INDICATOR_BY_NAME[name].label, "kind": "indicator", "year": int(year),
                         "available": bool(pd.notna(value)), "note": note})
    ref = reference.set_index("year")
    for p in PILLARS:
        for year, value in ref[p].items():
            rows.append({"row": f"Pillar: {PILLAR_LABELS[p]}", "kind": "pillar", "year": int(year),
                         "available": bool(pd.notna(value)), "note": ""})
    for year, value in ref["index"].items():
        rows.append({"row": "Index", "kind": "index", "year": int(year), "available": bool(pd.notna(value)), "note": ""})
    return pd.DataFrame(rows)


def administration_comparison(mc: MonteCarlo, administrations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per Mexican administration with scored years: the years, and the median and 5-95% range of
    the per-draw mean index over those years; and for consecutive administrations the probability
    (within draws) that the earlier one's mean is higher."""
    assigned = periods.assign_administrations(mc.years, administrations, "MX")
    rows, means = [], {}
    for name in dict.fromkeys(assigned.dropna()):
        columns = np.flatnonzero((assigned == name).to_numpy())
        mean = mc.values[:, columns].mean(axis=1)
        means[name] = mean
        p05, p50, p95 = np.percentile(mean, [5, 50, 95])
        rows.append({"administration": periods.short_name(name, administrations), "name": name,
                     "years": periods.format_year_ranges(mc.years[columns]), "n_years": len(columns),
                     "median": p50, "p05": p05, "p95": p95})
    names = list(means)
    pairs = [{"earlier": periods.short_name(a, administrations), "later": periods.short_name(b, administrations),
              "prob_earlier_higher": float((means[a] > means[b]).mean())} for a, b in zip(names, names[1:])]
    return pd.DataFrame(rows), pd.DataFrame(pairs, columns=["earlier", "later", "prob_earlier_higher"])


def homicide_comparison(summary: pd.DataFrame, homicides: pd.DataFrame) -> dict[str, Any]:
    """Pearson correlation of the index median with INEGI homicides (preferred, full years:
    ``extraditions.homicides_series``) over scored years, in levels and consecutive-year
    differences, with the frame used."""
    series = ext_analysis.homicides_series(homicides)
    frame = summary[["year", "median"]].merge(series, on="year", how="left")
    frame["homicides"] = frame["homicides"].astype("Float64").astype(float)
    level = _pearson(frame["median"].to_numpy(float), frame["homicides"].to_numpy(float))
    idx = frame.set_index("year")
    diff = _pearson(_yearly_diff(idx["median"]).to_numpy(float), _yearly_diff(idx["homicides"]).to_numpy(float))
    return {"frame": frame, "r_level": level[0], "n_level": level[1], "r_diff": diff[0], "n_diff": diff[1],
            "source_ids": sorted(set(frame["source_id"].dropna()))}


# --------------------------------------------------------------------------- the report bundle


@dataclass
class CooperationIndex:
    """Everything the notebook shows, computed once for one set of parameters."""

    weights: dict[str, float]
    normalisation: str
    aggregation: str
    draws: int
    seed: int
    start_year: int
    end_year: int
    indicators: Indicators
    skew: pd.DataFrame
    normalised: pd.DataFrame
    reference: pd.DataFrame
    cube: Cube
    mc: MonteCarlo
    summary: pd.DataFrame
    sobol: Sobol
    correlations: pd.DataFrame
    contributions: pd.DataFrame
    coverage: pd.DataFrame
    by_administration: pd.DataFrame
    administration_pairs: pd.DataFrame
    homicides: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def options(self) -> Options:
        return Options(self.normalisation, self.aggregation)

    @property
    def scored_years(self) -> list[int]:
        return [int(y) for y in self.summary["year"]]

    @property
    def unscored_years(self) -> list[int]:
        return [int(y) for y in self.reference.loc[self.reference["index"].isna(), "year"]]


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} {value!r}: allowed {', '.join(allowed)}")
    return value


def build(weights: Mapping[str, float] | None = None, normalisation: str = "minmax", aggregation: str = "geometric",
          draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, start_year: int = DEFAULT_START_YEAR,
          end_year: int = DEFAULT_END_YEAR, tables: Mapping[str, pd.DataFrame] | None = None,
          sobol_n: int = SOBOL_N) -> CooperationIndex:
    """Compute the whole report for one set of parameters (loads the data when ``tables`` is not given)."""
    if end_year < start_year:
        raise ValueError(f"end_year {end_year} is before start_year {start_year}")
    if draws < 1:
        raise ValueError(f"draws {draws}: need at least 1")
    check_choice("normalisation", normalisation, NORMALISATIONS)
    check_choice("aggregation", aggregation, AGGREGATIONS)
    w = check_weights(weights)
    tables = dict(tables) if tables is not None else load_tables()
    ind = build_indicators(tables, start_year, end_year)
    skew = skewness_table(ind.values)
    options = Options(normalisation, aggregation)
    normalised = normalised_indicators(ind, options)
    reference = compute_index(ind, w, options)
    cube = pillar_cube(ind)
    mc = monte_carlo(cube, w, draws, seed)
    if not len(mc.years):
        raise ValueError(f"no year of {start_year}-{end_year} has every pillar: nothing to score")
    summary = summarise(mc, reference)
    sobol = sobol_analysis(cube, w, reference, sobol_n, seed)
    by_admin, pairs = administration_comparison(mc, tables["administrations"])
    return CooperationIndex(
        weights=w, normalisation=normalisation, aggregation=aggregation, draws=int(draws), seed=int(seed),
        start_year=int(start_year), end_year=int(end_year), indicators=ind, skew=skew, normalised=normalised,
        reference=reference, cube=cube, mc=mc, summary=summary, sobol=sobol,
        correlations=correlation_table(normalised, reference), contributions=contributions(reference, w, aggregation),
        coverage=coverage_table(ind, reference), by_administration=by_admin, administration_pairs=pairs,
        homicides=homicide_comparison(summary, tables["homicides_national"]), tables=tables)


# --------------------------------------------------------------------------- source ids


def _split(values: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for value in values:
        out.update(part for part in str(value).split(";") if part)
    return out


def indicator_source_ids(r: CooperationIndex, years: Iterable[int] | None = None,
                         indicators: Iterable[str] = INDICATOR_NAMES) -> list[str]:
    """Source ids of the indicator values used in ``years`` (default: all years of the window),
    including the alternative extradition rows the Monte Carlo draws from."""
    sources = r.indicators.sources
    if years is not None:
        sources = sources.loc[sources.index.isin(list(years))]
    ids = _split(v for name in indicators for v in sources[name])
    if "extraditions_mx_us" in indicators:
        alt = r.indicators.judicial
        if years is not None:
            alt = alt[alt["year"].isin(list(years))]
        ids |= _split(alt["mx_us_alt_source"].dropna())
    return sorted(ids)


def index_source_ids(r: CooperationIndex) -> list[str]:
    """Sources of every value that enters a scored year."""
    return indicator_source_ids(r, r.scored_years)


EVENT_INDICATORS = ("event_balance", "event_score")
CITE_EVENTS_ONCE = True
"""The climate pillar counts dated events, each with its own source (about 90 in the default
window). With this switch on, the full list is printed once, under the table of indicator values
(``values_table``, cited with ``cited_ids(r, full=True)``), and in every key figure's
``source_ids``; the other charts and tables cite the extradition, assistance, CPI and other
non-event sources they use (plus the events they show one by one, such as the fan chart's
markers) and a note points to that table. Off: every output cites every event source it uses."""


def cited_ids(r: CooperationIndex, years: Iterable[int] | None = None, extra: Iterable[str] = (),
              full: bool = False) -> list[str]:
    """Source ids an output cites: the values used in ``years`` (default: the scored years) plus
    ``extra``; the event sources only when ``full`` or when ``CITE_EVENTS_ONCE`` is off."""
    years = r.scored_years if years is None else list(years)
    names = INDICATOR_NAMES if (full or not CITE_EVENTS_ONCE) else [n for n in INDICATOR_NAMES if n not in EVENT_INDICATORS]
    return sorted(set(indicator_source_ids(r, years, names)) | set(extra))


def table_sources(r: CooperationIndex, years: Iterable[int] | None = None, extra: Iterable[str] = ()) -> dict[str, Any]:
    """``source_ids`` for ``report.show_table`` (unpack with ``**``). The pointer to the event
    sources is in the prose (``fan_md``), not in a table note: the stylesheet pulls a second
    source-line paragraph up over the first."""
    return {"source_ids": cited_ids(r, years, extra)}


# --------------------------------------------------------------------------- key figures


def key_figures(weights: Mapping[str, float] | None = None, normalisation: str = "minmax", aggregation: str = "geometric",
                draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, start_year: int = DEFAULT_START_YEAR,
                end_year: int = DEFAULT_END_YEAR, result: CooperationIndex | None = None) -> dict[str, dict[str, Any]]:
    """Key figures of the edition (defaults reproduce the default edition): years (scored),
    median, p05, p25, p75, p95 (lists aligned with years), reference (the deterministic index),
    prob_increase (year -> probability), robust_changes (years), robust_rises, robust_falls,
    draws, sobol_total and sobol_first (choice -> index), plus scalars for the box."""
    r = result or build(weights, normalisation, aggregation, draws, seed, start_year, end_year)
    s = r.summary
    ids = index_source_ids(r)
    period = periods.format_year_ranges(r.scored_years)
    method = (f"{r.draws:,} draws, seed {r.seed}; reference: {NORMALISATION_LABELS[r.normalisation]}, {r.aggregation} "
              f"mean, weights {', '.join(f'{p} {r.weights[p]:g}' for p in PILLARS)}")

    def kf(value, unit, note, source_ids=ids, span=period):
        return {"value": value, "unit": unit, "period": span, "source_ids": list(source_ids), "note": note}

    years = [int(y) for y in s["year"]]
    prob = {int(y): float(p) for y, p in zip(s["year"], s["prob_increase"]) if not math.isnan(p)}
    rises = [int(y) for y in s.loc[s["change"] == "robust rise", "year"]]
    falls = [int(y) for y in s.loc[s["change"] == "robust fall", "year"]]
    st = dict(zip(r.sobol.table["choice"], r.sobol.table["ST"].astype(float)))
    s1 = dict(zip(r.sobol.table["choice"], r.sobol.table["S1"].astype(float)))
    top = s.loc[s["median"].idxmax()]
    low = s.loc[s["median"].idxmin()]
    top_choice = max(st, key=st.get)
    figures = {
        "years": kf(years, "year", "Years with a score: every pillar has at least one indicator. " + method),
        "median": kf([float(v) for v in s["median"]], "index points (1-100)", "Median of the Monte Carlo draws, by year."),
        "p05": kf([float(v) for v in s["p05"]], "index points (1-100)", "5th percentile of the draws, by year."),
        "p25": kf([float(v) for v in s["p25"]], "index points (1-100)", "25th percentile of the draws, by year."),
        "p75": kf([float(v) for v in s["p75"]], "index points (1-100)", "75th percentile of the draws, by year."),
        "p95": kf([float(v) for v in s["p95"]], "index points (1-100)", "95th percentile of the draws, by year."),
        "reference": kf([float(v) for v in s["reference"]], "index points (1-100)",
                        "Deterministic index with the edition's parameters, by year."),
        "prob_increase": kf(prob, "probability", "Share of draws in which the index is higher than in the previous "
                            "scored year (paired within each draw); the previous scored year can be more than one year back."),
        "robust_changes": kf(sorted(rises + falls), "year", f"Years whose change from the previous scored year is robust: "
                             f"P(rise) >= {ROBUST_PROBABILITY} or <= {1 - ROBUST_PROBABILITY:.1f}."),
        "robust_rises": kf(rises, "year", f"P(rise) >= {ROBUST_PROBABILITY}."),
        "robust_falls": kf(falls, "year", f"P(rise) <= {1 - ROBUST_PROBABILITY:.1f}."),
        "draws": kf(r.draws, "count", method),
        "sobol_total": kf(st, "share of variance", f"Total Sobol index of each choice; output: mean absolute shift in year "
                          f"ranks against the reference index; N = {r.sobol.n}, {r.sobol.runs:,} runs; estimates clipped to [0, 1]."),
        "sobol_first": kf(s1, "share of variance", "First-order Sobol index of each choice (same run as sobol_total)."),
        "n_scored_years": kf(len(years), "years", "Number of years with a score."),
        "top_year": kf(int(top["year"]), "year", f"Year with the highest median ({top['median']:.1f})."),
        "low_year": kf(int(low["year"]), "year", f"Year with the lowest median ({low['median']:.1f})."),
        "n_robust_changes": kf(len(rises) + len(falls), "years", "Number of robust year-to-year changes."),
        "top_choice": kf(CHOICE_LABELS[top_choice], "choice", f"Choice with the largest total Sobol index ({st[top_choice]:.2f})."),
    }
    return figures


KEY_FIGURE_LABELS = {
    "n_scored_years": "years with a score",
    "top_year": "highest median",
    "low_year": "lowest median",
    "n_robust_changes": "robust year-to-year changes",
    "draws": "Monte Carlo draws",
    "top_choice": "choice that moves ranks most",
}


# --------------------------------------------------------------------------- charts


def _year_axis(ax, r: CooperationIndex, label_terms: bool = True) -> None:
    ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
    for year in r.unscored_years:
        ax.axvspan(year - 0.5, year + 0.5, facecolor="none", edgecolor=charts.EXTRADITIONS_GAP_COLOUR, hatch="////", lw=0, zorder=0.5)
    if label_terms:
        charts.shade_administrations(ax, r.tables["administrations"], offset=charts.YEAR_CENTRED)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.grid(axis="x", visible=False)


def _major_events(r: CooperationIndex) -> pd.DataFrame:
    events = r.tables["events"]
    keep = events["category"].isin(MAJOR_COOPERATIVE + MAJOR_CONFLICTUAL) & events["date"].dt.year.between(r.start_year, r.end_year)
    out = events.loc[keep, ["date", "title", "category", "score", "source_id"]].copy()
    out["x"] = [charts.decimal_year(d) - 0.5 for d in out["date"]]
    return out.sort_values("date").reset_index(drop=True)


def fan_chart(r: CooperationIndex) -> Chart:
    """Median of the draws with 50% and 90% bands per scored year, the deterministic index, gap
    years hatched, Mexican terms shaded, and major bilateral events marked along the bottom."""
    fig, ax = charts.new_figure(height=4.6)
    s = r.summary.set_index("year")
    colour = charts.PALETTE[0]
    for run in periods.year_runs(s.index):
        part = s.loc[run]
        if len(run) > 1:
            ax.fill_between(run, part["p05"], part["p95"], color=colour, alpha=0.15, lw=0, zorder=2)
            ax.fill_between(run, part["p25"], part["p75"], color=colour, alpha=0.32, lw=0, zorder=2.1)
        else:
            ax.vlines(run, part["p05"], part["p95"], color=colour, alpha=0.35, lw=6, zorder=2)
            ax.vlines(run, part["p25"], part["p75"], color=colour, alpha=0.6, lw=6, zorder=2.1)
        ax.plot(run, part["median"], color=colour, lw=1.8, marker="o", ms=4, zorder=3)
        ax.plot(run, part["reference"], color=charts.INK, lw=1, ls="--", marker="D", ms=3, mfc="white", zorder=3.1)
    ax.set_ylim(0, 100)
    events = _major_events(r)
    for row in events.itertuples(index=False):
        cooperative = row.category in MAJOR_COOPERATIVE
        ax.plot(row.x, 3 if cooperative else 1.2, marker="^" if cooperative else "v", ms=4.5, lw=0, zorder=3,
                color=charts.PALETTE[2] if cooperative else charts.PALETTE[1], clip_on=False)
    _year_axis(ax, r)
    ax.set_ylabel("Index (1–100)")
    ax.set_title(f"Cooperation index, {r.start_year}–{r.end_year}", pad=14)
    handles = [matplotlib.lines.Line2D([], [], color=colour, marker="o", ms=4, lw=1.8, label="Median of draws"),
               matplotlib.patches.Patch(color=colour, alpha=0.45, label="50% band"),
               matplotlib.patches.Patch(color=colour, alpha=0.15, label="90% band"),
               matplotlib.lines.Line2D([], [], color=charts.INK, ls="--", marker="D", ms=3, mfc="white", lw=1,
                                       label="Deterministic index (parameters)"),
               matplotlib.lines.Line2D([], [], color=charts.PALETTE[2], marker="^", lw=0, ms=5, label="Agreement or aid milestone"),
               matplotlib.lines.Line2D([], [], color=charts.PALETTE[1], marker="v", lw=0, ms=5,
                                       label="Dispute, suspension or unilateral measure"),
               matplotlib.patches.Patch(facecolor="white", edgecolor=charts.EXTRADITIONS_GAP_COLOUR, hatch="////",
                                        label="No score (a pillar has no data)")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.07), ncol=3, fontsize=7.5)
    data = r.summary[["year", "reference", "median", "p05", "p25", "p75", "p95", "prob_increase", "change"]].copy()
    ev = events.assign(year=events["date"].dt.year, layer="major event")[["year", "date", "category", "title", "source_id"]]
    data = pd.concat([data.assign(layer="index"), ev.assign(layer="major event")], ignore_index=True)
    rises = [int(y) for y in r.summary.loc[r.summary["change"] == "robust rise", "year"]]
    falls = [int(y) for y in r.summary.loc[r.summary["change"] == "robust fall", "year"]]
    caption = (f"The index has a score in {len(r.scored_years)} of {r.end_year - r.start_year + 1} years "
               f"({periods.format_year_ranges(r.scored_years)}); robust rises: {periods.format_year_ranges(rises) or 'none'}; "
               f"robust falls: {periods.format_year_ranges(falls) or 'none'} (P ≥ {ROBUST_PROBABILITY} across {r.draws:,} draws).")
    alt = (f"Line chart of the cooperation index median by year with shaded 50% and 90% uncertainty bands, a dashed "
           f"deterministic line, hatched bands for years without a score, and triangles for major events along the bottom.")
    ids = cited_ids(r, extra=set(events["source_id"]) | {ADMINISTRATIONS_SOURCE})
    return Chart(fig, data, caption, alt, ids)


def pillars_chart(r: CooperationIndex) -> Chart:
    """Small multiples: one panel per pillar with its score (thick) and its normalised
    indicators (thin), reference choices, every year of the window that has values."""
    fig, axes = charts.new_figure(1, 3, height=3.4, sharey=True)
    axes = list(np.ravel(axes))
    rows = []
    ref = r.reference.set_index("year")
    indicator_colours = [charts.PALETTE[5], charts.PALETTE[3], charts.PALETTE[7]]
    for ax, pillar in zip(axes, PILLARS):
        members = [c for c in r.normalised.columns if _pillar_of(c) == pillar]
        for i, name in enumerate(members):
            series = r.normalised[name]
            if len(members) > 1:
                ax.plot(series.index, series, color=indicator_colours[i], lw=0.9, marker=".", ms=4, alpha=0.9,
                        label=INDICATOR_BY_NAME[name].label)
            rows += [{"pillar": pillar, "series": INDICATOR_BY_NAME[name].label, "year": int(y), "score": v}
                     for y, v in series.items() if pd.notna(v)]
        ax.plot(ref.index, ref[pillar], color=PILLAR_COLOURS[pillar], lw=2, marker="o", ms=3.5, label="Pillar score")
        rows += [{"pillar": pillar, "series": "pillar score", "year": int(y), "score": v} for y, v in ref[pillar].items() if pd.notna(v)]
        ax.set_title(PILLAR_LABELS[pillar], fontsize=9.5)
        ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
        ax.set_ylim(0, 100)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=4, integer=True))
        ax.grid(axis="x", visible=False)
        if len(members) > 1:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=6.5, ncol=1)
    axes[0].set_ylabel(f"Normalised score ({NORMALISATION_LABELS[r.normalisation]})")
    data = pd.DataFrame(rows)
    means = {p: float(ref[p].mean()) for p in PILLARS}
    caption = ("Pillar scores with the edition's normalisation; " +
               "; ".join(f"{PILLAR_LABELS[p].lower()}: {int(ref[p].notna().sum())} years with data, mean {means[p]:.0f}"
                         for p in PILLARS) + ".")
    alt = "Three line charts side by side, one per pillar, showing the pillar score and its normalised indicators by year."
    return Chart(fig, data, caption, alt, cited_ids(r, r.indicators.years))


def contribution_chart(r: CooperationIndex) -> Chart:
    """Stacked bars: each pillar's contribution to the deterministic index per scored year."""
    fig, ax = charts.new_figure(height=3.9)
    data = r.contributions
    years = sorted(data["year"].unique())
    bottom = np.zeros(len(years))
    for pillar in PILLARS:
        part = data[data["pillar"] == pillar].set_index("year").reindex(years)["contribution"].to_numpy(float)
        ax.bar([str(y) for y in years], part, bottom=bottom, color=PILLAR_COLOURS[pillar], label=PILLAR_LABELS[pillar],
               width=0.7)
        bottom += part
    ax.set_ylabel("Index points")
    ax.set_title("Contribution of each pillar to the deterministic index")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3)
    share = data.pivot(index="year", columns="pillar", values="contribution")
    share = share.div(share.sum(axis=1), axis=0)
    lowest = share.mean().idxmin()
    caption = (f"Pillar contributions sum to the deterministic index ({r.aggregation} mean"
               f"{', split by each pillar’s share of the log' if r.aggregation == 'geometric' else ''}); on average the "
               f"{PILLAR_LABELS[lowest].lower()} pillar contributes least ({share[lowest].mean():.0%}).")
    alt = "Stacked bar chart by scored year showing how much each of the three pillars contributes to the index."
    return Chart(fig, data, caption, alt, cited_ids(r))


def coverage_chart(r: CooperationIndex) -> Chart:
    """Heatmap: which indicator, pillar and index value exists in which year."""
    data = r.coverage
    order = list(dict.fromkeys(data["row"]))
    years = sorted(data["year"].unique())
    grid = data.pivot(index="row", columns="year", values="available").reindex(order)[years].astype(float).to_numpy()
    kinds = data.drop_duplicates("row").set_index("row").loc[order, "kind"].to_numpy()
    shade = np.where(grid > 0, np.where(kinds[:, None] == "index", 3, np.where(kinds[:, None] == "pillar", 2, 1)), 0)
    fig, ax = charts.new_figure(height=0.3 * len(order) + 1.3)
    cmap = matplotlib.colors.ListedColormap(["#f3f4f6", charts.PALETTE[5], charts.PALETTE[0], charts.INK])
    ax.imshow(shade, aspect="auto", cmap=cmap, vmin=-0.5, vmax=3.5, interpolation="nearest")
    ax.set_yticks(range(len(order)), order, fontsize=7.5)
    ax.set_xticks(range(len(years)), [str(y) if (y - years[0]) % 2 == 0 else "" for y in years], fontsize=7.5)
    ax.set_xticks(np.arange(-0.5, len(years)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(order)), minor=True)
    ax.grid(which="minor", color="white", lw=1.2)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0)
    for row in data[data["note"] != ""].itertuples(index=False):
        ax.text(years.index(row.year), order.index(row.row), "N", ha="center", va="center", fontsize=6.5, color="white",
                fontweight="bold")
    ax.set_title("Data coverage: which values exist")
    handles = [matplotlib.patches.Patch(color=charts.PALETTE[5], label="Indicator value"),
               matplotlib.patches.Patch(color=charts.PALETTE[0], label="Pillar score"),
               matplotlib.patches.Patch(color=charts.INK, label="Index score"),
               matplotlib.patches.Patch(color="#f3f4f6", label="No value (not imputed)")]
    if (data["note"] != "").any():
        handles.append(matplotlib.lines.Line2D([], [], color=charts.INK, marker="$N$", lw=0, ms=6,
                                               label="Mexican nationals only"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=len(handles), fontsize=7)
    ref = r.reference.set_index("year")
    missing = [(PILLAR_LABELS[p].lower(), int(ref[p].isna().sum())) for p in PILLARS if ref[p].isna().any()]
    caption = (f"{len(r.scored_years)} of {len(years)} years have every pillar and get a score; "
               + ("; ".join(f"the {name} pillar is missing in {n} years" for name, n in missing) or "no pillar is missing")
               + ".")
    alt = "Grid of years by indicator, pillar and index, coloured where a value exists and pale where it is missing."
    return Chart(fig, data, caption, alt, cited_ids(r, r.indicators.years))


def sobol_chart(r: CooperationIndex) -> Chart:
    """Horizontal bars: first-order and total Sobol index per choice, with 95% bootstrap intervals."""
    table = r.sobol.table.sort_values("ST")
    fig, ax = charts.new_figure(height=3.8)
    y = np.arange(len(table))
    ax.barh(y + 0.19, table["ST"], height=0.36, color=charts.PALETTE[0], label="Total (with interactions)",
            xerr=table["ST_conf"], error_kw={"lw": 0.8, "ecolor": charts.MUTED})
    ax.barh(y - 0.19, table["S1"], height=0.36, color=charts.PALETTE[5], label="First order (alone)",
            xerr=table["S1_conf"], error_kw={"lw": 0.8, "ecolor": charts.MUTED})
    ax.set_yticks(y, table["label"])
    ax.set_xlim(0, max(1.0, float((table["ST"] + table["ST_conf"]).max()) * 1.05))
    ax.set_xlabel("Sobol index (share of the variance of the mean rank shift)")
    ax.set_title("Which choices move the ranking of years")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    top = table.iloc[-1]
    caption = (f"{top['label']} has the largest total effect on the ranking of years (total Sobol index {top['ST']:.2f}, "
               f"first order {top['S1']:.2f}); the output is the mean absolute shift in year ranks against the "
               f"deterministic index, {r.sobol.runs:,} runs (N = {r.sobol.n}).")
    alt = "Paired horizontal bars of first-order and total Sobol indices for each analyst's choice, largest at the top."
    return Chart(fig, table.sort_values("ST", ascending=False).reset_index(drop=True), caption, alt, cited_ids(r))


def rank_chart(r: CooperationIndex) -> Chart:
    """Dot-and-whisker: each scored year's median rank with its 5-95% interval, best at top."""
    s = r.summary.sort_values(["rank_median", "year"]).reset_index(drop=True)
    fig, ax = charts.new_figure(height=0.28 * len(s) + 1.3)
    y = np.arange(len(s))[::-1]
    ax.hlines(y + 0.1, s["rank_p05"], s["rank_p95"], color=charts.PALETTE[0], lw=2.2, alpha=0.5)
    ax.plot(s["rank_median"], y + 0.1, "o", color=charts.PALETTE[0], ms=5, zorder=3)
    ref_ranks = s["reference_rank"].to_numpy(float)
    ax.plot(ref_ranks, y - 0.22, "D", mfc="white", mec=charts.INK, ms=4, lw=0, zorder=3)
    ax.set_yticks(y, s["year"].astype(str))
    ax.set_xlim(0.5, len(s) + 0.5)
    ax.invert_xaxis()
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("Rank among scored years (1 = most cooperation)")
    ax.set_title("Rank of each year across the draws")
    ax.grid(axis="y", visible=False)
    handles = [matplotlib.lines.Line2D([], [], color=charts.PALETTE[0], marker="o", lw=2.2, alpha=0.8, label="Median rank, 5–95% interval"),
               matplotlib.lines.Line2D([], [], color=charts.INK, marker="D", mfc="white", lw=0, label="Rank of the deterministic index")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
    data = s[["year", "rank_median", "rank_p05", "rank_p95"]].assign(reference_rank=ref_ranks)
    width = (s["rank_p95"] - s["rank_p05"])
    caption = (f"{int(s['year'].iloc[0])} ranks first in the median; the 5–95% rank interval spans on average "
               f"{width.mean():.1f} places out of {len(s)}.")
    alt = "Dot-and-whisker chart of each scored year's median rank with its 5-95% interval, sorted from best to worst."
    return Chart(fig, data, caption, alt, cited_ids(r))


# --------------------------------------------------------------------------- tables for the notebook


def summary_table(r: CooperationIndex) -> pd.DataFrame:
    """Per scored year: administration, deterministic index, median with 50% and 90% bands,
    P(rise) against the previous scored year, verdict, median rank with interval."""
    s = r.summary
    admin = periods.assign_administrations(s["year"], r.tables["administrations"]).map(
        lambda n: periods.short_name(n, r.tables["administrations"]) if isinstance(n, str) else "")
    return pd.DataFrame({
        "Year": s["year"].astype(str), "Administration": admin.to_numpy(),
        "Deterministic": s["reference"], "Median": s["median"],
        "50% band": [f"{a:.1f}–{b:.1f}" for a, b in zip(s["p25"], s["p75"])],
        "90% band": [f"{a:.1f}–{b:.1f}" for a, b in zip(s["p05"], s["p95"])],
        "Compared with": [str(v) if pd.notna(v) else "" for v in s["compared_with"]],
        "P(rise)": [f"{p:.2f}" if pd.notna(p) else "" for p in s["prob_increase"]],
        "Change": s["change"],
        "Rank (5–95%)": [f"{m:g} ({a:g}–{b:g})" for m, a, b in zip(s["rank_median"], s["rank_p05"], s["rank_p95"])],
    })


def indicator_table(r: CooperationIndex) -> pd.DataFrame:
    """The declared indicators: pillar, fixed bounds with unit, years with a value, skewness,
    excess kurtosis and the treatment the JRC rule gives (rationale of the bounds: ``bounds_md``)."""
    skew = r.skew.set_index("indicator")
    rows = []
    for i in INDICATORS:
        rows.append({"Indicator": i.label, "Pillar": PILLAR_LABELS[i.pillar],
                     "Fixed bounds": f"{i.lower:g} to {i.upper:g} ({i.unit})", "Years": int(skew.loc[i.name, "n"]),
                     "Skewness": skew.loc[i.name, "skewness"], "Excess kurtosis": skew.loc[i.name, "excess_kurtosis"],
                     "Treatment (rule)": skew.loc[i.name, "rule_treatment"]})
    return pd.DataFrame(rows)


def bounds_md(r: CooperationIndex) -> str:
    """Why each indicator has the bounds it has, and what the treatment rule decided."""
    lines = [f"- **{i.label}** ({i.lower:g} to {i.upper:g}): {i.rationale}" for i in INDICATORS]
    flagged = r.skew[r.skew["flagged"]]
    if flagged.empty:
        lines.append(f"- No indicator has both |skewness| > {SKEW_LIMIT:g} and excess kurtosis > {KURTOSIS_LIMIT:g} in this "
                     "window, so the default index treats none; the Monte Carlo still tries a log and a winsorised "
                     "version of every eligible indicator.")
    else:
        lines.append("- Treated by the rule: " + ", ".join(f"{INDICATOR_BY_NAME[n].label} ({t})" for n, t in
                                                           zip(flagged["indicator"], flagged["rule_treatment"])) + ".")
    return "\n".join(lines)


def values_table(r: CooperationIndex) -> pd.DataFrame:
    """The raw indicator values per year (empty where missing), as they enter the index."""
    v = r.indicators.values
    digits = {"extraditions_mx_us": 0, "extraditions_us_mx": 0, "security_assistance": 1, "event_balance": 2,
              "event_score": 2}
    out = pd.DataFrame({"Year": v.index.astype(str)})
    for name in INDICATOR_NAMES:
        i = INDICATOR_BY_NAME[name]
        out[f"{i.label} ({i.unit})"] = ["" if pd.isna(x) else f"{x:,.{digits[name]}f}" for x in v[name]]
    alt = r.indicators.judicial
    values = alt["mx_us_alt"].to_numpy(float)
    differs = (values != alt["mx_us"].to_numpy(float)) & ~np.isnan(values)
    out["Other source, Mexico → U.S."] = [f"{x:.0f}" if d else "" for x, d in zip(values, differs)]
    return out


def correlation_display(r: CooperationIndex) -> pd.DataFrame:
    """The correlation table for display: "r (n)" per cell, empty where r is undefined."""
    c = r.correlations

    def f(values, ns):
        return ["" if pd.isna(v) else f"{v:+.2f} ({int(n)})" for v, n in zip(values, ns)]

    return pd.DataFrame({
        "Indicator or pillar": c["indicator"],
        "r with pillar, levels (n)": f(c["r_pillar"], c["n_pillar"]),
        "r with pillar, changes (n)": f(c["r_pillar_diff"], c["n_pillar_diff"]),
        "r with index, levels (n)": f(c["r_index"], c["n_index"]),
        "r with index, changes (n)": f(c["r_index_diff"], c["n_index_diff"]),
    })


def sobol_table(r: CooperationIndex) -> pd.DataFrame:
    t = r.sobol.table.sort_values("ST", ascending=False)
    return pd.DataFrame({"Choice": t["label"], "Options drawn": t["options"],
                         "First order": [f"{v:.2f} ± {c:.2f}" for v, c in zip(t["S1"], t["S1_conf"])],
                         "Total": [f"{v:.2f} ± {c:.2f}" for v, c in zip(t["ST"], t["ST_conf"])]})


def administration_table(r: CooperationIndex) -> pd.DataFrame:
    a = r.by_administration
    return pd.DataFrame({"Administration": a["administration"], "Scored years": a["years"],
                         "Median of the mean index": a["median"],
                         "90% interval": [f"{x:.1f}–{y:.1f}" for x, y in zip(a["p05"], a["p95"])]})


def validation_table(r: CooperationIndex) -> pd.DataFrame:
    """Scored years beside the external series: index median, INEGI homicides and the count of
    cooperative and conflictual events (the latter also feed the climate pillar)."""
    h = r.homicides["frame"].set_index("year")
    c = r.indicators.climate.set_index("year")
    years = r.scored_years
    return pd.DataFrame({"Year": [str(y) for y in years], "Index median": [float(h.loc[y, "median"]) for y in years],
                         "Homicides (INEGI)": pd.array([h.loc[y, "homicides"] for y in years], dtype="Float64").round().astype("Int64"),
                         "Cooperative events": [int(c.loc[y, "cooperative"]) for y in years],
                         "Conflictual events": [int(c.loc[y, "conflictual"]) for y in years]})


# --------------------------------------------------------------------------- prose


def _p(value: float) -> str:
    return f"{value:.2f}"


def _share(p: float) -> str:
    """A probability as a share of draws: "all", "more than 99.5%", "96%", "none"."""
    if p >= 1:
        return "all"
    if p <= 0:
        return "none"
    if p > 0.995:
        return "more than 99.5%"
    if p < 0.005:
        return "less than 0.5%"
    return f"{p:.0%}"


def reference_rank(r: CooperationIndex, year: int, **choices: str) -> float:
    """Rank (1 = highest) of ``year`` among the scored years in the deterministic index with the
    edition's weights and choices, some of them replaced by ``choices`` (Options fields)."""
    fields = {"normalisation": r.normalisation, "aggregation": r.aggregation} | choices
    index = compute_index(r.indicators, r.weights, Options(**fields)).set_index("year")["index"]
    index = index.loc[r.scored_years]
    return float(ranks_of(index.to_numpy(float))[r.scored_years.index(int(year))])


def findings_md(r: CooperationIndex) -> str:
    """The findings paragraph(s), generated from the computed values."""
    s = r.summary
    admin = r.by_administration
    pairs = r.administration_pairs
    top, low = s.loc[s["median"].idxmax()], s.loc[s["median"].idxmin()]
    parts = [
        f"The index can be computed for {fmt(len(s))} of the {fmt(r.end_year - r.start_year + 1)} years from "
        f"{r.start_year} to {r.end_year} ({periods.format_year_ranges(r.scored_years)}); the others lack at least one "
        f"pillar and get no score rather than a guess. Across {fmt(r.draws)} combinations of the analyst's choices the "
        f"highest median is {int(top['year'])} ({fmt(top['median'], 'rate')}, 90% band {fmt(top['p05'], 'rate')}–"
        f"{fmt(top['p95'], 'rate')}) and the lowest {int(low['year'])} ({fmt(low['median'], 'rate')}, "
        f"{fmt(low['p05'], 'rate')}–{fmt(low['p95'], 'rate')})."]
    rises = s[s["change"] == "robust rise"]
    falls = s[s["change"] == "robust fall"]
    changes = [f"{int(y)} (from {int(c)}, P(rise) = {_p(p)})" for y, c, p in
               zip(rises["year"], rises["compared_with"], rises["prob_increase"])]
    fall_text = [f"{int(y)} (from {int(c)}, P(rise) = {_p(p)})" for y, c, p in
                 zip(falls["year"], falls["compared_with"], falls["prob_increase"])]
    n_changes = int(s["prob_increase"].notna().sum())
    parts.append(
        f"Of {fmt(n_changes)} year-to-year changes, {fmt(len(rises))} are robust rises"
        f"{': ' + '; '.join(changes) if changes else ''} and {fmt(len(falls))} robust falls"
        f"{': ' + '; '.join(fall_text) if fall_text else ''}; the rest depend on the analyst's choices.")
    if len(admin):
        described = "; ".join(f"{a.administration} {fmt(a.median, 'rate')} ({a.years})" for a in admin.itertuples())
        parts.append(f"Mean index by Mexican administration (median of the draws): {described}.")
    narrative = {("Calderón", "Peña Nieto"): "cooperation narrowed after Calderón",
                 ("Peña Nieto", "López Obrador"): "it froze under López Obrador"}
    years_of = dict(zip(admin["administration"], admin["years"])) if len(admin) else {}
    verdicts = []
    for pair in pairs.itertuples():
        claim = narrative.get((pair.earlier, pair.later))
        if claim is None:
            continue
        p = pair.prob_earlier_higher
        scope = f"on the scored years only ({pair.earlier}: {years_of[pair.earlier]}; {pair.later}: {years_of[pair.later]})"
        if p >= ROBUST_PROBABILITY:
            verdict = f"supports the view that {claim}: {pair.earlier}'s mean is higher in {_share(p)} of the draws"
        elif p <= 1 - ROBUST_PROBABILITY:
            verdict = f"contradicts the view that {claim}: {pair.later}'s mean is higher in {_share(1 - p)} of the draws"
        else:
            verdict = f"cannot settle whether {claim}: {pair.earlier}'s mean is higher in {_share(p)} of the draws"
        verdicts.append(f"Judged {scope}, the index {verdict}.")
    parts.extend(verdicts)
    outside = s[(s["reference_rank"] < s["rank_p05"]) | (s["reference_rank"] > s["rank_p95"])]
    if len(outside):
        listed = "; ".join(f"{int(o.year)} ranks {o.reference_rank:g} against {o.rank_p05:g}–{o.rank_p95:g}"
                           for o in outside.itertuples())
        parts.append(f"The deterministic index of this edition ({NORMALISATION_LABELS[r.normalisation]}, {r.aggregation} "
                     f"mean) puts some years outside the 5–95% rank interval of the draws ({listed}): their place "
                     "depends on this edition's choices.")
    else:
        parts.append("The deterministic index of this edition ranks every year inside the 5–95% rank interval of the draws.")
    sobol = r.sobol.table.sort_values("ST", ascending=False)
    first = sobol.iloc[0]
    parts.append(f"The choice that moves the ranking of years most is {first['label'].lower()} (total Sobol index "
                 f"{first['ST']:.2f}), followed by {sobol.iloc[1]['label'].lower()} ({sobol.iloc[1]['ST']:.2f}).")
    return "\n\n".join(parts)


def fan_md(r: CooperationIndex) -> str:
    s = r.summary
    width = (s["p95"] - s["p05"])
    widest = s.loc[width.idxmax()]
    return (f"The 90% bands are {fmt(width.mean(), 'rate')} points wide on average; the widest is {int(widest['year'])} "
            f"({fmt(widest['p05'], 'rate')}–{fmt(widest['p95'], 'rate')}). Where the previous year has no score the change "
            "is measured against the last scored year before it (the table's 'Compared with' column)."
            + (" The political-climate pillar counts dated events, each with its own source; the charts and tables cite "
               "the other sources they use and the events they mark one by one, and the full list of event sources is "
               "printed once, under the table of indicator values (Data coverage)." if CITE_EVENTS_ONCE else ""))


def pillars_md(r: CooperationIndex) -> str:
    ref = r.reference.set_index("year")
    lines = []
    for pillar in PILLARS:
        series = ref[pillar].dropna()
        if not len(series):
            lines.append(f"- **{PILLAR_LABELS[pillar]}**: no year has data in the window.")
            continue
        hi, lo = series.idxmax(), series.idxmin()
        lines.append(f"- **{PILLAR_LABELS[pillar]}**: {fmt(len(series))} years with data; highest {hi} "
                     f"({fmt(series[hi], 'rate')}), lowest {lo} ({fmt(series[lo], 'rate')}).")
    return "\n".join(lines)


def validation_md(r: CooperationIndex) -> str:
    """What the comparison with homicides and the narrative shows, and where the index disagrees."""
    h = r.homicides
    parts = []
    if not math.isnan(h["r_level"]):
        strength = "strongly" if abs(h["r_level"]) >= 0.7 else "moderately" if abs(h["r_level"]) >= 0.4 else "weakly"
        sign = "negatively" if h["r_level"] < 0 else "positively"
        parts.append(f"Across {fmt(h['n_level'])} scored years the index median is {strength} and {sign} correlated with "
                     f"INEGI homicides (r = {h['r_level']:+.2f}); in year-to-year changes r = "
                     f"{'n/a' if math.isnan(h['r_diff']) else format(h['r_diff'], '+.2f')} over {fmt(h['n_diff'])} pairs of "
                     "consecutive years. With so few years neither is evidence of a relationship, and homicides measure "
                     "violence, not cooperation: the comparison only shows whether the two move together.")
    ref = r.reference.set_index("year")
    res = r.indicators.resources.set_index("year")["security_assistance"]
    scored = res.reindex(r.scored_years).dropna()
    if len(scored):
        low_year = int(scored.idxmin())
        climate_scored = ref.loc[r.scored_years, "climate"]
        row = r.summary.set_index("year").loc[low_year]
        if climate_scored[low_year] > climate_scored.median():
            events = _major_events(r)
            titles = events.loc[(events["date"].dt.year == low_year) & events["category"].isin(MAJOR_COOPERATIVE), "title"]
            milestones = f" The chronology records for {low_year}: {'; '.join(titles)}." if len(titles) else ""
            n = len(r.summary)
            low_rank = row["reference_rank"] > n / 2 or row["rank_median"] > n / 2
            lead = ("Where the index disagrees with the literature" if low_rank else
                    "Where the resources pillar disagrees with the literature (the index as a whole still ranks the year "
                    "in the upper half)")
            parts.append(
                f"{lead}: in {low_year} U.S. security assistance obligated was "
                f"{fmt(scored[low_year] * 1e6, 'usd')} ({BASE_YEAR} dollars), the lowest of the scored years, while the "
                f"climate pillar ({fmt(climate_scored[low_year], 'rate')}) was above its median.{milestones} Obligations "
                "are recorded when agreements are signed, not when money is appropriated or spent, so a year in which "
                "programmes were launched can score low on resources. The deterministic index ranks the year "
                f"{row['reference_rank']:g} of {len(r.summary)} (the draws: {row['rank_p05']:g}–{row['rank_p95']:g}); "
                f"with a log treatment it would rank {reference_rank(r, low_year, treatment='log'):g}, with the "
                f"{'arithmetic' if r.aggregation == 'geometric' else 'geometric'} mean "
                f"{reference_rank(r, low_year, aggregation='arithmetic' if r.aggregation == 'geometric' else 'geometric'):g}.")
    climate_all = ref["climate"].dropna()
    if len(climate_all):
        worst = int(climate_all.idxmin())
        if worst not in r.scored_years:
            parts.append(f"The political-climate pillar, the only one with data for most recent years, is at its lowest "
                         f"in {worst} ({fmt(climate_all[worst], 'rate')}), a year without an index score because another "
                         "pillar has no data.")
    gaps = [y for y in r.unscored_years if periods.administration_for_year(y, r.tables["administrations"]) is not None]
    if gaps:
        parts.append(f"The index is silent on {periods.format_year_ranges(gaps)}; any statement about those years rests "
                     "on other evidence.")
    return "\n\n".join(parts)


def data_gaps(r: CooperationIndex) -> list[str]:
    """The gaps of the edition, computed from the data."""
    v = r.indicators.values
    gaps = []
    for name in INDICATOR_NAMES:
        missing = [int(y) for y in v.index[v[name].isna()]]
        if missing:
            gaps.append(f"**{INDICATOR_BY_NAME[name].label}:** no value for {periods.format_year_ranges(missing)}.")
    judicial = r.indicators.judicial
    nationals = [int(y) for y in judicial.loc[judicial["mx_us_scope"] == "nationals_only", "year"]]
    if nationals:
        gaps.append(f"**Extradition scope:** for {periods.format_year_ranges(nationals)} the only full-year figure counts "
                    "Mexican nationals only (a subset of all persons); it is used as found.")
    gaps.append("**Other operational indicators** (joint operations, vetted units, information-sharing, DEA/FBI presence, "
                "arms-trafficking traces): none with real annual data is in data/, so the resources pillar rests on "
                "security assistance alone and the leave-one-out choice cannot drop it.")
    gaps.append(f"**Unscored years:** {periods.format_year_ranges(r.unscored_years) or 'none'} have no index value "
                "because a pillar is missing; nothing is imputed.")
    gaps.append("**Events chronology:** its own rule lists events not yet sourced to a day (data/manual/events_rule.md); "
                "the climate pillar counts only what the chronology holds, and years with three or four events rest on "
                "very few observations.")
    return gaps


def methodology_md(r: CooperationIndex) -> str:
    """The ten JRC steps as applied here."""
    skew = r.skew
    flagged = skew[skew["flagged"]]
    treated = ("none of the indicators meets both conditions in this window, so none is treated by default"
               if flagged.empty else "flagged: " + ", ".join(f"{INDICATOR_BY_NAME[n].label} ({t})" for n, t in
                                                               zip(flagged["indicator"], flagged["rule_treatment"])))
    leave = ", ".join(INDICATOR_BY_NAME[o].label for o in r.cube.options["leave_out"] if o != "none") or "none"
    w = ", ".join(f"{PILLAR_LABELS[p].lower()} {r.weights[p]:g}" for p in PILLARS)
    return "\n\n".join([
        "**1. Framework.** Cooperation is measured on three pillars: judicial (extraditions), resources and operations "
        "(U.S. security assistance) and political climate (the balance and tone of dated bilateral events). Each pillar "
        "is a dimension the literature uses when it calls cooperation deep, narrowed or frozen; none measures outcomes.",
        "**2. Data.** Extraditions: `mxsec.analysis.extraditions` (full calendar years, preferred rows; U.S. → Mexico has "
        "two years). Security assistance: `mxsec.analysis.funding.security_assistance` (Greenbook obligations of the "
        f"State and Defense security accounts), deflated to {BASE_YEAR} dollars with the BLS CPI-U annual average "
        "(`funding.to_dollars`); fiscal year N is matched to calendar year N. Climate: `load(\"events\")`, direction and "
        "Goldstein score derived from each event's category (`mxsec.data.events.CATEGORY_SCORES`); balance = "
        "(cooperative + 1) / (cooperative + conflictual + 2), neutral events excluded; mean score over all events. Only "
        f"years wholly inside the chronology's coverage ({EVENTS_COVERAGE[0]} to {EVENTS_COVERAGE[1]}) count.",
        "**3. Missing data.** No imputation: a year gets a score only if every pillar with a positive weight has at "
        "least one indicator. Within a pillar the score is the mean of the indicators the year has (U.S. → Mexico "
        "extraditions enter only the two years that have them).",
        f"**4. Multivariate analysis.** The correlation table shows how each indicator moves with its pillar and the "
        "index, in levels and in changes between consecutive calendar years (r needs at least 4 pairs). A pillar with a "
        "single indicator correlates perfectly with it by construction.",
        f"**5. Treatment and normalisation.** JRC rule: an indicator with |skewness| > {SKEW_LIMIT:g} and excess "
        f"kurtosis > {KURTOSIS_LIMIT:g} is log-transformed (log(1 + x), if non-negative) or winsorised (one value per "
        f"tail); {treated}. Default normalisation: min-max over the fixed bounds in the indicator table (never the "
        "data's own minimum and maximum), onto 1–100 so that no pillar is 0 and the geometric mean is defined. "
        f"Alternatives: z-score (50 + 49 z / {ZSCORE_SPAN:g}, clipped to 1–100), distance to the window's first year "
        "with a value (50 + 49 × difference / bound range, clipped to 1–99), and rank (1–100).",
        f"**6. Weighting and aggregation.** Equal weights within pillars; across pillars the `weights` parameter ({w}), "
        "renormalised to sum 1; geometric mean across pillars by default (a low pillar cannot be fully compensated by a "
        "high one), arithmetic as the alternative.",
        f"**7. Uncertainty.** {fmt(r.draws)} Monte Carlo draws (numpy Generator, seed {r.seed}). Each draw: every pillar "
        f"weight uniform within ±{WEIGHT_SPREAD:.0%} of its parameter value, then renormalised; normalisation ("
        f"{', '.join(NORMALISATIONS)}), aggregation ({', '.join(AGGREGATIONS)}), treatment (rule, log for every "
        "non-negative indicator, winsorise every indicator), extradition source (preferred, or another source's "
        "same-scope full-year figure where sources disagree) and leave one indicator out (none or one of: "
        f"{leave}; an indicator is eligible only if dropping it never empties its pillar), each uniform over its options. "
        "Bands are the 5/25/75/95th percentiles of the draws; P(rise) compares each year with the previous scored year "
        f"within each draw; a change is robust if P(rise) ≥ {ROBUST_PROBABILITY} (rise) or ≤ "
        f"{1 - ROBUST_PROBABILITY:.1f} (fall). Levels from different normalisations share the 1–100 range but not a "
        "unit: ranks and paired changes are the robust reading.",
        f"**8. Sensitivity.** First-order and total Sobol indices (SALib {_salib_version()}, Sobol-sequence Saltelli "
        f"sampling with N = {r.sobol.n}, {r.sobol.runs:,} runs, no second-order terms); continuous samples in [0, 1) map "
        "to the k options of a discrete choice as floor(u k). Output: mean absolute shift of the scored years' ranks "
        "against the deterministic index. Estimates slightly below 0 are numerical noise and are clipped to 0 "
        f"(the tests check that none is below −{SOBOL_NOISE:g} before clipping); ± values are 95% bootstrap intervals.",
        "**9. Back to the data.** The pillar charts and contributions show which indicator drives each year's score.",
        "**10. Links to other measures.** Administration means (years assigned by the majority-of-year rule, "
        "`mxsec.analysis.periods`) test the deep/narrowed/frozen narrative; INEGI homicides (preferred full-year "
        "registration counts, `extraditions.homicides_series`) are an external series the index is compared with, "
        "not a validation target.",
        "**Scope.** The index measures what the curated tables record; it does not measure effectiveness or "
        "outcomes, and its levels have no meaning outside this construction.",
    ])


def _salib_version() -> str:
    from importlib.metadata import version

    return version("SALib")
