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
years: they appear only in :func:`partial_years`.

State analyses use one basis throughout: INEGI by year of occurrence (2000-2022, the longest
consistent state series; the ``preferred`` flag of ``homicides_state`` switches from registration
to occurrence in 2017, so it is not used for state series) and SESNSP victims (2015 on).

Administrations: a calendar year belongs to the administration in office for most of its days
(:mod:`mxsec.analysis.periods`). The rate of a term is deaths over person-years: the sum of
homicides in the term's calendar years divided by the sum of those years' mid-year populations,
times 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from mxsec import charts
from mxsec.analysis import periods

PER = 100_000
SYSTEMS = ("inegi", "sesnsp")
NATIONAL = "national"
NATIONAL_CODE = "00"
POPULATION_SOURCE = "conapo_conciliacion_proyecciones_2023"
MONTHLY_SOURCE = "inegi_edr_homicidios_ocurrencia_2000_2022"
STATES_SOURCE = "inegi_marco_geoestadistico"
ADMINISTRATIONS_SOURCE = "mx_cpeum_art_83"
DEFAULTS = {"state": NATIONAL, "start_year": 1990, "end_year": 2025, "series": "both", "source": "preferred",
            "measure": "rate", "map_year": 0, "include_feminicide": True}
TOP_N = 5

# Series labels: one per statistical concept (system, measure, basis, revision, methodology).
INEGI_FINAL = "INEGI, registration year, final"
INEGI_PRELIM = "INEGI, registration year, preliminary"
INEGI_OCC = "INEGI, occurrence year"
SESNSP_VICTIMS = "SESNSP victims"
SESNSP_FILES = "SESNSP case files"
SESNSP_OLD = "SESNSP case files, old methodology"
LABEL_ORDER = [INEGI_FINAL, INEGI_PRELIM, INEGI_OCC, SESNSP_VICTIMS, SESNSP_FILES, SESNSP_OLD]
LABEL_SYSTEM = {INEGI_FINAL: "inegi", INEGI_PRELIM: "inegi", INEGI_OCC: "inegi", SESNSP_VICTIMS: "sesnsp",
                SESNSP_FILES: "sesnsp", SESNSP_OLD: "sesnsp"}
# Which series stands for a system when one is needed (first present wins).
NATIONAL_PRIORITY = {"inegi": [INEGI_FINAL, INEGI_OCC, INEGI_PRELIM], "sesnsp": [SESNSP_VICTIMS, SESNSP_FILES, SESNSP_OLD]}
STATE_PRIORITY = {"inegi": [INEGI_OCC, INEGI_FINAL], "sesnsp": [SESNSP_VICTIMS, SESNSP_FILES, SESNSP_OLD]}
SERIES_COLOURS = {INEGI_FINAL: charts.PALETTE[0], INEGI_PRELIM: charts.PALETTE[5], INEGI_OCC: charts.PALETTE[2],
                  SESNSP_VICTIMS: charts.PALETTE[1], SESNSP_FILES: charts.PALETTE[4], SESNSP_OLD: charts.PALETTE[3]}
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_FULL = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
# How prose names each series.
SERIES_PROSE = {INEGI_FINAL: "INEGI death records (year of registration, final)",
                INEGI_PRELIM: "INEGI death records (year of registration, preliminary)",
                INEGI_OCC: "INEGI death records (year of occurrence)", SESNSP_VICTIMS: "SESNSP victims",
                SESNSP_FILES: "SESNSP case files", SESNSP_OLD: "SESNSP case files (old methodology)"}
_MERGE_KEYS = ["state_code", "year", "source", "measure", "basis", "revision", "months", "source_id"]


# --------------------------------------------------------------------------------------------
# Parameters and selection
# --------------------------------------------------------------------------------------------

def check_options(series: str, measure: str) -> None:
    """Raise ValueError on an unknown ``series`` (inegi, sesnsp, both) or ``measure`` (count, rate)."""
    if series not in ("inegi", "sesnsp", "both"):
        raise ValueError(f"series {series!r}: allowed inegi, sesnsp, both")
    if measure not in ("count", "rate"):
        raise ValueError(f"measure {measure!r}: allowed count, rate")


def systems_for(series: str) -> tuple[str, ...]:
    """The statistical systems a ``series`` parameter selects, primary first."""
    check_options(series, "rate")
    return SYSTEMS if series == "both" else (series,)


def series_label(frame: pd.DataFrame) -> pd.Series:
    """The series label of each homicide row (see ``LABEL_ORDER``), from source, measure, basis,
    revision and source_id. Old-methodology SESNSP case files are the ``sesnsp_old_*`` (national)
    and ``snsp_cieisp_*`` (state) sources."""
    system, sid = frame["source"].astype(str), frame["source_id"].astype(str)
    old = sid.str.startswith("sesnsp_old") | sid.str.startswith("snsp_cieisp")
    conditions = [
        (system == "inegi") & (frame["basis"] == "occurrence"),
        (system == "inegi") & (frame["revision"] == "final"),
        system == "inegi",
        (system == "sesnsp") & (frame["measure"] == "victims"),
        (system == "sesnsp") & old,
        system == "sesnsp",
    ]
    choices = [INEGI_OCC, INEGI_FINAL, INEGI_PRELIM, SESNSP_VICTIMS, SESNSP_OLD, SESNSP_FILES]
    return pd.Series(np.select(conditions, choices, default=""), index=frame.index, dtype=object)


def select_rows(table: pd.DataFrame, *, series: str = "both", source: str = "preferred",
                include_feminicide: bool = True) -> pd.DataFrame:
    """Intentional-homicide rows of ``homicides_national`` or ``homicides_state`` for the chosen
    systems and ``source`` (``preferred``: rows flagged preferred; ``all``; or one source_id),
    each labelled with its series. With ``include_feminicide``, SESNSP feminicide of the same
    state, year, measure, release and source_id is added (``feminicide`` column; 0 when that
    source has no feminicide row, as before 2015). Partial years stay in, flagged by ``months``.

    Returns columns state_code ('00' for the national table), year, system, series, measure,
    basis, revision, months, homicides, feminicide, value, preferred, source_id,
    feminicide_source_id. One row per (state_code, year, series): should a source list a series
    twice, the preferred row is kept.
    """
    systems = systems_for(series)
    frame = table.copy()
    if "state_code" not in frame:
        frame["state_code"] = NATIONAL_CODE
    frame["state_code"] = frame["state_code"].astype(str)
    homicide = frame[(frame["crime"] == "intentional_homicide") & frame["source"].isin(systems)]
    if source == "preferred":
        homicide = homicide[homicide["preferred"]]
    elif source != "all":
        homicide = homicide[homicide["source_id"] == source]
    homicide = homicide.rename(columns={"value": "homicides"})
    out = homicide[_MERGE_KEYS + ["homicides", "preferred"]].copy()
    out["feminicide"] = 0
    out["feminicide_source_id"] = ""
    if include_feminicide:
        fem = frame[(frame["crime"] == "feminicide") & (frame["source"] == "sesnsp")]
        fem = fem[_MERGE_KEYS + ["value"]].rename(columns={"value": "fem_value"})
        out = out.merge(fem, on=_MERGE_KEYS, how="left")
        found = out["fem_value"].notna()
        out["feminicide"] = out["fem_value"].fillna(0).astype("int64")
        out["feminicide_source_id"] = np.where(found, out["source_id"].astype(str), "")
        out = out.drop(columns="fem_value")
    out["homicides"] = out["homicides"].astype("int64")
    out["value"] = out["homicides"] + out["feminicide"]
    out["series"] = series_label(out)
    out = out.rename(columns={"source": "system"})
    out["year"] = out["year"].astype("int64")
    out["months"] = out["months"].astype("int64")
    out = (out.sort_values(["state_code", "year", "series", "preferred"], ascending=[True, True, True, False])
              .drop_duplicates(["state_code", "year", "series"]))
    columns = ["state_code", "year", "system", "series", "measure", "basis", "revision", "months", "homicides",
               "feminicide", "value", "preferred", "source_id", "feminicide_source_id"]
    return out[columns].sort_values(["series", "state_code", "year"]).reset_index(drop=True)


def full_years(rows: pd.DataFrame, start_year: int = 1990, end_year: int = 2100) -> pd.DataFrame:
    """Rows covering all 12 months, within ``start_year``..``end_year`` inclusive."""
    keep = (rows["months"] == 12) & rows["year"].between(start_year, end_year)
    return rows[keep].reset_index(drop=True)


def partial_years(rows: pd.DataFrame, start_year: int = 1990, end_year: int = 2100) -> pd.DataFrame:
    """Rows covering fewer than 12 months (never used for annual rates)."""
    keep = (rows["months"] < 12) & rows["year"].between(start_year, end_year)
    return rows[keep].reset_index(drop=True)


