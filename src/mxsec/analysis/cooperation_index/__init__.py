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
  ``BASE_YEAR`` dollars with BLS CPI-U (``funding.to_dollars``), in millions, as the centred
  three-year mean of ``funding.centred_mean`` (two years at the ends of the Greenbook series,
  flagged in ``window_years``) so one year's timing of obligations is not read as a change
  (``funding.security_trend``). Fiscal year N is matched to calendar year N (FY N runs October
  N-1 to September N). No other operational indicator with real annual data is in data/.
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

Layers: ``indicators`` (the declared indicators, the frames built from the tables, treatment,
normalisation, aggregation, pillar scores) and ``uncertainty`` (the pillar-score ``Cube``, Monte
Carlo, Sobol, rank shifts) under ``compute`` (the bundle ``CooperationIndex``, ``build``,
``key_figures``, the deterministic index, diagnostics, cited sources); then ``text`` (every
sentence, caption and label), ``tables`` (``report.Table``) and ``plots`` (``report.Chart``).
"""

from . import compute, plots, tables, text
from .compute import (build, key_figures, ADMINISTRATIONS_SOURCE, AGGREGATIONS, BASE_YEAR, CHOICE_LABELS,
                     CITE_EVENTS_ONCE, CONTINUOUS_FACTORS, DEFAULT_DRAWS, DEFAULT_END_YEAR, DEFAULT_SEED,
                     DEFAULT_START_YEAR, DEFAULT_WEIGHTS, DISCRETE_FACTORS, EVENTS_COVERAGE, EVENT_INDICATORS,
                     FACTORS, INDICATORS, INDICATOR_BY_NAME, INDICATOR_NAMES, KURTOSIS_LIMIT,
                     MAJOR_CONFLICTUAL, MAJOR_COOPERATIVE, NORMALISATIONS, NORMALISATION_LABELS, PILLARS,
                     PILLAR_LABELS, ROBUST_PROBABILITY, SCALE_MAX, SCALE_MIN, SKEW_LIMIT, SOBOL_N,
                     SOBOL_NOISE, SOURCES, TREATMENTS, WEIGHT_SPREAD, WINSORISE_MIN_N, ZSCORE_SPAN,
                     administration_comparison, aggregate, build_indicators, check_choice, check_weights,
                     cited_ids, climate_frame, compute_index, contributions, CooperationIndex,
                     correlation_table, coverage_table, covered_event_years, Cube, evaluate,
                     homicide_comparison, index_source_ids, Indicator, indicator_source_ids, Indicators,
                     judicial_frame, leave_out_options, load_tables, map_sample, monte_carlo, MonteCarlo,
                     normalise, normalised_indicators, Options, pillar_cube, pillar_scores, rank_shift,
                     ranks_of, reference_rank, resources_frame, scored_mask, skewness_table, Sobol,
                     sobol_analysis, summarise, treat, treat_bounds, winsorise)
