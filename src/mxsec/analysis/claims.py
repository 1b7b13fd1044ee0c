"""Claims ledger: the numerical claims of the project's literature, tested against ``data/``.

The claims are data, not code: ``data/claims.csv`` (hand-kept in ``data/manual/claims.csv``)
holds one row per claim quoted from the five papers in the literature folder, with the quote
(at most 25 words, verbatim), the claimed figure(s), and a declarative test: ``test_table``,
``test_filter`` (``col=value;col2=value2``), ``test_aggregate`` (``value``, ``sum``, ``mean``,
``min``, ``max``), ``test_period`` (``YYYY`` or ``YYYY-YYYY`` in the table's ``year`` or
``fiscal_year``), ``comparison`` and ``tolerance_rel``. ``evaluate()`` applies the same
procedure to every claim; there is no code for any particular claim.

Tolerance rule (set from the claim's wording and the figure's precision, before looking at
the data; where a qualifier and the figure's precision differ, the looser applies):

- an exact figure (to the unit, or three or more significant figures such as "$76.3 million",
  "327,577", "$139 million"): ``approx``, tolerance 0.005;
- "about", "some", "around", "nearly", "almost", "perhaps", or a figure rounded to two
  significant figures ("$87 million", "nearly 15,000"): ``approx``, tolerance 0.05;
- "roughly", or a figure with one significant figure ("$3 billion", "a half-million",
  "about 30,000"): ``approx``, tolerance 0.15;
- "more than", "over", "at least", "exceeded", "a bit more than": ``gte`` (the data must be at
  least the figure), tolerance 0;
- "fewer than", "less than", "under", "as high as": ``lte``, tolerance 0;
- "from A to B" as a range of values ("the early 1990s"): ``range`` between ``claimed_value``
  and ``claimed_value_2``;
- a year (unit ``year``, e.g. a forecast "likely in 2021"): tolerance 0 (a relative tolerance
  means nothing for calendar years).

A claim of change or comparison ("from X in 2018 to Y in 2019") carries ``claimed_value_2``,
``period_2`` and ``test_period_2`` and is checked on both figures with the same filter.

Procedure for one figure:

1. Select the rows of ``test_table`` that match ``test_filter``. Columns of
   ``ALTERNATIVE_COLUMNS`` (for example ``source`` and ``measure`` of the homicide table) are
   relaxed when looking for other sources, so the search also finds the same quantity as
   another statistical system or definition reports it.
2. Drop rows whose source is one of the literature papers themselves (matched by title in
   ``sources.csv``): a paper cannot corroborate its own claim, and the papers' figures are
   secondary. Drop partial years (``months`` below 12) where the table has ``months``.
3. Yearly tables: keep the years of ``test_period``. The reference is the ``preferred`` row of
   each year among the rows matching the full filter; the figure is the aggregate over the
   years (``value`` for a single year). A span with a missing year has no reference figure
   (it is incomplete, never filled in). Span tables (``extraditions_periods``,
   ``us_assistance_periods``, ``merida_composition``; the filter selects the span): every
   row matching the full filter is a stated total and a reference figure (these tables have
   no preferred row); ``mean`` divides the total by the span's length in years.
4. Verdict: ``consistent`` when the reference figure satisfies the comparison;
   ``consistent with a non-preferred source`` when it does not (or there is none) but
   another series or source in the table does (named in the explanation, with how it
   differs, e.g. ``source=sesnsp, measure=case_files``); ``differs`` when no figure in data/
   does (the explanation gives the data's value and the relative difference); ``not
   checkable`` when data/ has nothing to test the claim with (no table, no matching row, an
   incomplete span, or only the literature's own figures), saying what is missing.

A two-figure claim takes the worse of its two verdicts, in the order differs, not checkable,
consistent with a non-preferred source, consistent.

Numbers in the explanations are formatted with ``mxsec.report.fmt``. Dollars are nominal;
U.S. fiscal years are labelled ``FY``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from mxsec.formatting import fmt

CONSISTENT = "consistent"
NON_PREFERRED = "consistent with a non-preferred source"
DIFFERS = "differs"
NOT_CHECKABLE = "not checkable"
VERDICTS = (CONSISTENT, NON_PREFERRED, DIFFERS, NOT_CHECKABLE)
SEVERITY = {CONSISTENT: 0, NON_PREFERRED: 1, NOT_CHECKABLE: 2, DIFFERS: 3}
"""Order used to combine the two figures of a change claim: the worse verdict wins."""

BADGE_CLASS = {
    CONSISTENT: "badge badge-consistent",
    NON_PREFERRED: "badge badge-nonpreferred",
    DIFFERS: "badge badge-differs",
    NOT_CHECKABLE: "badge badge-notcheckable",
}
"""CSS classes of the verdict badges (src/mxsec/templates/report.css)."""

VERDICT_KEYS = {CONSISTENT: "claims_consistent", NON_PREFERRED: "claims_nonpreferred", DIFFERS: "claims_differs",
                NOT_CHECKABLE: "claims_not_checkable"}

VALUE_COLUMNS = ("value", "persons", "value_usd")
"""The figure of a row: whichever of these the table has (first match)."""
YEAR_COLUMNS = ("year", "fiscal_year")
AGGREGATES = ("value", "sum", "mean", "min", "max")
COMPARISONS = ("approx", "gte", "lte", "range")

ALTERNATIVE_COLUMNS: dict[str, tuple[str, ...]] = {
    "homicides_national": ("source", "measure", "basis", "revision"),
    "homicides_state": ("source", "measure", "basis", "revision"),
    "extraditions": ("scope", "year_basis"),
    "extraditions_periods": ("scope",),
    "border_apprehensions": ("measure",),
    "us_overdose_deaths": ("revision",),
}
"""Filter columns relaxed when searching for non-preferred sources, per table: the same quantity
counted by another statistical system, on another basis or under a neighbouring definition
(e.g. CBP total encounters next to Border Patrol apprehensions). Programme, stage, direction,
drug, region and crime are never relaxed: they define the quantity."""

NOT_DESCRIPTIVE = frozenset({"preferred", "source_id", "locator", "note", "months", "label_as_in_source", "share",
                             "days_in_month", *VALUE_COLUMNS, *YEAR_COLUMNS})
DAYS_PER_YEAR = 365.25
EPSILON = 1e-9


# --- Parsing ---------------------------------------------------------------------------------

def parse_filter(text: Any) -> dict[str, str]:
    """``"direction=mx_to_us;mechanism=extradition"`` -> ``{"direction": "mx_to_us", ...}``.
    Empty or missing text gives ``{}``."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or not str(text).strip():
        return {}
    out: dict[str, str] = {}
    for part in str(text).split(";"):
        column, sep, value = part.partition("=")
        if not sep or not column.strip() or not value.strip():
            raise ValueError(f"test_filter {text!r}: {part!r} is not col=value")
        out[column.strip()] = value.strip()
    return out


