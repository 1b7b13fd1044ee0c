"""Funding computations: the definition of security assistance (``SECURITY_ACCOUNTS`` at
``SECURITY_STAGE``, summed only by ``security_assistance()``), source selection, deflation, every
number the report shows, the bundle ``Funding``, ``build`` and ``key_figures``. No drawing and no
sentences (``plots``, ``text``); programme and stage labels are here, beside the codes they name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from mxsec import names
from mxsec.analysis.common import combine_status, split_ids
from mxsec.analysis.periods import format_year_ranges
from mxsec.data.schemas import OBS_STATUSES
from mxsec.data.series import headline

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
SECURITY_GROUPS = STATE_SECURITY_ACCOUNTS + ("dod_counterdrug", "other_dod")  # stacked in the chart; other_dod: the rest

# --- Other constants ----------------------------------------------------------------------

MERIDA = "merida"
ALL_AID = "all_foreign_aid"
GREENBOOK_SOURCE = "usaid_greenbook_7cnw_pw8v_20220809"
CPI_SOURCE = "bls_cpi_u_cuur0000sa0"
FAE_SOURCE = "usaid_fae_country_summary_fy1946_2022"
FAGOV_SOURCE = "fagov_country_summary_fy1946_2024"  # the later vintage of FAE_SOURCE, preferred where both report
ALL_AID_CONTEXT_YEARS = (2019, 2024)
"""First and last fiscal year of the all-sector context table (``tables.all_aid_context_table``): the
last two Greenbook years and the years after it, for which no security figure by account exists."""
MERIDA_FIRST_FISCAL_YEAR = 2008
DEFAULT_START_YEAR, DEFAULT_END_YEAR = 2000, 2025
DEFAULT_DOLLARS, DEFAULT_BASE_YEAR = "constant", 2024
DEFAULT_SOURCE = "preferred"
DEFAULT_PROGRAMS = ("incle", "fmf", "esf", "imet", "nadr", "dod_counterdrug", "all_foreign_aid")
STAGE_ORDER = ("request", "enacted", "allocated", "obligated", "disbursed", "delivered")
SERIES_STAGE_PREFERENCE = ("obligated", "enacted", "allocated", "disbursed", "request", "delivered")
FULL_COVERAGE = "full"
COVERAGE_WORDS = {"full": "the whole fiscal year",
                  "regular_act": "the regular appropriations act only, the supplemental not found",
                  "supplemental": "the supplemental appropriations act only, the regular act not found"}
"""``us_assistance.coverage`` in words. A row whose coverage is not ``full`` is partial: it is shown,
flagged, but never ranked, compared with a request, nor used in a change, peak or average."""
PROVISIONAL, ESTIMATED = "P", "E"
UNCOMPARABLE_STATUSES = (PROVISIONAL, ESTIMATED, "F")
"""``obs_status`` values that are shown but never ranked or compared: provisional (Foreign Aid
Explorer years still being reported), estimated, projected (``mxsec.data.schemas.OBS_STATUSES``)."""
STATUS_WORDS = {"B": "the first value after a break in series", "E": "an estimate", "F": "a projection",
                "P": "provisional, to be revised in later releases"}
"""``obs_status`` codes other than A in words that follow "is" (the full list: ``OBS_STATUSES``)."""
SWING_EXAMPLE = ("incle", 2012)
"""The account-year the methodology uses to show why single years are not read as a change."""
TREND_WINDOW = 3
"""Fiscal years in the centred mean used for every statement about rising or falling assistance
(``centred_mean``): obligations are recorded when agreements are signed, so one year can fall far
below its neighbours without any change in policy."""

PROGRAM_LABELS = names.PROGRAMS  # the display names of the programmes (mxsec.names)
SHORT_LABELS = names.PROGRAM_SHORT
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


def dollars_label(dollars: str, base_year: int) -> str:
    """``constant 2024 dollars`` or ``nominal dollars``."""
    return f"constant {base_year} dollars" if dollars == "constant" else "nominal dollars"


def is_partial(rows: pd.DataFrame) -> pd.Series:
    """True where a ``us_assistance`` row covers only one appropriations act of its fiscal year
    (``coverage`` other than ``full``)."""
    return rows["coverage"].fillna(FULL_COVERAGE).astype(str).ne(FULL_COVERAGE)


def is_comparable(rows: pd.DataFrame) -> pd.Series:
    """True where a row may be ranked, compared or averaged: full coverage (where the frame has
    ``coverage``) and an ``obs_status`` other than provisional, estimated or projected."""
    ok = pd.Series(True, index=rows.index)
    if "coverage" in rows.columns:
        ok &= ~is_partial(rows)
    if "obs_status" in rows.columns:
        ok &= ~rows["obs_status"].astype(str).isin(UNCOMPARABLE_STATUSES)
    return ok


def centred_mean(frame: pd.DataFrame, value_col: str, year_col: str = "fiscal_year",
                 by: Iterable[str] = ()) -> pd.DataFrame:
    """The centred ``TREND_WINDOW``-year mean of ``value_col``: for each year with a value, the
    mean over that year and its neighbours (year - 1, year + 1) that have a value, within each
    ``by`` group. At the two ends of the available span (and beside a missing year) the window has
    two years; an isolated year has one. Returns a copy of ``frame`` with ``centred_mean``,
    ``window_years`` (3, 2 or 1; 0 and NaN mean where the year has no value), ``window_start`` and
    ``window_end`` (first and last year averaged). Pure: reads nothing else."""
    out = frame.copy()
    out["centred_mean"], out["window_years"] = np.nan, 0
    out["window_start"], out["window_end"] = pd.NA, pd.NA
    groups = out.groupby(list(by), sort=False) if list(by) else [((), out)]
    half = TREND_WINDOW // 2
    for _, group in groups:
        have = group[group[value_col].notna()]
        values = dict(zip(have[year_col].astype(int), have[value_col].astype(float)))
        for index, year in zip(have.index, have[year_col].astype(int)):
            years = [y for y in range(year - half, year + half + 1) if y in values]
            out.at[index, "centred_mean"] = float(np.mean([values[y] for y in years]))
            out.at[index, "window_years"] = len(years)
            out.at[index, "window_start"], out.at[index, "window_end"] = min(years), max(years)
    out["window_years"] = out["window_years"].astype(int)
    out["window_start"] = out["window_start"].astype("Int64")
    out["window_end"] = out["window_end"].astype("Int64")
    return out


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
    return rows[["fiscal_year", "program", "stage", "coverage", "value_usd", "obs_status", "source_id", "note"]
                ].sort_values(["fiscal_year", "program"]).reset_index(drop=True)


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
    ``source_ids`` (semicolon-separated), ``covered`` (the source reports accounts at this
    stage for the year) and ``obs_status`` (the summed rows' status: A when all are A, else the
    first of P, E, F, B among them; empty where the year is not covered). A year the source does
    not cover has ``value_usd`` NaN, never 0; a covered year with no security account is a true 0.
    """
    accounts = tuple(accounts)
    rows = security_by_account(us_assistance, start_year, end_year, source, accounts, stage)
    covered = _covered_years(us_assistance, source, stage)
    sums = rows.groupby("fiscal_year").agg(value_usd=("value_usd", "sum"), n_accounts=("program", "nunique"),
                                           source_ids=("source_id", lambda s: ";".join(sorted(set(s)))),
                                           obs_status=("obs_status", combine_status))
    out = pd.DataFrame({"fiscal_year": range(start_year, end_year + 1)})
    out = out.merge(sums.reset_index().astype({"fiscal_year": int}), on="fiscal_year", how="left")
    out["covered"] = out["fiscal_year"].isin(covered)
    out.loc[out["covered"] & out["value_usd"].isna(), ["value_usd", "n_accounts"]] = 0
    out["n_accounts"] = out["n_accounts"].astype("Int64")
    out["source_ids"] = out["source_ids"].fillna("")
    out["obs_status"] = out["obs_status"].where(out["covered"], "").fillna("A")
    out["stage"] = stage
    return out[["fiscal_year", "value_usd", "n_accounts", "stage", "obs_status", "source_ids", "covered"]]


