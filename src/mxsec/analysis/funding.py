"""Funding: what the United States has spent on security cooperation with Mexico, and where it went.

Every number comes from the curated tables (``mxsec.data.load``): ``us_assistance`` (requests,
enacted amounts, allocations, obligations and disbursements by programme or account, nominal
U.S. dollars, U.S. federal fiscal years), ``us_assistance_periods`` (cumulative totals as
sources state them), ``merida_composition``, ``us_cpi_u`` (deflator), ``homicides_national``
and ``population`` (context). Nothing is estimated or filled in: a year without a figure stays
missing (NaN) and is listed as a gap.

The definition of "security assistance" lives here and only here (``SECURITY_ACCOUNTS`` at
``SECURITY_STAGE``), and ``security_assistance()`` is the one function that sums accounts.

Units: ``value_usd`` is nominal U.S. dollars. Constant dollars (``dollars="constant"``) deflate
with the BLS CPI-U annual average of the calendar year that has the fiscal year's number
(FY2010, October 2009 - September 2010, uses the 2010 calendar-year average); the error of that
shortcut is at most a quarter-year of inflation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import matplotlib.lines
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from mxsec import charts
from mxsec.analysis import periods
from mxsec.report import LegacyChart as Chart, fmt

# --- The definition of security assistance (used everywhere) --------------------------------

SECURITY_STAGE = "obligated"
"""Budget stage of the security-assistance series. Obligations (USAID Greenbook) are the only
series broken down by account for every fiscal year FY2000-FY2020; requests and enacted amounts
are published by account only for scattered years."""

STATE_SECURITY_ACCOUNTS = ("incle", "fmf", "imet", "nadr")
"""State Department security-assistance accounts: International Narcotics Control and Law
Enforcement (the main Mérida account), Foreign Military Financing, International Military
Education and Training, and Nonproliferation, Anti-terrorism, Demining and Related Programs."""

DOD_SECURITY_ACCOUNTS = ("dod_counterdrug", "dod_om_defense_wide", "dod_om_navy", "dod_excess_defense_articles",
                         "dod_military_assistance_old_code", "dod_air_force_cadet_fund",
                         "dod_cooperative_threat_reduction", "dod_oco_transfer_fund")
"""Every Department of Defense account the Greenbook records for Mexico. ``dod_counterdrug``
(Drug Interdiction and Counter-Drug Activities, Defense) is the account that pays for DoD
counternarcotics support under Section 1004 (now 10 U.S.C. 284); Operation and Maintenance,
Defense-Wide is the account from which Defense Security Cooperation Agency programs such as
Section 333 are paid. The Greenbook names accounts, not legal authorities."""

SECURITY_ACCOUNTS = STATE_SECURITY_ACCOUNTS + DOD_SECURITY_ACCOUNTS

ESF_DECISION = (
    "The Economic Support Fund (ESF) is left out: it paid for part of Mérida's institution-building and "
    "community pillars, but the Greenbook records ESF obligations to Mexico {since}, long before Mérida, and ESF "
    "also pays for development, economic and environmental programmes; no source in data/ separates the "
    "security-related share. Counting all of it would overstate security assistance; ESF is shown beside the "
    "total so the reader can add it.")
"""Why ESF is out (``{since}`` is filled from the data by ``esf_decision``)."""
OTHER_EXCLUSIONS = (
    "Left out as well: Justice and Homeland Security accounts (DEA, FBI, ATF, CBP, ICE, USCIS), which the "
    "Greenbook records as small agency operating costs in Mexico rather than assistance programmes, and "
    "development, health and environmental accounts.")

# --- Other constants ----------------------------------------------------------------------

MERIDA = "merida"
ALL_AID = "all_foreign_aid"
GREENBOOK_SOURCE = "usaid_greenbook_7cnw_pw8v_20220809"
FAE_SOURCE = "usaid_fae_country_summary_fy1946_2022"
MERIDA_FIRST_FISCAL_YEAR = 2008
DEFAULT_START_YEAR, DEFAULT_END_YEAR = 2000, 2025
DEFAULT_DOLLARS, DEFAULT_BASE_YEAR = "constant", 2024
DEFAULT_SOURCE = "preferred"
DEFAULT_PROGRAMS = ("incle", "fmf", "esf", "imet", "nadr", "dod_counterdrug", "all_foreign_aid")
STAGE_ORDER = ("request", "enacted", "allocated", "obligated", "disbursed", "delivered")
SERIES_STAGE_PREFERENCE = ("obligated", "enacted", "allocated", "disbursed", "request", "delivered")
PARTLY_REPORTED_MARK = "partly reported"
# A row's note marks it as covering only part of the fiscal year's appropriations or request,
# or as a lower bound: such a row is not compared like for like.
PARTIAL_NOTE = re.compile(r"\bpartial\b|lower bound|\bat least\b|regular budget request", re.IGNORECASE)
# An account-year this many times below (or above) both neighbouring years is flagged as unusual.
UNUSUAL_FACTOR = 10

PROGRAM_LABELS = {
    "merida": "Mérida Initiative",
    "incle": "INCLE (narcotics and law enforcement)",
    "fmf": "FMF (military financing)",
    "esf": "ESF (economic support)",
    "imet": "IMET (military education)",
    "nadr": "NADR (nonproliferation, demining)",
    "dod_counterdrug": "DoD counterdrug (Sec. 1004)",
    "section_1004": "DoD Section 1004",
    "section_333": "DoD Section 333",
    "dod_om_defense_wide": "DoD O&M, Defense-wide",
    "all_foreign_aid": "All U.S. foreign aid",
    "cbj_all_accounts": "All accounts (State budget justification)",
}
SHORT_LABELS = {"incle": "INCLE", "fmf": "FMF", "imet": "IMET", "nadr": "NADR", "dod_counterdrug": "DoD counterdrug",
                "esf": "ESF", "merida": "Mérida", "all_foreign_aid": "All foreign aid", "other_dod": "Other DoD accounts"}
STAGE_LABELS = {"request": "requested", "enacted": "enacted (appropriated)", "allocated": "allocated",
                "obligated": "obligated", "disbursed": "disbursed", "delivered": "delivered"}

MILLION = 1e6


# --- Small helpers ------------------------------------------------------------------------

def program_label(program: str, us_assistance: pd.DataFrame | None = None) -> str:
    """Human label of a programme code; other Greenbook accounts take the account name from the note."""
    if program in PROGRAM_LABELS:
        return PROGRAM_LABELS[program]
    if us_assistance is not None:
        notes = us_assistance.loc[us_assistance["program"] == program, "note"].dropna()
        for note in notes:
            if str(note).startswith("Greenbook account: "):
                return str(note)[len("Greenbook account: "):]
    return program


def fy_span(first: int, last: int) -> str:
    """``FY2008`` or ``FY2008-FY2021`` (en dash)."""
    return f"FY{first}" if first == last else f"FY{first}\u2013FY{last}"


def year_ranges(years: Iterable[int]) -> str:
    """Compact list of fiscal years: ``FY2011, FY2013-FY2018``; empty string for none."""
    years = sorted({int(y) for y in years})
    if not years:
        return ""
    runs, start, prev = [], years[0], years[0]
    for y in years[1:]:
        if y != prev + 1:
            runs.append(fy_span(start, prev))
            start = y
        prev = y
    runs.append(fy_span(start, prev))
    return ", ".join(runs)


def dollars_label(dollars: str, base_year: int) -> str:
    """``constant 2024 dollars`` or ``nominal dollars``."""
    return f"constant {base_year} dollars" if dollars == "constant" else "nominal dollars"


def source_ids_of(*frames: pd.DataFrame, column: str = "source_id") -> list[str]:
    """Sorted distinct source_ids in ``column`` of the frames (semicolon-separated lists are split)."""
    ids: set[str] = set()
    for frame in frames:
        if frame is None or not len(frame) or column not in frame:
            continue
        for value in frame[column].dropna():
            ids.update(part for part in str(value).split(";") if part)
    return sorted(ids)


def _is_partial(note: Any) -> bool:
    return isinstance(note, str) and bool(PARTIAL_NOTE.search(note))


# --- Source selection and deflation -------------------------------------------------------

def select_source(us_assistance: pd.DataFrame, source: str = DEFAULT_SOURCE) -> pd.DataFrame:
    """Rows of ``us_assistance`` for a ``source`` parameter.

    ``preferred``: the preferred row per (fiscal_year, program, stage); ``all``: every row
    (functions that need one value per year then keep the preferred row, see ``one_per_key``);
    a ``source_id``: that source's rows only. Raises ValueError for an unknown source_id.
    """
    if source == "preferred":
        return us_assistance[us_assistance["preferred"]].copy()
    if source == "all":
        return us_assistance.copy()
    if source not in set(us_assistance["source_id"]):
        raise ValueError(f"source {source!r}: not 'preferred', 'all' or a source_id of us_assistance")
    return us_assistance[us_assistance["source_id"] == source].copy()


def one_per_key(rows: pd.DataFrame, key: Iterable[str] = ("fiscal_year", "program", "stage")) -> pd.DataFrame:
    """One row per key: the preferred row where there is one, else the first row in file order.
    Used where a value per year is needed and ``source="all"`` left several rows."""
    if not len(rows):
        return rows.copy()
    order = rows.assign(_rank=(~rows["preferred"]).astype(int), _pos=np.arange(len(rows)))
    order = order.sort_values(["_rank", "_pos"]).drop_duplicates(list(key), keep="first")
    return order.sort_values("_pos").drop(columns=["_rank", "_pos"])


def deflator(cpi: pd.DataFrame, base_year: int = DEFAULT_BASE_YEAR) -> pd.Series:
    """Factor per year that turns nominal dollars of that year into ``base_year`` dollars:
    CPI-U(base_year) / CPI-U(year), indexed by year. Raises ValueError when ``base_year`` has
    no CPI-U average."""
    index = cpi.set_index(cpi["year"].astype(int))["cpi_u_annual_average"].astype(float)
    if base_year not in index.index:
        raise ValueError(f"base_year {base_year}: no CPI-U annual average in us_cpi_u "
                         f"({int(index.index.min())}-{int(index.index.max())})")
    return index[base_year] / index


def to_dollars(values: pd.Series, years: pd.Series, cpi: pd.DataFrame, dollars: str = DEFAULT_DOLLARS,
               base_year: int = DEFAULT_BASE_YEAR) -> pd.Series:
    """Nominal values as ``dollars`` ask: unchanged for ``nominal``; for ``constant``, times
    ``deflator`` of the calendar year with the fiscal year's number (NaN where CPI-U is missing)."""
    values = values.astype(float)
    if dollars == "nominal":
        return values
    if dollars != "constant":
        raise ValueError(f"dollars {dollars!r}: use 'nominal' or 'constant'")
    factors = deflator(cpi, base_year)
    return values * years.astype(int).map(factors).astype(float).to_numpy()


