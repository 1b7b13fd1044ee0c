"""Overview: the key figures of every topic report, one time axis for all of them, the
cooperation index with its uncertainty bands, and the claims ledger.

Nothing here computes a topic's figures a second way. The key figures are the topic modules'
own ``key_figures()`` called with their defaults (the default edition of each report), and
the timeline draws the series those modules return (``funding.build().security``,
``extraditions.build().annual``, ``violence.build().annual``), only over the overview's
window. Reports' rendered files (``reports/*.figures.json``) are never read, so the overview
does not depend on the order in which reports are rendered.

Conventions of the shared time axis: the x axis is in years; an annual value of calendar year
N (or U.S. fiscal year N, which runs from October N-1 to September N) is drawn centred on N,
so year N spans N - 0.5 to N + 0.5, and a dated event or a term's first day is drawn at its
decimal year minus 0.5 (1 December 2006 -> 2006.42). Missing years are hatched, never filled.
"""

from __future__ import annotations

import copy
import html
from dataclasses import dataclass, field
from typing import Any, Iterable

import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
import numpy as np
import pandas as pd

from mxsec import charts
from mxsec.analysis import claims
from mxsec.analysis import cooperation_index as ci
from mxsec.analysis import extraditions as ex
from mxsec.analysis import funding, periods, violence
from mxsec.report import LegacyChart as Chart, fmt

# --------------------------------------------------------------------------- constants

TOPICS = ("funding", "extraditions", "violence", "cooperation_index")
"""The topic reports the overview summarises, in reading order."""
TOPIC_MODULES = {"funding": funding, "extraditions": ex, "violence": violence, "cooperation_index": ci}
DEFAULT_EDITION = "overview"
DEFAULT_START_YEAR, DEFAULT_END_YEAR = 2000, 2025
"""Default window of the timeline: from the first year with a full-year extradition figure
and the first fiscal year of the funding report to the last year of the reports' data."""
ALL_PAPERS = "all"

