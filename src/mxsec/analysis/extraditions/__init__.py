"""Extraditions between Mexico and the United States: the judicial pillar of cooperation, year
by year and by Mexican administration, with the 2025- transfers outside the treaty kept apart.

Inputs (``mxsec.data.load``):

- ``extraditions``: persons per year, one row per source; ``preferred`` marks one row per
  (year, direction, mechanism). ``scope`` is all_persons or nationals_only (Mexican nationals
  only, a subset); ``months`` < 12 or ``year_basis`` us_fiscal mark figures that are not
  full calendar years. Unit: persons.
- ``extraditions_periods``: totals stated by sources for a span (an administration, its first
  two years, a partial year, a single transfer day). Never summed with the annual table.
- ``events`` (category extradition or transfer), ``homicides_national`` (INEGI, preferred,
  12 months) and ``us_assistance`` (security assistance obligated, as mxsec.analysis.funding defines it).

Rules, kept in ``compute``:

- Only full calendar-year figures (``months == 12`` and ``year_basis == 'calendar'``) enter
  lines, totals, averages, peaks; partial-year figures are shown and labelled, never summed.
- A year without a full-year figure is a gap: plotted as a gap, listed in Data gaps, and any
  administration total that would need it is reported as incomplete (``complete`` False,
  ``persons`` NA, ``missing_years`` listed), never as a number.
- Transfers (mechanism ``transfer``) are a separate series, never added to extraditions.
- Calendar years go to administrations by the majority-of-year rule
  (:mod:`mxsec.analysis.periods`).

Layers: ``compute`` (selection, every computation, the bundle ``Extraditions``, ``build``,
``key_figures``), ``text`` (every sentence, caption, alt text and key-figure label), ``tables``
(``report.Table``) and ``plots`` (``report.Chart``, named as the chart files:
``extraditions-annual``, ``extraditions-timeline``, ``extraditions-homicides``,
``extraditions-assistance``).
"""

from . import compute, plots, tables, text
from .compute import (build, key_figures, AGREE_WITHIN, DEFAULT_DIRECTION, DEFAULT_END_YEAR, DEFAULT_SOURCE,
                      DEFAULT_START_YEAR, DIRECTION_LABELS, DIRECTION_SHORT, DIRECTIONS, EVENT_CATEGORIES,
                      FIRST_MONTHS_DAYS, FIRST_YEARS, SCOPE_LABELS, SOURCE_MODES, Extraditions, administration_totals,
                      annual_table, assistance_series, changeover_years, check_direction, check_source, coverage,
                      day_label, event_counts, first_years_comparison, full_years, gap_years, homicides_series,
                      largest_fall, load_tables, not_comparable, notable_events, pct_change, peak_row, publishers,
                      relation_frame, select_series, source_rows, source_spread, stated_check, stated_comparison,
                      transfer_annual, transfer_events, transfer_stated, years_with_both)
