"""The double coding of the events list: the sheet a second coder works from, and the agreement
between the two codings.

The first coding is ``data/events.csv`` itself (each row included, with its ``category``); the
second is ``data/manual/events_coding_2.csv``, written by a coder who saw only the codebook
(``data/manual/events_codebook.md``) and the sheet (``data/manual/events_coding_sheet.csv``: each
event's id, date, title, source and source text, not its category). The second coding is committed
as its coder wrote it; where the two disagree, the resolution is recorded in
``data/manual/events_adjudication.csv`` and, where it changes the list, in ``events.csv`` with a
note. Agreement is Cohen's kappa (``statsmodels.stats.inter_rater.cohens_kappa``) on the category
(with "excluded" as a category of its own) and on the direction the category implies
(cooperative, neutral, conflictual; ``mxsec.data.events``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mxsec.data.events import CATEGORY_SCORES, direction

SHEET_FILE = "events_coding_sheet.csv"
SECOND_CODING_FILE = "events_coding_2.csv"
ADJUDICATION_FILE = "events_adjudication.csv"
EXCLUDED = "excluded"
SHEET_COLUMNS = ("event_id", "date", "title", "source", "source_text")
CODING_COLUMNS = ("event_id", "include", "category", "date_supported", "comment")
DATE_SUPPORT = ("yes", "month", "no", "unclear")


def event_id(date: str, title: str) -> str:
    """A stable id for an event: its date and the first 6 hex digits of the SHA-1 of its title."""
    return f"{date}-{hashlib.sha1(title.encode('utf-8')).hexdigest()[:6]}"


def coding_sheet(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What the second coder sees of each event, in date order: id, date, title, the source
    (publisher: title) and the source text kept with the event (its ``note``). No category, score or
    direction."""
    dates = pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d")
    by_id = sources.set_index("source_id")
    source = [f"{by_id.at[s, 'publisher']}: {by_id.at[s, 'title']}" if s in by_id.index else s for s in events["source_id"]]
    sheet = pd.DataFrame({"event_id": [event_id(d, t) for d, t in zip(dates, events["title"])], "date": dates.to_numpy(),
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


def agreement(events: pd.DataFrame, sources: pd.DataFrame, second: pd.DataFrame) -> tuple[list[Kappa], pd.DataFrame]:
    """The kappas (category, direction) between the first coding (``events``) and ``second``, and one row
    per event the two code differently: event_id, date, title, first, second (categories or excluded)."""
    sheet = coding_sheet(events, sources)
    problems = check_coding(second, sheet)
    if problems:
        raise ValueError("second coding: " + "; ".join(problems))
    first = pd.Series(events["category"].to_numpy(), index=[event_id(d, t) for d, t in zip(
        pd.to_datetime(events["date"]).dt.strftime("%Y-%m-%d"), events["title"])])
    other = codes(second)
    kappas = [kappa(first, other.loc[first.index], "category"),
              kappa(directions(first), directions(other.loc[first.index]), "direction")]
    differ = sheet.set_index("event_id")[["date", "title"]].assign(first=first, second=other)
    differ = differ[differ["first"] != differ["second"]].reset_index()
    return kappas, differ
