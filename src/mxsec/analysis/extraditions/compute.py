"""Extraditions: constants, selection of the series, every computation of the report, the
bundle ``Extraditions``, ``build`` and ``key_figures``. No drawing and no display text: the
sentences are in ``text``, the printed tables in ``tables``, the charts in ``plots``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mxsec import names
from mxsec.analysis import common, periods
from mxsec.data.series import headline
from mxsec.data.sources import is_literature, mark_literature

DIRECTIONS = ("mx_to_us", "us_to_mx")
DIRECTION_LABELS = names.VOCABULARIES["direction"]  # display names (mxsec.names)
DIRECTION_SHORT = {"mx_to_us": "Mexico → U.S.", "us_to_mx": "U.S. → Mexico"}
SOURCE_MODES = ("preferred", "all")
DEFAULT_START_YEAR = 1995
DEFAULT_END_YEAR = 2026
DEFAULT_DIRECTION = "mx_to_us"
HEADLINES = {"mx_to_us": "extraditions_mx_us", "us_to_mx": "extraditions_us_mx"}  # mxsec.data.series
DEFAULT_SOURCE = "preferred"
SCOPE_LABELS = names.VOCABULARIES["scope"]
EVENT_CATEGORIES = ("extradition", "transfer")
FIRST_YEARS = 2  # "first two full calendar years" of each administration
FIRST_MONTHS_DAYS = (700, 762)  # a stated span from the term start of 23-25 months counts as "first 24 months"
AGREE_WITHIN = 2  # persons: a stated total within this of the annual sum "agrees"


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

    ``preferred`` and ``all``: the headline series (``mxsec.data.series``: all persons where a
    figure counts them, Mexican nationals only where that is the only figure; ``all`` only changes
    what is displayed, not what is computed). A source_id: that source's rows; where it gives several figures for a
    year, all persons before nationals only, then the most months, then calendar before fiscal
    year. Columns: year, persons, scope, year_basis, months, full_year, source_id. A source
    without rows for this direction returns an empty frame.
    """
    check_source(extraditions, source)
    rows = source_rows(extraditions, direction, mechanism)
    if source in SOURCE_MODES and mechanism == "extradition":
        chosen = headline(HEADLINES[direction], rows)
    elif source in SOURCE_MODES:
        chosen = rows[rows["preferred"]]
    else:
        chosen = rows[rows["source_id"] == source].copy()
        chosen["_scope_rank"] = (chosen["scope"] != "all_persons").astype(int)
        chosen["_basis_rank"] = (chosen["year_basis"] != "calendar").astype(int)
        chosen = (chosen.sort_values(["year", "_scope_rank", "months", "_basis_rank"], ascending=[True, True, False, True])
                  .drop_duplicates("year").drop(columns=["_scope_rank", "_basis_rank"]))
    columns = ["year", "persons", "scope", "year_basis", "months", "full_year", "obs_status", "source_id"]
    out = chosen[columns].sort_values("year").reset_index(drop=True)
    out["literature"] = is_literature(out["source_id"]) if len(out) else pd.Series(dtype=bool)
    return out


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
    # the literature rule (mxsec.data.sources.literature_source_ids): a figure whose only source is a paper
    out["literature"] = is_literature(out["source_id"].fillna("")) & out["reported"].notna()
    return out[["year", "persons", "reported", "scope", "months", "status", "obs_status", "source_id", "administration",
                "literature"]]


def gap_years(annual: pd.DataFrame) -> list[int]:
    """Years of ``annual_table`` without a full-year figure."""
    return [int(y) for y in annual.loc[annual["persons"].isna(), "year"]]


