"""Every string the cooperation index report prints: findings, the notes under the charts, data
gaps, methodology, chart captions and alt text, table captions and key-figure labels.

Sentences that carry numbers are whole format strings with named fields, filled from the
numbers ``compute`` gives; lists of items are joined with "; " or ", ". Draws nothing.
"""

from __future__ import annotations

import math

from mxsec.analysis import periods
from mxsec.formatting import fmt

from .compute import (AGGREGATIONS, BASE_YEAR, CITE_EVENTS_ONCE, EVENTS_COVERAGE, INDICATOR_BY_NAME,
                      INDICATORS, KURTOSIS_LIMIT, NORMALISATION_LABELS, NORMALISATIONS, PILLAR_LABELS, PILLARS,
                      ROBUST_PROBABILITY, SKEW_LIMIT, SOBOL_NOISE, WEIGHT_SPREAD, ZSCORE_SPAN, CooperationIndex,
                      administration_verdicts, band_widths, change_count, climate_low_unscored, indicator_gaps,
                      lowest_contribution, median_extremes, missing_pillar_years, nationals_only_years,
                      pillar_overview, rank_spread, ranks_outside, resources_disagreement, robust_years,
                      rule_treatments, salib_version, silent_years)

# --------------------------------------------------------------------------- key figures

KEY_FIGURE_LABELS = {
    "n_scored_years": "years with a score",
    "top_year": "highest median",
    "low_year": "lowest median",
    "n_robust_changes": "robust year-to-year changes",
    "draws": "Monte Carlo draws",
    "top_choice": "choice that moves ranks most",
}


def key_figure_labels(r: CooperationIndex) -> dict[str, str]:
    """The key figures the box shows, with their labels."""
    return dict(KEY_FIGURE_LABELS)


# --------------------------------------------------------------------------- phrases

NONE = "none"
LIST = ": {items}"  # a list after a count ("3 are robust rises: 2007 (...); 2009 (...)")


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


# --------------------------------------------------------------------------- findings

SCORED = ("The index can be computed for {scored} of the {years} years from {start} to {end} ({ranges}); the others lack "
          "at least one pillar and get no score rather than a guess. Across {draws} combinations of the analyst's choices "
          "the highest median is {top_year} ({top_median}, 90% band {top_p05}–{top_p95}) and the lowest {low_year} "
          "({low_median}, {low_p05}–{low_p95}).")
CHANGES = ("Of {changes} year-to-year changes, {rises} are robust rises{rise_list} and {falls} robust falls{fall_list}; "
           "the rest depend on the analyst's choices.")
CHANGE = "{year} (from {compared}, P(rise) = {p:.2f})"
BY_ADMINISTRATION = "Mean index by Mexican administration (median of the draws): {described}."
ADMINISTRATION_MEAN = "{administration} {median} ({years})"
NARRATIVE = {("Calderón", "Peña Nieto"): "cooperation narrowed after Calderón",
             ("Peña Nieto", "López Obrador"): "it froze under López Obrador"}
VERDICTS = {
    "supports": "Judged on the scored years only ({earlier}: {earlier_years}; {later}: {later_years}), the index supports "
                "the view that {claim}: {earlier}'s mean is higher in {share} of the draws.",
    "contradicts": "Judged on the scored years only ({earlier}: {earlier_years}; {later}: {later_years}), the index "
                   "contradicts the view that {claim}: {later}'s mean is higher in {share} of the draws.",
    "undecided": "Judged on the scored years only ({earlier}: {earlier_years}; {later}: {later_years}), the index cannot "
                 "settle whether {claim}: {earlier}'s mean is higher in {share} of the draws.",
}
OUTSIDE = ("The deterministic index of this edition ({normalisation}, {aggregation} mean) puts some years outside the "
           "5–95% rank interval of the draws ({listed}): their place depends on this edition's choices.")
OUTSIDE_YEAR = "{year} ranks {rank:g} against {p05:g}–{p95:g}"
INSIDE = "The deterministic index of this edition ranks every year inside the 5–95% rank interval of the draws."
TOP_CHOICES = ("The choice that moves the ranking of years most is {first} (total Sobol index {first_st:.2f}), followed "
               "by {second} ({second_st:.2f}).")