HEADLINES: dict[str, tuple[str, ...]] = {
    "funding": ("merida_cumulative_usd", "peak_usd", "peak_fiscal_year", "latest_usd", "latest_fiscal_year"),
    "extraditions": ("latest_persons", "latest_year", "peak_persons", "peak_year", "years_without_full_year_figure"),
    "violence": ("latest_homicides", "latest_rate_per_100k", "latest_year", "peak_homicides", "peak_year",
                 "sesnsp_latest_homicides"),
    "cooperation_index": ("top_year", "low_year", "n_scored_years", "n_robust_changes", "robust_rises",
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

AID_COLOUR = charts.PALETTE[4]
EXTRADITION_COLOUR = charts.PALETTE[0]
NATIONALS_COLOUR = charts.PALETTE[5]
COOPERATIVE_COLOUR = charts.PALETTE[2]
CONFLICTUAL_COLOUR = charts.PALETTE[1]
INDEX_COLOUR = charts.PALETTE[0]
GAP_COLOUR = "#c4cad1"
TERM_SHADES = ("#dfe4ea", "#f1f3f6")


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
    return {name: found[name].title if name in found else name.replace("_", " ").capitalize() for name in TOPICS}


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
    for topic, names in HEADLINES.items():
        figures = topic_figures.get(topic, {})
        for name in names:
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


def key_figure_labels(figures: dict[str, dict]) -> dict[str, str]:
    """Labels of the entries shown in the key-figures box (only those present)."""
    dollars = funding.dollars_label(funding.DEFAULT_DOLLARS, funding.DEFAULT_BASE_YEAR)
    direction = ex.DIRECTION_SHORT[ex.DEFAULT_DIRECTION]
    wanted = {
        "funding_merida_cumulative_usd": "Mérida Initiative, latest published cumulative total enacted",
        "funding_peak_usd": f"Peak U.S. security assistance obligated, {dollars}",
        "extraditions_latest_persons": f"Extraditions {direction}, latest year with a full-year figure",
        "extraditions_peak_persons": f"Extraditions {direction}, highest year",
        "violence_latest_homicides": "Homicides in Mexico (INEGI), latest year",
        "violence_latest_rate_per_100k": "Homicides per 100,000 inhabitants (INEGI)",
        "cooperation_index_top_year": "Cooperation index: year with the highest median",
        "claims_total": "Numerical claims of the literature checked",
        "claims_consistent": "Claims consistent with data/",
        "claims_nonpreferred": "Claims consistent only with a non-preferred source",
        "claims_differs": "Claims that differ from every figure in data/",
        "claims_not_checkable": "Claims data/ cannot check",
    }
    return {key: label for key, label in wanted.items() if key in figures}


# --------------------------------------------------------------------------- the timeline's data

def major_events(events: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Events of the major categories (``MAJOR_COOPERATIVE``, ``MAJOR_CONFLICTUAL``) dated in
    ``start_year``..``end_year``, with ``kind`` (cooperative / conflictual) and ``x`` (decimal
    year minus 0.5)."""
    keep = (events["category"].isin(MAJOR_COOPERATIVE + MAJOR_CONFLICTUAL)
            & events["date"].dt.year.between(start_year, end_year))
    out = events.loc[keep, ["date", "title", "category", "score", "source_id"]].copy()
    out["kind"] = np.where(out["category"].isin(MAJOR_COOPERATIVE), "cooperative", "conflictual")
    out["x"] = [charts.decimal_year(d) - 0.5 for d in out["date"]]
    return out.sort_values("date").reset_index(drop=True)


def terms_in_window(administrations: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Presidential terms of both countries overlapping the window, with ``x0``/``x1`` on the
    shared axis (clipped to the window) and ``source_id``."""
    lo, hi = start_year - 0.5, end_year + 0.5
    rows = []
    for term in administrations.sort_values(["country", "start"]).itertuples(index=False):
        x0 = charts.decimal_year(term.start) - 0.5
        x1 = charts.decimal_year(term.end) - 0.5 if pd.notna(term.end) else hi
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
    extraditions: pd.DataFrame  # year, persons, scope, status, source_id
    homicides: pd.DataFrame  # series, year, value, source_id, feminicide_source_id
    include_feminicide: bool


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
    r = ex.build(start_year, end_year)
    v = violence.build(start_year=start_year, end_year=end_year)
    homicides = v.annual[["series", "system", "year", "value", "source_id", "feminicide_source_id"]].copy()
    return Timeline(
        start_year=start_year, end_year=end_year,
        terms=terms_in_window(tables["administrations"], start_year, end_year),
        events=major_events(tables["events"], start_year, end_year),
        aid=d.security[["fiscal_year", "value", "value_usd", "covered", "source_ids"]].copy(), aid_unit=d.unit,
        extraditions=r.annual[["year", "persons", "scope", "status", "source_id"]].copy(),
        homicides=homicides.sort_values(["series", "year"]).reset_index(drop=True),
        include_feminicide=bool(v.include_feminicide),
    )


def _ids(values: Iterable[Any]) -> set[str]:
    out: set[str] = set()
    for value in values:
        if isinstance(value, str) and value:
            out.update(part.strip() for part in value.replace(";", ",").split(",") if part.strip())
    return out


def timeline_source_ids(t: Timeline, events: bool = True) -> list[str]:
    """Sources of every value drawn on the timeline; with ``events=False`` without the dated
    events' own sources (one per event, listed in the chart's CSV)."""
    ids = set(t.terms["source_id"]) if len(t.terms) else set()
    if events:
        ids |= set(t.events["source_id"])
    ids |= _ids(t.aid.loc[t.aid["value"].notna(), "source_ids"])
    ids |= _ids(t.extraditions.loc[t.extraditions["persons"].notna(), "source_id"])
    ids |= _ids(t.homicides["source_id"]) | _ids(t.homicides["feminicide_source_id"])
    return sorted(ids)


def timeline_data(t: Timeline) -> pd.DataFrame:
    """The plotted values in long form (one row per panel, series and year or event), for the
    chart's CSV."""
    frames = []
    if len(t.terms):
        frames.append(pd.DataFrame({"panel": "administrations", "series": t.terms["country"],
                                    "year": t.terms["start"].dt.strftime("%Y-%m-%d"),
                                    "value": np.nan, "unit": "", "label": t.terms["name"],
                                    "source_id": t.terms["source_id"]}))
    if len(t.events):
        frames.append(pd.DataFrame({"panel": "events", "series": t.events["kind"],
                                    "year": t.events["date"].dt.strftime("%Y-%m-%d"), "value": t.events["score"],
                                    "unit": "Goldstein score", "label": t.events["title"],
                                    "source_id": t.events["source_id"]}))
    frames.append(pd.DataFrame({"panel": "aid", "series": "security assistance, obligated",
                                "year": t.aid["fiscal_year"].astype(str), "value": t.aid["value"],
                                "unit": t.aid_unit, "label": "FY" + t.aid["fiscal_year"].astype(str),
                                "source_id": t.aid["source_ids"].fillna("")}))
    frames.append(pd.DataFrame({"panel": "extraditions", "series": t.extraditions["scope"].fillna("no figure"),
                                "year": t.extraditions["year"].astype(str),
                                "value": t.extraditions["persons"].astype("Float64"), "unit": "persons",
                                "label": t.extraditions["status"], "source_id": t.extraditions["source_id"].fillna("")}))
    frames.append(pd.DataFrame({"panel": "homicides", "series": t.homicides["series"],
                                "year": t.homicides["year"].astype(str), "value": t.homicides["value"].astype(float),
                                "unit": "homicides", "label": "",
                                "source_id": t.homicides["source_id"]}))
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- charts

def _shade_terms(ax, terms: pd.DataFrame, start_year: int, end_year: int) -> None:
    """Mexican terms shaded, unlabelled (the top strip names them), on the year-centred axis."""
    if len(terms):
        charts.shade_administrations(ax, terms, xmin=start_year - 0.5, xmax=end_year + 0.5, label=False,
                                     offset=charts.YEAR_CENTRED)


def _hatch(ax, years: Iterable[int], label: str | None = None) -> None:
    for i, year in enumerate(sorted(years)):
        ax.axvspan(year - 0.5, year + 0.5, facecolor="none", edgecolor=GAP_COLOUR, hatch="////", lw=0, zorder=0.5,
                   label=label if i == 0 else None)


def _panel_title(ax, text: str) -> None:
    ax.set_title(text, loc="left", fontsize=8.5, fontweight="bold", pad=3)


def _peak(frame: pd.DataFrame, x: str, y: str) -> tuple[int, float] | None:
    rows = frame[frame[y].notna()]
    if not len(rows):
        return None
    best = rows.sort_values([y, x], ascending=[False, True]).iloc[0]
    return int(best[x]), float(best[y])


def timeline_chart(t: Timeline) -> Chart:
    """Four stacked panels on one x axis: presidential terms of both countries with the major
    events; U.S. security assistance obligated (constant dollars, by fiscal year); extraditions
    Mexico -> U.S. (calendar years); homicides in Mexico (both official systems). Years without
    a figure are hatched in the aid and extradition panels."""
    lo, hi = t.start_year - 0.5, t.end_year + 0.5
    fig, grid = charts.new_figure(4, 1, height=5.4, sharex=True)
    axes = list(grid[:, 0])
    axes[0].get_gridspec().set_height_ratios([0.85, 1.0, 1.0, 1.1])
    strip, aid_ax, ext_ax, hom_ax = axes
    fig.suptitle(f"U.S.–Mexico security cooperation on one time axis, {t.start_year}–{t.end_year}", x=0.0, ha="left",
                 fontsize=11, fontweight="bold")

    # presidents and events
    rows = {"MX": 2.0, "US": 1.0}
    for country, y in rows.items():
        terms = t.terms[t.terms["country"] == country].reset_index(drop=True) if len(t.terms) else t.terms
        for i, term in terms.iterrows():
            strip.barh(y, term["x1"] - term["x0"], left=term["x0"], height=0.78, color=TERM_SHADES[i % 2],
                       edgecolor="white", lw=0.8)
            if term["x1"] - term["x0"] >= 1.6:
                strip.text((term["x0"] + term["x1"]) / 2, y, term["short_name"], ha="center", va="center", fontsize=7,
                           color=charts.INK)
    for kind, marker, colour, y in (("cooperative", "^", COOPERATIVE_COLOUR, 0.12),
                                    ("conflictual", "v", CONFLICTUAL_COLOUR, -0.12)):
        ev = t.events[t.events["kind"] == kind]
        strip.scatter(ev["x"], np.full(len(ev), y), marker=marker, s=22, color=colour, zorder=3, lw=0)
    coverage_start = charts.decimal_year(pd.Timestamp(EVENTS_COVERAGE[0])) - 0.5
    if coverage_start > lo:
        strip.axvspan(lo, coverage_start, ymin=0, ymax=0.25, facecolor="none", edgecolor=GAP_COLOUR, hatch="////", lw=0)
    strip.set_yticks([2, 1, 0], ["Mexico", "U.S.", "Events"])
    strip.set_ylim(-0.55, 2.5)
    strip.grid(False)
    strip.tick_params(axis="y", length=0, labelsize=8)
    for side in ("left", "bottom"):
        strip.spines[side].set_visible(False)
    _panel_title(strip, "Presidents and major bilateral events")

    # aid
    _shade_terms(aid_ax, t.terms, t.start_year, t.end_year)
    aid = t.aid[t.aid["value"].notna()]
    aid_ax.bar(aid["fiscal_year"], aid["value"] / 1e6, width=0.75, color=AID_COLOUR, zorder=2)
    _hatch(aid_ax, t.aid.loc[t.aid["value"].isna(), "fiscal_year"])
    aid_ax.set_ylabel("$ million", fontsize=8)
    charts.thousands(aid_ax)
    _panel_title(aid_ax, f"U.S. security assistance obligated, by fiscal year ({t.aid_unit})")

    # extraditions
    _shade_terms(ext_ax, t.terms, t.start_year, t.end_year)
    full = t.extraditions[t.extraditions["persons"].notna()]
    for scope, colour in (("all_persons", EXTRADITION_COLOUR), ("nationals_only", NATIONALS_COLOUR)):
        rows_ = full[full["scope"] == scope]
        ext_ax.bar(rows_["year"], rows_["persons"].astype(float), width=0.75, color=colour, zorder=2)
    _hatch(ext_ax, t.extraditions.loc[t.extraditions["persons"].isna(), "year"])
    ext_ax.set_ylabel("persons", fontsize=8)
    _panel_title(ext_ax, f"Extraditions, {ex.DIRECTION_SHORT[ex.DEFAULT_DIRECTION]}, by calendar year")

    # homicides
    _shade_terms(hom_ax, t.terms, t.start_year, t.end_year)
    order = {label: i for i, label in enumerate(violence.LABEL_ORDER)}
    for label in sorted(t.homicides["series"].unique(), key=lambda s: order.get(s, 99)):
        rows_ = t.homicides[t.homicides["series"] == label].sort_values("year")
        hom_ax.plot(rows_["year"], rows_["value"], lw=1.6, marker="o", ms=2.2,
                    color=charts.VIOLENCE_SERIES_COLOURS.get(label, charts.PALETTE[7]), label=label, zorder=2)
    hom_ax.set_ylabel("homicides", fontsize=8)
    charts.thousands(hom_ax)
    _panel_title(hom_ax, "Homicides in Mexico, by year, both official counts")

    for ax in (aid_ax, ext_ax, hom_ax):
        ax.set_ylim(bottom=0)
        ax.grid(axis="x", visible=False)
        ax.tick_params(axis="y", labelsize=7.5)
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=3))
    hom_ax.set_xlim(lo, hi)
    hom_ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    hom_ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
    hom_ax.tick_params(axis="x", which="minor", length=2)

    gap = matplotlib.patches.Patch(facecolor="none", edgecolor=GAP_COLOUR, hatch="////", label="no figure")
    handles = [
        matplotlib.lines.Line2D([], [], ls="", marker="^", color=COOPERATIVE_COLOUR, label="agreement or aid milestone"),
        matplotlib.lines.Line2D([], [], ls="", marker="v", color=CONFLICTUAL_COLOUR,
                                label="dispute, suspension or unilateral measure"),
    ]
    strip.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 0.45), fontsize=7, handletextpad=0.2,
                 borderaxespad=0.2)
    aid_ax.legend(handles=[gap], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    ext_handles = [matplotlib.patches.Patch(color=EXTRADITION_COLOUR, label="all persons")]
    if (full["scope"] == "nationals_only").any():
        ext_handles.append(matplotlib.patches.Patch(color=NATIONALS_COLOUR, label="Mexican nationals only"))
    ext_ax.legend(handles=ext_handles + [gap], loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    hom_ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)

    # caption: the findings of this window, from the plotted series
    parts = []
    aid_peak = _peak(t.aid, "fiscal_year", "value")
    if aid_peak:
        parts.append(f"security assistance peaked in FY{aid_peak[0]} ({fmt(aid_peak[1], 'usd')}, {t.aid_unit})")
    ext_peak = _peak(full.assign(persons=full["persons"].astype(float)), "year", "persons")
    if ext_peak:
        parts.append(f"extraditions in {ext_peak[0]} ({fmt(ext_peak[1])} persons)")
    inegi = violence.primary_series(t.homicides, "inegi")
    if inegi:
        hom_peak = _peak(t.homicides[t.homicides["series"] == inegi], "year", "value")
        parts.append(f"INEGI homicides in {hom_peak[0]} ({fmt(hom_peak[1])})")
    caption = ("Within the window, " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] + "."
               if parts else "No series has data in the window.")
    caption = caption[0].upper() + caption[1:]
    aid_gaps = t.aid.loc[t.aid["value"].isna(), "fiscal_year"]
    ext_gaps = t.extraditions.loc[t.extraditions["persons"].isna(), "year"]
    if len(aid_gaps) or len(ext_gaps):
        caption += (" Hatched years have no figure: aid obligated " + (f"FY{periods.format_year_ranges(aid_gaps)}"
                    if len(aid_gaps) else "none") + "; extraditions " + (periods.format_year_ranges(ext_gaps)
                    if len(ext_gaps) else "none") + ".")
    n_coop = int((t.events["kind"] == "cooperative").sum())
    n_conf = int((t.events["kind"] == "conflictual").sum())
    caption += (f" The chronology records {n_coop} major cooperative and {n_conf} major conflictual events in the window"
                f" (collected from {EVENTS_COVERAGE[0][:4]} on).")
    alt = (f"Four stacked panels sharing a time axis from {t.start_year} to {t.end_year}. Top: bars for the terms of "
           f"the presidents of Mexico and of the United States, and triangles for major bilateral events (up: "
           f"cooperative, down: conflictual). Second: bars of U.S. security assistance obligated per fiscal year in "
           f"{t.aid_unit}. Third: bars of extraditions from Mexico to the United States per calendar year, hatched where "
           f"no figure exists. Bottom: lines of annual homicides in Mexico, one per official series "
           f"({', '.join(dict.fromkeys(t.homicides['series']))}).")
    if t.include_feminicide and (t.homicides["system"] == "sesnsp").any():
        caption += " SESNSP figures include feminicide."
    return Chart(fig, timeline_data(t), caption, alt, timeline_source_ids(t, events=not CITE_EVENTS_IN_CSV))