def security_trend(us_assistance: pd.DataFrame, cpi: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                   end_year: int = DEFAULT_END_YEAR, source: str = DEFAULT_SOURCE, dollars: str = DEFAULT_DOLLARS,
                   base_year: int = DEFAULT_BASE_YEAR) -> pd.DataFrame:
    """Security assistance (``security_assistance``) with its ``centred_mean`` per fiscal year of
    the window, in ``dollars`` (column ``value``, the year's own obligations, beside it). The mean
    is taken over the years the source covers, whatever the window, so a window's first and last
    years average their neighbours where the source has them; the two-year windows fall at the
    ends of the source's span (the Greenbook: FY1990 and FY2020). Columns: fiscal_year,
    value_usd, value, obs_status, centred_mean, window_years, window_start, window_end,
    source_ids."""
    covered = _covered_years(us_assistance, source, SECURITY_STAGE)
    first, last = min([start_year, *covered]), max([end_year, *covered])
    sec = security_assistance(us_assistance, first, last, source)
    sec["value"] = to_dollars(sec["value_usd"], sec["fiscal_year"], cpi, dollars, base_year)
    sec.loc[~sec["covered"], "value"] = np.nan
    trend = centred_mean(sec, "value", "fiscal_year")
    trend = trend[trend["fiscal_year"].between(start_year, end_year)]
    return trend[["fiscal_year", "value_usd", "value", "obs_status", "centred_mean", "window_years", "window_start",
                  "window_end", "source_ids"]].reset_index(drop=True)


