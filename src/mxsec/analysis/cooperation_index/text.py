"""Every string the cooperation index report prints: findings, the notes under the charts, data
gaps, methodology, chart captions and alt text, table captions and key-figure labels.

Sentences that carry numbers are whole format strings with named fields, filled from the
numbers ``compute`` gives; lists of items are joined with "; " or ", ". Draws nothing.
"""

from __future__ import annotations

import math

from mxsec.analysis import periods
from mxsec.formatting import fmt

from .compute import (ADMINISTRATION_MIN_SHARE, AGGREGATIONS, ALTERNATIVE_INDICATORS, BASE_YEAR, BOUNDARY_MONTHS,
                      CHOICE_LABELS, CITE_EVENTS_ONCE, CLIMATE_MEASURES, DEFAULT_WINDOW, DROPPED_INDICATORS, EVENT_REPLICATES,
                      EVENTS_COVERAGE, INDICATOR_BY_NAME, INDICATOR_EVENT_CATEGORIES, INDICATORS, KURTOSIS_LIMIT,
                      MOVE_PROBABILITY, NORMALISATION_LABELS, NORMALISATIONS, PILLAR_LABELS, PILLARS,
                      ROBUST_PROBABILITY, SKEW_LIMIT, SMOOTHING_WINDOWS, SOBOL_NOISE, TIMING_SCENARIOS, WEIGHT_SPREAD,
                      ZSCORE_SPAN, BALANCE_TOLERANCE, CooperationIndex, administration_verdicts, band_widths,
                      below_median_count, change_count, climate_low_unscored, dropped_indicator_years, event_counts,
                      group_indices, indicator_gaps, levels_outside, literature_years, lowest_contribution,
                      missing_pillar_years, nationals_only_years, not_compared_years, pillar_overview, rank_spread,
                      ranks_outside, resources_disagreement, robust_years, rule_treatments, salib_version,
                      silent_years, top_factor, uncompared_administrations)

# --------------------------------------------------------------------------- key figures

KEY_FIGURE_LABELS = {
    "n_scored_years": "years with a score",
    "top_years": "years in the top group (no other year clearly above them)",
    "low_years": "years in the bottom group (no other year clearly below them)",
    "n_robust_changes": "robust changes between consecutive years",
    "draws": "Monte Carlo draws",
    "top_factor": "factor that moves ranks most",
}


def key_figure_labels(r: CooperationIndex) -> dict[str, str]:
    """The key figures the box shows, with their labels."""
    return dict(KEY_FIGURE_LABELS)


FIGURE_NAMES = {
    "years": "Years with a score", "n_scored_years": "Number of years with a score",
    "median": "Median of the draws, by year", "p05": "5th percentile of the draws, by year",
    "p25": "25th percentile of the draws, by year", "p75": "75th percentile of the draws, by year",
    "p95": "95th percentile of the draws, by year", "reference": "Deterministic index, by year",
    "prob_increase": "Probability of a rise on the previous scored year", "robust_changes": "Years with a robust change",
    "robust_rises": "Years with a robust rise", "robust_falls": "Years with a robust fall",
    "n_robust_changes": "Number of robust year-to-year changes", "top_year": "Year with the highest median",
    "low_year": "Year with the lowest median", "draws": "Monte Carlo draws",
    "sobol_first": "First-order Sobol index of each factor", "sobol_total": "Total Sobol index of each factor",
    "top_choice": "Choice that moves ranks most", "top_factor": "Factor that moves ranks most",
    "rank_median": "Median rank of each year", "rank_p05": "5th percentile of each year's rank",
    "rank_p95": "95th percentile of each year's rank", "top_years": "Years in the top group",
    "low_years": "Years in the bottom group", "effective_importance": "Weight and effective importance of each pillar",
    "sobol_groups": "Sobol indices of the choices and of the data", "kappa": "Agreement of the two codings of the events",
    "category": "category", "category_low": "category, lower bound", "category_high": "category, upper bound",
    "direction": "direction", "direction_low": "direction, lower bound", "direction_high": "direction, upper bound",
    "events": "events coded", "disagreements": "disagreements",
    # parts of the dict-valued figures
    "judicial": "judicial pillar", "resources": "resources pillar", "climate": "climate pillar",
    "weight": "nominal weight", "correlation_ratio": "correlation ratio", "share": "share of importance",
    "share_equal_weights": "share of importance under equal weights", "leave_out": "Leave one indicator out",
    "choice": "the analyst's choices", "data": "the data", "S1": "first-order index", "ST": "total index",
}
"""A name for every key figure, for the "Changes in this edition" table."""


def key_figure_names(r: CooperationIndex) -> dict[str, str]:
    """The display name of every key figure (``FIGURE_NAMES``) and of the uncertainty choices that
    key the Sobol indices (``CHOICE_LABELS``)."""
    return {**FIGURE_NAMES, **CHOICE_LABELS}


# --------------------------------------------------------------------------- phrases

NONE = "none"
LIST = ": {items}"  # a list after a count ("3 are robust rises: 2007 (...); 2009 (...)")
GROUPS = {"choice": "the analyst's choices", "data": "the data"}


def _share(p: float) -> str:
    """A probability as a share of draws: "all", "more than 99.5%", "96%", "none"."""
    if p >= 1:
        return "all"
    if p <= 0:
        return "none"
    if p > 0.995:
        return "more than 99.5%"
    if p < 0.005:
        return "less than 0.5%"
    return f"{p:.0%}"


