"""Every string the funding report prints: the summary sentence, findings, data gaps,
methodology, chart captions and alt text, table captions, key-figure labels and the phrases
they use.

Sentences that carry numbers are whole format strings with named fields, filled from what
``compute`` gives; where a sentence has variants (a list present or not), each variant is a
whole string. Lists of items are joined with ", " or "; ". Draws nothing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mxsec import names
from mxsec.analysis.periods import format_year_ranges
from mxsec.formatting import fmt

from .compute import (ALL_AID, CPI_SOURCE, DOD_SECURITY_ACCOUNTS, FAE_SOURCE, FAGOV_SOURCE, GREENBOOK_SOURCE, MERIDA,
                      MERIDA_FIRST_FISCAL_YEAR,
                      COVERAGE_WORDS, SECURITY_ACCOUNTS, STAGE_ORDER, SECURITY_STAGE, SHORT_LABELS,
                      STATE_SECURITY_ACCOUNTS, STATUS_WORDS, TREND_WINDOW, Funding, composition_years,
                      enacted_vs_request_years, missing_programs, one_sided_years, span_disagreements)
from .figures import (annual_enacted, charted_programs, composition_shown, composition_source_count, dataset_facts,
                      gap_years, obligation_peaks, obligations_above_enacted, per_homicide_range, reported_stages,
                      request_gaps, security_by_group, security_facts, window_span)

# --- Phrases ---------------------------------------------------------------------------------

NONE = "none"
NO_YEAR = "no year"
NO_YEARS = "no years"
NO_ACCOUNTS = "no accounts"
PROSE_NAMES = {ALL_AID: "the all-foreign-aid totals", MERIDA: "Mérida", "section_1004": "DoD Section 1004"}
"""Programme names inside a sentence where they differ from ``SHORT_LABELS``."""


def _prose(program: str) -> str:
    """Programme name inside a sentence."""
    return PROSE_NAMES.get(program) or _short(program)


def _short(program: str) -> str:
    """A programme's short display name (``mxsec.names``: INCLE, Mérida; else its full name)."""
    return names.code_name("program", program, short=True)


# --- Key figures -----------------------------------------------------------------------------

KEY_FIGURE_LABELS = {
    "merida_cumulative_usd": "Mérida Initiative, latest published cumulative total enacted",
    "peak_usd": "Peak security assistance, obligated",
    "latest_usd": "Latest year of security assistance, obligated",
    "request_below_enacted_years": "Fiscal years in which Congress enacted more than was requested",
}
UNIT_CONSTANT = "constant {base_year} $"
UNIT_NOMINAL = "nominal $"
LABEL_IN_UNIT = "{label}, {unit}"
LABEL_YEARS = "{label}: {years}"


def key_figure_labels(d: Funding) -> dict[str, str]:
    """Labels for the key-figures box, naming the dollars and the years of the peak and latest values."""
    unit = UNIT_CONSTANT.format(base_year=d.base_year) if d.dollars == "constant" else UNIT_NOMINAL
    labels = dict(KEY_FIGURE_LABELS)
    for key in ("peak_usd", "latest_usd"):
        labels[key] = LABEL_IN_UNIT.format(label=KEY_FIGURE_LABELS[key], unit=unit)
    above = enacted_vs_request_years(d.comparison)["above"]
    if above:
        labels["request_below_enacted_years"] = LABEL_YEARS.format(
            label=KEY_FIGURE_LABELS["request_below_enacted_years"], years=format_year_ranges(above, prefix="FY"))
    return labels


FIGURE_NAMES = {
    **KEY_FIGURE_LABELS,
    "peak_fiscal_year": "Fiscal year of the peak in security assistance",
    "peak_nominal_usd": "Peak security assistance, obligated, nominal $",
    "latest_fiscal_year": "Latest fiscal year of security assistance",
    "latest_nominal_usd": "Latest year of security assistance, obligated, nominal $",
    "security_total_nominal_usd": "Total security assistance, obligated, nominal $",
}
"""A name for every key figure, for the "Changes in this edition" table."""


def key_figure_names(d: Funding) -> dict[str, str]:
    """The display name of every key figure (``FIGURE_NAMES``; the peak and latest values in the
    edition's dollars)."""
    unit = UNIT_CONSTANT.format(base_year=d.base_year) if d.dollars == "constant" else UNIT_NOMINAL
    out = dict(FIGURE_NAMES)
    for key in ("peak_usd", "latest_usd"):
        out[key] = LABEL_IN_UNIT.format(label=KEY_FIGURE_LABELS[key], unit=unit)
    return out


# --- The summary sentence --------------------------------------------------------------------

SUMMARY = {
    "constant": "Security assistance below means obligations in {count} State Department and Defense accounts ({accounts} "
                "and other DoD accounts), recorded by the USAID Greenbook for {span}; amounts are in {unit} unless a chart "
                "says nominal; the calendar-year CPI-U average is applied to the fiscal year of the same number.",
    "nominal": "Security assistance below means obligations in {count} State Department and Defense accounts ({accounts} "
               "and other DoD accounts), recorded by the USAID Greenbook for {span}; amounts are in {unit} unless a chart "
               "says nominal.",
}
NO_SECURITY = "The selected source ('{source}') has no obligations by account for {span}."


def summary_sentence(d: Funding) -> str:
    """One sentence for the top: what the security-assistance series covers."""
    facts = security_facts(d)
    if facts is None:
        return NO_SECURITY.format(source=d.source, span=window_span(d))
    return SUMMARY[d.dollars].format(count=len(SECURITY_ACCOUNTS), span=facts["span"], unit=d.unit,
                                     accounts=", ".join(_short(a) for a in SECURITY_ACCOUNTS[:5]))


