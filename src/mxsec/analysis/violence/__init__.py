"""Homicides in Mexico, national and by state, from the two official systems side by side.

Sources and series (never mixed in one line or one total):

- **INEGI death records** (``source == "inegi"``): deaths whose death certificate gives homicide as
  the cause, counted by **year of registration** (INEGI's headline; ``homicides_national``
  1990-2024, final and preliminary releases) or by **year of occurrence**
  (``inegi_edr_homicidios_ocurrencia_2000_2022``, national and by state 2000-2022; deaths with an
  unknown state or month of occurrence are not in that file). State figures by year of
  registration exist only for 1990-2016. INEGI records all homicide deaths; feminicide is not a
  separate category.
- **SESNSP prosecutors' reports** (``source == "sesnsp"``): **victims** in investigations opened
  for intentional homicide (2015 methodology, 2015 on), **case files** (carpetas, 2015 on) and,
  before 2015, case files of the old methodology (averiguaciones previas: national 1997-2017,
  ``sesnsp_old_*``; by state 2002-2008, CIEISP forms, ``snsp_cieisp_*``, December 2008 missing).
  Feminicide is a separate crime from 2015; ``include_feminicide`` adds it to intentional homicide
  (row by row, matching measure, release and source) so the SESNSP count covers the same deaths
  INEGI calls homicide.

Units: homicides are persons (victims, deaths) or case files as the series says; rates are per
100,000 inhabitants, the count divided by CONAPO's mid-year population of the **same year** and
geography (``population``, state ``00`` = national). Figures covering fewer than 12 months
(``months < 12``, e.g. January-June 2025) are never turned into annual rates or compared with full
years: they appear only in :func:`~mxsec.analysis.violence.compute.partial_years`.

State analyses use one basis throughout: INEGI by year of occurrence (2000-2022, the longest
consistent state series) and SESNSP victims (2015 on). ``data/``'s INEGI state headline
(``mxsec.data.series``) joins registration (to 2016) and occurrence (from 2017), a break flagged B
in 2017; the report computes it (``Views.state_headline``) to say where the break falls but never
draws or computes across it.

Observation status (``flags``): every count and rate carries ``obs_status`` (SDMX: A, B, E, F,
P); rates from 2021 rest on CONAPO projections (F). Each series label is one definition
(``compute.DEFINITIONS``); terms, changes, ranks and peaks are computed within one.

Administrations: a calendar year belongs to the administration in office for most of its days
(:mod:`mxsec.analysis.periods`). The rate of a term is deaths over person-years: the sum of
homicides in the term's calendar years divided by the sum of those years' mid-year populations,
times 100,000.

Layers: ``compute`` (selection, rates, panels, administrations, reconciliation, the monthly
series, the edition's bundle ``Views`` from ``build(**params)`` and the numbers
captions show; ``flags``: observation status, ``figures``: ``key_figures``), ``text`` (every sentence, caption, alt text and key-figure label), ``tables``
(``report.Table``) and ``plots`` (``report.Chart``, colours from ``mxsec.charts``).
"""

from . import compute, figures, flags, plots, tables, text
from .figures import key_figures
from .compute import (build, ADMINISTRATIONS_SOURCE, DEFAULTS, INEGI_FINAL, INEGI_OCC, INEGI_PRELIM,
                      LABEL_ORDER, LABEL_SYSTEM, MONTH_NAMES, MONTHLY_SOURCE, NATIONAL, NATIONAL_CODE, NATIONAL_GAPS,
                      NATIONAL_PRIORITY, PER, POPULATION_SOURCE, SESNSP_FILES, SESNSP_OLD, SESNSP_VICTIMS, STATE_GAPS,
                      STATE_PRIORITY, STATES_SOURCE, SYSTEMS, TABLES, TOP_N, add_rates, administration_summary,
                      border_comparison, border_summary, build_from, change_pct, check_options, choose_map_year,
                      concentration, extreme_row, full_years, gap_long, latest_year, leaders, load_tables, map_data,
                      monthly_series, national_from_states, national_series, Note, occurrence_share_range,
                      partial_years, primary_series, ranks, reconciliation, resolve_state, same_top_states,
                      seasonality, select_rows, series_label, source_ids, standing_series, standing_system,
                      state_panel, state_source, systems_for, term_years, top_states, value_column, Views,
                      vs_average_day, year_over_year)
