"""The overview's computation: the topics' key figures gathered unchanged, the series of the
shared time axis, the claims ledger of the edition's paper selection, and the bundle the
notebook shows (``build``). Conventions of the time axis are in the package docstring."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
import pandas as pd

from mxsec import names
from mxsec.analysis import claims, periods
from mxsec.analysis.common import plateau_years, split_ids
from mxsec.analysis.cooperation_index import compute as ci
from mxsec.analysis.extraditions import compute as ex
from mxsec.analysis.funding import compute as funding
from mxsec.analysis.violence import compute as violence
from mxsec.data import load

# --------------------------------------------------------------------------- constants

TOPICS = ("funding", "extraditions", "violence", "cooperation_index")
"""The topic reports the overview summarises, in reading order."""
TOPIC_NAMES = {"funding": "Funding", "extraditions": "Extraditions", "violence": "Homicides in Mexico",
               "cooperation_index": "Cooperation index"}
"""A topic's name where its notebook (whose first heading is the title) is not found."""
TOPIC_MODULES = {"funding": funding, "extraditions": ex, "violence": violence, "cooperation_index": ci}
"""Each topic's ``compute`` module."""
DEFAULT_EDITION = "overview"
DEFAULT_START_YEAR, DEFAULT_END_YEAR = 2000, 2025
"""Default window of the timeline: from the first year with a full-year extradition figure
and the first fiscal year of the funding report to the last year of the reports' data."""
ALL_PAPERS = "all"

HEADLINES: dict[str, tuple[str, ...]] = {
    "funding": ("merida_cumulative_usd", "peak_usd", "peak_fiscal_year", "latest_usd", "latest_fiscal_year"),
    "extraditions": ("latest_persons", "latest_year", "peak_persons", "peak_year", "years_without_full_year_figure"),
    "violence": ("latest_homicides", "latest_rate_per_100k", "latest_year", "peak_homicides", "peak_year",
                 "peak_plateau_years", "peak_plateau_lowest_homicides", "sesnsp_latest_homicides"),
    "cooperation_index": ("top_years", "low_years", "n_scored_years", "n_robust_changes", "robust_rises",
                          "robust_falls"),
}
"""The headline figures of each topic, copied unchanged into the overview's key figures under
``<topic>_<name>`` (e.g. ``funding_peak_usd``)."""
CLAIMS_KEYS = ("claims_total", *claims.VERDICT_KEYS.values(), "claims_by_paper")
"""The claims ledger's figures (``claims.key_figures()``), copied under their own names."""

MAJOR_COOPERATIVE = ("agreement", "aid")
MAJOR_CONFLICTUAL = ("dispute", "suspension", "unilateral_action")
"""Major events: the event categories the cooperation index report marks on its fan chart
(agreements and aid milestones; disputes, suspensions and unilateral measures)."""
EVENTS_COVERAGE = ("2006-01-01", "2026-01-31")
"""The window the events chronology was collected for (data/manual/events_rule.md); no events
are recorded outside it."""
ADMINISTRATION_SOURCES = {"MX": "mx_cpeum_art_83", "US": "us_const_amend_20"}

CITE_EVENTS_IN_CSV = True
"""The timeline's events each have their own source (dozens in the default window). As in the
cooperation index report, the chart's source line then names the other sources, and the prose
under the chart points to the events' sources in the chart's CSV (one row per event with its
source_id). Off: the source line lists every event source too."""


# --------------------------------------------------------------------------- links and editions

def link_prefix(edition: str | None = None) -> str:
    """Relative prefix from this edition's HTML to the topic reports: the default edition sits in
    ``reports/`` beside them (``""``); any other edition in ``reports/editions/`` (``"../"``).
    ``interactive`` (JupyterLab) counts as the default."""
    return "" if edition in (None, DEFAULT_EDITION, "interactive") else "../"


def topic_titles() -> dict[str, str]:
    """Title of each topic report (first heading of its notebook)."""
    from mxsec.topics import discover

    found = discover()
    return {name: found[name].title if name in found else TOPIC_NAMES[name] for name in TOPICS}


