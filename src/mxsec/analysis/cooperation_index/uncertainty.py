"""The uncertainty of the cooperation index: pillar scores for every option of every factor (the
``Cube``), the vectorised Monte Carlo over the analyst's choices and the data factors
(``scenarios``), its summary per year (levels within one normalisation, ranks and paired changes
across all draws) and the Sobol sensitivity analysis of the rank shifts, factor by factor and for
choices against data. Follows the ``compute`` rules: no drawing, no text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .indicators import (AGGREGATIONS, CLIMATE_MEASURES, DEFAULT_WINDOW, INDICATOR_BY_NAME, NORMALISATIONS, PILLARS,
                         SMOOTHING_WINDOWS, TREATMENTS, Indicators, aggregate, check_weights, index_indicators,
                         treated_normalised)
from .scenarios import (DATA_FACTORS, EVENT_REPLICATES, TIMING_SCENARIOS, climate_scenarios, resources_scenarios,
                        source_scenarios)

DEFAULT_DRAWS, DEFAULT_SEED = 10_000, 20_080_630
WEIGHT_SPREAD = 0.5  # each pillar weight is drawn uniformly within +-50% of its value, then renormalised
ROBUST_PROBABILITY = 0.9  # a change between consecutive years is robust when P(rise) >= 0.9 or <= 0.1
SOBOL_N = 1024  # Saltelli/Sobol base sample (power of two); N * (D + 2) model runs
SOBOL_NOISE = 0.05  # Sobol estimates below 0 by less than this are numerical noise and clipped to 0
CHOICE_LABELS = {
    "weight_judicial": "Weight: judicial", "weight_resources": "Weight: resources", "weight_climate": "Weight: climate",
    "normalisation": "Normalisation", "aggregation": "Aggregation across pillars", "treatment": "Treatment of skew",
    "climate_measure": "Climate measure", "source": "Extradition source", "smoothing": "Smoothing window (resources)",
    "event_sample": "Event sample (bootstrap)", "event_timing": "Event timing (year boundary)",
}
FACTOR_KIND = {"choice": "choice of the analyst", "data": "data"}

CONTINUOUS_FACTORS = tuple(f"weight_{p}" for p in PILLARS)
CHOICE_DISCRETE = ("normalisation", "aggregation", "treatment", "climate_measure")
CHOICE_FACTORS = CONTINUOUS_FACTORS + CHOICE_DISCRETE
DISCRETE_FACTORS = CHOICE_DISCRETE + DATA_FACTORS
FACTORS = CHOICE_FACTORS + DATA_FACTORS


def factor_kind(factor: str) -> str:
    """``choice`` or ``data``."""
    return "data" if factor in DATA_FACTORS else "choice"


@dataclass
class Cube:
    """Pillar scores for every option of the discrete factors, one array per pillar:
    ``judicial[t, n, s]``, ``resources[t, n, w]``, ``climate[t, n, m, k, b]`` (each over years;
    t treatment, n normalisation, s source scenario, w smoothing window, m climate measure, k
    timing scenario, b bootstrap replicate). ``options`` names each factor's options,
    ``drawn`` the option indices the Monte Carlo draws from, ``held`` the index used when the
    factor is held fixed (the edition's choice or the preferred data)."""

    years: np.ndarray
    options: dict[str, tuple[str, ...]]
    drawn: dict[str, np.ndarray]
    held: dict[str, int]
    judicial: np.ndarray
    resources: np.ndarray
    climate: np.ndarray
    source_picks: list[dict[int, tuple[float, str]]]


def _pillar_block(rows: np.ndarray, indicator: str) -> np.ndarray:
    """Treated and normalised rows for every treatment and normalisation: (T, N, rows, years)."""
    info = INDICATOR_BY_NAME[indicator]
    return np.array([[treated_normalised(rows, info, t, n) for n in NORMALISATIONS] for t in TREATMENTS])


def pillar_cube(ind: Indicators, seed: int = DEFAULT_SEED, data: bool = True, normalisation: str = "minmax",
                aggregation: str = "geometric") -> Cube:
    """Compute the pillar scores once per option (a few vectorised passes over arrays of years);
    the Monte Carlo then only indexes into these arrays. ``data=False`` builds the preferred data
    only (the choices-only analysis); ``normalisation`` and ``aggregation`` are the edition's
    choices, used where those factors are held fixed."""
    judicial_name, resources_name, _ = index_indicators()
    sources, picks = source_scenarios(ind, seed)
    windows = resources_scenarios(ind)
    climate = climate_scenarios(ind, seed) if data else climate_scenarios(ind, seed, timing=0, replicates=0)
    if not data:
        sources, picks = sources[:1], picks[:1]
        windows = windows[[SMOOTHING_WINDOWS.index(DEFAULT_WINDOW)]]
    judicial = _pillar_block(sources, judicial_name)
    resources = _pillar_block(windows, resources_name)
    m, k, b, y = climate.shape
    blocks = [_pillar_block(climate[i].reshape(k * b, y), name) for i, name in enumerate(CLIMATE_MEASURES)]
    climate_scores = np.stack(blocks, axis=2).reshape(len(TREATMENTS), len(NORMALISATIONS), m, k, b, y)
    window_options = SMOOTHING_WINDOWS if data else (DEFAULT_WINDOW,)
    options = {
        "normalisation": NORMALISATIONS, "aggregation": AGGREGATIONS, "treatment": TREATMENTS,
        "climate_measure": CLIMATE_MEASURES,
        "source": tuple("preferred" if i == 0 else f"scenario {i}" for i in range(len(sources))),
        "smoothing": tuple(f"{w} year{'s' if w > 1 else ''}" for w in window_options),
        "event_timing": tuple("recorded" if i == 0 else f"scenario {i}" for i in range(k)),
        "event_sample": tuple("recorded" if i == 0 else f"replicate {i}" for i in range(b)),
    }
    drawn = {factor: np.arange(len(opts)) for factor, opts in options.items()}
    for factor in ("event_timing", "event_sample"):  # the random scenarios only; the recorded list is one of them in law
        drawn[factor] = np.arange(1, len(options[factor])) if len(options[factor]) > 1 else np.array([0])
    held = {"normalisation": NORMALISATIONS.index(normalisation), "aggregation": AGGREGATIONS.index(aggregation),
            "treatment": TREATMENTS.index("rule"), "climate_measure": 0, "source": 0,
            "smoothing": window_options.index(DEFAULT_WINDOW), "event_timing": 0, "event_sample": 0}
    return Cube(ind.years, options, drawn, held, judicial, resources, climate_scores, picks)


def _picks_for(cube: Cube, factors: Iterable[str]) -> set[str]:
    factors = set(factors)
    unknown = factors - set(FACTORS)
    if unknown:
        raise ValueError(f"factors: unknown factor(s) {', '.join(sorted(unknown))}; allowed {', '.join(FACTORS)}")
    return factors


LEVEL_SCALE = ("normalisation", "treatment")
"""The factors that change the scale of the levels (a z-score or a rank is not a min-max score; a
logged indicator is on a log scale): the level ensemble holds them at the edition's choice."""


def evaluate(cube: Cube, weights: np.ndarray, picks: Mapping[str, np.ndarray], hold: Iterable[str] = ()) -> np.ndarray:
    """Index values for many draws at once: ``weights`` (n_draws, n_pillars), ``picks`` per
    discrete factor an integer array (n_draws,) of option indices; a factor without picks, or in
    ``hold``, is held (``Cube.held``). Returns (n_draws, n_years)."""
    draws = len(weights)
    hold = set(hold)

    def pick(factor: str) -> np.ndarray:
        if factor in picks and factor not in hold:
            return np.asarray(picks[factor])
        return np.full(draws, cube.held[factor])

    t = pick("treatment")
    n = pick("normalisation")
    pillars = np.stack([cube.judicial[t, n, pick("source")], cube.resources[t, n, pick("smoothing")],
                        cube.climate[t, n, pick("climate_measure"), pick("event_timing"), pick("event_sample")]], axis=1)
    geometric = aggregate(pillars, weights, "geometric")
    arithmetic = aggregate(pillars, weights, "arithmetic")
    return np.where((pick("aggregation") == AGGREGATIONS.index("geometric"))[:, None], geometric, arithmetic)


def scored_mask(cube: Cube, weights: Mapping[str, float]) -> np.ndarray:
    """Years with a score in every draw: each positively weighted pillar has a value under every
    option of every factor (a smoothed value that lacks a year of its window, or a year without
    events, takes the year out of the ensemble rather than out of some draws)."""
    w = check_weights(weights)
    arrays = {"judicial": cube.judicial, "resources": cube.resources, "climate": cube.climate}
    mask = np.ones(len(cube.years), dtype=bool)
    for p in PILLARS:
        if w[p] > 0:
            a = arrays[p]
            mask &= np.isfinite(a).reshape(-1, a.shape[-1]).all(axis=0)
    return mask


@dataclass
class MonteCarlo:
    """Draws of the index for ``years``: ``values`` (n_draws, n_years) with every factor varied
    (ranks, paired changes); ``levels`` the same draws with the ``LEVEL_SCALE`` factors held at the
    edition's (levels are only comparable on one scale); the draws' weights and picks; the factors
    varied."""

    years: np.ndarray
    values: np.ndarray
    levels: np.ndarray
    weights: np.ndarray
    picks: dict[str, np.ndarray]
    seed: int
    factors: tuple[str, ...] = FACTORS

    @property
    def draws(self) -> int:
        return int(self.values.shape[0])


def monte_carlo(cube: Cube, weights: Mapping[str, float] | None = None, draws: int = DEFAULT_DRAWS,
                seed: int = DEFAULT_SEED, factors: Iterable[str] = FACTORS) -> MonteCarlo:
    """``draws`` random combinations (numpy Generator seeded with ``seed``) of the ``factors``: each
    varied pillar weight uniform within +-WEIGHT_SPREAD of ``weights``, then all renormalised;
    every varied discrete factor uniform over its drawn options; the others held (``Cube.held``).
    Vectorised over draws and years; only years of ``scored_mask`` are kept."""
    w = check_weights(weights)
    varied = _picks_for(cube, factors)
    rng = np.random.default_rng(seed)
    multipliers = rng.uniform(1 - WEIGHT_SPREAD, 1 + WEIGHT_SPREAD, size=(draws, len(PILLARS)))
    for j, factor in enumerate(CONTINUOUS_FACTORS):
        if factor not in varied:
            multipliers[:, j] = 1.0
    drawn = multipliers * np.array([w[p] for p in PILLARS])
    drawn = drawn / drawn.sum(axis=1, keepdims=True)
    picks = {}
    for factor in DISCRETE_FACTORS:
        options = cube.drawn[factor]
        position = rng.integers(0, len(options), size=draws)
        if factor in varied:
            picks[factor] = options[position]
    mask = scored_mask(cube, w)
    values = evaluate(cube, drawn, picks)[:, mask]
    levels = evaluate(cube, drawn, picks, hold=LEVEL_SCALE)[:, mask]
    return MonteCarlo(cube.years[mask], values, levels, drawn, picks, seed, tuple(f for f in FACTORS if f in varied))


def ranks_of(values: np.ndarray) -> np.ndarray:
    """Rank of each year within each row (1 = highest index; ties share the average rank)."""
    return rankdata(-values, axis=-1)


def summarise(mc: MonteCarlo, reference: pd.DataFrame) -> pd.DataFrame:
    """Per scored year: reference (the deterministic index); median, p05, p25, p75, p95 of the
    levels (one normalisation); ``compared_with`` (the previous calendar year when it is scored,
    else NA) and ``prob_increase`` (share of draws in which the index is higher than in that year,
    within each draw; NaN without one); ``change`` (robust rise / robust fall / not robust / "");
    the year's rank among the scored years (median, p05, p95 over all draws) and the rank of the
    deterministic index (``reference_rank``)."""
    q = np.percentile(mc.levels, [5, 25, 50, 75, 95], axis=0)
    ranks = ranks_of(mc.values)
    rq = np.percentile(ranks, [5, 50, 95], axis=0)
    ref = dict(zip(reference["year"], reference["index"]))
    years = [int(y) for y in mc.years]
    out = pd.DataFrame({"year": years, "reference": [ref.get(y, np.nan) for y in years],
                        "median": q[2], "p05": q[0], "p25": q[1], "p75": q[3], "p95": q[4]})
    prob = np.full(len(years), np.nan)
    compared: list[Any] = [pd.NA] * len(years)
    for i in range(1, len(years)):
        if years[i] - years[i - 1] == 1:
            prob[i] = float((mc.values[:, i] > mc.values[:, i - 1]).mean())
            compared[i] = years[i - 1]
    out["prob_increase"] = prob
    out["compared_with"] = pd.array(compared, dtype="Int64")
    out["change"] = np.where(np.isnan(prob), "", np.where(prob >= ROBUST_PROBABILITY, "robust rise",
                                                          np.where(prob <= 1 - ROBUST_PROBABILITY, "robust fall", "not robust")))
    out["rank_median"], out["rank_p05"], out["rank_p95"] = rq[1], rq[0], rq[2]
    out["reference_rank"] = ranks_of(out["reference"].to_numpy(float))
    return out


@dataclass
class Sobol:
    """First-order (S1) and total (ST) Sobol indices per factor (``table``, with ``kind``) and for
    the two groups, the analyst's choices and the data (``groups``; empty when only one kind is
    varied), with the sample sizes behind them."""

    table: pd.DataFrame
    n: int
    runs: int
    output: np.ndarray
    groups: pd.DataFrame
    group_runs: int = 0


def _problem(factors: tuple[str, ...], groups: bool = False) -> dict[str, Any]:
    bounds = [[1 - WEIGHT_SPREAD, 1 + WEIGHT_SPREAD] if f in CONTINUOUS_FACTORS else [0.0, 1.0] for f in factors]
    problem = {"num_vars": len(factors), "names": list(factors), "bounds": bounds}
    if groups:
        problem["groups"] = [factor_kind(f) for f in factors]
    return problem


def _option_label(option: str) -> str:
    """An option as the report names it (indicator codes become labels)."""
    return INDICATOR_BY_NAME[option].label if option in INDICATOR_BY_NAME else option


def map_sample(sample: np.ndarray, cube: Cube, weights: Mapping[str, float],
               factors: tuple[str, ...] = FACTORS) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Turn a Saltelli sample (rows x ``factors``) into pillar weights and option indices: weight
    multipliers times ``weights`` (1 for a weight not in ``factors``), renormalised; a continuous
    u in [0, 1) picks option floor(u * k) of the k drawn options of a discrete factor."""
    w = check_weights(weights)
    multipliers = np.ones((len(sample), len(PILLARS)))
    picks = {}
    for j, factor in enumerate(factors):
        if factor in CONTINUOUS_FACTORS:
            multipliers[:, CONTINUOUS_FACTORS.index(factor)] = sample[:, j]
        else:
            options = cube.drawn[factor]
            position = np.minimum((sample[:, j] * len(options)).astype(int), len(options) - 1)
            picks[factor] = options[position]
    drawn = multipliers * np.array([w[p] for p in PILLARS])
    return drawn / drawn.sum(axis=1, keepdims=True), picks


def rank_shift(values: np.ndarray, reference_ranks: np.ndarray) -> np.ndarray:
    """Mean absolute shift of the years' ranks against the reference ranking, per row."""
    return np.abs(ranks_of(values) - reference_ranks).mean(axis=1)


def _indices(problem: dict[str, Any], output: np.ndarray, seed: int) -> tuple[np.ndarray, ...]:
    from SALib.analyze import sobol as sobol_analyze

    k = len(set(problem.get("groups") or problem["names"]))
    if np.var(output) > 0:
        si = sobol_analyze.analyze(problem, output, calc_second_order=False, print_to_console=False, seed=seed)
        return tuple(np.asarray(si[key], float) for key in ("S1", "S1_conf", "ST", "ST_conf"))
    return tuple(np.zeros(k) for _ in range(4))  # nothing moves any rank: every index is 0


def sobol_analysis(cube: Cube, weights: Mapping[str, float] | None, reference: pd.DataFrame, n: int = SOBOL_N,
                   seed: int = DEFAULT_SEED, factors: Iterable[str] = FACTORS) -> Sobol:
    """First-order and total Sobol indices (SALib: Sobol-sequence Saltelli sampling, Jansen
    estimators, ``calc_second_order=False``) of each factor in ``factors`` (the others held), the
    output being the mean absolute shift in the scored years' ranks against the ``reference``
    index (as in JRC audits). When both choices and data factors are varied, a second sample
    gives the indices of the two groups. ``n`` must be a power of two. Estimates below 0 by less
    than SOBOL_NOISE are numerical noise and clipped to 0 (``S1_raw`` and ``ST_raw`` keep the
    estimates); all are clipped to 1 at the top."""
    from SALib.sample import sobol as sobol_sample

    if n < 2 or n & (n - 1):
        raise ValueError(f"Sobol base sample {n}: must be a power of two")
    factors = tuple(f for f in FACTORS if f in _picks_for(cube, factors))
    w = check_weights(weights)
    mask = scored_mask(cube, w)
    ref = dict(zip(reference["year"], reference["index"]))
    reference_ranks = ranks_of(np.array([ref[int(y)] for y in cube.years[mask]]))

    def run(problem: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        sample = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
        drawn, picks = map_sample(sample, cube, w, factors)
        return sample, rank_shift(evaluate(cube, drawn, picks)[:, mask], reference_ranks)

    problem = _problem(factors)
    sample, output = run(problem)
    s1, s1c, st, stc = _indices(problem, output, seed)
    table = pd.DataFrame({"choice": list(factors), "label": [CHOICE_LABELS[f] for f in factors],
                          "kind": [factor_kind(f) for f in factors],
                          "S1_raw": s1, "ST_raw": st, "S1": np.clip(s1, 0, 1), "ST": np.clip(st, 0, 1),
                          "S1_conf": s1c, "ST_conf": stc})
    table["options"] = [option_text(cube, f, w) for f in factors]
    groups = pd.DataFrame(columns=["group", "S1", "ST", "S1_conf", "ST_conf"])
    group_runs = 0
    if len({factor_kind(f) for f in factors}) == 2:
        grouped = _problem(factors, groups=True)
        group_sample, group_output = run(grouped)
        g1, g1c, gt, gtc = _indices(grouped, group_output, seed)
        names = list(dict.fromkeys(grouped["groups"]))
        groups = pd.DataFrame({"group": names, "S1": np.clip(g1, 0, 1), "ST": np.clip(gt, 0, 1), "S1_conf": g1c,
                               "ST_conf": gtc, "S1_raw": g1, "ST_raw": gt})
        group_runs = len(group_sample)
    return Sobol(table, n, len(sample), output, groups, group_runs)


def option_text(cube: Cube, factor: str, weights: Mapping[str, float]) -> str:
    """The options a factor's draws range over, as the report names them."""
    if factor in CONTINUOUS_FACTORS:
        return f"±{WEIGHT_SPREAD:.0%} of {weights[factor.removeprefix('weight_')]:.2f}"
    if factor == "source":
        years = sorted({y for picks in cube.source_picks for y in picks})
        if not years:
            return "preferred only (no year with a differing figure)"
        values = {y: sorted({int(p[y][0]) for p in cube.source_picks if y in p}) for y in years}
        return "; ".join(f"{y}: " + " or ".join(str(v) for v in values[y]) for y in years)
    if factor == "event_timing":
        return f"{len(cube.drawn[factor])} scenarios" if len(cube.options[factor]) > 1 else "recorded dates"
    if factor == "event_sample":
        return f"{len(cube.drawn[factor])} bootstrap replicates" if len(cube.options[factor]) > 1 else "recorded list"
    return ", ".join(_option_label(cube.options[factor][i]) for i in cube.drawn[factor])

