"""Claims ledger: verdicts, declarations, parsing and the figure helpers (see mxsec.analysis.claims)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from mxsec import names as display
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
MONTH_COLUMN = "month"
"""The period column of a monthly table (``mxsec.data.schemas``: period ``("month",)``, values YYYY-MM)."""
AGGREGATES = ("value", "sum", "mean", "min", "max")
READING_TABLE = "table"
"""Key of a reading that tests the claim in another table: its other values then replace the filter."""
COMPARISONS = ("approx", "below", "gte", "lte", "range")
RANKS = ("max", "min", "up", "down")
KINDS = ("numerical", "qualitative")
SECURITY_ASSISTANCE = "security_assistance"
"""Programme name of the derived rows: the funding report's definition of security assistance."""
FULL_COVERAGE = "full"

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
                             "days_in_month", MONTH_COLUMN, *VALUE_COLUMNS, *YEAR_COLUMNS})
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


def parse_month(text: Any) -> str | None:
    """``"2019-03"`` -> ``"2019-03"`` (one calendar month, YYYY-MM); None for a year or a span of years."""
    text = "" if _missing(text) else str(text).strip()
    return text if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) else None


def monthly_table(table: str) -> bool:
    """Whether ``table``'s period is the calendar month (``mxsec.data.schemas``)."""
    from mxsec.data.schemas import TABLES

    return table in TABLES and TABLES[table].period == (MONTH_COLUMN,)


def period_values(table: str, frame: pd.DataFrame, text: Any) -> tuple[str, list]:
    """The column a claim's test period is read in and the values it selects: in a monthly table one
    calendar month (``"2019-03"`` -> ``("month", ["2019-03"])``), elsewhere a year or span in the table's
    year column (``"2007-2009"`` -> ``("year", [2007, 2008, 2009])``). A month outside a monthly table, or a
    year in one, is a ValueError (a month's row is not a year's figure, and no year is summed from months)."""
    month = parse_month(text)
    if monthly_table(table):
        if month is None:
            raise ValueError(f"period {text!r}: {table} is a monthly table; expected one month YYYY-MM")
        return MONTH_COLUMN, [month]
    if month is not None:
        raise ValueError(f"period {text!r}: a month (YYYY-MM) needs a monthly table; {table} is not one")
    return year_column(frame), parse_period(text)


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
        comparison_2 = getattr(claim, "comparison_2", None)
        if not _missing(comparison_2) and comparison_2 not in COMPARISONS:
            problems.append(f"{cid}: comparison_2 {comparison_2!r} not in {COMPARISONS}")
        precision_2 = getattr(claim, "precision_2", None)
        if _missing(precision_2) != _missing(getattr(claim, "tolerance_rel_2", None)):
            problems.append(f"{cid}: precision_2 and tolerance_rel_2 go together")
        elif not _missing(precision_2) and not two:
            problems.append(f"{cid}: precision_2 is for the second figure of a change claim (period_2)")
        kind = getattr(claim, "kind", None)
        if not _missing(kind) and kind not in KINDS:
            problems.append(f"{cid}: kind {kind!r} not in {KINDS}")
        rank = getattr(claim, "rank", None)
        if not _missing(rank):
            if rank not in RANKS:
                problems.append(f"{cid}: rank {rank!r} not in {RANKS}")
            try:
                parse_period(getattr(claim, "rank_window", None))
            except ValueError as err:
                problems.append(f"{cid}: rank_window: {err}")
        try:
            readings = parse_readings(getattr(claim, "readings", None))
        except ValueError as err:
            problems.append(f"{cid}: readings: {err}")
            readings = []
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
        unknown += [c for r in readings if READING_TABLE not in r
                    for c in r if c not in frame.columns and c not in unknown]
        if unknown:
            problems.append(f"{cid}: filter columns not in {claim.test_table}: {unknown}")
        for reading in (r for r in readings if READING_TABLE in r):
            name = reading[READING_TABLE]
            try:
                other = frames.setdefault(name, tables(name))
            except (KeyError, ValueError, FileNotFoundError) as err:
                problems.append(f"{cid}: readings: table {name!r}: {err}")
                continue
            if year_column(other):
                problems.append(f"{cid}: readings: table {name!r} is yearly; another table is read only as stated "
                                "totals (a span table), the claim's test_period belongs to its own table")
            missing = [c for c in reading if c != READING_TABLE and c not in other.columns]
            if missing:
                problems.append(f"{cid}: readings: columns not in {name}: {missing}")
        if year_column(frame):
            for label, text in (("test_period", claim.test_period), ("test_period_2", claim.test_period_2)):
                if label == "test_period_2" and not two:
                    continue
                try:
                    _, years = period_values(claim.test_table, frame, text)
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
            if not _missing(rank):
                problems.append(f"{cid}: rank claims need a yearly table")
        if monthly_table(claim.test_table) and not _missing(rank):
            problems.append(f"{cid}: rank claims need a yearly table, {claim.test_table} is monthly")
    return problems


# --- Evaluation ------------------------------------------------------------------------------

@dataclass
class _Candidate:
    value: float
    source_ids: tuple[str, ...]
    differs_in: dict[str, Any] = field(default_factory=dict)
    series: tuple = ()


@dataclass
class _Option:
    """One figure data/ offers for one figure of a claim: the preferred figure of the claim's natural
    reading (``natural``), or another series, source, stage or scope (``label`` says which)."""
    value: float
    source_ids: tuple[str, ...]
    label: str
    key: tuple
    natural: bool = False


@dataclass
class _Figure:
    """What data/ holds for one figure of a claim, over all its readings."""
    claimed: float
    comparison: str
    upper: float
    tolerance: float
    what: str
    options: list[_Option]
    gap: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def naturals(self) -> list[_Option]:
        return [o for o in self.options if o.natural]


