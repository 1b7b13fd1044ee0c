"""The cooperation index's computation: the report's bundle, ``build`` and ``key_figures``, the
deterministic index, the diagnostics (correlations, contributions, coverage, administrations,
homicides), the source ids each output cites and every number the text, tables and charts show.
The indicators and their treatment are in ``indicators``, the Monte Carlo and Sobol analysis in
``uncertainty``; their public names are re-exported here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from mxsec.analysis.extraditions import compute as ext_analysis
from mxsec.data.sources import mark_literature
from mxsec.analysis import periods
from mxsec.analysis.common import frame_ids, key_figure, split_ids

# the public names of the index's computation files, used here and re-exported
from .indicators import (AGGREGATIONS, BASE_YEAR, DEFAULT_END_YEAR, DEFAULT_START_YEAR, DEFAULT_WEIGHTS,
                         EVENTS_COVERAGE, INDICATOR_BY_NAME, INDICATOR_NAMES, INDICATORS, KURTOSIS_LIMIT,
                         NORMALISATIONS, PILLARS, SCALE_MAX, SCALE_MIN, SKEW_LIMIT, WINSORISE_MIN_N, ZSCORE_SPAN,
                         Indicator, Indicators, Options, aggregate, build_indicators, check_weights, climate_frame,
                         covered_event_years, judicial_frame, leave_out_options, normalise, normalised_indicators,
                         pillar_of, pillar_scores, resources_frame, skewness_table, treat, treat_bounds, winsorise)
from .uncertainty import (CHOICE_LABELS, CONTINUOUS_FACTORS, DEFAULT_DRAWS, DEFAULT_SEED, DISCRETE_FACTORS, FACTORS,
                          ROBUST_PROBABILITY, SOBOL_N, SOBOL_NOISE, SOURCES, TREATMENTS, WEIGHT_SPREAD, Cube,
                          MonteCarlo, Sobol, evaluate, map_sample, monte_carlo, pillar_cube, rank_shift, ranks_of,
                          scored_mask, sobol_analysis, summarise)

# --------------------------------------------------------------------------- constants

PILLAR_LABELS = {"judicial": "Judicial", "resources": "Resources and operations", "climate": "Political climate"}
ADMINISTRATIONS_SOURCE = "mx_cpeum_art_83"
MAJOR_COOPERATIVE = ("agreement", "aid")
MAJOR_CONFLICTUAL = ("dispute", "suspension", "unilateral_action")
NORMALISATION_LABELS = {"minmax": "min-max over fixed bounds", "zscore": "z-score", "distance": "distance to the first year",
                        "rank": "rank"}


def load_tables() -> dict[str, pd.DataFrame]:
    """The curated tables this report reads."""
    from mxsec.data import load

    names = ("extraditions", "us_assistance", "us_cpi_u", "events", "administrations", "homicides_national", "sources")
    return {name: load(name) for name in names}


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
    items = [(name, INDICATOR_BY_NAME[name].label, pillar_of(name), normalised[name]) for name in normalised.columns]
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
            "source_ids": frame_ids(frame)}


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


def build(weights: Mapping[str, float] | None = None, normalisation: str = "minmax", aggregation: str = "geometric",
          draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, start_year: int = DEFAULT_START_YEAR,
          end_year: int = DEFAULT_END_YEAR, *, tables: Mapping[str, pd.DataFrame] | None = None,
          sobol_n: int = SOBOL_N) -> CooperationIndex:
    """Compute the whole report for one set of parameters (the notebook's parameters, with its
    defaults). Loads the data with ``load_tables`` unless ``tables`` is given; ``sobol_n`` is the
    Sobol base sample (tests use a smaller one)."""
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


def indicator_source_ids(r: CooperationIndex, years: Iterable[int] | None = None,
                         indicators: Iterable[str] = INDICATOR_NAMES) -> list[str]:
    """Source ids of the indicator values used in ``years`` (default: all years of the window),
    including the alternative extradition rows the Monte Carlo draws from."""
    sources = r.indicators.sources
    if years is not None:
        sources = sources.loc[sources.index.isin(list(years))]
    ids = set(split_ids(v for name in indicators for v in sources[name]))
    if "extraditions_mx_us" in indicators:
        alt = r.indicators.judicial
        if years is not None:
            alt = alt[alt["year"].isin(list(years))]
        ids |= set(split_ids(alt["mx_us_alt_source"].dropna()))
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


def pillar_gaps(r: "CooperationIndex", pillar: str) -> list[int]:
    """Years of the window in which ``pillar`` has neither a score nor a normalised indicator value
    (its panel of the pillars chart shows nothing there)."""
    members = [c for c in r.normalised.columns if pillar_of(c) == pillar]
    ref = r.reference.set_index("year")[pillar]
    present = set(ref.index[ref.notna()]) | {y for c in members for y in r.normalised.index[r.normalised[c].notna()]}
    return [y for y in range(r.start_year, r.end_year + 1) if y not in {int(v) for v in present}]


def cited_ids(r: CooperationIndex, years: Iterable[int] | None = None, extra: Iterable[str] = (),
              full: bool = False) -> list[str]:
    """Source ids an output cites: the values used in ``years`` (default: the scored years) plus
    ``extra``; the event sources only when ``full`` or when ``CITE_EVENTS_ONCE`` is off."""
    years = r.scored_years if years is None else list(years)
    names = INDICATOR_NAMES if (full or not CITE_EVENTS_ONCE) else [n for n in INDICATOR_NAMES if n not in EVENT_INDICATORS]
    return sorted(set(indicator_source_ids(r, years, names)) | set(extra))


# --------------------------------------------------------------------------- key figures


def key_figures(bundle: CooperationIndex | None = None) -> dict[str, dict[str, Any]]:
    """Key figures of the edition (``None``: the default edition, ``build()``): years (scored),
    median, p05, p25, p75, p95 (lists aligned with years), reference (the deterministic index),
    prob_increase (year -> probability), robust_changes (years), robust_rises, robust_falls,
    draws, sobol_total and sobol_first (choice -> index), plus scalars for the box."""
    r = bundle or build()
    s = r.summary
    ids = index_source_ids(r)
    period = periods.format_year_ranges(r.scored_years)
    method = (f"{r.draws:,} draws, seed {r.seed}; reference: {NORMALISATION_LABELS[r.normalisation]}, {r.aggregation} "
              f"mean, weights {', '.join(f'{p} {r.weights[p]:g}' for p in PILLARS)}")

    def kf(value, unit, note):
        return key_figure(value, unit, period, ids, note)

    years = [int(y) for y in s["year"]]
    prob = {int(y): float(p) for y, p in zip(s["year"], s["prob_increase"]) if not math.isnan(p)}
    rises, falls = robust_years(r)
    st = dict(zip(r.sobol.table["choice"], r.sobol.table["ST"].astype(float)))
    s1 = dict(zip(r.sobol.table["choice"], r.sobol.table["S1"].astype(float)))
    top, low = median_extremes(r)
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
    return mark_literature(figures)


# --------------------------------------------------------------------------- numbers the text, tables and charts show


def robust_years(r: CooperationIndex) -> tuple[list[int], list[int]]:
    """The scored years whose change from the previous scored year is a robust rise, and those
    where it is a robust fall."""
    s = r.summary
    return ([int(y) for y in s.loc[s["change"] == "robust rise", "year"]],
            [int(y) for y in s.loc[s["change"] == "robust fall", "year"]])


def change_count(r: CooperationIndex) -> int:
    """Year-to-year changes: scored years with an earlier scored year to compare with."""
    return int(r.summary["prob_increase"].notna().sum())


def median_extremes(r: CooperationIndex) -> tuple[pd.Series, pd.Series]:
    """The summary rows of the scored years with the highest and the lowest median."""
    s = r.summary
    return s.loc[s["median"].idxmax()], s.loc[s["median"].idxmin()]


def band_widths(r: CooperationIndex) -> dict[str, Any]:
    """The mean width of the 90% bands (points) and the year with the widest band, with its band."""
    s = r.summary
    width = (s["p95"] - s["p05"])
    widest = s.loc[width.idxmax()]
    return {"mean": width.mean(), "year": int(widest["year"]), "p05": widest["p05"], "p95": widest["p95"]}


def rank_spread(r: CooperationIndex) -> dict[str, Any]:
    """The year ranking first by median rank (ties: the earlier year) and the mean width of the
    5-95% rank intervals (places)."""
    s = r.summary.sort_values(["rank_median", "year"]).reset_index(drop=True)
    return {"first": int(s["year"].iloc[0]), "mean_width": (s["rank_p95"] - s["rank_p05"]).mean()}


def ranks_outside(r: CooperationIndex) -> pd.DataFrame:
    """The summary rows of the years the deterministic index ranks outside the draws' 5-95% rank interval."""
    s = r.summary
    return s[(s["reference_rank"] < s["rank_p05"]) | (s["reference_rank"] > s["rank_p95"])]


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


