"""The extraditions report's display tables, each a ``report.Table`` with its caption (from
``text``) and the source ids it cites; a selection that leaves no row gives ``Table.missing``.
Codes and sources are shown by their display names (``mxsec.names``; a source's publisher where
the sentence names who states a figure)."""

from __future__ import annotations

import pandas as pd

from mxsec import names
from mxsec.analysis import common, periods
from mxsec.report import Table

from . import text
from .compute import Extraditions, day_label, full_years, not_comparable, publishers

TABLE_ROWS_PER_PAGE = {"all": 16, "other": 24}  # longer printed tables are split at a year boundary (captions stay with rows)


def _sources_frame(r: Extraditions) -> pd.DataFrame:
    """What sources say, as printed: with ``source='all'`` every row (with its locator);
    otherwise one line per year with the figure used and every distinct value sources give."""
    rows = r.rows
    labels = names.source_names(r.sources)
    if r.source == "all":
        return pd.DataFrame({
            "Year": rows["year"], "Persons": rows["persons"].astype(int), "Scope": names.code_names("scope", rows["scope"]),
            "Months": rows["months"].astype(int), "Preferred": rows["preferred"].map({True: "yes", False: ""}),
            "Source": rows["source_id"].map(labels), "Where in the source": rows["locator"].fillna(""),
        })
    spread = r.spread.set_index("year")
    used = r.series.set_index("year")
    years = sorted(set(spread.index) | set(used.index[used.index.to_series().between(r.start_year, r.end_year)]))
    return pd.DataFrame({
        "Year": years,
        "Figure used": [f"{int(used.at[y, 'persons'])}" + ("" if used.at[y, "full_year"] else " (partial)") if y in used.index else ""
                        for y in years],
        "Scope of figure used": [names.code_name("scope", used.at[y, "scope"]) if y in used.index else "" for y in years],
        "Source rows": [int(spread.at[y, "n_sources"]) if y in spread.index else 0 for y in years],
        "All-persons values": [spread.at[y, "all_persons"] if y in spread.index else "" for y in years],
        "Nationals-only values": [spread.at[y, "nationals_only"] if y in spread.index else "" for y in years],
        "Source of figure used": [labels[used.at[y, "source_id"]] if y in used.index else "" for y in years],
    })


def source_tables(r: Extraditions) -> list[Table]:
    """What sources say (``_sources_frame``), split into parts of at most
    ``TABLE_ROWS_PER_PAGE`` rows (never splitting a year), each with its own caption
    "(part i of n)" and source ids."""
    table, caption, ids = _sources_frame(r), text.sources_caption(r), common.frame_ids(r.rows)
    limit = TABLE_ROWS_PER_PAGE["all" if r.source == "all" else "other"]
    if len(table) <= limit:
        return [Table("extraditions-sources", table, caption, tuple(ids))]
    parts, current = [], []
    for year, group in table.groupby("Year", sort=True):
        if current and sum(len(g) for g in current) + len(group) > limit:
            parts.append(pd.concat(current))
            current = []
        current.append(group)
    parts.append(pd.concat(current))
    rows = r.rows if r.source == "all" else r.series
    out = []
    for i, part in enumerate(parts, start=1):
        years = set(part["Year"])
        part_ids = common.frame_ids(rows[rows["year"].isin(years)]) or ids
        out.append(Table(f"extraditions-sources-{i}", part.reset_index(drop=True),
                         text.TABLE_PART.format(caption=caption, part=i, parts=len(parts), first=min(years), last=max(years)),
                         tuple(part_ids)))
    return out


def administration_table(r: Extraditions) -> Table:
    """``administration_totals`` as printed: one text row per administration."""
    totals = r.totals
    data = pd.DataFrame({
        "Administration": totals["short"],
        "Term": totals["term"],
        "Calendar years": totals["years"].map(lambda ys: f"{ys[0]}–{ys[-1]}" if len(ys) > 1 else (str(ys[0]) if ys else "")),
        "Years with a full-year figure": [f"{a} of {b}" for a, b in zip(totals["years_with_data"], totals["years_in_span"])],
        "Total (persons)": totals["total_text"],
        "Average per year": totals["average_text"],
        "Missing years": totals["missing_years"].map(periods.format_year_ranges),
    })
    return Table("extraditions-administrations", data, text.ADMINISTRATION_CAPTION,
                 tuple(common.frame_ids(full_years(r.annual))))


