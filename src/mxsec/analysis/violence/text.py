"""Every string the violence report prints: the edition's heading, findings, data gaps and notes,
methodology, chart captions and alt text, table captions and key-figure labels.

Sentences that carry numbers are whole format strings with named fields, filled from the numbers
``compute`` gives and formatted with ``fmt``; lists of items are joined with ", " or "; ".
Draws nothing.
"""

from __future__ import annotations

import pandas as pd

from mxsec.analysis import periods
from mxsec.analysis.common import plateau_years
from mxsec.formatting import fmt

from .compute import (INEGI_FINAL, INEGI_OCC, INEGI_PRELIM, LABEL_SYSTEM, NATIONAL, SESNSP_FILES, SESNSP_OLD,
                      SESNSP_VICTIMS, Note, Views, border_summary, change_pct, extreme_row, latest_year,
                      occurrence_share_range, primary_series, same_top_states, standing_series, standing_system,
                      term_years, value_column, vs_average_day, break_years, old_state_sum_check)
from .figures import key_figures

# --- Phrases ---

MONTH_FULL = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
# How prose names each series.
SERIES_PROSE = {INEGI_FINAL: "INEGI death records (year of registration, final)",
                INEGI_PRELIM: "INEGI death records (year of registration, preliminary)",
                INEGI_OCC: "INEGI death records (year of occurrence)", SESNSP_VICTIMS: "SESNSP victims",
                SESNSP_FILES: "SESNSP case files", SESNSP_OLD: "SESNSP case files (old methodology)"}
SERIES_TEXT = {"both": "INEGI death records and SESNSP prosecutors' reports side by side",
               "inegi": "INEGI death records", "sesnsp": "SESNSP prosecutors' reports"}
# The notes of an edition (compute's ``Note`` kinds), worded.
NOTES = {
    "source_without_states": "The selected source ({source}) has no state-level rows; state sections use INEGI deaths "
                             "by year of occurrence and SESNSP victims.",
    "map_year_fallback": "{series} has no full-year state data for {map_year} (it covers {first}–{latest}); the map "
                         "and ranking use {latest}.",
    "no_state_data": "No state data for {series} in the selected years.",
    "no_state_series": "No state series selected.",
}
NO_STATE_DATA = "No state data for the selected years."
NO_COMPLETE_STATE_YEAR = "No complete year of state data in the selected years."


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


def _projection(figure: dict) -> str:
    """`` (on a CONAPO population projection, flag F)`` for a rate flagged F, else empty."""
    return " (on a CONAPO population projection, flag F)" if figure.get("obs_status") == "F" else ""


def _ordinal(n: int) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def counted(label: str, value, v: Views, where: str) -> str:
    """``INEGI death records (...) counted 33,550 homicides in Mexico`` / ``SESNSP recorded 30,898
    victims of intentional homicide (feminicide included) in Mexico``."""
    fem = " and feminicide" if v.include_feminicide and LABEL_SYSTEM.get(label) == "sesnsp" else ""
    if label == SESNSP_VICTIMS:
        return "SESNSP recorded {count} victims of intentional homicide{fem} in {where}".format(
            count=fmt(value), fem=fem, where=where)
    if label in (SESNSP_FILES, SESNSP_OLD):
        return "SESNSP recorded {count} case files for intentional homicide{fem} in {where} ({series})".format(
            count=fmt(value), fem=fem, where=where, series=label)
    return "{series} counted {count} homicides in {where}".format(series=SERIES_PROSE[label], count=fmt(value),
                                                                 where=where)


def month_span(v: Views) -> str:
    """The years of the edition's monthly series, ``2000–2022``."""
    return "{first}–{last}".format(first=v.monthly["year"].min(), last=v.monthly["year"].max())


def note(n: Note) -> str:
    """One note of the edition, worded."""
    kind, fields = n
    return NOTES[kind].format(**fields)


def notes(v: Views) -> list[str]:
    """The edition's notes (a source without state rows, a map year not in the data), worded."""
    return [note(n) for n in v.notes]


# --- Key figures, heading, findings ---

def key_figure_labels(v: Views) -> dict[str, str]:
    """The entries shown in the key-figures box and their labels."""
    figures = key_figures(v)
    where = "" if v.state == NATIONAL else "{geography}: ".format(geography=v.geography)
    first = "INEGI" if standing_system(v) == "inegi" else "SESNSP"
    wanted = [
        ("latest_homicides", "{where}{system} homicides, latest year"),
        ("latest_rate_per_100k", "{where}{system} homicides per 100,000"),
        ("peak_homicides", "{where}{system} homicides, peak year"),
        ("sesnsp_latest_homicides", "{where}SESNSP victims, latest year"),
        ("rank_latest", "{where}rank among 32 states by rate"),
        ("ratio_to_national_latest", "{where}rate relative to national"),
        ("top5_share_latest", "share of homicides in the top five states"),
        ("highest_rate_state_latest", "state with the highest rate"),
    ]
    plateau = figures.get("peak_plateau_years")
    if plateau is not None:
        wanted[2] = ("peak_homicides", "{where}{system} homicides, highest year of the {years} plateau")
    return {k: label.format(where=where, system=first, years=plateau["period"] if plateau else "")
            for k, label in wanted if k in figures}