def parse_period(text: Any) -> list[int]:
    """``"2018"`` -> ``[2018]``; ``"2007-2012"`` -> ``[2007, ..., 2012]``."""
    text = "" if _missing(text) else str(text).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text)
    if not match:
        raise ValueError(f"period {text!r}: expected YYYY or YYYY-YYYY")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise ValueError(f"period {text!r}: ends before it starts")
    return list(range(first, last + 1))


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def _typed(series: pd.Series, value: str) -> Any:
    """The filter's text value in the column's type."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return pd.Timestamp(value)
    if pd.api.types.is_bool_dtype(dtype):
        return value.lower() == "true"
    if pd.api.types.is_integer_dtype(dtype):
        return int(value)
    if pd.api.types.is_float_dtype(dtype):
        return float(value)
    return value


def _match(frame: pd.DataFrame, conditions: dict[str, str]) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in conditions.items():
        mask &= (frame[column] == _typed(frame[column], value)).fillna(False).astype(bool)
    return mask


def value_column(frame: pd.DataFrame) -> str:
    """The column holding a row's figure (``value``, ``persons`` or ``value_usd``)."""
    for column in VALUE_COLUMNS:
        if column in frame.columns:
            return column
    raise ValueError(f"table has none of the value columns {VALUE_COLUMNS}")


