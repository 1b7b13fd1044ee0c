"""The violence report's computation: series labels and sources, the selection of the official
series, rates, state panels, administrations, the reconciliation of the two systems, the monthly
series, the edition's bundle (:class:`Views`, :func:`build`), its key figures, and every number a
caption or sentence shows. Draws nothing and words no sentence (``text`` does); the sources and
definitions are in the package docstring."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from mxsec.analysis import periods
from mxsec.analysis.common import change_pct, combine_status, extreme_row, frame_ids, key_figure, plateau_years, split_ids
from mxsec.formatting import fmt

from .flags import add_rates, break_years, full_years, one_definition, partial_years, state_headline, status_of

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
TABLES = ("homicides_national", "homicides_state", "homicides_monthly", "population", "states", "administrations")
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MERGE_KEYS = ["state_code", "year", "source", "measure", "basis", "method", "revision", "months", "source_id"]
# How each series is defined (method and basis), as the administration table states it.
DEFINITIONS = {INEGI_FINAL: "death records, year of registration", INEGI_PRELIM: "death records, year of registration",
               INEGI_OCC: "death records, year of occurrence", SESNSP_VICTIMS: "victims, 2015 methodology",
               SESNSP_FILES: "case files, 2015 methodology", SESNSP_OLD: "case files, 1997 classification"}
Note = tuple[str, dict[str, Any]]  # an edition's note: its kind (a key of text.NOTES) and the values it shows


# --- Parameters and selection ---

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
    revision and method (SESNSP's 1997 classification: ``method == "sesnsp_1997"``; without a
    method column, the ``sesnsp_old_*`` and ``snsp_cieisp_*`` sources)."""
    system, sid = frame["source"].astype(str), frame["source_id"].astype(str)
    old = (frame["method"].astype(str).eq("sesnsp_1997") if "method" in frame
           else sid.str.startswith("sesnsp_old") | sid.str.startswith("snsp_cieisp"))
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
    basis, method, revision, months, homicides, feminicide, value, value_status and obs_status
    (the count's flag: the stronger of the homicide and feminicide rows', ``flags``), preferred,
    source_id, feminicide_source_id. Feminicide a state had not yet reported is missing in
    ``data/``, so nothing is added for it. One row per (state_code, year, series): should a source list a series
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
    out = homicide[_MERGE_KEYS + ["homicides", "preferred", "obs_status"]].copy()
    out["value_status"] = out.pop("obs_status").astype(str)
    out["feminicide"] = 0
    out["feminicide_source_id"] = ""
    if include_feminicide:
        fem = frame[(frame["crime"] == "feminicide") & (frame["source"] == "sesnsp")]
        fem = fem[_MERGE_KEYS + ["value", "obs_status"]].rename(columns={"value": "fem_value", "obs_status": "fem_status"})
        out = out.merge(fem, on=_MERGE_KEYS, how="left")
        found = out["fem_value"].notna()
        out["feminicide"] = out["fem_value"].fillna(0).astype("int64")
        out["feminicide_source_id"] = np.where(found, out["source_id"].astype(str), "")
        out["value_status"] = [combine_status(pair) for pair in zip(out["value_status"], out["fem_status"])]
        out = out.drop(columns=["fem_value", "fem_status"])
    out["obs_status"] = out["value_status"]
    out["homicides"] = out["homicides"].astype("int64")
    out["value"] = out["homicides"] + out["feminicide"]
    out["series"] = series_label(out)
    out = out.rename(columns={"source": "system"})
    out["year"] = out["year"].astype("int64")
    out["months"] = out["months"].astype("int64")
    out = (out.sort_values(["state_code", "year", "series", "preferred"], ascending=[True, True, True, False])
              .drop_duplicates(["state_code", "year", "series"]))
    columns = ["state_code", "year", "system", "series", "measure", "basis", "method", "revision", "months", "homicides",
               "feminicide", "value", "value_status", "obs_status", "preferred", "source_id", "feminicide_source_id"]
    return out[columns].sort_values(["series", "state_code", "year"]).reset_index(drop=True)


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
    ids = set(extra) | set(frame_ids(*frames)) | set(frame_ids(*frames, column="feminicide_source_id"))
    if any({"rate_per_100k", "population"} & set(frame.columns) for frame in frames):
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


# --- National and state series ---