def findings(r: CooperationIndex) -> str:
    """The findings paragraph(s), generated from the computed values."""
    s = r.summary
    admin = r.by_administration
    top, low = median_extremes(r)
    parts = [SCORED.format(
        scored=fmt(len(r.scored_years)), years=fmt(r.n_years), start=r.start_year, end=r.end_year,
        ranges=periods.format_year_ranges(r.scored_years), draws=fmt(r.draws), top_year=int(top["year"]),
        top_median=fmt(top["median"], "rate"), top_p05=fmt(top["p05"], "rate"), top_p95=fmt(top["p95"], "rate"),
        low_year=int(low["year"]), low_median=fmt(low["median"], "rate"), low_p05=fmt(low["p05"], "rate"),
        low_p95=fmt(low["p95"], "rate"))]
    rises = s[s["change"] == "robust rise"]
    falls = s[s["change"] == "robust fall"]
    changes = [CHANGE.format(year=int(y), compared=int(c), p=p) for y, c, p in
               zip(rises["year"], rises["compared_with"], rises["prob_increase"])]
    fall_text = [CHANGE.format(year=int(y), compared=int(c), p=p) for y, c, p in
                 zip(falls["year"], falls["compared_with"], falls["prob_increase"])]
    parts.append(CHANGES.format(
        changes=fmt(change_count(r)), rises=fmt(len(rises)), falls=fmt(len(falls)),
        rise_list=LIST.format(items="; ".join(changes)) if changes else "",
        fall_list=LIST.format(items="; ".join(fall_text)) if fall_text else ""))
    if len(admin):
        described = "; ".join(ADMINISTRATION_MEAN.format(administration=a.administration, median=fmt(a.median, "rate"),
                                                         years=a.years) for a in admin.itertuples())
        parts.append(BY_ADMINISTRATION.format(described=described))
    for pair in administration_verdicts(r).itertuples():
        claim = NARRATIVE.get((pair.earlier, pair.later))
        if claim is None:
            continue
        parts.append(VERDICTS[pair.verdict].format(earlier=pair.earlier, later=pair.later, earlier_years=pair.earlier_years,
                                                   later_years=pair.later_years, claim=claim, share=_share(pair.share)))
    outside = ranks_outside(r)
    if len(outside):
        listed = "; ".join(OUTSIDE_YEAR.format(year=int(o.year), rank=o.reference_rank, p05=o.rank_p05, p95=o.rank_p95)
                           for o in outside.itertuples())
        parts.append(OUTSIDE.format(normalisation=NORMALISATION_LABELS[r.normalisation], aggregation=r.aggregation,
                                    listed=listed))
    else:
        parts.append(INSIDE)
    sobol = r.sobol.table.sort_values("ST", ascending=False)
    first, second = sobol.iloc[0], sobol.iloc[1]
    parts.append(TOP_CHOICES.format(first=first["label"].lower(), first_st=first["ST"], second=second["label"].lower(),
                                    second_st=second["ST"]))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- notes beside the charts

BANDS = ("The 90% bands are {mean} points wide on average; the widest is {year} ({p05}–{p95}). Where the previous year "
         "has no score the change is measured against the last scored year before it (the table's 'Compared with' column).")
EVENT_SOURCES = ("The political-climate pillar counts dated events, each with its own source; the charts and tables cite "
                 "the other sources they use and the events they mark one by one, and the full list of event sources is "
                 "printed once, under the table of indicator values (Data coverage).")
PILLAR_NO_DATA = "- **{pillar}**: no year has data in the window."
PILLAR_RANGE = "- **{pillar}**: {n} years with data; highest {highest_year} ({highest}), lowest {lowest_year} ({lowest})."


def fan(r: CooperationIndex) -> str:
    """How wide the bands are, how changes are compared, and where the event sources are cited."""
    w = band_widths(r)
    parts = [BANDS.format(mean=fmt(w["mean"], "rate"), year=w["year"], p05=fmt(w["p05"], "rate"), p95=fmt(w["p95"], "rate"))]
    if CITE_EVENTS_ONCE:
        parts.append(EVENT_SOURCES)
    return " ".join(parts)


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