def full_years(annual: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``annual_table`` with a full-year figure."""
    return annual[annual["persons"].notna()]


def peak_scope(annual: pd.DataFrame) -> str | None:
    """The scope a peak is ranked within: the scope of most full-year figures (all persons on a
    tie). A count of nationals only is never ranked against counts of all persons."""
    counts = full_years(annual)["scope"].value_counts()
    if not len(counts):
        return None
    return max(counts.index, key=lambda scope: (counts[scope], scope == "all_persons"))


def peak_row(annual: pd.DataFrame) -> pd.Series | None:
    """The row of ``annual_table`` with the highest full-year figure (the earliest on ties)
    among the years of ``peak_scope``; None when no year has one."""
    full = full_years(annual)
    full = full[full["scope"] == peak_scope(annual)]
    return full.sort_values(["persons", "year"], ascending=[False, True]).iloc[0] if len(full) else None


def coverage(annual: pd.DataFrame) -> dict[str, int]:
    """How many years ``annual_table`` has (``years``), with a full-year figure (``full``) and
    without one (``gaps``)."""
    return {"years": len(annual), "full": len(full_years(annual)), "gaps": len(gap_years(annual))}


# --------------------------------------------------------------------------- administrations


def day_label(value) -> str:
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

    Only counts of all persons are summed or averaged: a year whose only figure counts Mexican
    nationals is listed in ``nationals_only_years`` and left out of every total and average, as
    a missing year is (two scopes are never added together).

    Columns: administration, short, term, years (list), years_in_span, years_with_data (years
    with a full-year all-persons figure), missing_years (list: no full-year figure),
    nationals_only_years (list), persons_with_data (sum over years_with_data), complete (every
    year has an all-persons figure), persons (the total; NA unless complete), average_per_year
    (persons / years_in_span; NaN unless complete), average_years_with_data, total_text and
    average_text (what the report prints: "incomplete (n of m years)" instead of a misleading
    total).
    """
    terms = periods.administration_years(administrations, "MX", through_year=end_year)
    terms = terms[terms["years"].map(lambda ys: any(start_year <= y <= end_year for y in ys))]
    full = series[series["full_year"]].set_index("year")
    rows = []
    for term in terms.itertuples(index=False):
        years = list(term.years)
        missing = [y for y in years if y not in full.index]
        nationals = [y for y in years if y in full.index and full.at[y, "scope"] == "nationals_only"]
        have = [y for y in years if y in full.index and y not in nationals]
        with_data = int(sum(int(full.at[y, "persons"]) for y in have))
        complete = bool(years) and len(have) == len(years)
        persons = with_data if complete else pd.NA
        average = with_data / len(years) if complete else float("nan")
        average_with_data = with_data / len(have) if have else float("nan")
        scope_note = (f"; {periods.format_year_ranges(nationals)} counts nationals only, not added"
                      if nationals else "")
        if complete:
            total_text = f"{with_data:,}"
            average_text = f"{average:,.1f}"
        else:
            total_text = f"incomplete ({len(have)} of {len(years)} years){scope_note}"
            average_text = (f"{average_with_data:,.1f} over {len(have)} year{'s' if len(have) != 1 else ''} with data"
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
            "stated_window": (f"{day_label(stated['period_start'])} – {day_label(stated['period_end'])}" if stated is not None else ""),
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
            "period": f"{day_label(row.period_start)} – {day_label(row.period_end)}",
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
                        "basis": f"sum of dated transfers to {day_label(group['date'].max())}",
                        "source_ids": common.split_ids(group["source_ids"])})
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
        out.append({"period": f"{day_label(row.period_start)} – {day_label(row.period_end)}", "mechanism": row.mechanism,
                    "stated": int(row.persons), "source_id": row.source_id, "dated_transfers": total, "check": check})
    frame = pd.DataFrame(out, columns=["period", "mechanism", "stated", "source_id", "dated_transfers", "check"])
    frame["dated_transfers"] = frame["dated_transfers"].astype("Int64")
    return frame



# --------------------------------------------------------------------------- events, other series