def _years(years) -> str:
    return periods.format_year_ranges(years) or NONE


def _weights(r: CooperationIndex) -> str:
    return ", ".join(WEIGHT.format(pillar=PILLAR_LABELS[p].lower(), weight=r.weights[p]) for p in PILLARS)


# --------------------------------------------------------------------------- findings

SCORED = ("The index can be computed for {scored} of the {years} years from {start} to {end} ({ranges}); the others lack "
          "at least one pillar and get no score rather than a guess. Across {draws} draws that vary the analyst's "
          "choices and the data together, no single year ranks first: {top} form the top group, years no other year "
          "ranks above in at least {robust:.0%} of the draws; {low} form the bottom group. Within each group the "
          "differences are near-ties, a plateau, not a ranking.")
CHANGES = ("Of {changes} changes between consecutive scored years, {rises} are robust rises{rise_list} and {falls} robust "
           "falls{fall_list}; the others do not hold in {robust:.0%} of the draws. {gaps} follow a year without a score, "
           "so no change is computed for them.")
CHANGE = "{year} (P(rise) = {p:.2f})"
BY_ADMINISTRATION = ("An administration is compared only when at least {min_share:.0%} of its calendar years are scored: "
                     "{described}.")
ADMINISTRATION_MEAN = "{administration} ({years}, {n} of {total} years) has a mean index of {median} (90% interval {p05}–{p95})"
NOT_COMPARED = "{names} {verb} too few scored years to be compared ({listed})."
NOT_COMPARED_ITEM = "{administration}: {n} of {total}"
NARRATIVE = {("Calderón", "Peña Nieto"): "cooperation narrowed after Calderón",
             ("Peña Nieto", "López Obrador"): "cooperation froze under López Obrador"}
VERDICTS = {
    "supports": "Judged on the scored years only ({earlier}: {earlier_years}; {later}: {later_years}), the index agrees "
                "with the view that {claim}: {earlier}'s mean is higher in {share} of the draws.",
    "contradicts": "Judged on the scored years only ({earlier}: {earlier_years}; {later}: {later_years}), the index "
                   "contradicts the view that {claim}: {later}'s mean is higher in {share} of the draws.",
    "undecided": "Judged on the scored years only ({earlier}: {earlier_years}; {later}: {later_years}), the index cannot "
                 "settle whether {claim}: {earlier}'s mean is higher in {share} of the draws.",
}
UNJUDGED = ("The index cannot judge the view that {claim}: {administration} has only {n} of {total} years scored, "
            "fewer than half.")
IMPORTANCE = ("With equal nominal weights the resources pillar alone would explain {resources} of the variation of the "
              "index across years and the political climate {climate}; the edition's balanced weights ({weights}) give "
              "each pillar a third (first-order correlation ratios).")
NOMINAL = ("The edition uses nominal weights ({weights}); the pillars' effective importance is then {shares} "
           "(first-order correlation ratios).")
IMPORTANCE_SHARE = "{pillar} {share:.0%}"
INSIDE = ("The deterministic index of this edition lies inside the 90% band of the draws in every scored year and ranks "
          "every year inside its 90% rank interval; it is below the median in {below} of {n} years, partly because "
          "the geometric mean it uses is never above the arithmetic mean that half the draws use.")
OUTSIDE = ("The deterministic index of this edition falls outside the draws' 90% band or rank interval in {listed}: "
           "its place there depends on this edition's choices.")
OUTSIDE_YEAR = "{year}"
DRIVERS = ("{first_group} move the ranking of years more than {second_group} (total Sobol index {first_st:.2f} against "
           "{second_st:.2f}); the single largest factor is “{factor}” ({factor_st:.2f}).")
DRIVERS_TIE = ("The data and the analyst's choices move the ranking of years about equally (total Sobol index "
               "{data_st:.2f} and {choice_st:.2f}, within their 95% intervals of each other); the single largest factor "
               "is “{factor}” ({factor_st:.2f}).")
ONE_KIND = "The factor that moves the ranking of years most is “{factor}” (total Sobol index {factor_st:.2f})."
PAIRING = ("Resources pair fiscal year N (October N−1 to September N) with calendar year N, as a trailing {window}-year "
           "mean of obligations.")


def _change_list(rows) -> list[str]:
    return [CHANGE.format(year=int(y), p=p) for y, p in zip(rows["year"], rows["prob_increase"])]


