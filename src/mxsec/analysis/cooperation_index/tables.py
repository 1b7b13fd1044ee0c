"""The cooperation index's display tables, each a ``report.Table`` with its caption and the
source ids it cites. The pointer to the event sources (``CITE_EVENTS_ONCE``) is in the prose
(``text.fan``), not in a table note: the stylesheet pulls a second source-line paragraph up over
the first."""

from __future__ import annotations

import pandas as pd

from mxsec.analysis import periods
from mxsec.report import Table

from . import text
from .compute import (ADMINISTRATIONS_SOURCE, BASE_YEAR, INDICATOR_BY_NAME, INDICATORS, PILLAR_LABELS, PILLARS, CooperationIndex,
                      cited_ids)


def summary_table(r: CooperationIndex) -> Table:
    """Per scored year: administration, median rank with its 90% interval, P(rise) against the
    previous calendar year (when scored) and its verdict, then the levels on one scale:
    deterministic index, median with 50% and 90% bands."""
    s = r.summary
    admin = periods.assign_administrations(s["year"], r.tables["administrations"]).map(
        lambda n: periods.short_name(n, r.tables["administrations"]) if isinstance(n, str) else "")
    data = pd.DataFrame({
        "Year": s["year"].astype(str), "Administration": admin.to_numpy(),
        "Rank (90%)": [f"{m:g} ({a:g}–{b:g})" for m, a, b in zip(s["rank_median"], s["rank_p05"], s["rank_p95"])],
        "P(rise)": [f"{p:.2f}" if pd.notna(p) else "" for p in s["prob_increase"]],
        "Change": s["change"],
        "Deterministic": s["reference"], "Median": s["median"],
        "50% band": [f"{a:.1f}–{b:.1f}" for a, b in zip(s["p25"], s["p75"])],
        "90% band": [f"{a:.1f}–{b:.1f}" for a, b in zip(s["p05"], s["p95"])],
    })
    return Table("index-summary", data, text.SUMMARY_TABLE, tuple(cited_ids(r)))


def indicator_table(r: CooperationIndex) -> Table:
    """The index's indicators: pillar, direction, fixed bounds with unit, years with a value,
    skewness, excess kurtosis and the treatment the JRC rule gives (rationale: ``text.bounds``)."""
    skew = r.skew.set_index("indicator")
    rows = []
    for i in INDICATORS:
        rows.append({"Indicator": i.label, "Pillar": PILLAR_LABELS[i.pillar], "Direction": "+" if i.direction > 0 else "−",
                     "Fixed bounds": f"{i.lower:g} to {i.upper:g} ({i.unit})", "Years": int(skew.loc[i.name, "n"]),
                     "Skewness": skew.loc[i.name, "skewness"], "Excess kurtosis": skew.loc[i.name, "excess_kurtosis"],
                     "Treatment (rule)": skew.loc[i.name, "rule_treatment"]})
    return Table("indicators", pd.DataFrame(rows), text.INDICATOR_TABLE, tuple(cited_ids(r, r.indicators.years)))


def _cell(x, digits: int) -> str:
    return "" if pd.isna(x) else f"{x:,.{digits}f}"


def values_table(r: CooperationIndex) -> Table:
    """The raw values per year (empty where missing): the index's indicators, the other source's
    extradition figure, the year's own obligations, the balance (the alternative climate measure),
    the events counted and those left out, and the dropped U.S. -> Mexico extraditions."""
    ind = r.indicators
    v, judicial, res, climate = ind.values, ind.judicial, ind.resources, ind.climate
    other = ["; ".join(f"{value:.0f}" for value, _ in c[1:]) for c in judicial["mx_us_candidates"]]
    labels = {name: INDICATOR_BY_NAME[name].label for name in ("extraditions_mx_us", "security_assistance", "event_score")}
    out = pd.DataFrame({
        "Year": v.index.astype(str),
        f"{labels['extraditions_mx_us']} (persons)": [_cell(x, 0) for x in v["extraditions_mx_us"]],
        "Other source (persons)": other,
        f"Security assistance, trailing 3-year mean (million {BASE_YEAR} $)": [_cell(x, 1) for x in v["security_assistance"]],
        "Obligated in the year (million $)": [_cell(x, 1) for x in res["obligated"]],
        f"{labels['event_score']}": [_cell(x, 2) for x in v["event_score"]],
        "Balance (alternative)": [_cell(x, 2) for x in v["event_balance"]],
        "Events counted (left out)": ["" if pd.isna(n) else f"{n:.0f} ({k:.0f})" for n, k in zip(climate["events"], climate["left_out"])],
        "Extraditions, U.S. → Mexico (not in the index)": [_cell(x, 0) for x in judicial["us_mx"]],
    })
    ids = set(cited_ids(r, ind.years, full=True)) | set(judicial["us_mx_source"].dropna())
    return Table("indicator-values", out, text.VALUES_TABLE, tuple(sorted(ids)))