# --- Security assistance (the one definition) ---------------------------------------------

def security_by_account(us_assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                        end_year: int = DEFAULT_END_YEAR, source: str = DEFAULT_SOURCE,
                        accounts: Iterable[str] = SECURITY_ACCOUNTS, stage: str = SECURITY_STAGE) -> pd.DataFrame:
    """The rows that make up security assistance: ``accounts`` at ``stage``, one per fiscal
    year and account (columns fiscal_year, program, stage, value_usd, source_id, note).
    Negative values (net de-obligations) are kept."""
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[rows["program"].isin(list(accounts)) & (rows["stage"] == stage)
                & rows["fiscal_year"].between(start_year, end_year)]
    return rows[["fiscal_year", "program", "stage", "value_usd", "source_id", "note"]].sort_values(
        ["fiscal_year", "program"]).reset_index(drop=True)


def _covered_years(us_assistance: pd.DataFrame, source: str, stage: str) -> set[int]:
    """Fiscal years in which the selected rows report any account (not a total) at ``stage``:
    within those years an account without a row had no obligations; outside them the year is a gap."""
    rows = select_source(us_assistance, source)
    rows = rows[(rows["stage"] == stage) & (rows["program"] != ALL_AID)]
    return {int(y) for y in rows["fiscal_year"]}


def security_assistance(us_assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                        end_year: int = DEFAULT_END_YEAR, source: str = DEFAULT_SOURCE,
                        accounts: Iterable[str] = SECURITY_ACCOUNTS, stage: str = SECURITY_STAGE) -> pd.DataFrame:
    """U.S. security assistance to Mexico per fiscal year, as defined in this module.

    One row per fiscal year from ``start_year`` to ``end_year``: ``value_usd`` (nominal, the
    sum over ``accounts`` at ``stage``), ``n_accounts`` (accounts with a row), ``stage``,
    ``source_ids`` (semicolon-separated) and ``covered`` (the source reports accounts at this
    stage for the year). A year the source does not cover has ``value_usd`` NaN, never 0; a
    covered year with no security account is a true 0.
    """
    accounts = tuple(accounts)
    rows = security_by_account(us_assistance, start_year, end_year, source, accounts, stage)
    covered = _covered_years(us_assistance, source, stage)
    sums = rows.groupby("fiscal_year").agg(value_usd=("value_usd", "sum"), n_accounts=("program", "nunique"),
                                           source_ids=("source_id", lambda s: ";".join(sorted(set(s)))))
    out = pd.DataFrame({"fiscal_year": range(start_year, end_year + 1)})
    out = out.merge(sums.reset_index().astype({"fiscal_year": int}), on="fiscal_year", how="left")
    out["covered"] = out["fiscal_year"].isin(covered)
    out.loc[out["covered"] & out["value_usd"].isna(), ["value_usd", "n_accounts"]] = 0
    out["n_accounts"] = out["n_accounts"].astype("Int64")
    out["source_ids"] = out["source_ids"].fillna("")
    out["stage"] = stage
    return out[["fiscal_year", "value_usd", "n_accounts", "stage", "source_ids", "covered"]]


def unusual_obligations(rows: pd.DataFrame, factor: float = UNUSUAL_FACTOR) -> pd.DataFrame:
    """Account-years whose obligations are ``factor`` times below both neighbouring years
    (``kind`` "dip") or ``factor`` times above both (``kind`` "spike"). ``rows`` has
    fiscal_year, program, value_usd (one row per account and year). Only years whose two
    neighbours have positive values are judged. These are the source's figures; obligations
    are recorded when agreements are signed, so either can be timing rather than a change in
    funding."""
    out = []
    for program, group in rows.groupby("program"):
        values = dict(zip(group["fiscal_year"].astype(int), group["value_usd"].astype(float)))
        for year, value in sorted(values.items()):
            before, after = values.get(year - 1), values.get(year + 1)
            if not before or not after or before <= 0 or after <= 0:
                continue
            if value * factor < min(before, after):
                out.append({"fiscal_year": year, "program": program, "value_usd": value, "kind": "dip"})
            elif value > factor * max(before, after):
                out.append({"fiscal_year": year, "program": program, "value_usd": value, "kind": "spike"})
    return pd.DataFrame(out, columns=["fiscal_year", "program", "value_usd", "kind"])


# --- Programme series ---------------------------------------------------------------------

def program_series(us_assistance: pd.DataFrame, programs: Iterable[str] = DEFAULT_PROGRAMS,
                   start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
                   source: str = DEFAULT_SOURCE) -> pd.DataFrame:
    """One series per programme at the first stage of ``SERIES_STAGE_PREFERENCE`` that the
    selected rows have for it (obligations where they exist, so accounts are comparable;
    Mérida only has enacted amounts). Columns fiscal_year, program, stage, value_usd, source_id.
    Programmes without any row are absent (list them with ``missing_programs``)."""
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[rows["fiscal_year"].between(start_year, end_year)]
    parts = []
    for program in programs:
        mine = rows[rows["program"] == program]
        for stage in SERIES_STAGE_PREFERENCE:
            if (mine["stage"] == stage).any():
                parts.append(mine[mine["stage"] == stage])
                break
    if not parts:
        return pd.DataFrame(columns=["fiscal_year", "program", "stage", "value_usd", "source_id", "note"])
    out = pd.concat(parts)[["fiscal_year", "program", "stage", "value_usd", "source_id", "note"]]
    return out.sort_values(["program", "fiscal_year"]).reset_index(drop=True)


def missing_programs(series: pd.DataFrame, programs: Iterable[str]) -> list[str]:
    """Programmes asked for that have no row in the selection and years shown."""
    present = set(series["program"]) if len(series) else set()
    return [p for p in programs if p not in present]


# --- Request versus enacted ---------------------------------------------------------------

def request_vs_enacted(us_assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                       end_year: int = DEFAULT_END_YEAR, source: str = DEFAULT_SOURCE) -> pd.DataFrame:
    """Every (fiscal year, programme) with both a request and an enacted amount.

    Columns: fiscal_year, program, request_usd, enacted_usd, gap_usd (enacted minus request,
    nominal), gap_pct (gap as % of the request), like_for_like (neither row's note marks it as
    partial, a lower bound or the regular request only; see ``PARTIAL_NOTE``), request_source,
    enacted_source, caveat (the notes of rows that are not like for like).
    """
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[rows["fiscal_year"].between(start_year, end_year)]
    keep = ["fiscal_year", "program", "value_usd", "source_id", "note"]
    req = rows[rows["stage"] == "request"][keep]
    enc = rows[rows["stage"] == "enacted"][keep]
    pairs = req.merge(enc, on=["fiscal_year", "program"], suffixes=("_req", "_enc"))
    columns = ["fiscal_year", "program", "request_usd", "enacted_usd", "gap_usd", "gap_pct", "like_for_like",
               "request_source", "enacted_source", "caveat"]
    if not len(pairs):
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({
        "fiscal_year": pairs["fiscal_year"].astype(int),
        "program": pairs["program"].astype(str),
        "request_usd": pairs["value_usd_req"].astype(float),
        "enacted_usd": pairs["value_usd_enc"].astype(float),
    })
    out["gap_usd"] = out["enacted_usd"] - out["request_usd"]
    out["gap_pct"] = 100 * out["gap_usd"] / out["request_usd"]
    partial_req = pairs["note_req"].map(_is_partial).to_numpy()
    partial_enc = pairs["note_enc"].map(_is_partial).to_numpy()
    out["like_for_like"] = ~(partial_req | partial_enc)
    out["request_source"] = pairs["source_id_req"].astype(str).to_numpy()
    out["enacted_source"] = pairs["source_id_enc"].astype(str).to_numpy()
    caveats = []
    for pr, pe, nr, ne in zip(partial_req, partial_enc, pairs["note_req"], pairs["note_enc"]):
        parts = ([f"request: {_clip(nr)}"] if pr else []) + ([f"enacted: {_clip(ne)}"] if pe else [])
        caveats.append("; ".join(parts))
    out["caveat"] = caveats
    return out.sort_values(["fiscal_year", "program"]).reset_index(drop=True)[columns]


def _clip(note: Any, words: int = 14) -> str:
    """A note without its closing quotation, cut to ``words`` words."""
    text = re.sub(r'\s*"[^"]*"\s*$', "", str(note)).strip().rstrip(".")
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def enacted_vs_request_years(comparison: pd.DataFrame) -> dict[str, list[int]]:
    """Fiscal years classified over the like-for-like pairs: ``above`` (enacted exceeded the
    request in every pair of the year), ``below`` (enacted under the request in every pair),
    ``mixed`` (programmes disagree) and ``equal``."""
    result: dict[str, list[int]] = {"above": [], "below": [], "mixed": [], "equal": []}
    like = comparison[comparison["like_for_like"].astype(bool)] if len(comparison) else comparison
    for year, group in like.groupby("fiscal_year"):
        signs = set(np.sign(group["gap_usd"]).astype(int))
        key = "above" if signs == {1} else "below" if signs == {-1} else "equal" if signs == {0} else "mixed"
        result[key].append(int(year))
    return result


def one_sided_years(us_assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                    end_year: int = DEFAULT_END_YEAR, source: str = DEFAULT_SOURCE,
                    programs: Iterable[str] = (MERIDA, ALL_AID)) -> pd.DataFrame:
    """Per programme, fiscal years that have a request but no enacted amount, or the reverse."""
    rows = select_source(us_assistance, source)
    rows = rows[rows["fiscal_year"].between(start_year, end_year)]
    out = []
    for program in programs:
        mine = rows[rows["program"] == program]
        req = set(mine.loc[mine["stage"] == "request", "fiscal_year"].astype(int))
        enc = set(mine.loc[mine["stage"] == "enacted", "fiscal_year"].astype(int))
        out.append({"program": program, "request_only": sorted(req - enc), "enacted_only": sorted(enc - req)})
    return pd.DataFrame(out)


# --- Mérida: cumulative series and published totals ---------------------------------------

