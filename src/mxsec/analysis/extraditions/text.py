"""Every sentence the extraditions report prints: findings, the assignment rule, transfers, data
gaps, methodology, chart and table captions, alt text and the labels of the key-figures box.
Sentences that carry numbers are whole format strings with named fields, filled from the
bundle with ``fmt``; the numbers themselves are computed in ``compute``."""

from __future__ import annotations

import pandas as pd

from mxsec.analysis import periods
from mxsec.formatting import fmt

from .compute import (AGREE_WITHIN, DIRECTION_LABELS, SCOPE_LABELS, SOURCE_MODES, Extraditions, changeover_years, coverage,
                      day_label, event_counts, full_years, gap_years, largest_fall, peak_row, publishers,
                      relation_gaps, stated_check, years_with_both)

# --------------------------------------------------------------------------- phrases

NATIONALS_SUFFIX = " (Mexican nationals only)"  # after a figure that counts Mexican nationals only
NONE = "none"
NO_YEAR = "no year"
TRANSFER_YEAR = "{persons} in {year}"
TRANSFER_YEAR_PARTIAL = "{persons} in {year} ({basis})"


def _scope_suffix(scope: str) -> str:
    return NATIONALS_SUFFIX if scope == "nationals_only" else ""


def _transfer_years(r: Extraditions) -> list[str]:
    """"55 in 2025", "37 in 2026 (sum of dated transfers to 20 Jan 2026)": each year with a figure."""
    return [(TRANSFER_YEAR_PARTIAL if t.partial else TRANSFER_YEAR).format(persons=fmt(t.persons, "int"), year=t.year,
                                                                           basis=t.basis)
            for t in r.transfers.itertuples(index=False) if pd.notna(t.persons)]


