"""The cooperation index's display tables, each a ``report.Table`` with its caption and the
source ids it cites. The pointer to the event sources (``CITE_EVENTS_ONCE``) is in the prose
(``text.fan``), not in a table note: the stylesheet pulls a second source-line paragraph up over
the first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mxsec.analysis import periods
from mxsec.report import Table

from . import text
from .compute import (ADMINISTRATIONS_SOURCE, INDICATOR_BY_NAME, INDICATOR_NAMES, INDICATORS, PILLAR_LABELS,
                      CooperationIndex, cited_ids)


def summary_table(r: CooperationIndex) -> Table:
    """Per scored year: administration, deterministic index, median with 50% and 90% bands,
    P(rise) against the previous scored year, verdict, median rank with interval."""
    s = r.summary
    admin = periods.assign_administrations(s["year"], r.tables["administrations"]).map(
        lambda n: periods.short_name(n, r.tables["administrations"]) if isinstance(n, str) else "")
    data = pd.DataFrame({
        "Year": s["year"].astype(str), "Administration": admin.to_numpy(),
        "Deterministic": s["reference"], "Median": s["median"],
        "50% band": [f"{a:.1f}–{b:.1f}" for a, b in zip(s["p25"], s["p75"])],
        "90% band": [f"{a:.1f}–{b:.1f}" for a, b in zip(s["p05"], s["p95"])],
        "Compared with": [str(v) if pd.notna(v) else "" for v in s["compared_with"]],
        "P(rise)": [f"{p:.2f}" if pd.notna(p) else "" for p in s["prob_increase"]],
        "Change": s["change"],
        "Rank (5–95%)": [f"{m:g} ({a:g}–{b:g})" for m, a, b in zip(s["rank_median"], s["rank_p05"], s["rank_p95"])],
    })
    return Table("index-summary", data, text.SUMMARY_TABLE, tuple(cited_ids(r)))


def indicator_table(r: CooperationIndex) -> Table:
    """The declared indicators: pillar, fixed bounds with unit, years with a value, skewness,
    excess kurtosis and the treatment the JRC rule gives (rationale of the bounds: ``text.bounds``)."""
    skew = r.skew.set_index("indicator")
    rows = []
    for i in INDICATORS:
        rows.append({"Indicator": i.label, "Pillar": PILLAR_LABELS[i.pillar],
                     "Fixed bounds": f"{i.lower:g} to {i.upper:g} ({i.unit})", "Years": int(skew.loc[i.name, "n"]),
                     "Skewness": skew.loc[i.name, "skewness"], "Excess kurtosis": skew.loc[i.name, "excess_kurtosis"],
                     "Treatment (rule)": skew.loc[i.name, "rule_treatment"]})
    data = pd.DataFrame(rows)
    return Table("indicators", data, text.INDICATOR_TABLE, tuple(cited_ids(r, r.indicators.years)))


def values_table(r: CooperationIndex) -> Table:
    """The raw indicator values per year (empty where missing), as they enter the index."""
    v = r.indicators.values
    digits = {"extraditions_mx_us": 0, "extraditions_us_mx": 0, "security_assistance": 1, "event_balance": 2,
              "event_score": 2}
    out = pd.DataFrame({"Year": v.index.astype(str)})
    for name in INDICATOR_NAMES:
        i = INDICATOR_BY_NAME[name]
        out[f"{i.label} ({i.unit})"] = ["" if pd.isna(x) else f"{x:,.{digits[name]}f}" for x in v[name]]
    alt = r.indicators.judicial
    values = alt["mx_us_alt"].to_numpy(float)
    differs = (values != alt["mx_us"].to_numpy(float)) & ~np.isnan(values)
    out["Other source, Mexico → U.S."] = [f"{x:.0f}" if d else "" for x, d in zip(values, differs)]
    return Table("indicator-values", out, text.VALUES_TABLE, tuple(cited_ids(r, r.indicators.years, full=True)))


def correlations_table(r: CooperationIndex) -> Table:
    """The correlation table for display: "r (n)" per cell, empty where r is undefined."""
    c = r.correlations

    def f(values, ns):
        return ["" if pd.isna(v) else f"{v:+.2f} ({int(n)})" for v, n in zip(values, ns)]

    data = pd.DataFrame({
        "Indicator or pillar": c["indicator"],
        "r with pillar, levels (n)": f(c["r_pillar"], c["n_pillar"]),
        "r with pillar, changes (n)": f(c["r_pillar_diff"], c["n_pillar_diff"]),
        "r with index, levels (n)": f(c["r_index"], c["n_index"]),
        "r with index, changes (n)": f(c["r_index_diff"], c["n_index_diff"]),
    })
    return Table("correlations", data, text.CORRELATIONS_TABLE, tuple(cited_ids(r, r.indicators.years)))


def sobol_table(r: CooperationIndex) -> Table:
    t = r.sobol.table.sort_values("ST", ascending=False)
    data = pd.DataFrame({"Choice": t["label"], "Options drawn": t["options"],
                         "First order": [f"{v:.2f} ± {c:.2f}" for v, c in zip(t["S1"], t["S1_conf"])],
                         "Total": [f"{v:.2f} ± {c:.2f}" for v, c in zip(t["ST"], t["ST_conf"])]})
    return Table("sobol", data, text.SOBOL_TABLE, tuple(cited_ids(r)))


def administration_table(r: CooperationIndex) -> Table:
    a = r.by_administration
    data = pd.DataFrame({"Administration": a["administration"], "Scored years": a["years"],
                         "Median of the mean index": a["median"],
                         "90% interval": [f"{x:.1f}–{y:.1f}" for x, y in zip(a["p05"], a["p95"])]})
    return Table("administrations", data, text.ADMINISTRATION_TABLE, tuple(cited_ids(r, extra=[ADMINISTRATIONS_SOURCE])))


def validation_table(r: CooperationIndex) -> Table:
    """Scored years beside the external series: index median, INEGI homicides and the count of
    cooperative and conflictual events (the latter also feed the climate pillar)."""
    h = r.homicides["frame"].set_index("year")
    c = r.indicators.climate.set_index("year")
    years = r.scored_years
    data = pd.DataFrame({"Year": [str(y) for y in years], "Index median": [float(h.loc[y, "median"]) for y in years],
                         "Homicides (INEGI)": pd.array([h.loc[y, "homicides"] for y in years], dtype="Float64").round().astype("Int64"),
                         "Cooperative events": [int(c.loc[y, "cooperative"]) for y in years],
                         "Conflictual events": [int(c.loc[y, "conflictual"]) for y in years]})
    return Table("validation", data, text.VALIDATION_TABLE, tuple(cited_ids(r, extra=r.homicides["source_ids"])))