# --- Findings --------------------------------------------------------------------------------

PEAK = ("By this report's definition (obligations in State Department and Defense security accounts), U.S. security "
        "assistance to Mexico peaked at {peak} ({unit}) in FY{year}.")
PEAK_AFTER_MERIDA = ("By this report's definition (obligations in State Department and Defense security accounts), U.S. "
                     "security assistance to Mexico peaked at {peak} ({unit}) in FY{year}, after the Mérida Initiative "
                     "began.")
TREND = ("As a centred three-year mean, which keeps one year's timing of agreements from reading as a change, it was "
         "{first} for FY{first_year} ({first_window}), highest at {peak} for FY{peak_year} ({peak_window}) and {last} "
         "for FY{last_year} ({last_window}).")
WINDOW = "mean of {span}"
WINDOW_SHORT = "mean of {span} only, {years} years"
TOTAL = "Over {span} it added up to {total} in nominal dollars."
TOTAL_SHARE = "Over {span} it added up to {total} in nominal dollars, {share} of all U.S. foreign-aid obligations to Mexico."
COMPARED = {  # (some pairs above the request, some below)
    (False, False): "Where a request and the amount enacted can be compared like for like, Congress gave more than was "
                    "requested in {above} of {cases} cases (median gap {gap}).",
    (True, False): "Where a request and the amount enacted can be compared like for like, Congress gave more than was "
                   "requested in {above} of {cases} cases (median gap {gap}), {more}.",
    (False, True): "Where a request and the amount enacted can be compared like for like, Congress gave more than was "
                   "requested in {above} of {cases} cases (median gap {gap}); it gave less in {less}.",
    (True, True): "Where a request and the amount enacted can be compared like for like, Congress gave more than was "
                  "requested in {above} of {cases} cases (median gap {gap}), {more}; it gave less in {less}.",
}
MORE_ITEM = "{count} in {programme}"
LESS_ITEM = "FY{year} ({programme})"
ADDED = "On these figures the data support the literature's finding that Congress repeatedly added to requests."
NOT_ADDED = "These figures do not show Congress adding to requests in most years."
MERIDA_NOT_COMPARED = "For the Mérida Initiative itself no year can be compared like for like."
MERIDA_COMPARED_ONE = ("For the Mérida Initiative itself only FY{year} can be compared ({requested} requested, "
                       "{enacted} enacted).")
MERIDA_COMPARED_TWO = ("For the Mérida Initiative itself only FY{year} ({requested} requested, {enacted} enacted) and "
                       "FY{year2} ({requested2} requested, {enacted2} enacted) can be compared.")
NOT_COMPARED = {  # (request coverage, enacted coverage) of a pair that is not like for like
    ("full", "regular_act"): "For {programme}, FY{year} has only the regular act's {enacted} enacted (against a {requested} "
                             "request); the supplemental was not found, so no gap is computed.",
    ("full", "supplemental"): "For {programme}, FY{year} has only the supplemental's {enacted} enacted (against a "
                              "{requested} request); the regular act's amount was not found, so no gap is computed.",
    ("regular_act", "full"): "For {programme}, FY{year} has only the regular budget request ({requested}), against "
                             "{enacted} enacted for the whole year; the supplemental request was not found, so no gap is "
                             "computed.",
    ("supplemental", "full"): "For {programme}, FY{year} has only the supplemental request ({requested}), against "
                              "{enacted} enacted for the whole year; the regular request was not found, so no gap is "
                              "computed.",
    ("supplemental", "supplemental"): "For {programme}, FY{year} has supplemental figures only ({requested} requested, "
                                      "{enacted} enacted); the regular act's figures were not found, so no gap is "
                                      "computed.",
    ("regular_act", "regular_act"): "For {programme}, FY{year} has regular-act figures only ({requested} requested, "
                                    "{enacted} enacted); the supplemental's were not found, so no gap is computed.",
}
NOT_COMPARED_OTHER = ("For {programme}, FY{year} is not compared ({requested} requested, {enacted} enacted): {why}, so no gap "
                      "is computed.")
STATUS_REASON = "the {side} is {words} (status {status})"
COVERAGE_REASON = "the {side} covers {words}"
PUBLISHED = "Published Mérida totals reach {total} for {span}."
PUBLISHED_OTHERS = ("Published Mérida totals reach {total} for {span} in the latest publication ({year}); earlier "
                    "publications gave {others} for the same span.")
FOUND = ("Annual enacted amounts were found for only {found} of {years} fiscal years and add up to {total}, so the "
         "published totals cannot be checked year by year.")
FOUND_THROUGH = ("Annual enacted amounts were found for only {found} of {years} fiscal years and add up to {total}, so "
                 "the published totals cannot be checked year by year after FY{year}.")
DISAGREE = "Sources also differ for the same span: {spans}."
DISAGREE_ITEM = "{span}, {low} to {high} ({sources} sources)"
BOUGHT = ("What the money bought is broken down only for {years}, too thinly to trace the shift from equipment to "
          "institution-building year by year.")


def window_words(row: Any) -> str:
    """The fiscal years a centred mean averages, flagged where the window is shorter than three."""
    span = format_year_ranges(range(int(row["window_start"]), int(row["window_end"]) + 1), prefix="FY")
    years = int(row["window_years"])
    return WINDOW.format(span=span) if years == TREND_WINDOW else WINDOW_SHORT.format(span=span, years=years)