# --------------------------------------------------------------------------- key figures

def topic_key_figures(topics: Iterable[str] = TOPICS, ci_result: Any = None) -> dict[str, dict[str, dict]]:
    """Each topic module's ``key_figures()`` with its defaults (the default edition of the
    report). ``ci_result`` may pass an already built default cooperation index
    (``cooperation_index.build()``), which its ``key_figures(bundle)`` accepts."""
    out: dict[str, dict[str, dict]] = {}
    for topic in topics:
        module = TOPIC_MODULES[topic]
        if topic == "cooperation_index" and ci_result is not None:
            out[topic] = module.key_figures(ci_result)
        else:
            out[topic] = module.key_figures()
    return out


def combine_key_figures(topic_figures: dict[str, dict[str, dict]], claims_figures: dict[str, dict]) -> dict[str, dict]:
    """The overview's key figures: every claims figure (``claims_total``, one count per verdict,
    ``claims_by_paper``) under its own name, then each topic's headline figures (``HEADLINES``)
    under ``<topic>_<name>``, copied unchanged. A headline a topic does not return (no data) is
    left out."""
    out = {key: copy.deepcopy(claims_figures[key]) for key in CLAIMS_KEYS if key in claims_figures}
    for topic, keys in HEADLINES.items():
        figures = topic_figures.get(topic, {})
        for name in keys:
            if name in figures:
                out[f"{topic}_{name}"] = copy.deepcopy(figures[name])
    return out


def key_figures(topic_figures: dict[str, dict[str, dict]] | None = None,
                claims_figures: dict[str, dict] | None = None) -> dict[str, dict]:
    """The overview's key figures (see ``combine_key_figures``); computes the topics' and the
    claims' figures with their defaults when not passed. Each entry is ``{value, unit, period,
    source_ids, note}`` as the topic module returned it."""
    topic_figures = topic_key_figures() if topic_figures is None else topic_figures
    claims_figures = claims.key_figures() if claims_figures is None else claims_figures
    return combine_key_figures(topic_figures, claims_figures)


# --------------------------------------------------------------------------- the timeline's data

