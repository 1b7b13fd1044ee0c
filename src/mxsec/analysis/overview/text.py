"""Every sentence of the overview: key-figure labels, findings, the notes under the charts, the
captions and alt text, the data gaps. Strings only; numbers come from ``compute`` and are
formatted with ``fmt``. A sentence with numbers is one format string with named fields."""

from __future__ import annotations

from mxsec.analysis import claims, periods
from mxsec.analysis.overview import compute as c
from mxsec.analysis.overview.compute import Overview, Timeline, ci, ex, figure_value, funding, topic_figure
from mxsec.formatting import fmt

KEY_FIGURE_LABELS = {
    "funding_merida_cumulative_usd": "Mérida Initiative, latest published cumulative total enacted",
    "funding_peak_usd": "Peak U.S. security assistance obligated, {dollars}",
    "extraditions_latest_persons": "Extraditions {direction}, latest year with a full-year figure",
    "extraditions_peak_persons": "Extraditions {direction}, highest year",
    "violence_latest_homicides": "Homicides in Mexico (INEGI), latest year",
    "violence_latest_rate_per_100k": "Homicides per 100,000 inhabitants (INEGI)",
    "cooperation_index_top_years": "Cooperation index: years in the top group (no other year clearly above them)",
    "claims_total": "Numerical claims of the literature checked",
    "claims_consistent": "Claims consistent with data/",
    "claims_nonpreferred": "Claims consistent only with a non-preferred source",
    "claims_differs": "Claims that differ from every figure in data/",
    "claims_not_checkable": "Claims data/ cannot check",
}


def _dollars() -> str:
    return funding.dollars_label(funding.DEFAULT_DOLLARS, funding.DEFAULT_BASE_YEAR)


def key_figure_labels(o: Overview) -> dict[str, str]:
    """Labels of the entries shown in the key-figures box (only those present)."""
    fields = {"dollars": _dollars(), "direction": ex.DIRECTION_SHORT[ex.DEFAULT_DIRECTION]}
    return {key: label.format(**fields) for key, label in KEY_FIGURE_LABELS.items() if key in o.figures}


FIGURE_NAMES = {
    **KEY_FIGURE_LABELS,
    "claims_by_paper": "Claims checked per paper",
    "funding_peak_fiscal_year": "Fiscal year of the peak in U.S. security assistance",
    "funding_latest_usd": "U.S. security assistance obligated, latest year, {dollars}",
    "funding_latest_fiscal_year": "Latest fiscal year of U.S. security assistance",
    "extraditions_latest_year": "Extraditions {direction}: latest year with a full-year figure",
    "extraditions_peak_year": "Extraditions {direction}: year with the most",
    "extraditions_years_without_full_year_figure": "Extraditions {direction}: years without a full-year figure",
    "violence_latest_year": "Homicides in Mexico (INEGI): latest full year",
    "violence_peak_homicides": "Homicides in Mexico (INEGI), peak year",
    "violence_peak_year": "Homicides in Mexico (INEGI): year with the most",
    "violence_peak_plateau_years": "Homicides in Mexico (INEGI): years of the peak plateau",
    "violence_peak_plateau_lowest_homicides": "Homicides in Mexico (INEGI): lowest count of the peak plateau",
    "violence_sesnsp_latest_homicides": "Homicide victims in Mexico (SESNSP), latest year",
    "cooperation_index_low_year": "Cooperation index: year with the lowest median",
    "cooperation_index_top_year": "Cooperation index: year with the highest median",
    "cooperation_index_low_years": "Cooperation index: years in the bottom group (no other year clearly below them)",
    "cooperation_index_n_scored_years": "Cooperation index: years with a score",
    "cooperation_index_n_robust_changes": "Cooperation index: robust year-to-year changes",
    "cooperation_index_robust_rises": "Cooperation index: years with a robust rise",
    "cooperation_index_robust_falls": "Cooperation index: years with a robust fall",
}
"""A name for every key figure, for the "Changes in this edition" table."""


def key_figure_names(o: Overview) -> dict[str, str]:
    """The display name of every key figure (``FIGURE_NAMES``)."""
    fields = {"dollars": _dollars(), "direction": ex.DIRECTION_SHORT[ex.DEFAULT_DIRECTION]}
    return {key: label.format(**fields) for key, label in FIGURE_NAMES.items()}