def year_column(frame: pd.DataFrame) -> str | None:
    """``year`` or ``fiscal_year`` when the table has one, else None (span tables)."""
    return next((c for c in YEAR_COLUMNS if c in frame.columns), None)


# --- Declaration checks -------------------------------------------------------------------------

def check_claims(claims: pd.DataFrame, tables: Callable[[str], pd.DataFrame] | None = None) -> list[str]:
    """Problems in the claims' declarations (empty list: none). With ``tables``, filter columns
    are checked against the test tables."""
    problems = []
    frames: dict[str, pd.DataFrame] = {}
    for claim in claims.itertuples(index=False):
        cid = claim.claim_id
        two = not _missing(claim.period_2)
        if claim.comparison not in COMPARISONS:
            problems.append(f"{cid}: comparison {claim.comparison!r} not in {COMPARISONS}")
        if claim.comparison == "range":
            if _missing(claim.claimed_value_2):
                problems.append(f"{cid}: a range needs claimed_value_2 (upper bound)")
            if two:
                problems.append(f"{cid}: a range claim cannot also be a change claim (period_2)")
        elif two != (not _missing(claim.claimed_value_2)):
            problems.append(f"{cid}: claimed_value_2 and period_2 go together")
        if _missing(claim.test_table):
            continue
        if claim.test_aggregate not in AGGREGATES:
            problems.append(f"{cid}: test_aggregate {claim.test_aggregate!r} not in {AGGREGATES}")
        if tables is None:
            continue
        frame = frames.setdefault(claim.test_table, tables(claim.test_table))
        try:
            conditions = parse_filter(claim.test_filter)
        except ValueError as err:
            problems.append(f"{cid}: {err}")
            continue
        unknown = [c for c in conditions if c not in frame.columns]
        if unknown:
            problems.append(f"{cid}: filter columns not in {claim.test_table}: {unknown}")
        if year_column(frame):
            for label, text in (("test_period", claim.test_period), ("test_period_2", claim.test_period_2)):
                if label == "test_period_2" and not two:
                    continue
                try:
                    years = parse_period(text)
                except ValueError as err:
                    problems.append(f"{cid}: {label}: {err}")
                    continue
                if claim.test_aggregate == "value" and len(years) != 1:
                    problems.append(f"{cid}: aggregate 'value' needs a single year, got {text}")
        else:
            if not _missing(claim.test_period):
                problems.append(f"{cid}: {claim.test_table} is a span table; the filter selects the span, "
                                "test_period must be empty")
            if claim.test_aggregate in ("min", "max"):
                problems.append(f"{cid}: min/max need a yearly table")
            if two:
                problems.append(f"{cid}: change claims need a yearly table")
    return problems


# --- Evaluation ------------------------------------------------------------------------------

@dataclass
class _Candidate:
    value: float
    source_ids: tuple[str, ...]
    differs_in: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Part:
    verdict: str
    claimed: float
    data_value: float = np.nan
    preferred_value: float = np.nan
    difference_rel: float = np.nan
    source_ids: tuple[str, ...] = ()
    text: str = ""


def _normal_title(title: Any) -> str:
    text = re.sub(r"\([^)]*\)", " ", str(title or "")).lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def literature_source_ids(sources: pd.DataFrame, paper_source_ids: Iterable[str]) -> frozenset[str]:
    """Every source in ``sources`` that is one of the papers: the papers' own ids and any other
    id whose title (parenthetical remarks removed, case and punctuation ignored) is a paper's."""
    ids = set(paper_source_ids)
    titles = {_normal_title(t) for t in sources.loc[sources["source_id"].isin(ids), "title"]}
    titles.discard("")
    same = sources.loc[sources["title"].map(_normal_title).isin(titles), "source_id"]
    return frozenset(ids | set(same))


def _aggregate(values: list[float], how: str) -> float:
    if how in ("value", "sum"):
        return float(np.sum(values))
    return float({"mean": np.mean, "min": np.min, "max": np.max}[how](values))