def findings(r: CooperationIndex) -> str:
    """The findings paragraph(s), generated from the computed values."""
    s = r.summary
    parts = [SCORED.format(
        scored=fmt(len(r.scored_years)), years=fmt(r.n_years), start=r.start_year, end=r.end_year,
        ranges=periods.format_year_ranges(r.scored_years), draws=fmt(r.draws), top=_years(r.top_group),
        low=_years(r.bottom_group), robust=ROBUST_PROBABILITY)]
    rises, falls = s[s["change"] == "robust rise"], s[s["change"] == "robust fall"]
    rise_text, fall_text = _change_list(rises), _change_list(falls)
    parts.append(CHANGES.format(
        changes=fmt(change_count(r)), rises=fmt(len(rises)), falls=fmt(len(falls)), robust=ROBUST_PROBABILITY,
        rise_list=LIST.format(items="; ".join(rise_text)) if rise_text else "",
        fall_list=LIST.format(items="; ".join(fall_text)) if fall_text else "",
        gaps=_years(not_compared_years(r)).capitalize() if not_compared_years(r) else "No scored year"))
    admin = r.by_administration
    sentences = []
    compared = admin[admin["compared"].astype(bool)] if len(admin) else admin
    if len(compared):
        described = "; ".join(ADMINISTRATION_MEAN.format(
            administration=a.administration, years=a.years, n=a.n_scored, total=a.n_years, median=fmt(a.median, "rate"),
            p05=fmt(a.p05, "rate"), p95=fmt(a.p95, "rate")) for a in compared.itertuples())
        sentences.append(BY_ADMINISTRATION.format(min_share=ADMINISTRATION_MIN_SHARE, described=described))
    skipped = uncompared_administrations(r)
    if len(skipped):
        names = [a.administration for a in skipped.itertuples()]
        sentences.append(NOT_COMPARED.format(
            names=" and ".join(names) if len(names) <= 2 else ", ".join(names), verb="have" if len(names) > 1 else "has",
            listed="; ".join(NOT_COMPARED_ITEM.format(administration=a.administration, n=a.n_scored, total=a.n_years)
                             for a in skipped.itertuples())))
    if sentences:
        parts.append(" ".join(sentences))
    judged = set()
    for pair in administration_verdicts(r).itertuples():
        claim = NARRATIVE.get((pair.earlier, pair.later))
        if claim is None:
            continue
        judged.add((pair.earlier, pair.later))
        parts.append(VERDICTS[pair.verdict].format(earlier=pair.earlier, later=pair.later, earlier_years=pair.earlier_years,
                                                   later_years=pair.later_years, claim=claim, share=_share(pair.share)))
    by_name = {a.administration: a for a in admin.itertuples()} if len(admin) else {}
    for (earlier, later), claim in NARRATIVE.items():
        if (earlier, later) in judged:
            continue
        short = next((by_name[n] for n in (later, earlier) if n in by_name and not by_name[n].compared), None)
        if short is not None:
            parts.append(UNJUDGED.format(claim=claim, administration=short.administration, n=short.n_scored,
                                         total=short.n_years))
    parts.append(importance(r))
    outside = sorted(set(levels_outside(r)["year"]) | set(ranks_outside(r)["year"]))
    if outside:
        parts.append(OUTSIDE.format(listed=_years(outside)))
    else:
        parts.append(INSIDE.format(below=below_median_count(r), n=len(r.scored_years)))
    parts.append(drivers(r))
    parts.append(PAIRING.format(window=DEFAULT_WINDOW))
    return "\n\n".join(parts)


def importance(r: CooperationIndex) -> str:
    """What the weights do: the pillars' effective importance under equal and under the edition's weights."""
    if r.weighting == "balanced":
        equal = r.importance_equal.set_index("pillar")["share"]
        return IMPORTANCE.format(resources=f"{equal['resources']:.0%}", climate=f"{equal['climate']:.0%}",
                                 weights=_weights(r))
    shares = ", ".join(IMPORTANCE_SHARE.format(pillar=PILLAR_LABELS[p].lower(), share=s)
                       for p, s in zip(r.importance["pillar"], r.importance["share"]))
    return NOMINAL.format(weights=_weights(r), shares=shares)


def drivers(r: CooperationIndex) -> str:
    """Whether the analyst's choices or the data move the ranking of years more, and the largest factor."""
    groups = group_indices(r)
    top = top_factor(r)
    t = r.sobol.table.set_index("choice")
    if len(groups) == 2:
        conf = r.sobol.groups.set_index("group")["ST_conf"]
        if abs(groups["data"]["ST"] - groups["choice"]["ST"]) <= conf["data"] + conf["choice"]:
            return DRIVERS_TIE.format(data_st=groups["data"]["ST"], choice_st=groups["choice"]["ST"],
                                      factor=t.loc[top, "label"], factor_st=t.loc[top, "ST"])
        first, second = sorted(groups, key=lambda g: -groups[g]["ST"])
        return DRIVERS.format(first_group=GROUPS[first].capitalize(), second_group=GROUPS[second],
                              first_st=groups[first]["ST"], second_st=groups[second]["ST"],
                              factor=t.loc[top, "label"], factor_st=t.loc[top, "ST"])
    return ONE_KIND.format(factor=t.loc[top, "label"], factor_st=t.loc[top, "ST"])


# --------------------------------------------------------------------------- notes beside the charts

BANDS = ("The 90% bands are {mean} points wide on average; the widest is {year} ({p05}–{p95}). The bands hold the scale "
         "fixed ({normalisation}, the JRC rule's treatment); ranks and P(rise) use every draw, every normalisation and "
         "treatment included.")
EVENT_SOURCES = ("The political-climate pillar counts dated events, each with its own source; the charts and tables cite "
                 "the other sources they use and the events they mark one by one, and the full list of event sources is "
                 "printed once, under the table of indicator values (Data coverage).")
PILLAR_NO_DATA = "- **{pillar}**: no year has data in the window."
PILLAR_RANGE = "- **{pillar}**: {n} years with data; highest {highest_year} ({highest}), lowest {lowest_year} ({lowest})."
RANKS = ("The 5–95% rank intervals span {mean:.1f} places on average and up to {widest:g} of {n}: the ranking is a "
         "set of plateaus. The top group ({top}) holds the years no other year outranks in {robust:.0%} of the draws.")