def _link(o: Overview, topic: str, text: str | None = None) -> str:
    return "[{text}]({prefix}{topic}.html)".format(text=text or o.titles.get(topic, topic), prefix=o.prefix, topic=topic)


def _bullet(o: Overview, topic: str, label: str, parts: list[str]) -> str:
    return "**{link}**: {parts}.".format(link=_link(o, topic, label), parts="; ".join(parts))


def _funding_parts(o: Overview) -> list[str]:
    merida, peak, latest = (topic_figure(o, "funding", k) for k in ("merida_cumulative_usd", "peak_usd", "latest_usd"))
    parts = []
    if figure_value(merida) is not None:
        parts.append("the latest published cumulative Mérida total is {total} enacted for {period}".format(
            total=fmt(merida["value"], "usd"), period=merida["period"]))
    if figure_value(peak) is not None:
        parts.append("security assistance obligated peaked in {period} at {value} ({dollars})".format(
            period=peak["period"], value=fmt(peak["value"], "usd"), dollars=_dollars()))
        if figure_value(latest) is not None:
            parts.append("the latest fiscal year with data is {period} ({value})".format(
                period=latest["period"], value=fmt(latest["value"], "usd")))
    return parts


def _extradition_parts(o: Overview) -> list[str]:
    last, top = topic_figure(o, "extraditions", "latest_persons"), topic_figure(o, "extraditions", "peak_persons")
    gaps = topic_figure(o, "extraditions", "years_without_full_year_figure")
    parts = []
    if figure_value(last) is not None:
        template = ("Mexico extradited {persons} persons to the United States in {year} (Mexican nationals only), "
                    "the latest year with a full-year figure" if "nationals only" in last["note"] else
                    "Mexico extradited {persons} persons to the United States in {year}, the latest year with a "
                    "full-year figure")
        parts.append(template.format(persons=fmt(last["value"]), year=last["period"]))
    if figure_value(top) is not None and figure_value(last) is not None and top.get("scope") != last.get("scope"):
        template = ("the most in a year counting all persons was {persons} in {year}" if top.get("scope") == "all_persons"
                    else "the most in a year counting Mexican nationals only was {persons} in {year}")
        parts.append(template.format(persons=fmt(top["value"]), year=top["period"]))
    elif figure_value(top) is not None:
        parts.append("the most in a year with a figure was {persons} in {year}".format(
            persons=fmt(top["value"]), year=top["period"]))
    if gaps is not None and gaps["value"]:
        parts.append("{n} years of {period} have no full-year figure".format(n=len(gaps["value"]), period=gaps["period"]))
    return parts


def _violence_parts(o: Overview) -> list[str]:
    hom, rate, peak, sesnsp = (topic_figure(o, "violence", k) for k in (
        "latest_homicides", "latest_rate_per_100k", "peak_homicides", "sesnsp_latest_homicides"))
    parts = []
    if figure_value(hom) is not None:
        if figure_value(rate) is not None:
            parts.append("INEGI's death records count {homicides} homicides in {year} ({rate} per 100,000)".format(
                homicides=fmt(hom["value"]), year=hom["period"], rate=fmt(rate["value"], "rate")))
        else:
            parts.append("INEGI's death records count {homicides} homicides in {year}".format(
                homicides=fmt(hom["value"]), year=hom["period"]))
    plateau, plateau_low = (topic_figure(o, "violence", k) for k in ("peak_plateau_years", "peak_plateau_lowest_homicides"))
    if figure_value(plateau) is not None and figure_value(peak) is not None:
        parts.append("the highest years are a plateau, {years}, from {low} to {high} a year (within 1% of each "
                     "other)".format(years=plateau["period"], low=fmt(plateau_low["value"]), high=fmt(peak["value"])))
    elif figure_value(peak) is not None:
        parts.append("the peak was {homicides} in {year}".format(homicides=fmt(peak["value"]), year=peak["period"]))
    if figure_value(sesnsp) is not None:
        parts.append("prosecutors' reports (SESNSP) count {victims} victims in {year}".format(
            victims=fmt(sesnsp["value"]), year=sesnsp["period"]))
    return parts