FIGURE_NAMES = {
    "latest_year": "Latest full year", "latest_homicides": "Homicides, latest year",
    "latest_rate_per_100k": "Homicides per 100,000, latest year", "peak_year": "Year with the most homicides",
    "peak_homicides": "Homicides, peak year", "peak_rate_per_100k": "Homicides per 100,000 in the peak year",
    "peak_plateau_years": "Years of the peak plateau", "peak_plateau_lowest_homicides": "Lowest count of the peak plateau",
    "sesnsp_latest_homicides": "SESNSP victims, latest year",
    "sesnsp_latest_rate_per_100k": "SESNSP victims per 100,000, latest year",
    "inegi_minus_sesnsp_latest": "INEGI minus SESNSP victims, latest year both have",
    "rate_by_administration": "Homicides per 100,000 by administration",
    "avg_homicides_by_administration": "Average homicides a year by administration",
    "top5_share_latest": "Share of homicides in the top five states",
    "gini_state_rates_latest": "Gini coefficient of state rates, latest year",
    "highest_rate_state_latest": "State with the highest rate, latest year",
    "highest_state_rate_latest": "Highest state rate per 100,000, latest year",
    "border_states_rate_latest": "Border states' rate per 100,000, latest year",
    "other_states_rate_latest": "Other states' rate per 100,000, latest year",
    "national_rate_latest": "National rate per 100,000, latest year", "rank_latest": "Rank among 32 states by rate",
    "ratio_to_national_latest": "Rate relative to national", "partial_year_inegi": "INEGI homicides, partial year",
    "partial_year_sesnsp": "SESNSP victims, partial year",
}
"""A name for every key figure (national report and state profiles), for the "Changes in this
edition" table."""


def key_figure_names(v: Views) -> dict[str, str]:
    """The display name of every key figure (``FIGURE_NAMES``, with the box's labels of this edition,
    capitalised: in the table each name starts a cell)."""
    return {**FIGURE_NAMES, **{k: label[:1].upper() + label[1:] for k, label in key_figure_labels(v).items()}}


def intro(v: Views) -> str:
    """Edition heading and one generated summary sentence (national or state profile)."""
    figures = key_figures(v)
    series_text = SERIES_TEXT[v.series]
    if v.state == NATIONAL:
        head = "**National report**: {series}, {start}–{end}.".format(series=series_text, start=v.start_year,
                                                                     end=v.end_year)
    elif v.border_state:
        head = ("### State profile: {geography} ({state})\n\n{geography} borders the United States. This edition "
                "shows {series}.").format(geography=v.geography, state=v.state, series=series_text)
    else:
        head = ("### State profile: {geography} ({state})\n\n{geography} is not a border state. This edition shows "
                "{series}.").format(geography=v.geography, state=v.state, series=series_text)
    sentence = ""
    label = standing_series(v)
    if "latest_homicides" in figures and label:
        lh, lr = figures["latest_homicides"], figures["latest_rate_per_100k"]
        fields = {"year": lh["period"], "counted": counted(label, lh["value"], v, v.geography),
                  "rate": fmt(lr["value"], "rate")}
        if "rank_latest" in figures and "ratio_to_national_latest" in figures:
            sentence = (" In {year}, {counted}, {rate} per 100,000 inhabitants, {rank} of 32 states by rate and {ratio} "
                        "times the national rate.").format(rank=_ordinal(figures["rank_latest"]["value"]),
                                                           ratio=fmt(figures["ratio_to_national_latest"]["value"],
                                                                     "rate", 2), **fields)
        elif "rank_latest" in figures:
            sentence = " In {year}, {counted}, {rate} per 100,000 inhabitants, {rank} of 32 states by rate.".format(
                rank=_ordinal(figures["rank_latest"]["value"]), **fields)
        else:
            sentence = " In {year}, {counted}, {rate} per 100,000 inhabitants.".format(**fields)
    return head + sentence