def notable_events(events: pd.DataFrame, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Events of category extradition or transfer dated within the window, oldest first.
    (``direction`` in the events table is cooperative/conflictual, not the direction of the
    surrender; the titles say who surrendered whom.)"""
    keep = events["category"].isin(EVENT_CATEGORIES) & events["date"].dt.year.between(start_year, end_year)
    cols = ["date", "title", "category", "score", "direction", "source_id"]
    return events.loc[keep, cols].sort_values(["date", "title"]).reset_index(drop=True)


def homicides_series(homicides: pd.DataFrame) -> pd.DataFrame:
    """INEGI homicide victims, the headline series (year of registration) for years covering 12
    months: year, homicides, source_id."""
    rows = headline("homicides_inegi", homicides)
    rows = rows[rows["months"] == 12]
    return (rows.assign(year=rows["year"].astype(int), homicides=rows["value"].astype("Int64"))
            [["year", "homicides", "obs_status", "source_id"]].sort_values("year").reset_index(drop=True))



def assistance_series(assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                      end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """U.S. security assistance to Mexico obligated by U.S. fiscal year (October-September),
    nominal USD, as ``mxsec.analysis.funding.security_assistance`` defines it (the project's one
    definition): fiscal_year, assistance_usd (NaN where the source does not cover the year),
    assistance_partial (always False: the Greenbook series has no partly reported years),
    obs_status (of the summed rows), source_id."""
    from mxsec.analysis.funding.compute import security_assistance

    sa = security_assistance(assistance, start_year, end_year)
    return pd.DataFrame({"fiscal_year": sa["fiscal_year"].astype(int), "assistance_usd": sa["value_usd"].astype(float),
                         "assistance_partial": False, "obs_status": sa["obs_status"].where(sa["covered"], None),
                         "source_id": sa["source_ids"].where(sa["source_ids"] != "", None)})


def relation_frame(annual: pd.DataFrame, homicides: pd.DataFrame, assistance: pd.DataFrame) -> pd.DataFrame:
    """One row per year of ``annual``: extraditions (full-year figure or NA) and its scope,
    homicides (INEGI) and U.S. assistance obligated in the fiscal year of the same number, each
    with its observation status (``*_obs_status``) and NA where the table has no value. Never
    interpolated."""
    out = annual[["year", "persons", "scope", "obs_status"]].rename(
        columns={"persons": "extraditions", "scope": "extraditions_scope", "obs_status": "extraditions_obs_status"})
    out["extraditions_scope"] = out["extraditions_scope"].where(out["extraditions"].notna(), None)
    out["extraditions_obs_status"] = out["extraditions_obs_status"].where(out["extraditions"].notna(), None)
    out = out.merge(homicides_series(homicides).rename(columns={"source_id": "homicides_source_id",
                                                                "obs_status": "homicides_obs_status"}), on="year", how="left")
    aid = assistance_series(assistance, int(annual["year"].min()), int(annual["year"].max())).rename(
        columns={"fiscal_year": "year", "source_id": "assistance_source_id", "obs_status": "assistance_obs_status"})
    out = out.merge(aid, on="year", how="left")
    out["homicides"] = out["homicides"].astype("Int64")
    out["assistance_partial"] = out["assistance_partial"].astype("boolean")
    return out


RELATION_COLUMNS = {"extraditions": "extraditions", "homicides": "homicides", "assistance": "assistance_usd"}


def relation_gaps(r: "Extraditions", series: str) -> list[int]:
    """Years of the window without a figure of ``series`` (extraditions, homicides or
    assistance) in the relation frame: what the two-panel charts hatch."""
    frame = r.relation
    present = set(frame.loc[frame[RELATION_COLUMNS[series]].notna(), "year"].astype(int))
    return [y for y in range(r.start_year, r.end_year + 1) if y not in present]


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

    table_names = ("extraditions", "extraditions_periods", "administrations", "events", "homicides_national",
                   "us_assistance", "sources")
    return {name: load(name) for name in table_names}


def build(start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR, direction: str = DEFAULT_DIRECTION,
          source: str = DEFAULT_SOURCE, include_transfers: bool = False, *,
          tables: dict[str, pd.DataFrame] | None = None) -> Extraditions:
    """Compute every table of the report for one set of parameters (the notebook's parameters,
    with its defaults). Loads the data with ``load_tables`` unless ``tables`` is given."""
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


def key_figures(bundle: Extraditions | None = None) -> dict[str, dict[str, Any]]:
    """Key figures of the edition (``None``: the default edition, ``build()``).

    - total_by_administration: per administration {persons (NA -> None unless complete),
      persons_with_data, years_with_data, years_in_span, complete, missing_years,
      nationals_only_years, average_per_year}.
    - peak_year / peak_persons: highest full-year figure in the window (earliest on ties).
    - latest_year / latest_persons: latest full-year figure in the window (scope in note).
    - years_without_full_year_figure: the gap years.
    - transfers_2025_persons: the preferred 2025 transfer row; when absent, the sum of the
      distinct 2025 transfers dated in extraditions_periods (the note says which).
    """
    r = bundle if bundle is not None else build()
    full = full_years(r.annual)
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
    admin_ids = common.frame_ids(r.series[r.series["full_year"] & r.series["year"].isin(
        [y for ys in r.totals["years"] for y in ys])]) if len(r.totals) else []
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
    stated_ids = common.frame_ids(r.first_years, column="stated_source_id")
    out["first_two_full_years_by_administration"] = {
        "value": first_years, "unit": "persons", "period": "first two full calendar years in office",
        "source_ids": sorted(set(admin_ids) | set(stated_ids)),
        "note": "Calendar years wholly in office (not the first 24 months: no monthly figures are sourced); persons is null "
                "unless both years have a full-year figure. stated_first_24_months is a total a source gives for the "
                "23-25 months from the term's start, shown for comparison, never mixed into persons.",
    }
    if len(full):
        peak = peak_row(r.annual)
        latest = full.iloc[-1]
        out["peak_year"] = common.key_figure(
            int(peak["year"]), "year", window, [peak["source_id"]],
            f"Year with the most extraditions {label} among the {int((full['scope'] == peak['scope']).sum())} years "
            f"with a full-year figure counting {SCOPE_LABELS[peak['scope']]}.")
        out["peak_persons"] = common.key_figure(int(peak["persons"]), "persons", str(int(peak["year"])), [peak["source_id"]],
                                                f"Extraditions {label}; {SCOPE_LABELS[peak['scope']]}.")
        out["peak_persons"]["scope"] = str(peak["scope"])  # what the count covers: compare only within one scope
        out["peak_persons"]["obs_status"] = out["peak_year"]["obs_status"] = str(peak["obs_status"])
        out["latest_year"] = common.key_figure(int(latest["year"]), "year", window, [latest["source_id"]],
                                               f"Latest year with a full-year figure for extraditions {label}.")
        out["latest_persons"] = common.key_figure(
            int(latest["persons"]), "persons", str(int(latest["year"])), [latest["source_id"]],
            f"Extraditions {label}; {SCOPE_LABELS[latest['scope']]}.")
        out["latest_persons"]["scope"] = str(latest["scope"])
        out["latest_persons"]["obs_status"] = out["latest_year"]["obs_status"] = str(latest["obs_status"])
    else:
        for name, unit in (("peak_year", "year"), ("peak_persons", "persons"), ("latest_year", "year"), ("latest_persons", "persons")):
            out[name] = common.key_figure(None, unit, window, [], f"No full-year figure for extraditions {label} in {window}.")
    gaps = gap_years(r.annual)
    out["years_without_full_year_figure"] = common.key_figure(
        gaps, "years", window, [],
        f"Calendar years with no full-year figure for extraditions {label}: {periods.format_year_ranges(gaps) or 'none'}.")
    out["transfers_2025_persons"] = _transfers_2025(r)
    return mark_literature(out)


def _transfers_2025(r: Extraditions) -> dict[str, Any]:
    ext, per = r.tables["extraditions"], r.tables["extraditions_periods"]
    rows = source_rows(ext, r.direction, "transfer")
    pref = rows[(rows["year"] == 2025) & rows["preferred"]]
    events = transfer_events(per, r.direction)
    events = events[events["date"].dt.year == 2025]
    dated = ", ".join(f"{int(p)} on {day_label(d)}" for d, p in zip(events["date"], events["persons"]) if pd.notna(p))
    if len(pref):
        row = pref.iloc[0]
        check = ""
        if len(events) and events["agree"].all():
            total = int(events["persons"].sum())
            check = (f" Cross-check: the distinct dated 2025 transfers in extraditions_periods ({dated}) sum to {total}"
                     + (", the same." if total == int(row["persons"]) else f", which differs by {int(row['persons']) - total:+}."))
        return common.key_figure(int(row["persons"]), "persons", "2025", [row["source_id"]],
                                 "From the preferred 2025 transfer row of extraditions.csv (transfers outside the "
                                 f"extradition treaty, not extraditions; {DIRECTION_SHORT[r.direction]}).{check}")
    if len(events) and events["agree"].all():
        ids = common.split_ids(events["source_ids"])
        return common.key_figure(int(events["persons"].sum()), "persons", "2025", ids,
                                 "No annual 2025 transfer row; sum of the distinct 2025 transfers dated in "
                                 f"extraditions_periods ({dated}).")
    return common.key_figure(None, "persons", "2025", [], f"No 2025 transfer recorded ({DIRECTION_SHORT[r.direction]}).")

def _source_phrase(source: str) -> str:
    return "preferred figure per year" if source in SOURCE_MODES else f"figures of source {source}"


def publishers(sources: pd.DataFrame | None) -> dict[str, str]:
    """source_id -> short publisher name (text before the first parenthesis)."""
    if sources is None:
        from mxsec.data import load

        sources = load("sources")
    return {s: p.split(" (")[0] for s, p in zip(sources["source_id"], sources["publisher"])}


# --------------------------------------------------------------------------- numbers the prose states


def largest_fall(annual: pd.DataFrame) -> dict[str, Any] | None:
    """The largest drop between two consecutive calendar years that both have a full-year
    figure of the same scope: {from_year, from_persons, to_year, to_persons, drop, change_pct}
    (the change in percent of the first year's figure); None if no drop."""
    full = annual[annual["persons"].notna()].set_index("year")
    best = None
    for year in full.index:
        nxt = year + 1
        if nxt in full.index and full.at[year, "scope"] == full.at[nxt, "scope"]:
            drop = int(full.at[year, "persons"]) - int(full.at[nxt, "persons"])
            if drop > 0 and (best is None or drop > best["drop"]):
                best = {"from_year": int(year), "from_persons": int(full.at[year, "persons"]), "to_year": int(nxt),
                        "to_persons": int(full.at[nxt, "persons"]), "drop": drop}
    if best:
        best["change_pct"] = pct_change(best["from_persons"], best["to_persons"])
    return best


def pct_change(a: int, b: int) -> float | None:
    """The change from ``a`` to ``b`` in percent of ``a``; None when ``a`` is 0."""
    return 100 * (b - a) / a if a else None


def not_comparable(stated: pd.DataFrame) -> pd.Series:
    """The rows of ``stated_comparison`` that no annual sum can be set against (a span that
    cuts a calendar year, no whole calendar year, another scope)."""
    return stated["comparison"].str.startswith("not comparable")


def stated_check(stated: pd.DataFrame) -> dict[str, Any]:
    """How the stated totals of ``stated_comparison`` fare against the annual sums: ``stated``
    (totals), ``comparable`` (spans of whole calendar years of the same scope), ``checked``
    (set against a complete annual sum), ``unchecked`` (the others), ``agree`` (checked and
    within ``AGREE_WITHIN`` persons), ``same`` (of those, from the source of the annual
    figures) and ``worst``: the checked total from another source furthest from its sum, when
    it is more than ``AGREE_WITHIN`` off (else None)."""
    checked = stated[stated["computed"].notna()]
    agree = checked[checked["difference"].abs() <= AGREE_WITHIN]
    independent = checked[~checked["same_source"]]
    worst = independent.loc[independent["difference"].abs().idxmax()] if len(independent) else None
    return {"stated": len(stated), "comparable": int((~not_comparable(stated)).sum()), "checked": len(checked),
            "unchecked": len(stated) - len(checked), "agree": len(agree), "same": int(agree["same_source"].sum()),
            "worst": worst if worst is not None and abs(int(worst["difference"])) > AGREE_WITHIN else None}


def event_counts(events: pd.DataFrame) -> dict[str, int]:
    """Events of ``notable_events`` per category (every category of ``EVENT_CATEGORIES``)."""
    counts = events["category"].value_counts()
    return {category: int(counts.get(category, 0)) for category in EVENT_CATEGORIES}


def years_with_both(relation: pd.DataFrame, other: str) -> int:
    """Years of ``relation_frame`` with both an extradition figure and a value of ``other``
    ("homicides" or "assistance")."""
    column = "homicides" if other == "homicides" else "assistance_usd"
    return int((relation["extraditions"].notna() & relation[column].notna()).sum())


def changeover_years(r: Extraditions) -> list[tuple[int, str]]:
    """(year, short name of the administration it belongs to) for each year in the window in
    which a Mexican term began."""
    terms = r.administrations[r.administrations["country"] == "MX"].sort_values("start")
    changes = [pd.Timestamp(t) for t in terms["start"] if r.start_year <= pd.Timestamp(t).year <= r.end_year]
    out = []
    for start in changes:
        year = start.year
        name = periods.administration_for_year(year, r.administrations)
        if name:
            out.append((year, periods.short_name(name, r.administrations)))
    return out

