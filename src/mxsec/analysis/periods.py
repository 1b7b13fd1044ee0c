"""Calendar years and presidential administrations: which administration a year belongs to,
which calendar years a term or a stated period covers, and compact year ranges for prose.

The rule, used by every report that groups annual figures by administration: a calendar
year belongs to the administration in office for most of its days (the majority-of-year
rule). Mexican terms began on 1 December until 2018 and on 1 October from 2024 (the 2014
constitutional reform shortened the 2018-2024 term), so 2000 -> Zedillo, 2006 -> Fox,
2012 -> Calderón, 2018 -> Peña Nieto and 2024 -> López Obrador (nine months against
Sheinbaum's three). U.S. terms begin on 20 January, so the inauguration year belongs to the
incoming president. Exact ties (possible only in a leap year split 183/183) go to the
outgoing administration.

Input is the curated ``administrations`` table (columns country, name, short_name, party, start, end;
``end`` empty for the administration in office). An open-ended term runs through
``through_year`` (default: the year of the data's as-of date in ``data/datapackage.json``).
"""

from __future__ import annotations

import json
from typing import Iterable

import pandas as pd

FULL_YEAR_MIN_DAYS = 334  # a calendar year counts as covered by a span from 11 months on (Jan 1 - Nov 30)
OFFSET_MAX_DAYS = 31  # a span touching a year for one month or less (a term starting 1 December) ignores that year


def _terms(administrations: pd.DataFrame | None, country: str) -> pd.DataFrame:
    if administrations is None:
        from mxsec.data import load

        administrations = load("administrations")
    terms = administrations[administrations["country"] == country].sort_values("start").reset_index(drop=True)
    if terms.empty:
        raise ValueError(f"no administrations for country {country!r}")
    return terms


def data_as_of_year() -> int:
    """The year of the data's as-of date (``data/datapackage.json``), used to close open terms."""
    from mxsec.paths import data_dir

    path = data_dir() / "datapackage.json"
    as_of = json.loads(path.read_text(encoding="utf-8")).get("as_of", "")
    return int(str(as_of)[:4])


def decimal_year(value) -> float:
    """A date as a decimal year: 1 December 2006 is 2006.92."""
    stamp = pd.Timestamp(value)
    start = pd.Timestamp(year=stamp.year, month=1, day=1)
    length = (pd.Timestamp(year=stamp.year + 1, month=1, day=1) - start).days
    return stamp.year + (stamp - start).days / length


def days_in_year(year: int) -> int:
    """365 or 366."""
    return (pd.Timestamp(year=year + 1, month=1, day=1) - pd.Timestamp(year=year, month=1, day=1)).days


def days_covered(start, end, year: int) -> int:
    """Days of calendar ``year`` inside the inclusive span ``start``..``end`` (``end`` None or NaT:
    open, runs to the end of ``year``)."""
    first = pd.Timestamp(year=year, month=1, day=1)
    last = pd.Timestamp(year=year, month=12, day=31)
    lo = max(pd.Timestamp(start), first)
    hi = last if end is None or pd.isna(end) else min(pd.Timestamp(end), last)
    return max((hi - lo).days + 1, 0)


def _term_for_year(year: int, terms: pd.DataFrame) -> int | None:
    """Row position in ``terms`` of the term in office for most of ``year``; None when no term
    in the table covers at least half the year (e.g. the year before the table's first term)."""
    best, best_days = None, 0
    for position, term in enumerate(terms.itertuples(index=False)):
        days = days_covered(term.start, term.end, year) if pd.Timestamp(term.start).year <= year else 0
        if days > best_days:  # strict: an exact tie keeps the earlier term
            best, best_days = position, days
    if best is None or 2 * best_days < days_in_year(year):
        return None
    return best


def administration_for_year(year: int, administrations: pd.DataFrame | None = None, country: str = "MX") -> str | None:
    """The administration in office for most of calendar ``year``; None when the table has no
    term covering at least half of it. Ties go to the earlier (outgoing) administration."""
    terms = _terms(administrations, country)
    position = _term_for_year(int(year), terms)
    return None if position is None else terms.iloc[position]["name"]


def assign_administrations(years: Iterable[int], administrations: pd.DataFrame | None = None,
                           country: str = "MX") -> pd.Series:
    """A Series indexed by year with the administration each year belongs to (majority rule)."""
    terms = _terms(administrations, country)
    years = [int(y) for y in years]
    return pd.Series([administration_for_year(y, terms, country) for y in years], index=pd.Index(years, name="year"),
                     name="administration", dtype=object)


def administration_years(administrations: pd.DataFrame | None = None, country: str = "MX",
                         through_year: int | None = None) -> pd.DataFrame:
    """One row per term: name, short_name, party, start, end, first_year, last_year, years (list of calendar
    years assigned by the majority rule), n_years, first_full_years (calendar years wholly in
    office). An open term is closed at ``through_year`` (default: the data's as-of year); a term
    with no assigned year in that window has an empty ``years`` list and NA first/last year."""
    terms = _terms(administrations, country)
    if through_year is None and terms["end"].isna().any():
        through_year = data_as_of_year()
    rows = []
    for position, term in enumerate(terms.itertuples(index=False)):
        last = int(pd.Timestamp(term.end).year) if pd.notna(term.end) else int(through_year)
        candidates = range(int(pd.Timestamp(term.start).year), last + 1)
        years = [y for y in candidates if _term_for_year(y, terms) == position]
        rows.append({
            "name": term.name, "short_name": term.short_name, "party": term.party, "start": term.start, "end": term.end,
            "first_year": years[0] if years else pd.NA, "last_year": years[-1] if years else pd.NA,
            "years": years, "n_years": len(years),
            "first_full_years": full_calendar_years(term.start, term.end, through_year=last),
        })
    out = pd.DataFrame(rows)
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    return out


