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
    (:func:`primary_series`, state level) unless ``all_series``."""
    use, _ = state_source(source, state_table)
    rows = full_years(select_rows(state_table, series=series, source=use, include_feminicide=include_feminicide),
                      start_year, end_year)
    if not all_series:
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
    most homicides (percent), and ``gini``, the population-weighted Gini coefficient of state
    rates: sum_i sum_j p_i p_j |r_i - r_j| / (2 P^2 m), with p state populations, P their sum,
    r rates and m the national rate (0 = every state has the same rate). Years with a state
    missing are dropped."""
    base = panel[["year", "series", "state_code", "value", "population", "rate_per_100k"]].copy()
    complete = base.groupby(["year", "series"])["state_code"].transform("nunique") == 32
    base = base[complete]
    ordered = base.sort_values(["year", "series", "value"], ascending=[True, True, False])
    ordered["position"] = ordered.groupby(["year", "series"]).cumcount()
    totals = ordered.groupby(["year", "series"]).agg(total=("value", "sum"), population=("population", "sum"))
    top = ordered[ordered["position"] < top_n].groupby(["year", "series"])["value"].sum().rename("top")
    pairs = base.merge(base, on=["year", "series"], suffixes=("_i", "_j"))
    pairs["term"] = pairs["population_i"] * pairs["population_j"] * (pairs["rate_per_100k_i"] - pairs["rate_per_100k_j"]).abs()
    spread = pairs.groupby(["year", "series"])["term"].sum().rename("spread")
    out = totals.join(top).join(spread)
    mean_rate = out["total"] / out["population"] * PER
    out["top5_share_pct"] = out["top"] / out["total"] * 100
    out["gini"] = out["spread"] / (2 * out["population"] ** 2 * mean_rate)
    out = out.reset_index()
    return out[["year", "series", "total", "top", "top5_share_pct", "gini"]].rename(
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
    terms["short_name"] = terms["name"].map(periods.short_name)
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
    terms = terms[terms["year"].between(start_year, end_year)]
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
    partial = partial_years(select_rows(national, series=series, source=source, include_feminicide=include_feminicide),
                            start_year, end_year)
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
        annual = pd.concat([nat[nat["series"] == s] for s in
                            [primary_series(nat, sys_) for sys_ in systems] if s], ignore_index=True)
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