def findings(o: Overview) -> str:
    """One bullet per report: its headline figures (from its key figures) and a link to it."""
    bullets = []
    for topic, label, parts in (("funding", "Funding", _funding_parts(o)),
                                ("extraditions", "Extraditions", _extradition_parts(o)),
                                ("violence", "Homicides", _violence_parts(o))):
        if parts:
            bullets.append(_bullet(o, topic, label, parts))
    top_y, low_y = topic_figure(o, "cooperation_index", "top_years"), topic_figure(o, "cooperation_index", "low_years")
    n_years = topic_figure(o, "cooperation_index", "n_scored_years")
    n_robust = topic_figure(o, "cooperation_index", "n_robust_changes")
    if top_y is not None:
        bullets.append(_bullet(o, "cooperation_index", "Cooperation index", [
            "of {n} scored years ({period}), no single year ranks first: {top} form the top group and {low} the bottom "
            "group; {robust} changes between consecutive scored years are robust to the analyst's choices and to the "
            "data".format(n=n_years["value"], period=n_years["period"], top=periods.format_year_ranges(top_y["value"]),
                          low=periods.format_year_ranges(low_y["value"]), robust=n_robust["value"])]))
    counts = {v: o.claims_figures[k]["value"] for v, k in claims.VERDICT_KEYS.items()}
    bullets.append(
        "**[Claims ledger](#Claims-ledger)**: of {total} numerical claims in {papers} papers, {consistent} are "
        "consistent with the preferred figure in data/, {nonpreferred} only with another source, {differs} differ "
        "and {unchecked} cannot be checked with data/.".format(
            total=o.claims_figures["claims_total"]["value"], papers=len(o.claims_figures["claims_by_paper"]["value"]),
            consistent=counts[claims.CONSISTENT], nonpreferred=counts[claims.NON_PREFERRED],
            differs=counts[claims.DIFFERS], unchecked=counts[claims.NOT_CHECKABLE]))
    if len(o.qualitative):
        bullets[-1] += (" {n} qualitative claims (judgements and forecasts, not figures) are listed apart and not "
                        "counted.").format(n=len(o.qualitative))
    return "\n".join(f"- {b}" for b in bullets)


# --------------------------------------------------------------------------- the timeline

def timeline_title(t: Timeline) -> str:
    return "U.S.–Mexico security cooperation on one time axis, {start}–{end}".format(start=t.start_year, end=t.end_year)


def aid_panel_title(t: Timeline) -> str:
    return "U.S. security assistance obligated, by fiscal year ({unit})".format(unit=t.aid_unit)


def extradition_panel_title() -> str:
    return "Extraditions, {direction}, by calendar year".format(direction=ex.DIRECTION_SHORT[ex.DEFAULT_DIRECTION])


def timeline_caption(t: Timeline) -> str:
    """The timeline's findings in its window, from the plotted series."""
    f = c.timeline_findings(t)
    parts = []
    if f.aid_peak:
        parts.append("security assistance peaked in FY{year} ({value}, {unit})".format(
            year=f.aid_peak[0], value=fmt(f.aid_peak[1], "usd"), unit=t.aid_unit))
    if f.extradition_peak:
        parts.append("extraditions in {year} ({persons} persons)".format(
            year=f.extradition_peak[0], persons=fmt(f.extradition_peak[1])))
    if f.homicide_peak and len(f.homicide_plateau) > 1:
        parts.append("INEGI homicides plateaued in {years} ({low}–{high})".format(
            years=periods.format_year_ranges(f.homicide_plateau), low=fmt(f.homicide_plateau_low),
            high=fmt(f.homicide_peak[1])))
    elif f.homicide_peak:
        parts.append("INEGI homicides in {year} ({homicides})".format(
            year=f.homicide_peak[0], homicides=fmt(f.homicide_peak[1])))
    if parts:
        peaks = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        caption = "Within the window, {peaks}.".format(peaks=peaks)
    else:
        caption = "No series has data in the window."
    caption = caption[0].upper() + caption[1:]
    if f.aid_gaps or f.extradition_gaps:
        caption += " Hatched years have no figure: aid obligated {aid}; extraditions {extraditions}.".format(
            aid=f"FY{periods.format_year_ranges(f.aid_gaps)}" if f.aid_gaps else "none",
            extraditions=periods.format_year_ranges(f.extradition_gaps) if f.extradition_gaps else "none")
    caption += (" The chronology records {cooperative} major cooperative and {conflictual} major conflictual events "
                "in the window (collected from {first} on).").format(
        cooperative=f.n_cooperative, conflictual=f.n_conflictual, first=c.EVENTS_COVERAGE[0][:4])
    literature = t.extraditions[t.extraditions["literature"].astype(bool) & t.extraditions["persons"].notna()]
    if len(literature):
        caption += (" A square marks the extradition figure of {years}: its only source is a paper of the literature, "
                    "shown as secondary data and never used as evidence for a claim.").format(
            years=periods.format_year_ranges(literature["year"]))
    if f.sesnsp_with_feminicide:
        caption += " SESNSP figures include feminicide."
    return caption