def merida_cumulative(us_assistance: pd.DataFrame, end_year: int = DEFAULT_END_YEAR,
                      source: str = DEFAULT_SOURCE, last_year: int | None = None) -> pd.DataFrame:
    """Enacted Mérida amounts per fiscal year from FY2008 and their running sum (nominal).

    One row per fiscal year from FY2008 to ``last_year`` (default: the last year with an
    enacted row, capped at ``end_year``): value_usd (NaN where no enacted figure was found),
    cumulative_usd (sum of the years with data so far: a lower bound once a year is missing),
    missing, partial (the row's note says it covers part of the year), complete (no year
    missing or partial from FY2008 through this year), source_id.
    The running sum always starts in FY2008 whatever ``start_year`` a report shows.
    """
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[(rows["program"] == MERIDA) & (rows["stage"] == "enacted") & (rows["fiscal_year"] <= end_year)]
    columns = ["fiscal_year", "value_usd", "cumulative_usd", "missing", "partial", "complete", "source_id"]
    if last_year is None:
        if not len(rows):
            return pd.DataFrame(columns=columns)
        last_year = int(rows["fiscal_year"].max())
    last_year = min(last_year, end_year)
    out = pd.DataFrame({"fiscal_year": range(MERIDA_FIRST_FISCAL_YEAR, last_year + 1)})
    found = rows.assign(fiscal_year=rows["fiscal_year"].astype(int))[["fiscal_year", "value_usd", "source_id", "note"]]
    out = out.merge(found, on="fiscal_year", how="left")
    out["missing"] = out["value_usd"].isna()
    out["partial"] = out["note"].map(_is_partial)
    out["cumulative_usd"] = out["value_usd"].fillna(0).cumsum()
    out["complete"] = ~(out["missing"] | out["partial"]).cummax()
    out["source_id"] = out["source_id"].fillna("")
    return out[columns]


def published_totals(periods: pd.DataFrame, sources: pd.DataFrame | None = None,
                     end_year: int = DEFAULT_END_YEAR) -> pd.DataFrame:
    """Cumulative figures stated by sources (``us_assistance_periods``) whose span ends by
    ``end_year``, with the source's publication date (from ``sources``) for ordering."""
    out = periods[periods["end_fiscal_year"] <= end_year].copy()
    if sources is not None:
        out = out.merge(sources[["source_id", "published"]], on="source_id", how="left")
    else:
        out["published"] = ""
    out["span"] = [fy_span(int(a), int(b)) for a, b in zip(out["start_fiscal_year"], out["end_fiscal_year"])]
    cols = ["start_fiscal_year", "end_fiscal_year", "span", "program", "stage", "value_usd", "source_id",
            "published", "note"]
    return out.sort_values(["end_fiscal_year", "program", "stage", "published"]).reset_index(drop=True)[cols]


def latest_published_total(totals: pd.DataFrame, program: str = MERIDA, stage: str = "enacted") -> dict[str, Any] | None:
    """The published cumulative total with the latest end year (ties: the latest publication),
    and the other figures for the same span (same first and last fiscal year). None when there is none."""
    rows = totals[(totals["program"] == program) & (totals["stage"] == stage)]
    if not len(rows):
        return None
    last_end = rows["end_fiscal_year"].max()
    same = rows[rows["end_fiscal_year"] == last_end].sort_values("published", na_position="first")
    best = same.iloc[-1]
    same = same[same["start_fiscal_year"] == best["start_fiscal_year"]]  # a total from FY2007 is another span
    others = same.iloc[:-1]
    return {"value_usd": float(best["value_usd"]), "start": int(best["start_fiscal_year"]), "end": int(last_end),
            "source_id": best["source_id"], "published": best["published"],
            "others": [(float(v), s, p) for v, s, p in zip(others["value_usd"], others["source_id"], others["published"])]}