def _security_findings(d: Funding, facts: dict[str, Any]) -> list[str]:
    peak, first, last, share = facts["peak"], facts["first"], facts["last"], facts["all_aid_share"]
    peak_year = int(peak["fiscal_year"])
    out = [(PEAK_AFTER_MERIDA if peak_year >= MERIDA_FIRST_FISCAL_YEAR else PEAK).format(
        peak=fmt(peak["value"], "usd"), unit=d.unit, year=peak_year)]
    t_first, t_last, t_peak = facts["trend_first"], facts["trend_last"], facts["trend_peak"]
    if int(last["fiscal_year"]) != int(first["fiscal_year"]):
        out.append(TREND.format(first=fmt(t_first["centred_mean"], "usd"), first_year=int(t_first["fiscal_year"]),
                                first_window=window_words(t_first), peak=fmt(t_peak["centred_mean"], "usd"),
                                peak_year=int(t_peak["fiscal_year"]), peak_window=window_words(t_peak),
                                last=fmt(t_last["centred_mean"], "usd"), last_year=int(t_last["fiscal_year"]),
                                last_window=window_words(t_last)))
    total = fmt(facts["total_nominal_usd"], "usd")
    out.append(TOTAL_SHARE.format(span=facts["span"], total=total, share=fmt(share, "pct", 0)) if pd.notna(share)
               else TOTAL.format(span=facts["span"], total=total))
    return out


def _comparison_findings(d: Funding) -> list[str]:
    gaps = request_gaps(d)
    above, below, merida = gaps["above"], gaps["below"], gaps["merida"]
    more = ", ".join(MORE_ITEM.format(count=n, programme=_prose(p)) for p, n in gaps["above_by_program"].items())
    less = ", ".join(LESS_ITEM.format(year=int(r.fiscal_year), programme=_prose(r.program)) for r in below.itertuples())
    out = [COMPARED[(bool(len(above)), bool(len(below)))].format(
        above=gaps["n_above"], cases=gaps["cases"], gap=fmt(gaps["median_gap_pct"], "signed_pct", 0), more=more, less=less),
        ADDED if gaps["mostly_above"] else NOT_ADDED]
    pairs = [{"year": int(r.fiscal_year), "requested": fmt(r.request_usd, "usd"), "enacted": fmt(r.enacted_usd, "usd")}
             for r in merida.itertuples()]
    if not pairs:
        out.append(MERIDA_NOT_COMPARED)
    elif len(pairs) == 1:
        out.append(MERIDA_COMPARED_ONE.format(**pairs[0]))
    elif len(pairs) == 2:
        out.append(MERIDA_COMPARED_TWO.format(**pairs[0], year2=pairs[1]["year"], requested2=pairs[1]["requested"],
                                              enacted2=pairs[1]["enacted"]))
    out += [not_compared_sentence(r) for r in gaps["not_compared"].itertuples()]
    return out


def not_compared_sentence(r: Any) -> str:
    """Why a request-versus-enacted pair has no gap (``r``: a row of ``comparison`` not like for like)."""
    fields = {"programme": _prose(r.program), "year": int(r.fiscal_year), "requested": fmt(r.request_usd, "usd"),
              "enacted": fmt(r.enacted_usd, "usd")}
    key = (r.request_coverage, r.enacted_coverage)
    flagged = {r.request_obs_status, r.enacted_obs_status} - {"A", "B"}
    if key in NOT_COMPARED and not flagged:
        return NOT_COMPARED[key].format(**fields)
    why = []
    for side in ("request", "enacted"):
        coverage, status = getattr(r, f"{side}_coverage"), getattr(r, f"{side}_obs_status")
        if coverage in COVERAGE_WORDS and coverage != "full":
            why.append(COVERAGE_REASON.format(side=side, words=COVERAGE_WORDS[coverage]))
        if status not in ("A", "B"):
            why.append(STATUS_REASON.format(side=side, status=status, words=STATUS_WORDS.get(status, status)))
    return NOT_COMPARED_OTHER.format(**fields, why="; ".join(why))


def _published_findings(d: Funding, latest: dict[str, Any]) -> list[str]:
    total = fmt(latest["value_usd"], "usd")
    others = ", ".join(dict.fromkeys(f"{fmt(v, 'usd')} ({str(p)[:4]})" for v, _, p in sorted(latest["others"], key=lambda o: str(o[2]))))
    out = [PUBLISHED_OTHERS.format(total=total, span=latest["span"], year=str(latest["published"])[:4], others=others)
           if latest["others"]
           else PUBLISHED.format(total=total, span=latest["span"])]
    if len(d.cumulative):
        annual = annual_enacted(d)
        fields = {"found": annual["found"], "years": annual["years"], "total": fmt(annual["sum_usd"], "usd")}
        out.append(FOUND_THROUGH.format(**fields, year=int(annual["through"]["fiscal_year"]))
                   if annual["through"] is not None else FOUND.format(**fields))
    return out


def findings(d: Funding) -> str:
    """The findings paragraph, generated from the computed tables (every number computed)."""
    sentences: list[str] = []
    facts = security_facts(d)
    if facts is not None:
        sentences += _security_findings(d, facts)
    if request_gaps(d)["cases"]:
        sentences += _comparison_findings(d)
    latest = d.notes.get("latest_total")
    if latest is not None:
        sentences += _published_findings(d, latest)
    disagree = span_disagreements(d.totals)
    if len(disagree):
        sentences.append(DISAGREE.format(spans="; ".join(
            DISAGREE_ITEM.format(span=r.span, low=fmt(r.low, "usd", 2), high=fmt(r.high, "usd", 2), sources=r.n_sources)
            for r in disagree.itertuples())))
    years = composition_years(d.comp)
    if years:
        sentences.append(BOUGHT.format(years=format_year_ranges(years, prefix="FY")))
    return " ".join(sentences)


# --- Data gaps -------------------------------------------------------------------------------

