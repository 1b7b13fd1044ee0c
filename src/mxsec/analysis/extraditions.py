"""Extraditions between Mexico and the United States: the judicial pillar of cooperation, year
by year and by Mexican administration, with the 2025- transfers outside the treaty kept apart.

Inputs (``mxsec.data.load``):

- ``extraditions``: persons per year, one row per source; ``preferred`` marks one row per
  (year, direction, mechanism). ``scope`` is all_persons or nationals_only (Mexican nationals
  only, a subset); ``months`` < 12 or ``year_basis`` us_fiscal mark figures that are not
  full calendar years. Unit: persons.
- ``extraditions_periods``: totals stated by sources for a span (an administration, its first
  two years, a partial year, a single transfer day). Never summed with the annual table.
- ``events`` (category extradition or transfer), ``homicides_national`` (INEGI, preferred,
  12 months) and ``us_assistance`` (security assistance obligated, as mxsec.analysis.funding defines it).

Rules kept in one place here:

- Only full calendar-year figures (``months == 12`` and ``year_basis == 'calendar'``) enter
  lines, totals, averages, peaks; partial-year figures are shown and labelled, never summed.
- A year without a full-year figure is a gap: plotted as a gap, listed in Data gaps, and any
  administration total that would need it is reported as incomplete (``complete`` False,
  ``persons`` NA, ``missing_years`` listed), never as a number.
- Transfers (mechanism ``transfer``) are a separate series, never added to extraditions.
- Calendar years go to administrations by the majority-of-year rule
  (:mod:`mxsec.analysis.periods`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import pandas as pd
from matplotlib.figure import Figure

from mxsec import charts
from mxsec.analysis import periods

DIRECTIONS = ("mx_to_us", "us_to_mx")
DIRECTION_LABELS = {"mx_to_us": "Mexico to the United States", "us_to_mx": "the United States to Mexico"}
DIRECTION_SHORT = {"mx_to_us": "Mexico → U.S.", "us_to_mx": "U.S. → Mexico"}
SOURCE_MODES = ("preferred", "all")
DEFAULT_START_YEAR = 1995
DEFAULT_END_YEAR = 2026
DEFAULT_DIRECTION = "mx_to_us"
DEFAULT_SOURCE = "preferred"
SCOPE_LABELS = {"all_persons": "all persons", "nationals_only": "Mexican nationals only"}
EVENT_CATEGORIES = ("extradition", "transfer")
FIRST_YEARS = 2  # "first two full calendar years" of each administration
FIRST_MONTHS_DAYS = (700, 762)  # a stated span from the term start of 23-25 months counts as "first 24 months"
AGREE_WITHIN = 2  # persons: a stated total within this of the annual sum "agrees"
EXTRADITION_COLOUR, TRANSFER_COLOUR, OTHER_COLOUR = charts.PALETTE[0], charts.PALETTE[1], "#8a929c"
GAP_COLOUR = "#c4cad1"
# source colours for source=all: Okabe-Ito without yellow, then darker companions
SOURCE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
                  "#7a4b00", "#005a5a", "#8c2d5a", "#4d4d99", "#6b8e23", "#a0522d", "#2f4f4f"]


# --------------------------------------------------------------------------- selection


def check_direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r}: allowed {', '.join(DIRECTIONS)}")
    return direction


def check_source(extraditions: pd.DataFrame, source: str) -> str:
    """``preferred``, ``all`` or a source_id present in ``extraditions``; anything else raises."""
    if source in SOURCE_MODES or source in set(extraditions["source_id"]):
        return source
    raise ValueError(f"source {source!r}: allowed preferred, all, or a source_id of extraditions.csv")


def source_rows(extraditions: pd.DataFrame, direction: str = DEFAULT_DIRECTION, mechanism: str = "extradition") -> pd.DataFrame:
    """Every source's row for one direction and mechanism, with ``full_year`` (12 months on a
    calendar-year basis). Sorted by year, preferred first."""
    check_direction(direction)
    rows = extraditions[(extraditions["direction"] == direction) & (extraditions["mechanism"] == mechanism)].copy()
    rows["full_year"] = (rows["months"] == 12) & (rows["year_basis"] == "calendar")
    rows["year"] = rows["year"].astype(int)
    rows["persons"] = rows["persons"].astype("Int64")
    return rows.sort_values(["year", "preferred", "source_id"], ascending=[True, False, True]).reset_index(drop=True)


def select_series(extraditions: pd.DataFrame, direction: str = DEFAULT_DIRECTION, mechanism: str = "extradition",
                  source: str = DEFAULT_SOURCE) -> pd.DataFrame:
    """One row per year: the figure the report computes with.

    ``preferred`` and ``all``: the preferred row (``all`` only changes what is displayed, not
    what is computed). A source_id: that source's rows; where it gives several figures for a
    year, all persons before nationals only, then the most months, then calendar before fiscal
    year. Columns: year, persons, scope, year_basis, months, full_year, source_id. A source
    without rows for this direction returns an empty frame.
    """
    check_source(extraditions, source)
    rows = source_rows(extraditions, direction, mechanism)
    if source in SOURCE_MODES:
        chosen = rows[rows["preferred"]]
    else:
        chosen = rows[rows["source_id"] == source].copy()
        chosen["_scope_rank"] = (chosen["scope"] != "all_persons").astype(int)
        chosen["_basis_rank"] = (chosen["year_basis"] != "calendar").astype(int)
        chosen = (chosen.sort_values(["year", "_scope_rank", "months", "_basis_rank"], ascending=[True, True, False, True])
                  .drop_duplicates("year").drop(columns=["_scope_rank", "_basis_rank"]))
    columns = ["year", "persons", "scope", "year_basis", "months", "full_year", "source_id"]
    return chosen[columns].sort_values("year").reset_index(drop=True)


def source_spread(extraditions: pd.DataFrame, direction: str = DEFAULT_DIRECTION, mechanism: str = "extradition") -> pd.DataFrame:
    """Per year with at least one row: the preferred figure and every distinct value sources give.

    Columns: year, preferred (persons), preferred_scope, n_sources (rows), all_persons (distinct
    full-year all-persons values, text), nationals_only (same for nationals only), other
    (partial or fiscal-year values, text), disagree (True when full-year all-persons values
    differ)."""
    rows = source_rows(extraditions, direction, mechanism)
    out = []
    for year, group in rows.groupby("year"):
        pref = group[group["preferred"]]
        full = group[group["full_year"]]
        values = {scope: sorted(set(full.loc[full["scope"] == scope, "persons"].astype(int))) for scope in SCOPE_LABELS}
        other = group[~group["full_year"]]
        out.append({
            "year": int(year),
            "preferred": int(pref["persons"].iloc[0]) if len(pref) else pd.NA,
            "preferred_scope": pref["scope"].iloc[0] if len(pref) else None,
            "n_sources": len(group),
            "all_persons": ", ".join(str(v) for v in values["all_persons"]),
            "nationals_only": ", ".join(str(v) for v in values["nationals_only"]),
            "other": ", ".join(f"{int(r.persons)} ({int(r.months)} months, {r.year_basis})" for r in other.itertuples()),
            "disagree": len(values["all_persons"]) > 1,
        })
    frame = pd.DataFrame(out, columns=["year", "preferred", "preferred_scope", "n_sources", "all_persons",
                                       "nationals_only", "other", "disagree"])
    frame["preferred"] = frame["preferred"].astype("Int64")
    return frame


# --------------------------------------------------------------------------- annual table


def annual_table(series: pd.DataFrame, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
                 administrations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every calendar year from ``start_year`` to ``end_year``: ``persons`` (the full-year figure,
    NA when there is none), ``reported`` (any figure, partial included), scope, months,
    ``status`` (full year | partial year (n months) | U.S. fiscal year | no figure), source_id and
    the administration the year belongs to."""
    if end_year < start_year:
        raise ValueError(f"end_year {end_year} is before start_year {start_year}")
    years = pd.DataFrame({"year": range(int(start_year), int(end_year) + 1)})
    out = years.merge(series, on="year", how="left")
    full = out["full_year"].fillna(False).astype(bool)
    out["reported"] = out["persons"].astype("Int64")
    out["persons"] = out["reported"].where(full, pd.NA).astype("Int64")
    status = pd.Series("no figure", index=out.index, dtype=object)
    status[out["reported"].notna() & full] = "full year"
    fiscal = out["reported"].notna() & (out["year_basis"] == "us_fiscal")
    status[fiscal] = "U.S. fiscal year"
    partial = out["reported"].notna() & ~full & ~fiscal
    status[partial] = [f"partial year ({int(m)} months)" for m in out.loc[partial, "months"]]
    out["status"] = status
    out["administration"] = periods.assign_administrations(out["year"], administrations).values
    return out[["year", "persons", "reported", "scope", "months", "status", "source_id", "administration"]]


def gap_years(annual: pd.DataFrame) -> list[int]:
    """Years of ``annual_table`` without a full-year figure."""
    return [int(y) for y in annual.loc[annual["persons"].isna(), "year"]]


# --------------------------------------------------------------------------- administrations


