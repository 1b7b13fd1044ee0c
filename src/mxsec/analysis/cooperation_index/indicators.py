"""The indicators of the cooperation index and the deterministic steps applied to them: the
declared indicators with their direction, rationale and fixed bounds, the frames built from the
curated tables, treatment of skewed indicators, normalisation, aggregation and pillar scores (see
the package docstring). Every step works on arrays of rows (one row per data scenario), so the
deterministic index and the Monte Carlo share one code path. Follows the ``compute`` rules: no
drawing, no text."""

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
DEFAULT_WEIGHTS = {"judicial": 1.0, "resources": 1.0, "climate": 1.0}  # nominal weights (``weights="nominal"``)
DEFAULT_START_YEAR, DEFAULT_END_YEAR = 2006, 2025
BASE_YEAR = funding.DEFAULT_BASE_YEAR
SCALE_MIN, SCALE_MAX = 1.0, 100.0  # normalised scale: never 0, so a geometric mean is defined
SKEW_LIMIT, KURTOSIS_LIMIT = 2.0, 3.5  # JRC rule for treating an indicator
WINSORISE_MIN_N = 5  # winsorising one value per tail needs at least this many values
ZSCORE_SPAN = 3.0  # z-scores: +-3 standard deviations span 1..99 around 50, clipped to the 1-100 scale
EVENTS_COVERAGE = ("2006-01-01", "2026-01-31")  # data/manual/events_rule.md: the chronology's window

NORMALISATIONS = ("minmax", "zscore", "distance", "rank")
AGGREGATIONS = ("geometric", "arithmetic")
TREATMENTS = ("rule", "log", "winsorise")

INDICATOR_EVENT_CATEGORIES = ("extradition", "transfer", "aid")
"""Event categories whose events are themselves values of another pillar's indicator
(extraditions and transfers: the judicial pillar counts them; aid appropriations and deliveries:
the resources pillar's obligations carry them). The political-climate pillar leaves them out, so
no event is counted twice."""

SMOOTHING_WINDOWS = (1, 2, 3, 4)
DEFAULT_WINDOW = 3
"""Resources are the trailing mean of a year's obligations over ``window`` fiscal years (the
year and the years before it); 1 is the year's own obligations. The default is three years:
obligations of one appropriation are spread over the fiscal years it stays available, so one
year's obligations move with the timing of agreements rather than with commitment; a trailing
window uses no later year, so a year's value never changes when a later year is published, and
the last Greenbook year keeps a value. A smoothed value needs every year of its window, or it
is missing (never filled in)."""

CLIMATE_MEASURES = ("event_score", "event_balance")  # the first is the index's; the second a Monte Carlo alternative


@dataclass(frozen=True)
class Indicator:
    """One indicator: its pillar, unit, direction, why it measures cooperation, and the fixed
    normalisation bounds with why they were chosen."""

    name: str
    pillar: str
    label: str
    unit: str
    lower: float
    upper: float
    non_negative: bool  # a log transform (log1p) is allowed
    bounds_rationale: str
    direction: int  # +1: a higher value means more cooperation
    rationale: str