def findings(v: Views) -> str:
    """The findings paragraph, generated from the computed figures (no claim beyond them)."""
    figures = key_figures(v)
    parts = []
    where = v.geography
    label = standing_series(v)
    if "peak_homicides" in figures and label:
        pk, lh, lr = figures["peak_homicides"], figures["latest_homicides"], figures["latest_rate_per_100k"]
        n_years = int((v.annual["series"] == label).sum())
        fields = {"series": SERIES_PROSE[label], "where": where, "year": lh["period"], "count": fmt(lh["value"]),
                  "rate": fmt(lr["value"], "rate"), "projection": _projection(lr)}
        if n_years == 1:
            parts.append("The selected series ({series}) has one full year in the selected years, {year}: {count} "
                         "homicides in {where} ({rate} per 100,000{projection}).".format(**fields))
        elif "peak_plateau_years" in figures:
            plateau = figures["peak_plateau_years"]
            parts.append("By the count of {series}, homicides in {where} reached a plateau in {plateau_years}, from "
                         "{low} to {high} a year (within 1% of each other, so no single year is the peak); the latest "
                         "full year, {year}, counted {count} ({change} against the highest), {rate} per 100,000{projection}.".format(
                             plateau_years=plateau["period"], low=fmt(figures["peak_plateau_lowest_homicides"]["value"]),
                             high=fmt(pk["value"]), change=fmt(change_pct(lh["value"], pk["value"]), "signed_pct"),
                             **fields))
        elif lh["period"] == pk["period"]:
            parts.append("By the count of {series}, homicides in {where} were at their highest in the latest full year, "
                         "{year}: {count} ({rate} per 100,000{projection}).".format(**fields))
        else:
            parts.append("By the count of {series}, homicides in {where} peaked at {peak} in {peak_year}; the latest "
                         "full year, {year}, counted {count} ({change} against the peak), {rate} per 100,000{projection}.".format(
                             peak=fmt(pk["value"]), peak_year=pk["period"],
                             change=fmt(change_pct(lh["value"], pk["value"]), "signed_pct"), **fields))
    if "rate_by_administration" in figures:
        rates = figures["rate_by_administration"]["value"]
        names = list(rates)
        if len(names) >= 2:
            a, b = names[-2], names[-1]
            word = "higher than" if rates[b] > rates[a] else "lower than" if rates[b] < rates[a] else "the same as"
            cover = v.admin[v.admin["series"] == label].set_index("administration")
            def years_note(name):
                r = cover.loc[name]
                return "" if r["coverage"] == "complete" else " ({years} only)".format(years=r["years_with_data"])
            fields = {"rate": fmt(rates[b], "rate"), "term": b, "term_note": years_note(b), "comparison": word,
                      "previous_rate": fmt(rates[a], "rate"), "previous": a, "previous_note": years_note(a)}
            if len(names) > 2:
                top = max(rates, key=rates.get)
                parts.append("Over the calendar years assigned to each term, the rate was {rate} per 100,000 under "
                             "{term}{term_note}, {comparison} the {previous_rate} under {previous}{previous_note}; the "
                             "highest term rate in the years shown was {top}'s ({top_rate}).".format(
                                 top=top, top_rate=fmt(rates[top], "rate"), **fields))
            else:
                parts.append("Over the calendar years assigned to each term, the rate was {rate} per 100,000 under "
                             "{term}{term_note}, {comparison} the {previous_rate} under {previous}{previous_note}."
                             .format(**fields))
    if "inegi_minus_sesnsp_latest" in figures:
        gap = figures["inegi_minus_sesnsp_latest"]
        direction = "more" if gap["value"] > 0 else "fewer"
        parts.append("In {year}, INEGI counted {count} {direction} homicide deaths in {where} than SESNSP recorded "
                     "victims{fem}.".format(year=gap["period"], count=fmt(abs(gap["value"])), direction=direction,
                                             where=where, fem=" (feminicide included)" if v.include_feminicide else ""))
    if "rank_latest" in figures and "ratio_to_national_latest" in figures:
        r, q = figures["rank_latest"], figures["ratio_to_national_latest"]
        word = "above" if q["value"] > 1 else "below" if q["value"] < 1 else "at"
        parts.append("In {year} {where} ranked {rank} of 32 states by rate, {comparison} the national rate ({ratio} times "
                     "it).".format(year=r["period"], where=where, rank=_ordinal(r["value"]), comparison=word,
                                   ratio=fmt(q["value"], "rate", 2)))
    if "top5_share_latest" in figures and v.map_series:
        t, h = figures["top5_share_latest"], figures["highest_state_rate_latest"]
        conc = v.concentration[(v.concentration["series"] == v.map_series)
                               & (v.concentration["year"] == int(t["period"]))].iloc[0]
        parts.append("In {year} ({series}, the latest year of the state series) the five states with most homicides "
                     "accounted for {share} of them while holding {population_share} of the population; {state} had "
                     "the highest rate, {rate} per 100,000.".format(
                         year=t["period"], series=SERIES_PROSE[v.map_series], share=fmt(t["value"], "pct"),
                         population_share=fmt(conc["top5_population_share_pct"], "pct"),
                         state=figures["highest_rate_state_latest"]["value"], rate=fmt(h["value"], "rate")))
    if "border_states_rate_latest" in figures:
        b, o = figures["border_states_rate_latest"], figures["other_states_rate_latest"]
        word = "above" if b["value"] > o["value"] else "below" if b["value"] < o["value"] else "equal to"
        parts.append("The six border states together had {rate} homicides per 100,000 in {year}, {comparison} the "
                     "{other_rate} of the other 26 states.".format(rate=fmt(b["value"], "rate"), year=b["period"],
                                                                   comparison=word, other_rate=fmt(o["value"], "rate")))
    if len(v.season):
        hi, lo = extreme_row(v.season, "index"), extreme_row(v.season, "index", lowest=True)
        parts.append("In INEGI's deaths by month of occurrence ({years}), {high} had the most homicide deaths per day "
                     "({high_change} against the average day) and {low} the fewest ({low_change}).".format(
                         years=month_span(v), high=MONTH_FULL[int(hi["month"]) - 1],
                         high_change=fmt(vs_average_day(hi), "signed_pct"), low=MONTH_FULL[int(lo["month"]) - 1],
                         low_change=fmt(vs_average_day(lo), "signed_pct")))
    return " ".join(parts) if parts else "No full-year data in the selected years."