def national_series(national: pd.DataFrame, population: pd.DataFrame, *, series: str = "both",
                    source: str = "preferred", include_feminicide: bool = True, start_year: int = 1990,
                    end_year: int = 2025) -> pd.DataFrame:
    """Full-year national series (one line per series label) with counts and rates per 100,000.
    Columns as :func:`select_rows` plus population, rate_per_100k."""
    rows = select_rows(national, series=series, source=source, include_feminicide=include_feminicide)
    return add_rates(full_years(rows, start_year, end_year), population)


def state_source(source: str, state_table: pd.DataFrame) -> tuple[str, Note | None]:
    """How the ``source`` parameter applies to state tables: returns (source to use, note).
    A source_id absent from ``homicides_state`` (a national-only source) falls back to all state
    rows, with a note saying so; ``preferred`` also uses all rows (the state series are then
    chosen by :data:`STATE_PRIORITY`, so that INEGI stays on one basis)."""
    if source in ("preferred", "all"):
        return "all", None
    if source in set(state_table["source_id"].astype(str)):
        return source, None
    return "all", ("source_without_states", {"source": source})


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
        feminicide_source_id=("feminicide_source_id", "max"), value_status=("value_status", combine_status),
        method=("method", "first"), basis=("basis", "first"))
    grouped = grouped[grouped["states"] == 32].drop(columns="states")
    grouped["state_code"] = NATIONAL_CODE
    grouped["months"] = 12
    return add_rates(grouped, population)


def inegi_state_headline(state_table: pd.DataFrame, population: pd.DataFrame, start_year: int = 1990,
                         end_year: int = 2025) -> pd.DataFrame:
    """INEGI deaths by state as ``data/`` joins them into one headline (year of registration
    through 2016, year of occurrence from 2017; ``flags.state_headline``), full years in the
    window, with rates: each part keeps its series label (:data:`INEGI_FINAL`,
    :data:`INEGI_OCC`) and the first occurrence year is flagged B, count and rate. The state
    sections do not use it (they use occurrence throughout, so nothing in them spans the
    break); it states where the break falls."""
    rows = state_headline(state_table, {"registration": INEGI_FINAL, "occurrence": INEGI_OCC})
    rows = rows.assign(value_status=rows["obs_status"])
    return add_rates(full_years(rows, start_year, end_year), population)


def old_state_sum_check(panel_all: pd.DataFrame, national_all: pd.DataFrame, year: int = 2007) -> dict[str, Any] | None:
    """The old-methodology SESNSP state file against the national old-methodology figure in
    ``year``: ``states`` with a figure, their ``total``, the ``national`` figure and ``pct``, how
    far the state sum is above it (percent); None when either is missing. Intentional homicide
    only (the old methodology has no feminicide)."""
    states = panel_all[(panel_all["series"] == SESNSP_OLD) & (panel_all["year"] == year)]
    nat = national_all[(national_all["series"] == SESNSP_OLD) & (national_all["year"] == year)]
    if states.empty or nat.empty:
        return None
    total, national = int(states["homicides"].sum()), int(nat["homicides"].iloc[0])
    return {"year": year, "states": int(states["state_code"].nunique()), "total": total, "national": national,
            "pct": change_pct(total, national)}


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
    columns = ["year", "series", "method", "state_code", "abbreviation", "name", "border_state", "homicides", "feminicide",
               "population", "rate_per_100k", "obs_status", "rank", "source_id", "feminicide_source_id"]
    return rows[columns].sort_values("rate_per_100k", ascending=False).reset_index(drop=True)


def choose_map_year(panel: pd.DataFrame, series: str, map_year: int = 0) -> tuple[int | None, Note | None]:
    """The year for the state map: ``map_year`` when ``series`` has it, else (and for 0) the latest
    year of ``series``; returns (year, note) where note explains a fallback."""
    years = set(panel.loc[panel["series"] == series, "year"])
    if not years:
        return None, ("no_state_data", {"series": series})
    latest = max(years)
    if map_year == 0 or map_year in years:
        return (latest if map_year == 0 else map_year), None
    return latest, ("map_year_fallback", {"series": series, "map_year": map_year, "first": min(years), "latest": latest})


def ranks(panel: pd.DataFrame) -> pd.DataFrame:
    """Rank of every state's rate within each (year, series), 1 = highest; adds ``rank``."""
    out = panel.copy()
    out["rank"] = out.groupby(["year", "series"])["rate_per_100k"].rank(ascending=False, method="min").astype("Int64")
    return out