GAP_SECURITY = ("**Security assistance by account:** no figures for {years}. The USAID Greenbook rows end in FY{last} and "
                "ForeignAssistance.gov's country summary has only country totals, not accounts; nothing is filled in.")
GAP_PROGRAMMES = "**Programmes without rows** in this selection: {programmes}."
GAP_AUTHORITIES = {  # (rows name Section 333, rows name Section 1004)
    (False, False): "**DoD Section 333 and Section 1004:** no row names Section 333; Section 1004 has no row. DoD "
                    "counternarcotics obligations are covered through the Greenbook account {counterdrug}, which does "
                    "not name the legal authority.",
    (True, False): "**DoD Section 333 and Section 1004:** Section 333 rows for {years_333} only; Section 1004 has no row. "
                   "DoD counternarcotics obligations are covered through the Greenbook account {counterdrug}, which "
                   "does not name the legal authority.",
    (False, True): "**DoD Section 333 and Section 1004:** no row names Section 333; Section 1004 has {count_1004} row(s) "
                   "only ({rows_1004}). DoD counternarcotics obligations are covered through the Greenbook account "
                   "{counterdrug}, which does not name the legal authority.",
    (True, True): "**DoD Section 333 and Section 1004:** Section 333 rows for {years_333} only; Section 1004 has "
                  "{count_1004} row(s) only ({rows_1004}). DoD counternarcotics obligations are covered through the "
                  "Greenbook account {counterdrug}, which does not name the legal authority.",
}
AUTHORITY_ROW = "FY{year} {stage}"
GAP_MERIDA = {  # (years without a figure, years with part of the appropriations only)
    (True, False): "**Mérida enacted amounts by year:** no figure found for {missing}. Published cumulative totals are "
                   "shown as the sources state them.",
    (False, True): "**Mérida enacted amounts by year:** only part of the year's appropriations for {partial}; such a "
                   "figure is shown, flagged, but not compared with a request or ranked. Published cumulative totals "
                   "are shown as the sources state them.",
    (True, True): "**Mérida enacted amounts by year:** no figure found for {missing}; only part of the year's "
                  "appropriations for {partial}; such a figure is shown, flagged, but not compared with a request or "
                  "ranked. Published cumulative totals are shown as the sources state them.",
}
PARTIAL_ITEM = "FY{year} ({value}, {coverage})"
GAP_ONE_SIDED = {  # (years with a request only, years with an enacted amount only)
    (True, False): "**Request versus enacted, {programme}:** a request but no enacted amount for {request_only}.",
    (False, True): "**Request versus enacted, {programme}:** an enacted amount but no request for {enacted_only}.",
    (True, True): "**Request versus enacted, {programme}:** a request but no enacted amount for {request_only}; an "
                  "enacted amount but no request for {enacted_only}.",
}
GAP_PARTLY = ("**{years} partly reported:** the ForeignAssistance.gov snapshot used reports these years' {stages} only "
              "in part (flag P, provisional); they are shown but not compared, and a low value there is not a cut.")
GAP_NO_ACCOUNT_SOURCE = ("**Security assistance by account after FY{last}:** no reachable account-level source; "
                         "ForeignAssistance.gov's all-sector country totals for {years} are shown as context only, not as "
                         "security assistance.")
GAP_COMPOSITION = ("**Composition:** breakdowns exist only for {years}, from {sources} sources with different categories; no "
                   "source gives a yearly split by pillar or by equipment versus training.")
GAP_HOMICIDES = "**Homicides:** the homicides_national table was not available when this edition was rendered."
GAP_POPULATION = ("**Population:** the population table was not available when this edition was rendered, so aid per "
                  "inhabitant is not shown.")
GAP_PER_HOMICIDE = "**Aid per homicide:** no full-year preferred INEGI homicide count for {years}."
GAP_REGION = ("**Mexico's share of U.S. assistance to the region:** not in data/ (no regional totals are curated), so it is "
              "not shown.")
GAP_CPI = "**CPI-U:** no annual average for {years}; constant-dollar values are missing there."


def _authorities_gap(us: pd.DataFrame) -> str:
    s333 = us[us["program"] == "section_333"]
    s1004 = us[us["program"] == "section_1004"]
    rows = ", ".join(sorted({AUTHORITY_ROW.format(year=int(y), stage=st)
                             for y, st in zip(s1004["fiscal_year"], s1004["stage"])}))
    return GAP_AUTHORITIES[(bool(len(s333)), bool(len(s1004)))].format(
        years_333=format_year_ranges(s333["fiscal_year"], prefix="FY"), count_1004=len(s1004), rows_1004=rows,
        counterdrug=f"“{names.code_name('program', 'dod_counterdrug')}”")


