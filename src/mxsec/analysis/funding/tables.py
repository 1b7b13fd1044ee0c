"""The funding report's display tables, each a ``report.Table`` with its caption (from ``text``)
and the source ids it cites. Amounts are shown in US$ million; codes and sources by their display
names (``mxsec.names``); each value's observation status in a "flag" column."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mxsec import names
from mxsec.analysis.common import frame_ids
from mxsec.report import Table

from . import text
from .compute import MILLION, Funding
from .figures import (all_aid_context, all_aid_context_stages, comparison_source_ids)


def _coverage(codes: pd.Series) -> list[str]:
    """Coverage codes by their display names; an empty cell stays empty (no figure on that side)."""
    return ["" if pd.isna(c) or c == "" else names.code_name("coverage", c) for c in codes]


def _sources(d: Funding, ids: pd.Series, titles: bool = True) -> list[str]:
    """Each cell's source ids (``;``-joined where several) by the sources' display names
    (``titles=False``: publisher and year only, where the table prints the date)."""
    known = names.source_names(d.tables["sources"], titles)
    return [names.cite(i, names=known) for i in ids]


def security_table(d: Funding) -> Table:
    """Security assistance per fiscal year for display: US$ million nominal and in the chosen dollars."""
    s = d.security
    out = pd.DataFrame({"Fiscal year": s["fiscal_year"].astype(str),
                        "Nominal, US$ million": s["value_usd"] / MILLION})
    if d.dollars == "constant":
        out[f"Constant {d.base_year}, US$ million"] = s["value"] / MILLION
    out["Accounts"] = s["n_accounts"]
    out["Stage"] = names.code_names("stage", s["stage"])
    out["Flag"] = s["obs_status"]
    return Table("security-by-year", out, text.SECURITY_TABLE, tuple(frame_ids(s, column="source_ids")))


def comparison_table(d: Funding) -> Table:
    """Request versus enacted for display (US$ million nominal, gap in % of request)."""
    c = d.comparison
    data = pd.DataFrame({
        "Fiscal year": c["fiscal_year"].astype(str), "Programme": names.code_names("program", c["program"], short=True),
        "Requested, US$ million": c["request_usd"] / MILLION, "Enacted, US$ million": c["enacted_usd"] / MILLION,
        "Gap, US$ million": c["gap_usd"] / MILLION, "Gap, % of request": c["gap_pct"],
        "Like for like": np.where(c["like_for_like"].astype(bool), "yes", "no"), "Why not": c["caveat"],
        "Request coverage": _coverage(c["request_coverage"]), "Enacted coverage": _coverage(c["enacted_coverage"]),
        "Request flag": c["request_obs_status"], "Enacted flag": c["enacted_obs_status"],
    })
    return Table("request-vs-enacted-table", data, text.COMPARISON_TABLE, tuple(comparison_source_ids(d)))


def published_table(d: Funding) -> Table:
    """Published Mérida totals beside the annual data for the same span (US$ million, nominal)."""
    p = d.published_check
    data = pd.DataFrame({
        "Span": p["span"], "Published total, US$ million": p["published_usd"] / MILLION, "Flag": p["obs_status"],
        "Source": _sources(d, p["source_id"], titles=False),
        "Dated": p["published"], "Annual figures summed, US$ million": p["annual_sum_usd"] / MILLION,
        "Years missing in annual data": p["years_missing"], "Partial years": p["years_partial"],
    })
    return Table("merida-published-totals", data, text.PUBLISHED_TABLE, tuple(frame_ids(p)))


def composition_table(d: Funding) -> Table:
    """Composition rows for display."""
    c = d.comp
    data = pd.DataFrame({"Span": c["span"], "Category (as the source names it)": c["category_label"],
                         "US$ million": c["value_usd"] / MILLION,
                         "Source": _sources(d, c["source_id"])})
    return Table("merida-composition-table", data, text.COMPOSITION_TABLE, tuple(frame_ids(c)))


def all_aid_context_table(d: Funding, first: int | None = None, last: int | None = None) -> Table:
    """All U.S. foreign assistance to Mexico, all sectors (context, not security assistance), per
    fiscal year (default FY2019-FY2024): US$ million nominal per budget stage, each with its flag."""
    c = all_aid_context(d, first, last)
    data = pd.DataFrame({"Fiscal year": c["fiscal_year"].astype(str)})
    for stage in all_aid_context_stages(c):
        label = text.AID_CONTEXT_STAGE_LABELS.get(stage, stage)
        data[f"{label}, US$ million"] = c[f"{stage}_usd"] / MILLION
        data[f"{label} flag"] = c[f"{stage}_obs_status"]
    data["Sources"] = _sources(d, c["source_ids"])
    return Table("all-aid-context", data, text.all_aid_context_caption(d, c), tuple(frame_ids(c, column="source_ids")))
