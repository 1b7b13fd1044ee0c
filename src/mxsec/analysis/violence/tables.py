"""The violence report's display tables, each a ``report.Table`` with its caption (from ``text``)
and the source ids it cites."""

from __future__ import annotations

import pandas as pd

from mxsec.report import Table

from . import text
from .compute import (ADMINISTRATIONS_SOURCE, INEGI_FINAL, INEGI_OCC, INEGI_PRELIM, NATIONAL, SESNSP_FILES, SESNSP_OLD,
                      SESNSP_VICTIMS, Views, leaders, source_ids)

# Column headings of the reconciliation table: the series and the differences between them.
TABLE_NAMES = {"year": "Year", INEGI_FINAL: "INEGI reg. final", INEGI_PRELIM: "INEGI reg. prelim.",
               INEGI_OCC: "INEGI occurrence",
               SESNSP_VICTIMS: "SESNSP victims", SESNSP_FILES: "SESNSP case files", SESNSP_OLD: "SESNSP old method.",
               "INEGI final minus SESNSP victims": "INEGI reg. final − SESNSP victims",
               "INEGI final minus preliminary": "INEGI reg. final − prelim.",
               "INEGI registration minus occurrence": "INEGI registration − occurrence",
               "INEGI occurrence minus SESNSP victims": "INEGI occurrence − SESNSP victims"}


def reconciliation_table(v: Views) -> Table:
    """The side-by-side table (years where a SESNSP or preliminary INEGI figure exists, or for a
    state every year of the SESNSP victims series)."""
    recon = v.recon.copy()
    if v.state == NATIONAL:
        keep = [c for c in (INEGI_PRELIM, SESNSP_VICTIMS) if c in recon]
    else:
        keep = [c for c in (SESNSP_VICTIMS, SESNSP_FILES) if c in recon]
    if keep:
        recon = recon[recon[keep].notna().any(axis=1)]
    recon = recon[[c for c in recon.columns if not c.endswith("(%)") and recon[c].notna().any()]]
    for column in recon.columns:
        if column != "year":
            recon[column] = recon[column].round(0).astype("Int64")
    recon = recon.rename(columns=TABLE_NAMES)
    used = v.national_all if v.state == NATIONAL else v.panel_all[v.panel_all["state_code"] == v.state_code]
    return Table("source-reconciliation", recon.reset_index(drop=True), text.reconciliation_caption(v),
                 tuple(source_ids(used[used["year"].isin(recon["Year"])])))


def admin_table(v: Views) -> Table:
    """Average annual homicides and rate per 100,000 (deaths over person-years) per term and series,
    each row naming its series and definition and the flag of its rate (F: some of its years rest
    on CONAPO projections); terms with no year of data in a series are left out except where no
    series has one."""
    admin = v.admin
    has = admin["years_with_data"] != "none"
    nothing = ~admin.groupby("administration")["years_with_data"].transform(lambda s: (s != "none").any())
    shown = admin[has | (nothing & ~admin.duplicated("administration"))].copy()
    table = pd.DataFrame({
        "Administration": shown["administration"], "Series": shown["series"], "Definition": shown["definition"],
        "Years": shown["years_assigned"],
        "Years with data": shown["years_with_data"],
        "Avg. homicides a year": shown["avg_annual_homicides"].round(0).astype("Int64"),
        "Rate per 100,000": shown["rate_per_100k"].astype("float64").round(1),
        "Change in rate (%)": shown["change_pct"].astype("float64").round(1),
        "Flag": shown["obs_status"],
    })
    table.loc[~has.loc[shown.index], ["Series", "Definition", "Flag"]] = ["no full year of data", "", ""]
    return Table("administrations", table.reset_index(drop=True), text.admin_caption(v),
                 tuple(source_ids(v.annual, extra=(ADMINISTRATIONS_SOURCE,))))


def leaders_table(v: Views) -> Table:
    """The state with the highest rate each year, per standing state series, with the rate's flag
    (F from 2021: CONAPO projections)."""
    table = leaders(v.panel).rename(columns={"year": "Year"})
    table["rate_per_100k"] = table["rate_per_100k"].round(1)
    wide = table.pivot_table(index="Year", columns="series", values="state", aggfunc="first").reset_index()
    wide.columns.name = None
    rates = table.pivot_table(index="Year", columns="series", values="rate_per_100k", aggfunc="first")
    flags = table.pivot_table(index="Year", columns="series", values="obs_status", aggfunc="first")
    for label in rates.columns:
        wide[f"{label}: rate"] = wide["Year"].map(rates[label])
        wide[f"{label}: flag"] = wide["Year"].map(flags[label])
    return Table("state-leaders", wide, text.LEADERS_CAPTION, tuple(source_ids(v.panel)))