# --- Data gaps and methodology ---

def _years(rows: pd.DataFrame, series: str) -> str:
    return periods.format_year_ranges(rows.loc[rows["series"] == series, "year"])


def data_gaps(v: Views) -> list[str]:
    """The gaps that affect this edition, with computed values: one markdown bullet's text each."""
    items = []
    nat, profile = v.national_all, v.state != NATIONAL
    for _, row in v.partial.iterrows():
        items.append("{year}: only the first {months} months are in the data ({series}{revision}{fem}: {value}, "
                     "provisional, flag P); it is shown as a partial year only: no annual figure or rate is computed "
                     "for {year}, and it is never ranked or compared with full years.".format(
                         year=row["year"], months=row["months"], series=row["series"],
                         revision="" if row["revision"] in row["series"] else ", {revision}".format(
                             revision=row["revision"]),
                         fem=", feminicide included" if row["feminicide"] else "", value=fmt(row["value"])))
    reg = nat[nat["series"] == INEGI_FINAL]
    if not profile:
        if len(reg) and reg["year"].min() > 1989 and v.start_year <= 1990:
            items.append("INEGI's series starts in 1990, so Salinas's first assigned year (1989) is not covered; his term "
                         "figures use 1990–1994.")
        share = occurrence_share_range(nat)
        if share:
            items.append("INEGI by year of occurrence ({years}) leaves out deaths with unknown state or month of "
                         "occurrence, so it runs under INEGI's national totals: {low} to {high} of the registration-year "
                         "total in the same years (the two also differ in timing, so not all of the difference is "
                         "missing deaths).".format(years=_years(nat, INEGI_OCC), low=fmt(share[0], "pct"),
                                                   high=fmt(share[1], "pct")))
        quoted = nat[(nat["system"] == "inegi") & ~nat["source_id"].astype(str).str.startswith("inegi_")]
        if len(quoted):
            kinds = ["{kind} {years}".format(kind=label.split(", ")[-1], years=periods.format_year_ranges(rows["year"]))
                     for label, rows in quoted.groupby("series")]
            items.append("INEGI national figures taken from press reports of INEGI's releases rather than from INEGI's "
                         "own files ({kinds}); each row cites its report in data/sources.csv.".format(
                             kinds="; ".join(kinds)))
        old = nat[nat["series"] == SESNSP_OLD].merge(nat[nat["series"] == SESNSP_FILES], on="year", suffixes=("", "_new"))
        if len(old):
            items.append("SESNSP's old methodology (averiguaciones previas) and the 2015 methodology overlap in {years}: "
                         "{figures} intentional-homicide case files (feminicide not added); they are separate lines, "
                         "never joined.".format(years=periods.format_year_ranges(old["year"]), figures=", ".join(
                             "{year} {old} against {new}".format(year=r.year, old=fmt(r.homicides),
                                                                 new=fmt(r.homicides_new)) for r in old.itertuples())))
    states_all = v.panel_all
    items.append("INEGI state figures exist by year of registration for {registration} and by year of occurrence for "
                 "{occurrence} in the selected years; the state sections use occurrence throughout, so they end earlier "
                 "than the national series. The occurrence file leaves out deaths with unknown month of occurrence."
                 .format(registration=_years(states_all, INEGI_FINAL) or "no year",
                         occurrence=_years(states_all, INEGI_OCC) or "no year"))
    joined = break_years(v.state_headline)
    if joined:
        items.append("The INEGI state headline in data/ joins year of registration ({registration}) and year of "
                     "occurrence ({occurrence}); {year} is a break in series (flag B). The state sections do not join "
                     "the two, so no state change, rank, peak or average spans the break.".format(
                         registration=_years(v.state_headline, INEGI_FINAL),
                         occurrence=_years(v.state_headline, INEGI_OCC), year=joined[0]))
    if "sesnsp" in v.systems:
        items.append("SESNSP state case files of the old methodology (CIEISP, 2002–2008; used only with `source=all` or "
                     "that source) lack December 2008 (the 2008 figure covers 11 months and is not used as a year) and "
                     "under-report Chihuahua in 2008; Tlaxcala's 2007 figure is missing (the file's zero is not a "
                     "count). They are not comparable with the 2015 methodology{check}.".format(
                         check=", nor do they add up to the national old-methodology figure (see Methodology)"
                         if old_state_sum_check(v.panel_all, v.national_all) else ""))
    by_term = v.admin.groupby("administration", sort=False)["years_with_data"].agg(lambda s: (s == "none").all())
    no_data = list(by_term[by_term].index)
    if no_data:
        items.append("No full year of data in this edition's series for: {terms}.".format(terms=", ".join(no_data)))
    partial_terms = v.admin[(v.admin["years_with_data"] != "none") & (v.admin["coverage"] != "complete")]
    if len(partial_terms):
        items.append("Terms only partly covered (figures use the years with data): {terms}.".format(terms="; ".join(
            "{term}, {series}: {with_data} of {assigned}".format(term=r.administration, series=r.series,
                                                                with_data=r.years_with_data, assigned=r.years_assigned)
            for r in partial_terms.itertuples())))
    if profile:
        items.append("Preliminary INEGI figures by state are not in the data; the state profile uses final figures only.")
    items.extend(notes(v))
    return items