BOUNDS = "- **{label}** ({lower:g} to {upper:g}): {rationale}"
NOT_TREATED = ("- No indicator has both |skewness| > {skew:g} and excess kurtosis > {kurtosis:g} in this window, so the "
               "default index treats none; the Monte Carlo still tries a log and a winsorised version of every eligible "
               "indicator.")
TREATED = "- Treated by the rule: {treated}."
TREATMENT = "{indicator} ({treatment})"


def _treated(r: CooperationIndex) -> str:
    return ", ".join(TREATMENT.format(indicator=INDICATOR_BY_NAME[n].label, treatment=t) for n, t in rule_treatments(r))


def bounds(r: CooperationIndex) -> str:
    """Why each indicator has the bounds it has, and what the treatment rule decided."""
    lines = [BOUNDS.format(label=i.label, lower=i.lower, upper=i.upper, rationale=i.rationale) for i in INDICATORS]
    if not rule_treatments(r):
        lines.append(NOT_TREATED.format(skew=SKEW_LIMIT, kurtosis=KURTOSIS_LIMIT))
    else:
        lines.append(TREATED.format(treated=_treated(r)))
    return "\n".join(lines)


# --------------------------------------------------------------------------- validation

STRENGTHS = ((0.7, "strongly"), (0.4, "moderately"), (0.0, "weakly"))  # |r| from which each word applies
HOMICIDES = ("Across {n} scored years the index median is {strength} and {sign} correlated with INEGI homicides "
             "(r = {r:+.2f}); in year-to-year changes r = {r_diff} over {n_diff} pairs of consecutive years. With so few "
             "years neither is evidence of a relationship, and homicides measure violence, not cooperation: the "
             "comparison only shows whether the two move together.")
DISAGREES = {
    True: "Where the index disagrees with the literature: in {year} U.S. security assistance obligated, as a centred "
          "mean of {window}, was {usd} ({base_year} dollars), the lowest of the scored years, while the climate pillar "
          "({climate}) was above its median.",
    False: "Where the resources pillar disagrees with the literature (the index as a whole still ranks the year in the "
           "upper half): in {year} U.S. security assistance obligated, as a centred mean of {window}, was {usd} "
           "({base_year} dollars), the lowest of the scored years, while the climate pillar ({climate}) was above its "
           "median.",
}
MILESTONES = "The chronology records for {year}: {titles}."
OBLIGATIONS = ("Obligations are recorded when agreements are signed, not when money is appropriated or spent, so a year in "
               "which programmes were launched can score low on resources.")
OTHER_RANKS = ("The deterministic index ranks the year {rank:g} of {n} (the draws: {p05:g}–{p95:g}); with a log treatment "
               "it would rank {log_rank:g}, with the {other_aggregation} mean {other_rank:g}.")
CLIMATE_LOW = ("The political-climate pillar, the only one with data for most recent years, is at its lowest in {year} "
               "({score}), a year without an index score because another pillar has no data.")
SILENT = "The index is silent on {years}; any statement about those years rests on other evidence."


def validation(r: CooperationIndex) -> str:
    """What the comparison with homicides and the narrative shows, and where the index disagrees."""
    h = r.homicides
    parts = []
    if not math.isnan(h["r_level"]):
        strength = next(word for limit, word in STRENGTHS if abs(h["r_level"]) >= limit)
        sign = "negatively" if h["r_level"] < 0 else "positively"
        parts.append(HOMICIDES.format(n=fmt(h["n_level"]), strength=strength, sign=sign, r=h["r_level"],
                                      r_diff="n/a" if math.isnan(h["r_diff"]) else format(h["r_diff"], "+.2f"),
                                      n_diff=fmt(h["n_diff"])))
    d = resources_disagreement(r)
    if d is not None:
        sentences = [DISAGREES[bool(d["index_low"])].format(year=d["year"], usd=fmt(d["assistance_usd"], "usd"),
                                                            window=d["window"], base_year=BASE_YEAR,
                                                            climate=fmt(d["climate"], "rate"))]
        if d["milestones"]:
            sentences.append(MILESTONES.format(year=d["year"], titles="; ".join(d["milestones"])))
        sentences.append(OBLIGATIONS)
        sentences.append(OTHER_RANKS.format(rank=d["reference_rank"], n=d["n"], p05=d["rank_p05"], p95=d["rank_p95"],
                                            log_rank=d["log_rank"], other_aggregation=d["other_aggregation"],
                                            other_rank=d["other_rank"]))
        parts.append(" ".join(sentences))
    low = climate_low_unscored(r)
    if low is not None:
        parts.append(CLIMATE_LOW.format(year=low[0], score=fmt(low[1], "rate")))
    gaps = silent_years(r)
    if gaps:
        parts.append(SILENT.format(years=periods.format_year_ranges(gaps)))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- data gaps