_SCORE_BOUND = max(abs(score) for _, _, score in CATEGORY_SCORES.values())
INDICATORS = (
    Indicator("extraditions_mx_us", "judicial", "Extraditions, Mexico → U.S.", "persons per calendar year", 0.0, 150.0, True,
              "0 = no extradition; 150 persons is a round goal post above every full-year count in the sources.", +1,
              "Each extradition is a U.S. request that Mexico's courts and foreign ministry grant: more persons "
              "extradited means more judicial cooperation."),
    Indicator("security_assistance", "resources", "U.S. security assistance, obligated (trailing 3-year mean)",
              f"million {BASE_YEAR} dollars", 0.0, 1000.0, True,
              f"0 = no assistance; $1 billion ({BASE_YEAR} dollars) is a round ceiling above every fiscal year of the "
              "Greenbook series; values above it would score 100.", +1,
              "Money the United States commits to Mexico's security institutions: more obligated over three fiscal "
              "years means a larger commitment."),
    Indicator("event_score", "climate", "Mean event score (Goldstein)", "score", -_SCORE_BOUND, _SCORE_BOUND, False,
              "Symmetric around 0, so that a neutral year scores the middle of the scale (as a balance of one half does); "
              "the bound is the largest absolute Goldstein score any event category has "
              "(the score of each category in src/mxsec/data/events.py).", +1,
              "The average tone of the year's bilateral security events, agreements and dialogues up, disputes and "
              "unilateral measures down; events that are values of another pillar are left out."),
)
ALTERNATIVE_INDICATORS = (
    Indicator("event_balance", "climate", "Balance of cooperative events", "share, 0-1", 0.0, 1.0, False,
              "The balance (cooperative + 1) / (cooperative + conflictual + 2) lies between 0 and 1 by construction.", +1,
              "The share of cooperative among directional events, pulled towards one half when there are few: the "
              "Monte Carlo's alternative measure of the same events, never in the index beside the mean score."),
)
INDICATOR_BY_NAME = {i.name: i for i in INDICATORS + ALTERNATIVE_INDICATORS}
INDICATOR_NAMES = tuple(i.name for i in INDICATORS)
DROPPED_INDICATORS = {
    "extraditions_us_mx": "Extraditions, U.S. → Mexico",
}
"""Indicators of the first edition no longer in the index: U.S. -> Mexico extraditions have a
full-year figure in two years only, too few to normalise or to say anything about change; they are
kept in the values table."""


def pillar_of(name: str) -> str:
    return INDICATOR_BY_NAME[name].pillar


def index_indicators(climate_measure: str = CLIMATE_MEASURES[0]) -> tuple[str, ...]:
    """The indicators of the index with ``climate_measure`` as the climate pillar's."""
    if climate_measure not in CLIMATE_MEASURES:
        raise ValueError(f"climate measure {climate_measure!r}: use {', '.join(CLIMATE_MEASURES)}")
    return tuple(climate_measure if pillar_of(n) == "climate" else n for n in INDICATOR_NAMES)


# --------------------------------------------------------------------------- judicial


def judicial_frame(extraditions: pd.DataFrame, administrations: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                   end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Extraditions per calendar year, both directions, from ``mxsec.analysis.extraditions``.

    Columns: year; ``mx_us`` and ``us_mx`` (persons, full calendar years only, NA otherwise: the
    preferred row); ``mx_us_scope``; ``mx_us_source`` and ``us_mx_source``; ``mx_us_literature`` /
    ``us_mx_literature``: the year's figure is literature-sourced (its only source is a paper of the
    literature, mxsec.data.sources.literature_source_ids); ``mx_us_candidates``: every distinct
    full-year figure of the same scope the sources give for the year, the preferred first, as
    ``((persons, source_id), ...)`` (empty without a figure); ``mx_us_alt`` and
    ``mx_us_alt_source``: the first other figure where sources disagree, else the preferred one.
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
    candidates = []
    for row in out.itertuples(index=False):
        if pd.isna(row.mx_us):
            candidates.append(())
            continue
        found = [(float(row.mx_us), row.mx_us_source)]
        same = others[(others["year"] == row.year) & (others["scope"] == row.mx_us_scope)]
        for persons, source in zip(same["persons"].astype(float), same["source_id"]):
            if persons not in [v for v, _ in found]:
                found.append((persons, source))
        candidates.append(tuple(found))
    out["mx_us_candidates"] = candidates
    out["mx_us_alt"] = [c[1][0] if len(c) > 1 else (c[0][0] if c else math.nan) for c in candidates]
    out["mx_us_alt_source"] = [c[1][1] if len(c) > 1 else (c[0][1] if c else None) for c in candidates]
    return out


# --------------------------------------------------------------------------- resources


