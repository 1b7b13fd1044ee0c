"""Claims ledger: the evidence for each figure of a claim and the verdicts (see mxsec.analysis.claims)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from mxsec import names as display
from mxsec.formatting import fmt
from mxsec.analysis.claims.core import *  # noqa: F403 (the ledger's shared names)
from mxsec.analysis.claims.ranks import *  # noqa: F403


@dataclass
class _Evidence:
    """What data/ holds for one figure of a claim under one reading."""
    what: str  # the aggregate and period, e.g. "total 2007-2012"
    ref_name: str  # "the preferred figure" or "the figure stated for this span"
    references: list[_Candidate]  # the reference figure(s)
    candidates: list[_Candidate]  # other sources and series
    gap: str = ""  # why there is no reference figure


def _yearly_evidence(table: str, claim: Any, second: bool, rows: pd.DataFrame, exact: pd.Series, ycol: str,
                     vcol: str, relaxed: dict[str, str], descriptive: list[str], where: str, filter_text: str,
                     has_months: bool) -> _Evidence:
    ycol, years = period_values(table, rows, claim.test_period_2 if second else claim.test_period)
    prefix = "FY" if ycol == "fiscal_year" else ""
    label = _year_label(years, bool(prefix))
    in_years = rows[rows[ycol].isin(years)]
    exact = exact.loc[in_years.index]
    reference_rows = in_years[exact & in_years["preferred"]] if "preferred" in in_years else in_years[exact]
    per_year = reference_rows.groupby(ycol)[vcol].agg(lambda s: sorted(set(s)))
    ambiguous = [y for y, v in per_year.items() if len(v) > 1]
    missing_years = [y for y in years if y not in per_year.index]
    references, gap = [], ""
    if ambiguous:
        gap = f"the filter leaves several preferred figures for {_ranges(ambiguous, prefix)} (ambiguous test)"
    elif missing_years:
        full = "full-year " if has_months else ""
        gap = (f"{where} has no {full}preferred figure with {filter_text} for "
               f"{_ranges(missing_years, prefix)}" + (f" (span {label} incomplete)" if len(years) > 1 else ""))
    else:
        value = _aggregate([per_year[y][0] for y in years], claim.test_aggregate)
        references = [_Candidate(value, tuple(sorted(set(reference_rows["source_id"]))))]
    others = in_years.drop(index=reference_rows.index)
    candidates = _series_candidates(table, others, years, ycol, vcol, claim.test_aggregate, descriptive, relaxed)
    what = {"value": "", "sum": "total ", "mean": "yearly mean ", "min": "lowest yearly figure ",
            "max": "highest yearly figure "}[claim.test_aggregate] + label
    return _Evidence(what, "the preferred figure", references, candidates, gap)


def _span_evidence(claim: Any, rows: pd.DataFrame, exact: pd.Series, vcol: str, relaxed: dict[str, str],
                   where: str, filter_text: str) -> _Evidence:
    per_year = claim.test_aggregate == "mean"
    values = rows[vcol].astype(float) / (_span_years(rows) if per_year else 1.0)

    def candidate(i: Any) -> _Candidate:
        differs_in = {c: rows.at[i, c] for c, v in relaxed.items() if str(rows.at[i, c]) != v}
        return _Candidate(float(values[i]), (rows.at[i, "source_id"],), differs_in,
                          tuple(sorted(differs_in.items())) + (("source_id", rows.at[i, "source_id"]),))

    # a table with ``preferred`` (reference_figures) keeps one reference per series; the other sources are candidates
    chosen = exact & rows["preferred"].astype(bool) if "preferred" in rows.columns else exact
    references = [candidate(i) for i in rows.index[chosen]]
    candidates = [candidate(i) for i in rows.index[~chosen]]
    spans = {"start_fiscal_year", "period_start"} & set(rows.columns)
    what = (f"yearly mean of the total stated for {claim.period}" if per_year else
            f"total stated for {claim.period}" if spans else "figure the sources state")
    gap = "" if references else f"no row of {where} matches {filter_text}"
    return _Evidence(what, "the figure stated for this span", references, candidates, gap)






def _reading_evidence(claim: Any, second: bool, frame: pd.DataFrame, table: str, conditions: dict[str, str],
                      literature: frozenset[str], sources: dict[str, str]) -> tuple[_Evidence, list[str]]:
    vcol, ycol = value_column(frame), year_column(frame)
    relaxed = {c: v for c, v in conditions.items() if c in ALTERNATIVE_COLUMNS.get(table, ())}
    strict = {c: v for c, v in conditions.items() if c not in relaxed}
    where = f"data/{table}.csv"
    filter_text = f"[{_describe(conditions, table)}]"
    rows = frame[_match(frame, strict) & frame[vcol].notna()]
    literature_rows = rows[rows["source_id"].isin(literature)]
    rows = rows[~rows["source_id"].isin(literature)]
    whole = comparable_rows(rows)
    partial_rows, rows = rows[~whole], rows[whole]
    exact = _match(rows, relaxed)
    if ycol:
        descriptive = [c for c in frame.columns if c not in NOT_DESCRIPTIVE
                       and (pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c]))]
        evidence = _yearly_evidence(table, claim, second, rows, exact, ycol, vcol, relaxed, descriptive, where,
                                    filter_text, "months" in frame.columns)
        ycol, years = period_values(table, frame, claim.test_period_2 if second else claim.test_period)
        literature_rows = literature_rows[literature_rows[ycol].isin(years)]
        partial_rows = partial_rows[partial_rows[ycol].isin(years)]
    else:
        evidence = _span_evidence(claim, rows, exact, vcol, relaxed, where, filter_text)
    notes = []
    if len(literature_rows) and not evidence.references:
        ids = _cite(sorted(set(literature_rows["source_id"])), sources)
        notes.append(f"the only matching figures in data/ with {filter_text} cite the literature itself ({ids}), "
                     "which cannot corroborate it")
    if len(partial_rows) and not evidence.references:
        kinds = "part of the year" if "months" in partial_rows.columns else "one appropriations act of the year"
        notes.append(f"a partial-year figure exists ({kinds}: {_cite(sorted(set(partial_rows['source_id'])), sources)}) "
                     "but is not comparable")
    return evidence, notes


def _figure(claim: Any, second: bool, tables: Callable[[str], pd.DataFrame], literature: frozenset[str],
            sources: dict[str, str]) -> _Figure:
    claimed = float(claim.claimed_value_2 if second else claim.claimed_value)
    comparison = claim.comparison
    if second and not _missing(getattr(claim, "comparison_2", None)):
        comparison = claim.comparison_2
    upper = float(claim.claimed_value_2) if claim.comparison == "range" else np.nan
    figure = _Figure(claimed, comparison, upper, tolerance_of(claim, second), "", [])
    if _missing(claim.test_table):
        missing = [s for s in re.split(r"(?<=\.)\s+", str(claim.note or "")) if "data/" in s]
        figure.gap = (f"nothing in data/ to test it with. " + (" ".join(missing) if missing else
                      f"No table in data/ measures {claim.quantity.lower()}."))
        return figure
    table = claim.test_table
    frame = tables(table)
    base = parse_filter(claim.test_filter)
    readings = [({}, "")] + [(r, _reading_name(r, table)) for r in parse_readings(getattr(claim, "readings", None))]
    for overrides, name in readings:
        where, rows, conditions = table, frame, {**base, **overrides}
        if READING_TABLE in overrides:  # stated totals of another table: the reading's values are the whole filter
            where = overrides[READING_TABLE]
            rows, conditions = tables(where), {c: v for c, v in overrides.items() if c != READING_TABLE}
        evidence, notes = _reading_evidence(claim, second, rows, where, conditions, literature, sources)
        if not name:
            figure.what = evidence.what
            figure.gap = evidence.gap
            figure.notes = notes
            for ref in evidence.references:
                figure.options.append(_Option(ref.value, ref.source_ids, "", ("natural",), natural=True))
        else:
            for ref in evidence.references:
                figure.options.append(_Option(ref.value, ref.source_ids, name, ("reading", name)))
        for cand in evidence.candidates:
            label = "; ".join(x for x in (name, _describe(cand.differs_in, table)) if x) or "another source"
            figure.options.append(_Option(cand.value, cand.source_ids, label, ("reading", name) + cand.series))
    return figure


def _ok(figure: _Figure, option: _Option) -> bool:
    return satisfies(option.value, figure.comparison, figure.claimed, figure.tolerance, figure.upper)


def _gap(figure: _Figure, option: _Option) -> float:
    return abs(_difference_of(option.value, figure.comparison, figure.claimed, figure.upper))


def _said(figure: _Figure, option: _Option, unit: str, sources: dict[str, str]) -> str:
    how = f" [{option.label}]" if option.label else ""
    off = fmt(_difference_of(option.value, figure.comparison, figure.claimed, figure.upper) * 100, "signed_pct")
    return f"{_fmt_value(option.value, unit)} ({_cite(option.source_ids, sources)}){how}, {off}"


def _against(figure: _Figure, unit: str) -> str:
    claimed = _fmt_value(figure.claimed, unit)
    if figure.comparison == "range":
        claimed = f"{claimed} to {_fmt_value(figure.upper, unit)}"
    tol = fmt(figure.tolerance * 100, "pct")
    bound = {"approx": f"tolerance {tol}", "below": f"claimed as just below the figure, down to -{tol}",
             "gte": "claimed as a minimum", "lte": "claimed as a maximum", "range": "claimed as a range"}[
        figure.comparison]
    return f"against the claimed {claimed} ({bound})"


def _figure_text(figure: _Figure, chosen: _Option | None, unit: str, verdict: str, sources: dict[str, str]) -> str:
    """One figure's part of the explanation: the preferred figure of the natural reading, the option the
    verdict rests on, and the closest other readings."""
    against = _against(figure, unit)
    what = figure.what or "the claim"
    naturals = sorted(figure.naturals, key=lambda o: _gap(figure, o))
    if not figure.what:
        return figure.gap
    if naturals:
        head = f"{what}: the preferred figure is {_said(figure, naturals[0], unit, sources)} {against}"
    else:
        reasons = [figure.gap or "no figure in data/"] + figure.notes
        head = f"{what}: no preferred figure ({'; '.join(reasons)})"
    others = [o for o in figure.options if not o.natural]
    if chosen is not None and not chosen.natural:
        head += f"; another {'reading' if chosen.key[1] else 'series or source'} in data/ gives {_said(figure, chosen, unit, sources)}"
        others = [o for o in others if o is not chosen]
    others = [o for o in others if not _ok(figure, o)]
    if verdict in (DIFFERS, NOT_CHECKABLE) and others:
        closest = sorted(others, key=lambda o: _gap(figure, o))[:3]
        head += "; other readings and sources differ: " + "; ".join(_said(figure, o, unit, sources) for o in closest)
        values = [o.value for o in figure.options]
        if figure.comparison in ("approx", "below") and len(values) > 1 and min(values) < figure.claimed < max(values):
            head += " (the claimed figure lies between them, but agrees with none within the tolerance)"
    return head


def _level_parts(claim: Any, figures: list[_Figure], sources: dict[str, str]) -> tuple[str, list[_Part]]:
    """Verdict on the claimed levels, and one _Part per figure (rule in the module docstring)."""
    unit = claim.unit

    def part(figure: _Figure, verdict: str, chosen: _Option | None) -> _Part:
        natural = min(figure.naturals, key=lambda o: _gap(figure, o)) if figure.naturals else None
        shown = chosen or natural
        if shown is None and verdict != NOT_CHECKABLE and figure.options:
            shown = min(figure.options, key=lambda o: _gap(figure, o))
        return _Part(verdict, figure.claimed, shown.value if shown else np.nan,
                     natural.value if natural else np.nan,
                     _difference_of(shown.value, figure.comparison, figure.claimed, figure.upper) if shown else np.nan,
                     shown.source_ids if shown else (), _figure_text(figure, chosen, unit, verdict, sources))

    # 1-2. one series (the natural reading's preferred one first) that agrees with every figure
    keys = [o.key for o in figures[0].options]
    for key in dict.fromkeys(keys):
        chosen = []
        for figure in figures:
            fitting = [o for o in figure.options if o.key == key and _ok(figure, o)]
            if not fitting:
                break
            chosen.append(min(fitting, key=lambda o: _gap(figure, o)))
        else:
            verdict = CONSISTENT if key == ("natural",) else NON_PREFERRED
            return verdict, [part(f, verdict, c) for f, c in zip(figures, chosen)]
    # each figure on its own: the natural reading's figure if it agrees, else the closest that agrees
    parts = []
    for figure in figures:
        fitting = sorted([o for o in figure.options if _ok(figure, o)], key=lambda o: (not o.natural, _gap(figure, o)))
        if fitting:
            parts.append(part(figure, CONSISTENT if fitting[0].natural else NON_PREFERRED, fitting[0]))
        elif figure.naturals:
            parts.append(part(figure, DIFFERS, None))
        else:
            parts.append(part(figure, NOT_CHECKABLE, None))
    # 3. the natural reading has every figure: it differs, even where each figure agrees with some series
    if all(f.naturals for f in figures):
        if all(p.verdict != DIFFERS for p in parts):
            parts[-1].text = parts[-1].text.rstrip(". ") + "; no one series agrees with every figure of the claim"
        return DIFFERS, parts
    # 4. some figure has no natural figure: the worst of the figures' verdicts
    return max((p.verdict for p in parts), key=SEVERITY.get), parts


# --- Evaluation ------------------------------------------------------------------------------

def _derived_security_assistance(us_assistance: pd.DataFrame) -> pd.DataFrame:
    """The report's own definition of security assistance (mxsec.analysis.funding.compute
    .security_assistance: State and DoD security accounts, obligated) as rows of us_assistance with
    ``program=security_assistance``, so a claim can name it in a filter."""
    from mxsec.analysis.funding import compute as funding

    sums = funding.security_assistance(us_assistance)
    sums = sums[sums["covered"] & sums["value_usd"].notna()]
    return pd.DataFrame({
        "fiscal_year": sums["fiscal_year"].astype(us_assistance["fiscal_year"].dtype).to_numpy(),
        "program": SECURITY_ASSISTANCE, "stage": sums["stage"].to_numpy(), "coverage": FULL_COVERAGE,
        "value_usd": sums["value_usd"].to_numpy(), "obs_status": sums["obs_status"].replace("", "A").to_numpy(),
        "preferred": True, "source_id": sums["source_ids"].to_numpy(), "locator": None,
        "note": "derived: mxsec.analysis.funding.compute.security_assistance"})


def is_qualitative(claims: pd.DataFrame) -> pd.Series:
    """Claims kept as a separate qualitative list (``kind=qualitative``): not counted in the totals."""
    if "kind" not in claims.columns:
        return pd.Series(False, index=claims.index)
    return claims["kind"].fillna("numerical").eq("qualitative")


def evaluate(claims: pd.DataFrame | None = None,
             tables: Callable[[str], pd.DataFrame] | None = None) -> pd.DataFrame:
    """The verdict of every numerical claim, one row per claim in the order of ``claims``
    (qualitative claims, ``kind=qualitative``, are left out: see ``qualitative_claims``).

    ``claims`` defaults to ``tables("claims")``; ``tables`` (default ``mxsec.data.load``) returns
    a curated table by name, so a test can pass modified copies. Columns: the claim's identity
    (claim_id, paper, source_id, locator, quote, quantity, period, claimed_value, period_2,
    claimed_value_2, unit, comparison, tolerance_rel, tolerance_rel_2), ``rule`` (which part of the rule the test
    applies), ``verdict`` (one of ``VERDICTS``), ``verdict_1``/``verdict_2`` (per figure;
    ``verdict_2`` empty for one-figure claims), ``verdict_rank`` (rank or direction claims, else
    empty), ``data_value``/``data_value_2`` (the figure the verdict rests on: the matching one, else
    the preferred one; NaN when not checkable), ``difference_rel``/``difference_rel_2`` ((data -
    claim) / claim), ``preferred_value``/``preferred_value_2``, ``matched_source_ids`` (tuple of
    source ids behind the data values) and ``explanation``.
    Raises ValueError when a claim's declaration is malformed (see ``check_claims``)."""
    if tables is None:
        from mxsec.data import load as tables  # noqa: N813
    if claims is None:
        claims = tables("claims")
    cache: dict[str, pd.DataFrame] = {}

    def table(name: str) -> pd.DataFrame:
        if name not in cache:
            frame = tables(name)
            if name == "us_assistance":
                frame = pd.concat([frame, _derived_security_assistance(frame)], ignore_index=True)
            cache[name] = frame
        return cache[name]

    problems = check_claims(claims, table)
    if problems:
        raise ValueError("claims: " + "; ".join(problems))
    papers = set(claims["source_id"].dropna().unique())
    try:
        from mxsec.data.sources import literature_source_ids as listed

        papers |= set(listed(table("sources")))
    except FileNotFoundError:
        pass
    literature = literature_source_ids(table("sources"), papers)
    sources = display.source_names(table("sources"))
    records = []
    for claim in claims[~is_qualitative(claims)].itertuples(index=False):
        two = not _missing(claim.period_2) and claim.comparison != "range"
        figures = [_figure(claim, False, table, literature, sources)] + (
            [_figure(claim, True, table, literature, sources)] if two else [])
        level, parts = _level_parts(claim, figures, sources)
        rank = _rank_part(claim, table, literature, sources)
        verdict = max([level] + ([rank.verdict] if rank else []), key=SEVERITY.get)
        first, second = parts[0], parts[1] if two else None
        records.append({
            "claim_id": claim.claim_id, "paper": claim.paper, "source_id": claim.source_id,
            "locator": claim.locator, "quote": claim.quote, "quantity": claim.quantity, "period": claim.period,
            "claimed_value": float(claim.claimed_value),
            "period_2": None if _missing(claim.period_2) else claim.period_2,
            "claimed_value_2": np.nan if _missing(claim.claimed_value_2) else float(claim.claimed_value_2),
            "unit": claim.unit, "comparison": claim.comparison, "tolerance_rel": tolerance_of(claim),
            "tolerance_rel_2": tolerance_of(claim, True) if two else np.nan,
            "rule": rule_text(claim),
            "verdict": verdict, "verdict_1": first.verdict, "verdict_2": second.verdict if second else None,
            "verdict_rank": rank.verdict if rank else None,
            "data_value": first.data_value, "data_value_2": second.data_value if second else np.nan,
            "difference_rel": first.difference_rel, "difference_rel_2": second.difference_rel if second else np.nan,
            "preferred_value": first.preferred_value,
            "preferred_value_2": second.preferred_value if second else np.nan,
            "matched_source_ids": tuple(dict.fromkeys(i for p in parts + ([rank] if rank else [])
                                                      for i in p.source_ids)),
            "explanation": _explain(verdict, claim, parts, rank),
        })
    return pd.DataFrame.from_records(records)