GAP_INDICATOR = "**{label}:** no value for {years}."
GAP_SCOPE = ("**Extradition scope:** for {years} the only full-year figure counts Mexican nationals only (a subset of all "
             "persons); it is used as found.")
GAP_OPERATIONS = ("**Other operational indicators** (joint operations, vetted units, information-sharing, DEA/FBI presence, "
                  "arms-trafficking traces): none with real annual data is in data/, so the resources pillar rests on "
                  "security assistance alone and the leave-one-out choice cannot drop it.")
GAP_UNSCORED = "**Unscored years:** {years} have no index value because a pillar is missing; nothing is imputed."
GAP_EVENTS = ("**Events chronology:** its own rule lists events not yet sourced to a day (data/manual/events_rule.md); "
              "the climate pillar counts only what the chronology holds, and years with three or four events rest on "
              "very few observations.")


def data_gaps(r: CooperationIndex) -> list[str]:
    """The gaps of the edition, computed from the data: one markdown bullet's text per gap."""
    gaps = [GAP_INDICATOR.format(label=INDICATOR_BY_NAME[name].label, years=periods.format_year_ranges(missing))
            for name, missing in indicator_gaps(r).items()]
    nationals = nationals_only_years(r)
    if nationals:
        gaps.append(GAP_SCOPE.format(years=periods.format_year_ranges(nationals)))
    gaps.append(GAP_OPERATIONS)
    gaps.append(GAP_UNSCORED.format(years=periods.format_year_ranges(r.unscored_years) or NONE))
    gaps.append(GAP_EVENTS)
    return gaps


# --------------------------------------------------------------------------- methodology