def data_gaps(d: Funding) -> list[str]:
    """The report's data gaps as Markdown bullet texts, computed from the tables."""
    gaps: list[str] = []
    us, years = d.tables["us_assistance"], gap_years(d)
    if years["security"]:
        greenbook = dataset_facts(d)["greenbook_years"]
        gaps.append(GAP_SECURITY.format(years=format_year_ranges(years["security"], prefix="FY"),
                                        last=greenbook[-1] if greenbook else "n/a"))
        official = d.stages[d.stages["source_id"].isin([FAE_SOURCE, FAGOV_SOURCE])] if len(d.stages) else d.stages
        after = sorted({int(y) for y in official["fiscal_year"]} & set(years["security"])) if len(official) else []
        if greenbook and after and min(after) > greenbook[-1]:
            gaps.append(GAP_NO_ACCOUNT_SOURCE.format(last=greenbook[-1], years=format_year_ranges(after, prefix="FY")))
    miss = missing_programs(d.series, d.programs)
    if miss:
        gaps.append(GAP_PROGRAMMES.format(programmes=", ".join(_short(p) for p in miss)))
    gaps.append(_authorities_gap(us))
    cum = d.cumulative
    if len(cum):
        missing = cum.loc[cum["missing"], "fiscal_year"]
        partial = cum[cum["partial"]]
        if len(missing) or len(partial):
            gaps.append(GAP_MERIDA[(bool(len(missing)), bool(len(partial)))].format(
                missing=format_year_ranges(missing, prefix="FY"), partial="; ".join(
                    PARTIAL_ITEM.format(year=int(r.fiscal_year), value=fmt(r.value_usd, "usd"),
                                        coverage=COVERAGE_WORDS.get(r.coverage, r.coverage)) for r in partial.itertuples())))
    for r in one_sided_years(us, d.start_year, d.end_year, d.source).itertuples():
        if r.request_only or r.enacted_only:
            gaps.append(GAP_ONE_SIDED[(bool(r.request_only), bool(r.enacted_only))].format(
                programme=_short(r.program), request_only=format_year_ranges(r.request_only, prefix="FY"),
                enacted_only=format_year_ranges(r.enacted_only, prefix="FY")))
    if years["partly_reported"]:
        flagged = [st for st in STAGE_ORDER if st in set(d.stages.loc[d.stages["partly_reported"], "stage"])]
        words = [STAGE_WORDS.get(st, st) for st in flagged]
        gaps.append(GAP_PARTLY.format(years=format_year_ranges(years["partly_reported"], prefix="FY"),
                                      stages=words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]))
    gaps.append(GAP_COMPOSITION.format(years=format_year_ranges(composition_years(d.comp), prefix="FY") or NO_YEAR,
                                       sources=composition_source_count(d)))
    tables = d.tables
    if tables.get("homicides_national") is None:
        gaps.append(GAP_HOMICIDES)
    if tables.get("population") is None:
        gaps.append(GAP_POPULATION)
    if years["homicides"] and tables.get("homicides_national") is not None:
        gaps.append(GAP_PER_HOMICIDE.format(years=format_year_ranges(years["homicides"], prefix="FY")))
    gaps.append(GAP_REGION)
    if d.dollars == "constant" and years["cpi"]:
        gaps.append(GAP_CPI.format(years=format_year_ranges(years["cpi"], prefix="FY")))
    return gaps


# --- Methodology -----------------------------------------------------------------------------

ESF_DECISION = (
    "The Economic Support Fund (ESF) is left out: it paid for part of Mérida's institution-building and "
    "community pillars, but the Greenbook records ESF obligations to Mexico {since}, long before Mérida, and ESF "
    "also pays for development, economic and environmental programmes; no source in data/ separates the "
    "security-related share. Counting all of it would overstate security assistance; ESF is shown beside the "
    "total so the reader can add it.")
"""Why ESF is out (``{since}`` is filled from the data by ``esf_decision``)."""
ESF_SINCE = "from FY{year} on"
ESF_SINCE_UNKNOWN = "in many years"
OTHER_EXCLUSIONS = (
    "Left out as well: Justice and Homeland Security accounts (DEA, FBI, ATF, CBP, ICE, USCIS), which the "
    "Greenbook records as small agency operating costs in Mexico rather than assistance programmes, and "
    "development, health and environmental accounts.")
DEFINITION = ("**Definition.** Security assistance = amounts at stage `{stage}` in the State Department accounts {state} "
              "and the Defense accounts {dod}, from the USAID Greenbook (one row per fiscal year and account), summed by "
              "`mxsec.analysis.funding.security_assistance()`. Obligations are the only complete by-account series.")
STAGES = (
    "**Stages.** A request is what the President asks for; enacted is what Congress appropriates (the Foreign Aid "
    "Explorer calls it \"appropriated and planned\"); allocated is the first split by country; obligated is money "
    "committed in a signed agreement; disbursed is money paid out; delivered is equipment and training handed "
    "over. Obligation and disbursement years differ from appropriation years because foreign-aid funds stay "
    "available for several years.")
TIMING = ("For example, Mexico's INCLE obligations were {first_value} (nominal) in FY{first}, the first Mérida year, and "
          "{later_value} in FY{later}.")
MERIDA_STAGE = "Mérida figures are enacted amounts by year, which sources state only for some years."
COVERAGE = (
    "**Coverage of each dataset.** The Greenbook (USAID, file dated {date}) records obligations by "
    "account for every agency reporting foreign assistance; data/ holds Mexico's rows for {span}. "
    "ForeignAssistance.gov (Foreign Aid Explorer) "
    "gives Mexico's totals over all accounts by stage; it does not split by account, its requests and "
    "appropriations cover State and USAID budgets, not DoD, and the obligations and disbursements of each "
    "snapshot's last two fiscal years are partly reported; of its two snapshots (about 2022, and FY1946-FY2024) both "
    "are kept and the later is preferred. CRS reports, State Department and press items give Mérida requests, enacted amounts and "
    "cumulative totals for scattered years; where they differ, each keeps its own row and the report uses the "
    "preferred one (the `source` parameter shows another source or all of them).")
DOLLARS = (
    "**Dollars.** Constant dollars multiply each fiscal year's nominal amount by CPI-U({base_year}) / "
    "CPI-U(year), the BLS CPI-U annual average, U.S. city average, all items "
    "({cpi_years} in data/us_cpi_u.csv). "
    "Calendar-year CPI-U is applied to fiscal years: a fiscal year runs from October of the previous calendar "
    "year to September, but is deflated with the average of the calendar year that bears its number.")
CPI_NOTE = "Source note: {note}"
NOMINAL = ("Cumulative totals, the request-versus-enacted comparison and the composition figures stay nominal, as the "
           "sources state them.")
