"""Cooperation index: an annual, uncertainty-aware composite indicator of U.S.-Mexico security
cooperation, built the way the OECD/JRC *Handbook on Constructing Composite Indicators* (2008)
and the JRC's statistical audits build one (Saisana, Saltelli & Tarantola 2005; Paruolo, Saisana
& Saltelli 2013), with every analyst's choice and every open question of the data declared here
and varied in a Monte Carlo and a Sobol sensitivity analysis.

Pillars and indicators (calendar years; nothing is estimated or filled in), one indicator each, so
nothing is counted twice:

- **judicial**: extraditions Mexico -> U.S., persons per calendar year, full years only
  (``mxsec.analysis.extraditions``: ``select_series`` / ``annual_table``; preferred rows; every
  other same-scope full-year figure is a data scenario). U.S. -> Mexico extraditions (two
  full-year figures) are no longer in the index.
- **resources**: U.S. security assistance obligated, as defined once in
  ``mxsec.analysis.funding.security_assistance`` (USAID Greenbook), deflated to constant
  ``BASE_YEAR`` dollars with BLS CPI-U (``funding.to_dollars``), in millions, as the trailing
  three-year mean (``indicators.trailing_mean``: the year and the two before it, all three
  required). Fiscal year N is matched to calendar year N (FY N runs October N-1 to September N).
  No appropriations series covers the security accounts year by year, so obligations it is.
- **climate**: the mean Goldstein score of the year's events in the dated chronology
  ``load("events")``, leaving out the events that are another pillar's values (extraditions,
  transfers, aid: ``INDICATOR_EVENT_CATEGORIES``). Only calendar years wholly inside the
  chronology's coverage (``EVENTS_COVERAGE``) have values. The balance of cooperative and
  conflictual events is the Monte Carlo's alternative measure.

Method (defaults; the alternatives are the Monte Carlo's factors): treatment of skewed indicators
by the JRC rule (|skewness| > 2 and excess kurtosis > 3.5 -> log if non-negative, else
winsorise); min-max normalisation over fixed, declared bounds onto 1-100; geometric mean across
pillars with ``balanced`` weights (equal effective importance, ``importance``). A year gets a
score only if every draw can score it (no imputation). Everything runs on numpy arrays: the cube
of pillar scores is computed once per option, and the Monte Carlo and Sobol samples only index
into it.

Layers: ``indicators`` (declared indicators, frames from the tables, treatment, normalisation,
aggregation), ``scenarios`` (the data factors), ``uncertainty`` (the ``Cube``, Monte Carlo,
Sobol, rank shifts) and ``importance`` (correlation ratios, balanced weights) under ``compute``
(the bundle ``CooperationIndex``, ``build``, ``key_figures``, diagnostics, cited sources); then
``text`` (every sentence, caption and label), ``tables`` (``report.Table``) and ``plots``
(``report.Chart``).
"""

from . import compute, plots, tables, text
from .compute import (build, key_figures, CODING_FILES, DoubleCoding, double_coding, ADMINISTRATION_MIN_SHARE, ADMINISTRATIONS_SOURCE, AGGREGATIONS,
                      ALTERNATIVE_INDICATORS, BASE_YEAR, CHOICE_FACTORS, CHOICE_LABELS, CITE_EVENTS_ONCE,
                      CLIMATE_MEASURES, CONTINUOUS_FACTORS, DATA_FACTORS, DEFAULT_DRAWS, DEFAULT_END_YEAR, DEFAULT_SEED,
                      DEFAULT_START_YEAR, DEFAULT_WEIGHTING, DEFAULT_WEIGHTS, DEFAULT_WINDOW, DISCRETE_FACTORS,
                      DROPPED_INDICATORS, EVENTS_COVERAGE, EVENT_INDICATORS, FACTORS, INDICATOR_EVENT_CATEGORIES,
                      INDICATORS, INDICATOR_BY_NAME, INDICATOR_NAMES, KURTOSIS_LIMIT, LEVEL_SCALE, MAJOR_CONFLICTUAL,
                      MAJOR_COOPERATIVE, NORMALISATIONS, NORMALISATION_LABELS, PILLARS, PILLAR_LABELS,
                      ROBUST_PROBABILITY, SCALE_MAX, TIMING_SCENARIOS, EVENT_REPLICATES, SCALE_MIN, SKEW_LIMIT, SMOOTHING_WINDOWS, SOBOL_N, SOBOL_NOISE,
                      TREATMENTS, WEIGHTINGS, WEIGHT_SPREAD, WINSORISE_MIN_N, ZSCORE_SPAN, administration_comparison,
                      aggregate, balanced_weights, boundary_events, build_indicators, check_choice, check_weights,
                      climate_scenarios,
                      cited_ids, climate_events, climate_frame, compute_index, contributions, CooperationIndex,
                      correlation_ratios, correlation_table, coverage_table, covered_event_years, Cube,
                      effective_importance, evaluate, factor_kind, homicide_comparison, index_indicators,
                      index_source_ids, Indicator, indicator_source_ids, indicator_values, Indicators, judicial_frame,
                      load_tables, map_sample, monte_carlo, MonteCarlo, normalise, normalised_indicators, Options,
                      outrank_probabilities, pillar_cube, pillar_scores, rank_groups, rank_shift, ranks_of,
                      reference_rank, resolve_weighting, resources_frame, scored_mask, skewness_table, Sobol,
                      sobol_analysis, source_scenarios, summarise, timing_scenarios, trailing_mean, treat, treat_bounds,
                      treated_normalised, winsorise, yearly_measures)
