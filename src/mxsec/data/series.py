"""Headline series: where a report needs one long line, the named sequence of definitions it is
made of, with each change of definition flagged as a break (SDMX ``OBS_STATUS`` B).

A series in ``data/`` is what its series key says (``mxsec.data.schemas``): one measure, scope,
basis and method. ``preferred`` is chosen within a series, so a year can have a preferred value
in several series. A headline draws one of them per period: the first definition, in the order
listed, that has a preferred row for that period. Where the definition drawn differs from the
one drawn for the period before, the row is flagged B (``series_break``): no change, rank, peak
or average may span it. Each definition stays available as its own series.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mxsec.data.schemas import TABLES


@dataclass(frozen=True)
class Definition:
    label: str  # what the values count, in a reader's words
    match: tuple[tuple[str, str], ...]  # (column, value) pairs a row must have


@dataclass(frozen=True)
class Headline:
    name: str
    table: str
    title: str
    definitions: tuple[Definition, ...]  # first present wins, period by period
    by: tuple[str, ...] = ()  # columns that split the headline into one line each (state_code)


def _d(label: str, **match: str) -> Definition:
    return Definition(label, tuple(sorted(match.items())))


INEGI_REGISTRATION = _d("INEGI death records, year of registration", source="inegi", crime="intentional_homicide",
                        measure="victims", basis="registration", method="death_records")
INEGI_OCCURRENCE = _d("INEGI death records, year of occurrence", source="inegi", crime="intentional_homicide",
                      measure="victims", basis="occurrence", method="death_records")
SESNSP_VICTIMS = _d("SESNSP victims (2015 methodology)", source="sesnsp", crime="intentional_homicide",
                    measure="victims", method="sesnsp_2015")
SESNSP_OLD_CASE_FILES = _d("SESNSP case files (1997 classification)", source="sesnsp", crime="intentional_homicide",
                           measure="case_files", method="sesnsp_1997")

HEADLINES: dict[str, Headline] = {h.name: h for h in [
    Headline("homicides_inegi", "homicides_national", "Homicides, INEGI death records",
             (INEGI_REGISTRATION,)),
    Headline("homicides_sesnsp", "homicides_national", "Homicides, SESNSP prosecutors' reports",
             (SESNSP_VICTIMS, SESNSP_OLD_CASE_FILES)),
    Headline("homicides_inegi_state", "homicides_state", "Homicides by state, INEGI death records",
             (INEGI_REGISTRATION, INEGI_OCCURRENCE), by=("state_code",)),
    Headline("homicides_sesnsp_state", "homicides_state", "Homicides by state, SESNSP prosecutors' reports",
             (SESNSP_VICTIMS, SESNSP_OLD_CASE_FILES), by=("state_code",)),
    Headline("extraditions_mx_us", "extraditions", "Extraditions from Mexico to the United States",
             (_d("all persons, calendar year", direction="mx_to_us", mechanism="extradition", scope="all_persons",
                 year_basis="calendar"),
              _d("Mexican nationals only, calendar year", direction="mx_to_us", mechanism="extradition",
                 scope="nationals_only", year_basis="calendar"))),
    Headline("extraditions_us_mx", "extraditions", "Extraditions from the United States to Mexico",
             (_d("all persons, calendar year", direction="us_to_mx", mechanism="extradition", scope="all_persons",
                 year_basis="calendar"),
              _d("nationals only, calendar year", direction="us_to_mx", mechanism="extradition",
                 scope="nationals_only", year_basis="calendar"))),
]}


def _matches(frame: pd.DataFrame, definition: Definition) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in definition.match:
        mask &= frame[column].astype(str).eq(value)
    return mask


def headline(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The preferred rows of headline ``name``, one per period (and ``by`` group), from ``frame``
    (the loaded table), with ``definition`` (the label of the definition drawn) and
    ``series_break`` (True where it differs from the period before in the same group; such rows
    carry ``obs_status`` B). Rows keep every column of the table."""
    spec = HEADLINES[name]
    period = list(TABLES[spec.table].period)
    preferred = frame[frame["preferred"]] if "preferred" in frame.columns else frame
    parts = []
    for rank, definition in enumerate(spec.definitions):
        rows = preferred[_matches(preferred, definition)].copy()
        parts.append(rows.assign(definition=definition.label, _rank=rank))
    empty = frame.iloc[0:0].assign(definition=pd.Series(dtype=object), series_break=pd.Series(dtype=bool))
    if not parts or not sum(len(p) for p in parts):
        return empty.reset_index(drop=True)
    rows = pd.concat(parts).sort_values([*spec.by, *period, "_rank"], kind="mergesort")
    rows = rows.drop_duplicates([*spec.by, *period], keep="first")
    groups = rows.groupby(list(spec.by), sort=False)["definition"] if spec.by else rows["definition"]
    previous = groups.shift(1)
    rows["series_break"] = previous.notna() & previous.ne(rows["definition"])
    if "obs_status" in rows.columns:
        rows.loc[rows["series_break"], "obs_status"] = "B"
    return rows.drop(columns="_rank").reset_index(drop=True)