def full_calendar_years(start, end, through_year: int | None = None) -> list[int]:
    """Calendar years lying wholly inside the inclusive span ``start``..``end`` (an open ``end``
    runs through ``through_year``, which is then required)."""
    if end is None or pd.isna(end):
        if through_year is None:
            raise ValueError("full_calendar_years: an open span needs through_year")
        end = pd.Timestamp(year=int(through_year), month=12, day=31)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    return [y for y in range(start.year, end.year + 1) if days_covered(start, end, y) == days_in_year(y)]


def first_full_years(start, end=None, n: int = 2, through_year: int | None = None) -> list[int]:
    """The first ``n`` calendar years wholly in office (Calderón, from 1 Dec 2006: 2007, 2008;
    Sheinbaum, from 1 Oct 2024: 2025, 2026). Fewer when the term (or ``through_year``) ends
    sooner."""
    if end is None or pd.isna(end):
        through_year = through_year if through_year is not None else pd.Timestamp(start).year + n
    return full_calendar_years(start, end, through_year=through_year)[:n]


def span_years(start, end) -> dict[str, list[int]]:
    """How a stated span (inclusive dates) lines up with calendar years.

    ``covered``: years inside the span for at least 11 months (a December-November term
    window covers the later year's January-November); ``offset``: years touched for one month
    or less (the December of a 1 December start), ignored; ``partial``: years touched for
    more than one and fewer than 11 months, which make an annual comparison impossible.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    out: dict[str, list[int]] = {"covered": [], "offset": [], "partial": []}
    for year in range(start.year, end.year + 1):
        days = days_covered(start, end, year)
        if days >= FULL_YEAR_MIN_DAYS:
            out["covered"].append(year)
        elif days <= OFFSET_MAX_DAYS:
            out["offset"].append(year)
        else:
            out["partial"].append(year)
    return out


def administration_for_span(start, end, administrations: pd.DataFrame | None = None, country: str = "MX") -> str | None:
    """The administration in office for most of the inclusive span ``start``..``end`` (more than
    half its days; ties: the earlier term); None when no term holds a majority (a span across
    several terms) or none overlaps."""
    terms = _terms(administrations, country)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    best, best_days = None, 0
    for term in terms.itertuples(index=False):
        term_end = pd.Timestamp(term.end) if pd.notna(term.end) else end
        days = (min(end, term_end) - max(start, pd.Timestamp(term.start))).days + 1
        if days > best_days:
            best, best_days = term.name, days
    return best if 2 * best_days > (end - start).days + 1 else None


def year_runs(years: Iterable[int]) -> list[list[int]]:
    """Consecutive runs of years: ``[2006, 2007, 2009]`` -> ``[[2006, 2007], [2009]]``."""
    runs: list[list[int]] = []
    for year in sorted({int(y) for y in years}):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def format_year_ranges(years: Iterable[int], prefix: str = "") -> str:
    """``[1995, 1996, 1997, 2010, 2012]`` -> ``"1995–1997, 2010, 2012"`` (en dash; empty -> "").
    ``prefix`` goes before every year: ``prefix="FY"`` gives ``"FY2011, FY2013–FY2018"``."""
    return ", ".join(f"{prefix}{run[0]}" if len(run) == 1 else f"{prefix}{run[0]}–{prefix}{run[-1]}"
                     for run in year_runs(years))


def short_name(name: str, administrations: pd.DataFrame) -> str:
    """The name a report uses for a president, from the ``short_name`` column of the curated
    table: "Felipe Calderón" -> "Calderón", "George W. Bush" -> "G. W. Bush"."""
    match = administrations.loc[administrations["name"] == name, "short_name"]
    if match.empty:
        raise KeyError(f"no administration named {name!r}")
    return str(match.iloc[0])


UNLABELLED_TERMS = {  # (side, one or many) -> the sentence; ``names`` is a list of full names
    ("left", False): "At the left edge, the short unlabelled stretch is the end of the term of {names}.",
    ("left", True): "At the left edge, the short unlabelled stretches are the ends of the terms of {names}.",
    ("right", False): "At the right edge, the short unlabelled stretch is the start of the term of {names}.",
    ("right", True): "At the right edge, the short unlabelled stretches are the starts of the terms of {names}.",
    ("inside", False): "The short unlabelled stretch inside the window is the term of {names}.",
    ("inside", True): "The short unlabelled stretches inside the window are the terms of {names}.",
}


def name_list(names: list[str]) -> str:
    """``["A"]`` -> ``"A"``; ``["A", "B"]`` -> ``"A and B"``; ``["A", "B", "C"]`` -> ``"A, B and C"``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def unlabelled_terms_note(terms: Iterable[tuple[str, str]]) -> str:
    """The caption sentences naming the presidential terms a chart shades but does not label
    (``mxsec.charts.unlabelled`` of the bands drawn: (full name, side), side ``left``, ``right``
    or ``inside``), one sentence per side, left first; ``""`` when every term is labelled."""
    by_side: dict[str, list[str]] = {}
    for name, side in terms:
        if name not in by_side.setdefault(side, []):
            by_side[side].append(name)
    return " ".join(UNLABELLED_TERMS[(side, len(by_side[side]) > 1)].format(names=name_list(by_side[side]))
                    for side in ("left", "right", "inside") if side in by_side)


def with_note(caption: str, note: str) -> str:
    """``caption`` followed by ``note`` (a whole sentence or ``""``)."""
    return f"{caption} {note}" if note else caption