REQUEST_METHOD = (
    "**Request versus enacted.** A request and an enacted amount are compared only when both cover the whole fiscal "
    "year and neither is provisional or estimated. The gap is enacted minus requested, in dollars and in percent of "
    "the request; a pair that is not compared is shown with both amounts and no gap.")
FLAGS_METHOD = (
    "**Flags.** Every value carries an observation status (`obs_status`, the SDMX codes): A is a normal value, "
    "E an estimate ({estimated}), P a provisional value that later releases will revise ({provisional}). Each U.S. "
    "assistance row also states its `coverage`: `full` for the whole fiscal year, `regular_act` or `supplemental` "
    "when only that appropriations act of the year was found. Values that are partial, estimated or provisional "
    "are shown and flagged in the tables and chart data, but never ranked, compared with a request, or used in a "
    "change, peak or average.")
TREND_METHOD = (
    "**Rising and falling.** Obligations are shown year by year as the Greenbook records them. Because they are "
    "recorded when agreements are signed, one year can fall far below its neighbours without a change in policy, "
    "so every statement here about assistance rising or falling uses a centred three-year mean: the mean of a "
    "fiscal year and the years on either side. At the two ends of the series the mean covers two years, and the "
    "data say so (`window_years` = 2).")
FLAGGED_ITEM = "{programme}: {stages} for {years}"
STAGE_WORDS = {"request": "requests", "enacted": "enacted amounts", "allocated": "allocations", "obligated": "obligations",
               "disbursed": "disbursements", "delivered": "deliveries"}
SWING_METHOD = ("For example, {programme} obligations were {before} in FY{before_year}, {value} in FY{year} and {after} in "
                "FY{after_year}; the centred mean for FY{year} is {mean}.")
CONTEXT_METHOD = (
    "**Context.** Aid per homicide divides security assistance by the preferred INEGI count of intentional "
    "homicide victims for full years (registration basis) of the calendar year with the fiscal year's number; aid "
    "per inhabitant divides by CONAPO's mid-year national population.")


def _flagged_items(rows: list[tuple[str, str, list[int]]]) -> str:
    """``FLAGGED_ITEM`` per programme and run of years, the stages that share them listed together."""
    grouped: dict[tuple[str, tuple[int, ...]], list[str]] = {}
    for program, stage, years in rows:
        grouped.setdefault((program, tuple(years)), []).append(stage)
    items = []
    for (program, years), stages in grouped.items():
        words = [STAGE_WORDS.get(st, st) for st in sorted(stages, key=STAGE_ORDER.index)]
        stage_list = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        items.append(FLAGGED_ITEM.format(programme=_prose(program), stages=stage_list,
                                         years=format_year_ranges(years, prefix="FY")))
    return "; ".join(items) or NONE


def esf_decision(d: Funding) -> str:
    """``ESF_DECISION`` with the first fiscal year of Greenbook ESF obligations filled in."""
    year = dataset_facts(d)["esf_first_year"]
    return ESF_DECISION.format(since=ESF_SINCE.format(year=year) if year is not None else ESF_SINCE_UNKNOWN)


def methodology(d: Funding) -> str:
    """The methodology paragraph(s), with the definition taken from the constants of ``compute``."""
    facts, sources = dataset_facts(d), d.tables["sources"].set_index("source_id")
    greenbook_years, timing = facts["greenbook_years"], facts["incle_timing"]
    greenbook_span = (format_year_ranges(range(greenbook_years[0], greenbook_years[-1] + 1), prefix="FY")
                      if greenbook_years else NO_YEARS)
    greenbook_date = sources.at[GREENBOOK_SOURCE, "published"] if GREENBOOK_SOURCE in sources.index else ""
    cpi_note = sources.at[CPI_SOURCE, "note"] if CPI_SOURCE in sources.index else ""
    cpi_note = cpi_note if isinstance(cpi_note, str) else ""
    definition = DEFINITION.format(stage=SECURITY_STAGE, state=", ".join(_short(a) for a in STATE_SECURITY_ACCOUNTS),
                                   dod="; ".join(f"“{names.code_name('program', a)}”" for a in DOD_SECURITY_ACCOUNTS))
    stages = [STAGES] + ([TIMING.format(first_value=fmt(timing[0], "usd"), first=MERIDA_FIRST_FISCAL_YEAR,
                                        later_value=fmt(timing[1], "usd"), later=MERIDA_FIRST_FISCAL_YEAR + 2)]
                         if timing is not None else []) + [MERIDA_STAGE]
    dollars = [DOLLARS.format(base_year=d.base_year, cpi_years=facts["cpi_span"])] + (
        [CPI_NOTE.format(note=cpi_note)] if cpi_note else []) + [NOMINAL]
    swing = facts["swing"]
    flagged = {status: _flagged_items(rows) for status, rows in facts["flagged"].items()}
    trend = [TREND_METHOD] + ([SWING_METHOD.format(
        programme=_short(swing["program"]), before=fmt(swing["before"], "usd"), before_year=swing["year"] - 1,
        value=fmt(swing["value"], "usd"), year=swing["year"], after=fmt(swing["after"], "usd"),
        after_year=swing["year"] + 1, mean=fmt(swing["centred_mean"], "usd"))] if swing is not None else [])
    return "\n\n".join([" ".join([definition, esf_decision(d), OTHER_EXCLUSIONS]), " ".join(stages),
                        COVERAGE.format(date=greenbook_date, span=greenbook_span),
                        FLAGS_METHOD.format(estimated=flagged.get("E", NONE), provisional=flagged.get("P", NONE)),
                        " ".join(trend),
                        " ".join(dollars), REQUEST_METHOD, CONTEXT_METHOD])