def fan(r: CooperationIndex) -> str:
    """How wide the bands are, which scale the levels are on, how changes are compared, and where the event sources are cited."""
    w = band_widths(r)
    parts = [BANDS.format(normalisation=NORMALISATION_LABELS[r.normalisation], mean=fmt(w["mean"], "rate"), year=w["year"],
                          p05=fmt(w["p05"], "rate"), p95=fmt(w["p95"], "rate"))]
    if CITE_EVENTS_ONCE:
        parts.append(EVENT_SOURCES)
    return " ".join(parts)


def ranks(r: CooperationIndex) -> str:
    """How wide the rank intervals are and what the top group is."""
    spread = rank_spread(r)
    return RANKS.format(mean=spread["mean_width"], widest=spread["max_width"], n=len(r.scored_years),
                        top=_years(r.top_group), robust=ROBUST_PROBABILITY)


def pillars(r: CooperationIndex) -> str:
    """Each pillar's years with data and its highest and lowest year."""
    lines = []
    for pillar, p in pillar_overview(r).items():
        if not p["n_years"]:
            lines.append(PILLAR_NO_DATA.format(pillar=PILLAR_LABELS[pillar]))
            continue
        lines.append(PILLAR_RANGE.format(pillar=PILLAR_LABELS[pillar], n=fmt(p["n_years"]), highest_year=p["highest_year"],
                                         highest=fmt(p["highest"], "rate"), lowest_year=p["lowest_year"],
                                         lowest=fmt(p["lowest"], "rate")))
    return "\n".join(lines)


BOUNDS = "- **{label}** ({lower:g} to {upper:g}; higher means more cooperation): {rationale} Bounds: {bounds}"
ALTERNATIVE = "- **{label}** (Monte Carlo alternative, {lower:g} to {upper:g}): {rationale}"
DROPPED = ("- **{label}**: no longer in the index, with a full-year figure in {n} years only ({years}), too few to "
           "normalise or to compare; the values table still shows them.")
NOT_TREATED = ("- No indicator has both |skewness| > {skew:g} and excess kurtosis > {kurtosis:g} in this window, so the "
               "default index treats none; the Monte Carlo still tries a log and a winsorised version of every eligible "
               "indicator.")
TREATED = "- Treated by the rule: {treated}."
TREATMENT = "{indicator} ({treatment})"


def _treated(r: CooperationIndex) -> str:
    return ", ".join(TREATMENT.format(indicator=INDICATOR_BY_NAME[n].label, treatment=t) for n, t in rule_treatments(r))


def bounds(r: CooperationIndex) -> str:
    """Each indicator's direction, why it measures cooperation and why it has its bounds; the
    alternative and dropped indicators; what the treatment rule decided."""
    lines = [BOUNDS.format(label=i.label, lower=i.lower, upper=i.upper, rationale=i.rationale, bounds=i.bounds_rationale)
             for i in INDICATORS]
    lines += [ALTERNATIVE.format(label=i.label, lower=i.lower, upper=i.upper, rationale=i.rationale)
              for i in ALTERNATIVE_INDICATORS]
    for name, years in dropped_indicator_years(r).items():
        lines.append(DROPPED.format(label=DROPPED_INDICATORS[name], n=len(years), years=_years(years)))
    if not rule_treatments(r):
        lines.append(NOT_TREATED.format(skew=SKEW_LIMIT, kurtosis=KURTOSIS_LIMIT))
    else:
        lines.append(TREATED.format(treated=_treated(r)))
    return "\n".join(lines)


# --------------------------------------------------------------------------- face validity

STRENGTHS = ((0.7, "strongly"), (0.4, "moderately"), (0.0, "weakly"))  # |r| from which each word applies
HOMICIDES = ("Set beside INEGI homicides over {n} scored years, the index median is {strength} and {sign} correlated with "
             "them (r = {r:+.2f}); in changes between consecutive years r = {r_diff} over {n_diff} pairs. Homicides measure "
             "violence, not cooperation, and a dozen years cannot show a relationship: this is context, not a test of the "
             "index.")
FACE_VALIDITY = ("What follows is face validity: the index is set against the literature's narrative of deep, narrowed "
                 "and frozen cooperation and against an outside series; agreement with a narrative does not prove that "
                 "the index measures cooperation, and disagreement does not prove it wrong.")
DISAGREES = {
    True: "Where the index disagrees with the literature: in {year} U.S. security assistance obligated, as a trailing "
          "mean of {window}, was {usd} ({base_year} dollars), the lowest of the scored years, while the climate pillar "
          "({climate}) was above its median.",
    False: "Where the resources pillar disagrees with the literature (the index as a whole still ranks the year in the "
           "upper half): in {year} U.S. security assistance obligated, as a trailing mean of {window}, was {usd} "
           "({base_year} dollars), the lowest of the scored years, while the climate pillar ({climate}) was above its "
           "median.",
}
MILESTONES = "The chronology records for {year}: {titles}."
OBLIGATIONS = ("Obligations are recorded when agreements are signed, not when money is appropriated or spent, so a year in "
               "which programmes were launched can score low on resources.")
OTHER_RANKS = ("The deterministic index ranks the year {rank:g} of {n} (the draws: {p05:g}–{p95:g}); with the year's own "
               "obligations instead of the trailing mean it would rank {annual_rank:g}, with the {other_aggregation} mean "
               "{other_rank:g}.")