def _day(value) -> str:
    """1 Dec 2006 (no leading zero)."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def _term_label(start, end) -> str:
    start = pd.Timestamp(start)
    end_text = pd.Timestamp(end).strftime("%b %Y") if pd.notna(end) else "in office"
    return f"{start.strftime('%b %Y')} – {end_text}"


def administration_totals(series: pd.DataFrame, administrations: pd.DataFrame | None = None,
                          start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Totals and annual averages per Mexican administration from full-year figures.

    Administrations shown: those with at least one assigned calendar year in
    ``start_year``..``end_year``. Each keeps its whole span of assigned years (the term in
    office is closed at ``end_year``), so a window starting mid-term does not shorten a total.

    Columns: administration, short, term, years (list), years_in_span, years_with_data,
    missing_years (list), nationals_only_years (list), persons_with_data (sum over years with
    a full-year figure), complete (every year has one), persons (the total; NA unless
    complete), average_per_year (persons / years_in_span; NaN unless complete),
    average_years_with_data, total_text and average_text (what the report prints:
    "incomplete (n of m years)" instead of a misleading total).
    """
    terms = periods.administration_years(administrations, "MX", through_year=end_year)
    terms = terms[terms["years"].map(lambda ys: any(start_year <= y <= end_year for y in ys))]
    full = series[series["full_year"]].set_index("year")
    rows = []
    for term in terms.itertuples(index=False):
        years = list(term.years)
        have = [y for y in years if y in full.index]
        missing = [y for y in years if y not in full.index]
        nationals = [y for y in have if full.at[y, "scope"] == "nationals_only"]
        with_data = int(sum(int(full.at[y, "persons"]) for y in have))
        complete = bool(years) and not missing
        persons = with_data if complete else pd.NA
        average = with_data / len(years) if complete else float("nan")
        average_with_data = with_data / len(have) if have else float("nan")
        scope_note = f"; {periods.format_year_ranges(nationals)} nationals only" if nationals else ""
        if complete:
            total_text = f"{with_data:,}{scope_note}"
            average_text = f"{average:,.1f}"
        else:
            total_text = f"incomplete ({len(have)} of {len(years)} years)"
            average_text = (f"{average_with_data:,.1f} over {len(have)} year{'s' if len(have) != 1 else ''} with data{scope_note}"
                            if have else "no data")
        rows.append({
            "administration": term.name, "short": term.short_name,
            "term": _term_label(term.start, term.end), "years": years, "years_in_span": len(years),
            "years_with_data": len(have), "missing_years": missing, "nationals_only_years": nationals,
            "persons_with_data": with_data, "complete": complete, "persons": persons,
            "average_per_year": average, "average_years_with_data": average_with_data,
            "total_text": total_text, "average_text": average_text,
        })
    out = pd.DataFrame(rows)
    if not out.empty:
        out["persons"] = out["persons"].astype("Int64")
    return out


def administration_table(totals: pd.DataFrame) -> pd.DataFrame:
    """``administration_totals`` as printed: one text row per administration."""
    return pd.DataFrame({
        "Administration": totals["short"],
        "Term": totals["term"],
        "Calendar years": totals["years"].map(lambda ys: f"{ys[0]}–{ys[-1]}" if len(ys) > 1 else (str(ys[0]) if ys else "")),
        "Years with a full-year figure": [f"{a} of {b}" for a, b in zip(totals["years_with_data"], totals["years_in_span"])],
        "Total (persons)": totals["total_text"],
        "Average per year": totals["average_text"],
        "Missing years": totals["missing_years"].map(periods.format_year_ranges),
    })


def first_years_comparison(series: pd.DataFrame, periods_table: pd.DataFrame, administrations: pd.DataFrame | None = None,
                           direction: str = DEFAULT_DIRECTION, start_year: int = DEFAULT_START_YEAR,
                           end_year: int = DEFAULT_END_YEAR, n: int = FIRST_YEARS) -> pd.DataFrame:
    """The first ``n`` full calendar years of each administration (labelled as calendar years:
    no monthly figures are sourced) next to any total a source states for the first 23-25
    months from the term's start (``extraditions_periods``, extradition, same direction).

    Columns: administration, years (list), years_label, persons (NA unless every year has a
    full-year figure), years_with_data, text, stated, stated_window, stated_source_id."""
    terms = periods.administration_years(administrations, "MX", through_year=end_year)
    terms = terms[terms["years"].map(lambda ys: any(start_year <= y <= end_year for y in ys))]
    full = series[series["full_year"]].set_index("year")
    stated_rows = periods_table[(periods_table["direction"] == direction) & (periods_table["mechanism"] == "extradition")
                                & (periods_table["scope"] == "all_persons")]
    out = []
    for term in terms.itertuples(index=False):
        years = periods.first_full_years(term.start, term.end, n=n, through_year=max(end_year, pd.Timestamp(term.start).year + n))
        have = [y for y in years if y in full.index]
        complete = len(have) == len(years) == n
        persons = int(sum(int(full.at[y, "persons"]) for y in have)) if complete else pd.NA
        nationals = [y for y in have if full.at[y, "scope"] == "nationals_only"]
        text = (f"{persons:,}" + (f" (incl. {periods.format_year_ranges(nationals)} nationals only)" if nationals else "")
                if complete else f"incomplete ({len(have)} of {n} years)")
        length = (stated_rows["period_end"] - stated_rows["period_start"]).dt.days + 1
        match = stated_rows[(stated_rows["period_start"] == pd.Timestamp(term.start))
                            & length.between(*FIRST_MONTHS_DAYS)]
        stated = match.iloc[0] if len(match) else None
        out.append({
            "administration": term.short_name, "years": years,
            "years_label": f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else ""),
            "persons": persons, "years_with_data": len(have), "text": text,
            "stated": int(stated["persons"]) if stated is not None else pd.NA,
            "stated_window": (f"{_day(stated['period_start'])} – {_day(stated['period_end'])}" if stated is not None else ""),
            "stated_source_id": stated["source_id"] if stated is not None else "",
        })
    frame = pd.DataFrame(out)
    if not frame.empty:
        frame["persons"] = frame["persons"].astype("Int64")
        frame["stated"] = frame["stated"].astype("Int64")
    return frame