# --- Chart captions and alt text -------------------------------------------------------------

SECURITY_CAPTION = ("Security assistance (obligated) peaked at {peak} ({unit}) in FY{year}; INCLE, the main Mérida account, "
                    "made up {share} of it over {span}.")
SECURITY_CAPTION_NONE = "No obligations by account in the selection (source '{source}')."
SECURITY_ALT = ("Stacked bar chart of U.S. security assistance obligations to Mexico per fiscal year, {span}, in millions "
                "of {unit}, split into {groups}, with lines for all foreign aid and for ESF.")
PROGRAMS_CAPTION = "Each programme on its own scale; the peak year of obligations differs by account ({peaks})."
PROGRAMS_CAPTION_STAGES = "Each programme on its own scale and at the stage named in its panel title."
PEAK_ITEM = "{programme} FY{year}"
PROGRAMS_ALT = ("Small-multiple bar charts, one per programme ({programmes}), of U.S. assistance to Mexico per fiscal year "
                "in millions of {unit}; each panel title names the budget stage shown.")
PROGRAMS_MISSING = "No rows for the selected programmes."
REQUEST_CAPTION = "In {above} of {cases} like-for-like comparisons the enacted amount exceeded the request."
REQUEST_CAPTION_YEARS = ("In {above} of {cases} like-for-like comparisons the enacted amount exceeded the request (every "
                         "comparison in {years}).")
REQUEST_ALT = ("Dumbbell chart with one row per fiscal year and programme ({rows} rows) showing the requested amount as a "
               "tick and the enacted amount as a dot, in millions of nominal dollars, with the gap in percent of the "
               "request.")
REQUEST_MISSING = "No fiscal year with both a request and an enacted amount in this selection."
REQUEST_LABEL = "  {gap}"
REQUEST_LABEL_NOT_COMPARED = "  no gap: {why}"
NOT_COMPARED_SHORT = {"regular_act": "regular act only", "supplemental": "supplemental only"}
NOT_COMPARED_STATUS = "{side} {status}"
STATUS_SHORT = {"B": "after a break", "E": "estimated", "F": "projected", "P": "provisional"}
CUMULATIVE_CAPTION = ("Annual enacted figures add up without a gap only through FY{year} ({total}); published totals reach "
                      "{published} for {span}, so later totals rest on the sources' own sums.")
CUMULATIVE_CAPTION_PUBLISHED = "Published totals reach {published} for {span}."
CUMULATIVE_CAPTION_NONE = "No published cumulative Mérida total in the years shown."
CUMULATIVE_ALT = ("Line chart of the running sum of annual enacted Mérida Initiative funding for Mexico from FY{first}, in "
                  "billions of nominal dollars, dashed after the first missing year, with {totals} published cumulative "
                  "totals plotted as hollow markers at the last fiscal year each covers.")
CUMULATIVE_MISSING = "No Mérida figure ends by FY{end_year}."
COMPOSITION_CAPTION = ("Breakdowns exist only for {years} and come from {sources} sources with different categories; they "
                       "cannot be added up into a composition over time.")
COMPOSITION_ALT = ("Horizontal bar chart of {bars} Mérida funding amounts by category as stated by sources, in millions of "
                   "nominal dollars, each labelled with the fiscal years it covers.")
COMPOSITION_MISSING = "No composition figures."
CONTEXT_CAPTION = ("Averaged over three fiscal years centred on each year (two at the ends), security assistance per "
                   "homicide ranged from {low} (FY{low_start}–FY{low_end}) to {high} (FY{high_start}–FY{high_end}), "
                   "{unit}, in the {years} years with both figures; single years are drawn as they are.")
CONTEXT_CAPTION_NONE = "No year has both a security-assistance figure and a full-year INEGI homicide count."
CONTEXT_ALT = ("Two bar charts by fiscal year: U.S. security assistance obligations to Mexico divided by INEGI homicide "
               "deaths of the same calendar year, and divided by Mexico's mid-year population, in {unit}.")
STAGES_CAPTION = ("Obligations exceeded the amounts appropriated and planned in {more} of {years} fiscal years with both: "
                  "obligations count money from earlier appropriations and from agencies outside the State-USAID budget.")
STAGES_CAPTION_NONE = "Budget stages of all U.S. foreign aid to Mexico, as reported."
STAGES_ALT = ("Line chart of all U.S. foreign aid to Mexico per fiscal year in millions of {unit}, one line per budget "
              "stage ({stages}), with partly reported years shaded.")
STAGES_MISSING = "No all-foreign-aid rows in this selection."


def security_caption(d: Funding) -> str:
    facts = security_facts(d)
    if facts is None:
        return SECURITY_CAPTION_NONE.format(source=d.source)
    peak = facts["peak"]
    return SECURITY_CAPTION.format(peak=fmt(peak["value"], "usd"), unit=d.unit, year=int(peak["fiscal_year"]),
                                   share=fmt(facts["incle_share"], "pct", 0), span=facts["span"])


def security_alt(d: Funding) -> str:
    groups = ", ".join(SHORT_LABELS[g] for g in security_by_group(d).columns) or NO_ACCOUNTS
    return SECURITY_ALT.format(span=window_span(d), unit=d.unit, groups=groups)


def programs_caption(d: Funding) -> str:
    peaks = obligation_peaks(d)
    if peaks is None:
        return PROGRAMS_CAPTION_STAGES
    return PROGRAMS_CAPTION.format(peaks=", ".join(PEAK_ITEM.format(programme=_short(r.program), year=int(r.fiscal_year))
                                                   for r in peaks.itertuples()))


def programs_alt(d: Funding) -> str:
    return PROGRAMS_ALT.format(programmes=", ".join(_short(p) for p in charted_programs(d)) or NONE, unit=d.unit)


