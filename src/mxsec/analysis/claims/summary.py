"""Claims ledger: summaries for the overview (see mxsec.analysis.claims)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from mxsec.formatting import fmt
from mxsec.analysis.claims.core import *  # noqa: F403 (the ledger's shared names)
from mxsec.analysis.claims.evaluate import *  # noqa: F403


# --- Summaries for the overview ------------------------------------------------------------------

def _papers(results: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per paper: file, source_id, label ("Author, “Title” (year)"), year."""
    papers = results[["paper", "source_id"]].drop_duplicates().sort_values("paper")
    info = sources.set_index("source_id")

    def label(source_id: str) -> str:
        if source_id not in info.index:
            return source_id
        row = info.loc[source_id]
        authors = re.findall(r"\(([^()]*)\)\s*$", str(row["publisher"]))
        who = authors[0].split(",")[0] if authors else str(row["publisher"])
        return f"{who}, “{row['title']}” ({str(row['published'] or '')[:4]})"

    papers["label"] = papers["source_id"].map(label)
    papers["year"] = papers["source_id"].map(
        lambda s: str(info.at[s, "published"] or "")[:4] if s in info.index else "")
    return papers.reset_index(drop=True)


def key_figures(results: pd.DataFrame | None = None,
                tables: Callable[[str], pd.DataFrame] | None = None) -> dict[str, dict[str, Any]]:
    """``claims_total`` and the number of claims per verdict (``claims_consistent``,
    ``claims_nonpreferred``, ``claims_differs``, ``claims_not_checkable``), plus
    ``claims_by_paper`` (dict paper label -> count). Each entry is ``{value, unit, period,
    source_ids, note}``; ``period`` is the span of the papers' publication years."""
    if tables is None:
        from mxsec.data import load as tables  # noqa: N813
    results = evaluate(tables=tables) if results is None else results
    papers = _papers(results, tables("sources"))
    years = sorted(y for y in papers["year"] if y)
    period = f"{years[0]}-{years[-1]}" if years else ""
    paper_ids = sorted(papers["source_id"])
    out: dict[str, dict[str, Any]] = {
        "claims_total": {"value": int(len(results)), "unit": "count", "period": period, "source_ids": paper_ids,
                         "note": f"Numerical claims quoted from {len(papers)} papers of the literature and tested "
                                 "against data/ (mxsec.analysis.claims); qualitative claims are listed apart "
                                 "(qualitative_claims) and not counted."},
    }
    for verdict, key in VERDICT_KEYS.items():
        chosen = results[results["verdict"] == verdict]
        matched = sorted({i for ids in chosen["matched_source_ids"] for i in ids})
        out[key] = {"value": int(len(chosen)), "unit": "count", "period": period,
                    "source_ids": sorted(set(chosen["source_id"])) + [i for i in matched if i not in paper_ids],
                    "note": f"Claims whose verdict is '{verdict}'."}
    counts = results.groupby("paper").size()
    out["claims_by_paper"] = {"value": {row.label: int(counts.get(row.paper, 0)) for row in papers.itertuples()},
                              "unit": "count", "period": period, "source_ids": paper_ids,
                              "note": "Claims per paper (file order of the literature folder)."}
    return out


