"""The violence report's key figures (``report.key_figures`` format), computed from an edition's
:class:`~mxsec.analysis.violence.compute.Views`. A figure read from one observation carries that
observation's flag as ``obs_status`` (``flags``: a count its row's, a rate F where its population
is a CONAPO projection); a figure built from several carries the strongest of theirs."""

from __future__ import annotations

import pandas as pd

from mxsec.analysis import periods
from mxsec.analysis.common import change_pct, combine_status, key_figure, plateau_years, split_ids
from mxsec.formatting import fmt

from .compute import (ADMINISTRATIONS_SOURCE, NATIONAL, POPULATION_SOURCE, Views, build, primary_series, ranks,
                      source_ids, standing_system, top_states)


def _row_ids(row: pd.Series) -> list[str]:
    return split_ids([row["source_id"], row.get("feminicide_source_id", "")])


def _flag(out: dict[str, dict], **statuses: str) -> None:
    """Set ``obs_status`` on the key figures named (those present in ``out``)."""
    for name, status in statuses.items():
        if name in out:
            out[name]["obs_status"] = status


def key_figures(bundle: Views | None = None) -> dict[str, dict]:
    """The report's key figures (``report.key_figures`` format). Without ``bundle``, computes the
    default edition (national, both series).

    National: peak and latest year of the standing series of the first selected system (INEGI
    deaths by year of registration, final, unless ``series='sesnsp'``), full years only; rate by
    administration; state concentration and highest-rate state in the latest year of the state
    series (INEGI by year of occurrence, which ends earlier than the national series). State
    profile: the same figures for the state (state series), plus its rank and the national rate.
    Every figure has ``obs_status``: a count its row's flag, a rate the rate's (F where the
    population is a CONAPO projection), a figure from several observations the strongest of
    theirs. Partial years (2025, January-June) appear only as ``partial_year_*``, flagged P.
    """
    v = bundle if bundle is not None else build()
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
        out["peak_year"] = key_figure(int(peak["year"]), "year", span, _row_ids(peak),
                                      f"{where}: year with most homicides, {label}, full years {span}")
        out["peak_homicides"] = key_figure(int(peak["value"]), "homicides", str(int(peak["year"])), _row_ids(peak),
                                           f"{where}, {label}")
        out["peak_rate_per_100k"] = key_figure(round(float(peak["rate_per_100k"]), 1), "rate_per_100k", str(int(peak["year"])),
                                               _row_ids(peak) + [POPULATION_SOURCE],
                                               f"{where}, {label}; rate in the year with most homicides")
        plateau = rows[rows["year"].isin(plateau_years(rows))]
        if len(plateau) > 1:  # near-ties: a plateau, never "the peak"
            _plateau_ids = split_ids(_row_ids(row) for _, row in plateau.iterrows())
            out["peak_plateau_years"] = key_figure([int(y) for y in plateau["year"]], "years",
                                                   periods.format_year_ranges(plateau["year"]), _plateau_ids,
                                                   f"{where}, {label}: years within 1% of the highest count, from "
                                                   f"{fmt(plateau['value'].min())} to {fmt(plateau['value'].max())}")
            out["peak_plateau_lowest_homicides"] = key_figure(int(plateau["value"].min()), "homicides",
                                                              periods.format_year_ranges(plateau["year"]),
                                                              _plateau_ids, f"{where}, {label}")
        out["latest_year"] = key_figure(int(last["year"]), "year", str(int(last["year"])), _row_ids(last),
                                        f"{where}: latest full year of {label}")
        out["latest_homicides"] = key_figure(int(last["value"]), "homicides", str(int(last["year"])), _row_ids(last),
                                             f"{where}, {label}")
        out["latest_rate_per_100k"] = key_figure(round(float(last["rate_per_100k"]), 1), "rate_per_100k", str(int(last["year"])),
                                                 _row_ids(last) + [POPULATION_SOURCE],
                                                 f"{where}, {label}; CONAPO mid-year population of {int(last['year'])}"
                                                 + (" (a projection)" if last["population_status"] == "F" else ""))
        _flag(out, peak_year=peak["value_status"], peak_homicides=peak["value_status"],
              peak_rate_per_100k=peak["obs_status"], latest_year=last["value_status"],
              latest_homicides=last["value_status"], latest_rate_per_100k=last["obs_status"],
              peak_plateau_years=combine_status(plateau["value_status"]),
              peak_plateau_lowest_homicides=combine_status(plateau["value_status"]))
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
        out["rate_by_administration"] = key_figure(
            {r.administration: round(float(r.rate_per_100k), 1) for r in admin.itertuples()}, "rate_per_100k",
            f"{admin['years_with_data'].iloc[0].split('–')[0]}–{admin['last_year'].max()}",
            source_ids(v.annual[v.annual["series"] == label], extra=(ADMINISTRATIONS_SOURCE,)), note)
        out["avg_homicides_by_administration"] = key_figure(
            {r.administration: round(float(r.avg_annual_homicides)) for r in admin.itertuples()}, "homicides",
            out["rate_by_administration"]["period"], out["rate_by_administration"]["source_ids"],
            f"{where}, {label}: average homicides a year over the term's years with data.")
        _flag(out, rate_by_administration=combine_status(admin["obs_status"]),
              avg_homicides_by_administration=combine_status(rows["value_status"]))
    if v.map_series is not None and len(v.concentration):
        conc = v.concentration[v.concentration["series"] == v.map_series]
        last = conc.loc[conc["year"].idxmax()]
        year = int(last["year"])
        panel_year = v.panel[(v.panel["series"] == v.map_series) & (v.panel["year"] == year)]
        top = top_states(v.panel, v.map_series, year)
        out["top5_share_latest"] = key_figure(round(float(last["top5_share_pct"]), 1), "percent", str(year), source_ids(panel_year),
                                              f"Share of all homicides in the five states with most ({', '.join(top)}), "
                                              f"{v.map_series}; state series ends {year}")
        out["gini_state_rates_latest"] = key_figure(round(float(last["gini"]), 3), "index", str(year), source_ids(panel_year),
                                                    f"Population-weighted Gini of state rates, {v.map_series}")
        lead = panel_year.loc[panel_year["rate_per_100k"].idxmax()]
        out["highest_rate_state_latest"] = key_figure(str(lead["name"]), "state", str(year), _row_ids(lead) + [POPULATION_SOURCE],
                                                      f"{lead['name']}: {fmt(lead['rate_per_100k'], 'rate')} homicides per "
                                                      f"100,000, {v.map_series}")
        out["highest_state_rate_latest"] = key_figure(round(float(lead["rate_per_100k"]), 1), "rate_per_100k", str(year),
                                                      _row_ids(lead) + [POPULATION_SOURCE],
                                                      f"{lead['name']}, {v.map_series}")
        border = v.border[(v.border["series"] == v.map_series) & (v.border["year"] == year)].set_index("group")
        if len(border) == 2:
            out["border_states_rate_latest"] = key_figure(round(float(border.loc["Border states", "rate_per_100k"]), 1),
                                                          "rate_per_100k", str(year), source_ids(panel_year),
                                                          f"Six border states combined, {v.map_series}")
            out["other_states_rate_latest"] = key_figure(round(float(border.loc["Other states", "rate_per_100k"]), 1),
                                                         "rate_per_100k", str(year), source_ids(panel_year),
                                                         f"The 26 other states combined, {v.map_series}")
            _flag(out, border_states_rate_latest=border.loc["Border states", "obs_status"],
                  other_states_rate_latest=border.loc["Other states", "obs_status"])
        _flag(out, top5_share_latest=combine_status(panel_year["value_status"]), gini_state_rates_latest=last["obs_status"],
              highest_rate_state_latest=lead["obs_status"], highest_state_rate_latest=lead["obs_status"])
    if profile and len(rows):
        ranked = ranks(v.panel)
        own = ranked[(ranked["state_code"] == v.state_code) & (ranked["series"] == label)]
        last = own.loc[own["year"].idxmax()]
        year = int(last["year"])
        nat = v.states_national[(v.states_national["series"] == label) & (v.states_national["year"] == year)]
        out["rank_latest"] = key_figure(int(last["rank"]), "rank of 32", str(year), _row_ids(last) + [POPULATION_SOURCE],
                                        f"{where}'s rank among the 32 states by rate (1 = highest), {label}")
        if len(nat):
            national_rate = float(nat["rate_per_100k"].iloc[0])
            out["national_rate_latest"] = key_figure(round(national_rate, 1), "rate_per_100k", str(year),
                                                     source_ids(nat), f"Mexico (sum of the 32 states), {label}")
            out["ratio_to_national_latest"] = key_figure(round(float(last["rate_per_100k"]) / national_rate, 2), "ratio", str(year),
                                                         _row_ids(last) + [POPULATION_SOURCE],
                                                         f"{where}'s rate divided by the national rate, {label}")
            _flag(out, national_rate_latest=nat["obs_status"].iloc[0],
                  ratio_to_national_latest=combine_status([last["obs_status"], nat["obs_status"].iloc[0]]))
        _flag(out, rank_latest=last["obs_status"])
    if "sesnsp" in v.systems and system != "sesnsp":
        other = primary_series(annual, "sesnsp", "state" if profile else "national")
        srows = annual[annual["series"] == other] if other else annual.iloc[0:0]
        if len(srows):
            last = srows.loc[srows["year"].idxmax()]
            out["sesnsp_latest_homicides"] = key_figure(int(last["value"]), "homicides", str(int(last["year"])), _row_ids(last),
                                                        f"{where}, {other}" + (" incl. feminicide" if v.include_feminicide else ""))
            out["sesnsp_latest_rate_per_100k"] = key_figure(round(float(last["rate_per_100k"]), 1), "rate_per_100k",
                                                            str(int(last["year"])), _row_ids(last) + [POPULATION_SOURCE],
                                                            f"{where}, {other}")
            _flag(out, sesnsp_latest_homicides=last["value_status"], sesnsp_latest_rate_per_100k=last["obs_status"])
            both = rows.merge(srows, on="year", suffixes=("", "_s"))
            if len(both):
                common = both.loc[both["year"].idxmax()]
                diff = int(common["value"]) - int(common["value_s"])
                out["inegi_minus_sesnsp_latest"] = key_figure(
                    diff, "homicides", str(int(common["year"])), _row_ids(rows.loc[rows["year"] == common["year"]].iloc[0])
                    + _row_ids(srows.loc[srows["year"] == common["year"]].iloc[0]),
                    f"{where}: {label} minus {other}, latest year both have "
                    f"({fmt(diff / common['value'] * 100, 'pct')} of the INEGI figure)")
                _flag(out, inegi_minus_sesnsp_latest=combine_status([common["value_status"], common["value_status_s"]]))
    if not profile:
        for _, row in v.partial.iterrows():
            key = f"partial_year_{row['system']}"
            series = row["series"] if row["revision"] in row["series"] else f"{row['series']} ({row['revision']})"
            out[key] = key_figure(int(row["value"]), "homicides", f"{row['year']}, {row['months']} months",
                                  _row_ids(row), f"{series}, first {row['months']} months only: "
                                  "not comparable with full years; no rate computed")
            out[key]["obs_status"] = row["value_status"]
    return out