def trailing_mean(values: pd.Series, window: int) -> pd.Series:
    """The mean of each year's value and the ``window - 1`` years before it (index: years). A year
    gets a mean only when every year of its window has a value; otherwise NaN (never a shorter
    window, never a filled year)."""
    if window < 1:
        raise ValueError(f"window {window}: need at least 1 year")
    years = range(int(values.index.min()), int(values.index.max()) + 1)
    full = values.astype(float).reindex(years)
    return full.rolling(window, min_periods=window).mean().reindex(values.index)


def resources_frame(us_assistance: pd.DataFrame, cpi: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                    end_year: int = DEFAULT_END_YEAR, base_year: int = BASE_YEAR,
                    windows: tuple[int, ...] = SMOOTHING_WINDOWS) -> pd.DataFrame:
    """Security assistance per fiscal year as ``funding.security_assistance`` defines it (Greenbook
    obligations of the security accounts), in million constant ``base_year`` dollars
    (``funding.to_dollars``, BLS CPI-U), matched to the calendar year of the same number (fiscal year
    N runs from October N-1 to September N). Columns: year, nominal_usd and obligated (the year's own
    obligations: nominal dollars, million constant dollars; NaN where the Greenbook does not cover
    the year), ``trailing_<w>`` for each window w (``trailing_mean``), security_assistance (the
    ``DEFAULT_WINDOW`` mean), window_start and window_end (its fiscal years, NA without a value),
    obs_status, source_ids (the Greenbook and CPI-U sources of the widest window, "" without a
    value)."""
    widest = max(windows)
    first = int(start_year) - widest + 1
    sec = funding.security_assistance(us_assistance, first, int(end_year))
    sec["obligated"] = funding.to_dollars(sec["value_usd"], sec["fiscal_year"], cpi, "constant", base_year) / 1e6
    sec.loc[~sec["covered"], ["value_usd", "obligated"]] = np.nan
    annual = sec.set_index("fiscal_year")["obligated"]
    out = pd.DataFrame({"year": range(int(start_year), int(end_year) + 1)})
    own = sec.set_index("fiscal_year")
    out["nominal_usd"] = out["year"].map(own["value_usd"]).astype(float)
    out["obligated"] = out["year"].map(annual).astype(float)
    for w in windows:
        out[f"trailing_{w}"] = out["year"].map(trailing_mean(annual, w)).astype(float)
    out["security_assistance"] = out[f"trailing_{DEFAULT_WINDOW}"]
    has = out["security_assistance"].notna()
    out["window_start"] = (out["year"] - DEFAULT_WINDOW + 1).where(has).astype("Int64")
    out["window_end"] = out["year"].where(has).astype("Int64")
    out["obs_status"] = out["year"].map(own["obs_status"]).where(has, "")
    cpi_source = ";".join(sorted(set(cpi["source_id"])))
    ids = []
    for year, ok in zip(out["year"], out[f"trailing_{widest}"].notna() | has):
        window = [str(own["source_ids"].get(y, "")) for y in range(int(year) - widest + 1, int(year) + 1)]
        found = sorted({i for text in window for i in text.split(";") if i})
        ids.append(";".join(found + [cpi_source]) if ok and found else "")
    out["source_ids"] = ids
    return out


# --------------------------------------------------------------------------- climate


def covered_event_years(start_year: int, end_year: int, coverage: tuple[str, str] = EVENTS_COVERAGE) -> list[int]:
    """Calendar years of the window lying wholly inside the events chronology's coverage."""
    first, last = pd.Timestamp(coverage[0]), pd.Timestamp(coverage[1])
    return [y for y in range(int(start_year), int(end_year) + 1)
            if pd.Timestamp(year=y, month=1, day=1) >= first and pd.Timestamp(year=y, month=12, day=31) <= last]