def timeline_alt(t: Timeline) -> str:
    return ("Four stacked panels sharing a time axis from {start} to {end}. Top: bars for the terms of the presidents "
            "of Mexico and of the United States, and triangles for major bilateral events (up: cooperative, down: "
            "conflictual). Second: bars of U.S. security assistance obligated per fiscal year in {unit}. Third: bars "
            "of extraditions from Mexico to the United States per calendar year, hatched where no figure exists. "
            "Bottom: lines of annual homicides in Mexico, one per official series ({series}).").format(
        start=t.start_year, end=t.end_year, unit=t.aid_unit, series=", ".join(c.timeline_findings(t).homicide_series))


def timeline_note(o: Overview) -> str:
    """How to read the timeline, and where the events' sources are."""
    n_events, n_sources = len(o.timeline.events), o.timeline.events["source_id"].nunique()
    text = ("Aid is drawn by U.S. fiscal year (October to September) and everything else by calendar year, both "
            "centred on the year; a president's term starts where the bar starts (Mexican terms on 1 December until "
            "2018, 1 October from 2024; U.S. terms on 20 January). The shading behind the lower panels follows the "
            "Mexican terms. Aid and homicides are the series of the {funding} and {violence} reports, extraditions "
            "those of the {extraditions} report; the events are those the {index} report marks as major.").format(
        funding=_link(o, "funding", "funding"), violence=_link(o, "violence", "homicide"),
        extraditions=_link(o, "extraditions", "extraditions"), index=_link(o, "cooperation_index", "cooperation index"))
    if c.CITE_EVENTS_IN_CSV and n_events:
        text += (" Each of the {n} events has its own source ({sources} sources): they are listed, one row per event "
                 "with its date, title and source id, in the data behind the chart (CSV).").format(
            n=n_events, sources=n_sources)
    return text


# --------------------------------------------------------------------------- the index

def index_title() -> str:
    return "Cooperation index, default edition ({start}–{end})".format(start=ci.DEFAULT_START_YEAR,
                                                                        end=ci.DEFAULT_END_YEAR)


def index_caption(ci_figures: dict[str, dict], frame, unscored: list[int], outside: list[int] = ()) -> str:
    caption = ("Top group of years (no other year ranks above them in at least {share:.0%} of the draws): {top}; bottom "
               "group: {low}; {n} scored years; robust rises: {rises}; robust falls: {falls}. Levels on one scale (min-max "
               "over fixed bounds).").format(share=ci.ROBUST_PROBABILITY,
        top=periods.format_year_ranges(ci_figures["top_years"]["value"]) or "none",
        low=periods.format_year_ranges(ci_figures["low_years"]["value"]) or "none", n=len(frame),
        rises=periods.format_year_ranges(ci_figures["robust_rises"]["value"]) or "none",
        falls=periods.format_year_ranges(ci_figures["robust_falls"]["value"]) or "none")
    if unscored:
        caption += " No score in {years} (a pillar has no data).".format(years=periods.format_year_ranges(unscored))
    if outside:
        caption += " The index is computed for {first}–{last} only; {years} are hatched as without a score.".format(
            first=c.ci.DEFAULT_START_YEAR, last=c.ci.DEFAULT_END_YEAR, years=periods.format_year_ranges(outside))
    return caption