def leaders(panel: pd.DataFrame) -> pd.DataFrame:
    """The state with the highest rate in each (year, series)."""
    ordered = panel.sort_values(["series", "year", "rate_per_100k"], ascending=[True, True, False])
    top = ordered.drop_duplicates(["series", "year"])
    top = top[["year", "series", "name", "abbreviation", "value", "rate_per_100k", "obs_status", "source_id"]]
    return top.rename(columns={"name": "state", "value": "homicides"}).reset_index(drop=True)


def border_comparison(panel: pd.DataFrame) -> pd.DataFrame:
    """Homicides, population and rate per 100,000 of the six border states together and of the
    other 26 together, per (year, series): deaths summed over the group divided by its summed
    population; ``obs_status`` is the strongest flag of the states' rates. Years with a state
    missing are dropped."""
    grouped = panel.assign(obs_status=status_of(panel)).groupby(["year", "series", "border_state"], as_index=False).agg(
        value=("value", "sum"), population=("population", "sum"), states=("state_code", "nunique"),
        obs_status=("obs_status", combine_status))
    grouped = grouped[grouped.groupby(["year", "series"])["states"].transform("sum") == 32]
    grouped["group"] = np.where(grouped["border_state"], "Border states", "Other states")
    grouped["rate_per_100k"] = grouped["value"] / grouped["population"] * PER
    return grouped[["year", "series", "group", "value", "population", "rate_per_100k", "obs_status"]].rename(
        columns={"value": "homicides"}).reset_index(drop=True)


def concentration(panel: pd.DataFrame, top_n: int = TOP_N) -> pd.DataFrame:
    """Per (year, series): ``top5_share_pct``, the share of all homicides in the ``top_n`` states with
    most homicides (percent), ``top5_population_share_pct``, those states' share of the population,
    and ``gini``, the population-weighted Gini coefficient of state
    rates: sum_i sum_j p_i p_j |r_i - r_j| / (2 P^2 m), with p state populations, P their sum,
    r rates and m the national rate (0 = every state has the same rate). Years with a state
    missing are dropped. ``obs_status``: the strongest flag of the states' rates."""
    base = panel.assign(obs_status=status_of(panel))[["year", "series", "state_code", "value", "population",
                                                      "rate_per_100k", "obs_status"]]
    complete = base.groupby(["year", "series"])["state_code"].transform("nunique") == 32
    base = base[complete]
    ordered = base.sort_values(["year", "series", "value"], ascending=[True, True, False])
    ordered["position"] = ordered.groupby(["year", "series"]).cumcount()
    totals = ordered.groupby(["year", "series"]).agg(total=("value", "sum"), population=("population", "sum"),
                                                     obs_status=("obs_status", combine_status))
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
    return out[["year", "series", "total", "top", "top5_share_pct", "top5_population_share_pct", "gini",
                "obs_status"]].rename(
        columns={"total": "homicides_all_states", "top": "homicides_top5"})


def top_states(panel: pd.DataFrame, series: str, year: int, top_n: int = TOP_N) -> list[str]:
    """Names of the ``top_n`` states with most homicides in ``year`` for ``series``."""
    rows = panel[(panel["series"] == series) & (panel["year"] == year)].nlargest(top_n, "value")
    return list(rows["name"])


# --- Administrations and change ---