def _satisfies(value: float, claim: Any, claimed: float) -> bool:
    tol = float(claim.tolerance_rel)
    if claim.comparison == "approx":
        return abs(value - claimed) <= tol * abs(claimed) + EPSILON * max(1.0, abs(claimed))
    if claim.comparison == "gte":
        return value >= claimed * (1 - tol) - EPSILON
    if claim.comparison == "lte":
        return value <= claimed * (1 + tol) + EPSILON
    upper = float(claim.claimed_value_2)
    return claimed * (1 - tol) - EPSILON <= value <= upper * (1 + tol) + EPSILON


def _difference(value: float, claim: Any, claimed: float) -> float:
    """Relative difference of the data from the claim (for a range: from the nearer bound; 0 inside)."""
    if claim.comparison == "range":
        lower, upper = claimed, float(claim.claimed_value_2)
        if lower <= value <= upper:
            return 0.0
        bound = lower if value < lower else upper
        return (value - bound) / bound if bound else np.nan
    return (value - claimed) / claimed if claimed else np.nan


def _fmt_value(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    if unit == "usd":
        return fmt(value, "usd")
    if unit == "percent":
        return fmt(value, "pct", 0)
    if unit == "year":
        return str(int(round(value)))
    if abs(value - round(value)) < EPSILON * max(1.0, abs(value)):
        return fmt(value, "int")
    return fmt(value, "rate", 1)


def _year_label(years: list[int], fiscal: bool) -> str:
    prefix = "FY" if fiscal else ""
    if len(years) == 1:
        return f"{prefix}{years[0]}"
    return f"{prefix}{years[0]}-{prefix}{years[-1]}"


def _ranges(years: Iterable[int], prefix: str = "") -> str:
    years = sorted(set(years))
    parts, start = [], None
    for i, year in enumerate(years):
        if start is None:
            start = year
        if i + 1 == len(years) or years[i + 1] != year + 1:
            parts.append(f"{prefix}{start}" if start == year else f"{prefix}{start}-{prefix}{year}")
            start = None
    return ", ".join(parts)


def _describe(differs_in: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in differs_in.items())


def _span_years(rows: pd.DataFrame) -> pd.Series:
    """Length in years of each row's span (span tables)."""
    if "period_start" in rows.columns:
        return ((rows["period_end"] - rows["period_start"]).dt.days + 1) / DAYS_PER_YEAR
    return (rows["end_fiscal_year"] - rows["start_fiscal_year"] + 1).astype(float)


def _series_candidates(rows: pd.DataFrame, years: list[int], ycol: str, vcol: str, how: str,
                       descriptive: list[str], relaxed: dict[str, str]) -> list[_Candidate]:
    """Other series covering every year: one per descriptive series where every year has one figure
    (whatever its sources), else one per series and source."""
    out: list[_Candidate] = []
    if rows.empty:
        return out

    def differs_in(first: pd.Series) -> dict[str, Any]:
        return {c: first[c] for c, v in relaxed.items() if str(first[c]) != v}

    keys = descriptive or ["_all"]
    frame = rows.assign(_all=0) if not descriptive else rows
    for _, group in frame.groupby(keys, dropna=False, sort=True):
        per_year = group.groupby(ycol)[vcol].agg(lambda s: sorted(set(s)))
        if set(per_year.index) >= set(years) and all(len(per_year[y]) == 1 for y in years):
            value = _aggregate([per_year[y][0] for y in years], how)
            ids = tuple(sorted(set(group.loc[group[ycol].isin(years), "source_id"])))
            out.append(_Candidate(value, ids, differs_in(group.iloc[0])))
            continue
        for source_id, by_source in group.groupby("source_id", sort=True):
            values = by_source.groupby(ycol)[vcol].agg(lambda s: sorted(set(s)))
            if set(values.index) >= set(years) and all(len(values[y]) == 1 for y in years):
                out.append(_Candidate(_aggregate([values[y][0] for y in years], how), (source_id,),
                                      differs_in(by_source.iloc[0])))
    return out


@dataclass
class _Evidence:
    """What data/ holds for one figure of a claim."""
    what: str  # the aggregate and period, e.g. "total 2007-2012"
    ref_name: str  # "the preferred figure" or "the figure stated for this span"
    references: list[_Candidate]  # the reference figure(s)
    candidates: list[_Candidate]  # other sources and series
    gap: str = ""  # why there is no reference figure


def _yearly_evidence(claim: Any, second: bool, rows: pd.DataFrame, exact: pd.Series, ycol: str, vcol: str,
                     relaxed: dict[str, str], descriptive: list[str], where: str, filter_text: str,
                     has_months: bool) -> _Evidence:
    years = parse_period(claim.test_period_2 if second else claim.test_period)
    prefix = "FY" if ycol == "fiscal_year" else ""
    label = _year_label(years, bool(prefix))
    in_years = rows[rows[ycol].isin(years)]
    exact = exact.loc[in_years.index]
    reference_rows = in_years[exact & in_years["preferred"]] if "preferred" in in_years else in_years[exact]
    per_year = reference_rows.groupby(ycol)[vcol].agg(lambda s: sorted(set(s)))
    ambiguous = [int(y) for y, v in per_year.items() if len(v) > 1]
    missing_years = [y for y in years if y not in per_year.index]
    references, gap = [], ""
    if ambiguous:
        gap = f"the filter leaves several preferred figures for {_ranges(ambiguous, prefix)} (ambiguous test)"
    elif missing_years:
        gap = (f"{where} has no {'full-year ' if has_months else ''}preferred figure with {filter_text} for "
               f"{_ranges(missing_years, prefix)}" + (f" (span {label} incomplete)" if len(years) > 1 else ""))
    else:
        value = _aggregate([per_year[y][0] for y in years], claim.test_aggregate)
        references = [_Candidate(value, tuple(sorted(set(reference_rows["source_id"]))))]
    others = in_years.drop(index=reference_rows.index)
    candidates = _series_candidates(others, years, ycol, vcol, claim.test_aggregate, descriptive, relaxed)
    what = {"value": "", "sum": "total ", "mean": "yearly mean ", "min": "lowest yearly figure ",
            "max": "highest yearly figure "}[claim.test_aggregate] + label
    return _Evidence(what, "the preferred figure", references, candidates, gap)


def _span_evidence(claim: Any, rows: pd.DataFrame, exact: pd.Series, vcol: str, relaxed: dict[str, str],
                   where: str, filter_text: str) -> _Evidence:
    per_year = claim.test_aggregate == "mean"
    values = rows[vcol].astype(float) / (_span_years(rows) if per_year else 1.0)

    def candidate(i: Any) -> _Candidate:
        differs_in = {c: rows.at[i, c] for c, v in relaxed.items() if str(rows.at[i, c]) != v}
        return _Candidate(float(values[i]), (rows.at[i, "source_id"],), differs_in)

    references = [candidate(i) for i in rows.index[exact]]
    candidates = [candidate(i) for i in rows.index[~exact]]
    what = f"yearly mean of the total stated for {claim.period}" if per_year else f"total stated for {claim.period}"
    gap = "" if references else f"no row of {where} matches {filter_text}"
    return _Evidence(what, "the figure stated for this span", references, candidates, gap)


def _evaluate_figure(claim: Any, second: bool, tables: Callable[[str], pd.DataFrame],
                     literature: frozenset[str]) -> _Part:
    claimed = float(claim.claimed_value_2 if second else claim.claimed_value)
    unit = claim.unit
    if _missing(claim.test_table):
        missing = [s for s in re.split(r"(?<=\.)\s+", str(claim.note or "")) if "data/" in s]
        reason = " ".join(missing) if missing else f"No table in data/ measures {claim.quantity.lower()}."
        return _Part(NOT_CHECKABLE, claimed, text=f"nothing in data/ to test it with. {reason}")
    table = claim.test_table
    frame = tables(table)
    vcol, ycol = value_column(frame), year_column(frame)
    conditions = parse_filter(claim.test_filter)
    relaxed = {c: v for c, v in conditions.items() if c in ALTERNATIVE_COLUMNS.get(table, ())}
    strict = {c: v for c, v in conditions.items() if c not in relaxed}
    where = f"data/{table}.csv"
    filter_text = ", ".join(f"{k}={v}" for k, v in conditions.items())

    rows = frame[_match(frame, strict) & frame[vcol].notna()]
    literature_rows = rows[rows["source_id"].isin(literature)]
    rows = rows[~rows["source_id"].isin(literature)]
    has_months = "months" in rows.columns
    partial_rows = rows[rows["months"] != 12] if has_months else rows.iloc[0:0]
    rows = rows[rows["months"] == 12] if has_months else rows
    exact = _match(rows, relaxed)
    if ycol:
        descriptive = [c for c in frame.columns if c not in NOT_DESCRIPTIVE
                       and (pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c]))]
        evidence = _yearly_evidence(claim, second, rows, exact, ycol, vcol, relaxed, descriptive, where,
                                    filter_text, has_months)
        years = parse_period(claim.test_period_2 if second else claim.test_period)
        literature_rows = literature_rows[literature_rows[ycol].isin(years)]
        partial_rows = partial_rows[partial_rows[ycol].isin(years)]
    else:
        evidence = _span_evidence(claim, rows, exact, vcol, relaxed, where, filter_text)

    def gap_of(c: _Candidate) -> float:
        return abs(_difference(c.value, claim, claimed))

    def said(c: _Candidate) -> str:
        how = f" [{_describe(c.differs_in)}]" if c.differs_in else ""
        return f"{_fmt_value(c.value, unit)} ({', '.join(c.source_ids)}){how}"

    def off(c: _Candidate) -> str:
        return fmt(_difference(c.value, claim, claimed) * 100, "signed_pct")

    claimed_text = _fmt_value(claimed, unit)
    if claim.comparison == "range":
        claimed_text = f"{claimed_text} to {_fmt_value(float(claim.claimed_value_2), unit)}"
    bound = {"approx": f"tolerance {fmt(float(claim.tolerance_rel) * 100, 'pct')}", "gte": "claimed as a minimum",
             "lte": "claimed as a maximum", "range": "claimed as a range"}[claim.comparison]
    against = f"against the claimed {claimed_text} ({bound})"
    what = evidence.what

    matching = [c for c in evidence.references if _satisfies(c.value, claim, claimed)]
    if matching:
        best = min(matching, key=gap_of)
        return _Part(CONSISTENT, claimed, best.value, best.value, _difference(best.value, claim, claimed),
                     best.source_ids, f"{what}: data/ gives {said(best)}, {off(best)} {against}")
    reference = min(evidence.references, key=gap_of) if evidence.references else None
    if reference is not None:
        ref_text = f"{evidence.ref_name} is {said(reference)}, {off(reference)} {against}"
    else:
        ref_text = f"no {evidence.ref_name.removeprefix('the ')} ({evidence.gap})"
    preferred_value = reference.value if reference is not None else np.nan

    alternatives = [c for c in evidence.candidates if _satisfies(c.value, claim, claimed)]
    if alternatives:
        best = min(alternatives, key=gap_of)
        return _Part(NON_PREFERRED, claimed, best.value, preferred_value, _difference(best.value, claim, claimed),
                     best.source_ids, f"{what}: {ref_text}; another source in data/ gives {said(best)}, {off(best)}")
    closest = min(evidence.candidates, key=gap_of) if evidence.candidates else None
    if reference is not None:
        other = f"; the closest other source gives {said(closest)}" if closest else ""
        return _Part(DIFFERS, claimed, reference.value, reference.value, _difference(reference.value, claim, claimed),
                     reference.source_ids, f"{what}: {ref_text}{other}")
    if closest is not None:
        return _Part(DIFFERS, claimed, closest.value, np.nan, _difference(closest.value, claim, claimed),
                     closest.source_ids, f"{what}: {ref_text}; the other sources in data/ differ, the closest gives "
                                         f"{said(closest)}, {off(closest)} {against}")
    reasons = [evidence.gap or f"no row of {where} matches {filter_text}"]
    if len(literature_rows):
        ids = ", ".join(sorted(set(literature_rows["source_id"])))
        reasons.append(f"the only matching figures in data/ cite the literature itself ({ids}), which cannot "
                       "corroborate it")
    if len(partial_rows):
        reasons.append("a partial-year figure exists but is not comparable")
    return _Part(NOT_CHECKABLE, claimed, text=f"{what}: " + "; ".join(reasons))