def year_assignment_text(administrations: pd.DataFrame, start_year: int = 1990, end_year: int = 2025) -> str:
    """``Salinas 1989–1994; Zedillo 1995–2000; ...`` for the terms overlapping the window."""
    terms = term_years(administrations)
    parts = ["{term} {years}".format(term=row.short_name, years=periods.format_year_ranges(row.years))
             for row in terms.itertuples() if row.years and max(row.years) >= start_year and min(row.years) <= end_year]
    return "; ".join(parts)


def _old_state_check(v: Views) -> str:
    """``, and its 2007 sum over the 31 states with a figure is 14.8% above the national figure``
    (computed; empty when the edition has no old-methodology state rows)."""
    check = old_state_sum_check(v.panel_all, v.national_all)
    if check is None:
        return ""
    return (", and its {year} sum over the {states} states with a figure is {pct} above the national old-methodology "
            "figure ({total} against {national})").format(year=check["year"], states=check["states"],
                                                           pct=fmt(check["pct"], "pct"), total=fmt(check["total"]),
                                                           national=fmt(check["national"]))


def methodology(v: Views) -> str:
    """The methodology notes (markdown), with the year-assignment of this edition's terms."""
    assignment = year_assignment_text(v.administrations, v.start_year, v.end_year)
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
        "{setting}) SESNSP feminicide of the same release is added to intentional "
        "homicide, which makes SESNSP closer in scope to INEGI.".format(setting="on" if v.include_feminicide else "off"),
        "- **Rates** are homicides per 100,000 inhabitants, with CONAPO's mid-year population of the same year and "
        "geography. Rates from 2021 on use CONAPO projections (flag F). No annual rate is computed from a year with "
        "fewer than 12 months of data: January–June 2025 is shown as a partial year, never ranked or compared with "
        "full years.",
        "- **Flags.** Every figure carries an observation status (SDMX OBS_STATUS), shown as Flag in the tables and "
        "`obs_status` in each chart's data: A normal; B break in series, the first year of a new definition; "
        "E estimated; F forecast or projection; P provisional, to be revised. A rate takes its count's flag when that "
        "is B or P, else F when its population is a projection; a figure built from several years or states takes "
        "the strongest of their flags (B, then P, E, F, else A).",
        "- **Breaks.** SESNSP changed its method in 2015: case files under its 1997 classification (1997–2017) and "
        "victims and case files under the 2015 methodology (from 2015) are separate series; where both cover a "
        "term, the administration table gives one row per definition. INEGI's state headline switches from year of "
        "registration (to 2016) to year of occurrence (from 2017), a break flagged B in 2017; the state sections use "
        "year of occurrence throughout. No change, rank, peak or average spans a break, and a line is broken at a "
        "year flagged B.",
        "- **Missing, not zero.** Tlaxcala 2007 in the old SESNSP state file and a state's feminicide before its "
        "first report are missing, not zero (the files' zeros are not counts); with feminicide included, such a "
        "state and year counts intentional homicide only. The old state file also under-reports Chihuahua in 2008{check}."
        .format(check=_old_state_check(v)),
        "- **Peaks and plateaus.** When the highest year of a series is within 1% of its neighbouring years, the "
        "report names those years a plateau and gives their range, not one of them as the peak.",
        "- **Administrations.** A calendar year belongs to the president in office for most of its days (terms began "
        "on 1 December until 2018, then 1 October 2024): {assignment}. A term's rate is the sum of homicides over its "
        "years divided by the sum of the mid-year populations of those years (deaths per person-year), times 100,000; "
        "its average is the sum divided by the number of years with data. The change compares the rate in the term's "
        "last year with the year before the term began.".format(assignment=assignment),
        "- **Concentration.** The top-five share is the homicides of the five states with most homicides divided by the "
        "total of the 32 states. The Gini coefficient weights each state by its population: "
        "G = Σ<sub>i</sub> Σ<sub>j</sub> p<sub>i</sub> p<sub>j</sub> |r<sub>i</sub> − r<sub>j</sub>| / (2 P² r̄), "
        "with p populations, r rates, P total population and r̄ the national "
        "rate; 0 means every state has the same rate.",
        "- **Monthly series** are deaths per day (monthly deaths divided by the days in the month), so February is "
        "comparable with 31-day months; the seasonal profile pools all years of the file.",
    ])