def nationals_only_years(r: CooperationIndex) -> list[int]:
    """Years whose only full-year Mexico -> U.S. extradition figure counts Mexican nationals only."""
    judicial = r.indicators.judicial
    return [int(y) for y in judicial.loc[judicial["mx_us_scope"] == "nationals_only", "year"]]


def rule_treatments(r: CooperationIndex) -> list[tuple[str, str]]:
    """(indicator, treatment) for each indicator the JRC rule treats in this window."""
    flagged = r.skew[r.skew["flagged"]]
    return list(zip(flagged["indicator"], flagged["rule_treatment"]))


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


def reference_rank(r: CooperationIndex, year: int, **choices: str) -> float:
    """Rank (1 = highest) of ``year`` among the scored years in the deterministic index with the
    edition's weights and choices, some of them replaced by ``choices`` (Options fields)."""
    fields = {"normalisation": r.normalisation, "aggregation": r.aggregation} | choices
    index = compute_index(r.indicators, r.weights, Options(**fields)).set_index("year")["index"]
    index = index.loc[r.scored_years]
    return float(ranks_of(index.to_numpy(float))[r.scored_years.index(int(year))])


def resources_disagreement(r: CooperationIndex) -> dict[str, Any] | None:
    """The scored year with the least security assistance, when its climate pillar is above the
    scored years' median (where the index may disagree with the literature); None otherwise.
    ``assistance_usd`` (constant dollars, the centred three-year mean), ``window`` (its fiscal
    years), ``climate``, ``milestones`` (titles of the year's major
    cooperative events), ``index_low`` (the year is in the lower half by the deterministic or the
    median rank), its ranks (``reference_rank``, ``rank_p05``, ``rank_p95`` of ``n``), and its
    deterministic rank with a log treatment (``log_rank``) and with the other aggregation
    (``other_aggregation``, ``other_rank``)."""
    ref = r.reference.set_index("year")
    res = r.indicators.resources.set_index("year")["security_assistance"]
    scored = res.reindex(r.scored_years).dropna()
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
    window = r.indicators.resources.set_index("year").loc[low_year, ["window_start", "window_end"]]
    return {"year": low_year, "assistance_usd": scored[low_year] * 1e6, "climate": climate_scored[low_year],
            "window": periods.format_year_ranges(range(int(window.iloc[0]), int(window.iloc[1]) + 1), prefix="FY"),
            "milestones": list(titles), "index_low": row["reference_rank"] > n / 2 or row["rank_median"] > n / 2,
            "reference_rank": row["reference_rank"], "rank_p05": row["rank_p05"], "rank_p95": row["rank_p95"], "n": n,
            "log_rank": reference_rank(r, low_year, treatment="log"), "other_aggregation": other,
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
