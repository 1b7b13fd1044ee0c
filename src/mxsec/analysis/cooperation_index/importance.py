"""Effective importance of the cooperation index's pillars and the weights that balance it.

A nominal weight says how much a pillar should count; what it does count depends on how much the
pillar varies and how it moves with the others. Following Paruolo, Saisana & Saltelli (2013,
"Ratings and rankings: voodoo or science?", J. R. Stat. Soc. A 176(3)), a pillar's importance is
its first-order correlation ratio with the index, the share of the index's variance across years
that the pillar explains, here estimated linearly as the squared Pearson correlation over the
scored years (with a dozen years a non-parametric smoother is not estimable; the linear estimate
is exact when the index's conditional mean is linear in the pillar). ``balanced_weights`` finds
the weights under which the three importances are equal. Follows the ``compute`` rules."""

from __future__ import annotations

import math
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .indicators import PILLARS, Indicators, Options, check_weights, compute_index

BALANCE_TOLERANCE = 0.001  # balanced when every pillar's share of importance is within 0.1 points of 1/3
BALANCE_MAX_ITERATIONS = 500
BALANCE_STEP = 0.5  # w <- w * (target / share) ** step: a damped fixed-point iteration


def _r(a: np.ndarray, b: np.ndarray) -> float:
    ok = ~(np.isnan(a) | np.isnan(b))
    if ok.sum() < 3:
        return math.nan
    a, b = a[ok] - a[ok].mean(), b[ok] - b[ok].mean()
    denominator = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum()) / denominator if denominator > 0 else math.nan


def correlation_ratios(reference: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Per pillar, over ``years`` of ``reference`` (``compute_index``'s frame): ``r`` (Pearson
    correlation with the index), ``correlation_ratio`` (r squared, the linear estimate of the
    first-order correlation ratio) and ``share`` (the ratio over the sum of the three)."""
    ref = reference.set_index("year").loc[list(years)]
    index = ref["index"].to_numpy(float)
    r = np.array([_r(ref[p].to_numpy(float), index) for p in PILLARS])
    ratio = r ** 2
    total = np.nansum(ratio)
    return pd.DataFrame({"pillar": list(PILLARS), "r": r, "correlation_ratio": ratio,
                         "share": ratio / total if total > 0 else np.full(len(PILLARS), math.nan)})


def effective_importance(reference: pd.DataFrame, weights: Mapping[str, float], years: Iterable[int]) -> pd.DataFrame:
    """``correlation_ratios`` beside the nominal ``weight`` of each pillar (renormalised to sum 1)."""
    w = check_weights(weights)
    total = sum(w.values())
    out = correlation_ratios(reference, years)
    out.insert(1, "weight", [w[p] / total for p in PILLARS])
    return out


def balanced_weights(ind: Indicators, years: Iterable[int], options: Options = Options()) -> tuple[dict[str, float], int]:
    """Weights (summing to 1) under which every pillar's share of importance is 1/3 within
    ``BALANCE_TOLERANCE``, and the iterations it took: starting from equal weights, each weight is
    multiplied by (1/3 / its share) ** BALANCE_STEP and all renormalised, until balanced. Iterative
    because the index is a geometric mean of bounded pillars (the closed form exists only for an
    arithmetic mean of standardised pillars). ValueError when it does not converge."""
    years = list(years)
    target = 1 / len(PILLARS)
    w = np.full(len(PILLARS), target)
    for iteration in range(BALANCE_MAX_ITERATIONS + 1):
        weights = dict(zip(PILLARS, w))
        share = correlation_ratios(compute_index(ind, weights, options), years)["share"].to_numpy(float)
        if np.isnan(share).any():
            raise ValueError("balanced weights: a pillar does not vary over the scored years, its importance is undefined")
        if np.abs(share - target).max() < BALANCE_TOLERANCE:
            return {p: float(v) for p, v in weights.items()}, iteration
        w = w * (target / np.maximum(share, 1e-6)) ** BALANCE_STEP
        w = w / w.sum()
    raise ValueError(f"balanced weights: no convergence in {BALANCE_MAX_ITERATIONS} iterations (shares {share.round(3)})")
