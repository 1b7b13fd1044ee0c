"""The double coding of the events list: the sheet a second coder works from, the two codings,
their agreement, and the resolution of their disagreements.

Files (``data/manual/``), all frozen at the time of coding:

- ``events_codebook.md``: the rules both coders follow;
- ``events_coding_sheet.csv``: what the second coder saw of each event (id, date, title, source,
  source text), made by ``coding_sheet`` from ``events.csv`` as it stood, without its category;
- ``events_coding_1.csv``: the first coding, the categories of ``events.csv`` at that time;
- ``events_coding_2.csv``: the second coding, committed as its coder wrote it;
- ``events_adjudication.csv``: one row per disagreement, with the resolution and its reason;
  ``events.csv`` carries each resolution (a category changed or kept with a note, an excluded
  event removed), which ``check_resolved`` verifies.

Agreement is Cohen's kappa (``statsmodels.stats.inter_rater.cohens_kappa``) on the category (with
"excluded" as a category of its own) and on the direction the category implies (cooperative,
neutral, conflictual; ``mxsec.data.events``), computed from the two coding files alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mxsec.data.events import CATEGORY_SCORES, direction

SHEET_FILE = "events_coding_sheet.csv"
FIRST_CODING_FILE = "events_coding_1.csv"
SECOND_CODING_FILE = "events_coding_2.csv"
ADJUDICATION_FILE = "events_adjudication.csv"
EXCLUDED = "excluded"
SHEET_COLUMNS = ("event_id", "date", "title", "source", "source_text")
CODING_COLUMNS = ("event_id", "include", "category", "date_supported", "comment")
DATE_SUPPORT = ("yes", "month", "no", "unclear")


def event_id(date: str, title: str) -> str:
    """A stable id for an event: its date and the first 6 hex digits of the SHA-1 of its title."""
    return f"{date}-{hashlib.sha1(title.encode('utf-8')).hexdigest()[:6]}"


def event_ids(events: pd.DataFrame) -> list[str]:
    """``event_id`` of every row of ``events`` (its date as YYYY-MM-DD and its title)."""
    dates = pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d")
    return [event_id(d, t) for d, t in zip(dates, events["title"])]


def coding_sheet(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What the second coder sees of each event, in date order: id, date, title, the source
    (publisher: title) and the source text kept with the event (its ``note``). No category, score or
    direction."""
    dates = pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d")
    by_id = sources.set_index("source_id")
    source = [f"{by_id.at[s, 'publisher']}: {by_id.at[s, 'title']}" if s in by_id.index else s for s in events["source_id"]]
    sheet = pd.DataFrame({"event_id": event_ids(events), "date": dates.to_numpy(),
                          "title": events["title"].to_numpy(), "source": source,
                          "source_text": events["note"].fillna("").to_numpy()})
    if sheet["event_id"].duplicated().any():
        raise ValueError("events: two events share a date and title: " +
                         ", ".join(sheet.loc[sheet["event_id"].duplicated(), "event_id"]))
    return sheet.sort_values(["date", "event_id"]).reset_index(drop=True)


def check_coding(coding: pd.DataFrame, sheet: pd.DataFrame) -> list[str]:
    """Problems in a coding against the sheet (empty: none): every event coded once, allowed values."""
    problems = []
    missing = [c for c in CODING_COLUMNS if c not in coding.columns]
    if missing:
        return [f"coding lacks columns {', '.join(missing)}"]
    ids, coded = set(sheet["event_id"]), coding["event_id"]
    if set(coded) != ids or coded.duplicated().any():
        problems.append(f"coding covers {coded.nunique()} distinct events of {len(ids)}; missing: "
                        f"{', '.join(sorted(ids - set(coded))) or 'none'}; unknown: {', '.join(sorted(set(coded) - ids)) or 'none'}")
    bad = coding[~coding["include"].isin(["yes", "no"])]
    problems += [f"{r.event_id}: include {r.include!r} is not yes or no" for r in bad.itertuples()]
    included = coding["include"] == "yes"
    bad = coding[included & ~coding["category"].isin(list(CATEGORY_SCORES))]
    problems += [f"{r.event_id}: category {r.category!r} is not a codebook category" for r in bad.itertuples()]
    bad = coding[~included & coding["category"].fillna("").ne("")]
    problems += [f"{r.event_id}: an excluded event has no category" for r in bad.itertuples()]
    bad = coding[~coding["date_supported"].isin(DATE_SUPPORT)]
    problems += [f"{r.event_id}: date_supported {r.date_supported!r} not in {DATE_SUPPORT}" for r in bad.itertuples()]
    return problems