def _explain(verdict: str, claim: Any, parts: list[_Part], rank: _Part | None = None) -> str:
    head = verdict[0].upper() + verdict[1:]
    texts = [p.text.rstrip(". ") for p in parts]
    if len(parts) == 1:
        body = f"{head}: {texts[0]}."
    else:
        body = (f"{head} (both figures checked). First figure, {parts[0].verdict}: {texts[0]}. "
                f"Second figure, {parts[1].verdict}: {texts[1]}.")
    if rank is not None:
        body += f" {rank.text[0].upper()}{rank.text[1:].rstrip('. ')} ({rank.verdict})."
    missing = getattr(claim, "missing", None)
    if verdict == NOT_CHECKABLE and not _missing(missing):
        body += f" {str(missing).strip()}"
    return f"{body} {rule_text(claim)}"


def qualitative_claims(claims: pd.DataFrame | None = None,
                       tables: Callable[[str], pd.DataFrame] | None = None) -> pd.DataFrame:
    """The qualitative claims (``kind=qualitative``): kept in the ledger as a separate list, with the
    evidence the reports offer (``note``), never counted in the numerical totals. Columns: claim_id,
    paper, source_id, locator, quote (in quotation marks), quantity, evidence."""
    if tables is None:
        from mxsec.data import load as tables  # noqa: N813
    claims = tables("claims") if claims is None else claims
    rows = claims[is_qualitative(claims)]
    return pd.DataFrame({"claim_id": rows["claim_id"].to_numpy(), "paper": rows["paper"].to_numpy(),
                         "source_id": rows["source_id"].to_numpy(), "locator": rows["locator"].to_numpy(),
                         "quote": ("“" + rows["quote"] + "”").to_numpy(), "quantity": rows["quantity"].to_numpy(),
                         "evidence": rows["note"].fillna("").to_numpy()})


__all__ = [name for name in dir() if not name.startswith('__')]
