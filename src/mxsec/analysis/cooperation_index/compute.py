"""The cooperation index's computation: the report's bundle, ``build`` and ``key_figures``, the
deterministic index, the diagnostics (effective importance, correlations, contributions, coverage,
administrations, homicides), the source ids each output cites and every number the text, tables
and charts show. The indicators and their treatment are in ``indicators``, the data factors in
``scenarios``, the Monte Carlo and Sobol analysis in ``uncertainty``, the effective importance and
balanced weights in ``importance``; their public names are re-exported here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from mxsec.analysis.extraditions import compute as ext_analysis
from mxsec.data import coding
from mxsec.data.sources import mark_literature
from mxsec.analysis import periods
from mxsec.analysis.common import frame_ids, key_figure, split_ids

# the public names of the index's computation files, used here and re-exported
from .importance import BALANCE_TOLERANCE, balanced_weights, correlation_ratios, effective_importance
from .indicators import (AGGREGATIONS, ALTERNATIVE_INDICATORS, BASE_YEAR, CLIMATE_MEASURES, DEFAULT_END_YEAR,
                         DEFAULT_START_YEAR, DEFAULT_WEIGHTS, DEFAULT_WINDOW, DROPPED_INDICATORS, EVENTS_COVERAGE,
                         INDICATOR_BY_NAME, INDICATOR_EVENT_CATEGORIES, INDICATOR_NAMES, INDICATORS, KURTOSIS_LIMIT,
                         NORMALISATIONS, PILLARS, SCALE_MAX, SCALE_MIN, SKEW_LIMIT, SMOOTHING_WINDOWS, TREATMENTS,
                         WINSORISE_MIN_N, ZSCORE_SPAN, Indicator, Indicators, Options, aggregate, build_indicators,
                         check_weights, climate_events, climate_frame, compute_index, covered_event_years,
                         index_indicators, indicator_values, judicial_frame, normalise, normalised_indicators,
                         pillar_of, pillar_scores, resources_frame, skewness_table, trailing_mean, treat, treat_bounds,
                         treated_normalised, winsorise, yearly_measures)
from .scenarios import (BOUNDARY_MONTHS, DATA_FACTORS, EVENT_REPLICATES, MOVE_PROBABILITY, TIMING_SCENARIOS,
                        boundary_events, climate_scenarios, source_scenarios, timing_scenarios)
from .uncertainty import (CHOICE_FACTORS, CHOICE_LABELS, CONTINUOUS_FACTORS, DEFAULT_DRAWS, DEFAULT_SEED,
                          DISCRETE_FACTORS, FACTORS, LEVEL_SCALE, ROBUST_PROBABILITY, SOBOL_N, SOBOL_NOISE,
                          WEIGHT_SPREAD, Cube, MonteCarlo, Sobol, evaluate, factor_kind, map_sample, monte_carlo,
                          pillar_cube, rank_shift, ranks_of, scored_mask, sobol_analysis, summarise)

# --------------------------------------------------------------------------- constants

PILLAR_LABELS = {"judicial": "Judicial", "resources": "Resources", "climate": "Political climate"}
ADMINISTRATIONS_SOURCE = "mx_cpeum_art_83"
MAJOR_COOPERATIVE = ("agreement", "aid")
MAJOR_CONFLICTUAL = ("dispute", "suspension", "unilateral_action")
NORMALISATION_LABELS = {"minmax": "min-max over fixed bounds", "zscore": "z-score", "distance": "distance to the first year",
                        "rank": "rank"}
WEIGHTINGS = ("balanced", "nominal")
DEFAULT_WEIGHTING = "balanced"
"""``balanced`` (the default): the weights under which the three pillars explain equal shares of
the index's variance (``importance.balanced_weights``), because the framework means the pillars to
count equally and, with equal nominal weights, the resources pillar alone explains most of the
index. ``nominal``: the weights of ``nominal_weights`` as given (equal by default)."""
ADMINISTRATION_MIN_SHARE = 0.5  # an administration is compared only when at least half of its years are scored


def load_tables() -> dict[str, pd.DataFrame]:
    """The curated tables this report reads."""
    from mxsec.data import load

    names = ("extraditions", "us_assistance", "us_cpi_u", "events", "administrations", "homicides_national", "sources")
    tables = {name: load(name) for name in names}
    return tables | {name: coding.read(name) for name in CODING_FILES}


CODING_FILES = (coding.SHEET_FILE, coding.FIRST_CODING_FILE, coding.SECOND_CODING_FILE, coding.ADJUDICATION_FILE)
"""The files of the events' double coding (mxsec.data.coding), read beside the tables."""