def compare_published(cumulative: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Each published Mérida enacted total beside the sum of the annual enacted figures over
    the same span, the years of the span without an annual figure, and the difference."""
    rows = totals[(totals["program"] == MERIDA) & (totals["stage"] == "enacted")]
    annual = cumulative.set_index("fiscal_year") if len(cumulative) else pd.DataFrame(columns=["value_usd"])
    out = []
    for r in rows.itertuples():
        years = range(int(r.start_fiscal_year), int(r.end_fiscal_year) + 1)
        values = [annual["value_usd"].get(y, np.nan) for y in years]
        missing = [y for y, v in zip(years, values) if pd.isna(v)]
        partial = [y for y in years if y in annual.index and bool(annual.at[y, "partial"])] if len(annual) else []
        annual_sum = float(np.nansum(values)) if any(pd.notna(v) for v in values) else np.nan
        out.append({"span": r.span, "published_usd": float(r.value_usd), "source_id": r.source_id,
                    "published": r.published, "annual_sum_usd": annual_sum,
                    "difference_usd": annual_sum - float(r.value_usd) if pd.notna(annual_sum) else np.nan,
                    "years_missing": year_ranges(missing), "years_partial": year_ranges(partial)})
    return pd.DataFrame(out, columns=["span", "published_usd", "source_id", "published", "annual_sum_usd",
                                      "difference_usd", "years_missing", "years_partial"])


def span_disagreements(totals: pd.DataFrame, program: str = MERIDA, stage: str = "enacted") -> pd.DataFrame:
    """Spans for which sources state different totals: span, lowest, highest, n_sources."""
    rows = totals[(totals["program"] == program) & (totals["stage"] == stage)]
    grouped = rows.groupby("span").agg(low=("value_usd", "min"), high=("value_usd", "max"),
                                       n_sources=("source_id", "nunique"), end=("end_fiscal_year", "first"))
    grouped = grouped[grouped["low"] < grouped["high"]].sort_values("end")
    return grouped.reset_index()[["span", "low", "high", "n_sources"]]


# --- Composition --------------------------------------------------------------------------

def composition(merida_composition: pd.DataFrame) -> pd.DataFrame:
    """The composition rows as sources state them, with their span (nothing is added up:
    categories from different sources and spans overlap)."""
    out = merida_composition.copy()
    out["span"] = [fy_span(int(a), int(b)) for a, b in zip(out["start_fiscal_year"], out["end_fiscal_year"])]
    out["category_label"] = out["category"].str.replace("_", " ")
    return out.sort_values(["start_fiscal_year", "end_fiscal_year", "value_usd"], ascending=[True, True, False]
                           ).reset_index(drop=True)


def composition_years(comp: pd.DataFrame) -> list[int]:
    """Fiscal years that at least one composition row covers."""
    years: set[int] = set()
    for a, b in zip(comp["start_fiscal_year"], comp["end_fiscal_year"]):
        years.update(range(int(a), int(b) + 1))
    return sorted(years)


# --- Context: per homicide and per capita ---------------------------------------------------

def homicides_inegi(homicides_national: pd.DataFrame) -> pd.DataFrame:
    """Preferred INEGI intentional-homicide victims for full years (months == 12): year, homicides, source_id."""
    h = homicides_national
    h = h[h["preferred"] & (h["source"] == "inegi") & (h["crime"] == "intentional_homicide") & (h["months"] == 12)]
    return h.rename(columns={"value": "homicides"})[["year", "homicides", "source_id"]].astype({"year": int})


def context_ratios(security: pd.DataFrame, homicides_national: pd.DataFrame | None,
                   population: pd.DataFrame | None, cpi: pd.DataFrame, dollars: str = DEFAULT_DOLLARS,
                   base_year: int = DEFAULT_BASE_YEAR) -> pd.DataFrame:
    """Security assistance per Mexican homicide and per inhabitant, per fiscal year matched to
    the calendar year of the same number. Columns fiscal_year, value (in ``dollars``),
    homicides, population, per_homicide, per_capita, source_ids. Years lacking assistance, or
    lacking both homicides and population, are dropped; a missing ratio stays NaN."""
    sec = security[security["value_usd"].notna()][["fiscal_year", "value_usd", "source_ids"]].copy()
    sec["value"] = to_dollars(sec["value_usd"], sec["fiscal_year"], cpi, dollars, base_year)
    if homicides_national is not None:
        hom = homicides_inegi(homicides_national).rename(columns={"year": "fiscal_year", "source_id": "hom_source"})
        sec = sec.merge(hom, on="fiscal_year", how="left")
    else:
        sec["homicides"], sec["hom_source"] = np.nan, np.nan
    if population is not None:
        pop = population[population["state_code"] == "00"][["year", "population", "source_id"]]
        pop = pop.rename(columns={"year": "fiscal_year", "source_id": "pop_source"}).astype({"fiscal_year": int})
        sec = sec.merge(pop, on="fiscal_year", how="left")
    else:
        sec["population"], sec["pop_source"] = np.nan, np.nan
    sec = sec[sec["homicides"].notna() | sec["population"].notna()].copy()
    sec["homicides"] = sec["homicides"].astype(float)
    sec["population"] = sec["population"].astype(float)
    sec["per_homicide"] = sec["value"] / sec["homicides"]
    sec["per_capita"] = sec["value"] / sec["population"]
    sec["source_ids"] = [";".join(sorted({part for value in values for part in str(value).split(";")
                                          if isinstance(value, str) and part}))
                         for values in zip(sec["source_ids"], sec["hom_source"], sec["pop_source"])]
    return sec[["fiscal_year", "value", "homicides", "population", "per_homicide", "per_capita", "source_ids"]
               ].reset_index(drop=True)


# --- Stages of all foreign aid --------------------------------------------------------------

def aid_stages(us_assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
               source: str = DEFAULT_SOURCE, cpi: pd.DataFrame | None = None, dollars: str = DEFAULT_DOLLARS,
               base_year: int = DEFAULT_BASE_YEAR) -> pd.DataFrame:
    """All U.S. foreign aid to Mexico by stage (request, enacted, allocated, obligated,
    disbursed) per fiscal year, one row per year and stage: fiscal_year, stage, value_usd
    (nominal), value (in ``dollars``), partly_reported (the note says the fiscal year is only
    partly reported), source_id."""
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[(rows["program"] == ALL_AID) & rows["fiscal_year"].between(start_year, end_year)
                & rows["stage"].isin(["request", "enacted", "allocated", "obligated", "disbursed"])].copy()
    rows["fiscal_year"] = rows["fiscal_year"].astype(int)
    rows["partly_reported"] = rows["note"].fillna("").str.contains(PARTLY_REPORTED_MARK, case=False)
    if cpi is not None:
        rows["value"] = to_dollars(rows["value_usd"], rows["fiscal_year"], cpi, dollars, base_year)
    else:
        rows["value"] = rows["value_usd"].astype(float)
    return rows[["fiscal_year", "stage", "value_usd", "value", "partly_reported", "source_id"]].sort_values(
        ["stage", "fiscal_year"]).reset_index(drop=True)


# --- Everything a report edition needs ------------------------------------------------------

def load_tables() -> dict[str, pd.DataFrame | None]:
    """The curated tables this topic reads (a table that fails validation stops the report)."""
    from mxsec.data import load

    return {name: load(name) for name in ("us_assistance", "us_assistance_periods", "merida_composition", "us_cpi_u",
                                          "sources", "homicides_national", "population")}


@dataclass
class Funding:
    """Every computed table of one edition (see ``prepare``)."""

    start_year: int
    end_year: int
    dollars: str
    base_year: int
    programs: tuple[str, ...]
    source: str
    tables: dict[str, pd.DataFrame | None]
    security: pd.DataFrame
    by_account: pd.DataFrame
    all_aid_obligated: pd.DataFrame
    esf: pd.DataFrame
    series: pd.DataFrame
    comparison: pd.DataFrame
    cumulative: pd.DataFrame
    totals: pd.DataFrame
    published_check: pd.DataFrame
    comp: pd.DataFrame
    context: pd.DataFrame
    stages: pd.DataFrame
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def unit(self) -> str:
        return dollars_label(self.dollars, self.base_year)


def prepare(start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR, dollars: str = DEFAULT_DOLLARS,
            base_year: int = DEFAULT_BASE_YEAR, programs: Iterable[str] = DEFAULT_PROGRAMS,
            source: str = DEFAULT_SOURCE, tables: dict[str, pd.DataFrame | None] | None = None) -> Funding:
    """Compute every table of the funding report for one set of parameters."""
    if start_year > end_year:
        raise ValueError(f"start_year {start_year} is after end_year {end_year}")
    tables = tables if tables is not None else load_tables()
    us, cpi = tables["us_assistance"], tables["us_cpi_u"]
    deflator(cpi, base_year)  # fail early on a base year without CPI-U
    security = security_assistance(us, start_year, end_year, source)
    security["value"] = to_dollars(security["value_usd"], security["fiscal_year"], cpi, dollars, base_year)
    by_account = security_by_account(us, start_year, end_year, source)
    by_account["value"] = to_dollars(by_account["value_usd"], by_account["fiscal_year"], cpi, dollars, base_year)
    rows = one_per_key(select_source(us, source))
    rows = rows[rows["fiscal_year"].between(start_year, end_year) & (rows["stage"] == SECURITY_STAGE)]
    all_aid = rows[rows["program"] == ALL_AID][["fiscal_year", "value_usd", "source_id", "note"]].copy()
    all_aid["partly_reported"] = all_aid["note"].fillna("").str.contains(PARTLY_REPORTED_MARK, case=False)
    all_aid["value"] = to_dollars(all_aid["value_usd"], all_aid["fiscal_year"], cpi, dollars, base_year)
    esf = rows[rows["program"] == "esf"][["fiscal_year", "value_usd", "source_id"]].copy()
    esf["value"] = to_dollars(esf["value_usd"], esf["fiscal_year"], cpi, dollars, base_year)
    series = program_series(us, programs, start_year, end_year, source)
    series["value"] = to_dollars(series["value_usd"], series["fiscal_year"], cpi, dollars, base_year)
    series["partly_reported"] = series["note"].fillna("").str.contains(PARTLY_REPORTED_MARK, case=False)
    totals = published_totals(tables["us_assistance_periods"], tables["sources"], end_year)
    latest_total = latest_published_total(totals)
    last_year = None
    cumulative = merida_cumulative(us, end_year, source, last_year)
    if latest_total is not None and len(cumulative):
        # run the annual series up to the latest published span so its missing years show
        last_year = max(int(cumulative["fiscal_year"].max()), min(latest_total["end"], end_year))
        cumulative = merida_cumulative(us, end_year, source, last_year)
    return Funding(
        start_year=start_year, end_year=end_year, dollars=dollars, base_year=base_year, programs=tuple(programs),
        source=source, tables=tables, security=security, by_account=by_account, all_aid_obligated=all_aid, esf=esf,
        series=series, comparison=request_vs_enacted(us, start_year, end_year, source), cumulative=cumulative,
        totals=totals, published_check=compare_published(cumulative, totals),
        comp=composition(tables["merida_composition"]),
        context=context_ratios(security, tables["homicides_national"], tables["population"], cpi, dollars, base_year),
        stages=aid_stages(us, start_year, end_year, source, cpi, dollars, base_year),
        notes={"latest_total": latest_total},
    )


# --- Key figures ----------------------------------------------------------------------------

def key_figures(start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
                dollars: str = DEFAULT_DOLLARS, base_year: int = DEFAULT_BASE_YEAR, source: str = DEFAULT_SOURCE,
                data: Funding | None = None) -> dict[str, dict[str, Any]]:
    """The report's key figures, each ``{value, unit, period, source_ids, note}``.

    merida_cumulative_usd: the latest published cumulative Mérida total (stage enacted,
    nominal) with its span; peak_fiscal_year / peak_usd and latest_fiscal_year / latest_usd:
    security assistance as defined here, in ``dollars`` (the ``*_nominal_usd`` entries give the
    nominal value); request_below_enacted_years: fiscal years in which every like-for-like
    comparison shows more enacted than requested; security_total_nominal_usd: the sum over the
    years with data. Values are None where the selection has no data.
    """
    d = data if data is not None else prepare(start_year, end_year, dollars, base_year, source=source)
    unit_note = (f"constant {d.base_year} dollars (CPI-U calendar-year average applied to the fiscal year)"
                 if d.dollars == "constant" else "nominal dollars")
    definition = (f"security assistance as defined in mxsec.analysis.funding: {', '.join(SECURITY_ACCOUNTS[:5])} and "
                  f"the other DoD accounts, stage {SECURITY_STAGE}")
    figures: dict[str, dict[str, Any]] = {}

    latest_total = d.notes.get("latest_total")
    if latest_total:
        others = "; ".join(f"{fmt(v, 'usd')} ({s}, {p})" for v, s, p in latest_total["others"])
        figures["merida_cumulative_usd"] = {
            "value": latest_total["value_usd"], "unit": "usd",
            "period": fy_span(latest_total["start"], latest_total["end"]), "source_ids": [latest_total["source_id"]],
            "note": "Latest published cumulative Mérida total, stage enacted, nominal dollars, as stated by the source"
                    + (f"; other figures for the same span: {others}" if others else "")}
    else:
        figures["merida_cumulative_usd"] = {"value": None, "unit": "usd", "period": "", "source_ids": [],
                                            "note": f"No published cumulative Mérida total ends by FY{d.end_year}"}

    sec = d.security[d.security["value"].notna()]
    span = fy_span(d.start_year, d.end_year)
    if len(sec):
        peak = sec.loc[sec["value"].idxmax()]
        latest = sec.iloc[-1]
        for key, row, what in (("peak", peak, "Highest year"), ("latest", latest, "Latest year with data")):
            year = int(row["fiscal_year"])
            figures[f"{key}_fiscal_year"] = {"value": year, "unit": "fiscal_year", "period": span,
                                             "source_ids": source_ids_of(sec[sec["fiscal_year"] == year], column="source_ids"),
                                             "note": f"{what} of {definition}"}
            figures[f"{key}_usd"] = {"value": float(row["value"]), "unit": "usd", "period": f"FY{year}",
                                     "source_ids": source_ids_of(sec[sec["fiscal_year"] == year], column="source_ids"),
                                     "note": f"{definition}; {unit_note}; nominal {fmt(row['value_usd'], 'usd')}"}
            figures[f"{key}_nominal_usd"] = {"value": float(row["value_usd"]), "unit": "usd", "period": f"FY{year}",
                                             "source_ids": source_ids_of(sec[sec["fiscal_year"] == year], column="source_ids"),
                                             "note": f"{definition}; nominal dollars"}
        first, last = int(sec["fiscal_year"].min()), int(sec["fiscal_year"].max())
        figures["security_total_nominal_usd"] = {
            "value": float(sec["value_usd"].sum()), "unit": "usd", "period": fy_span(first, last),
            "source_ids": source_ids_of(sec, column="source_ids"),
            "note": f"Sum of {definition} over the fiscal years with data, nominal dollars"}
    else:
        for key in ("peak_fiscal_year", "peak_usd", "peak_nominal_usd", "latest_fiscal_year", "latest_usd",
                    "latest_nominal_usd", "security_total_nominal_usd"):
            figures[key] = {"value": None, "unit": "usd" if "usd" in key else "fiscal_year", "period": span,
                            "source_ids": [], "note": f"No {SECURITY_STAGE} rows by account in this selection"}

    classes = enacted_vs_request_years(d.comparison)
    like = d.comparison[d.comparison["like_for_like"].astype(bool)] if len(d.comparison) else d.comparison
    years = like["fiscal_year"] if len(like) else pd.Series([], dtype=int)
    figures["request_below_enacted_years"] = {
        "value": classes["above"], "unit": "fiscal_years",
        "period": fy_span(int(years.min()), int(years.max())) if len(years) else span,
        "source_ids": source_ids_of(like, column="request_source") + source_ids_of(like, column="enacted_source") if len(like) else [],
        "note": (f"Fiscal years in which the enacted amount exceeded the request in every like-for-like comparison "
                 f"({len(like)} comparisons in {len(set(years))} fiscal years; programmes: "
                 f"{', '.join(sorted(set(like['program']))) if len(like) else 'none'}). Enacted below the request: "
                 f"{year_ranges(classes['below']) or 'none'}; programmes disagree: {year_ranges(classes['mixed']) or 'none'}")}
    for entry in figures.values():
        entry["source_ids"] = sorted(set(entry["source_ids"]))
    return figures


KEY_FIGURE_LABELS = {
    "merida_cumulative_usd": "Mérida Initiative, latest published cumulative total enacted",
    "peak_usd": "Peak security assistance, obligated",
    "latest_usd": "Latest year of security assistance, obligated",
    "request_below_enacted_years": "Fiscal years in which Congress enacted more than was requested",
}


def key_figure_labels(data: Funding) -> dict[str, str]:
    """Labels for the key-figures box, naming the dollars and the years of the peak and latest values."""
    unit = "constant " + str(data.base_year) + " $" if data.dollars == "constant" else "nominal $"
    figures = key_figures(data=data)
    labels = dict(KEY_FIGURE_LABELS)
    for key in ("peak_usd", "latest_usd"):
        labels[key] = f"{KEY_FIGURE_LABELS[key]}, {unit}"
    if figures["request_below_enacted_years"]["value"]:
        labels["request_below_enacted_years"] += ": " + year_ranges(figures["request_below_enacted_years"]["value"])
    return labels


# --- Charts -------------------------------------------------------------------------------

def _tick(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _millions_axis(ax, axis: str = "y") -> None:
    """Tick labels with thousands separators, and decimals only where ticks need them."""
    formatter = matplotlib.ticker.FuncFormatter(lambda v, _: _tick(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _line(ax, years: pd.Series, values: pd.Series, **kwargs) -> None:
    """A line over fiscal years that breaks where a year is missing (never bridged)."""
    if not len(years):
        return
    series = pd.Series(values.to_numpy(dtype=float), index=years.astype(int).to_numpy()).sort_index()
    series = series.reindex(range(int(series.index.min()), int(series.index.max()) + 1))
    ax.plot(series.index, series.to_numpy(), **kwargs)


def _empty(fig: Figure, ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color=charts.MUTED, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def _year_axis(ax, start: int, end: int) -> None:
    ax.set_xlim(start - 0.7, end + 0.7)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=10))


def chart_security(d: Funding) -> Chart:
    """Stacked bars of security assistance by account (obligated), with all foreign aid
    (obligated) and ESF (not counted) as lines for scale."""
    fig, ax = charts.new_figure(height=4.4)
    by = d.by_account.copy()
    by["group"] = by["program"].where(by["program"].isin(STATE_SECURITY_ACCOUNTS + ("dod_counterdrug",)), "other_dod")
    groups = [g for g in STATE_SECURITY_ACCOUNTS + ("dod_counterdrug", "other_dod") if g in set(by["group"])]
    years = list(range(d.start_year, d.end_year + 1))
    wide = by.pivot_table(index="fiscal_year", columns="group", values="value", aggfunc="sum").reindex(years)
    covered = set(d.security.loc[d.security["covered"], "fiscal_year"])
    if not len(by):
        _empty(fig, ax, f"No {SECURITY_STAGE} rows by account for source '{d.source}'")
    else:
        bottom_pos = np.zeros(len(years))
        bottom_neg = np.zeros(len(years))
        colours = {"incle": charts.PALETTE[0], "fmf": charts.PALETTE[1], "imet": charts.PALETTE[2],
                   "nadr": charts.PALETTE[4], "dod_counterdrug": charts.PALETTE[3], "other_dod": charts.PALETTE[5]}
        for g in groups:
            vals = wide[g].fillna(0).to_numpy() / MILLION
            pos, neg = np.clip(vals, 0, None), np.clip(vals, None, 0)
            ax.bar(years, pos, bottom=bottom_pos, color=colours[g], label=SHORT_LABELS[g], width=0.8)
            if (neg < 0).any():
                ax.bar(years, neg, bottom=bottom_neg, color=colours[g], width=0.8)
            bottom_pos += pos
            bottom_neg += neg
        aid = d.all_aid_obligated[~d.all_aid_obligated["partly_reported"]]
        if len(aid):
            _line(ax, aid["fiscal_year"], aid["value"] / MILLION, color=charts.INK, lw=1.4, marker="o", ms=2.5,
                  label="All U.S. foreign aid (obligated)")
        if len(d.esf):
            _line(ax, d.esf["fiscal_year"], d.esf["value"] / MILLION, color=charts.MUTED, lw=1.2, ls="--",
                  label="ESF (obligated, not counted)")
        gap_years = [y for y in years if y not in covered]
        for run in periods.year_runs(gap_years):
            ax.axvspan(run[0] - 0.5, run[-1] + 0.5, color="#f3f4f6", zorder=0, lw=0)
            ax.text((run[0] + run[-1]) / 2, 0.5, "no data\nby account", transform=ax.get_xaxis_transform(),
                    ha="center", va="center", fontsize=7.5, color=charts.MUTED)
        fig.legend(loc="outside lower center", ncols=4, fontsize=7.5)
        _year_axis(ax, d.start_year, d.end_year)
        _millions_axis(ax)
    ax.set_title(f"Security assistance to Mexico by account, {STAGE_LABELS[SECURITY_STAGE]}")
    ax.set_ylabel(f"US$ million, {d.unit}")
    data = by[["fiscal_year", "program", "stage", "value_usd", "value", "source_id"]].rename(
        columns={"value_usd": "nominal_usd", "value": f"value_{d.dollars}_usd"})
    extra = [d.all_aid_obligated.assign(program=ALL_AID, stage=SECURITY_STAGE), d.esf.assign(program="esf", stage=SECURITY_STAGE)]
    for frame in extra:
        if len(frame):
            data = pd.concat([data, frame[["fiscal_year", "program", "stage", "value_usd", "value", "source_id"]].rename(
                columns={"value_usd": "nominal_usd", "value": f"value_{d.dollars}_usd"})])
    data = data.sort_values(["fiscal_year", "program"]).reset_index(drop=True)
    sec = d.security[d.security["value"].notna()]
    if len(sec):
        peak = sec.loc[sec["value"].idxmax()]
        incle_share = by[by["program"] == "incle"]["value_usd"].sum() / sec["value_usd"].sum() * 100
        caption = (f"Security assistance (obligated) peaked at {fmt(peak['value'], 'usd')} ({d.unit}) in "
                   f"FY{int(peak['fiscal_year'])}; INCLE, the main Mérida account, made up "
                   f"{fmt(incle_share, 'pct', 0)} of it over {fy_span(int(sec['fiscal_year'].min()), int(sec['fiscal_year'].max()))}.")
    else:
        caption = f"No obligations by account in the selection (source '{d.source}')."
    alt = (f"Stacked bar chart of U.S. security assistance obligations to Mexico per fiscal year, "
           f"{fy_span(d.start_year, d.end_year)}, in millions of {d.unit}, split into "
           f"{', '.join(SHORT_LABELS[g] for g in groups) or 'no accounts'}, with lines for all foreign aid and for ESF.")
    return Chart(fig, data, caption, alt, source_ids_of(data))


def chart_programs(d: Funding) -> Chart:
    """Small multiples: one panel per selected programme, each with its own scale and stage."""
    programs = [p for p in d.programs if p in set(d.series["program"])]
    n = max(len(programs), 1)
    ncols = 2 if n > 1 else 1
    nrows = int(np.ceil(n / ncols))
    fig, axes = charts.new_figure(nrows, ncols, height=1.9 * nrows + 0.4, sharex=True)
    axes = np.atleast_1d(axes).ravel()
    us = d.tables["us_assistance"]
    for ax, program in zip(axes, programs):
        s = d.series[d.series["program"] == program].sort_values("fiscal_year")
        stage = s["stage"].iloc[0]
        colour = charts.PALETTE[0] if program != ALL_AID else charts.MUTED
        full, partly = s[~s["partly_reported"]], s[s["partly_reported"]]
        ax.bar(full["fiscal_year"], full["value"] / MILLION, color=colour, width=0.8)
        if len(partly):
            ax.bar(partly["fiscal_year"], partly["value"] / MILLION, color="white", edgecolor=colour, hatch="////",
                   width=0.8, lw=0.6)
        label = program_label(program, us)
        ax.set_title(f"{label[:42]}: {STAGE_LABELS[stage]}" + (" (hatched: partly reported)" if len(partly) else ""),
                     fontsize=8.5, loc="left")
        _millions_axis(ax)
        ax.tick_params(labelsize=7.5)
        _year_axis(ax, d.start_year, d.end_year)
        ax.grid(axis="x", visible=False)
    for ax in axes[len(programs):]:
        if programs:
            ax.set_visible(False)
    if not programs:
        _empty(fig, axes[0], "No rows for the selected programmes")
    fig.supylabel(f"US$ million, {d.unit}", fontsize=8.5)
    data = d.series[["fiscal_year", "program", "stage", "value_usd", "value", "partly_reported", "source_id"]].rename(
        columns={"value_usd": "nominal_usd", "value": f"value_{d.dollars}_usd"})
    obligated = d.series[d.series["stage"] == "obligated"]
    if len(obligated):
        peaks = obligated.loc[obligated.groupby("program")["value"].idxmax()]
        peak_text = ", ".join(f"{SHORT_LABELS.get(r.program, r.program)} FY{int(r.fiscal_year)}"
                              for r in peaks.itertuples())
        caption = f"Each programme on its own scale; the peak year of obligations differs by account ({peak_text})."
    else:
        caption = "Each programme on its own scale and at the stage named in its panel title."
    alt = (f"Small-multiple bar charts, one per programme ({', '.join(programs) or 'none'}), of U.S. assistance to "
           f"Mexico per fiscal year in millions of {d.unit}; each panel title names the budget stage shown.")
    return Chart(fig, data, caption, alt, source_ids_of(data))


def chart_request_enacted(d: Funding) -> Chart:
    """Dumbbell chart: requested and enacted amount per fiscal year and programme (nominal)."""
    comp = d.comparison.sort_values(["fiscal_year", "program"], ascending=[False, True]).reset_index(drop=True)
    fig, ax = charts.new_figure(height=max(2.6, 0.3 * len(comp) + 1.2))
    if not len(comp):
        _empty(fig, ax, "No fiscal year with both a request and an enacted amount in this selection")
    else:
        ypos = np.arange(len(comp))
        for i, r in comp.iterrows():
            colour = charts.PALETTE[2] if r["gap_usd"] > 0 else charts.PALETTE[1] if r["gap_usd"] < 0 else charts.MUTED
            style = "-" if r["like_for_like"] else ":"
            ax.plot([r["request_usd"] / MILLION, r["enacted_usd"] / MILLION], [i, i], color=colour, lw=2, ls=style)
            ax.scatter(r["request_usd"] / MILLION, i, marker="|", s=120, color=charts.INK, zorder=3)
            ax.scatter(r["enacted_usd"] / MILLION, i, marker="o", s=26, zorder=3,
                       color=colour if r["like_for_like"] else "white", edgecolor=colour)
            ax.text(max(r["request_usd"], r["enacted_usd"]) / MILLION, i, f"  {fmt(r['gap_pct'], 'signed_pct', 0)}"
                    + ("" if r["like_for_like"] else " (not like for like)"), va="center", fontsize=7.5, color=charts.INK)
        labels = [f"FY{int(r.fiscal_year)} {SHORT_LABELS.get(r.program, r.program)}" for r in comp.itertuples()]
        ax.set_yticks(ypos, labels, fontsize=7.5)
        ax.set_ylim(-0.7, len(comp) - 0.3)
        ax.set_xlim(0, comp[["request_usd", "enacted_usd"]].max().max() / MILLION * 1.3)
        ax.grid(axis="y", visible=False)
        _millions_axis(ax, "x")
        ax.set_xlabel("US$ million, nominal (bar: request; dot: enacted; hollow dot, dotted line: not like for like)",
                      fontsize=8)
        handles = [matplotlib.lines.Line2D([], [], color=charts.PALETTE[2], lw=2, marker="o", label="enacted above request"),
                   matplotlib.lines.Line2D([], [], color=charts.PALETTE[1], lw=2, marker="o", label="enacted below request")]
        if (comp["gap_usd"] == 0).any():
            handles.append(matplotlib.lines.Line2D([], [], color=charts.MUTED, lw=0, marker="o",
                                                   label="enacted equal to request"))
        ax.legend(handles=handles, loc="lower right", fontsize=7.5)
    ax.set_title("Requested versus enacted, by fiscal year and programme")
    data = d.comparison.copy()
    classes = enacted_vs_request_years(d.comparison)
    like = d.comparison[d.comparison["like_for_like"].astype(bool)] if len(d.comparison) else d.comparison
    n_above = int((like["gap_usd"] > 0).sum()) if len(like) else 0
    caption = (f"In {n_above} of {len(like)} like-for-like comparisons the enacted amount exceeded the request"
               + (f" (every comparison in {year_ranges(classes['above'])})" if classes["above"] else "") + ".")
    alt = (f"Dumbbell chart with one row per fiscal year and programme ({len(d.comparison)} rows) showing the "
           "requested amount as a tick and the enacted amount as a dot, in millions of nominal dollars, with the gap "
           "in percent of the request.")
    return Chart(fig, data, caption, alt, source_ids_of(data, column="request_source") + source_ids_of(data, column="enacted_source"))


def chart_cumulative(d: Funding) -> Chart:
    """The running sum of annual enacted Mérida amounts beside every published cumulative figure."""
    fig, ax = charts.new_figure(height=4.3)
    cum = d.cumulative
    totals = d.totals
    if len(cum):
        complete = cum[cum["complete"]]
        ax.plot(complete["fiscal_year"], complete["cumulative_usd"] / 1e9, color=charts.PALETTE[0], lw=2, marker="o",
                ms=4, label="Sum of annual enacted figures (no year missing)")
        if len(complete) < len(cum):
            start = max(len(complete) - 1, 0)
            rest = cum.iloc[start:]
            ax.plot(rest["fiscal_year"], rest["cumulative_usd"] / 1e9, color=charts.PALETTE[0], lw=1.5, ls="--",
                    label="Same sum after a missing or partial year (lower bound)")
            flagged = cum[cum["missing"] | cum["partial"]]
            ax.scatter(flagged["fiscal_year"], flagged["cumulative_usd"] / 1e9, marker="x", color=charts.PALETTE[1],
                       s=28, zorder=4, label="Year missing or partial in the annual data")
    markers = {("merida", "enacted"): ("o", charts.PALETTE[3], "Published total, enacted"),
               ("merida", "delivered"): ("^", charts.PALETTE[4], "Published total, delivered"),
               ("fmf", "enacted"): ("s", charts.PALETTE[2], "Published FMF share of Mérida, enacted")}
    for (program, stage), group in totals.groupby(["program", "stage"]):
        marker, colour, label = markers.get((program, stage), ("D", charts.MUTED, f"Published {program}, {stage}"))
        group = group.sort_values(["end_fiscal_year", "value_usd"])
        offsets = group.groupby("end_fiscal_year").cumcount()
        counts = group.groupby("end_fiscal_year")["value_usd"].transform("size")
        x = group["end_fiscal_year"] + 0.12 * (offsets - (counts - 1) / 2) + 0.15
        ax.scatter(x, group["value_usd"] / 1e9, marker=marker, facecolor="white", edgecolor=colour, s=30, lw=1.3,
                   zorder=5, label=label)
    latest = d.notes.get("latest_total")
    if latest:
        ax.annotate(f"{fmt(latest['value_usd'], 'usd')} ({fy_span(latest['start'], latest['end'])})",
                    (latest["end"], latest["value_usd"] / 1e9), xytext=(-8, 0), textcoords="offset points",
                    ha="right", va="center", fontsize=7.5, color=charts.INK)
    if len(cum):
        last = cum.iloc[-1]
        ax.annotate(f"annual figures found: {fmt(last['cumulative_usd'], 'usd')}",
                    (last["fiscal_year"], last["cumulative_usd"] / 1e9), xytext=(0, -14), textcoords="offset points",
                    ha="right", va="top", fontsize=7.5, color=charts.PALETTE[0])
    ax.set_title(f"Mérida Initiative: cumulative enacted funding since FY{MERIDA_FIRST_FISCAL_YEAR}, nominal")
    ax.set_ylabel("US$ billion, nominal")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", fontsize=7.5)
    else:
        _empty(fig, ax, f"No Mérida figure ends by FY{d.end_year}")
    data = pd.concat([
        cum.assign(series="annual_running_sum", program=MERIDA, stage="enacted")[
            ["series", "fiscal_year", "program", "stage", "value_usd", "cumulative_usd", "missing", "partial",
             "complete", "source_id"]].rename(columns={"fiscal_year": "end_fiscal_year"}),
        totals.assign(series="published_total", cumulative_usd=totals["value_usd"])[
            ["series", "start_fiscal_year", "end_fiscal_year", "program", "stage", "cumulative_usd", "source_id"]],
    ], ignore_index=True)
    latest = d.notes.get("latest_total")
    complete = cum[cum["complete"]] if len(cum) else cum
    if latest and len(complete):
        caption = (f"Annual enacted figures add up without a gap only through FY{int(complete['fiscal_year'].max())} "
                   f"({fmt(complete['cumulative_usd'].iloc[-1], 'usd')}); published totals reach "
                   f"{fmt(latest['value_usd'], 'usd')} for {fy_span(latest['start'], latest['end'])}, so later totals "
                   "rest on the sources' own sums.")
    elif latest:
        caption = f"Published totals reach {fmt(latest['value_usd'], 'usd')} for {fy_span(latest['start'], latest['end'])}."
    else:
        caption = "No published cumulative Mérida total in the years shown."
    alt = (f"Line chart of the running sum of annual enacted Mérida Initiative funding for Mexico from FY{MERIDA_FIRST_FISCAL_YEAR}, in "
           f"billions of nominal dollars, dashed after the first missing year, with {len(totals)} published cumulative "
           "totals plotted as hollow markers at the last fiscal year each covers.")
    return Chart(fig, data, caption, alt, source_ids_of(data))


def chart_composition(d: Funding) -> Chart:
    """Horizontal bars of every composition figure, labelled with its span."""
    comp = d.comp[d.comp["value_usd"].notna()].reset_index(drop=True)
    fig, ax = charts.new_figure(height=max(2.4, 0.42 * len(comp) + 1.0))
    if not len(comp):
        _empty(fig, ax, "No composition figures")
    else:
        labels = [f"{r.span}: {r.category_label}" for r in comp.itertuples()]
        y = np.arange(len(comp))[::-1]
        colours = [charts.PALETTE[i % len(charts.PALETTE)] for i in pd.factorize(comp["span"])[0]]
        ax.barh(y, comp["value_usd"] / MILLION, color=colours)
        ax.set_yticks(y, [label if len(label) < 62 else label[:59] + "..." for label in labels], fontsize=7.5)
        for yy, v in zip(y, comp["value_usd"]):
            ax.text(v / MILLION, yy, f" {fmt(v, 'usd')}", va="center", fontsize=7.5)
        ax.set_xlim(0, comp["value_usd"].max() / MILLION * 1.25)
        ax.grid(axis="y", visible=False)
        _millions_axis(ax, "x")
        ax.set_xlabel("US$ million, nominal")
    ax.set_title("What Mérida funds bought, as sources state it")
    years = composition_years(d.comp)
    caption = (f"Breakdowns exist only for {year_ranges(years)} and come from {d.comp['source_id'].nunique()} sources "
               "with different categories; they cannot be added up into a composition over time.")
    alt = (f"Horizontal bar chart of {len(comp)} Mérida funding amounts by category as stated by sources, "
           "in millions of nominal dollars, each labelled with the fiscal years it covers.")
    data = d.comp[["start_fiscal_year", "end_fiscal_year", "category", "value_usd", "share", "source_id"]]
    return Chart(fig, data, caption, alt, source_ids_of(data))


def chart_context(d: Funding) -> Chart:
    """Security assistance per homicide and per inhabitant (two panels)."""
    ctx = d.context
    fig, axes = charts.new_figure(1, 2, height=3.4)
    axes = np.asarray(axes).ravel()
    for ax, column, title, unit in ((axes[0], "per_homicide", "Per homicide in Mexico", "US$"),
                                    (axes[1], "per_capita", "Per inhabitant of Mexico", "US$")):
        s = ctx[ctx[column].notna()] if len(ctx) else ctx
        if not len(s):
            _empty(fig, ax, "No overlapping years" if column == "per_homicide" else "Population table not available")
        else:
            ax.bar(s["fiscal_year"], s[column], color=charts.PALETTE[0], width=0.8)
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=6))
            _millions_axis(ax)
            ax.grid(axis="x", visible=False)
        ax.set_title(title, fontsize=9.5)
        ax.set_ylabel(f"{unit}, {d.unit}", fontsize=8)
    fig.suptitle("Security assistance (obligated) relative to violence and population", fontsize=11,
                 fontweight="bold", x=0.01, ha="left")
    data = ctx.copy()
    ph = ctx[ctx["per_homicide"].notna()] if len(ctx) else ctx
    if len(ph):
        hi = ph.loc[ph["per_homicide"].idxmax()]
        lo = ph.loc[ph["per_homicide"].idxmin()]
        caption = (f"Per homicide, security assistance ranged from {fmt(lo['per_homicide'], 'usd')} (FY{int(lo['fiscal_year'])}) "
                   f"to {fmt(hi['per_homicide'], 'usd')} (FY{int(hi['fiscal_year'])}), {d.unit}, in the "
                   f"{len(ph)} years with both figures.")
    else:
        caption = "No year has both a security-assistance figure and a full-year INEGI homicide count."
    alt = ("Two bar charts by fiscal year: U.S. security assistance obligations to Mexico divided by INEGI homicide "
           f"deaths of the same calendar year, and divided by Mexico's mid-year population, in {d.unit}.")
    return Chart(fig, data, caption, alt, source_ids_of(data, column="source_ids"))


def chart_stages(d: Funding) -> Chart:
    """All foreign aid to Mexico by budget stage, one line per stage."""
    st = d.stages
    fig, ax = charts.new_figure(height=4.2)
    stages = [s for s in ("request", "enacted", "allocated", "obligated", "disbursed") if s in set(st["stage"])]
    for i, stage in enumerate(stages):
        s = st[st["stage"] == stage]
        _line(ax, s["fiscal_year"], s["value"] / MILLION, marker="o", ms=3, lw=1.6, color=charts.PALETTE[i],
              label=STAGE_LABELS[stage])
    partly = sorted(set(st.loc[st["partly_reported"], "fiscal_year"])) if len(st) else []
    if partly:
        ax.axvspan(min(partly) - 0.5, max(partly) + 0.5, color="#f3f4f6", zorder=0, lw=0)
        ax.text((min(partly) + max(partly)) / 2, 0.97, "partly\nreported", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=7.5, color=charts.MUTED)
    if not stages:
        _empty(fig, ax, "No all-foreign-aid rows in this selection")
    else:
        ax.legend(loc="upper left", fontsize=7.5)
        _year_axis(ax, max(d.start_year, int(st["fiscal_year"].min())), min(d.end_year, int(st["fiscal_year"].max())))
        ax.set_ylim(bottom=min(0, (st["value"].min() / MILLION) * 1.1))
        _millions_axis(ax)
    ax.set_title("All U.S. foreign aid to Mexico by budget stage")
    ax.set_ylabel(f"US$ million, {d.unit}")
    data = st.rename(columns={"value_usd": "nominal_usd", "value": f"value_{d.dollars}_usd"})
    wide = st[~st["partly_reported"]].pivot_table(index="fiscal_year", columns="stage", values="value_usd") if len(st) else pd.DataFrame()
    if {"enacted", "obligated"} <= set(wide.columns):
        both = wide[["enacted", "obligated"]].dropna()
        n_more = int((both["obligated"] > both["enacted"]).sum())
        caption = (f"Obligations exceeded the amounts appropriated and planned in {n_more} of {len(both)} fiscal years "
                   "with both: obligations count money from earlier appropriations and from agencies outside the "
                   "State-USAID budget.")
    else:
        caption = "Budget stages of all U.S. foreign aid to Mexico, as reported."
    alt = (f"Line chart of all U.S. foreign aid to Mexico per fiscal year in millions of {d.unit}, one line per budget "
           f"stage ({', '.join(stages)}), with partly reported years shaded.")
    return Chart(fig, data, caption, alt, source_ids_of(data))


# --- Tables for display ---------------------------------------------------------------------

def security_table(d: Funding) -> pd.DataFrame:
    """Security assistance per fiscal year for display: US$ million nominal and in the chosen dollars."""
    s = d.security
    out = pd.DataFrame({"Fiscal year": s["fiscal_year"].astype(str),
                        "Nominal, US$ million": s["value_usd"] / MILLION})
    if d.dollars == "constant":
        out[f"Constant {d.base_year}, US$ million"] = s["value"] / MILLION
    out["Accounts"] = s["n_accounts"]
    out["Stage"] = s["stage"]
    return out


def comparison_table(d: Funding) -> pd.DataFrame:
    """Request versus enacted for display (US$ million nominal, gap in % of request)."""
    c = d.comparison
    return pd.DataFrame({
        "Fiscal year": c["fiscal_year"].astype(str), "Programme": [SHORT_LABELS.get(p, p) for p in c["program"]],
        "Requested, US$ million": c["request_usd"] / MILLION, "Enacted, US$ million": c["enacted_usd"] / MILLION,
        "Gap, US$ million": c["gap_usd"] / MILLION, "Gap, % of request": c["gap_pct"],
        "Like for like": np.where(c["like_for_like"].astype(bool), "yes", "no"), "Why not": c["caveat"],
    })


def published_table(d: Funding) -> pd.DataFrame:
    """Published Mérida totals beside the annual data for the same span (US$ million, nominal)."""
    p = d.published_check
    return pd.DataFrame({
        "Span": p["span"], "Published total, US$ million": p["published_usd"] / MILLION, "Source": p["source_id"],
        "Dated": p["published"], "Annual figures summed, US$ million": p["annual_sum_usd"] / MILLION,
        "Years missing in annual data": p["years_missing"], "Partial years": p["years_partial"],
    })


def composition_table(d: Funding) -> pd.DataFrame:
    """Composition rows for display."""
    c = d.comp
    return pd.DataFrame({"Span": c["span"], "Category (as the source names it)": c["category_label"],
                         "US$ million": c["value_usd"] / MILLION, "Source": c["source_id"]})


# --- Prose ----------------------------------------------------------------------------------

def summary_sentence(d: Funding) -> str:
    """One sentence for the top: what the security-assistance series covers."""
    sec = d.security[d.security["value"].notna()]
    if not len(sec):
        return (f"The selected source ('{d.source}') has no obligations by account for "
                f"{fy_span(d.start_year, d.end_year)}.")
    first, last = int(sec["fiscal_year"].min()), int(sec["fiscal_year"].max())
    return (f"Security assistance below means obligations in {len(SECURITY_ACCOUNTS)} State Department and Defense "
            f"accounts ({', '.join(SHORT_LABELS.get(a, a) for a in SECURITY_ACCOUNTS[:5])} and other DoD accounts), "
            f"recorded by the USAID Greenbook for {fy_span(first, last)}; amounts are in {d.unit} unless a chart says "
            "nominal" + ("; the calendar-year CPI-U average is applied to the fiscal year of the same number."
                         if d.dollars == "constant" else "."))


def _prose(program: str) -> str:
    """Programme name inside a sentence."""
    return {ALL_AID: "the all-foreign-aid totals", MERIDA: "Mérida"}.get(program, SHORT_LABELS.get(program, program))


def findings(d: Funding) -> str:
    """The findings paragraph, generated from the computed tables (every number computed)."""
    parts: list[str] = []
    sec = d.security[d.security["value"].notna()]
    if len(sec):
        peak = sec.loc[sec["value"].idxmax()]
        first, last = sec.iloc[0], sec.iloc[-1]
        total = sec["value_usd"].sum()
        aid = d.all_aid_obligated[d.all_aid_obligated["fiscal_year"].isin(sec["fiscal_year"])]
        share = 100 * total / aid["value_usd"].sum() if len(aid) and aid["value_usd"].sum() else np.nan
        peak_year = int(peak["fiscal_year"])
        text = (f"By this report's definition (obligations in State Department and Defense security accounts), U.S. "
                f"security assistance to Mexico peaked at {fmt(peak['value'], 'usd')} ({d.unit}) in FY{peak_year}"
                + (", after the Mérida Initiative began." if peak_year >= MERIDA_FIRST_FISCAL_YEAR else "."))
        if int(last["fiscal_year"]) != int(first["fiscal_year"]):
            text += (f" It was {fmt(first['value'], 'usd')} in FY{int(first['fiscal_year'])} and "
                     f"{fmt(last['value'], 'usd')} in FY{int(last['fiscal_year'])}, "
                     + ("the last year with data by account." if int(last["fiscal_year"]) < d.end_year
                        else "the last year shown."))
        text += (f" Over {fy_span(int(first['fiscal_year']), int(last['fiscal_year']))} it added up to "
                 f"{fmt(total, 'usd')} in nominal dollars"
                 + (f", {fmt(share, 'pct', 0)} of all U.S. foreign-aid obligations to Mexico." if pd.notna(share) else "."))
        parts.append(text)
    like = d.comparison[d.comparison["like_for_like"].astype(bool)] if len(d.comparison) else d.comparison
    if len(like):
        above, below = like[like["gap_usd"] > 0], like[like["gap_usd"] < 0]
        text = (f"Where a request and the amount enacted can be compared like for like, Congress gave more than was "
                f"requested in {len(above)} of {len(like)} cases (median gap {fmt(like['gap_pct'].median(), 'signed_pct', 0)})")
        if len(above):
            counts = above.groupby("program").size().sort_values(ascending=False)
            text += ", " + ", ".join(f"{n} in {_prose(p)}" for p, n in counts.items())
        if len(below):
            text += ("; it gave less in " + ", ".join(f"FY{int(r.fiscal_year)} ({_prose(r.program)})"
                                                     for r in below.itertuples()))
        text += "."
        text += (" On these figures the data support the literature's finding that Congress repeatedly added to "
                 "requests." if len(above) > len(like) / 2 else
                 " These figures do not show Congress adding to requests in most years.")
        merida = like[like["program"] == MERIDA]
        if len(merida) == 0:
            text += " For the Mérida Initiative itself no year can be compared like for like."
        elif len(merida) <= 2:
            text += (" For the Mérida Initiative itself only " + " and ".join(
                f"FY{int(r.fiscal_year)} can be compared ({fmt(r.request_usd, 'usd')} requested, "
                f"{fmt(r.enacted_usd, 'usd')} enacted)" for r in merida.itertuples()) + ".")
        parts.append(text)
    latest = d.notes.get("latest_total")
    cum = d.cumulative
    if latest is not None:
        text = (f"Published Mérida totals reach {fmt(latest['value_usd'], 'usd')} for "
                f"{fy_span(latest['start'], latest['end'])}")
        if latest["others"]:
            text += (f", while earlier publications gave {', '.join(sorted({fmt(v, 'usd') for v, _, _ in latest['others']}))} "
                     "for the same span")
        text += "."
        if len(cum):
            found = cum[~cum["missing"]]
            complete = cum[cum["complete"]]
            text += (f" Annual enacted amounts were found for only {len(found)} of {len(cum)} fiscal years and add up "
                     f"to {fmt(found['value_usd'].sum(), 'usd')}, so the published totals cannot be checked year by "
                     "year" + (f" after FY{int(complete['fiscal_year'].max())}." if len(complete) else "."))
        parts.append(text)
    disagree = span_disagreements(d.totals)
    if len(disagree):
        parts.append("Sources also differ for the same span: " + "; ".join(
            f"{r.span}, {fmt(r.low, 'usd', 2)} to {fmt(r.high, 'usd', 2)} ({r.n_sources} sources)"
            for r in disagree.itertuples()) + ".")
    years = composition_years(d.comp)
    if years:
        parts.append(f"What the money bought is broken down only for {year_ranges(years)}, too thinly to trace the "
                     "shift from equipment to institution-building year by year.")
    return " ".join(parts)


def data_gaps(d: Funding) -> list[str]:
    """The report's data gaps as Markdown bullet texts, computed from the tables."""
    gaps: list[str] = []
    us = d.tables["us_assistance"]
    missing_sec = d.security.loc[~d.security["covered"], "fiscal_year"]
    if len(missing_sec):
        greenbook = _source_years(us, GREENBOOK_SOURCE)
        gaps.append(f"**Security assistance by account:** no figures for {year_ranges(missing_sec)}. The USAID "
                    f"Greenbook rows end in FY{greenbook[-1] if greenbook else 'n/a'} and ForeignAssistance.gov's "
                    "country summary has only country totals, not accounts; nothing is filled in.")
    obligated = pd.concat([d.by_account[["fiscal_year", "program", "value_usd"]],
                           d.series.loc[d.series["stage"] == SECURITY_STAGE, ["fiscal_year", "program", "value_usd"]]])
    unusual = unusual_obligations(obligated.drop_duplicates(["fiscal_year", "program"]))
    if len(unusual):
        gaps.append(f"**Unusual one-year swings in the Greenbook** (at least {UNUSUAL_FACTOR} times below or above "
                    "both neighbouring years): "
                    + "; ".join(f"{SHORT_LABELS.get(r.program, r.program)} FY{r.fiscal_year} {fmt(r.value_usd, 'usd')}"
                                f" ({r.kind})" for r in unusual.sort_values(["fiscal_year", "program"]).itertuples())
                    + ". These are the source's figures, kept as published; obligations are recorded when agreements "
                    "are signed, so a swing may be timing rather than a change in funding; the data do not say which.")
    miss = missing_programs(d.series, d.programs)
    if miss:
        gaps.append(f"**Programmes without rows** in this selection: {', '.join(miss)}.")
    s333 = us[us["program"] == "section_333"]
    s1004 = us[us["program"] == "section_1004"]
    gaps.append("**DoD Section 333 and Section 1004:** "
                + ("no row names Section 333" if not len(s333) else f"Section 333 rows for {year_ranges(s333['fiscal_year'])} only")
                + "; Section 1004 " + ("has no row" if not len(s1004) else
                                        f"has {len(s1004)} row(s) only ({', '.join(sorted({f'FY{int(y)} {st}' for y, st in zip(s1004['fiscal_year'], s1004['stage'])}))})")
                + ". DoD counternarcotics obligations are covered through the Greenbook account dod_counterdrug, which "
                "does not name the legal authority.")
    cum = d.cumulative
    if len(cum):
        missing = cum.loc[cum["missing"], "fiscal_year"]
        partial = cum.loc[cum["partial"], "fiscal_year"]
        if len(missing) or len(partial):
            gaps.append("**Mérida enacted amounts by year:** "
                        + (f"no figure found for {year_ranges(missing)}" if len(missing) else "")
                        + ("; " if len(missing) and len(partial) else "")
                        + (f"only part of the year's appropriations for {year_ranges(partial)}" if len(partial) else "")
                        + ". Published cumulative totals are shown as the sources state them.")
    sided = one_sided_years(us, d.start_year, d.end_year, d.source)
    for r in sided.itertuples():
        bits = []
        if r.request_only:
            bits.append(f"a request but no enacted amount for {year_ranges(r.request_only)}")
        if r.enacted_only:
            bits.append(f"an enacted amount but no request for {year_ranges(r.enacted_only)}")
        if bits:
            gaps.append(f"**Request versus enacted, {SHORT_LABELS.get(r.program, r.program)}:** " + "; ".join(bits) + ".")
    partly = sorted(set(d.stages.loc[d.stages["partly_reported"], "fiscal_year"])) if len(d.stages) else []
    if partly:
        gaps.append(f"**{year_ranges(partly)} partly reported:** the ForeignAssistance.gov snapshot used "
                    "reports these years only in part; they are shown but not compared.")
    years = composition_years(d.comp)
    gaps.append(f"**Composition:** breakdowns exist only for {year_ranges(years) or 'no year'}, from "
                f"{d.comp['source_id'].nunique()} sources with different categories; no source gives a yearly split "
                "by pillar or by equipment versus training.")
    tables = d.tables
    if tables.get("homicides_national") is None:
        gaps.append("**Homicides:** the homicides_national table was not available when this edition was rendered.")
    if tables.get("population") is None:
        gaps.append("**Population:** the population table was not available when this edition was rendered, so aid "
                    "per inhabitant is not shown.")
    ctx = d.context
    sec_years = d.security.loc[d.security["value"].notna(), "fiscal_year"]
    if len(sec_years):
        no_hom = sorted(set(sec_years) - set(ctx.loc[ctx["homicides"].notna(), "fiscal_year"] if len(ctx) else []))
        if no_hom and tables.get("homicides_national") is not None:
            gaps.append(f"**Aid per homicide:** no full-year preferred INEGI homicide count for {year_ranges(no_hom)}.")
    gaps.append("**Mexico's share of U.S. assistance to the region:** not in data/ (no regional totals are curated), "
                "so it is not shown.")
    cpi = tables["us_cpi_u"]
    cpi_years = set(cpi["year"].astype(int))
    no_cpi = [y for y in range(d.start_year, d.end_year + 1) if y not in cpi_years]
    if d.dollars == "constant" and no_cpi:
        gaps.append(f"**CPI-U:** no annual average for {year_ranges(no_cpi)}; constant-dollar values are missing there.")
    return gaps


def esf_decision(us_assistance: pd.DataFrame) -> str:
    """``ESF_DECISION`` with the first fiscal year of Greenbook ESF obligations filled in."""
    rows = us_assistance[(us_assistance["program"] == "esf") & (us_assistance["stage"] == SECURITY_STAGE)]
    since = f"from FY{int(rows['fiscal_year'].min())} on" if len(rows) else "in many years"
    return ESF_DECISION.format(since=since)


def _source_years(us_assistance: pd.DataFrame, source_id: str, **match: str) -> list[int]:
    rows = us_assistance[us_assistance["source_id"] == source_id]
    for column, value in match.items():
        rows = rows[rows[column] == value]
    return sorted({int(y) for y in rows["fiscal_year"]})


def _obligation_timing(us_assistance: pd.DataFrame) -> str:
    """A sentence showing how INCLE obligations lag the first Mérida appropriations (from the data)."""
    rows = one_per_key(select_source(us_assistance, "preferred"))
    incle = rows[(rows["program"] == "incle") & (rows["stage"] == "obligated")].set_index("fiscal_year")["value_usd"]
    first = MERIDA_FIRST_FISCAL_YEAR
    if first in incle.index and first + 2 in incle.index:
        return (f" For example, Mexico's INCLE obligations were {fmt(incle[first], 'usd')} (nominal) in FY{first}, the first Mérida "
                f"year, and {fmt(incle[first + 2], 'usd')} in FY{first + 2}.")
    return ""


def methodology(d: Funding) -> str:
    """The methodology paragraph(s), with the definition taken from the constants above."""
    state = ", ".join(SHORT_LABELS.get(a, a) for a in STATE_SECURITY_ACCOUNTS)
    dod = ", ".join(DOD_SECURITY_ACCOUNTS)
    cpi = d.tables["us_cpi_u"]
    us = d.tables["us_assistance"]
    sources = d.tables["sources"].set_index("source_id")
    greenbook_years = _source_years(us, GREENBOOK_SOURCE)
    greenbook_span = fy_span(greenbook_years[0], greenbook_years[-1]) if greenbook_years else "no years"
    greenbook_date = sources.at[GREENBOOK_SOURCE, "published"] if GREENBOOK_SOURCE in sources.index else ""
    cpi_note = sources.at["bls_cpi_u_cuur0000sa0", "note"] if "bls_cpi_u_cuur0000sa0" in sources.index else ""
    cpi_note = cpi_note if isinstance(cpi_note, str) else ""
    return (
        f"**Definition.** Security assistance = amounts at stage `{SECURITY_STAGE}` in the State Department accounts "
        f"{state} and the Defense accounts {dod}, from the USAID Greenbook (one row per fiscal year and account), summed "
        f"by `mxsec.analysis.funding.security_assistance()`. Obligations are the only complete by-account series. "
        f"{esf_decision(us)} {OTHER_EXCLUSIONS}\n\n"
        "**Stages.** A request is what the President asks for; enacted is what Congress appropriates (the Foreign Aid "
        "Explorer calls it \"appropriated and planned\"); allocated is the first split by country; obligated is money "
        "committed in a signed agreement; disbursed is money paid out; delivered is equipment and training handed "
        "over. Obligation and disbursement years differ from appropriation years because foreign-aid funds stay "
        "available for several years." + _obligation_timing(us) + " Mérida figures are enacted amounts by year, which "
        "sources state only for some years.\n\n"
        f"**Coverage of each dataset.** The Greenbook (USAID, file dated {greenbook_date}) records obligations by "
        f"account for every agency reporting foreign assistance; data/ holds Mexico's rows for {greenbook_span}. "
        "ForeignAssistance.gov (Foreign Aid Explorer) "
        "gives Mexico's totals over all accounts by stage; it does not split by account, its requests and "
        "appropriations cover State and USAID budgets, not DoD, and its latest years were partly reported in the "
        "snapshot used. CRS reports, State Department and press items give Mérida requests, enacted amounts and "
        "cumulative totals for scattered years; where they differ, each keeps its own row and the report uses the "
        "preferred one (the `source` parameter shows another source or all of them).\n\n"
        f"**Dollars.** Constant dollars multiply each fiscal year's nominal amount by CPI-U({d.base_year}) / "
        "CPI-U(year), the BLS CPI-U annual average, U.S. city average, all items "
        f"({fy_span(int(cpi['year'].min()), int(cpi['year'].max())).replace('FY', '')} in data/us_cpi_u.csv). "
        "Calendar-year CPI-U is applied to fiscal years: a fiscal year runs from October of the previous calendar "
        "year to September, but is deflated with the average of the calendar year that bears its number. "
        + (f"Source note: {cpi_note} " if cpi_note else "")
        + "Cumulative totals, the request-versus-enacted comparison and the composition figures stay nominal, as the "
        "sources state them.\n\n"
        "**Request versus enacted.** A comparison is like for like unless either row's note marks it as partial, a "
        "lower bound, or the regular request only when the enacted figure includes a supplemental. The gap is "
        "enacted minus requested, in dollars and in percent of the request.\n\n"
        "**Context.** Aid per homicide divides security assistance by the preferred INEGI count of intentional "
        "homicide victims for full years (registration basis) of the calendar year with the fiscal year's number; aid "
        "per inhabitant divides by CONAPO's mid-year national population."
    )