def stated_comparison(periods_table: pd.DataFrame, series: pd.DataFrame, administrations: pd.DataFrame | None = None,
                      direction: str = DEFAULT_DIRECTION, mechanism: str = "extradition",
                      start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Each total a source states for a span, next to the sum of annual full-year figures for
    the calendar years the span covers (:func:`mxsec.analysis.periods.span_years`: at least 11
    months inside the span; a December start's single month is ignored).

    ``computed`` is NA, with the reason in ``comparison``, when the span cuts a calendar year
    (partial), when a covered year has no full-year figure (incomplete), or when scopes differ
    (a nationals-only total against all-persons figures, or the reverse). ``difference`` is
    stated minus computed. Spans overlapping ``start_year``..``end_year`` only."""
    rows = periods_table[(periods_table["direction"] == direction) & (periods_table["mechanism"] == mechanism)]
    rows = rows[(rows["period_end"].dt.year >= start_year) & (rows["period_start"].dt.year <= end_year)]
    full = series[series["full_year"]].set_index("year")
    out = []
    for row in rows.sort_values(["period_start", "period_end", "source_id"]).itertuples(index=False):
        span = periods.span_years(row.period_start, row.period_end)
        covered = span["covered"]
        computed, comparison = pd.NA, ""
        if span["partial"]:
            comparison = f"not comparable: span cuts {periods.format_year_ranges(span['partial'])}"
        elif not covered:
            comparison = "not comparable: no whole calendar year"
        else:
            have = [y for y in covered if y in full.index]
            other_scope = [y for y in have if full.at[y, "scope"] != row.scope]
            if row.scope == "nationals_only" and other_scope:
                comparison = "not comparable: nationals only"
            elif other_scope:
                comparison = f"not comparable: {periods.format_year_ranges(other_scope)} figure is nationals only"
            elif len(have) < len(covered):
                comparison = f"incomplete ({len(have)} of {len(covered)} years)"
            else:
                computed = int(sum(int(full.at[y, "persons"]) for y in covered))
                same = sum(full.at[y, "source_id"] == row.source_id for y in covered)
                comparison = f"{computed:,}" + (f" (same source for {same} of {len(covered)} years)" if same else "")
        difference = int(row.persons) - computed if computed is not pd.NA else pd.NA
        same_source = bool(computed is not pd.NA and any(full.at[y, "source_id"] == row.source_id for y in covered))
        out.append({
            "period_start": row.period_start, "period_end": row.period_end,
            "period": f"{_day(row.period_start)} – {_day(row.period_end)}",
            "administration": periods.short_name(n, administrations) if (n := periods.administration_for_span(row.period_start, row.period_end, administrations)) else "several",
            "scope": row.scope, "stated": int(row.persons), "source_id": row.source_id,
            "years_compared": periods.format_year_ranges(covered) if not span["partial"] else "",
            "computed": computed, "comparison": comparison, "difference": difference, "same_source": same_source,
        })
    frame = pd.DataFrame(out, columns=["period_start", "period_end", "period", "administration", "scope", "stated", "source_id",
                                       "years_compared", "computed", "comparison", "difference", "same_source"])
    frame["computed"] = frame["computed"].astype("Int64")
    frame["difference"] = frame["difference"].astype("Int64")
    return frame


def stated_table(comparison: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """``stated_comparison`` as printed (scope folded into the stated figure to keep rows short)."""
    publisher = _publishers(sources)
    return pd.DataFrame({
        "Period stated": comparison["period"],
        "Term": comparison["administration"],
        "Stated": [f"{int(v):,}" + (" (nationals only)" if scope == "nationals_only" else "")
                   for v, scope in zip(comparison["stated"], comparison["scope"])],
        "Source": comparison["source_id"].map(lambda s: publisher.get(s, s)),
        "Sum of annual figures": comparison["comparison"],
        "Stated minus sum": comparison["difference"].map(lambda d: "" if pd.isna(d) else f"{int(d):+,}".replace("-", "−")),
    })


# --------------------------------------------------------------------------- transfers


def transfer_events(periods_table: pd.DataFrame, direction: str = DEFAULT_DIRECTION) -> pd.DataFrame:
    """Distinct dated transfers: single-day ``transfer`` rows of ``extraditions_periods`` grouped by
    day. ``persons`` is the figure when every source for that day agrees, NA (with ``agree``
    False) when they do not. Columns: date, persons, agree, n_sources, values, source_ids."""
    rows = periods_table[(periods_table["direction"] == direction) & (periods_table["mechanism"] == "transfer")
                         & (periods_table["period_start"] == periods_table["period_end"])]
    out = []
    for date, group in rows.groupby("period_start"):
        values = sorted(set(group["persons"].astype(int)))
        out.append({"date": date, "persons": values[0] if len(values) == 1 else pd.NA, "agree": len(values) == 1,
                    "n_sources": len(group), "values": ", ".join(map(str, values)),
                    "source_ids": sorted(group["source_id"])})
    frame = pd.DataFrame(out, columns=["date", "persons", "agree", "n_sources", "values", "source_ids"])
    frame["persons"] = frame["persons"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"])
    frame["agree"] = frame["agree"].astype(bool)
    return frame.sort_values("date").reset_index(drop=True)


def transfer_annual(extraditions: pd.DataFrame, periods_table: pd.DataFrame, direction: str = DEFAULT_DIRECTION,
                    start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Transfers per calendar year (never added to extraditions).

    The preferred annual transfer row where one exists (``basis`` "annual figure"); otherwise
    the sum of the distinct dated transfers of that year, which is a partial year ending at
    the last dated transfer (``partial`` True, ``basis`` "sum of dated transfers to <date>");
    a year with a dated transfer on which sources disagree gets NA. Columns: year, persons,
    partial, basis, source_ids."""
    annual = source_rows(extraditions, direction, "transfer")
    annual = annual[annual["preferred"]].set_index("year")
    events = transfer_events(periods_table, direction)
    events["year"] = events["date"].dt.year
    years = sorted(set(annual.index) | set(events["year"]))
    out = []
    for year in years:
        if not start_year <= year <= end_year:
            continue
        if year in annual.index:
            row = annual.loc[year]
            out.append({"year": year, "persons": int(row["persons"]), "partial": not bool(row["full_year"]),
                        "basis": "annual figure" if row["full_year"] else f"annual figure ({int(row['months'])} months)",
                        "source_ids": [row["source_id"]]})
        else:
            group = events[events["year"] == year]
            persons = int(group["persons"].sum()) if group["agree"].all() else pd.NA
            out.append({"year": year, "persons": persons, "partial": True,
                        "basis": f"sum of dated transfers to {_day(group['date'].max())}",
                        "source_ids": sorted({s for ids in group["source_ids"] for s in ids})})
    frame = pd.DataFrame(out, columns=["year", "persons", "partial", "basis", "source_ids"])
    frame["persons"] = frame["persons"].astype("Int64")
    return frame


def transfer_stated(periods_table: pd.DataFrame, direction: str = DEFAULT_DIRECTION) -> pd.DataFrame:
    """Multi-day totals sources state for transfers (and totals that mix extraditions and
    transfers), next to the sum of the distinct dated transfers inside the span.
    Columns: period, mechanism, stated, source_id, dated_transfers (sum; NA where sources
    disagree on a day), check."""
    rows = periods_table[(periods_table["direction"] == direction)
                         & periods_table["mechanism"].isin(["transfer", "extradition_and_transfer"])
                         & (periods_table["period_start"] != periods_table["period_end"])]
    events = transfer_events(periods_table, direction)
    out = []
    for row in rows.sort_values(["period_start", "period_end"]).itertuples(index=False):
        inside = events[(events["date"] >= row.period_start) & (events["date"] <= row.period_end)]
        total = int(inside["persons"].sum()) if inside["agree"].all() else pd.NA
        if row.mechanism == "extradition_and_transfer":
            check = "mixes extraditions and transfers; not used in any total"
        elif total is pd.NA:
            check = "sources disagree on a dated transfer"
        else:
            check = "equals the dated transfers" if total == row.persons else f"dated transfers sum to {total:,}"
        out.append({"period": f"{_day(row.period_start)} – {_day(row.period_end)}", "mechanism": row.mechanism,
                    "stated": int(row.persons), "source_id": row.source_id, "dated_transfers": total, "check": check})
    frame = pd.DataFrame(out, columns=["period", "mechanism", "stated", "source_id", "dated_transfers", "check"])
    frame["dated_transfers"] = frame["dated_transfers"].astype("Int64")
    return frame


def transfers_table(events: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """``transfer_events`` as printed."""
    publisher = _publishers(sources)
    return pd.DataFrame({
        "Date": events["date"].map(_day),
        "Persons": events["persons"].map(lambda v: "sources disagree" if pd.isna(v) else f"{int(v):,}"),
        "Sources agreeing": [f"{n} of {n}" if agree else f"values {values}" for n, agree, values
                             in zip(events["n_sources"], events["agree"], events["values"])],
        "Sources": events["source_ids"].map(lambda ids: "; ".join(dict.fromkeys(publisher.get(s, s) for s in ids))),
    })


# --------------------------------------------------------------------------- events, other series


def notable_events(events: pd.DataFrame, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Events of category extradition or transfer dated within the window, oldest first.
    (``direction`` in the events table is cooperative/conflictual, not the direction of the
    surrender; the titles say who surrendered whom.)"""
    keep = events["category"].isin(EVENT_CATEGORIES) & events["date"].dt.year.between(start_year, end_year)
    cols = ["date", "title", "category", "score", "direction", "source_id"]
    return events.loc[keep, cols].sort_values(["date", "title"]).reset_index(drop=True)


def homicides_series(homicides: pd.DataFrame) -> pd.DataFrame:
    """INEGI homicide victims, preferred rows covering 12 months: year, homicides, source_id."""
    rows = homicides[(homicides["source"] == "inegi") & (homicides["crime"] == "intentional_homicide")
                     & homicides["preferred"] & (homicides["months"] == 12)]
    return (rows.assign(year=rows["year"].astype(int), homicides=rows["value"].astype("Int64"))
            [["year", "homicides", "source_id"]].sort_values("year").reset_index(drop=True))


ASSISTANCE_TITLE = "U.S. security assistance to Mexico, obligated (USD million, U.S. fiscal year)"


def assistance_series(assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                      end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """U.S. security assistance to Mexico obligated by U.S. fiscal year (October-September),
    nominal USD, as ``mxsec.analysis.funding.security_assistance`` defines it (the project's one
    definition): fiscal_year, assistance_usd (NaN where the source does not cover the year),
    assistance_partial (always False: the Greenbook series has no partly reported years),
    source_id."""
    from mxsec.analysis.funding import security_assistance

    sa = security_assistance(assistance, start_year, end_year)
    return pd.DataFrame({"fiscal_year": sa["fiscal_year"].astype(int), "assistance_usd": sa["value_usd"].astype(float),
                         "assistance_partial": False, "source_id": sa["source_ids"].where(sa["source_ids"] != "", None)})


def relation_frame(annual: pd.DataFrame, homicides: pd.DataFrame, assistance: pd.DataFrame) -> pd.DataFrame:
    """One row per year of ``annual``: extraditions (full-year figure or NA) and its scope,
    homicides (INEGI) and U.S. assistance obligated in the fiscal year of the same number, each
    NA where the table has no value. Never interpolated."""
    out = annual[["year", "persons", "scope"]].rename(columns={"persons": "extraditions", "scope": "extraditions_scope"})
    out["extraditions_scope"] = out["extraditions_scope"].where(out["extraditions"].notna(), None)
    out = out.merge(homicides_series(homicides).rename(columns={"source_id": "homicides_source_id"}), on="year", how="left")
    aid = assistance_series(assistance, int(annual["year"].min()), int(annual["year"].max())).rename(
        columns={"fiscal_year": "year", "source_id": "assistance_source_id"})
    out = out.merge(aid, on="year", how="left")
    out["homicides"] = out["homicides"].astype("Int64")
    out["assistance_partial"] = out["assistance_partial"].astype("boolean")
    return out


# --------------------------------------------------------------------------- report bundle


@dataclass
class Extraditions:
    """Everything the notebook shows, computed once from the loaded tables."""

    start_year: int
    end_year: int
    direction: str
    source: str
    include_transfers: bool
    rows: pd.DataFrame
    series: pd.DataFrame
    annual: pd.DataFrame
    spread: pd.DataFrame
    totals: pd.DataFrame
    first_years: pd.DataFrame
    stated: pd.DataFrame
    transfer_events: pd.DataFrame
    transfers: pd.DataFrame
    transfer_stated: pd.DataFrame
    events: pd.DataFrame
    relation: pd.DataFrame
    administrations: pd.DataFrame
    sources: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def load_tables() -> dict[str, pd.DataFrame]:
    """The curated tables this report reads."""
    from mxsec.data import load

    names = ("extraditions", "extraditions_periods", "administrations", "events", "homicides_national",
             "us_assistance", "sources")
    return {name: load(name) for name in names}


def build(start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR, direction: str = DEFAULT_DIRECTION,
          source: str = DEFAULT_SOURCE, include_transfers: bool = False,
          tables: dict[str, pd.DataFrame] | None = None) -> Extraditions:
    """Compute every table of the report for one set of parameters (loads the data when
    ``tables`` is not given)."""
    tables = tables or load_tables()
    check_direction(direction)
    check_source(tables["extraditions"], source)
    if end_year < start_year:
        raise ValueError(f"end_year {end_year} is before start_year {start_year}")
    ext, per, adm = tables["extraditions"], tables["extraditions_periods"], tables["administrations"]
    rows = source_rows(ext, direction)
    rows = rows[rows["year"].between(start_year, end_year)].reset_index(drop=True)
    series = select_series(ext, direction, source=source)
    annual = annual_table(series, start_year, end_year, adm)
    spread = source_spread(ext, direction)
    return Extraditions(
        start_year=start_year, end_year=end_year, direction=direction, source=source, include_transfers=include_transfers,
        rows=rows, series=series, annual=annual, spread=spread[spread["year"].between(start_year, end_year)],
        totals=administration_totals(series, adm, start_year, end_year),
        first_years=first_years_comparison(series, per, adm, direction, start_year, end_year),
        stated=stated_comparison(per, series, adm, direction, "extradition", start_year, end_year),
        transfer_events=(te := transfer_events(per, direction))[te["date"].dt.year.between(start_year, end_year)].reset_index(drop=True),
        transfers=transfer_annual(ext, per, direction, start_year, end_year),
        transfer_stated=transfer_stated(per, direction),
        events=notable_events(tables["events"], start_year, end_year),
        relation=relation_frame(annual, tables["homicides_national"], tables["us_assistance"]),
        administrations=adm, sources=tables["sources"], tables=tables,
    )


# --------------------------------------------------------------------------- key figures


def key_figures(start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR, direction: str = DEFAULT_DIRECTION,
                source: str = DEFAULT_SOURCE, report: Extraditions | None = None) -> dict[str, dict[str, Any]]:
    """Key figures of the edition (defaults reproduce the default edition).

    - total_by_administration: per administration {persons (NA -> None unless complete),
      persons_with_data, years_with_data, years_in_span, complete, missing_years,
      nationals_only_years, average_per_year}.
    - peak_year / peak_persons: highest full-year figure in the window (earliest on ties).
    - latest_year / latest_persons: latest full-year figure in the window (scope in note).
    - years_without_full_year_figure: the gap years.
    - transfers_2025_persons: the preferred 2025 transfer row; when absent, the sum of the
      distinct 2025 transfers dated in extraditions_periods (the note says which).
    """
    r = report or build(start_year, end_year, direction, source)
    full = r.annual[r.annual["persons"].notna()]
    label = f"from {DIRECTION_LABELS[r.direction]}"
    window = f"{r.start_year}–{r.end_year}"
    out: dict[str, dict[str, Any]] = {}
    by_admin = {}
    for t in r.totals.itertuples(index=False):
        by_admin[t.short] = {
            "persons": None if pd.isna(t.persons) else int(t.persons), "persons_with_data": int(t.persons_with_data),
            "years_with_data": int(t.years_with_data), "years_in_span": int(t.years_in_span), "complete": bool(t.complete),
            "first_year": t.years[0] if t.years else None, "last_year": t.years[-1] if t.years else None,
            "missing_years": [int(y) for y in t.missing_years], "nationals_only_years": [int(y) for y in t.nationals_only_years],
            "average_per_year": None if pd.isna(t.average_per_year) else round(float(t.average_per_year), 2),
        }
    admin_ids = sorted(set(r.series.loc[r.series["full_year"] & r.series["year"].isin(
        [y for ys in r.totals["years"] for y in ys]), "source_id"])) if len(r.totals) else []
    out["total_by_administration"] = {
        "value": by_admin, "unit": "persons", "period": "calendar years by administration (majority-of-year rule)",
        "source_ids": admin_ids,
        "note": f"Extraditions {label}; full calendar-year figures ({_source_phrase(r.source)}). persons is null unless "
                "every year of the span has a full-year figure (complete); persons_with_data sums only the years with data.",
    }
    first_years = {}
    for f in r.first_years.itertuples(index=False):
        first_years[f.administration] = {
            "years": [int(y) for y in f.years], "persons": None if pd.isna(f.persons) else int(f.persons),
            "years_with_data": int(f.years_with_data),
            "stated_first_24_months": None if pd.isna(f.stated) else int(f.stated),
            "stated_source_id": f.stated_source_id or None,
        }
    stated_ids = sorted({f.stated_source_id for f in r.first_years.itertuples(index=False) if f.stated_source_id})
    out["first_two_full_years_by_administration"] = {
        "value": first_years, "unit": "persons", "period": "first two full calendar years in office",
        "source_ids": sorted(set(admin_ids) | set(stated_ids)),
        "note": "Calendar years wholly in office (not the first 24 months: no monthly figures are sourced); persons is null "
                "unless both years have a full-year figure. stated_first_24_months is a total a source gives for the "
                "23-25 months from the term's start, shown for comparison, never mixed into persons.",
    }
    if len(full):
        peak = full.sort_values(["persons", "year"], ascending=[False, True]).iloc[0]
        latest = full.iloc[-1]
        out["peak_year"] = _kf(int(peak["year"]), "year", window, [peak["source_id"]],
                               f"Year with the most extraditions {label} among the {len(full)} years with a full-year figure.")
        out["peak_persons"] = _kf(int(peak["persons"]), "persons", str(int(peak["year"])), [peak["source_id"]],
                                  f"Extraditions {label}; {SCOPE_LABELS[peak['scope']]}.")
        out["latest_year"] = _kf(int(latest["year"]), "year", window, [latest["source_id"]],
                                 f"Latest year with a full-year figure for extraditions {label}.")
        out["latest_persons"] = _kf(int(latest["persons"]), "persons", str(int(latest["year"])), [latest["source_id"]],
                                    f"Extraditions {label}; {SCOPE_LABELS[latest['scope']]}.")
    else:
        for name, unit in (("peak_year", "year"), ("peak_persons", "persons"), ("latest_year", "year"), ("latest_persons", "persons")):
            out[name] = _kf(None, unit, window, [], f"No full-year figure for extraditions {label} in {window}.")
    gaps = gap_years(r.annual)
    out["years_without_full_year_figure"] = _kf(gaps, "years", window, [],
                                                f"Calendar years with no full-year figure for extraditions {label}: "
                                                f"{periods.format_year_ranges(gaps) or 'none'}.")
    out["transfers_2025_persons"] = _transfers_2025(r)
    return out


def _transfers_2025(r: Extraditions) -> dict[str, Any]:
    ext, per = r.tables["extraditions"], r.tables["extraditions_periods"]
    rows = source_rows(ext, r.direction, "transfer")
    pref = rows[(rows["year"] == 2025) & rows["preferred"]]
    events = transfer_events(per, r.direction)
    events = events[events["date"].dt.year == 2025]
    dated = ", ".join(f"{int(p)} on {_day(d)}" for d, p in zip(events["date"], events["persons"]) if pd.notna(p))
    if len(pref):
        row = pref.iloc[0]
        check = ""
        if len(events) and events["agree"].all():
            total = int(events["persons"].sum())
            check = (f" Cross-check: the distinct dated 2025 transfers in extraditions_periods ({dated}) sum to {total}"
                     + (", the same." if total == int(row["persons"]) else f", which differs by {int(row['persons']) - total:+}."))
        return _kf(int(row["persons"]), "persons", "2025", [row["source_id"]],
                   f"From the preferred 2025 transfer row of extraditions.csv (transfers outside the extradition treaty, "
                   f"not extraditions; {DIRECTION_SHORT[r.direction]}).{check}")
    if len(events) and events["agree"].all():
        ids = sorted({s for ids in events["source_ids"] for s in ids})
        return _kf(int(events["persons"].sum()), "persons", "2025", ids,
                   f"No annual 2025 transfer row; sum of the distinct 2025 transfers dated in extraditions_periods ({dated}).")
    return _kf(None, "persons", "2025", [], f"No 2025 transfer recorded ({DIRECTION_SHORT[r.direction]}).")


def _kf(value, unit, period, source_ids, note) -> dict[str, Any]:
    return {"value": value, "unit": unit, "period": period, "source_ids": sorted(set(source_ids)), "note": note}


def _source_phrase(source: str) -> str:
    return "preferred figure per year" if source in SOURCE_MODES else f"figures of source {source}"


def _publishers(sources: pd.DataFrame | None) -> dict[str, str]:
    """source_id -> short publisher name (text before the first parenthesis)."""
    if sources is None:
        from mxsec.data import load

        sources = load("sources")
    return {s: p.split(" (")[0] for s, p in zip(sources["source_id"], sources["publisher"])}


# --------------------------------------------------------------------------- charts


def _source_labels(rows: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> short publisher with the publication year (two AP stories stay distinct)."""
    publisher = _publishers(sources)
    year = dict(zip(sources["source_id"], sources["published"].fillna("").astype(str).str[:4]))
    return {s: f"{publisher.get(s, s)} ({year.get(s, '')})".replace(" ()", "") for s in dict.fromkeys(rows["source_id"])}


def annual_chart(r: Extraditions) -> tuple[Figure, pd.DataFrame]:
    """Annual extraditions: a line for the selected series (breaking at every year without a
    full-year figure and at changes of scope), a dot for every source's value (with
    ``source='all'``, coloured by source and set side by side within the year), hatched bands
    for gap years, and with ``include_transfers`` the transfers stacked in their own colour.

    Points sit at the year's middle (x = year), so a term starting 1 December is drawn as
    starting half a year before the first year assigned to it. Returns the Figure and the
    plotted data (long format)."""
    fig, ax = charts.new_figure(height=4.6 if r.source == "all" else 4.4)
    annual, rows = r.annual, r.rows
    labels = _source_labels(rows, r.sources)
    plotted = []
    ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
    for year in gap_years(annual):
        ax.axvspan(year - 0.5, year + 0.5, facecolor="none", edgecolor=GAP_COLOUR, hatch="////", lw=0, zorder=0.5)
    selected = set(zip(r.series["year"], r.series["source_id"], r.series["persons"].astype(int), r.series["scope"]))
    markers = {"all_persons": "o", "nationals_only": "^"}
    ids = list(labels)
    colours = {s: SOURCE_COLOURS[i % len(SOURCE_COLOURS)] for i, s in enumerate(ids)}
    offsets = {}
    if r.source == "all":
        for year, group in rows.groupby("year"):
            n = len(group)
            for k, index in enumerate(group.index):
                offsets[index] = (k - (n - 1) / 2) * min(0.18, 0.7 / max(n, 1))
    for index, row in rows.iterrows():
        chosen = (row["year"], row["source_id"], int(row["persons"]), row["scope"]) in selected
        if r.source == "all":
            colour, face = colours[row["source_id"]], colours[row["source_id"]] if row["full_year"] else "white"
        else:
            colour = EXTRADITION_COLOUR if chosen else OTHER_COLOUR
            face = colour if chosen and row["full_year"] else "white"
        ax.scatter(row["year"] + offsets.get(index, 0), int(row["persons"]), marker=markers[row["scope"]],
                   s=26 if r.source == "all" else (30 if chosen else 24), facecolor=face, edgecolor=colour,
                   linewidth=1.1, zorder=3 if chosen else 2.8)
        plotted.append({"year": row["year"], "layer": "source value", "persons": int(row["persons"]), "scope": row["scope"],
                        "months": int(row["months"]), "year_basis": row["year_basis"], "source_id": row["source_id"],
                        "selected": chosen})
    for scope in SCOPE_LABELS:  # one line per scope, so a nationals-only year is never joined to an all-persons year
        values = annual["persons"].where(annual["scope"] == scope).astype("Float64").astype(float)
        ax.plot(annual["year"], values, color=EXTRADITION_COLOUR, lw=1.8, zorder=2.5)
    for row in annual[annual["persons"].notna()].itertuples(index=False):
        plotted.append({"year": row.year, "layer": "selected series (line)", "persons": int(row.persons), "scope": row.scope,
                        "months": int(row.months), "year_basis": "calendar", "source_id": row.source_id, "selected": True})
    top = max([int(v) for v in rows["persons"]] + [10])
    if r.include_transfers and len(r.transfers):
        base_of = dict(zip(annual["year"], annual["persons"]))
        for t in r.transfers[r.transfers["persons"].notna()].itertuples(index=False):
            base = base_of.get(t.year, pd.NA)
            bottom = 0 if pd.isna(base) else int(base)
            ax.bar(t.year, int(t.persons), bottom=bottom, width=0.7, color=TRANSFER_COLOUR, alpha=0.9,
                   hatch="...." if t.partial else None, edgecolor="white", lw=0.5, zorder=2.2)
            text = f"{int(t.persons)}" + ("\npartial\nyear" if t.partial else "")
            ax.text(t.year, bottom + int(t.persons) + 1.5, text, ha="center", va="bottom", fontsize=6.5, color=charts.INK,
                    linespacing=0.95)
            top = max(top, bottom + int(t.persons))
            plotted.append({"year": t.year, "layer": "transfers (stacked, not extraditions)", "persons": int(t.persons),
                            "scope": "all_persons", "months": pd.NA, "year_basis": t.basis, "source_id": "; ".join(t.source_ids),
                            "selected": True})
    ax.set_ylim(0, top * 1.2)
    charts.shade_administrations(ax, r.administrations, offset=charts.YEAR_CENTRED)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    charts.thousands(ax)
    ax.set_ylabel("Persons per calendar year")
    ax.grid(axis="x", visible=False)
    ax.set_title(f"Extraditions from {DIRECTION_LABELS[r.direction]}, {r.start_year}–{r.end_year}", pad=14)
    line_label = "Preferred figure (line)" if r.source in SOURCE_MODES else f"Selected source: {labels.get(r.source, r.source)}"
    handles = [matplotlib.lines.Line2D([], [], color=EXTRADITION_COLOUR, marker="o", lw=1.8, ms=5, label=line_label)]
    if r.source == "all":
        handles += [matplotlib.lines.Line2D([], [], color=colours[s], marker="o", lw=0, ms=5, label=labels[s]) for s in ids]
    elif any((y, sid, int(p), sc) not in selected for y, sid, p, sc in zip(rows["year"], rows["source_id"], rows["persons"], rows["scope"])):
        handles.append(matplotlib.lines.Line2D([], [], color=OTHER_COLOUR, marker="o", mfc="white", lw=0, ms=5,
                                               label="Other sources' values"))
    if (rows["scope"] == "nationals_only").any():
        handles.append(matplotlib.lines.Line2D([], [], color=charts.MUTED, marker="^", lw=0, ms=5, label="Mexican nationals only"))
    if len(rows) and not rows["full_year"].all():
        handles.append(matplotlib.lines.Line2D([], [], color=charts.MUTED, marker="o", mfc="white", lw=0, ms=5,
                                               label="Partial-year figure"))
    if r.include_transfers and len(r.transfers):
        handles.append(matplotlib.patches.Patch(color=TRANSFER_COLOUR, label="Transfers outside the treaty (stacked)"))
    handles.append(matplotlib.patches.Patch(facecolor="white", edgecolor=GAP_COLOUR, hatch="////", label="No full-year figure"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3 if len(handles) > 5 else 2,
              fontsize=7 if r.source == "all" else 7.5)
    data = pd.DataFrame(plotted, columns=["year", "layer", "persons", "scope", "months", "year_basis", "source_id", "selected"])
    return fig, data.sort_values(["year", "layer", "source_id"]).reset_index(drop=True)


def _decimal(date) -> float:
    return charts.decimal_year(date)


def timeline_chart(r: Extraditions) -> tuple[Figure, pd.DataFrame]:
    """Annotated timeline of notable extraditions and transfers: dots at their dates on a
    vertical time axis (oldest at the top), labels spaced evenly to the right and joined to
    their dot. Returns the Figure and the events shown."""
    events = r.events
    n = max(len(events), 1)
    fig, ax = charts.new_figure(height=1.0 + 0.34 * n)
    colours = {"extradition": EXTRADITION_COLOUR, "transfer": TRANSFER_COLOUR}
    if len(events):
        dates = events["date"].map(_decimal)
        lo, hi = dates.min() - 0.9, dates.max() + 0.6
        slots = [lo + 0.3 + (hi - lo - 0.6) * i / max(n - 1, 1) for i in range(n)] if n > 1 else [dates.iloc[0]]
        for (ev, when, slot) in zip(events.itertuples(index=False), dates, slots):
            colour = colours[ev.category]
            ax.scatter(0, when, s=28, color=colour, zorder=3)
            ax.plot([0.02, 0.16, 0.22], [when, slot, slot], color=charts.GRID, lw=0.8, zorder=1)
            ax.text(0.24, slot, f"{_day(ev.date)}", ha="left", va="center", fontsize=7.5, color=charts.INK, fontweight="bold")
            ax.text(0.74, slot, textwrap.shorten(ev.title, 100, placeholder="…"), ha="left", va="center", fontsize=7.5,
                    color=charts.INK)
        ax.axvline(0, color=charts.MUTED, lw=1.0, zorder=1)
        ax.set_ylim(hi, lo)
        ax.set_xlim(-0.12, 4.6)
        ticks = [y for y in range(int(lo) + 1, int(hi) + 1) if (y % 5 == 0) or (hi - lo < 12 and y % 2 == 0)]
        for y in ticks:
            ax.text(-0.03, y, str(y), ha="right", va="center", fontsize=7.5, color=charts.MUTED)
            ax.plot([-0.015, 0.0], [y, y], color=charts.MUTED, lw=1.0)
    ax.axis("off")
    ax.set_title(f"Notable extraditions and transfers, {r.start_year}–{r.end_year}")
    ax.legend(handles=[matplotlib.lines.Line2D([], [], color=c, marker="o", lw=0, label=k.capitalize()) for k, c in colours.items()],
              loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=7.5)
    data = events.assign(date=events["date"].dt.strftime("%Y-%m-%d"))[["date", "title", "category", "score", "source_id"]]
    return fig, data


def relation_chart(r: Extraditions, other: str) -> tuple[Figure, pd.DataFrame]:
    """Two panels sharing the year axis: extraditions (full-year figures, gaps left empty,
    nationals-only years hatched) above, ``other`` ("homicides" or "assistance") below.
    Returns the Figure and the plotted data."""
    if other not in ("homicides", "assistance"):
        raise ValueError("other: homicides or assistance")
    frame = r.relation
    fig, axes = charts.new_figure(2, 1, height=4.8, sharex=True)
    top, bottom = axes.ravel()
    x = frame["year"]
    ext = frame["extraditions"].astype("Float64").astype(float)
    nationals = (frame["extraditions_scope"] == "nationals_only").to_numpy()
    top.bar(x[~nationals], ext[~nationals], width=0.7, color=EXTRADITION_COLOUR)
    if nationals.any():
        top.bar(x[nationals], ext[nationals], width=0.7, facecolor="white", edgecolor=EXTRADITION_COLOUR, hatch="////",
                label="Mexican nationals only")
        top.legend(loc="upper left", fontsize=7.5)
    top.set_title(f"Extraditions, {DIRECTION_SHORT[r.direction]} (persons; empty = no full-year figure)", fontsize=9.5)
    charts.thousands(top)
    if other == "homicides":
        values = frame["homicides"].astype("Float64").astype(float)
        bottom.plot(x, values, color=charts.PALETTE[3], marker="o", ms=3, lw=1.8)
        bottom.set_title("Homicide victims in Mexico, INEGI death records (year of registration)", fontsize=9.5)
        charts.thousands(bottom)
        data = frame[["year", "extraditions", "extraditions_scope", "homicides", "homicides_source_id"]]
    else:
        values = frame["assistance_usd"] / 1e6
        partial = frame["assistance_partial"].fillna(False).astype(bool).to_numpy()
        bottom.bar(x[~partial], values[~partial], width=0.7, color=charts.PALETTE[2])
        if partial.any():
            bottom.bar(x[partial], values[partial], width=0.7, facecolor="white", edgecolor=charts.PALETTE[2], hatch="////",
                       label="Fiscal year only partly reported in the source")
            bottom.legend(loc="upper left", fontsize=7.5)
        bottom.set_title(ASSISTANCE_TITLE, fontsize=9.5)
        charts.thousands(bottom)
        data = frame[["year", "extraditions", "extraditions_scope", "assistance_usd", "assistance_partial",
                      "assistance_source_id"]].rename(columns={"year": "year_or_fiscal_year"})
    for ax in (top, bottom):
        ax.set_ylim(bottom=0)
        ax.grid(axis="x", visible=False)
        ax.set_xlim(r.start_year - 0.6, r.end_year + 0.6)
    bottom.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    return fig, data.reset_index(drop=True)


# --------------------------------------------------------------------------- prose


def _fmt(value) -> str:
    from mxsec.report import fmt

    return fmt(value, "int")


def _pct_change(a: int, b: int) -> str:
    from mxsec.report import fmt

    return fmt(100 * (b - a) / a, "signed_pct").replace("-", "−") if a else "n/a"


def _scope_suffix(scope: str) -> str:
    return " (Mexican nationals only)" if scope == "nationals_only" else ""


def largest_fall(annual: pd.DataFrame) -> dict[str, Any] | None:
    """The largest drop between two consecutive calendar years that both have a full-year
    figure of the same scope: {from_year, from_persons, to_year, to_persons}; None if no drop."""
    full = annual[annual["persons"].notna()].set_index("year")
    best = None
    for year in full.index:
        nxt = year + 1
        if nxt in full.index and full.at[year, "scope"] == full.at[nxt, "scope"]:
            drop = int(full.at[year, "persons"]) - int(full.at[nxt, "persons"])
            if drop > 0 and (best is None or drop > best["drop"]):
                best = {"from_year": int(year), "from_persons": int(full.at[year, "persons"]), "to_year": int(nxt),
                        "to_persons": int(full.at[nxt, "persons"]), "drop": drop}
    return best


def findings_md(r: Extraditions) -> str:
    """The findings paragraph, every number computed from the report's tables."""
    full = r.annual[r.annual["persons"].notna()]
    n_years = len(r.annual)
    publisher = _publishers(r.sources)
    where = DIRECTION_LABELS[r.direction]
    lead = "" if r.source in SOURCE_MODES else f"Using only the figures of {publisher.get(r.source, r.source)}: "
    parts = [f"{lead}Full-year figures for extraditions from {where} exist for {_fmt(len(full))} of the "
             f"{_fmt(n_years)} calendar years from {r.start_year} to {r.end_year}."]
    if len(full) == 1:
        row = full.iloc[0]
        parts.append(f"The only one is {_fmt(row['persons'])} in {row['year']}{_scope_suffix(row['scope'])}.")
    elif len(full) > 1:
        first, last = full.iloc[0], full.iloc[-1]
        peak = full.sort_values(["persons", "year"], ascending=[False, True]).iloc[0]
        parts.append(f"They run from {_fmt(first['persons'])} in {first['year']}{_scope_suffix(first['scope'])} to "
                     f"{_fmt(last['persons'])} in {last['year']}{_scope_suffix(last['scope'])}, the latest full-year figure; "
                     f"the highest is {_fmt(peak['persons'])} in {peak['year']}{_scope_suffix(peak['scope'])}.")
        fall = largest_fall(r.annual)
        if fall:
            parts.append(f"The largest fall between consecutive years with figures is from {_fmt(fall['from_persons'])} in "
                         f"{fall['from_year']} to {_fmt(fall['to_persons'])} in {fall['to_year']} "
                         f"({_pct_change(fall['from_persons'], fall['to_persons'])}).")
    totals = r.totals
    if len(totals):
        complete = totals[totals["complete"]]
        incomplete = totals[~totals["complete"]]
        if len(complete):
            items = [f"{t.short} ({_fmt(t.persons)} persons in {t.years[0]}–{t.years[-1]}, "
                     f"{t.average_per_year:.1f} a year)" for t in complete.itertuples(index=False)]
            parts.append(("Only " if len(incomplete) else "") + "; ".join(items)
                         + (" has" if len(complete) == 1 else " have") + " a figure for every year of the term.")
        if len(incomplete):
            items = ", ".join(f"{t.short} {t.years_with_data} of {t.years_in_span} years" for t in incomplete.itertuples(index=False))
            lead = "The other terms are incomplete" if len(complete) else "No term in the window has a figure for every year"
            parts.append(f"{lead} ({items}), so the report gives no total for {'them' if len(incomplete) > 1 else 'it'}.")
            averaged = incomplete[incomplete["years_with_data"] >= 2]
            if len(averaged):
                items = ", ".join(f"{t.short} {t.average_years_with_data:.1f} ({t.years_with_data} years)"
                                  for t in averaged.itertuples(index=False))
                parts.append(f"Averages over the years that do have figures, which are not term averages: {items}.")
    checked = r.stated[r.stated["computed"].notna()]
    if len(checked):
        agree = checked[checked["difference"].abs() <= AGREE_WITHIN]
        independent = checked[~checked["same_source"]]
        same = agree[agree["same_source"]]
        text = (f"Of the {_fmt(len(r.stated))} totals that sources state for a span, {_fmt(len(checked))} can be checked against "
                f"complete annual figures of the same scope; {_fmt(len(agree))} {'agrees' if len(agree) == 1 else 'agree'} within {AGREE_WITHIN} persons"
                + (f" ({_fmt(len(same))} of them from the source that also gives the annual figures)" if len(same) > 1 or (len(same) and len(agree) > 1)
                   else " (from the source that also gives the annual figures)" if len(same) else ""))
        if len(independent):
            worst = independent.loc[independent["difference"].abs().idxmax()]
            if abs(int(worst["difference"])) > AGREE_WITHIN:
                text += (f", and the largest gap is {_fmt(worst['stated'])} stated by {publisher.get(worst['source_id'], worst['source_id'])} "
                         f"for {worst['period']} against {_fmt(worst['computed'])} from the annual figures for {worst['years_compared']}")
        parts.append(text + ".")
    if len(r.transfers):
        items = "; ".join(f"{_fmt(t.persons)} in {t.year}" + (f" ({t.basis})" if t.partial else "")
                          for t in r.transfers.itertuples(index=False) if pd.notna(t.persons))
        parts.append(f"Transfers outside the extradition treaty, a separate mechanism never added to the counts above: {items}.")
    return " ".join(parts)


def annual_caption(r: Extraditions) -> str:
    full = r.annual[r.annual["persons"].notna()]
    gaps = gap_years(r.annual)
    if not len(full):
        return (f"No full-year figure for extraditions from {DIRECTION_LABELS[r.direction]} in {r.start_year}–{r.end_year}; "
                "dots show any figure a source gives.")
    peak = full.sort_values(["persons", "year"], ascending=[False, True]).iloc[0]
    text = (f"Full-year figures exist for {_fmt(len(full))} of {_fmt(len(r.annual))} years; the highest is {_fmt(peak['persons'])} in "
            f"{peak['year']}{_scope_suffix(peak['scope'])}. Hatched years ({periods.format_year_ranges(gaps) or 'none'}) have no full-year figure and the line "
            "is not drawn across them.")
    nationals = full[full["scope"] == "nationals_only"]
    if len(nationals):
        text += f" Triangles count Mexican nationals only ({periods.format_year_ranges(nationals['year'])} in the line)."
    if r.include_transfers and len(r.transfers):
        text += " Orange: transfers outside the treaty, stacked on the extradition figure (from zero where there is none)."
    return text


def annual_alt(r: Extraditions) -> str:
    return (f"Line and dot chart of persons extradited per calendar year from {DIRECTION_LABELS[r.direction]}, "
            f"{r.start_year} to {r.end_year}, with one dot per source, hatched bands for years without a full-year "
            "figure and shaded Mexican administrations" + (", and orange stacked bars for transfers." if r.include_transfers else "."))


def gaps_md(r: Extraditions) -> str:
    """The Data gaps section: years and spans the report cannot fill, as bullet points."""
    where = DIRECTION_LABELS[r.direction]
    gaps = gap_years(r.annual)
    lines = [f"- **Extraditions from {where}: no full-year figure** for "
             f"{periods.format_year_ranges(gaps) or 'no year'} ({_fmt(len(gaps))} of {_fmt(len(r.annual))} years in "
             f"{r.start_year}–{r.end_year}). These years are left empty in every chart and total."]
    partial = r.annual[r.annual["status"].str.startswith(("partial", "U.S."))]
    if len(partial):
        items = ", ".join(f"{row.year} ({row.status}, {_fmt(row.reported)})" for row in partial.itertuples(index=False))
        lines.append(f"- **Not a full calendar year** (shown, not summed): {items}.")
    nationals = r.annual[(r.annual["scope"] == "nationals_only") & r.annual["persons"].notna()]
    if len(nationals):
        lines.append(f"- **Mexican nationals only**: the only full-year figure for {periods.format_year_ranges(nationals['year'])} "
                     "counts Mexican nationals, a subset of all persons extradited.")
    incomplete = r.totals[~r.totals["complete"]] if len(r.totals) else r.totals
    if len(incomplete):
        items = "; ".join(f"{t.short}: missing {periods.format_year_ranges(t.missing_years)}" for t in incomplete.itertuples(index=False))
        lines.append(f"- **Administrations without a total** (a year of the term has no full-year figure): {items}.")
    not_comparable = r.stated[r.stated["computed"].isna()]
    if len(not_comparable):
        lines.append(f"- **Stated totals that cannot be checked** against annual figures: {_fmt(len(not_comparable))} of "
                     f"{_fmt(len(r.stated))} (partial years, missing years or a different scope; see the table).")
    partial_t = r.transfers[r.transfers["partial"]]
    if len(partial_t):
        items = ", ".join(f"{t.year} ({t.basis})" for t in partial_t.itertuples(index=False))
        lines.append(f"- **Transfers, partial years**: {items}; no annual figure is published for these years.")
    if r.direction == "us_to_mx":
        lines.append("- **Transfers**: none recorded from the United States to Mexico in the transfer tables.")
    hom = r.relation[r.relation["homicides"].isna()]["year"]
    if len(hom):
        lines.append(f"- **Homicides** (INEGI, full year, in the data): none for {periods.format_year_ranges(hom)}.")
    aid = r.relation[r.relation["assistance_usd"].isna()]["year"]
    if len(aid):
        lines.append("- **U.S. assistance obligated** (security assistance): no fiscal-year figure for "
                     f"{periods.format_year_ranges(aid)}.")
    aid_partial = r.relation[r.relation["assistance_partial"].fillna(False).astype(bool)]["year"]
    if len(aid_partial):
        lines.append(f"- **U.S. assistance, fiscal years only partly reported** in the source (hatched, not comparable with "
                     f"other years): {periods.format_year_ranges(aid_partial)}.")
    return "\n".join(lines)


def methodology_md(r: Extraditions) -> str:
    """How the report counts, in prose (rules only; numbers come from the tables)."""
    source_rule = ("the preferred row of `extraditions.csv` for each year (one per year, direction and mechanism; "
                   "rule: official over press, full year over partial; each row's note says why)"
                   if r.source in SOURCE_MODES else
                   f"the rows of source `{r.source}` only (all persons before nationals only, then the most months)")
    return "\n".join([
        f"- **Series used**: {source_rule}. Every other source's value is drawn as a dot, so the spread between the U.S. "
        "Embassy, the Justice Department, Mexico's attorney general (FGR/PGR) and the press is visible. "
        "`source=all` colours the dots by source and lists every row; a source_id computes with that source alone.",
        "- **Full years only**: lines, totals, averages, peaks and comparisons use figures that cover 12 months of a calendar "
        "year. Partial-year and U.S. fiscal-year figures are shown and labelled, never summed or joined by the line.",
        "- **Scope**: a figure for Mexican nationals only is a subset of all persons extradited. Where the only full-year "
        "figure counts nationals, it is drawn as a triangle, not joined to all-persons years, and flagged in totals.",
        "- **Administrations**: a calendar year belongs to the administration in office for most of it. Mexican terms began "
        "on 1 December until 2018 and on 1 October from 2024, so 2000 counts for Zedillo, 2006 for Fox, 2012 for Calderón, "
        "2018 for Peña Nieto and 2024 for López Obrador. A total is given only when every year of the term has a full-year "
        "figure; otherwise the table says \"incomplete (n of m years)\" and the average is labelled as covering only the "
        "years with data. The term in office is counted to the last year shown.",
        "- **First two years**: the first two calendar years wholly in office (for a 1 December start, the two following "
        "calendar years), because no monthly figures are sourced; a source's \"first 24 months\" total is shown next to "
        "them, not mixed in.",
        f"- **Stated totals**: compared with the sum of annual figures for the calendar years they cover for at least 11 months "
        f"(a December-to-November term window is compared with the calendar years it mostly covers; the one-month offset is "
        f"not adjusted). A span that cuts a calendar year, a covered year without a figure, or a different scope makes the "
        f"comparison impossible, and the table says which.",
        "- **Transfers**: persons sent under Mexico's National Security Law outside the extradition treaty (from February "
        "2025) are a separate mechanism: their own table, their own colour, and added to the chart only with "
        "`include_transfers=true`, stacked and labelled. A year without a published annual transfer figure shows the sum "
        "of the dated transfers on which every source agrees, marked as a partial year.",
        "- **Other series**: homicides are INEGI death-record victims (preferred, 12 months); U.S. assistance is "
        + "security assistance as the funding report defines it (`mxsec.analysis.funding.security_assistance`: State "
        "Department and Defense security accounts, obligations) by U.S. fiscal year (October-September), nominal dollars, set against calendar years of the "
        "same number. Extraditions depend on arrests, court proceedings and political decisions in both countries; "
        "moving together with homicides or aid does not show that one caused the other.",
    ])


# --------------------------------------------------------------------------- notebook helpers

KEY_FIGURE_LABELS = {
    "peak_persons": "Highest annual extraditions",
    "latest_persons": "Latest full-year figure",
    "transfers_2025_persons": "Transferred outside the treaty",
    "years_without_full_year_figure": "Years without a full-year figure",
}


def key_figure_labels(r: Extraditions) -> dict[str, str]:
    """Labels for the key-figures box; a figure that counts nationals only says so."""
    labels = dict(KEY_FIGURE_LABELS)
    full = r.annual[r.annual["persons"].notna()]
    if len(full):
        peak = full.sort_values(["persons", "year"], ascending=[False, True]).iloc[0]
        if peak["scope"] == "nationals_only":
            labels["peak_persons"] += ", nationals only"
        if full.iloc[-1]["scope"] == "nationals_only":
            labels["latest_persons"] += ", nationals only"
    if r.direction != "mx_to_us":
        labels["peak_persons"] = labels["peak_persons"].replace("extraditions", "extraditions to Mexico")
    return labels


def ids_of(values) -> list[str]:
    """Distinct source ids from a column that may hold ids, lists of ids or "a; b" strings."""
    out: list[str] = []
    for value in values:
        if isinstance(value, (list, tuple)):
            out.extend(value)
        elif isinstance(value, str) and value:
            out.extend(v.strip() for v in value.split(";") if v.strip())
    return sorted(set(out))


def source_table(r: Extraditions) -> tuple[pd.DataFrame, str, list[str]]:
    """What sources say, as printed: with ``source='all'`` every row (with its locator);
    otherwise one line per year with the figure used and every distinct value sources give.
    Returns (table, caption, source_ids)."""
    rows = r.rows
    labels = _source_labels(rows, r.sources)
    if r.source == "all":
        table = pd.DataFrame({
            "Year": rows["year"], "Persons": rows["persons"].astype(int), "Scope": rows["scope"].map(SCOPE_LABELS),
            "Months": rows["months"].astype(int), "Preferred": rows["preferred"].map({True: "yes", False: ""}),
            "Source": rows["source_id"].map(labels), "Where in the source": rows["locator"].fillna(""),
        })
        caption = f"Every source's figure for extraditions from {DIRECTION_LABELS[r.direction]}, {r.start_year}–{r.end_year}"
        return table, caption, ids_of(rows["source_id"])
    spread = r.spread.set_index("year")
    used = r.series.set_index("year")
    years = sorted(set(spread.index) | set(used.index[used.index.to_series().between(r.start_year, r.end_year)]))
    table = pd.DataFrame({
        "Year": years,
        "Figure used": [f"{int(used.at[y, 'persons'])}" + ("" if used.at[y, "full_year"] else " (partial)") if y in used.index else ""
                        for y in years],
        "Scope of figure used": [SCOPE_LABELS[used.at[y, "scope"]] if y in used.index else "" for y in years],
        "Source rows": [int(spread.at[y, "n_sources"]) if y in spread.index else 0 for y in years],
        "All-persons values": [spread.at[y, "all_persons"] if y in spread.index else "" for y in years],
        "Nationals-only values": [spread.at[y, "nationals_only"] if y in spread.index else "" for y in years],
        "Source of figure used": [labels.get(used.at[y, "source_id"], used.at[y, "source_id"]) if y in used.index else ""
                                  for y in years],
    })
    disagree = [int(y) for y in spread.index if spread.at[y, "disagree"]]
    caption = (f"Figures by year, extraditions from {DIRECTION_LABELS[r.direction]}: "
               + (f"sources disagree on the all-persons count for {periods.format_year_ranges(disagree)}"
                  if disagree else "no two sources give different all-persons counts for the same year"))
    return table, caption, ids_of(rows["source_id"])


TABLE_ROWS_PER_PAGE = {"all": 16, "other": 24}  # longer printed tables are split at a year boundary (captions stay with rows)


def source_tables(r: Extraditions) -> list[tuple[pd.DataFrame, str, list[str]]]:
    """:func:`source_table` split into parts of at most ``TABLE_ROWS_PER_PAGE`` rows (never
    splitting a year), each with its own caption "(part i of n)" and source ids."""
    table, caption, ids = source_table(r)
    limit = TABLE_ROWS_PER_PAGE["all" if r.source == "all" else "other"]
    if len(table) <= limit:
        return [(table, caption, ids)]
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
        part_ids = ids_of(rows.loc[rows["year"].isin(years), "source_id"]) or ids
        out.append((part.reset_index(drop=True), f"{caption} (part {i} of {len(parts)}: {min(years)}–{max(years)})", part_ids))
    return out


def assignment_md(r: Extraditions) -> str:
    """The majority-of-year rule, with the boundary years it decides computed from the table."""
    terms = r.administrations[r.administrations["country"] == "MX"].sort_values("start")
    changes = [pd.Timestamp(t) for t in terms["start"] if r.start_year <= pd.Timestamp(t).year <= r.end_year]
    examples = []
    for start in changes:
        year = start.year
        name = periods.administration_for_year(year, r.administrations)
        if name:
            examples.append(f"{year} → {periods.short_name(name, r.administrations)}")
    return ("A calendar year belongs to the administration in office for most of it. Mexican terms began on 1 December up "
            "to the term that began in 2018; the term that began in 2024 began on 1 October. A changeover year therefore "
            "counts for the outgoing president"
            + (f": {', '.join(examples)}." if examples else ".")
            + " A term's total is printed only when every one of its years has a full-year figure; otherwise the table says "
            "\"incomplete (n of m years)\" and the average covers only the years with data, as labelled.")


def first_years_table(r: Extraditions) -> tuple[pd.DataFrame, str, list[str]]:
    """``first_years`` as printed, with caption and source ids."""
    f = r.first_years
    publisher = _publishers(r.sources)
    table = pd.DataFrame({
        "Administration": f["administration"],
        "First two full calendar years": f["years_label"],
        "Extraditions (sum of annual figures)": f["text"],
        "Stated for the first 24 months": [("" if pd.isna(v) else f"{int(v):,} ({w}; {publisher.get(s, s)})")
                                           for v, w, s in zip(f["stated"], f["stated_window"], f["stated_source_id"])],
    })
    used = r.series[r.series["full_year"] & r.series["year"].isin([y for ys in f["years"] for y in ys])]
    ids = ids_of(list(used["source_id"]) + [s for s in f["stated_source_id"] if s])
    return table, "First two full calendar years in office (calendar years, not the first 24 months: no monthly figures are sourced)", ids


def stated_tables(r: Extraditions) -> dict[str, tuple[pd.DataFrame, str, list[str]]]:
    """The stated totals split in two printed tables, each (table, caption, source_ids):
    ``checked``: spans of whole calendar years, set against the annual sum (or marked
    incomplete); ``other``: spans that cut a calendar year or count another scope."""
    st = r.stated
    cannot = st["comparison"].str.startswith("not comparable")
    full = stated_table(st[~cannot], r.sources)
    other = stated_table(st[cannot], r.sources).drop(columns=["Stated minus sum"]).rename(
        columns={"Sum of annual figures": "Why no comparison"})
    other["Why no comparison"] = other["Why no comparison"].str.replace("not comparable: ", "", regex=False)
    checked = st[~cannot & st["computed"].notna()]
    return {
        "checked": (full, f"Totals stated for whole calendar years, against the sum of the annual figures for the same years "
                          f"({len(checked)} of {len(st[~cannot])} can be summed; the rest miss a year)", ids_of(st.loc[~cannot, "source_id"])),
        "other": (other, "Totals stated for spans that cut a calendar year or count Mexican nationals only: no annual comparison "
                         "is possible", ids_of(st.loc[cannot, "source_id"])),
    }


def transfers_md(r: Extraditions) -> str:
    """Prose on the transfers: dated transfers, annual figures, stated cumulative totals."""
    ev = r.transfer_events
    if not len(ev) and not len(r.transfers):
        return (f"No transfer outside the extradition treaty from {DIRECTION_LABELS[r.direction]} is recorded for "
                f"{r.start_year}–{r.end_year}.")
    parts = []
    if len(ev):
        dated = "; ".join(f"{_fmt(p)} on {_day(d)}" if pd.notna(p) else f"{_day(d)} (sources disagree: {v})"
                          for d, p, v in zip(ev["date"], ev["persons"], ev["values"]))
        parts.append(f"Persons were sent from {DIRECTION_LABELS[r.direction]} outside the extradition treaty on "
                     f"{_fmt(len(ev))} dated occasions in {r.start_year}–{r.end_year}: {dated}.")
    annual = [f"{_fmt(t.persons)} in {t.year}" + (f" ({t.basis})" if t.partial else "") for t in r.transfers.itertuples(index=False)
              if pd.notna(t.persons)]
    if annual:
        parts.append(f"By calendar year: {'; '.join(annual)}.")
    ts = r.transfer_stated[r.transfer_stated["mechanism"] == "transfer"]
    for t in ts.itertuples(index=False):
        parts.append(f"{_publishers(r.sources).get(t.source_id, t.source_id)} states {_fmt(t.stated)} for {t.period} "
                     f"({t.check}).")
    parts.append("These transfers are a different legal mechanism and are never added to the extradition counts, totals or "
                 "averages in this report; the annual chart stacks them, in their own colour, only with include_transfers.")
    return " ".join(parts)


def timeline_caption(r: Extraditions) -> str:
    counts = r.events["category"].value_counts()
    return (f"{int(counts.get('extradition', 0))} extradition and {int(counts.get('transfer', 0))} transfer events in "
            f"{r.start_year}–{r.end_year} from the events table; the titles say who surrendered whom.")


def relation_caption(r: Extraditions, other: str) -> str:
    frame = r.relation
    both = frame[frame["extraditions"].notna() & (frame["homicides"].notna() if other == "homicides" else frame["assistance_usd"].notna())]
    what = "INEGI homicide figures" if other == "homicides" else "U.S. security assistance obligations (fiscal years)"
    return (f"Extraditions and {what}: {len(both)} years have both. Seen together for context only; moving together "
            "does not show that one caused the other.")