# --- Chart captions and alt text ---

def trend_missing(v: Views) -> str:
    return "No full-year homicide series for {geography} in the selected years.".format(geography=v.geography)


def trend_caption(v: Views, data: pd.DataFrame) -> str:
    """The latest value of each system's standing series in the trend, against its peak."""
    y = value_column(v.measure)
    profile = v.state != NATIONAL
    parts = []
    for system in v.systems:
        own = data[(data["geography"] == v.geography) & (data["system"] == system)]
        label = primary_series(own, system, "national" if not profile else "state")
        if label is None:
            continue
        rows = own[own["series"] == label]
        peak, last = extreme_row(rows, y), extreme_row(rows, "year")
        kind = "rate" if v.measure == "rate" else "int"
        fields = {"series": label, "value": fmt(last[y], kind), "unit": " per 100,000" if v.measure == "rate" else "",
                  "year": int(last["year"])}
        if len(rows) == 1:
            parts.append("{series}: {value}{unit} in {year}, the only full year shown".format(**fields))
        elif len(plateau := plateau_years(rows, value=y)) > 1:
            parts.append("{series}: {value}{unit} in {year}, against a plateau of {low} to {high} in {plateau_years}"
                         .format(low=fmt(rows.loc[rows["year"].isin(plateau), y].min(), kind), high=fmt(peak[y], kind),
                                 plateau_years=periods.format_year_ranges(plateau), **fields))
        elif peak["year"] == last["year"]:
            parts.append("{series}: {value}{unit} in {year}, the highest in the years shown".format(**fields))
        else:
            parts.append("{series}: {value}{unit} in {year}, against a peak of {peak} in {peak_year}".format(
                peak=fmt(peak[y], kind), peak_year=int(peak["year"]), **fields))
    caption = "; ".join(parts) + "." if parts else "Homicides in {geography}.".format(geography=v.geography)
    if profile and v.measure == "rate":
        caption += " Dashed lines: national rate of the same series."
    projected = data.loc[data["obs_status"].eq("F"), "year"] if "obs_status" in data else pd.Series(dtype=int)
    if v.measure == "rate" and len(projected):
        caption += " Rates from {year} on use CONAPO population projections (flag F).".format(year=int(projected.min()))
    return caption + _fem_note(v, data)


def trend_alt(v: Views, data: pd.DataFrame) -> str:
    return ("Line chart of annual homicides {unit} in {geography} from {first} to {last}, one line per source series "
            "({series}), with presidential terms shaded.").format(
                unit="per 100,000 inhabitants" if v.measure == "rate" else "", geography=v.geography,
                first=data["year"].min(), last=data["year"].max(), series=", ".join(dict.fromkeys(data["series"])))


GAPS_MISSING = "No year has two series to compare in the selected years."


def gap_caption(v: Views, names: list[str], used: pd.DataFrame) -> str:
    """The first gap's latest difference and its range over the years."""
    first = v.gaps[v.gaps["gap"] == names[0]]
    last = extreme_row(first, "year")
    return ("{gap}: {difference} homicides in {year} ({pct} of the INEGI figure); between {low} and {high} a year over "
            "{years}.").format(gap=names[0], difference=fmt(last["difference"]), year=int(last["year"]),
                               pct=fmt(last["pct_of_minuend"], "pct"),
                               low=fmt(extreme_row(first, "difference", lowest=True)["difference"]),
                               high=fmt(extreme_row(first, "difference")["difference"]),
                               years=periods.format_year_ranges(first["year"])) + _fem_note(v, used)


def gap_alt(v: Views, names: list[str]) -> str:
    return ("Grouped bar chart of yearly differences between official homicide series for {geography}: {gaps}."
            .format(geography=v.geography, gaps=", ".join(names)))


YOY_MISSING = "No two consecutive full years in the selected series."