def climate_events(events: pd.DataFrame, coverage: tuple[str, str] = EVENTS_COVERAGE) -> pd.DataFrame:
    """The events the political-climate pillar counts: dated inside ``coverage`` and not of an
    ``INDICATOR_EVENT_CATEGORIES`` category (those are values of another pillar). Columns of
    ``events`` plus ``year``, sorted by date."""
    first, last = pd.Timestamp(coverage[0]), pd.Timestamp(coverage[1])
    keep = events["date"].between(first, last) & ~events["category"].isin(INDICATOR_EVENT_CATEGORIES)
    out = events.loc[keep].assign(year=lambda f: f["date"].dt.year.astype(int))
    return out.sort_values("date", kind="stable").reset_index(drop=True)


def yearly_measures(event_years: np.ndarray, event_scores: np.ndarray, years: np.ndarray,
                    covered: np.ndarray) -> dict[str, np.ndarray]:
    """The climate measures per row and year from rows of events: ``event_years`` and
    ``event_scores`` have shape (rows, events) (a year outside ``years`` drops the event from that
    row). Returns ``events``, ``cooperative``, ``conflictual`` (counts), ``event_score`` (mean
    Goldstein score of the year's events, NaN without events) and ``event_balance`` ((cooperative
    + 1) / (cooperative + conflictual + 2); neutral events do not count), each (rows, years); NaN
    in years not ``covered`` (the chronology cannot say they were quiet)."""
    event_years = np.atleast_2d(np.asarray(event_years, dtype=int))
    event_scores = np.broadcast_to(np.atleast_2d(np.asarray(event_scores, dtype=float)), event_years.shape)
    rows, n_years = event_years.shape[0], len(years)
    position = event_years - int(years[0])
    inside = (position >= 0) & (position < n_years)
    flat = (np.arange(rows)[:, None] * n_years + np.where(inside, position, 0))[inside]
    scores = event_scores[inside]

    def count(weights: np.ndarray) -> np.ndarray:
        return np.bincount(flat, weights=weights, minlength=rows * n_years).reshape(rows, n_years)

    n = count(np.ones_like(scores))
    total = count(scores)
    cooperative = count((scores > 0).astype(float))
    conflictual = count((scores < 0).astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, total / np.where(n > 0, n, 1), np.nan)
    balance = (cooperative + 1) / (cooperative + conflictual + 2)
    out = {"events": n, "cooperative": cooperative, "conflictual": conflictual, "event_score": mean,
           "event_balance": balance}
    missing = ~np.asarray(covered, dtype=bool)
    return {k: np.where(missing[None, :], np.nan, v) for k, v in out.items()}


def climate_frame(events: pd.DataFrame, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
                  coverage: tuple[str, str] = EVENTS_COVERAGE) -> pd.DataFrame:
    """The climate pillar's events per calendar year (``climate_events``): cooperative,
    conflictual, neutral, events (counts), left_out (events of the year in an
    ``INDICATOR_EVENT_CATEGORIES`` category, not counted), event_score, event_balance
    (``yearly_measures``), source_ids. Years not wholly inside ``coverage`` get NaN everywhere."""
    years = np.arange(int(start_year), int(end_year) + 1)
    covered = np.isin(years, covered_event_years(start_year, end_year, coverage))
    pillar = climate_events(events, coverage)
    m = yearly_measures(pillar["year"].to_numpy(int)[None, :], pillar["score"].to_numpy(float)[None, :], years, covered)
    out = pd.DataFrame({"year": years})
    for column in ("cooperative", "conflictual", "events", "event_score", "event_balance"):
        out[column] = m[column][0]
    out["neutral"] = out["events"] - out["cooperative"] - out["conflictual"]
    first, last = pd.Timestamp(coverage[0]), pd.Timestamp(coverage[1])
    left_out = events[events["date"].between(first, last) & events["category"].isin(INDICATOR_EVENT_CATEGORIES)]
    out["left_out"] = out["year"].map(left_out["date"].dt.year.value_counts()).fillna(0).astype(float)
    out.loc[~covered, "left_out"] = np.nan
    out["source_ids"] = out["year"].map(pillar.groupby("year")["source_id"].agg(lambda s: ";".join(sorted(set(s))))).fillna("")
    return out[["year", "cooperative", "conflictual", "neutral", "events", "left_out", "event_score", "event_balance",
                "source_ids"]]