def add_rates(rows: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Add ``population`` (CONAPO mid-year, same year and state_code) and ``rate_per_100k``
    (value / population x 100,000). Rows with months < 12 get no rate (NaN)."""
    pop = population[["year", "state_code", "population"]].copy()
    pop["year"] = pop["year"].astype("int64")
    pop["state_code"] = pop["state_code"].astype(str)
    pop["population"] = pop["population"].astype("float64")
    out = rows.merge(pop, on=["year", "state_code"], how="left")
    full = out["months"] == 12 if "months" in out else True
    out["rate_per_100k"] = np.where(full, out["value"] / out["population"] * PER, np.nan)
    return out


def primary_series(rows: pd.DataFrame, system: str, level: str = "national") -> str | None:
    """The series standing for ``system`` among ``rows`` (national: INEGI registration final,
    else occurrence, else preliminary; SESNSP victims, else case files, else old methodology;
    state level: INEGI occurrence first). None when the system has no row."""
    priority = (NATIONAL_PRIORITY if level == "national" else STATE_PRIORITY)[system]
    present = set(rows.loc[rows["system"] == system, "series"])
    return next((label for label in priority if label in present), None)


def source_ids(*frames: pd.DataFrame, extra: tuple[str, ...] = ()) -> list[str]:
    """Sorted distinct source ids in the ``source_id``/``feminicide_source_id`` columns of
    ``frames`` (population source added when a frame has a ``rate_per_100k`` or ``population``
    column), plus ``extra``."""
    ids: set[str] = set(extra)
    for frame in frames:
        for column in ("source_id", "feminicide_source_id"):
            if column in frame:
                ids.update(str(v) for v in frame[column].dropna().unique() if str(v))
        if {"rate_per_100k", "population"} & set(frame.columns):
            ids.add(POPULATION_SOURCE)
    return sorted(ids)


def resolve_state(state: str, states: pd.DataFrame) -> pd.Series | None:
    """The ``states`` row for an abbreviation (case-insensitive); None for ``national``."""
    if state is None or str(state).lower() == NATIONAL:
        return None
    match = states[states["abbreviation"].str.upper() == str(state).upper()]
    if match.empty:
        raise ValueError(f"state {state!r}: use 'national' or one of {', '.join(states['abbreviation'])}")
    return match.iloc[0]


# --------------------------------------------------------------------------------------------
# National and state series
# --------------------------------------------------------------------------------------------

def national_series(national: pd.DataFrame, population: pd.DataFrame, *, series: str = "both",
                    source: str = "preferred", include_feminicide: bool = True, start_year: int = 1990,
                    end_year: int = 2025) -> pd.DataFrame:
    """Full-year national series (one line per series label) with counts and rates per 100,000.
    Columns as :func:`select_rows` plus population, rate_per_100k."""
    rows = select_rows(national, series=series, source=source, include_feminicide=include_feminicide)
    return add_rates(full_years(rows, start_year, end_year), population)


def state_source(source: str, state_table: pd.DataFrame) -> tuple[str, str]:
    """How the ``source`` parameter applies to state tables: returns (source to use, note).
    A source_id absent from ``homicides_state`` (a national-only source) falls back to all state
    rows, with a note saying so; ``preferred`` also uses all rows (the state series are then
    chosen by :data:`STATE_PRIORITY`, so that INEGI stays on one basis)."""
    if source in ("preferred", "all"):
        return "all", ""
    if source in set(state_table["source_id"].astype(str)):
        return source, ""
    return "all", (f"The selected source ({source}) has no state-level rows; state sections use INEGI deaths by "
                   "year of occurrence and SESNSP victims.")


def state_panel(state_table: pd.DataFrame, population: pd.DataFrame, states: pd.DataFrame, *, series: str = "both",
                source: str = "preferred", include_feminicide: bool = True, start_year: int = 1990,
                end_year: int = 2025, all_series: bool = False) -> pd.DataFrame:
    """Full-year state series with rates, one row per (state, year, series), joined with the
    state's name, abbreviation and border flag. Only the standing series of each selected system
    (INEGI by year of occurrence, SESNSP victims; for a single state-level ``source``, that source's
    series) unless ``all_series``."""
    use, _ = state_source(source, state_table)
    rows = full_years(select_rows(state_table, series=series, source=use, include_feminicide=include_feminicide),
                      start_year, end_year)
    if not all_series:
        if use == "all":  # the standing state series, with no fallback to another measure or methodology
            keep = [STATE_PRIORITY[s][0] for s in systems_for(series)]
        else:
            keep = [primary_series(rows, s, "state") for s in systems_for(series)]
        rows = rows[rows["series"].isin([k for k in keep if k])]
    rows = add_rates(rows, population)
    info = states[["state_code", "name", "abbreviation", "border_state"]].copy()
    info["state_code"] = info["state_code"].astype(str)
    return rows.merge(info, on="state_code", how="left").reset_index(drop=True)


def national_from_states(panel: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """The national total of each (year, series) as the sum of the 32 states (years where a state
    is missing are dropped), with the national rate (state '00' population)."""
    grouped = panel.groupby(["year", "series", "system"], as_index=False).agg(
        value=("value", "sum"), states=("state_code", "nunique"), source_id=("source_id", "first"),
        feminicide_source_id=("feminicide_source_id", "max"))
    grouped = grouped[grouped["states"] == 32].drop(columns="states")
    grouped["state_code"] = NATIONAL_CODE
    grouped["months"] = 12
    return add_rates(grouped, population)


def latest_year(rows: pd.DataFrame, series: str | None = None) -> int | None:
    """Latest year in ``rows`` (optionally of one series); None when empty."""
    if series is not None:
        rows = rows[rows["series"] == series]
    return None if rows.empty else int(rows["year"].max())


def map_data(panel: pd.DataFrame, series: str, year: int) -> pd.DataFrame:
    """One row per state for ``series`` in ``year``: homicides, population, rate_per_100k and
    rank (1 = highest rate), sorted by rate, descending."""
    rows = panel[(panel["series"] == series) & (panel["year"] == year)].copy()
    rows["rank"] = rows["rate_per_100k"].rank(ascending=False, method="min").astype("Int64")
    rows = rows.drop(columns="homicides").rename(columns={"value": "homicides"})
    columns = ["year", "series", "state_code", "abbreviation", "name", "border_state", "homicides", "feminicide",
               "population", "rate_per_100k", "rank", "source_id", "feminicide_source_id"]
    return rows[columns].sort_values("rate_per_100k", ascending=False).reset_index(drop=True)


def choose_map_year(panel: pd.DataFrame, series: str, map_year: int = 0) -> tuple[int | None, str]:
    """The year for the state map: ``map_year`` when ``series`` has it, else (and for 0) the latest
    year of ``series``; returns (year, note) where note explains a fallback."""
    years = set(panel.loc[panel["series"] == series, "year"])
    if not years:
        return None, f"No state data for {series} in the selected years."
    latest = max(years)
    if map_year == 0 or map_year in years:
        return (latest if map_year == 0 else map_year), ""
    return latest, (f"{series} has no full-year state data for {map_year} (it covers {min(years)}–{latest}); "
                    f"the map and ranking use {latest}.")


def ranks(panel: pd.DataFrame) -> pd.DataFrame:
    """Rank of every state's rate within each (year, series), 1 = highest; adds ``rank``."""
    out = panel.copy()
    out["rank"] = out.groupby(["year", "series"])["rate_per_100k"].rank(ascending=False, method="min").astype("Int64")
    return out


def leaders(panel: pd.DataFrame) -> pd.DataFrame:
    """The state with the highest rate in each (year, series)."""
    ordered = panel.sort_values(["series", "year", "rate_per_100k"], ascending=[True, True, False])
    top = ordered.drop_duplicates(["series", "year"])
    top = top[["year", "series", "name", "abbreviation", "value", "rate_per_100k", "source_id"]]
    return top.rename(columns={"name": "state", "value": "homicides"}).reset_index(drop=True)


def border_comparison(panel: pd.DataFrame) -> pd.DataFrame:
    """Homicides, population and rate per 100,000 of the six border states together and of the
    other 26 together, per (year, series): deaths summed over the group divided by its summed
    population. Years with a state missing are dropped."""
    grouped = panel.groupby(["year", "series", "border_state"], as_index=False).agg(
        value=("value", "sum"), population=("population", "sum"), states=("state_code", "nunique"))
    grouped = grouped[grouped.groupby(["year", "series"])["states"].transform("sum") == 32]
    grouped["group"] = np.where(grouped["border_state"], "Border states", "Other states")
    grouped["rate_per_100k"] = grouped["value"] / grouped["population"] * PER
    return grouped[["year", "series", "group", "value", "population", "rate_per_100k"]].rename(
        columns={"value": "homicides"}).reset_index(drop=True)


def concentration(panel: pd.DataFrame, top_n: int = TOP_N) -> pd.DataFrame:
    """Per (year, series): ``top5_share_pct``, the share of all homicides in the ``top_n`` states with
    most homicides (percent), ``top5_population_share_pct``, those states' share of the population,
    and ``gini``, the population-weighted Gini coefficient of state
    rates: sum_i sum_j p_i p_j |r_i - r_j| / (2 P^2 m), with p state populations, P their sum,
    r rates and m the national rate (0 = every state has the same rate). Years with a state
    missing are dropped."""
    base = panel[["year", "series", "state_code", "value", "population", "rate_per_100k"]].copy()
    complete = base.groupby(["year", "series"])["state_code"].transform("nunique") == 32
    base = base[complete]
    ordered = base.sort_values(["year", "series", "value"], ascending=[True, True, False])
    ordered["position"] = ordered.groupby(["year", "series"]).cumcount()
    totals = ordered.groupby(["year", "series"]).agg(total=("value", "sum"), population=("population", "sum"))
    top = ordered[ordered["position"] < top_n].groupby(["year", "series"])[["value", "population"]].sum().rename(
        columns={"value": "top", "population": "top_population"})
    pairs = base.merge(base, on=["year", "series"], suffixes=("_i", "_j"))
    pairs["term"] = pairs["population_i"] * pairs["population_j"] * (pairs["rate_per_100k_i"] - pairs["rate_per_100k_j"]).abs()
    spread = pairs.groupby(["year", "series"])["term"].sum().rename("spread")
    out = totals.join(top).join(spread)
    mean_rate = out["total"] / out["population"] * PER
    out["top5_share_pct"] = out["top"] / out["total"] * 100
    out["top5_population_share_pct"] = out["top_population"] / out["population"] * 100
    out["gini"] = out["spread"] / (2 * out["population"] ** 2 * mean_rate)
    out = out.reset_index()
    return out[["year", "series", "total", "top", "top5_share_pct", "top5_population_share_pct", "gini"]].rename(
        columns={"total": "homicides_all_states", "top": "homicides_top5"})


def top_states(panel: pd.DataFrame, series: str, year: int, top_n: int = TOP_N) -> list[str]:
    """Names of the ``top_n`` states with most homicides in ``year`` for ``series``."""
    rows = panel[(panel["series"] == series) & (panel["year"] == year)].nlargest(top_n, "value")
    return list(rows["name"])


# --------------------------------------------------------------------------------------------
# Administrations and change
# --------------------------------------------------------------------------------------------

def term_years(administrations: pd.DataFrame, through_year: int | None = None) -> pd.DataFrame:
    """Mexican terms with the calendar years assigned to each (majority-of-year rule, see
    :mod:`mxsec.analysis.periods`): columns name, short_name, start, end, years (list)."""
    terms = periods.administration_years(administrations, "MX", through_year=through_year)
    return terms[["name", "short_name", "start", "end", "years"]]


def year_assignment_text(administrations: pd.DataFrame, start_year: int = 1990, end_year: int = 2025) -> str:
    """``Salinas 1989–1994; Zedillo 1995–2000; ...`` for the terms overlapping the window."""
    terms = term_years(administrations)
    parts = [f"{row.short_name} {periods.format_year_ranges(row.years)}" for row in terms.itertuples()
             if row.years and max(row.years) >= start_year and min(row.years) <= end_year]
    return "; ".join(parts)


def administration_summary(annual: pd.DataFrame, administrations: pd.DataFrame, *, start_year: int = 1990,
                           end_year: int = 2025) -> pd.DataFrame:
    """Homicides per administration for each series in ``annual`` (full-year rows with value and
    population, one geography).

    For each term and series: ``years_assigned`` (majority rule, clipped to the window),
    ``years_with_data``, ``avg_annual_homicides`` (sum / number of years with data),
    ``rate_per_100k`` (sum of homicides / sum of mid-year populations x 100,000 over the years
    with data: deaths per person-year), the rate in the term's last year with data
    (``last_year_rate``) and its change from the last year before the term (``baseline_year``,
    the previous term's last year) in percent (``change_pct``). A term with no year of data
    keeps NA values; ``coverage`` says which assigned years lack data.
    """
    terms = term_years(administrations).explode("years").dropna(subset=["years"]).rename(columns={"years": "year"})
    terms["year"] = terms["year"].astype("int64")
    in_window = terms["year"].between(start_year, end_year)
    terms = terms[terms["name"].isin(terms.loc[in_window, "name"])]
    columns = ["administration", "series", "years_assigned", "years_with_data", "coverage", "homicides",
               "person_years", "avg_annual_homicides", "rate_per_100k", "baseline_year", "baseline_rate",
               "last_year", "last_year_rate", "change_pct"]
    if annual.empty or terms.empty:
        return pd.DataFrame(columns=columns)
    data = annual[["year", "series", "value", "population", "rate_per_100k"]]
    grid = terms.merge(pd.DataFrame({"series": annual["series"].unique()}), how="cross")
    merged = grid.merge(data, on=["year", "series"], how="left")
    merged["has"] = merged["value"].notna()
    merged["year_with_data"] = merged["year"].where(merged["has"])
    order = {name: i for i, name in enumerate(term_years(administrations)["name"])}
    summary = merged.groupby(["name", "short_name", "series"], as_index=False).agg(
        first_assigned=("year", "min"), last_assigned=("year", "max"), n_assigned=("year", "size"),
        n_data=("has", "sum"), first_data=("year_with_data", "min"), last_data=("year_with_data", "max"),
        homicides=("value", "sum"), person_years=("population", "sum"))
    summary["order"] = summary["name"].map(order)
    has = summary["n_data"] > 0
    summary.loc[~has, ["homicides", "person_years"]] = np.nan
    summary["avg_annual_homicides"] = summary["homicides"] / summary["n_data"].where(has)
    summary["rate_per_100k"] = summary["homicides"] / summary["person_years"] * PER
    summary["years_assigned"] = _span(summary["first_assigned"], summary["last_assigned"])
    summary["years_with_data"] = np.where(has, _span(summary["first_data"], summary["last_data"]), "none")
    gaps = summary["n_data"] < summary["n_assigned"]
    summary["coverage"] = np.where(~has, "no full year of data", np.where(
        gaps, summary["n_data"].astype(int).astype(str) + " of " + summary["n_assigned"].astype(str) + " years",
        "complete"))
    rates = data.set_index(["series", "year"])["rate_per_100k"]
    summary["baseline_year"] = summary["first_assigned"] - 1
    summary["baseline_rate"] = _lookup(rates, summary["series"], summary["baseline_year"])
    summary["last_year"] = summary["last_data"].astype("Int64")
    summary["last_year_rate"] = _lookup(rates, summary["series"], summary["last_data"])
    summary["change_pct"] = (summary["last_year_rate"] / summary["baseline_rate"] - 1) * 100
    summary = summary.sort_values(["order", "series"]).rename(columns={"short_name": "administration"})
    summary["baseline_year"] = summary["baseline_year"].astype("Int64")
    return summary[columns].reset_index(drop=True)


def _span(first: pd.Series, last: pd.Series) -> pd.Series:
    first_s = first.astype("Int64").astype(str)
    last_s = last.astype("Int64").astype(str)
    return pd.Series(np.where(first_s == last_s, first_s, first_s + "–" + last_s), index=first.index)


def _lookup(values: pd.Series, series: pd.Series, years: pd.Series) -> pd.Series:
    keys = pd.MultiIndex.from_arrays([series, years.astype("float64")])
    lookup = values.copy()
    lookup.index = pd.MultiIndex.from_arrays([lookup.index.get_level_values(0),
                                              lookup.index.get_level_values(1).astype("float64")])
    return pd.Series(lookup.reindex(keys).to_numpy(), index=series.index)


def year_over_year(annual: pd.DataFrame) -> pd.DataFrame:
    """Per series and year: value, rate, and the change from the previous calendar year in
    homicides and in percent of the rate (NaN when the previous year is missing)."""
    base = annual[["year", "series", "value", "rate_per_100k"]].copy()
    previous = base.assign(year=base["year"] + 1).rename(columns={"value": "prev_value", "rate_per_100k": "prev_rate"})
    out = base.merge(previous, on=["year", "series"], how="left")
    out["change_homicides"] = out["value"] - out["prev_value"]
    out["change_rate_pct"] = (out["rate_per_100k"] / out["prev_rate"] - 1) * 100
    return out.drop(columns=["prev_value", "prev_rate"]).sort_values(["series", "year"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Reconciliation of the sources
# --------------------------------------------------------------------------------------------

NATIONAL_GAPS = (("INEGI final minus SESNSP victims", INEGI_FINAL, SESNSP_VICTIMS),
                 ("INEGI final minus preliminary", INEGI_FINAL, INEGI_PRELIM),
                 ("INEGI registration minus occurrence", INEGI_FINAL, INEGI_OCC))
TABLE_NAMES = {"year": "Year", INEGI_FINAL: "INEGI reg. final", INEGI_PRELIM: "INEGI reg. prelim.",
               INEGI_OCC: "INEGI occurrence",
               SESNSP_VICTIMS: "SESNSP victims", SESNSP_FILES: "SESNSP case files", SESNSP_OLD: "SESNSP old method.",
               "INEGI final minus SESNSP victims": "INEGI reg. final − SESNSP victims",
               "INEGI final minus preliminary": "INEGI reg. final − prelim.",
               "INEGI registration minus occurrence": "INEGI registration − occurrence",
               "INEGI occurrence minus SESNSP victims": "INEGI occurrence − SESNSP victims"}
STATE_GAPS = (("INEGI occurrence minus SESNSP victims", INEGI_OCC, SESNSP_VICTIMS),
              ("INEGI registration minus occurrence", INEGI_FINAL, INEGI_OCC))


def reconciliation(rows: pd.DataFrame, gaps=NATIONAL_GAPS) -> pd.DataFrame:
    """Every full-year series side by side, one row per year (columns: the series labels), and
    each gap in ``gaps`` ((name, minuend, subtrahend) series labels): the difference and, with
    suffix ``%``, the difference as a percentage of the minuend. Empty where either is missing."""
    wide = rows.pivot_table(index="year", columns="series", values="value", aggfunc="first")
    wide = wide[[c for c in LABEL_ORDER if c in wide.columns]]
    for name, minuend, subtrahend in gaps:
        if minuend in wide and subtrahend in wide:
            wide[name] = wide[minuend] - wide[subtrahend]
            wide[f"{name} (%)"] = wide[name] / wide[minuend] * 100
    wide = wide.reset_index()
    wide.columns.name = None
    return wide


def gap_long(recon: pd.DataFrame, gaps=NATIONAL_GAPS) -> pd.DataFrame:
    """The gaps of :func:`reconciliation` in long form (year, gap, difference, pct), years with a value."""
    names = [g[0] for g in gaps if g[0] in recon]
    if not names:
        return pd.DataFrame(columns=["year", "gap", "difference", "pct_of_minuend"])
    long = recon.melt(id_vars="year", value_vars=names, var_name="gap", value_name="difference")
    pct = recon.melt(id_vars="year", value_vars=[f"{n} (%)" for n in names], var_name="gap", value_name="pct_of_minuend")
    pct["gap"] = pct["gap"].str.removesuffix(" (%)")
    return long.merge(pct, on=["year", "gap"]).dropna(subset=["difference"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Monthly series
# --------------------------------------------------------------------------------------------

def monthly_series(monthly: pd.DataFrame, state_code: str = NATIONAL_CODE, start_year: int = 1990,
                   end_year: int = 2100) -> pd.DataFrame:
    """INEGI deaths by month of occurrence for one geography ('00' = national), with
    ``deaths_per_day`` (deaths / days in the month, so February compares with 31-day months) and
    ``x`` (decimal year at mid-month, for plotting)."""
    rows = monthly[(monthly["state_code"].astype(str) == state_code) & monthly["year"].between(start_year, end_year)]
    rows = rows[["year", "month", "state_code", "value", "days_in_month", "source_id"]].copy()
    rows["year"] = rows["year"].astype("int64")
    rows["month"] = rows["month"].astype("int64")
    rows["deaths_per_day"] = rows["value"].astype("float64") / rows["days_in_month"].astype("float64")
    rows["x"] = rows["year"] + (rows["month"] - 0.5) / 12
    return rows.sort_values(["year", "month"]).reset_index(drop=True)


def seasonality(monthly_rows: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month, pooled over the years in ``monthly_rows``: deaths, days,
    ``deaths_per_day`` and ``index`` (that month's deaths per day as a percentage of the average
    day over all months; 100 = average)."""
    grouped = monthly_rows.groupby("month", as_index=False).agg(
        deaths=("value", "sum"), days=("days_in_month", "sum"), years=("year", "nunique"))
    grouped["deaths_per_day"] = grouped["deaths"] / grouped["days"]
    overall = grouped["deaths"].sum() / grouped["days"].sum()
    grouped["index"] = grouped["deaths_per_day"] / overall * 100
    grouped["month_name"] = grouped["month"].map(lambda m: MONTH_NAMES[m - 1])
    return grouped[["month", "month_name", "years", "deaths", "days", "deaths_per_day", "index"]]


# --------------------------------------------------------------------------------------------
# Everything a report edition needs, in one place
# --------------------------------------------------------------------------------------------

@dataclass
class Views:
    """The tables one edition shows (all computed by :func:`prepare`)."""

    state: str
    state_code: str
    geography: str
    border_state: bool | None
    series: str
    source: str
    measure: str
    include_feminicide: bool
    start_year: int
    end_year: int
    systems: tuple[str, ...]
    national: pd.DataFrame  # full-year national rows (selected series) with rates
    national_all: pd.DataFrame  # every full-year national series (for reconciliation)
    partial: pd.DataFrame  # partial-year national rows
    panel: pd.DataFrame  # standing state series, full years, with rates
    panel_all: pd.DataFrame  # every state series (profile and state reconciliation)
    states_national: pd.DataFrame  # national totals as the sum of the 32 states, per state series
    annual: pd.DataFrame  # the geography's annual rows used for administrations and change
    trend: pd.DataFrame  # what the trend chart plots
    admin: pd.DataFrame
    yoy: pd.DataFrame
    recon: pd.DataFrame
    gaps: pd.DataFrame
    map_series: str | None
    map_year: int | None
    map: pd.DataFrame
    ranks: pd.DataFrame
    border: pd.DataFrame
    concentration: pd.DataFrame
    monthly: pd.DataFrame
    season: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def prepare(national: pd.DataFrame, state_table: pd.DataFrame, monthly: pd.DataFrame, population: pd.DataFrame,
            states: pd.DataFrame, administrations: pd.DataFrame, *, state: str = NATIONAL, start_year: int = 1990,
            end_year: int = 2025, series: str = "both", source: str = "preferred", measure: str = "rate",
            map_year: int = 0, include_feminicide: bool = True) -> Views:
    """Compute every table of one edition from the curated tables and the notebook parameters."""
    check_options(series, measure)
    systems = systems_for(series)
    row = resolve_state(state, states)
    code = NATIONAL_CODE if row is None else str(row["state_code"])
    notes: list[str] = []
    nat = national_series(national, population, series=series, source=source, include_feminicide=include_feminicide,
                          start_year=start_year, end_year=end_year)
    nat_all = national_series(national, population, series="both", source="all",
                              include_feminicide=include_feminicide, start_year=start_year, end_year=end_year)
    if row is None:
        partial = partial_years(select_rows(national, series=series, source=source,
                                            include_feminicide=include_feminicide), start_year, end_year)
    else:
        own_rows = state_table[state_table["state_code"].astype(str) == str(row["state_code"])]
        partial = partial_years(select_rows(own_rows, series=series, source=state_source(source, state_table)[0],
                                            include_feminicide=include_feminicide), start_year, end_year)
        use = state_source(source, state_table)[0]
        standing = [primary_series(full_years(select_rows(state_table, series=series, source=use)), s_, "state")
                    for s_ in systems]
        if source != "all":
            partial = partial[partial["series"].isin(standing)].sort_values("year").reset_index(drop=True)
    _, note = state_source(source, state_table)
    if note:
        notes.append(note)
    kw = dict(series=series, source=source, include_feminicide=include_feminicide, start_year=start_year,
              end_year=end_year)
    panel = state_panel(state_table, population, states, **kw)
    panel_all = state_panel(state_table, population, states, **kw, all_series=True)
    states_nat = national_from_states(panel, population)
    if row is None:
        trend = nat.assign(geography="Mexico")
        # the standing series of each system, plus SESNSP's old methodology (its only figures before 2015)
        labels = [primary_series(nat, sys_) for sys_ in systems]
        if "sesnsp" in systems and SESNSP_OLD not in labels:
            labels.append(SESNSP_OLD)
        annual = nat[nat["series"].isin([label for label in labels if label])]
        recon, gaps = reconciliation(nat_all), gap_long(reconciliation(nat_all))
        month_rows = monthly_series(monthly, NATIONAL_CODE, start_year, end_year)
    else:
        own = (panel_all if source == "all" else panel)
        own = own[own["state_code"] == code].assign(geography=row["name"])
        trend = own
        if measure == "rate":
            trend = pd.concat([own, states_nat.assign(geography="Mexico")], ignore_index=True)
        annual = panel[panel["state_code"] == code]
        state_all = panel_all[panel_all["state_code"] == code]
        recon, gaps = reconciliation(state_all, STATE_GAPS), gap_long(reconciliation(state_all, STATE_GAPS), STATE_GAPS)
        month_rows = monthly_series(monthly, code, start_year, end_year)
    map_series = next((s for s in (primary_series(panel, sys_, "state") for sys_ in systems) if s), None)
    year, note = choose_map_year(panel, map_series, map_year) if map_series else (None, "No state series selected.")
    if note:
        notes.append(note)
    mp = map_data(panel, map_series, year) if year is not None else pd.DataFrame()
    return Views(
        state=NATIONAL if row is None else str(row["abbreviation"]), state_code=code,
        geography="Mexico" if row is None else str(row["name"]),
        border_state=None if row is None else bool(row["border_state"]), series=series, source=source,
        measure=measure, include_feminicide=include_feminicide, start_year=start_year, end_year=end_year,
        systems=systems, national=nat, national_all=nat_all, partial=partial, panel=panel, panel_all=panel_all,
        states_national=states_nat, annual=annual.reset_index(drop=True), trend=trend.reset_index(drop=True),
        admin=administration_summary(annual, administrations, start_year=start_year, end_year=end_year),
        yoy=year_over_year(annual), recon=recon, gaps=gaps, map_series=map_series, map_year=year, map=mp,
        ranks=ranks(panel), border=border_comparison(panel), concentration=concentration(panel),
        monthly=month_rows, season=seasonality(month_rows) if len(month_rows) else pd.DataFrame(), notes=notes)


def load_views(**params) -> Views:
    """:func:`prepare` on the curated tables (``mxsec.data.load``) with notebook parameters."""
    from mxsec.data import load

    options = DEFAULTS | params
    return prepare(load("homicides_national"), load("homicides_state"), load("homicides_monthly"),
                   load("population"), load("states"), load("administrations"), **options)


# --------------------------------------------------------------------------------------------
# Charts: each returns a ChartSpec (Figure, name, caption stating the finding, alt text, the
# plotted data and its source ids), or a spec with figure None and a caption saying why not.
# --------------------------------------------------------------------------------------------

@dataclass
class ChartSpec:
    """A chart ready for ``report.show_chart(spec.figure, **spec.kwargs)``."""

    figure: Figure | None
    name: str
    caption: str
    alt: str = ""
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    source_ids: list[str] = field(default_factory=list)

    @property
    def kwargs(self) -> dict:
        return {"name": self.name, "caption": self.caption, "alt": self.alt, "data": self.data,
                "source_ids": self.source_ids}


def _fmt(value, kind: str = "int", digits: int = 1) -> str:
    from mxsec.report import fmt

    return fmt(value, kind, digits)


def _y(measure: str) -> str:
    return "rate_per_100k" if measure == "rate" else "value"


def _ylabel(measure: str) -> str:
    return "Homicides per 100,000 inhabitants" if measure == "rate" else "Homicides per year"


def _fem_note(v: Views, rows: pd.DataFrame | None = None) -> str:
    """``" SESNSP figures include (exclude) feminicide."`` when SESNSP figures are shown: when they
    appear in the ``system`` or ``series`` column of ``rows`` or, without ``rows``, when SESNSP is
    selected."""
    if rows is None and "sesnsp" not in v.systems:
        return ""
    if rows is not None:
        column = "system" if "system" in rows else "series" if "series" in rows else None
        values = set(rows[column].map(lambda x: LABEL_SYSTEM.get(x, x))) if column else set()
        if "sesnsp" not in values:
            return ""
    return " SESNSP figures include feminicide." if v.include_feminicide else " SESNSP figures exclude feminicide."


def _lines(ax, data: pd.DataFrame, *, x: str, y: str, label_col: str = "series", dashed: pd.Series | None = None,
           prefix_col: str | None = None, markers: bool = True) -> None:
    """One line per (series[, prefix]) in the house colours; ``dashed`` marks rows drawn dashed."""
    frame = data.assign(_dashed=False if dashed is None else dashed.to_numpy())
    keys = ["_dashed", label_col] + ([prefix_col] if prefix_col else [])
    for (is_dashed, label, *prefix), group in frame.groupby(keys, sort=False):
        group = group.sort_values(x)
        name = f"{prefix[0]}: {label}" if prefix else label
        ax.plot(group[x], group[y], color=SERIES_COLOURS.get(label, charts.PALETTE[7]), lw=1.8,
                ls="--" if is_dashed else "-", marker="o" if markers else None, ms=2.8, label=name)


def _shade(ax, administrations: pd.DataFrame, lo: float, hi: float) -> None:
    ax.set_xlim(lo, hi)
    charts.shade_administrations(ax, administrations)


def trend_chart(v: Views, administrations: pd.DataFrame) -> ChartSpec:
    """Annual homicides (count or rate) of the geography, one line per series; in a state profile
    the national rate of the same series (sum of the 32 states) is drawn dashed."""
    data = v.trend.sort_values(["geography", "series", "year"])
    y = _y(v.measure)
    if data.empty:
        return ChartSpec(None, "trend", f"No full-year homicide series for {v.geography} in the selected years.")
    fig, ax = charts.new_figure(height=4.4)
    order = {label: i for i, label in enumerate(LABEL_ORDER)}
    data = data.assign(_o=data["series"].map(order)).sort_values(["_o", "geography", "year"]).drop(columns="_o")
    profile = v.state != NATIONAL
    _lines(ax, data, x="year", y=y, dashed=(data["geography"] == "Mexico") if profile else None,
           prefix_col="geography" if profile else None)
    _shade(ax, administrations, data["year"].min() - 0.5, data["year"].max() + 0.5)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(_ylabel(v.measure))
    if v.measure == "count":
        charts.thousands(ax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7.5)
    ax.set_title(f"Homicides in {v.geography}, {data['year'].min()}–{data['year'].max()}", pad=14)
    parts = []
    for system in v.systems:
        own = data[(data["geography"] == v.geography) & (data["system"] == system)]
        label = primary_series(own, system, "national" if not profile else "state")
        if label is None:
            continue
        rows = own[own["series"] == label]
        peak, last = rows.loc[rows[y].idxmax()], rows.loc[rows["year"].idxmax()]
        unit = " per 100,000" if v.measure == "rate" else ""
        kind = "rate" if v.measure == "rate" else "int"
        if len(rows) == 1:
            parts.append(f"{label}: {_fmt(last[y], kind)}{unit} in {int(last['year'])}, the only full year shown")
        elif peak["year"] == last["year"]:
            parts.append(f"{label}: {_fmt(last[y], kind)}{unit} in {int(last['year'])}, the highest in the years shown")
        else:
            parts.append(f"{label}: {_fmt(last[y], kind)}{unit} in {int(last['year'])}, against a peak of "
                         f"{_fmt(peak[y], kind)} in {int(peak['year'])}")
    caption = "; ".join(parts) + "." if parts else f"Homicides in {v.geography}."
    if profile and v.measure == "rate":
        caption += " Dashed lines: national rate of the same series."
    alt = (f"Line chart of annual homicides {'per 100,000 inhabitants' if v.measure == 'rate' else ''} in {v.geography} "
           f"from {data['year'].min()} to {data['year'].max()}, one line per source series "
           f"({', '.join(dict.fromkeys(data['series']))}), with presidential terms shaded.")
    columns = ["geography", "year", "series", "value", "population", "rate_per_100k", "source_id"]
    return ChartSpec(fig, "trend", caption + _fem_note(v, data), alt, data[columns],
                     source_ids(data, extra=(ADMINISTRATIONS_SOURCE,)))


def gap_chart(v: Views) -> ChartSpec:
    """Grouped bars per year: the difference between pairs of series (INEGI final minus SESNSP
    victims, final minus preliminary, registration minus occurrence; by state: INEGI occurrence
    minus SESNSP victims, registration minus occurrence)."""
    gaps = v.gaps
    if gaps.empty:
        return ChartSpec(None, "source-gaps", "No year has two series to compare in the selected years.")
    names = list(dict.fromkeys(gaps["gap"]))
    fig, ax = charts.new_figure(height=3.8)
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        rows = gaps[gaps["gap"] == name]
        ax.bar(rows["year"] + (i - (len(names) - 1) / 2) * width, rows["difference"], width=width,
               color=charts.PALETTE[[1, 5, 2][i % 3]], label=name)
    ax.axhline(0, color=charts.INK, lw=0.8)
    charts.thousands(ax)
    ax.set_ylabel("Difference, homicides")
    ax.legend(loc="upper left", fontsize=7.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Differences between the official series, {v.geography}")
    first = gaps[gaps["gap"] == names[0]]
    last = first.loc[first["year"].idxmax()]
    caption = (f"{names[0]}: {_fmt(last['difference'])} homicides in {int(last['year'])} "
               f"({_fmt(last['pct_of_minuend'], 'pct')} of the INEGI figure); between "
               f"{_fmt(first['difference'].min())} and {_fmt(first['difference'].max())} a year over "
               f"{periods.format_year_ranges(first['year'])}.")
    alt = f"Grouped bar chart of yearly differences between official homicide series for {v.geography}: {', '.join(names)}."
    used = v.national_all if v.state == NATIONAL else v.panel_all[v.panel_all["state_code"] == v.state_code]
    compared = {label for gap in (NATIONAL_GAPS if v.state == NATIONAL else STATE_GAPS) if gap[0] in names
                for label in gap[1:]}
    used = used[used["series"].isin(compared) & used["year"].isin(gaps["year"])]
    return ChartSpec(fig, "source-gaps", caption + _fem_note(v, used), alt, gaps, source_ids(used))


def reconciliation_table(v: Views) -> tuple[pd.DataFrame, str, list[str]]:
    """The side-by-side table (years where a SESNSP or preliminary INEGI figure exists, or for a
    state every year of the SESNSP victims series), caption and source ids."""
    recon = v.recon.copy()
    if v.state == NATIONAL:
        keep = [c for c in (INEGI_PRELIM, SESNSP_VICTIMS) if c in recon]
    else:
        keep = [c for c in (SESNSP_VICTIMS, SESNSP_FILES) if c in recon]
    if keep:
        recon = recon[recon[keep].notna().any(axis=1)]
    recon = recon[[c for c in recon.columns if not c.endswith("(%)") and recon[c].notna().any()]]
    for column in recon.columns:
        if column != "year":
            recon[column] = recon[column].round(0).astype("Int64")
    recon = recon.rename(columns=TABLE_NAMES)
    caption = (f"Homicides in {v.geography} by official series, and the differences between them (empty: the series has "
               f"no full-year figure for that year).{_fem_note(v, v.national_all if v.state == NATIONAL else v.panel_all)}")
    used = v.national_all if v.state == NATIONAL else v.panel_all[v.panel_all["state_code"] == v.state_code]
    return recon.reset_index(drop=True), caption, source_ids(used[used["year"].isin(recon["Year"])])


def admin_table(v: Views) -> tuple[pd.DataFrame, str, list[str]]:
    """Average annual homicides and rate per 100,000 (deaths over person-years) per term and series;
    terms with no year of data in a series are left out except where no series has one."""
    admin = v.admin
    has = admin["years_with_data"] != "none"
    nothing = ~admin.groupby("administration")["years_with_data"].transform(lambda s: (s != "none").any())
    shown = admin[has | (nothing & ~admin.duplicated("administration"))].copy()
    table = pd.DataFrame({
        "Administration": shown["administration"], "Series": shown["series"], "Years": shown["years_assigned"],
        "Years with data": shown["years_with_data"],
        "Avg. homicides a year": shown["avg_annual_homicides"].round(0).astype("Int64"),
        "Rate per 100,000": shown["rate_per_100k"].astype("float64").round(1),
        "Change in rate (%)": shown["change_pct"].astype("float64").round(1),
    })
    table.loc[~has.loc[shown.index], "Series"] = "no full year of data"
    caption = (f"Homicides per administration, {v.geography}: average a year and rate per 100,000 (homicides summed over "
               "the calendar years assigned to the term, divided by the sum of those years' mid-year populations). "
               "Change: rate in the term's last year with data against the last year before the term.")
    return table.reset_index(drop=True), caption, source_ids(v.annual, extra=(ADMINISTRATIONS_SOURCE,))


def yoy_chart(v: Views, administrations: pd.DataFrame) -> ChartSpec:
    """Bars of the year-over-year change in the homicide rate (percent), one colour per series."""
    data = v.yoy.dropna(subset=["change_rate_pct"])
    if data.empty:
        return ChartSpec(None, "year-over-year", "No two consecutive full years in the selected series.")
    standing = standing_series(v)
    labels = [label for label in LABEL_ORDER if label in set(data["series"])]
    labels.sort(key=lambda label: label != standing)  # the standing series first (colour, caption)
    fig, ax = charts.new_figure(height=3.8)
    width = 0.8 / len(labels)
    for i, label in enumerate(labels):
        rows = data[data["series"] == label]
        ax.bar(rows["year"] + (i - (len(labels) - 1) / 2) * width, rows["change_rate_pct"], width=width,
               color=SERIES_COLOURS.get(label, charts.PALETTE[0]), label=label)
    ax.axhline(0, color=charts.INK, lw=0.8)
    _shade(ax, administrations, data["year"].min() - 0.7, data["year"].max() + 0.7)
    ax.set_ylabel("Change in rate from previous year (%)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7.5)
    ax.set_title(f"Year-over-year change in the homicide rate, {v.geography}", pad=14)
    first = data[data["series"] == labels[0]]
    up, down = first.loc[first["change_rate_pct"].idxmax()], first.loc[first["change_rate_pct"].idxmin()]
    last = first.loc[first["year"].idxmax()]
    parts = []
    if len(first) > 1 and up["change_rate_pct"] > 0:
        parts.append(f"the largest rise was {_fmt(up['change_rate_pct'], 'signed_pct')} in {int(up['year'])}")
    if len(first) > 1 and down["change_rate_pct"] < 0:
        parts.append(f"the largest fall was {_fmt(down['change_rate_pct'], 'signed_pct')} in {int(down['year'])}")
    parts.append(f"{int(last['year'])}: {_fmt(last['change_rate_pct'], 'signed_pct')}")
    caption = f"{labels[0]}: " + "; ".join(parts) + "."
    alt = f"Bar chart of the annual percentage change in the homicide rate of {v.geography}, presidential terms shaded."
    return ChartSpec(fig, "year-over-year", caption, alt, data, source_ids(v.annual, extra=(ADMINISTRATIONS_SOURCE,)))


def _map_value(v: Views) -> tuple[str, str, str]:
    return ("rate_per_100k", "{:.0f}", "per 100,000") if v.measure == "rate" else ("homicides", "{:,.0f}", "homicides")


def tile_map_chart(v: Views, states: pd.DataFrame) -> ChartSpec:
    """Tile-grid map of the state rate (or count) in the map year; border states outlined."""
    if v.map.empty:
        return ChartSpec(None, "state-map", " ".join(v.notes) or "No state data for the selected years.")
    column, label_format, unit = _map_value(v)
    fig = charts.tile_map(v.map, value=column, states=states, label_format=label_format,
                          title=f"Homicides {unit}, by state, {v.map_year} ({v.map_series})")
    top, bottom = v.map.iloc[0], v.map.iloc[-1]
    caption = (f"{top['name']} had the highest rate in {v.map_year}, {_fmt(top['rate_per_100k'], 'rate')} per 100,000; "
               f"{bottom['name']} the lowest, {_fmt(bottom['rate_per_100k'], 'rate')} ({v.map_series}). "
               "Thick outlines: states bordering the United States.")
    if v.state != NATIONAL:
        own = v.map[v.map["state_code"] == v.state_code]
        if len(own):
            caption += (f" {v.geography}: {_fmt(own.iloc[0]['rate_per_100k'], 'rate')}, "
                        f"{_ordinal(own.iloc[0]['rank'])} of 32.")
    alt = (f"Tile-grid map of Mexico's 32 states, one square each, coloured by homicides {unit} in {v.map_year} "
           f"and labelled with the state abbreviation and value.")
    fem = _fem_note(v) if LABEL_SYSTEM.get(v.map_series) == "sesnsp" else ""
    return ChartSpec(fig, "state-map", caption + fem, alt, v.map,
                     source_ids(v.map, extra=(STATES_SOURCE,)))


def rank_chart(v: Views) -> ChartSpec:
    """Horizontal bars of the state values in the map year, ranked; with both systems, the other
    system's standing series for the same year as dots. Border states (national report) or the
    profiled state in the accent colour."""
    if v.map.empty:
        return ChartSpec(None, "state-ranking", " ".join(v.notes) or "No state data for the selected years.")
    column, _, unit = _map_value(v)
    data = v.map.copy()
    other = [s for s in (primary_series(v.panel, sys_, "state") for sys_ in v.systems) if s and s != v.map_series]
    if other:
        extra = v.panel[(v.panel["series"] == other[0]) & (v.panel["year"] == v.map_year)]
        extra = extra.drop(columns="homicides").rename(columns={"value": "homicides"})
        data = data.merge(extra[["state_code", column, "source_id"]].rename(
            columns={column: f"{column} ({other[0]})", "source_id": "other_source_id"}), on="state_code", how="left")
    data = data.sort_values(column, ascending=True)
    fig, ax = charts.new_figure(height=5.6)
    accent = data["state_code"] == v.state_code if v.state != NATIONAL else data["border_state"]
    colours = np.where(accent, charts.PALETTE[1], SERIES_COLOURS.get(v.map_series, charts.PALETTE[0]))
    ax.barh(data["name"], data[column], color=colours, label=v.map_series)
    second = f"{column} ({other[0]})" if other else None
    if second and data[second].notna().any():
        ax.plot(data[second], data["name"], "D", color=charts.INK, ms=3.5, label=other[0])
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.set_xlabel(_ylabel(v.measure))
    if v.measure == "count":
        charts.thousands(ax, "x")
    ax.legend(loc="lower right", fontsize=7.5)
    highlight = v.geography if v.state != NATIONAL else "border states"
    ax.set_title(f"States ranked, {v.map_year} (orange: {highlight})")
    top = data.iloc[-1]
    kind = "rate" if v.measure == "rate" else "int"
    caption = f"In {v.map_year}, {top['name']} ranked first ({_fmt(top[column], kind)} {unit})"
    if second and data[second].notna().any():
        both = data.dropna(subset=[second])
        same = int((both[column].rank(ascending=False) <= TOP_N).eq(both[second].rank(ascending=False) <= TOP_N).all())
        top_other = both.loc[both[second].idxmax(), "name"]
        caption += (f"; by {other[0]} the first was {top_other}"
                    + (", and both series put the same five states at the top" if same else "") )
    caption += "."
    alt = f"Horizontal bar chart ranking the 32 states by homicides {unit} in {v.map_year}."
    ids = source_ids(data)
    if "other_source_id" in data:
        ids = sorted(set(ids) | set(data["other_source_id"].dropna().astype(str)))
    return ChartSpec(fig, "state-ranking", caption + _fem_note(v, v.panel), alt, data.drop(columns=["feminicide_source_id"]),
                     ids)


def small_multiples_chart(v: Views) -> ChartSpec:
    """One small panel per state (ordered by the latest rate of the standing series, highest first),
    one line per series, shared y scale."""
    if v.panel.empty:
        return ChartSpec(None, "state-trends", "No state data for the selected years.")
    y = _y(v.measure)
    latest = v.panel[(v.panel["series"] == v.map_series) & (v.panel["year"] == latest_year(v.panel, v.map_series))]
    order = list(latest.sort_values("rate_per_100k", ascending=False)["abbreviation"])
    order += [a for a in sorted(v.panel["abbreviation"].unique()) if a not in order]
    labels = [s for s in LABEL_ORDER if s in set(v.panel["series"])]
    highlight = [v.state] if v.state != NATIONAL else list(v.panel.loc[v.panel["border_state"], "abbreviation"].unique())
    fig = charts.small_multiples(v.panel, x="year", y=y, facet="abbreviation", hue="series", hue_order=labels,
                                 colors=[SERIES_COLOURS.get(label, charts.PALETTE[0]) for label in labels],
                                 facet_order=order, highlight=highlight, ylabel=_ylabel(v.measure),
                                 thousands_axis=v.measure == "count")
    lead = latest.sort_values("rate_per_100k", ascending=False)
    caption = (f"States ordered by their {latest_year(v.panel, v.map_series)} rate ({v.map_series}), highest first; "
               f"all panels share one scale. Highlighted: {'the border states' if v.state == NATIONAL else v.geography}.")
    if len(lead):
        first = lead.iloc[0]
        caption = (f"{first['name']} had the highest rate in {int(first['year'])}. " + caption)
    alt = ("Grid of 32 small line charts, one per state (labelled by abbreviation), showing annual homicides "
           f"{'per 100,000' if v.measure == 'rate' else ''} for {', '.join(labels)}.")
    columns = ["abbreviation", "name", "year", "series", "value", "population", "rate_per_100k", "source_id"]
    return ChartSpec(fig, "state-trends", caption + _fem_note(v, v.panel), alt, v.panel[columns], source_ids(v.panel))


def border_chart(v: Views, administrations: pd.DataFrame) -> ChartSpec:
    """Rate of the six border states together against the other 26 (solid: border, dashed: rest);
    in a state profile the profiled state is added."""
    data = v.border
    if data.empty:
        return ChartSpec(None, "border-states", "No complete year of state data in the selected years.")
    fig, ax = charts.new_figure(height=4.0)
    labels = [s for s in LABEL_ORDER if s in set(data["series"])]
    for (group, label), rows in data.groupby(["group", "series"]):
        rows = rows.sort_values("year")
        ax.plot(rows["year"], rows["rate_per_100k"], color=charts.PALETTE[1] if group == "Border states" else charts.PALETTE[0],
                ls="-" if label == labels[0] else "--", lw=1.8, marker="o", ms=2.5, label=f"{group}: {label}")
    plotted = data.assign(geography=data["group"])
    if v.state != NATIONAL:
        own = v.panel[v.panel["state_code"] == v.state_code]
        for label, rows in own.groupby("series"):
            rows = rows.sort_values("year")
            ax.plot(rows["year"], rows["rate_per_100k"], color=charts.PALETTE[7], lw=1.2,
                    ls=":" if label == labels[0] else "-.", label=f"{v.geography}: {label}")
        plotted = pd.concat([plotted, own.rename(columns={"value": "homicides_total"}).assign(
            geography=v.geography, group=v.geography)[["year", "series", "group", "rate_per_100k", "population"]]],
            ignore_index=True)
    _shade(ax, administrations, data["year"].min() - 0.5, data["year"].max() + 0.5)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Homicides per 100,000 inhabitants")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", fontsize=7)
    ax.set_title("Border states and the rest of Mexico", pad=14)
    label = v.map_series
    rows = data[data["series"] == label]
    last_year = int(rows["year"].max())
    wide = rows.pivot_table(index="year", columns="group", values="rate_per_100k")
    above = int((wide["Border states"] > wide["Other states"]).sum())
    b, o = wide.loc[last_year, "Border states"], wide.loc[last_year, "Other states"]
    caption = (f"{label}: in {last_year} the border states had {_fmt(b, 'rate')} homicides per 100,000 against "
               f"{_fmt(o, 'rate')} in the other states; the border rate was the higher one in {above} of "
               f"{len(wide)} years.")
    alt = "Line chart of the homicide rate of the six U.S. border states combined and of the other 26 states combined."
    return ChartSpec(fig, "border-states", caption + _fem_note(v, v.panel), alt, plotted,
                     source_ids(v.panel, extra=(STATES_SOURCE, ADMINISTRATIONS_SOURCE)))


def concentration_chart(v: Views) -> ChartSpec:
    """Two panels per year: share of homicides in the five states with most homicides, and the
    population-weighted Gini coefficient of state rates."""
    data = v.concentration
    if data.empty:
        return ChartSpec(None, "concentration", "No complete year of state data in the selected years.")
    fig, axes = charts.new_figure(1, 2, height=3.4)
    left, right = axes.flat
    for label, rows in data.groupby("series"):
        rows = rows.sort_values("year")
        colour = SERIES_COLOURS.get(label, charts.PALETTE[0])
        left.plot(rows["year"], rows["top5_share_pct"], color=colour, lw=1.8, marker="o", ms=2.5, label=label)
        right.plot(rows["year"], rows["gini"], color=colour, lw=1.8, marker="o", ms=2.5, label=label)
    left.set_title("Share in the top five states (%)", fontsize=9.5)
    right.set_title("Gini of state rates (population-weighted)", fontsize=9.5)
    left.set_ylim(0, 100)
    right.set_ylim(0, max(0.6, float(data["gini"].max()) * 1.1))
    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    left.legend(loc="lower left", fontsize=7)
    rows = data[data["series"] == v.map_series].sort_values("year")
    first, last = rows.iloc[0], rows.iloc[-1]
    caption = (f"{v.map_series}: the five states with most homicides held {_fmt(last['top5_share_pct'], 'pct')} of them "
               f"in {int(last['year'])} ({_fmt(first['top5_share_pct'], 'pct')} in {int(first['year'])}); the Gini of "
               f"state rates was {last['gini']:.2f} ({first['gini']:.2f} in {int(first['year'])}).")
    alt = ("Two line charts: the share of homicides in the five states with most homicides, and the Gini coefficient "
           "of state rates.")
    return ChartSpec(fig, "concentration", caption + _fem_note(v, v.panel), alt, data, source_ids(v.panel))


def rank_history_chart(v: Views) -> ChartSpec:
    """The profiled state's rank among the 32 states by rate, per year and series (1 = highest)."""
    own = v.ranks[v.ranks["state_code"] == v.state_code]
    if own.empty:
        return ChartSpec(None, "state-rank", f"No state data for {v.geography} in the selected years.")
    fig, ax = charts.new_figure(height=3.2)
    for label, rows in own.groupby("series"):
        rows = rows.sort_values("year")
        ax.plot(rows["year"], rows["rank"].astype(float), color=SERIES_COLOURS.get(label, charts.PALETTE[0]), lw=1.8,
                marker="o", ms=3, label=label)
    ax.set_ylim(32.5, 0.5)
    ax.set_yticks([1, 8, 16, 24, 32])
    ax.set_ylabel("Rank by rate (1 = highest)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower left", fontsize=7.5)
    ax.set_title(f"{v.geography}: rank among the 32 states")
    rows = own[own["series"] == v.map_series].sort_values("year")
    best, last = rows.loc[rows["rank"].astype(float).idxmin()], rows.iloc[-1]
    caption = (f"{v.geography} ranked {_ordinal(last['rank'])} of 32 in {int(last['year'])} ({v.map_series}); its "
               f"highest rank was {_ordinal(best['rank'])}, in {int(best['year'])}.")
    data = own[["year", "series", "abbreviation", "value", "rate_per_100k", "rank", "source_id"]]
    alt = f"Line chart of {v.geography}'s rank among Mexico's 32 states by homicide rate, per year."
    return ChartSpec(fig, "state-rank", caption + _fem_note(v, own), alt, data, source_ids(own))


def leaders_table(v: Views) -> tuple[pd.DataFrame, str, list[str]]:
    """The state with the highest rate each year, per standing state series."""
    table = leaders(v.panel).rename(columns={"year": "Year"})
    table["rate_per_100k"] = table["rate_per_100k"].round(1)
    wide = table.pivot_table(index="Year", columns="series", values="state", aggfunc="first").reset_index()
    wide.columns.name = None
    rates = table.pivot_table(index="Year", columns="series", values="rate_per_100k", aggfunc="first")
    for label in rates.columns:
        wide[f"{label}: rate"] = wide["Year"].map(rates[label])
    caption = "State with the highest homicide rate each year (per 100,000), by series."
    return wide, caption, source_ids(v.panel)


def monthly_chart(v: Views, administrations: pd.DataFrame) -> ChartSpec:
    """INEGI deaths per day by month of occurrence, with the 12-month moving average."""
    data = v.monthly.copy()
    if data.empty:
        return ChartSpec(None, "monthly", "The monthly INEGI file covers 2000–2022; no month falls in the selected years.")
    data["moving_average_12m"] = data["value"].rolling(12).sum() / data["days_in_month"].rolling(12).sum()
    fig, ax = charts.new_figure(height=3.8)
    ax.plot(data["x"], data["deaths_per_day"], color=charts.PALETTE[2], lw=0.9, label="Deaths per day, monthly")
    ax.plot(data["x"], data["moving_average_12m"], color=charts.INK, lw=1.6, label="12-month average")
    _shade(ax, administrations, data["year"].min(), data["year"].max() + 1)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Homicide deaths per day")
    ax.legend(loc="upper left", fontsize=7.5)
    ax.set_title(f"Homicide deaths per day by month of occurrence, {v.geography}", pad=14)
    peak = data.loc[data["deaths_per_day"].idxmax()]
    caption = (f"The highest month was {MONTH_FULL[int(peak['month']) - 1]} {int(peak['year'])}, with "
               f"{_fmt(peak['deaths_per_day'], 'rate')} homicide deaths a day (INEGI, month of occurrence).")
    alt = f"Line chart of monthly homicide deaths per day in {v.geography}, {data['year'].min()}–{data['year'].max()}."
    columns = ["year", "month", "state_code", "value", "days_in_month", "deaths_per_day", "moving_average_12m", "source_id"]
    return ChartSpec(fig, "monthly", caption, alt, data[columns], source_ids(data, extra=(ADMINISTRATIONS_SOURCE,)))


def seasonality_chart(v: Views) -> ChartSpec:
    """Average deaths per day by calendar month over the monthly file's years."""
    data = v.season
    if data.empty:
        return ChartSpec(None, "seasonality", "No monthly data in the selected years.")
    fig, ax = charts.new_figure(height=3.0)
    deviation = data["index"] - 100
    colours = np.where(deviation >= 0, charts.PALETTE[1], charts.PALETTE[0])
    ax.bar(data["month_name"], deviation, color=colours)
    ax.axhline(0, color=charts.INK, lw=0.8)
    ax.grid(axis="x", visible=False)
    ax.set_ylabel("Deaths per day vs. average day (%)")
    years = f"{v.monthly['year'].min()}–{v.monthly['year'].max()}"
    ax.set_title(f"Seasonality: homicide deaths per day by calendar month, {v.geography}, {years}")
    hi, lo = data.loc[data["index"].idxmax()], data.loc[data["index"].idxmin()]
    caption = (f"Over {years}, {MONTH_FULL[int(hi['month']) - 1]} averaged {_fmt(hi['deaths_per_day'], 'rate')} deaths a day "
               f"({_fmt(hi['index'] - 100, 'signed_pct')} against the average day) and {MONTH_FULL[int(lo['month']) - 1]} "
               f"{_fmt(lo['deaths_per_day'], 'rate')} ({_fmt(lo['index'] - 100, 'signed_pct')}); per-day figures make "
               "February comparable with longer months.")
    alt = ("Bar chart of each calendar month's homicide deaths per day as a percentage above or below the average day; "
           "orange bars are above average.")
    return ChartSpec(fig, "seasonality", caption, alt, data, [MONTHLY_SOURCE])


# --------------------------------------------------------------------------------------------
# Key figures and prose
# --------------------------------------------------------------------------------------------

def _entry(value, unit: str, period, ids, note: str) -> dict:
    return {"value": value, "unit": unit, "period": str(period), "source_ids": sorted(set(ids)), "note": note}


def _row_ids(row: pd.Series) -> list[str]:
    ids = [str(row["source_id"])]
    if str(row.get("feminicide_source_id", "") or ""):
        ids.append(str(row["feminicide_source_id"]))
    return ids


def key_figures(views: Views | None = None, **params) -> dict[str, dict]:
    """The report's key figures (``report.key_figures`` format). Without ``views``, computes the
    edition for ``params`` (defaults: the default edition, national, both series).

    National: peak and latest year of the standing series of the first selected system (INEGI
    deaths by year of registration, final, unless ``series='sesnsp'``), full years only; rate by
    administration; state concentration and highest-rate state in the latest year of the state
    series (INEGI by year of occurrence, which ends earlier than the national series). State
    profile: the same figures for the state (state series), plus its rank and the national rate.
    """
    v = views if views is not None else load_views(**params)
    out: dict[str, dict] = {}
    system = standing_system(v)
    profile = v.state != NATIONAL
    annual = v.annual
    label = primary_series(annual, system, "state" if profile else "national")
    rows = annual[annual["series"] == label] if label else annual.iloc[0:0]
    where = v.geography
    if len(rows):
        span = f"{rows['year'].min()}–{rows['year'].max()}"
        peak = rows.loc[rows["value"].idxmax()]
        last = rows.loc[rows["year"].idxmax()]
        out["peak_year"] = _entry(int(peak["year"]), "year", span, _row_ids(peak),
                                  f"{where}: year with most homicides, {label}, full years {span}")
        out["peak_homicides"] = _entry(int(peak["value"]), "homicides", int(peak["year"]), _row_ids(peak),
                                       f"{where}, {label}")
        out["peak_rate_per_100k"] = _entry(round(float(peak["rate_per_100k"]), 1), "rate_per_100k", int(peak["year"]),
                                           _row_ids(peak) + [POPULATION_SOURCE],
                                           f"{where}, {label}; rate in the year with most homicides")
        out["latest_year"] = _entry(int(last["year"]), "year", int(last["year"]), _row_ids(last),
                                    f"{where}: latest full year of {label}")
        out["latest_homicides"] = _entry(int(last["value"]), "homicides", int(last["year"]), _row_ids(last),
                                         f"{where}, {label}")
        out["latest_rate_per_100k"] = _entry(round(float(last["rate_per_100k"]), 1), "rate_per_100k", int(last["year"]),
                                             _row_ids(last) + [POPULATION_SOURCE],
                                             f"{where}, {label}; CONAPO mid-year population of {int(last['year'])}")
    admin = v.admin[(v.admin["series"] == label) & (v.admin["years_with_data"] != "none")]
    if len(admin):
        gaps = [f"{r.administration}: {r.coverage} ({r.years_with_data})" for r in admin.itertuples() if r.coverage != "complete"]
        missing = v.admin[(v.admin["series"] == label) & (v.admin["years_with_data"] == "none")]["administration"]
        note = (f"{where}, {label}: homicides over the calendar years assigned to each term (majority-of-year rule) "
                "divided by the sum of those years' mid-year populations, x 100,000.")
        if gaps:
            note += " Partial coverage: " + "; ".join(gaps) + "."
        if len(missing):
            note += f" No full year of data: {', '.join(missing)}."
        out["rate_by_administration"] = _entry(
            {r.administration: round(float(r.rate_per_100k), 1) for r in admin.itertuples()}, "rate_per_100k",
            f"{admin['years_with_data'].iloc[0].split('–')[0]}–{admin['last_year'].max()}",
            source_ids(v.annual[v.annual["series"] == label], extra=(ADMINISTRATIONS_SOURCE,)), note)
        out["avg_homicides_by_administration"] = _entry(
            {r.administration: round(float(r.avg_annual_homicides)) for r in admin.itertuples()}, "homicides",
            out["rate_by_administration"]["period"], out["rate_by_administration"]["source_ids"],
            f"{where}, {label}: average homicides a year over the term's years with data.")
    if v.map_series is not None and len(v.concentration):
        conc = v.concentration[v.concentration["series"] == v.map_series]
        last = conc.loc[conc["year"].idxmax()]
        year = int(last["year"])
        panel_year = v.panel[(v.panel["series"] == v.map_series) & (v.panel["year"] == year)]
        top = top_states(v.panel, v.map_series, year)
        out["top5_share_latest"] = _entry(round(float(last["top5_share_pct"]), 1), "percent", year, source_ids(panel_year),
                                          f"Share of all homicides in the five states with most ({', '.join(top)}), "
                                          f"{v.map_series}; state series ends {year}")
        out["gini_state_rates_latest"] = _entry(round(float(last["gini"]), 3), "index", year, source_ids(panel_year),
                                                f"Population-weighted Gini of state rates, {v.map_series}")
        lead = panel_year.loc[panel_year["rate_per_100k"].idxmax()]
        out["highest_rate_state_latest"] = _entry(str(lead["name"]), "state", year, _row_ids(lead) + [POPULATION_SOURCE],
                                                  f"{lead['name']}: {_fmt(lead['rate_per_100k'], 'rate')} homicides per "
                                                  f"100,000, {v.map_series}")
        out["highest_state_rate_latest"] = _entry(round(float(lead["rate_per_100k"]), 1), "rate_per_100k", year,
                                                  _row_ids(lead) + [POPULATION_SOURCE],
                                                  f"{lead['name']}, {v.map_series}")
        border = v.border[(v.border["series"] == v.map_series) & (v.border["year"] == year)].set_index("group")
        if len(border) == 2:
            out["border_states_rate_latest"] = _entry(round(float(border.loc["Border states", "rate_per_100k"]), 1),
                                                      "rate_per_100k", year, source_ids(panel_year),
                                                      f"Six border states combined, {v.map_series}")
            out["other_states_rate_latest"] = _entry(round(float(border.loc["Other states", "rate_per_100k"]), 1),
                                                     "rate_per_100k", year, source_ids(panel_year),
                                                     f"The 26 other states combined, {v.map_series}")
    if profile and len(rows):
        ranked = ranks(v.panel)
        own = ranked[(ranked["state_code"] == v.state_code) & (ranked["series"] == label)]
        last = own.loc[own["year"].idxmax()]
        year = int(last["year"])
        nat = v.states_national[(v.states_national["series"] == label) & (v.states_national["year"] == year)]
        out["rank_latest"] = _entry(int(last["rank"]), "rank of 32", year, _row_ids(last) + [POPULATION_SOURCE],
                                    f"{where}'s rank among the 32 states by rate (1 = highest), {label}")
        if len(nat):
            national_rate = float(nat["rate_per_100k"].iloc[0])
            out["national_rate_latest"] = _entry(round(national_rate, 1), "rate_per_100k", year,
                                                 source_ids(nat), f"Mexico (sum of the 32 states), {label}")
            out["ratio_to_national_latest"] = _entry(round(float(last["rate_per_100k"]) / national_rate, 2), "ratio", year,
                                                     _row_ids(last) + [POPULATION_SOURCE],
                                                     f"{where}'s rate divided by the national rate, {label}")
    if "sesnsp" in v.systems and system != "sesnsp":
        other = primary_series(annual, "sesnsp", "state" if profile else "national")
        srows = annual[annual["series"] == other] if other else annual.iloc[0:0]
        if len(srows):
            last = srows.loc[srows["year"].idxmax()]
            out["sesnsp_latest_homicides"] = _entry(int(last["value"]), "homicides", int(last["year"]), _row_ids(last),
                                                    f"{where}, {other}" + (" incl. feminicide" if v.include_feminicide else ""))
            out["sesnsp_latest_rate_per_100k"] = _entry(round(float(last["rate_per_100k"]), 1), "rate_per_100k",
                                                        int(last["year"]), _row_ids(last) + [POPULATION_SOURCE],
                                                        f"{where}, {other}")
            both = rows.merge(srows, on="year", suffixes=("", "_s"))
            if len(both):
                common = both.loc[both["year"].idxmax()]
                diff = int(common["value"]) - int(common["value_s"])
                out["inegi_minus_sesnsp_latest"] = _entry(
                    diff, "homicides", int(common["year"]), _row_ids(rows.loc[rows["year"] == common["year"]].iloc[0])
                    + _row_ids(srows.loc[srows["year"] == common["year"]].iloc[0]),
                    f"{where}: {label} minus {other}, latest year both have "
                    f"({_fmt(diff / common['value'] * 100, 'pct')} of the INEGI figure)")
    if not profile:
        for _, row in v.partial.iterrows():
            key = f"partial_year_{row['system']}"
            out[key] = _entry(int(row["value"]), "homicides", f"{row['year']}, {row['months']} months",
                              _row_ids(row), f"{row['series']} ({row['revision']}), first {row['months']} months only: "
                              "not comparable with full years; no rate computed")
    return out


def key_figure_labels(figures: dict[str, dict], v: Views) -> dict[str, str]:
    """The entries shown in the key-figures box and their labels."""
    where = "" if v.state == NATIONAL else f"{v.geography}: "
    first = "INEGI" if standing_system(v) == "inegi" else "SESNSP"
    wanted = [
        ("latest_homicides", f"{where}{first} homicides, latest year"),
        ("latest_rate_per_100k", f"{where}{first} homicides per 100,000"),
        ("peak_homicides", f"{where}{first} homicides, peak year"),
        ("sesnsp_latest_homicides", f"{where}SESNSP victims, latest year"),
        ("rank_latest", f"{where}rank among 32 states by rate"),
        ("ratio_to_national_latest", f"{where}rate relative to national"),
        ("top5_share_latest", "share of homicides in the top five states"),
        ("highest_rate_state_latest", "state with the highest rate"),
    ]
    return {k: label for k, label in wanted if k in figures}


def _ordinal(n: int) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def counted(label: str, value, v: Views, where: str) -> str:
    """``INEGI death records (...) counted 33,550 homicides in Mexico`` / ``SESNSP recorded 30,898
    victims of intentional homicide (feminicide included) in Mexico``."""
    fem = " and feminicide" if v.include_feminicide and LABEL_SYSTEM.get(label) == "sesnsp" else ""
    if label == SESNSP_VICTIMS:
        return f"SESNSP recorded {_fmt(value)} victims of intentional homicide{fem} in {where}"
    if label in (SESNSP_FILES, SESNSP_OLD):
        return f"SESNSP recorded {_fmt(value)} case files for intentional homicide{fem} in {where} ({label})"
    return f"{SERIES_PROSE[label]} counted {_fmt(value)} homicides in {where}"


def standing_system(v: Views) -> str:
    """The first selected system with data for the edition's geography (INEGI unless absent)."""
    level = "national" if v.state == NATIONAL else "state"
    return next((s for s in v.systems if primary_series(v.annual, s, level)), v.systems[0])


def standing_series(v: Views) -> str | None:
    """The series the key figures and findings use for the edition's geography."""
    return primary_series(v.annual, standing_system(v), "national" if v.state == NATIONAL else "state")


def intro(v: Views, figures: dict[str, dict]) -> str:
    """Edition heading and one generated summary sentence (national or state profile)."""
    series_text = {"both": "INEGI death records and SESNSP prosecutors' reports side by side",
                   "inegi": "INEGI death records", "sesnsp": "SESNSP prosecutors' reports"}[v.series]
    if v.state == NATIONAL:
        head = f"**National report**: {series_text}, {v.start_year}–{v.end_year}."
    else:
        kind = "borders the United States" if v.border_state else "is not a border state"
        head = f"### State profile: {v.geography} ({v.state})\n\n{v.geography} {kind}. This edition shows {series_text}."
    sentence = ""
    label = standing_series(v)
    if "latest_homicides" in figures and label:
        lh, lr = figures["latest_homicides"], figures["latest_rate_per_100k"]
        sentence = (f" In {lh['period']}, {counted(label, lh['value'], v, v.geography)}, "
                    f"{_fmt(lr['value'], 'rate')} per 100,000 inhabitants")
        if "rank_latest" in figures:
            sentence += f", {_ordinal(figures['rank_latest']['value'])} of 32 states by rate"
            if "ratio_to_national_latest" in figures:
                sentence += f" and {_fmt(figures['ratio_to_national_latest']['value'], 'rate', 2)} times the national rate"
        sentence += "."
    return head + sentence


def findings(v: Views, figures: dict[str, dict]) -> str:
    """The findings paragraph, generated from the computed figures (no claim beyond them)."""
    parts = []
    where = v.geography
    label = standing_series(v)
    if "peak_homicides" in figures and label:
        pk, lh, lr = figures["peak_homicides"], figures["latest_homicides"], figures["latest_rate_per_100k"]
        change = (lh["value"] / pk["value"] - 1) * 100
        n_years = int((v.annual["series"] == label).sum())
        if n_years == 1:
            parts.append(f"The selected series ({SERIES_PROSE[label]}) has one full year in the selected years, "
                         f"{lh['period']}: {_fmt(lh['value'])} homicides in {where} ({_fmt(lr['value'], 'rate')} per "
                         "100,000).")
        elif lh["period"] == pk["period"]:
            parts.append(f"By the count of {SERIES_PROSE[label]}, homicides in {where} were at their highest in the "
                         "latest full year, "
                         f"{lh['period']}: {_fmt(lh['value'])} ({_fmt(lr['value'], 'rate')} per 100,000).")
        else:
            parts.append(f"By the count of {SERIES_PROSE[label]}, homicides in {where} peaked at {_fmt(pk['value'])} "
                         f"in {pk['period']}; "
                         f"the latest full year, {lh['period']}, counted {_fmt(lh['value'])} "
                         f"({_fmt(change, 'signed_pct')} against the peak), {_fmt(lr['value'], 'rate')} per 100,000.")
    if "rate_by_administration" in figures:
        rates = figures["rate_by_administration"]["value"]
        names = list(rates)
        if len(names) >= 2:
            a, b = names[-2], names[-1]
            word = "higher than" if rates[b] > rates[a] else "lower than" if rates[b] < rates[a] else "the same as"
            cover = v.admin[v.admin["series"] == label].set_index("administration")
            def years_note(name):
                r = cover.loc[name]
                return "" if r["coverage"] == "complete" else f" ({r['years_with_data']} only)"
            text = (f"Over the calendar years assigned to each term, the rate was {_fmt(rates[b], 'rate')} per 100,000 "
                    f"under {b}{years_note(b)}, {word} the {_fmt(rates[a], 'rate')} under {a}{years_note(a)}")
            if len(names) > 2:
                top = max(rates, key=rates.get)
                text += f"; the highest term rate in the years shown was {top}'s ({_fmt(rates[top], 'rate')})"
            parts.append(text + ".")
    if "inegi_minus_sesnsp_latest" in figures:
        gap = figures["inegi_minus_sesnsp_latest"]
        direction = "more" if gap["value"] > 0 else "fewer"
        parts.append(f"In {gap['period']}, INEGI counted {_fmt(abs(gap['value']))} {direction} homicide deaths in {where} "
                     f"than SESNSP recorded victims{' (feminicide included)' if v.include_feminicide else ''}.")
    if "rank_latest" in figures and "ratio_to_national_latest" in figures:
        r, q = figures["rank_latest"], figures["ratio_to_national_latest"]
        word = "above" if q["value"] > 1 else "below" if q["value"] < 1 else "at"
        parts.append(f"In {r['period']} {where} ranked {_ordinal(r['value'])} of 32 states by rate, {word} the national rate "
                     f"({_fmt(q['value'], 'rate', 2)} times it).")
    if "top5_share_latest" in figures and v.map_series:
        t, h = figures["top5_share_latest"], figures["highest_state_rate_latest"]
        conc = v.concentration[(v.concentration["series"] == v.map_series)
                               & (v.concentration["year"] == int(t["period"]))].iloc[0]
        parts.append(f"In {t['period']} ({SERIES_PROSE[v.map_series]}, the latest year of the state series) the five "
                     f"states with most homicides accounted for {_fmt(t['value'], 'pct')} of them while holding "
                     f"{_fmt(conc['top5_population_share_pct'], 'pct')} of the population; "
                     f"{figures['highest_rate_state_latest']['value']} had the highest rate, "
                     f"{_fmt(h['value'], 'rate')} per 100,000.")
    if "border_states_rate_latest" in figures:
        b, o = figures["border_states_rate_latest"], figures["other_states_rate_latest"]
        word = "above" if b["value"] > o["value"] else "below" if b["value"] < o["value"] else "equal to"
        parts.append(f"The six border states together had {_fmt(b['value'], 'rate')} homicides per 100,000 in "
                     f"{b['period']}, {word} the {_fmt(o['value'], 'rate')} of the other 26 states.")
    if len(v.season):
        hi = v.season.loc[v.season["index"].idxmax()]
        lo = v.season.loc[v.season["index"].idxmin()]
        parts.append(f"In INEGI's deaths by month of occurrence ({v.monthly['year'].min()}–{v.monthly['year'].max()}), "
                     f"{MONTH_FULL[int(hi['month']) - 1]} had the most homicide deaths per day "
                     f"({_fmt(hi['index'] - 100, 'signed_pct')} against the average day) and "
                     f"{MONTH_FULL[int(lo['month']) - 1]} the fewest ({_fmt(lo['index'] - 100, 'signed_pct')}).")
    return " ".join(parts) if parts else "No full-year data in the selected years."


def _years(rows: pd.DataFrame, series: str) -> str:
    return periods.format_year_ranges(rows.loc[rows["series"] == series, "year"])


def data_gaps(v: Views) -> str:
    """Bullet list (markdown) of the gaps that affect this edition, with computed values."""
    items = []
    nat, profile = v.national_all, v.state != NATIONAL
    for _, row in v.partial.iterrows():
        fem = ", feminicide included" if row["feminicide"] else ""
        revision = "" if row["revision"] in row["series"] else f", {row['revision']}"
        items.append(f"{row['year']}: only the first {row['months']} months are in the data ({row['series']}"
                     f"{revision}{fem}: {_fmt(row['value'])}); no annual figure or rate is computed for {row['year']}.")
    reg = nat[nat["series"] == INEGI_FINAL]
    occ = nat[nat["series"] == INEGI_OCC].merge(reg, on="year", suffixes=("", "_reg"))
    if not profile:
        if len(reg) and reg["year"].min() > 1989 and v.start_year <= 1990:
            items.append("INEGI's series starts in 1990, so Salinas's first assigned year (1989) is not covered; his term "
                         "figures use 1990–1994.")
        if len(occ):
            share = occ["value"] / occ["value_reg"] * 100
            items.append(f"INEGI by year of occurrence ({_years(nat, INEGI_OCC)}) leaves out deaths with unknown state or "
                         f"month of occurrence, so it runs under INEGI's national totals: {_fmt(share.min(), 'pct')} to "
                         f"{_fmt(share.max(), 'pct')} of the registration-year total in the same years (the two also "
                         "differ in timing, so not all of the difference is missing deaths).")
        quoted = nat[(nat["system"] == "inegi") & ~nat["source_id"].astype(str).str.startswith("inegi_")]
        if len(quoted):
            kinds = [f"{label.split(', ')[-1]} {periods.format_year_ranges(rows['year'])}"
                     for label, rows in quoted.groupby("series")]
            items.append("INEGI national figures taken from press reports of INEGI's releases rather than from INEGI's "
                         f"own files ({'; '.join(kinds)}); each row cites its report in data/sources.csv.")
        old = nat[nat["series"] == SESNSP_OLD].merge(nat[nat["series"] == SESNSP_FILES], on="year", suffixes=("", "_new"))
        if len(old):
            items.append("SESNSP's old methodology (averiguaciones previas) and the 2015 methodology overlap in "
                         + periods.format_year_ranges(old["year"]) + ": " + ", ".join(
                             f"{r.year} {_fmt(r.homicides)} against {_fmt(r.homicides_new)}" for r in old.itertuples())
                         + " intentional-homicide case files (feminicide not added); they are separate lines, never joined.")
    states_all = v.panel_all
    items.append(f"INEGI state figures exist by year of registration for {_years(states_all, INEGI_FINAL) or 'no year'} and "
                 f"by year of occurrence for {_years(states_all, INEGI_OCC) or 'no year'} in the selected years; the "
                 "state sections use occurrence throughout, so they end earlier than the national series. The "
                 "occurrence file leaves out deaths with unknown month of occurrence.")
    if "sesnsp" in v.systems:
        items.append("SESNSP state case files of the old methodology (CIEISP, 2002–2008; used only with `source=all` or "
                     "that source) lack December 2008 (the 2008 figure covers 11 months and is not used as a year), "
                     "under-report Chihuahua in 2008 and report no intentional homicide at all for Tlaxcala in 2007; "
                     "they are not comparable with the 2015 methodology.")
    by_term = v.admin.groupby("administration", sort=False)["years_with_data"].agg(lambda s: (s == "none").all())
    no_data = list(by_term[by_term].index)
    if no_data:
        items.append(f"No full year of data in this edition's series for: {', '.join(no_data)}.")
    partial_terms = v.admin[(v.admin["years_with_data"] != "none") & (v.admin["coverage"] != "complete")]
    if len(partial_terms):
        items.append("Terms only partly covered (figures use the years with data): " + "; ".join(
            f"{r.administration}, {r.series}: {r.years_with_data} of {r.years_assigned}" for r in partial_terms.itertuples())
            + ".")
    if profile:
        items.append("Preliminary INEGI figures by state are not in the data; the state profile uses final figures only.")
    items.extend(v.notes)
    return "\n".join(f"- {item}" for item in items)


def methodology(v: Views, administrations: pd.DataFrame) -> str:
    """The methodology notes (markdown), with the year-assignment of this edition's terms."""
    assignment = year_assignment_text(administrations, v.start_year, v.end_year)
    return "\n".join([
        "- **Two systems.** INEGI counts registered deaths whose cause is homicide (its statistics of registered "
        "deaths, EDR). SESNSP counts what state prosecutors "
        "report: investigations opened (case files, *carpetas de investigación*) and, from 2015, the victims in them. "
        "One case file can hold several victims, and a death can be registered without an investigation being "
        "opened as intentional homicide (or the reverse), so the two systems differ every year; the report shows "
        "them side by side and never adds or splices them.",
        "- **Registration and occurrence.** INEGI's headline counts deaths by the year they were *registered*; its "
        "microdata also give the year (and state and month) they *occurred*. Late registrations move deaths between "
        "years. National series here use registration (1990–2024); state and monthly series use occurrence (2000–2022), "
        "the longest consistent state series. Preliminary INEGI figures, published the following year, are later "
        "revised to final figures; the final figure is used wherever it exists.",
        "- **Feminicide.** SESNSP records feminicide as a separate crime since 2015; INEGI includes those deaths among "
        "homicides. With `include_feminicide` (this edition: "
        f"{'on' if v.include_feminicide else 'off'}) SESNSP feminicide of the same release is added to intentional "
        "homicide, which makes SESNSP closer in scope to INEGI.",
        "- **Rates** are homicides per 100,000 inhabitants, with CONAPO's mid-year population of the same year and "
        "geography. No annual rate is computed from a year with fewer than 12 months of data.",
        "- **Administrations.** A calendar year belongs to the president in office for most of its days (terms began "
        f"on 1 December until 2018, then 1 October 2024): {assignment}. A term's rate is the sum of homicides over its "
        "years divided by the sum of the mid-year populations of those years (deaths per person-year), times 100,000; "
        "its average is the sum divided by the number of years with data. The change compares the rate in the term's "
        "last year with the year before the term began.",
        "- **Concentration.** The top-five share is the homicides of the five states with most homicides divided by the "
        "total of the 32 states. The Gini coefficient weights each state by its population: "
        "G = Σ<sub>i</sub> Σ<sub>j</sub> p<sub>i</sub> p<sub>j</sub> |r<sub>i</sub> − r<sub>j</sub>| / (2 P² r̄), "
        "with p populations, r rates, P total population and r̄ the national "
        "rate; 0 means every state has the same rate.",
        "- **Monthly series** are deaths per day (monthly deaths divided by the days in the month), so February is "
        "comparable with 31-day months; the seasonal profile pools all years of the file.",
    ])