def yoy_caption(data: pd.DataFrame, label: str) -> str:
    """``label``'s largest rise and fall in the rate, and its latest change."""
    first = data[data["series"] == label]
    up, down = extreme_row(first, "change_rate_pct"), extreme_row(first, "change_rate_pct", lowest=True)
    last = extreme_row(first, "year")
    parts = []
    if len(first) > 1 and up["change_rate_pct"] > 0:
        parts.append("the largest rise was {change} in {year}".format(change=fmt(up["change_rate_pct"], "signed_pct"),
                                                                      year=int(up["year"])))
    if len(first) > 1 and down["change_rate_pct"] < 0:
        parts.append("the largest fall was {change} in {year}".format(change=fmt(down["change_rate_pct"], "signed_pct"),
                                                                      year=int(down["year"])))
    parts.append("{year}: {change}".format(year=int(last["year"]), change=fmt(last["change_rate_pct"], "signed_pct")))
    return "{series}: {changes}.".format(series=label, changes="; ".join(parts))


def yoy_alt(v: Views) -> str:
    return ("Bar chart of the annual percentage change in the homicide rate of {geography}, presidential terms shaded."
            .format(geography=v.geography))


def map_unit(v: Views) -> str:
    """What the map and the ranking show: ``per 100,000`` or ``homicides``."""
    return "per 100,000" if v.measure == "rate" else "homicides"


def map_missing(v: Views) -> str:
    return " ".join(notes(v)) or NO_STATE_DATA


def map_caption(v: Views) -> str:
    """The states with the highest and lowest rate in the map year (and the profiled state's)."""
    top, bottom = v.map.iloc[0], v.map.iloc[-1]
    caption = ("{top} had the highest rate in {year}, {top_rate} per 100,000; {bottom} the lowest, {bottom_rate} "
               "({series}). Thick outlines: states bordering the United States.").format(
                   top=top["name"], year=v.map_year, top_rate=fmt(top["rate_per_100k"], "rate"), bottom=bottom["name"],
                   bottom_rate=fmt(bottom["rate_per_100k"], "rate"), series=v.map_series)
    if v.state != NATIONAL:
        own = v.map[v.map["state_code"] == v.state_code]
        if len(own):
            caption += " {geography}: {rate}, {rank} of 32.".format(
                geography=v.geography, rate=fmt(own.iloc[0]["rate_per_100k"], "rate"), rank=_ordinal(own.iloc[0]["rank"]))
    fem = _fem_note(v) if LABEL_SYSTEM.get(v.map_series) == "sesnsp" else ""
    return caption + fem


def map_alt(v: Views) -> str:
    return ("Tile-grid map of Mexico's 32 states, one square each, coloured by homicides {unit} in {year} and labelled "
            "with the state abbreviation and value.").format(unit=map_unit(v), year=v.map_year)


def ranking_caption(v: Views, data: pd.DataFrame, column: str, other: str | None, second: str | None) -> str:
    """The first state in the ranking and, with the ``other`` series (column ``second``), its first
    state and whether both put the same five states at the top."""
    top = data.iloc[-1]
    kind = "rate" if v.measure == "rate" else "int"
    fields = {"year": v.map_year, "state": top["name"], "value": fmt(top[column], kind), "unit": map_unit(v)}
    if second and data[second].notna().any():
        fields.update(other=other, other_state=extreme_row(data, second)["name"])
        if same_top_states(data, column, second):
            caption = ("In {year}, {state} ranked first ({value} {unit}); by {other} the first was {other_state}, and "
                       "both series put the same five states at the top.").format(**fields)
        else:
            caption = "In {year}, {state} ranked first ({value} {unit}); by {other} the first was {other_state}.".format(
                **fields)
    else:
        caption = "In {year}, {state} ranked first ({value} {unit}).".format(**fields)
    return caption + _fem_note(v, v.panel)


def ranking_alt(v: Views) -> str:
    return "Horizontal bar chart ranking the 32 states by homicides {unit} in {year}.".format(unit=map_unit(v),
                                                                                           year=v.map_year)


def state_trends_caption(v: Views, latest: pd.DataFrame) -> str:
    """How the panels are ordered, led by the state with the highest latest rate."""
    lead = latest.sort_values("rate_per_100k", ascending=False)
    caption = ("States ordered by their {year} rate ({series}), highest first; all panels share one scale. "
               "Highlighted: {highlighted}.").format(year=latest_year(v.panel, v.map_series), series=v.map_series,
                                                     highlighted="the border states" if v.state == NATIONAL else v.geography)
    if len(lead):
        first = lead.iloc[0]
        caption = ("{state} had the highest rate in {year}. ".format(state=first["name"], year=int(first["year"]))
                   + caption)
    return caption + _fem_note(v, v.panel)


def state_trends_alt(v: Views, labels: list[str]) -> str:
    return ("Grid of 32 small line charts, one per state (labelled by abbreviation), showing annual homicides {unit} "
            "for {series}.").format(unit="per 100,000" if v.measure == "rate" else "", series=", ".join(labels))