CLIMATE_LOW = ("The political-climate pillar, the only one with data for most recent years, is at its lowest in {year} "
               "({score}), a year without an index score because another pillar has no data.")
SILENT = "The index is silent on {years}; any statement about those years rests on other evidence."


def face_validity(r: CooperationIndex) -> str:
    """What setting the index beside the narrative and homicides shows, and where the index disagrees."""
    h = r.homicides
    parts = [FACE_VALIDITY]
    d = resources_disagreement(r)
    if d is not None:
        sentences = [DISAGREES[bool(d["index_low"])].format(year=d["year"], usd=fmt(d["assistance_usd"], "usd"),
                                                            window=d["window"], base_year=BASE_YEAR,
                                                            climate=fmt(d["climate"], "rate"))]
        if d["milestones"]:
            sentences.append(MILESTONES.format(year=d["year"], titles="; ".join(d["milestones"])))
        sentences.append(OBLIGATIONS)
        sentences.append(OTHER_RANKS.format(rank=d["reference_rank"], n=d["n"], p05=d["rank_p05"], p95=d["rank_p95"],
                                            annual_rank=d["annual_rank"], other_aggregation=d["other_aggregation"],
                                            other_rank=d["other_rank"]))
        parts.append(" ".join(sentences))
    low = climate_low_unscored(r)
    if low is not None:
        parts.append(CLIMATE_LOW.format(year=low[0], score=fmt(low[1], "rate")))
    gaps = silent_years(r)
    if gaps:
        parts.append(SILENT.format(years=periods.format_year_ranges(gaps)))
    if not math.isnan(h["r_level"]):
        strength = next(word for limit, word in STRENGTHS if abs(h["r_level"]) >= limit)
        sign = "negatively" if h["r_level"] < 0 else "positively"
        parts.append(HOMICIDES.format(n=fmt(h["n_level"]), strength=strength, sign=sign, r=h["r_level"],
                                      r_diff="n/a" if math.isnan(h["r_diff"]) else format(h["r_diff"], "+.2f"),
                                      n_diff=fmt(h["n_diff"])))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- data gaps

GAP_INDICATOR = "**{label}:** no value for {years}."
GAP_SCOPE = ("**Extradition scope:** for {years} the only full-year figure counts Mexican nationals only (a subset of all "
             "persons); it is used as found.")
GAP_OPERATIONS = ("**Other operational indicators** (joint operations, vetted units, information-sharing, DEA/FBI presence, "
                  "arms-trafficking traces): none with real annual data is in data/, so the resources pillar rests on "
                  "security assistance alone. No appropriations series covers the security accounts year by year, so the "
                  "pillar uses obligations, smoothed.")
GAP_UNSCORED = "**Unscored years:** {years} have no index value because a pillar is missing; nothing is imputed."
GAP_EVENTS = ("**Events chronology:** the climate pillar rests on {min} to {max} events per scored year, coded by one "
              "coder, after leaving out {left_out} events that are values of the other pillars; its own rule lists events "
              "not yet sourced to a day (data/manual/events_rule.md). The bootstrap of events is the largest single source "
              "of uncertainty in the ranks.")


def data_gaps(r: CooperationIndex) -> list[str]:
    """The gaps of the edition, computed from the data: one markdown bullet's text per gap."""
    gaps = [GAP_INDICATOR.format(label=INDICATOR_BY_NAME[name].label, years=periods.format_year_ranges(missing))
            for name, missing in indicator_gaps(r).items()]
    nationals = nationals_only_years(r)
    if nationals:
        gaps.append(GAP_SCOPE.format(years=periods.format_year_ranges(nationals)))
    gaps.append(GAP_OPERATIONS)
    gaps.append(GAP_UNSCORED.format(years=periods.format_year_ranges(r.unscored_years) or NONE))
    counts = event_counts(r)
    gaps.append(GAP_EVENTS.format(min=counts["min"], max=counts["max"], left_out=counts["left_out"]))
    return gaps


# --------------------------------------------------------------------------- methodology