NOTHING_TREATED = "none of the indicators meets both conditions in this window, so none is treated by default"
FLAGGED = "flagged: {treated}"
WEIGHT = "{pillar} {weight:g}"
METHODOLOGY = (
    "**1. Framework.** Cooperation is measured on three pillars: judicial (extraditions), resources and operations "
    "(U.S. security assistance) and political climate (the balance and tone of dated bilateral events). Each pillar "
    "is a dimension the literature uses when it calls cooperation deep, narrowed or frozen; none measures outcomes.",
    "**2. Data.** Extraditions: `mxsec.analysis.extraditions` (full calendar years, preferred rows; U.S. → Mexico has "
    "two years). Security assistance: `mxsec.analysis.funding.security_assistance` (Greenbook obligations of the "
    "State and Defense security accounts), deflated to {base_year} dollars with the BLS CPI-U annual average "
    "(`funding.to_dollars`) and averaged over three fiscal years centred on each year (`funding.centred_mean`; two "
    "years at the ends of the Greenbook series), so that one year's timing of agreements does not read as a change; "
    "fiscal year N is matched to calendar year N. Climate: `load(\"events\")`, direction and "
    "Goldstein score derived from each event's category (`mxsec.data.events.CATEGORY_SCORES`); balance = "
    "(cooperative + 1) / (cooperative + conflictual + 2), neutral events excluded; mean score over all events. Only "
    "years wholly inside the chronology's coverage ({coverage_start} to {coverage_end}) count. The inputs keep the "
    "observation flags of `data/` (the SDMX codes: A normal, B break in series, E estimated, F projection, P "
    "provisional); the index values are computed, so they carry none of their own, and the data gaps name any year "
    "whose extradition figure counts Mexican nationals only.",
    "**3. Missing data.** No imputation: a year gets a score only if every pillar with a positive weight has at "
    "least one indicator. Within a pillar the score is the mean of the indicators the year has (U.S. → Mexico "
    "extraditions enter only the two years that have them).",
    "**4. Multivariate analysis.** The correlation table shows how each indicator moves with its pillar and the "
    "index, in levels and in changes between consecutive calendar years (r needs at least 4 pairs). A pillar with a "
    "single indicator correlates perfectly with it by construction.",
    "**5. Treatment and normalisation.** JRC rule: an indicator with |skewness| > {skew:g} and excess "
    "kurtosis > {kurtosis:g} is log-transformed (log(1 + x), if non-negative) or winsorised (one value per "
    "tail); {treated}. Default normalisation: min-max over the fixed bounds in the indicator table (never the "
    "data's own minimum and maximum), onto 1–100 so that no pillar is 0 and the geometric mean is defined. "
    "Alternatives: z-score (50 + 49 z / {zscore_span:g}, clipped to 1–100), distance to the window's first year "
    "with a value (50 + 49 × difference / bound range, clipped to 1–99), and rank (1–100).",
    "**6. Weighting and aggregation.** Equal weights within pillars; across pillars the `weights` parameter ({weights}), "
    "renormalised to sum 1; geometric mean across pillars by default (a low pillar cannot be fully compensated by a "
    "high one), arithmetic as the alternative.",
    "**7. Uncertainty.** {draws} Monte Carlo draws (numpy Generator, seed {seed}). Each draw: every pillar "
    "weight uniform within ±{spread:.0%} of its parameter value, then renormalised; normalisation ("
    "{normalisations}), aggregation ({aggregations}), treatment (rule, log for every "
    "non-negative indicator, winsorise every indicator), extradition source (preferred, or another source's "
    "same-scope full-year figure where sources disagree) and leave one indicator out (none or one of: "
    "{leave}; an indicator is eligible only if dropping it never empties its pillar), each uniform over its options. "
    "Bands are the 5/25/75/95th percentiles of the draws; P(rise) compares each year with the previous scored year "
    "within each draw; a change is robust if P(rise) ≥ {robust} (rise) or ≤ "
    "{not_robust:.1f} (fall). Levels from different normalisations share the 1–100 range but not a "
    "unit: ranks and paired changes are the robust reading.",
    "**8. Sensitivity.** First-order and total Sobol indices (SALib {salib}, Sobol-sequence Saltelli "
    "sampling with N = {sobol_n}, {runs:,} runs, no second-order terms); continuous samples in [0, 1) map "
    "to the k options of a discrete choice as floor(u k). Output: mean absolute shift of the scored years' ranks "
    "against the deterministic index. Estimates slightly below 0 are numerical noise and are clipped to 0 "
    "(the tests check that none is below −{noise:g} before clipping); ± values are 95% bootstrap intervals.",
    "**9. Back to the data.** The pillar charts and contributions show which indicator drives each year's score.",
    "**10. Links to other measures.** Administration means (years assigned by the majority-of-year rule, "
    "`mxsec.analysis.periods`) test the deep/narrowed/frozen narrative; INEGI homicides (preferred full-year "
    "registration counts, `extraditions.homicides_series`) are an external series the index is compared with, "
    "not a validation target.",
    "**Scope.** The index measures what the curated tables record; it does not measure effectiveness or "
    "outcomes, and its levels have no meaning outside this construction.",
)


def methodology(r: CooperationIndex) -> str:
    """The ten JRC steps as applied here."""
    treated = FLAGGED.format(treated=_treated(r)) if rule_treatments(r) else NOTHING_TREATED
    leave = ", ".join(INDICATOR_BY_NAME[o].label for o in r.cube.options["leave_out"] if o != "none") or NONE
    weights = ", ".join(WEIGHT.format(pillar=PILLAR_LABELS[p].lower(), weight=r.weights[p]) for p in PILLARS)
    fields = {
        "base_year": BASE_YEAR, "coverage_start": EVENTS_COVERAGE[0], "coverage_end": EVENTS_COVERAGE[1],
        "skew": SKEW_LIMIT, "kurtosis": KURTOSIS_LIMIT, "treated": treated, "zscore_span": ZSCORE_SPAN,
        "weights": weights, "draws": fmt(r.draws), "seed": r.seed, "spread": WEIGHT_SPREAD,
        "normalisations": ", ".join(NORMALISATIONS), "aggregations": ", ".join(AGGREGATIONS), "leave": leave,
        "robust": ROBUST_PROBABILITY, "not_robust": 1 - ROBUST_PROBABILITY, "salib": salib_version(),
        "sobol_n": r.sobol.n, "runs": r.sobol.runs, "noise": SOBOL_NOISE,
    }
    return "\n\n".join(paragraph.format(**fields) for paragraph in METHODOLOGY)