# --------------------------------------------------------------------------- the indicator matrix


@dataclass
class Indicators:
    """The indicator matrix of one window: ``values`` (rows = years; the index's indicators and the
    alternative climate measure, preferred sources, default smoothing window), ``sources``
    (source_ids per cell, semicolon-separated, "" where no value), the frames they came from and
    the climate pillar's ``events``."""

    years: np.ndarray
    values: pd.DataFrame
    sources: pd.DataFrame
    judicial: pd.DataFrame
    resources: pd.DataFrame
    climate: pd.DataFrame
    events: pd.DataFrame

    @property
    def alternative(self) -> pd.DataFrame:
        """``values`` with the first other source's extradition figure where sources disagree."""
        out = self.values.copy()
        out["extraditions_mx_us"] = self.judicial["mx_us_alt"].to_numpy(float)
        return out


def build_indicators(tables: Mapping[str, pd.DataFrame], start_year: int = DEFAULT_START_YEAR,
                     end_year: int = DEFAULT_END_YEAR, base_year: int = BASE_YEAR) -> Indicators:
    """Assemble the indicators for the window from the loaded tables."""
    judicial = judicial_frame(tables["extraditions"], tables["administrations"], start_year, end_year)
    resources = resources_frame(tables["us_assistance"], tables["us_cpi_u"], start_year, end_year, base_year)
    climate = climate_frame(tables["events"], start_year, end_year)
    years = judicial["year"].to_numpy(dtype=int)
    values = pd.DataFrame({
        "extraditions_mx_us": judicial["mx_us"].to_numpy(float),
        "security_assistance": resources["security_assistance"].to_numpy(float),
        "event_score": climate["event_score"].to_numpy(float),
        "event_balance": climate["event_balance"].to_numpy(float),
    }, index=pd.Index(years, name="year"))
    sources = pd.DataFrame({
        "extraditions_mx_us": judicial["mx_us_source"].fillna("").to_numpy(),
        "security_assistance": resources["source_ids"].to_numpy(),
        "event_score": climate["source_ids"].where(climate["event_score"].notna(), "").to_numpy(),
        "event_balance": climate["source_ids"].where(climate["event_balance"].notna(), "").to_numpy(),
    }, index=values.index)
    return Indicators(years, values, sources, judicial, resources, climate, climate_events(tables["events"]))


# --------------------------------------------------------------------------- treatment and normalisation (rows)


def _moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: n (values), bias-corrected skewness and excess kurtosis as pandas computes them
    (NaN below 3 and 4 values, or for a constant row)."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    ok = ~np.isnan(x)
    n = ok.sum(axis=1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, x, 0).sum(axis=1) / n
        d = np.where(ok, x - mean[:, None], 0)
        m2, m3, m4 = ((d ** k).sum(axis=1) / n for k in (2, 3, 4))
        constant = m2 <= 1e-14 * np.maximum(1.0, mean ** 2)
        g1 = m3 / m2 ** 1.5
        skew = np.sqrt(n * (n - 1)) / (n - 2) * g1
        g2 = m4 / m2 ** 2 - 3
        kurt = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
    skew = np.where((n >= 3) & ~constant, skew, np.nan)
    kurt = np.where((n >= 4) & ~constant, kurt, np.nan)
    return n, skew, kurt


def skew_flags(x: np.ndarray) -> np.ndarray:
    """Per row: |skewness| > SKEW_LIMIT and excess kurtosis > KURTOSIS_LIMIT (the JRC rule)."""
    _, skew, kurt = _moments(x)
    with np.errstate(invalid="ignore"):
        return (np.abs(skew) > SKEW_LIMIT) & (kurt > KURTOSIS_LIMIT)