def source_labels(rows: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> short publisher with the publication year (two AP stories stay distinct)."""
    publisher = publishers(sources)
    year = dict(zip(sources["source_id"], sources["published"].fillna("").astype(str).str[:4]))
    return {s: f"{publisher.get(s, s)} ({year.get(s, '')})".replace(" ()", "") for s in dict.fromkeys(rows["source_id"])}


# --------------------------------------------------------------------------- key figures

KEY_FIGURE_LABELS = {
    "peak_persons": "Highest annual extraditions",
    "latest_persons": "Latest full-year figure",
    "transfers_2025_persons": "Transferred outside the treaty",
    "years_without_full_year_figure": "Years without a full-year figure",
}
PEAK_LABELS = {  # (nationals only, to Mexico) -> label of peak_persons
    (False, False): KEY_FIGURE_LABELS["peak_persons"],
    (True, False): "Highest annual extraditions, nationals only",
    (False, True): "Highest annual extraditions to Mexico",
    (True, True): "Highest annual extraditions to Mexico, nationals only",
}
LATEST_NATIONALS_LABEL = "Latest full-year figure, nationals only"


def key_figure_labels(r: Extraditions) -> dict[str, str]:
    """Labels for the key-figures box; a figure that counts nationals only says so."""
    labels = dict(KEY_FIGURE_LABELS)
    full = full_years(r.annual)
    peak = peak_row(r.annual)
    nationals = peak is not None and peak["scope"] == "nationals_only"
    labels["peak_persons"] = PEAK_LABELS[(nationals, r.direction != "mx_to_us")]
    if len(full) and full.iloc[-1]["scope"] == "nationals_only":
        labels["latest_persons"] = LATEST_NATIONALS_LABEL
    return labels


FIGURE_NAMES = {
    **KEY_FIGURE_LABELS,
    "peak_year": "Year with the most extraditions",
    "latest_year": "Latest year with a full-year figure",
    "total_by_administration": "Extraditions by administration",
    "first_two_full_years_by_administration": "Extraditions in each administration's first two full years",
}
"""A name for every key figure, for the "Changes in this edition" table (the keys inside the
administrations' values are named by ``mxsec.names.COLUMNS``)."""


def key_figure_names(r: Extraditions) -> dict[str, str]:
    """The display name of every key figure (``FIGURE_NAMES``, with the box's labels of this edition)."""
    return {**FIGURE_NAMES, **key_figure_labels(r)}


# --------------------------------------------------------------------------- findings

COVERAGE = ("Full-year figures for extraditions from {where} exist for {full} of the {years} calendar years from "
            "{start} to {end}.")
COVERAGE_ONE_SOURCE = ("Using only the figures of {publisher}: Full-year figures for extraditions from {where} exist "
                       "for {full} of the {years} calendar years from {start} to {end}.")
ONLY_ONE = "The only one is {persons} in {year}{scope}."
RANGE = ("They run from {first} in {first_year}{first_scope} to {last} in {last_year}{last_scope}, the latest full-year "
         "figure; the highest is {peak} in {peak_year}{peak_scope}{ranked}.")
RANKED_WITHIN = ", among the years whose figure counts {scope}"
LARGEST_FALL = ("The largest fall between consecutive years with figures is from {from_persons} in {from_year} to "
                "{to_persons} in {to_year} ({change}).")
COMPLETE_TERM = "{short} ({persons} persons in {first}–{last}, {average:.1f} a year)"
COMPLETE = {  # (some terms are incomplete, one complete term) -> sentence
    (True, True): "Only {terms} has a figure for every year of the term.",
    (True, False): "Only {terms} have a figure for every year of the term.",
    (False, True): "{terms} has a figure for every year of the term.",
    (False, False): "{terms} have a figure for every year of the term.",
}
INCOMPLETE_TERM = "{short} {have} of {years} years"
INCOMPLETE = {  # (some terms are complete, several incomplete) -> sentence
    (True, True): "The other terms are incomplete ({terms}), so the report gives no total for them.",
    (True, False): "The other terms are incomplete ({terms}), so the report gives no total for it.",
    (False, True): "No term in the window has a figure for every year ({terms}), so the report gives no total for them.",
    (False, False): "No term in the window has a figure for every year ({terms}), so the report gives no total for it.",
}
AVERAGED_TERM = "{short} {average:.1f} ({years} years)"
AVERAGED = "Averages over the years that do have figures, which are not term averages: {terms}."
STATED = {  # one total agrees, or several (or none)
    True: ("Of the {stated} totals that sources state for a span, {checked} can be checked against complete annual "
           "figures of the same scope; {agree} agrees within {within} persons{same}{worst}."),
    False: ("Of the {stated} totals that sources state for a span, {checked} can be checked against complete annual "
            "figures of the same scope; {agree} agree within {within} persons{same}{worst}."),
}
SAME_SOURCE_COUNT = " ({same} of them from the source that also gives the annual figures)"
SAME_SOURCE = " (from the source that also gives the annual figures)"
WORST = (", and the largest gap is {stated} stated by {publisher} for {period} against {computed} from the annual "
         "figures for {years}")
TRANSFERS_FINDING = ("Transfers outside the extradition treaty, a separate mechanism never added to the counts above: "
                     "{years}.")


def findings(r: Extraditions) -> str:
    """The findings paragraph, every number computed from the report's tables."""
    full = full_years(r.annual)
    count = coverage(r.annual)
    publisher = publishers(r.sources)
    where = DIRECTION_LABELS[r.direction]
    lead = COVERAGE if r.source in SOURCE_MODES else COVERAGE_ONE_SOURCE
    parts = [lead.format(publisher=publisher.get(r.source, r.source), where=where, full=fmt(count["full"], "int"),
                         years=fmt(count["years"], "int"), start=r.start_year, end=r.end_year)]
    if count["full"] == 1:
        row = full.iloc[0]
        parts.append(ONLY_ONE.format(persons=fmt(row["persons"], "int"), year=row["year"], scope=_scope_suffix(row["scope"])))
    elif count["full"] > 1:
        first, last, peak = full.iloc[0], full.iloc[-1], peak_row(r.annual)
        parts.append(RANGE.format(
            first=fmt(first["persons"], "int"), first_year=first["year"], first_scope=_scope_suffix(first["scope"]),
            last=fmt(last["persons"], "int"), last_year=last["year"], last_scope=_scope_suffix(last["scope"]),
            peak=fmt(peak["persons"], "int"), peak_year=peak["year"], peak_scope=_scope_suffix(peak["scope"]),
            ranked=RANKED_WITHIN.format(scope=SCOPE_LABELS[peak["scope"]]) if full["scope"].nunique() > 1 else ""))
        fall = largest_fall(r.annual)
        if fall:
            parts.append(LARGEST_FALL.format(
                from_persons=fmt(fall["from_persons"], "int"), from_year=fall["from_year"],
                to_persons=fmt(fall["to_persons"], "int"), to_year=fall["to_year"],
                change=fmt(fall["change_pct"], "signed_pct").replace("-", "−")))
    totals = r.totals
    if len(totals):
        complete = totals[totals["complete"]]
        incomplete = totals[~totals["complete"]]
        if len(complete):
            terms = "; ".join(COMPLETE_TERM.format(short=t.short, persons=fmt(t.persons, "int"), first=t.years[0],
                                                   last=t.years[-1], average=t.average_per_year)
                              for t in complete.itertuples(index=False))
            parts.append(COMPLETE[(bool(len(incomplete)), len(complete) == 1)].format(terms=terms))
        if len(incomplete):
            terms = ", ".join(INCOMPLETE_TERM.format(short=t.short, have=t.years_with_data, years=t.years_in_span)
                              for t in incomplete.itertuples(index=False))
            parts.append(INCOMPLETE[(bool(len(complete)), len(incomplete) > 1)].format(terms=terms))
            averaged = incomplete[incomplete["years_with_data"] >= 2]
            if len(averaged):
                terms = ", ".join(AVERAGED_TERM.format(short=t.short, average=t.average_years_with_data,
                                                       years=t.years_with_data)
                                  for t in averaged.itertuples(index=False))
                parts.append(AVERAGED.format(terms=terms))
    check = stated_check(r.stated)
    if check["checked"]:
        several = check["same"] > 1 or (check["same"] and check["agree"] > 1)
        same = (SAME_SOURCE_COUNT.format(same=fmt(check["same"], "int")) if several else SAME_SOURCE if check["same"] else "")
        worst = check["worst"]
        worst = "" if worst is None else WORST.format(
            stated=fmt(worst["stated"], "int"), publisher=publisher.get(worst["source_id"], worst["source_id"]),
            period=worst["period"], computed=fmt(worst["computed"], "int"), years=worst["years_compared"])
        parts.append(STATED[check["agree"] == 1].format(
            stated=fmt(check["stated"], "int"), checked=fmt(check["checked"], "int"), agree=fmt(check["agree"], "int"),
            within=AGREE_WITHIN, same=same, worst=worst))
    if len(r.transfers):
        parts.append(TRANSFERS_FINDING.format(years="; ".join(_transfer_years(r))))
    return " ".join(parts)


# --------------------------------------------------------------------------- by administration

ASSIGNMENT = ("A calendar year belongs to the administration in office for most of it. Mexican terms began on 1 December "
              "up to the term that began in 2018; the term that began in 2024 began on 1 October. A changeover year "
              "therefore counts for the outgoing president{examples}. A term's total is printed only when every one of "
              "its years has a full-year figure; otherwise the table says \"incomplete (n of m years)\" and the average "
              "covers only the years with data, as labelled.")
ASSIGNMENT_EXAMPLES = ": {examples}"
ASSIGNMENT_EXAMPLE = "{year} → {president}"


def assignment(r: Extraditions) -> str:
    """The majority-of-year rule, with the boundary years it decides computed from the table."""
    examples = ", ".join(ASSIGNMENT_EXAMPLE.format(year=year, president=short) for year, short in changeover_years(r))
    return ASSIGNMENT.format(examples=ASSIGNMENT_EXAMPLES.format(examples=examples) if examples else "")


# --------------------------------------------------------------------------- transfers

NO_TRANSFERS = "No transfer outside the extradition treaty from {where} is recorded for {start}–{end}."
DATED_TRANSFER = "{persons} on {day}"
DATED_TRANSFER_DISAGREE = "{day} (sources disagree: {values})"
DATED_TRANSFERS = ("Persons were sent from {where} outside the extradition treaty on {count} dated occasions in "
                   "{start}–{end}: {transfers}.")
TRANSFERS_BY_YEAR = "By calendar year: {years}."
TRANSFER_STATED = "{publisher} states {stated} for {period} ({check})."
TRANSFERS_APART = ("These transfers are a different legal mechanism and are never added to the extradition counts, "
                   "totals or averages in this report; the annual chart stacks them, in their own colour, only with "
                   "`include_transfers=true`.")


def transfers(r: Extraditions) -> str:
    """Prose on the transfers: dated transfers, annual figures, stated cumulative totals."""
    ev = r.transfer_events
    where = DIRECTION_LABELS[r.direction]
    if not len(ev) and not len(r.transfers):
        return NO_TRANSFERS.format(where=where, start=r.start_year, end=r.end_year)
    parts = []
    if len(ev):
        dated = "; ".join(DATED_TRANSFER.format(persons=fmt(p, "int"), day=day_label(d)) if pd.notna(p)
                          else DATED_TRANSFER_DISAGREE.format(day=day_label(d), values=v)
                          for d, p, v in zip(ev["date"], ev["persons"], ev["values"]))
        parts.append(DATED_TRANSFERS.format(where=where, count=fmt(len(ev), "int"), start=r.start_year, end=r.end_year,
                                            transfers=dated))
    annual = _transfer_years(r)
    if annual:
        parts.append(TRANSFERS_BY_YEAR.format(years="; ".join(annual)))
    ts = r.transfer_stated[r.transfer_stated["mechanism"] == "transfer"]
    publisher = publishers(r.sources)
    for t in ts.itertuples(index=False):
        parts.append(TRANSFER_STATED.format(publisher=publisher.get(t.source_id, t.source_id), stated=fmt(t.stated, "int"),
                                            period=t.period, check=t.check))
    parts.append(TRANSFERS_APART)
    return " ".join(parts)


# --------------------------------------------------------------------------- chart captions and alt text

ANNUAL_NO_FIGURE = ("No full-year figure for extraditions from {where} in {start}–{end}; dots show any figure a source "
                    "gives.")
ANNUAL_CAPTION = ("Full-year figures exist for {full} of {years} years; the highest is {peak} in {peak_year}{scope}. "
                  "Hatched years ({gaps}) have no full-year figure and the line is not drawn across them.")
ANNUAL_NATIONALS = "Triangles count Mexican nationals only ({years} in the line)."
ANNUAL_LITERATURE = ("A square marks {years}: the figure's only source is a paper of the literature, shown as secondary "
                     "data and never used as evidence for a claim.")
ANNUAL_TRANSFERS = ("Orange: transfers outside the treaty, stacked on the extradition figure (from zero where there is "
                    "none).")
ANNUAL_ALT = ("Line and dot chart of persons extradited per calendar year from {where}, {start} to {end}, with one dot "
              "per source, hatched bands for years without a full-year figure and shaded Mexican administrations"
              "{transfers}.")
ANNUAL_ALT_TRANSFERS = ", and orange stacked bars for transfers"
TIMELINE_CAPTION = ("{extraditions} extradition and {transfers} transfer events in {start}–{end} from the events table; "
                    "the titles say who surrendered whom.")
TIMELINE_ALT = "Timeline of notable extraditions and transfers, one labelled dot per event."
NO_EVENTS = "No extradition or transfer event in the window."
RELATION_CAPTION = ("Extraditions and {what}: {years} years have both. Seen together for context only; moving together "
                    "does not show that one caused the other.")
RELATION_GAPS = "Hatched years have no figure: extraditions {extraditions}; {what} {other}."
RELATION_GAP_WHAT = {"homicides": "homicides", "assistance": "assistance"}
RELATION_WHAT = {"homicides": "INEGI homicide figures",
                 "assistance": "U.S. security assistance obligations (fiscal years)"}
RELATION_ALT = {
    "homicides": "Two panels: extraditions per year above, homicide victims in Mexico per year below.",
    "assistance": "Two panels: extraditions per year above, U.S. assistance obligated per fiscal year below.",
}


def annual_caption(r: Extraditions) -> str:
    full = full_years(r.annual)
    if not len(full):
        return ANNUAL_NO_FIGURE.format(where=DIRECTION_LABELS[r.direction], start=r.start_year, end=r.end_year)
    count, peak = coverage(r.annual), peak_row(r.annual)
    parts = [ANNUAL_CAPTION.format(full=fmt(count["full"], "int"), years=fmt(count["years"], "int"),
                                   peak=fmt(peak["persons"], "int"), peak_year=peak["year"],
                                   scope=_scope_suffix(peak["scope"]),
                                   gaps=periods.format_year_ranges(gap_years(r.annual)) or NONE)]
    nationals = full[full["scope"] == "nationals_only"]
    if len(nationals):
        parts.append(ANNUAL_NATIONALS.format(years=periods.format_year_ranges(nationals["year"])))
    literature = full[full["literature"]]
    if len(literature):
        parts.append(ANNUAL_LITERATURE.format(years=periods.format_year_ranges(literature["year"])))
    if r.include_transfers and len(r.transfers):
        parts.append(ANNUAL_TRANSFERS)
    return " ".join(parts)


def annual_alt(r: Extraditions) -> str:
    return ANNUAL_ALT.format(where=DIRECTION_LABELS[r.direction], start=r.start_year, end=r.end_year,
                             transfers=ANNUAL_ALT_TRANSFERS if r.include_transfers else "")


def timeline_caption(r: Extraditions) -> str:
    counts = event_counts(r.events)
    return TIMELINE_CAPTION.format(extraditions=counts["extradition"], transfers=counts["transfer"], start=r.start_year,
                                   end=r.end_year)


def relation_caption(r: Extraditions, other: str) -> str:
    caption = RELATION_CAPTION.format(what=RELATION_WHAT[other], years=years_with_both(r.relation, other))
    ext, rest = relation_gaps(r, "extraditions"), relation_gaps(r, other)
    if ext or rest:
        caption += " " + RELATION_GAPS.format(extraditions=periods.format_year_ranges(ext) or NONE,
                                              what=RELATION_GAP_WHAT[other], other=periods.format_year_ranges(rest) or NONE)
    return caption


# --------------------------------------------------------------------------- table captions

SOURCES_ALL_CAPTION = "Every source's figure for extraditions from {where}, {start}–{end}"
SOURCES_DISAGREE_CAPTION = ("Figures by year, extraditions from {where}: sources disagree on the all-persons count "
                            "for {years}")
SOURCES_AGREE_CAPTION = ("Figures by year, extraditions from {where}: no two sources give different all-persons counts "
                         "for the same year")
TABLE_PART = "{caption} (part {part} of {parts}: {first}–{last})"
ADMINISTRATION_CAPTION = "Extraditions by Mexican administration, from full-year figures"
FIRST_YEARS_CAPTION = ("First two full calendar years in office (calendar years, not the first 24 months: no monthly "
                       "figures are sourced)")
STATED_CHECKED_CAPTION = ("Totals stated for whole calendar years, against the sum of the annual figures for the same "
                          "years ({checked} of {comparable} can be summed; the rest miss a year)")
STATED_OTHER_CAPTION = ("Totals stated for spans that cut a calendar year or count Mexican nationals only: no annual "
                        "comparison is possible")
NO_STATED = "No stated total of this kind in the window."
TRANSFERS_CAPTION = "Dated transfers outside the extradition treaty"
NO_DATED_TRANSFER = "No dated transfer in the window."


def sources_caption(r: Extraditions) -> str:
    where = DIRECTION_LABELS[r.direction]
    if r.source == "all":
        return SOURCES_ALL_CAPTION.format(where=where, start=r.start_year, end=r.end_year)
    disagree = [int(y) for y in r.spread.loc[r.spread["disagree"].astype(bool), "year"]]
    if disagree:
        return SOURCES_DISAGREE_CAPTION.format(where=where, years=periods.format_year_ranges(disagree))
    return SOURCES_AGREE_CAPTION.format(where=where)


def stated_checked_caption(r: Extraditions) -> str:
    check = stated_check(r.stated)
    return STATED_CHECKED_CAPTION.format(checked=check["checked"], comparable=check["comparable"])


# --------------------------------------------------------------------------- data gaps

GAP_EXTRADITIONS = ("**Extraditions from {where}: no full-year figure** for {gaps} ({count} of {years} years in "
                    "{start}–{end}). These years are hatched in every chart and left out of every total.")
GAP_PARTIAL = "**Not a full calendar year** (shown, not summed): {years}."
GAP_PARTIAL_YEAR = "{year} ({status}, {persons})"
GAP_NATIONALS = ("**Mexican nationals only**: the only full-year figure for {years} counts Mexican nationals, a subset "
                 "of all persons extradited.")
GAP_TERMS = "**Administrations without a total** (a year of the term has no full-year figure): {terms}."
GAP_TERM = "{short}: missing {years}"
GAP_STATED = ("**Stated totals that cannot be checked** against annual figures: {unchecked} of {stated} (partial years, "
              "missing years or a different scope; see the table).")
GAP_TRANSFERS_PARTIAL = "**Transfers, partial years**: {years}; no annual figure is published for these years."
GAP_TRANSFER_YEAR = "{year} ({basis})"
GAP_TRANSFERS_TO_MEXICO = "**Transfers**: none recorded from the United States to Mexico in the transfer tables."
GAP_HOMICIDES = "**Homicides** (INEGI, full year, in the data): none for {years}."
GAP_ASSISTANCE = "**U.S. assistance obligated** (security assistance): no fiscal-year figure for {years}."
GAP_ASSISTANCE_PARTIAL = ("**U.S. assistance, fiscal years only partly reported** in the source (dotted bars, not "
                          "comparable with other years): {years}.")


def data_gaps(r: Extraditions) -> list[str]:
    """The Data gaps section: years and spans the report cannot fill, one bullet's text each."""
    count = coverage(r.annual)
    lines = [GAP_EXTRADITIONS.format(where=DIRECTION_LABELS[r.direction],
                                     gaps=periods.format_year_ranges(gap_years(r.annual)) or NO_YEAR,
                                     count=fmt(count["gaps"], "int"), years=fmt(count["years"], "int"),
                                     start=r.start_year, end=r.end_year)]
    partial = r.annual[r.annual["status"].str.startswith(("partial", "U.S."))]
    if len(partial):
        lines.append(GAP_PARTIAL.format(years=", ".join(
            GAP_PARTIAL_YEAR.format(year=row.year, status=row.status, persons=fmt(row.reported, "int"))
            for row in partial.itertuples(index=False))))
    nationals = r.annual[(r.annual["scope"] == "nationals_only") & r.annual["persons"].notna()]
    if len(nationals):
        lines.append(GAP_NATIONALS.format(years=periods.format_year_ranges(nationals["year"])))
    incomplete = r.totals[~r.totals["complete"]] if len(r.totals) else r.totals
    if len(incomplete):
        lines.append(GAP_TERMS.format(terms="; ".join(
            GAP_TERM.format(short=t.short, years=periods.format_year_ranges(t.missing_years))
            for t in incomplete.itertuples(index=False))))
    check = stated_check(r.stated)
    if check["unchecked"]:
        lines.append(GAP_STATED.format(unchecked=fmt(check["unchecked"], "int"), stated=fmt(check["stated"], "int")))
    partial_t = r.transfers[r.transfers["partial"]]
    if len(partial_t):
        lines.append(GAP_TRANSFERS_PARTIAL.format(years=", ".join(
            GAP_TRANSFER_YEAR.format(year=t.year, basis=t.basis) for t in partial_t.itertuples(index=False))))
    if r.direction == "us_to_mx":
        lines.append(GAP_TRANSFERS_TO_MEXICO)
    hom = r.relation[r.relation["homicides"].isna()]["year"]
    if len(hom):
        lines.append(GAP_HOMICIDES.format(years=periods.format_year_ranges(hom)))
    aid = r.relation[r.relation["assistance_usd"].isna()]["year"]
    if len(aid):
        lines.append(GAP_ASSISTANCE.format(years=periods.format_year_ranges(aid)))
    aid_partial = r.relation[r.relation["assistance_partial"].fillna(False).astype(bool)]["year"]
    if len(aid_partial):
        lines.append(GAP_ASSISTANCE_PARTIAL.format(years=periods.format_year_ranges(aid_partial)))
    return lines


# --------------------------------------------------------------------------- methodology

SOURCE_RULE_PREFERRED = ("the preferred row of `extraditions.csv` for each year (one per year, direction and mechanism; "
                         "rule: official over press, full year over partial; each row's note says why)")
SOURCE_RULE_ONE_SOURCE = "the rows of source `{source}` only (all persons before nationals only, then the most months)"
METHODOLOGY = (
    "- **Series used**: {source_rule}. Every other source's value is drawn as a dot, so the spread between the U.S. "
    "Embassy, the Justice Department, Mexico's attorney general (FGR/PGR) and the press is visible. "
    "`source=all` colours the dots by source and lists every row; `source` set to one source's id (`mxsec list` shows them) computes with that source alone.",
    "- **Full years only**: lines, totals, averages, peaks and comparisons use figures that cover 12 months of a calendar "
    "year. Partial-year and U.S. fiscal-year figures are shown and labelled, never summed or joined by the line.",
    "- **Scope**: a figure for Mexican nationals only is a subset of all persons extradited. Where the only full-year "
    "figure counts nationals, it is drawn as a triangle, not joined to all-persons years, and left out of totals, "
    "averages and peaks, which add and rank counts of all persons only.",
    "- **Flags**: each figure carries its observation status (the SDMX codes statistics offices use), in the tables and "
    "in every chart's CSV: A normal; B break in series, where the line changes what it counts (2022 counts Mexican "
    "nationals only); P provisional, for a year-end count stated before the year ended (the U.S. Embassy's statement "
    "of 30 December 2008; the 2025 transfer total stated on 8 December 2025).",
    "- **Administrations**: a calendar year belongs to the administration in office for most of it. Mexican terms began "
    "on 1 December until 2018 and on 1 October from 2024, so 2000 counts for Zedillo, 2006 for Fox, 2012 for Calderón, "
    "2018 for Peña Nieto and 2024 for López Obrador. A total is given only when every year of the term has a full-year "
    "figure; otherwise the table says \"incomplete (n of m years)\" and the average is labelled as covering only the "
    "years with data. The term in office is counted to the last year shown.",
    "- **First two years**: the first two calendar years wholly in office (for a 1 December start, the two following "
    "calendar years), because no monthly figures are sourced; a source's \"first 24 months\" total is shown next to "
    "them, not mixed in.",
    "- **Stated totals**: compared with the sum of annual figures for the calendar years they cover for at least 11 months "
    "(a December-to-November term window is compared with the calendar years it mostly covers; the one-month offset is "
    "not adjusted). A span that cuts a calendar year, a covered year without a figure, or a different scope makes the "
    "comparison impossible, and the table says which.",
    "- **Transfers**: persons sent under Mexico's National Security Law outside the extradition treaty (from February "
    "2025) are a separate mechanism: their own table, their own colour, and added to the chart only with "
    "`include_transfers=true`, stacked and labelled. A year without a published annual transfer figure shows the sum "
    "of the dated transfers on which every source agrees, marked as a partial year.",
    "- **Other series**: homicides are INEGI death-record victims (preferred, 12 months); U.S. assistance is "
    "security assistance as the funding report defines it (`mxsec.analysis.funding.security_assistance`: State "
    "Department and Defense security accounts, obligations) by U.S. fiscal year (October-September), nominal dollars, set against calendar years of the "
    "same number. Extraditions depend on arrests, court proceedings and political decisions in both countries; "
    "moving together with homicides or aid does not show that one caused the other.",
)


def methodology(r: Extraditions) -> str:
    """How the report counts, in prose (rules only; numbers come from the tables)."""
    source_rule = SOURCE_RULE_PREFERRED if r.source in SOURCE_MODES else SOURCE_RULE_ONE_SOURCE.format(source=r.source)
    return "\n".join(METHODOLOGY).format(source_rule=source_rule)