def first_years_table(r: Extraditions) -> Table:
    """``first_years`` as printed, with caption and source ids."""
    f = r.first_years
    publisher = publishers(r.sources)
    table = pd.DataFrame({
        "Administration": f["administration"],
        "First two full calendar years": f["years_label"],
        "Extraditions (sum of annual figures)": f["text"],
        "Stated for the first 24 months": [("" if pd.isna(v) else f"{int(v):,} ({w}; {publisher.get(s, s)})")
                                           for v, w, s in zip(f["stated"], f["stated_window"], f["stated_source_id"])],
    })
    used = r.series[r.series["full_year"] & r.series["year"].isin([y for ys in f["years"] for y in ys])]
    ids = common.split_ids(list(used["source_id"]) + list(f["stated_source_id"]))
    return Table("extraditions-first-years", table, text.FIRST_YEARS_CAPTION, tuple(ids))


def _stated_frame(comparison: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """``stated_comparison`` as printed (scope folded into the stated figure to keep rows short)."""
    publisher = publishers(sources)
    return pd.DataFrame({
        "Period stated": comparison["period"],
        "Term": comparison["administration"],
        "Stated": [f"{int(v):,}" + (" (nationals only)" if scope == "nationals_only" else "")
                   for v, scope in zip(comparison["stated"], comparison["scope"])],
        "Source": comparison["source_id"].map(lambda s: publisher.get(s, s)),
        "Sum of annual figures": comparison["comparison"],
        "Stated minus sum": comparison["difference"].map(lambda d: "" if pd.isna(d) else f"{int(d):+,}".replace("-", "−")),
    })


def stated_checked_table(r: Extraditions) -> Table:
    """The totals stated for spans of whole calendar years, set against the annual sum (or
    marked incomplete)."""
    st = r.stated[~not_comparable(r.stated)]
    if not len(st):
        return Table.missing("extraditions-stated-checked", text.NO_STATED)
    return Table("extraditions-stated-checked", _stated_frame(st, r.sources), text.stated_checked_caption(r),
                 tuple(common.frame_ids(st)))


def stated_other_table(r: Extraditions) -> Table:
    """The totals stated for spans that cut a calendar year or count another scope."""
    st = r.stated[not_comparable(r.stated)]
    if not len(st):
        return Table.missing("extraditions-stated-other", text.NO_STATED)
    other = _stated_frame(st, r.sources).drop(columns=["Stated minus sum"]).rename(
        columns={"Sum of annual figures": "Why no comparison"})
    other["Why no comparison"] = other["Why no comparison"].str.replace("not comparable: ", "", regex=False)
    return Table("extraditions-stated-other", other, text.STATED_OTHER_CAPTION, tuple(common.frame_ids(st)))


def transfers_table(r: Extraditions) -> Table:
    """``transfer_events`` as printed."""
    events = r.transfer_events
    if not len(events):
        return Table.missing("extraditions-transfers", text.NO_DATED_TRANSFER)
    publisher = publishers(r.sources)
    data = pd.DataFrame({
        "Date": events["date"].map(day_label),
        "Persons": events["persons"].map(lambda v: "sources disagree" if pd.isna(v) else f"{int(v):,}"),
        "Sources agreeing": [f"{n} of {n}" if agree else f"values {values}" for n, agree, values
                             in zip(events["n_sources"], events["agree"], events["values"])],
        "Sources": events["source_ids"].map(lambda ids: "; ".join(dict.fromkeys(publisher.get(s, s) for s in ids))),
    })
    return Table("extraditions-transfers", data, text.TRANSFERS_CAPTION,
                 tuple(common.frame_ids(events, column="source_ids")))