def term_years(administrations: pd.DataFrame, through_year: int | None = None) -> pd.DataFrame:
    """Mexican terms with the calendar years assigned to each (majority-of-year rule, see
    :mod:`mxsec.analysis.periods`): columns name, short_name, start, end, years (list)."""
    terms = periods.administration_years(administrations, "MX", through_year=through_year)
    return terms[["name", "short_name", "start", "end", "years"]]


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

    Each row is one series, so one definition (``definition``, :data:`DEFINITIONS`): where two
    definitions cover a term's years (SESNSP's 1997 classification to 2017 and its 2015
    methodology from 2015), each has its own row and nothing is computed across them.
    ``obs_status`` is the strongest flag of the rates used (F once a term's years pass 2020).
    """
    one_definition(annual)
    terms = term_years(administrations).explode("years").dropna(subset=["years"]).rename(columns={"years": "year"})
    terms["year"] = terms["year"].astype("int64")
    in_window = terms["year"].between(start_year, end_year)
    terms = terms[terms["name"].isin(terms.loc[in_window, "name"])]
    columns = ["administration", "series", "definition", "years_assigned", "years_with_data", "coverage", "homicides",
               "person_years", "avg_annual_homicides", "rate_per_100k", "baseline_year", "baseline_rate",
               "last_year", "last_year_rate", "change_pct", "obs_status"]
    if annual.empty or terms.empty:
        return pd.DataFrame(columns=columns)
    data = annual[["year", "series", "value", "population", "rate_per_100k"]].assign(obs_status=status_of(annual))
    grid = terms.merge(pd.DataFrame({"series": annual["series"].unique()}), how="cross")
    merged = grid.merge(data, on=["year", "series"], how="left")
    merged["has"] = merged["value"].notna()
    merged["year_with_data"] = merged["year"].where(merged["has"])
    order = {name: i for i, name in enumerate(term_years(administrations)["name"])}
    summary = merged.groupby(["name", "short_name", "series"], as_index=False).agg(
        first_assigned=("year", "min"), last_assigned=("year", "max"), n_assigned=("year", "size"),
        n_data=("has", "sum"), first_data=("year_with_data", "min"), last_data=("year_with_data", "max"),
        homicides=("value", "sum"), person_years=("population", "sum"), obs_status=("obs_status", combine_status))
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
    summary["definition"] = summary["series"].map(DEFINITIONS)
    summary.loc[~has, "obs_status"] = pd.NA
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
    homicides and in percent of the rate (NaN when the previous year is missing, and into a year
    flagged B: no change spans a break). ``obs_status``: the stronger flag of the two years'."""
    one_definition(annual)
    base = annual[["year", "series", "value", "rate_per_100k"]].assign(obs_status=status_of(annual))
    previous = base.assign(year=base["year"] + 1).rename(columns={"value": "prev_value", "rate_per_100k": "prev_rate",
                                                                  "obs_status": "prev_status"})
    out = base.merge(previous, on=["year", "series"], how="left")
    across = out["obs_status"].eq("B")
    out["change_homicides"] = (out["value"] - out["prev_value"]).mask(across)
    out["change_rate_pct"] = ((out["rate_per_100k"] / out["prev_rate"] - 1) * 100).mask(across)
    out["obs_status"] = [combine_status(pair) for pair in zip(out["obs_status"], out["prev_status"])]
    return out.drop(columns=["prev_value", "prev_rate", "prev_status"]).sort_values(["series", "year"]).reset_index(
        drop=True)


# --- Reconciliation of the sources ---

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


def gap_long(recon: pd.DataFrame, gaps=NATIONAL_GAPS, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The gaps of :func:`reconciliation` in long form (year, gap, difference, pct), years with a
    value; with ``rows`` (those of the reconciliation), ``obs_status``: the stronger flag of the
    two counts compared."""
    names = [g[0] for g in gaps if g[0] in recon]
    if not names:
        return pd.DataFrame(columns=["year", "gap", "difference", "pct_of_minuend", "obs_status"])
    long = recon.melt(id_vars="year", value_vars=names, var_name="gap", value_name="difference")
    pct = recon.melt(id_vars="year", value_vars=[f"{n} (%)" for n in names], var_name="gap", value_name="pct_of_minuend")
    pct["gap"] = pct["gap"].str.removesuffix(" (%)")
    out = long.merge(pct, on=["year", "gap"]).dropna(subset=["difference"]).reset_index(drop=True)
    status = {} if rows is None else rows.set_index(["series", "year"])["value_status"].to_dict()
    pairs = {name: (minuend, subtrahend) for name, minuend, subtrahend in gaps}
    out["obs_status"] = [combine_status(status.get((label, year)) for label in pairs[gap])
                         for gap, year in zip(out["gap"], out["year"])]
    return out


# --- Monthly series ---

def monthly_series(monthly: pd.DataFrame, state_code: str = NATIONAL_CODE, start_year: int = 1990,
                   end_year: int = 2100) -> pd.DataFrame:
    """INEGI deaths by month of occurrence for one geography ('00' = national), with
    ``deaths_per_day`` (deaths / days in the month, so February compares with 31-day months),
    ``x`` (decimal year at mid-month, for plotting) and ``moving_average_12m`` (deaths per day over
    the twelve months ending with the row's: their deaths over their days; empty for the first 11)
    and ``obs_status`` (the table's flag where it has one; its rows are final counts, A, otherwise)."""
    rows = monthly[(monthly["state_code"].astype(str) == state_code) & monthly["year"].between(start_year, end_year)]
    rows = rows.assign(obs_status=status_of(rows))[["year", "month", "state_code", "value", "days_in_month",
                                                    "obs_status", "source_id"]].copy()
    rows["year"] = rows["year"].astype("int64")
    rows["month"] = rows["month"].astype("int64")
    rows["deaths_per_day"] = rows["value"].astype("float64") / rows["days_in_month"].astype("float64")
    rows["x"] = rows["year"] + (rows["month"] - 0.5) / 12
    rows = rows.sort_values(["year", "month"]).reset_index(drop=True)
    rows["moving_average_12m"] = rows["value"].rolling(12).sum() / rows["days_in_month"].rolling(12).sum()
    return rows


def seasonality(monthly_rows: pd.DataFrame) -> pd.DataFrame:
    """Per calendar month, pooled over the years in ``monthly_rows``: deaths, days,
    ``deaths_per_day`` and ``index`` (that month's deaths per day as a percentage of the average
    day over all months; 100 = average)."""
    grouped = monthly_rows.assign(obs_status=status_of(monthly_rows)).groupby("month", as_index=False).agg(
        deaths=("value", "sum"), days=("days_in_month", "sum"), years=("year", "nunique"),
        obs_status=("obs_status", combine_status))
    grouped["deaths_per_day"] = grouped["deaths"] / grouped["days"]
    overall = grouped["deaths"].sum() / grouped["days"].sum()
    grouped["index"] = grouped["deaths_per_day"] / overall * 100
    grouped["month_name"] = grouped["month"].map(lambda m: MONTH_NAMES[m - 1])
    return grouped[["month", "month_name", "years", "deaths", "days", "deaths_per_day", "index", "obs_status"]]


# --- Everything a report edition needs, in one place ---

@dataclass
class Views:
    """The tables one edition shows (all computed by :func:`build`)."""

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
    state_headline: pd.DataFrame  # data/'s joined INEGI state headline (2017 flagged B); not drawn as one line
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
    administrations: pd.DataFrame  # the curated table (terms shaded in the charts)
    states: pd.DataFrame  # the curated table (the tile map's grid)
    notes: list[Note] = field(default_factory=list)


def build_from(tables: dict[str, pd.DataFrame], *, state: str = NATIONAL, start_year: int = 1990,
               end_year: int = 2025, series: str = "both", source: str = "preferred", measure: str = "rate",
               map_year: int = 0, include_feminicide: bool = True) -> Views:
    """Compute every table of one edition from the curated tables (``tables``: the :data:`TABLES`
    by name) and the notebook parameters."""
    national, state_table, monthly, population, states, administrations = (tables[name] for name in TABLES)
    check_options(series, measure)
    systems = systems_for(series)
    row = resolve_state(state, states)
    code = NATIONAL_CODE if row is None else str(row["state_code"])
    use, note = state_source(source, state_table)
    notes: list[Note] = [note] if note else []
    nat = national_series(national, population, series=series, source=source, include_feminicide=include_feminicide,
                          start_year=start_year, end_year=end_year)
    nat_all = national_series(national, population, series="both", source="all",
                              include_feminicide=include_feminicide, start_year=start_year, end_year=end_year)
    if row is None:
        partial = partial_years(select_rows(national, series=series, source=source,
                                            include_feminicide=include_feminicide), start_year, end_year)
    else:
        own_rows = state_table[state_table["state_code"].astype(str) == str(row["state_code"])]
        partial = partial_years(select_rows(own_rows, series=series, source=use,
                                            include_feminicide=include_feminicide), start_year, end_year)
        standing = [primary_series(full_years(select_rows(state_table, series=series, source=use)), s_, "state")
                    for s_ in systems]
        if source != "all":
            partial = partial[partial["series"].isin(standing)].sort_values("year").reset_index(drop=True)
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
        recon, gaps = reconciliation(nat_all), gap_long(reconciliation(nat_all), rows=nat_all)
        month_rows = monthly_series(monthly, NATIONAL_CODE, start_year, end_year)
    else:
        own = (panel_all if source == "all" else panel)
        own = own[own["state_code"] == code].assign(geography=row["name"])
        trend = own
        if measure == "rate":
            trend = pd.concat([own, states_nat.assign(geography="Mexico")], ignore_index=True)
        annual = panel[panel["state_code"] == code]
        state_all = panel_all[panel_all["state_code"] == code]
        recon = reconciliation(state_all, STATE_GAPS)
        gaps = gap_long(recon, STATE_GAPS, rows=state_all)
        month_rows = monthly_series(monthly, code, start_year, end_year)
    map_series = next((s for s in (primary_series(panel, sys_, "state") for sys_ in systems) if s), None)
    year, note = choose_map_year(panel, map_series, map_year) if map_series else (None, ("no_state_series", {}))
    if note:
        notes.append(note)
    mp = map_data(panel, map_series, year) if year is not None else pd.DataFrame()
    return Views(
        state=NATIONAL if row is None else str(row["abbreviation"]), state_code=code,
        geography="Mexico" if row is None else str(row["name"]),
        border_state=None if row is None else bool(row["border_state"]), series=series, source=source,
        measure=measure, include_feminicide=include_feminicide, start_year=start_year, end_year=end_year,
        systems=systems, national=nat, national_all=nat_all, partial=partial, panel=panel, panel_all=panel_all,
        states_national=states_nat, state_headline=inegi_state_headline(state_table, population, start_year, end_year),
        annual=annual.reset_index(drop=True), trend=trend.reset_index(drop=True),
        admin=administration_summary(annual, administrations, start_year=start_year, end_year=end_year),
        yoy=year_over_year(annual), recon=recon, gaps=gaps, map_series=map_series, map_year=year, map=mp,
        ranks=ranks(panel), border=border_comparison(panel), concentration=concentration(panel),
        monthly=month_rows, season=seasonality(month_rows) if len(month_rows) else pd.DataFrame(),
        administrations=administrations, states=states, notes=notes)


def load_tables() -> dict[str, pd.DataFrame]:
    """The curated :data:`TABLES` by name (``mxsec.data.load``)."""
    from mxsec.data import load

    return {name: load(name) for name in TABLES}


def build(**params) -> Views:
    """:func:`build_from` on the curated tables with the notebook's parameters (defaults: :data:`DEFAULTS`)."""
    return build_from(load_tables(), **(DEFAULTS | params))


def key_figures(bundle: Views | None = None) -> dict[str, dict]:
    """The report's key figures: :func:`mxsec.analysis.violence.figures.key_figures` (kept here so
    the topic's compute module answers ``key_figures()`` as every topic's does)."""
    from .figures import key_figures as figures

    return figures(bundle)


def standing_system(v: Views) -> str:
    """The first selected system with data for the edition's geography (INEGI unless absent)."""
    level = "national" if v.state == NATIONAL else "state"
    return next((s for s in v.systems if primary_series(v.annual, s, level)), v.systems[0])


def standing_series(v: Views) -> str | None:
    """The series the key figures and findings use for the edition's geography."""
    return primary_series(v.annual, standing_system(v), "national" if v.state == NATIONAL else "state")


# --- The numbers captions and sentences show ---

def value_column(measure: str, count: str = "value") -> str:
    """The column that shows ``measure``: the rate, or the count (``value`` in the national and
    state frames, ``homicides`` in :func:`map_data`)."""
    return "rate_per_100k" if measure == "rate" else count


def vs_average_day(season: pd.DataFrame | pd.Series) -> pd.Series | float:
    """Deaths per day of a calendar month (rows of :func:`seasonality`) against the average day, in percent."""
    return season["index"] - 100


def occurrence_share_range(rows: pd.DataFrame) -> tuple[float, float] | None:
    """The lowest and highest share (percent) of INEGI deaths by year of occurrence in the final
    registration-year total of the same year, over the years both have; None when none."""
    reg = rows[rows["series"] == INEGI_FINAL]
    occ = rows[rows["series"] == INEGI_OCC].merge(reg, on="year", suffixes=("", "_reg"))
    share = occ["value"] / occ["value_reg"] * 100
    return (share.min(), share.max()) if len(occ) else None


def border_summary(v: Views) -> dict[str, Any]:
    """The map series' border comparison: its latest ``year``, the ``border`` and ``other`` states'
    rates in it, and in how many of its ``years`` the border rate was the higher one (``above``)."""
    rows = v.border[v.border["series"] == v.map_series]
    last_year = int(rows["year"].max())
    wide = rows.pivot_table(index="year", columns="group", values="rate_per_100k")
    return {"year": last_year, "border": wide.loc[last_year, "Border states"], "other": wide.loc[last_year, "Other states"],
            "above": int((wide["Border states"] > wide["Other states"]).sum()), "years": len(wide)}


def same_top_states(data: pd.DataFrame, column: str, second: str, top_n: int = TOP_N) -> bool:
    """Whether ``column`` and ``second`` put the same ``top_n`` states at the top (states with both)."""
    both = data.dropna(subset=[second])
    return bool((both[column].rank(ascending=False) <= top_n).eq(both[second].rank(ascending=False) <= top_n).all())
