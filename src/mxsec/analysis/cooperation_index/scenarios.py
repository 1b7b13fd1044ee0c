"""The data factors of the cooperation index's uncertainty analysis: the alternatives the data
themselves leave open, beside the analyst's choices (``uncertainty``). Each factor is a set of
scenarios, the first being the preferred data:

- ``source``: every full-year figure of the same scope that a non-preferred source gives for an
  indicator-year (extraditions Mexico -> U.S.; security assistance has one source, the Greenbook).
  The scenarios are every combination of the candidates (at most ``MAX_SOURCE_SCENARIOS``; beyond
  that a seeded sample), so each figure is drawn with equal probability within its year.
- ``smoothing``: the resources indicator's trailing window, ``SMOOTHING_WINDOWS`` (1 = the year's
  own obligations, the first edition's basis).
- ``event_timing``: an event dated in the first or last month of a year (``BOUNDARY_MONTHS``) may
  belong to the adjacent year (the date recorded is the day of the public record; what it records
  may have happened weeks earlier or been settled weeks later): in each of ``TIMING_SCENARIOS``
  scenarios every such event moves to the adjacent year with probability ``MOVE_PROBABILITY``. A
  scenario that would leave a year of the window that has events without any is drawn again.
- ``event_sample``: the events of each year are a sample of that year's bilateral dealings:
  ``EVENT_REPLICATES`` bootstrap replicates resample each year's events with replacement, keeping
  the year's count (after the timing scenario has placed them).

Follows the ``compute`` rules: no drawing, no text."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from .indicators import CLIMATE_MEASURES, SMOOTHING_WINDOWS, Indicators, covered_event_years, yearly_measures

DATA_FACTORS = ("source", "smoothing", "event_sample", "event_timing")
MAX_SOURCE_SCENARIOS = 64
TIMING_SCENARIOS = 32
EVENT_REPLICATES = 64
BOUNDARY_MONTHS = (1, 12)
MOVE_PROBABILITY = 0.5
MAX_REDRAWS = 1000


def source_scenarios(ind: Indicators, seed: int) -> tuple[np.ndarray, list[dict[int, tuple[float, str]]]]:
    """Extradition values (scenarios, years): row 0 the preferred figures, the others every other
    combination of the candidates of the years where sources disagree (``judicial_frame``'s
    ``mx_us_candidates``). Also, per row, the figure and source used in each such year."""
    candidates = list(ind.judicial["mx_us_candidates"])
    base = ind.judicial["mx_us"].to_numpy(float)
    varying = [i for i, c in enumerate(candidates) if len(c) > 1]
    sizes = [len(candidates[i]) for i in varying]
    total = int(np.prod(sizes)) if sizes else 1
    if total <= MAX_SOURCE_SCENARIOS:
        combos = list(itertools.product(*[range(k) for k in sizes]))
    else:
        rng = np.random.default_rng(seed)
        combos = [tuple(0 for _ in sizes)] + [tuple(int(rng.integers(0, k)) for k in sizes)
                                               for _ in range(MAX_SOURCE_SCENARIOS - 1)]
    rows, used = np.tile(base, (len(combos), 1)), []
    for r, combo in enumerate(combos):
        picked = {}
        for i, choice in zip(varying, combo):
            value, source = candidates[i][choice]
            rows[r, i] = value
            picked[int(ind.years[i])] = (value, source)
        used.append(picked)
    return rows, used


def boundary_shift(dates: pd.Series) -> np.ndarray:
    """-1 for an event dated in January (it may belong to the year before), +1 for December, else 0."""
    month = dates.dt.month.to_numpy()
    return np.where(month == BOUNDARY_MONTHS[0], -1, np.where(month == BOUNDARY_MONTHS[-1], 1, 0))


def timing_scenarios(events: pd.DataFrame, years: np.ndarray, seed: int, n: int = TIMING_SCENARIOS) -> np.ndarray:
    """Event years (n + 1, events): row 0 as recorded; rows 1..n with each boundary event moved to
    the adjacent year with probability ``MOVE_PROBABILITY``. A row that leaves a covered year of
    ``years`` holding recorded events without any is drawn again (at most ``MAX_REDRAWS`` times;
    ValueError beyond)."""
    recorded = events["year"].to_numpy(int)
    shift = boundary_shift(events["date"])
    covered = set(covered_event_years(int(years[0]), int(years[-1])))
    keep = sorted(set(recorded) & covered & {int(y) for y in years})
    rng = np.random.default_rng(seed)
    rows = [recorded]
    for _ in range(n):
        for _attempt in range(MAX_REDRAWS):
            moved = recorded + shift * (rng.random(len(recorded)) < MOVE_PROBABILITY)
            if set(keep) <= set(moved.tolist()):
                rows.append(moved)
                break
        else:
            raise ValueError("event timing: no scenario keeps an event in every year that has one")
    return np.array(rows, dtype=int).reshape(n + 1, len(recorded))


def bootstrap_rows(event_years: np.ndarray, event_scores: np.ndarray, uniforms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Resample each year's events with replacement, keeping the year's count: ``uniforms`` (rows,
    events) in [0, 1) pick, for each slot of a year, one of that year's events. Returns the years
    and scores (rows, events) of the resampled events; row 0 of the output is the list itself
    (no resampling)."""
    order = np.argsort(event_years, kind="stable")
    years_sorted = event_years[order]
    scores_sorted = event_scores[order]
    starts = np.searchsorted(years_sorted, years_sorted, side="left")
    counts = np.searchsorted(years_sorted, years_sorted, side="right") - starts
    picks = starts[None, :] + np.minimum((uniforms * counts[None, :]).astype(int), counts[None, :] - 1)
    scores = scores_sorted[picks]
    scores[0] = scores_sorted
    return np.broadcast_to(years_sorted, scores.shape), scores


def climate_scenarios(ind: Indicators, seed: int, timing: int = TIMING_SCENARIOS,
                      replicates: int = EVENT_REPLICATES) -> np.ndarray:
    """Raw climate measures (measures, timing + 1, replicates + 1, years), ``CLIMATE_MEASURES``
    order: [:, 0, 0] is the recorded list; [:, k, 0] the list under timing scenario k; [:, k, b]
    bootstrap replicate b of it."""
    events = ind.events
    years = ind.years
    covered = np.isin(years, covered_event_years(int(years[0]), int(years[-1])))
    scores = events["score"].to_numpy(float)
    rng = np.random.default_rng(seed + 1)
    uniforms = rng.random((replicates + 1, len(events)))
    moved = timing_scenarios(events, years, seed, timing)
    out = np.empty((len(CLIMATE_MEASURES), timing + 1, replicates + 1, len(years)))
    for k, row in enumerate(moved):
        ys, sc = bootstrap_rows(row, scores, uniforms)
        measures = yearly_measures(ys, sc, years, covered)
        for m, name in enumerate(CLIMATE_MEASURES):
            out[m, k] = measures[name]
    return out


def resources_scenarios(ind: Indicators) -> np.ndarray:
    """Security assistance (windows, years), ``SMOOTHING_WINDOWS`` order."""
    return np.array([ind.resources[f"trailing_{w}"].to_numpy(float) for w in SMOOTHING_WINDOWS])


def boundary_events(ind: Indicators) -> pd.DataFrame:
    """The climate pillar's events that the timing rule may move, with the year they may move to."""
    shift = boundary_shift(ind.events["date"])
    out = ind.events.loc[shift != 0, ["date", "title", "category", "source_id", "year"]].copy()
    out["may_move_to"] = out["year"] + shift[shift != 0]
    return out.reset_index(drop=True)