NOTHING_TREATED = "none of the indicators meets both conditions in this window, so none is treated by default"
FLAGGED = "flagged: {treated}"
WEIGHT = "{pillar} {weight:.2f}"
WEIGHTING = {
    "balanced": "balanced weights (the default): the weights under which each pillar's first-order correlation ratio "
                "with the index is a third of their sum, found by a damped fixed-point iteration from equal weights "
                "(each weight times (1/3 ÷ its share)^½, renormalised, until every share is within {tolerance:g} of "
                "1/3; {iterations} iterations here). Iterative, because the index is a geometric mean of bounded pillars; "
                "the closed form exists only for an arithmetic mean of standardised pillars. Balanced is the default "
                "because the framework means the three pillars to count equally, and with equal nominal weights the "
                "resources pillar alone explains most of the index. The balanced weights depend on the scored years and "
                "are recomputed in every edition",
    "nominal": "nominal weights, as given by the `nominal_weights` parameter, renormalised to sum 1",
}
METHODOLOGY = (
    "**1. Framework.** Cooperation is measured on three pillars, one indicator each: judicial (extraditions Mexico → "
    "U.S.), resources (U.S. security assistance) and political climate (the tone of dated bilateral events). Each "
    "pillar is a dimension the literature uses when it calls cooperation deep, narrowed or frozen; none measures "
    "outcomes. Every indicator counts upwards (higher means more cooperation); the indicator list gives the reason.",
    "**2. Data.** Extraditions: `mxsec.analysis.extraditions` (full calendar years, preferred rows). U.S. → Mexico "
    "extraditions are not in the index: two full-year figures. Security assistance: "
    "`mxsec.analysis.funding.security_assistance` (Greenbook obligations of the State and Defense security accounts), "
    "deflated to {base_year} dollars with the BLS CPI-U annual average (`funding.to_dollars`), as the trailing mean of "
    "the fiscal year and the {window_before} before it; a mean needs every year of its window or is missing, never "
    "filled in. Trailing rather than centred: a year's value never changes when a later year is published, and the "
    "last Greenbook year (FY2020) keeps a value. Fiscal year N (October N−1 to September N) is paired with calendar "
    "year N. Climate: `load(\"events\")`, Goldstein score derived from each event's category "
    "(`mxsec.data.events.CATEGORY_SCORES`), mean over the year's events, leaving out the categories {left_out} (those "
    "events are values of the judicial and resources pillars). Only years wholly inside the chronology's coverage "
    "({coverage_start} to {coverage_end}) count. The inputs keep the observation flags of `data/`; the index values "
    "are computed, so they carry none of their own.",
    "**3. Missing data.** No imputation: a year gets a score only if every pillar with a positive weight has a value "
    "under every option the Monte Carlo draws (a smoothing window that lacks a year takes the year out of the "
    "ensemble, not out of some draws).",
    "**4. Multivariate analysis.** The correlation table shows how the pillars move with each other and with the "
    "index, in levels and in changes between consecutive calendar years (r needs at least 4 pairs). The effective "
    "importance of each pillar is its first-order correlation ratio with the index, the share of the index's variance "
    "across the scored years it explains (Paruolo, Saisana & Saltelli 2013), estimated as the squared Pearson "
    "correlation: with a dozen years a non-parametric smoother cannot be estimated, and the linear estimate is exact "
    "when the index's conditional mean is linear in the pillar.",
    "**5. Treatment and normalisation.** JRC rule: an indicator with |skewness| > {skew:g} and excess "
    "kurtosis > {kurtosis:g} is log-transformed (log(1 + x), if non-negative) or winsorised (one value per "
    "tail); {treated}. Default normalisation: min-max over the fixed bounds in the indicator list (never the "
    "data's own minimum and maximum), onto 1–100 so that no pillar is 0 and the geometric mean is defined. "
    "Alternatives: z-score (50 + 49 z / {zscore_span:g}, clipped to 1–100), distance to the window's first year "
    "with a value (50 + 49 × difference / bound range, clipped to 1–99), and rank (1–100).",
    "**6. Weighting and aggregation.** Across pillars, {weighting}; this edition: {weights}. Geometric mean across "
    "pillars by default (a low pillar cannot be fully compensated by a high one), arithmetic as the alternative.",
    "**7. Uncertainty.** {draws} Monte Carlo draws (numpy Generator, seed {seed}) vary the analyst's choices and the "
    "data together. Choices: every pillar weight uniform within ±{spread:.0%} of its value, then renormalised; "
    "normalisation ({normalisations}); aggregation ({aggregations}); treatment (rule, log every non-negative "
    "indicator, winsorise every indicator); climate measure (mean score, or the balance (cooperative + 1) / "
    "(cooperative + conflictual + 2)). Data: every full-year, same-scope figure another source gives for an "
    "extradition year ({source}); the smoothing window of resources ({windows} fiscal years; 1 is the year's own "
    "obligations, the first edition's basis); event timing (an event dated in January or December may belong to the "
    "adjacent year: in each of {timing} scenarios each such event moves with probability {move:g}, a scenario that "
    "would empty a year being drawn again); and the event sample ({replicates} bootstrap replicates resampling each "
    "year's events with replacement, keeping its count). Each factor is uniform over its options. Levels (the bands) "
    "are shown on one scale only, {normalisation} with the rule's treatment; ranks and P(rise) use every draw. P(rise) "
    "compares a year with the calendar year before it, within each draw, only when both are scored; a change is "
    "robust if P(rise) ≥ {robust} (rise) or ≤ {not_robust:.1f} (fall). The top group holds the years no other year "
    "outranks in at least {robust:.0%} of the draws, the bottom group those that outrank no other year that often.",
    "**8. Sensitivity.** First-order and total Sobol indices (SALib {salib}, Sobol-sequence Saltelli sampling with "
    "N = {sobol_n}, {runs:,} runs, no second-order terms) of every factor, choices and data alike, and of the two "
    "groups ({group_runs:,} runs); continuous samples in [0, 1) map to the k options of a discrete factor as "
    "floor(u k). Output: mean absolute shift of the scored years' ranks against the deterministic index. Estimates "
    "slightly below 0 are numerical noise and are clipped to 0 (the tests check that none is below −{noise:g} before "
    "clipping); ± values are 95% bootstrap intervals.",
    "**9. Back to the data.** The pillar charts and contributions show which pillar drives each year's score.",
    "**10. Links to other measures.** Administrations (years assigned by the majority-of-year rule, "
    "`mxsec.analysis.periods`) are compared only when at least {min_share:.0%} of their years are scored, and only "
    "with the next administration; this is face validity against the literature's deep/narrowed/frozen narrative, "
    "not proof. INEGI homicides (preferred full-year registration counts, `extraditions.homicides_series`) are an "
    "outside series set beside the index, not a validation target.",
    "**Scope.** The index measures what the curated tables record; it does not measure effectiveness or "
    "outcomes, and its levels have no meaning outside this construction.",
)


