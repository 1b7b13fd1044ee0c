"""What the funding report states: every number its sentences, tables and charts show, read
from a built ``compute.Funding``, and the key figures (``key_figures``, reached as
``compute.key_figures``). Follows the ``compute`` rules: no drawing, no sentences."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mxsec.analysis.common import combine_status, frame_ids, key_figure
from mxsec.analysis.periods import format_year_ranges
from mxsec.formatting import fmt

from .compute import (ALL_AID_CONTEXT_YEARS, ESTIMATED, GREENBOOK_SOURCE, MERIDA, MERIDA_FIRST_FISCAL_YEAR, PROVISIONAL, SECURITY_ACCOUNTS,
                      SECURITY_GROUPS, SECURITY_STAGE, STATE_SECURITY_ACCOUNTS, SWING_EXAMPLE, Funding, build,
                      centred_mean, enacted_vs_request_years, is_comparable, one_per_key,
                      select_source)


def window_span(d: Funding) -> str:
    """The fiscal years of the edition: ``FY2000–FY2025``."""
    return format_year_ranges(range(d.start_year, d.end_year + 1), prefix="FY")


def security_with_data(d: Funding) -> pd.DataFrame:
    """The fiscal years of ``d.security`` that have a value."""
    return d.security[d.security["value"].notna()]


def security_facts(d: Funding) -> dict[str, Any] | None:
    """Security assistance over the years with data (None for none): ``peak``, ``first``, ``last`` (rows),
    ``span``, ``total_nominal_usd``, and the shares (percent, nominal) of all U.S. foreign-aid obligations
    in the same years (``all_aid_share``, NaN without them) and of INCLE, the main Mérida account; and
    ``trend_first``, ``trend_last``, ``trend_peak``: rows of ``d.trend`` (the centred three-year mean),
    the ones every statement about rising or falling assistance uses. Only comparable rows are ranked."""
    sec = security_with_data(d)
    sec = sec[is_comparable(sec)]
    if not len(sec):
        return None
    total = sec["value_usd"].sum()
    aid = d.all_aid_obligated[d.all_aid_obligated["fiscal_year"].isin(sec["fiscal_year"])]
    first, last = int(sec["fiscal_year"].min()), int(sec["fiscal_year"].max())
    trend = d.trend[d.trend["centred_mean"].notna() & is_comparable(d.trend)]
    return {"peak": sec.loc[sec["value"].idxmax()], "first": sec.iloc[0], "last": sec.iloc[-1],
            "trend_first": trend.iloc[0], "trend_last": trend.iloc[-1],
            "trend_peak": trend.loc[trend["centred_mean"].idxmax()],
            "span": format_year_ranges(range(first, last + 1), prefix="FY"), "total_nominal_usd": float(total),
            "all_aid_share": 100 * total / aid["value_usd"].sum() if len(aid) and aid["value_usd"].sum() else np.nan,
            "incle_share": d.by_account[d.by_account["program"] == "incle"]["value_usd"].sum() / total * 100}


def security_by_group(d: Funding) -> pd.DataFrame:
    """Security assistance (edition's dollars) by fiscal year and ``SECURITY_GROUPS`` group with a row."""
    by = d.by_account.copy()
    by["group"] = by["program"].where(by["program"].isin(STATE_SECURITY_ACCOUNTS + ("dod_counterdrug",)), "other_dod")
    groups = [g for g in SECURITY_GROUPS if g in set(by["group"])]
    years = list(range(d.start_year, d.end_year + 1))
    wide = by.pivot_table(index="fiscal_year", columns="group", values="value", aggfunc="sum").reindex(years)
    return wide[groups] if groups else pd.DataFrame(index=years)


def charted_programs(d: Funding) -> list[str]:
    """The selected programmes that have rows, in the order asked for."""
    return [p for p in d.programs if p in set(d.series["program"])]


def program_gaps(d: Funding, program: str) -> list[int]:
    """Fiscal years of the window without a figure for ``program`` (its panel hatches them)."""
    present = set(d.series.loc[(d.series["program"] == program) & d.series["value"].notna(), "fiscal_year"].astype(int))
    return [y for y in range(d.start_year, d.end_year + 1) if y not in present]


def obligation_peaks(d: Funding) -> pd.DataFrame | None:
    """The highest year of each programme charted at the obligation stage, among comparable rows
    (full coverage, not provisional or estimated); None for none."""
    obligated = d.series[(d.series["stage"] == "obligated") & is_comparable(d.series)]
    return obligated.loc[obligated.groupby("program")["value"].idxmax()] if len(obligated) else None


def like_for_like(comparison: pd.DataFrame) -> pd.DataFrame:
    """The request-versus-enacted pairs that compare like for like."""
    return comparison[comparison["like_for_like"].astype(bool)] if len(comparison) else comparison


def request_gaps(d: Funding) -> dict[str, Any]:
    """The like-for-like pairs: ``cases``; ``above``, ``below`` (enacted above, below the request), ``n_above``,
    ``mostly_above`` (over half), ``median_gap_pct``, ``above_by_program`` (most first), ``merida``'s pairs;
    ``not_compared``: the pairs with a partial, provisional or estimated row (shown, never given a gap)."""
    like = like_for_like(d.comparison)
    above, below = like[like["gap_usd"] > 0], like[like["gap_usd"] < 0]
    return {"cases": len(like), "above": above, "below": below, "n_above": len(above),
            "mostly_above": len(above) > len(like) / 2, "median_gap_pct": like["gap_pct"].median() if len(like) else np.nan,
            "above_by_program": above.groupby("program").size().sort_values(ascending=False),
            "merida": like[like["program"] == MERIDA],
            "not_compared": d.comparison[~d.comparison["like_for_like"].astype(bool)] if len(d.comparison)
            else d.comparison}


def comparison_source_ids(d: Funding) -> list[str]:
    """The sources of the requests and of the enacted amounts compared."""
    return frame_ids(d.comparison, column="request_source") + frame_ids(d.comparison, column="enacted_source")


def annual_enacted(d: Funding) -> dict[str, Any]:
    """Annual Mérida figures: ``found`` of ``years`` fiscal years have one, adding up to ``sum_usd`` (nominal);
    ``through``: the last row of the running sum with no year missing or partial up to it (or None)."""
    cum = d.cumulative
    found, complete = cum[~cum["missing"].astype(bool)], cum[cum["complete"].astype(bool)]
    return {"found": len(found), "years": len(cum), "sum_usd": found["value_usd"].sum(),
            "through": complete.iloc[-1] if len(complete) else None}


def composition_shown(d: Funding) -> pd.DataFrame:
    """The composition rows that have an amount (the bars of the composition chart)."""
    return d.comp[d.comp["value_usd"].notna()].reset_index(drop=True)


def composition_source_count(d: Funding) -> int:
    """How many sources the composition figures come from."""
    return int(d.comp["source_id"].nunique())


def per_homicide_range(d: Funding) -> dict[str, Any] | None:
    """The ``low`` and ``high`` rows of aid per homicide averaged over three fiscal years centred on
    each year (``centred_mean``: column ``centred_mean``, with ``window_start`` and ``window_end``),
    so that one year's obligation timing is not read as the lowest or highest year; and the
    ``years`` with a ratio. None for none."""
    ph = d.context[d.context["per_homicide"].notna()] if len(d.context) else d.context
    if not len(ph):
        return None
    smooth = centred_mean(ph, "per_homicide")
    return {"low": smooth.loc[smooth["centred_mean"].idxmin()], "high": smooth.loc[smooth["centred_mean"].idxmax()],
            "years": len(ph)}


def obligations_above_enacted(d: Funding) -> dict[str, int] | None:
    """Fully reported years with enacted and obligated all-aid totals (``years``), ``more`` obligated."""
    st = d.stages
    wide = st[~st["partly_reported"]].pivot_table(index="fiscal_year", columns="stage", values="value_usd") if len(st) else pd.DataFrame()
    if not {"enacted", "obligated"} <= set(wide.columns):
        return None
    both = wide[["enacted", "obligated"]].dropna()
    return {"more": int((both["obligated"] > both["enacted"]).sum()), "years": len(both)}


def all_aid_context(d: Funding, first: int | None = None, last: int | None = None) -> pd.DataFrame:
    """All U.S. foreign aid to Mexico (all sectors, not security assistance) per fiscal year of
    ``first``-``last`` (default ``ALL_AID_CONTEXT_YEARS``) within the edition: one row per year with,
    per stage reported in those years, ``<stage>_usd`` (nominal) and ``<stage>_obs_status``, and
    ``source_ids``. Nothing is compared or ranked here; P values stay flagged."""
    first, last = (first or ALL_AID_CONTEXT_YEARS[0]), (last or ALL_AID_CONTEXT_YEARS[1])
    st = d.stages[d.stages["fiscal_year"].between(first, last)] if len(d.stages) else d.stages
    years = [y for y in range(max(first, d.start_year), min(last, d.end_year) + 1)]
    out = pd.DataFrame({"fiscal_year": years})
    stages = [s for s in ("request", "enacted", "allocated", "obligated", "disbursed") if s in set(st["stage"])]
    for stage in stages:
        mine = st[st["stage"] == stage].set_index("fiscal_year")
        out[f"{stage}_usd"] = [float(mine.at[y, "value_usd"]) if y in mine.index else np.nan for y in years]
        out[f"{stage}_obs_status"] = [str(mine.at[y, "obs_status"]) if y in mine.index else "" for y in years]
    out["source_ids"] = [";".join(sorted(set(st.loc[st["fiscal_year"] == y, "source_id"].astype(str)))) for y in years]
    return out


def all_aid_context_stages(context: pd.DataFrame) -> list[str]:
    """The stages ``all_aid_context`` has columns for, in budget order."""
    return [c[: -len("_usd")] for c in context.columns if c.endswith("_usd")]


def reported_stages(d: Funding) -> list[str]:
    """The budget stages of all foreign aid that the selection has rows for, in budget order."""
    return [s for s in ("request", "enacted", "allocated", "obligated", "disbursed") if s in set(d.stages["stage"])]


def gap_years(d: Funding) -> dict[str, list[int]]:
    """Fiscal years of the edition without ``security`` assistance by account, ``partly_reported`` by the
    all-aid source, with security assistance but no full-year INEGI ``homicides`` count, without ``cpi``."""
    ctx, sec_years = d.context, security_with_data(d)["fiscal_year"]
    cpi_years = set(d.tables["us_cpi_u"]["year"].astype(int))
    return {"security": [int(y) for y in d.security.loc[~d.security["covered"], "fiscal_year"]],
            "partly_reported": sorted(set(d.stages.loc[d.stages["partly_reported"], "fiscal_year"])) if len(d.stages) else [],
            "homicides": sorted(set(sec_years) - set(ctx.loc[ctx["homicides"].notna(), "fiscal_year"] if len(ctx) else []))
            if len(sec_years) else [],
            "cpi": [y for y in range(d.start_year, d.end_year + 1) if y not in cpi_years]}


def dataset_facts(d: Funding) -> dict[str, Any]:
    """What the methodology says of the data: ``greenbook_years``, ``cpi_span`` (``1990–2025``), the
    ``esf_first_year`` of ESF obligations (or None) and ``incle_timing``: INCLE obligations (preferred,
    nominal) in the first Mérida fiscal year and two years later, or None (how obligations lag); and
    ``swing``: the ``SWING_EXAMPLE`` account's obligations around its year with their centred mean
    (``year``, ``before``, ``value``, ``after``, ``centred_mean``, ``window_years``), or None; ``flagged``:
    per status E and P, the (program, stage, fiscal years) of the preferred rows that carry it."""
    us, cpi_years = d.tables["us_assistance"], d.tables["us_cpi_u"]["year"]
    esf = us[(us["program"] == "esf") & (us["stage"] == SECURITY_STAGE)]
    rows = one_per_key(select_source(us, "preferred"))
    incle = rows[(rows["program"] == "incle") & (rows["stage"] == "obligated")].set_index("fiscal_year")["value_usd"]
    first = MERIDA_FIRST_FISCAL_YEAR
    return {"greenbook_years": sorted({int(y) for y in us.loc[us["source_id"] == GREENBOOK_SOURCE, "fiscal_year"]}),
            "cpi_span": format_year_ranges(range(int(cpi_years.min()), int(cpi_years.max()) + 1)),
            "esf_first_year": int(esf["fiscal_year"].min()) if len(esf) else None,
            "incle_timing": (incle[first], incle[first + 2]) if first in incle.index and first + 2 in incle.index else None,
            "swing": _swing_example(rows),
            "flagged": {status: [(program, stage, sorted(int(y) for y in group["fiscal_year"]))
                                 for (program, stage), group in rows[rows["obs_status"] == status].groupby(
                                     ["program", "stage"])] for status in (ESTIMATED, PROVISIONAL)}}


def _swing_example(rows: pd.DataFrame) -> dict[str, Any] | None:
    program, year = SWING_EXAMPLE
    mine = rows[(rows["program"] == program) & (rows["stage"] == SECURITY_STAGE)]
    trend = centred_mean(mine, "value_usd").set_index("fiscal_year")
    if not {year - 1, year, year + 1} <= set(trend.index):
        return None
    return {"program": program, "year": year, "before": float(trend.at[year - 1, "value_usd"]),
            "value": float(trend.at[year, "value_usd"]), "after": float(trend.at[year + 1, "value_usd"]),
            "centred_mean": float(trend.at[year, "centred_mean"]), "window_years": int(trend.at[year, "window_years"])}


# --- Key figures ----------------------------------------------------------------------------

def key_figures(bundle: Funding | None = None) -> dict[str, dict[str, Any]]:
    """The report's key figures, each ``{value, unit, period, source_ids, note}``, for ``bundle``
    (None: the default edition, ``build()``).

    merida_cumulative_usd: the latest published cumulative Mérida total (stage enacted,
    nominal) with its span; peak_fiscal_year / peak_usd and latest_fiscal_year / latest_usd:
    security assistance as defined here, in ``dollars`` (the ``*_nominal_usd`` entries give the
    nominal value); request_below_enacted_years: fiscal years in which every like-for-like
    comparison shows more enacted than requested; security_total_nominal_usd: the sum over the
    years with data. Values are None where the selection has no data. Entries built from one
    observation (one published total, one fiscal year's sum) also carry its ``obs_status``
    (``coverage`` too for the request-versus-enacted entry, which lists the pairs not compared).
    """
    d = bundle if bundle is not None else build()
    unit_note = (f"constant {d.base_year} dollars (CPI-U calendar-year average applied to the fiscal year)"
                 if d.dollars == "constant" else "nominal dollars")
    definition = (f"security assistance as defined in mxsec.analysis.funding: {', '.join(SECURITY_ACCOUNTS[:5])} and "
                  f"the other DoD accounts, stage {SECURITY_STAGE}")
    figures: dict[str, dict[str, Any]] = {}
    latest_total = d.notes.get("latest_total")
    if latest_total:
        others = "; ".join(f"{fmt(v, 'usd')} ({s}, {p})" for v, s, p in latest_total["others"])
        figures["merida_cumulative_usd"] = key_figure(
            latest_total["value_usd"], "usd", latest_total["span"], [latest_total["source_id"]],
            "Latest published cumulative Mérida total, stage enacted, nominal dollars, as stated by the source"
            + (f"; other figures for the same span: {others}" if others else ""))
        figures["merida_cumulative_usd"]["obs_status"] = latest_total["obs_status"]
    else:
        figures["merida_cumulative_usd"] = key_figure(None, "usd", "", [],
                                                      f"No published cumulative Mérida total ends by FY{d.end_year}")
    sec, facts = security_with_data(d), security_facts(d)
    span = window_span(d)
    if facts is not None:
        for key, row, what in (("peak", facts["peak"], "Highest year"), ("latest", facts["last"], "Latest year with data")):
            year = int(row["fiscal_year"])
            ids = frame_ids(sec[sec["fiscal_year"] == year], column="source_ids")
            figures[f"{key}_fiscal_year"] = key_figure(year, "fiscal_year", span, ids, f"{what} of {definition}")
            figures[f"{key}_usd"] = key_figure(float(row["value"]), "usd", f"FY{year}", ids,
                                               f"{definition}; {unit_note}; nominal {fmt(row['value_usd'], 'usd')}")
            figures[f"{key}_nominal_usd"] = key_figure(float(row["value_usd"]), "usd", f"FY{year}", ids,
                                                       f"{definition}; nominal dollars")
            for name in (f"{key}_fiscal_year", f"{key}_usd", f"{key}_nominal_usd"):
                figures[name]["obs_status"] = row["obs_status"]
        figures["security_total_nominal_usd"] = key_figure(
            facts["total_nominal_usd"], "usd", facts["span"], frame_ids(sec, column="source_ids"),
            f"Sum of {definition} over the fiscal years with data, nominal dollars")
        figures["security_total_nominal_usd"]["obs_status"] = combine_status(sec["obs_status"])
    else:
        for key in ("peak_fiscal_year", "peak_usd", "peak_nominal_usd", "latest_fiscal_year", "latest_usd",
                    "latest_nominal_usd", "security_total_nominal_usd"):
            figures[key] = key_figure(None, "usd" if "usd" in key else "fiscal_year", span, [],
                                      f"No {SECURITY_STAGE} rows by account in this selection")
    classes = enacted_vs_request_years(d.comparison)
    like = like_for_like(d.comparison)
    years = like["fiscal_year"] if len(like) else pd.Series([], dtype=int)
    not_compared = "; ".join(f"FY{int(r.fiscal_year)} {r.program} ({r.caveat})"
                             for r in request_gaps(d)["not_compared"].itertuples())
    figures["request_below_enacted_years"] = key_figure(
        classes["above"], "fiscal_years",
        format_year_ranges(range(int(years.min()), int(years.max()) + 1), prefix="FY") if len(years) else span,
        frame_ids(like, column="request_source") + frame_ids(like, column="enacted_source") if len(like) else [],
        f"Fiscal years in which the enacted amount exceeded the request in every like-for-like comparison "
        f"({len(like)} comparisons in {len(set(years))} fiscal years; programmes: "
        f"{', '.join(sorted(set(like['program']))) if len(like) else 'none'}). Enacted below the request: "
        f"{format_year_ranges(classes['below'], prefix='FY') or 'none'}; "
        f"programmes disagree: {format_year_ranges(classes['mixed'], prefix='FY') or 'none'}; not compared (a row "
        f"covers part of the year or is provisional or estimated): {not_compared or 'none'}")
    figures["request_below_enacted_years"]["coverage"] = "full"  # only full-year, comparable pairs are counted
    figures["request_below_enacted_years"]["obs_status"] = combine_status(
        pd.concat([like["request_obs_status"], like["enacted_obs_status"]])) if len(like) else None
    return figures