def index_alt(ci_figures: dict[str, dict], start_year: int, end_year: int) -> str:
    return ("Line chart of the cooperation index (1 to 100) for the scored years {years}, with the median of the "
            "Monte Carlo draws, shaded 50% and 90% bands, the deterministic index dashed, and hatched years without "
            "a score, on the x axis from {start} to {end}.").format(years=ci_figures["years"]["period"],
                                                                   start=start_year, end=end_year)


def index_note(o: Overview) -> str:
    """What the index chart shows and where its event sources are listed."""
    figures = o.topic_figures["cooperation_index"]
    _, events = c.index_sources(o)
    text = ("The index combines the judicial, resources and political-climate pillars with weights that give each an "
            "equal share of the index; the bands show the spread of {draws} Monte Carlo draws over the analyst's choices "
            "(weights, aggregation, climate measure) and the data (other sources' figures, the smoothing of aid "
            "obligations, event timing, a resample of the events), on one scale. The factor that moves the years' ranks "
            "most is: {factor}.").format(draws=fmt(figures["draws"]["value"]),
                                         factor=str(figures["top_factor"]["value"]).lower())
    if events:
        text += (" The political-climate pillar counts dated events from data/events.csv, {n} sources for the scored "
                 "years, listed in {link}.").format(n=len(events),
                                                    link=_link(o, "cooperation_index", "the cooperation index report"))
    return text


# --------------------------------------------------------------------------- the ledger

def counts_text(counts: dict[str, int]) -> str:
    return "; ".join("{verdict}: {n}".format(verdict=verdict, n=n) for verdict, n in counts.items() if n)


def paper_heading_counts(n: int, counts: dict[str, int]) -> str:
    return "{n} claims: {counts}".format(n=n, counts=counts_text(counts))


def ledger_caption(o: Overview) -> str:
    papers = o.ledger["paper"].unique()
    what = "every paper" if o.paper == c.ALL_PAPERS else papers[0] if len(papers) else o.paper
    return "Claims ledger: {n} numerical claims from {what}, checked against data/".format(n=len(o.ledger), what=what)


def qualitative_note(o: Overview) -> str:
    """The qualitative claims, kept apart from the numerical ledger, each with the evidence the reports offer."""
    if not len(o.qualitative):
        return ""
    items = ["{quote} ({locator}): {evidence}".format(quote=row.quote, locator=row.locator, evidence=row.evidence)
             for row in o.qualitative.itertuples()]
    return (" Qualitative claims, listed apart and not counted in the totals: " + " ".join(
        f"({i}) {item}" for i, item in enumerate(items, 1)))


def ledger_note(o: Overview) -> str:
    """The verdict counts of the ledger shown (one paper or all), then the qualitative claims kept apart."""
    counts = counts_text(c.ledger_counts(o.ledger))
    if o.paper == c.ALL_PAPERS:
        return "The ledger holds {n} numerical claims from {papers} papers: {counts}.".format(
            n=len(o.ledger), papers=o.ledger["paper"].nunique(), counts=counts) + qualitative_note(o)
    return ("This edition shows the {n} claims of one paper (the key figures above count all {total} claims): "
            "{counts}.").format(n=len(o.ledger), total=o.claims_figures["claims_total"]["value"],
                                counts=counts) + qualitative_note(o)


# --------------------------------------------------------------------------- links and gaps

def reports_list(o: Overview) -> str:
    """Links to every topic report (HTML and PDF), the landing page and the data download."""
    lines = ["- {link} ([PDF]({prefix}{topic}.pdf))".format(link=_link(o, t), prefix=o.prefix, topic=t)
             for t in c.TOPICS]
    lines.append("- [All reports, with how to cite and rerun them]({prefix}index.html)".format(prefix=o.prefix))
    lines.append("- [Download all curated data]({prefix}mxsec-data.zip) (CSV tables, `datapackage.json`, "
                 "`sources.csv`)".format(prefix=o.prefix))
    return "\n".join(lines)


