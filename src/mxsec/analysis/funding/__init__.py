"""Funding: what the United States has spent on security cooperation with Mexico, and where it went.

Every number comes from the curated tables (``mxsec.data.load``): ``us_assistance`` (requests,
enacted amounts, allocations, obligations and disbursements by programme or account, nominal
U.S. dollars, U.S. federal fiscal years), ``us_assistance_periods`` (cumulative totals as
sources state them), ``merida_composition``, ``us_cpi_u`` (deflator), ``homicides_national``
and ``population`` (context). Nothing is estimated or filled in: a year without a figure stays
missing (NaN) and is listed as a gap.

The definition of "security assistance" lives in ``compute`` and only there
(``SECURITY_ACCOUNTS`` at ``SECURITY_STAGE``), and ``security_assistance()`` is the one function
that sums accounts.

Units: ``value_usd`` is nominal U.S. dollars. Constant dollars (``dollars="constant"``) deflate
with the BLS CPI-U annual average of the calendar year that has the fiscal year's number
(FY2010, October 2009 - September 2010, uses the 2010 calendar-year average); the error of that
shortcut is at most a quarter-year of inflation.

Layers: ``compute`` (constants, selection, flags, the centred mean, deflation, every computation,
the bundle ``Funding``, ``build(**params)`` and ``key_figures``) with ``figures`` (what the report
states, read from a built bundle, and the key figures ``compute.key_figures`` returns), then
``text`` (every sentence, caption and label), ``tables`` (``report.Table``) and ``plots`` (``report.Chart``). A notebook calls
``b = funding.build(...)`` and hands ``b`` to each of them.
"""

from . import compute, figures, plots, tables, text
from .compute import (build, key_figures, ALL_AID, DEFAULT_BASE_YEAR, DEFAULT_DOLLARS, DEFAULT_END_YEAR,
                      DEFAULT_PROGRAMS, DEFAULT_SOURCE, DEFAULT_START_YEAR, DOD_SECURITY_ACCOUNTS, FAE_SOURCE, FAGOV_SOURCE,
                      GREENBOOK_SOURCE, MERIDA, MERIDA_FIRST_FISCAL_YEAR, MILLION, COVERAGE_WORDS, TREND_WINDOW,
                      PROGRAM_LABELS, SECURITY_ACCOUNTS, SECURITY_STAGE, SERIES_STAGE_PREFERENCE, SHORT_LABELS,
                      STAGE_LABELS, STAGE_ORDER, STATE_SECURITY_ACCOUNTS, Funding, aid_stages, centred_mean,
                      compare_published, composition, composition_years, context_ratios, deflator, dollars_label,
                      flag_words, is_comparable, is_partial, enacted_vs_request_years, homicides_inegi,
                      latest_published_total, load_tables, merida_cumulative, missing_programs, one_per_key,
                      one_sided_years, program_label, program_series, published_totals, request_vs_enacted,
                      security_assistance, security_by_account, security_trend, select_source, span_disagreements,
                      to_dollars)