def methodology(r: CooperationIndex) -> str:
    """The ten JRC steps as applied here."""
    treated = FLAGGED.format(treated=_treated(r)) if rule_treatments(r) else NOTHING_TREATED
    source = r.sobol.table.set_index("choice")["options"].get("source", NONE)
    fields = {
        "base_year": BASE_YEAR, "coverage_start": EVENTS_COVERAGE[0], "coverage_end": EVENTS_COVERAGE[1],
        "window_before": "two years" if DEFAULT_WINDOW == 3 else f"{DEFAULT_WINDOW - 1} years",
        "left_out": ", ".join(INDICATOR_EVENT_CATEGORIES),
        "skew": SKEW_LIMIT, "kurtosis": KURTOSIS_LIMIT, "treated": treated, "zscore_span": ZSCORE_SPAN,
        "weighting": WEIGHTING[r.weighting].format(tolerance=BALANCE_TOLERANCE, iterations=r.balance_iterations),
        "weights": _weights(r), "draws": fmt(r.draws), "seed": r.seed, "spread": WEIGHT_SPREAD,
        "normalisations": ", ".join(NORMALISATIONS), "aggregations": ", ".join(AGGREGATIONS), "source": source,
        "windows": ", ".join(map(str, SMOOTHING_WINDOWS)), "timing": TIMING_SCENARIOS, "move": MOVE_PROBABILITY,
        "replicates": EVENT_REPLICATES, "normalisation": NORMALISATION_LABELS[r.normalisation],
        "robust": ROBUST_PROBABILITY, "not_robust": 1 - ROBUST_PROBABILITY, "salib": salib_version(),
        "sobol_n": r.sobol.n, "runs": r.sobol.runs, "group_runs": r.sobol.group_runs, "noise": SOBOL_NOISE,
        "min_share": ADMINISTRATION_MIN_SHARE,
    }
    return "\n\n".join(paragraph.format(**fields) for paragraph in METHODOLOGY)


# --------------------------------------------------------------------------- chart captions and alt text

FAN_CAPTION = ("The index has a score in {scored} of {years} years ({ranges}); robust rises: {rises}; robust falls: "
               "{falls} (P ≥ {robust} across {draws:,} draws; levels on one scale, {normalisation}).")
FAN_ALT = ("Line chart of the cooperation index median by year with shaded 50% and 90% uncertainty bands, a dashed "
           "deterministic line, hatched bands for years without a score, and triangles for major events along the bottom.")
PILLARS_CAPTION = "Pillar scores with the edition's normalisation; {pillars}."
LITERATURE_PILLARS = ("A square marks {years}: the judicial score rests on an extradition count whose only source "
                     "is a paper of the literature, used as secondary data and never as evidence for a claim.")
LITERATURE_FAN = ("A square marks {years}: the score rests in part on an extradition count whose only source is a "
                  "paper of the literature, used as secondary data and never as evidence for a claim.")
PILLAR_YEARS = "{pillar}: {n} years with data, mean {mean:.0f}"
PILLARS_ALT = ("Three line charts side by side, one per pillar, showing the pillar score by year, with hatched bands for "
               "years without a value.")
CONTRIBUTION_CAPTIONS = {
    "geometric": "Pillar contributions sum to the deterministic index (geometric mean, split by each pillar’s share of "
                 "the log); on average the {pillar} pillar contributes least ({share:.0%}).",
    "arithmetic": "Pillar contributions sum to the deterministic index (arithmetic mean); on average the {pillar} pillar "
                  "contributes least ({share:.0%}).",
}
CONTRIBUTION_ALT = ("Stacked bar chart by scored year showing how much each of the three pillars contributes to the index, "
                    "with hatched bands for years without a score.")
COVERAGE_CAPTION = "{scored} of {years} years have every pillar and get a score; {missing}."
PILLAR_MISSING = "the {pillar} pillar is missing in {n} years"
NO_PILLAR_MISSING = "no pillar is missing"
COVERAGE_ALT = "Grid of years by indicator, pillar and index, coloured where a value exists and hatched where it is missing."
SOBOL_CAPTION = ("{label} ({kind}) has the largest total effect on the ranking of years (total Sobol index {st:.2f}, first "
                 "order {s1:.2f}); the output is the mean absolute shift in year ranks against the deterministic index, "
                 "{runs:,} runs (N = {n}).")
SOBOL_ALT = ("Paired horizontal bars of first-order and total Sobol indices for each factor, the analyst's choices and the "
             "data, largest at the top.")
RANK_CAPTION = ("Top group: {top}; bottom group: {low}; the 5–95% rank interval spans on average {width:.1f} places out "
                "of {n}.")
RANK_ALT = "Dot-and-whisker chart of each scored year's median rank with its 5-95% interval, sorted from best to worst."


def _with_literature(caption: str, template: str, years: list[int]) -> str:
    return f"{caption} {template.format(years=periods.format_year_ranges(years))}" if years else caption