@dataclass
class _Part:
    verdict: str
    claimed: float
    data_value: float = np.nan
    preferred_value: float = np.nan
    difference_rel: float = np.nan
    source_ids: tuple[str, ...] = ()
    text: str = ""


def literature_source_ids(sources: pd.DataFrame, paper_source_ids: Iterable[str]) -> frozenset[str]:
    """Every source in ``sources`` that is one of the papers: the papers' own ids and any other
    id whose title (parenthetical remarks removed, case and punctuation ignored) is a paper's
    (the shared rule, mxsec.data.sources.same_title_ids)."""
    from mxsec.data.sources import same_title_ids

    return same_title_ids(sources, paper_source_ids)


def _aggregate(values: list[float], how: str) -> float:
    if how in ("value", "sum"):
        return float(np.sum(values))
    return float({"mean": np.mean, "min": np.min, "max": np.max}[how](values))


def satisfies(value: float, comparison: str, claimed: float, tolerance: float, upper: float = np.nan) -> bool:
    """Whether a data figure agrees with a claimed figure under a comparison (rule in the module docstring)."""
    tol = float(tolerance)
    slack = EPSILON * max(1.0, abs(claimed))
    if comparison == "approx":
        return abs(value - claimed) <= tol * abs(claimed) + slack
    if comparison == "below":
        return claimed * (1 - tol) - slack <= value <= claimed + slack
    if comparison == "gte":
        return value >= claimed * (1 - tol) - EPSILON
    if comparison == "lte":
        return value <= claimed * (1 + tol) + EPSILON
    return claimed * (1 - tol) - EPSILON <= value <= float(upper) * (1 + tol) + EPSILON


def tolerance_of(claim: Any, second: bool = False) -> float:
    """The tolerance of a claim's first or second figure: each figure of a claim of change is judged at
    its own precision (``tolerance_rel_2`` where the second figure's precision differs)."""
    if second and not _missing(getattr(claim, "tolerance_rel_2", None)):
        return float(claim.tolerance_rel_2)
    return float(claim.tolerance_rel)


def _difference_of(value: float, comparison: str, claimed: float, upper: float = np.nan) -> float:
    """Relative difference of the data from the claim (for a range: from the nearer bound; 0 inside)."""
    if comparison == "range":
        lower, upper = claimed, float(upper)
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


def _describe(differs_in: dict[str, Any], table: str | None = None) -> str:
    """Filter values as a reader reads them (``mxsec.names``): "scope: all persons, stage: obligated"."""
    return display.conditions_text(differs_in, table)


def _reading_name(reading: dict[str, str], table: str) -> str:
    """How the explanation names a reading: its values, and the table where it is another one."""
    if READING_TABLE not in reading:
        return _describe(reading, table)
    other = reading[READING_TABLE]
    return f"stated total, data/{other}.csv: " + _describe({c: v for c, v in reading.items() if c != READING_TABLE}, other)


def _cite(source_ids: Iterable[str], sources: dict[str, str]) -> str:
    """Source ids by their display names (``sources``: ``mxsec.names.source_names``), comma-joined."""
    return display.cite(list(source_ids), names=sources, sep=", ")


def _span_years(rows: pd.DataFrame) -> pd.Series:
    """Length in years of each row's span (span tables)."""
    if "period_start" in rows.columns:
        return ((rows["period_end"] - rows["period_start"]).dt.days + 1) / DAYS_PER_YEAR
    return (rows["end_fiscal_year"] - rows["start_fiscal_year"] + 1).astype(float)


def _series_key(table: str, row: pd.Series, extra: tuple = ()) -> tuple:
    """Identity of the series a row belongs to (the table's series key in mxsec.data.schemas)."""
    from mxsec.data.schemas import TABLES

    columns = TABLES[table].series_key if table in TABLES else ()
    return tuple((c, str(row[c])) for c in columns if c in row.index) + extra


def _series_candidates(table: str, rows: pd.DataFrame, years: list[int], ycol: str, vcol: str, how: str,
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
            first = group.iloc[0]
            out.append(_Candidate(value, ids, differs_in(first), _series_key(table, first)))
            continue
        for source_id, by_source in group.groupby("source_id", sort=True):
            values = by_source.groupby(ycol)[vcol].agg(lambda s: sorted(set(s)))
            if set(values.index) >= set(years) and all(len(values[y]) == 1 for y in years):
                first = by_source.iloc[0]
                out.append(_Candidate(_aggregate([values[y][0] for y in years], how), (source_id,),
                                      differs_in(first), _series_key(table, first, (("source_id", source_id),))))
    return out


def comparable_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows that cover a whole period: ``months`` 12 where the table has months, ``coverage`` full where
    it has coverage (a figure of one appropriations act is part of a fiscal year, never the year)."""
    mask = pd.Series(True, index=frame.index)
    if "months" in frame.columns:
        mask &= frame["months"] == 12
    if "coverage" in frame.columns:
        mask &= frame["coverage"].fillna(FULL_COVERAGE) == FULL_COVERAGE
    return mask


def parse_readings(text: Any) -> list[dict[str, str]]:
    """``"stage=request|stage=obligated"`` -> ``[{"stage": "request"}, {"stage": "obligated"}]``: the other
    plausible readings of a claim, each as filter values that replace or extend ``test_filter``; a reading
    with ``table=`` (``READING_TABLE``) names a span table of stated totals and replaces the filter whole."""
    if _missing(text):
        return []
    return [parse_filter(part) for part in str(text).split("|") if part.strip()]


__all__ = [name for name in dir() if not name.startswith('__')]