def codes(coding: pd.DataFrame) -> pd.Series:
    """Category per event id, ``excluded`` for an excluded event."""
    values = coding["category"].where(coding["include"] == "yes", EXCLUDED)
    return pd.Series(values.to_numpy(), index=coding["event_id"].to_numpy())


def directions(categories: pd.Series) -> pd.Series:
    """The direction each category implies; ``excluded`` stays excluded."""
    return categories.map(lambda c: EXCLUDED if c == EXCLUDED else direction(CATEGORY_SCORES[c][2]))


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa of two codings on one variable, with its asymptotic 95% interval."""
    variable: str
    n: int
    agreement: float  # observed share of events coded alike
    kappa: float
    low: float
    high: float


def kappa(first: pd.Series, second: pd.Series, variable: str) -> Kappa:
    """Cohen's kappa of two codings (Series of labels indexed by event id, the same ids)."""
    from statsmodels.stats.inter_rater import cohens_kappa

    first, second = first.sort_index(), second.sort_index()
    if list(first.index) != list(second.index):
        raise ValueError("kappa: the two codings cover different events")
    labels = sorted(set(first) | set(second))
    table = pd.crosstab(pd.Categorical(first, labels), pd.Categorical(second, labels), dropna=False).to_numpy()
    result = cohens_kappa(table)
    return Kappa(variable, int(table.sum()), float(np.trace(table) / table.sum()), float(result.kappa),
                 float(result.kappa_low), float(result.kappa_upp))


def read(name: str) -> pd.DataFrame:
    """One of the coding files of ``data/manual`` as text (empty cells stay empty strings)."""
    from mxsec.paths import data_dir

    return pd.read_csv(data_dir() / "manual" / name, dtype=str, keep_default_na=False)


def agreement(first: pd.DataFrame, second: pd.DataFrame, sheet: pd.DataFrame) -> tuple[list[Kappa], pd.DataFrame]:
    """The kappas (category, direction) between two codings of ``sheet``, and one row per event they
    code differently: event_id, date, title, first, second (a category or ``excluded``)."""
    for label, coding in (("first", first), ("second", second)):
        problems = check_coding(coding, sheet)
        if problems:
            raise ValueError(f"{label} coding: " + "; ".join(problems))
    a, b = codes(first), codes(second).loc[codes(first).index]
    kappas = [kappa(a, b, "category"), kappa(directions(a), directions(b), "direction")]
    differ = sheet.set_index("event_id")[["date", "title"]].assign(first=a, second=b)
    differ = differ[differ["first"] != differ["second"]].reset_index()
    return kappas, differ


def check_resolved(events: pd.DataFrame, adjudication: pd.DataFrame, differ: pd.DataFrame,
                   first: pd.DataFrame) -> list[str]:
    """Problems (empty: none) in carrying the double coding into ``events``: every disagreement has one
    resolution (the first or the second coding); ``events`` has the resolved category, or lacks the
    event where it is excluded; every other coded event keeps its first coding."""
    problems = []
    if sorted(adjudication["event_id"]) != sorted(differ["event_id"]):
        problems.append("the adjudication does not list exactly the disagreements")
    merged = differ.merge(adjudication, on="event_id", how="inner", suffixes=("", "_adj"))
    for r in merged.itertuples():
        if (r.first_adj, r.second_adj) != (r.first, r.second):
            problems.append(f"{r.event_id}: the adjudication misquotes the codings")
        if r.resolved not in (r.first, r.second):
            problems.append(f"{r.event_id}: resolved {r.resolved!r} is neither coding")
        if not str(r.reason).strip():
            problems.append(f"{r.event_id}: no reason")
    now = pd.Series(events["category"].to_numpy(), index=event_ids(events))
    expected = codes(first).to_dict() | dict(zip(adjudication["event_id"], adjudication["resolved"]))
    uncoded = sorted(set(now.index) - set(expected))
    if uncoded:
        problems.append(f"events not yet coded twice: {', '.join(uncoded)}")
    for eid, category in expected.items():
        if category == EXCLUDED and eid in now.index:
            problems.append(f"{eid}: excluded in the double coding but still in events.csv")
        elif category != EXCLUDED and now.get(eid) != category:
            problems.append(f"{eid}: events.csv has {now.get(eid, 'no such event')!r}, the coding {category!r}")
    return problems