def border_caption(v: Views) -> str:
    """The border and other states' rates in the latest year, and how often the border rate was higher."""
    s = border_summary(v)
    return ("{series}: in {year} the border states had {border} homicides per 100,000 against {other} in the other "
            "states; the border rate was the higher one in {above} of {years} years.").format(
                series=v.map_series, year=s["year"], border=fmt(s["border"], "rate"), other=fmt(s["other"], "rate"),
                above=s["above"], years=s["years"]) + _fem_note(v, v.panel)


BORDER_ALT = "Line chart of the homicide rate of the six U.S. border states combined and of the other 26 states combined."


def concentration_caption(v: Views) -> str:
    """The top-five share and the Gini in the first and latest year of the map series."""
    rows = v.concentration[v.concentration["series"] == v.map_series].sort_values("year")
    first, last = rows.iloc[0], rows.iloc[-1]
    return ("{series}: the five states with most homicides held {share} of them in {year} ({first_share} in "
            "{first_year}); the Gini of state rates was {gini} ({first_gini} in {first_year}).").format(
                series=v.map_series, share=fmt(last["top5_share_pct"], "pct"), year=int(last["year"]),
                first_share=fmt(first["top5_share_pct"], "pct"), first_year=int(first["year"]),
                gini=fmt(last["gini"], "rate", 2), first_gini=fmt(first["gini"], "rate", 2)) + _fem_note(v, v.panel)


CONCENTRATION_ALT = ("Two line charts: the share of homicides in the five states with most homicides, and the Gini "
                     "coefficient of state rates.")


def rank_history_missing(v: Views) -> str:
    return "No state data for {geography} in the selected years.".format(geography=v.geography)


def rank_history_caption(v: Views, own: pd.DataFrame) -> str:
    """The profiled state's latest and highest rank in the map series."""
    rows = own[own["series"] == v.map_series].sort_values("year")
    best, last = extreme_row(rows, "rank", lowest=True), rows.iloc[-1]
    return ("{geography} ranked {rank} of 32 in {year} ({series}); its highest rank was {best}, in {best_year}.".format(
        geography=v.geography, rank=_ordinal(last["rank"]), year=int(last["year"]), series=v.map_series,
        best=_ordinal(best["rank"]), best_year=int(best["year"])) + _fem_note(v, own))


def rank_history_alt(v: Views) -> str:
    return "Line chart of {geography}'s rank among Mexico's 32 states by homicide rate, per year.".format(
        geography=v.geography)


MONTHLY_MISSING = "The monthly INEGI file covers 2000–2022; no month falls in the selected years."


def monthly_caption(v: Views) -> str:
    """The month with the most deaths per day."""
    peak = extreme_row(v.monthly, "deaths_per_day")
    return ("The highest month was {month} {year}, with {per_day} homicide deaths a day (INEGI, month of occurrence)."
            .format(month=MONTH_FULL[int(peak["month"]) - 1], year=int(peak["year"]),
                    per_day=fmt(peak["deaths_per_day"], "rate")))


def monthly_alt(v: Views) -> str:
    return "Line chart of monthly homicide deaths per day in {geography}, {years}.".format(geography=v.geography,
                                                                                         years=month_span(v))


SEASONALITY_MISSING = "No monthly data in the selected years."


def seasonality_caption(v: Views) -> str:
    """The calendar months with the most and the fewest deaths per day, against the average day."""
    hi, lo = extreme_row(v.season, "index"), extreme_row(v.season, "index", lowest=True)
    return ("Over {years}, {high} averaged {high_per_day} deaths a day ({high_change} against the average day) and "
            "{low} {low_per_day} ({low_change}); per-day figures make February comparable with longer months.").format(
                years=month_span(v), high=MONTH_FULL[int(hi["month"]) - 1], high_per_day=fmt(hi["deaths_per_day"], "rate"),
                high_change=fmt(vs_average_day(hi), "signed_pct"), low=MONTH_FULL[int(lo["month"]) - 1],
                low_per_day=fmt(lo["deaths_per_day"], "rate"), low_change=fmt(vs_average_day(lo), "signed_pct"))


SEASONALITY_ALT = ("Bar chart of each calendar month's homicide deaths per day as a percentage above or below the "
                   "average day; orange bars are above average.")


# --- Table captions ---

def reconciliation_caption(v: Views) -> str:
    return ("Homicides in {geography} by official series, and the differences between them (empty: the series has no "
            "full-year figure for that year).").format(geography=v.geography) + _fem_note(
                v, v.national_all if v.state == NATIONAL else v.panel_all)


def admin_caption(v: Views) -> str:
    return ("Homicides per administration, {geography}: average a year and rate per 100,000 (homicides summed over the "
            "calendar years assigned to the term, divided by the sum of those years' mid-year populations). Change: "
            "rate in the term's last year with data against the last year before the term. Each row is one series "
            "and definition; nothing is computed across two. Flag F: the rate uses CONAPO population projections "
            "(years from 2021).").format(geography=v.geography)


LEADERS_CAPTION = "State with the highest homicide rate each year (per 100,000), by series."