def request_enacted_caption(d: Funding) -> str:
    gaps, above = request_gaps(d), enacted_vs_request_years(d.comparison)["above"]
    if above:
        return REQUEST_CAPTION_YEARS.format(above=gaps["n_above"], cases=gaps["cases"],
                                            years=format_year_ranges(above, prefix="FY"))
    return REQUEST_CAPTION.format(above=gaps["n_above"], cases=gaps["cases"])


def request_label(r: Any) -> str:
    """The label beside a dumbbell: the gap, or why there is none (``r``: a row of ``comparison``)."""
    if r["like_for_like"]:
        return REQUEST_LABEL.format(gap=fmt(r["gap_pct"], "signed_pct", 0))
    why = []
    for side in ("request", "enacted"):
        coverage, status = r[f"{side}_coverage"], r[f"{side}_obs_status"]
        if coverage in NOT_COMPARED_SHORT:
            why.append(f"{side} {NOT_COMPARED_SHORT[coverage]}")
        if status not in ("A", "B"):
            why.append(NOT_COMPARED_STATUS.format(side=side, status=STATUS_SHORT.get(status, status)))
    return REQUEST_LABEL_NOT_COMPARED.format(why=", ".join(why))


def request_enacted_alt(d: Funding) -> str:
    return REQUEST_ALT.format(rows=len(d.comparison))


def cumulative_caption(d: Funding) -> str:
    latest, through = d.notes.get("latest_total"), annual_enacted(d)["through"]
    if latest and through is not None:
        return CUMULATIVE_CAPTION.format(year=int(through["fiscal_year"]), total=fmt(through["cumulative_usd"], "usd"),
                                         published=fmt(latest["value_usd"], "usd"), span=latest["span"])
    if latest:
        return CUMULATIVE_CAPTION_PUBLISHED.format(published=fmt(latest["value_usd"], "usd"), span=latest["span"])
    return CUMULATIVE_CAPTION_NONE


def cumulative_alt(d: Funding) -> str:
    return CUMULATIVE_ALT.format(first=MERIDA_FIRST_FISCAL_YEAR, totals=len(d.totals))


def composition_caption(d: Funding) -> str:
    return COMPOSITION_CAPTION.format(years=format_year_ranges(composition_years(d.comp), prefix="FY"),
                                      sources=composition_source_count(d))


def composition_alt(d: Funding) -> str:
    return COMPOSITION_ALT.format(bars=len(composition_shown(d)))


def context_caption(d: Funding) -> str:
    ratios = per_homicide_range(d)
    if ratios is None:
        return CONTEXT_CAPTION_NONE
    low, high = ratios["low"], ratios["high"]
    return CONTEXT_CAPTION.format(low=fmt(low["centred_mean"], "usd"), low_start=int(low["window_start"]),
                                  low_end=int(low["window_end"]), high=fmt(high["centred_mean"], "usd"),
                                  high_start=int(high["window_start"]), high_end=int(high["window_end"]), unit=d.unit,
                                  years=ratios["years"])


def context_alt(d: Funding) -> str:
    return CONTEXT_ALT.format(unit=d.unit)


def stages_caption(d: Funding) -> str:
    above = obligations_above_enacted(d)
    if above is None:
        return STAGES_CAPTION_NONE
    return STAGES_CAPTION.format(more=above["more"], years=above["years"])


def stages_alt(d: Funding) -> str:
    return STAGES_ALT.format(unit=d.unit, stages=", ".join(reported_stages(d)))


# --- Table captions --------------------------------------------------------------------------

SECURITY_TABLE = "Security assistance to Mexico per fiscal year (obligated; empty = no data by account)"
COMPARISON_TABLE = "Requested and enacted amounts, nominal"
PUBLISHED_TABLE = "Published cumulative Mérida totals (enacted) beside the annual figures for the same span, nominal"
COMPOSITION_TABLE = "Mérida funding by category, as sources state it"
AID_CONTEXT_TABLE = ("All U.S. foreign assistance to Mexico, all sectors, {span}: context, not security assistance "
                     "(US$ million, nominal, by budget stage; the preferred figures, ForeignAssistance.gov country totals unless "
                     "the Sources column names another)")
AID_CONTEXT_PROVISIONAL = ("; {items} are provisional (flag P): those years are still being reported, and a low "
                           "value there is not a cut")
AID_CONTEXT_ITEM = "{stages} for {years}"
AID_CONTEXT_STAGE_LABELS = {"request": "Requested", "enacted": "Appropriated and planned", "allocated": "Allocated",
                            "obligated": "Obligated", "disbursed": "Disbursed"}


def all_aid_context_caption(d: Funding, context: pd.DataFrame) -> str:
    """``AID_CONTEXT_TABLE`` for the years of ``context`` (``figures.all_aid_context``), naming the P values."""
    span = format_year_ranges(context["fiscal_year"], prefix="FY") if len(context) else NO_YEARS
    by_years: dict[tuple[int, ...], list[str]] = {}
    for stage in [c[: -len("_usd")] for c in context.columns if c.endswith("_usd")]:
        years = tuple(int(y) for y in context.loc[context[f"{stage}_obs_status"] == "P", "fiscal_year"])
        if years:
            by_years.setdefault(years, []).append(STAGE_WORDS.get(stage, stage))
    items = "; ".join(AID_CONTEXT_ITEM.format(stages=" and ".join(words), years=format_year_ranges(years, prefix="FY"))
                      for years, words in by_years.items())
    return AID_CONTEXT_TABLE.format(span=span) + (AID_CONTEXT_PROVISIONAL.format(items=items) if items else "")