def major_events(events: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Events of the major categories (``MAJOR_COOPERATIVE``, ``MAJOR_CONFLICTUAL``) dated in
    ``start_year``..``end_year``, with ``kind`` (cooperative / conflictual) and ``x`` (decimal
    year minus 0.5)."""
    keep = (events["category"].isin(MAJOR_COOPERATIVE + MAJOR_CONFLICTUAL)
            & events["date"].dt.year.between(start_year, end_year))
    out = events.loc[keep, ["date", "title", "category", "score", "source_id"]].copy()
    out["kind"] = np.where(out["category"].isin(MAJOR_COOPERATIVE), "cooperative", "conflictual")
    out["x"] = [periods.decimal_year(d) - 0.5 for d in out["date"]]
    return out.sort_values("date").reset_index(drop=True)


def terms_in_window(administrations: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Presidential terms of both countries overlapping the window, with ``x0``/``x1`` on the
    shared axis (clipped to the window) and ``source_id``."""
    lo, hi = start_year - 0.5, end_year + 0.5
    rows = []
    for term in administrations.sort_values(["country", "start"]).itertuples(index=False):
        x0 = periods.decimal_year(term.start) - 0.5
        x1 = periods.decimal_year(term.end) - 0.5 if pd.notna(term.end) else hi
        if x1 <= lo or x0 >= hi:
            continue
        rows.append({"country": term.country, "name": term.name, "short_name": term.short_name, "party": term.party,
                     "start": term.start, "end": term.end, "x0": max(x0, lo), "x1": min(x1, hi),
                     "source_id": ADMINISTRATION_SOURCES[term.country]})
    return pd.DataFrame(rows)


@dataclass
class Timeline:
    """The series of the shared time axis, each as its topic module returns it."""

    start_year: int
    end_year: int
    terms: pd.DataFrame
    events: pd.DataFrame
    aid: pd.DataFrame  # fiscal_year, value (constant dollars), value_usd (nominal), covered, source_ids
    aid_unit: str
    extraditions: pd.DataFrame  # year, persons, scope, status, obs_status, source_id, literature
    homicides: pd.DataFrame  # series, year, value, source_id, feminicide_source_id
    include_feminicide: bool
    administrations: pd.DataFrame = field(default_factory=pd.DataFrame)  # the whole table: shades alternate as elsewhere


def timeline(start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
             tables: dict[str, pd.DataFrame] | None = None) -> Timeline:
    """Collect the timeline's series for ``start_year``..``end_year`` from the topic modules
    (their default parameters otherwise: aid in the funding report's constant dollars,
    extraditions Mexico -> U.S. preferred figures, homicides of both official systems)."""
    if end_year < start_year:
        raise ValueError(f"end_year {end_year} is before start_year {start_year}")
    if tables is None:
        from mxsec.data import load

        tables = {name: load(name) for name in ("administrations", "events")}
    d = funding.build(start_year=start_year, end_year=end_year)
    r = ex.build(start_year=start_year, end_year=end_year)
    v = violence.build(start_year=start_year, end_year=end_year)
    homicides = v.annual[["series", "system", "year", "value", "value_status", "source_id", "feminicide_source_id"]].copy()
    return Timeline(
        start_year=start_year, end_year=end_year,
        terms=terms_in_window(tables["administrations"], start_year, end_year),
        events=major_events(tables["events"], start_year, end_year),
        aid=d.security[["fiscal_year", "value", "value_usd", "covered", "obs_status", "source_ids"]].copy(), aid_unit=d.unit,
        extraditions=r.annual[["year", "persons", "scope", "status", "obs_status", "source_id", "literature"]].copy(),
        homicides=homicides.sort_values(["series", "year"]).reset_index(drop=True),
        include_feminicide=bool(v.include_feminicide),
        administrations=tables["administrations"],
    )

def _id_set(values: Iterable[Any]) -> set[str]:
    return set(split_ids(values))


def timeline_source_ids(t: Timeline, events: bool = True) -> list[str]:
    """Sources of every value drawn on the timeline; with ``events=False`` without the dated
    events' own sources (one per event, listed in the chart's CSV)."""
    ids = set(t.terms["source_id"]) if len(t.terms) else set()
    if events:
        ids |= set(t.events["source_id"])
    ids |= _id_set(t.aid.loc[t.aid["value"].notna(), "source_ids"])
    ids |= _id_set(t.extraditions.loc[t.extraditions["persons"].notna(), "source_id"])
    ids |= _id_set(t.homicides["source_id"]) | _id_set(t.homicides["feminicide_source_id"])
    return sorted(ids)


def timeline_data(t: Timeline) -> pd.DataFrame:
    """The plotted values in long form (one row per panel, series and year or event), for the
    chart's CSV, with each observation's status (``obs_status``; empty for terms and events)."""
    frames = []
    if len(t.terms):
        frames.append(pd.DataFrame({"panel": "administrations", "series": t.terms["country"],
                                    "year": t.terms["start"].dt.strftime("%Y-%m-%d"),
                                    "value": np.nan, "unit": "", "label": t.terms["name"], "obs_status": None,
                                    "source_id": t.terms["source_id"]}))
    if len(t.events):
        frames.append(pd.DataFrame({"panel": "events", "series": t.events["kind"],
                                    "year": t.events["date"].dt.strftime("%Y-%m-%d"), "value": t.events["score"],
                                    "unit": "Goldstein score", "label": t.events["title"], "obs_status": None,
                                    "source_id": t.events["source_id"]}))
    frames.append(pd.DataFrame({"panel": "aid", "series": "security assistance, obligated",
                                "year": t.aid["fiscal_year"].astype(str), "value": t.aid["value"],
                                "unit": t.aid_unit, "label": "FY" + t.aid["fiscal_year"].astype(str),
                                "obs_status": t.aid["obs_status"].where(t.aid["value"].notna(), None),
                                "source_id": t.aid["source_ids"].fillna("")}))
    frames.append(pd.DataFrame({"panel": "extraditions", "series": t.extraditions["scope"].fillna("no figure"),
                                "year": t.extraditions["year"].astype(str),
                                "value": t.extraditions["persons"].astype("Float64"), "unit": "persons",
                                "label": t.extraditions["status"],
                                "obs_status": t.extraditions["obs_status"].where(t.extraditions["persons"].notna(), None),
                                "source_id": t.extraditions["source_id"].fillna(""),
                                "literature_sourced": t.extraditions["literature"].astype(bool)}))
    frames.append(pd.DataFrame({"panel": "homicides", "series": t.homicides["series"],
                                "year": t.homicides["year"].astype(str), "value": t.homicides["value"].astype(float),
                                "unit": "homicides", "label": "", "obs_status": t.homicides["value_status"],
                                "source_id": t.homicides["source_id"]}))
    out = pd.concat(frames, ignore_index=True)
    out["literature_sourced"] = out["literature_sourced"].astype("boolean").fillna(False).astype(bool)
    return out


def _peak(frame: pd.DataFrame, x: str, y: str) -> tuple[int, float] | None:
    rows = frame[frame[y].notna()]
    if not len(rows):
        return None
    best = rows.sort_values([y, x], ascending=[False, True]).iloc[0]
    return int(best[x]), float(best[y])

@dataclass
class TimelineFindings:
    """What the timeline's caption states, computed from the plotted series: each peak as
    (year, value) or ``None``, the years without a figure, and the major events counted."""

    aid_peak: tuple[int, float] | None
    extradition_peak: tuple[int, float] | None
    inegi_series: str | None
    homicide_peak: tuple[int, float] | None
    homicide_plateau: list[int]  # the years around the peak within 1% of it (one year: a peak)
    homicide_plateau_low: float | None
    aid_gaps: list[int]
    extradition_gaps: list[int]
    n_cooperative: int
    n_conflictual: int
    homicide_series: list[str]
    sesnsp_with_feminicide: bool


def timeline_findings(t: Timeline) -> TimelineFindings:
    full = t.extraditions[t.extraditions["persons"].notna()]
    inegi = violence.primary_series(t.homicides, "inegi")
    inegi_rows = t.homicides[t.homicides["series"] == inegi] if inegi else t.homicides.iloc[0:0]
    return TimelineFindings(
        aid_peak=_peak(t.aid, "fiscal_year", "value"),
        extradition_peak=_peak(full.assign(persons=full["persons"].astype(float)), "year", "persons"),
        inegi_series=inegi,
        homicide_peak=_peak(t.homicides[t.homicides["series"] == inegi], "year", "value") if inegi else None,
        homicide_plateau=plateau_years(inegi_rows),
        homicide_plateau_low=float(inegi_rows.loc[inegi_rows["year"].isin(plateau_years(inegi_rows)), "value"].min())
        if len(inegi_rows) else None,
        aid_gaps=[int(y) for y in t.aid.loc[t.aid["value"].isna(), "fiscal_year"]],
        extradition_gaps=[int(y) for y in t.extraditions.loc[t.extraditions["persons"].isna(), "year"]],
        n_cooperative=int((t.events["kind"] == "cooperative").sum()),
        n_conflictual=int((t.events["kind"] == "conflictual").sum()),
        homicide_series=list(dict.fromkeys(t.homicides["series"])),
        sesnsp_with_feminicide=bool(t.include_feminicide and (t.homicides["system"] == "sesnsp").any()),
    )


def events_coverage_start(t: Timeline) -> float | None:
    """Where the events chronology starts on the shared axis, when that is inside the window."""
    start = periods.decimal_year(pd.Timestamp(EVENTS_COVERAGE[0])) - 0.5
    return start if start > t.start_year - 0.5 else None


def index_frame(ci_figures: dict[str, dict]) -> pd.DataFrame:
    """The index by scored year from the cooperation index's key figures: median, p05, p25, p75,
    p95 of the Monte Carlo draws and the deterministic reference index."""
    frame = pd.DataFrame({"year": ci_figures["years"]["value"]})
    for name in ("median", "p05", "p25", "p75", "p95", "reference"):
        frame[name] = ci_figures[name]["value"]
    return frame

def index_unscored(frame: pd.DataFrame, start_year: int, end_year: int) -> list[int]:
    """Years of the index's default window without a score that fall in ``start_year``..``end_year``."""
    scored = set(frame["year"])
    return [y for y in range(ci.DEFAULT_START_YEAR, ci.DEFAULT_END_YEAR + 1)
            if y not in scored and start_year <= y <= end_year]


def index_outside(start_year: int, end_year: int) -> list[int]:
    """Years of ``start_year``..``end_year`` outside the index's default window (no index is computed)."""
    return [y for y in range(start_year, end_year + 1) if not ci.DEFAULT_START_YEAR <= y <= ci.DEFAULT_END_YEAR]


def years_without_value(frame: pd.DataFrame, year: str, start_year: int, end_year: int, value: str = "value") -> list[int]:
    """Years of ``start_year``..``end_year`` in which no row of ``frame`` has a ``value`` (the years a
    panel shows no figure for)."""
    present = set(frame.loc[frame[value].notna(), year].astype(int)) if len(frame) else set()
    return [y for y in range(start_year, end_year + 1) if y not in present]


def unscored_index_years(o: "Overview") -> list[int]:
    """Years of the index's default window without a score (a pillar has no data)."""
    scored = set(o.topic_figures["cooperation_index"]["years"]["value"])
    return [y for y in range(ci.DEFAULT_START_YEAR, ci.DEFAULT_END_YEAR + 1) if y not in scored]


# --------------------------------------------------------------------------- claims ledger

def ledger_counts(table: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict (every verdict present, zero when none) in a ``claims.ledger_table``."""
    return {verdict: int((table["verdict"] == verdict).sum()) for verdict in claims.VERDICTS}


def ledger_source_ids(table: pd.DataFrame) -> list[str]:
    """The papers and every source a verdict rests on."""
    return sorted(set(table["source_id"]) | _id_set(table["matched_source_ids"]))


# --------------------------------------------------------------------------- context: border and drugs

BORDER_SERIES = {
    "encounters": "Border Patrol encounters (Title 8 apprehensions; plus Title 42 expulsions, March 2020 – May 2023)",
    "apprehensions": "Border Patrol Title 8 apprehensions",
}
"""The two southwest-border lines, each named for what it counts (Border Patrol, between ports of entry)."""
TITLE_42_FISCAL_YEARS = (2020, 2023)  # Title 42 expulsions were counted from 20 March 2020 to 11 May 2023
OVERDOSE_DRUGS = {drug: names.code_name("drug", drug)
                  for drug in ("all", "synthetic_opioids", "psychostimulants", "cocaine", "heroin")}
"""Drug categories drawn, as NCHS names them; a death can involve several, so they overlap and never add up."""


@dataclass
class Context:
    """The border and overdose series the overview shows as context, in the window."""

    border: pd.DataFrame  # fiscal_year, measure, series, value, months, authority, obs_status, source_id
    overdoses: pd.DataFrame  # year, drug, series, value, revision, obs_status, source_id
    start_year: int
    end_year: int


def border_frame(border: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Preferred southwest-border Border Patrol rows of ``border_apprehensions`` for the two lines
    of ``BORDER_SERIES``, by fiscal year in the window; a row without ``months`` covers the full year."""
    rows = border[border["preferred"] & border["region"].eq("southwest") & border["agency"].eq("usbp")
                  & border["measure"].isin(list(BORDER_SERIES)) & border["fiscal_year"].between(start_year, end_year)]
    out = rows.assign(series=rows["measure"].map(BORDER_SERIES),
                      months=rows["months"] if "months" in rows.columns else 12)
    columns = ["fiscal_year", "measure", "series", "value", "months", "authority", "obs_status", "source_id"]
    return out[columns].astype({"fiscal_year": int}).sort_values(["measure", "fiscal_year"]).reset_index(drop=True)


def overdose_frame(overdoses: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Preferred rows of ``us_overdose_deaths`` for the drugs of ``OVERDOSE_DRUGS`` in the window."""
    rows = overdoses[overdoses["preferred"] & overdoses["drug"].isin(list(OVERDOSE_DRUGS))
                     & overdoses["year"].between(start_year, end_year)]
    out = rows.assign(series=rows["drug"].map(OVERDOSE_DRUGS))
    columns = ["year", "drug", "series", "value", "revision", "obs_status", "source_id"]
    return out[columns].astype({"year": int}).sort_values(["drug", "year"]).reset_index(drop=True)


def context(start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR) -> Context:
    return Context(border=border_frame(load("border_apprehensions"), start_year, end_year),
                   overdoses=overdose_frame(load("us_overdose_deaths"), start_year, end_year),
                   start_year=int(start_year), end_year=int(end_year))


def missing_years(frame: pd.DataFrame, key: str, year: str, start_year: int, end_year: int) -> dict[str, list[int]]:
    """Per value of ``key``, the years of the window without a row (never filled in)."""
    return {k: [y for y in range(start_year, end_year + 1) if y not in set(group[year])]
            for k, group in frame.groupby(key, sort=True)}


# --------------------------------------------------------------------------- the edition

@dataclass
class Overview:
    """Everything the overview notebook shows, computed once."""

    paper: str
    start_year: int
    end_year: int
    edition: str | None
    topic_figures: dict[str, dict[str, dict]]
    claims_results: pd.DataFrame
    claims_figures: dict[str, dict]
    figures: dict[str, dict]
    timeline: Timeline
    index: Any  # cooperation_index.CooperationIndex of the default edition
    ledger: pd.DataFrame
    context: Context | None = None
    titles: dict[str, str] = field(default_factory=dict)
    qualitative: pd.DataFrame = field(default_factory=pd.DataFrame)  # claims.qualitative_claims(): not counted

    @property
    def prefix(self) -> str:
        return link_prefix(self.edition)


def build(paper: str = ALL_PAPERS, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
          edition: str | None = None) -> Overview:
    """Compute the overview: the topics' and the claims' key figures with their defaults, the
    timeline for ``start_year``..``end_year``, and the ledger of ``paper`` (a file name or source
    id of ``data/claims.csv``, or ``all``). ``edition`` (the notebook passes
    ``mxsec.report.edition()``; ``None`` counts as the default edition) decides the relative links."""
    index = ci.build()
    topic_figures = topic_key_figures(ci_result=index)
    results = claims.evaluate()
    claims_figures = claims.key_figures(results=results)
    ledger = claims.ledger_table(None if paper == ALL_PAPERS else paper, results=results)
    qualitative = claims.qualitative_claims()
    if paper != ALL_PAPERS:
        qualitative = qualitative[(qualitative["paper"] == paper) | (qualitative["source_id"] == paper)]
    return Overview(
        paper=paper, start_year=int(start_year), end_year=int(end_year), edition=edition, topic_figures=topic_figures,
        claims_results=results, claims_figures=claims_figures,
        figures=combine_key_figures(topic_figures, claims_figures), timeline=timeline(start_year, end_year),
        index=index, ledger=ledger, context=context(start_year, end_year), titles=topic_titles(),
        qualitative=qualitative)


def index_sources(o: Overview) -> tuple[list[str], list[str]]:
    """The sources of the index's scored years (its key figures' ``source_ids``), split into the
    dated events of the political-climate pillar and the rest (extraditions, assistance, CPI)."""
    from mxsec.data import load

    ids = o.topic_figures["cooperation_index"]["median"]["source_ids"]
    event_ids = set(load("events")["source_id"])
    return sorted(i for i in ids if i not in event_ids), sorted(i for i in ids if i in event_ids)


# --------------------------------------------------------------------------- figures for the prose

def topic_figure(o: Overview, topic: str, name: str) -> dict | None:
    """One key figure of a topic report, or ``None`` when that report has no such figure."""
    return o.topic_figures.get(topic, {}).get(name)


def figure_value(entry: dict | None) -> Any:
    return None if entry is None else entry["value"]