# --------------------------------------------------------------------------- chart captions and alt text

FAN_CAPTION = ("The index has a score in {scored} of {years} years ({ranges}); robust rises: {rises}; robust falls: "
               "{falls} (P ≥ {robust} across {draws:,} draws).")
FAN_ALT = ("Line chart of the cooperation index median by year with shaded 50% and 90% uncertainty bands, a dashed "
           "deterministic line, hatched bands for years without a score, and triangles for major events along the bottom.")
PILLARS_CAPTION = "Pillar scores with the edition's normalisation; {pillars}."
PILLAR_YEARS = "{pillar}: {n} years with data, mean {mean:.0f}"
PILLARS_ALT = ("Three line charts side by side, one per pillar, showing the pillar score and its normalised indicators by "
               "year, with hatched bands for years without any value.")
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
SOBOL_CAPTION = ("{label} has the largest total effect on the ranking of years (total Sobol index {st:.2f}, first order "
                 "{s1:.2f}); the output is the mean absolute shift in year ranks against the deterministic index, "
                 "{runs:,} runs (N = {n}).")
SOBOL_ALT = "Paired horizontal bars of first-order and total Sobol indices for each analyst's choice, largest at the top."
RANK_CAPTION = ("{first} ranks first in the median; the 5–95% rank interval spans on average {width:.1f} places out of "
                "{n}.")
RANK_ALT = "Dot-and-whisker chart of each scored year's median rank with its 5-95% interval, sorted from best to worst."


def fan_caption(r: CooperationIndex) -> str:
    rises, falls = robust_years(r)
    return FAN_CAPTION.format(scored=len(r.scored_years), years=r.n_years, ranges=periods.format_year_ranges(r.scored_years),
                              rises=periods.format_year_ranges(rises) or NONE,
                              falls=periods.format_year_ranges(falls) or NONE, robust=ROBUST_PROBABILITY, draws=r.draws)


def pillars_caption(r: CooperationIndex) -> str:
    listed = "; ".join(PILLAR_YEARS.format(pillar=PILLAR_LABELS[pillar].lower(), n=p["n_years"], mean=p["mean"])
                       for pillar, p in pillar_overview(r).items())
    return PILLARS_CAPTION.format(pillars=listed)


def contribution_caption(r: CooperationIndex) -> str:
    lowest, share = lowest_contribution(r)
    return CONTRIBUTION_CAPTIONS[r.aggregation].format(pillar=PILLAR_LABELS[lowest].lower(), share=share)


def coverage_caption(r: CooperationIndex) -> str:
    missing = "; ".join(PILLAR_MISSING.format(pillar=PILLAR_LABELS[p].lower(), n=n) for p, n in missing_pillar_years(r))
    return COVERAGE_CAPTION.format(scored=len(r.scored_years), years=r.n_years, missing=missing or NO_PILLAR_MISSING)


def sobol_caption(r: CooperationIndex) -> str:
    top = r.sobol.table.sort_values("ST").iloc[-1]
    return SOBOL_CAPTION.format(label=top["label"], st=top["ST"], s1=top["S1"], runs=r.sobol.runs, n=r.sobol.n)


def rank_caption(r: CooperationIndex) -> str:
    spread = rank_spread(r)
    return RANK_CAPTION.format(first=spread["first"], width=spread["mean_width"], n=len(r.scored_years))


# --------------------------------------------------------------------------- table captions

SUMMARY_TABLE = ("Cooperation index by scored year: deterministic value, median and bands of the draws, probability of a "
                 "rise and rank")
VALUES_TABLE = "Indicator values as they enter the index (empty = no value)"
INDICATOR_TABLE = "Indicators: units, fixed bounds and treatment"
SOBOL_TABLE = "Sobol indices of the analyst's choices (± 95% bootstrap interval)"
CORRELATIONS_TABLE = "Correlation of each indicator and pillar with its pillar and the index"
ADMINISTRATION_TABLE = "Mean index over each administration's scored years (median and 90% interval of the draws)"
VALIDATION_TABLE = "Index median beside homicides and event counts"