@dataclass(frozen=True)
class DoubleCoding:
    """Agreement of the two codings of the events list and what their resolution did."""
    kappas: tuple  # mxsec.data.coding.Kappa for category and direction
    disagreements: int
    changed: int  # resolved to the second coding's category
    kept: int  # resolved to the first coding
    removed: int  # resolved as excluded: the event left the list


def double_coding(tables: Mapping[str, pd.DataFrame]) -> DoubleCoding | None:
    """The double coding of the events, from the coding files in ``tables`` (None when they are absent)."""
    if not all(name in tables for name in CODING_FILES):
        return None
    kappas, differ = coding.agreement(tables[coding.FIRST_CODING_FILE], tables[coding.SECOND_CODING_FILE],
                                      tables[coding.SHEET_FILE])
    adjudication = tables[coding.ADJUDICATION_FILE]
    removed = int((adjudication["resolved"] == coding.EXCLUDED).sum())
    kept = int((adjudication["resolved"] == adjudication["first"]).sum())
    return DoubleCoding(tuple(kappas), len(differ), len(adjudication) - removed - kept, kept, removed)


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


def correlation_table(reference: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Pearson correlation of each pillar with the other pillars (levels) and with the index, in
    levels and in changes between consecutive calendar years, over the scored ``years``; n for
    each (NaN below 4 pairs). With one indicator per pillar, a pillar is its indicator."""
    ref = reference.set_index("year").loc[list(years)]
    rows = []
    for p in PILLARS:
        row: dict[str, Any] = {"pillar": p}
        for q in PILLARS:
            row[f"r_{q}"] = 1.0 if q == p else _pearson(ref[p].to_numpy(float), ref[q].to_numpy(float))[0]
        row["r_index"], row["n_index"] = _pearson(ref[p].to_numpy(float), ref["index"].to_numpy(float))
        row["r_index_diff"], row["n_index_diff"] = _pearson(_yearly_diff(ref[p]).to_numpy(float),
                                                            _yearly_diff(ref["index"]).to_numpy(float))
        rows.append(row)
    return pd.DataFrame(rows)


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
    """Long table year x row (the three indicators, three pillars and the index): ``available``
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


def administration_comparison(mc: MonteCarlo, administrations: pd.DataFrame,
                              min_share: float = ADMINISTRATION_MIN_SHARE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per Mexican administration with a scored year: its scored years, ``n_scored`` of its
    ``n_years`` (calendar years by the majority rule, ``periods.administration_years``),
    ``compared`` (at least ``min_share`` of its years scored), the median and 5-95% range of the
    per-draw mean level over its scored years (levels: one normalisation) and the median of its
    mean rank. For consecutive administrations that are both compared: the probability (within
    draws, all factors varied) that the earlier one's mean index is higher."""
    terms = periods.administration_years(administrations, "MX")
    scored = [int(y) for y in mc.years]
    ranks = ranks_of(mc.values)
    rows, means = [], {}
    for term in terms.itertuples(index=False):
        years = [y for y in term.years if y in scored]
        if not years:
            continue
        columns = [scored.index(y) for y in years]
        level = mc.levels[:, columns].mean(axis=1)
        p05, p50, p95 = np.percentile(level, [5, 50, 95])
        compared = len(years) / term.n_years >= min_share
        rows.append({"administration": term.short_name, "name": term.name, "years": periods.format_year_ranges(years),
                     "n_scored": len(years), "n_years": int(term.n_years), "compared": compared, "median": p50,
                     "p05": p05, "p95": p95, "rank_median": float(np.median(ranks[:, columns].mean(axis=1)))})
        if compared:
            means[term.name] = mc.values[:, columns].mean(axis=1)
    order = list(terms["name"])
    pairs = [{"earlier": periods.short_name(a, administrations), "later": periods.short_name(b, administrations),
              "prob_earlier_higher": float((means[a] > means[b]).mean())}
             for a, b in zip(order, order[1:]) if a in means and b in means]
    columns = ["administration", "name", "years", "n_scored", "n_years", "compared", "median", "p05", "p95", "rank_median"]
    return pd.DataFrame(rows, columns=columns), pd.DataFrame(pairs, columns=["earlier", "later", "prob_earlier_higher"])


def homicide_comparison(summary: pd.DataFrame, homicides: pd.DataFrame) -> dict[str, Any]:
    """Pearson correlation of the index median (levels) with INEGI homicides (preferred, full
    years: ``extraditions.homicides_series``) over scored years, in levels and consecutive-year
    differences, with the frame used: an outside series set beside the index, not a test of it."""
    series = ext_analysis.homicides_series(homicides)
    frame = summary[["year", "median"]].merge(series, on="year", how="left")
    frame["homicides"] = frame["homicides"].astype("Float64").astype(float)
    level = _pearson(frame["median"].to_numpy(float), frame["homicides"].to_numpy(float))
    idx = frame.set_index("year")
    diff = _pearson(_yearly_diff(idx["median"]).to_numpy(float), _yearly_diff(idx["homicides"]).to_numpy(float))
    return {"frame": frame, "r_level": level[0], "n_level": level[1], "r_diff": diff[0], "n_diff": diff[1],
            "source_ids": frame_ids(frame)}


def outrank_probabilities(mc: MonteCarlo) -> pd.DataFrame:
    """P(row year's index > column year's index) within draws, every factor varied."""
    v = mc.values
    p = (v[:, :, None] > v[:, None, :]).mean(axis=0)
    years = [int(y) for y in mc.years]
    return pd.DataFrame(p, index=pd.Index(years, name="year"), columns=years)


def rank_groups(mc: MonteCarlo) -> tuple[list[int], list[int]]:
    """The top group (years no other year outranks in at least ROBUST_PROBABILITY of the draws) and
    the bottom group (years that outrank no other year that often): near-ties form a plateau,
    never one "first" year."""
    p = outrank_probabilities(mc)
    top = [int(y) for y in p.columns if not (p[y] >= ROBUST_PROBABILITY).any()]
    bottom = [int(y) for y in p.index if not (p.loc[y] >= ROBUST_PROBABILITY).any()]
    return top, bottom


# --------------------------------------------------------------------------- the report bundle


@dataclass
class CooperationIndex:
    """Everything the report shows, computed once by ``build``."""

    weighting: str
    nominal_weights: dict[str, float]
    weights: dict[str, float]
    balance_iterations: int
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
    importance: pd.DataFrame
    importance_equal: pd.DataFrame
    correlations: pd.DataFrame
    contributions: pd.DataFrame
    coverage: pd.DataFrame
    by_administration: pd.DataFrame
    administration_pairs: pd.DataFrame
    homicides: dict[str, Any]
    top_group: list[int]
    bottom_group: list[int]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    coding: DoubleCoding | None = None  # the double coding of the events (None without its files)

    @property
    def options(self) -> Options:
        return Options(self.normalisation, self.aggregation)

    @property
    def n_years(self) -> int:
        """Calendar years in the window."""
        return self.end_year - self.start_year + 1

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


def resolve_weighting(weights: str | Mapping[str, float], nominal_weights: Mapping[str, float] | None) -> tuple[str, dict[str, float]]:
    """(weighting, nominal weights): ``weights`` is ``balanced``, ``nominal`` (use
    ``nominal_weights``, equal by default) or a mapping of nominal weights."""
    if isinstance(weights, Mapping):
        return "nominal", check_weights(weights)
    check_choice("weights", weights, WEIGHTINGS)
    return weights, check_weights(nominal_weights)


def build(weights: str | Mapping[str, float] = DEFAULT_WEIGHTING, normalisation: str = "minmax",
          aggregation: str = "geometric", draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
          start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR, *,
          nominal_weights: Mapping[str, float] | None = None, tables: Mapping[str, pd.DataFrame] | None = None,
          sobol_n: int = SOBOL_N) -> CooperationIndex:
    """Compute the whole report for one set of parameters (the notebook's parameters, with its
    defaults). ``weights``: ``balanced``, ``nominal`` or a mapping (see ``resolve_weighting``).
    Loads the data with ``load_tables`` unless ``tables`` is given; ``sobol_n`` is the Sobol base
    sample (tests use a smaller one). A year gets a score only when every draw scores it."""
    if end_year < start_year:
        raise ValueError(f"end_year {end_year} is before start_year {start_year}")
    if draws < 1:
        raise ValueError(f"draws {draws}: need at least 1")
    check_choice("normalisation", normalisation, NORMALISATIONS)
    check_choice("aggregation", aggregation, AGGREGATIONS)
    weighting, nominal = resolve_weighting(weights, nominal_weights)
    tables = dict(tables) if tables is not None else load_tables()
    ind = build_indicators(tables, start_year, end_year)
    options = Options(normalisation, aggregation)
    cube = pillar_cube(ind, seed, normalisation=normalisation, aggregation=aggregation)
    mask = scored_mask(cube, nominal if weighting == "nominal" else DEFAULT_WEIGHTS)
    years = [int(y) for y in ind.years[mask]]
    if not years:
        raise ValueError(f"no year of {start_year}-{end_year} has every pillar: nothing to score")
    iterations = 0
    if weighting == "balanced":
        w, iterations = balanced_weights(ind, years, options)
    else:
        w = {p: v / sum(nominal.values()) for p, v in nominal.items()}
    reference = compute_index(ind, w, options)
    reference.loc[~reference["year"].isin(years), "index"] = np.nan
    mc = monte_carlo(cube, w, draws, seed)
    summary = summarise(mc, reference)
    sobol = sobol_analysis(cube, w, reference, sobol_n, seed)
    by_admin, pairs = administration_comparison(mc, tables["administrations"])
    top, bottom = rank_groups(mc)
    equal = compute_index(ind, DEFAULT_WEIGHTS, options)
    return CooperationIndex(
        weighting=weighting, nominal_weights=nominal, weights=w, balance_iterations=iterations,
        normalisation=normalisation, aggregation=aggregation, draws=int(draws), seed=int(seed),
        start_year=int(start_year), end_year=int(end_year), indicators=ind, skew=skewness_table(indicator_values(ind)),
        normalised=normalised_indicators(ind, options), reference=reference, cube=cube, mc=mc, summary=summary,
        sobol=sobol, importance=effective_importance(reference, w, years),
        importance_equal=effective_importance(equal, DEFAULT_WEIGHTS, years),
        correlations=correlation_table(reference, years), contributions=contributions(reference, w, aggregation),
        coverage=coverage_table(ind, reference), by_administration=by_admin, administration_pairs=pairs,
        homicides=homicide_comparison(summary, tables["homicides_national"]), top_group=top, bottom_group=bottom,
        tables=tables, coding=double_coding(tables))


# --------------------------------------------------------------------------- source ids


def indicator_source_ids(r: CooperationIndex, years: Iterable[int] | None = None,
                         indicators: Iterable[str] = INDICATOR_NAMES) -> list[str]:
    """Source ids of the indicator values used in ``years`` (default: all years of the window),
    including every other extradition figure the Monte Carlo draws from and the events the timing
    rule may move into one of those years."""
    indicators = list(indicators)
    sources = r.indicators.sources
    chosen = list(sources.index) if years is None else [int(y) for y in years]
    sources = sources.loc[sources.index.isin(chosen)]
    ids = set(split_ids(v for name in indicators for v in sources[name]))
    if "extraditions_mx_us" in indicators:
        judicial = r.indicators.judicial
        for year, candidates in zip(judicial["year"], judicial["mx_us_candidates"]):
            if int(year) in chosen:
                ids |= {source for _, source in candidates}
    if "event_score" in indicators:
        moving = boundary_events(r.indicators)
        ids |= set(moving.loc[moving["may_move_to"].isin(chosen), "source_id"])
    return sorted(ids)


def index_source_ids(r: CooperationIndex) -> list[str]:
    """Sources of every value that enters a scored year."""
    return indicator_source_ids(r, r.scored_years)


EVENT_INDICATORS = ("event_score",)
CITE_EVENTS_ONCE = True
"""The climate pillar counts dated events, each with its own source (about 70 in the default
window). With this switch on, the full list is printed once, under the table of indicator values
(``values_table``, cited with ``cited_ids(r, full=True)``), and in every key figure's
``source_ids``; the other charts and tables cite the extradition, assistance, CPI and other
non-event sources they use (plus the events they show one by one, such as the fan chart's
markers) and a note points to that table. Off: every output cites every event source it uses."""


def pillar_gaps(r: "CooperationIndex", pillar: str) -> list[int]:
    """Years of the window in which ``pillar`` has neither a score nor a normalised indicator value
    (its panel of the pillars chart shows nothing there)."""
    members = [c for c in r.normalised.columns if pillar_of(c) == pillar]
    ref = r.reference.set_index("year")[pillar]
    present = set(ref.index[ref.notna()]) | {y for c in members for y in r.normalised.index[r.normalised[c].notna()]}
    return [y for y in range(r.start_year, r.end_year + 1) if y not in {int(v) for v in present}]


def literature_years(r: "CooperationIndex") -> list[int]:
    """Years of the window whose judicial indicator rests on a literature-sourced extradition count (its only
    source is a paper of the literature, mxsec.data.sources.literature_source_ids): kept as secondary data and
    marked wherever the index shows it, as in every report."""
    judicial = r.indicators.judicial
    return sorted(int(y) for y in judicial.loc[judicial["mx_us_literature"].astype(bool), "year"])


def cited_ids(r: CooperationIndex, years: Iterable[int] | None = None, extra: Iterable[str] = (),
              full: bool = False) -> list[str]:
    """Source ids an output cites: the values used in ``years`` (default: the scored years) plus
    ``extra``; the event sources only when ``full`` or when ``CITE_EVENTS_ONCE`` is off."""
    years = r.scored_years if years is None else list(years)
    names = INDICATOR_NAMES if (full or not CITE_EVENTS_ONCE) else [n for n in INDICATOR_NAMES if n not in EVENT_INDICATORS]
    return sorted(set(indicator_source_ids(r, years, names)) | set(extra))


# --------------------------------------------------------------------------- key figures


def key_figures(bundle: CooperationIndex | None = None) -> dict[str, dict[str, Any]]:
    """Key figures of the edition (``None``: the default edition, ``build()``): years (scored);
    median, p05, p25, p75, p95 of the levels (one normalisation) and reference (the deterministic
    index), lists aligned with years; rank_median, rank_p05, rank_p95 (ranks over every draw);
    prob_increase (year -> probability, consecutive scored years only), robust_changes,
    robust_rises, robust_falls; effective_importance (pillar -> the edition's weight, correlation
    ratio, share, share under equal weights); sobol_total and sobol_first (factor -> index, every
    choice and data factor) and sobol_groups (choice, data -> S1, ST); top_years and low_years (the
    rank plateaus); and scalars for the box."""
    r = bundle or build()
    s = r.summary
    ids = index_source_ids(r)
    period = periods.format_year_ranges(r.scored_years)
    weights_text = ", ".join(f"{p} {r.weights[p]:.3f}" for p in PILLARS)
    method = (f"{r.draws:,} draws, seed {r.seed}; reference: {NORMALISATION_LABELS[r.normalisation]}, {r.aggregation} "
              f"mean, {r.weighting} weights ({weights_text})")
    scale = f"levels on one scale ({NORMALISATION_LABELS[r.normalisation]}, the JRC rule's treatment)"

    def kf(value, unit, note):
        return key_figure(value, unit, period, ids, note)

    def floats(column: str) -> list[float]:
        return [float(v) for v in s[column]]

    years = [int(y) for y in s["year"]]
    prob = {int(y): float(p) for y, p in zip(s["year"], s["prob_increase"]) if not math.isnan(p)}
    rises, falls = robust_years(r)
    table = r.sobol.table
    sobol = {f: {"kind": k, "S1": float(a), "ST": float(b)} for f, k, a, b in zip(table["choice"], table["kind"],
                                                                                    table["S1"], table["ST"])}
    groups = {g: {"S1": float(a), "ST": float(b)} for g, a, b in zip(r.sobol.groups["group"], r.sobol.groups["S1"],
                                                                      r.sobol.groups["ST"])}
    equal = r.importance_equal.set_index("pillar")["share"]
    importance = {row.pillar: {"weight": float(row.weight), "correlation_ratio": float(row.correlation_ratio),
                               "share": float(row.share), "share_equal_weights": float(equal[row.pillar])}
                  for row in r.importance.itertuples(index=False)}
    top = top_factor(r)
    data_factors = ", ".join(f for f, v in sobol.items() if v["kind"] == "data")
    figures = {
        "years": kf(years, "year", "Years with a score in every draw: every pillar has a value under every option. " + method),
        "median": kf(floats("median"), "index points (1-100)", f"Median of the draws, by year; {scale}."),
        "p05": kf(floats("p05"), "index points (1-100)", f"5th percentile of the draws, by year; {scale}."),
        "p25": kf(floats("p25"), "index points (1-100)", f"25th percentile of the draws, by year; {scale}."),
        "p75": kf(floats("p75"), "index points (1-100)", f"75th percentile of the draws, by year; {scale}."),
        "p95": kf(floats("p95"), "index points (1-100)", f"95th percentile of the draws, by year; {scale}."),
        "reference": kf(floats("reference"), "index points (1-100)",
                        "Deterministic index with the edition's parameters, by year."),
        "rank_median": kf(floats("rank_median"), "rank (1 = highest)", "Median rank among the scored years, every "
                          "factor varied, by year."),
        "rank_p05": kf(floats("rank_p05"), "rank (1 = highest)", "5th percentile of the rank, by year."),
        "rank_p95": kf(floats("rank_p95"), "rank (1 = highest)", "95th percentile of the rank, by year."),
        "prob_increase": kf(prob, "probability", "Share of draws in which the index is higher than in the previous "
                            "calendar year, paired within each draw; only where both years are scored."),
        "robust_changes": kf(sorted(rises + falls), "year", f"Years whose change from the previous year is robust: "
                             f"P(rise) >= {ROBUST_PROBABILITY} or <= {1 - ROBUST_PROBABILITY:.1f}."),
        "robust_rises": kf(rises, "year", f"P(rise) >= {ROBUST_PROBABILITY}."),
        "robust_falls": kf(falls, "year", f"P(rise) <= {1 - ROBUST_PROBABILITY:.1f}."),
        "draws": kf(r.draws, "count", method),
        "effective_importance": kf(importance, "share of variance", "Per pillar: nominal weight, first-order correlation "
                                   "ratio with the index (squared Pearson correlation over the scored years, Paruolo et "
                                   "al. 2013), its share of the three, and that share under equal weights."),
        "sobol_total": kf({f: v["ST"] for f, v in sobol.items()}, "share of variance", f"Total Sobol index of each "
                          f"factor, the analyst's choices and the data ({data_factors}); output: mean absolute shift in "
                          f"year ranks against the reference index; N = {r.sobol.n}, {r.sobol.runs:,} runs; estimates "
                          f"clipped to [0, 1]."),
        "sobol_first": kf({f: v["S1"] for f, v in sobol.items()}, "share of variance", "First-order Sobol index of each "
                          "factor (same run as sobol_total)."),
        "sobol_groups": kf(groups, "share of variance", f"Sobol indices of the two groups of factors (choices, data); "
                           f"{r.sobol.group_runs:,} runs."),
        "n_scored_years": kf(len(years), "years", "Number of years with a score."),
        "top_years": kf(r.top_group, "year", f"Years no other year outranks in at least {ROBUST_PROBABILITY:.0%} of the "
                        f"draws (the top plateau)."),
        "low_years": kf(r.bottom_group, "year", f"Years that outrank no other year in at least {ROBUST_PROBABILITY:.0%} "
                        f"of the draws (the bottom plateau)."),
        "n_robust_changes": kf(len(rises) + len(falls), "years", "Number of robust changes between consecutive scored years."),
        "top_factor": kf(CHOICE_LABELS[top], "factor", f"Factor with the largest total Sobol index "
                         f"({sobol[top]['ST']:.2f}, {factor_kind(top)})."),
    }
    if r.coding is not None:
        category, direction = r.coding.kappas
        figures["kappa"] = key_figure(
            {"category": category.kappa, "category_low": category.low, "category_high": category.high,
             "direction": direction.kappa, "direction_low": direction.low, "direction_high": direction.high,
             "events": category.n, "disagreements": r.coding.disagreements}, "Cohen's kappa",
            periods.format_year_ranges(range(int(EVENTS_COVERAGE[0][:4]), int(EVENTS_COVERAGE[1][:4]) + 1)), [],
            "Agreement of two independent codings of the events list (data/manual/events_coding_1.csv and "
            "data/manual/events_coding_2.csv, codebook data/manual/events_codebook.md): Cohen's kappa on the category (excluded as a category "
            "of its own) and on the direction it implies, with asymptotic 95% intervals (statsmodels).")
    return mark_literature(figures)


# --------------------------------------------------------------------------- numbers the text, tables and charts show


def robust_years(r: CooperationIndex) -> tuple[list[int], list[int]]:
    """The scored years whose change from the previous year is a robust rise, and those where it is a robust fall."""
    s = r.summary
    return ([int(y) for y in s.loc[s["change"] == "robust rise", "year"]],
            [int(y) for y in s.loc[s["change"] == "robust fall", "year"]])


def change_count(r: CooperationIndex) -> int:
    """Changes between consecutive scored years (both years scored)."""
    return int(r.summary["prob_increase"].notna().sum())


def not_compared_years(r: CooperationIndex) -> list[int]:
    """Scored years (after the first) whose previous calendar year has no score: no change is computed."""
    s = r.summary
    return [int(y) for y in s["year"].iloc[1:][s["prob_increase"].iloc[1:].isna()]]


def top_factor(r: CooperationIndex) -> str:
    """The factor with the largest total Sobol index."""
    t = r.sobol.table
    return str(t.loc[t["ST"].idxmax(), "choice"])


def group_indices(r: CooperationIndex) -> dict[str, dict[str, float]]:
    """Sobol indices of the choices and the data groups (empty when one kind was not varied)."""
    g = r.sobol.groups
    return {row.group: {"S1": float(row.S1), "ST": float(row.ST)} for row in g.itertuples(index=False)}


def band_widths(r: CooperationIndex) -> dict[str, Any]:
    """The mean width of the 90% level bands (points) and the year with the widest band, with its band."""
    s = r.summary
    width = (s["p95"] - s["p05"])
    widest = s.loc[width.idxmax()]
    return {"mean": width.mean(), "year": int(widest["year"]), "p05": widest["p05"], "p95": widest["p95"]}


def rank_spread(r: CooperationIndex) -> dict[str, Any]:
    """The mean width of the 5-95% rank intervals (places) and the widest."""
    s = r.summary
    width = s["rank_p95"] - s["rank_p05"]
    return {"mean_width": float(width.mean()), "max_width": float(width.max())}


def ranks_outside(r: CooperationIndex) -> pd.DataFrame:
    """The summary rows of the years the deterministic index ranks outside the draws' 5-95% rank interval."""
    s = r.summary
    return s[(s["reference_rank"] < s["rank_p05"]) | (s["reference_rank"] > s["rank_p95"])]


def levels_outside(r: CooperationIndex) -> pd.DataFrame:
    """The summary rows of the years the deterministic index lies outside the 90% level band."""
    s = r.summary
    return s[(s["reference"] < s["p05"]) | (s["reference"] > s["p95"])]


def below_median_count(r: CooperationIndex) -> int:
    """Scored years in which the deterministic index is below the median of the level draws."""
    return int((r.summary["reference"] < r.summary["median"]).sum())


def pillar_overview(r: CooperationIndex) -> dict[str, dict[str, Any]]:
    """Per pillar of the deterministic index: ``n_years`` with data and their ``mean`` (NaN without
    data); with data, the years and scores of the ``highest`` and ``lowest`` values."""
    ref = r.reference.set_index("year")
    out = {}
    for pillar in PILLARS:
        series = ref[pillar].dropna()
        entry: dict[str, Any] = {"n_years": len(series), "mean": float(ref[pillar].mean())}
        if len(series):
            hi, lo = series.idxmax(), series.idxmin()
            entry.update(highest_year=int(hi), highest=series[hi], lowest_year=int(lo), lowest=series[lo])
        out[pillar] = entry
    return out


def lowest_contribution(r: CooperationIndex) -> tuple[str, float]:
    """The pillar with the smallest mean share of the deterministic index over the scored years, and that share."""
    share = r.contributions.pivot(index="year", columns="pillar", values="contribution")
    share = share.div(share.sum(axis=1), axis=0)
    lowest = share.mean().idxmin()
    return lowest, share[lowest].mean()


def missing_pillar_years(r: CooperationIndex) -> list[tuple[str, int]]:
    """(pillar, number of window years without it) for each pillar missing somewhere."""
    ref = r.reference.set_index("year")
    return [(p, int(ref[p].isna().sum())) for p in PILLARS if ref[p].isna().any()]


def indicator_gaps(r: CooperationIndex) -> dict[str, list[int]]:
    """Per indicator with gaps, the window years without a value."""
    v = r.indicators.values
    missing = {name: [int(y) for y in v.index[v[name].isna()]] for name in INDICATOR_NAMES}
    return {name: years for name, years in missing.items() if years}


def dropped_indicator_years(r: CooperationIndex) -> dict[str, list[int]]:
    """Per indicator dropped from the index, the window years with a full-year figure."""
    judicial = r.indicators.judicial
    return {"extraditions_us_mx": [int(y) for y in judicial.loc[judicial["us_mx"].notna(), "year"]]}


def nationals_only_years(r: CooperationIndex) -> list[int]:
    """Years whose only full-year Mexico -> U.S. extradition figure counts Mexican nationals only."""
    judicial = r.indicators.judicial
    return [int(y) for y in judicial.loc[judicial["mx_us_scope"] == "nationals_only", "year"]]


def rule_treatments(r: CooperationIndex) -> list[tuple[str, str]]:
    """(indicator, treatment) for each indicator the JRC rule treats in this window."""
    flagged = r.skew[r.skew["flagged"]]
    return list(zip(flagged["indicator"], flagged["rule_treatment"]))


def event_counts(r: CooperationIndex) -> dict[str, Any]:
    """The climate pillar's events in the scored years: fewest and most per year, the events left
    out as indicator values, and the events the timing rule may move."""
    c = r.indicators.climate.set_index("year").loc[r.scored_years]
    moving = boundary_events(r.indicators)
    return {"min": int(c["events"].min()), "max": int(c["events"].max()), "left_out": int(c["left_out"].sum()),
            "boundary": int((moving["year"].isin(r.scored_years) | moving["may_move_to"].isin(r.scored_years)).sum())}


def major_events(r: CooperationIndex) -> pd.DataFrame:
    """The window's major bilateral events (agreements and aid; disputes, suspensions and
    unilateral measures), by date."""
    events = r.tables["events"]
    keep = events["category"].isin(MAJOR_COOPERATIVE + MAJOR_CONFLICTUAL) & events["date"].dt.year.between(r.start_year, r.end_year)
    out = events.loc[keep, ["date", "title", "category", "score", "source_id"]].copy()
    return out.sort_values("date").reset_index(drop=True)


def administration_verdicts(r: CooperationIndex) -> pd.DataFrame:
    """``administration_pairs`` with each administration's scored years (``earlier_years``,
    ``later_years``), the ``verdict`` on "the earlier one's mean is higher" (``supports`` when
    P >= ROBUST_PROBABILITY, ``contradicts`` when P <= 1 - ROBUST_PROBABILITY, else ``undecided``)
    and ``share``: the share of draws in which the side the verdict names (the later one when it
    contradicts) has the higher mean."""
    pairs = r.administration_pairs
    admin = r.by_administration
    years_of = dict(zip(admin["administration"], admin["years"])) if len(admin) else {}
    p = pairs["prob_earlier_higher"].to_numpy(float)
    contradicts = p <= 1 - ROBUST_PROBABILITY
    return pairs.assign(earlier_years=[years_of[a] for a in pairs["earlier"]],
                        later_years=[years_of[b] for b in pairs["later"]],
                        verdict=np.where(p >= ROBUST_PROBABILITY, "supports", np.where(contradicts, "contradicts", "undecided")),
                        share=[1 - x if c else x for x, c in zip(p, contradicts)])


def uncompared_administrations(r: CooperationIndex) -> pd.DataFrame:
    """The administrations with scored years that are not compared (fewer than half their years scored)."""
    a = r.by_administration
    return a[~a["compared"].astype(bool)] if len(a) else a


def reference_rank(r: CooperationIndex, year: int, **choices: Any) -> float:
    """Rank (1 = highest) of ``year`` among the scored years in the deterministic index with the
    edition's weights and choices, some of them replaced by ``choices`` (Options fields)."""
    fields = {"normalisation": r.normalisation, "aggregation": r.aggregation} | choices
    index = compute_index(r.indicators, r.weights, Options(**fields)).set_index("year")["index"]
    index = index.loc[r.scored_years]
    return float(ranks_of(index.to_numpy(float))[r.scored_years.index(int(year))])


def resources_disagreement(r: CooperationIndex) -> dict[str, Any] | None:
    """The scored year with the least security assistance, when its climate pillar is above the
    scored years' median (where the index may disagree with the literature); None otherwise.
    ``assistance_usd`` (constant dollars, the trailing mean), ``window`` (its fiscal years),
    ``climate``, ``milestones`` (titles of the year's major cooperative events), ``index_low``
    (the year is in the lower half by the deterministic or the median rank), its ranks
    (``reference_rank``, ``rank_p05``, ``rank_p95`` of ``n``), and its deterministic rank with the
    year's own obligations (``annual_rank``) and with the other aggregation (``other_aggregation``,
    ``other_rank``)."""
    ref = r.reference.set_index("year")
    res = r.indicators.resources.set_index("year")
    scored = res["security_assistance"].reindex(r.scored_years).dropna()
    if not len(scored):
        return None
    low_year = int(scored.idxmin())
    climate_scored = ref.loc[r.scored_years, "climate"]
    if not climate_scored[low_year] > climate_scored.median():
        return None
    row = r.summary.set_index("year").loc[low_year]
    events = major_events(r)
    titles = events.loc[(events["date"].dt.year == low_year) & events["category"].isin(MAJOR_COOPERATIVE), "title"]
    n = len(r.summary)
    other = "arithmetic" if r.aggregation == "geometric" else "geometric"
    window = res.loc[low_year, ["window_start", "window_end"]]
    return {"year": low_year, "assistance_usd": scored[low_year] * 1e6, "climate": climate_scored[low_year],
            "window": periods.format_year_ranges(range(int(window.iloc[0]), int(window.iloc[1]) + 1), prefix="FY"),
            "milestones": list(titles), "index_low": row["reference_rank"] > n / 2 or row["rank_median"] > n / 2,
            "reference_rank": row["reference_rank"], "rank_p05": row["rank_p05"], "rank_p95": row["rank_p95"], "n": n,
            "annual_rank": reference_rank(r, low_year, window=1), "other_aggregation": other,
            "other_rank": reference_rank(r, low_year, aggregation=other)}


def climate_low_unscored(r: CooperationIndex) -> tuple[int, float] | None:
    """The year the political-climate pillar is lowest, with its score, when that year has no index score."""
    climate_all = r.reference.set_index("year")["climate"].dropna()
    if not len(climate_all):
        return None
    worst = int(climate_all.idxmin())
    return None if worst in r.scored_years else (worst, climate_all[worst])


def silent_years(r: CooperationIndex) -> list[int]:
    """Unscored years inside the administrations table (the years the index says nothing about)."""
    return [y for y in r.unscored_years if periods.administration_for_year(y, r.tables["administrations"]) is not None]


def salib_version() -> str:
    """The installed SALib version, for the methodology."""
    from importlib.metadata import version

    return version("SALib")