def fan_caption(r: CooperationIndex) -> str:
    rises, falls = robust_years(r)
    caption = FAN_CAPTION.format(scored=len(r.scored_years), years=r.n_years,
                                 ranges=periods.format_year_ranges(r.scored_years), rises=_years(rises),
                                 falls=_years(falls), robust=ROBUST_PROBABILITY, draws=r.draws,
                                 normalisation=NORMALISATION_LABELS[r.normalisation])
    return _with_literature(caption, LITERATURE_FAN, [y for y in literature_years(r) if y in set(r.scored_years)])


def pillars_caption(r: CooperationIndex) -> str:
    listed = "; ".join(PILLAR_YEARS.format(pillar=PILLAR_LABELS[pillar].lower(), n=p["n_years"], mean=p["mean"])
                       for pillar, p in pillar_overview(r).items())
    return _with_literature(PILLARS_CAPTION.format(pillars=listed), LITERATURE_PILLARS, literature_years(r))


def contribution_caption(r: CooperationIndex) -> str:
    lowest, share = lowest_contribution(r)
    return CONTRIBUTION_CAPTIONS[r.aggregation].format(pillar=PILLAR_LABELS[lowest].lower(), share=share)


def coverage_caption(r: CooperationIndex) -> str:
    missing = "; ".join(PILLAR_MISSING.format(pillar=PILLAR_LABELS[p].lower(), n=n) for p, n in missing_pillar_years(r))
    return COVERAGE_CAPTION.format(scored=len(r.scored_years), years=r.n_years, missing=missing or NO_PILLAR_MISSING)


def sobol_caption(r: CooperationIndex) -> str:
    top = r.sobol.table.set_index("choice").loc[top_factor(r)]
    kind = "data" if top["kind"] == "data" else "a choice of the analyst"
    return SOBOL_CAPTION.format(label=top["label"], kind=kind, st=top["ST"], s1=top["S1"], runs=r.sobol.runs, n=r.sobol.n)


def rank_caption(r: CooperationIndex) -> str:
    spread = rank_spread(r)
    return RANK_CAPTION.format(top=_years(r.top_group), low=_years(r.bottom_group), width=spread["mean_width"],
                               n=len(r.scored_years))


# --------------------------------------------------------------------------- table captions

SUMMARY_TABLE = ("Cooperation index by scored year: median rank with its 90% interval, P(rise) against the previous year, "
                 "and levels on one scale (deterministic, median and bands)")
VALUES_TABLE = "Indicator values as they enter the index, with the alternatives the Monte Carlo draws (empty = no value)"
INDICATOR_TABLE = "Indicators: direction, units, fixed bounds and treatment"
SOBOL_TABLE = "Sobol indices of the analyst's choices and of the data (± 95% bootstrap interval)"
IMPORTANCE_TABLE = ("Effective importance of each pillar beside its nominal weight: first-order correlation ratio with "
                    "the index, under equal and under the edition's weights")
CORRELATIONS_TABLE = "Correlation of each pillar with the other pillars and with the index"
CODING_TABLE = "Agreement of two independent codings of the events list (Cohen's kappa)"
CODING_VARIABLES = {"category": "Category (excluded counted as a category)",
                    "direction": "Direction (cooperative, neutral, conflictual)"}
CODING_NOTE = ("Codings: data/manual/events_coding_1.csv (first coder) and data/manual/events_coding_2.csv (second "
               "coder, who saw only the codebook data/manual/events_codebook.md and each event's date, title, source "
               "and source text); resolutions: data/manual/events_adjudication.csv.")
CODING = ("Two coders coded the {events} events of the list, the second seeing only the codebook and each event's date, "
          "title, source and source text. They gave the same category to {agreed} events ({share}): Cohen's kappa "
          "{kappa} (95% interval {low}–{high}); on the direction the category implies, kappa {kappa_d} (95% interval "
          "{low_d}–{high_d}). The {disagreements} disagreements were resolved by applying the codebook to each event's "
          "source, with a reason for each: {changed} categories changed to the second coding, {kept} kept as first "
          "coded, and {removed} events left the list (they did not meet the inclusion rule on their source). Agreement "
          "measures how reproducible the coding is, not whether the list is complete: the known omissions are listed "
          "in data/manual/events_rule.md.")
CODING_MISSING = "The double coding of the events is not available to this edition (its files were not read)."
ADMINISTRATION_TABLE = ("Mean index over each administration's scored years (median and 90% interval of the draws; "
                        "compared only when at least half its years are scored)")
VALIDATION_TABLE = "Index median beside homicides and event counts (context, not a test)"
CHOICES = "Choices"
DATA = "Data"
GROUP_ROW = "All {group} together"


def coding(r: CooperationIndex) -> str:
    """The double coding of the events: agreement and what the resolution did."""
    if r.coding is None:
        return CODING_MISSING
    category, direction = r.coding.kappas
    agreed = round(category.agreement * category.n)
    return CODING.format(events=category.n, agreed=agreed, share=fmt(category.agreement * 100, "pct"),
                         kappa=f"{category.kappa:.2f}", low=f"{category.low:.2f}", high=f"{category.high:.2f}",
                         kappa_d=f"{direction.kappa:.2f}", low_d=f"{direction.low:.2f}", high_d=f"{direction.high:.2f}",
                         disagreements=r.coding.disagreements, changed=r.coding.changed, kept=r.coding.kept,
                         removed=r.coding.removed)