def skewness_table(values: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: n (years with a value), skewness and excess kurtosis (pandas' bias-corrected
    estimators; NaN below 3 and 4 values), ``flagged`` (|skewness| > 2 and excess kurtosis > 3.5)
    and ``rule_treatment`` (log for a flagged non-negative indicator, winsorise for another
    flagged one, none otherwise)."""
    rows = []
    for name in values.columns:
        n, skew, kurt = _moments(values[name].to_numpy(float)[None, :])
        flagged = bool(skew_flags(values[name].to_numpy(float)[None, :])[0])
        treatment = ("log" if INDICATOR_BY_NAME[name].non_negative else "winsorise") if flagged else "none"
        rows.append({"indicator": name, "n": int(n[0]), "skewness": float(skew[0]), "excess_kurtosis": float(kurt[0]),
                     "flagged": flagged, "rule_treatment": treatment})
    return pd.DataFrame(rows)


def winsorise(x: np.ndarray) -> np.ndarray:
    """Per row (or for one vector): replace the largest value by the second largest and the
    smallest by the second smallest (one value per tail); NaN stays NaN. A row with fewer than
    ``WINSORISE_MIN_N`` values is unchanged."""
    x = np.asarray(x, dtype=float)
    rows = np.atleast_2d(x)
    ordered = np.sort(rows, axis=1)  # NaN last
    n = (~np.isnan(rows)).sum(axis=1)
    low = ordered[:, 1] if rows.shape[1] > 1 else ordered[:, 0]
    high = ordered[np.arange(len(rows)), np.maximum(n - 2, 0)]
    clipped = np.clip(rows, low[:, None], high[:, None])
    out = np.where((n >= WINSORISE_MIN_N)[:, None] & ~np.isnan(rows), clipped, rows)
    return out.reshape(x.shape).copy()


def treat(x: np.ndarray, how: str, non_negative: bool = True) -> np.ndarray:
    """``none``; ``log`` (log(1 + x), only for a non-negative indicator, else unchanged);
    ``winsorise`` (see ``winsorise``). Works on one vector or on rows."""
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


def normalise(x: np.ndarray, method: str, lower: float, upper: float) -> np.ndarray:
    """Put one indicator on a scale that never reaches 0 (NaN stays NaN); one vector, or rows
    (each row is normalised over its own values).

    - ``minmax``: 1 + 99 (x - lower) / (upper - lower), x clipped to the fixed bounds -> 1..100.
    - ``zscore``: 50 + 49 z / 3 with z over the row's values (sample sd), clipped to 1..100;
      a constant row or one value -> 50.
    - ``distance``: 50 + 49 (x - reference) / (upper - lower), clipped to 1..99: the reference
      year (the row's first year with a value) scores 50.
    - ``rank``: 1 + 99 (rank - 1) / (n - 1) over the row's values (ties share the average
      rank); one value -> 50.
    """
    x = np.asarray(x, dtype=float)
    rows = np.atleast_2d(x)
    ok = ~np.isnan(rows)
    n = ok.sum(axis=1, keepdims=True)
    span = upper - lower
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "minmax":
            out = SCALE_MIN + (SCALE_MAX - SCALE_MIN) * (np.clip(rows, lower, upper) - lower) / span
        elif method == "zscore":
            mean = np.where(ok, rows, 0.0).sum(axis=1, keepdims=True) / np.maximum(n, 1)
            sd = np.sqrt(np.nansum((rows - mean) ** 2, axis=1, keepdims=True) / np.maximum(n - 1, 1))
            z = np.where(sd > 0, (rows - mean) / np.where(sd > 0, sd, 1.0), 0.0)
            out = np.clip(50 + 49 * z / ZSCORE_SPAN, SCALE_MIN, SCALE_MAX)
        elif method == "distance":
            first = np.argmax(ok, axis=1)
            reference = rows[np.arange(len(rows)), first][:, None]
            out = np.clip(50 + 49 * (rows - reference) / span, SCALE_MIN, SCALE_MAX - 1)
        elif method == "rank":
            ranks = rankdata(rows, axis=1, nan_policy="omit")
            out = np.where(n > 1, SCALE_MIN + (SCALE_MAX - SCALE_MIN) * (ranks - 1) / np.maximum(n - 1, 1), 50.0)
        else:
            raise ValueError(f"normalisation {method!r}: use {', '.join(NORMALISATIONS)}")
    return np.where(ok, out, np.nan).reshape(x.shape)


def treated_normalised(x: np.ndarray, indicator: Indicator, treatment: str, normalisation: str) -> np.ndarray:
    """Rows of one indicator's values treated (``rule``: each row by the JRC rule on its own values;
    else ``log`` or ``winsorise`` for every row, a log only for a non-negative indicator) and
    normalised over the fixed bounds (on the log scale where logged)."""
    rows = np.atleast_2d(np.asarray(x, dtype=float))
    if treatment == "rule":
        flagged = skew_flags(rows)
        how = "log" if indicator.non_negative else "winsorise"
        lower, upper = treat_bounds(indicator, how)
        treated = normalise(treat(rows, how, indicator.non_negative), normalisation, lower, upper)
        plain = normalise(rows, normalisation, indicator.lower, indicator.upper)
        return np.where(flagged[:, None], treated, plain)
    if treatment not in TREATMENTS:
        raise ValueError(f"treatment {treatment!r}: use {', '.join(TREATMENTS)}")
    how = treatment if (treatment != "log" or indicator.non_negative) else "none"
    lower, upper = treat_bounds(indicator, how)
    return normalise(treat(rows, how, indicator.non_negative), normalisation, lower, upper)


# --------------------------------------------------------------------------- aggregation


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
    """One combination of the analyst's choices, with the preferred data (sources, recorded event
    dates, every event once) and a smoothing ``window`` for the resources indicator."""

    normalisation: str = "minmax"
    aggregation: str = "geometric"
    treatment: str = "rule"
    climate_measure: str = CLIMATE_MEASURES[0]
    window: int = DEFAULT_WINDOW


def indicator_values(ind: Indicators, options: Options = Options()) -> pd.DataFrame:
    """The index's raw indicator values under ``options`` (rows = years): extraditions (preferred),
    security assistance over ``options.window`` years, and the chosen climate measure."""
    if options.window not in SMOOTHING_WINDOWS:
        raise ValueError(f"window {options.window}: use {', '.join(map(str, SMOOTHING_WINDOWS))}")
    names = index_indicators(options.climate_measure)
    values = ind.values[list(names)].copy()
    values["security_assistance"] = ind.resources[f"trailing_{options.window}"].to_numpy(float)
    return values


def normalised_indicators(ind: Indicators, options: Options = Options()) -> pd.DataFrame:
    """Treated and normalised indicators (rows = years) under ``options`` (``treated_normalised``)."""
    values = indicator_values(ind, options)
    out = {name: treated_normalised(values[name].to_numpy(float), INDICATOR_BY_NAME[name], options.treatment,
                                    options.normalisation)[0] for name in values.columns}
    return pd.DataFrame(out, index=values.index)


def compute_index(ind: Indicators, weights: Mapping[str, float] | None = None, options: Options = Options()) -> pd.DataFrame:
    """The deterministic index for one set of choices: columns year, the three pillars and
    ``index`` (NaN where a positively weighted pillar is missing)."""
    weights = check_weights(weights)
    pillars = pillar_scores(normalised_indicators(ind, options))
    w = np.array([weights[p] for p in PILLARS])
    index = aggregate(pillars[list(PILLARS)].to_numpy(float).T, w, options.aggregation)
    out = pillars.reset_index()
    out["index"] = index
    return out