def importance_table(r: CooperationIndex) -> Table:
    """Per pillar: the nominal weight and share of importance under equal weights, the edition's
    weight, its correlation ratio and share of importance (Paruolo et al. 2013)."""
    equal = r.importance_equal.set_index("pillar")
    mine = r.importance.set_index("pillar")
    data = pd.DataFrame({
        "Pillar": [PILLAR_LABELS[p] for p in PILLARS],
        "Equal weights: weight": [f"{equal.loc[p, 'weight']:.2f}" for p in PILLARS],
        "Equal weights: correlation ratio (share)": [f"{equal.loc[p, 'correlation_ratio']:.2f} "
                                                     f"({equal.loc[p, 'share']:.0%})" for p in PILLARS],
        f"This edition ({r.weighting}): weight": [f"{mine.loc[p, 'weight']:.2f}" for p in PILLARS],
        "This edition: correlation ratio (share)": [f"{mine.loc[p, 'correlation_ratio']:.2f} ({mine.loc[p, 'share']:.0%})"
                                                    for p in PILLARS],
    })
    return Table("effective-importance", data, text.IMPORTANCE_TABLE, tuple(cited_ids(r)))


def correlations_table(r: CooperationIndex) -> Table:
    """Pillar correlations for display: r with each pillar, with the index in levels and changes ("r (n)")."""
    c = r.correlations

    def f(values, ns):
        return ["" if pd.isna(v) else f"{v:+.2f} ({int(n)})" for v, n in zip(values, ns)]

    data = pd.DataFrame({"Pillar": [PILLAR_LABELS[p] for p in c["pillar"]]})
    for p in PILLARS:
        data[f"r with {PILLAR_LABELS[p].lower()}"] = [f"{v:+.2f}" for v in c[f"r_{p}"]]
    data["r with index, levels (n)"] = f(c["r_index"], c["n_index"])
    data["r with index, changes (n)"] = f(c["r_index_diff"], c["n_index_diff"])
    return Table("correlations", data, text.CORRELATIONS_TABLE, tuple(cited_ids(r)))


def sobol_table(r: CooperationIndex) -> Table:
    """The Sobol indices of every factor, choices first then data, each group sorted by total
    index, with a row for each group taken together."""
    t = r.sobol.table
    rows = []
    for kind, heading in (("choice", text.CHOICES), ("data", text.DATA)):
        part = t[t["kind"] == kind].sort_values("ST", ascending=False)
        for row in part.itertuples(index=False):
            rows.append({"Factor": row.label, "Kind": heading, "Options drawn": row.options,
                         "First order": f"{row.S1:.2f} ± {row.S1_conf:.2f}", "Total": f"{row.ST:.2f} ± {row.ST_conf:.2f}"})
    for row in r.sobol.groups.itertuples(index=False):
        heading = text.CHOICES if row.group == "choice" else text.DATA
        rows.append({"Factor": text.GROUP_ROW.format(group=heading.lower()), "Kind": heading, "Options drawn": "",
                     "First order": f"{row.S1:.2f} ± {row.S1_conf:.2f}", "Total": f"{row.ST:.2f} ± {row.ST_conf:.2f}"})
    return Table("sobol", pd.DataFrame(rows), text.SOBOL_TABLE, tuple(cited_ids(r)))


def administration_table(r: CooperationIndex) -> Table:
    a = r.by_administration
    data = pd.DataFrame({"Administration": a["administration"], "Scored years": a["years"],
                         "Years scored": [f"{n} of {t}" for n, t in zip(a["n_scored"], a["n_years"])],
                         "Compared": ["yes" if c else "no" for c in a["compared"]],
                         "Median of the mean index": a["median"],
                         "90% interval": [f"{x:.1f}–{y:.1f}" for x, y in zip(a["p05"], a["p95"])],
                         "Median mean rank": [f"{x:.1f}" for x in a["rank_median"]]})
    return Table("administrations", data, text.ADMINISTRATION_TABLE, tuple(cited_ids(r, extra=[ADMINISTRATIONS_SOURCE])))


def validation_table(r: CooperationIndex) -> Table:
    """Scored years beside the outside series: index median, INEGI homicides and the count of
    cooperative and conflictual events (the latter also feed the climate pillar)."""
    h = r.homicides["frame"].set_index("year")
    c = r.indicators.climate.set_index("year")
    years = r.scored_years
    data = pd.DataFrame({"Year": [str(y) for y in years], "Index median": [float(h.loc[y, "median"]) for y in years],
                         "Homicides (INEGI)": pd.array([h.loc[y, "homicides"] for y in years], dtype="Float64").round().astype("Int64"),
                         "Cooperative events": [int(c.loc[y, "cooperative"]) for y in years],
                         "Conflictual events": [int(c.loc[y, "conflictual"]) for y in years]})
    return Table("validation", data, text.VALIDATION_TABLE, tuple(cited_ids(r, extra=r.homicides["source_ids"])))


def coding_table(r: CooperationIndex) -> Table:
    """Cohen's kappa of the two codings of the events, on the category and on the direction."""
    if r.coding is None:
        return Table.missing("double-coding", text.CODING_MISSING)
    data = pd.DataFrame({
        "Coded": [text.CODING_VARIABLES[k.variable] for k in r.coding.kappas],
        "Events": [k.n for k in r.coding.kappas],
        "Coded alike": [f"{k.agreement:.1%}" for k in r.coding.kappas],
        "Cohen's kappa": [f"{k.kappa:.2f}" for k in r.coding.kappas],
        "95% interval": [f"{k.low:.2f}–{k.high:.2f}" for k in r.coding.kappas],
    })
    return Table("double-coding", data, text.CODING_TABLE, note=text.CODING_NOTE, text_columns=("Coded",))