def data_gaps(o: Overview) -> list[str]:
    """The gaps the overview's figures and timeline have, stated from the data."""
    t, f = o.timeline, c.timeline_findings(o.timeline)
    out = []
    if f.aid_gaps:
        out.append("U.S. security assistance obligated: no figure for FY{years} in the funding report's source "
                   "selection.".format(years=periods.format_year_ranges(f.aid_gaps)))
    if f.extradition_gaps:
        out.append("Extraditions Mexico → U.S.: no full-year figure for {years}.".format(
            years=periods.format_year_ranges(f.extradition_gaps)))
    scoped = t.extraditions[t.extraditions["scope"] == "nationals_only"]
    if len(scoped):
        out.append("Extraditions in {years} count Mexican nationals only, not all persons.".format(
            years=periods.format_year_ranges(scoped["year"])))
    for key, entry in o.topic_figures.get("violence", {}).items():
        if key.startswith("partial_year_"):
            out.append("Homicides, {period}: {note}; not drawn on the timeline.".format(period=entry["period"],
                                                                                       note=entry["note"]))
    unscored = c.unscored_index_years(o)
    if unscored:
        out.append("Cooperation index: no score for {years}, because a pillar has no data in those years.".format(
            years=periods.format_year_ranges(unscored)))
    if t.start_year < int(c.EVENTS_COVERAGE[0][:4]):
        out.append("Events: the chronology was collected from {first} to {last}; the timeline shows no events before "
                   "it (hatched), which does not mean none happened.".format(first=c.EVENTS_COVERAGE[0],
                                                                            last=c.EVENTS_COVERAGE[1]))
    if o.context is not None:
        missing = c.missing_years(o.context.border, "measure", "fiscal_year", o.start_year, o.end_year)
        for measure, label in (("encounters", "encounters"), ("apprehensions", "Title 8 apprehensions")):
            if missing.get(measure):
                out.append("Southwest border, Border Patrol {label}: no figure for {years}.".format(
                    label=label, years=periods.format_year_ranges(missing[measure], prefix="FY")))
        missing = c.missing_years(o.context.overdoses, "drug", "year", o.start_year, o.end_year)
        for drug, label in c.OVERDOSE_DRUGS.items():
            if missing.get(drug):
                out.append("U.S. overdose deaths, {label}: no figure for {years}.".format(
                    label=label, years=periods.format_year_ranges(missing[drug])))
    n = o.claims_figures["claims_not_checkable"]["value"]
    if n:
        out.append("Claims ledger: {n} of {total} claims cannot be checked with data/ (the ledger says what is "
                   "missing for each).".format(n=n, total=o.claims_figures["claims_total"]["value"]))
    return out


NO_GAPS = "No gaps in the figures shown."


# --------------------------------------------------------------------------- context: border and drugs

BORDER_TITLE = "Southwest border: what the Border Patrol counts, by U.S. fiscal year"
TITLE_42_LABEL = "Title 42 expulsions counted (FY2020–FY2023)"
OPEN_MARKER_LABEL = "open marker: provisional, or part of the year only"
BORDER_NONE = "No southwest-border Border Patrol figure is in data/ for this window."
BORDER_CAPTION = ("Two series, each named for what it counts, never joined: encounters (every person the Border Patrol "
                  "stopped, Title 42 expulsions included while that authority applied) have a figure for {enc_years}; "
                  "Title 8 apprehensions for {app_years}{app_gap}. {contrast}{partial}A line breaks where a series changes "
                  "what it counts (flag B) and never crosses a year without a figure.")
BORDER_PARTIAL = "Part of a year only (open markers): {items}. "
BORDER_CONTRAST = ("In FY{year}, the first year of Title 42 expulsions, the Border Patrol made {apprehensions} Title 8 "
                   "apprehensions and {encounters} encounters. ")
BORDER_ALT = ("Line chart of Border Patrol events on the U.S.–Mexico border by fiscal year, {start}–{end}: encounters "
              "and Title 8 apprehensions as two lines, with the fiscal years of Title 42 expulsions shaded.")