# --- Programme series ---------------------------------------------------------------------

def program_series(us_assistance: pd.DataFrame, programs: Iterable[str] = DEFAULT_PROGRAMS,
                   start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
                   source: str = DEFAULT_SOURCE) -> pd.DataFrame:
    """One series per programme at the first stage of ``SERIES_STAGE_PREFERENCE`` that the
    selected rows have for it (obligations where they exist, so accounts are comparable;
    Mérida only has enacted amounts). Columns fiscal_year, program, stage, coverage, value_usd,
    obs_status, source_id, note. Programmes without any row are absent (``missing_programs``)."""
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[rows["fiscal_year"].between(start_year, end_year)]
    parts = []
    for program in programs:
        mine = rows[rows["program"] == program]
        for stage in SERIES_STAGE_PREFERENCE:
            if (mine["stage"] == stage).any():
                parts.append(mine[mine["stage"] == stage])
                break
    columns = ["fiscal_year", "program", "stage", "coverage", "value_usd", "obs_status", "source_id", "note"]
    if not parts:
        return pd.DataFrame(columns=columns)
    out = pd.concat(parts)[columns]
    return out.sort_values(["program", "fiscal_year"]).reset_index(drop=True)


def missing_programs(series: pd.DataFrame, programs: Iterable[str]) -> list[str]:
    """Programmes asked for that have no row in the selection and years shown."""
    present = set(series["program"]) if len(series) else set()
    return [p for p in programs if p not in present]


# --- Request versus enacted ---------------------------------------------------------------

def request_vs_enacted(us_assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR,
                       end_year: int = DEFAULT_END_YEAR, source: str = DEFAULT_SOURCE) -> pd.DataFrame:
    """Every (fiscal year, programme) with both a request and an enacted amount.

    Columns: fiscal_year, program, request_usd, enacted_usd, request_coverage, enacted_coverage,
    request_obs_status, enacted_obs_status, like_for_like (both rows cover the whole fiscal year
    and neither is provisional or estimated: ``is_comparable``), gap_usd (enacted minus request,
    nominal) and gap_pct (gap as % of the request), both NaN unless like for like, request_source,
    enacted_source, caveat (why a pair is not like for like, in words; empty otherwise).
    """
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[rows["fiscal_year"].between(start_year, end_year)]
    keep = ["fiscal_year", "program", "value_usd", "coverage", "obs_status", "source_id"]
    req = rows[rows["stage"] == "request"][keep]
    enc = rows[rows["stage"] == "enacted"][keep]
    pairs = req.merge(enc, on=["fiscal_year", "program"], suffixes=("_req", "_enc"))
    columns = ["fiscal_year", "program", "request_usd", "enacted_usd", "gap_usd", "gap_pct", "like_for_like",
               "request_coverage", "enacted_coverage", "request_obs_status", "enacted_obs_status", "request_source",
               "enacted_source", "caveat"]
    if not len(pairs):
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({
        "fiscal_year": pairs["fiscal_year"].astype(int),
        "program": pairs["program"].astype(str),
        "request_usd": pairs["value_usd_req"].astype(float),
        "enacted_usd": pairs["value_usd_enc"].astype(float),
    })
    for side, suffix in (("request", "_req"), ("enacted", "_enc")):
        out[f"{side}_coverage"] = pairs[f"coverage{suffix}"].astype(str).to_numpy()
        out[f"{side}_obs_status"] = pairs[f"obs_status{suffix}"].astype(str).to_numpy()
    side_ok = {side: is_comparable(pd.DataFrame({"coverage": out[f"{side}_coverage"],
                                                 "obs_status": out[f"{side}_obs_status"]}))
               for side in ("request", "enacted")}
    out["like_for_like"] = (side_ok["request"] & side_ok["enacted"]).to_numpy()
    gap = out["enacted_usd"] - out["request_usd"]
    out["gap_usd"] = gap.where(out["like_for_like"])
    out["gap_pct"] = (100 * gap / out["request_usd"]).where(out["like_for_like"])
    out["request_source"] = pairs["source_id_req"].astype(str).to_numpy()
    out["enacted_source"] = pairs["source_id_enc"].astype(str).to_numpy()
    caveats = {side: [f"{side}: {flag_words(c, o)}" if not ok else "" for c, o, ok in
                      zip(out[f"{side}_coverage"], out[f"{side}_obs_status"], side_ok[side])]
               for side in ("request", "enacted")}
    out["caveat"] = ["; ".join(part for part in pair if part) for pair in zip(caveats["request"], caveats["enacted"])]
    return out.sort_values(["fiscal_year", "program"]).reset_index(drop=True)[columns]