def ledger_table(paper: str | None = None, results: pd.DataFrame | None = None,
                 tables: Callable[[str], pd.DataFrame] | None = None) -> pd.DataFrame:
    """The ledger as the overview shows it: one row per claim, grouped by paper (file order),
    claims in the order they appear in the paper (the line number in ``locator``; ties keep
    their order in claims.csv). ``paper`` (file name or source_id) keeps one paper.

    Columns: paper (label), claim_id, claim (the quote, in quotation marks), locator, claimed
    (formatted, with period), data (formatted data value(s)), verdict, badge_class (CSS class of
    the verdict badge), explanation, source_id (the paper), matched_source_ids (joined by ", ")."""
    if tables is None:
        from mxsec.data import load as tables  # noqa: N813
    results = evaluate(tables=tables) if results is None else results
    papers = _papers(results, tables("sources"))
    if paper is not None:
        if paper not in set(papers["paper"]) | set(papers["source_id"]):
            raise ValueError(f"paper {paper!r}: not in the ledger; papers: {', '.join(papers['paper'])}")
        results = results[(results["paper"] == paper) | (results["source_id"] == paper)]
    labels = papers.set_index("paper")["label"]
    order = {p: i for i, p in enumerate(papers["paper"])}
    line = results["locator"].astype(str).str.extract(r"line (\d+)", expand=False).astype(float)
    frame = results.assign(_order=results["paper"].map(order), _line=line.fillna(np.inf).to_numpy(),
                           _row=range(len(results)))
    frame = frame.sort_values(["_order", "_line", "_row"], kind="mergesort")

    def claimed(row: pd.Series) -> str:
        text = f"{_fmt_value(row.claimed_value, row.unit)} ({row.period})"
        if row.comparison == "range":
            upper = _fmt_value(row.claimed_value_2, row.unit)
            return f"{_fmt_value(row.claimed_value, row.unit)} to {upper} ({row.period})"
        if not _missing(row.period_2):
            text += f"; {_fmt_value(row.claimed_value_2, row.unit)} ({row.period_2})"
        prefix = {"gte": "at least ", "lte": "at most "}.get(row.comparison, "")
        return prefix + text

    def data(row: pd.Series) -> str:
        if row.verdict_1 == NOT_CHECKABLE and (row.verdict_2 in (None, NOT_CHECKABLE) or _missing(row.verdict_2)):
            return ""
        parts = [_fmt_value(row.data_value, row.unit)]
        if not _missing(row.period_2) and row.comparison != "range":
            parts.append(_fmt_value(row.data_value_2, row.unit))
        return "; ".join(parts)

    return pd.DataFrame({
        "paper": frame["paper"].map(labels).to_numpy(),
        "claim_id": frame["claim_id"].to_numpy(),
        "claim": ("“" + frame["quote"] + "”").to_numpy(),
        "locator": frame["locator"].to_numpy(),
        "claimed": [claimed(r) for _, r in frame.iterrows()],
        "data": [data(r) for _, r in frame.iterrows()],
        "verdict": frame["verdict"].to_numpy(),
        "badge_class": frame["verdict"].map(BADGE_CLASS).to_numpy(),
        "explanation": frame["explanation"].to_numpy(),
        "source_id": frame["source_id"].to_numpy(),
        "matched_source_ids": frame["matched_source_ids"].map(", ".join).to_numpy(),
    })


def missing_figures(results: pd.DataFrame | None = None,
                    tables: Callable[[str], pd.DataFrame] | None = None) -> pd.DataFrame:
    """The figures the ledger lacks: one row per claim that stays not checkable, with the figure that is
    missing and where it is published (the claim's ``missing``), so that a reader with internet access
    can type it into data/manual/ (data/manual/README.md says how). Columns: claim_id, paper (label),
    quantity, period, missing, table (the table the figure would go in; empty where data/ has none)."""
    if tables is None:
        from mxsec.data import load as tables  # noqa: N813
    results = evaluate(tables=tables) if results is None else results
    claims = tables("claims").set_index("claim_id")
    labels = _papers(results, tables("sources")).set_index("paper")["label"]
    rows = results[results["verdict"] == NOT_CHECKABLE]
    ids = rows["claim_id"]
    return pd.DataFrame({
        "claim_id": ids.to_numpy(), "paper": rows["paper"].map(labels).to_numpy(),
        "quantity": rows["quantity"].to_numpy(),
        "period": [str(r.period) + ("" if _missing(r.period_2) else f", {r.period_2}") for r in rows.itertuples()],
        "missing": claims.loc[ids, "missing"].fillna("").str.replace(r"^Missing:\s*", "", regex=True).to_numpy(),
        "table": claims.loc[ids, "test_table"].fillna("").to_numpy()})


__all__ = [name for name in dir() if not name.startswith('__')]