OVERDOSE_TITLE = "U.S. drug overdose deaths, by drug involved"
PROVISIONAL_MARKER_LABEL = "open marker: provisional count"
OVERDOSE_NONE = "No U.S. overdose death figure is in data/ for this window."
OVERDOSE_CAPTION = ("Deaths in the United States by drug involved (CDC/NCHS), {years}. A death can involve several drugs, "
                    "so the categories overlap and never add up to the total. {latest}{provisional}")
OVERDOSE_LATEST = ("In {year}, {all_value} overdose deaths were recorded{provisional}, {synthetic} of them involving synthetic "
                   "opioids other than methadone (mainly fentanyl). ")
OVERDOSE_PROVISIONAL = "Provisional counts (open markers, flag P): {years}."
OVERDOSE_ALT = ("Line chart of U.S. drug overdose deaths per year, {start}–{end}: all drugs, synthetic opioids, "
                "psychostimulants, cocaine and heroin, one line each.")
CONTEXT_NOTE = ("These series are context, not measures of cooperation: nothing here says what cooperation caused. They "
                "come from the curated tables `border_apprehensions` and `us_overdose_deaths`; each value keeps its "
                "flag in the charts' CSV.")


def _years_text(years: list[int], fiscal: bool) -> str:
    return periods.format_year_ranges(years, prefix="FY" if fiscal else "") if years else "no year"


def border_caption(ctx: c.Context) -> str:
    frame = ctx.border
    enc = sorted(frame.loc[frame["measure"] == "encounters", "fiscal_year"].astype(int))
    app = sorted(frame.loc[frame["measure"] == "apprehensions", "fiscal_year"].astype(int))
    gap = [y for y in range(min(app), max(app) + 1) if y not in app] if app else []
    wide = frame.pivot_table(index="fiscal_year", columns="measure", values="value", aggfunc="first")
    both = [y for y in range(c.TITLE_42_FISCAL_YEARS[0], c.TITLE_42_FISCAL_YEARS[1] + 1)
            if {"encounters", "apprehensions"} <= set(wide.columns) and y in wide.index and wide.loc[y].notna().all()]
    contrast = BORDER_CONTRAST.format(year=both[0], apprehensions=fmt(wide.at[both[0], "apprehensions"]),
                                      encounters=fmt(wide.at[both[0], "encounters"])) if both else ""
    partial = frame[frame["months"].fillna(12).astype(int) < 12]
    items = "; ".join(f"{'encounters' if row.measure == 'encounters' else 'Title 8 apprehensions'} FY{row.fiscal_year} "
                      f"({int(row.months)} months)" for row in partial.itertuples())
    return BORDER_CAPTION.format(enc_years=_years_text(enc, True), app_years=_years_text(app, True),
                                 app_gap=f" (no Title 8 figure for {_years_text(gap, True)})" if gap else "",
                                 contrast=contrast, partial=BORDER_PARTIAL.format(items=items) if items else "")


def border_alt(ctx: c.Context) -> str:
    return BORDER_ALT.format(start=ctx.start_year, end=ctx.end_year)


def overdose_caption(ctx: c.Context) -> str:
    frame = ctx.overdoses
    years = sorted(set(frame["year"].astype(int)))
    wide = frame.pivot_table(index="year", columns="drug", values="value", aggfunc="first")
    full = [y for y in wide.index if {"all", "synthetic_opioids"} <= set(wide.columns) and wide.loc[y, ["all", "synthetic_opioids"]].notna().all()]
    provisional = sorted(set(frame.loc[frame["obs_status"] == "P", "year"].astype(int)))
    latest = OVERDOSE_LATEST.format(year=full[-1], all_value=fmt(wide.at[full[-1], "all"]),
                                    provisional=" (provisional counts)" if full and full[-1] in provisional else "",
                                    synthetic=fmt(wide.at[full[-1], "synthetic_opioids"])) if full else ""
    return OVERDOSE_CAPTION.format(years=_years_text(years, False), latest=latest,
                                   provisional=OVERDOSE_PROVISIONAL.format(years=_years_text(provisional, False))
                                   if provisional else "")


def overdose_alt(ctx: c.Context) -> str:
    return OVERDOSE_ALT.format(start=ctx.start_year, end=ctx.end_year)


def context_note(o: Overview) -> str:
    return CONTEXT_NOTE
