"""The uncertainty of the cooperation index: pillar scores for every combination of the analyst's
discrete choices (the ``Cube``), the vectorised Monte Carlo over all choices, its summary per year,
rank shifts and the Sobol sensitivity analysis. Follows the ``compute`` rules: no drawing, no text."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .indicators import (AGGREGATIONS, INDICATOR_BY_NAME, NORMALISATIONS, PILLARS, Indicators, Options, aggregate,
                         check_weights, leave_out_options, normalised_indicators, pillar_scores, skewness_table)

DEFAULT_DRAWS, DEFAULT_SEED = 10_000, 20_080_630
WEIGHT_SPREAD = 0.25  # each pillar weight is drawn uniformly within +-25% of its value, then renormalised
ROBUST_PROBABILITY = 0.9  # a year-to-year change is robust when P(rise) >= 0.9 (rise) or <= 0.1 (fall)
SOBOL_N = 1024  # Saltelli/Sobol base sample (power of two); N * (D + 2) model runs
SOBOL_NOISE = 0.05  # Sobol estimates below 0 by less than this are numerical noise and clipped to 0
TREATMENTS = ("rule", "log", "winsorise")
SOURCES = ("preferred", "alternative")
CHOICE_LABELS = {
    "weight_judicial": "Weight: judicial", "weight_resources": "Weight: resources", "weight_climate": "Weight: climate",
    "normalisation": "Normalisation", "aggregation": "Aggregation across pillars", "treatment": "Treatment of skew",
    "source": "Extradition source", "leave_out": "Leave one indicator out",
}

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