def flag_words(coverage: Any, obs_status: Any) -> str:
    """A row's flags in words: its coverage where not ``full``, its status where not A."""
    parts = []
    if isinstance(coverage, str) and coverage and coverage != FULL_COVERAGE:
        parts.append(f"covers {COVERAGE_WORDS.get(coverage, coverage)}")
    if isinstance(obs_status, str) and obs_status and obs_status != "A":
        parts.append(f"is {STATUS_WORDS.get(obs_status, OBS_STATUSES.get(obs_status, obs_status))} (status {obs_status})")
    return ", ".join(parts)


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
    missing, coverage and obs_status of the row, partial (coverage other than ``full``: only one
    appropriations act of the year was found), complete (no year missing or partial from FY2008
    through this year), source_id.
    The running sum always starts in FY2008 whatever ``start_year`` a report shows.
    """
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[(rows["program"] == MERIDA) & (rows["stage"] == "enacted") & (rows["fiscal_year"] <= end_year)]
    columns = ["fiscal_year", "value_usd", "coverage", "obs_status", "cumulative_usd", "missing", "partial", "complete",
               "source_id"]
    if last_year is None:
        if not len(rows):
            return pd.DataFrame(columns=columns)
        last_year = int(rows["fiscal_year"].max())
    last_year = min(last_year, end_year)
    out = pd.DataFrame({"fiscal_year": range(MERIDA_FIRST_FISCAL_YEAR, last_year + 1)})
    found = rows.assign(fiscal_year=rows["fiscal_year"].astype(int))[
        ["fiscal_year", "value_usd", "coverage", "obs_status", "source_id"]]
    out = out.merge(found, on="fiscal_year", how="left")
    out["missing"] = out["value_usd"].isna()
    out["partial"] = ~out["missing"] & is_partial(out)
    out["coverage"] = out["coverage"].fillna("")
    out["obs_status"] = out["obs_status"].fillna("")
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
    out["span"] = [format_year_ranges(range(int(a), int(b) + 1), prefix="FY")
                   for a, b in zip(out["start_fiscal_year"], out["end_fiscal_year"])]
    cols = ["start_fiscal_year", "end_fiscal_year", "span", "program", "stage", "value_usd", "obs_status", "source_id",
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
            "span": format_year_ranges(range(int(best["start_fiscal_year"]), int(last_end) + 1), prefix="FY"),
            "source_id": best["source_id"], "published": best["published"], "obs_status": best["obs_status"],
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
        out.append({"span": r.span, "published_usd": float(r.value_usd), "obs_status": r.obs_status,
                    "source_id": r.source_id,
                    "published": r.published, "annual_sum_usd": annual_sum,
                    "difference_usd": annual_sum - float(r.value_usd) if pd.notna(annual_sum) else np.nan,
                    "years_missing": format_year_ranges(missing, prefix="FY"),
                    "years_partial": format_year_ranges(partial, prefix="FY")})
    return pd.DataFrame(out, columns=["span", "published_usd", "obs_status", "source_id", "published", "annual_sum_usd",
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
    out["span"] = [format_year_ranges(range(int(a), int(b) + 1), prefix="FY")
                   for a, b in zip(out["start_fiscal_year"], out["end_fiscal_year"])]
    out["category_label"] = names.code_names("category", out["category"], table="merida_composition")
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
    """INEGI intentional-homicide victims, the headline series (year of registration,
    ``mxsec.data.series``), for full years (months == 12): year, homicides, obs_status, source_id."""
    h = headline("homicides_inegi", homicides_national)
    h = h[h["months"] == 12]
    if "obs_status" not in h.columns:
        h = h.assign(obs_status="")
    return h.rename(columns={"value": "homicides"})[["year", "homicides", "obs_status", "source_id"]].astype({"year": int})


def context_ratios(security: pd.DataFrame, homicides_national: pd.DataFrame | None,
                   population: pd.DataFrame | None, cpi: pd.DataFrame, dollars: str = DEFAULT_DOLLARS,
                   base_year: int = DEFAULT_BASE_YEAR) -> pd.DataFrame:
    """Security assistance per Mexican homicide and per inhabitant, per fiscal year matched to
    the calendar year of the same number. Columns fiscal_year, value (in ``dollars``),
    homicides, population, per_homicide, per_capita, source_ids. Years lacking assistance, or
    lacking both homicides and population, are dropped; a missing ratio stays NaN."""
    security = security if "obs_status" in security.columns else security.assign(obs_status="")
    sec = security[security["value_usd"].notna()][["fiscal_year", "value_usd", "obs_status", "source_ids"]].copy()
    sec["value"] = to_dollars(sec["value_usd"], sec["fiscal_year"], cpi, dollars, base_year)
    if homicides_national is not None:
        hom = homicides_inegi(homicides_national).rename(columns={"year": "fiscal_year", "source_id": "hom_source",
                                                                  "obs_status": "homicides_obs_status"})
        sec = sec.merge(hom, on="fiscal_year", how="left")
    else:
        sec["homicides"], sec["hom_source"], sec["homicides_obs_status"] = np.nan, np.nan, np.nan
    if population is not None:
        pop = population if "obs_status" in population.columns else population.assign(obs_status="")
        pop = pop[pop["state_code"] == "00"][["year", "population", "obs_status", "source_id"]]
        pop = pop.rename(columns={"year": "fiscal_year", "source_id": "pop_source",
                                  "obs_status": "population_obs_status"}).astype({"fiscal_year": int})
        sec = sec.merge(pop, on="fiscal_year", how="left")
    else:
        sec["population"], sec["pop_source"], sec["population_obs_status"] = np.nan, np.nan, np.nan
    sec = sec[sec["homicides"].notna() | sec["population"].notna()].copy()
    sec["homicides"] = sec["homicides"].astype(float)
    sec["population"] = sec["population"].astype(float)
    sec["per_homicide"] = sec["value"] / sec["homicides"]
    sec["per_capita"] = sec["value"] / sec["population"]
    sec["source_ids"] = [";".join(split_ids(values))
                         for values in zip(sec["source_ids"], sec["hom_source"], sec["pop_source"])]
    for column in ("homicides_obs_status", "population_obs_status"):
        sec[column] = sec[column].fillna("")
    return sec[["fiscal_year", "value", "obs_status", "homicides", "homicides_obs_status", "population",
                "population_obs_status", "per_homicide", "per_capita", "source_ids"]].reset_index(drop=True)


# --- Stages of all foreign aid --------------------------------------------------------------

def aid_stages(us_assistance: pd.DataFrame, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
               source: str = DEFAULT_SOURCE, cpi: pd.DataFrame | None = None, dollars: str = DEFAULT_DOLLARS,
               base_year: int = DEFAULT_BASE_YEAR) -> pd.DataFrame:
    """All U.S. foreign aid to Mexico by stage (request, enacted, allocated, obligated,
    disbursed) per fiscal year, one row per year and stage: fiscal_year, stage, value_usd
    (nominal), value (in ``dollars``), obs_status, partly_reported (obs_status P: the fiscal year
    is only partly reported), source_id."""
    rows = one_per_key(select_source(us_assistance, source))
    rows = rows[(rows["program"] == ALL_AID) & rows["fiscal_year"].between(start_year, end_year)
                & rows["stage"].isin(["request", "enacted", "allocated", "obligated", "disbursed"])].copy()
    rows["fiscal_year"] = rows["fiscal_year"].astype(int)
    rows["partly_reported"] = rows["obs_status"].eq(PROVISIONAL)
    if cpi is not None:
        rows["value"] = to_dollars(rows["value_usd"], rows["fiscal_year"], cpi, dollars, base_year)
    else:
        rows["value"] = rows["value_usd"].astype(float)
    return rows[["fiscal_year", "stage", "value_usd", "value", "obs_status", "partly_reported", "source_id"]].sort_values(
        ["stage", "fiscal_year"]).reset_index(drop=True)


# --- Everything a report edition needs ------------------------------------------------------

def load_tables() -> dict[str, pd.DataFrame | None]:
    """The curated tables this topic reads (a table that fails validation stops the report)."""
    from mxsec.data import load

    return {name: load(name) for name in ("us_assistance", "us_assistance_periods", "merida_composition", "us_cpi_u",
                                          "sources", "homicides_national", "population")}


@dataclass
class Funding:
    """Every computed table of one edition (see ``build``)."""

    start_year: int
    end_year: int
    dollars: str
    base_year: int
    programs: tuple[str, ...]
    source: str
    tables: dict[str, pd.DataFrame | None]
    security: pd.DataFrame
    trend: pd.DataFrame
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


def build(*, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR, dollars: str = DEFAULT_DOLLARS,
          base_year: int = DEFAULT_BASE_YEAR, programs: Iterable[str] = DEFAULT_PROGRAMS,
          source: str = DEFAULT_SOURCE) -> Funding:
    """Compute every table of the funding report for one set of parameters (the notebook's,
    with the same defaults), from the tables ``load_tables`` reads."""
    if start_year > end_year:
        raise ValueError(f"start_year {start_year} is after end_year {end_year}")
    tables = load_tables()
    us, cpi = tables["us_assistance"], tables["us_cpi_u"]
    deflator(cpi, base_year)  # fail early on a base year without CPI-U
    security = security_assistance(us, start_year, end_year, source)
    security["value"] = to_dollars(security["value_usd"], security["fiscal_year"], cpi, dollars, base_year)
    by_account = security_by_account(us, start_year, end_year, source)
    by_account["value"] = to_dollars(by_account["value_usd"], by_account["fiscal_year"], cpi, dollars, base_year)
    rows = one_per_key(select_source(us, source))
    rows = rows[rows["fiscal_year"].between(start_year, end_year) & (rows["stage"] == SECURITY_STAGE)]
    all_aid = rows[rows["program"] == ALL_AID][["fiscal_year", "coverage", "value_usd", "obs_status", "source_id"]].copy()
    all_aid["partly_reported"] = all_aid["obs_status"].eq(PROVISIONAL)
    all_aid["value"] = to_dollars(all_aid["value_usd"], all_aid["fiscal_year"], cpi, dollars, base_year)
    esf = rows[rows["program"] == "esf"][["fiscal_year", "coverage", "value_usd", "obs_status", "source_id"]].copy()
    esf["value"] = to_dollars(esf["value_usd"], esf["fiscal_year"], cpi, dollars, base_year)
    series = program_series(us, programs, start_year, end_year, source)
    series["value"] = to_dollars(series["value_usd"], series["fiscal_year"], cpi, dollars, base_year)
    series["partly_reported"] = series["obs_status"].eq(PROVISIONAL)
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
        source=source, tables=tables, security=security,
        trend=security_trend(us, cpi, start_year, end_year, source, dollars, base_year), by_account=by_account,
        all_aid_obligated=all_aid, esf=esf,
        series=series, comparison=request_vs_enacted(us, start_year, end_year, source), cumulative=cumulative,
        totals=totals, published_check=compare_published(cumulative, totals),
        comp=composition(tables["merida_composition"]),
        context=context_ratios(security, tables["homicides_national"], tables["population"], cpi, dollars, base_year),
        stages=aid_stages(us, start_year, end_year, source, cpi, dollars, base_year),
        notes={"latest_total": latest_total},
    )


def key_figures(bundle: Funding | None = None) -> dict[str, dict[str, Any]]:
    """The report's key figures for ``bundle`` (None: the default edition, ``build()``); computed
    in ``figures.key_figures`` from the numbers the report states."""
    from .figures import key_figures as compute_key_figures

    return compute_key_figures(bundle)