def evaluate(claims: pd.DataFrame | None = None,
             tables: Callable[[str], pd.DataFrame] | None = None) -> pd.DataFrame:
    """The verdict of every claim, one row per claim in the order of ``claims``.

    ``claims`` defaults to ``tables("claims")``; ``tables`` (default ``mxsec.data.load``) returns
    a curated table by name, so a test can pass modified copies. Columns: the claim's identity
    (claim_id, paper, source_id, locator, quote, quantity, period, claimed_value, period_2,
    claimed_value_2, unit, comparison, tolerance_rel), ``verdict`` (one of ``VERDICTS``),
    ``verdict_1``/``verdict_2`` (per figure; ``verdict_2`` empty for one-figure claims),
    ``data_value``/``data_value_2`` (the figure the verdict rests on: the matching one, else the
    preferred one; NaN when not checkable), ``difference_rel``/``difference_rel_2`` ((data -
    claim) / claim), ``preferred_value``/``preferred_value_2``, ``matched_source_ids`` (tuple of
    source ids behind the data values) and ``explanation`` (one plain sentence).
    Raises ValueError when a claim's declaration is malformed (see ``check_claims``)."""
    if tables is None:
        from mxsec.data import load as tables  # noqa: N813
    if claims is None:
        claims = tables("claims")
    cache: dict[str, pd.DataFrame] = {}

    def table(name: str) -> pd.DataFrame:
        if name not in cache:
            cache[name] = tables(name)
        return cache[name]

    problems = check_claims(claims, table)
    if problems:
        raise ValueError("claims: " + "; ".join(problems))
    literature = literature_source_ids(table("sources"), claims["source_id"].dropna().unique())
    records = []
    for claim in claims.itertuples(index=False):
        first = _evaluate_figure(claim, False, table, literature)
        two = not _missing(claim.period_2) and claim.comparison != "range"
        second = _evaluate_figure(claim, True, table, literature) if two else None
        parts = [first] + ([second] if second else [])
        verdict = max((p.verdict for p in parts), key=SEVERITY.get)
        records.append({
            "claim_id": claim.claim_id, "paper": claim.paper, "source_id": claim.source_id,
            "locator": claim.locator, "quote": claim.quote, "quantity": claim.quantity, "period": claim.period,
            "claimed_value": float(claim.claimed_value),
            "period_2": None if _missing(claim.period_2) else claim.period_2,
            "claimed_value_2": np.nan if _missing(claim.claimed_value_2) else float(claim.claimed_value_2),
            "unit": claim.unit, "comparison": claim.comparison, "tolerance_rel": float(claim.tolerance_rel),
            "verdict": verdict, "verdict_1": first.verdict, "verdict_2": second.verdict if second else None,
            "data_value": first.data_value, "data_value_2": second.data_value if second else np.nan,
            "difference_rel": first.difference_rel, "difference_rel_2": second.difference_rel if second else np.nan,
            "preferred_value": first.preferred_value,
            "preferred_value_2": second.preferred_value if second else np.nan,
            "matched_source_ids": tuple(dict.fromkeys(i for p in parts for i in p.source_ids)),
            "explanation": _explain(verdict, claim, parts),
        })
    return pd.DataFrame.from_records(records)


def _explain(verdict: str, claim: Any, parts: list[_Part]) -> str:
    head = verdict[0].upper() + verdict[1:]
    texts = [p.text.rstrip(". ") for p in parts]
    if len(parts) == 1:
        return f"{head}: {texts[0]}."
    return (f"{head} (both figures checked). First figure, {parts[0].verdict}: {texts[0]}. "
            f"Second figure, {parts[1].verdict}: {texts[1]}.")


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
                                 "against data/ (mxsec.analysis.claims)."},
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