def index_frame(ci_figures: dict[str, dict]) -> pd.DataFrame:
    """The index by scored year from the cooperation index's key figures: median, p05, p25, p75,
    p95 of the Monte Carlo draws and the deterministic reference index."""
    frame = pd.DataFrame({"year": ci_figures["years"]["value"]})
    for name in ("median", "p05", "p25", "p75", "p95", "reference"):
        frame[name] = ci_figures[name]["value"]
    return frame


def index_chart(ci_figures: dict[str, dict], start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
                source_ids: Iterable[str] = (), terms: pd.DataFrame | None = None) -> Chart:
    """The cooperation index with its 50% and 90% bands on the timeline's x axis, drawn from the
    cooperation index's key figures (default edition). Years of the index's window without a
    score are hatched; bands break there."""
    frame = index_frame(ci_figures)
    window = [int(y) for y in range(ci.DEFAULT_START_YEAR, ci.DEFAULT_END_YEAR + 1)]
    unscored = [y for y in window if y not in set(frame["year"]) and start_year <= y <= end_year]
    fig, ax = charts.new_figure(height=3.1)
    if terms is not None:
        _shade_terms(ax, terms, start_year, end_year)
    for run in periods.year_runs(frame["year"]):
        part = frame[frame["year"].isin(run)]
        ax.fill_between(part["year"], part["p05"], part["p95"], color=INDEX_COLOUR, alpha=0.15, lw=0, zorder=1)
        ax.fill_between(part["year"], part["p25"], part["p75"], color=INDEX_COLOUR, alpha=0.35, lw=0, zorder=1)
        ax.plot(part["year"], part["median"], color=INDEX_COLOUR, lw=1.8, marker="o", ms=3, zorder=3)
        ax.plot(part["year"], part["reference"], color=charts.INK, lw=1.0, ls="--", marker="D", ms=2.5,
                mfc="white", zorder=3)
    _hatch(ax, unscored)
    ax.set_xlim(start_year - 0.5, end_year + 0.5)
    ax.set_ylim(0, 100)
    ax.set_ylabel("index (1–100)", fontsize=8)
    ax.grid(axis="x", visible=False)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(5))
    ax.xaxis.set_minor_locator(matplotlib.ticker.MultipleLocator(1))
    ax.set_title(f"Cooperation index, default edition ({ci.DEFAULT_START_YEAR}–{ci.DEFAULT_END_YEAR})", pad=6)
    handles = [
        matplotlib.lines.Line2D([], [], color=INDEX_COLOUR, lw=1.8, marker="o", ms=3, label="median of draws"),
        matplotlib.patches.Patch(color=INDEX_COLOUR, alpha=0.5, label="50% band"),
        matplotlib.patches.Patch(color=INDEX_COLOUR, alpha=0.2, label="90% band"),
        matplotlib.lines.Line2D([], [], color=charts.INK, lw=1.0, ls="--", marker="D", ms=2.5, mfc="white",
                                label="deterministic index"),
        matplotlib.patches.Patch(facecolor="none", edgecolor=GAP_COLOUR, hatch="////", label="no score"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    top, low = ci_figures["top_year"]["value"], ci_figures["low_year"]["value"]
    med = dict(zip(frame["year"], frame["median"]))
    rises, falls = ci_figures["robust_rises"]["value"], ci_figures["robust_falls"]["value"]
    caption = (f"The index's median is highest in {top} ({med[top]:.1f}) and lowest in {low} ({med[low]:.1f}) of "
               f"{len(frame)} scored years; robust rises: {periods.format_year_ranges(rises) or 'none'}; robust falls: "
               f"{periods.format_year_ranges(falls) or 'none'}.")
    if unscored:
        caption += f" No score in {periods.format_year_ranges(unscored)} (a pillar has no data)."
    alt = (f"Line chart of the cooperation index (1 to 100) for the scored years {ci_figures['years']['period']}, "
           f"with the median of the Monte Carlo draws, shaded 50% and 90% bands, the deterministic index dashed, "
           f"and hatched years without a score, on the x axis from {start_year} to {end_year}.")
    out = frame.copy()
    return Chart(fig, out, caption, alt, sorted(set(source_ids)))


# --------------------------------------------------------------------------- claims ledger

def ledger_counts(table: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict (every verdict present, zero when none) in a ``claims.ledger_table``."""
    return {verdict: int((table["verdict"] == verdict).sum()) for verdict in claims.VERDICTS}


def _counts_text(counts: dict[str, int]) -> str:
    return "; ".join(f"{verdict}: {n}" for verdict, n in counts.items() if n)


def ledger_html(table: pd.DataFrame, caption: str, source_line: str = "") -> str:
    """The ledger as one HTML table: a heading row per paper (with its verdict counts), then per
    claim a row with the quote and its place in the paper, the claimed figure, the figure in
    data/ and a verdict badge, and under it the explanation. Rows of a claim stay together on a
    printed page; the table itself may break between claims. Every text is escaped."""
    esc = html.escape
    # a fixed table layout with set column widths: WeasyPrint lays out the automatic one ten times slower
    head = ('<colgroup><col style="width:43%"><col style="width:17%"><col style="width:15%"><col style="width:25%">'
            '</colgroup><thead><tr><th class="text">Claim</th><th class="text">Claimed</th>'
            '<th class="text">In data/</th><th class="text">Verdict</th></tr></thead>')
    bodies = []
    for label, group in table.groupby("paper", sort=False):
        counts = _counts_text(ledger_counts(group))
        bodies.append(f'<tbody style="break-inside:avoid;page-break-inside:avoid"><tr><th class="text" colspan="4" '
                      f'style="background:#f3f5f7;padding-top:0.5rem">{esc(label)}'
                      f'<br><span class="source-line" style="font-weight:400">{len(group)} claims: {esc(counts)}'
                      f"</span></th></tr></tbody>")
        for row in group.itertuples(index=False):
            bodies.append(
                '<tbody style="break-inside:avoid;page-break-inside:avoid">'
                f'<tr><td class="text" style="border-bottom:0">{esc(row.claim)} '
                f'<span class="source-line">({esc(row.locator)})</span></td>'
                f'<td class="text" style="border-bottom:0;overflow-wrap:anywhere">{esc(row.claimed)}</td>'
                f'<td class="text" style="border-bottom:0;overflow-wrap:anywhere">{esc(row.data) or "—"}</td>'
                f'<td class="text" style="border-bottom:0"><span class="{esc(row.badge_class)}" style="white-space:normal">'
                f'{esc(row.verdict)}</span>'
                "</td></tr>"
                f'<tr><td class="text source-line" colspan="4" style="overflow-wrap:anywhere;padding-top:0">'
                f"{esc(row.explanation)}</td></tr></tbody>")
    source = f'<p class="source-line">{esc(source_line)}</p>' if source_line else ""
    return (f'<div class="ledger"><table class="report-table" style="width:100%;table-layout:fixed;font-size:0.82rem;'
            f'break-inside:auto;page-break-inside:auto"><caption>{esc(caption)}</caption>{head}{"".join(bodies)}'
            f"</table>{source}</div>")


def ledger_source_ids(table: pd.DataFrame) -> list[str]:
    """The papers and every source a verdict rests on."""
    return sorted(set(table["source_id"]) | _ids(table["matched_source_ids"]))


# --------------------------------------------------------------------------- the edition

@dataclass
class Overview:
    """Everything the overview notebook shows, computed once."""

    paper: str
    start_year: int
    end_year: int
    edition: str
    topic_figures: dict[str, dict[str, dict]]
    claims_results: pd.DataFrame
    claims_figures: dict[str, dict]
    figures: dict[str, dict]
    timeline: Timeline
    index: Any  # cooperation_index.CooperationIndex of the default edition
    ledger: pd.DataFrame
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return link_prefix(self.edition)


def build(paper: str = ALL_PAPERS, start_year: int = DEFAULT_START_YEAR, end_year: int = DEFAULT_END_YEAR,
          edition: str | None = None) -> Overview:
    """Compute the overview: the topics' and the claims' key figures with their defaults, the
    timeline for ``start_year``..``end_year``, and the ledger of ``paper`` (a file name or source
    id of ``data/claims.csv``, or ``all``). ``edition`` (default: ``mxsec.report.edition()``)
    decides the relative links."""
    if edition is None:
        from mxsec.report import edition as current

        edition = current()
    index = ci.build()
    topic_figures = topic_key_figures(ci_result=index)
    results = claims.evaluate()
    claims_figures = claims.key_figures(results=results)
    ledger = claims.ledger_table(None if paper == ALL_PAPERS else paper, results=results)
    return Overview(
        paper=paper, start_year=int(start_year), end_year=int(end_year), edition=edition, topic_figures=topic_figures,
        claims_results=results, claims_figures=claims_figures,
        figures=combine_key_figures(topic_figures, claims_figures), timeline=timeline(start_year, end_year),
        index=index, ledger=ledger, titles=topic_titles())


def show_timeline(o: Overview) -> Chart:
    return timeline_chart(o.timeline)


def index_sources(o: Overview) -> tuple[list[str], list[str]]:
    """The sources of the index's scored years (its key figures' ``source_ids``), split into the
    dated events of the political-climate pillar and the rest (extraditions, assistance, CPI)."""
    from mxsec.data import load

    ids = o.topic_figures["cooperation_index"]["median"]["source_ids"]
    event_ids = set(load("events")["source_id"])
    return sorted(i for i in ids if i not in event_ids), sorted(i for i in ids if i in event_ids)


def show_index(o: Overview) -> Chart:
    """The index chart. Like the cooperation index report, it cites the non-event sources beside
    the chart; the event sources (dozens) are listed once, in that report."""
    other, _ = index_sources(o)
    return index_chart(o.topic_figures["cooperation_index"], o.start_year, o.end_year, source_ids=other,
                       terms=o.timeline.terms)


def show_ledger(o: Overview) -> str:
    """The ledger of the edition's paper selection as HTML (see ``ledger_html``)."""
    from mxsec.data import source_line

    papers = o.ledger["paper"].unique()
    what = "every paper" if o.paper == ALL_PAPERS else papers[0] if len(papers) else o.paper
    caption = f"Claims ledger: {len(o.ledger)} numerical claims from {what}, checked against data/"
    return ledger_html(o.ledger, caption, source_line(ledger_source_ids(o.ledger)))


# --------------------------------------------------------------------------- prose

def _kf(o: Overview, topic: str, name: str) -> dict | None:
    return o.topic_figures.get(topic, {}).get(name)


def _value(entry: dict | None) -> Any:
    return None if entry is None else entry["value"]


def _link(o: Overview, topic: str, text: str | None = None) -> str:
    return f"[{text or o.titles.get(topic, topic)}]({o.prefix}{topic}.html)"


def findings_md(o: Overview) -> str:
    """One bullet per report: its headline figures (from its key figures) and a link to it."""
    bullets = []
    merida, peak, latest = _kf(o, "funding", "merida_cumulative_usd"), _kf(o, "funding", "peak_usd"), _kf(o, "funding", "latest_usd")
    parts = []
    if _value(merida) is not None:
        parts.append(f"the latest published cumulative Mérida total is {fmt(merida['value'], 'usd')} enacted for "
                     f"{merida['period']}")
    if _value(peak) is not None:
        dollars = funding.dollars_label(funding.DEFAULT_DOLLARS, funding.DEFAULT_BASE_YEAR)
        parts.append(f"security assistance obligated peaked in {peak['period']} at {fmt(peak['value'], 'usd')} "
                     f"({dollars})")
        if _value(latest) is not None:
            parts.append(f"the latest fiscal year with data is {latest['period']} ({fmt(latest['value'], 'usd')})")
    if parts:
        bullets.append(f"**{_link(o, 'funding', 'Funding')}**: " + "; ".join(parts) + ".")

    last, top = _kf(o, "extraditions", "latest_persons"), _kf(o, "extraditions", "peak_persons")
    gaps = _kf(o, "extraditions", "years_without_full_year_figure")
    parts = []
    if _value(last) is not None:
        scope = " (Mexican nationals only)" if "nationals only" in last["note"] else ""
        parts.append(f"Mexico extradited {fmt(last['value'])} persons to the United States in {last['period']}{scope}, "
                     f"the latest year with a full-year figure")
    if _value(top) is not None:
        parts.append(f"the most in a year with a figure was {fmt(top['value'])} in {top['period']}")
    if gaps is not None and gaps["value"]:
        parts.append(f"{len(gaps['value'])} years of {gaps['period']} have no full-year figure")
    if parts:
        bullets.append(f"**{_link(o, 'extraditions', 'Extraditions')}**: " + "; ".join(parts) + ".")

    hom, rate, hom_peak = (_kf(o, "violence", k) for k in ("latest_homicides", "latest_rate_per_100k", "peak_homicides"))
    sesnsp = _kf(o, "violence", "sesnsp_latest_homicides")
    parts = []
    if _value(hom) is not None:
        parts.append(f"INEGI's death records count {fmt(hom['value'])} homicides in {hom['period']}"
                     + (f" ({fmt(rate['value'], 'rate')} per 100,000)" if _value(rate) is not None else ""))
    if _value(hom_peak) is not None:
        parts.append(f"the peak was {fmt(hom_peak['value'])} in {hom_peak['period']}")
    if _value(sesnsp) is not None:
        parts.append(f"prosecutors' reports (SESNSP) count {fmt(sesnsp['value'])} victims in {sesnsp['period']}")
    if parts:
        bullets.append(f"**{_link(o, 'violence', 'Homicides')}**: " + "; ".join(parts) + ".")

    top_y, low_y = _kf(o, "cooperation_index", "top_year"), _kf(o, "cooperation_index", "low_year")
    n_years, n_robust = _kf(o, "cooperation_index", "n_scored_years"), _kf(o, "cooperation_index", "n_robust_changes")
    if top_y is not None:
        text = (f"of {n_years['value']} scored years ({n_years['period']}), the median is highest in {top_y['value']} "
                f"and lowest in {low_y['value']}; {n_robust['value']} year-to-year changes are robust to the analyst's "
                "choices")
        bullets.append(f"**{_link(o, 'cooperation_index', 'Cooperation index')}**: {text}.")

    counts = {v: o.claims_figures[k]["value"] for v, k in claims.VERDICT_KEYS.items()}
    total = o.claims_figures["claims_total"]["value"]
    bullets.append(f"**[Claims ledger](#Claims-ledger)**: of {total} numerical claims in "
                   f"{len(o.claims_figures['claims_by_paper']['value'])} papers, {counts[claims.CONSISTENT]} are consistent "
                   f"with the preferred figure in data/, {counts[claims.NON_PREFERRED]} only with another source, "
                   f"{counts[claims.DIFFERS]} differ and {counts[claims.NOT_CHECKABLE]} cannot be checked with data/.")
    return "\n".join(f"- {b}" for b in bullets)


def timeline_md(o: Overview) -> str:
    """How to read the timeline, and where the events' sources are."""
    n_events, n_sources = len(o.timeline.events), o.timeline.events["source_id"].nunique()
    events = (f" Each of the {n_events} events has its own source ({n_sources} sources): they are listed, one row per "
              "event with its date, title and source id, in the data behind the chart (CSV)."
              if CITE_EVENTS_IN_CSV and n_events else "")
    return ("Aid is drawn by U.S. fiscal year (October to September) and everything else by calendar year, both "
            "centred on the year; a president's term starts where the bar starts (Mexican terms on 1 December until "
            "2018, 1 October from 2024; U.S. terms on 20 January). The shading behind the lower panels follows the "
            f"Mexican terms. Aid and homicides are the series of the {_link(o, 'funding', 'funding')} and "
            f"{_link(o, 'violence', 'homicide')} reports, extraditions those of the "
            f"{_link(o, 'extraditions', 'extraditions')} report; the events are those the "
            f"{_link(o, 'cooperation_index', 'cooperation index')} report marks as major." + events)


def index_md(o: Overview) -> str:
    """What the index chart shows and where its event sources are listed."""
    figures = o.topic_figures["cooperation_index"]
    _, events = index_sources(o)
    text = (f"The index combines the judicial, resources and political-climate pillars; the bands show the spread of "
            f"{fmt(figures['draws']['value'])} Monte Carlo draws over the analyst's choices (weights, normalisation, "
            f"aggregation, treatment of skew, extradition source, leaving one indicator out). The choice that moves "
            f"the years' ranks most is: {str(figures['top_choice']['value']).lower()}.")
    if events:
        text += (f" The political-climate pillar counts dated events from data/events.csv, {len(events)} sources for "
                 f"the scored years, listed in {_link(o, 'cooperation_index', 'the cooperation index report')}.")
    return text


def ledger_md(o: Overview) -> str:
    """The verdict counts of the ledger shown (one paper or all)."""
    counts = ledger_counts(o.ledger)
    if o.paper == ALL_PAPERS:
        head = f"The ledger holds {len(o.ledger)} claims from {o.ledger['paper'].nunique()} papers"
    else:
        head = (f"This edition shows the {len(o.ledger)} claims of one paper (the key figures above count all "
                f"{o.claims_figures['claims_total']['value']} claims)")
    return head + ": " + _counts_text(counts) + "."


def reports_md(o: Overview) -> str:
    """Links to every topic report (HTML and PDF), the landing page and the data download."""
    lines = [f"- {_link(o, t)} ([PDF]({o.prefix}{t}.pdf))" for t in TOPICS]
    lines.append(f"- [All reports, with how to cite and rerun them]({o.prefix}index.html)")
    lines.append(f"- [Download all curated data]({o.prefix}mxsec-data.zip) (CSV tables, `datapackage.json`, "
                 "`sources.csv`)")
    return "\n".join(lines)


def data_gaps(o: Overview) -> list[str]:
    """The gaps the overview's figures and timeline have, stated from the data."""
    t = o.timeline
    out = []
    aid_gaps = t.aid.loc[t.aid["value"].isna(), "fiscal_year"]
    if len(aid_gaps):
        out.append(f"U.S. security assistance obligated: no figure for FY{periods.format_year_ranges(aid_gaps)} "
                   "in the funding report's source selection.")
    ext_gaps = t.extraditions.loc[t.extraditions["persons"].isna(), "year"]
    if len(ext_gaps):
        out.append(f"Extraditions Mexico → U.S.: no full-year figure for {periods.format_year_ranges(ext_gaps)}.")
    scoped = t.extraditions[t.extraditions["scope"] == "nationals_only"]
    if len(scoped):
        out.append(f"Extraditions in {periods.format_year_ranges(scoped['year'])} count Mexican nationals only, not all "
                   "persons.")
    for key, entry in o.topic_figures.get("violence", {}).items():
        if key.startswith("partial_year_"):
            out.append(f"Homicides, {entry['period']}: {entry['note']}; not drawn on the timeline.")
    scored = set(o.topic_figures["cooperation_index"]["years"]["value"])
    unscored = [y for y in range(ci.DEFAULT_START_YEAR, ci.DEFAULT_END_YEAR + 1) if y not in scored]
    if unscored:
        out.append(f"Cooperation index: no score for {periods.format_year_ranges(unscored)}, because a pillar has no "
                   "data in those years.")
    if t.start_year < int(EVENTS_COVERAGE[0][:4]):
        out.append(f"Events: the chronology was collected from {EVENTS_COVERAGE[0]} to {EVENTS_COVERAGE[1]}; the "
                   "timeline shows no events before it (hatched), which does not mean none happened.")
    n = o.claims_figures["claims_not_checkable"]["value"]
    if n:
        out.append(f"Claims ledger: {n} of {o.claims_figures['claims_total']['value']} claims cannot be checked with "
                   "data/ (the ledger says what is missing for each).")
    return out


def data_gaps_md(o: Overview) -> str:
    return "\n".join(f"- {gap}" for gap in data_gaps(o)) or "No gaps in the figures shown."
